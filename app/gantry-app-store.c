/* gantry-app-store.c — opens the store for the window and the command line alike */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-app"

#include "config.h"

#include <gio/gio.h>

#include "gantry-cli.h"
#include "gantry-history.h"
#include "gantry-toolchain.h"
#include "gantry-paths.h"
#include "gantry-sample.h"

/* On first start (the store was just made) the built-in sample, which
 * is compiled into the executable as resources, is copied into the
 * data folder and registered, so a new user has something to release
 * at once. Failing to do so is worth a warning, never a failed start. */
GantryStore *
gantry_app_open_store (GError **error)
{
  /* The integrity check waits for the first write: commands that only
   * read skip it, a build runs it while its compilers work, and a
   * damaged store is never written. */
  g_autoptr(GantryStore) store = gantry_store_open_default (GANTRY_STORE_OPEN_CHECK_BEFORE_WRITING, error);

  if (store == NULL)
    return NULL;

  {
    g_autoptr(GError) local_error = NULL;
    guint closed = gantry_history_close_interrupted (store, &local_error);

    if (local_error != NULL)
      g_warning ("%s", local_error->message);
    else if (closed > 0)
      g_debug ("closed %u run(s) a stopped Gantry left running", closed);
  }

  /* an install a stopped Gantry left halfway is cleared on start */
  {
    g_autoptr(GError) local_error = NULL;

    if (!gantry_toolchain_cleanup (store, &local_error))
      g_warning ("%s", local_error->message);
  }

  if (gantry_store_was_created (store))
    {
      g_autoptr(GFile) source = g_file_new_for_uri ("resource://" GANTRY_RESOURCE_BASE "/examples/hello-cgo");
      g_autofree char *data_dir = gantry_paths_get_data_dir ();
      g_autoptr(GantryProject) sample = NULL;
      g_autoptr(GError) local_error = NULL;

      sample = gantry_sample_install (store, source, data_dir, &local_error);
      if (sample == NULL)
        g_warning ("Could not add the sample project: %s", local_error->message);
    }

  return g_steal_pointer (&store);
}

/* DIR (a folder with go.mod), NAME (a project in the store) or nothing
 * (the current folder). A folder not yet in the store is added when
 * @add_new, else G_IO_ERROR_NOT_FOUND. */
GantryProject *
gantry_app_find_project (GantryStore  *store,
                         const char   *arg,
                         gboolean      add_new,
                         GError      **error)
{
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GantryProject) loaded = NULL;

  if (arg != NULL && !g_file_test (arg, G_FILE_TEST_IS_DIR))
    return gantry_store_find_project (store, arg, error);

  path = g_canonicalize_filename (arg ? arg : cwd, NULL);
  projects = gantry_store_list_projects (store, error);
  if (projects == NULL)
    return NULL;
  for (guint i = 0; i < projects->len; i++)
    {
      GantryProject *p = g_ptr_array_index (projects, i);

      if (g_strcmp0 (gantry_project_get_path (p), path) == 0)
        return g_object_ref (p);
    }

  if (!add_new)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "%s is not a project: 'gantry project add %s' adds it.", path, path);
      return NULL;
    }
  loaded = gantry_project_load (path, error);
  if (loaded == NULL)
    return NULL;

  /* Another project may have this folder's name: number this one. */
  for (guint n = 2; ; n++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *name = NULL;

      if (gantry_store_add_project (store, loaded, &local_error))
        break;
      if (!g_error_matches (local_error, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_DUPLICATE) || n > 99)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      name = g_strdup_printf ("%s-%u", base, n);
      gantry_project_set_name (loaded, name);
    }
  /* stderr: stdout may be JSON */
  g_printerr ("Added project %s from %s\n", gantry_project_get_name (loaded), path);
  return g_steal_pointer (&loaded);
}

/* gantry-sample.c — the built-in sample project, copied out for first start */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-sample"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "gantry-paths.h"
#include "gantry-sample.h"

/* Copies a folder tree; @source may be any GFile, including a
 * resource:// folder compiled into the executable. */
gboolean
gantry_copy_tree (GFile         *source,
                  GFile         *dest,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GFileEnumerator) children = NULL;

  g_return_val_if_fail (G_IS_FILE (source), FALSE);
  g_return_val_if_fail (G_IS_FILE (dest), FALSE);

  if (!g_file_make_directory_with_parents (dest, cancellable, error))
    return FALSE;

  children = g_file_enumerate_children (source,
                                        G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                        cancellable, error);
  if (children == NULL)
    return FALSE;

  for (;;)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;
      g_autoptr(GFile) target = NULL;

      if (!g_file_enumerator_iterate (children, &info, &child, cancellable, error))
        return FALSE;
      if (info == NULL)
        break;

      target = g_file_get_child (dest, g_file_info_get_name (info));

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          if (!gantry_copy_tree (child, target, cancellable, error))
            return FALSE;
        }
      else if (!g_file_copy (child, target, G_FILE_COPY_NONE, cancellable, NULL, NULL, error))
        return FALSE;
    }

  return TRUE;
}

/* Copies the sample into the data folder (the user's checkout, or the
 * installed resources, are never written) and adds it to the store.
 * The copy goes to a staging folder first so an interrupted first
 * start never leaves half a sample behind. */
GantryProject *
gantry_sample_install (GantryStore  *store,
                       GFile        *source,
                       const char   *data_dir,
                       GError      **error)
{
  g_autofree char *examples = g_build_filename (data_dir, "examples", NULL);
  g_autofree char *final_path = g_build_filename (examples, GANTRY_SAMPLE_NAME, NULL);
  g_autofree char *staging_path = NULL;
  g_autoptr(GFile) staging = NULL;
  g_autoptr(GantryProject) project = NULL;

  g_return_val_if_fail (GANTRY_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_FILE (source), NULL);
  g_return_val_if_fail (data_dir != NULL, NULL);

  if (!g_file_test (final_path, G_FILE_TEST_IS_DIR))
    {
      if (!gantry_paths_ensure_dir (examples, error))
        return NULL;
      staging_path = g_strdup_printf ("%s.staging-%u", final_path, g_random_int ());
      staging = g_file_new_for_path (staging_path);
      if (!gantry_copy_tree (source, staging, NULL, error))
        return NULL;
      if (g_rename (staging_path, final_path) != 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "Could not put the sample project in place at %s (%s).",
                       final_path, g_strerror (saved));
          return NULL;
        }
    }

  project = gantry_project_load (final_path, error);
  if (project == NULL)
    return NULL;

  if (!gantry_store_add_project (store, project, error))
    return NULL;

  return g_steal_pointer (&project);
}

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

/* gantry-paths.c — where Gantry keeps its data on this machine */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-paths"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "gantry-paths.h"

#ifdef G_OS_UNIX
#include <signal.h>
#include <sys/types.h>
#include <unistd.h>
#endif
#ifdef G_OS_WIN32
#include <windows.h>
#endif

/* $GANTRY_DATA_DIR wins so tests and portable installs can point
 * Gantry at a folder of their own; otherwise the per-user data folder
 * (~/.local/share/gantry, %LOCALAPPDATA%\gantry). */
char *
gantry_paths_get_data_dir (void)
{
  const char *env = g_getenv ("GANTRY_DATA_DIR");

  if (env != NULL && env[0] != '\0')
    return g_canonicalize_filename (env, NULL);

  return g_build_filename (g_get_user_data_dir (), "gantry", NULL);
}

char *
gantry_paths_get_store_path (void)
{
  g_autofree char *dir = gantry_paths_get_data_dir ();

  return g_build_filename (dir, "gantry.db", NULL);
}

gboolean
gantry_paths_ensure_dir (const char  *path,
                         GError     **error)
{
  g_return_val_if_fail (path != NULL, FALSE);

  if (g_mkdir_with_parents (path, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not create the folder %s (%s): check that its parent exists and is writable.",
                   path, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}

gulong
gantry_process_get_id (void)
{
#ifdef G_OS_WIN32
  return (gulong) GetCurrentProcessId ();
#else
  return (gulong) getpid ();
#endif
}

gboolean
gantry_process_is_alive (gulong pid)
{
#ifdef G_OS_WIN32
  HANDLE h = OpenProcess (PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD) pid);
  DWORD code = 0;
  gboolean alive;

  if (h == NULL)
    return FALSE;
  alive = GetExitCodeProcess (h, &code) && code == STILL_ACTIVE;
  CloseHandle (h);
  return alive;
#else
  return pid > 0 && (kill ((pid_t) pid, 0) == 0 || errno == EPERM);
#endif
}

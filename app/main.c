/* main.c — gantry: the command line; with no arguments, the window (gantry-gui) */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry"

#include "config.h"

#include <locale.h>
#include <gio/gio.h>

#ifdef G_OS_UNIX
#include <errno.h>
#include <unistd.h>
#endif
#ifdef G_OS_WIN32
#include <windows.h>
#endif

#include "gantry-cli.h"

/* The command line does not link GTK: loading its hundred libraries took
 * half of a `gantry inspect` or of a short `gantry build`'s own time. The
 * window is the gantry-gui executable beside this one. */
#ifdef G_OS_WIN32
#define GUI_NAME "gantry-gui.exe"
#else
#define GUI_NAME "gantry-gui"
#endif

static char *
find_gui (void)
{
  g_autofree char *self = NULL;

#if defined (G_OS_WIN32)
  {
    wchar_t buffer[MAX_PATH * 2];
    DWORD n = GetModuleFileNameW (NULL, buffer, G_N_ELEMENTS (buffer));

    if (n > 0 && n < G_N_ELEMENTS (buffer))
      self = g_utf16_to_utf8 ((const gunichar2 *) buffer, n, NULL, NULL, NULL);
  }
#elif defined (__linux__)
  self = g_file_read_link ("/proc/self/exe", NULL);
#endif

  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      char *path = g_build_filename (dir, GUI_NAME, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        return path;
      g_free (path);
    }
  return g_find_program_in_path (GUI_NAME);
}

static int
run_gui (char **argv)
{
  g_autofree char *gui = find_gui ();

  if (gui == NULL)
    {
      g_printerr ("gantry: the window program %s is not installed beside gantry nor on PATH: "
                  "reinstall Gantry, or use the command line (gantry help)\n", GUI_NAME);
      return 1;
    }

#ifdef G_OS_UNIX
  /* the window takes this process's place: same pid, same terminal */
  argv[0] = gui;
  execv (gui, argv);
  g_printerr ("gantry: cannot start %s: %s\n", gui, g_strerror (errno));
  return 1;
#else
  {
    g_autoptr(GSubprocess) proc = NULL;
    g_autoptr(GError) error = NULL;
    const char *gui_argv[] = { gui, NULL };

    proc = g_subprocess_newv (gui_argv, G_SUBPROCESS_FLAGS_NONE, &error);
    if (proc == NULL || !g_subprocess_wait (proc, NULL, &error))
      {
        g_printerr ("gantry: cannot start %s: %s\n", gui, error->message);
        return 1;
      }
    return g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : 1;
  }
#endif
}

int
main (int    argc,
      char **argv)
{
#ifdef G_OS_WIN32
  /* argv comes in the ANSI code page, where a folder named "Müller"
   * arrives as "M?ller": take the wide command line, as UTF-8 */
  g_auto(GStrv) wargv = g_win32_get_command_line ();

  argv = wargv;
  argc = (int) g_strv_length (wargv);
#endif
  setlocale (LC_ALL, "");
  g_set_prgname ("gantry");
  g_set_application_name ("Gantry");

  if (argc > 1)
    return gantry_cli_run (argc, argv);
  return run_gui (argv);
}

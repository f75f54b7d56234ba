/* runner-child.c — a program for the runner tests: prints, fails, waits, starts grandchildren */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <glib.h>
#include <glib/gstdio.h>
#ifdef G_OS_UNIX
# include <fcntl.h>
# include <unistd.h>
#endif
#ifdef G_OS_WIN32
# include <windows.h>
#endif

static gboolean
wait_for_file (const char *path)
{
  for (guint i = 0; i < 1000; i++)
    {
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return TRUE;
      g_usleep (10000);
    }
  return FALSE;
}

int
main (int    argc,
      char **argv)
{
  const char *mode = argc > 1 ? argv[1] : "";

  if (g_str_equal (mode, "lines") && argc == 4)
    {
      int n = atoi (argv[2]);

      for (int i = 1; i <= n; i++)
        {
          if (i % 2 == 0)
            fprintf (stderr, "error: line %d\n", i);
          else
            printf ("line %d\n", i);
          fflush (stdout);
          fflush (stderr);
        }
      return atoi (argv[3]);
    }

  if (g_str_equal (mode, "env") && argc >= 3)
    {
      for (int i = 2; i < argc; i++)
        printf ("%s=%s\n", argv[i], g_getenv (argv[i]) ? g_getenv (argv[i]) : "(unset)");
      return 0;
    }

  /* Two steps that each wait for the other to start: they only both
   * finish when the runner runs them at the same time. */
  if (g_str_equal (mode, "rendezvous") && argc == 4)
    {
      g_file_set_contents (argv[2], "", 0, NULL);
      printf ("waiting for %s\n", argv[3]);
      fflush (stdout);
      return wait_for_file (argv[3]) ? 0 : 3;
    }

  if (g_str_equal (mode, "sleep"))
    {
      g_usleep (60 * G_USEC_PER_SEC);
      return 0;
    }

  /* Starts a grandchild that sleeps, writes its pid, then sleeps too. */
  if (g_str_equal (mode, "tree") && argc == 3)
    {
      char *child_argv[] = { argv[0], (char *) "sleep", NULL };
      GPid pid;
      GError *error = NULL;
      char *text;

#ifdef G_OS_WIN32
      /* without it, GLib closes the process handle and hands back none */
      GSpawnFlags flags = G_SPAWN_DO_NOT_REAP_CHILD;
#else
      GSpawnFlags flags = G_SPAWN_DEFAULT;
#endif

      if (!g_spawn_async (NULL, child_argv, NULL, flags, NULL, NULL, &pid, &error))
        {
          fprintf (stderr, "spawn failed: %s\n", error->message);
          return 2;
        }
#ifdef G_OS_UNIX
      text = g_strdup_printf ("%d %d", (int) pid, (int) getpid ());
#else
      text = g_strdup_printf ("%lu %lu", (unsigned long) GetProcessId (pid),
                              (unsigned long) GetCurrentProcessId ());
#endif
      g_file_set_contents (argv[2], text, -1, NULL);
      printf ("started\n");
      fflush (stdout);
      g_usleep (60 * G_USEC_PER_SEC);
      return 0;
    }

  /* Creates FILE after half a second: a step others must wait for. */
  if (g_str_equal (mode, "late-file") && argc == 3)
    {
      g_usleep (G_USEC_PER_SEC / 2);
      g_file_set_contents (argv[2], "", 0, NULL);
      printf ("made %s\n", argv[2]);
      return 0;
    }

  /* Whether FILE exists when this starts. */
  if (g_str_equal (mode, "file-exists") && argc == 3)
    {
      printf ("exists: %s\n", g_file_test (argv[2], G_FILE_TEST_EXISTS) ? "yes" : "no");
      return 0;
    }

  /* Starts a grandchild that sleeps with this program's output, writes
   * its pid, and ends at once: the grandchild holds the output open. */
  if (g_str_equal (mode, "orphan") && argc == 3)
    {
      char *child_argv[] = { argv[0], (char *) "sleep", NULL };
      GPid pid;
      GError *error = NULL;
      char *text;

      if (!g_spawn_async (NULL, child_argv, NULL,
#ifdef G_OS_WIN32
                          G_SPAWN_DO_NOT_REAP_CHILD,
#else
                          G_SPAWN_DEFAULT,
#endif
                          NULL, NULL, &pid, &error))
        {
          fprintf (stderr, "spawn failed: %s\n", error->message);
          return 2;
        }
#ifdef G_OS_UNIX
      text = g_strdup_printf ("%d", (int) pid);
#else
      text = g_strdup_printf ("%lu", (unsigned long) GetProcessId (pid));
#endif
      g_file_set_contents (argv[2], text, -1, NULL);
      printf ("left a grandchild\n");
      fflush (stdout);
      return 0;
    }

  /* What the step was given: stdin (at its end at once, as /dev/null
   * is), the descriptors open beyond stdout and stderr, its folder. */
  if (g_str_equal (mode, "inherited"))
    {
      char *cwd = g_get_current_dir ();
#ifdef G_OS_UNIX
      char byte;
      GString *extra = g_string_new (NULL);

      printf ("stdin: %s\n", read (STDIN_FILENO, &byte, 1) == 0 ? "empty" : "open");
      for (int fd = 3; fd < 1024; fd++)
        if (fcntl (fd, F_GETFD) != -1)
          g_string_append_printf (extra, " %d", fd);
      printf ("extra descriptors:%s\n", extra->len ? extra->str : " none");
      g_string_free (extra, TRUE);
#else
      char byte;
      DWORD n = 0, flags;

      /* NUL reads as empty; a pipe left open would block, not end */
      printf ("stdin: %s\n",
              ReadFile (GetStdHandle (STD_INPUT_HANDLE), &byte, 1, &n, NULL) && n == 0 ? "empty" : "open");
      /* handles keep their values across inheritance: the test passes
       * one of its own that it left inheritable */
      for (int i = 2; i < argc; i++)
        printf ("handle %s: %s\n", argv[i],
                GetHandleInformation ((HANDLE) (guintptr) g_ascii_strtoull (argv[i], NULL, 10), &flags)
                  ? "inherited" : "not inherited");
#endif
      printf ("folder: %s\n", cwd);
      g_free (cwd);
      return 0;
    }

  fprintf (stderr, "usage: runner-child lines N CODE | env VAR... | rendezvous MINE THEIRS | tree PIDFILE | sleep | inherited [HANDLE...]\n");
  return 2;
}

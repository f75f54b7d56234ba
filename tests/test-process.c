/* test-process.c — gantry-process starts real programs: output, environment, folder, timeout, cancel */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#ifdef G_OS_UNIX
# include <unistd.h>
#endif
#ifdef G_OS_WIN32
# include <windows.h>
#endif

#include "gantry-process.h"
#include "gantry-test-util.h"

static char *tmpdir;

/* runner-child with the arguments, by an absolute path */
#define child_argv(...) child_argv_from_step (gantry_test_child_step ("child", NULL, tmpdir, __VA_ARGS__))

static char **
child_argv_from_step (GantryStep *step)
{
  char **argv = g_steal_pointer (&step->argv);

  gantry_step_free (step);
  return argv;
}

#define MERGED GANTRY_PROCESS_STDERR_MERGE

static void
test_captures_output (void)
{
  g_auto(GStrv) argv = child_argv ("lines", "3", "0", NULL);
  g_auto(GStrv) failing = child_argv ("lines", "1", "3", NULL);
  g_auto(GantryProcessResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (gantry_process_run ((const char * const *) argv, NULL, NULL, MERGED, 0, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_true (result.spawned);
  g_assert_true (result.exited);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_false (result.timed_out);
  g_assert_false (result.cancelled);
  g_assert_null (result.errors);
  g_assert_nonnull (strstr (result.output, "line 1"));
  g_assert_nonnull (strstr (result.output, "line 3"));
  /* stderr merged into the same text, on Windows too (GLib's spawn
   * helper would drop it there) */
  g_assert_nonnull (strstr (result.output, "error: line 2"));
  g_assert_cmpfloat (result.seconds, >, 0);

  /* a failure is an outcome, not an error */
  gantry_process_result_clear (&result);
  g_assert_true (gantry_process_run ((const char * const *) failing, NULL, NULL, MERGED, 0, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_true (result.exited);
  g_assert_cmpint (result.status, ==, 3);
}

static void
test_separate_stderr (void)
{
  g_auto(GStrv) argv = child_argv ("lines", "4", "0", NULL);
  g_auto(GantryProcessResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (gantry_process_run ((const char * const *) argv, NULL, NULL,
                                     GANTRY_PROCESS_STDERR_PIPE, 0, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (result.output, "line 3"));
  g_assert_null (strstr (result.output, "error:"));
  g_assert_nonnull (result.errors);
  g_assert_nonnull (strstr (result.errors, "error: line 4"));
  g_assert_null (strstr (result.errors, "line 3"));
}

static void
test_environment (void)
{
  g_auto(GStrv) argv = child_argv ("env", "GANTRY_P_SET", "GANTRY_P_CLEARED", "GANTRY_P_KEPT", NULL);
  const char *env[] = { "GANTRY_P_SET=a b=c", "GANTRY_P_CLEARED", NULL };
  g_auto(GantryProcessResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (gantry_process_run ((const char * const *) argv, env, NULL, MERGED, 0, NULL, &result, &error));
  g_assert_no_error (error);
  g_test_message ("%s", result.output);
  g_assert_nonnull (strstr (result.output, "GANTRY_P_SET=a b=c"));
  g_assert_nonnull (strstr (result.output, "GANTRY_P_CLEARED=(unset)"));
  g_assert_nonnull (strstr (result.output, "GANTRY_P_KEPT=kept"));
  /* this process's own environment is left as it was */
  g_assert_cmpstr (g_getenv ("GANTRY_P_CLEARED"), ==, "should stay");
}

static void
test_folder_and_stdin (void)
{
  g_auto(GStrv) argv = child_argv ("inherited", NULL);
  g_auto(GantryProcessResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_strdup_printf ("folder: %s\n", tmpdir);

  g_assert_true (gantry_process_run ((const char * const *) argv, NULL, tmpdir,
                                     MERGED, 0, NULL, &result, &error));
  g_assert_no_error (error);
  g_test_message ("%s", result.output);
  g_assert_nonnull (strstr (result.output, folder));
  /* stdin reads as empty at once, never Gantry's own */
  g_assert_nonnull (strstr (result.output, "stdin: empty\n"));
}

static void
test_timeout (void)
{
  g_auto(GStrv) argv = child_argv ("sleep", NULL);
  g_auto(GantryProcessResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_false (gantry_process_run ((const char * const *) argv, NULL, NULL, MERGED, 1, NULL, &result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_true (result.spawned);
  g_assert_true (result.timed_out);
  g_assert_false (result.cancelled);
  /* ended, not waited for: the child sleeps 60 s */
  g_assert_cmpfloat (result.seconds, >=, 0.9);
  g_assert_cmpfloat (result.seconds, <, 30);
  g_assert_false (result.exited && result.status == 0);
}

static gpointer
cancel_soon (gpointer data)
{
  g_usleep (300 * 1000);
  g_cancellable_cancel (G_CANCELLABLE (data));
  return NULL;
}

static void
test_cancel (void)
{
  g_auto(GStrv) argv = child_argv ("sleep", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) already = g_cancellable_new ();
  g_auto(GantryProcessResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  GThread *thread;

  thread = g_thread_new ("cancel", cancel_soon, cancellable);
  g_assert_false (gantry_process_run ((const char * const *) argv, NULL, NULL, MERGED, 0, cancellable, &result, &error));
  g_thread_join (thread);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (result.spawned);
  g_assert_true (result.cancelled);
  g_assert_false (result.timed_out);
  g_assert_cmpfloat (result.seconds, <, 30);
  g_assert_false (result.exited && result.status == 0);
  g_clear_error (&error);

  /* cancelled before it starts: it is ended at once */
  gantry_process_result_clear (&result);
  g_cancellable_cancel (already);
  g_assert_false (gantry_process_run ((const char * const *) argv, NULL, NULL, MERGED, 0, already, &result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (result.cancelled);
  g_assert_cmpfloat (result.seconds, <, 30);
}

static void
test_cannot_start (void)
{
  g_autofree char *missing = g_build_filename (tmpdir, "no-such-program", NULL);
  const char *argv[] = { missing, "--version", NULL };
  g_auto(GantryProcessResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_false (gantry_process_run (argv, NULL, NULL, MERGED, 5, NULL, &result, &error));
  g_assert_nonnull (error);
  g_assert_false (result.spawned);
  g_assert_false (result.exited);
  g_assert_cmpstr (result.output, ==, "");
}

/* Started together, gathered one after the other: the toolchain probe's way. */
static void
test_spawn_then_wait (void)
{
  g_auto(GStrv) a = child_argv ("lines", "1", "0", NULL);
  g_auto(GStrv) b = child_argv ("env", "GANTRY_P_SET", NULL);
  const char *env[] = { "GANTRY_P_SET=b", NULL };
  g_autoptr(GantryProcess) pa = NULL;
  g_autoptr(GantryProcess) pb = NULL;
  g_auto(GantryProcessResult) ra = { 0 };
  g_auto(GantryProcessResult) rb = { 0 };
  g_autoptr(GError) error = NULL;

  pa = gantry_process_start ((const char * const *) a, NULL, NULL, MERGED, &error);
  g_assert_no_error (error);
  pb = gantry_process_start ((const char * const *) b, env, NULL, MERGED, &error);
  g_assert_no_error (error);
  g_assert_true (gantry_process_wait (pb, 30, NULL, &rb, &error));
  g_assert_true (gantry_process_wait (pa, 30, NULL, &ra, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (ra.output, "line 1"));
  g_assert_nonnull (strstr (rb.output, "GANTRY_P_SET=b"));
}

/* It ended, leaving a grandchild that sleeps 60 s with its output:
 * the grandchild is ended with it, and the wait does not last. */
static void
test_leaves_nothing_behind (void)
{
  g_autofree char *pidfile = g_build_filename (tmpdir, "orphan.pid", NULL);
  g_auto(GStrv) argv = child_argv ("orphan", pidfile, NULL);
  g_auto(GantryProcessResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *pid = NULL;

  g_remove (pidfile);
  g_assert_true (gantry_process_run ((const char * const *) argv, NULL, NULL, MERGED, 0, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_true (result.exited);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.output, "left a grandchild"));
  /* a guard, not a speed target: the grandchild sleeps 60 s */
  g_assert_cmpfloat (result.seconds, <, 30);
  pid = gantry_test_read_file (pidfile, NULL);
  for (guint i = 0; i < 100 && gantry_test_process_is_alive (g_ascii_strtoull (pid, NULL, 10)); i++)
    g_usleep (10000);
  g_assert_false (gantry_test_process_is_alive (g_ascii_strtoull (pid, NULL, 10)));
}

/* A timeout ends the program and what it started. */
static void
test_timeout_ends_tree (void)
{
  g_autofree char *pidfile = g_build_filename (tmpdir, "tree.pid", NULL);
  g_auto(GStrv) argv = child_argv ("tree", pidfile, NULL);
  g_auto(GantryProcessResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *pids = NULL;
  guint64 grandchild = 0;

  g_remove (pidfile);
  g_assert_false (gantry_process_run ((const char * const *) argv, NULL, NULL, MERGED, 3, NULL, &result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_true (result.timed_out);
  g_assert_nonnull (strstr (result.output, "started"));
  g_assert_cmpfloat (result.seconds, <, 30);
  pids = gantry_test_read_file (pidfile, NULL);
  grandchild = g_ascii_strtoull (pids, NULL, 10);
  g_assert_cmpuint (grandchild, >, 0);
  for (guint i = 0; i < 100 && gantry_test_process_is_alive (grandchild); i++)
    g_usleep (10000);
  g_assert_false (gantry_test_process_is_alive (grandchild));
}

/* Nothing of Gantry's is inherited: not a descriptor opened without
 * close-on-exec, not a handle left inheritable. */
static void
test_inherits_nothing (void)
{
  g_auto(GantryProcessResult) result = { 0 };
  g_autoptr(GError) error = NULL;
#ifdef G_OS_UNIX
  g_auto(GStrv) argv = child_argv ("inherited", NULL);
  int leaky = dup (STDOUT_FILENO);   /* dup() leaves close-on-exec off */

  g_assert_cmpint (leaky, >, 2);
  g_assert_true (gantry_process_run ((const char * const *) argv, NULL, NULL, MERGED, 0, NULL, &result, &error));
  close (leaky);
  g_assert_no_error (error);
  g_test_message ("%s", result.output);
  g_assert_nonnull (strstr (result.output, "extra descriptors: none\n"));
#elif defined (G_OS_WIN32)
  SECURITY_ATTRIBUTES inherit = { sizeof inherit, NULL, TRUE };
  HANDLE leaky = CreateFileW (L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, &inherit,
                              OPEN_EXISTING, 0, NULL);
  g_autofree char *leaky_id = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) (guintptr) leaky);
  g_autofree char *leaky_line = g_strdup_printf ("handle %s: not inherited\n", leaky_id);
  g_auto(GStrv) argv = child_argv ("inherited", leaky_id, NULL);

  g_assert_true (leaky != INVALID_HANDLE_VALUE);
  g_assert_true (gantry_process_run ((const char * const *) argv, NULL, NULL, MERGED, 0, NULL, &result, &error));
  CloseHandle (leaky);
  g_assert_no_error (error);
  g_test_message ("%s", result.output);
  g_assert_nonnull (strstr (result.output, leaky_line));
#endif
}

/* A bare program name is looked up in the PATH the program gets. */
static void
test_path_of_the_program (void)
{
  g_auto(GStrv) full = child_argv ("lines", "1", "0", NULL);
  g_autofree char *dir = g_path_get_dirname (full[0]);
  /* first in the PATH; what follows still finds the DLLs it needs */
  g_autofree char *path = g_strconcat ("PATH=", dir, G_SEARCHPATH_SEPARATOR_S, g_getenv ("PATH"), NULL);
  const char *env[] = { path, NULL };
  const char *argv[] = { "runner-child", "lines", "1", "0", NULL };
  g_auto(GantryProcessResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (gantry_process_run (argv, env, NULL, MERGED, 30, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (result.output, "line 1"));
}

#ifdef G_OS_UNIX
/* The same cases through GLib's fork() path. */
static void
with_fork (gconstpointer data)
{
  gantry_process_set_forking (TRUE);
  ((GTestFunc) data) ();
  gantry_process_set_forking (FALSE);
}
#endif

int
main (int    argc,
      char **argv)
{
  int rc;

  /* set before any thread exists: setenv is not thread-safe */
  g_setenv ("GANTRY_P_CLEARED", "should stay", TRUE);
  g_setenv ("GANTRY_P_KEPT", "kept", TRUE);

  g_test_init (&argc, &argv, NULL);

  tmpdir = gantry_test_make_tmpdir ("process");

  g_test_add_func ("/core/process/captures-output", test_captures_output);
  g_test_add_func ("/core/process/separate-stderr", test_separate_stderr);
  g_test_add_func ("/core/process/environment-changes", test_environment);
  g_test_add_func ("/core/process/folder-and-stdin", test_folder_and_stdin);
  g_test_add_func ("/core/process/timeout-ends-it", test_timeout);
  g_test_add_func ("/core/process/cancel-ends-it", test_cancel);
  g_test_add_func ("/core/process/cannot-start", test_cannot_start);
  g_test_add_func ("/core/process/spawn-then-wait", test_spawn_then_wait);
  g_test_add_func ("/core/process/leaves-nothing-behind", test_leaves_nothing_behind);
  g_test_add_func ("/core/process/timeout-ends-tree", test_timeout_ends_tree);
  g_test_add_func ("/core/process/inherits-nothing", test_inherits_nothing);
  g_test_add_func ("/core/process/path-of-the-program", test_path_of_the_program);
#ifdef G_OS_UNIX
  {
    struct { const char *name; GTestFunc func; } forked[] = {
      { "captures-output", test_captures_output },
      { "separate-stderr", test_separate_stderr },
      { "environment-changes", test_environment },
      { "folder-and-stdin", test_folder_and_stdin },
      { "cannot-start", test_cannot_start },
      { "leaves-nothing-behind", test_leaves_nothing_behind },
      { "timeout-ends-tree", test_timeout_ends_tree },
      { "inherits-nothing", test_inherits_nothing },
    };

    for (guint i = 0; i < G_N_ELEMENTS (forked); i++)
      {
        g_autofree char *path = g_strdup_printf ("/core/process/fork/%s", forked[i].name);

        g_test_add_data_func (path, (gconstpointer) forked[i].func, with_fork);
      }
  }
#endif

  rc = g_test_run ();
  gantry_test_rm_rf (tmpdir);
  g_free (tmpdir);
  return rc;
}

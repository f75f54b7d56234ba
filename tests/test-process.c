/* test-process.c — gantry-process starts real programs: output, environment, folder, timeout, cancel */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

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

#define MERGED (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE)

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
#ifndef G_OS_WIN32
  /* stderr merged into the same text; GLib's Windows spawn helper
   * (2.74) drops it instead, which is why the runner starts steps
   * with CreateProcessW there */
  g_assert_nonnull (strstr (result.output, "error: line 2"));
#endif
  g_assert_cmpfloat (result.seconds, >, 0);

  /* a failure is an outcome, not an error */
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
                                     G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                     0, NULL, &result, &error));
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
                                     MERGED | G_SUBPROCESS_FLAGS_STDIN_PIPE, 0, NULL, &result, &error));
  g_assert_no_error (error);
  g_test_message ("%s", result.output);
  g_assert_nonnull (strstr (result.output, folder));
#ifdef G_OS_UNIX
  /* a piped stdin is closed at once: the program reads end of file */
  g_assert_nonnull (strstr (result.output, "stdin: empty\n"));
#endif
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
  g_autoptr(GSubprocess) pa = NULL;
  g_autoptr(GSubprocess) pb = NULL;
  g_auto(GantryProcessResult) ra = { 0 };
  g_auto(GantryProcessResult) rb = { 0 };
  g_autoptr(GError) error = NULL;

  pa = gantry_process_spawn ((const char * const *) a, NULL, NULL, MERGED, &error);
  g_assert_no_error (error);
  pb = gantry_process_spawn ((const char * const *) b, env, NULL, MERGED, &error);
  g_assert_no_error (error);
  g_assert_true (gantry_process_wait (pb, 30, NULL, &rb, &error));
  g_assert_true (gantry_process_wait (pa, 30, NULL, &ra, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (ra.output, "line 1"));
  g_assert_nonnull (strstr (rb.output, "GANTRY_P_SET=b"));
}

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

  rc = g_test_run ();
  gantry_test_rm_rf (tmpdir);
  g_free (tmpdir);
  return rc;
}

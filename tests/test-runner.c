/* test-runner.c — steps run with their environment, in parallel, and cancel ends every process */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#ifdef G_OS_UNIX
# include <unistd.h>
#endif
#ifdef G_OS_WIN32
# include <windows.h>
#endif

#include "gantry-paths.h"
#include "gantry-runner.h"
#include "gantry-test-util.h"

static char *tmpdir;

/* "step TARGET": runner-child with the arguments, in tmpdir */
#define make_step(target, ...) \
  gantry_test_child_step ("step " target, (target), tmpdir, __VA_ARGS__)

static void
test_states_and_lines (void)
{
  g_autoptr(GantryPlan) plan = gantry_plan_new_empty ("t");
  g_autoptr(GantryRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *errors = NULL;
  GListModel *log;
  guint errors_seen = 0, headers_seen = 0;

  gantry_plan_append_step (plan, make_step ("a", "lines", "5", "0", NULL));
  gantry_plan_append_step (plan, make_step ("b", "lines", "4", "3", NULL));
  gantry_plan_append_step (plan, gantry_test_skipped_step ("step c", "c", tmpdir, "no C compiler for c: install one"));
  {
    GantryStep *missing = make_step ("d", "lines", "1", "0", NULL);
    g_free (missing->argv[0]);
    missing->argv[0] = g_build_filename (tmpdir, "no-such-program", NULL);
    gantry_plan_append_step (plan, missing);
  }

  runner = gantry_runner_new (plan, 2);
  g_assert_true (gantry_runner_run (runner, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (gantry_runner_get_step_state (runner, 0), ==, GANTRY_STEP_OK);
  g_assert_cmpint (gantry_runner_get_exit_status (runner, 0), ==, 0);
  g_assert_cmpint (gantry_runner_get_step_state (runner, 1), ==, GANTRY_STEP_FAILED);
  g_assert_cmpint (gantry_runner_get_exit_status (runner, 1), ==, 3);
  g_assert_cmpint (gantry_runner_get_step_state (runner, 2), ==, GANTRY_STEP_SKIPPED);
  g_assert_cmpint (gantry_runner_get_step_state (runner, 3), ==, GANTRY_STEP_FAILED);
  g_assert_cmpint (gantry_runner_get_duration_us (runner, 0), >, 0);

  /* every line, from stdout and stderr, tagged with its target; each
   * step that started is headed by its command (the skipped one is not) */
  log = gantry_runner_get_log (runner);
  g_assert_cmpuint (g_list_model_get_n_items (log), ==, 3 + 5 + 4 + 1 + 1);
  for (guint i = 0; i < g_list_model_get_n_items (log); i++)
    {
      g_autoptr(GantryLogLine) line = g_list_model_get_item (log, i);
      const char *text = gantry_log_line_get_text (line);

      if (gantry_log_line_get_is_header (line))
        {
          const GantryStep *step = gantry_plan_get_step (plan, gantry_log_line_get_step (line));
          g_autofree char *quoted = gantry_shell_quote (GANTRY_SHELL_BASH, step->argv[0]);

          g_assert_true (g_str_has_prefix (text, "$ "));
          g_assert_nonnull (strstr (text, quoted));
          g_assert_cmpstr (gantry_log_line_get_target (line), ==, step->target);
          g_assert_false (gantry_log_line_get_is_error (line));
          headers_seen++;
        }
      else if (g_str_has_prefix (text, "error: line"))
        {
          g_assert_true (gantry_log_line_get_is_error (line));
          errors_seen++;
        }
      else if (g_str_has_prefix (text, "line "))
        g_assert_false (gantry_log_line_get_is_error (line));
      g_assert_true (g_str_equal (gantry_log_line_get_target (line), "a") ||
                     g_str_equal (gantry_log_line_get_target (line), "b") ||
                     g_str_equal (gantry_log_line_get_target (line), "c") ||
                     g_str_equal (gantry_log_line_get_target (line), "d"));
    }
  g_assert_cmpuint (errors_seen, ==, 2 + 2);
  g_assert_cmpuint (headers_seen, ==, 3);

  errors = gantry_runner_get_first_errors (runner, 1, 5);
  g_assert_cmpstr (errors, ==, "error: line 2\nerror: line 4\n");
  g_clear_pointer (&errors, g_free);
  errors = gantry_runner_get_step_log (runner, 3);
  g_assert_nonnull (strstr (errors, "could not start"));
  g_clear_pointer (&errors, g_free);
  errors = gantry_runner_get_step_log (runner, 2);
  g_assert_nonnull (strstr (errors, "install one"));
}

/* A step gets /dev/null for stdin, none of Gantry's other descriptors
 * (not even one opened without close-on-exec; on Windows, no handle
 * left inheritable), and its folder. */
static void
test_inherited (void)
{
  g_autoptr(GantryPlan) plan = gantry_plan_new_empty ("t");
  g_autoptr(GantryRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  g_autofree char *folder = NULL;
#ifdef G_OS_UNIX
  int leaky = dup (STDOUT_FILENO);   /* dup() leaves close-on-exec off */

  g_assert_cmpint (leaky, >, 2);
  gantry_plan_append_step (plan, make_step ("fds", "inherited", NULL));
#elif defined (G_OS_WIN32)
  SECURITY_ATTRIBUTES inherit = { sizeof inherit, NULL, TRUE };
  HANDLE leaky = CreateFileW (L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, &inherit,
                              OPEN_EXISTING, 0, NULL);
  g_autofree char *leaky_id = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) (guintptr) leaky);
  g_autofree char *leaky_line = g_strdup_printf ("handle %s: not inherited\n", leaky_id);

  g_assert_true (leaky != INVALID_HANDLE_VALUE);
  gantry_plan_append_step (plan, make_step ("fds", "inherited", leaky_id, NULL));
#else
  gantry_plan_append_step (plan, make_step ("fds", "inherited", NULL));
#endif
  runner = gantry_runner_new (plan, 1);
  g_assert_true (gantry_runner_run (runner, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gantry_runner_get_step_state (runner, 0), ==, GANTRY_STEP_OK);

  log = gantry_runner_get_step_log (runner, 0);
  g_test_message ("%s", log);
#ifdef G_OS_UNIX
  g_assert_nonnull (strstr (log, "stdin: empty\n"));
  g_assert_nonnull (strstr (log, "extra descriptors: none\n"));
  close (leaky);
#elif defined (G_OS_WIN32)
  g_assert_nonnull (strstr (log, "stdin: empty\n"));
  g_assert_nonnull (strstr (log, leaky_line));
  CloseHandle (leaky);
#endif
  folder = g_strdup_printf ("folder: %s\n", tmpdir);
  g_assert_nonnull (strstr (log, folder));
}

static void
test_environment (void)
{
  g_autoptr(GantryPlan) plan = gantry_plan_new_empty ("t");
  g_autoptr(GantryRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  GantryStep *step = make_step ("env", "env", "GANTRY_T_SET", "GANTRY_T_CLEARED", "GANTRY_T_KEPT", NULL);
  const char *env[] = { "GANTRY_T_SET=a b 'c'", "GANTRY_T_CLEARED", NULL };

  step->env = g_strdupv ((char **) env);
  gantry_plan_append_step (plan, step);

  runner = gantry_runner_new (plan, 1);
  g_assert_true (gantry_runner_run (runner, NULL, &error));
  log = gantry_runner_get_step_log (runner, 0);
  g_assert_cmpstr (log, ==, "GANTRY_T_SET=a b 'c'\nGANTRY_T_CLEARED=(unset)\nGANTRY_T_KEPT=kept\n");
}

static void
test_parallel (void)
{
  g_autoptr(GantryPlan) plan = gantry_plan_new_empty ("t");
  g_autoptr(GantryRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = g_build_filename (tmpdir, "a-started", NULL);
  g_autofree char *b = g_build_filename (tmpdir, "b-started", NULL);

  /* Each waits for the other: only a runner that runs both at once
   * sees both succeed (one at a time, the first would time out). */
  gantry_plan_append_step (plan, make_step ("a", "rendezvous", a, b, NULL));
  gantry_plan_append_step (plan, make_step ("b", "rendezvous", b, a, NULL));
  runner = gantry_runner_new (plan, 2);
  g_assert_true (gantry_runner_run (runner, NULL, &error));
  g_assert_cmpint (gantry_runner_get_step_state (runner, 0), ==, GANTRY_STEP_OK);
  g_assert_cmpint (gantry_runner_get_step_state (runner, 1), ==, GANTRY_STEP_OK);
}

static gboolean
process_is_alive (int pid)
{
  return gantry_test_process_is_alive ((guint64) pid);
}

/* A step the plan runs first (go mod download) holds back the others,
 * though jobs are left to run them beside it. */
static void
test_prepare_step_first (void)
{
  g_autoptr(GantryPlan) plan = gantry_plan_new_empty ("t");
  g_autoptr(GantryRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_build_filename (tmpdir, "prepared", NULL);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_remove (file);
  gantry_plan_append_prepare_step (plan, make_step ("prepare", "late-file", file, NULL));
  gantry_plan_append_step (plan, make_step ("a", "file-exists", file, NULL));
  gantry_plan_append_step (plan, make_step ("b", "file-exists", file, NULL));
  runner = gantry_runner_new (plan, 3);
  g_assert_true (gantry_runner_run (runner, NULL, &error));
  g_assert_no_error (error);
  a = gantry_runner_get_step_log (runner, 1);
  b = gantry_runner_get_step_log (runner, 2);
  g_assert_cmpstr (a, ==, "exists: yes\n");
  g_assert_cmpstr (b, ==, "exists: yes\n");
}

typedef struct
{
  GAsyncResult *result;
} Done;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  ((Done *) data)->result = g_object_ref (result);
}

static void
test_cancel_kills_tree (void)
{
#if defined (__linux__) || defined (G_OS_WIN32)
  g_autoptr(GantryPlan) plan = gantry_plan_new_empty ("t");
  g_autoptr(GantryRunner) runner = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *pidfile = g_build_filename (tmpdir, "tree.pid", NULL);
  g_autofree char *pids = NULL;
  Done done = { NULL };
  int grandchild = 0, child = 0;

  gantry_plan_append_step (plan, make_step ("tree", "tree", pidfile, NULL));
  gantry_plan_append_step (plan, make_step ("later", "sleep", NULL));
  runner = gantry_runner_new (plan, 1);
  gantry_runner_run_async (runner, cancellable, on_done, &done);

  while (!g_file_test (pidfile, G_FILE_TEST_EXISTS))
    {
      if (gantry_runner_get_step_state (runner, 0) > GANTRY_STEP_RUNNING)
        {
          g_autofree char *log = gantry_runner_get_step_log (runner, 0);

          g_error ("the tree step ended before it wrote its pids:\n%s", log);
        }
      g_main_context_iteration (NULL, FALSE);
    }
  g_usleep (50000);
  pids = gantry_test_read_file (pidfile, NULL);
  g_assert_cmpint (sscanf (pids, "%d %d", &grandchild, &child), ==, 2);
  g_assert_true (process_is_alive (grandchild));
  g_assert_true (process_is_alive (child));

  g_cancellable_cancel (cancellable);
  {
    /* a guard, not a speed target: a survivor holding the output open
     * would keep the run from ever ending */
    gint64 give_up = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    while (done.result == NULL && g_get_monotonic_time () < give_up)
      g_main_context_iteration (NULL, FALSE);
    if (done.result == NULL)
      g_error ("the run did not end after cancel: a process of the step survived");
  }

  g_assert_false (gantry_runner_run_finish (runner, done.result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_object_unref (done.result);
  g_assert_cmpint (gantry_runner_get_step_state (runner, 0), ==, GANTRY_STEP_CANCELLED);
  g_assert_cmpint (gantry_runner_get_step_state (runner, 1), ==, GANTRY_STEP_CANCELLED);

  /* the grandchild is killed with its parent: no process is left */
  for (guint i = 0; i < 100 && process_is_alive (grandchild); i++)
    g_usleep (10000);
  g_assert_false (process_is_alive (child));
  g_assert_false (process_is_alive (grandchild));
#else
  g_test_skip ("skipped: checks processes through /proc (Linux) or the process table (Windows)");
#endif
}

int
main (int    argc,
      char **argv)
{
  int rc;

  /* set before any thread exists: setenv is not thread-safe */
  g_setenv ("GANTRY_T_CLEARED", "should go", TRUE);
  g_setenv ("GANTRY_T_KEPT", "kept", TRUE);

  g_test_init (&argc, &argv, NULL);

  tmpdir = gantry_test_make_tmpdir ("runner");

  g_test_add_func ("/core/runner/states-and-lines", test_states_and_lines);
  g_test_add_func ("/core/runner/environment", test_environment);
  g_test_add_func ("/core/runner/inherited", test_inherited);
  g_test_add_func ("/core/runner/prepare-step-first", test_prepare_step_first);
  g_test_add_func ("/core/runner/parallel", test_parallel);
  g_test_add_func ("/core/runner/cancel-kills-tree", test_cancel_kills_tree);

  rc = g_test_run ();
  gantry_test_rm_rf (tmpdir);
  g_free (tmpdir);
  return rc;
}

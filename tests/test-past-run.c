/* test-past-run.c — a recorded run read back from a real store: log lines, result rows, checks; saving a log */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "gantry-history.h"
#include "gantry-recipe.h"
#include "gantry-past-run.h"
#include "gantry-run-model.h"
#include "gantry-verify.h"
#include "gantry-test-util.h"

typedef struct
{
  char *dir;
  GantryStore *store;
  GantryProject *project;
  gint64 run_id;
} Recorded;

/* A run as a build records it: linux/amd64 builds (binary with facts,
 * archive, checks), linux/arm64 fails, windows/amd64 cannot build. */
static void
record_run (Recorded *r)
{
  g_autofree char *db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryRecipe) recipe = NULL;
  g_autoptr(GantryPlan) plan = gantry_plan_new_empty ("p");
  g_autoptr(GantryRunner) runner = NULL;
  const char *mains[] = { ".", NULL };
  gint64 binary_id, archive_id;

  r->dir = gantry_test_make_tmpdir ("past-run");
  db = g_build_filename (r->dir, "gantry.db", NULL);
  r->store = gantry_store_open (db, &error);
  g_assert_no_error (error);
  r->project = g_object_new (GANTRY_TYPE_PROJECT, "name", "p", "path", r->dir, "module", "example.com/p",
                             "main-packages", mains, NULL);
  g_assert_true (gantry_store_add_project (r->store, r->project, &error));
  recipe = gantry_recipe_new_detected (r->project);
  g_assert_true (gantry_recipe_save (recipe, r->store, gantry_project_get_id (r->project), &error));

  gantry_plan_append_step (plan, gantry_test_child_step ("build linux/amd64", "linux/amd64", r->dir, "lines", "3", "0", NULL));
  gantry_plan_append_step (plan, gantry_test_child_step ("build linux/arm64", "linux/arm64", r->dir, "lines", "3", "2", NULL));
  gantry_plan_append_step (plan, gantry_test_skipped_step ("build windows/amd64", "windows/amd64", r->dir,
                                                           "no C compiler for windows/amd64: install Zig from Toolchains"));

  r->run_id = gantry_history_begin_run (r->store, gantry_project_get_id (r->project),
                                        gantry_recipe_get_revision (recipe), plan, &error);
  g_assert_no_error (error);
  runner = gantry_runner_new (plan, 2);
  g_assert_true (gantry_runner_run (runner, NULL, &error));
  for (guint i = 0; i < 3; i++)
    g_assert_true (gantry_history_record_step (r->store, r->run_id, runner, i, &error));

  binary_id = gantry_history_add_artifact (r->store, r->run_id, "linux/amd64", "binary", "/w/p/build/p", 2202009,
                                           "binsha",
                                           "{\"file_size\":2202009,\"format\":\"elf\",\"linkage\":\"static-pie\","
                                           "\"glibc_floor\":null}",
                                           &error);
  g_assert_no_error (error);
  archive_id = gantry_history_add_artifact (r->store, r->run_id, "linux/amd64", "archive",
                                            "/w/p/dist/p_1.0_linux_amd64.tar.gz", 900000,
                                            "0123456789abcdef0123456789abcdef", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (archive_id, >, binary_id);
  g_assert_true (gantry_history_add_verdict (r->store, binary_id, "linkage", "static", "pass",
                                             "static-pie, as asked", &error));
  g_assert_true (gantry_history_add_verdict (r->store, binary_id, "run", "native", "fail",
                                             "exit status 1", &error));
  g_assert_true (gantry_history_finish_run (r->store, r->run_id, "failed", NULL, &error));
}

static void
recorded_clear (Recorded *r)
{
  g_clear_object (&r->project);
  g_assert_finalize_object (r->store);
  gantry_test_rm_rf (r->dir);
  g_free (r->dir);
}

static void
test_load_lines_rows_verdicts (void)
{
  Recorded r = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryPastRun) past = NULL;
  g_autoptr(GantryLogLine) first = NULL;
  g_autoptr(GantryLogLine) error_line = NULL;
  g_autoptr(GantryLogLine) last = NULL;
  g_autoptr(GantryRunRow) built = NULL;
  g_autoptr(GantryRunRow) failed = NULL;
  g_autoptr(GantryRunRow) cannot = NULL;
  g_autofree char *summary = NULL;
  const GantryRunInfo *info;
  GListModel *lines, *rows;
  GPtrArray *verdicts;
  const GantryVerdict *v;

  record_run (&r);
  past = gantry_past_run_load (r.store, r.run_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (past);

  info = gantry_past_run_get_info (past);
  g_assert_cmpint (info->id, ==, r.run_id);
  g_assert_cmpstr (info->state, ==, "not-released");
  g_assert_cmpuint (info->n_steps, ==, 3);

  /* each step that ran: its command, then its 3 lines; the reason of
   * the one that could not; then one line per check, a failed one marked */
  lines = gantry_past_run_get_lines (past);
  g_assert_true (g_list_model_get_item_type (lines) == GANTRY_TYPE_LOG_LINE);
  g_assert_cmpuint (g_list_model_get_n_items (lines), ==, 1 + 3 + 1 + 3 + 1 + 2);
  {
    g_autoptr(GantryLogLine) header = g_list_model_get_item (lines, 0);

    g_assert_true (gantry_log_line_get_is_header (header));
    g_assert_true (g_str_has_prefix (gantry_log_line_get_text (header), "$ "));
    g_assert_cmpstr (gantry_log_line_get_target (header), ==, "linux/amd64");
  }
  first = g_list_model_get_item (lines, 1);
  g_assert_cmpstr (gantry_log_line_get_text (first), ==, "line 1");
  g_assert_cmpstr (gantry_log_line_get_target (first), ==, "linux/amd64");
  g_assert_cmpuint (gantry_log_line_get_step (first), ==, 0);
  g_assert_false (gantry_log_line_get_is_error (first));
  g_assert_false (gantry_log_line_get_is_header (first));
  g_assert_cmpint (gantry_log_line_get_time (first), ==, 0);   /* the store keeps no times */
  error_line = g_list_model_get_item (lines, 6);
  g_assert_cmpstr (gantry_log_line_get_text (error_line), ==, "error: line 2");
  g_assert_cmpstr (gantry_log_line_get_target (error_line), ==, "linux/arm64");
  g_assert_cmpuint (gantry_log_line_get_step (error_line), ==, 1);
  g_assert_true (gantry_log_line_get_is_error (error_line));
  last = g_list_model_get_item (lines, 8);
  g_assert_cmpstr (gantry_log_line_get_target (last), ==, "windows/amd64");
  g_assert_nonnull (strstr (gantry_log_line_get_text (last), "no C compiler"));
  {
    g_autoptr(GantryLogLine) passed = g_list_model_get_item (lines, 9);
    g_autoptr(GantryLogLine) failed_check = g_list_model_get_item (lines, 10);

    g_assert_cmpstr (gantry_log_line_get_text (passed), ==, "✓ linux/amd64 linkage: static-pie, as asked");
    g_assert_false (gantry_log_line_get_is_error (passed));
    g_assert_cmpstr (gantry_log_line_get_text (failed_check), ==, "✗ linux/amd64 run (native): exit status 1");
    g_assert_true (gantry_log_line_get_is_error (failed_check));
  }

  rows = gantry_past_run_get_rows (past);
  g_assert_true (g_list_model_get_item_type (rows) == GANTRY_TYPE_RUN_ROW);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 3);
  built = g_list_model_get_item (rows, 0);
  g_assert_cmpstr (gantry_run_row_get_target (built), ==, "linux/amd64");
  g_assert_cmpstr (gantry_run_row_get_state (built), ==, "Built");
  g_assert_false (gantry_run_row_get_problem (built));
  g_assert_cmpstr (gantry_run_row_get_size (built), ==, "2.1 MB");
  g_assert_cmpstr (gantry_run_row_get_linkage (built), ==, "static (PIE)");
  g_assert_cmpstr (gantry_run_row_get_glibc (built), ==, "none");
  g_assert_cmpstr (gantry_run_row_get_sha256 (built), ==, "0123456789abcdef0123456789abcdef");
  g_assert_cmpstr (gantry_run_row_get_detail (built), ==, "p_1.0_linux_amd64.tar.gz");
  g_assert_nonnull (gantry_run_row_get_elapsed (built));

  failed = g_list_model_get_item (rows, 1);
  g_assert_cmpstr (gantry_run_row_get_state (failed), ==, "Failed");
  g_assert_true (gantry_run_row_get_problem (failed));
  g_assert_cmpstr (gantry_run_row_get_detail (failed), ==, "error: line 2");
  g_assert_null (gantry_run_row_get_size (failed));
  g_assert_null (gantry_run_row_get_sha256 (failed));

  cannot = g_list_model_get_item (rows, 2);
  g_assert_cmpstr (gantry_run_row_get_state (cannot), ==, "Cannot build");
  g_assert_true (gantry_run_row_get_problem (cannot));
  g_assert_nonnull (strstr (gantry_run_row_get_detail (cannot), "install Zig"));

  verdicts = gantry_past_run_get_verdicts (past);
  g_assert_cmpuint (verdicts->len, ==, 2);
  v = g_ptr_array_index (verdicts, 0);
  g_assert_cmpstr (v->target, ==, "linux/amd64");
  g_assert_cmpstr (v->path, ==, "/w/p/build/p");
  g_assert_cmpstr (v->check, ==, "linkage");
  g_assert_cmpint (v->state, ==, GANTRY_VERDICT_PASS);
  v = g_ptr_array_index (verdicts, 1);
  g_assert_cmpstr (v->check, ==, "run");
  g_assert_cmpstr (v->place, ==, "native");
  g_assert_cmpint (v->state, ==, GANTRY_VERDICT_FAIL);
  g_assert_cmpstr (v->message, ==, "exit status 1");

  summary = gantry_past_run_dup_summary (past);
  g_assert_true (g_str_has_prefix (summary, "Run #"));
  g_assert_nonnull (strstr (summary, "Not released · 1 of 3 steps ok"));

  g_assert_finalize_object (g_steal_pointer (&past));
  recorded_clear (&r);
}

/* The banner names the shown run and the newest one. */
static void
test_banner_names_latest (void)
{
  Recorded r = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryPastRun) past = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GantryPlan) plan = gantry_plan_new_empty ("p");
  g_autofree char *same = NULL;
  g_autofree char *older = NULL;
  g_autofree char *expect = NULL;
  gint64 newer;

  record_run (&r);
  past = gantry_past_run_load (r.store, r.run_id, &error);
  g_assert_no_error (error);
  runs = gantry_history_list_runs (r.store, gantry_project_get_id (r.project), &error);
  same = gantry_past_run_dup_banner (past, g_ptr_array_index (runs, 0));
  g_assert_nonnull (strstr (same, "it is the latest build"));

  newer = gantry_history_begin_run (r.store, gantry_project_get_id (r.project), 1, plan, &error);
  g_assert_no_error (error);
  g_assert_true (gantry_history_finish_run (r.store, newer, "ok", "/w/p/dist", &error));
  g_clear_pointer (&runs, g_ptr_array_unref);
  runs = gantry_history_list_runs (r.store, gantry_project_get_id (r.project), &error);
  older = gantry_past_run_dup_banner (past, g_ptr_array_index (runs, 0));
  expect = g_strdup_printf ("Showing run #%" G_GINT64_FORMAT " from ", r.run_id);
  g_assert_true (g_str_has_prefix (older, expect));
  g_clear_pointer (&expect, g_free);
  expect = g_strdup_printf ("— the latest build is run #%" G_GINT64_FORMAT " (Released, ", newer);
  g_assert_nonnull (strstr (older, expect));

  g_clear_object (&past);
  recorded_clear (&r);
}

static void
test_unknown_run (void)
{
  Recorded r = { 0 };
  g_autoptr(GError) error = NULL;
  GantryPastRun *past;

  record_run (&r);
  past = gantry_past_run_load (r.store, r.run_id + 41, &error);
  g_assert_null (past);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Run #"));
  {
    g_autofree char *id = g_strdup_printf ("#%" G_GINT64_FORMAT " ", r.run_id + 41);

    g_assert_nonnull (strstr (error->message, id));
  }
  recorded_clear (&r);
}

/* Saving writes "[target] text" lines, replacing an older file whole,
 * and says where it could not write. */

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* gantry_log_lines_write_async, waited for */
static gboolean
write_log (GListModel  *lines,
           GFile       *file,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gantry_log_lines_write_async (lines, file, NULL, on_written, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return gantry_log_lines_write_finish (result, error);
}

static void
test_write_log (void)
{
  Recorded r = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryPastRun) past = NULL;
  g_autofree char *path = NULL;
  g_autofree char *bad_path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) bad = NULL;
  g_autoptr(GListStore) empty = g_list_store_new (GANTRY_TYPE_LOG_LINE);

  record_run (&r);
  past = gantry_past_run_load (r.store, r.run_id, &error);
  g_assert_no_error (error);

  path = g_build_filename (r.dir, "saved.log", NULL);
  gantry_test_write_file (r.dir, "saved.log", "an older, longer log that must not survive in any part\n");
  file = g_file_new_for_path (path);
  g_assert_true (write_log (gantry_past_run_get_lines (past), file, &error));
  g_assert_no_error (error);
  text = gantry_test_read_file (path, NULL);
  /* each step's command, then its lines */
  g_assert_true (g_str_has_prefix (text, "[linux/amd64] $ "));
  g_assert_nonnull (strstr (text,
                            "\n[linux/amd64] line 1\n"
                            "[linux/amd64] error: line 2\n"
                            "[linux/amd64] line 3\n"
                            "[linux/arm64] $ "));
  g_assert_nonnull (strstr (text, "\n[linux/amd64] ✗ linux/amd64 run (native): exit status 1\n"));
  g_assert_nonnull (strstr (text, "[windows/amd64] no C compiler"));
  g_assert_null (strstr (text, "older"));
  {
    g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 12);   /* 11 lines and the empty piece after the last \n */
  }

  /* an empty log is an empty file, not an error */
  g_assert_true (write_log (G_LIST_MODEL (empty), file, &error));
  g_clear_pointer (&text, g_free);
  text = gantry_test_read_file (path, NULL);
  g_assert_cmpstr (text, ==, "");

  bad_path = g_build_filename (r.dir, "no-such-folder", "saved.log", NULL);
  bad = g_file_new_for_path (bad_path);
  g_assert_false (write_log (gantry_past_run_get_lines (past), bad, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "The log could not be saved: "));
  g_assert_nonnull (strstr (error->message, "no-such-folder"));

  g_clear_object (&past);
  recorded_clear (&r);
}

/* The constructors the loader fills its rows and lines with. */
static void
test_row_and_line_new (void)
{
  g_autoptr(GantryRunRow) failed = gantry_run_row_new ("linux/arm64", "failed");
  g_autoptr(GantryRunRow) odd = gantry_run_row_new ("linux/amd64", "paused");
  g_autoptr(GantryRunRow) built = gantry_run_row_new ("windows/amd64", "ok");
  g_autoptr(GantryLogLine) line = gantry_log_line_new (NULL, 2, "error: no", TRUE, 1500);

  g_assert_cmpstr (gantry_run_row_get_target (failed), ==, "linux/arm64");
  g_assert_cmpstr (gantry_run_row_get_state (failed), ==, "Failed");
  g_assert_true (gantry_run_row_get_problem (failed));
  g_assert_null (gantry_run_row_get_detail (failed));

  /* a state this version does not know is shown as it is, not as a problem */
  g_assert_cmpstr (gantry_run_row_get_state (odd), ==, "paused");
  g_assert_false (gantry_run_row_get_problem (odd));

  g_assert_cmpstr (gantry_run_row_get_state (built), ==, "Built");
  g_assert_false (gantry_run_row_get_problem (built));
  gantry_run_row_set_elapsed (built, 12 * G_USEC_PER_SEC);
  gantry_run_row_set_size (built, 2048);
  gantry_run_row_set_linking (built, GANTRY_LINKAGE_DYNAMIC, NULL, GANTRY_BINARY_FORMAT_PE);
  g_assert_cmpstr (gantry_run_row_get_elapsed (built), ==, "12 s");
  g_assert_cmpstr (gantry_run_row_get_size (built), ==, "2.0 KB");
  g_assert_cmpstr (gantry_run_row_get_linkage (built), ==, "dynamic");
  g_assert_cmpstr (gantry_run_row_get_glibc (built), ==, "—");   /* not ELF: no glibc to need */
  gantry_run_row_set_linking (built, GANTRY_LINKAGE_DYNAMIC, "2.34", GANTRY_BINARY_FORMAT_ELF);
  g_assert_cmpstr (gantry_run_row_get_glibc (built), ==, "glibc 2.34");

  g_assert_null (gantry_log_line_get_target (line));
  g_assert_cmpuint (gantry_log_line_get_step (line), ==, 2);
  g_assert_cmpstr (gantry_log_line_get_text (line), ==, "error: no");
  g_assert_true (gantry_log_line_get_is_error (line));
  g_assert_cmpint (gantry_log_line_get_time (line), ==, 1500);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/past-run/load-lines-rows-verdicts", test_load_lines_rows_verdicts);
  g_test_add_func ("/core/past-run/banner-names-latest", test_banner_names_latest);
  g_test_add_func ("/core/past-run/unknown-run", test_unknown_run);
  g_test_add_func ("/core/past-run/write-log", test_write_log);
  g_test_add_func ("/core/past-run/row-and-line-new", test_row_and_line_new);

  return g_test_run ();
}

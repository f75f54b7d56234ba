/* test-history.c — runs, steps, artifacts and verdicts recorded in the store */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "gantry-history.h"
#include "gantry-recipe.h"
#include "gantry-store-private.h"
#include "gantry-test-util.h"

/* a build step as the plan makes them, with an environment */
static GantryStep *
child_step (const char *dir,
            const char *target,
            const char *code)
{
  g_autofree char *name = g_strdup_printf ("build %s", target);
  GantryStep *step = gantry_test_child_step (name, target, dir, "lines", "3", code, NULL);
  const char *env[] = { "CGO_ENABLED=1", "GOARM", NULL };

  step->env = g_strdupv ((char **) env);
  return step;
}

static void
test_record_run (void)
{
  g_autofree char *dir = gantry_test_make_tmpdir ("history");
  g_autofree char *db = g_build_filename (dir, "gantry.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryStore) store = gantry_store_open (db, &error);
  g_autoptr(GantryProject) project = NULL;
  g_autoptr(GantryRecipe) recipe = NULL;
  g_autoptr(GantryPlan) plan = gantry_plan_new_empty ("p");
  g_autoptr(GantryRunner) runner = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autofree char *argv_json = NULL, *env_json = NULL, *step_state = NULL, *step_log = NULL, *recipe_link = NULL;
  GantryRunInfo *info;
  gint64 run_id, artifact_id;
  const char *mains[] = { ".", NULL };

  g_assert_no_error (error);
  project = g_object_new (GANTRY_TYPE_PROJECT, "name", "p", "path", dir, "module", "example.com/p",
                          "main-packages", mains, NULL);
  g_assert_true (gantry_store_add_project (store, project, &error));
  recipe = gantry_recipe_new_detected (project);
  g_assert_true (gantry_recipe_save (recipe, store, gantry_project_get_id (project), &error));

  gantry_plan_append_step (plan, child_step (dir, "linux/amd64", "0"));
  gantry_plan_append_step (plan, child_step (dir, "linux/arm64", "2"));
  gantry_plan_append_step (plan, gantry_test_skipped_step ("build windows/amd64", "windows/amd64", dir, "no C compiler"));

  run_id = gantry_history_begin_run (store, gantry_project_get_id (project),
                                     gantry_recipe_get_revision (recipe), plan, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run_id, >, 0);

  runner = gantry_runner_new (plan, 2);
  g_assert_true (gantry_runner_run (runner, NULL, &error));
  for (guint i = 0; i < 3; i++)
    g_assert_true (gantry_history_record_step (store, run_id, runner, i, &error));

  artifact_id = gantry_history_add_artifact (store, run_id, "linux/amd64", "binary", "dist/p", 1234,
                                             "ab12", "{\"linkage\":\"dynamic\"}", &error);
  g_assert_no_error (error);
  g_assert_true (gantry_history_add_verdict (store, artifact_id, "arch", "static", "pass", NULL, &error));
  g_assert_true (gantry_history_finish_run (store, run_id, "failed", "/x/dist", &error));

  argv_json = gantry_test_sql_text (_gantry_store_get_db (store), "SELECT argv FROM run_steps WHERE position = 0");
  env_json = gantry_test_sql_text (_gantry_store_get_db (store), "SELECT env FROM run_steps WHERE position = 0");
  step_state = gantry_test_sql_text (_gantry_store_get_db (store), "SELECT group_concat(state || ':' || coalesce(exit_status, '-'), ',') FROM (SELECT * FROM run_steps ORDER BY position)");
  step_log = gantry_test_sql_text (_gantry_store_get_db (store), "SELECT log FROM run_steps WHERE position = 1");
  recipe_link = gantry_test_sql_text (_gantry_store_get_db (store), "SELECT r.revision FROM runs JOIN recipes r ON r.id = runs.recipe_id");
  g_assert_nonnull (strstr (argv_json, "\"lines\""));
  g_assert_cmpstr (env_json, ==, "{\"CGO_ENABLED\":\"1\",\"GOARM\":null}");
  g_assert_cmpstr (step_state, ==, "ok:0,failed:2,skipped:-");
  g_assert_cmpstr (step_log, ==, "line 1\nerror: line 2\nline 3\n");
  g_assert_cmpstr (recipe_link, ==, "1");

  runs = gantry_history_list_runs (store, gantry_project_get_id (project), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 1);
  info = g_ptr_array_index (runs, 0);
  g_assert_cmpstr (info->state, ==, "not-released");
  g_assert_cmpstr (info->project_name, ==, "p");
  g_assert_cmpstr (info->dist_dir, ==, "/x/dist");
  g_assert_cmpuint (info->n_steps, ==, 3);
  g_assert_cmpuint (info->n_ok, ==, 1);
  g_assert_cmpuint (info->n_failed, ==, 2);
  g_assert_cmpuint (info->n_artifacts, ==, 1);
  g_assert_cmpint (info->finished_at, >=, info->started_at);
  /* which targets passed: built, and no check of theirs failed */
  {
    g_autofree char *passed = g_strjoinv (" ", info->targets_passed);
    g_autofree char *failed = g_strjoinv (" ", info->targets_failed);

    g_assert_cmpstr (passed, ==, "linux/amd64");
    g_assert_cmpstr (failed, ==, "linux/arm64 windows/amd64");
  }
  /* a failed check of the built target moves it to the failed ones */
  {
    g_autoptr(GantryRunInfo) again = NULL;
    g_autofree char *failed = NULL;

    g_assert_true (gantry_history_add_verdict (store, artifact_id, "run", "native", "fail", "exit 1", &error));
    again = gantry_history_get_run (store, run_id, &error);
    g_assert_no_error (error);
    failed = g_strjoinv (" ", again->targets_failed);
    g_assert_cmpstr (again->targets_passed[0], ==, NULL);
    g_assert_cmpstr (failed, ==, "linux/amd64 linux/arm64 windows/amd64");
  }

  /* A run a crash left "running" is closed as failed at the next
   * start; one whose process still runs here, or that belongs to
   * another machine, is left alone. */
  {
    g_autoptr(GPtrArray) again = NULL;
    g_autofree char *sql = NULL;
    g_autofree char *states = NULL;
    gint64 crashed = gantry_history_begin_run (store, gantry_project_get_id (project), 1, plan, &error);
    gint64 live = gantry_history_begin_run (store, gantry_project_get_id (project), 1, plan, &error);
    gint64 remote = gantry_history_begin_run (store, gantry_project_get_id (project), 1, plan, &error);

    g_assert_cmpint (crashed, >, run_id);
    /* no process has pid 2^31-1: pid_max is far below it */
    sql = g_strdup_printf ("UPDATE runs SET owner = '%s:2147483647' WHERE id = %" G_GINT64_FORMAT ";"
                           "UPDATE runs SET owner = 'elsewhere.invalid:1' WHERE id = %" G_GINT64_FORMAT ";",
                           g_get_host_name (), crashed, remote);
    g_assert_true (_gantry_store_exec (store, sql, &error));

    g_assert_cmpuint (gantry_history_close_interrupted (store, &error), ==, 1);
    g_assert_no_error (error);
    states = gantry_test_sql_text (_gantry_store_get_db (store),
                                   "SELECT group_concat(state, ',') FROM (SELECT state FROM runs ORDER BY id)");
    g_assert_cmpstr (states, ==, "failed,failed,running,running");
    again = gantry_history_list_runs (store, 0, &error);
    g_assert_cmpuint (again->len, ==, 4);
    g_assert_cmpuint (gantry_history_close_interrupted (store, &error), ==, 0);

    /* the run closed as failed never built its targets: none passed,
     * all three did not; the live one is still building two of them
     * (the third was skipped from the start: no C compiler) */
    {
      g_autoptr(GantryRunInfo) closed = gantry_history_get_run (store, crashed, &error);
      g_autoptr(GantryRunInfo) building = gantry_history_get_run (store, live, &error);
      g_autofree char *failed = NULL;

      g_assert_no_error (error);
      failed = g_strjoinv (" ", closed->targets_failed);
      g_assert_cmpstr (closed->targets_passed[0], ==, NULL);
      g_assert_cmpstr (failed, ==, "linux/amd64 linux/arm64 windows/amd64");
      g_assert_cmpstr (building->targets_passed[0], ==, NULL);
      g_assert_cmpstr (building->targets_failed[0], ==, "windows/amd64");
      g_assert_cmpstr (building->targets_failed[1], ==, NULL);
    }
  }

  /* a cancelled run: the target that built passed, the two cancelled did not */
  {
    g_autoptr(GantryRunInfo) cancelled = NULL;
    g_autofree char *failed = NULL;
    gint64 id = gantry_history_begin_run (store, gantry_project_get_id (project), 1, plan, &error);
    g_autofree char *sql = g_strdup_printf ("UPDATE run_steps SET state = CASE position WHEN 0 THEN 'ok' ELSE 'cancelled' END"
                                            " WHERE run_id = %" G_GINT64_FORMAT, id);

    g_assert_true (_gantry_store_exec (store, sql, &error));
    g_assert_true (gantry_history_finish_run (store, id, "cancelled", NULL, &error));
    cancelled = gantry_history_get_run (store, id, &error);
    g_assert_no_error (error);
    failed = g_strjoinv (" ", cancelled->targets_failed);
    g_assert_cmpstr (cancelled->targets_passed[0], ==, "linux/amd64");
    g_assert_cmpstr (cancelled->targets_passed[1], ==, NULL);
    g_assert_cmpstr (failed, ==, "linux/arm64 windows/amd64");
  }

  g_clear_object (&store);
  gantry_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/history/record-run", test_record_run);

  return g_test_run ();
}

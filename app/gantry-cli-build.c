/* gantry-cli-build.c — gantry build: every target, checked and packaged, from the command line */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-cli"

#include "config.h"

#include <json-glib/json-glib.h>
#ifdef G_OS_UNIX
# include <glib-unix.h>
#endif
#ifdef G_OS_WIN32
# include <windows.h>
#endif

#include "gantry-build.h"
#include "gantry-cli.h"
#include "gantry-pipeline.h"
#include "gantry-verify.h"

typedef struct
{
  GantryPipeline *release;
  GantryBuild *build;
  GMainLoop *loop;
  gboolean as_json;
  GError *error;
  gboolean ok;
  gboolean verbose;
  guint lines_shown;
} BuildRun;

static void
on_step_changed (GantryRunner *runner,
                 guint         step,
                 BuildRun     *run)
{
  const GantryStep *s = gantry_plan_get_step (gantry_runner_get_plan (runner), step);
  GantryStepState state = gantry_runner_get_step_state (runner, step);
  double seconds = gantry_runner_get_duration_us (runner, step) / (double) G_USEC_PER_SEC;
  /* a step of the whole release (go mod download) goes by its name */
  const char *what = s->target != NULL ? s->target : s->name;

  switch (state)
    {
    case GANTRY_STEP_RUNNING:
      if (s->target == NULL && s->reason != NULL)
        g_print ("  …      %s: %s\n", what, s->reason);
      else
        g_print ("  …      %s\n", what);
      break;
    case GANTRY_STEP_OK:
      g_print ("  %s  %s (%.1f s)\n", s->target != NULL ? "built" : "done ", what, seconds);
      break;
    case GANTRY_STEP_FAILED:
      g_print ("  FAILED %s (%.1f s)\n", what, seconds);
      break;
    case GANTRY_STEP_SKIPPED:
      g_print ("  SKIP   %s: %s\n", what, s->reason);
      break;
    case GANTRY_STEP_CANCELLED:
      g_print ("  cancelled %s\n", what);
      break;
    case GANTRY_STEP_PENDING:
    default:
      break;
    }
}

static void
on_log_changed (GListModel *log,
                guint       position,
                guint       removed,
                guint       added,
                BuildRun   *run)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GantryLogLine) line = g_list_model_get_item (log, i);
      g_print ("  [%s] %s\n", gantry_log_line_get_target (line), gantry_log_line_get_text (line));
    }
}

static void
on_release_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  BuildRun *run = user_data;

  run->ok = gantry_pipeline_run_finish (GANTRY_PIPELINE (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
on_phase_changed (GantryPipeline *release,
                  int            phase,
                  BuildRun      *run)
{
  if (run->as_json)
    return;
  if (phase == GANTRY_PIPELINE_PHASE_VERIFYING)
    g_print ("Verifying what was built…\n");
  else if (phase == GANTRY_PIPELINE_PHASE_REPRODUCING)
    g_print ("Rebuilding each target to check it is reproducible…\n");
}

static GCancellable *interrupt;

#ifdef G_OS_UNIX
static gboolean
on_sigint (gpointer data)
{
  g_printerr ("\nCancelling: ending every build process…\n");
  g_cancellable_cancel (interrupt);
  return G_SOURCE_CONTINUE;
}
#endif
#ifdef G_OS_WIN32
static BOOL WINAPI
on_console_ctrl (DWORD type)
{
  if (type != CTRL_C_EVENT && type != CTRL_BREAK_EVENT)
    return FALSE;
  /* another thread: g_cancellable_cancel is thread-safe */
  g_cancellable_cancel (interrupt);
  return TRUE;
}
#endif

static JsonNode *
results_to_json (GantryBuild            *build,
                 gboolean                ok,
                 const GantryRunOutcome *outcome)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ok");
  json_builder_add_boolean_value (b, ok);
  if (outcome != NULL)
    gantry_run_outcome_add_members (outcome, b);
  json_builder_set_member_name (b, "run");
  json_builder_add_int_value (b, gantry_build_get_run_id (build));
  json_builder_set_member_name (b, "version");
  json_builder_add_string_value (b, gantry_build_get_version (build));
  json_builder_set_member_name (b, "dist_dir");
  if (gantry_build_get_packages (build))
    json_builder_add_string_value (b, gantry_build_get_dist_dir (build));
  else
    json_builder_add_null_value (b);

#define STR(name, value) \
  G_STMT_START { \
    json_builder_set_member_name (b, name); \
    if (value) json_builder_add_string_value (b, value); else json_builder_add_null_value (b); \
  } G_STMT_END

  /* go mod download before the builds, when the module cache lacked
   * modules: its own member, so targets[] holds targets only */
  json_builder_set_member_name (b, "modules");
  {
    GantryPlan *plan = gantry_build_get_plan (build);
    gboolean any = FALSE;

    for (guint i = 0; i < gantry_build_get_n_results (build) && i < gantry_plan_get_n_steps (plan); i++)
      {
        const GantryTargetResult *r = gantry_build_get_result (build, i);
        const GantryStep *step = gantry_plan_get_step (plan, i);

        if (r->target != NULL || any)
          continue;
        any = TRUE;
        json_builder_begin_object (b);
        STR ("step", step->name);
        STR ("missing", step->reason);
        STR ("state", gantry_step_state_to_string (r->state));
        json_builder_set_member_name (b, "seconds");
        json_builder_add_double_value (b, r->seconds);
        STR ("errors", r->errors);
        STR ("explanation", r->explanation);
        json_builder_end_object (b);
      }
    if (!any)
      json_builder_add_null_value (b);
  }

  json_builder_set_member_name (b, "targets");
  json_builder_begin_array (b);
  for (guint i = 0; i < gantry_build_get_n_results (build); i++)
    {
      const GantryTargetResult *r = gantry_build_get_result (build, i);

      if (r->target == NULL)
        continue;

      json_builder_begin_object (b);
      STR ("target", r->target);
      STR ("state", gantry_step_state_to_string (r->state));
      json_builder_set_member_name (b, "seconds");
      json_builder_add_double_value (b, r->seconds);
      STR ("compiler", r->compiler);
      STR ("binary", r->binary);
      STR ("archive", r->archive);
      STR ("sha256", r->sha256);
      STR ("errors", r->errors);
      STR ("explanation", r->explanation);
      json_builder_set_member_name (b, "inspect");
      if (r->facts != NULL)
        json_builder_add_value (b, gantry_binary_to_json (r->facts));
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
#undef STR
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
print_summary (GantryBuild            *build,
               const GantryRunOutcome *outcome)
{
  g_print ("\n");
  for (guint i = 0; i < gantry_build_get_n_results (build); i++)
    {
      const GantryTargetResult *r = gantry_build_get_result (build, i);

      if (r->target == NULL)
        {
          /* go mod download: only its failure is news */
          if (r->state == GANTRY_STEP_FAILED)
            {
              g_print ("failed  download modules\n");
              if (r->explanation != NULL)
                g_print ("        %s\n", r->explanation);
              else if (r->errors != NULL)
                g_print ("        %s", r->errors);
            }
          continue;
        }
      if (r->state == GANTRY_STEP_OK)
        {
          g_autofree char *base = r->archive ? g_path_get_basename (r->archive) : NULL;

          const char *floor = r->facts ? gantry_binary_get_glibc_floor (r->facts) : NULL;

          g_print ("built   %-28s %s%s%s\n", r->target,
                   r->facts ? gantry_linkage_to_string (gantry_binary_get_linkage (r->facts)) : "",
                   floor ? ", needs GLIBC_" : "", floor ? floor : "");
          if (base != NULL)
            g_print ("        %s\n", base);
          else if (r->binary != NULL)
            g_print ("        %s\n", r->binary);
        }
      else
        {
          g_print ("%-7s %s\n", r->state == GANTRY_STEP_SKIPPED ? "skipped" : gantry_step_state_to_string (r->state),
                   r->target);
          if (r->errors != NULL)
            {
              g_auto(GStrv) lines = g_strsplit (g_strchomp (r->errors), "\n", -1);
              for (guint j = 0; lines[j] != NULL; j++)
                g_print ("        | %s\n", lines[j]);
            }
          if (r->explanation != NULL)
            g_print ("        %s\n", r->explanation);
        }
    }
  if (outcome == NULL)
    return;
  g_print ("\n%s %s, run %" G_GINT64_FORMAT ": %s\n",
           gantry_recipe_get_binary_name (gantry_build_get_recipe (build)),
           gantry_build_get_version (build), gantry_build_get_run_id (build), outcome->summary);
  for (guint i = 0; i < outcome->targets->len; i++)
    {
      const GantryTargetOutcome *t = g_ptr_array_index (outcome->targets, i);

      if (t->why != NULL)
        g_print ("  %-28s %s\n", t->target, t->why);
    }
  if (outcome->outcome == GANTRY_OUTCOME_RELEASED || outcome->outcome == GANTRY_OUTCOME_PROBLEMS)
    g_print ("The release is in %s\n", gantry_build_get_dist_dir (build));
}

/* What `gantry build` was asked, for each project it releases. */
typedef struct
{
  GantryPipelineOptions options;
  gboolean dry_run;
  GantryShell shell;
  gboolean verbose;
  gboolean as_json;
} BuildAsk;

/* Releases @project as @ask says: the exit status for it alone. With
 * --json, *@out_json is its result object once it ran; @error is set
 * when the release could not start or be carried out. */
static int
release_project (GantryStore     *store,
                 GantryProject   *project,
                 const BuildAsk  *ask,
                 JsonNode       **out_json,
                 GError         **error)
{
  g_autoptr(GantryPipeline) release = NULL;
  const GantryRunOutcome *outcome;
  GantryBuild *build;
  GStrv skipped;
  BuildRun run = { 0 };

  release = gantry_pipeline_new (store, project, &ask->options, error);
  if (release == NULL)
    return GANTRY_EXIT_FAILED;
  build = gantry_pipeline_get_build (release);

  if (ask->dry_run)
    {
      g_autofree char *text = gantry_plan_render (gantry_build_get_plan (build), ask->shell);
      g_print ("%s", text);
      return GANTRY_EXIT_OK;
    }

  skipped = gantry_pipeline_get_skipped (release);
  if (!ask->as_json)
    {
      GantryPlan *plan = gantry_build_get_plan (build);
      guint n = gantry_plan_get_n_steps (plan) - gantry_plan_get_n_prepare_steps (plan);

      g_print ("Building %s %s: %u target%s\n", gantry_project_get_name (project), gantry_build_get_version (build),
               n, n == 1 ? "" : "s");
      for (guint i = 0; skipped != NULL && skipped[i] != NULL; i++)
        g_print ("  left out (cannot be built here) %s\n", skipped[i]);
    }

  run.release = release;
  run.build = build;
  run.verbose = ask->verbose;
  run.as_json = ask->as_json;
  run.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (release, "phase-changed", G_CALLBACK (on_phase_changed), &run);
  gantry_pipeline_run_async (release, interrupt, on_release_done, &run);
  if (gantry_build_get_runner (build) != NULL && !ask->as_json)
    {
      g_signal_connect (gantry_build_get_runner (build), "step-changed", G_CALLBACK (on_step_changed), &run);
      if (ask->verbose)
        g_signal_connect (gantry_runner_get_log (gantry_build_get_runner (build)), "items-changed",
                          G_CALLBACK (on_log_changed), &run);
    }
  g_main_loop_run (run.loop);
  g_main_loop_unref (run.loop);

  outcome = gantry_pipeline_get_outcome (release);
  if (ask->as_json)
    {
      JsonNode *root = results_to_json (build, run.ok && outcome != NULL && outcome->outcome == GANTRY_OUTCOME_RELEASED,
                                        outcome);
      JsonObject *object = json_node_get_object (root);

      json_object_set_string_member (object, "project", gantry_project_get_name (project));
      if (gantry_pipeline_get_matrix (release) != NULL)
        json_object_set_member (object, "verify", gantry_verify_matrix_to_json (gantry_pipeline_get_matrix (release)));
      if (!run.ok)
        json_object_set_string_member (object, "error", run.error->message);
      *out_json = root;
    }
  else
    {
      if (gantry_pipeline_get_matrix (release) != NULL)
        {
          g_autofree char *table = gantry_verify_matrix_to_text (gantry_pipeline_get_matrix (release));
          g_print ("\nWhere it runs:\n%s", table);
        }
      print_summary (build, outcome);
    }

  if (!run.ok)
    {
      g_propagate_error (error, run.error);
      return GANTRY_EXIT_FAILED;
    }
  /* released, or built as asked (--no-package): 0; anything less fails */
  return outcome != NULL && gantry_outcome_is_good (outcome->outcome) ? GANTRY_EXIT_OK : GANTRY_EXIT_FAILED;
}

static int
build_run (int    argc,
           char **argv)
{
  const char *command = argv[0];
  g_auto(GStrv) targets = NULL;
  g_autofree char *shell_name = NULL;
  int jobs = 0;
  gboolean dry_run = FALSE, as_json = FALSE, verbose = FALSE, no_verify = FALSE, no_package = FALSE;
  gboolean wait_for_all = FALSE, reproducible = FALSE, all = FALSE;
  GOptionEntry entries[] = {
    { "target", 't', 0, G_OPTION_ARG_STRING_ARRAY, &targets,
      "Build this target instead of the recipe's (repeatable): os/arch[/static|/dynamic][@glibcX.Y|@musl]", "SPEC" },
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all,
      "Release every project Gantry knows, one after another (Ctrl+C stops them all)", NULL },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Targets built at once (default: one per core)", "N" },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, "Print the commands, run nothing", NULL },
    { "shell", 0, 0, G_OPTION_ARG_STRING, &shell_name, "With --dry-run: bash, powershell or cmd (default: powershell on Windows, else bash)", "SHELL" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Show every line the builds print", NULL },
    { "no-verify", 0, 0, G_OPTION_ARG_NONE, &no_verify,
      "Skip the checks after the build (static checks, and runs natively, under emulators and in containers)", NULL },
    { "no-package", 0, 0, G_OPTION_ARG_NONE, &no_package,
      "Build and inspect only: no archives, dist/ is left as it was (the binaries stay in Gantry's build folder)", NULL },
    { "wait-for-all", 0, 0, G_OPTION_ARG_NONE, &wait_for_all,
      "Start nothing when a target cannot be built here (default: as the recipe's \"unbuildable\" says; skip: release the others, and say which were left out)", NULL },
    { "reproducible", 0, 0, G_OPTION_ARG_NONE, &reproducible,
      "Rebuild each target and compare, even when the recipe does not ask for it", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json,
      "Print the result as JSON (project, ok, outcome, verdict, summary, outcomes[], run, version, dist_dir, modules (go mod download before the builds, or null), targets[]: target, state, seconds, compiler, binary, archive, sha256, errors, explanation, inspect; verify[]); with --all, an array of them", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[DIR|PROJECT]");
  g_autoptr(GantryStore) store = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(JsonArray) results = json_array_new ();
  g_autoptr(GError) error = NULL;
  BuildAsk ask = { 0 };
  int rc;
  guint n_good = 0, n_done = 0;

  g_option_context_set_summary (context,
                                "Build every target of the project's recipe with the right C compiler, check\n"
                                "each binary, and package dist/ with archives and SHA256SUMS. The project is\n"
                                "a folder (added when new), a project name, or the current folder; --all\n"
                                "releases every project, one after another.\n"
                                "It ends with one verdict: released, released with problems (naming them),\n"
                                "or not released (why); the exit status is 0 only for released.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!gantry_cli_parse (context, command, &argc, &argv, 0, 1, &rc))
    return rc;
  if (jobs < 0)
    return gantry_cli_usage_error (command, "--jobs must be 1 or more.");
  ask.shell = gantry_shell_default ();
  if (shell_name != NULL && !gantry_shell_from_string (shell_name, &ask.shell))
    return gantry_cli_usage_error (command, "--shell '%s' is not one of bash, powershell, cmd.", shell_name);
  if (all && argc > 1)
    return gantry_cli_usage_error (command, "--all releases every project: leave out '%s', or leave out --all.", argv[1]);
  if (all && targets != NULL)
    return gantry_cli_usage_error (command, "--target names targets of one project: with --all each project's recipe decides.");

  store = gantry_app_open_store (&error);
  if (store == NULL)
    return gantry_cli_fail (command, error);
  if (all)
    {
      projects = gantry_store_list_projects (store, &error);
      if (projects == NULL)
        return gantry_cli_fail (command, error);
      if (projects->len == 0)
        return gantry_cli_usage_error (command, "Gantry knows no project yet: 'gantry project add DIR' adds one.");
    }
  else
    {
      GantryProject *project = gantry_app_find_project (store, argc > 1 ? argv[1] : NULL, TRUE, &error);

      if (project == NULL)
        return gantry_cli_fail (command, error);
      projects = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (projects, project);
    }

  ask.options.build.jobs = (guint) jobs;
  ask.options.build.targets = targets;
  ask.options.build.no_package = no_package;
  ask.options.no_verify = no_verify;
  ask.options.reproducible = reproducible;
  /* a dry run prints every target's commands, buildable or not;
   * without --wait-for-all the recipe's "unbuildable" decides */
  ask.options.block_unbuildable = wait_for_all;
  ask.options.plan_only = dry_run;
  ask.dry_run = dry_run;
  ask.verbose = verbose;
  ask.as_json = as_json;

  interrupt = g_cancellable_new ();
#ifdef G_OS_UNIX
  g_unix_signal_add (SIGINT, on_sigint, NULL);
#endif
#ifdef G_OS_WIN32
  SetConsoleCtrlHandler (on_console_ctrl, TRUE);
#endif

  rc = GANTRY_EXIT_OK;
  for (guint i = 0; i < projects->len; i++)
    {
      GantryProject *project = g_ptr_array_index (projects, i);
      JsonNode *result = NULL;
      g_autoptr(GError) one_error = NULL;
      int one;

      /* Ctrl+C ends the one running and starts no other */
      if (g_cancellable_is_cancelled (interrupt))
        break;
      if (all && !as_json)
        g_print ("%s== %s ==\n", i > 0 ? "\n" : "", gantry_project_get_name (project));
      one = release_project (store, project, &ask, &result, &one_error);
      n_done++;
      if (one == GANTRY_EXIT_OK)
        n_good++;
      else if (rc == GANTRY_EXIT_OK)
        rc = one;
      if (as_json && result == NULL && one_error != NULL && all)
        {
          /* it could not even start: the project's entry says why */
          JsonObject *object = json_object_new ();

          json_object_set_string_member (object, "project", gantry_project_get_name (project));
          json_object_set_boolean_member (object, "ok", FALSE);
          json_object_set_string_member (object, "error", one_error->message);
          result = json_node_init_object (json_node_alloc (), object);
          json_object_unref (object);
        }
      if (result != NULL)
        json_array_add_element (results, result);
      if (one_error != NULL && !all)
        {
          /* what it did before it failed, as before --all existed */
          if (as_json && json_array_get_length (results) > 0)
            {
              g_autofree char *text = json_to_string (json_array_get_element (results, 0), TRUE);

              gantry_cli_print_json (text);
            }
          g_clear_object (&interrupt);
          return gantry_cli_fail (command, one_error);
        }
      if (one_error != NULL)
        g_printerr ("%s: %s\n", gantry_project_get_name (project), one_error->message);
    }
  if (as_json && !dry_run)
    {
      g_autofree char *text = NULL;

      if (all)
        {
          g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

          json_node_set_array (root, results);
          text = json_to_string (root, TRUE);
        }
      else
        text = json_to_string (json_array_get_element (results, 0), TRUE);
      gantry_cli_print_json (text);
    }
  if (all && !as_json && !dry_run)
    g_print ("\n%u of %u project%s released%s\n", n_good, projects->len, projects->len == 1 ? "" : "s",
             n_done < projects->len ? " (cancelled: the others were not started)" : "");
  if (all && n_done < projects->len && rc == GANTRY_EXIT_OK)
    rc = GANTRY_EXIT_FAILED;
  g_clear_object (&interrupt);
  return rc;
}

const GantryVerb gantry_verb_build = {
  "build", "build, check and package every target of a project", build_run,
};

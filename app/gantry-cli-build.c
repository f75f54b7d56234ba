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
#include "gantry-verify.h"

typedef struct
{
  GantryBuild *build;
  GMainLoop *loop;
  GError *error;
  gboolean ok;
  gboolean verbose;
  guint lines_shown;
} BuildRun;

/* DIR (a folder with go.mod, added when new), NAME (a project in the
 * store) or nothing (the current folder). */
static GantryProject *
find_or_add_project (GantryStore  *store,
                     const char   *arg,
                     GError      **error)
{
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GantryProject) loaded = NULL;

  if (arg != NULL && !g_file_test (arg, G_FILE_TEST_IS_DIR))
    return gantry_store_find_project (store, arg, error);

  path = g_canonicalize_filename (arg ? arg : cwd, NULL);
  projects = gantry_store_list_projects (store, error);
  if (projects == NULL)
    return NULL;
  for (guint i = 0; i < projects->len; i++)
    {
      GantryProject *p = g_ptr_array_index (projects, i);

      if (g_strcmp0 (gantry_project_get_path (p), path) == 0)
        return g_object_ref (p);
    }

  loaded = gantry_project_load (path, error);
  if (loaded == NULL)
    return NULL;

  /* Another project may have this folder's name: number this one. */
  for (guint n = 2; ; n++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *name = NULL;

      if (gantry_store_add_project (store, loaded, &local_error))
        break;
      if (!g_error_matches (local_error, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_DUPLICATE) || n > 99)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      name = g_strdup_printf ("%s-%u", base, n);
      gantry_project_set_name (loaded, name);
    }
  /* stderr: stdout may be JSON */
  g_printerr ("Added project %s from %s\n", gantry_project_get_name (loaded), path);
  return g_steal_pointer (&loaded);
}

static void
on_step_changed (GantryRunner *runner,
                 guint         step,
                 BuildRun     *run)
{
  const GantryStep *s = gantry_plan_get_step (gantry_runner_get_plan (runner), step);
  GantryStepState state = gantry_runner_get_step_state (runner, step);
  double seconds = gantry_runner_get_duration_us (runner, step) / (double) G_USEC_PER_SEC;

  switch (state)
    {
    case GANTRY_STEP_RUNNING:
      g_print ("  …      %s\n", s->target);
      break;
    case GANTRY_STEP_OK:
      g_print ("  built  %s (%.1f s)\n", s->target, seconds);
      break;
    case GANTRY_STEP_FAILED:
      g_print ("  FAILED %s (%.1f s)\n", s->target, seconds);
      break;
    case GANTRY_STEP_SKIPPED:
      g_print ("  SKIP   %s: %s\n", s->target, s->reason);
      break;
    case GANTRY_STEP_CANCELLED:
      g_print ("  cancelled %s\n", s->target);
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
on_build_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  BuildRun *run = user_data;

  run->ok = gantry_build_run_finish (GANTRY_BUILD (source), result, &run->error);
  g_main_loop_quit (run->loop);
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
results_to_json (GantryBuild *build,
                 gboolean     ok)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ok");
  json_builder_add_boolean_value (b, ok);
  json_builder_set_member_name (b, "run");
  json_builder_add_int_value (b, gantry_build_get_run_id (build));
  json_builder_set_member_name (b, "version");
  json_builder_add_string_value (b, gantry_build_get_version (build));
  json_builder_set_member_name (b, "dist_dir");
  if (gantry_build_get_packages (build))
    json_builder_add_string_value (b, gantry_build_get_dist_dir (build));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "targets");
  json_builder_begin_array (b);
  for (guint i = 0; i < gantry_build_get_n_results (build); i++)
    {
      const GantryTargetResult *r = gantry_build_get_result (build, i);

#define STR(name, value) \
  G_STMT_START { \
    json_builder_set_member_name (b, name); \
    if (value) json_builder_add_string_value (b, value); else json_builder_add_null_value (b); \
  } G_STMT_END

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
print_summary (GantryBuild *build,
               gboolean     ok)
{
  g_print ("\n");
  for (guint i = 0; i < gantry_build_get_n_results (build); i++)
    {
      const GantryTargetResult *r = gantry_build_get_result (build, i);

      if (r->state == GANTRY_STEP_OK)
        {
          g_autofree char *base = r->archive ? g_path_get_basename (r->archive) : NULL;

          const char *floor = r->facts ? gantry_binary_get_glibc_floor (r->facts) : NULL;

          g_print ("ok      %-28s %s%s%s\n", r->target,
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
  if (ok && !gantry_build_get_packages (build))
    g_print ("\nBuilt %s %s (run %" G_GINT64_FORMAT "); dist/ was left as it was (--no-package)\n",
             gantry_recipe_get_binary_name (gantry_build_get_recipe (build)),
             gantry_build_get_version (build), gantry_build_get_run_id (build));
  else if (ok)
    g_print ("\nReleased %s %s to %s (run %" G_GINT64_FORMAT ")\n",
             gantry_recipe_get_binary_name (gantry_build_get_recipe (build)),
             gantry_build_get_version (build), gantry_build_get_dist_dir (build),
             gantry_build_get_run_id (build));
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
  gboolean built_ok;
  g_autoptr(GPtrArray) matrix = NULL;
  GOptionEntry entries[] = {
    { "target", 't', 0, G_OPTION_ARG_STRING_ARRAY, &targets,
      "Build this target instead of the recipe's (repeatable): os/arch[/static|/dynamic][@glibcX.Y|@musl]", "SPEC" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Targets built at once (default: one per core)", "N" },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, "Print the commands, run nothing", NULL },
    { "shell", 0, 0, G_OPTION_ARG_STRING, &shell_name, "With --dry-run: bash, powershell or cmd (default: powershell on Windows, else bash)", "SHELL" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Show every line the builds print", NULL },
    { "no-verify", 0, 0, G_OPTION_ARG_NONE, &no_verify,
      "Skip the checks after the build (static checks, and runs natively, under emulators and in containers)", NULL },
    { "no-package", 0, 0, G_OPTION_ARG_NONE, &no_package,
      "Build and inspect only: no archives, dist/ is left as it was (the binaries stay in Gantry's build folder)", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json,
      "Print the result as JSON (ok, run, version, dist_dir, targets[]: target, state, seconds, compiler, binary, archive, sha256, errors, explanation, inspect)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[DIR|PROJECT]");
  g_autoptr(GantryStore) store = NULL;
  g_autoptr(GantryProject) project = NULL;
  g_autoptr(GantryBuild) build = NULL;
  g_autoptr(GError) error = NULL;
  GantryBuildOptions options = { 0 };
  GantryShell shell = gantry_shell_default ();
  BuildRun run = { 0 };
  int rc;

  g_option_context_set_summary (context,
                                "Build every target of the project's recipe with the right C compiler, check\n"
                                "each binary, and package dist/ with archives and SHA256SUMS. The project is\n"
                                "a folder (added when new), a project name, or the current folder.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!gantry_cli_parse (context, command, &argc, &argv, 0, 1, &rc))
    return rc;
  if (jobs < 0)
    return gantry_cli_usage_error (command, "--jobs must be 1 or more.");
  if (shell_name != NULL && !gantry_shell_from_string (shell_name, &shell))
    return gantry_cli_usage_error (command, "--shell '%s' is not one of bash, powershell, cmd.", shell_name);

  store = gantry_app_open_store (&error);
  if (store == NULL)
    return gantry_cli_fail (command, error);
  project = find_or_add_project (store, argc > 1 ? argv[1] : NULL, &error);
  if (project == NULL)
    return gantry_cli_fail (command, error);

  options.jobs = (guint) jobs;
  options.targets = targets;
  options.no_package = no_package;
  build = gantry_build_new (store, project, &options, &error);
  if (build == NULL)
    return gantry_cli_fail (command, error);

  if (dry_run)
    {
      g_autofree char *text = gantry_plan_render (gantry_build_get_plan (build), shell);
      g_print ("%s", text);
      return GANTRY_EXIT_OK;
    }

  if (!as_json)
    g_print ("Building %s %s: %u target%s\n", gantry_project_get_name (project), gantry_build_get_version (build),
             gantry_plan_get_n_steps (gantry_build_get_plan (build)),
             gantry_plan_get_n_steps (gantry_build_get_plan (build)) == 1 ? "" : "s");

  interrupt = g_cancellable_new ();
#ifdef G_OS_UNIX
  g_unix_signal_add (SIGINT, on_sigint, NULL);
#endif
#ifdef G_OS_WIN32
  SetConsoleCtrlHandler (on_console_ctrl, TRUE);
#endif

  run.build = build;
  run.verbose = verbose;
  run.loop = g_main_loop_new (NULL, FALSE);
  gantry_build_run_async (build, interrupt, on_build_done, &run);
  if (gantry_build_get_runner (build) != NULL && !as_json)
    {
      g_signal_connect (gantry_build_get_runner (build), "step-changed", G_CALLBACK (on_step_changed), &run);
      if (verbose)
        g_signal_connect (gantry_runner_get_log (gantry_build_get_runner (build)), "items-changed",
                          G_CALLBACK (on_log_changed), &run);
    }
  g_main_loop_run (run.loop);
  g_main_loop_unref (run.loop);

  /* Verify what was built: where each binary runs, and why not. */
  built_ok = run.ok;
  if (run.ok && !no_verify)
    {
      GantryRecipe *recipe = gantry_build_get_recipe (build);
      GantryVerifyOptions vopts = { 0 };
      g_autoptr(GError) verify_error = NULL;

      /* what to run, where, and what ships beside it: the build's
       * recipe, which gantry_verify_build() reads itself */
      gantry_verify_options_apply_recipe (&vopts, recipe);

      if (!as_json)
        g_print ("Verifying…\n");
      if (!gantry_verify_build (store, build, &vopts, &matrix, interrupt, &verify_error))
        {
          run.ok = FALSE;
          g_propagate_error (&run.error, g_steal_pointer (&verify_error));
        }
      else if (gantry_recipe_get_verify_reproducible (recipe))
        {
          g_autoptr(GPtrArray) rebuilt = NULL;

          if (!as_json)
            g_print ("Rebuilding each target to check it is reproducible…\n");
          if (!gantry_verify_reproducible (store, gantry_build_get_run_id (build), &vopts, &rebuilt,
                                           interrupt, &verify_error))
            {
              run.ok = FALSE;
              g_propagate_error (&run.error, g_steal_pointer (&verify_error));
            }
          else
            g_ptr_array_extend_and_steal (matrix, g_steal_pointer (&rebuilt));
        }
      if (run.ok && gantry_verify_count (matrix, GANTRY_VERDICT_FAIL) > 0)
        {
          run.ok = FALSE;
          g_set_error (&run.error, GANTRY_BUILD_ERROR, GANTRY_BUILD_ERROR_VERIFY_FAILED,
                       "the release is in %s, but %u check(s) failed: the matrix says what was found and the fix.",
                       gantry_build_get_dist_dir (build), gantry_verify_count (matrix, GANTRY_VERDICT_FAIL));
        }
    }
  g_clear_object (&interrupt);

  if (as_json)
    {
      g_autoptr(JsonNode) root = results_to_json (build, run.ok);
      g_autofree char *text = NULL;

      if (matrix != NULL)
        json_object_set_member (json_node_get_object (root), "verify", gantry_verify_matrix_to_json (matrix));
      text = json_to_string (root, TRUE);
      gantry_cli_print_json (text);
    }
  else
    {
      print_summary (build, built_ok);
      if (matrix != NULL)
        {
          g_autofree char *table = gantry_verify_matrix_to_text (matrix);
          g_print ("\nWhere it runs:\n%s", table);
        }
    }

  if (!run.ok)
    {
      rc = gantry_cli_fail (command, run.error);
      g_clear_error (&run.error);
      return rc;
    }
  return GANTRY_EXIT_OK;
}

const GantryVerb gantry_verb_build = {
  "build", "build, check and package every target of a project", build_run,
};

/* gantry-cli-recipe.c — gantry recipe show | export | import, and gantry runs */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-cli"

#include "config.h"

#include <json-glib/json-glib.h>

#include "gantry-build.h"
#include "gantry-cli.h"
#include "gantry-export.h"
#include "gantry-history.h"
#include "gantry-go-graph.h"
#include "gantry-recipe.h"
#include "gantry-pipeline.h"

/* The project's current recipe; with @create, a new detected one is
 * saved when the project has none yet. */
static GantryRecipe *
current_recipe (GantryStore    *store,
                GantryProject  *project,
                gboolean        create,
                GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GantryRecipe) recipe = gantry_recipe_load (store, gantry_project_get_id (project), &local_error);

  if (recipe != NULL)
    return g_steal_pointer (&recipe);
  if (!create || !g_error_matches (local_error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  recipe = gantry_recipe_new_detected (project);
  if (!gantry_recipe_save (recipe, store, gantry_project_get_id (project), error))
    return NULL;
  return g_steal_pointer (&recipe);
}

static void
print_recipe (GantryProject *project,
              GantryRecipe  *recipe)
{
  GListModel *targets = gantry_recipe_get_targets (recipe);

  g_print ("Recipe of %s (revision %" G_GINT64_FORMAT ")\n", gantry_project_get_name (project),
           gantry_recipe_get_revision (recipe));
  g_print ("  main package  %s\n", gantry_recipe_get_main_package (recipe));
  g_print ("  binary        %s\n", gantry_recipe_get_binary_name (recipe));
  g_print ("  version       %s\n", gantry_recipe_get_version (recipe) ? gantry_recipe_get_version (recipe)
                                                                     : "from git describe, or dev");
  g_print ("  version var   %s\n", gantry_recipe_get_version_var (recipe) ? gantry_recipe_get_version_var (recipe) : "none");
  g_print ("  trimpath      %s\n", gantry_recipe_get_trimpath (recipe) ? "yes" : "no");
  g_print ("  targets:\n");
  for (guint i = 0; i < g_list_model_get_n_items (targets); i++)
    {
      g_autoptr(GantryTarget) t = g_list_model_get_item (targets, i);
      g_autofree char *key = gantry_target_get_key (t);

      g_autoptr(GantryGoGraph) graph = gantry_recipe_read_graph (recipe, project, t, NULL, NULL);
      g_autofree char *refused = graph ? gantry_recipe_check_cgo (t, graph) : NULL;

      g_print ("    %-28s cgo %-4s %s\n", key, gantry_cgo_to_string (gantry_target_get_cgo (t)),
               gantry_target_get_archive_format_or_default (t));
      /* what the target's packages need, and why */
      if (graph != NULL)
        {
          g_autofree char *why = gantry_go_graph_describe (graph);
          const char * const *libs = gantry_go_graph_get_pkg_config (graph);

          g_print ("      %s\n", why);
          if (gantry_go_graph_needs_cxx (graph))
            g_print ("      needs a C++ compiler (CXX): C++ files in the build\n");
          if (libs[0] != NULL)
            {
              g_autofree char *names = g_strjoinv (", ", (char **) libs);
              g_print ("      needs C libraries for this target (pkg-config): %s\n", names);
            }
          if (gantry_go_graph_get_note (graph) != NULL && !gantry_go_graph_is_guess (graph))
            g_print ("      note: %s\n", gantry_go_graph_get_note (graph));
        }
      if (refused != NULL)
        g_print ("      REFUSED: %s\n", refused);
    }
}

static gboolean
open_project (const char     *command,
              const char     *name,
              GantryStore   **store,
              GantryProject **project,
              int            *rc)
{
  g_autoptr(GError) error = NULL;

  *store = gantry_app_open_store (&error);
  if (*store == NULL)
    {
      *rc = gantry_cli_fail (command, error);
      return FALSE;
    }
  *project = gantry_store_find_project (*store, name, &error);
  if (*project == NULL)
    {
      *rc = gantry_cli_fail (command, error);
      return FALSE;
    }
  return TRUE;
}

static int
recipe_show (int    argc,
             char **argv)
{
  const char *command = argv[0];
  gboolean as_json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, "Print the recipe as gantry.json", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("PROJECT");
  g_autoptr(GantryStore) store = NULL;
  g_autoptr(GantryProject) project = NULL;
  g_autoptr(GantryRecipe) recipe = NULL;
  g_autoptr(GError) error = NULL;
  int rc;

  g_option_context_set_summary (context, "Show a project's release recipe (made from the project on first use).");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!gantry_cli_parse (context, command, &argc, &argv, 1, 1, &rc))
    return rc;
  if (!open_project (command, argv[1], &store, &project, &rc))
    return rc;

  recipe = current_recipe (store, project, TRUE, &error);
  if (recipe == NULL)
    return gantry_cli_fail (command, error);

  if (as_json)
    {
      g_autofree char *json = gantry_recipe_to_json (recipe);
      gantry_cli_print_json (json);
    }
  else
    print_recipe (project, recipe);
  return GANTRY_EXIT_OK;
}

static int
recipe_export (int    argc,
               char **argv)
{
  const char *command = argv[0];
  g_autofree char *file = NULL;
  gboolean goreleaser = FALSE, ci = FALSE;
  GOptionEntry entries[] = {
    { "file", 'f', 0, G_OPTION_ARG_FILENAME, &file, "Where to write (default: gantry.json, .goreleaser.yaml or .github/workflows/release.yml in the project)", "FILE" },
    { "goreleaser", 0, 0, G_OPTION_ARG_NONE, &goreleaser, "Write a .goreleaser.yaml: one build per target, CC and CXX in overrides", NULL },
    { "ci", 0, 0, G_OPTION_ARG_NONE, &ci, "Write a GitHub Actions workflow that builds the same matrix", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("PROJECT");
  g_autoptr(GantryStore) store = NULL;
  g_autoptr(GantryProject) project = NULL;
  g_autoptr(GantryRecipe) recipe = NULL;
  g_autoptr(GError) error = NULL;
  int rc;

  g_option_context_set_summary (context,
                                "Write the project's recipe as gantry.json, to commit with the project;\n"
                                "or, with --goreleaser or --ci, as a config for an existing build farm.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!gantry_cli_parse (context, command, &argc, &argv, 1, 1, &rc))
    return rc;
  if (!open_project (command, argv[1], &store, &project, &rc))
    return rc;

  if (goreleaser && ci)
    return gantry_cli_usage_error (command, "--goreleaser and --ci write different files: give one at a time.");

  recipe = current_recipe (store, project, TRUE, &error);
  if (recipe == NULL)
    return gantry_cli_fail (command, error);

  if (goreleaser || ci)
    {
      /* the compilers come from this machine's resolver, as for a build */
      GantryBuildOptions options = { 0 };
      g_autoptr(GantryBuild) build = gantry_build_new (store, project, &options, &error);
      g_autofree char *text = NULL;
      g_autofree char *parent = NULL;
      const GantryPlanInput *inputs;
      guint n = 0;

      if (build == NULL)
        return gantry_cli_fail (command, error);
      inputs = gantry_build_get_plan_inputs (build, &n);
      text = goreleaser ? gantry_export_goreleaser (project, recipe, inputs, n)
                        : gantry_export_github_workflow (project, recipe, inputs, n);
      if (file == NULL)
        file = goreleaser ? g_build_filename (gantry_project_get_path (project), ".goreleaser.yaml", NULL)
                          : g_build_filename (gantry_project_get_path (project), ".github", "workflows", "release.yml", NULL);
      parent = g_path_get_dirname (file);
      if (g_mkdir_with_parents (parent, 0755) != 0 || !g_file_set_contents (file, text, -1, &error))
        {
          if (error == NULL)
            g_set_error (&error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "Could not create the folder %s.", parent);
          return gantry_cli_fail (command, error);
        }
    }
  else
    {
      if (file == NULL)
        file = g_build_filename (gantry_project_get_path (project), "gantry.json", NULL);
      if (!gantry_recipe_export_file (recipe, file, &error))
        return gantry_cli_fail (command, error);
    }

  g_print ("Wrote %s\n", file);
  return GANTRY_EXIT_OK;
}

static int
recipe_import (int    argc,
               char **argv)
{
  const char *command = argv[0];
  g_autofree char *file = NULL;
  GOptionEntry entries[] = {
    { "file", 'f', 0, G_OPTION_ARG_FILENAME, &file, "What to read (default: gantry.json in the project)", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("PROJECT");
  g_autoptr(GantryStore) store = NULL;
  g_autoptr(GantryProject) project = NULL;
  g_autoptr(GantryRecipe) recipe = NULL;
  g_autoptr(GError) error = NULL;
  int rc;

  g_option_context_set_summary (context,
                                "Make gantry.json the project's recipe (a new revision; the old ones stay in the store).");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!gantry_cli_parse (context, command, &argc, &argv, 1, 1, &rc))
    return rc;
  if (!open_project (command, argv[1], &store, &project, &rc))
    return rc;

  if (file == NULL)
    file = g_build_filename (gantry_project_get_path (project), "gantry.json", NULL);
  recipe = gantry_recipe_import_file (file, &error);
  if (recipe == NULL)
    return gantry_cli_fail (command, error);
  if (!gantry_recipe_save (recipe, store, gantry_project_get_id (project), &error))
    return gantry_cli_fail (command, error);

  g_print ("Imported %s as revision %" G_GINT64_FORMAT " of %s's recipe\n", file,
           gantry_recipe_get_revision (recipe), gantry_project_get_name (project));
  return GANTRY_EXIT_OK;
}

static const GantryVerb recipe_verbs[] = {
  { "show", "show a project's recipe (--json: as gantry.json)", recipe_show },
  { "export", "write the recipe to gantry.json", recipe_export },
  { "import", "read gantry.json as the project's recipe", recipe_import },
};

static int
recipe_run (int    argc,
            char **argv)
{
  return gantry_cli_dispatch (argv[0], recipe_verbs, G_N_ELEMENTS (recipe_verbs), argc, argv);
}

const GantryVerb gantry_verb_recipe = {
  "recipe", "show, export and import release recipes", recipe_run,
};

static char *
format_ms (gint64 unix_ms)
{
  g_autoptr(GDateTime) dt = unix_ms > 0 ? g_date_time_new_from_unix_local (unix_ms / 1000) : NULL;

  return dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%S") : g_strdup ("-");
}

static void
add_string_array (JsonBuilder        *b,
                  const char * const *strv)
{
  json_builder_begin_array (b);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_builder_add_string_value (b, strv[i]);
  json_builder_end_array (b);
}

/* Everything one run did, in order: each step's command as a header
 * line, then its output; then every check of every binary. */
static int
print_run_log (const char  *command,
               GantryStore *store,
               gint64       run_id)
{
  g_autoptr(GantryRunInfo) info = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(GPtrArray) artifacts = NULL;
  g_autoptr(GPtrArray) verdicts = NULL;
  g_autoptr(GError) error = NULL;
  GantryShell shell = gantry_shell_default ();

  if (!gantry_history_read_run (store, run_id, &info, &steps, &artifacts, &verdicts, &error))
    return gantry_cli_fail (command, error);

  g_print ("Run %" G_GINT64_FORMAT " of %s: %s\n", info->id, info->project_name,
           gantry_outcome_to_label (gantry_outcome_from_state (info->state)));
  for (guint i = 0; i < steps->len; i++)
    {
      GantryStepRecord *s = g_ptr_array_index (steps, i);

      /* the step names its target ("build linux/amd64") */
      g_print ("\n== %s: %s", s->name, s->state);
      if (s->exit_status > 0)
        g_print (" (exit status %d)", s->exit_status);
      g_print ("\n");
      if (s->argv[0] != NULL)
        {
          g_autoptr(GantryStep) step = gantry_step_new_program (s->name, s->target,
                                                                (const char * const *) s->argv,
                                                                (const char * const *) s->env, s->cwd);
          g_autofree char *text = gantry_step_render (step, shell);

          g_print ("%s\n", text);
        }
      if (s->log != NULL && s->log[0] != '\0')
        g_print ("%s%s", s->log, g_str_has_suffix (s->log, "\n") ? "" : "\n");
    }
  if (verdicts->len > 0)
    g_print ("\n== checks\n");
  for (guint i = 0; i < verdicts->len; i++)
    {
      GantryVerdictRecord *v = g_ptr_array_index (verdicts, i);

      g_print ("%-8s %s %s %s%s%s\n", v->state, v->target, v->check_name, v->place,
               v->message ? ": " : "", v->message ? v->message : "");
    }
  return GANTRY_EXIT_OK;
}

static int
runs_run (int    argc,
          char **argv)
{
  const char *command = argv[0];
  gboolean as_json = FALSE;
  gint64 log_run = 0;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json,
      "Print a JSON array (fields: id, project, state, started_at, finished_at, steps, ok, failed, artifacts, targets_passed (built, no check failed), targets_failed, dist_dir)", NULL },
    { "log", 0, 0, G_OPTION_ARG_INT64, &log_run,
      "Print everything run RUN did: each command, its output, then every check", "RUN" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[PROJECT]");
  g_autoptr(GantryStore) store = NULL;
  g_autoptr(GantryProject) project = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  int rc;

  g_option_context_set_summary (context, "List past runs, newest first, of one project or all.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!gantry_cli_parse (context, command, &argc, &argv, 0, 1, &rc))
    return rc;

  store = gantry_app_open_store (&error);
  if (store == NULL)
    return gantry_cli_fail (command, error);
  if (log_run != 0)
    return print_run_log (command, store, log_run);
  if (argc > 1)
    {
      project = gantry_store_find_project (store, argv[1], &error);
      if (project == NULL)
        return gantry_cli_fail (command, error);
    }

  runs = gantry_history_list_runs (store, project ? gantry_project_get_id (project) : 0, &error);
  if (runs == NULL)
    return gantry_cli_fail (command, error);

  if (as_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < runs->len; i++)
        {
          GantryRunInfo *r = g_ptr_array_index (runs, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_int_value (b, r->id);
          json_builder_set_member_name (b, "project");
          json_builder_add_string_value (b, r->project_name);
          json_builder_set_member_name (b, "state");
          json_builder_add_string_value (b, r->state);
          json_builder_set_member_name (b, "verdict");
          json_builder_add_string_value (b, gantry_outcome_to_label (gantry_outcome_from_state (r->state)));
          json_builder_set_member_name (b, "started_at");
          json_builder_add_int_value (b, r->started_at);
          json_builder_set_member_name (b, "finished_at");
          json_builder_add_int_value (b, r->finished_at);
          json_builder_set_member_name (b, "steps");
          json_builder_add_int_value (b, r->n_steps);
          json_builder_set_member_name (b, "ok");
          json_builder_add_int_value (b, r->n_ok);
          json_builder_set_member_name (b, "failed");
          json_builder_add_int_value (b, r->n_failed);
          json_builder_set_member_name (b, "artifacts");
          json_builder_add_int_value (b, r->n_artifacts);
          json_builder_set_member_name (b, "targets_passed");
          add_string_array (b, (const char * const *) r->targets_passed);
          json_builder_set_member_name (b, "targets_failed");
          add_string_array (b, (const char * const *) r->targets_failed);
          json_builder_set_member_name (b, "dist_dir");
          if (r->dist_dir)
            json_builder_add_string_value (b, r->dist_dir);
          else
            json_builder_add_null_value (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      text = json_to_string (root, TRUE);
      gantry_cli_print_json (text);
      return GANTRY_EXIT_OK;
    }

  if (runs->len == 0)
    {
      g_print ("No runs yet: 'gantry build PROJECT' makes one.\n");
      return GANTRY_EXIT_OK;
    }

  g_print ("%-6s %-20s %-22s %-20s %-9s %s\n", "RUN", "PROJECT", "VERDICT", "STARTED", "DURATION", "TARGETS OK");
  for (guint i = 0; i < runs->len; i++)
    {
      GantryRunInfo *r = g_ptr_array_index (runs, i);
      g_autofree char *started = format_ms (r->started_at);
      g_autofree char *duration = r->finished_at
        ? g_strdup_printf ("%.1fs", (r->finished_at - r->started_at) / 1000.0) : g_strdup ("-");

      g_print ("%-6" G_GINT64_FORMAT " %-20s %-22s %-20s %-9s %u/%u\n", r->id, r->project_name,
               gantry_outcome_to_label (gantry_outcome_from_state (r->state)),
               started, duration, r->n_ok, r->n_steps);
    }
  return GANTRY_EXIT_OK;
}

const GantryVerb gantry_verb_runs = {
  "runs", "list past runs of a project, or of all", runs_run,
};

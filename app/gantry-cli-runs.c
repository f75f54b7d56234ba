/* gantry-cli-runs.c — gantry runs: past runs, and everything one of them did */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-cli"

#include "config.h"

#include <json-glib/json-glib.h>

#include "gantry-cli.h"
#include "gantry-history.h"
#include "gantry-pipeline.h"
#include "gantry-plan.h"

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

/* gantry-cli-status.c — gantry status: every project and its targets, each target's last verdict */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-cli"

#include "config.h"

#include <json-glib/json-glib.h>

#include "gantry-cli.h"
#include "gantry-status.h"

static JsonNode *
status_to_json (GPtrArray *all)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < all->len; i++)
    {
      const GantryProjectStatus *p = g_ptr_array_index (all, i);

      json_builder_begin_object (b);
      gantry_cli_json_add_string (b, "project", gantry_project_get_name (p->project));
      gantry_cli_json_add_string (b, "path", gantry_project_get_path (p->project));
      json_builder_set_member_name (b, "has_recipe");
      json_builder_add_boolean_value (b, p->has_recipe);
      json_builder_set_member_name (b, "targets");
      json_builder_begin_array (b);
      for (guint k = 0; k < p->cells->len; k++)
        {
          const GantryStatusCell *c = g_ptr_array_index (p->cells, k);

          json_builder_begin_object (b);
          gantry_cli_json_add_string (b, "target", c->target);
          gantry_cli_json_add_string (b, "state", c->never ? "never" : gantry_outcome_to_state (c->outcome));
          gantry_cli_json_add_string (b, "verdict", gantry_status_cell_label (c));
          gantry_cli_json_add_string (b, "why", c->why);
          json_builder_set_member_name (b, "run");
          if (c->never)
            json_builder_add_null_value (b);
          else
            json_builder_add_int_value (b, c->run_id);
          json_builder_set_member_name (b, "when");
          if (c->never)
            json_builder_add_null_value (b);
          else
            json_builder_add_int_value (b, c->when);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

static int
status_run (int    argc,
            char **argv)
{
  const char *command = argv[0];
  gboolean as_json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json,
      "Print a JSON array: per project {project, path, has_recipe, targets: [{target, state (released, problems, not-released, ... or never), verdict, why, run, when (Unix ms)}]}", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GantryStore) store = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / 1000;
  int rc;

  g_option_context_set_summary (context, "Every project and its targets, each with its last verdict and when.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!gantry_cli_parse (context, command, &argc, &argv, 0, 0, &rc))
    return rc;

  store = gantry_app_open_store (&error);
  if (store == NULL)
    return gantry_cli_fail (command, error);
  all = gantry_status_read (store, &error);
  if (all == NULL)
    return gantry_cli_fail (command, error);

  if (as_json)
    {
      g_autoptr(JsonNode) root = status_to_json (all);

      gantry_cli_print_json_node (root);
      return GANTRY_EXIT_OK;
    }

  if (all->len == 0)
    {
      g_print ("No projects yet: 'gantry project add FOLDER' adds one.\n");
      return GANTRY_EXIT_OK;
    }
  g_print ("%-20s %-28s %-14s %-12s %-6s %s\n", "PROJECT", "TARGET", "LAST VERDICT", "WHEN", "RUN", "WHY");
  for (guint i = 0; i < all->len; i++)
    {
      const GantryProjectStatus *p = g_ptr_array_index (all, i);

      if (p->cells->len == 0)
        g_print ("%-20s %s\n", gantry_project_get_name (p->project),
                 "no targets yet: 'gantry build " "NAME' makes a recipe and builds it");
      for (guint k = 0; k < p->cells->len; k++)
        {
          const GantryStatusCell *c = g_ptr_array_index (p->cells, k);
          g_autofree char *age = c->never ? g_strdup ("-") : gantry_status_format_age (c->when, now);
          g_autofree char *run = c->never ? g_strdup ("-") : g_strdup_printf ("#%" G_GINT64_FORMAT, c->run_id);

          g_print ("%-20s %-28s %-14s %-12s %-6s %s\n", k == 0 ? gantry_project_get_name (p->project) : "",
                   c->target, gantry_status_cell_label (c), age, run, c->why ? c->why : "");
        }
    }
  return GANTRY_EXIT_OK;
}

const GantryVerb gantry_verb_status = {
  "status", "every project's targets and their last verdicts, at a glance", status_run,
};

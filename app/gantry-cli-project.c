/* gantry-cli-project.c — gantry project add | list | remove */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-cli"

#include "config.h"

#include <json-glib/json-glib.h>

#include "gantry-cli.h"
#include "gantry-go-graph.h"
#include "gantry-recipe.h"

static char *
format_time (gint64 unix_ms)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_ms / 1000);

  return dt ? g_date_time_format_iso8601 (dt) : g_strdup ("");
}

static char *
join_mains (GantryProject *project)
{
  const char * const *mains = gantry_project_get_main_packages (project);

  if (mains[0] == NULL)
    return g_strdup ("none");
  return g_strjoinv (", ", (char **) mains);
}

static int
project_add (int    argc,
             char **argv)
{
  const char *command = argv[0];
  g_autofree char *name = NULL;
  GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, "Name in Gantry (default: the folder's name)", "NAME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("DIR");
  g_autoptr(GantryStore) store = NULL;
  g_autoptr(GantryProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mains = NULL;
  int rc;

  g_option_context_set_summary (context, "Add the Go module in DIR (the folder holding go.mod) to Gantry.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!gantry_cli_parse (context, command, &argc, &argv, 1, 1, &rc))
    return rc;

  if (name != NULL && g_strstrip (name)[0] == '\0')
    return gantry_cli_usage_error (command, "--name is empty: give the project a name.");

  project = gantry_project_load (argv[1], &error);
  if (project == NULL)
    return gantry_cli_fail (command, error);
  if (name != NULL)
    gantry_project_set_name (project, name);

  store = gantry_app_open_store (&error);
  if (store == NULL)
    return gantry_cli_fail (command, error);

  if (!gantry_store_add_project (store, project, &error))
    return gantry_cli_fail (command, error);

  mains = join_mains (project);
  g_print ("Added project %s (module %s, go %s, cgo %s, main packages: %s) from %s\n",
           gantry_project_get_name (project),
           gantry_project_get_module (project),
           gantry_project_get_go_version (project) ? gantry_project_get_go_version (project) : "unknown",
           gantry_project_get_uses_cgo (project) ? "yes" : "no",
           mains,
           gantry_project_get_path (project));
  if (gantry_project_get_cgo_summary (project) != NULL)
    g_print ("cgo: %s\n", gantry_project_get_cgo_summary (project));
  if (gantry_project_get_main_packages (project)[0] == NULL)
    g_print ("Note: no main package was found, so there is nothing to build yet.\n");

  return GANTRY_EXIT_OK;
}

/* What each target of the project's recipe (the stored one, or the one
 * Gantry would make) needs, from its build graph; *uses_cgo when any
 * needs cgo, and the packages that bring it. */
static JsonNode *
targets_to_json (GantryStore   *store,
                 GantryProject *project,
                 gboolean      *uses_cgo,
                 GPtrArray     *cgo_packages)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryRecipe) recipe = gantry_recipe_load_or_detect (store, project, FALSE, &error);
  g_autoptr(JsonArray) array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  GListModel *targets;

  /* one unreadable recipe does not hide the other projects */
  if (recipe == NULL)
    {
      g_printerr ("project: %s: %s (its targets are listed as Gantry would detect them)\n",
                  gantry_project_get_name (project), error->message);
      recipe = gantry_recipe_new_detected (project);
    }
  targets = gantry_recipe_get_targets (recipe);
  *uses_cgo = FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (targets); i++)
    {
      g_autoptr(GantryTarget) t = g_list_model_get_item (targets, i);
      g_autoptr(GantryGoGraph) graph = gantry_recipe_read_graph (recipe, project, t, NULL, NULL);
      g_autofree char *key = gantry_target_get_key (t);
      g_autofree char *refused = NULL;
      JsonNode *g;
      JsonObject *o;
      const GantryGoPackage *pkgs;
      guint n = 0;

      if (graph == NULL)
        continue;
      g = gantry_go_graph_to_json (graph);
      o = json_node_get_object (g);
      /* the recipe's key ("linux/amd64/static@musl"), the graph's platform beside it */
      json_object_set_string_member (o, "platform", json_object_get_string_member (o, "target"));
      json_object_set_string_member (o, "target", key);
      json_object_set_string_member (o, "cgo", gantry_cgo_to_string (gantry_target_get_cgo (t)));
      refused = gantry_recipe_check_cgo (t, graph);
      if (refused != NULL)
        json_object_set_string_member (o, "refused", refused);
      else
        json_object_set_null_member (o, "refused");
      json_array_add_element (array, g);

      *uses_cgo = *uses_cgo || gantry_go_graph_needs_cgo (graph);
      pkgs = gantry_go_graph_get_native (graph, &n);
      for (guint j = 0; j < n; j++)
        if ((pkgs[j].cgo_files > 0 || pkgs[j].swig_files > 0) &&
            !g_ptr_array_find_with_equal_func (cgo_packages, pkgs[j].path, g_str_equal, NULL))
          g_ptr_array_add (cgo_packages, g_strdup (pkgs[j].path));
    }
  json_node_set_array (node, array);
  return node;
}

static JsonNode *
project_to_json (GantryStore   *store,
                 GantryProject *project)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *added = format_time (gantry_project_get_added_at (project));
  const char * const *mains = gantry_project_get_main_packages (project);
  g_autoptr(GPtrArray) cgo_packages = g_ptr_array_new_with_free_func (g_free);
  gboolean uses_cgo = FALSE;
  JsonNode *targets = targets_to_json (store, project, &uses_cgo, cgo_packages);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, gantry_project_get_name (project));
  json_builder_set_member_name (b, "path");
  json_builder_add_string_value (b, gantry_project_get_path (project));
  json_builder_set_member_name (b, "module");
  json_builder_add_string_value (b, gantry_project_get_module (project));
  json_builder_set_member_name (b, "go_version");
  if (gantry_project_get_go_version (project))
    json_builder_add_string_value (b, gantry_project_get_go_version (project));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "toolchain");
  if (gantry_project_get_toolchain (project))
    json_builder_add_string_value (b, gantry_project_get_toolchain (project));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "uses_cgo");
  json_builder_add_boolean_value (b, uses_cgo);
  json_builder_set_member_name (b, "cgo_packages");
  json_builder_begin_array (b);
  for (guint i = 0; i < cgo_packages->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (cgo_packages, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "targets");
  json_builder_add_value (b, targets);
  json_builder_set_member_name (b, "main_packages");
  json_builder_begin_array (b);
  for (guint i = 0; mains[i] != NULL; i++)
    json_builder_add_string_value (b, mains[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "added_at");
  json_builder_add_string_value (b, added);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static int
project_list (int    argc,
              char **argv)
{
  const char *command = argv[0];
  gboolean as_json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, "Print a JSON array (fields: name, path, module, go_version, toolchain, uses_cgo, cgo_packages, targets[]: what each target's build graph needs, main_packages, added_at)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GantryStore) store = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GError) error = NULL;
  int rc;

  g_option_context_set_summary (context, "List the projects Gantry knows.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!gantry_cli_parse (context, command, &argc, &argv, 0, 0, &rc))
    return rc;

  store = gantry_app_open_store (&error);
  if (store == NULL)
    return gantry_cli_fail (command, error);

  projects = gantry_store_list_projects (store, &error);
  if (projects == NULL)
    return gantry_cli_fail (command, error);

  if (as_json)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      g_autofree char *text = NULL;

      for (guint i = 0; i < projects->len; i++)
        json_array_add_element (array, project_to_json (store, g_ptr_array_index (projects, i)));
      json_node_set_array (root, array);
      text = json_to_string (root, TRUE);
      gantry_cli_print_json (text);
      return GANTRY_EXIT_OK;
    }

  if (projects->len == 0)
    {
      g_print ("No projects yet: add one with 'gantry project add DIR'.\n");
      return GANTRY_EXIT_OK;
    }

  g_print ("%-20s %-36s %-5s %s\n", "NAME", "MODULE", "CGO", "FOLDER");
  for (guint i = 0; i < projects->len; i++)
    {
      GantryProject *p = g_ptr_array_index (projects, i);

      g_print ("%-20s %-36s %-5s %s\n",
               gantry_project_get_name (p),
               gantry_project_get_module (p),
               gantry_project_get_uses_cgo (p) ? "yes" : "no",
               gantry_project_get_path (p));
    }

  return GANTRY_EXIT_OK;
}

static int
project_remove (int    argc,
                char **argv)
{
  const char *command = argv[0];
  g_autoptr(GOptionContext) context = g_option_context_new ("NAME");
  g_autoptr(GantryStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int rc;

  g_option_context_set_summary (context,
                                "Remove the project NAME from Gantry, with its recipe and run history.\n"
                                "The project's folder and files are not touched.");
  if (!gantry_cli_parse (context, command, &argc, &argv, 1, 1, &rc))
    return rc;

  store = gantry_app_open_store (&error);
  if (store == NULL)
    return gantry_cli_fail (command, error);

  if (!gantry_store_remove_project (store, argv[1], &error))
    return gantry_cli_fail (command, error);

  g_print ("Removed project %s from Gantry; its folder was left as it is.\n", argv[1]);
  return GANTRY_EXIT_OK;
}

static const GantryVerb project_verbs[] = {
  { "add", "add a Go module folder as a project", project_add },
  { "list", "list the projects (--json for a machine-readable list)", project_list },
  { "remove", "forget a project (its files stay)", project_remove },
};

static int
project_run (int    argc,
             char **argv)
{
  return gantry_cli_dispatch (argv[0], project_verbs, G_N_ELEMENTS (project_verbs), argc, argv);
}

const GantryVerb gantry_verb_project = {
  "project", "add, list and remove Go projects", project_run,
};

/* gantry-cli-recipe.c — gantry recipe show | export | import */
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

static void
print_recipe (GantryProject *project,
              GantryRecipe  *recipe)
{
  GListModel *targets = gantry_recipe_get_targets (recipe);

  g_print ("Recipe of %s (revision %" G_GINT64_FORMAT ")\n", gantry_project_get_name (project),
           gantry_recipe_get_revision (recipe));
  {
    const char * const *mains = gantry_recipe_get_main_packages (recipe);

    g_print ("  main package  %s\n", mains[0]);
    /* several programs: each, with the name of the file it makes */
    if (mains[1] != NULL)
      {
        g_print ("  programs      %u, each in every archive:\n", g_strv_length ((char **) mains));
        for (guint i = 0; mains[i] != NULL; i++)
          {
            g_autofree char *name = gantry_recipe_get_program_name (recipe, mains[i]);
            const char * const *run_args = NULL;
            const char *expect = NULL;

            g_print ("    %-28s %s\n", mains[i], name);
            /* checked its own way (verify.programs) */
            if (gantry_recipe_get_program_verify (recipe, mains[i], &run_args, &expect))
              {
                g_autofree char *args = run_args ? g_strjoinv (" ", (char **) run_args) : NULL;

                g_print ("      run with    %s\n", args ? args : "the recipe's arguments");
                if (expect != NULL)
                  g_print ("      must print  /%s/\n", expect);
              }
          }
      }
  }
  g_print ("  binary        %s\n", gantry_recipe_get_binary_name (recipe));
  g_print ("  version       %s\n", gantry_recipe_get_version (recipe) ? gantry_recipe_get_version (recipe)
                                                                     : "from git describe, or dev");
  g_print ("  version var   %s\n", gantry_recipe_get_version_var (recipe) ? gantry_recipe_get_version_var (recipe) : "none");
  g_print ("  trimpath      %s\n", gantry_recipe_get_trimpath (recipe) ? "yes" : "no");
  g_print ("  unbuildable   %s\n", gantry_recipe_get_block_unbuildable (recipe)
                                  ? "block: a target no compiler here can build stops the release"
                                  : "skip: a target no compiler here can build is left out, the others are released");
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

  recipe = gantry_recipe_load_or_detect (store, project, TRUE, &error);
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
  GantryExportKind kind;
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

  recipe = gantry_recipe_load_or_detect (store, project, TRUE, &error);
  if (recipe == NULL)
    return gantry_cli_fail (command, error);

  kind = goreleaser ? GANTRY_EXPORT_GORELEASER : ci ? GANTRY_EXPORT_CI : GANTRY_EXPORT_RECIPE;
  if (file == NULL)
    file = gantry_export_default_path (project, kind);
  if (!gantry_export_write (store, project, recipe, kind, file, &error))
    return gantry_cli_fail (command, error);

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

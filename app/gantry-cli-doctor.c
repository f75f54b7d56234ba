/* gantry-cli-doctor.c — gantry doctor: does every target's C compiler build a cgo program? */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-cli"

#include "config.h"

#include <stdio.h>
#include <json-glib/json-glib.h>

#include "gantry-cli.h"
#include "gantry-go-graph.h"
#include "gantry-recipe.h"
#include "gantry-target.h"
#include "gantry-toolchain.h"

static JsonNode *
doctor_to_json (const GantryDoctorResult *r)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  gantry_cli_json_add_string (b, "target", r->target);
  json_builder_set_member_name (b, "ok");
  json_builder_add_boolean_value (b, r->ok);
  gantry_cli_json_add_string (b, "compiler", r->compiler);
  gantry_cli_json_add_string (b, "cc", r->cc);
  gantry_cli_json_add_string (b, "reason", r->reason);
  gantry_cli_json_add_string (b, "step", r->step);
  gantry_cli_json_add_string (b, "command", r->command);
  gantry_cli_json_add_string (b, "output", r->output);
  gantry_cli_json_add_string (b, "explanation", r->explanation);
  json_builder_set_member_name (b, "seconds");
  json_builder_add_double_value (b, r->seconds);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

typedef struct
{
  GantryTargetSpec spec;
  gboolean cgo;
} DoctorTarget;

static void
print_doctor_result (const GantryDoctorResult *r,
                     const char               *what,
                     gboolean                  verbose)
{
  g_print ("%s%s %-28s %s (%.1f s)\n", gantry_cli_stdout_is_terminal () ? "\r\033[K" : "", r->ok ? "✓" : "✗", r->target,
           what, r->seconds);
  if (r->cc != NULL)
    g_print ("    %s=%s\n", g_strcmp0 (r->step, "cxx") == 0 ? "CXX" : "CC", r->cc);
  if (r->reason != NULL && (verbose || !r->ok))
    g_print ("    why: %s\n", r->reason);
  if (verbose && r->command != NULL)
    g_print ("    ran: %s\n", r->command);
  if (!r->ok)
    {
      if (r->step != NULL && g_strcmp0 (r->step, "resolve") != 0 && g_strcmp0 (r->step, what) != 0)
        g_print ("    failed at: %s\n", r->step);
      if (r->output != NULL)
        {
          g_auto(GStrv) lines = g_strsplit (r->output, "\n", -1);

          for (guint l = 0; lines[l] != NULL && l < 12; l++)
            g_print ("    | %s\n", lines[l]);
          if (g_strv_length (lines) > 12)
            g_print ("    | … (%u more lines)\n", g_strv_length (lines) - 12);
        }
      if (r->explanation != NULL)
        g_print ("    meaning: %s\n", r->explanation);
    }
}

static void
doctor_target_clear (gpointer p)
{
  gantry_target_spec_clear (&((DoctorTarget *) p)->spec);
}

/* A recipe target as the resolver sees it. */
static void
spec_from_target (GantryTarget     *t,
                  GantryTargetSpec *out)
{
  *out = (GantryTargetSpec) { 0 };
  out->goos = g_strdup (gantry_target_get_goos (t));
  out->goarch = g_strdup (gantry_target_get_goarch (t));
  out->goarm = g_strdup (gantry_target_get_goarm (t));
  switch (gantry_target_get_libc (t))
    {
    case GANTRY_LIBC_GNU:
      out->libc = g_strdup ("gnu");
      break;
    case GANTRY_LIBC_MUSL:
      out->libc = g_strdup ("musl");
      break;
    case GANTRY_LIBC_DEFAULT:
    default:
      break;
    }
  out->is_static = gantry_target_get_link_mode (t) == GANTRY_LINK_STATIC;
  out->glibc_floor = g_strdup (gantry_target_get_glibc_floor (t));
  if (out->glibc_floor != NULL && out->libc == NULL)
    out->libc = g_strdup ("gnu");
}

static int
doctor_run (int    argc,
            char **argv)
{
  const char *command = argv[0];
  g_auto(GStrv) targets = NULL;
  gboolean as_json = FALSE;
  gboolean verbose = FALSE;
  GOptionEntry entries[] = {
    { "target", 't', 0, G_OPTION_ARG_STRING_ARRAY, &targets, "A target to check (repeatable), e.g. linux/arm64, linux/amd64/musl/static, linux/amd64/glibc2.17, windows/amd64", "TARGET" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Show the command run for each target", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, "Print a JSON array of results", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[PROJECT]");
  g_autoptr(GantryStore) store = NULL;
  g_autoptr(GPtrArray) tools = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(GArray) checks = g_array_new (FALSE, TRUE, sizeof (DoctorTarget));
  g_autoptr(GantryProject) project = NULL;
  gboolean cgo = TRUE;
  guint failed = 0;
  guint needs_failed = 0;
  int rc;

  g_array_set_clear_func (checks, doctor_target_clear);
  g_option_context_set_summary (context,
                                "For each target, compile and link a tiny C file and build a tiny cgo\n"
                                "program with the compiler Gantry would choose, and report ✓ or ✗.\n"
                                "With PROJECT (a name or a folder), its recipe's targets are checked,\n"
                                "and targets without cgo build with CGO_ENABLED=0.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!gantry_cli_parse (context, command, &argc, &argv, 0, 1, &rc))
    return rc;

  store = gantry_app_open_store (&error);
  if (store == NULL)
    return gantry_cli_fail (command, error);

  if (argc > 1)
    {
      if (g_file_test (argv[1], G_FILE_TEST_IS_DIR))
        project = gantry_project_load (argv[1], &error);
      else
        project = gantry_store_find_project (store, argv[1], &error);
      if (project == NULL)
        return gantry_cli_fail (command, error);
      cgo = gantry_project_get_uses_cgo (project);
      if (!as_json)
        g_print ("Project %s: %s\n", gantry_project_get_name (project),
                 cgo ? "uses cgo, so each target needs a C compiler" : "has no cgo, so every target builds with CGO_ENABLED=0");
    }

  if (targets != NULL && targets[0] != NULL)
    {
      for (guint i = 0; targets[i] != NULL; i++)
        {
          DoctorTarget d = { .cgo = cgo };

          if (!gantry_target_spec_parse (targets[i], &d.spec, &error))
            return gantry_cli_usage_error (command, "%s", error->message);
          g_array_append_val (checks, d);
        }
    }
  else if (project != NULL)
    {
      g_autoptr(GantryRecipe) recipe = NULL;
      GListModel *list;

      /* a folder not added as a project has no stored recipe */
      if (gantry_project_get_id (project) > 0)
        recipe = gantry_recipe_load_or_detect (store, project, FALSE, &error);
      else
        recipe = gantry_recipe_new_detected (project);
      if (recipe == NULL)
        return gantry_cli_fail (command, error);
      list = gantry_recipe_get_targets (recipe);
      for (guint i = 0; i < g_list_model_get_n_items (list); i++)
        {
          g_autoptr(GantryTarget) t = g_list_model_get_item (list, i);
          DoctorTarget d = { .cgo = gantry_target_cgo_enabled (t, cgo) };

          spec_from_target (t, &d.spec);
          g_array_append_val (checks, d);
        }
    }
  else
    {
      const char * const *defaults = gantry_doctor_default_targets ();

      for (guint i = 0; defaults[i] != NULL; i++)
        {
          DoctorTarget d = { .cgo = TRUE };

          gantry_target_spec_parse (defaults[i], &d.spec, NULL);
          g_array_append_val (checks, d);
        }
    }

  tools = gantry_toolchain_detect (store, NULL, &error);
  if (tools == NULL)
    return gantry_cli_fail (command, error);

  for (guint i = 0; i < checks->len; i++)
    {
      DoctorTarget *d = &g_array_index (checks, DoctorTarget, i);
      g_autoptr(GantryDoctorResult) r = NULL;
      g_autofree char *label = gantry_target_spec_to_string (&d->spec);

      if (!as_json && gantry_cli_stdout_is_terminal ())
        {
          g_print ("… %s", label);
          fflush (stdout);
        }
      r = gantry_doctor_check (&d->spec, d->cgo, tools, NULL);
      if (!r->ok)
        failed++;

      if (as_json)
        json_array_add_element (array, doctor_to_json (r));
      else
        print_doctor_result (r, r->compiler ? r->compiler : "no compiler", verbose);
      /* what the project's packages need beyond a C compiler for this
       * target: C++, and pkg-config libraries built for it */
      if (project != NULL && d->cgo)
        {
          g_autoptr(GPtrArray) needs = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_doctor_result_free);
          const char * const *mains = gantry_project_get_main_packages (project);
          GantryGoGraphQuery q = { d->spec.goos, d->spec.goarch, d->spec.goarm, NULL,
                                   mains[0] ? mains : NULL, NULL };
          g_autoptr(GantryGoGraph) graph = gantry_go_graph_read (gantry_project_get_path (project), &q, NULL, NULL, NULL);

          if (graph != NULL)
            gantry_doctor_check_needs (&d->spec, graph, tools, needs, NULL);
          for (guint n = 0; n < needs->len; n++)
            {
              GantryDoctorResult *need = g_ptr_array_index (needs, n);

              if (!need->ok)
                needs_failed++;
              if (as_json)
                json_array_add_element (array, doctor_to_json (need));
              else
                print_doctor_result (need, need->step, verbose);
            }
        }
    }
  if (as_json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (root, array);
      gantry_cli_print_json_node (root);
    }
  else
    g_print ("%u of %u targets build.%s\n", checks->len - failed, checks->len,
             needs_failed > 0 ? " Some need C++ or libraries that are missing: see ✗ above." : "");

  return failed == 0 && needs_failed == 0 ? GANTRY_EXIT_OK : GANTRY_EXIT_FAILED;
}

const GantryVerb gantry_verb_doctor = {
  "doctor", "check that every target's C compiler builds a cgo program", doctor_run,
};

/* test-export.c — GoReleaser and GitHub Actions exports carry the recipe's targets and compilers */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "gantry-export.h"
#include "gantry-test-util.h"

static GantryProject *
project (void)
{
  const char *mains[] = { ".", NULL };

  return g_object_new (GANTRY_TYPE_PROJECT, "name", "hello", "path", "/src/hello",
                       "module", "example.com/hello", "uses-cgo", TRUE, "main-packages", mains, NULL);
}

/* Parses @yaml with PyYAML where it is installed and prints a summary:
 * the real parser is the judge of well-formedness. */
static char *
yaml_summary (const char *yaml,
              const char *expr)
{
  g_autofree char *python = g_find_program_in_path ("python3");
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;

  if (python == NULL)
    return NULL;
  script = g_strdup_printf ("import sys\ntry:\n import yaml\nexcept ImportError:\n sys.exit(77)\n"
                            "d = yaml.safe_load(sys.stdin.read())\nprint(%s)\n", expr);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                           python, "-c", script, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, yaml, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (proc) == 77)
    return NULL;
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  return g_strstrip (g_steal_pointer (&out));
}

static void
test_exports (void)
{
  g_autoptr(GantryProject) p = project ();
  g_autoptr(GantryRecipe) recipe = gantry_recipe_new_detected (p);
  GListModel *targets = gantry_recipe_get_targets (recipe);
  GantryPlanInput inputs[4] = { { 0 } };
  g_autofree char *gr = NULL, *gh = NULL, *summary = NULL, *matrix = NULL;

  for (guint i = 0; i < 4; i++)
    {
      inputs[i].target = g_list_model_get_item (targets, i);
      inputs[i].cgo_enabled = TRUE;
    }
  inputs[0].cc = "/usr/bin/gcc";
  inputs[1].cc = "/usr/bin/musl-gcc";
  inputs[1].extra_ldflags = "-linkmode external";
  inputs[1].extra_extldflags = "-static";
  inputs[2].cc = "/opt/zig/zig cc -target aarch64-linux-gnu.2.17";
  inputs[3].unbuildable = "no C compiler for windows/amd64";

  gr = gantry_export_goreleaser (p, recipe, inputs, 4);
  g_assert_nonnull (strstr (gr, "- id: linux_amd64_static_musl"));
  g_assert_nonnull (strstr (gr, "\"CC=musl-gcc\""));                 /* no machine path */
  g_assert_nonnull (strstr (gr, "\"CC=zig cc -target aarch64-linux-gnu.2.17\""));
  g_assert_nonnull (strstr (gr, "-X main.version={{.Version}} -linkmode external -extldflags '-static'"));
  g_assert_nonnull (strstr (gr, "# windows_amd64 left out: no C compiler"));
  g_assert_nonnull (strstr (gr, "name_template: SHA256SUMS"));

  gh = gantry_export_github_workflow (p, recipe, inputs, 4);
  g_assert_nonnull (strstr (gh, "apt: \"musl-tools\""));
  g_assert_nonnull (strstr (gh, "zig: true"));
  g_assert_nonnull (strstr (gh, "-X main.version=${{ github.ref_name }}"));

  summary = yaml_summary (gr, "len(d['builds']), [b['overrides'][0]['env'][0] for b in d['builds']]");
  if (summary != NULL)
    g_assert_cmpstr (summary, ==, "3 ['CC=gcc', 'CC=musl-gcc', 'CC=zig cc -target aarch64-linux-gnu.2.17']");
  matrix = yaml_summary (gh, "[m['target'] for m in d['jobs']['build']['strategy']['matrix']['include']]");
  if (matrix != NULL)
    g_assert_cmpstr (matrix, ==, "['linux/amd64', 'linux/amd64/static@musl', 'linux/arm64']");
  if (summary == NULL || matrix == NULL)
    g_test_message ("PyYAML missing: checked the text only");

  for (guint i = 0; i < 4; i++)
    g_object_unref (inputs[i].target);
}

/* Several programs: one GoReleaser build per program per target, each
 * with its main: and binary:. */
static void
test_several_programs (void)
{
  const char *mains[] = { "./cmd/cli", "./cmd/server", NULL };
  g_autoptr(GantryProject) p = g_object_new (GANTRY_TYPE_PROJECT, "name", "two", "path", "/src/two",
                                             "module", "example.com/two", "uses-cgo", FALSE,
                                             "main-packages", mains, NULL);
  g_autoptr(GantryRecipe) recipe = gantry_recipe_new_detected (p);
  GListModel *targets = gantry_recipe_get_targets (recipe);
  guint n = g_list_model_get_n_items (targets);
  g_autofree GantryPlanInput *inputs = g_new0 (GantryPlanInput, n);
  g_autofree char *gr = NULL, *gh = NULL, *summary = NULL;

  g_assert_cmpstr (gantry_recipe_get_main_packages (recipe)[1], ==, "./cmd/server");
  for (guint i = 0; i < n; i++)
    inputs[i].target = g_list_model_get_item (targets, i);

  gr = gantry_export_goreleaser (p, recipe, inputs, n);
  g_assert_nonnull (strstr (gr, "main: \"./cmd/cli\"\n    binary: \"cli\"\n"));
  g_assert_nonnull (strstr (gr, "main: \"./cmd/server\"\n    binary: \"server\"\n"));
  g_assert_nonnull (strstr (gr, "- id: cli-linux_amd64\n"));
  g_assert_nonnull (strstr (gr, "- id: server-linux_amd64\n"));
  gh = gantry_export_github_workflow (p, recipe, inputs, n);
  g_assert_nonnull (strstr (gh, "-o \"dist/${{ matrix.slug }}/\" ./cmd/cli ./cmd/server"));

  summary = yaml_summary (gr, "len(d['builds']), sorted(set((b['main'], b['binary']) for b in d['builds'])), "
                              "sorted(set(b['goos'][0] + '/' + b['goarch'][0] for b in d['builds'] if b['binary'] == 'server'))");
  if (summary != NULL)
    {
      g_autofree char *expected = g_strdup_printf ("%u [('./cmd/cli', 'cli'), ('./cmd/server', 'server')] [", 2 * n);

      /* every target has both programs */
      g_assert_true (g_str_has_prefix (summary, expected));
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *platform = g_strdup_printf ("'%s/%s'", gantry_target_get_goos (inputs[i].target),
                                                       gantry_target_get_goarch (inputs[i].target));
          g_assert_nonnull (strstr (summary, platform));
        }
    }
  else
    g_test_message ("PyYAML missing: checked the text only");

  for (guint i = 0; i < n; i++)
    g_object_unref (inputs[i].target);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/export/goreleaser-and-workflow", test_exports);
  g_test_add_func ("/core/export/several-programs", test_several_programs);
  return g_test_run ();
}

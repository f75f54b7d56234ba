/* test-plan-build.c — a plan's bash text, run in a clean shell, builds the same bytes Gantry does */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "gantry-plan.h"
#include "gantry-sample.h"
#include "gantry-test-util.h"

typedef struct
{
  const char *cc;          /* NULL: cgo off */
  const char *goos;
  const char *goarch;
  GantryLinkMode link;
  GantryLibc libc;
  const char *extldflags;
  const char *ldflags;
} Case;

static const Case cases[] = {
  { "gcc", "linux", "amd64", GANTRY_LINK_DYNAMIC, GANTRY_LIBC_DEFAULT, NULL, NULL },
  { "musl-gcc", "linux", "amd64", GANTRY_LINK_STATIC, GANTRY_LIBC_MUSL, "-static", "-linkmode external" },
  { NULL, "linux", "arm64", GANTRY_LINK_DYNAMIC, GANTRY_LIBC_DEFAULT, NULL, NULL },
  { "x86_64-w64-mingw32-gcc", "windows", "amd64", GANTRY_LINK_DYNAMIC, GANTRY_LIBC_DEFAULT, NULL, NULL },
};

static char *root;
static char *project_dir;
static char *pure_dir;
static char *gocache;

static GantryPlan *
make_plan (const Case *c,
           const char *out_dir)
{
  g_autoptr(GError) error = NULL;
  /* the sample needs cgo; the cgo-off case builds a pure Go module */
  g_autoptr(GantryProject) project = gantry_project_load (c->cc ? project_dir : pure_dir, &error);
  g_autoptr(GantryRecipe) recipe = gantry_recipe_new ();
  g_autoptr(GantryTarget) t = gantry_target_new (c->goos, c->goarch);
  GantryPlanOptions options = { "go", out_dir, gocache, "1.0.0 \"ünï\" 100%" };
  GantryPlanInput in = { 0 };
  GantryPlan *plan;

  g_assert_no_error (error);
  gantry_recipe_set_binary_name (recipe, "hello cgo");
  gantry_recipe_set_main_package (recipe, ".");
  gantry_recipe_set_version_var (recipe, "main.version");
  gantry_recipe_set_trimpath (recipe, TRUE);
  gantry_target_set_cgo (t, c->cc ? GANTRY_CGO_ON : GANTRY_CGO_OFF);
  gantry_target_set_link_mode (t, c->link);
  gantry_target_set_libc (t, c->libc);
  gantry_recipe_add_target (recipe, t);

  in.target = t;
  in.cgo_enabled = c->cc != NULL;
  in.cc = c->cc;
  in.extra_extldflags = c->extldflags;
  in.extra_ldflags = c->ldflags;

  plan = gantry_plan_new (project, recipe, &in, 1, &options, &error);
  g_assert_no_error (error);
  return plan;
}

static gboolean
contains_bytes (const char *haystack,
                gsize       len,
                const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (haystack + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static void
test_bash_matches_own_run (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *go = gantry_test_find_program ("go");
  g_autofree char *bash = gantry_test_find_program ("bash");
  g_autofree char *cc = c->cc ? gantry_test_find_program (c->cc) : NULL;
  g_autofree char *slug = g_strdup_printf ("%s-%s-%s", c->goos, c->goarch, c->cc ? c->cc : "nocgo");
  g_autofree char *own_dir = g_build_filename (root, "own", slug, NULL);
  g_autofree char *bash_dir = g_build_filename (root, "bash", slug, NULL);
  g_autoptr(GantryPlan) own_plan = NULL;
  g_autoptr(GantryPlan) bash_plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *script = NULL;
  g_autofree char *own_bin = NULL, *bash_bin = NULL;
  gsize own_len = 0, bash_len = 0;
  const GantryStep *step;

  if (go == NULL || bash == NULL)
    {
      g_test_skip ("skipped: needs go and bash on PATH");
      return;
    }
  if (c->cc != NULL && cc == NULL)
    {
      g_autofree char *why = g_strdup_printf ("skipped: no %s on PATH", c->cc);
      g_test_skip (why);
      return;
    }

  /* Gantry's own run: the argv, with the step's environment changes
   * applied to this process's environment, in the step's folder. */
  own_plan = make_plan (c, own_dir);
  step = gantry_plan_get_step (own_plan, 0);
  {
    g_auto(GStrv) base_env = g_get_environ ();
    g_auto(GStrv) env = gantry_step_apply_env (step, base_env);
    g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                         G_SUBPROCESS_FLAGS_STDERR_MERGE);
    g_autoptr(GSubprocess) proc = NULL;
    g_autofree char *log = NULL;

    g_subprocess_launcher_set_environ (launcher, env);
    g_subprocess_launcher_set_cwd (launcher, step->cwd);
    proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) step->argv, &error);
    g_assert_no_error (error);
    g_subprocess_communicate_utf8 (proc, NULL, NULL, &log, NULL, &error);
    g_assert_no_error (error);
    if (!g_subprocess_get_successful (proc))
      g_error ("own run of %s failed:\n%s", step->name, log);
  }

  /* The bash text, in a shell that has nothing but PATH and HOME. */
  bash_plan = make_plan (c, bash_dir);
  script = gantry_plan_render (bash_plan, GANTRY_SHELL_BASH);
  {
    g_autofree char *path_env = g_strdup_printf ("PATH=%s", g_getenv ("PATH"));
    g_autofree char *home_env = g_strdup_printf ("HOME=%s", root);
    const char *argv[] = { "env", "-i", path_env, home_env, bash, "-c", script, NULL };
    g_autoptr(GSubprocess) proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                           G_SUBPROCESS_FLAGS_STDERR_MERGE, &error);
    g_autofree char *log = NULL;

    g_assert_no_error (error);
    g_subprocess_communicate_utf8 (proc, NULL, NULL, &log, NULL, &error);
    g_assert_no_error (error);
    if (!g_subprocess_get_successful (proc))
      g_error ("bash rendering failed:\n%s\n--- script ---\n%s", log, script);
  }

  own_bin = gantry_test_read_file (step->output, &own_len);
  bash_bin = gantry_test_read_file (gantry_plan_get_step (bash_plan, 0)->output, &bash_len);
  g_assert_cmpuint (own_len, >, 100000);
  g_assert_cmpmem (own_bin, own_len, bash_bin, bash_len);

  /* and the version with quotes, non-ASCII and % reached the binary */
  g_assert_true (contains_bytes (own_bin, own_len, "1.0.0 \"ünï\" 100%"));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GFile) src = NULL;
  g_autoptr(GFile) dst = NULL;
  g_autoptr(GError) error = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);

  /* A project folder with spaces and non-ASCII in its path. */
  root = gantry_test_make_tmpdir ("plan build");
  project_dir = g_build_filename (root, "my prøject ü", "hello-cgo", NULL);
  gocache = g_build_filename (root, "go cache", NULL);
  src = g_file_new_for_path (g_getenv ("GANTRY_SAMPLE_DIR"));
  dst = g_file_new_for_path (project_dir);
  gantry_copy_tree (src, dst, NULL, &error);
  g_assert_no_error (error);
  pure_dir = g_build_filename (root, "pure gö", NULL);
  gantry_test_write_file (pure_dir, "go.mod", "module example.com/pure\n\ngo 1.18\n");
  gantry_test_write_file (pure_dir, "main.go",
                          "package main\n\nimport \"fmt\"\n\nvar version = \"dev\"\n\n"
                          "func main() { fmt.Println(\"pure\", version) }\n");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/integration/plan/bash-matches-own-run/%s-%s-%s",
                                               cases[i].goos, cases[i].goarch,
                                               cases[i].cc ? cases[i].cc : "cgo-off");
      g_test_add_data_func (path, &cases[i], test_bash_matches_own_run);
    }

  rc = g_test_run ();

  gantry_test_rm_rf (root);
  g_free (root);
  g_free (project_dir);
  g_free (pure_dir);
  g_free (gocache);
  return rc;
}

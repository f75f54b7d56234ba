/* test-plan.c — plans are pure, and their shell renderings hand programs the exact argv */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "gantry-plan.h"
#include "gantry-test-util.h"

/* Words that break naive quoting in at least one shell. */
static const char *hard_words[] = {
  "plain",
  "with space",
  "it's",
  "say \"hi\"",
  "$HOME and ${PATH} and $(id) and `id`",
  "back\\slash\\",
  "trailing backslash \\",
  "\\\"",
  "100% ^caret^ & pipe | <in >out (paren)",
  "!bang! *glob* ?q [set] {a,b} ~tilde #hash ;semi",
  "tab\there",
  "ünïcødé 日本語 ‘curly’",
  "-X 'main.version=1.2.3' -extldflags '-static -Wl,--no-insert-timestamp'",
  "",
};

static GantryProject *
sample_project (const char *path)
{
  const char *mains[] = { ".", NULL };

  return g_object_new (GANTRY_TYPE_PROJECT,
                       "name", "hello-cgo", "path", path, "module", "example.com/hello-cgo",
                       "uses-cgo", TRUE, "main-packages", mains, NULL);
}

static void
test_bash_quote_round_trip (void)
{
  g_autofree char *bash = gantry_test_find_program ("bash");
  g_autoptr(GString) script = g_string_new ("printf '%s\\0'");
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GError) error = NULL;
  const char *p, *end;
  gsize len;
  guint i = 0;

  if (bash == NULL)
    {
      g_test_skip ("skipped: no bash on PATH");
      return;
    }

  for (guint w = 0; w < G_N_ELEMENTS (hard_words); w++)
    {
      g_autofree char *q = gantry_shell_quote (GANTRY_SHELL_BASH, hard_words[w]);
      g_string_append_printf (script, " %s", q);
    }

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, bash, "-c", script->str, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));

  p = g_bytes_get_data (out, &len);
  end = p + len;
  while (p < end)
    {
      g_assert_cmpuint (i, <, G_N_ELEMENTS (hard_words));
      g_assert_cmpstr (p, ==, hard_words[i]);
      p += strlen (p) + 1;
      i++;
    }
  g_assert_cmpuint (i, ==, G_N_ELEMENTS (hard_words));
}

/* CommandLineToArgvW's rules (what Go's os.Args uses on Windows),
 * written out as the reference the renderers must satisfy. */
static GPtrArray *
msvcrt_split (const char *line)
{
  GPtrArray *args = g_ptr_array_new_with_free_func (g_free);
  const char *p = line;

  while (*p)
    {
      GString *arg;
      gboolean quoted = FALSE;

      while (*p == ' ' || *p == '\t')
        p++;
      if (*p == '\0')
        break;
      arg = g_string_new (NULL);
      while (*p && (quoted || (*p != ' ' && *p != '\t')))
        {
          if (*p == '\\')
            {
              guint n = 0;
              while (*p == '\\')
                n++, p++;
              if (*p == '"')
                {
                  for (guint i = 0; i < n / 2; i++)
                    g_string_append_c (arg, '\\');
                  if (n % 2 == 1)
                    g_string_append_c (arg, '"'), p++;
                }
              else
                for (guint i = 0; i < n; i++)
                  g_string_append_c (arg, '\\');
            }
          else if (*p == '"')
            {
              if (quoted && p[1] == '"')
                {
                  g_string_append_c (arg, '"');
                  p += 2;
                  continue;
                }
              quoted = !quoted;
              p++;
            }
          else
            g_string_append_c (arg, *p++);
        }
      g_ptr_array_add (args, g_string_free (arg, FALSE));
    }
  return args;
}

/* What cmd.exe does to a .bat line before the program sees it: %%
 * becomes %, and outside quotes a caret escapes the next character. */
static char *
cmd_unescape (const char *line)
{
  GString *s = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = line; *p; p++)
    {
      if (*p == '%')
        {
          g_assert_true (p[1] == '%'); /* a lone % would expand */
          g_string_append_c (s, '%');
          p++;
          continue;
        }
      if (*p == '"')
        quoted = !quoted;
      if (!quoted && *p == '^')
        {
          p++;
          g_assert_true (*p != '\0');
          g_string_append_c (s, *p);
          continue;
        }
      if (!quoted)
        g_assert_null (strchr ("&|<>()", *p));
      g_string_append_c (s, *p);
    }
  return g_string_free (s, FALSE);
}

static void
test_cmd_quote_rules (void)
{
  g_autoptr(GString) line = g_string_new ("go.exe");
  g_autofree char *after_cmd = NULL;
  g_autoptr(GPtrArray) args = NULL;

  for (guint w = 0; w < G_N_ELEMENTS (hard_words); w++)
    {
      g_autofree char *q = gantry_shell_quote (GANTRY_SHELL_CMD, hard_words[w]);
      g_string_append_printf (line, " %s", q);
    }

  after_cmd = cmd_unescape (line->str);
  args = msvcrt_split (after_cmd);
  g_assert_cmpuint (args->len, ==, G_N_ELEMENTS (hard_words) + 1);
  for (guint w = 0; w < G_N_ELEMENTS (hard_words); w++)
    g_assert_cmpstr (g_ptr_array_index (args, w + 1), ==, hard_words[w]);
}

/* PowerShell single quotes: '' is one quote, nothing else is special. */
static char *
powershell_unquote (const char *word)
{
  GString *s = g_string_new (NULL);
  const char *p = word;

  g_assert_true (*p == '\'');
  for (p++; *p; p++)
    {
      if (*p == '\'')
        {
          if (p[1] == '\'')
            {
              g_string_append_c (s, '\'');
              p++;
              continue;
            }
          g_assert_cmpint (p[1], ==, '\0');
          break;
        }
      g_string_append_c (s, *p);
    }
  return g_string_free (s, FALSE);
}

static void
test_powershell_quote_rules (void)
{
  for (guint w = 0; w < G_N_ELEMENTS (hard_words); w++)
    {
      g_autofree char *q = gantry_shell_quote (GANTRY_SHELL_POWERSHELL, hard_words[w]);
      g_autofree char *ps_value = NULL;
      g_autofree char *native = NULL;
      g_autoptr(GPtrArray) args = NULL;

      if (strstr (hard_words[w], "‘") != NULL)
        continue; /* checked below: typographic quotes are doubled */

      ps_value = powershell_unquote (q);
      /* Legacy native passing: PowerShell wraps a value holding
       * whitespace in quotes and adds nothing else. */
      if (ps_value[0] == '\0' || strpbrk (ps_value, " \t") != NULL)
        native = g_strdup_printf ("\"%s\"", ps_value);
      else
        native = g_strdup (ps_value);
      args = msvcrt_split (native);
      if (hard_words[w][0] == '\0')
        {
          /* '""' → "" → one empty argument */
          g_assert_cmpstr (ps_value, ==, "\"\"");
          continue;
        }
      g_assert_cmpuint (args->len, ==, 1);
      g_assert_cmpstr (g_ptr_array_index (args, 0), ==, hard_words[w]);
    }

  {
    g_autofree char *q = gantry_shell_quote (GANTRY_SHELL_POWERSHELL, "a‘b’c'd");
    g_assert_cmpstr (q, ==, "'a‘‘b’’c''d'");
  }
}

static GantryPlan *
make_plan (const char *project_path,
           const char *out_dir,
           const char *version)
{
  g_autoptr(GantryProject) project = sample_project (project_path);
  g_autoptr(GantryRecipe) recipe = gantry_recipe_new_detected (project);
  g_autoptr(GError) error = NULL;
  GListModel *targets = gantry_recipe_get_targets (recipe);
  GantryPlanInput inputs[4];
  const char *zig_env[] = { "ZIG_GLOBAL_CACHE_DIR=/cache/zig", NULL };
  GantryPlanOptions options = { "go", out_dir, "/cache/go", version };
  GantryPlan *plan;

  g_assert_cmpuint (g_list_model_get_n_items (targets), ==, 4);
  memset (inputs, 0, sizeof inputs);
  for (guint i = 0; i < 4; i++)
    {
      inputs[i].target = g_list_model_get_item (targets, i);
      inputs[i].cgo_enabled = TRUE;
    }
  inputs[0].cc = "gcc";
  inputs[0].reason = "native build: the host gcc";
  inputs[1].cc = "musl-gcc";
  inputs[1].extra_ldflags = "-linkmode external";
  inputs[1].extra_extldflags = "-static";
  inputs[2].cc = "zig cc -target aarch64-linux-gnu.2.17";
  inputs[2].extra_env = zig_env;
  inputs[3].unbuildable = "no C compiler for windows/amd64: install MinGW-w64 or Zig from Toolchains";

  plan = gantry_plan_new (project, recipe, inputs, 4, &options, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 4; i++)
    g_object_unref (inputs[i].target);
  return plan;
}

static void
test_plan_steps (void)
{
  g_autoptr(GantryPlan) plan = make_plan ("/src/my project", "/out dir", "1.2.3");
  g_autoptr(GantryPlan) again = make_plan ("/src/my project", "/out dir", "1.2.3");
  const GantryStep *dyn, *stat, *arm, *win;
  g_autofree char *a = NULL, *b = NULL, *ldflags = NULL;
  g_autofree char *expected_out = g_build_filename ("/out dir", "linux_amd64_static_musl", "hello-cgo", NULL);

  g_assert_cmpuint (gantry_plan_get_n_steps (plan), ==, 4);
  dyn = gantry_plan_get_step (plan, 0);
  stat = gantry_plan_get_step (plan, 1);
  arm = gantry_plan_get_step (plan, 2);
  win = gantry_plan_get_step (plan, 3);

  g_assert_cmpstr (dyn->name, ==, "build linux/amd64");
  g_assert_cmpstr (dyn->cwd, ==, "/src/my project");
  g_assert_cmpstr (dyn->argv[0], ==, "go");
  g_assert_cmpstr (dyn->argv[1], ==, "build");
  g_assert_cmpstr (dyn->argv[2], ==, "-trimpath");
  g_assert_cmpstr (dyn->argv[3], ==, "-ldflags");
  g_assert_cmpstr (dyn->argv[4], ==, "-X main.version=1.2.3");
  g_assert_true (g_strv_contains ((const char * const *) dyn->env, "CC=gcc"));
  g_assert_true (g_strv_contains ((const char * const *) dyn->env, "CGO_ENABLED=1"));
  g_assert_true (g_strv_contains ((const char * const *) dyn->env, "GOARM"));   /* cleared */
  g_assert_true (g_strv_contains ((const char * const *) dyn->env, "GOCACHE=/cache/go"));
  g_assert_true (g_strv_contains ((const char * const *) dyn->env, "GOFLAGS=-buildvcs=false"));

  ldflags = g_strjoinv (" ", stat->argv);
  g_assert_nonnull (strstr (ldflags, "-ldflags -X main.version=1.2.3 -linkmode external -extldflags '-static' -o"));
  g_assert_cmpstr (stat->output, ==, expected_out);

  g_assert_true (g_strv_contains ((const char * const *) arm->env, "CC=zig cc -target aarch64-linux-gnu.2.17"));
  g_assert_true (g_strv_contains ((const char * const *) arm->env, "ZIG_GLOBAL_CACHE_DIR=/cache/zig"));
  g_assert_true (g_strv_contains ((const char * const *) arm->env, "GOARCH=arm64"));

  g_assert_null (win->argv);
  g_assert_nonnull (strstr (win->reason, "install MinGW-w64"));

  /* pure: the same inputs give the same plan, in every rendering */
  for (GantryShell sh = GANTRY_SHELL_BASH; sh <= GANTRY_SHELL_CMD; sh++)
    {
      g_free (a);
      g_free (b);
      a = gantry_plan_render (plan, sh);
      b = gantry_plan_render (again, sh);
      g_assert_cmpstr (a, ==, b);
      g_assert_nonnull (strstr (a, "not built: no C compiler for windows/amd64"));
    }
}

static void
test_windows_reproducible_flag (void)
{
  g_autoptr(GantryProject) project = sample_project ("/src/p");
  g_autoptr(GantryRecipe) recipe = gantry_recipe_new ();
  g_autoptr(GantryTarget) win = gantry_target_new ("windows", "amd64");
  g_autoptr(GantryTarget) pure = gantry_target_new ("windows", "arm64");
  g_autoptr(GantryPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  GantryPlanInput inputs[2] = { { 0 } };
  GantryPlanOptions options = { "go", "/out", NULL, NULL };
  g_autofree char *cmdline = NULL, *pure_line = NULL;

  gantry_recipe_set_binary_name (recipe, "app");
  gantry_target_set_cgo (pure, GANTRY_CGO_OFF);
  gantry_recipe_add_target (recipe, win);
  gantry_recipe_add_target (recipe, pure);
  inputs[0] = (GantryPlanInput) { win, TRUE, "x86_64-w64-mingw32-gcc" };
  inputs[1] = (GantryPlanInput) { pure, FALSE };

  plan = gantry_plan_new (project, recipe, inputs, 2, &options, &error);
  g_assert_no_error (error);
  cmdline = g_strjoinv (" ", gantry_plan_get_step (plan, 0)->argv);
  g_assert_nonnull (strstr (cmdline, "-extldflags '-Wl,--no-insert-timestamp'"));
  g_assert_true (g_str_has_suffix (gantry_plan_get_step (plan, 0)->output, "app.exe"));
  g_assert_true (g_strv_contains ((const char * const *) gantry_plan_get_step (plan, 1)->env, "CGO_ENABLED=0"));
  g_assert_true (g_strv_contains ((const char * const *) gantry_plan_get_step (plan, 1)->env, "CC"));
  pure_line = g_strjoinv (" ", gantry_plan_get_step (plan, 1)->argv);
  g_assert_null (strstr (pure_line, "extldflags"));
}

static void
test_cgo_without_compiler_refused (void)
{
  g_autoptr(GantryProject) project = sample_project ("/src/p");
  g_autoptr(GantryRecipe) recipe = gantry_recipe_new ();
  g_autoptr(GantryTarget) t = gantry_target_new ("linux", "arm64");
  g_autoptr(GError) error = NULL;
  GantryPlanInput in = { t, TRUE, NULL };
  GantryPlanOptions options = { "go", "/out", NULL, NULL };

  gantry_recipe_set_binary_name (recipe, "app");
  gantry_recipe_add_target (recipe, t);
  g_assert_null (gantry_plan_new (project, recipe, &in, 1, &options, &error));
  g_assert_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "linux/arm64"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/plan/bash-quote-round-trip", test_bash_quote_round_trip);
  g_test_add_func ("/core/plan/cmd-quote-rules", test_cmd_quote_rules);
  g_test_add_func ("/core/plan/powershell-quote-rules", test_powershell_quote_rules);
  g_test_add_func ("/core/plan/steps", test_plan_steps);
  g_test_add_func ("/core/plan/windows-reproducible-flag", test_windows_reproducible_flag);
  g_test_add_func ("/core/plan/cgo-without-compiler-refused", test_cgo_without_compiler_refused);

  return g_test_run ();
}

/* test-plan.c — plans are pure, and their shell renderings hand programs the exact argv */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>

#include "gantry-package.h"
#include "gantry-plan.h"
#include "gantry-test-util.h"
#include "gantry-toolchain-private.h"

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

/* The doctor's command lines (what it ran, shown in its details) are
 * quoted by the plan's bash quoter, word for word, as before: safe
 * words bare, the rest in single quotes. */
static void
test_doctor_uses_plan_quoter (void)
{
  const char *argv[] = { "go", "build", "-o", "/tmp/a b/x", "-ldflags", "-X 'main.v=1'", "", NULL };
  g_autofree char *line = _gantry_toolchain_shell_quote (argv);

  g_assert_cmpstr (line, ==, "go build -o '/tmp/a b/x' -ldflags '-X '\\''main.v=1'\\''' ''");
  for (guint w = 0; w < G_N_ELEMENTS (hard_words); w++)
    {
      const char *one[] = { hard_words[w], NULL };
      g_autofree char *joined = _gantry_toolchain_shell_quote (one);
      g_autofree char *plan = gantry_shell_quote (GANTRY_SHELL_BASH, hard_words[w]);

      g_assert_cmpstr (joined, ==, plan);
    }
}

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

/* Modules the cache lacks: go mod download is step 0, for no target,
 * with the builds' GOFLAGS and GOCACHE; the targets' steps follow. */
static void
test_download_step (void)
{
  g_autoptr(GantryProject) project = sample_project ("/src/p");
  g_autoptr(GantryRecipe) recipe = gantry_recipe_new ();
  g_autoptr(GantryTarget) lin = gantry_target_new ("linux", "amd64");
  g_autoptr(GantryPlan) plan = NULL;
  g_autoptr(GantryPlan) none = NULL;
  g_autoptr(GError) error = NULL;
  GantryPlanInput inputs[1] = { { 0 } };
  const char *missing[] = { "example.com/dep@v1.0.0", "example.com/other@v0.2.0", NULL };
  GantryPlanOptions options = { "go", "/out", "/cache/go", "1.0.0" };
  const GantryStep *download;
  g_autofree char *text = NULL;

  gantry_recipe_set_binary_name (recipe, "app");
  gantry_target_set_cgo (lin, GANTRY_CGO_OFF);
  gantry_recipe_add_target (recipe, lin);
  inputs[0] = (GantryPlanInput) { lin, FALSE };

  options.missing_modules = missing;
  plan = gantry_plan_new (project, recipe, inputs, 1, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gantry_plan_get_n_prepare_steps (plan), ==, 1);
  g_assert_cmpuint (gantry_plan_get_n_steps (plan), ==, 2);
  download = gantry_plan_get_step (plan, 0);
  g_assert_null (download->target);
  g_assert_cmpstr (download->name, ==, "download modules");
  g_assert_cmpstr (download->argv[0], ==, "go");
  g_assert_cmpstr (download->argv[1], ==, "mod");
  g_assert_cmpstr (download->argv[2], ==, "download");
  g_assert_null (download->argv[3]);
  g_assert_cmpstr (download->cwd, ==, "/src/p");
  g_assert_true (g_strv_contains ((const char * const *) download->env, "GOFLAGS=-buildvcs=false"));
  g_assert_true (g_strv_contains ((const char * const *) download->env, "GOCACHE=/cache/go"));
  g_assert_nonnull (strstr (download->reason, "2 modules are not in the module cache yet: example.com/dep@v1.0.0, example.com/other@v0.2.0"));
  g_assert_cmpstr (gantry_plan_get_step (plan, 1)->target, ==, "linux/amd64");
  /* the package step still belongs to the target */
  g_assert_cmpstr (gantry_plan_get_package_step (plan, 0)->target, ==, "linux/amd64");
  for (GantryShell sh = GANTRY_SHELL_BASH; sh <= GANTRY_SHELL_CMD; sh++)
    {
      g_free (text);
      text = gantry_plan_render (plan, sh);
      g_assert_nonnull (strstr (text, "download modules"));
      g_assert_true (strstr (text, "mod") < strstr (text, "build"));
    }

  /* nothing missing: no step */
  options.missing_modules = NULL;
  none = gantry_plan_new (project, recipe, inputs, 1, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gantry_plan_get_n_prepare_steps (none), ==, 0);
  g_assert_cmpuint (gantry_plan_get_n_steps (none), ==, 1);
}

/* Several programs: one go build per target makes each (-o names the
 * folder, go names the programs), and the archive holds them all. */
static void
test_several_programs (void)
{
  g_autoptr(GantryProject) project = sample_project ("/src/p");
  g_autoptr(GantryRecipe) recipe = gantry_recipe_new ();
  g_autoptr(GantryTarget) win = gantry_target_new ("windows", "amd64");
  g_autoptr(GantryPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  GantryPlanInput inputs[1] = { { 0 } };
  const char *mains[] = { "./cmd/server", "./cmd/cli", NULL };
  GantryPlanOptions options = { "go", "/out", NULL, "1.0.0" };
  g_autofree char *dir = g_build_filename ("/out", "windows_amd64", NULL);
  g_autofree char *folder = g_strconcat (dir, G_DIR_SEPARATOR_S, NULL);
  g_autofree char *server = g_build_filename ("/out", "windows_amd64", "server.exe", NULL);
  g_autofree char *cli = g_build_filename ("/out", "windows_amd64", "cli.exe", NULL);
  const GantryStep *step, *archive;
  guint n;

  gantry_recipe_set_binary_name (recipe, "two");
  gantry_recipe_set_main_packages (recipe, mains);
  gantry_target_set_cgo (win, GANTRY_CGO_OFF);
  gantry_recipe_add_target (recipe, win);
  inputs[0] = (GantryPlanInput) { win, FALSE };

  plan = gantry_plan_new (project, recipe, inputs, 1, &options, &error);
  g_assert_no_error (error);
  step = gantry_plan_get_step (plan, 0);
  n = g_strv_length (step->argv);
  g_assert_cmpstr (step->argv[n - 4], ==, "-o");
  g_assert_true (g_str_has_suffix (step->argv[n - 3], G_DIR_SEPARATOR_S));
  g_assert_cmpstr (step->argv[n - 3], ==, folder);
  g_assert_cmpstr (step->argv[n - 2], ==, "./cmd/server");
  g_assert_cmpstr (step->argv[n - 1], ==, "./cmd/cli");
  g_assert_cmpuint (g_strv_length (step->outputs), ==, 2);
  g_assert_cmpstr (step->outputs[0], ==, server);
  g_assert_cmpstr (step->outputs[1], ==, cli);
  g_assert_cmpstr (step->output, ==, server);

  archive = gantry_plan_get_package_step (plan, 0);
  g_assert_true (g_strv_contains ((const char * const *) archive->inputs, server));
  g_assert_true (g_strv_contains ((const char * const *) archive->inputs, cli));
  g_assert_nonnull (strstr (archive->output, "two_1.0.0_windows_amd64.zip"));
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

/* ------------------------------------------------------------------ */
/* Lines that fit, broken only between words                           */
/* ------------------------------------------------------------------ */

/* Whether @line, less its indent, its continuation and an option
 * before it, is one shell word: no blank outside quotes (as bash sees them; PowerShell's ''
 * and cmd's "" toggle twice, so they read the same). */
static gboolean
is_one_word (const char *line)
{
  g_autofree char *word = g_strdup (line + strspn (line, " "));
  gboolean single = FALSE, dbl = FALSE;

  if (g_str_has_suffix (word, " \\") || g_str_has_suffix (word, " `") || g_str_has_suffix (word, " ^"))
    word[strlen (word) - 2] = '\0';
  /* an option stays with its value: "-o <a long path>" */
  if (g_regex_match_simple ("^('--?[A-Za-z]+'|--?[A-Za-z]+) ", word, 0, 0))
    memmove (word, strchr (word, ' ') + 1, strlen (strchr (word, ' ')));
  for (const char *p = word; *p; p++)
    {
      if (*p == '\\' && !single && p[1] != '\0')
        p++;  /* bash: an escaped quote */
      else if (*p == '\'' && !dbl)
        single = !single;
      else if (*p == '"' && !single)
        dbl = !dbl;
      else if (*p == ' ' && !single && !dbl)
        return FALSE;
    }
  return TRUE;
}

/* Every line fits, but one that holds a single word wider than a line. */
static void
assert_lines_fit (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_utf8_strlen (lines[i], -1) > GANTRY_RENDER_COLUMNS && !is_one_word (lines[i]))
      g_error ("line %u is %ld columns wide:\n%s", i, g_utf8_strlen (lines[i], -1), text);
}

/* The line holding @start, with every continuation after it joined as
 * the shell does: @continuation ("^", "`") and the line break go, the
 * next line's text (its indent too) follows. */
static char *
joined_line (const char *text,
             const char *start,
             const char *continuation)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GString) line = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (line == NULL && !g_str_has_prefix (lines[i], start))
        continue;
      if (line == NULL)
        line = g_string_new (NULL);
      g_string_append (line, lines[i]);
      if (!g_str_has_suffix (line->str, continuation))
        return g_string_free (g_steal_pointer (&line), FALSE);
      g_string_truncate (line, line->len - strlen (continuation));
    }
  g_assert_not_reached ();
}

static GantryStep *
long_step (const char *program,
           const char *cwd)
{
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  const char *env[] = { "GANTRY_PLAN_TEST=set it", "GANTRY_PLAN_UNSET", NULL };
  g_auto(GStrv) args = NULL;

  g_strv_builder_add (argv, program);
  if (g_str_equal (program, "printf"))
    g_strv_builder_add (argv, "%s\\0");
  for (guint w = 0; w < G_N_ELEMENTS (hard_words); w++)
    g_strv_builder_add (argv, hard_words[w]);
  /* long enough to need several lines, in words a line can hold */
  g_strv_builder_add_many (argv, "-ldflags", "-s -w -X main.version=1.2.3 -linkmode external -extldflags -static",
                           "-o", "/a/rather/long/folder/name/that/goes/on/for/a/while/linux_amd64/hello", NULL);
  args = g_strv_builder_end (argv);
  return gantry_step_new_program ("long", "linux/amd64", (const char * const *) args, env, cwd);
}

static void
test_lines_break_between_words (void)
{
  g_autofree char *bash = gantry_test_find_program ("bash");
  g_autofree char *dir = gantry_test_make_tmpdir ("plan-lines");

  /* bash: run it, and printf gets every word whole */
  if (bash != NULL)
    {
      g_autoptr(GantryStep) step = long_step ("printf", dir);
      g_autofree char *text = gantry_step_render (step, GANTRY_SHELL_BASH);
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(GBytes) out = NULL;
      g_autoptr(GError) error = NULL;
      const char *p, *end;
      gsize len;
      guint i = 2;

      assert_lines_fit (text);
      g_assert_nonnull (strstr (text, " \\\n    "));
      proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, bash, "-c", text, NULL);
      g_assert_no_error (error);
      g_subprocess_communicate (proc, NULL, NULL, &out, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_successful (proc));
      p = g_bytes_get_data (out, &len);
      end = p + len;
      for (; p < end; p += strlen (p) + 1, i++)
        g_assert_cmpstr (p, ==, step->argv[i]);
      g_assert_cmpuint (i, ==, g_strv_length (step->argv));
    }
  else
    g_test_message ("no bash: its rendering is not run");

  /* cmd: joined as cmd joins "^" lines, the program gets every word */
  {
    g_autoptr(GantryStep) step = long_step ("go.exe", "C:\\src\\my project");
    g_autofree char *text = gantry_step_render (step, GANTRY_SHELL_CMD);
    g_autofree char *line = joined_line (text, "go.exe", "^");
    g_autofree char *after_cmd = cmd_unescape (line);
    g_autoptr(GPtrArray) args = msvcrt_split (after_cmd);

    assert_lines_fit (text);
    g_assert_nonnull (strstr (text, " ^\n    "));
    g_assert_cmpuint (args->len, ==, g_strv_length (step->argv));
    for (guint w = 0; w < args->len; w++)
      g_assert_cmpstr (g_ptr_array_index (args, w), ==, step->argv[w]);
  }

  /* PowerShell: joined as PowerShell joins "`" lines, the words are
   * the quoted words one after another */
  {
    g_autoptr(GantryStep) step = long_step ("go.exe", "C:\\src\\my project");
    g_autofree char *text = gantry_step_render (step, GANTRY_SHELL_POWERSHELL);
    g_autofree char *line = joined_line (text, "& ", "`");
    g_autoptr(GString) expected = g_string_new ("&");
    g_auto(GStrv) words = NULL;
    g_autofree char *squeezed = NULL;

    assert_lines_fit (text);
    g_assert_nonnull (strstr (text, " `\n    "));
    for (guint w = 0; step->argv[w] != NULL; w++)
      {
        g_autofree char *q = w == 0 ? g_strdup ("'go.exe'") : gantry_shell_quote (GANTRY_SHELL_POWERSHELL, step->argv[w]);
        g_string_append_printf (expected, " %s", q);
      }
    /* what separates two words is blanks only, and only between words */
    words = g_strsplit (line, " " "    ", -1);
    squeezed = g_strjoinv (" ", words);
    g_assert_cmpstr (squeezed, ==, expected->str);
  }

  gantry_test_rm_rf (dir);
}

/* ------------------------------------------------------------------ */
/* Package steps: what Gantry does itself, as commands                 */
/* ------------------------------------------------------------------ */

static GantryPlan *
make_windows_plan (const char *project_path,
                   const char *out_dir)
{
  g_autoptr(GantryProject) project = sample_project (project_path);
  g_autoptr(GantryRecipe) recipe = gantry_recipe_new ();
  g_autoptr(GantryTarget) win = gantry_target_new ("windows", "amd64");
  g_autoptr(GError) error = NULL;
  GantryPlanInput in = { win, FALSE };
  GantryPlanOptions options = { "go", out_dir, NULL, "2.0.0" };
  GantryPlan *plan;

  gantry_recipe_set_binary_name (recipe, "hello-cgo");
  gantry_target_set_cgo (win, GANTRY_CGO_OFF);
  gantry_recipe_add_target (recipe, win);
  plan = gantry_plan_new (project, recipe, &in, 1, &options, &error);
  g_assert_no_error (error);
  return plan;
}

static char *
run_text (const char  *program,
          const char  *cwd,
          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (char *) program);
  va_start (ap, cwd);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_set_cwd (launcher, cwd);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (proc))
    g_error ("%s failed:\n%s", program, out);
  return g_steal_pointer (&out);
}

static int
compare_lines (const void *a,
               const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static gboolean
have_programs (const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = gantry_test_find_program (names[i]);

      if (path == NULL)
        return FALSE;
    }
  return TRUE;
}

/* An archive's entries, one a line, sorted. */
static char *
list_archive (const char *path)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  if (g_str_has_suffix (path, ".zip"))
    out = run_text ("unzip", NULL, "-Z1", path, NULL);
  else
    out = run_text ("tar", NULL, "-tzf", path, NULL);
  g_strchomp (out);
  lines = g_strsplit (out, "\n", -1);
  qsort (lines, g_strv_length (lines), sizeof (char *), compare_lines);
  return g_strjoinv ("\n", lines);
}

/* Runs the bash text of @plan's package steps on stand-in binaries, and
 * compares what it made with what Gantry's own packager makes. */
static void
check_package_steps_run (GantryPlan *plan,
                         const char *project_dir,
                         const char *root)
{
  g_autofree char *bash = gantry_test_find_program ("bash");
  g_autofree char *own_dist = g_build_filename (root, "own-dist", NULL);
  g_autoptr(GString) script = g_string_new ("set -e\n");
  g_autoptr(GArray) items = g_array_new (FALSE, TRUE, sizeof (GantryPackageItem));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *dist = NULL;
  g_autofree char *check = NULL;
  guint n = gantry_plan_get_n_package_steps (plan);

  for (guint i = 0; i < gantry_plan_get_n_steps (plan); i++)
    {
      const GantryStep *build = gantry_plan_get_step (plan, i);
      g_autofree char *dir = NULL;
      g_autofree char *base = NULL;

      if (build->argv == NULL)
        continue;
      dir = g_path_get_dirname (build->output);
      base = g_path_get_basename (build->output);
      gantry_test_write_file (dir, base, build->target);
    }
  for (guint i = 0; i < n; i++)
    {
      const GantryStep *step = gantry_plan_get_package_step (plan, i);
      g_autofree char *text = gantry_step_render (step, GANTRY_SHELL_BASH);
      g_autofree char *base = g_path_get_basename (step->output);
      GantryPackageItem item = { 0 };

      g_string_append (script, text);
      if (step->kind != GANTRY_STEP_ARCHIVE)
        continue;
      item.target_key = step->target;
      item.binary_path = step->inputs[0];
      item.format = g_str_has_suffix (base, ".zip") ? "zip" : "tar.gz";
      *strstr (base, g_str_has_suffix (base, ".zip") ? ".zip" : ".tar.gz") = '\0';
      item.archive_name = base;
      g_ptr_array_add (names, g_steal_pointer (&base));
      g_array_append_val (items, item);
    }

  if (!have_programs ((const char *[]) { "bash", "tar", "sha256sum", "zip", "unzip", NULL }))
    {
      g_test_message ("no bash, tar, sha256sum, zip or unzip: the package steps are not run");
      return;
    }
  g_free (run_text (bash, project_dir, "-c", script->str, NULL));
  g_assert_true (gantry_package_release (project_dir, own_dist, (GantryPackageItem *) items->data, items->len,
                                         NULL, NULL, &error));
  g_assert_no_error (error);

  /* the same files under the same names, and sums sha256sum -c accepts */
  dist = g_path_get_dirname (gantry_plan_get_package_step (plan, 0)->output);
  for (guint i = 0; i < items->len; i++)
    {
      const GantryStep *step = gantry_plan_get_package_step (plan, i);
      g_autofree char *base = g_path_get_basename (step->output);
      g_autofree char *own_path = g_build_filename (own_dist, base, NULL);
      g_autofree char *ours = list_archive (step->output);
      g_autofree char *own = list_archive (own_path);

      g_assert_cmpstr (ours, ==, own);
    }
  check = run_text ("sha256sum", dist, "-c", GANTRY_PACKAGE_SUMS_NAME, NULL);
  {
    g_auto(GStrv) checked = g_strsplit (g_strchomp (check), "\n", -1);
    g_assert_cmpuint (g_strv_length (checked), ==, items->len);
  }
  {
    g_autofree char *own_sums_path = g_build_filename (own_dist, GANTRY_PACKAGE_SUMS_NAME, NULL);
    g_autofree char *sums_path = g_build_filename (dist, GANTRY_PACKAGE_SUMS_NAME, NULL);
    g_autofree char *own_sums = gantry_test_read_file (own_sums_path, NULL);
    g_autofree char *sums = gantry_test_read_file (sums_path, NULL);
    g_auto(GStrv) own_lines = g_strsplit (own_sums, "\n", -1);
    g_auto(GStrv) lines = g_strsplit (sums, "\n", -1);

    /* the names in the same order (the bytes differ: dates, order in the archive) */
    g_assert_cmpuint (g_strv_length (lines), ==, g_strv_length (own_lines));
    for (guint i = 0; lines[i] != NULL; i++)
      g_assert_cmpstr (lines[i] + MIN (strlen (lines[i]), 64), ==, own_lines[i] + MIN (strlen (own_lines[i]), 64));
  }
}

static void
test_package_steps (void)
{
  g_autofree char *root = gantry_test_make_tmpdir ("plan-package");
  g_autofree char *project_dir = g_build_filename (root, "my project", NULL);
  g_autofree char *out_dir = g_build_filename (root, "out", NULL);
  g_autofree char *dist = g_build_filename (project_dir, "dist", NULL);
  g_autoptr(GantryPlan) plan = NULL;
  g_autoptr(GantryPlan) windows = NULL;
  const GantryStep *step, *sums;
  const GantryShell shells[] = { GANTRY_SHELL_BASH, GANTRY_SHELL_POWERSHELL, GANTRY_SHELL_CMD };
  /* for each shell: what makes a tar.gz, a zip, and SHA256SUMS */
  const char *expect[][3] = {
    { "tar -czf ", "zip -q -X -j ", "sha256sum -- " },
    { "& 'tar' '-czf' ", "Compress-Archive -Force -DestinationPath ", "Get-FileHash -Algorithm SHA256 -LiteralPath " },
    { "tar -czf ", "tar -acf ", "certutil -hashfile " },
  };

  gantry_test_write_file (project_dir, "main.go", "package main\n");
  gantry_test_write_file (project_dir, "README.md", "# hello\n");
  gantry_test_write_file (project_dir, "LICENSE", "MIT\n");
  gantry_test_write_file (project_dir, "Notice.txt", "notice\n");
  gantry_test_write_file (project_dir, "licenses/x.txt", "a folder, not a document\n");
  plan = make_plan (project_dir, out_dir, "1.2.3");

  /* three targets build, one cannot: three archives, then the sums */
  g_assert_cmpuint (gantry_plan_get_n_package_steps (plan), ==, 4);
  for (guint i = 0; i < 3; i++)
    {
      const GantryStep *build = gantry_plan_get_step (plan, i);
      g_autofree char *name = NULL;
      g_autofree char *file = NULL;
      g_autofree char *expected = NULL;
      const char *docs[] = { "LICENSE", "Notice.txt", "README.md" };

      step = gantry_plan_get_package_step (plan, i);
      g_assert_cmpint (step->kind, ==, GANTRY_STEP_ARCHIVE);
      g_assert_cmpstr (step->target, ==, build->target);
      g_assert_null (step->argv);
      name = g_strdup_printf ("package %s", build->target);
      g_assert_cmpstr (step->name, ==, name);
      g_assert_true (g_str_has_suffix (step->output, ".tar.gz"));
      g_assert_true (g_str_has_prefix (step->output, dist));
      g_assert_cmpuint (g_strv_length (step->inputs), ==, 4);
      g_assert_cmpstr (step->inputs[0], ==, build->output);
      for (guint d = 0; d < G_N_ELEMENTS (docs); d++)
        {
          g_autofree char *doc = g_build_filename (project_dir, docs[d], NULL);
          g_assert_cmpstr (step->inputs[d + 1], ==, doc);
        }
    }
  g_assert_true (g_str_has_suffix (gantry_plan_get_package_step (plan, 0)->output, "hello-cgo_1.2.3_linux_amd64.tar.gz"));
  sums = gantry_plan_get_package_step (plan, 3);
  g_assert_cmpint (sums->kind, ==, GANTRY_STEP_CHECKSUMS);
  g_assert_true (g_str_has_suffix (sums->output, GANTRY_PACKAGE_SUMS_NAME));
  g_assert_cmpuint (g_strv_length (sums->inputs), ==, 3);
  for (guint i = 0; i + 1 < 3; i++)
    g_assert_cmpint (strcmp (sums->inputs[i], sums->inputs[i + 1]), <, 0);

  /* every shell's script has every step, in lines that fit where the words allow */
  windows = make_windows_plan (project_dir, out_dir);
  g_assert_cmpuint (gantry_plan_get_n_package_steps (windows), ==, 2);
  g_assert_true (g_str_has_suffix (gantry_plan_get_package_step (windows, 0)->output, ".zip"));
  for (guint s = 0; s < G_N_ELEMENTS (shells); s++)
    {
      g_autofree char *wrapped = gantry_plan_render (plan, shells[s]);
      g_autofree char *text = gantry_test_unfold (wrapped);
      g_autofree char *win_wrapped = gantry_plan_render (windows, shells[s]);
      g_autofree char *win_text = gantry_test_unfold (win_wrapped);
      guint archives = 0;

      assert_lines_fit (wrapped);
      g_assert_nonnull (strstr (text, shells[s] == GANTRY_SHELL_POWERSHELL ? "& 'go' 'build' " : "go build "));
      g_assert_nonnull (strstr (text, expect[s][2]));
      g_assert_nonnull (strstr (text, "libarchive"));
      for (const char *p = text; (p = strstr (p, expect[s][0])) != NULL; p++)
        archives++;
      g_assert_cmpuint (archives, ==, 3);
      g_assert_nonnull (strstr (win_text, expect[s][1]));
      g_assert_nonnull (strstr (win_text, expect[s][2]));
      for (guint i = 0; i < 3; i++)
        {
          g_autofree char *base = g_path_get_basename (gantry_plan_get_package_step (plan, i)->output);
          g_assert_nonnull (strstr (text, base));
        }
    }

  /* no package steps when the build will not package */
  {
    g_autoptr(GantryProject) project = sample_project (project_dir);
    g_autoptr(GantryRecipe) recipe = gantry_recipe_new ();
    g_autoptr(GantryTarget) t = gantry_target_new ("linux", "amd64");
    g_autoptr(GantryPlan) none = NULL;
    g_autoptr(GError) error = NULL;
    GantryPlanInput in = { t, FALSE };
    GantryPlanOptions options = { "go", out_dir, NULL, "1", NULL, TRUE };

    gantry_recipe_set_binary_name (recipe, "x");
    gantry_recipe_add_target (recipe, t);
    none = gantry_plan_new (project, recipe, &in, 1, &options, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (gantry_plan_get_n_steps (none), ==, 1);
    g_assert_cmpuint (gantry_plan_get_n_package_steps (none), ==, 0);
  }

  /* and the commands make what Gantry makes */
  check_package_steps_run (plan, project_dir, root);
  gantry_test_rm_rf (dist);
  {
    g_autofree char *own_dist = g_build_filename (root, "own-dist", NULL);
    gantry_test_rm_rf (own_dist);
  }
  check_package_steps_run (windows, project_dir, root);

  gantry_test_rm_rf (root);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/plan/bash-quote-round-trip", test_bash_quote_round_trip);
  g_test_add_func ("/core/plan/doctor-uses-plan-quoter", test_doctor_uses_plan_quoter);
  g_test_add_func ("/core/plan/cmd-quote-rules", test_cmd_quote_rules);
  g_test_add_func ("/core/plan/powershell-quote-rules", test_powershell_quote_rules);
  g_test_add_func ("/core/plan/steps", test_plan_steps);
  g_test_add_func ("/core/plan/windows-reproducible-flag", test_windows_reproducible_flag);
  g_test_add_func ("/core/plan/download-step", test_download_step);
  g_test_add_func ("/core/plan/several-programs", test_several_programs);
  g_test_add_func ("/core/plan/cgo-without-compiler-refused", test_cgo_without_compiler_refused);
  g_test_add_func ("/core/plan/lines-break-between-words", test_lines_break_between_words);
  g_test_add_func ("/core/plan/package-steps", test_package_steps);

  return g_test_run ();
}

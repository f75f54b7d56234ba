/* gantry-plan.c — recipe + chosen compilers → the exact commands a release runs */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-plan"

#include "config.h"

#include <string.h>

#include "gantry-plan.h"

struct _GantryPlan
{
  GObject parent_instance;

  char *project_name;
  GPtrArray *steps;
};

G_DEFINE_FINAL_TYPE (GantryPlan, gantry_plan, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (GantryStep, gantry_step, gantry_step_copy, gantry_step_free)

/* The variables every build step sets or clears, so a step runs the
 * same whatever the caller's shell or Gantry's own environment holds. */
static const char *controlled_env[] = {
  "CGO_ENABLED", "GOOS", "GOARCH", "GOARM", "GOAMD64", "CC", "CXX",
  "CGO_CFLAGS", "CGO_LDFLAGS", "GOFLAGS",
};

GantryStep *
gantry_step_copy (const GantryStep *step)
{
  GantryStep *copy = g_new0 (GantryStep, 1);

  copy->name = g_strdup (step->name);
  copy->target = g_strdup (step->target);
  copy->argv = g_strdupv (step->argv);
  copy->env = g_strdupv (step->env);
  copy->cwd = g_strdup (step->cwd);
  copy->output = g_strdup (step->output);
  copy->reason = g_strdup (step->reason);
  return copy;
}

void
gantry_step_free (GantryStep *step)
{
  if (step == NULL)
    return;
  g_free (step->name);
  g_free (step->target);
  g_strfreev (step->argv);
  g_strfreev (step->env);
  g_free (step->cwd);
  g_free (step->output);
  g_free (step->reason);
  g_free (step);
}

/* Returns a new environment: @base with the step's changes. */
char **
gantry_step_apply_env (const GantryStep  *step,
                       char             **base)
{
  char **out = g_strdupv (base);

  for (guint i = 0; step->env != NULL && step->env[i] != NULL; i++)
    {
      const char *eq = strchr (step->env[i], '=');

      if (eq == NULL)
        out = g_environ_unsetenv (out, step->env[i]);
      else
        {
          g_autofree char *key = g_strndup (step->env[i], eq - step->env[i]);
          out = g_environ_setenv (out, key, eq + 1, TRUE);
        }
    }
  return out;
}

/* ------------------------------------------------------------------ */
/* Quoting                                                             */
/* ------------------------------------------------------------------ */

/* What this system's users type commands into: PowerShell on Windows
 * (cmd still runs what it prints for cmd), bash elsewhere. */
GantryShell
gantry_shell_default (void)
{
#ifdef G_OS_WIN32
  return GANTRY_SHELL_POWERSHELL;
#else
  return GANTRY_SHELL_BASH;
#endif
}

gboolean
gantry_shell_from_string (const char  *name,
                          GantryShell *out)
{
  if (g_strcmp0 (name, "bash") == 0 || g_strcmp0 (name, "sh") == 0)
    *out = GANTRY_SHELL_BASH;
  else if (g_strcmp0 (name, "powershell") == 0 || g_strcmp0 (name, "pwsh") == 0)
    *out = GANTRY_SHELL_POWERSHELL;
  else if (g_strcmp0 (name, "cmd") == 0)
    *out = GANTRY_SHELL_CMD;
  else
    return FALSE;
  return TRUE;
}

static gboolean
is_bash_safe (const char *word)
{
  if (word[0] == '\0')
    return FALSE;
  for (const char *p = word; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr ("_@%+=:,./-", *p) == NULL)
      return FALSE;
  return TRUE;
}

static char *
quote_bash (const char *word)
{
  GString *s;

  if (is_bash_safe (word))
    return g_strdup (word);

  /* Inside single quotes bash takes every byte as it is; a quote
   * itself closes, is escaped, and reopens. */
  s = g_string_new ("'");
  for (const char *p = word; *p; p++)
    {
      if (*p == '\'')
        g_string_append (s, "'\\''");
      else
        g_string_append_c (s, *p);
    }
  g_string_append_c (s, '\'');
  return g_string_free (s, FALSE);
}

static char *
quote_powershell_string (const char *word)
{
  GString *s = g_string_new ("'");

  /* Single-quoted: no $ or ` expansion; ' is doubled. PowerShell also
   * takes the typographic quotes as quote marks, so double those too. */
  for (const char *p = word; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\'' || c == 0x2018 || c == 0x2019 || c == 0x201A || c == 0x201B)
        g_string_append_unichar (s, c);
      g_string_append_unichar (s, c);
    }
  g_string_append_c (s, '\'');
  return g_string_free (s, FALSE);
}

/* How the Microsoft C runtime (and Go's os.Args on Windows) splits a
 * command line: backslashes are literal unless they precede a quote;
 * then 2n backslashes + quote = n backslashes and a quote mark. */
static char *
quote_msvcrt_full (const char *word,
                   gboolean    wrap,
                   gboolean    doubled_quotes)
{
  GString *s = g_string_new (wrap ? "\"" : "");
  guint backslashes = 0;

  for (const char *p = word; ; p++)
    {
      if (*p == '\\')
        {
          backslashes++;
          continue;
        }
      if (*p == '\0')
        {
          /* before the closing quote they must all be doubled */
          for (guint i = 0; i < (wrap ? backslashes * 2 : backslashes); i++)
            g_string_append_c (s, '\\');
          break;
        }
      if (*p == '"' && doubled_quotes)
        {
          /* "" inside quotes is a literal quote for the C runtime and
           * toggles cmd's quote state twice, leaving it as it was */
          for (guint i = 0; i < backslashes * 2; i++)
            g_string_append_c (s, '\\');
          g_string_append_c (s, '"');
        }
      else if (*p == '"')
        {
          for (guint i = 0; i < backslashes * 2 + 1; i++)
            g_string_append_c (s, '\\');
        }
      else
        {
          for (guint i = 0; i < backslashes; i++)
            g_string_append_c (s, '\\');
        }
      backslashes = 0;
      g_string_append_c (s, *p);
    }
  if (wrap)
    g_string_append_c (s, '"');
  return g_string_free (s, FALSE);
}

static char *
quote_msvcrt (const char *word,
              gboolean    wrap)
{
  return quote_msvcrt_full (word, wrap, FALSE);
}

static gboolean
needs_msvcrt_wrap (const char *word)
{
  return word[0] == '\0' || strpbrk (word, " \t\n\v\"") != NULL;
}

/* PowerShell before 7.3 (and 7.3+ with $PSNativeCommandArgumentPassing
 * set to Legacy, which the rendered plan does) puts an argument with
 * spaces in double quotes without escaping what is inside: do the C
 * runtime escaping ourselves, then quote it for PowerShell. */
static char *
quote_powershell_native_arg (const char *word)
{
  g_autofree char *escaped = NULL;

  if (word[0] == '\0')
    return g_strdup ("'\"\"'");
  escaped = quote_msvcrt (word, FALSE);
  if (strpbrk (word, " \t") != NULL)
    {
      /* PowerShell will add the surrounding quotes: trailing
       * backslashes must then be doubled. */
      gsize n = strlen (escaped), trail = 0;
      while (trail < n && escaped[n - 1 - trail] == '\\')
        trail++;
      if (trail > 0)
        {
          g_autofree char *more = g_strnfill (trail, '\\');
          char *tmp = g_strconcat (escaped, more, NULL);
          g_free (escaped);
          escaped = tmp;
        }
    }
  return quote_powershell_string (escaped);
}

/* cmd.exe (in a .bat file) reads the line before the program does:
 * % is doubled everywhere, and outside what cmd sees as quotes the
 * characters ^ & | < > ( ) take a caret. cmd toggles its idea of
 * "quoted" at every ", escaped or not, so walk the final text. */
static char *
escape_cmd_line (const char *text)
{
  GString *s = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      if (*p == '%')
        {
          g_string_append (s, "%%");
          continue;
        }
      if (!quoted && strchr ("^&|<>()", *p) != NULL)
        g_string_append_c (s, '^');
      g_string_append_c (s, *p);
    }
  return g_string_free (s, FALSE);
}

static char *
quote_cmd_arg (const char *word)
{
  gboolean wrap = needs_msvcrt_wrap (word);
  g_autofree char *msvcrt = quote_msvcrt_full (word, wrap, wrap);
  return escape_cmd_line (msvcrt);
}

char *
gantry_shell_quote (GantryShell  shell,
                    const char  *word)
{
  g_return_val_if_fail (word != NULL, NULL);

  switch (shell)
    {
    case GANTRY_SHELL_POWERSHELL:
      return quote_powershell_native_arg (word);
    case GANTRY_SHELL_CMD:
      return quote_cmd_arg (word);
    case GANTRY_SHELL_BASH:
    default:
      return quote_bash (word);
    }
}

/* ------------------------------------------------------------------ */
/* Rendering                                                           */
/* ------------------------------------------------------------------ */

static void
split_env (const char  *entry,
           char       **key,
           const char **value)
{
  const char *eq = strchr (entry, '=');

  *key = eq ? g_strndup (entry, eq - entry) : g_strdup (entry);
  *value = eq ? eq + 1 : NULL;
}

static void
render_bash (GString          *out,
             const GantryStep *step)
{
  g_autofree char *cwd = quote_bash (step->cwd);

  g_string_append_printf (out, "(cd -- %s && env", cwd);
  for (guint i = 0; step->env[i] != NULL; i++)
    {
      g_autofree char *key = NULL;
      const char *value;

      split_env (step->env[i], &key, &value);
      if (value == NULL)
        g_string_append_printf (out, " -u %s", key);
    }
  for (guint i = 0; step->env[i] != NULL; i++)
    {
      g_autofree char *key = NULL;
      g_autofree char *quoted = NULL;
      const char *value;

      split_env (step->env[i], &key, &value);
      if (value == NULL)
        continue;
      quoted = quote_bash (value);
      g_string_append_printf (out, " %s=%s", key, quoted);
    }
  for (guint i = 0; step->argv[i] != NULL; i++)
    {
      g_autofree char *quoted = quote_bash (step->argv[i]);
      g_string_append_printf (out, " %s", quoted);
    }
  g_string_append (out, ")\n");
}

static void
render_powershell (GString          *out,
                   const GantryStep *step)
{
  g_autofree char *cwd = quote_powershell_string (step->cwd);

  g_string_append_printf (out, "Push-Location -LiteralPath %s\n", cwd);
  for (guint i = 0; step->env[i] != NULL; i++)
    {
      g_autofree char *key = NULL;
      g_autofree char *quoted = NULL;
      const char *value;

      split_env (step->env[i], &key, &value);
      if (value == NULL)
        g_string_append_printf (out, "Remove-Item -Path Env:%s -ErrorAction Ignore\n", key);
      else
        {
          quoted = quote_powershell_string (value);
          g_string_append_printf (out, "$env:%s = %s\n", key, quoted);
        }
    }
  g_string_append (out, "&");
  for (guint i = 0; step->argv[i] != NULL; i++)
    {
      g_autofree char *quoted = i == 0 ? quote_powershell_string (step->argv[i])
                                       : quote_powershell_native_arg (step->argv[i]);
      g_string_append_printf (out, " %s", quoted);
    }
  g_string_append (out, "\n$status = $LASTEXITCODE\nPop-Location\n"
                        "if ($status -ne 0) { exit $status }\n");
}

static void
render_cmd (GString          *out,
            const GantryStep *step)
{
  g_autofree char *pushd = g_strdup_printf ("pushd \"%s\"", step->cwd);
  g_autofree char *pushd_line = escape_cmd_line (pushd);

  /* The exit code tested on the next line rather than with "||": wine's
   * cmd runs what follows "||" even after a success. ERRORLEVEL is 0
   * before pushd (a failed step ends the script), so both cmds read it
   * the same; "neq 0" also catches a crash's negative code. */
  g_string_append_printf (out, "setlocal\n%s\nif %%ERRORLEVEL%% neq 0 exit /b 1\n", pushd_line);
  for (guint i = 0; step->env[i] != NULL; i++)
    {
      g_autofree char *key = NULL;
      g_autofree char *set = NULL;
      g_autofree char *line = NULL;
      const char *value;

      split_env (step->env[i], &key, &value);
      set = g_strdup_printf ("set \"%s=%s\"", key, value ? value : "");
      line = escape_cmd_line (set);
      g_string_append_printf (out, "%s\n", line);
    }
  for (guint i = 0; step->argv[i] != NULL; i++)
    {
      g_autofree char *quoted = quote_cmd_arg (step->argv[i]);
      g_string_append_printf (out, "%s%s", i ? " " : "", quoted);
    }
  g_string_append (out, "\nif %ERRORLEVEL% neq 0 (popd & exit /b 1)\npopd\nendlocal\n");
}

static void
render_step (GString          *out,
             const GantryStep *step,
             GantryShell       shell)
{
  const char *comment = shell == GANTRY_SHELL_CMD ? "rem" : "#";

  if (step->argv == NULL)
    {
      g_string_append_printf (out, "%s %s: not built: %s\n", comment, step->name, step->reason);
      return;
    }

  g_string_append_printf (out, "%s %s", comment, step->name);
  if (step->reason != NULL)
    g_string_append_printf (out, " (%s)", step->reason);
  g_string_append_c (out, '\n');

  switch (shell)
    {
    case GANTRY_SHELL_POWERSHELL: render_powershell (out, step); break;
    case GANTRY_SHELL_CMD: render_cmd (out, step); break;
    case GANTRY_SHELL_BASH:
    default: render_bash (out, step); break;
    }
}

char *
gantry_step_render (const GantryStep *step,
                    GantryShell       shell)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (step != NULL, NULL);

  if (shell == GANTRY_SHELL_POWERSHELL && step->argv != NULL)
    g_string_append (out, "$PSNativeCommandArgumentPassing = 'Legacy'\n");
  render_step (out, step, shell);
  return g_string_free (out, FALSE);
}

char *
gantry_plan_render (GantryPlan  *self,
                    GantryShell  shell)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (GANTRY_IS_PLAN (self), NULL);

  switch (shell)
    {
    case GANTRY_SHELL_POWERSHELL:
      g_string_append_printf (out, "# Gantry release plan for %s (PowerShell)\n"
                                   "$ErrorActionPreference = 'Stop'\n"
                                   "$PSNativeCommandArgumentPassing = 'Legacy'\n",
                              self->project_name);
      break;
    case GANTRY_SHELL_CMD:
      g_string_append_printf (out, "@echo off\nrem Gantry release plan for %s (save as a .bat file)\n"
                                   "setlocal EnableExtensions DisableDelayedExpansion\n",
                              self->project_name);
      break;
    case GANTRY_SHELL_BASH:
    default:
      g_string_append_printf (out, "#!/usr/bin/env bash\n# Gantry release plan for %s\nset -e\n",
                              self->project_name);
      break;
    }

  for (guint i = 0; i < self->steps->len; i++)
    render_step (out, g_ptr_array_index (self->steps, i), shell);

  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ */
/* Building the plan                                                   */
/* ------------------------------------------------------------------ */

char *
gantry_target_slug (GantryTarget *target)
{
  g_autofree char *key = gantry_target_get_key (target);

  g_strdelimit (key, "/@", '_');
  return g_steal_pointer (&key);
}

static void
append_words (GPtrArray  *list,
              const char *csv)
{
  g_auto(GStrv) parts = NULL;

  if (csv == NULL)
    return;
  parts = g_strsplit_set (csv, ", ", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      gboolean seen = FALSE;

      if (parts[i][0] == '\0')
        continue;
      for (guint j = 0; j < list->len; j++)
        seen |= g_str_equal (g_ptr_array_index (list, j), parts[i]);
      if (!seen)
        g_ptr_array_add (list, g_strdup (parts[i]));
    }
}

static void
append_flag (GString    *s,
             const char *flag)
{
  if (flag == NULL || flag[0] == '\0')
    return;
  if (s->len > 0)
    g_string_append_c (s, ' ');
  g_string_append (s, flag);
}

static GantryStep *
build_step (GantryProject           *project,
            GantryRecipe            *recipe,
            const GantryPlanInput   *in,
            const GantryPlanOptions *options)
{
  GantryTarget *t = in->target;
  GantryStep *step = g_new0 (GantryStep, 1);
  g_autofree char *slug = gantry_target_slug (t);
  g_autofree char *binary = NULL;
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) env = g_strv_builder_new ();
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) ldflags = g_string_new (NULL);
  g_autoptr(GString) extld = g_string_new (NULL);
  gboolean windows = g_str_equal (gantry_target_get_goos (t), "windows");
  const char *main_pkg = gantry_recipe_get_main_package (recipe);

  step->target = gantry_target_get_key (t);
  step->name = g_strdup_printf ("build %s", step->target);
  step->cwd = g_strdup (gantry_project_get_path (project));
  step->reason = g_strdup (in->reason);

  binary = g_strconcat (gantry_recipe_get_binary_name (recipe), windows ? ".exe" : "", NULL);
  step->output = g_build_filename (options->out_dir, slug, binary, NULL);

  /* -ldflags: the recipe's, the target's, the version, then what the
   * compiler choice needs; one -extldflags gathers the linker's words. */
  append_flag (ldflags, gantry_recipe_get_ldflags (recipe));
  append_flag (ldflags, gantry_target_get_ldflags (t));
  if (gantry_recipe_get_version_var (recipe) != NULL && options->version != NULL)
    {
      g_autofree char *x = NULL;

      if (strpbrk (options->version, " '\"") != NULL)
        x = g_strdup_printf ("-X '%s=%s'", gantry_recipe_get_version_var (recipe), options->version);
      else
        x = g_strdup_printf ("-X %s=%s", gantry_recipe_get_version_var (recipe), options->version);
      append_flag (ldflags, x);
    }
  if (in->cgo_enabled)
    {
      append_flag (ldflags, in->extra_ldflags);
      append_flag (extld, in->extra_extldflags);
      /* A MinGW-linked exe carries a link timestamp unless told not
       * to: without this no two builds are the same. */
      if (windows)
        append_flag (extld, "-Wl,--no-insert-timestamp");
      if (extld->len > 0)
        {
          g_autofree char *e = g_strdup_printf ("-extldflags '%s'", extld->str);
          append_flag (ldflags, e);
        }
    }

  append_words (tags, gantry_recipe_get_tags (recipe));
  append_words (tags, gantry_target_get_tags (t));
  if (in->cgo_enabled)
    append_words (tags, in->extra_tags);

  g_strv_builder_add_many (argv, options->go ? options->go : "go", "build", NULL);
  if (gantry_recipe_get_trimpath (recipe))
    g_strv_builder_add (argv, "-trimpath");
  if (tags->len > 0)
    {
      g_autofree char *joined = NULL;

      g_ptr_array_add (tags, NULL);
      joined = g_strjoinv (",", (char **) tags->pdata);
      g_strv_builder_add_many (argv, "-tags", joined, NULL);
    }
  if (ldflags->len > 0)
    g_strv_builder_add_many (argv, "-ldflags", ldflags->str, NULL);
  g_strv_builder_add_many (argv, "-o", step->output, main_pkg ? main_pkg : ".", NULL);
  step->argv = g_strv_builder_end (argv);

  /* The environment: every controlled variable set or cleared. */
  for (guint i = 0; i < G_N_ELEMENTS (controlled_env); i++)
    {
      const char *key = controlled_env[i];
      g_autofree char *value = NULL;

      if (g_str_equal (key, "CGO_ENABLED"))
        value = g_strdup (in->cgo_enabled ? "1" : "0");
      else if (g_str_equal (key, "GOOS"))
        value = g_strdup (gantry_target_get_goos (t));
      else if (g_str_equal (key, "GOARCH"))
        value = g_strdup (gantry_target_get_goarch (t));
      else if (g_str_equal (key, "GOARM"))
        value = g_strdup (gantry_target_get_goarm (t));
      else if (g_str_equal (key, "GOAMD64"))
        value = g_strdup (gantry_target_get_goamd64 (t));
      else if (g_str_equal (key, "CC") && in->cgo_enabled)
        value = g_strdup (in->cc);
      else if (g_str_equal (key, "CXX") && in->cgo_enabled)
        value = g_strdup (in->cxx);
      else if (g_str_equal (key, "GOFLAGS"))
        /* Gantry names its VCS stamp through the version; a checkout
         * owned by someone else makes go build fail on stamping. */
        value = g_strdup ("-buildvcs=false");

      if (value != NULL)
        {
          g_autofree char *kv = g_strdup_printf ("%s=%s", key, value);
          g_strv_builder_add (env, kv);
        }
      else
        g_strv_builder_add (env, key);
    }
  if (options->gocache != NULL)
    {
      g_autofree char *kv = g_strdup_printf ("GOCACHE=%s", options->gocache);
      g_strv_builder_add (env, kv);
    }
  for (guint i = 0; in->cgo_enabled && in->extra_env != NULL && in->extra_env[i] != NULL; i++)
    g_strv_builder_add (env, in->extra_env[i]);
  step->env = g_strv_builder_end (env);

  return step;
}

/* A pure function of its inputs: the same recipe, choices and options
 * always give the same steps, in the recipe's order. */
GantryPlan *
gantry_plan_new (GantryProject           *project,
                 GantryRecipe            *recipe,
                 const GantryPlanInput   *inputs,
                 guint                    n_inputs,
                 const GantryPlanOptions *options,
                 GError                 **error)
{
  g_autoptr(GantryPlan) self = NULL;

  g_return_val_if_fail (GANTRY_IS_PROJECT (project), NULL);
  g_return_val_if_fail (GANTRY_IS_RECIPE (recipe), NULL);
  g_return_val_if_fail (options != NULL && options->out_dir != NULL, NULL);

  if (!gantry_recipe_validate (recipe, error))
    return NULL;

  self = g_object_new (GANTRY_TYPE_PLAN, NULL);
  self->project_name = g_strdup (gantry_project_get_name (project));

  for (guint i = 0; i < n_inputs; i++)
    {
      const GantryPlanInput *in = &inputs[i];

      if (in->unbuildable != NULL)
        {
          GantryStep *step = g_new0 (GantryStep, 1);

          step->target = gantry_target_get_key (in->target);
          step->name = g_strdup_printf ("build %s", step->target);
          step->reason = g_strdup (in->unbuildable);
          step->cwd = g_strdup (gantry_project_get_path (project));
          g_ptr_array_add (self->steps, step);
          continue;
        }

      if (in->cgo_enabled && (in->cc == NULL || in->cc[0] == '\0'))
        {
          g_autofree char *key = gantry_target_get_key (in->target);
          g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID,
                       "%s: cgo is on but no C compiler was chosen; install one from Toolchains.", key);
          return NULL;
        }

      g_ptr_array_add (self->steps, build_step (project, recipe, in, options));
    }

  return g_steal_pointer (&self);
}

/* A plan of hand-made steps, for checks that are not builds. */
GantryPlan *
gantry_plan_new_empty (const char *name)
{
  GantryPlan *self = g_object_new (GANTRY_TYPE_PLAN, NULL);

  self->project_name = g_strdup (name);
  return self;
}

/* Takes ownership of @step. */
void
gantry_plan_append_step (GantryPlan *self,
                         GantryStep *step)
{
  g_return_if_fail (GANTRY_IS_PLAN (self));
  g_return_if_fail (step != NULL && step->name != NULL && step->cwd != NULL);

  if (step->env == NULL)
    step->env = g_new0 (char *, 1);
  g_ptr_array_add (self->steps, step);
}

guint
gantry_plan_get_n_steps (GantryPlan *self)
{
  g_return_val_if_fail (GANTRY_IS_PLAN (self), 0);
  return self->steps->len;
}

const GantryStep *
gantry_plan_get_step (GantryPlan *self,
                      guint       index)
{
  g_return_val_if_fail (GANTRY_IS_PLAN (self), NULL);
  g_return_val_if_fail (index < self->steps->len, NULL);
  return g_ptr_array_index (self->steps, index);
}

static void
gantry_plan_finalize (GObject *object)
{
  GantryPlan *self = (GantryPlan *) object;

  g_free (self->project_name);
  g_ptr_array_unref (self->steps);

  G_OBJECT_CLASS (gantry_plan_parent_class)->finalize (object);
}

static void
gantry_plan_class_init (GantryPlanClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gantry_plan_finalize;
}

static void
gantry_plan_init (GantryPlan *self)
{
  self->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_step_free);
}

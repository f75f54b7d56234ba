/* gantry-plan.c — recipe + chosen compilers → the exact commands a release runs */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-plan"

#include "config.h"

#include <string.h>

#include "gantry-package.h"
#include "gantry-plan.h"
#include "gantry-process.h"

struct _GantryPlan
{
  GObject parent_instance;

  char *project_name;
  guint n_prepare;            /* steps before the first target's build */
  GPtrArray *steps;
  GPtrArray *package_steps;   /* archives, then SHA256SUMS: done by Gantry itself */
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
  copy->kind = step->kind;
  copy->inputs = g_strdupv (step->inputs);
  copy->outputs = g_strdupv (step->outputs);
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
  g_strfreev (step->inputs);
  g_strfreev (step->outputs);
  g_free (step);
}

GantryStep *
gantry_step_new_program (const char         *name,
                         const char         *target,
                         const char * const *argv,
                         const char * const *env,
                         const char         *cwd)
{
  GantryStep *step;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);

  step = g_new0 (GantryStep, 1);
  step->kind = GANTRY_STEP_PROGRAM;
  step->name = g_strdup (name);
  step->target = g_strdup (target);
  step->argv = g_strdupv ((char **) argv);
  step->env = env ? g_strdupv ((char **) env) : g_new0 (char *, 1);
  step->cwd = g_strdup (cwd);
  return step;
}

/* Returns a new environment: @base with the step's changes. */
char **
gantry_step_apply_env (const GantryStep  *step,
                       char             **base)
{
  return gantry_environ_apply (base, (const char * const *) step->env);
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

/* Lines of words: a line breaks only between two words, and ends with
 * the shell's line continuation, so a word is never split whatever
 * shows the text, and the text still runs when copied as it shows. */
typedef struct
{
  GString    *out;
  const char *continuation;
  gsize       column;
  gboolean    empty;
} Words;

#define CONTINUATION_INDENT "    "

static void
words_begin (Words       *w,
             GString     *out,
             GantryShell  shell)
{
  w->out = out;
  /* outside quotes each of them joins the next line to this one; cmd
   * also takes that line's first character literally: an indent space */
  w->continuation = shell == GANTRY_SHELL_POWERSHELL ? " `" : shell == GANTRY_SHELL_CMD ? " ^" : " \\";
  w->column = 0;
  w->empty = TRUE;
}

static void
words_add (Words      *w,
           const char *word,
           gboolean    new_line)
{
  gsize width = g_utf8_strlen (word, -1);

  if (!w->empty && (new_line || w->column + 1 + width > GANTRY_RENDER_COLUMNS - strlen (w->continuation)))
    {
      g_string_append (w->out, w->continuation);
      g_string_append (w->out, "\n" CONTINUATION_INDENT);
      w->column = strlen (CONTINUATION_INDENT);
    }
  else if (!w->empty)
    {
      g_string_append_c (w->out, ' ');
      w->column++;
    }
  g_string_append (w->out, word);
  w->column += width;
  w->empty = FALSE;
}

static void
words_end (Words *w)
{
  if (!w->empty)
    g_string_append_c (w->out, '\n');
  w->empty = TRUE;
}

/* One line of the given words (NULL-terminated), broken as they need. */
static void
words_line (GString     *out,
            GantryShell  shell,
            const char  *first,
            ...)
{
  Words w;
  va_list ap;

  words_begin (&w, out, shell);
  va_start (ap, first);
  for (const char *word = first; word != NULL; word = va_arg (ap, const char *))
    words_add (&w, word, FALSE);
  va_end (ap);
  words_end (&w);
}

/* "(cd -- DIR &&", in two words so a long folder gets a line of its own. */
static void
words_add_bash_cd (Words      *w,
                   const char *dir)
{
  g_autofree char *q = quote_bash (dir);
  g_autofree char *then = g_strconcat (q, " &&", NULL);

  words_add (w, "(cd --", FALSE);
  words_add (w, then, FALSE);
}

/* Into @dir for what follows: Push-Location, or pushd and a check. */
static void
render_push_location (GString     *out,
                      GantryShell  shell,
                      const char  *dir)
{
  if (shell == GANTRY_SHELL_POWERSHELL)
    {
      g_autofree char *q = quote_powershell_string (dir);
      words_line (out, shell, "Push-Location -LiteralPath", q, NULL);
    }
  else if (shell == GANTRY_SHELL_CMD)
    {
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", dir);
      g_autofree char *escaped = escape_cmd_line (quoted);

      words_line (out, shell, "pushd", escaped, NULL);
      /* The exit code tested on the next line rather than with "||": wine's
       * cmd runs what follows "||" even after a success. ERRORLEVEL is 0
       * before pushd (a failed step ends the script), so both cmds read it
       * the same; "neq 0" also catches a crash's negative code. */
      g_string_append (out, "if %ERRORLEVEL% neq 0 exit /b 1\n");
    }
}

/* Whether argv[i] and argv[i + 1] stay on one line: a program and its
 * subcommand or mode ("go build", "tar -czf"), an option and its value
 * ("-o file", "-ldflags '-s -w'"). Only where lines break depends on it. */
static gboolean
keeps_next (char  **argv,
            guint   i)
{
  const char *word = argv[i];
  const char *next = argv[i + 1];

  if (next == NULL)
    return FALSE;
  if (i == 0)
    {
      /* a subcommand, or a short mode: "tar -czf" */
      for (const char *p = next; *p; p++)
        if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
          return FALSE;
      return next[0] != '\0' && (next[0] != '-' || strlen (next) <= 5);
    }
  return word[0] == '-' && word[1] != '\0' && strchr (word, '=') == NULL &&
         (next[0] != '-' || strpbrk (next, " \t") != NULL);
}

static char *
quote_argv_word (GantryShell  shell,
                 const char  *word,
                 gboolean     program)
{
  switch (shell)
    {
    case GANTRY_SHELL_POWERSHELL:
      /* after &, the program is a string; its arguments go through
       * the native command line */
      return program ? quote_powershell_string (word) : quote_powershell_native_arg (word);
    case GANTRY_SHELL_CMD:
      return quote_cmd_arg (word);
    case GANTRY_SHELL_BASH:
    default:
      return quote_bash (word);
    }
}

static void
add_argv_words (Words        *w,
                GantryShell   shell,
                char        **argv,
                const char   *prefix,
                gboolean      new_line,
                const char   *suffix)
{
  g_autoptr(GString) unit = g_string_new (prefix);

  for (guint i = 0; argv[i] != NULL; i++)
    {
      g_autofree char *quoted = quote_argv_word (shell, argv[i], i == 0);

      if (unit->len > 0)
        g_string_append_c (unit, ' ');
      g_string_append (unit, quoted);
      if (keeps_next (argv, i))
        {
          g_autofree char *next = quote_argv_word (shell, argv[i + 1], FALSE);
          gsize room = GANTRY_RENDER_COLUMNS - strlen (CONTINUATION_INDENT) - strlen (w->continuation);
          gsize next_width = g_utf8_strlen (next, -1);

          /* unless the value would fit on a line alone, and not with them */
          if (next_width > room || g_utf8_strlen (unit->str, -1) + 1 + next_width <= room)
            continue;
        }
      if (argv[i + 1] == NULL && suffix != NULL)
        g_string_append (unit, suffix);
      words_add (w, unit->str, new_line);
      new_line = FALSE;
      g_string_truncate (unit, 0);
    }
}

static gboolean
has_env (const GantryStep *step)
{
  return step->env != NULL && step->env[0] != NULL;
}

static void
render_bash (GString          *out,
             const GantryStep *step)
{
  Words w;

  words_begin (&w, out, GANTRY_SHELL_BASH);
  if (step->cwd != NULL)
    words_add_bash_cd (&w, step->cwd);
  if (has_env (step))
    words_add (&w, "env", FALSE);
  for (guint i = 0; has_env (step) && step->env[i] != NULL; i++)
    {
      g_autofree char *key = NULL;
      g_autofree char *unset = NULL;
      const char *value;

      split_env (step->env[i], &key, &value);
      if (value != NULL)
        continue;
      unset = g_strdup_printf ("-u %s", key);
      words_add (&w, unset, FALSE);
    }
  for (guint i = 0; has_env (step) && step->env[i] != NULL; i++)
    {
      g_autofree char *key = NULL;
      g_autofree char *quoted = NULL;
      g_autofree char *set = NULL;
      const char *value;

      split_env (step->env[i], &key, &value);
      if (value == NULL)
        continue;
      quoted = quote_bash (value);
      set = g_strdup_printf ("%s=%s", key, quoted);
      words_add (&w, set, FALSE);
    }
  /* the program starts a line of its own after an environment */
  add_argv_words (&w, GANTRY_SHELL_BASH, step->argv, NULL, has_env (step), step->cwd ? ")" : NULL);
  words_end (&w);
}

static void
render_powershell (GString          *out,
                   const GantryStep *step)
{
  Words w;

  if (step->cwd != NULL)
    render_push_location (out, GANTRY_SHELL_POWERSHELL, step->cwd);
  for (guint i = 0; has_env (step) && step->env[i] != NULL; i++)
    {
      g_autofree char *key = NULL;
      g_autofree char *quoted = NULL;
      const char *value;

      split_env (step->env[i], &key, &value);
      if (value == NULL)
        g_string_append_printf (out, "Remove-Item -Path Env:%s -ErrorAction Ignore\n", key);
      else
        {
          g_autofree char *set = g_strdup_printf ("$env:%s =", key);

          quoted = quote_powershell_string (value);
          words_line (out, GANTRY_SHELL_POWERSHELL, set, quoted, NULL);
        }
    }
  words_begin (&w, out, GANTRY_SHELL_POWERSHELL);
  add_argv_words (&w, GANTRY_SHELL_POWERSHELL, step->argv, "&", FALSE, NULL);
  words_end (&w);
  if (step->cwd != NULL)
    g_string_append (out, "$status = $LASTEXITCODE\nPop-Location\n"
                          "if ($status -ne 0) { exit $status }\n");
  else
    g_string_append (out, "if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }\n");
}

static void
render_cmd (GString          *out,
            const GantryStep *step)
{
  Words w;

  g_string_append (out, "setlocal\n");
  if (step->cwd != NULL)
    render_push_location (out, GANTRY_SHELL_CMD, step->cwd);
  for (guint i = 0; has_env (step) && step->env[i] != NULL; i++)
    {
      g_autofree char *key = NULL;
      g_autofree char *set = NULL;
      g_autofree char *line = NULL;
      const char *value;

      split_env (step->env[i], &key, &value);
      set = g_strdup_printf ("\"%s=%s\"", key, value ? value : "");
      line = escape_cmd_line (set);
      words_line (out, GANTRY_SHELL_CMD, "set", line, NULL);
    }
  words_begin (&w, out, GANTRY_SHELL_CMD);
  add_argv_words (&w, GANTRY_SHELL_CMD, step->argv, NULL, FALSE, NULL);
  words_end (&w);
  if (step->cwd != NULL)
    g_string_append (out, "if %ERRORLEVEL% neq 0 (popd & exit /b 1)\npopd\n");
  else
    g_string_append (out, "if %ERRORLEVEL% neq 0 exit /b 1\n");
  g_string_append (out, "endlocal\n");
}

static void
render_program (GString          *out,
                const GantryStep *step,
                GantryShell       shell)
{
  switch (shell)
    {
    case GANTRY_SHELL_POWERSHELL: render_powershell (out, step); break;
    case GANTRY_SHELL_CMD: render_cmd (out, step); break;
    case GANTRY_SHELL_BASH:
    default: render_bash (out, step); break;
    }
}

static gboolean
is_zip (const GantryStep *step)
{
  return step->output != NULL && g_str_has_suffix (step->output, ".zip");
}

/* The archive Gantry writes with libarchive, as tools a user has make
 * it: the binary and the documents at the top, under their own names.
 * tar.gz: tar everywhere (Windows 10 and later ship bsdtar as tar.exe);
 * zip: zip in bash, Compress-Archive in PowerShell, bsdtar's -a in cmd. */
static void
render_archive (GString          *out,
                const GantryStep *step,
                GantryShell       shell)
{
  g_autofree char *dir = g_path_get_dirname (step->output);
  g_autofree char *name = g_path_get_basename (step->output);
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_auto(GStrv) args = NULL;
  GantryStep command = { 0 };

  switch (shell)
    {
    case GANTRY_SHELL_POWERSHELL:
      {
        g_autofree char *q = quote_powershell_string (dir);
        g_string_append_printf (out, "[void][IO.Directory]::CreateDirectory(%s)\n", q);
      }
      break;
    case GANTRY_SHELL_CMD:
      {
        g_autofree char *folder = g_strdup_printf ("\"%s\\\"", dir);
        g_autofree char *folder_cmd = escape_cmd_line (folder);
        g_autofree char *quoted = g_strdup_printf ("\"%s\"", dir);
        g_autofree char *quoted_cmd = escape_cmd_line (quoted);

        words_line (out, shell, "if not exist", folder_cmd, "mkdir", quoted_cmd, NULL);
      }
      break;
    case GANTRY_SHELL_BASH:
    default:
      {
        g_autofree char *q = quote_bash (dir);
        words_line (out, shell, "mkdir -p --", q, NULL);
      }
      break;
    }

  /* in the dist folder, so the archive goes by its own short name */
  if (is_zip (step) && shell == GANTRY_SHELL_POWERSHELL)
    {
      g_autofree char *dest = quote_powershell_string (name);
      g_autofree char *first = g_strdup_printf ("Compress-Archive -Force -DestinationPath %s -LiteralPath", dest);
      Words w;

      render_push_location (out, shell, dir);
      words_begin (&w, out, shell);
      words_add (&w, first, FALSE);
      for (guint i = 0; step->inputs[i] != NULL; i++)
        {
          g_autofree char *q = quote_powershell_string (step->inputs[i]);
          g_autofree char *item = g_strconcat (q, step->inputs[i + 1] ? "," : "", NULL);
          words_add (&w, item, FALSE);
        }
      words_end (&w);
      g_string_append (out, "Pop-Location\n");
      return;
    }

  if (is_zip (step) && shell == GANTRY_SHELL_BASH)
    {
      const char *rm[] = { "rm", "-f", "--", name, NULL };

      /* zip adds to an archive that is there: start afresh as Gantry does */
      command.argv = (char **) rm;
      command.cwd = dir;
      render_program (out, &command, shell);
      g_strv_builder_add_many (argv, "zip", "-q", "-X", "-j", name, NULL);
      g_strv_builder_addv (argv, (const char **) step->inputs);
    }
  else
    {
      g_autofree char *last_dir = NULL;

      /* -a: the format from the name, which bsdtar (Windows' tar.exe) knows zip by */
      g_strv_builder_add_many (argv, "tar", is_zip (step) ? "-acf" : "-czf", name, NULL);
      for (guint i = 0; step->inputs[i] != NULL; i++)
        {
          g_autofree char *in_dir = g_path_get_dirname (step->inputs[i]);
          g_autofree char *base = g_path_get_basename (step->inputs[i]);

          if (g_strcmp0 (in_dir, last_dir) != 0)
            g_strv_builder_add_many (argv, "-C", in_dir, NULL);
          g_strv_builder_add (argv, base);
          g_free (last_dir);
          last_dir = g_strdup (in_dir);
        }
    }
  args = g_strv_builder_end (argv);
  command.argv = args;
  command.cwd = dir;
  render_program (out, &command, shell);
}

static char *
double_percent (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "%", -1);
  return g_strjoinv ("%%", parts);
}

/* SHA256SUMS as sha256sum -c reads it ("<hex>  <name>", sorted by
 * name): the archives are in the step's folder. */
static void
render_checksums (GString          *out,
                  const GantryStep *step,
                  GantryShell       shell)
{
  g_autofree char *sums = g_path_get_basename (step->output);
  Words w;

  words_begin (&w, out, shell);
  switch (shell)
    {
    case GANTRY_SHELL_POWERSHELL:
      {
        g_autofree char *dest = quote_powershell_string (sums);

        render_push_location (out, shell, step->cwd);
        words_add (&w, "$sums = Get-FileHash -Algorithm SHA256 -LiteralPath", FALSE);
        for (guint i = 0; step->inputs[i] != NULL; i++)
          {
            g_autofree char *name = g_path_get_basename (step->inputs[i]);
            g_autofree char *q = quote_powershell_string (name);
            g_autofree char *item = g_strconcat (q, step->inputs[i + 1] ? "," : " |", NULL);
            words_add (&w, item, FALSE);
          }
        words_end (&w);
        /* Get-FileHash gives upper-case hex; the file has Unix line ends
         * and no byte order mark, as Gantry writes it */
        g_string_append_printf (out, CONTINUATION_INDENT "ForEach-Object { $_.Hash.ToLower() + '  ' + (Split-Path -Leaf $_.Path) }\n"
                                     "$text = ($sums -join \"`n\") + \"`n\"\n"
                                     "[IO.File]::WriteAllText((Join-Path $PWD.ProviderPath %s), $text)\n"
                                     "Pop-Location\n", dest);
      }
      break;
    case GANTRY_SHELL_CMD:
      {
        g_autofree char *sums_cmd = escape_cmd_line (sums);

        render_push_location (out, shell, step->cwd);
        g_string_append_printf (out, "type nul > %s\n", sums_cmd);
        /* certutil prints a heading, the hex, and a line saying it is
         * done; only the hex has no colon. The line breaks only where
         * cmd is outside double quotes, so "^" joins the lines. */
        for (guint i = 0; step->inputs[i] != NULL; i++)
          {
            g_autofree char *name = g_path_get_basename (step->inputs[i]);
            g_autofree char *percent = double_percent (name);
            g_autofree char *quoted = g_strdup_printf ("\"%s\"", percent);
            g_autofree char *echoed = escape_cmd_line (name);
            g_autofree char *append = g_strdup_printf ("do >>%s", sums_cmd);
            g_autofree char *echo = g_strdup_printf ("echo %%%%h  %s", echoed);

            words_line (out, shell, "for /f \"delims=\" %%h in", "('certutil -hashfile", quoted,
                        "SHA256 ^| findstr /v \":\"')", append, echo, NULL);
          }
        g_string_append (out, "popd\n");
      }
      break;
    case GANTRY_SHELL_BASH:
    default:
      {
        g_autofree char *to = quote_bash (sums);
        g_autofree char *redirect = g_strdup_printf ("> %s)", to);

        words_add_bash_cd (&w, step->cwd);
        words_add (&w, "sha256sum --", FALSE);
        for (guint i = 0; step->inputs[i] != NULL; i++)
          {
            g_autofree char *name = g_path_get_basename (step->inputs[i]);
            g_autofree char *q = quote_bash (name);
            words_add (&w, q, FALSE);
          }
        words_add (&w, redirect, FALSE);
        words_end (&w);
      }
      break;
    }
}

/* "# name (reason)" in lines that fit, broken between words. */
static void
render_comment (GString     *out,
                GantryShell  shell,
                const char  *text)
{
  const char *prefix = shell == GANTRY_SHELL_CMD ? "rem" : "#";
  g_autofree char *safe = shell == GANTRY_SHELL_CMD ? double_percent (text) : g_strdup (text);
  g_auto(GStrv) words = NULL;
  gsize column = 0;

  /* a line break in a reason would end the comment */
  g_strdelimit (safe, "\r\n", ' ');
  words = g_strsplit (safe, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      gsize width = g_utf8_strlen (words[i], -1);

      if (words[i][0] == '\0')
        continue;
      if (column == 0 || column + 1 + width > GANTRY_RENDER_COLUMNS)
        {
          if (column > 0)
            g_string_append_c (out, '\n');
          g_string_append_printf (out, "%s%s %s", prefix, column > 0 ? "  " : "", words[i]);
          column = strlen (prefix) + (column > 0 ? 3 : 1) + width;
        }
      else
        {
          g_string_append_printf (out, " %s", words[i]);
          column += 1 + width;
        }
    }
  g_string_append_c (out, '\n');
}

/* Whether PowerShell hands the step's text a native command line. */
static gboolean
runs_native (const GantryStep *step)
{
  if (step->kind == GANTRY_STEP_ARCHIVE)
    return !is_zip (step);
  return step->kind == GANTRY_STEP_PROGRAM && step->argv != NULL;
}

/* @own_script: the step is copied alone, so it says for itself what a
 * whole plan's header says once. */
static void
render_step (GString          *out,
             const GantryStep *step,
             GantryShell       shell,
             gboolean          own_script)
{
  g_autofree char *comment = NULL;

  if (step->kind == GANTRY_STEP_PROGRAM && step->argv == NULL)
    {
      comment = g_strdup_printf ("%s: not built: %s", step->name, step->reason);
      render_comment (out, shell, comment);
      return;
    }

  comment = step->reason ? g_strdup_printf ("%s (%s)", step->name, step->reason) : g_strdup (step->name);
  render_comment (out, shell, comment);
  if (own_script && shell == GANTRY_SHELL_POWERSHELL && runs_native (step))
    g_string_append (out, "$PSNativeCommandArgumentPassing = 'Legacy'\n");

  switch (step->kind)
    {
    case GANTRY_STEP_ARCHIVE: render_archive (out, step, shell); break;
    case GANTRY_STEP_CHECKSUMS: render_checksums (out, step, shell); break;
    case GANTRY_STEP_PROGRAM:
    default: render_program (out, step, shell); break;
    }
}

char *
gantry_step_render (const GantryStep *step,
                    GantryShell       shell)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (step != NULL, NULL);

  render_step (out, step, shell, TRUE);
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
    render_step (out, g_ptr_array_index (self->steps, i), shell, FALSE);
  for (guint i = 0; i < self->package_steps->len; i++)
    render_step (out, g_ptr_array_index (self->package_steps, i), shell, FALSE);

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
  const char * const *mains = gantry_recipe_get_main_packages (recipe);
  gboolean several = mains[0] != NULL && mains[1] != NULL;

  step->target = gantry_target_get_key (t);
  step->name = g_strdup_printf ("build %s", step->target);
  step->cwd = g_strdup (gantry_project_get_path (project));
  step->reason = g_strdup (in->reason);

  if (several)
    {
      /* one go build for every program: with -o naming a folder (the
       * trailing separator says so) go names each as it always does */
      g_autoptr(GStrvBuilder) outputs = g_strv_builder_new ();

      for (guint i = 0; mains[i] != NULL; i++)
        {
          g_autofree char *name = gantry_recipe_get_program_name (recipe, mains[i]);
          g_autofree char *file = g_strconcat (name, windows ? ".exe" : "", NULL);
          g_autofree char *path = g_build_filename (options->out_dir, slug, file, NULL);

          g_strv_builder_add (outputs, path);
        }
      step->outputs = g_strv_builder_end (outputs);
      step->output = g_strdup (step->outputs[0]);
    }
  else
    {
      binary = g_strconcat (gantry_recipe_get_binary_name (recipe), windows ? ".exe" : "", NULL);
      step->output = g_build_filename (options->out_dir, slug, binary, NULL);
    }

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
  if (several)
    {
      g_autofree char *dir = g_build_filename (options->out_dir, slug, NULL);
      g_autofree char *folder = g_strconcat (dir, G_DIR_SEPARATOR_S, NULL);

      g_strv_builder_add_many (argv, "-o", folder, NULL);
      g_strv_builder_addv (argv, (const char **) mains);
    }
  else
    g_strv_builder_add_many (argv, "-o", step->output, mains[0], NULL);
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

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The README, LICENSE … files every archive holds, as they are in the
 * project folder now. The rule is gantry-package.c's (its
 * is_release_document() and find_documents()): keep the two in step. */
static char **
release_documents (const char *project_dir,
                   const char *binary_name)
{
  static const char * const prefixes[] = {
    "readme", "license", "licence", "copying", "notice", "changelog",
  };
  g_autoptr(GDir) dir = g_dir_open (project_dir, 0, NULL);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      gboolean document = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
        document |= g_ascii_strncasecmp (name, prefixes[i], strlen (prefixes[i])) == 0;
      if (!document || g_ascii_strcasecmp (name, binary_name) == 0)
        continue;
      path = g_build_filename (project_dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (found, g_steal_pointer (&path));
    }
  g_ptr_array_sort (found, compare_paths);
  g_ptr_array_add (found, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&found), FALSE);
}

/* `go mod download` before the builds, with the environment they have,
 * when the project requires modules the module cache does not hold. */
static GantryStep *
download_step (GantryProject           *project,
               const GantryPlanOptions *options)
{
  GantryStep *step = g_new0 (GantryStep, 1);
  g_autoptr(GStrvBuilder) env = g_strv_builder_new ();
  g_autoptr(GString) reason = g_string_new (NULL);
  guint n = g_strv_length ((char **) options->missing_modules);
  const char *argv[] = { options->go ? options->go : "go", "mod", "download", NULL };

  step->kind = GANTRY_STEP_PROGRAM;
  step->name = g_strdup ("download modules");
  step->argv = g_strdupv ((char **) argv);
  step->cwd = g_strdup (gantry_project_get_path (project));
  /* as the builds have it: GOFLAGS and GOCACHE; GOPROXY and GOMODCACHE
   * come from the environment, for these and the builds alike */
  g_strv_builder_add (env, "GOFLAGS=-buildvcs=false");
  if (options->gocache != NULL)
    {
      g_autofree char *kv = g_strdup_printf ("GOCACHE=%s", options->gocache);
      g_strv_builder_add (env, kv);
    }
  step->env = g_strv_builder_end (env);

  g_string_append_printf (reason, "%u module%s not in the module cache yet: ", n, n == 1 ? " is" : "s are");
  for (guint i = 0; i < n && i < 3; i++)
    g_string_append_printf (reason, "%s%s", i > 0 ? ", " : "", options->missing_modules[i]);
  if (n > 3)
    g_string_append_printf (reason, " and %u more", n - 3);
  step->reason = g_string_free (g_steal_pointer (&reason), FALSE);
  return step;
}

/* What gantry-build.c's packager makes once the targets have built:
 * one archive per buildable target, named as GoReleaser would, then
 * SHA256SUMS over them, all in the dist folder. */
static void
add_package_steps (GantryPlan              *self,
                   GantryProject           *project,
                   GantryRecipe            *recipe,
                   const GantryPlanInput   *inputs,
                   const GantryPlanOptions *options)
{
  const char *project_dir = gantry_project_get_path (project);
  const char *binary_name = gantry_recipe_get_binary_name (recipe);
  const char *dist = options->dist_dir ? options->dist_dir
                                       : gantry_recipe_get_dist_dir (recipe) ? gantry_recipe_get_dist_dir (recipe) : "dist";
  g_autofree char *dist_dir = g_path_is_absolute (dist) ? g_strdup (dist) : g_build_filename (project_dir, dist, NULL);
  g_autoptr(GPtrArray) archives = g_ptr_array_new ();
  g_auto(GStrv) documents = NULL;
  GantryStep *sums;

  for (guint i = self->n_prepare; i < self->steps->len; i++)
    {
      const GantryStep *build = g_ptr_array_index (self->steps, i);
      GantryTarget *target = inputs[i - self->n_prepare].target;
      g_autoptr(GStrvBuilder) files = g_strv_builder_new ();
      g_autofree char *name = NULL;
      g_autofree char *file = NULL;
      g_autofree char *built = NULL;
      GantryStep *step;

      if (build->argv == NULL || build->output == NULL)
        continue;
      if (documents == NULL)
        documents = release_documents (project_dir, binary_name);

      name = gantry_package_archive_name_for_target (target, binary_name, options->version);
      file = g_strconcat (name, ".", gantry_target_get_archive_format_or_default (target), NULL);
      built = g_path_get_basename (build->output);
      if (build->outputs != NULL)
        g_strv_builder_addv (files, (const char **) build->outputs);
      else
        g_strv_builder_add (files, build->output);
      for (guint d = 0; documents[d] != NULL; d++)
        {
          g_autofree char *doc = g_path_get_basename (documents[d]);
          gboolean named_as_program = g_ascii_strcasecmp (doc, built) == 0;

          for (guint o = 0; build->outputs != NULL && build->outputs[o] != NULL; o++)
            {
              g_autofree char *program = g_path_get_basename (build->outputs[o]);
              named_as_program |= g_ascii_strcasecmp (doc, program) == 0;
            }
          /* the packager leaves out a document named as a program */
          if (!named_as_program)
            g_strv_builder_add (files, documents[d]);
        }

      step = g_new0 (GantryStep, 1);
      step->kind = GANTRY_STEP_ARCHIVE;
      step->target = g_strdup (build->target);
      step->name = g_strdup_printf ("package %s", build->target);
      step->reason = g_strdup ("Gantry makes it itself, with libarchive; these commands make the same files");
      step->cwd = g_strdup (dist_dir);
      step->env = g_new0 (char *, 1);
      step->output = g_build_filename (dist_dir, file, NULL);
      step->inputs = g_strv_builder_end (files);
      g_ptr_array_add (self->package_steps, step);
      g_ptr_array_add (archives, step->output);
    }
  if (archives->len == 0)
    return;

  /* sorted by name, as the packager writes them */
  g_ptr_array_sort (archives, compare_paths);
  g_ptr_array_add (archives, NULL);
  sums = g_new0 (GantryStep, 1);
  sums->kind = GANTRY_STEP_CHECKSUMS;
  sums->name = g_strdup ("checksums " GANTRY_PACKAGE_SUMS_NAME);
  sums->reason = g_strdup ("Gantry writes it itself; these commands write the same file");
  sums->cwd = g_strdup (dist_dir);
  sums->env = g_new0 (char *, 1);
  sums->output = g_build_filename (dist_dir, GANTRY_PACKAGE_SUMS_NAME, NULL);
  sums->inputs = g_strdupv ((char **) archives->pdata);
  g_ptr_array_add (self->package_steps, sums);
}

/* A pure function of its inputs (the project folder's README and
 * LICENSE files among them): the same recipe, choices and options
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

  if (options->missing_modules != NULL && options->missing_modules[0] != NULL)
    {
      g_ptr_array_add (self->steps, download_step (project, options));
      self->n_prepare = 1;
    }

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
  if (!options->no_package)
    add_package_steps (self, project, recipe, inputs, options);

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

/* Takes ownership of @step (a NULL cwd: the caller's folder). */
void
gantry_plan_append_step (GantryPlan *self,
                         GantryStep *step)
{
  g_return_if_fail (GANTRY_IS_PLAN (self));
  g_return_if_fail (step != NULL && step->name != NULL);

  if (step->env == NULL)
    step->env = g_new0 (char *, 1);
  g_ptr_array_add (self->steps, step);
}

void
gantry_plan_append_prepare_step (GantryPlan *self,
                                 GantryStep *step)
{
  g_return_if_fail (GANTRY_IS_PLAN (self));
  g_return_if_fail (self->steps->len == self->n_prepare);

  gantry_plan_append_step (self, step);
  self->n_prepare++;
}

guint
gantry_plan_get_n_prepare_steps (GantryPlan *self)
{
  g_return_val_if_fail (GANTRY_IS_PLAN (self), 0);
  return self->n_prepare;
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

guint
gantry_plan_get_n_package_steps (GantryPlan *self)
{
  g_return_val_if_fail (GANTRY_IS_PLAN (self), 0);
  return self->package_steps->len;
}

const GantryStep *
gantry_plan_get_package_step (GantryPlan *self,
                              guint       index)
{
  g_return_val_if_fail (GANTRY_IS_PLAN (self), NULL);
  g_return_val_if_fail (index < self->package_steps->len, NULL);
  return g_ptr_array_index (self->package_steps, index);
}

static void
gantry_plan_finalize (GObject *object)
{
  GantryPlan *self = (GantryPlan *) object;

  g_free (self->project_name);
  g_ptr_array_unref (self->steps);
  g_ptr_array_unref (self->package_steps);

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
  self->package_steps = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_step_free);
}

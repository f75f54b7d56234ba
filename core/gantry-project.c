/* gantry-project.c — reads a Go project without the go command */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-project"

#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "gantry-go-graph.h"
#include "gantry-project.h"

G_DEFINE_QUARK (gantry-project-error-quark, gantry_project_error)

/* A project tree deeper than this is almost surely a loop or a mistake. */
#define MAX_SCAN_DEPTH 24

struct _GantryProject
{
  GObject parent_instance;

  gint64 id;
  gint64 added_at;
  char *name;
  char *path;
  char *module;
  char *go_version;
  char *toolchain;
  char **main_packages;
  gboolean uses_cgo;
  gboolean cgo_is_guess;
  char *cgo_summary;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_PATH,
  PROP_MODULE,
  PROP_GO_VERSION,
  PROP_TOOLCHAIN,
  PROP_USES_CGO,
  PROP_MAIN_PACKAGES,
  PROP_ADDED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (GantryProject, gantry_project, G_TYPE_OBJECT)

/* ------------------------------------------------------------------ */
/* go.mod                                                              */
/* ------------------------------------------------------------------ */

void
gantry_go_mod_clear (GantryGoMod *mod)
{
  g_clear_pointer (&mod->module, g_free);
  g_clear_pointer (&mod->go_version, g_free);
  g_clear_pointer (&mod->toolchain, g_free);
}

/* Splits one go.mod line into tokens: bare words, "quoted" (with
 * escapes), `raw`, and the parentheses of blocks. A // comment ends
 * the line unless it sits inside a quoted token. */
static gboolean
tokenize_gomod_line (const char  *line,
                     guint        lineno,
                     GPtrArray   *tokens,
                     GError     **error)
{
  const char *p = line;

  while (*p != '\0')
    {
      if (*p == ' ' || *p == '\t' || *p == '\r')
        {
          p++;
          continue;
        }

      if (p[0] == '/' && p[1] == '/')
        break;

      if (*p == '(' || *p == ')')
        {
          g_ptr_array_add (tokens, g_strndup (p, 1));
          p++;
          continue;
        }

      if (*p == '"')
        {
          GString *s = g_string_new (NULL);

          p++;
          while (*p != '\0' && *p != '"')
            {
              if (*p == '\\' && p[1] != '\0')
                p++;
              g_string_append_c (s, *p);
              p++;
            }
          if (*p != '"')
            {
              g_string_free (s, TRUE);
              g_set_error (error, GANTRY_PROJECT_ERROR, GANTRY_PROJECT_ERROR_BAD_GOMOD,
                           "go.mod line %u has a quoted string that is never closed: fix go.mod (go mod tidy rewrites it).",
                           lineno);
              return FALSE;
            }
          p++;
          g_ptr_array_add (tokens, g_string_free (s, FALSE));
          continue;
        }

      if (*p == '`')
        {
          const char *end = strchr (p + 1, '`');

          if (end == NULL)
            {
              g_set_error (error, GANTRY_PROJECT_ERROR, GANTRY_PROJECT_ERROR_BAD_GOMOD,
                           "go.mod line %u has a `raw string` that is never closed: fix go.mod.",
                           lineno);
              return FALSE;
            }
          g_ptr_array_add (tokens, g_strndup (p + 1, end - p - 1));
          p = end + 1;
          continue;
        }

      {
        const char *start = p;

        while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r' &&
               *p != '(' && *p != ')' && !(p[0] == '/' && p[1] == '/'))
          p++;
        g_ptr_array_add (tokens, g_strndup (start, p - start));
      }
    }

  return TRUE;
}

/* "1.21", "1.21.3", "1.21rc1", "1.22beta1" — what the go line accepts. */
static gboolean
is_go_version (const char *v)
{
  const char *p = v;
  guint dots = 0;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p != '.')
    return FALSE;

  while (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
      dots++;
    }

  if (dots > 2)
    return FALSE;
  if (*p == '\0')
    return TRUE;
  if (g_str_has_prefix (p, "rc"))
    p += 2;
  else if (g_str_has_prefix (p, "beta"))
    p += 4;
  else
    return FALSE;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  return *p == '\0';
}

static gboolean
apply_gomod_directive (GantryGoMod  *mod,
                       const char   *verb,
                       char        **args,
                       guint         n_args,
                       guint         lineno,
                       GError      **error)
{
  if (g_str_equal (verb, "module"))
    {
      if (n_args != 1 || args[0][0] == '\0')
        {
          g_set_error (error, GANTRY_PROJECT_ERROR, GANTRY_PROJECT_ERROR_BAD_GOMOD,
                       "go.mod line %u: the module line must name exactly one module path.",
                       lineno);
          return FALSE;
        }
      if (mod->module != NULL)
        {
          g_set_error (error, GANTRY_PROJECT_ERROR, GANTRY_PROJECT_ERROR_BAD_GOMOD,
                       "go.mod line %u: a second module line; keep only one.",
                       lineno);
          return FALSE;
        }
      mod->module = g_strdup (args[0]);
    }
  else if (g_str_equal (verb, "go"))
    {
      if (n_args != 1 || !is_go_version (args[0]))
        {
          g_set_error (error, GANTRY_PROJECT_ERROR, GANTRY_PROJECT_ERROR_BAD_GOMOD,
                       "go.mod line %u: 'go %s' is not a Go version; write it like 'go 1.21'.",
                       lineno, n_args > 0 ? args[0] : "");
          return FALSE;
        }
      g_free (mod->go_version);
      mod->go_version = g_strdup (args[0]);
    }
  else if (g_str_equal (verb, "toolchain"))
    {
      if (n_args != 1 || !g_str_has_prefix (args[0], "go"))
        {
          g_set_error (error, GANTRY_PROJECT_ERROR, GANTRY_PROJECT_ERROR_BAD_GOMOD,
                       "go.mod line %u: a toolchain line names one toolchain like 'toolchain go1.21.3'.",
                       lineno);
          return FALSE;
        }
      g_free (mod->toolchain);
      mod->toolchain = g_strdup (args[0]);
    }
  /* require, replace, exclude, retract, godebug, tool: not needed to
   * release, and the go command validates them when it builds. */

  return TRUE;
}

gboolean
gantry_go_mod_parse (const char   *text,
                     gssize        len,
                     GantryGoMod  *mod,
                     GError      **error)
{
  g_autofree char *copy = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *block_verb = NULL;
  guint block_line = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (mod != NULL, FALSE);

  memset (mod, 0, sizeof *mod);

  copy = len < 0 ? g_strdup (text) : g_strndup (text, len);
  if (!g_utf8_validate (copy, -1, NULL))
    {
      g_set_error (error, GANTRY_PROJECT_ERROR, GANTRY_PROJECT_ERROR_BAD_GOMOD,
                   "go.mod is not valid UTF-8: save it as UTF-8 text.");
      return FALSE;
    }

  lines = g_strsplit (copy, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
      guint lineno = i + 1;
      char **tok;
      guint n;

      if (!tokenize_gomod_line (lines[i], lineno, tokens, error))
        goto failed;

      if (tokens->len == 0)
        continue;

      tok = (char **) tokens->pdata;
      n = tokens->len;

      if (block_verb != NULL)
        {
          if (n == 1 && g_str_equal (tok[0], ")"))
            {
              g_clear_pointer (&block_verb, g_free);
              continue;
            }
          if (!apply_gomod_directive (mod, block_verb, tok, n, lineno, error))
            goto failed;
          continue;
        }

      if (n == 2 && g_str_equal (tok[1], "("))
        {
          block_verb = g_strdup (tok[0]);
          block_line = lineno;
          continue;
        }

      if (!apply_gomod_directive (mod, tok[0], tok + 1, n - 1, lineno, error))
        goto failed;
    }

  if (block_verb != NULL)
    {
      g_set_error (error, GANTRY_PROJECT_ERROR, GANTRY_PROJECT_ERROR_BAD_GOMOD,
                   "go.mod line %u opens a '%s (' block that is never closed: add the missing ')'.",
                   block_line, block_verb);
      goto failed;
    }

  if (mod->module == NULL)
    {
      g_set_error (error, GANTRY_PROJECT_ERROR, GANTRY_PROJECT_ERROR_BAD_GOMOD,
                   "go.mod has no module line: add one, e.g. 'module example.com/app'.");
      goto failed;
    }

  return TRUE;

failed:
  gantry_go_mod_clear (mod);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Go source scanning                                                  */
/* ------------------------------------------------------------------ */

typedef enum
{
  TOK_EOF,
  TOK_IDENT,
  TOK_STRING,   /* "interpreted" or `raw`; value holds the contents */
  TOK_PUNCT,
} TokKind;

typedef struct
{
  const char *p;
  const char *end;
  /* Set when a comment holds a #cgo directive line. */
  gboolean saw_cgo_directive;
  /* //go:build or // +build lines seen before the package clause. */
  GPtrArray *build_lines;
} GoLexer;

typedef struct
{
  TokKind kind;
  char punct;
  GString *value;
} GoToken;

static void
note_comment (GoLexer    *lx,
              const char *start,
              const char *end,
              gboolean    line_comment)
{
  /* A #cgo directive is a comment line whose text starts with "#cgo". */
  const char *p = start;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *q = p;

      if (eol == NULL)
        eol = end;
      while (q < eol && (*q == ' ' || *q == '\t' || (!line_comment && *q == '*')))
        q++;
      if (eol - q >= 5 && memcmp (q, "#cgo", 4) == 0 && (q[4] == ' ' || q[4] == '\t'))
        lx->saw_cgo_directive = TRUE;
      if (line_comment && lx->build_lines != NULL &&
          (g_str_has_prefix (p, "go:build ") || g_str_has_prefix (p, " +build ")))
        g_ptr_array_add (lx->build_lines, g_strndup (p, eol - p));
      p = eol + 1;
    }
}

static gboolean
is_ident_start (guchar c)
{
  return g_ascii_isalpha (c) || c == '_' || c >= 0x80;
}

static gboolean
is_ident_char (guchar c)
{
  return is_ident_start (c) || g_ascii_isdigit (c);
}

/* Returns the next token, skipping blanks and comments. Unterminated
 * literals and comments end the scan: a file the Go compiler would
 * reject anyway cannot make us read past its end. */
static void
go_lex_next (GoLexer *lx,
             GoToken *tok)
{
  tok->kind = TOK_EOF;
  tok->punct = 0;
  g_string_truncate (tok->value, 0);

  while (lx->p < lx->end)
    {
      guchar c = *lx->p;

      if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
        {
          lx->p++;
          continue;
        }

      if (c == '/' && lx->p + 1 < lx->end && lx->p[1] == '/')
        {
          const char *start = lx->p + 2;
          const char *eol = memchr (start, '\n', lx->end - start);

          if (eol == NULL)
            eol = lx->end;
          note_comment (lx, start, eol, TRUE);
          lx->p = eol;
          continue;
        }

      if (c == '/' && lx->p + 1 < lx->end && lx->p[1] == '*')
        {
          const char *start = lx->p + 2;
          const char *q = start;

          while (q + 1 < lx->end && !(q[0] == '*' && q[1] == '/'))
            q++;
          if (q + 1 >= lx->end)
            {
              lx->p = lx->end;
              return;
            }
          note_comment (lx, start, q, FALSE);
          lx->p = q + 2;
          continue;
        }

      if (c == '"' || c == '\'')
        {
          char quote = (char) c;

          lx->p++;
          while (lx->p < lx->end && *lx->p != quote && *lx->p != '\n')
            {
              if (*lx->p == '\\' && lx->p + 1 < lx->end)
                {
                  lx->p++;
                  g_string_append_c (tok->value, '\\');
                }
              g_string_append_c (tok->value, *lx->p);
              lx->p++;
            }
          if (lx->p >= lx->end || *lx->p != quote)
            {
              lx->p = lx->end;
              return;
            }
          lx->p++;
          tok->kind = quote == '"' ? TOK_STRING : TOK_PUNCT;
          return;
        }

      if (c == '`')
        {
          const char *close = memchr (lx->p + 1, '`', lx->end - lx->p - 1);

          if (close == NULL)
            {
              lx->p = lx->end;
              return;
            }
          g_string_append_len (tok->value, lx->p + 1, close - lx->p - 1);
          lx->p = close + 1;
          tok->kind = TOK_STRING;
          return;
        }

      if (is_ident_start (c))
        {
          const char *start = lx->p;

          while (lx->p < lx->end && is_ident_char (*lx->p))
            lx->p++;
          g_string_append_len (tok->value, start, lx->p - start);
          tok->kind = TOK_IDENT;
          return;
        }

      tok->kind = TOK_PUNCT;
      tok->punct = (char) c;
      lx->p++;
      return;
    }
}

static void
go_lexer_init (GoLexer    *lx,
               const char *text,
               gssize      len)
{
  memset (lx, 0, sizeof *lx);
  lx->p = text;
  lx->end = text + (len < 0 ? strlen (text) : (gsize) len);
}

char *
gantry_go_source_package (const char *text,
                          gssize      len)
{
  GoLexer lx;
  GoToken tok = { 0, 0, g_string_new (NULL) };
  char *name = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  go_lexer_init (&lx, text, len);
  go_lex_next (&lx, &tok);
  if (tok.kind == TOK_IDENT && g_str_equal (tok.value->str, "package"))
    {
      go_lex_next (&lx, &tok);
      if (tok.kind == TOK_IDENT)
        name = g_strdup (tok.value->str);
    }

  g_string_free (tok.value, TRUE);
  return name;
}

/* A file with "//go:build ignore" (or "// +build ignore") is never
 * compiled: generators and examples use it next to library code. */
gboolean
gantry_go_source_is_ignored (const char *text,
                             gssize      len)
{
  GoLexer lx;
  GoToken tok = { 0, 0, g_string_new (NULL) };
  gboolean ignored = FALSE;

  g_return_val_if_fail (text != NULL, FALSE);

  go_lexer_init (&lx, text, len);
  lx.build_lines = g_ptr_array_new_with_free_func (g_free);
  go_lex_next (&lx, &tok); /* reads every comment before "package" */

  for (guint i = 0; i < lx.build_lines->len; i++)
    {
      /* "go:build ignore" or " +build ignore": the expression follows the keyword */
      const char *line = g_ptr_array_index (lx.build_lines, i);
      const char *expr = strstr (line, "build ") + strlen ("build ");
      g_autofree char *trimmed = g_strstrip (g_strdup (expr));

      if (g_str_equal (trimmed, "ignore"))
        ignored = TRUE;
    }

  g_ptr_array_unref (lx.build_lines);
  g_string_free (tok.value, TRUE);
  return ignored;
}

gboolean
gantry_go_source_uses_cgo (const char *text,
                           gssize      len)
{
  GoLexer lx;
  GoToken tok = { 0, 0, g_string_new (NULL) };
  gboolean cgo = FALSE;

  g_return_val_if_fail (text != NULL, FALSE);

  go_lexer_init (&lx, text, len);

  for (go_lex_next (&lx, &tok); tok.kind != TOK_EOF; go_lex_next (&lx, &tok))
    {
      if (tok.kind != TOK_IDENT || !g_str_equal (tok.value->str, "import"))
        continue;

      go_lex_next (&lx, &tok);
      if (tok.kind == TOK_PUNCT && tok.punct == '(')
        {
          for (go_lex_next (&lx, &tok);
               tok.kind != TOK_EOF && !(tok.kind == TOK_PUNCT && tok.punct == ')');
               go_lex_next (&lx, &tok))
            {
              if (tok.kind == TOK_STRING && g_str_equal (tok.value->str, "C"))
                cgo = TRUE;
            }
        }
      else
        {
          /* import "C", or import name "C" */
          if (tok.kind == TOK_IDENT || (tok.kind == TOK_PUNCT && tok.punct == '.'))
            go_lex_next (&lx, &tok);
          if (tok.kind == TOK_STRING && g_str_equal (tok.value->str, "C"))
            cgo = TRUE;
        }

      if (cgo)
        break;
    }

  g_string_free (tok.value, TRUE);
  return cgo || lx.saw_cgo_directive;
}

/* ------------------------------------------------------------------ */
/* Scanning a module's folders                                         */
/* ------------------------------------------------------------------ */

typedef struct
{
  GPtrArray *mains;
  gboolean uses_cgo;
  GPtrArray *cgo_dirs;   /* "./sub 2": folders with files that use cgo; NULL: not asked */
} ScanState;

static gboolean
skip_dir_name (const char *name)
{
  return name[0] == '.' || name[0] == '_' ||
         g_str_equal (name, "testdata") || g_str_equal (name, "vendor");
}

static void
scan_folder (const char *root,
             const char *rel,
             guint       depth,
             ScanState  *state)
{
  g_autofree char *dir_path = rel[0] ? g_build_filename (root, rel, NULL) : g_strdup (root);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) subdirs = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  gboolean is_main = FALSE;
  guint n_cgo = 0;

  if (depth > MAX_SCAN_DEPTH)
    return;

  dir = g_dir_open (dir_path, 0, NULL);
  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir_path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          g_autofree char *nested_mod = NULL;

          if (skip_dir_name (name) || g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            continue;
          /* A folder with its own go.mod is another module. */
          nested_mod = g_build_filename (child, "go.mod", NULL);
          if (g_file_test (nested_mod, G_FILE_TEST_EXISTS))
            continue;
          g_ptr_array_add (subdirs, g_strdup (name));
          continue;
        }

      if (!g_str_has_suffix (name, ".go") || g_str_has_suffix (name, "_test.go") ||
          name[0] == '.' || name[0] == '_')
        continue;

      {
        g_autofree char *contents = NULL;
        g_autofree char *pkg = NULL;
        gsize len = 0;

        if (!g_file_get_contents (child, &contents, &len, NULL))
          continue;
        if (gantry_go_source_is_ignored (contents, len))
          continue;
        pkg = gantry_go_source_package (contents, len);
        if (g_strcmp0 (pkg, "main") == 0)
          is_main = TRUE;
        if ((!state->uses_cgo || state->cgo_dirs != NULL) &&
            gantry_go_source_uses_cgo (contents, len))
          {
            state->uses_cgo = TRUE;
            n_cgo++;
          }
      }
    }

  if (is_main || (n_cgo > 0 && state->cgo_dirs != NULL))
    {
      g_autofree char *slashed = g_strdup (rel);
      g_autofree char *dot = NULL;

      g_strdelimit (slashed, "\\", '/');
      dot = rel[0] ? g_strconcat ("./", slashed, NULL) : g_strdup (".");
      if (is_main)
        g_ptr_array_add (state->mains, g_strdup (dot));
      if (n_cgo > 0 && state->cgo_dirs != NULL)
        g_ptr_array_add (state->cgo_dirs, g_strdup_printf ("%s %u", dot, n_cgo));
    }

  for (guint i = 0; i < subdirs->len; i++)
    {
      g_autofree char *child_rel = rel[0]
        ? g_build_filename (rel, g_ptr_array_index (subdirs, i), NULL)
        : g_strdup (g_ptr_array_index (subdirs, i));

      scan_folder (root, child_rel, depth + 1, state);
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GantryProject *
gantry_project_load (const char  *folder,
                     GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *gomod_path = NULL;
  g_autofree char *gomod_text = NULL;
  g_autofree char *basename = NULL;
  g_autoptr(GError) local_error = NULL;
  GantryGoMod mod;
  ScanState state = { NULL, FALSE, NULL };
  GantryProject *self;
  gsize len = 0;

  g_return_val_if_fail (folder != NULL, NULL);

  path = g_canonicalize_filename (folder, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, GANTRY_PROJECT_ERROR, GANTRY_PROJECT_ERROR_NO_FOLDER,
                   "The folder %s does not exist: check the path.", path);
      return NULL;
    }
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, GANTRY_PROJECT_ERROR, GANTRY_PROJECT_ERROR_NO_FOLDER,
                   "%s is a file, not a folder: choose the folder that holds go.mod.", path);
      return NULL;
    }

  gomod_path = g_build_filename (path, "go.mod", NULL);
  if (!g_file_get_contents (gomod_path, &gomod_text, &len, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, GANTRY_PROJECT_ERROR, GANTRY_PROJECT_ERROR_NOT_A_MODULE,
                     "%s is not a Go module (it has no go.mod): choose the module's top folder, or run 'go mod init' there.",
                     path);
      else
        g_set_error (error, GANTRY_PROJECT_ERROR, GANTRY_PROJECT_ERROR_NOT_A_MODULE,
                     "Could not read %s: %s.", gomod_path, local_error->message);
      return NULL;
    }

  if (!gantry_go_mod_parse (gomod_text, len, &mod, &local_error))
    {
      g_set_error (error, GANTRY_PROJECT_ERROR, GANTRY_PROJECT_ERROR_BAD_GOMOD,
                   "%s: %s", gomod_path, local_error->message);
      return NULL;
    }

  state.mains = g_ptr_array_new_with_free_func (g_free);
  scan_folder (path, "", 0, &state);
  g_ptr_array_sort (state.mains, compare_strings);
  g_ptr_array_add (state.mains, NULL);

  basename = g_path_get_basename (path);

  /* What the builds will need comes from the go command's view of the
   * graph: cgo in a dependency, or only in _linux.go files, is missed
   * by a scan of this module's files. The two platforms most releases
   * ship; a target's own graph is read again when it is built. */
  {
    static const char * const platforms[][2] = { { "linux", "amd64" }, { "windows", "amd64" } };
    gboolean graph_cgo = FALSE;
    gboolean guess = FALSE;
    g_autofree char *summary = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (platforms); i++)
      {
        GantryGoGraphQuery q = { platforms[i][0], platforms[i][1], NULL, NULL,
                                 state.mains->pdata[0] ? (const char * const *) state.mains->pdata : NULL, NULL };
        g_autoptr(GantryGoGraph) graph = gantry_go_graph_read (path, &q, NULL, NULL, NULL);

        if (graph == NULL)
          continue;
        /* a module not downloaded yet leaves holes: the scan fills in */
        guess = guess || gantry_go_graph_is_guess (graph) || gantry_go_graph_get_note (graph) != NULL;
        if (gantry_go_graph_needs_cgo (graph) && !graph_cgo)
          {
            graph_cgo = TRUE;
            g_free (summary);
            summary = gantry_go_graph_describe (graph);
          }
        else if (summary == NULL)
          summary = gantry_go_graph_describe (graph);
      }
    state.uses_cgo = guess ? (state.uses_cgo || graph_cgo) : graph_cgo;

    self = g_object_new (GANTRY_TYPE_PROJECT,
                         "name", basename,
                         "path", path,
                         "module", mod.module,
                         "go-version", mod.go_version,
                         "toolchain", mod.toolchain,
                         "uses-cgo", state.uses_cgo,
                         "main-packages", (char **) state.mains->pdata,
                         NULL);
    self->cgo_is_guess = guess;
    self->cgo_summary = g_steal_pointer (&summary);
  }

  g_ptr_array_unref (state.mains);
  gantry_go_mod_clear (&mod);

  return self;
}

/* The file scan alone, without the go command: "./sub N" for each
 * folder of the module whose N files use cgo, in scan order. A guess:
 * it cannot see dependencies or build constraints. */
char **
gantry_go_scan_cgo_folders (const char *folder)
{
  ScanState state = { NULL, FALSE, NULL };

  g_return_val_if_fail (folder != NULL, NULL);

  state.mains = g_ptr_array_new_with_free_func (g_free);
  state.cgo_dirs = g_ptr_array_new ();
  scan_folder (folder, "", 0, &state);
  g_ptr_array_unref (state.mains);
  g_ptr_array_add (state.cgo_dirs, NULL);
  return (char **) g_ptr_array_free (state.cgo_dirs, FALSE);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
gantry_project_finalize (GObject *object)
{
  GantryProject *self = (GantryProject *) object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->module, g_free);
  g_clear_pointer (&self->go_version, g_free);
  g_clear_pointer (&self->toolchain, g_free);
  g_clear_pointer (&self->main_packages, g_strfreev);
  g_clear_pointer (&self->cgo_summary, g_free);

  G_OBJECT_CLASS (gantry_project_parent_class)->finalize (object);
}

static void
gantry_project_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GantryProject *self = GANTRY_PROJECT (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_PATH: g_value_set_string (value, self->path); break;
    case PROP_MODULE: g_value_set_string (value, self->module); break;
    case PROP_GO_VERSION: g_value_set_string (value, self->go_version); break;
    case PROP_TOOLCHAIN: g_value_set_string (value, self->toolchain); break;
    case PROP_USES_CGO: g_value_set_boolean (value, self->uses_cgo); break;
    case PROP_MAIN_PACKAGES: g_value_set_boxed (value, self->main_packages); break;
    case PROP_ADDED_AT: g_value_set_int64 (value, self->added_at); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_project_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  GantryProject *self = GANTRY_PROJECT (object);

  switch (prop_id)
    {
    case PROP_ID: self->id = g_value_get_int64 (value); break;
    case PROP_NAME: gantry_project_set_name (self, g_value_get_string (value)); break;
    case PROP_PATH: g_free (self->path); self->path = g_value_dup_string (value); break;
    case PROP_MODULE: g_free (self->module); self->module = g_value_dup_string (value); break;
    case PROP_GO_VERSION: g_free (self->go_version); self->go_version = g_value_dup_string (value); break;
    case PROP_TOOLCHAIN: g_free (self->toolchain); self->toolchain = g_value_dup_string (value); break;
    case PROP_USES_CGO: self->uses_cgo = g_value_get_boolean (value); break;
    case PROP_MAIN_PACKAGES:
      g_strfreev (self->main_packages);
      self->main_packages = g_value_dup_boxed (value);
      break;
    case PROP_ADDED_AT: self->added_at = g_value_get_int64 (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_project_class_init (GantryProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gantry_project_finalize;
  object_class->get_property = gantry_project_get_property;
  object_class->set_property = gantry_project_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODULE] =
    g_param_spec_string ("module", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GO_VERSION] =
    g_param_spec_string ("go-version", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOOLCHAIN] =
    g_param_spec_string ("toolchain", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USES_CGO] =
    g_param_spec_boolean ("uses-cgo", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAIN_PACKAGES] =
    g_param_spec_boxed ("main-packages", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ADDED_AT] =
    g_param_spec_int64 ("added-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gantry_project_init (GantryProject *self)
{
}

gint64
gantry_project_get_id (GantryProject *self)
{
  g_return_val_if_fail (GANTRY_IS_PROJECT (self), 0);
  return self->id;
}

void
gantry_project_set_id (GantryProject *self,
                       gint64         id)
{
  g_return_if_fail (GANTRY_IS_PROJECT (self));

  if (self->id != id)
    {
      self->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
}

const char *
gantry_project_get_name (GantryProject *self)
{
  g_return_val_if_fail (GANTRY_IS_PROJECT (self), NULL);
  return self->name;
}

void
gantry_project_set_name (GantryProject *self,
                         const char    *name)
{
  g_return_if_fail (GANTRY_IS_PROJECT (self));

  if (g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
gantry_project_get_path (GantryProject *self)
{
  g_return_val_if_fail (GANTRY_IS_PROJECT (self), NULL);
  return self->path;
}

const char *
gantry_project_get_module (GantryProject *self)
{
  g_return_val_if_fail (GANTRY_IS_PROJECT (self), NULL);
  return self->module;
}

const char *
gantry_project_get_go_version (GantryProject *self)
{
  g_return_val_if_fail (GANTRY_IS_PROJECT (self), NULL);
  return self->go_version;
}

const char *
gantry_project_get_toolchain (GantryProject *self)
{
  g_return_val_if_fail (GANTRY_IS_PROJECT (self), NULL);
  return self->toolchain;
}

gboolean
gantry_project_get_uses_cgo (GantryProject *self)
{
  g_return_val_if_fail (GANTRY_IS_PROJECT (self), FALSE);
  return self->uses_cgo;
}

const char * const *
gantry_project_get_main_packages (GantryProject *self)
{
  static const char * const empty[] = { NULL };

  g_return_val_if_fail (GANTRY_IS_PROJECT (self), NULL);
  return self->main_packages ? (const char * const *) self->main_packages : empty;
}

gint64
gantry_project_get_added_at (GantryProject *self)
{
  g_return_val_if_fail (GANTRY_IS_PROJECT (self), 0);
  return self->added_at;
}

gboolean
gantry_project_get_cgo_is_guess (GantryProject *self)
{
  g_return_val_if_fail (GANTRY_IS_PROJECT (self), FALSE);
  return self->cgo_is_guess;
}

const char *
gantry_project_get_cgo_summary (GantryProject *self)
{
  g_return_val_if_fail (GANTRY_IS_PROJECT (self), NULL);
  return self->cgo_summary;
}

/* gantry-recipe.c — what to release for a project: options and the list of targets */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-recipe"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "gantry-recipe.h"
#include "gantry-store-private.h"

struct _GantryRecipe
{
  GObject parent_instance;

  gint64 revision;
  char **mains;           /* the main packages released, in order; NULL: "." */
  char *binary_name;
  char *version;
  char *version_var;
  gboolean trimpath;
  char *tags;
  char *ldflags;
  char *dist_dir;
  gboolean block_unbuildable;  /* a target no compiler here can build stops the release */
  GListStore *targets;

  /* how each build is checked (gantry-verify) */
  char **run_args;        /* NULL: --version */
  char *expect_output;    /* a regular expression, or NULL */
  char **images;          /* container images to run in */
  char **ship_dlls;       /* DLLs the release ships beside the exe */
  gboolean reproducible;  /* rebuild and compare on every release */
  gboolean containers;    /* run Linux builds in the images above at all */
  GPtrArray *programs;    /* ProgramVerify*: run_args and expect_output of one main package */
};

/* "verify": { "programs": { "./cmd/server": { "run_args": [...], "expect_output": "..." } } }:
 * how one program of several is run, where the recipe's own run_args
 * and expect_output do not fit it (a server that has no --version). */
typedef struct
{
  char *main_package;
  char **run_args;       /* NULL: the recipe's */
  char *expect_output;   /* NULL: the recipe's */
} ProgramVerify;

static void
program_verify_free (ProgramVerify *p)
{
  g_free (p->main_package);
  g_strfreev (p->run_args);
  g_free (p->expect_output);
  g_free (p);
}

static GPtrArray *
programs_copy (GPtrArray *from)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) program_verify_free);

  for (guint i = 0; from != NULL && i < from->len; i++)
    {
      const ProgramVerify *p = g_ptr_array_index (from, i);
      ProgramVerify *c = g_new0 (ProgramVerify, 1);

      c->main_package = g_strdup (p->main_package);
      c->run_args = g_strdupv (p->run_args);
      c->expect_output = g_strdup (p->expect_output);
      g_ptr_array_add (copy, c);
    }
  return copy;
}

G_DEFINE_FINAL_TYPE (GantryRecipe, gantry_recipe, G_TYPE_OBJECT)

static void
set_str (char       **field,
         const char  *value)
{
  char *copy = (value != NULL && value[0] != '\0') ? g_strdup (value) : NULL;

  g_free (*field);
  *field = copy;
}

GantryRecipe *
gantry_recipe_new (void)
{
  return g_object_new (GANTRY_TYPE_RECIPE, NULL);
}

/* What go build names the binary of a module's top package: the last
 * element of the module path, skipping a major version suffix. */
static char *
module_binary_name (const char *module)
{
  g_auto(GStrv) parts = g_strsplit (module, "/", -1);
  guint n = g_strv_length (parts);

  if (n > 1 && parts[n - 1][0] == 'v' && g_ascii_isdigit (parts[n - 1][1]) &&
      strspn (parts[n - 1] + 1, "0123456789") == strlen (parts[n - 1] + 1))
    n--;
  return g_strdup (n > 0 ? parts[n - 1] : "app");
}

/* The first recipe for a project: its first main package, named after
 * the folder, for the targets most releases ship. With cgo, Linux
 * x86-64 comes twice, dynamic and static, so the two can be compared. */
GantryRecipe *
gantry_recipe_new_detected (GantryProject *project)
{
  GantryRecipe *self;
  const char * const *mains;
  gboolean cgo;
  struct { const char *goos, *goarch; GantryLinkMode link; GantryLibc libc; } defaults[] = {
    { "linux", "amd64", GANTRY_LINK_DYNAMIC, GANTRY_LIBC_DEFAULT },
    { "linux", "amd64", GANTRY_LINK_STATIC, GANTRY_LIBC_MUSL },
    { "linux", "arm64", GANTRY_LINK_DYNAMIC, GANTRY_LIBC_DEFAULT },
    { "windows", "amd64", GANTRY_LINK_DYNAMIC, GANTRY_LIBC_DEFAULT },
  };

  g_return_val_if_fail (GANTRY_IS_PROJECT (project), NULL);

  self = gantry_recipe_new ();
  cgo = gantry_project_get_uses_cgo (project);
  mains = gantry_project_get_main_packages (project);

  /* every program the project has: a module with cmd/server and cmd/cli releases both */
  if (mains[0] != NULL)
    self->mains = g_strdupv ((char **) mains);
  else
    gantry_recipe_set_main_package (self, ".");
  /* one program is named as its folder; several share the module's name
   * (the archives', each program keeping its own) */
  if (mains[0] != NULL && mains[1] == NULL && !g_str_equal (mains[0], "."))
    self->binary_name = g_path_get_basename (mains[0]);
  else
    self->binary_name = module_binary_name (gantry_project_get_module (project));
  set_str (&self->version_var, "main.version");

  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    {
      /* Pure Go: the static twin is the same binary, so it is left out. */
      if (!cgo && defaults[i].link == GANTRY_LINK_STATIC)
        continue;

      {
        g_autoptr(GantryTarget) t = gantry_target_new (defaults[i].goos, defaults[i].goarch);
        g_autoptr(GantryGoGraph) graph = NULL;
        gboolean target_cgo = cgo;

        /* each target's own graph: cgo may be in _linux.go files only */
        graph = gantry_recipe_read_graph (self, project, t, NULL, NULL);
        if (graph != NULL && !gantry_go_graph_is_guess (graph) && gantry_go_graph_get_note (graph) == NULL)
          target_cgo = gantry_go_graph_needs_cgo (graph);
        if (!target_cgo && defaults[i].link == GANTRY_LINK_STATIC)
          continue;

        gantry_target_set_cgo (t, target_cgo ? GANTRY_CGO_ON : GANTRY_CGO_OFF);
        gantry_target_set_link_mode (t, defaults[i].link);
        if (target_cgo)
          gantry_target_set_libc (t, defaults[i].libc);
        gantry_recipe_add_target (self, t);
      }
    }

  return self;
}

GantryTarget *
gantry_recipe_match_target (GantryRecipe *self,
                            GantryTarget *spec)
{
  g_autofree char *key = NULL;
  GantryTarget *loose = NULL;
  guint n;

  g_return_val_if_fail (GANTRY_IS_RECIPE (self), NULL);
  g_return_val_if_fail (GANTRY_IS_TARGET (spec), NULL);

  key = gantry_target_get_key (spec);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->targets));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GantryTarget) t = g_list_model_get_item (G_LIST_MODEL (self->targets), i);
      g_autofree char *tkey = gantry_target_get_key (t);

      if (g_str_equal (key, tkey))
        return t;   /* the recipe still holds a reference */
      /* "linux/amd64/static" stands for the recipe's static musl build */
      if (loose == NULL &&
          gantry_target_get_libc (spec) == GANTRY_LIBC_DEFAULT &&
          gantry_target_get_glibc_floor (spec) == NULL &&
          g_str_equal (gantry_target_get_goos (spec), gantry_target_get_goos (t)) &&
          g_str_equal (gantry_target_get_goarch (spec), gantry_target_get_goarch (t)) &&
          g_strcmp0 (gantry_target_get_goarm (spec), gantry_target_get_goarm (t)) == 0 &&
          gantry_target_get_link_mode (spec) == gantry_target_get_link_mode (t))
        loose = t;
    }
  return loose;
}

static char *
join_tags (const char *a,
           const char *b)
{
  g_autoptr(GString) s = g_string_new (NULL);
  const char *parts[] = { a, b };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_auto(GStrv) words = NULL;

      if (parts[i] == NULL)
        continue;
      words = g_strsplit_set (parts[i], ", ", -1);
      for (guint j = 0; words[j] != NULL; j++)
        if (words[j][0] != '\0')
          g_string_append_printf (s, "%s%s", s->len ? "," : "", words[j]);
    }
  return s->len ? g_strdup (s->str) : NULL;
}

GantryGoGraph *
gantry_recipe_read_graph (GantryRecipe  *self,
                          GantryProject *project,
                          GantryTarget  *target,
                          const char    *go,
                          GCancellable  *cancellable)
{
  g_autofree char *tags = NULL;
  GantryGoGraphQuery q = { 0 };

  g_return_val_if_fail (GANTRY_IS_RECIPE (self), NULL);
  g_return_val_if_fail (GANTRY_IS_PROJECT (project), NULL);
  g_return_val_if_fail (GANTRY_IS_TARGET (target), NULL);

  tags = join_tags (self->tags, gantry_target_get_tags (target));
  q.goos = gantry_target_get_goos (target);
  q.goarch = gantry_target_get_goarch (target);
  q.goarm = gantry_target_get_goarm (target);
  q.tags = tags;
  q.go = go;
  /* every program's packages: cgo in any of them needs cgo for the target */
  if (self->mains != NULL && self->mains[0] != NULL)
    q.packages = (const char * const *) self->mains;
  else if (gantry_project_get_main_packages (project)[0] != NULL)
    q.packages = gantry_project_get_main_packages (project);
  return gantry_go_graph_read (gantry_project_get_path (project), &q, NULL, cancellable, NULL);
}

char *
gantry_recipe_check_cgo (GantryTarget  *target,
                         GantryGoGraph *graph)
{
  g_autofree char *key = NULL;
  g_autofree char *why = NULL;
  g_autofree char *list = NULL;

  g_return_val_if_fail (GANTRY_IS_TARGET (target), NULL);

  if (graph == NULL || gantry_target_get_cgo (target) != GANTRY_CGO_OFF ||
      !gantry_go_graph_needs_cgo (graph) || gantry_go_graph_is_guess (graph))
    return NULL;

  key = gantry_target_get_key (target);
  why = gantry_go_graph_describe (graph);
  list = gantry_go_graph_cgo_package_list (graph);
  /* "uses cgo through a (3 C files)": the packages are the news */
  return g_strdup_printf ("cgo is off for %s, but %s in its build needs cgo (without it the build fails or makes a stub): "
                          "turn cgo on for %s, or drop %s.",
                          key, g_str_has_prefix (why, "uses cgo through ") ? why + strlen ("uses cgo through ") : why,
                          key, list);
}

/* A deep copy: changing the copy's targets leaves the original alone. */
/* The "verify" object only: what the verification page edits. */
void
gantry_recipe_copy_verify_settings (GantryRecipe *self,
                                    GantryRecipe *from)
{
  g_return_if_fail (GANTRY_IS_RECIPE (self));
  g_return_if_fail (GANTRY_IS_RECIPE (from));

  if (self == from)
    return;
  g_strfreev (self->run_args);
  self->run_args = g_strdupv (from->run_args);
  g_free (self->expect_output);
  self->expect_output = g_strdup (from->expect_output);
  g_strfreev (self->images);
  self->images = g_strdupv (from->images);
  g_strfreev (self->ship_dlls);
  self->ship_dlls = g_strdupv (from->ship_dlls);
  self->reproducible = from->reproducible;
  self->containers = from->containers;
  g_clear_pointer (&self->programs, g_ptr_array_unref);
  self->programs = programs_copy (from->programs);
}

GantryRecipe *
gantry_recipe_copy (GantryRecipe *self)
{
  GantryRecipe *copy;
  guint n;

  g_return_val_if_fail (GANTRY_IS_RECIPE (self), NULL);

  copy = gantry_recipe_new ();
  copy->revision = self->revision;
  copy->mains = g_strdupv (self->mains);
  copy->binary_name = g_strdup (self->binary_name);
  copy->version = g_strdup (self->version);
  copy->version_var = g_strdup (self->version_var);
  copy->trimpath = self->trimpath;
  copy->tags = g_strdup (self->tags);
  copy->ldflags = g_strdup (self->ldflags);
  copy->dist_dir = g_strdup (self->dist_dir);
  copy->block_unbuildable = self->block_unbuildable;
  gantry_recipe_copy_verify_settings (copy, self);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->targets));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GantryTarget) t = g_list_model_get_item (G_LIST_MODEL (self->targets), i);
      g_autoptr(GantryTarget) tc = gantry_target_copy (t);

      g_list_store_append (copy->targets, tc);
    }
  return copy;
}

void
gantry_recipe_clear_targets (GantryRecipe *self)
{
  g_return_if_fail (GANTRY_IS_RECIPE (self));
  g_list_store_remove_all (self->targets);
}

GListModel *
gantry_recipe_get_targets (GantryRecipe *self)
{
  g_return_val_if_fail (GANTRY_IS_RECIPE (self), NULL);
  return G_LIST_MODEL (self->targets);
}

void
gantry_recipe_add_target (GantryRecipe *self,
                          GantryTarget *target)
{
  g_return_if_fail (GANTRY_IS_RECIPE (self));
  g_return_if_fail (GANTRY_IS_TARGET (target));

  g_list_store_append (self->targets, target);
}

static gboolean
is_version_var (const char *v)
{
  /* an import path, a dot, an identifier: main.version, example.com/x/build.Version */
  const char *dot = strrchr (v, '.');

  if (dot == NULL || dot == v || dot[1] == '\0')
    return FALSE;
  for (const char *p = dot + 1; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  for (const char *p = v; p < dot; p++)
    if (*p == ' ' || *p == '=' || *p == '\'' || *p == '"')
      return FALSE;
  return !g_ascii_isdigit (dot[1]);
}

/* ------------------------------------------------------------------ */
/* Container image names                                               */
/* ------------------------------------------------------------------ */

static gboolean
image_error (GError     **error,
             const char  *image,
             const char  *format,
             ...) G_GNUC_PRINTF (3, 4);

static gboolean
image_error (GError     **error,
             const char  *image,
             const char  *format,
             ...)
{
  g_autofree char *why = NULL;
  va_list args;

  va_start (args, format);
  why = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID, "'%s': %s", image, why);
  return FALSE;
}

/* registry host[:port]: letters, digits and inner '-', dot-separated */
static gboolean
is_registry (const char *part,
             gsize       len)
{
  const char *colon = memchr (part, ':', len);
  gsize host_len = colon ? (gsize) (colon - part) : len;
  gboolean start = TRUE;

  if (host_len == 0)
    return FALSE;
  for (gsize i = 0; i < host_len; i++)
    {
      char c = part[i];

      if (c == '.')
        {
          if (start || part[i - 1] == '-')
            return FALSE;
          start = TRUE;
          continue;
        }
      if (!g_ascii_isalnum (c) && !(c == '-' && !start))
        return FALSE;
      start = FALSE;
    }
  if (part[host_len - 1] == '-' || part[host_len - 1] == '.')
    return FALSE;
  if (colon != NULL)
    {
      if (colon + 1 == part + len)
        return FALSE;
      for (const char *p = colon + 1; p < part + len; p++)
        if (!g_ascii_isdigit (*p))
          return FALSE;
    }
  return TRUE;
}

/* One path component: [a-z0-9]+ joined by '.', '_', '__' or dashes. */
static gboolean
check_component (const char  *image,
                 const char  *part,
                 gsize        len,
                 GError     **error)
{
  g_autofree char *text = g_strndup (part, len);
  gsize i = 0;

  if (len == 0)
    return image_error (error, image, "a '/' must stand between two names, as in library/alpine.");
  if (!g_ascii_isalnum (part[0]) || !g_ascii_isalnum (part[len - 1]))
    return image_error (error, image, "'%s' must start and end with a letter or digit.", text);
  while (i < len)
    {
      gsize run = 0;
      gboolean dashes = TRUE;

      while (i < len && (g_ascii_islower (part[i]) || g_ascii_isdigit (part[i])))
        i++;
      while (i + run < len && !(g_ascii_islower (part[i + run]) || g_ascii_isdigit (part[i + run])))
        {
          dashes = dashes && part[i + run] == '-';
          run++;
        }
      if (run > 0 && !dashes &&
          !(run == 1 && (part[i] == '.' || part[i] == '_')) &&
          !(run == 2 && part[i] == '_' && part[i + 1] == '_'))
        {
          g_autofree char *sep = g_strndup (part + i, run);
          return image_error (error, image, "'%s' cannot join two words of '%s'; use one '.', '_' or '-'.", sep, text);
        }
      i += run;
    }
  return TRUE;
}

gboolean
gantry_recipe_check_image_name (const char  *image,
                                GError     **error)
{
  const char *at, *name_end, *last_slash, *colon, *tag = NULL;
  const char *path_start;
  gsize name_len;

  g_return_val_if_fail (image != NULL, FALSE);

  if (image[0] == '\0')
    {
      g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID,
                   "the image name is empty; write one like alpine:3.19.");
      return FALSE;
    }
  for (const char *p = image; *p; p++)
    if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
      return image_error (error, image, "an image name has no spaces; write one like debian:12-slim.");
  if (strstr (image, "://") != NULL)
    return image_error (error, image, "give the image itself, not a URL: drop the '%.*s'.",
                        (int) (strstr (image, "://") - image + 3), image);

  /* @digest */
  at = strchr (image, '@');
  name_end = at ? at : image + strlen (image);
  if (at != NULL)
    {
      const char *digest = at + 1;
      const char *dc = strchr (digest, ':');
      gsize hex = 0;

      if (dc == NULL || dc == digest)
        return image_error (error, image, "after '@' comes a digest like sha256:<64 hex digits>.");
      for (const char *p = digest; p < dc; p++)
        if (!g_ascii_isalnum (*p) && strchr ("-_+.", *p) == NULL)
          return image_error (error, image, "after '@' comes a digest like sha256:<64 hex digits>.");
      for (const char *p = dc + 1; *p; p++, hex++)
        if (!g_ascii_isxdigit (*p))
          return image_error (error, image, "the digest holds '%c'; it is hexadecimal, like sha256:<64 hex digits>.", *p);
      if (hex < 32)
        return image_error (error, image, "the digest is too short; it is like sha256:<64 hex digits>.");
    }

  /* :tag, when the last ':' comes after the last '/' */
  last_slash = g_strrstr_len (image, name_end - image, "/");
  colon = g_strrstr_len (image, name_end - image, ":");
  if (colon != NULL && (last_slash == NULL || colon > last_slash))
    {
      gsize tag_len = name_end - (colon + 1);

      tag = colon + 1;
      if (tag_len == 0)
        return image_error (error, image, "nothing after ':'; give a tag like :3.19, or leave the ':' out for :latest.");
      if (tag_len > 128)
        return image_error (error, image, "the tag is longer than 128 characters.");
      for (const char *p = tag; p < name_end; p++)
        if (!g_ascii_isalnum (*p) && *p != '_' && !(p > tag && (*p == '.' || *p == '-')))
          return image_error (error, image, "the tag '%.*s' may hold letters, digits, '_', '.' and '-' only, and starts with a letter, digit or '_'.",
                              (int) tag_len, tag);
      name_end = colon;
    }

  name_len = name_end - image;
  if (name_len == 0)
    return image_error (error, image, "the image has a tag but no name; write one like alpine:3.19.");
  if (name_len > 255)
    return image_error (error, image, "the name is longer than 255 characters.");

  /* registry[:port]/ when the first part looks like a host */
  path_start = image;
  {
    const char *slash = memchr (image, '/', name_len);

    if (slash != NULL)
      {
        gsize first_len = slash - image;
        gboolean host_like = memchr (image, '.', first_len) != NULL || memchr (image, ':', first_len) != NULL ||
                             (first_len == 9 && strncmp (image, "localhost", 9) == 0);

        for (gsize i = 0; i < first_len && !host_like; i++)
          host_like = g_ascii_isupper (image[i]);
        if (host_like)
          {
            if (!is_registry (image, first_len))
              return image_error (error, image, "'%.*s' is not a registry host (like ghcr.io or localhost:5000).",
                                  (int) first_len, image);
            path_start = slash + 1;
          }
      }
  }

  for (const char *p = path_start; p < name_end; p++)
    if (g_ascii_isupper (*p))
      {
        /* keep the registry and the tag as typed; only the name is lowercase */
        g_autofree char *fixed = g_strdup (image);

        for (char *q = fixed + (path_start - image); q < fixed + name_len; q++)
          *q = g_ascii_tolower (*q);
        return image_error (error, image, "image names are lowercase; write %s.", fixed);
      }
  for (const char *p = path_start; p < name_end; p++)
    if (!g_ascii_isalnum (*p) && strchr ("._-/", *p) == NULL)
      return image_error (error, image, "'%c' cannot be in an image name; use lowercase letters, digits, '.', '_', '-' and '/', as in debian:12-slim.", *p);

  while (path_start <= name_end)
    {
      const char *slash = memchr (path_start, '/', name_end - path_start);
      const char *end = slash ? slash : name_end;

      if (!check_component (image, path_start, end - path_start, error))
        return FALSE;
      path_start = end + 1;
    }
  return TRUE;
}

gboolean
gantry_recipe_validate (GantryRecipe  *self,
                        GError       **error)
{
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n;

  g_return_val_if_fail (GANTRY_IS_RECIPE (self), FALSE);

  if (self->binary_name == NULL || strpbrk (self->binary_name, "/\\:*?\"<>|") != NULL)
    {
      g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID,
                   "binary_name: '%s' cannot be a file name; use letters, digits, '-', '_' or '.'.",
                   self->binary_name ? self->binary_name : "");
      return FALSE;
    }

  for (guint i = 0; self->mains != NULL && self->mains[i] != NULL; i++)
    if (!(g_str_equal (self->mains[i], ".") || g_str_has_prefix (self->mains[i], "./")))
      {
        g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID,
                     "main_package: '%s' must be a folder inside the module, like '.' or './cmd/tool'.",
                     self->mains[i]);
        return FALSE;
      }
  for (guint i = 0; self->mains != NULL && self->mains[i] != NULL; i++)
    for (guint j = 0; j < i; j++)
      {
        g_autofree char *a = gantry_recipe_get_program_name (self, self->mains[i]);
        g_autofree char *b = gantry_recipe_get_program_name (self, self->mains[j]);

        if (g_strcmp0 (a, b) == 0)
          {
            g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID,
                         "main_packages: '%s' and '%s' would both make a program named '%s'; release one of them.",
                         self->mains[j], self->mains[i], a);
            return FALSE;
          }
      }

  if (self->version_var != NULL && !is_version_var (self->version_var))
    {
      g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID,
                   "version_variable: '%s' is not a Go variable path; write it like main.version.",
                   self->version_var);
      return FALSE;
    }

  if (self->expect_output != NULL)
    {
      g_autoptr(GRegex) regex = g_regex_new (self->expect_output, 0, 0, NULL);

      if (regex == NULL)
        {
          g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID,
                       "verify.expect_output: '%s' is not a regular expression; write one like 'version 1\\.'.",
                       self->expect_output);
          return FALSE;
        }
    }
  for (guint i = 0; self->programs != NULL && i < self->programs->len; i++)
    {
      const ProgramVerify *p = g_ptr_array_index (self->programs, i);
      g_autoptr(GRegex) regex = NULL;

      if (self->mains == NULL || !g_strv_contains ((const char * const *) self->mains, p->main_package))
        {
          g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID,
                       "verify.programs: '%s' is not one of main_packages; name a program the recipe releases, like './cmd/server'.",
                       p->main_package);
          return FALSE;
        }
      if (p->expect_output != NULL && (regex = g_regex_new (p->expect_output, 0, 0, NULL)) == NULL)
        {
          g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID,
                       "verify.programs, %s: expect_output '%s' is not a regular expression; write one like 'version 1\\.'.",
                       p->main_package, p->expect_output);
          return FALSE;
        }
    }
  for (guint i = 0; self->images != NULL && self->images[i] != NULL; i++)
    {
      g_autoptr(GError) image_error = NULL;

      if (!gantry_recipe_check_image_name (self->images[i], &image_error))
        {
          g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID,
                       "verify.images[%u]: %s", i, image_error->message);
          return FALSE;
        }
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->targets));
  if (n == 0)
    {
      g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID,
                   "targets: the recipe has no target; add at least one, e.g. linux/amd64.");
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GantryTarget) t = g_list_model_get_item (G_LIST_MODEL (self->targets), i);
      g_autofree char *field = g_strdup_printf ("targets[%u]", i);
      char *key;

      if (!gantry_target_validate (t, field, error))
        return FALSE;

      key = gantry_target_get_key (t);
      if (g_hash_table_contains (keys, key))
        {
          g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID,
                       "%s: %s is in the recipe twice; remove one, or make them differ (static/dynamic, libc, glibc floor).",
                       field, key);
          g_free (key);
          return FALSE;
        }
      g_hash_table_add (keys, key);
    }

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* gantry.json                                                         */
/* ------------------------------------------------------------------ */

static void
add_string_or_null (JsonBuilder *b,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static gboolean get_opt_string (JsonObject   *o,
                                const char   *field_prefix,
                                const char   *name,
                                const char  **out,
                                GError      **error);

/* "verify": { run_args, expect_output, images, containers, ship_dlls, reproducible } */
static void
add_strv_or_null (JsonBuilder        *b,
                  const char         *name,
                  const char * const *strv)
{
  json_builder_set_member_name (b, name);
  if (strv == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_array (b);
  for (guint i = 0; strv[i] != NULL; i++)
    json_builder_add_string_value (b, strv[i]);
  json_builder_end_array (b);
}

static void
add_verify_json (JsonBuilder  *b,
                 GantryRecipe *self)
{
  json_builder_set_member_name (b, "verify");
  json_builder_begin_object (b);
  add_strv_or_null (b, "run_args", (const char * const *) self->run_args);
  add_string_or_null (b, "expect_output", self->expect_output);
  add_strv_or_null (b, "images", (const char * const *) self->images);
  json_builder_set_member_name (b, "containers");
  json_builder_add_boolean_value (b, self->containers);
  add_strv_or_null (b, "ship_dlls", (const char * const *) self->ship_dlls);
  json_builder_set_member_name (b, "reproducible");
  json_builder_add_boolean_value (b, self->reproducible);
  /* only when some program has its own: older files stay as they were */
  if (self->programs != NULL && self->programs->len > 0)
    {
      json_builder_set_member_name (b, "programs");
      json_builder_begin_object (b);
      for (guint i = 0; i < self->programs->len; i++)
        {
          const ProgramVerify *p = g_ptr_array_index (self->programs, i);

          json_builder_set_member_name (b, p->main_package);
          json_builder_begin_object (b);
          add_strv_or_null (b, "run_args", (const char * const *) p->run_args);
          add_string_or_null (b, "expect_output", p->expect_output);
          json_builder_end_object (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
}

static gboolean
get_opt_strv (JsonObject   *o,
              const char   *name,
              char       ***out,
              GError      **error)
{
  JsonNode *node = json_object_get_member (o, name);
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    goto bad;
  builder = g_strv_builder_new ();
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *e = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
        goto bad;
      g_strv_builder_add (builder, json_node_get_string (e));
    }
  *out = g_strv_builder_end (builder);
  return TRUE;

bad:
  g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_FORMAT,
               "verify.%s: must be a list of strings.", name);
  return FALSE;
}

/* A missing or null member leaves *out as it was (the default). */
static gboolean
get_opt_bool (JsonObject  *v,
              const char  *name,
              gboolean    *out,
              GError     **error)
{
  JsonNode *node = json_object_get_member (v, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_FORMAT,
                   "verify.%s: must be true or false.", name);
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* "verify.programs": main package -> { run_args, expect_output } */
static gboolean
read_programs_json (GantryRecipe  *self,
                    JsonObject    *v,
                    GError       **error)
{
  JsonNode *node = json_object_get_member (v, "programs");
  g_autoptr(GPtrArray) programs = g_ptr_array_new_with_free_func ((GDestroyNotify) program_verify_free);
  g_autoptr(GList) names = NULL;
  JsonObject *o;

  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_FORMAT,
                       "verify.programs: must be an object, one member a main package: "
                       "{\"./cmd/server\": {\"run_args\": [\"--help\"]}}.");
          return FALSE;
        }
      o = json_node_get_object (node);
      names = json_object_get_members (o);
      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonNode *one = json_object_get_member (o, l->data);
          g_autofree char *prefix = g_strdup_printf ("verify.programs, %s: ", (const char *) l->data);
          ProgramVerify *p;
          const char *expect = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (one))
            {
              g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_FORMAT,
                           "verify.programs, %s: must be an object (run_args, expect_output).", (const char *) l->data);
              return FALSE;
            }
          p = g_new0 (ProgramVerify, 1);
          p->main_package = g_strdup (l->data);
          g_ptr_array_add (programs, p);
          if (!get_opt_strv (json_node_get_object (one), "run_args", &p->run_args, error) ||
              !get_opt_string (json_node_get_object (one), prefix, "expect_output", &expect, error))
            return FALSE;
          set_str (&p->expect_output, expect);
        }
    }
  g_clear_pointer (&self->programs, g_ptr_array_unref);
  self->programs = g_steal_pointer (&programs);
  return TRUE;
}

static gboolean
read_verify_json (GantryRecipe  *self,
                  JsonObject    *o,
                  GError       **error)
{
  JsonNode *node = json_object_get_member (o, "verify");
  JsonObject *v;
  const char *expect = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_FORMAT,
                   "verify: must be an object (run_args, expect_output, images, containers, ship_dlls, reproducible).");
      return FALSE;
    }
  v = json_node_get_object (node);

  g_clear_pointer (&self->run_args, g_strfreev);
  g_clear_pointer (&self->images, g_strfreev);
  g_clear_pointer (&self->ship_dlls, g_strfreev);
  if (!get_opt_strv (v, "run_args", &self->run_args, error) ||
      !get_opt_strv (v, "images", &self->images, error) ||
      !get_opt_strv (v, "ship_dlls", &self->ship_dlls, error) ||
      !get_opt_string (v, "verify.", "expect_output", &expect, error))
    return FALSE;
  set_str (&self->expect_output, expect);

  return get_opt_bool (v, "reproducible", &self->reproducible, error) &&
         get_opt_bool (v, "containers", &self->containers, error) &&
         read_programs_json (self, v, error);
}

/* "unbuildable": what a target no compiler here can build does to the
 * release: "skip" (the others are built; the default) or "block". */
static const char *
unbuildable_to_string (gboolean block)
{
  return block ? "block" : "skip";
}

/* A missing or null member leaves *block as it was (the default). */
static gboolean
read_unbuildable (JsonObject  *o,
                  gboolean    *block,
                  GError     **error)
{
  const char *s = NULL;

  if (!get_opt_string (o, "", "unbuildable", &s, error))
    return FALSE;
  if (s == NULL)
    return TRUE;
  if (g_strcmp0 (s, "skip") != 0 && g_strcmp0 (s, "block") != 0)
    {
      g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID,
                   "unbuildable: '%s' is not one of skip (build the others), block (stop the release).", s);
      return FALSE;
    }
  *block = g_strcmp0 (s, "block") == 0;
  return TRUE;
}

char *
gantry_recipe_to_json (GantryRecipe *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  guint n;

  g_return_val_if_fail (GANTRY_IS_RECIPE (self), NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "gantry_recipe");
  json_builder_add_int_value (b, self->mains != NULL && self->mains[0] != NULL && self->mains[1] != NULL
                                  ? GANTRY_RECIPE_FORMAT : 1);
  /* one program: the form every Gantry reads; several: format 2's list */
  if (self->mains != NULL && self->mains[0] != NULL && self->mains[1] != NULL)
    {
      json_builder_set_member_name (b, "main_packages");
      json_builder_begin_array (b);
      for (guint i = 0; self->mains[i] != NULL; i++)
        json_builder_add_string_value (b, self->mains[i]);
      json_builder_end_array (b);
    }
  else
    add_string_or_null (b, "main_package", gantry_recipe_get_main_package (self));
  add_string_or_null (b, "binary_name", self->binary_name);
  add_string_or_null (b, "version", self->version);
  add_string_or_null (b, "version_variable", self->version_var);
  json_builder_set_member_name (b, "trimpath");
  json_builder_add_boolean_value (b, self->trimpath);
  add_string_or_null (b, "tags", self->tags);
  add_string_or_null (b, "ldflags", self->ldflags);
  add_string_or_null (b, "dist_dir", self->dist_dir);
  add_string_or_null (b, "unbuildable", unbuildable_to_string (self->block_unbuildable));
  add_verify_json (b, self);

  json_builder_set_member_name (b, "targets");
  json_builder_begin_array (b);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->targets));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GantryTarget) t = g_list_model_get_item (G_LIST_MODEL (self->targets), i);

      json_builder_begin_object (b);
      add_string_or_null (b, "goos", gantry_target_get_goos (t));
      add_string_or_null (b, "goarch", gantry_target_get_goarch (t));
      if (gantry_target_get_goarm (t))
        add_string_or_null (b, "goarm", gantry_target_get_goarm (t));
      if (gantry_target_get_goamd64 (t))
        add_string_or_null (b, "goamd64", gantry_target_get_goamd64 (t));
      add_string_or_null (b, "cgo", gantry_cgo_to_string (gantry_target_get_cgo (t)));
      add_string_or_null (b, "link_mode", gantry_link_mode_to_string (gantry_target_get_link_mode (t)));
      add_string_or_null (b, "libc", gantry_libc_to_string (gantry_target_get_libc (t)));
      add_string_or_null (b, "glibc_floor", gantry_target_get_glibc_floor (t));
      add_string_or_null (b, "tags", gantry_target_get_tags (t));
      add_string_or_null (b, "ldflags", gantry_target_get_ldflags (t));
      add_string_or_null (b, "cc", gantry_target_get_cc_override (t));
      add_string_or_null (b, "archive_format", gantry_target_get_archive_format (t));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  return json_generator_to_data (gen, NULL);
}

/* Reads an optional string member; anything but a string or null is an error naming the field. */
static gboolean
get_opt_string (JsonObject   *o,
                const char   *field_prefix,
                const char   *name,
                const char  **out,
                GError      **error)
{
  JsonNode *node = json_object_get_member (o, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_FORMAT,
                   "%s%s: must be a string.", field_prefix, name);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

/* The programs of @o: "main_packages" (or "mains"), a list of folders,
 * or one "main_package" (or "main"); none: left as it is. */
static gboolean
read_mains (GantryRecipe  *self,
            JsonObject    *o,
            GError       **error)
{
  static const char * const list_keys[] = { "main_packages", "mains" };
  static const char * const one_keys[] = { "main_package", "main" };

  for (guint k = 0; k < G_N_ELEMENTS (list_keys); k++)
    {
      JsonNode *node = json_object_get_member (o, list_keys[k]);
      g_autoptr(GStrvBuilder) b = NULL;
      g_auto(GStrv) mains = NULL;
      JsonArray *a;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_FORMAT,
                       "%s: must be a list of folders, like [\"./cmd/server\", \"./cmd/cli\"].", list_keys[k]);
          return FALSE;
        }
      a = json_node_get_array (node);
      b = g_strv_builder_new ();
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *e = json_array_get_element (a, i);

          if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
            {
              g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_FORMAT,
                           "%s: item %u is not a folder name in quotes, like \"./cmd/server\".", list_keys[k], i + 1);
              return FALSE;
            }
          g_strv_builder_add (b, json_node_get_string (e));
        }
      mains = g_strv_builder_end (b);
      gantry_recipe_set_main_packages (self, (const char * const *) mains);
      return TRUE;
    }
  for (guint k = 0; k < G_N_ELEMENTS (one_keys); k++)
    {
      const char *one = NULL;

      if (!get_opt_string (o, "", one_keys[k], &one, error))
        return FALSE;
      if (one != NULL)
        {
          gantry_recipe_set_main_package (self, one);
          return TRUE;
        }
    }
  return TRUE;
}

static GantryTarget *
target_from_json (JsonNode    *node,
                  guint        index,
                  GError     **error)
{
  g_autofree char *prefix = g_strdup_printf ("targets[%u].", index);
  g_autoptr(GantryTarget) t = NULL;
  const char *goos, *goarch, *s;
  JsonObject *o;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_FORMAT,
                   "targets[%u]: must be an object with goos and goarch.", index);
      return NULL;
    }
  o = json_node_get_object (node);

  if (!get_opt_string (o, prefix, "goos", &goos, error) ||
      !get_opt_string (o, prefix, "goarch", &goarch, error))
    return NULL;
  if (goos == NULL || goarch == NULL)
    {
      g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_FORMAT,
                   "%s%s: missing; every target names its goos and goarch.", prefix, goos ? "goarch" : "goos");
      return NULL;
    }
  t = gantry_target_new (goos, goarch);

#define OPT(name, setter) \
  G_STMT_START { \
    if (!get_opt_string (o, prefix, name, &s, error)) \
      return NULL; \
    setter (t, s); \
  } G_STMT_END

  OPT ("goarm", gantry_target_set_goarm);
  OPT ("goamd64", gantry_target_set_goamd64);
  OPT ("glibc_floor", gantry_target_set_glibc_floor);
  OPT ("tags", gantry_target_set_tags);
  OPT ("ldflags", gantry_target_set_ldflags);
  OPT ("cc", gantry_target_set_cc_override);
  OPT ("archive_format", gantry_target_set_archive_format);
#undef OPT

  if (!get_opt_string (o, prefix, "cgo", &s, error))
    return NULL;
  if (s != NULL)
    {
      GantryCgo cgo;
      if (!gantry_cgo_from_string (s, &cgo))
        {
          g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID,
                       "%scgo: '%s' is not one of auto, on, off.", prefix, s);
          return NULL;
        }
      gantry_target_set_cgo (t, cgo);
    }

  if (!get_opt_string (o, prefix, "link_mode", &s, error))
    return NULL;
  if (s != NULL)
    {
      GantryLinkMode mode;
      if (!gantry_link_mode_from_string (s, &mode))
        {
          g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID,
                       "%slink_mode: '%s' is not one of dynamic, static.", prefix, s);
          return NULL;
        }
      gantry_target_set_link_mode (t, mode);
    }

  if (!get_opt_string (o, prefix, "libc", &s, error))
    return NULL;
  if (s != NULL)
    {
      GantryLibc libc;
      if (!gantry_libc_from_string (s, &libc))
        {
          g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID,
                       "%slibc: '%s' is not one of default, gnu, musl.", prefix, s);
          return NULL;
        }
      gantry_target_set_libc (t, libc);
    }

  return g_steal_pointer (&t);
}

GantryRecipe *
gantry_recipe_new_from_json (const char  *json,
                             gssize       len,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GantryRecipe) self = NULL;
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root, *node;
  JsonObject *o;
  const char *s;
  gint64 format;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, len, &parse_error))
    {
      g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_FORMAT,
                   "not valid JSON (%s); fix the file or export it again from Gantry.", parse_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_FORMAT,
                   "a recipe is a JSON object with gantry_recipe, options and targets.");
      return NULL;
    }
  o = json_node_get_object (root);

  node = json_object_get_member (o, "gantry_recipe");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_FORMAT,
                   "gantry_recipe: missing; this is not a Gantry recipe (it starts with \"gantry_recipe\": %d).",
                   GANTRY_RECIPE_FORMAT);
      return NULL;
    }
  format = json_node_get_int (node);
  if (format < 1 || format > GANTRY_RECIPE_FORMAT)
    {
      g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_FORMAT,
                   "gantry_recipe: format %" G_GINT64_FORMAT " is not one this Gantry reads (it reads %d)%s.",
                   format, GANTRY_RECIPE_FORMAT,
                   format > GANTRY_RECIPE_FORMAT ? "; upgrade Gantry" : "");
      return NULL;
    }

  self = gantry_recipe_new ();

#define OPT(name, field) \
  G_STMT_START { \
    if (!get_opt_string (o, "", name, &s, error)) \
      return NULL; \
    set_str (&self->field, s); \
  } G_STMT_END

  OPT ("binary_name", binary_name);
  OPT ("version", version);
  OPT ("version_variable", version_var);
  OPT ("tags", tags);
  OPT ("ldflags", ldflags);
  OPT ("dist_dir", dist_dir);
#undef OPT

  node = json_object_get_member (o, "trimpath");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        {
          g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_FORMAT, "trimpath: must be true or false.");
          return NULL;
        }
      self->trimpath = json_node_get_boolean (node);
    }

  if (!read_unbuildable (o, &self->block_unbuildable, error) ||
      !read_verify_json (self, o, error))
    return NULL;

  /* the programs: "main_packages" (or "mains") as a list, or one
   * "main_package" (or "main") as format 1 wrote it */
  if (!read_mains (self, o, error))
    return NULL;

  node = json_object_get_member (o, "targets");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_FORMAT,
                   "targets: missing; a recipe lists its targets as an array.");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      g_autoptr(GantryTarget) t = target_from_json (json_array_get_element (json_node_get_array (node), i), i, error);

      if (t == NULL)
        return NULL;
      gantry_recipe_add_target (self, t);
    }

  if (!gantry_recipe_validate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
gantry_recipe_export_file (GantryRecipe  *self,
                           const char    *path,
                           GError       **error)
{
  g_autofree char *json = NULL;
  g_autofree char *with_newline = NULL;

  g_return_val_if_fail (GANTRY_IS_RECIPE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!gantry_recipe_validate (self, error))
    return FALSE;

  json = gantry_recipe_to_json (self);
  with_newline = g_strconcat (json, "\n", NULL);
  /* g_file_set_contents writes a temporary file and renames it: an
   * interrupted export leaves the old file whole. */
  return g_file_set_contents (path, with_newline, -1, error);
}

GantryRecipe *
gantry_recipe_import_file (const char  *path,
                           GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  GantryRecipe *self;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;

  self = gantry_recipe_new_from_json (contents, len, &local_error);
  if (self == NULL)
    g_set_error (error, GANTRY_RECIPE_ERROR, local_error->code, "%s: %s", path, local_error->message);
  return self;
}

/* ------------------------------------------------------------------ */
/* Store: every save is a new revision; the newest one is current      */
/* ------------------------------------------------------------------ */

typedef struct
{
  GantryRecipe *recipe;
  gint64 project_id;
} SaveData;

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           column,
                   const char   *value)
{
  if (value != NULL)
    sqlite3_bind_text (stmt, column, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

static gboolean
save_tx (GantryStore  *store,
         gpointer      user_data,
         GError      **error)
{
  SaveData *d = user_data;
  GantryRecipe *self = d->recipe;
  sqlite3 *db = _gantry_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) settings_node = NULL;
  g_autofree char *settings = NULL;
  gint64 recipe_id, revision = 1;
  guint n;

  json_builder_begin_object (b);
  add_string_or_null (b, "dist_dir", self->dist_dir);
  add_string_or_null (b, "unbuildable", unbuildable_to_string (self->block_unbuildable));
  if (self->mains != NULL && self->mains[0] != NULL && self->mains[1] != NULL)
    {
      json_builder_set_member_name (b, "main_packages");
      json_builder_begin_array (b);
      for (guint i = 0; self->mains[i] != NULL; i++)
        json_builder_add_string_value (b, self->mains[i]);
      json_builder_end_array (b);
    }
  add_verify_json (b, self);
  json_builder_end_object (b);
  settings_node = json_builder_get_root (b);
  settings = json_to_string (settings_node, FALSE);

  if (sqlite3_prepare_v2 (db, "SELECT coalesce(max(revision), 0) + 1 FROM recipes WHERE project_id = ?1", -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, d->project_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    goto failed;
  revision = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  if (sqlite3_prepare_v2 (db,
                          "INSERT INTO recipes (project_id, revision, created_at, main_package, binary_name,"
                          " version, version_var, trimpath, tags, ldflags, settings)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, d->project_id);
  sqlite3_bind_int64 (stmt, 2, revision);
  sqlite3_bind_int64 (stmt, 3, _gantry_store_now ());
  bind_text_or_null (stmt, 4, gantry_recipe_get_main_package (self));
  bind_text_or_null (stmt, 5, self->binary_name);
  bind_text_or_null (stmt, 6, self->version);
  bind_text_or_null (stmt, 7, self->version_var);
  sqlite3_bind_int (stmt, 8, self->trimpath ? 1 : 0);
  bind_text_or_null (stmt, 9, self->tags);
  bind_text_or_null (stmt, 10, self->ldflags);
  sqlite3_bind_text (stmt, 11, settings, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    goto failed;
  sqlite3_finalize (stmt);
  recipe_id = sqlite3_last_insert_rowid (db);

  if (sqlite3_prepare_v2 (db,
                          "INSERT INTO targets (recipe_id, position, goos, goarch, goarm, goamd64, cgo,"
                          " link_mode, libc, glibc_floor, tags, ldflags, cc_override, archive_format)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto failed;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->targets));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GantryTarget) t = g_list_model_get_item (G_LIST_MODEL (self->targets), i);
      GantryLibc libc = gantry_target_get_libc (t);

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, recipe_id);
      sqlite3_bind_int (stmt, 2, (int) i);
      bind_text_or_null (stmt, 3, gantry_target_get_goos (t));
      bind_text_or_null (stmt, 4, gantry_target_get_goarch (t));
      bind_text_or_null (stmt, 5, gantry_target_get_goarm (t));
      bind_text_or_null (stmt, 6, gantry_target_get_goamd64 (t));
      bind_text_or_null (stmt, 7, gantry_cgo_to_string (gantry_target_get_cgo (t)));
      bind_text_or_null (stmt, 8, gantry_link_mode_to_string (gantry_target_get_link_mode (t)));
      bind_text_or_null (stmt, 9, libc == GANTRY_LIBC_DEFAULT ? NULL : gantry_libc_to_string (libc));
      bind_text_or_null (stmt, 10, gantry_target_get_glibc_floor (t));
      bind_text_or_null (stmt, 11, gantry_target_get_tags (t));
      bind_text_or_null (stmt, 12, gantry_target_get_ldflags (t));
      bind_text_or_null (stmt, 13, gantry_target_get_cc_override (t));
      bind_text_or_null (stmt, 14, gantry_target_get_archive_format (t));
      if (sqlite3_step (stmt) != SQLITE_DONE)
        goto failed;
    }
  sqlite3_finalize (stmt);

  self->revision = revision;
  return TRUE;

failed:
  _gantry_store_set_error (store, error, "Saving the recipe");
  sqlite3_finalize (stmt);
  return FALSE;
}

gboolean
gantry_recipe_save (GantryRecipe  *self,
                    GantryStore   *store,
                    gint64         project_id,
                    GError       **error)
{
  SaveData d = { self, project_id };

  g_return_val_if_fail (GANTRY_IS_RECIPE (self), FALSE);
  g_return_val_if_fail (GANTRY_IS_STORE (store), FALSE);

  if (!gantry_recipe_validate (self, error))
    return FALSE;

  return gantry_store_transaction (store, save_tx, &d, error);
}

static const char *
col_text (sqlite3_stmt *stmt,
          int           i)
{
  return (const char *) sqlite3_column_text (stmt, i);
}

/* The newest revision, or NULL with GANTRY_RECIPE_ERROR_NOT_FOUND when
 * the project has none yet. */
GantryRecipe *
gantry_recipe_load (GantryStore  *store,
                    gint64        project_id,
                    GError      **error)
{
  g_autoptr(GantryRecipe) self = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  gint64 recipe_id;
  int rc;

  g_return_val_if_fail (GANTRY_IS_STORE (store), NULL);

  db = _gantry_store_get_db (store);
  if (sqlite3_prepare_v2 (db,
                          "SELECT id, revision, main_package, binary_name, version, version_var, trimpath,"
                          " tags, ldflags, settings FROM recipes WHERE project_id = ?1"
                          " ORDER BY revision DESC LIMIT 1",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, project_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      sqlite3_finalize (stmt);
      g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_NOT_FOUND,
                   "The project has no recipe yet; Gantry makes one from the project when it first builds.");
      return NULL;
    }
  if (rc != SQLITE_ROW)
    goto failed;

  self = gantry_recipe_new ();
  recipe_id = sqlite3_column_int64 (stmt, 0);
  self->revision = sqlite3_column_int64 (stmt, 1);
  gantry_recipe_set_main_package (self, col_text (stmt, 2));
  set_str (&self->binary_name, col_text (stmt, 3));
  set_str (&self->version, col_text (stmt, 4));
  set_str (&self->version_var, col_text (stmt, 5));
  self->trimpath = sqlite3_column_int (stmt, 6) != 0;
  set_str (&self->tags, col_text (stmt, 7));
  set_str (&self->ldflags, col_text (stmt, 8));
  if (json_parser_load_from_data (parser, col_text (stmt, 9), -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *settings = json_node_get_object (json_parser_get_root (parser));
      const char *dist = NULL;

      if (get_opt_string (settings, "", "dist_dir", &dist, NULL))
        set_str (&self->dist_dir, dist);
      read_unbuildable (settings, &self->block_unbuildable, NULL);
      read_verify_json (self, settings, NULL);
      /* several programs: the list is in the settings (a revision
       * before them has only the main_package column) */
      if (json_object_has_member (settings, "main_packages"))
        read_mains (self, settings, NULL);
    }
  sqlite3_finalize (stmt);

  if (sqlite3_prepare_v2 (db,
                          "SELECT goos, goarch, goarm, goamd64, cgo, link_mode, libc, glibc_floor, tags,"
                          " ldflags, cc_override, archive_format FROM targets WHERE recipe_id = ?1 ORDER BY position",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, recipe_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GantryTarget) t = gantry_target_new (col_text (stmt, 0), col_text (stmt, 1));
      GantryCgo cgo = GANTRY_CGO_AUTO;
      GantryLinkMode mode = GANTRY_LINK_DYNAMIC;
      GantryLibc libc = GANTRY_LIBC_DEFAULT;

      gantry_target_set_goarm (t, col_text (stmt, 2));
      gantry_target_set_goamd64 (t, col_text (stmt, 3));
      gantry_cgo_from_string (col_text (stmt, 4), &cgo);
      gantry_target_set_cgo (t, cgo);
      gantry_link_mode_from_string (col_text (stmt, 5), &mode);
      gantry_target_set_link_mode (t, mode);
      if (col_text (stmt, 6) != NULL)
        gantry_libc_from_string (col_text (stmt, 6), &libc);
      gantry_target_set_libc (t, libc);
      gantry_target_set_glibc_floor (t, col_text (stmt, 7));
      gantry_target_set_tags (t, col_text (stmt, 8));
      gantry_target_set_ldflags (t, col_text (stmt, 9));
      gantry_target_set_cc_override (t, col_text (stmt, 10));
      gantry_target_set_archive_format (t, col_text (stmt, 11));
      gantry_recipe_add_target (self, t);
    }
  if (rc != SQLITE_DONE)
    goto failed;
  sqlite3_finalize (stmt);

  return g_steal_pointer (&self);

failed:
  _gantry_store_set_error (store, error, "Loading the recipe");
  sqlite3_finalize (stmt);
  return NULL;
}

GantryRecipe *
gantry_recipe_load_or_detect (GantryStore    *store,
                              GantryProject  *project,
                              gboolean        save_if_new,
                              GError        **error)
{
  g_autoptr(GantryRecipe) self = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (GANTRY_IS_STORE (store), NULL);
  g_return_val_if_fail (GANTRY_IS_PROJECT (project), NULL);

  self = gantry_recipe_load (store, gantry_project_get_id (project), &local_error);
  if (self != NULL)
    return g_steal_pointer (&self);
  if (!g_error_matches (local_error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  self = gantry_recipe_new_detected (project);
  if (save_if_new && !gantry_recipe_save (self, store, gantry_project_get_id (project), error))
    return NULL;
  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------ */
/* Accessors and GObject                                               */
/* ------------------------------------------------------------------ */

gint64 gantry_recipe_get_revision (GantryRecipe *self) { g_return_val_if_fail (GANTRY_IS_RECIPE (self), 0); return self->revision; }
/* The first program: what a recipe of one program has always said. */
const char *
gantry_recipe_get_main_package (GantryRecipe *self)
{
  g_return_val_if_fail (GANTRY_IS_RECIPE (self), NULL);
  return self->mains != NULL ? self->mains[0] : NULL;
}

/* One program, @v (NULL: none named, "." is built). */
void
gantry_recipe_set_main_package (GantryRecipe *self,
                                const char   *v)
{
  const char *one[] = { v, NULL };

  g_return_if_fail (GANTRY_IS_RECIPE (self));
  gantry_recipe_set_main_packages (self, v != NULL ? one : NULL);
}

const char * const *
gantry_recipe_get_main_packages (GantryRecipe *self)
{
  static const char * const dot[] = { ".", NULL };

  g_return_val_if_fail (GANTRY_IS_RECIPE (self), NULL);
  return self->mains != NULL && self->mains[0] != NULL ? (const char * const *) self->mains : dot;
}

void
gantry_recipe_set_main_packages (GantryRecipe       *self,
                                 const char * const *mains)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  guint n = 0;

  g_return_if_fail (GANTRY_IS_RECIPE (self));

  /* in order, each once */
  for (guint i = 0; mains != NULL && mains[i] != NULL; i++)
    {
      gboolean seen = FALSE;

      for (guint j = 0; j < i; j++)
        seen |= g_str_equal (mains[i], mains[j]);
      if (!seen && mains[i][0] != '\0')
        {
          g_strv_builder_add (b, mains[i]);
          n++;
        }
    }
  g_clear_pointer (&self->mains, g_strfreev);
  if (n > 0)
    self->mains = g_strv_builder_end (b);
}

/* What the program built from @main_package is called (without .exe):
 * the recipe's binary name when it releases one program, else the name
 * go gives it, the last element of its path ("./cmd/server": server),
 * skipping a major version ("./cmd/x/v2": x). */
char *
gantry_recipe_get_program_name (GantryRecipe *self,
                                const char   *main_package)
{
  g_auto(GStrv) parts = NULL;
  guint n;

  g_return_val_if_fail (GANTRY_IS_RECIPE (self), NULL);
  g_return_val_if_fail (main_package != NULL, NULL);

  if (self->mains == NULL || self->mains[0] == NULL || self->mains[1] == NULL ||
      g_str_equal (main_package, ".") || g_str_equal (main_package, "./"))
    return g_strdup (self->binary_name);
  parts = g_strsplit (main_package, "/", -1);
  n = g_strv_length (parts);
  while (n > 0 && parts[n - 1][0] == '\0')
    n--;
  if (n >= 2 && parts[n - 1][0] == 'v' && g_ascii_isdigit (parts[n - 1][1]) &&
      strspn (parts[n - 1] + 1, "0123456789") == strlen (parts[n - 1] + 1) && !g_str_equal (parts[n - 2], "."))
    n--;
  return n > 0 && !g_str_equal (parts[n - 1], ".") ? g_strdup (parts[n - 1]) : g_strdup (self->binary_name);
}
const char *gantry_recipe_get_binary_name (GantryRecipe *self) { g_return_val_if_fail (GANTRY_IS_RECIPE (self), NULL); return self->binary_name; }
void gantry_recipe_set_binary_name (GantryRecipe *self, const char *v) { g_return_if_fail (GANTRY_IS_RECIPE (self)); set_str (&self->binary_name, v); }
const char *gantry_recipe_get_version (GantryRecipe *self) { g_return_val_if_fail (GANTRY_IS_RECIPE (self), NULL); return self->version; }
void gantry_recipe_set_version (GantryRecipe *self, const char *v) { g_return_if_fail (GANTRY_IS_RECIPE (self)); set_str (&self->version, v); }
const char *gantry_recipe_get_version_var (GantryRecipe *self) { g_return_val_if_fail (GANTRY_IS_RECIPE (self), NULL); return self->version_var; }
void gantry_recipe_set_version_var (GantryRecipe *self, const char *v) { g_return_if_fail (GANTRY_IS_RECIPE (self)); set_str (&self->version_var, v); }
gboolean gantry_recipe_get_trimpath (GantryRecipe *self) { g_return_val_if_fail (GANTRY_IS_RECIPE (self), FALSE); return self->trimpath; }
void gantry_recipe_set_trimpath (GantryRecipe *self, gboolean v) { g_return_if_fail (GANTRY_IS_RECIPE (self)); self->trimpath = v; }
const char *gantry_recipe_get_tags (GantryRecipe *self) { g_return_val_if_fail (GANTRY_IS_RECIPE (self), NULL); return self->tags; }
void gantry_recipe_set_tags (GantryRecipe *self, const char *v) { g_return_if_fail (GANTRY_IS_RECIPE (self)); set_str (&self->tags, v); }
const char *gantry_recipe_get_ldflags (GantryRecipe *self) { g_return_val_if_fail (GANTRY_IS_RECIPE (self), NULL); return self->ldflags; }
void gantry_recipe_set_ldflags (GantryRecipe *self, const char *v) { g_return_if_fail (GANTRY_IS_RECIPE (self)); set_str (&self->ldflags, v); }
const char *gantry_recipe_get_dist_dir (GantryRecipe *self) { g_return_val_if_fail (GANTRY_IS_RECIPE (self), NULL); return self->dist_dir; }
void gantry_recipe_set_dist_dir (GantryRecipe *self, const char *v) { g_return_if_fail (GANTRY_IS_RECIPE (self)); set_str (&self->dist_dir, v); }
gboolean gantry_recipe_get_block_unbuildable (GantryRecipe *self) { g_return_val_if_fail (GANTRY_IS_RECIPE (self), FALSE); return self->block_unbuildable; }
void gantry_recipe_set_block_unbuildable (GantryRecipe *self, gboolean v) { g_return_if_fail (GANTRY_IS_RECIPE (self)); self->block_unbuildable = v != FALSE; }

gboolean
gantry_recipe_get_program_verify (GantryRecipe         *self,
                                  const char           *program,
                                  const char * const  **out_run_args,
                                  const char          **out_expect_output)
{
  g_return_val_if_fail (GANTRY_IS_RECIPE (self), FALSE);
  g_return_val_if_fail (program != NULL, FALSE);

  for (guint i = 0; self->programs != NULL && i < self->programs->len; i++)
    {
      const ProgramVerify *p = g_ptr_array_index (self->programs, i);
      g_autofree char *name = gantry_recipe_get_program_name (self, p->main_package);

      if (g_strcmp0 (p->main_package, program) != 0 && g_strcmp0 (name, program) != 0)
        continue;
      if (out_run_args != NULL)
        *out_run_args = (const char * const *) p->run_args;
      if (out_expect_output != NULL)
        *out_expect_output = p->expect_output;
      return TRUE;
    }
  return FALSE;
}

void
gantry_recipe_set_program_verify (GantryRecipe       *self,
                                  const char         *main_package,
                                  const char * const *run_args,
                                  const char         *expect_output)
{
  ProgramVerify *p;

  g_return_if_fail (GANTRY_IS_RECIPE (self));
  g_return_if_fail (main_package != NULL);

  if (self->programs == NULL)
    self->programs = g_ptr_array_new_with_free_func ((GDestroyNotify) program_verify_free);
  for (guint i = 0; i < self->programs->len; i++)
    if (g_str_equal (((ProgramVerify *) g_ptr_array_index (self->programs, i))->main_package, main_package))
      g_ptr_array_remove_index (self->programs, i--);
  if (run_args == NULL && expect_output == NULL)
    return;
  p = g_new0 (ProgramVerify, 1);
  p->main_package = g_strdup (main_package);
  p->run_args = g_strdupv ((char **) run_args);
  set_str (&p->expect_output, expect_output);
  g_ptr_array_add (self->programs, p);
}

const char * const *gantry_recipe_get_verify_run_args (GantryRecipe *self) { g_return_val_if_fail (GANTRY_IS_RECIPE (self), NULL); return (const char * const *) self->run_args; }
void gantry_recipe_set_verify_run_args (GantryRecipe *self, const char * const *v) { g_return_if_fail (GANTRY_IS_RECIPE (self)); g_strfreev (self->run_args); self->run_args = g_strdupv ((char **) v); }
const char *gantry_recipe_get_verify_expect_output (GantryRecipe *self) { g_return_val_if_fail (GANTRY_IS_RECIPE (self), NULL); return self->expect_output; }
void gantry_recipe_set_verify_expect_output (GantryRecipe *self, const char *v) { g_return_if_fail (GANTRY_IS_RECIPE (self)); set_str (&self->expect_output, v); }
const char * const *gantry_recipe_get_verify_images (GantryRecipe *self) { g_return_val_if_fail (GANTRY_IS_RECIPE (self), NULL); return (const char * const *) self->images; }
void gantry_recipe_set_verify_images (GantryRecipe *self, const char * const *v) { g_return_if_fail (GANTRY_IS_RECIPE (self)); g_strfreev (self->images); self->images = g_strdupv ((char **) v); }
const char * const *gantry_recipe_get_ship_dlls (GantryRecipe *self) { g_return_val_if_fail (GANTRY_IS_RECIPE (self), NULL); return (const char * const *) self->ship_dlls; }
void gantry_recipe_set_ship_dlls (GantryRecipe *self, const char * const *v) { g_return_if_fail (GANTRY_IS_RECIPE (self)); g_strfreev (self->ship_dlls); self->ship_dlls = g_strdupv ((char **) v); }
gboolean gantry_recipe_get_verify_reproducible (GantryRecipe *self) { g_return_val_if_fail (GANTRY_IS_RECIPE (self), FALSE); return self->reproducible; }
void gantry_recipe_set_verify_reproducible (GantryRecipe *self, gboolean v) { g_return_if_fail (GANTRY_IS_RECIPE (self)); self->reproducible = v; }
gboolean gantry_recipe_get_verify_containers (GantryRecipe *self) { g_return_val_if_fail (GANTRY_IS_RECIPE (self), TRUE); return self->containers; }
void gantry_recipe_set_verify_containers (GantryRecipe *self, gboolean v) { g_return_if_fail (GANTRY_IS_RECIPE (self)); self->containers = v != FALSE; }

static void
gantry_recipe_finalize (GObject *object)
{
  GantryRecipe *self = (GantryRecipe *) object;

  g_strfreev (self->mains);
  g_free (self->binary_name);
  g_free (self->version);
  g_free (self->version_var);
  g_free (self->tags);
  g_free (self->ldflags);
  g_free (self->dist_dir);
  g_strfreev (self->run_args);
  g_free (self->expect_output);
  g_strfreev (self->images);
  g_strfreev (self->ship_dlls);
  g_clear_pointer (&self->programs, g_ptr_array_unref);
  g_clear_object (&self->targets);

  G_OBJECT_CLASS (gantry_recipe_parent_class)->finalize (object);
}

static void
gantry_recipe_class_init (GantryRecipeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gantry_recipe_finalize;
}

static void
gantry_recipe_init (GantryRecipe *self)
{
  self->trimpath = TRUE;
  self->containers = TRUE;
  self->targets = g_list_store_new (GANTRY_TYPE_TARGET);
}

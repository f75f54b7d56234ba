/* gantry-go-graph.c — what a target's build graph needs (cgo, C++, pkg-config), from the go command */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-go-graph"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gantry-go-graph.h"
#include "gantry-paths.h"
#include "gantry-process.h"
#include "gantry-project.h"
#include "gantry-toolchain.h"

/* Bump when what a cached graph holds changes meaning. */
#define CACHE_FORMAT 1
#define MAX_WALK_DEPTH 24

struct _GantryGoGraph
{
  char *target;
  gboolean guess;
  char *note;
  guint n_packages;
  GArray *native;        /* GantryGoPackage */
  char **pkg_config;
};

/* One line per package; the error is Go-quoted so that it stays on it. */
static const char list_format[] =
  "{{.ImportPath}}\t{{.Standard}}\t{{if .Module}}{{.Module.Path}}{{end}}\t"
  "{{len .CgoFiles}}\t{{len .CFiles}}\t{{len .CXXFiles}}\t{{len .SFiles}}\t"
  "{{len .SwigFiles}}\t{{len .SwigCXXFiles}}\t{{join .CgoPkgConfig \" \"}}\t"
  "{{if .Error}}{{printf \"%q\" .Error.Err}}{{end}}";
#define LIST_FIELDS 11

static void
package_clear (gpointer data)
{
  GantryGoPackage *p = data;

  g_free (p->path);
  g_free (p->module);
  g_strfreev (p->pkg_config);
}

static GantryGoGraph *
graph_new (const char *target)
{
  GantryGoGraph *self = g_atomic_rc_box_new0 (GantryGoGraph);

  self->target = g_strdup (target);
  self->native = g_array_new (FALSE, TRUE, sizeof (GantryGoPackage));
  g_array_set_clear_func (self->native, package_clear);
  return self;
}

static void
graph_clear (gpointer data)
{
  GantryGoGraph *self = data;

  g_free (self->target);
  g_free (self->note);
  g_array_unref (self->native);
  g_strfreev (self->pkg_config);
}

GantryGoGraph *
gantry_go_graph_ref (GantryGoGraph *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
gantry_go_graph_unref (GantryGoGraph *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, graph_clear);
}

/* The union of the packages' pkg-config names, sorted. */
static void
graph_finish (GantryGoGraph *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < self->native->len; i++)
    {
      GantryGoPackage *p = &g_array_index (self->native, GantryGoPackage, i);

      for (guint j = 0; p->pkg_config[j] != NULL; j++)
        if (!g_ptr_array_find_with_equal_func (names, p->pkg_config[j], g_str_equal, NULL))
          g_ptr_array_add (names, p->pkg_config[j]);
    }
  g_ptr_array_add (names, NULL);
  g_strfreev (self->pkg_config);
  self->pkg_config = g_strdupv ((char **) names->pdata);
  {
    guint n = g_strv_length (self->pkg_config);

    /* few names: a plain insertion sort keeps this free of callbacks */
    for (guint i = 1; i < n; i++)
      for (guint j = i; j > 0 && strcmp (self->pkg_config[j - 1], self->pkg_config[j]) > 0; j--)
        {
          char *t = self->pkg_config[j];
          self->pkg_config[j] = self->pkg_config[j - 1];
          self->pkg_config[j - 1] = t;
        }
  }
}

const char *
gantry_go_graph_get_target (GantryGoGraph *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->target;
}

static gboolean
package_needs_cgo (const GantryGoPackage *p)
{
  /* C, C++ and .S files are refused by go build without cgo files, so
   * cgo (or SWIG) files are what decide. */
  return p->cgo_files > 0 || p->swig_files > 0;
}

gboolean
gantry_go_graph_needs_cgo (GantryGoGraph *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->native->len; i++)
    if (package_needs_cgo (&g_array_index (self->native, GantryGoPackage, i)))
      return TRUE;
  return FALSE;
}

gboolean
gantry_go_graph_needs_cxx (GantryGoGraph *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->native->len; i++)
    {
      const GantryGoPackage *p = &g_array_index (self->native, GantryGoPackage, i);

      if (p->cxx_files > 0 && package_needs_cgo (p))
        return TRUE;
    }
  return FALSE;
}

gboolean
gantry_go_graph_is_guess (GantryGoGraph *self)
{
  g_return_val_if_fail (self != NULL, TRUE);
  return self->guess;
}

const char *
gantry_go_graph_get_note (GantryGoGraph *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->note;
}

guint
gantry_go_graph_get_n_packages (GantryGoGraph *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_packages;
}

const GantryGoPackage *
gantry_go_graph_get_native (GantryGoGraph *self,
                            guint         *n_native)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (n_native != NULL)
    *n_native = self->native->len;
  return (const GantryGoPackage *) (gpointer) self->native->data;
}

const char * const *
gantry_go_graph_get_pkg_config (GantryGoGraph *self)
{
  static const char * const empty[] = { NULL };

  g_return_val_if_fail (self != NULL, empty);
  return self->pkg_config ? (const char * const *) self->pkg_config : empty;
}

/* ------------------------------------------------------------------ */
/* Sentences                                                           */
/* ------------------------------------------------------------------ */

static void
append_count (GString    *s,
              guint       n,
              const char *one,
              const char *many)
{
  if (n == 0)
    return;
  if (s->len > 0)
    g_string_append (s, ", ");
  g_string_append_printf (s, "%u %s", n, n == 1 ? one : many);
}

char *
gantry_go_package_describe (const GantryGoPackage *p)
{
  g_autoptr(GString) what = g_string_new (NULL);

  g_return_val_if_fail (p != NULL, NULL);

  append_count (what, p->c_files, "C file", "C files");
  append_count (what, p->cxx_files, "C++ file", "C++ files");
  append_count (what, p->s_files, "assembly file", "assembly files");
  append_count (what, p->swig_files, "SWIG file", "SWIG files");
  /* the cgo files themselves only when they are all the C there is */
  if (what->len == 0)
    append_count (what, p->cgo_files, "cgo file", "cgo files");
  if (p->pkg_config != NULL && p->pkg_config[0] != NULL)
    {
      g_autofree char *names = g_strjoinv (" ", p->pkg_config);

      if (what->len > 0)
        g_string_append (what, ", ");
      g_string_append_printf (what, "pkg-config %s", names);
    }
  return g_strdup_printf ("%s (%s)", p->path, what->str);
}

static char *
join_names (GPtrArray *names)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    {
      if (i > 0)
        g_string_append (s, i + 1 == names->len ? " and " : ", ");
      g_string_append (s, g_ptr_array_index (names, i));
    }
  return g_string_free (s, FALSE);
}

char *
gantry_go_graph_cgo_package_list (GantryGoGraph *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->native->len; i++)
    {
      GantryGoPackage *p = &g_array_index (self->native, GantryGoPackage, i);

      if (package_needs_cgo (p))
        g_ptr_array_add (names, p->path);
    }
  return join_names (names);
}

char *
gantry_go_graph_describe (GantryGoGraph *self)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) s = g_string_new (NULL);
  guint shown = 0, more = 0;

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->native->len; i++)
    {
      GantryGoPackage *p = &g_array_index (self->native, GantryGoPackage, i);

      if (!package_needs_cgo (p))
        continue;
      /* the dependency that brings the C code is the news; two are enough */
      if (shown < 2)
        {
          g_ptr_array_add (parts, gantry_go_package_describe (p));
          shown++;
        }
      else
        more++;
    }

  if (shown == 0)
    g_string_append (s, "pure Go: no package uses cgo");
  else
    {
      g_autofree char *list = NULL;

      if (more > 0)
        g_ptr_array_add (parts, g_strdup_printf ("%u more", more));
      list = join_names (parts);
      g_string_append_printf (s, "uses cgo through %s", list);
    }
  if (self->guess)
    g_string_append_printf (s, " (a guess: %s)", self->note ? self->note : "the go command could not be asked");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* One package as `project list --json` shows it; the cache file keeps
 * packages in the same shape. */
static void
package_to_json (JsonBuilder           *b,
                 const GantryGoPackage *p)
{
  const struct { const char *name; guint value; } counts[] = {
    { "cgo_files", p->cgo_files }, { "c_files", p->c_files }, { "cxx_files", p->cxx_files },
    { "s_files", p->s_files }, { "swig_files", p->swig_files },
  };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "package");
  json_builder_add_string_value (b, p->path);
  json_builder_set_member_name (b, "module");
  if (p->module != NULL)
    json_builder_add_string_value (b, p->module);
  else
    json_builder_add_null_value (b);
  for (guint j = 0; j < G_N_ELEMENTS (counts); j++)
    {
      json_builder_set_member_name (b, counts[j].name);
      json_builder_add_int_value (b, counts[j].value);
    }
  json_builder_set_member_name (b, "pkg_config");
  json_builder_begin_array (b);
  for (guint j = 0; p->pkg_config[j] != NULL; j++)
    json_builder_add_string_value (b, p->pkg_config[j]);
  json_builder_end_array (b);
  json_builder_end_object (b);
}

JsonNode *
gantry_go_graph_to_json (GantryGoGraph *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *why = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  why = gantry_go_graph_describe (self);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "target");
  json_builder_add_string_value (b, self->target);
  json_builder_set_member_name (b, "needs_cgo");
  json_builder_add_boolean_value (b, gantry_go_graph_needs_cgo (self));
  json_builder_set_member_name (b, "needs_cxx");
  json_builder_add_boolean_value (b, gantry_go_graph_needs_cxx (self));
  json_builder_set_member_name (b, "guess");
  json_builder_add_boolean_value (b, self->guess);
  json_builder_set_member_name (b, "note");
  if (self->note != NULL)
    json_builder_add_string_value (b, self->note);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "why");
  json_builder_add_string_value (b, why);
  json_builder_set_member_name (b, "pkg_config");
  json_builder_begin_array (b);
  for (guint i = 0; self->pkg_config != NULL && self->pkg_config[i] != NULL; i++)
    json_builder_add_string_value (b, self->pkg_config[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "packages");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->native->len; i++)
    package_to_json (b, &g_array_index (self->native, GantryGoPackage, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* ------------------------------------------------------------------ */
/* The fingerprint                                                     */
/* ------------------------------------------------------------------ */

static gboolean
counts_for_graph (const char *name)
{
  static const char * const exts[] = {
    ".go", ".c", ".h", ".cc", ".cpp", ".cxx", ".hh", ".hpp", ".hxx",
    ".m", ".s", ".S", ".sx", ".f", ".F", ".for", ".f90", ".swig", ".swigcxx", ".syso",
  };
  const char *dot = strrchr (name, '.');

  if (g_str_equal (name, "go.mod") || g_str_equal (name, "go.sum") ||
      g_str_equal (name, "go.work") || g_str_equal (name, "go.work.sum") ||
      g_str_equal (name, "modules.txt"))
    return TRUE;
  if (dot == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    if (strcmp (dot, exts[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
add_stat (GChecksum  *sum,
          const char *label,
          const char *path)
{
  GStatBuf st;
  g_autofree char *line = NULL;
  guint64 nsec = 0;

  if (g_stat (path, &st) != 0)
    line = g_strdup_printf ("%s\tmissing\n", label);
  else
    {
      /* two saves within a second keep their size more often than not */
#if defined(HAVE_STRUCT_STAT_ST_MTIM)
      nsec = (guint64) st.st_mtim.tv_nsec;
#elif defined(HAVE_STRUCT_STAT_ST_MTIMESPEC)
      nsec = (guint64) st.st_mtimespec.tv_nsec;
#endif
      line = g_strdup_printf ("%s\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT ".%09" G_GUINT64_FORMAT "\n",
                              label, (gint64) st.st_size, (gint64) st.st_mtime, nsec);
    }
  g_checksum_update (sum, (const guchar *) line, -1);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Every file the go command reads to build the graph, in a stable
 * order: vendor/ and nested modules included, hidden folders, _x and
 * testdata left out as the go command leaves them out. */
static void
walk_tree (GChecksum  *sum,
           const char *root,
           const char *rel,
           guint       depth)
{
  g_autofree char *dir_path = rel[0] ? g_build_filename (root, rel, NULL) : g_strdup (root);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (depth > MAX_WALK_DEPTH)
    return;
  dir = g_dir_open (dir_path, 0, NULL);
  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *n = g_ptr_array_index (names, i);
      g_autofree char *child = g_build_filename (dir_path, n, NULL);
      g_autofree char *child_rel = rel[0] ? g_strconcat (rel, "/", n, NULL) : g_strdup (n);

      if (counts_for_graph (n) && g_file_test (child, G_FILE_TEST_IS_REGULAR))
        add_stat (sum, child_rel, child);
      else if (n[0] != '.' && n[0] != '_' && !g_str_equal (n, "testdata") &&
               !g_str_equal (n, "node_modules") &&
               g_file_test (child, G_FILE_TEST_IS_DIR) &&
               !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        walk_tree (sum, root, child_rel, depth + 1);
    }
}

static gboolean
path_is_inside (const char *path,
                const char *folder)
{
  gsize n = strlen (folder);

  return strncmp (path, folder, n) == 0 && (path[n] == '\0' || G_IS_DIR_SEPARATOR (path[n]));
}

/* Local folders a go.mod replaces modules with, or a go.work uses:
 * outside the project they are part of the build all the same. */
static void
add_local_dirs (GPtrArray  *dirs,
                const char *file,
                const char *base)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean in_use = FALSE;

  if (!g_file_get_contents (file, &text, NULL, NULL))
    return;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *comment = strstr (line, "//");
      const char *path = NULL;
      char *arrow;

      if (comment != NULL)
        *comment = '\0';
      g_strstrip (line);
      if (g_str_has_prefix (line, "use ("))
        {
          in_use = TRUE;
          continue;
        }
      if (in_use && g_str_equal (line, ")"))
        {
          in_use = FALSE;
          continue;
        }
      if (g_str_has_prefix (line, "use "))
        path = g_strstrip (line + 4);
      else if (in_use && line[0] != '\0')
        path = line;
      else if ((arrow = strstr (line, "=>")) != NULL)
        {
          g_auto(GStrv) words = g_strsplit_set (arrow + 2, " \t", -1);

          for (guint j = 0; words[j] != NULL; j++)
            if (words[j][0] != '\0')
              {
                if (words[j][0] == '.' || g_path_is_absolute (words[j]))
                  g_ptr_array_add (dirs, g_canonicalize_filename (words[j], base));
                break;
              }
          continue;
        }
      if (path != NULL && path[0] != '\0')
        {
          g_autofree char *unquoted = g_strdup (path);

          if (unquoted[0] == '"')
            {
              gsize n = strlen (unquoted);
              memmove (unquoted, unquoted + 1, n);
              if (n >= 2 && unquoted[n - 2] == '"')
                unquoted[n - 2] = '\0';
            }
          g_ptr_array_add (dirs, g_canonicalize_filename (unquoted, base));
        }
    }
}

/* go.work in the project or in a folder above it, as the go command finds it. */
static char *
find_go_work (const char *project_dir)
{
  const char *env = g_getenv ("GOWORK");
  g_autofree char *dir = g_strdup (project_dir);

  if (env != NULL && env[0] != '\0')
    return g_str_equal (env, "off") ? NULL : g_strdup (env);
  for (guint i = 0; i < 64; i++)
    {
      g_autofree char *candidate = g_build_filename (dir, "go.work", NULL);
      g_autofree char *parent = NULL;

      if (g_file_test (candidate, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&candidate);
      parent = g_path_get_dirname (dir);
      if (g_str_equal (parent, dir))
        break;
      g_free (dir);
      dir = g_steal_pointer (&parent);
    }
  return NULL;
}

static char *
find_go (const char *go)
{
  if (go != NULL && (g_path_is_absolute (go) || strchr (go, G_DIR_SEPARATOR) != NULL))
    return g_file_test (go, G_FILE_TEST_IS_EXECUTABLE) ? g_strdup (go) : NULL;
  return g_find_program_in_path (go ? go : "go");
}

char *
gantry_go_graph_fingerprint (const char *project_dir,
                             const char *go)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *root = NULL;
  g_autofree char *gomod = NULL;
  g_autofree char *gowork = NULL;
  g_autofree char *go_path = NULL;
  static const char * const env_keys[] = { "GOFLAGS", "GOWORK", "GOPATH", "GOMODCACHE", "GOEXPERIMENT", "GOROOT" };

  g_return_val_if_fail (project_dir != NULL, NULL);

  root = g_canonicalize_filename (project_dir, NULL);
  g_checksum_update (sum, (const guchar *) root, -1);
  g_checksum_update (sum, (const guchar *) "\n", 1);

  /* the go command that answers, and what in the environment steers it */
  go_path = find_go (go);
  g_checksum_update (sum, (const guchar *) (go_path ? go_path : "no go"), -1);
  if (go_path != NULL)
    add_stat (sum, "go", go_path);
  for (guint i = 0; i < G_N_ELEMENTS (env_keys); i++)
    {
      g_autofree char *kv = g_strdup_printf ("%s=%s\n", env_keys[i], g_getenv (env_keys[i]) ? g_getenv (env_keys[i]) : "");
      g_checksum_update (sum, (const guchar *) kv, -1);
    }

  walk_tree (sum, root, "", 0);

  gomod = g_build_filename (root, "go.mod", NULL);
  add_local_dirs (dirs, gomod, root);
  gowork = find_go_work (root);
  if (gowork != NULL)
    {
      g_autofree char *work_dir = g_path_get_dirname (gowork);
      g_autofree char *work_sum = g_strconcat (gowork, ".sum", NULL);

      add_stat (sum, gowork, gowork);
      add_stat (sum, work_sum, work_sum);
      add_local_dirs (dirs, gowork, work_dir);
    }

  g_ptr_array_sort (dirs, compare_names);
  for (guint i = 0; i < dirs->len; i++)
    {
      const char *d = g_ptr_array_index (dirs, i);

      if (path_is_inside (d, root) || (i > 0 && g_str_equal (d, g_ptr_array_index (dirs, i - 1))))
        continue;
      g_checksum_update (sum, (const guchar *) d, -1);
      g_checksum_update (sum, (const guchar *) "\n", 1);
      walk_tree (sum, d, "", 0);
    }

  return g_strdup (g_checksum_get_string (sum));
}

/* ------------------------------------------------------------------ */
/* The cache                                                           */
/* ------------------------------------------------------------------ */

static char *
cache_path (const char *root)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, root, -1);
  g_autofree char *dir = gantry_toolchain_get_cache_dir ("go-graph");
  g_autofree char *file = g_strdup_printf ("%.32s.json", hash);

  return g_build_filename (dir, file, NULL);
}

static char *
query_key (const GantryGoGraphQuery *q)
{
  g_autofree char *tags = NULL;
  g_autofree char *pkgs = NULL;

  tags = q->tags ? g_strdup (q->tags) : g_strdup ("");
  pkgs = q->packages && q->packages[0] ? g_strjoinv (" ", (char **) q->packages) : g_strdup ("./...");
  return g_strdup_printf ("%s/%s%s%s tags=%s pkgs=%s", q->goos, q->goarch,
                          q->goarm ? "/v" : "", q->goarm ? q->goarm : "", tags, pkgs);
}

static JsonNode *
graph_to_json (GantryGoGraph *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "target");
  json_builder_add_string_value (b, self->target);
  json_builder_set_member_name (b, "n_packages");
  json_builder_add_int_value (b, self->n_packages);
  json_builder_set_member_name (b, "native");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->native->len; i++)
    package_to_json (b, &g_array_index (self->native, GantryGoPackage, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static GantryGoGraph *
graph_from_json (JsonNode *node)
{
  g_autoptr(GantryGoGraph) self = NULL;
  JsonObject *o;
  JsonArray *native;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  o = json_node_get_object (node);
  if (!json_object_has_member (o, "native") || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "native")))
    return NULL;

  self = graph_new (json_object_get_string_member_with_default (o, "target", ""));
  self->n_packages = json_object_get_int_member_with_default (o, "n_packages", 0);
  native = json_object_get_array_member (o, "native");
  for (guint i = 0; i < json_array_get_length (native); i++)
    {
      JsonNode *pn = json_array_get_element (native, i);
      GantryGoPackage p = { 0 };
      JsonObject *po;
      JsonArray *names;
      g_autoptr(GStrvBuilder) nb = g_strv_builder_new ();

      if (!JSON_NODE_HOLDS_OBJECT (pn))
        return NULL;
      po = json_node_get_object (pn);
      if (!json_object_has_member (po, "package") || !json_object_has_member (po, "pkg_config") ||
          !JSON_NODE_HOLDS_ARRAY (json_object_get_member (po, "pkg_config")))
        return NULL;
      names = json_object_get_array_member (po, "pkg_config");
      p.path = g_strdup (json_object_get_string_member_with_default (po, "package", "?"));
      p.module = g_strdup (json_object_get_string_member_with_default (po, "module", NULL));
      p.cgo_files = json_object_get_int_member_with_default (po, "cgo_files", 0);
      p.c_files = json_object_get_int_member_with_default (po, "c_files", 0);
      p.cxx_files = json_object_get_int_member_with_default (po, "cxx_files", 0);
      p.s_files = json_object_get_int_member_with_default (po, "s_files", 0);
      p.swig_files = json_object_get_int_member_with_default (po, "swig_files", 0);
      for (guint j = 0; j < json_array_get_length (names); j++)
        g_strv_builder_add (nb, json_array_get_string_element (names, j));
      p.pkg_config = g_strv_builder_end (nb);
      g_array_append_val (self->native, p);
    }
  graph_finish (self);
  return g_steal_pointer (&self);
}

/* The cache file's graphs for @fingerprint; a new empty object when
 * the file is missing, unreadable or from another fingerprint. */
static JsonObject *
cache_load (const char *path,
            const char *fingerprint)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *o;

  if (!json_parser_load_from_file (parser, path, NULL))
    return json_object_new ();
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return json_object_new ();
  o = json_node_get_object (root);
  if (json_object_get_int_member_with_default (o, "format", 0) != CACHE_FORMAT ||
      g_strcmp0 (json_object_get_string_member_with_default (o, "fingerprint", NULL), fingerprint) != 0 ||
      !json_object_has_member (o, "graphs") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "graphs")))
    return json_object_new ();
  return json_object_ref (json_object_get_object_member (o, "graphs"));
}

/* One file per project folder ever read: those untouched for a month
 * (projects removed, temp folders) go, so the folder stays small. */
static void
cache_prune (const char *dir,
             const char *keep)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf st;

      if (!g_str_has_suffix (name, ".json") || g_str_equal (path, keep))
        continue;
      if (g_stat (path, &st) == 0 && now - (gint64) st.st_mtime > 30 * 24 * 3600)
        g_unlink (path);
    }
}

static void
cache_save (const char *path,
            const char *project_dir,
            const char *fingerprint,
            JsonObject *graphs)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *text = NULL;

  json_object_set_int_member (o, "format", CACHE_FORMAT);
  json_object_set_string_member (o, "project", project_dir);
  json_object_set_string_member (o, "fingerprint", fingerprint);
  json_object_set_object_member (o, "graphs", json_object_ref (graphs));
  json_node_set_object (root, o);
  text = json_to_string (root, FALSE);

  /* a cache that cannot be written only costs the next read its speed */
  if (!gantry_paths_ensure_dir (dir, &error) ||
      !g_file_set_contents (path, text, -1, &error))
    g_debug ("go graph cache not saved: %s", error->message);
  else
    cache_prune (dir, path);
}

/* ------------------------------------------------------------------ */
/* Asking the go command                                               */
/* ------------------------------------------------------------------ */

static char *
first_line (const char *text)
{
  g_autofree char *t = g_strstrip (g_strdup (text ? text : ""));

  return g_strndup (t, strcspn (t, "\r\n"));
}

/* A plain reading of what go list could not do. */
static char *
explain_list_error (const char *package,
                    const char *message)
{
  if (strstr (message, "GOPROXY=off") != NULL || strstr (message, "missing go.sum entry") != NULL ||
      strstr (message, "no required module provides") != NULL)
    return g_strdup_printf ("the module providing %s is not downloaded yet: run 'go mod download' in the project (needs the network once)",
                            package);
  return g_strdup_printf ("go list could not read %s: %s", package, message);
}

static gboolean
parse_list_output (GantryGoGraph *self,
                   const char    *out)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  gboolean any = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;
      GantryGoPackage p = { 0 };

      gsize len = strlen (lines[i]);

      /* not g_strchomp: empty last fields end the line with tabs */
      if (len > 0 && lines[i][len - 1] == '\r')
        lines[i][len - 1] = '\0';
      if (lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], "\t", LIST_FIELDS);
      if (g_strv_length (f) != LIST_FIELDS)
        continue;
      any = TRUE;
      self->n_packages++;

      if (f[10][0] != '\0' && self->note == NULL)
        {
          g_autofree char *inner = g_strndup (f[10] + 1, MAX (strlen (f[10]), 2) - 2);
          g_autofree char *message = g_strcompress (inner);
          g_autofree char *one = first_line (message);

          self->note = explain_list_error (f[0], one);
        }

      /* the standard library's cgo (net, os/user) has pure-Go twins */
      if (g_str_equal (f[1], "true"))
        continue;

      p.cgo_files = atoi (f[3]);
      p.c_files = atoi (f[4]);
      p.cxx_files = atoi (f[5]);
      p.s_files = atoi (f[6]);
      p.swig_files = atoi (f[7]) + atoi (f[8]);
      if (p.cgo_files == 0 && p.swig_files == 0)
        continue;
      p.path = g_strdup (f[0]);
      p.module = f[2][0] ? g_strdup (f[2]) : NULL;
      p.pkg_config = g_strsplit_set (f[9], " ", -1);
      if (f[9][0] == '\0')
        {
          g_strfreev (p.pkg_config);
          p.pkg_config = g_new0 (char *, 1);
        }
      g_array_append_val (self->native, p);
    }
  return any;
}

static char *
target_label (const GantryGoGraphQuery *q)
{
  g_autofree char *platform = q->goarm ? g_strdup_printf ("%s/%sv%s", q->goos, q->goarch, q->goarm)
                                       : g_strdup_printf ("%s/%s", q->goos, q->goarch);

  if (q->tags != NULL && q->tags[0] != '\0')
    return g_strdup_printf ("%s (tags %s)", platform, q->tags);
  return g_steal_pointer (&platform);
}

/* The file scan, for when the go command cannot be asked. */
static GantryGoGraph *
guess_graph (const char               *root,
             const GantryGoGraphQuery *q,
             const char               *why)
{
  GantryGoGraph *self;
  g_autofree char *label = target_label (q);
  g_auto(GStrv) folders = gantry_go_scan_cgo_folders (root);
  g_autofree char *gomod_path = g_build_filename (root, "go.mod", NULL);
  g_autofree char *gomod = NULL;
  GantryGoMod mod = { 0 };
  gboolean have_module;

  g_debug ("%s: %s: a guess from the files: %s", root, label, why);
  /* folders are named as go would name their packages: by import path */
  have_module = g_file_get_contents (gomod_path, &gomod, NULL, NULL) &&
                gantry_go_mod_parse (gomod, -1, &mod, NULL) && mod.module != NULL;
  self = graph_new (label);
  self->guess = TRUE;
  self->note = g_strdup (why);
  for (guint i = 0; folders[i] != NULL; i++)
    {
      GantryGoPackage p = { 0 };
      const char *space = strrchr (folders[i], ' ');
      g_autofree char *rel = g_strndup (folders[i], space ? (gsize) (space - folders[i]) : strlen (folders[i]));
      const char *sub;

      g_strdelimit (rel, "\\", '/');
      sub = g_str_has_prefix (rel, "./") ? rel + 2 : rel;
      if (sub[0] == '\0')
        sub = ".";
      if (have_module)
        p.path = g_str_equal (sub, ".") ? g_strdup (mod.module) : g_strdup_printf ("%s/%s", mod.module, sub);
      else
        p.path = g_str_equal (sub, ".") ? g_strdup (".") : g_strdup_printf ("./%s", sub);
      p.cgo_files = space ? (guint) atoi (space + 1) : 1;
      p.pkg_config = g_new0 (char *, 1);
      g_array_append_val (self->native, p);
    }
  gantry_go_mod_clear (&mod);
  graph_finish (self);
  return self;
}

static GantryGoGraph *
ask_go (const char               *root,
        const char               *go_path,
        const GantryGoGraphQuery *q,
        GCancellable             *cancellable,
        GError                  **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) env = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  g_auto(GantryProcessResult) result = { 0 };
  g_autofree char *label = target_label (q);
  g_autofree char *tags = NULL;
  g_autoptr(GantryGoGraph) self = NULL;
  gboolean any;

  g_ptr_array_add (argv, g_strdup (go_path));
  g_ptr_array_add (argv, g_strdup ("list"));
  g_ptr_array_add (argv, g_strdup ("-e"));
  g_ptr_array_add (argv, g_strdup ("-deps"));
  if (q->tags != NULL && q->tags[0] != '\0')
    {
      tags = g_strdup (q->tags);
      g_strdelimit (tags, " ", ',');
      g_ptr_array_add (argv, g_strdup ("-tags"));
      g_ptr_array_add (argv, g_strdup (tags));
    }
  g_ptr_array_add (argv, g_strdup ("-f"));
  g_ptr_array_add (argv, g_strdup (list_format));
  if (q->packages != NULL && q->packages[0] != NULL)
    for (guint i = 0; q->packages[i] != NULL; i++)
      g_ptr_array_add (argv, g_strdup (q->packages[i]));
  else
    g_ptr_array_add (argv, g_strdup ("./..."));
  g_ptr_array_add (argv, NULL);

  g_ptr_array_add (env, g_strdup_printf ("GOOS=%s", q->goos));
  g_ptr_array_add (env, g_strdup_printf ("GOARCH=%s", q->goarch));
  g_ptr_array_add (env, q->goarm != NULL ? g_strdup_printf ("GOARM=%s", q->goarm) : g_strdup ("GOARM"));
  /* with cgo off, cgo-only packages vanish from the graph: ask with it on */
  g_ptr_array_add (env, g_strdup ("CGO_ENABLED=1"));
  /* reading the graph must not download or switch toolchains: fast, offline, and a missing module is named */
  g_ptr_array_add (env, g_strdup ("GOPROXY=off"));
  g_ptr_array_add (env, g_strdup ("GOTOOLCHAIN=local"));
  g_ptr_array_add (env, g_strdup ("LC_ALL=C"));
  if (g_getenv ("GOCACHE") == NULL)
    {
      g_autofree char *cache = gantry_toolchain_get_cache_dir ("go-build");
      g_ptr_array_add (env, g_strdup_printf ("GOCACHE=%s", cache));
    }
  if (g_getenv ("GOPATH") == NULL && g_getenv ("HOME") == NULL && g_getenv ("USERPROFILE") == NULL)
    {
      g_autofree char *gopath = gantry_toolchain_get_cache_dir ("gopath");
      g_ptr_array_add (env, g_strdup_printf ("GOPATH=%s", gopath));
    }
  g_ptr_array_add (env, NULL);

  if (!gantry_process_run ((const char * const *) argv->pdata, (const char * const *) env->pdata, root,
                           GANTRY_PROCESS_STDERR_PIPE,
                           0, cancellable, &result, &local_error))
    {
      g_autofree char *why = result.spawned
        ? g_strdup_printf ("go list failed (%s)", local_error->message)
        : g_strdup_printf ("%s could not be started (%s)", go_path, local_error->message);

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      return guess_graph (root, q, why);
    }

  self = graph_new (label);
  any = parse_list_output (self, result.output);
  if (!any || !result.exited || result.status != 0)
    {
      g_autofree char *line = first_line (result.errors);
      g_autofree char *why = g_strdup_printf ("go list did not answer: %s", line[0] ? line : "no output");

      if (!any)
        return guess_graph (root, q, why);
      if (self->note == NULL)
        self->note = g_steal_pointer (&why);
    }
  graph_finish (self);
  return g_steal_pointer (&self);
}

GantryGoGraph *
gantry_go_graph_read (const char                *project_dir,
                      const GantryGoGraphQuery  *query,
                      gboolean                  *from_cache,
                      GCancellable              *cancellable,
                      GError                   **error)
{
  g_autofree char *root = NULL;
  g_autofree char *go_path = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *path = NULL;
  g_autofree char *key = NULL;
  g_autoptr(JsonObject) graphs = NULL;
  GantryGoGraph *self;

  g_return_val_if_fail (project_dir != NULL, NULL);
  g_return_val_if_fail (query != NULL && query->goos != NULL && query->goarch != NULL, NULL);

  if (from_cache != NULL)
    *from_cache = FALSE;
  root = g_canonicalize_filename (project_dir, NULL);
  go_path = find_go (query->go);
  if (go_path == NULL)
    {
      g_autofree char *why = g_strdup_printf ("the go command (%s) was not found: install Go or add it to PATH",
                                              query->go ? query->go : "go");
      return guess_graph (root, query, why);
    }

  fingerprint = gantry_go_graph_fingerprint (root, go_path);
  path = cache_path (root);
  key = query_key (query);
  graphs = cache_load (path, fingerprint);
  if (json_object_has_member (graphs, key))
    {
      self = graph_from_json (json_object_get_member (graphs, key));
      if (self != NULL)
        {
          if (from_cache != NULL)
            *from_cache = TRUE;
          return self;
        }
    }

  self = ask_go (root, go_path, query, cancellable, error);
  if (self == NULL)
    return NULL;
  /* an answer with holes (a module not downloaded) is asked again next time */
  if (!self->guess && self->note == NULL)
    {
      json_object_set_member (graphs, key, graph_to_json (self));
      cache_save (path, root, fingerprint, graphs);
    }
  return self;
}

/* ------------------------------------------------------------------ */
/* For the window                                                      */
/* ------------------------------------------------------------------ */

typedef struct
{
  char *dir;
  char **packages;
  char *tags;
  char **platforms;
} DescribeJob;

static void
describe_job_free (gpointer data)
{
  DescribeJob *job = data;

  g_free (job->dir);
  g_strfreev (job->packages);
  g_free (job->tags);
  g_strfreev (job->platforms);
  g_free (job);
}

static void
describe_worker (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  DescribeJob *job = task_data;
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gboolean found = FALSE;

  for (guint i = 0; job->platforms[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (job->platforms[i], "/", 2);
      GantryGoGraphQuery q = { 0 };
      g_autoptr(GantryGoGraph) graph = NULL;
      g_autofree char *arch = NULL;
      g_autoptr(GError) error = NULL;
      char *v;

      if (parts[0] == NULL || parts[1] == NULL)
        continue;
      /* "armv7": GOARCH arm, GOARM 7 */
      arch = g_strdup (parts[1]);
      v = g_str_has_prefix (arch, "arm") ? strchr (arch, 'v') : NULL;
      if (v != NULL && g_ascii_isdigit (v[1]))
        {
          *v = '\0';
          q.goarm = v + 1;
        }
      q.goos = parts[0];
      q.goarch = arch;
      q.tags = job->tags;
      q.packages = (const char * const *) job->packages;
      graph = gantry_go_graph_read (job->dir, &q, NULL, cancellable, &error);
      if (graph == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_hash_table_insert (table, g_strdup (job->platforms[i]), gantry_go_graph_describe (graph));
      if (!found && (gantry_go_graph_needs_cgo (graph) || i == 0))
        {
          g_hash_table_insert (table, g_strdup (""), gantry_go_graph_describe (graph));
          found = gantry_go_graph_needs_cgo (graph);
        }
    }
  g_task_return_pointer (task, g_steal_pointer (&table), (GDestroyNotify) g_hash_table_unref);
}

void
gantry_go_graph_describe_async (const char          *project_dir,
                                const char * const  *packages,
                                const char          *tags,
                                const char * const  *platforms,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  DescribeJob *job;

  g_return_if_fail (project_dir != NULL);
  g_return_if_fail (platforms != NULL);

  job = g_new0 (DescribeJob, 1);
  job->dir = g_strdup (project_dir);
  job->packages = packages && packages[0] ? g_strdupv ((char **) packages) : NULL;
  job->tags = g_strdup (tags);
  job->platforms = g_strdupv ((char **) platforms);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_go_graph_describe_async);
  g_task_set_task_data (task, job, describe_job_free);
  g_task_run_in_thread (task, describe_worker);
}

GHashTable *
gantry_go_graph_describe_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Modules not in the module cache yet                                 */
/* ------------------------------------------------------------------ */

/* How the module cache spells a path or version: an upper-case letter
 * is "!" and the letter in lower case. */
static char *
escape_module_path (const char *path)
{
  GString *s = g_string_new (NULL);

  for (const char *p = path; *p; p++)
    {
      if (g_ascii_isupper (*p))
        {
          g_string_append_c (s, '!');
          g_string_append_c (s, g_ascii_tolower (*p));
        }
      else
        g_string_append_c (s, *p);
    }
  return g_string_free (s, FALSE);
}

static char *
unquote_word (const char *word)
{
  gsize n = strlen (word);

  if (n >= 2 && (word[0] == '"' || word[0] == '`') && word[n - 1] == word[0])
    return g_strndup (word + 1, n - 2);
  return g_strdup (word);
}

typedef struct
{
  GPtrArray  *requires;   /* "path version" or "path version indirect" */
  GHashTable *replaced;   /* path (or "path version") → "path version", or "" for a folder */
  GHashTable *local;      /* module paths that are folders here (go.work) */
} ModFile;

/* The words of a go.mod line without its comment; "// indirect" is kept
 * as a last word "indirect". */
static char **
mod_line_words (const char *raw)
{
  g_autofree char *line = g_strdup (raw);
  char *comment = strstr (line, "//");
  gboolean indirect = FALSE;
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_auto(GStrv) words = NULL;

  if (comment != NULL)
    {
      indirect = strstr (comment, "indirect") != NULL;
      *comment = '\0';
    }
  words = g_strsplit_set (g_strstrip (line), " \t", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      {
        g_autofree char *w = unquote_word (words[i]);
        g_strv_builder_add (b, w);
      }
  if (indirect)
    g_strv_builder_add (b, "indirect");
  return g_strv_builder_end (b);
}

static void
mod_file_read (ModFile    *mod,
               const char *gomod,
               char      **module_path)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  const char *block = NULL;

  if (module_path != NULL)
    *module_path = NULL;
  if (!g_file_get_contents (gomod, &text, NULL, NULL))
    return;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) w = mod_line_words (lines[i]);
      guint n = g_strv_length (w);
      const char *verb = block;
      guint first = 0;

      if (n == 0)
        continue;
      if (block != NULL && g_str_equal (w[0], ")"))
        {
          block = NULL;
          continue;
        }
      if (block == NULL)
        {
          static const char * const verbs[] = { "module", "require", "replace", "exclude", "retract", "go", "toolchain" };

          verb = NULL;
          for (guint v = 0; v < G_N_ELEMENTS (verbs); v++)
            if (g_str_equal (w[0], verbs[v]))
              verb = verbs[v];
          if (verb == NULL)
            continue;
          if (n >= 2 && g_str_equal (w[1], "("))
            {
              block = verb;
              continue;
            }
          first = 1;
        }

      if (g_str_equal (verb, "module") && n > first && module_path != NULL)
        *module_path = g_strdup (w[first]);
      else if (g_str_equal (verb, "require") && n >= first + 2)
        g_ptr_array_add (mod->requires, g_strdup_printf ("%s %s%s", w[first], w[first + 1],
                                                          n > first + 2 && g_str_equal (w[n - 1], "indirect") ? " indirect" : ""));
      else if (g_str_equal (verb, "replace"))
        {
          guint arrow = first;
          g_autofree char *from = NULL;

          while (arrow < n && !g_str_equal (w[arrow], "=>"))
            arrow++;
          if (arrow >= n - 1 || arrow == first)
            continue;
          from = arrow - first >= 2 ? g_strdup_printf ("%s %s", w[first], w[first + 1]) : g_strdup (w[first]);
          /* a folder needs no download; a module@version is what is fetched instead */
          if (arrow + 2 < n)
            g_hash_table_replace (mod->replaced, g_steal_pointer (&from),
                                  g_strdup_printf ("%s %s", w[arrow + 1], w[arrow + 2]));
          else
            g_hash_table_replace (mod->replaced, g_steal_pointer (&from), g_strdup (""));
        }
    }
}

static gboolean
module_in_cache (const char *modcache,
                 const char *path,
                 const char *version,
                 gboolean    indirect)
{
  g_autofree char *epath = escape_module_path (path);
  g_autofree char *eversion = escape_module_path (version);
  g_autofree char *at_v = g_build_filename (modcache, "cache", "download", epath, "@v", NULL);
  g_autofree char *mod = g_strconcat (at_v, G_DIR_SEPARATOR_S, eversion, ".mod", NULL);
  g_autofree char *zip = g_strconcat (at_v, G_DIR_SEPARATOR_S, eversion, ".zip", NULL);
  g_autofree char *dir_name = g_strconcat (epath, "@", eversion, NULL);
  g_autofree char *dir = g_build_filename (modcache, dir_name, NULL);

  if (!g_file_test (mod, G_FILE_TEST_IS_REGULAR))
    return FALSE;
  /* an indirect requirement may only be needed for its go.mod */
  return indirect || g_file_test (zip, G_FILE_TEST_IS_REGULAR) || g_file_test (dir, G_FILE_TEST_IS_DIR);
}

/* Where the go command keeps modules: `go env GOMODCACHE` (which reads
 * what `go env -w` set as well as the environment). */
static char *
module_cache_dir (const char *go_path,
                  const char *project_dir)
{
  const char *argv[] = { go_path, "env", "GOMODCACHE", NULL };
  const char *env[] = { "GOTOOLCHAIN=local", NULL };
  const char *set = g_getenv ("GOMODCACHE");
  g_auto(GantryProcessResult) result = { 0 };

  /* the environment wins over `go env -w`: no need to ask (50 ms) */
  if (set != NULL && set[0] != '\0')
    return g_strdup (set);

  if (!gantry_process_run (argv, env, project_dir,
                           GANTRY_PROCESS_STDERR_SILENCE,
                           0, NULL, &result, NULL) ||
      !result.exited || result.status != 0)
    return NULL;
  g_strstrip (result.output);
  return result.output[0] != '\0' ? g_steal_pointer (&result.output) : NULL;
}

char **
gantry_go_modules_missing (const char *project_dir,
                           const char *go)
{
  g_autoptr(GStrvBuilder) missing = g_strv_builder_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *root = NULL;
  g_autofree char *gomod = NULL;
  g_autofree char *vendor = NULL;
  g_autofree char *gowork = NULL;
  g_autofree char *go_path = NULL;
  g_autofree char *modcache = NULL;
  g_autofree char *own = NULL;
  const char *goflags = g_getenv ("GOFLAGS");
  ModFile mod = { 0 };

  g_return_val_if_fail (project_dir != NULL, NULL);

  root = g_canonicalize_filename (project_dir, NULL);
  gomod = g_build_filename (root, "go.mod", NULL);
  vendor = g_build_filename (root, "vendor", "modules.txt", NULL);
  /* vendored: the build reads vendor/, never the module cache */
  if ((g_file_test (vendor, G_FILE_TEST_IS_REGULAR) && (goflags == NULL || strstr (goflags, "-mod=mod") == NULL)) ||
      (goflags != NULL && strstr (goflags, "-mod=vendor") != NULL) ||
      !g_file_test (gomod, G_FILE_TEST_IS_REGULAR))
    return g_strv_builder_end (missing);

  mod.requires = g_ptr_array_new_with_free_func (g_free);
  mod.replaced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  mod.local = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gowork = find_go_work (root);
  if (gowork != NULL)
    {
      /* a workspace: every module it uses is a folder here, and each
       * one's requirements count */
      g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *work_dir = g_path_get_dirname (gowork);
      ModFile work = { mod.requires, mod.replaced, mod.local };

      add_local_dirs (dirs, gowork, work_dir);
      mod_file_read (&work, gowork, NULL);
      for (guint i = 0; i < dirs->len; i++)
        {
          g_autofree char *file = g_build_filename (g_ptr_array_index (dirs, i), "go.mod", NULL);
          g_autofree char *path = NULL;

          mod_file_read (&mod, file, &path);
          if (path != NULL)
            g_hash_table_add (mod.local, g_steal_pointer (&path));
        }
    }
  else
    {
      mod_file_read (&mod, gomod, &own);
      if (own != NULL)
        g_hash_table_add (mod.local, g_steal_pointer (&own));
    }

  if (mod.requires->len > 0 && (go_path = find_go (go)) != NULL)
    modcache = module_cache_dir (go_path, root);

  for (guint i = 0; modcache != NULL && i < mod.requires->len; i++)
    {
      g_auto(GStrv) w = g_strsplit (g_ptr_array_index (mod.requires, i), " ", -1);
      g_autofree char *with_version = g_strdup_printf ("%s %s", w[0], w[1]);
      const char *instead = g_hash_table_lookup (mod.replaced, with_version);
      g_autofree char *key = NULL;
      g_auto(GStrv) r = NULL;

      if (instead == NULL)
        instead = g_hash_table_lookup (mod.replaced, w[0]);
      if (g_hash_table_contains (mod.local, w[0]) || (instead != NULL && instead[0] == '\0'))
        continue;
      if (instead != NULL)
        r = g_strsplit (instead, " ", 2);
      if (module_in_cache (modcache, r ? r[0] : w[0], r ? r[1] : w[1], w[2] != NULL))
        continue;
      key = g_strdup_printf ("%s@%s", r ? r[0] : w[0], r ? r[1] : w[1]);
      if (!g_ptr_array_find_with_equal_func (seen, key, g_str_equal, NULL))
        {
          g_strv_builder_add (missing, key);
          g_ptr_array_add (seen, g_steal_pointer (&key));
        }
    }

  g_ptr_array_unref (mod.requires);
  g_hash_table_unref (mod.replaced);
  g_hash_table_unref (mod.local);
  return g_strv_builder_end (missing);
}

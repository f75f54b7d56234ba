/* gantry-catalog.c — toolchain releases from the Go and Zig manifests and Gantry's MinGW list */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-catalog"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "gantry-catalog.h"
#include "gantry-download.h"
#include "gantry-target.h"

G_DEFINE_QUARK (gantry-catalog-error-quark, gantry_catalog_error)

G_DEFINE_BOXED_TYPE (GantryRelease, gantry_release, gantry_release_copy, gantry_release_free)

/* Manifests are a few MB at most (Go's full list is about 2 MB). */
#define MANIFEST_MAX_BYTES (32 << 20)

GantryRelease *
gantry_release_copy (const GantryRelease *r)
{
  GantryRelease *copy;

  g_return_val_if_fail (r != NULL, NULL);

  copy = g_new0 (GantryRelease, 1);
  copy->kind = g_strdup (r->kind);
  copy->name = g_strdup (r->name);
  copy->version = g_strdup (r->version);
  copy->stable = r->stable;
  copy->os = g_strdup (r->os);
  copy->arch = g_strdup (r->arch);
  copy->url = g_strdup (r->url);
  copy->filename = g_strdup (r->filename);
  copy->sha256 = g_strdup (r->sha256);
  copy->size = r->size;
  copy->top_dir = g_strdup (r->top_dir);
  copy->source = g_strdup (r->source);
  return copy;
}

void
gantry_release_free (GantryRelease *r)
{
  if (r == NULL)
    return;
  g_free (r->kind);
  g_free (r->name);
  g_free (r->version);
  g_free (r->os);
  g_free (r->arch);
  g_free (r->url);
  g_free (r->filename);
  g_free (r->sha256);
  g_free (r->top_dir);
  g_free (r->source);
  g_free (r);
}

/* "go@1.21.5", "llvm-mingw@20250709": what 'gantry toolchain install' takes. */
char *
gantry_release_get_id (const GantryRelease *r)
{
  g_return_val_if_fail (r != NULL, NULL);
  return g_strdup_printf ("%s@%s", r->name, r->version);
}

const char *
gantry_release_get_format (const GantryRelease *r)
{
  static const char *const formats[] = { ".tar.gz", ".tgz", ".tar.xz", ".txz", ".zip", ".7z", ".tar.bz2", ".tar.zst" };
  const char *name;

  g_return_val_if_fail (r != NULL, NULL);

  name = r->filename ? r->filename : r->url;
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (name != NULL && g_str_has_suffix (name, formats[i]))
      return formats[i] + 1;
  return NULL;
}

static char *
basename_of_url (const char *url)
{
  const char *end = url + strcspn (url, "?#");
  const char *slash = end;

  while (slash > url && slash[-1] != '/')
    slash--;
  return g_strndup (slash, end - slash);
}

static char *
strip_archive_suffix (const char *filename)
{
  static const char *const suffixes[] = { ".tar.gz", ".tgz", ".tar.xz", ".txz", ".zip", ".7z", ".tar.bz2", ".tar.zst" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (filename, suffixes[i]))
      return g_strndup (filename, strlen (filename) - strlen (suffixes[i]));
  return g_strdup (filename);
}

static char *
lower_hex (const char *s)
{
  if (s == NULL || s[0] == '\0')
    return NULL;
  return g_ascii_strdown (s, -1);
}

static JsonNode *
parse_root (const char  *json,
            gssize       length,
            const char  *what,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, json, length, &local_error))
    {
      g_set_error (error, GANTRY_CATALOG_ERROR, GANTRY_CATALOG_ERROR_PARSE,
                   "The %s is not valid JSON (%s): check the catalog setting, or try again later.",
                   what, local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, GANTRY_CATALOG_ERROR, GANTRY_CATALOG_ERROR_PARSE,
                   "The %s is empty: check the catalog setting, or try again later.", what);
      return NULL;
    }
  return json_node_copy (root);
}

static const char *
member_string (JsonObject *o,
               const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

static guint64
member_size (JsonObject *o,
             const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return 0;
  /* Go gives a number, Zig a string. */
  if (json_node_get_value_type (n) == G_TYPE_STRING)
    return g_ascii_strtoull (json_node_get_string (n), NULL, 10);
  if (json_node_get_value_type (n) == G_TYPE_INT64)
    return (guint64) MAX (json_node_get_int (n), 0);
  if (json_node_get_value_type (n) == G_TYPE_DOUBLE)
    return (guint64) MAX (json_node_get_double (n), 0);
  return 0;
}

/* Go's manifest: [{version, stable, files: [{filename, os, arch,
 * version, sha256, size, kind}]}]. Only archives are kept. The files
 * are served beside the manifest, so URLs are @base_url + filename. */
GPtrArray *
gantry_catalog_parse_go (const char  *json,
                         gssize       length,
                         const char  *base_url,
                         GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_release_free);
  g_autoptr(JsonNode) root = NULL;
  JsonArray *releases;

  g_return_val_if_fail (json != NULL, NULL);

  root = parse_root (json, length, "Go download manifest", error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, GANTRY_CATALOG_ERROR, GANTRY_CATALOG_ERROR_PARSE,
                   "The Go download manifest is not a list of releases: check GANTRY_GO_MANIFEST_URL.");
      return NULL;
    }

  releases = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (releases); i++)
    {
      JsonNode *rn = json_array_get_element (releases, i);
      JsonObject *ro;
      JsonNode *files_node;
      JsonArray *files;
      const char *version;
      gboolean stable;

      if (!JSON_NODE_HOLDS_OBJECT (rn))
        continue;
      ro = json_node_get_object (rn);
      version = member_string (ro, "version");
      files_node = json_object_get_member (ro, "files");
      if (version == NULL || files_node == NULL || !JSON_NODE_HOLDS_ARRAY (files_node))
        continue;
      stable = json_object_get_boolean_member_with_default (ro, "stable", FALSE);
      files = json_node_get_array (files_node);

      for (guint j = 0; j < json_array_get_length (files); j++)
        {
          JsonNode *fn = json_array_get_element (files, j);
          JsonObject *fo;
          GantryRelease *r;
          const char *filename;

          if (!JSON_NODE_HOLDS_OBJECT (fn))
            continue;
          fo = json_node_get_object (fn);
          filename = member_string (fo, "filename");
          if (g_strcmp0 (member_string (fo, "kind"), "archive") != 0 || filename == NULL ||
              strchr (filename, '/') != NULL || strchr (filename, '\\') != NULL ||
              member_string (fo, "os") == NULL || member_string (fo, "os")[0] == '\0')
            continue;

          r = g_new0 (GantryRelease, 1);
          r->kind = g_strdup ("go");
          r->name = g_strdup ("go");
          r->version = g_strdup (g_str_has_prefix (version, "go") ? version + 2 : version);
          r->stable = stable;
          r->os = g_strdup (member_string (fo, "os"));
          r->arch = g_strdup (member_string (fo, "arch"));
          r->filename = g_strdup (filename);
          r->url = g_strconcat (base_url ? base_url : "https://go.dev/dl/", filename, NULL);
          r->sha256 = lower_hex (member_string (fo, "sha256"));
          r->size = member_size (fo, "size");
          r->top_dir = g_strdup ("go");
          g_ptr_array_add (out, r);
        }
    }

  return g_steal_pointer (&out);
}

static const char *
zig_arch_to_go (const char *arch)
{
  const GantryArchNames *names = gantry_arch_names_for_zig (arch);

  return names != NULL ? names->goarch : NULL;
}

static const char *
zig_os_to_go (const char *os)
{
  if (g_str_equal (os, "macos"))
    return "darwin";
  if (g_str_equal (os, "linux") || g_str_equal (os, "windows") || g_str_equal (os, "freebsd") ||
      g_str_equal (os, "netbsd") || g_str_equal (os, "openbsd"))
    return os;
  return NULL;
}

/* Zig's index.json: {"0.11.0": {"date": …, "x86_64-linux": {tarball,
 * shasum, size}}, "master": {"version": …, …}}. Keys that are not
 * objects with a tarball are skipped; the URL is always the tarball's. */
GPtrArray *
gantry_catalog_parse_zig (const char  *json,
                          gssize       length,
                          GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_release_free);
  g_autoptr(JsonNode) root = NULL;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  g_return_val_if_fail (json != NULL, NULL);

  root = parse_root (json, length, "Zig download index", error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, GANTRY_CATALOG_ERROR, GANTRY_CATALOG_ERROR_PARSE,
                   "The Zig download index is not an object of releases: check GANTRY_ZIG_INDEX_URL.");
      return NULL;
    }

  json_object_iter_init (&iter, json_node_get_object (root));
  while (json_object_iter_next (&iter, &key, &value))
    {
      JsonObject *ro;
      JsonObjectIter files;
      const char *fkey;
      JsonNode *fvalue;
      const char *version;
      gboolean stable;

      if (!JSON_NODE_HOLDS_OBJECT (value))
        continue;
      ro = json_node_get_object (value);
      if (g_str_equal (key, "master"))
        {
          version = member_string (ro, "version");
          stable = FALSE;
        }
      else
        {
          version = key;
          stable = strchr (key, '-') == NULL;
        }
      if (version == NULL)
        continue;

      json_object_iter_init (&files, ro);
      while (json_object_iter_next (&files, &fkey, &fvalue))
        {
          g_autofree char *zarch = NULL;
          const char *dash = strchr (fkey, '-');
          const char *tarball;
          const char *goarch;
          const char *goos;
          JsonObject *fo;
          GantryRelease *r;

          if (dash == NULL || !JSON_NODE_HOLDS_OBJECT (fvalue))
            continue;
          fo = json_node_get_object (fvalue);
          tarball = member_string (fo, "tarball");
          if (tarball == NULL)
            continue;
          zarch = g_strndup (fkey, dash - fkey);
          goarch = zig_arch_to_go (zarch);
          goos = zig_os_to_go (dash + 1);
          if (goarch == NULL || goos == NULL)
            continue;

          r = g_new0 (GantryRelease, 1);
          r->kind = g_strdup ("zig");
          r->name = g_strdup ("zig");
          r->version = g_strdup (version);
          r->stable = stable;
          r->os = g_strdup (goos);
          r->arch = g_strdup (goarch);
          r->url = g_strdup (tarball);
          r->filename = basename_of_url (tarball);
          r->sha256 = lower_hex (member_string (fo, "shasum"));
          r->size = member_size (fo, "size");
          r->top_dir = strip_archive_suffix (r->filename);
          g_ptr_array_add (out, r);
        }
    }

  return g_steal_pointer (&out);
}

/* Gantry's own list (resources/toolchains/mingw.json): llvm-mingw and
 * WinLibs publish no checksum files, so each entry pins its SHA-256. */
GPtrArray *
gantry_catalog_parse_mingw (const char  *json,
                            gssize       length,
                            GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_release_free);
  g_autoptr(JsonNode) root = NULL;
  JsonNode *list;
  JsonArray *releases;

  g_return_val_if_fail (json != NULL, NULL);

  root = parse_root (json, length, "MinGW catalog", error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      (list = json_object_get_member (json_node_get_object (root), "releases")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error (error, GANTRY_CATALOG_ERROR, GANTRY_CATALOG_ERROR_PARSE,
                   "The MinGW catalog has no \"releases\" list: check GANTRY_MINGW_CATALOG_URL.");
      return NULL;
    }

  releases = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (releases); i++)
    {
      JsonNode *n = json_array_get_element (releases, i);
      JsonObject *o;
      GantryRelease *r;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        continue;
      o = json_node_get_object (n);
      if (member_string (o, "name") == NULL || member_string (o, "version") == NULL ||
          member_string (o, "url") == NULL || member_string (o, "os") == NULL ||
          member_string (o, "arch") == NULL)
        {
          g_set_error (error, GANTRY_CATALOG_ERROR, GANTRY_CATALOG_ERROR_PARSE,
                       "Entry %u of the MinGW catalog lacks a name, version, url, os or arch: fix the catalog file.",
                       i + 1);
          return NULL;
        }

      r = g_new0 (GantryRelease, 1);
      r->kind = g_strdup ("mingw");
      r->name = g_strdup (member_string (o, "name"));
      r->version = g_strdup (member_string (o, "version"));
      r->stable = json_object_get_boolean_member_with_default (o, "stable", TRUE);
      r->os = g_strdup (member_string (o, "os"));
      r->arch = g_strdup (member_string (o, "arch"));
      r->url = g_strdup (member_string (o, "url"));
      r->filename = basename_of_url (r->url);
      r->sha256 = lower_hex (member_string (o, "sha256"));
      r->size = member_size (o, "size");
      r->top_dir = g_strdup (member_string (o, "top_dir"));
      r->source = g_strdup (member_string (o, "source"));
      g_ptr_array_add (out, r);
    }

  return g_steal_pointer (&out);
}

/* ------------------------------------------------------------------ */
/* Versions and the host                                               */
/* ------------------------------------------------------------------ */

typedef struct
{
  const char *p;
} Tokens;

/* Next run of digits or of letters; separators are skipped. */
static gboolean
next_token (Tokens      *t,
            const char **start,
            gsize       *len,
            gboolean    *numeric)
{
  while (*t->p && !g_ascii_isalnum (*t->p))
    t->p++;
  if (*t->p == '\0')
    return FALSE;
  *start = t->p;
  *numeric = g_ascii_isdigit (*t->p);
  while (*t->p && g_ascii_isalnum (*t->p) && (g_ascii_isdigit (*t->p) != 0) == *numeric)
    t->p++;
  *len = t->p - *start;
  return TRUE;
}

/* Orders "1.21.5" > "1.21rc2" > "1.20.14" and "0.12.0" > "0.12.0-dev.5+abc":
 * numbers compare as numbers; a version that ends where the other goes
 * on with letters (a pre-release tag) is the newer one. */
int
gantry_catalog_compare_versions (const char *a,
                                 const char *b)
{
  Tokens ta = { a ? a : "" };
  Tokens tb = { b ? b : "" };

  for (;;)
    {
      const char *sa = NULL, *sb = NULL;
      gsize la = 0, lb = 0;
      gboolean na = FALSE, nb = FALSE;
      gboolean ha = next_token (&ta, &sa, &la, &na);
      gboolean hb = next_token (&tb, &sb, &lb, &nb);

      if (!ha && !hb)
        return 0;
      if (!ha)
        return nb ? -1 : 1;
      if (!hb)
        return na ? 1 : -1;
      if (na && nb)
        {
          guint64 va = g_ascii_strtoull (sa, NULL, 10);
          guint64 vb = g_ascii_strtoull (sb, NULL, 10);

          if (va != vb)
            return va < vb ? -1 : 1;
        }
      else if (na != nb)
        return na ? 1 : -1;
      else
        {
          int c = strncmp (sa, sb, MIN (la, lb));

          if (c != 0)
            return c < 0 ? -1 : 1;
          if (la != lb)
            return la < lb ? -1 : 1;
        }
    }
}

/* The one answer is gantry-target's; the catalog's names stay for its callers. */
const char *
gantry_catalog_host_os (void)
{
  return gantry_host_goos ();
}

const char *
gantry_catalog_host_arch (void)
{
  return gantry_host_goarch ();
}

static int
format_rank (const GantryRelease *r,
             const char          *os)
{
  const char *format = gantry_release_get_format (r);

  if (format == NULL)
    return -1;
  if (g_str_equal (os, "windows"))
    return g_str_equal (format, "zip") ? 2 : g_str_equal (format, "7z") ? 1 : -1;
  if (g_str_equal (format, "tar.gz") || g_str_equal (format, "tgz"))
    return 2;
  if (g_str_equal (format, "tar.xz") || g_str_equal (format, "txz"))
    return 2;
  return -1;
}

static int
compare_for_listing (gconstpointer pa,
                     gconstpointer pb)
{
  const GantryRelease *a = *(const GantryRelease * const *) pa;
  const GantryRelease *b = *(const GantryRelease * const *) pb;
  int c;

  if ((c = g_strcmp0 (a->kind, b->kind)) != 0)
    return c;
  if ((c = g_strcmp0 (a->name, b->name)) != 0)
    return c;
  if (a->stable != b->stable)
    return a->stable ? -1 : 1;
  return -gantry_catalog_compare_versions (a->version, b->version);
}

/* The releases that run on @os/@arch, in the archive format that
 * machine unpacks best (zip on Windows, tar.gz or tar.xz elsewhere),
 * one file per version, stable versions first, newest first. */
GPtrArray *
gantry_catalog_for_host (GPtrArray  *releases,
                         const char *os,
                         const char *arch)
{
  g_autoptr(GHashTable) best = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_release_free);
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (releases != NULL, NULL);

  if (os == NULL)
    os = gantry_catalog_host_os ();
  if (arch == NULL)
    arch = gantry_catalog_host_arch ();

  for (guint i = 0; i < releases->len; i++)
    {
      GantryRelease *r = g_ptr_array_index (releases, i);
      g_autofree char *id = NULL;
      GantryRelease *seen;

      if (g_strcmp0 (r->os, os) != 0 || g_strcmp0 (r->arch, arch) != 0 || format_rank (r, os) < 0)
        continue;
      id = gantry_release_get_id (r);
      seen = g_hash_table_lookup (best, id);
      if (seen == NULL || format_rank (r, os) > format_rank (seen, os))
        g_hash_table_replace (best, g_steal_pointer (&id), r);
    }

  g_hash_table_iter_init (&iter, best);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (out, gantry_release_copy (value));
  g_ptr_array_sort (out, compare_for_listing);
  return out;
}

/* ------------------------------------------------------------------ */
/* Fetching                                                            */
/* ------------------------------------------------------------------ */

char *
gantry_catalog_get_url (const char *kind)
{
  const char *env = NULL;

  g_return_val_if_fail (kind != NULL, NULL);

  if (g_str_equal (kind, "go"))
    env = g_getenv ("GANTRY_GO_MANIFEST_URL");
  else if (g_str_equal (kind, "zig"))
    env = g_getenv ("GANTRY_ZIG_INDEX_URL");
  else if (g_str_equal (kind, "mingw"))
    env = g_getenv ("GANTRY_MINGW_CATALOG_URL");
  else
    return NULL;

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  if (g_str_equal (kind, "go"))
    return g_strdup (GANTRY_GO_MANIFEST_URL_DEFAULT);
  if (g_str_equal (kind, "zig"))
    return g_strdup (GANTRY_ZIG_INDEX_URL_DEFAULT);
  return g_strdup ("resource://" GANTRY_MINGW_CATALOG_RESOURCE);
}

static char *
base_of (const char *url)
{
  const char *end = url + strcspn (url, "?#");

  while (end > url && end[-1] != '/')
    end--;
  return g_strndup (url, end - url);
}

static GBytes *
load_local (const char    *url,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_uri (url);
  g_autoptr(GError) local_error = NULL;
  GBytes *bytes;

  bytes = g_file_load_bytes (file, cancellable, NULL, &local_error);
  if (bytes == NULL)
    {
      if (g_str_has_prefix (url, "resource://"))
        g_set_error (error, GANTRY_CATALOG_ERROR, GANTRY_CATALOG_ERROR_NOT_FOUND,
                     "The built-in MinGW catalog is missing from this build (%s): set GANTRY_MINGW_CATALOG_URL to a catalog file.",
                     local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return bytes;
}

const char * const *
gantry_catalog_get_kinds (void)
{
  static const char * const kinds[] = { "go", "zig", "mingw", NULL };

  return kinds;
}

/* Every release in the @kind manifest ("go", "zig", "mingw"), for all
 * machines; gantry_catalog_for_host() picks this machine's. */
GPtrArray *
gantry_catalog_fetch (const char    *kind,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autofree char *url = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *data;
  gsize len;

  g_return_val_if_fail (kind != NULL, NULL);

  url = gantry_catalog_get_url (kind);
  if (url == NULL)
    {
      g_set_error (error, GANTRY_CATALOG_ERROR, GANTRY_CATALOG_ERROR_UNKNOWN_KIND,
                   "There is no toolchain catalog for '%s': the kinds are go, zig and mingw.", kind);
      return NULL;
    }

  if (g_str_has_prefix (url, "resource://") || g_str_has_prefix (url, "file://"))
    bytes = load_local (url, cancellable, error);
  else
    bytes = gantry_download_fetch (url, MANIFEST_MAX_BYTES, NULL, cancellable, error);
  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &len);
  if (g_str_equal (kind, "go"))
    {
      g_autofree char *base = base_of (url);
      return gantry_catalog_parse_go (data, len, base, error);
    }
  if (g_str_equal (kind, "zig"))
    return gantry_catalog_parse_zig (data, len, error);
  return gantry_catalog_parse_mingw (data, len, error);
}

/* @name is "go", "zig", "llvm-mingw", "winlibs" or "mingw" (any MinGW);
 * without @version, the newest stable release. */
GantryRelease *
gantry_catalog_find (GPtrArray   *host_releases,
                     const char  *name,
                     const char  *version,
                     GError     **error)
{
  GantryRelease *fallback = NULL;

  g_return_val_if_fail (host_releases != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (version != NULL && g_str_equal (name, "go") && g_str_has_prefix (version, "go"))
    version += 2;

  for (guint i = 0; i < host_releases->len; i++)
    {
      GantryRelease *r = g_ptr_array_index (host_releases, i);

      if (!g_str_equal (r->name, name) && !(g_str_equal (name, "mingw") && g_str_equal (r->kind, "mingw")))
        continue;
      if (version != NULL)
        {
          if (g_str_equal (r->version, version))
            return gantry_release_copy (r);
          continue;
        }
      if (r->stable)
        return gantry_release_copy (r);
      if (fallback == NULL)
        fallback = r;
    }

  if (fallback != NULL)
    return gantry_release_copy (fallback);

  g_set_error (error, GANTRY_CATALOG_ERROR, GANTRY_CATALOG_ERROR_NOT_FOUND,
               "No release %s%s%s for %s/%s is in the catalog: 'gantry toolchain available' lists the ones there are.",
               name, version ? "@" : "", version ? version : "",
               gantry_catalog_host_os (), gantry_catalog_host_arch ());
  return NULL;
}

static void
fetch_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *releases = gantry_catalog_fetch (task_data, cancellable, &error);

  if (releases == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, releases, (GDestroyNotify) g_ptr_array_unref);
}

/* gantry_catalog_fetch() in a worker thread, for the window. */
void
gantry_catalog_fetch_async (const char          *kind,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (kind != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_catalog_fetch_async);
  g_task_set_task_data (task, g_strdup (kind), g_free);
  g_task_run_in_thread (task, fetch_worker);
}

GPtrArray *
gantry_catalog_fetch_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gantry_catalog_fetch_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

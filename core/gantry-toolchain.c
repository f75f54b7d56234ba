/* gantry-toolchain.c — installed toolchains: the store rows, atomic installs, removal, cleanup */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-toolchain"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

#ifdef G_OS_UNIX
#include <signal.h>
#include <sys/types.h>
#include <unistd.h>
#else
#include <windows.h>
#endif

#include "gantry-libarchive.h"
#include "gantry-paths.h"
#include "gantry-plan.h"
#include "gantry-process.h"
#include "gantry-relay.h"
#include "gantry-store-private.h"
#include "gantry-toolchain-private.h"

G_DEFINE_QUARK (gantry-toolchain-error-quark, gantry_toolchain_error)

G_DEFINE_BOXED_TYPE (GantryToolchain, gantry_toolchain, gantry_toolchain_copy, gantry_toolchain_free)

#define CLAIM_FILE "owner"
#define STALE_DOWNLOAD_SECONDS (7 * 24 * 3600)

GantryToolchain *
gantry_toolchain_copy (const GantryToolchain *tc)
{
  GantryToolchain *copy;

  g_return_val_if_fail (tc != NULL, NULL);

  copy = g_new0 (GantryToolchain, 1);
  copy->id = tc->id;
  copy->kind = g_strdup (tc->kind);
  copy->name = g_strdup (tc->name);
  copy->version = g_strdup (tc->version);
  copy->path = g_strdup (tc->path);
  copy->program = g_strdup (tc->program);
  copy->target = g_strdup (tc->target);
  copy->origin = g_strdup (tc->origin);
  copy->host_os = g_strdup (tc->host_os);
  copy->host_arch = g_strdup (tc->host_arch);
  copy->url = g_strdup (tc->url);
  copy->sha256 = g_strdup (tc->sha256);
  copy->installed_at = tc->installed_at;
  copy->install = g_strdup (tc->install);
  return copy;
}

void
gantry_toolchain_free (GantryToolchain *tc)
{
  if (tc == NULL)
    return;
  g_free (tc->kind);
  g_free (tc->name);
  g_free (tc->version);
  g_free (tc->path);
  g_free (tc->program);
  g_free (tc->target);
  g_free (tc->origin);
  g_free (tc->host_os);
  g_free (tc->host_arch);
  g_free (tc->url);
  g_free (tc->sha256);
  g_free (tc->install);
  g_free (tc);
}

/* ------------------------------------------------------------------ */
/* Shared helpers                                                      */
/* ------------------------------------------------------------------ */

char *
_gantry_toolchain_exe (const char *dir,
                       const char *name)
{
#ifdef G_OS_WIN32
  g_autofree char *file = g_strconcat (name, ".exe", NULL);
  return g_build_filename (dir, file, NULL);
#else
  return g_build_filename (dir, name, NULL);
#endif
}

/* The first "1.2" or "1.2.3"-like run in @text. */
char *
_gantry_toolchain_version_in (const char *text)
{
  g_autoptr(GRegex) re = g_regex_new ("[0-9]+\\.[0-9]+(\\.[0-9]+)?([.-]?[0-9A-Za-z]+)*", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (text == NULL || !g_regex_match (re, text, 0, &match))
    return NULL;
  return g_match_info_fetch (match, 0);
}

/* The words as bash reads them back, quoted as the plan quotes them. */
char *
_gantry_toolchain_shell_quote (const char * const *argv)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; argv[i] != NULL; i++)
    {
      g_autofree char *q = gantry_shell_quote (GANTRY_SHELL_BASH, argv[i]);

      if (i > 0)
        g_string_append_c (s, ' ');
      g_string_append (s, q);
    }
  return g_string_free (s, FALSE);
}

/* Runs @argv with stderr merged into stdout; no shell. */
gboolean
_gantry_toolchain_run (const char * const  *argv,
                       const char * const  *extra_env,
                       const char          *cwd,
                       GCancellable        *cancellable,
                       char               **output,
                       int                 *exit_status,
                       GError             **error)
{
  g_autoptr(GPtrArray) env = g_ptr_array_new ();
  g_auto(GantryProcessResult) result = { 0 };
  gboolean ok;

  /* only settings here: a bare KEY is not an unset for these callers */
  for (guint i = 0; extra_env != NULL && extra_env[i] != NULL; i++)
    if (strchr (extra_env[i], '=') != NULL)
      g_ptr_array_add (env, (char *) extra_env[i]);
  g_ptr_array_add (env, NULL);

  ok = gantry_process_run (argv, (const char * const *) env->pdata, cwd,
                           GANTRY_PROCESS_STDERR_MERGE,
                           0, cancellable, &result, error);
  if (ok)
    {
      if (exit_status != NULL)
        *exit_status = result.exited ? result.status : -1;
      if (output != NULL)
        *output = g_steal_pointer (&result.output);
    }
  return ok;
}

/* ------------------------------------------------------------------ */
/* Folders                                                             */
/* ------------------------------------------------------------------ */

char *
gantry_toolchain_get_root (void)
{
  g_autofree char *data = gantry_paths_get_data_dir ();

  return g_build_filename (data, "toolchains", NULL);
}

char *
gantry_toolchain_get_staging_dir (void)
{
  g_autofree char *root = gantry_toolchain_get_root ();

  return g_build_filename (root, ".staging", NULL);
}

static char *
get_downloads_dir (void)
{
  g_autofree char *root = gantry_toolchain_get_root ();

  return g_build_filename (root, ".downloads", NULL);
}

/* GOCACHE and Zig's cache for builds Gantry runs: $GANTRY_CACHE_DIR/<what>,
 * else the user cache folder's gantry/<what>. Caches are not data: they
 * live apart from the store so a new data folder (each test has one)
 * still finds the standard library and Zig's libc already built. */
char *
gantry_toolchain_get_cache_dir (const char *what)
{
  const char *env = g_getenv ("GANTRY_CACHE_DIR");

  if (env != NULL && env[0] != '\0')
    return g_build_filename (env, what, NULL);
#ifdef G_OS_WIN32
  /* GLib's cache folder on Windows is the Internet cache (INetCache),
   * which Disk Cleanup empties with the browser's files; Go keeps its
   * own cache in %LOCALAPPDATA%, and so does Gantry. */
  return g_build_filename (g_get_user_data_dir (), "gantry", "cache", what, NULL);
#else
  return g_build_filename (g_get_user_cache_dir (), "gantry", what, NULL);
#endif
}

/* A CC with a space in its path breaks cgo on Windows, so installs
 * must live in a folder without one. */
static char *
usable_root (GError **error)
{
  g_autofree char *root = gantry_toolchain_get_root ();

  if (!gantry_paths_ensure_dir (root, error))
    return NULL;

  if (strchr (root, ' ') == NULL)
    return g_steal_pointer (&root);

#ifdef G_OS_WIN32
  {
    g_autofree gunichar2 *wide = g_utf8_to_utf16 (root, -1, NULL, NULL, NULL);
    wchar_t shortbuf[MAX_PATH];
    DWORD n = wide ? GetShortPathNameW ((wchar_t *) wide, shortbuf, MAX_PATH) : 0;

    if (n > 0 && n < MAX_PATH)
      {
        g_autofree char *alias = g_utf16_to_utf8 ((gunichar2 *) shortbuf, n, NULL, NULL, NULL);

        if (alias != NULL && strchr (alias, ' ') == NULL)
          return g_steal_pointer (&alias);
      }
  }
#endif

  g_set_error (error, GANTRY_TOOLCHAIN_ERROR, GANTRY_TOOLCHAIN_ERROR_BAD_PATH,
               "The toolchain folder %s has a space in its path, which breaks CC for cgo: set GANTRY_DATA_DIR to a folder without spaces and try again.",
               root);
  return NULL;
}

static char *
install_dir_name (const char *name,
                  const char *version)
{
  g_autofree char *raw = g_strdup_printf ("%s-%s", name, version);

  for (char *p = raw; *p; p++)
    if (!(g_ascii_isalnum (*p) || *p == '.' || *p == '-' || *p == '_'))
      *p = '_';
  return g_steal_pointer (&raw);
}

/* ------------------------------------------------------------------ */
/* Claims: a staging folder names the process that owns it            */
/* ------------------------------------------------------------------ */

static char *
make_claim (const char  *what,
            const char  *dest_name,
            GError     **error)
{
  g_autofree char *staging = gantry_toolchain_get_staging_dir ();
  g_autofree char *tmpl = NULL;
  g_autofree char *claim = NULL;
  g_autofree char *text = NULL;
  char *dir;

  if (!gantry_paths_ensure_dir (staging, error))
    return NULL;

  tmpl = g_strdup_printf ("%s%s%s-XXXXXX", staging, G_DIR_SEPARATOR_S, what);
  dir = g_mkdtemp_full (tmpl, 0700);
  if (dir == NULL)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not make a staging folder in %s (%s): check that the data folder is writable.",
                   staging, g_strerror (saved));
      return NULL;
    }
  g_steal_pointer (&tmpl);

  claim = g_build_filename (dir, CLAIM_FILE, NULL);
  text = g_strdup_printf ("%lu\n%s\n", gantry_process_get_id (), dest_name ? dest_name : "");
  if (!g_file_set_contents (claim, text, -1, error))
    {
      gantry_archive_remove_tree (dir, NULL);
      g_free (dir);
      return NULL;
    }
  return dir;
}

/* TRUE when the claim's process still runs; *dest_name gets its target. */
static gboolean
claim_is_live (const char  *dir,
               char       **dest_name)
{
  g_autofree char *claim = g_build_filename (dir, CLAIM_FILE, NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (claim, &text, NULL, NULL))
    return FALSE;
  lines = g_strsplit (text, "\n", 3);
  if (lines[0] == NULL)
    return FALSE;
  if (dest_name != NULL && lines[1] != NULL)
    *dest_name = g_strdup (lines[1]);
  return gantry_process_is_alive ((gulong) g_ascii_strtoull (lines[0], NULL, 10));
}

/* ------------------------------------------------------------------ */
/* Store                                                               */
/* ------------------------------------------------------------------ */

#define TC_COLUMNS "id, kind, version, path, origin, host_os, host_arch, url, sha256, installed_at"

static char *
program_for_install (const char *kind,
                     const char *path)
{
  g_autofree char *bin = g_build_filename (path, "bin", NULL);

  if (g_strcmp0 (kind, "go") == 0)
    return _gantry_toolchain_exe (bin, "go");
  if (g_strcmp0 (kind, "zig") == 0)
    return _gantry_toolchain_exe (path, "zig");
  if (g_strcmp0 (kind, "llvm-mingw") == 0)
    return _gantry_toolchain_exe (bin, "clang");
  return _gantry_toolchain_exe (bin, "gcc");
}

static GantryToolchain *
toolchain_from_row (sqlite3_stmt *stmt)
{
  GantryToolchain *tc = g_new0 (GantryToolchain, 1);

  tc->id = sqlite3_column_int64 (stmt, 0);
  tc->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  tc->version = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  tc->path = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  tc->origin = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  tc->host_os = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  tc->host_arch = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  tc->url = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
  tc->sha256 = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
  tc->installed_at = sqlite3_column_int64 (stmt, 9);
  if (g_strcmp0 (tc->origin, "installed") == 0)
    {
      tc->name = g_strdup (tc->kind);
      tc->program = program_for_install (tc->kind, tc->path);
    }
  else
    {
      tc->name = g_path_get_basename (tc->path);
      tc->program = g_strdup (tc->path);
    }
  return tc;
}

/* Rows of the toolchains table; @origin "installed", "detected" or NULL for both. */
GPtrArray *
gantry_toolchain_list (GantryStore  *store,
                       const char   *origin,
                       GError      **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_toolchain_free);
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (GANTRY_IS_STORE (store), NULL);

  db = _gantry_store_get_db (store);
  rc = sqlite3_prepare_v2 (db,
                           "SELECT " TC_COLUMNS " FROM toolchains"
                           " WHERE ?1 IS NULL OR origin = ?1"
                           " ORDER BY origin DESC, kind, version, path",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    goto failed;
  sqlite3_bind_text (stmt, 1, origin, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, toolchain_from_row (stmt));
  if (rc != SQLITE_DONE)
    goto failed;
  sqlite3_finalize (stmt);
  return g_steal_pointer (&out);

failed:
  _gantry_store_set_error (store, error, "Listing toolchains");
  sqlite3_finalize (stmt);
  return NULL;
}

static gboolean
insert_row (GantryStore            *store,
            const GantryToolchain  *tc,
            gboolean                or_ignore,
            GError                **error)
{
  sqlite3 *db = _gantry_store_get_db (store);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db,
                          or_ignore
                          ? "INSERT OR IGNORE INTO toolchains (kind, version, path, origin, host_os, host_arch, url, sha256, installed_at)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                          : "INSERT INTO toolchains (kind, version, path, origin, host_os, host_arch, url, sha256, installed_at)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_bind_text (stmt, 1, tc->kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, tc->version ? tc->version : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, tc->path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, tc->origin, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, tc->host_os, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, tc->host_arch, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, tc->url, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, tc->sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 9, tc->installed_at);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    goto failed;
  sqlite3_finalize (stmt);
  return TRUE;

failed:
  _gantry_store_set_error (store, error, "Registering the toolchain");
  sqlite3_finalize (stmt);
  return FALSE;
}

static gboolean
register_tx (GantryStore  *store,
             gpointer      user_data,
             GError      **error)
{
  GantryToolchain *tc = user_data;

  if (!insert_row (store, tc, FALSE, error))
    return FALSE;
  tc->id = sqlite3_last_insert_rowid (_gantry_store_get_db (store));
  return TRUE;
}

static gboolean
save_detected_tx (GantryStore  *store,
                  gpointer      user_data,
                  GError      **error)
{
  GPtrArray *detected = user_data;
  gint64 now = _gantry_store_now ();

  if (!_gantry_store_exec (store, "DELETE FROM toolchains WHERE origin = 'detected'", error))
    return FALSE;

  for (guint i = 0; i < detected->len; i++)
    {
      GantryToolchain *tc = g_ptr_array_index (detected, i);
      GantryToolchain row = *tc;

      if (g_strcmp0 (tc->origin, "detected") != 0)
        continue;
      row.path = tc->program ? tc->program : tc->path;
      row.installed_at = now;
      /* A program inside a Gantry install is that install's, not a second row. */
      if (!insert_row (store, &row, TRUE, error))
        return FALSE;
    }
  return TRUE;
}

/* Replaces the snapshot of detected tools with @detected. */
gboolean
gantry_toolchain_save_detected (GantryStore  *store,
                                GPtrArray    *detected,
                                GError      **error)
{
  g_return_val_if_fail (GANTRY_IS_STORE (store), FALSE);
  g_return_val_if_fail (detected != NULL, FALSE);

  return gantry_store_transaction (store, save_detected_tx, detected, error);
}

typedef struct
{
  gint64 id;
  const char *path;
} DeleteRow;

static gboolean
delete_row_tx (GantryStore  *store,
               gpointer      user_data,
               GError      **error)
{
  DeleteRow *d = user_data;
  sqlite3 *db = _gantry_store_get_db (store);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "DELETE FROM toolchains WHERE id = ?1", -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, d->id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    goto failed;
  sqlite3_finalize (stmt);
  return TRUE;

failed:
  _gantry_store_set_error (store, error, "Removing the toolchain");
  sqlite3_finalize (stmt);
  return FALSE;
}

/* Removes an installed toolchain: its folder and its row together. The
 * folder is first renamed into staging (one atomic step), then the row
 * goes in a transaction; should that fail the folder is put back. */
gboolean
gantry_toolchain_remove (GantryStore  *store,
                         const char   *name,
                         const char   *version,
                         GError      **error)
{
  g_autoptr(GPtrArray) installed = NULL;
  g_autoptr(GPtrArray) matches = g_ptr_array_new ();
  g_autofree char *claim = NULL;
  g_autofree char *trash = NULL;
  GantryToolchain *tc;
  DeleteRow d;

  g_return_val_if_fail (GANTRY_IS_STORE (store), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  installed = gantry_toolchain_list (store, "installed", error);
  if (installed == NULL)
    return FALSE;

  for (guint i = 0; i < installed->len; i++)
    {
      tc = g_ptr_array_index (installed, i);
      if ((g_str_equal (tc->kind, name) || (g_str_equal (name, "mingw") && (g_str_equal (tc->kind, "llvm-mingw") || g_str_equal (tc->kind, "winlibs")))) &&
          (version == NULL || g_strcmp0 (tc->version, version) == 0 ||
           (g_str_has_prefix (version, "go") && g_strcmp0 (tc->version, version + 2) == 0)))
        g_ptr_array_add (matches, tc);
    }

  if (matches->len == 0)
    {
      g_set_error (error, GANTRY_TOOLCHAIN_ERROR, GANTRY_TOOLCHAIN_ERROR_NOT_FOUND,
                   "No toolchain %s%s%s was installed by Gantry: 'gantry toolchain list' shows what is installed (tools found on PATH are removed with the system's package manager).",
                   name, version ? "@" : "", version ? version : "");
      return FALSE;
    }
  if (matches->len > 1)
    {
      g_autoptr(GString) which = g_string_new (NULL);

      for (guint i = 0; i < matches->len; i++)
        {
          tc = g_ptr_array_index (matches, i);
          g_string_append_printf (which, "%s%s@%s", i ? ", " : "", tc->kind, tc->version);
        }
      g_set_error (error, GANTRY_TOOLCHAIN_ERROR, GANTRY_TOOLCHAIN_ERROR_NOT_FOUND,
                   "Several toolchains match '%s' (%s): name one with NAME@VERSION.", name, which->str);
      return FALSE;
    }

  tc = g_ptr_array_index (matches, 0);
  claim = make_claim ("remove", NULL, error);
  if (claim == NULL)
    return FALSE;
  trash = g_build_filename (claim, "tree", NULL);

  if (g_file_test (tc->path, G_FILE_TEST_EXISTS) && g_rename (tc->path, trash) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not remove %s (%s): close programs that use it and try again.",
                   tc->path, g_strerror (saved));
      gantry_archive_remove_tree (claim, NULL);
      return FALSE;
    }

  d.id = tc->id;
  d.path = tc->path;
  if (!gantry_store_transaction (store, delete_row_tx, &d, error))
    {
      if (g_file_test (trash, G_FILE_TEST_EXISTS))
        g_rename (trash, tc->path);
      gantry_archive_remove_tree (claim, NULL);
      return FALSE;
    }

  return gantry_archive_remove_tree (claim, error);
}

/* Run at start: removes staging folders whose process is gone, install
 * folders that no row names (an install cut short between the rename
 * and the commit), and rows whose folder is gone (a removal cut short). */
gboolean
gantry_toolchain_cleanup (GantryStore  *store,
                          GError      **error)
{
  g_autofree char *root = gantry_toolchain_get_root ();
  g_autofree char *staging = gantry_toolchain_get_staging_dir ();
  g_autoptr(GHashTable) live_dests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) registered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) installed = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_val_if_fail (GANTRY_IS_STORE (store), FALSE);

  dir = g_dir_open (staging, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (staging, name, NULL);
      g_autofree char *dest = NULL;

      if (claim_is_live (child, &dest))
        {
          if (dest != NULL && dest[0] != '\0')
            g_hash_table_add (live_dests, g_steal_pointer (&dest));
          continue;
        }
      g_debug ("removing the abandoned staging folder %s", child);
      if (!gantry_archive_remove_tree (child, error))
        return FALSE;
    }
  g_clear_pointer (&dir, g_dir_close);

  installed = gantry_toolchain_list (store, "installed", error);
  if (installed == NULL)
    return FALSE;

  for (guint i = 0; i < installed->len; i++)
    {
      GantryToolchain *tc = g_ptr_array_index (installed, i);

      if (!g_file_test (tc->path, G_FILE_TEST_IS_DIR))
        {
          DeleteRow d = { tc->id, tc->path };

          g_debug ("forgetting %s@%s: its folder %s is gone", tc->kind, tc->version, tc->path);
          if (!gantry_store_transaction (store, delete_row_tx, &d, error))
            return FALSE;
          continue;
        }
      g_hash_table_add (registered, g_path_get_basename (tc->path));
    }

  /* Partial downloads wait for a resume, but not forever. */
  {
    g_autofree char *downloads = get_downloads_dir ();
    g_autoptr(GDir) ddir = g_dir_open (downloads, 0, NULL);
    gint64 now = g_get_real_time () / G_USEC_PER_SEC;

    while (ddir != NULL && (name = g_dir_read_name (ddir)) != NULL)
      {
        g_autofree char *file = g_build_filename (downloads, name, NULL);
        GStatBuf st;

        if (g_stat (file, &st) == 0 && now - (gint64) st.st_mtime > STALE_DOWNLOAD_SECONDS)
          {
            g_debug ("removing the stale download %s", file);
            g_unlink (file);
          }
      }
  }

  dir = g_dir_open (root, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = NULL;

      if (name[0] == '.' || g_hash_table_contains (registered, name) || g_hash_table_contains (live_dests, name))
        continue;
      child = g_build_filename (root, name, NULL);
      g_debug ("removing %s: no toolchain is registered there (an install was cut short)", child);
      if (!gantry_archive_remove_tree (child, error))
        return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Install                                                             */
/* ------------------------------------------------------------------ */

static gboolean
smoke_test (const GantryRelease  *release,
            const char           *dir,
            char                **program_out,
            GCancellable         *cancellable,
            GError              **error)
{
  g_autofree char *bin = g_build_filename (dir, "bin", NULL);
  g_autofree char *program = NULL;
  g_autofree char *output = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *arg = "--version";
  const char *env[] = { "GOTOOLCHAIN=local", NULL };
  int status = -1;
  gboolean ok;

  if (g_str_equal (release->kind, "go"))
    {
      program = _gantry_toolchain_exe (bin, "go");
      arg = "version";
    }
  else if (g_str_equal (release->kind, "zig"))
    {
      program = _gantry_toolchain_exe (dir, "zig");
      arg = "version";
    }
  else if (g_str_equal (release->name, "llvm-mingw"))
    program = _gantry_toolchain_exe (bin, "clang");
  else
    program = _gantry_toolchain_exe (bin, "gcc");

  {
    const char *argv[] = { program, arg, NULL };

    ok = _gantry_toolchain_run (argv, env, dir, cancellable, &output, &status, &local_error);
  }

  if (!ok)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_set_error (error, GANTRY_TOOLCHAIN_ERROR, GANTRY_TOOLCHAIN_ERROR_SMOKE_TEST,
                   "%s@%s was unpacked but %s does not run (%s); nothing was installed: the release may not be built for this machine.",
                   release->name, release->version, program, local_error->message);
      return FALSE;
    }

  if (status != 0)
    ok = FALSE;
  else if (g_str_equal (release->kind, "go"))
    {
      g_autofree char *want = g_strdup_printf ("go%s", release->version);
      ok = strstr (output, want) != NULL;
    }
  else if (g_str_equal (release->kind, "zig"))
    ok = g_str_equal (g_strstrip (output), release->version);

  if (!ok)
    {
      g_set_error (error, GANTRY_TOOLCHAIN_ERROR, GANTRY_TOOLCHAIN_ERROR_SMOKE_TEST,
                   "%s@%s was unpacked but '%s %s' answered \"%s\" (exit %d) instead of its version; nothing was installed: the archive may not be the release it claims to be.",
                   release->name, release->version, program, arg, g_strstrip (output), status);
      return FALSE;
    }

  *program_out = g_steal_pointer (&program);
  return TRUE;
}

typedef struct
{
  GantryInstallProgressFunc func;
  gpointer data;
  GantryInstallProgress report;
} InstallReporter;

static void
report_phase (InstallReporter    *r,
              GantryInstallPhase  phase)
{
  r->report.phase = phase;
  if (r->func != NULL)
    r->func (&r->report, r->data);
}

static void
on_download_progress (const GantryDownloadProgress *p,
                      gpointer                      user_data)
{
  InstallReporter *r = user_data;

  r->report.received = p->received;
  r->report.total = p->total;
  r->report.bytes_per_second = p->bytes_per_second;
  report_phase (r, GANTRY_INSTALL_PHASE_DOWNLOAD);
}

static void
on_extract_progress (guint    n_entries,
                     guint64  n_bytes,
                     gpointer user_data)
{
  InstallReporter *r = user_data;

  r->report.entries = n_entries;
  r->report.extracted = n_bytes;
  report_phase (r, GANTRY_INSTALL_PHASE_EXTRACT);
}

static gboolean
find_installed (GantryStore  *store,
                const char   *path,
                gboolean     *found,
                GError      **error)
{
  g_autoptr(GPtrArray) installed = gantry_toolchain_list (store, "installed", error);

  if (installed == NULL)
    return FALSE;
  *found = FALSE;
  for (guint i = 0; i < installed->len; i++)
    if (g_strcmp0 (((GantryToolchain *) g_ptr_array_index (installed, i))->path, path) == 0)
      *found = TRUE;
  return TRUE;
}

/* Downloads, checks, unpacks into staging, moves the top folder into
 * place with one rename, runs it, and only then registers it. Any
 * failure (or a crash, via gantry_toolchain_cleanup()) leaves no half
 * toolchain behind. */
GantryToolchain *
gantry_toolchain_install (GantryStore                 *store,
                          const GantryRelease         *release,
                          const GantryInstallOptions  *options,
                          GantryInstallProgressFunc    progress,
                          gpointer                     progress_data,
                          GCancellable                *cancellable,
                          GError                     **error)
{
  g_autoptr(GantryToolchain) tc = NULL;
  g_autofree char *root = NULL;
  g_autofree char *dest_name = NULL;
  g_autofree char *dest = NULL;
  g_autofree char *claim = NULL;
  g_autofree char *unpack = NULL;
  g_autofree char *downloads = NULL;
  g_autofree char *archive = NULL;
  g_autofree char *top = NULL;
  g_autofree char *program = NULL;
  g_auto(GStrv) tops = NULL;
  InstallReporter reporter = { progress, progress_data, { 0 } };
  GantryInstallOptions defaults = { 0 };
  gboolean found = FALSE;
  gboolean moved = FALSE;

  g_return_val_if_fail (GANTRY_IS_STORE (store), NULL);
  g_return_val_if_fail (release != NULL, NULL);

  if (options == NULL)
    options = &defaults;

  if (release->sha256 == NULL)
    {
      g_set_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_NO_HASH,
                   "No SHA-256 is known for %s@%s, so Gantry will not install it: Gantry installs only files it can check; pick a release whose catalog entry has a checksum.",
                   release->name, release->version);
      return NULL;
    }

  /* before a download of hundreds of megabytes that could not be unpacked */
  if (!gantry_libarchive_load (error))
    return NULL;

  root = usable_root (error);
  if (root == NULL)
    return NULL;

  if (!gantry_toolchain_cleanup (store, error))
    return NULL;

  dest_name = install_dir_name (release->name, release->version);
  dest = g_build_filename (root, dest_name, NULL);
  if (!find_installed (store, dest, &found, error))
    return NULL;
  if (found)
    {
      g_set_error (error, GANTRY_TOOLCHAIN_ERROR, GANTRY_TOOLCHAIN_ERROR_EXISTS,
                   "%s@%s is already installed in %s: remove it first with 'gantry toolchain remove %s@%s' to install it again.",
                   release->name, release->version, dest, release->name, release->version);
      return NULL;
    }
  if (g_file_test (dest, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, GANTRY_TOOLCHAIN_ERROR, GANTRY_TOOLCHAIN_ERROR_EXISTS,
                   "%s@%s is being installed by another Gantry right now: wait for it to finish.",
                   release->name, release->version);
      return NULL;
    }

  claim = make_claim ("install", dest_name, error);
  if (claim == NULL)
    return NULL;
  unpack = g_build_filename (claim, "unpack", NULL);
  if (!gantry_paths_ensure_dir (unpack, error))
    goto failed;

  /* Download (resumable across runs: the .partial stays in .downloads). */
  downloads = get_downloads_dir ();
  if (!gantry_paths_ensure_dir (downloads, error))
    goto failed;
  archive = g_build_filename (downloads, release->filename ? release->filename : dest_name, NULL);
  report_phase (&reporter, GANTRY_INSTALL_PHASE_DOWNLOAD);
  if (!gantry_download_file (release->url, archive, release->sha256, release->size,
                             &options->download, on_download_progress, &reporter,
                             cancellable, error))
    goto failed;

  /* Extract into the claim's own folder, on the same volume as @dest. */
  report_phase (&reporter, GANTRY_INSTALL_PHASE_EXTRACT);
  if (!gantry_archive_extract (archive, unpack, &options->limits, on_extract_progress, &reporter,
                               &tops, cancellable, error))
    goto failed;

  if (tops == NULL || g_strv_length (tops) != 1)
    {
      g_set_error (error, GANTRY_TOOLCHAIN_ERROR, GANTRY_TOOLCHAIN_ERROR_LAYOUT,
                   "The archive for %s@%s does not unpack to a single folder (%u entries at its top); nothing was installed: the catalog entry may point at the wrong file.",
                   release->name, release->version, tops ? g_strv_length (tops) : 0);
      goto failed;
    }
  top = g_build_filename (unpack, tops[0], NULL);
  if (!g_file_test (top, G_FILE_TEST_IS_DIR) || g_file_test (top, G_FILE_TEST_IS_SYMLINK))
    {
      g_set_error (error, GANTRY_TOOLCHAIN_ERROR, GANTRY_TOOLCHAIN_ERROR_LAYOUT,
                   "The archive for %s@%s holds '%s' at its top, which is not a folder; nothing was installed.",
                   release->name, release->version, tops[0]);
      goto failed;
    }
  if (release->top_dir != NULL && g_strcmp0 (release->top_dir, tops[0]) != 0)
    g_debug ("%s@%s unpacks to %s, not %s as expected", release->name, release->version, tops[0], release->top_dir);

  /* One rename puts the whole tree in place. */
  report_phase (&reporter, GANTRY_INSTALL_PHASE_MOVE);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto failed;
  if (g_rename (top, dest) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not move %s into place at %s (%s); nothing was installed.",
                   top, dest, g_strerror (saved));
      goto failed;
    }
  moved = TRUE;

  report_phase (&reporter, GANTRY_INSTALL_PHASE_SMOKE_TEST);
  if (!smoke_test (release, dest, &program, cancellable, error))
    goto failed;

  report_phase (&reporter, GANTRY_INSTALL_PHASE_REGISTER);
  tc = g_new0 (GantryToolchain, 1);
  tc->kind = g_strdup (release->name);
  tc->name = g_strdup (release->name);
  tc->version = g_strdup (release->version);
  tc->path = g_strdup (dest);
  tc->program = g_steal_pointer (&program);
  tc->origin = g_strdup ("installed");
  tc->host_os = g_strdup (release->os);
  tc->host_arch = g_strdup (release->arch);
  tc->url = g_strdup (release->url);
  tc->sha256 = g_strdup (release->sha256);
  tc->installed_at = _gantry_store_now ();
  if (!gantry_store_transaction (store, register_tx, tc, error))
    goto failed;

  gantry_archive_remove_tree (claim, NULL);
  if (!options->keep_archive)
    g_unlink (archive);
  report_phase (&reporter, GANTRY_INSTALL_PHASE_DONE);
  return g_steal_pointer (&tc);

failed:
  if (moved)
    {
      g_autofree char *back = g_build_filename (claim, "failed", NULL);

      if (g_rename (dest, back) != 0)
        gantry_archive_remove_tree (dest, NULL);
    }
  gantry_archive_remove_tree (claim, NULL);
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Async install                                                       */
/* ------------------------------------------------------------------ */

typedef struct
{
  GantryStore *store;
  GantryRelease *release;
  GantryInstallOptions options;
  GantryRelay *relay;
  GMainContext *context;
} InstallJob;

static void
install_job_free (gpointer p)
{
  InstallJob *job = p;

  g_clear_object (&job->store);
  gantry_release_free (job->release);
  gantry_relay_unref (job->relay);
  g_main_context_unref (job->context);
  g_free (job);
}

static void
install_relay_progress (const GantryInstallProgress *progress,
                        gpointer                     user_data)
{
  InstallJob *job = user_data;

  /* Every phase shows, with its last figures; byte counts within a
   * phase at most 10 a second. (Throttling on time alone dropped a
   * quick extract phase that began soon after the last download
   * report.) */
  gantry_relay_post_throttled (job->relay, progress->phase, 100 * 1000,
                               progress, sizeof *progress);
}

static void
install_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  InstallJob *job = task_data;
  GError *error = NULL;
  GantryToolchain *tc;

  tc = gantry_toolchain_install (job->store, job->release, &job->options,
                                 job->relay ? install_relay_progress : NULL, job,
                                 cancellable, &error);
  if (tc == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, tc, (GDestroyNotify) gantry_toolchain_free);
}

void
gantry_toolchain_install_async (GantryStore                 *store,
                                const GantryRelease         *release,
                                const GantryInstallOptions  *options,
                                GantryInstallProgressFunc    progress,
                                gpointer                     progress_data,
                                GDestroyNotify               progress_data_free,
                                GCancellable                *cancellable,
                                GAsyncReadyCallback          callback,
                                gpointer                     user_data)
{
  g_autoptr(GTask) task = NULL;
  InstallJob *job;

  g_return_if_fail (GANTRY_IS_STORE (store));
  g_return_if_fail (release != NULL);

  job = g_new0 (InstallJob, 1);
  job->store = g_object_ref (store);
  job->release = gantry_release_copy (release);
  if (options != NULL)
    job->options = *options;
  job->context = g_main_context_ref_thread_default ();
  if (progress != NULL)
    {
      job->relay = gantry_relay_new (job->context, (GantryRelayFunc) progress,
                                     progress_data, progress_data_free);
    }
  else if (progress_data_free != NULL)
    progress_data_free (progress_data);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_toolchain_install_async);
  g_task_set_task_data (task, job, install_job_free);
  g_task_run_in_thread (task, install_worker);
}

GantryToolchain *
gantry_toolchain_install_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gantry_toolchain_install_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

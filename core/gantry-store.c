/* gantry-store.c — the SQLite file that holds projects, recipes, toolchains and runs */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-store"

#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "gantry-json.h"
#include "gantry-paths.h"
#include "gantry-store-private.h"

G_DEFINE_QUARK (gantry-store-error-quark, gantry_store_error)

struct _GantryStore
{
  GObject parent_instance;

  char *path;
  sqlite3 *db;

  /* One writer at a time from this process; recursive so a unit's
   * transaction may call another unit's write helpers. */
  GRecMutex lock;
  guint tx_depth;

  int schema_version;
  gboolean created;

  /* The integrity check of a file opened with
   * GANTRY_STORE_OPEN_CHECK_BEFORE_WRITING, until the first write. */
  GMutex check_lock;
  gboolean check_pending;
  GError *check_error;

  gboolean sync_relaxed;   /* PRAGMA synchronous is NORMAL, not FULL */
};

G_DEFINE_FINAL_TYPE (GantryStore, gantry_store, G_TYPE_OBJECT)

/* ------------------------------------------------------------------ */
/* Schema                                                              */
/*                                                                     */
/* Data flows project → recipe → plan → run → artifacts → verdicts.    */
/* Times are Unix milliseconds (UTC). JSON columns hold what later     */
/* units need to keep whole (argv, environment, inspector facts).      */
/* A step never changes once released: add a new one.                  */
/* ------------------------------------------------------------------ */

static const char *migrations[GANTRY_STORE_SCHEMA_VERSION] = {
  /* 1: projects and toolchains */
  "CREATE TABLE projects ("
  "  id            INTEGER PRIMARY KEY,"
  "  name          TEXT NOT NULL UNIQUE,"
  "  path          TEXT NOT NULL UNIQUE,"
  "  module        TEXT NOT NULL,"
  "  go_version    TEXT,"
  "  toolchain     TEXT,"
  "  uses_cgo      INTEGER NOT NULL DEFAULT 0 CHECK (uses_cgo IN (0, 1)),"
  "  main_packages TEXT NOT NULL DEFAULT '[]',"
  "  added_at      INTEGER NOT NULL"
  ");"
  "CREATE TABLE toolchains ("
  "  id           INTEGER PRIMARY KEY,"
  "  kind         TEXT NOT NULL,"
  "  version      TEXT NOT NULL,"
  "  path         TEXT NOT NULL UNIQUE,"
  "  origin       TEXT NOT NULL CHECK (origin IN ('installed', 'detected')),"
  "  host_os      TEXT,"
  "  host_arch    TEXT,"
  "  url          TEXT,"
  "  sha256       TEXT,"
  "  installed_at INTEGER NOT NULL"
  ");",

  /* 2: release recipes, one revision per save, and their targets */
  "CREATE TABLE recipes ("
  "  id           INTEGER PRIMARY KEY,"
  "  project_id   INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
  "  revision     INTEGER NOT NULL,"
  "  created_at   INTEGER NOT NULL,"
  "  main_package TEXT,"
  "  binary_name  TEXT,"
  "  version      TEXT,"
  "  version_var  TEXT,"
  "  trimpath     INTEGER NOT NULL DEFAULT 1 CHECK (trimpath IN (0, 1)),"
  "  tags         TEXT,"
  "  ldflags      TEXT,"
  "  settings     TEXT NOT NULL DEFAULT '{}',"
  "  UNIQUE (project_id, revision)"
  ");"
  "CREATE TABLE targets ("
  "  id             INTEGER PRIMARY KEY,"
  "  recipe_id      INTEGER NOT NULL REFERENCES recipes (id) ON DELETE CASCADE,"
  "  position       INTEGER NOT NULL,"
  "  goos           TEXT NOT NULL,"
  "  goarch         TEXT NOT NULL,"
  "  goarm          TEXT,"
  "  goamd64        TEXT,"
  "  cgo            TEXT NOT NULL DEFAULT 'auto' CHECK (cgo IN ('on', 'off', 'auto')),"
  "  link_mode      TEXT NOT NULL DEFAULT 'dynamic' CHECK (link_mode IN ('dynamic', 'static')),"
  "  libc           TEXT CHECK (libc IN ('gnu', 'musl')),"
  "  glibc_floor    TEXT,"
  "  tags           TEXT,"
  "  ldflags        TEXT,"
  "  cc_override    TEXT,"
  "  archive_format TEXT,"
  "  UNIQUE (recipe_id, position)"
  ");",

  /* 3: runs, their steps, the artifacts they made and the verdicts on them */
  "CREATE TABLE runs ("
  "  id          INTEGER PRIMARY KEY,"
  "  project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
  "  recipe_id   INTEGER REFERENCES recipes (id) ON DELETE SET NULL,"
  "  started_at  INTEGER NOT NULL,"
  "  finished_at INTEGER,"
  "  state       TEXT NOT NULL DEFAULT 'running'"
  "              CHECK (state IN ('running', 'ok', 'failed', 'cancelled')),"
  "  dist_dir    TEXT,"
  "  plan        TEXT"
  ");"
  "CREATE INDEX runs_by_project ON runs (project_id, started_at);"
  "CREATE TABLE run_steps ("
  "  id          INTEGER PRIMARY KEY,"
  "  run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,"
  "  position    INTEGER NOT NULL,"
  "  target      TEXT,"
  "  name        TEXT NOT NULL,"
  "  argv        TEXT NOT NULL,"
  "  env         TEXT NOT NULL DEFAULT '{}',"
  "  cwd         TEXT,"
  "  state       TEXT NOT NULL DEFAULT 'pending'"
  "              CHECK (state IN ('pending', 'running', 'ok', 'failed', 'cancelled', 'skipped')),"
  "  started_at  INTEGER,"
  "  finished_at INTEGER,"
  "  exit_status INTEGER,"
  "  log         TEXT,"
  "  UNIQUE (run_id, position)"
  ");"
  "CREATE TABLE artifacts ("
  "  id      INTEGER PRIMARY KEY,"
  "  run_id  INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,"
  "  target  TEXT NOT NULL,"
  "  kind    TEXT NOT NULL CHECK (kind IN ('binary', 'archive', 'checksums')),"
  "  path    TEXT NOT NULL,"
  "  size    INTEGER,"
  "  sha256  TEXT,"
  "  facts   TEXT"
  ");"
  "CREATE INDEX artifacts_by_run ON artifacts (run_id);"
  "CREATE TABLE verdicts ("
  "  id          INTEGER PRIMARY KEY,"
  "  artifact_id INTEGER NOT NULL REFERENCES artifacts (id) ON DELETE CASCADE,"
  "  check_name  TEXT NOT NULL,"
  "  place       TEXT NOT NULL,"
  "  state       TEXT NOT NULL CHECK (state IN ('pass', 'fail', 'skipped')),"
  "  message     TEXT,"
  "  created_at  INTEGER NOT NULL"
  ");"
  "CREATE INDEX verdicts_by_artifact ON verdicts (artifact_id);",

  /* 4: which Gantry process owns a running run ("host:pid"), so a start
   * closes only runs whose process is gone, never another window's */
  "ALTER TABLE runs ADD COLUMN owner TEXT;",

  /* 5: the release pipeline's verdict on a run, once its checks ended
   * (gantry-pipeline.h's outcomes: released, built, problems,
   * not-released, cancelled); state stays how the build itself ended */
  "ALTER TABLE runs ADD COLUMN outcome TEXT"
  "  CHECK (outcome IS NULL OR outcome IN ('released', 'built', 'problems', 'not-released', 'cancelled'));",
};

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

gint64
_gantry_store_now (void)
{
  return g_get_real_time () / 1000;
}

sqlite3 *
_gantry_store_get_db (GantryStore *self)
{
  g_return_val_if_fail (GANTRY_IS_STORE (self), NULL);
  return self->db;
}

static int
store_error_code_for (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return GANTRY_STORE_ERROR_CORRUPT;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_AUTH:
      return GANTRY_STORE_ERROR_OPEN;
    case SQLITE_CONSTRAINT:
      return GANTRY_STORE_ERROR_DUPLICATE;
    default:
      return GANTRY_STORE_ERROR_FAILED;
    }
}

void
_gantry_store_set_error (GantryStore  *self,
                         GError      **error,
                         const char   *what)
{
  int rc = sqlite3_extended_errcode (self->db);

  g_set_error (error, GANTRY_STORE_ERROR, store_error_code_for (rc),
               "%s failed in %s: %s", what, self->path, sqlite3_errmsg (self->db));
}

gboolean
_gantry_store_exec (GantryStore  *self,
                    const char   *sql,
                    GError      **error)
{
  char *msg = NULL;
  int rc;

  rc = sqlite3_exec (self->db, sql, NULL, NULL, &msg);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, GANTRY_STORE_ERROR, store_error_code_for (rc),
                   "%s: %s", self->path, msg ? msg : sqlite3_errstr (rc));
      sqlite3_free (msg);
      return FALSE;
    }

  return TRUE;
}

static gboolean
query_int (sqlite3     *db,
           const char  *sql,
           int         *out,
           int         *rc_out)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *out = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  *rc_out = rc;
  return rc == SQLITE_OK;
}

/* ------------------------------------------------------------------ */
/* Opening                                                             */
/* ------------------------------------------------------------------ */

static void
set_open_error (GError     **error,
                const char  *path,
                sqlite3     *db,
                int          rc)
{
  const char *msg = db ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  if (store_error_code_for (rc) == GANTRY_STORE_ERROR_CORRUPT)
    g_set_error (error, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_CORRUPT,
                 "The store %s is damaged or is not a Gantry database (%s); it was left as it is: move it aside and start Gantry again to make a new one.",
                 path, msg);
  else
    g_set_error (error, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_OPEN,
                 "Could not open the store %s (%s): check that it is a readable, writable file, or point GANTRY_DATA_DIR at another folder.",
                 path, msg);
}

/* Looks at an existing file without writing to it: a read-only
 * connection never checkpoints or changes the journal mode, so a file
 * we refuse is left byte for byte as it was. */
/* PRAGMA quick_check: FALSE with a sentence when the file is damaged,
 * or with *@rc_out set when the check itself could not run. Its time
 * grows with the file (about 0.8 ms a megabyte). */
static gboolean
quick_check (sqlite3     *db,
             const char  *path,
             int         *rc_out,
             GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  *rc_out = SQLITE_OK;
  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      *rc_out = rc;
      sqlite3_finalize (stmt);
      return FALSE;
    }
  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
    {
      g_set_error (error, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_CORRUPT,
                   "The store %s is damaged (integrity check: %s); it was left as it is: move it aside and start Gantry again, or restore a backup.",
                   path, (const char *) sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
probe_existing (const char  *path,
                int          open_flags,
                gboolean     check,
                int         *version_out,
                int         *rc_out,
                GError     **error)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int version = 0;
  int n_tables = 0;
  int rc;

  *rc_out = SQLITE_OK;
  rc = sqlite3_open_v2 (path, &db, open_flags | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    goto failed;
  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, 5000);
  /* Opened read-write to replay a log, it would be the last connection
   * when it closes and copy the log into a file not yet checked. */
  sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);

  if (!query_int (db, "PRAGMA user_version", &version, &rc))
    goto failed;

  if (version > GANTRY_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_NEWER,
                   "The store %s was written by a newer Gantry (schema %d; this one knows up to %d); it was left as it is: install the newer Gantry, or point GANTRY_DATA_DIR at another folder.",
                   path, version, GANTRY_STORE_SCHEMA_VERSION);
      sqlite3_close (db);
      return FALSE;
    }

  if (version == 0)
    {
      /* An empty file is ours to fill; someone else's database is not. */
      if (!query_int (db, "SELECT count(*) FROM sqlite_master", &n_tables, &rc))
        goto failed;
      if (n_tables > 0)
        {
          g_set_error (error, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_CORRUPT,
                       "%s is an SQLite database that Gantry did not make; it was left as it is: move it aside, or point GANTRY_DATA_DIR at another folder.",
                       path);
          sqlite3_close (db);
          return FALSE;
        }
    }

  if (check && !quick_check (db, path, &rc, error))
    {
      if (rc != SQLITE_OK)
        goto failed;
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_close (db);

  *version_out = version;
  return TRUE;

failed:
  *rc_out = db ? sqlite3_extended_errcode (db) : rc;
  set_open_error (error, path, db, rc);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return FALSE;
}

static gboolean
migrate (GantryStore  *self,
         GError      **error)
{
  for (int target = 1; target <= GANTRY_STORE_SCHEMA_VERSION; target++)
    {
      g_autofree char *bump = NULL;
      g_autoptr(GError) local_error = NULL;
      int current = 0;
      int rc;

      if (!_gantry_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      /* Read inside the write lock: another Gantry may have migrated
       * the file between our probe and now. */
      if (!query_int (self->db, "PRAGMA user_version", &current, &rc))
        {
          _gantry_store_set_error (self, error, "Reading the schema version");
          _gantry_store_exec (self, "ROLLBACK", NULL);
          return FALSE;
        }

      if (current >= target)
        {
          if (!_gantry_store_exec (self, "COMMIT", error))
            return FALSE;
          self->schema_version = current;
          continue;
        }

      bump = g_strdup_printf ("PRAGMA user_version = %d", target);
      if (!_gantry_store_exec (self, migrations[target - 1], &local_error) ||
          !_gantry_store_exec (self, bump, &local_error) ||
          !_gantry_store_exec (self, "COMMIT", &local_error))
        {
          _gantry_store_exec (self, "ROLLBACK", NULL);
          g_set_error (error, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_MIGRATION,
                       "Could not upgrade the store %s from schema %d to %d (%s); it was left at schema %d: move it aside to start afresh, or report this.",
                       self->path, current, target, local_error->message, current);
          return FALSE;
        }

      g_debug ("migrated %s to schema %d", self->path, target);
      self->schema_version = target;
    }

  return TRUE;
}

GantryStore *
gantry_store_open (const char  *path,
                   GError     **error)
{
  return gantry_store_open_full (path, GANTRY_STORE_OPEN_DEFAULT, error);
}

/* The deferred check: its own read-only connection, so it never waits
 * for the store's lock and never writes. */
static GError *
run_quick_check (const char *path)
{
  GError *error = NULL;
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, 5000);
      if (!quick_check (db, path, &rc, &error) && error == NULL)
        set_open_error (&error, path, db, rc);
    }
  else
    set_open_error (&error, path, db, rc);
  sqlite3_close (db);
  return error;
}

/* Opens (creating or upgrading) the store at @path. An existing file is
 * checked first: a newer schema, another program's database, or damage
 * found by SQLite's quick_check are refused and the file left as it is.
 * With GANTRY_STORE_OPEN_CHECK_BEFORE_WRITING the quick_check, whose
 * time grows with the file, waits for the first write (or
 * gantry_store_check()): a command that only reads never pays for it,
 * a build pays while its compilers run, and a damaged file is still
 * never written to. (A thread checking beside the first reads was
 * tried: contention inside SQLite slowed those reads by 4 ms.) */
GantryStore *
gantry_store_open_full (const char            *path,
                        GantryStoreOpenFlags   flags,
                        GError               **error)
{
  g_autoptr(GantryStore) self = NULL;
  gboolean check_now = (flags & GANTRY_STORE_OPEN_CHECK_BEFORE_WRITING) == 0;
  g_autofree char *journal = NULL;
  sqlite3_stmt *stmt = NULL;
  int version = 0;
  gboolean existed;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_OPEN,
                   "Could not open the store %s: it is a folder, not a file; move it aside or point GANTRY_DATA_DIR at another folder.",
                   path);
      return NULL;
    }

  existed = g_file_test (path, G_FILE_TEST_EXISTS);
  if (existed)
    {
      g_autoptr(GError) probe_error = NULL;
      int probe_rc = SQLITE_OK;

      if (!probe_existing (path, SQLITE_OPEN_READONLY, check_now, &version, &probe_rc, &probe_error))
        {
          /* A writer that died mid-transaction leaves a hot journal or
           * a WAL to recover, which a read-only connection may not
           * replay. Replaying it is what any SQLite reader must do and
           * changes nothing that was committed, so look again with
           * write access; the version checks still come first. */
          if ((probe_rc & 0xff) != SQLITE_READONLY)
            {
              g_propagate_error (error, g_steal_pointer (&probe_error));
              return NULL;
            }
          g_debug ("%s needs recovery (%s); probing read-write", path, probe_error->message);
          if (!probe_existing (path, SQLITE_OPEN_READWRITE, check_now, &version, &probe_rc, error))
            return NULL;
        }
    }

  self = g_object_new (GANTRY_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->created = !existed || version == 0;

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      set_open_error (error, path, self->db, rc);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);
  /* Closing leaves the write-ahead log as it is rather than copying it
   * into gantry.db and syncing that: every commit in it is already on
   * disk (synchronous = FULL), any later open reads it, and SQLite
   * copies it over by itself once it passes 1000 pages. This takes a
   * disk sync off the end of every command. (A backup must take
   * gantry.db-wal along, or use sqlite3's .backup.) */
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);

  /* WAL lets the GUI read while a build writes; FULL makes every
   * reported commit survive a power cut, not only a crash. */
  rc = sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
  if (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    journal = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (g_strcmp0 (journal, "wal") != 0)
    {
      set_open_error (error, path, self->db, sqlite3_errcode (self->db));
      return NULL;
    }

  if (!_gantry_store_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !_gantry_store_exec (self, "PRAGMA synchronous = FULL", error))
    return NULL;

  /* An upgrade writes: check before it, whatever the caller asked. */
  if (!check_now && existed && version > 0)
    {
      if (version == GANTRY_STORE_SCHEMA_VERSION)
        self->check_pending = TRUE;
      else
        {
          GError *check_error = run_quick_check (path);

          if (check_error != NULL)
            {
              g_propagate_error (error, check_error);
              return NULL;
            }
        }
    }

  /* (a current file needs no upgrade: skip its locking round trips) */
  if (version != GANTRY_STORE_SCHEMA_VERSION && !migrate (self, error))
    return NULL;
  self->schema_version = MAX (self->schema_version, version);

  return g_steal_pointer (&self);
}

GantryStore *
gantry_store_open_default (GantryStoreOpenFlags   flags,
                           GError               **error)
{
  g_autofree char *dir = gantry_paths_get_data_dir ();
  g_autofree char *path = NULL;

  if (!gantry_paths_ensure_dir (dir, error))
    return NULL;

  path = g_build_filename (dir, "gantry.db", NULL);
  return gantry_store_open_full (path, flags, error);
}

const char *
gantry_store_get_path (GantryStore *self)
{
  g_return_val_if_fail (GANTRY_IS_STORE (self), NULL);
  return self->path;
}

int
gantry_store_get_schema_version (GantryStore *self)
{
  g_return_val_if_fail (GANTRY_IS_STORE (self), 0);
  return self->schema_version;
}

/* Runs the check that GANTRY_STORE_OPEN_CHECK_BEFORE_WRITING put off,
 * once, and returns its verdict (TRUE at once when there was none to
 * run). Every write calls this first. */
gboolean
gantry_store_check (GantryStore  *self,
                    GError      **error)
{
  gboolean ok;

  g_return_val_if_fail (GANTRY_IS_STORE (self), FALSE);

  g_mutex_lock (&self->check_lock);
  if (self->check_pending)
    {
      GError *verdict = run_quick_check (self->path);

      /* damage is for good; a busy or unreadable file, only for now */
      if (verdict == NULL || g_error_matches (verdict, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_CORRUPT))
        {
          self->check_error = verdict;
          self->check_pending = FALSE;
        }
      else
        {
          g_propagate_error (error, verdict);
          g_mutex_unlock (&self->check_lock);
          return FALSE;
        }
    }
  ok = self->check_error == NULL;
  if (!ok)
    g_propagate_error (error, g_error_copy (self->check_error));
  g_mutex_unlock (&self->check_lock);
  return ok;
}

/* Copies the write-ahead log into gantry.db. With @wait, waits for
 * readers and writers to finish (up to the busy timeout) and empties the
 * log, so the one file holds everything (for whoever copies it): the
 * window does this when it quits. Without, copies what it can at once
 * and never waits, for use in the middle of work. Closing does neither. */
gboolean
gantry_store_checkpoint (GantryStore  *self,
                         gboolean      wait,
                         GError      **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (GANTRY_IS_STORE (self), FALSE);

  /* it writes into gantry.db: not into a damaged one */
  if (!gantry_store_check (self, error))
    return FALSE;

  g_rec_mutex_lock (&self->lock);
  if (wait)
    ok = _gantry_store_exec (self, "PRAGMA wal_checkpoint(TRUNCATE)", error);
  else
    {
      int rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);

      if (rc != SQLITE_OK)
        {
          _gantry_store_set_error (self, error, "Copying the log into the store");
          ok = FALSE;
        }
    }
  g_rec_mutex_unlock (&self->lock);
  return ok;
}

/* TRUE when this open made the store (no file, or an empty one): the
 * application's first start. */
gboolean
gantry_store_was_created (GantryStore *self)
{
  g_return_val_if_fail (GANTRY_IS_STORE (self), FALSE);
  return self->created;
}

static gboolean
run_transaction (GantryStore      *self,
                 gboolean          durable,
                 GantryStoreFunc   func,
                 gpointer          user_data,
                 GError          **error)
{
  gboolean ok;

  /* a damaged file is never written to */
  if (!gantry_store_check (self, error))
    return FALSE;

  g_rec_mutex_lock (&self->lock);

  if (self->tx_depth > 0)
    {
      self->tx_depth++;
      ok = func (self, user_data, error);
      self->tx_depth--;
      g_rec_mutex_unlock (&self->lock);
      return ok;
    }

  /* Only this transaction's commit skips the sync: the setting is the
   * connection's, and the lock keeps other transactions out meanwhile.
   * (A lone statement from another thread in that instant would share
   * the relaxed sync; it would still survive a crash.) A durable one
   * first puts FULL back if restoring it failed last time. */
  if (durable != !self->sync_relaxed &&
      !_gantry_store_exec (self, durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL", error))
    {
      g_rec_mutex_unlock (&self->lock);
      return FALSE;
    }
  self->sync_relaxed = !durable;

  ok = _gantry_store_exec (self, "BEGIN IMMEDIATE", error);
  if (ok)
    {
      self->tx_depth = 1;
      ok = func (self, user_data, error);
      self->tx_depth = 0;

      if (ok)
        ok = _gantry_store_exec (self, "COMMIT", error);
      if (!ok)
        _gantry_store_exec (self, "ROLLBACK", NULL);
    }

  if (!durable)
    {
      g_autoptr(GError) restore_error = NULL;

      /* the commit stands either way; the next durable one retries */
      if (_gantry_store_exec (self, "PRAGMA synchronous = FULL", &restore_error))
        self->sync_relaxed = FALSE;
      else
        g_warning ("Could not restore synchronous commits: %s", restore_error->message);
    }

  g_rec_mutex_unlock (&self->lock);
  return ok;
}

/* Runs @func inside BEGIN IMMEDIATE … COMMIT; any failure rolls the
 * whole transaction back. Nested calls join the outer transaction.
 * Once this returns TRUE, the change survives a power cut. */
gboolean
gantry_store_transaction (GantryStore      *self,
                          GantryStoreFunc   func,
                          gpointer          user_data,
                          GError          **error)
{
  g_return_val_if_fail (GANTRY_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  return run_transaction (self, TRUE, func, user_data, error);
}

/* The same, for progress records that an ordinary transaction will
 * follow (a step that ended, while its run is still going): the commit
 * survives Gantry crashing or being killed at once, but waits for the
 * next ordinary commit to be on disk, since that commit's sync of the
 * write-ahead log carries every frame written before it. A power cut
 * in between loses it together with the unfinished run, which the next
 * start reports as interrupted. Saves a disk sync per record. */
gboolean
gantry_store_transaction_relaxed (GantryStore      *self,
                                  GantryStoreFunc   func,
                                  gpointer          user_data,
                                  GError          **error)
{
  g_return_val_if_fail (GANTRY_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  return run_transaction (self, FALSE, func, user_data, error);
}

/* ------------------------------------------------------------------ */
/* Projects                                                            */
/* ------------------------------------------------------------------ */

#define PROJECT_COLUMNS "id, name, path, module, go_version, toolchain, uses_cgo, main_packages, added_at"

static GantryProject *
project_from_row (sqlite3_stmt *stmt)
{
  g_auto(GStrv) mains = gantry_json_strv_from_string ((const char *) sqlite3_column_text (stmt, 7));

  return g_object_new (GANTRY_TYPE_PROJECT,
                       "id", sqlite3_column_int64 (stmt, 0),
                       "name", (const char *) sqlite3_column_text (stmt, 1),
                       "path", (const char *) sqlite3_column_text (stmt, 2),
                       "module", (const char *) sqlite3_column_text (stmt, 3),
                       "go-version", (const char *) sqlite3_column_text (stmt, 4),
                       "toolchain", (const char *) sqlite3_column_text (stmt, 5),
                       "uses-cgo", sqlite3_column_int (stmt, 6) != 0,
                       "main-packages", mains,
                       "added-at", sqlite3_column_int64 (stmt, 8),
                       NULL);
}

static gboolean
add_project_tx (GantryStore  *self,
                gpointer      user_data,
                GError      **error)
{
  GantryProject *project = user_data;
  g_autofree char *mains = gantry_json_strv_to_string (gantry_project_get_main_packages (project));
  sqlite3_stmt *stmt = NULL;
  gint64 now = _gantry_store_now ();
  int rc;

  /* Check first so the message can say which existing project clashes. */
  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT name, path FROM projects WHERE name = ?1 OR path = ?2",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    goto sql_failed;
  sqlite3_bind_text (stmt, 1, gantry_project_get_name (project), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, gantry_project_get_path (project), -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      const char *path = (const char *) sqlite3_column_text (stmt, 1);

      if (g_strcmp0 (path, gantry_project_get_path (project)) == 0)
        g_set_error (error, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_DUPLICATE,
                     "The folder %s is already in Gantry as the project '%s'.",
                     path, name);
      else
        g_set_error (error, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_DUPLICATE,
                     "A project named '%s' is already in Gantry (folder %s): give this one another name with --name.",
                     name, path);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    goto sql_failed;
  sqlite3_finalize (stmt);

  rc = sqlite3_prepare_v2 (self->db,
                           "INSERT INTO projects (name, path, module, go_version, toolchain,"
                           " uses_cgo, main_packages, added_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    goto sql_failed;
  sqlite3_bind_text (stmt, 1, gantry_project_get_name (project), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, gantry_project_get_path (project), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, gantry_project_get_module (project), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, gantry_project_get_go_version (project), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, gantry_project_get_toolchain (project), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 6, gantry_project_get_uses_cgo (project) ? 1 : 0);
  sqlite3_bind_text (stmt, 7, mains, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 8, now);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    goto sql_failed;
  sqlite3_finalize (stmt);

  gantry_project_set_id (project, sqlite3_last_insert_rowid (self->db));
  g_object_set (project, "added-at", now, NULL);
  return TRUE;

sql_failed:
  _gantry_store_set_error (self, error, "Adding the project");
  sqlite3_finalize (stmt);
  return FALSE;
}

gboolean
gantry_store_add_project (GantryStore    *self,
                          GantryProject  *project,
                          GError        **error)
{
  g_return_val_if_fail (GANTRY_IS_STORE (self), FALSE);
  g_return_val_if_fail (GANTRY_IS_PROJECT (project), FALSE);

  if (gantry_project_get_name (project) == NULL || gantry_project_get_name (project)[0] == '\0')
    {
      g_set_error (error, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_FAILED,
                   "A project needs a name: give one with --name.");
      return FALSE;
    }

  return gantry_store_transaction (self, add_project_tx, project, error);
}

GPtrArray *
gantry_store_list_projects (GantryStore  *self,
                            GError      **error)
{
  g_autoptr(GPtrArray) projects = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (GANTRY_IS_STORE (self), NULL);

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT " PROJECT_COLUMNS " FROM projects ORDER BY name COLLATE NOCASE, id",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    goto failed;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (projects, project_from_row (stmt));
  if (rc != SQLITE_DONE)
    goto failed;

  sqlite3_finalize (stmt);
  return g_steal_pointer (&projects);

failed:
  _gantry_store_set_error (self, error, "Listing projects");
  sqlite3_finalize (stmt);
  return NULL;
}

GantryProject *
gantry_store_find_project (GantryStore  *self,
                           const char   *name,
                           GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  GantryProject *project = NULL;
  int rc;

  g_return_val_if_fail (GANTRY_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT " PROJECT_COLUMNS " FROM projects WHERE name = ?1",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    goto failed;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    project = project_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_NOT_FOUND,
                 "There is no project named '%s': 'gantry project list' shows the names.", name);
  else
    goto failed;

  sqlite3_finalize (stmt);
  return project;

failed:
  _gantry_store_set_error (self, error, "Finding the project");
  sqlite3_finalize (stmt);
  return NULL;
}

static gboolean
remove_project_tx (GantryStore  *self,
                   gpointer      user_data,
                   GError      **error)
{
  const char *name = user_data;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, "DELETE FROM projects WHERE name = ?1", -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    goto failed;
  sqlite3_finalize (stmt);

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_NOT_FOUND,
                   "There is no project named '%s': 'gantry project list' shows the names.", name);
      return FALSE;
    }

  return TRUE;

failed:
  _gantry_store_set_error (self, error, "Removing the project");
  sqlite3_finalize (stmt);
  return FALSE;
}

/* Forgets the project and its recipes and runs; the project's folder
 * and anything it built are the user's and stay on disk. */
gboolean
gantry_store_remove_project (GantryStore  *self,
                             const char   *name,
                             GError      **error)
{
  g_return_val_if_fail (GANTRY_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return gantry_store_transaction (self, remove_project_tx, (gpointer) name, error);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
gantry_store_finalize (GObject *object)
{
  GantryStore *self = (GantryStore *) object;

  g_clear_error (&self->check_error);
  g_mutex_clear (&self->check_lock);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_clear_pointer (&self->path, g_free);
  g_rec_mutex_clear (&self->lock);

  G_OBJECT_CLASS (gantry_store_parent_class)->finalize (object);
}

static void
gantry_store_class_init (GantryStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gantry_store_finalize;
}

static void
gantry_store_init (GantryStore *self)
{
  g_rec_mutex_init (&self->lock);
  g_mutex_init (&self->check_lock);
}

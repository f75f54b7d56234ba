/* test-store.c — the SQLite store: schema, migrations, projects, refusing bad files */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "gantry-store-private.h"
#include "gantry-test-util.h"

/* Schema 1 exactly as Gantry 0.1 wrote it, frozen here so the
 * migration test keeps testing an old file however the code moves. */
static const char *schema_v1 =
  "CREATE TABLE projects ("
  "  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, path TEXT NOT NULL UNIQUE,"
  "  module TEXT NOT NULL, go_version TEXT, toolchain TEXT,"
  "  uses_cgo INTEGER NOT NULL DEFAULT 0 CHECK (uses_cgo IN (0, 1)),"
  "  main_packages TEXT NOT NULL DEFAULT '[]', added_at INTEGER NOT NULL);"
  "CREATE TABLE toolchains ("
  "  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, version TEXT NOT NULL,"
  "  path TEXT NOT NULL UNIQUE,"
  "  origin TEXT NOT NULL CHECK (origin IN ('installed', 'detected')),"
  "  host_os TEXT, host_arch TEXT, url TEXT, sha256 TEXT, installed_at INTEGER NOT NULL);"
  "INSERT INTO projects (name, path, module, uses_cgo, main_packages, added_at)"
  "  VALUES ('old', '/src/old', 'example.com/old', 1, '[\".\"]', 1700000000000);"
  "PRAGMA user_version = 1;";

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = gantry_test_make_tmpdir ("store");
  f->path = g_build_filename (f->dir, "gantry.db", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gantry_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
raw_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *msg = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("raw_exec: %s", msg);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static int
raw_int_at (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  text = gantry_test_sql_text (db, sql);
  sqlite3_close (db);
  return text ? atoi (text) : -1;
}

static GantryProject *
make_project (const char *name,
              const char *path,
              gboolean    cgo)
{
  const char *mains[] = { ".", "./cmd/tool", NULL };

  return g_object_new (GANTRY_TYPE_PROJECT,
                       "name", name,
                       "path", path,
                       "module", "example.com/x",
                       "go-version", "1.21",
                       "uses-cgo", cgo,
                       "main-packages", mains,
                       NULL);
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GantryStore *store;
  sqlite3 *db;
  g_autofree char *journal = NULL;
  g_autofree char *fk = NULL;
  g_autofree char *tables = NULL;

  store = gantry_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (gantry_store_was_created (store));
  g_assert_cmpint (gantry_store_get_schema_version (store), ==, GANTRY_STORE_SCHEMA_VERSION);

  db = _gantry_store_get_db (store);
  journal = gantry_test_sql_text (db, "PRAGMA journal_mode");
  fk = gantry_test_sql_text (db, "PRAGMA foreign_keys");
  tables = gantry_test_sql_text (db, "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)");
  g_assert_cmpstr (journal, ==, "wal");
  g_assert_cmpstr (fk, ==, "1");
  g_assert_cmpstr (tables, ==, "artifacts,projects,recipes,run_steps,runs,targets,toolchains,verdicts");
  g_assert_finalize_object (store);

  /* The journal mode and version are in the file for any reader. */
  g_assert_cmpint (raw_int_at (f->path, "PRAGMA user_version"), ==, GANTRY_STORE_SCHEMA_VERSION);

  store = gantry_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_false (gantry_store_was_created (store));
  g_assert_finalize_object (store);
}

static void
test_projects (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryStore) store = gantry_store_open (f->path, &error);
  g_autoptr(GantryProject) a = make_project ("beta", "/src/beta", TRUE);
  g_autoptr(GantryProject) b = make_project ("Alpha", "/src/alpha", FALSE);
  g_autoptr(GantryProject) same_name = make_project ("beta", "/src/other", FALSE);
  g_autoptr(GantryProject) same_path = make_project ("gamma", "/src/beta", FALSE);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GantryProject) found = NULL;

  g_assert_no_error (error);

  g_assert_true (gantry_store_add_project (store, a, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gantry_project_get_id (a), >, 0);
  g_assert_cmpint (gantry_project_get_added_at (a), >, 1600000000000);
  g_assert_true (gantry_store_add_project (store, b, &error));

  g_assert_false (gantry_store_add_project (store, same_name, &error));
  g_assert_error (error, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "--name"));
  g_clear_error (&error);

  g_assert_false (gantry_store_add_project (store, same_path, &error));
  g_assert_error (error, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "already in Gantry"));
  g_clear_error (&error);

  list = gantry_store_list_projects (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  /* sorted by name, ignoring case */
  g_assert_cmpstr (gantry_project_get_name (g_ptr_array_index (list, 0)), ==, "Alpha");
  g_assert_cmpstr (gantry_project_get_name (g_ptr_array_index (list, 1)), ==, "beta");

  found = gantry_store_find_project (store, "beta", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_project_get_path (found), ==, "/src/beta");
  g_assert_cmpstr (gantry_project_get_module (found), ==, "example.com/x");
  g_assert_cmpstr (gantry_project_get_go_version (found), ==, "1.21");
  g_assert_true (gantry_project_get_uses_cgo (found));
  g_assert_cmpstr (gantry_project_get_main_packages (found)[1], ==, "./cmd/tool");
  g_assert_cmpint (gantry_project_get_id (found), ==, gantry_project_get_id (a));

  g_assert_null (gantry_store_find_project (store, "nope", &error));
  g_assert_error (error, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (gantry_store_remove_project (store, "beta", &error));
  g_assert_no_error (error);
  g_assert_false (gantry_store_remove_project (store, "beta", &error));
  g_assert_error (error, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_clear_pointer (&list, g_ptr_array_unref);
  list = gantry_store_list_projects (store, &error);
  g_assert_cmpuint (list->len, ==, 1);
}

static gboolean
insert_history (GantryStore  *store,
                gpointer      data,
                GError      **error)
{
  gint64 project_id = *(gint64 *) data;
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO recipes (project_id, revision, created_at) VALUES (%" G_GINT64_FORMAT ", 1, 0);"
    "INSERT INTO targets (recipe_id, position, goos, goarch) VALUES (last_insert_rowid(), 0, 'linux', 'amd64');"
    "INSERT INTO runs (project_id, started_at) VALUES (%" G_GINT64_FORMAT ", 0);"
    "INSERT INTO artifacts (run_id, target, kind, path) VALUES (last_insert_rowid(), 'linux/amd64', 'binary', 'dist/x');"
    "INSERT INTO verdicts (artifact_id, check_name, place, state, created_at) VALUES (last_insert_rowid(), 'arch', 'static', 'pass', 0);",
    project_id, project_id);

  return _gantry_store_exec (store, sql, error);
}

static gboolean
fail_after_insert (GantryStore  *store,
                   gpointer      data,
                   GError      **error)
{
  if (!_gantry_store_exec (store, "INSERT INTO projects (name, path, module, added_at) VALUES ('ghost', '/ghost', 'g', 0)", error))
    return FALSE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "stopped halfway on purpose");
  return FALSE;
}

static gboolean
insert_run (GantryStore  *store,
            gpointer      data,
            GError      **error)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO runs (project_id, started_at) VALUES (%" G_GINT64_FORMAT ", 0)",
                                          *(gint64 *) data);

  return _gantry_store_exec (store, sql, error);
}

static int connection_synchronous (GantryStore *store);

/* inserts, and notes the connection's sync setting inside the transaction */
static gboolean
insert_history_noting_sync (GantryStore  *store,
                            gpointer      data,
                            GError      **error)
{
  gint64 *args = data;   /* project id, then the setting seen */

  args[1] = connection_synchronous (store);
  return insert_history (store, &args[0], error);
}

static gboolean
insert_run_relaxed (GantryStore  *store,
                    gpointer      data,
                    GError      **error)
{
  return gantry_store_transaction_relaxed (store, insert_run, data, error);
}

static void
test_cascade_and_rollback (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryStore) store = gantry_store_open (f->path, &error);
  g_autoptr(GantryProject) p = make_project ("p", "/src/p", TRUE);
  gint64 id;

  g_assert_true (gantry_store_add_project (store, p, &error));
  id = gantry_project_get_id (p);
  g_assert_true (gantry_store_transaction (store, insert_history, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (raw_int_at (f->path, "SELECT count(*) FROM verdicts"), ==, 1);

  /* Removing a project takes its recipes, runs, artifacts and verdicts. */
  g_assert_true (gantry_store_remove_project (store, "p", &error));
  g_assert_cmpint (raw_int_at (f->path, "SELECT count(*) FROM recipes"), ==, 0);
  g_assert_cmpint (raw_int_at (f->path, "SELECT count(*) FROM targets"), ==, 0);
  g_assert_cmpint (raw_int_at (f->path, "SELECT count(*) FROM runs"), ==, 0);
  g_assert_cmpint (raw_int_at (f->path, "SELECT count(*) FROM artifacts"), ==, 0);
  g_assert_cmpint (raw_int_at (f->path, "SELECT count(*) FROM verdicts"), ==, 0);

  /* A failure halfway leaves nothing behind. */
  g_assert_false (gantry_store_transaction (store, fail_after_insert, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpint (raw_int_at (f->path, "SELECT count(*) FROM projects WHERE name = 'ghost'"), ==, 0);
}

static int
connection_synchronous (GantryStore *store)
{
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (_gantry_store_get_db (store), "PRAGMA synchronous", -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* A relaxed transaction commits like any other (another connection sees
 * it), rolls back the same way, and gives the connection back with
 * every later commit synced (FULL = 2). */
static void
test_relaxed_transaction (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryStore) store = gantry_store_open (f->path, &error);
  g_autoptr(GantryProject) p = make_project ("p", "/src/p", TRUE);
  gint64 id;

  g_assert_no_error (error);
  g_assert_cmpint (connection_synchronous (store), ==, 2);
  g_assert_true (gantry_store_add_project (store, p, &error));
  id = gantry_project_get_id (p);

  {
    gint64 args[2] = { id, -1 };

    g_assert_true (gantry_store_transaction_relaxed (store, insert_history_noting_sync, args, &error));
    g_assert_no_error (error);
    g_assert_cmpint (args[1], ==, 1);   /* NORMAL while it ran */
  }
  g_assert_cmpint (raw_int_at (f->path, "SELECT count(*) FROM verdicts"), ==, 1);
  g_assert_cmpint (connection_synchronous (store), ==, 2);

  g_assert_false (gantry_store_transaction_relaxed (store, fail_after_insert, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpint (raw_int_at (f->path, "SELECT count(*) FROM projects WHERE name = 'ghost'"), ==, 0);
  g_assert_cmpint (connection_synchronous (store), ==, 2);

  /* inside an ordinary transaction it simply joins it */
  g_assert_true (gantry_store_transaction (store, insert_run_relaxed, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (raw_int_at (f->path, "SELECT count(*) FROM runs"), ==, 2);
  g_assert_cmpint (connection_synchronous (store), ==, 2);
}

/* Closing keeps the log (no sync at the end of each command); a
 * checkpoint folds it in, after which gantry.db alone holds it all. */
static void
test_checkpoint (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *copy = g_strconcat (f->path, ".copy", NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;
  GantryStore *store = gantry_store_open (f->path, &error);
  g_autoptr(GantryProject) p = make_project ("kept", "/src/kept", TRUE);
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_true (gantry_store_add_project (store, p, &error));
  g_assert_finalize_object (store);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 0);

  store = gantry_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (gantry_store_checkpoint (store, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 0);

  /* gantry.db copied on its own still has the project */
  contents = gantry_test_read_file (f->path, &len);
  g_assert_true (g_file_set_contents (copy, contents, len, &error));
  g_assert_cmpint (raw_int_at (copy, "SELECT count(*) FROM projects WHERE name = 'kept'"), ==, 1);
  g_assert_finalize_object (store);
}

static void
test_migrate_from_v1 (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GantryProject) p = make_project ("new", "/src/new", FALSE);
  gint64 id;

  raw_exec (f->path, schema_v1);
  g_assert_cmpint (raw_int_at (f->path, "PRAGMA user_version"), ==, 1);

  store = gantry_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_false (gantry_store_was_created (store));
  g_assert_cmpint (gantry_store_get_schema_version (store), ==, GANTRY_STORE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int_at (f->path, "PRAGMA user_version"), ==, GANTRY_STORE_SCHEMA_VERSION);

  /* The old project is still there, whole. */
  list = gantry_store_list_projects (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (gantry_project_get_name (g_ptr_array_index (list, 0)), ==, "old");
  g_assert_cmpstr (gantry_project_get_main_packages (g_ptr_array_index (list, 0))[0], ==, ".");
  g_assert_true (gantry_project_get_uses_cgo (g_ptr_array_index (list, 0)));

  /* and the tables the later steps added work. */
  g_assert_true (gantry_store_add_project (store, p, &error));
  id = gantry_project_get_id (p);
  g_assert_true (gantry_store_transaction (store, insert_history, &id, &error));
  g_assert_no_error (error);
}

static void
test_failed_migration_rolls_back (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GantryStore *store;

  /* A stray 'recipes' table makes step 2 fail halfway through. */
  raw_exec (f->path, schema_v1);
  raw_exec (f->path, "CREATE TABLE recipes (stray INTEGER)");

  store = gantry_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_MIGRATION);
  g_assert_nonnull (strstr (error->message, "schema 1 to 2"));
  g_assert_nonnull (strstr (error->message, "left at schema 1"));

  g_assert_cmpint (raw_int_at (f->path, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (raw_int_at (f->path, "SELECT count(*) FROM sqlite_master WHERE name = 'targets'"), ==, 0);
  g_assert_cmpint (raw_int_at (f->path, "SELECT count(*) FROM projects"), ==, 1);
}

static void
assert_refused_untouched (const char *path,
                          GQuark      domain,
                          int         code,
                          const char *needle)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  gsize before_len = 0, after_len = 0;
  GantryStore *store;

  before = gantry_test_read_file (path, &before_len);

  store = gantry_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, domain, code);
  if (strstr (error->message, needle) == NULL)
    g_error ("'%s' not in '%s'", needle, error->message);
  g_assert_nonnull (strstr (error->message, "left as it is"));

  after = gantry_test_read_file (path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
}

static void
test_refuses_newer (Fixture       *f,
                    gconstpointer  data)
{
  raw_exec (f->path, "PRAGMA journal_mode = WAL; CREATE TABLE future (x); PRAGMA user_version = 99;");
  assert_refused_untouched (f->path, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_NEWER, "newer Gantry (schema 99");
}

static void
test_refuses_garbage (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GString *junk = g_string_new (NULL);

  for (guint i = 0; i < 8192; i++)
    g_string_append_c (junk, (char) g_test_rand_int_range (0, 256));
  g_file_set_contents (f->path, junk->str, junk->len, &error);
  g_assert_no_error (error);
  g_string_free (junk, TRUE);

  assert_refused_untouched (f->path, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_CORRUPT, "damaged");
}

/* A store whose projects fill several pages, all in gantry.db. */
static void
fill_with_projects (const char *path)
{
  g_autoptr(GError) error = NULL;
  GantryStore *store = gantry_store_open (path, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *name = g_strdup_printf ("p%03u", i);
      g_autofree char *dir = g_strdup_printf ("/src/%s/with/a/longer/path/to/fill/pages", name);
      g_autoptr(GantryProject) p = make_project (name, dir, i % 2);

      g_assert_true (gantry_store_add_project (store, p, &error));
    }
  g_assert_finalize_object (store);
  /* Closing leaves the log as it is: copy it into the main file first. */
  raw_exec (path, "PRAGMA wal_checkpoint(TRUNCATE)");
}

/* A store with many projects, then scribbled over in the middle of the
 * projects b-tree (the first page, with the schema, stays whole). */
static void
make_damaged_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  fill_with_projects (path);

  contents = gantry_test_read_file (path, &len);
  g_assert_cmpuint (len, >, 16384);
  for (gsize i = 4096 + 8; i < len - 4096; i += 7)
    contents[i] = (char) 0xA5;
  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
}

static void
test_refuses_damaged (Fixture       *f,
                      gconstpointer  data)
{
  make_damaged_store (f->path);
  assert_refused_untouched (f->path, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_CORRUPT, "damaged");
}

static gboolean
add_ghost_project (GantryStore  *store,
                   gpointer      data,
                   GError      **error)
{
  return _gantry_store_exec (store, "INSERT INTO projects (name, path, module, added_at) VALUES ('ghost', '/ghost', 'g', 0)", error);
}

static gboolean
add_toolchain_row (GantryStore  *store,
                   gpointer      data,
                   GError      **error)
{
  return _gantry_store_exec (store, "INSERT INTO toolchains (kind, version, path, origin, installed_at)"
                                    " VALUES ('zig', '0.11.0', '/opt/zig', 'detected', 0)", error);
}

/* Checked before the first write (the command line's way): the damage is
 * in one leaf page of the projects table, which opening and a write to
 * another table do not touch. The open succeeds, but the write waits
 * for the check and is refused, and the file is left byte for byte as
 * it was. */
static void
test_deferred_check_refuses_writes (Fixture       *f,
                                      gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  gsize before_len = 0, after_len = 0;
  GantryStore *store;
  sqlite3 *db = NULL;
  sqlite3_stmt *probe = NULL;
  g_autofree char *page_text = NULL;
  int page;

  fill_with_projects (f->path);

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  /* dbstat is a compile-time option (Debian's SQLite has it, others may not) */
  if (sqlite3_prepare_v2 (db, "SELECT 1 FROM dbstat LIMIT 1", -1, &probe, NULL) == SQLITE_OK)
    page_text = gantry_test_sql_text (db, "SELECT pageno FROM dbstat WHERE name = 'projects' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 2");
  sqlite3_finalize (probe);
  sqlite3_close (db);
  if (page_text == NULL)
    {
      g_test_skip ("skipped: this SQLite has no dbstat table to find a page of the projects table");
      return;
    }
  page = atoi (page_text);

  before = gantry_test_read_file (f->path, &before_len);
  g_assert_cmpuint (before_len, >=, (gsize) page * 4096);
  for (gsize i = (gsize) (page - 1) * 4096; i < (gsize) page * 4096; i += 3)
    before[i] = (char) 0xA5;
  g_assert_true (g_file_set_contents (f->path, before, before_len, &error));

  store = gantry_store_open_full (f->path, GANTRY_STORE_OPEN_CHECK_BEFORE_WRITING, &error);
  g_assert_no_error (error);
  g_assert_false (gantry_store_transaction (store, add_toolchain_row, NULL, &error));
  g_assert_error (error, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "damaged (integrity check"));
  g_assert_nonnull (strstr (error->message, "left as it is"));
  g_clear_error (&error);
  /* asked again, the same answer */
  g_assert_false (gantry_store_check (store, &error));
  g_assert_error (error, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_CORRUPT);
  g_assert_finalize_object (store);

  after = gantry_test_read_file (f->path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
}

/* A healthy store opened that way reads and writes as usual, whether or
 * not it was written to before being closed. */
static void
test_deferred_check_healthy (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryProject) p = make_project ("p", "/src/p", TRUE);
  g_autoptr(GPtrArray) list = NULL;
  GantryStore *store = gantry_store_open (f->path, &error);

  g_assert_no_error (error);
  g_assert_true (gantry_store_add_project (store, p, &error));
  g_assert_finalize_object (store);

  store = gantry_store_open_full (f->path, GANTRY_STORE_OPEN_CHECK_BEFORE_WRITING, &error);
  g_assert_no_error (error);
  g_assert_false (gantry_store_was_created (store));
  g_assert_cmpint (gantry_store_get_schema_version (store), ==, GANTRY_STORE_SCHEMA_VERSION);
  g_assert_finalize_object (store);

  store = gantry_store_open_full (f->path, GANTRY_STORE_OPEN_CHECK_BEFORE_WRITING, &error);
  g_assert_no_error (error);
  list = gantry_store_list_projects (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_true (gantry_store_transaction (store, add_ghost_project, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gantry_store_check (store, &error));
  g_assert_finalize_object (store);
  g_assert_cmpint (raw_int_at (f->path, "SELECT count(*) FROM projects"), ==, 2);
}

static void
test_refuses_foreign (Fixture       *f,
                      gconstpointer  data)
{
  raw_exec (f->path, "CREATE TABLE photos (id INTEGER PRIMARY KEY, blob BLOB)");
  assert_refused_untouched (f->path, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_CORRUPT, "did not make");
}

static void
copy_file (const char *from,
           const char *to)
{
  gsize len = 0;
  g_autofree char *data = gantry_test_read_file (from, &len);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (to, data, len, &error);
  g_assert_no_error (error);
}

/* The files a crash leaves: the main file plus a WAL (or a hot rollback
 * journal) that was never checkpointed. Opening must replay them. */
static void
test_recovers_after_crash (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryStore) store = gantry_store_open (f->path, &error);
  g_autofree char *crashed = g_build_filename (f->dir, "crashed.db", NULL);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *crashed_wal = g_strconcat (crashed, "-wal", NULL);
  g_autofree char *journal_db = g_build_filename (f->dir, "journal.db", NULL);
  g_autofree char *journal = g_strconcat (journal_db, "-journal", NULL);
  g_autofree char *hot_db = g_build_filename (f->dir, "hot.db", NULL);
  g_autofree char *hot_journal = g_strconcat (hot_db, "-journal", NULL);
  g_autoptr(GantryStore) reopened = NULL;
  g_autoptr(GPtrArray) list = NULL;
  sqlite3 *db = NULL;
  GantryStore *refused;

  g_assert_no_error (error);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("p%u", i);
      g_autofree char *path = g_strdup_printf ("/src/%u", i);
      g_autoptr(GantryProject) p = make_project (name, path, FALSE);

      g_assert_true (gantry_store_add_project (store, p, &error));
    }
  /* copy while the store is open: the commits are only in the WAL */
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  copy_file (f->path, crashed);
  copy_file (wal, crashed_wal);

  reopened = gantry_store_open (crashed, &error);
  g_assert_no_error (error);
  list = gantry_store_list_projects (reopened, &error);
  g_assert_cmpuint (list->len, ==, 5);

  /* A hot rollback journal (a writer killed while switching a new file
   * to WAL) cannot be replayed read-only; the open still succeeds. */
  g_assert_cmpint (sqlite3_open (journal_db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "PRAGMA cache_size = 1; PRAGMA journal_mode = DELETE;"
                                 "CREATE TABLE big (x); BEGIN;"
                                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
                                 " INSERT INTO big SELECT randomblob(200) FROM n;"
                                 "COMMIT; BEGIN; DELETE FROM big; UPDATE big SET x = 1;"
                                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
                                 " INSERT INTO big SELECT randomblob(300) FROM n;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (g_file_test (journal, G_FILE_TEST_EXISTS));
  copy_file (journal_db, hot_db);
  copy_file (journal, hot_journal);
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (db);

  /* It is not Gantry's file, so it is refused, but for that reason and
   * not for the journal. */
  refused = gantry_store_open (hot_db, &error);
  g_assert_null (refused);
  g_assert_error (error, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "did not make"));
}

static void
test_unreadable (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nowhere = g_build_filename (f->dir, "missing", "folder", "gantry.db", NULL);

  /* A folder where the file should be: root can't be locked out by
   * permissions, but this fails for everyone. */
  g_assert_cmpint (g_mkdir (f->path, 0755), ==, 0);
  g_assert_null (gantry_store_open (f->path, &error));
  g_assert_error (error, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "folder"));
  g_clear_error (&error);

  g_assert_null (gantry_store_open (nowhere, &error));
  g_assert_error (error, GANTRY_STORE_ERROR, GANTRY_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "GANTRY_DATA_DIR"));
  g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/core/store/create", test_create);
  ADD ("/core/store/projects", test_projects);
  ADD ("/core/store/cascade-and-rollback", test_cascade_and_rollback);
  ADD ("/core/store/relaxed-transaction", test_relaxed_transaction);
  ADD ("/core/store/checkpoint", test_checkpoint);
  ADD ("/core/store/migrate-from-v1", test_migrate_from_v1);
  ADD ("/core/store/failed-migration-rolls-back", test_failed_migration_rolls_back);
  ADD ("/core/store/refuses-newer", test_refuses_newer);
  ADD ("/core/store/refuses-garbage", test_refuses_garbage);
  ADD ("/core/store/refuses-damaged", test_refuses_damaged);
  ADD ("/core/store/deferred-check-refuses-writes", test_deferred_check_refuses_writes);
  ADD ("/core/store/deferred-check-healthy", test_deferred_check_healthy);
  ADD ("/core/store/refuses-foreign", test_refuses_foreign);
  ADD ("/core/store/recovers-after-crash", test_recovers_after_crash);
  ADD ("/core/store/unreadable", test_unreadable);

  return g_test_run ();
}

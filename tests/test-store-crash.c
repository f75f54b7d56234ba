/* test-store-crash.c — kill a writer with SIGKILL at random points; nothing committed is lost */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>

#include "gantry-store.h"
#include "gantry-test-util.h"

#define N_KILLS 60
#define KILLS_PER_FILE 10

static GPtrArray *
read_committed (GDataInputStream *lines,
                gboolean         *opened)
{
  GPtrArray *committed = g_ptr_array_new_with_free_func (g_free);
  char *line;

  *opened = FALSE;
  while ((line = g_data_input_stream_read_line (lines, NULL, NULL, NULL)) != NULL)
    {
      if (g_str_has_prefix (line, "committed "))
        g_ptr_array_add (committed, g_strdup_printf ("w%s", line + strlen ("committed ")));
      else if (g_str_equal (line, "opened"))
        *opened = TRUE;
      g_free (line);
    }

  return committed;
}

static void
test_sigkill_loop (void)
{
  g_autofree char *dir = gantry_test_make_tmpdir ("crash");
#ifdef G_OS_WIN32
  g_autofree char *writer = g_test_build_filename (G_TEST_BUILT, "store-writer.exe", NULL);
#else
  g_autofree char *writer = g_test_build_filename (G_TEST_BUILT, "store-writer", NULL);
#endif
  g_autofree char *db_path = NULL;
  guint total_commits = 0;
  guint kills_before_open = 0;
  guint kills_without_commit = 0;

  for (guint iter = 0; iter < N_KILLS; iter++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(GDataInputStream) lines = NULL;
      g_autofree char *started = NULL;
      g_autoptr(GPtrArray) committed = NULL;
      g_autofree char *first = g_strdup_printf ("%u", iter * 1000000u);
      g_autofree char *check = NULL;
      g_autofree char *torn = NULL;
      g_autoptr(GantryStore) store = NULL;
      gboolean opened = FALSE;
      sqlite3 *db = NULL;
      gulong delay_us;

      /* A fresh file every few kills, so kills also land while the
       * file is created and migrated. */
      if (iter % KILLS_PER_FILE == 0)
        {
          g_free (db_path);
          db_path = g_strdup_printf ("%s/crash-%u.db", dir, iter / KILLS_PER_FILE);
          delay_us = g_test_rand_int_range (0, 15000);
        }
      else
        delay_us = g_test_rand_int_range (1000, 150000);

      proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                               writer, db_path, first, NULL);
      g_assert_no_error (error);
      /* The delay counts from the writer's main(), not from the spawn:
       * starting a process takes a millisecond on Linux but most of a
       * second under wine, which would have every kill land before the
       * writer even opened the store. */
      lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
      started = g_data_input_stream_read_line (lines, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (started, ==, "started");
      g_usleep (delay_us);
      /* SIGKILL on Unix, TerminateProcess on Windows: no cleanup runs. */
      g_subprocess_force_exit (proc);
      g_subprocess_wait (proc, NULL, &error);
      g_assert_no_error (error);
#ifdef G_OS_WIN32
      /* a process ended by TerminateProcess "exits" with the code it
       * was given: GLib gives 1; the writer's own failures are 2 and 3 */
      g_assert_true (g_subprocess_get_if_exited (proc));
      g_assert_cmpint (g_subprocess_get_exit_status (proc), <=, 1);
#else
      g_assert_false (g_subprocess_get_if_exited (proc) && g_subprocess_get_exit_status (proc) != 0);
#endif

      committed = read_committed (lines, &opened);
      total_commits += committed->len;
      if (!opened)
        kills_before_open++;
      else if (committed->len == 0)
        kills_without_commit++;

      if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
        {
          g_assert_cmpuint (committed->len, ==, 0);
          continue;
        }

      /* What the next start of Gantry does: open (recovering the WAL)
       * and migrate if the kill came mid-migration. */
      store = gantry_store_open (db_path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (gantry_store_get_schema_version (store), ==, GANTRY_STORE_SCHEMA_VERSION);
      g_clear_object (&store);

      g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
      check = gantry_test_sql_text (db, "PRAGMA integrity_check");
      g_assert_cmpstr (check, ==, "ok");

      /* Every reported commit is there, whole. */
      for (guint i = 0; i < committed->len; i++)
        {
          g_autofree char *sql = g_strdup_printf (
            "SELECT count(r.id) FROM projects p JOIN runs r ON r.project_id = p.id WHERE p.name = '%s'",
            (char *) g_ptr_array_index (committed, i));
          g_autofree char *n = gantry_test_sql_text (db, sql);

          if (g_strcmp0 (n, "3") != 0)
            g_error ("iteration %u: committed %s has %s runs, expected 3",
                     iter, (char *) g_ptr_array_index (committed, i), n);
        }

      /* No transaction is half there. */
      torn = gantry_test_sql_text (db,
                          "SELECT count(*) FROM projects p"
                          " WHERE (SELECT count(*) FROM runs r WHERE r.project_id = p.id) != 3");
      g_assert_cmpstr (torn, ==, "0");
      sqlite3_close (db);
    }

  g_test_message ("SIGKILLed the writer %u times: %u commits reported and all found intact; "
                  "%u kills before the store was open, %u before the first commit",
                  N_KILLS, total_commits, kills_before_open, kills_without_commit);
  g_assert_cmpuint (total_commits, >, 0);

  gantry_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/store/crash/sigkill-loop", test_sigkill_loop);

  return g_test_run ();
}

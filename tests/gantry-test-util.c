/* gantry-test-util.c — helpers the tests share: temp folders, files, running gantry */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-test"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "gantry-paths.h"
#include "gantry-test-util.h"

char *
gantry_test_make_tmpdir (const char *name)
{
  g_autofree char *tmpl = g_strdup_printf ("gantry-%s-XXXXXX", name);
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  return dir;
}

void
gantry_test_write_file (const char *dir,
                        const char *relative,
                        const char *contents)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

char *
gantry_test_read_file (const char *path,
                       gsize      *len)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, len, &error);
  g_assert_no_error (error);
  return contents;
}

void
gantry_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;

  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          gantry_test_rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/* Runs $GANTRY_EXE with the given arguments, a private data folder and
 * no display or session bus: the verbs must never need either. */
int
gantry_test_run_gantry (const char  *data_dir,
                        char       **out,
                        char       **err,
                        ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_buf = NULL;
  g_autofree char *stderr_buf = NULL;
  const char *exe = g_getenv ("GANTRY_EXE");
  const char *arg;
  va_list args;

  g_assert_nonnull (exe);
  g_ptr_array_add (argv, (char *) exe);
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "GANTRY_DATA_DIR", data_dir, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);

  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &stdout_buf, &stderr_buf, &error);
  g_assert_no_error (error);

  if (out != NULL)
    *out = g_steal_pointer (&stdout_buf);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_buf);

  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

char *
gantry_test_find_program (const char *name)
{
  return g_find_program_in_path (name);
}

/* The first column of the first row as text, or NULL when no row. */
char *
gantry_test_sql_text (sqlite3    *db,
                      const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *out = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    out = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return out;
}

GantryStep *
gantry_test_child_step (const char *name,
                        const char *target,
                        const char *cwd,
                        const char *first_arg,
                        ...)
{
#ifdef G_OS_WIN32
  g_autofree char *built = g_test_build_filename (G_TEST_BUILT, "runner-child.exe", NULL);
#else
  g_autofree char *built = g_test_build_filename (G_TEST_BUILT, "runner-child", NULL);
#endif
  g_autofree char *program = g_canonicalize_filename (built, NULL);
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  GantryStep *step = g_new0 (GantryStep, 1);
  const char *arg;
  va_list args;

  /* steps run in @cwd: the child's path must not be relative */
#ifdef G_OS_WIN32
  /* nor relative to a drive: under wine the build folder comes as
   * /work/..., which is \work\... on the test's drive (Z:) but on C:
   * for a step in the temp folder, where the child looks for itself */
  if (G_IS_DIR_SEPARATOR (program[0]) && !G_IS_DIR_SEPARATOR (program[1]))
    {
      g_autofree char *here = g_get_current_dir ();

      if (g_ascii_isalpha (here[0]) && here[1] == ':')
        {
          char *full = g_strdup_printf ("%c:%s", here[0], program);

          g_free (program);
          program = full;
        }
    }
#endif
  g_strv_builder_add (argv, program);
  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_strv_builder_add (argv, arg);
  va_end (args);

  step->argv = g_strv_builder_end (argv);
  step->name = g_strdup (name);
  step->target = g_strdup (target);
  step->cwd = g_strdup (cwd);
  return step;
}

GantryStep *
gantry_test_skipped_step (const char *name,
                          const char *target,
                          const char *cwd,
                          const char *reason)
{
  GantryStep *step = g_new0 (GantryStep, 1);

  step->name = g_strdup (name);
  step->target = g_strdup (target);
  step->cwd = g_strdup (cwd);
  step->reason = g_strdup (reason);
  return step;
}

GantryCompareRow *
gantry_test_compare_row (GListModel *rows,
                         const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GantryCompareRow) row = g_list_model_get_item (rows, i);

      if (g_str_equal (gantry_compare_row_get_name (row), name))
        return g_steal_pointer (&row);
    }
  g_error ("no comparison row '%s'", name);
}

/* @text with its continued lines joined, as each shell reads them
 * (bash \, PowerShell `, cmd ^): one line per command. */
char *
gantry_test_unfold (const char *text)
{
  const char *continuations[] = { " \\\n    ", " `\n    ", " ^\n    " };
  char *out = g_strdup (text);

  for (guint i = 0; i < G_N_ELEMENTS (continuations); i++)
    {
      g_auto(GStrv) parts = g_strsplit (out, continuations[i], -1);

      g_free (out);
      out = g_strjoinv (" ", parts);
    }
  return out;
}

gboolean
gantry_test_process_is_alive (guint64 pid)
{
#ifdef __linux__
  g_autofree char *path = g_strdup_printf ("/proc/%" G_GUINT64_FORMAT "/stat", pid);
  g_autofree char *stat = NULL;
  const char *close_paren;

  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return FALSE;
  close_paren = strrchr (stat, ')');
  /* a zombie has ended; it only waits to be reaped */
  return close_paren != NULL && close_paren[2] != 'Z' && close_paren[2] != 'X';
#else
  return gantry_process_is_alive ((gulong) pid);
#endif
}

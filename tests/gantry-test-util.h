/* gantry-test-util.h — helpers the tests share: temp folders, files, running gantry */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "gantry-compare-model.h"
#include "gantry-plan.h"

G_BEGIN_DECLS

char     *gantry_test_make_tmpdir  (const char  *name);
void      gantry_test_write_file   (const char  *dir,
                                    const char  *relative,
                                    const char  *contents);
void      gantry_test_rm_rf        (const char  *path);
char     *gantry_test_read_file    (const char  *path,
                                    gsize       *len);
int       gantry_test_run_gantry   (const char  *data_dir,
                                    char       **out,
                                    char       **err,
                                    ...) G_GNUC_NULL_TERMINATED;
char     *gantry_test_find_program (const char  *name);
char     *gantry_test_unfold       (const char  *text);
char     *gantry_test_sql_text     (sqlite3     *db,
                                    const char  *sql);

/* A plan step named @name that runs tests/runner-child with the
 * arguments (from the test's build folder, whatever @cwd is), and one
 * that cannot build for @reason. */
GantryStep *gantry_test_child_step   (const char  *name,
                                      const char  *target,
                                      const char  *cwd,
                                      const char  *first_arg,
                                      ...) G_GNUC_NULL_TERMINATED;
GantryStep *gantry_test_skipped_step (const char  *name,
                                      const char  *target,
                                      const char  *cwd,
                                      const char  *reason);

/* Whether process @pid still runs: a zombie (ended, waiting to be
 * reaped) counts as ended. Linux reads /proc; Windows asks the system. */
gboolean  gantry_test_process_is_alive (guint64 pid);

/* The comparison row named @name ("Linking", "This machine"), a new
 * reference; the test ends when there is none. */
GantryCompareRow *gantry_test_compare_row (GListModel *rows,
                                           const char *name);

G_END_DECLS

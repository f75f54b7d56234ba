/* gantry-test-util.h — helpers the tests share: temp folders, files, running gantry */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

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
char     *gantry_test_sql_text     (sqlite3     *db,
                                    const char  *sql);

G_END_DECLS

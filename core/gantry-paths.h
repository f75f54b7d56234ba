/* gantry-paths.h — where Gantry keeps its data on this machine */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *gantry_paths_get_data_dir   (void);
char     *gantry_paths_get_store_path (void);
gboolean  gantry_paths_ensure_dir     (const char  *path,
                                       GError     **error);

/* This process, and whether another process of this machine still runs:
 * what records a run or a staging folder belongs to. */
gulong    gantry_process_get_id       (void);
gboolean  gantry_process_is_alive     (gulong       pid);

G_END_DECLS

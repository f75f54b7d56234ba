/* gantry-store-private.h — SQLite access for the core units that own tables */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "gantry-store.h"

G_BEGIN_DECLS

/* Each core unit writes its own tables through these, always inside
 * gantry_store_transaction() so writes are BEGIN IMMEDIATE. */
sqlite3  *_gantry_store_get_db     (GantryStore  *self);
gboolean  _gantry_store_exec       (GantryStore  *self,
                                    const char   *sql,
                                    GError      **error);
void      _gantry_store_set_error  (GantryStore  *self,
                                    GError      **error,
                                    const char   *what);
gint64    _gantry_store_now        (void);

G_END_DECLS

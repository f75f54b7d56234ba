/* gantry-store.h — the SQLite file that holds projects, recipes, toolchains and runs */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "gantry-project.h"

G_BEGIN_DECLS

#define GANTRY_STORE_ERROR (gantry_store_error_quark ())

typedef enum
{
  GANTRY_STORE_ERROR_OPEN = 1,   /* cannot open or create the file */
  GANTRY_STORE_ERROR_NEWER,      /* written by a newer Gantry */
  GANTRY_STORE_ERROR_CORRUPT,    /* not a database, or damaged */
  GANTRY_STORE_ERROR_MIGRATION,  /* an upgrade step failed (rolled back) */
  GANTRY_STORE_ERROR_DUPLICATE,  /* a unique name or path is taken */
  GANTRY_STORE_ERROR_NOT_FOUND,
  GANTRY_STORE_ERROR_FAILED,     /* any other SQLite failure */
} GantryStoreError;

GQuark gantry_store_error_quark (void);

/* The schema version this build writes; see the migrations in gantry-store.c. */
#define GANTRY_STORE_SCHEMA_VERSION 5

#define GANTRY_TYPE_STORE (gantry_store_get_type ())
G_DECLARE_FINAL_TYPE (GantryStore, gantry_store, GANTRY, STORE, GObject)

typedef gboolean (*GantryStoreFunc) (GantryStore  *store,
                                     gpointer      user_data,
                                     GError      **error);

typedef enum
{
  GANTRY_STORE_OPEN_DEFAULT = 0,
  GANTRY_STORE_OPEN_CHECK_BEFORE_WRITING = 1 << 0,  /* the integrity check waits for the first write */
} GantryStoreOpenFlags;

GantryStore   *gantry_store_open                (const char       *path,
                                                 GError          **error);
GantryStore   *gantry_store_open_full           (const char       *path,
                                                 GantryStoreOpenFlags flags,
                                                 GError          **error);
GantryStore   *gantry_store_open_default        (GantryStoreOpenFlags flags,
                                                 GError          **error);
const char    *gantry_store_get_path            (GantryStore      *self);
int            gantry_store_get_schema_version  (GantryStore      *self);
gboolean       gantry_store_was_created         (GantryStore      *self);
gboolean       gantry_store_check               (GantryStore      *self,
                                                 GError          **error);
gboolean       gantry_store_checkpoint          (GantryStore      *self,
                                                 gboolean          wait,
                                                 GError          **error);
gboolean       gantry_store_transaction         (GantryStore      *self,
                                                 GantryStoreFunc   func,
                                                 gpointer          user_data,
                                                 GError          **error);
gboolean       gantry_store_transaction_relaxed (GantryStore      *self,
                                                 GantryStoreFunc   func,
                                                 gpointer          user_data,
                                                 GError          **error);

gboolean       gantry_store_add_project         (GantryStore      *self,
                                                 GantryProject    *project,
                                                 GError          **error);
GPtrArray     *gantry_store_list_projects       (GantryStore      *self,
                                                 GError          **error);
GantryProject *gantry_store_find_project        (GantryStore      *self,
                                                 const char       *name,
                                                 GError          **error);
gboolean       gantry_store_remove_project      (GantryStore      *self,
                                                 const char       *name,
                                                 GError          **error);

G_END_DECLS

/* gantry-project.h — a Go project as Gantry sees it: module, go version, mains, cgo */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GANTRY_PROJECT_ERROR (gantry_project_error_quark ())

typedef enum
{
  GANTRY_PROJECT_ERROR_NO_FOLDER = 1,
  GANTRY_PROJECT_ERROR_NOT_A_MODULE,
  GANTRY_PROJECT_ERROR_BAD_GOMOD,
} GantryProjectError;

GQuark gantry_project_error_quark (void);

/* What go.mod says, parsed without the go command. */
typedef struct
{
  char *module;      /* module path, unquoted */
  char *go_version;  /* "1.21" or NULL when there is no go line */
  char *toolchain;   /* "go1.21.3" or NULL */
} GantryGoMod;

void      gantry_go_mod_clear         (GantryGoMod  *mod);
gboolean  gantry_go_mod_parse         (const char   *text,
                                       gssize        len,
                                       GantryGoMod  *mod,
                                       GError      **error);

/* Go source scanning: comments and string literals are skipped. */
char     *gantry_go_source_package    (const char   *text,
                                       gssize        len);
gboolean  gantry_go_source_uses_cgo   (const char   *text,
                                       gssize        len);
gboolean  gantry_go_source_is_ignored (const char   *text,
                                       gssize        len);
/* "./sub N" per folder of the module whose N files use cgo: a guess
 * from the files alone (no dependencies, no build constraints). */
char    **gantry_go_scan_cgo_folders  (const char   *folder);

#define GANTRY_TYPE_PROJECT (gantry_project_get_type ())
G_DECLARE_FINAL_TYPE (GantryProject, gantry_project, GANTRY, PROJECT, GObject)

GantryProject       *gantry_project_load              (const char     *folder,
                                                       GError        **error);
gint64               gantry_project_get_id            (GantryProject  *self);
void                 gantry_project_set_id            (GantryProject  *self,
                                                       gint64          id);
const char          *gantry_project_get_name          (GantryProject  *self);
void                 gantry_project_set_name         (GantryProject  *self,
                                                       const char     *name);
const char          *gantry_project_get_path          (GantryProject  *self);
const char          *gantry_project_get_module        (GantryProject  *self);
const char          *gantry_project_get_go_version    (GantryProject  *self);
const char          *gantry_project_get_toolchain     (GantryProject  *self);
/* On load: TRUE when the build graph of linux/amd64 or windows/amd64
 * (the go command's answer, cached) needs cgo; the file scan when go
 * is missing (then gantry_project_get_cgo_is_guess () is TRUE). */
gboolean             gantry_project_get_uses_cgo      (GantryProject  *self);
gboolean             gantry_project_get_cgo_is_guess  (GantryProject  *self);
/* "uses cgo through github.com/x/y (3 C files)"; NULL for a project
 * read from the store (ask gantry_go_graph_read ()). */
const char          *gantry_project_get_cgo_summary   (GantryProject  *self);
const char * const  *gantry_project_get_main_packages (GantryProject  *self);
gint64               gantry_project_get_added_at      (GantryProject  *self);

G_END_DECLS

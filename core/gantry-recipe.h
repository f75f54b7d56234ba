/* gantry-recipe.h — what to release for a project: options and the list of targets */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "gantry-go-graph.h"
#include "gantry-project.h"
#include "gantry-store.h"
#include "gantry-target.h"

G_BEGIN_DECLS

/* The version of the gantry.json format this build reads and writes. */
/* 1: one "main_package"; 2: "main_packages", a list (written only when
 * there are several, so a recipe of one program stays readable by any
 * Gantry). Both are read. */
#define GANTRY_RECIPE_FORMAT 2

#define GANTRY_TYPE_RECIPE (gantry_recipe_get_type ())
G_DECLARE_FINAL_TYPE (GantryRecipe, gantry_recipe, GANTRY, RECIPE, GObject)

GantryRecipe *gantry_recipe_new              (void);
GantryRecipe *gantry_recipe_new_detected     (GantryProject  *project);
GantryRecipe *gantry_recipe_copy             (GantryRecipe   *self);
/* Replaces @self's "verify" settings (run_args, expect_output, images,
 * containers, ship_dlls, reproducible) with @from's. */
void          gantry_recipe_copy_verify_settings (GantryRecipe *self,
                                                  GantryRecipe *from);
GListModel   *gantry_recipe_get_targets      (GantryRecipe   *self);
void          gantry_recipe_clear_targets    (GantryRecipe   *self);
void          gantry_recipe_add_target       (GantryRecipe   *self,
                                              GantryTarget   *target);
gboolean      gantry_recipe_validate         (GantryRecipe   *self,
                                              GError        **error);

/* The stored target a --target spec stands for: the same key, or, when
 * the spec names no libc, the same os/arch/arm and link mode. NULL for
 * a target the recipe does not have. */
GantryTarget *gantry_recipe_match_target     (GantryRecipe   *self,
                                              GantryTarget   *spec);
/* @target's build graph (every main package of the recipe, the recipe's and
 * the target's tags), from the go command or its cache. */
GantryGoGraph *gantry_recipe_read_graph      (GantryRecipe   *self,
                                              GantryProject  *project,
                                              GantryTarget   *target,
                                              const char     *go,
                                              GCancellable   *cancellable);
/* NULL when @target may be built as set; otherwise why not and the
 * fix: cgo set off while @graph needs it (a guess is not refused). */
char         *gantry_recipe_check_cgo        (GantryTarget   *target,
                                              GantryGoGraph  *graph);

char         *gantry_recipe_to_json          (GantryRecipe   *self);
GantryRecipe *gantry_recipe_new_from_json    (const char     *json,
                                              gssize          len,
                                              GError        **error);
gboolean      gantry_recipe_export_file      (GantryRecipe   *self,
                                              const char     *path,
                                              GError        **error);
GantryRecipe *gantry_recipe_import_file      (const char     *path,
                                              GError        **error);

gboolean      gantry_recipe_save             (GantryRecipe   *self,
                                              GantryStore    *store,
                                              gint64          project_id,
                                              GError        **error);
GantryRecipe *gantry_recipe_load             (GantryStore    *store,
                                              gint64          project_id,
                                              GError        **error);
/* The project's current recipe; when it has none yet, the one detected
 * from the project (saved as revision 1 with @save_if_new). Any other
 * error (the store) is reported, not papered over with a detected one. */
GantryRecipe *gantry_recipe_load_or_detect   (GantryStore    *store,
                                              GantryProject  *project,
                                              gboolean        save_if_new,
                                              GError        **error);

gint64        gantry_recipe_get_revision     (GantryRecipe   *self);
const char   *gantry_recipe_get_main_package (GantryRecipe   *self);
void          gantry_recipe_set_main_package (GantryRecipe   *self,
                                              const char     *value);
/* The programs released: every main package chosen, in order (never
 * NULL or empty: "." when none was named). The single-value accessors
 * above read and set the first / only one. */
const char * const *gantry_recipe_get_main_packages (GantryRecipe       *self);
void                gantry_recipe_set_main_packages (GantryRecipe       *self,
                                                     const char * const *mains);
/* The file name (without .exe) of the program built from @main_package. */
char         *gantry_recipe_get_program_name (GantryRecipe   *self,
                                              const char     *main_package);
const char   *gantry_recipe_get_binary_name  (GantryRecipe   *self);
void          gantry_recipe_set_binary_name  (GantryRecipe   *self,
                                              const char     *value);
const char   *gantry_recipe_get_version      (GantryRecipe   *self);
void          gantry_recipe_set_version      (GantryRecipe   *self,
                                              const char     *value);
const char   *gantry_recipe_get_version_var  (GantryRecipe   *self);
void          gantry_recipe_set_version_var  (GantryRecipe   *self,
                                              const char     *value);
gboolean      gantry_recipe_get_trimpath     (GantryRecipe   *self);
void          gantry_recipe_set_trimpath     (GantryRecipe   *self,
                                              gboolean        value);
const char   *gantry_recipe_get_tags         (GantryRecipe   *self);
void          gantry_recipe_set_tags         (GantryRecipe   *self,
                                              const char     *value);
const char   *gantry_recipe_get_ldflags      (GantryRecipe   *self);
void          gantry_recipe_set_ldflags      (GantryRecipe   *self,
                                              const char     *value);
const char   *gantry_recipe_get_dist_dir     (GantryRecipe   *self);
void          gantry_recipe_set_dist_dir     (GantryRecipe   *self,
                                              const char     *value);
/* What a target no compiler here can build does to a release:
 * FALSE ("unbuildable": "skip", the default) leaves it out and builds
 * the others; TRUE ("block") stops the release before it starts. */
gboolean      gantry_recipe_get_block_unbuildable (GantryRecipe *self);
void          gantry_recipe_set_block_unbuildable (GantryRecipe *self,
                                                   gboolean      block);

/* How builds are verified (see gantry-verify.h); part of gantry.json's "verify". */
const char * const *gantry_recipe_get_verify_run_args       (GantryRecipe       *self);
void                gantry_recipe_set_verify_run_args       (GantryRecipe       *self,
                                                             const char * const *args);
const char         *gantry_recipe_get_verify_expect_output  (GantryRecipe       *self);
/* verify.programs: how one program of several is run when the recipe's
 * run_args and expect_output do not fit it. @program is a main package
 * ("./cmd/server") or the program's file name without ".exe" ("server").
 * FALSE when it has no settings of its own; a NULL out value: the
 * recipe's. */
gboolean            gantry_recipe_get_program_verify        (GantryRecipe         *self,
                                                             const char           *program,
                                                             const char * const  **out_run_args,
                                                             const char          **out_expect_output);
/* NULL and NULL forget the program's own settings. */
void                gantry_recipe_set_program_verify        (GantryRecipe         *self,
                                                             const char           *main_package,
                                                             const char * const   *run_args,
                                                             const char           *expect_output);
void                gantry_recipe_set_verify_expect_output  (GantryRecipe       *self,
                                                             const char         *regex);
const char * const *gantry_recipe_get_verify_images         (GantryRecipe       *self);
void                gantry_recipe_set_verify_images         (GantryRecipe       *self,
                                                             const char * const *images);
const char * const *gantry_recipe_get_ship_dlls             (GantryRecipe       *self);
void                gantry_recipe_set_ship_dlls             (GantryRecipe       *self,
                                                             const char * const *dlls);
gboolean            gantry_recipe_get_verify_reproducible   (GantryRecipe       *self);
void                gantry_recipe_set_verify_reproducible   (GantryRecipe       *self,
                                                             gboolean            reproducible);
/* FALSE: Linux builds are not run in containers at all ("containers": false). */
gboolean            gantry_recipe_get_verify_containers     (GantryRecipe       *self);
void                gantry_recipe_set_verify_containers     (GantryRecipe       *self,
                                                             gboolean            containers);

/* A container image reference as Docker and Podman take it:
 * [registry[:port]/]name[/name…][:tag][@sha256:hex]. FALSE with
 * GANTRY_RECIPE_ERROR_INVALID naming what is wrong, e.g. "'Alpine:3.19':
 * image names are lowercase; write alpine:3.19". */
gboolean            gantry_recipe_check_image_name          (const char         *image,
                                                             GError            **error);

G_END_DECLS

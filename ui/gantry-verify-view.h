/* gantry-verify-view.h — where each build is checked: the settings (container images, engine), and the runs-on matrix */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "gantry-project.h"
#include "gantry-store.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_VERIFY_VIEW (gantry_verify_view_get_type ())
G_DECLARE_FINAL_TYPE (GantryVerifyView, gantry_verify_view, GANTRY, VERIFY_VIEW, GtkWidget)

/* The verification settings of @project's recipe; each change is saved
 * as a new revision at once and "saved" is emitted. NULL: nothing to edit.
 * Looks for a container engine the first time. */
void        gantry_verify_view_set_project (GantryVerifyView *self,
                                            GantryStore      *store,
                                            GantryProject    *project);
/* GtkStringObject: the container images as shown. */
GListModel *gantry_verify_view_get_images (GantryVerifyView *self);
/* Why the last change was not saved, or NULL. */
const char *gantry_verify_view_get_problem (GantryVerifyView *self);

/* No matrix: "not verified yet". */
void        gantry_verify_view_clear      (GantryVerifyView *self);
/* "Verifying…", and looks for a container engine the first time. */
void        gantry_verify_view_started    (GantryVerifyView *self);
/* @matrix holds GantryVerdict*; NULL with @error when checks could not be made. */
void        gantry_verify_view_finished   (GantryVerifyView *self,
                                           GPtrArray        *matrix,
                                           const GError     *error);
GListModel *gantry_verify_view_get_rows   (GantryVerifyView *self);
const char *gantry_verify_view_get_summary (GantryVerifyView *self);
const char *gantry_verify_view_get_engine (GantryVerifyView *self);
/* TRUE while the engine is being looked for. */
gboolean    gantry_verify_view_get_busy   (GantryVerifyView *self);

/* The Targets page saved @recipe: show its verification settings. */
void        gantry_verify_view_show_recipe (GantryVerifyView *self,
                                            GantryRecipe     *recipe);

G_END_DECLS

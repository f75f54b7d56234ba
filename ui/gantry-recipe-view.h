/* gantry-recipe-view.h — the recipe as a target matrix; every change is saved as it is made */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "gantry-export.h"
#include "gantry-plan.h"
#include "gantry-recipe.h"
#include "gantry-store.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_RECIPE_VIEW (gantry_recipe_view_get_type ())
G_DECLARE_FINAL_TYPE (GantryRecipeView, gantry_recipe_view, GANTRY, RECIPE_VIEW, GtkWidget)

void          gantry_recipe_view_set_project (GantryRecipeView      *self,
                                              GantryStore           *store,
                                              GantryProject         *project);
GantryRecipe *gantry_recipe_view_get_recipe  (GantryRecipeView      *self);
GListModel   *gantry_recipe_view_get_rows    (GantryRecipeView      *self);
const char   *gantry_recipe_view_get_problem (GantryRecipeView      *self);
void          gantry_recipe_view_set_notes   (GantryRecipeView      *self,
                                              const GantryPlanInput *inputs,
                                              guint                  n_inputs);
gboolean      gantry_recipe_view_import_file (GantryRecipeView      *self,
                                              GFile                 *file,
                                              GError               **error);
gboolean      gantry_recipe_view_export_file (GantryRecipeView      *self,
                                              GFile                 *file,
                                              GError               **error);
/* Writes the recipe on screen as @kind to @file: gantry.json at once,
 * a GoReleaser config or a GitHub Actions workflow in the background
 * (it finds this machine's compilers); the label under the buttons
 * says when it is written, the problem banner why not. */
void          gantry_recipe_view_export_as   (GantryRecipeView      *self,
                                              GantryExportKind       kind,
                                              GFile                 *file);
gboolean      gantry_recipe_view_get_exporting (GantryRecipeView    *self);

/* The verification page saved @recipe: its "verify" settings go into
 * what this view saves next, without touching an edit still pending. */
void          gantry_recipe_view_take_verify_settings (GantryRecipeView *self,
                                                       GantryRecipe     *recipe);

G_END_DECLS

/* gantry-recipe-view.h — the recipe as a target matrix; every change is saved as it is made */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

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

/* The verification page saved @recipe: its "verify" settings go into
 * what this view saves next, without touching an edit still pending. */
void          gantry_recipe_view_take_verify_settings (GantryRecipeView *self,
                                                       GantryRecipe     *recipe);

G_END_DECLS

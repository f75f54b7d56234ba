/* gantry-compare-view.h — static vs dynamic: two builds side by side, differences highlighted */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "gantry-build.h"
#include "gantry-compare-model.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_COMPARE_VIEW (gantry_compare_view_get_type ())
G_DECLARE_FINAL_TYPE (GantryCompareView, gantry_compare_view, GANTRY, COMPARE_VIEW, GtkWidget)

/* Offers every GantryCompareChoice of @choices (a reference is kept:
 * leave the array as it is afterwards)
 * in two dropdowns, the pair gantry_compare_pick_choices() chooses
 * selected; FALSE, and the page says there is nothing to compare, when
 * there are fewer than two (or @choices is NULL). Forgets the verdicts
 * shown before. */
gboolean    gantry_compare_view_set_choices  (GantryCompareView *self,
                                              GPtrArray         *choices);
/* @choice (taken) offered too, and selected on the right: a file the
 * user picked with Inspect file…. FALSE while fewer than two. */
gboolean    gantry_compare_view_add_choice   (GantryCompareView   *self,
                                              GantryCompareChoice *choice);
guint       gantry_compare_view_get_n_choices (GantryCompareView  *self);
/* The binaries @build made (NULL: none), as gantry_compare_view_set_choices()
 * shows them. */
gboolean    gantry_compare_view_set_build    (GantryCompareView *self,
                                              GantryBuild       *build);
/* The build's verification (GantryVerdict*), for where the two ran;
 * NULL: not verified. */
void        gantry_compare_view_set_verdicts (GantryCompareView *self,
                                              GPtrArray         *matrix);
/* GantryCompareRow: the facts of the two, and where they ran. */
GListModel *gantry_compare_view_get_rows     (GantryCompareView *self);
GListModel *gantry_compare_view_get_runs_on  (GantryCompareView *self);
/* The sentence above the tables: what each needs, and where it passed. */
const char *gantry_compare_view_get_conclusion (GantryCompareView *self);

G_END_DECLS

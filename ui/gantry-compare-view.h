/* gantry-compare-view.h — static vs dynamic: two builds side by side, differences highlighted */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "gantry-build.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_COMPARE_VIEW (gantry_compare_view_get_type ())
G_DECLARE_FINAL_TYPE (GantryCompareView, gantry_compare_view, GANTRY, COMPARE_VIEW, GtkWidget)

/* Offers every binary @build made in two dropdowns, the pair
 * gantry_compare_pick() chooses selected; FALSE when there is none.
 * Forgets the verdicts of the build before. */
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

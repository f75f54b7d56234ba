/* gantry-compare-view.h — static vs dynamic: two builds side by side, differences highlighted */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "gantry-build.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_COMPARE_VIEW (gantry_compare_view_get_type ())
G_DECLARE_FINAL_TYPE (GantryCompareView, gantry_compare_view, GANTRY, COMPARE_VIEW, GtkWidget)

/* Shows the pair gantry_compare_pick() chooses; FALSE when there is none. */
gboolean    gantry_compare_view_set_build (GantryCompareView *self,
                                           GantryBuild       *build);
GListModel *gantry_compare_view_get_rows  (GantryCompareView *self);

G_END_DECLS

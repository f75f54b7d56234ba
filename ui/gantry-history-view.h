/* gantry-history-view.h — a project's past runs: when, how long, how it ended */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "gantry-store.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_HISTORY_VIEW (gantry_history_view_get_type ())
G_DECLARE_FINAL_TYPE (GantryHistoryView, gantry_history_view, GANTRY, HISTORY_VIEW, GtkWidget)

/* Shows the runs of @project_id (0 with a NULL @store: none). */
void        gantry_history_view_set_project (GantryHistoryView *self,
                                             GantryStore       *store,
                                             gint64             project_id);
/* Reads the store again, after a run. */
void        gantry_history_view_reload      (GantryHistoryView *self);
GListModel *gantry_history_view_get_rows    (GantryHistoryView *self);

G_END_DECLS

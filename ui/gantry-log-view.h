/* gantry-log-view.h — a run's output lines, live: follows the end unless scrolled up, errors marked, searchable */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GANTRY_TYPE_LOG_VIEW (gantry_log_view_get_type ())
G_DECLARE_FINAL_TYPE (GantryLogView, gantry_log_view, GANTRY, LOG_VIEW, GtkWidget)

void        gantry_log_view_set_log      (GantryLogView *self,
                                          GListModel    *lines);
void        gantry_log_view_set_search   (GantryLogView *self,
                                          const char    *text);
GListModel *gantry_log_view_get_shown    (GantryLogView *self);
gboolean    gantry_log_view_get_follows  (GantryLogView *self);

G_END_DECLS

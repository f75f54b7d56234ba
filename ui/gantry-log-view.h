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
/* Shows only @target's lines (NULL: every target's), as the target
 * choice does; FALSE when no line of @target was seen. */
gboolean    gantry_log_view_set_target   (GantryLogView *self,
                                          const char    *target);
/* The targets the choice offers, in the order their first lines came. */
GListModel *gantry_log_view_get_targets  (GantryLogView *self);
GListModel *gantry_log_view_get_shown    (GantryLogView *self);
gboolean    gantry_log_view_get_follows  (GantryLogView *self);
/* Writes every line (not only the searched ones) to @file in the
 * background, and says so beside the Save button; what the Save dialog
 * calls. A failure is emitted as "failed" (message), for the window's
 * banner. Nothing happens while a save runs. */
void        gantry_log_view_save         (GantryLogView  *self,
                                          GFile          *file);
gboolean    gantry_log_view_get_saving   (GantryLogView  *self);
/* "Saving…", then "Saved to …" after a save, else "". */
const char *gantry_log_view_get_save_status (GantryLogView *self);

G_END_DECLS

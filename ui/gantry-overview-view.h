/* gantry-overview-view.h — All projects: every project's targets as a grid, each with its last verdict and age */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "gantry-store.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_OVERVIEW_VIEW (gantry_overview_view_get_type ())
G_DECLARE_FINAL_TYPE (GantryOverviewView, gantry_overview_view, GANTRY, OVERVIEW_VIEW, GtkWidget)

/* Signal "open-run" (const char *project_name, gint64 run_id): a cell
 * was clicked; @run_id is the run that gave its verdict, 0 for a target
 * never built (or a project with no targets): show the project.
 *
 * Buttons: "Release all" activates win.release-all; while progress is
 * set, Cancel activates project.cancel in its place. */

/* Reads every project's status from @store in a worker
 * (gantry_status_read), then shows the grid. NULL: empty. */
void        gantry_overview_view_set_store    (GantryOverviewView *self,
                                               GantryStore        *store);
/* Reads the store again (after a release ended). Cancels a read still going. */
void        gantry_overview_view_reload       (GantryOverviewView *self);
/* While "Release all" runs: one line such as "Releasing tool (2 of 3)…",
 * shown under the title, and the Release all button is replaced by a
 * Cancel button; NULL when idle. */
void        gantry_overview_view_set_progress (GantryOverviewView *self,
                                               const char         *text);
/* TRUE while a read is going (tests wait on it). */
gboolean    gantry_overview_view_get_loading  (GantryOverviewView *self);
/* What the grid shows, one GtkStringObject a cell, in the order shown:
 * "project|target|label|age|run_id", e.g.
 * "tool|linux/amd64|Released|3 min ago|12"; a never-built target is
 * "tool|windows/arm64|Never built||0". The age is as of the last read.
 * Empty while nothing is shown; replaced as a whole on each read. */
GListModel *gantry_overview_view_get_cells    (GantryOverviewView *self);

G_END_DECLS

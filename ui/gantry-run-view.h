/* gantry-run-view.h — a build's targets: state, step and elapsed time while it runs, the artifacts and where they ran after */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "gantry-build.h"
#include "gantry-pipeline.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_RUN_VIEW (gantry_run_view_get_type ())
G_DECLARE_FINAL_TYPE (GantryRunView, gantry_run_view, GANTRY, RUN_VIEW, GtkWidget)

void        gantry_run_view_set_build  (GantryRunView *self,
                                        GantryBuild   *build);
void        gantry_run_view_started    (GantryRunView *self);
void        gantry_run_view_finished   (GantryRunView *self,
                                        const GError  *error);
/* The live build's verification: started, then its matrix
 * (GantryVerdict*) or why there is none, for the Runs on column. */
void        gantry_run_view_verifying  (GantryRunView *self);
void        gantry_run_view_concluded  (GantryRunView          *self,
                                        const GantryRunOutcome *outcome);
void        gantry_run_view_verified   (GantryRunView *self,
                                        GPtrArray     *matrix,
                                        const GError  *error);
GListModel *gantry_run_view_get_rows   (GantryRunView *self);
const char *gantry_run_view_get_summary (GantryRunView *self);
/* A recorded run (GantryRunRow items) in place of the live build,
 * until gantry_run_view_show_live(); the live build goes on behind it. */
void        gantry_run_view_show_past  (GantryRunView *self,
                                        GListModel    *rows,
                                        const char    *summary);
void        gantry_run_view_show_live  (GantryRunView *self);
gboolean    gantry_run_view_get_showing_past (GantryRunView *self);

G_END_DECLS

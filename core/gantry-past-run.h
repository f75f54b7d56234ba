/* gantry-past-run.h — a recorded run read back for the window: its targets, log and checks; saving a log */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "gantry-history.h"
#include "gantry-plan.h"
#include "gantry-store.h"

G_BEGIN_DECLS

/* A recorded run, everything the Results, Log and Checks pages show. */
#define GANTRY_TYPE_PAST_RUN (gantry_past_run_get_type ())
G_DECLARE_FINAL_TYPE (GantryPastRun, gantry_past_run, GANTRY, PAST_RUN, GObject)

/* G_IO_ERROR_NOT_FOUND naming @run_id when the store has no such run. */
GantryPastRun       *gantry_past_run_load         (GantryStore   *store,
                                                   gint64         run_id,
                                                   GError       **error);
const GantryRunInfo *gantry_past_run_get_info     (GantryPastRun *self);
/* GantryLogLine, step by step (no times: the store keeps none). */
GListModel          *gantry_past_run_get_lines    (GantryPastRun *self);
/* GantryRunRow, one per step, worded as the live rows are. */
GListModel          *gantry_past_run_get_rows     (GantryPastRun *self);
/* Its steps as they ran (argv, environment changes, folder), for the
 * Commands page; a step that ran no program says why in its reason.
 * The checks' commands are not recorded. */
GantryPlan          *gantry_past_run_get_plan     (GantryPastRun *self);
/* GantryVerdict* (gantry-verify.h), as gantry_verify_view_finished takes them. */
GPtrArray           *gantry_past_run_get_verdicts (GantryPastRun *self);
/* "Run #3 from 2026-11-26 09:40:12: ok · 2 of 2 steps ok · took 4.1 s" */
char                *gantry_past_run_dup_summary  (GantryPastRun *self);
/* "Showing run #3 from 2026-11-26 09:40:12 — the latest build is run #5
 * (ok, 2026-11-26 09:52:30)." @latest: the project's newest run, or NULL. */
char                *gantry_past_run_dup_banner   (GantryPastRun       *self,
                                                   const GantryRunInfo *latest);

/* "2026-11-26 09:40:12", local time, from Unix ms. */
char     *gantry_format_run_time (gint64        unix_ms);

/* "[linux/amd64] text" per GantryLogLine ("[-]" for a step of no target). */
char     *gantry_log_lines_to_text  (GListModel   *lines);
/* Writes gantry_log_lines_to_text() to @file in the background,
 * replacing it whole or not at all; the text is taken from @lines now,
 * on the caller's thread, which owns the model. */
void      gantry_log_lines_write_async  (GListModel          *lines,
                                         GFile               *file,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean  gantry_log_lines_write_finish (GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS

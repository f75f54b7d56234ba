/* gantry-runner.h — runs a plan's steps: targets in parallel, live lines, cancel kills the tree */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "gantry-plan.h"

G_BEGIN_DECLS

typedef enum
{
  GANTRY_STEP_PENDING,
  GANTRY_STEP_RUNNING,
  GANTRY_STEP_OK,
  GANTRY_STEP_FAILED,
  GANTRY_STEP_CANCELLED,
  GANTRY_STEP_SKIPPED,    /* not buildable: the plan says why */
} GantryStepState;

const char *gantry_step_state_to_string (GantryStepState state);

#define GANTRY_TYPE_LOG_LINE (gantry_log_line_get_type ())
G_DECLARE_FINAL_TYPE (GantryLogLine, gantry_log_line, GANTRY, LOG_LINE, GObject)

/* One output line of a step (@step: its index in the plan; @target NULL
 * for a step of no target), @time_us after the run started (0 when not
 * known). @text must be UTF-8. */
GantryLogLine *gantry_log_line_new (const char    *target,
                                    guint          step,
                                    const char    *text,
                                    gboolean       is_error,
                                    gint64         time_us);

/* A line that heads a step's output: the command that ran. */
GantryLogLine *gantry_log_line_new_header (const char    *target,
                                           guint          step,
                                           const char    *text,
                                           gint64         time_us);
/* "$ KEY=VALUE … program arg…" on one line, quoted as bash would (for
 * people: nothing runs it through a shell). Unsets are left out. */
char          *gantry_log_command_line    (const char * const *argv,
                                           const char * const *env);

const char *gantry_log_line_get_text    (GantryLogLine *self);
const char *gantry_log_line_get_target  (GantryLogLine *self);
guint       gantry_log_line_get_step    (GantryLogLine *self);
gboolean    gantry_log_line_get_is_error (GantryLogLine *self);
gboolean    gantry_log_line_get_is_header (GantryLogLine *self);
gint64      gantry_log_line_get_time    (GantryLogLine *self);
gboolean    gantry_log_text_is_error    (const char    *text);

#define GANTRY_TYPE_RUNNER (gantry_runner_get_type ())
G_DECLARE_FINAL_TYPE (GantryRunner, gantry_runner, GANTRY, RUNNER, GObject)

GantryRunner    *gantry_runner_new              (GantryPlan           *plan,
                                                 guint                 jobs);
GantryPlan      *gantry_runner_get_plan         (GantryRunner         *self);
GListModel      *gantry_runner_get_log          (GantryRunner         *self);
GantryStepState  gantry_runner_get_step_state   (GantryRunner         *self,
                                                 guint                 step);
int              gantry_runner_get_exit_status  (GantryRunner         *self,
                                                 guint                 step);
gint64           gantry_runner_get_duration_us  (GantryRunner         *self,
                                                 guint                 step);
char            *gantry_runner_get_step_log     (GantryRunner         *self,
                                                 guint                 step);
char            *gantry_runner_get_first_errors (GantryRunner         *self,
                                                 guint                 step,
                                                 guint                 max_lines);
/* The same from a step's whole log text (as the store keeps it): the first
 * @max_lines lines that look like errors, or the last lines when none does;
 * each line ends in "\n". */
char            *gantry_log_text_first_errors   (const char           *log,
                                                 guint                 max_lines);
void             gantry_runner_run_async        (GantryRunner         *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean         gantry_runner_run_finish       (GantryRunner         *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
gboolean         gantry_runner_run              (GantryRunner         *self,
                                                 GCancellable         *cancellable,
                                                 GError              **error);

G_END_DECLS

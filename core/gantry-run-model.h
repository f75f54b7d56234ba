/* gantry-run-model.h — list models the window shows: projects with their last run, a run's targets, a plan's steps */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "gantry-build.h"
#include "gantry-pipeline.h"
#include "gantry-plan.h"
#include "gantry-runner.h"
#include "gantry-store.h"
#include "gantry-verify.h"

G_BEGIN_DECLS

/* A project with its last run's state.
 * Properties: project, name, state ("never", "ok", "failed", "cancelled", "running"), state-label. */
#define GANTRY_TYPE_PROJECT_ENTRY (gantry_project_entry_get_type ())
G_DECLARE_FINAL_TYPE (GantryProjectEntry, gantry_project_entry, GANTRY, PROJECT_ENTRY, GObject)

GantryProject *gantry_project_entry_get_project (GantryProjectEntry *self);
const char    *gantry_project_entry_get_state   (GantryProjectEntry *self);
void           gantry_project_entry_set_state   (GantryProjectEntry *self,
                                                 const char         *state);
/* Every project in @store, by name, with its newest run's state. */
GListStore    *gantry_project_entries_load      (GantryStore        *store,
                                                 GError            **error);

/* One target of a run: what it is doing, then what it made.
 * Properties: target, state, elapsed, size, linkage, glibc, sha256, detail,
 * step (what it is doing now: "go build", "archiving", "verifying"; "" when
 * nothing), runs-on (the marks below as one line), runs-on-tooltip (their
 * diagnoses), problem (bool), runs-on-problem (bool: a check failed). */
#define GANTRY_TYPE_RUN_ROW (gantry_run_row_get_type ())
G_DECLARE_FINAL_TYPE (GantryRunRow, gantry_run_row, GANTRY, RUN_ROW, GObject)

/* A row for @target in step state @state, a name as
 * gantry_step_state_to_string() writes it (and the store keeps it):
 * worded as the Results tab shows it, failed and skipped steps marked as
 * problems. What a recorded run read back from the store is made of. */
GantryRunRow *gantry_run_row_new         (const char         *target,
                                          const char         *state);
void          gantry_run_row_set_elapsed (GantryRunRow       *self,
                                          gint64              usec);
void          gantry_run_row_set_size    (GantryRunRow       *self,
                                          guint64             bytes);
/* The Linking and glibc columns; @glibc_floor NULL when the binary
 * needs none, which an ELF one says as "none". */
void          gantry_run_row_set_linking (GantryRunRow       *self,
                                          GantryLinkage       linkage,
                                          const char         *glibc_floor,
                                          GantryBinaryFormat  format);
void          gantry_run_row_set_sha256  (GantryRunRow       *self,
                                          const char         *sha256);
/* What it made, or what went wrong. */
void          gantry_run_row_set_detail  (GantryRunRow       *self,
                                          const char         *detail);

const char *gantry_run_row_get_target  (GantryRunRow *self);
const char *gantry_run_row_get_state   (GantryRunRow *self);
const char *gantry_run_row_get_elapsed (GantryRunRow *self);
const char *gantry_run_row_get_size    (GantryRunRow *self);
const char *gantry_run_row_get_linkage (GantryRunRow *self);
const char *gantry_run_row_get_glibc   (GantryRunRow *self);
const char *gantry_run_row_get_sha256  (GantryRunRow *self);
const char *gantry_run_row_get_detail  (GantryRunRow *self);
gboolean    gantry_run_row_get_problem (GantryRunRow *self);
const char *gantry_run_row_get_step    (GantryRunRow *self);
const char *gantry_run_row_get_runs_on (GantryRunRow *self);
const char *gantry_run_row_get_runs_on_tooltip (GantryRunRow *self);
gboolean    gantry_run_row_get_runs_on_problem (GantryRunRow *self);

/* One mark of the Runs on column: where the artifact ran (or the file
 * checks, or a word on the verification itself) and how that went. */
typedef struct
{
  char *label;     /* "✓ native", "✗ qemu", "– container", "✓ 6 checks", "verifying…" */
  char *state;     /* "pass", "fail", "skipped", "verifying", "none" */
  char *tooltip;   /* the diagnosis: the verdicts' messages, and a failed run's output */
} GantryRunMark;

guint                gantry_run_row_get_n_marks (GantryRunRow *self);
const GantryRunMark *gantry_run_row_get_mark    (GantryRunRow *self,
                                                 guint         index);

/* One row per step of @plan, all "waiting". */
GListStore *gantry_run_rows_new         (GantryPlan   *plan);
/* States and elapsed times from the runner, now. */
void        gantry_run_rows_update      (GListModel   *rows,
                                         GantryRunner *runner);
/* The same, and each target's current step: go build, then inspecting
 * and archiving, which the build does while others still compile. */
void        gantry_run_rows_update_build (GListModel  *rows,
                                          GantryBuild *build);
/* Sizes, linkage, glibc floor, SHA-256 and errors once the build is done. */
void        gantry_run_rows_set_results (GListModel   *rows,
                                         GantryBuild  *build);
/* Verification started: the rows that built say "verifying…" (their step
 * too), the others that they are not checked. */
void        gantry_run_rows_set_verifying (GListModel *rows);
/* The Runs on column from @matrix (GantryVerdict*), matched to the rows
 * by target key: one mark per place a target ran, container images
 * grouped, file checks summed up. Rows the matrix does not name get
 * "—"; a NULL @matrix clears the column. Steps end. */
void        gantry_run_rows_set_verdicts  (GListModel *rows,
                                           GPtrArray  *matrix);
/* Verification did not end with a matrix: cancelled, or @error says why. */
void        gantry_run_rows_set_verify_error (GListModel   *rows,
                                              const GError *error);

/* One step of a plan rendered for a shell.
 * Properties: index, name, target, text, running (bool), state. */
#define GANTRY_TYPE_STEP_ITEM (gantry_step_item_get_type ())
G_DECLARE_FINAL_TYPE (GantryStepItem, gantry_step_item, GANTRY, STEP_ITEM, GObject)

const char *gantry_step_item_get_text    (GantryStepItem *self);
gboolean    gantry_step_item_get_running (GantryStepItem *self);

GListStore *gantry_step_items_new    (GantryPlan   *plan,
                                      GantryShell   shell);
void        gantry_step_items_render (GListModel   *items,
                                      GantryPlan   *plan,
                                      GantryShell   shell);
void        gantry_step_items_update (GListModel   *items,
                                      GantryRunner *runner);

/* "1.9 MB", "12 s", "1 min 05 s": how the window writes sizes and times. */
char *gantry_format_size     (guint64 bytes);
char *gantry_format_duration (gint64  usec);

/* gantry_build_new in a worker thread: it detects the compilers, which
 * runs programs, so the window must not wait for it. */
void         gantry_build_new_async  (GantryStore               *store,
                                      GantryProject             *project,
                                      const char * const        *targets,
                                      GCancellable              *cancellable,
                                      GAsyncReadyCallback        callback,
                                      gpointer                   user_data);
GantryBuild *gantry_build_new_finish (GAsyncResult              *result,
                                      GError                   **error);
/* The same for a whole release (gantry_pipeline_new): targets no
 * compiler here can build are left out, the recipe says what to check.
 * @machine (may be NULL) gives this machine's container settings: its
 * engine, engine_flags and default_images are copied, nothing else. */
void            gantry_pipeline_new_async  (GantryStore          *store,
                                            GantryProject        *project,
                                            const GantryVerifyOptions *machine,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
GantryPipeline *gantry_pipeline_new_finish (GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS

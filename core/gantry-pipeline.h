/* gantry-pipeline.h — the release pipeline: build every target that can be built, verify what was built, then one verdict */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "gantry-build.h"
#include "gantry-store.h"
#include "gantry-verify.h"

G_BEGIN_DECLS

/* What became of a run, or of one target of it. The store keeps a
 * run's as its state ("released", "problems", ...): the command line,
 * `gantry runs` and the window read the same word. */
typedef enum
{
  GANTRY_OUTCOME_RUNNING,
  GANTRY_OUTCOME_RELEASED,      /* built, packaged, no check failed */
  GANTRY_OUTCOME_BUILT,         /* built and no check failed, not packaged (--no-package) */
  GANTRY_OUTCOME_PROBLEMS,      /* released, but a check failed or a target was skipped */
  GANTRY_OUTCOME_NOT_RELEASED,  /* dist/ was left as it was (for a target: not in the release) */
  GANTRY_OUTCOME_CANCELLED,
} GantryOutcome;

const char    *gantry_outcome_to_state  (GantryOutcome  outcome);  /* "released", "problems", ... */
GantryOutcome  gantry_outcome_from_state (const char    *state);
/* Plain words: "Released", "Released with problems", "Not released". */
const char    *gantry_outcome_to_label  (GantryOutcome  outcome);
/* Whether it may be shown as a success (green, ✓): released or built. */
gboolean       gantry_outcome_is_good   (GantryOutcome  outcome);

typedef struct
{
  char          *target;   /* key */
  GantryOutcome  outcome;
  char          *why;      /* NULL when released: the failed checks, or why it was not built */
  gboolean       ran;      /* some place here ran the binary (a run check passed or failed) */
} GantryTargetOutcome;

typedef struct
{
  gint64         run_id;
  GantryOutcome  outcome;
  char          *summary;  /* one sentence: "Released with problems: linux/amd64 failed glibc-floor." */
  char          *not_run;  /* "linux/arm64, windows/amd64": built and checked, but no place here
                            * ran them (only their files were read); NULL when every one ran */
  GPtrArray     *targets;  /* GantryTargetOutcome*, by step position */
} GantryRunOutcome;

void gantry_run_outcome_free (GantryRunOutcome *outcome);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryRunOutcome, gantry_run_outcome_free)

/* A recorded run's outcome, from what the store holds: its steps, its
 * artifacts and its checks. */
GantryRunOutcome *gantry_run_outcome_read (GantryStore  *store,
                                           gint64        run_id,
                                           GError      **error);
/* Reads the outcome and records it as the run's state (ending it when
 * it was still running). */
GantryRunOutcome *gantry_run_outcome_conclude (GantryStore  *store,
                                               gint64        run_id,
                                               gboolean      cancelled,
                                               GError      **error);
/* Adds outcome, verdict, summary and outcomes[] (target, outcome, why)
 * to the object @b is building. */
void gantry_run_outcome_add_members (const GantryRunOutcome *outcome,
                                     JsonBuilder            *b);

/* A recorded run verified again with what this machine has now (a
 * container engine installed since, a toolchain's emulator): each check
 * replaces what it found before, the rebuild is compared too when
 * @reproducible, and the run's outcome is recorded again. @run_id 0:
 * the newest run (the outcome's run_id says which). */
GantryRunOutcome *gantry_run_verify_again        (GantryStore               *store,
                                                  gint64                     run_id,
                                                  const GantryVerifyOptions *options,
                                                  gboolean                   reproducible,
                                                  GPtrArray                **out_matrix,
                                                  GCancellable              *cancellable,
                                                  GError                   **error);
/* The same in a worker, for the window. @machine (may be NULL) gives this
 * machine's container settings: engine, engine_flags and default_images
 * are copied, nothing else. */
void              gantry_run_verify_again_async  (GantryStore               *store,
                                                  gint64                     run_id,
                                                  const GantryVerifyOptions *machine,
                                                  GCancellable              *cancellable,
                                                  GAsyncReadyCallback        callback,
                                                  gpointer                   user_data);
GantryRunOutcome *gantry_run_verify_again_finish (GAsyncResult              *result,
                                                  GPtrArray                **out_matrix,
                                                  GError                   **error);

typedef struct
{
  GantryBuildOptions   build;
  GantryVerifyOptions  verify;             /* the recipe fills what is left zeroed */
  gboolean             no_verify;          /* no checks after the build */
  gboolean             reproducible;       /* rebuild and compare, even if the recipe does not ask */
  gboolean             block_unbuildable;  /* a target no compiler here can build stops the release before it starts
                                            * (FALSE: as the recipe says, "unbuildable") */
  gboolean             plan_only;          /* only its plan is wanted (a dry run): nothing is refused */
} GantryPipelineOptions;

typedef enum
{
  GANTRY_PIPELINE_PHASE_BUILDING,
  GANTRY_PIPELINE_PHASE_VERIFYING,
  GANTRY_PIPELINE_PHASE_REPRODUCING,
  GANTRY_PIPELINE_PHASE_DONE,
} GantryPipelinePhase;

#define GANTRY_TYPE_PIPELINE (gantry_pipeline_get_type ())
G_DECLARE_FINAL_TYPE (GantryPipeline, gantry_pipeline, GANTRY, PIPELINE, GObject)

/* Plans the release. With block_unbuildable, or a recipe whose
 * "unbuildable" is "block", a target that cannot be built here is an
 * error naming it and why; without, it is skipped and the release goes
 * on with the others. */
GantryPipeline    *gantry_pipeline_new        (GantryStore                *store,
                                             GantryProject              *project,
                                             const GantryPipelineOptions *options,
                                             GError                    **error);
GantryBuild      *gantry_pipeline_get_build  (GantryPipeline  *self);
GantryPipelinePhase gantry_pipeline_get_phase (GantryPipeline  *self);
/* The targets skipped before the build starts: "key: why", or empty. */
GStrv             gantry_pipeline_get_skipped (GantryPipeline *self);

/* Builds, verifies every binary that was built (even when other
 * targets failed), rebuilds when reproducibility is asked, and records
 * the outcome. "phase-changed" is emitted on the caller's main context.
 * Fails only when the release could not be carried out or recorded
 * (the store, a cancel); a failed target or check is in the outcome. */
void              gantry_pipeline_run_async  (GantryPipeline        *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean          gantry_pipeline_run_finish (GantryPipeline        *self,
                                             GAsyncResult         *result,
                                             GError              **error);
/* After the run: every check (NULL with no_verify), and the outcome. */
GPtrArray        *gantry_pipeline_get_matrix  (GantryPipeline *self);
const GantryRunOutcome *gantry_pipeline_get_outcome (GantryPipeline *self);
/* The build's error when it failed as a whole (not per target), else NULL. */
const GError     *gantry_pipeline_get_build_error (GantryPipeline *self);

G_END_DECLS

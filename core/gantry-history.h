/* gantry-history.h — runs, their steps, artifacts and verdicts, kept in the store */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "gantry-plan.h"
#include "gantry-runner.h"
#include "gantry-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  gint64  project_id;
  char   *project_name;
  gint64  started_at;    /* Unix ms */
  gint64  finished_at;   /* 0 while running */
  char   *state;         /* running, released, built, problems, not-released, cancelled:
                            gantry_outcome_from_state() */
  char   *dist_dir;
  guint   n_steps;
  guint   n_ok;
  guint   n_failed;
  guint   n_artifacts;
  char  **targets_passed; /* built, and no check of theirs failed; by position */
  char  **targets_failed; /* did not build (failed, skipped, cancelled, never
                             ran in a run that ended) or a check failed */
} GantryRunInfo;

void       gantry_run_info_free         (GantryRunInfo  *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryRunInfo, gantry_run_info_free)

gint64     gantry_history_begin_run     (GantryStore    *store,
                                         gint64          project_id,
                                         gint64          recipe_revision,
                                         GantryPlan     *plan,
                                         GError        **error);
gboolean   gantry_history_record_step   (GantryStore    *store,
                                         gint64          run_id,
                                         GantryRunner   *runner,
                                         guint           step,
                                         GError        **error);
gint64     gantry_history_add_artifact  (GantryStore    *store,
                                         gint64          run_id,
                                         const char     *target,
                                         const char     *kind,
                                         const char     *path,
                                         gint64          size,
                                         const char     *sha256,
                                         const char     *facts_json,
                                         GError        **error);
gboolean   gantry_history_add_verdict   (GantryStore    *store,
                                         gint64          artifact_id,
                                         const char     *check_name,
                                         const char     *place,
                                         const char     *state,
                                         const char     *message,
                                         GError        **error);
/* Forgets @artifact_id's verdicts of @check_name (every place): a check
 * carried out again replaces what it found before. */
gboolean   gantry_history_clear_verdicts (GantryStore   *store,
                                          gint64         artifact_id,
                                          const char    *check_name,
                                          GError       **error);
gboolean   gantry_history_finish_run    (GantryStore    *store,
                                         gint64          run_id,
                                         const char     *state,
                                         const char     *dist_dir,
                                         GError        **error);
/* The release pipeline's verdict on an ended run (gantry_outcome_to_state()). */
gboolean   gantry_history_set_outcome   (GantryStore    *store,
                                         gint64          run_id,
                                         const char     *outcome,
                                         GError        **error);
guint      gantry_history_close_interrupted (GantryStore *store,
                                             GError     **error);
GPtrArray *gantry_history_list_runs     (GantryStore    *store,
                                         gint64          project_id,
                                         GError        **error);
/* The newest run (of @project_id; 0: of any project) into @out_run_id,
 * 0 when there is none. FALSE only when the store could not be read. */
gboolean   gantry_history_find_latest_run (GantryStore  *store,
                                           gint64        project_id,
                                           gint64       *out_run_id,
                                           GError      **error);

/* Reading one run back. */

/* One step of a recorded run, as the store kept it. */
typedef struct
{
  guint   position;
  char   *target;        /* NULL: a step of no target */
  char   *name;
  char  **argv;          /* the program and its arguments; empty for a step that ran none */
  char  **env;           /* its environment changes: KEY=VALUE sets, KEY alone clears */
  char   *cwd;           /* NULL: Gantry's own */
  char   *state;         /* pending, running, ok, failed, cancelled, skipped */
  gint64  started_at;    /* Unix ms; 0 when it never ran */
  gint64  finished_at;
  int     exit_status;   /* -1 when it did not exit */
  char   *log;           /* its output; NULL when it never ran */
} GantryStepRecord;

/* One file a run made. */
typedef struct
{
  gint64  id;
  char   *target;        /* "all" for the checksums */
  char   *kind;          /* binary, archive, checksums */
  char   *path;
  gint64  size;
  char   *sha256;        /* NULL when not computed */
  char   *facts;         /* the inspector's JSON of a binary, or NULL */
} GantryArtifactRecord;

/* One check of one artifact in one place. */
typedef struct
{
  gint64  artifact_id;
  char   *target;        /* the artifact's */
  char   *path;          /* the artifact's */
  char   *check_name;
  char   *place;
  char   *state;         /* pass, fail, skipped */
  char   *message;
} GantryVerdictRecord;

void       gantry_step_record_free      (GantryStepRecord     *record);
void       gantry_artifact_record_free  (GantryArtifactRecord *record);
void       gantry_verdict_record_free   (GantryVerdictRecord  *record);

/* G_IO_ERROR_NOT_FOUND naming @run_id when the store has no such run. */
GantryRunInfo *gantry_history_get_run   (GantryStore    *store,
                                         gint64          run_id,
                                         GError        **error);
/* GantryStepRecord*, by position. */
GPtrArray *gantry_history_list_steps    (GantryStore    *store,
                                         gint64          run_id,
                                         GError        **error);
/* GantryArtifactRecord*, in the order they were recorded. */
GPtrArray *gantry_history_list_artifacts (GantryStore   *store,
                                          gint64         run_id,
                                          GError       **error);
/* GantryVerdictRecord* of every artifact of the run. */
GPtrArray *gantry_history_list_verdicts (GantryStore    *store,
                                         gint64          run_id,
                                         GError        **error);

/* All of one run at once: what the window and the verdict read. */
gboolean   gantry_history_read_run      (GantryStore    *store,
                                         gint64          run_id,
                                         GantryRunInfo **out_info,
                                         GPtrArray     **out_steps,
                                         GPtrArray     **out_artifacts,
                                         GPtrArray     **out_verdicts,
                                         GError        **error);

G_END_DECLS

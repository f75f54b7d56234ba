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
  char   *state;         /* running, ok, failed, cancelled */
  char   *dist_dir;
  guint   n_steps;
  guint   n_ok;
  guint   n_failed;
  guint   n_artifacts;
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
gboolean   gantry_history_finish_run    (GantryStore    *store,
                                         gint64          run_id,
                                         const char     *state,
                                         const char     *dist_dir,
                                         GError        **error);
guint      gantry_history_close_interrupted (GantryStore *store,
                                             GError     **error);
GPtrArray *gantry_history_list_runs     (GantryStore    *store,
                                         gint64          project_id,
                                         GError        **error);

G_END_DECLS

/* gantry-history.c — runs, their steps, artifacts and verdicts, kept in the store */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-history"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#ifdef G_OS_UNIX
# include <errno.h>
# include <signal.h>
# include <sys/types.h>
# include <unistd.h>
#endif
#ifdef G_OS_WIN32
# include <windows.h>
#endif

#include "gantry-history.h"
#include "gantry-json.h"
#include "gantry-paths.h"
#include "gantry-store-private.h"

void
gantry_run_info_free (GantryRunInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->project_name);
  g_free (info->state);
  g_free (info->dist_dir);
  g_strfreev (info->targets_passed);
  g_strfreev (info->targets_failed);
  g_free (info);
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           column,
                   const char   *value)
{
  if (value != NULL)
    sqlite3_bind_text (stmt, column, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

static char *
env_to_json (char **env)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  /* KEY=VALUE sets, KEY alone (null) clears */
  json_builder_begin_object (b);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      const char *eq = strchr (env[i], '=');
      g_autofree char *key = eq ? g_strndup (env[i], eq - env[i]) : g_strdup (env[i]);

      json_builder_set_member_name (b, key);
      if (eq)
        json_builder_add_string_value (b, eq + 1);
      else
        json_builder_add_null_value (b);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* The other way: NULL for a text that is not such an object */
static char **
env_from_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();
  JsonNode *root;
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return g_strv_builder_end (out);
  object = json_node_get_object (root);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (object, l->data);

      if (JSON_NODE_HOLDS_NULL (value))
        g_strv_builder_add (out, l->data);
      else if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        {
          g_autofree char *pair = g_strconcat (l->data, "=", json_node_get_string (value), NULL);

          g_strv_builder_add (out, pair);
        }
    }
  return g_strv_builder_end (out);
}

typedef struct
{
  gint64 project_id;
  gint64 recipe_revision;
  GantryPlan *plan;
  gint64 run_id;
} BeginData;

static gboolean
begin_tx (GantryStore  *store,
          gpointer      user_data,
          GError      **error)
{
  BeginData *d = user_data;
  sqlite3 *db = _gantry_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  g_autofree char *plan_text = gantry_plan_render (d->plan, GANTRY_SHELL_BASH);

  g_autofree char *owner = g_strdup_printf ("%s:%lu", g_get_host_name (), gantry_process_get_id ());

  if (sqlite3_prepare_v2 (db,
                          "INSERT INTO runs (project_id, recipe_id, started_at, state, plan, owner)"
                          " VALUES (?1, (SELECT id FROM recipes WHERE project_id = ?1 AND revision = ?2),"
                          " ?3, 'running', ?4, ?5)",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, d->project_id);
  sqlite3_bind_int64 (stmt, 2, d->recipe_revision);
  sqlite3_bind_int64 (stmt, 3, _gantry_store_now ());
  sqlite3_bind_text (stmt, 4, plan_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, owner, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    goto failed;
  sqlite3_finalize (stmt);
  d->run_id = sqlite3_last_insert_rowid (db);

  if (sqlite3_prepare_v2 (db,
                          "INSERT INTO run_steps (run_id, position, target, name, argv, env, cwd, state)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  for (guint i = 0; i < gantry_plan_get_n_steps (d->plan); i++)
    {
      const GantryStep *step = gantry_plan_get_step (d->plan, i);
      g_autofree char *argv = gantry_json_strv_to_string ((const char * const *) step->argv);
      g_autofree char *env = env_to_json (step->env);

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, d->run_id);
      sqlite3_bind_int (stmt, 2, (int) i);
      bind_text_or_null (stmt, 3, step->target);
      sqlite3_bind_text (stmt, 4, step->name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, argv, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 6, env, -1, SQLITE_TRANSIENT);
      bind_text_or_null (stmt, 7, step->cwd);
      sqlite3_bind_text (stmt, 8, step->argv ? "pending" : "skipped", -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        goto failed;
    }
  sqlite3_finalize (stmt);
  return TRUE;

failed:
  _gantry_store_set_error (store, error, "Recording the run");
  sqlite3_finalize (stmt);
  return FALSE;
}

/* Records the run and its planned steps before anything runs, so a
 * crash halfway still leaves a trace of what was attempted. */
gint64
gantry_history_begin_run (GantryStore  *store,
                          gint64        project_id,
                          gint64        recipe_revision,
                          GantryPlan   *plan,
                          GError      **error)
{
  BeginData d = { project_id, recipe_revision, plan, 0 };

  g_return_val_if_fail (GANTRY_IS_STORE (store), 0);
  g_return_val_if_fail (GANTRY_IS_PLAN (plan), 0);

  if (!gantry_store_transaction (store, begin_tx, &d, error))
    return 0;
  return d.run_id;
}

typedef struct
{
  gint64 run_id;
  GantryRunner *runner;
  guint step;
} StepData;

static gboolean
step_tx (GantryStore  *store,
         gpointer      user_data,
         GError      **error)
{
  StepData *d = user_data;
  sqlite3 *db = _gantry_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  g_autofree char *log = gantry_runner_get_step_log (d->runner, d->step);
  GantryStepState state = gantry_runner_get_step_state (d->runner, d->step);
  gint64 now = _gantry_store_now ();
  gint64 duration_ms = gantry_runner_get_duration_us (d->runner, d->step) / 1000;

  if (sqlite3_prepare_v2 (db,
                          "UPDATE run_steps SET state = ?1, started_at = ?2, finished_at = ?3,"
                          " exit_status = ?4, log = ?5 WHERE run_id = ?6 AND position = ?7",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_bind_text (stmt, 1, gantry_step_state_to_string (state), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now - duration_ms);
  sqlite3_bind_int64 (stmt, 3, now);
  if (state == GANTRY_STEP_OK || state == GANTRY_STEP_FAILED)
    sqlite3_bind_int (stmt, 4, gantry_runner_get_exit_status (d->runner, d->step));
  else
    sqlite3_bind_null (stmt, 4);
  sqlite3_bind_text (stmt, 5, log, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, d->run_id);
  sqlite3_bind_int (stmt, 7, (int) d->step);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    goto failed;
  sqlite3_finalize (stmt);
  return TRUE;

failed:
  _gantry_store_set_error (store, error, "Recording a step");
  sqlite3_finalize (stmt);
  return FALSE;
}

gboolean
gantry_history_record_step (GantryStore   *store,
                            gint64         run_id,
                            GantryRunner  *runner,
                            guint          step,
                            GError       **error)
{
  StepData d = { run_id, runner, step };

  g_return_val_if_fail (GANTRY_IS_STORE (store), FALSE);
  g_return_val_if_fail (GANTRY_IS_RUNNER (runner), FALSE);

  /* A step's end is progress within its run: the run's end, an
   * ordinary transaction, makes it durable. Skipping this sync takes a
   * disk flush off the time between the last compiler exiting and the
   * build being reported. */
  return gantry_store_transaction_relaxed (store, step_tx, &d, error);
}

typedef struct
{
  gint64 run_id;
  const char *target, *kind, *path, *sha256, *facts;
  gint64 size;
  gint64 id;
} ArtifactData;

static gboolean
artifact_tx (GantryStore  *store,
             gpointer      user_data,
             GError      **error)
{
  ArtifactData *d = user_data;
  sqlite3 *db = _gantry_store_get_db (store);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db,
                          "INSERT INTO artifacts (run_id, target, kind, path, size, sha256, facts)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, d->run_id);
  sqlite3_bind_text (stmt, 2, d->target, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, d->kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, d->path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, d->size);
  bind_text_or_null (stmt, 6, d->sha256);
  bind_text_or_null (stmt, 7, d->facts);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    goto failed;
  sqlite3_finalize (stmt);
  d->id = sqlite3_last_insert_rowid (db);
  return TRUE;

failed:
  _gantry_store_set_error (store, error, "Recording an artifact");
  sqlite3_finalize (stmt);
  return FALSE;
}

gint64
gantry_history_add_artifact (GantryStore  *store,
                             gint64        run_id,
                             const char   *target,
                             const char   *kind,
                             const char   *path,
                             gint64        size,
                             const char   *sha256,
                             const char   *facts_json,
                             GError      **error)
{
  ArtifactData d = { run_id, target, kind, path, sha256, facts_json, size, 0 };

  g_return_val_if_fail (GANTRY_IS_STORE (store), 0);
  g_return_val_if_fail (target != NULL && kind != NULL && path != NULL, 0);

  if (!gantry_store_transaction (store, artifact_tx, &d, error))
    return 0;
  return d.id;
}

typedef struct
{
  gint64 artifact_id;
  const char *check_name, *place, *state, *message;
} VerdictData;

static gboolean
verdict_tx (GantryStore  *store,
            gpointer      user_data,
            GError      **error)
{
  VerdictData *d = user_data;
  sqlite3 *db = _gantry_store_get_db (store);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db,
                          "INSERT INTO verdicts (artifact_id, check_name, place, state, message, created_at)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, d->artifact_id);
  sqlite3_bind_text (stmt, 2, d->check_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, d->place, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, d->state, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 5, d->message);
  sqlite3_bind_int64 (stmt, 6, _gantry_store_now ());
  if (sqlite3_step (stmt) != SQLITE_DONE)
    goto failed;
  sqlite3_finalize (stmt);
  return TRUE;

failed:
  _gantry_store_set_error (store, error, "Recording a verdict");
  sqlite3_finalize (stmt);
  return FALSE;
}

gboolean
gantry_history_add_verdict (GantryStore  *store,
                            gint64        artifact_id,
                            const char   *check_name,
                            const char   *place,
                            const char   *state,
                            const char   *message,
                            GError      **error)
{
  VerdictData d = { artifact_id, check_name, place, state, message };

  g_return_val_if_fail (GANTRY_IS_STORE (store), FALSE);
  return gantry_store_transaction (store, verdict_tx, &d, error);
}

typedef struct
{
  gint64 artifact_id;
  const char *check_name;
} ClearData;

static gboolean
clear_verdicts_tx (GantryStore  *store,
                   gpointer      user_data,
                   GError      **error)
{
  ClearData *d = user_data;
  sqlite3 *db = _gantry_store_get_db (store);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "DELETE FROM verdicts WHERE artifact_id = ?1 AND check_name = ?2",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, d->artifact_id);
  sqlite3_bind_text (stmt, 2, d->check_name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    goto failed;
  sqlite3_finalize (stmt);
  return TRUE;

failed:
  _gantry_store_set_error (store, error, "Replacing a verdict");
  sqlite3_finalize (stmt);
  return FALSE;
}

gboolean
gantry_history_clear_verdicts (GantryStore  *store,
                               gint64        artifact_id,
                               const char   *check_name,
                               GError      **error)
{
  ClearData d = { artifact_id, check_name };

  g_return_val_if_fail (GANTRY_IS_STORE (store), FALSE);
  g_return_val_if_fail (check_name != NULL, FALSE);
  return gantry_store_transaction (store, clear_verdicts_tx, &d, error);
}

typedef struct
{
  gint64 run_id;
  const char *state;
  const char *dist_dir;
} FinishData;

static gboolean
finish_tx (GantryStore  *store,
           gpointer      user_data,
           GError      **error)
{
  FinishData *d = user_data;
  sqlite3 *db = _gantry_store_get_db (store);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db,
                          "UPDATE runs SET state = ?1, finished_at = ?2, dist_dir = ?3 WHERE id = ?4",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_bind_text (stmt, 1, d->state, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, _gantry_store_now ());
  bind_text_or_null (stmt, 3, d->dist_dir);
  sqlite3_bind_int64 (stmt, 4, d->run_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    goto failed;
  sqlite3_finalize (stmt);
  /* steps that never ran (cancelled before starting) say so */
  return _gantry_store_exec (store, "UPDATE run_steps SET state = 'cancelled'"
                                    " WHERE state IN ('pending', 'running') AND run_id IN"
                                    " (SELECT id FROM runs WHERE state != 'running')", error);

failed:
  _gantry_store_set_error (store, error, "Finishing the run");
  sqlite3_finalize (stmt);
  return FALSE;
}

gboolean
gantry_history_finish_run (GantryStore  *store,
                           gint64        run_id,
                           const char   *state,
                           const char   *dist_dir,
                           GError      **error)
{
  FinishData d = { run_id, state, dist_dir };

  g_return_val_if_fail (GANTRY_IS_STORE (store), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);

  return gantry_store_transaction (store, finish_tx, &d, error);
}

static gboolean
outcome_tx (GantryStore  *store,
            gpointer      user_data,
            GError      **error)
{
  FinishData *d = user_data;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (_gantry_store_get_db (store), "UPDATE runs SET outcome = ?1 WHERE id = ?2",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_bind_text (stmt, 1, d->state, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, d->run_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    goto failed;
  sqlite3_finalize (stmt);
  return TRUE;

failed:
  _gantry_store_set_error (store, error, "Recording the run's verdict");
  sqlite3_finalize (stmt);
  return FALSE;
}

gboolean
gantry_history_set_outcome (GantryStore  *store,
                            gint64        run_id,
                            const char   *outcome,
                            GError      **error)
{
  FinishData d = { run_id, outcome, NULL };

  g_return_val_if_fail (GANTRY_IS_STORE (store), FALSE);
  g_return_val_if_fail (outcome != NULL, FALSE);

  return gantry_store_transaction (store, outcome_tx, &d, error);
}

static gboolean
close_tx (GantryStore  *store,
          gpointer      user_data,
          GError      **error)
{
  guint *n = user_data;
  sqlite3 *db = _gantry_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GArray) dead = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *host_prefix = g_strdup_printf ("%s:", g_get_host_name ());
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT id, owner FROM runs WHERE state = 'running'", -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *owner = (const char *) sqlite3_column_text (stmt, 1);
      gint64 id = sqlite3_column_int64 (stmt, 0);

      /* another machine's run (a shared data folder) is left alone */
      if (owner != NULL && !g_str_has_prefix (owner, host_prefix))
        continue;
      if (owner != NULL && gantry_process_is_alive (strtoul (owner + strlen (host_prefix), NULL, 10)))
        continue;
      g_array_append_val (dead, id);
    }
  if (rc != SQLITE_DONE)
    goto failed;
  sqlite3_finalize (stmt);
  stmt = NULL;

  for (guint i = 0; i < dead->len; i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "UPDATE runs SET state = 'failed' WHERE id = %" G_GINT64_FORMAT ";"
        "UPDATE run_steps SET state = 'cancelled' WHERE run_id = %" G_GINT64_FORMAT
        " AND state IN ('pending', 'running');",
        g_array_index (dead, gint64, i), g_array_index (dead, gint64, i));

      if (!_gantry_store_exec (store, sql, error))
        return FALSE;
    }
  *n = dead->len;
  return TRUE;

failed:
  _gantry_store_set_error (store, error, "Closing interrupted runs");
  sqlite3_finalize (stmt);
  return FALSE;
}

/* A Gantry that crashed or was killed mid-run left its runs marked
 * running: close those whose process is gone as failed. */
guint
gantry_history_close_interrupted (GantryStore  *store,
                                  GError      **error)
{
  guint n = 0;

  g_return_val_if_fail (GANTRY_IS_STORE (store), 0);

  /* Nearly always none: look without taking the write lock (which
   * would also run a deferred integrity check). */
  {
    sqlite3_stmt *stmt = NULL;
    gboolean any = TRUE;

    if (sqlite3_prepare_v2 (_gantry_store_get_db (store),
                            "SELECT EXISTS (SELECT 1 FROM runs WHERE state = 'running')",
                            -1, &stmt, NULL) == SQLITE_OK &&
        sqlite3_step (stmt) == SQLITE_ROW)
      any = sqlite3_column_int (stmt, 0) != 0;
    sqlite3_finalize (stmt);
    if (!any)
      return 0;
  }

  gantry_store_transaction (store, close_tx, &n, error);
  return n;
}

/* Each target step of run r as "position<RS>verdict<RS>target", joined
 * by <US>: verdict p when it built and no check of its artifacts failed,
 * f when it did not (failed, skipped, cancelled, or never ran in a run
 * that ended), nothing while the run still builds it. */
#define TARGET_CHECK_FAILED \
  "SELECT 1 FROM verdicts v JOIN artifacts a ON a.id = v.artifact_id" \
  " WHERE a.run_id = r.id AND a.target = s.target AND v.state = 'fail'" \
  /* a check done again (gantry verify) counts as it came out last */ \
  "   AND NOT EXISTS (SELECT 1 FROM verdicts w WHERE w.artifact_id = v.artifact_id" \
  "                   AND w.check_name = v.check_name AND w.place IS v.place AND w.id > v.id)"
#define TARGET_OUTCOMES \
  "SELECT group_concat (s.position || char (30) ||" \
  "   CASE WHEN s.state = 'ok' AND NOT EXISTS (" TARGET_CHECK_FAILED ") THEN 'p'" \
  "        WHEN s.state IN ('pending', 'running') AND r.state = 'running' THEN ''" \
  "        ELSE 'f' END" \
  "   || char (30) || s.target, char (31))" \
  " FROM run_steps s WHERE s.run_id = r.id AND s.target IS NOT NULL"

#define RUN_SELECT \
  "SELECT r.id, r.project_id, p.name, r.started_at, r.finished_at, coalesce (r.outcome, r.state), r.dist_dir," \
  " (SELECT count(*) FROM run_steps s WHERE s.run_id = r.id)," \
  " (SELECT count(*) FROM run_steps s WHERE s.run_id = r.id AND s.state = 'ok')," \
  " (SELECT count(*) FROM run_steps s WHERE s.run_id = r.id AND s.state IN ('failed', 'skipped'))," \
  " (SELECT count(*) FROM artifacts a WHERE a.run_id = r.id)," \
  " (" TARGET_OUTCOMES ")" \
  " FROM runs r JOIN projects p ON p.id = r.project_id"

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

typedef struct
{
  guint       position;
  const char *verdict;
  const char *target;
} TargetOutcome;

static int
compare_outcomes (gconstpointer a,
                  gconstpointer b)
{
  const TargetOutcome *x = a, *y = b;

  return (x->position > y->position) - (x->position < y->position);
}

/* TARGET_OUTCOMES into the passed and failed targets, by step position
 * (group_concat's order is SQLite's choice). */
static void
column_outcomes (sqlite3_stmt  *stmt,
                 int            column,
                 GantryRunInfo *info)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  g_auto(GStrv) items = g_strsplit (text != NULL ? text : "", "\x1f", -1);
  g_autoptr(GArray) outcomes = g_array_new (FALSE, FALSE, sizeof (TargetOutcome));
  g_autoptr(GPtrArray) passed = g_ptr_array_new ();
  g_autoptr(GPtrArray) failed = g_ptr_array_new ();
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; items[i] != NULL; i++)
    {
      char **f = g_strsplit (items[i], "\x1e", 3);
      TargetOutcome o;

      g_ptr_array_add (fields, f);
      if (g_strv_length (f) != 3)
        continue;
      o.position = (guint) g_ascii_strtoull (f[0], NULL, 10);
      o.verdict = f[1];
      o.target = f[2];
      g_array_append_val (outcomes, o);
    }
  g_array_sort (outcomes, compare_outcomes);
  for (guint i = 0; i < outcomes->len; i++)
    {
      const TargetOutcome *o = &g_array_index (outcomes, TargetOutcome, i);

      if (g_str_equal (o->verdict, "p"))
        g_ptr_array_add (passed, g_strdup (o->target));
      else if (g_str_equal (o->verdict, "f"))
        g_ptr_array_add (failed, g_strdup (o->target));
    }
  g_ptr_array_add (passed, NULL);
  g_ptr_array_add (failed, NULL);
  info->targets_passed = (char **) g_ptr_array_free (g_steal_pointer (&passed), FALSE);
  info->targets_failed = (char **) g_ptr_array_free (g_steal_pointer (&failed), FALSE);
}

static GantryRunInfo *
run_info_from_row (sqlite3_stmt *stmt)
{
  GantryRunInfo *info = g_new0 (GantryRunInfo, 1);

  info->id = sqlite3_column_int64 (stmt, 0);
  info->project_id = sqlite3_column_int64 (stmt, 1);
  info->project_name = column_dup (stmt, 2);
  info->started_at = sqlite3_column_int64 (stmt, 3);
  info->finished_at = sqlite3_column_int64 (stmt, 4);
  info->state = column_dup (stmt, 5);
  info->dist_dir = column_dup (stmt, 6);
  info->n_steps = sqlite3_column_int (stmt, 7);
  info->n_ok = sqlite3_column_int (stmt, 8);
  info->n_failed = sqlite3_column_int (stmt, 9);
  info->n_artifacts = sqlite3_column_int (stmt, 10);
  column_outcomes (stmt, 11, info);
  /* A run the pipeline has not concluded (a build on its own, or one
   * recorded before the pipeline): "ok" was said even when a check
   * failed. The words are gantry-pipeline.h's outcomes. */
  if (g_strcmp0 (info->state, "ok") == 0)
    {
      g_free (info->state);
      info->state = g_strdup (info->targets_failed[0] != NULL ? "problems" : info->dist_dir != NULL ? "released" : "built");
    }
  else if (g_strcmp0 (info->state, "failed") == 0)
    {
      g_free (info->state);
      info->state = g_strdup ("not-released");
    }
  return info;
}

GPtrArray *
gantry_history_list_runs (GantryStore  *store,
                          gint64        project_id,
                          GError      **error)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_run_info_free);
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (GANTRY_IS_STORE (store), NULL);

  db = _gantry_store_get_db (store);
  if (sqlite3_prepare_v2 (db,
                          RUN_SELECT
                          " WHERE ?1 = 0 OR r.project_id = ?1"
                          " ORDER BY r.started_at DESC, r.id DESC",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, project_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (runs, run_info_from_row (stmt));
  if (rc != SQLITE_DONE)
    goto failed;
  sqlite3_finalize (stmt);
  return g_steal_pointer (&runs);

failed:
  _gantry_store_set_error (store, error, "Listing runs");
  sqlite3_finalize (stmt);
  return NULL;
}

gboolean
gantry_history_find_latest_run (GantryStore  *store,
                                gint64        project_id,
                                gint64       *out_run_id,
                                GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (GANTRY_IS_STORE (store), FALSE);
  g_return_val_if_fail (out_run_id != NULL, FALSE);

  *out_run_id = 0;
  if (sqlite3_prepare_v2 (_gantry_store_get_db (store),
                          "SELECT id FROM runs WHERE ?1 = 0 OR project_id = ?1"
                          " ORDER BY started_at DESC, id DESC LIMIT 1",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, project_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_run_id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    goto failed;
  sqlite3_finalize (stmt);
  return TRUE;

failed:
  _gantry_store_set_error (store, error, "Finding the latest run");
  sqlite3_finalize (stmt);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Reading one run back                                                */
/* ------------------------------------------------------------------ */

void
gantry_step_record_free (GantryStepRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->target);
  g_free (record->name);
  g_strfreev (record->argv);
  g_strfreev (record->env);
  g_free (record->cwd);
  g_free (record->state);
  g_free (record->log);
  g_free (record);
}

void
gantry_artifact_record_free (GantryArtifactRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->target);
  g_free (record->kind);
  g_free (record->path);
  g_free (record->sha256);
  g_free (record->facts);
  g_free (record);
}

void
gantry_verdict_record_free (GantryVerdictRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->target);
  g_free (record->path);
  g_free (record->check_name);
  g_free (record->place);
  g_free (record->state);
  g_free (record->message);
  g_free (record);
}

GantryRunInfo *
gantry_history_get_run (GantryStore  *store,
                        gint64        run_id,
                        GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  GantryRunInfo *info;
  int rc;

  g_return_val_if_fail (GANTRY_IS_STORE (store), NULL);

  if (sqlite3_prepare_v2 (_gantry_store_get_db (store), RUN_SELECT " WHERE r.id = ?1",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, run_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      sqlite3_finalize (stmt);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "Run #%" G_GINT64_FORMAT " is not in the history: it may have been removed with its project.",
                   run_id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    goto failed;
  info = run_info_from_row (stmt);
  sqlite3_finalize (stmt);
  return info;

failed:
  _gantry_store_set_error (store, error, "Reading a run");
  sqlite3_finalize (stmt);
  return NULL;
}

/* Runs @sql with ?1 bound to @run_id and hands each row to @read. */
static GPtrArray *
read_rows (GantryStore     *store,
           const char      *sql,
           gint64           run_id,
           gpointer       (*read) (sqlite3_stmt *stmt),
           GDestroyNotify   free_func,
           const char      *what,
           GError         **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (_gantry_store_get_db (store), sql, -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, run_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read (stmt));
  if (rc != SQLITE_DONE)
    goto failed;
  sqlite3_finalize (stmt);
  return g_steal_pointer (&rows);

failed:
  _gantry_store_set_error (store, error, what);
  sqlite3_finalize (stmt);
  return NULL;
}

static gpointer
read_step (sqlite3_stmt *stmt)
{
  GantryStepRecord *r = g_new0 (GantryStepRecord, 1);

  r->position = (guint) sqlite3_column_int (stmt, 0);
  r->target = column_dup (stmt, 1);
  r->name = column_dup (stmt, 2);
  r->state = column_dup (stmt, 3);
  r->started_at = sqlite3_column_int64 (stmt, 4);
  r->finished_at = sqlite3_column_int64 (stmt, 5);
  r->exit_status = sqlite3_column_type (stmt, 6) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 6);
  r->log = column_dup (stmt, 7);
  r->argv = gantry_json_strv_from_string ((const char *) sqlite3_column_text (stmt, 8));
  r->env = env_from_json ((const char *) sqlite3_column_text (stmt, 9));
  r->cwd = column_dup (stmt, 10);
  return r;
}

GPtrArray *
gantry_history_list_steps (GantryStore  *store,
                           gint64        run_id,
                           GError      **error)
{
  g_return_val_if_fail (GANTRY_IS_STORE (store), NULL);

  return read_rows (store,
                    "SELECT position, target, name, state, started_at, finished_at, exit_status, log, argv, env, cwd"
                    " FROM run_steps WHERE run_id = ?1 ORDER BY position",
                    run_id, read_step, (GDestroyNotify) gantry_step_record_free,
                    "Reading a run's steps", error);
}

static gpointer
read_artifact (sqlite3_stmt *stmt)
{
  GantryArtifactRecord *r = g_new0 (GantryArtifactRecord, 1);

  r->id = sqlite3_column_int64 (stmt, 0);
  r->target = column_dup (stmt, 1);
  r->kind = column_dup (stmt, 2);
  r->path = column_dup (stmt, 3);
  r->size = sqlite3_column_int64 (stmt, 4);
  r->sha256 = column_dup (stmt, 5);
  r->facts = column_dup (stmt, 6);
  return r;
}

GPtrArray *
gantry_history_list_artifacts (GantryStore  *store,
                               gint64        run_id,
                               GError      **error)
{
  g_return_val_if_fail (GANTRY_IS_STORE (store), NULL);

  return read_rows (store,
                    "SELECT id, target, kind, path, size, sha256, facts"
                    " FROM artifacts WHERE run_id = ?1 ORDER BY id",
                    run_id, read_artifact, (GDestroyNotify) gantry_artifact_record_free,
                    "Reading a run's artifacts", error);
}

static gpointer
read_verdict (sqlite3_stmt *stmt)
{
  GantryVerdictRecord *r = g_new0 (GantryVerdictRecord, 1);

  r->artifact_id = sqlite3_column_int64 (stmt, 0);
  r->target = column_dup (stmt, 1);
  r->path = column_dup (stmt, 2);
  r->check_name = column_dup (stmt, 3);
  r->place = column_dup (stmt, 4);
  r->state = column_dup (stmt, 5);
  r->message = column_dup (stmt, 6);
  return r;
}

GPtrArray *
gantry_history_list_verdicts (GantryStore  *store,
                              gint64        run_id,
                              GError      **error)
{
  g_return_val_if_fail (GANTRY_IS_STORE (store), NULL);

  return read_rows (store,
                    "SELECT v.artifact_id, a.target, a.path, v.check_name, v.place, v.state, v.message"
                    " FROM verdicts v JOIN artifacts a ON a.id = v.artifact_id"
                    " WHERE a.run_id = ?1 ORDER BY v.id",
                    run_id, read_verdict, (GDestroyNotify) gantry_verdict_record_free,
                    "Reading a run's checks", error);
}

gboolean
gantry_history_read_run (GantryStore     *store,
                         gint64           run_id,
                         GantryRunInfo  **out_info,
                         GPtrArray      **out_steps,
                         GPtrArray      **out_artifacts,
                         GPtrArray      **out_verdicts,
                         GError         **error)
{
  g_autoptr(GantryRunInfo) info = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(GPtrArray) artifacts = NULL;
  g_autoptr(GPtrArray) verdicts = NULL;

  g_return_val_if_fail (GANTRY_IS_STORE (store), FALSE);

  if ((info = gantry_history_get_run (store, run_id, error)) == NULL ||
      (steps = gantry_history_list_steps (store, run_id, error)) == NULL ||
      (artifacts = gantry_history_list_artifacts (store, run_id, error)) == NULL ||
      (verdicts = gantry_history_list_verdicts (store, run_id, error)) == NULL)
    return FALSE;
  *out_info = g_steal_pointer (&info);
  *out_steps = g_steal_pointer (&steps);
  *out_artifacts = g_steal_pointer (&artifacts);
  *out_verdicts = g_steal_pointer (&verdicts);
  return TRUE;
}

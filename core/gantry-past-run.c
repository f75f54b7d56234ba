/* gantry-past-run.c — a recorded run read back for the window: its targets, log and checks; saving a log */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-past-run"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "gantry-past-run.h"
#include "gantry-pipeline.h"
#include "gantry-run-model.h"
#include "gantry-runner.h"
#include "gantry-verify.h"

/* ------------------------------------------------------------------ */
/* GantryPastRun                                                       */
/* ------------------------------------------------------------------ */

struct _GantryPastRun
{
  GObject parent_instance;

  /* owned references */
  GantryRunInfo *info;
  GListStore *lines;
  GListStore *rows;
  GPtrArray *verdicts;
  GantryPlan *plan;
};

G_DEFINE_FINAL_TYPE (GantryPastRun, gantry_past_run, G_TYPE_OBJECT)

static void
gantry_past_run_finalize (GObject *object)
{
  GantryPastRun *self = GANTRY_PAST_RUN (object);

  g_clear_pointer (&self->info, gantry_run_info_free);
  g_clear_object (&self->lines);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->verdicts, g_ptr_array_unref);
  g_clear_object (&self->plan);

  G_OBJECT_CLASS (gantry_past_run_parent_class)->finalize (object);
}

static void
gantry_past_run_class_init (GantryPastRunClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gantry_past_run_finalize;
}

static void
gantry_past_run_init (GantryPastRun *self)
{
  self->lines = g_list_store_new (GANTRY_TYPE_LOG_LINE);
  self->rows = g_list_store_new (GANTRY_TYPE_RUN_ROW);
  self->verdicts = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_verdict_free);
}

static void
add_lines (GantryPastRun          *self,
           const GantryStepRecord *step)
{
  g_auto(GStrv) lines = NULL;
  guint n;

  /* the command first, as the live log showed it */
  if (step->argv[0] != NULL && step->started_at > 0)
    {
      g_autofree char *command = gantry_log_command_line ((const char * const *) step->argv,
                                                          (const char * const *) step->env);
      g_autoptr(GantryLogLine) header = gantry_log_line_new_header (step->target, step->position, command, 0);

      g_list_store_append (self->lines, header);
    }
  if (step->log == NULL || step->log[0] == '\0')
    return;
  lines = g_strsplit (step->log, "\n", -1);
  n = g_strv_length (lines);
  /* the log ends each line with \n: the last piece is empty */
  if (n > 0 && lines[n - 1][0] == '\0')
    n--;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_utf8_make_valid (lines[i], -1);
      /* the store keeps no time for a line */
      g_autoptr(GantryLogLine) line = gantry_log_line_new (step->target, step->position, text,
                                                           gantry_log_text_is_error (text), 0);

      g_list_store_append (self->lines, line);
    }
}

static const char *
json_string (JsonObject *object,
             const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* The linkage the inspector's JSON names, as gantry_linkage_to_string() does. */
static GantryLinkage
linkage_from_string (const char *name)
{
  for (GantryLinkage l = GANTRY_LINKAGE_STATIC; l <= GANTRY_LINKAGE_DYNAMIC; l++)
    if (g_strcmp0 (name, gantry_linkage_to_string (l)) == 0)
      return l;
  return GANTRY_LINKAGE_NONE;
}

/* The format the inspector's JSON names, as gantry_binary_get_format_name()
 * does; 0 for one it does not know. */
static GantryBinaryFormat
format_from_string (const char *name)
{
  static const char *names[] = { NULL, "elf", "pe", "macho", "macho-fat" };

  for (guint i = GANTRY_BINARY_FORMAT_ELF; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (name, names[i]) == 0)
      return (GantryBinaryFormat) i;
  return 0;
}

/* Size, linkage and glibc floor, from the inspector's JSON the build
 * recorded with the binary. */
static void
set_facts (GantryRunRow               *row,
           const GantryArtifactRecord *binary)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *facts;
  gint64 size = binary->size;

  if (binary->facts == NULL || !json_parser_load_from_data (parser, binary->facts, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      if (size > 0)
        gantry_run_row_set_size (row, (guint64) size);
      return;
    }
  facts = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (facts, "file_size"))
    size = json_object_get_int_member (facts, "file_size");
  gantry_run_row_set_size (row, (guint64) MAX (size, 0));
  gantry_run_row_set_linking (row, linkage_from_string (json_string (facts, "linkage")),
                              json_string (facts, "glibc_floor"),
                              format_from_string (json_string (facts, "format")));
}

static const GantryArtifactRecord *
find_artifact (GPtrArray  *artifacts,
               const char *target,
               const char *kind)
{
  for (guint i = 0; i < artifacts->len; i++)
    {
      const GantryArtifactRecord *a = g_ptr_array_index (artifacts, i);

      if (g_strcmp0 (a->target, target) == 0 && g_strcmp0 (a->kind, kind) == 0)
        return a;
    }
  return NULL;
}

static void
add_row (GantryPastRun          *self,
         const GantryStepRecord *step,
         GPtrArray              *artifacts)
{
  g_autoptr(GantryRunRow) row = gantry_run_row_new (step->target ? step->target : step->name, step->state);
  const GantryArtifactRecord *binary = find_artifact (artifacts, step->target, "binary");
  const GantryArtifactRecord *archive = find_artifact (artifacts, step->target, "archive");
  g_autofree char *detail = NULL;

  if (step->started_at > 0 && step->finished_at >= step->started_at)
    gantry_run_row_set_elapsed (row, (step->finished_at - step->started_at) * 1000);
  if (binary != NULL)
    set_facts (row, binary);
  /* the live rows show the archive's checksum: it is what users publish */
  if (archive != NULL && archive->sha256 != NULL)
    gantry_run_row_set_sha256 (row, archive->sha256);
  else if (binary != NULL && binary->sha256 != NULL)
    gantry_run_row_set_sha256 (row, binary->sha256);

  if (gantry_run_row_get_problem (row))
    {
      detail = gantry_log_text_first_errors (step->log, 8);
      g_strchomp (detail);
    }
  else if (archive != NULL)
    detail = g_path_get_basename (archive->path);
  else if (binary != NULL)
    detail = g_path_get_basename (binary->path);
  gantry_run_row_set_detail (row, detail);
  g_list_store_append (self->rows, row);
}

static GantryVerdictState
verdict_state (const char *state)
{
  if (g_strcmp0 (state, "pass") == 0)
    return GANTRY_VERDICT_PASS;
  if (g_strcmp0 (state, "fail") == 0)
    return GANTRY_VERDICT_FAIL;
  return GANTRY_VERDICT_SKIPPED;
}

/* The step as the Commands page shows it: what it ran, or, for a step
 * that ran no program (an archive Gantry wrote, a target it could not
 * build), the first line it left. */
static GantryStep *
step_from_record (const GantryStepRecord *record)
{
  GantryStep *step = g_new0 (GantryStep, 1);

  step->name = g_strdup (record->name);
  step->target = g_strdup (record->target);
  step->kind = GANTRY_STEP_PROGRAM;
  if (record->argv != NULL && record->argv[0] != NULL)
    {
      step->argv = g_strdupv (record->argv);
      step->env = g_strdupv (record->env);
      step->cwd = g_strdup (record->cwd);
    }
  else
    {
      const char *log = record->log != NULL && record->log[0] != '\0' ? record->log : "no command recorded";

      step->reason = g_strndup (log, strcspn (log, "\n"));
    }
  return step;
}

GantryPastRun *
gantry_past_run_load (GantryStore  *store,
                      gint64        run_id,
                      GError      **error)
{
  g_autoptr(GantryPastRun) self = NULL;
  g_autoptr(GantryRunInfo) info = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(GPtrArray) artifacts = NULL;
  g_autoptr(GPtrArray) verdicts = NULL;

  g_return_val_if_fail (GANTRY_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!gantry_history_read_run (store, run_id, &info, &steps, &artifacts, &verdicts, error))
    return NULL;

  self = g_object_new (GANTRY_TYPE_PAST_RUN, NULL);
  self->info = g_steal_pointer (&info);
  self->plan = gantry_plan_new_empty (self->info->project_name ? self->info->project_name : "run");
  for (guint i = 0; i < steps->len; i++)
    {
      const GantryStepRecord *step = g_ptr_array_index (steps, i);

      add_lines (self, step);
      add_row (self, step, artifacts);
      gantry_plan_append_step (self->plan, step_from_record (step));
    }
  for (guint i = 0; i < verdicts->len; i++)
    {
      const GantryVerdictRecord *r = g_ptr_array_index (verdicts, i);
      GantryVerdict *v = g_new0 (GantryVerdict, 1);

      v->target = g_strdup (r->target);
      v->path = g_strdup (r->path);
      v->artifact_id = r->artifact_id;
      v->check = g_strdup (r->check_name);
      v->place = g_strdup (r->place);
      v->state = verdict_state (r->state);
      v->message = g_strdup (r->message);
      g_ptr_array_add (self->verdicts, v);
    }
  /* then what the checks found, as the live log ends */
  gantry_verify_matrix_to_log (self->verdicts, self->lines, 0);
  return g_steal_pointer (&self);
}

GantryPlan *
gantry_past_run_get_plan (GantryPastRun *self)
{
  g_return_val_if_fail (GANTRY_IS_PAST_RUN (self), NULL);
  return self->plan;
}

const GantryRunInfo *
gantry_past_run_get_info (GantryPastRun *self)
{
  g_return_val_if_fail (GANTRY_IS_PAST_RUN (self), NULL);
  return self->info;
}

GListModel *
gantry_past_run_get_lines (GantryPastRun *self)
{
  g_return_val_if_fail (GANTRY_IS_PAST_RUN (self), NULL);
  return G_LIST_MODEL (self->lines);
}

GListModel *
gantry_past_run_get_rows (GantryPastRun *self)
{
  g_return_val_if_fail (GANTRY_IS_PAST_RUN (self), NULL);
  return G_LIST_MODEL (self->rows);
}

GPtrArray *
gantry_past_run_get_verdicts (GantryPastRun *self)
{
  g_return_val_if_fail (GANTRY_IS_PAST_RUN (self), NULL);
  return self->verdicts;
}

char *
gantry_format_run_time (gint64 unix_ms)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_ms / 1000);

  return when ? g_date_time_format (when, "%Y-%m-%d %H:%M:%S") : g_strdup ("an unknown time");
}

char *
gantry_past_run_dup_summary (GantryPastRun *self)
{
  const GantryRunInfo *info;
  g_autofree char *when = NULL;
  g_autofree char *took = NULL;

  g_return_val_if_fail (GANTRY_IS_PAST_RUN (self), NULL);

  info = self->info;
  when = gantry_format_run_time (info->started_at);
  if (info->finished_at >= info->started_at && info->finished_at > 0)
    {
      g_autofree char *duration = gantry_format_duration ((info->finished_at - info->started_at) * 1000);

      took = g_strdup_printf (" · took %s", duration);
    }
  return g_strdup_printf ("Run #%" G_GINT64_FORMAT " from %s: %s · %u of %u steps ok%s",
                          info->id, when, gantry_outcome_to_label (gantry_outcome_from_state (info->state)),
                          info->n_ok, info->n_steps, took ? took : "");
}

char *
gantry_past_run_dup_banner (GantryPastRun       *self,
                            const GantryRunInfo *latest)
{
  g_autofree char *when = NULL;
  g_autofree char *latest_when = NULL;

  g_return_val_if_fail (GANTRY_IS_PAST_RUN (self), NULL);

  when = gantry_format_run_time (self->info->started_at);
  if (latest == NULL || latest->id == self->info->id)
    return g_strdup_printf ("Showing run #%" G_GINT64_FORMAT " from %s (%s) — it is the latest build.",
                            self->info->id, when, gantry_outcome_to_label (gantry_outcome_from_state (self->info->state)));
  latest_when = gantry_format_run_time (latest->started_at);
  return g_strdup_printf ("Showing run #%" G_GINT64_FORMAT " from %s (%s) — the latest build is run #%"
                          G_GINT64_FORMAT " (%s, %s).",
                          self->info->id, when, gantry_outcome_to_label (gantry_outcome_from_state (self->info->state)),
                          latest->id, gantry_outcome_to_label (gantry_outcome_from_state (latest->state)), latest_when);
}

/* ------------------------------------------------------------------ */
/* Saving a log                                                        */
/* ------------------------------------------------------------------ */

char *
gantry_log_lines_to_text (GListModel *lines)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (lines == NULL || G_IS_LIST_MODEL (lines), NULL);
  g_return_val_if_fail (lines == NULL || g_type_is_a (g_list_model_get_item_type (lines), GANTRY_TYPE_LOG_LINE),
                        NULL);

  for (guint i = 0; lines != NULL && i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(GantryLogLine) line = g_list_model_get_item (lines, i);
      const char *target = gantry_log_line_get_target (line);

      g_string_append_printf (out, "[%s] %s\n", target ? target : "-", gantry_log_line_get_text (line));
    }
  return g_string_free (out, FALSE);
}

#define LOG_NOT_SAVED "The log could not be saved: "

static void
on_log_replaced (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_prefix_error (&error, LOG_NOT_SAVED);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
gantry_log_lines_write_async (GListModel          *lines,
                              GFile               *file,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *text;

  g_return_if_fail (lines == NULL || G_IS_LIST_MODEL (lines));
  g_return_if_fail (lines == NULL || g_type_is_a (g_list_model_get_item_type (lines), GANTRY_TYPE_LOG_LINE));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_log_lines_write_async);
  text = gantry_log_lines_to_text (lines);
  bytes = g_bytes_new_take (text, strlen (text));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, on_log_replaced, g_steal_pointer (&task));
}

gboolean
gantry_log_lines_write_finish (GAsyncResult  *result,
                               GError       **error)
{
  /* the task's source object is the file */
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gantry_log_lines_write_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

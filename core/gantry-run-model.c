/* gantry-run-model.c — list models the window shows: projects with their last run, a run's targets, a plan's steps */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-run-model"

#include "config.h"

#include <string.h>

#include "gantry-history.h"
#include "gantry-run-model.h"
#include "gantry-toolchain.h"

/* Sets *field to value and says whether it changed. */
static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

char *
gantry_format_size (guint64 bytes)
{
  if (bytes < 1024)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " B", bytes);
  if (bytes < 1024 * 1024)
    return g_strdup_printf ("%.1f KB", bytes / 1024.0);
  return g_strdup_printf ("%.1f MB", bytes / (1024.0 * 1024.0));
}

char *
gantry_format_duration (gint64 usec)
{
  gint64 s = usec / G_USEC_PER_SEC;

  if (usec < 10 * G_USEC_PER_SEC)
    return g_strdup_printf ("%.1f s", usec / (double) G_USEC_PER_SEC);
  if (s < 60)
    return g_strdup_printf ("%" G_GINT64_FORMAT " s", s);
  return g_strdup_printf ("%" G_GINT64_FORMAT " min %02" G_GINT64_FORMAT " s", s / 60, s % 60);
}

/* ------------------------------------------------------------------ */
/* Project entries                                                     */
/* ------------------------------------------------------------------ */

struct _GantryProjectEntry
{
  GObject parent_instance;

  GantryProject *project;
  char *state;
};

enum {
  PE_PROP_0,
  PE_PROP_PROJECT,
  PE_PROP_NAME,
  PE_PROP_STATE,
  PE_PROP_STATE_LABEL,
  PE_N_PROPS
};

static GParamSpec *pe_properties[PE_N_PROPS];

G_DEFINE_FINAL_TYPE (GantryProjectEntry, gantry_project_entry, G_TYPE_OBJECT)

static const char *
state_label (const char *state)
{
  if (state == NULL || g_str_equal (state, "never"))
    return "Never built";
  if (g_str_equal (state, "running"))
    return "Building…";
  /* the release pipeline's verdict, in its words */
  switch (gantry_outcome_from_state (state))
    {
    case GANTRY_OUTCOME_RELEASED: return "Last release: released";
    case GANTRY_OUTCOME_BUILT: return "Last run: built, not packaged";
    case GANTRY_OUTCOME_PROBLEMS: return "Last release: released with problems";
    case GANTRY_OUTCOME_CANCELLED: return "Last run cancelled";
    case GANTRY_OUTCOME_NOT_RELEASED:
    case GANTRY_OUTCOME_RUNNING:
    default: return "Last run: not released";
    }
}

GantryProject *
gantry_project_entry_get_project (GantryProjectEntry *self)
{
  g_return_val_if_fail (GANTRY_IS_PROJECT_ENTRY (self), NULL);
  return self->project;
}

const char *
gantry_project_entry_get_state (GantryProjectEntry *self)
{
  g_return_val_if_fail (GANTRY_IS_PROJECT_ENTRY (self), NULL);
  return self->state;
}

void
gantry_project_entry_set_state (GantryProjectEntry *self,
                                const char         *state)
{
  g_return_if_fail (GANTRY_IS_PROJECT_ENTRY (self));
  if (set_str (&self->state, state ? state : "never"))
    {
      g_object_notify_by_pspec (G_OBJECT (self), pe_properties[PE_PROP_STATE]);
      g_object_notify_by_pspec (G_OBJECT (self), pe_properties[PE_PROP_STATE_LABEL]);
    }
}

static void
gantry_project_entry_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  GantryProjectEntry *self = GANTRY_PROJECT_ENTRY (object);

  switch (prop_id)
    {
    case PE_PROP_PROJECT: g_value_set_object (value, self->project); break;
    case PE_PROP_NAME: g_value_set_string (value, gantry_project_get_name (self->project)); break;
    case PE_PROP_STATE: g_value_set_string (value, self->state); break;
    case PE_PROP_STATE_LABEL: g_value_set_string (value, state_label (self->state)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_project_entry_finalize (GObject *object)
{
  GantryProjectEntry *self = GANTRY_PROJECT_ENTRY (object);

  g_clear_object (&self->project);
  g_free (self->state);

  G_OBJECT_CLASS (gantry_project_entry_parent_class)->finalize (object);
}

static void
gantry_project_entry_class_init (GantryProjectEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gantry_project_entry_finalize;
  object_class->get_property = gantry_project_entry_get_property;

  pe_properties[PE_PROP_PROJECT] = g_param_spec_object ("project", NULL, NULL, GANTRY_TYPE_PROJECT, ro);
  pe_properties[PE_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  pe_properties[PE_PROP_STATE] = g_param_spec_string ("state", NULL, NULL, NULL, ro);
  pe_properties[PE_PROP_STATE_LABEL] = g_param_spec_string ("state-label", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, PE_N_PROPS, pe_properties);
}

static void
gantry_project_entry_init (GantryProjectEntry *self)
{
  self->state = g_strdup ("never");
}

GListStore *
gantry_project_entries_load (GantryStore  *store,
                             GError      **error)
{
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GListStore) entries = NULL;

  g_return_val_if_fail (GANTRY_IS_STORE (store), NULL);

  projects = gantry_store_list_projects (store, error);
  if (projects == NULL)
    return NULL;

  entries = g_list_store_new (GANTRY_TYPE_PROJECT_ENTRY);
  for (guint i = 0; i < projects->len; i++)
    {
      GantryProject *project = g_ptr_array_index (projects, i);
      g_autoptr(GantryProjectEntry) entry = g_object_new (GANTRY_TYPE_PROJECT_ENTRY, NULL);
      g_autoptr(GPtrArray) runs = NULL;
      g_autoptr(GError) local_error = NULL;

      entry->project = g_object_ref (project);
      runs = gantry_history_list_runs (store, gantry_project_get_id (project), &local_error);
      if (runs == NULL)
        g_warning ("%s", local_error->message);
      else
        {
          /* the newest run, whichever end of the list it is at */
          GantryRunInfo *newest = NULL;

          for (guint j = 0; j < runs->len; j++)
            {
              GantryRunInfo *info = g_ptr_array_index (runs, j);

              if (newest == NULL || info->started_at > newest->started_at ||
                  (info->started_at == newest->started_at && info->id > newest->id))
                newest = info;
            }
          if (newest != NULL)
            gantry_project_entry_set_state (entry, newest->state);
        }
      g_list_store_append (entries, entry);
    }
  return g_steal_pointer (&entries);
}

/* ------------------------------------------------------------------ */
/* Run rows                                                            */
/* ------------------------------------------------------------------ */

enum {
  RR_TARGET,
  RR_STATE,
  RR_ELAPSED,
  RR_SIZE,
  RR_LINKAGE,
  RR_GLIBC,
  RR_SHA256,
  RR_DETAIL,
  RR_STEP,
  RR_RUNS_ON,
  RR_RUNS_ON_TOOLTIP,
  RR_N_STRINGS
};

struct _GantryRunRow
{
  GObject parent_instance;

  char *strings[RR_N_STRINGS];
  GPtrArray *marks;             /* GantryRunMark* */
  gboolean problem;
  gboolean runs_on_problem;
};

#define RR_PROP_PROBLEM (RR_N_STRINGS + 1)
#define RR_PROP_RUNS_ON_PROBLEM (RR_N_STRINGS + 2)
#define RR_N_PROPS (RR_N_STRINGS + 3)
static GParamSpec *rr_properties[RR_N_PROPS];

G_DEFINE_FINAL_TYPE (GantryRunRow, gantry_run_row, G_TYPE_OBJECT)

static void
run_row_set (GantryRunRow *self,
             guint         which,
             const char   *value)
{
  if (set_str (&self->strings[which], value))
    g_object_notify_by_pspec (G_OBJECT (self), rr_properties[which + 1]);
}

static void
run_row_take (GantryRunRow *self,
              guint         which,
              char         *value)
{
  run_row_set (self, which, value);
  g_free (value);
}

static void
run_row_set_problem (GantryRunRow *self,
                     gboolean      problem)
{
  if (self->problem == !!problem)
    return;
  self->problem = !!problem;
  g_object_notify_by_pspec (G_OBJECT (self), rr_properties[RR_PROP_PROBLEM]);
}

const char *gantry_run_row_get_target (GantryRunRow *self) { return self->strings[RR_TARGET]; }
const char *gantry_run_row_get_state (GantryRunRow *self) { return self->strings[RR_STATE]; }
const char *gantry_run_row_get_elapsed (GantryRunRow *self) { return self->strings[RR_ELAPSED]; }
const char *gantry_run_row_get_size (GantryRunRow *self) { return self->strings[RR_SIZE]; }
const char *gantry_run_row_get_linkage (GantryRunRow *self) { return self->strings[RR_LINKAGE]; }
const char *gantry_run_row_get_glibc (GantryRunRow *self) { return self->strings[RR_GLIBC]; }
const char *gantry_run_row_get_sha256 (GantryRunRow *self) { return self->strings[RR_SHA256]; }
const char *gantry_run_row_get_detail (GantryRunRow *self) { return self->strings[RR_DETAIL]; }
gboolean gantry_run_row_get_problem (GantryRunRow *self) { return self->problem; }
const char *gantry_run_row_get_step (GantryRunRow *self) { return self->strings[RR_STEP]; }
const char *gantry_run_row_get_runs_on (GantryRunRow *self) { return self->strings[RR_RUNS_ON]; }
const char *gantry_run_row_get_runs_on_tooltip (GantryRunRow *self) { return self->strings[RR_RUNS_ON_TOOLTIP]; }
gboolean gantry_run_row_get_runs_on_problem (GantryRunRow *self) { return self->runs_on_problem; }

guint
gantry_run_row_get_n_marks (GantryRunRow *self)
{
  g_return_val_if_fail (GANTRY_IS_RUN_ROW (self), 0);
  return self->marks->len;
}

const GantryRunMark *
gantry_run_row_get_mark (GantryRunRow *self,
                         guint         index)
{
  g_return_val_if_fail (GANTRY_IS_RUN_ROW (self), NULL);
  g_return_val_if_fail (index < self->marks->len, NULL);
  return g_ptr_array_index (self->marks, index);
}

static void
run_mark_free (GantryRunMark *mark)
{
  g_free (mark->label);
  g_free (mark->state);
  g_free (mark->tooltip);
  g_free (mark);
}

static GantryRunMark *
run_mark_new (const char *label,
              const char *state,
              char       *tooltip)
{
  GantryRunMark *mark = g_new0 (GantryRunMark, 1);

  mark->label = g_strdup (label);
  mark->state = g_strdup (state);
  mark->tooltip = tooltip;
  return mark;
}

/* Replaces the marks; runs-on and runs-on-tooltip say them as text, and
 * notify when they changed, which is what the view redraws on. */
static void
run_row_take_marks (GantryRunRow *self,
                    GPtrArray    *marks)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) tooltip = g_string_new (NULL);
  gboolean problem = FALSE;

  g_ptr_array_unref (self->marks);
  self->marks = marks;
  for (guint i = 0; i < marks->len; i++)
    {
      const GantryRunMark *mark = g_ptr_array_index (marks, i);

      g_string_append_printf (text, "%s%s", i ? "  " : "", mark->label);
      if (mark->tooltip != NULL)
        g_string_append_printf (tooltip, "%s%s", tooltip->len ? "\n" : "", mark->tooltip);
      problem = problem || g_strcmp0 (mark->state, "fail") == 0;
    }
  /* the text first: a view redrawing on it finds the marks in place */
  run_row_set (self, RR_RUNS_ON_TOOLTIP, tooltip->len ? tooltip->str : NULL);
  if (self->runs_on_problem != problem)
    {
      self->runs_on_problem = problem;
      g_object_notify_by_pspec (G_OBJECT (self), rr_properties[RR_PROP_RUNS_ON_PROBLEM]);
    }
  run_row_set (self, RR_RUNS_ON, text->len ? text->str : NULL);
}

static void
gantry_run_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GantryRunRow *self = GANTRY_RUN_ROW (object);

  if (prop_id >= 1 && prop_id <= RR_N_STRINGS)
    g_value_set_string (value, self->strings[prop_id - 1]);
  else if (prop_id == RR_PROP_PROBLEM)
    g_value_set_boolean (value, self->problem);
  else if (prop_id == RR_PROP_RUNS_ON_PROBLEM)
    g_value_set_boolean (value, self->runs_on_problem);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
gantry_run_row_finalize (GObject *object)
{
  GantryRunRow *self = GANTRY_RUN_ROW (object);

  for (guint i = 0; i < RR_N_STRINGS; i++)
    g_free (self->strings[i]);
  g_ptr_array_unref (self->marks);

  G_OBJECT_CLASS (gantry_run_row_parent_class)->finalize (object);
}

static void
gantry_run_row_class_init (GantryRunRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  static const char *names[RR_N_STRINGS] = {
    "target", "state", "elapsed", "size", "linkage", "glibc", "sha256", "detail",
    "step", "runs-on", "runs-on-tooltip",
  };
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gantry_run_row_finalize;
  object_class->get_property = gantry_run_row_get_property;

  for (guint i = 0; i < RR_N_STRINGS; i++)
    rr_properties[i + 1] = g_param_spec_string (names[i], NULL, NULL, NULL, ro);
  rr_properties[RR_PROP_PROBLEM] = g_param_spec_boolean ("problem", NULL, NULL, FALSE, ro);
  rr_properties[RR_PROP_RUNS_ON_PROBLEM] = g_param_spec_boolean ("runs-on-problem", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, RR_N_PROPS, rr_properties);
}

static void
gantry_run_row_init (GantryRunRow *self)
{
  self->marks = g_ptr_array_new_with_free_func ((GDestroyNotify) run_mark_free);
}

static const char *
state_words (GantryStepState state)
{
  switch (state)
    {
    case GANTRY_STEP_PENDING: return "Waiting";
    case GANTRY_STEP_RUNNING: return "Building…";
    case GANTRY_STEP_OK: return "Built";
    case GANTRY_STEP_FAILED: return "Failed";
    case GANTRY_STEP_CANCELLED: return "Cancelled";
    case GANTRY_STEP_SKIPPED: return "Cannot build";
    default: return "";
    }
}

static gboolean
state_is_problem (GantryStepState state)
{
  return state == GANTRY_STEP_FAILED || state == GANTRY_STEP_SKIPPED;
}

GantryRunRow *
gantry_run_row_new (const char *target,
                    const char *state)
{
  GantryRunRow *self = g_object_new (GANTRY_TYPE_RUN_ROW, NULL);

  self->strings[RR_TARGET] = g_strdup (target);
  for (GantryStepState s = GANTRY_STEP_PENDING; s <= GANTRY_STEP_SKIPPED; s++)
    if (g_strcmp0 (state, gantry_step_state_to_string (s)) == 0)
      {
        self->strings[RR_STATE] = g_strdup (state_words (s));
        self->problem = state_is_problem (s);
        return self;
      }
  /* a state this version does not know: shown as it is */
  self->strings[RR_STATE] = g_strdup (state ? state : "");
  return self;
}

void
gantry_run_row_set_elapsed (GantryRunRow *self,
                            gint64        usec)
{
  g_return_if_fail (GANTRY_IS_RUN_ROW (self));
  run_row_take (self, RR_ELAPSED, gantry_format_duration (usec));
}

void
gantry_run_row_set_size (GantryRunRow *self,
                         guint64       bytes)
{
  g_return_if_fail (GANTRY_IS_RUN_ROW (self));
  run_row_take (self, RR_SIZE, gantry_format_size (bytes));
}

void
gantry_run_row_set_linking (GantryRunRow       *self,
                            GantryLinkage       linkage,
                            const char         *glibc_floor,
                            GantryBinaryFormat  format)
{
  g_return_if_fail (GANTRY_IS_RUN_ROW (self));

  run_row_set (self, RR_LINKAGE,
               linkage == GANTRY_LINKAGE_DYNAMIC ? "dynamic"
               : linkage == GANTRY_LINKAGE_STATIC_PIE ? "static (PIE)"
               : linkage == GANTRY_LINKAGE_STATIC ? "static" : "—");
  if (glibc_floor != NULL)
    run_row_take (self, RR_GLIBC, g_strdup_printf ("glibc %s", glibc_floor));
  else
    run_row_set (self, RR_GLIBC, format == GANTRY_BINARY_FORMAT_ELF ? "none" : "—");
}

void
gantry_run_row_set_sha256 (GantryRunRow *self,
                           const char   *sha256)
{
  g_return_if_fail (GANTRY_IS_RUN_ROW (self));
  run_row_set (self, RR_SHA256, sha256);
}

void
gantry_run_row_set_detail (GantryRunRow *self,
                           const char   *detail)
{
  g_return_if_fail (GANTRY_IS_RUN_ROW (self));
  run_row_set (self, RR_DETAIL, detail);
}

GListStore *
gantry_run_rows_new (GantryPlan *plan)
{
  GListStore *rows;

  g_return_val_if_fail (GANTRY_IS_PLAN (plan), NULL);

  rows = g_list_store_new (GANTRY_TYPE_RUN_ROW);
  for (guint i = 0; i < gantry_plan_get_n_steps (plan); i++)
    {
      const GantryStep *step = gantry_plan_get_step (plan, i);
      g_autoptr(GantryRunRow) row = gantry_run_row_new (step->target ? step->target : step->name,
                                                        gantry_step_state_to_string (GANTRY_STEP_PENDING));
      /* the window's words: Toolchains, not a command */
      g_autofree char *said = gantry_toolchain_message_for_window (step->reason);

      gantry_run_row_set_detail (row, said);
      g_list_store_append (rows, row);
    }
  return rows;
}

void
gantry_run_rows_update (GListModel   *rows,
                        GantryRunner *runner)
{
  g_return_if_fail (G_IS_LIST_MODEL (rows));
  g_return_if_fail (GANTRY_IS_RUNNER (runner));

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GantryRunRow) row = g_list_model_get_item (rows, i);
      GantryStepState state = gantry_runner_get_step_state (runner, i);
      gint64 us = gantry_runner_get_duration_us (runner, i);

      run_row_set (row, RR_STATE, state_words (state));
      run_row_set_problem (row, state_is_problem (state));
      if (us > 0)
        gantry_run_row_set_elapsed (row, us);
    }
}

void
gantry_run_rows_set_results (GListModel  *rows,
                             GantryBuild *build)
{
  g_return_if_fail (G_IS_LIST_MODEL (rows));
  g_return_if_fail (GANTRY_IS_BUILD (build));

  for (guint i = 0; i < gantry_build_get_n_results (build) && i < g_list_model_get_n_items (rows); i++)
    {
      const GantryTargetResult *r = gantry_build_get_result (build, i);
      g_autoptr(GantryRunRow) row = g_list_model_get_item (rows, i);

      run_row_set (row, RR_STATE, state_words (r->state));
      run_row_set_problem (row, state_is_problem (r->state));
      gantry_run_row_set_elapsed (row, (gint64) (r->seconds * G_USEC_PER_SEC));
      if (r->sha256 != NULL)
        gantry_run_row_set_sha256 (row, r->sha256);
      if (r->facts != NULL)
        {
          GantryBinary *b = r->facts;

          gantry_run_row_set_size (row, gantry_binary_get_file_size (b));
          gantry_run_row_set_linking (row, gantry_binary_get_linkage (b), gantry_binary_get_glibc_floor (b),
                                      gantry_binary_get_format (b));
        }
      if (r->explanation != NULL || r->errors != NULL)
        gantry_run_row_set_detail (row, r->explanation ? r->explanation : r->errors);
      else if (r->archive != NULL)
        run_row_take (row, RR_DETAIL, g_path_get_basename (r->archive));
    }
}

static const char *
step_words (GantryStepState   state,
            GantryTargetPhase phase)
{
  if (state == GANTRY_STEP_RUNNING)
    return "go build";
  if (state != GANTRY_STEP_OK)
    return "";
  switch (phase)
    {
    case GANTRY_TARGET_PHASE_QUEUED: return "queued";
    case GANTRY_TARGET_PHASE_INSPECTING: return "inspecting";
    case GANTRY_TARGET_PHASE_ARCHIVING: return "archiving";
    case GANTRY_TARGET_PHASE_NONE:
    case GANTRY_TARGET_PHASE_DONE:
    default: return "";
    }
}

void
gantry_run_rows_update_build (GListModel  *rows,
                              GantryBuild *build)
{
  GantryRunner *runner;

  g_return_if_fail (G_IS_LIST_MODEL (rows));
  g_return_if_fail (GANTRY_IS_BUILD (build));

  runner = gantry_build_get_runner (build);
  if (runner == NULL)
    return;
  gantry_run_rows_update (rows, runner);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GantryRunRow) row = g_list_model_get_item (rows, i);

      run_row_set (row, RR_STEP, step_words (gantry_runner_get_step_state (runner, i),
                                             gantry_build_get_target_phase (build, i)));
    }
}

/* The Runs on column. Marks: ✓ passed, ✗ failed, – skipped. */

static const char *
verdict_symbol (GantryVerdictState state)
{
  switch (state)
    {
    case GANTRY_VERDICT_PASS: return "✓";
    case GANTRY_VERDICT_FAIL: return "✗";
    case GANTRY_VERDICT_SKIPPED:
    default: return "–";
    }
}

/* A failed run's output, indented under its message, a few lines of it. */
static void
append_output (GString    *s,
               const char *output)
{
  g_auto(GStrv) lines = NULL;
  guint shown = 0;

  if (output == NULL || output[0] == '\0')
    return;
  lines = g_strsplit (output, "\n", -1);
  for (guint i = 0; lines[i] != NULL && shown < 8; i++)
    {
      g_strchomp (lines[i]);
      if (lines[i][0] == '\0')
        continue;
      g_string_append_printf (s, "\n    %s", lines[i]);
      shown++;
    }
  if (shown == 8 && lines[8] != NULL)
    g_string_append (s, "\n    …");
}

/* One line per verdict: "✗ podman:alpine:3.19: missing interpreter …". */
static void
append_verdict (GString             *s,
                const GantryVerdict *v,
                const char          *name)
{
  g_string_append_printf (s, "\n%s %s: %s", verdict_symbol (v->state), name,
                          v->message ? v->message : gantry_verdict_state_to_string (v->state));
  if (v->state == GANTRY_VERDICT_FAIL)
    append_output (s, v->output);
}

/* The worst state of a group: a failure shows, then a pass, else skipped. */
static GantryVerdictState
group_state (GPtrArray *verdicts)
{
  GantryVerdictState worst = GANTRY_VERDICT_SKIPPED;

  for (guint i = 0; i < verdicts->len; i++)
    {
      const GantryVerdict *v = g_ptr_array_index (verdicts, i);

      if (v->state == GANTRY_VERDICT_FAIL)
        return GANTRY_VERDICT_FAIL;
      if (v->state == GANTRY_VERDICT_PASS)
        worst = GANTRY_VERDICT_PASS;
    }
  return worst;
}

/* The file checks of one target (os-arch, linkage, glibc-floor, dlls,
 * go-settings: the place "static") as one mark. */
static GantryRunMark *
checks_mark (GPtrArray *verdicts)
{
  guint n_pass = 0, n_fail = 0, n_skipped = 0;
  const GantryVerdict *failed = NULL;
  g_autofree char *label = NULL;
  GString *tooltip = g_string_new ("File checks:");
  GantryVerdictState state = group_state (verdicts);

  for (guint i = 0; i < verdicts->len; i++)
    {
      const GantryVerdict *v = g_ptr_array_index (verdicts, i);

      if (v->state == GANTRY_VERDICT_PASS)
        n_pass++;
      else if (v->state == GANTRY_VERDICT_FAIL)
        {
          n_fail++;
          failed = failed ? failed : v;
        }
      else
        n_skipped++;
      append_verdict (tooltip, v, v->check);
    }
  if (n_fail == 1)
    label = g_strdup_printf ("✗ %s", failed->check);
  else if (n_fail > 1)
    label = g_strdup_printf ("✗ %u checks", n_fail);
  else if (n_pass > 0)
    label = g_strdup_printf ("✓ %u check%s", n_pass, n_pass == 1 ? "" : "s");
  else
    label = g_strdup_printf ("– %u check%s", n_skipped, n_skipped == 1 ? "" : "s");
  return run_mark_new (label, gantry_verdict_state_to_string (state), g_string_free (tooltip, FALSE));
}

/* Where the artifact ran: one place ("native", "qemu-aarch64", "wine"), or
 * every container image as one mark. */
static GantryRunMark *
place_mark (GPtrArray  *verdicts,
            const char *name)
{
  const GantryVerdict *first = g_ptr_array_index (verdicts, 0);
  GantryVerdictState state = group_state (verdicts);
  g_autofree char *label = NULL;
  GString *tooltip;

  if (verdicts->len == 1)
    {
      /* "podman:alpine:3.19" is shown as the image, "podman" with no image as a container */
      const char *shown = gantry_verify_place_image (first->place);

      if (shown == NULL)
        shown = g_str_equal (name, "containers") ? "container" : first->place;
      /* "qemu-aarch64": the row names the architecture already */
      if (g_str_has_prefix (first->place, "qemu"))
        shown = "qemu";
      /* a target this machine cannot run (a Mac binary on Linux) */
      if (g_str_equal (first->place, "here"))
        shown = "this machine";
      label = g_strdup_printf ("%s %s", verdict_symbol (state), shown);
      tooltip = g_string_new (NULL);
      g_string_append_printf (tooltip, "%s %s: %s", verdict_symbol (state), first->place,
                              first->message ? first->message : gantry_verdict_state_to_string (state));
      if (first->state == GANTRY_VERDICT_FAIL)
        append_output (tooltip, first->output);
      return run_mark_new (label, gantry_verdict_state_to_string (state), g_string_free (tooltip, FALSE));
    }

  label = g_strdup_printf ("%s %u %s", verdict_symbol (state), verdicts->len, name);
  tooltip = g_string_new (NULL);
  g_string_append_printf (tooltip, "%s %s:", verdict_symbol (state), name);
  for (guint i = 0; i < verdicts->len; i++)
    {
      const GantryVerdict *v = g_ptr_array_index (verdicts, i);

      append_verdict (tooltip, v, v->place);
    }
  return run_mark_new (label, gantry_verdict_state_to_string (state), g_string_free (tooltip, FALSE));
}

/* The marks of target @key: its places in the matrix's order, the
 * containers together where the first one was, the file checks last. */
static GPtrArray *
marks_for (GPtrArray  *matrix,
           const char *key)
{
  GPtrArray *marks = g_ptr_array_new_with_free_func ((GDestroyNotify) run_mark_free);
  g_autoptr(GPtrArray) places = g_ptr_array_new ();       /* names, in order */
  g_autoptr(GHashTable) by_place = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();

  for (guint i = 0; i < matrix->len; i++)
    {
      GantryVerdict *v = g_ptr_array_index (matrix, i);
      const char *group;
      GPtrArray *in;

      if (g_strcmp0 (v->target, key) != 0 || v->place == NULL)
        continue;
      if (g_str_equal (v->place, "static"))
        {
          g_ptr_array_add (checks, v);
          continue;
        }
      group = g_strcmp0 (v->check, "run") == 0 && gantry_verify_place_is_container (v->place)
        ? "containers" : v->place;
      in = g_hash_table_lookup (by_place, group);
      if (in == NULL)
        {
          in = g_ptr_array_new ();
          g_hash_table_insert (by_place, (gpointer) group, in);
          g_ptr_array_add (places, (gpointer) group);
        }
      g_ptr_array_add (in, v);
    }

  for (guint i = 0; i < places->len; i++)
    g_ptr_array_add (marks, place_mark (g_hash_table_lookup (by_place, g_ptr_array_index (places, i)),
                                        g_ptr_array_index (places, i)));
  if (checks->len > 0)
    g_ptr_array_add (marks, checks_mark (checks));
  return marks;
}

static GPtrArray *
one_mark (const char *label,
          const char *state,
          const char *tooltip)
{
  GPtrArray *marks = g_ptr_array_new_with_free_func ((GDestroyNotify) run_mark_free);

  g_ptr_array_add (marks, run_mark_new (label, state, g_strdup (tooltip)));
  return marks;
}

void
gantry_run_rows_set_verifying (GListModel *rows)
{
  g_return_if_fail (G_IS_LIST_MODEL (rows));

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GantryRunRow) row = g_list_model_get_item (rows, i);

      if (row->problem)
        {
          run_row_take_marks (row, one_mark ("—", "none", "Not checked: this target did not build."));
          continue;
        }
      run_row_set (row, RR_STEP, "verifying");
      run_row_take_marks (row, one_mark ("verifying…", "verifying",
                                         "Checking the binary's files, then running it where this machine can."));
    }
}

void
gantry_run_rows_set_verdicts (GListModel *rows,
                              GPtrArray  *matrix)
{
  g_return_if_fail (G_IS_LIST_MODEL (rows));

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GantryRunRow) row = g_list_model_get_item (rows, i);
      GPtrArray *marks;

      run_row_set (row, RR_STEP, "");
      if (matrix == NULL)
        marks = g_ptr_array_new_with_free_func ((GDestroyNotify) run_mark_free);
      else
        marks = marks_for (matrix, row->strings[RR_TARGET]);
      if (matrix != NULL && marks->len == 0)
        {
          g_ptr_array_unref (marks);
          marks = one_mark ("—", "none", row->problem ? "Not checked: this target did not build."
                                                      : "Not checked: no verdicts were recorded for this target.");
        }
      run_row_take_marks (row, marks);
      /* built, but not releasable as it is: never the green "Built" */
      if (row->runs_on_problem && g_strcmp0 (row->strings[RR_STATE], "Built") == 0)
        run_row_set (row, RR_STATE, "Check failed");
    }
}

void
gantry_run_rows_set_verify_error (GListModel   *rows,
                                  const GError *error)
{
  gboolean cancelled;

  g_return_if_fail (G_IS_LIST_MODEL (rows));
  g_return_if_fail (error != NULL);

  cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GantryRunRow) row = g_list_model_get_item (rows, i);
      g_autofree char *why = NULL;

      run_row_set (row, RR_STEP, "");
      if (row->problem)
        continue;
      if (cancelled)
        run_row_take_marks (row, one_mark ("verification cancelled", "none",
                                           "Verification was cancelled: build again to check this target."));
      else
        {
          why = g_strdup_printf ("Verification failed: %s", error->message);
          run_row_take_marks (row, one_mark ("✗ not verified", "fail", why));
        }
    }
}

/* ------------------------------------------------------------------ */
/* Step items                                                          */
/* ------------------------------------------------------------------ */

struct _GantryStepItem
{
  GObject parent_instance;

  guint index;
  char *name;
  char *target;
  char *text;
  char *state;
  gboolean running;
};

enum {
  SI_PROP_0,
  SI_PROP_INDEX,
  SI_PROP_NAME,
  SI_PROP_TARGET,
  SI_PROP_TEXT,
  SI_PROP_STATE,
  SI_PROP_RUNNING,
  SI_N_PROPS
};

static GParamSpec *si_properties[SI_N_PROPS];

G_DEFINE_FINAL_TYPE (GantryStepItem, gantry_step_item, G_TYPE_OBJECT)

const char *
gantry_step_item_get_text (GantryStepItem *self)
{
  g_return_val_if_fail (GANTRY_IS_STEP_ITEM (self), NULL);
  return self->text;
}

gboolean
gantry_step_item_get_running (GantryStepItem *self)
{
  g_return_val_if_fail (GANTRY_IS_STEP_ITEM (self), FALSE);
  return self->running;
}

static void
gantry_step_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GantryStepItem *self = GANTRY_STEP_ITEM (object);

  switch (prop_id)
    {
    case SI_PROP_INDEX: g_value_set_uint (value, self->index); break;
    case SI_PROP_NAME: g_value_set_string (value, self->name); break;
    case SI_PROP_TARGET: g_value_set_string (value, self->target); break;
    case SI_PROP_TEXT: g_value_set_string (value, self->text); break;
    case SI_PROP_STATE: g_value_set_string (value, self->state); break;
    case SI_PROP_RUNNING: g_value_set_boolean (value, self->running); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_step_item_finalize (GObject *object)
{
  GantryStepItem *self = GANTRY_STEP_ITEM (object);

  g_free (self->name);
  g_free (self->target);
  g_free (self->text);
  g_free (self->state);

  G_OBJECT_CLASS (gantry_step_item_parent_class)->finalize (object);
}

static void
gantry_step_item_class_init (GantryStepItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gantry_step_item_finalize;
  object_class->get_property = gantry_step_item_get_property;

  si_properties[SI_PROP_INDEX] = g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT, 0, ro);
  si_properties[SI_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  si_properties[SI_PROP_TARGET] = g_param_spec_string ("target", NULL, NULL, NULL, ro);
  si_properties[SI_PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, ro);
  si_properties[SI_PROP_STATE] = g_param_spec_string ("state", NULL, NULL, NULL, ro);
  si_properties[SI_PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, SI_N_PROPS, si_properties);
}

static void
gantry_step_item_init (GantryStepItem *self)
{
}

GListStore *
gantry_step_items_new (GantryPlan  *plan,
                       GantryShell  shell)
{
  GListStore *items;

  g_return_val_if_fail (GANTRY_IS_PLAN (plan), NULL);

  items = g_list_store_new (GANTRY_TYPE_STEP_ITEM);
  for (guint i = 0; i < gantry_plan_get_n_steps (plan); i++)
    {
      const GantryStep *step = gantry_plan_get_step (plan, i);
      g_autoptr(GantryStepItem) item = g_object_new (GANTRY_TYPE_STEP_ITEM, NULL);

      item->index = i;
      item->name = g_strdup (step->name);
      item->target = g_strdup (step->target);
      item->text = gantry_step_render (step, shell);
      g_list_store_append (items, item);
    }
  return items;
}

void
gantry_step_items_render (GListModel  *items,
                          GantryPlan  *plan,
                          GantryShell  shell)
{
  g_return_if_fail (G_IS_LIST_MODEL (items));
  g_return_if_fail (GANTRY_IS_PLAN (plan));

  for (guint i = 0; i < g_list_model_get_n_items (items) && i < gantry_plan_get_n_steps (plan); i++)
    {
      g_autoptr(GantryStepItem) item = g_list_model_get_item (items, i);
      g_autofree char *text = gantry_step_render (gantry_plan_get_step (plan, i), shell);

      if (set_str (&item->text, text))
        g_object_notify_by_pspec (G_OBJECT (item), si_properties[SI_PROP_TEXT]);
    }
}

void
gantry_step_items_update (GListModel   *items,
                          GantryRunner *runner)
{
  g_return_if_fail (G_IS_LIST_MODEL (items));
  g_return_if_fail (GANTRY_IS_RUNNER (runner));

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(GantryStepItem) item = g_list_model_get_item (items, i);
      GantryStepState state = gantry_runner_get_step_state (runner, i);
      gboolean running = state == GANTRY_STEP_RUNNING;

      if (set_str (&item->state, state_words (state)))
        g_object_notify_by_pspec (G_OBJECT (item), si_properties[SI_PROP_STATE]);
      if (item->running != running)
        {
          item->running = running;
          g_object_notify_by_pspec (G_OBJECT (item), si_properties[SI_PROP_RUNNING]);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Making a build off the main thread                                  */
/* ------------------------------------------------------------------ */

typedef struct
{
  GantryStore *store;
  GantryProject *project;
  GStrv targets;
  gboolean pipeline;      /* a whole release, not only a build */
  char *engine;           /* this machine's container settings */
  GStrv engine_flags;
  GStrv default_images;
} NewBuildData;

static void
new_build_data_free (gpointer data)
{
  NewBuildData *d = data;

  g_clear_object (&d->store);
  g_clear_object (&d->project);
  g_strfreev (d->targets);
  g_free (d->engine);
  g_strfreev (d->engine_flags);
  g_strfreev (d->default_images);
  g_free (d);
}

/* gantry_build_new or gantry_pipeline_new, in the worker */
static void
new_build_worker (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  NewBuildData *d = task_data;
  GError *error = NULL;
  gpointer made;

  if (d->pipeline)
    {
      GantryPipelineOptions options = { 0 };

      options.verify.engine = d->engine;
      options.verify.engine_flags = (const char * const *) d->engine_flags;
      options.verify.default_images = (const char * const *) d->default_images;
      made = gantry_pipeline_new (d->store, d->project, &options, &error);
    }
  else
    {
      GantryBuildOptions options = { 0 };

      options.targets = d->targets;
      made = gantry_build_new (d->store, d->project, &options, &error);
    }
  if (made == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, made, g_object_unref);
}

static void
new_build_start (GantryStore         *store,
                 GantryProject       *project,
                 const char * const  *targets,
                 gboolean             pipeline,
                 const GantryVerifyOptions *machine,
                 gpointer             source_tag,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  NewBuildData *d;

  g_return_if_fail (GANTRY_IS_STORE (store));
  g_return_if_fail (GANTRY_IS_PROJECT (project));

  d = g_new0 (NewBuildData, 1);
  d->store = g_object_ref (store);
  d->project = g_object_ref (project);
  d->targets = g_strdupv ((char **) targets);
  d->pipeline = pipeline;
  if (machine != NULL)
    {
      d->engine = g_strdup (machine->engine);
      d->engine_flags = g_strdupv ((char **) machine->engine_flags);
      d->default_images = g_strdupv ((char **) machine->default_images);
    }

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, d, new_build_data_free);
  g_task_run_in_thread (task, new_build_worker);
}

void
gantry_build_new_async (GantryStore         *store,
                        GantryProject       *project,
                        const char * const  *targets,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  new_build_start (store, project, targets, FALSE, NULL, gantry_build_new_async, cancellable, callback, user_data);
}

GantryBuild *
gantry_build_new_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
gantry_pipeline_new_async (GantryStore               *store,
                           GantryProject             *project,
                           const GantryVerifyOptions *machine,
                           GCancellable              *cancellable,
                           GAsyncReadyCallback        callback,
                           gpointer                   user_data)
{
  new_build_start (store, project, NULL, TRUE, machine, gantry_pipeline_new_async, cancellable, callback, user_data);
}

GantryPipeline *
gantry_pipeline_new_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

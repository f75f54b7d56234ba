/* gantry-pipeline.c — the release pipeline: build every target that can be built, verify what was built, then one verdict */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-pipeline"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "gantry-history.h"
#include "gantry-pipeline.h"
#include "gantry-toolchain.h"

/* ------------------------------------------------------------------ */
/* Outcomes                                                            */
/* ------------------------------------------------------------------ */

static const struct
{
  GantryOutcome outcome;
  const char *state;
  const char *label;
} outcomes[] = {
  { GANTRY_OUTCOME_RUNNING, "running", "Running" },
  { GANTRY_OUTCOME_RELEASED, "released", "Released" },
  { GANTRY_OUTCOME_BUILT, "built", "Built, not packaged" },
  { GANTRY_OUTCOME_PROBLEMS, "problems", "Released with problems" },
  { GANTRY_OUTCOME_NOT_RELEASED, "not-released", "Not released" },
  { GANTRY_OUTCOME_CANCELLED, "cancelled", "Cancelled" },
};

const char *
gantry_outcome_to_state (GantryOutcome outcome)
{
  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    if (outcomes[i].outcome == outcome)
      return outcomes[i].state;
  return "not-released";
}

/* The history reads runs recorded before this pipeline ("ok" even when
 * a check failed) into these words already; anything unknown is not a
 * release. */
GantryOutcome
gantry_outcome_from_state (const char *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    if (g_strcmp0 (outcomes[i].state, state) == 0)
      return outcomes[i].outcome;
  return GANTRY_OUTCOME_NOT_RELEASED;
}

const char *
gantry_outcome_to_label (GantryOutcome outcome)
{
  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    if (outcomes[i].outcome == outcome)
      return outcomes[i].label;
  return "Not released";
}

gboolean
gantry_outcome_is_good (GantryOutcome outcome)
{
  return outcome == GANTRY_OUTCOME_RELEASED || outcome == GANTRY_OUTCOME_BUILT;
}

static void
target_outcome_free (GantryTargetOutcome *t)
{
  g_free (t->target);
  g_free (t->why);
  g_free (t);
}

void
gantry_run_outcome_free (GantryRunOutcome *outcome)
{
  if (outcome == NULL)
    return;
  g_free (outcome->summary);
  g_free (outcome->not_run);
  g_clear_pointer (&outcome->targets, g_ptr_array_unref);
  g_free (outcome);
}

/* The first line of @text that says something, without its end. */
static char *
first_line (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] != '\0')
        return g_strdup (lines[i]);
    }
  return NULL;
}

/* The first line of a build's output that says what went wrong: go
 * heads each package's errors with "# example.com/pkg", which does not */
static char *
first_error_line (const char *log)
{
  g_auto(GStrv) lines = g_strsplit (log != NULL ? log : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] != '\0' && !g_str_has_prefix (lines[i], "# "))
        return g_strdup (lines[i]);
    }
  return first_line (log);
}

/* "glibc-floor, run (qemu-aarch64)": the failed checks of @target */
static char *
failed_checks (GPtrArray  *verdicts,
               const char *target,
               char      **first_message)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < verdicts->len; i++)
    {
      const GantryVerdictRecord *v = g_ptr_array_index (verdicts, i);

      gboolean done_again = FALSE;

      if (g_strcmp0 (v->target, target) != 0 || g_strcmp0 (v->state, "fail") != 0)
        continue;
      /* a check done again (gantry verify) counts as it came out last */
      for (guint j = i + 1; j < verdicts->len && !done_again; j++)
        {
          const GantryVerdictRecord *w = g_ptr_array_index (verdicts, j);

          done_again = w->artifact_id == v->artifact_id && g_strcmp0 (w->check_name, v->check_name) == 0 &&
                       g_strcmp0 (w->place, v->place) == 0;
        }
      if (done_again)
        continue;
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, v->check_name);
      if (v->place != NULL && g_strcmp0 (v->place, "static") != 0)
        g_string_append_printf (names, " (%s)", v->place);
      if (*first_message == NULL)
        *first_message = first_line (v->message);
    }
  return names->len > 0 ? g_string_free (g_steal_pointer (&names), FALSE) : NULL;
}

/* Whether some place ran @target's binary: a run check that passed or
 * failed (a skipped one ran nothing). @checked: it has any check. */
static gboolean
ran_somewhere (GPtrArray  *verdicts,
               const char *target,
               gboolean   *checked)
{
  *checked = FALSE;
  for (guint i = 0; i < verdicts->len; i++)
    {
      const GantryVerdictRecord *v = g_ptr_array_index (verdicts, i);

      if (g_strcmp0 (v->target, target) != 0)
        continue;
      *checked = TRUE;
      if (g_strcmp0 (v->check_name, "run") == 0 && g_strcmp0 (v->state, "skipped") != 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_archive (GPtrArray  *artifacts,
             const char *target)
{
  for (guint i = 0; i < artifacts->len; i++)
    {
      const GantryArtifactRecord *a = g_ptr_array_index (artifacts, i);

      if (g_strcmp0 (a->kind, "archive") == 0 && g_strcmp0 (a->target, target) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Reads what the store holds of @run_id. @cancelled: the caller knows it
 * was cancelled (the store may still say running). */
static GantryRunOutcome *
outcome_read (GantryStore  *store,
              gint64        run_id,
              gboolean      concluding,
              gboolean      cancelled,
              GError      **error)
{
  g_autoptr(GantryRunInfo) info = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(GPtrArray) artifacts = NULL;
  g_autoptr(GPtrArray) verdicts = NULL;
  g_autoptr(GantryRunOutcome) out = g_new0 (GantryRunOutcome, 1);
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GString) not_run = g_string_new (NULL);
  g_autofree char *prepare_failed = NULL;
  GantryOutcome recorded;
  gboolean packaged, build_failed, running;
  guint n_targets = 0, n_not_built = 0, n_problems = 0;

  if (!gantry_history_read_run (store, run_id, &info, &steps, &artifacts, &verdicts, error))
    return NULL;

  recorded = gantry_outcome_from_state (info->state);
  running = recorded == GANTRY_OUTCOME_RUNNING && !concluding;
  /* dist/ is named only when the release was swapped in */
  packaged = info->dist_dir != NULL;
  build_failed = recorded == GANTRY_OUTCOME_NOT_RELEASED;
  if (recorded == GANTRY_OUTCOME_CANCELLED)
    cancelled = TRUE;

  out->run_id = run_id;
  out->targets = g_ptr_array_new_with_free_func ((GDestroyNotify) target_outcome_free);
  for (guint i = 0; i < steps->len; i++)
    {
      const GantryStepRecord *step = g_ptr_array_index (steps, i);
      GantryTargetOutcome *t;

      if (step->target == NULL)
        {
          /* a step of the whole release (go mod download) that failed
           * says why the builds after it could not work */
          if (g_strcmp0 (step->state, "failed") == 0 && prepare_failed == NULL)
            prepare_failed = gantry_doctor_explain (step->log, NULL);
          continue;
        }
      n_targets++;
      t = g_new0 (GantryTargetOutcome, 1);
      t->target = g_strdup (step->target);
      if (g_strcmp0 (step->state, "ok") == 0)
        {
          g_autofree char *message = NULL;
          g_autofree char *checks = failed_checks (verdicts, step->target, &message);
          gboolean checked;

          t->ran = ran_somewhere (verdicts, step->target, &checked);
          /* checked, but only read: nothing here could run it */
          if (checked && !t->ran && !running)
            g_string_append_printf (not_run, "%s%s", not_run->len ? ", " : "", step->target);

          if (checks != NULL)
            {
              t->outcome = GANTRY_OUTCOME_PROBLEMS;
              t->why = message != NULL ? g_strdup_printf ("failed %s: %s", checks, message)
                                       : g_strdup_printf ("failed %s", checks);
              n_problems++;
              g_string_append_printf (problems, "%s%s failed %s", problems->len ? "; " : "", step->target, checks);
            }
          else if (packaged && has_archive (artifacts, step->target))
            t->outcome = GANTRY_OUTCOME_RELEASED;
          else if (!packaged && !build_failed && !cancelled && !running)
            t->outcome = GANTRY_OUTCOME_BUILT;
          else if (running)
            t->outcome = GANTRY_OUTCOME_RUNNING;
          else
            {
              t->outcome = cancelled ? GANTRY_OUTCOME_CANCELLED : GANTRY_OUTCOME_NOT_RELEASED;
              t->why = g_strdup ("built, but the release was not made, so dist/ was left as it was");
            }
        }
      else if ((g_strcmp0 (step->state, "pending") == 0 || g_strcmp0 (step->state, "running") == 0) && running)
        t->outcome = GANTRY_OUTCOME_RUNNING;
      else
        {
          g_autofree char *line = first_error_line (step->log);

          n_not_built++;
          if (g_strcmp0 (step->state, "skipped") == 0)
            t->why = g_strdup_printf ("not built: %s", line ? line : "no compiler here can build it");
          else if (g_strcmp0 (step->state, "failed") == 0)
            t->why = g_strdup_printf ("did not build%s%s", line ? ": " : "", line ? line : "");
          else
            t->why = g_strdup ("cancelled before it built");
          t->outcome = g_strcmp0 (step->state, "failed") == 0 || !cancelled
            ? GANTRY_OUTCOME_NOT_RELEASED : GANTRY_OUTCOME_CANCELLED;
          g_string_append_printf (missing, "%s%s", missing->len ? ", " : "", step->target);
        }
      g_ptr_array_add (out->targets, t);
    }

  if (running)
    {
      out->outcome = GANTRY_OUTCOME_RUNNING;
      out->summary = g_strdup ("Running…");
    }
  else if (cancelled)
    {
      out->outcome = GANTRY_OUTCOME_CANCELLED;
      out->summary = g_strdup ("Cancelled: dist/ was left as it was.");
    }
  else if (build_failed || n_targets == n_not_built)
    {
      out->outcome = GANTRY_OUTCOME_NOT_RELEASED;
      if (n_not_built > 0 && prepare_failed != NULL)
        out->summary = g_strdup_printf ("Not released: %s", prepare_failed);
      else if (n_not_built > 0)
        out->summary = g_strdup_printf ("Not released: %u of %u target%s did not build (%s), so dist/ was left as it was%s%s.",
                                        n_not_built, n_targets, n_targets == 1 ? "" : "s", missing->str,
                                        problems->len ? "; " : "", problems->str);
      else
        out->summary = g_strdup_printf ("Not released: every target built, but the release could not be written, so dist/ was left as it was%s%s.",
                                        problems->len ? "; " : "", problems->str);
    }
  else if (n_problems > 0 || n_not_built > 0)
    {
      out->outcome = GANTRY_OUTCOME_PROBLEMS;
      out->summary = g_strdup_printf ("%s with problems: %s%s%s%s.",
                                      packaged ? "Released" : "Built",
                                      problems->str, problems->len && missing->len ? "; " : "",
                                      missing->len ? "left out (not built): " : "", missing->str);
    }
  else
    {
      out->outcome = packaged ? GANTRY_OUTCOME_RELEASED : GANTRY_OUTCOME_BUILT;
      out->summary = packaged
        ? g_strdup_printf ("Released: %u target%s built, packaged and no check failed.", n_targets, n_targets == 1 ? "" : "s")
        : g_strdup_printf ("Built: %u target%s built and no check failed; dist/ was left as it was.", n_targets, n_targets == 1 ? "" : "s");
    }
  /* the truth about a release nothing here could run: its files were
   * read, its programs never started */
  if (not_run->len > 0 && !running && !cancelled)
    {
      char *summary = out->summary;

      out->not_run = g_strdup (not_run->str);
      if (g_str_has_suffix (summary, "."))
        summary[strlen (summary) - 1] = '\0';
      out->summary = g_strdup_printf ("%s. Not run anywhere here, only inspected: %s.", summary, not_run->str);
      g_free (summary);
    }
  return g_steal_pointer (&out);
}

GantryRunOutcome *
gantry_run_outcome_read (GantryStore  *store,
                         gint64        run_id,
                         GError      **error)
{
  g_return_val_if_fail (GANTRY_IS_STORE (store), NULL);
  return outcome_read (store, run_id, FALSE, FALSE, error);
}

GantryRunOutcome *
gantry_run_outcome_conclude (GantryStore  *store,
                             gint64        run_id,
                             gboolean      cancelled,
                             GError      **error)
{
  g_autoptr(GantryRunOutcome) out = NULL;
  g_autoptr(GantryRunInfo) info = NULL;

  g_return_val_if_fail (GANTRY_IS_STORE (store), NULL);

  info = gantry_history_get_run (store, run_id, error);
  if (info == NULL)
    return NULL;
  /* a run the build left open (it never reached its end) ends here */
  if (g_strcmp0 (info->state, "running") == 0 &&
      !gantry_history_finish_run (store, run_id, cancelled ? "cancelled" : "failed", info->dist_dir, error))
    return NULL;
  out = outcome_read (store, run_id, TRUE, cancelled, error);
  if (out == NULL)
    return NULL;
  if (!gantry_history_set_outcome (store, run_id, gantry_outcome_to_state (out->outcome), error))
    return NULL;
  return g_steal_pointer (&out);
}

GantryRunOutcome *
gantry_run_verify_again (GantryStore               *store,
                         gint64                     run_id,
                         const GantryVerifyOptions *options,
                         gboolean                   reproducible,
                         GPtrArray                **out_matrix,
                         GCancellable              *cancellable,
                         GError                   **error)
{
  g_autoptr(GPtrArray) matrix = NULL;
  g_autoptr(GantryRunInfo) info = NULL;
  GantryRunOutcome *outcome;

  g_return_val_if_fail (GANTRY_IS_STORE (store), NULL);

  if (run_id <= 0 && !gantry_history_find_latest_run (store, 0, &run_id, error))
    return NULL;
  /* a run still building (here or in another window) is concluded by
   * its own release: verifying it now would end it as failed */
  if (run_id > 0 && (info = gantry_history_get_run (store, run_id, NULL)) != NULL &&
      g_strcmp0 (info->state, "running") == 0)
    {
      g_set_error (error, GANTRY_VERIFY_ERROR, GANTRY_VERIFY_ERROR_NOT_FOUND,
                   "Run %" G_GINT64_FORMAT " is still building: verify it again once it has ended.", run_id);
      return NULL;
    }
  if (!gantry_verify_run (store, run_id, options, &matrix, &run_id, cancellable, error))
    return NULL;
  if (reproducible)
    {
      g_autoptr(GPtrArray) rebuilt = NULL;

      if (!gantry_verify_reproducible (store, run_id, options, &rebuilt, cancellable, error))
        return NULL;
      g_ptr_array_extend_and_steal (matrix, g_steal_pointer (&rebuilt));
    }
  /* the run's verdict, from every check it has now */
  outcome = gantry_run_outcome_conclude (store, run_id, FALSE, error);
  if (outcome != NULL && out_matrix != NULL)
    *out_matrix = g_steal_pointer (&matrix);
  return outcome;
}

typedef struct
{
  GantryStore *store;
  gint64 run_id;
  char *engine;
  GStrv engine_flags;
  GStrv default_images;
  GPtrArray *matrix;
} VerifyAgainData;

static void
verify_again_data_free (gpointer data)
{
  VerifyAgainData *d = data;

  g_clear_object (&d->store);
  g_free (d->engine);
  g_strfreev (d->engine_flags);
  g_strfreev (d->default_images);
  g_clear_pointer (&d->matrix, g_ptr_array_unref);
  g_free (d);
}

static void
verify_again_worker (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  VerifyAgainData *d = task_data;
  GantryVerifyOptions options = { 0 };
  GantryRunOutcome *outcome;
  GError *error = NULL;

  options.engine = d->engine;
  options.engine_flags = (const char * const *) d->engine_flags;
  options.default_images = (const char * const *) d->default_images;
  outcome = gantry_run_verify_again (d->store, d->run_id, &options, FALSE, &d->matrix, cancellable, &error);
  if (outcome == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, outcome, (GDestroyNotify) gantry_run_outcome_free);
}

void
gantry_run_verify_again_async (GantryStore               *store,
                               gint64                     run_id,
                               const GantryVerifyOptions *machine,
                               GCancellable              *cancellable,
                               GAsyncReadyCallback        callback,
                               gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  VerifyAgainData *d;

  g_return_if_fail (GANTRY_IS_STORE (store));
  g_return_if_fail (run_id > 0);

  d = g_new0 (VerifyAgainData, 1);
  d->store = g_object_ref (store);
  d->run_id = run_id;
  if (machine != NULL)
    {
      d->engine = g_strdup (machine->engine);
      d->engine_flags = g_strdupv ((char **) machine->engine_flags);
      d->default_images = g_strdupv ((char **) machine->default_images);
    }
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_run_verify_again_async);
  g_task_set_task_data (task, d, verify_again_data_free);
  g_task_run_in_thread (task, verify_again_worker);
}

GantryRunOutcome *
gantry_run_verify_again_finish (GAsyncResult  *result,
                                GPtrArray    **out_matrix,
                                GError       **error)
{
  GantryRunOutcome *outcome;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  outcome = g_task_propagate_pointer (G_TASK (result), error);
  if (outcome != NULL && out_matrix != NULL)
    {
      VerifyAgainData *d = g_task_get_task_data (G_TASK (result));

      *out_matrix = g_steal_pointer (&d->matrix);
    }
  return outcome;
}

void
gantry_run_outcome_add_members (const GantryRunOutcome *outcome,
                                JsonBuilder            *b)
{
  json_builder_set_member_name (b, "outcome");
  json_builder_add_string_value (b, gantry_outcome_to_state (outcome->outcome));
  json_builder_set_member_name (b, "verdict");
  json_builder_add_string_value (b, gantry_outcome_to_label (outcome->outcome));
  json_builder_set_member_name (b, "summary");
  json_builder_add_string_value (b, outcome->summary);
  json_builder_set_member_name (b, "outcomes");
  json_builder_begin_array (b);
  for (guint i = 0; i < outcome->targets->len; i++)
    {
      const GantryTargetOutcome *t = g_ptr_array_index (outcome->targets, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "target");
      json_builder_add_string_value (b, t->target);
      json_builder_set_member_name (b, "outcome");
      json_builder_add_string_value (b, gantry_outcome_to_state (t->outcome));
      json_builder_set_member_name (b, "why");
      if (t->why != NULL)
        json_builder_add_string_value (b, t->why);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "ran");
      json_builder_add_boolean_value (b, t->ran);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* ------------------------------------------------------------------ */
/* The pipeline                                                        */
/* ------------------------------------------------------------------ */

struct _GantryPipeline
{
  GObject parent_instance;

  GantryStore *store;
  GantryBuild *build;
  GantryVerifyOptions verify;
  /* the verify options' settings of this machine, copied: the caller's
   * strings need not outlive the release */
  char *engine;
  GStrv engine_flags;
  GStrv default_images;
  gboolean no_verify;
  gboolean reproducible;
  GStrv skipped;

  GantryPipelinePhase phase;
  GMainContext *context;
  GError *build_error;
  GPtrArray *matrix;
  GantryRunOutcome *outcome;
};

enum { PHASE_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (GantryPipeline, gantry_pipeline, G_TYPE_OBJECT)

GantryBuild *gantry_pipeline_get_build (GantryPipeline *self) { return self->build; }
GantryPipelinePhase gantry_pipeline_get_phase (GantryPipeline *self) { return self->phase; }
GStrv gantry_pipeline_get_skipped (GantryPipeline *self) { return self->skipped; }
GPtrArray *gantry_pipeline_get_matrix (GantryPipeline *self) { return self->matrix; }
const GantryRunOutcome *gantry_pipeline_get_outcome (GantryPipeline *self) { return self->outcome; }
const GError *gantry_pipeline_get_build_error (GantryPipeline *self) { return self->build_error; }

GantryPipeline *
gantry_pipeline_new (GantryStore                *store,
                    GantryProject              *project,
                    const GantryPipelineOptions *options,
                    GError                    **error)
{
  g_autoptr(GantryPipeline) self = NULL;
  g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  GantryBuildOptions build_options;
  GantryPlan *plan;
  guint n_steps;
  gboolean recipe_blocks;

  g_return_val_if_fail (GANTRY_IS_STORE (store), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  self = g_object_new (GANTRY_TYPE_PIPELINE, NULL);
  self->store = g_object_ref (store);
  self->verify = options->verify;
  self->engine = g_strdup (options->verify.engine);
  self->engine_flags = g_strdupv ((char **) options->verify.engine_flags);
  self->default_images = g_strdupv ((char **) options->verify.default_images);
  self->verify.engine = self->engine;
  self->verify.engine_flags = (const char * const *) self->engine_flags;
  self->verify.default_images = (const char * const *) self->default_images;
  self->no_verify = options->no_verify;
  build_options = options->build;
  build_options.skip_unbuildable = !options->block_unbuildable;
  self->build = gantry_build_new (store, project, &build_options, error);
  if (self->build == NULL)
    return NULL;
  self->reproducible = options->reproducible ||
                       gantry_recipe_get_verify_reproducible (gantry_build_get_recipe (self->build));
  /* the recipe may ask for every target (the window's choice); the
   * build skips by then, which matters only if the release starts,
   * and with a target left out it does not */
  recipe_blocks = !options->block_unbuildable &&
                  gantry_recipe_get_block_unbuildable (gantry_build_get_recipe (self->build));

  /* what cannot be built here is known before anything runs */
  plan = gantry_build_get_plan (self->build);
  /* the targets' steps: a go mod download before them is none */
  n_steps = gantry_plan_get_n_steps (plan) - gantry_plan_get_n_prepare_steps (plan);
  for (guint i = gantry_plan_get_n_prepare_steps (plan); i < gantry_plan_get_n_steps (plan); i++)
    {
      const GantryStep *step = gantry_plan_get_step (plan, i);

      if (step->argv == NULL && step->target != NULL)
        g_ptr_array_add (skipped, g_strdup_printf ("%s: %s", step->target,
                                                   step->reason ? step->reason : "no compiler here can build it"));
    }
  if (skipped->len > 0 && !options->plan_only &&
      (options->block_unbuildable || recipe_blocks || skipped->len == n_steps))
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (skipped, NULL);
      list = g_strjoinv ("\n  ", (char **) skipped->pdata);
      if (skipped->len - 1 == n_steps)
        g_set_error (error, GANTRY_BUILD_ERROR, GANTRY_BUILD_ERROR_NOTHING_TO_BUILD,
                     "Nothing can be built here; nothing was started:\n  %s", list);
      else if (recipe_blocks)
        g_set_error (error, GANTRY_BUILD_ERROR, GANTRY_BUILD_ERROR_NOTHING_TO_BUILD,
                     "Not started: the recipe says to stop the release when a target cannot be built here:\n  %s\n"
                     "Install what they need, turn them off, or choose “Build the others” on the Targets page.",
                     list);
      else
        g_set_error (error, GANTRY_BUILD_ERROR, GANTRY_BUILD_ERROR_NOTHING_TO_BUILD,
                     "Not started: these targets cannot be built here, and the release was set to wait for every target:\n  %s\n"
                     "Fix them, turn them off, or release without them.",
                     list);
      return NULL;
    }
  g_ptr_array_add (skipped, NULL);
  self->skipped = (GStrv) g_ptr_array_free (g_steal_pointer (&skipped), FALSE);
  return g_steal_pointer (&self);
}

typedef struct
{
  GantryPipeline *self;
  GantryPipelinePhase phase;
} PhaseChange;

static gboolean
emit_phase (gpointer data)
{
  PhaseChange *change = data;

  change->self->phase = change->phase;
  g_signal_emit (change->self, signals[PHASE_CHANGED], 0, change->phase);
  return G_SOURCE_REMOVE;
}

static void
phase_change_free (gpointer data)
{
  PhaseChange *change = data;

  g_object_unref (change->self);
  g_free (change);
}

/* From the worker: the signal comes on the caller's main context, in
 * its thread, always from an idle (g_main_context_invoke would call it
 * right here when that context happens to be free). */
static void
set_phase (GantryPipeline      *self,
           GantryPipelinePhase  phase)
{
  PhaseChange *change = g_new0 (PhaseChange, 1);
  GSource *source = g_idle_source_new ();

  change->self = g_object_ref (self);
  change->phase = phase;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, emit_phase, change, phase_change_free);
  g_source_set_static_name (source, "[gantry] release phase");
  g_source_attach (source, self->context);
  g_source_unref (source);
}

/* In a worker: the checks, the rebuild, then the outcome recorded. */
static void
verify_and_conclude (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GantryPipeline *self = source_object;
  gint64 run_id = gantry_build_get_run_id (self->build);
  gboolean cancelled = g_error_matches (self->build_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_autoptr(GError) error = NULL;

  gboolean whole_build_failed = self->build_error != NULL && !cancelled &&
                                !g_error_matches (self->build_error, GANTRY_BUILD_ERROR, GANTRY_BUILD_ERROR_TARGETS_FAILED);

  /* a failed target leaves the others to be checked; a build that
   * failed as a whole (dist/ could not be written) has its own error */
  if (!cancelled && !whole_build_failed && !self->no_verify)
    {
      g_autoptr(GPtrArray) matrix = NULL;

      const char * const *mains = gantry_recipe_get_main_packages (gantry_build_get_recipe (self->build));
      gboolean several = mains[0] != NULL && mains[1] != NULL;
      gboolean any_built = FALSE;
      gboolean verified;

      for (guint i = 0; i < gantry_build_get_n_results (self->build); i++)
        any_built |= gantry_build_get_result (self->build, i)->binary != NULL;

      set_phase (self, GANTRY_PIPELINE_PHASE_VERIFYING);
      /* every binary that was built, whatever became of the others; with
       * several programs, each one of every target (the run recorded a
       * binary artifact per program), each run as verify.programs says
       * where it has its own settings */
      if (several && any_built)
        verified = gantry_verify_run (self->store, run_id, &self->verify, &matrix, NULL, cancellable, &error);
      else
        verified = gantry_verify_build (self->store, self->build, &self->verify, &matrix, cancellable, &error);
      if (!verified)
        cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      else
        self->matrix = g_steal_pointer (&matrix);

      /* a rebuild compares with the released binaries: only a release */
      if (error == NULL && self->reproducible && self->build_error == NULL && gantry_build_get_packages (self->build))
        {
          g_autoptr(GPtrArray) rebuilt = NULL;

          set_phase (self, GANTRY_PIPELINE_PHASE_REPRODUCING);
          if (!gantry_verify_reproducible (self->store, run_id, &self->verify, &rebuilt, cancellable, &error))
            cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          else
            g_ptr_array_extend_and_steal (self->matrix, g_steal_pointer (&rebuilt));
        }
      if (error != NULL && !cancelled)
        {
          /* the checks could not be carried out: the run is not released */
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  self->outcome = gantry_run_outcome_conclude (self->store, run_id, cancelled, &error);
  set_phase (self, GANTRY_PIPELINE_PHASE_DONE);
  if (self->outcome == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (cancelled)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The release was cancelled.");
  else if (whole_build_failed)
    g_task_return_error (task, g_error_copy (self->build_error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_build_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GantryPipeline *self = g_task_get_source_object (task);

  gantry_build_run_finish (GANTRY_BUILD (source), result, &self->build_error);
  /* no run recorded at all (the store failed, or dist/ could not be
   * prepared before anything built): nothing to verify or conclude */
  if (gantry_build_get_run_id (self->build) == 0)
    {
      set_phase (self, GANTRY_PIPELINE_PHASE_DONE);
      g_task_return_error (task, g_error_copy (self->build_error));
      return;
    }
  g_task_run_in_thread (task, verify_and_conclude);
}

void
gantry_pipeline_run_async (GantryPipeline       *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GANTRY_IS_PIPELINE (self));
  g_return_if_fail (self->context == NULL);

  self->context = g_main_context_ref_thread_default ();
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_pipeline_run_async);
  self->phase = GANTRY_PIPELINE_PHASE_BUILDING;
  gantry_build_run_async (self->build, cancellable, on_build_done, task);
}

gboolean
gantry_pipeline_run_finish (GantryPipeline  *self,
                           GAsyncResult   *result,
                           GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
gantry_pipeline_finalize (GObject *object)
{
  GantryPipeline *self = GANTRY_PIPELINE (object);

  g_clear_object (&self->build);
  g_clear_object (&self->store);
  g_clear_pointer (&self->skipped, g_strfreev);
  g_clear_pointer (&self->engine, g_free);
  g_clear_pointer (&self->engine_flags, g_strfreev);
  g_clear_pointer (&self->default_images, g_strfreev);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_error (&self->build_error);
  g_clear_pointer (&self->matrix, g_ptr_array_unref);
  g_clear_pointer (&self->outcome, gantry_run_outcome_free);
  G_OBJECT_CLASS (gantry_pipeline_parent_class)->finalize (object);
}

static void
gantry_pipeline_class_init (GantryPipelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gantry_pipeline_finalize;

  /* the phase the release entered (a GantryPipelinePhase) */
  signals[PHASE_CHANGED] = g_signal_new ("phase-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
gantry_pipeline_init (GantryPipeline *self)
{
}

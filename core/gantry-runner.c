/* gantry-runner.c — runs a plan's steps: targets in parallel, live lines, cancel kills the tree */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-runner"

#include "config.h"

#include <string.h>

#include "gantry-process.h"
#include "gantry-runner.h"

/* ------------------------------------------------------------------ */
/* Log lines                                                           */
/* ------------------------------------------------------------------ */

struct _GantryLogLine
{
  GObject parent_instance;

  char *text;
  char *target;
  guint step;
  gboolean is_error;
  gboolean is_header;
  gint64 time_us;
};

G_DEFINE_FINAL_TYPE (GantryLogLine, gantry_log_line, G_TYPE_OBJECT)

static void
gantry_log_line_finalize (GObject *object)
{
  GantryLogLine *self = (GantryLogLine *) object;

  g_free (self->text);
  g_free (self->target);
  G_OBJECT_CLASS (gantry_log_line_parent_class)->finalize (object);
}

static void
gantry_log_line_class_init (GantryLogLineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gantry_log_line_finalize;
}

static void
gantry_log_line_init (GantryLogLine *self)
{
}

GantryLogLine *
gantry_log_line_new (const char *target,
                     guint       step,
                     const char *text,
                     gboolean    is_error,
                     gint64      time_us)
{
  GantryLogLine *self;

  g_return_val_if_fail (text != NULL, NULL);

  self = g_object_new (GANTRY_TYPE_LOG_LINE, NULL);
  self->text = g_strdup (text);
  self->target = g_strdup (target);
  self->step = step;
  self->is_error = !!is_error;
  self->time_us = time_us;
  return self;
}

GantryLogLine *
gantry_log_line_new_header (const char *target,
                            guint       step,
                            const char *text,
                            gint64      time_us)
{
  GantryLogLine *self = gantry_log_line_new (target, step, text, FALSE, time_us);

  self->is_header = TRUE;
  return self;
}

/* "$ CGO_ENABLED=1 GOOS=linux go build -o 'my dir/x' .": what a step ran,
 * on one line, for people (bash's quoting; never run through a shell) */
char *
gantry_log_command_line (const char * const *argv,
                         const char * const *env)
{
  g_autoptr(GString) out = g_string_new ("$");

  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      const char *eq = strchr (env[i], '=');
      g_autofree char *value = NULL;

      if (eq == NULL)
        continue;   /* an unset: the Commands panel shows those */
      value = gantry_shell_quote (GANTRY_SHELL_BASH, eq + 1);
      g_string_append_printf (out, " %.*s=%s", (int) (eq - env[i]), env[i], value);
    }
  for (guint i = 0; argv != NULL && argv[i] != NULL; i++)
    {
      g_autofree char *word = gantry_shell_quote (GANTRY_SHELL_BASH, argv[i]);

      g_string_append_printf (out, " %s", word);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

const char *gantry_log_line_get_text (GantryLogLine *self) { return self->text; }
const char *gantry_log_line_get_target (GantryLogLine *self) { return self->target; }
guint gantry_log_line_get_step (GantryLogLine *self) { return self->step; }
gboolean gantry_log_line_get_is_error (GantryLogLine *self) { return self->is_error; }
gboolean gantry_log_line_get_is_header (GantryLogLine *self) { return self->is_header; }
gint64 gantry_log_line_get_time (GantryLogLine *self) { return self->time_us; }

/* What compilers, linkers and go print when something is wrong. */
gboolean
gantry_log_text_is_error (const char *text)
{
  static const char *needles[] = {
    "error:", "Error:", "ERROR", "fatal", "undefined reference", "cannot find",
    "not found", "No such file", "undefined:", "cannot use", "exit status",
    "panic:", "could not", "failed",
  };

  for (guint i = 0; i < G_N_ELEMENTS (needles); i++)
    if (strstr (text, needles[i]) != NULL)
      return TRUE;
  return FALSE;
}

const char *
gantry_step_state_to_string (GantryStepState state)
{
  static const char *names[] = { "pending", "running", "ok", "failed", "cancelled", "skipped" };

  return state < G_N_ELEMENTS (names) ? names[state] : "unknown";
}

/* ------------------------------------------------------------------ */
/* Runner                                                              */
/* ------------------------------------------------------------------ */

typedef struct
{
  GantryRunner *runner;     /* unowned */
  guint index;
  GantryStepState state;
  GantryProcess *process;   /* from its start until it ended and was read */
  GDataInputStream *out;
  GString *log;
  gint64 started_us;
  gint64 finished_us;
  int exit_status;
  gboolean exited;
  gboolean eof;
} StepRun;

struct _GantryRunner
{
  GObject parent_instance;

  GantryPlan *plan;
  guint jobs;
  GListStore *log;
  StepRun *steps;
  guint n_steps;

  /* state of the current run */
  GTask *task;
  guint next;
  guint running;
  gboolean cancelled;
  gint64 run_started_us;
  GCancellable *cancellable;
  gulong cancelled_id;
};

enum {
  STEP_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (GantryRunner, gantry_runner, G_TYPE_OBJECT)

static void start_more (GantryRunner *self);

static void
set_state (StepRun         *run,
           GantryStepState  state)
{
  run->state = state;
  g_signal_emit (run->runner, signals[STEP_CHANGED], 0, run->index);
}

static void
add_line (GantryRunner *self,
          StepRun      *run,
          const char   *text)
{
  const GantryStep *step = gantry_plan_get_step (self->plan, run->index);
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autoptr(GantryLogLine) line = gantry_log_line_new (step->target, run->index, valid,
                                                       gantry_log_text_is_error (valid),
                                                       g_get_monotonic_time () - self->run_started_us);

  g_string_append (run->log, line->text);
  g_string_append_c (run->log, '\n');
  g_list_store_append (self->log, line);
}

/* Ends the step and everything it started (gantry-process: its
 * process group on Unix, its job object on Windows). */
static void
kill_tree (StepRun *run)
{
  if (run->process != NULL && !run->exited)
    gantry_process_kill (run->process);
}

static void
maybe_complete (GantryRunner *self)
{
  if (self->task == NULL || self->running > 0 || self->next < self->n_steps)
    return;

  {
    g_autoptr(GTask) task = g_steal_pointer (&self->task);

    if (self->cancellable != NULL && self->cancelled_id != 0)
      g_cancellable_disconnect (self->cancellable, self->cancelled_id);
    self->cancelled_id = 0;
    g_clear_object (&self->cancellable);

    if (self->cancelled)
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The run was cancelled.");
    else
      g_task_return_boolean (task, TRUE);
  }
}

static void
finish_step (StepRun *run)
{
  GantryRunner *self = run->runner;

  if (!run->exited || !run->eof)
    return;

  run->finished_us = g_get_monotonic_time ();
  g_debug ("step %u ended after %.3f s", run->index, (run->finished_us - run->started_us) / 1e6);
  run->exit_status = gantry_process_get_status (run->process);
  if (self->cancelled)
    set_state (run, GANTRY_STEP_CANCELLED);
  else if (run->exit_status == 0)
    set_state (run, GANTRY_STEP_OK);
  else
    set_state (run, GANTRY_STEP_FAILED);

  g_clear_object (&run->out);
  g_clear_pointer (&run->process, gantry_process_free);

  self->running--;
  start_more (self);
  maybe_complete (self);
  g_object_unref (self);
}

static void
on_line (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  StepRun *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gsize len = 0;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, &len, &error);
  if (line == NULL && error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
    {
      /* not UTF-8: read the raw line instead next time; keep going */
      g_clear_error (&error);
      line = g_strdup ("(a line that is not UTF-8 was left out)");
    }

  if (line != NULL)
    {
      gsize n = strlen (line);

      if (n > 0 && line[n - 1] == '\r')
        line[n - 1] = '\0';
      add_line (run->runner, run, line);
      g_data_input_stream_read_line_async (run->out, G_PRIORITY_DEFAULT, NULL, on_line, run);
      return;
    }

  run->eof = TRUE;
  finish_step (run);
}

static void
on_exited (GantryProcess *process,
           gpointer       user_data)
{
  StepRun *run = user_data;

  /* what the step started has been ended with it: its output closes */
  run->exited = TRUE;
  finish_step (run);
}

static void
start_step (GantryRunner *self,
            StepRun      *run)
{
  const GantryStep *step = gantry_plan_get_step (self->plan, run->index);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) base_env = NULL;
  g_auto(GStrv) env = NULL;

  if (step->argv == NULL)
    {
      add_line (self, run, step->reason ? step->reason : "not buildable");
      set_state (run, GANTRY_STEP_SKIPPED);
      return;
    }

  base_env = g_get_environ ();
  env = gantry_step_apply_env (step, base_env);
  run->started_us = g_get_monotonic_time ();
  /* the log heads each step's output with its command (the step's own
   * log, which the store keeps, is the program's output alone) */
  {
    g_autofree char *command = gantry_log_command_line ((const char * const *) step->argv,
                                                        (const char * const *) step->env);
    g_autoptr(GantryLogLine) header = gantry_log_line_new_header (step->target, run->index, command,
                                                                  run->started_us - self->run_started_us);

    g_list_store_append (self->log, header);
  }

  run->process = gantry_process_start_environ ((const char * const *) step->argv, (const char * const *) env,
                                               step->cwd, GANTRY_PROCESS_STDERR_MERGE, &error);
  if (run->process == NULL)
    {
      g_autofree char *msg = g_strdup_printf ("could not start %s: %s", step->argv[0], error->message);

      add_line (self, run, msg);
      run->finished_us = g_get_monotonic_time ();
      run->exit_status = -1;
      set_state (run, GANTRY_STEP_FAILED);
      return;
    }

  self->running++;
  g_object_ref (self);
  set_state (run, GANTRY_STEP_RUNNING);

  run->out = g_data_input_stream_new (gantry_process_get_output (run->process));
  g_data_input_stream_set_newline_type (run->out, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  g_data_input_stream_read_line_async (run->out, G_PRIORITY_DEFAULT, NULL, on_line, run);
  gantry_process_watch (run->process, on_exited, run);
}

/* Whether a step the plan runs before the targets' (go mod download)
 * has not ended yet: the targets' steps wait for it, whatever the jobs. */
static gboolean
preparing (GantryRunner *self)
{
  guint n = MIN (gantry_plan_get_n_prepare_steps (self->plan), self->n_steps);

  for (guint i = 0; i < n; i++)
    if (self->steps[i].state == GANTRY_STEP_PENDING || self->steps[i].state == GANTRY_STEP_RUNNING)
      return TRUE;
  return FALSE;
}

static void
start_more (GantryRunner *self)
{
  while (!self->cancelled && self->running < self->jobs && self->next < self->n_steps &&
         !(self->next >= gantry_plan_get_n_prepare_steps (self->plan) && preparing (self)))
    start_step (self, &self->steps[self->next++]);

  if (self->cancelled)
    {
      for (; self->next < self->n_steps; self->next++)
        set_state (&self->steps[self->next], GANTRY_STEP_CANCELLED);
    }
}

static gboolean
cancel_in_main (gpointer data)
{
  GantryRunner *self = data;

  self->cancelled = TRUE;
  for (guint i = 0; i < self->n_steps; i++)
    kill_tree (&self->steps[i]);
  start_more (self);
  maybe_complete (self);
  return G_SOURCE_REMOVE;
}

static void
on_cancelled (GCancellable *cancellable,
              GantryRunner *self)
{
  /* May come from any thread. g_main_context_invoke() would run the
   * callback right here when the context is free to acquire, racing
   * the runner's own thread: always queue it in the runner's context. */
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_HIGH);
  g_source_set_callback (source, cancel_in_main, g_object_ref (self), g_object_unref);
  g_source_attach (source, g_task_get_context (self->task));
}

void
gantry_runner_run_async (GantryRunner        *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (GANTRY_IS_RUNNER (self));
  g_return_if_fail (self->task == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, gantry_runner_run_async);
  self->next = 0;
  self->running = 0;
  self->cancelled = FALSE;
  self->run_started_us = g_get_monotonic_time ();

  if (cancellable != NULL)
    {
      self->cancellable = g_object_ref (cancellable);
      self->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), self, NULL);
    }

  start_more (self);
  maybe_complete (self);
}

gboolean
gantry_runner_run_finish (GantryRunner  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_sync_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Runs in a private main context, for the command line and tests. */
gboolean
gantry_runner_run (GantryRunner  *self,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;

  g_main_context_push_thread_default (context);
  gantry_runner_run_async (self, cancellable, on_sync_done, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  return gantry_runner_run_finish (self, result, error);
}

/* ------------------------------------------------------------------ */
/* Results                                                             */
/* ------------------------------------------------------------------ */

GantryPlan *
gantry_runner_get_plan (GantryRunner *self)
{
  g_return_val_if_fail (GANTRY_IS_RUNNER (self), NULL);
  return self->plan;
}

GListModel *
gantry_runner_get_log (GantryRunner *self)
{
  g_return_val_if_fail (GANTRY_IS_RUNNER (self), NULL);
  return G_LIST_MODEL (self->log);
}

GantryStepState
gantry_runner_get_step_state (GantryRunner *self,
                              guint         step)
{
  g_return_val_if_fail (GANTRY_IS_RUNNER (self), GANTRY_STEP_PENDING);
  g_return_val_if_fail (step < self->n_steps, GANTRY_STEP_PENDING);
  return self->steps[step].state;
}

int
gantry_runner_get_exit_status (GantryRunner *self,
                               guint         step)
{
  g_return_val_if_fail (GANTRY_IS_RUNNER (self), -1);
  g_return_val_if_fail (step < self->n_steps, -1);
  return self->steps[step].exit_status;
}

gint64
gantry_runner_get_duration_us (GantryRunner *self,
                               guint         step)
{
  StepRun *run;

  g_return_val_if_fail (GANTRY_IS_RUNNER (self), 0);
  g_return_val_if_fail (step < self->n_steps, 0);

  run = &self->steps[step];
  if (run->started_us == 0)
    return 0;
  return (run->finished_us ? run->finished_us : g_get_monotonic_time ()) - run->started_us;
}

char *
gantry_runner_get_step_log (GantryRunner *self,
                            guint         step)
{
  g_return_val_if_fail (GANTRY_IS_RUNNER (self), NULL);
  g_return_val_if_fail (step < self->n_steps, NULL);
  return g_strdup (self->steps[step].log->str);
}

/* The lines that say what went wrong: the first error-looking ones, or
 * the last lines when none looks like an error. */
char *
gantry_runner_get_first_errors (GantryRunner *self,
                                guint         step,
                                guint         max_lines)
{
  g_return_val_if_fail (GANTRY_IS_RUNNER (self), NULL);
  g_return_val_if_fail (step < self->n_steps, NULL);

  return gantry_log_text_first_errors (self->steps[step].log->str, max_lines);
}

char *
gantry_log_text_first_errors (const char *log,
                              guint       max_lines)
{
  g_auto(GStrv) lines = g_strsplit (log != NULL ? log : "", "\n", -1);
  GString *out = g_string_new (NULL);
  guint n = g_strv_length (lines), found = 0;

  while (n > 0 && lines[n - 1][0] == '\0')
    n--;

  for (guint i = 0; i < n && found < max_lines; i++)
    if (gantry_log_text_is_error (lines[i]) && !g_str_has_prefix (lines[i], "#"))
      {
        g_string_append_printf (out, "%s\n", lines[i]);
        found++;
      }

  if (found == 0)
    for (guint i = n > max_lines ? n - max_lines : 0; i < n; i++)
      g_string_append_printf (out, "%s\n", lines[i]);

  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
gantry_runner_dispose (GObject *object)
{
  GantryRunner *self = (GantryRunner *) object;

  for (guint i = 0; i < self->n_steps; i++)
    kill_tree (&self->steps[i]);

  G_OBJECT_CLASS (gantry_runner_parent_class)->dispose (object);
}

static void
gantry_runner_finalize (GObject *object)
{
  GantryRunner *self = (GantryRunner *) object;

  for (guint i = 0; i < self->n_steps; i++)
    {
      g_clear_object (&self->steps[i].out);
      g_clear_pointer (&self->steps[i].process, gantry_process_free);
      g_string_free (self->steps[i].log, TRUE);
    }
  g_free (self->steps);
  g_clear_object (&self->log);
  g_clear_object (&self->plan);

  G_OBJECT_CLASS (gantry_runner_parent_class)->finalize (object);
}

static void
gantry_runner_class_init (GantryRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gantry_runner_dispose;
  object_class->finalize = gantry_runner_finalize;

  /* A step started, ended, or was skipped or cancelled. */
  signals[STEP_CHANGED] =
    g_signal_new ("step-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
gantry_runner_init (GantryRunner *self)
{
  self->log = g_list_store_new (GANTRY_TYPE_LOG_LINE);
}

GantryRunner *
gantry_runner_new (GantryPlan *plan,
                   guint       jobs)
{
  GantryRunner *self;

  g_return_val_if_fail (GANTRY_IS_PLAN (plan), NULL);

  self = g_object_new (GANTRY_TYPE_RUNNER, NULL);
  self->plan = g_object_ref (plan);
  self->jobs = jobs > 0 ? jobs : MAX (1, g_get_num_processors ());
  self->n_steps = gantry_plan_get_n_steps (plan);
  self->steps = g_new0 (StepRun, self->n_steps);
  for (guint i = 0; i < self->n_steps; i++)
    {
      self->steps[i].runner = self;
      self->steps[i].index = i;
      self->steps[i].log = g_string_new (NULL);
      self->steps[i].exit_status = -1;
    }
  return self;
}

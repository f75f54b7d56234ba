/* gantry-process.c — one way to start a program: argv, environment changes, folder; never a shell */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-process"

#include "config.h"

#include <string.h>

#include "gantry-process.h"

/* After a timeout ends the program, what it printed is still read for
 * this long: something it started may hold the pipe open. */
#define GRACE_SECONDS 2

void
gantry_process_result_clear (GantryProcessResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->output, g_free);
  g_clear_pointer (&result->errors, g_free);
}

GSubprocessLauncher *
gantry_process_launcher_new (GSubprocessFlags     flags,
                             const char * const  *env,
                             const char          *cwd)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      const char *eq = strchr (env[i], '=');

      if (eq != NULL)
        {
          g_autofree char *key = g_strndup (env[i], eq - env[i]);
          g_subprocess_launcher_setenv (launcher, key, eq + 1, TRUE);
        }
      else
        g_subprocess_launcher_unsetenv (launcher, env[i]);
    }
  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);
  return launcher;
}

GSubprocess *
gantry_process_spawn (const char * const  *argv,
                      const char * const  *env,
                      const char          *cwd,
                      GSubprocessFlags     flags,
                      GError             **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);

  launcher = gantry_process_launcher_new (flags, env, cwd);
  return g_subprocess_launcher_spawnv (launcher, argv, error);
}

typedef struct
{
  GSubprocess  *proc;
  GCancellable *stop;       /* ends the reading: cancel, or the grace after a timeout */
  GSource      *grace;
  GBytes       *out;
  GBytes       *err;
  gboolean      done;
  gboolean      failed;     /* the reading ended early: the program may still run */
  gboolean      timed_out;
} Wait;

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Wait *w = user_data;

  w->failed = !g_subprocess_communicate_finish (G_SUBPROCESS (source), result, &w->out, &w->err, NULL);
  w->done = TRUE;
}

static gboolean
on_grace_over (gpointer user_data)
{
  Wait *w = user_data;

  g_cancellable_cancel (w->stop);
  return G_SOURCE_REMOVE;
}

static gboolean
on_timeout (gpointer user_data)
{
  Wait *w = user_data;

  w->timed_out = TRUE;
  g_subprocess_force_exit (w->proc);
  w->grace = g_timeout_source_new_seconds (GRACE_SECONDS);
  g_source_set_callback (w->grace, on_grace_over, w, NULL);
  g_source_attach (w->grace, g_main_context_get_thread_default ());
  return G_SOURCE_REMOVE;
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static char *
bytes_to_text (GBytes *bytes)
{
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    return g_strdup ("");
  return g_utf8_make_valid (g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes));
}

gboolean
gantry_process_wait (GSubprocess          *proc,
                     guint                 timeout_seconds,
                     GCancellable         *cancellable,
                     GantryProcessResult  *result,
                     GError              **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GBytes) no_input = NULL;
  g_autoptr(GSource) timer = NULL;
  Wait w = { 0 };
  gulong handler = 0;
  gint64 start = g_get_monotonic_time ();
  double seconds_before = result != NULL ? result->seconds : 0;

  g_return_val_if_fail (G_IS_SUBPROCESS (proc), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  result->spawned = TRUE;
  w.proc = proc;
  w.stop = g_cancellable_new ();
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), g_object_ref (w.stop), g_object_unref);

  g_main_context_push_thread_default (context);
  if (g_subprocess_get_stdin_pipe (proc) != NULL)
    no_input = g_bytes_new_static ("", 0);
  g_subprocess_communicate_async (proc, no_input, w.stop, on_communicated, &w);
  if (timeout_seconds > 0)
    {
      timer = g_timeout_source_new_seconds (timeout_seconds);
      g_source_set_callback (timer, on_timeout, &w, NULL);
      g_source_attach (timer, context);
    }
  while (!w.done)
    g_main_context_iteration (context, TRUE);
  if (timer != NULL)
    g_source_destroy (timer);
  if (w.grace != NULL)
    {
      g_source_destroy (w.grace);
      g_source_unref (w.grace);
    }
  g_main_context_pop_thread_default (context);
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);

  /* a program that finished just before the cancel counts as finished */
  result->cancelled = w.failed && g_cancellable_is_cancelled (cancellable);
  result->timed_out = w.timed_out;
  if (w.failed)
    g_subprocess_force_exit (proc);
  g_subprocess_wait (proc, NULL, NULL);

  result->seconds = seconds_before + (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  if (g_subprocess_get_if_exited (proc))
    {
      result->exited = TRUE;
      result->status = g_subprocess_get_exit_status (proc);
    }
#ifdef G_OS_UNIX
  else if (g_subprocess_get_if_signaled (proc))
    result->term_signal = g_subprocess_get_term_sig (proc);
#endif
  g_free (result->output);
  result->output = bytes_to_text (w.out);
  g_free (result->errors);
  result->errors = w.err != NULL ? bytes_to_text (w.err) : NULL;
  g_clear_pointer (&w.out, g_bytes_unref);
  g_clear_pointer (&w.err, g_bytes_unref);
  g_clear_object (&w.stop);

  if (result->cancelled)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
      return FALSE;
    }
  if (result->timed_out)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "did not finish within %u s", timeout_seconds);
      return FALSE;
    }
  return TRUE;
}

gboolean
gantry_process_run (const char * const  *argv,
                    const char * const  *env,
                    const char          *cwd,
                    GSubprocessFlags     flags,
                    guint                timeout_seconds,
                    GCancellable        *cancellable,
                    GantryProcessResult *result,
                    GError             **error)
{
  g_autoptr(GSubprocess) proc = NULL;
  gint64 start = g_get_monotonic_time ();

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  memset (result, 0, sizeof *result);
  proc = gantry_process_spawn (argv, env, cwd, flags, error);
  result->seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  if (proc == NULL)
    {
      result->output = g_strdup ("");
      return FALSE;
    }
  return gantry_process_wait (proc, timeout_seconds, cancellable, result, error);
}

/* gantry-process.h — one way to start a program: argv, environment changes, folder; never a shell */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How one program ended. Zeroed before it runs. */
typedef struct
{
  gboolean  spawned;      /* FALSE: it could not start (the error says why) */
  gboolean  exited;       /* it ended by itself: @status holds its exit status */
  int       status;
  int       term_signal;  /* it was killed by this signal (Unix) */
  gboolean  timed_out;    /* ended by Gantry after the timeout */
  gboolean  cancelled;    /* ended by Gantry because the cancellable fired */
  char     *output;       /* stdout (with stderr when merged), valid UTF-8; "" when none */
  char     *errors;       /* stderr when it has a pipe of its own, valid UTF-8; else NULL */
  double    seconds;      /* from start to end, spawning included */
} GantryProcessResult;

void                 gantry_process_result_clear (GantryProcessResult *result);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GantryProcessResult, gantry_process_result_clear)

/* A launcher for @flags with @env applied to this process's environment
 * (KEY=VALUE sets, KEY alone unsets; may be NULL) and @cwd (NULL: this
 * process's folder). */
GSubprocessLauncher *gantry_process_launcher_new (GSubprocessFlags     flags,
                                                  const char * const  *env,
                                                  const char          *cwd);

/* Starts @argv (never through a shell) the same way. */
GSubprocess         *gantry_process_spawn        (const char * const  *argv,
                                                  const char * const  *env,
                                                  const char          *cwd,
                                                  GSubprocessFlags     flags,
                                                  GError             **error);

/* Waits for @proc, gathering its output; stdin, when piped, is closed
 * at once (a program waiting for input sees end of file). It is ended
 * after @timeout_seconds (0: no limit) or when @cancellable fires.
 * Fills @result (spawned is set); returns FALSE with
 * G_IO_ERROR_TIMED_OUT or G_IO_ERROR_CANCELLED when it was ended. */
gboolean             gantry_process_wait         (GSubprocess          *proc,
                                                  guint                 timeout_seconds,
                                                  GCancellable         *cancellable,
                                                  GantryProcessResult  *result,
                                                  GError              **error);

/* gantry_process_spawn() then gantry_process_wait(): FALSE when it
 * could not start, or was ended early; @result says how it went either
 * way (a spawn failure leaves spawned FALSE and output ""). */
gboolean             gantry_process_run          (const char * const  *argv,
                                                  const char * const  *env,
                                                  const char          *cwd,
                                                  GSubprocessFlags     flags,
                                                  guint                timeout_seconds,
                                                  GCancellable        *cancellable,
                                                  GantryProcessResult *result,
                                                  GError             **error);

G_END_DECLS

/* gantry-process.h — one way to start a program: argv, environment changes, folder; never a shell */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Every program Gantry starts (build steps, checks, probes, installers)
 * starts here, the same way on every system:
 * - stdin reads as empty (/dev/null, NUL): a program waiting for input
 *   sees end of file, never Gantry's terminal;
 * - stdout is a pipe; stderr goes into the same pipe, a pipe of its own,
 *   or nowhere;
 * - it inherits nothing else: no descriptor or handle Gantry has open;
 * - it leads a process tree Gantry can end as a whole: its own process
 *   group on Unix, a kill-on-close job object on Windows, joined before
 *   its first instruction runs (it starts suspended);
 * - on Windows, no console window opens, and arguments reach it as
 *   CommandLineToArgvW and the C runtime read them. */

typedef enum
{
  GANTRY_PROCESS_STDERR_MERGE,     /* stderr into the output */
  GANTRY_PROCESS_STDERR_PIPE,      /* a pipe of its own: gantry_process_get_errors() */
  GANTRY_PROCESS_STDERR_SILENCE,   /* thrown away */
} GantryProcessStderr;

typedef struct _GantryProcess GantryProcess;

typedef void (*GantryProcessExited) (GantryProcess *process,
                                     gpointer       user_data);

/* How one program ended. Zeroed before it runs. */
typedef struct
{
  gboolean  spawned;      /* FALSE: it could not start (the error says why) */
  gboolean  exited;       /* it ended by itself: @status holds its exit status */
  int       status;
  int       term_signal;  /* it was killed by this signal (Unix) */
  gboolean  timed_out;    /* ended by Gantry after the timeout */
  gboolean  cancelled;    /* ended by Gantry because the cancellable fired */
  char     *output;       /* stdout (with stderr when merged), valid UTF-8, \r\n as \n; "" when none */
  char     *errors;       /* stderr when it has a pipe of its own, valid UTF-8; else NULL */
  double    seconds;      /* from start to end, spawning included */
} GantryProcessResult;

void                 gantry_process_result_clear (GantryProcessResult *result);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GantryProcessResult, gantry_process_result_clear)

/* This process's environment with @changes applied: KEY=VALUE sets,
 * KEY alone unsets (names compared without case on Windows). */
char               **gantry_environ_apply        (char               **base,
                                                  const char * const  *changes);

/* Starts @argv with this process's environment changed by @env (may be
 * NULL) in @cwd (NULL: this process's folder). A bare program name is
 * looked up in the PATH the program gets. */
GantryProcess       *gantry_process_start        (const char * const  *argv,
                                                  const char * const  *env,
                                                  const char          *cwd,
                                                  GantryProcessStderr  errors,
                                                  GError             **error);

/* The same with a complete environment (NULL: this process's). */
GantryProcess       *gantry_process_start_environ (const char * const  *argv,
                                                   const char * const  *environ_,
                                                   const char          *cwd,
                                                   GantryProcessStderr  errors,
                                                   GError             **error);

/* Its stdout (with stderr when merged), and stderr when it has a pipe of
 * its own (else NULL). Owned by @self. */
GInputStream        *gantry_process_get_output   (GantryProcess       *self);
GInputStream        *gantry_process_get_errors   (GantryProcess       *self);

/* Calls @func once, in the thread-default main context, when the
 * program has ended; what it started is ended with it then (nothing
 * outlives it holding the output open). At most one watch. */
void                 gantry_process_watch        (GantryProcess       *self,
                                                  GantryProcessExited  func,
                                                  gpointer             user_data);

/* After the watch has called back: whether it exited by itself, its
 * exit status, and the signal that ended it (Unix). -1 when it did not
 * exit by itself. */
gboolean             gantry_process_has_ended    (GantryProcess       *self);
int                  gantry_process_get_status   (GantryProcess       *self);

/* Ends the program and everything it started. */
void                 gantry_process_kill         (GantryProcess       *self);

/* Its process id (for messages and tests). */
guint64              gantry_process_get_pid      (GantryProcess       *self);

/* Ends it if it still runs, and frees it. */
void                 gantry_process_free         (GantryProcess       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryProcess, gantry_process_free)

/* Waits for @self, gathering its output. It is ended, with all it
 * started, after @timeout_seconds (0: no limit) or when @cancellable
 * fires. Fills @result (spawned is set); returns FALSE with
 * G_IO_ERROR_TIMED_OUT or G_IO_ERROR_CANCELLED when it was ended.
 * Not with gantry_process_watch(). */
gboolean             gantry_process_wait         (GantryProcess        *self,
                                                  guint                 timeout_seconds,
                                                  GCancellable         *cancellable,
                                                  GantryProcessResult  *result,
                                                  GError              **error);

/* gantry_process_start() then gantry_process_wait(): FALSE when it
 * could not start, or was ended early; @result says how it went either
 * way (a start failure leaves spawned FALSE and output ""). */
gboolean             gantry_process_run          (const char * const  *argv,
                                                  const char * const  *env,
                                                  const char          *cwd,
                                                  GantryProcessStderr  errors,
                                                  guint                timeout_seconds,
                                                  GCancellable        *cancellable,
                                                  GantryProcessResult *result,
                                                  GError             **error);

#ifdef G_OS_UNIX
/* Tests: start programs through GLib's fork() path, the one systems
 * without posix_spawn_file_actions_add{chdir,closefrom}_np take. */
void                 gantry_process_set_forking  (gboolean             forking);
#endif

G_END_DECLS

/* gantry-runner.c — runs a plan's steps: targets in parallel, live lines, cancel kills the tree */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-runner"
/* glibc declares posix_spawn_file_actions_add{chdir,closefrom}_np for it */
#define _GNU_SOURCE

#include "config.h"

#include <string.h>
#include <glib.h>   /* first: it defines G_OS_UNIX */

#ifdef G_OS_UNIX
# include <fcntl.h>
# include <signal.h>
# include <sys/types.h>
# include <sys/wait.h>
# include <unistd.h>
# include <glib-unix.h>
# include <gio/gunixinputstream.h>
#endif
/* Steps start through posix_spawn where it can set the working folder
 * and close inherited descriptors: GSubprocess must fork() to run the
 * child setup that puts the step in its own process group, which cost
 * 0.8 ms per step against 0.15 ms. */
#if defined (G_OS_UNIX) && defined (HAVE_POSIX_SPAWN_FILE_ACTIONS_ADDCHDIR_NP) && \
    defined (HAVE_POSIX_SPAWN_FILE_ACTIONS_ADDCLOSEFROM_NP)
# define DIRECT_SPAWN 1
# include <spawn.h>
extern char **environ;
#endif
/* On Windows, GSubprocess starts a step through GLib's helper program,
 * which cannot merge stderr into stdout (the compiler's errors never
 * reached the log), opens a console window when the window starts a
 * console program, and leaves a moment before the step joins its job
 * object. CreateProcessW does all three as wanted. */
#ifdef G_OS_WIN32
# define DIRECT_SPAWN 1
# include <windows.h>
# include <gio/gwin32inputstream.h>
#endif

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
  GSubprocess *proc;        /* or, started directly: */
  GPid pid;                 /* until reaped */
  int wait_status;
  GDataInputStream *out;
  GString *log;
  gint64 started_us;
  gint64 finished_us;
  int exit_status;
  gboolean exited;
  gboolean eof;
#ifdef G_OS_UNIX
  pid_t pgid;
#endif
#ifdef G_OS_WIN32
  HANDLE job;
#endif
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

/* Ends what is left of a step's process tree: its process group on
 * Unix (the step leads its own), its job object on Windows. */
static void
kill_group (StepRun *run)
{
#ifdef G_OS_UNIX
  if (run->pgid > 0)
    kill (-run->pgid, SIGKILL);
#elif defined (G_OS_WIN32)
  if (run->job != NULL)
    TerminateJobObject (run->job, 1);
#endif
}

static void
kill_tree (StepRun *run)
{
  if ((run->proc == NULL && !run->pid) || run->exited)
    return;

  kill_group (run);
  if (run->proc != NULL)
    g_subprocess_force_exit (run->proc);
#ifdef G_OS_UNIX
  else
    kill (run->pid, SIGKILL);
#elif defined (G_OS_WIN32)
  else if (run->job == NULL)
    TerminateProcess (run->pid, 1);   /* it could not join a job object */
#endif
}

/* The exit status, or -1 when the step was killed or did not exit. */
static int
step_exit_status (StepRun *run)
{
  if (run->proc != NULL)
    return g_subprocess_get_if_exited (run->proc) ? g_subprocess_get_exit_status (run->proc) : -1;
#ifdef G_OS_UNIX
  return WIFEXITED (run->wait_status) ? WEXITSTATUS (run->wait_status) : -1;
#else
  /* Windows: the child watch hands over the exit code itself */
  return run->wait_status;
#endif
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
  run->exit_status = step_exit_status (run);
  if (self->cancelled)
    set_state (run, GANTRY_STEP_CANCELLED);
  else if (run->exit_status == 0)
    set_state (run, GANTRY_STEP_OK);
  else
    set_state (run, GANTRY_STEP_FAILED);

#ifdef G_OS_WIN32
  if (run->job != NULL)
    {
      CloseHandle (run->job);
      run->job = NULL;
    }
#endif
  g_clear_object (&run->out);

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
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  StepRun *run = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  run->exited = TRUE;
  /* Anything the step left running would hold its output open and
   * outlive the release: end it with the step. */
  kill_group (run);
  finish_step (run);
}

#ifdef G_OS_UNIX
static void
child_setup (gpointer data)
{
  /* its own process group, so cancel can end all it starts */
  setpgid (0, 0);
}
#endif

/* The portable way: GSubprocess, with a child setup on Unix that puts
 * the step in its own process group, a job object on Windows. */
G_GNUC_UNUSED static gboolean
spawn_subprocess (StepRun           *run,
                  const GantryStep  *step,
                  char             **env,
                  GError           **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  const char *id;

  launcher = gantry_process_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, NULL, step->cwd);
  g_subprocess_launcher_set_environ (launcher, env);
#ifdef G_OS_UNIX
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
#endif

  run->proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) step->argv, error);
  if (run->proc == NULL)
    return FALSE;

  /* NULL when the child has already exited and been reaped */
  id = g_subprocess_get_identifier (run->proc);
#ifdef G_OS_UNIX
  run->pgid = id ? (pid_t) g_ascii_strtoll (id, NULL, 10) : 0;
#endif
#ifdef G_OS_WIN32
  {
    /* A job object ends the child and everything it starts together.
     * Children started before the assignment escape it; go build
     * starts its compilers later, so in practice it holds the tree. */
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION info = { 0 };
    DWORD pid = id ? (DWORD) g_ascii_strtoull (id, NULL, 10) : 0;
    HANDLE process = pid ? OpenProcess (PROCESS_SET_QUOTA | PROCESS_TERMINATE, FALSE, pid) : NULL;

    run->job = CreateJobObjectW (NULL, NULL);
    info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    SetInformationJobObject (run->job, JobObjectExtendedLimitInformation, &info, sizeof info);
    if (process != NULL)
      {
        AssignProcessToJobObject (run->job, process);
        CloseHandle (process);
      }
  }
#endif

  run->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (run->proc));
  return TRUE;
}

#ifdef DIRECT_SPAWN
static void
on_child_exited (GPid     pid,
                 int      wait_status,
                 gpointer user_data)
{
  StepRun *run = user_data;

  run->wait_status = wait_status;
  g_spawn_close_pid (pid);
  run->exited = TRUE;
  /* as on_exited(): nothing the step started outlives it */
  kill_group (run);
  finish_step (run);
}

/* A step started directly: its output read line by line, its exit
 * watched in this thread's main context. */
static void
watch_started (StepRun      *run,
               GInputStream *pipe_in)
{
  g_autoptr(GSource) watch = g_child_watch_source_new (run->pid);

  run->out = g_data_input_stream_new (pipe_in);
  g_source_set_callback (watch, (GSourceFunc) (void (*) (void)) on_child_exited, run, NULL);
  g_source_set_static_name (watch, "[gantry] step exit");
  g_source_attach (watch, g_main_context_get_thread_default ());
}

#ifdef G_OS_UNIX
/* What GSubprocess would do for the step (stdin from /dev/null, stdout
 * and stderr into one pipe, the program found in Gantry's own PATH, a
 * working folder), plus a process group of its own, without fork(). */
static gboolean
spawn_direct (StepRun           *run,
              const GantryStep  *step,
              char             **env,
              GError           **error)
{
  g_autofree char *program = NULL;
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  g_autoptr(GInputStream) pipe_in = NULL;
  sigset_t no_signals;
  int fds[2];
  int rc;

  program = strchr (step->argv[0], G_DIR_SEPARATOR) != NULL ? g_strdup (step->argv[0])
                                                             : g_find_program_in_path (step->argv[0]);
  if (program == NULL)
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT,
                   "Failed to execute child process “%s” (No such file or directory)", step->argv[0]);
      return FALSE;
    }
  if (!g_unix_open_pipe (fds, FD_CLOEXEC, error))
    return FALSE;

  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_addopen (&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2 (&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2 (&actions, fds[1], STDERR_FILENO);
  if (step->cwd != NULL)
    posix_spawn_file_actions_addchdir_np (&actions, step->cwd);
  posix_spawn_file_actions_addclosefrom_np (&actions, STDERR_FILENO + 1);

  posix_spawnattr_init (&attr);
  sigemptyset (&no_signals);
  posix_spawnattr_setsigmask (&attr, &no_signals);
  posix_spawnattr_setpgroup (&attr, 0);
  posix_spawnattr_setflags (&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);

  rc = posix_spawn (&run->pid, program, &actions, &attr, step->argv, env ? env : environ);
  posix_spawn_file_actions_destroy (&actions);
  posix_spawnattr_destroy (&attr);
  close (fds[1]);
  if (rc != 0)
    {
      close (fds[0]);
      run->pid = 0;
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                   "Failed to execute child process “%s” (%s)", step->argv[0], g_strerror (rc));
      return FALSE;
    }

  run->pgid = run->pid;
  pipe_in = g_unix_input_stream_new (fds[0], TRUE);
  watch_started (run, pipe_in);
  return TRUE;
}
#endif /* G_OS_UNIX */

#ifdef G_OS_WIN32
/* One argument as CommandLineToArgvW and the C runtime read it back:
 * quotes around it when it is empty or has blanks or quotes, a
 * backslash before each quote, and backslashes doubled before a quote. */
static void
append_win32_arg (GString    *line,
                  const char *arg)
{
  if (line->len > 0)
    g_string_append_c (line, ' ');
  if (arg[0] != '\0' && strpbrk (arg, " \t\n\v\"") == NULL)
    {
      g_string_append (line, arg);
      return;
    }

  g_string_append_c (line, '"');
  for (const char *p = arg; ; p++)
    {
      guint backslashes = 0;

      while (*p == '\\')
        {
          p++;
          backslashes++;
        }
      if (*p == '\0')
        {
          for (guint i = 0; i < backslashes * 2; i++)
            g_string_append_c (line, '\\');
          break;
        }
      for (guint i = 0; i < (*p == '"' ? backslashes * 2 + 1 : backslashes); i++)
        g_string_append_c (line, '\\');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

static char *
win32_command_line (const char * const *argv)
{
  GString *line = g_string_new (NULL);

  for (guint i = 0; argv[i] != NULL; i++)
    append_win32_arg (line, argv[i]);
  return g_string_free (line, FALSE);
}

static int
compare_env (gconstpointer a,
             gconstpointer b)
{
  return g_ascii_strcasecmp (*(const char * const *) a, *(const char * const *) b);
}

/* "NAME=value\0...\0\0" in UTF-16, sorted by name as Windows keeps it. */
static gunichar2 *
win32_env_block (char **env)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  g_autoptr(GArray) block = g_array_new (FALSE, FALSE, sizeof (gunichar2));
  const gunichar2 nul = 0;

  for (guint i = 0; env[i] != NULL; i++)
    g_ptr_array_add (sorted, env[i]);
  g_ptr_array_sort (sorted, compare_env);
  for (guint i = 0; i < sorted->len; i++)
    {
      glong n = 0;
      g_autofree gunichar2 *w = g_utf8_to_utf16 (sorted->pdata[i], -1, NULL, &n, NULL);

      if (w == NULL)
        continue;
      g_array_append_vals (block, w, n);
      g_array_append_val (block, nul);
    }
  if (block->len == 0)
    g_array_append_val (block, nul);
  g_array_append_val (block, nul);
  return (gunichar2 *) g_array_free (g_steal_pointer (&block), FALSE);
}

static void
set_win32_error (GError     **error,
                 const char  *program,
                 DWORD        code)
{
  g_autofree char *msg = g_win32_error_message (code);

  g_set_error (error, G_SPAWN_ERROR,
               code == ERROR_FILE_NOT_FOUND || code == ERROR_PATH_NOT_FOUND ? G_SPAWN_ERROR_NOENT
                                                                           : G_SPAWN_ERROR_FAILED,
               "Failed to execute child process “%s” (%s)", program, msg);
}

/* The step started suspended in a job object that ends its whole tree
 * (kill on close), resumed once inside it: nothing it starts escapes.
 * stdin is NUL, stdout and stderr one pipe, no console window. */
static gboolean
spawn_direct (StepRun           *run,
              const GantryStep  *step,
              char             **env,
              GError           **error)
{
  SECURITY_ATTRIBUTES inherit = { sizeof inherit, NULL, TRUE };
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits = { 0 };
  STARTUPINFOEXW info = { 0 };
  PROCESS_INFORMATION pi = { 0 };
  g_autofree char *program = NULL;
  g_autofree char *line = NULL;
  g_autofree gunichar2 *wprogram = NULL;
  g_autofree gunichar2 *wline = NULL;
  g_autofree gunichar2 *wcwd = NULL;
  g_autofree gunichar2 *wenv = NULL;
  g_autofree void *attrs = NULL;
  g_autoptr(GInputStream) pipe_in = NULL;
  HANDLE handles[2];
  HANDLE read_end = NULL, write_end = NULL, null_in;
  SIZE_T attrs_size = 0;
  gboolean ok;
  DWORD code;

  program = g_path_is_absolute (step->argv[0]) || strpbrk (step->argv[0], "/\\") != NULL
              ? g_strdup (step->argv[0])
              : g_find_program_in_path (step->argv[0]);   /* honours PATHEXT */
  if (program == NULL)
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT,
                   "Failed to execute child process “%s” (No such file or directory)", step->argv[0]);
      return FALSE;
    }

  null_in = CreateFileW (L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, &inherit,
                         OPEN_EXISTING, 0, NULL);
  if (null_in == INVALID_HANDLE_VALUE || !CreatePipe (&read_end, &write_end, &inherit, 0))
    {
      code = GetLastError ();
      if (null_in != INVALID_HANDLE_VALUE)
        CloseHandle (null_in);
      set_win32_error (error, step->argv[0], code);
      return FALSE;
    }
  SetHandleInformation (read_end, HANDLE_FLAG_INHERIT, 0);

  info.StartupInfo.cb = sizeof info;
  info.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
  info.StartupInfo.hStdInput = null_in;
  info.StartupInfo.hStdOutput = write_end;
  info.StartupInfo.hStdError = write_end;
  /* only these two handles are inherited, whatever else is open (wine
   * 8 honours the list too); where UpdateProcThreadAttribute refuses
   * it, the step inherits every inheritable handle, as it would from
   * GSubprocess */
  handles[0] = null_in;
  handles[1] = write_end;
  InitializeProcThreadAttributeList (NULL, 1, 0, &attrs_size);
  attrs = g_malloc0 (attrs_size);
  if (InitializeProcThreadAttributeList (attrs, 1, 0, &attrs_size) &&
      UpdateProcThreadAttribute (attrs, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, handles, sizeof handles, NULL, NULL))
    info.lpAttributeList = attrs;

  line = win32_command_line ((const char * const *) step->argv);
  wprogram = g_utf8_to_utf16 (program, -1, NULL, NULL, NULL);
  wline = g_utf8_to_utf16 (line, -1, NULL, NULL, NULL);
  wcwd = step->cwd != NULL ? g_utf8_to_utf16 (step->cwd, -1, NULL, NULL, NULL) : NULL;
  wenv = env != NULL ? win32_env_block (env) : NULL;

  run->job = CreateJobObjectW (NULL, NULL);
  limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
  if (run->job != NULL)
    SetInformationJobObject (run->job, JobObjectExtendedLimitInformation, &limits, sizeof limits);

  ok = CreateProcessW ((wchar_t *) wprogram, (wchar_t *) wline, NULL, NULL, TRUE,
                       CREATE_SUSPENDED | CREATE_NO_WINDOW | CREATE_UNICODE_ENVIRONMENT |
                       (info.lpAttributeList != NULL ? EXTENDED_STARTUPINFO_PRESENT : 0),
                       wenv, (wchar_t *) wcwd, &info.StartupInfo, &pi);
  code = ok ? 0 : GetLastError ();
  if (info.lpAttributeList != NULL)
    DeleteProcThreadAttributeList (info.lpAttributeList);
  CloseHandle (null_in);
  CloseHandle (write_end);
  if (!ok)
    {
      CloseHandle (read_end);
      if (run->job != NULL)
        CloseHandle (run->job);
      run->job = NULL;
      set_win32_error (error, step->argv[0], code);
      return FALSE;
    }

  if (run->job != NULL && !AssignProcessToJobObject (run->job, pi.hProcess))
    {
      /* cancel then ends the step alone, with TerminateProcess() */
      g_debug ("could not put step %u in a job object: %lu", run->index, (gulong) GetLastError ());
      CloseHandle (run->job);
      run->job = NULL;
    }
  ResumeThread (pi.hThread);
  CloseHandle (pi.hThread);

  run->pid = pi.hProcess;
  pipe_in = g_win32_input_stream_new (read_end, TRUE);
  watch_started (run, pipe_in);
  return TRUE;
}
#endif /* G_OS_WIN32 */

#endif /* DIRECT_SPAWN */

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

#ifdef DIRECT_SPAWN
  if (!spawn_direct (run, step, env, &error))
#else
  if (!spawn_subprocess (run, step, env, &error))
#endif
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

  g_data_input_stream_set_newline_type (run->out, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  g_data_input_stream_read_line_async (run->out, G_PRIORITY_DEFAULT, NULL, on_line, run);
  if (run->proc != NULL)
    g_subprocess_wait_async (run->proc, NULL, on_exited, run);
}

static void
start_more (GantryRunner *self)
{
  while (!self->cancelled && self->running < self->jobs && self->next < self->n_steps)
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
      g_clear_object (&self->steps[i].proc);
      g_clear_object (&self->steps[i].out);
      g_string_free (self->steps[i].log, TRUE);
#ifdef G_OS_WIN32
      if (self->steps[i].job != NULL)
        CloseHandle (self->steps[i].job);
#endif
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

/* gantry-process.c — one way to start a program: argv, environment changes, folder; never a shell */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-process"
/* glibc declares posix_spawn_file_actions_add{chdir,closefrom}_np for it */
#define _GNU_SOURCE

#include "config.h"

#include <string.h>
#include <glib.h>   /* first: it defines G_OS_UNIX */

#ifdef G_OS_UNIX
# include <errno.h>
# include <fcntl.h>
# include <signal.h>
# include <sys/types.h>
# include <sys/wait.h>
# include <unistd.h>
# include <glib-unix.h>
# include <gio/gunixinputstream.h>
/* posix_spawn where it can set the working folder and close inherited
 * descriptors (glibc 2.34+): GLib must fork() to run the child setup
 * that gives the program its own process group, 0.8 ms per start
 * against 0.15 ms. Elsewhere GLib's spawn with that child setup. */
# if defined (HAVE_POSIX_SPAWN_FILE_ACTIONS_ADDCHDIR_NP) && \
     defined (HAVE_POSIX_SPAWN_FILE_ACTIONS_ADDCLOSEFROM_NP)
#  define HAVE_SPAWN_NP 1
#  include <spawn.h>
# endif
#endif
/* On Windows, GLib starts programs through its helper program, which
 * cannot merge stderr into stdout (a compiler's errors never reached
 * the log), opens a console window when the window starts a console
 * program, passes every inheritable handle on, and leaves a moment
 * before the program can join a job object. CreateProcessW does all of
 * it as wanted. */
#ifdef G_OS_WIN32
# include <windows.h>
# include <gio/gwin32inputstream.h>
#endif

#include "gantry-process.h"

/* After Gantry ends a program, or after it ends with something it
 * started still holding its output open, what is printed is still read
 * for this long. */
#define GRACE_SECONDS 2

struct _GantryProcess
{
  char                *name;        /* argv[0], for messages */
  GInputStream        *output;
  GInputStream        *errors;
  GSource             *watch;
  GantryProcessExited  func;
  gpointer             user_data;
  gint64               started_us;
  gboolean             ended;
  int                  wait_status;
#ifdef G_OS_UNIX
  pid_t                pid;
  pid_t                pgid;
#endif
#ifdef G_OS_WIN32
  HANDLE               process;
  HANDLE               job;
  DWORD                pid;
#endif
};

void
gantry_process_result_clear (GantryProcessResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->output, g_free);
  g_clear_pointer (&result->errors, g_free);
}

/* ------------------------------------------------------------------ */
/* Environment and program lookup                                      */
/* ------------------------------------------------------------------ */

static gboolean
same_name (const char *entry,
           const char *key,
           gsize       key_len)
{
#ifdef G_OS_WIN32
  /* Path and PATH are one variable on Windows */
  return g_ascii_strncasecmp (entry, key, key_len) == 0 && entry[key_len] == '=';
#else
  return strncmp (entry, key, key_len) == 0 && entry[key_len] == '=';
#endif
}

static const char *
environ_lookup (const char * const *env,
                const char         *key)
{
  gsize len = strlen (key);

  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    if (same_name (env[i], key, len))
      return env[i] + len + 1;
  return NULL;
}

char **
gantry_environ_apply (char               **base,
                      const char * const  *changes)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; base != NULL && base[i] != NULL; i++)
    g_ptr_array_add (out, g_strdup (base[i]));

  for (guint i = 0; changes != NULL && changes[i] != NULL; i++)
    {
      const char *eq = strchr (changes[i], '=');
      gsize len = eq != NULL ? (gsize) (eq - changes[i]) : strlen (changes[i]);

      for (guint j = out->len; j > 0; j--)
        if (same_name (out->pdata[j - 1], changes[i], len))
          g_ptr_array_remove_index (out, j - 1);
      if (eq != NULL)
        g_ptr_array_add (out, g_strdup (changes[i]));
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

static gboolean
is_program (const char *path)
{
#ifdef G_OS_WIN32
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
#else
  return g_file_test (path, G_FILE_TEST_IS_EXECUTABLE) && !g_file_test (path, G_FILE_TEST_IS_DIR);
#endif
}

/* @name as a path, or found in the PATH the program gets: this
 * process's own lookup when that PATH is this process's (on Windows it
 * also looks beside gantry.exe and in the system folders). */
static char *
find_program (const char         *name,
              const char * const *env)
{
  const char *path = environ_lookup (env, "PATH");
  g_auto(GStrv) dirs = NULL;

  if (g_path_is_absolute (name) || strchr (name, G_DIR_SEPARATOR) != NULL
#ifdef G_OS_WIN32
      || strchr (name, '/') != NULL
#endif
     )
    return g_strdup (name);
  if (path == NULL || g_strcmp0 (path, g_getenv ("PATH")) == 0)
    return g_find_program_in_path (name);

  dirs = g_strsplit (path, G_SEARCHPATH_SEPARATOR_S, -1);
  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *candidate = NULL;

      if (dirs[i][0] == '\0')
        continue;
      candidate = g_build_filename (dirs[i], name, NULL);
#ifdef G_OS_WIN32
      /* what CreateProcessW can start by itself */
      if (strchr (name, '.') == NULL)
        {
          g_autofree char *exe = g_strconcat (candidate, ".exe", NULL);

          if (is_program (exe))
            return g_steal_pointer (&exe);
        }
#endif
      if (is_program (candidate))
        return g_steal_pointer (&candidate);
    }
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Starting                                                            */
/* ------------------------------------------------------------------ */

#ifdef G_OS_UNIX
static gboolean use_fork;

void
gantry_process_set_forking (gboolean forking)
{
  use_fork = forking;
}

static void
child_setup (gpointer data)
{
  /* its own process group: kill(-pgid) ends all it starts */
  setpgid (0, 0);
}

static gboolean
spawn_forking (GantryProcess        *self,
               const char           *program,
               const char * const   *argv,
               const char * const   *envp,
               const char           *cwd,
               GantryProcessStderr   errors,
               int                   out_fd,
               int                   err_fd,
               GError              **error)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  GSpawnFlags flags = G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_FILE_AND_ARGV_ZERO |
                      G_SPAWN_STDIN_FROM_DEV_NULL | G_SPAWN_CLOEXEC_PIPES;
  GPid pid = 0;

  /* the program as found; argv[0] as the caller wrote it */
  g_ptr_array_add (args, (char *) program);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (char *) argv[i]);
  g_ptr_array_add (args, NULL);
  if (errors == GANTRY_PROCESS_STDERR_SILENCE)
    flags |= G_SPAWN_STDERR_TO_DEV_NULL;

  if (!g_spawn_async_with_pipes_and_fds (cwd, (const char * const *) args->pdata, envp, flags,
                                         child_setup, NULL, -1, out_fd,
                                         errors == GANTRY_PROCESS_STDERR_MERGE ? out_fd : err_fd,
                                         NULL, NULL, 0, &pid, NULL, NULL, NULL, error))
    return FALSE;
  self->pid = pid;
  return TRUE;
}

static gboolean
spawn_unix (GantryProcess        *self,
            const char           *program,
            const char * const   *argv,
            const char * const   *envp,
            const char           *cwd,
            GantryProcessStderr   errors,
            GError              **error)
{
  int out[2] = { -1, -1 };
  int err[2] = { -1, -1 };
  gboolean ok;

  if (!g_unix_open_pipe (out, FD_CLOEXEC, error))
    return FALSE;
  if (errors == GANTRY_PROCESS_STDERR_PIPE && !g_unix_open_pipe (err, FD_CLOEXEC, error))
    {
      close (out[0]);
      close (out[1]);
      return FALSE;
    }

#ifdef HAVE_SPAWN_NP
  if (!use_fork)
    {
      posix_spawn_file_actions_t actions;
      posix_spawnattr_t attr;
      sigset_t no_signals;
      int rc;

      posix_spawn_file_actions_init (&actions);
      posix_spawn_file_actions_addopen (&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
      posix_spawn_file_actions_adddup2 (&actions, out[1], STDOUT_FILENO);
      if (errors == GANTRY_PROCESS_STDERR_MERGE)
        posix_spawn_file_actions_adddup2 (&actions, out[1], STDERR_FILENO);
      else if (errors == GANTRY_PROCESS_STDERR_PIPE)
        posix_spawn_file_actions_adddup2 (&actions, err[1], STDERR_FILENO);
      else
        posix_spawn_file_actions_addopen (&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
      if (cwd != NULL)
        posix_spawn_file_actions_addchdir_np (&actions, cwd);
      posix_spawn_file_actions_addclosefrom_np (&actions, STDERR_FILENO + 1);

      posix_spawnattr_init (&attr);
      sigemptyset (&no_signals);
      posix_spawnattr_setsigmask (&attr, &no_signals);
      posix_spawnattr_setpgroup (&attr, 0);
      posix_spawnattr_setflags (&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);

      rc = posix_spawn (&self->pid, program, &actions, &attr,
                        (char * const *) argv, (char * const *) envp);
      posix_spawn_file_actions_destroy (&actions);
      posix_spawnattr_destroy (&attr);
      ok = rc == 0;
      if (!ok)
        {
          self->pid = 0;
          g_set_error (error, G_SPAWN_ERROR, rc == ENOENT ? G_SPAWN_ERROR_NOENT : G_SPAWN_ERROR_FAILED,
                       "Failed to execute child process “%s” (%s)", argv[0], g_strerror (rc));
        }
    }
  else
#endif
    ok = spawn_forking (self, program, argv, envp, cwd, errors, out[1], err[1], error);

  close (out[1]);
  if (err[1] != -1)
    close (err[1]);
  if (!ok)
    {
      close (out[0]);
      if (err[0] != -1)
        close (err[0]);
      return FALSE;
    }

  self->pgid = self->pid;
  self->output = g_unix_input_stream_new (out[0], TRUE);
  if (err[0] != -1)
    self->errors = g_unix_input_stream_new (err[0], TRUE);
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
win32_env_block (const char * const *env)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  g_autoptr(GArray) block = g_array_new (FALSE, FALSE, sizeof (gunichar2));
  const gunichar2 nul = 0;

  for (guint i = 0; env[i] != NULL; i++)
    g_ptr_array_add (sorted, (char *) env[i]);
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

static HANDLE
open_nul (DWORD access)
{
  SECURITY_ATTRIBUTES inherit = { sizeof inherit, NULL, TRUE };

  return CreateFileW (L"NUL", access, FILE_SHARE_READ | FILE_SHARE_WRITE, &inherit,
                      OPEN_EXISTING, 0, NULL);
}

/* The program starts suspended, joins a job object that ends its whole
 * tree (kill on close), and is resumed once inside it: nothing it
 * starts escapes. It inherits exactly its standard handles. */
static gboolean
spawn_win32 (GantryProcess        *self,
             const char           *program,
             const char * const   *argv,
             const char * const   *envp,
             const char           *cwd,
             GantryProcessStderr   errors,
             GError              **error)
{
  SECURITY_ATTRIBUTES inherit = { sizeof inherit, NULL, TRUE };
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits = { 0 };
  STARTUPINFOEXW info = { 0 };
  PROCESS_INFORMATION pi = { 0 };
  g_autofree char *line = NULL;
  g_autofree gunichar2 *wprogram = NULL;
  g_autofree gunichar2 *wline = NULL;
  g_autofree gunichar2 *wcwd = NULL;
  g_autofree gunichar2 *wenv = NULL;
  g_autofree void *attrs = NULL;
  HANDLE handles[3];
  guint n_handles = 0;
  HANDLE out_read = NULL, out_write = NULL;
  HANDLE err_read = NULL, err_write = NULL;
  HANDLE null_in;
  SIZE_T attrs_size = 0;
  gboolean ok;
  DWORD code = 0;

  null_in = open_nul (GENERIC_READ);
  if (null_in == INVALID_HANDLE_VALUE)
    {
      set_win32_error (error, argv[0], GetLastError ());
      return FALSE;
    }
  if (!CreatePipe (&out_read, &out_write, &inherit, 0))
    code = GetLastError ();
  else if (errors == GANTRY_PROCESS_STDERR_PIPE && !CreatePipe (&err_read, &err_write, &inherit, 0))
    code = GetLastError ();
  else if (errors == GANTRY_PROCESS_STDERR_SILENCE &&
           (err_write = open_nul (GENERIC_WRITE)) == INVALID_HANDLE_VALUE)
    {
      code = GetLastError ();
      err_write = NULL;
    }
  if (code != 0)
    {
      HANDLE all[] = { null_in, out_read, out_write, err_read, err_write };

      for (guint i = 0; i < G_N_ELEMENTS (all); i++)
        if (all[i] != NULL)
          CloseHandle (all[i]);
      set_win32_error (error, argv[0], code);
      return FALSE;
    }
  /* Gantry's ends stay here */
  SetHandleInformation (out_read, HANDLE_FLAG_INHERIT, 0);
  if (err_read != NULL)
    SetHandleInformation (err_read, HANDLE_FLAG_INHERIT, 0);

  info.StartupInfo.cb = sizeof info;
  info.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
  info.StartupInfo.hStdInput = null_in;
  info.StartupInfo.hStdOutput = out_write;
  info.StartupInfo.hStdError = errors == GANTRY_PROCESS_STDERR_MERGE ? out_write : err_write;
  /* only these handles are inherited, whatever else is open (wine 8
   * honours the list too); where UpdateProcThreadAttribute refuses it,
   * the program inherits every inheritable handle, as it would from
   * GLib's spawn */
  handles[n_handles++] = null_in;
  handles[n_handles++] = out_write;
  if (err_write != NULL)
    handles[n_handles++] = err_write;
  InitializeProcThreadAttributeList (NULL, 1, 0, &attrs_size);
  attrs = g_malloc0 (attrs_size);
  if (InitializeProcThreadAttributeList (attrs, 1, 0, &attrs_size) &&
      UpdateProcThreadAttribute (attrs, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST,
                                 handles, n_handles * sizeof (HANDLE), NULL, NULL))
    info.lpAttributeList = attrs;

  line = win32_command_line (argv);
  wprogram = g_utf8_to_utf16 (program, -1, NULL, NULL, NULL);
  wline = g_utf8_to_utf16 (line, -1, NULL, NULL, NULL);
  wcwd = cwd != NULL ? g_utf8_to_utf16 (cwd, -1, NULL, NULL, NULL) : NULL;
  wenv = win32_env_block (envp);

  self->job = CreateJobObjectW (NULL, NULL);
  limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
  if (self->job != NULL)
    SetInformationJobObject (self->job, JobObjectExtendedLimitInformation, &limits, sizeof limits);

  ok = CreateProcessW ((wchar_t *) wprogram, (wchar_t *) wline, NULL, NULL, TRUE,
                       CREATE_SUSPENDED | CREATE_NO_WINDOW | CREATE_UNICODE_ENVIRONMENT |
                       (info.lpAttributeList != NULL ? EXTENDED_STARTUPINFO_PRESENT : 0),
                       wenv, (wchar_t *) wcwd, &info.StartupInfo, &pi);
  code = ok ? 0 : GetLastError ();
  if (info.lpAttributeList != NULL)
    DeleteProcThreadAttributeList (info.lpAttributeList);
  CloseHandle (null_in);
  CloseHandle (out_write);
  if (err_write != NULL)
    CloseHandle (err_write);
  if (!ok)
    {
      CloseHandle (out_read);
      if (err_read != NULL)
        CloseHandle (err_read);
      if (self->job != NULL)
        CloseHandle (self->job);
      self->job = NULL;
      set_win32_error (error, argv[0], code);
      return FALSE;
    }

  if (self->job != NULL && !AssignProcessToJobObject (self->job, pi.hProcess))
    {
      /* a kill then ends the program alone, with TerminateProcess() */
      g_debug ("could not put %s in a job object: %lu", argv[0], (gulong) GetLastError ());
      CloseHandle (self->job);
      self->job = NULL;
    }
  ResumeThread (pi.hThread);
  CloseHandle (pi.hThread);

  self->process = pi.hProcess;
  self->pid = pi.dwProcessId;
  self->output = g_win32_input_stream_new (out_read, TRUE);
  if (err_read != NULL)
    self->errors = g_win32_input_stream_new (err_read, TRUE);
  return TRUE;
}
#endif /* G_OS_WIN32 */

GantryProcess *
gantry_process_start_environ (const char * const  *argv,
                              const char * const  *environ_,
                              const char          *cwd,
                              GantryProcessStderr  errors,
                              GError             **error)
{
  g_auto(GStrv) own_env = NULL;
  g_autofree char *program = NULL;
  GantryProcess *self;
  gboolean ok;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);

  if (environ_ == NULL)
    environ_ = (const char * const *) (own_env = g_get_environ ());

  program = find_program (argv[0], environ_);
  if (program == NULL)
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT,
                   "Failed to execute child process “%s” (No such file or directory)", argv[0]);
      return NULL;
    }

  self = g_new0 (GantryProcess, 1);
  self->name = g_strdup (argv[0]);
  self->wait_status = -1;
  self->started_us = g_get_monotonic_time ();
#ifdef G_OS_UNIX
  ok = spawn_unix (self, program, argv, environ_, cwd, errors, error);
#elif defined (G_OS_WIN32)
  ok = spawn_win32 (self, program, argv, environ_, cwd, errors, error);
#else
# error "no way to start a program on this system"
#endif
  if (!ok)
    {
      g_free (self->name);
      g_free (self);
      return NULL;
    }
  return self;
}

GantryProcess *
gantry_process_start (const char * const  *argv,
                      const char * const  *env,
                      const char          *cwd,
                      GantryProcessStderr  errors,
                      GError             **error)
{
  g_auto(GStrv) base = g_get_environ ();
  g_auto(GStrv) full = gantry_environ_apply (base, env);

  return gantry_process_start_environ (argv, (const char * const *) full, cwd, errors, error);
}

GInputStream *
gantry_process_get_output (GantryProcess *self)
{
  return self->output;
}

GInputStream *
gantry_process_get_errors (GantryProcess *self)
{
  return self->errors;
}

guint64
gantry_process_get_pid (GantryProcess *self)
{
  return (guint64) self->pid;
}

/* ------------------------------------------------------------------ */
/* Ending                                                              */
/* ------------------------------------------------------------------ */

/* What is left of its tree once it ended: its group, its job. */
static void
kill_leftovers (GantryProcess *self)
{
#ifdef G_OS_UNIX
  if (self->pgid > 0)
    kill (-self->pgid, SIGKILL);
#elif defined (G_OS_WIN32)
  if (self->job != NULL)
    TerminateJobObject (self->job, 1);
#endif
}

void
gantry_process_kill (GantryProcess *self)
{
  if (self->ended)
    return;
#ifdef G_OS_UNIX
  if (self->pgid <= 0 || kill (-self->pgid, SIGKILL) != 0)
    kill (self->pid, SIGKILL);
#elif defined (G_OS_WIN32)
  if (self->job == NULL || !TerminateJobObject (self->job, 1))
    TerminateProcess (self->process, 1);
#endif
}

static void
on_child_exited (GPid     pid,
                 int      wait_status,
                 gpointer user_data)
{
  GantryProcess *self = user_data;

  self->wait_status = wait_status;
  self->ended = TRUE;
  g_clear_pointer (&self->watch, g_source_unref);
  /* anything it left running would hold its output open and outlive it */
  kill_leftovers (self);
  if (self->func != NULL)
    self->func (self, self->user_data);
}

void
gantry_process_watch (GantryProcess       *self,
                      GantryProcessExited  func,
                      gpointer             user_data)
{
  g_return_if_fail (self->watch == NULL && !self->ended);

  self->func = func;
  self->user_data = user_data;
#ifdef G_OS_UNIX
  self->watch = g_child_watch_source_new (self->pid);
#else
  self->watch = g_child_watch_source_new (self->process);
#endif
  g_source_set_callback (self->watch, (GSourceFunc) (void (*) (void)) on_child_exited, self, NULL);
  g_source_set_static_name (self->watch, "[gantry] process exit");
  g_source_attach (self->watch, g_main_context_get_thread_default ());
}

gboolean
gantry_process_has_ended (GantryProcess *self)
{
  return self->ended;
}

int
gantry_process_get_status (GantryProcess *self)
{
  if (!self->ended)
    return -1;
#ifdef G_OS_UNIX
  return WIFEXITED (self->wait_status) ? WEXITSTATUS (self->wait_status) : -1;
#else
  /* Windows hands over the exit code itself */
  return self->wait_status;
#endif
}

void
gantry_process_free (GantryProcess *self)
{
  if (self == NULL)
    return;

  if (self->watch != NULL)
    {
      g_source_destroy (self->watch);
      g_clear_pointer (&self->watch, g_source_unref);
    }
  if (!self->ended)
    {
      gantry_process_kill (self);
#ifdef G_OS_UNIX
      /* no zombie left behind (ECHILD when GLib reaped it already) */
      while (waitpid (self->pid, NULL, 0) < 0 && errno == EINTR)
        ;
#endif
    }
#ifdef G_OS_WIN32
  if (self->job != NULL)
    CloseHandle (self->job);   /* kill on close */
  if (self->process != NULL)
    CloseHandle (self->process);
#endif
  g_clear_object (&self->output);
  g_clear_object (&self->errors);
  g_free (self->name);
  g_free (self);
}

/* ------------------------------------------------------------------ */
/* Waiting                                                             */
/* ------------------------------------------------------------------ */

typedef struct
{
  GCancellable *stop;       /* ends the reading after the grace */
  GSource      *grace;
  GByteArray   *out;
  GByteArray   *err;
  guint         reading;    /* streams not at their end yet */
  gboolean      stopped;
  gboolean      timed_out;
  gboolean      cancelled;
} Wait;

static void
wait_clear (Wait *w)
{
  g_clear_object (&w->stop);
  if (w->grace != NULL)
    g_source_destroy (w->grace);
  g_clear_pointer (&w->grace, g_source_unref);
  g_clear_pointer (&w->out, g_byte_array_unref);
  g_clear_pointer (&w->err, g_byte_array_unref);
}

typedef struct
{
  Wait         *wait;        /* only while the wait lasts: see done */
  GInputStream *stream;
  GByteArray   *into;
  gboolean     *done;        /* shared with the wait; TRUE once it returned */
} Reader;

static void read_more (Reader *r);

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Reader *r = user_data;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, NULL);

  if (!*r->done && bytes != NULL && g_bytes_get_size (bytes) > 0)
    {
      g_byte_array_append (r->into, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      read_more (r);
      return;
    }
  if (!*r->done)
    r->wait->reading--;
  g_object_unref (r->stream);
  g_byte_array_unref (r->into);
  g_rc_box_release (r->done);
  g_free (r);
}

static void
read_more (Reader *r)
{
  g_input_stream_read_bytes_async (r->stream, 16384, G_PRIORITY_DEFAULT, r->wait->stop, on_read, r);
}

static void
start_reading (Wait         *w,
               GInputStream *stream,
               GByteArray   *into,
               gboolean     *done)
{
  Reader *r = g_new0 (Reader, 1);

  r->wait = w;
  r->stream = g_object_ref (stream);
  r->into = g_byte_array_ref (into);
  r->done = g_rc_box_acquire (done);
  w->reading++;
  read_more (r);
}

static gboolean
on_grace_over (gpointer user_data)
{
  Wait *w = user_data;

  w->stopped = TRUE;
  g_cancellable_cancel (w->stop);
  return G_SOURCE_REMOVE;
}

static void
start_grace (Wait *w)
{
  if (w->grace != NULL)
    return;
  w->grace = g_timeout_source_new_seconds (GRACE_SECONDS);
  g_source_set_callback (w->grace, on_grace_over, w, NULL);
  g_source_attach (w->grace, g_main_context_get_thread_default ());
}

typedef struct
{
  GantryProcess *process;
  Wait          *wait;
} Ender;

/* Ends the program early, unless it has just ended by itself (then it
 * counts as finished); sets @why either way it was ended. */
static void
end_early (Ender    *e,
           gboolean *why)
{
  if (!e->process->ended)
    {
      *why = TRUE;
      gantry_process_kill (e->process);
    }
  start_grace (e->wait);
}

static gboolean
on_timeout (gpointer user_data)
{
  Ender *e = user_data;

  end_early (e, &e->wait->timed_out);
  return G_SOURCE_REMOVE;
}

static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  Ender *e = user_data;

  end_early (e, &e->wait->cancelled);
  return G_SOURCE_REMOVE;
}

static void
on_waited_exit (GantryProcess *process,
                gpointer       user_data)
{
  /* something it started may still hold the output open */
  start_grace (user_data);
}

/* Valid UTF-8, with Windows line ends (a C runtime's text mode) as \n. */
static char *
bytes_to_text (GByteArray *bytes)
{
  g_autofree char *text = NULL;
  char *to;

  if (bytes == NULL || bytes->len == 0)
    return g_strdup ("");
  text = g_utf8_make_valid ((const char *) bytes->data, (gssize) bytes->len);
  to = text;
  for (const char *from = text; *from != '\0'; from++)
    if (!(from[0] == '\r' && from[1] == '\n'))
      *to++ = *from;
  *to = '\0';
  return g_steal_pointer (&text);
}

gboolean
gantry_process_wait (GantryProcess        *self,
                     guint                 timeout_seconds,
                     GCancellable         *cancellable,
                     GantryProcessResult  *result,
                     GError              **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) timer = NULL;
  g_autoptr(GSource) cancel_source = NULL;
  Wait w = { 0 };
  Ender ender = { self, &w };
  gboolean *done = g_rc_box_new0 (gboolean);

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  result->spawned = TRUE;
  w.stop = g_cancellable_new ();
  w.out = g_byte_array_new ();
  w.err = self->errors != NULL ? g_byte_array_new () : NULL;

  g_main_context_push_thread_default (context);
  start_reading (&w, self->output, w.out, done);
  if (self->errors != NULL)
    start_reading (&w, self->errors, w.err, done);
  gantry_process_watch (self, on_waited_exit, &w);
  if (timeout_seconds > 0)
    {
      /* not _seconds: that one rounds to whole seconds of the clock and
       * may fire up to a second early (a 1 s timeout after 0.8 s) */
      timer = g_timeout_source_new (timeout_seconds * 1000);
      g_source_set_callback (timer, on_timeout, &ender, NULL);
      g_source_attach (timer, context);
    }
  if (cancellable != NULL)
    {
      cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (cancel_source, (GSourceFunc) (void (*) (void)) on_cancelled, &ender, NULL);
      g_source_attach (cancel_source, context);
    }

  while (!self->ended || (w.reading > 0 && !w.stopped))
    g_main_context_iteration (context, TRUE);

  /* a read still running after the grace ends on its own; it no
   * longer touches this wait */
  *done = TRUE;
  g_rc_box_release (done);
  if (timer != NULL)
    g_source_destroy (timer);
  if (cancel_source != NULL)
    g_source_destroy (cancel_source);
  if (w.grace != NULL)
    g_source_destroy (w.grace);
  g_main_context_pop_thread_default (context);

  result->seconds = (g_get_monotonic_time () - self->started_us) / (double) G_USEC_PER_SEC;
  result->cancelled = w.cancelled;
  result->timed_out = w.timed_out;
#ifdef G_OS_UNIX
  result->exited = WIFEXITED (self->wait_status);
  result->status = result->exited ? WEXITSTATUS (self->wait_status) : 0;
  result->term_signal = WIFSIGNALED (self->wait_status) ? WTERMSIG (self->wait_status) : 0;
#else
  result->exited = TRUE;
  result->status = self->wait_status;
#endif
  g_free (result->output);
  result->output = bytes_to_text (w.out);
  g_free (result->errors);
  result->errors = w.err != NULL ? bytes_to_text (w.err) : NULL;
  wait_clear (&w);

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
                    GantryProcessStderr  errors,
                    guint                timeout_seconds,
                    GCancellable        *cancellable,
                    GantryProcessResult *result,
                    GError             **error)
{
  g_autoptr(GantryProcess) process = NULL;
  gint64 start = g_get_monotonic_time ();

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  memset (result, 0, sizeof *result);
  process = gantry_process_start (argv, env, cwd, errors, error);
  if (process == NULL)
    {
      result->seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
      result->output = g_strdup ("");
      return FALSE;
    }
  return gantry_process_wait (process, timeout_seconds, cancellable, result, error);
}

/* gantry-verify.c — checks per artifact: static facts against the target, and where it really runs */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-verify"

#include "config.h"

#include <errno.h>
#include <string.h>

#include "gantry-archive.h"
#include "gantry-history.h"
#include "gantry-json.h"
#include "gantry-sample.h"
#include "gantry-recipe.h"
#include "gantry-store-private.h"
#include "gantry-download.h"
#include "gantry-verify.h"

G_DEFINE_QUARK (gantry-verify-error-quark, gantry_verify_error)

#define DEFAULT_TIMEOUT_SECONDS 60
#define OUTPUT_MAX_LINES 12
#define OUTPUT_MAX_BYTES 4096

const char *
gantry_verdict_state_to_string (GantryVerdictState state)
{
  switch (state)
    {
    case GANTRY_VERDICT_PASS: return "pass";
    case GANTRY_VERDICT_FAIL: return "fail";
    case GANTRY_VERDICT_SKIPPED:
    default: return "skipped";
    }
}

const char *
gantry_verify_place_image (const char *place)
{
  if (place != NULL && (g_str_has_prefix (place, "docker:") || g_str_has_prefix (place, "podman:")))
    return strchr (place, ':') + 1;
  return NULL;
}

gboolean
gantry_verify_place_is_container (const char *place)
{
  return gantry_verify_place_image (place) != NULL ||
         g_strcmp0 (place, "container") == 0 || g_strcmp0 (place, "docker") == 0 ||
         g_strcmp0 (place, "podman") == 0;
}

void
gantry_verdict_free (GantryVerdict *verdict)
{
  if (verdict == NULL)
    return;
  g_free (verdict->target);
  g_free (verdict->path);
  g_free (verdict->check);
  g_free (verdict->place);
  g_free (verdict->message);
  g_free (verdict->output);
  g_clear_pointer (&verdict->command, gantry_step_free);
  g_free (verdict);
}

GPtrArray *
gantry_verify_matrix_commands (GPtrArray *matrix)
{
  GPtrArray *commands = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_step_free);

  for (guint i = 0; matrix != NULL && i < matrix->len; i++)
    {
      const GantryVerdict *v = g_ptr_array_index (matrix, i);

      if (v->command != NULL)
        g_ptr_array_add (commands, gantry_step_copy (v->command));
    }
  return commands;
}

void
gantry_verify_host_free (GantryVerifyHost *host)
{
  if (host == NULL)
    return;
  g_free (host->host_os);
  g_free (host->host_arch);
  g_free (host->wine);
  g_free (host->wineprefix);
  g_free (host->engine);
  g_free (host->engine_name);
  g_strfreev (host->engine_flags);
  g_strfreev (host->run_flags);
  g_free (host->engine_problem);
  g_free (host);
}

static GantryVerdict *
verdict_add (GPtrArray          *verdicts,
             const char         *target,
             const char         *path,
             const char         *check,
             const char         *place,
             GantryVerdictState  state,
             char               *message)   /* (transfer full) */
{
  GantryVerdict *v = g_new0 (GantryVerdict, 1);

  v->target = g_strdup (target);
  v->path = g_strdup (path);
  v->check = g_strdup (check);
  v->place = g_strdup (place);
  v->state = state;
  v->message = message;
  g_ptr_array_add (verdicts, v);
  return v;
}

/* ------------------------------------------------------------------ */
/* Names                                                               */
/* ------------------------------------------------------------------ */

static const char *
host_goos (void)
{
#if defined(G_OS_WIN32)
  return "windows";
#elif defined(__APPLE__)
  return "darwin";
#elif defined(__FreeBSD__)
  return "freebsd";
#else
  return "linux";
#endif
}

static const char *
host_goarch (void)
{
#if defined(__x86_64__) || defined(_M_X64)
  return "amd64";
#elif defined(__aarch64__) || defined(_M_ARM64)
  return "arm64";
#elif defined(__i386__) || defined(_M_IX86)
  return "386";
#elif defined(__arm__)
  return "arm";
#elif defined(__riscv) && __riscv_xlen == 64
  return "riscv64";
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  return "ppc64le";
#elif defined(__s390x__)
  return "s390x";
#else
  return "unknown";
#endif
}

typedef struct
{
  const char *goarch;
  const char *qemu;      /* qemu-<this> */
  const char *triple;    /* Debian's cross sysroot: /usr/<this> */
  const char *zig;       /* zig cc -target <this>-linux-gnu.2.17 */
} ArchNames;

static const ArchNames arch_names[] = {
  { "amd64", "x86_64", "x86_64-linux-gnu", "x86_64" },
  { "arm64", "aarch64", "aarch64-linux-gnu", "aarch64" },
  { "arm", "arm", "arm-linux-gnueabihf", "arm" },
  { "386", "i386", "i686-linux-gnu", "x86" },
  { "riscv64", "riscv64", "riscv64-linux-gnu", "riscv64" },
  { "ppc64le", "ppc64le", "powerpc64le-linux-gnu", "powerpc64le" },
  { "s390x", "s390x", "s390x-linux-gnu", "s390x" },
  { "mips64le", "mips64el", "mips64el-linux-gnuabi64", "mips64el" },
  { "mipsle", "mipsel", "mipsel-linux-gnu", "mipsel" },
  { "loong64", "loongarch64", "loongarch64-linux-gnu", "loongarch64" },
};

static const ArchNames *
arch_lookup (const char *goarch)
{
  for (guint i = 0; i < G_N_ELEMENTS (arch_names); i++)
    if (g_strcmp0 (arch_names[i].goarch, goarch) == 0)
      return &arch_names[i];
  return NULL;
}

/* ------------------------------------------------------------------ */
/* The host                                                            */
/* ------------------------------------------------------------------ */

static char **
strv_from_setting (const char * const *given,
                   const char         *env_name)
{
  const char *text;
  char **argv = NULL;
  g_autoptr(GError) error = NULL;

  if (given != NULL)
    return g_strdupv ((char **) given);
  text = g_getenv (env_name);
  if (text == NULL || strspn (text, " \t\n") == strlen (text))
    return g_new0 (char *, 1);
  /* Split the way a shell would, so quoting works; no shell runs it. */
  if (!g_shell_parse_argv (text, NULL, &argv, &error))
    {
      g_warning ("%s cannot be split into words (%s): ignoring it; quote it the way a shell would", env_name,
                 error->message);
      return g_new0 (char *, 1);
    }
  return argv;
}

typedef struct
{
  gboolean spawned;
  gboolean exited;
  int status;          /* exit status when exited */
  int term_signal;     /* when killed by a signal */
  gboolean timed_out;
  gboolean cancelled;
  char *output;        /* stdout and stderr together, valid UTF-8 */
  double seconds;
} Outcome;

static void
outcome_clear (Outcome *o)
{
  g_clear_pointer (&o->output, g_free);
}

typedef struct
{
  GSubprocess *proc;
  GBytes *out;
  gboolean done;
  gboolean timed_out;
} RunWait;

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RunWait *w = user_data;

  g_subprocess_communicate_finish (G_SUBPROCESS (source), result, &w->out, NULL, NULL);
  w->done = TRUE;
}

static gboolean
on_run_timeout (gpointer user_data)
{
  RunWait *w = user_data;

  w->timed_out = TRUE;
  g_subprocess_force_exit (w->proc);
  return G_SOURCE_REMOVE;
}

#define CLEANUP_TIMEOUT_SECONDS 20

/* Runs @argv (never through a shell) with stderr merged into stdout,
 * ending it after @timeout seconds, then running @cleanup (may be NULL)
 * when it was ended early. A program that cannot start is an outcome
 * too: its spawn error is the output, as a shell would print. */
static void
run_argv (const char * const *argv,
          const char         *cwd,        /* NULL: this process's */
          const char * const *env,        /* KEY=VALUE sets, KEY alone unsets; may be NULL */
          guint               timeout,
          const char * const *cleanup,
          GCancellable       *cancellable,
          Outcome            *o)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) timer = NULL;
  g_autoptr(GError) error = NULL;
  RunWait w = { 0 };
  gint64 start = g_get_monotonic_time ();

  memset (o, 0, sizeof *o);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE |
                                        G_SUBPROCESS_FLAGS_STDIN_PIPE);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (env[i], "=", 2);

      if (kv[1] != NULL)
        g_subprocess_launcher_setenv (launcher, kv[0], kv[1], TRUE);
      else
        g_subprocess_launcher_unsetenv (launcher, kv[0]);
    }
  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);

  w.proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (w.proc == NULL)
    {
      o->output = g_strdup (error->message);
      o->seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
      return;
    }
  o->spawned = TRUE;

  g_main_context_push_thread_default (context);
  /* stdin is an empty pipe, closed at once: a program waiting for
   * input sees end of file instead of hanging the check */
  {
    g_autoptr(GBytes) no_input = g_bytes_new_static ("", 0);
    g_subprocess_communicate_async (w.proc, no_input, cancellable, on_communicated, &w);
  }
  timer = g_timeout_source_new_seconds (timeout);
  g_source_set_callback (timer, on_run_timeout, &w, NULL);
  g_source_attach (timer, context);
  while (!w.done)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timer);
  g_main_context_pop_thread_default (context);

  if (g_cancellable_is_cancelled (cancellable))
    {
      o->cancelled = TRUE;
      g_subprocess_force_exit (w.proc);
    }
  g_subprocess_wait (w.proc, NULL, NULL);
  if ((o->cancelled || w.timed_out) && cleanup != NULL)
    {
      /* itself bounded: an engine that hangs must not hang Cancel */
      Outcome ignored;

      run_argv (cleanup, NULL, NULL, CLEANUP_TIMEOUT_SECONDS, NULL, NULL, &ignored);
      outcome_clear (&ignored);
    }
  o->seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  o->timed_out = w.timed_out;
  if (g_subprocess_get_if_exited (w.proc))
    {
      o->exited = TRUE;
      o->status = g_subprocess_get_exit_status (w.proc);
    }
  else if (g_subprocess_get_if_signaled (w.proc))
    o->term_signal = g_subprocess_get_term_sig (w.proc);

  if (w.out != NULL && g_bytes_get_size (w.out) > 0)
    {
      gsize len = MIN (g_bytes_get_size (w.out), (gsize) 256 * 1024);
      o->output = g_utf8_make_valid (g_bytes_get_data (w.out, NULL), (gssize) len);
    }
  else
    o->output = g_strdup ("");
  g_clear_pointer (&w.out, g_bytes_unref);
  g_object_unref (w.proc);
}

static char *
find_program (const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      char *path = g_find_program_in_path (names[i]);
      if (path != NULL)
        return path;
    }
  return NULL;
}

GantryVerifyHost *
gantry_verify_host_probe (const GantryVerifyOptions *options,
                          GCancellable              *cancellable)
{
  static const GantryVerifyOptions defaults = { 0 };
  g_autoptr(GantryVerifyHost) host = g_new0 (GantryVerifyHost, 1);
  const char *engine_setting;
  g_autoptr(GString) problems = g_string_new (NULL);
  const char *candidates[3] = { NULL, NULL, NULL };

  if (options == NULL)
    options = &defaults;

  host->host_os = g_strdup (host_goos ());
  host->host_arch = g_strdup (host_goarch ());

  if (!g_str_equal (host->host_os, "windows"))
    {
      const char *wines[] = { "wine64", "wine", NULL };
      host->wine = find_program (wines);
#ifdef G_OS_UNIX
      /* Debian's wine64 package alone puts its loader off PATH */
      if (host->wine == NULL && g_file_test ("/usr/lib/wine/wine64", G_FILE_TEST_IS_EXECUTABLE))
        host->wine = g_strdup ("/usr/lib/wine/wine64");
#endif
    }
  host->wineprefix = g_strdup (options->wineprefix ? options->wineprefix : g_getenv ("GANTRY_WINEPREFIX"));

  host->engine_flags = strv_from_setting (options->engine_flags, "GANTRY_CONTAINER_FLAGS");
  host->run_flags = strv_from_setting (options->run_flags, "GANTRY_CONTAINER_RUN_FLAGS");

  if (options->no_containers)
    {
      /* no engine is asked: `docker info` can take seconds */
      host->engine_problem = g_strdup ("container checks turned off in the recipe");
      return g_steal_pointer (&host);
    }
  engine_setting = options->engine ? options->engine : g_getenv ("GANTRY_CONTAINER_ENGINE");
  if (engine_setting != NULL && g_str_equal (engine_setting, "none"))
    {
      host->engine_problem = g_strdup ("no container engine: containers are turned off on this machine (GANTRY_CONTAINER_ENGINE=none)");
      return g_steal_pointer (&host);
    }
  if (engine_setting != NULL && engine_setting[0] != '\0')
    candidates[0] = engine_setting;
  else
    {
      candidates[0] = "docker";
      candidates[1] = "podman";
    }

  for (guint i = 0; candidates[i] != NULL; i++)
    {
      g_autofree char *program = g_find_program_in_path (candidates[i]);
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autofree char *base = NULL;
      Outcome o;

      if (program == NULL)
        continue;
      g_ptr_array_add (argv, program);
      for (guint j = 0; host->engine_flags[j] != NULL; j++)
        g_ptr_array_add (argv, host->engine_flags[j]);
      g_ptr_array_add (argv, (char *) "info");
      g_ptr_array_add (argv, NULL);
      run_argv ((const char * const *) argv->pdata, NULL, NULL, 30, NULL, cancellable, &o);
      base = g_path_get_basename (program);
      if (o.exited && o.status == 0)
        {
          host->engine = g_strdup (program);
          host->engine_name = g_strdup (g_str_has_prefix (base, "podman") ? "podman" : "docker");
          outcome_clear (&o);
          break;
        }
      else
        {
          g_auto(GStrv) lines = g_strsplit (g_strstrip (o.output), "\n", -1);
          const char *last = lines[0] ? lines[g_strv_length (lines) - 1] : "";

          g_string_append_printf (problems, "%s%s info failed%s%s", problems->len ? "; " : "", base,
                                  *last ? ": " : "", last);
        }
      outcome_clear (&o);
    }

  if (host->engine == NULL)
    host->engine_problem = problems->len
      ? g_strdup_printf ("no container engine answered (%s): start Docker Desktop or Podman, or set GANTRY_CONTAINER_FLAGS for this machine",
                         problems->str)
      : g_strdup ("no container engine (install Docker Desktop or Podman)");
  return g_steal_pointer (&host);
}

/* ------------------------------------------------------------------ */
/* Static checks                                                       */
/* ------------------------------------------------------------------ */

static const char *
oldest_distro_with (const char *glibc)
{
  guint n = 0;
  const GantryGlibcFloor *floors = gantry_glibc_floors (&n);
  const GantryGlibcFloor *best = NULL;

  for (guint i = 0; i < n; i++)
    if (gantry_version_compare (floors[i].glibc, glibc) >= 0
        && (best == NULL || gantry_version_compare (floors[i].glibc, best->glibc) < 0))
      best = &floors[i];
  return best ? best->distro : NULL;
}

static char *
static_fix (GantryTarget *target)
{
  const ArchNames *names = arch_lookup (gantry_target_get_goarch (target));
  const char *zig = names ? names->zig : gantry_target_get_goarch (target);

  return g_strdup_printf ("link statically with musl (musl-gcc, or zig cc -target %s-linux-musl) and -ldflags \"-linkmode external -extldflags -static\"",
                          zig);
}

static void
check_os_arch (GantryBinary *facts, GantryTarget *target, const char *key, const char *path, GPtrArray *out)
{
  const char *os = gantry_binary_get_os (facts);
  const char *arch = gantry_binary_get_arch (facts);

  if (g_strcmp0 (os, gantry_target_get_goos (target)) == 0 && g_strcmp0 (arch, gantry_target_get_goarch (target)) == 0)
    verdict_add (out, key, path, "os-arch", "static", GANTRY_VERDICT_PASS, g_strdup_printf ("%s/%s", os, arch));
  else
    verdict_add (out, key, path, "os-arch", "static", GANTRY_VERDICT_FAIL,
                 g_strdup_printf ("the file is for %s/%s but the target is %s/%s: the build used a C compiler or GOOS/GOARCH for another platform; rebuild the target and check its compiler in Toolchains",
                                  os ? os : "unknown", arch ? arch : "unknown",
                                  gantry_target_get_goos (target), gantry_target_get_goarch (target)));
}

static char *
describe_dynamic (GantryBinary *facts)
{
  GString *s = g_string_new ("dynamic");
  GPtrArray *needed = gantry_binary_get_needed (facts);
  const char *interp = gantry_binary_get_interpreter (facts);

  if (interp != NULL)
    g_string_append_printf (s, ", interpreter %s", interp);
  if (needed != NULL && needed->len > 0)
    {
      g_string_append (s, ", needs ");
      for (guint i = 0; i < needed->len; i++)
        g_string_append_printf (s, "%s%s", i ? " " : "", (const char *) g_ptr_array_index (needed, i));
    }
  return g_string_free (s, FALSE);
}

static void
check_linkage (GantryBinary *facts, GantryTarget *target, const char *key, const char *path, GPtrArray *out)
{
  GantryLinkage linkage = gantry_binary_get_linkage (facts);
  GPtrArray *needed = gantry_binary_get_needed (facts);
  const char *interp = gantry_binary_get_interpreter (facts);
  gboolean is_static = interp == NULL && (needed == NULL || needed->len == 0) && linkage != GANTRY_LINKAGE_DYNAMIC;
  const char *libc = gantry_binary_get_libc (facts);
  GantryLibc want_libc = gantry_target_get_libc (target);

  if (gantry_target_get_link_mode (target) == GANTRY_LINK_STATIC && !is_static)
    {
      g_autofree char *found = describe_dynamic (facts);
      g_autofree char *fix = static_fix (target);

      verdict_add (out, key, path, "linkage", "static", GANTRY_VERDICT_FAIL,
                   g_strdup_printf ("%s, but the recipe promised static: %s", found, fix));
    }
  else if (is_static)
    verdict_add (out, key, path, "linkage", "static", GANTRY_VERDICT_PASS,
                 g_strdup_printf ("%s: no interpreter, no shared libraries%s",
                                  gantry_linkage_to_string (linkage),
                                  gantry_target_get_link_mode (target) == GANTRY_LINK_STATIC ? ", as promised" : ""));
  else
    verdict_add (out, key, path, "linkage", "static", GANTRY_VERDICT_PASS, describe_dynamic (facts));

  if (libc == NULL || g_str_equal (libc, "none"))
    return;
  if ((want_libc == GANTRY_LIBC_MUSL && g_str_equal (libc, "glibc"))
      || (want_libc == GANTRY_LIBC_GNU && g_str_equal (libc, "musl")))
    verdict_add (out, key, path, "libc", "static", GANTRY_VERDICT_FAIL,
                 g_strdup_printf ("linked with %s but the recipe promised %s: the build used the wrong C compiler; %s",
                                  libc, gantry_libc_to_string (want_libc),
                                  want_libc == GANTRY_LIBC_MUSL ? "use musl-gcc or zig cc -target <arch>-linux-musl"
                                                                : "use gcc or zig cc -target <arch>-linux-gnu.<floor>"));
  else if (want_libc != GANTRY_LIBC_DEFAULT)
    verdict_add (out, key, path, "libc", "static", GANTRY_VERDICT_PASS, g_strdup_printf ("%s, as promised", libc));
}

static void
check_glibc_floor (GantryBinary *facts, GantryTarget *target, const char *key, const char *path, GPtrArray *out)
{
  const char *found = gantry_binary_get_glibc_floor (facts);
  const char *floor = gantry_target_get_glibc_floor (target);
  const ArchNames *names = arch_lookup (gantry_target_get_goarch (target));

  if (found == NULL)
    {
      verdict_add (out, key, path, "glibc-floor", "static", GANTRY_VERDICT_PASS,
                   floor ? g_strdup_printf ("needs no GLIBC symbol versions (floor %s)", floor)
                         : g_strdup ("needs no GLIBC symbol versions"));
      return;
    }
  if (floor != NULL && gantry_version_compare (found, floor) > 0)
    {
      verdict_add (out, key, path, "glibc-floor", "static", GANTRY_VERDICT_FAIL,
                   g_strdup_printf ("needs GLIBC_%s but the floor is %s: build with zig cc -target %s-linux-gnu.%s or link statically with musl",
                                    found, floor, names ? names->zig : gantry_target_get_goarch (target), floor));
      return;
    }
  {
    const char *distro = oldest_distro_with (found);

    verdict_add (out, key, path, "glibc-floor", "static", GANTRY_VERDICT_PASS,
                 floor ? g_strdup_printf ("needs GLIBC_%s, within the floor %s", found, floor)
                       : g_strdup_printf ("needs GLIBC_%s (no floor set: runs where glibc is %s or newer%s%s)", found, found,
                                          distro ? ", e.g. " : "", distro ? distro : ""));
  }
}

static gboolean
shipped (const GantryVerifyOptions *options, const char *dll)
{
  for (guint i = 0; options->ship_dlls != NULL && options->ship_dlls[i] != NULL; i++)
    if (g_ascii_strcasecmp (options->ship_dlls[i], dll) == 0)
      return TRUE;
  return FALSE;
}

static void
check_dlls (GantryBinary *facts, const GantryVerifyOptions *options, const char *key, const char *path, GPtrArray *out)
{
  GPtrArray *imports = gantry_binary_get_imports (facts);
  g_autoptr(GString) foreign = g_string_new (NULL);
  g_autoptr(GString) system = g_string_new (NULL);
  guint n_system = 0;
  gboolean mingw = FALSE;

  for (guint i = 0; imports != NULL && i < imports->len; i++)
    {
      GantryImport *imp = g_ptr_array_index (imports, i);

      if (imp->kind == GANTRY_DLL_SYSTEM || shipped (options, imp->name))
        {
          if (n_system++ < 6)
            g_string_append_printf (system, "%s%s", system->len ? " " : "", imp->name);
          continue;
        }
      mingw |= imp->kind == GANTRY_DLL_MINGW_RUNTIME;
      g_string_append_printf (foreign, "%s%s (%s)", foreign->len ? ", " : "", imp->name,
                              imp->kind == GANTRY_DLL_MINGW_RUNTIME ? "MinGW runtime" : "not part of Windows");
    }

  if (foreign->len > 0)
    verdict_add (out, key, path, "dlls", "static", GANTRY_VERDICT_FAIL,
                 g_strdup_printf ("imports %s, which Windows does not have, but the release ships only the exe: %s, or ship %s beside the exe",
                                  foreign->str,
                                  mingw ? "link the MinGW runtime statically (-ldflags \"-extldflags -static\")"
                                        : "link the library statically",
                                  strchr (foreign->str, ',') ? "them" : "it"));
  else
    verdict_add (out, key, path, "dlls", "static", GANTRY_VERDICT_PASS,
                 g_strdup_printf ("imports only system DLLs%s%s%s", n_system ? ": " : "", system->str,
                                  n_system > 6 ? " …" : ""));
}

static gboolean
tag_listed (const char *tags, const char *tag)
{
  g_auto(GStrv) list = g_strsplit (tags ? tags : "", ",", -1);

  return g_strv_contains ((const char * const *) list, tag);
}

static void
check_go_settings (GantryBinary *facts, const GantryVerifyPromise *promise, const char *key, const char *path, GPtrArray *out)
{
  GantryTarget *target = promise->target;
  g_autoptr(GString) wrong = g_string_new (NULL);
  g_autoptr(GString) fixes = g_string_new (NULL);
  const char *goos, *goarch, *cgo, *tags;

  if (!gantry_binary_get_is_go (facts) || gantry_binary_get_go_settings (facts) == NULL
      || gantry_binary_get_go_settings (facts)->len == 0)
    {
      verdict_add (out, key, path, "go-settings", "static", GANTRY_VERDICT_SKIPPED,
                   g_strdup ("skipped: no Go build settings in the file (not a Go program, or built before Go 1.18)"));
      return;
    }

  goos = gantry_binary_get_go_setting (facts, "GOOS");
  goarch = gantry_binary_get_go_setting (facts, "GOARCH");
  cgo = gantry_binary_get_go_setting (facts, "CGO_ENABLED");
  tags = gantry_binary_get_go_setting (facts, "-tags");

  /* what the packages need, not only what was promised: a cgo package
   * built with cgo off is Go's stub, which fails only when it runs */
  if (promise->needs_cgo != NULL && g_strcmp0 (cgo, "1") != 0)
    verdict_add (out, key, path, "cgo", "static", GANTRY_VERDICT_FAIL,
                 g_strdup_printf ("built without cgo (CGO_ENABLED=%s), but its build %s: it would fail or run as Go's cgo stub; turn cgo on for %s",
                                  cgo ? cgo : "0", promise->needs_cgo, key));

  if (goos != NULL && g_strcmp0 (goos, gantry_target_get_goos (target)) != 0)
    g_string_append_printf (wrong, "%sGOOS=%s (promised %s)", wrong->len ? ", " : "", goos, gantry_target_get_goos (target));
  if (goarch != NULL && g_strcmp0 (goarch, gantry_target_get_goarch (target)) != 0)
    g_string_append_printf (wrong, "%sGOARCH=%s (promised %s)", wrong->len ? ", " : "", goarch,
                            gantry_target_get_goarch (target));
  if (wrong->len > 0)
    g_string_append (fixes, "rebuild with the target's GOOS and GOARCH");

  if (promise->cgo >= 0)
    {
      const char *want = promise->cgo ? "1" : "0";

      if (g_strcmp0 (cgo ? cgo : "0", want) != 0)
        {
          g_string_append_printf (wrong, "%sCGO_ENABLED=%s (promised %s)", wrong->len ? ", " : "", cgo ? cgo : "0", want);
          g_string_append_printf (fixes, "%s%s", fixes->len ? "; " : "",
                                  promise->cgo ? "give the target a C compiler (CC) so cgo stays on"
                                               : "set CGO_ENABLED=0 for this target");
        }
    }

  if (promise->tags != NULL)
    {
      g_auto(GStrv) want = g_strsplit (promise->tags, ",", -1);
      gboolean missing = FALSE;

      for (guint i = 0; want[i] != NULL; i++)
        {
          g_strstrip (want[i]);
          if (want[i][0] != '\0' && !tag_listed (tags, want[i]))
            {
              g_string_append_printf (wrong, "%stag %s missing (built with -tags=%s)", wrong->len ? ", " : "", want[i],
                                      tags ? tags : "");
              missing = TRUE;
            }
        }
      if (missing)
        g_string_append_printf (fixes, "%spass -tags %s", fixes->len ? "; " : "", promise->tags);
    }

  /* Go records -ldflags verbatim, except that Go before 1.20 leaves it
   * out under -trimpath: compare it when the file has it. */
  {
    const char *ldflags = gantry_binary_get_go_setting (facts, "-ldflags");

    if (promise->ldflags != NULL && ldflags != NULL && g_strcmp0 (ldflags, promise->ldflags) != 0)
      {
        g_string_append_printf (wrong, "%s-ldflags=%s (promised %s)", wrong->len ? ", " : "", ldflags, promise->ldflags);
        g_string_append_printf (fixes, "%srebuild with the recipe's ldflags", fixes->len ? "; " : "");
      }
  }

  if (wrong->len > 0)
    verdict_add (out, key, path, "go-settings", "static", GANTRY_VERDICT_FAIL,
                 g_strdup_printf ("%s: %s", wrong->str, fixes->str));
  else
    verdict_add (out, key, path, "go-settings", "static", GANTRY_VERDICT_PASS,
                 g_strdup_printf ("GOOS=%s GOARCH=%s CGO_ENABLED=%s%s%s", goos ? goos : "?", goarch ? goarch : "?",
                                  cgo ? cgo : "0", tags ? " -tags=" : "", tags ? tags : ""));
}

void
gantry_verify_static (GantryBinary              *facts,
                      const GantryVerifyPromise *promise,
                      const GantryVerifyOptions *options,
                      GPtrArray                 *verdicts)
{
  static const GantryVerifyOptions defaults = { 0 };
  g_autofree char *key = NULL;
  const char *path;
  const char *goos;

  g_return_if_fail (GANTRY_IS_BINARY (facts));
  g_return_if_fail (promise != NULL && GANTRY_IS_TARGET (promise->target));
  g_return_if_fail (verdicts != NULL);

  if (options == NULL)
    options = &defaults;
  key = gantry_target_get_key (promise->target);
  path = gantry_binary_get_file (facts);
  goos = gantry_target_get_goos (promise->target);

  check_os_arch (facts, promise->target, key, path, verdicts);
  if (gantry_binary_get_format (facts) == GANTRY_BINARY_FORMAT_ELF)
    {
      check_linkage (facts, promise->target, key, path, verdicts);
      if (g_str_equal (goos, "linux"))
        check_glibc_floor (facts, promise->target, key, path, verdicts);
    }
  if (gantry_binary_get_format (facts) == GANTRY_BINARY_FORMAT_PE)
    check_dlls (facts, options, key, path, verdicts);
  check_go_settings (facts, promise, key, path, verdicts);
}

/* ------------------------------------------------------------------ */
/* Diagnoses                                                           */
/* ------------------------------------------------------------------ */

static char *
regex_group (const char *pattern, const char *text, guint group)
{
  g_autoptr(GRegex) re = g_regex_new (pattern, G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_assert (re != NULL);
  if (!g_regex_match (re, text, 0, &match))
    return NULL;
  return g_match_info_fetch (match, group);
}

static gboolean
matches (const char *pattern, const char *text)
{
  return g_regex_match_simple (pattern, text, G_REGEX_CASELESS, 0);
}

/* The first line the program printed; @skip_prefix drops the
 * emulator's own notes ("wine: created the configuration directory…"). */
static char *
first_line_skipping (const char *text,
                     const char *skip_prefix)
{
  g_auto(GStrv) lines = g_strsplit (text ? text : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] != '\0' && (skip_prefix == NULL || !g_str_has_prefix (lines[i], skip_prefix)))
        return g_strdup (lines[i]);
    }
  return NULL;
}

static char *
first_line (const char *text)
{
  return first_line_skipping (text, NULL);
}

char *
gantry_verify_diagnose (GantryBinary *facts,
                        const char   *place_kind,
                        int           exit_status,
                        const char   *output,
                        gboolean     *environment_problem)
{
  g_autofree char *glibc = NULL;
  g_autofree char *lib = NULL;
  g_autofree char *dll = NULL;
  g_autofree char *line = NULL;
  const char *interp = facts ? gantry_binary_get_interpreter (facts) : NULL;
  gboolean container = g_strcmp0 (place_kind, "container") == 0;
  gboolean env_problem = FALSE;
  char *text = NULL;

  g_return_val_if_fail (place_kind != NULL, NULL);
  if (output == NULL)
    output = "";

  if ((glibc = regex_group ("version [`'‘]?(GLIBC_[0-9.]+)['’]? not found", output, 1)) != NULL)
    {
      const char *floor = facts ? gantry_binary_get_glibc_floor (facts) : NULL;
      text = g_strdup_printf ("needs %s, newer than the glibc here%s%s: set a glibc floor (zig cc -target <arch>-linux-gnu.2.17) or link statically with musl",
                              glibc, floor ? "; the file asks for up to GLIBC_" : "", floor ? floor : "");
    }
  else if ((lib = regex_group ("error while loading shared libraries: ([^:\\s]+)", output, 1)) != NULL)
    text = g_strdup_printf ("missing library %s: it is not installed here; install it there, ship it, or link it statically", lib);
  else if ((dll = regex_group ("(?:Library|module) ([^\\s()]+\\.dll)[^\\n]*not found", output, 1)) != NULL
           || (dll = regex_group ("([^\\s\"'()]+\\.dll) (?:was not found|could not be found)", output, 1)) != NULL)
    text = g_strdup_printf ("missing DLL %s: ship it beside the exe, or link statically (-ldflags \"-extldflags -static\")", dll);
  else if (matches ("exec format error", output)
           || (g_strcmp0 (place_kind, "native") == 0 && matches ("cannot execute binary file", output)))
    {
      const char *arch = facts ? gantry_binary_get_arch (facts) : NULL;
      const char *os = facts ? gantry_binary_get_os (facts) : NULL;

      if (container && facts != NULL && g_strcmp0 (arch, host_goarch ()) != 0)
        {
          env_problem = TRUE;
          text = g_strdup_printf ("the container engine cannot run %s/%s programs on this %s machine: register qemu-user-static (binfmt) with the engine",
                                  os, arch, host_goarch ());
        }
      else
        text = g_strdup_printf ("exec format error: wrong architecture — the file is for %s/%s and cannot run on %s/%s; build it for this platform",
                                os ? os : "unknown", arch ? arch : "unknown", host_goos (), host_goarch ());
    }
  else if (interp != NULL && matches ("no such file or directory", output))
    text = g_strdup_printf ("missing interpreter %s: the file exists but its loader does not (a %s program on a system without %s, e.g. a musl or empty image): build static with musl, or run it where %s is installed",
                            interp, gantry_binary_get_libc (facts) ? gantry_binary_get_libc (facts) : "dynamic",
                            gantry_binary_get_libc (facts) ? gantry_binary_get_libc (facts) : "that loader",
                            gantry_binary_get_libc (facts) ? gantry_binary_get_libc (facts) : "it");
  else if (container && (exit_status == 125
                          || matches ("OCI runtime|OCI permission denied|runc create failed|error during container init", output)))
    {
      g_autofree char *copy = g_strstrip (g_strdup (output));
      g_auto(GStrv) lines = g_strsplit (copy, "\n", -1);
      guint n = g_strv_length (lines);

      env_problem = TRUE;
      if (matches ("pinging container registry|image not known|manifest unknown|no such image|pull access denied|unable to find image", output))
        text = g_strdup_printf ("the image is not on this machine for %s/%s and could not be pulled: pull or build it first (%s)",
                                facts ? gantry_binary_get_os (facts) : "linux", facts ? gantry_binary_get_arch (facts) : "?",
                                n ? lines[n - 1] : "no message");
      else
        text = g_strdup_printf ("the engine could not start the container: %s", n ? lines[n - 1] : "no message");
    }
  else if ((exit_status == (int) 0xC0000135 || exit_status == 53) && g_strcmp0 (place_kind, "wine") == 0)
    text = g_strdup ("a DLL the exe imports is missing (STATUS_DLL_NOT_FOUND): ship it beside the exe or link statically");
  else if (exit_status != 0 && matches ("requires cgo|CGO_ENABLED=0|cgo stub|This is a stub", output))
    {
      g_autofree char *said = first_line (output);

      text = g_strdup_printf ("built without cgo: turn cgo on for this target (it ran as Go's cgo stub and said: %s)",
                              said ? said : "nothing");
    }
  else if ((line = first_line (output)) != NULL)
    text = g_strdup_printf ("exited with status %d: %s", exit_status, line);
  else
    text = g_strdup_printf ("exited with status %d and printed nothing", exit_status);

  if (environment_problem != NULL)
    *environment_problem = env_problem;
  return text;
}

/* ------------------------------------------------------------------ */
/* Run checks                                                          */
/* ------------------------------------------------------------------ */

static char *
trim_output (const char *output)
{
  g_auto(GStrv) lines = g_strsplit (output ? output : "", "\n", -1);
  GString *s = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL && n < OUTPUT_MAX_LINES; i++)
    {
      g_strchomp (lines[i]);
      if (lines[i][0] == '\0' && lines[i + 1] == NULL)
        break;
      g_string_append_printf (s, "%s%s", n++ ? "\n" : "", lines[i]);
    }
  if (s->len > OUTPUT_MAX_BYTES)
    {
      const char *end = g_utf8_find_prev_char (s->str, s->str + OUTPUT_MAX_BYTES);
      g_string_truncate (s, end ? (gsize) (end - s->str) : 0);
      g_string_append (s, "…");
    }
  return g_string_free (s, FALSE);
}

static void
run_check (GPtrArray                 *out,
           const char                *key,
           const char                *path,
           GantryBinary              *facts,
           const char                *place,
           const char                *place_kind,
           GPtrArray                 *argv,     /* prefix; the program's args are appended here */
           const char * const        *env,
           const char * const        *cleanup,  /* run when the check is ended early; may be NULL */
           const GantryVerifyOptions *options,
           GCancellable              *cancellable)
{
  static const char * const default_args[] = { "--version", NULL };
  const char * const *args = options->run_args ? options->run_args : default_args;
  guint timeout = options->timeout_seconds ? options->timeout_seconds : DEFAULT_TIMEOUT_SECONDS;
  GantryVerdict *v;
  Outcome o;

  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_debug ("%s in %s: %s", key, place, (const char *) g_ptr_array_index (argv, 0));
  run_argv ((const char * const *) argv->pdata, NULL, env, timeout, cleanup, cancellable, &o);

  v = verdict_add (out, key, path, "run", place, GANTRY_VERDICT_FAIL, NULL);
  {
    g_autofree char *name = g_strdup_printf ("check %s in %s", key, place);
    v->command = gantry_step_new_program (name, key, (const char * const *) argv->pdata, env, NULL);
  }
  v->seconds = o.seconds;
  v->output = trim_output (o.output);

  if (o.cancelled)
    {
      v->state = GANTRY_VERDICT_SKIPPED;
      v->message = g_strdup ("skipped: cancelled");
    }
  else if (o.timed_out)
    v->message = g_strdup_printf ("did not finish within %u s: it may wait for input or hang; try other run arguments", timeout);
  else if (o.term_signal != 0)
    v->message = g_strdup_printf ("killed by signal %d (%s)", o.term_signal, g_strsignal (o.term_signal));
  else if (o.spawned && o.exited && o.status == 0)
    {
      g_autofree char *line = first_line_skipping (o.output, g_str_equal (place_kind, "wine") ? "wine: " : NULL);

      if (options->expect_output != NULL)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GRegex) re = g_regex_new (options->expect_output, G_REGEX_MULTILINE, 0, &error);

          if (re == NULL)
            {
              v->state = GANTRY_VERDICT_SKIPPED;
              v->message = g_strdup_printf ("skipped: the output pattern is not a valid regular expression (%s)", error->message);
            }
          else if (!g_regex_match (re, o.output, 0, NULL))
            v->message = g_strdup_printf ("exited 0 but its output does not match /%s/: %s", options->expect_output,
                                          line ? line : "it printed nothing");
        }
      if (v->message == NULL)
        {
          v->state = GANTRY_VERDICT_PASS;
          v->message = g_strdup_printf ("exit 0%s%s", line ? ": " : "", line ? line : "");
        }
    }
  else
    {
      gboolean env_problem = FALSE;
      char *diagnosis = gantry_verify_diagnose (facts, place_kind, o.exited ? o.status : -1, o.output, &env_problem);

      if (env_problem)
        {
          v->state = GANTRY_VERDICT_SKIPPED;
          v->message = g_strdup_printf ("skipped: %s", diagnosis);
          g_free (diagnosis);
        }
      else
        v->message = diagnosis;
    }
  outcome_clear (&o);
}

static char *
find_qemu_sysroot (const GantryVerifyOptions *options,
                   const ArchNames           *names,
                   const char                *interp)
{
  const char *configured = options->qemu_sysroot ? options->qemu_sysroot : g_getenv ("GANTRY_QEMU_SYSROOT");
  g_autofree char *debian = g_build_filename (G_DIR_SEPARATOR_S, "usr", names->triple, NULL);
  const char *candidates[] = { configured, debian, NULL };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *loader = NULL;

      if (candidates[i] == NULL)
        continue;
      loader = g_build_filename (candidates[i], interp, NULL);
      if (g_file_test (loader, G_FILE_TEST_EXISTS))
        return g_strdup (candidates[i]);
    }
  return NULL;
}

static void
run_local_checks (GantryVerifyHost          *host,
                  const char                *key,
                  const char                *path,
                  GantryBinary              *facts,
                  GantryTarget              *target,
                  const GantryVerifyOptions *options,
                  GPtrArray                 *out,
                  GCancellable              *cancellable)
{
  const char *goos = gantry_target_get_goos (target);
  const char *goarch = gantry_target_get_goarch (target);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);

  if (g_str_equal (goos, host->host_os) && g_str_equal (goarch, host->host_arch))
    {
      g_ptr_array_add (argv, g_strdup (path));
      g_ptr_array_set_free_func (argv, NULL);
      run_check (out, key, path, facts, "native", "native", argv, NULL, NULL, options, cancellable);
      g_free (g_ptr_array_index (argv, 0));
      return;
    }

  if (g_str_equal (goos, "linux") && g_str_equal (host->host_os, "linux"))
    {
      const ArchNames *names = arch_lookup (goarch);
      g_autofree char *place = NULL;
      g_autofree char *qemu = NULL;
      g_autofree char *sysroot = NULL;
      const char *interp = gantry_binary_get_interpreter (facts);

      if (names == NULL)
        {
          verdict_add (out, key, path, "run", "qemu", GANTRY_VERDICT_SKIPPED,
                       g_strdup_printf ("skipped: Gantry knows no qemu-user emulator for %s", goarch));
          return;
        }
      place = g_strdup_printf ("qemu-%s", names->qemu);
      {
        g_autofree char *static_name = g_strdup_printf ("qemu-%s-static", names->qemu);
        const char *qemus[] = { static_name, place, NULL };
        qemu = find_program (qemus);
      }
      if (qemu == NULL)
        {
          verdict_add (out, key, path, "run", place, GANTRY_VERDICT_SKIPPED,
                       g_strdup_printf ("skipped: no %s to run %s programs on this %s machine (install qemu-user-static)",
                                        place, goarch, host->host_arch));
          return;
        }
      if (interp != NULL)
        {
          sysroot = find_qemu_sysroot (options, names, interp);
          if (sysroot == NULL)
            {
              verdict_add (out, key, path, "run", place, GANTRY_VERDICT_SKIPPED,
                           g_strdup_printf ("skipped: no %s sysroot with the loader %s for this dynamic program (install the cross C library, e.g. libc6-%s-cross, or set GANTRY_QEMU_SYSROOT)",
                                            goarch, interp, goarch));
              return;
            }
        }
      g_ptr_array_add (argv, g_steal_pointer (&qemu));
      if (sysroot != NULL)
        {
          g_ptr_array_add (argv, g_strdup ("-L"));
          g_ptr_array_add (argv, g_steal_pointer (&sysroot));
        }
      g_ptr_array_add (argv, g_strdup (path));
      {
        guint n = argv->len;
        g_ptr_array_set_free_func (argv, NULL);
        run_check (out, key, path, facts, place, "qemu", argv, NULL, NULL, options, cancellable);
        for (guint i = 0; i < n; i++)
          g_free (g_ptr_array_index (argv, i));
      }
      return;
    }

  if (g_str_equal (goos, "windows") && !g_str_equal (host->host_os, "windows"))
    {
      g_autofree char *prefix_env = NULL;
      const char *env[3] = { "WINEDEBUG=-all,err+module", NULL, NULL };

      if (host->wine == NULL)
        {
          verdict_add (out, key, path, "run", "wine", GANTRY_VERDICT_SKIPPED,
                       g_strdup ("skipped: no wine to run Windows programs here (install wine64)"));
          return;
        }
      /* wine runs programs for the host's own processor family only */
      if (!((g_str_equal (host->host_arch, "amd64") && (g_str_equal (goarch, "amd64") || g_str_equal (goarch, "386"))) ||
            g_str_equal (host->host_arch, goarch)))
        {
          verdict_add (out, key, path, "run", "wine", GANTRY_VERDICT_SKIPPED,
                       g_strdup_printf ("skipped: wine here runs %s programs, not windows/%s; check it on a Windows %s machine",
                                        host->host_arch, goarch, goarch));
          return;
        }
      if (host->wineprefix != NULL)
        env[1] = prefix_env = g_strdup_printf ("WINEPREFIX=%s", host->wineprefix);
      g_ptr_array_add (argv, g_strdup (host->wine));
      g_ptr_array_add (argv, g_strdup (path));
      g_ptr_array_set_free_func (argv, NULL);
      run_check (out, key, path, facts, "wine", "wine", argv, env, NULL, options, cancellable);
      g_free (g_ptr_array_index (argv, 0));
      g_free (g_ptr_array_index (argv, 1));
      return;
    }

  verdict_add (out, key, path, "run", "here", GANTRY_VERDICT_SKIPPED,
               g_strdup_printf ("skipped: %s/%s programs cannot run on this %s/%s machine%s", goos, goarch,
                                host->host_os, host->host_arch,
                                g_str_equal (goos, "darwin") ? " (run it on a Mac)" : ""));
}

static char **
images_from (const GantryVerifyOptions *options)
{
  const char *text;
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) images = g_ptr_array_new ();

  if (options->images != NULL)
    return g_strdupv ((char **) options->images);
  text = g_getenv ("GANTRY_VERIFY_IMAGES");
  parts = g_strsplit (text ? text : "", ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_ptr_array_add (images, g_strdup (parts[i]));
    }
  g_ptr_array_add (images, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&images), FALSE);
}

static void
run_container_checks (GantryVerifyHost          *host,
                      const char                *key,
                      const char                *path,
                      GantryBinary              *facts,
                      GantryTarget              *target,
                      const GantryVerifyOptions *options,
                      GPtrArray                 *out,
                      GCancellable              *cancellable)
{
  g_auto(GStrv) images = images_from (options);
  const char *goarch = gantry_target_get_goarch (target);

  if (!g_str_equal (gantry_target_get_goos (target), "linux"))
    return;
  if (options->no_containers)
    {
      verdict_add (out, key, path, "run", "container", GANTRY_VERDICT_SKIPPED,
                   g_strdup ("skipped: container checks turned off in the recipe"));
      return;
    }
  if (host->engine == NULL)
    {
      verdict_add (out, key, path, "run", "container", GANTRY_VERDICT_SKIPPED,
                   g_strdup_printf ("skipped: %s", host->engine_problem ? host->engine_problem
                                                                        : "no container engine (install Docker Desktop or Podman)"));
      return;
    }
  if (images[0] == NULL)
    {
      verdict_add (out, key, path, "run", host->engine_name, GANTRY_VERDICT_SKIPPED,
                   g_strdup ("skipped: no container images listed: add one under Verification, in gantry.json (verify.images), or with --image"));
      return;
    }

  for (guint i = 0; images[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *place = g_strdup_printf ("%s:%s", host->engine_name, images[i]);
      g_autofree char *abs = g_canonicalize_filename (path, NULL);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *inside = g_strconcat ("/gantry/", base, NULL);
      g_autofree char *name = g_strdup_printf ("gantry-verify-%08x%08x", g_random_int (), g_random_int ());
      g_autoptr(GPtrArray) cleanup = g_ptr_array_new ();
      guint n;

      g_ptr_array_add (cleanup, host->engine);
      for (guint j = 0; host->engine_flags[j] != NULL; j++)
        g_ptr_array_add (cleanup, host->engine_flags[j]);
      g_ptr_array_add (cleanup, (char *) "rm");
      g_ptr_array_add (cleanup, (char *) "-f");
      g_ptr_array_add (cleanup, name);
      g_ptr_array_add (cleanup, NULL);

      g_ptr_array_add (argv, g_strdup (host->engine));
      for (guint j = 0; host->engine_flags[j] != NULL; j++)
        g_ptr_array_add (argv, g_strdup (host->engine_flags[j]));
      g_ptr_array_add (argv, g_strdup ("run"));
      g_ptr_array_add (argv, g_strdup ("--rm"));
      g_ptr_array_add (argv, g_strdup ("--network=none"));
      /* named, so a check ended early can remove its container: killing
       * the engine's client leaves the container running */
      g_ptr_array_add (argv, g_strdup ("--name"));
      g_ptr_array_add (argv, g_strdup (name));
      for (guint j = 0; host->run_flags[j] != NULL; j++)
        g_ptr_array_add (argv, g_strdup (host->run_flags[j]));
      if (!g_str_equal (goarch, host->host_arch) || !g_str_equal (host->host_os, "linux"))
        {
          const char *goarm = gantry_target_get_goarm (target);
          g_ptr_array_add (argv, g_strdup ("--platform"));
          g_ptr_array_add (argv, goarm ? g_strdup_printf ("linux/%s/v%s", goarch, goarm)
                                       : g_strdup_printf ("linux/%s", goarch));
        }
      g_ptr_array_add (argv, g_strdup ("-v"));
      g_ptr_array_add (argv, g_strdup_printf ("%s:%s:ro", abs, inside));
      g_ptr_array_add (argv, g_strdup (images[i]));
      g_ptr_array_add (argv, g_strdup (inside));

      n = argv->len;
      g_ptr_array_set_free_func (argv, NULL);
      run_check (out, key, path, facts, place, "container", argv, NULL,
                 (const char * const *) cleanup->pdata, options, cancellable);
      for (guint j = 0; j < n; j++)
        g_free (g_ptr_array_index (argv, j));
    }
}

GPtrArray *
gantry_verify_artifact (GantryVerifyHost          *host,
                        const char                *path,
                        GantryBinary              *facts,
                        const GantryVerifyPromise *promise,
                        const GantryVerifyOptions *options,
                        GCancellable              *cancellable)
{
  static const GantryVerifyOptions defaults = { 0 };
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_verdict_free);
  g_autofree char *key = NULL;

  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (GANTRY_IS_BINARY (facts), NULL);
  g_return_val_if_fail (promise != NULL && GANTRY_IS_TARGET (promise->target), NULL);

  if (options == NULL)
    options = &defaults;
  key = gantry_target_get_key (promise->target);

  gantry_verify_static (facts, promise, options, out);
  if (options->static_only)
    return g_steal_pointer (&out);

  run_local_checks (host, key, path, facts, promise->target, options, out, cancellable);
  run_container_checks (host, key, path, facts, promise->target, options, out, cancellable);
  return g_steal_pointer (&out);
}

/* ------------------------------------------------------------------ */
/* Builds, runs and folders                                            */
/* ------------------------------------------------------------------ */

static gboolean
record_verdicts (GantryStore  *store,
                 GPtrArray    *verdicts,
                 guint         from,
                 GError      **error)
{
  for (guint i = from; i < verdicts->len; i++)
    {
      GantryVerdict *v = g_ptr_array_index (verdicts, i);
      g_autofree char *message = NULL;

      if (v->artifact_id == 0)
        continue;
      /* the verdicts table has no duration column: a run check keeps its time in the message */
      message = (g_str_equal (v->check, "run") || g_str_equal (v->check, "reproducible"))
                && v->state != GANTRY_VERDICT_SKIPPED
        ? g_strdup_printf ("%s (%.2f s)", v->message, v->seconds)
        : g_strdup (v->message);
      if (!gantry_history_add_verdict (store, v->artifact_id, v->check, v->place,
                                       gantry_verdict_state_to_string (v->state), message, error))
        return FALSE;
    }
  return TRUE;
}

static gint64
find_binary_artifact (GantryStore *store,
                      gint64       run_id,
                      const char  *target)
{
  sqlite3 *db = _gantry_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  gint64 id = 0;

  if (sqlite3_prepare_v2 (db,
                          "SELECT id FROM artifacts WHERE run_id = ?1 AND target = ?2 AND kind = 'binary'"
                          " ORDER BY id DESC LIMIT 1",
                          -1, &stmt, NULL) != SQLITE_OK)
    return 0;
  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_text (stmt, 2, target, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return id;
}

static char *
join_tags (const char *a, const char *b, const char *c)
{
  const char *parts[] = { a, b, c };
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_auto(GStrv) tags = g_strsplit (parts[i] ? parts[i] : "", ",", -1);

      for (guint j = 0; tags[j] != NULL; j++)
        {
          g_strstrip (tags[j]);
          if (tags[j][0] == '\0' || tag_listed (s->str, tags[j]))
            continue;
          g_string_append_printf (s, "%s%s", s->len ? "," : "", tags[j]);
        }
    }
  if (s->len == 0)
    {
      g_string_free (s, TRUE);
      return NULL;
    }
  return g_string_free (s, FALSE);
}

static void
verify_one (GantryStore               *store,
            GantryVerifyHost          *host,
            gint64                     artifact_id,
            const char                *key,
            const char                *path,
            const GantryVerifyPromise *promise,
            const GantryVerifyOptions *options,
            GPtrArray                 *matrix,
            GCancellable              *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryBinary) facts = NULL;
  g_autoptr(GPtrArray) verdicts = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      GantryVerdict *v = verdict_add (matrix, key, path, "inspect", "static", GANTRY_VERDICT_SKIPPED,
                                      g_strdup_printf ("skipped: the binary %s is gone (old build folders are pruned): build again", path));
      v->artifact_id = artifact_id;
      return;
    }
  facts = gantry_inspect_path (path, &error);
  if (facts == NULL)
    {
      GantryVerdict *v = verdict_add (matrix, key, path, "inspect", "static", GANTRY_VERDICT_FAIL,
                                      g_strdup_printf ("cannot be read as a program: %s", error->message));
      v->artifact_id = artifact_id;
      return;
    }
  verdicts = gantry_verify_artifact (host, path, facts, promise, options, cancellable);
  for (guint i = 0; i < verdicts->len; i++)
    {
      GantryVerdict *v = g_ptr_array_index (verdicts, i);

      /* the matrix names the artifact as the run recorded it */
      g_free (v->target);
      v->target = g_strdup (key);
      v->artifact_id = artifact_id;
    }
  g_ptr_array_extend_and_steal (matrix, g_steal_pointer (&verdicts));
}

/* What the caller left unsaid comes from the project's recipe: images,
 * what to run, what to expect, what ships beside a .exe, and
 * "containers": false, unless the caller names images itself. Pointers
 * into @recipe: it must outlive the options. */
void
gantry_verify_options_apply_recipe (GantryVerifyOptions *options,
                                    GantryRecipe        *recipe)
{
  gboolean images_given;

  g_return_if_fail (options != NULL);

  if (recipe == NULL)
    return;
  images_given = options->images != NULL && options->images[0] != NULL;
  if (!images_given)
    options->images = gantry_recipe_get_verify_images (recipe);
  if (!images_given && !gantry_recipe_get_verify_containers (recipe))
    options->no_containers = TRUE;
  if (options->run_args == NULL)
    options->run_args = gantry_recipe_get_verify_run_args (recipe);
  if (options->expect_output == NULL)
    options->expect_output = gantry_recipe_get_verify_expect_output (recipe);
  if (options->ship_dlls == NULL)
    options->ship_dlls = gantry_recipe_get_ship_dlls (recipe);
}

gboolean
gantry_verify_build (GantryStore               *store,
                     GantryBuild               *build,
                     const GantryVerifyOptions *options,
                     GPtrArray                **out_matrix,
                     GCancellable              *cancellable,
                     GError                   **error)
{
  g_autoptr(GPtrArray) matrix = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_verdict_free);
  g_autoptr(GantryVerifyHost) host = NULL;
  static const GantryVerifyOptions defaults = { 0 };
  GantryVerifyOptions with_recipe;
  const GantryPlanInput *inputs;
  guint n_inputs = 0;
  GantryRecipe *recipe;

  g_return_val_if_fail (GANTRY_IS_STORE (store), FALSE);
  g_return_val_if_fail (GANTRY_IS_BUILD (build), FALSE);

  inputs = gantry_build_get_plan_inputs (build, &n_inputs);
  recipe = gantry_build_get_recipe (build);
  with_recipe = options != NULL ? *options : defaults;
  gantry_verify_options_apply_recipe (&with_recipe, recipe);
  options = &with_recipe;
  host = gantry_verify_host_probe (options, cancellable);

  for (guint i = 0; i < gantry_build_get_n_results (build); i++)
    {
      const GantryTargetResult *r = gantry_build_get_result (build, i);
      const GantryPlanInput *input = NULL;
      g_autofree char *tags = NULL;
      GantryVerifyPromise promise = { 0 };

      if (r->state != GANTRY_STEP_OK || r->binary == NULL)
        continue;
      for (guint j = 0; j < n_inputs && input == NULL; j++)
        {
          g_autofree char *key = gantry_target_get_key (inputs[j].target);
          if (g_strcmp0 (key, r->target) == 0)
            input = &inputs[j];
        }
      if (input == NULL)
        continue;

      tags = join_tags (recipe ? gantry_recipe_get_tags (recipe) : NULL, gantry_target_get_tags (input->target),
                        input->extra_tags);
      promise.target = input->target;
      promise.cgo = input->cgo_enabled ? 1 : 0;
      promise.tags = tags;
      promise.needs_cgo = input->needs_cgo;
      /* the -ldflags the plan passed for this target */
      {
        GantryPlan *plan = gantry_build_get_plan (build);

        for (guint k = 0; k < gantry_plan_get_n_steps (plan) && promise.ldflags == NULL; k++)
          {
            const GantryStep *step = gantry_plan_get_step (plan, k);

            if (g_strcmp0 (step->target, r->target) != 0 || step->argv == NULL)
              continue;
            for (guint a = 0; step->argv[a] != NULL && step->argv[a + 1] != NULL; a++)
              if (g_str_equal (step->argv[a], "-ldflags"))
                promise.ldflags = step->argv[a + 1];
          }
      }
      verify_one (store, host, find_binary_artifact (store, gantry_build_get_run_id (build), r->target),
                  r->target, r->binary, &promise, options, matrix, cancellable);
    }

  if (!record_verdicts (store, matrix, 0, error))
    return FALSE;
  if (out_matrix != NULL)
    *out_matrix = g_steal_pointer (&matrix);
  return TRUE;
}

typedef struct
{
  GantryStore *store;
  const GantryVerifyOptions *options;
} VerifyJob;

static void
verify_job_free (VerifyJob *job)
{
  g_clear_object (&job->store);
  g_free (job);
}

static void
verify_build_worker (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  VerifyJob *job = task_data;
  GPtrArray *matrix = NULL;
  GError *error = NULL;

  if (gantry_verify_build (job->store, GANTRY_BUILD (source_object), job->options, &matrix, cancellable, &error))
    g_task_return_pointer (task, matrix, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

void
gantry_verify_build_async (GantryStore               *store,
                           GantryBuild               *build,
                           const GantryVerifyOptions *options,
                           GCancellable              *cancellable,
                           GAsyncReadyCallback        callback,
                           gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  VerifyJob *job;

  g_return_if_fail (GANTRY_IS_STORE (store));
  g_return_if_fail (GANTRY_IS_BUILD (build));

  job = g_new0 (VerifyJob, 1);
  job->store = g_object_ref (store);
  job->options = options;
  task = g_task_new (build, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_verify_build_async);
  g_task_set_task_data (task, job, (GDestroyNotify) verify_job_free);
  g_task_run_in_thread (task, verify_build_worker);
}

GPtrArray *
gantry_verify_build_finish (GantryBuild   *build,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, build), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* A target from its key when the recipe no longer has it:
 * "linux/armv7/static@musl", "linux/amd64-v3". */
static GantryTarget *
target_from_key (const char *key)
{
  g_autoptr(GRegex) re = g_regex_new ("^([a-z0-9]+)/([a-z0-9]+?)(?:v([5-7]))?(?:-(v[1-4]))?(/static)?(@.*)?$", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *os = NULL, *arch = NULL, *arm = NULL, *amd64 = NULL, *link = NULL, *libc = NULL, *spec = NULL;
  GantryTarget *target;

  if (!g_regex_match (re, key, 0, &match))
    return NULL;
  os = g_match_info_fetch (match, 1);
  arch = g_match_info_fetch (match, 2);
  arm = g_match_info_fetch (match, 3);
  amd64 = g_match_info_fetch (match, 4);
  link = g_match_info_fetch (match, 5);
  libc = g_match_info_fetch (match, 6);
  spec = g_strconcat (os, "/", arch, link ? link : "", libc ? libc : "", NULL);
  target = gantry_target_parse (spec, NULL);
  if (target == NULL)
    return NULL;
  if (arm != NULL && arm[0] != '\0')
    gantry_target_set_goarm (target, arm);
  if (amd64 != NULL && amd64[0] != '\0')
    gantry_target_set_goamd64 (target, amd64);
  return target;
}

gboolean
gantry_verify_run (GantryStore               *store,
                   gint64                     run_id,
                   const GantryVerifyOptions *options,
                   GPtrArray                **out_matrix,
                   gint64                    *out_run_id,
                   GCancellable              *cancellable,
                   GError                   **error)
{
  g_autoptr(GPtrArray) matrix = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_verdict_free);
  g_autoptr(GantryVerifyHost) host = NULL;
  g_autoptr(GantryRecipe) recipe = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) artifact_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  static const GantryVerifyOptions defaults = { 0 };
  GantryVerifyOptions with_recipe;
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  gint64 project_id = 0;
  int uses_cgo = -1;
  GantryProject *project = NULL;   /* owned by projects */

  g_return_val_if_fail (GANTRY_IS_STORE (store), FALSE);

  db = _gantry_store_get_db (store);
  if (sqlite3_prepare_v2 (db,
                          run_id > 0 ? "SELECT id, project_id FROM runs WHERE id = ?1"
                                     : "SELECT id, project_id FROM runs ORDER BY started_at DESC, id DESC LIMIT 1",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  if (run_id > 0)
    sqlite3_bind_int64 (stmt, 1, run_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      if (run_id > 0)
        g_set_error (error, GANTRY_VERIFY_ERROR, GANTRY_VERIFY_ERROR_NOT_FOUND,
                     "There is no run %" G_GINT64_FORMAT ": `gantry runs` lists them.", run_id);
      else
        g_set_error (error, GANTRY_VERIFY_ERROR, GANTRY_VERIFY_ERROR_NOT_FOUND,
                     "No run to verify yet: build first with `gantry build`, or name a folder of binaries.");
      return FALSE;
    }
  run_id = sqlite3_column_int64 (stmt, 0);
  project_id = sqlite3_column_int64 (stmt, 1);
  sqlite3_finalize (stmt);

  if (sqlite3_prepare_v2 (db, "SELECT id, target, path FROM artifacts WHERE run_id = ?1 AND kind = 'binary' ORDER BY id",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, run_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (artifact_ids, id);
      g_ptr_array_add (keys, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      g_ptr_array_add (paths, g_strdup ((const char *) sqlite3_column_text (stmt, 2)));
    }
  sqlite3_finalize (stmt);
  stmt = NULL;

  if (out_run_id != NULL)
    *out_run_id = run_id;
  if (keys->len == 0)
    {
      g_set_error (error, GANTRY_VERIFY_ERROR, GANTRY_VERIFY_ERROR_NOT_FOUND,
                   "Run %" G_GINT64_FORMAT " built no binaries, so there is nothing to verify: see `gantry runs` and build again.",
                   run_id);
      return FALSE;
    }

  projects = gantry_store_list_projects (store, NULL);
  for (guint i = 0; projects != NULL && i < projects->len; i++)
    if (gantry_project_get_id (g_ptr_array_index (projects, i)) == project_id)
      {
        project = g_ptr_array_index (projects, i);
        uses_cgo = gantry_project_get_uses_cgo (project) ? 1 : 0;
      }
  recipe = gantry_recipe_load (store, project_id, NULL);

  with_recipe = options != NULL ? *options : defaults;
  gantry_verify_options_apply_recipe (&with_recipe, recipe);
  options = &with_recipe;

  host = gantry_verify_host_probe (options, cancellable);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      g_autoptr(GantryTarget) target = NULL;
      g_autofree char *tags = NULL;
      g_autofree char *needs_cgo = NULL;
      GantryVerifyPromise promise = { 0 };
      GListModel *targets = recipe ? gantry_recipe_get_targets (recipe) : NULL;

      for (guint j = 0; targets != NULL && j < g_list_model_get_n_items (targets) && target == NULL; j++)
        {
          g_autoptr(GantryTarget) t = g_list_model_get_item (targets, j);
          g_autofree char *k = gantry_target_get_key (t);
          if (g_str_equal (k, key))
            target = g_object_ref (t);
        }
      if (target == NULL)
        target = target_from_key (key);
      if (target == NULL)
        {
          GantryVerdict *v = verdict_add (matrix, key, g_ptr_array_index (paths, i), "target", "static",
                                          GANTRY_VERDICT_SKIPPED,
                                          g_strdup_printf ("skipped: '%s' is not a target Gantry can read", key));
          v->artifact_id = g_array_index (artifact_ids, gint64, i);
          continue;
        }
      tags = join_tags (recipe ? gantry_recipe_get_tags (recipe) : NULL, gantry_target_get_tags (target), NULL);
      promise.target = target;
      /* what the target's packages need today, from its build graph */
      if (recipe != NULL && project != NULL)
        {
          g_autoptr(GantryGoGraph) graph = gantry_recipe_read_graph (recipe, project, target, NULL, cancellable);

          if (graph != NULL && !gantry_go_graph_is_guess (graph) && gantry_go_graph_needs_cgo (graph))
            needs_cgo = gantry_go_graph_describe (graph);
        }
      promise.needs_cgo = needs_cgo;
      switch (gantry_target_get_cgo (target))
        {
        case GANTRY_CGO_ON: promise.cgo = 1; break;
        case GANTRY_CGO_OFF: promise.cgo = 0; break;
        case GANTRY_CGO_AUTO:
        default: promise.cgo = uses_cgo; break;   /* -1 when the project is gone: not checked */
        }
      promise.tags = tags;
      verify_one (store, host, g_array_index (artifact_ids, gint64, i), key, g_ptr_array_index (paths, i),
                  &promise, options, matrix, cancellable);
    }

  if (!record_verdicts (store, matrix, 0, error))
    return FALSE;
  if (out_matrix != NULL)
    *out_matrix = g_steal_pointer (&matrix);
  return TRUE;

failed:
  _gantry_store_set_error (store, error, "Reading the run to verify");
  sqlite3_finalize (stmt);
  return FALSE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
collect_binaries (const char *dir,
                  guint       depth,
                  GPtrArray  *out)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (depth > 0)
            collect_binaries (path, depth - 1, out);
        }
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (out, g_steal_pointer (&path));
    }
}

gboolean
gantry_verify_dir (const char                *dir,
                   const GantryVerifyOptions *options,
                   GPtrArray                **out_matrix,
                   GCancellable              *cancellable,
                   GError                   **error)
{
  g_autoptr(GPtrArray) matrix = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_verdict_free);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GantryVerifyHost) host = NULL;
  guint n_programs = 0;

  g_return_val_if_fail (dir != NULL, FALSE);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, GANTRY_VERIFY_ERROR, GANTRY_VERIFY_ERROR_NOT_FOUND,
                   "%s is not a folder: name a run number or a folder of built binaries.", dir);
      return FALSE;
    }
  collect_binaries (dir, 1, files);
  host = gantry_verify_host_probe (options, cancellable);

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(GantryBinary) facts = gantry_inspect_path (path, NULL);
      g_autoptr(GantryTarget) target = NULL;
      g_autoptr(GPtrArray) verdicts = NULL;
      g_autofree char *key = NULL;
      const char *cgo;
      GantryVerifyPromise promise = { 0 };

      /* archives, checksums, notes: not programs */
      if (facts == NULL || g_strcmp0 (gantry_binary_get_file_type (facts), "object") == 0)
        continue;
      if (!gantry_go_platform_is_valid (gantry_binary_get_os (facts), gantry_binary_get_arch (facts)))
        continue;
      n_programs++;
      /* no recipe: the file's own platform and build settings are the promise */
      target = gantry_target_new (gantry_binary_get_os (facts), gantry_binary_get_arch (facts));
      key = gantry_target_get_key (target);
      cgo = gantry_binary_get_go_setting (facts, "CGO_ENABLED");
      promise.target = target;
      promise.cgo = cgo ? g_str_equal (cgo, "1") : -1;
      verdicts = gantry_verify_artifact (host, path, facts, &promise, options, cancellable);
      for (guint j = 0; j < verdicts->len; j++)
        {
          GantryVerdict *v = g_ptr_array_index (verdicts, j);
          g_autofree char *base = g_path_get_basename (path);

          /* several files may share a platform: name them by file too */
          g_free (v->target);
          v->target = g_strdup_printf ("%s (%s)", base, key);
        }
      g_ptr_array_extend_and_steal (matrix, g_steal_pointer (&verdicts));
    }

  if (n_programs == 0)
    {
      g_set_error (error, GANTRY_VERIFY_ERROR, GANTRY_VERIFY_ERROR_NOT_FOUND,
                   "%s holds no programs Gantry can read (archives are not unpacked): name the build folder or a run number.",
                   dir);
      return FALSE;
    }
  if (out_matrix != NULL)
    *out_matrix = g_steal_pointer (&matrix);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Reproducibility                                                     */
/* ------------------------------------------------------------------ */

#define REBUILD_TIMEOUT_SECONDS 1800
#define MAX_RANGES_SHOWN 4
/* differences closer than this are one range */
#define RANGE_GAP 16

typedef struct
{
  gsize start;
  gsize end;
} Range;

static guint32
read_le32 (const guint8 *data, gsize len, gsize at)
{
  if (at + 4 > len)
    return 0;
  return (guint32) data[at] | ((guint32) data[at + 1] << 8) | ((guint32) data[at + 2] << 16) | ((guint32) data[at + 3] << 24);
}

/* What in the file holds byte @offset, in words a developer acts on. */
static char *
what_holds (GantryBinary *facts, const guint8 *data, gsize len, gsize offset)
{
  GPtrArray *sections;

  if (facts == NULL)
    return g_strdup ("the file");

  if (gantry_binary_get_format (facts) == GANTRY_BINARY_FORMAT_PE)
    {
      guint32 pe = read_le32 (data, len, 0x3c);

      if (offset >= pe + 8 && offset < pe + 12)
        return g_strdup ("PE header timestamp: link with -extldflags -Wl,--no-insert-timestamp");
      if (offset >= pe + 24 + 64 && offset < pe + 24 + 68)
        return g_strdup ("PE checksum");
    }

  sections = gantry_binary_get_sections (facts);
  for (guint i = 0; sections != NULL && i < sections->len; i++)
    {
      GantrySection *sec = g_ptr_array_index (sections, i);

      if (!sec->in_file || offset < sec->offset || offset >= sec->offset + sec->size)
        continue;
      if (g_str_equal (sec->name, ".note.gnu.build-id"))
        return g_strdup (".note.gnu.build-id: the build id, which follows the other bytes");
      if (g_str_equal (sec->name, ".note.go.buildid"))
        return g_strdup (".note.go.buildid: the Go build id, which follows the inputs");
      if (g_str_equal (sec->name, ".go.buildinfo"))
        return g_strdup (".go.buildinfo: Go build settings or module versions differ");
      if (sec->group == GANTRY_SECTION_GROUP_DEBUG)
        return g_strdup_printf ("%s: debug info, often a path left in it (build with -trimpath, or strip with -ldflags=-s -w)",
                                sec->name);
      return g_strdup (sec->name);
    }
  if (offset < gantry_binary_get_headers_size (facts))
    return g_strdup ("file headers");
  return g_strdup ("outside any section");
}

static gboolean
contains_bytes (const guint8 *data, gsize len, const char *needle)
{
  gsize n = strlen (needle);

  if (n == 0)
    return FALSE;
  for (gsize i = 0; i + n <= len; i++)
    if (data[i] == (guint8) needle[0] && memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

char *
gantry_verify_describe_differences (const char  *a,
                                    const char  *b,
                                    const char  *scratch_path,
                                    GError     **error)
{
  g_autoptr(GMappedFile) ma = NULL;
  g_autoptr(GMappedFile) mb = NULL;
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (Range));
  g_autoptr(GantryBinary) facts = NULL;
  const guint8 *da, *db;
  gsize la, lb, n, i = 0;
  guint64 n_diff = 0;
  GString *s;

  g_return_val_if_fail (a != NULL && b != NULL, NULL);

  ma = g_mapped_file_new (a, FALSE, error);
  if (ma == NULL)
    return NULL;
  mb = g_mapped_file_new (b, FALSE, error);
  if (mb == NULL)
    return NULL;
  da = (const guint8 *) g_mapped_file_get_contents (ma);
  db = (const guint8 *) g_mapped_file_get_contents (mb);
  la = g_mapped_file_get_length (ma);
  lb = g_mapped_file_get_length (mb);
  n = MIN (la, lb);

  while (i < n)
    {
      Range r;
      gsize last;

      if (da[i] == db[i])
        {
          i++;
          continue;
        }
      r.start = last = i;
      for (; i < n && i - last <= RANGE_GAP; i++)
        if (da[i] != db[i])
          {
            last = i;
            n_diff++;
          }
      r.end = last + 1;
      g_array_append_val (ranges, r);
    }

  if (ranges->len == 0 && la == lb)
    {
      /* the caller asked for differences: "none" is NULL with no error */
      return NULL;
    }

  facts = gantry_inspect_path (a, NULL);
  s = g_string_new (NULL);
  if (la != lb)
    g_string_append_printf (s, "sizes differ (%" G_GSIZE_FORMAT " and %" G_GSIZE_FORMAT " bytes); ", la, lb);
  g_string_append_printf (s, "%" G_GUINT64_FORMAT " byte%s differ in %u range%s", n_diff, n_diff == 1 ? "" : "s",
                          ranges->len, ranges->len == 1 ? "" : "s");
  for (guint j = 0; j < ranges->len && j < MAX_RANGES_SHOWN; j++)
    {
      Range *r = &g_array_index (ranges, Range, j);
      g_autofree char *holder = what_holds (facts, da, la, r->start);

      g_string_append_printf (s, "%s0x%" G_GSIZE_MODIFIER "x–0x%" G_GSIZE_MODIFIER "x %s", j ? "; " : ": ",
                              r->start, r->end, holder);
    }
  if (ranges->len > MAX_RANGES_SHOWN)
    g_string_append_printf (s, "; and %u more", ranges->len - MAX_RANGES_SHOWN);
  if (scratch_path != NULL && contains_bytes (db, lb, scratch_path))
    g_string_append (s, "; the rebuild's folder path is inside the file: build with -trimpath");
  return g_string_free (s, FALSE);
}

typedef struct
{
  char *target;
  char **argv;
  char *env_json;
  char *cwd;
  gint64 artifact_id;
  char *path;
} Rebuild;

static void
rebuild_free (Rebuild *r)
{
  g_free (r->target);
  g_strfreev (r->argv);
  g_free (r->env_json);
  g_free (r->cwd);
  g_free (r->path);
  g_free (r);
}

/* The recorded environment changes, with GOCACHE pointed at @gocache. */
static char **
rebuild_env (const char *env_json,
             const char *gocache)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) env = g_ptr_array_new_with_free_func (g_free);
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  if (env_json != NULL && json_parser_load_from_data (parser, env_json, -1, NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      object = json_node_get_object (json_parser_get_root (parser));
      members = json_object_get_members (object);
      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *value = json_object_get_member (object, l->data);

          if (g_str_equal (l->data, "GOCACHE"))
            continue;
          if (JSON_NODE_HOLDS_NULL (value))
            g_ptr_array_add (env, g_strdup (l->data));
          else
            g_ptr_array_add (env, g_strdup_printf ("%s=%s", (const char *) l->data, json_node_get_string (value)));
        }
    }
  g_ptr_array_add (env, g_strdup_printf ("GOCACHE=%s", gocache));
  g_ptr_array_add (env, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&env), FALSE);
}

static void
rebuild_one (Rebuild      *r,
             GPtrArray    *matrix,
             GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *scratch = g_dir_make_tmp ("gantry-rebuild-XXXXXX", &error);
  g_autofree char *src = NULL, *out_dir = NULL, *gocache = NULL, *out = NULL, *base = NULL;
  g_autofree char *differences = NULL;
  g_auto(GStrv) env = NULL;
  g_auto(GStrv) argv = g_strdupv (r->argv);
  GantryVerdict *v;
  gboolean replaced = FALSE;
  Outcome o;

  v = verdict_add (matrix, r->target, r->path, "reproducible", "rebuild", GANTRY_VERDICT_SKIPPED, NULL);
  v->artifact_id = r->artifact_id;
  if (scratch == NULL)
    {
      v->message = g_strdup_printf ("skipped: no scratch folder for the rebuild: %s", error->message);
      return;
    }
  if (!g_file_test (r->path, G_FILE_TEST_EXISTS))
    {
      v->message = g_strdup_printf ("skipped: the released binary %s is gone (old build folders are pruned): build again", r->path);
      gantry_archive_remove_tree (scratch, NULL);
      return;
    }

  src = g_build_filename (scratch, "src", NULL);
  out_dir = g_build_filename (scratch, "out", NULL);
  gocache = g_build_filename (scratch, "gocache", NULL);
  base = g_path_get_basename (r->path);
  out = g_build_filename (out_dir, base, NULL);
  for (guint i = 0; argv[i] != NULL && argv[i + 1] != NULL; i++)
    if (g_str_equal (argv[i], "-o"))
      {
        g_free (argv[i + 1]);
        argv[i + 1] = g_strdup (out);
        replaced = TRUE;
      }
  if (!replaced || r->cwd == NULL)
    {
      v->message = g_strdup ("skipped: the recorded command names no output file or folder to rebuild from");
      gantry_archive_remove_tree (scratch, NULL);
      return;
    }

  {
    g_autoptr(GFile) from = g_file_new_for_path (r->cwd);
    g_autoptr(GFile) to = g_file_new_for_path (src);

    if (!gantry_copy_tree (from, to, cancellable, &error) || g_mkdir_with_parents (out_dir, 0755) != 0)
      {
        v->message = g_strdup_printf ("skipped: could not copy the project to a scratch folder: %s",
                                      error ? error->message : g_strerror (errno));
        gantry_archive_remove_tree (scratch, NULL);
        return;
      }
  }

  env = rebuild_env (r->env_json, gocache);
  run_argv ((const char * const *) argv, src, (const char * const *) env, REBUILD_TIMEOUT_SECONDS, NULL, cancellable, &o);
  v->seconds = o.seconds;
  if (!o.spawned || !o.exited || o.status != 0 || !g_file_test (out, G_FILE_TEST_EXISTS))
    {
      g_autofree char *line = first_line (o.output);

      v->message = o.cancelled ? g_strdup ("skipped: cancelled")
                               : g_strdup_printf ("skipped: the rebuild failed, so nothing could be compared: %s",
                                                  line ? line : "no output");
      v->output = trim_output (o.output);
      outcome_clear (&o);
      gantry_archive_remove_tree (scratch, NULL);
      return;
    }
  outcome_clear (&o);

  differences = gantry_verify_describe_differences (r->path, out, scratch, &error);
  if (differences != NULL)
    {
      v->state = GANTRY_VERDICT_FAIL;
      v->message = g_strdup_printf ("differs: %s", differences);
    }
  else if (error != NULL)
    v->message = g_strdup_printf ("skipped: could not compare: %s", error->message);
  else
    {
      g_autofree char *sha = gantry_download_sha256_file (out, NULL, NULL, NULL);

      v->state = GANTRY_VERDICT_PASS;
      v->message = g_strdup_printf ("reproducible: a fresh rebuild is byte-identical (sha256 %s)", sha ? sha : "?");
    }
  gantry_archive_remove_tree (scratch, NULL);
}

gboolean
gantry_verify_reproducible (GantryStore               *store,
                            gint64                     run_id,
                            const GantryVerifyOptions *options,
                            GPtrArray                **out_matrix,
                            GCancellable              *cancellable,
                            GError                   **error)
{
  g_autoptr(GPtrArray) matrix = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_verdict_free);
  g_autoptr(GPtrArray) rebuilds = g_ptr_array_new_with_free_func ((GDestroyNotify) rebuild_free);
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (GANTRY_IS_STORE (store), FALSE);

  db = _gantry_store_get_db (store);
  if (run_id <= 0)
    {
      if (sqlite3_prepare_v2 (db, "SELECT id FROM runs ORDER BY started_at DESC, id DESC LIMIT 1", -1, &stmt, NULL) != SQLITE_OK)
        goto failed;
      if (sqlite3_step (stmt) == SQLITE_ROW)
        run_id = sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
      stmt = NULL;
    }

  if (sqlite3_prepare_v2 (db,
                          "SELECT s.target, s.argv, s.env, s.cwd, a.id, a.path FROM run_steps s"
                          " JOIN artifacts a ON a.run_id = s.run_id AND a.target = s.target AND a.kind = 'binary'"
                          " WHERE s.run_id = ?1 AND s.state = 'ok' ORDER BY s.position",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, run_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Rebuild *r = g_new0 (Rebuild, 1);

      r->target = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      r->argv = gantry_json_strv_from_string ((const char *) sqlite3_column_text (stmt, 1));
      r->env_json = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      r->cwd = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      r->artifact_id = sqlite3_column_int64 (stmt, 4);
      r->path = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      g_ptr_array_add (rebuilds, r);
    }
  sqlite3_finalize (stmt);

  if (rebuilds->len == 0)
    {
      if (run_id > 0)
        g_set_error (error, GANTRY_VERIFY_ERROR, GANTRY_VERIFY_ERROR_NOT_FOUND,
                     "Run %" G_GINT64_FORMAT " has no built binary to rebuild: see `gantry runs`.", run_id);
      else
        g_set_error (error, GANTRY_VERIFY_ERROR, GANTRY_VERIFY_ERROR_NOT_FOUND,
                     "No run to rebuild yet: build first with `gantry build`.");
      return FALSE;
    }

  for (guint i = 0; i < rebuilds->len; i++)
    {
      Rebuild *r = g_ptr_array_index (rebuilds, i);

      if (r->argv == NULL || r->argv[0] == NULL)
        continue;
      rebuild_one (r, matrix, cancellable);
    }

  if (!record_verdicts (store, matrix, 0, error))
    return FALSE;
  if (out_matrix != NULL)
    *out_matrix = g_steal_pointer (&matrix);
  return TRUE;

failed:
  _gantry_store_set_error (store, error, "Reading the run to rebuild");
  sqlite3_finalize (stmt);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* The matrix as text and JSON                                         */
/* ------------------------------------------------------------------ */

guint
gantry_verify_count (GPtrArray          *matrix,
                     GantryVerdictState  state)
{
  guint n = 0;

  g_return_val_if_fail (matrix != NULL, 0);
  for (guint i = 0; i < matrix->len; i++)
    if (((GantryVerdict *) g_ptr_array_index (matrix, i))->state == state)
      n++;
  return n;
}

static guint
display_width (const char *s)
{
  return s ? (guint) g_utf8_strlen (s, -1) : 0;
}

static void
pad (GString *s, const char *text, guint width)
{
  g_string_append (s, text ? text : "");
  for (guint i = display_width (text); i < width; i++)
    g_string_append_c (s, ' ');
}

char *
gantry_verify_matrix_to_text (GPtrArray *matrix)
{
  GString *s = g_string_new (NULL);
  guint w_target = 6, w_check = 5, w_place = 5;

  g_return_val_if_fail (matrix != NULL, NULL);

  for (guint i = 0; i < matrix->len; i++)
    {
      GantryVerdict *v = g_ptr_array_index (matrix, i);
      w_target = MAX (w_target, display_width (v->target));
      w_check = MAX (w_check, display_width (v->check));
      w_place = MAX (w_place, display_width (v->place));
    }

  pad (s, "TARGET", w_target + 2);
  pad (s, "CHECK", w_check + 2);
  pad (s, "PLACE", w_place + 2);
  g_string_append (s, "RESULT    TIME  DETAIL\n");
  for (guint i = 0; i < matrix->len; i++)
    {
      GantryVerdict *v = g_ptr_array_index (matrix, i);
      g_autofree char *time = (g_str_equal (v->check, "run") || g_str_equal (v->check, "reproducible"))
                              && v->state != GANTRY_VERDICT_SKIPPED
        ? g_strdup_printf ("%5.2fs", v->seconds) : g_strdup ("");

      pad (s, i > 0 && g_strcmp0 (v->target, ((GantryVerdict *) g_ptr_array_index (matrix, i - 1))->target) == 0
              ? "" : v->target, w_target + 2);
      pad (s, v->check, w_check + 2);
      pad (s, v->place, w_place + 2);
      pad (s, gantry_verdict_state_to_string (v->state), 8);
      g_string_append_printf (s, "%6s  %s\n", time, v->message ? v->message : "");
    }
  g_string_append_printf (s, "%u checks passed, %u failed, %u skipped\n",
                          gantry_verify_count (matrix, GANTRY_VERDICT_PASS),
                          gantry_verify_count (matrix, GANTRY_VERDICT_FAIL),
                          gantry_verify_count (matrix, GANTRY_VERDICT_SKIPPED));
  return g_string_free (s, FALSE);
}

JsonNode *
gantry_verify_matrix_to_json (GPtrArray *matrix)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (matrix != NULL, NULL);

  json_builder_begin_array (b);
  for (guint i = 0; i < matrix->len; i++)
    {
      GantryVerdict *v = g_ptr_array_index (matrix, i);

#define STR(name, value) \
  G_STMT_START { \
    json_builder_set_member_name (b, name); \
    if (value) json_builder_add_string_value (b, value); else json_builder_add_null_value (b); \
  } G_STMT_END

      json_builder_begin_object (b);
      STR ("target", v->target);
      STR ("path", v->path);
      json_builder_set_member_name (b, "artifact_id");
      json_builder_add_int_value (b, v->artifact_id);
      STR ("check", v->check);
      STR ("place", v->place);
      STR ("state", gantry_verdict_state_to_string (v->state));
      STR ("message", v->message);
      STR ("output", v->output);
      json_builder_set_member_name (b, "seconds");
      json_builder_add_double_value (b, v->seconds);
      json_builder_end_object (b);
#undef STR
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

/* gantry-verify-run.c — the run checks: natively, under qemu-user or wine, and in containers */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-verify"

#include "config.h"

#include <string.h>

#include "gantry-verify-private.h"

#define OUTPUT_MAX_LINES 12
#define OUTPUT_MAX_BYTES 4096
/* what a check keeps of a program's output to read it */
#define OUTPUT_KEPT_BYTES (256 * 1024)
#define CLEANUP_TIMEOUT_SECONDS 20

void
_gantry_verify_run_program (const char * const  *argv,
                            const char          *cwd,
                            const char * const  *env,
                            guint                timeout,
                            const char * const  *cleanup,
                            GCancellable        *cancellable,
                            GantryProcessResult *result)
{
  g_autoptr(GError) error = NULL;

  if (!gantry_process_run (argv, env, cwd,
                           GANTRY_PROCESS_STDERR_MERGE,
                           timeout, cancellable, result, &error)
      && !result->spawned)
    {
      g_free (result->output);
      result->output = g_strdup (error->message);
      return;
    }
  if (strlen (result->output) > OUTPUT_KEPT_BYTES)
    {
      const char *end = g_utf8_find_prev_char (result->output, result->output + OUTPUT_KEPT_BYTES + 1);

      result->output[end - result->output] = '\0';
    }
  if ((result->cancelled || result->timed_out) && cleanup != NULL)
    {
      /* itself bounded: an engine that hangs must not hang Cancel */
      GantryProcessResult ignored;

      gantry_process_run (cleanup, NULL, NULL,
                          GANTRY_PROCESS_STDERR_MERGE,
                          CLEANUP_TIMEOUT_SECONDS, NULL, &ignored, NULL);
      gantry_process_result_clear (&ignored);
    }
}

/* ------------------------------------------------------------------ */
/* Run checks                                                          */
/* ------------------------------------------------------------------ */

char *
_gantry_verify_trim_output (const char *output)
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
  guint timeout = options->timeout_seconds ? options->timeout_seconds : _GANTRY_VERIFY_DEFAULT_TIMEOUT_SECONDS;
  GantryVerdict *v;
  GantryProcessResult o;

  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_debug ("%s in %s: %s", key, place, (const char *) g_ptr_array_index (argv, 0));
  _gantry_verify_run_program ((const char * const *) argv->pdata, NULL, env, timeout, cleanup, cancellable, &o);

  v = _gantry_verdict_add (out, key, path, "run", place, GANTRY_VERDICT_FAIL, NULL);
  {
    g_autofree char *name = g_strdup_printf ("check %s in %s", key, place);
    v->command = gantry_step_new_program (name, key, (const char * const *) argv->pdata, env, NULL);
  }
  v->seconds = o.seconds;
  v->output = _gantry_verify_trim_output (o.output);

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
      g_autofree char *line = _gantry_verify_first_line_skipping (o.output, g_str_equal (place_kind, "wine") ? "wine: " : NULL);

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
  gantry_process_result_clear (&o);
}

static char *
find_qemu_sysroot (const GantryVerifyOptions *options,
                   const GantryArchNames     *names,
                   const char                *interp)
{
  const char *configured = options->qemu_sysroot ? options->qemu_sysroot : g_getenv ("GANTRY_QEMU_SYSROOT");
  g_autofree char *debian = g_build_filename (G_DIR_SEPARATOR_S, "usr", names->cross, NULL);
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

void
_gantry_verify_run_local_checks (GantryVerifyHost          *host,
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
      const GantryArchNames *names = gantry_arch_names (goarch);
      g_autofree char *place = NULL;
      g_autofree char *qemu = NULL;
      g_autofree char *sysroot = NULL;
      const char *interp = gantry_binary_get_interpreter (facts);

      if (names == NULL)
        {
          _gantry_verdict_add (out, key, path, "run", "qemu", GANTRY_VERDICT_SKIPPED,
                               g_strdup_printf ("skipped: Gantry knows no qemu-user emulator for %s", goarch));
          return;
        }
      place = g_strdup_printf ("qemu-%s", names->qemu);
      {
        g_autofree char *static_name = g_strdup_printf ("qemu-%s-static", names->qemu);
        const char *qemus[] = { static_name, place, NULL };
        qemu = _gantry_verify_find_program (qemus);
      }
      if (qemu == NULL)
        {
          _gantry_verdict_add (out, key, path, "run", place, GANTRY_VERDICT_SKIPPED,
                               g_strdup_printf ("skipped: no %s to run %s programs on this %s machine (install qemu-user-static)",
                                        place, goarch, host->host_arch));
          return;
        }
      if (interp != NULL)
        {
          sysroot = find_qemu_sysroot (options, names, interp);
          if (sysroot == NULL)
            {
              _gantry_verdict_add (out, key, path, "run", place, GANTRY_VERDICT_SKIPPED,
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
          _gantry_verdict_add (out, key, path, "run", "wine", GANTRY_VERDICT_SKIPPED,
                               g_strdup ("skipped: no wine to run Windows programs here (install wine64)"));
          return;
        }
      /* wine runs programs for the host's own processor family only */
      if (!((g_str_equal (host->host_arch, "amd64") && (g_str_equal (goarch, "amd64") || g_str_equal (goarch, "386"))) ||
            g_str_equal (host->host_arch, goarch)))
        {
          _gantry_verdict_add (out, key, path, "run", "wine", GANTRY_VERDICT_SKIPPED,
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

  _gantry_verdict_add (out, key, path, "run", "here", GANTRY_VERDICT_SKIPPED,
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
  if (options->default_images != NULL)
    return g_strdupv ((char **) options->default_images);
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

void
_gantry_verify_run_container_checks (GantryVerifyHost          *host,
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
      _gantry_verdict_add (out, key, path, "run", "container", GANTRY_VERDICT_SKIPPED,
                           g_strdup ("skipped: container checks turned off in the recipe"));
      return;
    }
  if (host->engine == NULL)
    {
      _gantry_verdict_add (out, key, path, "run", "container", GANTRY_VERDICT_SKIPPED,
                           g_strdup_printf ("skipped: %s", host->engine_problem ? host->engine_problem
                                                                        : "no container engine (install Docker Desktop or Podman)"));
      return;
    }
  if (images[0] == NULL)
    {
      _gantry_verdict_add (out, key, path, "run", host->engine_name, GANTRY_VERDICT_SKIPPED,
                           g_strdup ("skipped: no container images listed: add one on the Checks page, in gantry.json (verify.images), or with --image"));
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

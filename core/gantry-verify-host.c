/* gantry-verify-host.c — what this machine can run checks with: its platform, wine, a container engine */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-verify"

#include "config.h"

#include <string.h>

#include "gantry-verify-private.h"

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

char *
_gantry_verify_find_program (const char * const *names)
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

  host->host_os = g_strdup (gantry_host_goos ());
  host->host_arch = g_strdup (gantry_host_goarch ());

  if (!g_str_equal (host->host_os, "windows"))
    {
      const char *wines[] = { "wine64", "wine", NULL };
      host->wine = _gantry_verify_find_program (wines);
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
      /* the window's Preferences, --engine, or the variable */
      host->engine_problem = g_strdup (options->engine != NULL
                                       ? "no container engine: containers are turned off on this machine (container engine: none)"
                                       : "no container engine: containers are turned off on this machine (GANTRY_CONTAINER_ENGINE=none)");
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
      GantryProcessResult o;

      if (program == NULL)
        continue;
      g_ptr_array_add (argv, program);
      for (guint j = 0; host->engine_flags[j] != NULL; j++)
        g_ptr_array_add (argv, host->engine_flags[j]);
      g_ptr_array_add (argv, (char *) "info");
      g_ptr_array_add (argv, NULL);
      _gantry_verify_run_program ((const char * const *) argv->pdata, NULL, NULL, 30, NULL, cancellable, &o);
      base = g_path_get_basename (program);
      if (o.exited && o.status == 0)
        {
          host->engine = g_strdup (program);
          host->engine_name = g_strdup (g_str_has_prefix (base, "podman") ? "podman" : "docker");
          gantry_process_result_clear (&o);
          break;
        }
      else
        {
          g_auto(GStrv) lines = g_strsplit (g_strstrip (o.output), "\n", -1);
          const char *last = lines[0] ? lines[g_strv_length (lines) - 1] : "";

          g_string_append_printf (problems, "%s%s info failed%s%s", problems->len ? "; " : "", base,
                                  *last ? ": " : "", last);
        }
      gantry_process_result_clear (&o);
    }

  if (host->engine == NULL)
    host->engine_problem = problems->len
      ? g_strdup_printf ("no container engine answered (%s): start Docker Desktop or Podman, or set GANTRY_CONTAINER_FLAGS for this machine",
                         problems->str)
      : g_strdup ("no container engine (install Docker Desktop or Podman)");
  return g_steal_pointer (&host);
}

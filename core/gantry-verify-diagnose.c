/* gantry-verify-diagnose.c — a failed run in plain words: what went wrong and what to do */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-verify"

#include "config.h"

#include <string.h>

#include "gantry-verify-private.h"

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
char *
_gantry_verify_first_line_skipping (const char *text,
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
  return _gantry_verify_first_line_skipping (text, NULL);
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

      if (container && facts != NULL && g_strcmp0 (arch, gantry_host_goarch ()) != 0)
        {
          env_problem = TRUE;
          text = g_strdup_printf ("the container engine cannot run %s/%s programs on this %s machine: register qemu-user-static (binfmt) with the engine",
                                  os, arch, gantry_host_goarch ());
        }
      else
        text = g_strdup_printf ("exec format error: wrong architecture — the file is for %s/%s and cannot run on %s/%s; build it for this platform",
                                os ? os : "unknown", arch ? arch : "unknown", gantry_host_goos (), gantry_host_goarch ());
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

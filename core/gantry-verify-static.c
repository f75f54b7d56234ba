/* gantry-verify-static.c — the static checks: what the file is against what its target promised */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-verify"

#include "config.h"

#include <string.h>

#include "gantry-verify-private.h"

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
  const GantryArchNames *names = gantry_arch_names (gantry_target_get_goarch (target));
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
    _gantry_verdict_add (out, key, path, "os-arch", "static", GANTRY_VERDICT_PASS, g_strdup_printf ("%s/%s", os, arch));
  else
    _gantry_verdict_add (out, key, path, "os-arch", "static", GANTRY_VERDICT_FAIL,
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

      _gantry_verdict_add (out, key, path, "linkage", "static", GANTRY_VERDICT_FAIL,
                           g_strdup_printf ("%s, but the recipe promised static: %s", found, fix));
    }
  else if (is_static)
    _gantry_verdict_add (out, key, path, "linkage", "static", GANTRY_VERDICT_PASS,
                         g_strdup_printf ("%s: no interpreter, no shared libraries%s",
                                  gantry_linkage_to_string (linkage),
                                  gantry_target_get_link_mode (target) == GANTRY_LINK_STATIC ? ", as promised" : ""));
  else
    _gantry_verdict_add (out, key, path, "linkage", "static", GANTRY_VERDICT_PASS, describe_dynamic (facts));

  if (libc == NULL || g_str_equal (libc, "none"))
    return;
  if ((want_libc == GANTRY_LIBC_MUSL && g_str_equal (libc, "glibc"))
      || (want_libc == GANTRY_LIBC_GNU && g_str_equal (libc, "musl")))
    _gantry_verdict_add (out, key, path, "libc", "static", GANTRY_VERDICT_FAIL,
                         g_strdup_printf ("linked with %s but the recipe promised %s: the build used the wrong C compiler; %s",
                                  libc, gantry_libc_to_string (want_libc),
                                  want_libc == GANTRY_LIBC_MUSL ? "use musl-gcc or zig cc -target <arch>-linux-musl"
                                                                : "use gcc or zig cc -target <arch>-linux-gnu.<floor>"));
  else if (want_libc != GANTRY_LIBC_DEFAULT)
    _gantry_verdict_add (out, key, path, "libc", "static", GANTRY_VERDICT_PASS, g_strdup_printf ("%s, as promised", libc));
}

static void
check_glibc_floor (GantryBinary *facts, GantryTarget *target, const char *key, const char *path, GPtrArray *out)
{
  const char *found = gantry_binary_get_glibc_floor (facts);
  const char *floor = gantry_target_get_glibc_floor (target);
  const GantryArchNames *names = gantry_arch_names (gantry_target_get_goarch (target));

  if (found == NULL)
    {
      _gantry_verdict_add (out, key, path, "glibc-floor", "static", GANTRY_VERDICT_PASS,
                           floor ? g_strdup_printf ("needs no GLIBC symbol versions (floor %s)", floor)
                         : g_strdup ("needs no GLIBC symbol versions"));
      return;
    }
  if (floor != NULL && gantry_version_compare (found, floor) > 0)
    {
      _gantry_verdict_add (out, key, path, "glibc-floor", "static", GANTRY_VERDICT_FAIL,
                           g_strdup_printf ("needs GLIBC_%s but the floor is %s: build with zig cc -target %s-linux-gnu.%s or link statically with musl",
                                    found, floor, names ? names->zig : gantry_target_get_goarch (target), floor));
      return;
    }
  {
    const char *distro = oldest_distro_with (found);

    _gantry_verdict_add (out, key, path, "glibc-floor", "static", GANTRY_VERDICT_PASS,
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
    _gantry_verdict_add (out, key, path, "dlls", "static", GANTRY_VERDICT_FAIL,
                         g_strdup_printf ("imports %s, which Windows does not have, but the release ships only the exe: %s, or ship %s beside the exe",
                                  foreign->str,
                                  mingw ? "link the MinGW runtime statically (-ldflags \"-extldflags -static\")"
                                        : "link the library statically",
                                  strchr (foreign->str, ',') ? "them" : "it"));
  else
    _gantry_verdict_add (out, key, path, "dlls", "static", GANTRY_VERDICT_PASS,
                         g_strdup_printf ("imports only system DLLs%s%s%s", n_system ? ": " : "", system->str,
                                  n_system > 6 ? " …" : ""));
}

gboolean
_gantry_verify_tag_listed (const char *tags, const char *tag)
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
      _gantry_verdict_add (out, key, path, "go-settings", "static", GANTRY_VERDICT_SKIPPED,
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
    _gantry_verdict_add (out, key, path, "cgo", "static", GANTRY_VERDICT_FAIL,
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
          if (want[i][0] != '\0' && !_gantry_verify_tag_listed (tags, want[i]))
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
    _gantry_verdict_add (out, key, path, "go-settings", "static", GANTRY_VERDICT_FAIL,
                         g_strdup_printf ("%s: %s", wrong->str, fixes->str));
  else
    _gantry_verdict_add (out, key, path, "go-settings", "static", GANTRY_VERDICT_PASS,
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

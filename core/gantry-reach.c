/* gantry-reach.c — where a binary can run, in plain words */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-reach"

#include "config.h"

#include <string.h>

#include "gantry-reach.h"
#include "gantry-target.h"

static const struct
{
  const char *go;
  const char *name;
} os_names[] = {
  { "linux", "Linux" }, { "windows", "Windows" }, { "darwin", "macOS" },
  { "freebsd", "FreeBSD" }, { "openbsd", "OpenBSD" }, { "netbsd", "NetBSD" },
  { "android", "Android" }, { "ios", "iOS" },
};

static const struct
{
  const char *go;
  const char *name;
} arch_names[] = {
  { "amd64", "x86-64" }, { "arm64", "ARM64" }, { "arm", "ARM (32-bit)" },
  { "386", "x86 (32-bit)" }, { "riscv64", "RISC-V 64" }, { "ppc64le", "POWER (little-endian)" },
  { "s390x", "IBM Z" }, { "loong64", "LoongArch 64" },
};

char *
gantry_platform_name (const char *goos,
                      const char *goarch)
{
  const char *os = goos, *arch = goarch;

  if (goos != NULL && goarch != NULL && g_str_equal (goos, "darwin"))
    {
      if (g_str_equal (goarch, "arm64"))
        return g_strdup ("macOS Apple silicon");
      if (g_str_equal (goarch, "amd64"))
        return g_strdup ("macOS Intel");
    }
  for (guint i = 0; goos != NULL && i < G_N_ELEMENTS (os_names); i++)
    if (g_str_equal (goos, os_names[i].go))
      os = os_names[i].name;
  for (guint i = 0; goarch != NULL && i < G_N_ELEMENTS (arch_names); i++)
    if (g_str_equal (goarch, arch_names[i].go))
      arch = arch_names[i].name;
  return g_strdup_printf ("%s %s", os ? os : "an unknown system", arch ? arch : "of unknown architecture");
}

char *
gantry_place_describe (const char *place)
{
  const char *image;

  if (place == NULL)
    return g_strdup ("somewhere unknown");
  if (g_str_equal (place, "native"))
    return g_strdup ("this machine");
  if (g_str_equal (place, "wine"))
    return g_strdup ("wine");
  if (g_str_has_prefix (place, "qemu-"))
    return g_strdup_printf ("qemu (emulated %s)", place + strlen ("qemu-"));
  if (g_str_equal (place, "container"))
    return g_strdup ("a container");
  /* "podman:alpine:3.19": the image, then the engine */
  image = strchr (place, ':');
  if (image != NULL && image[1] != '\0')
    return g_strdup_printf ("%s (%.*s)", image + 1, (int) (image - place), place);
  return g_strdup (place);
}

/* A library every glibc system has: not worth naming */
static gboolean
is_glibc_part (const char *soname)
{
  static const char * const parts[] = {
    "libc.so.", "libm.so.", "libpthread.so.", "libdl.so.", "librt.so.", "libresolv.so.",
    "libutil.so.", "ld-linux", "ld64.so.", "libgcc_s.so.",
  };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (g_str_has_prefix (soname, parts[i]))
      return TRUE;
  return FALSE;
}

/* "Ubuntu 22.04, Debian 12 and newer": the first two known
 * distributions whose glibc is at least @floor */
static char *
distros_from (const char *floor)
{
  guint n = 0, named = 0;
  const GantryGlibcFloor *floors = gantry_glibc_floors (&n);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < n && named < 2; i++)
    if (gantry_version_compare (floors[i].glibc, floor) >= 0)
      g_string_append_printf (out, "%s%s", named++ ? ", " : "", floors[i].distro);
  if (named == 0)
    return n > 0 ? g_strdup_printf ("newer than %s", floors[n - 1].distro) : NULL;
  g_string_append (out, " and newer");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
append_linux (GString      *out,
              GantryBinary *binary,
              const char   *platform)
{
  GantryLinkage linkage = gantry_binary_get_linkage (binary);
  const char *interpreter = gantry_binary_get_interpreter (binary);
  const char *floor = gantry_binary_get_glibc_floor (binary);
  GPtrArray *needed = gantry_binary_get_needed (binary);
  g_autoptr(GString) libs = g_string_new (NULL);
  guint n_libs = 0;

  for (guint i = 0; needed != NULL && i < needed->len; i++)
    {
      const char *soname = g_ptr_array_index (needed, i);

      if (is_glibc_part (soname) || g_str_has_prefix (soname, "libc.musl") || g_str_has_prefix (soname, "ld-musl"))
        continue;
      g_string_append_printf (libs, "%s%s", n_libs++ ? ", " : "", soname);
    }

  if (linkage != GANTRY_LINKAGE_DYNAMIC || (interpreter == NULL && (needed == NULL || needed->len == 0)))
    {
      g_string_append_printf (out, "runs on any %s, no glibc needed", platform);
      return;
    }
  if (interpreter != NULL && strstr (interpreter, "ld-musl") != NULL)
    g_string_append (out, "needs musl's loader (Alpine Linux)");
  else if (floor != NULL)
    {
      g_autofree char *distros = distros_from (floor);

      g_string_append_printf (out, "needs glibc %s or newer", floor);
      if (distros != NULL)
        g_string_append_printf (out, " (%s)", distros);
    }
  else
    g_string_append_printf (out, "needs %s's C library (glibc)", platform);
  if (n_libs > 0)
    g_string_append_printf (out, " and %s installed", libs->str);
}

static void
append_windows (GString      *out,
                GantryBinary *binary,
                const char   *platform)
{
  GPtrArray *imports = gantry_binary_get_imports (binary);
  g_autoptr(GString) dlls = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; imports != NULL && i < imports->len; i++)
    {
      const GantryImport *imp = g_ptr_array_index (imports, i);

      if (imp->kind != GANTRY_DLL_SYSTEM)
        g_string_append_printf (dlls, "%s%s", n++ ? ", " : "", imp->name);
    }
  if (n == 0)
    g_string_append_printf (out, "runs on any %s, needs only Windows' own DLLs", platform);
  else
    g_string_append_printf (out, "needs %s beside it", dlls->str);
}

char *
gantry_reach_describe (GantryBinary *binary)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *platform = NULL;
  const char *os;

  g_return_val_if_fail (GANTRY_IS_BINARY (binary), NULL);

  os = gantry_binary_get_os (binary);
  platform = gantry_platform_name (os, gantry_binary_get_arch (binary));
  if (g_strcmp0 (os, "linux") == 0)
    append_linux (out, binary, platform);
  else if (g_strcmp0 (os, "windows") == 0)
    append_windows (out, binary, platform);
  else
    g_string_append_printf (out, "runs on %s", platform);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* "on this machine", "under qemu (emulated aarch64)", "in alpine:3.19 (podman)" */
static char *
place_phrase (const char *place)
{
  g_autofree char *where = gantry_place_describe (place);

  if (g_strcmp0 (place, "native") == 0)
    return g_strdup_printf ("on %s", where);
  if (g_strcmp0 (place, "wine") == 0 || g_str_has_prefix (place, "qemu-"))
    return g_strdup_printf ("under %s", where);
  return g_strdup_printf ("in %s", where);
}

/* ", passed on this machine and under qemu (emulated aarch64)" */
static void
append_places (GString            *out,
               const char         *verb,
               const char * const *places)
{
  guint n = places ? g_strv_length ((char **) places) : 0;

  if (n == 0)
    return;
  g_string_append_printf (out, ", %s ", verb);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *phrase = place_phrase (places[i]);

      g_string_append_printf (out, "%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ", phrase);
    }
}

static void
append_side (GString               *out,
             const GantryReachSide *side,
             gint64                 bigger_by)
{
  g_autofree char *reach = gantry_reach_describe (side->binary);

  g_string_append_printf (out, "%s: %s", side->label, reach);
  if (bigger_by > 0)
    {
      g_autofree char *size = g_format_size ((guint64) bigger_by);

      g_string_append_printf (out, ", +%s", size);
    }
  append_places (out, "passed", side->passed);
  append_places (out, "failed", side->failed);
}

char *
gantry_reach_conclusion (const GantryReachSide *a,
                         const GantryReachSide *b)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gint64 size_a, size_b, diff;

  g_return_val_if_fail (a != NULL && GANTRY_IS_BINARY (a->binary), NULL);
  g_return_val_if_fail (b != NULL && GANTRY_IS_BINARY (b->binary), NULL);

  size_a = (gint64) gantry_binary_get_file_size (a->binary);
  size_b = (gint64) gantry_binary_get_file_size (b->binary);
  diff = size_a - size_b;
  /* under one percent is no difference a user weighs */
  if (ABS (diff) * 100 < MAX (size_a, size_b))
    diff = 0;
  append_side (out, a, diff > 0 ? diff : 0);
  g_string_append (out, "; ");
  append_side (out, b, diff < 0 ? -diff : 0);
  g_string_append_c (out, '.');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

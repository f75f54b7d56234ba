/* gantry-target.c — one thing to build: GOOS/GOARCH, cgo, link mode, libc, glibc floor */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-target"

#include "config.h"

#include <string.h>

#include "gantry-target.h"

G_DEFINE_QUARK (gantry-recipe-error-quark, gantry_recipe_error)

struct _GantryTarget
{
  GObject parent_instance;

  char *goos;
  char *goarch;
  char *goarm;
  char *goamd64;
  GantryCgo cgo;
  GantryLinkMode link_mode;
  GantryLibc libc;
  char *glibc_floor;
  char *tags;
  char *ldflags;
  char *cc_override;
  char *archive_format;
};

G_DEFINE_FINAL_TYPE (GantryTarget, gantry_target, G_TYPE_OBJECT)

/* `go tool dist list` of Go 1.21 (the first-class and the others). */
static const char *go_platforms[] = {
  "aix/ppc64", "android/386", "android/amd64", "android/arm", "android/arm64",
  "darwin/amd64", "darwin/arm64", "dragonfly/amd64", "freebsd/386", "freebsd/amd64",
  "freebsd/arm", "freebsd/arm64", "freebsd/riscv64", "illumos/amd64", "ios/amd64",
  "ios/arm64", "js/wasm", "linux/386", "linux/amd64", "linux/arm", "linux/arm64",
  "linux/loong64", "linux/mips", "linux/mips64", "linux/mips64le", "linux/mipsle",
  "linux/ppc64", "linux/ppc64le", "linux/riscv64", "linux/s390x", "netbsd/386",
  "netbsd/amd64", "netbsd/arm", "netbsd/arm64", "openbsd/386", "openbsd/amd64",
  "openbsd/arm", "openbsd/arm64", "openbsd/ppc64", "plan9/386", "plan9/amd64",
  "plan9/arm", "solaris/amd64", "wasip1/wasm", "windows/386", "windows/amd64",
  "windows/arm", "windows/arm64",
};

static const GantryGlibcFloor glibc_floors[] = {
  { "CentOS 7", "2.17" },
  { "Debian 10", "2.28" },
  { "Ubuntu 20.04", "2.31" },
  { "Debian 11", "2.31" },
  { "Ubuntu 22.04", "2.35" },
  { "Debian 12", "2.36" },
  { "Ubuntu 24.04", "2.39" },
};

const GantryGlibcFloor *
gantry_glibc_floors (guint *n_floors)
{
  if (n_floors != NULL)
    *n_floors = G_N_ELEMENTS (glibc_floors);
  return glibc_floors;
}

gboolean
gantry_go_platform_is_valid (const char *goos,
                             const char *goarch)
{
  g_autofree char *pair = NULL;

  if (goos == NULL || goarch == NULL)
    return FALSE;
  pair = g_strdup_printf ("%s/%s", goos, goarch);
  for (guint i = 0; i < G_N_ELEMENTS (go_platforms); i++)
    if (g_str_equal (go_platforms[i], pair))
      return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Processors and this machine                                         */
/* ------------------------------------------------------------------ */

static const GantryArchNames arch_names[] = {
  /* goarch     qemu           zig            cross                      multiarch                  dpkg */
  { "amd64",    "x86_64",      "x86_64",      "x86_64-linux-gnu",        "x86_64-linux-gnu",        "amd64" },
  { "arm64",    "aarch64",     "aarch64",     "aarch64-linux-gnu",       "aarch64-linux-gnu",       "arm64" },
  { "arm",      "arm",         "arm",         "arm-linux-gnueabihf",     "arm-linux-gnueabihf",     "armhf" },
  { "386",      "i386",        "x86",         "i686-linux-gnu",          "i386-linux-gnu",          "i386" },
  { "riscv64",  "riscv64",     "riscv64",     "riscv64-linux-gnu",       "riscv64-linux-gnu",       "riscv64" },
  { "ppc64le",  "ppc64le",     "powerpc64le", "powerpc64le-linux-gnu",   "powerpc64le-linux-gnu",   "ppc64el" },
  { "s390x",    "s390x",       "s390x",       "s390x-linux-gnu",         "s390x-linux-gnu",         "s390x" },
  { "mips64le", "mips64el",    "mips64el",    "mips64el-linux-gnuabi64", "mips64el-linux-gnuabi64", "mips64el" },
  { "mipsle",   "mipsel",      "mipsel",      "mipsel-linux-gnu",        "mipsel-linux-gnu",        "mipsel" },
  { "loong64",  "loongarch64", "loongarch64", "loongarch64-linux-gnu",   "loongarch64-linux-gnu",   "loong64" },
};

const GantryArchNames *
gantry_arch_names (const char *goarch)
{
  for (guint i = 0; i < G_N_ELEMENTS (arch_names); i++)
    if (g_strcmp0 (arch_names[i].goarch, goarch) == 0)
      return &arch_names[i];
  return NULL;
}

const GantryArchNames *
gantry_arch_names_for_zig (const char *zig_arch)
{
  /* names Zig's download index used before its current ones */
  static const char * const aliases[][2] = { { "i386", "386" }, { "armv7a", "arm" } };

  for (guint i = 0; i < G_N_ELEMENTS (arch_names); i++)
    if (g_strcmp0 (arch_names[i].zig, zig_arch) == 0)
      return &arch_names[i];
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_strcmp0 (aliases[i][0], zig_arch) == 0)
      return gantry_arch_names (aliases[i][1]);
  return NULL;
}

const char *
gantry_host_goos (void)
{
#if defined(G_OS_WIN32)
  return "windows";
#elif defined(__APPLE__)
  return "darwin";
#elif defined(__linux__)
  return "linux";
#elif defined(__FreeBSD__)
  return "freebsd";
#else
  return "unknown";
#endif
}

const char *
gantry_host_goarch (void)
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

/* ------------------------------------------------------------------ */
/* Enums as the words gantry.json and the store use                    */
/* ------------------------------------------------------------------ */

static const char *cgo_names[] = { "auto", "on", "off" };
static const char *link_names[] = { "dynamic", "static" };
static const char *libc_names[] = { "default", "gnu", "musl" };

static gboolean
lookup (const char * const *names,
        guint               n,
        const char         *s,
        int                *out)
{
  for (guint i = 0; s != NULL && i < n; i++)
    if (g_str_equal (names[i], s))
      {
        *out = (int) i;
        return TRUE;
      }
  return FALSE;
}

const char *gantry_cgo_to_string (GantryCgo cgo) { return cgo_names[cgo]; }
const char *gantry_link_mode_to_string (GantryLinkMode mode) { return link_names[mode]; }
const char *gantry_libc_to_string (GantryLibc libc) { return libc_names[libc]; }

gboolean
gantry_cgo_from_string (const char *s, GantryCgo *out)
{
  int v;
  if (!lookup (cgo_names, G_N_ELEMENTS (cgo_names), s, &v))
    return FALSE;
  *out = (GantryCgo) v;
  return TRUE;
}

gboolean
gantry_link_mode_from_string (const char *s, GantryLinkMode *out)
{
  int v;
  if (!lookup (link_names, G_N_ELEMENTS (link_names), s, &v))
    return FALSE;
  *out = (GantryLinkMode) v;
  return TRUE;
}

gboolean
gantry_libc_from_string (const char *s, GantryLibc *out)
{
  int v;
  if (!lookup (libc_names, G_N_ELEMENTS (libc_names), s, &v))
    return FALSE;
  *out = (GantryLibc) v;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Construction, parsing and keys                                      */
/* ------------------------------------------------------------------ */

GantryTarget *
gantry_target_new (const char *goos,
                   const char *goarch)
{
  GantryTarget *self;

  g_return_val_if_fail (goos != NULL, NULL);
  g_return_val_if_fail (goarch != NULL, NULL);

  self = g_object_new (GANTRY_TYPE_TARGET, NULL);
  self->goos = g_strdup (goos);
  self->goarch = g_strdup (goarch);
  return self;
}

GantryTarget *
gantry_target_copy (GantryTarget *self)
{
  GantryTarget *copy;

  g_return_val_if_fail (GANTRY_IS_TARGET (self), NULL);

  copy = gantry_target_new (self->goos, self->goarch);
  copy->goarm = g_strdup (self->goarm);
  copy->goamd64 = g_strdup (self->goamd64);
  copy->cgo = self->cgo;
  copy->link_mode = self->link_mode;
  copy->libc = self->libc;
  copy->glibc_floor = g_strdup (self->glibc_floor);
  copy->tags = g_strdup (self->tags);
  copy->ldflags = g_strdup (self->ldflags);
  copy->cc_override = g_strdup (self->cc_override);
  copy->archive_format = g_strdup (self->archive_format);
  return copy;
}

/* "linux/amd64", "linux/amd64/static", "linux/amd64/dynamic@glibc2.17",
 * "linux/arm64/static@musl": the --target syntax of the command line. */
GantryTarget *
gantry_target_parse (const char  *spec,
                     GError     **error)
{
  g_autoptr(GantryTarget) self = NULL;
  g_auto(GStrv) at = NULL;
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (spec != NULL, NULL);

  at = g_strsplit (spec, "@", 2);
  parts = g_strsplit (at[0], "/", -1);
  if (g_strv_length (parts) < 2 || g_strv_length (parts) > 3 || !parts[0][0] || !parts[1][0])
    {
      g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID,
                   "target '%s' is not of the form os/arch[/static|/dynamic][@glibcX.Y|@musl], e.g. linux/amd64/dynamic@glibc2.17.",
                   spec);
      return NULL;
    }

  self = gantry_target_new (parts[0], parts[1]);
  if (parts[2] != NULL && !gantry_link_mode_from_string (parts[2], &self->link_mode))
    {
      g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID,
                   "target '%s': '%s' is not a link mode; use static or dynamic.", spec, parts[2]);
      return NULL;
    }

  if (at[1] != NULL)
    {
      if (g_str_equal (at[1], "musl"))
        self->libc = GANTRY_LIBC_MUSL;
      else if (g_str_has_prefix (at[1], "glibc"))
        {
          self->libc = GANTRY_LIBC_GNU;
          self->glibc_floor = g_strdup (at[1] + strlen ("glibc"));
        }
      else
        {
          g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID,
                       "target '%s': after @ comes glibcX.Y (e.g. glibc2.17) or musl.", spec);
          return NULL;
        }
    }

  if (!gantry_target_validate (self, spec, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* A short name unique within a recipe: os/arch[v7|v3][/static][@glibc2.17|@musl] */
char *
gantry_target_get_key (GantryTarget *self)
{
  GString *key;

  g_return_val_if_fail (GANTRY_IS_TARGET (self), NULL);

  key = g_string_new (NULL);
  g_string_append_printf (key, "%s/%s", self->goos, self->goarch);
  if (self->goarm != NULL)
    g_string_append_printf (key, "v%s", self->goarm);
  if (self->goamd64 != NULL)
    g_string_append_printf (key, "-%s", self->goamd64);
  if (self->link_mode == GANTRY_LINK_STATIC)
    g_string_append (key, "/static");
  if (self->libc == GANTRY_LIBC_MUSL)
    g_string_append (key, "@musl");
  else if (self->glibc_floor != NULL)
    g_string_append_printf (key, "@glibc%s", self->glibc_floor);
  return g_string_free (key, FALSE);
}

gboolean
gantry_target_cgo_enabled (GantryTarget *self,
                           gboolean      project_uses_cgo)
{
  g_return_val_if_fail (GANTRY_IS_TARGET (self), FALSE);

  switch (self->cgo)
    {
    case GANTRY_CGO_ON: return TRUE;
    case GANTRY_CGO_OFF: return FALSE;
    case GANTRY_CGO_AUTO:
    default: return project_uses_cgo;
    }
}

const char *
gantry_target_get_archive_format_or_default (GantryTarget *self)
{
  g_return_val_if_fail (GANTRY_IS_TARGET (self), NULL);

  if (self->archive_format != NULL)
    return self->archive_format;
  return g_str_equal (self->goos, "windows") ? "zip" : "tar.gz";
}

/* ------------------------------------------------------------------ */
/* Validation: every message names the field and what to do            */
/* ------------------------------------------------------------------ */

static gboolean
invalid (GError     **error,
         const char  *field,
         const char  *name,
         const char  *format,
         ...) G_GNUC_PRINTF (4, 5);

static gboolean
invalid (GError     **error,
         const char  *field,
         const char  *name,
         const char  *format,
         ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID,
               "%s%s%s: %s", field ? field : "", field ? "." : "", name, msg);
  return FALSE;
}

static gboolean
is_glibc_version (const char *v)
{
  g_auto(GStrv) parts = g_strsplit (v, ".", -1);
  guint64 minor;

  if (g_strv_length (parts) != 2 || !g_str_equal (parts[0], "2"))
    return FALSE;
  if (!g_ascii_string_to_unsigned (parts[1], 10, 0, 99, &minor, NULL))
    return FALSE;
  return TRUE;
}

gboolean
gantry_target_validate (GantryTarget  *self,
                        const char    *field,
                        GError       **error)
{
  gboolean is_linux;

  g_return_val_if_fail (GANTRY_IS_TARGET (self), FALSE);

  if (!gantry_go_platform_is_valid (self->goos, self->goarch))
    {
      g_autofree char *prefix = g_strdup_printf ("%s/", self->goos ? self->goos : "");
      gboolean known_os = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (go_platforms); i++)
        known_os |= g_str_has_prefix (go_platforms[i], prefix);
      if (!known_os)
        return invalid (error, field, "goos", "Go does not build for '%s'; use linux, windows, darwin, freebsd …", self->goos);
      return invalid (error, field, "goarch", "Go does not build %s for '%s' ('go tool dist list' shows the pairs).",
                      self->goos, self->goarch);
    }

  is_linux = g_str_equal (self->goos, "linux");

  if (self->goarm != NULL &&
      (!g_str_equal (self->goarch, "arm") || !(g_str_equal (self->goarm, "5") || g_str_equal (self->goarm, "6") || g_str_equal (self->goarm, "7"))))
    return invalid (error, field, "goarm", "GOARM applies to goarch arm only and is 5, 6 or 7.");

  if (self->goamd64 != NULL &&
      (!g_str_equal (self->goarch, "amd64") ||
       !(g_str_equal (self->goamd64, "v1") || g_str_equal (self->goamd64, "v2") ||
         g_str_equal (self->goamd64, "v3") || g_str_equal (self->goamd64, "v4"))))
    return invalid (error, field, "goamd64", "GOAMD64 applies to goarch amd64 only and is v1, v2, v3 or v4.");

  if (self->link_mode == GANTRY_LINK_STATIC &&
      (g_str_equal (self->goos, "darwin") || g_str_equal (self->goos, "ios")))
    return invalid (error, field, "link_mode", "macOS has no static linking of the C library; use dynamic.");

  if (self->libc != GANTRY_LIBC_DEFAULT && !is_linux)
    return invalid (error, field, "libc", "gnu and musl are Linux C libraries; leave libc unset for %s.", self->goos);

  if (self->libc != GANTRY_LIBC_DEFAULT && self->cgo == GANTRY_CGO_OFF)
    return invalid (error, field, "libc", "with cgo off no C library is linked; turn cgo on or leave libc unset.");

  if (self->glibc_floor != NULL)
    {
      if (!is_linux)
        return invalid (error, field, "glibc_floor", "a glibc floor applies to Linux only; remove it for %s.", self->goos);
      if (!is_glibc_version (self->glibc_floor))
        return invalid (error, field, "glibc_floor", "'%s' is not a glibc version; write it like 2.17 (CentOS 7) or 2.31 (Ubuntu 20.04).",
                        self->glibc_floor);
      if (self->libc == GANTRY_LIBC_MUSL)
        return invalid (error, field, "glibc_floor", "a musl build needs no glibc; remove the floor or use libc gnu.");
      if (self->link_mode == GANTRY_LINK_STATIC)
        return invalid (error, field, "glibc_floor", "a static build needs no glibc on the target; remove the floor or link dynamically.");
      if (self->cgo == GANTRY_CGO_OFF)
        return invalid (error, field, "glibc_floor", "with cgo off no glibc is linked; remove the floor.");
    }

  if (self->archive_format != NULL &&
      !g_str_equal (self->archive_format, "tar.gz") && !g_str_equal (self->archive_format, "zip"))
    return invalid (error, field, "archive_format", "'%s' is not an archive format Gantry makes; use tar.gz or zip.",
                    self->archive_format);

  if (self->cc_override != NULL)
    {
      g_autofree char *cc = g_strstrip (g_strdup (self->cc_override));

      if (cc[0] == '\0')
        return invalid (error, field, "cc", "the C compiler override is blank; remove it to let Gantry choose.");
    }

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Accessors                                                           */
/* ------------------------------------------------------------------ */

static void
set_str (char       **field,
         const char  *value)
{
  char *copy = (value != NULL && value[0] != '\0') ? g_strdup (value) : NULL;

  g_free (*field);
  *field = copy;
}

const char *gantry_target_get_goos (GantryTarget *self) { g_return_val_if_fail (GANTRY_IS_TARGET (self), NULL); return self->goos; }
const char *gantry_target_get_goarch (GantryTarget *self) { g_return_val_if_fail (GANTRY_IS_TARGET (self), NULL); return self->goarch; }
const char *gantry_target_get_goarm (GantryTarget *self) { g_return_val_if_fail (GANTRY_IS_TARGET (self), NULL); return self->goarm; }
void gantry_target_set_goarm (GantryTarget *self, const char *v) { g_return_if_fail (GANTRY_IS_TARGET (self)); set_str (&self->goarm, v); }
const char *gantry_target_get_goamd64 (GantryTarget *self) { g_return_val_if_fail (GANTRY_IS_TARGET (self), NULL); return self->goamd64; }
void gantry_target_set_goamd64 (GantryTarget *self, const char *v) { g_return_if_fail (GANTRY_IS_TARGET (self)); set_str (&self->goamd64, v); }
GantryCgo gantry_target_get_cgo (GantryTarget *self) { g_return_val_if_fail (GANTRY_IS_TARGET (self), 0); return self->cgo; }
void gantry_target_set_cgo (GantryTarget *self, GantryCgo v) { g_return_if_fail (GANTRY_IS_TARGET (self)); self->cgo = v; }
GantryLinkMode gantry_target_get_link_mode (GantryTarget *self) { g_return_val_if_fail (GANTRY_IS_TARGET (self), 0); return self->link_mode; }
void gantry_target_set_link_mode (GantryTarget *self, GantryLinkMode v) { g_return_if_fail (GANTRY_IS_TARGET (self)); self->link_mode = v; }
GantryLibc gantry_target_get_libc (GantryTarget *self) { g_return_val_if_fail (GANTRY_IS_TARGET (self), 0); return self->libc; }
void gantry_target_set_libc (GantryTarget *self, GantryLibc v) { g_return_if_fail (GANTRY_IS_TARGET (self)); self->libc = v; }
const char *gantry_target_get_glibc_floor (GantryTarget *self) { g_return_val_if_fail (GANTRY_IS_TARGET (self), NULL); return self->glibc_floor; }
void gantry_target_set_glibc_floor (GantryTarget *self, const char *v) { g_return_if_fail (GANTRY_IS_TARGET (self)); set_str (&self->glibc_floor, v); }
const char *gantry_target_get_tags (GantryTarget *self) { g_return_val_if_fail (GANTRY_IS_TARGET (self), NULL); return self->tags; }
void gantry_target_set_tags (GantryTarget *self, const char *v) { g_return_if_fail (GANTRY_IS_TARGET (self)); set_str (&self->tags, v); }
const char *gantry_target_get_ldflags (GantryTarget *self) { g_return_val_if_fail (GANTRY_IS_TARGET (self), NULL); return self->ldflags; }
void gantry_target_set_ldflags (GantryTarget *self, const char *v) { g_return_if_fail (GANTRY_IS_TARGET (self)); set_str (&self->ldflags, v); }
const char *gantry_target_get_cc_override (GantryTarget *self) { g_return_val_if_fail (GANTRY_IS_TARGET (self), NULL); return self->cc_override; }
void gantry_target_set_cc_override (GantryTarget *self, const char *v) { g_return_if_fail (GANTRY_IS_TARGET (self)); set_str (&self->cc_override, v); }
const char *gantry_target_get_archive_format (GantryTarget *self) { g_return_val_if_fail (GANTRY_IS_TARGET (self), NULL); return self->archive_format; }
void gantry_target_set_archive_format (GantryTarget *self, const char *v) { g_return_if_fail (GANTRY_IS_TARGET (self)); set_str (&self->archive_format, v); }

static void
gantry_target_finalize (GObject *object)
{
  GantryTarget *self = (GantryTarget *) object;

  g_free (self->goos);
  g_free (self->goarch);
  g_free (self->goarm);
  g_free (self->goamd64);
  g_free (self->glibc_floor);
  g_free (self->tags);
  g_free (self->ldflags);
  g_free (self->cc_override);
  g_free (self->archive_format);

  G_OBJECT_CLASS (gantry_target_parent_class)->finalize (object);
}

static void
gantry_target_class_init (GantryTargetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gantry_target_finalize;
}

static void
gantry_target_init (GantryTarget *self)
{
}

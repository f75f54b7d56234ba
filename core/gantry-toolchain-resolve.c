/* gantry-toolchain-resolve.c — picks the C compiler for each cgo target, and says why */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-toolchain"

#include "config.h"

#include <string.h>

#ifdef __GLIBC__
#include <gnu/libc-version.h>
#endif

#include "gantry-toolchain-private.h"

#define STATIC_LDFLAGS      "-linkmode external -extldflags -static"
#define WIN_STATIC_LDFLAGS  "-extldflags -static"
#define GLIBC_STATIC_TAGS   "netgo,osusergo"

/* ------------------------------------------------------------------ */
/* Target specs: "linux/amd64", "linux/amd64/musl/static",             */
/* "linux/amd64/glibc2.17", "linux/arm/v7", "windows/amd64/static"     */
/* ------------------------------------------------------------------ */

static gboolean
is_word (const char *s)
{
  if (s == NULL || s[0] == '\0')
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;
  return TRUE;
}

gboolean
gantry_target_spec_parse (const char        *spec,
                          GantryTargetSpec  *out,
                          GError           **error)
{
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  *out = (GantryTargetSpec) { 0 };
  parts = g_strsplit (spec, "/", -1);
  if (g_strv_length (parts) < 2 || !is_word (parts[0]) || !is_word (parts[1]))
    {
      g_set_error (error, GANTRY_TOOLCHAIN_ERROR, GANTRY_TOOLCHAIN_ERROR_BAD_TARGET,
                   "'%s' is not a target: write GOOS/GOARCH, optionally followed by /musl, /gnu, /static, /glibc2.17 or /v7 (for example linux/arm64 or linux/amd64/musl/static).",
                   spec);
      return FALSE;
    }

  out->goos = g_ascii_strdown (parts[0], -1);
  out->goarch = g_ascii_strdown (parts[1], -1);
  for (guint i = 2; parts[i] != NULL; i++)
    {
      const char *opt = parts[i];

      if ((g_str_equal (opt, "musl") && out->glibc_floor != NULL) ||
          ((g_str_has_prefix (opt, "glibc") || g_str_has_prefix (opt, "gnu.")) && g_strcmp0 (out->libc, "musl") == 0))
        {
          g_set_error (error, GANTRY_TOOLCHAIN_ERROR, GANTRY_TOOLCHAIN_ERROR_BAD_TARGET,
                       "The target '%s' asks for both musl and a glibc floor: pick one.", spec);
          gantry_target_spec_clear (out);
          return FALSE;
        }
      if (g_str_equal (opt, "musl") || g_str_equal (opt, "gnu"))
        {
          g_free (out->libc);
          out->libc = g_strdup (opt);
        }
      else if (g_str_equal (opt, "static"))
        out->is_static = TRUE;
      else if (g_str_equal (opt, "dynamic"))
        out->is_static = FALSE;
      else if ((g_str_has_prefix (opt, "glibc") || g_str_has_prefix (opt, "gnu.")) &&
               g_ascii_isdigit (opt[strcspn (opt, "0123456789")]))
        {
          g_free (out->libc);
          out->libc = g_strdup ("gnu");
          g_free (out->glibc_floor);
          out->glibc_floor = _gantry_toolchain_version_in (opt);
        }
      else if ((opt[0] == 'v' && (g_str_equal (opt + 1, "5") || g_str_equal (opt + 1, "6") || g_str_equal (opt + 1, "7"))) ||
               g_str_has_prefix (opt, "armv"))
        {
          g_free (out->goarm);
          out->goarm = g_strdup (opt + strlen (opt) - 1);
        }
      else
        {
          g_set_error (error, GANTRY_TOOLCHAIN_ERROR, GANTRY_TOOLCHAIN_ERROR_BAD_TARGET,
                       "'%s' in the target '%s' is not an option: use musl, gnu, static, dynamic, glibc2.17 or v5/v6/v7.",
                       opt, spec);
          gantry_target_spec_clear (out);
          return FALSE;
        }
    }

  return TRUE;
}

void
gantry_target_spec_clear (GantryTargetSpec *spec)
{
  g_clear_pointer (&spec->goos, g_free);
  g_clear_pointer (&spec->goarch, g_free);
  g_clear_pointer (&spec->goarm, g_free);
  g_clear_pointer (&spec->libc, g_free);
  g_clear_pointer (&spec->glibc_floor, g_free);
}

char *
gantry_target_spec_to_string (const GantryTargetSpec *spec)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "%s/%s", spec->goos, spec->goarch);
  if (spec->goarm != NULL)
    g_string_append_printf (s, "/v%s", spec->goarm);
  if (spec->glibc_floor != NULL)
    g_string_append_printf (s, "/glibc%s", spec->glibc_floor);
  else if (spec->libc != NULL)
    g_string_append_printf (s, "/%s", spec->libc);
  if (spec->is_static)
    g_string_append (s, "/static");
  return g_string_free (s, FALSE);
}

void
gantry_target_spec_to_request (const GantryTargetSpec *spec,
                               gboolean                cgo,
                               GantryCcRequest        *out)
{
  *out = (GantryCcRequest) {
    .goos = spec->goos,
    .goarch = spec->goarch,
    .goarm = spec->goarm,
    .libc = spec->libc,
    .is_static = spec->is_static,
    .glibc_floor = spec->glibc_floor,
    .cgo = cgo,
  };
}

/* ------------------------------------------------------------------ */
/* Choices                                                             */
/* ------------------------------------------------------------------ */

void
gantry_cc_choice_free (GantryCcChoice *choice)
{
  if (choice == NULL)
    return;
  g_free (choice->compiler);
  g_free (choice->cc);
  g_free (choice->cxx);
  g_strfreev (choice->env);
  g_free (choice->ldflags);
  g_free (choice->tags);
  g_free (choice->reason);
  g_free (choice);
}

static GantryCcChoice *
choice_new (const char *compiler,
            char       *cc,
            char       *cxx,
            char       *reason)
{
  GantryCcChoice *c = g_new0 (GantryCcChoice, 1);

  c->compiler = g_strdup (compiler);
  c->cc = cc;
  c->cxx = cxx;
  c->reason = reason;
  c->cgo_enabled = TRUE;
  c->env = g_new0 (char *, 1);
  return c;
}

static void
choice_add_env (GantryCcChoice *c,
                const char     *key,
                const char     *value)
{
  guint n = g_strv_length (c->env);

  c->env = g_renew (char *, c->env, n + 2);
  c->env[n] = g_strdup_printf ("%s=%s", key, value);
  c->env[n + 1] = NULL;
}

static const char *
zig_arch (const char *goarch)
{
  static const char *const map[][2] = {
    { "amd64", "x86_64" }, { "arm64", "aarch64" }, { "386", "x86" }, { "arm", "arm" },
    { "riscv64", "riscv64" }, { "ppc64le", "powerpc64le" }, { "s390x", "s390x" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_strcmp0 (goarch, map[i][0]) == 0)
      return map[i][1];
  return NULL;
}

static const char *
gnu_arch (const char *goarch)
{
  static const char *const map[][2] = {
    { "amd64", "x86_64" }, { "arm64", "aarch64" }, { "386", "i686" }, { "arm", "arm" },
    { "riscv64", "riscv64" }, { "ppc64le", "powerpc64le" }, { "s390x", "s390x" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_strcmp0 (goarch, map[i][0]) == 0)
      return map[i][1];
  return NULL;
}

static const char *
debian_cross_package (const char *goarch)
{
  static const char *const map[][2] = {
    { "amd64", "gcc-x86-64-linux-gnu" }, { "arm64", "gcc-aarch64-linux-gnu" }, { "386", "gcc-i686-linux-gnu" },
    { "arm", "gcc-arm-linux-gnueabihf" }, { "riscv64", "gcc-riscv64-linux-gnu" },
    { "ppc64le", "gcc-powerpc64le-linux-gnu" }, { "s390x", "gcc-s390x-linux-gnu" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_strcmp0 (goarch, map[i][0]) == 0)
      return map[i][1];
  return "a cross gcc";
}

static GantryToolchain *
find_by_name (GPtrArray  *tools,
              const char *name)
{
  for (guint i = 0; tools != NULL && i < tools->len; i++)
    {
      GantryToolchain *tc = g_ptr_array_index (tools, i);

      if (g_strcmp0 (tc->name, name) == 0 && tc->program != NULL)
        return tc;
    }
  return NULL;
}

static GantryToolchain *
find_by_kind (GPtrArray  *tools,
              const char *kind)
{
  for (guint i = 0; tools != NULL && i < tools->len; i++)
    {
      GantryToolchain *tc = g_ptr_array_index (tools, i);

      if (g_strcmp0 (tc->kind, kind) == 0 && tc->program != NULL)
        return tc;
    }
  return NULL;
}

static gboolean
has_space (const char *path)
{
  return strchr (path, ' ') != NULL;
}

/* "…/aarch64-linux-gnu-gcc" → "…/aarch64-linux-gnu-g++"; clang → clang++. */
static char *
cxx_for (const char *program)
{
  static const char *const swaps[][2] = {
    { "gcc", "g++" }, { "clang", "clang++" },
#ifdef G_OS_WIN32
    { "gcc.exe", "g++.exe" }, { "clang.exe", "clang++.exe" },
#endif
  };

  for (guint i = 0; i < G_N_ELEMENTS (swaps); i++)
    if (g_str_has_suffix (program, swaps[i][0]))
      {
        g_autofree char *stem = g_strndup (program, strlen (program) - strlen (swaps[i][0]));
        return g_strconcat (stem, swaps[i][1], NULL);
      }
  return NULL;
}

static GantryCcChoice *
zig_choice (GantryToolchain *zig,
            const char      *target,
            const char      *why)
{
  g_autofree char *cache = gantry_toolchain_get_cache_dir ("zig");
  GantryCcChoice *c;

  c = choice_new ("zig",
                  g_strdup_printf ("%s cc -target %s", zig->program, target),
                  g_strdup_printf ("%s c++ -target %s", zig->program, target),
                  g_strdup_printf ("zig %s cc -target %s: %s", zig->version ? zig->version : "", target, why));
  /* Zig's cache must be writable and shared between builds. */
  choice_add_env (c, "ZIG_GLOBAL_CACHE_DIR", cache);
  choice_add_env (c, "ZIG_LOCAL_CACHE_DIR", cache);
  return c;
}

static gboolean
is_native (const GantryCcRequest *req,
           const char            *host_os,
           const char            *host_arch)
{
  return g_strcmp0 (req->goos, host_os) == 0 && g_strcmp0 (req->goarch, host_arch) == 0;
}

static const char *
host_glibc (const GantryCcRequest *req)
{
#ifdef __GLIBC__
  if (req->host_os == NULL)
    return gnu_get_libc_version ();
#endif
  return NULL;
}

static void
add (GPtrArray      *out,
     GantryCcChoice *c)
{
  if (c != NULL && c->cc != NULL && has_space (c->cc) && c->compiler != NULL &&
      !g_str_equal (c->compiler, "zig"))
    g_debug ("%s has a space in its path; CC may break on Windows", c->cc);
  g_ptr_array_add (out, c);
}

static void
resolve_linux (const GantryCcRequest *req,
               GPtrArray             *tools,
               const char            *host_os,
               gboolean               native,
               GPtrArray             *out,
               GString               *missing)
{
  /* a Linux cross gcc and apt only make sense on a Linux machine: from
   * Windows or a Mac, Zig is the way to Linux */
  gboolean linux_host = g_strcmp0 (host_os, "linux") == 0;
  const char *zarch = zig_arch (req->goarch);
  const char *garch = gnu_arch (req->goarch);
  gboolean arm_soft = g_strcmp0 (req->goarch, "arm") == 0 && g_strcmp0 (req->goarm, "5") == 0;
  const char *abi = g_strcmp0 (req->goarch, "arm") == 0 ? (arm_soft ? "gnueabi" : "gnueabihf") : "gnu";
  const char *musl_abi = g_strcmp0 (req->goarch, "arm") == 0 ? (arm_soft ? "musleabi" : "musleabihf") : "musl";
  gboolean musl = g_strcmp0 (req->libc, "musl") == 0 || (req->libc == NULL && req->is_static);
  GantryToolchain *zig = find_by_kind (tools, "zig");
  g_autofree char *cross_name = garch ? g_strdup_printf ("%s-linux-%s-gcc", garch, abi) : NULL;
  g_autofree char *musl_cross_name = garch ? g_strdup_printf ("%s-linux-%s-gcc", garch, musl_abi) : NULL;
  const char *static_flags = req->is_static ? STATIC_LDFLAGS : NULL;

  if (musl)
    {
      GantryToolchain *musl_gcc = find_by_kind (tools, "musl-gcc");
      GantryToolchain *musl_cross = musl_cross_name ? find_by_name (tools, musl_cross_name) : NULL;

      if (musl_gcc != NULL && native && musl_gcc->target != NULL &&
          g_str_has_prefix (musl_gcc->target, garch ? garch : "?"))
        {
          GantryCcChoice *c = choice_new ("musl-gcc", g_strdup (musl_gcc->program), NULL,
                                          g_strdup_printf ("musl-gcc links against musl, so the binary %s",
                                                           req->is_static ? "is fully static and runs on any Linux of this architecture"
                                                                          : "runs where musl is installed"));
          c->ldflags = g_strdup (static_flags);
          add (out, c);
        }
      if (musl_cross != NULL)
        {
          GantryCcChoice *c = choice_new (musl_cross->name, g_strdup (musl_cross->program), cxx_for (musl_cross->program),
                                          g_strdup_printf ("%s is a musl cross compiler for %s", musl_cross->name, req->goarch));
          c->ldflags = g_strdup (static_flags);
          add (out, c);
        }
      if (zig != NULL && zarch != NULL)
        {
          g_autofree char *target = g_strdup_printf ("%s-linux-%s", zarch, musl_abi);
          GantryCcChoice *c = zig_choice (zig, target, req->is_static
                                          ? "Zig ships musl for every architecture, so the binary is fully static"
                                          : "Zig ships musl for every architecture");
          c->ldflags = g_strdup (static_flags);
          add (out, c);
        }
      if (out->len == 0)
        g_string_append_printf (missing, "install Zig from Toolchains ('" GANTRY_INSTALL_COMMAND "zig')%s",
                                native && g_strcmp0 (req->goarch, "amd64") == 0 ? ", or musl-gcc (Debian: apt install musl-tools)" : "");
      return;
    }

  /* glibc */
  if (req->is_static)
    {
      /* Zig refuses -static on glibc targets, so only gcc can do this. */
      GantryToolchain *gcc = native ? find_by_kind (tools, "gcc") : (cross_name ? find_by_name (tools, cross_name) : NULL);

      if (gcc != NULL)
        {
          GantryCcChoice *c = choice_new (gcc->name, g_strdup (gcc->program), cxx_for (gcc->program),
                                          g_strdup_printf ("%s links glibc statically; net and os/user then need the pure-Go versions (tags %s), and glibc still warns about getaddrinfo and NSS",
                                                           gcc->name, GLIBC_STATIC_TAGS));
          c->ldflags = g_strdup (STATIC_LDFLAGS);
          c->tags = g_strdup (GLIBC_STATIC_TAGS);
          add (out, c);
        }
      if (out->len == 0)
        g_string_append_printf (missing, "install %s, or build the static binary with musl instead (linux/%s/musl/static)",
                                native ? "gcc" : debian_cross_package (req->goarch), req->goarch);
      return;
    }

  if (req->glibc_floor != NULL && zig != NULL && zarch != NULL && g_strcmp0 (req->goarch, "riscv64") != 0)
    {
      g_autofree char *target = g_strdup_printf ("%s-linux-%s.%s", zarch, abi, req->glibc_floor);
      g_autofree char *why = g_strdup_printf ("links against glibc %s's symbols, so the binary runs on any Linux with glibc %s or newer",
                                              req->glibc_floor, req->glibc_floor);
      add (out, zig_choice (zig, target, why));
    }

  /* gcc links against the glibc it was installed with: this machine's,
   * and Debian's cross C libraries come from the same glibc release. A
   * floor below it cannot be met by them, so they are not offered: the
   * build would only fail its glibc check afterwards. */
  if (req->glibc_floor != NULL && host_glibc (req) != NULL &&
      gantry_catalog_compare_versions (host_glibc (req), req->glibc_floor) > 0)
    {
      if (out->len == 0)
        g_string_append_printf (missing,
                                "no compiler here can meet the glibc %s floor (this machine's compilers link against glibc %s): "
                                "install Zig from Toolchains ('" GANTRY_INSTALL_COMMAND "zig'), which builds for any glibc version, "
                                "or build static with musl (linux/%s/musl/static)",
                                req->glibc_floor, host_glibc (req), req->goarch);
      return;
    }

  if (native)
    {
      GantryToolchain *gcc = find_by_kind (tools, "gcc");
      GantryToolchain *clang = find_by_kind (tools, "clang");
      const char *glibc = host_glibc (req);
      g_autofree char *floor_note = NULL;

      if (req->glibc_floor != NULL && glibc != NULL)
        floor_note = g_strdup_printf ("; this machine's glibc %s is at or below the floor %s", glibc, req->glibc_floor);

      if (gcc != NULL)
        add (out, choice_new (gcc->name, g_strdup (gcc->program), cxx_for (gcc->program),
                              g_strdup_printf ("the host compiler (gcc %s) builds for this machine natively%s",
                                               gcc->version ? gcc->version : "", floor_note ? floor_note : "")));
      if (clang != NULL)
        add (out, choice_new (clang->name, g_strdup (clang->program), cxx_for (clang->program),
                              g_strdup_printf ("the host compiler (clang %s) builds for this machine natively%s",
                                               clang->version ? clang->version : "", floor_note ? floor_note : "")));
    }
  else
    {
      GantryToolchain *cross = cross_name ? find_by_name (tools, cross_name) : NULL;

      if (cross != NULL)
        add (out, choice_new (cross->name, g_strdup (cross->program), cxx_for (cross->program),
                              g_strdup_printf ("%s is the distribution's cross compiler for linux/%s%s",
                                               cross->name, req->goarch,
                                               req->glibc_floor ? "; it links against its own glibc, which may be newer than the floor" : "")));
    }

  if (req->glibc_floor == NULL && zig != NULL && zarch != NULL && g_strcmp0 (req->goarch, "riscv64") != 0)
    {
      g_autofree char *target = g_strdup_printf ("%s-linux-%s", zarch, abi);
      add (out, zig_choice (zig, target, "Zig cross-compiles to any Linux from any host"));
    }

  if (out->len == 0 && !linux_host)
    g_string_append_printf (missing, "install Zig from Toolchains ('" GANTRY_INSTALL_COMMAND "zig')");
  else if (out->len == 0)
    g_string_append_printf (missing, "install Zig from Toolchains ('" GANTRY_INSTALL_COMMAND "zig')%s%s",
                            native ? ", or gcc" : ", or ",
                            native ? "" : (cross_name ? cross_name : "a cross gcc"));
  if (out->len == 0 && !native && linux_host)
    g_string_append_printf (missing, " (Debian: apt install %s)", debian_cross_package (req->goarch));
}

static void
resolve_windows (const GantryCcRequest *req,
                 GPtrArray             *tools,
                 const char            *host_os,
                 GPtrArray             *out,
                 GString               *missing)
{
  static const char *const map[][3] = {
    { "amd64", "x86_64-w64-mingw32", "x86_64" },
    { "386", "i686-w64-mingw32", "x86" },
    { "arm64", "aarch64-w64-mingw32", "aarch64" },
  };
  const char *triple = NULL;
  const char *zarch = NULL;
  GantryToolchain *zig = find_by_kind (tools, "zig");
  const char *dll_note = req->is_static
    ? "linked statically (-extldflags -static), so the exe needs no MinGW DLLs"
    : "the exe may need libwinpthread-1.dll or libgcc_s_seh-1.dll beside it; build windows/…/static to ship one exe";

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_strcmp0 (req->goarch, map[i][0]) == 0)
      {
        triple = map[i][1];
        zarch = map[i][2];
      }

  if (triple != NULL)
    {
      g_autofree char *gcc_name = g_strdup_printf ("%s-gcc", triple);
      g_autofree char *clang_name = g_strdup_printf ("%s-clang", triple);
      GantryToolchain *gcc = find_by_name (tools, gcc_name);
      GantryToolchain *clang = find_by_name (tools, clang_name);

      /* On Windows itself, WinLibs' plain gcc is the MinGW compiler. */
      if (gcc == NULL && g_strcmp0 (host_os, "windows") == 0)
        for (guint i = 0; tools != NULL && i < tools->len; i++)
          {
            GantryToolchain *tc = g_ptr_array_index (tools, i);

            if ((g_strcmp0 (tc->kind, "mingw-gcc") == 0 || g_strcmp0 (tc->kind, "gcc") == 0) &&
                g_strcmp0 (tc->target, triple) == 0 && tc->program != NULL)
              {
                gcc = tc;
                break;
              }
          }

      if (gcc != NULL)
        {
          GantryCcChoice *c = choice_new (gcc->name, g_strdup (gcc->program), cxx_for (gcc->program),
                                          g_strdup_printf ("MinGW-w64 gcc builds Windows executables; %s", dll_note));
          if (req->is_static)
            c->ldflags = g_strdup (WIN_STATIC_LDFLAGS);
          add (out, c);
        }
      if (clang != NULL)
        {
          GantryCcChoice *c = choice_new (clang->name, g_strdup (clang->program), cxx_for (clang->program),
                                          g_strdup_printf ("llvm-mingw clang builds Windows executables against UCRT%s",
                                                           req->is_static ? ", linked statically" : ""));
          if (req->is_static)
            c->ldflags = g_strdup (WIN_STATIC_LDFLAGS);
          add (out, c);
        }
      if (zig != NULL)
        {
          g_autofree char *target = g_strdup_printf ("%s-windows-gnu", zarch);
          GantryCcChoice *c = zig_choice (zig, target, "Zig ships MinGW-w64 headers and libraries for Windows");
          if (req->is_static)
            c->ldflags = g_strdup (WIN_STATIC_LDFLAGS);
          add (out, c);
        }
    }

  if (out->len == 0)
    g_string_append_printf (missing, "install llvm-mingw or Zig from Toolchains ('" GANTRY_INSTALL_COMMAND "mingw' or 'zig')%s%s%s",
                            triple && !g_str_equal (req->goarch, "arm64") ? ", or " : "",
                            triple && !g_str_equal (req->goarch, "arm64") ? triple : "",
                            triple && !g_str_equal (req->goarch, "arm64") ? "-gcc" : "");
}

const char *
gantry_toolchain_install_kind_in (const char *message)
{
  const char *command = message ? strstr (message, GANTRY_INSTALL_COMMAND) : NULL;
  const char * const *kinds = gantry_catalog_get_kinds ();

  if (command == NULL)
    return NULL;
  command += strlen (GANTRY_INSTALL_COMMAND);
  for (guint i = 0; kinds[i] != NULL; i++)
    {
      gsize len = strlen (kinds[i]);

      if (strncmp (command, kinds[i], len) == 0 && !g_ascii_isalnum (command[len]) && command[len] != '-')
        return kinds[i];
    }
  return NULL;
}

char *
gantry_toolchain_message_for_window (const char *message)
{
  GString *out;
  const char *p;

  if (message == NULL)
    return NULL;
  out = g_string_new (NULL);
  for (p = message; *p != '\0'; )
    {
      const char *command = strstr (p, GANTRY_INSTALL_COMMAND);
      const char *open, *close, *quote;

      if (command == NULL)
        break;
      /* "… Toolchains ('gantry toolchain install mingw' or 'zig')": the
       * parentheses go, with the blank before them */
      open = command;
      while (open > p && *open != '(' && *open != ')')
        open--;
      close = strchr (command, ')');
      if (*open == '(' && close != NULL)
        {
          const char *end = open;

          while (end > p && end[-1] == ' ')
            end--;
          g_string_append_len (out, p, end - p);
          p = close + 1;
          continue;
        }
      /* "install it with 'gantry toolchain install go'": from Toolchains */
      quote = command > p && command[-1] == '\'' ? command - 1 : command;
      close = strchr (command + strlen (GANTRY_INSTALL_COMMAND), quote == command ? ' ' : '\'');
      if (quote - p >= 5 && strncmp (quote - 5, "with ", 5) == 0)
        {
          g_string_append_len (out, p, quote - 5 - p);
          g_string_append (out, "from Toolchains");
        }
      else
        {
          g_string_append_len (out, p, quote - p);
          g_string_append (out, "Toolchains");
        }
      p = close != NULL ? close + (quote == command ? 0 : 1) : command + strlen (command);
    }
  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

/* The C compilers that can build @request, best first, each with the
 * exact CC and why. An empty answer is an error naming what to install. */
GPtrArray *
gantry_toolchain_resolve (const GantryCcRequest  *request,
                          GPtrArray              *tools,
                          GError                **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_cc_choice_free);
  g_autoptr(GString) missing = g_string_new (NULL);
  const char *host_os;
  const char *host_arch;
  gboolean native;
  g_autofree char *label = NULL;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (request->goos != NULL && request->goarch != NULL, NULL);

  host_os = request->host_os ? request->host_os : gantry_catalog_host_os ();
  host_arch = request->host_arch ? request->host_arch : gantry_catalog_host_arch ();
  native = is_native (request, host_os, host_arch);
  label = g_strdup_printf ("%s/%s", request->goos, request->goarch);

  if (!request->cgo)
    {
      GantryCcChoice *c = choice_new ("none", NULL, NULL,
                                      g_strdup ("the project has no cgo, so Go cross-compiles it alone (CGO_ENABLED=0) and the binary is static"));
      c->cgo_enabled = FALSE;
      choice_add_env (c, "CGO_ENABLED", "0");
      g_ptr_array_add (out, c);
      return g_steal_pointer (&out);
    }

  if (g_str_equal (request->goos, "darwin") || g_str_equal (request->goos, "ios"))
    {
      GantryToolchain *clang = find_by_kind (tools, "clang");

      if (g_str_equal (host_os, "darwin") && clang != NULL)
        {
          add (out, choice_new (clang->name, g_strdup (clang->program), cxx_for (clang->program),
                                g_strdup ("Apple clang with the macOS SDK on this Mac")));
          return g_steal_pointer (&out);
        }
      g_set_error (error, GANTRY_TOOLCHAIN_ERROR, GANTRY_TOOLCHAIN_ERROR_NEEDS_SDK,
                   "%s with cgo needs an Apple SDK (the macOS headers and libraries), which only a Mac with Xcode provides: build this target on a Mac, or turn cgo off for it.",
                   label);
      return NULL;
    }

  if (g_str_equal (request->goos, "linux"))
    resolve_linux (request, tools, host_os, native, out, missing);
  else if (g_str_equal (request->goos, "windows"))
    resolve_windows (request, tools, host_os, out, missing);
  else if (native)
    {
      GantryToolchain *cc = find_by_kind (tools, "clang");

      if (cc == NULL)
        cc = find_by_kind (tools, "gcc");
      if (cc != NULL)
        add (out, choice_new (cc->name, g_strdup (cc->program), cxx_for (cc->program),
                              g_strdup ("the host compiler builds for this machine natively")));
      else
        g_string_append (missing, "install the system C compiler");
    }
  else
    g_string_append_printf (missing, "build it on a %s machine, or turn cgo off for it", request->goos);

  if (out->len == 0)
    {
      g_set_error (error, GANTRY_TOOLCHAIN_ERROR, GANTRY_TOOLCHAIN_ERROR_NO_COMPILER,
                   "No C compiler for %s%s%s: %s.",
                   label,
                   g_strcmp0 (request->libc, "musl") == 0 || (request->libc == NULL && request->is_static) ? " (musl)" : "",
                   request->is_static ? " static" : "",
                   missing->str);
      return NULL;
    }

  return g_steal_pointer (&out);
}

/* test-toolchain-resolve.c — the per-target C compiler choice, on made-up machines */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "gantry-toolchain.h"
#include "gantry-test-util.h"

static GantryToolchain *
tool (const char *kind,
      const char *name,
      const char *program,
      const char *target)
{
  GantryToolchain *tc = g_new0 (GantryToolchain, 1);

  tc->kind = g_strdup (kind);
  tc->name = g_strdup (name);
  tc->program = g_strdup (program);
  tc->path = g_strdup (program);
  tc->target = g_strdup (target);
  tc->version = g_strdup ("1.0");
  tc->origin = g_strdup ("detected");
  return tc;
}

/* A Debian box like the development machine, optionally with Zig. */
static GPtrArray *
debian_tools (gboolean with_zig)
{
  GPtrArray *tools = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_toolchain_free);

  g_ptr_array_add (tools, tool ("gcc", "gcc", "/usr/bin/gcc", "x86_64-linux-gnu"));
  g_ptr_array_add (tools, tool ("clang", "clang", "/usr/bin/clang", "x86_64-pc-linux-gnu"));
  g_ptr_array_add (tools, tool ("musl-gcc", "musl-gcc", "/usr/bin/musl-gcc", "x86_64-linux-musl"));
  g_ptr_array_add (tools, tool ("mingw-gcc", "x86_64-w64-mingw32-gcc", "/usr/bin/x86_64-w64-mingw32-gcc", "x86_64-w64-mingw32"));
  g_ptr_array_add (tools, tool ("cross-gcc", "aarch64-linux-gnu-gcc", "/usr/bin/aarch64-linux-gnu-gcc", "aarch64-linux-gnu"));
  if (with_zig)
    g_ptr_array_add (tools, tool ("zig", "zig", "/opt/zig/zig", NULL));
  return tools;
}

static GPtrArray *
resolve (const char *spec,
         gboolean    cgo,
         GPtrArray  *tools,
         const char *host_os,
         GError    **error)
{
  GantryTargetSpec target;
  GantryCcRequest req;
  GPtrArray *out;

  g_assert_true (gantry_target_spec_parse (spec, &target, NULL));
  gantry_target_spec_to_request (&target, cgo, &req);
  req.host_os = host_os ? host_os : "linux";
  req.host_arch = "amd64";
  out = gantry_toolchain_resolve (&req, tools, error);
  gantry_target_spec_clear (&target);
  return out;
}

static GantryCcChoice *
first (GPtrArray *choices)
{
  g_assert_nonnull (choices);
  g_assert_cmpuint (choices->len, >=, 1);
  return g_ptr_array_index (choices, 0);
}

static void
test_native (void)
{
  g_autoptr(GPtrArray) tools = debian_tools (TRUE);
  g_autoptr(GPtrArray) choices = resolve ("linux/amd64", TRUE, tools, NULL, NULL);
  GantryCcChoice *c = first (choices);

  g_assert_cmpstr (c->compiler, ==, "gcc");
  g_assert_cmpstr (c->cc, ==, "/usr/bin/gcc");
  g_assert_cmpstr (c->cxx, ==, "/usr/bin/g++");
  g_assert_true (c->cgo_enabled);
  g_assert_nonnull (strstr (c->reason, "natively"));
  /* clang and zig follow as alternatives. */
  g_assert_cmpuint (choices->len, ==, 3);
  g_assert_cmpstr (((GantryCcChoice *) g_ptr_array_index (choices, 2))->compiler, ==, "zig");
}

static void
test_glibc_floor_prefers_zig (void)
{
  g_autoptr(GPtrArray) tools = debian_tools (TRUE);
  g_autoptr(GPtrArray) choices = resolve ("linux/amd64/glibc2.17", TRUE, tools, NULL, NULL);
  GantryCcChoice *c = first (choices);

  g_assert_cmpstr (c->compiler, ==, "zig");
  g_assert_cmpstr (c->cc, ==, "/opt/zig/zig cc -target x86_64-linux-gnu.2.17");
  g_assert_cmpstr (c->cxx, ==, "/opt/zig/zig c++ -target x86_64-linux-gnu.2.17");
  g_assert_nonnull (strstr (c->reason, "2.17"));
  g_assert_true (g_strv_contains ((const char * const *) c->env, "ZIG_GLOBAL_CACHE_DIR") ||
                 g_str_has_prefix (c->env[0], "ZIG_GLOBAL_CACHE_DIR="));

  g_clear_pointer (&choices, g_ptr_array_unref);
  choices = resolve ("linux/arm64/glibc2.28", TRUE, tools, NULL, NULL);
  g_assert_cmpstr (first (choices)->cc, ==, "/opt/zig/zig cc -target aarch64-linux-gnu.2.28");
  /* The distribution cross gcc is still offered, with the caveat. */
  g_assert_cmpuint (choices->len, ==, 2);
  g_assert_nonnull (strstr (((GantryCcChoice *) g_ptr_array_index (choices, 1))->reason, "newer than the floor"));
}

static void
test_static_musl (void)
{
  g_autoptr(GPtrArray) tools = debian_tools (TRUE);
  g_autoptr(GPtrArray) choices = resolve ("linux/amd64/static", TRUE, tools, NULL, NULL);
  GantryCcChoice *c = first (choices);
  GantryCcChoice *z;

  /* static without a libc means musl */
  g_assert_cmpstr (c->compiler, ==, "musl-gcc");
  g_assert_cmpstr (c->ldflags, ==, "-linkmode external -extldflags -static");
  g_assert_null (c->tags);
  z = g_ptr_array_index (choices, 1);
  g_assert_cmpstr (z->cc, ==, "/opt/zig/zig cc -target x86_64-linux-musl");
  g_assert_cmpstr (z->ldflags, ==, "-linkmode external -extldflags -static");

  /* arm64 musl: musl-gcc is amd64 only, Zig does it. */
  g_clear_pointer (&choices, g_ptr_array_unref);
  choices = resolve ("linux/arm64/musl/static", TRUE, tools, NULL, NULL);
  g_assert_cmpuint (choices->len, ==, 1);
  g_assert_cmpstr (first (choices)->cc, ==, "/opt/zig/zig cc -target aarch64-linux-musl");
}

static void
test_static_glibc (void)
{
  g_autoptr(GPtrArray) tools = debian_tools (TRUE);
  g_autoptr(GPtrArray) choices = resolve ("linux/amd64/gnu/static", TRUE, tools, NULL, NULL);
  GantryCcChoice *c = first (choices);

  /* Zig refuses -static on glibc: only gcc, with the pure-Go net and user. */
  g_assert_cmpuint (choices->len, ==, 1);
  g_assert_cmpstr (c->compiler, ==, "gcc");
  g_assert_cmpstr (c->tags, ==, "netgo,osusergo");
  g_assert_cmpstr (c->ldflags, ==, "-linkmode external -extldflags -static");
}

static void
test_cross_arm64 (void)
{
  g_autoptr(GPtrArray) tools = debian_tools (FALSE);
  g_autoptr(GPtrArray) choices = resolve ("linux/arm64", TRUE, tools, NULL, NULL);
  GantryCcChoice *c = first (choices);

  g_assert_cmpstr (c->compiler, ==, "aarch64-linux-gnu-gcc");
  g_assert_cmpstr (c->cc, ==, "/usr/bin/aarch64-linux-gnu-gcc");
  g_assert_cmpstr (c->cxx, ==, "/usr/bin/aarch64-linux-gnu-g++");
}

static void
test_windows (void)
{
  g_autoptr(GPtrArray) tools = debian_tools (TRUE);
  g_autoptr(GPtrArray) choices = resolve ("windows/amd64", TRUE, tools, NULL, NULL);
  GantryCcChoice *c = first (choices);

  g_assert_cmpstr (c->compiler, ==, "x86_64-w64-mingw32-gcc");
  g_assert_null (c->ldflags);
  g_assert_nonnull (strstr (c->reason, "libwinpthread-1.dll"));
  g_assert_cmpstr (((GantryCcChoice *) g_ptr_array_index (choices, 1))->cc, ==, "/opt/zig/zig cc -target x86_64-windows-gnu");

  g_clear_pointer (&choices, g_ptr_array_unref);
  choices = resolve ("windows/amd64/static", TRUE, tools, NULL, NULL);
  g_assert_cmpstr (first (choices)->ldflags, ==, "-extldflags -static");

  /* windows/arm64: no gcc exists; Zig (or llvm-mingw) does it. */
  g_clear_pointer (&choices, g_ptr_array_unref);
  choices = resolve ("windows/arm64", TRUE, tools, NULL, NULL);
  g_assert_cmpstr (first (choices)->cc, ==, "/opt/zig/zig cc -target aarch64-windows-gnu");
}

static void
test_llvm_mingw_install (void)
{
  g_autoptr(GPtrArray) tools = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_toolchain_free);
  g_autoptr(GPtrArray) choices = NULL;

  g_ptr_array_add (tools, tool ("mingw-clang", "aarch64-w64-mingw32-clang",
                                "/data/toolchains/llvm-mingw-20250709/bin/aarch64-w64-mingw32-clang", "aarch64-w64-mingw32"));
  choices = resolve ("windows/arm64", TRUE, tools, NULL, NULL);
  g_assert_cmpstr (first (choices)->cc, ==, "/data/toolchains/llvm-mingw-20250709/bin/aarch64-w64-mingw32-clang");
  g_assert_cmpstr (first (choices)->cxx, ==, "/data/toolchains/llvm-mingw-20250709/bin/aarch64-w64-mingw32-clang++");
}

static void
test_windows_host_winlibs (void)
{
  g_autoptr(GPtrArray) tools = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_toolchain_free);
  g_autoptr(GPtrArray) choices = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) arm64 = NULL;

  /* On Windows, WinLibs' gcc.exe is the MinGW compiler, under its plain name. */
  g_ptr_array_add (tools, tool ("gcc", "gcc", "C:/gantry/toolchains/winlibs-15/bin/gcc.exe", "x86_64-w64-mingw32"));
  choices = resolve ("windows/amd64", TRUE, tools, "windows", NULL);
  g_assert_cmpstr (first (choices)->cc, ==, "C:/gantry/toolchains/winlibs-15/bin/gcc.exe");

  /* …and it cannot build Linux binaries: the answer names what to install. */
  arm64 = resolve ("linux/arm64", TRUE, tools, "windows", &error);
  g_assert_null (arm64);
  g_assert_error (error, GANTRY_TOOLCHAIN_ERROR, GANTRY_TOOLCHAIN_ERROR_NO_COMPILER);
  g_assert_nonnull (strstr (error->message, "Zig"));
  /* a Windows user is never told to apt install a Linux cross gcc */
  g_assert_null (strstr (error->message, "apt install"));
  g_assert_null (strstr (error->message, "aarch64-linux-gnu-gcc"));
  g_clear_error (&error);
  g_clear_pointer (&arm64, g_ptr_array_unref);
  arm64 = resolve ("linux/amd64", TRUE, tools, "windows", &error);
  g_assert_null (arm64);
  g_assert_nonnull (strstr (error->message, "Zig"));
  g_assert_null (strstr (error->message, "apt install"));
  g_assert_null (strstr (error->message, "x86_64-linux-gnu-gcc"));
}

static void
test_darwin_needs_sdk (void)
{
  g_autoptr(GPtrArray) tools = debian_tools (TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) choices = resolve ("darwin/arm64", TRUE, tools, NULL, &error);
  g_autoptr(GPtrArray) no_cgo = NULL;

  g_assert_null (choices);
  g_assert_error (error, GANTRY_TOOLCHAIN_ERROR, GANTRY_TOOLCHAIN_ERROR_NEEDS_SDK);
  g_assert_nonnull (strstr (error->message, "Apple SDK"));
  g_assert_nonnull (strstr (error->message, "darwin/arm64"));

  /* Without cgo, macOS is just another Go target. */
  no_cgo = resolve ("darwin/arm64", FALSE, tools, NULL, NULL);
  g_assert_false (first (no_cgo)->cgo_enabled);
}

static void
test_no_cgo (void)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(GPtrArray) choices = resolve ("linux/riscv64", FALSE, none, NULL, NULL);
  GantryCcChoice *c = first (choices);

  g_assert_false (c->cgo_enabled);
  g_assert_cmpstr (c->compiler, ==, "none");
  g_assert_null (c->cc);
  g_assert_cmpstr (c->env[0], ==, "CGO_ENABLED=0");
}

static void
test_no_compiler_names_what_to_install (void)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  static const struct { const char *spec; const char *needle; } cases[] = {
    { "linux/arm64", "gcc-aarch64-linux-gnu" },
    { "linux/arm64", "Zig" },
    { "windows/amd64", "llvm-mingw" },
    { "windows/amd64", "x86_64-w64-mingw32-gcc" },
    { "linux/amd64/musl/static", "musl-tools" },
    { "linux/arm/v7", "arm-linux-gnueabihf-gcc" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) choices = resolve (cases[i].spec, TRUE, none, NULL, &error);

      g_assert_null (choices);
      g_assert_error (error, GANTRY_TOOLCHAIN_ERROR, GANTRY_TOOLCHAIN_ERROR_NO_COMPILER);
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("'%s' does not mention %s: %s", cases[i].spec, cases[i].needle, error->message);
    }
}

/* What the Targets page's Toolchains… button opens: the catalog kind the
 * sentence names first, or none when the fix is not in a catalog. */
/* The window's words: the Toolchains button installs, so no command. */
static void
test_message_for_window (void)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  static const struct { const char *in; const char *out; } cases[] = {
    { "No C compiler for linux/amd64: install Zig from Toolchains ('gantry toolchain install zig').",
      "No C compiler for linux/amd64: install Zig from Toolchains." },
    { "install llvm-mingw or Zig from Toolchains ('gantry toolchain install mingw' or 'zig'), or x86_64-w64-mingw32-gcc.",
      "install llvm-mingw or Zig from Toolchains, or x86_64-w64-mingw32-gcc." },
    { "Go is missing or broken: install it with 'gantry toolchain install go'.",
      "Go is missing or broken: install it from Toolchains." },
    { "use Zig (gantry toolchain install zig), whose zig c++ builds static musl C++",
      "use Zig, whose zig c++ builds static musl C++" },
    { "install gcc-aarch64-linux-gnu (Debian: apt install gcc-aarch64-linux-gnu)",
      "install gcc-aarch64-linux-gnu (Debian: apt install gcc-aarch64-linux-gnu)" },
  };
  const char *specs[] = { "linux/arm64", "linux/amd64/musl/static", "windows/amd64", "windows/arm64" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *said = gantry_toolchain_message_for_window (cases[i].in);

      g_assert_cmpstr (said, ==, cases[i].out);
    }
  g_assert_null (gantry_toolchain_message_for_window (NULL));

  /* every sentence the resolver says for a target it cannot build */
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) choices = resolve (specs[i], TRUE, none, NULL, &error);
      g_autofree char *said = NULL;

      g_assert_null (choices);
      said = gantry_toolchain_message_for_window (error->message);
      g_test_message ("%s: %s", specs[i], said);
      g_assert_null (strstr (said, "gantry "));
      g_assert_nonnull (strstr (said, "Toolchains"));
    }
}

static void
test_install_kind_in_sentence (void)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  static const struct { const char *spec; const char *kind; } cases[] = {
    { "linux/arm64", "zig" },
    { "linux/amd64/musl/static", "zig" },
    { "windows/amd64", "mingw" },
    { "windows/arm64", "mingw" },
    { "linux/arm64/gnu/static", NULL },   /* a cross gcc from apt, or musl */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) choices = resolve (cases[i].spec, TRUE, none, NULL, &error);

      g_assert_null (choices);
      g_assert_nonnull (error);
      g_test_message ("%s: %s", cases[i].spec, error->message);
      g_assert_cmpstr (gantry_toolchain_install_kind_in (error->message), ==, cases[i].kind);
    }
  g_assert_cmpstr (gantry_toolchain_install_kind_in ("run 'gantry toolchain install go'."), ==, "go");
  g_assert_null (gantry_toolchain_install_kind_in ("'gantry toolchain install gopher'"));
  g_assert_null (gantry_toolchain_install_kind_in (NULL));
}

static void
test_arm_variants (void)
{
  g_autoptr(GPtrArray) tools = debian_tools (TRUE);
  g_autoptr(GPtrArray) hf = NULL;
  g_autoptr(GPtrArray) soft = NULL;

  g_ptr_array_add (tools, tool ("cross-gcc", "arm-linux-gnueabihf-gcc", "/usr/bin/arm-linux-gnueabihf-gcc", "arm-linux-gnueabihf"));
  hf = resolve ("linux/arm/v7", TRUE, tools, NULL, NULL);
  g_assert_cmpstr (first (hf)->compiler, ==, "arm-linux-gnueabihf-gcc");
  soft = resolve ("linux/arm/v5", TRUE, tools, NULL, NULL);
  /* GOARM=5 is soft float: the hard-float gcc does not fit; Zig does. */
  g_assert_cmpstr (first (soft)->cc, ==, "/opt/zig/zig cc -target arm-linux-gnueabi");
}

static void
test_target_specs (void)
{
  static const struct { const char *in; const char *out; } ok[] = {
    { "linux/amd64", "linux/amd64" },
    { "Linux/AMD64/static", "linux/amd64/static" },
    { "linux/amd64/musl/static", "linux/amd64/musl/static" },
    { "linux/amd64/glibc2.17", "linux/amd64/glibc2.17" },
    { "linux/arm64/gnu.2.28", "linux/arm64/glibc2.28" },
    { "linux/arm/v6", "linux/arm/v6" },
  };
  static const char *const bad[] = { "linux", "/amd64", "linux/amd64/fast", "linux/amd64/musl/glibc2.17", "linux/../amd64", "" };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      GantryTargetSpec spec;
      g_autofree char *back = NULL;

      g_assert_true (gantry_target_spec_parse (ok[i].in, &spec, NULL));
      back = gantry_target_spec_to_string (&spec);
      g_assert_cmpstr (back, ==, ok[i].out);
      gantry_target_spec_clear (&spec);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      GantryTargetSpec spec;
      g_autoptr(GError) error = NULL;

      g_assert_false (gantry_target_spec_parse (bad[i], &spec, &error));
      g_assert_error (error, GANTRY_TOOLCHAIN_ERROR, GANTRY_TOOLCHAIN_ERROR_BAD_TARGET);
    }
}

/* C++ in the graph: musl-gcc ranks first for static musl but has no
 * C++, so the build takes Zig's zig c++ when Zig is there. */
static void
test_cxx_passes_over_musl_gcc (void)
{
  g_autofree char *dir = gantry_test_make_tmpdir ("resolve-cxx");
#ifdef G_OS_WIN32
  const char *zig_name = "zig.exe";   /* what Windows counts as a program */
#else
  const char *zig_name = "zig";
#endif
  g_autofree char *zig = g_build_filename (dir, zig_name, NULL);
  g_autoptr(GPtrArray) tools = debian_tools (FALSE);
  g_autoptr(GPtrArray) choices = NULL;
  g_autofree char *problem = NULL;
  guint pick;

  /* without Zig: the best one, whose problem says to install Zig */
  choices = resolve ("linux/amd64/static", TRUE, tools, NULL, NULL);
  g_assert_cmpstr (first (choices)->compiler, ==, "musl-gcc");
  pick = gantry_doctor_pick_cxx_choice (choices, "linux/amd64/static@musl");
  g_assert_cmpuint (pick, ==, 0);
  problem = gantry_doctor_cxx_problem (g_ptr_array_index (choices, pick), "linux/amd64/static@musl");
  g_assert_nonnull (strstr (problem, "musl-gcc has none: use Zig"));
  g_clear_pointer (&choices, g_ptr_array_unref);

  /* with a Zig on disk (an executable file is all the check reads) */
  gantry_test_write_file (dir, zig_name, "#!/bin/sh\nexit 0\n");
  g_assert_cmpint (g_chmod (zig, 0755), ==, 0);
  g_ptr_array_add (tools, tool ("zig", "zig", zig, NULL));
  choices = resolve ("linux/amd64/static", TRUE, tools, NULL, NULL);
  g_assert_cmpstr (first (choices)->compiler, ==, "musl-gcc");
  pick = gantry_doctor_pick_cxx_choice (choices, "linux/amd64/static@musl");
  g_assert_cmpuint (pick, >, 0);
  g_assert_cmpstr (((GantryCcChoice *) g_ptr_array_index (choices, pick))->compiler, ==, "zig");
  g_assert_nonnull (strstr (((GantryCcChoice *) g_ptr_array_index (choices, pick))->cxx, "c++ -target x86_64-linux-musl"));
  g_assert_null (gantry_doctor_cxx_problem (g_ptr_array_index (choices, pick), "linux/amd64/static@musl"));

  gantry_test_rm_rf (dir);
}

static void
test_doctor_explanations (void)
{
  GantryCcRequest req = { .goos = "linux", .goarch = "arm64" };
  g_autofree char *wrong_arch = gantry_doctor_explain (
    "# runtime/cgo\ngcc_arm64.S: Assembler messages:\ngcc_arm64.S:30: Error: no such instruction: `stp x29,x30,[sp,#-16]!'\n", &req);
  g_autofree char *missing = gantry_doctor_explain ("cgo: C compiler \"foo-gcc\": exec: \"foo-gcc\": executable file not found in $PATH", &req);
  g_autofree char *lib = gantry_doctor_explain ("/usr/bin/ld: cannot find -lssl: No such file or directory", &req);
  g_autofree char *none = gantry_doctor_explain ("all good", &req);

  g_assert_nonnull (wrong_arch);
  g_assert_nonnull (strstr (wrong_arch, "another architecture"));
  g_assert_nonnull (strstr (wrong_arch, "arm64"));
  g_assert_nonnull (missing);
  g_assert_nonnull (strstr (missing, "not installed"));
  g_assert_nonnull (lib);
  g_assert_nonnull (strstr (lib, "library"));
  g_assert_null (none);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/resolve/native-host-gcc", test_native);
  g_test_add_func ("/core/resolve/glibc-floor-prefers-zig", test_glibc_floor_prefers_zig);
  g_test_add_func ("/core/resolve/static-means-musl", test_static_musl);
  g_test_add_func ("/core/resolve/static-glibc-needs-gcc-and-tags", test_static_glibc);
  g_test_add_func ("/core/resolve/cross-arm64", test_cross_arm64);
  g_test_add_func ("/core/resolve/windows-mingw", test_windows);
  g_test_add_func ("/core/resolve/llvm-mingw-install", test_llvm_mingw_install);
  g_test_add_func ("/core/resolve/windows-host-winlibs", test_windows_host_winlibs);
  g_test_add_func ("/core/resolve/darwin-needs-apple-sdk", test_darwin_needs_sdk);
  g_test_add_func ("/core/resolve/no-cgo", test_no_cgo);
  g_test_add_func ("/core/resolve/no-compiler-names-what-to-install", test_no_compiler_names_what_to_install);
  g_test_add_func ("/core/resolve/install-kind-in-sentence", test_install_kind_in_sentence);
  g_test_add_func ("/core/resolve/message-for-window", test_message_for_window);
  g_test_add_func ("/core/resolve/arm-variants", test_arm_variants);
  g_test_add_func ("/core/resolve/target-specs", test_target_specs);
  g_test_add_func ("/core/doctor/explanations", test_doctor_explanations);
  g_test_add_func ("/core/doctor/cxx-passes-over-musl-gcc", test_cxx_passes_over_musl_gcc);

  return g_test_run ();
}

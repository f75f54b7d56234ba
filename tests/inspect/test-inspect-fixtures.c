/* test-inspect-fixtures.c — the inspector and its comparison on binaries built here with gcc, musl, MinGW, aarch64 gcc and Go */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-test"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "gantry-compare-model.h"
#include "gantry-inspect.h"
#include "gantry-reach.h"
#include "gantry-test-util.h"
#include "inspect-oracle.h"

static char *workdir;

static const char hello_c[] =
  "#include <stdio.h>\n"
  "#include <math.h>\n"
  "#include <stdlib.h>\n"
  "int main (int argc, char **argv)\n"
  "{\n"
  "  printf (\"%f\\n\", sqrt ((double) argc + atof (argc > 1 ? argv[1] : \"2\")));\n"
  "  return 0;\n"
  "}\n";

static const char threads_c[] =
  "#include <pthread.h>\n"
  "#include <stdio.h>\n"
  "static void *run (void *arg) { puts (arg); return NULL; }\n"
  "int main (void)\n"
  "{\n"
  "  pthread_t t;\n"
  "  pthread_create (&t, NULL, run, \"thread\");\n"
  "  pthread_join (t, NULL);\n"
  "  return 0;\n"
  "}\n";

static const char hello_cxx[] =
  "#include <iostream>\n"
  "#include <string>\n"
  "int main (int argc, char **) { std::string s (argc, 'x'); std::cout << s << std::endl; return 0; }\n";

static const char lib_c[] = "int gantry_lib_add (int a, int b) { return a + b; }\n";

static gboolean
have (const char *program)
{
  g_autofree char *path = g_find_program_in_path (program);

  return path != NULL;
}

static gboolean
need (const char *program)
{
  g_autofree char *path = g_find_program_in_path (program);

  if (path == NULL)
    {
      g_autofree char *msg = g_strdup_printf ("%s is not installed", program);
      g_test_skip (msg);
      return FALSE;
    }
  return TRUE;
}

/* Compiles @source (written as @src_name) with @cc and extra args into
 * @out_name; returns the output path. */
static char *
build_c (const char  *cc,
         const char  *src_name,
         const char  *source,
         const char  *out_name,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *src = g_build_filename (workdir, src_name, NULL);
  char *out = g_build_filename (workdir, out_name, NULL);
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  const char *arg;
  va_list args;
  int rc;

  gantry_test_write_file (workdir, src_name, source);
  g_ptr_array_add (argv, (char *) cc);
  g_ptr_array_add (argv, (char *) "-O1");
  g_ptr_array_add (argv, (char *) "-o");
  g_ptr_array_add (argv, out);
  g_ptr_array_add (argv, src);
  va_start (args, out_name);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  rc = oracle_run (workdir, NULL, (const char * const *) argv->pdata, &stdout_text, &stderr_text);
  if (rc != 0)
    g_error ("%s failed: %s", cc, stderr_text);
  return out;
}

static GantryBinary *
inspect (const char *path)
{
  g_autoptr(GError) error = NULL;
  GantryBinary *bin = gantry_inspect_path (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bin);
  return bin;
}

static gboolean
has_import (GantryBinary *bin,
            const char   *dll,
            GantryDllKind kind)
{
  GPtrArray *imports = gantry_binary_get_imports (bin);

  for (guint i = 0; i < imports->len; i++)
    {
      const GantryImport *imp = g_ptr_array_index (imports, i);

      if (g_ascii_strcasecmp (imp->name, dll) == 0)
        return imp->kind == kind;
    }
  return FALSE;
}

static gboolean
has_string (GPtrArray  *array,
            const char *value)
{
  for (guint i = 0; i < array->len; i++)
    if (g_str_equal (g_ptr_array_index (array, i), value))
      return TRUE;
  return FALSE;
}

/* C with gcc */

static void
test_gcc_dynamic (void)
{
  g_autofree char *exe = NULL;
  g_autoptr(GantryBinary) bin = NULL;

  if (!need ("gcc") || !need ("readelf"))
    return;
  exe = build_c ("gcc", "dyn.c", hello_c, "hello-dynamic", "-g", "-lm", NULL);
  bin = inspect (exe);
  oracle_check_readelf (bin, exe);
  g_assert_cmpstr (gantry_binary_get_os (bin), ==, "linux");
  g_assert_cmpstr (gantry_binary_get_arch (bin), ==, "amd64");
  g_assert_cmpint (gantry_binary_get_linkage (bin), ==, GANTRY_LINKAGE_DYNAMIC);
  g_assert_cmpstr (gantry_binary_get_libc (bin), ==, "glibc");
  g_assert_nonnull (gantry_binary_get_glibc_floor (bin));
  g_assert_true (has_string (gantry_binary_get_needed (bin), "libc.so.6"));
  g_assert_true (has_string (gantry_binary_get_needed (bin), "libm.so.6"));
  g_assert_true (gantry_binary_get_has_dwarf (bin));
  g_assert_false (gantry_binary_get_stripped (bin));
  g_assert_false (gantry_binary_get_is_go (bin));
  g_assert_cmpuint (gantry_binary_get_group_size (bin, GANTRY_SECTION_GROUP_CODE), >, 0);
  g_assert_cmpuint (gantry_binary_get_group_size (bin, GANTRY_SECTION_GROUP_DEBUG), >, 0);
  g_assert_finalize_object (g_steal_pointer (&bin));
}

static void
test_gcc_static (void)
{
  g_autofree char *exe = NULL;
  g_autofree char *stripped = NULL;
  g_autoptr(GantryBinary) bin = NULL;
  g_autoptr(GantryBinary) sbin = NULL;

  if (!need ("gcc") || !need ("readelf"))
    return;
  exe = build_c ("gcc", "static.c", hello_c, "hello-static", "-static", "-lm", NULL);
  bin = inspect (exe);
  oracle_check_readelf (bin, exe);
  g_assert_cmpint (gantry_binary_get_linkage (bin), ==, GANTRY_LINKAGE_STATIC);
  g_assert_cmpstr (gantry_binary_get_file_type (bin), ==, "executable");
  g_assert_null (gantry_binary_get_interpreter (bin));
  g_assert_cmpuint (gantry_binary_get_needed (bin)->len, ==, 0);
  g_assert_cmpstr (gantry_binary_get_libc (bin), ==, "glibc");

  stripped = build_c ("gcc", "static.c", hello_c, "hello-static-stripped", "-static", "-s", "-lm", NULL);
  sbin = inspect (stripped);
  oracle_check_readelf (sbin, stripped);
  g_assert_true (gantry_binary_get_stripped (sbin));
  g_assert_cmpstr (gantry_binary_get_libc (sbin), ==, "glibc");
  g_assert_cmpuint (gantry_binary_get_group_size (sbin, GANTRY_SECTION_GROUP_SYMBOLS), ==, 0);
}

static void
test_gcc_static_pie (void)
{
  g_autofree char *exe = NULL;
  g_autoptr(GantryBinary) bin = NULL;

  if (!need ("gcc") || !need ("readelf"))
    return;
  exe = build_c ("gcc", "spie.c", hello_c, "hello-static-pie", "-static-pie", "-fPIE", "-lm", NULL);
  bin = inspect (exe);
  oracle_check_readelf (bin, exe);
  g_assert_cmpint (gantry_binary_get_linkage (bin), ==, GANTRY_LINKAGE_STATIC_PIE);
  g_assert_cmpstr (gantry_binary_get_file_type (bin), ==, "pie-executable");
  g_assert_null (gantry_binary_get_interpreter (bin));
  g_assert_cmpstr (gantry_binary_get_libc (bin), ==, "glibc");
}

static void
test_gcc_shared (void)
{
  g_autofree char *lib = NULL;
  g_autofree char *old = NULL;
  g_autoptr(GantryBinary) bin = NULL;
  g_autoptr(GantryBinary) obin = NULL;

  if (!need ("gcc") || !need ("readelf"))
    return;
  lib = build_c ("gcc", "lib.c", lib_c, "libgantrytest.so.1", "-shared", "-fPIC",
                 "-Wl,-soname,libgantrytest.so.1", "-Wl,-rpath,/opt/gantry/lib:$ORIGIN", NULL);
  bin = inspect (lib);
  oracle_check_readelf (bin, lib);
  g_assert_cmpstr (gantry_binary_get_file_type (bin), ==, "shared-library");
  g_assert_cmpstr (gantry_binary_get_soname (bin), ==, "libgantrytest.so.1");
  g_assert_cmpuint (gantry_binary_get_runpath (bin)->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (gantry_binary_get_runpath (bin), 1), ==, "$ORIGIN");

  old = build_c ("gcc", "lib.c", lib_c, "libgantryold.so", "-shared", "-fPIC",
                 "-Wl,--disable-new-dtags", "-Wl,-rpath,/opt/old", NULL);
  obin = inspect (old);
  oracle_check_readelf (obin, old);
  g_assert_cmpuint (gantry_binary_get_rpath (obin)->len, ==, 1);
  g_assert_cmpuint (gantry_binary_get_runpath (obin)->len, ==, 0);
}

static void
test_gxx (void)
{
  g_autofree char *exe = NULL;
  g_autoptr(GantryBinary) bin = NULL;

  if (!need ("g++") || !need ("readelf"))
    return;
  exe = build_c ("g++", "hello.cc", hello_cxx, "hello-cxx", NULL);
  bin = inspect (exe);
  oracle_check_readelf (bin, exe);
  g_assert_nonnull (gantry_binary_get_glibcxx_floor (bin));
  g_assert_true (gantry_version_compare (gantry_binary_get_glibcxx_floor (bin), "3.4") >= 0);
  g_assert_true (has_string (gantry_binary_get_needed (bin), "libstdc++.so.6"));
}

static void
test_musl (void)
{
  g_autofree char *dyn = NULL;
  g_autofree char *stat = NULL;
  g_autofree char *stripped = NULL;
  g_autoptr(GantryBinary) d = NULL;
  g_autoptr(GantryBinary) s = NULL;
  g_autoptr(GantryBinary) ss = NULL;

  if (!need ("musl-gcc") || !need ("readelf"))
    return;
  dyn = build_c ("musl-gcc", "musl.c", hello_c, "hello-musl-dynamic", "-lm", NULL);
  d = inspect (dyn);
  oracle_check_readelf (d, dyn);
  g_assert_cmpstr (gantry_binary_get_libc (d), ==, "musl");
  g_assert_nonnull (strstr (gantry_binary_get_interpreter (d), "ld-musl"));
  g_assert_null (gantry_binary_get_glibc_floor (d));

  stat = build_c ("musl-gcc", "musl.c", hello_c, "hello-musl-static", "-static", "-lm", NULL);
  s = inspect (stat);
  oracle_check_readelf (s, stat);
  g_assert_cmpstr (gantry_binary_get_libc (s), ==, "musl");
  g_assert_cmpint (gantry_binary_get_linkage (s), ==, GANTRY_LINKAGE_STATIC);

  stripped = build_c ("musl-gcc", "musl.c", hello_c, "hello-musl-static-stripped", "-static", "-s", "-lm", NULL);
  ss = inspect (stripped);
  oracle_check_readelf (ss, stripped);
  g_assert_true (gantry_binary_get_stripped (ss));
  g_assert_cmpstr (gantry_binary_get_libc (ss), ==, "musl");
}

static void
test_aarch64 (void)
{
  g_autofree char *exe = NULL;
  g_autoptr(GantryBinary) bin = NULL;

  if (!need ("aarch64-linux-gnu-gcc") || !need ("readelf"))
    return;
  exe = build_c ("aarch64-linux-gnu-gcc", "arm.c", hello_c, "hello-arm64", "-lm", NULL);
  bin = inspect (exe);
  oracle_check_readelf (bin, exe);
  g_assert_cmpstr (gantry_binary_get_arch (bin), ==, "arm64");
  g_assert_cmpstr (gantry_binary_get_os (bin), ==, "linux");
  g_assert_cmpstr (gantry_binary_get_interpreter (bin), ==, "/lib/ld-linux-aarch64.so.1");
  g_assert_cmpstr (gantry_binary_get_libc (bin), ==, "glibc");
}

static void
test_mingw (void)
{
  g_autofree char *dyn = NULL;
  g_autofree char *stat = NULL;
  g_autoptr(GantryBinary) d = NULL;
  g_autoptr(GantryBinary) s = NULL;

  if (!need ("x86_64-w64-mingw32-gcc"))
    return;

  /* -pthread without -static: the exe needs libwinpthread-1.dll. */
  dyn = build_c ("x86_64-w64-mingw32-gcc", "threads.c", threads_c, "threads-dynamic.exe", "-pthread", NULL);
  d = inspect (dyn);
  oracle_check_objdump_pe (d, dyn);
  g_assert_cmpstr (gantry_binary_get_os (d), ==, "windows");
  g_assert_cmpstr (gantry_binary_get_arch (d), ==, "amd64");
  g_assert_cmpstr (gantry_binary_get_machine (d), ==, "AMD64 (0x8664)");
  g_assert_true (has_import (d, "libwinpthread-1.dll", GANTRY_DLL_MINGW_RUNTIME));
  g_assert_true (has_import (d, "KERNEL32.dll", GANTRY_DLL_SYSTEM));
  g_assert_cmpint (gantry_binary_get_linkage (d), ==, GANTRY_LINKAGE_DYNAMIC);
  g_assert_cmpstr (gantry_binary_get_subsystem (d), ==, "console");
  g_assert_false (gantry_binary_get_stripped (d));

  stat = build_c ("x86_64-w64-mingw32-gcc", "threads.c", threads_c, "threads-static.exe", "-pthread", "-static", "-s", NULL);
  s = inspect (stat);
  oracle_check_objdump_pe (s, stat);
  g_assert_false (has_import (s, "libwinpthread-1.dll", GANTRY_DLL_MINGW_RUNTIME));
  g_assert_cmpint (gantry_binary_get_linkage (s), ==, GANTRY_LINKAGE_STATIC);
  g_assert_true (gantry_binary_get_stripped (s));
  g_assert_cmpstr (gantry_binary_get_libc (s), ==, "msvcrt");
}

static void
test_mingw_cxx (void)
{
  g_autofree char *exe = NULL;
  g_autoptr(GantryBinary) bin = NULL;

  if (!need ("x86_64-w64-mingw32-g++"))
    return;
  exe = build_c ("x86_64-w64-mingw32-g++", "hello.cc", hello_cxx, "hello-cxx.exe", NULL);
  bin = inspect (exe);
  oracle_check_objdump_pe (bin, exe);
  g_assert_true (has_import (bin, "libstdc++-6.dll", GANTRY_DLL_MINGW_RUNTIME));
}

/* Go */

static const char go_mod[] =
  "module example.com/inspectme\n\ngo 1.18\n\nrequire example.com/dep v1.2.3\n\nreplace example.com/dep => ./dep\n";
static const char go_main[] =
  "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/dep\"\n)\n\nvar version = \"dev\"\n\n"
  "func main() { fmt.Println(dep.Hello(), version, extra()) }\n";
static const char go_nocgo[] = "//go:build !cgo\n\npackage main\n\nfunc extra() int { return 0 }\n";
static const char go_cgo[] =
  "//go:build cgo\n\npackage main\n\n/*\nstatic int add(int a, int b) { return a + b; }\n*/\nimport \"C\"\n\n"
  "func extra() int { return int(C.add(1, 2)) }\n";
static const char pure_main[] =
  "package main\n\nimport \"example.com/dep\"\n\nfunc main() { println(dep.Hello()) }\n";
static const char dep_mod[] = "module example.com/dep\n\ngo 1.18\n";
static const char dep_go[] = "package dep\n\nfunc Hello() string { return \"dep\" }\n";

static char *
go_project (void)
{
  char *dir = g_build_filename (workdir, "goproj", NULL);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      gantry_test_write_file (dir, "go.mod", go_mod);
      gantry_test_write_file (dir, "main.go", go_main);
      gantry_test_write_file (dir, "nocgo.go", go_nocgo);
      gantry_test_write_file (dir, "cgo.go", go_cgo);
      gantry_test_write_file (dir, "dep/go.mod", dep_mod);
      gantry_test_write_file (dir, "dep/dep.go", dep_go);
      gantry_test_write_file (dir, "pure/main.go", pure_main);
    }
  return dir;
}

/* Builds the Go project; NULL (and the test skipped) when a tool is missing. */
/* The package go_build builds: the cgo-using main, or ./pure. */
static const char *go_package = ".";

static char *
go_build (const char *out_name,
          const char *goos,
          const char *goarch,
          const char *cgo,
          const char *cc,
          ...)
{
  g_autofree char *dir = go_project ();
  g_autofree char *cache = NULL;
  g_autofree char *gopath = g_build_filename (workdir, "gopath", NULL);
  g_autoptr(GPtrArray) env = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  char *out = g_build_filename (workdir, out_name, NULL);
  const char *build_dir = g_getenv ("G_TEST_BUILDDIR");
  const char *arg;
  va_list args;
  int rc;

  if (!need ("go") || (cc != NULL && !need (cc)))
    {
      g_free (out);
      return NULL;
    }

  /* A cache beside the build keeps cross builds of std warm between runs. */
  cache = build_dir ? g_build_filename (build_dir, "inspect-gocache", NULL) : g_build_filename (workdir, "gocache", NULL);
  g_ptr_array_add (env, g_strdup_printf ("GOCACHE=%s", cache));
  g_ptr_array_add (env, g_strdup_printf ("GOPATH=%s", gopath));
  g_ptr_array_add (env, g_strdup ("GOFLAGS=-buildvcs=false"));
  g_ptr_array_add (env, g_strdup ("GOPROXY=off"));
  g_ptr_array_add (env, g_strdup ("GOTOOLCHAIN=local"));
  g_ptr_array_add (env, g_strdup_printf ("GOOS=%s", goos));
  g_ptr_array_add (env, g_strdup_printf ("GOARCH=%s", goarch));
  g_ptr_array_add (env, g_strdup_printf ("CGO_ENABLED=%s", cgo));
  if (cc != NULL)
    g_ptr_array_add (env, g_strdup_printf ("CC=%s", cc));
  g_ptr_array_add (env, NULL);

  g_ptr_array_add (argv, (char *) "go");
  g_ptr_array_add (argv, (char *) "build");
  g_ptr_array_add (argv, (char *) "-o");
  g_ptr_array_add (argv, out);
  va_start (args, cc);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, (char *) go_package);
  g_ptr_array_add (argv, NULL);

  rc = oracle_run (dir, (const char * const *) env->pdata, (const char * const *) argv->pdata,
                   &stdout_text, &stderr_text);
  if (rc != 0)
    g_error ("go build for %s/%s failed: %s", goos, goarch, stderr_text);
  return out;
}

static void
check_go_common (GantryBinary *bin,
                 const char   *goos,
                 const char   *goarch,
                 const char   *cgo)
{
  const GantryGoModule *main_mod = gantry_binary_get_go_main (bin);
  GPtrArray *deps = gantry_binary_get_go_deps (bin);
  const GantryGoModule *dep;

  g_assert_true (gantry_binary_get_is_go (bin));
  g_assert_true (g_str_has_prefix (gantry_binary_get_go_version (bin), "go1."));
  g_assert_cmpstr (gantry_binary_get_go_path (bin), ==, "example.com/inspectme");
  g_assert_nonnull (main_mod);
  g_assert_cmpstr (main_mod->path, ==, "example.com/inspectme");
  g_assert_cmpuint (deps->len, ==, 1);
  dep = g_ptr_array_index (deps, 0);
  g_assert_cmpstr (dep->path, ==, "example.com/dep");
  g_assert_cmpstr (dep->version, ==, "v1.2.3");
  g_assert_cmpstr (dep->replace_path, ==, "./dep");
  g_assert_cmpstr (gantry_binary_get_go_setting (bin, "GOOS"), ==, goos);
  g_assert_cmpstr (gantry_binary_get_go_setting (bin, "GOARCH"), ==, goarch);
  g_assert_cmpstr (gantry_binary_get_go_setting (bin, "CGO_ENABLED"), ==, cgo);
  g_assert_cmpstr (gantry_binary_get_os (bin), ==, goos);
  g_assert_cmpstr (gantry_binary_get_arch (bin), ==, goarch);
  g_assert_cmpstr (gantry_binary_get_go_buildinfo_format (bin), ==, "inline");
  g_assert_nonnull (gantry_binary_get_go_build_id (bin));
}

static void
test_go_linux_nocgo (void)
{
  g_autofree char *exe = go_build ("go-linux-nocgo", "linux", "amd64", "0", NULL,
                                   "-trimpath", "-tags", "netgo,osusergo",
                                   "-ldflags", "-s -w -X main.version=1.2.3", NULL);
  g_autoptr(GantryBinary) bin = NULL;

  if (exe == NULL)
    return;
  bin = inspect (exe);
  oracle_check_go_version (bin, exe);
  if (have ("readelf"))
    oracle_check_readelf (bin, exe);
  check_go_common (bin, "linux", "amd64", "0");
  g_assert_cmpint (gantry_binary_get_linkage (bin), ==, GANTRY_LINKAGE_STATIC);
  g_assert_cmpstr (gantry_binary_get_libc (bin), ==, "none");
  g_assert_true (gantry_binary_get_stripped (bin));
  g_assert_false (gantry_binary_get_has_dwarf (bin));
  /* go 1.19 leaves -ldflags out of the build info under -trimpath. */
  g_assert_null (gantry_binary_get_go_setting (bin, "-ldflags"));
  g_assert_cmpstr (gantry_binary_get_go_setting (bin, "-tags"), ==, "netgo,osusergo");
  g_assert_cmpstr (gantry_binary_get_go_setting (bin, "-trimpath"), ==, "true");
  g_assert_cmpuint (gantry_binary_get_group_size (bin, GANTRY_SECTION_GROUP_GO), >, 0);
}

static void
test_go_linux_cgo (void)
{
  g_autofree char *exe = go_build ("go-linux-cgo", "linux", "amd64", "1", "gcc", NULL);
  g_autoptr(GantryBinary) bin = NULL;

  if (exe == NULL)
    return;
  bin = inspect (exe);
  oracle_check_go_version (bin, exe);
  if (have ("readelf"))
    oracle_check_readelf (bin, exe);
  check_go_common (bin, "linux", "amd64", "1");
  g_assert_cmpint (gantry_binary_get_linkage (bin), ==, GANTRY_LINKAGE_DYNAMIC);
  g_assert_cmpstr (gantry_binary_get_libc (bin), ==, "glibc");
  g_assert_nonnull (gantry_binary_get_glibc_floor (bin));
  g_assert_true (gantry_binary_get_has_dwarf (bin));
  g_assert_false (gantry_binary_get_stripped (bin));
}

/* CGO_ENABLED=1 but no package uses cgo: Go links internally and the
 * program has no C library, whatever the setting says. */
static void
test_go_linux_cgo_unused (void)
{
  g_autofree char *exe = NULL;
  g_autoptr(GantryBinary) bin = NULL;

  go_package = "./pure";
  exe = go_build ("go-linux-cgo-unused", "linux", "amd64", "1", "gcc", NULL);
  go_package = ".";
  if (exe == NULL)
    return;
  bin = inspect (exe);
  oracle_check_go_version (bin, exe);
  if (have ("readelf"))
    oracle_check_readelf (bin, exe);
  g_assert_cmpstr (gantry_binary_get_go_setting (bin, "CGO_ENABLED"), ==, "1");
  g_assert_cmpint (gantry_binary_get_linkage (bin), ==, GANTRY_LINKAGE_STATIC);
  g_assert_cmpstr (gantry_binary_get_libc (bin), ==, "none");
}

static void
test_go_linux_musl_static (void)
{
  g_autofree char *exe = go_build ("go-linux-musl-static", "linux", "amd64", "1", "musl-gcc",
                                   "-ldflags", "-linkmode external -extldflags -static", NULL);
  g_autoptr(GantryBinary) bin = NULL;

  if (exe == NULL)
    return;
  bin = inspect (exe);
  oracle_check_go_version (bin, exe);
  if (have ("readelf"))
    oracle_check_readelf (bin, exe);
  check_go_common (bin, "linux", "amd64", "1");
  g_assert_cmpint (gantry_binary_get_linkage (bin), ==, GANTRY_LINKAGE_STATIC);
  g_assert_cmpstr (gantry_binary_get_libc (bin), ==, "musl");
  g_assert_cmpstr (gantry_binary_get_go_setting (bin, "-ldflags"), ==, "-linkmode external -extldflags -static");
}

static void
test_go_linux_arm64_cgo (void)
{
  g_autofree char *exe = go_build ("go-linux-arm64", "linux", "arm64", "1", "aarch64-linux-gnu-gcc", NULL);
  g_autoptr(GantryBinary) bin = NULL;

  if (exe == NULL)
    return;
  bin = inspect (exe);
  oracle_check_go_version (bin, exe);
  if (have ("readelf"))
    oracle_check_readelf (bin, exe);
  check_go_common (bin, "linux", "arm64", "1");
  g_assert_cmpint (gantry_binary_get_linkage (bin), ==, GANTRY_LINKAGE_DYNAMIC);
  g_assert_cmpstr (gantry_binary_get_interpreter (bin), ==, "/lib/ld-linux-aarch64.so.1");
  /* cgo builds record their C flags (go 1.19 does not record CC). */
  g_assert_nonnull (gantry_binary_get_go_setting (bin, "CGO_CFLAGS"));
}

static void
test_go_big_endian (void)
{
  g_autofree char *ppc = go_build ("go-linux-ppc64", "linux", "ppc64", "0", NULL, NULL);
  g_autofree char *mips = NULL;
  g_autoptr(GantryBinary) p = NULL;
  g_autoptr(GantryBinary) m = NULL;

  if (ppc == NULL)
    return;
  p = inspect (ppc);
  oracle_check_go_version (p, ppc);
  if (have ("readelf"))
    oracle_check_readelf (p, ppc);
  g_assert_true (gantry_binary_get_big_endian (p));
  g_assert_cmpuint (gantry_binary_get_bits (p), ==, 64);
  check_go_common (p, "linux", "ppc64", "0");

  mips = go_build ("go-linux-mips", "linux", "mips", "0", NULL, NULL);
  m = inspect (mips);
  oracle_check_go_version (m, mips);
  if (have ("readelf"))
    oracle_check_readelf (m, mips);
  g_assert_true (gantry_binary_get_big_endian (m));
  g_assert_cmpuint (gantry_binary_get_bits (m), ==, 32);
  check_go_common (m, "linux", "mips", "0");
}

static void
test_go_linux_arm (void)
{
  g_autofree char *exe = go_build ("go-linux-arm", "linux", "arm", "0", NULL, NULL);
  g_autoptr(GantryBinary) bin = NULL;

  if (exe == NULL)
    return;
  bin = inspect (exe);
  oracle_check_go_version (bin, exe);
  if (have ("readelf"))
    oracle_check_readelf (bin, exe);
  check_go_common (bin, "linux", "arm", "0");
  g_assert_cmpuint (gantry_binary_get_bits (bin), ==, 32);
  /* Go's linker sets no float ABI flag; GOARM says it instead. */
  g_assert_null (gantry_binary_get_float_abi (bin));
  g_assert_nonnull (gantry_binary_get_go_setting (bin, "GOARM"));
}

static void
test_go_windows (void)
{
  g_autofree char *nocgo = go_build ("go-windows-nocgo.exe", "windows", "amd64", "0", NULL, NULL);
  g_autofree char *cgo = NULL;
  g_autoptr(GantryBinary) n = NULL;
  g_autoptr(GantryBinary) c = NULL;

  if (nocgo == NULL)
    return;
  n = inspect (nocgo);
  oracle_check_go_version (n, nocgo);
  oracle_check_objdump_pe (n, nocgo);
  check_go_common (n, "windows", "amd64", "0");
  g_assert_cmpstr (gantry_binary_get_libc (n), ==, "none");
  g_assert_cmpint (gantry_binary_get_linkage (n), ==, GANTRY_LINKAGE_STATIC);
  g_assert_true (has_import (n, "kernel32.dll", GANTRY_DLL_SYSTEM));

  cgo = go_build ("go-windows-cgo.exe", "windows", "amd64", "1", "x86_64-w64-mingw32-gcc", NULL);
  if (cgo == NULL)
    return;
  c = inspect (cgo);
  oracle_check_go_version (c, cgo);
  oracle_check_objdump_pe (c, cgo);
  check_go_common (c, "windows", "amd64", "1");
  g_assert_cmpstr (gantry_binary_get_libc (c), ==, "msvcrt");
}

static void
write_fat (const char *path,
           const char *a,
           const char *b)
{
  g_autofree char *ca = NULL;
  g_autofree char *cb = NULL;
  gsize la, lb;
  g_autoptr(GByteArray) fat = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  guint32 off_a = 0x4000, off_b;
  guint8 zero[16] = { 0 };

  g_file_get_contents (a, &ca, &la, &error);
  g_assert_no_error (error);
  g_file_get_contents (b, &cb, &lb, &error);
  g_assert_no_error (error);
  off_b = (guint32) ((off_a + la + 0x3fff) & ~0x3fffu);

#define PUT32(v) G_STMT_START { guint32 _be = GUINT32_TO_BE (v); g_byte_array_append (fat, (guint8 *) &_be, 4); } G_STMT_END
  PUT32 (0xcafebabe);
  PUT32 (2);
  PUT32 (GUINT32_FROM_LE (*(guint32 *) (ca + 4)));
  PUT32 (GUINT32_FROM_LE (*(guint32 *) (ca + 8)));
  PUT32 (off_a);
  PUT32 ((guint32) la);
  PUT32 (14);
  PUT32 (GUINT32_FROM_LE (*(guint32 *) (cb + 4)));
  PUT32 (GUINT32_FROM_LE (*(guint32 *) (cb + 8)));
  PUT32 (off_b);
  PUT32 ((guint32) lb);
  PUT32 (14);
#undef PUT32
  while (fat->len < off_a)
    g_byte_array_append (fat, zero, MIN (sizeof zero, off_a - fat->len));
  g_byte_array_append (fat, (guint8 *) ca, la);
  while (fat->len < off_b)
    g_byte_array_append (fat, zero, MIN (sizeof zero, off_b - fat->len));
  g_byte_array_append (fat, (guint8 *) cb, lb);
  g_file_set_contents (path, (char *) fat->data, fat->len, &error);
  g_assert_no_error (error);
}

static void
test_go_darwin (void)
{
  g_autofree char *arm = go_build ("go-darwin-arm64", "darwin", "arm64", "0", NULL, NULL);
  g_autofree char *amd = NULL;
  g_autofree char *fat = NULL;
  g_autoptr(GantryBinary) a = NULL;
  g_autoptr(GantryBinary) x = NULL;
  g_autoptr(GantryBinary) f = NULL;
  g_autofree char *otool = g_find_program_in_path ("llvm-otool-14");
  GPtrArray *slices;

  if (arm == NULL)
    return;
  a = inspect (arm);
  oracle_check_go_version (a, arm);
  if (otool != NULL)
    oracle_check_otool (a, arm);
  check_go_common (a, "darwin", "arm64", "0");
  g_assert_cmpstr (gantry_binary_get_format_name (a), ==, "macho");
  g_assert_cmpint (gantry_binary_get_linkage (a), ==, GANTRY_LINKAGE_DYNAMIC);
  g_assert_cmpstr (gantry_binary_get_libc (a), ==, "libSystem");
  /* go 1.19 writes no LC_UUID; the otool oracle checked build_id either way. */
  g_assert_cmpint (gantry_binary_get_group_size (a, GANTRY_SECTION_GROUP_GO), >, 0);

  amd = go_build ("go-darwin-amd64", "darwin", "amd64", "0", NULL, NULL);
  x = inspect (amd);
  oracle_check_go_version (x, amd);
  if (otool != NULL)
    oracle_check_otool (x, amd);
  check_go_common (x, "darwin", "amd64", "0");

  /* A universal file holding both. */
  fat = g_build_filename (workdir, "go-darwin-universal", NULL);
  write_fat (fat, amd, arm);
  f = inspect (fat);
  g_assert_cmpstr (gantry_binary_get_format_name (f), ==, "macho-fat");
  g_assert_cmpstr (gantry_binary_get_arch (f), ==, "amd64+arm64");
  g_assert_cmpstr (gantry_binary_get_os (f), ==, "darwin");
  slices = gantry_binary_get_slices (f);
  g_assert_cmpuint (slices->len, ==, 2);
  g_assert_cmpstr (gantry_binary_get_arch (g_ptr_array_index (slices, 0)), ==, "amd64");
  g_assert_cmpstr (gantry_binary_get_arch (g_ptr_array_index (slices, 1)), ==, "arm64");
  g_assert_cmpstr (gantry_binary_get_build_id (g_ptr_array_index (slices, 1)), ==, gantry_binary_get_build_id (a));
  g_assert_cmpstr (gantry_binary_get_go_version (g_ptr_array_index (slices, 1)), ==, gantry_binary_get_go_version (a));
  g_assert_cmpuint (gantry_binary_get_go_settings (g_ptr_array_index (slices, 1))->len, ==,
                    gantry_binary_get_go_settings (a)->len);
}

/* The system's own files, against readelf. */
static void
test_system_files (void)
{
  const char *dirs[] = { "/usr/bin", "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", NULL };
  guint checked = 0;
  const char *limit_env = g_getenv ("GANTRY_INSPECT_SYSTEM_LIMIT");
  guint limit = limit_env ? (guint) g_ascii_strtoull (limit_env, NULL, 10) : 80;

  if (!need ("readelf"))
    return;
  for (guint d = 0; dirs[d] != NULL; d++)
    {
      g_autoptr(GDir) dir = g_dir_open (dirs[d], 0, NULL);
      const char *name;
      guint n = 0;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL && n < limit)
        {
          g_autofree char *path = g_build_filename (dirs[d], name, NULL);
          g_autoptr(GError) error = NULL;
          g_autoptr(GantryBinary) bin = NULL;
          char magic[4] = { 0 };
          FILE *fp;

          if (g_file_test (path, G_FILE_TEST_IS_SYMLINK) || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
            continue;
          fp = fopen (path, "rb");
          if (fp == NULL)
            continue;
          if (fread (magic, 1, 4, fp) != 4 || memcmp (magic, "\x7f" "ELF", 4) != 0)
            {
              fclose (fp);
              continue;
            }
          fclose (fp);
          bin = gantry_inspect_path (path, &error);
          g_assert_no_error (error);
          oracle_check_readelf (bin, path);
          n++;
          checked++;
        }
    }
  g_test_message ("%u system ELF files match readelf", checked);
  g_assert_cmpuint (checked, >, 20);
}

/* The comparison model (gantry inspect --compare, the window's Compare
 * page) on pairs of binaries built here: every fact it shows, asserted. */

static const char *compare_keys[] = {
  "format", "target", "linkage", "interpreter", "libc", "glibc floor", "glibcxx floor", "needed",
  "imports", "rpath", "runpath", "stripped", "dwarf", "file size", "go", "go path",
};

/* The rows of @a against @b, checked for what holds of every comparison:
 * the facts in order, then a size per section group, then one row per Go
 * build setting either has; differs exactly when the texts do. */
static GListStore *
compare (GantryBinary *a,
         GantryBinary *b)
{
  GListStore *rows = gantry_compare_rows_new (a, b);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (rows));
  guint fixed = G_N_ELEMENTS (compare_keys) + GANTRY_SECTION_GROUP_N;

  g_assert_cmpuint (n, >=, fixed);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GantryCompareRow) row = g_list_model_get_item (G_LIST_MODEL (rows), i);
      const char *key = gantry_compare_row_get_key (row);
      const char *left = gantry_compare_row_get_left (row);
      const char *right = gantry_compare_row_get_right (row);

      if (i < G_N_ELEMENTS (compare_keys))
        g_assert_cmpstr (key, ==, compare_keys[i]);
      else if (i < fixed)
        {
          GantrySectionGroup g = i - G_N_ELEMENTS (compare_keys);
          g_autofree char *want = g_strdup_printf ("size %s", gantry_section_group_to_string (g));
          g_autofree char *size_a = g_format_size (gantry_binary_get_group_size (a, g));
          g_autofree char *size_b = g_format_size (gantry_binary_get_group_size (b, g));

          g_assert_cmpstr (key, ==, want);
          g_assert_cmpstr (left, ==, size_a);
          g_assert_cmpstr (right, ==, size_b);
        }
      else
        {
          const char *setting = key + strlen ("build ");
          const char *in_a = gantry_binary_get_go_setting (a, setting);
          const char *in_b = gantry_binary_get_go_setting (b, setting);
          g_autofree char *name = g_strdup_printf ("Go: %s", setting);

          g_assert_true (g_str_has_prefix (key, "build "));
          g_assert_true (in_a != NULL || in_b != NULL);
          g_assert_cmpstr (left, ==, in_a ? in_a : "—");
          g_assert_cmpstr (right, ==, in_b ? in_b : "—");
          g_assert_cmpstr (gantry_compare_row_get_name (row), ==, name);
        }
      g_assert_nonnull (gantry_compare_row_get_name (row));
      g_assert_cmpint (gantry_compare_row_get_differs (row), ==, !g_str_equal (left, right));
    }
  n = 0;
  for (guint side = 0; side < 2; side++)
    {
      GPtrArray *settings = gantry_binary_get_go_settings (side == 0 ? a : b);

      for (guint i = 0; i < settings->len; i++)
        {
          const GantryGoSetting *s = g_ptr_array_index (settings, i);

          n += side == 0 || gantry_binary_get_go_setting (a, s->key) == NULL;
        }
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, fixed + n);
  return rows;
}

/* Asserts the row of @key reads @left and @right. */
static void
assert_fact (GListStore *rows,
             const char *key,
             const char *left,
             const char *right)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (rows)); i++)
    {
      g_autoptr(GantryCompareRow) row = g_list_model_get_item (G_LIST_MODEL (rows), i);

      if (!g_str_equal (gantry_compare_row_get_key (row), key))
        continue;
      g_assert_cmpstr (gantry_compare_row_get_left (row), ==, left);
      g_assert_cmpstr (gantry_compare_row_get_right (row), ==, right);
      g_assert_cmpint (gantry_compare_row_get_differs (row), ==, g_strcmp0 (left, right) != 0);
      return;
    }
  g_error ("no comparison row '%s'", key);
}

static char *
format_text (GantryBinary *bin)
{
  return g_strdup_printf ("%s, %s", gantry_binary_get_format_detail (bin), gantry_binary_get_file_type (bin));
}

static char *
size_text (GantryBinary *bin)
{
  return g_format_size (gantry_binary_get_file_size (bin));
}

/* gcc dynamic with debug info and an RPATH against gcc -static -s. */
static void
test_compare_gcc (void)
{
  g_autofree char *dyn = NULL;
  g_autofree char *stat = NULL;
  g_autoptr(GantryBinary) a = NULL;
  g_autoptr(GantryBinary) b = NULL;
  g_autoptr(GListStore) rows = NULL;
  g_autofree char *format_a = NULL;
  g_autofree char *size_a = NULL;
  g_autofree char *size_b = NULL;
  g_autoptr(GantryCompareRow) symbols = NULL;
  g_autoptr(GantryCompareRow) debug = NULL;
  g_autoptr(GantryCompareRow) code = NULL;
  g_autoptr(GantryCompareRow) linking = NULL;

  if (!need ("gcc"))
    return;
  dyn = build_c ("gcc", "cmp.c", hello_c, "cmp-dynamic", "-g", "-lm",
                 "-Wl,--disable-new-dtags,-rpath,/opt/gantry-rpath", NULL);
  stat = build_c ("gcc", "cmp.c", hello_c, "cmp-static", "-static", "-s", "-lm", NULL);
  a = inspect (dyn);
  b = inspect (stat);
  rows = compare (a, b);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==,
                    G_N_ELEMENTS (compare_keys) + GANTRY_SECTION_GROUP_N);

  format_a = format_text (a);
  g_assert_true (g_str_has_prefix (format_a, "ELF64 little-endian, "));
  assert_fact (rows, "format", format_a, "ELF64 little-endian, executable");
  assert_fact (rows, "target", "linux/amd64", "linux/amd64");
  assert_fact (rows, "linkage", "dynamic", "static");
  assert_fact (rows, "interpreter", "/lib64/ld-linux-x86-64.so.2", "—");
  assert_fact (rows, "libc", "glibc", "glibc");
  g_assert_nonnull (gantry_binary_get_glibc_floor (a));
  assert_fact (rows, "glibc floor", gantry_binary_get_glibc_floor (a), "—");
  assert_fact (rows, "glibcxx floor", "—", "—");
  assert_fact (rows, "needed", "libm.so.6\nlibc.so.6", "—");
  assert_fact (rows, "imports", "—", "—");
  assert_fact (rows, "rpath", "/opt/gantry-rpath", "—");
  assert_fact (rows, "runpath", "—", "—");
  assert_fact (rows, "stripped", "no", "yes");
  assert_fact (rows, "dwarf", "yes", "no");
  size_a = size_text (a);
  size_b = size_text (b);
  assert_fact (rows, "file size", size_a, size_b);
  assert_fact (rows, "go", "—", "—");
  assert_fact (rows, "go path", "—", "—");
  /* the static one has no symbol table or DWARF left, and far more code */
  symbols = gantry_test_compare_row (G_LIST_MODEL (rows), "Size: symbols");
  debug = gantry_test_compare_row (G_LIST_MODEL (rows), "Size: debug");
  code = gantry_test_compare_row (G_LIST_MODEL (rows), "Size: code");
  g_assert_cmpstr (gantry_compare_row_get_key (symbols), ==, "size symbols");
  g_assert_cmpstr (gantry_compare_row_get_right (symbols), ==, "0 bytes");
  g_assert_cmpstr (gantry_compare_row_get_right (debug), ==, "0 bytes");
  g_assert_cmpstr (gantry_compare_row_get_left (debug), !=, "0 bytes");
  g_assert_cmpuint (gantry_binary_get_group_size (b, GANTRY_SECTION_GROUP_CODE), >,
                    gantry_binary_get_group_size (a, GANTRY_SECTION_GROUP_CODE));
  g_assert_true (gantry_compare_row_get_differs (code));
  /* what the window calls them */
  linking = gantry_test_compare_row (G_LIST_MODEL (rows), "Linking");
  g_assert_cmpstr (gantry_compare_row_get_key (linking), ==, "linkage");
  g_clear_object (&symbols);
  g_clear_object (&debug);
  g_clear_object (&code);
  g_clear_object (&linking);
  g_assert_finalize_object (g_steal_pointer (&rows));
}

/* C++ with a RUNPATH against C with an RPATH. */
static void
test_compare_gxx (void)
{
  g_autofree char *cxx = NULL;
  g_autofree char *c = NULL;
  g_autoptr(GantryBinary) a = NULL;
  g_autoptr(GantryBinary) b = NULL;
  g_autoptr(GListStore) rows = NULL;
  g_autoptr(GantryCompareRow) needed = NULL;
  g_auto(GStrv) libs = NULL;

  if (!need ("g++") || !need ("gcc"))
    return;
  cxx = build_c ("g++", "cmp.cc", hello_cxx, "cmp-cxx", "-Wl,--enable-new-dtags,-rpath,/opt/gantry-runpath", NULL);
  c = build_c ("gcc", "cmp-c.c", hello_c, "cmp-c", "-lm", "-Wl,--disable-new-dtags,-rpath,/opt/gantry-rpath", NULL);
  a = inspect (cxx);
  b = inspect (c);
  rows = compare (a, b);

  g_assert_nonnull (gantry_binary_get_glibcxx_floor (a));
  g_assert_true (gantry_version_compare (gantry_binary_get_glibcxx_floor (a), "3.4") >= 0);
  assert_fact (rows, "glibcxx floor", gantry_binary_get_glibcxx_floor (a), "—");
  assert_fact (rows, "runpath", "/opt/gantry-runpath", "—");
  assert_fact (rows, "rpath", "—", "/opt/gantry-rpath");
  assert_fact (rows, "linkage", "dynamic", "dynamic");
  assert_fact (rows, "interpreter", "/lib64/ld-linux-x86-64.so.2", "/lib64/ld-linux-x86-64.so.2");
  /* every library on a line of its own, in the file's order */
  needed = gantry_test_compare_row (G_LIST_MODEL (rows), "Needs libraries");
  libs = g_strsplit (gantry_compare_row_get_left (needed), "\n", -1);
  g_assert_cmpuint (g_strv_length (libs), ==, gantry_binary_get_needed (a)->len);
  for (guint i = 0; libs[i] != NULL; i++)
    g_assert_cmpstr (libs[i], ==, g_ptr_array_index (gantry_binary_get_needed (a), i));
  g_assert_true (g_strv_contains ((const char * const *) libs, "libstdc++.so.6"));
  g_assert_true (gantry_compare_row_get_differs (needed));
}

/* MinGW: the DLLs an exe imports, and which must ship beside it. */
static void
test_compare_mingw (void)
{
  g_autofree char *dyn = NULL;
  g_autofree char *stat = NULL;
  g_autoptr(GantryBinary) a = NULL;
  g_autoptr(GantryBinary) b = NULL;
  g_autoptr(GListStore) rows = NULL;
  g_autoptr(GantryCompareRow) imports = NULL;
  g_auto(GStrv) left = NULL;
  g_autofree char *format_a = NULL;
  g_autofree char *format_b = NULL;

  if (!need ("x86_64-w64-mingw32-gcc"))
    return;
  dyn = build_c ("x86_64-w64-mingw32-gcc", "threads.c", threads_c, "cmp-threads-dynamic.exe", "-pthread", NULL);
  stat = build_c ("x86_64-w64-mingw32-gcc", "threads.c", threads_c, "cmp-threads-static.exe", "-pthread", "-static", "-s", NULL);
  a = inspect (dyn);
  b = inspect (stat);
  rows = compare (a, b);

  format_a = format_text (a);
  format_b = format_text (b);
  g_assert_true (g_str_has_prefix (format_a, "PE32+"));
  assert_fact (rows, "format", format_a, format_b);
  assert_fact (rows, "target", "windows/amd64", "windows/amd64");
  assert_fact (rows, "linkage", "dynamic", "static");
  assert_fact (rows, "interpreter", "—", "—");
  assert_fact (rows, "needed", "—", "—");
  assert_fact (rows, "libc", gantry_binary_get_libc (a), "msvcrt");
  assert_fact (rows, "stripped", "no", "yes");

  imports = gantry_test_compare_row (G_LIST_MODEL (rows), "Imports DLLs");
  g_assert_cmpstr (gantry_compare_row_get_key (imports), ==, "imports");
  g_assert_true (gantry_compare_row_get_differs (imports));
  left = g_strsplit (gantry_compare_row_get_left (imports), "\n", -1);
  g_assert_cmpuint (g_strv_length (left), ==, gantry_binary_get_imports (a)->len);
  g_assert_true (g_strv_contains ((const char * const *) left, "libwinpthread-1.dll (MinGW runtime: ship it)"));
  g_assert_true (g_strv_contains ((const char * const *) left, "KERNEL32.dll"));
  g_assert_null (strstr (gantry_compare_row_get_right (imports), "libwinpthread-1.dll"));
}

/* Go without cgo, stripped and trimmed, against Go with cgo. */
static void
test_compare_go (void)
{
  g_autofree char *pure = go_build ("cmp-go-nocgo", "linux", "amd64", "0", NULL,
                                    "-trimpath", "-tags", "netgo,osusergo", "-ldflags", "-s -w", NULL);
  g_autofree char *cgo = NULL;
  g_autoptr(GantryBinary) a = NULL;
  g_autoptr(GantryBinary) b = NULL;
  g_autoptr(GListStore) rows = NULL;
  g_autoptr(GantryCompareRow) setting = NULL;

  if (pure == NULL)
    return;
  cgo = go_build ("cmp-go-cgo", "linux", "amd64", "1", "gcc", NULL);
  if (cgo == NULL)
    return;
  a = inspect (pure);
  b = inspect (cgo);
  rows = compare (a, b);

  g_assert_true (g_str_has_prefix (gantry_binary_get_go_version (a), "go1."));
  assert_fact (rows, "go", gantry_binary_get_go_version (a), gantry_binary_get_go_version (a));
  assert_fact (rows, "go path", "example.com/inspectme", "example.com/inspectme");
  assert_fact (rows, "linkage", "static", "dynamic");
  assert_fact (rows, "libc", "none", "glibc");
  assert_fact (rows, "stripped", "yes", "no");
  assert_fact (rows, "dwarf", "no", "yes");
  assert_fact (rows, "build CGO_ENABLED", "0", "1");
  assert_fact (rows, "build GOOS", "linux", "linux");
  assert_fact (rows, "build GOARCH", "amd64", "amd64");
  assert_fact (rows, "build -tags", "netgo,osusergo", "—");
  assert_fact (rows, "build -trimpath", "true", "—");
  g_assert_cmpuint (gantry_binary_get_group_size (a, GANTRY_SECTION_GROUP_GO), >, 0);
  g_assert_cmpuint (gantry_binary_get_group_size (b, GANTRY_SECTION_GROUP_GO), >, 0);
  setting = gantry_test_compare_row (G_LIST_MODEL (rows), "Go: CGO_ENABLED");
  g_assert_true (gantry_compare_row_get_differs (setting));
}

/* Where each binary runs, in the words the comparison's conclusion uses:
 * real gcc and MinGW binaries, static against dynamic. */
static void
test_reach (void)
{
  g_autofree char *dyn = NULL;
  g_autofree char *stat = NULL;
  g_autoptr(GantryBinary) d = NULL;
  g_autoptr(GantryBinary) s = NULL;
  g_autofree char *reach_d = NULL;
  g_autofree char *reach_s = NULL;
  g_autofree char *conclusion = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *bigger = NULL;
  const char *native[] = { "native", NULL };
  const char *alpine[] = { "podman:alpine:3.19", NULL };
  const char *floor;

  if (!need ("gcc"))
    return;
  dyn = build_c ("gcc", "reach.c", hello_c, "reach-dynamic", "-lm", NULL);
  stat = build_c ("gcc", "reach.c", hello_c, "reach-static", "-static", "-lm", NULL);
  d = inspect (dyn);
  s = inspect (stat);

  reach_s = gantry_reach_describe (s);
  g_assert_cmpstr (reach_s, ==, "runs on any Linux x86-64, no glibc needed");
  floor = gantry_binary_get_glibc_floor (d);
  g_assert_nonnull (floor);
  reach_d = gantry_reach_describe (d);
  g_assert_true (g_str_has_prefix (reach_d, "needs glibc "));
  g_assert_nonnull (strstr (reach_d, floor));
  /* a hello world asks for old symbols only: every distribution Gantry
   * knows has them, so the oldest is named */
  if (gantry_version_compare (floor, "2.17") <= 0)
    g_assert_nonnull (strstr (reach_d, "(CentOS 7, Debian 10 and newer)"));

  /* the conclusion: each side, what it needs, which is bigger, where it ran */
  {
    GantryReachSide a = { "static", s, native, NULL };
    GantryReachSide b = { "dynamic", d, NULL, alpine };

    g_assert_cmpuint (gantry_binary_get_file_size (s), >, gantry_binary_get_file_size (d) * 2);
    bigger = g_format_size (gantry_binary_get_file_size (s) - gantry_binary_get_file_size (d));
    conclusion = gantry_reach_conclusion (&a, &b);
    g_test_message ("%s", conclusion);
    expected = g_strdup_printf ("static: runs on any Linux x86-64, no glibc needed, +%s, passed on this machine; "
                                "dynamic: %s, failed in alpine:3.19 (podman).", bigger, reach_d);
    g_assert_cmpstr (conclusion, ==, expected);
  }

  if (have ("x86_64-w64-mingw32-gcc"))
    {
      g_autofree char *wdyn = build_c ("x86_64-w64-mingw32-gcc", "reach-threads.c", threads_c, "reach-threads.exe", "-pthread", NULL);
      g_autofree char *wstat = build_c ("x86_64-w64-mingw32-gcc", "reach-threads.c", threads_c, "reach-threads-static.exe", "-pthread", "-static", NULL);
      g_autoptr(GantryBinary) wd = inspect (wdyn);
      g_autoptr(GantryBinary) ws = inspect (wstat);
      g_autofree char *rd = gantry_reach_describe (wd);
      g_autofree char *rs = gantry_reach_describe (ws);

      g_assert_cmpstr (rd, ==, "needs libwinpthread-1.dll beside it");
      g_assert_cmpstr (rs, ==, "runs on any Windows x86-64, needs only Windows' own DLLs");
    }
}

static void
test_reach_words (void)
{
  static const struct { const char *os, *arch, *name; } names[] = {
    { "linux", "amd64", "Linux x86-64" }, { "linux", "arm64", "Linux ARM64" },
    { "windows", "386", "Windows x86 (32-bit)" }, { "darwin", "arm64", "macOS Apple silicon" },
    { "darwin", "amd64", "macOS Intel" }, { "plan9", "amd64", "plan9 x86-64" },
    { "linux", "mips64", "Linux mips64" },
  };
  static const struct { const char *place, *words; } places[] = {
    { "native", "this machine" }, { "qemu-aarch64", "qemu (emulated aarch64)" }, { "wine", "wine" },
    { "podman:alpine:3.19", "alpine:3.19 (podman)" }, { "docker:debian:12", "debian:12 (docker)" },
    { "container", "a container" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *name = gantry_platform_name (names[i].os, names[i].arch);

      g_assert_cmpstr (name, ==, names[i].name);
    }
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      g_autofree char *words = gantry_place_describe (places[i].place);

      g_assert_cmpstr (words, ==, places[i].words);
    }
}

int
main (int    argc,
      char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  workdir = gantry_test_make_tmpdir ("inspect-fixtures");

  g_test_add_func ("/integration/inspect/gcc-dynamic", test_gcc_dynamic);
  g_test_add_func ("/integration/inspect/gcc-static", test_gcc_static);
  g_test_add_func ("/integration/inspect/gcc-static-pie", test_gcc_static_pie);
  g_test_add_func ("/integration/inspect/gcc-shared", test_gcc_shared);
  g_test_add_func ("/integration/inspect/gxx-glibcxx", test_gxx);
  g_test_add_func ("/integration/inspect/musl", test_musl);
  g_test_add_func ("/integration/inspect/aarch64-gcc", test_aarch64);
  g_test_add_func ("/integration/inspect/mingw-winpthread", test_mingw);
  g_test_add_func ("/integration/inspect/mingw-libstdcxx", test_mingw_cxx);
  g_test_add_func ("/integration/inspect/go-linux-nocgo", test_go_linux_nocgo);
  g_test_add_func ("/integration/inspect/go-linux-cgo", test_go_linux_cgo);
  g_test_add_func ("/integration/inspect/go-linux-cgo-unused", test_go_linux_cgo_unused);
  g_test_add_func ("/integration/inspect/go-linux-musl-static", test_go_linux_musl_static);
  g_test_add_func ("/integration/inspect/go-linux-arm64-cgo", test_go_linux_arm64_cgo);
  g_test_add_func ("/integration/inspect/go-big-endian", test_go_big_endian);
  g_test_add_func ("/integration/inspect/go-linux-arm", test_go_linux_arm);
  g_test_add_func ("/integration/inspect/go-windows", test_go_windows);
  g_test_add_func ("/integration/inspect/go-darwin-universal", test_go_darwin);
  g_test_add_func ("/integration/inspect/system-files-vs-readelf", test_system_files);
  g_test_add_func ("/integration/inspect/reach", test_reach);
  g_test_add_func ("/integration/inspect/reach-words", test_reach_words);
  g_test_add_func ("/integration/inspect/compare-gcc-static-dynamic", test_compare_gcc);
  g_test_add_func ("/integration/inspect/compare-gxx-runpath", test_compare_gxx);
  g_test_add_func ("/integration/inspect/compare-mingw-imports", test_compare_mingw);
  g_test_add_func ("/integration/inspect/compare-go-cgo", test_compare_go);

  rc = g_test_run ();
  gantry_test_rm_rf (workdir);
  g_free (workdir);
  return rc;
}

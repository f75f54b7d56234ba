/* test-go-graph.c — what Gantry believes a target needs, from real go list runs on generated modules */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <time.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#ifdef G_OS_UNIX
# include <utime.h>
#else
# include <sys/utime.h>
#endif

#include "gantry-go-graph.h"
#include "gantry-recipe.h"
#include "gantry-test-util.h"
#include "gantry-toolchain.h"
#include "gantry-verify.h"

static char *root;
static char *data_dir;

/* A dependency module kept in the project, reached through a replace:
 * main.go never imports "C". */
static void
write_replace_project (const char *dir)
{
  gantry_test_write_file (dir, "go.mod",
                          "module example.com/app\n\ngo 1.19\n\n"
                          "require example.com/cdep v0.0.0\n\n"
                          "replace example.com/cdep => ./third_party/cdep\n");
  gantry_test_write_file (dir, "main.go",
                          "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/cdep\"\n)\n\n"
                          "func main() { fmt.Println(\"answer\", cdep.Answer()) }\n");
  gantry_test_write_file (dir, "third_party/cdep/go.mod", "module example.com/cdep\n\ngo 1.19\n");
  gantry_test_write_file (dir, "third_party/cdep/cdep.go",
                          "package cdep\n\n// #include \"answer.h\"\nimport \"C\"\n\n"
                          "func Answer() int { return int(C.answer()) }\n");
  gantry_test_write_file (dir, "third_party/cdep/answer.h", "int answer(void);\n");
  gantry_test_write_file (dir, "third_party/cdep/answer.c",
                          "#include \"answer.h\"\nint answer(void) { return 6 * 7; }\n");
  gantry_test_write_file (dir, "third_party/cdep/more.c", "int more(void) { return 1; }\n");
  gantry_test_write_file (dir, "third_party/cdep/extra.c", "int extra(void) { return 2; }\n");
}

static GantryGoGraph *
read_graph (const char *dir,
            const char *goos,
            const char *goarch,
            const char *tags,
            gboolean   *from_cache)
{
  GantryGoGraphQuery q = { goos, goarch, NULL, tags, NULL, NULL };
  g_autoptr(GError) error = NULL;
  GantryGoGraph *graph = gantry_go_graph_read (dir, &q, from_cache, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (graph);
  return graph;
}

static const GantryGoPackage *
native_package (GantryGoGraph *graph,
                const char    *path)
{
  guint n = 0;
  const GantryGoPackage *pkgs = gantry_go_graph_get_native (graph, &n);

  for (guint i = 0; i < n; i++)
    if (g_str_equal (pkgs[i].path, path))
      return &pkgs[i];
  return NULL;
}

/* The package, or the test ends here. */
static const GantryGoPackage *
must_have (GantryGoGraph *graph,
           const char    *path)
{
  const GantryGoPackage *p = native_package (graph, path);

  if (p == NULL)
    g_error ("%s is not among the native packages of %s", path, gantry_go_graph_get_target (graph));
  return p;
}

static gboolean
have_go (void)
{
  g_autofree char *go = g_find_program_in_path ("go");

  if (go == NULL)
    g_test_skip ("go is not installed");
  return go != NULL;
}

/* `gantry build DIR --json ARGS…`: its exit status, and what it printed parsed. */
static int
gantry_build_json (const char  *project,
                   JsonParser  *parser,
                   char       **err_out,
                   ...) G_GNUC_NULL_TERMINATED;

static int
gantry_build_json (const char  *project,
                   JsonParser  *parser,
                   char       **err_out,
                   ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("GANTRY_EXE"));
  g_ptr_array_add (argv, (char *) "build");
  g_ptr_array_add (argv, (char *) project);
  g_ptr_array_add (argv, (char *) "--json");
  va_start (args, err_out);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "GANTRY_DATA_DIR", data_dir, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!json_parser_load_from_data (parser, out, -1, NULL))
    g_error ("gantry build printed no JSON\nstdout:\n%s\nstderr:\n%s", out, err);
  if (err_out != NULL)
    *err_out = g_steal_pointer (&err);
  return g_subprocess_get_exit_status (proc);
}

/* Builds linux/amd64 with the project's default recipe through gantry
 * and runs the binary: what its C code returned is in what it prints. */
static char *
build_and_run (const char *dir)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *result, *target;
  const char *binary;
  int rc, status = 0;

  rc = gantry_build_json (dir, parser, &err, "--target", "linux/amd64", "--no-verify", "--no-package", NULL);
  result = json_node_get_object (json_parser_get_root (parser));
  target = json_array_get_object_element (json_object_get_array_member (result, "targets"), 0);
  if (rc != 0)
    g_error ("gantry build failed: %s\n%s", err,
             json_object_get_string_member_with_default (target, "errors", ""));
  binary = json_object_get_string_member (target, "binary");
  g_assert_nonnull (binary);
  {
    const char *argv[] = { binary, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error);
    g_assert_no_error (error);
  }
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static void
test_replace_local_dependency (void)
{
  g_autofree char *dir = g_build_filename (root, "replace", NULL);
  g_autoptr(GantryGoGraph) graph = NULL;
  g_autoptr(GantryProject) project = NULL;
  g_auto(GStrv) scanned = NULL;
  g_autofree char *why = NULL;
  g_autofree char *out = NULL;
  const GantryGoPackage *p;

  if (!have_go ())
    return;
  write_replace_project (dir);

  /* the old belief: this module's own files have no cgo */
  scanned = gantry_go_scan_cgo_folders (dir);
  g_assert_cmpuint (g_strv_length (scanned), ==, 0);

  graph = read_graph (dir, "linux", "arm64", NULL, NULL);
  g_assert_false (gantry_go_graph_is_guess (graph));
  g_assert_null (gantry_go_graph_get_note (graph));
  g_assert_true (gantry_go_graph_needs_cgo (graph));
  g_assert_false (gantry_go_graph_needs_cxx (graph));
  p = must_have (graph, "example.com/cdep");
  g_assert_cmpstr (p->module, ==, "example.com/cdep");
  g_assert_cmpuint (p->cgo_files, ==, 1);
  g_assert_cmpuint (p->c_files, ==, 3);
  g_assert_null (native_package (graph, "example.com/app"));
  g_assert_null (native_package (graph, "runtime/cgo"));   /* the standard library is not the reason */
  g_assert_cmpuint (gantry_go_graph_get_n_packages (graph), >, 10);
  why = gantry_go_graph_describe (graph);
  g_assert_cmpstr (why, ==, "uses cgo through example.com/cdep (3 C files)");

  project = gantry_project_load (dir, NULL);
  g_assert_nonnull (project);
  g_assert_true (gantry_project_get_uses_cgo (project));
  g_assert_false (gantry_project_get_cgo_is_guess (project));
  g_assert_cmpstr (gantry_project_get_cgo_summary (project), ==, "uses cgo through example.com/cdep (3 C files)");

  out = build_and_run (dir);
  g_assert_cmpstr (out, ==, "answer 42\n");
  g_assert_finalize_object (g_steal_pointer (&project));
}

static void
test_os_file_and_build_tag (void)
{
  g_autofree char *dir = g_build_filename (root, "osfile", NULL);
  g_autoptr(GantryGoGraph) linux_graph = NULL;
  g_autoptr(GantryGoGraph) windows_graph = NULL;
  g_autoptr(GantryGoGraph) tagged = NULL;
  g_autoptr(GantryGoGraph) windows_tagged = NULL;
  g_autoptr(GantryProject) project = NULL;
  g_autoptr(GantryRecipe) recipe = NULL;
  GListModel *targets;
  guint n_native = 0;

  if (!have_go ())
    return;
  gantry_test_write_file (dir, "go.mod", "module example.com/osapp\n\ngo 1.19\n");
  gantry_test_write_file (dir, "main.go",
                          "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/osapp/osdep\"\n\t\"example.com/osapp/tagged\"\n)\n\n"
                          "func main() { fmt.Println(\"os\", osdep.Value(), \"tag\", tagged.Value()) }\n");
  gantry_test_write_file (dir, "osdep/osdep_linux.go",
                          "package osdep\n\n// static int value(void) { return 7; }\nimport \"C\"\n\n"
                          "func Value() int { return int(C.value()) }\n");
  gantry_test_write_file (dir, "osdep/osdep_other.go",
                          "//go:build !linux\n\npackage osdep\n\nfunc Value() int { return 0 }\n");
  gantry_test_write_file (dir, "tagged/tagged_c.go",
                          "//go:build withc\n\npackage tagged\n\n// static int value(void) { return 9; }\nimport \"C\"\n\n"
                          "func Value() int { return int(C.value()) }\n");
  gantry_test_write_file (dir, "tagged/tagged_pure.go",
                          "//go:build !withc\n\npackage tagged\n\nfunc Value() int { return -1 }\n");

  linux_graph = read_graph (dir, "linux", "amd64", NULL, NULL);
  g_assert_true (gantry_go_graph_needs_cgo (linux_graph));
  gantry_go_graph_get_native (linux_graph, &n_native);
  g_assert_cmpuint (n_native, ==, 1);
  g_assert_nonnull (native_package (linux_graph, "example.com/osapp/osdep"));

  windows_graph = read_graph (dir, "windows", "amd64", NULL, NULL);
  g_assert_false (gantry_go_graph_needs_cgo (windows_graph));
  {
    g_autofree char *why = gantry_go_graph_describe (windows_graph);
    g_assert_cmpstr (why, ==, "pure Go: no package uses cgo");
  }

  tagged = read_graph (dir, "linux", "amd64", "withc", NULL);
  gantry_go_graph_get_native (tagged, &n_native);
  g_assert_cmpuint (n_native, ==, 2);
  g_assert_nonnull (native_package (tagged, "example.com/osapp/tagged"));
  g_assert_cmpstr (gantry_go_graph_get_target (tagged), ==, "linux/amd64 (tags withc)");

  windows_tagged = read_graph (dir, "windows", "amd64", "withc", NULL);
  g_assert_true (gantry_go_graph_needs_cgo (windows_tagged));
  g_assert_null (native_package (windows_tagged, "example.com/osapp/osdep"));
  g_assert_nonnull (native_package (windows_tagged, "example.com/osapp/tagged"));

  /* the first recipe takes each target's own graph: cgo for Linux only */
  project = gantry_project_load (dir, NULL);
  g_assert_nonnull (project);
  recipe = gantry_recipe_new_detected (project);
  targets = gantry_recipe_get_targets (recipe);
  for (guint i = 0; i < g_list_model_get_n_items (targets); i++)
    {
      g_autoptr(GantryTarget) t = g_list_model_get_item (targets, i);
      gboolean is_linux = g_str_equal (gantry_target_get_goos (t), "linux");

      g_assert_cmpint (gantry_target_get_cgo (t), ==, is_linux ? GANTRY_CGO_ON : GANTRY_CGO_OFF);
    }
  g_assert_cmpuint (g_list_model_get_n_items (targets), ==, 4);

  {
    g_autofree char *out = build_and_run (dir);
    g_assert_cmpstr (out, ==, "os 7 tag -1\n");
  }
  g_assert_finalize_object (g_steal_pointer (&recipe));
  g_assert_finalize_object (g_steal_pointer (&project));
}

static void
test_cxx_dependency (void)
{
  g_autofree char *dir = g_build_filename (root, "cxx", NULL);
  g_autoptr(GantryGoGraph) graph = NULL;
  g_autofree char *gxx = g_find_program_in_path ("g++");
  g_autofree char *why = NULL;
  const GantryGoPackage *p;

  if (!have_go ())
    return;
  gantry_test_write_file (dir, "go.mod", "module example.com/cxxapp\n\ngo 1.19\n");
  gantry_test_write_file (dir, "main.go",
                          "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/cxxapp/twice\"\n)\n\n"
                          "func main() { fmt.Println(\"twice\", twice.Of(21)) }\n");
  gantry_test_write_file (dir, "twice/twice.go",
                          "package twice\n\n// int twice(int);\nimport \"C\"\n\n"
                          "func Of(x int) int { return int(C.twice(C.int(x))) }\n");
  gantry_test_write_file (dir, "twice/twice.cc",
                          "#include <vector>\n"
                          "extern \"C\" int twice(int x) { std::vector<int> v(2, x); return v[0] + v[1]; }\n");

  graph = read_graph (dir, "linux", "amd64", NULL, NULL);
  g_assert_true (gantry_go_graph_needs_cgo (graph));
  g_assert_true (gantry_go_graph_needs_cxx (graph));
  p = must_have (graph, "example.com/cxxapp/twice");
  g_assert_cmpuint (p->cxx_files, ==, 1);
  g_assert_cmpuint (p->c_files, ==, 0);
  why = gantry_go_graph_describe (graph);
  g_assert_cmpstr (why, ==, "uses cgo through example.com/cxxapp/twice (1 C++ file)");

  if (gxx == NULL)
    {
      g_test_message ("g++ is missing: not building");
      return;
    }
  {
    g_autofree char *out = build_and_run (dir);
    g_assert_cmpstr (out, ==, "twice 42\n");
  }
}

static void
test_pkg_config_dependency (void)
{
  g_autofree char *dir = g_build_filename (root, "pkgconfig", NULL);
  g_autoptr(GantryGoGraph) graph = NULL;
  g_autofree char *pkg_config = g_find_program_in_path ("pkg-config");
  g_autofree char *zlib_version = NULL;
  const char * const *names;
  const GantryGoPackage *p;
  int status = -1;

  if (!have_go ())
    return;
  gantry_test_write_file (dir, "go.mod", "module example.com/zapp\n\ngo 1.19\n");
  gantry_test_write_file (dir, "main.go",
                          "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/zapp/z\"\n)\n\n"
                          "func main() { fmt.Println(\"zlib\", z.Version()) }\n");
  gantry_test_write_file (dir, "z/z.go",
                          "package z\n\n// #cgo pkg-config: zlib\n// #include <zlib.h>\nimport \"C\"\n\n"
                          "func Version() string { return C.GoString(C.zlibVersion()) }\n");

  graph = read_graph (dir, "linux", "arm64", NULL, NULL);
  names = gantry_go_graph_get_pkg_config (graph);
  g_assert_cmpuint (g_strv_length ((char **) names), ==, 1);
  g_assert_cmpstr (names[0], ==, "zlib");
  p = must_have (graph, "example.com/zapp/z");
  g_assert_cmpstrv (p->pkg_config, ((const char * const[]) { "zlib", NULL }));
  {
    g_autofree char *why = gantry_go_graph_describe (graph);
    g_assert_cmpstr (why, ==, "uses cgo through example.com/zapp/z (1 cgo file, pkg-config zlib)");
  }

  if (pkg_config != NULL)
    {
      const char *argv[] = { pkg_config, "--modversion", "zlib", NULL };
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &zlib_version, NULL, &status, NULL);
    }
  if (status != 0)
    {
      g_test_message ("zlib is not installed for this machine: not building");
      return;
    }
  {
    g_autofree char *out = build_and_run (dir);
    g_autofree char *want = g_strdup_printf ("zlib %s\n", g_strstrip (zlib_version));
    g_assert_cmpstr (out, ==, want);
  }
}

/* A cgo package with a .S file: the C compiler assembles it, so it
 * counts (a Go assembly .s file in a pure package would not). */
static void
test_assembly (void)
{
  g_autofree char *dir = g_build_filename (root, "asm", NULL);
  g_autoptr(GantryGoGraph) graph = NULL;
  g_autoptr(GantryGoGraph) pure = NULL;
  g_autofree char *why = NULL;
  const GantryGoPackage *p;

  if (!have_go ())
    return;
  gantry_test_write_file (dir, "go.mod", "module example.com/asmapp\n\ngo 1.19\n");
  gantry_test_write_file (dir, "main.go",
                          "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/asmapp/seven\"\n)\n\n"
                          "func main() { fmt.Println(\"seven\", seven.Get()) }\n");
  gantry_test_write_file (dir, "seven/seven.go",
                          "package seven\n\n// int seven(void);\nimport \"C\"\n\nfunc Get() int { return int(C.seven()) }\n");
  gantry_test_write_file (dir, "seven/seven_amd64.S",
                          ".text\n.globl seven\nseven:\n\tmovl $7, %eax\n\tret\n"
                          ".section .note.GNU-stack,\"\",@progbits\n");
  gantry_test_write_file (dir, "seven/seven_arm64.S",
                          ".text\n.globl seven\nseven:\n\tmov w0, #7\n\tret\n"
                          ".section .note.GNU-stack,\"\",@progbits\n");
  /* Go's own assembly in a pure package is not a reason for cgo */
  gantry_test_write_file (dir, "purego/add.go", "package purego\n\nfunc Add(a, b int) int\n");
  gantry_test_write_file (dir, "purego/add_amd64.s",
                          "#include \"textflag.h\"\n\nTEXT ·Add(SB),NOSPLIT,$0-24\n\tMOVQ a+0(FP), AX\n\tADDQ b+8(FP), AX\n"
                          "\tMOVQ AX, ret+16(FP)\n\tRET\n");

  graph = read_graph (dir, "linux", "amd64", NULL, NULL);
  p = must_have (graph, "example.com/asmapp/seven");
  g_assert_cmpuint (p->s_files, ==, 1);
  g_assert_cmpuint (p->cgo_files, ==, 1);
  why = gantry_go_graph_describe (graph);
  g_assert_cmpstr (why, ==, "uses cgo through example.com/asmapp/seven (1 assembly file)");

  {
    const char *pkgs[] = { "./purego", NULL };
    GantryGoGraphQuery q = { "linux", "amd64", NULL, NULL, pkgs, NULL };

    pure = gantry_go_graph_read (dir, &q, NULL, NULL, NULL);
    g_assert_false (gantry_go_graph_needs_cgo (pure));
    g_assert_null (native_package (pure, "example.com/asmapp/purego"));
  }

  {
    g_autofree char *out = build_and_run (dir);
    g_assert_cmpstr (out, ==, "seven 7\n");
  }
}

/* cmd/server pure, cmd/cli with cgo: the project needs cgo through cli */
static void
test_two_main_packages (void)
{
  g_autofree char *dir = g_build_filename (root, "twomains", NULL);
  g_autoptr(GantryProject) project = NULL;
  g_autoptr(GantryRecipe) recipe = NULL;
  g_autoptr(GantryGoGraph) server = NULL;
  const char * const *mains;

  if (!have_go ())
    return;
  gantry_test_write_file (dir, "go.mod", "module example.com/two\n\ngo 1.19\n");
  gantry_test_write_file (dir, "cmd/server/main.go", "package main\n\nfunc main() { println(\"server\") }\n");
  gantry_test_write_file (dir, "cmd/cli/main.go",
                          "package main\n\nimport \"example.com/two/internal/native\"\n\nfunc main() { println(native.N()) }\n");
  gantry_test_write_file (dir, "internal/native/native.go",
                          "package native\n\n// static int n(void) { return 2; }\nimport \"C\"\n\nfunc N() int { return int(C.n()) }\n");

  project = gantry_project_load (dir, NULL);
  g_assert_nonnull (project);
  mains = gantry_project_get_main_packages (project);
  g_assert_cmpstr (mains[0], ==, "./cmd/cli");
  g_assert_cmpstr (mains[1], ==, "./cmd/server");
  g_assert_true (gantry_project_get_uses_cgo (project));
  g_assert_cmpstr (gantry_project_get_cgo_summary (project), ==,
                   "uses cgo through example.com/two/internal/native (1 cgo file)");

  /* the server alone is pure Go */
  {
    const char *pkgs[] = { "./cmd/server", NULL };
    GantryGoGraphQuery q = { "linux", "amd64", NULL, NULL, pkgs, NULL };

    server = gantry_go_graph_read (dir, &q, NULL, NULL, NULL);
    g_assert_false (gantry_go_graph_needs_cgo (server));
  }
  /* the first recipe builds the first main package: cgo on */
  recipe = gantry_recipe_new_detected (project);
  g_assert_cmpstr (gantry_recipe_get_main_package (recipe), ==, "./cmd/cli");
  {
    g_autoptr(GantryTarget) t = g_list_model_get_item (gantry_recipe_get_targets (recipe), 0);
    g_assert_cmpint (gantry_target_get_cgo (t), ==, GANTRY_CGO_ON);
  }
  g_assert_finalize_object (g_steal_pointer (&recipe));
  g_assert_finalize_object (g_steal_pointer (&project));
}

static void
test_vendor (void)
{
  g_autofree char *dir = g_build_filename (root, "vendored", NULL);
  g_autofree char *dep = g_build_filename (root, "vendored-dep", NULL);
  g_autofree char *modules_txt = g_build_filename (dir, "vendor", "modules.txt", NULL);
  g_autoptr(GantryGoGraph) graph = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  if (!have_go ())
    return;
  gantry_test_write_file (dep, "go.mod", "module example.com/vdep\n\ngo 1.19\n");
  gantry_test_write_file (dep, "vdep.go",
                          "package vdep\n\n// static int five(void) { return 5; }\nimport \"C\"\n\n"
                          "func V() int { return int(C.five()) }\n");
  gantry_test_write_file (dir, "go.mod",
                          "module example.com/vapp\n\ngo 1.19\n\nrequire example.com/vdep v0.0.0\n\n"
                          "replace example.com/vdep => ../vendored-dep\n");
  gantry_test_write_file (dir, "main.go",
                          "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/vdep\"\n)\n\n"
                          "func main() { fmt.Println(\"v\", vdep.V()) }\n");
  {
    const char *argv[] = { "go", "mod", "vendor", NULL };
    g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  g_assert_true (g_file_test (modules_txt, G_FILE_TEST_EXISTS));
  /* from now on only vendor/ holds the dependency */
  gantry_test_rm_rf (dep);

  graph = read_graph (dir, "linux", "amd64", NULL, NULL);
  g_assert_null (gantry_go_graph_get_note (graph));
  g_assert_true (gantry_go_graph_needs_cgo (graph));
  g_assert_nonnull (native_package (graph, "example.com/vdep"));
  {
    g_autofree char *out = build_and_run (dir);
    g_assert_cmpstr (out, ==, "v 5\n");
  }
}

static void
test_workspace (void)
{
  g_autofree char *ws = g_build_filename (root, "workspace", NULL);
  g_autofree char *dir = g_build_filename (ws, "app", NULL);
  g_autoptr(GantryGoGraph) graph = NULL;
  g_autoptr(GantryGoGraph) again = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gboolean from_cache = TRUE;

  if (!have_go ())
    return;
  gantry_test_write_file (ws, "go.work", "go 1.19\n\nuse (\n\t./app\n\t./lib\n)\n");
  gantry_test_write_file (ws, "lib/go.mod", "module example.com/lib\n\ngo 1.19\n");
  gantry_test_write_file (ws, "lib/lib.go",
                          "package lib\n\n// static int three(void) { return 3; }\nimport \"C\"\n\n"
                          "func N() int { return int(C.three()) }\n");
  gantry_test_write_file (dir, "go.mod", "module example.com/wapp\n\ngo 1.19\n");
  gantry_test_write_file (dir, "main.go",
                          "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/lib\"\n)\n\n"
                          "func main() { fmt.Println(\"n\", lib.N()) }\n");

  graph = read_graph (dir, "linux", "amd64", NULL, &from_cache);
  g_assert_false (from_cache);
  g_assert_null (gantry_go_graph_get_note (graph));
  g_assert_true (gantry_go_graph_needs_cgo (graph));
  g_assert_nonnull (native_package (graph, "example.com/lib"));

  /* the workspace's other module is outside the project, yet part of the key */
  before = gantry_go_graph_fingerprint (dir, NULL);
  gantry_test_write_file (ws, "lib/lib.go", "package lib\n\nfunc N() int { return 3 }\n");
  after = gantry_go_graph_fingerprint (dir, NULL);
  g_assert_cmpstr (before, !=, after);
  again = read_graph (dir, "linux", "amd64", NULL, &from_cache);
  g_assert_false (from_cache);
  g_assert_false (gantry_go_graph_needs_cgo (again));
}

static void
test_cache_refresh (void)
{
  g_autofree char *dir = g_build_filename (root, "cached", NULL);
  gboolean from_cache = FALSE;

  if (!have_go ())
    return;
  gantry_test_write_file (dir, "go.mod", "module example.com/cached\n\ngo 1.19\n");
  gantry_test_write_file (dir, "main.go",
                          "package main\n\n// static int one(void) { return 1; }\nimport \"C\"\n\n"
                          "func main() { println(C.one()) }\n");

  {
    g_autoptr(GantryGoGraph) first = read_graph (dir, "linux", "amd64", NULL, &from_cache);
    g_assert_false (from_cache);
    g_assert_true (gantry_go_graph_needs_cgo (first));
  }
  {
    g_autoptr(GantryGoGraph) second = read_graph (dir, "linux", "amd64", NULL, &from_cache);
    g_assert_true (from_cache);
    g_assert_true (gantry_go_graph_needs_cgo (second));
    g_assert_nonnull (native_package (second, "example.com/cached"));
  }
  {
    /* another target is another entry */
    g_autoptr(GantryGoGraph) other = read_graph (dir, "linux", "arm64", NULL, &from_cache);
    g_assert_false (from_cache);
  }

  /* the C goes away: a file's size changes, and the answer with it */
  gantry_test_write_file (dir, "main.go", "package main\n\nfunc main() { println(1) }\n");
  {
    g_autoptr(GantryGoGraph) third = read_graph (dir, "linux", "amd64", NULL, &from_cache);
    g_assert_false (from_cache);
    g_assert_false (gantry_go_graph_needs_cgo (third));
  }
  /* a new go.sum is a new key too; saving it prunes entries of projects
   * untouched for a month, and keeps the others */
  {
    g_autofree char *cache_dir = g_build_filename (g_getenv ("GANTRY_CACHE_DIR"), "go-graph", NULL);
    g_autofree char *stale = g_build_filename (cache_dir, "0000stale.json", NULL);
    g_autofree char *recent = g_build_filename (cache_dir, "0000recent.json", NULL);
    struct utimbuf old = { 0 };

    gantry_test_write_file (cache_dir, "0000stale.json", "{}");
    gantry_test_write_file (cache_dir, "0000recent.json", "{}");
    old.actime = old.modtime = time (NULL) - 40 * 24 * 3600;
    g_assert_cmpint (g_utime (stale, &old), ==, 0);

    gantry_test_write_file (dir, "go.sum", "");
    {
      g_autoptr(GantryGoGraph) fourth = read_graph (dir, "linux", "amd64", NULL, &from_cache);
      g_assert_false (from_cache);
    }
    g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (recent, G_FILE_TEST_EXISTS));
  }
}

static void
test_go_missing_is_a_guess (void)
{
  g_autofree char *dir = g_build_filename (root, "noguess", NULL);
  GantryGoGraphQuery q = { "linux", "amd64", NULL, NULL, NULL, "/nonexistent/bin/go" };
  g_autoptr(GantryGoGraph) graph = NULL;
  g_autofree char *why = NULL;

  write_replace_project (dir);
  gantry_test_write_file (dir, "own/own.go", "package own\n\n// int x;\nimport \"C\"\n");

  graph = gantry_go_graph_read (dir, &q, NULL, NULL, NULL);
  g_assert_nonnull (graph);
  g_assert_true (gantry_go_graph_is_guess (graph));
  g_assert_nonnull (strstr (gantry_go_graph_get_note (graph), "/nonexistent/bin/go) was not found"));
  /* the scan sees this module's own cgo, never the dependency's */
  g_assert_true (gantry_go_graph_needs_cgo (graph));
  /* named by import path, as go would name it */
  g_assert_nonnull (native_package (graph, "example.com/app/own"));
  g_assert_null (native_package (graph, "example.com/cdep"));
  why = gantry_go_graph_describe (graph);
  g_assert_true (g_str_has_prefix (why, "uses cgo through example.com/app/own (1 cgo file) (a guess: the go command"));
}

static void
test_module_not_downloaded (void)
{
  g_autofree char *dir = g_build_filename (root, "notdownloaded", NULL);
  gboolean from_cache = TRUE;

  if (!have_go ())
    return;
  gantry_test_write_file (dir, "go.mod",
                          "module example.com/nd\n\ngo 1.19\n\nrequire example.invalid/nothere v1.0.0\n");
  gantry_test_write_file (dir, "main.go",
                          "package main\n\nimport _ \"example.invalid/nothere\"\n\nfunc main() {}\n");
  {
    g_autoptr(GantryGoGraph) graph = read_graph (dir, "linux", "amd64", NULL, &from_cache);
    g_assert_false (from_cache);
    g_assert_false (gantry_go_graph_is_guess (graph));
    g_assert_nonnull (gantry_go_graph_get_note (graph));
    g_assert_nonnull (strstr (gantry_go_graph_get_note (graph), "example.invalid/nothere is not downloaded yet: run 'go mod download'"));
  }
  {
    /* an answer with holes is not kept */
    g_autoptr(GantryGoGraph) graph = read_graph (dir, "linux", "amd64", NULL, &from_cache);
    g_assert_false (from_cache);
  }

  /* offline, go build's own words become one sentence naming the module */
  {
    const char *flags[] = { "-mod=readonly", "-mod=mod" };

    for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
      {
        const char *argv[] = { "go", "build", flags[i], ".", NULL };
        g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "GOPROXY", "off", TRUE);
        g_autofree char *err = NULL;
        g_autofree char *why = NULL;
        g_autoptr(GError) error = NULL;
        int status = 0;

        g_spawn_sync (dir, (char **) argv, envp, G_SPAWN_SEARCH_PATH_FROM_ENVP, NULL, NULL, NULL, &err, &status, &error);
        g_assert_no_error (error);
        g_assert_false (g_spawn_check_wait_status (status, NULL));
        why = gantry_doctor_explain (err, NULL);
        g_assert_nonnull (why);
        g_assert_nonnull (strstr (why, "example.invalid/nothere"));
        g_assert_nonnull (strstr (why, i == 0 ? "go mod tidy" : "go mod download"));
      }
  }
}

/* The project's recipe, made with cgo set for every target, imported through the command line. */
static void
import_recipe (const char *dir,
               const char *name,
               GantryCgo   cgo,
               const char *tags)
{
  g_autoptr(GantryProject) project = gantry_project_load (dir, NULL);
  g_autoptr(GantryRecipe) recipe = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_build_filename (dir, "gantry.json", NULL);
  GListModel *targets;

  g_assert_nonnull (project);
  recipe = gantry_recipe_new_detected (project);
  targets = gantry_recipe_get_targets (recipe);
  gantry_recipe_clear_targets (recipe);
  {
    g_autoptr(GantryTarget) dyn = gantry_target_new ("linux", "amd64");
    g_autoptr(GantryTarget) musl = gantry_target_new ("linux", "amd64");

    gantry_target_set_cgo (dyn, cgo);
    gantry_target_set_cgo (musl, cgo);
    gantry_target_set_link_mode (musl, GANTRY_LINK_STATIC);
    if (cgo != GANTRY_CGO_OFF)
      gantry_target_set_libc (musl, GANTRY_LIBC_MUSL);
    gantry_target_set_tags (musl, tags);
    gantry_recipe_add_target (recipe, dyn);
    gantry_recipe_add_target (recipe, musl);
  }
  g_assert_cmpuint (g_list_model_get_n_items (targets), ==, 2);
  gantry_recipe_export_file (recipe, file, &error);
  g_assert_no_error (error);

  g_assert_cmpint (gantry_test_run_gantry (data_dir, NULL, NULL, "project", "add", dir, "--name", name, NULL), ==, 0);
  g_assert_cmpint (gantry_test_run_gantry (data_dir, NULL, NULL, "recipe", "import", name, "--file", file, NULL), ==, 0);
}

static void
test_cgo_off_is_refused (void)
{
  g_autofree char *dir = g_build_filename (root, "refused", NULL);
  g_autofree char *err = NULL;
  int rc;

  if (!have_go ())
    return;
  write_replace_project (dir);
  import_recipe (dir, "refused", GANTRY_CGO_OFF, NULL);

  /* its only target refused: nothing starts, and the refusal says why */
  rc = gantry_test_run_gantry (data_dir, NULL, &err, "build", "refused", "--no-verify", "--no-package",
                               "--target", "linux/amd64", NULL);
  g_assert_cmpint (rc, ==, 1);
  g_assert_nonnull (strstr (err, "Nothing can be built here"));
  g_assert_nonnull (strstr (err, "linux/amd64: cgo is off for linux/amd64, but example.com/cdep (3 C files) in its build needs cgo "
                                 "(without it the build fails or makes a stub): turn cgo on for linux/amd64, or drop example.com/cdep."));
  g_clear_pointer (&err, g_free);


  /* what the command line shows before anything is built */
  {
    g_autofree char *out = NULL;
    g_autoptr(JsonParser) list = json_parser_new ();
    g_autoptr(GError) error = NULL;
    JsonArray *projects, *targets, *cgo_packages;
    JsonObject *project = NULL, *t0;

    g_assert_cmpint (gantry_test_run_gantry (data_dir, &out, NULL, "recipe", "show", "refused", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "      uses cgo through example.com/cdep (3 C files)\n"));
    g_assert_nonnull (strstr (out, "REFUSED: cgo is off for linux/amd64, but example.com/cdep (3 C files)"));
    g_clear_pointer (&out, g_free);

    g_assert_cmpint (gantry_test_run_gantry (data_dir, &out, NULL, "project", "list", "--json", NULL), ==, 0);
    json_parser_load_from_data (list, out, -1, &error);
    g_assert_no_error (error);
    projects = json_node_get_array (json_parser_get_root (list));
    for (guint i = 0; i < json_array_get_length (projects); i++)
      {
        JsonObject *o = json_array_get_object_element (projects, i);
        if (g_str_equal (json_object_get_string_member (o, "name"), "refused"))
          project = o;
      }
    g_assert_nonnull (project);
    g_assert_true (json_object_get_boolean_member (project, "uses_cgo"));
    cgo_packages = json_object_get_array_member (project, "cgo_packages");
    g_assert_cmpuint (json_array_get_length (cgo_packages), ==, 1);
    g_assert_cmpstr (json_array_get_string_element (cgo_packages, 0), ==, "example.com/cdep");
    targets = json_object_get_array_member (project, "targets");
    g_assert_cmpuint (json_array_get_length (targets), ==, 2);
    t0 = json_array_get_object_element (targets, 0);
    g_assert_cmpstr (json_object_get_string_member (t0, "target"), ==, "linux/amd64");
    g_assert_cmpstr (json_object_get_string_member (t0, "cgo"), ==, "off");
    g_assert_true (json_object_get_boolean_member (t0, "needs_cgo"));
    g_assert_cmpstr (json_object_get_string_member (t0, "why"), ==, "uses cgo through example.com/cdep (3 C files)");
    g_assert_nonnull (strstr (json_object_get_string_member (t0, "refused"), "turn cgo on for linux/amd64"));
    g_assert_cmpint (json_object_get_int_member (
                       json_array_get_object_element (json_object_get_array_member (t0, "packages"), 0), "c_files"), ==, 3);
  }
}

static void
test_target_keeps_recipe (void)
{
  g_autofree char *dir = g_build_filename (root, "keeps", NULL);
  g_autofree char *cgo_dir = g_build_filename (root, "newtarget", NULL);
  g_autofree char *out = NULL;

  if (!have_go ())
    return;
  /* pure Go by its graph, but the recipe says cgo on (a choice the user made) */
  gantry_test_write_file (dir, "go.mod", "module example.com/keeps\n\ngo 1.19\n");
  gantry_test_write_file (dir, "main.go", "package main\n\nfunc main() { println(\"hi\") }\n");
  import_recipe (dir, "keeps", GANTRY_CGO_ON, "sqlite_omit_load_extension");

  g_assert_cmpint (gantry_test_run_gantry (data_dir, &out, NULL, "build", "keeps", "--dry-run", "--shell", "bash",
                                           "--target", "linux/amd64/static", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "CGO_ENABLED=1"));
  g_assert_null (strstr (out, "CGO_ENABLED=0"));
  g_assert_nonnull (strstr (out, "sqlite_omit_load_extension"));
  g_assert_nonnull (strstr (out, "# build linux/amd64/static@musl"));
  g_clear_pointer (&out, g_free);

  /* a target the recipe lacks: cgo auto, so the graph decides (here: off) */
  g_assert_cmpint (gantry_test_run_gantry (data_dir, &out, NULL, "build", "keeps", "--dry-run", "--shell", "bash",
                                           "--target", "linux/arm64", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "CGO_ENABLED=0"));
  g_clear_pointer (&out, g_free);

  /* and on for a project whose graph needs it */
  write_replace_project (cgo_dir);
  import_recipe (cgo_dir, "newtarget", GANTRY_CGO_ON, NULL);
  g_assert_cmpint (gantry_test_run_gantry (data_dir, &out, NULL, "build", "newtarget", "--dry-run", "--shell", "bash",
                                           "--target", "linux/arm64", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "CGO_ENABLED=1"));
  g_assert_nonnull (strstr (out, "# build linux/arm64"));
}

/* A dependency with a cgo half and a stub for cgo off, as SQLite drivers
 * have: built with cgo off it compiles, and fails only when it runs. */
static void
test_verify_names_the_fix (void)
{
  g_autofree char *dir = g_build_filename (root, "stub", NULL);
  g_autofree char *binary = g_build_filename (root, "stub-nocgo", NULL);
  g_autoptr(GantryGoGraph) graph = NULL;
  g_autoptr(GantryBinary) facts = NULL;
  g_autoptr(GantryTarget) target = gantry_target_new ("linux", "amd64");
  g_autoptr(GPtrArray) verdicts = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_verdict_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;
  g_autofree char *out = NULL;
  g_autofree char *diagnosis = NULL;
  GantryVerifyOptions options = { 0 };
  GantryVerifyPromise promise = { 0 };
  GantryVerdict *cgo_verdict = NULL;
  int status = 0;

  if (!have_go ())
    return;
  gantry_test_write_file (dir, "go.mod",
                          "module example.com/stubapp\n\ngo 1.19\n\nrequire example.com/sqlish v0.0.0\n\n"
                          "replace example.com/sqlish => ./sqlish\n");
  gantry_test_write_file (dir, "main.go",
                          "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\n\t\"example.com/sqlish\"\n)\n\n"
                          "func main() {\n\tv, err := sqlish.Open()\n\tif err != nil {\n\t\tfmt.Println(err)\n\t\tos.Exit(1)\n\t}\n"
                          "\tfmt.Println(\"open\", v)\n}\n");
  gantry_test_write_file (dir, "sqlish/go.mod", "module example.com/sqlish\n\ngo 1.19\n");
  gantry_test_write_file (dir, "sqlish/sqlish.go",
                          "package sqlish\n\n// static int open_db(void) { return 1; }\nimport \"C\"\n\n"
                          "func Open() (int, error) { return int(C.open_db()), nil }\n");
  gantry_test_write_file (dir, "sqlish/sqlish_stub.go",
                          "//go:build !cgo\n\npackage sqlish\n\nimport \"errors\"\n\n"
                          "func Open() (int, error) {\n\treturn 0, errors.New(\"Binary was compiled with 'CGO_ENABLED=0', sqlish requires cgo to work. This is a stub\")\n}\n");

  graph = read_graph (dir, "linux", "amd64", NULL, NULL);
  g_assert_true (gantry_go_graph_needs_cgo (graph));
  why = gantry_go_graph_describe (graph);

  /* built as the old default did it: cgo off, and go build says nothing */
  {
    const char *argv[] = { "go", "build", "-o", binary, ".", NULL };
    const char *envp_extra = "CGO_ENABLED=0";
    g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "CGO_ENABLED", envp_extra + strlen ("CGO_ENABLED="), TRUE);

    g_spawn_sync (dir, (char **) argv, envp, G_SPAWN_SEARCH_PATH_FROM_ENVP, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  facts = gantry_inspect_path (binary, &error);
  g_assert_no_error (error);

  /* the static check fails with the fix, before anything runs */
  promise.target = target;
  promise.cgo = 0;
  promise.needs_cgo = why;
  gantry_verify_static (facts, &promise, &options, verdicts);
  for (guint i = 0; i < verdicts->len; i++)
    {
      GantryVerdict *v = g_ptr_array_index (verdicts, i);
      if (g_str_equal (v->check, "cgo"))
        cgo_verdict = v;
    }
  g_assert_nonnull (cgo_verdict);
  g_assert_cmpint (cgo_verdict->state, ==, GANTRY_VERDICT_FAIL);
  g_assert_cmpstr (cgo_verdict->message, ==,
                   "built without cgo (CGO_ENABLED=0), but its build uses cgo through example.com/sqlish (1 cgo file): "
                   "it would fail or run as Go's cgo stub; turn cgo on for linux/amd64");

  /* and when it does run, the stub's message is read as the same fix */
  {
    const char *argv[] = { binary, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_false (g_spawn_check_wait_status (status, NULL));
  }
  diagnosis = gantry_verify_diagnose (facts, "native", 1, out, NULL);
  g_assert_true (g_str_has_prefix (diagnosis, "built without cgo: turn cgo on for this target"));
  g_assert_nonnull (strstr (diagnosis, "sqlish requires cgo to work"));

  /* the default recipe (cgo on, from the graph) builds the real thing */
  {
    g_autofree char *good = build_and_run (dir);
    g_assert_cmpstr (good, ==, "open 1\n");
  }
}

static GantryDoctorResult *
find_need (GPtrArray  *results,
           const char *step)
{
  for (guint i = 0; i < results->len; i++)
    {
      GantryDoctorResult *r = g_ptr_array_index (results, i);
      if (g_str_equal (r->step, step))
        return r;
    }
  g_error ("no doctor result for %s", step);
  return NULL;
}

/* C++ and pkg-config in the graph: the doctor checks CXX and the
 * target's own .pc files, and names what to install. */
static void
test_doctor_checks_needs (void)
{
  g_autofree char *cxx_dir = g_build_filename (root, "cxx", NULL);
  g_autofree char *z_dir = g_build_filename (root, "pkgconfig", NULL);
  g_autofree char *arm_gcc = g_find_program_in_path ("aarch64-linux-gnu-gcc");
  g_autofree char *arm_gxx = g_find_program_in_path ("aarch64-linux-gnu-g++");
  g_autofree char *gxx = g_find_program_in_path ("g++");
  g_autofree char *arm_zlib = g_build_filename ("/usr/lib/aarch64-linux-gnu/pkgconfig", "zlib.pc", NULL);
  g_autoptr(GPtrArray) tools = gantry_toolchain_detect_in_path (g_getenv ("PATH"), NULL);
  g_autoptr(GantryGoGraph) cxx_graph = NULL;
  g_autoptr(GantryGoGraph) z_graph = NULL;
  g_auto(GantryTargetSpec) amd64 = { 0 };
  g_auto(GantryTargetSpec) arm64 = { 0 };

  if (!have_go ())
    return;
  /* the projects of /go-graph/cxx-dependency and /go-graph/pkg-config-dependency */
  g_assert_true (g_file_test (cxx_dir, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_test (z_dir, G_FILE_TEST_IS_DIR));
  g_assert_true (gantry_target_spec_parse ("linux/amd64", &amd64, NULL));
  g_assert_true (gantry_target_spec_parse ("linux/arm64", &arm64, NULL));

  cxx_graph = read_graph (cxx_dir, "linux", "arm64", NULL, NULL);
  z_graph = read_graph (z_dir, "linux", "arm64", NULL, NULL);

  if (gxx != NULL)
    {
      g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_doctor_result_free);
      GantryDoctorResult *r;

      gantry_doctor_check_needs (&amd64, cxx_graph, tools, results, NULL);
      g_assert_cmpuint (results->len, ==, 1);
      r = find_need (results, "cxx");
      g_assert_true (r->ok);
      g_assert_true (g_str_has_suffix (r->cc, "g++"));
    }

  if (arm_gcc != NULL)
    {
      g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_doctor_result_free);
      GantryDoctorResult *r;

      gantry_doctor_check_needs (&arm64, cxx_graph, tools, results, NULL);
      r = find_need (results, "cxx");
      g_assert_cmpint (r->ok, ==, arm_gxx != NULL);
      if (arm_gxx == NULL)
        {
          g_assert_nonnull (strstr (r->explanation, "install the Debian package g++-aarch64-linux-gnu"));
          /* and the build refuses the target before starting, with the same words */
          {
            g_autofree char *out = NULL;
            g_autoptr(GString) flat = NULL;

            g_assert_cmpint (gantry_test_run_gantry (data_dir, &out, NULL, "build", cxx_dir, "--dry-run", "--shell", "bash",
                                                     "--target", "linux/arm64", NULL), ==, 0);
            /* the plan's comments wrap between words: read them as one line */
            flat = g_string_new (out);
            g_string_replace (flat, "\n#   ", " ", 0);
            g_assert_nonnull (strstr (flat->str, "need a C++ compiler for linux/arm64"));
          }
        }
    }

  {
    g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_doctor_result_free);
    GantryDoctorResult *r;
    g_autofree char *libdir = gantry_doctor_pkg_config_libdir ("linux", "arm64");

    g_assert_cmpstr (libdir, ==, "/usr/lib/aarch64-linux-gnu/pkgconfig" G_SEARCHPATH_SEPARATOR_S "/usr/share/pkgconfig");
    gantry_doctor_check_needs (&arm64, z_graph, tools, results, NULL);
    g_assert_cmpuint (results->len, ==, 1);
    r = find_need (results, "pkg-config zlib");
    g_assert_nonnull (strstr (r->command, "PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig"));
    if (g_find_program_in_path ("pkg-config") != NULL && !g_file_test (arm_zlib, G_FILE_TEST_EXISTS))
      {
        g_assert_false (r->ok);
        g_assert_nonnull (strstr (r->explanation, "zlib is not installed for linux/arm64: install "));
        g_assert_nonnull (strstr (r->explanation, ":arm64"));
        g_assert_nonnull (strstr (r->explanation, "or link it statically or vendor it"));
      }
    else
      g_test_message ("zlib for arm64 is installed here: %s", r->ok ? "found" : "not found");
  }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *cache = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);

  root = gantry_test_make_tmpdir ("go-graph");
  data_dir = g_build_filename (root, "data", NULL);
  cache = g_build_filename (root, "cache", NULL);
  g_setenv ("GANTRY_DATA_DIR", data_dir, TRUE);
  g_setenv ("GANTRY_CACHE_DIR", cache, TRUE);
  /* the builds share the machine's Go cache: a cold one rebuilds the standard library */
  if (g_getenv ("GOCACHE") == NULL)
    {
      g_autofree char *gocache = g_build_filename (g_get_user_cache_dir (), "go-build", NULL);
      g_setenv ("GOCACHE", gocache, TRUE);
    }
  g_setenv ("GOFLAGS", "-buildvcs=false", TRUE);
  g_unsetenv ("GOWORK");

  g_test_add_func ("/go-graph/replace-local-dependency", test_replace_local_dependency);
  g_test_add_func ("/go-graph/os-file-and-build-tag", test_os_file_and_build_tag);
  g_test_add_func ("/go-graph/cxx-dependency", test_cxx_dependency);
  g_test_add_func ("/go-graph/pkg-config-dependency", test_pkg_config_dependency);
  g_test_add_func ("/go-graph/assembly", test_assembly);
  g_test_add_func ("/go-graph/two-main-packages", test_two_main_packages);
  g_test_add_func ("/go-graph/vendor", test_vendor);
  g_test_add_func ("/go-graph/workspace", test_workspace);
  g_test_add_func ("/go-graph/cache-refresh", test_cache_refresh);
  g_test_add_func ("/go-graph/go-missing-is-a-guess", test_go_missing_is_a_guess);
  g_test_add_func ("/go-graph/module-not-downloaded", test_module_not_downloaded);
  g_test_add_func ("/go-graph/cgo-off-is-refused", test_cgo_off_is_refused);
  g_test_add_func ("/go-graph/target-keeps-recipe", test_target_keeps_recipe);
  g_test_add_func ("/go-graph/verify-names-the-fix", test_verify_names_the_fix);
  g_test_add_func ("/go-graph/doctor-checks-needs", test_doctor_checks_needs);

  rc = g_test_run ();
  gantry_test_rm_rf (root);
  g_free (root);
  g_free (data_dir);
  return rc;
}

/* test-corpus.c — real projects: generated modules shaped like the ones people ship, released with the default recipe */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>

#include "gantry-test-util.h"

/* Each module is a program whose first line is what its C code
 * returned ("answer=42 from C"); it prints it whatever its arguments,
 * so the verify run (--version by default) shows it. Each is released
 * through the real CLI with the recipe Gantry detects (no --target):
 * linux/amd64, linux/amd64/static@musl, linux/arm64, windows/amd64.
 * Every target either built and ran (natively, under qemu, under wine)
 * printing its answer, or, where this machine lacks a tool, was left
 * out (or its run skipped) with the doctor's reason: never faked. */

static char *root;
static char *data_dir;

static gboolean
have (const char *program)
{
  g_autofree char *p = g_find_program_in_path (program);
  return p != NULL;
}

static gboolean
have_wine (void)
{
  /* as the verifier looks: Debian's wine64 package puts its loader off PATH */
  return have ("wine64") || have ("wine") || g_file_test ("/usr/lib/wine/wine64", G_FILE_TEST_IS_EXECUTABLE);
}

static gboolean
have_qemu_arm64 (void)
{
  return have ("qemu-aarch64") || have ("qemu-aarch64-static");
}

/* Every go command the tests and Gantry run: offline, local modules only. */
static void
setup_go_env (GSubprocessLauncher *launcher)
{
  g_autofree char *cache = g_build_filename (root, "modcache", NULL);

  g_subprocess_launcher_setenv (launcher, "GOPROXY", "off", TRUE);
  g_subprocess_launcher_setenv (launcher, "GOSUMDB", "off", TRUE);
  g_subprocess_launcher_setenv (launcher, "GOMODCACHE", cache, TRUE);
  g_subprocess_launcher_setenv (launcher, "GOFLAGS", "-buildvcs=false", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "GOWORK");
}

/* Runs @argv in @cwd and asserts it succeeded. */
static void
run_ok (const char * const *argv,
        const char         *cwd)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_subprocess_launcher_set_cwd (launcher, cwd);
  setup_go_env (launcher);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (proc))
    g_error ("%s failed in %s:\n%s", argv[0], cwd, out);
}

/* `gantry build DIR --json`: the recipe Gantry detects, verified. */
static JsonNode *
release (const char *dir)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  JsonNode *node;
  int rc;

  g_subprocess_launcher_setenv (launcher, "GANTRY_DATA_DIR", data_dir, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  setup_go_env (launcher);
  proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("GANTRY_EXE"), "build", dir, "--json", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  rc = g_subprocess_get_exit_status (proc);
  node = json_from_string (out, &error);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    g_error ("gantry build %s exited %d without a JSON result\nstdout:\n%s\nstderr:\n%s", dir, rc, out, err);
  g_test_message ("gantry build %s exited %d:\n%s", dir, rc, out);
  /* 0 only when released: the one case asserted below decides */
  g_assert_cmpint (rc, ==, g_str_equal (json_object_get_string_member (json_node_get_object (node), "outcome"),
                                        "released") ? 0 : 1);
  return node;
}

/* What one target of the default recipe should come to here. */
typedef struct
{
  const char *target;     /* its key in the JSON */
  const char *place;      /* where its run check runs: native, qemu-aarch64, wine */
  const char *printed;    /* the first line the program prints */
  const char *tools[3];   /* what building it needs; NULL-ended */
  const char *missing;    /* a tool is missing: what the doctor's reason says */
  gboolean can_run;       /* this machine can run it (qemu, wine) */
  const char *no_run;     /* it cannot: what the skipped run check says */
} Expect;

static JsonObject *
find_target (JsonObject *result,
             const char *key)
{
  JsonArray *targets = json_object_get_array_member (result, "targets");

  for (guint i = 0; i < json_array_get_length (targets); i++)
    {
      JsonObject *t = json_array_get_object_element (targets, i);

      if (g_str_equal (json_object_get_string_member (t, "target"), key))
        return t;
    }
  return NULL;
}

static const char *
str_or_empty (JsonObject *o,
              const char *member)
{
  const char *s = json_object_has_member (o, member) ? json_object_get_string_member (o, member) : NULL;
  return s != NULL ? s : "";
}

/* Checks @result against @expect (@n targets, exactly those, in any order). */
static void
check_release (const char   *name,
               JsonNode     *node,
               const Expect *expect,
               guint         n)
{
  JsonObject *result = json_node_get_object (node);
  JsonArray *targets = json_object_get_array_member (result, "targets");
  JsonArray *verify = json_object_get_array_member (result, "verify");
  gboolean all_good = TRUE;

  g_assert_nonnull (targets);
  g_assert_nonnull (verify);
  g_assert_cmpuint (json_array_get_length (targets), ==, n);

  for (guint i = 0; i < n; i++)
    {
      const Expect *e = &expect[i];
      JsonObject *t = find_target (result, e->target);
      const char *lacking = NULL;
      gboolean ran = FALSE;

      if (t == NULL)
        g_error ("%s: %s is not in the default recipe's release", name, e->target);
      for (guint k = 0; e->tools[k] != NULL && lacking == NULL; k++)
        if (!have (e->tools[k]))
          lacking = e->tools[k];

      if (lacking != NULL)
        {
          /* left out, and the doctor says why */
          g_test_message ("%s: %s skipped here: no %s", name, e->target, lacking);
          if (!g_str_equal (str_or_empty (t, "state"), "skipped"))
            g_error ("%s: %s should be left out (no %s), but its state is %s", name, e->target, lacking,
                     str_or_empty (t, "state"));
          if (strstr (str_or_empty (t, "errors"), e->missing) == NULL)
            g_error ("%s: %s left out without the doctor's reason \"%s\": %s", name, e->target, e->missing,
                     str_or_empty (t, "errors"));
          all_good = FALSE;
          continue;
        }

      if (!g_str_equal (str_or_empty (t, "state"), "ok"))
        g_error ("%s: %s did not build (%s): %s\n%s", name, e->target, str_or_empty (t, "state"),
                 str_or_empty (t, "errors"), str_or_empty (t, "explanation"));

      for (guint k = 0; k < json_array_get_length (verify); k++)
        {
          JsonObject *v = json_array_get_object_element (verify, k);
          const char *state = str_or_empty (v, "state");

          if (!g_str_equal (str_or_empty (v, "target"), e->target))
            continue;
          if (g_str_equal (state, "fail"))
            g_error ("%s: %s failed its %s check in %s: %s\n%s", name, e->target, str_or_empty (v, "check"),
                     str_or_empty (v, "place"), str_or_empty (v, "message"), str_or_empty (v, "output"));
          if (!g_str_equal (str_or_empty (v, "check"), "run") || !g_str_equal (str_or_empty (v, "place"), e->place))
            continue;
          if (!e->can_run)
            {
              g_assert_cmpstr (state, ==, "skipped");
              g_assert_nonnull (strstr (str_or_empty (v, "message"), e->no_run));
              g_test_message ("%s: %s built, not run here: %s", name, e->target, str_or_empty (v, "message"));
              all_good = FALSE;
              ran = TRUE;
              continue;
            }
          if (!g_str_equal (state, "pass"))
            g_error ("%s: %s did not run in %s (%s): %s\n%s", name, e->target, e->place, state,
                     str_or_empty (v, "message"), str_or_empty (v, "output"));
          /* "exit 0: answer=42 from C" */
          if (strstr (str_or_empty (v, "message"), e->printed) == NULL)
            g_error ("%s: %s ran in %s but did not print \"%s\": %s\n%s", name, e->target, e->place, e->printed,
                     str_or_empty (v, "message"), str_or_empty (v, "output"));
          g_test_message ("%s: %s ran in %s: %s", name, e->target, e->place, str_or_empty (v, "message"));
          ran = TRUE;
        }
      if (!ran)
        g_error ("%s: %s has no run check in %s", name, e->target, e->place);
    }

  g_assert_cmpstr (json_object_get_string_member (result, "outcome"), ==, all_good ? "released" : "problems");
}

/* The four targets of the default recipe for a C (or C++) project. */
static void
expect_default (Expect     *e,
                const char *printed,
                gboolean    cxx)
{
  gboolean wine = have_wine ();
  gboolean qemu = have_qemu_arm64 ();

  memset (e, 0, 4 * sizeof *e);
  e[0] = (Expect) { "linux/amd64", "native", printed, { "go", cxx ? "g++" : "gcc" },
                    cxx ? "install the Debian package g++" : "install", TRUE, NULL };
  /* musl-gcc compiles C only: C++ takes Zig's zig c++, and without
   * Zig the doctor says to install it */
  e[1] = (Expect) { "linux/amd64/static@musl", "native", printed, { "go", cxx ? "zig" : "musl-gcc" },
                    cxx ? "Zig" : "install", TRUE, NULL };
  e[2] = (Expect) { "linux/arm64", "qemu-aarch64", printed,
                    { "go", cxx ? "aarch64-linux-gnu-g++" : "aarch64-linux-gnu-gcc" },
                    cxx ? "install the Debian package g++-aarch64-linux-gnu" : "install", qemu,
                    "skipped: no qemu-aarch64" };
  e[3] = (Expect) { "windows/amd64", "wine", printed,
                    { "go", cxx ? "x86_64-w64-mingw32-g++" : "x86_64-w64-mingw32-gcc" },
                    cxx ? "install the Debian package g++-mingw-w64-x86-64" : "install", wine,
                    "skipped: no wine" };
}

static gboolean
need_go_and_gcc (void)
{
  if (have ("go") && have ("gcc"))
    return TRUE;
  g_test_skip ("skipped: needs go and gcc (tools/deps.sh test)");
  return FALSE;
}

/* A main that prints PACKAGE.Answer() (import path, package name). */
#define MAIN_GO \
  "package main\n\nimport (\n\t\"fmt\"\n\n\t\"%s\"\n)\n\n" \
  "func main() { fmt.Printf(\"answer=%%d from C\\n\", %s.Answer()) }\n"

/* A package whose Answer() returns what C's answer() does. */
#define CGO_PACKAGE \
  "package %s\n\n// static int answer(void) { return 42; }\nimport \"C\"\n\n" \
  "func Answer() int { return int(C.answer()) }\n"

/* 1. cgo only in a dependency reached through a replace to a local
 *    folder: the main module has no import "C" at all. */
static void
test_replace (void)
{
  g_autofree char *dir = g_build_filename (root, "replace", "app", NULL);
  g_autofree char *dep = g_build_filename (root, "replace", "cdep", NULL);
  g_autofree char *code = NULL, *pkg = NULL;
  g_autoptr(JsonNode) result = NULL;
  Expect e[4];

  if (!need_go_and_gcc ())
    return;
  gantry_test_write_file (dep, "go.mod", "module example.com/cdep\n\ngo 1.18\n");
  pkg = g_strdup_printf (CGO_PACKAGE, "cdep");
  gantry_test_write_file (dep, "cdep.go", pkg);
  gantry_test_write_file (dir, "go.mod",
                          "module example.com/app\n\ngo 1.18\n\nrequire example.com/cdep v0.0.0\n\n"
                          "replace example.com/cdep => ../cdep\n");
  code = g_strdup_printf (MAIN_GO, "example.com/cdep", "cdep");
  gantry_test_write_file (dir, "main.go", code);

  result = release (dir);
  expect_default (e, "answer=42 from C", FALSE);
  check_release ("replace", result, e, G_N_ELEMENTS (e));
}

/* 2. A go.work workspace: the main module uses the cgo one, found
 *    through the workspace (go.work above the project folder). */
static void
test_workspace (void)
{
  g_autofree char *ws = g_build_filename (root, "workspace", NULL);
  g_autofree char *dir = g_build_filename (ws, "app", NULL);
  g_autofree char *lib = g_build_filename (ws, "clib", NULL);
  g_autofree char *code = NULL, *pkg = NULL;
  g_autoptr(JsonNode) result = NULL;
  Expect e[4];

  if (!need_go_and_gcc ())
    return;
  gantry_test_write_file (ws, "go.work", "go 1.19\n\nuse (\n\t./app\n\t./clib\n)\n");
  gantry_test_write_file (lib, "go.mod", "module example.com/clib\n\ngo 1.19\n");
  pkg = g_strdup_printf (CGO_PACKAGE, "clib");
  gantry_test_write_file (lib, "clib.go", pkg);
  gantry_test_write_file (dir, "go.mod", "module example.com/wsapp\n\ngo 1.19\n\nrequire example.com/clib v0.0.0\n");
  code = g_strdup_printf (MAIN_GO, "example.com/clib", "clib");
  gantry_test_write_file (dir, "main.go", code);

  result = release (dir);
  expect_default (e, "answer=42 from C", FALSE);
  check_release ("workspace", result, e, G_N_ELEMENTS (e));
}

/* 3. cgo only in the files for linux: Windows builds the pure Go twin,
 *    with cgo off and no C compiler at all. */
static void
test_os_files (void)
{
  g_autofree char *dir = g_build_filename (root, "osfiles", NULL);
  g_autoptr(JsonNode) result = NULL;
  Expect e[4];

  if (!need_go_and_gcc ())
    return;
  gantry_test_write_file (dir, "go.mod", "module example.com/osfiles\n\ngo 1.18\n");
  gantry_test_write_file (dir, "main.go",
                          "package main\n\nimport \"fmt\"\n\n"
                          "func main() { fmt.Printf(\"answer=%d from %s\\n\", answer(), from) }\n");
  gantry_test_write_file (dir, "x_linux.go",
                          "package main\n\n// static int answer(void) { return 42; }\nimport \"C\"\n\n"
                          "const from = \"C\"\n\nfunc answer() int { return int(C.answer()) }\n");
  gantry_test_write_file (dir, "x_other.go",
                          "//go:build !linux\n\npackage main\n\n"
                          "const from = \"Go\"\n\nfunc answer() int { return 42 }\n");

  result = release (dir);
  expect_default (e, "answer=42 from C", FALSE);
  /* no C compiler needed for Windows, and the answer is Go's */
  e[3].printed = "answer=42 from Go";
  e[3].tools[1] = NULL;
  check_release ("os-files", result, e, G_N_ELEMENTS (e));

  /* Gantry decided that, target by target: the binaries' own Go build
   * settings say cgo was on for linux and off for windows */
  {
    JsonArray *verify = json_object_get_array_member (json_node_get_object (result), "verify");
    guint seen = 0;

    for (guint i = 0; i < json_array_get_length (verify); i++)
      {
        JsonObject *v = json_array_get_object_element (verify, i);
        gboolean windows = g_str_equal (str_or_empty (v, "target"), "windows/amd64");

        if (!g_str_equal (str_or_empty (v, "check"), "go-settings"))
          continue;
        g_assert_nonnull (strstr (str_or_empty (v, "message"), windows ? "CGO_ENABLED=0" : "CGO_ENABLED=1"));
        seen++;
      }
    g_assert_cmpuint (seen, ==, 4);
  }
}

/* 4. A C++ dependency: a .cpp file with extern "C", built with CXX. */
static void
test_cxx (void)
{
  g_autofree char *dir = g_build_filename (root, "cxx", NULL);
  g_autofree char *code = NULL;
  g_autoptr(JsonNode) result = NULL;
  Expect e[4];

  if (!need_go_and_gcc ())
    return;
  gantry_test_write_file (dir, "go.mod", "module example.com/cxx\n\ngo 1.18\n");
  gantry_test_write_file (dir, "internal/calc/calc.go",
                          "package calc\n\n// int answer(void);\nimport \"C\"\n\n"
                          "func Answer() int { return int(C.answer()) }\n");
  gantry_test_write_file (dir, "internal/calc/calc.cpp",
                          "#include <numeric>\n#include <vector>\n\n"
                          "extern \"C\" int\nanswer (void)\n{\n"
                          "  std::vector<int> v = { 20, 20, 2 };\n"
                          "  return std::accumulate (v.begin (), v.end (), 0);\n}\n");
  code = g_strdup_printf (MAIN_GO, "example.com/cxx/internal/calc", "calc");
  gantry_test_write_file (dir, "main.go", code);

  result = release (dir);
  expect_default (e, "answer=42 from C", TRUE);
  check_release ("cxx", result, e, G_N_ELEMENTS (e));
}

/* 5. A package with .S assembly (GNU as, through the C compiler), one
 *    file per processor; the cgo preamble declares what it defines. */
static void
test_assembly (void)
{
  g_autofree char *dir = g_build_filename (root, "asm", NULL);
  g_autofree char *code = NULL;
  g_autoptr(JsonNode) result = NULL;
  Expect e[4];
  /* ELF wants a non-executable stack note and a symbol type; PE neither */
  static const char *elf_head =
    "#ifdef __ELF__\n"
    "\t.section .note.GNU-stack,\"\",%progbits\n"
    "#endif\n"
    "\t.text\n"
    "\t.globl answer_asm\n"
    "#ifdef __ELF__\n"
    "\t.type answer_asm, %function\n"
    "#endif\n"
    "answer_asm:\n";

  if (!need_go_and_gcc ())
    return;
  gantry_test_write_file (dir, "go.mod", "module example.com/asm\n\ngo 1.18\n");
  gantry_test_write_file (dir, "internal/native/native.go",
                          "package native\n\n// int answer_asm(void);\nimport \"C\"\n\n"
                          "func Answer() int { return int(C.answer_asm()) }\n");
  {
    g_autofree char *amd64 = g_strconcat (elf_head, "\tmovl $42, %eax\n\tret\n", NULL);
    g_autofree char *arm64 = g_strconcat (elf_head, "\tmov w0, #42\n\tret\n", NULL);

    gantry_test_write_file (dir, "internal/native/answer_amd64.S", amd64);
    gantry_test_write_file (dir, "internal/native/answer_arm64.S", arm64);
  }
  code = g_strdup_printf (MAIN_GO, "example.com/asm/internal/native", "native");
  gantry_test_write_file (dir, "main.go", code);

  result = release (dir);
  expect_default (e, "answer=42 from C", FALSE);
  check_release ("assembly", result, e, G_N_ELEMENTS (e));
}

/* 6. vendor/: the cgo dependency vendored with go mod vendor, then its
 *    folder removed, so only vendor/ can provide it. */
static void
test_vendor (void)
{
  g_autofree char *dir = g_build_filename (root, "vendored", "app", NULL);
  g_autofree char *dep = g_build_filename (root, "vendored", "vdep", NULL);
  g_autofree char *code = NULL, *pkg = NULL;
  g_autofree char *vendored = NULL;
  g_autoptr(JsonNode) result = NULL;
  const char *vendor[] = { "go", "mod", "vendor", NULL };
  Expect e[4];

  if (!need_go_and_gcc ())
    return;
  gantry_test_write_file (dep, "go.mod", "module example.com/vdep\n\ngo 1.18\n");
  pkg = g_strdup_printf (CGO_PACKAGE, "vdep");
  gantry_test_write_file (dep, "vdep.go", pkg);
  gantry_test_write_file (dir, "go.mod",
                          "module example.com/vendored\n\ngo 1.18\n\nrequire example.com/vdep v0.0.0\n\n"
                          "replace example.com/vdep => ../vdep\n");
  code = g_strdup_printf (MAIN_GO, "example.com/vdep", "vdep");
  gantry_test_write_file (dir, "main.go", code);
  run_ok (vendor, dir);
  vendored = g_build_filename (dir, "vendor", "example.com", "vdep", "vdep.go", NULL);
  g_assert_true (g_file_test (vendored, G_FILE_TEST_IS_REGULAR));
  gantry_test_rm_rf (dep);

  result = release (dir);
  expect_default (e, "answer=42 from C", FALSE);
  check_release ("vendor", result, e, G_N_ELEMENTS (e));
}

/* The verdict of @target's @check (any place), or NULL. */
static JsonObject *
find_verdict (JsonObject *result,
              const char *target,
              const char *check)
{
  JsonArray *verify = json_object_get_array_member (result, "verify");

  for (guint i = 0; verify != NULL && i < json_array_get_length (verify); i++)
    {
      JsonObject *v = json_array_get_object_element (verify, i);

      if (g_str_equal (str_or_empty (v, "target"), target) && g_str_equal (str_or_empty (v, "check"), check))
        return v;
    }
  return NULL;
}

/* 7. A library named with #cgo pkg-config (zlib): each target reads its
 *    own .pc files. Built for this machine it runs and prints zlib's
 *    version; where the library is not there for the target, the build
 *    fails with a sentence naming it and what to do (musl-gcc cannot use
 *    this machine's glibc -dev files; arm64 needs the :arm64 package);
 *    MinGW's zlib is a DLL, which the Windows check says the release
 *    does not ship. Nothing is released: dist/ stays as it was. */
static void
test_pkg_config (void)
{
  g_autofree char *dir = g_build_filename (root, "pkgconfig", NULL);
  g_autofree char *version = NULL;
  g_autofree char *printed = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *result, *t, *v;
  int status = -1;
  const char *argv[] = { "pkg-config", "--modversion", "zlib", NULL };

  if (!need_go_and_gcc ())
    return;
  if (!have ("pkg-config") ||
      !g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &version, NULL, &status, NULL) || status != 0)
    {
      g_test_skip ("skipped: needs pkg-config and zlib's development files for this machine (zlib1g-dev)");
      return;
    }
  g_strstrip (version);
  gantry_test_write_file (dir, "go.mod", "module example.com/pkgconfig\n\ngo 1.18\n");
  gantry_test_write_file (dir, "main.go",
                          "package main\n\n// #cgo pkg-config: zlib\n// #include <zlib.h>\nimport \"C\"\n\n"
                          "import \"fmt\"\n\nfunc main() { fmt.Println(\"zlib=\" + C.GoString(C.zlibVersion())) }\n");

  node = release (dir);
  result = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (result, "outcome"), ==, "not-released");

  /* this machine: built, run, the library's own answer */
  printed = g_strdup_printf ("zlib=%s", version);
  t = find_target (result, "linux/amd64");
  g_assert_nonnull (t);
  g_assert_cmpstr (str_or_empty (t, "state"), ==, "ok");
  v = find_verdict (result, "linux/amd64", "run");
  g_assert_nonnull (v);
  g_assert_cmpstr (str_or_empty (v, "state"), ==, "pass");
  g_assert_nonnull (strstr (str_or_empty (v, "message"), printed));

  /* musl: the header is not there for musl-gcc, and the sentence says why */
  t = find_target (result, "linux/amd64/static@musl");
  g_assert_nonnull (t);
  if (have ("musl-gcc"))
    {
      g_assert_cmpstr (str_or_empty (t, "state"), ==, "failed");
      g_assert_true (g_str_has_prefix (str_or_empty (t, "explanation"),
                                       "The C header zlib.h is not there for the musl compiler"));
    }

  /* arm64: its zlib.pc is not installed unless zlib1g-dev:arm64 is */
  t = find_target (result, "linux/arm64");
  g_assert_nonnull (t);
  if (have ("aarch64-linux-gnu-gcc") && !g_file_test ("/usr/lib/aarch64-linux-gnu/pkgconfig/zlib.pc", G_FILE_TEST_EXISTS))
    {
      g_assert_cmpstr (str_or_empty (t, "state"), ==, "failed");
      g_assert_nonnull (strstr (str_or_empty (t, "explanation"), "The library zlib, which a package names with "
                                                                 "#cgo pkg-config, is not installed for linux/arm64"));
    }

  /* windows: MinGW's zlib links as zlib1.dll, which the release lacks */
  t = find_target (result, "windows/amd64");
  g_assert_nonnull (t);
  if (have ("x86_64-w64-mingw32-gcc") && g_file_test ("/usr/x86_64-w64-mingw32/lib/pkgconfig/zlib.pc", G_FILE_TEST_EXISTS))
    {
      g_assert_cmpstr (str_or_empty (t, "state"), ==, "ok");
      v = find_verdict (result, "windows/amd64", "dlls");
      g_assert_nonnull (v);
      g_assert_cmpstr (str_or_empty (v, "state"), ==, "fail");
      g_assert_nonnull (strstr (str_or_empty (v, "message"), "zlib1.dll"));
    }
}

int
main (int    argc,
      char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);

  root = gantry_test_make_tmpdir ("corpus");
  data_dir = g_build_filename (root, "data", NULL);

  g_test_add_func ("/integration/corpus/replace", test_replace);
  g_test_add_func ("/integration/corpus/workspace", test_workspace);
  g_test_add_func ("/integration/corpus/os-files", test_os_files);
  g_test_add_func ("/integration/corpus/cxx", test_cxx);
  g_test_add_func ("/integration/corpus/assembly", test_assembly);
  g_test_add_func ("/integration/corpus/vendor", test_vendor);
  g_test_add_func ("/integration/corpus/pkg-config", test_pkg_config);

  rc = g_test_run ();
  /* the go command leaves its module cache read-only */
  {
    g_autofree char *cache = g_build_filename (root, "modcache", NULL);
    const char *clean[] = { "go", "clean", "-modcache", NULL };

    if (have ("go") && g_file_test (cache, G_FILE_TEST_IS_DIR))
      run_ok (clean, root);
  }
  gantry_test_rm_rf (root);
  g_free (root);
  g_free (data_dir);
  return rc;
}

/* test-verify.c — static checks on binaries built here, and the plain-language diagnoses */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "gantry-test-util.h"
#include "verify-fixtures.h"

static char *root;

/* Inspects @path and runs the static checks against @spec. */
static GPtrArray *
static_verdicts (const char                *path,
                 const char                *spec,
                 int                        cgo,
                 const GantryVerifyOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryBinary) facts = gantry_inspect_path (path, &error);
  g_autoptr(GantryTarget) target = gantry_target_parse (spec, &error);
  GPtrArray *verdicts = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_verdict_free);
  GantryVerifyPromise promise = { target, cgo, NULL };

  g_assert_no_error (error);
  gantry_verify_static (facts, &promise, options, verdicts);
  g_assert_finalize_object (g_steal_pointer (&facts));
  return verdicts;
}

static void
assert_verdict (GPtrArray          *verdicts,
                const char         *check,
                GantryVerdictState  state,
                const char         *message_part)
{
  GantryVerdict *v = verify_fixture_find (verdicts, check, "static");

  if (v == NULL)
    g_error ("no %s verdict", check);
  if (v->state != state)
    g_error ("%s: %s, expected %s: %s", check, gantry_verdict_state_to_string (v->state),
             gantry_verdict_state_to_string (state), v->message);
  if (message_part != NULL && strstr (v->message, message_part) == NULL)
    g_error ("%s: '%s' lacks '%s'", check, v->message, message_part);
}

static void
test_gcc_dynamic (void)
{
  g_autofree char *path = verify_fixture_compile (root, "gcc", "hello-gcc", verify_fixture_hello_c, NULL);
  g_autoptr(GPtrArray) as_built = NULL;
  g_autoptr(GPtrArray) old_floor = NULL;
  g_autoptr(GPtrArray) promised_static = NULL;
  g_autoptr(GantryBinary) facts = NULL;
  const char *needs;

  if (path == NULL)
    {
      g_test_skip ("skipped: no gcc");
      return;
    }
#ifndef __x86_64__
  g_test_skip ("skipped: the host gcc does not build linux/amd64 here");
  return;
#endif

  as_built = static_verdicts (path, "linux/amd64", -1, NULL);
  assert_verdict (as_built, "os-arch", GANTRY_VERDICT_PASS, "linux/amd64");
  assert_verdict (as_built, "linkage", GANTRY_VERDICT_PASS, "interpreter /lib64/ld-linux-x86-64.so.2");
  assert_verdict (as_built, "glibc-floor", GANTRY_VERDICT_PASS, "no floor set");
  assert_verdict (as_built, "go-settings", GANTRY_VERDICT_SKIPPED, "no Go build settings");

  /* Debian 12's gcc output needs GLIBC_2.34 for __libc_start_main */
  facts = gantry_inspect_path (path, NULL);
  needs = gantry_binary_get_glibc_floor (facts);
  g_assert_nonnull (needs);
  g_assert_cmpint (gantry_version_compare (needs, "2.17"), >, 0);
  old_floor = static_verdicts (path, "linux/amd64@glibc2.17", -1, NULL);
  {
    g_autofree char *expected = g_strdup_printf ("needs GLIBC_%s but the floor is 2.17: build with zig cc -target x86_64-linux-gnu.2.17 or link statically with musl",
                                                 needs);
    assert_verdict (old_floor, "glibc-floor", GANTRY_VERDICT_FAIL, expected);
  }

  promised_static = static_verdicts (path, "linux/amd64/static@musl", -1, NULL);
  assert_verdict (promised_static, "linkage", GANTRY_VERDICT_FAIL, "but the recipe promised static");
  assert_verdict (promised_static, "linkage", GANTRY_VERDICT_FAIL, "musl-gcc");
  assert_verdict (promised_static, "libc", GANTRY_VERDICT_FAIL, "linked with glibc but the recipe promised musl");
}

static void
test_musl_static (void)
{
  g_autofree char *path = verify_fixture_compile (root, "musl-gcc", "hello-musl", verify_fixture_hello_c, "-static", NULL);
  g_autoptr(GPtrArray) verdicts = NULL;
  g_autoptr(GPtrArray) as_glibc = NULL;

  if (path == NULL)
    {
      g_test_skip ("skipped: no musl-gcc (musl-tools)");
      return;
    }

  verdicts = static_verdicts (path, "linux/amd64/static@musl", -1, NULL);
  assert_verdict (verdicts, "os-arch", GANTRY_VERDICT_PASS, NULL);
  assert_verdict (verdicts, "linkage", GANTRY_VERDICT_PASS, "no interpreter, no shared libraries, as promised");
  assert_verdict (verdicts, "libc", GANTRY_VERDICT_PASS, "musl, as promised");
  assert_verdict (verdicts, "glibc-floor", GANTRY_VERDICT_PASS, "needs no GLIBC symbol versions");
  for (guint i = 0; i < verdicts->len; i++)
    g_assert_cmpint (((GantryVerdict *) g_ptr_array_index (verdicts, i))->state, !=, GANTRY_VERDICT_FAIL);

  as_glibc = static_verdicts (path, "linux/amd64@glibc2.17", -1, NULL);
  assert_verdict (as_glibc, "libc", GANTRY_VERDICT_FAIL, "linked with musl but the recipe promised gnu");
}

static void
test_aarch64_wrong_target (void)
{
  g_autofree char *path = verify_fixture_compile (root, "aarch64-linux-gnu-gcc", "hello-arm64", verify_fixture_hello_c, NULL);
  g_autoptr(GPtrArray) right = NULL;
  g_autoptr(GPtrArray) wrong = NULL;

  if (path == NULL)
    {
      g_test_skip ("skipped: no aarch64-linux-gnu-gcc (gcc-aarch64-linux-gnu)");
      return;
    }

  right = static_verdicts (path, "linux/arm64", -1, NULL);
  assert_verdict (right, "os-arch", GANTRY_VERDICT_PASS, "linux/arm64");
  assert_verdict (right, "linkage", GANTRY_VERDICT_PASS, "ld-linux-aarch64.so.1");

  wrong = static_verdicts (path, "linux/amd64", -1, NULL);
  assert_verdict (wrong, "os-arch", GANTRY_VERDICT_FAIL, "the file is for linux/arm64 but the target is linux/amd64");
}

static void
test_mingw_dlls (void)
{
  static const char threads_c[] =
    "#include <pthread.h>\n"
    "#include <stdio.h>\n"
    "static void *run (void *arg) { return arg; }\n"
    "int main (void) { pthread_t t; pthread_create (&t, NULL, run, NULL); pthread_join (t, NULL); puts (\"hi\"); return 0; }\n";
  g_autofree char *shared = verify_fixture_compile (root, "x86_64-w64-mingw32-gcc", "threads.exe", threads_c, "-pthread", NULL);
  g_autofree char *linked = NULL;
  g_autoptr(GPtrArray) verdicts = NULL;
  g_autoptr(GPtrArray) shipping = NULL;
  g_autoptr(GPtrArray) static_verdicts_ = NULL;
  const char *ship[] = { "LIBWINPTHREAD-1.DLL", NULL };
  GantryVerifyOptions options = { 0 };

  if (shared == NULL)
    {
      g_test_skip ("skipped: no x86_64-w64-mingw32-gcc (gcc-mingw-w64-x86-64)");
      return;
    }

  verdicts = static_verdicts (shared, "windows/amd64", -1, NULL);
  assert_verdict (verdicts, "os-arch", GANTRY_VERDICT_PASS, "windows/amd64");
  assert_verdict (verdicts, "dlls", GANTRY_VERDICT_FAIL, "imports libwinpthread-1.dll (MinGW runtime)");
  assert_verdict (verdicts, "dlls", GANTRY_VERDICT_FAIL, "-extldflags -static");
  g_assert_null (verify_fixture_find (verdicts, "glibc-floor", NULL));

  /* shipping the DLL beside the exe is a promise kept */
  options.ship_dlls = ship;
  shipping = static_verdicts (shared, "windows/amd64", -1, &options);
  assert_verdict (shipping, "dlls", GANTRY_VERDICT_PASS, "KERNEL32.dll");

  linked = verify_fixture_compile (root, "x86_64-w64-mingw32-gcc", "threads-static.exe", threads_c, "-pthread", "-static", NULL);
  static_verdicts_ = static_verdicts (linked, "windows/amd64/static", -1, NULL);
  assert_verdict (static_verdicts_, "dlls", GANTRY_VERDICT_PASS, "imports only system DLLs");
}

static void
test_diagnose (void)
{
  gboolean env = TRUE;
  g_autofree char *glibc = NULL, *dll = NULL, *format = NULL, *engine = NULL, *lib = NULL, *plain = NULL, *silent = NULL, *image = NULL;

  glibc = gantry_verify_diagnose (NULL, "container", 1,
                                  "/gantry/app: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' not found (required by /gantry/app)\n",
                                  &env);
  g_assert_false (env);
  g_assert_true (g_str_has_prefix (glibc, "needs GLIBC_2.34, newer than the glibc here"));
  g_assert_nonnull (strstr (glibc, "link statically with musl"));

  dll = gantry_verify_diagnose (NULL, "wine", 53,
                                "0024:err:module:import_dll Library libwinpthread-1.dll (which is needed by L\"Z:\\\\app.exe\") not found\n",
                                &env);
  g_assert_false (env);
  g_assert_cmpstr (dll, ==, "missing DLL libwinpthread-1.dll: ship it beside the exe, or link statically (-ldflags \"-extldflags -static\")");

  format = gantry_verify_diagnose (NULL, "native", -1, "Failed to execute child process “./app” (Exec format error)", &env);
  g_assert_false (env);
  g_assert_nonnull (strstr (format, "wrong architecture"));

  engine = gantry_verify_diagnose (NULL, "container", 125, "Error: OCI runtime error: runc: setrlimit `RLIMIT_NPROC`: operation not permitted\n", &env);
  g_assert_true (env);
  g_assert_cmpstr (engine, ==, "the engine could not start the container: Error: OCI runtime error: runc: setrlimit `RLIMIT_NPROC`: operation not permitted");
  env = FALSE;
  g_clear_pointer (&engine, g_free);
  /* podman without the ulimit flags this machine needs: the engine's fault, not the binary's */
  engine = gantry_verify_diagnose (NULL, "container", 126,
                                   "Error: runc: runc create failed: unable to start container process: error during container init: "
                                   "error setting rlimits for ready process: error setting rlimit type 7: operation not permitted: OCI permission denied\n",
                                   &env);
  g_assert_true (env);
  g_assert_true (g_str_has_prefix (engine, "the engine could not start the container: Error: runc: runc create failed"));
  env = FALSE;
  image = gantry_verify_diagnose (NULL, "container", 125, "Trying to pull x...\nError: x: image not known\n", &env);
  g_assert_true (env);
  g_assert_cmpstr (image, ==, "the image is not on this machine for linux/? and could not be pulled: pull or build it first (Error: x: image not known)");

  lib = gantry_verify_diagnose (NULL, "native", 127,
                                "./app: error while loading shared libraries: libssl.so.3: cannot open shared object file: No such file or directory\n",
                                &env);
  g_assert_true (g_str_has_prefix (lib, "missing library libssl.so.3"));

  plain = gantry_verify_diagnose (NULL, "native", 3, "\n  cannot open config.toml\n", &env);
  g_assert_cmpstr (plain, ==, "exited with status 3: cannot open config.toml");
  silent = gantry_verify_diagnose (NULL, "native", 1, "", &env);
  g_assert_cmpstr (silent, ==, "exited with status 1 and printed nothing");
}

static void
test_missing_interpreter (void)
{
  g_autofree char *path = verify_fixture_compile (root, "gcc", "hello-interp", verify_fixture_hello_c, NULL);
  g_autoptr(GantryBinary) facts = NULL;
  g_autofree char *diagnosis = NULL;
  gboolean env = TRUE;

  if (path == NULL)
    {
      g_test_skip ("skipped: no gcc");
      return;
    }
  facts = gantry_inspect_path (path, NULL);
  g_assert_nonnull (gantry_binary_get_interpreter (facts));
  /* what runc prints for a glibc program in a busybox image */
  diagnosis = gantry_verify_diagnose (facts, "container", 1, "exec /gantry/hello-interp: no such file or directory\n", &env);
  g_assert_false (env);
  g_assert_true (g_str_has_prefix (diagnosis, "missing interpreter "));
  g_assert_nonnull (strstr (diagnosis, gantry_binary_get_interpreter (facts)));
  g_assert_nonnull (strstr (diagnosis, "build static with musl"));
}

static void
test_matrix_text_and_json (void)
{
  g_autoptr(GPtrArray) matrix = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_verdict_free);
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *text = NULL;
  GantryVerdict *v;
  JsonObject *first;

  v = g_new0 (GantryVerdict, 1);
  v->target = g_strdup ("linux/amd64");
  v->check = g_strdup ("run");
  v->place = g_strdup ("native");
  v->state = GANTRY_VERDICT_PASS;
  v->message = g_strdup ("exit 0: hello");
  v->seconds = 0.25;
  g_ptr_array_add (matrix, v);
  v = g_new0 (GantryVerdict, 1);
  v->target = g_strdup ("linux/amd64");
  v->check = g_strdup ("run");
  v->place = g_strdup ("container");
  v->state = GANTRY_VERDICT_SKIPPED;
  v->message = g_strdup ("skipped: no container engine (install Docker Desktop or Podman)");
  g_ptr_array_add (matrix, v);

  text = gantry_verify_matrix_to_text (matrix);
  g_assert_nonnull (strstr (text, "native     pass     0.25s  exit 0: hello\n"));
  g_assert_nonnull (strstr (text, "skipped: no container engine (install Docker Desktop or Podman)"));
  g_assert_true (g_str_has_suffix (text, "1 checks passed, 0 failed, 1 skipped\n"));

  json = gantry_verify_matrix_to_json (matrix);
  g_assert_cmpint (json_array_get_length (json_node_get_array (json)), ==, 2);
  first = json_array_get_object_element (json_node_get_array (json), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "state"), ==, "pass");
  g_assert_cmpfloat (json_object_get_double_member (first, "seconds"), ==, 0.25);
}

static void
test_differences (void)
{
  g_autofree char *one = g_build_filename (root, "one", NULL);
  g_autofree char *two = g_build_filename (root, "two", NULL);
  g_autofree char *a = NULL, *b = NULL, *same_a = NULL, *same_b = NULL, *g1 = NULL, *g2 = NULL;
  g_autofree char *pe = NULL, *none = NULL, *elf = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (one, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (two, 0755), ==, 0);

  a = verify_fixture_compile (one, "x86_64-w64-mingw32-gcc", "stamped.exe", verify_fixture_hello_c, NULL);
  if (a == NULL)
    g_test_message ("no x86_64-w64-mingw32-gcc: the PE part is left out");
  else
    {
      /* the PE timestamp counts seconds */
      g_usleep (1100 * 1000);
      b = verify_fixture_compile (two, "x86_64-w64-mingw32-gcc", "stamped.exe", verify_fixture_hello_c, NULL);
      pe = gantry_verify_describe_differences (a, b, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (pe);
      g_assert_nonnull (strstr (pe, "PE header timestamp: link with -extldflags -Wl,--no-insert-timestamp"));

      same_a = verify_fixture_compile (one, "x86_64-w64-mingw32-gcc", "unstamped.exe", verify_fixture_hello_c,
                                       "-Wl,--no-insert-timestamp", NULL);
      g_usleep (1100 * 1000);
      same_b = verify_fixture_compile (two, "x86_64-w64-mingw32-gcc", "unstamped.exe", verify_fixture_hello_c,
                                       "-Wl,--no-insert-timestamp", NULL);
      none = gantry_verify_describe_differences (same_a, same_b, NULL, &error);
      g_assert_no_error (error);
      g_assert_null (none);
    }

  /* -g keeps the source folder in the debug info */
  g1 = verify_fixture_compile (one, "gcc", "debug", verify_fixture_hello_c, "-g", NULL);
  if (g1 == NULL)
    {
      if (a == NULL)
        g_test_skip ("skipped: needs gcc or x86_64-w64-mingw32-gcc");
      return;
    }
  g2 = verify_fixture_compile (two, "gcc", "debug", verify_fixture_hello_c, "-g", NULL);
  elf = gantry_verify_describe_differences (g1, g2, two, &error);
  g_assert_no_error (error);
  g_assert_nonnull (elf);
  g_assert_nonnull (strstr (elf, "debug info"));
  g_assert_nonnull (strstr (elf, "the rebuild's folder path is inside the file: build with -trimpath"));

  g_clear_pointer (&none, g_free);
  none = gantry_verify_describe_differences (g1, g1, one, &error);
  g_assert_no_error (error);
  g_assert_null (none);
}

/* Go records -ldflags when built without -trimpath (Go < 1.20): a
 * binary built with other ldflags than the plan's fails go-settings. */
static void
test_go_ldflags (void)
{
  g_autofree char *go = g_find_program_in_path ("go");
  g_autofree char *dir = g_build_filename (root, "ldflags", NULL);
  g_autofree char *out = g_build_filename (dir, "prog", NULL);
  g_autofree char *cache = g_build_filename (root, "gocache", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryBinary) facts = NULL;
  g_autoptr(GantryTarget) target = NULL;
  g_autoptr(GPtrArray) same = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_verdict_free);
  g_autoptr(GPtrArray) other = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_verdict_free);
  GantryVerifyPromise promise = { 0 };

  if (go == NULL)
    {
      g_test_skip ("skipped: no go on PATH");
      return;
    }
  gantry_test_write_file (dir, "go.mod", "module example.com/prog\n\ngo 1.18\n");
  gantry_test_write_file (dir, "main.go", "package main\n\nvar v = \"dev\"\n\nfunc main() { println(v) }\n");
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_cwd (launcher, dir);
  g_subprocess_launcher_setenv (launcher, "GOCACHE", cache, TRUE);
  g_subprocess_launcher_setenv (launcher, "GOFLAGS", "-buildvcs=false", TRUE);
  g_subprocess_launcher_setenv (launcher, "CGO_ENABLED", "0", TRUE);
  g_subprocess_launcher_setenv (launcher, "GOOS", "linux", TRUE);
  g_subprocess_launcher_setenv (launcher, "GOARCH", "amd64", TRUE);
  proc = g_subprocess_launcher_spawn (launcher, &error, go, "build", "-ldflags", "-X main.v=1", "-o", out, ".", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (proc, NULL, &error);
  g_assert_no_error (error);

  facts = gantry_inspect_path (out, &error);
  g_assert_no_error (error);
  if (gantry_binary_get_go_setting (facts, "-ldflags") == NULL)
    {
      g_test_skip ("skipped: this Go does not record -ldflags");
      return;
    }
  target = gantry_target_parse ("linux/amd64", &error);
  promise.target = target;
  promise.cgo = 0;

  promise.ldflags = "-X main.v=1";
  gantry_verify_static (facts, &promise, NULL, same);
  assert_verdict (same, "go-settings", GANTRY_VERDICT_PASS, NULL);

  promise.ldflags = "-X main.v=2";
  gantry_verify_static (facts, &promise, NULL, other);
  assert_verdict (other, "go-settings", GANTRY_VERDICT_FAIL, "-ldflags=-X main.v=1 (promised -X main.v=2)");
}

/* "containers": false in the recipe: no engine is asked, and every Linux
 * artifact says why it was not run in a container. */
static void
test_containers_off (void)
{
  g_autofree char *path = verify_fixture_compile (root, "gcc", "hello-off", verify_fixture_hello_c, NULL);
  const char *images[] = { "alpine:3.19", NULL };
  GantryVerifyOptions options = { .images = images, .no_containers = TRUE, .static_only = FALSE };
  g_autoptr(GantryVerifyHost) host = gantry_verify_host_probe (&options, NULL);
  g_autoptr(GantryBinary) facts = NULL;
  g_autoptr(GantryTarget) target = NULL;
  g_autoptr(GPtrArray) verdicts = NULL;
  GantryVerifyPromise promise = { 0 };
  GantryVerdict *v;
  guint container_runs = 0;

  g_assert_null (host->engine);
  g_assert_cmpstr (host->engine_problem, ==, "container checks turned off in the recipe");
  if (path == NULL)
    {
      g_test_skip ("skipped: no gcc");
      return;
    }
#ifndef __x86_64__
  g_test_skip ("skipped: the host gcc does not build linux/amd64 here");
  return;
#endif

  facts = gantry_inspect_path (path, NULL);
  target = gantry_target_parse ("linux/amd64", NULL);
  promise.target = target;
  promise.cgo = -1;
  verdicts = gantry_verify_artifact (host, path, facts, &promise, &options, NULL);
  v = verify_fixture_find (verdicts, "run", "container");
  g_assert_nonnull (v);
  g_assert_cmpint (v->state, ==, GANTRY_VERDICT_SKIPPED);
  g_assert_cmpstr (v->message, ==, "skipped: container checks turned off in the recipe");
  for (guint i = 0; i < verdicts->len; i++)
    {
      GantryVerdict *c = g_ptr_array_index (verdicts, i);

      if (g_str_equal (c->check, "run") && g_str_has_suffix (c->place, "alpine:3.19"))
        container_runs++;
    }
  g_assert_cmpuint (container_runs, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  root = gantry_test_make_tmpdir ("verify");

  g_test_add_func ("/core/verify/static/gcc-dynamic", test_gcc_dynamic);
  g_test_add_func ("/core/verify/static/musl-static", test_musl_static);
  g_test_add_func ("/core/verify/static/aarch64-wrong-target", test_aarch64_wrong_target);
  g_test_add_func ("/core/verify/static/mingw-dlls", test_mingw_dlls);
  g_test_add_func ("/core/verify/static/go-ldflags", test_go_ldflags);
  g_test_add_func ("/core/verify/diagnose/classic-failures", test_diagnose);
  g_test_add_func ("/core/verify/diagnose/missing-interpreter", test_missing_interpreter);
  g_test_add_func ("/core/verify/matrix/text-and-json", test_matrix_text_and_json);
  g_test_add_func ("/core/verify/reproducible/differences", test_differences);
  g_test_add_func ("/core/verify/run/containers-off", test_containers_off);

  rc = g_test_run ();
  gantry_test_rm_rf (root);
  g_free (root);
  return rc;
}

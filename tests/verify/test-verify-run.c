/* test-verify-run.c — run checks for real: natively, under qemu-user, in a podman/docker container, and gantry verify */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "gantry-sample.h"
#include "gantry-test-util.h"
#include "verify-fixtures.h"

#define BUSYBOX_IMAGE "localhost/gantry-busybox:1"

static char *root;

static GPtrArray *
verify_path (GantryVerifyHost          *host,
             const char                *path,
             const char                *spec,
             const GantryVerifyOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryBinary) facts = gantry_inspect_path (path, &error);
  g_autoptr(GantryTarget) target = gantry_target_parse (spec, &error);
  GantryVerifyPromise promise = { target, -1, NULL };

  g_assert_no_error (error);
  return gantry_verify_artifact (host, path, facts, &promise, options, NULL);
}

static GantryVerdict *
expect_run (GPtrArray          *verdicts,
            const char         *place,
            GantryVerdictState  state,
            const char         *message_part)
{
  GantryVerdict *v = verify_fixture_find (verdicts, "run", place);

  if (v == NULL)
    g_error ("no run verdict at %s", place);
  if (v->state != state)
    g_error ("run at %s: %s, expected %s: %s\noutput:\n%s", place, gantry_verdict_state_to_string (v->state),
             gantry_verdict_state_to_string (state), v->message, v->output ? v->output : "");
  if (message_part != NULL && strstr (v->message, message_part) == NULL)
    g_error ("run at %s: '%s' lacks '%s'", place, v->message, message_part);
  return v;
}

static void
test_native (void)
{
  g_autofree char *path = verify_fixture_compile (root, "gcc", "native", verify_fixture_hello_c, NULL);
  const char *fail_args[] = { "fail", NULL };
  const char *hang_args[] = { "hang", NULL };
  GantryVerifyOptions options = { .engine = "none" };
  g_autoptr(GantryVerifyHost) host = NULL;
  g_autoptr(GPtrArray) ok = NULL, mismatch = NULL, failing = NULL, hanging = NULL;
  GantryVerdict *v;
  gint64 start;

  if (path == NULL)
    {
      g_test_skip ("skipped: no gcc");
      return;
    }
  host = gantry_verify_host_probe (&options, NULL);
  g_assert_null (host->engine);
  g_assert_nonnull (strstr (host->engine_problem, "no container engine"));

  ok = verify_path (host, path, "linux/amd64", &options);
  v = expect_run (ok, "native", GANTRY_VERDICT_PASS, "exit 0: hello from ");
  g_assert_cmpfloat (v->seconds, >, 0.0);
  g_assert_cmpfloat (v->seconds, <, 30.0);
  /* a missing runner is a reason, never a pass */
  expect_run (ok, "container", GANTRY_VERDICT_SKIPPED,
              "skipped: no container engine: containers are turned off on this machine");

  options.expect_output = "^hello from .*native$";
  g_clear_pointer (&ok, g_ptr_array_unref);
  ok = verify_path (host, path, "linux/amd64", &options);
  expect_run (ok, "native", GANTRY_VERDICT_PASS, NULL);

  options.expect_output = "^version [0-9]";
  mismatch = verify_path (host, path, "linux/amd64", &options);
  expect_run (mismatch, "native", GANTRY_VERDICT_FAIL, "exited 0 but its output does not match /^version [0-9]/");
  options.expect_output = NULL;

  options.run_args = fail_args;
  failing = verify_path (host, path, "linux/amd64", &options);
  expect_run (failing, "native", GANTRY_VERDICT_FAIL, "exited with status 3: cannot open config.toml");

  options.run_args = hang_args;
  options.timeout_seconds = 1;
  start = g_get_monotonic_time ();
  hanging = verify_path (host, path, "linux/amd64", &options);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  expect_run (hanging, "native", GANTRY_VERDICT_FAIL, "did not finish within 1 s");
}

static void
test_qemu_aarch64 (void)
{
  g_autofree char *dynamic = verify_fixture_compile (root, "aarch64-linux-gnu-gcc", "arm64-dyn", verify_fixture_hello_c, NULL);
  g_autofree char *qemu = g_find_program_in_path ("qemu-aarch64-static");
  GantryVerifyOptions options = { .engine = "none" };
  g_autoptr(GantryVerifyHost) host = gantry_verify_host_probe (&options, NULL);
  g_autoptr(GPtrArray) verdicts = NULL;
  g_autofree char *statically = NULL;
  g_autoptr(GPtrArray) static_verdicts = NULL;

  if (qemu == NULL)
    qemu = g_find_program_in_path ("qemu-aarch64");
  if (dynamic == NULL)
    {
      g_test_skip ("skipped: no aarch64-linux-gnu-gcc (gcc-aarch64-linux-gnu)");
      return;
    }
  if (!g_str_equal (host->host_arch, "amd64"))
    {
      g_test_skip ("skipped: this test runs arm64 code under emulation on an amd64 host");
      return;
    }

  verdicts = verify_path (host, dynamic, "linux/arm64", &options);
  if (qemu == NULL)
    {
      expect_run (verdicts, "qemu-aarch64", GANTRY_VERDICT_SKIPPED, "skipped: no qemu-aarch64");
      g_test_skip ("skipped: no qemu-aarch64 (qemu-user-static)");
      return;
    }
  /* the dynamic one needs the cross sysroot the compiler came with */
  expect_run (verdicts, "qemu-aarch64", GANTRY_VERDICT_PASS, "exit 0: hello from ");

  statically = verify_fixture_compile (root, "aarch64-linux-gnu-gcc", "arm64-static", verify_fixture_hello_c, "-static", NULL);
  options.qemu_sysroot = root;   /* not needed: nothing to load */
  static_verdicts = verify_path (host, statically, "linux/arm64/static", &options);
  expect_run (static_verdicts, "qemu-aarch64", GANTRY_VERDICT_PASS, "exit 0: hello from ");
}

static void
test_wine (void)
{
  static const char threads_c[] =
    "#include <pthread.h>\n"
    "#include <stdio.h>\n"
    "static void *run (void *arg) { return arg; }\n"
    "int main (void) { pthread_t t; pthread_create (&t, NULL, run, NULL); pthread_join (t, NULL); puts (\"threads ok\"); return 0; }\n";
  g_autofree char *hello = verify_fixture_compile (root, "x86_64-w64-mingw32-gcc", "hello.exe", verify_fixture_hello_c, NULL);
  g_autofree char *threads = NULL;
  g_autofree char *wineprefix = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "verify-wineprefix", NULL);
  GantryVerifyOptions options = { .engine = "none", .wineprefix = wineprefix, .timeout_seconds = 300 };
  g_autoptr(GantryVerifyHost) host = gantry_verify_host_probe (&options, NULL);
  g_autoptr(GPtrArray) ok = NULL, missing = NULL;
  GantryVerdict *v;

  if (hello == NULL)
    {
      g_test_skip ("skipped: no x86_64-w64-mingw32-gcc (gcc-mingw-w64-x86-64)");
      return;
    }
  ok = verify_path (host, hello, "windows/amd64", &options);
  if (host->wine == NULL)
    {
      expect_run (ok, "wine", GANTRY_VERDICT_SKIPPED, "skipped: no wine to run Windows programs here (install wine64)");
      g_test_skip ("skipped: no wine (wine64)");
      return;
    }
  /* the first start makes the prefix (kept in the build folder) */
  v = expect_run (ok, "wine", GANTRY_VERDICT_PASS, "exit 0: hello from ");
  g_assert_null (strstr (v->message, "wine: "));

  threads = verify_fixture_compile (root, "x86_64-w64-mingw32-gcc", "threads.exe", threads_c, "-pthread", NULL);
  missing = verify_path (host, threads, "windows/amd64", &options);
  g_assert_cmpint (verify_fixture_find (missing, "dlls", "static")->state, ==, GANTRY_VERDICT_FAIL);
  expect_run (missing, "wine", GANTRY_VERDICT_FAIL, "missing DLL libwinpthread-1.dll: ship it beside the exe");
}

/* Runs argv; returns TRUE when it exits 0. */
static gboolean
run_quietly (const char * const *argv)
{
  g_autoptr(GSubprocess) proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, NULL);
  g_autofree char *err = NULL;

  if (proc == NULL || !g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, NULL))
    return FALSE;
  if (!g_subprocess_get_successful (proc))
    g_test_message ("%s failed: %s", argv[0], err);
  return g_subprocess_get_successful (proc);
}

/* A libc-free image: busybox-static and nothing else, imported locally. */
static gboolean
import_busybox_image (GantryVerifyHost *host)
{
  g_autofree char *busybox = g_find_program_in_path ("busybox");
  g_autofree char *image_root = g_build_filename (root, "image-root", NULL);
  g_autofree char *bin = g_build_filename (image_root, "bin", NULL);
  g_autofree char *dest = g_build_filename (bin, "busybox", NULL);
  g_autofree char *tarball = g_build_filename (root, "image.tar", NULL);
  g_autoptr(GFile) src = NULL, dst = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *tar_argv[] = { "tar", "-C", image_root, "-cf", tarball, ".", NULL };

  if (busybox == NULL)
    return FALSE;
  g_assert_cmpint (g_mkdir_with_parents (bin, 0755), ==, 0);
  src = g_file_new_for_path (busybox);
  dst = g_file_new_for_path (dest);
  g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (run_quietly (tar_argv));

  g_ptr_array_add (argv, host->engine);
  for (guint i = 0; host->engine_flags[i] != NULL; i++)
    g_ptr_array_add (argv, host->engine_flags[i]);
  g_ptr_array_add (argv, (char *) "import");
  g_ptr_array_add (argv, tarball);
  g_ptr_array_add (argv, (char *) BUSYBOX_IMAGE);
  g_ptr_array_add (argv, NULL);
  return run_quietly ((const char * const *) argv->pdata);
}

static void
test_container_busybox (void)
{
  g_autofree char *musl = verify_fixture_compile (root, "musl-gcc", "musl-static", verify_fixture_hello_c, "-static", NULL);
  g_autofree char *glibc = verify_fixture_compile (root, "gcc", "glibc-dynamic", verify_fixture_hello_c, NULL);
  const char *images[] = { BUSYBOX_IMAGE, NULL };
  GantryVerifyOptions options = { .images = images, .timeout_seconds = 120 };
  g_autoptr(GantryVerifyHost) host = NULL;
  g_autoptr(GPtrArray) static_run = NULL, dynamic_run = NULL;
  g_autofree char *place = NULL;
  GantryVerdict *v;

  if (musl == NULL || glibc == NULL)
    {
      g_test_skip ("skipped: needs gcc and musl-gcc (musl-tools)");
      return;
    }
  host = gantry_verify_host_probe (&options, NULL);
  if (host->engine == NULL)
    {
      /* no engine answers here: the result says so instead of pretending */
      static_run = verify_path (host, musl, "linux/amd64/static@musl", &options);
      expect_run (static_run, "container", GANTRY_VERDICT_SKIPPED, "skipped: no container engine");
      g_test_skip ("skipped: no container engine answered `info` (set GANTRY_CONTAINER_FLAGS for this machine)");
      return;
    }
  if (!import_busybox_image (host))
    {
      g_test_skip ("skipped: could not build the busybox image (install busybox-static)");
      return;
    }

  place = g_strdup_printf ("%s:%s", host->engine_name, BUSYBOX_IMAGE);
  static_run = verify_path (host, musl, "linux/amd64/static@musl", &options);
  v = expect_run (static_run, place, GANTRY_VERDICT_PASS, "exit 0: hello from /gantry/musl-static");
  g_assert_cmpfloat (v->seconds, >, 0.0);

  dynamic_run = verify_path (host, glibc, "linux/amd64", &options);
  expect_run (dynamic_run, "native", GANTRY_VERDICT_PASS, NULL);
  v = expect_run (dynamic_run, place, GANTRY_VERDICT_FAIL, "missing interpreter /lib64/ld-linux-x86-64.so.2");
  g_assert_nonnull (strstr (v->message, "build static with musl"));

  /* A program that hangs is ended at the timeout, and so is its
   * container: killing the engine's client alone leaves it running. */
  {
    g_autofree char *sleeper = verify_fixture_compile (root, "musl-gcc", "sleeper",
                                                       "#include <unistd.h>\nint main (void) { sleep (600); return 0; }\n",
                                                       "-static", NULL);
    GantryVerifyOptions short_options = { .images = images, .timeout_seconds = 3 };
    g_autoptr(GPtrArray) hung = NULL;
    g_autoptr(GPtrArray) ps = g_ptr_array_new ();
    g_autoptr(GSubprocess) proc = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *names = NULL;

    g_assert_nonnull (sleeper);
    hung = verify_path (host, sleeper, "linux/amd64/static@musl", &short_options);
    v = expect_run (hung, place, GANTRY_VERDICT_FAIL, "did not finish within 3 s");

    g_ptr_array_add (ps, host->engine);
    for (guint j = 0; host->engine_flags[j] != NULL; j++)
      g_ptr_array_add (ps, host->engine_flags[j]);
    g_ptr_array_add (ps, (char *) "ps");
    g_ptr_array_add (ps, (char *) "-a");
    g_ptr_array_add (ps, (char *) "--format");
    g_ptr_array_add (ps, (char *) "{{.Names}}");
    g_ptr_array_add (ps, NULL);
    proc = g_subprocess_newv ((const char * const *) ps->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
    g_assert_no_error (error);
    g_subprocess_communicate_utf8 (proc, NULL, NULL, &names, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (g_subprocess_get_successful (proc));
    g_assert_null (strstr (names, "gantry-verify-"));
  }
}

#define DEBIAN_IMAGE "localhost/gantry-debian:12"

/* A Debian 12 root made with debootstrap --variant=minbase, cached
 * under the build folder (about 30 s and 200 MB once), imported once
 * per engine. NULL with @why set when it cannot be made here. */
static gboolean
import_debian_image (GantryVerifyHost  *host,
                     char             **why)
{
  g_autofree char *debootstrap = g_find_program_in_path ("debootstrap");
  g_autofree char *cache = g_test_build_filename (G_TEST_BUILT, "debian-minbase", NULL);
  g_autofree char *partial = g_strconcat (cache, ".partial", NULL);
  g_autofree char *done = g_build_filename (cache, ".gantry-complete", NULL);
  g_autofree char *tarball = g_build_filename (root, "debian.tar", NULL);
  const char *mirror = g_getenv ("GANTRY_DEBIAN_MIRROR") ? g_getenv ("GANTRY_DEBIAN_MIRROR")
                                                         : "http://deb.debian.org/debian";
  g_autoptr(GPtrArray) exists = g_ptr_array_new ();
  g_autoptr(GPtrArray) import = g_ptr_array_new ();

  if (debootstrap == NULL)
    debootstrap = g_strdup (g_file_test ("/usr/sbin/debootstrap", G_FILE_TEST_IS_EXECUTABLE) ? "/usr/sbin/debootstrap" : NULL);

  /* already imported by an earlier run? */
  g_ptr_array_add (exists, host->engine);
  for (guint i = 0; host->engine_flags[i] != NULL; i++)
    g_ptr_array_add (exists, host->engine_flags[i]);
  g_ptr_array_add (exists, (char *) "image");
  g_ptr_array_add (exists, (char *) "exists");
  g_ptr_array_add (exists, (char *) DEBIAN_IMAGE);
  g_ptr_array_add (exists, NULL);
  if (run_quietly ((const char * const *) exists->pdata))
    return TRUE;

  if (!g_file_test (done, G_FILE_TEST_EXISTS))
    {
      const char *argv[] = { debootstrap, "--variant=minbase", "bookworm", partial, mirror, NULL };

      if (debootstrap == NULL)
        {
          *why = g_strdup ("skipped: no debootstrap to make a Debian image (install debootstrap)");
          return FALSE;
        }
      gantry_test_rm_rf (partial);
      if (!run_quietly (argv))
        {
          *why = g_strdup_printf ("skipped: debootstrap could not make a Debian root from %s (set GANTRY_DEBIAN_MIRROR)", mirror);
          gantry_test_rm_rf (partial);
          return FALSE;
        }
      gantry_test_rm_rf (cache);
      g_assert_cmpint (g_rename (partial, cache), ==, 0);
      gantry_test_write_file (cache, ".gantry-complete", "");
    }

  {
    const char *tar_argv[] = { "tar", "-C", cache, "--exclude=./.gantry-complete", "-cf", tarball, ".", NULL };
    g_assert_true (run_quietly (tar_argv));
  }
  g_ptr_array_add (import, host->engine);
  for (guint i = 0; host->engine_flags[i] != NULL; i++)
    g_ptr_array_add (import, host->engine_flags[i]);
  g_ptr_array_add (import, (char *) "import");
  g_ptr_array_add (import, tarball);
  g_ptr_array_add (import, (char *) DEBIAN_IMAGE);
  g_ptr_array_add (import, NULL);
  if (!run_quietly ((const char * const *) import->pdata))
    {
      *why = g_strdup ("skipped: the engine could not import the Debian root");
      return FALSE;
    }
  g_unlink (tarball);
  return TRUE;
}

/* The static musl build runs in Debian as in busybox; the dynamic glibc
 * build, which fails in busybox, runs in Debian 12 (glibc 2.36). */
static void
test_container_debian (void)
{
  g_autofree char *musl = verify_fixture_compile (root, "musl-gcc", "musl-static-deb", verify_fixture_hello_c, "-static", NULL);
  g_autofree char *glibc = verify_fixture_compile (root, "gcc", "glibc-dynamic-deb", verify_fixture_hello_c, NULL);
  const char *images[] = { DEBIAN_IMAGE, NULL };
  GantryVerifyOptions options = { .images = images, .timeout_seconds = 120 };
  g_autoptr(GantryVerifyHost) host = NULL;
  g_autoptr(GPtrArray) static_run = NULL, dynamic_run = NULL;
  g_autofree char *place = NULL;
  g_autofree char *why = NULL;

  if (musl == NULL || glibc == NULL)
    {
      g_test_skip ("skipped: needs gcc and musl-gcc (musl-tools)");
      return;
    }
  host = gantry_verify_host_probe (&options, NULL);
  if (host->engine == NULL)
    {
      g_test_skip ("skipped: no container engine answered `info` (set GANTRY_CONTAINER_FLAGS for this machine)");
      return;
    }
  if (!import_debian_image (host, &why))
    {
      g_test_skip (why);
      return;
    }

  place = g_strdup_printf ("%s:%s", host->engine_name, DEBIAN_IMAGE);
  static_run = verify_path (host, musl, "linux/amd64/static@musl", &options);
  expect_run (static_run, place, GANTRY_VERDICT_PASS, "exit 0: hello from /gantry/musl-static-deb");
  dynamic_run = verify_path (host, glibc, "linux/amd64", &options);
  expect_run (dynamic_run, place, GANTRY_VERDICT_PASS, "exit 0: hello from /gantry/glibc-dynamic-deb");
}

static void
on_built (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GMainLoop *loop = user_data;
  g_autoptr(GError) error = NULL;

  gantry_build_run_finish (GANTRY_BUILD (source), result, &error);
  g_assert_no_error (error);
  g_main_loop_quit (loop);
}

static void
on_verified (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GPtrArray **matrix = user_data;
  g_autoptr(GError) error = NULL;

  *matrix = gantry_verify_build_finish (GANTRY_BUILD (source), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*matrix);
}

static gboolean
have (const char *program)
{
  g_autofree char *path = g_find_program_in_path (program);
  return path != NULL;
}

/* The API `gantry build` calls after a build: the sample for four
 * targets, each checked wherever this machine can run it. */
static void
test_build_matrix (void)
{
  g_autofree char *project_dir = g_build_filename (root, "matrix", "hello-cgo", NULL);
  g_autofree char *data_dir = g_build_filename (root, "matrix-data", NULL);
  g_autofree char *store_path = g_build_filename (data_dir, "gantry.db", NULL);
  g_autofree char *gocache = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "verify-gocache", NULL);
  g_autofree char *wineprefix = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "verify-wineprefix", NULL);
  g_autoptr(GFile) src = g_file_new_for_path (g_getenv ("GANTRY_SAMPLE_DIR"));
  g_autoptr(GFile) dst = g_file_new_for_path (project_dir);
  char *targets[] = { "linux/amd64", "linux/amd64/static@musl", "linux/arm64", "windows/amd64", NULL };
  const char *images[] = { BUSYBOX_IMAGE, NULL };
  GantryVerifyOptions verify_options = { .images = images, .wineprefix = wineprefix, .timeout_seconds = 300 };
  GantryBuildOptions build_options = { 0 };
  g_autoptr(GantryStore) store = NULL;
  g_autoptr(GantryProject) project = NULL;
  g_autoptr(GantryBuild) build = NULL;
  g_autoptr(GantryVerifyHost) host = NULL;
  g_autoptr(GPtrArray) matrix = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *recorded = NULL;
  gboolean containers;
  GantryVerdict *v;
  sqlite3 *db = NULL;

  if (!have ("go") || !have ("gcc") || !have ("musl-gcc") || !have ("aarch64-linux-gnu-gcc") ||
      !have ("x86_64-w64-mingw32-gcc"))
    {
      g_test_skip ("skipped: needs go, gcc, musl-gcc, aarch64-linux-gnu-gcc and x86_64-w64-mingw32-gcc");
      return;
    }

  g_assert_cmpint (g_mkdir_with_parents (data_dir, 0700), ==, 0);
  gantry_copy_tree (src, dst, NULL, &error);
  g_assert_no_error (error);
  store = gantry_store_open (store_path, &error);
  g_assert_no_error (error);
  project = gantry_project_load (project_dir, &error);
  g_assert_no_error (error);
  gantry_store_add_project (store, project, &error);
  g_assert_no_error (error);

  build_options.targets = targets;
  build_options.gocache = gocache;
  build = gantry_build_new (store, project, &build_options, &error);
  g_assert_no_error (error);
  gantry_build_run_async (build, NULL, on_built, loop);
  g_main_loop_run (loop);

  /* the busybox image, when an engine answers */
  host = gantry_verify_host_probe (&verify_options, NULL);
  containers = host->engine != NULL && import_busybox_image (host);

  /* the window's way: in a worker thread, the main loop free */
  gantry_verify_build_async (store, build, &verify_options, NULL, on_verified, &matrix);
  while (matrix == NULL)
    g_main_context_iteration (NULL, TRUE);
  {
    g_autofree char *text = gantry_verify_matrix_to_text (matrix);
    g_test_message ("%s", text);
  }

  for (guint i = 0; i < matrix->len; i++)
    {
      v = g_ptr_array_index (matrix, i);
      g_assert_cmpint (v->artifact_id, >, 0);
      /* every promise of the recipe is kept by the files */
      if (g_str_equal (v->place, "static"))
        g_assert_cmpint (v->state, ==, GANTRY_VERDICT_PASS);
    }

  v = NULL;
  for (guint i = 0; i < matrix->len && v == NULL; i++)
    {
      GantryVerdict *c = g_ptr_array_index (matrix, i);
      if (g_str_equal (c->target, "linux/amd64") && g_str_equal (c->check, "run") && g_str_equal (c->place, "native"))
        v = c;
    }
  if (v == NULL)
    g_error ("no native run of linux/amd64 in the matrix");
  g_assert_cmpint (v->state, ==, GANTRY_VERDICT_PASS);
  g_assert_true (g_str_has_prefix (v->message, "exit 0: hello-cgo "));

  for (guint i = 0; i < matrix->len; i++)
    {
      GantryVerdict *c = g_ptr_array_index (matrix, i);

      if (!g_str_equal (c->check, "run"))
        continue;
      if (g_str_equal (c->target, "linux/arm64") && g_str_has_prefix (c->place, "qemu-aarch64"))
        g_assert_cmpint (c->state, ==, have ("qemu-aarch64") || have ("qemu-aarch64-static")
                                       ? GANTRY_VERDICT_PASS : GANTRY_VERDICT_SKIPPED);
      if (g_str_equal (c->target, "windows/amd64"))
        {
          g_assert_cmpstr (c->place, ==, "wine");
          if (host->wine == NULL)
            g_assert_cmpstr (c->message, ==, "skipped: no wine to run Windows programs here (install wine64)");
          else
            g_assert_cmpint (c->state, ==, GANTRY_VERDICT_PASS);
        }
      if (containers && g_str_has_suffix (c->place, BUSYBOX_IMAGE))
        {
          /* static musl runs in an image with no libc; the glibc build does not, and says why */
          if (g_str_equal (c->target, "linux/amd64/static@musl"))
            g_assert_cmpint (c->state, ==, GANTRY_VERDICT_PASS);
          if (g_str_equal (c->target, "linux/amd64"))
            {
              g_assert_cmpint (c->state, ==, GANTRY_VERDICT_FAIL);
              g_assert_true (g_str_has_prefix (c->message, "missing interpreter "));
            }
        }
      if (!containers && g_str_equal (c->place, "container"))
        g_assert_cmpint (c->state, ==, GANTRY_VERDICT_SKIPPED);
    }

  g_assert_cmpint (sqlite3_open_v2 (store_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  recorded = gantry_test_sql_text (db, "SELECT count(*) FROM verdicts");
  g_assert_cmpint (atoi (recorded), ==, (int) matrix->len);
  sqlite3_close (db);
}

/* gantry build of the sample, then gantry verify of that run. */
static void
test_cli_verify_run (void)
{
  g_autofree char *project = g_build_filename (root, "sample", "hello-cgo", NULL);
  g_autofree char *data_dir = g_build_filename (root, "data", NULL);
  g_autofree char *store_path = g_build_filename (data_dir, "gantry.db", NULL);
  g_autoptr(GFile) src = g_file_new_for_path (g_getenv ("GANTRY_SAMPLE_DIR"));
  g_autoptr(GFile) dst = g_file_new_for_path (project);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL, *text_out = NULL, *count = NULL, *native = NULL;
  g_autofree char *go = g_find_program_in_path ("go");
  g_autofree char *gcc = g_find_program_in_path ("gcc");
  JsonObject *result;
  JsonArray *verdicts;
  gboolean saw_native = FALSE, saw_settings = FALSE;
  sqlite3 *db = NULL;
  int rc;

  if (go == NULL || gcc == NULL)
    {
      g_test_skip ("skipped: needs go and gcc");
      return;
    }
  gantry_copy_tree (src, dst, NULL, &error);
  g_assert_no_error (error);

  rc = gantry_test_run_gantry (data_dir, &out, &err, "build", project, "--target", "linux/amd64", "--no-verify", NULL);
  if (rc != 0)
    g_error ("gantry build exited %d:\n%s\n%s", rc, out, err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  rc = gantry_test_run_gantry (data_dir, &out, &err, "verify", "--json", "--engine", "none", NULL);
  if (rc != 0)
    g_error ("gantry verify exited %d:\n%s\n%s", rc, out, err);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  result = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (result, "run"), >, 0);
  g_assert_cmpint (json_object_get_int_member (result, "failed"), ==, 0);
  verdicts = json_object_get_array_member (result, "verdicts");
  for (guint i = 0; i < json_array_get_length (verdicts); i++)
    {
      JsonObject *v = json_array_get_object_element (verdicts, i);
      const char *check = json_object_get_string_member (v, "check");

      g_assert_cmpstr (json_object_get_string_member (v, "target"), ==, "linux/amd64");
      g_assert_cmpint (json_object_get_int_member (v, "artifact_id"), >, 0);
      if (g_str_equal (check, "run") && g_str_equal (json_object_get_string_member (v, "place"), "native"))
        {
          saw_native = TRUE;
          g_assert_cmpstr (json_object_get_string_member (v, "state"), ==, "pass");
          g_assert_true (g_str_has_prefix (json_object_get_string_member (v, "message"), "exit 0: hello-cgo "));
        }
      if (g_str_equal (check, "go-settings"))
        {
          saw_settings = TRUE;
          g_assert_cmpstr (json_object_get_string_member (v, "state"), ==, "pass");
          g_assert_nonnull (strstr (json_object_get_string_member (v, "message"), "CGO_ENABLED=1"));
        }
    }
  g_assert_true (saw_native);
  g_assert_true (saw_settings);

  /* the verdicts were recorded with the run */
  g_assert_cmpint (sqlite3_open_v2 (store_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  count = gantry_test_sql_text (db, "SELECT count(*) FROM verdicts v JOIN artifacts a ON a.id = v.artifact_id"
                                    " WHERE a.run_id = (SELECT max(id) FROM runs)");
  g_assert_cmpint (atoi (count), ==, (int) json_array_get_length (verdicts));
  native = gantry_test_sql_text (db, "SELECT state || ' ' || message FROM verdicts WHERE check_name = 'run' AND place = 'native'");
  g_assert_true (g_str_has_prefix (native, "pass exit 0: hello-cgo "));
  g_assert_true (g_str_has_suffix (native, " s)"));
  sqlite3_close (db);

  /* the table, and a failing promise makes the exit status 1 */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  rc = gantry_test_run_gantry (data_dir, &text_out, &err, "verify", "--engine", "none", "--expect", "^no such version", NULL);
  g_assert_cmpint (rc, ==, 1);
  g_assert_nonnull (strstr (text_out, "TARGET"));
  g_assert_nonnull (strstr (text_out, "does not match /^no such version/"));
  g_assert_nonnull (strstr (text_out, " failed, "));
  /* the run's verdict follows its checks: a failed one is not "released" */
  g_assert_cmpint (sqlite3_open_v2 (store_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_clear_pointer (&count, g_free);
  count = gantry_test_sql_text (db, "SELECT outcome FROM runs ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (count, ==, "problems");
  sqlite3_close (db);

  /* the recipe's verify settings hold for `gantry verify` as for the
   * build: with "containers": false no image is run, each says why */
  {
    g_autofree char *recipe_file = g_build_filename (root, "sample-recipe.json", NULL);
    g_autoptr(JsonParser) recipe_parser = json_parser_new ();
    g_autoptr(JsonParser) off_parser = json_parser_new ();
    g_autoptr(JsonGenerator) gen = json_generator_new ();
    JsonObject *verify;
    JsonArray *off_verdicts;
    JsonArray *images = json_array_new ();
    guint skipped_containers = 0;
    g_autofree char *name = NULL;

    /* the built copy: the store holds the built-in sample too */
    g_assert_cmpint (sqlite3_open_v2 (store_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    name = gantry_test_sql_text (db, "SELECT p.name FROM projects p JOIN runs r ON r.project_id = p.id"
                                     " ORDER BY r.id DESC LIMIT 1");
    sqlite3_close (db);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    rc = gantry_test_run_gantry (data_dir, &out, &err, "recipe", "export", name, "--file", recipe_file, NULL);
    g_assert_cmpint (rc, ==, 0);
    json_parser_load_from_file (recipe_parser, recipe_file, &error);
    g_assert_no_error (error);
    verify = json_object_new ();
    json_array_add_string_element (images, "alpine:3.19");
    json_object_set_array_member (verify, "images", images);
    json_object_set_boolean_member (verify, "containers", FALSE);
    json_object_set_object_member (json_node_get_object (json_parser_get_root (recipe_parser)), "verify", verify);
    json_generator_set_root (gen, json_parser_get_root (recipe_parser));
    g_assert_true (json_generator_to_file (gen, recipe_file, &error));
    g_assert_no_error (error);
    rc = gantry_test_run_gantry (data_dir, &out, &err, "recipe", "import", name, "--file", recipe_file, NULL);
    g_assert_cmpint (rc, ==, 0);

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    rc = gantry_test_run_gantry (data_dir, &out, &err, "verify", "--json", NULL);
    if (rc != 0)
      g_error ("gantry verify exited %d:\n%s\n%s", rc, out, err);
    json_parser_load_from_data (off_parser, out, -1, &error);
    g_assert_no_error (error);
    off_verdicts = json_object_get_array_member (json_node_get_object (json_parser_get_root (off_parser)), "verdicts");
    for (guint i = 0; i < json_array_get_length (off_verdicts); i++)
      {
        JsonObject *v = json_array_get_object_element (off_verdicts, i);

        g_assert_false (g_str_has_suffix (json_object_get_string_member (v, "place"), "alpine:3.19"));
        if (g_str_equal (json_object_get_string_member (v, "place"), "container"))
          {
            g_assert_cmpstr (json_object_get_string_member (v, "state"), ==, "skipped");
            g_assert_cmpstr (json_object_get_string_member (v, "message"), ==,
                             "skipped: container checks turned off in the recipe");
            skipped_containers++;
          }
      }
    g_assert_cmpuint (skipped_containers, ==, 1);

    /* verified again, the run holds this verification's checks only
     * (the failed --expect one was replaced), and its verdict is good
     * again, as `gantry runs --json` says */
    g_assert_cmpint (sqlite3_open_v2 (store_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_clear_pointer (&count, g_free);
    count = gantry_test_sql_text (db, "SELECT count(*) FROM verdicts v JOIN artifacts a ON a.id = v.artifact_id"
                                      " WHERE a.run_id = (SELECT max(id) FROM runs)");
    g_assert_cmpint (atoi (count), ==, (int) json_array_get_length (off_verdicts));
    g_clear_pointer (&count, g_free);
    count = gantry_test_sql_text (db, "SELECT count(*) FROM verdicts v JOIN artifacts a ON a.id = v.artifact_id"
                                      " WHERE a.run_id = (SELECT max(id) FROM runs) AND v.state = 'fail'");
    g_assert_cmpstr (count, ==, "0");
    sqlite3_close (db);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    rc = gantry_test_run_gantry (data_dir, &out, &err, "runs", "--json", NULL);
    g_assert_cmpint (rc, ==, 0);
    g_assert_null (strstr (out, "\"problems\""));
    g_assert_true (strstr (out, "\"state\" : \"released\"") != NULL || strstr (out, "\"state\" : \"built\"") != NULL);
  }

  /* a fresh rebuild of a -trimpath linux cgo build is byte-identical */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  rc = gantry_test_run_gantry (data_dir, &out, &err, "verify", "--reproducible", "--static-only", NULL);
  if (rc != 0)
    g_error ("gantry verify --reproducible exited %d:\n%s\n%s", rc, out, err);
  g_assert_nonnull (strstr (out, "reproducible: a fresh rebuild is byte-identical (sha256 "));
  g_assert_cmpint (sqlite3_open_v2 (store_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_clear_pointer (&native, g_free);
  native = gantry_test_sql_text (db, "SELECT state FROM verdicts WHERE check_name = 'reproducible' AND place = 'rebuild'");
  g_assert_cmpstr (native, ==, "pass");
  sqlite3_close (db);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  rc = gantry_test_run_gantry (data_dir, &out, &err, "verify", "987654", NULL);
  g_assert_cmpint (rc, ==, 1);
  g_assert_nonnull (strstr (err, "There is no run 987654"));
}

int
main (int    argc,
      char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  root = gantry_test_make_tmpdir ("verify-run");
  {
    /* gantry_build_new keeps its build folders there */
    g_autofree char *data_dir = g_build_filename (root, "matrix-data", NULL);
    g_setenv ("GANTRY_DATA_DIR", data_dir, TRUE);
  }

  /* Where podman and runc are installed (CI, this development machine),
   * podman runs only with these; a machine that sets its own keeps them. */
  if (g_getenv ("GANTRY_CONTAINER_ENGINE") == NULL)
    {
      g_autofree char *podman = g_find_program_in_path ("podman");
      g_autofree char *runc = g_find_program_in_path ("runc");

      if (podman != NULL && runc != NULL)
        {
          g_setenv ("GANTRY_CONTAINER_ENGINE", "podman", TRUE);
          g_setenv ("GANTRY_CONTAINER_FLAGS", "--runtime runc --cgroup-manager=cgroupfs --events-backend=file", FALSE);
          g_setenv ("GANTRY_CONTAINER_RUN_FLAGS", "--ulimit nofile=1024:1024 --ulimit nproc=4096:4096", FALSE);
        }
    }

  g_test_add_func ("/integration/verify/run/native", test_native);
  g_test_add_func ("/integration/verify/run/qemu-aarch64", test_qemu_aarch64);
  g_test_add_func ("/integration/verify/run/wine", test_wine);
  g_test_add_func ("/integration/verify/run/container-busybox", test_container_busybox);
  g_test_add_func ("/integration/verify/run/container-debian", test_container_debian);
  g_test_add_func ("/integration/verify/cli/build-then-verify", test_cli_verify_run);
  g_test_add_func ("/integration/verify/build/sample-matrix", test_build_matrix);

  rc = g_test_run ();
  gantry_test_rm_rf (root);
  g_free (root);
  return rc;
}

/* test-sample-build.c — the built-in sample really builds with cgo, natively and across */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "gantry-sample.h"
#include "gantry-test-util.h"

typedef struct
{
  const char *name;
  const char *goos;
  const char *goarch;
  const char *cc;
  const char *ldflags;     /* NULL: only -X */
  const char *runner;      /* NULL: run natively; "" : do not run */
  const char *runner_arg;  /* e.g. -L sysroot for qemu */
  const char *expect_libc; /* substring of the "libc:" line */
} Target;

static const Target targets[] = {
  { "linux-amd64-glibc", "linux", "amd64", "gcc", NULL, NULL, NULL, "glibc" },
  { "linux-amd64-musl-static", "linux", "amd64", "musl-gcc",
    "-linkmode external -extldflags -static", NULL, NULL, "musl" },
  { "linux-arm64-glibc", "linux", "arm64", "aarch64-linux-gnu-gcc", NULL,
    "qemu-aarch64", "/usr/aarch64-linux-gnu", "glibc" },
  { "windows-amd64", "windows", "amd64", "x86_64-w64-mingw32-gcc", NULL, "", NULL, NULL },
};

static char *sample_copy;
static char *gocache;

static char *
run_argv (const char * const *argv,
          const char          *cwd,
          const char * const  *env_add,
          int                 *status)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);
  for (guint i = 0; env_add != NULL && env_add[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env_add[i], env_add[i + 1], TRUE);

  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
  return out;
}

static void
test_build_target (gconstpointer data)
{
  const Target *t = data;
  g_autofree char *go = gantry_test_find_program ("go");
  g_autofree char *cc = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *ldflags = NULL;
  g_autofree char *log = NULL;
  g_autofree char *run_out = NULL;
  g_autofree char *magic = NULL;
  int status = -1;

  if (go == NULL)
    {
      g_test_skip ("skipped: no go command on PATH (install golang-go)");
      return;
    }
  cc = gantry_test_find_program (t->cc);
  if (cc == NULL)
    {
      g_autofree char *why = g_strdup_printf ("skipped: no %s on PATH", t->cc);
      g_test_skip (why);
      return;
    }

  out_path = g_strdup_printf ("%s/out/%s%s", sample_copy, t->name,
                              g_str_equal (t->goos, "windows") ? ".exe" : "");
  ldflags = g_strdup_printf ("-X main.version=7.7.7%s%s", t->ldflags ? " " : "", t->ldflags ? t->ldflags : "");

  {
    const char *argv[] = { go, "build", "-trimpath", "-ldflags", ldflags, "-o", out_path, ".", NULL };
    const char *env[] = {
      "CGO_ENABLED", "1", "GOOS", t->goos, "GOARCH", t->goarch, "CC", t->cc,
      "GOCACHE", gocache, "GOFLAGS", "-buildvcs=false", "GOTOOLCHAIN", "local",
      NULL
    };

    log = run_argv (argv, sample_copy, env, &status);
    if (status != 0)
      g_error ("go build for %s failed (%d):\n%s", t->name, status, log);
  }

  /* What came out is an executable of the right kind. */
  magic = gantry_test_read_file (out_path, NULL);
  if (g_str_equal (t->goos, "windows"))
    g_assert_true (magic[0] == 'M' && magic[1] == 'Z');
  else
    g_assert_true (magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F');

  if (t->runner != NULL && t->runner[0] == '\0')
    return;

  {
    g_autofree char *runner = t->runner ? gantry_test_find_program (t->runner) : NULL;
    g_autofree char *libc_line = NULL;
    g_autofree char *platform = NULL;

    if (t->runner != NULL && runner == NULL)
      {
        g_autofree char *why = g_strdup_printf ("skipped running: no %s on PATH (install qemu-user)", t->runner);
        g_test_skip (why);
        return;
      }
    if (t->runner_arg != NULL && !g_file_test (t->runner_arg, G_FILE_TEST_IS_DIR))
      {
        g_autofree char *why = g_strdup_printf ("skipped running: no sysroot at %s", t->runner_arg);
        g_test_skip (why);
        return;
      }

    if (runner != NULL)
      {
        const char *argv[] = { runner, "-L", t->runner_arg, out_path, NULL };
        run_out = run_argv (argv, NULL, NULL, &status);
      }
    else
      {
        const char *argv[] = { out_path, NULL };
        run_out = run_argv (argv, NULL, NULL, &status);
      }

    g_assert_cmpint (status, ==, 0);
    platform = g_strdup_printf ("platform: %s/%s\n", t->goos, t->goarch);
    libc_line = g_strdup_printf ("libc: %s", t->expect_libc);
    g_assert_true (g_str_has_prefix (run_out, "hello-cgo 7.7.7\n"));
    g_assert_nonnull (strstr (run_out, platform));
    g_assert_nonnull (strstr (run_out, libc_line));
    g_assert_nonnull (strstr (run_out, "C says 2 + 3 = 5"));
  }
}

/* The copy Gantry makes on first start is the same tree as the source. */
static void
test_copy_matches_source (void)
{
  const char *files[] = { "go.mod", "main.go", "README.md" };
  const char *src = g_getenv ("GANTRY_SAMPLE_DIR");

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *a_path = g_build_filename (src, files[i], NULL);
      g_autofree char *b_path = g_build_filename (sample_copy, files[i], NULL);
      gsize a_len, b_len;
      g_autofree char *a = gantry_test_read_file (a_path, &a_len);
      g_autofree char *b = gantry_test_read_file (b_path, &b_len);

      g_assert_cmpmem (a, a_len, b, b_len);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *tmp = NULL;
  g_autoptr(GFile) src = NULL;
  g_autoptr(GFile) dst = NULL;
  g_autoptr(GError) error = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);

  tmp = gantry_test_make_tmpdir ("sample");
  sample_copy = g_build_filename (tmp, "hello-cgo", NULL);
  gocache = g_build_filename (tmp, "gocache", NULL);
  src = g_file_new_for_path (g_getenv ("GANTRY_SAMPLE_DIR"));
  dst = g_file_new_for_path (sample_copy);
  gantry_copy_tree (src, dst, NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/integration/sample/copy-matches-source", test_copy_matches_source);
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autofree char *path = g_strdup_printf ("/integration/sample/build/%s", targets[i].name);
      g_test_add_data_func (path, &targets[i], test_build_target);
    }

  rc = g_test_run ();

  gantry_test_rm_rf (tmp);
  g_free (sample_copy);
  g_free (gocache);
  return rc;
}

/* bench-build.c — gantry build next to a plain script running the same go build commands */
/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Prints figures, asserts nothing. Caches are warmed first, then each
 * side runs ROUNDS times and the best time counts:
 *   - one target: Gantry's overhead over the bare go build (target ≤ 3 %)
 *   - five targets: Gantry (parallel) against the script (one after another)
 * Run: meson test -C build --benchmark bench-build -v */
#include "config.h"

#include <stdio.h>
#include <gio/gio.h>

#include "gantry-archive.h"
#include "gantry-sample.h"

#define ROUNDS 3

static const char *matrix[] = {
  "linux/amd64", "linux/amd64/static@musl", "linux/arm64", "windows/amd64", "windows/amd64/static",
};

static char *data_dir;
static char *project;

static double
run_timed (const char * const *argv,
           gboolean            quiet)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (quiet ? G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE
                                     : G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  g_subprocess_launcher_setenv (launcher, "GANTRY_DATA_DIR", data_dir, TRUE);
  start = g_get_monotonic_time ();
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (proc == NULL || !g_subprocess_wait_check (proc, NULL, &error))
    {
      g_printerr ("bench-build: %s failed: %s\n", argv[0], error->message);
      exit (1);
    }
  return (g_get_monotonic_time () - start) / 1e6;
}

static GPtrArray *
gantry_argv (const char * const *targets,
             guint               n,
             gboolean            dry_run)
{
  GPtrArray *argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *) g_getenv ("GANTRY_EXE"));
  g_ptr_array_add (argv, (char *) "build");
  g_ptr_array_add (argv, project);
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (argv, (char *) "--target");
      g_ptr_array_add (argv, (char *) targets[i]);
    }
  if (dry_run)
    g_ptr_array_add (argv, (char *) "--dry-run");
  else
    /* like for like: the script only builds */
    g_ptr_array_add (argv, (char *) "--no-verify");
  g_ptr_array_add (argv, NULL);
  return argv;
}

/* The plan's own bash text is the "plain script": the same commands,
 * one after another, nothing else. */
static char *
script_for (const char * const *targets,
            guint               n)
{
  g_autoptr(GPtrArray) argv = gantry_argv (targets, n, TRUE);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  char *path = g_build_filename (data_dir, n == 1 ? "one.sh" : "matrix.sh", NULL);

  g_subprocess_launcher_setenv (launcher, "GANTRY_DATA_DIR", data_dir, TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, out, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* go build skips the link when the output it would write is already
 * up to date, so every round starts with no binaries on either side. */
static double
best_of (const char * const *argv)
{
  g_autofree char *builds = g_build_filename (data_dir, "builds", NULL);
  double best = G_MAXDOUBLE;

  for (guint i = 0; i < ROUNDS; i++)
    {
      gantry_archive_remove_tree (builds, NULL);
      best = MIN (best, run_timed (argv, TRUE));
    }
  return best;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *go = g_find_program_in_path ("go");
  g_autofree char *root = NULL;
  g_autoptr(GFile) src = NULL;
  g_autoptr(GFile) dst = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) one = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *one_sh = NULL;
  g_autofree char *all_sh = NULL;
  double g1, s1, g5, s5;

  if (go == NULL || g_getenv ("GANTRY_EXE") == NULL || g_getenv ("GANTRY_SAMPLE_DIR") == NULL)
    {
      printf ("skipped: needs go, GANTRY_EXE and GANTRY_SAMPLE_DIR (run through meson test --benchmark)\n");
      return 0;
    }

  root = g_dir_make_tmp ("gantry-bench-build-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (root, "data", NULL);
  project = g_build_filename (root, "hello-cgo", NULL);
  src = g_file_new_for_path (g_getenv ("GANTRY_SAMPLE_DIR"));
  dst = g_file_new_for_path (project);
  gantry_copy_tree (src, dst, NULL, &error);
  g_assert_no_error (error);

  one = gantry_argv (matrix, 1, FALSE);
  all = gantry_argv (matrix, G_N_ELEMENTS (matrix), FALSE);
  one_sh = script_for (matrix, 1);
  all_sh = script_for (matrix, G_N_ELEMENTS (matrix));

  printf ("warming the caches (standard library for each target)…\n");
  fflush (stdout);
  run_timed ((const char * const *) all->pdata, TRUE);

  {
    const char *bash_one[] = { "bash", one_sh, NULL };
    const char *bash_all[] = { "bash", all_sh, NULL };

    s1 = best_of (bash_one);
    g1 = best_of ((const char * const *) one->pdata);
    s5 = best_of (bash_all);
    g5 = best_of ((const char * const *) all->pdata);
  }

  printf ("\nbest of %d, warm caches, %u cores\n", ROUNDS, g_get_num_processors ());
  printf ("%-34s %10s %10s %10s\n", "", "script", "gantry", "gantry/script");
  printf ("%-34s %9.2fs %9.2fs %9.1f%%   (target: ≤ 103%%)\n", "1 target (linux/amd64)", s1, g1, 100 * g1 / s1);
  printf ("%-34s %9.2fs %9.2fs %9.1f%%   (target: < 100%%)\n", "5 targets (script one by one)", s5, g5, 100 * g5 / s5);
  printf ("gantry's time includes inspecting each binary and packaging dist/ with SHA256SUMS;\n"
          "the script only runs the go build commands.\n");

  {
    g_autoptr(GSubprocess) rm = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, NULL, "rm", "-rf", root, NULL);
    if (rm != NULL)
      g_subprocess_wait (rm, NULL, NULL);
  }
  return 0;
}

/* bench-build.c — gantry build next to a plain script running the same go build commands */
/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Prints figures, asserts nothing. Caches are warmed first, then each
 * side runs ROUNDS times and the best time counts:
 *   - one target, build only: `gantry build --no-package` against the bare
 *     go build (target: Gantry's overhead ≤ 3 %)
 *   - one target, release: `gantry build` (archive, SHA256SUMS, dist swap)
 *     against the go build alone and against go build + tar + sha256sum
 *   - five targets: `gantry build` (parallel, whole release) against the
 *     script running the go builds one after another (target: faster), and
 *     against the same script packaging too
 * Run: meson test -C build --benchmark bench-build -v
 * (BENCH_DEBUG=1 prints every round; BENCH_KEEP=1 keeps the scripts and builds) */
#include "config.h"

#include <stdio.h>
#include <gio/gio.h>

#include "gantry-archive.h"
#include "gantry-sample.h"

#define ROUNDS 7

static const char *matrix[] = {
  "linux/amd64", "linux/amd64/static@musl", "linux/arm64", "windows/amd64", "windows/amd64/static",
};

static char *data_dir;

static guint
argc_of (const char * const *argv)
{
  guint n = 0;

  while (argv[n] != NULL)
    n++;
  return n;
}
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
             gboolean            dry_run,
             gboolean            no_package)
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
    /* like for like: the script does not run the binaries */
    g_ptr_array_add (argv, (char *) "--no-verify");
  if (no_package)
    g_ptr_array_add (argv, (char *) "--no-package");
  g_ptr_array_add (argv, NULL);
  return argv;
}

/* What a person would add to release by hand: an archive per binary with
 * the README (tar.gz, zip for Windows) and SHA256SUMS. NULL without zip. */
static char *
packaging_for (const char *script)
{
  g_autofree char *zip = g_find_program_in_path ("zip");
  g_autoptr(GRegex) out_re = g_regex_new (" -o (\\S+) ", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *dist = g_build_filename (data_dir, "script-dist", NULL);
  g_autofree char *readme = g_build_filename (project, "README.md", NULL);
  GString *text = g_string_new (NULL);
  guint n = 0;

  if (zip == NULL)
    return NULL;
  g_string_append_printf (text, "rm -rf %s && mkdir -p %s\n", dist, dist);
  g_regex_match (out_re, script, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL), n++)
    {
      g_autofree char *out = g_match_info_fetch (match, 1);
      g_autofree char *dir = g_path_get_dirname (out);
      g_autofree char *base = g_path_get_basename (out);

      if (g_str_has_suffix (base, ".exe"))
        g_string_append_printf (text, "zip -q -j %s/release_%u.zip %s %s\n", dist, n, out, readme);
      else
        g_string_append_printf (text, "tar -czf %s/release_%u.tar.gz -C %s %s -C %s README.md\n",
                                dist, n, dir, base, project);
    }
  g_string_append_printf (text, "(cd %s && sha256sum release_* > SHA256SUMS)\n", dist);
  return g_string_free (text, FALSE);
}

/* The plan's own bash text is the "plain script": the same commands,
 * one after another, nothing else; with @package, the packaging above. */
static char *
script_for (const char * const *targets,
            guint               n,
            gboolean            package)
{
  g_autoptr(GPtrArray) argv = gantry_argv (targets, n, TRUE, FALSE);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *name = g_strdup_printf ("%s%s.sh", n == 1 ? "one" : "matrix", package ? "-release" : "");
  char *path = g_build_filename (data_dir, name, NULL);

  g_subprocess_launcher_setenv (launcher, "GANTRY_DATA_DIR", data_dir, TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  if (package)
    {
      g_autofree char *packaging = packaging_for (out);
      g_autofree char *whole = NULL;

      if (packaging == NULL)
        {
          g_free (path);
          return NULL;
        }
      whole = g_strconcat (out, "\n", packaging, NULL);
      g_free (out);
      out = g_steal_pointer (&whole);
    }
  g_file_set_contents (path, out, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* The -o paths of a script's go build commands. */
static GPtrArray *
outputs_of (const char *script_path)
{
  g_autofree char *text = NULL;
  g_autoptr(GRegex) out_re = g_regex_new (" go build .* -o (\\S+) ", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GPtrArray *outs = g_ptr_array_new_with_free_func (g_free);

  if (script_path == NULL || !g_file_get_contents (script_path, &text, NULL, NULL))
    return outs;
  g_regex_match (out_re, text, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    g_ptr_array_add (outs, g_match_info_fetch (match, 1));
  return outs;
}

/* go build skips the link when the output it would write is already
 * up to date, so every round starts with no binaries on either side, and
 * a script round counts only when it wrote every binary afresh. */
static double
best_of_rounds (const char * const *argv,
                guint               rounds)
{
  g_autofree char *builds = g_build_filename (data_dir, "builds", NULL);
  g_autoptr(GPtrArray) outs = outputs_of (g_str_equal (argv[0], "bash") ? argv[1] : NULL);
  double best = G_MAXDOUBLE;

  for (guint i = 0; i < rounds; i++)
    {
      g_autoptr(GError) error = NULL;
      double t;

      if (!gantry_archive_remove_tree (builds, &error))
        g_error ("bench-build: cannot empty %s: %s", builds, error->message);
      t = run_timed (argv, TRUE);
      for (guint j = 0; j < outs->len; j++)
        if (!g_file_test (g_ptr_array_index (outs, j), G_FILE_TEST_IS_REGULAR))
          g_error ("bench-build: %s ran in %.3f s but did not write %s", argv[1], t,
                   (char *) g_ptr_array_index (outs, j));
      if (g_getenv ("BENCH_DEBUG") != NULL)
        printf ("round %s: %.3f s\n", argv[argc_of (argv) - 1], t);
      best = MIN (best, t);
    }
  return best;
}

static double
best_of (const char * const *argv)
{
  return best_of_rounds (argv, ROUNDS);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Both sides one round at a time, taking turns, so a machine that gets
 * busier or quieter during the benchmark weighs on both alike; the best
 * of each, and the median of the rounds' ratios (b / a). */
static void
best_of_pair (const char * const *a,
              const char * const *b,
              guint               rounds,
              double             *best_a,
              double             *best_b,
              double             *median_ratio)
{
  g_autoptr(GArray) ratios = g_array_new (FALSE, FALSE, sizeof (double));

  *best_a = *best_b = G_MAXDOUBLE;
  for (guint i = 0; i < rounds; i++)
    {
      double ta = best_of_rounds (a, 1);
      double tb = best_of_rounds (b, 1);
      double r = tb / ta;

      *best_a = MIN (*best_a, ta);
      *best_b = MIN (*best_b, tb);
      g_array_append_val (ratios, r);
    }
  g_array_sort (ratios, compare_doubles);
  *median_ratio = g_array_index (ratios, double, rounds / 2);
}

static void
row (const char *what,
     double      script,
     double      gantry,
     const char *target)
{
  printf ("%-44s %8.3fs %8.3fs %8.1f%%   %s\n", what, script, gantry, 100 * gantry / script, target);
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
  g_autoptr(GPtrArray) one = NULL, one_build = NULL, all = NULL;
  g_autofree char *one_sh = NULL, *one_release_sh = NULL, *all_sh = NULL, *all_release_sh = NULL;
  double s1, s1r = 0, g1b, g1, s5, s5r = 0, g5, m1b, m5;

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

  one = gantry_argv (matrix, 1, FALSE, FALSE);
  one_build = gantry_argv (matrix, 1, FALSE, TRUE);
  all = gantry_argv (matrix, G_N_ELEMENTS (matrix), FALSE, FALSE);
  one_sh = script_for (matrix, 1, FALSE);
  one_release_sh = script_for (matrix, 1, TRUE);
  all_sh = script_for (matrix, G_N_ELEMENTS (matrix), FALSE);
  all_release_sh = script_for (matrix, G_N_ELEMENTS (matrix), TRUE);

  printf ("warming the caches (standard library for each target)…\n");
  fflush (stdout);
  run_timed ((const char * const *) all->pdata, TRUE);

  {
    const char *bash_one[] = { "bash", one_sh, NULL };
    const char *bash_one_release[] = { "bash", one_release_sh, NULL };
    const char *bash_all[] = { "bash", all_sh, NULL };
    const char *bash_all_release[] = { "bash", all_release_sh, NULL };

    best_of_pair (bash_one, (const char * const *) one_build->pdata, 3 * ROUNDS, &s1, &g1b, &m1b);
    g1 = best_of ((const char * const *) one->pdata);
    if (one_release_sh != NULL)
      s1r = best_of (bash_one_release);
    best_of_pair (bash_all, (const char * const *) all->pdata, ROUNDS, &s5, &g5, &m5);
    if (all_release_sh != NULL)
      s5r = best_of (bash_all_release);
  }

  printf ("\nbest of %d rounds (21 for the build-only row), warm caches, %u cores;\n"
          "gantry builds up to %u targets at once\n",
          ROUNDS, g_get_num_processors (), g_get_num_processors ());
  printf ("%-44s %9s %9s %9s\n", "", "script", "gantry", "gantry/script");
  row ("1 target: build only (--no-package)", s1, g1b, "(target: ≤ 103%)");
  printf ("%-44s %29.1f%%   (the same, median of %d paired rounds)\n", "", 100 * m1b, 3 * ROUNDS);
  row ("1 target: gantry releases, script builds", s1, g1, "");
  if (s1r > 0)
    row ("1 target: both release (tar.gz, SHA256SUMS)", s1r, g1, "");
  row ("5 targets: gantry releases, script builds", s5, g5, "(target: < 100%)");
  printf ("%-44s %29.1f%%   (the same, median of %d paired rounds)\n", "", 100 * m5, ROUNDS);
  if (s5r > 0)
    row ("5 targets: both release", s5r, g5, "");
  {
    /* where Gantry's own time goes: starting, and reading the store,
     * the recipe and the compilers into a plan */
    const char *version_argv[] = { g_getenv ("GANTRY_EXE"), "--version", NULL };
    g_autoptr(GPtrArray) dry = gantry_argv (matrix, 1, TRUE, FALSE);
    double start = G_MAXDOUBLE, plan = G_MAXDOUBLE;

    for (guint i = 0; i < 20; i++)
      {
        start = MIN (start, run_timed (version_argv, TRUE));
        plan = MIN (plan, run_timed ((const char * const *) dry->pdata, TRUE));
      }
    printf ("gantry's fixed costs: starting %.1f ms; starting and planning (--dry-run) %.1f ms;\n"
            "the rest of the build-only overhead is recording the run and hashing the binary.\n",
            start * 1000, plan * 1000);
  }
  if (s1r == 0 || s5r == 0)
    printf ("(no zip on this machine: the rows where the script packages too were left out)\n");
  printf ("\"releases\": archives with the README, SHA256SUMS, dist/ swapped in, each binary\n"
          "inspected and the run recorded in the store. The script runs the plan's own bash\n"
          "text (gantry build --dry-run), one command after another.\n");

  {
    g_autoptr(GSubprocess) rm = g_getenv ("BENCH_KEEP") ? NULL : g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, NULL, "rm", "-rf", root, NULL);
    if (rm != NULL)
      g_subprocess_wait (rm, NULL, NULL);
  }
  return 0;
}

/* bench-startup.c — how long the window takes to show its first frame, and how much memory it holds then: prints figures, asserts nothing */
/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs the gantry executable (GANTRY_EXE) under the current DISPLAY with
 * GANTRY_BENCH_FIRST_FRAME=1: the application prints
 *   first-frame-ms=<ms since its process started> rss-kb=<VmRSS>
 *   main-cpu-ms=<CPU time of its main thread> since="…"
 * after the first frame is painted; then, once the store is read and
 * the projects drawn (the window is no longer busy),
 *   loaded-frame-ms=<ms since its process started> rss-kb=… main-cpu-ms=…
 * and quits. Each run is timed here too,
 * from spawn to that line. The first run starts from empty data and
 * config folders (it creates the store and copies the sample project);
 * it is reported apart from the warm runs that follow. Each warm run is
 * followed by one of the same program with GANTRY_BENCH_BARE_WINDOW=1:
 * an empty AdwApplicationWindow instead of Gantry's, the yardstick
 * (target: Gantry at most 1.2 times it). The main thread's
 * CPU time says how much of the wall time is Gantry's own work when
 * other programs load the machine.
 * Run: xvfb-run -a meson test -C build --benchmark bench-startup -v
 *  or: GANTRY_EXE=build/app/gantry xvfb-run -a build/tests/bench/bench-startup [RUNS] */
#define G_LOG_DOMAIN "gantry-bench"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#include "gantry-archive.h"

#define DEFAULT_RUNS 10
#define TARGET_MS 300.0
#define TARGET_RATIO 1.2
#define RUN_TIMEOUT_S 60
/* A Gantry that quits right after its first frame leaves the container
 * engine probe it started (podman info, which runs dpkg-query) to finish
 * on its own: let it, so that it does not slow the next start. */
#define SETTLE_MS 2000

typedef struct
{
  double wall_ms;      /* spawn → the line read here */
  double app_ms;       /* the application's own figure */
  double cpu_ms;       /* CPU time of its main thread until then */
  guint64 rss_kb;
  double loaded_ms;    /* the application's figure for the frame that shows the projects */
  double loaded_cpu_ms;
} Sample;

typedef struct
{
  GMainLoop *loop;
  GSubprocess *proc;
  GDataInputStream *out;
  gint64 spawned_us;
  Sample sample;
  gboolean seen;
  char *since;
} Run;

static char *data_dir;
static char *config_dir;

static void
parse_line (Run        *run,
            const char *line)
{
  g_auto(GStrv) words = g_strsplit (line, " ", 0);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (g_str_has_prefix (words[i], "first-frame-ms="))
        run->sample.app_ms = g_ascii_strtod (words[i] + strlen ("first-frame-ms="), NULL);
      else if (g_str_has_prefix (words[i], "main-cpu-ms="))
        run->sample.cpu_ms = g_ascii_strtod (words[i] + strlen ("main-cpu-ms="), NULL);
      else if (g_str_has_prefix (words[i], "rss-kb="))
        run->sample.rss_kb = g_ascii_strtoull (words[i] + strlen ("rss-kb="), NULL, 10);
    }
  {
    const char *since = strstr (line, "since=\"");

    if (since != NULL && run->since == NULL)
      {
        since += strlen ("since=\"");
        run->since = g_strndup (since, strcspn (since, "\""));
      }
  }
}

static void
on_line (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (run->out, result, NULL, NULL);

  if (line == NULL)
    return;  /* end of output: the exit callback ends the loop */
  if (!run->seen && g_str_has_prefix (line, "first-frame-ms="))
    {
      run->sample.wall_ms = (g_get_monotonic_time () - run->spawned_us) / 1000.0;
      run->seen = TRUE;
      parse_line (run, line);
    }
  else if (run->seen && g_str_has_prefix (line, "loaded-frame-ms="))
    {
      g_auto(GStrv) words = g_strsplit (line, " ", 0);

      for (guint i = 0; words[i] != NULL; i++)
        if (g_str_has_prefix (words[i], "loaded-frame-ms="))
          run->sample.loaded_ms = g_ascii_strtod (words[i] + strlen ("loaded-frame-ms="), NULL);
        else if (g_str_has_prefix (words[i], "main-cpu-ms="))
          run->sample.loaded_cpu_ms = g_ascii_strtod (words[i] + strlen ("main-cpu-ms="), NULL);
    }
  g_data_input_stream_read_line_async (run->out, G_PRIORITY_DEFAULT, NULL, on_line, run);
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Run *run = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  g_main_loop_quit (run->loop);
}

static gboolean
on_timeout (gpointer user_data)
{
  Run *run = user_data;

  g_printerr ("bench-startup: no first frame within %d s; stopping gantry\n", RUN_TIMEOUT_S);
  g_subprocess_force_exit (run->proc);
  return G_SOURCE_REMOVE;
}

/* One start of the window; FALSE if it never reported a frame. */
static gboolean
run_once (const char *exe,
          gboolean    bare,
          Sample     *sample,
          char      **since)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GError) error = NULL;
  Run run = { 0 };
  guint timeout;

  g_subprocess_launcher_setenv (launcher, "GANTRY_DATA_DIR", data_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "GANTRY_CONFIG_DIR", config_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "GANTRY_BENCH_FIRST_FRAME", "1", TRUE);
  if (bare)
    g_subprocess_launcher_setenv (launcher, "GANTRY_BENCH_BARE_WINDOW", "1", TRUE);

  run.loop = g_main_loop_new (NULL, FALSE);
  run.spawned_us = g_get_monotonic_time ();
  run.proc = g_subprocess_launcher_spawn (launcher, &error, exe, NULL);
  if (run.proc == NULL)
    {
      g_printerr ("bench-startup: cannot run %s: %s\n", exe, error->message);
      exit (1);
    }
  run.out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (run.proc));
  g_data_input_stream_read_line_async (run.out, G_PRIORITY_DEFAULT, NULL, on_line, &run);
  g_subprocess_wait_async (run.proc, NULL, on_exited, &run);
  timeout = g_timeout_add_seconds (RUN_TIMEOUT_S, on_timeout, &run);
  g_main_loop_run (run.loop);
  g_source_remove (timeout);

  /* the last line may still be in the pipe when the exit is seen */
  while (!run.seen && g_main_context_iteration (NULL, FALSE))
    ;
  *sample = run.sample;
  if (since != NULL && *since == NULL)
    *since = g_steal_pointer (&run.since);
  g_free (run.since);
  g_clear_object (&run.out);
  g_clear_object (&run.proc);
  g_main_loop_unref (run.loop);
  return run.seen;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* min, median, max of @n values (sorted in place) */
static void
stats (double *values,
       guint   n,
       double *min,
       double *median,
       double *max)
{
  qsort (values, n, sizeof (double), compare_doubles);
  *min = values[0];
  *max = values[n - 1];
  *median = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

int
main (int    argc,
      char **argv)
{
  const char *exe = g_getenv ("GANTRY_EXE");
  guint runs = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : DEFAULT_RUNS;
  g_autofree char *root = NULL;
  g_autofree char *since = NULL;
  g_autofree double *wall = NULL;
  g_autofree double *app = NULL;
  g_autofree double *rss = NULL;
  g_autofree double *cpu = NULL;
  g_autofree double *bare_wall = NULL;
  g_autofree double *bare_cpu = NULL;
  g_autofree double *loaded = NULL;
  g_autofree double *loaded_cpu = NULL;
  g_autoptr(GError) error = NULL;
  Sample cold;
  double min, median, max, app_min, app_median, app_max, rss_min, rss_median, rss_max;
  double cpu_min, cpu_median, cpu_max;

  printf ("Gantry start-up benchmark (figures only, nothing is asserted)\n");
  if (exe == NULL || (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL))
    {
      printf ("skipped: needs GANTRY_EXE and a display (run: xvfb-run -a meson test -C build --benchmark bench-startup -v)\n");
      return 0;
    }
  if (runs == 0)
    runs = DEFAULT_RUNS;

  root = g_dir_make_tmp ("gantry-bench-startup-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (root, "data", NULL);
  config_dir = g_build_filename (root, "config", NULL);

  printf ("command: GANTRY_DATA_DIR=%s GANTRY_CONFIG_DIR=%s GANTRY_BENCH_FIRST_FRAME=1 "
           "GSK_RENDERER=%s GDK_DEBUG=%s GTK_A11Y=%s DISPLAY=%s %s\n",
           data_dir, config_dir, g_getenv ("GSK_RENDERER") ?: "(unset)", g_getenv ("GDK_DEBUG") ?: "(unset)",
           g_getenv ("GTK_A11Y") ?: "(unset)", g_getenv ("DISPLAY") ?: "(unset)", exe);
  printf ("%u cores; the first run creates the store and copies the sample; then %u warm runs, %d ms apart\n\n",
           g_get_num_processors (), runs, SETTLE_MS);

  if (!run_once (exe, FALSE, &cold, &since))
    {
      g_printerr ("bench-startup: %s never reported its first frame (is GANTRY_BENCH_FIRST_FRAME supported?)\n", exe);
      gantry_archive_remove_tree (root, NULL);
      return 1;
    }
  printf ("cold first run   first frame %6.1f ms (app: %6.1f ms since %s; main thread CPU %6.1f ms)  RSS %6.1f MiB\n",
           cold.wall_ms, cold.app_ms, since ?: "?", cold.cpu_ms, cold.rss_kb / 1024.0);

  wall = g_new0 (double, runs);
  app = g_new0 (double, runs);
  rss = g_new0 (double, runs);
  cpu = g_new0 (double, runs);
  bare_wall = g_new0 (double, runs);
  bare_cpu = g_new0 (double, runs);
  loaded = g_new0 (double, runs);
  loaded_cpu = g_new0 (double, runs);
  for (guint i = 0; i < runs; i++)
    {
      Sample s, b;

      g_usleep (SETTLE_MS * 1000);
      if (!run_once (exe, TRUE, &b, NULL))
        {
          g_printerr ("bench-startup: bare window run %u reported no first frame\n", i + 1);
          gantry_archive_remove_tree (root, NULL);
          return 1;
        }
      printf ("bare window %2u    first frame %6.1f ms (main thread CPU %6.1f ms)  RSS %6.1f MiB\n",
               i + 1, b.wall_ms, b.cpu_ms, b.rss_kb / 1024.0);
      bare_wall[i] = b.wall_ms;
      bare_cpu[i] = b.cpu_ms;
      g_usleep (SETTLE_MS * 1000);
      if (!run_once (exe, FALSE, &s, NULL))
        {
          g_printerr ("bench-startup: run %u reported no first frame\n", i + 1);
          gantry_archive_remove_tree (root, NULL);
          return 1;
        }
      printf ("warm run %2u      first frame %6.1f ms (app: %6.1f ms; main thread CPU %6.1f ms)  RSS %6.1f MiB;"
              "  projects shown at %6.1f ms (CPU %6.1f ms)\n",
               i + 1, s.wall_ms, s.app_ms, s.cpu_ms, s.rss_kb / 1024.0, s.loaded_ms, s.loaded_cpu_ms);
      loaded[i] = s.loaded_ms;
      loaded_cpu[i] = s.loaded_cpu_ms;
      cpu[i] = s.cpu_ms;
      wall[i] = s.wall_ms;
      app[i] = s.app_ms;
      rss[i] = s.rss_kb / 1024.0;
    }

  stats (wall, runs, &min, &median, &max);
  stats (app, runs, &app_min, &app_median, &app_max);
  stats (rss, runs, &rss_min, &rss_median, &rss_max);
  stats (cpu, runs, &cpu_min, &cpu_median, &cpu_max);
  printf ("\nwarm, %u runs        min     median  max\n", runs);
  printf ("spawn → first frame  %6.1f  %6.1f  %6.1f ms\n", min, median, max);
  printf ("app's own figure     %6.1f  %6.1f  %6.1f ms (since %s)\n", app_min, app_median, app_max, since ?: "?");
  printf ("main thread CPU      %6.1f  %6.1f  %6.1f ms\n", cpu_min, cpu_median, cpu_max);
  printf ("RSS at first frame   %6.1f  %6.1f  %6.1f MiB\n", rss_min, rss_median, rss_max);
  {
    double lmin, lmedian, lmax;

    /* the store is read after the first frame: when the projects appear */
    stats (loaded, runs, &lmin, &lmedian, &lmax);
    printf ("projects shown       %6.1f  %6.1f  %6.1f ms (app's figure: the frame after the store was read)\n",
            lmin, lmedian, lmax);
    stats (loaded_cpu, runs, &lmin, &lmedian, &lmax);
    printf ("  main thread CPU    %6.1f  %6.1f  %6.1f ms\n", lmin, lmedian, lmax);
  }
  {
    double bmin, bmedian, bmax, cmin, cmedian, cmax;

    stats (bare_wall, runs, &bmin, &bmedian, &bmax);
    stats (bare_cpu, runs, &cmin, &cmedian, &cmax);
    printf ("bare AdwApplicationWindow, the same program and run:\n");
    printf ("spawn → first frame  %6.1f  %6.1f  %6.1f ms\n", bmin, bmedian, bmax);
    printf ("main thread CPU      %6.1f  %6.1f  %6.1f ms\n", cmin, cmedian, cmax);
    printf ("Gantry / bare window: %.2f× wall, %.2f× main thread CPU (target ≤ %.1f×): %s\n",
             median / bmedian, cpu_median / cmedian, TARGET_RATIO,
             median / bmedian <= TARGET_RATIO ? "met" : "NOT met");
  }
#ifdef G_OS_UNIX
  {
    double load[3];

    /* a loaded machine stretches the wall times, not the CPU time */
    if (getloadavg (load, 1) == 1)
      printf ("load average %.2f on %u cores\n", load[0], g_get_num_processors ());
  }
#endif
  printf ("\nfirst frame median %.0f ms (target ≤ %.0f ms): %s\n", median, TARGET_MS,
           median <= TARGET_MS ? "met" : "NOT met");

  gantry_archive_remove_tree (root, NULL);
  return 0;
}

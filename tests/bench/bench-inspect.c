/* bench-inspect.c — how fast Gantry's inspector is next to readelf and `go version -m`: prints figures, asserts nothing */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-bench"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "gantry-inspect.h"

/* Runs argv with stdout and stderr discarded; returns wall time in µs. */
static gint64
time_spawn (const char * const *argv)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  if (proc == NULL)
    g_error ("cannot run %s: %s", argv[0], error->message);
  g_subprocess_wait (proc, NULL, NULL);
  return g_get_monotonic_time () - start;
}

static gint64
time_api (const char *path)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryBinary) bin = gantry_inspect_path (path, &error);

  return g_get_monotonic_time () - start;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Median of @runs measurements, in milliseconds. */
static double
median_ms (GArray *samples)
{
  g_array_sort (samples, compare_gint64);
  return g_array_index (samples, gint64, samples->len / 2) / 1000.0;
}

static const char *
find_large_go_binary (int    argc,
                      char **argv)
{
  const char *candidates[] = { argc > 1 ? argv[1] : NULL, g_getenv ("GANTRY_BENCH_GO_BINARY"), "/usr/local/bin/docker" };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      GStatBuf st;

      if (candidates[i] != NULL && g_stat (candidates[i], &st) == 0 && st.st_size >= 30 * 1024 * 1024)
        return candidates[i];
    }
  return NULL;
}

static void
bench_single (const char *gantry,
              const char *go_binary,
              const char *readelf,
              const char *go)
{
  g_autoptr(GArray) api = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) cli = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) oracle = g_array_new (FALSE, FALSE, sizeof (gint64));
  const guint runs = 21;
  double api_ms, cli_ms, oracle_ms;
  GStatBuf st;

  g_stat (go_binary, &st);
  g_print ("\n== One large Go binary: %s (%.1f MB), median of %u runs ==\n",
           go_binary, st.st_size / 1048576.0, runs);

  time_api (go_binary);
  for (guint i = 0; i < runs; i++)
    {
      const char *cli_argv[] = { gantry, "inspect", "--json", go_binary, NULL };
      const char *readelf_argv[] = { readelf, "-d", "-V", go_binary, NULL };
      const char *go_argv[] = { go, "version", "-m", go_binary, NULL };
      gint64 t;

      t = time_api (go_binary);
      g_array_append_val (api, t);
      if (gantry != NULL)
        {
          t = time_spawn (cli_argv);
          g_array_append_val (cli, t);
        }
      if (readelf != NULL && go != NULL)
        {
          t = time_spawn (readelf_argv) + time_spawn (go_argv);
          g_array_append_val (oracle, t);
        }
    }

  api_ms = median_ms (api);
  g_print ("  gantry_inspect_path() in process    %8.3f ms\n", api_ms);
  if (gantry != NULL)
    {
      cli_ms = median_ms (cli);
      g_print ("  gantry inspect --json (a process)   %8.3f ms\n", cli_ms);
    }
  if (oracle->len > 0)
    {
      oracle_ms = median_ms (oracle);
      g_print ("  readelf -d -V + go version -m       %8.3f ms\n", oracle_ms);
      g_print ("  ratio API / tools                   %8.3f (target <= 0.2)\n", api_ms / oracle_ms);
      if (gantry != NULL)
        g_print ("  ratio gantry process / tools        %8.3f (target <= 0.2)\n", cli_ms / oracle_ms);
    }
  else
    g_print ("  readelf or go missing: no comparison\n");
}

static void
bench_batch (const char *gantry,
             const char *dir_path,
             const char *readelf)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) cli_argv = g_ptr_array_new ();
  const char *name;
  gint64 start, api_us, cli_us = 0, readelf_us = 0;
  guint inspected = 0;

  if (dir == NULL)
    {
      g_print ("\n%s cannot be read: no batch figures\n", dir_path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      char *path = g_build_filename (dir_path, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (files, path);
      else
        g_free (path);
    }

  g_print ("\n== Every regular file of %s: %u files (page cache warmed first) ==\n", dir_path, files->len);

  /* Read everything once so no tool pays for the disk. */
  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(GantryBinary) bin = gantry_inspect_path (g_ptr_array_index (files, i), NULL);
      const char *argv[] = { readelf ? readelf : "true", "-d", "-V", g_ptr_array_index (files, i), NULL };

      if (readelf != NULL && i < 50)
        time_spawn (argv);
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(GantryBinary) bin = gantry_inspect_path (g_ptr_array_index (files, i), NULL);

      if (bin != NULL)
        inspected++;
    }
  api_us = g_get_monotonic_time () - start;
  g_print ("  gantry_inspect_path() loop, one process  %9.1f ms  (%u executables, %.1f us each)\n",
           api_us / 1000.0, inspected, (double) api_us / MAX (files->len, 1));

  if (gantry != NULL)
    {
      g_ptr_array_add (cli_argv, (char *) gantry);
      g_ptr_array_add (cli_argv, (char *) "inspect");
      g_ptr_array_add (cli_argv, (char *) "--json");
      for (guint i = 0; i < files->len; i++)
        g_ptr_array_add (cli_argv, g_ptr_array_index (files, i));
      g_ptr_array_add (cli_argv, NULL);
      cli_us = time_spawn ((const char * const *) cli_argv->pdata);
      g_print ("  gantry inspect --json FILES (one process) %9.1f ms\n", cli_us / 1000.0);
    }

  if (readelf != NULL)
    {
      for (guint i = 0; i < files->len; i++)
        {
          const char *argv[] = { readelf, "-d", "-V", g_ptr_array_index (files, i), NULL };

          readelf_us += time_spawn (argv);
        }
      g_print ("  loop of readelf -d -V                    %9.1f ms\n", readelf_us / 1000.0);
      g_print ("  speed-up, API loop                       %9.1fx (target >= 20x)\n", (double) readelf_us / MAX (api_us, 1));
      if (gantry != NULL)
        g_print ("  speed-up, gantry process                 %9.1fx (target >= 20x)\n", (double) readelf_us / MAX (cli_us, 1));
    }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *readelf = g_find_program_in_path ("readelf");
  g_autofree char *go = g_find_program_in_path ("go");
  const char *gantry = g_getenv ("GANTRY_EXE");
  const char *batch_dir = g_getenv ("GANTRY_BENCH_DIR");
  const char *go_binary = find_large_go_binary (argc, argv);

  g_print ("Gantry inspector benchmark (figures only, nothing is asserted)\n");
  g_print ("usage: bench-inspect [LARGE_GO_BINARY]; GANTRY_EXE=path/to/gantry; GANTRY_BENCH_DIR (default /usr/bin)\n");

  if (go_binary != NULL)
    bench_single (gantry, go_binary, readelf, go);
  else
    g_print ("\nNo Go binary of 30 MB or more: pass one as the first argument or in GANTRY_BENCH_GO_BINARY.\n");

  bench_batch (gantry, batch_dir != NULL ? batch_dir : "/usr/bin", readelf);
  return 0;
}

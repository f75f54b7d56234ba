/* bench-go-graph.c — a target's build graph read from go list, then from the cache: prints figures, asserts nothing */
/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Generates a module of N packages (default 150; every tenth uses cgo,
 * each imports the one before it) in a temp folder, with a private
 * GANTRY_CACHE_DIR, and times for linux/amd64:
 *   first   go list -deps on an empty cache (the answer is then saved)
 *   cached  the same read again: fingerprint of the files + the cache file
 *   changed a Go file changed: the fingerprint misses, go list runs again
 *   load    gantry_project_load (scan + two cached graphs), as opening a project does
 * Run: meson test -C build --benchmark bench-go-graph -v
 *  or: build/tests/bench/bench-go-graph [N_PACKAGES] */
#define G_LOG_DOMAIN "gantry-bench"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "gantry-go-graph.h"
#include "gantry-project.h"

#define CACHED_RUNS 20

static void
write_file (const char *dir,
            const char *rel,
            const char *text)
{
  g_autofree char *path = g_build_filename (dir, rel, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_mkdir_with_parents (parent, 0755);
  if (!g_file_set_contents (path, text, -1, NULL))
    g_error ("cannot write %s", path);
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      d = g_dir_open (path, 0, NULL);
      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
generate (const char *dir,
          guint       n)
{
  g_autoptr(GString) main_go = g_string_new ("package main\n\nimport (\n\t\"fmt\"\n\n");

  write_file (dir, "go.mod", "module example.com/big\n\ngo 1.19\n");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *rel = g_strdup_printf ("pkg/p%03u/p%03u.go", i, i);
      g_autoptr(GString) src = g_string_new (NULL);

      g_string_append_printf (src, "package p%03u\n\n", i);
      if (i % 10 == 0)
        g_string_append_printf (src, "// static int c%03u(void) { return %u; }\nimport \"C\"\n\n", i, i);
      if (i > 0)
        g_string_append_printf (src, "import \"example.com/big/pkg/p%03u\"\n\n", i - 1);
      g_string_append (src, "func V() int { return ");
      if (i % 10 == 0)
        g_string_append_printf (src, "int(C.c%03u())", i);
      else
        g_string_append (src, "1");
      if (i > 0)
        g_string_append_printf (src, " + p%03u.V()", i - 1);
      g_string_append (src, " }\n");
      write_file (dir, rel, src->str);
      g_string_append_printf (main_go, "\t\"example.com/big/pkg/p%03u\"\n", i);
    }
  g_string_append (main_go, ")\n\nfunc main() {\n");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (main_go, "\tfmt.Println(p%03u.V())\n", i);
  g_string_append (main_go, "}\n");
  write_file (dir, "main.go", main_go->str);
}

static double
read_ms (const char *dir,
         gboolean   *from_cache,
         guint      *n_packages,
         guint      *n_native)
{
  const char *pkgs[] = { ".", NULL };
  GantryGoGraphQuery q = { "linux", "amd64", NULL, NULL, pkgs, NULL };
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GantryGoGraph) graph = gantry_go_graph_read (dir, &q, from_cache, NULL, NULL);
  double ms = (g_get_monotonic_time () - start) / 1000.0;

  if (gantry_go_graph_is_guess (graph))
    g_error ("go list did not answer: %s", gantry_go_graph_get_note (graph));
  *n_packages = gantry_go_graph_get_n_packages (graph);
  gantry_go_graph_get_native (graph, n_native);
  return ms;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int    argc,
      char **argv)
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 150;
  g_autofree char *root = g_dir_make_tmp ("gantry-bench-graph-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (root, "big", NULL);
  g_autofree char *cache = g_build_filename (root, "cache", NULL);
  double first, changed, cached[CACHED_RUNS], load[CACHED_RUNS];
  gboolean from_cache = FALSE;
  guint n_packages = 0, n_native = 0;

  g_autofree char *go = g_find_program_in_path ("go");

  if (go == NULL)
    {
      printf ("go is not installed: nothing to measure\n");
      return 0;
    }
  g_setenv ("GANTRY_CACHE_DIR", cache, TRUE);
  generate (dir, n);

  first = read_ms (dir, &from_cache, &n_packages, &n_native);
  if (from_cache)
    g_error ("the first read came from the cache");
  for (guint i = 0; i < CACHED_RUNS; i++)
    {
      cached[i] = read_ms (dir, &from_cache, &n_packages, &n_native);
      if (!from_cache)
        g_error ("a repeated read did not come from the cache");
    }
  /* opening the project: the two platforms it reads are cached after one load */
  g_object_unref (gantry_project_load (dir, NULL));
  for (guint i = 0; i < CACHED_RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GantryProject) project = gantry_project_load (dir, NULL);

      load[i] = (g_get_monotonic_time () - start) / 1000.0;
      if (project == NULL || !gantry_project_get_uses_cgo (project))
        g_error ("the project did not load as using cgo");
    }

  write_file (dir, "pkg/p001/p001.go",
              "package p001\n\nimport \"example.com/big/pkg/p000\"\n\nfunc V() int { return 2 + p000.V() }\n");
  changed = read_ms (dir, &from_cache, &n_packages, &n_native);
  if (from_cache)
    g_error ("a changed file still came from the cache");

  qsort (cached, CACHED_RUNS, sizeof (double), compare_doubles);
  qsort (load, CACHED_RUNS, sizeof (double), compare_doubles);
  printf ("module: %u packages of its own, %u in the linux/amd64 build graph, %u with cgo\n",
          n + 1, n_packages, n_native);
  printf ("first read (go list -deps, empty cache)  %8.1f ms\n", first);
  printf ("cached read (median of %d)               %8.2f ms  (min %.2f, max %.2f)\n",
          CACHED_RUNS, cached[CACHED_RUNS / 2], cached[0], cached[CACHED_RUNS - 1]);
  printf ("after a Go file changed (go list again)  %8.1f ms\n", changed);
  printf ("gantry_project_load, cached (median)     %8.2f ms\n", load[CACHED_RUNS / 2]);

  rm_rf (root);
  return 0;
}

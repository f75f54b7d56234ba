/* test-models.c — the GTK-free models behind the comparison, the verification settings and the Results rows */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "gantry-compare-model.h"
#include "gantry-run-model.h"
#include "gantry-test-util.h"
#include "gantry-verdict-model.h"

static void
add_verdict (GPtrArray          *matrix,
             const char         *target,
             const char         *check,
             const char         *place,
             GantryVerdictState  state,
             const char         *message)
{
  GantryVerdict *v = g_new0 (GantryVerdict, 1);

  v->target = g_strdup (target);
  v->path = g_strdup ("/nowhere");
  v->check = g_strdup (check);
  v->place = g_strdup (place);
  v->state = state;
  v->message = g_strdup (message);
  g_ptr_array_add (matrix, v);
}

static void
assert_row (GListModel *rows,
            const char *name,
            const char *left,
            const char *right,
            gboolean    differs)
{
  g_autoptr(GantryCompareRow) row = gantry_test_compare_row (rows, name);

  g_assert_cmpstr (gantry_compare_row_get_left (row), ==, left);
  g_assert_cmpstr (gantry_compare_row_get_right (row), ==, right);
  g_assert_cmpint (gantry_compare_row_get_differs (row), ==, differs);
}

static void
test_runs_on (void)
{
  g_autoptr(GPtrArray) matrix = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_verdict_free);
  g_autoptr(GListStore) rows = NULL;
  g_autoptr(GListStore) none = NULL;
  g_autoptr(GListStore) windows = NULL;
  const char *dyn = "linux/amd64", *stat = "linux/amd64/static@musl", *arm = "linux/arm64", *win = "windows/amd64";

  add_verdict (matrix, dyn, "os-arch", "static", GANTRY_VERDICT_PASS, "linux/amd64");
  add_verdict (matrix, dyn, "linkage", "static", GANTRY_VERDICT_PASS, "dynamic");
  add_verdict (matrix, dyn, "run", "native", GANTRY_VERDICT_PASS, "exit 0: hi");
  add_verdict (matrix, dyn, "run", "podman:alpine:3.19", GANTRY_VERDICT_FAIL,
               "missing interpreter /lib64/ld-linux-x86-64.so.2: build static with musl\nmore");
  add_verdict (matrix, dyn, "run", "podman:debian:12-slim", GANTRY_VERDICT_PASS, "exit 0: hi");
  add_verdict (matrix, stat, "os-arch", "static", GANTRY_VERDICT_PASS, "linux/amd64");
  add_verdict (matrix, stat, "linkage", "static", GANTRY_VERDICT_PASS, "static");
  add_verdict (matrix, stat, "glibc-floor", "static", GANTRY_VERDICT_SKIPPED, "no floor");
  add_verdict (matrix, stat, "run", "native", GANTRY_VERDICT_PASS, "exit 0: hi");
  add_verdict (matrix, stat, "run", "podman:alpine:3.19", GANTRY_VERDICT_PASS, "exit 0: hi");
  add_verdict (matrix, stat, "run", "podman:debian:12-slim", GANTRY_VERDICT_PASS, "exit 0: hi");
  add_verdict (matrix, arm, "linkage", "static", GANTRY_VERDICT_FAIL, "dynamic, but the recipe promised static");
  add_verdict (matrix, arm, "run", "qemu-aarch64", GANTRY_VERDICT_SKIPPED,
               "skipped: no qemu-aarch64 to run arm64 programs on this amd64 machine (install qemu-user-static)");
  add_verdict (matrix, arm, "run", "container", GANTRY_VERDICT_SKIPPED, "skipped: container checks turned off in the recipe");
  add_verdict (matrix, win, "run", "wine", GANTRY_VERDICT_PASS, "exit 0");

  /* dynamic vs static: where each ran, the musl image tells them apart */
  rows = gantry_compare_runs_on_new (matrix, dyn, stat);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 4);
  assert_row (G_LIST_MODEL (rows), "File checks", "✓ 2 passed", "✓ 2 passed, 1 skipped", FALSE);
  assert_row (G_LIST_MODEL (rows), "This machine", "✓ natively", "✓ natively", FALSE);
  assert_row (G_LIST_MODEL (rows), "Container alpine:3.19",
              "✗ missing interpreter /lib64/ld-linux-x86-64.so.2: build static with musl", "✓", TRUE);
  assert_row (G_LIST_MODEL (rows), "Container debian:12-slim", "✓", "✓", FALSE);

  /* against arm64: places it never reached are "—" and differ */
  g_clear_object (&rows);
  rows = gantry_compare_runs_on_new (matrix, stat, arm);
  assert_row (G_LIST_MODEL (rows), "File checks", "✓ 2 passed, 1 skipped", "✗ linkage", TRUE);
  assert_row (G_LIST_MODEL (rows), "This machine", "✓ natively",
              "skipped: no qemu-aarch64 to run arm64 programs on this amd64 machine (install qemu-user-static)", TRUE);
  assert_row (G_LIST_MODEL (rows), "Containers", "—", "skipped: container checks turned off in the recipe", TRUE);
  assert_row (G_LIST_MODEL (rows), "Container alpine:3.19", "✓", "—", TRUE);

  windows = gantry_compare_runs_on_new (matrix, win, dyn);
  assert_row (G_LIST_MODEL (windows), "This machine", "✓ under wine", "✓ natively", FALSE);
  assert_row (G_LIST_MODEL (windows), "File checks", "—", "✓ 2 passed", TRUE);

  /* not verified: no rows, not made-up ones */
  none = gantry_compare_runs_on_new (NULL, dyn, stat);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (none)), ==, 0);

  g_assert_finalize_object (g_steal_pointer (&rows));
}

/* The Results rows' Runs on column, from a matrix as gantry_verify_build
 * makes it, matched by target key. */
static void
test_run_rows_verdicts (void)
{
  g_autoptr(GPtrArray) matrix = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_verdict_free);
  g_autoptr(GListStore) rows = g_list_store_new (GANTRY_TYPE_RUN_ROW);
  g_autoptr(GantryRunRow) dyn = gantry_run_row_new ("linux/amd64", "ok");
  g_autoptr(GantryRunRow) stat = gantry_run_row_new ("linux/amd64/static@musl", "ok");
  g_autoptr(GantryRunRow) arm = gantry_run_row_new ("linux/arm64", "ok");
  g_autoptr(GantryRunRow) win = gantry_run_row_new ("windows/amd64", "failed");
  g_autoptr(GantryRunRow) arm_musl = gantry_run_row_new ("linux/arm64/static@musl", "ok");
  g_autoptr(GantryRunRow) mac = gantry_run_row_new ("darwin/arm64", "ok");
  g_autoptr(GError) cancelled = g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
  g_autoptr(GError) broken = g_error_new (GANTRY_VERIFY_ERROR, GANTRY_VERIFY_ERROR_INVALID, "no such image");
  const GantryRunMark *mark;
  const char *tooltip;

  g_list_store_append (rows, dyn);
  g_list_store_append (rows, stat);
  g_list_store_append (rows, arm);
  g_list_store_append (rows, win);
  g_list_store_append (rows, arm_musl);
  g_list_store_append (rows, mac);

  add_verdict (matrix, "linux/amd64", "os-arch", "static", GANTRY_VERDICT_PASS, "linux/amd64");
  add_verdict (matrix, "linux/amd64", "linkage", "static", GANTRY_VERDICT_PASS, "dynamic");
  add_verdict (matrix, "linux/amd64", "run", "native", GANTRY_VERDICT_PASS, "exit 0: hi");
  add_verdict (matrix, "linux/amd64", "run", "podman:alpine:3.19", GANTRY_VERDICT_FAIL,
               "missing interpreter /lib64/ld-linux-x86-64.so.2: build static with musl");
  ((GantryVerdict *) g_ptr_array_index (matrix, matrix->len - 1))->output = g_strdup ("exec: no such file\n\nsecond line");
  add_verdict (matrix, "linux/amd64", "run", "podman:debian:12-slim", GANTRY_VERDICT_PASS, "exit 0: hi");
  /* a key that only starts like another one is not it */
  add_verdict (matrix, "linux/amd64/static@musl", "linkage", "static", GANTRY_VERDICT_FAIL,
               "dynamic, but the recipe promised static");
  add_verdict (matrix, "linux/amd64/static@musl", "glibc-floor", "static", GANTRY_VERDICT_SKIPPED, "no floor");
  add_verdict (matrix, "linux/amd64/static@musl", "run", "native", GANTRY_VERDICT_PASS, "exit 0: hi");
  add_verdict (matrix, "linux/amd64/static@musl", "run", "podman:alpine:3.19", GANTRY_VERDICT_PASS, "exit 0: hi");
  add_verdict (matrix, "linux/arm64", "os-arch", "static", GANTRY_VERDICT_PASS, "linux/arm64");
  add_verdict (matrix, "linux/arm64", "run", "qemu-aarch64", GANTRY_VERDICT_PASS, "exit 0: hi");
  add_verdict (matrix, "linux/arm64", "run", "container", GANTRY_VERDICT_SKIPPED,
               "skipped: container checks turned off in the recipe");
  add_verdict (matrix, "linux/arm64/static@musl", "run", "native", GANTRY_VERDICT_SKIPPED, "skipped: not this machine's");
  add_verdict (matrix, "linux/arm64/static@musl", "run", "podman", GANTRY_VERDICT_SKIPPED,
               "skipped: no container images listed");
  /* a Mac binary: this machine cannot run it, and that is not a container */
  add_verdict (matrix, "darwin/arm64", "run", "here", GANTRY_VERDICT_SKIPPED,
               "skipped: a darwin/arm64 binary does not run on linux/amd64 (run it on a Mac)");
  add_verdict (matrix, "darwin/arm64", "run", "container", GANTRY_VERDICT_SKIPPED,
               "skipped: container checks turned off in the recipe");

  /* while checks run: the rows that built say so, as their step too */
  gantry_run_rows_set_verifying (G_LIST_MODEL (rows));
  g_assert_cmpstr (gantry_run_row_get_runs_on (dyn), ==, "verifying…");
  g_assert_cmpstr (gantry_run_row_get_step (dyn), ==, "verifying");
  g_assert_cmpstr (gantry_run_row_get_mark (dyn, 0)->state, ==, "verifying");
  g_assert_cmpstr (gantry_run_row_get_runs_on (win), ==, "—");
  g_assert_cmpstr (gantry_run_row_get_step (win), !=, "verifying");

  gantry_run_rows_set_verdicts (G_LIST_MODEL (rows), matrix);

  /* native, the two images as one mark where the first was, the file checks last */
  g_assert_cmpstr (gantry_run_row_get_runs_on (dyn), ==, "✓ native  ✗ 2 containers  ✓ 2 checks");
  g_assert_cmpstr (gantry_run_row_get_step (dyn), ==, "");
  g_assert_true (gantry_run_row_get_runs_on_problem (dyn));
  g_assert_cmpuint (gantry_run_row_get_n_marks (dyn), ==, 3);
  mark = gantry_run_row_get_mark (dyn, 0);
  g_assert_cmpstr (mark->state, ==, "pass");
  g_assert_cmpstr (mark->tooltip, ==, "✓ native: exit 0: hi");
  mark = gantry_run_row_get_mark (dyn, 1);
  g_assert_cmpstr (mark->state, ==, "fail");
  g_assert_cmpstr (mark->tooltip, ==,
                   "✗ containers:\n"
                   "✗ podman:alpine:3.19: missing interpreter /lib64/ld-linux-x86-64.so.2: build static with musl\n"
                   "    exec: no such file\n"
                   "    second line\n"
                   "✓ podman:debian:12-slim: exit 0: hi");
  mark = gantry_run_row_get_mark (dyn, 2);
  g_assert_cmpstr (mark->state, ==, "pass");
  g_assert_cmpstr (mark->tooltip, ==, "File checks:\n✓ os-arch: linux/amd64\n✓ linkage: dynamic");
  tooltip = gantry_run_row_get_runs_on_tooltip (dyn);
  g_assert_true (g_str_has_prefix (tooltip, "✓ native: exit 0: hi\n✗ containers:\n"));
  g_assert_nonnull (strstr (tooltip, "File checks:"));

  /* one image is named; a failed file check is named by its check */
  g_assert_cmpstr (gantry_run_row_get_runs_on (stat), ==, "✓ native  ✓ alpine:3.19  ✗ linkage");
  g_assert_true (gantry_run_row_get_runs_on_problem (stat));
  mark = gantry_run_row_get_mark (stat, 2);
  g_assert_cmpstr (mark->state, ==, "fail");
  g_assert_cmpstr (mark->tooltip, ==,
                   "File checks:\n✗ linkage: dynamic, but the recipe promised static\n– glibc-floor: no floor");
  g_assert_cmpstr (gantry_run_row_get_mark (stat, 1)->tooltip, ==, "✓ podman:alpine:3.19: exit 0: hi");

  /* under qemu; containers skipped, with why */
  g_assert_cmpstr (gantry_run_row_get_runs_on (arm), ==, "✓ qemu  – container  ✓ 1 check");
  g_assert_cmpstr (gantry_run_row_get_mark (arm, 0)->tooltip, ==, "✓ qemu-aarch64: exit 0: hi");
  g_assert_false (gantry_run_row_get_runs_on_problem (arm));
  mark = gantry_run_row_get_mark (arm, 1);
  g_assert_cmpstr (mark->state, ==, "skipped");
  g_assert_cmpstr (mark->tooltip, ==, "– container: skipped: container checks turned off in the recipe");

  /* an engine with no image to run is a container place too */
  g_assert_cmpstr (gantry_run_row_get_runs_on (arm_musl), ==, "– native  – container");
  g_assert_cmpstr (gantry_run_row_get_mark (arm_musl, 1)->tooltip, ==, "– podman: skipped: no container images listed");

  g_assert_cmpstr (gantry_run_row_get_runs_on (mac), ==, "– this machine  – container");
  g_assert_cmpstr (gantry_run_row_get_mark (mac, 0)->tooltip, ==,
                   "– here: skipped: a darwin/arm64 binary does not run on linux/amd64 (run it on a Mac)");

  /* a target the matrix does not name: not made up */
  g_assert_cmpstr (gantry_run_row_get_runs_on (win), ==, "—");
  g_assert_cmpstr (gantry_run_row_get_mark (win, 0)->state, ==, "none");
  g_assert_cmpstr (gantry_run_row_get_runs_on_tooltip (win), ==, "Not checked: this target did not build.");

  /* cancelled, or failed: said, and only a failure is a problem */
  gantry_run_rows_set_verify_error (G_LIST_MODEL (rows), cancelled);
  g_assert_cmpstr (gantry_run_row_get_runs_on (arm), ==, "verification cancelled");
  g_assert_false (gantry_run_row_get_runs_on_problem (arm));
  gantry_run_rows_set_verify_error (G_LIST_MODEL (rows), broken);
  g_assert_cmpstr (gantry_run_row_get_runs_on (arm), ==, "✗ not verified");
  g_assert_true (gantry_run_row_get_runs_on_problem (arm));
  g_assert_cmpstr (gantry_run_row_get_runs_on_tooltip (arm), ==, "Verification failed: no such image");

  /* no matrix: the column is empty again */
  gantry_run_rows_set_verdicts (G_LIST_MODEL (rows), NULL);
  g_assert_null (gantry_run_row_get_runs_on (dyn));
  g_assert_cmpuint (gantry_run_row_get_n_marks (dyn), ==, 0);
  g_assert_false (gantry_run_row_get_runs_on_problem (dyn));

  g_clear_object (&rows);
  g_assert_finalize_object (g_steal_pointer (&dyn));
  g_assert_finalize_object (g_steal_pointer (&stat));
  g_assert_finalize_object (g_steal_pointer (&arm));
  g_assert_finalize_object (g_steal_pointer (&win));
  g_assert_finalize_object (g_steal_pointer (&arm_musl));
  g_assert_finalize_object (g_steal_pointer (&mac));
}

static void
test_images_edit (void)
{
  const char *two[] = { "alpine:3.19", "debian:12-slim", NULL };
  g_auto(GStrv) added = NULL;
  g_auto(GStrv) first = NULL;
  g_auto(GStrv) removed = NULL;
  g_auto(GStrv) gone = NULL;
  g_auto(GStrv) missing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *joined = NULL;

  first = gantry_images_add (NULL, " centos:7\t", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (first), ==, 1);
  g_assert_cmpstr (first[0], ==, "centos:7");

  added = gantry_images_add (two, "ghcr.io/acme/runner:1", &error);
  g_assert_no_error (error);
  joined = g_strjoinv (" ", added);
  g_assert_cmpstr (joined, ==, "alpine:3.19 debian:12-slim ghcr.io/acme/runner:1");

  g_assert_null (gantry_images_add (two, "debian:12-slim", &error));
  g_assert_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "'debian:12-slim' is in the list already.");
  g_clear_error (&error);
  g_assert_null (gantry_images_add (two, "Debian", &error));
  g_assert_nonnull (strstr (error->message, "image names are lowercase; write debian"));
  g_clear_error (&error);
  g_assert_null (gantry_images_add (two, "   ", &error));
  g_assert_nonnull (strstr (error->message, "empty"));
  g_clear_error (&error);

  removed = gantry_images_remove (two, "alpine:3.19");
  g_assert_cmpuint (g_strv_length (removed), ==, 1);
  g_assert_cmpstr (removed[0], ==, "debian:12-slim");
  missing = gantry_images_remove (two, "busybox");
  g_assert_cmpuint (g_strv_length (missing), ==, 2);
  /* the last one gone: no list at all */
  gone = gantry_images_remove ((const char * const *) removed, "debian:12-slim");
  g_assert_null (gone);
}

static void
test_presets (void)
{
  guint n = 0;
  const GantryImagePreset *presets = gantry_image_presets (&n);
  gboolean musl = FALSE, old_glibc = FALSE;

  g_assert_cmpuint (n, >=, 3);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (gantry_recipe_check_image_name (presets[i].image, &error));
      g_assert_no_error (error);
      g_assert_true (g_str_has_prefix (presets[i].label, presets[i].image));
      musl = musl || strstr (presets[i].label, "musl") != NULL;
      old_glibc = old_glibc || strstr (presets[i].label, "glibc 2.17") != NULL;
    }
  g_assert_true (musl);
  g_assert_true (old_glibc);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/compare-model/runs-on", test_runs_on);
  g_test_add_func ("/core/run-model/runs-on-from-verdicts", test_run_rows_verdicts);
  g_test_add_func ("/core/verdict-model/images-add-remove", test_images_edit);
  g_test_add_func ("/core/verdict-model/presets", test_presets);
  return g_test_run ();
}

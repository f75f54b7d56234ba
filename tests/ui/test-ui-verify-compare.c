/* test-ui-verify-compare.c — Verification settings and the comparison */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>

#include "ui-fixture.h"

static void
test_window_opens (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_cmpuint (g_list_model_get_n_items (gantry_window_get_projects (f->window)), ==, 3);
}

static void
add_tests (void)
{
  g_test_add ("/ui/verify-compare/window-opens", Fixture, NULL, ui_fixture_set_up, test_window_opens, ui_fixture_tear_down);
}

int
main (int    argc,
      char **argv)
{
  return ui_fixture_run (&argc, &argv, "io.github.gantry.GantryVerifyCompareTest", add_tests);
}

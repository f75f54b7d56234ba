/* test-ui-window-prefs.c — The window: size remembered, dropping a folder, gantry.json import/export */
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
  g_test_add ("/ui/window-prefs/window-opens", Fixture, NULL, ui_fixture_set_up, test_window_opens, ui_fixture_tear_down);
}

int
main (int    argc,
      char **argv)
{
  return ui_fixture_run (&argc, &argv, "io.github.gantry.GantryWindowPrefsTest", add_tests);
}

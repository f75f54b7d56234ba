/* test-ui-verify-compare.c — Verification settings and the comparison */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <gtk/gtk.h>

#include "gantry-compare-view.h"
#include "gantry-recipe.h"
#include "gantry-test-util.h"
#include "gantry-ui-compare.h"
#include "gantry-verify-view.h"
#include "ui-fixture.h"

/* The recipe the store holds now for @name. */
static GantryRecipe *
stored_recipe (Fixture    *f,
               const char *name)
{
  g_autoptr(GantryProject) p = ui_project (f, name);
  g_autoptr(GError) error = NULL;
  GantryRecipe *recipe = gantry_recipe_load (f->store, gantry_project_get_id (p), &error);

  g_assert_no_error (error);
  return recipe;
}

/* The stored images joined by spaces ("" for none) and the switch. */
static void
assert_stored (Fixture    *f,
               const char *images,
               gboolean    containers)
{
  g_autoptr(GantryRecipe) recipe = stored_recipe (f, "tool");
  const char * const *stored = gantry_recipe_get_verify_images (recipe);
  g_autofree char *joined = stored ? g_strjoinv (" ", (char **) stored) : g_strdup ("");

  g_assert_cmpstr (joined, ==, images);
  g_assert_cmpint (gantry_recipe_get_verify_containers (recipe), ==, containers);
}

/* The images the view shows, joined by spaces. */
static char *
shown_images (GantryVerifyView *view)
{
  GListModel *images = gantry_verify_view_get_images (view);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (images); i++)
    {
      g_autoptr(GtkStringObject) o = g_list_model_get_item (images, i);

      g_string_append_printf (s, "%s%s", s->len ? " " : "", gtk_string_object_get_string (o));
    }
  return g_string_free (s, FALSE);
}

static void
click (GtkWidget  *root,
       const char *tooltip)
{
  GtkWidget *button = ui_find_widget (root, GTK_TYPE_BUTTON, tooltip);

  if (button == NULL)
    g_error ("no button '%s'", tooltip);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  ui_spin (50);
}

static void
type_image (GtkWidget  *view,
            const char *text)
{
  GtkWidget *entry = ui_find_widget (view, GTK_TYPE_ENTRY, "Container image to add");

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  click (view, "Add the image to the list");
}

static void
test_settings_saved (Fixture       *f,
                     gconstpointer  data)
{
  GantryVerifyView *view = ui_child (f, "verify_view");
  GtkWidget *w = GTK_WIDGET (view);
  GtkWidget *entry = ui_find_widget (w, GTK_TYPE_ENTRY, "Container image to add");
  GtkWidget *presets = ui_find_widget (w, GTK_TYPE_MENU_BUTTON, "Add a common image: musl, current glibc, old glibc");
  GtkSwitch *sw = GTK_SWITCH (ui_find_widget (w, GTK_TYPE_SWITCH, "Check in containers"));
  GMenuModel *menu;
  g_autofree char *shown = NULL;
  g_autoptr(GVariant) target = NULL;
  gint64 revision;
  const char *engine;

  ui_select_project (f, "tool");
  gantry_window_show_page (f->window, "verify");
  ui_wait_idle (f, 60);

  /* the engine found, or plainly none */
  engine = gantry_verify_view_get_engine (view);
  if (!g_str_has_prefix (engine, "Container engine: docker") && !g_str_has_prefix (engine, "Container engine: podman"))
    g_assert_cmpstr (engine, ==, "no container engine: container checks will be skipped");
  g_assert_true (gtk_switch_get_active (sw));

  /* an image typed and added */
  type_image (w, "  alpine:3.19 ");
  assert_stored (f, "alpine:3.19", TRUE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_null (gantry_verify_view_get_problem (view));

  /* a preset, the way its menu item adds it */
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (presets));
  g_assert_cmpint (g_menu_model_get_n_items (menu), >=, 3);
  target = g_menu_model_get_item_attribute_value (menu, 1, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, "debian:12-slim");
  g_assert_true (gtk_widget_activate_action (w, "verify.add-preset", "s", "debian:12-slim"));
  ui_spin (50);
  assert_stored (f, "alpine:3.19 debian:12-slim", TRUE);
  g_assert_true (gtk_widget_activate_action (w, "verify.add-preset", "s", "centos:7"));
  ui_spin (50);
  assert_stored (f, "alpine:3.19 debian:12-slim centos:7", TRUE);

  /* one removed with its row's button */
  click (w, "Remove alpine:3.19");
  assert_stored (f, "debian:12-slim centos:7", TRUE);
  shown = shown_images (view);
  g_assert_cmpstr (shown, ==, "debian:12-slim centos:7");

  /* bad names: refused with the problem named, the store unchanged */
  {
    g_autoptr(GantryRecipe) before = stored_recipe (f, "tool");
    struct { const char *typed; const char *needle; } bad[] = {
      { "Alpine:3.19", "image names are lowercase; write alpine:3.19" },
      { "debian 12", "no spaces" },
      { "debian:", "nothing after ':'" },
      { "debian:12-slim", "in the list already" },
      { "docker://alpine", "not a URL" },
    };

    revision = gantry_recipe_get_revision (before);
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GantryRecipe) after = NULL;

        type_image (w, bad[i].typed);
        if (gantry_verify_view_get_problem (view) == NULL ||
            strstr (gantry_verify_view_get_problem (view), bad[i].needle) == NULL)
          g_error ("'%s': problem '%s' lacks '%s'", bad[i].typed, gantry_verify_view_get_problem (view), bad[i].needle);
        g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (ui_find_widget (w, GTK_TYPE_REVEALER, NULL))));
        after = stored_recipe (f, "tool");
        g_assert_cmpint (gantry_recipe_get_revision (after), ==, revision);
        assert_stored (f, "debian:12-slim centos:7", TRUE);
        /* what was typed stays, to be fixed */
        g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, bad[i].typed);
      }
    type_image (w, "Alpine:3.19");
  }
  ui_spin (300);
  ui_save_screenshot (GTK_WIDGET (f->window), "verify-settings");

  /* a good name clears the message */
  type_image (w, "ghcr.io/acme/runner:2024.1");
  assert_stored (f, "debian:12-slim centos:7 ghcr.io/acme/runner:2024.1", TRUE);
  g_assert_null (gantry_verify_view_get_problem (view));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (ui_find_widget (w, GTK_TYPE_REVEALER, NULL))));

  /* the switch: container checks left out, the images kept */
  gtk_switch_set_active (sw, FALSE);
  ui_spin (50);
  assert_stored (f, "debian:12-slim centos:7 ghcr.io/acme/runner:2024.1", FALSE);
  g_assert_true (g_str_has_prefix (gantry_verify_view_get_engine (view), "Container checks are turned off"));
  g_assert_false (gtk_widget_is_sensitive (entry));

  /* the Targets page saves next on top of these settings, not over them */
  gtk_switch_set_active (ui_row_switch (f, "Windows x86-64"), FALSE);
  ui_wait_idle (f, 30);
  {
    g_autofree char *keys = ui_stored_keys (f, "tool");

    g_assert_null (strstr (keys, "windows"));
  }
  assert_stored (f, "debian:12-slim centos:7 ghcr.io/acme/runner:2024.1", FALSE);

  gtk_switch_set_active (sw, TRUE);
  ui_spin (50);
  assert_stored (f, "debian:12-slim centos:7 ghcr.io/acme/runner:2024.1", TRUE);
  g_assert_true (gtk_widget_is_sensitive (entry));

  /* a version still being typed on the Targets page (saved after a
   * pause) and an image added meanwhile: both end up in the store */
  {
    GtkEditable *version = GTK_EDITABLE (ui_child_of (GTK_WIDGET (ui_child (f, "recipe_view")), "version_entry"));
    g_autoptr(GantryRecipe) stored = NULL;

    gtk_editable_set_text (version, "1.4.2");
    type_image (w, "alpine:3.19");
    ui_spin (1000);
    stored = stored_recipe (f, "tool");
    g_assert_cmpstr (gantry_recipe_get_version (stored), ==, "1.4.2");
    g_assert_true (g_strv_contains (gantry_recipe_get_verify_images (stored), "alpine:3.19"));
    g_assert_cmpstr (gtk_editable_get_text (version), ==, "1.4.2");
  }

  /* another project shows its own settings */
  ui_select_project (f, "pure");
  g_free (shown);
  shown = shown_images (view);
  g_assert_cmpstr (shown, ==, "");
  g_assert_true (gtk_switch_get_active (sw));
}

static GantryCompareRow *
row_named (GListModel *rows,
           const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GantryCompareRow) row = g_list_model_get_item (rows, i);

      if (g_str_equal (gantry_compare_row_get_name (row), name))
        return g_steal_pointer (&row);
    }
  g_error ("no row '%s'", name);
}

static guint
position_of (GtkDropDown *dropdown,
             const char  *key)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) o = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (o), key))
        return i;
    }
  g_error ("'%s' is not offered", key);
}

static void
test_compare_picker (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *go = gantry_test_find_program ("go");
  g_autofree char *gcc = gantry_test_find_program ("gcc");
  g_autofree char *musl = gantry_test_find_program ("musl-gcc");
  g_autofree char *arm = gantry_test_find_program ("aarch64-linux-gnu-gcc");
  g_autofree char *keys = NULL;
  GantryCompareView *view = ui_child (f, "compare_view");
  GtkDropDown *left, *right;
  GListModel *rows, *runs_on;

  if (go == NULL || gcc == NULL || musl == NULL || arm == NULL)
    {
      g_test_skip ("needs go, gcc, musl-gcc and aarch64-linux-gnu-gcc");
      return;
    }

  ui_select_project (f, "tool");
  gtk_switch_set_active (ui_row_switch (f, "Windows x86-64"), FALSE);
  ui_wait_idle (f, 30);
  keys = ui_stored_keys (f, "tool");
  g_assert_cmpstr (keys, ==, "linux/amd64 linux/amd64/static@musl linux/arm64");
  /* container checks left out in the recipe: the build's verification says so */
  gtk_switch_set_active (GTK_SWITCH (ui_find_widget (GTK_WIDGET (ui_child (f, "verify_view")), GTK_TYPE_SWITCH,
                                                     "Check in containers")), FALSE);
  ui_wait_idle (f, 30);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "project.build", NULL));
  ui_wait_idle (f, 600);

  left = GTK_DROP_DOWN (ui_find_widget (GTK_WIDGET (view), GTK_TYPE_DROP_DOWN, "The binary on the left"));
  right = GTK_DROP_DOWN (ui_find_widget (GTK_WIDGET (view), GTK_TYPE_DROP_DOWN, "The binary on the right"));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (right)), ==, 3);
  /* the default: dynamic and static of one platform */
  g_assert_cmpuint (gtk_drop_down_get_selected (left), ==, position_of (left, "linux/amd64"));
  g_assert_cmpuint (gtk_drop_down_get_selected (right), ==, position_of (right, "linux/amd64/static@musl"));

  rows = gantry_compare_view_get_rows (view);
  {
    g_autoptr(GantryCompareRow) linking = row_named (rows, "Linking");
    g_autoptr(GantryCompareRow) goarch = row_named (rows, "Go: GOARCH");

    g_assert_cmpstr (gantry_compare_row_get_left (linking), ==, "dynamic");
    g_assert_true (g_str_has_prefix (gantry_compare_row_get_right (linking), "static"));
    g_assert_true (gantry_compare_row_get_differs (linking));
    g_assert_false (gantry_compare_row_get_differs (goarch));
  }
  runs_on = gantry_compare_view_get_runs_on (view);
  {
    g_autoptr(GantryCompareRow) here = row_named (runs_on, "This machine");
    g_autoptr(GantryCompareRow) containers = row_named (runs_on, "Containers");
    g_autoptr(GantryCompareRow) files = row_named (runs_on, "File checks");

    g_assert_cmpstr (gantry_compare_row_get_left (here), ==, "✓ natively");
    g_assert_cmpstr (gantry_compare_row_get_right (here), ==, "✓ natively");
    g_assert_false (gantry_compare_row_get_differs (here));
    g_assert_cmpstr (gantry_compare_row_get_left (containers), ==, "skipped: container checks turned off in the recipe");
    g_assert_cmpstr (gantry_compare_row_get_right (containers), ==, "skipped: container checks turned off in the recipe");
    g_assert_true (g_str_has_prefix (gantry_compare_row_get_left (files), "✓ "));
  }

  /* the right-hand binary changed: the rows follow */
  gtk_drop_down_set_selected (right, position_of (right, "linux/arm64"));
  ui_spin (100);
  rows = gantry_compare_view_get_rows (view);
  {
    g_autoptr(GantryCompareRow) linking = row_named (rows, "Linking");
    g_autoptr(GantryCompareRow) goarch = row_named (rows, "Go: GOARCH");
    g_autoptr(GantryCompareRow) interp = row_named (rows, "Interpreter");

    g_assert_cmpstr (gantry_compare_row_get_right (linking), ==, "dynamic");
    g_assert_false (gantry_compare_row_get_differs (linking));
    g_assert_cmpstr (gantry_compare_row_get_left (goarch), ==, "amd64");
    g_assert_cmpstr (gantry_compare_row_get_right (goarch), ==, "arm64");
    g_assert_true (gantry_compare_row_get_differs (goarch));
    g_assert_true (strstr (gantry_compare_row_get_right (interp), "aarch64") != NULL);
  }
  runs_on = gantry_compare_view_get_runs_on (view);
  {
    g_autoptr(GantryCompareRow) here = row_named (runs_on, "This machine");

    g_assert_cmpstr (gantry_compare_row_get_left (here), ==, "✓ natively");
    g_assert_nonnull (strstr (gantry_compare_row_get_right (here), "qemu-aarch64"));
  }

  /* and the left one */
  gtk_drop_down_set_selected (left, position_of (left, "linux/amd64/static@musl"));
  ui_spin (100);
  rows = gantry_compare_view_get_rows (view);
  {
    g_autoptr(GantryCompareRow) linking = row_named (rows, "Linking");

    g_assert_true (g_str_has_prefix (gantry_compare_row_get_left (linking), "static"));
    g_assert_cmpstr (gantry_compare_row_get_right (linking), ==, "dynamic");
  }
  gtk_drop_down_set_selected (left, position_of (left, "linux/amd64"));

  gantry_window_show_page (f->window, "compare");
  ui_spin (300);
  ui_save_screenshot (GTK_WIDGET (f->window), "compare-picker");
  gantry_window_show_page (f->window, "verify");
  ui_spin (300);
  ui_save_screenshot (GTK_WIDGET (f->window), "verify-after-build");
}

static void
add_tests (void)
{
  ui_test_add ("/ui/verify-compare/settings-saved", test_settings_saved);
  ui_test_add ("/ui/verify-compare/compare-picker", test_compare_picker);
}

int
main (int    argc,
      char **argv)
{
  return ui_fixture_run (&argc, &argv, "io.github.gantry.GantryVerifyCompareTest", add_tests);
}

/* test-ui-window-prefs.c — The window: size remembered, dropping a folder, gantry.json import/export */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include <glib/gstdio.h>

#include "gantry-recipe-view.h"
#include "gantry-run-model.h"
#include "gantry-test-util.h"
#include "gantry-window-state.h"
#include "gantry-style.h"
#include "ui-fixture.h"

/* ------------------------------------------------------------------ */
/* Window size                                                         */
/* ------------------------------------------------------------------ */

/* The project logs structured, which g_test_expect_message does not
 * see: the window state's messages are kept here, and printed as usual. */
static GPtrArray *state_messages;

static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  const char *domain = NULL, *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }
  if (g_strcmp0 (domain, "gantry-window-state") == 0 && message != NULL &&
      (level & (G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL)) != 0)
    g_ptr_array_add (state_messages, g_strdup_printf ("%s%s", (level & G_LOG_LEVEL_MESSAGE) ? "" : "WARNING ", message));
  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* The one message the window state logged since the last call. */
static char *
take_state_message (void)
{
  g_assert_cmpuint (state_messages->len, ==, 1);
  return g_ptr_array_steal_index (state_messages, 0);
}

static void
write_window_ini (const char *contents)
{
  g_autofree char *path = gantry_window_state_get_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
}

/* A new window as the application opens it: no size set by the test. */
static GantryWindow *
open_window (Fixture *f)
{
  GantryWindow *window = gantry_window_new (ui_app, f->store);

  gtk_window_present (GTK_WINDOW (window));
  ui_spin (300);
  return window;
}

/* Closes @window the way the user does (or destroys it), and waits
 * until it is gone: its plan preview holds it until cancelled. */
static void
close_window_full (GantryWindow *window,
                   gboolean      as_user)
{
  GantryWindow *weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &weak);
  if (as_user)
    gtk_window_close (GTK_WINDOW (window));
  else
    gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < 250 && weak != NULL; i++)
    ui_spin (20);
  g_assert_null (weak);
}

static void
close_window (GantryWindow *window)
{
  close_window_full (window, TRUE);
}

/* A closed window's cancelled plan preview may still hold the store in
 * a worker thread for a moment: wait for it, so that tear-down finds
 * the store's last reference where it expects it. */
static void
wait_store_released (Fixture *f,
                     guint    refs)
{
  for (guint i = 0; i < 500 && G_OBJECT (f->store)->ref_count > refs; i++)
    ui_spin (20);
  g_assert_cmpuint (G_OBJECT (f->store)->ref_count, ==, refs);
}

static void
assert_default_size (GantryWindow *window,
                     int           width,
                     int           height)
{
  int w, h;

  gtk_window_get_default_size (GTK_WINDOW (window), &w, &h);
  g_assert_cmpint (w, ==, width);
  g_assert_cmpint (h, ==, height);
}

static void
test_size_remembered (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = gantry_window_state_get_path ();
  g_autofree char *saved = NULL;
  g_autoptr(GKeyFile) ini = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  GantryWindow *window;
  guint refs = G_OBJECT (f->store)->ref_count;
  int width, height, default_width;

  window = open_window (f);
  gtk_window_get_default_size (GTK_WINDOW (window), &default_width, &height);
  g_assert_cmpint (default_width, !=, 913);
  default_width = gtk_widget_get_width (GTK_WIDGET (window));
  gtk_window_set_default_size (GTK_WINDOW (window), 913, 611);
  for (guint i = 0; i < 100 && gtk_widget_get_width (GTK_WIDGET (window)) == default_width; i++)
    ui_spin (20);
  ui_spin (100);
  /* what the window shows, without the decorations the default size counts */
  width = gtk_widget_get_width (GTK_WIDGET (window));
  height = gtk_widget_get_height (GTK_WIDGET (window));
  g_assert_cmpint (width, >, 850);
  g_assert_cmpint (width, <=, 913);
  close_window (window);

  /* saved when the window went, as a plain key file */
  g_assert_true (g_key_file_load_from_file (ini, path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_key_file_get_integer (ini, "window", "width", NULL), ==, 913);
  g_assert_cmpint (g_key_file_get_integer (ini, "window", "height", NULL), ==, 611);
  g_assert_false (g_key_file_get_boolean (ini, "window", "maximized", &error));
  g_assert_no_error (error);

  /* the next window opens at that size */
  window = open_window (f);
  assert_default_size (window, 913, 611);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, width);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), ==, height);
  ui_save_screenshot (GTK_WIDGET (window), "window-prefs-restored-913x611");
  close_window (window);

  /* sizes out of reason are brought back to something usable */
  write_window_ini ("[window]\nwidth=12\nheight=99999\nmaximized=false\n");
  window = gantry_window_new (ui_app, f->store);
  assert_default_size (window, GANTRY_WINDOW_STATE_MIN_WIDTH, GANTRY_WINDOW_STATE_MAX_SIZE);
  close_window_full (window, FALSE);

  g_unlink (path);
  wait_store_released (f, refs);
}

static void
test_size_garbage_ignored (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = gantry_window_state_get_path ();
  guint refs = G_OBJECT (f->store)->ref_count;
  char *message;
  GantryWindow *window;

  /* not a key file at all: the template's size, a message, no warning */
  write_window_ini ("\x01\xff garbage [[[ \n=\n");
  g_ptr_array_set_size (state_messages, 0);
  window = open_window (f);
  message = take_state_message ();
  g_assert_true (g_str_has_prefix (message, "Ignoring the saved window size: "));
  g_assert_nonnull (strstr (message, "window.ini"));
  g_clear_pointer (&message, g_free);
  assert_default_size (window, 1100, 700);
  close_window (window);
  /* and replaced by a good one when the window went */
  g_assert_cmpuint (state_messages->len, ==, 0);
  {
    g_autoptr(GKeyFile) ini = g_key_file_new ();

    g_assert_true (g_key_file_load_from_file (ini, path, G_KEY_FILE_NONE, NULL));
    g_assert_cmpint (g_key_file_get_integer (ini, "window", "width", NULL), ==, 1100);
  }

  /* a key file with a damaged value: that value is ignored */
  write_window_ini ("[window]\nwidth=wide\nheight=640\n");
  window = gantry_window_new (ui_app, f->store);
  message = take_state_message ();
  g_assert_true (g_str_has_prefix (message, "Ignoring part of the saved window size: "));
  g_assert_nonnull (strstr (message, "width"));
  g_clear_pointer (&message, g_free);
  assert_default_size (window, 1100, 640);
  close_window_full (window, FALSE);

  g_unlink (path);
  wait_store_released (f, refs);
}

/* ------------------------------------------------------------------ */
/* Dropping a folder                                                   */
/* ------------------------------------------------------------------ */

static GtkDropTarget *
window_drop_target (Fixture *f)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  g_assert_not_reached ();
}

/* What GTK hands the drop target when a file manager drops @folder. */
static gboolean
drop_folder (Fixture    *f,
             const char *folder)
{
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  g_autoptr(GSList) files = g_slist_append (NULL, file);
  g_auto(GValue) value = G_VALUE_INIT;
  GtkDropTarget *target = window_drop_target (f);
  gboolean accepted = FALSE;

  g_assert_true (gtk_drop_target_get_gtypes (target, NULL) != NULL);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  ui_wait_idle (f, 30);
  return accepted;
}

static gboolean
has_project (Fixture    *f,
             const char *name)
{
  GListModel *projects = gantry_window_get_projects (f->window);

  for (guint i = 0; i < g_list_model_get_n_items (projects); i++)
    {
      g_autoptr(GantryProjectEntry) entry = g_list_model_get_item (projects, i);

      if (g_strcmp0 (gantry_project_get_name (gantry_project_entry_get_project (entry)), name) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_drop_folder (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *module = g_build_filename (f->dir, "dropped", "gizmo", NULL);
  g_autofree char *plain = g_build_filename (f->dir, "dropped", "photos", NULL);
  GtkRevealer *banner = ui_child (f, "banner_revealer");

  gantry_test_write_file (module, "go.mod", "module example.com/gizmo\n\ngo 1.19\n");
  gantry_test_write_file (module, "main.go", "package main\n\nfunc main() {}\n");
  gantry_test_write_file (plain, "notes.txt", "not Go\n");

  /* a Go module: added, selected and shown */
  g_assert_true (drop_folder (f, module));
  g_assert_cmpuint (g_list_model_get_n_items (gantry_window_get_projects (f->window)), ==, 4);
  g_assert_true (has_project (f, "gizmo"));
  g_assert_cmpstr (gtk_label_get_label (ui_child (f, "name_label")), ==, "gizmo");
  g_assert_false (gtk_revealer_get_reveal_child (banner));
  {
    g_autoptr(GantryProject) stored = ui_project (f, "gizmo");

    g_assert_nonnull (stored);
  }
  ui_save_screenshot (GTK_WIDGET (f->window), "window-prefs-dropped-module");

  /* any other folder: the core's sentence in the banner, nothing added */
  drop_folder (f, plain);
  g_assert_cmpuint (g_list_model_get_n_items (gantry_window_get_projects (f->window)), ==, 4);
  g_assert_false (has_project (f, "photos"));
  g_assert_true (gtk_revealer_get_reveal_child (banner));
  g_assert_nonnull (strstr (gtk_label_get_label (ui_child (f, "banner_label")), "is not a Go module"));
  g_assert_nonnull (strstr (gtk_label_get_label (ui_child (f, "banner_label")), "photos"));
  g_assert_cmpstr (gtk_label_get_label (ui_child (f, "name_label")), ==, "gizmo");
  ui_save_screenshot (GTK_WIDGET (f->window), "window-prefs-dropped-not-module");
}

/* ------------------------------------------------------------------ */
/* gantry.json                                                         */
/* ------------------------------------------------------------------ */

static char *
stored_json (Fixture    *f,
             const char *name)
{
  g_autoptr(GantryProject) p = ui_project (f, name);
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryRecipe) recipe = gantry_recipe_load (f->store, gantry_project_get_id (p), &error);

  g_assert_no_error (error);
  return gantry_recipe_to_json (recipe);
}

/* The matrix saves on idle: waits until the store's recipe has (or has
 * not) the target @key. */
static void
wait_stored_target (Fixture    *f,
                    const char *name,
                    const char *key,
                    gboolean    present)
{
  g_autoptr(GantryProject) p = ui_project (f, name);

  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(GantryRecipe) recipe = gantry_recipe_load (f->store, gantry_project_get_id (p), NULL);

      if (recipe != NULL)
        {
          g_autofree char *keys = ui_stored_keys (f, name);

          if ((strstr (keys, key) != NULL) == present)
            return;
        }
      ui_spin (20);
    }
  g_assert_not_reached ();
}

static void
test_recipe_export_import (Fixture       *f,
                           gconstpointer  data)
{
  GantryRecipeView *view = ui_child (f, "recipe_view");
  g_autofree char *folder = g_build_filename (f->dir, "exported", NULL);
  g_autofree char *path = g_build_filename (folder, "gantry.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *keys_exported = NULL;
  g_autofree char *json_exported = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *keys_changed = NULL;
  g_autoptr(GError) error = NULL;

  ui_select_project (f, "tool");
  /* make the recipe a stored one that differs from the detected one */
  gtk_switch_set_active (ui_row_switch (f, "Windows ARM64"), TRUE);
  wait_stored_target (f, "tool", "windows/arm64", TRUE);
  keys_exported = ui_stored_keys (f, "tool");
  g_assert_nonnull (strstr (keys_exported, "windows/arm64"));
  json_exported = stored_json (f, "tool");

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  g_assert_true (gantry_recipe_view_export_file (view, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (contents, "\n"));
  contents[strlen (contents) - 1] = '\0';
  g_assert_cmpstr (contents, ==, json_exported);
  g_assert_null (gantry_recipe_view_get_problem (view));

  /* a change in the matrix, saved */
  gtk_switch_set_active (ui_row_switch (f, "Windows ARM64"), FALSE);
  wait_stored_target (f, "tool", "windows/arm64", FALSE);
  keys_changed = ui_stored_keys (f, "tool");
  g_assert_null (strstr (keys_changed, "windows/arm64"));

  /* importing the file brings the exported recipe back, in store and matrix */
  g_assert_true (gantry_recipe_view_import_file (view, file, &error));
  g_assert_no_error (error);
  {
    g_autofree char *keys = ui_stored_keys (f, "tool");
    g_autofree char *json = stored_json (f, "tool");

    g_assert_cmpstr (keys, ==, keys_exported);
    g_assert_cmpstr (json, ==, json_exported);
  }
  ui_spin (200);
  g_assert_true (gtk_switch_get_active (ui_row_switch (f, "Windows ARM64")));
  {
    GObject *saved = gtk_widget_get_template_child (GTK_WIDGET (view), GANTRY_TYPE_RECIPE_VIEW, "saved_label");

    g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (saved)), "Imported gantry.json as revision"));
  }
  ui_save_screenshot (GTK_WIDGET (f->window), "window-prefs-recipe-imported");
}

static void
test_recipe_import_broken (Fixture       *f,
                           gconstpointer  data)
{
  GantryRecipeView *view = ui_child (f, "recipe_view");
  g_autofree char *path = g_build_filename (f->dir, "gantry.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *before = NULL;
  g_autofree char *keys_before = NULL;
  g_autoptr(GError) error = NULL;

  ui_select_project (f, "tool");
  gtk_switch_set_active (ui_row_switch (f, "Windows ARM64"), TRUE);
  wait_stored_target (f, "tool", "windows/arm64", TRUE);
  before = stored_json (f, "tool");
  keys_before = ui_stored_keys (f, "tool");

  /* a field the core rejects: its message, naming the field, above the matrix */
  gantry_test_write_file (f->dir, "gantry.json",
                          "{\"gantry_recipe\": 1, \"binary_name\": \"tool\", \"targets\": "
                          "[{\"goos\": \"linux\", \"goarch\": \"amd64\", \"cgo\": \"maybe\"}]}\n");
  g_assert_false (gantry_recipe_view_import_file (view, file, &error));
  g_assert_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "targets[0].cgo"));
  g_assert_nonnull (gantry_recipe_view_get_problem (view));
  g_assert_nonnull (strstr (gantry_recipe_view_get_problem (view), "targets[0].cgo: 'maybe'"));
  g_assert_true (g_str_has_prefix (gantry_recipe_view_get_problem (view), "Not imported: "));
  ui_spin (400);  /* the revealer slides in */
  ui_save_screenshot (GTK_WIDGET (f->window), "window-prefs-recipe-import-broken");
  g_clear_error (&error);

  /* not JSON at all, then no file: the same */
  gantry_test_write_file (f->dir, "gantry.json", "{ \"gantry_recipe\": 1, \"targets\": [");
  g_assert_false (gantry_recipe_view_import_file (view, file, &error));
  g_assert_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_FORMAT);
  g_clear_error (&error);
  g_unlink (path);
  g_assert_false (gantry_recipe_view_import_file (view, file, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (gantry_recipe_view_get_problem (view), "Not imported"));

  /* the store and the matrix kept the recipe */
  ui_spin (200);
  {
    g_autofree char *after = stored_json (f, "tool");
    g_autofree char *keys_after = ui_stored_keys (f, "tool");

    g_assert_cmpstr (after, ==, before);
    g_assert_cmpstr (keys_after, ==, keys_before);
  }
  g_assert_true (gtk_switch_get_active (ui_row_switch (f, "Windows ARM64")));
}

/* The dialogs the buttons open (GtkFileChooserNative falls back to
 * GTK's own dialog when there is no portal, as under Xvfb). */
static GtkFileChooser *
find_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_FILE_CHOOSER (window);
    }
  return NULL;
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
wait_exported (GantryRecipeView *view)
{
  for (guint i = 0; i < 600 && gantry_recipe_view_get_exporting (view); i++)
    ui_spin (50);
  g_assert_false (gantry_recipe_view_get_exporting (view));
}

/* Export for a build farm, from the window: a GoReleaser config and a
 * GitHub Actions workflow of the recipe on screen (the target just
 * switched on is in them), written in the background; a folder that
 * cannot be made is said in the banner, and nothing is left behind. */
static void
test_recipe_export_farm (Fixture       *f,
                         gconstpointer  data)
{
  GantryRecipeView *view = ui_child (f, "recipe_view");
  GtkLabel *saved = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (view), GANTRY_TYPE_RECIPE_VIEW, "saved_label"));
  g_autofree char *yaml = g_build_filename (f->dir, "farm", ".goreleaser.yaml", NULL);
  g_autofree char *workflow = g_build_filename (f->dir, "farm", ".github", "workflows", "release.yml", NULL);
  g_autofree char *blocker = g_build_filename (f->dir, "a-file", NULL);
  g_autofree char *blocked = g_build_filename (blocker, "release.yml", NULL);
  g_autoptr(GFile) yaml_file = g_file_new_for_path (yaml);
  g_autoptr(GFile) workflow_file = g_file_new_for_path (workflow);
  g_autoptr(GFile) blocked_file = g_file_new_for_path (blocked);
  g_autofree char *text = NULL;

  ui_select_project (f, "tool");
  gtk_switch_set_active (ui_row_switch (f, "Linux ARM64"), TRUE);
  wait_stored_target (f, "tool", "linux/arm64", TRUE);

  gantry_recipe_view_export_as (view, GANTRY_EXPORT_GORELEASER, yaml_file);
  g_assert_true (gantry_recipe_view_get_exporting (view));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (saved), "Writing the GoReleaser config"));
  wait_exported (view);
  g_assert_null (gantry_recipe_view_get_problem (view));
  g_assert_cmpstr (gtk_label_get_label (saved), ==, "GoReleaser config written to .goreleaser.yaml");
  g_assert_true (g_file_get_contents (yaml, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "builds:"));
  g_assert_nonnull (strstr (text, "arm64"));
  g_clear_pointer (&text, g_free);

  /* the workflow's folders are made */
  gantry_recipe_view_export_as (view, GANTRY_EXPORT_CI, workflow_file);
  wait_exported (view);
  g_assert_null (gantry_recipe_view_get_problem (view));
  g_assert_cmpstr (gtk_label_get_label (saved), ==, "GitHub Actions workflow written to release.yml");
  g_assert_true (g_file_get_contents (workflow, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "jobs:"));
  gantry_window_show_page (f->window, "recipe");
  ui_spin (200);
  ui_save_screenshot (GTK_WIDGET (f->window), "recipe-export-farm");

  /* a file where the folder should be */
  gantry_test_write_file (f->dir, "a-file", "not a folder\n");
  gantry_recipe_view_export_as (view, GANTRY_EXPORT_CI, blocked_file);
  wait_exported (view);
  g_assert_nonnull (gantry_recipe_view_get_problem (view));
  g_assert_true (g_str_has_prefix (gantry_recipe_view_get_problem (view), "The GitHub Actions workflow was not written: "));
  g_assert_nonnull (strstr (gantry_recipe_view_get_problem (view), "a-file"));
  g_assert_false (g_file_test (blocked, G_FILE_TEST_EXISTS));
}

static void
test_recipe_dialogs (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *view = ui_child (f, "recipe_view");
  g_autoptr(GantryProject) tool = NULL;
  GtkFileChooser *chooser = NULL;

  ui_select_project (f, "tool");
  tool = ui_project (f, "tool");

  /* Export: a save dialog in the project folder, named gantry.json */
  g_assert_true (gtk_widget_activate_action (view, "recipe.export", NULL));
  for (guint i = 0; i < 100 && (chooser = find_chooser ()) == NULL; i++)
    ui_spin (20);
  if (chooser == NULL)
    {
      g_test_skip ("the file chooser went to a portal: nothing to look at here");
      return;
    }
  g_assert_cmpint (gtk_file_chooser_get_action (chooser), ==, GTK_FILE_CHOOSER_ACTION_SAVE);
  ui_spin (300);
  {
    g_autofree char *name = gtk_file_chooser_get_current_name (chooser);
    g_autoptr(GFile) folder = gtk_file_chooser_get_current_folder (chooser);
    g_autofree char *path = folder != NULL ? g_file_get_path (folder) : NULL;

    g_assert_cmpstr (name, ==, "gantry.json");
    g_assert_cmpstr (path, ==, gantry_project_get_path (tool));
  }
  ui_save_screenshot (GTK_WIDGET (chooser), "window-prefs-export-dialog");
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  ui_spin (200);
  g_assert_null (find_chooser ());

  /* Import: an open dialog on the project's gantry.json when there is one */
  {
    g_autofree char *json = g_build_filename (gantry_project_get_path (tool), "gantry.json", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (json);

    g_assert_true (gantry_recipe_view_export_file (GANTRY_RECIPE_VIEW (view), file, NULL));
    g_assert_true (gtk_widget_activate_action (view, "recipe.import", NULL));
    for (guint i = 0; i < 100 && (chooser = find_chooser ()) == NULL; i++)
      ui_spin (20);
    g_assert_nonnull (chooser);
    g_assert_cmpint (gtk_file_chooser_get_action (chooser), ==, GTK_FILE_CHOOSER_ACTION_OPEN);
    ui_spin (300);
    {
      g_autoptr(GFile) chosen = gtk_file_chooser_get_file (chooser);

      g_assert_nonnull (chosen);
      g_assert_true (g_file_equal (chosen, file));
    }
    /* choosing it imports it */
    gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
    ui_spin (200);
    g_assert_null (find_chooser ());
    g_assert_null (gantry_recipe_view_get_problem (GANTRY_RECIPE_VIEW (view)));
    {
      GObject *saved = gtk_widget_get_template_child (view, GANTRY_TYPE_RECIPE_VIEW, "saved_label");

      g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (saved)), "Imported gantry.json as revision"));
    }
  }
}
G_GNUC_END_IGNORE_DEPRECATIONS

/* The primary menu's Keyboard Shortcuts opens the overlay GtkApplication
 * loads from the resources; the application icon is in the icon theme. */
static void
test_shortcuts_and_icon (Fixture       *f,
                         gconstpointer  data)
{
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (f->window));
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (f->window)));

  g_assert_nonnull (overlay);
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (f->window), "show-help-overlay"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-help-overlay", NULL));
  ui_spin (300);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  ui_save_screenshot (GTK_WIDGET (overlay), "shortcuts");
  gtk_window_close (GTK_WINDOW (overlay));

  g_assert_true (gtk_icon_theme_has_icon (theme, "io.github.gantry.Gantry"));
}

/* The dark style: the window's own colours (problems, highlights, the
 * banner) come from the theme's named colours, so they change with it. */
static void
test_dark_style (Fixture       *f,
                 gconstpointer  data)
{
  GtkSettings *settings = gtk_settings_get_default ();
  gboolean dark = FALSE;
  g_autoptr(GVariant) read_dark = g_variant_ref_sink (g_variant_new_variant (g_variant_new_variant (g_variant_new_uint32 (1))));
  g_autoptr(GVariant) changed_light = g_variant_ref_sink (g_variant_new_variant (g_variant_new_uint32 (2)));
  g_autoptr(GVariant) no_preference = g_variant_ref_sink (g_variant_new_uint32 (0));
  g_autoptr(GVariant) garbage = g_variant_ref_sink (g_variant_new_string ("dark"));

  /* GANTRY_COLOR_SCHEME=light (the fixture's) won over the desktop */
  g_object_get (settings, "gtk-application-prefer-dark-theme", &dark, NULL);
  g_assert_false (dark);

  /* what the settings portal answers, as Read and as SettingChanged give it */
  g_assert_true (gantry_style_portal_prefers_dark (read_dark, &dark));
  g_assert_true (dark);
  g_assert_true (gantry_style_portal_prefers_dark (changed_light, &dark));
  g_assert_false (dark);
  dark = TRUE;
  g_assert_true (gantry_style_portal_prefers_dark (no_preference, &dark));
  g_assert_false (dark);
  g_assert_false (gantry_style_portal_prefers_dark (garbage, &dark));

  gantry_style_set_dark (TRUE);
  g_object_get (settings, "gtk-application-prefer-dark-theme", &dark, NULL);
  g_assert_true (dark);
  /* libadwaita's style manager is what draws it dark */
  g_assert_true (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  ui_select_project (f, "broken");
  ui_spin (300);
  ui_save_screenshot (GTK_WIDGET (f->window), "window-dark");

  gantry_style_set_dark (FALSE);
  g_object_get (settings, "gtk-application-prefer-dark-theme", &dark, NULL);
  g_assert_false (dark);
  g_assert_false (adw_style_manager_get_dark (adw_style_manager_get_default ()));
}

static void
add_tests (void)
{
  ui_test_add ("/ui/window-prefs/dark-style", test_dark_style);
  ui_test_add ("/ui/window-prefs/shortcuts-and-icon", test_shortcuts_and_icon);
  ui_test_add ("/ui/window-prefs/size-remembered", test_size_remembered);
  ui_test_add ("/ui/window-prefs/size-garbage-ignored", test_size_garbage_ignored);
  ui_test_add ("/ui/window-prefs/drop-folder", test_drop_folder);
  ui_test_add ("/ui/window-prefs/recipe-export-import", test_recipe_export_import);
  ui_test_add ("/ui/window-prefs/recipe-export-farm", test_recipe_export_farm);
  ui_test_add ("/ui/window-prefs/recipe-import-broken", test_recipe_import_broken);
  ui_test_add ("/ui/window-prefs/recipe-dialogs", test_recipe_dialogs);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  state_messages = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (log_writer, NULL, NULL);
  ret = ui_fixture_run (&argc, &argv, "io.github.gantry.GantryWindowPrefsTest", add_tests);
  g_ptr_array_unref (state_messages);
  return ret;
}

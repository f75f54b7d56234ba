/* test-ui-window.c — the window lists the store's projects and shows the selected one */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "gantry-test-util.h"
#include "gantry-style.h"
#include "gantry-window.h"
#include "ui-fixture.h"

static const char *
label_text (GtkWidget  *window,
            const char *id)
{
  GObject *child = gtk_widget_get_template_child (window, GANTRY_TYPE_WINDOW, id);

  g_assert_true (GTK_IS_LABEL (child));
  return gtk_label_get_label (GTK_LABEL (child));
}

static void
test_window_lists_projects (void)
{
  g_autofree char *dir = gantry_test_make_tmpdir ("ui");
  g_autofree char *db = g_build_filename (dir, "gantry.db", NULL);
  g_autofree char *cgo_dir = g_build_filename (dir, "src", "tool", NULL);
  g_autofree char *pure_dir = g_build_filename (dir, "src", "pure", NULL);
  g_autoptr(GtkApplication) app = NULL;
  g_autoptr(GantryStore) store = NULL;
  g_autoptr(GantryProject) cgo = NULL;
  g_autoptr(GantryProject) pure = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *go = g_find_program_in_path ("go");
  GantryWindow *window;
  GObject *stack;

  gantry_test_write_file (cgo_dir, "go.mod", "module github.com/acme/tool\n\ngo 1.21\n");
  gantry_test_write_file (cgo_dir, "main.go", "package main\n\n// #include <stdio.h>\nimport \"C\"\n\nfunc main() {}\n");
  gantry_test_write_file (pure_dir, "go.mod", "module example.com/pure\n");
  gantry_test_write_file (pure_dir, "cmd/a/main.go", "package main\nfunc main() {}\n");
  gantry_test_write_file (pure_dir, "cmd/b/main.go", "package main\nfunc main() {}\n");

  store = gantry_store_open (db, &error);
  g_assert_no_error (error);
  cgo = gantry_project_load (cgo_dir, &error);
  g_assert_no_error (error);
  pure = gantry_project_load (pure_dir, &error);
  g_assert_no_error (error);
  g_assert_true (gantry_store_add_project (store, cgo, &error));
  g_assert_true (gantry_store_add_project (store, pure, &error));

  app = gtk_application_new ("io.github.gantry.GantryTest", G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  gantry_style_load (gdk_display_get_default ());
  window = gantry_window_new (app, store);
  gtk_window_present (GTK_WINDOW (window));
  ui_spin (300);

  g_assert_cmpuint (g_list_model_get_n_items (gantry_window_get_projects (window)), ==, 2);

  /* The first project (by name) is selected and shown. */
  g_assert_cmpstr (label_text (GTK_WIDGET (window), "name_label"), ==, "pure");
  g_assert_true (g_str_has_prefix (label_text (GTK_WIDGET (window), "facts_label"), "example.com/pure"));
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (window), "facts_label"), "pure Go"));
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (window), "facts_label"), "./cmd/a"));

  g_assert_true (gantry_window_select (window, "tool"));
  ui_spin (200);
  g_assert_cmpstr (label_text (GTK_WIDGET (window), "name_label"), ==, "tool");
  g_assert_true (g_str_has_prefix (label_text (GTK_WIDGET (window), "facts_label"), "github.com/acme/tool"));
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (window), "facts_label"), "uses cgo"));
  /* then, from a thread, which package brings the C code (the go command's graph) */
  if (go != NULL)
    {
      for (guint i = 0; i < 400 && strstr (label_text (GTK_WIDGET (window), "facts_label"), "through") == NULL; i++)
        ui_spin (50);
      g_assert_nonnull (strstr (label_text (GTK_WIDGET (window), "facts_label"),
                                "uses cgo through github.com/acme/tool (1 cgo file)"));
    }
  ui_save_screenshot (GTK_WIDGET (window), "window-project");
  /* the bottom bar's buttons (a narrow window) say their whole title on hover */
  {
    GtkWidget *bar = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), GANTRY_TYPE_WINDOW, "switcher_bar"));

    g_assert_nonnull (ui_find_widget (bar, GTK_TYPE_TOGGLE_BUTTON, "Commands"));
    g_assert_nonnull (ui_find_widget (bar, GTK_TYPE_TOGGLE_BUTTON, "Checks"));
  }

  /* Empty store: the window says how to add one. */
  g_assert_true (gantry_store_remove_project (store, "tool", &error));
  g_assert_true (gantry_store_remove_project (store, "pure", &error));
  g_assert_true (gantry_window_reload (window, &error));
  ui_spin (200);
  stack = gtk_widget_get_template_child (GTK_WIDGET (window), GANTRY_TYPE_WINDOW, "detail_stack");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "empty");
  {
    AdwStatusPage *empty = ADW_STATUS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window), GANTRY_TYPE_WINDOW,
                                                                          "empty_page"));
    GtkWidget *add;

    g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (empty)));
    g_assert_cmpstr (adw_status_page_get_title (empty), ==, "Add a Go project");
    g_assert_nonnull (strstr (adw_status_page_get_description (empty), "Go project"));
    /* its button is the + button's action, named in words, not a command */
    add = ui_find_button (GTK_WIDGET (empty), "Add Project…", TRUE);
    g_assert_nonnull (add);
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (add)), ==, "project.add");
    g_assert_null (strstr (adw_status_page_get_description (empty), "gantry "));
  }
  ui_save_screenshot (GTK_WIDGET (window), "window-empty");

  gtk_window_destroy (GTK_WINDOW (window));
  ui_spin (50);
  gantry_test_rm_rf (dir);
}

/* Alt+N is bound to the Nth page, and pressing it shows that page: the
 * window's own shortcut table is read, and each binding is fired. */
static void
test_window_page_shortcuts (void)
{
  static const struct { guint key; const char *stack; const char *page; } expected[] = {
    { GDK_KEY_1, "page_stack", "recipe" },
    { GDK_KEY_3, "page_stack", "commands" },
    { GDK_KEY_5, "page_stack", "compare" },
    { GDK_KEY_7, "page_stack", "history" },
    { GDK_KEY_8, "main_stack", "toolchains" },
    { GDK_KEY_2, "page_stack", "run" },
  };
  g_autofree char *dir = gantry_test_make_tmpdir ("ui");
  g_autofree char *db = g_build_filename (dir, "gantry.db", NULL);
  g_autofree char *project_dir = g_build_filename (dir, "src", "tool", NULL);
  g_autoptr(GtkApplication) app = NULL;
  g_autoptr(GantryStore) store = NULL;
  g_autoptr(GantryProject) project = NULL;
  g_autoptr(GListModel) controllers = NULL;
  g_autoptr(GError) error = NULL;
  GantryWindow *window;

  gantry_test_write_file (project_dir, "go.mod", "module example.com/tool\n");
  gantry_test_write_file (project_dir, "main.go", "package main\nfunc main() {}\n");
  store = gantry_store_open (db, &error);
  g_assert_no_error (error);
  project = gantry_project_load (project_dir, &error);
  g_assert_no_error (error);
  g_assert_true (gantry_store_add_project (store, project, &error));

  app = gtk_application_new ("io.github.gantry.GantryTest", G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  window = gantry_window_new (app, store);
  gtk_window_present (GTK_WINDOW (window));
  ui_spin (200);

  controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  for (guint e = 0; e < G_N_ELEMENTS (expected); e++)
    {
      gboolean bound = FALSE;

      for (guint c = 0; c < g_list_model_get_n_items (controllers) && !bound; c++)
        {
          g_autoptr(GObject) controller = g_list_model_get_item (controllers, c);

          if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
            continue;
          for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (controller)) && !bound; i++)
            {
              g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), i);
              GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
              GObject *stack;

              if (!GTK_IS_KEYVAL_TRIGGER (trigger) ||
                  gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) != expected[e].key ||
                  gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) != GDK_ALT_MASK)
                continue;
              bound = TRUE;
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                           GTK_WIDGET (window),
                                                           gtk_shortcut_get_arguments (shortcut)));
              ui_spin (50);
              stack = gtk_widget_get_template_child (GTK_WIDGET (window), GANTRY_TYPE_WINDOW, expected[e].stack);
              /* the project's pages are an AdwViewStack; projects | toolchains a GtkStack */
              if (ADW_IS_VIEW_STACK (stack))
                {
                  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_template_child (
                                     GTK_WIDGET (window), GANTRY_TYPE_WINDOW, "main_stack"))), ==, "projects");
                  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), ==, expected[e].page);
                }
              else
                g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, expected[e].page);
            }
        }
      g_assert_true (bound);
    }
  /* back from the toolchains to the projects with Alt+2 */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_template_child (
                     GTK_WIDGET (window), GANTRY_TYPE_WINDOW, "main_stack"))), ==, "projects");

  gtk_window_destroy (GTK_WINDOW (window));
  ui_spin (50);
  gantry_test_rm_rf (dir);
}

static const char *
visible_detail (GantryWindow *window)
{
  GObject *stack = gtk_widget_get_template_child (GTK_WIDGET (window), GANTRY_TYPE_WINDOW, "detail_stack");

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

/* A page built yet? (they are, with the store, after the first frame) */
static gboolean
has_pages (GantryWindow *window)
{
  GObject *slot = gtk_widget_get_template_child (GTK_WIDGET (window), GANTRY_TYPE_WINDOW, "recipe_slot");

  return adw_bin_get_child (ADW_BIN (slot)) != NULL;
}

/* The first frame comes before the store is read: the application
 * opens it in a thread and hands it over (gantry_window_set_store); a
 * window given it at once still reads it only after its first frame. */
static void
test_window_store_after_first_frame (void)
{
  g_autofree char *dir = gantry_test_make_tmpdir ("ui");
  g_autofree char *db = g_build_filename (dir, "gantry.db", NULL);
  g_autofree char *project_dir = g_build_filename (dir, "src", "tool", NULL);
  g_autoptr(GtkApplication) app = NULL;
  g_autoptr(GantryStore) store = NULL;
  g_autoptr(GantryProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) damaged = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                                   "The store file is damaged: move it away and start again.");
  GantryWindow *window;
  GtkWidget *add;
  AdwStatusPage *empty;

  gantry_test_write_file (project_dir, "go.mod", "module example.com/tool\n");
  gantry_test_write_file (project_dir, "main.go", "package main\nfunc main() {}\n");
  store = gantry_store_open (db, &error);
  g_assert_no_error (error);
  project = gantry_project_load (project_dir, &error);
  g_assert_no_error (error);
  g_assert_true (gantry_store_add_project (store, project, &error));

  app = gtk_application_new ("io.github.gantry.GantryTest3", G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  gantry_style_load (gdk_display_get_default ());

  /* no store yet: a drawn window, no pages, nothing to add a project to */
  window = gantry_window_new (app, NULL);
  gtk_window_present (GTK_WINDOW (window));
  ui_spin (300);
  g_assert_cmpstr (visible_detail (window), ==, "loading");
  g_assert_false (has_pages (window));
  g_assert_cmpuint (g_list_model_get_n_items (gantry_window_get_projects (window)), ==, 0);
  add = ui_find_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "Add a Go project folder (Ctrl+O)");
  g_assert_nonnull (add);
  g_assert_false (gtk_widget_is_sensitive (add));

  /* the store arrives: pages, projects, the Add button */
  gantry_window_set_store (window, store);
  for (guint i = 0; i < 200 && gantry_window_get_busy (window); i++)
    ui_spin (20);
  ui_spin (100);
  g_assert_true (has_pages (window));
  g_assert_cmpuint (g_list_model_get_n_items (gantry_window_get_projects (window)), ==, 1);
  g_assert_cmpstr (visible_detail (window), ==, "project");
  g_assert_true (gtk_widget_is_sensitive (add));
  gtk_window_destroy (GTK_WINDOW (window));
  ui_spin (50);

  /* given the store at once, but not shown yet: nothing read */
  window = gantry_window_new (app, store);
  ui_spin (200);
  g_assert_true (gantry_window_get_busy (window));
  g_assert_cmpuint (g_list_model_get_n_items (gantry_window_get_projects (window)), ==, 0);
  g_assert_false (has_pages (window));
  gtk_window_present (GTK_WINDOW (window));
  for (guint i = 0; i < 200 && gantry_window_get_busy (window); i++)
    ui_spin (20);
  g_assert_cmpuint (g_list_model_get_n_items (gantry_window_get_projects (window)), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
  ui_spin (50);

  /* the store cannot be opened: the window says why, and offers no Add */
  window = gantry_window_new (app, NULL);
  gtk_window_present (GTK_WINDOW (window));
  ui_spin (200);
  gantry_window_show_store_error (window, damaged);
  ui_spin (100);
  g_assert_cmpstr (visible_detail (window), ==, "empty");
  empty = ADW_STATUS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window), GANTRY_TYPE_WINDOW, "empty_page"));
  g_assert_cmpstr (adw_status_page_get_title (empty), ==, "Gantry cannot open its store");
  g_assert_cmpstr (adw_status_page_get_description (empty), ==, damaged->message);
  g_assert_null (ui_find_button (GTK_WIDGET (empty), "Add Project…", FALSE));
  ui_save_screenshot (GTK_WIDGET (window), "window-store-error");
  gtk_window_destroy (GTK_WINDOW (window));
  ui_spin (50);

  gantry_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *config = NULL;
  int ret;

  /* the window remembers its size: never in the user's own config folder
   * (before any thread exists: setenv is not thread-safe) */
  config = gantry_test_make_tmpdir ("ui-window-config");
  g_setenv ("GANTRY_CONFIG_DIR", config, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  /* the window is an AdwApplicationWindow: libadwaita's types, styles and style manager */
  adw_init ();

  g_test_add_func ("/ui/window/lists-projects", test_window_lists_projects);
  g_test_add_func ("/ui/window/page-shortcuts", test_window_page_shortcuts);
  g_test_add_func ("/ui/window/store-after-first-frame", test_window_store_after_first_frame);

  ret = g_test_run ();
  gantry_test_rm_rf (config);
  return ret;
}

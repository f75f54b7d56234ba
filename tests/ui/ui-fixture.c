/* ui-fixture.c — what every UI test needs: a window over a temporary store, a main loop to spin, screenshots */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "gantry-recipe.h"
#include "gantry-run-view.h"
#include "gantry-style.h"
#include "gantry-test-util.h"
#include "ui-fixture.h"

GtkApplication *ui_app;
static char *data_root;

void
ui_spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

/* Runs the main loop until the window has no plan or build pending. */
void
ui_wait_idle (Fixture *f,
           guint    max_seconds)
{
  gint64 until = g_get_monotonic_time () + (gint64) max_seconds * G_USEC_PER_SEC;

  ui_spin (50);
  while (gantry_window_get_busy (f->window) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (gantry_window_get_busy (f->window));
  ui_spin (150);
}

/* Renders what the window shows into a PNG for people to look at. On a
 * loaded machine the first frame after a page switch may not be laid
 * out yet: wait for it (a picture is a by-product, not an assertion). */
void
ui_save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = g_test_build_filename (G_TEST_BUILT, "screenshots", NULL);
  g_autofree char *path = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = 0, height = 0;

  for (guint attempt = 0; attempt < 60 && node == NULL; attempt++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      ui_spin (50);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      if (width <= 0 || height <= 0)
        continue;
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  if (node == NULL)
    {
      g_test_message ("screenshot %s: no frame drawn within 3 s, none saved", name);
      return;
    }

  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

gpointer
ui_child (Fixture    *f,
       const char *id)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->window), GANTRY_TYPE_WINDOW, id);

  /* a page ("recipe_view") is built after the first frame, in its slot ("recipe_slot") */
  if (object == NULL && g_str_has_suffix (id, "_view"))
    {
      g_autofree char *slot = g_strdup_printf ("%.*s_slot", (int) strlen (id) - 5, id);
      GObject *bin = gtk_widget_get_template_child (GTK_WIDGET (f->window), GANTRY_TYPE_WINDOW, slot);

      if (bin != NULL)
        object = G_OBJECT (adw_bin_get_child (ADW_BIN (bin)));
    }
  g_assert_nonnull (object);
  return object;
}

/* A template child of @widget, whatever its class. */
gpointer
ui_child_of (GtkWidget  *widget,
             const char *id)
{
  GObject *object = gtk_widget_get_template_child (widget, G_OBJECT_TYPE (widget), id);

  g_assert_nonnull (object);
  return object;
}

/* The first widget of @type under @root whose tooltip is @tooltip (NULL: any). */
GtkWidget *
ui_find_widget (GtkWidget  *root,
             GType       type,
             const char *tooltip)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      (tooltip == NULL || g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) == 0))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = ui_find_widget (c, type, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
collect_buttons (GtkWidget  *root,
                 const char *label,
                 gboolean    visible_only,
                 gboolean    first_only,
                 GPtrArray  *out)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0 &&
      (!visible_only || gtk_widget_get_visible (root)))
    g_ptr_array_add (out, root);
  for (GtkWidget *c = gtk_widget_get_first_child (root);
       c != NULL && !(first_only && out->len > 0);
       c = gtk_widget_get_next_sibling (c))
    collect_buttons (c, label, visible_only, first_only, out);
}

/* The buttons under @root labelled @label, in tree order (the visible ones only when @visible_only). */
GPtrArray *
ui_find_buttons (GtkWidget  *root,
                 const char *label,
                 gboolean    visible_only)
{
  GPtrArray *out = g_ptr_array_new ();

  collect_buttons (root, label, visible_only, FALSE, out);
  return out;
}

GtkWidget *
ui_find_button (GtkWidget  *root,
                const char *label,
                gboolean    visible_only)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect_buttons (root, label, visible_only, TRUE, found);
  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

/* The matrix row's toggle, and its n-th dropdown (0: linking, 1: oldest Linux). */
GtkSwitch *
ui_row_switch (Fixture    *f,
            const char *label)
{
  GtkWidget *sw = ui_find_widget (GTK_WIDGET (ui_child (f, "recipe_view")), GTK_TYPE_SWITCH, label);

  g_assert_nonnull (sw);
  return GTK_SWITCH (sw);
}

GtkDropDown *
ui_row_dropdown (Fixture    *f,
              const char *label,
              guint       nth)
{
  GtkWidget *row = gtk_widget_get_parent (GTK_WIDGET (ui_row_switch (f, label)));

  for (GtkWidget *c = gtk_widget_get_first_child (row); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_DROP_DOWN (c) && nth-- == 0)
      return GTK_DROP_DOWN (c);
  g_assert_not_reached ();
}

GantryProject *
ui_project (Fixture    *f,
         const char *name)
{
  g_autoptr(GError) error = NULL;
  GantryProject *p = gantry_store_find_project (f->store, name, &error);

  g_assert_no_error (error);
  return p;
}

GantryProjectEntry *
ui_entry (Fixture    *f,
          const char *name)
{
  GListModel *entries = gantry_window_get_projects (f->window);

  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(GantryProjectEntry) entry = g_list_model_get_item (entries, i);

      if (g_str_equal (gantry_project_get_name (gantry_project_entry_get_project (entry)), name))
        return g_steal_pointer (&entry);
    }
  g_error ("no sidebar entry for %s", name);
  return NULL;
}

/* The recipe the store holds now, as target keys: "linux/amd64 linux/amd64/static@musl". */
char *
ui_stored_keys (Fixture    *f,
             const char *name)
{
  g_autoptr(GantryProject) p = ui_project (f, name);
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryRecipe) recipe = gantry_recipe_load (f->store, gantry_project_get_id (p), &error);
  GString *keys = g_string_new (NULL);
  GListModel *targets;

  g_assert_no_error (error);
  targets = gantry_recipe_get_targets (recipe);
  for (guint i = 0; i < g_list_model_get_n_items (targets); i++)
    {
      g_autoptr(GantryTarget) t = g_list_model_get_item (targets, i);
      g_autofree char *key = gantry_target_get_key (t);

      g_string_append_printf (keys, "%s%s", keys->len ? " " : "", key);
    }
  return g_string_free (keys, FALSE);
}

void
ui_add_project (Fixture    *f,
             const char *name,
             const char *main_go,
             gboolean    expect_cgo)
{
  g_autofree char *folder = g_build_filename (f->dir, "src", name, NULL);
  g_autofree char *mod = g_strdup_printf ("module example.com/%s\n\ngo 1.19\n", name);
  g_autoptr(GantryProject) p = NULL;
  g_autoptr(GError) error = NULL;

  gantry_test_write_file (folder, "go.mod", mod);
  gantry_test_write_file (folder, "main.go", main_go);
  p = gantry_project_load (folder, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gantry_project_get_uses_cgo (p), ==, expect_cgo);
  g_assert_true (gantry_store_add_project (f->store, p, &error));
  g_assert_no_error (error);
}

void
ui_fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *db = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = gantry_test_make_tmpdir ("ui-test");
  db = g_build_filename (f->dir, "gantry.db", NULL);
  f->store = gantry_store_open (db, &error);
  g_assert_no_error (error);

  ui_add_project (f, "tool",
               "package main\n\n// #include <stdio.h>\n// static void hi(void) { puts(\"hi\"); }\nimport \"C\"\n\n"
               "func main() { C.hi() }\n", TRUE);
  ui_add_project (f, "pure",
               "package main\n\nimport \"fmt\"\n\nvar version = \"dev\"\n\n"
               "func main() { fmt.Println(\"pure\", version) }\n", FALSE);
  ui_add_project (f, "broken",
               "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"broken\" }\n", FALSE);

  gantry_style_load (gdk_display_get_default ());
  f->window = gantry_window_new (ui_app, f->store);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 700);
  gtk_window_present (GTK_WINDOW (f->window));
  ui_wait_idle (f, 30);
}

void
ui_fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  ui_spin (100);
  g_assert_finalize_object (f->store);
  gantry_test_rm_rf (f->dir);
  g_free (f->dir);
}

void
ui_select_project (Fixture    *f,
                const char *name)
{
  g_assert_true (gantry_window_select (f->window, name));
  ui_wait_idle (f, 30);
}

/* What the window says about the last release: its banner, if shown,
 * and the Results summary. */
static char *
window_says (Fixture *f)
{
  GtkRevealer *banner = ui_child (f, "banner_revealer");
  const char *summary = gantry_run_view_get_summary (ui_child (f, "run_view"));

  return g_strdup_printf ("banner: %s; summary: %s",
                          gtk_revealer_get_reveal_child (banner)
                            ? gtk_label_get_label (ui_child (f, "banner_label")) : "(none)",
                          summary != NULL ? summary : "(none)");
}

GantryRunRow *
ui_run_row (Fixture *f,
            guint    position)
{
  GListModel *rows = gantry_run_view_get_rows (ui_child (f, "run_view"));
  g_autoptr(GObject) item = NULL;

  if (position >= g_list_model_get_n_items (rows))
    {
      g_autofree char *says = window_says (f);

      g_error ("no Results row %u (%u rows): the release did not start or planned nothing (%s)",
               position, g_list_model_get_n_items (rows), says);
    }
  item = g_list_model_get_item (rows, position);
  g_assert_true (GANTRY_IS_RUN_ROW (item));
  return GANTRY_RUN_ROW (g_steal_pointer (&item));
}

void
ui_assert_built (Fixture *f)
{
  GListModel *rows = gantry_run_view_get_rows (ui_child (f, "run_view"));
  g_autoptr(GString) failed = g_string_new (NULL);
  guint n = g_list_model_get_n_items (rows);

  if (n == 0)
    {
      g_autofree char *says = window_says (f);

      g_error ("nothing was built: no Results rows (%s)", says);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GantryRunRow) row = ui_run_row (f, i);

      /* "Check failed" is built too: the binary is there */
      if (g_strcmp0 (gantry_run_row_get_state (row), "Built") != 0 &&
          g_strcmp0 (gantry_run_row_get_state (row), "Check failed") != 0)
        g_string_append_printf (failed, "\n  %s: %s: %s", gantry_run_row_get_target (row),
                                gantry_run_row_get_state (row),
                                gantry_run_row_get_detail (row) != NULL ? gantry_run_row_get_detail (row) : "(no detail)");
    }
  if (failed->len > 0)
    {
      g_autofree char *says = window_says (f);

      g_error ("a fixture did not build (%s):%s", says, failed->str);
    }
}

/* Leaves only Linux x86-64 ticked, so a build needs nothing but go. */
void
ui_only_native (Fixture *f)
{
  const char *others[] = { "Linux ARM64", "Windows x86-64" };

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      gtk_switch_set_active (ui_row_switch (f, others[i]), FALSE);
      ui_wait_idle (f, 30);
    }
}

int
ui_fixture_run (int         *argc,
                char      ***argv,
                const char  *app_id,
                void       (*add_tests) (void))
{
  g_autoptr(GError) error = NULL;
  int ret;

  /* before any thread exists: setenv is not thread-safe. Builds and
   * toolchains of every test in this process go under one data folder. */
  data_root = gantry_test_make_tmpdir ("ui-test-data");
  g_setenv ("GANTRY_DATA_DIR", data_root, TRUE);
  /* the desktop's dark preference must not switch the style mid-test */
  g_setenv ("GANTRY_COLOR_SCHEME", "light", TRUE);
  /* the saved window size (window.ini) goes there too, not in ~/.config */
  g_setenv ("GANTRY_CONFIG_DIR", data_root, TRUE);

  gtk_test_init (argc, argv, NULL);
  /* the window is an AdwApplicationWindow: libadwaita's types, styles and style manager */
  adw_init ();
  ui_app = gtk_application_new (app_id, G_APPLICATION_NON_UNIQUE);
  /* Gantry's own resource base: the shortcuts overlay and the icon load from it */
  g_application_set_resource_base_path (G_APPLICATION (ui_app), "/io/github/gantry/Gantry");
  g_assert_true (g_application_register (G_APPLICATION (ui_app), NULL, &error));
  g_assert_no_error (error);

  add_tests ();
  ret = g_test_run ();
  g_clear_object (&ui_app);
  gantry_test_rm_rf (data_root);
  g_clear_pointer (&data_root, g_free);
  return ret;
}

/* test-ui-adaptive.c — the libadwaita window: status pages, toasts, Preferences, and a narrow (360 px) window */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "gantry-matrix-model.h"
#include "gantry-preferences.h"
#include "gantry-recipe-view.h"
#include "gantry-window-state.h"
#include "ui-fixture.h"

/* The texts of the toasts shown or waiting to be: the overlay's
 * children other than its main child. */
static void
collect_labels (GtkWidget *root,
                GString   *out)
{
  if (GTK_IS_LABEL (root))
    g_string_append_printf (out, "%s\n", gtk_label_get_label (GTK_LABEL (root)));
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_labels (c, out);
}

/* The first widget of @type under @root that is on screen. */
static GtkWidget *
find_mapped (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && gtk_widget_get_mapped (root))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_mapped (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static char *
toast_texts (Fixture *f)
{
  AdwToastOverlay *overlay = ui_child (f, "toast_overlay");
  GString *out = g_string_new (NULL);

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (overlay)); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (c != adw_toast_overlay_get_child (overlay))
      collect_labels (c, out);
  return g_string_free (out, FALSE);
}

/* Waits up to @seconds for a toast saying @needle; its texts then. */
static char *
wait_for_toast (Fixture    *f,
                const char *needle,
                guint       seconds)
{
  g_autofree char *texts = NULL;

  for (guint i = 0; i < seconds * 20; i++)
    {
      g_free (texts);
      texts = toast_texts (f);
      if (strstr (texts, needle) != NULL)
        break;
      ui_spin (50);
    }
  return g_steal_pointer (&texts);
}

/* A project never built says so on Results, with the button that
 * builds it; Compare says what to do. After a build: the results, and
 * a toast with the outcome. */
static void
test_status_pages_and_build_toast (Fixture       *f,
                                   gconstpointer  data)
{
  GtkStack *results = ui_child (f, "results_stack");
  GtkStack *compare = ui_child (f, "compare_stack");
  AdwStatusPage *not_built = ui_child (f, "not_built_page");
  AdwStatusPage *nothing = ui_child (f, "nothing_to_compare_page");
  g_autofree char *before = NULL;
  g_autofree char *texts = NULL;
  GtkWidget *button;

  ui_select_project (f, "pure");
  gantry_window_show_page (f->window, "run");
  ui_spin (200);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (results), ==, "not-built");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (not_built)));
  g_assert_cmpstr (adw_status_page_get_title (not_built), ==, "Not built yet");
  button = ui_find_button (GTK_WIDGET (not_built), "Build & Verify", TRUE);
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "project.build");
  g_assert_true (gtk_widget_is_sensitive (button));
  /* words for a non-specialist: buttons named, no command lines */
  g_assert_null (strstr (adw_status_page_get_description (not_built), "gantry "));
  ui_save_screenshot (GTK_WIDGET (f->window), "status-not-built");

  gantry_window_show_page (f->window, "compare");
  ui_spin (200);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (compare), ==, "nothing");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (nothing)));
  g_assert_nonnull (strstr (adw_status_page_get_description (nothing), "Build &amp; Verify"));
  ui_save_screenshot (GTK_WIDGET (f->window), "status-nothing-to-compare");

  /* no toast yet about a build */
  before = toast_texts (f);
  g_assert_null (strstr (before, "pure: "));

  ui_only_native (f);
  /* the Targets page saves as it is changed: one toast says so */
  {
    g_autofree char *saved = wait_for_toast (f, "Targets saved", 5);

    g_assert_nonnull (strstr (saved, "Targets saved (revision "));
  }
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (gantry_window_get_busy (f->window));
  /* building: the Results page shows the build, not "Not built yet" */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (results), ==, "results");
  ui_wait_idle (f, 300);
  ui_assert_built (f);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (results), ==, "results");

  texts = wait_for_toast (f, "pure: ", 10);
  g_test_message ("toasts: %s", texts);
  /* the outcome in plain words, as the Results summary has it */
  g_assert_true (strstr (texts, "pure: Released") != NULL || strstr (texts, "pure: Not released") != NULL);
  g_assert_nonnull (ui_find_button (GTK_WIDGET (ui_child (f, "toast_overlay")), "Results", TRUE));
  ui_save_screenshot (GTK_WIDGET (f->window), "toast-after-build");

  /* copying the commands says so */
  {
    g_autofree char *copied = NULL;

    gantry_window_show_page (f->window, "commands");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui_child (f, "commands_view")), "commands.copy-all", NULL));
    copied = wait_for_toast (f, "copied to the clipboard", 10);
    g_assert_nonnull (strstr (copied, "Every command copied to the clipboard"));
  }

  /* selecting another never-built project says it again */
  ui_select_project (f, "tool");
  gantry_window_show_page (f->window, "run");
  ui_spin (100);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (results), ==, "not-built");
}

/* Removing a project tells it in a toast, not a dialog. */
static void
test_remove_toast (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *texts = NULL;
  GtkWidget *dialog = NULL;
  GList *toplevels;

  ui_select_project (f, "broken");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "project.remove", NULL));
  ui_spin (200);
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (gtk_window_get_transient_for (l->data) == GTK_WINDOW (f->window) && gtk_widget_get_visible (l->data))
      dialog = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (dialog);
  g_assert_nonnull (ui_find_button (dialog, "_Remove", FALSE));
  g_signal_emit_by_name (ui_find_button (dialog, "_Remove", FALSE), "clicked");
  texts = wait_for_toast (f, "broken removed", 5);
  g_assert_nonnull (strstr (texts, "broken removed from Gantry"));
  g_assert_cmpuint (g_list_model_get_n_items (gantry_window_get_projects (f->window)), ==, 2);
}

/* Preferences saves what the user picks beside the window's size, and
 * the window hands it to the release's checks. */
static void
test_preferences_save (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = gantry_window_state_get_path ();
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *engine = NULL;
  g_auto(GStrv) images = NULL;
  GtkWindow *prefs;
  AdwComboRow *engine_row;
  AdwEntryRow *add_image;

  /* the menu's entry and its shortcut open it */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preferences", NULL));
  ui_spin (200);
  prefs = gantry_window_show_preferences (f->window);
  g_assert_true (ADW_IS_PREFERENCES_WINDOW (prefs));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (prefs)));
  g_assert_true (gtk_window_get_transient_for (prefs) == GTK_WINDOW (f->window));
  engine_row = ui_child_of (GTK_WIDGET (prefs), "engine_row");
  add_image = ui_child_of (GTK_WIDGET (prefs), "add_image_row");
  g_assert_cmpuint (adw_combo_row_get_selected (engine_row), ==, 0);   /* automatic */
  /* the cache folder is shown */
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ui_child_of (GTK_WIDGET (prefs), "cache_row")), "gantry"));

  adw_combo_row_set_selected (engine_row, 2);   /* Podman */
  gtk_editable_set_text (GTK_EDITABLE (add_image), "alpine:3.19");
  g_signal_emit_by_name (add_image, "apply");
  /* a wrong name is refused, and the list keeps what it had */
  gtk_editable_set_text (GTK_EDITABLE (add_image), "Alpine");
  g_signal_emit_by_name (add_image, "apply");
  ui_spin (200);
  ui_save_screenshot (GTK_WIDGET (prefs), "preferences");

  g_assert_true (g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL));
  engine = g_key_file_get_string (file, "preferences", GANTRY_PREF_ENGINE, NULL);
  g_assert_cmpstr (engine, ==, "podman");
  images = g_key_file_get_string_list (file, "preferences", GANTRY_PREF_IMAGES, NULL, NULL);
  g_assert_nonnull (images);
  g_assert_cmpstr (images[0], ==, "alpine:3.19");
  g_assert_null (images[1]);
  /* what the window hands the release's checks */
  {
    g_auto(GantryPreferencesVerify) machine = { 0 };

    gantry_preferences_verify_load (&machine);
    g_assert_cmpstr (machine.engine, ==, "podman");
    g_assert_nonnull (machine.images);
    g_assert_cmpstr (machine.images[0], ==, "alpine:3.19");
    g_assert_null (machine.images[1]);
    /* never through the environment: threads read it */
    g_assert_null (g_getenv ("GANTRY_CONTAINER_ENGINE"));
  }

  /* the window's size, saved into the same file, keeps them */
  gtk_window_destroy (prefs);
  g_assert_true (gantry_window_state_save (GTK_WINDOW (f->window), NULL));
  g_clear_pointer (&file, g_key_file_unref);
  file = g_key_file_new ();
  g_assert_true (g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL));
  g_assert_true (g_key_file_has_key (file, "window", "width", NULL));
  g_free (engine);
  engine = g_key_file_get_string (file, "preferences", GANTRY_PREF_ENGINE, NULL);
  g_assert_cmpstr (engine, ==, "podman");

  /* a new Preferences window shows what was saved; back to automatic */
  prefs = gantry_window_show_preferences (f->window);
  engine_row = ui_child_of (GTK_WIDGET (prefs), "engine_row");
  g_assert_cmpuint (adw_combo_row_get_selected (engine_row), ==, 2);
  adw_combo_row_set_selected (engine_row, 0);
  g_assert_true (gantry_preferences_set_strv (GANTRY_PREF_IMAGES, NULL, NULL));
  {
    g_auto(GantryPreferencesVerify) machine = { 0 };

    gantry_preferences_verify_load (&machine);
    g_assert_null (machine.engine);   /* automatic */
    g_assert_null (machine.images);
  }
  gtk_window_destroy (prefs);
}

/* The Targets page of @window fits the page's width: nothing to scroll
 * sideways, and every row's switch and dropdowns on screen, inside it.
 * @one_line: each row in one line under the column headings (a wide
 * window), or wrapped, the dropdowns under the platform's name.
 * @screenshot: what the matrix shows scrolled to its end, or NULL. */
static void
assert_targets_fit (GantryWindow *window,
                    gboolean      one_line,
                    const char   *screenshot)
{
  /* the page is built after the window's first frame, into its slot */
  GtkWidget *view = adw_bin_get_child (ADW_BIN (gtk_widget_get_template_child (GTK_WIDGET (window), GANTRY_TYPE_WINDOW,
                                                                               "recipe_slot")));
  GtkWidget *page = gtk_widget_get_ancestor (view, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *sideways = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (page));
  GListModel *rows = gantry_recipe_view_get_rows (GANTRY_RECIPE_VIEW (view));
  GtkWidget *matrix = ui_child_of (view, "matrix_list");
  /* the settings and the rows scroll as one */
  GtkWidget *list = gtk_widget_get_ancestor (matrix, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *down = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (list));
  int page_width = gtk_widget_get_width (page);
  int min = 0;
  int natural = 0;

  g_assert_true (gtk_widget_get_mapped (view));
  g_assert_true (gtk_widget_is_ancestor (list, view));
  g_assert_true (gtk_widget_is_ancestor (ui_child_of (view, "binary_entry"), list));
  /* the rows are as tall as they ask at the page's width: not squeezed
   * under the settings into a box of their own */
  gtk_widget_measure (matrix, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (matrix), &min, &natural, NULL, NULL);
  g_test_message ("the rows: %d px tall, ask for %d; the page shows %d of %.0f px",
                  gtk_widget_get_height (matrix), min, gtk_widget_get_height (list),
                  gtk_adjustment_get_upper (down));
  g_assert_cmpint (gtk_widget_get_height (matrix), >=, min);
  gtk_widget_measure (view, GTK_ORIENTATION_HORIZONTAL, -1, &min, &natural, NULL, NULL);
  g_test_message ("Targets page %d px wide, the view %d px (minimum %d, natural %d), scrolls %.0f..%.0f",
                  page_width, gtk_widget_get_width (view), min, natural,
                  gtk_adjustment_get_page_size (sideways), gtk_adjustment_get_upper (sideways));
  /* fits a 360 px window less the margins of a page */
  g_assert_cmpint (min, <=, 360 - 24);
  g_assert_cmpint (gtk_widget_get_width (view), <=, page_width);
  g_assert_cmpfloat (gtk_adjustment_get_upper (sideways), <=, gtk_adjustment_get_page_size (sideways) + 1);
  /* the column headings go with the one-line rows */
  g_assert_true (gtk_widget_get_visible (ui_child_of (view, "matrix_header")) == one_line);

  /* every row, the matrix scrolled down to it as needed */
  g_assert_cmpuint (g_list_model_get_n_items (rows), >, 0);
  gtk_adjustment_set_value (down, 0);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GantryMatrixRow) row = g_list_model_get_item (rows, i);
      const char *label = gantry_matrix_row_get_label (row);
      GtkWidget *toggle = NULL;
      graphene_rect_t on, r;
      guint n_dropdowns = 0;

      for (guint attempt = 0; attempt < 20; attempt++)
        {
          toggle = ui_find_widget (view, GTK_TYPE_SWITCH, label);
          if (toggle != NULL && gtk_widget_get_mapped (toggle) &&
              gtk_widget_compute_bounds (gtk_widget_get_parent (toggle), list, &r) &&
              r.origin.y + r.size.height <= gtk_widget_get_height (list) + 1)
            break;
          gtk_adjustment_set_value (down, gtk_adjustment_get_value (down) + gtk_adjustment_get_page_size (down) / 2);
          ui_spin (100);
        }
      g_assert_nonnull (toggle);
      g_assert_true (gtk_widget_get_mapped (toggle));
      g_assert_true (gtk_widget_compute_bounds (toggle, page, &on));
      g_assert_cmpfloat (on.origin.x, >=, 0);
      g_assert_cmpfloat (on.origin.x + on.size.width, <=, page_width);
      for (GtkWidget *c = gtk_widget_get_first_child (gtk_widget_get_parent (toggle));
           c != NULL;
           c = gtk_widget_get_next_sibling (c))
        {
          if (!GTK_IS_DROP_DOWN (c) || !gtk_widget_get_visible (c))
            continue;
          n_dropdowns++;
          g_assert_true (gtk_widget_get_mapped (c));
          g_assert_true (gtk_widget_compute_bounds (c, page, &r));
          g_test_message ("%s: switch x %.0f..%.0f y %.0f, dropdown %u x %.0f..%.0f y %.0f", label,
                          on.origin.x, on.origin.x + on.size.width, on.origin.y,
                          n_dropdowns, r.origin.x, r.origin.x + r.size.width, r.origin.y);
          g_assert_cmpfloat (r.origin.x, >=, 0);
          g_assert_cmpfloat (r.origin.x + r.size.width, <=, page_width);
          /* wide enough to read its choice */
          g_assert_cmpfloat (r.size.width, >=, 100);
          if (one_line)
            {
              /* beside the switch */
              g_assert_cmpfloat (r.origin.x, >=, on.origin.x + on.size.width);
              g_assert_cmpfloat (r.origin.y, <, on.origin.y + on.size.height);
              g_assert_cmpfloat (r.origin.y + r.size.height, >, on.origin.y);
            }
          else
            /* under it */
            g_assert_cmpfloat (r.origin.y, >=, on.origin.y + on.size.height);
        }
      /* linking for every platform; the oldest Linux for Linux only */
      g_assert_cmpuint (n_dropdowns, ==, g_str_has_prefix (gantry_matrix_row_get_platform (row), "linux/") ? 2 : 1);
    }
  if (screenshot != NULL)
    ui_save_screenshot (GTK_WIDGET (window), screenshot);
  gtk_adjustment_set_value (down, 0);
  ui_spin (100);
}

/* Down to 360 px: the sidebar and the pages fold into one column, the
 * page buttons go to a bar at the bottom, a back button returns. */
static void
test_narrow_window (Fixture       *f,
                    gconstpointer  data)
{
  GantryWindow *narrow = gantry_window_new (ui_app, f->store);
  AdwLeaflet *leaflet;
  GtkWidget *back;

  gtk_window_set_default_size (GTK_WINDOW (narrow), 360, 640);
  gtk_window_present (GTK_WINDOW (narrow));
  ui_spin (500);
  leaflet = ADW_LEAFLET (gtk_widget_get_template_child (GTK_WIDGET (narrow), GANTRY_TYPE_WINDOW, "leaflet"));
  back = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (narrow), GANTRY_TYPE_WINDOW, "back_button"));
  /* nothing in it makes the window wider than asked */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (narrow)), <=, 360);
  g_assert_true (adw_leaflet_get_folded (leaflet));
  /* first the projects */
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "sidebar");
  ui_save_screenshot (GTK_WIDGET (narrow), "window-360-sidebar");

  g_assert_true (gantry_window_select (narrow, "tool"));
  gantry_window_show_page (narrow, "recipe");
  ui_spin (600);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "content");
  g_assert_true (gtk_widget_get_visible (back));
  g_assert_true (adw_view_switcher_bar_get_reveal (
    (AdwViewSwitcherBar *) gtk_widget_get_template_child (GTK_WIDGET (narrow), GANTRY_TYPE_WINDOW, "switcher_bar")));
  ui_save_screenshot (GTK_WIDGET (narrow), "window-360-project");
  /* the Targets page: its rows wrap rather than scroll sideways */
  assert_targets_fit (narrow, FALSE, "window-360-project-end");
  gantry_window_show_page (narrow, "run");
  ui_spin (400);
  ui_save_screenshot (GTK_WIDGET (narrow), "window-360-results");
  /* every other page, too: none makes the window wider than 360 px */
  {
    static const char * const pages[] = { "commands", "log", "compare", "verify", "history", "toolchains", "overview" };

    for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
      {
        g_autofree char *shot = g_strdup_printf ("window-360-%s", pages[i]);

        gantry_window_show_page (narrow, pages[i]);
        ui_spin (400);
        if (gtk_widget_get_width (GTK_WIDGET (narrow)) > 360)
          g_error ("the %s page makes the window %d px wide", pages[i], gtk_widget_get_width (GTK_WIDGET (narrow)));
        ui_save_screenshot (GTK_WIDGET (narrow), shot);
      }
    gantry_window_show_page (narrow, "projects");
    ui_spin (200);
  }

  g_signal_emit_by_name (back, "clicked");
  ui_spin (600);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "sidebar");

  gtk_window_destroy (GTK_WINDOW (narrow));
  ui_spin (200);
}

/* At the usual 1100 px the Targets rows stay one line each, under
 * their column headings, and nothing scrolls sideways either. */
static void
test_targets_wide (Fixture       *f,
                   gconstpointer  data)
{
  ui_select_project (f, "tool");
  gantry_window_show_page (f->window, "recipe");
  ui_spin (400);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), >=, 1000);
  assert_targets_fit (f->window, TRUE, NULL);
  ui_save_screenshot (GTK_WIDGET (f->window), "window-1100-targets");
}

/* Wide: sidebar and pages side by side, Toolchains at the sidebar's foot. */
static void
test_wide_window (Fixture       *f,
                  gconstpointer  data)
{
  GantryWindow *wide = gantry_window_new (ui_app, f->store);
  AdwLeaflet *leaflet;
  GtkListBox *tools;

  gtk_window_set_default_size (GTK_WINDOW (wide), 1280, 800);
  gtk_window_present (GTK_WINDOW (wide));
  ui_spin (500);
  leaflet = ADW_LEAFLET (gtk_widget_get_template_child (GTK_WIDGET (wide), GANTRY_TYPE_WINDOW, "leaflet"));
  tools = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (wide), GANTRY_TYPE_WINDOW, "tools_list"));
  g_assert_false (adw_leaflet_get_folded (leaflet));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (wide), GANTRY_TYPE_WINDOW,
                                                                                     "back_button"))));
  ui_save_screenshot (GTK_WIDGET (wide), "window-1280");
  /* at this size the page buttons are in the header, in the pages' order
   * (where tools/windows/gui-smoke.sh looks for them: logged) */
  {
    AdwViewSwitcherTitle *title = ADW_VIEW_SWITCHER_TITLE (gtk_widget_get_template_child (GTK_WIDGET (wide), GANTRY_TYPE_WINDOW,
                                                                                         "switcher_title"));
    GtkWidget *switcher = find_mapped (GTK_WIDGET (title), ADW_TYPE_VIEW_SWITCHER);
    GtkWidget *row = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (wide), GANTRY_TYPE_WINDOW, "toolchains_row");
    const char *order[] = { "Targets", "Results", "Commands", "Log", "Compare", "Checks", "History" };
    guint n = 0;
    graphene_rect_t r;

    g_assert_false (adw_view_switcher_title_get_title_visible (title));
    g_assert_nonnull (switcher);
    for (GtkWidget *b = gtk_widget_get_first_child (switcher); b != NULL; b = gtk_widget_get_next_sibling (b))
      {
        g_autoptr(GString) labels = g_string_new (NULL);

        collect_labels (b, labels);
        g_assert_true (gtk_widget_compute_bounds (b, GTK_WIDGET (wide), &r));
        g_strdelimit (labels->str, "\n", ' ');
        g_test_message ("page button %u: %s x %.0f..%.0f y %.0f..%.0f mapped %d (window %dx%d)", n, labels->str,
                        r.origin.x, r.origin.x + r.size.width, r.origin.y, r.origin.y + r.size.height,
                        gtk_widget_get_mapped (b),
                        gtk_widget_get_width (GTK_WIDGET (wide)), gtk_widget_get_height (GTK_WIDGET (wide)));
        g_assert_true (gtk_widget_get_mapped (b));
        g_assert_cmpuint (n, <, G_N_ELEMENTS (order));
        g_assert_nonnull (strstr (labels->str, order[n]));
        n++;
      }
    g_assert_cmpuint (n, ==, G_N_ELEMENTS (order));
    g_assert_true (gtk_widget_compute_bounds (row, GTK_WIDGET (wide), &r));
    g_test_message ("Toolchains entry: x %.0f..%.0f y %.0f..%.0f", r.origin.x, r.origin.x + r.size.width,
                    r.origin.y, r.origin.y + r.size.height);
  }

  /* the sidebar's Toolchains entry shows the toolchains, and is marked */
  g_signal_emit_by_name (tools, "row-activated",
                         gtk_widget_get_template_child (GTK_WIDGET (wide), GANTRY_TYPE_WINDOW, "toolchains_row"));
  ui_spin (300);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_template_child (
                     GTK_WIDGET (wide), GANTRY_TYPE_WINDOW, "main_stack"))), ==, "toolchains");
  g_assert_nonnull (gtk_list_box_get_selected_row (tools));
  ui_save_screenshot (GTK_WIDGET (wide), "window-1280-toolchains");
  gantry_window_show_page (wide, "history");
  ui_spin (100);
  g_assert_null (gtk_list_box_get_selected_row (tools));
  ui_wait_idle (f, 60);

  gtk_window_destroy (GTK_WINDOW (wide));
  ui_spin (200);
}

static void
add_tests (void)
{
  ui_test_add ("/ui/adaptive/status-pages-and-build-toast", test_status_pages_and_build_toast);
  ui_test_add ("/ui/adaptive/remove-toast", test_remove_toast);
  ui_test_add ("/ui/adaptive/preferences-save", test_preferences_save);
  ui_test_add ("/ui/adaptive/narrow-window", test_narrow_window);
  ui_test_add ("/ui/adaptive/wide-window", test_wide_window);
  ui_test_add ("/ui/adaptive/targets-wide", test_targets_wide);
}

int
main (int    argc,
      char **argv)
{
  return ui_fixture_run (&argc, &argv, "io.github.gantry.GantryAdaptiveTest", add_tests);
}

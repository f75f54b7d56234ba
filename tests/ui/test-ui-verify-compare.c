/* test-ui-verify-compare.c — Verification settings, the comparison, and the Results tab's Runs on column */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "gantry-compare-model.h"
#include "gantry-compare-view.h"
#include "gantry-history-view.h"
#include "gantry-recipe.h"
#include "gantry-run-model.h"
#include "gantry-run-view.h"
#include "gantry-test-util.h"
#include "gantry-verdict-model.h"
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

static GantryRunRow *
run_row_for (GListModel *rows,
             const char *target)
{
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GantryRunRow) row = g_list_model_get_item (rows, i);

      if (g_str_equal (gantry_run_row_get_target (row), target))
        return g_steal_pointer (&row);
    }
  g_error ("no Results row '%s'", target);
}

/* The mark of @row whose label ends with @name ("native", "container", "checks"). */
static const GantryRunMark *
mark_ending (GantryRunRow *row,
             const char   *name)
{
  for (guint i = 0; i < gantry_run_row_get_n_marks (row); i++)
    {
      const GantryRunMark *mark = gantry_run_row_get_mark (row, i);

      if (g_str_has_suffix (mark->label, name))
        return mark;
    }
  g_error ("%s: no mark '%s' in '%s'", gantry_run_row_get_target (row), name, gantry_run_row_get_runs_on (row));
}

static const char *
symbol_of (const char *state)
{
  return g_str_equal (state, "pass") ? "✓" : g_str_equal (state, "fail") ? "✗" : "–";
}

/* Every verdict the core produced (as the Verification tab lists them)
 * is in its target's Results row: a run as the mark of its place, with
 * its message as the mark's tooltip; file checks counted in one mark. */
static void
assert_runs_on_matches_verdicts (Fixture    *f,
                                 GListModel *results)
{
  GListModel *verdicts = gantry_verify_view_get_rows (ui_child (f, "verify_view"));
  const char *targets[] = { "linux/amd64", "linux/amd64/static@musl", "linux/arm64" };
  guint n_runs = 0;

  g_assert_cmpuint (g_list_model_get_n_items (verdicts), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (verdicts); i++)
    {
      g_autoptr(GantryVerdictRow) v = g_list_model_get_item (verdicts, i);
      g_autoptr(GantryRunRow) row = run_row_for (results, gantry_verdict_row_get_target (v));
      const char *place = gantry_verdict_row_get_place (v);
      const char *shown;
      const GantryRunMark *mark;
      g_autofree char *label = NULL;
      g_autofree char *tooltip = NULL;
      g_autofree char *message = NULL;

      g_test_message ("%s %s %s %s: %s", gantry_verdict_row_get_target (v), gantry_verdict_row_get_check (v),
                      place, gantry_verdict_row_get_state (v), gantry_verdict_row_get_message (v));
      if (g_str_equal (place, "static"))
        continue;
      g_assert_cmpstr (gantry_verdict_row_get_check (v), ==, "run");
      n_runs++;
      /* the mark of a qemu run says "qemu"; its tooltip which one */
      shown = g_str_has_prefix (place, "qemu") ? "qemu" : place;
      mark = mark_ending (row, shown);
      label = g_strdup_printf ("%s %s", symbol_of (gantry_verdict_row_get_state (v)), shown);
      g_assert_cmpstr (mark->label, ==, label);
      g_assert_cmpstr (mark->state, ==, gantry_verdict_row_get_state (v));
      /* the Verification tab adds what the program printed; the mark has the core's message */
      message = g_strdup (gantry_verdict_row_get_message (v));
      if (strstr (message, "\n\nIt printed:\n") != NULL)
        *strstr (message, "\n\nIt printed:\n") = '\0';
      tooltip = g_strdup_printf ("%s %s: %s", symbol_of (gantry_verdict_row_get_state (v)), place, message);
      if (!g_str_has_prefix (mark->tooltip, tooltip))
        g_error ("%s: mark tooltip '%s' does not start with '%s'", gantry_run_row_get_target (row),
                 mark->tooltip, tooltip);
      g_assert_nonnull (strstr (gantry_run_row_get_runs_on_tooltip (row), tooltip));
    }
  /* each target ran here (natively or under an emulator) and was not put in a container */
  g_assert_cmpuint (n_runs, >=, 2 * G_N_ELEMENTS (targets));

  for (guint t = 0; t < G_N_ELEMENTS (targets); t++)
    {
      g_autoptr(GantryRunRow) row = run_row_for (results, targets[t]);
      const GantryRunMark *container = mark_ending (row, "container");
      const GantryRunMark *checks = mark_ending (row, "checks");
      guint n_pass = 0;
      g_autofree char *count = NULL;

      g_test_message ("Results %s: %s", targets[t], gantry_run_row_get_runs_on (row));
      g_assert_cmpstr (gantry_run_row_get_state (row), ==, "Built");
      g_assert_cmpstr (gantry_run_row_get_step (row), ==, "");
      g_assert_false (gantry_run_row_get_runs_on_problem (row));
      g_assert_cmpstr (container->label, ==, "– container");
      g_assert_cmpstr (container->state, ==, "skipped");
      g_assert_cmpstr (container->tooltip, ==, "– container: skipped: container checks turned off in the recipe");

      for (guint i = 0; i < g_list_model_get_n_items (verdicts); i++)
        {
          g_autoptr(GantryVerdictRow) v = g_list_model_get_item (verdicts, i);

          if (g_str_equal (gantry_verdict_row_get_target (v), targets[t]) &&
              g_str_equal (gantry_verdict_row_get_place (v), "static"))
            {
              g_autofree char *line = g_strdup_printf ("%s %s: %s", symbol_of (gantry_verdict_row_get_state (v)),
                                                       gantry_verdict_row_get_check (v),
                                                       gantry_verdict_row_get_message (v));

              g_assert_cmpstr (gantry_verdict_row_get_state (v), !=, "fail");
              n_pass += g_str_equal (gantry_verdict_row_get_state (v), "pass");
              g_assert_nonnull (strstr (checks->tooltip, line));
            }
        }
      count = g_strdup_printf ("✓ %u checks", n_pass);
      g_assert_cmpuint (n_pass, >=, 3);
      g_assert_cmpstr (checks->label, ==, count);
      g_assert_true (g_str_has_prefix (checks->tooltip, "File checks:\n"));
    }

  /* the native build ran natively; arm64 under qemu when this machine has it */
  {
    g_autoptr(GantryRunRow) amd64 = run_row_for (results, "linux/amd64");
    g_autoptr(GantryRunRow) musl = run_row_for (results, "linux/amd64/static@musl");
    g_autoptr(GantryRunRow) arm64 = run_row_for (results, "linux/arm64");
    g_autofree char *qemu = gantry_test_find_program ("qemu-aarch64");
    g_autofree char *qemu_static = gantry_test_find_program ("qemu-aarch64-static");

    g_assert_cmpstr (mark_ending (amd64, "native")->label, ==, "✓ native");
    g_assert_cmpstr (mark_ending (musl, "native")->label, ==, "✓ native");
    if (qemu != NULL || qemu_static != NULL)
      {
        g_assert_cmpstr (mark_ending (arm64, "qemu")->label, ==, "✓ qemu");
        g_assert_true (g_str_has_prefix (mark_ending (arm64, "qemu")->tooltip, "✓ qemu-aarch64: "));
      }
  }
}

/* The labels the Results tab draws in its Runs on cells, with their
 * tooltips and styles: "✓ native\tok\t✓ native: exit 0: …", one per mark. */
static void
collect_mark_widgets (GtkWidget *widget,
                      GPtrArray *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "runs-on-mark") &&
      gtk_widget_get_mapped (widget))
    {
      const char *style = gtk_widget_has_css_class (widget, "ok") ? "ok"
                          : gtk_widget_has_css_class (widget, "problem") ? "problem"
                          : gtk_widget_has_css_class (widget, "dim-label") ? "dim-label" : "?";

      g_ptr_array_add (out, g_strdup_printf ("%s\t%s\t%s", gtk_label_get_label (GTK_LABEL (widget)), style,
                                             gtk_widget_get_tooltip_text (widget)));
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_mark_widgets (c, out);
}

static void
assert_marks_drawn (Fixture    *f,
                    GListModel *results)
{
  g_autoptr(GPtrArray) drawn = g_ptr_array_new_with_free_func (g_free);
  guint n_marks = 0;

  gantry_window_show_page (f->window, "run");
  ui_spin (300);
  collect_mark_widgets (GTK_WIDGET (ui_child (f, "run_view")), drawn);
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(GantryRunRow) row = g_list_model_get_item (results, i);

      for (guint m = 0; m < gantry_run_row_get_n_marks (row); m++)
        {
          const GantryRunMark *mark = gantry_run_row_get_mark (row, m);
          const char *style = g_str_equal (mark->state, "pass") ? "ok"
                              : g_str_equal (mark->state, "fail") ? "problem" : "dim-label";
          g_autofree char *want = g_strdup_printf ("%s\t%s\t%s", mark->label, style, mark->tooltip);
          gboolean found = FALSE;

          for (guint d = 0; d < drawn->len && !found; d++)
            found = g_str_equal (g_ptr_array_index (drawn, d), want);
          if (!found)
            g_error ("the Runs on cell of %s does not show '%s'", gantry_run_row_get_target (row), want);
          n_marks++;
        }
    }
  g_assert_cmpuint (drawn->len, ==, n_marks);
}

/* Until Compare shows a past run's programs (read in a thread), then
 * its conclusion is @expected. */
static void
wait_compared (Fixture    *f,
               const char *expected)
{
  GtkStack *stack = ui_child (f, "compare_stack");
  GantryCompareView *view = ui_child (f, "compare_view");

  for (guint i = 0; i < 200 && g_strcmp0 (gtk_stack_get_visible_child_name (stack), "compare") != 0; i++)
    ui_spin (50);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "compare");
  g_assert_cmpstr (gantry_compare_view_get_conclusion (view), ==, expected);
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
  g_autofree char *live_conclusion = NULL;
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
  /* while it runs: each row's step, as the Results tab shows it */
  {
    g_autoptr(GHashTable) steps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    GantryRunView *run_view = ui_child (f, "run_view");
    GtkColumnViewColumn *step_column = ui_child_of (GTK_WIDGET (run_view), "step_column");
    gint64 until = g_get_monotonic_time () + 600 * G_USEC_PER_SEC;
    gboolean verifying_shown = FALSE;

    ui_spin (20);
    while (gantry_window_get_busy (f->window) && g_get_monotonic_time () < until)
      {
        g_autoptr(GListModel) shown = NULL;

        g_main_context_iteration (NULL, FALSE);
        /* asked after the iteration, and held: the view may replace its
         * rows during it (a borrowed pointer from before crashed here) */
        shown = g_object_ref (gantry_run_view_get_rows (run_view));
        for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
          {
            g_autoptr(GantryRunRow) row = g_list_model_get_item (shown, i);
            const char *step = gantry_run_row_get_step (row);

            if (step != NULL && step[0] != '\0' && !g_hash_table_contains (steps, step))
              {
                g_test_message ("%s: step '%s' while %s", gantry_run_row_get_target (row), step,
                                gantry_run_row_get_state (row));
                g_assert_true (gtk_column_view_column_get_visible (step_column));
                g_hash_table_add (steps, g_strdup (step));
              }
            if (g_strcmp0 (step, "go build") == 0)
              g_assert_cmpstr (gantry_run_row_get_state (row), ==, "Building…");
            if (g_strcmp0 (step, "verifying") == 0 && !verifying_shown)
              {
                g_assert_cmpstr (gantry_run_row_get_runs_on (row), ==, "verifying…");
                g_assert_cmpstr (gantry_run_row_get_state (row), ==, "Built");
                g_assert_true (g_str_has_prefix (gantry_run_view_get_summary (ui_child (f, "run_view")), "Built in"));
                g_assert_true (g_str_has_suffix (gantry_run_view_get_summary (ui_child (f, "run_view")), " · verifying…"));
                verifying_shown = TRUE;
                ui_save_screenshot (GTK_WIDGET (f->window), "results-verifying");
              }
          }
        g_usleep (500);
      }
    g_assert_false (gantry_window_get_busy (f->window));
    /* a target that did not build is named with its error here */
    ui_assert_built (f);
    g_assert_true (g_hash_table_contains (steps, "go build"));
    g_assert_true (g_hash_table_contains (steps, "verifying"));
    g_assert_true (verifying_shown);
    /* done: the column goes, the steps are over, the summary is the release's again */
    g_assert_false (gtk_column_view_column_get_visible (step_column));
    g_assert_true (g_str_has_prefix (gantry_run_view_get_summary (ui_child (f, "run_view")), "Released"));
    g_assert_null (strstr (gantry_run_view_get_summary (ui_child (f, "run_view")), "verifying"));
  }

  /* the Results rows carry where each target ran, as the core found it */
  assert_runs_on_matches_verdicts (f, gantry_run_view_get_rows (ui_child (f, "run_view")));
  assert_marks_drawn (f, gantry_run_view_get_rows (ui_child (f, "run_view")));
  ui_save_screenshot (GTK_WIDGET (f->window), "results-verified");

  left = GTK_DROP_DOWN (ui_find_widget (GTK_WIDGET (view), GTK_TYPE_DROP_DOWN, "The binary on the left"));
  right = GTK_DROP_DOWN (ui_find_widget (GTK_WIDGET (view), GTK_TYPE_DROP_DOWN, "The binary on the right"));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (right)), ==, 3);
  /* the default: dynamic and static of one platform */
  g_assert_cmpuint (gtk_drop_down_get_selected (left), ==, position_of (left, "linux/amd64"));
  g_assert_cmpuint (gtk_drop_down_get_selected (right), ==, position_of (right, "linux/amd64/static@musl"));

  rows = gantry_compare_view_get_rows (view);
  {
    g_autoptr(GantryCompareRow) linking = gantry_test_compare_row (rows, "Linking");
    g_autoptr(GantryCompareRow) goarch = gantry_test_compare_row (rows, "Go: GOARCH");

    g_assert_cmpstr (gantry_compare_row_get_left (linking), ==, "dynamic");
    g_assert_true (g_str_has_prefix (gantry_compare_row_get_right (linking), "static"));
    g_assert_true (gantry_compare_row_get_differs (linking));
    g_assert_false (gantry_compare_row_get_differs (goarch));
  }
  runs_on = gantry_compare_view_get_runs_on (view);
  {
    g_autoptr(GantryCompareRow) here = gantry_test_compare_row (runs_on, "This machine");
    g_autoptr(GantryCompareRow) containers = gantry_test_compare_row (runs_on, "Containers");
    g_autoptr(GantryCompareRow) files = gantry_test_compare_row (runs_on, "File checks");

    g_assert_cmpstr (gantry_compare_row_get_left (here), ==, "✓ natively");
    g_assert_cmpstr (gantry_compare_row_get_right (here), ==, "✓ natively");
    g_assert_false (gantry_compare_row_get_differs (here));
    g_assert_cmpstr (gantry_compare_row_get_left (containers), ==, "skipped: container checks turned off in the recipe");
    g_assert_cmpstr (gantry_compare_row_get_right (containers), ==, "skipped: container checks turned off in the recipe");
    g_assert_true (g_str_has_prefix (gantry_compare_row_get_left (files), "✓ "));
  }
  /* the conclusion comes first, in words: what each needs, which is
   * bigger, and where each passed */
  {
    const char *conclusion = gantry_compare_view_get_conclusion (view);

    g_test_message ("conclusion: %s", conclusion);
    g_assert_true (g_str_has_prefix (conclusion, "linux/amd64: needs glibc "));
    g_assert_nonnull (strstr (conclusion, ", passed on this machine; linux/amd64/static@musl: "
                                          "runs on any Linux x86-64, no glibc needed"));
    g_assert_true (g_str_has_suffix (conclusion, ", passed on this machine."));
    live_conclusion = g_strdup (conclusion);
  }

  /* the right-hand binary changed: the rows follow */
  gtk_drop_down_set_selected (right, position_of (right, "linux/arm64"));
  ui_spin (100);
  rows = gantry_compare_view_get_rows (view);
  {
    g_autoptr(GantryCompareRow) linking = gantry_test_compare_row (rows, "Linking");
    g_autoptr(GantryCompareRow) goarch = gantry_test_compare_row (rows, "Go: GOARCH");
    g_autoptr(GantryCompareRow) interp = gantry_test_compare_row (rows, "Interpreter");

    g_assert_cmpstr (gantry_compare_row_get_right (linking), ==, "dynamic");
    g_assert_false (gantry_compare_row_get_differs (linking));
    g_assert_cmpstr (gantry_compare_row_get_left (goarch), ==, "amd64");
    g_assert_cmpstr (gantry_compare_row_get_right (goarch), ==, "arm64");
    g_assert_true (gantry_compare_row_get_differs (goarch));
    g_assert_true (strstr (gantry_compare_row_get_right (interp), "aarch64") != NULL);
  }
  runs_on = gantry_compare_view_get_runs_on (view);
  {
    g_autoptr(GantryCompareRow) here = gantry_test_compare_row (runs_on, "This machine");

    g_assert_cmpstr (gantry_compare_row_get_left (here), ==, "✓ natively");
    g_assert_nonnull (strstr (gantry_compare_row_get_right (here), "qemu-aarch64"));
  }

  /* and the left one */
  gtk_drop_down_set_selected (left, position_of (left, "linux/amd64/static@musl"));
  ui_spin (100);
  rows = gantry_compare_view_get_rows (view);
  {
    g_autoptr(GantryCompareRow) linking = gantry_test_compare_row (rows, "Linking");

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

  /* the run opened again from History: its recorded verdicts in its rows */
  {
    GantryRunView *run_view = ui_child (f, "run_view");
    GListModel *runs = gantry_history_view_get_rows (ui_child (f, "history_view"));
    g_autoptr(GantryHistoryRow) run = NULL;
    g_autoptr(GPtrArray) live = g_ptr_array_new_with_free_func (g_free);
    GListModel *past;

    for (guint i = 0; i < g_list_model_get_n_items (gantry_run_view_get_rows (run_view)); i++)
      {
        g_autoptr(GantryRunRow) row = g_list_model_get_item (gantry_run_view_get_rows (run_view), i);

        g_ptr_array_add (live, g_strdup (gantry_run_row_get_runs_on (row)));
      }
    g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 1);
    run = g_list_model_get_item (runs, 0);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "project.open-run", "x",
                                               gantry_history_row_get_id (run)));
    ui_spin (100);
    g_assert_true (gantry_run_view_get_showing_past (run_view));
    past = gantry_run_view_get_rows (run_view);
    g_assert_cmpuint (g_list_model_get_n_items (past), ==, live->len);
    for (guint i = 0; i < live->len; i++)
      {
        g_autoptr(GantryRunRow) row = g_list_model_get_item (past, i);

        g_assert_cmpstr (gantry_run_row_get_runs_on (row), ==, g_ptr_array_index (live, i));
      }
    assert_runs_on_matches_verdicts (f, past);
    assert_marks_drawn (f, past);
    ui_save_screenshot (GTK_WIDGET (f->window), "results-past-run");
    /* Compare: the run's own programs, read again, the same pair and words */
    wait_compared (f, live_conclusion);
    g_assert_cmpuint (gtk_drop_down_get_selected (right), ==, position_of (right, "linux/amd64/static@musl"));
  }

  /* another project and back, as after a restart: the newest run is
   * shown as it ended, its comparison too; no build of this window to
   * go back to */
  ui_select_project (f, "pure");
  ui_select_project (f, "tool");
  g_assert_true (gantry_run_view_get_showing_past (ui_child (f, "run_view")));
  g_assert_true (gtk_revealer_get_reveal_child (ui_child (f, "past_revealer")));
  g_assert_false (gtk_widget_get_visible (ui_child (f, "show_latest_button")));
  g_assert_true (g_str_has_prefix (gantry_run_view_get_summary (ui_child (f, "run_view")), "Run #"));
  g_assert_nonnull (strstr (gantry_run_view_get_summary (ui_child (f, "run_view")), "Released"));
  g_assert_cmpuint (g_list_model_get_n_items (gantry_verify_view_get_rows (ui_child (f, "verify_view"))), >, 0);
  wait_compared (f, live_conclusion);
  gantry_window_show_page (f->window, "compare");
  ui_spin (300);
  ui_save_screenshot (GTK_WIDGET (f->window), "compare-after-switch");
}

/* Inspect file…: programs picked by hand go into Compare, the second
 * one makes a comparison; a file that is no program is said. */
static void
test_inspect_file (Fixture       *f,
                   gconstpointer  data)
{
  GantryCompareView *view = ui_child (f, "compare_view");
  GtkStack *stack = ui_child (f, "compare_stack");
  AdwStatusPage *nothing = ui_child (f, "nothing_to_compare_page");
  g_autofree char *sh = g_find_program_in_path ("sh");
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GFile) first = NULL;
  g_autoptr(GFile) second = NULL;
  g_autoptr(GFile) text = NULL;
  g_autofree char *text_path = NULL;

  if (sh == NULL || self_path == NULL)
    {
      g_test_skip ("needs sh and /proc/self/exe");
      return;
    }
  ui_select_project (f, "pure");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "nothing");

  first = g_file_new_for_path (self_path);
  gantry_window_inspect_file (f->window, first);
  ui_wait_idle (f, 30);
  g_assert_cmpuint (gantry_compare_view_get_n_choices (view), ==, 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "nothing");
  g_assert_cmpstr (adw_status_page_get_title (nothing), ==, "test-ui-verify-compare is read");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ui_child (f, "page_stack")), ==, "compare");

  second = g_file_new_for_path (sh);
  gantry_window_inspect_file (f->window, second);
  ui_wait_idle (f, 30);
  g_assert_cmpuint (gantry_compare_view_get_n_choices (view), ==, 2);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "compare");
  {
    GtkDropDown *right = GTK_DROP_DOWN (ui_find_widget (GTK_WIDGET (view), GTK_TYPE_DROP_DOWN, "The binary on the right"));
    g_autoptr(GantryCompareRow) format = gantry_test_compare_row (gantry_compare_view_get_rows (view), "Format");

    g_assert_cmpuint (gtk_drop_down_get_selected (right), ==, position_of (right, "sh"));
    g_assert_true (g_str_has_prefix (gantry_compare_row_get_left (format), "ELF"));
  }
  g_assert_cmpstr (gantry_compare_view_get_conclusion (view), !=, "");
  ui_save_screenshot (GTK_WIDGET (f->window), "compare-inspected-files");

  /* not a program: the banner says so, Compare keeps what it had */
  gantry_test_write_file (f->dir, "notes.txt", "just words\n");
  text_path = g_build_filename (f->dir, "notes.txt", NULL);
  text = g_file_new_for_path (text_path);
  gantry_window_inspect_file (f->window, text);
  ui_wait_idle (f, 30);
  g_assert_true (gtk_revealer_get_reveal_child (ui_child (f, "banner_revealer")));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (ui_child (f, "banner_label")),
                                   "notes.txt is not a program Gantry can read: "));
  g_assert_cmpuint (gantry_compare_view_get_n_choices (view), ==, 2);
}

/* A run verdict of @target at @place. */
static GantryVerdict *
run_verdict (const char         *target,
             const char         *place,
             GantryVerdictState  state)
{
  GantryVerdict *v = g_new0 (GantryVerdict, 1);

  v->target = g_strdup (target);
  v->check = g_strdup ("run");
  v->place = g_strdup (place);
  v->state = state;
  v->message = g_strdup (state == GANTRY_VERDICT_PASS ? "" : "exit status 1");
  return v;
}

/* Binaries given as a list, no build behind them (a run opened from
 * History, files picked by hand): the rows, the conclusion, and the
 * verdicts matched on the target key, not on the label. */
static void
test_compare_choices (Fixture       *f,
                      gconstpointer  data)
{
  GantryCompareView *view = ui_child (f, "compare_view");
  g_autofree char *sh = g_find_program_in_path ("sh");
  g_autoptr(GantryBinary) self_exe = gantry_inspect_path ("/proc/self/exe", NULL);
  g_autoptr(GantryBinary) shell = sh != NULL ? gantry_inspect_path (sh, NULL) : NULL;
  g_autoptr(GPtrArray) choices = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_compare_choice_free);
  g_autoptr(GPtrArray) matrix = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_verdict_free);
  g_autoptr(GPtrArray) one = NULL;
  GantryCompareChoice *choice;
  GtkDropDown *left, *right;
  GListModel *rows;

  if (self_exe == NULL || shell == NULL)
    {
      g_test_skip ("needs /proc/self/exe and sh to inspect");
      return;
    }

  choice = gantry_compare_choice_new ("linux/amd64", "/proc/self/exe", self_exe);
  g_free (choice->label);
  choice->label = g_strdup ("linux/amd64 · test");
  g_ptr_array_add (choices, choice);
  g_ptr_array_add (choices, gantry_compare_choice_new ("linux/arm64", sh, shell));

  g_assert_true (gantry_compare_view_set_choices (view, choices));
  ui_spin (50);
  left = GTK_DROP_DOWN (ui_find_widget (GTK_WIDGET (view), GTK_TYPE_DROP_DOWN, "The binary on the left"));
  right = GTK_DROP_DOWN (ui_find_widget (GTK_WIDGET (view), GTK_TYPE_DROP_DOWN, "The binary on the right"));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (left)), ==, 2);
  g_assert_cmpuint (gtk_drop_down_get_selected (left), ==, position_of (left, "linux/amd64 · test"));
  g_assert_cmpuint (gtk_drop_down_get_selected (right), ==, position_of (right, "linux/arm64"));

  rows = gantry_compare_view_get_rows (view);
  g_assert_cmpuint (g_list_model_get_n_items (rows), >, 5);
  {
    g_autoptr(GantryCompareRow) size = gantry_test_compare_row (rows, "File size");

    g_assert_cmpstr (gantry_compare_row_get_left (size), !=, "—");
  }
  g_assert_cmpstr (gantry_compare_view_get_conclusion (view), !=, "");
  g_test_message ("conclusion: %s", gantry_compare_view_get_conclusion (view));
  /* not verified: nothing on where they ran */
  g_assert_cmpuint (g_list_model_get_n_items (gantry_compare_view_get_runs_on (view)), ==, 0);

  /* the verdicts name the target key; the label names the program too */
  g_ptr_array_add (matrix, run_verdict ("linux/amd64", "native", GANTRY_VERDICT_PASS));
  g_ptr_array_add (matrix, run_verdict ("linux/arm64", "qemu-aarch64", GANTRY_VERDICT_FAIL));
  gantry_compare_view_set_verdicts (view, matrix);
  {
    g_autoptr(GantryCompareRow) here = gantry_test_compare_row (gantry_compare_view_get_runs_on (view), "This machine");

    g_assert_cmpstr (gantry_compare_row_get_left (here), ==, "✓ natively");
    g_assert_nonnull (strstr (gantry_compare_row_get_right (here), "qemu-aarch64"));
  }
  g_assert_nonnull (strstr (gantry_compare_view_get_conclusion (view), "linux/amd64 · test"));
  gantry_window_show_page (f->window, "compare");
  ui_spin (300);
  ui_save_screenshot (GTK_WIDGET (f->window), "compare-choices");

  /* the choices swapped: the rows follow */
  gtk_drop_down_set_selected (left, 1);
  gtk_drop_down_set_selected (right, 0);
  ui_spin (50);
  {
    g_autoptr(GantryCompareRow) size = gantry_test_compare_row (gantry_compare_view_get_rows (view), "File size");
    g_autofree char *shell_size = g_format_size (gantry_binary_get_file_size (shell));

    g_assert_cmpstr (gantry_compare_row_get_left (size), ==, shell_size);
  }

  /* one binary is nothing to compare */
  one = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_compare_choice_free);
  g_ptr_array_add (one, gantry_compare_choice_new ("linux/amd64", sh, shell));
  g_assert_false (gantry_compare_view_set_choices (view, one));
  g_assert_cmpuint (g_list_model_get_n_items (gantry_compare_view_get_rows (view)), ==, 0);
  g_assert_cmpstr (gantry_compare_view_get_conclusion (view), ==, "");
  g_assert_false (gantry_compare_view_set_choices (view, NULL));
}

static void
add_tests (void)
{
  ui_test_add ("/ui/verify-compare/settings-saved", test_settings_saved);
  ui_test_add ("/ui/verify-compare/compare-picker", test_compare_picker);
  ui_test_add ("/ui/verify-compare/compare-choices", test_compare_choices);
  ui_test_add ("/ui/verify-compare/inspect-file", test_inspect_file);
}

int
main (int    argc,
      char **argv)
{
  return ui_fixture_run (&argc, &argv, "io.github.gantry.GantryVerifyCompareTest", add_tests);
}

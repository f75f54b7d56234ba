/* test-ui-views.c — the window driven like a user: tick targets, switch shells, build, read the log */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>

#include "gantry-commands-view.h"
#include "gantry-compare-view.h"
#include "gantry-history-view.h"
#include "gantry-compare-model.h"
#include "gantry-log-view.h"
#include "gantry-recipe-view.h"
#include "gantry-run-view.h"
#include "gantry-style.h"
#include "gantry-toolchain-model.h"
#include "gantry-toolchains-view.h"
#include "gantry-test-util.h"
#include "gantry-matrix-model.h"
#include "gantry-run-model.h"
#include "gantry-verdict-model.h"
#include "gantry-verify-view.h"
#include "gantry-window.h"
#include "ui-fixture.h"

/* ------------------------------------------------------------------ */

/* An async call's result, kept for the test to finish it. */
static void
keep_result (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_projects_sidebar (Fixture       *f,
                       gconstpointer  data)
{
  GListModel *projects = gantry_window_get_projects (f->window);
  g_autoptr(GantryProjectEntry) first = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (projects), ==, 3);
  first = g_list_model_get_item (projects, 0);
  g_assert_cmpstr (gantry_project_get_name (gantry_project_entry_get_project (first)), ==, "broken");
  g_assert_cmpstr (gantry_project_entry_get_state (first), ==, "never");
  g_assert_cmpstr (gtk_label_get_label (ui_child (f, "name_label")), ==, "broken");

  /* adding a folder (what the chooser and a drop do) lists and selects it */
  {
    g_autofree char *folder = g_build_filename (f->dir, "src", "added", NULL);
    g_autoptr(GError) error = NULL;

    gantry_test_write_file (folder, "go.mod", "module example.com/added\n");
    gantry_test_write_file (folder, "main.go", "package main\nfunc main() {}\n");
    g_assert_true (gantry_window_add_folder (f->window, folder, &error));
    g_assert_no_error (error);
    ui_wait_idle (f, 30);
    g_assert_cmpuint (g_list_model_get_n_items (projects), ==, 4);
    g_assert_cmpstr (gtk_label_get_label (ui_child (f, "name_label")), ==, "added");

    /* the same folder twice: the store's sentence, nothing added */
    g_assert_false (gantry_window_add_folder (f->window, folder, &error));
    g_assert_nonnull (error);
    g_assert_cmpuint (g_list_model_get_n_items (projects), ==, 4);
  }

  /* the chooser's and a drop's way: read in a worker, then listed and
   * selected; a folder that is no Go module says why, adds nothing */
  {
    g_autofree char *folder = g_build_filename (f->dir, "src", "later", NULL);
    g_autofree char *empty = g_build_filename (f->dir, "src", "no-module", NULL);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    gantry_test_write_file (folder, "go.mod", "module example.com/later\n");
    gantry_test_write_file (folder, "main.go", "package main\nfunc main() {}\n");
    gantry_test_write_file (empty, "README", "not Go\n");
    gantry_window_add_folder_async (f->window, folder, keep_result, &result);
    for (guint i = 0; i < 300 && result == NULL; i++)
      ui_spin (100);
    g_assert_nonnull (result);
    g_assert_true (gantry_window_add_folder_finish (f->window, result, &error));
    g_assert_no_error (error);
    ui_wait_idle (f, 30);
    g_assert_cmpuint (g_list_model_get_n_items (projects), ==, 5);
    g_assert_cmpstr (gtk_label_get_label (ui_child (f, "name_label")), ==, "later");

    g_clear_object (&result);
    gantry_window_add_folder_async (f->window, empty, keep_result, &result);
    for (guint i = 0; i < 300 && result == NULL; i++)
      ui_spin (100);
    g_assert_nonnull (result);
    g_assert_false (gantry_window_add_folder_finish (f->window, result, &error));
    g_assert_nonnull (error);
    g_test_message ("no module: %s", error->message);
    g_assert_cmpuint (g_list_model_get_n_items (projects), ==, 5);
  }
}

/* The first label of @widget with the matrix-note style: a row's note. */
static GtkLabel *
note_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "matrix-note"))
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = note_label (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_recipe_toggle_saves (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *with_floor = NULL;
  g_autofree char *with_mac = NULL;
  g_autofree char *still = NULL;
  GantryRecipeView *view = ui_child (f, "recipe_view");

  ui_select_project (f, "tool");
  /* the first plan saved the detected recipe */
  before = ui_stored_keys (f, "tool");
  g_assert_cmpstr (before, ==, "linux/amd64 linux/amd64/static@musl linux/arm64 windows/amd64");
  g_assert_true (gtk_switch_get_active (ui_row_switch (f, "Linux x86-64")));
  g_assert_cmpuint (gtk_drop_down_get_selected (ui_row_dropdown (f, "Linux x86-64", 0)), ==, GANTRY_MATRIX_BOTH);
  g_assert_false (gtk_switch_get_active (ui_row_switch (f, "Windows ARM64")));

  /* tick Windows ARM64: saved at once */
  gtk_switch_set_active (ui_row_switch (f, "Windows ARM64"), TRUE);
  ui_wait_idle (f, 30);
  after = ui_stored_keys (f, "tool");
  g_assert_cmpstr (after, ==, "linux/amd64 linux/amd64/static@musl linux/arm64 windows/amd64 windows/arm64");
  g_assert_null (gantry_recipe_view_get_problem (view));

  /* oldest Linux: CentOS 7 → glibc 2.17 on the dynamic build */
  gtk_drop_down_set_selected (ui_row_dropdown (f, "Linux x86-64", 1), 1);
  ui_wait_idle (f, 30);
  with_floor = ui_stored_keys (f, "tool");
  g_assert_cmpstr (with_floor, ==, "linux/amd64@glibc2.17 linux/amd64/static@musl linux/arm64 windows/amd64 windows/arm64");
  ui_save_screenshot (GTK_WIDGET (f->window), "recipe-matrix");

  /* macOS static cannot be: the validator's sentence is shown and nothing is saved */
  gtk_switch_set_active (ui_row_switch (f, "macOS Apple silicon"), TRUE);
  ui_wait_idle (f, 30);
  with_mac = ui_stored_keys (f, "tool");
  g_assert_true (g_str_has_suffix (with_mac, " darwin/arm64"));
  gtk_drop_down_set_selected (ui_row_dropdown (f, "macOS Apple silicon", 0), GANTRY_MATRIX_STATIC);
  ui_wait_idle (f, 30);
  g_assert_nonnull (gantry_recipe_view_get_problem (view));
  g_assert_nonnull (strstr (gantry_recipe_view_get_problem (view), "macOS has no static linking"));
  still = ui_stored_keys (f, "tool");
  g_assert_cmpstr (still, ==, with_mac);
  ui_save_screenshot (GTK_WIDGET (f->window), "recipe-invalid");

  /* back to dynamic: saved again, the message goes */
  gtk_drop_down_set_selected (ui_row_dropdown (f, "macOS Apple silicon", 0), GANTRY_MATRIX_DYNAMIC);
  ui_wait_idle (f, 30);
  g_assert_null (gantry_recipe_view_get_problem (view));

  /* typing a version saves it after a pause; a bad program name does not save */
  {
    GObject *version = gtk_widget_get_template_child (GTK_WIDGET (view), GANTRY_TYPE_RECIPE_VIEW, "version_entry");
    GObject *binary = gtk_widget_get_template_child (GTK_WIDGET (view), GANTRY_TYPE_RECIPE_VIEW, "binary_entry");
    g_autoptr(GantryProject) p = ui_project (f, "tool");
    g_autoptr(GantryRecipe) saved = NULL;
    g_autoptr(GantryRecipe) kept = NULL;

    gtk_editable_set_text (GTK_EDITABLE (version), "1.2.3");
    ui_spin (900);
    ui_wait_idle (f, 30);
    saved = gantry_recipe_load (f->store, gantry_project_get_id (p), NULL);
    g_assert_cmpstr (gantry_recipe_get_version (saved), ==, "1.2.3");

    gtk_editable_set_text (GTK_EDITABLE (binary), "bad/name");
    ui_spin (900);
    g_assert_nonnull (gantry_recipe_view_get_problem (view));
    g_assert_true (g_str_has_prefix (gantry_recipe_view_get_problem (view), "binary_name:"));
    kept = gantry_recipe_load (f->store, gantry_project_get_id (p), NULL);
    g_assert_cmpstr (gantry_recipe_get_binary_name (kept), ==, "tool");
    g_assert_cmpint (gantry_recipe_get_revision (kept), ==, gantry_recipe_get_revision (saved));
  }

  /* an unbuildable target offers the toolchain its note names: the
   * Toolchains… button of the Windows ARM64 row opens the MinGW-w64
   * releases (the bundled catalog: no network) */
  {
    GtkWidget *row = gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (ui_row_switch (f, "Windows ARM64"))));
    GtkWidget *button = ui_find_widget (row, GTK_TYPE_BUTTON, "Open Toolchains with the MinGW-w64 releases to install");
    GantryToolchainsView *toolchains = ui_child (f, "toolchains_view");
    GListModel *releases;

    g_assert_nonnull (button);
    g_assert_true (gtk_widget_get_visible (button));
    /* the note names the button, not a command to type */
    {
      GtkLabel *note = note_label (row);

      g_assert_nonnull (note);
      g_test_message ("Windows ARM64: %s", gtk_label_get_text (note));
      g_assert_nonnull (strstr (gtk_label_get_text (note), "from Toolchains"));
      g_assert_null (strstr (gtk_label_get_text (note), "gantry "));
    }
    g_signal_emit_by_name (button, "clicked");
    for (guint i = 0; i < 100 && (gantry_toolchains_view_get_busy (toolchains) ||
                                  gantry_toolchains_view_get_releases (toolchains) == NULL); i++)
      ui_spin (100);
    g_assert_cmpstr (gtk_stack_get_visible_child_name (ui_child (f, "main_stack")), ==, "toolchains");
    g_assert_null (gantry_toolchains_view_get_problem (toolchains));
    releases = gantry_toolchains_view_get_releases (toolchains);
    g_assert_nonnull (releases);
    g_assert_cmpuint (g_list_model_get_n_items (releases), >, 0);
    for (guint i = 0; i < g_list_model_get_n_items (releases); i++)
      {
        g_autoptr(GantryReleaseRow) release = g_list_model_get_item (releases, i);

        g_assert_cmpstr (gantry_release_row_get_release (release)->kind, ==, "mingw");
      }
    ui_save_screenshot (GTK_WIDGET (f->window), "toolchains-offered");
  }
}

static const char *
step_text (GantryCommandsView *view,
           guint               index)
{
  g_autoptr(GantryStepItem) item = g_list_model_get_item (gantry_commands_view_get_steps (view), index);

  g_assert_nonnull (item);
  return gantry_step_item_get_text (item);
}

static void
test_commands_shell_switch (Fixture       *f,
                            gconstpointer  data)
{
  GantryCommandsView *view = ui_child (f, "commands_view");
  GtkDropDown *shell;
  g_autofree char *bash = NULL;
  g_autofree char *ps = NULL;

  ui_select_project (f, "tool");
  gantry_window_show_page (f->window, "commands");
  ui_spin (200);

  g_assert_cmpuint (g_list_model_get_n_items (gantry_commands_view_get_steps (view)), ==, 4);
  bash = g_strdup (step_text (view, 0));
  g_assert_nonnull (strstr (bash, "CGO_ENABLED=1"));
  g_assert_nonnull (strstr (bash, "go build"));

  shell = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (view), GANTRY_TYPE_COMMANDS_VIEW, "shell_dropdown"));
  gtk_drop_down_set_selected (shell, GANTRY_SHELL_POWERSHELL);
  ui_spin (100);
  g_assert_cmpint (gantry_commands_view_get_shell (view), ==, GANTRY_SHELL_POWERSHELL);
  ps = g_strdup (step_text (view, 0));
  g_assert_cmpstr (ps, !=, bash);
  g_assert_nonnull (strstr (ps, "$env:CGO_ENABLED = '1'"));
  ui_save_screenshot (GTK_WIDGET (f->window), "commands-powershell");

  gtk_drop_down_set_selected (shell, GANTRY_SHELL_CMD);
  ui_spin (100);
  g_assert_nonnull (strstr (step_text (view, 0), "set \"CGO_ENABLED=1\""));

  /* copy goes to the clipboard as the panel shows it */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "commands.copy-step", "u", 0));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "commands.copy-all", NULL));
}

/* The label under @root that shows @text, or NULL. */
static GtkWidget *
label_with_text (GtkWidget  *root,
                 const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = label_with_text (c, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_build_pure_go (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *go = gantry_test_find_program ("go");
  g_autofree char *keys = NULL;
  GantryRunView *run_view = ui_child (f, "run_view");
  GantryLogView *log_view = ui_child (f, "log_view");
  g_autoptr(GantryRunRow) row = NULL;
  GListModel *rows;

  if (go == NULL)
    {
      g_test_skip ("go is not installed");
      return;
    }

  ui_select_project (f, "pure");
  ui_only_native (f);
  keys = ui_stored_keys (f, "pure");
  g_assert_cmpstr (keys, ==, "linux/amd64");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "project.build", NULL));
  g_assert_true (gantry_window_get_busy (f->window));
  ui_wait_idle (f, 300);
  ui_assert_built (f);

  rows = gantry_run_view_get_rows (run_view);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);
  row = ui_run_row (f, 0);
  g_assert_cmpstr (gantry_run_row_get_target (row), ==, "linux/amd64");
  g_assert_cmpstr (gantry_run_row_get_state (row), ==, "Built");
  g_assert_nonnull (gantry_run_row_get_size (row));
  g_assert_cmpstr (gantry_run_row_get_linkage (row), ==, "static");
  g_assert_nonnull (gantry_run_row_get_sha256 (row));
  g_assert_cmpuint (strlen (gantry_run_row_get_sha256 (row)), ==, 64);
  g_assert_true (g_str_has_prefix (gantry_run_view_get_summary (run_view), "Released in"));
  /* verified after the build: where it ran, in its row */
  g_test_message ("runs on: %s", gantry_run_row_get_runs_on (row));
  g_assert_true (g_str_has_prefix (gantry_run_row_get_runs_on (row), "✓ native  "));
  g_assert_false (gantry_run_row_get_runs_on_problem (row));
  {
    g_autoptr(GantryProjectEntry) entry = g_list_model_get_item (gantry_window_get_projects (f->window), 1);

    g_assert_cmpstr (gantry_project_get_name (gantry_project_entry_get_project (entry)), ==, "pure");
    g_assert_cmpstr (gantry_project_entry_get_state (entry), ==, "released");
  }
  ui_save_screenshot (GTK_WIDGET (f->window), "run-results");

  /* the commands panel shows the plan that ran, and the checks that ran it */
  g_assert_cmpuint (g_list_model_get_n_items (gantry_commands_view_get_steps (ui_child (f, "commands_view"))), ==, 1);
  {
    g_autofree char *script = gantry_commands_view_dup_script (ui_child (f, "commands_view"));

    g_test_message ("%s", script);
    g_assert_nonnull (strstr (script, "check linux/amd64 in native"));
  }
  /* the log is not empty on success: the go build command heads its
   * (silent) output, then what the checks ran and found */
  {
    GListModel *shown = gantry_log_view_get_shown (log_view);
    gboolean build_header = FALSE, run_header = FALSE, run_passed = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
      {
        g_autoptr(GantryLogLine) line = g_list_model_get_item (shown, i);
        const char *text = gantry_log_line_get_text (line);

        g_test_message ("log: %s%s", gantry_log_line_get_is_header (line) ? "[header] " : "", text);
        if (gantry_log_line_get_is_header (line) && strstr (text, " go build ") != NULL)
          build_header = !run_header && !run_passed;
        else if (gantry_log_line_get_is_header (line))
          run_header = TRUE;
        if (g_str_has_prefix (text, "✓ linux/amd64 run (native): exit 0"))
          run_passed = TRUE;
        g_assert_false (gantry_log_line_get_is_error (line));
      }
    g_assert_true (build_header);
    g_assert_true (run_header);
    g_assert_true (run_passed);
  }

  /* verification ran after the build: the native run passed */
  {
    GantryVerifyView *verify_view = ui_child (f, "verify_view");
    GListModel *verdicts = gantry_verify_view_get_rows (verify_view);
    gboolean native_pass = FALSE;

    g_assert_cmpuint (g_list_model_get_n_items (verdicts), >, 0);
    for (guint i = 0; i < g_list_model_get_n_items (verdicts); i++)
      {
        g_autoptr(GantryVerdictRow) v = g_list_model_get_item (verdicts, i);

        g_test_message ("verdict: %s %s %s %s: %s", gantry_verdict_row_get_target (v),
                        gantry_verdict_row_get_check (v), gantry_verdict_row_get_place (v),
                        gantry_verdict_row_get_state (v), gantry_verdict_row_get_message (v));
        g_assert_nonnull (gantry_verdict_row_get_message (v));
        if (g_strcmp0 (gantry_verdict_row_get_check (v), "run") == 0 &&
            g_strcmp0 (gantry_verdict_row_get_place (v), "native") == 0)
          {
            g_assert_cmpstr (gantry_verdict_row_get_target (v), ==, "linux/amd64");
            g_assert_cmpstr (gantry_verdict_row_get_state (v), ==, "pass");
            native_pass = TRUE;
          }
      }
    g_assert_true (native_pass);
    g_assert_nonnull (strstr (gantry_verify_view_get_summary (verify_view), "passed"));
    g_assert_false (g_str_has_prefix (gantry_verify_view_get_engine (verify_view), "Looking"));
    g_assert_true (g_str_has_prefix (gantry_verify_view_get_engine (verify_view), "Container engine:") ||
                   g_str_equal (gantry_verify_view_get_engine (verify_view),
                                "no container engine: container checks will be skipped"));
    gantry_window_show_page (f->window, "verify");
    ui_save_screenshot (GTK_WIDGET (f->window), "verification");

    /* what the page says while checks run */
    gantry_verify_view_started (verify_view);
    g_assert_cmpstr (gantry_verify_view_get_summary (verify_view), ==, "Verifying…");
    g_assert_cmpuint (g_list_model_get_n_items (gantry_verify_view_get_rows (verify_view)), ==, 0);
    gantry_verify_view_finished (verify_view, NULL, NULL);
    g_assert_cmpstr (gantry_verify_view_get_summary (verify_view), ==, "Nothing was checked.");
  }

  /* the release folder can be opened once the run is done */
  {
    GtkWidget *open = ui_find_widget (GTK_WIDGET (ui_child (f, "run_view")), GTK_TYPE_BUTTON,
                                   "Show the released files in the file manager");

    g_assert_nonnull (open);
    g_assert_true (gtk_widget_get_sensitive (open));
  }

  /* the run is in the project's history */
  {
    GListModel *runs = gantry_history_view_get_rows (ui_child (f, "history_view"));
    g_autoptr(GantryHistoryRow) run = NULL;

    g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 1);
    run = g_list_model_get_item (runs, 0);
    g_assert_cmpstr (gantry_history_row_get_state (run), ==, "released");
    g_assert_cmpstr (gantry_history_row_get_steps (run), ==, "1 of 1 ok");
    g_assert_cmpstr (gantry_history_row_get_targets (run), ==, "✓ linux/amd64");
    gantry_window_show_page (f->window, "history");
    ui_save_screenshot (GTK_WIDGET (f->window), "history");
  }

  /* A check that fails (the output the recipe expects is not printed):
   * the headline, the sidebar and History say "released with problems",
   * in the problem colour, never "released" in green. */
  {
    GantryProject *project = ui_project (f, "pure");
    g_autoptr(GantryRecipe) recipe = gantry_recipe_load (f->store, gantry_project_get_id (project), NULL);
    g_autoptr(GantryProjectEntry) entry = g_list_model_get_item (gantry_window_get_projects (f->window), 1);
    GListModel *runs;
    g_autoptr(GantryHistoryRow) run = NULL;
    g_autofree char *state_label = NULL;
    const char *summary;

    g_assert_nonnull (recipe);
    gantry_recipe_set_verify_expect_output (recipe, "^not what it prints");
    g_assert_true (gantry_recipe_save (recipe, f->store, gantry_project_get_id (project), NULL));
    ui_select_project (f, "tool");
    ui_select_project (f, "pure");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "project.build", NULL));
    ui_wait_idle (f, 300);

    summary = gantry_run_view_get_summary (run_view);
    g_test_message ("summary: %s", summary);
    g_assert_true (g_str_has_prefix (summary, "Released with problems: linux/amd64 failed run (native)"));
    g_assert_true (gtk_widget_has_css_class (label_with_text (GTK_WIDGET (run_view), summary), "problem"));
    g_assert_cmpstr (gantry_project_entry_get_state (entry), ==, "problems");
    {
      g_autoptr(GantryRunRow) checked = ui_run_row (f, 0);

      g_assert_cmpstr (gantry_run_row_get_state (checked), ==, "Check failed");
      g_assert_true (gantry_run_row_get_runs_on_problem (checked));
    }
    g_object_get (entry, "state-label", &state_label, NULL);
    g_assert_cmpstr (state_label, ==, "Last release: released with problems");
    runs = gantry_history_view_get_rows (ui_child (f, "history_view"));
    run = g_list_model_get_item (runs, 0);
    g_assert_cmpstr (gantry_history_row_get_state (run), ==, "problems");
    g_assert_cmpstr (gantry_history_row_get_targets (run), ==, "✗ linux/amd64");
    gantry_window_show_page (f->window, "history");
    ui_save_screenshot (GTK_WIDGET (f->window), "history-problems");
    gantry_window_show_page (f->window, "run");
    ui_save_screenshot (GTK_WIDGET (f->window), "run-results-problems");
  }
}

/* The project's remove button asks first; Cancel keeps it, Remove forgets it. */
static GtkWindow *
remove_dialog (Fixture *f)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (gtk_window_get_transient_for (w) == GTK_WINDOW (f->window) &&
          g_strcmp0 (gtk_window_get_title (w), "Remove project") == 0)
        return w;
    }
  return NULL;
}

static void
click_dialog_button (GtkWindow  *dialog,
                     const char *label)
{
  /* buttons are found by their label, depth first */
  {
    GtkWidget *stack[64];
    guint n = 0;

    stack[n++] = GTK_WIDGET (dialog);
    while (n > 0)
      {
        GtkWidget *w = stack[--n];

        if (GTK_IS_BUTTON (w) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (w)), label) == 0)
          {
            g_signal_emit_by_name (w, "clicked");
            return;
          }
        for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL && n < G_N_ELEMENTS (stack); c = gtk_widget_get_next_sibling (c))
          stack[n++] = c;
      }
  }
  g_assert_not_reached ();
}

static void
test_remove_project (Fixture       *f,
                     gconstpointer  data)
{
  GListModel *projects = gantry_window_get_projects (f->window);
  GtkWindow *dialog;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stored = NULL;

  ui_select_project (f, "broken");
  g_assert_cmpuint (g_list_model_get_n_items (projects), ==, 3);

  /* Cancel: nothing happens */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "project.remove", NULL));
  ui_spin (100);
  dialog = remove_dialog (f);
  g_assert_nonnull (dialog);
  ui_save_screenshot (GTK_WIDGET (dialog), "remove-dialog");
  click_dialog_button (dialog, "_Cancel");
  ui_spin (100);
  g_assert_null (remove_dialog (f));
  g_assert_cmpuint (g_list_model_get_n_items (projects), ==, 3);

  /* Remove: gone from the sidebar and the store */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "project.remove", NULL));
  ui_spin (100);
  dialog = remove_dialog (f);
  g_assert_nonnull (dialog);
  click_dialog_button (dialog, "_Remove");
  ui_wait_idle (f, 30);
  g_assert_null (remove_dialog (f));
  g_assert_cmpuint (g_list_model_get_n_items (projects), ==, 2);
  for (guint i = 0; i < g_list_model_get_n_items (projects); i++)
    {
      g_autoptr(GantryProjectEntry) entry = g_list_model_get_item (projects, i);

      g_assert_cmpstr (gantry_project_get_name (gantry_project_entry_get_project (entry)), !=, "broken");
    }
  stored = gantry_store_list_projects (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 2);
}

static void
test_build_failure_log (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *go = gantry_test_find_program ("go");
  GantryLogView *log_view = ui_child (f, "log_view");
  g_autoptr(GantryRunRow) row = NULL;
  GListModel *shown;
  guint n_errors = 0;

  if (go == NULL)
    {
      g_test_skip ("go is not installed");
      return;
    }

  ui_select_project (f, "broken");
  ui_only_native (f);
  /* and ARM64, so two targets write lines (pure Go: no C compiler needed) */
  gtk_switch_set_active (ui_row_switch (f, "Linux ARM64"), TRUE);
  ui_wait_idle (f, 30);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "project.build", NULL));
  ui_wait_idle (f, 300);

  row = ui_run_row (f, 0);
  g_assert_cmpstr (gantry_run_row_get_state (row), ==, "Failed");
  {
    g_autoptr(GantryProjectEntry) entry = g_list_model_get_item (gantry_window_get_projects (f->window), 0);

    g_assert_cmpstr (gantry_project_entry_get_state (entry), ==, "not-released");
  }

  shown = gantry_log_view_get_shown (log_view);
  g_assert_cmpuint (g_list_model_get_n_items (shown), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(GantryLogLine) line = g_list_model_get_item (shown, i);

      n_errors += gantry_log_line_get_is_error (line);
    }
  g_assert_cmpuint (n_errors, >, 0);
  g_assert_true (gantry_log_view_get_follows (log_view));

  gantry_window_show_page (f->window, "log");
  ui_spin (300);
  ui_save_screenshot (GTK_WIDGET (f->window), "log-errors");

  /* search narrows the lines; clearing it brings them back */
  {
    guint all = g_list_model_get_n_items (shown);

    gantry_log_view_set_search (log_view, "syntax error");
    ui_spin (400);
    g_assert_cmpuint (g_list_model_get_n_items (shown), >=, 1);
    g_assert_cmpuint (g_list_model_get_n_items (shown), <, all);
    gantry_log_view_set_search (log_view, "no line says this");
    ui_spin (400);
    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
    gantry_log_view_set_search (log_view, "");
    ui_spin (400);
    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, all);
  }

  /* the target choice: each target's lines alone, together with the search */
  {
    GListModel *targets = gantry_log_view_get_targets (log_view);
    GtkWidget *choice = ui_child_of (GTK_WIDGET (log_view), "target_dropdown");
    guint all = g_list_model_get_n_items (shown);
    guint amd64, arm64;

    g_assert_cmpuint (g_list_model_get_n_items (targets), ==, 3);
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (targets), 0), ==, "All targets");
    g_assert_true (gtk_widget_get_visible (choice));
    g_assert_false (gantry_log_view_set_target (log_view, "windows/amd64"));

    g_assert_true (gantry_log_view_set_target (log_view, "linux/arm64"));
    ui_spin (200);
    arm64 = g_list_model_get_n_items (shown);
    g_assert_cmpuint (arm64, >, 0);
    for (guint i = 0; i < arm64; i++)
      {
        g_autoptr(GantryLogLine) line = g_list_model_get_item (shown, i);

        g_assert_cmpstr (gantry_log_line_get_target (line), ==, "linux/arm64");
      }
    gantry_window_show_page (f->window, "log");
    ui_spin (200);
    ui_save_screenshot (GTK_WIDGET (f->window), "log-one-target");
    gantry_log_view_set_search (log_view, "syntax error");
    ui_spin (200);
    g_assert_cmpuint (g_list_model_get_n_items (shown), >=, 1);
    g_assert_cmpuint (g_list_model_get_n_items (shown), <, arm64);
    gantry_log_view_set_search (log_view, "");

    g_assert_true (gantry_log_view_set_target (log_view, "linux/amd64"));
    ui_spin (200);
    amd64 = g_list_model_get_n_items (shown);
    g_assert_cmpuint (amd64 + arm64, ==, all);
    g_assert_true (gantry_log_view_set_target (log_view, NULL));
    ui_spin (200);
    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, all);

    /* another log (a new build, an old run) starts the choice again */
    {
      g_autoptr(GListModel) kept = g_object_ref (gtk_filter_list_model_get_model (GTK_FILTER_LIST_MODEL (shown)));

      g_assert_true (gantry_log_view_set_target (log_view, "linux/arm64"));
      gantry_log_view_set_log (log_view, NULL);
      g_assert_cmpuint (g_list_model_get_n_items (targets), ==, 1);
      g_assert_false (gtk_widget_get_visible (choice));
      g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
      gantry_log_view_set_log (log_view, kept);
      ui_spin (200);
      g_assert_cmpuint (g_list_model_get_n_items (targets), ==, 3);
      g_assert_cmpuint (g_list_model_get_n_items (shown), ==, all);   /* "All targets" again */
    }
  }

  gantry_window_show_page (f->window, "run");
  ui_spin (300);
  ui_save_screenshot (GTK_WIDGET (f->window), "run-failed");
}

static gboolean
set_true (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* A cross build with a cold Go cache takes seconds: long enough to cancel. */
static void
test_build_cancel (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *go = gantry_test_find_program ("go");
  g_autofree char *cache = g_build_filename (f->dir, "cold-cache", NULL);
  GantryRunView *run_view = ui_child (f, "run_view");
  g_autoptr(GantryRunRow) row = NULL;
  gint64 until;

  if (go == NULL)
    {
      g_test_skip ("go is not installed");
      return;
    }
  g_setenv ("GANTRY_CACHE_DIR", cache, TRUE);

  ui_select_project (f, "pure");
  gtk_switch_set_active (ui_row_switch (f, "Linux x86-64"), FALSE);
  ui_wait_idle (f, 30);
  gtk_switch_set_active (ui_row_switch (f, "Windows x86-64"), FALSE);
  ui_wait_idle (f, 30);
  {
    g_autofree char *keys = ui_stored_keys (f, "pure");
    g_assert_cmpstr (keys, ==, "linux/arm64");
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "project.build", NULL));
  row = NULL;
  until = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until)
    {
      GListModel *rows;

      g_main_context_iteration (NULL, FALSE);
      rows = gantry_run_view_get_rows (run_view);
      g_clear_object (&row);
      if (g_list_model_get_n_items (rows) == 1)
        row = g_list_model_get_item (rows, 0);
      if (row != NULL && g_strcmp0 (gantry_run_row_get_state (row), "Building…") == 0)
        break;
      g_usleep (1000);
    }
  g_assert_nonnull (row);
  g_assert_cmpstr (gantry_run_row_get_state (row), ==, "Building…");
  /* and what it is doing now, in a column of its own while the run lasts */
  g_assert_cmpstr (gantry_run_row_get_step (row), ==, "go build");
  g_assert_true (gtk_column_view_column_get_visible (ui_child_of (GTK_WIDGET (run_view), "step_column")));
  /* while go runs, the main loop goes on dispatching: the window stays
   * responsive (how fast is bench-startup's business, not a test's) */
  for (guint i = 0; i < 5; i++)
    {
      gboolean ran = FALSE;

      g_idle_add (set_true, &ran);
      while (!ran)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpstr (gantry_run_row_get_state (row), ==, "Building…");
      ui_spin (100);
    }
  ui_save_screenshot (GTK_WIDGET (f->window), "run-in-progress");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "project.cancel", NULL));
  ui_wait_idle (f, 60);
  g_clear_object (&row);
  row = ui_run_row (f, 0);
  g_assert_cmpstr (gantry_run_row_get_state (row), ==, "Cancelled");
  g_assert_cmpstr (gantry_run_row_get_step (row), ==, "");
  g_assert_false (gtk_column_view_column_get_visible (ui_child_of (GTK_WIDGET (run_view), "step_column")));
  /* a cancelled build is not verified: nothing made up in Runs on */
  g_assert_null (gantry_run_row_get_runs_on (row));
  {
    g_autoptr(GantryProjectEntry) entry = g_list_model_get_item (gantry_window_get_projects (f->window), 1);

    g_assert_cmpstr (gantry_project_entry_get_state (entry), ==, "cancelled");
  }
  g_unsetenv ("GANTRY_CACHE_DIR");
}

static void
test_compare_static_dynamic (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *go = gantry_test_find_program ("go");
  g_autofree char *gcc = gantry_test_find_program ("gcc");
  g_autofree char *musl = gantry_test_find_program ("musl-gcc");
  g_autofree char *keys = NULL;
  GantryCompareView *view = ui_child (f, "compare_view");
  GListModel *rows;
  g_autoptr(GantryCompareRow) linking = NULL;
  g_autoptr(GantryCompareRow) interp = NULL;
  g_autoptr(GantryCompareRow) cgo = NULL;

  if (go == NULL || gcc == NULL || musl == NULL)
    {
      g_test_skip ("needs go, gcc and musl-gcc");
      return;
    }

  ui_select_project (f, "tool");
  ui_only_native (f);
  keys = ui_stored_keys (f, "tool");
  g_assert_cmpstr (keys, ==, "linux/amd64 linux/amd64/static@musl");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "project.build", NULL));
  ui_wait_idle (f, 300);
  ui_assert_built (f);

  rows = gantry_compare_view_get_rows (view);
  g_assert_cmpuint (g_list_model_get_n_items (rows), >, 5);
  linking = gantry_test_compare_row (rows, "Linking");
  g_assert_cmpstr (gantry_compare_row_get_left (linking), ==, "dynamic");
  g_assert_true (g_str_has_prefix (gantry_compare_row_get_right (linking), "static"));
  g_assert_true (gantry_compare_row_get_differs (linking));
  interp = gantry_test_compare_row (rows, "Interpreter");
  g_assert_true (gantry_compare_row_get_differs (interp));
  cgo = gantry_test_compare_row (rows, "Go: CGO_ENABLED");
  g_assert_cmpstr (gantry_compare_row_get_left (cgo), ==, "1");
  g_assert_false (gantry_compare_row_get_differs (cgo));

  gantry_window_show_page (f->window, "compare");
  ui_spin (300);
  ui_save_screenshot (GTK_WIDGET (f->window), "compare");
  gantry_window_show_page (f->window, "run");
  ui_spin (300);
  ui_save_screenshot (GTK_WIDGET (f->window), "run-results-cgo");
}

static GantryProjectEntry *
project_entry (Fixture    *f,
               const char *name)
{
  GListModel *projects = gantry_window_get_projects (f->window);

  for (guint i = 0; i < g_list_model_get_n_items (projects); i++)
    {
      g_autoptr(GantryProjectEntry) entry = g_list_model_get_item (projects, i);

      if (g_str_equal (gantry_project_get_name (gantry_project_entry_get_project (entry)), name))
        return g_steal_pointer (&entry);
    }
  g_error ("no project '%s' in the sidebar", name);
}

static gboolean
stored_blocks (Fixture    *f,
               const char *name)
{
  g_autoptr(GantryProject) p = ui_project (f, name);
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryRecipe) recipe = gantry_recipe_load (f->store, gantry_project_get_id (p), &error);

  g_assert_no_error (error);
  return gantry_recipe_get_block_unbuildable (recipe);
}

/* "When a target cannot be built here": shown on the Targets page in
 * plain words, saved with the recipe, shown again from the store, and
 * honoured by Build & Verify: "Stop the release" starts nothing and the
 * banner names the target and the choice that would go on without it. */
static void
test_recipe_unbuildable_choice (Fixture       *f,
                                gconstpointer  data)
{
  GantryRecipeView *view = ui_child (f, "recipe_view");
  GtkDropDown *choice = ui_child_of (GTK_WIDGET (view), "unbuildable_dropdown");
  GListModel *items = gtk_drop_down_get_model (choice);
  GtkRevealer *banner = ui_child (f, "banner_revealer");
  g_autoptr(GantryProjectEntry) entry = NULL;
  g_autoptr(GtkStringObject) first = NULL;
  g_autoptr(GtkStringObject) second = NULL;
  GtkWidget *label;
  const char *said;

  ui_select_project (f, "tool");
  gantry_window_show_page (f->window, "recipe");
  ui_spin (200);

  /* shown, in plain words, next to its question */
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (choice)));
  label = gtk_widget_get_prev_sibling (GTK_WIDGET (choice));
  g_assert_true (GTK_IS_LABEL (label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "When a target cannot be built here");
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 2);
  first = g_list_model_get_item (items, 0);
  second = g_list_model_get_item (items, 1);
  g_assert_cmpstr (gtk_string_object_get_string (first), ==, "Build the others");
  g_assert_cmpstr (gtk_string_object_get_string (second), ==, "Stop the release");
  /* the default: build the others */
  g_assert_cmpuint (gtk_drop_down_get_selected (choice), ==, 0);
  g_assert_false (stored_blocks (f, "tool"));

  /* chosen: saved at once, as a new revision of the recipe */
  gtk_drop_down_set_selected (choice, 1);
  ui_wait_idle (f, 30);
  g_assert_null (gantry_recipe_view_get_problem (view));
  g_assert_true (stored_blocks (f, "tool"));
  ui_save_screenshot (GTK_WIDGET (f->window), "recipe-unbuildable-stop");

  /* another project has its own; coming back shows the stored choice */
  ui_select_project (f, "pure");
  g_assert_cmpuint (gtk_drop_down_get_selected (choice), ==, 0);
  ui_select_project (f, "tool");
  g_assert_cmpuint (gtk_drop_down_get_selected (choice), ==, 1);

  /* Windows ARM64 has no C compiler here: the release does not start */
  gtk_switch_set_active (ui_row_switch (f, "Windows ARM64"), TRUE);
  ui_wait_idle (f, 30);
  {
    GtkWidget *row = gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (ui_row_switch (f, "Windows ARM64"))));

    if (ui_find_widget (row, GTK_TYPE_BUTTON, "Open Toolchains with the MinGW-w64 releases to install") == NULL ||
        !gtk_widget_get_visible (ui_find_widget (row, GTK_TYPE_BUTTON,
                                                 "Open Toolchains with the MinGW-w64 releases to install")))
      {
        g_test_skip ("Windows ARM64 can be built here: nothing to stop the release");
        return;
      }
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "project.build", NULL));
  ui_wait_idle (f, 120);
  g_assert_true (gtk_revealer_get_reveal_child (banner));
  said = gtk_label_get_label (ui_child (f, "banner_label"));
  g_test_message ("banner: %s", said);
  g_assert_nonnull (strstr (said, "Not started"));
  g_assert_nonnull (strstr (said, "windows/arm64"));
  g_assert_nonnull (strstr (said, "Build the others"));
  g_assert_null (strstr (said, "--wait-for-all"));
  g_assert_null (strstr (said, "gantry toolchain"));
  entry = project_entry (f, "tool");
  g_assert_cmpstr (gantry_project_entry_get_state (entry), ==, "not-released");
  ui_save_screenshot (GTK_WIDGET (f->window), "release-stopped-unbuildable");

  /* back to "Build the others": saved */
  gtk_drop_down_set_selected (choice, 0);
  ui_wait_idle (f, 30);
  g_assert_false (stored_blocks (f, "tool"));
}

/* A target that fails to compile (a C error in a cgo file) beside one
 * that cannot be built here: the window shows the failure in its row,
 * the other as left out, says "not released", and goes on working. */
static void
test_build_target_fails (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *go = gantry_test_find_program ("go");
  g_autofree char *gcc = gantry_test_find_program ("gcc");
  g_autofree char *folder = g_build_filename (f->dir, "src", "cfails", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryProjectEntry) entry = NULL;
  g_autoptr(GantryRunRow) amd64 = NULL;
  GListModel *rows;
  const char *summary;
  gboolean left_out = FALSE;

  if (go == NULL || gcc == NULL)
    {
      g_test_skip ("needs go and gcc");
      return;
    }

  gantry_test_write_file (folder, "go.mod", "module example.com/cfails\n\ngo 1.19\n");
  gantry_test_write_file (folder, "main.go",
                          "package main\n\n// static int broken(void) { return not_declared_anywhere; }\nimport \"C\"\n\n"
                          "func main() { C.broken() }\n");
  g_assert_true (gantry_window_add_folder (f->window, folder, &error));
  g_assert_no_error (error);
  ui_wait_idle (f, 30);
  ui_select_project (f, "cfails");
  ui_only_native (f);
  gtk_drop_down_set_selected (ui_row_dropdown (f, "Linux x86-64", 0), GANTRY_MATRIX_DYNAMIC);
  ui_wait_idle (f, 30);
  gtk_switch_set_active (ui_row_switch (f, "Windows ARM64"), TRUE);
  ui_wait_idle (f, 30);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "project.build", NULL));
  ui_wait_idle (f, 300);

  rows = gantry_run_view_get_rows (ui_child (f, "run_view"));
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GantryRunRow) row = ui_run_row (f, i);

      g_test_message ("%s: %s: %s", gantry_run_row_get_target (row), gantry_run_row_get_state (row),
                      gantry_run_row_get_detail (row));
      if (g_str_equal (gantry_run_row_get_target (row), "linux/amd64"))
        amd64 = g_object_ref (row);
      else if (g_str_equal (gantry_run_row_get_target (row), "windows/arm64"))
        left_out = g_strcmp0 (gantry_run_row_get_state (row), "Built") != 0;
    }
  g_assert_nonnull (amd64);
  g_assert_cmpstr (gantry_run_row_get_state (amd64), ==, "Failed");
  g_assert_true (gantry_run_row_get_problem (amd64));
  g_assert_nonnull (gantry_run_row_get_detail (amd64));
  g_assert_nonnull (strstr (gantry_run_row_get_detail (amd64), "not_declared_anywhere"));
  g_assert_null (gantry_run_row_get_sha256 (amd64));
  g_assert_true (left_out);
  summary = gantry_run_view_get_summary (ui_child (f, "run_view"));
  g_test_message ("summary: %s", summary);
  g_assert_nonnull (summary);
  g_assert_nonnull (strstr (summary, "Not released"));
  entry = project_entry (f, "cfails");
  g_assert_cmpstr (gantry_project_entry_get_state (entry), ==, "not-released");
  ui_save_screenshot (GTK_WIDGET (f->window), "run-target-fails");

  /* the window is still whole: every page draws, another project builds its plan */
  gantry_window_show_page (f->window, "log");
  ui_spin (100);
  gantry_window_show_page (f->window, "verify");
  ui_spin (100);
  gantry_window_show_page (f->window, "history");
  ui_spin (100);
  ui_select_project (f, "pure");
  g_assert_false (gantry_window_get_busy (f->window));
}

static void
add_tests (void)
{
  ui_test_add ("/ui/window/projects-sidebar", test_projects_sidebar);
  ui_test_add ("/ui/recipe/toggle-saves", test_recipe_toggle_saves);
  ui_test_add ("/ui/commands/shell-switch", test_commands_shell_switch);
  ui_test_add ("/ui/build/pure-go", test_build_pure_go);
  ui_test_add ("/ui/compare/static-vs-dynamic", test_compare_static_dynamic);
  ui_test_add ("/ui/build/cancel", test_build_cancel);
  ui_test_add ("/ui/window/remove-project", test_remove_project);
  ui_test_add ("/ui/build/failure-log", test_build_failure_log);
  ui_test_add ("/ui/recipe/unbuildable-choice", test_recipe_unbuildable_choice);
  ui_test_add ("/ui/build/target-fails", test_build_target_fails);
}

int
main (int    argc,
      char **argv)
{
  return ui_fixture_run (&argc, &argv, "io.github.gantry.GantryViewsTest", add_tests);
}

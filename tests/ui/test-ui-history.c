/* test-ui-history.c — History: open an old run in Results, Log and Verification; save a log */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "gantry-commands-view.h"
#include "gantry-history-view.h"
#include "gantry-log-view.h"
#include "gantry-overview-view.h"
#include "gantry-recipe.h"
#include "gantry-run-model.h"
#include "gantry-run-view.h"
#include "gantry-test-util.h"
#include "gantry-verdict-model.h"
#include "gantry-verify-view.h"
#include "ui-fixture.h"

#define OPEN_TOOLTIP "Show this run's results, log and checks"

static void
build_and_wait (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "project.build", NULL));
  g_assert_true (gantry_window_get_busy (f->window));
  ui_wait_idle (f, 300);
}

static gint64
history_run_id (Fixture *f,
                guint    position)
{
  GListModel *rows = gantry_history_view_get_rows (ui_child (f, "history_view"));
  g_autoptr(GantryHistoryRow) row = NULL;

  g_assert_cmpuint (position, <, g_list_model_get_n_items (rows));
  row = g_list_model_get_item (rows, position);
  return gantry_history_row_get_id (row);
}

/* The History row's Open button for @run_id, as drawn. */
static GtkWidget *
find_open_button (GtkWidget *root,
                  gint64     run_id)
{
  g_autoptr(GPtrArray) buttons = ui_find_buttons (root, "Open", FALSE);

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);
      GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button));

      if (g_strcmp0 (gtk_widget_get_tooltip_text (button), OPEN_TOOLTIP) == 0 &&
          target != NULL && g_variant_get_int64 (target) == run_id)
        return button;
    }
  return NULL;
}

static guint
count_errors (GListModel *lines,
              const char *needle)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (lines, i);
      GantryLogLine *line;

      g_assert_true (GANTRY_IS_LOG_LINE (item));
      line = GANTRY_LOG_LINE (item);
      g_assert_cmpstr (gantry_log_line_get_target (line), ==, "linux/amd64");
      if (gantry_log_line_get_is_error (line) && strstr (gantry_log_line_get_text (line), needle) != NULL)
        n++;
    }
  return n;
}

/* Run 1 of "pure" fails on a syntax error, run 2 builds: opening run 1
 * from History shows its failed row, its error lines and a banner that
 * names both runs; Show latest brings run 2 back. */
static void
test_open_run (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *go = gantry_test_find_program ("go");
  GantryRunView *run_view = ui_child (f, "run_view");
  GantryLogView *log_view = ui_child (f, "log_view");
  GantryVerifyView *verify_view = ui_child (f, "verify_view");
  GtkRevealer *past_revealer = ui_child (f, "past_revealer");
  GtkLabel *past_label = ui_child (f, "past_label");
  AdwViewStack *page_stack = ui_child (f, "page_stack");
  g_autofree char *main_go = NULL;
  g_autofree char *main_path = NULL;
  g_autofree char *expect = NULL;
  g_autofree char *live_summary = NULL;
  g_autofree char *live_script = NULL;
  GantryCommandsView *commands_view = ui_child (f, "commands_view");
  GtkWidget *open_dist = ui_find_widget (GTK_WIDGET (run_view), GTK_TYPE_BUTTON,
                                         "Show the released files in the file manager");
  gint64 first, second;
  guint live_verdicts;
  GtkWidget *button;

  if (go == NULL)
    {
      g_test_skip ("go is not installed");
      return;
    }

  ui_select_project (f, "pure");
  ui_only_native (f);
  g_assert_false (gtk_revealer_get_reveal_child (past_revealer));

  /* run 1: a syntax error */
  main_path = g_build_filename (gantry_project_get_path (ui_project (f, "pure")), "main.go", NULL);
  main_go = gantry_test_read_file (main_path, NULL);
  gantry_test_write_file (gantry_project_get_path (ui_project (f, "pure")), "main.go",
                          "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"oops\" }\n");
  build_and_wait (f);
  {
    g_autoptr(GantryRunRow) row = ui_run_row (f, 0);

    g_assert_cmpstr (gantry_run_row_get_state (row), ==, "Failed");
  }
  first = history_run_id (f, 0);

  /* run 2: fixed; opening run 1 while it runs does nothing */
  gantry_test_write_file (gantry_project_get_path (ui_project (f, "pure")), "main.go", main_go);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "project.build", NULL));
  g_assert_true (gantry_window_get_busy (f->window));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "project.open-run", "x", first);
  g_assert_false (gantry_run_view_get_showing_past (run_view));
  g_assert_false (gtk_revealer_get_reveal_child (past_revealer));
  ui_wait_idle (f, 300);
  second = history_run_id (f, 0);
  g_assert_cmpint (second, >, first);
  g_assert_cmpint (history_run_id (f, 1), ==, first);
  ui_assert_built (f);
  {
    g_autoptr(GantryRunRow) row = ui_run_row (f, 0);

    g_assert_cmpstr (gantry_run_row_get_state (row), ==, "Built");
  }
  live_summary = g_strdup (gantry_run_view_get_summary (run_view));
  g_assert_true (g_str_has_prefix (live_summary, "Released in"));
  live_verdicts = g_list_model_get_n_items (gantry_verify_view_get_rows (verify_view));
  g_assert_cmpuint (live_verdicts, >, 0);
  g_assert_cmpuint (count_errors (gantry_log_view_get_shown (log_view), "syntax error"), ==, 0);
  /* Commands: the build, then the checks it ran (the native run) */
  live_script = gantry_commands_view_dup_script (commands_view);
  g_assert_nonnull (strstr (live_script, "go build"));
  g_assert_nonnull (strstr (live_script, "--version"));
  g_assert_nonnull (open_dist);
  g_assert_true (gtk_widget_is_sensitive (open_dist));

  /* History: each row has an Open button for its run */
  gantry_window_show_page (f->window, "history");
  ui_spin (300);
  ui_save_screenshot (GTK_WIDGET (f->window), "history-list");
  /* which targets passed: the fixed run's, not the broken one's */
  {
    GListModel *rows = gantry_history_view_get_rows (ui_child (f, "history_view"));
    g_autoptr(GantryHistoryRow) fixed = g_list_model_get_item (rows, 0);
    g_autoptr(GantryHistoryRow) broken = g_list_model_get_item (rows, 1);

    g_assert_cmpstr (gantry_history_row_get_targets (fixed), ==, "✓ linux/amd64");
    g_assert_false (gantry_history_row_get_problem (fixed));
    g_assert_cmpstr (gantry_history_row_get_targets (broken), ==, "✗ linux/amd64");
    g_assert_true (gantry_history_row_get_problem (broken));
  }
  g_assert_nonnull (find_open_button (GTK_WIDGET (ui_child (f, "history_view")), second));
  button = find_open_button (GTK_WIDGET (ui_child (f, "history_view")), first);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  ui_spin (300);

  /* Results: run 1's row, failed, with its error */
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (page_stack), ==, "run");
  g_assert_true (gantry_run_view_get_showing_past (run_view));
  {
    GListModel *rows = gantry_run_view_get_rows (run_view);
    g_autoptr(GantryRunRow) row = NULL;

    g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);
    row = g_list_model_get_item (rows, 0);
    g_assert_true (GANTRY_IS_RUN_ROW (row));
    g_assert_cmpstr (gantry_run_row_get_target (row), ==, "linux/amd64");
    g_assert_cmpstr (gantry_run_row_get_state (row), ==, "Failed");
    g_assert_true (gantry_run_row_get_problem (row));
    g_assert_nonnull (gantry_run_row_get_detail (row));
    g_assert_nonnull (strstr (gantry_run_row_get_detail (row), "syntax error"));
    g_assert_null (gantry_run_row_get_sha256 (row));
  }
  expect = g_strdup_printf ("Run #%" G_GINT64_FORMAT " from ", first);
  g_assert_true (g_str_has_prefix (gantry_run_view_get_summary (run_view), expect));
  g_assert_nonnull (strstr (gantry_run_view_get_summary (run_view), "Not released"));

  /* the banner: which run, and which is the latest */
  g_assert_true (gtk_revealer_get_reveal_child (past_revealer));
  g_clear_pointer (&expect, g_free);
  expect = g_strdup_printf ("Showing run #%" G_GINT64_FORMAT " from ", first);
  g_assert_true (g_str_has_prefix (gtk_label_get_label (past_label), expect));
  g_clear_pointer (&expect, g_free);
  expect = g_strdup_printf ("the latest build is run #%" G_GINT64_FORMAT " (Released, ", second);
  g_assert_nonnull (strstr (gtk_label_get_label (past_label), expect));
  ui_save_screenshot (GTK_WIDGET (f->window), "history-open-run");

  /* Log: run 1's lines, the syntax error marked as an error */
  g_assert_cmpuint (count_errors (gantry_log_view_get_shown (log_view), "syntax error"), >, 0);
  /* Verification: run 1 built nothing, so nothing was checked */
  g_assert_cmpuint (g_list_model_get_n_items (gantry_verify_view_get_rows (verify_view)), ==, 0);
  /* Commands: run 1's build as it ran, and no check: it ran none */
  {
    g_autofree char *script = gantry_commands_view_dup_script (commands_view);

    g_assert_nonnull (strstr (script, "go build"));
    g_assert_null (strstr (script, "--version"));
  }
  /* run 1 released nothing: no dist folder of its own to open */
  g_assert_false (gtk_widget_is_sensitive (open_dist));
  gantry_window_show_page (f->window, "log");
  ui_save_screenshot (GTK_WIDGET (f->window), "history-open-run-log");

  /* Show latest: run 2 again, its checks read back from the store */
  {
    GtkWidget *show_latest = ui_find_widget (GTK_WIDGET (past_revealer), GTK_TYPE_BUTTON,
                                             "Back to the latest build of this window");

    g_assert_nonnull (show_latest);
    g_signal_emit_by_name (show_latest, "clicked");
    ui_spin (200);
  }
  g_assert_false (gtk_revealer_get_reveal_child (past_revealer));
  g_assert_false (gantry_run_view_get_showing_past (run_view));
  g_assert_cmpstr (gantry_run_view_get_summary (run_view), ==, live_summary);
  {
    g_autoptr(GantryRunRow) row = ui_run_row (f, 0);

    g_assert_cmpstr (gantry_run_row_get_state (row), ==, "Built");
  }
  g_assert_cmpuint (count_errors (gantry_log_view_get_shown (log_view), "syntax error"), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (gantry_verify_view_get_rows (verify_view)), ==, live_verdicts);
  {
    g_autofree char *script = gantry_commands_view_dup_script (commands_view);

    g_assert_cmpstr (script, ==, live_script);
  }
  g_assert_true (gtk_widget_is_sensitive (open_dist));
  gantry_window_show_page (f->window, "run");
  ui_save_screenshot (GTK_WIDGET (f->window), "history-show-latest");

  /* opening the latest run itself says so; a new build leaves the old run */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "project.open-run", "x", second);
  ui_spin (100);
  g_assert_nonnull (strstr (gtk_label_get_label (past_label), "it is the latest build"));
  {
    g_autoptr(GantryRunRow) row = ui_run_row (f, 0);

    g_assert_cmpstr (gantry_run_row_get_state (row), ==, "Built");
    g_assert_nonnull (gantry_run_row_get_sha256 (row));
    g_assert_cmpuint (strlen (gantry_run_row_get_sha256 (row)), ==, 64);
    g_assert_cmpstr (gantry_run_row_get_linkage (row), ==, "static");
  }
  g_assert_cmpuint (g_list_model_get_n_items (gantry_verify_view_get_rows (verify_view)), ==, live_verdicts);
  /* the latest run's own dist folder opens from its Results */
  g_assert_true (gtk_widget_is_sensitive (open_dist));
  ui_save_screenshot (GTK_WIDGET (f->window), "history-open-latest");
  build_and_wait (f);
  g_assert_false (gtk_revealer_get_reveal_child (past_revealer));
  g_assert_false (gantry_run_view_get_showing_past (run_view));
  g_assert_cmpint (history_run_id (f, 0), >, second);
}

/* The recipe's expected output, saved as the Checks page would. */
static void
set_expect (Fixture    *f,
            const char *regex)
{
  g_autoptr(GantryProject) project = ui_project (f, "pure");
  gint64 id = gantry_project_get_id (project);
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryRecipe) recipe = gantry_recipe_load (f->store, id, &error);

  g_assert_no_error (error);
  gantry_recipe_set_verify_expect_output (recipe, regex);
  g_assert_true (gantry_recipe_save (recipe, f->store, id, &error));
  g_assert_no_error (error);
}

static guint
count_state (GListModel *verdict_rows,
             const char *state)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (verdict_rows); i++)
    {
      g_autoptr(GantryVerdictRow) row = g_list_model_get_item (verdict_rows, i);

      n += g_strcmp0 (gantry_verdict_row_get_state (row), state) == 0;
    }
  return n;
}

/* Verify again checks the shown run with today's settings: its checks
 * replace the old ones (no duplicates), and the run's verdict, the
 * Results summary and History follow, both ways. */
static void
test_verify_again (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *go = gantry_test_find_program ("go");
  GantryRunView *run_view = ui_child (f, "run_view");
  GantryVerifyView *verify_view = ui_child (f, "verify_view");
  GtkWidget *again = NULL;
  guint n_checks;
  gint64 run_id;

  if (go == NULL)
    {
      g_test_skip ("go is not installed");
      return;
    }
  ui_select_project (f, "pure");
  ui_only_native (f);
  /* the button beside Open dist folder: nothing to verify before a build */
  {
    g_autoptr(GPtrArray) buttons = ui_find_buttons (GTK_WIDGET (run_view), "Verify again", FALSE);

    g_assert_cmpuint (buttons->len, ==, 1);
    again = g_ptr_array_index (buttons, 0);
  }
  g_assert_false (gtk_widget_is_sensitive (again));
  build_and_wait (f);
  run_id = history_run_id (f, 0);
  n_checks = g_list_model_get_n_items (gantry_verify_view_get_rows (verify_view));
  g_assert_cmpuint (n_checks, >, 0);
  g_assert_cmpuint (count_state (gantry_verify_view_get_rows (verify_view), "fail"), ==, 0);
  g_assert_true (gtk_widget_is_sensitive (again));

  /* a promise the binary does not keep: released with problems */
  set_expect (f, "^no such version");
  g_signal_emit_by_name (again, "clicked");
  g_assert_true (gantry_window_get_busy (f->window));
  g_assert_false (gtk_widget_is_sensitive (again));
  ui_wait_idle (f, 120);
  g_assert_true (gantry_run_view_get_showing_past (run_view));
  g_assert_nonnull (strstr (gantry_run_view_get_summary (run_view), "Released with problems"));
  g_assert_cmpuint (g_list_model_get_n_items (gantry_verify_view_get_rows (verify_view)), ==, n_checks);
  g_assert_cmpuint (count_state (gantry_verify_view_get_rows (verify_view), "fail"), >, 0);
  {
    /* History reads the runs again: its model is a new one */
    GListModel *history_rows = gantry_history_view_get_rows (ui_child (f, "history_view"));
    g_autoptr(GantryHistoryRow) row = g_list_model_get_item (history_rows, 0);

    g_assert_cmpint (gantry_history_row_get_id (row), ==, run_id);
    g_assert_true (gantry_history_row_get_problem (row));
  }
  /* the sidebar tells the project's newest run as it is now */
  {
    g_autoptr(GantryProjectEntry) entry = ui_entry (f, "pure");

    g_assert_cmpstr (gantry_project_entry_get_state (entry), ==, "problems");
  }
  gantry_window_show_page (f->window, "verify");
  ui_save_screenshot (GTK_WIDGET (f->window), "verify-again-problems");

  /* the promise dropped: released again, the failure gone, not kept beside */
  set_expect (f, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "project.verify-again", NULL));
  ui_wait_idle (f, 120);
  g_assert_nonnull (strstr (gantry_run_view_get_summary (run_view), "Released"));
  g_assert_null (strstr (gantry_run_view_get_summary (run_view), "problems"));
  g_assert_cmpuint (g_list_model_get_n_items (gantry_verify_view_get_rows (verify_view)), ==, n_checks);
  g_assert_cmpuint (count_state (gantry_verify_view_get_rows (verify_view), "fail"), ==, 0);
  {
    GListModel *history_rows = gantry_history_view_get_rows (ui_child (f, "history_view"));
    g_autoptr(GantryHistoryRow) row = g_list_model_get_item (history_rows, 0);

    g_assert_false (gantry_history_row_get_problem (row));
    g_assert_cmpuint (g_list_model_get_n_items (history_rows), ==, 1);
  }
  {
    g_autoptr(GantryProjectEntry) entry = ui_entry (f, "pure");

    g_assert_cmpstr (gantry_project_entry_get_state (entry), ==, "released");
  }
  gantry_window_show_page (f->window, "run");
  ui_save_screenshot (GTK_WIDGET (f->window), "verify-again-released");
}

/* The overview's cell of @project's @target: "label|age|run_id", or NULL. */
static char *
overview_cell (Fixture    *f,
               const char *project,
               const char *target)
{
  GListModel *cells = gantry_overview_view_get_cells (ui_child (f, "overview_view"));
  g_autofree char *prefix = g_strdup_printf ("%s|%s|", project, target);

  for (guint i = 0; i < g_list_model_get_n_items (cells); i++)
    {
      g_autoptr(GtkStringObject) cell = g_list_model_get_item (cells, i);
      const char *text = gtk_string_object_get_string (cell);

      if (g_str_has_prefix (text, prefix))
        return g_strdup (text + strlen (prefix));
    }
  return NULL;
}

static void
wait_overview (Fixture *f)
{
  for (guint i = 0; i < 200 && gantry_overview_view_get_loading (ui_child (f, "overview_view")); i++)
    ui_spin (50);
  g_assert_false (gantry_overview_view_get_loading (ui_child (f, "overview_view")));
}

/* All Projects: Release all releases every project one after another,
 * a failing one does not stop the others, the grid and the sidebar say
 * each verdict, a cell opens its run; Cancel stops the whole batch. */
static void
test_release_all (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *go = gantry_test_find_program ("go");
  g_autofree char *pure_cell = NULL, *broken_cell = NULL, *tool_cell = NULL;
  const char *names[] = { "pure", "broken", "tool" };
  g_auto(GStrv) parts = NULL;
  gint64 pure_run;

  if (go == NULL)
    {
      g_test_skip ("go is not installed");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      ui_select_project (f, names[i]);
      ui_only_native (f);
    }
  gantry_window_show_page (f->window, "overview");
  wait_overview (f);
  pure_cell = overview_cell (f, "pure", "linux/amd64");
  g_assert_cmpstr (pure_cell, ==, "Never built||0");
  g_clear_pointer (&pure_cell, g_free);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.release-all", NULL));
  g_assert_true (gantry_window_get_busy (f->window));
  ui_wait_idle (f, 600);
  wait_overview (f);
  ui_save_screenshot (GTK_WIDGET (f->window), "overview-released-all");

  pure_cell = overview_cell (f, "pure", "linux/amd64");
  broken_cell = overview_cell (f, "broken", "linux/amd64");
  tool_cell = overview_cell (f, "tool", "linux/amd64");
  g_assert_true (g_str_has_prefix (pure_cell, "Released|"));
  g_assert_true (g_str_has_prefix (broken_cell, "Not released|"));
  g_assert_true (g_str_has_prefix (tool_cell, "Released|"));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GantryProjectEntry) entry = ui_entry (f, names[i]);

      g_assert_cmpstr (gantry_project_entry_get_state (entry), ==,
                       g_str_equal (names[i], "broken") ? "not-released" : "released");
    }

  /* a cell opens its run */
  parts = g_strsplit (pure_cell, "|", -1);
  pure_run = g_ascii_strtoll (parts[2], NULL, 10);
  g_assert_cmpint (pure_run, >, 0);
  g_signal_emit_by_name (ui_child (f, "overview_view"), "open-run", "pure", pure_run);
  ui_spin (200);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ui_child (f, "page_stack")), ==, "run");
  g_assert_true (gantry_run_view_get_showing_past (ui_child (f, "run_view")));
  g_assert_cmpint (history_run_id (f, 0), ==, pure_run);

  /* Cancel stops the one starting and starts no other: no project has
   * a newer run than before */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.release-all", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "project.cancel", NULL));
  ui_wait_idle (f, 120);
  wait_overview (f);
  {
    const char *before[] = { pure_cell, broken_cell, tool_cell };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *after = overview_cell (f, names[i], "linux/amd64");

        g_assert_cmpstr (strrchr (after, '|'), ==, strrchr (before[i], '|'));
      }
  }
}

/* A run id the store does not have is told in the window's banner. */
static void
test_open_unknown_run (Fixture       *f,
                       gconstpointer  data)
{
  GtkRevealer *banner = ui_child (f, "banner_revealer");
  GtkLabel *banner_label = ui_child (f, "banner_label");

  ui_select_project (f, "pure");
  ui_spin (100);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "project.open-run", "x", (gint64) 4242));
  ui_spin (100);
  g_assert_true (gtk_revealer_get_reveal_child (banner));
  g_assert_nonnull (strstr (gtk_label_get_label (banner_label), "Run #4242 "));
  g_assert_false (gantry_run_view_get_showing_past (ui_child (f, "run_view")));
  g_assert_false (gtk_revealer_get_reveal_child (ui_child (f, "past_revealer")));
}

/* Save log writes every line, not only the searched ones, as
 * "[target] text"; a folder that is not there is told in the banner. */
/* The log view's save runs in the background: until it has ended. */
static void
wait_saved (GantryLogView *log_view)
{
  for (guint i = 0; i < 100 && gantry_log_view_get_saving (log_view); i++)
    ui_spin (50);
  g_assert_false (gantry_log_view_get_saving (log_view));
}

static void
test_save_log (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *go = gantry_test_find_program ("go");
  GantryLogView *log_view = ui_child (f, "log_view");
  g_autofree char *path = g_build_filename (f->dir, "saved.log", NULL);
  g_autofree char *bad_path = g_build_filename (f->dir, "no-such-folder", "saved.log", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  g_auto(GStrv) lines = NULL;
  GtkWidget *save_button;
  guint n_all;

  if (go == NULL)
    {
      g_test_skip ("go is not installed");
      return;
    }

  ui_select_project (f, "broken");
  ui_only_native (f);
  save_button = ui_find_widget (GTK_WIDGET (log_view), GTK_TYPE_BUTTON, "Save log…");
  g_assert_nonnull (save_button);
  g_assert_false (gtk_widget_is_sensitive (save_button));   /* nothing to save yet */
  build_and_wait (f);
  g_assert_true (gtk_widget_is_sensitive (save_button));

  n_all = g_list_model_get_n_items (gantry_log_view_get_shown (log_view));
  g_assert_cmpuint (n_all, >, 0);
  gantry_log_view_set_search (log_view, "syntax error");
  ui_spin (300);
  g_assert_cmpuint (g_list_model_get_n_items (gantry_log_view_get_shown (log_view)), <, n_all);

  gantry_log_view_save (log_view, file);
  g_assert_true (gantry_log_view_get_saving (log_view));
  g_assert_cmpstr (gantry_log_view_get_save_status (log_view), ==, "Saving…");
  g_assert_false (gtk_widget_is_sensitive (save_button));   /* one save at a time */
  wait_saved (log_view);
  g_assert_true (gtk_widget_is_sensitive (save_button));
  text = gantry_test_read_file (path, NULL);
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, n_all + 1);
  for (guint i = 0; i < n_all; i++)
    g_assert_true (g_str_has_prefix (lines[i], "[linux/amd64] "));
  g_assert_nonnull (strstr (text, "syntax error"));
  g_assert_true (g_str_has_prefix (gantry_log_view_get_save_status (log_view), "Saved to "));
  g_assert_nonnull (strstr (gantry_log_view_get_save_status (log_view), "saved.log"));
  gantry_window_show_page (f->window, "log");
  ui_save_screenshot (GTK_WIDGET (f->window), "log-saved");

  /* a folder that is not there: the window's banner says so */
  g_assert_false (gtk_revealer_get_reveal_child (ui_child (f, "banner_revealer")));
  gantry_log_view_save (log_view, bad);
  wait_saved (log_view);
  g_assert_cmpstr (gantry_log_view_get_save_status (log_view), ==, "");
  g_assert_true (gtk_revealer_get_reveal_child (ui_child (f, "banner_revealer")));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (ui_child (f, "banner_label")), "The log could not be saved: "));
  g_assert_nonnull (strstr (gtk_label_get_label (ui_child (f, "banner_label")), "no-such-folder"));
  /* the file saved before is still whole */
  {
    g_autofree char *again = gantry_test_read_file (path, NULL);

    g_assert_cmpstr (again, ==, text);
  }
  ui_spin (500);   /* the banner slides in */
  ui_save_screenshot (GTK_WIDGET (f->window), "log-save-failed");

  /* another log shown before the save ended: the file is written, and
   * "Saved to" is not said beside a log it is not */
  {
    g_autofree char *path2 = g_build_filename (f->dir, "saved-again.log", NULL);
    g_autoptr(GFile) file2 = g_file_new_for_path (path2);
    g_autofree char *again = NULL;
    GListModel *shown_log = gtk_filter_list_model_get_model (GTK_FILTER_LIST_MODEL (gantry_log_view_get_shown (log_view)));
    g_autoptr(GListModel) kept = g_object_ref (shown_log);

    gantry_log_view_save (log_view, file2);
    gantry_log_view_set_log (log_view, NULL);
    wait_saved (log_view);
    g_assert_cmpstr (gantry_log_view_get_save_status (log_view), ==, "");
    again = gantry_test_read_file (path2, NULL);
    g_assert_cmpstr (again, ==, text);
    gantry_log_view_set_log (log_view, kept);
  }
}

static void
add_tests (void)
{
  ui_test_add ("/ui/history/open-run", test_open_run);
  ui_test_add ("/ui/history/open-unknown-run", test_open_unknown_run);
  ui_test_add ("/ui/history/verify-again", test_verify_again);
  ui_test_add ("/ui/history/release-all", test_release_all);
  ui_test_add ("/ui/history/save-log", test_save_log);
}

int
main (int    argc,
      char **argv)
{
  return ui_fixture_run (&argc, &argv, "io.github.gantry.GantryHistoryTest", add_tests);
}

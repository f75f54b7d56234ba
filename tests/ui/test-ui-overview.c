/* test-ui-overview.c — All projects: each target's last verdict from a real store, opening a run, Release all's progress */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "gantry-history.h"
#include "gantry-overview-view.h"
#include "gantry-recipe.h"
#include "gantry-style.h"
#include "gantry-test-util.h"
#include "ui-fixture.h"

typedef struct
{
  char *dir;
  GantryStore *store;
  GtkWindow *window;
  GantryOverviewView *view;
  guint n_release_all;
  char *opened_project;
  gint64 opened_run;
  guint n_opened;
} Overview;

static void
release_all_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  Overview *o = user_data;

  o->n_release_all++;
}

static void
on_open_run (GantryOverviewView *view,
             const char         *project,
             gint64              run_id,
             Overview           *o)
{
  g_free (o->opened_project);
  o->opened_project = g_strdup (project);
  o->opened_run = run_id;
  o->n_opened++;
}

/* A plain window holding only the view, with the actions its buttons
 * name: the window's own are not there. */
static void
overview_open (Overview   *o,
               int         width,
               GantryStore *store)
{
  g_autoptr(GSimpleActionGroup) win = g_simple_action_group_new ();
  g_autoptr(GSimpleActionGroup) project = g_simple_action_group_new ();
  const GActionEntry win_entries[] = { { "release-all", release_all_action, NULL, NULL, NULL } };
  const GActionEntry project_entries[] = { { "cancel", NULL, NULL, NULL, NULL }, { "add", NULL, NULL, NULL, NULL } };

  g_action_map_add_action_entries (G_ACTION_MAP (win), win_entries, G_N_ELEMENTS (win_entries), o);
  g_action_map_add_action_entries (G_ACTION_MAP (project), project_entries, G_N_ELEMENTS (project_entries), o);

  gantry_style_load (gdk_display_get_default ());
  o->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (o->window, width, 720);
  gtk_widget_insert_action_group (GTK_WIDGET (o->window), "win", G_ACTION_GROUP (win));
  gtk_widget_insert_action_group (GTK_WIDGET (o->window), "project", G_ACTION_GROUP (project));
  o->view = g_object_new (GANTRY_TYPE_OVERVIEW_VIEW, NULL);
  g_signal_connect (o->view, "open-run", G_CALLBACK (on_open_run), o);
  gtk_window_set_child (o->window, GTK_WIDGET (o->view));
  gtk_window_present (o->window);
  gantry_overview_view_set_store (o->view, store);
}

static void
wait_loaded (Overview *o)
{
  gint64 until = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  ui_spin (20);
  while (gantry_overview_view_get_loading (o->view) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (gantry_overview_view_get_loading (o->view));
  ui_spin (100);
}

static void
overview_close (Overview *o)
{
  g_object_add_weak_pointer (G_OBJECT (o->view), (gpointer *) &o->view);
  gtk_window_destroy (o->window);
  ui_spin (100);
  g_assert_null (o->view);
  g_clear_pointer (&o->opened_project, g_free);
}

/* @out_revision NULL: no recipe saved, so no targets yet. */
static GantryProject *
add_project (GantryStore *store,
             const char  *dir,
             const char  *name,
             gint64      *out_revision)
{
  g_autofree char *folder = g_build_filename (dir, name, NULL);
  g_autoptr(GantryRecipe) recipe = NULL;
  g_autoptr(GError) error = NULL;
  const char *mains[] = { ".", NULL };
  GantryProject *project;

  g_mkdir_with_parents (folder, 0755);
  project = g_object_new (GANTRY_TYPE_PROJECT, "name", name, "path", folder, "module", "example.com/x",
                          "main-packages", mains, NULL);
  g_assert_true (gantry_store_add_project (store, project, &error));
  g_assert_no_error (error);
  if (out_revision == NULL)
    return project;
  recipe = gantry_recipe_new_detected (project);
  g_assert_true (gantry_recipe_save (recipe, store, gantry_project_get_id (project), &error));
  g_assert_no_error (error);
  *out_revision = gantry_recipe_get_revision (recipe);
  return project;
}

/* A run of @project that built @target, packaged it and ran it once:
 * released, or with @failure a check that failed (problems). */
static gint64
record_run (GantryStore   *store,
            GantryProject *project,
            gint64         revision,
            const char    *target,
            const char    *failure)
{
  g_autoptr(GantryPlan) plan = gantry_plan_new_empty (gantry_project_get_name (project));
  g_autoptr(GantryRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_find_program_in_path ("true");
  g_autofree char *binary = g_strdup_printf ("dist/%s", target);
  g_autofree char *archive = g_strdup_printf ("dist/%s.tar.gz", target);
  GantryStep *step = g_new0 (GantryStep, 1);
  char *argv[] = { program, NULL };
  gint64 run_id, artifact_id;

  g_assert_nonnull (program);
  step->name = g_strdup_printf ("build %s", target);
  step->target = g_strdup (target);
  step->argv = g_strdupv (argv);
  step->cwd = g_strdup (gantry_project_get_path (project));
  gantry_plan_append_step (plan, step);

  run_id = gantry_history_begin_run (store, gantry_project_get_id (project), revision, plan, &error);
  g_assert_no_error (error);
  runner = gantry_runner_new (plan, 1);
  g_assert_true (gantry_runner_run (runner, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gantry_history_record_step (store, run_id, runner, 0, &error));
  artifact_id = gantry_history_add_artifact (store, run_id, target, "binary", binary, 1234, "ab12", NULL, &error);
  g_assert_no_error (error);
  gantry_history_add_artifact (store, run_id, target, "archive", archive, 600, "cd34", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gantry_history_add_verdict (store, artifact_id, "run", "native", failure ? "fail" : "pass",
                                             failure, &error));
  g_assert_true (gantry_history_finish_run (store, run_id, "ok", "/x/dist", &error));
  g_assert_true (gantry_history_set_outcome (store, run_id, failure ? "problems" : "released", &error));
  g_assert_no_error (error);
  return run_id;
}

static char *
cells_text (GantryOverviewView *view)
{
  GListModel *cells = gantry_overview_view_get_cells (view);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (cells); i++)
    {
      g_autoptr(GtkStringObject) cell = g_list_model_get_item (cells, i);

      g_string_append_printf (text, "%s\n", gtk_string_object_get_string (cell));
    }
  return g_string_free (text, FALSE);
}

static void
collect_cells (GtkWidget *root,
               GPtrArray *out)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_has_css_class (root, "overview-cell"))
    g_ptr_array_add (out, root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_cells (c, out);
}

/* The cell buttons as drawn, in the order of the cells model. */
static GPtrArray *
cell_buttons (Overview *o)
{
  GPtrArray *out = g_ptr_array_new ();

  collect_cells (GTK_WIDGET (o->view), out);
  g_assert_cmpuint (out->len, ==, g_list_model_get_n_items (gantry_overview_view_get_cells (o->view)));
  return out;
}

/* The verdict line of a cell: the second of its three. */
static GtkWidget *
verdict_label (GtkWidget *button)
{
  GtkWidget *box = gtk_button_get_child (GTK_BUTTON (button));
  GtkWidget *label = gtk_widget_get_next_sibling (gtk_widget_get_first_child (box));

  g_assert_true (GTK_IS_LABEL (label));
  return label;
}

static void
test_grid (void)
{
  Overview o = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(GantryProject) alpha = NULL;
  g_autoptr(GantryProject) beta = NULL;
  g_autoptr(GantryProject) gamma = NULL;
  g_autoptr(GPtrArray) buttons = NULL;
  gint64 alpha_rev, beta_rev, released, problems, later;
  GtkWidget *label;

  o.dir = gantry_test_make_tmpdir ("ui-overview");
  db = g_build_filename (o.dir, "gantry.db", NULL);
  o.store = gantry_store_open (db, &error);
  g_assert_no_error (error);

  /* alpha: linux/amd64 released, windows/amd64 released but a check
   * failed, linux/arm64 never built; beta: never built at all; gamma:
   * no targets chosen yet */
  alpha = add_project (o.store, o.dir, "alpha", &alpha_rev);
  beta = add_project (o.store, o.dir, "beta", &beta_rev);
  gamma = add_project (o.store, o.dir, "gamma", NULL);
  released = record_run (o.store, alpha, alpha_rev, "linux/amd64", NULL);
  problems = record_run (o.store, alpha, alpha_rev, "windows/amd64", "exit status 3: missing DLL");

  overview_open (&o, 1000, o.store);
  g_assert_true (gantry_overview_view_get_loading (o.view));
  wait_loaded (&o);

  expected = g_strdup_printf ("alpha|linux/amd64|Released|just now|%" G_GINT64_FORMAT "\n"
                              "alpha|linux/arm64|Never built||0\n"
                              "alpha|windows/amd64|Check failed|just now|%" G_GINT64_FORMAT "\n"
                              "beta|linux/amd64|Never built||0\n"
                              "beta|linux/arm64|Never built||0\n"
                              "beta|windows/amd64|Never built||0\n",
                              released, problems);
  shown = cells_text (o.view);
  g_assert_cmpstr (shown, ==, expected);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (ui_child_of (GTK_WIDGET (o.view), "stack")), ==, "grid");

  /* each cell as drawn: a failed check is never green, its tooltip says why */
  buttons = cell_buttons (&o);
  label = verdict_label (g_ptr_array_index (buttons, 0));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "Released");
  g_assert_true (gtk_widget_has_css_class (label, "success"));
  label = verdict_label (g_ptr_array_index (buttons, 2));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "Check failed");
  g_assert_true (gtk_widget_has_css_class (label, "warning"));
  g_assert_false (gtk_widget_has_css_class (label, "success"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (g_ptr_array_index (buttons, 2)), "missing DLL"));
  label = verdict_label (g_ptr_array_index (buttons, 1));
  g_assert_true (gtk_widget_has_css_class (label, "dim-label"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (g_ptr_array_index (buttons, 1)), ==, "Never built");

  /* a click opens that cell's run; a never-built one, its project */
  g_signal_emit_by_name (g_ptr_array_index (buttons, 2), "clicked");
  g_assert_cmpuint (o.n_opened, ==, 1);
  g_assert_cmpstr (o.opened_project, ==, "alpha");
  g_assert_cmpint (o.opened_run, ==, problems);
  g_signal_emit_by_name (g_ptr_array_index (buttons, 4), "clicked");
  g_assert_cmpuint (o.n_opened, ==, 2);
  g_assert_cmpstr (o.opened_project, ==, "beta");
  g_assert_cmpint (o.opened_run, ==, 0);
  g_clear_pointer (&buttons, g_ptr_array_unref);
  /* a project with no targets has no cells: its Open shows it */
  {
    GtkWidget *open = ui_find_button (GTK_WIDGET (o.view), "Open", TRUE);

    g_assert_nonnull (open);
    g_signal_emit_by_name (open, "clicked");
    g_assert_cmpuint (o.n_opened, ==, 3);
    g_assert_cmpstr (o.opened_project, ==, "gamma");
    g_assert_cmpint (o.opened_run, ==, 0);
  }

  /* Release all: the window's action */
  {
    GtkWidget *release = ui_find_button (GTK_WIDGET (o.view), "Release all", TRUE);

    g_assert_nonnull (release);
    g_assert_true (gtk_widget_has_css_class (release, "suggested-action"));
    g_assert_true (gtk_widget_is_sensitive (release));
    g_signal_emit_by_name (release, "clicked");
    g_assert_cmpuint (o.n_release_all, ==, 1);
    g_assert_null (ui_find_button (GTK_WIDGET (o.view), "Cancel", TRUE));
  }
  ui_save_screenshot (GTK_WIDGET (o.window), "overview");

  /* while it runs: the progress line, and Cancel in its place */
  {
    GtkLabel *progress = ui_child_of (GTK_WIDGET (o.view), "progress_label");

    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (progress)));
    gantry_overview_view_set_progress (o.view, "Releasing beta (2 of 2)…");
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (progress)));
    g_assert_cmpstr (gtk_label_get_label (progress), ==, "Releasing beta (2 of 2)…");
    g_assert_null (ui_find_button (GTK_WIDGET (o.view), "Release all", TRUE));
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (ui_find_button (GTK_WIDGET (o.view), "Cancel", TRUE))),
                     ==, "project.cancel");
    ui_save_screenshot (GTK_WIDGET (o.window), "overview-releasing");
    gantry_overview_view_set_progress (o.view, NULL);
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (progress)));
    g_assert_nonnull (ui_find_button (GTK_WIDGET (o.view), "Release all", TRUE));
    g_assert_null (ui_find_button (GTK_WIDGET (o.view), "Cancel", TRUE));
  }

  /* a release ended: reading again shows it; a read going is replaced */
  later = record_run (o.store, alpha, alpha_rev, "linux/arm64", NULL);
  gantry_overview_view_reload (o.view);
  gantry_overview_view_reload (o.view);
  g_assert_true (gantry_overview_view_get_loading (o.view));
  wait_loaded (&o);
  g_clear_pointer (&expected, g_free);
  g_clear_pointer (&shown, g_free);
  expected = g_strdup_printf ("alpha|linux/amd64|Released|just now|%" G_GINT64_FORMAT "\n"
                              "alpha|linux/arm64|Released|just now|%" G_GINT64_FORMAT "\n"
                              "alpha|windows/amd64|Check failed|just now|%" G_GINT64_FORMAT "\n"
                              "beta|linux/amd64|Never built||0\n"
                              "beta|linux/arm64|Never built||0\n"
                              "beta|windows/amd64|Never built||0\n",
                              released, later, problems);
  shown = cells_text (o.view);
  g_assert_cmpstr (shown, ==, expected);
  buttons = cell_buttons (&o);
  g_signal_emit_by_name (g_ptr_array_index (buttons, 1), "clicked");
  g_assert_cmpstr (o.opened_project, ==, "alpha");
  g_assert_cmpint (o.opened_run, ==, later);
  g_clear_pointer (&buttons, g_ptr_array_unref);
  overview_close (&o);

  /* down to 360 px: the cells wrap, nothing is cut */
  overview_open (&o, 360, o.store);
  wait_loaded (&o);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (o.window)), <=, 360);
  ui_save_screenshot (GTK_WIDGET (o.window), "overview-360");
  overview_close (&o);

  g_assert_finalize_object (g_steal_pointer (&alpha));
  g_assert_finalize_object (g_steal_pointer (&beta));
  g_assert_finalize_object (g_steal_pointer (&gamma));
  g_assert_finalize_object (o.store);
  gantry_test_rm_rf (o.dir);
  g_free (o.dir);
}

static void
test_empty (void)
{
  Overview o = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  AdwStatusPage *page;
  GtkWidget *add;

  o.dir = gantry_test_make_tmpdir ("ui-overview-empty");
  db = g_build_filename (o.dir, "gantry.db", NULL);
  o.store = gantry_store_open (db, &error);
  g_assert_no_error (error);

  overview_open (&o, 800, o.store);
  wait_loaded (&o);
  g_assert_cmpuint (g_list_model_get_n_items (gantry_overview_view_get_cells (o.view)), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (ui_child_of (GTK_WIDGET (o.view), "stack")), ==, "empty");
  page = ADW_STATUS_PAGE (ui_find_widget (GTK_WIDGET (o.view), ADW_TYPE_STATUS_PAGE, NULL));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "No projects yet");
  add = ui_find_button (GTK_WIDGET (page), "Add Project…", TRUE);
  g_assert_nonnull (add);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (add)), ==, "project.add");
  ui_save_screenshot (GTK_WIDGET (o.window), "overview-empty");

  /* no store: empty too, and nothing read */
  gantry_overview_view_set_store (o.view, NULL);
  g_assert_false (gantry_overview_view_get_loading (o.view));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (ui_child_of (GTK_WIDGET (o.view), "stack")), ==, "empty");
  overview_close (&o);

  g_assert_finalize_object (o.store);
  gantry_test_rm_rf (o.dir);
  g_free (o.dir);
}

static void
add_tests (void)
{
  g_test_add_func ("/ui/overview/grid", test_grid);
  g_test_add_func ("/ui/overview/empty", test_empty);
}

int
main (int argc, char **argv)
{
  return ui_fixture_run (&argc, &argv, "io.github.gantry.GantryOverviewTest", add_tests);
}

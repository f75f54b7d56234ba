/* gantry-window.c — the main window: projects, a project's recipe, Build & Verify, commands, log, results */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-window"

#include "config.h"

#include "gantry-build.h"
#include "gantry-commands-view.h"
#include "gantry-go-graph.h"
#include "gantry-compare-model.h"
#include "gantry-compare-view.h"
#include "gantry-overview-view.h"
#include "gantry-history-view.h"
#include "gantry-layout-report.h"
#include "gantry-log-view.h"
#include "gantry-recipe-view.h"
#include "gantry-reflow-box.h"
#include "gantry-run-view.h"
#include "gantry-toolchain-model.h"
#include "gantry-toolchains-view.h"
#include "gantry-past-run.h"
#include "gantry-preferences.h"
#include "gantry-preferences-window.h"
#include "gantry-run-model.h"
#include "gantry-verify.h"
#include "gantry-verify-view.h"
#include "gantry-verdict-model.h"
#include "gantry-widget-util.h"
#include "gantry-window.h"
#include "gantry-window-state.h"

struct _GantryWindow
{
  AdwApplicationWindow parent_instance;

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  AdwLeaflet *leaflet;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar *switcher_bar;
  GtkWidget *back_button;
  GtkListBox *tools_list;
  GtkListBoxRow *toolchains_row;
  GtkListBoxRow *overview_row;
  GtkListView *project_list;
  GtkStack *detail_stack;
  AdwStatusPage *empty_page;
  GtkLabel *name_label;
  GtkLabel *facts_label;
  AdwViewStack *page_stack;
  GtkStack *results_stack;
  AdwStatusPage *not_built_page;
  GtkStack *compare_stack;
  AdwStatusPage *nothing_to_compare_page;
  GtkRevealer *banner_revealer;
  GtkLabel *banner_label;
  GtkStack *main_stack;
  GtkButton *build_button;
  GtkRevealer *past_revealer;
  GtkLabel *past_label;
  GtkButton *show_latest_button;
  /* where the pages go: they are built after the first frame (ensure_views) */
  AdwBin *recipe_slot;
  AdwBin *run_slot;
  AdwBin *commands_slot;
  AdwBin *log_slot;
  AdwBin *compare_slot;
  AdwBin *verify_slot;
  AdwBin *history_slot;
  AdwBin *overview_slot;
  AdwBin *toolchains_slot;

  /* the pages, NULL until ensure_views and after dispose */
  GantryRecipeView *recipe_view;
  GantryRunView *run_view;
  GantryCommandsView *commands_view;
  GantryLogView *log_view;
  GantryCompareView *compare_view;
  GantryVerifyView *verify_view;
  GantryHistoryView *history_view;
  GantryOverviewView *overview_view;
  GantryToolchainsView *toolchains_view;

  /* owned references */
  GantryStore *store;
  GListStore *projects;
  GtkSingleSelection *selection;
  GantryProjectEntry *current;      /* the project shown */
  GantryPipeline *pipeline;         /* the running release, or the last one */
  GantryBuild *build;               /* its build */
  GCancellable *run_cancellable;
  GCancellable *preview_cancellable;
  GCancellable *compare_cancellable;  /* reading a past run's binaries for Compare */
  char *nothing_title;              /* the Compare status page's own words, for a live build */
  char *nothing_description;
  AdwToast *saved_toast;            /* the "recipe saved" toast while shown: later saves update it */
  GtkWindow *preferences;           /* weak: the Preferences window while open */
  char *build_name;                 /* the project the last Build & Verify was for */

  /* state */
  gboolean first_frame_done;        /* the store is read after it, never before */
  gboolean loaded;                  /* and it has been read */
  guint load_source;                /* reading it, at the idle after the first frame */
  gboolean running;
  gboolean preparing;
  gboolean verifying;
  gboolean build_ended;             /* the release's builds ended (its checks may go on) */
  gboolean release_done;            /* and its checks, and its verdict is in */
  gboolean toolchains_shown;
  gboolean can_compare;             /* the compare view was given binaries */
  gboolean inspecting;              /* Inspect file… is reading one */
  gboolean overview_shown;          /* the overview has read the store once */
  guint newest_source;              /* opening the selected project's newest run, after the frame */
  guint adding;                     /* project folders being read (Add Project…, a drop) */
  GPtrArray *release_queue;         /* Release all: the projects still to release (GantryProject*) */
  GantryProject *releasing;         /* the one releasing now */
  guint release_total, release_good;
  gint64 past_run_id;               /* the recorded run shown instead of the live build, or 0 */
  gint64 reverifying_run_id;        /* the run "Verify again" is checking, or 0 */
  GantryProjectEntry *reverifying;  /* and its project's sidebar entry */
  char *past_dist_dir;              /* that run's dist folder */
  GPtrArray *live_matrix;           /* the last build's verdicts, to show again after a past run */
};

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (GantryWindow, gantry_window, ADW_TYPE_APPLICATION_WINDOW)

static void update_empty_states (GantryWindow *self);
static void ensure_views (GantryWindow *self);

/* The dist folder the Results page's button opens: the shown past
 * run's, else the last build's; NULL when there is none on disk. */
static const char *
shown_dist_dir (GantryWindow *self)
{
  const char *dir = self->past_run_id != 0 ? self->past_dist_dir
                    : self->build != NULL ? gantry_build_get_dist_dir (self->build) : NULL;

  return dir != NULL && g_file_test (dir, G_FILE_TEST_IS_DIR) ? dir : NULL;
}

/* The run the Results page shows: the past run opened, else the last
 * build's once it is recorded; 0 when there is none. */
static gint64
shown_run_id (GantryWindow *self)
{
  if (self->past_run_id != 0)
    return self->past_run_id;
  return self->build != NULL && self->build_ended ? gantry_build_get_run_id (self->build) : 0;
}

static void
update_actions (GantryWindow *self)
{
  gboolean busy = self->running || self->verifying;

  /* adding and inspecting need the store, read after the first frame */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "project.add", self->loaded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.inspect-file", self->loaded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "project.build", self->current != NULL && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "project.cancel", busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "project.remove", self->current != NULL && !busy);
  /* a running build keeps the Results, Log and Checks pages */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "project.open-run", self->current != NULL && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "project.open-dist", !busy && shown_dist_dir (self) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.release-all",
                                 !busy && self->projects != NULL &&
                                 g_list_model_get_n_items (G_LIST_MODEL (self->projects)) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "project.verify-again",
                                 !busy && self->current != NULL && shown_run_id (self) != 0);
  if (self->history_view != NULL)
    update_empty_states (self);
  /* a running build's compilers must not be removed from the Toolchains page;
   * the page is gone when a build ends after the window closed */
  if (self->toolchains_view != NULL)
    gantry_toolchains_view_set_building (self->toolchains_view, busy);
}

static void
show_banner (GantryWindow *self,
             const char   *message)
{
  if (message != NULL)
    {
      gtk_label_set_label (self->banner_label, message);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->banner_label), message);
    }
  gtk_revealer_set_reveal_child (self->banner_revealer, message != NULL);
}

void
gantry_window_toast (GantryWindow *self,
                     const char   *text)
{
  g_autofree char *markup = NULL;

  g_return_if_fail (GANTRY_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  /* an AdwToast's title is markup in libadwaita 1.2 */
  markup = g_markup_escape_text (text, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (markup));
}

/* A toast with a button that shows one of the project's pages. */
static void
toast_with_page (GantryWindow *self,
                 const char   *text,
                 const char   *button,
                 const char   *page)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);
  AdwToast *toast = adw_toast_new (markup);

  adw_toast_set_button_label (toast, button);
  adw_toast_set_action_name (toast, "win.show-page");
  adw_toast_set_action_target_value (toast, g_variant_new_string (page));
  adw_toast_set_timeout (toast, 6);
  /* the end of a build matters more than a "saved" before it */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* What a page says while it has nothing to show: "Not built yet" on
 * Results for a project never built, what to do on Compare. */
static void
update_empty_states (GantryWindow *self)
{
  gboolean never_built = !self->running && !self->verifying && self->build == NULL && self->past_run_id == 0 &&
                         g_list_model_get_n_items (gantry_history_view_get_rows (self->history_view)) == 0;

  gtk_stack_set_visible_child_name (self->results_stack, never_built ? "not-built" : "results");
  gtk_stack_set_visible_child_name (self->compare_stack, self->can_compare ? "compare" : "nothing");
}

/* What Compare's status page says when there is nothing to compare
 * (@description is markup): NULLs for its own words (a live build, or
 * none yet). */
static void
set_nothing_to_compare (GantryWindow *self,
                        const char   *title,
                        const char   *description)
{
  adw_status_page_set_title (self->nothing_to_compare_page, title ? title : self->nothing_title);
  adw_status_page_set_description (self->nothing_to_compare_page,
                                   description ? description : self->nothing_description);
}

static void
set_compare_build (GantryWindow *self,
                   GantryBuild  *build)
{
  g_cancellable_cancel (self->compare_cancellable);
  g_clear_object (&self->compare_cancellable);
  set_nothing_to_compare (self, NULL, NULL);
  self->can_compare = gantry_compare_view_set_build (self->compare_view, build);
  update_empty_states (self);
}

typedef struct
{
  GantryWindow *self;
  gint64 run_id;
  GPtrArray *verdicts;
} PastCompare;

static void
on_past_choices (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PastCompare *load = user_data;
  g_autoptr(GantryWindow) self = load->self;
  g_autoptr(GPtrArray) verdicts = load->verdicts;
  g_autoptr(GPtrArray) choices = NULL;
  g_autoptr(GError) error = NULL;
  gint64 run_id = load->run_id;

  g_free (load);
  choices = gantry_compare_choices_load_finish (result, &error);
  /* another run shown since, or the live build again */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->past_run_id != run_id)
    return;
  self->can_compare = gantry_compare_view_set_choices (self->compare_view, choices);
  gantry_compare_view_set_verdicts (self->compare_view, verdicts);
  if (!self->can_compare)
    {
      g_autofree char *title = g_strdup_printf ("Nothing to compare in run #%" G_GINT64_FORMAT, run_id);
      g_autofree char *description =
        error != NULL
        ? g_markup_printf_escaped ("Its programs could not be read: %s", error->message)
        : g_strdup ("Compare needs two programs of one run. This run made fewer, or Gantry has since "
                    "removed them (it keeps the programs of the last few builds of each project): "
                    "press Build &amp; Verify to make them again.");

      set_nothing_to_compare (self, title, description);
    }
  update_empty_states (self);
}

/* Compare for recorded run @run_id: its programs, read again from the
 * disk in a thread, and where each ran (@verdicts). */
static void
set_compare_past_run (GantryWindow *self,
                      gint64        run_id,
                      GPtrArray    *verdicts)
{
  PastCompare *load = g_new0 (PastCompare, 1);

  g_cancellable_cancel (self->compare_cancellable);
  g_set_object (&self->compare_cancellable, g_cancellable_new ());
  /* until they are read: not the live build's */
  self->can_compare = gantry_compare_view_set_choices (self->compare_view, NULL);
  set_nothing_to_compare (self, "Reading the run's programs…", "");
  update_empty_states (self);
  load->self = g_object_ref (self);
  load->run_id = run_id;
  load->verdicts = verdicts != NULL ? g_ptr_array_ref (verdicts) : NULL;
  gantry_compare_choices_load_async (self->store, run_id, self->compare_cancellable, on_past_choices, load);
}

/* ------------------------------------------------------------------ */
/* The plan before a run: commands panel and the matrix's notes        */
/* ------------------------------------------------------------------ */

static void
on_preview_ready (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GantryWindow) self = user_data;
  g_autoptr(GantryBuild) build = NULL;
  g_autoptr(GError) error = NULL;
  const GantryPlanInput *inputs;
  guint n_inputs;

  build = gantry_build_new_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->preparing = FALSE;
  if (build == NULL)
    {
      show_banner (self, error->message);
      return;
    }
  if (self->running)
    return;

  inputs = gantry_build_get_plan_inputs (build, &n_inputs);
  gantry_recipe_view_set_notes (self->recipe_view, inputs, n_inputs);
  gantry_commands_view_set_plan (self->commands_view, gantry_build_get_plan (build));
  if (self->build == NULL)
    gantry_run_view_set_build (self->run_view, build);
}

static void
refresh_preview (GantryWindow *self)
{
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  if (self->current == NULL)
    return;

  self->preview_cancellable = g_cancellable_new ();
  self->preparing = TRUE;
  gantry_build_new_async (self->store, gantry_project_entry_get_project (self->current), NULL,
                          self->preview_cancellable, on_preview_ready, g_object_ref (self));
}

static void
on_saved_toast_dismissed (GantryWindow *self)
{
  g_clear_object (&self->saved_toast);
}

/* The recipe view saves as the user edits: one toast, updated, not one a change. */
static void
on_recipe_saved (GantryWindow     *self,
                 GantryRecipe     *recipe,
                 GantryRecipeView *view)
{
  g_autofree char *text = g_strdup_printf ("Targets saved (revision %" G_GINT64_FORMAT ")",
                                           gantry_recipe_get_revision (recipe));

  if (self->saved_toast != NULL)
    adw_toast_set_title (self->saved_toast, text);
  else
    {
      self->saved_toast = g_object_ref (adw_toast_new (text));
      adw_toast_set_timeout (self->saved_toast, 3);
      g_signal_connect_object (self->saved_toast, "dismissed", G_CALLBACK (on_saved_toast_dismissed), self,
                               G_CONNECT_SWAPPED);
      adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->saved_toast));
    }
  refresh_preview (self);
  /* an imported gantry.json brings its own verification settings */
  gantry_verify_view_show_recipe (self->verify_view, recipe);
}

/* The verification settings saved a new revision: the recipe view's
 * next save carries them, and keeps an edit the user is still typing. */
static void
on_verify_settings_saved (GantryWindow     *self,
                          GantryRecipe     *recipe,
                          GantryVerifyView *view)
{
  gantry_recipe_view_take_verify_settings (self->recipe_view, recipe);
  refresh_preview (self);
}

/* ------------------------------------------------------------------ */
/* Build & Verify                                                      */
/* ------------------------------------------------------------------ */

static void
reload_history (GantryWindow *self)
{
  if (self->current == NULL)
    gantry_history_view_set_project (self->history_view, NULL, 0);
  else
    gantry_history_view_set_project (self->history_view, self->store,
                                     gantry_project_get_id (gantry_project_entry_get_project (self->current)));
}

/* The sidebar entry of the project that ran, wherever the user is now. */
static void
set_running_entry_state (GantryWindow *self,
                         const char   *state)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->projects)); i++)
    {
      g_autoptr(GantryProjectEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->projects), i);

      if (gantry_project_entry_get_state (entry) != NULL &&
          g_str_equal (gantry_project_entry_get_state (entry), "running"))
        gantry_project_entry_set_state (entry, state);
    }
}

/* The builds ended (the checks may follow): the rows, the comparison
 * and the commands as they ran. Once per release. */
static void
build_ended (GantryWindow   *self,
             GantryPipeline *pipeline)
{
  GantryBuild *build = gantry_pipeline_get_build (pipeline);
  const GError *error = gantry_pipeline_get_build_error (pipeline);

  if (self->build_ended)
    return;
  self->build_ended = TRUE;
  if (build == self->build)
    {
      gantry_run_view_finished (self->run_view, error);
      set_compare_build (self, build);
    }
  gantry_commands_view_set_runner (self->commands_view, NULL);
  if (build == self->build)
    gantry_commands_view_set_plan (self->commands_view, gantry_build_get_plan (build));
  /* failed targets are told per row and in the run's summary */
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (error, GANTRY_BUILD_ERROR, GANTRY_BUILD_ERROR_TARGETS_FAILED))
    show_banner (self, error->message);
  reload_history (self);
}

static void
on_phase_changed (GantryPipeline *pipeline,
                  int             phase,
                  GantryWindow   *self)
{
  /* a phase that comes after the end (idles have no order) is past */
  if (pipeline != self->pipeline || phase != GANTRY_PIPELINE_PHASE_VERIFYING || self->release_done)
    return;
  build_ended (self, pipeline);
  self->verifying = TRUE;
  gantry_verify_view_started (self->verify_view);
  gantry_run_view_verifying (self->run_view);
  update_actions (self);
}

static void
on_pipeline_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GantryWindow) self = user_data;
  GantryPipeline *pipeline = GANTRY_PIPELINE (source);
  const GantryRunOutcome *outcome;
  g_autoptr(GError) error = NULL;
  GPtrArray *matrix;
  gboolean cancelled;

  gantry_pipeline_run_finish (pipeline, result, &error);
  if (pipeline == self->pipeline)
    self->release_done = TRUE;
  cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  build_ended (self, pipeline);
  self->running = FALSE;
  self->verifying = FALSE;
  g_clear_object (&self->run_cancellable);
  outcome = gantry_pipeline_get_outcome (pipeline);
  matrix = gantry_pipeline_get_matrix (pipeline);
  if (pipeline == self->pipeline)
    {
      /* the checks' error (not the build's: its rows tell it) */
      const GError *verify_error = error != NULL &&
                                   gantry_pipeline_get_build_error (pipeline) == NULL ? error : NULL;

      gantry_verify_view_finished (self->verify_view, cancelled ? NULL : matrix, verify_error);
      gantry_compare_view_set_verdicts (self->compare_view, verify_error == NULL ? matrix : NULL);
      /* the log goes on with what the checks ran and found */
      {
        GantryBuild *build = gantry_pipeline_get_build (pipeline);
        GantryRunner *runner = build != NULL ? gantry_build_get_runner (build) : NULL;
        GListModel *log = runner != NULL ? gantry_runner_get_log (runner) : NULL;

        if (log != NULL && G_IS_LIST_STORE (log) && !cancelled)
          gantry_verify_matrix_to_log (matrix, G_LIST_STORE (log), 0);
      }
      gantry_run_view_verified (self->run_view, verify_error == NULL ? matrix : NULL, verify_error);
      {
        g_autoptr(GPtrArray) checks = gantry_verify_matrix_commands (cancelled ? NULL : matrix);
        gantry_commands_view_set_checks (self->commands_view, checks);
      }
      gantry_run_view_concluded (self->run_view, outcome);
      g_clear_pointer (&self->live_matrix, g_ptr_array_unref);
      if (matrix != NULL)
        self->live_matrix = g_ptr_array_ref (matrix);
    }
  set_running_entry_state (self, outcome != NULL ? gantry_outcome_to_state (outcome->outcome)
                                                 : cancelled ? "cancelled" : "not-released");
  if (error != NULL && !cancelled && gantry_pipeline_get_build_error (pipeline) == NULL)
    show_banner (self, error->message);
  if (pipeline == self->pipeline)
    {
      const char *name = self->build_name;
      g_autofree char *text = NULL;

      if (cancelled)
        text = g_strdup_printf ("%s: build cancelled", name ? name : "Build");
      else if (outcome != NULL)
        text = g_strdup_printf ("%s: %s", name ? name : "Build finished", gantry_outcome_to_label (outcome->outcome));
      else
        text = g_strdup_printf ("%s: the build failed", name ? name : "Build");
      toast_with_page (self, text, "Results", "run");
    }
  reload_history (self);
  update_actions (self);
}

static void
on_pipeline_ready (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GantryWindow) self = user_data;
  g_autoptr(GantryPipeline) pipeline = NULL;
  g_autoptr(GError) error = NULL;
  GantryBuild *build;

  pipeline = gantry_pipeline_new_finish (result, &error);
  if (pipeline == NULL)
    {
      gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

      self->running = FALSE;
      g_clear_object (&self->run_cancellable);
      if (self->current != NULL)
        gantry_project_entry_set_state (self->current, cancelled ? "cancelled" : "not-released");
      if (!cancelled)
        {
          /* e.g. a target no compiler here can build, and the recipe
           * says to stop: the resolver's sentence names a command where
           * the Toolchains page has a button */
          g_autofree char *text = gantry_toolchain_window_text (error->message);

          show_banner (self, text);
          gantry_window_toast (self, "The build did not start: the message above says why");
        }
      update_actions (self);
      return;
    }

  build = gantry_pipeline_get_build (pipeline);
  g_set_object (&self->pipeline, pipeline);
  g_set_object (&self->build, build);
  self->build_ended = FALSE;
  self->release_done = FALSE;
  g_clear_pointer (&self->live_matrix, g_ptr_array_unref);
  gantry_run_view_set_build (self->run_view, build);
  g_signal_connect_object (pipeline, "phase-changed", G_CALLBACK (on_phase_changed), self, 0);
  gantry_pipeline_run_async (pipeline, self->run_cancellable, on_pipeline_done, g_object_ref (self));
  if (gantry_build_get_runner (build) != NULL)
    {
      GantryRunner *runner = gantry_build_get_runner (build);

      gantry_run_view_started (self->run_view);
      gantry_commands_view_set_runner (self->commands_view, runner);
      gantry_log_view_set_log (self->log_view, gantry_runner_get_log (runner));
    }
}

/* This machine's container settings, from Preferences, as the verify
 * options a release or a verification is given; @prefs owns the strings. */
static void
machine_options (GantryPreferencesVerify *prefs,
                 GantryVerifyOptions     *machine)
{
  gantry_preferences_verify_load (prefs);
  machine->engine = prefs->engine;
  machine->engine_flags = (const char * const *) prefs->engine_flags;
  machine->default_images = (const char * const *) prefs->images;
}

/* ------------------------------------------------------------------ */
/* A recorded run in place of the live build                           */
/* ------------------------------------------------------------------ */

/* Back to the live build (or to nothing): its rows and log, and its
 * checks as the store kept them. */
static void
leave_past_run (GantryWindow *self)
{
  GantryRunner *runner = self->build ? gantry_build_get_runner (self->build) : NULL;

  if (self->past_run_id == 0)
    return;
  self->past_run_id = 0;
  g_clear_pointer (&self->past_dist_dir, g_free);
  gtk_revealer_set_reveal_child (self->past_revealer, FALSE);
  gantry_run_view_show_live (self->run_view);
  gantry_log_view_set_log (self->log_view, runner ? gantry_runner_get_log (runner) : NULL);
  /* the live build's verdicts, kept when they came: no store read here */
  gantry_verify_view_clear (self->verify_view);
  if (self->live_matrix != NULL)
    gantry_verify_view_finished (self->verify_view, self->live_matrix, NULL);
  set_compare_build (self, self->build);
  gantry_compare_view_set_verdicts (self->compare_view, self->live_matrix);
  /* its commands: the last build's with its checks, or today's plan */
  if (self->build != NULL)
    {
      g_autoptr(GPtrArray) checks = gantry_verify_matrix_commands (self->live_matrix);

      gantry_commands_view_set_plan (self->commands_view, gantry_build_get_plan (self->build));
      gantry_commands_view_set_checks (self->commands_view, checks);
    }
  else
    refresh_preview (self);
  update_actions (self);
}

static void
on_show_latest (GantryWindow *self)
{
  leave_past_run (self);
}

/* A view could not do what the user asked (saving the log): say why. */
static void
on_view_failed (GantryWindow *self,
                const char   *message)
{
  show_banner (self, message);
}

/* Shows recorded run @run_id of the current project in place of the
 * live build: its rows, log, checks, commands and dist folder, read
 * from the store. FALSE (and the banner says why) when it cannot. */
static gboolean
show_past_run (GantryWindow *self,
               gint64        run_id)
{
  GantryProject *project;
  g_autoptr(GantryPastRun) past = NULL;
  g_autoptr(GantryRunInfo) latest = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *banner = NULL;

  if (self->current == NULL)
    return FALSE;
  project = gantry_project_entry_get_project (self->current);
  past = gantry_past_run_load (self->store, run_id, &error);
  if (past != NULL && gantry_past_run_get_info (past)->project_id != gantry_project_get_id (project))
    {
      g_clear_object (&past);
      error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "Run #%" G_GINT64_FORMAT " is not a run of %s.",
                           run_id, gantry_project_get_name (project));
    }
  if (past == NULL)
    {
      show_banner (self, error->message);
      return FALSE;
    }
  /* the newest run: the History list's first row, already loaded */
  {
    GListModel *rows = gantry_history_view_get_rows (self->history_view);
    g_autoptr(GantryHistoryRow) newest = g_list_model_get_n_items (rows) > 0 ? g_list_model_get_item (rows, 0) : NULL;

    if (newest != NULL)
      latest = gantry_history_get_run (self->store, gantry_history_row_get_id (newest), NULL);
  }
  summary = gantry_past_run_dup_summary (past);
  banner = gantry_past_run_dup_banner (past, latest);

  show_banner (self, NULL);
  self->past_run_id = run_id;
  gantry_run_rows_set_verdicts (gantry_past_run_get_rows (past), gantry_past_run_get_verdicts (past));
  gantry_run_view_show_past (self->run_view, gantry_past_run_get_rows (past), summary);
  gantry_log_view_set_log (self->log_view, gantry_past_run_get_lines (past));
  gantry_verify_view_finished (self->verify_view, gantry_past_run_get_verdicts (past), NULL);
  set_compare_past_run (self, run_id, gantry_past_run_get_verdicts (past));
  /* the live build's own run: its checks as the store has them now
   * (verified again since), for when the user goes back to it */
  if (self->build != NULL && gantry_build_get_run_id (self->build) == run_id)
    {
      g_clear_pointer (&self->live_matrix, g_ptr_array_unref);
      self->live_matrix = g_ptr_array_ref (gantry_past_run_get_verdicts (past));
    }
  /* the commands as that run ran them, and its dist folder */
  gantry_commands_view_set_runner (self->commands_view, NULL);
  gantry_commands_view_set_plan (self->commands_view, gantry_past_run_get_plan (past));
  g_free (self->past_dist_dir);
  self->past_dist_dir = g_strdup (gantry_past_run_get_info (past)->dist_dir);
  update_actions (self);
  gtk_label_set_label (self->past_label, banner);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->past_label), banner);
  /* no build of this window to go back to */
  gtk_widget_set_visible (GTK_WIDGET (self->show_latest_button), self->build != NULL);
  gtk_revealer_set_reveal_child (self->past_revealer, TRUE);
  update_empty_states (self);
  return TRUE;
}

static void
open_run_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  GantryWindow *self = GANTRY_WINDOW (widget);

  if (self->running || self->verifying || self->current == NULL)
    return;
  if (show_past_run (self, g_variant_get_int64 (parameter)))
    adw_view_stack_set_visible_child_name (self->page_stack, "run");
}

/* ------------------------------------------------------------------ */
/* Verify again: the shown run's checks, with what this machine has now */
/* ------------------------------------------------------------------ */

static void
on_verified_again (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GantryWindow) self = user_data;
  g_autoptr(GantryRunOutcome) outcome = NULL;
  g_autoptr(GPtrArray) matrix = NULL;
  g_autoptr(GError) error = NULL;
  gint64 run_id = self->reverifying_run_id;
  g_autofree char *text = NULL;

  g_autoptr(GantryProjectEntry) entry = g_steal_pointer (&self->reverifying);

  outcome = gantry_run_verify_again_finish (result, &matrix, &error);
  self->verifying = FALSE;
  self->reverifying_run_id = 0;
  g_clear_object (&self->run_cancellable);
  reload_history (self);
  if (outcome == NULL)
    {
      gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

      /* nothing was replaced: the run as it was, its earlier checks */
      show_past_run (self, run_id);
      if (!cancelled)
        show_banner (self, error->message);
      text = g_strdup_printf (cancelled ? "Run #%" G_GINT64_FORMAT ": verifying again was cancelled; its earlier checks are kept"
                                        : "Run #%" G_GINT64_FORMAT " could not be verified again: the message above says why",
                              run_id);
      gantry_window_toast (self, text);
      update_actions (self);
      return;
    }
  /* the sidebar tells the project's newest run: this one's new verdict
   * when it is that run */
  if (entry != NULL)
    {
      gint64 newest = 0;

      if (gantry_history_find_latest_run (self->store, gantry_project_get_id (gantry_project_entry_get_project (entry)),
                                          &newest, NULL) && newest == outcome->run_id)
        gantry_project_entry_set_state (entry, gantry_outcome_to_state (outcome->outcome));
    }
  /* what the store holds now, as any recorded run is shown */
  show_past_run (self, outcome->run_id);
  text = g_strdup_printf ("Run #%" G_GINT64_FORMAT " verified again: %s", outcome->run_id,
                          gantry_outcome_to_label (outcome->outcome));
  toast_with_page (self, text, "Checks", "verify");
  update_actions (self);
}

static void
verify_again_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  GantryWindow *self = GANTRY_WINDOW (widget);
  g_auto(GantryPreferencesVerify) prefs = { 0 };
  GantryVerifyOptions machine = { 0 };
  gint64 run_id = shown_run_id (self);

  if (self->running || self->verifying || self->current == NULL || run_id == 0)
    return;
  show_banner (self, NULL);
  self->verifying = TRUE;
  self->reverifying_run_id = run_id;
  g_set_object (&self->reverifying, self->current);
  self->run_cancellable = g_cancellable_new ();
  gantry_verify_view_started (self->verify_view);
  update_actions (self);
  machine_options (&prefs, &machine);
  gantry_run_verify_again_async (self->store, run_id, &machine, self->run_cancellable,
                                 on_verified_again, g_object_ref (self));
}

/* ------------------------------------------------------------------ */
/* Release all: every project's release, one after another              */
/* ------------------------------------------------------------------ */

static void release_next (GantryWindow *self);

static GantryProjectEntry *
entry_of (GantryWindow  *self,
          GantryProject *project)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->projects)); i++)
    {
      g_autoptr(GantryProjectEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->projects), i);

      if (gantry_project_get_id (gantry_project_entry_get_project (entry)) == gantry_project_get_id (project))
        return entry;   /* the list holds it */
    }
  return NULL;
}

static void
on_release_all_done (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GantryWindow) self = user_data;
  GantryPipeline *pipeline = GANTRY_PIPELINE (source);
  const GantryRunOutcome *outcome;
  g_autoptr(GError) error = NULL;
  GantryProjectEntry *entry = entry_of (self, self->releasing);

  gantry_pipeline_run_finish (pipeline, result, &error);
  outcome = gantry_pipeline_get_outcome (pipeline);
  if (outcome != NULL && gantry_outcome_is_good (outcome->outcome))
    self->release_good++;
  if (entry != NULL)
    gantry_project_entry_set_state (entry, outcome != NULL ? gantry_outcome_to_state (outcome->outcome)
                                           : g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? "cancelled"
                                           : "not-released");
  gantry_overview_view_reload (self->overview_view);
  release_next (self);
}

static void
on_release_all_ready (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GantryWindow) self = user_data;
  g_autoptr(GantryPipeline) pipeline = NULL;
  g_autoptr(GError) error = NULL;

  pipeline = gantry_pipeline_new_finish (result, &error);
  if (pipeline == NULL)
    {
      /* this one could not start (a target that blocks): the others go on */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = gantry_toolchain_window_text (error->message);

          show_banner (self, text);
        }
      release_next (self);
      return;
    }
  gantry_pipeline_run_async (pipeline, self->run_cancellable, on_release_all_done, g_object_ref (self));
}

static void
release_next (GantryWindow *self)
{
  g_autoptr(GantryProject) project = NULL;
  g_autofree char *progress = NULL;
  gboolean cancelled = g_cancellable_is_cancelled (self->run_cancellable);

  if (cancelled || self->release_queue->len == 0)
    {
      g_autofree char *text = NULL;

      g_clear_pointer (&self->release_queue, g_ptr_array_unref);
      g_clear_object (&self->releasing);
      self->running = FALSE;
      g_clear_object (&self->run_cancellable);
      gantry_overview_view_set_progress (self->overview_view, NULL);
      gantry_overview_view_reload (self->overview_view);
      text = cancelled
        ? g_strdup_printf ("Release all cancelled: %u of %u released, the others not started", self->release_good, self->release_total)
        : g_strdup_printf ("Release all: %u of %u project%s released", self->release_good, self->release_total,
                           self->release_total == 1 ? "" : "s");
      gantry_window_toast (self, text);
      /* the project shown: its newest run, as any project opens */
      if (self->current != NULL)
        {
          gint64 newest = 0;

          if (gantry_history_find_latest_run (self->store,
                                              gantry_project_get_id (gantry_project_entry_get_project (self->current)),
                                              &newest, NULL) && newest != 0)
            show_past_run (self, newest);
        }
      reload_history (self);
      update_actions (self);
      return;
    }

  project = g_ptr_array_steal_index (self->release_queue, 0);
  g_set_object (&self->releasing, project);
  progress = g_strdup_printf ("Releasing %s (%u of %u)…", gantry_project_get_name (project),
                              self->release_total - self->release_queue->len, self->release_total);
  gantry_overview_view_set_progress (self->overview_view, progress);
  if (entry_of (self, project) != NULL)
    gantry_project_entry_set_state (entry_of (self, project), "running");
  {
    g_auto(GantryPreferencesVerify) prefs = { 0 };
    GantryVerifyOptions machine = { 0 };

    machine_options (&prefs, &machine);
    gantry_pipeline_new_async (self->store, project, &machine, self->run_cancellable,
                               on_release_all_ready, g_object_ref (self));
  }
}

static void
release_all_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  GantryWindow *self = GANTRY_WINDOW (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->projects));

  if (self->running || self->verifying || n == 0)
    return;
  if (gantry_toolchains_view_get_removing (self->toolchains_view))
    {
      show_banner (self, "A toolchain is being removed on the Toolchains page: press Release all again when it is done.");
      return;
    }
  leave_past_run (self);
  show_banner (self, NULL);
  self->release_queue = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GantryProjectEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->projects), i);

      g_ptr_array_add (self->release_queue, g_object_ref (gantry_project_entry_get_project (entry)));
    }
  self->release_total = n;
  self->release_good = 0;
  self->running = TRUE;
  self->run_cancellable = g_cancellable_new ();
  update_actions (self);
  release_next (self);
}

static void
build_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  GantryWindow *self = GANTRY_WINDOW (widget);

  if (self->running || self->verifying || self->current == NULL)
    return;
  /* the build would choose among compilers one of which is going away */
  if (gantry_toolchains_view_get_removing (self->toolchains_view))
    {
      show_banner (self, "A toolchain is being removed on the Toolchains page: press Build & Verify again when it is done.");
      return;
    }

  leave_past_run (self);
  self->running = TRUE;
  gantry_verify_view_clear (self->verify_view);
  show_banner (self, NULL);
  g_cancellable_cancel (self->preview_cancellable);
  self->preparing = FALSE;
  self->run_cancellable = g_cancellable_new ();
  gantry_project_entry_set_state (self->current, "running");
  g_free (self->build_name);
  self->build_name = g_strdup (gantry_project_get_name (gantry_project_entry_get_project (self->current)));
  adw_view_stack_set_visible_child_name (self->page_stack, "run");
  update_actions (self);
  {
    g_auto(GantryPreferencesVerify) prefs = { 0 };
    GantryVerifyOptions machine = { 0 };

    machine_options (&prefs, &machine);
    gantry_pipeline_new_async (self->store, gantry_project_entry_get_project (self->current), &machine,
                               self->run_cancellable, on_pipeline_ready, g_object_ref (self));
  }
}

/* Adds the Go project in @folder to the store and selects it: what the
 * folder chooser, a dropped folder and the tests all go through. */
static gboolean add_loaded_project (GantryWindow   *self,
                                    GantryProject  *project,
                                    GError        **error);

gboolean
gantry_window_add_folder (GantryWindow  *self,
                          const char    *folder,
                          GError       **error)
{
  g_autoptr(GantryProject) project = NULL;

  g_return_val_if_fail (GANTRY_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);
  g_return_val_if_fail (folder != NULL, FALSE);

  project = gantry_project_load (folder, error);
  return project != NULL && add_loaded_project (self, project, error);
}

/* Stores @project (read already), lists it and selects it. */
static gboolean
add_loaded_project (GantryWindow   *self,
                    GantryProject  *project,
                    GError        **error)
{
  g_autofree char *name = g_strdup (gantry_project_get_name (project));

  if (!gantry_store_add_project (self->store, project, error) || !gantry_window_reload (self, error))
    return FALSE;
  gantry_window_select (self, name);
  return TRUE;
}

/* Reading a file or folder, which may run programs (go list) or read
 * megabytes (a binary): a worker calls @load on @path, and the task
 * returns the object it made. */
typedef gpointer (*PathLoad) (const char  *path,
                              GError     **error);

typedef struct
{
  PathLoad load;
  char *path;
} PathJob;

static void
path_job_free (PathJob *job)
{
  g_free (job->path);
  g_free (job);
}

static void
load_path_worker (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  PathJob *job = task_data;
  GError *error = NULL;
  gpointer made = job->load (job->path, &error);

  if (made == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, made, g_object_unref);
}

static void
load_path_async (GantryWindow        *self,
                 const char          *path,
                 PathLoad             load,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);
  PathJob *job = g_new0 (PathJob, 1);

  job->load = load;
  job->path = g_strdup (path);
  g_task_set_task_data (task, job, (GDestroyNotify) path_job_free);
  g_task_run_in_thread (task, load_path_worker);
}

static const char *
loaded_path (GAsyncResult *result)
{
  return ((PathJob *) g_task_get_task_data (G_TASK (result)))->path;
}

static void
on_project_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GantryProject) project = NULL;
  GError *error = NULL;

  GANTRY_WINDOW (g_task_get_source_object (task))->adding--;
  project = g_task_propagate_pointer (G_TASK (result), &error);
  if (project == NULL || !add_loaded_project (g_task_get_source_object (task), project, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
gantry_window_add_folder_async (GantryWindow        *self,
                                const char          *folder,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GANTRY_IS_WINDOW (self));
  g_return_if_fail (self->store != NULL);
  g_return_if_fail (folder != NULL);

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, gantry_window_add_folder_async);
  self->adding++;
  load_path_async (self, folder, (PathLoad) gantry_project_load, on_project_loaded, task);
}

gboolean
gantry_window_add_folder_finish (GantryWindow  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_folder_added (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GantryWindow *self = GANTRY_WINDOW (source);
  g_autoptr(GError) error = NULL;

  if (!gantry_window_add_folder_finish (self, result, &error))
    show_banner (self, error->message);
  else
    show_banner (self, NULL);
}

static void
add_folder_or_say_why (GantryWindow *self,
                       GFile        *folder)
{
  g_autofree char *path = g_file_get_path (folder);

  if (path == NULL)
    show_banner (self, "Gantry can only add folders on this computer.");
  else
    {
      /* reading it asks go about every package: not on this thread */
      gantry_window_toast (self, "Reading the project…");
      gantry_window_add_folder_async (self, path, on_folder_added, NULL);
    }
}

typedef void (*FileChosen) (GantryWindow *self,
                            GFile        *file);

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
on_file_chosen (GtkNativeDialog *chooser,
                int              response,
                GantryWindow    *self)
{
  FileChosen chosen = (FileChosen) g_object_get_data (G_OBJECT (chooser), "chosen");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        chosen (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

/* Asks for a file or folder, then calls @chosen with it. GtkFileDialog
 * is GTK 4.10; GtkFileChooserNative is the 4.8 way and still uses the
 * portal or the Windows dialog. @folder: where it opens, or NULL. */
static void
choose_file (GantryWindow         *self,
             const char           *title,
             GtkFileChooserAction  action,
             const char           *accept,
             const char           *folder,
             FileChosen            chosen)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept, "_Cancel");

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (folder != NULL)
    {
      g_autoptr(GFile) start = g_file_new_for_path (folder);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), start, NULL);
    }
  g_object_set_data (G_OBJECT (chooser), "chosen", (gpointer) chosen);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_file_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
G_GNUC_END_IGNORE_DEPRECATIONS

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  choose_file (GANTRY_WINDOW (widget), "Add a Go project folder", GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
               "_Add", NULL, add_folder_or_say_why);
}

/* ------------------------------------------------------------------ */
/* Inspect file…: any program, into the comparison                     */
/* ------------------------------------------------------------------ */

static void
on_file_inspected (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GantryWindow *self = GANTRY_WINDOW (source);
  const char *path = loaded_path (result);
  g_autofree char *name = g_path_get_basename (path);
  g_autoptr(GantryBinary) binary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  self->inspecting = FALSE;
  binary = g_task_propagate_pointer (G_TASK (result), &error);
  if (binary == NULL)
    {
      text = g_strdup_printf ("%s is not a program Gantry can read: %s", name, error->message);
      show_banner (self, text);
      return;
    }
  show_banner (self, NULL);
  self->can_compare = gantry_compare_view_add_choice (self->compare_view,
                                                      gantry_compare_choice_new (name, path, binary));
  if (!self->can_compare)
    {
      g_autofree char *title = g_strdup_printf ("%s is read", name);

      set_nothing_to_compare (self, title,
                              "Compare needs a second program: press Inspect file… again, "
                              "or Build &amp; Verify to compare with what the project makes.");
    }
  update_empty_states (self);
  adw_view_stack_set_visible_child_name (self->page_stack, "compare");
  text = g_strdup_printf ("%s added to Compare", name);
  gantry_window_toast (self, text);
}

void
gantry_window_inspect_file (GantryWindow *self,
                            GFile        *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (GANTRY_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  ensure_views (self);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_banner (self, "Gantry can only read files on this computer.");
      return;
    }
  self->inspecting = TRUE;
  load_path_async (self, path, (PathLoad) gantry_inspect_path, on_file_inspected, NULL);
}

static void
inspect_file_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  GantryWindow *self = GANTRY_WINDOW (widget);

  /* next to the shown run's programs, where there is one */
  choose_file (self, "Inspect a program: Linux, Windows or macOS, any build", GTK_FILE_CHOOSER_ACTION_OPEN,
               "_Inspect", shown_dist_dir (self), gantry_window_inspect_file);
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         GantryWindow  *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || !self->loaded)
    return FALSE;
  files = g_value_get_boxed (value);
  for (GSList *l = files; l != NULL; l = l->next)
    add_folder_or_say_why (self, l->data);
  return files != NULL;
}

static void
show_toolchains_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  GantryWindow *self = GANTRY_WINDOW (widget);
  const char *kind = g_variant_get_string (parameter, NULL);

  gantry_window_show_page (self, "toolchains");
  /* a target nothing can build: the releases of what its note says to install */
  if (kind[0] != '\0')
    gantry_toolchains_view_offer (self->toolchains_view, kind);  /* built by show_page */
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GantryWindow *self = GANTRY_WINDOW (widget);

  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
}

#define GANTRY_HELP_URI "https://github.com/gantry/gantry#readme"

/* The error of a gtk_show_uri_full() that opened nothing; NULL when it
 * opened or the user cancelled. */
static GError *
uri_not_shown (GObject      *source,
               GAsyncResult *result)
{
  GError *error = NULL;
  gboolean shown;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  shown = gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error);
  G_GNUC_END_IGNORE_DEPRECATIONS
  if (!shown && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;
  g_clear_error (&error);
  return NULL;
}

/* No browser answered: say where the help is, so it can be opened by hand. */
static void
on_help_shown (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GantryWindow) self = user_data;
  g_autoptr(GError) error = uri_not_shown (source, result);

  if (error != NULL)
    gantry_window_toast (self, "No web browser opened the help: it is at " GANTRY_HELP_URI);
}

static void
on_dist_shown (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GantryWindow) self = user_data;
  g_autoptr(GError) error = uri_not_shown (source, result);

  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf ("The dist folder could not be opened: %s", error->message);

      gantry_window_toast (self, text);
    }
}

/* The release folder of the last build, in the file manager. */
static void
open_dist_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GantryWindow *self = GANTRY_WINDOW (widget);
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;

  if (shown_dist_dir (self) == NULL)
    return;
  file = g_file_new_for_path (shown_dist_dir (self));
  uri = g_file_get_uri (file);
  /* GtkFileLauncher is GTK 4.10; gtk_show_uri_full goes through the portal or the desktop's handler */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_show_uri_full (GTK_WINDOW (self), uri, GDK_CURRENT_TIME, NULL, on_dist_shown, g_object_ref (self));
  G_GNUC_END_IGNORE_DEPRECATIONS
}

/* ------------------------------------------------------------------ */
/* Removing a project, after asking                                    */
/* ------------------------------------------------------------------ */

static void
on_remove_confirmed (GtkButton *button,
                     GtkWindow *dialog)
{
  GantryWindow *self = GANTRY_WINDOW (gtk_window_get_transient_for (dialog));
  const char *name = g_object_get_data (G_OBJECT (dialog), "project-name");
  g_autoptr(GError) error = NULL;

  if (self->running || self->verifying)
    show_banner (self, "A build is running: cancel it before removing the project.");
  else if (!gantry_store_remove_project (self->store, name, &error) ||
           !gantry_window_reload (self, &error))
    show_banner (self, error->message);
  else
    {
      g_autofree char *text = g_strdup_printf ("%s removed from Gantry; its folder is still there", name);

      show_banner (self, NULL);
      gantry_window_toast (self, text);
    }
  gtk_window_destroy (dialog);
}

static void
on_remove_cancelled (GtkButton *button,
                     GtkWindow *dialog)
{
  gtk_window_destroy (dialog);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GantryWindow *self = GANTRY_WINDOW (widget);
  g_autoptr(GtkBuilder) builder = NULL;
  g_autofree char *text = NULL;
  const char *name;
  GtkWindow *dialog;

  if (self->current == NULL || self->running || self->verifying)
    return;
  name = gantry_project_get_name (gantry_project_entry_get_project (self->current));

  builder = gtk_builder_new_from_resource (GANTRY_RESOURCE_BASE "/ui/gantry-remove-dialog.ui");
  dialog = GTK_WINDOW (gtk_builder_get_object (builder, "dialog"));
  text = g_markup_printf_escaped ("Remove <b>%s</b> from Gantry?", name);
  gtk_label_set_markup (GTK_LABEL (gtk_builder_get_object (builder, "title_label")), text);
  g_object_set_data_full (G_OBJECT (dialog), "project-name", g_strdup (name), g_free);
  g_signal_connect_object (gtk_builder_get_object (builder, "remove_button"), "clicked",
                           G_CALLBACK (on_remove_confirmed), dialog, 0);
  g_signal_connect_object (gtk_builder_get_object (builder, "cancel_button"), "clicked",
                           G_CALLBACK (on_remove_cancelled), dialog, 0);
  gtk_window_set_transient_for (dialog, GTK_WINDOW (self));
  gtk_window_present (dialog);
}

/* ------------------------------------------------------------------ */
/* Projects                                                            */
/* ------------------------------------------------------------------ */

static void
set_facts (GantryWindow  *self,
           GantryProject *project,
           const char    *cgo)
{
  const char * const *mains = gantry_project_get_main_packages (project);
  g_autofree char *facts = g_strdup_printf ("%s  ·  %s  ·  %s%s",
                                            gantry_project_get_module (project),
                                            cgo,
                                            mains[0] == NULL ? "no main package found"
                                            : g_str_equal (mains[0], ".") ? "program in the top folder" : "program in ",
                                            mains[0] == NULL || g_str_equal (mains[0], ".") ? "" : mains[0]);

  gtk_label_set_label (self->facts_label, facts);
}

typedef struct
{
  GantryWindow *self;
  char *path;
} Described;

/* "uses cgo through github.com/x/y (3 C files)", if that project is still shown */
static void
on_cgo_described (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Described *d = user_data;
  g_autoptr(GHashTable) table = gantry_go_graph_describe_finish (result, NULL);
  const char *why = table ? g_hash_table_lookup (table, "") : NULL;
  GantryProject *project = d->self->current ? gantry_project_entry_get_project (d->self->current) : NULL;

  if (why != NULL && project != NULL && g_strcmp0 (gantry_project_get_path (project), d->path) == 0)
    set_facts (d->self, project, why);
  g_object_unref (d->self);
  g_free (d->path);
  g_free (d);
}

static gboolean
open_newest_run (gpointer data)
{
  GantryWindow *self = data;
  gint64 newest = 0;

  self->newest_source = 0;
  /* a build started, or a run was opened from History, meanwhile */
  if (self->current == NULL || self->running || self->verifying || self->past_run_id != 0)
    return G_SOURCE_REMOVE;
  if (gantry_history_find_latest_run (self->store,
                                      gantry_project_get_id (gantry_project_entry_get_project (self->current)),
                                      &newest, NULL) && newest != 0)
    show_past_run (self, newest);
  return G_SOURCE_REMOVE;
}

static void
show_project (GantryWindow       *self,
              GantryProjectEntry *entry)
{
  GantryProject *project;

  if (entry == self->current && entry != NULL)
    return;
  leave_past_run (self);
  g_set_object (&self->current, entry);
  update_actions (self);
  show_banner (self, NULL);

  if (entry == NULL)
    {
      gantry_recipe_view_set_project (self->recipe_view, NULL, NULL);
      gantry_verify_view_set_project (self->verify_view, NULL, NULL);
      gantry_commands_view_set_plan (self->commands_view, NULL);
      reload_history (self);
      gtk_stack_set_visible_child_name (self->detail_stack, "empty");
      return;
    }
  adw_view_switcher_title_set_title (self->switcher_title, gantry_project_get_name (gantry_project_entry_get_project (entry)));

  project = gantry_project_entry_get_project (entry);
  gtk_label_set_label (self->name_label, gantry_project_get_name (project));
  /* the stored belief at once, then what the build graph says (go list,
   * or its cache) from a thread */
  set_facts (self, project, gantry_project_get_uses_cgo (project)
                            ? "uses cgo: every target needs a C compiler"
                            : "pure Go: builds anywhere with cgo off");
  {
    static const char * const platforms[] = { "linux/amd64", "windows/amd64", NULL };
    Described *d = g_new0 (Described, 1);

    d->self = g_object_ref (self);
    d->path = g_strdup (gantry_project_get_path (project));
    gantry_go_graph_describe_async (d->path, gantry_project_get_main_packages (project), NULL, platforms, NULL,
                                    on_cgo_described, d);
  }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), gantry_project_get_path (project));

  /* a finished build of another project is not this one's */
  if (!self->running && !self->verifying)
    {
      g_clear_object (&self->build);
      g_clear_pointer (&self->live_matrix, g_ptr_array_unref);
      gantry_run_view_set_build (self->run_view, NULL);
      gantry_log_view_set_log (self->log_view, NULL);
      set_compare_build (self, NULL);
      gantry_verify_view_clear (self->verify_view);
    }
  reload_history (self);
  update_actions (self);
  gantry_recipe_view_set_project (self->recipe_view, self->store, project);
  gantry_verify_view_set_project (self->verify_view, self->store, project);
  gantry_commands_view_set_plan (self->commands_view, NULL);
  gtk_stack_set_visible_child_name (self->detail_stack, "project");
  update_empty_states (self);
  refresh_preview (self);
  /* the window remembers: the project's newest run, as it ended, after
   * a switch or a restart; read once the window has drawn */
  g_clear_handle_id (&self->newest_source, g_source_remove);
  if (!self->running && !self->verifying)
    self->newest_source = g_idle_add_full (G_PRIORITY_LOW, open_newest_run, self, NULL);
}

static void
on_selection_changed (GantryWindow *self)
{
  show_project (self, gtk_single_selection_get_selected_item (self->selection));
}

gboolean
gantry_window_reload (GantryWindow  *self,
                      GError       **error)
{
  g_autoptr(GListStore) entries = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (GANTRY_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);

  ensure_views (self);
  entries = gantry_project_entries_load (self->store, error);
  if (entries == NULL)
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (entries)); i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (entries), i));
  g_clear_object (&self->current);
  g_list_store_splice (self->projects, 0, g_list_model_get_n_items (G_LIST_MODEL (self->projects)),
                       items->pdata, items->len);
  on_selection_changed (self);
  return TRUE;
}

gboolean
gantry_window_select (GantryWindow *self,
                      const char   *name)
{
  guint n;

  g_return_val_if_fail (GANTRY_IS_WINDOW (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->projects));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GantryProjectEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->projects), i);

      if (g_strcmp0 (gantry_project_get_name (gantry_project_entry_get_project (entry)), name) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return TRUE;
        }
    }

  return FALSE;
}

GListModel *
gantry_window_get_projects (GantryWindow *self)
{
  g_return_val_if_fail (GANTRY_IS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->projects);
}

gboolean
gantry_window_get_busy (GantryWindow *self)
{
  g_return_val_if_fail (GANTRY_IS_WINDOW (self), FALSE);
  return self->running || self->preparing || self->verifying || self->inspecting || self->newest_source != 0 || self->adding > 0 ||
         (self->store != NULL && !self->loaded) ||
         (self->verify_view != NULL && gantry_verify_view_get_busy (self->verify_view)) ||
         (self->toolchains_view != NULL && gantry_toolchains_view_get_busy (self->toolchains_view));
}

void
gantry_window_show_page (GantryWindow *self,
                         const char   *page)
{
  g_return_if_fail (GANTRY_IS_WINDOW (self));
  /* the pages are built, and the store read, right after the first frame */
  if (!self->loaded)
    return;
  if (g_strcmp0 (page, "toolchains") == 0 || g_strcmp0 (page, "projects") == 0 || g_strcmp0 (page, "overview") == 0)
    gtk_stack_set_visible_child_name (self->main_stack, page);
  else
    {
      gtk_stack_set_visible_child_name (self->main_stack, "projects");
      adw_view_stack_set_visible_child_name (self->page_stack, page);
    }
  /* folded (a narrow window), the page slides over the sidebar */
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

/* Alt+1…Alt+7 show the project's pages in their order, Alt+8 the
 * toolchains: the GNOME convention for views, and a keyboard user's way
 * around without the pointer. */
static const char * const page_keys[] = {
  "recipe", "run", "commands", "log", "compare", "verify", "history", "toolchains", "overview",
};

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  gantry_window_show_page (GANTRY_WINDOW (widget), g_variant_get_string (param, NULL));
}

static GStrv
state_classes (gpointer    unused,
               const char *state)
{
  return gantry_run_state_css_classes ("project-state", state);
}

/* The bar of page buttons at the bottom, when the header has no room
 * for them (a narrow window) and there are pages to switch. */
static void
update_switcher (GantryWindow *self)
{
  gboolean pages = g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "projects") == 0 &&
                   g_strcmp0 (gtk_stack_get_visible_child_name (self->detail_stack), "project") == 0;

  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, pages);
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    pages && adw_view_switcher_title_get_title_visible (self->switcher_title));
}

/* A page's title on hover: seven pages in a 360 px window's bottom bar
 * leave "Comman…" of "Commands". */
static void
add_switcher_tooltips (GtkWidget *widget)
{
  if (g_strcmp0 (G_OBJECT_TYPE_NAME (widget), "AdwViewSwitcherButton") == 0)
    {
      g_autofree char *label = NULL;

      g_object_get (widget, "label", &label, NULL);
      gtk_widget_set_tooltip_text (widget, label);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    add_switcher_tooltips (child);
}

static void
on_switcher_title_visible (GantryWindow *self)
{
  update_switcher (self);
}

/* The toolchains page looks for compilers the first time it is shown. */
static void
on_main_page_changed (GantryWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->main_stack);
  gboolean toolchains = g_strcmp0 (page, "toolchains") == 0;
  gboolean overview = g_strcmp0 (page, "overview") == 0;

  /* the pages get the store once it is read (load_store calls this again) */
  if (!self->toolchains_shown && toolchains && self->loaded)
    {
      self->toolchains_shown = TRUE;
      gantry_toolchains_view_set_store (self->toolchains_view, self->store);
    }
  /* the store is read when the page is first shown, then after each release */
  if (!self->overview_shown && overview && self->loaded)
    {
      self->overview_shown = TRUE;
      gantry_overview_view_set_store (self->overview_view, self->store);
    }
  /* Build & Verify and Cancel belong to the projects page */
  gtk_widget_set_visible (GTK_WIDGET (self->build_button),
                          !toolchains && !overview &&
                          g_strcmp0 (gtk_stack_get_visible_child_name (self->detail_stack), "project") == 0);
  /* the sidebar marks where the user is: Toolchains, All Projects, or the selected project */
  if (toolchains)
    gtk_list_box_select_row (self->tools_list, self->toolchains_row);
  else if (overview)
    gtk_list_box_select_row (self->tools_list, self->overview_row);
  else
    gtk_list_box_unselect_all (self->tools_list);
  if (toolchains || overview)
    gtk_widget_add_css_class (GTK_WIDGET (self->project_list), "not-shown");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->project_list), "not-shown");
  if (toolchains)
    adw_view_switcher_title_set_title (self->switcher_title, "Toolchains");
  else if (overview)
    adw_view_switcher_title_set_title (self->switcher_title, "All Projects");
  else if (self->current != NULL)
    adw_view_switcher_title_set_title (self->switcher_title,
                                       gantry_project_get_name (gantry_project_entry_get_project (self->current)));
  else
    adw_view_switcher_title_set_title (self->switcher_title, "Gantry");
  update_switcher (self);
}

static void
on_tools_row_activated (GantryWindow  *self,
                        GtkListBoxRow *row)
{
  /* (nothing before the store is read, or when it cannot be: see show_page) */
  gantry_window_show_page (self, row == self->overview_row ? "overview" : "toolchains");
}

/* A cell of the overview: its project, and the run it names (0: never built). */
static void
on_overview_open_run (GantryWindow *self,
                      const char   *project,
                      gint64        run_id)
{
  if (!gantry_window_select (self, project))
    return;
  if (run_id != 0 && run_id != self->past_run_id && !self->running && !self->verifying)
    show_past_run (self, run_id);
  gantry_window_show_page (self, run_id != 0 ? "run" : "recipe");
}

/* A click on the project list, even on the project already selected,
 * brings its pages back from the Toolchains page (and, folded, over the sidebar). */
static void
on_project_list_pressed (GtkGestureClick *gesture,
                         int              n_press,
                         double           x,
                         double           y,
                         GantryWindow    *self)
{
  gantry_window_show_page (self, "projects");
}

static void
on_project_activated (GantryWindow *self,
                      guint         position)
{
  gantry_window_show_page (self, "projects");
}

static void
on_back_clicked (GantryWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* Folded (a narrow window) the header has room for the back button and
 * the title only if Build & Verify is an icon; its tooltip names it. */
static void
on_folded_changed (GantryWindow *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  gtk_widget_set_visible (self->back_button, folded);
  if (folded)
    gtk_button_set_icon_name (self->build_button, "media-playback-start-symbolic");
  else
    gtk_button_set_label (self->build_button, "Build & Verify");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->build_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "Build & Verify", -1);
}

static void
on_commands_copied (GantryWindow       *self,
                    const char         *what,
                    GantryCommandsView *view)
{
  gantry_window_toast (self, what);
}

GtkWindow *
gantry_window_show_preferences (GantryWindow *self)
{
  g_return_val_if_fail (GANTRY_IS_WINDOW (self), NULL);

  if (self->preferences == NULL)
    {
      self->preferences = GTK_WINDOW (gantry_preferences_window_new (GTK_WINDOW (self)));
      g_object_add_weak_pointer (G_OBJECT (self->preferences), (gpointer *) &self->preferences);
    }
  gtk_window_present (self->preferences);
  return self->preferences;
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  gantry_window_show_preferences (GANTRY_WINDOW (widget));
}

/* Help: the README, which walks through a first release. */
static void
help_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_show_uri_full (GTK_WINDOW (widget), GANTRY_HELP_URI, GDK_CURRENT_TIME, NULL, on_help_shown,
                     g_object_ref (widget));
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
on_banner_close (GantryWindow *self)
{
  show_banner (self, NULL);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

/* The pages, built after the first frame: building all of them at
 * once took as long as the rest of the window's start (bench-startup). */
/* The pages: where each goes, its field, and the window's handler of
 * its one signal, if any. */
static const struct
{
  gsize slot;
  gsize view;
  GType (*get_type) (void);
  const char *signal;
  GCallback handler;
} pages[] = {
#define PAGE(name, type, signal, handler) \
  { G_STRUCT_OFFSET (GantryWindow, name##_slot), G_STRUCT_OFFSET (GantryWindow, name##_view), type, signal, G_CALLBACK (handler) }
  PAGE (recipe, gantry_recipe_view_get_type, "saved", on_recipe_saved),
  PAGE (run, gantry_run_view_get_type, NULL, NULL),
  PAGE (commands, gantry_commands_view_get_type, "copied", on_commands_copied),
  PAGE (log, gantry_log_view_get_type, "failed", on_view_failed),
  PAGE (compare, gantry_compare_view_get_type, NULL, NULL),
  PAGE (verify, gantry_verify_view_get_type, "saved", on_verify_settings_saved),
  PAGE (history, gantry_history_view_get_type, NULL, NULL),
  PAGE (overview, gantry_overview_view_get_type, "open-run", on_overview_open_run),
  PAGE (toolchains, gantry_toolchains_view_get_type, NULL, NULL),
#undef PAGE
};

static void
ensure_views (GantryWindow *self)
{
  if (self->recipe_view != NULL || self->recipe_slot == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *view = g_object_new (pages[i].get_type (), NULL);

      if (pages[i].signal != NULL)
        g_signal_connect_object (view, pages[i].signal, pages[i].handler, self, G_CONNECT_SWAPPED);
      adw_bin_set_child (G_STRUCT_MEMBER (AdwBin *, self, pages[i].slot), view);
      G_STRUCT_MEMBER (GtkWidget *, self, pages[i].view) = view;
    }
  update_actions (self);
}

/* Right after the first frame: the pages, then the store's projects. */
static gboolean
load_store (gpointer data)
{
  GantryWindow *self = data;
  g_autoptr(GError) error = NULL;

  self->load_source = 0;
  ensure_views (self);
  if (!gantry_window_reload (self, &error))
    {
      adw_status_page_set_icon_name (self->empty_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->empty_page, "Gantry cannot read its projects");
      adw_status_page_set_description (self->empty_page, error->message);
      gtk_stack_set_visible_child_name (self->detail_stack, "empty");
      g_warning ("%s", error->message);
    }
  self->loaded = TRUE;
  update_actions (self);
  on_main_page_changed (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_load (GantryWindow *self)
{
  /* (not once the window is gone: dispose cleared its template). The
   * first frame is on screen: before GTK's next frames, which would
   * keep a lower-priority idle waiting (86 ms measured) */
  if (self->store != NULL && self->first_frame_done && !self->loaded && self->load_source == 0 &&
      self->detail_stack != NULL)
    self->load_source = g_idle_add_full (G_PRIORITY_DEFAULT, load_store, self, NULL);
}

static void
on_first_frame (GantryWindow  *self,
                GdkFrameClock *clock)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_frame, self);
  self->first_frame_done = TRUE;
  schedule_load (self);
}

static void
gantry_window_realize (GtkWidget *widget)
{
  GantryWindow *self = GANTRY_WINDOW (widget);

  GTK_WIDGET_CLASS (gantry_window_parent_class)->realize (widget);

  if (!self->first_frame_done)
    g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                             G_CALLBACK (on_first_frame), self, G_CONNECT_SWAPPED);
}

void
gantry_window_set_store (GantryWindow *self,
                         GantryStore  *store)
{
  g_return_if_fail (GANTRY_IS_WINDOW (self));
  g_return_if_fail (GANTRY_IS_STORE (store));
  g_return_if_fail (self->store == NULL || self->store == store);

  if (g_set_object (&self->store, store))
    {
      schedule_load (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
    }
}

void
gantry_window_show_store_error (GantryWindow *self,
                                const GError *error)
{
  g_return_if_fail (GANTRY_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  if (self->empty_page == NULL)
    return;
  adw_status_page_set_icon_name (self->empty_page, "dialog-error-symbolic");
  adw_status_page_set_title (self->empty_page, "Gantry cannot open its store");
  adw_status_page_set_description (self->empty_page, error->message);
  /* the page's Add Project button cannot work without a store */
  adw_status_page_set_child (self->empty_page, NULL);
  gtk_stack_set_visible_child_name (self->detail_stack, "empty");
}

static void
gantry_window_constructed (GObject *object)
{
  G_OBJECT_CLASS (gantry_window_parent_class)->constructed (object);

  /* the size the user left the window at, saved when it goes */
  gantry_window_state_track (GTK_WINDOW (object));
}

static void
gantry_window_dispose (GObject *object)
{
  GantryWindow *self = GANTRY_WINDOW (object);

  g_clear_handle_id (&self->newest_source, g_source_remove);
  g_cancellable_cancel (self->preview_cancellable);
  g_cancellable_cancel (self->run_cancellable);
  if (self->preferences != NULL)
    gtk_window_destroy (self->preferences);
  g_clear_handle_id (&self->load_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), GANTRY_TYPE_WINDOW);
  /* the pages went with their slots */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    G_STRUCT_MEMBER (GtkWidget *, self, pages[i].view) = NULL;

  G_OBJECT_CLASS (gantry_window_parent_class)->dispose (object);
}

static void
gantry_window_finalize (GObject *object)
{
  GantryWindow *self = GANTRY_WINDOW (object);

  g_clear_object (&self->preview_cancellable);
  g_cancellable_cancel (self->compare_cancellable);
  g_clear_object (&self->compare_cancellable);
  g_clear_pointer (&self->nothing_title, g_free);
  g_clear_pointer (&self->nothing_description, g_free);
  g_clear_object (&self->run_cancellable);
  g_clear_object (&self->build);
  g_clear_object (&self->pipeline);
  g_clear_pointer (&self->live_matrix, g_ptr_array_unref);
  g_clear_object (&self->current);
  g_clear_object (&self->reverifying);
  g_clear_pointer (&self->release_queue, g_ptr_array_unref);
  g_clear_object (&self->releasing);
  g_clear_object (&self->saved_toast);
  g_clear_pointer (&self->build_name, g_free);
  g_clear_pointer (&self->past_dist_dir, g_free);
  g_clear_object (&self->selection);
  g_clear_object (&self->projects);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (gantry_window_parent_class)->finalize (object);
}

static void
gantry_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  GantryWindow *self = GANTRY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      if (g_value_get_object (value) != NULL)
        gantry_window_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GantryWindow *self = GANTRY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_window_class_init (GantryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (GANTRY_TYPE_REFLOW_BOX);

  object_class->constructed = gantry_window_constructed;
  object_class->dispose = gantry_window_dispose;
  object_class->finalize = gantry_window_finalize;
  object_class->get_property = gantry_window_get_property;
  object_class->set_property = gantry_window_set_property;
  widget_class->realize = gantry_window_realize;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, GANTRY_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Types the template and the list item templates name. */
  g_type_ensure (GANTRY_TYPE_PROJECT_ENTRY);
  g_type_ensure (GANTRY_TYPE_RECIPE_VIEW);
  g_type_ensure (GANTRY_TYPE_RUN_VIEW);
  g_type_ensure (GANTRY_TYPE_COMMANDS_VIEW);
  g_type_ensure (GANTRY_TYPE_LOG_VIEW);
  g_type_ensure (GANTRY_TYPE_COMPARE_VIEW);
  g_type_ensure (GANTRY_TYPE_TOOLCHAINS_VIEW);
  g_type_ensure (GANTRY_TYPE_VERIFY_VIEW);
  g_type_ensure (GANTRY_TYPE_HISTORY_VIEW);
  g_type_ensure (GANTRY_TYPE_OVERVIEW_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, GANTRY_RESOURCE_BASE "/ui/gantry-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, tools_list);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, toolchains_row);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, overview_row);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, results_stack);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, compare_stack);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, not_built_page);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, nothing_to_compare_page);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, show_latest_button);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, project_list);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, name_label);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, facts_label);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, page_stack);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, build_button);
  gtk_widget_class_bind_template_callback (widget_class, on_main_page_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_banner_close);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, past_revealer);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, recipe_slot);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, run_slot);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, commands_slot);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, log_slot);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, compare_slot);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, verify_slot);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, history_slot);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, overview_slot);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, toolchains_slot);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, past_label);
  gtk_widget_class_bind_template_callback (widget_class, on_show_latest);
  gtk_widget_class_bind_template_callback (widget_class, state_classes);
  gtk_widget_class_bind_template_callback (widget_class, on_switcher_title_visible);
  gtk_widget_class_bind_template_callback (widget_class, on_tools_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_folded_changed);

  gtk_widget_class_install_action (widget_class, "project.build", NULL, build_action);
  gtk_widget_class_install_action (widget_class, "project.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "project.show-toolchains", "s", show_toolchains_action);
  gtk_widget_class_install_action (widget_class, "project.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "project.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "project.open-dist", NULL, open_dist_action);
  gtk_widget_class_install_action (widget_class, "project.open-run", "x", open_run_action);
  gtk_widget_class_install_action (widget_class, "project.verify-again", NULL, verify_again_action);
  gtk_widget_class_install_action (widget_class, "win.inspect-file", NULL, inspect_file_action);
  gtk_widget_class_install_action (widget_class, "win.release-all", NULL, release_all_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "project.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK, "project.build", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "project.cancel", NULL);

  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK, "win.preferences", NULL);
  gtk_widget_class_install_action (widget_class, "win.help", NULL, help_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F1, 0, "win.help", NULL);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  for (guint i = 0; i < G_N_ELEMENTS (page_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-page", "s", page_keys[i]);
}

static void
gantry_window_init (GantryWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->nothing_title = g_strdup (adw_status_page_get_title (self->nothing_to_compare_page));
  self->nothing_description = g_strdup (adw_status_page_get_description (self->nothing_to_compare_page));
  gantry_layout_report_attach (GTK_WINDOW (self), self->main_stack, self->page_stack,
                               GTK_WIDGET (self->project_list),
                               "toolchains", GTK_WIDGET (self->toolchains_row),
                               "build", GTK_WIDGET (self->build_button),
                               NULL);

  self->projects = g_list_store_new (GANTRY_TYPE_PROJECT_ENTRY);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->projects)));
  gtk_list_view_set_model (self->project_list, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project_list, "activate", G_CALLBACK (on_project_activated), self, G_CONNECT_SWAPPED);
  {
    GtkGesture *click = gtk_gesture_click_new ();

    /* before the row's own gesture, which claims the click */
    gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
    g_signal_connect_object (click, "pressed", G_CALLBACK (on_project_list_pressed), self, 0);
    gtk_widget_add_controller (GTK_WIDGET (self->project_list), GTK_EVENT_CONTROLLER (click));
  }
  on_folded_changed (self);
  on_main_page_changed (self);
  add_switcher_tooltips (GTK_WIDGET (self->switcher_bar));

  /* a project folder dropped anywhere on the window is added */
  {
    GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

    g_signal_connect_object (drop, "drop", G_CALLBACK (on_drop), self, 0);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  }
  update_actions (self);
}

GantryWindow *
gantry_window_new (GtkApplication *application,
                   GantryStore    *store)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (store == NULL || GANTRY_IS_STORE (store), NULL);

  return g_object_new (GANTRY_TYPE_WINDOW,
                       "application", application,
                       "store", store,
                       NULL);
}

/* gantry-run-view.c — a build's targets: state, step and elapsed time while it runs, the artifacts and where they ran after */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-run-view"

#include "config.h"

#include <string.h>

#include "gantry-run-view.h"
#include "gantry-widget-util.h"
#include "gantry-run-model.h"

struct _GantryRunView
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkColumnView *target_view;
  GtkColumnViewColumn *step_column;
  GtkLabel *summary_label;

  /* owned references */
  GantryBuild *build;
  GListStore *rows;             /* the live build's */
  GListModel *past_rows;        /* a recorded run's, while one is shown */

  /* state */
  guint tick_source;
  gint64 started_us;
  char *live_summary;
  char *built_summary;          /* the live summary before verification began */
  gboolean live_problem;
  gboolean busy;                /* the live build runs, or is being verified */
};

G_DEFINE_FINAL_TYPE (GantryRunView, gantry_run_view, GTK_TYPE_WIDGET)

/* The Step column says what each target is doing: shown while there is
 * something to say, that is while the live build runs or is verified. */
static void
update_columns (GantryRunView *self)
{
  gtk_column_view_column_set_visible (self->step_column, self->busy && self->past_rows == NULL);
}

/* GantryRunRow items, of the live build or of a recorded run. */
static void
show_model (GantryRunView *self,
            GListModel    *model)
{
  g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (model));

  gtk_column_view_set_model (self->target_view, GTK_SELECTION_MODEL (selection));
}

static void
set_rows (GantryRunView *self,
          GListStore    *rows)
{
  g_set_object (&self->rows, rows);
  if (self->past_rows == NULL)
    show_model (self, G_LIST_MODEL (rows));
}

static void
show_summary (GantryRunView *self,
              const char    *text,
              gboolean       problem)
{
  gantry_label_set_status (self->summary_label, text, problem);
}

/* The live build's summary, kept while a recorded run is shown. */
static void
set_summary (GantryRunView *self,
             const char    *text,
             gboolean       problem)
{
  g_free (self->live_summary);
  self->live_summary = g_strdup (text);
  self->live_problem = problem;
  if (self->past_rows == NULL)
    show_summary (self, text, problem);
}

/* Shows a recorded run's rows in place of the live build's, which go on
 * being kept up to date behind them. */
void
gantry_run_view_show_past (GantryRunView *self,
                           GListModel    *rows,
                           const char    *summary)
{
  g_return_if_fail (GANTRY_IS_RUN_VIEW (self));
  g_return_if_fail (G_IS_LIST_MODEL (rows));

  g_set_object (&self->past_rows, rows);
  show_model (self, rows);
  show_summary (self, summary ? summary : "", FALSE);
  update_columns (self);
}

void
gantry_run_view_show_live (GantryRunView *self)
{
  g_return_if_fail (GANTRY_IS_RUN_VIEW (self));

  if (self->past_rows == NULL)
    return;
  g_clear_object (&self->past_rows);
  show_model (self, G_LIST_MODEL (self->rows));
  show_summary (self, self->live_summary ? self->live_summary : "", self->live_problem);
  update_columns (self);
}

gboolean
gantry_run_view_get_showing_past (GantryRunView *self)
{
  g_return_val_if_fail (GANTRY_IS_RUN_VIEW (self), FALSE);
  return self->past_rows != NULL;
}

void
gantry_run_view_set_build (GantryRunView *self,
                           GantryBuild   *build)
{
  g_autoptr(GListStore) rows = NULL;

  g_return_if_fail (GANTRY_IS_RUN_VIEW (self));

  g_clear_handle_id (&self->tick_source, g_source_remove);
  g_set_object (&self->build, build);
  self->busy = FALSE;
  g_clear_pointer (&self->built_summary, g_free);
  update_columns (self);
  if (build == NULL)
    {
      rows = g_list_store_new (GANTRY_TYPE_RUN_ROW);
      set_summary (self, "No build yet: press Build & Verify (Ctrl+B).", FALSE);
    }
  else
    {
      rows = gantry_run_rows_new (gantry_build_get_plan (build));
      set_summary (self, "Ready to build.", FALSE);
    }
  set_rows (self, rows);
}

static gboolean
tick (gpointer data)
{
  GantryRunView *self = data;
  GantryRunner *runner = self->build ? gantry_build_get_runner (self->build) : NULL;
  g_autofree char *elapsed = NULL;
  g_autofree char *text = NULL;

  if (runner == NULL)
    return G_SOURCE_CONTINUE;
  gantry_run_rows_update_build (G_LIST_MODEL (self->rows), self->build);
  elapsed = gantry_format_duration (g_get_monotonic_time () - self->started_us);
  text = g_strdup_printf ("Building %u target%s… %s", g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                          g_list_model_get_n_items (G_LIST_MODEL (self->rows)) == 1 ? "" : "s", elapsed);
  set_summary (self, text, FALSE);
  return G_SOURCE_CONTINUE;
}

static void
on_step_changed (GantryRunView *self)
{
  tick (self);
}

/* Call right after gantry_build_run_async: the runner exists now. */
void
gantry_run_view_started (GantryRunView *self)
{
  GantryRunner *runner;

  g_return_if_fail (GANTRY_IS_RUN_VIEW (self));
  g_return_if_fail (self->build != NULL);

  runner = gantry_build_get_runner (self->build);
  self->started_us = g_get_monotonic_time ();
  self->busy = TRUE;
  update_columns (self);
  if (runner != NULL)
    g_signal_connect_object (runner, "step-changed", G_CALLBACK (on_step_changed), self, G_CONNECT_SWAPPED);
  g_clear_handle_id (&self->tick_source, g_source_remove);
  self->tick_source = g_timeout_add (250, tick, self);
  tick (self);
}

void
gantry_run_view_finished (GantryRunView *self,
                          const GError  *error)
{
  g_autofree char *elapsed = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (GANTRY_IS_RUN_VIEW (self));

  g_clear_handle_id (&self->tick_source, g_source_remove);
  self->busy = FALSE;
  update_columns (self);
  if (self->build == NULL)
    return;
  gantry_run_rows_update_build (G_LIST_MODEL (self->rows), self->build);
  gantry_run_rows_set_results (G_LIST_MODEL (self->rows), self->build);

  elapsed = gantry_format_duration (g_get_monotonic_time () - self->started_us);
  /* not a verdict yet: the checks come next (gantry_run_view_concluded) */
  if (error == NULL)
    text = g_strdup_printf ("Built in %s", elapsed);
  else if (g_error_matches (error, GANTRY_BUILD_ERROR, GANTRY_BUILD_ERROR_TARGETS_FAILED))
    text = g_strdup_printf ("Built what could be built in %s; %s", elapsed, error->message);
  else
    text = g_strdup_printf ("Stopped after %s: %s", elapsed, error->message);
  set_summary (self, text, error != NULL);
}

/* The release's verdict, in the pipeline's words: the headline. */
void
gantry_run_view_concluded (GantryRunView          *self,
                           const GantryRunOutcome *outcome)
{
  g_autofree char *elapsed = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (GANTRY_IS_RUN_VIEW (self));

  g_clear_pointer (&self->built_summary, g_free);
  if (outcome == NULL)
    return;
  elapsed = gantry_format_duration (g_get_monotonic_time () - self->started_us);
  if (outcome->outcome == GANTRY_OUTCOME_RELEASED && self->build != NULL)
    text = g_strdup_printf ("Released in %s: %s%s%s", elapsed, gantry_build_get_dist_dir (self->build),
                            outcome->not_run ? "\nNot run anywhere here, only inspected: " : "",
                            outcome->not_run ? outcome->not_run : "");
  else
    text = g_strdup_printf ("%s (%s)", outcome->summary, elapsed);
  set_summary (self, text, !gantry_outcome_is_good (outcome->outcome));
}

/* Call when the live build's verification starts: its rows say so. */
void
gantry_run_view_verifying (GantryRunView *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail (GANTRY_IS_RUN_VIEW (self));

  self->busy = TRUE;
  update_columns (self);
  gantry_run_rows_set_verifying (G_LIST_MODEL (self->rows));
  /* the release is ready; say that its binaries are being run */
  g_free (self->built_summary);
  self->built_summary = g_strdup (self->live_summary);
  text = g_strdup_printf ("%s · verifying…", self->live_summary ? self->live_summary : "");
  set_summary (self, text, self->live_problem);
}

/* The live build's verdicts (GantryVerdict*), or why there are none. */
void
gantry_run_view_verified (GantryRunView *self,
                          GPtrArray     *matrix,
                          const GError  *error)
{
  g_return_if_fail (GANTRY_IS_RUN_VIEW (self));

  self->busy = FALSE;
  update_columns (self);
  if (self->built_summary != NULL)
    {
      g_autofree char *built = g_steal_pointer (&self->built_summary);

      set_summary (self, built, self->live_problem);
    }
  if (error != NULL)
    gantry_run_rows_set_verify_error (G_LIST_MODEL (self->rows), error);
  else
    gantry_run_rows_set_verdicts (G_LIST_MODEL (self->rows), matrix);
}

/* The rows shown: a recorded run's while one is, else the live build's. */
GListModel *
gantry_run_view_get_rows (GantryRunView *self)
{
  g_return_val_if_fail (GANTRY_IS_RUN_VIEW (self), NULL);
  return self->past_rows ? self->past_rows : G_LIST_MODEL (self->rows);
}

const char *
gantry_run_view_get_summary (GantryRunView *self)
{
  g_return_val_if_fail (GANTRY_IS_RUN_VIEW (self), NULL);
  return gtk_label_get_label (self->summary_label);
}

static GStrv
state_classes (gpointer    unused,
               const char *state)
{
  const char *classes[] = { "run-state", NULL, NULL };

  if (g_strcmp0 (state, "Built") == 0)
    classes[1] = "ok";
  else if (g_strcmp0 (state, "Failed") == 0 || g_strcmp0 (state, "Cannot build") == 0 ||
           g_strcmp0 (state, "Check failed") == 0)
    classes[1] = "problem";
  else if (g_strcmp0 (state, "Building…") == 0)
    classes[1] = "running";
  else
    classes[1] = "dim-label";
  return g_strdupv ((char **) classes);
}

/* The Runs on cell: one label per mark, each with its diagnosis as its
 * tooltip, redrawn when the row's marks change. */
static void
fill_marks (GtkWidget    *box,
            GantryRunRow *row)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), child);
  if (row == NULL)
    return;
  for (guint i = 0; i < gantry_run_row_get_n_marks (row); i++)
    {
      const GantryRunMark *mark = gantry_run_row_get_mark (row, i);
      GtkWidget *label = gtk_label_new (mark->label);
      const char *style = g_str_equal (mark->state, "pass") ? "ok"
                          : g_str_equal (mark->state, "fail") ? "problem"
                          : g_str_equal (mark->state, "verifying") ? "running" : "dim-label";

      gtk_widget_add_css_class (label, "runs-on-mark");
      gtk_widget_add_css_class (label, style);
      gtk_widget_set_tooltip_text (label, mark->tooltip);
      gtk_box_append (GTK_BOX (box), label);
    }
}

static void
on_marks_changed (GantryRunRow *row,
                  GParamSpec   *pspec,
                  GtkListItem  *item)
{
  fill_marks (gtk_list_item_get_child (item), row);
}

static void
runs_on_setup (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  gtk_list_item_set_child (item, gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6));
}

static void
runs_on_bind (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GantryRunRow *row = gtk_list_item_get_item (item);

  fill_marks (gtk_list_item_get_child (item), row);
  g_signal_connect_object (row, "notify::runs-on", G_CALLBACK (on_marks_changed), item, 0);
  g_signal_connect_object (row, "notify::runs-on-tooltip", G_CALLBACK (on_marks_changed), item, 0);
}

static void
runs_on_unbind (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GantryRunRow *row = gtk_list_item_get_item (item);

  if (row != NULL)
    g_signal_handlers_disconnect_by_func (row, on_marks_changed, item);
  fill_marks (gtk_list_item_get_child (item), NULL);
}

static char *
short_sha (gpointer    unused,
           const char *sha)
{
  g_autofree char *head = NULL;

  if (sha == NULL)
    return g_strdup ("");
  /* enough to tell two apart at a glance; the tooltip has it whole */
  head = g_strndup (sha, 8);
  return strlen (sha) > 8 ? g_strconcat (head, "…", NULL) : g_steal_pointer (&head);
}

/* "glibc 2.34" under the glibc header: the number. */
static char *
glibc_version (gpointer    unused,
               const char *glibc)
{
  if (glibc != NULL && g_str_has_prefix (glibc, "glibc "))
    return g_strdup (glibc + strlen ("glibc "));
  return g_strdup (glibc);
}

static char *
first_line (gpointer    unused,
            const char *text)
{
  return gantry_first_line (text);
}

static void
gantry_run_view_dispose (GObject *object)
{
  GantryRunView *self = GANTRY_RUN_VIEW (object);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  gantry_widget_dispose_template (GTK_WIDGET (self), GANTRY_TYPE_RUN_VIEW);

  G_OBJECT_CLASS (gantry_run_view_parent_class)->dispose (object);
}

static void
gantry_run_view_finalize (GObject *object)
{
  GantryRunView *self = GANTRY_RUN_VIEW (object);

  g_clear_object (&self->build);
  g_clear_object (&self->rows);
  g_clear_object (&self->past_rows);
  g_free (self->live_summary);
  g_free (self->built_summary);

  G_OBJECT_CLASS (gantry_run_view_parent_class)->finalize (object);
}

static void
gantry_run_view_class_init (GantryRunViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gantry_run_view_dispose;
  object_class->finalize = gantry_run_view_finalize;

  g_type_ensure (GANTRY_TYPE_RUN_ROW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, GANTRY_RESOURCE_BASE "/ui/gantry-run-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GantryRunView, target_view);
  gtk_widget_class_bind_template_child (widget_class, GantryRunView, step_column);
  gtk_widget_class_bind_template_child (widget_class, GantryRunView, summary_label);
  gtk_widget_class_bind_template_callback (widget_class, state_classes);
  gtk_widget_class_bind_template_callback (widget_class, short_sha);
  gtk_widget_class_bind_template_callback (widget_class, first_line);
  gtk_widget_class_bind_template_callback (widget_class, glibc_version);
  gtk_widget_class_bind_template_callback (widget_class, runs_on_setup);
  gtk_widget_class_bind_template_callback (widget_class, runs_on_bind);
  gtk_widget_class_bind_template_callback (widget_class, runs_on_unbind);
}

static void
gantry_run_view_init (GantryRunView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gantry_run_view_set_build (self, NULL);
}

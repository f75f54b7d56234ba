/* gantry-history-view.c — a project's past runs: when, how long, how it ended */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-history-view"

#include "config.h"

#include "gantry-history-view.h"
#include "gantry-pipeline.h"
#include "gantry-widget-util.h"
#include "gantry-verdict-model.h"

struct _GantryHistoryView
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkColumnView *run_view;
  GtkLabel *summary_label;

  /* owned references */
  GantryStore *store;
  GListStore *rows;

  /* state */
  gint64 project_id;
};

G_DEFINE_FINAL_TYPE (GantryHistoryView, gantry_history_view, GTK_TYPE_WIDGET)

static void
set_rows (GantryHistoryView *self,
          GListStore        *rows)
{
  g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (rows)));

  g_set_object (&self->rows, rows);
  gtk_column_view_set_model (self->run_view, GTK_SELECTION_MODEL (selection));
}

void
gantry_history_view_reload (GantryHistoryView *self)
{
  g_autoptr(GListStore) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n;

  g_return_if_fail (GANTRY_IS_HISTORY_VIEW (self));

  if (self->store == NULL || self->project_id == 0)
    {
      rows = g_list_store_new (GANTRY_TYPE_HISTORY_ROW);
      set_rows (self, rows);
      gtk_label_set_label (self->summary_label, "");
      return;
    }
  rows = gantry_history_rows_load (self->store, self->project_id, &error);
  if (rows == NULL)
    {
      g_autoptr(GListStore) empty = g_list_store_new (GANTRY_TYPE_HISTORY_ROW);

      set_rows (self, empty);
      text = g_strdup_printf ("The run history could not be read: %s", error->message);
      gtk_label_set_label (self->summary_label, text);
      return;
    }
  set_rows (self, rows);
  n = g_list_model_get_n_items (G_LIST_MODEL (rows));
  if (n == 0)
    text = g_strdup ("No runs yet: Build & Verify (Ctrl+B) records each one here.");
  else
    text = g_strdup_printf ("%u run%s, newest first: Open (or double-click) one to see its results and log",
                            n, n == 1 ? "" : "s");
  gtk_label_set_label (self->summary_label, text);
}

void
gantry_history_view_set_project (GantryHistoryView *self,
                                 GantryStore       *store,
                                 gint64             project_id)
{
  g_return_if_fail (GANTRY_IS_HISTORY_VIEW (self));

  g_set_object (&self->store, store);
  self->project_id = project_id;
  gantry_history_view_reload (self);
}

GListModel *
gantry_history_view_get_rows (GantryHistoryView *self)
{
  g_return_val_if_fail (GANTRY_IS_HISTORY_VIEW (self), NULL);
  return G_LIST_MODEL (self->rows);
}

/* the pipeline's verdict in words: "Released with problems" */
static char *
state_text (gpointer    unused,
            const char *state)
{
  if (g_strcmp0 (state, "running") == 0)
    return g_strdup ("Running");
  return g_strdup (gantry_outcome_to_label (gantry_outcome_from_state (state)));
}

static GStrv
state_classes (gpointer    unused,
               const char *state)
{
  return gantry_run_state_css_classes ("run-state", state);
}

/* A target that did not build, or failed a check, marks the run's Targets cell. */
static GStrv
targets_classes (gpointer unused,
                 gboolean problem)
{
  const char *with[] = { "problem", NULL };
  const char *without[] = { NULL };

  return g_strdupv ((char **) (problem ? with : without));
}

/* The whole list when the column is too narrow for it: ✓ built and
 * every check passed, ✗ not built or a check failed. */
static char *
targets_tooltip (gpointer    unused,
                 const char *targets)
{
  return g_strdup_printf ("%s\n\n✓ built, and no check failed · ✗ did not build, or a check failed", targets ? targets : "");
}

/* Opens the run in the Results, Log and Checks pages: the window's
 * "project.open-run" does it, and disables it while a build runs. */
static void
open_run (GantryHistoryView *self,
          gint64             run_id)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "project.open-run", "x", run_id);
}

static void
on_row_activated (GantryHistoryView *self,
                  guint              position)
{
  g_autoptr(GantryHistoryRow) row = NULL;

  if (self->rows == NULL || position >= g_list_model_get_n_items (G_LIST_MODEL (self->rows)))
    return;
  row = g_list_model_get_item (G_LIST_MODEL (self->rows), position);
  open_run (self, gantry_history_row_get_id (row));
}

/* The Open button of each row: its target is the row's run id, which a
 * builder template cannot bind (action-target is a GVariant). */
static void
open_setup (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *button = gtk_button_new_with_label ("Open");

  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_widget_set_tooltip_text (button, "Show this run's results, log and checks");
  gtk_list_item_set_child (item, button);
}

static void
open_bind (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GantryHistoryRow *row = gtk_list_item_get_item (item);
  GtkWidget *button = gtk_list_item_get_child (item);
  g_autofree char *label = g_strdup_printf ("Open run #%" G_GINT64_FORMAT, gantry_history_row_get_id (row));

  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", gantry_history_row_get_id (row));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "project.open-run");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
add_open_column (GantryHistoryView *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (open_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (open_bind), NULL);
  column = gtk_column_view_column_new (NULL, factory);
  gtk_column_view_append_column (self->run_view, column);
}

static char *
run_number (gpointer unused,
            gint64   id)
{
  return g_strdup_printf ("#%" G_GINT64_FORMAT, id);
}

static void
gantry_history_view_dispose (GObject *object)
{
  GantryHistoryView *self = GANTRY_HISTORY_VIEW (object);

  gantry_widget_dispose_template (GTK_WIDGET (self), GANTRY_TYPE_HISTORY_VIEW);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (gantry_history_view_parent_class)->dispose (object);
}

static void
gantry_history_view_finalize (GObject *object)
{
  GantryHistoryView *self = GANTRY_HISTORY_VIEW (object);

  g_clear_object (&self->rows);

  G_OBJECT_CLASS (gantry_history_view_parent_class)->finalize (object);
}

static void
gantry_history_view_class_init (GantryHistoryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gantry_history_view_dispose;
  object_class->finalize = gantry_history_view_finalize;

  g_type_ensure (GANTRY_TYPE_HISTORY_ROW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, GANTRY_RESOURCE_BASE "/ui/gantry-history-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GantryHistoryView, run_view);
  gtk_widget_class_bind_template_child (widget_class, GantryHistoryView, summary_label);
  gtk_widget_class_bind_template_callback (widget_class, state_classes);
  gtk_widget_class_bind_template_callback (widget_class, state_text);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, run_number);
  gtk_widget_class_bind_template_callback (widget_class, targets_classes);
  gtk_widget_class_bind_template_callback (widget_class, targets_tooltip);
}

static void
gantry_history_view_init (GantryHistoryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_open_column (self);
  gantry_history_view_reload (self);
}

/* gantry-overview-view.c — All projects: every project's targets as a grid, each with its last verdict and age */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-overview-view"

#include "config.h"

#include <adwaita.h>

#include "gantry-status.h"
#include "gantry-widget-util.h"
#include "gantry-overview-view.h"

struct _GantryOverviewView
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkStack *stack;
  GtkLabel *progress_label;
  GtkLabel *problem_label;
  GtkSpinner *spinner;
  GtkWidget *release_button;
  GtkWidget *cancel_button;
  GtkBox *projects_box;

  /* owned references */
  GantryStore *store;
  GCancellable *cancellable;   /* the read going, if any */
  GtkStringList *cells;        /* "project|target|label|age|run_id", as shown */
  GPtrArray *ages;             /* AgeLabel*: the shown ages, refreshed as time passes */

  /* state */
  gboolean loading;
  gboolean shown;              /* a read has ended since the store was set */
  guint age_timeout;
};

enum {
  OPEN_RUN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (GantryOverviewView, gantry_overview_view, GTK_TYPE_WIDGET)

typedef struct
{
  GtkLabel *label;
  gint64 when;
} AgeLabel;

static void
age_label_free (AgeLabel *age)
{
  g_clear_object (&age->label);
  g_free (age);
}

/* What a click on a cell opens. */
typedef struct
{
  char *project;
  gint64 run_id;
} CellTarget;

static void
cell_target_free (CellTarget *target)
{
  g_free (target->project);
  g_free (target);
}

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

/* The colour of a verdict: green only for what may be called a
 * success, so a failed check is never shown as released. */
static const char *
outcome_css_class (const GantryStatusCell *cell)
{
  if (cell->never)
    return "dim-label";
  if (gantry_outcome_is_good (cell->outcome))
    return "success";
  switch (cell->outcome)
    {
    case GANTRY_OUTCOME_RUNNING: return "accent";
    case GANTRY_OUTCOME_PROBLEMS: return "warning";
    case GANTRY_OUTCOME_NOT_RELEASED: return "error";
    case GANTRY_OUTCOME_CANCELLED:
    default: return "dim-label";
    }
}

static GtkWidget *
make_label (const char *text,
            const char *class1,
            const char *class2)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_width_chars (GTK_LABEL (label), 18);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 26);
  if (class1 != NULL)
    gtk_widget_add_css_class (label, class1);
  if (class2 != NULL)
    gtk_widget_add_css_class (label, class2);
  return label;
}

static void
on_cell_clicked (GtkButton          *button,
                 GantryOverviewView *self)
{
  CellTarget *target = g_object_get_data (G_OBJECT (button), "gantry-cell-target");

  g_assert (target != NULL);
  g_signal_emit (self, signals[OPEN_RUN], 0, target->project, target->run_id);
}

static GtkWidget *
make_open_button (GantryOverviewView *self,
                  const char         *project,
                  gint64              run_id)
{
  GtkWidget *button = gtk_button_new ();
  CellTarget *target = g_new0 (CellTarget, 1);

  target->project = g_strdup (project);
  target->run_id = run_id;
  g_object_set_data_full (G_OBJECT (button), "gantry-cell-target", target, (GDestroyNotify) cell_target_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_cell_clicked), self);
  return button;
}

static GtkWidget *
make_cell (GantryOverviewView     *self,
           const char             *project,
           const GantryStatusCell *cell)
{
  const char *label = gantry_status_cell_label (cell);
  g_autofree char *age = cell->never ? g_strdup ("") : gantry_status_format_age (cell->when, now_ms ());
  g_autofree char *a11y = NULL;
  g_autofree char *line = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *age_label = make_label (age, "dim-label", "caption");
  GtkWidget *button;

  gtk_box_append (GTK_BOX (box), make_label (cell->target, "monospace", "caption"));
  gtk_box_append (GTK_BOX (box), make_label (label, "overview-verdict", outcome_css_class (cell)));
  gtk_box_append (GTK_BOX (box), age_label);
  if (!cell->never)
    {
      AgeLabel *shown = g_new0 (AgeLabel, 1);

      shown->label = g_object_ref (GTK_LABEL (age_label));
      shown->when = cell->when;
      g_ptr_array_add (self->ages, shown);
    }

  button = make_open_button (self, project, cell->never ? 0 : cell->run_id);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "card");
  gtk_widget_add_css_class (button, "overview-cell");
  gtk_widget_set_tooltip_text (button, cell->why != NULL ? cell->why : label);
  a11y = cell->never ? g_strdup_printf ("%s: %s", cell->target, label)
                     : g_strdup_printf ("%s: %s, %s", cell->target, label, age);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);

  line = g_strdup_printf ("%s|%s|%s|%s|%" G_GINT64_FORMAT, project, cell->target, label, age,
                          cell->never ? (gint64) 0 : cell->run_id);
  gtk_string_list_append (self->cells, line);
  return button;
}

static GtkWidget *
make_project (GantryOverviewView        *self,
              const GantryProjectStatus *status)
{
  const char *name = gantry_project_get_name (status->project);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *title = gtk_label_new (name);
  GtkWidget *flow;

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_set_tooltip_text (title, gantry_project_get_path (status->project));
  gtk_box_append (GTK_BOX (box), title);

  if (status->cells->len == 0)
    {
      GtkWidget *note = gtk_label_new ("No targets yet: open the project to choose them.");
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *open = make_open_button (self, name, 0);

      gtk_label_set_xalign (GTK_LABEL (note), 0);
      gtk_label_set_wrap (GTK_LABEL (note), TRUE);
      gtk_widget_set_hexpand (note, TRUE);
      gtk_widget_add_css_class (note, "dim-label");
      gtk_button_set_label (GTK_BUTTON (open), "Open");
      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (open, "Show the project, to choose its targets");
      gtk_box_append (GTK_BOX (row), note);
      gtk_box_append (GTK_BOX (row), open);
      gtk_box_append (GTK_BOX (box), row);
      return box;
    }

  if (!status->has_recipe)
    {
      GtkWidget *note = gtk_label_new ("No targets chosen yet: these are the ones its last run had.");

      gtk_label_set_xalign (GTK_LABEL (note), 0);
      gtk_label_set_wrap (GTK_LABEL (note), TRUE);
      gtk_widget_add_css_class (note, "dim-label");
      gtk_widget_add_css_class (note, "caption");
      gtk_box_append (GTK_BOX (box), note);
    }

  flow = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), 1);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 8);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 8);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (flow), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  for (guint i = 0; i < status->cells->len; i++)
    {
      GtkWidget *cell = make_cell (self, name, g_ptr_array_index (status->cells, i));
      GtkWidget *child = gtk_flow_box_child_new ();

      /* the button inside takes the focus: one stop a cell, not two */
      gtk_widget_set_focusable (child, FALSE);
      gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), cell);
      gtk_flow_box_append (GTK_FLOW_BOX (flow), child);
    }
  gtk_box_append (GTK_BOX (box), flow);
  return box;
}

static void
clear_grid (GantryOverviewView *self)
{
  GtkWidget *child;

  g_ptr_array_set_size (self->ages, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->projects_box))) != NULL)
    gtk_box_remove (self->projects_box, child);
  gtk_string_list_splice (self->cells, 0, g_list_model_get_n_items (G_LIST_MODEL (self->cells)), NULL);
}

static void
show_problem (GantryOverviewView *self,
              const char         *message)
{
  if (message != NULL)
    gtk_label_set_label (self->problem_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), message != NULL);
}

static void
show_statuses (GantryOverviewView *self,
               GPtrArray          *all)
{
  clear_grid (self);
  for (guint i = 0; i < all->len; i++)
    gtk_box_append (self->projects_box, make_project (self, g_ptr_array_index (all, i)));
  gtk_stack_set_visible_child_name (self->stack, all->len == 0 ? "empty" : "grid");
}

static void
set_loading (GantryOverviewView *self,
             gboolean            loading)
{
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);
}

static void
read_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *all = gantry_status_read (task_data, &error);

  if (all == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, all, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GantryOverviewView *self = GANTRY_OVERVIEW_VIEW (source);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;

  all = g_task_propagate_pointer (G_TASK (result), &error);
  /* a newer read (or none: the store went, the view is going) took its place */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  set_loading (self, FALSE);
  self->shown = TRUE;
  if (all == NULL)
    {
      g_autofree char *message = g_strdup_printf ("Could not read the projects' runs: %s", error->message);

      g_warning ("%s", message);
      clear_grid (self);
      gtk_stack_set_visible_child_name (self->stack, "grid");
      show_problem (self, message);
      return;
    }
  show_problem (self, NULL);
  show_statuses (self, all);
}

void
gantry_overview_view_reload (GantryOverviewView *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GANTRY_IS_OVERVIEW_VIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store == NULL)
    {
      set_loading (self, FALSE);
      clear_grid (self);
      show_problem (self, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  /* until the first read ends, the title and the spinner, not "No projects yet" */
  if (!self->shown)
    gtk_stack_set_visible_child_name (self->stack, "grid");
  task = g_task_new (self, self->cancellable, on_read, NULL);
  g_task_set_source_tag (task, gantry_overview_view_reload);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, read_worker);
}

void
gantry_overview_view_set_store (GantryOverviewView *self,
                                GantryStore        *store)
{
  g_return_if_fail (GANTRY_IS_OVERVIEW_VIEW (self));
  g_return_if_fail (store == NULL || GANTRY_IS_STORE (store));

  if (g_set_object (&self->store, store))
    {
      self->shown = FALSE;
      clear_grid (self);
    }
  gantry_overview_view_reload (self);
}

void
gantry_overview_view_set_progress (GantryOverviewView *self,
                                   const char         *text)
{
  g_return_if_fail (GANTRY_IS_OVERVIEW_VIEW (self));

  gtk_label_set_label (self->progress_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->progress_label), text != NULL);
  gtk_widget_set_visible (self->release_button, text == NULL);
  gtk_widget_set_visible (self->cancel_button, text != NULL);
}

gboolean
gantry_overview_view_get_loading (GantryOverviewView *self)
{
  g_return_val_if_fail (GANTRY_IS_OVERVIEW_VIEW (self), FALSE);
  return self->loading;
}

GListModel *
gantry_overview_view_get_cells (GantryOverviewView *self)
{
  g_return_val_if_fail (GANTRY_IS_OVERVIEW_VIEW (self), NULL);
  return G_LIST_MODEL (self->cells);
}

/* "just now" becomes "3 min ago" while the page stays open. */
static gboolean
refresh_ages (gpointer user_data)
{
  GantryOverviewView *self = user_data;
  gint64 now = now_ms ();

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return G_SOURCE_CONTINUE;
  for (guint i = 0; i < self->ages->len; i++)
    {
      AgeLabel *age = g_ptr_array_index (self->ages, i);
      g_autofree char *text = gantry_status_format_age (age->when, now);

      if (g_strcmp0 (gtk_label_get_label (age->label), text) != 0)
        gtk_label_set_label (age->label, text);
    }
  return G_SOURCE_CONTINUE;
}

static void
gantry_overview_view_dispose (GObject *object)
{
  GantryOverviewView *self = GANTRY_OVERVIEW_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->age_timeout, g_source_remove);
  if (self->ages != NULL)
    g_ptr_array_set_size (self->ages, 0);
  gantry_widget_dispose_template (GTK_WIDGET (self), GANTRY_TYPE_OVERVIEW_VIEW);

  G_OBJECT_CLASS (gantry_overview_view_parent_class)->dispose (object);
}

static void
gantry_overview_view_finalize (GObject *object)
{
  GantryOverviewView *self = GANTRY_OVERVIEW_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->cells);
  g_clear_pointer (&self->ages, g_ptr_array_unref);

  G_OBJECT_CLASS (gantry_overview_view_parent_class)->finalize (object);
}

static void
gantry_overview_view_class_init (GantryOverviewViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gantry_overview_view_dispose;
  object_class->finalize = gantry_overview_view_finalize;

  g_type_ensure (ADW_TYPE_CLAMP);
  g_type_ensure (ADW_TYPE_STATUS_PAGE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, GANTRY_RESOURCE_BASE "/ui/gantry-overview-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GantryOverviewView, stack);
  gtk_widget_class_bind_template_child (widget_class, GantryOverviewView, progress_label);
  gtk_widget_class_bind_template_child (widget_class, GantryOverviewView, problem_label);
  gtk_widget_class_bind_template_child (widget_class, GantryOverviewView, spinner);
  gtk_widget_class_bind_template_child (widget_class, GantryOverviewView, release_button);
  gtk_widget_class_bind_template_child (widget_class, GantryOverviewView, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, GantryOverviewView, projects_box);

  /**
   * GantryOverviewView::open-run:
   * @project_name: the project of the clicked cell
   * @run_id: the run that gave the cell its verdict; 0 for a target
   *   never built, or a project with no targets (show the project)
   */
  signals[OPEN_RUN] = g_signal_new ("open-run", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);
}

static void
gantry_overview_view_init (GantryOverviewView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cells = gtk_string_list_new (NULL);
  self->ages = g_ptr_array_new_with_free_func ((GDestroyNotify) age_label_free);
  self->age_timeout = g_timeout_add_seconds (30, refresh_ages, self);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

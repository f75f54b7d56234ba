/* gantry-compare-view.c — static vs dynamic: two builds side by side, differences highlighted */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-compare-view"

#include "config.h"

#include "gantry-compare-view.h"
#include "gantry-widget-util.h"
#include "gantry-size-bars.h"
#include "gantry-compare-model.h"
#include "gantry-reach.h"

struct _GantryCompareView
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkStack *stack;
  GtkDropDown *left_dropdown;
  GtkDropDown *right_dropdown;
  GantrySizeBars *size_bars;
  GtkColumnView *fact_view;
  GtkColumnViewColumn *left_column;
  GtkColumnViewColumn *right_column;
  GtkColumnView *runs_view;
  GtkColumnViewColumn *runs_left_column;
  GtkColumnViewColumn *runs_right_column;
  GtkLabel *runs_note;
  GtkLabel *conclusion;

  /* owned references */
  GPtrArray *choices;       /* GantryCompareChoice* the dropdowns offer */
  GPtrArray *matrix;        /* GantryVerdict* of the build's verification */
  GListStore *rows;
  GListStore *runs_on;

  /* state */
  gboolean updating;
};

G_DEFINE_FINAL_TYPE (GantryCompareView, gantry_compare_view, GTK_TYPE_WIDGET)

static void
show_rows (GtkColumnView  *view,
           GListStore    **field,
           GListStore     *rows)
{
  g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (rows)));

  g_set_object (field, rows);
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
}

static const GantryCompareChoice *
chosen (GantryCompareView *self,
        GtkDropDown       *dropdown)
{
  guint pos = gtk_drop_down_get_selected (dropdown);

  if (self->choices == NULL || pos >= self->choices->len)
    return NULL;
  return g_ptr_array_index (self->choices, pos);
}

/* Where the two ran: needs the verification's verdicts. */
static void
update_runs_on (GantryCompareView *self)
{
  const GantryCompareChoice *a = chosen (self, self->left_dropdown);
  const GantryCompareChoice *b = chosen (self, self->right_dropdown);
  g_autoptr(GListStore) runs_on = NULL;

  if (a == NULL || b == NULL)
    runs_on = g_list_store_new (GANTRY_TYPE_COMPARE_ROW);
  else
    runs_on = gantry_compare_runs_on_new (self->matrix, a->target, b->target);
  show_rows (self->runs_view, &self->runs_on, runs_on);
  gtk_widget_set_visible (GTK_WIDGET (self->runs_view), g_list_model_get_n_items (G_LIST_MODEL (runs_on)) > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->runs_note), self->matrix == NULL);
  if (a != NULL && b != NULL)
    {
      gtk_column_view_column_set_title (self->runs_left_column, a->label);
      gtk_column_view_column_set_title (self->runs_right_column, b->label);
    }
}

/* The run places where @target's binary passed (@state PASS) or failed */
static GStrv
run_places (GPtrArray          *matrix,
            const char         *target,
            GantryVerdictState  state)
{
  g_autoptr(GStrvBuilder) places = g_strv_builder_new ();

  for (guint i = 0; matrix != NULL && i < matrix->len; i++)
    {
      const GantryVerdict *v = g_ptr_array_index (matrix, i);

      if (v->state == state && g_strcmp0 (v->check, "run") == 0 && g_strcmp0 (v->target, target) == 0)
        g_strv_builder_add (places, v->place);
    }
  return g_strv_builder_end (places);
}

/* One sentence before the tables: what each needs, which is bigger,
 * where it passed */
static void
update_conclusion (GantryCompareView         *self,
                   const GantryCompareChoice *a,
                   const GantryCompareChoice *b)
{
  g_auto(GStrv) a_passed = run_places (self->matrix, a->target, GANTRY_VERDICT_PASS);
  g_auto(GStrv) a_failed = run_places (self->matrix, a->target, GANTRY_VERDICT_FAIL);
  g_auto(GStrv) b_passed = run_places (self->matrix, b->target, GANTRY_VERDICT_PASS);
  g_auto(GStrv) b_failed = run_places (self->matrix, b->target, GANTRY_VERDICT_FAIL);
  GantryReachSide left = { a->label, a->facts, (const char * const *) a_passed, (const char * const *) a_failed };
  GantryReachSide right = { b->label, b->facts, (const char * const *) b_passed, (const char * const *) b_failed };
  g_autofree char *text = NULL;

  if (a->facts == NULL || b->facts == NULL)
    {
      gtk_label_set_label (self->conclusion, "");
      return;
    }
  text = gantry_reach_conclusion (&left, &right);
  gtk_label_set_label (self->conclusion, text);
}

static void
update_rows (GantryCompareView *self)
{
  const GantryCompareChoice *a = chosen (self, self->left_dropdown);
  const GantryCompareChoice *b = chosen (self, self->right_dropdown);
  g_autoptr(GListStore) rows = NULL;

  if (a == NULL || b == NULL)
    return;
  rows = gantry_compare_rows_new (a->facts, b->facts);
  show_rows (self->fact_view, &self->rows, rows);
  gantry_size_bars_set (self->size_bars, a->facts, a->label, b->facts, b->label);
  gtk_column_view_column_set_title (self->left_column, a->label);
  gtk_column_view_column_set_title (self->right_column, b->label);
  update_conclusion (self, a, b);
  update_runs_on (self);
}

static void
on_choice_changed (GantryCompareView *self)
{
  if (!self->updating)
    update_rows (self);
}

gboolean
gantry_compare_view_set_choices (GantryCompareView *self,
                                 GPtrArray         *choices)
{
  g_autoptr(GtkStringList) labels = NULL;
  guint left, right;

  g_return_val_if_fail (GANTRY_IS_COMPARE_VIEW (self), FALSE);

  /* a reference first: @choices may be the array the view holds */
  if (choices != NULL)
    g_ptr_array_ref (choices);
  g_clear_pointer (&self->choices, g_ptr_array_unref);
  g_clear_pointer (&self->matrix, g_ptr_array_unref);
  self->choices = choices;

  if (!gantry_compare_pick_choices (choices, &left, &right))
    {
      g_autoptr(GListStore) rows = g_list_store_new (GANTRY_TYPE_COMPARE_ROW);
      g_autoptr(GListStore) runs_on = g_list_store_new (GANTRY_TYPE_COMPARE_ROW);
      g_autoptr(GtkStringList) none = gtk_string_list_new (NULL);

      self->updating = TRUE;
      gtk_drop_down_set_model (self->left_dropdown, G_LIST_MODEL (none));
      gtk_drop_down_set_model (self->right_dropdown, G_LIST_MODEL (none));
      self->updating = FALSE;
      show_rows (self->fact_view, &self->rows, rows);
      show_rows (self->runs_view, &self->runs_on, runs_on);
      gantry_size_bars_set (self->size_bars, NULL, NULL, NULL, NULL);
      gtk_label_set_label (self->conclusion, "");
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return FALSE;
    }

  /* every binary offered, the picked pair selected */
  labels = gtk_string_list_new (NULL);
  for (guint i = 0; i < choices->len; i++)
    {
      const GantryCompareChoice *choice = g_ptr_array_index (choices, i);

      gtk_string_list_append (labels, choice->label ? choice->label : choice->target);
    }
  self->updating = TRUE;
  gtk_drop_down_set_model (self->left_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_model (self->right_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->left_dropdown, left);
  gtk_drop_down_set_selected (self->right_dropdown, right);
  self->updating = FALSE;

  update_rows (self);
  gtk_stack_set_visible_child_name (self->stack, "compare");
  return TRUE;
}

gboolean
gantry_compare_view_add_choice (GantryCompareView   *self,
                                GantryCompareChoice *choice)
{
  g_autoptr(GPtrArray) choices = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_compare_choice_free);
  g_autoptr(GPtrArray) matrix = NULL;
  guint n;

  g_return_val_if_fail (GANTRY_IS_COMPARE_VIEW (self), FALSE);
  g_return_val_if_fail (choice != NULL, FALSE);

  /* a new array: the one given to set_choices is left as it was */
  for (guint i = 0; self->choices != NULL && i < self->choices->len; i++)
    {
      const GantryCompareChoice *c = g_ptr_array_index (self->choices, i);
      GantryCompareChoice *copy = gantry_compare_choice_new (c->target, c->path, c->facts);

      g_free (copy->label);
      copy->label = g_strdup (c->label);
      g_ptr_array_add (choices, copy);
    }
  g_ptr_array_add (choices, choice);
  n = choices->len;
  matrix = self->matrix != NULL ? g_ptr_array_ref (self->matrix) : NULL;
  if (!gantry_compare_view_set_choices (self, choices))
    return FALSE;
  /* the file on the right, beside what was on the left; the checks kept */
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->right_dropdown, n - 1);
  if (gtk_drop_down_get_selected (self->left_dropdown) == n - 1)
    gtk_drop_down_set_selected (self->left_dropdown, 0);
  self->updating = FALSE;
  gantry_compare_view_set_verdicts (self, matrix);
  update_rows (self);
  return TRUE;
}

guint
gantry_compare_view_get_n_choices (GantryCompareView *self)
{
  g_return_val_if_fail (GANTRY_IS_COMPARE_VIEW (self), 0);
  return self->choices != NULL ? self->choices->len : 0;
}

gboolean
gantry_compare_view_set_build (GantryCompareView *self,
                               GantryBuild       *build)
{
  g_autoptr(GPtrArray) choices = NULL;

  g_return_val_if_fail (GANTRY_IS_COMPARE_VIEW (self), FALSE);
  g_return_val_if_fail (build == NULL || GANTRY_IS_BUILD (build), FALSE);

  if (build != NULL)
    choices = gantry_compare_choices_from_build (build);
  return gantry_compare_view_set_choices (self, choices);
}

void
gantry_compare_view_set_verdicts (GantryCompareView *self,
                                  GPtrArray         *matrix)
{
  g_return_if_fail (GANTRY_IS_COMPARE_VIEW (self));

  g_clear_pointer (&self->matrix, g_ptr_array_unref);
  if (matrix != NULL)
    self->matrix = g_ptr_array_ref (matrix);
  update_runs_on (self);
  {
    const GantryCompareChoice *a = chosen (self, self->left_dropdown);
    const GantryCompareChoice *b = chosen (self, self->right_dropdown);

    if (a != NULL && b != NULL)
      update_conclusion (self, a, b);
  }
}

const char *
gantry_compare_view_get_conclusion (GantryCompareView *self)
{
  g_return_val_if_fail (GANTRY_IS_COMPARE_VIEW (self), NULL);
  return gtk_label_get_label (self->conclusion);
}

GListModel *
gantry_compare_view_get_rows (GantryCompareView *self)
{
  g_return_val_if_fail (GANTRY_IS_COMPARE_VIEW (self), NULL);
  return G_LIST_MODEL (self->rows);
}

GListModel *
gantry_compare_view_get_runs_on (GantryCompareView *self)
{
  g_return_val_if_fail (GANTRY_IS_COMPARE_VIEW (self), NULL);
  return G_LIST_MODEL (self->runs_on);
}

static GStrv
value_classes (gpointer unused,
               gboolean differs)
{
  const char *on[] = { "fact", "differs", NULL };
  const char *off[] = { "fact", NULL };

  return g_strdupv ((char **) (differs ? on : off));
}

static void
gantry_compare_view_dispose (GObject *object)
{
  GantryCompareView *self = GANTRY_COMPARE_VIEW (object);

  gantry_widget_dispose_template (GTK_WIDGET (self), GANTRY_TYPE_COMPARE_VIEW);

  G_OBJECT_CLASS (gantry_compare_view_parent_class)->dispose (object);
}

static void
gantry_compare_view_finalize (GObject *object)
{
  GantryCompareView *self = GANTRY_COMPARE_VIEW (object);

  g_clear_pointer (&self->choices, g_ptr_array_unref);
  g_clear_pointer (&self->matrix, g_ptr_array_unref);
  g_clear_object (&self->rows);
  g_clear_object (&self->runs_on);

  G_OBJECT_CLASS (gantry_compare_view_parent_class)->finalize (object);
}

static void
gantry_compare_view_class_init (GantryCompareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gantry_compare_view_dispose;
  object_class->finalize = gantry_compare_view_finalize;

  g_type_ensure (GANTRY_TYPE_COMPARE_ROW);
  g_type_ensure (GANTRY_TYPE_SIZE_BARS);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, GANTRY_RESOURCE_BASE "/ui/gantry-compare-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GantryCompareView, stack);
  gtk_widget_class_bind_template_child (widget_class, GantryCompareView, left_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GantryCompareView, right_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GantryCompareView, size_bars);
  gtk_widget_class_bind_template_child (widget_class, GantryCompareView, fact_view);
  gtk_widget_class_bind_template_child (widget_class, GantryCompareView, left_column);
  gtk_widget_class_bind_template_child (widget_class, GantryCompareView, right_column);
  gtk_widget_class_bind_template_child (widget_class, GantryCompareView, runs_view);
  gtk_widget_class_bind_template_child (widget_class, GantryCompareView, runs_left_column);
  gtk_widget_class_bind_template_child (widget_class, GantryCompareView, runs_right_column);
  gtk_widget_class_bind_template_child (widget_class, GantryCompareView, runs_note);
  gtk_widget_class_bind_template_child (widget_class, GantryCompareView, conclusion);
  gtk_widget_class_bind_template_callback (widget_class, value_classes);
  gtk_widget_class_bind_template_callback (widget_class, on_choice_changed);
}

static void
gantry_compare_view_init (GantryCompareView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gantry_compare_view_set_choices (self, NULL);
}

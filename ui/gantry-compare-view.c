/* gantry-compare-view.c — static vs dynamic: two builds side by side, differences highlighted */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-compare-view"

#include "config.h"

#include "gantry-compare-view.h"
#include "gantry-widget-util.h"
#include "gantry-size-bars.h"
#include "gantry-ui-compare.h"

struct _GantryCompareView
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkStack *stack;
  GtkLabel *title_label;
  GantrySizeBars *size_bars;
  GtkColumnView *fact_view;
  GtkColumnViewColumn *left_column;
  GtkColumnViewColumn *right_column;

  /* owned references */
  GListStore *rows;
};

G_DEFINE_FINAL_TYPE (GantryCompareView, gantry_compare_view, GTK_TYPE_WIDGET)

static void
show_rows (GantryCompareView *self,
           GListStore        *rows)
{
  g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (rows)));

  g_set_object (&self->rows, rows);
  gtk_column_view_set_model (self->fact_view, GTK_SELECTION_MODEL (selection));
}

gboolean
gantry_compare_view_set_build (GantryCompareView *self,
                               GantryBuild       *build)
{
  const GantryTargetResult *a, *b;
  g_autoptr(GListStore) rows = NULL;
  g_autofree char *title = NULL;
  guint left, right;

  g_return_val_if_fail (GANTRY_IS_COMPARE_VIEW (self), FALSE);

  if (build == NULL || !gantry_compare_pick (build, &left, &right))
    {
      rows = g_list_store_new (GANTRY_TYPE_COMPARE_ROW);
      show_rows (self, rows);
      gantry_size_bars_set (self->size_bars, NULL, NULL, NULL, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return FALSE;
    }

  a = gantry_build_get_result (build, left);
  b = gantry_build_get_result (build, right);
  rows = gantry_compare_rows_new (a->facts, b->facts);
  show_rows (self, rows);
  gantry_size_bars_set (self->size_bars, a->facts, a->target, b->facts, b->target);
  gtk_column_view_column_set_title (self->left_column, a->target);
  gtk_column_view_column_set_title (self->right_column, b->target);
  title = g_strdup_printf ("%s  compared with  %s", a->target, b->target);
  gtk_label_set_label (self->title_label, title);
  gtk_stack_set_visible_child_name (self->stack, "compare");
  return TRUE;
}

GListModel *
gantry_compare_view_get_rows (GantryCompareView *self)
{
  g_return_val_if_fail (GANTRY_IS_COMPARE_VIEW (self), NULL);
  return G_LIST_MODEL (self->rows);
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

  g_clear_object (&self->rows);

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
  gtk_widget_class_bind_template_child (widget_class, GantryCompareView, title_label);
  gtk_widget_class_bind_template_child (widget_class, GantryCompareView, size_bars);
  gtk_widget_class_bind_template_child (widget_class, GantryCompareView, fact_view);
  gtk_widget_class_bind_template_child (widget_class, GantryCompareView, left_column);
  gtk_widget_class_bind_template_child (widget_class, GantryCompareView, right_column);
  gtk_widget_class_bind_template_callback (widget_class, value_classes);
}

static void
gantry_compare_view_init (GantryCompareView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gantry_compare_view_set_build (self, NULL);
}

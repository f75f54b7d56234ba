/* gantry-log-view.c — a run's output lines, live: follows the end unless scrolled up, errors marked, searchable */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-log-view"

#include "config.h"

#include "gantry-log-view.h"
#include "gantry-widget-util.h"
#include "gantry-runner.h"

struct _GantryLogView
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkSearchEntry *search_entry;
  GtkScrolledWindow *scroller;
  GtkListView *line_list;
  GtkLabel *count_label;

  /* owned references */
  GtkFilterListModel *filtered;
  GtkStringFilter *filter;

  /* state */
  gboolean follow;      /* the user is at the end: keep them there */
  guint scroll_source;
};

G_DEFINE_FINAL_TYPE (GantryLogView, gantry_log_view, GTK_TYPE_WIDGET)

static char *
line_text (GObject *item)
{
  return GANTRY_IS_LOG_LINE (item) ? g_strdup (gantry_log_line_get_text (GANTRY_LOG_LINE (item))) : NULL;
}

static char *
line_target (gpointer  unused,
             GObject  *item)
{
  return GANTRY_IS_LOG_LINE (item) ? g_strdup (gantry_log_line_get_target (GANTRY_LOG_LINE (item))) : NULL;
}

static char *
line_text_closure (gpointer  unused,
                   GObject  *item)
{
  return line_text (item);
}

static GStrv
line_classes (gpointer  unused,
              GObject  *item)
{
  const char *error[] = { "log-line", "log-error", NULL };
  const char *plain[] = { "log-line", NULL };
  gboolean is_error = GANTRY_IS_LOG_LINE (item) && gantry_log_line_get_is_error (GANTRY_LOG_LINE (item));

  return g_strdupv ((char **) (is_error ? error : plain));
}

static void
update_count (GantryLogView *self)
{
  GListModel *all = gtk_filter_list_model_get_model (self->filtered);
  guint n_all = all ? g_list_model_get_n_items (all) : 0;
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  g_autofree char *text = NULL;

  if (n_all == n_shown)
    text = g_strdup_printf ("%u line%s", n_all, n_all == 1 ? "" : "s");
  else
    text = g_strdup_printf ("%u of %u lines", n_shown, n_all);
  gtk_label_set_label (self->count_label, text);
}

static gboolean
scroll_to_end (gpointer data)
{
  GantryLogView *self = data;
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);

  self->scroll_source = 0;
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  return G_SOURCE_REMOVE;
}

static void
on_lines_changed (GantryLogView *self)
{
  update_count (self);
  if (self->follow && self->scroll_source == 0)
    self->scroll_source = g_idle_add (scroll_to_end, self);
}

/* Scrolling up stops following; coming back to the end starts again. */
static void
on_scrolled (GantryLogView *self,
             GtkAdjustment *adj)
{
  double end = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  if (self->scroll_source != 0)
    return;
  self->follow = gtk_adjustment_get_value (adj) >= end - 4;
}

void
gantry_log_view_set_log (GantryLogView *self,
                         GListModel    *lines)
{
  g_return_if_fail (GANTRY_IS_LOG_VIEW (self));

  self->follow = TRUE;
  gtk_filter_list_model_set_model (self->filtered, lines);
  update_count (self);
}

void
gantry_log_view_set_search (GantryLogView *self,
                            const char    *text)
{
  g_return_if_fail (GANTRY_IS_LOG_VIEW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
}

GListModel *
gantry_log_view_get_shown (GantryLogView *self)
{
  g_return_val_if_fail (GANTRY_IS_LOG_VIEW (self), NULL);
  return G_LIST_MODEL (self->filtered);
}

gboolean
gantry_log_view_get_follows (GantryLogView *self)
{
  g_return_val_if_fail (GANTRY_IS_LOG_VIEW (self), FALSE);
  return self->follow;
}

static void
on_search_changed (GantryLogView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  gtk_string_filter_set_search (self->filter, text[0] ? text : NULL);
  update_count (self);
}

static void
gantry_log_view_dispose (GObject *object)
{
  GantryLogView *self = GANTRY_LOG_VIEW (object);

  g_clear_handle_id (&self->scroll_source, g_source_remove);
  gantry_widget_dispose_template (GTK_WIDGET (self), GANTRY_TYPE_LOG_VIEW);

  G_OBJECT_CLASS (gantry_log_view_parent_class)->dispose (object);
}

static void
gantry_log_view_finalize (GObject *object)
{
  GantryLogView *self = GANTRY_LOG_VIEW (object);

  g_clear_object (&self->filtered);

  G_OBJECT_CLASS (gantry_log_view_parent_class)->finalize (object);
}

static void
gantry_log_view_class_init (GantryLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gantry_log_view_dispose;
  object_class->finalize = gantry_log_view_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, GANTRY_RESOURCE_BASE "/ui/gantry-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GantryLogView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GantryLogView, scroller);
  gtk_widget_class_bind_template_child (widget_class, GantryLogView, line_list);
  gtk_widget_class_bind_template_child (widget_class, GantryLogView, count_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, line_target);
  gtk_widget_class_bind_template_callback (widget_class, line_text_closure);
  gtk_widget_class_bind_template_callback (widget_class, line_classes);
}

static void
gantry_log_view_init (GantryLogView *self)
{
  GtkExpression *expression;
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->follow = TRUE;
  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (line_text), NULL, NULL);
  self->filter = gtk_string_filter_new (expression);
  gtk_string_filter_set_match_mode (self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_ignore_case (self->filter, TRUE);
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (on_lines_changed), self, G_CONNECT_SWAPPED);

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_list_view_set_model (self->line_list, GTK_SELECTION_MODEL (selection));
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scroller), "value-changed",
                           G_CALLBACK (on_scrolled), self, G_CONNECT_SWAPPED);
  update_count (self);
}

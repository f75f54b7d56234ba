/* gantry-log-view.c — a run's output lines, live: follows the end unless scrolled up, errors marked, searchable */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-log-view"

#include "config.h"

#include "gantry-log-view.h"
#include "gantry-widget-util.h"
#include "gantry-past-run.h"
#include "gantry-runner.h"

struct _GantryLogView
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkDropDown *target_dropdown;
  GtkSearchEntry *search_entry;
  GtkScrolledWindow *scroller;
  GtkListView *line_list;
  GtkLabel *count_label;
  GtkLabel *save_label;

  /* owned references */
  GtkFilterListModel *filtered;
  GtkStringFilter *filter;         /* the search */
  GtkStringFilter *target_filter;  /* the target choice */
  GtkStringList *targets;          /* "All targets", then each target seen */
  GHashTable *seen;                /* the targets in it */
  GListModel *lines;               /* what is shown, filtered */
  gulong lines_handler;

  GCancellable *save_cancellable;

  /* state */
  gboolean follow;      /* the user is at the end: keep them there */
  gboolean saving;
  guint log_serial;     /* counts set_log (): which log a save wrote */
  guint scroll_source;
};

enum {
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (GantryLogView, gantry_log_view, GTK_TYPE_WIDGET)

/* The closures get the list item's GantryLogLine, of a live run or a
 * recorded one, or NULL while a row is not bound. */
static char *
line_text (GantryLogLine *line)
{
  return line ? g_strdup (gantry_log_line_get_text (line)) : NULL;
}

static char *
line_target (gpointer       unused,
             GantryLogLine *line)
{
  return line ? g_strdup (gantry_log_line_get_target (line)) : NULL;
}

static char *
line_target_for_filter (GantryLogLine *line)
{
  return line ? g_strdup (gantry_log_line_get_target (line)) : NULL;
}

static char *
line_text_closure (gpointer       unused,
                   GantryLogLine *line)
{
  return line_text (line);
}

static GStrv
line_classes (gpointer       unused,
              GantryLogLine *line)
{
  const char *error[] = { "log-line", "log-error", NULL };
  const char *header[] = { "log-line", "log-header", NULL };
  const char *plain[] = { "log-line", NULL };

  if (line != NULL && gantry_log_line_get_is_header (line))
    return g_strdupv ((char **) header);
  return g_strdupv ((char **) (line && gantry_log_line_get_is_error (line) ? error : plain));
}

static void
update_actions (GantryLogView *self)
{
  GListModel *all = gtk_filter_list_model_get_model (self->filtered);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log.save",
                                 !self->saving && all != NULL && g_list_model_get_n_items (all) > 0);
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
  update_actions (self);
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

/* Offers the targets of lines @position … @position + @added - 1 that
 * are not offered yet; the choice shows once there are two. */
static void
note_targets (GantryLogView *self,
              guint          position,
              guint          added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GantryLogLine) line = g_list_model_get_item (self->lines, i);
      const char *target = line ? gantry_log_line_get_target (line) : NULL;

      if (target == NULL || g_hash_table_contains (self->seen, target))
        continue;
      g_hash_table_add (self->seen, g_strdup (target));
      gtk_string_list_append (self->targets, target);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->target_dropdown),
                          g_list_model_get_n_items (G_LIST_MODEL (self->targets)) > 2);
}

static void
on_source_changed (GantryLogView *self,
                   guint          position,
                   guint          removed,
                   guint          added,
                   GListModel    *lines)
{
  note_targets (self, position, added);
}

void
gantry_log_view_set_log (GantryLogView *self,
                         GListModel    *lines)
{
  const char *all[] = { "All targets", NULL };

  g_return_if_fail (GANTRY_IS_LOG_VIEW (self));

  if (self->lines != NULL)
    g_clear_signal_handler (&self->lines_handler, self->lines);
  g_set_object (&self->lines, lines);
  self->log_serial++;
  g_hash_table_remove_all (self->seen);
  gtk_string_list_splice (self->targets, 0, g_list_model_get_n_items (G_LIST_MODEL (self->targets)), all);
  gtk_drop_down_set_selected (self->target_dropdown, 0);
  if (lines != NULL)
    {
      note_targets (self, 0, g_list_model_get_n_items (lines));
      self->lines_handler = g_signal_connect_object (lines, "items-changed", G_CALLBACK (on_source_changed),
                                                     self, G_CONNECT_SWAPPED);
    }
  else
    note_targets (self, 0, 0);

  self->follow = TRUE;
  gtk_filter_list_model_set_model (self->filtered, lines);
  gtk_label_set_label (self->save_label, "");
  update_count (self);
}

gboolean
gantry_log_view_set_target (GantryLogView *self,
                            const char    *target)
{
  GListModel *targets;

  g_return_val_if_fail (GANTRY_IS_LOG_VIEW (self), FALSE);

  if (target == NULL)
    {
      gtk_drop_down_set_selected (self->target_dropdown, 0);
      return TRUE;
    }
  targets = G_LIST_MODEL (self->targets);
  for (guint i = 1; i < g_list_model_get_n_items (targets); i++)
    if (g_str_equal (gtk_string_list_get_string (self->targets, i), target))
      {
        gtk_drop_down_set_selected (self->target_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

GListModel *
gantry_log_view_get_targets (GantryLogView *self)
{
  g_return_val_if_fail (GANTRY_IS_LOG_VIEW (self), NULL);
  return G_LIST_MODEL (self->targets);
}

static void
on_target_selected (GantryLogView *self)
{
  guint selected = gtk_drop_down_get_selected (self->target_dropdown);

  gtk_string_filter_set_search (self->target_filter,
                                selected == 0 || selected == GTK_INVALID_LIST_POSITION
                                ? NULL : gtk_string_list_get_string (self->targets, selected));
  update_count (self);
}

/* One save: which log it wrote, so its result is told beside that log
 * only, and the application kept running until it is written. */
typedef struct
{
  GantryLogView *self;
  guint log_serial;
  GApplication *app;
} SaveJob;

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  SaveJob *job = user_data;
  g_autoptr(GantryLogView) self = job->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  gboolean same_log = job->log_serial == self->log_serial;

  if (job->app != NULL)
    {
      g_application_release (job->app);
      g_object_unref (job->app);
    }
  g_free (job);
  if (!gantry_log_lines_write_finish (result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the view was disposed while it saved */
  self->saving = FALSE;
  update_actions (self);
  if (error != NULL)
    {
      /* the window tells it in its banner, whatever log is shown now */
      if (same_log)
        gtk_label_set_label (self->save_label, "");
      g_signal_emit (self, signals[FAILED], 0, error->message);
      return;
    }
  if (!same_log)
    return;
  name = g_file_get_parse_name (G_FILE (source));
  text = g_strdup_printf ("Saved to %s", name);
  gtk_label_set_label (self->save_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->save_label), text);
}

/* Writes every line, whatever the search shows, to @file, in the
 * background; what the Save dialog calls. Closing the window meanwhile
 * does not stop it: the job holds the view and the application. */
void
gantry_log_view_save (GantryLogView *self,
                      GFile         *file)
{
  SaveJob *job;

  g_return_if_fail (GANTRY_IS_LOG_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->saving)
    return;
  self->saving = TRUE;
  update_actions (self);
  gtk_label_set_label (self->save_label, "Saving…");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->save_label), NULL);
  job = g_new0 (SaveJob, 1);
  job->self = g_object_ref (self);
  job->log_serial = self->log_serial;
  job->app = g_application_get_default ();
  if (job->app != NULL)
    {
      g_object_ref (job->app);
      g_application_hold (job->app);
    }
  gantry_log_lines_write_async (gtk_filter_list_model_get_model (self->filtered), file,
                                self->save_cancellable, on_saved, job);
}

gboolean
gantry_log_view_get_saving (GantryLogView *self)
{
  g_return_val_if_fail (GANTRY_IS_LOG_VIEW (self), FALSE);
  return self->saving;
}

const char *
gantry_log_view_get_save_status (GantryLogView *self)
{
  g_return_val_if_fail (GANTRY_IS_LOG_VIEW (self), NULL);
  return gtk_label_get_label (self->save_label);
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
on_save_response (GtkNativeDialog *chooser,
                  int              response,
                  GantryLogView   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      /* a failure is emitted as "failed", for the window's banner */
      if (file != NULL)
        gantry_log_view_save (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

/* GtkFileDialog is GTK 4.10; GtkFileChooserNative is the 4.8 way. */
static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GantryLogView *self = GANTRY_LOG_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new ("Save the log", GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, "_Save", "_Cancel");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "build.log");
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_save_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
G_GNUC_END_IGNORE_DEPRECATIONS

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
  g_cancellable_cancel (self->save_cancellable);
  if (self->lines != NULL)
    g_clear_signal_handler (&self->lines_handler, self->lines);
  g_clear_object (&self->lines);
  gantry_widget_dispose_template (GTK_WIDGET (self), GANTRY_TYPE_LOG_VIEW);

  G_OBJECT_CLASS (gantry_log_view_parent_class)->dispose (object);
}

static void
gantry_log_view_finalize (GObject *object)
{
  GantryLogView *self = GANTRY_LOG_VIEW (object);

  g_clear_object (&self->filtered);
  g_clear_object (&self->save_cancellable);
  g_clear_object (&self->targets);
  g_clear_pointer (&self->seen, g_hash_table_unref);

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
  gtk_widget_class_bind_template_child (widget_class, GantryLogView, target_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GantryLogView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GantryLogView, scroller);
  gtk_widget_class_bind_template_child (widget_class, GantryLogView, line_list);
  gtk_widget_class_bind_template_child (widget_class, GantryLogView, count_label);
  gtk_widget_class_bind_template_child (widget_class, GantryLogView, save_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_target_selected);
  gtk_widget_class_bind_template_callback (widget_class, line_target);
  gtk_widget_class_bind_template_callback (widget_class, line_text_closure);
  gtk_widget_class_bind_template_callback (widget_class, line_classes);

  /* a save went wrong: the message says what and where */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "log.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "log.save", NULL);
}

static void
gantry_log_view_init (GantryLogView *self)
{
  GtkExpression *expression;
  GtkEveryFilter *both;
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->follow = TRUE;
  self->save_cancellable = g_cancellable_new ();
  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (line_text), NULL, NULL);
  self->filter = gtk_string_filter_new (expression);
  gtk_string_filter_set_match_mode (self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_ignore_case (self->filter, TRUE);
  self->target_filter = gtk_string_filter_new (gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                                            G_CALLBACK (line_target_for_filter),
                                                                            NULL, NULL));
  gtk_string_filter_set_match_mode (self->target_filter, GTK_STRING_FILTER_MATCH_MODE_EXACT);
  gtk_string_filter_set_ignore_case (self->target_filter, FALSE);
  both = gtk_every_filter_new ();
  gtk_multi_filter_append (GTK_MULTI_FILTER (both), GTK_FILTER (self->filter));
  gtk_multi_filter_append (GTK_MULTI_FILTER (both), GTK_FILTER (self->target_filter));
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (both));
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->targets = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->target_dropdown, G_LIST_MODEL (self->targets));
  gantry_log_view_set_log (self, NULL);
  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (on_lines_changed), self, G_CONNECT_SWAPPED);

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_list_view_set_model (self->line_list, GTK_SELECTION_MODEL (selection));
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scroller), "value-changed",
                           G_CALLBACK (on_scrolled), self, G_CONNECT_SWAPPED);
  update_count (self);
}

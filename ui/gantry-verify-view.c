/* gantry-verify-view.c — where each build was checked: the runs-on matrix and the container engine found */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-verify-view"

#include "config.h"

#include "gantry-ui-verify.h"
#include "gantry-widget-util.h"
#include "gantry-verify-view.h"

struct _GantryVerifyView
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkColumnView *verdict_view;
  GtkLabel *summary_label;
  GtkLabel *engine_label;
  GtkSpinner *spinner;

  /* owned references */
  GListStore *rows;
  GCancellable *probe_cancellable;

  /* state */
  gboolean probing;
  gboolean probed;
};

G_DEFINE_FINAL_TYPE (GantryVerifyView, gantry_verify_view, GTK_TYPE_WIDGET)

static void
set_rows (GantryVerifyView *self,
          GListStore       *rows)
{
  g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (rows)));

  g_set_object (&self->rows, rows);
  gtk_column_view_set_model (self->verdict_view, GTK_SELECTION_MODEL (selection));
}

static void
set_spinning (GantryVerifyView *self,
              gboolean          spinning)
{
  gtk_spinner_set_spinning (self->spinner, spinning);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), spinning);
}

static void
set_summary (GantryVerifyView *self,
             const char       *text,
             gboolean          problem)
{
  gtk_label_set_label (self->summary_label, text);
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "problem");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "problem");
}

void
gantry_verify_view_clear (GantryVerifyView *self)
{
  g_autoptr(GListStore) rows = g_list_store_new (GANTRY_TYPE_VERDICT_ROW);

  g_return_if_fail (GANTRY_IS_VERIFY_VIEW (self));

  set_rows (self, rows);
  set_spinning (self, FALSE);
  set_summary (self, "Not verified yet: Build & Verify checks every artifact here after it is built.", FALSE);
}

/* ------------------------------------------------------------------ */
/* The container engine                                                */
/* ------------------------------------------------------------------ */

static void
probe_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GantryVerifyOptions options = { 0 };
  GantryVerifyHost *host = gantry_verify_host_probe (&options, cancellable);

  g_task_return_pointer (task, host, (GDestroyNotify) gantry_verify_host_free);
}

static void
on_probe_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GantryVerifyView *self = GANTRY_VERIFY_VIEW (source);
  g_autoptr(GantryVerifyHost) host = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autofree char *text = NULL;

  self->probing = FALSE;
  if (host == NULL)
    return;
  self->probed = TRUE;
  if (host->engine != NULL)
    text = g_strdup_printf ("Container engine: %s (%s): container checks run in the images of the recipe.",
                            host->engine_name ? host->engine_name : host->engine, host->engine);
  else
    text = g_strdup ("no container engine: container checks will be skipped");
  gtk_label_set_label (self->engine_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->engine_label), host->engine_problem);
}

static void
probe (GantryVerifyView *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->probing || self->probed)
    return;
  self->probing = TRUE;
  gtk_label_set_label (self->engine_label, "Looking for a container engine (Docker or Podman)…");
  self->probe_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->probe_cancellable, on_probe_done, NULL);
  g_task_set_source_tag (task, probe);
  g_task_run_in_thread (task, probe_worker);
}

/* ------------------------------------------------------------------ */

void
gantry_verify_view_started (GantryVerifyView *self)
{
  g_autoptr(GListStore) rows = g_list_store_new (GANTRY_TYPE_VERDICT_ROW);

  g_return_if_fail (GANTRY_IS_VERIFY_VIEW (self));

  set_rows (self, rows);
  set_summary (self, "Verifying…", FALSE);
  set_spinning (self, TRUE);
  probe (self);
}

void
gantry_verify_view_finished (GantryVerifyView *self,
                             GPtrArray        *matrix,
                             const GError     *error)
{
  g_autoptr(GListStore) rows = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (GANTRY_IS_VERIFY_VIEW (self));

  set_spinning (self, FALSE);
  rows = gantry_verdict_rows_new (matrix);
  set_rows (self, rows);
  if (error != NULL)
    {
      text = g_strdup_printf ("Verification stopped: %s", error->message);
      set_summary (self, text, TRUE);
      return;
    }
  text = gantry_verdict_rows_summary (matrix);
  set_summary (self, text, matrix != NULL && gantry_verify_count (matrix, GANTRY_VERDICT_FAIL) > 0);
}

GListModel *
gantry_verify_view_get_rows (GantryVerifyView *self)
{
  g_return_val_if_fail (GANTRY_IS_VERIFY_VIEW (self), NULL);
  return G_LIST_MODEL (self->rows);
}

const char *
gantry_verify_view_get_summary (GantryVerifyView *self)
{
  g_return_val_if_fail (GANTRY_IS_VERIFY_VIEW (self), NULL);
  return gtk_label_get_label (self->summary_label);
}

const char *
gantry_verify_view_get_engine (GantryVerifyView *self)
{
  g_return_val_if_fail (GANTRY_IS_VERIFY_VIEW (self), NULL);
  return gtk_label_get_label (self->engine_label);
}

gboolean
gantry_verify_view_get_busy (GantryVerifyView *self)
{
  g_return_val_if_fail (GANTRY_IS_VERIFY_VIEW (self), FALSE);
  return self->probing;
}

static GStrv
state_classes (gpointer    unused,
               const char *state)
{
  const char *classes[] = { "run-state", NULL, NULL };

  if (g_strcmp0 (state, "pass") == 0)
    classes[1] = "ok";
  else if (g_strcmp0 (state, "fail") == 0)
    classes[1] = "problem";
  else
    classes[1] = "dim-label";
  return g_strdupv ((char **) classes);
}

static char *
first_line (gpointer    unused,
            const char *text)
{
  return gantry_first_line (text);
}

static void
gantry_verify_view_dispose (GObject *object)
{
  GantryVerifyView *self = GANTRY_VERIFY_VIEW (object);

  g_cancellable_cancel (self->probe_cancellable);
  gantry_widget_dispose_template (GTK_WIDGET (self), GANTRY_TYPE_VERIFY_VIEW);

  G_OBJECT_CLASS (gantry_verify_view_parent_class)->dispose (object);
}

static void
gantry_verify_view_finalize (GObject *object)
{
  GantryVerifyView *self = GANTRY_VERIFY_VIEW (object);

  g_clear_object (&self->probe_cancellable);
  g_clear_object (&self->rows);

  G_OBJECT_CLASS (gantry_verify_view_parent_class)->finalize (object);
}

static void
gantry_verify_view_class_init (GantryVerifyViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gantry_verify_view_dispose;
  object_class->finalize = gantry_verify_view_finalize;

  g_type_ensure (GANTRY_TYPE_VERDICT_ROW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, GANTRY_RESOURCE_BASE "/ui/gantry-verify-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GantryVerifyView, verdict_view);
  gtk_widget_class_bind_template_child (widget_class, GantryVerifyView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, GantryVerifyView, engine_label);
  gtk_widget_class_bind_template_child (widget_class, GantryVerifyView, spinner);
  gtk_widget_class_bind_template_callback (widget_class, state_classes);
  gtk_widget_class_bind_template_callback (widget_class, first_line);
}

static void
gantry_verify_view_init (GantryVerifyView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gantry_verify_view_clear (self);
}

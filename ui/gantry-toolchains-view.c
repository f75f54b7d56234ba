/* gantry-toolchains-view.c — compilers on this computer, and Go, Zig and MinGW releases to install */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-toolchains-view"

#include "config.h"

#include "gantry-catalog.h"
#include "gantry-widget-util.h"
#include "gantry-toolchain-model.h"
#include "gantry-toolchain.h"
#include "gantry-toolchains-view.h"
#include "gantry-ui-run.h"

static const char * const kinds[] = { "go", "zig", "mingw" };

struct _GantryToolchainsView
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkColumnView *found_view;
  GtkColumnView *release_view;
  GtkDropDown *kind_dropdown;
  GtkLabel *status_label;
  GtkLabel *release_label;
  GtkProgressBar *progress_bar;
  GtkRevealer *problem_revealer;
  GtkLabel *problem_label;

  /* owned references */
  GantryStore *store;
  GListModel *found;
  GListModel *releases;
  GPtrArray *host_releases;      /* GantryRelease*, what the release rows point into */
  GCancellable *cancellable;

  /* state */
  char *problem;
  gboolean detecting;
  gboolean fetching;
  gboolean installing;
};

G_DEFINE_FINAL_TYPE (GantryToolchainsView, gantry_toolchains_view, GTK_TYPE_WIDGET)

static void
update_actions (GantryToolchainsView *self)
{
  gboolean busy = self->detecting || self->fetching || self->installing;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "toolchains.detect", self->store != NULL && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "toolchains.fetch", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "toolchains.install", self->store != NULL && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "toolchains.cancel", busy);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), self->installing);
}

static void
show_problem (GantryToolchainsView *self,
              const char           *message)
{
  g_free (self->problem);
  self->problem = g_strdup (message);
  if (message != NULL)
    {
      gtk_label_set_label (self->problem_label, message);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->problem_label), message);
    }
  gtk_revealer_set_reveal_child (self->problem_revealer, message != NULL);
}

static void
set_model (GtkColumnView *view,
           GListModel    *model)
{
  g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (model));

  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
}

/* ------------------------------------------------------------------ */

static void
on_detected (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GantryToolchainsView) self = user_data;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  found = gantry_toolchain_detect_finish (result, &error);
  self->detecting = FALSE;
  if (found == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_problem (self, error->message);
      update_actions (self);
      return;
    }
  g_clear_object (&self->found);
  self->found = gantry_toolchain_model_new (found);
  set_model (self->found_view, self->found);
  {
    g_autofree char *text = g_strdup_printf ("%u tool%s found", found->len, found->len == 1 ? "" : "s");
    gtk_label_set_label (self->status_label, text);
  }
  update_actions (self);
}

static void
detect_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GantryToolchainsView *self = GANTRY_TOOLCHAINS_VIEW (widget);

  if (self->store == NULL || self->detecting)
    return;
  self->detecting = TRUE;
  show_problem (self, NULL);
  gtk_label_set_label (self->status_label, "Looking for compilers…");
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  update_actions (self);
  gantry_toolchain_detect_async (self->store, self->cancellable, on_detected, g_object_ref (self));
}

static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GantryToolchainsView) self = user_data;
  g_autoptr(GPtrArray) releases = NULL;
  g_autoptr(GPtrArray) installed = NULL;
  g_autoptr(GError) error = NULL;

  releases = gantry_catalog_fetch_finish (result, &error);
  self->fetching = FALSE;
  update_actions (self);
  if (releases == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_problem (self, error->message);
      return;
    }
  g_clear_pointer (&self->host_releases, g_ptr_array_unref);
  self->host_releases = gantry_catalog_for_host (releases, gantry_catalog_host_os (), gantry_catalog_host_arch ());
  if (self->store != NULL)
    installed = gantry_toolchain_list (self->store, "installed", NULL);
  g_clear_object (&self->releases);
  self->releases = gantry_release_model_new (self->host_releases, installed);
  set_model (self->release_view, self->releases);
  {
    guint n = g_list_model_get_n_items (self->releases);
    g_autofree char *text = g_strdup_printf ("%u release%s for %s/%s", n, n == 1 ? "" : "s",
                                             gantry_catalog_host_os (), gantry_catalog_host_arch ());
    gtk_label_set_label (self->release_label, text);
  }
}

static void
fetch_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  GantryToolchainsView *self = GANTRY_TOOLCHAINS_VIEW (widget);
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);

  if (self->fetching || kind >= G_N_ELEMENTS (kinds))
    return;
  self->fetching = TRUE;
  show_problem (self, NULL);
  gtk_label_set_label (self->release_label, "Reading the release list…");
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  update_actions (self);
  gantry_catalog_fetch_async (kinds[kind], self->cancellable, on_fetched, g_object_ref (self));
}

/* Progress comes from the install's thread: hop to the main context. */
typedef struct
{
  GantryToolchainsView *self;
  GantryInstallProgress progress;
} ProgressUpdate;

static gboolean
show_progress (gpointer data)
{
  ProgressUpdate *u = data;
  const GantryInstallProgress *p = &u->progress;
  g_autofree char *text = NULL;

  if (!u->self->installing)
    return G_SOURCE_REMOVE;
  if (p->phase == GANTRY_INSTALL_PHASE_DOWNLOAD)
    {
      g_autofree char *got = gantry_ui_format_size (p->received);
      g_autofree char *speed = gantry_ui_format_size ((guint64) p->bytes_per_second);

      if (p->total > 0)
        gtk_progress_bar_set_fraction (u->self->progress_bar, (double) p->received / p->total);
      else
        gtk_progress_bar_pulse (u->self->progress_bar);
      text = g_strdup_printf ("Downloading: %s at %s/s", got, speed);
    }
  else if (p->phase == GANTRY_INSTALL_PHASE_EXTRACT)
    {
      gtk_progress_bar_pulse (u->self->progress_bar);
      text = g_strdup_printf ("Unpacking: %u files", p->entries);
    }
  else
    text = g_strdup ("Checking the new tool…");
  gtk_progress_bar_set_text (u->self->progress_bar, text);
  return G_SOURCE_REMOVE;
}

static void
progress_update_free (gpointer data)
{
  ProgressUpdate *u = data;

  g_object_unref (u->self);
  g_free (u);
}

static void
on_progress (const GantryInstallProgress *progress,
             gpointer                     user_data)
{
  ProgressUpdate *u = g_new0 (ProgressUpdate, 1);

  u->self = g_object_ref (user_data);
  u->progress = *progress;
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, show_progress, u, progress_update_free);
}

static void
on_installed (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GantryToolchainsView) self = user_data;
  g_autoptr(GantryToolchain) tc = NULL;
  g_autoptr(GError) error = NULL;

  tc = gantry_toolchain_install_finish (result, &error);
  self->installing = FALSE;
  update_actions (self);
  if (tc == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_problem (self, error->message);
      else
        gtk_label_set_label (self->release_label, "Install cancelled; nothing was changed.");
      return;
    }
  {
    g_autofree char *text = g_strdup_printf ("Installed %s %s", tc->name, tc->version);
    gtk_label_set_label (self->release_label, text);
  }
  for (guint i = 0; self->releases != NULL && i < g_list_model_get_n_items (self->releases); i++)
    {
      g_autoptr(GantryReleaseRow) row = g_list_model_get_item (self->releases, i);
      const GantryRelease *r = gantry_release_row_get_release (row);

      if (g_strcmp0 (r->name, tc->name) == 0 && g_strcmp0 (r->version, tc->version) == 0)
        gantry_release_row_set_installed (row, TRUE);
    }
  detect_action (GTK_WIDGET (self), NULL, NULL);
}

static void
install_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  GantryToolchainsView *self = GANTRY_TOOLCHAINS_VIEW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  const GantryRelease *release = NULL;
  GantryInstallOptions options = { 0 };

  for (guint i = 0; self->host_releases != NULL && i < self->host_releases->len && release == NULL; i++)
    {
      const GantryRelease *r = g_ptr_array_index (self->host_releases, i);
      g_autofree char *rid = gantry_release_get_id (r);

      if (g_strcmp0 (rid, id) == 0)
        release = r;
    }
  if (release == NULL || self->store == NULL || self->installing)
    return;

  self->installing = TRUE;
  show_problem (self, NULL);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, "Starting…");
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  update_actions (self);
  gantry_toolchain_install_async (self->store, release, &options,
                                  on_progress, g_object_ref (self), g_object_unref,
                                  self->cancellable, on_installed, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GantryToolchainsView *self = GANTRY_TOOLCHAINS_VIEW (widget);

  g_cancellable_cancel (self->cancellable);
}

/* ------------------------------------------------------------------ */

void
gantry_toolchains_view_set_store (GantryToolchainsView *self,
                                  GantryStore          *store)
{
  g_return_if_fail (GANTRY_IS_TOOLCHAINS_VIEW (self));

  g_set_object (&self->store, store);
  update_actions (self);
  if (store != NULL)
    detect_action (GTK_WIDGET (self), NULL, NULL);
}

GListModel *
gantry_toolchains_view_get_found (GantryToolchainsView *self)
{
  g_return_val_if_fail (GANTRY_IS_TOOLCHAINS_VIEW (self), NULL);
  return self->found;
}

GListModel *
gantry_toolchains_view_get_releases (GantryToolchainsView *self)
{
  g_return_val_if_fail (GANTRY_IS_TOOLCHAINS_VIEW (self), NULL);
  return self->releases;
}

gboolean
gantry_toolchains_view_get_busy (GantryToolchainsView *self)
{
  g_return_val_if_fail (GANTRY_IS_TOOLCHAINS_VIEW (self), FALSE);
  return self->detecting || self->fetching || self->installing;
}

const char *
gantry_toolchains_view_get_problem (GantryToolchainsView *self)
{
  g_return_val_if_fail (GANTRY_IS_TOOLCHAINS_VIEW (self), NULL);
  return self->problem;
}

static GVariant *
install_target (gpointer    unused,
                const char *id)
{
  return g_variant_ref_sink (g_variant_new_string (id ? id : ""));
}

static char *
size_text (gpointer unused,
           guint64  size)
{
  return size ? gantry_ui_format_size (size) : g_strdup ("");
}

static char *
yes_no (gpointer unused,
        gboolean value)
{
  return g_strdup (value ? "yes" : "");
}

static gboolean
can_install (gpointer unused,
             gboolean installable,
             gboolean installed)
{
  return installable && !installed;
}

static void
gantry_toolchains_view_dispose (GObject *object)
{
  GantryToolchainsView *self = GANTRY_TOOLCHAINS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  gantry_widget_dispose_template (GTK_WIDGET (self), GANTRY_TYPE_TOOLCHAINS_VIEW);

  G_OBJECT_CLASS (gantry_toolchains_view_parent_class)->dispose (object);
}

static void
gantry_toolchains_view_finalize (GObject *object)
{
  GantryToolchainsView *self = GANTRY_TOOLCHAINS_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->found);
  g_clear_object (&self->releases);
  g_clear_pointer (&self->host_releases, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_free (self->problem);

  G_OBJECT_CLASS (gantry_toolchains_view_parent_class)->finalize (object);
}

static void
gantry_toolchains_view_class_init (GantryToolchainsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gantry_toolchains_view_dispose;
  object_class->finalize = gantry_toolchains_view_finalize;

  g_type_ensure (GANTRY_TYPE_TOOLCHAIN_ROW);
  g_type_ensure (GANTRY_TYPE_RELEASE_ROW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, GANTRY_RESOURCE_BASE "/ui/gantry-toolchains-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, found_view);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, release_view);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, status_label);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, release_label);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, problem_revealer);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, install_target);
  gtk_widget_class_bind_template_callback (widget_class, size_text);
  gtk_widget_class_bind_template_callback (widget_class, yes_no);
  gtk_widget_class_bind_template_callback (widget_class, can_install);

  gtk_widget_class_install_action (widget_class, "toolchains.detect", NULL, detect_action);
  gtk_widget_class_install_action (widget_class, "toolchains.fetch", NULL, fetch_action);
  gtk_widget_class_install_action (widget_class, "toolchains.install", "s", install_action);
  gtk_widget_class_install_action (widget_class, "toolchains.cancel", NULL, cancel_action);
}

static void
gantry_toolchains_view_init (GantryToolchainsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}

/* gantry-toolchains-view.c — compilers on this computer, removing Gantry's own, checking targets, and releases to install */
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
  GtkListView *doctor_view;
  GtkLabel *doctor_label;
  GtkSpinner *doctor_spinner;
  GtkWidget *doctor_cancel_button;
  GtkWidget *doctor_scroller;

  /* owned references */
  GantryStore *store;
  GListModel *found;
  GPtrArray *tools;              /* GantryToolchain*, what found shows */
  GPtrArray *doctor_tools;       /* what tools held when Check targets started: every check uses it */
  GListModel *releases;
  GPtrArray *host_releases;      /* GantryRelease*, what the release rows point into */
  GListModel *doctor;            /* GantryDoctorRow */
  GCancellable *cancellable;
  GCancellable *doctor_cancellable;

  /* state */
  char *problem;
  gboolean detecting;
  gboolean fetching;
  gboolean installing;
  gboolean removing;
  gboolean checking;
  gboolean building;             /* the window builds or verifies a project: its compilers are in use */
  gboolean fetch_offered;        /* read the releases once detection is done */
  guint doctor_index;            /* the row being checked */
  guint doctor_failed;
};

G_DEFINE_FINAL_TYPE (GantryToolchainsView, gantry_toolchains_view, GTK_TYPE_WIDGET)

/* Detecting, reading releases, installing and removing share the
 * cancellable and the lists: one at a time. */
static gboolean
lists_busy (GantryToolchainsView *self)
{
  return self->detecting || self->fetching || self->installing || self->removing;
}

/* The checks run beside the rest: they only read the tools found when
 * they started (doctor_tools), so detecting, fetching or installing may
 * go on. Removing waits for them, and for the window's build, as it
 * could take away a compiler being run. */
static gboolean
can_remove (GantryToolchainsView *self)
{
  return self->store != NULL && !lists_busy (self) && !self->checking && !self->building;
}

static void
update_actions (GantryToolchainsView *self)
{
  gboolean busy = lists_busy (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "toolchains.detect", self->store != NULL && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "toolchains.fetch", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "toolchains.install", self->store != NULL && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "toolchains.remove", can_remove (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "toolchains.cancel", busy && !self->removing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "toolchains.check", self->tools != NULL && !self->checking && !self->removing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "toolchains.cancel-check", self->checking);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), self->installing);
  gtk_spinner_set_spinning (self->doctor_spinner, self->checking);
  gtk_widget_set_visible (GTK_WIDGET (self->doctor_spinner), self->checking);
  gtk_widget_set_visible (self->doctor_cancel_button, self->checking);
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

/* gantry_toolchains_view_offer() while the page was busy: its releases
 * are read as soon as "Show releases" may run. */
static void
fetch_if_offered (GantryToolchainsView *self)
{
  if (!self->fetch_offered || lists_busy (self))
    return;
  self->fetch_offered = FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self), "toolchains.fetch", NULL);
}

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
      fetch_if_offered (self);
      return;
    }
  g_clear_object (&self->found);
  self->found = gantry_toolchain_model_new (found);
  g_clear_pointer (&self->tools, g_ptr_array_unref);
  self->tools = g_ptr_array_ref (found);
  set_model (self->found_view, self->found);
  {
    g_autofree char *text = g_strdup_printf ("%u tool%s found", found->len, found->len == 1 ? "" : "s");
    gtk_label_set_label (self->status_label, text);
  }
  update_actions (self);
  fetch_if_offered (self);
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
      /* another kind was offered while these were read */
      fetch_if_offered (self);
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
  fetch_if_offered (self);
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

/* Marks the release rows of @name @version installed or not, without
 * reading the catalog again. */
static void
set_release_installed (GantryToolchainsView *self,
                       const char           *name,
                       const char           *version,
                       gboolean              installed)
{
  for (guint i = 0; self->releases != NULL && i < g_list_model_get_n_items (self->releases); i++)
    {
      g_autoptr(GantryReleaseRow) row = g_list_model_get_item (self->releases, i);
      const GantryRelease *r = gantry_release_row_get_release (row);

      if (g_strcmp0 (r->name, name) == 0 && g_strcmp0 (r->version, version) == 0)
        gantry_release_row_set_installed (row, installed);
    }
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
      fetch_if_offered (self);
      return;
    }
  {
    g_autofree char *text = g_strdup_printf ("Installed %s %s", tc->name, tc->version);
    gtk_label_set_label (self->release_label, text);
  }
  set_release_installed (self, tc->name, tc->version, TRUE);
  detect_action (GTK_WIDGET (self), NULL, NULL);
  /* a no-op while detecting: on_detected reads the offered releases */
  fetch_if_offered (self);
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
/* Removing a toolchain Gantry installed, after asking                 */
/* ------------------------------------------------------------------ */

typedef struct
{
  GantryStore *store;
  char *kind;
  char *version;
} RemoveJob;

static void
remove_job_free (gpointer data)
{
  RemoveJob *job = data;

  g_object_unref (job->store);
  g_free (job->kind);
  g_free (job->version);
  g_free (job);
}

/* The folder may hold thousands of files (Go does): delete it off the main thread. */
static void
remove_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RemoveJob *job = task_data;
  GError *error = NULL;

  if (gantry_toolchain_remove (job->store, job->kind, job->version, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_removed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GantryToolchainsView *self = GANTRY_TOOLCHAINS_VIEW (source);
  RemoveJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->removing = FALSE;
  /* the window closed while the folder was deleted */
  if (self->problem_label == NULL)
    return;
  update_actions (self);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      show_problem (self, error->message);
      fetch_if_offered (self);
      return;
    }
  set_release_installed (self, job->kind, job->version, FALSE);
  detect_action (GTK_WIDGET (self), NULL, NULL);
  fetch_if_offered (self);
}

static void
on_remove_confirmed (GtkButton            *button,
                     GantryToolchainsView *self)
{
  GtkWindow *dialog = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (button)));
  g_autoptr(GTask) task = NULL;
  RemoveJob *job;

  /* what started while the dialog was open */
  if (!can_remove (self))
    {
      if (self->checking)
        show_problem (self, "Targets are being checked: cancel the check, or wait for it, before removing a toolchain.");
      else if (self->building)
        show_problem (self, "A build or its verification is running: cancel it, or wait for it, before removing a toolchain.");
      else if (lists_busy (self))
        show_problem (self, "The toolchain list is being updated: remove the toolchain once it is done.");
      gtk_window_destroy (dialog);
      return;
    }
  job = g_new0 (RemoveJob, 1);
  job->store = g_object_ref (self->store);
  job->kind = g_strdup (g_object_get_data (G_OBJECT (dialog), "toolchain-kind"));
  job->version = g_strdup (g_object_get_data (G_OBJECT (dialog), "toolchain-version"));
  gtk_window_destroy (dialog);

  self->removing = TRUE;
  show_problem (self, NULL);
  {
    g_autofree char *text = g_strdup_printf ("Removing %s %s…", job->kind, job->version);
    gtk_label_set_label (self->status_label, text);
  }
  update_actions (self);
  task = g_task_new (self, NULL, on_removed, NULL);
  g_task_set_source_tag (task, on_remove_confirmed);
  g_task_set_task_data (task, job, remove_job_free);
  g_task_run_in_thread (task, remove_worker);
}

static void
on_remove_cancelled (GtkButton *button,
                     gpointer   unused)
{
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (button))));
}

/* @parameter: the install's store row. One install may show as several
 * rows (llvm-mingw holds a clang per target): all go with it. */
static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GantryToolchainsView *self = GANTRY_TOOLCHAINS_VIEW (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(GPtrArray) installed = NULL;
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  const GantryToolchain *tc = NULL;
  GtkWindow *dialog;
  GtkRoot *root;

  if (!can_remove (self))
    return;
  installed = gantry_toolchain_list (self->store, "installed", &error);
  if (installed == NULL)
    {
      show_problem (self, error->message);
      return;
    }
  for (guint i = 0; i < installed->len && tc == NULL; i++)
    if (((GantryToolchain *) g_ptr_array_index (installed, i))->id == id)
      tc = g_ptr_array_index (installed, i);
  if (tc == NULL)
    {
      show_problem (self, "That toolchain is no longer installed: the list is being refreshed.");
      detect_action (widget, NULL, NULL);
      return;
    }

  builder = gtk_builder_new_from_resource (GANTRY_RESOURCE_BASE "/ui/gantry-remove-toolchain-dialog.ui");
  dialog = GTK_WINDOW (gtk_builder_get_object (builder, "dialog"));
  title = g_markup_printf_escaped ("Remove <b>%s %s</b>?", tc->kind, tc->version);
  gtk_label_set_markup (GTK_LABEL (gtk_builder_get_object (builder, "title_label")), title);
  body = g_strdup_printf ("Gantry deletes its folder, %s. Builds that used it choose another "
                          "compiler, or say which one to install.", tc->path);
  gtk_label_set_label (GTK_LABEL (gtk_builder_get_object (builder, "body_label")), body);
  g_object_set_data_full (G_OBJECT (dialog), "toolchain-kind", g_strdup (tc->kind), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "toolchain-version", g_strdup (tc->version), g_free);
  g_signal_connect_object (gtk_builder_get_object (builder, "remove_button"), "clicked",
                           G_CALLBACK (on_remove_confirmed), self, 0);
  g_signal_connect (gtk_builder_get_object (builder, "cancel_button"), "clicked",
                    G_CALLBACK (on_remove_cancelled), NULL);
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (dialog, GTK_WINDOW (root));
  gtk_window_present (dialog);
}

/* ------------------------------------------------------------------ */
/* Checking targets: the doctor, one target after another              */
/* ------------------------------------------------------------------ */

static void check_next (GantryToolchainsView *self);

static void
finish_checks (GantryToolchainsView *self,
               const char           *text)
{
  self->checking = FALSE;
  g_clear_object (&self->doctor_cancellable);
  g_clear_pointer (&self->doctor_tools, g_ptr_array_unref);
  gtk_label_set_label (self->doctor_label, text);
  update_actions (self);
}

static void
on_checked (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GantryToolchainsView) self = user_data;
  g_autoptr(GantryDoctorResult) r = NULL;
  g_autoptr(GantryDoctorRow) row = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  r = gantry_doctor_check_finish (result, &error);
  /* the view went away while a check ran */
  if (self->doctor == NULL || self->doctor_label == NULL)
    return;
  n = g_list_model_get_n_items (self->doctor);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf ("Cancelled: %u of %u targets checked", self->doctor_index, n);

      for (guint i = self->doctor_index; i < n; i++)
        {
          g_autoptr(GantryDoctorRow) rest = g_list_model_get_item (self->doctor, i);
          gantry_doctor_row_set_state (rest, GANTRY_DOCTOR_CANCELLED);
        }
      finish_checks (self, text);
      return;
    }
  row = g_list_model_get_item (self->doctor, self->doctor_index);
  /* The check itself could not run: the core's sentence in the target's
   * row, as for a target it cannot read, and on to the next one. */
  if (r == NULL)
    r = gantry_doctor_result_new_failed (gantry_doctor_row_get_target (row), "check",
                                         error != NULL ? error->message : "The check ended without a result.");
  gantry_doctor_row_set_result (row, r);
  if (!r->ok)
    self->doctor_failed++;
  self->doctor_index++;
  check_next (self);
}

static void
check_next (GantryToolchainsView *self)
{
  guint n = g_list_model_get_n_items (self->doctor);

  while (self->doctor_index < n)
    {
      g_autoptr(GantryDoctorRow) row = g_list_model_get_item (self->doctor, self->doctor_index);
      g_auto(GantryTargetSpec) spec = { 0 };
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      if (!gantry_target_spec_parse (gantry_doctor_row_get_target (row), &spec, &error))
        {
          /* not one of ours: say so in its row and go on */
          g_autoptr(GantryDoctorResult) r = gantry_doctor_result_new_failed (gantry_doctor_row_get_target (row),
                                                                             "resolve", error->message);

          gantry_doctor_row_set_result (row, r);
          self->doctor_failed++;
          self->doctor_index++;
          continue;
        }
      gantry_doctor_row_set_state (row, GANTRY_DOCTOR_CHECKING);
      text = g_strdup_printf ("Checking %u of %u…", self->doctor_index + 1, n);
      gtk_label_set_label (self->doctor_label, text);
      gantry_doctor_check_async (&spec, TRUE, self->doctor_tools, self->doctor_cancellable,
                                 on_checked, g_object_ref (self));
      return;
    }

  {
    g_autofree char *text = g_strdup_printf ("%u of %u targets build", n - self->doctor_failed, n);
    finish_checks (self, text);
  }
}

void
gantry_toolchains_view_offer (GantryToolchainsView *self,
                              const char           *kind)
{
  g_return_if_fail (GANTRY_IS_TOOLCHAINS_VIEW (self));
  g_return_if_fail (kind != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (!g_str_equal (kinds[i], kind))
        continue;
      gtk_drop_down_set_selected (self->kind_dropdown, i);
      /* while the page looks for tools, right after */
      self->fetch_offered = TRUE;
      fetch_if_offered (self);
      return;
    }
  g_warning ("No toolchain kind '%s' in the catalog", kind);
}

/* Checks @targets one after another, each in a worker thread, with the
 * tools the page had found when this was called. FALSE when a check runs,
 * a toolchain is being removed or nothing was found yet. */
gboolean
gantry_toolchains_view_check_targets (GantryToolchainsView *self,
                                      const char * const   *targets)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_val_if_fail (GANTRY_IS_TOOLCHAINS_VIEW (self), FALSE);
  g_return_val_if_fail (targets != NULL, FALSE);

  if (self->checking || self->removing || self->tools == NULL)
    return FALSE;
  self->checking = TRUE;
  g_clear_pointer (&self->doctor_tools, g_ptr_array_unref);
  self->doctor_tools = g_ptr_array_ref (self->tools);
  self->doctor_index = 0;
  self->doctor_failed = 0;
  g_clear_object (&self->doctor);
  self->doctor = gantry_doctor_model_new (targets);
  selection = gtk_no_selection_new (g_object_ref (self->doctor));
  gtk_list_view_set_model (self->doctor_view, GTK_SELECTION_MODEL (selection));
  gtk_widget_set_visible (self->doctor_scroller, TRUE);
  g_clear_object (&self->doctor_cancellable);
  self->doctor_cancellable = g_cancellable_new ();
  update_actions (self);
  check_next (self);
  return TRUE;
}

/* The targets 'gantry doctor' checks when given none. */
static void
check_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gantry_toolchains_view_check_targets (GANTRY_TOOLCHAINS_VIEW (widget), gantry_doctor_default_targets ());
}

static void
cancel_check_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  GantryToolchainsView *self = GANTRY_TOOLCHAINS_VIEW (widget);

  g_cancellable_cancel (self->doctor_cancellable);
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

/* The window tells the page when a build or a verification runs: their
 * compilers must not be removed under them. */
void
gantry_toolchains_view_set_building (GantryToolchainsView *self,
                                     gboolean              building)
{
  g_return_if_fail (GANTRY_IS_TOOLCHAINS_VIEW (self));

  building = !!building;
  if (self->building == building)
    return;
  self->building = building;
  update_actions (self);
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
gantry_toolchains_view_get_removing (GantryToolchainsView *self)
{
  g_return_val_if_fail (GANTRY_IS_TOOLCHAINS_VIEW (self), FALSE);
  return self->removing;
}

gboolean
gantry_toolchains_view_get_busy (GantryToolchainsView *self)
{
  g_return_val_if_fail (GANTRY_IS_TOOLCHAINS_VIEW (self), FALSE);
  return lists_busy (self) || self->checking;
}

GListModel *
gantry_toolchains_view_get_doctor (GantryToolchainsView *self)
{
  g_return_val_if_fail (GANTRY_IS_TOOLCHAINS_VIEW (self), NULL);
  return self->doctor;
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

static GVariant *
remove_target (gpointer unused,
               gint64   id)
{
  return g_variant_ref_sink (g_variant_new_int64 (id));
}

/* Names the install, not the program: llvm-mingw's three clangs go together. */
static char *
remove_tooltip (gpointer    unused,
                const char *install_kind,
                const char *version)
{
  return g_strdup_printf ("Remove %s %s, which Gantry installed", install_kind ? install_kind : "", version ? version : "");
}

/* The installed ones are Gantry's to remove; the others belong to the system. */
static char *
origin_tooltip (gpointer    unused,
                const char *origin)
{
  if (g_strcmp0 (origin, "installed") == 0)
    return g_strdup ("Installed by Gantry in its own folder: Remove deletes it");
  return g_strdup ("Found on PATH: it is not Gantry's, so remove it with the system's package manager");
}

static gboolean
has_text (gpointer    unused,
          const char *text)
{
  return text != NULL && *text != '\0';
}

static GStrv
doctor_classes (gpointer    unused,
                const char *state)
{
  return gantry_run_state_css_classes ("doctor-mark", g_strcmp0 (state, "checking") == 0 ? "running" : state);
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
  g_cancellable_cancel (self->doctor_cancellable);
  gantry_widget_dispose_template (GTK_WIDGET (self), GANTRY_TYPE_TOOLCHAINS_VIEW);

  G_OBJECT_CLASS (gantry_toolchains_view_parent_class)->dispose (object);
}

static void
gantry_toolchains_view_finalize (GObject *object)
{
  GantryToolchainsView *self = GANTRY_TOOLCHAINS_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->doctor_cancellable);
  g_clear_object (&self->found);
  g_clear_pointer (&self->tools, g_ptr_array_unref);
  g_clear_pointer (&self->doctor_tools, g_ptr_array_unref);
  g_clear_object (&self->doctor);
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
  g_type_ensure (GANTRY_TYPE_DOCTOR_ROW);

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
  gtk_widget_class_bind_template_callback (widget_class, remove_target);
  gtk_widget_class_bind_template_callback (widget_class, remove_tooltip);
  gtk_widget_class_bind_template_callback (widget_class, origin_tooltip);
  gtk_widget_class_bind_template_callback (widget_class, doctor_classes);
  gtk_widget_class_bind_template_callback (widget_class, has_text);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, doctor_view);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, doctor_label);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, doctor_spinner);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, doctor_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, doctor_scroller);

  gtk_widget_class_install_action (widget_class, "toolchains.detect", NULL, detect_action);
  gtk_widget_class_install_action (widget_class, "toolchains.fetch", NULL, fetch_action);
  gtk_widget_class_install_action (widget_class, "toolchains.install", "s", install_action);
  gtk_widget_class_install_action (widget_class, "toolchains.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "toolchains.remove", "x", remove_action);
  gtk_widget_class_install_action (widget_class, "toolchains.check", NULL, check_action);
  gtk_widget_class_install_action (widget_class, "toolchains.cancel-check", NULL, cancel_check_action);
}

static void
gantry_toolchains_view_init (GantryToolchainsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}

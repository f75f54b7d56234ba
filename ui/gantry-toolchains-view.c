/* gantry-toolchains-view.c — compilers on this computer, removing Gantry's own, checking targets, and releases to install */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-toolchains-view"

#include "config.h"

#include <string.h>

#include "gantry-catalog.h"
#include "gantry-widget-util.h"
#include "gantry-toolchain-model.h"
#include "gantry-toolchain.h"
#include "gantry-toolchains-view.h"
#include "gantry-reflow-box.h"
#include "gantry-run-model.h"

static const char * const kinds[] = { "go", "zig", "mingw" };

struct _GantryToolchainsView
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkListBox *found_view;
  GtkListBox *release_view;
  GtkDropDown *kind_dropdown;
  GtkLabel *status_label;
  GtkLabel *release_label;
  GtkStack *release_stack;
  GtkSpinner *release_spinner;
  GtkLabel *release_loading_label;
  GtkLabel *release_error_label;
  GtkWidget *progress_box;
  GtkProgressBar *progress_bar;
  GtkRevealer *problem_revealer;
  GtkLabel *problem_label;
  GtkListBox *doctor_view;
  GtkLabel *doctor_label;
  GtkSpinner *doctor_spinner;
  GtkWidget *doctor_cancel_button;
  GtkWidget *doctor_scroller;
  GtkScrolledWindow *page_scroller;
  GtkWidget *release_header;

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
  char *problem;                 /* worded for the window */
  char *release_error;           /* why the last release list could not be read */
  gboolean detecting;
  gboolean fetching;
  gboolean installing;
  gboolean removing;
  gboolean checking;
  gboolean building;             /* the window builds or verifies a project: its compilers are in use */
  gboolean fetch_offered;        /* read the releases once detection is done */
  guint scroll_tick;             /* bringing the releases into sight */
  guint scroll_tries;
  gboolean scroll_when_read;     /* and again once the offered ones are read */
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
  gtk_widget_set_visible (self->progress_box, self->installing);
  gtk_spinner_set_spinning (self->release_spinner, self->fetching);
  gtk_spinner_set_spinning (self->doctor_spinner, self->checking);
  gtk_widget_set_visible (GTK_WIDGET (self->doctor_spinner), self->checking);
  gtk_widget_set_visible (self->doctor_cancel_button, self->checking);
}

/* @message is the core's sentence: the banner names the page's buttons
 * where it names a command. It wraps, so all of it shows. */
static void
show_problem (GantryToolchainsView *self,
              const char           *message)
{
  g_free (self->problem);
  self->problem = gantry_toolchain_window_text (message);
  if (self->problem != NULL)
    gtk_label_set_label (self->problem_label, self->problem);
  gtk_revealer_set_reveal_child (self->problem_revealer, self->problem != NULL);
}

static void
on_problem_close (GantryToolchainsView *self)
{
  show_problem (self, NULL);
}

/* ------------------------------------------------------------------ */
/* Rows                                                                */
/* ------------------------------------------------------------------ */

static GtkWidget *
row_label (const char *css_class,
           gboolean    wrap)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (wrap)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
    }
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* Not activatable: the buttons in it do the work. */
static GtkWidget *
list_row (GtkWidget *child)
{
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_start (child, 10);
  gtk_widget_set_margin_end (child, 10);
  gtk_widget_set_margin_top (child, 6);
  gtk_widget_set_margin_bottom (child, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), child);
  return row;
}

static GtkWidget *
placeholder_label (const char *text)
{
  GtkWidget *label = row_label ("dim-label", TRUE);

  gtk_label_set_label (GTK_LABEL (label), text);
  gtk_widget_set_margin_start (label, 10);
  gtk_widget_set_margin_end (label, 10);
  gtk_widget_set_margin_top (label, 8);
  gtk_widget_set_margin_bottom (label, 8);
  return label;
}

static gboolean
text_to_visible (GBinding     *binding,
                 const GValue *from,
                 GValue       *to,
                 gpointer      unused)
{
  const char *text = g_value_get_string (from);

  g_value_set_boolean (to, text != NULL && *text != '\0');
  return TRUE;
}

/* The installed ones are Gantry's to remove; the others belong to the system. */
static const char *
origin_tooltip (const char *origin)
{
  if (g_strcmp0 (origin, "installed") == 0)
    return "Installed by Gantry in its own folder: Remove deletes it";
  return "Found on PATH: it is not Gantry's, so remove it with the system's package manager";
}

/* A tool: what it is, its version and where, and, for an emulator
 * family, the architectures it runs. Remove on each row (shown on
 * Gantry's own) names the install, not the program. */
static GtkWidget *
found_row_new (gpointer item,
               gpointer user_data)
{
  GantryToolchainRow *row = item;
  const GantryToolchain *tc = gantry_toolchain_row_get_toolchain (row);
  gboolean installed = g_strcmp0 (tc->origin, "installed") == 0;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = row_label ("heading", TRUE);
  GtkWidget *subtitle = row_label ("dim-label", TRUE);
  GtkWidget *origin = row_label ("dim-label", FALSE);
  GtkWidget *remove = gtk_button_new_with_label ("Remove");
  g_autofree char *archs_text = NULL;
  g_autofree char *tooltip = NULL;

  gtk_widget_set_hexpand (text, TRUE);
  g_object_bind_property (row, "title", title, "label", G_BINDING_SYNC_CREATE);
  g_object_bind_property (row, "subtitle", subtitle, "label", G_BINDING_SYNC_CREATE);
  gtk_label_set_selectable (GTK_LABEL (subtitle), TRUE);
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), subtitle);
  g_object_get (row, "architectures", &archs_text, NULL);
  if (archs_text != NULL)
    {
      GtkWidget *archs = row_label (NULL, TRUE);
      g_autofree char *line = g_strdup_printf ("Architectures: %s", archs_text);

      gtk_label_set_label (GTK_LABEL (archs), line);
      gtk_label_set_selectable (GTK_LABEL (archs), TRUE);
      gtk_box_append (GTK_BOX (text), archs);
    }
  gtk_box_append (GTK_BOX (box), text);

  gtk_label_set_label (GTK_LABEL (origin), installed ? "Installed by Gantry" : "On PATH");
  gtk_widget_set_tooltip_text (origin, origin_tooltip (tc->origin));
  gtk_widget_set_valign (origin, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), origin);

  /* every row has one, shown on Gantry's own installs only */
  tooltip = g_strdup_printf ("Remove %s %s, which Gantry installed",
                             installed ? gantry_toolchain_row_get_install_kind (row) : tc->name,
                             tc->version ? tc->version : "");
  gtk_widget_set_tooltip_text (remove, tooltip);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "toolchains.remove");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "x", tc->id);
  gtk_widget_set_visible (remove, installed);
  gtk_box_append (GTK_BOX (box), remove);
  return list_row (box);
}

static gboolean
install_visible (GBinding     *binding,
                 const GValue *from,
                 GValue       *to,
                 gpointer      user_data)
{
  gboolean installable = GPOINTER_TO_INT (user_data);

  g_value_set_boolean (to, installable && !g_value_get_boolean (from));
  return TRUE;
}

/* A release: name and version, size, whether it is stable, where it
 * comes from; Install, or that it is installed. */
static GtkWidget *
release_row_new (gpointer item,
                 gpointer user_data)
{
  GantryReleaseRow *row = item;
  const GantryRelease *r = gantry_release_row_get_release (row);
  gboolean installable = r->sha256 != NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = row_label ("heading", FALSE);
  GtkWidget *facts = row_label ("dim-label", TRUE);
  GtkWidget *url = row_label ("dim-label", FALSE);
  GtkWidget *installed = row_label ("dim-label", FALSE);
  GtkWidget *install = gtk_button_new_with_label ("Install");
  g_autofree char *title_text = g_strdup_printf ("%s %s", r->name, r->version);
  g_autofree char *size = r->size ? gantry_format_size (r->size) : NULL;
  g_autofree char *facts_text = NULL;
  g_autofree char *id = gantry_release_get_id (r);
  g_autofree char *tooltip = g_strdup_printf ("Download, check and install %s %s", r->name, r->version);

  gtk_widget_set_hexpand (text, TRUE);
  gtk_label_set_label (GTK_LABEL (title), title_text);
  gtk_box_append (GTK_BOX (text), title);
  facts_text = g_strdup_printf ("%s%s%s%s", r->stable ? "Stable release" : "Not a stable release",
                                size ? " · " : "", size ? size : "",
                                installable ? "" : " · no checksum to check it against, so it cannot be installed");
  gtk_label_set_label (GTK_LABEL (facts), facts_text);
  gtk_box_append (GTK_BOX (text), facts);
  gtk_label_set_label (GTK_LABEL (url), r->url);
  gtk_label_set_ellipsize (GTK_LABEL (url), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_tooltip_text (url, r->url);
  gtk_widget_add_css_class (url, "monospace");
  gtk_box_append (GTK_BOX (text), url);
  gtk_box_append (GTK_BOX (box), text);

  gtk_label_set_label (GTK_LABEL (installed), "Installed");
  gtk_widget_set_valign (installed, GTK_ALIGN_CENTER);
  g_object_bind_property (row, "installed", installed, "visible", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (box), installed);

  gtk_widget_set_valign (install, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (install, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (install), "toolchains.install");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (install), "s", id);
  g_object_bind_property_full (row, "installed", install, "visible", G_BINDING_SYNC_CREATE,
                               install_visible, NULL, GINT_TO_POINTER (installable), NULL);
  gtk_box_append (GTK_BOX (box), install);
  return list_row (box);
}

static gboolean
state_to_classes (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      unused)
{
  const char *state = g_value_get_string (from);

  g_value_take_boxed (to, gantry_run_state_css_classes ("doctor-mark", g_strcmp0 (state, "checking") == 0 ? "running" : state));
  return TRUE;
}

/* A target being checked: its mark, the target as Gantry names it
 * elsewhere, the compiler chosen, what happened, how long; and under
 * it, when it failed, what ran and the tool's own words. */
static GtkWidget *
doctor_row_new (gpointer item,
                gpointer user_data)
{
  GantryDoctorRow *row = item;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *mark = row_label (NULL, FALSE);
  GtkWidget *target = row_label ("doctor-target", FALSE);
  GtkWidget *compiler = row_label ("monospace", FALSE);
  GtkWidget *summary = row_label (NULL, TRUE);
  GtkWidget *time = row_label ("dim-label", FALSE);
  GtkWidget *expander = gtk_expander_new ("What failed");
  GtkWidget *details = row_label ("monospace", TRUE);

  gtk_label_set_width_chars (GTK_LABEL (mark), 2);
  g_object_bind_property (row, "mark", mark, "label", G_BINDING_SYNC_CREATE);
  g_object_bind_property (row, "status", mark, "tooltip-text", G_BINDING_SYNC_CREATE);
  g_object_bind_property_full (row, "state", mark, "css-classes", G_BINDING_SYNC_CREATE,
                               state_to_classes, NULL, NULL, NULL);
  gtk_box_append (GTK_BOX (line), mark);

  gtk_label_set_width_chars (GTK_LABEL (target), 24);
  gtk_label_set_selectable (GTK_LABEL (target), TRUE);
  g_object_bind_property (row, "key", target, "label", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (line), target);

  gtk_label_set_width_chars (GTK_LABEL (compiler), 22);
  gtk_label_set_max_width_chars (GTK_LABEL (compiler), 22);
  gtk_label_set_ellipsize (GTK_LABEL (compiler), PANGO_ELLIPSIZE_MIDDLE);
  g_object_bind_property (row, "compiler", compiler, "label", G_BINDING_SYNC_CREATE);
  g_object_bind_property (row, "cc", compiler, "tooltip-text", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (line), compiler);

  gtk_widget_set_hexpand (summary, TRUE);
  gtk_label_set_width_chars (GTK_LABEL (summary), 30);
  gtk_label_set_max_width_chars (GTK_LABEL (summary), 90);
  gtk_label_set_selectable (GTK_LABEL (summary), TRUE);
  g_object_bind_property (row, "summary", summary, "label", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (line), summary);

  gtk_label_set_xalign (GTK_LABEL (time), 1);
  gtk_label_set_width_chars (GTK_LABEL (time), 7);
  gtk_widget_add_css_class (time, "numeric");
  g_object_bind_property (row, "time", time, "label", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (line), time);
  gtk_box_append (GTK_BOX (box), line);

  gtk_widget_set_margin_start (expander, 38);
  gtk_label_set_selectable (GTK_LABEL (details), TRUE);
  gtk_widget_set_margin_top (details, 4);
  gtk_widget_set_margin_bottom (details, 4);
  gtk_widget_add_css_class (details, "doctor-details");
  g_object_bind_property (row, "details", details, "label", G_BINDING_SYNC_CREATE);
  gtk_expander_set_child (GTK_EXPANDER (expander), details);
  g_object_bind_property_full (row, "details", expander, "visible", G_BINDING_SYNC_CREATE,
                               text_to_visible, NULL, NULL, NULL);
  gtk_box_append (GTK_BOX (box), expander);
  return list_row (box);
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

/* A row is a tool as a person counts it: qemu-user once, not each qemu-ARCH. */
static void
show_tool_count (GantryToolchainsView *self)
{
  guint n = self->found != NULL ? g_list_model_get_n_items (self->found) : 0;
  g_autofree char *text = g_strdup_printf ("%u tool%s found", n, n == 1 ? "" : "s");

  gtk_label_set_label (self->status_label, self->found != NULL ? text : "");
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
  gtk_list_box_bind_model (self->found_view, self->found, found_row_new, NULL, NULL);
  show_tool_count (self);
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

static void scroll_to_releases (GantryToolchainsView *self);

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
  /* the window closed while the list was read */
  if (self->release_stack == NULL)
    return;
  update_actions (self);
  if (releases == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_label (self->release_label, "Cancelled");
          gtk_stack_set_visible_child_name (self->release_stack, self->releases != NULL ? "list" : "none");
        }
      else
        {
          /* in the section it was asked from, with Try again beside it */
          g_free (self->release_error);
          self->release_error = gantry_toolchain_window_text (error->message);
          gtk_label_set_label (self->release_error_label, self->release_error);
          gtk_label_set_label (self->release_label, "The release list could not be read");
          gtk_stack_set_visible_child_name (self->release_stack, "error");
        }
      /* another kind was offered while these were read */
      fetch_if_offered (self);
      if (!self->fetching && self->scroll_when_read)
        scroll_to_releases (self);
      return;
    }
  g_clear_pointer (&self->host_releases, g_ptr_array_unref);
  self->host_releases = gantry_catalog_for_host (releases, gantry_catalog_host_os (), gantry_catalog_host_arch ());
  if (self->store != NULL)
    installed = gantry_toolchain_list (self->store, "installed", NULL);
  g_clear_object (&self->releases);
  self->releases = gantry_release_model_new (self->host_releases, installed);
  gtk_list_box_bind_model (self->release_view, self->releases, release_row_new, NULL, NULL);
  gtk_stack_set_visible_child_name (self->release_stack, "list");
  {
    guint n = g_list_model_get_n_items (self->releases);
    g_autofree char *text = g_strdup_printf ("%u release%s for %s/%s", n, n == 1 ? "" : "s",
                                             gantry_catalog_host_os (), gantry_catalog_host_arch ());
    gtk_label_set_label (self->release_label, text);
  }
  fetch_if_offered (self);
  /* offered from elsewhere: the list, not only its heading, in sight */
  if (!self->fetching && self->scroll_when_read)
    scroll_to_releases (self);
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
  g_clear_pointer (&self->release_error, g_free);
  {
    g_autofree char *kind_name = g_strdup (gtk_string_object_get_string (gtk_drop_down_get_selected_item (self->kind_dropdown)));
    g_autofree char *text = NULL;

    /* "Zig (cross C compiler …)" → "Zig" */
    kind_name[strcspn (kind_name, " (")] = '\0';
    text = g_strdup_printf ("Reading the %s release list…", kind_name);
    gtk_label_set_label (self->release_loading_label, text);
  }
  gtk_label_set_label (self->release_label, "");
  gtk_stack_set_visible_child_name (self->release_stack, "loading");
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
      g_autofree char *got = gantry_format_size (p->received);
      g_autofree char *speed = gantry_format_size ((guint64) p->bytes_per_second);

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
      /* not "Removing …" any more: the list is as it was */
      show_tool_count (self);
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

      if (!gantry_doctor_row_get_spec (row, &spec, &error))
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

/* Scrolls the page to "Available to install" once a frame has laid it
 * out (the page may have been switched to a moment ago). */
static gboolean
scroll_to_releases_tick (GtkWidget     *widget,
                         GdkFrameClock *clock,
                         gpointer       unused)
{
  GantryToolchainsView *self = GANTRY_TOOLCHAINS_VIEW (widget);
  GtkWidget *viewport = gtk_scrolled_window_get_child (self->page_scroller);
  GtkWidget *content = gtk_viewport_get_child (GTK_VIEWPORT (viewport));
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->page_scroller);
  graphene_point_t at;
  int natural = 0;

  /* ticks come before the frame's layout: wait until the page's length
   * (a list just read) is what the scrollbar knows, or a second at most */
  if (gtk_widget_get_width (content) > 0)
    gtk_widget_measure (content, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (content), NULL, &natural, NULL, NULL);
  if (self->scroll_tries++ < 60 &&
      (gtk_widget_get_width (self->release_header) <= 0 || gtk_adjustment_get_upper (adj) < natural))
    return G_SOURCE_CONTINUE;
  if (!gtk_widget_compute_point (self->release_header, content, &GRAPHENE_POINT_INIT (0, 0), &at))
    at.y = 0;
  gtk_adjustment_set_value (adj, MAX (at.y - 8, 0));
  self->scroll_tick = 0;
  if (!self->fetching && !self->fetch_offered)
    self->scroll_when_read = FALSE;
  return G_SOURCE_REMOVE;
}

static void
scroll_to_releases (GantryToolchainsView *self)
{
  self->scroll_tries = 0;
  if (self->scroll_tick == 0)
    self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_releases_tick, NULL, NULL);
}

/* From elsewhere in the window (Targets' "Toolchains…"): the releases
 * of @kind, in sight below however many tools were found. */
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
      self->scroll_when_read = TRUE;
      fetch_if_offered (self);
      scroll_to_releases (self);
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
  gtk_list_box_bind_model (self->doctor_view, self->doctor, doctor_row_new, NULL, NULL);
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

static void
gantry_toolchains_view_dispose (GObject *object)
{
  GantryToolchainsView *self = GANTRY_TOOLCHAINS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->doctor_cancellable);
  if (self->scroll_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick);
  self->scroll_tick = 0;
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
  g_free (self->release_error);

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
  g_type_ensure (GANTRY_TYPE_REFLOW_BOX);
  g_type_ensure (GANTRY_TYPE_RELEASE_ROW);
  g_type_ensure (GANTRY_TYPE_DOCTOR_ROW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, GANTRY_RESOURCE_BASE "/ui/gantry-toolchains-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, found_view);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, release_view);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, status_label);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, release_label);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, release_stack);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, release_spinner);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, release_loading_label);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, release_error_label);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, progress_box);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, problem_revealer);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, on_problem_close);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, doctor_view);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, doctor_label);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, doctor_spinner);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, doctor_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, doctor_scroller);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, page_scroller);
  gtk_widget_class_bind_template_child (widget_class, GantryToolchainsView, release_header);

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
  gtk_list_box_set_placeholder (self->found_view,
                                placeholder_label ("Nothing found yet: Look again searches PATH and Gantry's folder."));
  gtk_list_box_set_placeholder (self->release_view,
                                placeholder_label ("No release of this kind is made for this computer."));
  update_actions (self);
}

/* gantry-application.c — the GtkApplication: one instance, one window */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-app"

#include "config.h"

#include "gantry-application.h"
#include "gantry-cli.h"
#include "gantry-style.h"
#include "gantry-window.h"

struct _GantryApplication
{
  GtkApplication parent_instance;

  GantryStore *store;
};

G_DEFINE_FINAL_TYPE (GantryApplication, gantry_application, GTK_TYPE_APPLICATION)

static void
show_store_error (GantryApplication *self,
                  const GError      *error)
{
  GtkWidget *window = gtk_application_window_new (GTK_APPLICATION (self));
  GtkWidget *label = gtk_label_new (NULL);
  g_autofree char *text = g_strdup_printf ("Gantry cannot open its store.\n\n%s", error->message);

  gtk_label_set_label (GTK_LABEL (label), text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_start (label, 24);
  gtk_widget_set_margin_end (label, 24);
  gtk_widget_set_margin_top (label, 24);
  gtk_widget_set_margin_bottom (label, 24);
  gtk_window_set_title (GTK_WINDOW (window), "Gantry");
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 200);
  gtk_window_set_child (GTK_WINDOW (window), label);
  gtk_window_present (GTK_WINDOW (window));
}

static void
gantry_application_activate (GApplication *app)
{
  GantryApplication *self = GANTRY_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autoptr(GError) error = NULL;

  /* Single instance: a second launch only raises the first window. */
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  if (self->store == NULL)
    self->store = gantry_app_open_store (&error);
  if (self->store == NULL)
    {
      g_printerr ("gantry: %s\n", error->message);
      show_store_error (self, error);
      return;
    }

  window = GTK_WINDOW (gantry_window_new (GTK_APPLICATION (app), self->store));
  gtk_window_present (window);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GApplication *app = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* closing the windows cancels their builds (dispose) before the loop ends */
  while (windows != NULL)
    {
      GList *next = windows->next;

      gtk_window_destroy (GTK_WINDOW (windows->data));
      windows = next;
    }
  g_application_quit (app);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  const char *authors[] = { "The Gantry authors", NULL };

  gtk_show_about_dialog (parent,
                         "program-name", "Gantry",
                         "version", PACKAGE_VERSION,
                         "comments", "Release Go projects that use cgo: every target built, checked and packaged, from one machine.",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "logo-icon-name", GANTRY_APP_ID,
                         "authors", authors,
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated, NULL, NULL, NULL, { 0 } },
  { "about", about_activated, NULL, NULL, NULL, { 0 } },
};

static void
gantry_application_startup (GApplication *app)
{
  const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (gantry_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gantry_style_load (gdk_display_get_default ());
}

static void
gantry_application_finalize (GObject *object)
{
  GantryApplication *self = GANTRY_APPLICATION (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (gantry_application_parent_class)->finalize (object);
}

static void
gantry_application_class_init (GantryApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = gantry_application_finalize;
  app_class->startup = gantry_application_startup;
  app_class->activate = gantry_application_activate;
}

static void
gantry_application_init (GantryApplication *self)
{
}

GantryApplication *
gantry_application_new (void)
{
  /* The resource base path follows from the id: /io/github/gantry/Gantry,
   * so style.css and icons load by themselves. */
  return g_object_new (GANTRY_TYPE_APPLICATION,
                       "application-id", GANTRY_APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

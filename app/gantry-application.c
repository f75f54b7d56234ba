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
gantry_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (gantry_application_parent_class)->startup (app);

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

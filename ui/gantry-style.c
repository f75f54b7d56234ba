/* gantry-style.c — Gantry's stylesheet, loaded once per display */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-style"

#include "config.h"

#include "gantry-style.h"

/* GtkApplication does not load a style.css by itself (libadwaita's
 * AdwApplication does; Gantry uses plain GTK), so do it here. */
void
gantry_style_load (GdkDisplay *display)
{
  g_autoptr(GtkCssProvider) provider = NULL;

  g_return_if_fail (GDK_IS_DISPLAY (display));

  if (g_object_get_data (G_OBJECT (display), "gantry-style") != NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, GANTRY_RESOURCE_BASE "/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data (G_OBJECT (display), "gantry-style", GINT_TO_POINTER (1));
}

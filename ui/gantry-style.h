/* gantry-style.h — Gantry's stylesheet, loaded once per display */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Loads style.css and follows the desktop's light or dark preference. */
void gantry_style_load     (GdkDisplay *display);
/* The dark (TRUE) or light style, until the desktop's preference changes. */
void gantry_style_set_dark (gboolean    dark);

/* Reads the portal's color-scheme value (see gantry-style.c). */
gboolean gantry_style_portal_prefers_dark (GVariant *value,
                                           gboolean *dark);

G_END_DECLS

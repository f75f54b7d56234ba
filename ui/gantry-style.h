/* gantry-style.h — Gantry's stylesheet, loaded once per display */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Loads style.css and follows the desktop's light or dark preference. */
void gantry_style_load     (GdkDisplay *display);
/* The dark (TRUE) or light style, until the desktop's preference changes. */
void gantry_style_set_dark (gboolean    dark);

G_END_DECLS

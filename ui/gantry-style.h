/* gantry-style.h — Gantry's stylesheet, loaded once per display */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void gantry_style_load (GdkDisplay *display);

G_END_DECLS

/* gantry-window-state.h — the main window's size and maximized state, kept between runs */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Sizes outside these are not restored: a damaged or hand-edited file
 * must not give a window too small to use or larger than any screen. */
#define GANTRY_WINDOW_STATE_MIN_WIDTH  360
#define GANTRY_WINDOW_STATE_MIN_HEIGHT 300
#define GANTRY_WINDOW_STATE_MAX_SIZE   8192

char     *gantry_window_state_get_path (void);
/* Applies the saved size to @window now and saves it when @window is unrealized. */
void      gantry_window_state_track    (GtkWindow  *window);
gboolean  gantry_window_state_restore  (GtkWindow  *window);
gboolean  gantry_window_state_save     (GtkWindow  *window,
                                        GError    **error);

G_END_DECLS

/* gantry-layout-report.h — where the window's page buttons are, written to a file for the smoke test */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* When GANTRY_LAYOUT_FILE names a file, the window writes there, after
 * each frame that changed it, where its page buttons and a few named
 * widgets are, and which pages are shown:
 *
 *   origin 12 40             the window's top-left corner on the screen (Windows)
 *   page recipe 338 27       each page button's centre, in the window
 *   row hello-cgo 130 100 1  each row of @rows, by its first label, and whether it is selected
 *   widget close 1240 27 1   the window's close button
 *   widget build 1070 27 1   each named widget, and whether it is sensitive
 *   status Not built yet     each empty state shown (an AdwStatusPage's title)
 *   shown projects/recipe    the main page / the project's page
 *
 * The smoke test under wine clicks with these (keys cannot be typed
 * there) and checks the page it clicked is the one shown. Nothing is
 * written when the variable is unset. */
void gantry_layout_report_attach (GtkWindow    *window,
                                  GtkStack     *main_stack,
                                  AdwViewStack *pages,
                                  GtkWidget    *rows,
                                  const char   *first_name,
                                  ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS

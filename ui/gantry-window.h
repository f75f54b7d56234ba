/* gantry-window.h — the main window: projects and the selected one's facts */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "gantry-store.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_WINDOW (gantry_window_get_type ())
G_DECLARE_FINAL_TYPE (GantryWindow, gantry_window, GANTRY, WINDOW, GtkApplicationWindow)

GantryWindow *gantry_window_new          (GtkApplication *application,
                                          GantryStore    *store);
GListModel   *gantry_window_get_projects (GantryWindow   *self);
gboolean      gantry_window_reload       (GantryWindow   *self,
                                          GError        **error);
gboolean      gantry_window_select       (GantryWindow   *self,
                                          const char     *name);

G_END_DECLS

/* gantry-window.h — the main window: projects, a project's recipe, Build & Verify, commands, log, results */
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
gboolean      gantry_window_add_folder   (GantryWindow   *self,
                                          const char     *folder,
                                          GError        **error);
/* TRUE while a plan is being prepared or a build runs (tests wait on it). */
gboolean      gantry_window_get_busy     (GantryWindow   *self);
void          gantry_window_show_page    (GantryWindow   *self,
                                          const char     *page);

G_END_DECLS

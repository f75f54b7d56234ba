/* gantry-window.h — the main window: projects, a project's recipe, Build & Verify, commands, log, results */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "gantry-store.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_WINDOW (gantry_window_get_type ())
G_DECLARE_FINAL_TYPE (GantryWindow, gantry_window, GANTRY, WINDOW, AdwApplicationWindow)

/* @store may be NULL, and given later with gantry_window_set_store:
 * either way the window reads it after its first frame. */
GantryWindow *gantry_window_new          (GtkApplication *application,
                                          GantryStore    *store);
void          gantry_window_set_store    (GantryWindow   *self,
                                          GantryStore    *store);
/* Says in the window that the store could not be opened (@error: why). */
void          gantry_window_show_store_error (GantryWindow *self,
                                          const GError   *error);
GListModel   *gantry_window_get_projects (GantryWindow   *self);
gboolean      gantry_window_reload       (GantryWindow   *self,
                                          GError        **error);
gboolean      gantry_window_select       (GantryWindow   *self,
                                          const char     *name);
gboolean      gantry_window_add_folder   (GantryWindow   *self,
                                          const char     *folder,
                                          GError        **error);
/* The same with the project read in a worker thread (go list can take
 * seconds): what the folder chooser and a dropped folder do. */
void          gantry_window_add_folder_async  (GantryWindow        *self,
                                               const char          *folder,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean      gantry_window_add_folder_finish (GantryWindow        *self,
                                               GAsyncResult        *result,
                                               GError             **error);
/* TRUE while a plan is being prepared or a build runs (tests wait on it). */
gboolean      gantry_window_get_busy     (GantryWindow   *self);
void          gantry_window_show_page    (GantryWindow   *self,
                                          const char     *page);
/* Opens (or raises) the Preferences window, transient for @self. */
GtkWindow    *gantry_window_show_preferences (GantryWindow *self);
/* Inspect file…: reads @file in the background and offers it in
 * Compare beside the shown run's programs (the banner says why not). */
void          gantry_window_inspect_file (GantryWindow   *self,
                                          GFile          *file);
/* Shows @text as a toast at the bottom of the window. */
void          gantry_window_toast        (GantryWindow   *self,
                                          const char     *text);

G_END_DECLS

/* gantry-preferences-window.h — Preferences: the container engine, its options, the images to check in, the cache folder */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GANTRY_TYPE_PREFERENCES_WINDOW (gantry_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (GantryPreferencesWindow, gantry_preferences_window, GANTRY, PREFERENCES_WINDOW, AdwPreferencesWindow)

GantryPreferencesWindow *gantry_preferences_window_new (GtkWindow *parent);

G_END_DECLS

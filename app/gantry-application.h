/* gantry-application.h — the AdwApplication: one instance, one window */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GANTRY_TYPE_APPLICATION (gantry_application_get_type ())
G_DECLARE_FINAL_TYPE (GantryApplication, gantry_application, GANTRY, APPLICATION, AdwApplication)

GantryApplication *gantry_application_new (void);

G_END_DECLS

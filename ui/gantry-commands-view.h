/* gantry-commands-view.h — every command a build runs, with its environment, for bash, PowerShell or cmd */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "gantry-plan.h"
#include "gantry-runner.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_COMMANDS_VIEW (gantry_commands_view_get_type ())
G_DECLARE_FINAL_TYPE (GantryCommandsView, gantry_commands_view, GANTRY, COMMANDS_VIEW, GtkWidget)

void         gantry_commands_view_set_plan   (GantryCommandsView *self,
                                              GantryPlan         *plan);
void         gantry_commands_view_set_runner (GantryCommandsView *self,
                                              GantryRunner       *runner);
void         gantry_commands_view_set_shell  (GantryCommandsView *self,
                                              GantryShell         shell);
GantryShell  gantry_commands_view_get_shell  (GantryCommandsView *self);
GListModel  *gantry_commands_view_get_steps  (GantryCommandsView *self);

G_END_DECLS

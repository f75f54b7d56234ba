/* gantry-commands-view.h — every step of a release (build, package, checksums, checks) as bash, PowerShell or cmd */
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
/* The verification runs (GantryStep*, programs: gantry_step_new_program),
 * shown after the package steps; NULL or empty: none known yet. A new
 * plan clears them. */
void         gantry_commands_view_set_checks (GantryCommandsView *self,
                                              GPtrArray          *checks);
/* The plan's build steps (GantryStepItem), which a runner updates. */
GListModel  *gantry_commands_view_get_steps  (GantryCommandsView *self);
/* Every step shown (GantryStepItem): builds, packages, checks. */
GListModel  *gantry_commands_view_get_rows   (GantryCommandsView *self);
/* What "Copy all" copies: the plan's script, then the checks. */
char        *gantry_commands_view_dup_script (GantryCommandsView *self);

G_END_DECLS

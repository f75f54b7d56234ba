/* gantry-export.h — the same recipe as a GoReleaser config or a GitHub Actions workflow */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "gantry-plan.h"

G_BEGIN_DECLS

char *gantry_export_goreleaser      (GantryProject         *project,
                                     GantryRecipe          *recipe,
                                     const GantryPlanInput *inputs,
                                     guint                  n_inputs);
char *gantry_export_github_workflow (GantryProject         *project,
                                     GantryRecipe          *recipe,
                                     const GantryPlanInput *inputs,
                                     guint                  n_inputs);

G_END_DECLS

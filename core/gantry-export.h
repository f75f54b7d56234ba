/* gantry-export.h — the same recipe as a GoReleaser config or a GitHub Actions workflow */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "gantry-plan.h"
#include "gantry-store.h"

G_BEGIN_DECLS

char *gantry_export_goreleaser      (GantryProject         *project,
                                     GantryRecipe          *recipe,
                                     const GantryPlanInput *inputs,
                                     guint                  n_inputs);
char *gantry_export_github_workflow (GantryProject         *project,
                                     GantryRecipe          *recipe,
                                     const GantryPlanInput *inputs,
                                     guint                  n_inputs);

/* What the window's Export menu and `gantry recipe export` write. */
typedef enum
{
  GANTRY_EXPORT_RECIPE,      /* gantry.json */
  GANTRY_EXPORT_GORELEASER,  /* .goreleaser.yaml */
  GANTRY_EXPORT_CI,          /* .github/workflows/release.yml */
} GantryExportKind;

/* Where @kind goes in @project's folder when nobody says. */
char     *gantry_export_default_path (GantryProject    *project,
                                      GantryExportKind  kind);
/* Writes @recipe as @kind to @path, whole or not at all, making its
 * folder; a GoReleaser config or a workflow names the compilers this
 * machine's resolver would use for each target (it detects them, which
 * runs programs: from a worker, or through the async call). */
gboolean  gantry_export_write        (GantryStore      *store,
                                      GantryProject    *project,
                                      GantryRecipe     *recipe,
                                      GantryExportKind  kind,
                                      const char       *path,
                                      GError          **error);
void      gantry_export_write_async  (GantryStore         *store,
                                      GantryProject       *project,
                                      GantryRecipe        *recipe,
                                      GantryExportKind     kind,
                                      const char          *path,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gboolean  gantry_export_write_finish (GAsyncResult        *result,
                                      GError             **error);

G_END_DECLS

/* gantry-build.h — one click: recipe → compilers → plan → run → inspect → dist/ → history */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "gantry-inspect.h"
#include "gantry-plan.h"
#include "gantry-recipe.h"
#include "gantry-runner.h"
#include "gantry-store.h"

G_BEGIN_DECLS

#define GANTRY_BUILD_ERROR (gantry_build_error_quark ())

typedef enum
{
  GANTRY_BUILD_ERROR_NOTHING_TO_BUILD = 1,  /* every target is unbuildable */
  GANTRY_BUILD_ERROR_TARGETS_FAILED,        /* some targets failed: dist/ was left as it was */
  GANTRY_BUILD_ERROR_PACKAGE,
  GANTRY_BUILD_ERROR_VERIFY_FAILED,           /* built and packaged, but a check failed */
} GantryBuildError;

GQuark gantry_build_error_quark (void);

typedef struct
{
  guint         jobs;        /* 0: one per core */
  const char   *go;          /* NULL: "go" from PATH */
  const char   *gocache;     /* NULL: Gantry's cache folder */
  char        **targets;     /* --target specs for this run only; NULL: the recipe's */
  GPtrArray    *tools;       /* GantryToolchain*; NULL: detect them */
  gboolean      no_package;  /* build and inspect only: dist/ is left as it was */
  gboolean      skip_unbuildable; /* a target no compiler here can build is left out of
                                     dist/ instead of keeping the release from it */
} GantryBuildOptions;

/* What became of one step of the plan: a target's build, or a step of
 * the whole release before them (go mod download), whose target is NULL.
 * Results are in the plan's step order. */
typedef struct
{
  char            *target;        /* key; NULL for a step of no target */
  GantryStepState  state;
  char            *binary;        /* built binary, when it built */
  GantryBinary    *facts;         /* the inspector's reading of it */
  char            *archive;       /* in dist/, when packaged */
  char            *sha256;        /* of the archive */
  char            *compiler;      /* what the resolver chose, and why */
  char            *errors;        /* first error lines, when it failed */
  char            *explanation;   /* a plain reading of the failure */
  double           seconds;
} GantryTargetResult;

/* What happens to a target after go build made it, while the others
 * still build: a worker inspects and hashes it, then archives it. */
typedef enum
{
  GANTRY_TARGET_PHASE_NONE,        /* not built (yet): the runner's step state says more */
  GANTRY_TARGET_PHASE_QUEUED,      /* built, waiting for a worker */
  GANTRY_TARGET_PHASE_INSPECTING,  /* reading the binary and hashing it */
  GANTRY_TARGET_PHASE_ARCHIVING,   /* writing its archive for dist/ */
  GANTRY_TARGET_PHASE_DONE,
} GantryTargetPhase;

#define GANTRY_TYPE_BUILD (gantry_build_get_type ())
G_DECLARE_FINAL_TYPE (GantryBuild, gantry_build, GANTRY, BUILD, GObject)

GantryBuild      *gantry_build_new          (GantryStore                *store,
                                                 GantryProject              *project,
                                                 const GantryBuildOptions *options,
                                                 GError                    **error);
GantryPlan         *gantry_build_get_plan     (GantryBuild              *self);
GantryRecipe       *gantry_build_get_recipe   (GantryBuild              *self);
GantryRunner       *gantry_build_get_runner   (GantryBuild              *self);
const char         *gantry_build_get_version  (GantryBuild              *self);
const char         *gantry_build_get_dist_dir (GantryBuild              *self);
/* FALSE when built with no_package: the binaries stay in the build folder. */
gboolean            gantry_build_get_packages (GantryBuild              *self);
gint64              gantry_build_get_run_id   (GantryBuild              *self);
const GantryPlanInput *gantry_build_get_plan_inputs (GantryBuild             *self,
                                                    guint                   *n_inputs);
guint               gantry_build_get_n_results (GantryBuild             *self);
const GantryTargetResult *gantry_build_get_result (GantryBuild          *self,
                                                     guint                   index);
/* Where target @index (its step's index) is now; any thread. */
GantryTargetPhase   gantry_build_get_target_phase (GantryBuild          *self,
                                                   guint                 index);
void                gantry_build_run_async    (GantryBuild              *self,
                                                 GCancellable               *cancellable,
                                                 GAsyncReadyCallback         callback,
                                                 gpointer                    user_data);
gboolean            gantry_build_run_finish   (GantryBuild              *self,
                                                 GAsyncResult               *result,
                                                 GError                    **error);

char               *gantry_build_git_version  (const char                 *project_dir);

G_END_DECLS

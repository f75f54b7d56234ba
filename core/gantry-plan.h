/* gantry-plan.h — recipe + chosen compilers → the exact commands a release runs */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "gantry-project.h"
#include "gantry-recipe.h"

G_BEGIN_DECLS

typedef enum
{
  GANTRY_SHELL_BASH,
  GANTRY_SHELL_POWERSHELL,
  GANTRY_SHELL_CMD,
} GantryShell;

/* What the resolver decided for one target of the recipe. */
typedef struct
{
  GantryTarget        *target;
  gboolean             cgo_enabled;
  const char          *cc;              /* may be several words: "zig cc -target …" */
  const char          *cxx;
  const char * const  *extra_env;       /* KEY=VALUE, e.g. ZIG_GLOBAL_CACHE_DIR=… */
  const char          *extra_ldflags;   /* e.g. "-linkmode external" */
  const char          *extra_extldflags;/* e.g. "-static" */
  const char          *extra_tags;      /* e.g. "netgo,osusergo" */
  const char          *reason;          /* why this compiler, for people */
  const char          *unbuildable;     /* non-NULL: why this target cannot build */
  const char          *needs_cgo;       /* non-NULL: its packages need cgo, and why
                                         * ("uses cgo through github.com/x/y (3 C files)") */
} GantryPlanInput;

typedef struct
{
  const char *go;         /* the go program; "go" to find it on PATH */
  const char *out_dir;    /* binaries go to out_dir/<target slug>/ */
  const char *gocache;    /* NULL: leave GOCACHE as the environment has it */
  const char *version;    /* the release version: recipe's, git describe's, or "dev" */
} GantryPlanOptions;

/* One command: argv (never a shell string), the environment changes
 * it needs (KEY=VALUE sets, KEY alone unsets) and its folder. */
typedef struct
{
  char  *name;
  char  *target;          /* the target's key */
  char **argv;
  char **env;
  char  *cwd;
  char  *output;          /* the file it makes */
  char  *reason;          /* why these tools, for the commands panel */
} GantryStep;

#define GANTRY_TYPE_STEP (gantry_step_get_type ())
GType       gantry_step_get_type (void) G_GNUC_CONST;
GantryStep *gantry_step_copy     (const GantryStep *step);
void        gantry_step_free     (GantryStep       *step);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryStep, gantry_step_free)

char       *gantry_step_render   (const GantryStep *step,
                                  GantryShell       shell);
char      **gantry_step_apply_env (const GantryStep *step,
                                   char            **base);

#define GANTRY_TYPE_PLAN (gantry_plan_get_type ())
G_DECLARE_FINAL_TYPE (GantryPlan, gantry_plan, GANTRY, PLAN, GObject)

GantryPlan       *gantry_plan_new          (GantryProject           *project,
                                            GantryRecipe            *recipe,
                                            const GantryPlanInput   *inputs,
                                            guint                    n_inputs,
                                            const GantryPlanOptions *options,
                                            GError                 **error);
GantryPlan       *gantry_plan_new_empty    (const char              *name);
void              gantry_plan_append_step  (GantryPlan              *self,
                                            GantryStep              *step);
guint             gantry_plan_get_n_steps  (GantryPlan              *self);
const GantryStep *gantry_plan_get_step     (GantryPlan              *self,
                                            guint                    index);
char             *gantry_plan_render       (GantryPlan              *self,
                                            GantryShell              shell);
char             *gantry_target_slug       (GantryTarget            *target);

/* Quoting one word so the shell hands it to the program unchanged. */
char *gantry_shell_quote (GantryShell  shell,
                          const char  *word);
gboolean gantry_shell_from_string (const char  *name,
                                   GantryShell *out);
GantryShell gantry_shell_default (void);

G_END_DECLS

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
  const char *dist_dir;   /* NULL: the recipe's dist folder, under the project */
  gboolean    no_package; /* no package steps: dist/ is left as it is */
  const char * const *missing_modules; /* "path@version" not in the module cache: the plan
                                        * starts with a `go mod download` step; NULL or empty: none */
} GantryPlanOptions;

/* What a step's fields mean. */
typedef enum
{
  GANTRY_STEP_PROGRAM,    /* a program run with argv, env and cwd (NULL argv: it cannot run, reason says why) */
  GANTRY_STEP_ARCHIVE,    /* Gantry writes output itself (libarchive) holding inputs under
                           * their base names; rendered as the same with tar or zip */
  GANTRY_STEP_CHECKSUMS,  /* Gantry writes output (SHA256SUMS) itself for inputs, the archives
                           * in cwd; rendered as the same with sha256sum, Get-FileHash or certutil */
} GantryStepKind;

/* One command: argv (never a shell string), the environment changes
 * it needs (KEY=VALUE sets, KEY alone unsets) and its folder (NULL:
 * wherever the caller is). */
typedef struct
{
  char  *name;
  char  *target;          /* the target's key; NULL for a step of the whole release */
  char **argv;
  char **env;
  char  *cwd;
  char  *output;          /* the file it makes */
  char  *reason;          /* why these tools, for the commands panel */
  GantryStepKind kind;
  char **inputs;          /* ARCHIVE, CHECKSUMS: the files it reads */
  char **outputs;         /* NULL, or every program a build of several main packages makes
                           * (output is the first): go build -o DIR/ ./cmd/a ./cmd/b */
} GantryStep;

#define GANTRY_TYPE_STEP (gantry_step_get_type ())
GType       gantry_step_get_type (void) G_GNUC_CONST;
GantryStep *gantry_step_copy     (const GantryStep *step);
void        gantry_step_free     (GantryStep       *step);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryStep, gantry_step_free)

/* The step as text for @shell, lines broken only between words (with
 * the shell's line continuation) to fit GANTRY_RENDER_COLUMNS where
 * the words allow: what the commands panel shows and copies. */
#define GANTRY_RENDER_COLUMNS 80
char       *gantry_step_render   (const GantryStep *step,
                                  GantryShell       shell);
/* A program Gantry runs outside a plan (a verification run): copies
 * @argv and @env (KEY=VALUE changes); @cwd may be NULL. */
GantryStep *gantry_step_new_program (const char         *name,
                                     const char         *target,
                                     const char * const *argv,
                                     const char * const *env,
                                     const char         *cwd);
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
/* How many steps come before the first target's build step (the module
 * download, when there is one): target i is step i + this. */
guint             gantry_plan_get_n_prepare_steps (GantryPlan       *self);
void              gantry_plan_append_step  (GantryPlan              *self,
                                            GantryStep              *step);
/* The same for a step every later step waits for (the runner starts
 * none of them until it ended); only before the first plain step. */
void              gantry_plan_append_prepare_step (GantryPlan       *self,
                                                   GantryStep       *step);
guint             gantry_plan_get_n_steps  (GantryPlan              *self);
const GantryStep *gantry_plan_get_step     (GantryPlan              *self,
                                            guint                    index);
/* What Gantry does itself once the targets have built: one ARCHIVE step
 * per buildable target, then the CHECKSUMS step. A runner never runs
 * them; they are for people (the commands panel, the rendered plan). */
guint             gantry_plan_get_n_package_steps (GantryPlan       *self);
const GantryStep *gantry_plan_get_package_step    (GantryPlan       *self,
                                                   guint             index);
/* A whole script: the build steps, then the package steps. */
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

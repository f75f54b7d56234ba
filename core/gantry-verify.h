/* gantry-verify.h — checks per artifact: static facts against the target, and where it really runs */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "gantry-build.h"
#include "gantry-inspect.h"
#include "gantry-store.h"
#include "gantry-target.h"

G_BEGIN_DECLS

#define GANTRY_VERIFY_ERROR (gantry_verify_error_quark ())

typedef enum
{
  GANTRY_VERIFY_ERROR_NOT_FOUND = 1,  /* no such run, or nothing to verify in it */
  GANTRY_VERIFY_ERROR_INVALID,        /* an option or setting cannot work */
} GantryVerifyError;

GQuark gantry_verify_error_quark (void);

typedef enum
{
  GANTRY_VERDICT_PASS,
  GANTRY_VERDICT_FAIL,
  GANTRY_VERDICT_SKIPPED,   /* nothing could check it here: the message says why */
} GantryVerdictState;

const char *gantry_verdict_state_to_string (GantryVerdictState state);

/* One cell of the runs-on matrix: one check of one artifact in one place. */
typedef struct
{
  char               *target;       /* the target key, "linux/arm64/static@musl" */
  char               *path;         /* the binary */
  gint64              artifact_id;  /* 0 when not recorded in the store */
  char               *check;        /* "os-arch", "linkage", "glibc-floor", "dlls", "go-settings", "run" */
  char               *place;        /* "static", "native", "qemu-aarch64", "wine", "podman:alpine:3.19", "container" */
  GantryVerdictState  state;
  char               *message;      /* found / promised / fix, a diagnosis, or why it was skipped */
  char               *output;       /* run checks: the first lines the program printed */
  double              seconds;
  GantryStep         *command;      /* run checks made here: what ran (argv, env); NULL otherwise */
} GantryVerdict;

void gantry_verdict_free (GantryVerdict *verdict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryVerdict, gantry_verdict_free)

/* Run places. A container's is "engine:image" ("podman:alpine:3.19"),
 * the engine's name when no image was listed, or "container" when no
 * engine answered; "here" is this machine when it cannot run the target. */
const char *gantry_verify_place_image        (const char *place);  /* "alpine:3.19", or NULL */
gboolean    gantry_verify_place_is_container (const char *place);

/* What one machine can run checks with. Every field may be NULL
 * (skip that environment); gantry_verify_host_probe fills them from the
 * options, the environment and PATH. */
typedef struct
{
  char  *host_os;          /* GOOS / GOARCH names */
  char  *host_arch;
  char  *wine;             /* wine64 or wine */
  char  *wineprefix;
  char  *engine;           /* docker or podman, when it answered `info` */
  char  *engine_name;      /* "docker", "podman" */
  char **engine_flags;     /* before `run`: "--runtime runc --cgroup-manager=cgroupfs" */
  char **run_flags;        /* after `run`: "--ulimit nofile=1024:1024" */
  char  *engine_problem;   /* why there is no engine, for the skipped verdicts */
} GantryVerifyHost;

void gantry_verify_host_free (GantryVerifyHost *host);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryVerifyHost, gantry_verify_host_free)

/* What to check and how. Zeroed means: the defaults below. Per-machine
 * settings also come from the environment:
 *   GANTRY_CONTAINER_ENGINE      docker, podman, a path, or "none"
 *   GANTRY_CONTAINER_FLAGS       engine flags before `run` (split like a shell would, never run by one)
 *   GANTRY_CONTAINER_RUN_FLAGS   flags after `run`
 *   GANTRY_VERIFY_IMAGES         images to run Linux artifacts in, comma-separated
 *   GANTRY_QEMU_SYSROOT          the -L folder for dynamic foreign binaries (default /usr/<triple>)
 *   GANTRY_WINEPREFIX            the wine prefix to reuse */
typedef struct
{
  const char * const *run_args;         /* NULL: { "--version" } */
  const char         *expect_output;    /* a GRegex the output must match; NULL: exit status only */
  const char * const *images;           /* NULL: the recipe's, else default_images */
  const char * const *default_images;   /* when neither lists any (the window's Preferences); NULL: GANTRY_VERIFY_IMAGES */
  const char         *engine;           /* NULL: GANTRY_CONTAINER_ENGINE, else docker then podman */
  const char * const *engine_flags;     /* NULL: GANTRY_CONTAINER_FLAGS */
  const char * const *run_flags;        /* NULL: GANTRY_CONTAINER_RUN_FLAGS */
  const char         *qemu_sysroot;     /* NULL: GANTRY_QEMU_SYSROOT, else /usr/<triple> when it has the loader */
  const char         *wineprefix;       /* NULL: GANTRY_WINEPREFIX, else wine's default */
  const char * const *ship_dlls;        /* DLLs the release ships beside the exe */
  guint               timeout_seconds;  /* per run; 0: 60 */
  gboolean            static_only;      /* no run checks at all */
  gboolean            no_containers;    /* container checks reported skipped: the recipe turned them off */
} GantryVerifyOptions;

/* Fills what @options leaves unset from @recipe's "verify" settings (a
 * "containers": false holds unless @options names images); both
 * gantry_verify_build() and gantry_verify_run() do this themselves. */
void gantry_verify_options_apply_recipe (GantryVerifyOptions *options,
                                         GantryRecipe        *recipe);

/* What an artifact promised: its target and how it was built. */
typedef struct
{
  GantryTarget *target;
  int           cgo;          /* 1 on, 0 off, -1 unknown (not checked) */
  const char   *tags;         /* comma-separated tags it must carry; NULL: none */
  const char   *ldflags;      /* the -ldflags it was built with; NULL: not checked */
  const char   *needs_cgo;    /* its build graph needs cgo, and why; NULL: not known to */
} GantryVerifyPromise;

GantryVerifyHost *gantry_verify_host_probe   (const GantryVerifyOptions *options,
                                              GCancellable              *cancellable);

/* The static checks alone: appends GantryVerdict* to @verdicts. */
void              gantry_verify_static       (GantryBinary              *facts,
                                              const GantryVerifyPromise *promise,
                                              const GantryVerifyOptions *options,
                                              GPtrArray                 *verdicts);

/* Static checks and every run check this host can do, for one binary. */
GPtrArray        *gantry_verify_artifact     (GantryVerifyHost          *host,
                                              const char                *path,
                                              GantryBinary              *facts,
                                              const GantryVerifyPromise *promise,
                                              const GantryVerifyOptions *options,
                                              GCancellable              *cancellable);

/* A plain reading of a failed run: what went wrong and what to do.
 * @place_kind is "native", "qemu", "wine" or "container". Sets
 * @environment_problem when the place, not the binary, is at fault. */
char             *gantry_verify_diagnose     (GantryBinary              *facts,
                                              const char                *place_kind,
                                              int                        exit_status,
                                              const char                *output,
                                              gboolean                  *environment_problem);

/* After a build: every built binary of @build, verdicts recorded with
 * the build's run. A recipe with "containers": false sets no_containers. @out_matrix gets the GantryVerdict*. Returns FALSE
 * only when checks could not be made or recorded; failed checks are
 * in the matrix. */
gboolean          gantry_verify_build        (GantryStore               *store,
                                              GantryBuild               *build,
                                              const GantryVerifyOptions *options,
                                              GPtrArray                **out_matrix,
                                              GCancellable              *cancellable,
                                              GError                   **error);

/* The same in a worker thread, for the window: @options and what it
 * points to must stay valid until @callback runs. _finish returns the
 * matrix (GantryVerdict*). */
void              gantry_verify_build_async  (GantryStore               *store,
                                              GantryBuild               *build,
                                              const GantryVerifyOptions *options,
                                              GCancellable              *cancellable,
                                              GAsyncReadyCallback        callback,
                                              gpointer                   user_data);
GPtrArray        *gantry_verify_build_finish (GantryBuild               *build,
                                              GAsyncResult              *result,
                                              GError                   **error);

/* A recorded run (0: the latest), from its binary artifacts. */
gboolean          gantry_verify_run          (GantryStore               *store,
                                              gint64                     run_id,
                                              const GantryVerifyOptions *options,
                                              GPtrArray                **out_matrix,
                                              gint64                    *out_run_id,
                                              GCancellable              *cancellable,
                                              GError                   **error);

/* A folder of binaries (and its sub-folders one level down), targets
 * read from the files themselves. Nothing is recorded. */
gboolean          gantry_verify_dir          (const char                *dir,
                                              const GantryVerifyOptions *options,
                                              GPtrArray                **out_matrix,
                                              GCancellable              *cancellable,
                                              GError                   **error);

/* Rebuilds every target of a recorded run (0: the latest) from its
 * recorded commands, in a scratch folder with a fresh Go build cache,
 * and compares the bytes with the released binary: "reproducible" or
 * "differs" with the first differing ranges and what holds them.
 * Verdicts (check "reproducible", place "rebuild") are recorded. */
gboolean          gantry_verify_reproducible (GantryStore               *store,
                                              gint64                     run_id,
                                              const GantryVerifyOptions *options,
                                              GPtrArray                **out_matrix,
                                              GCancellable              *cancellable,
                                              GError                   **error);

/* Compares two builds of one program. Returns NULL when they are
 * byte-identical, else "N bytes differ in M ranges: 0x…–0x… (PE header
 * timestamp), …"; @scratch_path, when found inside @b, is named as a
 * path left in the file. */
char             *gantry_verify_describe_differences (const char       *a,
                                                      const char       *b,
                                                      const char       *scratch_path,
                                                      GError          **error);

/* The programs the run checks of @matrix ran (GantryStep*, copies), in
 * its order, for the commands panel. */
GPtrArray        *gantry_verify_matrix_commands (GPtrArray              *matrix);
/* Appends to @lines (GantryLogLine*) what the checks of @matrix found:
 * each run check's command as a header, the first lines the program
 * printed, then one line per check ("✓ glibc-floor: …", "✗ run
 * (qemu-aarch64): …", errors marked), so the log shows the checks too. */
void              gantry_verify_matrix_to_log (GPtrArray               *matrix,
                                               GListStore              *lines,
                                               gint64                   time_us);
guint             gantry_verify_count        (GPtrArray                 *matrix,
                                              GantryVerdictState         state);
char             *gantry_verify_matrix_to_text (GPtrArray               *matrix);
JsonNode         *gantry_verify_matrix_to_json (GPtrArray               *matrix);

G_END_DECLS

/* gantry-toolchain.h — installed and detected toolchains: install, remove, detect, choose, check */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "gantry-archive.h"
#include "gantry-catalog.h"
#include "gantry-download.h"
#include "gantry-store.h"

G_BEGIN_DECLS

#define GANTRY_TOOLCHAIN_ERROR (gantry_toolchain_error_quark ())

typedef enum
{
  GANTRY_TOOLCHAIN_ERROR_NOT_FOUND = 1,    /* no such installed toolchain */
  GANTRY_TOOLCHAIN_ERROR_EXISTS,           /* already installed */
  GANTRY_TOOLCHAIN_ERROR_LAYOUT,           /* the archive is not laid out as expected */
  GANTRY_TOOLCHAIN_ERROR_SMOKE_TEST,       /* the unpacked tool does not run */
  GANTRY_TOOLCHAIN_ERROR_BAD_PATH,         /* the install folder has spaces */
  GANTRY_TOOLCHAIN_ERROR_NO_COMPILER,      /* nothing can build this target */
  GANTRY_TOOLCHAIN_ERROR_NEEDS_SDK,        /* macOS with cgo: an Apple SDK is needed */
  GANTRY_TOOLCHAIN_ERROR_BAD_TARGET,       /* a target spec that does not parse */
  GANTRY_TOOLCHAIN_ERROR_FAILED,
} GantryToolchainError;

GQuark gantry_toolchain_error_quark (void);

/* One tool: a row of the store (installed by Gantry, or a snapshot of
 * detection) or a program found on PATH. */
typedef struct
{
  gint64  id;           /* store row, 0 when not stored */
  char   *kind;         /* go, zig, llvm-mingw, winlibs (installed); go, zig, gcc, clang,
                           musl-gcc, mingw-gcc, mingw-clang, cross-gcc, qemu, wine,
                           docker, podman (detected) */
  char   *name;         /* program name: "x86_64-w64-mingw32-gcc", "go" */
  char   *version;
  char   *path;         /* install folder (installed) or program path (detected) */
  char   *program;      /* the executable to run */
  char   *target;       /* a compiler's target triple ("aarch64-linux-gnu") */
  char   *origin;       /* "installed" or "detected" */
  char   *host_os;
  char   *host_arch;
  char   *url;
  char   *sha256;
  gint64  installed_at; /* Unix ms */
  char   *install;      /* a program of an install: the install's store name
                           ("llvm-mingw" for its clangs), what removing it takes */
} GantryToolchain;

#define GANTRY_TYPE_TOOLCHAIN (gantry_toolchain_get_type ())
GType            gantry_toolchain_get_type  (void) G_GNUC_CONST;
GantryToolchain *gantry_toolchain_copy      (const GantryToolchain *tc);
void             gantry_toolchain_free      (GantryToolchain       *tc);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryToolchain, gantry_toolchain_free)

/* Where installs live: <data dir>/toolchains, staging in .staging. */
char      *gantry_toolchain_get_root        (void);
char      *gantry_toolchain_get_staging_dir (void);
char      *gantry_toolchain_get_cache_dir   (const char  *what);

/* The store */
GPtrArray *gantry_toolchain_list            (GantryStore *store,
                                             const char  *origin,
                                             GError     **error);
gboolean   gantry_toolchain_save_detected   (GantryStore *store,
                                             GPtrArray   *detected,
                                             GError     **error);
gboolean   gantry_toolchain_remove          (GantryStore *store,
                                             const char  *name,
                                             const char  *version,
                                             GError     **error);
gboolean   gantry_toolchain_cleanup         (GantryStore *store,
                                             GError     **error);

/* Installing */
typedef enum
{
  GANTRY_INSTALL_PHASE_DOWNLOAD,
  GANTRY_INSTALL_PHASE_EXTRACT,
  GANTRY_INSTALL_PHASE_MOVE,
  GANTRY_INSTALL_PHASE_SMOKE_TEST,
  GANTRY_INSTALL_PHASE_REGISTER,
  GANTRY_INSTALL_PHASE_DONE,
} GantryInstallPhase;

typedef struct
{
  GantryInstallPhase phase;
  guint64 received;          /* download */
  guint64 total;
  double  bytes_per_second;
  guint   entries;           /* extraction */
  guint64 extracted;
} GantryInstallProgress;

typedef void (*GantryInstallProgressFunc) (const GantryInstallProgress *progress,
                                           gpointer                     user_data);

typedef struct
{
  GantryDownloadOptions download;
  GantryArchiveLimits   limits;
  gboolean              keep_archive;   /* keep the verified archive in the download cache */
} GantryInstallOptions;

GantryToolchain *gantry_toolchain_install        (GantryStore                 *store,
                                                  const GantryRelease         *release,
                                                  const GantryInstallOptions  *options,
                                                  GantryInstallProgressFunc    progress,
                                                  gpointer                     progress_data,
                                                  GCancellable                *cancellable,
                                                  GError                     **error);
void             gantry_toolchain_install_async  (GantryStore                 *store,
                                                  const GantryRelease         *release,
                                                  const GantryInstallOptions  *options,
                                                  GantryInstallProgressFunc    progress,
                                                  gpointer                     progress_data,
                                                  GDestroyNotify               progress_data_free,
                                                  GCancellable                *cancellable,
                                                  GAsyncReadyCallback          callback,
                                                  gpointer                     user_data);
GantryToolchain *gantry_toolchain_install_finish (GAsyncResult                *result,
                                                  GError                     **error);

/* Detecting */
GPtrArray *gantry_toolchain_detect          (GantryStore  *store,
                                             GCancellable *cancellable,
                                             GError      **error);
GPtrArray *gantry_toolchain_detect_in_path  (const char   *path_list,
                                             GCancellable *cancellable);
void       gantry_toolchain_detect_async    (GantryStore         *store,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GPtrArray *gantry_toolchain_detect_finish   (GAsyncResult        *result,
                                             GError             **error);

/* Choosing a C compiler for a target */
typedef struct
{
  const char *goos;
  const char *goarch;
  const char *goarm;         /* "5", "6", "7" or NULL */
  const char *libc;          /* "gnu", "musl" or NULL (gnu, or musl when static) */
  gboolean    is_static;
  const char *glibc_floor;   /* "2.17" or NULL */
  gboolean    cgo;           /* FALSE: the project has no cgo (or it is off) */
  const char *host_os;       /* NULL: this machine */
  const char *host_arch;
} GantryCcRequest;

typedef struct
{
  char      *compiler;       /* "zig", "musl-gcc", "gcc", "x86_64-w64-mingw32-gcc", "none" */
  char      *cc;             /* the exact CC value (may be several words) */
  char      *cxx;
  gboolean   cgo_enabled;
  char     **env;            /* extra KEY=VALUE for the build */
  char      *ldflags;        /* extra go -ldflags */
  char      *tags;           /* extra build tags */
  char      *reason;
} GantryCcChoice;

void       gantry_cc_choice_free            (GantryCcChoice        *choice);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryCcChoice, gantry_cc_choice_free)

typedef struct
{
  char     *goos;
  char     *goarch;
  char     *goarm;
  char     *libc;
  gboolean  is_static;
  char     *glibc_floor;
} GantryTargetSpec;

gboolean   gantry_target_spec_parse         (const char            *spec,
                                             GantryTargetSpec      *out,
                                             GError               **error);
void       gantry_target_spec_clear         (GantryTargetSpec      *spec);
char      *gantry_target_spec_to_string     (const GantryTargetSpec *spec);
void       gantry_target_spec_to_request    (const GantryTargetSpec *spec,
                                             gboolean               cgo,
                                             GantryCcRequest       *out);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GantryTargetSpec, gantry_target_spec_clear)

/* How the resolver's and the doctor's sentences say what to install:
 * "('gantry toolchain install mingw' or 'zig')". */
#define GANTRY_INSTALL_COMMAND "gantry toolchain install "
/* The first catalog kind (gantry_catalog_get_kinds ()) @message says to
 * install with GANTRY_INSTALL_COMMAND; NULL when it names none (apt
 * packages, an Apple SDK). */
const char *gantry_toolchain_install_kind_in (const char            *message);
/* @message as the window says it, where a Toolchains button installs:
 * the commands it names left out ("install Zig from Toolchains ('gantry
 * toolchain install zig')" → "install Zig from Toolchains"). */
char       *gantry_toolchain_message_for_window (const char        *message);
GPtrArray *gantry_toolchain_resolve         (const GantryCcRequest *request,
                                             GPtrArray             *tools,
                                             GError               **error);

/* The doctor */
typedef struct
{
  char     *target;          /* "linux/arm64", "linux/amd64/static" */
  gboolean  ok;
  char     *compiler;
  char     *cc;
  char     *reason;          /* why this compiler */
  char     *step;            /* the step that failed: "resolve", "cc", "go build" */
  char     *command;         /* what was run, as shell text */
  char     *output;          /* the tool's own message */
  char     *explanation;     /* a plain reading of a known failure */
  double    seconds;
} GantryDoctorResult;

GantryDoctorResult *gantry_doctor_result_new_failed (const char               *target,
                                                     const char               *step,
                                                     const char               *output);
GantryDoctorResult *gantry_doctor_result_copy (const GantryDoctorResult *result);
void                gantry_doctor_result_free (GantryDoctorResult       *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryDoctorResult, gantry_doctor_result_free)

char               *gantry_doctor_explain    (const char             *output,
                                              const GantryCcRequest  *request);
GantryDoctorResult *gantry_doctor_check      (const GantryTargetSpec *target,
                                              gboolean                cgo,
                                              GPtrArray              *tools,
                                              GCancellable           *cancellable);
void                gantry_doctor_check_async  (const GantryTargetSpec *target,
                                                gboolean                cgo,
                                                GPtrArray              *tools,
                                                GCancellable           *cancellable,
                                                GAsyncReadyCallback     callback,
                                                gpointer                user_data);
GantryDoctorResult *gantry_doctor_check_finish (GAsyncResult           *result,
                                                GError                **error);

/* What a target's build graph needs beyond a C compiler: a C++
 * compiler when a package has C++ files (step "cxx": CXX compiles and
 * links a C++ file), and each "#cgo pkg-config:" library built for the
 * target (step "pkg-config NAME": pkg-config with PKG_CONFIG_LIBDIR set
 * to the target's multiarch folder). One result per check, appended to
 * @results; nothing when the graph needs neither. */
struct _GantryGoGraph;
void                gantry_doctor_check_needs (const GantryTargetSpec *target,
                                               struct _GantryGoGraph  *graph,
                                               GPtrArray              *tools,
                                               GPtrArray              *results,
                                               GCancellable           *cancellable);
/* NULL when @choice's CXX is there; otherwise what to install. */
char               *gantry_doctor_cxx_problem (const GantryCcChoice   *choice,
                                               const char             *target);
/* For a build graph with C++: the first of @choices (ranked by
 * gantry_toolchain_resolve) whose CXX is there, musl-gcc passed over for
 * Zig say; 0 (the best one, whose problem then says what to install)
 * when none has it. */
guint               gantry_doctor_pick_cxx_choice (GPtrArray    *choices,
                                                   const char   *target);
/* The folder pkg-config must read for @goos/@goarch: the Debian
 * multiarch one ("/usr/lib/aarch64-linux-gnu/pkgconfig"), MinGW's for
 * windows/amd64; NULL when this machine's own pkg-config fits (native). */
char               *gantry_doctor_pkg_config_libdir (const char *goos,
                                                     const char *goarch);

/* The targets 'gantry doctor' checks when given none, NULL-terminated. */
const char * const *gantry_doctor_default_targets (void);

G_END_DECLS

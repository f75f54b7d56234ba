/* gantry-package.h — release archives, SHA256SUMS and the atomic swap into dist/ */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "gantry-target.h"

G_BEGIN_DECLS

#define GANTRY_PACKAGE_ERROR (gantry_package_error_quark ())

typedef enum
{
  GANTRY_PACKAGE_ERROR_FORMAT = 1,  /* an archive format other than tar.gz or zip */
  GANTRY_PACKAGE_ERROR_NAME,        /* an archive name that is empty, unsafe or used twice */
  GANTRY_PACKAGE_ERROR_BINARY,      /* the built binary is not a file, or changed while read */
  GANTRY_PACKAGE_ERROR_ARCHIVE,     /* libarchive could not write an archive */
  GANTRY_PACKAGE_ERROR_DIST,        /* the dist folder cannot (or must not) be replaced */
  GANTRY_PACKAGE_ERROR_INVALID,     /* bad arguments: nothing to package, SOURCE_DATE_EPOCH … */
} GantryPackageError;

GQuark gantry_package_error_quark (void);

/* One archive to make. Every string is borrowed for the call. */
typedef struct
{
  const char *target_key;    /* "linux/amd64/static@musl", for messages */
  const char *binary_path;   /* the built binary, stored under its own base name */
  const char *archive_name;  /* file name without extension: see gantry_package_archive_name() */
  const char *format;        /* "tar.gz" or "zip" */
  const char * const *more_binaries; /* NULL, or the target's other programs (a recipe of
                                      * several main packages), each under its base name */
} GantryPackageItem;

/* One archive made, as it lies in dist/ after the swap. */
typedef struct
{
  char    *target_key;
  char    *name;     /* "hello-cgo_1.2.3_linux_amd64.tar.gz" */
  char    *path;     /* dist_dir/name */
  guint64  size;
  char    *sha256;   /* 64 lower-case hex digits */
} GantryPackageArtifact;

#define GANTRY_TYPE_PACKAGE_ARTIFACT (gantry_package_artifact_get_type ())

GType                  gantry_package_artifact_get_type (void) G_GNUC_CONST;
GantryPackageArtifact *gantry_package_artifact_copy     (const GantryPackageArtifact *artifact);
void                   gantry_package_artifact_free     (GantryPackageArtifact       *artifact);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryPackageArtifact, gantry_package_artifact_free)

/* The name of the checksum file written beside the archives. */
#define GANTRY_PACKAGE_SUMS_NAME "SHA256SUMS"

gboolean  gantry_package_format_is_supported   (const char          *format);

/* GoReleaser's default archive name,
 *   {{ .ProjectName }}_{{ .Version }}_{{ .Os }}_{{ .Arch }}{{ with .Arm }}v{{ . }}{{ end }}
 *   {{ if not (eq .Amd64 "v1") }}{{ .Amd64 }}{{ end }}
 * ("tool_1.2.3_linux_armv7", "tool_1.2.3_linux_amd64v3"), with a leading "v" dropped
 * from the version as GoReleaser does, followed by "_" @variant when given, so two
 * linux/amd64 builds (dynamic and static musl) get two names. Characters Windows
 * forbids in file names become "-". @version and @variant may be NULL or "". */
char     *gantry_package_archive_name          (const char          *project_name,
                                                const char          *version,
                                                const char          *goos,
                                                const char          *goarch,
                                                const char          *goarm,
                                                const char          *goamd64,
                                                const char          *variant);

/* The variant for @target ("static_musl", "glibc2.17", NULL for a plain dynamic
 * build) and the whole name, so every distinct target key gets its own archive. */
char     *gantry_package_target_variant        (GantryTarget        *target);
char     *gantry_package_archive_name_for_target (GantryTarget      *target,
                                                  const char        *project_name,
                                                  const char        *version);

/* Makes every archive in a fresh staging folder beside @dist_dir (same volume),
 * writes SHA256SUMS, then swaps the staging folder in for @dist_dir. Each archive
 * holds the binary (mode 0755) and the README*, LICENSE*, LICENCE*, COPYING*,
 * NOTICE* and CHANGELOG* files at the top of @project_dir (mode 0644), entries
 * sorted by name, owned by root (0/0), all dated SOURCE_DATE_EPOCH when set or
 * else the binary's modification time: the same inputs give the same bytes.
 *
 * On any failure or cancellation the previous @dist_dir is left exactly as it
 * was and the staging folder is removed. An existing @dist_dir is replaced only
 * when it is empty or holds a SHA256SUMS (it looks like an earlier release), and
 * never when it is @project_dir or one of its parents.
 *
 * @project_dir may be NULL (no documents then). Synchronous: call it from a
 * worker thread; @cancellable is checked between reads and writes, and not any
 * more once the swap has begun. @out_artifacts (may be NULL) gets a GPtrArray of
 * GantryPackageArtifact in the order of @items; the sums are in
 * dist_dir/SHA256SUMS. */
gboolean  gantry_package_release               (const char               *project_dir,
                                                const char               *dist_dir,
                                                const GantryPackageItem  *items,
                                                guint                     n_items,
                                                GPtrArray               **out_artifacts,
                                                GCancellable             *cancellable,
                                                GError                  **error);

/* The same in steps, so archives can be made while other targets still
 * build. gantry_packager_new() checks @items, SOURCE_DATE_EPOCH and
 * @dist_dir as gantry_package_release() does and makes the staging folder
 * (it copies @items). gantry_packager_write() makes archive @index there;
 * calls for different indices may run at once in different threads.
 * gantry_packager_commit() needs every archive written: it writes
 * SHA256SUMS and swaps the staging folder in. gantry_packager_free()
 * removes the staging folder unless the commit succeeded. */
typedef struct _GantryPackager GantryPackager;

GantryPackager *gantry_packager_new    (const char               *project_dir,
                                        const char               *dist_dir,
                                        const GantryPackageItem  *items,
                                        guint                     n_items,
                                        GError                  **error);
gboolean        gantry_packager_write  (GantryPackager           *self,
                                        guint                     index,
                                        GCancellable             *cancellable,
                                        GError                  **error);
gboolean        gantry_packager_commit (GantryPackager           *self,
                                        GPtrArray               **out_artifacts,
                                        GCancellable             *cancellable,
                                        GError                  **error);
void            gantry_packager_free   (GantryPackager           *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryPackager, gantry_packager_free)

G_END_DECLS

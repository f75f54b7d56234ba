/* gantry-catalog.h — toolchain releases from the Go and Zig manifests and Gantry's MinGW list */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GANTRY_CATALOG_ERROR (gantry_catalog_error_quark ())

typedef enum
{
  GANTRY_CATALOG_ERROR_PARSE = 1,   /* the manifest is not in the expected format */
  GANTRY_CATALOG_ERROR_NOT_FOUND,   /* no such release for this machine */
  GANTRY_CATALOG_ERROR_UNKNOWN_KIND,
} GantryCatalogError;

GQuark gantry_catalog_error_quark (void);

/* The default manifests; each is overridable by an environment variable. */
#define GANTRY_GO_MANIFEST_URL_DEFAULT  "https://go.dev/dl/?mode=json&include=all"
#define GANTRY_ZIG_INDEX_URL_DEFAULT    "https://ziglang.org/download/index.json"
#define GANTRY_MINGW_CATALOG_RESOURCE   "/io/github/gantry/Gantry/toolchains/mingw.json"

/* One downloadable file of one toolchain release. OS and arch use Go's
 * names (linux, windows, darwin; amd64, arm64, 386, arm). */
typedef struct
{
  char     *kind;      /* "go", "zig", "mingw" */
  char     *name;      /* "go", "zig", "llvm-mingw", "winlibs" */
  char     *version;   /* "1.21.5", "0.11.0", "20250709" */
  gboolean  stable;
  char     *os;
  char     *arch;
  char     *url;
  char     *filename;
  char     *sha256;    /* lower-case hex, NULL when the manifest has none */
  guint64   size;      /* 0 when unknown */
  char     *top_dir;   /* the folder the archive unpacks to, when known */
  char     *source;    /* where the pinned checksum came from (MinGW list) */
} GantryRelease;

#define GANTRY_TYPE_RELEASE (gantry_release_get_type ())
GType          gantry_release_get_type     (void) G_GNUC_CONST;
GantryRelease *gantry_release_copy         (const GantryRelease *release);
void           gantry_release_free         (GantryRelease       *release);
char          *gantry_release_get_id       (const GantryRelease *release);
const char    *gantry_release_get_format   (const GantryRelease *release);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryRelease, gantry_release_free)

GPtrArray  *gantry_catalog_parse_go       (const char    *json,
                                           gssize         length,
                                           const char    *base_url,
                                           GError       **error);
GPtrArray  *gantry_catalog_parse_zig      (const char    *json,
                                           gssize         length,
                                           GError       **error);
GPtrArray  *gantry_catalog_parse_mingw    (const char    *json,
                                           gssize         length,
                                           GError       **error);
GPtrArray  *gantry_catalog_for_host       (GPtrArray     *releases,
                                           const char    *os,
                                           const char    *arch);
int         gantry_catalog_compare_versions (const char  *a,
                                             const char  *b);
/* The catalogs, NULL-terminated: "go", "zig", "mingw". */
const char * const *gantry_catalog_get_kinds (void);
const char *gantry_catalog_host_os        (void);
const char *gantry_catalog_host_arch      (void);
char       *gantry_catalog_get_url        (const char    *kind);
GPtrArray  *gantry_catalog_fetch          (const char    *kind,
                                           GCancellable  *cancellable,
                                           GError       **error);
void        gantry_catalog_fetch_async    (const char          *kind,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GPtrArray  *gantry_catalog_fetch_finish   (GAsyncResult        *result,
                                           GError             **error);
GantryRelease *gantry_catalog_find        (GPtrArray     *host_releases,
                                           const char    *name,
                                           const char    *version,
                                           GError       **error);

G_END_DECLS

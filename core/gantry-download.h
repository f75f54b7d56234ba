/* gantry-download.h — checked HTTPS downloads with resume, for toolchains and their manifests */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GANTRY_DOWNLOAD_ERROR (gantry_download_error_quark ())

typedef enum
{
  GANTRY_DOWNLOAD_ERROR_URL_REFUSED = 1, /* not https, or plain http off loopback */
  GANTRY_DOWNLOAD_ERROR_NO_HASH,         /* no SHA-256 to check against: fail closed */
  GANTRY_DOWNLOAD_ERROR_HASH_MISMATCH,   /* the bytes are not the published ones */
  GANTRY_DOWNLOAD_ERROR_TOO_BIG,         /* more bytes than the manifest announced */
  GANTRY_DOWNLOAD_ERROR_HTTP,            /* the server answered with an error status */
  GANTRY_DOWNLOAD_ERROR_REDIRECTS,       /* too many redirects */
  GANTRY_DOWNLOAD_ERROR_NETWORK,         /* connection failed, dropped or stalled, retries used up */
  GANTRY_DOWNLOAD_ERROR_FAILED,          /* anything else (disk, libcurl) */
} GantryDownloadError;

GQuark gantry_download_error_quark (void);

typedef struct
{
  guint64 received;          /* bytes on disk, resumed ones included */
  guint64 total;             /* expected size, 0 when unknown */
  double  bytes_per_second;  /* current transfer's average speed */
  guint   attempt;           /* 1 for the first request */
  gboolean resumed;          /* this attempt continues a .partial file */
} GantryDownloadProgress;

typedef void (*GantryDownloadProgressFunc) (const GantryDownloadProgress *progress,
                                            gpointer                      user_data);

/* Zero fields take the defaults in brackets. */
typedef struct
{
  guint max_attempts;        /* [6] requests per download, resumes included */
  guint connect_timeout;     /* [30] seconds */
  guint low_speed_time;      /* [60] seconds below low_speed_limit abort an attempt */
  guint low_speed_limit;     /* [1] bytes per second */
  guint max_redirects;       /* [8] */
  guint retry_delay_ms;      /* [500] first pause between attempts, doubled each time */
} GantryDownloadOptions;

gboolean  gantry_download_check_url    (const char                   *url,
                                        GError                      **error);
gboolean  gantry_download_file         (const char                   *url,
                                        const char                   *dest,
                                        const char                   *sha256,
                                        guint64                       size,
                                        const GantryDownloadOptions  *options,
                                        GantryDownloadProgressFunc    progress,
                                        gpointer                      progress_data,
                                        GCancellable                 *cancellable,
                                        GError                      **error);
void      gantry_download_file_async   (const char                   *url,
                                        const char                   *dest,
                                        const char                   *sha256,
                                        guint64                       size,
                                        const GantryDownloadOptions  *options,
                                        GantryDownloadProgressFunc    progress,
                                        gpointer                      progress_data,
                                        GDestroyNotify                progress_data_free,
                                        GCancellable                 *cancellable,
                                        GAsyncReadyCallback           callback,
                                        gpointer                      user_data);
gboolean  gantry_download_file_finish  (GAsyncResult                 *result,
                                        GError                      **error);
GBytes   *gantry_download_fetch        (const char                   *url,
                                        gsize                         max_size,
                                        const GantryDownloadOptions  *options,
                                        GCancellable                 *cancellable,
                                        GError                      **error);
char     *gantry_download_sha256_file  (const char                   *path,
                                        guint64                      *size_out,
                                        GCancellable                 *cancellable,
                                        GError                      **error);
char     *gantry_download_partial_path (const char                   *dest);

G_END_DECLS

/* gantry-download.c — checked HTTPS downloads with resume, for toolchains and their manifests */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-download"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <curl/curl.h>
#include <glib/gstdio.h>

#include "gantry-download.h"
#include "gantry-module.h"
#include "gantry-relay.h"
#include "gantry-sha256.h"

G_DEFINE_QUARK (gantry-download-error-quark, gantry_download_error)

/* A download with no size in its manifest still stops somewhere. */
#define UNKNOWN_SIZE_CAP (G_GUINT64_CONSTANT (8) << 30)
#define PROGRESS_INTERVAL_US (100 * 1000)

/* libcurl is opened on the first download, not linked: loading it and
 * the dozens of libraries it needs (TLS, HTTP/2, IDN, Kerberos, LDAP…)
 * took half of every gantry command's start, and most never download. */
typedef struct
{
  CURLcode    (*global_init)   (long flags);
  CURL       *(*easy_init)     (void);
  CURLcode    (*easy_setopt)   (CURL *curl, CURLoption option, ...);
  CURLcode    (*easy_getinfo)  (CURL *curl, CURLINFO info, ...);
  CURLcode    (*easy_perform)  (CURL *curl);
  void        (*easy_cleanup)  (CURL *curl);
  const char *(*easy_strerror) (CURLcode code);
  CURLU      *(*url)           (void);
  CURLUcode   (*url_set)       (CURLU *url, CURLUPart part, const char *content, unsigned int flags);
  CURLUcode   (*url_get)       (const CURLU *url, CURLUPart part, char **content, unsigned int flags);
  void        (*url_cleanup)   (CURLU *url);
  void        (*free)          (void *p);
} CurlApi;

static CurlApi curl;
static char *curl_problem;     /* why it could not be loaded, or NULL */

#if defined (G_OS_WIN32)
static const char * const curl_names[] = { "libcurl-4.dll", "libcurl.dll", NULL };
#elif defined (__APPLE__)
static const char * const curl_names[] = { "libcurl.4.dylib", "libcurl.dylib", NULL };
#else
static const char * const curl_names[] = { "libcurl.so.4", "libcurl-gnutls.so.4", NULL };
#endif

static gpointer
load_curl (gpointer data)
{
  static const GantryModuleSymbol symbols[] = {
    { "curl_global_init", G_STRUCT_OFFSET (CurlApi, global_init) },
    { "curl_easy_init", G_STRUCT_OFFSET (CurlApi, easy_init) },
    { "curl_easy_setopt", G_STRUCT_OFFSET (CurlApi, easy_setopt) },
    { "curl_easy_getinfo", G_STRUCT_OFFSET (CurlApi, easy_getinfo) },
    { "curl_easy_perform", G_STRUCT_OFFSET (CurlApi, easy_perform) },
    { "curl_easy_cleanup", G_STRUCT_OFFSET (CurlApi, easy_cleanup) },
    { "curl_easy_strerror", G_STRUCT_OFFSET (CurlApi, easy_strerror) },
    { "curl_url", G_STRUCT_OFFSET (CurlApi, url) },
    { "curl_url_set", G_STRUCT_OFFSET (CurlApi, url_set) },
    { "curl_url_get", G_STRUCT_OFFSET (CurlApi, url_get) },
    { "curl_url_cleanup", G_STRUCT_OFFSET (CurlApi, url_cleanup) },
    { "curl_free", G_STRUCT_OFFSET (CurlApi, free) },
  };
  g_autofree char *library = NULL;
  const char *missing = NULL;

  if (!gantry_module_load_table (curl_names, NULL, symbols, G_N_ELEMENTS (symbols),
                                 &curl, sizeof curl, &library, &missing))
    {
      if (missing == NULL)
        curl_problem = g_strdup_printf ("libcurl could not be loaded (%s): install libcurl (libcurl4 on Debian) to download toolchains",
                                        library);
      else
        curl_problem = g_strdup_printf ("the libcurl found (%s) has no %s: install libcurl 7.68 or newer to download toolchains",
                                        library, missing);
      return NULL;
    }
  curl.global_init (CURL_GLOBAL_DEFAULT);
  return NULL;
}

static gboolean
ensure_curl (GError **error)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, load_curl, NULL);
  if (curl_problem != NULL)
    {
      g_set_error_literal (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_NETWORK, curl_problem);
      return FALSE;
    }
  return TRUE;
}

static gboolean
loopback_http_allowed (void)
{
  return g_strcmp0 (g_getenv ("GANTRY_ALLOW_LOOPBACK_HTTP"), "1") == 0;
}

/* The one rule for every request and every redirect: https anywhere;
 * plain http only to the loopback address, and only when the tests
 * (or a user who knows why) set GANTRY_ALLOW_LOOPBACK_HTTP=1. */
gboolean
gantry_download_check_url (const char  *url,
                           GError     **error)
{
  CURLU *u;
  char *scheme = NULL;
  char *host = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (url != NULL, FALSE);

  if (!ensure_curl (error))
    return FALSE;
  u = curl.url ();
  if (curl.url_set (u, CURLUPART_URL, url, 0) != CURLUE_OK ||
      curl.url_get (u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
      curl.url_get (u, CURLUPART_HOST, &host, 0) != CURLUE_OK)
    {
      g_set_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_URL_REFUSED,
                   "'%s' is not a valid download address: check the catalog setting that gave it.", url);
      goto out;
    }

  if (g_ascii_strcasecmp (scheme, "https") == 0)
    ok = TRUE;
  else if (g_ascii_strcasecmp (scheme, "http") == 0 &&
           (g_str_equal (host, "127.0.0.1") || g_str_equal (host, "[::1]")))
    {
      ok = loopback_http_allowed ();
      if (!ok)
        g_set_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_URL_REFUSED,
                     "Refused plain http to %s: it is allowed only on the loopback address with GANTRY_ALLOW_LOOPBACK_HTTP=1 (for tests); use an https address.",
                     url);
    }
  else
    g_set_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_URL_REFUSED,
                 "Refused to download %s: Gantry downloads over https only; use an https address.",
                 url);

out:
  curl.free (scheme);
  curl.free (host);
  curl.url_cleanup (u);
  return ok;
}

char *
gantry_download_partial_path (const char *dest)
{
  return g_strconcat (dest, ".partial", NULL);
}

static gboolean
is_sha256_hex (const char *s)
{
  if (s == NULL || strlen (s) != 64)
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

#define HASH_BUFFER_SIZE (64 * 1024)

static gboolean
hash_file_into (const char    *path,
                GantrySha256  *checksum,
                guint64       *size_out,
                GCancellable  *cancellable,
                GError       **error)
{
  /* 64 KiB: small enough to come from memory the process already has
   * (a fresh 1 MiB buffer cost 0.3 ms of page faults per file, on the
   * path between a compiler exiting and the build being reported) */
  g_autofree guchar *buf = g_malloc (HASH_BUFFER_SIZE);
  guint64 total = 0;
  FILE *fp;
  size_t n;

  fp = g_fopen (path, "rb");
  if (fp == NULL)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not read %s (%s).", path, g_strerror (saved));
      return FALSE;
    }

  while ((n = fread (buf, 1, HASH_BUFFER_SIZE, fp)) > 0)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          fclose (fp);
          return FALSE;
        }
      gantry_sha256_update (checksum, buf, n);
      total += n;
    }

  if (ferror (fp))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not read %s.", path);
      fclose (fp);
      return FALSE;
    }

  fclose (fp);
  if (size_out != NULL)
    *size_out = total;
  return TRUE;
}

char *
gantry_download_sha256_file (const char    *path,
                             guint64       *size_out,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GantrySha256) checksum = gantry_sha256_new ();

  g_return_val_if_fail (path != NULL, NULL);

  if (!hash_file_into (path, checksum, size_out, cancellable, error))
    return NULL;
  return g_strdup (gantry_sha256_get_string (checksum));
}

/* ------------------------------------------------------------------ */
/* One transfer                                                        */
/* ------------------------------------------------------------------ */

typedef enum
{
  ATTEMPT_OK,
  ATTEMPT_RETRY,    /* dropped or stalled: try again, resuming */
  ATTEMPT_RESTART,  /* the bytes so far cannot be trusted: from zero */
  ATTEMPT_FAIL,
} AttemptResult;

typedef struct
{
  CURL *curl;
  char errbuf[CURL_ERROR_SIZE];

  /* sink: a file (with its running hash) or memory */
  const char *path;
  FILE *fp;
  GantrySha256 *checksum;
  GByteArray *mem;
  guint64 cap;

  guint64 offset;          /* bytes already there when the request started */
  guint64 written;         /* bytes this response added */
  guint64 expected_size;   /* 0 when unknown */

  long status;
  gboolean body_checked;
  gboolean range_mismatch;
  gboolean range_ignored;
  gboolean too_big;
  int write_errno;
  gboolean write_failed;

  GCancellable *cancellable;
  GantryDownloadProgressFunc progress;
  gpointer progress_data;
  GantryDownloadProgress report;
  gint64 last_report;
} Transfer;

static void
report_progress (Transfer *t,
                 gboolean  force)
{
  gint64 now;
  curl_off_t speed = 0;

  if (t->progress == NULL)
    return;

  now = g_get_monotonic_time ();
  if (!force && now - t->last_report < PROGRESS_INTERVAL_US)
    return;
  t->last_report = now;

  curl.easy_getinfo (t->curl, CURLINFO_SPEED_DOWNLOAD_T, &speed);
  t->report.received = t->offset + t->written;
  t->report.total = t->expected_size;
  t->report.bytes_per_second = (double) speed;
  t->progress (&t->report, t->progress_data);
}

static size_t
on_header (char   *data,
           size_t  size,
           size_t  nmemb,
           void   *user_data)
{
  Transfer *t = user_data;
  size_t n = size * nmemb;
  g_autofree char *line = g_strndup (data, n);

  g_strchomp (line);
  if (g_str_has_prefix (line, "HTTP/"))
    {
      const char *sp = strchr (line, ' ');

      t->status = sp ? strtol (sp + 1, NULL, 10) : 0;
    }
  else if (g_ascii_strncasecmp (line, "Content-Range:", 14) == 0)
    {
      const char *v = line + 14;
      guint64 start;

      while (*v == ' ')
        v++;
      if (g_ascii_strncasecmp (v, "bytes ", 6) == 0)
        {
          start = g_ascii_strtoull (v + 6, NULL, 10);
          if (start != t->offset)
            t->range_mismatch = TRUE;
        }
    }

  return n;
}

static size_t
on_write (char   *data,
          size_t  size,
          size_t  nmemb,
          void   *user_data)
{
  Transfer *t = user_data;
  size_t n = size * nmemb;

  if (t->status == 0)
    curl.easy_getinfo (t->curl, CURLINFO_RESPONSE_CODE, &t->status);

  /* Bodies of redirects and errors are not the file. */
  if (t->status < 200 || t->status >= 300)
    return n;

  if (g_cancellable_is_cancelled (t->cancellable))
    return 0;

  if (!t->body_checked)
    {
      t->body_checked = TRUE;
      if (t->offset > 0 && t->status == 200)
        {
          /* The server ignored Range and sends the whole file: keep
           * reading, but from zero. */
          g_debug ("%s: server ignored the Range request; starting over", t->path ? t->path : "fetch");
          t->range_ignored = TRUE;
          t->offset = 0;
          if (t->fp != NULL)
            {
              fclose (t->fp);
              t->fp = g_fopen (t->path, "wb");
              if (t->fp == NULL)
                {
                  t->write_errno = errno;
                  t->write_failed = TRUE;
                  return 0;
                }
              gantry_sha256_reset (t->checksum);
            }
        }
      else if (t->offset > 0 && t->range_mismatch)
        return 0;
    }

  if (t->offset + t->written + n > t->cap)
    {
      t->too_big = TRUE;
      return 0;
    }

  if (t->fp != NULL)
    {
      if (fwrite (data, 1, n, t->fp) != n)
        {
          t->write_errno = errno;
          t->write_failed = TRUE;
          return 0;
        }
      gantry_sha256_update (t->checksum, (const guchar *) data, n);
    }
  else
    g_byte_array_append (t->mem, (const guint8 *) data, n);

  t->written += n;
  return n;
}

static int
on_progress (void       *user_data,
             curl_off_t  dltotal,
             curl_off_t  dlnow,
             curl_off_t  ultotal,
             curl_off_t  ulnow)
{
  Transfer *t = user_data;

  if (g_cancellable_is_cancelled (t->cancellable))
    return 1;
  report_progress (t, FALSE);
  return 0;
}

static void
options_fill (GantryDownloadOptions       *out,
              const GantryDownloadOptions *in)
{
  *out = (GantryDownloadOptions) { 0 };
  if (in != NULL)
    *out = *in;
  if (out->max_attempts == 0)
    out->max_attempts = 6;
  if (out->connect_timeout == 0)
    out->connect_timeout = 30;
  if (out->low_speed_time == 0)
    out->low_speed_time = 60;
  if (out->low_speed_limit == 0)
    out->low_speed_limit = 1;
  if (out->max_redirects == 0)
    out->max_redirects = 8;
  if (out->retry_delay_ms == 0)
    out->retry_delay_ms = 500;
}

static void
setup_curl (Transfer                    *t,
            const GantryDownloadOptions *o)
{
  CURL *c = t->curl;

  curl.easy_setopt (c, CURLOPT_NOSIGNAL, 1L);
  /* Redirects are followed here, one by one, so each hop's address
   * passes gantry_download_check_url() before any byte is sent. */
  curl.easy_setopt (c, CURLOPT_FOLLOWLOCATION, 0L);
  /* libcurl is opened at run time and may be older than the headers:
   * the string options came in 7.85, the bit masks before them. */
  {
    const char *names = loopback_http_allowed () ? "https,http" : "https";
    long mask = (long) (CURLPROTO_HTTPS | (loopback_http_allowed () ? CURLPROTO_HTTP : 0));
    gboolean set = FALSE;

#if LIBCURL_VERSION_NUM >= 0x075500
    set = curl.easy_setopt (c, CURLOPT_PROTOCOLS_STR, names) == CURLE_OK &&
          curl.easy_setopt (c, CURLOPT_REDIR_PROTOCOLS_STR, names) == CURLE_OK;
#endif
    if (!set)
      {
        G_GNUC_BEGIN_IGNORE_DEPRECATIONS
        curl.easy_setopt (c, CURLOPT_PROTOCOLS, mask);
        curl.easy_setopt (c, CURLOPT_REDIR_PROTOCOLS, mask);
        G_GNUC_END_IGNORE_DEPRECATIONS
      }
    (void) names;
  }
  curl.easy_setopt (c, CURLOPT_FAILONERROR, 1L);
  curl.easy_setopt (c, CURLOPT_CONNECTTIMEOUT, (long) o->connect_timeout);
  curl.easy_setopt (c, CURLOPT_LOW_SPEED_LIMIT, (long) o->low_speed_limit);
  curl.easy_setopt (c, CURLOPT_LOW_SPEED_TIME, (long) o->low_speed_time);
  curl.easy_setopt (c, CURLOPT_USERAGENT, "Gantry/" PACKAGE_VERSION);
  curl.easy_setopt (c, CURLOPT_NOPROXY, "127.0.0.1,::1");
  curl.easy_setopt (c, CURLOPT_BUFFERSIZE, 256L * 1024L);
  curl.easy_setopt (c, CURLOPT_ERRORBUFFER, t->errbuf);
  curl.easy_setopt (c, CURLOPT_WRITEFUNCTION, on_write);
  curl.easy_setopt (c, CURLOPT_WRITEDATA, t);
  curl.easy_setopt (c, CURLOPT_HEADERFUNCTION, on_header);
  curl.easy_setopt (c, CURLOPT_HEADERDATA, t);
  curl.easy_setopt (c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl.easy_setopt (c, CURLOPT_XFERINFODATA, t);
  curl.easy_setopt (c, CURLOPT_NOPROGRESS, 0L);
}

static gboolean
is_network_error (CURLcode res)
{
  switch (res)
    {
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return TRUE;
    default:
      return FALSE;
    }
}

/* One request, following redirects by hand. @cause gets a line for
 * the final error should retries run out. */
static AttemptResult
attempt (Transfer                    *t,
         const char                  *url,
         const GantryDownloadOptions *o,
         char                       **cause,
         GError                     **error)
{
  g_autofree char *current = g_strdup (url);
  g_autofree char *range = NULL;
  CURLcode res = CURLE_OK;
  long code = 0;

  g_clear_pointer (cause, g_free);

  for (guint hop = 0;; hop++)
    {
      if (!gantry_download_check_url (current, error))
        return ATTEMPT_FAIL;

      curl.easy_setopt (t->curl, CURLOPT_URL, current);
      g_clear_pointer (&range, g_free);
      if (t->offset > 0)
        range = g_strdup_printf ("%" G_GUINT64_FORMAT "-", t->offset);
      curl.easy_setopt (t->curl, CURLOPT_RANGE, range);

      t->status = 0;
      t->written = 0;
      t->body_checked = FALSE;
      t->range_mismatch = FALSE;
      t->errbuf[0] = '\0';

      res = curl.easy_perform (t->curl);
      curl.easy_getinfo (t->curl, CURLINFO_RESPONSE_CODE, &code);

      if (res == CURLE_OK && code >= 300 && code < 400)
        {
          char *location = NULL;

          curl.easy_getinfo (t->curl, CURLINFO_REDIRECT_URL, &location);
          if (location == NULL)
            {
              g_set_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_HTTP,
                           "%s answered %ld without saying where to go: try again later, or report the catalog entry.",
                           current, code);
              return ATTEMPT_FAIL;
            }
          if (hop + 1 > o->max_redirects)
            {
              g_set_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_REDIRECTS,
                           "Gave up on %s after %u redirects: the server loops; try again later.",
                           url, o->max_redirects);
              return ATTEMPT_FAIL;
            }
          g_debug ("redirect %ld: %s -> %s", code, current, location);
          g_free (current);
          current = g_strdup (location);
          continue;
        }
      break;
    }

  if (g_cancellable_set_error_if_cancelled (t->cancellable, error))
    return ATTEMPT_FAIL;

  if (t->too_big)
    {
      g_set_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_TOO_BIG,
                   "%s sent more than the %" G_GUINT64_FORMAT " bytes its manifest announced; the download was dropped: the mirror may be wrong, try again later.",
                   current, t->cap);
      return ATTEMPT_FAIL;
    }

  if (t->write_failed)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (t->write_errno),
                   "Could not write %s (%s): check free space in the data folder.",
                   t->path, g_strerror (t->write_errno));
      return ATTEMPT_FAIL;
    }

  if (t->range_mismatch)
    {
      *cause = g_strdup_printf ("%s answered a resume with the wrong byte range", current);
      return ATTEMPT_RESTART;
    }

  if (res == CURLE_HTTP_RETURNED_ERROR)
    {
      if (code == 416)
        {
          *cause = g_strdup_printf ("%s refused to resume (416)", current);
          return ATTEMPT_RESTART;
        }
      if (code >= 500 || code == 408 || code == 429)
        {
          *cause = g_strdup_printf ("%s answered %ld", current, code);
          return ATTEMPT_RETRY;
        }
      g_set_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_HTTP,
                   "%s answered %ld%s: the catalog may be out of date; refresh it with 'gantry toolchain available' and try again.",
                   current, code, code == 404 ? " (not found)" : "");
      return ATTEMPT_FAIL;
    }

  if (res == CURLE_COULDNT_RESOLVE_HOST || res == CURLE_COULDNT_RESOLVE_PROXY)
    {
      /* No name service: retrying for a minute would only make the user wait. */
      g_set_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_NETWORK,
                   "Could not reach %s (%s): check the network connection, or the proxy settings, and try again.",
                   current, t->errbuf[0] ? t->errbuf : curl.easy_strerror (res));
      return ATTEMPT_FAIL;
    }

  if (is_network_error (res))
    {
      *cause = g_strdup_printf ("%s: %s", current, t->errbuf[0] ? t->errbuf : curl.easy_strerror (res));
      return ATTEMPT_RETRY;
    }

  if (res == CURLE_UNSUPPORTED_PROTOCOL)
    {
      g_set_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_URL_REFUSED,
                   "Refused to download %s: Gantry downloads over https only.", current);
      return ATTEMPT_FAIL;
    }

  if (res != CURLE_OK)
    {
      g_set_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_FAILED,
                   "Downloading %s failed: %s.", current,
                   t->errbuf[0] ? t->errbuf : curl.easy_strerror (res));
      return ATTEMPT_FAIL;
    }

  if (code != 200 && code != 206)
    {
      g_set_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_HTTP,
                   "%s answered %ld instead of the file: try again later.", current, code);
      return ATTEMPT_FAIL;
    }

  if (t->expected_size > 0 && t->offset + t->written < t->expected_size)
    {
      *cause = g_strdup_printf ("%s ended after %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " bytes",
                                current, t->offset + t->written, t->expected_size);
      return ATTEMPT_RETRY;
    }

  return ATTEMPT_OK;
}

static gboolean
pause_before_retry (guint          attempt_no,
                    guint          base_ms,
                    GCancellable  *cancellable,
                    GError       **error)
{
  guint64 wait_ms = (guint64) base_ms << MIN (attempt_no - 1, 5u);

  for (guint64 waited = 0; waited < wait_ms; waited += 20)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      g_usleep (20 * 1000);
    }
  return TRUE;
}

static void
transfer_clear (Transfer *t)
{
  if (t->fp != NULL)
    fclose (t->fp);
  t->fp = NULL;
  g_clear_pointer (&t->checksum, gantry_sha256_free);
  if (t->curl != NULL)
    curl.easy_cleanup (t->curl);
  t->curl = NULL;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Transfer, transfer_clear)

static gboolean
remove_if_exists (const char  *path,
                  GError     **error)
{
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not remove %s (%s).", path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* Downloads @url to @dest, checking @sha256 (required) and @size (0
 * when unknown). Bytes land in @dest.partial first; a later call
 * resumes from it after re-hashing what is there. @dest appears only
 * when its hash matches. */
gboolean
gantry_download_file (const char                   *url,
                      const char                   *dest,
                      const char                   *sha256,
                      guint64                       size,
                      const GantryDownloadOptions  *options,
                      GantryDownloadProgressFunc    progress,
                      gpointer                      progress_data,
                      GCancellable                 *cancellable,
                      GError                      **error)
{
  g_auto(Transfer) t = { 0 };
  g_autofree char *partial = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *cause = NULL;
  GantryDownloadOptions o;
  gboolean tried_clean_after_mismatch = FALSE;

  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (dest != NULL, FALSE);

  if (!is_sha256_hex (sha256))
    {
      g_set_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_NO_HASH,
                   "No SHA-256 is known for %s, so Gantry will not download it: Gantry installs only files it can check; pick a release whose catalog entry has a checksum.",
                   url);
      return FALSE;
    }
  if (!gantry_download_check_url (url, error))
    return FALSE;

  options_fill (&o, options);
  if (!ensure_curl (error))
    return FALSE;

  partial = gantry_download_partial_path (dest);
  parent = g_path_get_dirname (dest);
  if (g_mkdir_with_parents (parent, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not create the folder %s (%s).", parent, g_strerror (saved));
      return FALSE;
    }

  t.curl = curl.easy_init ();
  t.path = partial;
  t.expected_size = size;
  t.cap = size > 0 ? size : UNKNOWN_SIZE_CAP;
  t.cancellable = cancellable;
  t.progress = progress;
  t.progress_data = progress_data;
  setup_curl (&t, &o);

  for (guint n = 1; n <= o.max_attempts; n++)
    {
      g_autoptr(GError) attempt_error = NULL;
      AttemptResult result;
      GStatBuf st;
      gboolean resumed;
      const char *digest;

      g_clear_pointer (&t.checksum, gantry_sha256_free);
      t.checksum = gantry_sha256_new ();
      t.offset = 0;
      t.range_ignored = FALSE;
      t.too_big = FALSE;

      if (g_stat (partial, &st) == 0 && st.st_size > 0)
        {
          g_autoptr(GError) local_error = NULL;
          guint64 have = 0;

          if (size > 0 && (guint64) st.st_size > size)
            g_unlink (partial);
          else if (!hash_file_into (partial, t.checksum, &have, cancellable, &local_error))
            {
              if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
                {
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  return FALSE;
                }
              g_unlink (partial);
              gantry_sha256_reset (t.checksum);
            }
          else
            t.offset = have;
        }

      resumed = t.offset > 0;
      t.report.attempt = n;
      t.report.resumed = resumed;

      if (size > 0 && t.offset == size)
        result = ATTEMPT_OK;   /* a previous run got every byte */
      else
        {
          t.fp = g_fopen (partial, resumed ? "ab" : "wb");
          if (t.fp == NULL)
            {
              int saved = errno;
              g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                           "Could not write %s (%s): check that the data folder is writable.",
                           partial, g_strerror (saved));
              return FALSE;
            }

          result = attempt (&t, url, &o, &cause, &attempt_error);

          if (t.fp != NULL && fclose (t.fp) != 0 && result == ATTEMPT_OK)
            {
              int saved = errno;
              t.fp = NULL;
              g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                           "Could not write %s (%s): check free space in the data folder.",
                           partial, g_strerror (saved));
              g_unlink (partial);
              return FALSE;
            }
          t.fp = NULL;
          if (t.range_ignored)
            resumed = FALSE;
        }

      switch (result)
        {
        case ATTEMPT_OK:
          report_progress (&t, TRUE);
          digest = gantry_sha256_get_string (t.checksum);
          if (g_ascii_strcasecmp (digest, sha256) == 0)
            {
#ifdef G_OS_WIN32
              g_unlink (dest);   /* rename does not replace on Windows */
#endif
              if (g_rename (partial, dest) != 0)
                {
                  int saved = errno;
                  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                               "Could not move %s into place (%s).", partial, g_strerror (saved));
                  g_unlink (partial);
                  return FALSE;
                }
              return TRUE;
            }

          /* Never keep bytes that do not match. */
          g_unlink (partial);
          if (resumed && !tried_clean_after_mismatch)
            {
              /* The earlier bytes may be the bad ones: one clean try. */
              g_debug ("%s: SHA-256 mismatch after a resume; downloading again from zero", url);
              tried_clean_after_mismatch = TRUE;
              continue;
            }
          g_set_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_HASH_MISMATCH,
                       "The file from %s does not match its published SHA-256 (expected %s, got %s); it was deleted and nothing was installed: try again later, or from another network.",
                       url, sha256, digest);
          return FALSE;

        case ATTEMPT_RESTART:
          g_debug ("%s: %s; starting over from zero", url, cause);
          if (!remove_if_exists (partial, error))
            return FALSE;
          continue;

        case ATTEMPT_RETRY:
          g_debug ("%s: attempt %u: %s; resuming", url, n, cause);
          if (n < o.max_attempts && !pause_before_retry (n, o.retry_delay_ms, cancellable, error))
            return FALSE;
          continue;

        case ATTEMPT_FAIL:
        default:
          if (g_error_matches (attempt_error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_TOO_BIG) ||
              (g_stat (partial, &st) == 0 && st.st_size == 0))
            g_unlink (partial);
          g_propagate_error (error, g_steal_pointer (&attempt_error));
          return FALSE;
        }
    }

  {
    GStatBuf st;

    if (g_stat (partial, &st) == 0 && st.st_size == 0)
      g_unlink (partial);
  }
  g_set_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_NETWORK,
               "Could not download %s after %u attempts (last: %s); any bytes received are kept and the next try resumes from them: check the network and try again.",
               url, o.max_attempts, cause ? cause : "no answer");
  return FALSE;
}

/* Fetches a small document (a manifest) into memory, under the same
 * address rules. No checksum exists for these: they come over https. */
GBytes *
gantry_download_fetch (const char                   *url,
                       gsize                         max_size,
                       const GantryDownloadOptions  *options,
                       GCancellable                 *cancellable,
                       GError                      **error)
{
  g_auto(Transfer) t = { 0 };
  g_autoptr(GByteArray) mem = g_byte_array_new ();
  g_autofree char *cause = NULL;
  GantryDownloadOptions o;

  g_return_val_if_fail (url != NULL, NULL);

  if (!gantry_download_check_url (url, error))
    return NULL;

  options_fill (&o, options);
  if (!ensure_curl (error))
    return NULL;

  t.curl = curl.easy_init ();
  t.mem = mem;
  t.cap = max_size > 0 ? max_size : 64 << 20;
  t.cancellable = cancellable;
  setup_curl (&t, &o);

  for (guint n = 1; n <= o.max_attempts; n++)
    {
      AttemptResult result;

      g_byte_array_set_size (mem, 0);
      t.offset = 0;
      result = attempt (&t, url, &o, &cause, error);
      switch (result)
        {
        case ATTEMPT_OK:
          return g_byte_array_free_to_bytes (g_steal_pointer (&mem));
        case ATTEMPT_RESTART:
          continue;
        case ATTEMPT_RETRY:
          if (n < o.max_attempts && !pause_before_retry (n, o.retry_delay_ms, cancellable, error))
            return NULL;
          continue;
        case ATTEMPT_FAIL:
        default:
          return NULL;
        }
    }

  g_set_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_NETWORK,
               "Could not fetch %s after %u attempts (last: %s): check the network and try again.",
               url, o.max_attempts, cause ? cause : "no answer");
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Async                                                               */
/* ------------------------------------------------------------------ */

typedef struct
{
  char *url;
  char *dest;
  char *sha256;
  guint64 size;
  GantryDownloadOptions options;
  gboolean has_options;
  GantryRelay *relay;
  GMainContext *context;
} DownloadJob;

static void
download_job_free (gpointer p)
{
  DownloadJob *job = p;

  g_free (job->url);
  g_free (job->dest);
  g_free (job->sha256);
  gantry_relay_unref (job->relay);
  g_main_context_unref (job->context);
  g_free (job);
}

static void
relay_progress (const GantryDownloadProgress *progress,
                gpointer                      user_data)
{
  DownloadJob *job = user_data;

  gantry_relay_post (job->relay, progress, sizeof *progress);
}

static void
download_worker (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  DownloadJob *job = task_data;
  GError *error = NULL;

  if (gantry_download_file (job->url, job->dest, job->sha256, job->size,
                            job->has_options ? &job->options : NULL,
                            job->relay ? relay_progress : NULL, job,
                            cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Runs gantry_download_file() in a worker thread; @progress is called
 * in the thread-default main context of the caller. */
void
gantry_download_file_async (const char                   *url,
                            const char                   *dest,
                            const char                   *sha256,
                            guint64                       size,
                            const GantryDownloadOptions  *options,
                            GantryDownloadProgressFunc    progress,
                            gpointer                      progress_data,
                            GDestroyNotify                progress_data_free,
                            GCancellable                 *cancellable,
                            GAsyncReadyCallback           callback,
                            gpointer                      user_data)
{
  g_autoptr(GTask) task = NULL;
  DownloadJob *job;

  g_return_if_fail (url != NULL);
  g_return_if_fail (dest != NULL);

  job = g_new0 (DownloadJob, 1);
  job->url = g_strdup (url);
  job->dest = g_strdup (dest);
  job->sha256 = g_strdup (sha256);
  job->size = size;
  if (options != NULL)
    {
      job->options = *options;
      job->has_options = TRUE;
    }
  job->context = g_main_context_ref_thread_default ();
  if (progress != NULL)
    {
      job->relay = gantry_relay_new (job->context, (GantryRelayFunc) progress,
                                     progress_data, progress_data_free);
    }
  else if (progress_data_free != NULL)
    progress_data_free (progress_data);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_download_file_async);
  g_task_set_task_data (task, job, download_job_free);
  g_task_run_in_thread (task, download_worker);
}

gboolean
gantry_download_file_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gantry_download_file_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

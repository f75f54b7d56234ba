/* test-toolchain-download.c — checked downloads against a real HTTP server on 127.0.0.1 */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "gantry-download.h"
#include "gantry-test-http.h"
#include "gantry-test-util.h"

#define BODY_SIZE (3 * 1024 * 1024 + 12345)

typedef struct
{
  GantryTestHttp *http;
  char *dir;
  char *dest;
  char *partial;
  GBytes *body;
  char *sha256;
} Fixture;

static GBytes *
random_bytes (gsize   len,
              guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint8 *data = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    data[i] = (guint8) g_rand_int_range (rand, 0, 256);
  return g_bytes_new_take (data, len);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->http = gantry_test_http_new ();
  f->dir = gantry_test_make_tmpdir ("download");
  f->dest = g_build_filename (f->dir, "file.tar.gz", NULL);
  f->partial = g_strconcat (f->dest, ".partial", NULL);
  f->body = random_bytes (BODY_SIZE, 42);
  f->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, f->body);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gantry_test_http_free (f->http);
  gantry_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->dest);
  g_free (f->partial);
  g_bytes_unref (f->body);
  g_free (f->sha256);
}

/* Fast retries and a short stall limit keep the fault tests quick. */
static const GantryDownloadOptions fast = {
  .max_attempts = 4,
  .low_speed_time = 1,
  .low_speed_limit = 1000,
  .retry_delay_ms = 10,
};

static void
assert_file_is_body (Fixture *f)
{
  g_autofree char *got = NULL;
  gsize len = 0;

  got = gantry_test_read_file (f->dest, &len);
  g_assert_cmpuint (len, ==, g_bytes_get_size (f->body));
  g_assert_true (memcmp (got, g_bytes_get_data (f->body, NULL), len) == 0);
  g_assert_false (g_file_test (f->partial, G_FILE_TEST_EXISTS));
}

static void
assert_nothing_kept (Fixture *f)
{
  g_assert_false (g_file_test (f->dest, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (f->partial, G_FILE_TEST_EXISTS));
}

static void
write_partial (Fixture *f,
               gsize    len,
               gboolean garbage)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *bytes = g_memdup2 (g_bytes_get_data (f->body, NULL), len);

  if (garbage)
    for (gsize i = 0; i < len; i++)
      bytes[i] ^= 0x5a;
  g_file_set_contents (f->partial, (const char *) bytes, len, &error);
  g_assert_no_error (error);
}

static gboolean
download (Fixture     *f,
          const char  *path,
          const char  *sha256,
          guint64      size,
          GError     **error)
{
  g_autofree char *url = gantry_test_http_url (f->http, path);

  return gantry_download_file (url, f->dest, sha256, size, &fast, NULL, NULL, NULL, error);
}

static void
test_ok (Fixture       *f,
         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  gantry_test_http_serve (f->http, "/f", f->body, NULL);
  g_assert_true (download (f, "/f", f->sha256, BODY_SIZE, &error));
  g_assert_no_error (error);
  assert_file_is_body (f);
  g_assert_cmpuint (gantry_test_http_requests (f->http, "/f"), ==, 1);
}

static void
test_resume_after_drop (Fixture       *f,
                        gconstpointer  data)
{
  GantryTestRoute route = { .drop_after = BODY_SIZE / 2, .drop_times = 1 };
  g_autoptr(GError) error = NULL;

  gantry_test_http_serve (f->http, "/f", f->body, &route);
  g_assert_true (download (f, "/f", f->sha256, BODY_SIZE, &error));
  g_assert_no_error (error);
  assert_file_is_body (f);
  /* The second request continued from where the first was cut. */
  g_assert_cmpuint (gantry_test_http_requests (f->http, "/f"), ==, 2);
  g_assert_cmpuint (gantry_test_http_range_requests (f->http, "/f"), ==, 1);
}

static void
test_resume_from_partial_file (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  gantry_test_http_serve (f->http, "/f", f->body, NULL);
  write_partial (f, 1024 * 1024, FALSE);
  g_assert_true (download (f, "/f", f->sha256, BODY_SIZE, &error));
  g_assert_no_error (error);
  assert_file_is_body (f);
  g_assert_cmpuint (gantry_test_http_requests (f->http, "/f"), ==, 1);
  g_assert_cmpuint (gantry_test_http_range_requests (f->http, "/f"), ==, 1);
}

static void
test_range_ignored (Fixture       *f,
                    gconstpointer  data)
{
  GantryTestRoute route = { .ignore_range = TRUE };
  g_autoptr(GError) error = NULL;

  gantry_test_http_serve (f->http, "/f", f->body, &route);
  write_partial (f, 1024 * 1024, FALSE);
  g_assert_true (download (f, "/f", f->sha256, BODY_SIZE, &error));
  g_assert_no_error (error);
  /* Had the 200 body been appended, the file would be 1 MiB too long. */
  assert_file_is_body (f);
}

static void
test_416_restarts (Fixture       *f,
                   gconstpointer  data)
{
  GantryTestRoute route = { .always_416 = TRUE };
  g_autoptr(GError) error = NULL;

  gantry_test_http_serve (f->http, "/f", f->body, &route);
  write_partial (f, 1024 * 1024, FALSE);
  g_assert_true (download (f, "/f", f->sha256, BODY_SIZE, &error));
  g_assert_no_error (error);
  assert_file_is_body (f);
  g_assert_cmpuint (gantry_test_http_requests (f->http, "/f"), ==, 2);
}

static void
test_bad_content_range (Fixture       *f,
                        gconstpointer  data)
{
  GantryTestRoute route = { .bad_content_range = TRUE };
  g_autoptr(GError) error = NULL;

  gantry_test_http_serve (f->http, "/f", f->body, &route);
  write_partial (f, 1024 * 1024, FALSE);
  g_assert_true (download (f, "/f", f->sha256, BODY_SIZE, &error));
  g_assert_no_error (error);
  assert_file_is_body (f);
  g_assert_cmpuint (gantry_test_http_requests (f->http, "/f"), ==, 2);
}

static void
test_wrong_hash (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GBytes) other = random_bytes (4096, 7);
  g_autofree char *other_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, other);
  g_autoptr(GError) error = NULL;

  /* The server sends a body that is not the published one. */
  gantry_test_http_serve (f->http, "/f", f->body, NULL);
  g_assert_false (download (f, "/f", other_sha, 0, &error));
  g_assert_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_HASH_MISMATCH);
  g_assert_nonnull (strstr (error->message, f->sha256));
  assert_nothing_kept (f);
}

static void
test_bad_partial_restarts (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* A .partial whose bytes are wrong: the resumed file mismatches,
   * is deleted, and one clean download from zero fixes it. */
  gantry_test_http_serve (f->http, "/f", f->body, NULL);
  write_partial (f, 1024 * 1024, TRUE);
  g_assert_true (download (f, "/f", f->sha256, BODY_SIZE, &error));
  g_assert_no_error (error);
  assert_file_is_body (f);
  g_assert_cmpuint (gantry_test_http_requests (f->http, "/f"), ==, 2);
}

static void
test_no_hash (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  gantry_test_http_serve (f->http, "/f", f->body, NULL);
  g_assert_false (download (f, "/f", NULL, BODY_SIZE, &error));
  g_assert_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_NO_HASH);
  g_clear_error (&error);
  g_assert_false (download (f, "/f", "not-a-hash", BODY_SIZE, &error));
  g_assert_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_NO_HASH);
  g_assert_cmpuint (gantry_test_http_requests (f->http, "/f"), ==, 0);
  assert_nothing_kept (f);
}

static void
test_too_big (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* The manifest says 1 MiB; the server sends 3 MiB. */
  gantry_test_http_serve (f->http, "/f", f->body, NULL);
  g_assert_false (download (f, "/f", f->sha256, 1024 * 1024, &error));
  g_assert_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_TOO_BIG);
  assert_nothing_kept (f);
}

static void
test_redirect_followed (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *target = gantry_test_http_url (f->http, "/real");
  GantryTestRoute route = { .redirect_to = target };
  g_autoptr(GError) error = NULL;

  gantry_test_http_serve (f->http, "/real", f->body, NULL);
  gantry_test_http_serve (f->http, "/moved", NULL, &route);
  g_assert_true (download (f, "/moved", f->sha256, BODY_SIZE, &error));
  g_assert_no_error (error);
  assert_file_is_body (f);
  g_assert_cmpuint (gantry_test_http_requests (f->http, "/moved"), ==, 1);
  g_assert_cmpuint (gantry_test_http_requests (f->http, "/real"), ==, 1);
}

static void
test_redirect_loop_capped (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *self_url = gantry_test_http_url (f->http, "/loop");
  GantryTestRoute route = { .redirect_to = self_url };
  g_autoptr(GError) error = NULL;

  gantry_test_http_serve (f->http, "/loop", NULL, &route);
  g_assert_false (download (f, "/loop", f->sha256, BODY_SIZE, &error));
  g_assert_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_REDIRECTS);
  g_assert_cmpuint (gantry_test_http_requests (f->http, "/loop"), ==, 9);
  assert_nothing_kept (f);
}

static void
test_redirect_other_scheme_refused (Fixture       *f,
                                    gconstpointer  data)
{
  const char *targets[] = {
    "ftp://127.0.0.1/file.tar.gz",
    "file:///etc/passwd",
    "http://example.invalid/file.tar.gz",   /* plain http off loopback */
  };

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      GantryTestRoute route = { .redirect_to = (char *) targets[i] };
      g_autoptr(GError) error = NULL;

      gantry_test_http_serve (f->http, "/evil", NULL, &route);
      g_assert_false (download (f, "/evil", f->sha256, BODY_SIZE, &error));
      g_assert_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_URL_REFUSED);
      assert_nothing_kept (f);
    }
}

static void
test_url_policy (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *loopback = gantry_test_http_url (f->http, "/f");
  g_autofree char *saved = g_strdup (g_getenv ("GANTRY_ALLOW_LOOPBACK_HTTP"));

  g_assert_true (gantry_download_check_url ("https://go.dev/dl/go1.21.5.linux-amd64.tar.gz", NULL));
  g_assert_true (gantry_download_check_url (loopback, NULL));
  g_assert_true (gantry_download_check_url ("http://[::1]:8080/x", NULL));
  g_assert_false (gantry_download_check_url ("http://example.invalid/x", &error));
  g_assert_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_URL_REFUSED);
  g_clear_error (&error);
  g_assert_false (gantry_download_check_url ("http://127.0.0.2/x", NULL));
  g_assert_false (gantry_download_check_url ("http://localhost/x", NULL));
  g_assert_false (gantry_download_check_url ("ftp://127.0.0.1/x", NULL));
  g_assert_false (gantry_download_check_url ("file:///etc/passwd", NULL));
  g_assert_false (gantry_download_check_url ("not a url", NULL));

  /* Without the switch, even loopback http is refused. */
  g_unsetenv ("GANTRY_ALLOW_LOOPBACK_HTTP");
  gantry_test_http_serve (f->http, "/f", f->body, NULL);
  g_assert_false (download (f, "/f", f->sha256, BODY_SIZE, &error));
  g_assert_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_URL_REFUSED);
  g_assert_nonnull (strstr (error->message, "GANTRY_ALLOW_LOOPBACK_HTTP"));
  g_assert_cmpuint (gantry_test_http_requests (f->http, "/f"), ==, 0);
  g_setenv ("GANTRY_ALLOW_LOOPBACK_HTTP", saved ? saved : "1", TRUE);
}

static void
test_not_found (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (download (f, "/missing", f->sha256, BODY_SIZE, &error));
  g_assert_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_HTTP);
  g_assert_nonnull (strstr (error->message, "404"));
  assert_nothing_kept (f);
}

static void
test_server_error_retried (Fixture       *f,
                           gconstpointer  data)
{
  GantryTestRoute route = { .status = 503 };
  g_autoptr(GError) error = NULL;

  gantry_test_http_serve (f->http, "/busy", NULL, &route);
  g_assert_false (download (f, "/busy", f->sha256, BODY_SIZE, &error));
  g_assert_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_NETWORK);
  g_assert_cmpuint (gantry_test_http_requests (f->http, "/busy"), ==, fast.max_attempts);
}

static void
test_connection_refused (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  /* A port that was free a moment ago and has no listener now. */
  g_assert_true (g_socket_bind (sock, any, TRUE, NULL));
  bound = g_socket_get_local_address (sock, NULL);
  url = g_strdup_printf ("http://127.0.0.1:%u/f", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (sock, NULL);

  g_assert_false (gantry_download_file (url, f->dest, f->sha256, BODY_SIZE, &fast, NULL, NULL, NULL, &error));
  g_assert_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "4 attempts"));
  assert_nothing_kept (f);
}

static void
test_stall_resumes (Fixture       *f,
                    gconstpointer  data)
{
  GantryTestRoute route = { .stall_after = 64 * 1024, .stall_times = 1, .stall_ms = 8000 };
  /* curl averages speed over a few seconds: a high limit makes the
   * stall show at once, and loopback is far faster than 200 KB/s. */
  GantryDownloadOptions opts = fast;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autofree char *url = gantry_test_http_url (f->http, "/f");

  opts.low_speed_limit = 200 * 1000;
  gantry_test_http_serve (f->http, "/f", f->body, &route);
  g_assert_true (gantry_download_file (url, f->dest, f->sha256, BODY_SIZE, &opts, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_file_is_body (f);
  /* The low-speed limit cut the stalled request well before the stall ended. */
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 6.0);
  g_assert_cmpuint (gantry_test_http_range_requests (f->http, "/f"), ==, 1);
}

static void
test_retries_exhausted_keep_partial (Fixture       *f,
                                     gconstpointer  data)
{
  GantryTestRoute route = { .drop_after = 100 * 1024, .drop_times = 1000 };
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  gantry_test_http_serve (f->http, "/f", f->body, &route);
  g_assert_false (download (f, "/f", f->sha256, BODY_SIZE, &error));
  g_assert_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_NETWORK);
  g_assert_false (g_file_test (f->dest, G_FILE_TEST_EXISTS));
  /* Four attempts of 100 KiB each: the bytes stay for the next try. */
  g_assert_cmpint (g_stat (f->partial, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 4 * 100 * 1024);
}

static void
cancel_on_progress (const GantryDownloadProgress *p,
                    gpointer                      user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = gantry_test_http_url (f->http, "/f");
  GantryTestRoute route = { .stall_after = 64 * 1024, .stall_times = 1, .stall_ms = 1500 };

  gantry_test_http_serve (f->http, "/f", f->body, &route);
  g_assert_false (gantry_download_file (url, f->dest, f->sha256, BODY_SIZE, &fast,
                                        cancel_on_progress, cancellable, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (f->dest, G_FILE_TEST_EXISTS));
}

typedef struct
{
  GMainLoop *loop;
  GThread *main_thread;
  guint reports;
  guint64 last_received;
  gboolean off_thread;
  gboolean done;
  gboolean ok;
  GError *error;
} AsyncState;

static void
async_progress (const GantryDownloadProgress *p,
                gpointer                      user_data)
{
  AsyncState *s = user_data;

  if (g_thread_self () != s->main_thread)
    s->off_thread = TRUE;
  g_assert_cmpuint (p->received, >=, s->last_received);
  s->last_received = p->received;
  s->reports++;
}

static void
async_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncState *s = user_data;

  s->ok = gantry_download_file_finish (result, &s->error);
  s->done = TRUE;
  g_main_loop_quit (s->loop);
}

static void
test_async_progress (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *url = gantry_test_http_url (f->http, "/f");
  AsyncState s = { 0 };

  gantry_test_http_serve (f->http, "/f", f->body, NULL);
  s.loop = g_main_loop_new (NULL, FALSE);
  s.main_thread = g_thread_self ();
  gantry_download_file_async (url, f->dest, f->sha256, BODY_SIZE, &fast,
                              async_progress, &s, NULL, NULL, async_done, &s);
  g_main_loop_run (s.loop);
  /* Reports queued before completion are delivered before it. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_no_error (s.error);
  g_assert_true (s.ok);
  g_assert_false (s.off_thread);
  g_assert_cmpuint (s.reports, >=, 1);
  g_assert_cmpuint (s.last_received, ==, BODY_SIZE);
  assert_file_is_body (f);
  g_main_loop_unref (s.loop);
}

static void
test_fetch (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *url = gantry_test_http_url (f->http, "/manifest.json");
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GBytes) manifest = g_bytes_new_static ("[{\"version\":\"go1.21.5\"}]", 24);
  g_autoptr(GError) error = NULL;

  gantry_test_http_serve (f->http, "/manifest.json", manifest, NULL);
  got = gantry_download_fetch (url, 1024, &fast, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (got, manifest));
  g_clear_pointer (&got, g_bytes_unref);

  got = gantry_download_fetch (url, 10, &fast, NULL, &error);
  g_assert_null (got);
  g_assert_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_TOO_BIG);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("GANTRY_ALLOW_LOOPBACK_HTTP", "1", TRUE);

#define ADD(path, func) g_test_add ("/core/download/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("ok", test_ok);
  ADD ("resume-after-drop", test_resume_after_drop);
  ADD ("resume-from-partial-file", test_resume_from_partial_file);
  ADD ("range-ignored-restarts-from-zero", test_range_ignored);
  ADD ("416-restarts-from-zero", test_416_restarts);
  ADD ("bad-content-range-restarts", test_bad_content_range);
  ADD ("wrong-hash-keeps-nothing", test_wrong_hash);
  ADD ("bad-partial-restarts-clean", test_bad_partial_restarts);
  ADD ("no-hash-fails-closed", test_no_hash);
  ADD ("too-big-for-manifest-size", test_too_big);
  ADD ("redirect-followed", test_redirect_followed);
  ADD ("redirect-loop-capped", test_redirect_loop_capped);
  ADD ("redirect-to-other-scheme-refused", test_redirect_other_scheme_refused);
  ADD ("url-policy", test_url_policy);
  ADD ("not-found", test_not_found);
  ADD ("server-error-retried", test_server_error_retried);
  ADD ("connection-refused-retried", test_connection_refused);
  ADD ("stall-aborts-and-resumes", test_stall_resumes);
  ADD ("retries-exhausted-keep-partial", test_retries_exhausted_keep_partial);
  ADD ("cancel", test_cancel);
  ADD ("async-progress-on-main-context", test_async_progress);
  ADD ("fetch-manifest", test_fetch);
#undef ADD

  return g_test_run ();
}

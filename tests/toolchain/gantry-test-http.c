/* gantry-test-http.c — a real HTTP/1.1 server on 127.0.0.1 that can misbehave on request */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-test"

#include "config.h"

#include <string.h>

#include "gantry-test-http.h"

typedef struct
{
  GBytes *body;
  GantryTestRoute route;
  guint requests;
  guint range_requests;
} Route;

struct _GantryTestHttp
{
  GMutex lock;
  GHashTable *routes;   /* path → Route */
  guint16 port;

  GThread *thread;
  GMainContext *context;
  GMainLoop *loop;
  GSocketService *service;
  GCond ready_cond;
  gboolean ready;
};

static void
route_free (gpointer p)
{
  Route *r = p;

  g_bytes_unref (r->body);
  g_free (r->route.redirect_to);
  g_free (r);
}

static gboolean
write_all (GOutputStream *out,
           const void    *data,
           gsize          len)
{
  return g_output_stream_write_all (out, data, len, NULL, NULL, NULL);
}

static gboolean
send_head (GOutputStream *out,
           guint          status,
           const char    *reason,
           const char    *extra)
{
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 %u %s\r\nConnection: close\r\n%s\r\n",
                                           status, reason, extra ? extra : "");
  return write_all (out, head, strlen (head));
}

static gboolean
send_body (GOutputStream *out,
           const guint8  *data,
           gsize          len,
           gsize          stop_at,     /* G_MAXSIZE: all */
           guint          stall_ms)
{
  gsize sent = 0;

  while (sent < len)
    {
      gsize chunk = MIN (len - sent, 256 * 1024);

      if (sent + chunk > stop_at)
        chunk = stop_at - sent;
      if (chunk > 0 && !write_all (out, data + sent, chunk))
        return FALSE;
      sent += chunk;
      if (sent >= stop_at)
        {
          g_output_stream_flush (out, NULL, NULL);
          if (stall_ms > 0)
            g_usleep ((gulong) stall_ms * 1000);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
on_run (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source_object,
        gpointer                user_data)
{
  GantryTestHttp *self = user_data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GDataInputStream) data = g_data_input_stream_new (in);
  g_autofree char *request = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) body = NULL;
  GantryTestRoute route = { 0 };
  gboolean has_range = FALSE;
  guint64 range_start = 0;
  guint request_no = 0;
  Route *r;
  char *line;

  g_data_input_stream_set_newline_type (data, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  request = g_data_input_stream_read_line (data, NULL, NULL, NULL);
  if (request == NULL)
    return TRUE;
  while ((line = g_data_input_stream_read_line (data, NULL, NULL, NULL)) != NULL)
    {
      gboolean end = line[0] == '\0';

      if (g_ascii_strncasecmp (line, "Range:", 6) == 0)
        {
          const char *eq = strchr (line, '=');

          has_range = TRUE;
          range_start = eq ? g_ascii_strtoull (eq + 1, NULL, 10) : 0;
        }
      g_free (line);
      if (end)
        break;
    }

  {
    g_auto(GStrv) parts = g_strsplit (request, " ", 3);

    if (g_strv_length (parts) < 2 || !g_str_equal (parts[0], "GET"))
      {
        send_head (out, 405, "Method Not Allowed", "Content-Length: 0\r\n");
        return TRUE;
      }
    path = g_strdup (parts[1]);
  }

  g_mutex_lock (&self->lock);
  r = g_hash_table_lookup (self->routes, path);
  if (r != NULL)
    {
      request_no = r->requests++;
      if (has_range)
        r->range_requests++;
      body = g_bytes_ref (r->body);
      route = r->route;
      route.redirect_to = g_strdup (r->route.redirect_to);
    }
  g_mutex_unlock (&self->lock);

  if (r == NULL)
    {
      send_head (out, 404, "Not Found", "Content-Length: 0\r\n");
      return TRUE;
    }

  if (route.redirect_to != NULL)
    {
      g_autofree char *extra = g_strdup_printf ("Location: %s\r\nContent-Length: 5\r\n", route.redirect_to);

      send_head (out, 302, "Found", extra);
      write_all (out, "moved", 5);
      g_free (route.redirect_to);
      return TRUE;
    }

  if (route.status != 0)
    {
      send_head (out, route.status, "Error", "Content-Length: 0\r\n");
      return TRUE;
    }

  {
    gsize len = 0;
    const guint8 *bytes = g_bytes_get_data (body, &len);
    gsize stop_at = G_MAXSIZE;
    guint stall = 0;

    if (route.drop_after > 0 && request_no < route.drop_times)
      stop_at = route.drop_after;
    if (route.stall_after > 0 && request_no < route.stall_times)
      {
        stop_at = route.stall_after;
        stall = route.stall_ms;
      }

    if (has_range && route.always_416)
      {
        g_autofree char *extra = g_strdup_printf ("Content-Range: bytes */%" G_GSIZE_FORMAT "\r\nContent-Length: 0\r\n", len);
        send_head (out, 416, "Range Not Satisfiable", extra);
        return TRUE;
      }

    if (has_range && !route.ignore_range)
      {
        g_autofree char *extra = NULL;
        guint64 start = route.bad_content_range ? range_start / 2 : range_start;

        if (range_start >= len)
          {
            extra = g_strdup_printf ("Content-Range: bytes */%" G_GSIZE_FORMAT "\r\nContent-Length: 0\r\n", len);
            send_head (out, 416, "Range Not Satisfiable", extra);
            return TRUE;
          }
        extra = g_strdup_printf ("Content-Range: bytes %" G_GUINT64_FORMAT "-%" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT "\r\n"
                                 "Content-Length: %" G_GUINT64_FORMAT "\r\n",
                                 start, len - 1, len, (guint64) len - start);
        if (!send_head (out, 206, "Partial Content", extra))
          return TRUE;
        send_body (out, bytes + start, len - start, stop_at, stall);
        return TRUE;
      }

    {
      g_autofree char *extra = g_strdup_printf ("Content-Length: %" G_GSIZE_FORMAT "\r\nAccept-Ranges: bytes\r\n", len);

      if (!send_head (out, 200, "OK", extra))
        return TRUE;
      send_body (out, bytes, len, stop_at, stall);
    }
  }

  return TRUE;
}

static gpointer
server_thread (gpointer user_data)
{
  GantryTestHttp *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;

  g_main_context_push_thread_default (self->context);

  /* Enough threads that a stalled connection never blocks the next. */
  self->service = g_threaded_socket_service_new (16);
  g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &effective, &error);
  g_assert_no_error (error);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (self->service, "run", G_CALLBACK (on_run), self);
  g_socket_service_start (self->service);

  g_mutex_lock (&self->lock);
  self->ready = TRUE;
  g_cond_signal (&self->ready_cond);
  g_mutex_unlock (&self->lock);

  g_main_loop_run (self->loop);

  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_clear_object (&self->service);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

GantryTestHttp *
gantry_test_http_new (void)
{
  GantryTestHttp *self = g_new0 (GantryTestHttp, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->ready_cond);
  self->routes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, route_free);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("test-http", server_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->ready_cond, &self->lock);
  g_mutex_unlock (&self->lock);
  return self;
}

static gboolean
quit_loop (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

void
gantry_test_http_free (GantryTestHttp *self)
{
  if (self == NULL)
    return;
  g_main_context_invoke (self->context, quit_loop, self->loop);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_hash_table_unref (self->routes);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->ready_cond);
  g_free (self);
}

char *
gantry_test_http_url (GantryTestHttp *self,
                      const char     *path)
{
  return g_strdup_printf ("http://127.0.0.1:%u%s", self->port, path);
}

void
gantry_test_http_serve (GantryTestHttp        *self,
                        const char            *path,
                        GBytes                *body,
                        const GantryTestRoute *route)
{
  Route *r = g_new0 (Route, 1);

  r->body = body ? g_bytes_ref (body) : g_bytes_new_static ("", 0);
  if (route != NULL)
    {
      r->route = *route;
      r->route.redirect_to = g_strdup (route->redirect_to);
    }
  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->routes, g_strdup (path), r);
  g_mutex_unlock (&self->lock);
}

void
gantry_test_http_serve_file (GantryTestHttp        *self,
                             const char            *path,
                             const char            *file,
                             const GantryTestRoute *route)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (file, FALSE, &error);
  g_autoptr(GBytes) bytes = NULL;

  g_assert_no_error (error);
  bytes = g_mapped_file_get_bytes (mapped);
  gantry_test_http_serve (self, path, bytes, route);
}

guint
gantry_test_http_requests (GantryTestHttp *self,
                           const char     *path)
{
  Route *r;
  guint n = 0;

  g_mutex_lock (&self->lock);
  r = g_hash_table_lookup (self->routes, path);
  if (r != NULL)
    n = r->requests;
  g_mutex_unlock (&self->lock);
  return n;
}

guint
gantry_test_http_range_requests (GantryTestHttp *self,
                                 const char     *path)
{
  Route *r;
  guint n = 0;

  g_mutex_lock (&self->lock);
  r = g_hash_table_lookup (self->routes, path);
  if (r != NULL)
    n = r->range_requests;
  g_mutex_unlock (&self->lock);
  return n;
}

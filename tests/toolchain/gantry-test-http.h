/* gantry-test-http.h — a real HTTP/1.1 server on 127.0.0.1 that can misbehave on request */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  guint   status;             /* answer this status with no body (404, 500 …) */
  char   *redirect_to;        /* answer 302 to this URL */
  gsize   drop_after;         /* close the connection after this many body bytes … */
  guint   drop_times;         /* … for the first N requests */
  gsize   stall_after;        /* stop sending after this many body bytes … */
  guint   stall_times;        /* … for the first N requests … */
  guint   stall_ms;           /* … for this long, then close */
  gboolean ignore_range;      /* answer 200 with the whole body to a Range request */
  gboolean always_416;        /* answer 416 to any Range request */
  gboolean bad_content_range; /* answer a Range request with a 206 starting elsewhere */
} GantryTestRoute;

typedef struct _GantryTestHttp GantryTestHttp;

GantryTestHttp *gantry_test_http_new            (void);
void            gantry_test_http_free           (GantryTestHttp        *self);
char           *gantry_test_http_url            (GantryTestHttp        *self,
                                                 const char            *path);
void            gantry_test_http_serve          (GantryTestHttp        *self,
                                                 const char            *path,
                                                 GBytes                *body,
                                                 const GantryTestRoute *route);
void            gantry_test_http_serve_file     (GantryTestHttp        *self,
                                                 const char            *path,
                                                 const char            *file,
                                                 const GantryTestRoute *route);
guint           gantry_test_http_requests       (GantryTestHttp        *self,
                                                 const char            *path);
guint           gantry_test_http_range_requests (GantryTestHttp        *self,
                                                 const char            *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryTestHttp, gantry_test_http_free)

G_END_DECLS

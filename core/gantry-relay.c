/* gantry-relay.c — carries progress reports from a worker thread to a main context */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-relay"

#include "config.h"

#include "gantry-relay.h"

#include <string.h>

/* The caller's callback and data, shared by every report in flight:
 * the data outlives the last report even when the task has finished. */
struct _GantryRelay
{
  GMainContext *context;
  GantryRelayFunc func;
  gpointer user_data;
  GDestroyNotify user_data_free;

  /* Throttling state, touched only by the one thread that posts. */
  gint64 last_post;
  int last_kind;
  gboolean have_kind;
  gpointer held;
  gsize held_size;
};

typedef struct
{
  GantryRelay *relay;
  gpointer report;
} Delivery;

static void
relay_clear (gpointer p)
{
  GantryRelay *relay = p;

  g_free (relay->held);
  if (relay->user_data_free != NULL)
    relay->user_data_free (relay->user_data);
  g_main_context_unref (relay->context);
}

GantryRelay *
gantry_relay_new (GMainContext    *context,
                  GantryRelayFunc  func,
                  gpointer         user_data,
                  GDestroyNotify   user_data_free)
{
  GantryRelay *relay;

  g_return_val_if_fail (func != NULL, NULL);

  relay = g_rc_box_new0 (GantryRelay);
  relay->context = context ? g_main_context_ref (context) : g_main_context_ref_thread_default ();
  relay->func = func;
  relay->user_data = user_data;
  relay->user_data_free = user_data_free;
  return relay;
}

void
gantry_relay_unref (GantryRelay *relay)
{
  if (relay != NULL)
    g_rc_box_release_full (relay, relay_clear);
}

static gboolean
deliver (gpointer p)
{
  Delivery *d = p;

  d->relay->func (d->report, d->relay->user_data);
  return G_SOURCE_REMOVE;
}

static void
delivery_free (gpointer p)
{
  Delivery *d = p;

  gantry_relay_unref (d->relay);
  g_free (d->report);
  g_free (d);
}

/* Copies @report and hands it to the callback in the relay's context.
 * Always through that context's loop: g_main_context_invoke() would run
 * the callback right here, in the worker, whenever the worker shares
 * the global default context and finds it free. */
void
gantry_relay_post (GantryRelay   *relay,
                   gconstpointer  report,
                   gsize          report_size)
{
  Delivery *d;
  GSource *source;

  g_return_if_fail (relay != NULL);

  d = g_new0 (Delivery, 1);
  d->relay = g_rc_box_acquire (relay);
  d->report = g_memdup2 (report, report_size);

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver, d, delivery_free);
  g_source_set_static_name (source, "[gantry] progress");
  g_source_attach (source, relay->context);
  g_source_unref (source);
}

/* For reports that come in bursts (bytes received, entries unpacked):
 * posts @report unless one of the same @kind went less than
 * @interval_us ago, in which case it is held back and replaced by the
 * next. A report of another kind always goes through, and first sends
 * the report held back, so each phase ends on its final figures and no
 * phase is skipped however quickly it passes. Call from one thread. */
void
gantry_relay_post_throttled (GantryRelay   *relay,
                             int            kind,
                             gint64         interval_us,
                             gconstpointer  report,
                             gsize          report_size)
{
  gint64 now = g_get_monotonic_time ();

  g_return_if_fail (relay != NULL);

  if (relay->have_kind && kind == relay->last_kind && now - relay->last_post < interval_us)
    {
      if (relay->held_size != report_size)
        {
          g_free (relay->held);
          relay->held = g_malloc (report_size);
          relay->held_size = report_size;
        }
      memcpy (relay->held, report, report_size);
      return;
    }

  if (relay->held != NULL)
    {
      if (kind != relay->last_kind)
        gantry_relay_post (relay, relay->held, relay->held_size);
      g_clear_pointer (&relay->held, g_free);
      relay->held_size = 0;
    }
  relay->have_kind = TRUE;
  relay->last_kind = kind;
  relay->last_post = now;
  gantry_relay_post (relay, report, report_size);
}

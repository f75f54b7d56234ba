/* test-relay.c — progress reports reach the caller's context in order, throttled without losing a phase */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>

#include "gantry-relay.h"

typedef struct
{
  int kind;
  int value;
} Report;

typedef struct
{
  GArray *seen;
  GThread *thread;
  gboolean off_thread;
  gboolean freed;
} Sink;

static void
on_report (gconstpointer report,
           gpointer      user_data)
{
  Sink *sink = user_data;

  if (g_thread_self () != sink->thread)
    sink->off_thread = TRUE;
  g_array_append_vals (sink->seen, report, 1);
}

static void
sink_freed (gpointer user_data)
{
  ((Sink *) user_data)->freed = TRUE;
}

typedef struct
{
  GantryRelay *relay;
  gint64 interval_us;
} Worker;

/* What an install does: a burst of download reports, one quick
 * extract report, then single reports for the last phases. */
static gpointer
post_phases (gpointer data)
{
  Worker *w = data;

  for (int i = 0; i < 1000; i++)
    gantry_relay_post_throttled (w->relay, 0, w->interval_us, &(Report) { 0, i }, sizeof (Report));
  gantry_relay_post_throttled (w->relay, 1, w->interval_us, &(Report) { 1, 0 }, sizeof (Report));
  gantry_relay_post_throttled (w->relay, 1, w->interval_us, &(Report) { 1, 1 }, sizeof (Report));
  for (int kind = 2; kind < 5; kind++)
    gantry_relay_post_throttled (w->relay, kind, w->interval_us, &(Report) { kind, 0 }, sizeof (Report));
  return NULL;
}

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_throttled_keeps_every_phase (void)
{
  Sink sink = { g_array_new (FALSE, FALSE, sizeof (Report)), g_thread_self (), FALSE, FALSE };
  /* An interval far longer than the test: every report after the first
   * of a kind is held back, so what arrives does not depend on speed. */
  Worker w = { gantry_relay_new (NULL, on_report, &sink, sink_freed), G_USEC_PER_SEC * 600 };
  GThread *thread = g_thread_new ("relay-test", post_phases, &w);
  static const Report expected[] = {
    { 0, 0 }, { 0, 999 },   /* the first, and the last held back */
    { 1, 0 }, { 1, 1 },
    { 2, 0 }, { 3, 0 }, { 4, 0 },
  };

  g_thread_join (thread);
  g_assert_cmpuint (sink.seen->len, ==, 0);   /* nothing runs in the worker */
  drain ();

  g_assert_false (sink.off_thread);
  g_assert_cmpuint (sink.seen->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < sink.seen->len; i++)
    {
      Report *r = &g_array_index (sink.seen, Report, i);

      g_assert_cmpint (r->kind, ==, expected[i].kind);
      g_assert_cmpint (r->value, ==, expected[i].value);
    }

  gantry_relay_unref (w.relay);
  g_assert_true (sink.freed);
  g_array_unref (sink.seen);
}

static void
test_no_interval_sends_all (void)
{
  Sink sink = { g_array_new (FALSE, FALSE, sizeof (Report)), g_thread_self (), FALSE, FALSE };
  Worker w = { gantry_relay_new (NULL, on_report, &sink, NULL), 0 };

  post_phases (&w);
  drain ();
  g_assert_cmpuint (sink.seen->len, ==, 1000 + 2 + 3);
  for (guint i = 1; i < sink.seen->len; i++)
    {
      Report *a = &g_array_index (sink.seen, Report, i - 1);
      Report *b = &g_array_index (sink.seen, Report, i);

      g_assert_true (a->kind < b->kind || (a->kind == b->kind && a->value < b->value));
    }
  gantry_relay_unref (w.relay);
  g_array_unref (sink.seen);
}

/* The caller's data lives until the last report in flight is delivered,
 * even when the relay itself was let go first. */
static void
test_data_outlives_relay (void)
{
  Sink sink = { g_array_new (FALSE, FALSE, sizeof (Report)), g_thread_self (), FALSE, FALSE };
  GantryRelay *relay = gantry_relay_new (NULL, on_report, &sink, sink_freed);

  gantry_relay_post (relay, &(Report) { 7, 7 }, sizeof (Report));
  gantry_relay_unref (relay);
  g_assert_false (sink.freed);
  drain ();
  g_assert_true (sink.freed);
  g_assert_cmpuint (sink.seen->len, ==, 1);
  g_array_unref (sink.seen);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/relay/throttled-keeps-every-phase", test_throttled_keeps_every_phase);
  g_test_add_func ("/core/relay/no-interval-sends-all", test_no_interval_sends_all);
  g_test_add_func ("/core/relay/data-outlives-relay", test_data_outlives_relay);

  return g_test_run ();
}

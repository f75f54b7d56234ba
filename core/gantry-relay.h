/* gantry-relay.h — carries progress reports from a worker thread to a main context */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*GantryRelayFunc) (gconstpointer report,
                                 gpointer      user_data);

typedef struct _GantryRelay GantryRelay;

GantryRelay *gantry_relay_new   (GMainContext    *context,
                                 GantryRelayFunc  func,
                                 gpointer         user_data,
                                 GDestroyNotify   user_data_free);
void         gantry_relay_post  (GantryRelay     *relay,
                                 gconstpointer    report,
                                 gsize            report_size);
void         gantry_relay_post_throttled
                                (GantryRelay     *relay,
                                 int              kind,
                                 gint64           interval_us,
                                 gconstpointer    report,
                                 gsize            report_size);
void         gantry_relay_unref (GantryRelay     *relay);

G_END_DECLS

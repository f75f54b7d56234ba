/* gantry-verify-view.h — where each build was checked: the runs-on matrix and the container engine found */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GANTRY_TYPE_VERIFY_VIEW (gantry_verify_view_get_type ())
G_DECLARE_FINAL_TYPE (GantryVerifyView, gantry_verify_view, GANTRY, VERIFY_VIEW, GtkWidget)

/* No matrix: "not verified yet". */
void        gantry_verify_view_clear      (GantryVerifyView *self);
/* "Verifying…", and looks for a container engine the first time. */
void        gantry_verify_view_started    (GantryVerifyView *self);
/* @matrix holds GantryVerdict*; NULL with @error when checks could not be made. */
void        gantry_verify_view_finished   (GantryVerifyView *self,
                                           GPtrArray        *matrix,
                                           const GError     *error);
GListModel *gantry_verify_view_get_rows   (GantryVerifyView *self);
const char *gantry_verify_view_get_summary (GantryVerifyView *self);
const char *gantry_verify_view_get_engine (GantryVerifyView *self);
/* TRUE while the engine is being looked for. */
gboolean    gantry_verify_view_get_busy   (GantryVerifyView *self);

G_END_DECLS

/* gantry-size-bars.h — two binaries' file sizes as bars drawn to scale, split by section group */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "gantry-inspect.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_SIZE_BARS (gantry_size_bars_get_type ())
G_DECLARE_FINAL_TYPE (GantrySizeBars, gantry_size_bars, GANTRY, SIZE_BARS, GtkWidget)

GtkWidget *gantry_size_bars_new (void);
/* Either may be NULL; both bars share one scale, the bigger file's size. */
void       gantry_size_bars_set (GantrySizeBars *self,
                                 GantryBinary   *left,
                                 const char     *left_label,
                                 GantryBinary   *right,
                                 const char     *right_label);

G_END_DECLS

/* gantry-ui-compare.h — two built binaries side by side: which to compare, and fact by fact what differs */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "gantry-build.h"
#include "gantry-inspect.h"

G_BEGIN_DECLS

/* One fact of two binaries. Properties: name, left, right, differs (bool). */
#define GANTRY_TYPE_COMPARE_ROW (gantry_compare_row_get_type ())
G_DECLARE_FINAL_TYPE (GantryCompareRow, gantry_compare_row, GANTRY, COMPARE_ROW, GObject)

const char *gantry_compare_row_get_name    (GantryCompareRow *self);
const char *gantry_compare_row_get_left    (GantryCompareRow *self);
const char *gantry_compare_row_get_right   (GantryCompareRow *self);
gboolean    gantry_compare_row_get_differs (GantryCompareRow *self);

/* Size, linking, interpreter, needed libraries or DLLs, highest GLIBC,
 * Go version and every Go build setting either one has. */
GListStore *gantry_compare_rows_new (GantryBinary *left,
                                     GantryBinary *right);

/* The pair to show after a build: the dynamic and static builds of one
 * platform when the recipe has both, else the first two that built.
 * FALSE when fewer than two binaries were built. */
gboolean    gantry_compare_pick     (GantryBuild  *build,
                                     guint        *left,
                                     guint        *right);

G_END_DECLS

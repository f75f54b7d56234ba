/* gantry-compare-model.h — two binaries side by side, for gantry inspect --compare and the window: their facts, which pair to show, where each ran */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "gantry-build.h"
#include "gantry-inspect.h"
#include "gantry-verify.h"

G_BEGIN_DECLS

/* One fact of two binaries. Properties: key (what `gantry inspect
 * --compare` prints and lists in its JSON "differences": "linkage",
 * "build CGO_ENABLED"), name (what the window shows: "Linking",
 * "Go: CGO_ENABLED"), left, right (text, "—" when a binary has no such
 * fact, lines apart when it has several) and differs (bool). */
#define GANTRY_TYPE_COMPARE_ROW (gantry_compare_row_get_type ())
G_DECLARE_FINAL_TYPE (GantryCompareRow, gantry_compare_row, GANTRY, COMPARE_ROW, GObject)

const char *gantry_compare_row_get_key     (GantryCompareRow *self);
const char *gantry_compare_row_get_name    (GantryCompareRow *self);
const char *gantry_compare_row_get_left    (GantryCompareRow *self);
const char *gantry_compare_row_get_right   (GantryCompareRow *self);
gboolean    gantry_compare_row_get_differs (GantryCompareRow *self);

/* The facts the inspector found (gantry-inspect.h), in this order:
 * format, target, linkage, interpreter, C library, GLIBC and GLIBCXX
 * floors, needed libraries, imported DLLs, rpath, runpath, stripped,
 * DWARF, file size, Go version and package, the size of each section
 * group, then every Go build setting either one has. */
GListStore *gantry_compare_rows_new (GantryBinary *left,
                                     GantryBinary *right);

/* The pair to show after a build: the dynamic and static builds of one
 * platform when the recipe has both, else the first two that built.
 * FALSE when fewer than two binaries were built. */
gboolean    gantry_compare_pick     (GantryBuild  *build,
                                     guint        *left,
                                     guint        *right);

/* The results of @build that can be compared (built and inspected):
 * guint indexes for gantry_build_get_result, in build order. */
GArray     *gantry_compare_choices  (GantryBuild  *build);

/* Where the two binaries ran, side by side, from a verification's
 * GantryVerdict* (NULL: not verified): "File checks", "This machine"
 * (natively, under an emulator or wine) and one row per container place.
 * A row differs when the outcomes (✓ ✗ skipped, or not tried) differ;
 * its key is its name. */
GListStore *gantry_compare_runs_on_new (GPtrArray  *matrix,
                                        const char *left_target,
                                        const char *right_target);

G_END_DECLS

/* gantry-reflow-box.h — a box on one line when it fits, on several when it does not */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* libadwaita 1.2 has no AdwBreakpoint (1.4) nor AdwWrapBox (1.7). A box
 * that lays its children out in one line, like a horizontal GtkBox,
 * when their minimum widths fit; otherwise line after line, a child
 * going on the line so far when its minimum width fits there, the
 * children of a line sharing it towards their natural widths (a
 * dropdown ellipsizes before it leaves its caption). Its minimum width is
 * that of the wrapped layout, so nothing in it makes a window scroll
 * sideways; its natural width is the one line's, whatever the mode, so
 * a parent that compares the two never flips back and forth.
 *
 * A child's type in the .ui file says how it takes part:
 *   "wide-only"   shown in the one-line layout only (a column's filler);
 *   "narrow-only" shown in the wrapped layout only (a caption that the
 *                 column headers give when there is one line);
 *   "break"       starts a new line in the wrapped layout;
 * combined with spaces: "narrow-only break".
 *
 * narrow forces the wrapped layout: rows that must all change together
 * are told so by their view rather than each deciding on its own width.
 * It also lets go of the children's width-request, taken as the width
 * of their column in the one line.
 * hanging starts the wrapped lines under the second child, as in a row
 * whose first child is its switch. */

#define GANTRY_TYPE_REFLOW_BOX (gantry_reflow_box_get_type ())
G_DECLARE_FINAL_TYPE (GantryReflowBox, gantry_reflow_box, GANTRY, REFLOW_BOX, GtkWidget)

void gantry_reflow_box_set_narrow       (GantryReflowBox *self,
                                         gboolean         narrow);
/* Every box under @container wraps (@narrow) or not, all together, and
 * so does a box added under it later (a list's new row). */
void gantry_reflow_box_set_narrow_below (GtkWidget       *container,
                                         gboolean         narrow);

G_END_DECLS

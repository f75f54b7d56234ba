/* gantry-widget-util.h — small helpers the view classes share */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void  gantry_widget_dispose_template (GtkWidget  *widget,
                                      GType       widget_type);
char *gantry_first_line              (const char *text);
/* Sets @label's text, styled as a problem (the "problem" CSS class) or not. */
void  gantry_label_set_status        (GtkLabel   *label,
                                      const char *text,
                                      gboolean    problem);

/* The CSS classes for a run's state as the store keeps it (ok, failed,
 * running, or anything else: not yet known), after @base. */
GStrv gantry_run_state_css_classes   (const char *base,
                                      const char *state);

G_END_DECLS

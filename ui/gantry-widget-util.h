/* gantry-widget-util.h — small helpers the view classes share */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void  gantry_widget_dispose_template (GtkWidget  *widget,
                                      GType       widget_type);
char *gantry_first_line              (const char *text);

G_END_DECLS

/* gantry-widget-util.c — small helpers the view classes share */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-ui"

#include "config.h"

#include <string.h>

#include "gantry-pipeline.h"
#include "gantry-widget-util.h"

/* gtk_widget_dispose_template() drops only the template children that
 * have an id; the views' top box has none, so unparent what is left. */
void
gantry_widget_dispose_template (GtkWidget *widget,
                                GType      widget_type)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_widget_dispose_template (widget, widget_type);
  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

/* The first line of @text, for a cell whose tooltip holds the rest. */
char *
gantry_first_line (const char *text)
{
  const char *nl;

  if (text == NULL)
    return NULL;
  nl = strchr (text, '\n');
  return nl ? g_strndup (text, nl - text) : g_strdup (text);
}

void
gantry_label_set_status (GtkLabel   *label,
                         const char *text,
                         gboolean    problem)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_label (label, text);
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (label), "problem");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "problem");
}

GStrv
gantry_run_state_css_classes (const char *base,
                              const char *state)
{
  const char *classes[] = { base, "dim-label", NULL };

  /* green only for a run with nothing wrong: the pipeline's words */
  if (state == NULL || g_str_equal (state, "never"))
    ;
  else if (g_str_equal (state, "running"))
    classes[1] = "running";
  else if (g_str_equal (state, "cancelled"))
    ;
  else if (gantry_outcome_is_good (gantry_outcome_from_state (state)))
    classes[1] = "ok";
  else
    classes[1] = "problem";
  return g_strdupv ((char **) classes);
}

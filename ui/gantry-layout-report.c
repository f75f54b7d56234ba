/* gantry-layout-report.c — where the window's page buttons are, written to a file for the smoke test */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-layout"

#include "config.h"

#include <string.h>

#include "gantry-layout-report.h"

/* after GTK's headers, which say which backends GDK has */
#ifdef GDK_WINDOWING_WIN32
# include <gdk/win32/gdkwin32.h>
#endif

typedef struct
{
  GtkWindow    *window;     /* unowned: the report lives as long as it */
  GtkStack     *main_stack;
  AdwViewStack *pages;
  GtkWidget    *rows;
  GPtrArray    *names;      /* "toolchains", then its widget, ... */
  char         *path;
  char         *written;
  GdkFrameClock *clock;
  gulong        painted_id;
} Report;

static void
report_free (gpointer data)
{
  Report *r = data;

  if (r->clock != NULL)
    g_clear_signal_handler (&r->painted_id, r->clock);
  g_clear_object (&r->clock);
  g_ptr_array_unref (r->names);
  g_free (r->path);
  g_free (r->written);
  g_free (r);
}

/* @widget's centre in its window's surface, FALSE when not shown */
static gboolean
centre (GtkWidget *widget,
        double    *x,
        double    *y)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t mid, p;
  double sx = 0, sy = 0;

  if (native == NULL || !gtk_widget_get_mapped (widget))
    return FALSE;
  mid = GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.f, gtk_widget_get_height (widget) / 2.f);
  if (!gtk_widget_compute_point (widget, GTK_WIDGET (native), &mid, &p))
    return FALSE;
  gtk_native_get_surface_transform (native, &sx, &sy);
  *x = p.x + sx;
  *y = p.y + sy;
  return TRUE;
}

/* The page a switcher's button stands for, from its label. */
static const char *
page_for_title (AdwViewStack *stack,
                const char   *title)
{
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (stack);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);

      if (g_strcmp0 (adw_view_stack_page_get_title (page), title) == 0)
        return adw_view_stack_page_get_name (page);
    }
  return NULL;
}

/* The text of @widget's first label, depth first. */
static const char *
first_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      const char *text = first_label (child);

      if (text != NULL)
        return text;
    }
  return NULL;
}

/* Every shown button of every shown switcher over @stack, the window's
 * close button, and each row of @rows (by its first label). */
static void
add_buttons (GString      *out,
             GtkWidget    *widget,
             AdwViewStack *stack,
             GtkWidget    *rows,
             gboolean      in_switcher)
{
  double x, y;

  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, "close") &&
      gtk_widget_get_ancestor (widget, GTK_TYPE_WINDOW_CONTROLS) != NULL)
    {
      if (centre (widget, &x, &y))
        g_string_append_printf (out, "widget close %d %d 1\n", (int) x, (int) y);
      return;
    }
  if (rows != NULL && gtk_widget_get_parent (widget) == rows)
    {
      const char *label = first_label (widget);

      if (label != NULL && centre (widget, &x, &y))
        g_string_append_printf (out, "row %s %d %d %d\n", label, (int) x, (int) y,
                                (gtk_widget_get_state_flags (widget) & GTK_STATE_FLAG_SELECTED) != 0);
      return;
    }
  if (ADW_IS_STATUS_PAGE (widget))
    g_string_append_printf (out, "status %s\n", adw_status_page_get_title (ADW_STATUS_PAGE (widget)));
  if (ADW_IS_VIEW_SWITCHER (widget))
    in_switcher = adw_view_switcher_get_stack (ADW_VIEW_SWITCHER (widget)) == stack;
  else if (in_switcher && g_strcmp0 (G_OBJECT_TYPE_NAME (widget), "AdwViewSwitcherButton") == 0)
    {
      g_autofree char *label = NULL;
      const char *name;

      g_object_get (widget, "label", &label, NULL);
      name = page_for_title (stack, label);
      if (name != NULL && centre (widget, &x, &y))
        g_string_append_printf (out, "page %s %d %d\n", name, (int) x, (int) y);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    add_buttons (out, child, stack, rows, in_switcher);
}

static void
write_report (Report *r)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

#ifdef GDK_WINDOWING_WIN32
  {
    GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (r->window));
    RECT rect;

    if (GDK_IS_WIN32_SURFACE (surface) &&
        GetWindowRect (gdk_win32_surface_get_handle (surface), &rect))
      g_string_append_printf (out, "origin %ld %ld\n", (long) rect.left, (long) rect.top);
  }
#endif
  add_buttons (out, GTK_WIDGET (r->window), r->pages, r->rows, FALSE);
  for (guint i = 0; i + 1 < r->names->len; i += 2)
    {
      double x, y;

      if (centre (r->names->pdata[i + 1], &x, &y))
        g_string_append_printf (out, "widget %s %d %d %d\n", (char *) r->names->pdata[i], (int) x, (int) y,
                                gtk_widget_is_sensitive (r->names->pdata[i + 1]));
    }
  g_string_append_printf (out, "shown %s/%s\n",
                          gtk_stack_get_visible_child_name (r->main_stack),
                          adw_view_stack_get_visible_child_name (r->pages));

  if (g_strcmp0 (out->str, r->written) == 0)
    return;
  if (!g_file_set_contents (r->path, out->str, out->len, &error))
    {
      g_warning ("could not write the layout to %s: %s", r->path, error->message);
      return;
    }
  g_free (r->written);
  r->written = g_strdup (out->str);
}

static void
on_after_paint (GdkFrameClock *clock,
                Report        *r)
{
  write_report (r);
}

static void
on_unrealize (GtkWidget *window,
              Report    *r)
{
  if (r->clock != NULL)
    g_clear_signal_handler (&r->painted_id, r->clock);
  g_clear_object (&r->clock);
}

static void
on_realize (GtkWidget *window,
            Report    *r)
{
  on_unrealize (window, r);
  r->clock = g_object_ref (gtk_widget_get_frame_clock (window));
  r->painted_id = g_signal_connect (r->clock, "after-paint", G_CALLBACK (on_after_paint), r);
}

void
gantry_layout_report_attach (GtkWindow    *window,
                             GtkStack     *main_stack,
                             AdwViewStack *pages,
                             GtkWidget    *rows,
                             const char   *first_name,
                             ...)
{
  const char *path = g_getenv ("GANTRY_LAYOUT_FILE");
  Report *r;
  va_list args;

  if (path == NULL || path[0] == '\0')
    return;

  r = g_new0 (Report, 1);
  r->window = window;
  r->main_stack = main_stack;
  r->pages = pages;
  r->rows = rows;
  r->path = g_strdup (path);
  r->names = g_ptr_array_new ();
  va_start (args, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    {
      g_ptr_array_add (r->names, (char *) name);
      g_ptr_array_add (r->names, va_arg (args, GtkWidget *));
    }
  va_end (args);
  g_object_set_data_full (G_OBJECT (window), "gantry-layout-report", r, report_free);
  g_signal_connect (window, "realize", G_CALLBACK (on_realize), r);
  g_signal_connect (window, "unrealize", G_CALLBACK (on_unrealize), r);
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    on_realize (GTK_WIDGET (window), r);
}

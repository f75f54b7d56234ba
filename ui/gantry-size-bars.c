/* gantry-size-bars.c — two binaries' file sizes as bars drawn to scale, split by section group */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-size-bars"

#include "config.h"

#include "gantry-run-model.h"
#include "gantry-size-bars.h"

#define LABEL_WIDTH 200
#define BAR_HEIGHT 26
#define ROW_GAP 14
#define LEGEND_HEIGHT 22

/* What fills the file, in the order the bars draw it; BSS takes no room
 * in the file, so it is left out; "headers" is what no section covers. */
static const struct {
  int group;      /* GantrySectionGroup, or -1 for headers and padding */
  const char *name;
  GdkRGBA color;
} parts[] = {
  { GANTRY_SECTION_GROUP_CODE,    "code",         { 0.21, 0.52, 0.89, 1 } },
  { GANTRY_SECTION_GROUP_RODATA,  "read-only data", { 0.38, 0.70, 0.93, 1 } },
  { GANTRY_SECTION_GROUP_DATA,    "data",         { 0.15, 0.64, 0.41, 1 } },
  { GANTRY_SECTION_GROUP_GO,      "Go tables",    { 0.96, 0.76, 0.07, 1 } },
  { GANTRY_SECTION_GROUP_DEBUG,   "debug info",   { 0.57, 0.25, 0.67, 1 } },
  { GANTRY_SECTION_GROUP_SYMBOLS, "symbols",      { 0.90, 0.38, 0.00, 1 } },
  { GANTRY_SECTION_GROUP_OTHER,   "other",        { 0.60, 0.60, 0.60, 1 } },
  { -1,                           "headers",      { 0.80, 0.80, 0.80, 1 } },
};

struct _GantrySizeBars
{
  GtkWidget parent_instance;

  GantryBinary *binaries[2];
  char *labels[2];
};

G_DEFINE_FINAL_TYPE (GantrySizeBars, gantry_size_bars, GTK_TYPE_WIDGET)

static guint64
part_size (GantryBinary *b,
           guint         part)
{
  if (parts[part].group < 0)
    return gantry_binary_get_headers_size (b);
  return gantry_binary_get_group_size (b, parts[part].group);
}

static void
draw_text (GtkWidget   *widget,
           GtkSnapshot *snapshot,
           const char  *text,
           float        x,
           float        y,
           gboolean     bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  GdkRGBA color;
  int w, h;

  if (bold)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  pango_layout_get_pixel_size (layout, &w, &h);
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, &color);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
#endif
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y - h / 2.0f));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
  g_object_unref (layout);
}

static void
gantry_size_bars_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  GantrySizeBars *self = GANTRY_SIZE_BARS (widget);
  int width = gtk_widget_get_width (widget);
  float bar_width = MAX (width - LABEL_WIDTH - 90, 40);
  guint64 biggest = 0;
  float lx;

  for (guint i = 0; i < 2; i++)
    if (self->binaries[i] != NULL)
      biggest = MAX (biggest, gantry_binary_get_file_size (self->binaries[i]));
  if (biggest == 0)
    return;

  for (guint i = 0; i < 2; i++)
    {
      GantryBinary *b = self->binaries[i];
      float y = i * (BAR_HEIGHT + ROW_GAP);
      float x = LABEL_WIDTH;
      g_autofree char *size = NULL;

      if (b == NULL)
        continue;
      draw_text (widget, snapshot, self->labels[i] ? self->labels[i] : "", 0, y + BAR_HEIGHT / 2.0f, TRUE);
      for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
        {
          float w = bar_width * (double) part_size (b, p) / (double) biggest;

          if (w <= 0)
            continue;
          gtk_snapshot_append_color (snapshot, &parts[p].color, &GRAPHENE_RECT_INIT (x, y, w, BAR_HEIGHT));
          x += w;
        }
      size = gantry_format_size (gantry_binary_get_file_size (b));
      draw_text (widget, snapshot, size, x + 8, y + BAR_HEIGHT / 2.0f, FALSE);
    }

  /* the legend, under the bars, wrapping when the widget is narrow */
  {
    float y = 2 * (BAR_HEIGHT + ROW_GAP) + LEGEND_HEIGHT / 2.0f;

    lx = 0;
    for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
      {
        PangoLayout *layout = gtk_widget_create_pango_layout (widget, parts[p].name);
        int w, h;

        pango_layout_get_pixel_size (layout, &w, &h);
        g_object_unref (layout);
        if (lx > 0 && lx + 16 + w > width)
          {
            lx = 0;
            y += LEGEND_HEIGHT;
          }
        gtk_snapshot_append_color (snapshot, &parts[p].color, &GRAPHENE_RECT_INIT (lx, y - 6, 12, 12));
        draw_text (widget, snapshot, parts[p].name, lx + 16, y, FALSE);
        lx += 16 + w + 18;
      }
  }
}

static void
gantry_size_bars_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = LABEL_WIDTH + 200;
      *natural = LABEL_WIDTH + 600;
    }
  else
    /* room for the legend on two lines when narrow */
    *minimum = *natural = 2 * (BAR_HEIGHT + ROW_GAP) + (for_size >= 0 && for_size < 760 ? 2 : 1) * LEGEND_HEIGHT + 4;
}

static GtkSizeRequestMode
gantry_size_bars_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

void
gantry_size_bars_set (GantrySizeBars *self,
                      GantryBinary   *left,
                      const char     *left_label,
                      GantryBinary   *right,
                      const char     *right_label)
{
  g_return_if_fail (GANTRY_IS_SIZE_BARS (self));

  g_set_object (&self->binaries[0], left);
  g_set_object (&self->binaries[1], right);
  g_free (self->labels[0]);
  g_free (self->labels[1]);
  self->labels[0] = g_strdup (left_label);
  self->labels[1] = g_strdup (right_label);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
gantry_size_bars_finalize (GObject *object)
{
  GantrySizeBars *self = GANTRY_SIZE_BARS (object);

  for (guint i = 0; i < 2; i++)
    {
      g_clear_object (&self->binaries[i]);
      g_free (self->labels[i]);
    }

  G_OBJECT_CLASS (gantry_size_bars_parent_class)->finalize (object);
}

static void
gantry_size_bars_class_init (GantrySizeBarsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = gantry_size_bars_finalize;
  widget_class->snapshot = gantry_size_bars_snapshot;
  widget_class->measure = gantry_size_bars_measure;
  widget_class->get_request_mode = gantry_size_bars_get_request_mode;
  gtk_widget_class_set_css_name (widget_class, "sizebars");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
gantry_size_bars_init (GantrySizeBars *self)
{
}

GtkWidget *
gantry_size_bars_new (void)
{
  return g_object_new (GANTRY_TYPE_SIZE_BARS, NULL);
}

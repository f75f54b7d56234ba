/* gantry-reflow-box.c — a box on one line when it fits, on several when it does not */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-reflow-box"

#include "config.h"

#include "gantry-reflow-box.h"



typedef enum {
  REFLOW_WIDE_ONLY   = 1 << 0,
  REFLOW_NARROW_ONLY = 1 << 1,
  REFLOW_BREAK       = 1 << 2,
} ReflowFlags;

struct _GantryReflowBox
{
  GtkWidget parent_instance;

  int spacing;
  int line_spacing;
  gboolean hanging;
  gboolean narrow;
};

enum {
  REFLOW_PROP_0,
  REFLOW_PROP_SPACING,
  REFLOW_PROP_LINE_SPACING,
  REFLOW_PROP_HANGING,
  REFLOW_PROP_NARROW,
  REFLOW_N_PROPS
};

static GParamSpec *reflow_properties[REFLOW_N_PROPS];
static GtkBuildableIface *reflow_parent_buildable;
static GQuark reflow_flags_quark;
static GQuark reflow_width_quark;   /* the width-request it was built with */

static void gantry_reflow_box_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GantryReflowBox, gantry_reflow_box, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, gantry_reflow_box_buildable_init))

typedef struct
{
  GtkWidget *widget;
  int min;
  int nat;
  int x;
  int width;
  guint line;
} ReflowItem;

typedef struct
{
  GArray *items;     /* ReflowItem, in child order */
  gboolean wrapped;
  guint n_lines;
  int *line_y;
  int *line_height;
  int min_height;
  int nat_height;
} ReflowLayout;

static void
reflow_layout_clear (ReflowLayout *layout)
{
  g_clear_pointer (&layout->items, g_array_unref);
  g_clear_pointer (&layout->line_y, g_free);
  g_clear_pointer (&layout->line_height, g_free);
}

static ReflowFlags
reflow_flags (GtkWidget *child)
{
  return GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (child), reflow_flags_quark));
}

/* The children the one-line (or the wrapped) layout shows, measured. */
static GArray *
reflow_items (GantryReflowBox *self,
              gboolean         wrapped)
{
  GArray *items = g_array_new (FALSE, TRUE, sizeof (ReflowItem));
  ReflowFlags hidden = wrapped ? REFLOW_WIDE_ONLY : REFLOW_NARROW_ONLY;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      ReflowItem item = { child, 0, 0, 0, 0, 0 };

      if (!gtk_widget_should_layout (child) || (reflow_flags (child) & hidden) != 0)
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &item.min, &item.nat, NULL, NULL);
      /* in the one line, its column's width even while narrow lets go
       * of it: the natural width stays the same in both modes */
      if (!wrapped)
        item.nat = MAX (item.nat, GPOINTER_TO_INT (g_object_get_qdata (G_OBJECT (child), reflow_width_quark)));
      g_array_append_val (items, item);
    }
  return items;
}

static int
reflow_sum (GArray   *items,
            int       spacing,
            gboolean  natural)
{
  int sum = 0;

  for (guint i = 0; i < items->len; i++)
    {
      ReflowItem *item = &g_array_index (items, ReflowItem, i);

      sum += (natural ? item->nat : item->min) + (i > 0 ? spacing : 0);
    }
  return sum;
}

static int
reflow_indent (GantryReflowBox *self,
               GArray          *items)
{
  if (!self->hanging || items->len == 0)
    return 0;
  return g_array_index (items, ReflowItem, 0).nat + self->spacing;
}

/* Widths and x of the items first..last-1, on one line from x = @start
 * (less, if they need it) to @width: minimum widths, then towards
 * natural, then the rest to the children that expand. */
static void
reflow_fill_line (GantryReflowBox *self,
                  GArray          *items,
                  guint            first,
                  guint            last,
                  int              start,
                  int              width)
{
  guint n = last - first;
  g_autofree GtkRequestedSize *sizes = NULL;
  int extra = width - self->spacing * ((int) n - 1);
  guint n_expand = 0;
  int x;

  if (n == 0)
    return;
  sizes = g_new0 (GtkRequestedSize, n);

  for (guint i = 0; i < n; i++)
    {
      ReflowItem *item = &g_array_index (items, ReflowItem, first + i);

      sizes[i].data = item;
      sizes[i].minimum_size = item->min;
      sizes[i].natural_size = item->nat;
      extra -= item->min;
      if (gtk_widget_compute_expand (item->widget, GTK_ORIENTATION_HORIZONTAL))
        n_expand++;
    }
  /* the indent gives way before a child would be cut */
  start = CLAMP (extra, 0, start);
  extra -= start;
  x = start;
  extra = gtk_distribute_natural_allocation (MAX (extra, 0), n, sizes);
  for (guint i = 0; i < n; i++)
    {
      ReflowItem *item = sizes[i].data;

      item->width = sizes[i].minimum_size;
      if (n_expand > 0 && gtk_widget_compute_expand (item->widget, GTK_ORIENTATION_HORIZONTAL))
        {
          int share = extra / (int) n_expand;

          item->width += share;
          extra -= share;
          n_expand--;
        }
      item->x = x;
      x += item->width + self->spacing;
    }
}

static void
reflow_compute (GantryReflowBox *self,
                int              width,
                ReflowLayout    *layout)
{
  GArray *items = NULL;
  guint line = 0;

  /* one line when every child has room for its minimum */
  if (!self->narrow)
    {
      items = reflow_items (self, FALSE);
      if (reflow_sum (items, self->spacing, FALSE) <= width)
        {
          reflow_fill_line (self, items, 0, items->len, 0, width);
          layout->wrapped = FALSE;
        }
      else
        g_clear_pointer (&items, g_array_unref);
    }

  if (items == NULL)
    {
      int indent;
      guint first = 0;
      int x = 0;

      items = reflow_items (self, TRUE);
      indent = reflow_indent (self, items);
      layout->wrapped = TRUE;
      /* a child goes on the line so far when it has room there for its
       * minimum width (a dropdown beside its caption rather than under
       * it); on a new line otherwise, or where it says so */
      for (guint i = 0; i < items->len; i++)
        {
          ReflowItem *item = &g_array_index (items, ReflowItem, i);

          if (i > first &&
              ((reflow_flags (item->widget) & REFLOW_BREAK) != 0 || x + self->spacing + item->min > width))
            {
              reflow_fill_line (self, items, first, i, line == 0 ? 0 : indent, width);
              first = i;
              line++;
              x = indent;
            }
          else if (i > first)
            x += self->spacing;
          item->line = line;
          x += item->min;
        }
      if (items->len > 0)
        reflow_fill_line (self, items, first, items->len, line == 0 ? 0 : indent, width);
    }

  layout->items = items;
  layout->n_lines = items->len > 0 ? line + 1 : 0;
  layout->line_y = g_new0 (int, layout->n_lines + 1);
  layout->line_height = g_new0 (int, layout->n_lines + 1);
  layout->min_height = 0;
  layout->nat_height = 0;
  {
    g_autofree int *line_min = g_new0 (int, layout->n_lines + 1);
    g_autofree int *above = g_new0 (int, layout->n_lines + 1);
    g_autofree int *below = g_new0 (int, layout->n_lines + 1);
    g_autofree int *min_above = g_new0 (int, layout->n_lines + 1);
    g_autofree int *min_below = g_new0 (int, layout->n_lines + 1);
    g_autofree gboolean *has_baseline = g_new0 (gboolean, layout->n_lines + 1);

    /* a line as tall as a GtkBox of GTK 4.8 makes it: room for its
     * children's baselines to line up, though (valign not baseline)
     * it centres them */
    for (guint i = 0; i < items->len; i++)
      {
        ReflowItem *item = &g_array_index (items, ReflowItem, i);
        guint l = item->line;
        int min = 0, nat = 0, min_baseline = -1, nat_baseline = -1;

        gtk_widget_measure (item->widget, GTK_ORIENTATION_VERTICAL, item->width,
                            &min, &nat, &min_baseline, &nat_baseline);
        line_min[l] = MAX (line_min[l], min);
        layout->line_height[l] = MAX (layout->line_height[l], nat);
        if (min_baseline >= 0 && nat_baseline >= 0)
          {
            has_baseline[l] = TRUE;
            min_above[l] = MAX (min_above[l], min_baseline);
            min_below[l] = MAX (min_below[l], min - min_baseline);
            above[l] = MAX (above[l], nat_baseline);
            below[l] = MAX (below[l], nat - nat_baseline);
          }
      }
    for (guint l = 0; l < layout->n_lines; l++)
      {
        int gap = l > 0 ? self->line_spacing : 0;

        if (has_baseline[l])
          {
            line_min[l] = MAX (line_min[l], min_above[l] + min_below[l]);
            layout->line_height[l] = MAX (layout->line_height[l], above[l] + below[l]);
          }
        layout->line_y[l] = layout->nat_height + gap;
        layout->min_height += line_min[l] + gap;
        layout->nat_height += layout->line_height[l] + gap;
      }
  }
}

static GtkSizeRequestMode
gantry_reflow_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
gantry_reflow_box_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  GantryReflowBox *self = GANTRY_REFLOW_BOX (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      g_autoptr(GArray) one_line = reflow_items (self, FALSE);
      g_autoptr(GArray) wrapped = reflow_items (self, TRUE);
      int indent = reflow_indent (self, wrapped);
      int min = 0;

      for (guint i = 0; i < wrapped->len; i++)
        min = MAX (min, g_array_index (wrapped, ReflowItem, i).min + (i > 0 ? indent : 0));
      *minimum = min;
      /* the one line's, in either mode: see above */
      *natural = MAX (min, reflow_sum (one_line, self->spacing, TRUE));
    }
  else
    {
      ReflowLayout layout = { 0 };

      int unused;

      if (for_size < 0)
        gantry_reflow_box_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &unused, &for_size, NULL, NULL);
      reflow_compute (self, for_size, &layout);
      *minimum = layout.min_height;
      *natural = layout.nat_height;
      reflow_layout_clear (&layout);
    }
}

static void
gantry_reflow_box_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  GantryReflowBox *self = GANTRY_REFLOW_BOX (widget);
  ReflowLayout layout = { 0 };
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;

  reflow_compute (self, width, &layout);
  /* the children the other layout shows are kept out of sight and of
   * the focus chain, as AdwSqueezer does with its other children */
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      ReflowFlags hidden = layout.wrapped ? REFLOW_WIDE_ONLY : REFLOW_NARROW_ONLY;

      gtk_widget_set_child_visible (child, (reflow_flags (child) & hidden) == 0);
    }
  for (guint i = 0; i < layout.items->len; i++)
    {
      ReflowItem *item = &g_array_index (layout.items, ReflowItem, i);
      GtkAllocation child = {
        rtl ? width - item->x - item->width : item->x,
        layout.line_y[item->line],
        item->width,
        layout.line_height[item->line],
      };

      gtk_widget_size_allocate (item->widget, &child, -1);
    }
  reflow_layout_clear (&layout);
}

#define NARROW_BELOW_KEY "gantry-reflow-narrow-below"

/* A box made after its container chose (a list's new row) takes it on. */
static void
gantry_reflow_box_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (gantry_reflow_box_parent_class)->root (widget);

  for (GtkWidget *w = gtk_widget_get_parent (widget); w != NULL; w = gtk_widget_get_parent (w))
    {
      gpointer mark = g_object_get_data (G_OBJECT (w), NARROW_BELOW_KEY);

      if (mark != NULL)
        {
          gantry_reflow_box_set_narrow (GANTRY_REFLOW_BOX (widget), GPOINTER_TO_INT (mark) == 2);
          break;
        }
    }
}

void
gantry_reflow_box_set_narrow (GantryReflowBox *self,
                              gboolean         narrow)
{
  narrow = !!narrow;
  if (self->narrow == narrow)
    return;
  self->narrow = narrow;
  /* a child's width-request is its column's width in the one line */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int column = GPOINTER_TO_INT (g_object_get_qdata (G_OBJECT (child), reflow_width_quark));
      int height;

      gtk_widget_get_size_request (child, NULL, &height);
      if (column > 0)
        gtk_widget_set_size_request (child, narrow ? -1 : column, height);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), reflow_properties[REFLOW_PROP_NARROW]);
}

static void
gantry_reflow_box_add_child (GtkBuildable *buildable,
                             GtkBuilder   *builder,
                             GObject      *child,
                             const char   *type)
{
  if (GTK_IS_WIDGET (child))
    {
      g_auto(GStrv) words = g_strsplit (type != NULL ? type : "", " ", -1);
      ReflowFlags flags = 0;

      for (guint i = 0; words[i] != NULL; i++)
        if (g_str_equal (words[i], "wide-only"))
          flags |= REFLOW_WIDE_ONLY;
        else if (g_str_equal (words[i], "narrow-only"))
          flags |= REFLOW_NARROW_ONLY;
        else if (g_str_equal (words[i], "break"))
          flags |= REFLOW_BREAK;
        else if (words[i][0] != '\0')
          g_warning ("GantryReflowBox: unknown child type '%s'", words[i]);
      g_object_set_qdata (child, reflow_flags_quark, GUINT_TO_POINTER (flags));
      {
        int column;

        gtk_widget_get_size_request (GTK_WIDGET (child), &column, NULL);
        g_object_set_qdata (child, reflow_width_quark, GINT_TO_POINTER (column));
      }
      gtk_widget_set_parent (GTK_WIDGET (child), GTK_WIDGET (buildable));
    }
  else
    reflow_parent_buildable->add_child (buildable, builder, child, type);
}

static void
gantry_reflow_box_buildable_init (GtkBuildableIface *iface)
{
  reflow_parent_buildable = g_type_interface_peek_parent (iface);
  iface->add_child = gantry_reflow_box_add_child;
}

static void
gantry_reflow_box_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GantryReflowBox *self = GANTRY_REFLOW_BOX (object);

  switch (prop_id)
    {
    case REFLOW_PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;
    case REFLOW_PROP_LINE_SPACING:
      g_value_set_int (value, self->line_spacing);
      break;
    case REFLOW_PROP_HANGING:
      g_value_set_boolean (value, self->hanging);
      break;
    case REFLOW_PROP_NARROW:
      g_value_set_boolean (value, self->narrow);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_reflow_box_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GantryReflowBox *self = GANTRY_REFLOW_BOX (object);

  switch (prop_id)
    {
    case REFLOW_PROP_SPACING:
      self->spacing = g_value_get_int (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    case REFLOW_PROP_LINE_SPACING:
      self->line_spacing = g_value_get_int (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    case REFLOW_PROP_HANGING:
      self->hanging = g_value_get_boolean (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    case REFLOW_PROP_NARROW:
      gantry_reflow_box_set_narrow (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_reflow_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (gantry_reflow_box_parent_class)->dispose (object);
}

static void
gantry_reflow_box_class_init (GantryReflowBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gantry_reflow_box_dispose;
  object_class->get_property = gantry_reflow_box_get_property;
  object_class->set_property = gantry_reflow_box_set_property;
  widget_class->get_request_mode = gantry_reflow_box_get_request_mode;
  widget_class->measure = gantry_reflow_box_measure;
  widget_class->size_allocate = gantry_reflow_box_size_allocate;
  widget_class->root = gantry_reflow_box_root;

  reflow_properties[REFLOW_PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  reflow_properties[REFLOW_PROP_LINE_SPACING] =
    g_param_spec_int ("line-spacing", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  reflow_properties[REFLOW_PROP_HANGING] =
    g_param_spec_boolean ("hanging", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  reflow_properties[REFLOW_PROP_NARROW] =
    g_param_spec_boolean ("narrow", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, REFLOW_N_PROPS, reflow_properties);

  reflow_flags_quark = g_quark_from_static_string ("gantry-reflow-flags");
  reflow_width_quark = g_quark_from_static_string ("gantry-reflow-column-width");
  gtk_widget_class_set_css_name (widget_class, "reflowbox");
}

static void
gantry_reflow_box_init (GantryReflowBox *self)
{
}

static void
set_narrow_in (GtkWidget *widget,
               gboolean   narrow)
{
  if (GANTRY_IS_REFLOW_BOX (widget))
    gantry_reflow_box_set_narrow (GANTRY_REFLOW_BOX (widget), narrow);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    set_narrow_in (child, narrow);
}

void
gantry_reflow_box_set_narrow_below (GtkWidget *container,
                                    gboolean   narrow)
{
  g_return_if_fail (GTK_IS_WIDGET (container));

  g_object_set_data (G_OBJECT (container), NARROW_BELOW_KEY, GINT_TO_POINTER (narrow ? 2 : 1));
  set_narrow_in (container, narrow);
}


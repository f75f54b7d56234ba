/* gantry-ui-compare.c — two built binaries side by side: which to compare, and fact by fact what differs */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-ui-compare"

#include "config.h"

#include <string.h>

#include "gantry-ui-compare.h"
#include "gantry-ui-run.h"

struct _GantryCompareRow
{
  GObject parent_instance;

  char *name;
  char *left;
  char *right;
  gboolean differs;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_LEFT,
  PROP_RIGHT,
  PROP_DIFFERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (GantryCompareRow, gantry_compare_row, G_TYPE_OBJECT)

const char *gantry_compare_row_get_name (GantryCompareRow *self) { return self->name; }
const char *gantry_compare_row_get_left (GantryCompareRow *self) { return self->left; }
const char *gantry_compare_row_get_right (GantryCompareRow *self) { return self->right; }
gboolean gantry_compare_row_get_differs (GantryCompareRow *self) { return self->differs; }

static void
gantry_compare_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GantryCompareRow *self = GANTRY_COMPARE_ROW (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_LEFT: g_value_set_string (value, self->left); break;
    case PROP_RIGHT: g_value_set_string (value, self->right); break;
    case PROP_DIFFERS: g_value_set_boolean (value, self->differs); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_compare_row_finalize (GObject *object)
{
  GantryCompareRow *self = GANTRY_COMPARE_ROW (object);

  g_free (self->name);
  g_free (self->left);
  g_free (self->right);

  G_OBJECT_CLASS (gantry_compare_row_parent_class)->finalize (object);
}

static void
gantry_compare_row_class_init (GantryCompareRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gantry_compare_row_finalize;
  object_class->get_property = gantry_compare_row_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_LEFT] = g_param_spec_string ("left", NULL, NULL, NULL, ro);
  properties[PROP_RIGHT] = g_param_spec_string ("right", NULL, NULL, NULL, ro);
  properties[PROP_DIFFERS] = g_param_spec_boolean ("differs", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gantry_compare_row_init (GantryCompareRow *self)
{
}

static void
add_row (GListStore *rows,
         const char *name,
         char       *left,
         char       *right)
{
  g_autoptr(GantryCompareRow) row = g_object_new (GANTRY_TYPE_COMPARE_ROW, NULL);

  row->name = g_strdup (name);
  row->left = left ? left : g_strdup ("—");
  row->right = right ? right : g_strdup ("—");
  row->differs = g_strcmp0 (row->left, row->right) != 0;
  g_list_store_append (rows, row);
}

static char *
linkage_words (GantryBinary *b)
{
  switch (gantry_binary_get_linkage (b))
    {
    case GANTRY_LINKAGE_DYNAMIC: return g_strdup ("dynamic");
    case GANTRY_LINKAGE_STATIC: return g_strdup ("static");
    case GANTRY_LINKAGE_STATIC_PIE: return g_strdup ("static (PIE)");
    case GANTRY_LINKAGE_NONE:
    default: return g_strdup ("—");
    }
}

/* Needed libraries (ELF, Mach-O) or imported DLLs (PE), one a line. */
static char *
needed_words (GantryBinary *b)
{
  GPtrArray *needed = gantry_binary_get_needed (b);
  GPtrArray *imports = gantry_binary_get_imports (b);
  GString *s = g_string_new (NULL);

  for (guint i = 0; needed != NULL && i < needed->len; i++)
    g_string_append_printf (s, "%s%s", s->len ? "\n" : "", (const char *) g_ptr_array_index (needed, i));
  for (guint i = 0; imports != NULL && i < imports->len; i++)
    {
      GantryImport *imp = g_ptr_array_index (imports, i);

      g_string_append_printf (s, "%s%s%s", s->len ? "\n" : "", imp->name,
                              imp->kind == GANTRY_DLL_SYSTEM ? "" : " (must ship beside the exe)");
    }
  if (s->len == 0)
    {
      g_string_free (s, TRUE);
      return g_strdup ("none");
    }
  return g_string_free (s, FALSE);
}

static const char *
setting (GantryBinary *b,
         const char   *key)
{
  return b ? gantry_binary_get_go_setting (b, key) : NULL;
}

GListStore *
gantry_compare_rows_new (GantryBinary *left,
                         GantryBinary *right)
{
  GListStore *rows;
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  GantryBinary *both[2] = { left, right };

  g_return_val_if_fail (GANTRY_IS_BINARY (left), NULL);
  g_return_val_if_fail (GANTRY_IS_BINARY (right), NULL);

  rows = g_list_store_new (GANTRY_TYPE_COMPARE_ROW);
  add_row (rows, "File size", gantry_ui_format_size (gantry_binary_get_file_size (left)),
           gantry_ui_format_size (gantry_binary_get_file_size (right)));
  add_row (rows, "Linking", linkage_words (left), linkage_words (right));
  add_row (rows, "Interpreter", g_strdup (gantry_binary_get_interpreter (left)),
           g_strdup (gantry_binary_get_interpreter (right)));
  add_row (rows, "Needs libraries", needed_words (left), needed_words (right));
  add_row (rows, "Highest GLIBC", g_strdup (gantry_binary_get_glibc_floor (left)),
           g_strdup (gantry_binary_get_glibc_floor (right)));
  add_row (rows, "C library", g_strdup (gantry_binary_get_libc (left)), g_strdup (gantry_binary_get_libc (right)));
  add_row (rows, "Stripped", g_strdup (gantry_binary_get_stripped (left) ? "yes" : "no"),
           g_strdup (gantry_binary_get_stripped (right) ? "yes" : "no"));
  add_row (rows, "Go version", g_strdup (gantry_binary_get_go_version (left)),
           g_strdup (gantry_binary_get_go_version (right)));

  /* every Go build setting either one has, in the order first seen */
  for (guint side = 0; side < 2; side++)
    {
      GPtrArray *settings = gantry_binary_get_go_settings (both[side]);

      for (guint i = 0; settings != NULL && i < settings->len; i++)
        {
          GantryGoSetting *s = g_ptr_array_index (settings, i);
          gboolean seen = FALSE;

          for (guint k = 0; k < keys->len && !seen; k++)
            seen = g_str_equal (g_ptr_array_index (keys, k), s->key);
          if (!seen)
            g_ptr_array_add (keys, s->key);
        }
    }
  for (guint k = 0; k < keys->len; k++)
    {
      const char *key = g_ptr_array_index (keys, k);
      g_autofree char *name = g_strdup_printf ("Go: %s", key);

      add_row (rows, name, g_strdup (setting (left, key)), g_strdup (setting (right, key)));
    }
  return rows;
}

gboolean
gantry_compare_pick (GantryBuild *build,
                     guint       *left,
                     guint       *right)
{
  GantryPlan *plan;
  guint n;
  gint first = -1, second = -1;

  g_return_val_if_fail (GANTRY_IS_BUILD (build), FALSE);

  plan = gantry_build_get_plan (build);
  n = gantry_build_get_n_results (build);

  /* a dynamic and a static build of one platform: the pair people ask about */
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        const GantryTargetResult *a = gantry_build_get_result (build, i);
        const GantryTargetResult *b = gantry_build_get_result (build, j);
        const GantryStep *sa = gantry_plan_get_step (plan, i);
        const GantryStep *sb = gantry_plan_get_step (plan, j);
        g_autofree char *pa = NULL;

        if (i == j || a->facts == NULL || b->facts == NULL || sa->target == NULL || sb->target == NULL)
          continue;
        if (gantry_binary_get_linkage (a->facts) != GANTRY_LINKAGE_DYNAMIC ||
            gantry_binary_get_linkage (b->facts) == GANTRY_LINKAGE_DYNAMIC)
          continue;
        /* same os/arch: the keys share what comes before "/static" or "@" */
        pa = g_strndup (sa->target, strcspn (sa->target, "@"));
        if (g_str_has_prefix (sb->target, pa))
          {
            *left = i;
            *right = j;
            return TRUE;
          }
      }

  for (guint i = 0; i < n; i++)
    {
      if (gantry_build_get_result (build, i)->facts == NULL)
        continue;
      if (first < 0)
        first = i;
      else if (second < 0)
        second = i;
    }
  if (second < 0)
    return FALSE;
  *left = first;
  *right = second;
  return TRUE;
}

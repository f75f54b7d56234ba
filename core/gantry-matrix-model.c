/* gantry-matrix-model.c — the recipe as a matrix of platforms people know, for the recipe editor */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-matrix-model"

#include "config.h"

#include "gantry-matrix-model.h"
#include "gantry-toolchain.h"

typedef struct
{
  const char *label;
  const char *goos;
  const char *goarch;
  const char *goarm;
} Platform;

static const Platform platforms[] = {
  { "Linux x86-64",             "linux",   "amd64", NULL },
  { "Linux ARM64",              "linux",   "arm64", NULL },
  { "Linux ARMv7 (Raspberry Pi)", "linux", "arm",   "7"  },
  { "Windows x86-64",           "windows", "amd64", NULL },
  { "Windows ARM64",            "windows", "arm64", NULL },
  { "macOS Intel",              "darwin",  "amd64", NULL },
  { "macOS Apple silicon",      "darwin",  "arm64", NULL },
};

struct _GantryMatrixRow
{
  GObject parent_instance;

  const Platform *platform;
  char *platform_name;
  gboolean enabled;
  GantryMatrixLinkage linkage;
  guint floor;
  char *note;
  gboolean problem;
  char *install_kind;
  gboolean uses_cgo;
};

enum {
  PROP_0,
  PROP_LABEL,
  PROP_PLATFORM,
  PROP_IS_LINUX,
  PROP_ENABLED,
  PROP_LINKAGE,
  PROP_FLOOR,
  PROP_FLOOR_SENSITIVE,
  PROP_NOTE,
  PROP_PROBLEM,
  PROP_INSTALL_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (GantryMatrixRow, gantry_matrix_row, G_TYPE_OBJECT)

static gboolean
row_is_linux (GantryMatrixRow *self)
{
  return g_str_equal (self->platform->goos, "linux");
}

/* The floor only means something for a dynamic cgo build on Linux. */
static gboolean
row_floor_sensitive (GantryMatrixRow *self)
{
  return self->enabled && row_is_linux (self) && self->uses_cgo && self->linkage != GANTRY_MATRIX_STATIC;
}

const char *
gantry_matrix_row_get_label (GantryMatrixRow *self)
{
  g_return_val_if_fail (GANTRY_IS_MATRIX_ROW (self), NULL);
  return self->platform->label;
}

const char *
gantry_matrix_row_get_platform (GantryMatrixRow *self)
{
  g_return_val_if_fail (GANTRY_IS_MATRIX_ROW (self), NULL);
  return self->platform_name;
}

gboolean
gantry_matrix_row_get_enabled (GantryMatrixRow *self)
{
  g_return_val_if_fail (GANTRY_IS_MATRIX_ROW (self), FALSE);
  return self->enabled;
}

void
gantry_matrix_row_set_enabled (GantryMatrixRow *self,
                               gboolean         enabled)
{
  g_return_if_fail (GANTRY_IS_MATRIX_ROW (self));
  enabled = !!enabled;
  if (self->enabled == enabled)
    return;
  self->enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLOOR_SENSITIVE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

GantryMatrixLinkage
gantry_matrix_row_get_linkage (GantryMatrixRow *self)
{
  g_return_val_if_fail (GANTRY_IS_MATRIX_ROW (self), GANTRY_MATRIX_DYNAMIC);
  return self->linkage;
}

void
gantry_matrix_row_set_linkage (GantryMatrixRow     *self,
                               GantryMatrixLinkage  linkage)
{
  g_return_if_fail (GANTRY_IS_MATRIX_ROW (self));
  if (linkage > GANTRY_MATRIX_BOTH || self->linkage == linkage)
    return;
  self->linkage = linkage;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLOOR_SENSITIVE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINKAGE]);
}

guint
gantry_matrix_row_get_floor (GantryMatrixRow *self)
{
  g_return_val_if_fail (GANTRY_IS_MATRIX_ROW (self), 0);
  return self->floor;
}

void
gantry_matrix_row_set_floor (GantryMatrixRow *self,
                             guint            floor)
{
  guint n_floors;

  g_return_if_fail (GANTRY_IS_MATRIX_ROW (self));
  gantry_glibc_floors (&n_floors);
  if (floor > n_floors || self->floor == floor)
    return;
  self->floor = floor;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLOOR]);
}

const char *
gantry_matrix_row_get_note (GantryMatrixRow *self)
{
  g_return_val_if_fail (GANTRY_IS_MATRIX_ROW (self), NULL);
  return self->note;
}

const char *
gantry_matrix_row_get_install_kind (GantryMatrixRow *self)
{
  g_return_val_if_fail (GANTRY_IS_MATRIX_ROW (self), NULL);
  return self->install_kind;
}

void
gantry_matrix_row_set_note (GantryMatrixRow *self,
                            const char      *note,
                            gboolean         problem)
{
  const char *kind = NULL;
  g_autofree char *said = NULL;

  g_return_if_fail (GANTRY_IS_MATRIX_ROW (self));
  if (problem)
    kind = gantry_toolchain_install_kind_in (note);
  /* the row's Toolchains… button installs it: no command to type */
  note = said = gantry_toolchain_message_for_window (note);
  if (g_strcmp0 (self->install_kind, kind) != 0)
    {
      g_free (self->install_kind);
      self->install_kind = g_strdup (kind);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INSTALL_KIND]);
    }
  if (g_strcmp0 (self->note, note) != 0)
    {
      g_free (self->note);
      self->note = g_strdup (note);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTE]);
    }
  if (self->problem != !!problem)
    {
      self->problem = !!problem;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
    }
}

static void
gantry_matrix_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GantryMatrixRow *self = GANTRY_MATRIX_ROW (object);

  switch (prop_id)
    {
    case PROP_LABEL: g_value_set_string (value, self->platform->label); break;
    case PROP_PLATFORM: g_value_set_string (value, self->platform_name); break;
    case PROP_IS_LINUX: g_value_set_boolean (value, row_is_linux (self)); break;
    case PROP_ENABLED: g_value_set_boolean (value, self->enabled); break;
    case PROP_LINKAGE: g_value_set_uint (value, self->linkage); break;
    case PROP_FLOOR: g_value_set_uint (value, self->floor); break;
    case PROP_FLOOR_SENSITIVE: g_value_set_boolean (value, row_floor_sensitive (self)); break;
    case PROP_NOTE: g_value_set_string (value, self->note); break;
    case PROP_PROBLEM: g_value_set_boolean (value, self->problem); break;
    case PROP_INSTALL_KIND: g_value_set_string (value, self->install_kind); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_matrix_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GantryMatrixRow *self = GANTRY_MATRIX_ROW (object);

  switch (prop_id)
    {
    case PROP_ENABLED: gantry_matrix_row_set_enabled (self, g_value_get_boolean (value)); break;
    case PROP_LINKAGE: gantry_matrix_row_set_linkage (self, g_value_get_uint (value)); break;
    case PROP_FLOOR: gantry_matrix_row_set_floor (self, g_value_get_uint (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_matrix_row_finalize (GObject *object)
{
  GantryMatrixRow *self = GANTRY_MATRIX_ROW (object);

  g_free (self->platform_name);
  g_free (self->note);
  g_free (self->install_kind);

  G_OBJECT_CLASS (gantry_matrix_row_parent_class)->finalize (object);
}

static void
gantry_matrix_row_class_init (GantryMatrixRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gantry_matrix_row_finalize;
  object_class->get_property = gantry_matrix_row_get_property;
  object_class->set_property = gantry_matrix_row_set_property;

  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, ro);
  properties[PROP_PLATFORM] = g_param_spec_string ("platform", NULL, NULL, NULL, ro);
  properties[PROP_IS_LINUX] = g_param_spec_boolean ("is-linux", NULL, NULL, FALSE, ro);
  properties[PROP_ENABLED] = g_param_spec_boolean ("enabled", NULL, NULL, FALSE, rw);
  properties[PROP_LINKAGE] = g_param_spec_uint ("linkage", NULL, NULL, 0, GANTRY_MATRIX_BOTH, 0, rw);
  properties[PROP_FLOOR] = g_param_spec_uint ("floor", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_FLOOR_SENSITIVE] = g_param_spec_boolean ("floor-sensitive", NULL, NULL, FALSE, ro);
  properties[PROP_NOTE] = g_param_spec_string ("note", NULL, NULL, NULL, ro);
  properties[PROP_PROBLEM] = g_param_spec_boolean ("problem", NULL, NULL, FALSE, ro);
  properties[PROP_INSTALL_KIND] = g_param_spec_string ("install-kind", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gantry_matrix_row_init (GantryMatrixRow *self)
{
}

/* ------------------------------------------------------------------ */

GStrv
gantry_matrix_linkage_names (void)
{
  const char *names[] = { "Dynamic", "Static", "Both (compare)", NULL };

  return g_strdupv ((char **) names);
}

GStrv
gantry_matrix_floor_names (void)
{
  guint n;
  const GantryGlibcFloor *floors = gantry_glibc_floors (&n);
  GStrv names = g_new0 (char *, n + 2);

  names[0] = g_strdup ("Compiler default");
  for (guint i = 0; i < n; i++)
    names[i + 1] = g_strdup_printf ("%s (glibc %s)", floors[i].distro, floors[i].glibc);
  return names;
}

static gboolean
target_on (GantryTarget   *t,
           const Platform *p)
{
  return g_str_equal (gantry_target_get_goos (t), p->goos) &&
         g_str_equal (gantry_target_get_goarch (t), p->goarch) &&
         g_strcmp0 (gantry_target_get_goarm (t), p->goarm) == 0;
}

static const Platform *
platform_of (GantryTarget *t)
{
  for (guint i = 0; i < G_N_ELEMENTS (platforms); i++)
    if (target_on (t, &platforms[i]))
      return &platforms[i];
  return NULL;
}

static guint
floor_index (const char *glibc)
{
  guint n;
  const GantryGlibcFloor *floors = gantry_glibc_floors (&n);

  if (glibc == NULL)
    return 0;
  for (guint i = 0; i < n; i++)
    if (g_str_equal (floors[i].glibc, glibc))
      return i + 1;
  return 0;
}

static void
fill_row (GantryMatrixRow *row,
          GantryRecipe    *recipe,
          gboolean         uses_cgo)
{
  GListModel *targets = gantry_recipe_get_targets (recipe);
  guint n = g_list_model_get_n_items (targets);
  gboolean dyn = FALSE, stat = FALSE;
  const char *floor = NULL;

  row->uses_cgo = uses_cgo;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GantryTarget) t = g_list_model_get_item (targets, i);

      if (!target_on (t, row->platform))
        continue;
      if (gantry_target_get_link_mode (t) == GANTRY_LINK_STATIC)
        stat = TRUE;
      else
        {
          dyn = TRUE;
          if (floor == NULL)
            floor = gantry_target_get_glibc_floor (t);
        }
    }

  gantry_matrix_row_set_enabled (row, dyn || stat);
  gantry_matrix_row_set_linkage (row, dyn && stat ? GANTRY_MATRIX_BOTH
                                      : stat ? GANTRY_MATRIX_STATIC : GANTRY_MATRIX_DYNAMIC);
  gantry_matrix_row_set_floor (row, floor_index (floor));
  g_object_notify_by_pspec (G_OBJECT (row), properties[PROP_FLOOR_SENSITIVE]);
}

GListStore *
gantry_matrix_new (GantryRecipe *recipe,
                   gboolean      uses_cgo)
{
  GListStore *rows;

  g_return_val_if_fail (GANTRY_IS_RECIPE (recipe), NULL);

  rows = g_list_store_new (GANTRY_TYPE_MATRIX_ROW);
  for (guint i = 0; i < G_N_ELEMENTS (platforms); i++)
    {
      g_autoptr(GantryMatrixRow) row = g_object_new (GANTRY_TYPE_MATRIX_ROW, NULL);

      row->platform = &platforms[i];
      row->platform_name = platforms[i].goarm
                           ? g_strdup_printf ("%s/%sv%s", platforms[i].goos, platforms[i].goarch, platforms[i].goarm)
                           : g_strdup_printf ("%s/%s", platforms[i].goos, platforms[i].goarch);
      fill_row (row, recipe, uses_cgo);
      g_list_store_append (rows, row);
    }
  return rows;
}

void
gantry_matrix_update (GListModel   *rows,
                      GantryRecipe *recipe,
                      gboolean      uses_cgo)
{
  g_return_if_fail (G_IS_LIST_MODEL (rows));
  g_return_if_fail (GANTRY_IS_RECIPE (recipe));

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GantryMatrixRow) row = g_list_model_get_item (rows, i);

      fill_row (row, recipe, uses_cgo);
    }
}

/* The recipe's own target for this platform and link mode, when it has
 * one, keeps its tags, ldflags and overrides; otherwise a new one. */
static GantryTarget *
make_target (GantryRecipe    *recipe,
             GantryMatrixRow *row,
             GantryLinkMode   mode,
             gboolean         uses_cgo)
{
  GListModel *targets = gantry_recipe_get_targets (recipe);
  GantryTarget *t = NULL;
  gboolean is_linux = row_is_linux (row);

  for (guint i = 0; i < g_list_model_get_n_items (targets) && t == NULL; i++)
    {
      g_autoptr(GantryTarget) old = g_list_model_get_item (targets, i);

      if (target_on (old, row->platform) && gantry_target_get_link_mode (old) == mode)
        t = gantry_target_copy (old);
    }
  if (t == NULL)
    {
      t = gantry_target_new (row->platform->goos, row->platform->goarch);
      if (row->platform->goarm != NULL)
        gantry_target_set_goarm (t, row->platform->goarm);
      gantry_target_set_cgo (t, uses_cgo ? GANTRY_CGO_ON : GANTRY_CGO_OFF);
      gantry_target_set_link_mode (t, mode);
    }

  if (is_linux && uses_cgo && gantry_target_get_cgo (t) != GANTRY_CGO_OFF)
    {
      gantry_target_set_libc (t, mode == GANTRY_LINK_STATIC ? GANTRY_LIBC_MUSL : GANTRY_LIBC_DEFAULT);
      if (mode == GANTRY_LINK_DYNAMIC && row->floor > 0)
        {
          const GantryGlibcFloor *floors = gantry_glibc_floors (NULL);

          gantry_target_set_glibc_floor (t, floors[row->floor - 1].glibc);
        }
      else
        gantry_target_set_glibc_floor (t, NULL);
    }
  return t;
}

GantryRecipe *
gantry_matrix_apply (GListModel   *rows,
                     GantryRecipe *recipe,
                     gboolean      uses_cgo)
{
  g_autoptr(GantryRecipe) copy = NULL;
  GListModel *targets;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (rows), NULL);
  g_return_val_if_fail (GANTRY_IS_RECIPE (recipe), NULL);

  copy = gantry_recipe_copy (recipe);
  gantry_recipe_clear_targets (copy);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GantryMatrixRow) row = g_list_model_get_item (rows, i);

      if (!row->enabled)
        continue;
      if (row->linkage != GANTRY_MATRIX_STATIC)
        {
          g_autoptr(GantryTarget) t = make_target (recipe, row, GANTRY_LINK_DYNAMIC, uses_cgo);
          gantry_recipe_add_target (copy, t);
        }
      if (row->linkage != GANTRY_MATRIX_DYNAMIC)
        {
          g_autoptr(GantryTarget) t = make_target (recipe, row, GANTRY_LINK_STATIC, uses_cgo);
          gantry_recipe_add_target (copy, t);
        }
    }

  /* targets the matrix has no row for (freebsd, riscv64…) stay */
  targets = gantry_recipe_get_targets (recipe);
  n = g_list_model_get_n_items (targets);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GantryTarget) t = g_list_model_get_item (targets, i);

      if (platform_of (t) == NULL)
        gantry_recipe_add_target (copy, t);
    }

  return g_steal_pointer (&copy);
}

void
gantry_matrix_set_notes (GListModel            *rows,
                         const GantryPlanInput *inputs,
                         guint                  n_inputs)
{
  g_return_if_fail (G_IS_LIST_MODEL (rows));

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GantryMatrixRow) row = g_list_model_get_item (rows, i);
      const char *note = NULL;
      gboolean problem = FALSE;

      for (guint j = 0; j < n_inputs; j++)
        {
          if (!target_on (inputs[j].target, row->platform))
            continue;
          if (inputs[j].unbuildable != NULL)
            {
              note = inputs[j].unbuildable;
              problem = TRUE;
              break;
            }
          if (note == NULL)
            note = inputs[j].reason;
        }
      if (!row->enabled)
        note = NULL, problem = FALSE;
      gantry_matrix_row_set_note (row, note, problem);
    }
}

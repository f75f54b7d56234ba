/* gantry-toolchain-model.c — toolchains and catalog releases as GListModels for the window */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-toolchain"

#include "config.h"

#include "gantry-toolchain-model.h"

/* ------------------------------------------------------------------ */
/* GantryToolchainRow                                                  */
/* ------------------------------------------------------------------ */

struct _GantryToolchainRow
{
  GObject parent_instance;

  GantryToolchain *toolchain;
};

enum {
  TC_PROP_0,
  TC_PROP_KIND,
  TC_PROP_NAME,
  TC_PROP_VERSION,
  TC_PROP_ORIGIN,
  TC_PROP_PROGRAM,
  TC_PROP_PATH,
  TC_PROP_TARGET,
  TC_PROP_INSTALLED,
  TC_N_PROPS
};

static GParamSpec *tc_properties[TC_N_PROPS];

G_DEFINE_FINAL_TYPE (GantryToolchainRow, gantry_toolchain_row, G_TYPE_OBJECT)

static void
gantry_toolchain_row_finalize (GObject *object)
{
  GantryToolchainRow *self = (GantryToolchainRow *) object;

  g_clear_pointer (&self->toolchain, gantry_toolchain_free);
  G_OBJECT_CLASS (gantry_toolchain_row_parent_class)->finalize (object);
}

static void
gantry_toolchain_row_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  GantryToolchainRow *self = GANTRY_TOOLCHAIN_ROW (object);
  const GantryToolchain *tc = self->toolchain;

  switch (prop_id)
    {
    case TC_PROP_KIND: g_value_set_string (value, tc->kind); break;
    case TC_PROP_NAME: g_value_set_string (value, tc->name); break;
    case TC_PROP_VERSION: g_value_set_string (value, tc->version); break;
    case TC_PROP_ORIGIN: g_value_set_string (value, tc->origin); break;
    case TC_PROP_PROGRAM: g_value_set_string (value, tc->program); break;
    case TC_PROP_PATH: g_value_set_string (value, tc->path); break;
    case TC_PROP_TARGET: g_value_set_string (value, tc->target); break;
    case TC_PROP_INSTALLED: g_value_set_boolean (value, g_strcmp0 (tc->origin, "installed") == 0); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_toolchain_row_class_init (GantryToolchainRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gantry_toolchain_row_finalize;
  object_class->get_property = gantry_toolchain_row_get_property;

  tc_properties[TC_PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, NULL, flags);
  tc_properties[TC_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  tc_properties[TC_PROP_VERSION] = g_param_spec_string ("version", NULL, NULL, NULL, flags);
  tc_properties[TC_PROP_ORIGIN] = g_param_spec_string ("origin", NULL, NULL, NULL, flags);
  tc_properties[TC_PROP_PROGRAM] = g_param_spec_string ("program", NULL, NULL, NULL, flags);
  tc_properties[TC_PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, flags);
  tc_properties[TC_PROP_TARGET] = g_param_spec_string ("target", NULL, NULL, NULL, flags);
  tc_properties[TC_PROP_INSTALLED] = g_param_spec_boolean ("installed", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, TC_N_PROPS, tc_properties);
}

static void
gantry_toolchain_row_init (GantryToolchainRow *self)
{
}

GantryToolchainRow *
gantry_toolchain_row_new (const GantryToolchain *toolchain)
{
  GantryToolchainRow *self;

  g_return_val_if_fail (toolchain != NULL, NULL);

  self = g_object_new (GANTRY_TYPE_TOOLCHAIN_ROW, NULL);
  self->toolchain = gantry_toolchain_copy (toolchain);
  return self;
}

const GantryToolchain *
gantry_toolchain_row_get_toolchain (GantryToolchainRow *self)
{
  g_return_val_if_fail (GANTRY_IS_TOOLCHAIN_ROW (self), NULL);
  return self->toolchain;
}

/* ------------------------------------------------------------------ */
/* GantryReleaseRow                                                    */
/* ------------------------------------------------------------------ */

struct _GantryReleaseRow
{
  GObject parent_instance;

  GantryRelease *release;
  gboolean installed;
};

enum {
  R_PROP_0,
  R_PROP_ID,
  R_PROP_KIND,
  R_PROP_NAME,
  R_PROP_VERSION,
  R_PROP_STABLE,
  R_PROP_FORMAT,
  R_PROP_SIZE,
  R_PROP_URL,
  R_PROP_INSTALLABLE,
  R_PROP_INSTALLED,
  R_N_PROPS
};

static GParamSpec *r_properties[R_N_PROPS];

G_DEFINE_FINAL_TYPE (GantryReleaseRow, gantry_release_row, G_TYPE_OBJECT)

static void
gantry_release_row_finalize (GObject *object)
{
  GantryReleaseRow *self = (GantryReleaseRow *) object;

  g_clear_pointer (&self->release, gantry_release_free);
  G_OBJECT_CLASS (gantry_release_row_parent_class)->finalize (object);
}

static void
gantry_release_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GantryReleaseRow *self = GANTRY_RELEASE_ROW (object);
  const GantryRelease *r = self->release;

  switch (prop_id)
    {
    case R_PROP_ID: g_value_take_string (value, gantry_release_get_id (r)); break;
    case R_PROP_KIND: g_value_set_string (value, r->kind); break;
    case R_PROP_NAME: g_value_set_string (value, r->name); break;
    case R_PROP_VERSION: g_value_set_string (value, r->version); break;
    case R_PROP_STABLE: g_value_set_boolean (value, r->stable); break;
    case R_PROP_FORMAT: g_value_set_string (value, gantry_release_get_format (r)); break;
    case R_PROP_SIZE: g_value_set_uint64 (value, r->size); break;
    case R_PROP_URL: g_value_set_string (value, r->url); break;
    case R_PROP_INSTALLABLE: g_value_set_boolean (value, r->sha256 != NULL); break;
    case R_PROP_INSTALLED: g_value_set_boolean (value, self->installed); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_release_row_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  GantryReleaseRow *self = GANTRY_RELEASE_ROW (object);

  switch (prop_id)
    {
    case R_PROP_INSTALLED: gantry_release_row_set_installed (self, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_release_row_class_init (GantryReleaseRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gantry_release_row_finalize;
  object_class->get_property = gantry_release_row_get_property;
  object_class->set_property = gantry_release_row_set_property;

  r_properties[R_PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  r_properties[R_PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, NULL, ro);
  r_properties[R_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  r_properties[R_PROP_VERSION] = g_param_spec_string ("version", NULL, NULL, NULL, ro);
  r_properties[R_PROP_STABLE] = g_param_spec_boolean ("stable", NULL, NULL, FALSE, ro);
  r_properties[R_PROP_FORMAT] = g_param_spec_string ("format", NULL, NULL, NULL, ro);
  r_properties[R_PROP_SIZE] = g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  r_properties[R_PROP_URL] = g_param_spec_string ("url", NULL, NULL, NULL, ro);
  r_properties[R_PROP_INSTALLABLE] = g_param_spec_boolean ("installable", NULL, NULL, FALSE, ro);
  r_properties[R_PROP_INSTALLED] = g_param_spec_boolean ("installed", NULL, NULL, FALSE,
                                                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, R_N_PROPS, r_properties);
}

static void
gantry_release_row_init (GantryReleaseRow *self)
{
}

GantryReleaseRow *
gantry_release_row_new (const GantryRelease *release)
{
  GantryReleaseRow *self;

  g_return_val_if_fail (release != NULL, NULL);

  self = g_object_new (GANTRY_TYPE_RELEASE_ROW, NULL);
  self->release = gantry_release_copy (release);
  return self;
}

const GantryRelease *
gantry_release_row_get_release (GantryReleaseRow *self)
{
  g_return_val_if_fail (GANTRY_IS_RELEASE_ROW (self), NULL);
  return self->release;
}

gboolean
gantry_release_row_get_installed (GantryReleaseRow *self)
{
  g_return_val_if_fail (GANTRY_IS_RELEASE_ROW (self), FALSE);
  return self->installed;
}

void
gantry_release_row_set_installed (GantryReleaseRow *self,
                                  gboolean          installed)
{
  g_return_if_fail (GANTRY_IS_RELEASE_ROW (self));

  installed = !!installed;
  if (self->installed == installed)
    return;
  self->installed = installed;
  g_object_notify_by_pspec (G_OBJECT (self), r_properties[R_PROP_INSTALLED]);
}

/* ------------------------------------------------------------------ */
/* Models                                                              */
/* ------------------------------------------------------------------ */

/* A GListModel of GantryToolchainRow, in the order given. */
GListModel *
gantry_toolchain_model_new (GPtrArray *toolchains)
{
  GListStore *store = g_list_store_new (GANTRY_TYPE_TOOLCHAIN_ROW);

  for (guint i = 0; toolchains != NULL && i < toolchains->len; i++)
    {
      g_autoptr(GantryToolchainRow) row = gantry_toolchain_row_new (g_ptr_array_index (toolchains, i));
      g_list_store_append (store, row);
    }
  return G_LIST_MODEL (store);
}

/* A GListModel of GantryReleaseRow; a row is marked installed when
 * @installed (rows of the store) holds the same name and version. */
GListModel *
gantry_release_model_new (GPtrArray *releases,
                          GPtrArray *installed)
{
  GListStore *store = g_list_store_new (GANTRY_TYPE_RELEASE_ROW);

  for (guint i = 0; releases != NULL && i < releases->len; i++)
    {
      const GantryRelease *r = g_ptr_array_index (releases, i);
      g_autoptr(GantryReleaseRow) row = gantry_release_row_new (r);

      for (guint j = 0; installed != NULL && j < installed->len; j++)
        {
          const GantryToolchain *tc = g_ptr_array_index (installed, j);

          if (g_strcmp0 (tc->origin, "installed") == 0 &&
              g_strcmp0 (tc->kind, r->name) == 0 && g_strcmp0 (tc->version, r->version) == 0)
            row->installed = TRUE;
        }
      g_list_store_append (store, row);
    }
  return G_LIST_MODEL (store);
}

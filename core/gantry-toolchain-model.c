/* gantry-toolchain-model.c — toolchains, catalog releases and doctor results as GListModels for the window */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-toolchain"

#include "config.h"

#include <string.h>

#include "gantry-target.h"
#include "gantry-toolchain-model.h"

/* ------------------------------------------------------------------ */
/* GantryToolchainRow                                                  */
/* ------------------------------------------------------------------ */

struct _GantryToolchainRow
{
  GObject parent_instance;

  GantryToolchain *toolchain;    /* the first of programs */
  GPtrArray *programs;           /* GantryToolchain*, owned */
  char *family;                  /* "qemu-user", "qemu-system", "llvm-mingw"; NULL: one program */
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
  TC_PROP_ID,
  TC_PROP_INSTALL_KIND,
  TC_PROP_TITLE,
  TC_PROP_SUBTITLE,
  TC_PROP_ARCHITECTURES,
  TC_PROP_N_PROGRAMS,
  TC_N_PROPS
};

static GParamSpec *tc_properties[TC_N_PROPS];

G_DEFINE_FINAL_TYPE (GantryToolchainRow, gantry_toolchain_row, G_TYPE_OBJECT)

static void
gantry_toolchain_row_finalize (GObject *object)
{
  GantryToolchainRow *self = (GantryToolchainRow *) object;

  /* toolchain is programs[0] */
  g_clear_pointer (&self->programs, g_ptr_array_unref);
  g_free (self->family);
  G_OBJECT_CLASS (gantry_toolchain_row_parent_class)->finalize (object);
}

/* ------------------------------------------------------------------ */
/* What a person calls a tool                                          */
/* ------------------------------------------------------------------ */

/* The family @tc belongs with: each qemu-ARCH (and qemu-ARCH-static)
 * is the one user-mode emulator for another processor, qemu-system-ARCH
 * the system one; the programs of an install Gantry made (llvm-mingw's
 * clangs) are that install. NULL: a tool of its own. */
static char *
family_of (const GantryToolchain *tc)
{
  if (g_strcmp0 (tc->kind, "qemu") == 0)
    return g_strdup (g_str_has_prefix (tc->name, "qemu-system-") ? "qemu-system" : "qemu-user");
  if (g_strcmp0 (tc->origin, "installed") == 0 && tc->install != NULL && g_strcmp0 (tc->install, tc->name) != 0)
    return g_strdup_printf ("%s %s", tc->install, tc->version ? tc->version : "");
  return NULL;
}

/* "aarch64" for qemu-aarch64, qemu-aarch64-static and qemu-system-aarch64. */
static char *
emulated_arch (const GantryToolchain *tc)
{
  const char *name = tc->name ? tc->name : "";

  if (g_str_has_prefix (name, "qemu-system-"))
    name += strlen ("qemu-system-");
  else if (g_str_has_prefix (name, "qemu-"))
    name += strlen ("qemu-");
  if (g_str_has_suffix (name, "-static"))
    return g_strndup (name, strlen (name) - strlen ("-static"));
  return g_strdup (name);
}

static gboolean
is_emulator_family (GantryToolchainRow *self)
{
  return g_strcmp0 (self->family, "qemu-user") == 0 || g_strcmp0 (self->family, "qemu-system") == 0;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* The architectures of an emulator family, each once, sorted. */
static GPtrArray *
row_architectures (GantryToolchainRow *self)
{
  g_autoptr(GPtrArray) archs = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->programs->len; i++)
    {
      char *arch = emulated_arch (g_ptr_array_index (self->programs, i));

      if (g_ptr_array_find_with_equal_func (archs, arch, g_str_equal, NULL))
        g_free (arch);
      else
        g_ptr_array_add (archs, arch);
    }
  g_ptr_array_sort (archs, compare_names);
  return g_steal_pointer (&archs);
}

static char *
row_architectures_text (GantryToolchainRow *self)
{
  g_autoptr(GPtrArray) archs = NULL;

  if (!is_emulator_family (self))
    return NULL;
  archs = row_architectures (self);
  g_ptr_array_add (archs, NULL);
  return g_strjoinv (", ", (char **) archs->pdata);
}

static char *
row_title (GantryToolchainRow *self)
{
  if (is_emulator_family (self))
    {
      g_autoptr(GPtrArray) archs = row_architectures (self);

      if (archs->len == 1)
        return g_strdup_printf ("%s (%s)", self->family, (char *) g_ptr_array_index (archs, 0));
      return g_strdup_printf ("%s (%u architectures)", self->family, archs->len);
    }
  if (self->family != NULL)
    return g_strdup (self->toolchain->install);
  return g_strdup (self->toolchain->name);
}

/* What the tool is for, in words a person who is not a build specialist reads. */
static const char *
kind_description (GantryToolchainRow *self)
{
  static const struct { const char *kind; const char *text; } kinds[] = {
    { "go", "Go compiler and tools" },
    { "zig", "Zig: a C compiler for every target" },
    { "gcc", "C compiler for this computer" },
    { "clang", "C compiler for this computer" },
    { "musl-gcc", "C compiler for static Linux programs (musl)" },
    { "mingw-gcc", "C compiler for Windows (MinGW-w64)" },
    { "mingw-clang", "C compiler for Windows (llvm-mingw)" },
    { "cross-gcc", "C compiler for Linux" },
    { "wine", "Runs Windows programs" },
    { "docker", "Container engine: runs Linux programs in other distributions" },
    { "podman", "Container engine: runs Linux programs in other distributions" },
  };
  const char *kind = self->toolchain->kind;

  if (g_strcmp0 (self->family, "qemu-user") == 0)
    return "Runs Linux programs built for other processors";
  if (g_strcmp0 (self->family, "qemu-system") == 0)
    return "Runs whole computers with other processors";
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kind, kinds[i].kind) == 0)
      return kinds[i].text;
  return kind;
}

/* The folder all programs are in, or the one program. */
static char *
row_location (GantryToolchainRow *self)
{
  g_autofree char *folder = NULL;

  if (self->programs->len == 1)
    return g_strdup (self->toolchain->program ? self->toolchain->program : self->toolchain->path);
  if (g_strcmp0 (self->toolchain->origin, "installed") == 0)
    return g_strdup (self->toolchain->path);
  for (guint i = 0; i < self->programs->len; i++)
    {
      const GantryToolchain *tc = g_ptr_array_index (self->programs, i);
      g_autofree char *dir = tc->program ? g_path_get_dirname (tc->program) : NULL;

      if (i == 0)
        folder = g_steal_pointer (&dir);
      else if (g_strcmp0 (folder, dir) != 0)
        return g_strdup_printf ("%u programs in several folders", self->programs->len);
    }
  return g_steal_pointer (&folder);
}

/* "C compiler for Linux, builds for aarch64-linux-gnu · version 12 · /usr/bin/aarch64-linux-gnu-gcc" */
static char *
row_subtitle (GantryToolchainRow *self)
{
  GString *s = g_string_new (kind_description (self));
  g_autofree char *location = row_location (self);
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();

  if (!is_emulator_family (self))
    for (guint i = 0; i < self->programs->len; i++)
      {
        const GantryToolchain *tc = g_ptr_array_index (self->programs, i);

        if (tc->target != NULL && !g_ptr_array_find_with_equal_func (targets, tc->target, g_str_equal, NULL))
          g_ptr_array_add (targets, tc->target);
      }
  for (guint i = 0; i < targets->len; i++)
    g_string_append_printf (s, "%s%s", i == 0 ? ", builds for " : i + 1 == targets->len ? " and " : ", ",
                            (char *) g_ptr_array_index (targets, i));
  if (self->toolchain->version != NULL && *self->toolchain->version != '\0')
    g_string_append_printf (s, " · version %s", self->toolchain->version);
  if (location != NULL)
    g_string_append_printf (s, " · %s", location);
  return g_string_free (s, FALSE);
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
    case TC_PROP_ID: g_value_set_int64 (value, tc->id); break;
    case TC_PROP_INSTALL_KIND: g_value_set_string (value, gantry_toolchain_row_get_install_kind (self)); break;
    case TC_PROP_TITLE: g_value_take_string (value, row_title (self)); break;
    case TC_PROP_SUBTITLE: g_value_take_string (value, row_subtitle (self)); break;
    case TC_PROP_ARCHITECTURES: g_value_take_string (value, row_architectures_text (self)); break;
    case TC_PROP_N_PROGRAMS: g_value_set_uint (value, self->programs->len); break;
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
  /* the store row of an install, what removing it names */
  tc_properties[TC_PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  /* what that install is in the store ("llvm-mingw"), where "kind" is the program's ("mingw-clang") */
  tc_properties[TC_PROP_INSTALL_KIND] = g_param_spec_string ("install-kind", NULL, NULL, NULL, flags);
  tc_properties[TC_PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  tc_properties[TC_PROP_SUBTITLE] = g_param_spec_string ("subtitle", NULL, NULL, NULL, flags);
  tc_properties[TC_PROP_ARCHITECTURES] = g_param_spec_string ("architectures", NULL, NULL, NULL, flags);
  tc_properties[TC_PROP_N_PROGRAMS] = g_param_spec_uint ("n-programs", NULL, NULL, 0, G_MAXUINT, 0, flags);
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
  self->programs = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_toolchain_free);
  self->toolchain = gantry_toolchain_copy (toolchain);
  g_ptr_array_add (self->programs, self->toolchain);
  self->family = family_of (toolchain);
  return self;
}

const GantryToolchain *
gantry_toolchain_row_get_toolchain (GantryToolchainRow *self)
{
  g_return_val_if_fail (GANTRY_IS_TOOLCHAIN_ROW (self), NULL);
  return self->toolchain;
}

GPtrArray *
gantry_toolchain_row_get_programs (GantryToolchainRow *self)
{
  g_return_val_if_fail (GANTRY_IS_TOOLCHAIN_ROW (self), NULL);
  return self->programs;
}

/* The store's name of the install a program of Gantry's comes from
 * ("llvm-mingw" for each of its clangs), as detection recorded it; the
 * store row itself for an install. NULL for a program found on PATH. */
const char *
gantry_toolchain_row_get_install_kind (GantryToolchainRow *self)
{
  const GantryToolchain *tc;

  g_return_val_if_fail (GANTRY_IS_TOOLCHAIN_ROW (self), NULL);

  tc = self->toolchain;
  if (g_strcmp0 (tc->origin, "installed") != 0)
    return NULL;
  return tc->install != NULL ? tc->install : tc->name;
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

/* A GListModel of GantryToolchainRow, one per tool, in the order of
 * each tool's first program. */
GListModel *
gantry_toolchain_model_new (GPtrArray *toolchains)
{
  GListStore *store = g_list_store_new (GANTRY_TYPE_TOOLCHAIN_ROW);
  g_autoptr(GHashTable) families = g_hash_table_new (g_str_hash, g_str_equal);   /* family → its row */

  for (guint i = 0; toolchains != NULL && i < toolchains->len; i++)
    {
      const GantryToolchain *tc = g_ptr_array_index (toolchains, i);
      g_autofree char *family = family_of (tc);
      GantryToolchainRow *same = family ? g_hash_table_lookup (families, family) : NULL;
      g_autoptr(GantryToolchainRow) row = NULL;

      if (same != NULL)
        {
          g_ptr_array_add (same->programs, gantry_toolchain_copy (tc));
          continue;
        }
      row = gantry_toolchain_row_new (tc);
      if (row->family != NULL)
        g_hash_table_insert (families, row->family, row);
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

/* ------------------------------------------------------------------ */
/* GantryDoctorRow                                                     */
/* ------------------------------------------------------------------ */

struct _GantryDoctorRow
{
  GObject parent_instance;

  char *target;
  char *key;
  GantryDoctorState state;
  GantryDoctorResult *result;
};

enum {
  D_PROP_0,
  D_PROP_TARGET,
  D_PROP_KEY,
  D_PROP_STATE,
  D_PROP_MARK,
  D_PROP_STATUS,
  D_PROP_OK,
  D_PROP_FAILED,
  D_PROP_COMPILER,
  D_PROP_CC,
  D_PROP_TIME,
  D_PROP_SUMMARY,
  D_PROP_DETAILS,
  D_PROP_REASON,
  D_PROP_STEP,
  D_PROP_EXPLANATION,
  D_PROP_OUTPUT,
  D_PROP_COMMAND,
  D_N_PROPS
};

static GParamSpec *d_properties[D_N_PROPS];

G_DEFINE_FINAL_TYPE (GantryDoctorRow, gantry_doctor_row, G_TYPE_OBJECT)

static gboolean
doctor_row_failed (GantryDoctorRow *self)
{
  return self->state == GANTRY_DOCTOR_DONE && self->result != NULL && !self->result->ok;
}

static const char *
doctor_row_state_name (GantryDoctorRow *self)
{
  switch (self->state)
    {
    case GANTRY_DOCTOR_WAITING: return "waiting";
    case GANTRY_DOCTOR_CHECKING: return "checking";
    case GANTRY_DOCTOR_CANCELLED: return "cancelled";
    case GANTRY_DOCTOR_DONE:
    default:
      return self->result != NULL && self->result->ok ? "ok" : "failed";
    }
}

/* The first line of @text, or NULL. */
static char *
first_line (const char *text)
{
  const char *nl;

  if (text == NULL || *text == '\0')
    return NULL;
  nl = strchr (text, '\n');
  return nl ? g_strndup (text, nl - text) : g_strdup (text);
}

/* One line a list can show: why this compiler when it works; when it
 * does not, the plain explanation, the resolver's own sentence (it says
 * what to install), or the step that failed and the tool's first line. */
static char *
doctor_row_summary (GantryDoctorRow *self)
{
  const GantryDoctorResult *r = self->result;

  if (self->state == GANTRY_DOCTOR_CHECKING)
    return g_strdup ("Building a tiny cgo program…");
  if (self->state == GANTRY_DOCTOR_CANCELLED)
    return g_strdup ("Not checked: cancelled");
  if (r == NULL)
    return NULL;
  if (r->ok)
    return g_strdup (r->reason);
  if (r->explanation != NULL)
    return g_strdup (r->explanation);
  if (g_strcmp0 (r->step, "resolve") == 0 && r->output != NULL)
    return g_strdup (r->output);
  {
    g_autofree char *line = first_line (r->output);

    return line ? g_strdup_printf ("%s failed: %s", r->step, line)
                : g_strdup_printf ("%s failed", r->step);
  }
}

/* The rest of a failure, for an expander under the summary: the step,
 * why that compiler, what ran and the tool's own output. NULL when the
 * summary is all there is (the resolver's sentence). */
static char *
doctor_row_details (GantryDoctorRow *self)
{
  const GantryDoctorResult *r = self->result;
  g_autoptr(GString) s = NULL;

  if (!doctor_row_failed (self))
    return NULL;
  if (g_strcmp0 (r->step, "resolve") == 0 && r->explanation == NULL)
    return NULL;
  s = g_string_new (NULL);
  g_string_append_printf (s, "Failed at: %s\n", r->step ? r->step : "?");
  if (r->reason != NULL)
    g_string_append_printf (s, "Compiler chosen because: %s\n", r->reason);
  if (r->command != NULL)
    g_string_append_printf (s, "Ran: %s\n", r->command);
  if (r->output != NULL && *r->output != '\0')
    g_string_append_printf (s, "\n%s", r->output);
  while (s->len > 0 && s->str[s->len - 1] == '\n')
    g_string_truncate (s, s->len - 1);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* @target as the rest of Gantry names it: the doctor's
 * "linux/amd64/musl/static" is the recipe's and the command line's
 * "linux/amd64/static@musl". A target that does not parse is shown as given. */
static char *
target_key (const char *target)
{
  g_auto(GantryTargetSpec) spec = { 0 };
  g_autoptr(GantryTarget) t = NULL;

  if (!gantry_target_spec_parse (target, &spec, NULL))
    {
      t = gantry_target_parse (target, NULL);
      return t != NULL ? gantry_target_get_key (t) : g_strdup (target);
    }
  t = gantry_target_new (spec.goos, spec.goarch);
  gantry_target_set_goarm (t, spec.goarm);
  gantry_target_set_link_mode (t, spec.is_static ? GANTRY_LINK_STATIC : GANTRY_LINK_DYNAMIC);
  if (g_strcmp0 (spec.libc, "musl") == 0)
    gantry_target_set_libc (t, GANTRY_LIBC_MUSL);
  else if (g_strcmp0 (spec.libc, "gnu") == 0)
    gantry_target_set_libc (t, GANTRY_LIBC_GNU);
  gantry_target_set_glibc_floor (t, spec.glibc_floor);
  return gantry_target_get_key (t);
}

static void
gantry_doctor_row_finalize (GObject *object)
{
  GantryDoctorRow *self = (GantryDoctorRow *) object;

  g_free (self->target);
  g_free (self->key);
  g_clear_pointer (&self->result, gantry_doctor_result_free);
  G_OBJECT_CLASS (gantry_doctor_row_parent_class)->finalize (object);
}

static void
gantry_doctor_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GantryDoctorRow *self = GANTRY_DOCTOR_ROW (object);
  const GantryDoctorResult *r = self->state == GANTRY_DOCTOR_DONE ? self->result : NULL;
  gboolean done = r != NULL;

  switch (prop_id)
    {
    case D_PROP_TARGET: g_value_set_string (value, self->target); break;
    case D_PROP_KEY: g_value_set_string (value, self->key); break;
    case D_PROP_STATE: g_value_set_string (value, doctor_row_state_name (self)); break;
    case D_PROP_MARK:
      g_value_set_string (value, self->state == GANTRY_DOCTOR_WAITING ? "·" :
                                 self->state == GANTRY_DOCTOR_CHECKING ? "…" :
                                 self->state == GANTRY_DOCTOR_CANCELLED ? "–" :
                                 done && r->ok ? "✓" : "✗");
      break;
    case D_PROP_STATUS:
      g_value_set_string (value, self->state == GANTRY_DOCTOR_WAITING ? "Waiting" :
                                 self->state == GANTRY_DOCTOR_CHECKING ? "Checking…" :
                                 self->state == GANTRY_DOCTOR_CANCELLED ? "Cancelled" :
                                 done && r->ok ? "Builds" : "Does not build");
      break;
    case D_PROP_OK: g_value_set_boolean (value, done && r->ok); break;
    case D_PROP_FAILED: g_value_set_boolean (value, doctor_row_failed (self)); break;
    case D_PROP_COMPILER:
      g_value_set_string (value, !done ? NULL : r->compiler ? r->compiler : "no compiler");
      break;
    case D_PROP_CC: g_value_set_string (value, done ? r->cc : NULL); break;
    case D_PROP_TIME:
      g_value_take_string (value, done ? g_strdup_printf ("%.1f s", r->seconds) : NULL);
      break;
    case D_PROP_SUMMARY:
      {
        g_autofree char *summary = doctor_row_summary (self);
        g_value_take_string (value, gantry_toolchain_window_text (summary));
      }
      break;
    /* what ran and the tool's own words, as they were */
    case D_PROP_DETAILS: g_value_take_string (value, doctor_row_details (self)); break;
    case D_PROP_REASON: g_value_set_string (value, done ? r->reason : NULL); break;
    case D_PROP_STEP: g_value_set_string (value, done ? r->step : NULL); break;
    case D_PROP_EXPLANATION: g_value_set_string (value, done ? r->explanation : NULL); break;
    case D_PROP_OUTPUT: g_value_set_string (value, done ? r->output : NULL); break;
    case D_PROP_COMMAND: g_value_set_string (value, done ? r->command : NULL); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_doctor_row_class_init (GantryDoctorRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gantry_doctor_row_finalize;
  object_class->get_property = gantry_doctor_row_get_property;

  d_properties[D_PROP_TARGET] = g_param_spec_string ("target", NULL, NULL, NULL, flags);
  d_properties[D_PROP_KEY] = g_param_spec_string ("key", NULL, NULL, NULL, flags);
  d_properties[D_PROP_STATE] = g_param_spec_string ("state", NULL, NULL, NULL, flags);
  d_properties[D_PROP_MARK] = g_param_spec_string ("mark", NULL, NULL, NULL, flags);
  d_properties[D_PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);
  d_properties[D_PROP_OK] = g_param_spec_boolean ("ok", NULL, NULL, FALSE, flags);
  d_properties[D_PROP_FAILED] = g_param_spec_boolean ("failed", NULL, NULL, FALSE, flags);
  d_properties[D_PROP_COMPILER] = g_param_spec_string ("compiler", NULL, NULL, NULL, flags);
  d_properties[D_PROP_CC] = g_param_spec_string ("cc", NULL, NULL, NULL, flags);
  d_properties[D_PROP_TIME] = g_param_spec_string ("time", NULL, NULL, NULL, flags);
  d_properties[D_PROP_SUMMARY] = g_param_spec_string ("summary", NULL, NULL, NULL, flags);
  d_properties[D_PROP_DETAILS] = g_param_spec_string ("details", NULL, NULL, NULL, flags);
  d_properties[D_PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, NULL, flags);
  d_properties[D_PROP_STEP] = g_param_spec_string ("step", NULL, NULL, NULL, flags);
  d_properties[D_PROP_EXPLANATION] = g_param_spec_string ("explanation", NULL, NULL, NULL, flags);
  d_properties[D_PROP_OUTPUT] = g_param_spec_string ("output", NULL, NULL, NULL, flags);
  d_properties[D_PROP_COMMAND] = g_param_spec_string ("command", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, D_N_PROPS, d_properties);
}

static void
gantry_doctor_row_init (GantryDoctorRow *self)
{
}

GantryDoctorRow *
gantry_doctor_row_new (const char *target)
{
  GantryDoctorRow *self;

  g_return_val_if_fail (target != NULL, NULL);

  self = g_object_new (GANTRY_TYPE_DOCTOR_ROW, NULL);
  self->target = g_strdup (target);
  self->key = target_key (target);
  return self;
}

const char *
gantry_doctor_row_get_target (GantryDoctorRow *self)
{
  g_return_val_if_fail (GANTRY_IS_DOCTOR_ROW (self), NULL);
  return self->target;
}

const char *
gantry_doctor_row_get_key (GantryDoctorRow *self)
{
  g_return_val_if_fail (GANTRY_IS_DOCTOR_ROW (self), NULL);
  return self->key;
}

gboolean
gantry_doctor_row_get_spec (GantryDoctorRow   *self,
                            GantryTargetSpec  *out,
                            GError           **error)
{
  g_autoptr(GError) spec_error = NULL;
  g_autoptr(GantryTarget) target = NULL;
  GantryLibc libc;

  g_return_val_if_fail (GANTRY_IS_DOCTOR_ROW (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (gantry_target_spec_parse (self->target, out, &spec_error))
    return TRUE;
  target = gantry_target_parse (self->target, NULL);
  if (target == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&spec_error));
      return FALSE;
    }
  libc = gantry_target_get_libc (target);
  *out = (GantryTargetSpec) {
    .goos = g_strdup (gantry_target_get_goos (target)),
    .goarch = g_strdup (gantry_target_get_goarch (target)),
    .goarm = g_strdup (gantry_target_get_goarm (target)),
    .libc = g_strdup (libc == GANTRY_LIBC_MUSL ? "musl" : libc == GANTRY_LIBC_GNU ? "gnu" : NULL),
    .is_static = gantry_target_get_link_mode (target) == GANTRY_LINK_STATIC,
    .glibc_floor = g_strdup (gantry_target_get_glibc_floor (target)),
  };
  return TRUE;
}

GantryDoctorState
gantry_doctor_row_get_state (GantryDoctorRow *self)
{
  g_return_val_if_fail (GANTRY_IS_DOCTOR_ROW (self), GANTRY_DOCTOR_WAITING);
  return self->state;
}

/* Every property but the target follows the state and the result. */
static void
doctor_row_notify_all (GantryDoctorRow *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = D_PROP_STATE; i < D_N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), d_properties[i]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
gantry_doctor_row_set_state (GantryDoctorRow   *self,
                             GantryDoctorState  state)
{
  g_return_if_fail (GANTRY_IS_DOCTOR_ROW (self));

  if (self->state == state)
    return;
  self->state = state;
  doctor_row_notify_all (self);
}

const GantryDoctorResult *
gantry_doctor_row_get_result (GantryDoctorRow *self)
{
  g_return_val_if_fail (GANTRY_IS_DOCTOR_ROW (self), NULL);
  return self->state == GANTRY_DOCTOR_DONE ? self->result : NULL;
}

/* Copies @result and marks the row done. */
void
gantry_doctor_row_set_result (GantryDoctorRow          *self,
                              const GantryDoctorResult *result)
{
  g_return_if_fail (GANTRY_IS_DOCTOR_ROW (self));
  g_return_if_fail (result != NULL);

  g_clear_pointer (&self->result, gantry_doctor_result_free);
  self->result = gantry_doctor_result_copy (result);
  self->state = GANTRY_DOCTOR_DONE;
  doctor_row_notify_all (self);
}

/* A GListModel of GantryDoctorRow, one per target, all waiting. */
GListModel *
gantry_doctor_model_new (const char * const *targets)
{
  GListStore *store = g_list_store_new (GANTRY_TYPE_DOCTOR_ROW);

  for (guint i = 0; targets != NULL && targets[i] != NULL; i++)
    {
      g_autoptr(GantryDoctorRow) row = gantry_doctor_row_new (targets[i]);
      g_list_store_append (store, row);
    }
  return G_LIST_MODEL (store);
}

/* ------------------------------------------------------------------ */
/* The core's sentences, worded for the window                         */
/* ------------------------------------------------------------------ */

static const char *
kind_title (const char *kind)
{
  if (g_str_equal (kind, "go"))
    return "Go";
  if (g_str_equal (kind, "zig"))
    return "Zig";
  if (g_str_equal (kind, "mingw"))
    return "MinGW-w64";
  return kind;
}

/* The catalog kind @p starts with ("zig" in "zig')"), or NULL. */
static const char *
kind_at (const char *p)
{
  const char * const *kinds = gantry_catalog_get_kinds ();

  for (guint i = 0; kinds[i] != NULL; i++)
    {
      gsize len = strlen (kinds[i]);

      if (strncmp (p, kinds[i], len) == 0 && !g_ascii_isalnum (p[len]) && p[len] != '-' && p[len] != '@')
        return kinds[i];
    }
  return NULL;
}

/* What the page offers for the command whose verb starts at @verb
 * ("install zig'", "available'"), quoted when the command began with a
 * quote; *@end is just past the command (and its quotes). NULL: a
 * command the page has no button for. */
static char *
button_for (const char  *verb,
            gboolean     quoted,
            const char **end)
{
  const char *p = verb;

  if (g_str_has_prefix (p, "install "))
    {
      g_autoptr(GString) names = g_string_new (NULL);
      const char *kind;

      p += strlen ("install ");
      if ((kind = kind_at (p)) == NULL)
        return NULL;
      g_string_append (names, kind_title (kind));
      p += strlen (kind);
      if (quoted && *p == '\'')
        p++;
      /* "'gantry toolchain install mingw' or 'zig'" */
      while (g_str_has_prefix (p, quoted ? " or '" : " or "))
        {
          const char *alt = p + strlen (quoted ? " or '" : " or ");

          if ((kind = kind_at (alt)) == NULL || (quoted && alt[strlen (kind)] != '\''))
            break;
          g_string_append_printf (names, " or %s", kind_title (kind));
          p = alt + strlen (kind) + (quoted ? 1 : 0);
        }
      *end = p;
      return g_strdup_printf ("Show releases for %s under Available to install", names->str);
    }

  {
    static const struct { const char *verb; const char *button; } verbs[] = {
      { "available", "Show releases" },
      { "list", "Look again" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
      {
        gsize len = strlen (verbs[i].verb);

        if (strncmp (p, verbs[i].verb, len) == 0 && !g_ascii_isalnum (p[len]) && p[len] != ' ')
          {
            p += len;
            if (quoted && *p == '\'')
              p++;
            *end = p;
            return g_strdup (verbs[i].button);
          }
      }
  }

  /* "'gantry toolchain remove go@1.22.1'" */
  if (quoted && g_str_has_prefix (p, "remove ") && strchr (p + strlen ("remove "), '\'') != NULL)
    {
      *end = strchr (p + strlen ("remove "), '\'') + 1;
      return g_strdup ("Remove on its row under On this computer");
    }
  return NULL;
}

char *
gantry_toolchain_window_text (const char *message)
{
  static const char command[] = "gantry toolchain ";
  GString *s;
  const char *p;
  const char *at;

  if (message == NULL)
    return NULL;
  s = g_string_new (NULL);
  p = message;
  while ((at = strstr (p, command)) != NULL)
    {
      gboolean quoted = at > message && at[-1] == '\'';
      const char *end = NULL;
      g_autofree char *button = button_for (at + strlen (command), quoted, &end);

      if (button == NULL)
        {
          g_string_append_len (s, p, at + strlen (command) - p);
          p = at + strlen (command);
          continue;
        }
      g_string_append_len (s, p, (quoted ? at - 1 : at) - p);
      g_string_append (s, button);
      p = end;
    }
  g_string_append (s, p);
  return g_string_free (s, FALSE);
}

/* gantry-verdict-model.c — list models the window shows: the runs-on matrix of a build, a project's past runs */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-verdict-model"

#include "config.h"

#include "gantry-run-model.h"
#include "gantry-verdict-model.h"

/* ------------------------------------------------------------------ */
/* GantryVerdictRow                                                    */
/* ------------------------------------------------------------------ */

enum {
  VERDICT_PROP_0,
  VERDICT_PROP_TARGET,
  VERDICT_PROP_CHECK,
  VERDICT_PROP_PLACE,
  VERDICT_PROP_STATE,
  VERDICT_PROP_MARK,
  VERDICT_PROP_TIME,
  VERDICT_PROP_MESSAGE,
  VERDICT_N_PROPS
};

struct _GantryVerdictRow
{
  GObject parent_instance;

  /* state: one string per property, indexed by property id */
  char *fields[VERDICT_N_PROPS];
};

static GParamSpec *verdict_properties[VERDICT_N_PROPS];

G_DEFINE_FINAL_TYPE (GantryVerdictRow, gantry_verdict_row, G_TYPE_OBJECT)

static void
gantry_verdict_row_finalize (GObject *object)
{
  GantryVerdictRow *self = GANTRY_VERDICT_ROW (object);

  for (guint i = 0; i < VERDICT_N_PROPS; i++)
    g_free (self->fields[i]);

  G_OBJECT_CLASS (gantry_verdict_row_parent_class)->finalize (object);
}

static void
gantry_verdict_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GantryVerdictRow *self = GANTRY_VERDICT_ROW (object);

  if (prop_id > VERDICT_PROP_0 && prop_id < VERDICT_N_PROPS)
    g_value_set_string (value, self->fields[prop_id]);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
gantry_verdict_row_class_init (GantryVerdictRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const char *names[VERDICT_N_PROPS] = { NULL, "target", "check", "place", "state", "mark", "time", "message" };

  object_class->finalize = gantry_verdict_row_finalize;
  object_class->get_property = gantry_verdict_row_get_property;

  for (guint i = 1; i < VERDICT_N_PROPS; i++)
    verdict_properties[i] = g_param_spec_string (names[i], NULL, NULL, NULL,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, VERDICT_N_PROPS, verdict_properties);
}

static void
gantry_verdict_row_init (GantryVerdictRow *self)
{
}

const char *
gantry_verdict_row_get_target (GantryVerdictRow *self)
{
  g_return_val_if_fail (GANTRY_IS_VERDICT_ROW (self), NULL);
  return self->fields[VERDICT_PROP_TARGET];
}

const char *
gantry_verdict_row_get_check (GantryVerdictRow *self)
{
  g_return_val_if_fail (GANTRY_IS_VERDICT_ROW (self), NULL);
  return self->fields[VERDICT_PROP_CHECK];
}

const char *
gantry_verdict_row_get_place (GantryVerdictRow *self)
{
  g_return_val_if_fail (GANTRY_IS_VERDICT_ROW (self), NULL);
  return self->fields[VERDICT_PROP_PLACE];
}

const char *
gantry_verdict_row_get_state (GantryVerdictRow *self)
{
  g_return_val_if_fail (GANTRY_IS_VERDICT_ROW (self), NULL);
  return self->fields[VERDICT_PROP_STATE];
}

const char *
gantry_verdict_row_get_message (GantryVerdictRow *self)
{
  g_return_val_if_fail (GANTRY_IS_VERDICT_ROW (self), NULL);
  return self->fields[VERDICT_PROP_MESSAGE];
}

static GantryVerdictRow *
verdict_row_new (const GantryVerdict *verdict)
{
  GantryVerdictRow *row = g_object_new (GANTRY_TYPE_VERDICT_ROW, NULL);
  const char *marks[] = { "✓", "✗", "skipped" };

  row->fields[VERDICT_PROP_TARGET] = g_strdup (verdict->target);
  row->fields[VERDICT_PROP_CHECK] = g_strdup (verdict->check);
  row->fields[VERDICT_PROP_PLACE] = g_strdup (verdict->place);
  row->fields[VERDICT_PROP_STATE] = g_strdup (gantry_verdict_state_to_string (verdict->state));
  row->fields[VERDICT_PROP_MARK] = g_strdup (verdict->state <= GANTRY_VERDICT_SKIPPED ? marks[verdict->state] : "?");
  row->fields[VERDICT_PROP_TIME] = verdict->seconds > 0
    ? gantry_format_duration ((gint64) (verdict->seconds * G_USEC_PER_SEC)) : g_strdup ("");
  if (verdict->output != NULL && verdict->output[0] != '\0')
    row->fields[VERDICT_PROP_MESSAGE] = g_strdup_printf ("%s\n\nIt printed:\n%s",
                                                         verdict->message ? verdict->message : "",
                                                         verdict->output);
  else
    row->fields[VERDICT_PROP_MESSAGE] = g_strdup (verdict->message ? verdict->message : "");
  return row;
}

GListStore *
gantry_verdict_rows_new (GPtrArray *matrix)
{
  GListStore *rows = g_list_store_new (GANTRY_TYPE_VERDICT_ROW);

  if (matrix == NULL)
    return rows;
  /* where it really ran first, then the static facts */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < matrix->len; i++)
      {
        const GantryVerdict *verdict = g_ptr_array_index (matrix, i);
        gboolean is_run = g_strcmp0 (verdict->check, "run") == 0;

        if (is_run == (pass == 0))
          {
            g_autoptr(GantryVerdictRow) row = verdict_row_new (verdict);

            g_list_store_append (rows, row);
          }
      }
  return rows;
}

char *
gantry_verdict_rows_summary (GPtrArray *matrix)
{
  if (matrix == NULL || matrix->len == 0)
    return g_strdup ("Nothing was checked.");
  return g_strdup_printf ("%u passed · %u failed · %u skipped",
                          gantry_verify_count (matrix, GANTRY_VERDICT_PASS),
                          gantry_verify_count (matrix, GANTRY_VERDICT_FAIL),
                          gantry_verify_count (matrix, GANTRY_VERDICT_SKIPPED));
}

/* ------------------------------------------------------------------ */
/* The image list of the verification settings                         */
/* ------------------------------------------------------------------ */

static const GantryImagePreset presets[] = {
  { "alpine:3.19", "alpine:3.19 (musl)" },
  { "debian:12-slim", "debian:12-slim (glibc 2.36)" },
  { "ubuntu:20.04", "ubuntu:20.04 (glibc 2.31)" },
  { "centos:7", "centos:7 (glibc 2.17)" },
};

const GantryImagePreset *
gantry_image_presets (guint *n_presets)
{
  g_return_val_if_fail (n_presets != NULL, NULL);
  *n_presets = G_N_ELEMENTS (presets);
  return presets;
}

char **
gantry_images_add (const char * const *images,
                   const char         *image,
                   GError            **error)
{
  g_autofree char *name = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (image != NULL, NULL);

  name = g_strstrip (g_strdup (image));
  if (!gantry_recipe_check_image_name (name, error))
    return NULL;
  if (images != NULL && g_strv_contains (images, name))
    {
      g_set_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID,
                   "'%s' is in the list already.", name);
      return NULL;
    }
  if (images != NULL)
    g_strv_builder_addv (builder, (const char **) images);
  g_strv_builder_add (builder, name);
  return g_strv_builder_end (builder);
}

char **
gantry_images_remove (const char * const *images,
                      const char         *image)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint kept = 0;

  g_return_val_if_fail (image != NULL, NULL);

  for (guint i = 0; images != NULL && images[i] != NULL; i++)
    if (!g_str_equal (images[i], image))
      {
        g_strv_builder_add (builder, images[i]);
        kept++;
      }
  if (kept == 0)
    return NULL;
  return g_strv_builder_end (builder);
}

/* ------------------------------------------------------------------ */
/* GantryHistoryRow                                                    */
/* ------------------------------------------------------------------ */

enum {
  HISTORY_PROP_0,
  HISTORY_PROP_WHEN,
  HISTORY_PROP_DURATION,
  HISTORY_PROP_STATE,
  HISTORY_PROP_STEPS,
  HISTORY_PROP_TARGETS,
  HISTORY_PROP_PROBLEM,
  HISTORY_PROP_ID,
  HISTORY_N_PROPS
};

struct _GantryHistoryRow
{
  GObject parent_instance;

  /* state */
  char *fields[HISTORY_PROP_PROBLEM];
  gboolean problem;
  gint64 id;
};

static GParamSpec *history_properties[HISTORY_N_PROPS];

G_DEFINE_FINAL_TYPE (GantryHistoryRow, gantry_history_row, G_TYPE_OBJECT)

static void
gantry_history_row_finalize (GObject *object)
{
  GantryHistoryRow *self = GANTRY_HISTORY_ROW (object);

  for (guint i = 0; i < HISTORY_PROP_PROBLEM; i++)
    g_free (self->fields[i]);

  G_OBJECT_CLASS (gantry_history_row_parent_class)->finalize (object);
}

static void
gantry_history_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GantryHistoryRow *self = GANTRY_HISTORY_ROW (object);

  if (prop_id == HISTORY_PROP_ID)
    g_value_set_int64 (value, self->id);
  else if (prop_id == HISTORY_PROP_PROBLEM)
    g_value_set_boolean (value, self->problem);
  else if (prop_id > HISTORY_PROP_0 && prop_id < HISTORY_PROP_PROBLEM)
    g_value_set_string (value, self->fields[prop_id]);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
gantry_history_row_class_init (GantryHistoryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const char *names[HISTORY_PROP_PROBLEM] = { NULL, "when", "duration", "state", "steps", "targets" };

  object_class->finalize = gantry_history_row_finalize;
  object_class->get_property = gantry_history_row_get_property;

  for (guint i = 1; i < HISTORY_PROP_PROBLEM; i++)
    history_properties[i] = g_param_spec_string (names[i], NULL, NULL, NULL,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  history_properties[HISTORY_PROP_PROBLEM] =
    g_param_spec_boolean ("problem", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  history_properties[HISTORY_PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, HISTORY_N_PROPS, history_properties);
}

static void
gantry_history_row_init (GantryHistoryRow *self)
{
}

gint64
gantry_history_row_get_id (GantryHistoryRow *self)
{
  g_return_val_if_fail (GANTRY_IS_HISTORY_ROW (self), 0);
  return self->id;
}

const char *
gantry_history_row_get_state (GantryHistoryRow *self)
{
  g_return_val_if_fail (GANTRY_IS_HISTORY_ROW (self), NULL);
  return self->fields[HISTORY_PROP_STATE];
}

const char *
gantry_history_row_get_steps (GantryHistoryRow *self)
{
  g_return_val_if_fail (GANTRY_IS_HISTORY_ROW (self), NULL);
  return self->fields[HISTORY_PROP_STEPS];
}

const char *
gantry_history_row_get_targets (GantryHistoryRow *self)
{
  g_return_val_if_fail (GANTRY_IS_HISTORY_ROW (self), NULL);
  return self->fields[HISTORY_PROP_TARGETS];
}

gboolean
gantry_history_row_get_problem (GantryHistoryRow *self)
{
  g_return_val_if_fail (GANTRY_IS_HISTORY_ROW (self), FALSE);
  return self->problem;
}

/* "✓ linux/amd64  ✗ windows/arm64": the targets that passed, then those
 * that did not; "none built" when the run ended before any. */
static char *
targets_text (const GantryRunInfo *info)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; info->targets_passed[i] != NULL; i++)
    g_string_append_printf (text, "%s✓ %s", text->len ? "   " : "", info->targets_passed[i]);
  for (guint i = 0; info->targets_failed[i] != NULL; i++)
    g_string_append_printf (text, "%s✗ %s", text->len ? "   " : "", info->targets_failed[i]);
  if (text->len == 0)
    g_string_append (text, g_strcmp0 (info->state, "running") == 0 ? "building…" : "none built");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

GListStore *
gantry_history_rows_load (GantryStore *store,
                          gint64       project_id,
                          GError     **error)
{
  g_autoptr(GListStore) rows = g_list_store_new (GANTRY_TYPE_HISTORY_ROW);
  g_autoptr(GPtrArray) runs = NULL;

  g_return_val_if_fail (GANTRY_IS_STORE (store), NULL);

  runs = gantry_history_list_runs (store, project_id, error);
  if (runs == NULL)
    return NULL;
  for (guint i = 0; i < runs->len; i++)
    {
      const GantryRunInfo *info = g_ptr_array_index (runs, i);
      g_autoptr(GantryHistoryRow) row = g_object_new (GANTRY_TYPE_HISTORY_ROW, NULL);
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (info->started_at / 1000);

      row->id = info->id;
      row->fields[HISTORY_PROP_WHEN] = when ? g_date_time_format (when, "%Y-%m-%d %H:%M:%S") : g_strdup ("");
      row->fields[HISTORY_PROP_DURATION] = info->finished_at > 0
        ? gantry_format_duration ((info->finished_at - info->started_at) * 1000)
        : g_strdup ("—");
      row->fields[HISTORY_PROP_STATE] = g_strdup (info->state);
      row->fields[HISTORY_PROP_STEPS] = g_strdup_printf ("%u of %u ok", info->n_ok, info->n_steps);
      row->fields[HISTORY_PROP_TARGETS] = targets_text (info);
      row->problem = info->targets_failed[0] != NULL;
      g_list_store_append (rows, row);
    }
  return g_steal_pointer (&rows);
}

/* gantry-compare-model.c — two binaries side by side, for gantry inspect --compare and the window: their facts, which pair to show, where each ran */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-compare-model"

#include "config.h"

#include <string.h>

#include "gantry-compare-model.h"
#include "gantry-history.h"

struct _GantryCompareRow
{
  GObject parent_instance;

  char *key;
  char *name;
  char *left;
  char *right;
  gboolean differs;
};

enum {
  PROP_0,
  PROP_KEY,
  PROP_NAME,
  PROP_LEFT,
  PROP_RIGHT,
  PROP_DIFFERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (GantryCompareRow, gantry_compare_row, G_TYPE_OBJECT)

const char *gantry_compare_row_get_key (GantryCompareRow *self) { return self->key; }
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
    case PROP_KEY: g_value_set_string (value, self->key); break;
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

  g_free (self->key);
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

  properties[PROP_KEY] = g_param_spec_string ("key", NULL, NULL, NULL, ro);
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

/* Takes @left and @right; NULL reads "—". */
static GantryCompareRow *
row_new (const char *key,
         const char *name,
         char       *left,
         char       *right)
{
  GantryCompareRow *row = g_object_new (GANTRY_TYPE_COMPARE_ROW, NULL);

  row->key = g_strdup (key);
  row->name = g_strdup (name);
  row->left = left ? left : g_strdup ("—");
  row->right = right ? right : g_strdup ("—");
  row->differs = g_strcmp0 (row->left, row->right) != 0;
  return row;
}

/* ------------------------------------------------------------------ */
/* The facts                                                           */
/* ------------------------------------------------------------------ */

/* Each fact as text, NULL when the binary has none. */
typedef char *(*DescribeFunc) (GantryBinary *b);

static char *
dup_or_null (const char *s)
{
  return s != NULL && s[0] != '\0' ? g_strdup (s) : NULL;
}

static char *
lines_or_null (GPtrArray *values)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; values != NULL && i < values->len; i++)
    g_string_append_printf (s, "%s%s", s->len ? "\n" : "", (const char *) g_ptr_array_index (values, i));
  return s->len ? g_string_free (g_steal_pointer (&s), FALSE) : NULL;
}

static char *
describe_format (GantryBinary *b)
{
  const char *type = gantry_binary_get_file_type (b);

  return g_strdup_printf ("%s, %s", gantry_binary_get_format_detail (b), type ? type : "—");
}

static char *
describe_target (GantryBinary *b)
{
  return gantry_binary_dup_target (b);
}

static char *
describe_linkage (GantryBinary *b)
{
  return g_strdup (gantry_linkage_to_string (gantry_binary_get_linkage (b)));
}

static char *
describe_interpreter (GantryBinary *b)
{
  return dup_or_null (gantry_binary_get_interpreter (b));
}

static char *
describe_libc (GantryBinary *b)
{
  return dup_or_null (gantry_binary_get_libc (b));
}

static char *
describe_glibc (GantryBinary *b)
{
  return dup_or_null (gantry_binary_get_glibc_floor (b));
}

static char *
describe_glibcxx (GantryBinary *b)
{
  return dup_or_null (gantry_binary_get_glibcxx_floor (b));
}

static char *
describe_needed (GantryBinary *b)
{
  return lines_or_null (gantry_binary_get_needed (b));
}

/* Imported DLLs, one a line, each saying whether it must ship beside the exe. */
static char *
describe_imports (GantryBinary *b)
{
  GPtrArray *imports = gantry_binary_get_imports (b);
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; imports != NULL && i < imports->len; i++)
    {
      const GantryImport *imp = g_ptr_array_index (imports, i);

      g_string_append_printf (s, "%s%s", s->len ? "\n" : "", imp->name);
      if (imp->kind == GANTRY_DLL_MINGW_RUNTIME)
        g_string_append (s, " (MinGW runtime: ship it)");
      else if (imp->kind == GANTRY_DLL_OTHER)
        g_string_append (s, " (ship it)");
      if (imp->delay_load)
        g_string_append (s, " (delay-loaded)");
    }
  return s->len ? g_string_free (g_steal_pointer (&s), FALSE) : NULL;
}

static char *
describe_rpath (GantryBinary *b)
{
  return lines_or_null (gantry_binary_get_rpath (b));
}

static char *
describe_runpath (GantryBinary *b)
{
  return lines_or_null (gantry_binary_get_runpath (b));
}

static char *
describe_stripped (GantryBinary *b)
{
  return g_strdup (gantry_binary_get_stripped (b) ? "yes" : "no");
}

static char *
describe_dwarf (GantryBinary *b)
{
  return g_strdup (gantry_binary_get_has_dwarf (b) ? "yes" : "no");
}

static char *
describe_file_size (GantryBinary *b)
{
  return g_format_size (gantry_binary_get_file_size (b));
}

static char *
describe_go (GantryBinary *b)
{
  return gantry_binary_get_is_go (b) ? dup_or_null (gantry_binary_get_go_version (b)) : NULL;
}

static char *
describe_go_path (GantryBinary *b)
{
  return dup_or_null (gantry_binary_get_go_path (b));
}

/* The key is what `gantry inspect --compare` prints and its JSON lists
 * under "differences": scripts rely on it, so it never changes. */
static const struct
{
  const char   *key;
  const char   *name;
  DescribeFunc  describe;
} facts[] = {
  { "format", "Format", describe_format },
  { "target", "Platform", describe_target },
  { "linkage", "Linking", describe_linkage },
  { "interpreter", "Interpreter", describe_interpreter },
  { "libc", "C library", describe_libc },
  { "glibc floor", "Highest GLIBC", describe_glibc },
  { "glibcxx floor", "Highest GLIBCXX", describe_glibcxx },
  { "needed", "Needs libraries", describe_needed },
  { "imports", "Imports DLLs", describe_imports },
  { "rpath", "RPATH", describe_rpath },
  { "runpath", "RUNPATH", describe_runpath },
  { "stripped", "Stripped", describe_stripped },
  { "dwarf", "Debug info (DWARF)", describe_dwarf },
  { "file size", "File size", describe_file_size },
  { "go", "Go version", describe_go },
  { "go path", "Go package", describe_go_path },
};

static void
append_row (GListStore *rows,
            const char *key,
            const char *name,
            char       *left,
            char       *right)
{
  g_autoptr(GantryCompareRow) row = row_new (key, name, left, right);

  g_list_store_append (rows, row);
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
  for (guint i = 0; i < G_N_ELEMENTS (facts); i++)
    append_row (rows, facts[i].key, facts[i].name, facts[i].describe (left), facts[i].describe (right));

  for (guint g = 0; g < GANTRY_SECTION_GROUP_N; g++)
    {
      const char *group = gantry_section_group_to_string (g);
      g_autofree char *key = g_strdup_printf ("size %s", group);
      g_autofree char *name = g_strdup_printf ("Size: %s", group);

      append_row (rows, key, name, g_format_size (gantry_binary_get_group_size (left, g)),
                  g_format_size (gantry_binary_get_group_size (right, g)));
    }

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
      const char *setting = g_ptr_array_index (keys, k);
      g_autofree char *key = g_strdup_printf ("build %s", setting);
      g_autofree char *name = g_strdup_printf ("Go: %s", setting);

      append_row (rows, key, name, g_strdup (gantry_binary_get_go_setting (left, setting)),
                  g_strdup (gantry_binary_get_go_setting (right, setting)));
    }
  return rows;
}

/* ------------------------------------------------------------------ */
/* The binaries to choose from                                         */
/* ------------------------------------------------------------------ */

GantryCompareChoice *
gantry_compare_choice_new (const char   *target,
                           const char   *path,
                           GantryBinary *binary)
{
  GantryCompareChoice *choice;

  g_return_val_if_fail (target != NULL, NULL);
  g_return_val_if_fail (GANTRY_IS_BINARY (binary), NULL);

  choice = g_new0 (GantryCompareChoice, 1);
  choice->target = g_strdup (target);
  choice->label = g_strdup (target);
  choice->path = g_strdup (path);
  choice->facts = g_object_ref (binary);
  return choice;
}

void
gantry_compare_choice_free (GantryCompareChoice *choice)
{
  if (choice == NULL)
    return;
  g_free (choice->target);
  g_free (choice->label);
  g_free (choice->path);
  g_clear_object (&choice->facts);
  g_free (choice);
}

static GPtrArray *
choices_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_compare_choice_free);
}

GPtrArray *
gantry_compare_choices_from_build (GantryBuild *build)
{
  GantryPlan *plan;
  GPtrArray *choices;

  g_return_val_if_fail (GANTRY_IS_BUILD (build), NULL);

  plan = gantry_build_get_plan (build);
  choices = choices_new ();
  for (guint i = 0; i < gantry_build_get_n_results (build); i++)
    {
      const GantryTargetResult *r = gantry_build_get_result (build, i);
      const char *target = r->target;

      if (r->facts == NULL)
        continue;
      if (target == NULL)
        target = gantry_plan_get_step (plan, i)->target;
      g_ptr_array_add (choices, gantry_compare_choice_new (target ? target : "", r->binary, r->facts));
    }
  return choices;
}

/* What the label adds to the target: " · program", or "". */
static const char *
label_program (const GantryCompareChoice *c)
{
  if (c->label == NULL || !g_str_has_prefix (c->label, c->target))
    return "";
  return c->label + strlen (c->target);
}

gboolean
gantry_compare_pick_choices (GPtrArray *choices,
                             guint     *left,
                             guint     *right)
{
  g_return_val_if_fail (left != NULL && right != NULL, FALSE);

  if (choices == NULL || choices->len < 2)
    return FALSE;

  /* a dynamic and a static build of one platform: the pair people ask about */
  for (guint i = 0; i < choices->len; i++)
    for (guint j = 0; j < choices->len; j++)
      {
        const GantryCompareChoice *a = g_ptr_array_index (choices, i);
        const GantryCompareChoice *b = g_ptr_array_index (choices, j);
        g_autofree char *pa = NULL;

        if (i == j || a->facts == NULL || b->facts == NULL || a->target == NULL || b->target == NULL)
          continue;
        if (gantry_binary_get_linkage (a->facts) != GANTRY_LINKAGE_DYNAMIC ||
            gantry_binary_get_linkage (b->facts) == GANTRY_LINKAGE_DYNAMIC)
          continue;
        /* of one program, when the labels name the programs */
        if (label_program (a)[0] != '\0' && label_program (b)[0] != '\0' &&
            !g_str_equal (label_program (a), label_program (b)))
          continue;
        /* same os/arch: the keys share what comes before "/static" or "@" */
        pa = g_strndup (a->target, strcspn (a->target, "@"));
        if (g_str_has_prefix (b->target, pa))
          {
            *left = i;
            *right = j;
            return TRUE;
          }
      }

  *left = 0;
  *right = 1;
  return TRUE;
}

/* Reading a recorded run's binaries again */

typedef struct
{
  GantryStore *store;
  gint64 run_id;
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_clear_object (&job->store);
  g_free (job);
}

/* Whether two or more binaries of the run share a target. */
static gboolean
several_per_target (GPtrArray *artifacts)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < artifacts->len; i++)
    {
      const GantryArtifactRecord *a = g_ptr_array_index (artifacts, i);

      if (g_strcmp0 (a->kind, "binary") != 0 || a->target == NULL)
        continue;
      if (!g_hash_table_add (seen, a->target))
        return TRUE;
    }
  return FALSE;
}

static void
load_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryRunInfo) info = NULL;
  g_autoptr(GPtrArray) artifacts = NULL;
  g_autoptr(GPtrArray) choices = choices_new ();
  gboolean name_programs;

  if ((info = gantry_history_get_run (job->store, job->run_id, &error)) != NULL)
    artifacts = gantry_history_list_artifacts (job->store, job->run_id, &error);
  /* done with the store: the caller may close it as soon as it has the answer */
  g_clear_object (&job->store);
  if (artifacts == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  name_programs = several_per_target (artifacts);
  for (guint i = 0; i < artifacts->len; i++)
    {
      const GantryArtifactRecord *a = g_ptr_array_index (artifacts, i);
      g_autoptr(GantryBinary) binary = NULL;
      g_autoptr(GError) inspect_error = NULL;
      GantryCompareChoice *choice;

      if (g_task_return_error_if_cancelled (task))
        return;
      if (g_strcmp0 (a->kind, "binary") != 0 || a->path == NULL)
        continue;
      /* gone since the run (cleaned, rebuilt elsewhere): left out */
      if (!g_file_test (a->path, G_FILE_TEST_IS_REGULAR))
        continue;
      if ((binary = gantry_inspect_path (a->path, &inspect_error)) == NULL)
        {
          g_debug ("Leaving %s out of the comparison: %s", a->path, inspect_error->message);
          continue;
        }
      choice = gantry_compare_choice_new (a->target ? a->target : "", a->path, binary);
      if (name_programs)
        {
          g_autofree char *program = g_path_get_basename (a->path);

          g_free (choice->label);
          choice->label = g_strdup_printf ("%s · %s", choice->target, program);
        }
      g_ptr_array_add (choices, choice);
    }
  g_task_return_pointer (task, g_steal_pointer (&choices), (GDestroyNotify) g_ptr_array_unref);
}

void
gantry_compare_choices_load_async (GantryStore         *store,
                                   gint64               run_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadJob *job;

  g_return_if_fail (GANTRY_IS_STORE (store));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = g_new0 (LoadJob, 1);
  job->store = g_object_ref (store);
  job->run_id = run_id;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_compare_choices_load_async);
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  g_task_run_in_thread (task, load_worker);
}

GPtrArray *
gantry_compare_choices_load_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gantry_compare_choices_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Where they ran                                                      */
/* ------------------------------------------------------------------ */

static char *
row_name_of (const char *place)
{
  const char *image = gantry_verify_place_image (place);

  if (image != NULL)
    return g_strdup_printf ("Container %s", image);
  if (gantry_verify_place_is_container (place))
    return g_strdup ("Containers");
  return g_strdup ("This machine");
}

static char *
first_line (const char *text)
{
  return g_strndup (text, strcspn (text, "\n"));
}

/* "✓ natively", "✗ under qemu-aarch64: exit 127 …", "skipped: …" */
static char *
run_words (const GantryVerdict *v)
{
  g_autofree char *line = first_line (v->message ? v->message : "");
  const char *how = "";
  g_autofree char *how_owned = NULL;

  if (v->state == GANTRY_VERDICT_SKIPPED)
    return g_str_has_prefix (line, "skipped") ? g_steal_pointer (&line) : g_strdup_printf ("skipped: %s", line);
  if (g_str_equal (v->place, "native"))
    how = " natively";
  else if (!gantry_verify_place_is_container (v->place))
    how = how_owned = g_strdup_printf (" under %s", v->place);
  if (v->state == GANTRY_VERDICT_PASS)
    return g_strdup_printf ("✓%s", how);
  /* "✗ natively: why" here, "✗ why" in a container's own row */
  return g_strdup_printf ("✗%s%s%s", how, !line[0] ? "" : how[0] ? ": " : " ", line);
}

/* The static checks of one target in one cell: "✓ 6 passed" or "✗ linkage, libc". */
static char *
file_checks_words (GPtrArray         *matrix,
                   const char        *target,
                   GantryVerdictState *state)
{
  g_autoptr(GString) failed = g_string_new (NULL);
  guint passed = 0, skipped = 0;

  for (guint i = 0; i < matrix->len; i++)
    {
      const GantryVerdict *v = g_ptr_array_index (matrix, i);

      if (g_strcmp0 (v->target, target) != 0 || g_strcmp0 (v->check, "run") == 0)
        continue;
      if (v->state == GANTRY_VERDICT_FAIL)
        g_string_append_printf (failed, "%s%s", failed->len ? ", " : "", v->check);
      else if (v->state == GANTRY_VERDICT_PASS)
        passed++;
      else
        skipped++;
    }
  if (failed->len > 0)
    {
      *state = GANTRY_VERDICT_FAIL;
      return g_strdup_printf ("✗ %s", failed->str);
    }
  if (passed == 0 && skipped == 0)
    return NULL;
  *state = passed > 0 ? GANTRY_VERDICT_PASS : GANTRY_VERDICT_SKIPPED;
  if (skipped > 0)
    return g_strdup_printf ("✓ %u passed, %u skipped", passed, skipped);
  return g_strdup_printf ("✓ %u passed", passed);
}

typedef struct
{
  char *name;
  char *cell[2];
  int   state[2];   /* GantryVerdictState, or -1: not tried there */
} RunsOnRow;

static void
runs_on_row_free (RunsOnRow *r)
{
  g_free (r->name);
  g_free (r->cell[0]);
  g_free (r->cell[1]);
  g_free (r);
}

static RunsOnRow *
runs_on_row (GPtrArray  *rows,
             const char *name)
{
  RunsOnRow *r;

  for (guint i = 0; i < rows->len; i++)
    {
      r = g_ptr_array_index (rows, i);
      if (g_str_equal (r->name, name))
        return r;
    }
  r = g_new0 (RunsOnRow, 1);
  r->name = g_strdup (name);
  r->state[0] = r->state[1] = -1;
  g_ptr_array_add (rows, r);
  return r;
}

GListStore *
gantry_compare_runs_on_new (GPtrArray  *matrix,
                            const char *left_target,
                            const char *right_target)
{
  GListStore *store = g_list_store_new (GANTRY_TYPE_COMPARE_ROW);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) runs_on_row_free);
  const char *targets[2] = { left_target, right_target };

  g_return_val_if_fail (left_target != NULL && right_target != NULL, store);

  if (matrix == NULL)
    return store;

  runs_on_row (rows, "File checks");
  runs_on_row (rows, "This machine");
  for (guint side = 0; side < 2; side++)
    {
      RunsOnRow *files = g_ptr_array_index (rows, 0);
      GantryVerdictState state = GANTRY_VERDICT_SKIPPED;

      files->cell[side] = file_checks_words (matrix, targets[side], &state);
      if (files->cell[side] != NULL)
        files->state[side] = state;

      for (guint i = 0; i < matrix->len; i++)
        {
          const GantryVerdict *v = g_ptr_array_index (matrix, i);
          g_autofree char *name = NULL;
          RunsOnRow *r;

          if (g_strcmp0 (v->target, targets[side]) != 0 || g_strcmp0 (v->check, "run") != 0 || v->place == NULL)
            continue;
          name = row_name_of (v->place);
          r = runs_on_row (rows, name);
          /* one place per row and side; a second one (never expected) is added on */
          if (r->cell[side] == NULL)
            {
              r->cell[side] = run_words (v);
              r->state[side] = v->state;
            }
          else
            {
              g_autofree char *more = run_words (v);
              char *joined = g_strdup_printf ("%s\n%s", r->cell[side], more);

              g_free (r->cell[side]);
              r->cell[side] = joined;
              if (v->state == GANTRY_VERDICT_FAIL)
                r->state[side] = GANTRY_VERDICT_FAIL;
            }
        }
    }

  for (guint i = 0; i < rows->len; i++)
    {
      RunsOnRow *r = g_ptr_array_index (rows, i);
      g_autoptr(GantryCompareRow) row = NULL;

      if (r->cell[0] == NULL && r->cell[1] == NULL)
        continue;
      row = row_new (r->name, r->name, g_steal_pointer (&r->cell[0]), g_steal_pointer (&r->cell[1]));
      row->differs = r->state[0] != r->state[1];
      g_list_store_append (store, row);
    }
  return store;
}

/* gantry-verify.c — checks per artifact: the verdict type, and what to check after a build, in a run, in a folder */
/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The checks themselves live beside this file: gantry-verify-host.c
 * (what this machine can run with), -static.c (facts against the
 * promise), -run.c (native, qemu, wine, containers), -diagnose.c (a
 * failed run in plain words), -store.c (the history), -reproducible.c
 * (the rebuild) and -report.c (text and JSON). */
#define G_LOG_DOMAIN "gantry-verify"

#include "config.h"

#include <string.h>

#include "gantry-recipe.h"
#include "gantry-verify-private.h"

G_DEFINE_QUARK (gantry-verify-error-quark, gantry_verify_error)

const char *
gantry_verdict_state_to_string (GantryVerdictState state)
{
  switch (state)
    {
    case GANTRY_VERDICT_PASS: return "pass";
    case GANTRY_VERDICT_FAIL: return "fail";
    case GANTRY_VERDICT_SKIPPED:
    default: return "skipped";
    }
}

const char *
gantry_verify_place_image (const char *place)
{
  if (place != NULL && (g_str_has_prefix (place, "docker:") || g_str_has_prefix (place, "podman:")))
    return strchr (place, ':') + 1;
  return NULL;
}

gboolean
gantry_verify_place_is_container (const char *place)
{
  return gantry_verify_place_image (place) != NULL ||
         g_strcmp0 (place, "container") == 0 || g_strcmp0 (place, "docker") == 0 ||
         g_strcmp0 (place, "podman") == 0;
}

void
gantry_verdict_free (GantryVerdict *verdict)
{
  if (verdict == NULL)
    return;
  g_free (verdict->target);
  g_free (verdict->path);
  g_free (verdict->check);
  g_free (verdict->place);
  g_free (verdict->message);
  g_free (verdict->output);
  g_clear_pointer (&verdict->command, gantry_step_free);
  g_free (verdict);
}

GPtrArray *
gantry_verify_matrix_commands (GPtrArray *matrix)
{
  GPtrArray *commands = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_step_free);

  for (guint i = 0; matrix != NULL && i < matrix->len; i++)
    {
      const GantryVerdict *v = g_ptr_array_index (matrix, i);

      if (v->command != NULL)
        g_ptr_array_add (commands, gantry_step_copy (v->command));
    }
  return commands;
}

GantryVerdict *
_gantry_verdict_add (GPtrArray          *verdicts,
                     const char         *target,
                     const char         *path,
                     const char         *check,
                     const char         *place,
                     GantryVerdictState  state,
                     char               *message)
{
  GantryVerdict *v = g_new0 (GantryVerdict, 1);

  v->target = g_strdup (target);
  v->path = g_strdup (path);
  v->check = g_strdup (check);
  v->place = g_strdup (place);
  v->state = state;
  v->message = message;
  g_ptr_array_add (verdicts, v);
  return v;
}

/* ------------------------------------------------------------------ */
/* One binary                                                          */
/* ------------------------------------------------------------------ */

GPtrArray *
gantry_verify_artifact (GantryVerifyHost          *host,
                        const char                *path,
                        GantryBinary              *facts,
                        const GantryVerifyPromise *promise,
                        const GantryVerifyOptions *options,
                        GCancellable              *cancellable)
{
  static const GantryVerifyOptions defaults = { 0 };
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_verdict_free);
  g_autofree char *key = NULL;

  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (GANTRY_IS_BINARY (facts), NULL);
  g_return_val_if_fail (promise != NULL && GANTRY_IS_TARGET (promise->target), NULL);

  if (options == NULL)
    options = &defaults;
  key = gantry_target_get_key (promise->target);

  gantry_verify_static (facts, promise, options, out);
  if (options->static_only)
    return g_steal_pointer (&out);

  _gantry_verify_run_local_checks (host, key, path, facts, promise->target, options, out, cancellable);
  _gantry_verify_run_container_checks (host, key, path, facts, promise->target, options, out, cancellable);
  return g_steal_pointer (&out);
}

/* ------------------------------------------------------------------ */
/* Builds, runs and folders                                            */
/* ------------------------------------------------------------------ */

static char *
join_tags (const char *a, const char *b, const char *c)
{
  const char *parts[] = { a, b, c };
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_auto(GStrv) tags = g_strsplit (parts[i] ? parts[i] : "", ",", -1);

      for (guint j = 0; tags[j] != NULL; j++)
        {
          g_strstrip (tags[j]);
          if (tags[j][0] == '\0' || _gantry_verify_tag_listed (s->str, tags[j]))
            continue;
          g_string_append_printf (s, "%s%s", s->len ? "," : "", tags[j]);
        }
    }
  if (s->len == 0)
    {
      g_string_free (s, TRUE);
      return NULL;
    }
  return g_string_free (s, FALSE);
}

static void
verify_one (GantryStore               *store,
            GantryVerifyHost          *host,
            gint64                     artifact_id,
            const char                *key,
            const char                *path,
            const GantryVerifyPromise *promise,
            const GantryVerifyOptions *options,
            GPtrArray                 *matrix,
            GCancellable              *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryBinary) facts = NULL;
  g_autoptr(GPtrArray) verdicts = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      GantryVerdict *v = _gantry_verdict_add (matrix, key, path, "inspect", "static", GANTRY_VERDICT_SKIPPED,
                                              g_strdup_printf ("skipped: the binary %s is gone (old build folders are pruned): build again", path));
      v->artifact_id = artifact_id;
      return;
    }
  facts = gantry_inspect_path (path, &error);
  if (facts == NULL)
    {
      GantryVerdict *v = _gantry_verdict_add (matrix, key, path, "inspect", "static", GANTRY_VERDICT_FAIL,
                                              g_strdup_printf ("cannot be read as a program: %s", error->message));
      v->artifact_id = artifact_id;
      return;
    }
  verdicts = gantry_verify_artifact (host, path, facts, promise, options, cancellable);
  for (guint i = 0; i < verdicts->len; i++)
    {
      GantryVerdict *v = g_ptr_array_index (verdicts, i);

      /* the matrix names the artifact as the run recorded it */
      g_free (v->target);
      v->target = g_strdup (key);
      v->artifact_id = artifact_id;
    }
  g_ptr_array_extend_and_steal (matrix, g_steal_pointer (&verdicts));
}

/* What the caller left unsaid comes from the project's recipe: images,
 * what to run, what to expect, what ships beside a .exe, and
 * "containers": false, unless the caller names images itself. Pointers
 * into @recipe: it must outlive the options. */
void
gantry_verify_options_apply_recipe (GantryVerifyOptions *options,
                                    GantryRecipe        *recipe)
{
  gboolean images_given;

  g_return_if_fail (options != NULL);

  if (recipe == NULL)
    return;
  images_given = options->images != NULL && options->images[0] != NULL;
  if (!images_given)
    options->images = gantry_recipe_get_verify_images (recipe);
  if (!images_given && !gantry_recipe_get_verify_containers (recipe))
    options->no_containers = TRUE;
  if (options->run_args == NULL)
    options->run_args = gantry_recipe_get_verify_run_args (recipe);
  if (options->expect_output == NULL)
    options->expect_output = gantry_recipe_get_verify_expect_output (recipe);
  if (options->ship_dlls == NULL)
    options->ship_dlls = gantry_recipe_get_ship_dlls (recipe);
}

/* The options one program is checked with: @with_recipe, or its own
 * run_args and expect_output from the recipe's verify.programs where
 * it has them and the caller (@asked, --arg / --expect) gave none. */
static void
options_for_program (const GantryVerifyOptions *asked,
                     const GantryVerifyOptions *with_recipe,
                     GantryRecipe              *recipe,
                     const char                *path,
                     GantryVerifyOptions       *out)
{
  g_autofree char *name = NULL;
  const char * const *run_args = NULL;
  const char *expect = NULL;
  gsize len;

  *out = *with_recipe;
  if (recipe == NULL || path == NULL)
    return;
  name = g_path_get_basename (path);
  len = strlen (name);
  if (len > 4 && g_ascii_strcasecmp (name + len - 4, ".exe") == 0)
    name[len - 4] = '\0';
  if (!gantry_recipe_get_program_verify (recipe, name, &run_args, &expect))
    return;
  if ((asked == NULL || asked->run_args == NULL) && run_args != NULL)
    out->run_args = run_args;
  if ((asked == NULL || asked->expect_output == NULL) && expect != NULL)
    out->expect_output = expect;
}

gboolean
gantry_verify_build (GantryStore               *store,
                     GantryBuild               *build,
                     const GantryVerifyOptions *options,
                     GPtrArray                **out_matrix,
                     GCancellable              *cancellable,
                     GError                   **error)
{
  g_autoptr(GPtrArray) matrix = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_verdict_free);
  g_autoptr(GantryVerifyHost) host = NULL;
  g_autoptr(GPtrArray) binaries = NULL;
  static const GantryVerifyOptions defaults = { 0 };
  GantryVerifyOptions with_recipe;
  const GantryVerifyOptions *asked;
  const GantryPlanInput *inputs;
  guint n_inputs = 0;
  GantryRecipe *recipe;

  g_return_val_if_fail (GANTRY_IS_STORE (store), FALSE);
  g_return_val_if_fail (GANTRY_IS_BUILD (build), FALSE);

  inputs = gantry_build_get_plan_inputs (build, &n_inputs);
  recipe = gantry_build_get_recipe (build);
  asked = options;
  with_recipe = options != NULL ? *options : defaults;
  gantry_verify_options_apply_recipe (&with_recipe, recipe);
  options = &with_recipe;
  host = gantry_verify_host_probe (options, cancellable);
  /* a binary the history cannot name is still checked, unrecorded */
  binaries = _gantry_verify_list_binaries (store, gantry_build_get_run_id (build), NULL);

  for (guint i = 0; i < gantry_build_get_n_results (build); i++)
    {
      const GantryTargetResult *r = gantry_build_get_result (build, i);
      const GantryPlanInput *input = NULL;
      g_autofree char *tags = NULL;
      GantryVerifyPromise promise = { 0 };

      if (r->state != GANTRY_STEP_OK || r->binary == NULL)
        continue;
      for (guint j = 0; j < n_inputs && input == NULL; j++)
        {
          g_autofree char *key = gantry_target_get_key (inputs[j].target);
          if (g_strcmp0 (key, r->target) == 0)
            input = &inputs[j];
        }
      if (input == NULL)
        continue;

      tags = join_tags (recipe ? gantry_recipe_get_tags (recipe) : NULL, gantry_target_get_tags (input->target),
                        input->extra_tags);
      promise.target = input->target;
      promise.cgo = input->cgo_enabled ? 1 : 0;
      promise.tags = tags;
      promise.needs_cgo = input->needs_cgo;
      /* the -ldflags the plan passed for this target */
      {
        GantryPlan *plan = gantry_build_get_plan (build);

        for (guint k = 0; k < gantry_plan_get_n_steps (plan) && promise.ldflags == NULL; k++)
          {
            const GantryStep *step = gantry_plan_get_step (plan, k);

            if (g_strcmp0 (step->target, r->target) != 0 || step->argv == NULL)
              continue;
            for (guint a = 0; step->argv[a] != NULL && step->argv[a + 1] != NULL; a++)
              if (g_str_equal (step->argv[a], "-ldflags"))
                promise.ldflags = step->argv[a + 1];
          }
      }
      {
        GantryVerifyOptions one;

        options_for_program (asked, options, recipe, r->binary, &one);
        verify_one (store, host, _gantry_verify_find_binary (binaries, r->target),
                    r->target, r->binary, &promise, &one, matrix, cancellable);
      }
    }

  if (!_gantry_verify_record_verdicts (store, matrix, error))
    return FALSE;
  if (out_matrix != NULL)
    *out_matrix = g_steal_pointer (&matrix);
  return TRUE;
}

typedef struct
{
  GantryStore *store;
  const GantryVerifyOptions *options;
} VerifyJob;

static void
verify_job_free (VerifyJob *job)
{
  g_clear_object (&job->store);
  g_free (job);
}

static void
verify_build_worker (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  VerifyJob *job = task_data;
  GPtrArray *matrix = NULL;
  GError *error = NULL;

  if (gantry_verify_build (job->store, GANTRY_BUILD (source_object), job->options, &matrix, cancellable, &error))
    g_task_return_pointer (task, matrix, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

void
gantry_verify_build_async (GantryStore               *store,
                           GantryBuild               *build,
                           const GantryVerifyOptions *options,
                           GCancellable              *cancellable,
                           GAsyncReadyCallback        callback,
                           gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  VerifyJob *job;

  g_return_if_fail (GANTRY_IS_STORE (store));
  g_return_if_fail (GANTRY_IS_BUILD (build));

  job = g_new0 (VerifyJob, 1);
  job->store = g_object_ref (store);
  job->options = options;
  task = g_task_new (build, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_verify_build_async);
  g_task_set_task_data (task, job, (GDestroyNotify) verify_job_free);
  g_task_run_in_thread (task, verify_build_worker);
}

GPtrArray *
gantry_verify_build_finish (GantryBuild   *build,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, build), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* A target from its key when the recipe no longer has it:
 * "linux/armv7/static@musl", "linux/amd64-v3". */
static GantryTarget *
target_from_key (const char *key)
{
  g_autoptr(GRegex) re = g_regex_new ("^([a-z0-9]+)/([a-z0-9]+?)(?:v([5-7]))?(?:-(v[1-4]))?(/static)?(@.*)?$", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *os = NULL, *arch = NULL, *arm = NULL, *amd64 = NULL, *link = NULL, *libc = NULL, *spec = NULL;
  GantryTarget *target;

  if (!g_regex_match (re, key, 0, &match))
    return NULL;
  os = g_match_info_fetch (match, 1);
  arch = g_match_info_fetch (match, 2);
  arm = g_match_info_fetch (match, 3);
  amd64 = g_match_info_fetch (match, 4);
  link = g_match_info_fetch (match, 5);
  libc = g_match_info_fetch (match, 6);
  spec = g_strconcat (os, "/", arch, link ? link : "", libc ? libc : "", NULL);
  target = gantry_target_parse (spec, NULL);
  if (target == NULL)
    return NULL;
  if (arm != NULL && arm[0] != '\0')
    gantry_target_set_goarm (target, arm);
  if (amd64 != NULL && amd64[0] != '\0')
    gantry_target_set_goamd64 (target, amd64);
  return target;
}

gboolean
gantry_verify_run (GantryStore               *store,
                   gint64                     run_id,
                   const GantryVerifyOptions *options,
                   GPtrArray                **out_matrix,
                   gint64                    *out_run_id,
                   GCancellable              *cancellable,
                   GError                   **error)
{
  g_autoptr(GPtrArray) matrix = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_verdict_free);
  g_autoptr(GantryVerifyHost) host = NULL;
  g_autoptr(GantryRecipe) recipe = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  static const GantryVerifyOptions defaults = { 0 };
  GantryVerifyOptions with_recipe;
  const GantryVerifyOptions *asked;
  g_autoptr(GantryRunInfo) run = NULL;
  g_autoptr(GPtrArray) binaries = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 project_id = 0;
  int uses_cgo = -1;
  GantryProject *project = NULL;   /* owned by projects */

  g_return_val_if_fail (GANTRY_IS_STORE (store), FALSE);

  if (!_gantry_verify_resolve_run (store, run_id, &run_id, error))
    return FALSE;
  if (run_id == 0)
    {
      g_set_error (error, GANTRY_VERIFY_ERROR, GANTRY_VERIFY_ERROR_NOT_FOUND,
                   "No run to verify yet: build first with `gantry build`, or name a folder of binaries.");
      return FALSE;
    }
  run = gantry_history_get_run (store, run_id, &local_error);
  if (run == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, GANTRY_VERIFY_ERROR, GANTRY_VERIFY_ERROR_NOT_FOUND,
                     "There is no run %" G_GINT64_FORMAT ": `gantry runs` lists them.", run_id);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  project_id = run->project_id;

  binaries = _gantry_verify_list_binaries (store, run_id, error);
  if (binaries == NULL)
    return FALSE;
  if (out_run_id != NULL)
    *out_run_id = run_id;
  if (binaries->len == 0)
    {
      g_set_error (error, GANTRY_VERIFY_ERROR, GANTRY_VERIFY_ERROR_NOT_FOUND,
                   "Run %" G_GINT64_FORMAT " built no binaries, so there is nothing to verify: see `gantry runs` and build again.",
                   run_id);
      return FALSE;
    }

  projects = gantry_store_list_projects (store, NULL);
  for (guint i = 0; projects != NULL && i < projects->len; i++)
    if (gantry_project_get_id (g_ptr_array_index (projects, i)) == project_id)
      {
        project = g_ptr_array_index (projects, i);
        uses_cgo = gantry_project_get_uses_cgo (project) ? 1 : 0;
      }
  recipe = gantry_recipe_load (store, project_id, NULL);

  asked = options;
  with_recipe = options != NULL ? *options : defaults;
  gantry_verify_options_apply_recipe (&with_recipe, recipe);
  options = &with_recipe;

  host = gantry_verify_host_probe (options, cancellable);
  for (guint i = 0; i < binaries->len; i++)
    {
      const GantryArtifactRecord *binary = g_ptr_array_index (binaries, i);
      const char *key = binary->target;
      g_autoptr(GantryTarget) target = NULL;
      g_autofree char *tags = NULL;
      g_autofree char *needs_cgo = NULL;
      GantryVerifyPromise promise = { 0 };
      GListModel *targets = recipe ? gantry_recipe_get_targets (recipe) : NULL;

      for (guint j = 0; targets != NULL && j < g_list_model_get_n_items (targets) && target == NULL; j++)
        {
          g_autoptr(GantryTarget) t = g_list_model_get_item (targets, j);
          g_autofree char *k = gantry_target_get_key (t);
          if (g_str_equal (k, key))
            target = g_object_ref (t);
        }
      if (target == NULL)
        target = target_from_key (key);
      if (target == NULL)
        {
          GantryVerdict *v = _gantry_verdict_add (matrix, key, binary->path, "target", "static",
                                                  GANTRY_VERDICT_SKIPPED,
                                                  g_strdup_printf ("skipped: '%s' is not a target Gantry can read", key));
          v->artifact_id = binary->id;
          continue;
        }
      tags = join_tags (recipe ? gantry_recipe_get_tags (recipe) : NULL, gantry_target_get_tags (target), NULL);
      promise.target = target;
      /* what the target's packages need today, from its build graph */
      if (recipe != NULL && project != NULL)
        {
          g_autoptr(GantryGoGraph) graph = gantry_recipe_read_graph (recipe, project, target, NULL, cancellable);

          if (graph != NULL && !gantry_go_graph_is_guess (graph) && gantry_go_graph_needs_cgo (graph))
            needs_cgo = gantry_go_graph_describe (graph);
        }
      promise.needs_cgo = needs_cgo;
      switch (gantry_target_get_cgo (target))
        {
        case GANTRY_CGO_ON: promise.cgo = 1; break;
        case GANTRY_CGO_OFF: promise.cgo = 0; break;
        case GANTRY_CGO_AUTO:
        default: promise.cgo = uses_cgo; break;   /* -1 when the project is gone: not checked */
        }
      promise.tags = tags;
      {
        GantryVerifyOptions one;

        options_for_program (asked, options, recipe, binary->path, &one);
        verify_one (store, host, binary->id, key, binary->path,
                    &promise, &one, matrix, cancellable);
      }
    }

  if (!_gantry_verify_record_verdicts (store, matrix, error))
    return FALSE;
  if (out_matrix != NULL)
    *out_matrix = g_steal_pointer (&matrix);
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
collect_binaries (const char *dir,
                  guint       depth,
                  GPtrArray  *out)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (depth > 0)
            collect_binaries (path, depth - 1, out);
        }
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (out, g_steal_pointer (&path));
    }
}

gboolean
gantry_verify_dir (const char                *dir,
                   const GantryVerifyOptions *options,
                   GPtrArray                **out_matrix,
                   GCancellable              *cancellable,
                   GError                   **error)
{
  g_autoptr(GPtrArray) matrix = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_verdict_free);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GantryVerifyHost) host = NULL;
  guint n_programs = 0;

  g_return_val_if_fail (dir != NULL, FALSE);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, GANTRY_VERIFY_ERROR, GANTRY_VERIFY_ERROR_NOT_FOUND,
                   "%s is not a folder: name a run number or a folder of built binaries.", dir);
      return FALSE;
    }
  collect_binaries (dir, 1, files);
  host = gantry_verify_host_probe (options, cancellable);

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(GantryBinary) facts = gantry_inspect_path (path, NULL);
      g_autoptr(GantryTarget) target = NULL;
      g_autoptr(GPtrArray) verdicts = NULL;
      g_autofree char *key = NULL;
      const char *cgo;
      GantryVerifyPromise promise = { 0 };

      /* archives, checksums, notes: not programs */
      if (facts == NULL || g_strcmp0 (gantry_binary_get_file_type (facts), "object") == 0)
        continue;
      if (!gantry_go_platform_is_valid (gantry_binary_get_os (facts), gantry_binary_get_arch (facts)))
        continue;
      n_programs++;
      /* no recipe: the file's own platform and build settings are the promise */
      target = gantry_target_new (gantry_binary_get_os (facts), gantry_binary_get_arch (facts));
      key = gantry_target_get_key (target);
      cgo = gantry_binary_get_go_setting (facts, "CGO_ENABLED");
      promise.target = target;
      promise.cgo = cgo ? g_str_equal (cgo, "1") : -1;
      verdicts = gantry_verify_artifact (host, path, facts, &promise, options, cancellable);
      for (guint j = 0; j < verdicts->len; j++)
        {
          GantryVerdict *v = g_ptr_array_index (verdicts, j);
          g_autofree char *base = g_path_get_basename (path);

          /* several files may share a platform: name them by file too */
          g_free (v->target);
          v->target = g_strdup_printf ("%s (%s)", base, key);
        }
      g_ptr_array_extend_and_steal (matrix, g_steal_pointer (&verdicts));
    }

  if (n_programs == 0)
    {
      g_set_error (error, GANTRY_VERIFY_ERROR, GANTRY_VERIFY_ERROR_NOT_FOUND,
                   "%s holds no programs Gantry can read (archives are not unpacked): name the build folder or a run number.",
                   dir);
      return FALSE;
    }
  if (out_matrix != NULL)
    *out_matrix = g_steal_pointer (&matrix);
  return TRUE;
}

/* gantry-build.c — one click: recipe → compilers → plan → run → inspect → dist/ → history */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-build"

#include "config.h"

#include <string.h>

#include "gantry-archive.h"
#include "gantry-download.h"
#include "gantry-history.h"
#include "gantry-package.h"
#include "gantry-paths.h"
#include "gantry-process.h"
#include "gantry-build.h"
#include "gantry-toolchain.h"

G_DEFINE_QUARK (gantry-build-error-quark, gantry_build_error)

typedef struct
{
  GantryTarget *target;
  GantryGoGraph *graph;        /* what its packages need; NULL: not read */
  gboolean cgo;                /* CGO_ENABLED for its build */
  GantryCcChoice *choice;      /* NULL when cgo is off or nothing fits */
  char *unbuildable;
  char *reason;                /* why cgo, then why this compiler */
  char *needs_cgo;             /* why its packages need cgo; NULL: they do not */
  char **env;                  /* the compiler's environment, and pkg-config's for the target */
  char *extra_ldflags;
  char *extra_extldflags;

  /* filled by a packaging worker as soon as the target has built */
  gint phase;                  /* GantryTargetPhase, atomic: the window reads it */
  gboolean processed;
  GantryBinary *facts;
  char *facts_json;
  char *sha256;
  guint64 size;
  GError *package_error;
  guint package_slot;       /* its item in the packager (unbuildable targets have none) */
} TargetPrep;

struct _GantryBuild
{
  GObject parent_instance;

  GantryStore *store;
  GantryProject *project;
  GantryRecipe *recipe;
  GantryPlan *plan;
  GantryRunner *runner;
  TargetPrep *preps;
  guint n_targets;
  GantryPlanInput *inputs;     /* one per target, pointing into preps */
  guint n_prepare;             /* plan steps before the targets' (go mod download): target i is step i + n_prepare */
  GArray *results;             /* GantryTargetResult */
  char *version;
  char *dist_dir;
  char *out_dir;
  guint jobs;
  gboolean no_package;
  gboolean skip_unbuildable;
  gint64 run_id;
  gint64 started_us;           /* for the timings in the debug log */

  /* While running: each target is inspected and archived by a worker as
   * soon as it has built, while the others still build. */
  GantryPackager *packager;    /* NULL when some target cannot build */
  GThreadPool *pool;
  GCancellable *cancellable;        /* ours: the caller's cancel, or no record */
  GCancellable *caller_cancellable;
  gulong caller_cancelled_id;
  GError *runner_error;
  GError *record_error;             /* the run could not be recorded */
};

G_DEFINE_FINAL_TYPE (GantryBuild, gantry_build, G_TYPE_OBJECT)

static void
target_result_clear (GantryTargetResult *r)
{
  g_free (r->target);
  g_free (r->binary);
  g_clear_object (&r->facts);
  g_free (r->archive);
  g_free (r->sha256);
  g_free (r->compiler);
  g_free (r->errors);
  g_free (r->explanation);
}

/* ------------------------------------------------------------------ */
/* Preparing: recipe, version, compilers, plan                         */
/* ------------------------------------------------------------------ */

/* `git describe --tags --always --dirty` when the project is a git
 * checkout and git is there; NULL otherwise. */
char *
gantry_build_git_version (const char *project_dir)
{
  g_autofree char *git = g_find_program_in_path ("git");
  g_autofree char *dot_git = g_build_filename (project_dir, ".git", NULL);
  const char *argv[] = { git, "-c", "safe.directory=*", "describe", "--tags", "--always", "--dirty", NULL };
  g_auto(GantryProcessResult) result = { 0 };

  if (git == NULL || !g_file_test (dot_git, G_FILE_TEST_EXISTS))
    return NULL;

  if (gantry_process_run (argv, NULL, project_dir,
                          GANTRY_PROCESS_STDERR_SILENCE,
                          0, NULL, &result, NULL)
      && result.exited && result.status == 0)
    {
      g_strstrip (result.output);
      if (result.output[0] != '\0')
        return g_steal_pointer (&result.output);
    }
  return NULL;
}

/* MinGW's g++ links a C++ build against libstdc++-6.dll (and
 * libgcc_s_seh-1.dll), which no Windows has: the default windows
 * target's exe then fails its DLL check and runs nowhere. Linking those
 * two runtimes in keeps it one exe (GCC's runtime exception allows it);
 * the static target already has -static. */
#define MINGW_CXX_RUNTIME_STATIC "-static-libgcc -static-libstdc++"

static gboolean
links_mingw_cxx_runtime_as_dlls (const GantryCcChoice *choice,
                                 GantryTarget         *target)
{
  return g_str_equal (gantry_target_get_goos (target), "windows") &&
         gantry_target_get_link_mode (target) != GANTRY_LINK_STATIC &&
         choice->cxx != NULL &&
         (g_str_has_suffix (choice->cxx, "g++") || g_str_has_suffix (choice->cxx, "g++.exe"));
}

/* The resolver speaks go -ldflags ("-linkmode external -extldflags
 * -static"); the plan gathers -extldflags itself, so split them. */
static void
split_ldflags (const char  *ldflags,
               char       **rest,
               char       **extld)
{
  g_auto(GStrv) words = NULL;
  GString *r = g_string_new (NULL);
  GString *e = g_string_new (NULL);

  if (ldflags != NULL && g_shell_parse_argv (ldflags, NULL, &words, NULL))
    {
      for (guint i = 0; words[i] != NULL; i++)
        {
          GString *into = r;

          if (g_str_equal (words[i], "-extldflags") && words[i + 1] != NULL)
            {
              into = e;
              i++;
            }
          if (into->len > 0)
            g_string_append_c (into, ' ');
          g_string_append (into, words[i]);
        }
    }

  *rest = r->len ? g_string_free (r, FALSE) : (g_string_free (r, TRUE), NULL);
  *extld = e->len ? g_string_free (e, FALSE) : (g_string_free (e, TRUE), NULL);
}

/* The go that builds: a Go SDK Gantry installed (a Windows user often
 * has no go on PATH at all), the tools' order putting installs first;
 * else plain "go", found on PATH as a terminal would. */
static const char *
go_program (GPtrArray *tools)
{
  for (guint i = 0; tools != NULL && i < tools->len; i++)
    {
      const GantryToolchain *tc = g_ptr_array_index (tools, i);

      if (g_strcmp0 (tc->kind, "go") == 0 && g_strcmp0 (tc->origin, "installed") == 0 &&
          tc->program != NULL)
        return tc->program;
    }
  return "go";
}

static void
request_for (GantryTarget    *t,
             GantryCcRequest *req)
{
  memset (req, 0, sizeof *req);
  req->goos = gantry_target_get_goos (t);
  req->goarch = gantry_target_get_goarch (t);
  req->goarm = gantry_target_get_goarm (t);
  switch (gantry_target_get_libc (t))
    {
    case GANTRY_LIBC_GNU: req->libc = "gnu"; break;
    case GANTRY_LIBC_MUSL: req->libc = "musl"; break;
    case GANTRY_LIBC_DEFAULT:
    default: req->libc = NULL; break;
    }
  req->is_static = gantry_target_get_link_mode (t) == GANTRY_LINK_STATIC;
  req->glibc_floor = gantry_target_get_glibc_floor (t);
  req->cgo = TRUE;
}

GantryBuild *
gantry_build_new (GantryStore                 *store,
                    GantryProject               *project,
                    const GantryBuildOptions  *options,
                    GError                     **error)
{
  g_autoptr(GantryBuild) self = NULL;
  g_autoptr(GantryRecipe) stored = NULL;
  g_autoptr(GPtrArray) tools = NULL;
  g_autofree char *data_dir = gantry_paths_get_data_dir ();
  g_autofree char *gocache = NULL;
  g_autofree char *stamp = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GantryPlanInput *inputs;
  GantryPlanOptions plan_options = { 0 };
  g_auto(GStrv) missing_modules = NULL;
  GListModel *targets;
  const char *dist;
  const char *go;

  g_return_val_if_fail (GANTRY_IS_STORE (store), NULL);
  g_return_val_if_fail (GANTRY_IS_PROJECT (project), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  self = g_object_new (GANTRY_TYPE_BUILD, NULL);
  self->store = g_object_ref (store);
  self->project = g_object_ref (project);
  self->jobs = options->jobs;
  self->no_package = options->no_package;
  self->skip_unbuildable = options->skip_unbuildable;

  /* The recipe: the stored one, or the detected one saved on first use. */
  stored = gantry_recipe_load_or_detect (store, project, TRUE, error);
  if (stored == NULL)
    return NULL;
  self->recipe = gantry_recipe_copy (stored);

  /* --target replaces the targets for this run only. */
  if (options->targets != NULL && options->targets[0] != NULL)
    {
      gantry_recipe_clear_targets (self->recipe);
      for (guint i = 0; options->targets[i] != NULL; i++)
        {
          g_autoptr(GantryTarget) t = gantry_target_parse (options->targets[i], error);
          GantryTarget *known;

          if (t == NULL)
            return NULL;
          /* a target the recipe has keeps its settings (cgo on, tags…);
           * a new one is cgo auto: on when its graph needs it */
          known = gantry_recipe_match_target (stored, t);
          if (known != NULL)
            {
              g_autoptr(GantryTarget) copy = gantry_target_copy (known);
              gantry_recipe_add_target (self->recipe, copy);
            }
          else
            gantry_recipe_add_target (self->recipe, t);
        }
      if (!gantry_recipe_validate (self->recipe, error))
        return NULL;
    }

  self->version = g_strdup (gantry_recipe_get_version (self->recipe));
  if (self->version == NULL)
    self->version = gantry_build_git_version (gantry_project_get_path (project));
  if (self->version == NULL)
    self->version = g_strdup ("dev");

  dist = gantry_recipe_get_dist_dir (self->recipe) ? gantry_recipe_get_dist_dir (self->recipe) : "dist";
  self->dist_dir = g_path_is_absolute (dist) ? g_strdup (dist)
                                              : g_build_filename (gantry_project_get_path (project), dist, NULL);

  /* Binaries are built outside dist/, which is only swapped in whole. */
  stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  self->out_dir = g_strdup_printf ("%s%cbuilds%c%s%c%s-%06u", data_dir, G_DIR_SEPARATOR, G_DIR_SEPARATOR,
                                   gantry_project_get_name (project), G_DIR_SEPARATOR, stamp,
                                   g_random_int_range (0, 1000000));

  if (options->tools != NULL)
    tools = g_ptr_array_ref (options->tools);
  else
    {
      tools = gantry_toolchain_detect (store, NULL, error);
      if (tools == NULL)
        return NULL;
    }

  targets = gantry_recipe_get_targets (self->recipe);
  self->n_targets = g_list_model_get_n_items (targets);
  self->preps = g_new0 (TargetPrep, self->n_targets);
  inputs = self->inputs = g_new0 (GantryPlanInput, MAX (self->n_targets, 1));

  go = options->go ? options->go : go_program (tools);
  /* before the graphs are read: what the module cache lacks becomes a
   * step of its own, ahead of the builds */
  missing_modules = gantry_go_modules_missing (gantry_project_get_path (project), go);
  for (guint i = 0; i < self->n_targets; i++)
    {
      TargetPrep *prep = &self->preps[i];
      gboolean needs_cgo = gantry_project_get_uses_cgo (project);
      gboolean cgo;

      prep->target = g_list_model_get_item (targets, i);
      /* cgo comes from the packages this target really builds */
      prep->graph = gantry_recipe_read_graph (self->recipe, project, prep->target, go, NULL);
      if (prep->graph != NULL && !gantry_go_graph_is_guess (prep->graph))
        needs_cgo = gantry_go_graph_needs_cgo (prep->graph) ||
                    (gantry_go_graph_get_note (prep->graph) != NULL && needs_cgo);
      cgo = prep->cgo = gantry_target_cgo_enabled (prep->target, needs_cgo);

      inputs[i].target = prep->target;
      inputs[i].cgo_enabled = cgo;
      if (prep->graph != NULL && !gantry_go_graph_is_guess (prep->graph) && gantry_go_graph_needs_cgo (prep->graph))
        inputs[i].needs_cgo = prep->needs_cgo = gantry_go_graph_describe (prep->graph);
      prep->unbuildable = gantry_recipe_check_cgo (prep->target, prep->graph);
      if (prep->unbuildable != NULL)
        {
          inputs[i].unbuildable = prep->unbuildable;
          continue;
        }
      if (!cgo)
        {
          inputs[i].reason = "cgo off: pure Go, no C compiler needed";
          continue;
        }

      {
        GantryCcRequest req;
        g_autoptr(GPtrArray) choices = NULL;
        g_autoptr(GError) resolve_error = NULL;

        request_for (prep->target, &req);
        choices = gantry_toolchain_resolve (&req, tools, &resolve_error);
        if (choices == NULL || choices->len == 0)
          {
            prep->unbuildable = g_strdup (resolve_error ? resolve_error->message : "no C compiler fits this target");
            inputs[i].unbuildable = prep->unbuildable;
            continue;
          }

        /* the best one (the resolver ranks them); with C++ in the graph,
         * the best one whose CXX is there, or the link fails late */
        if (prep->graph != NULL && gantry_go_graph_needs_cxx (prep->graph))
          {
            g_autofree char *key = gantry_target_get_key (prep->target);

            prep->choice = g_ptr_array_steal_index (choices, gantry_doctor_pick_cxx_choice (choices, key));
            prep->unbuildable = gantry_doctor_cxx_problem (prep->choice, key);
            if (prep->unbuildable != NULL)
              {
                inputs[i].unbuildable = prep->unbuildable;
                continue;
              }
          }
        else
          prep->choice = g_ptr_array_steal_index (choices, 0);
        split_ldflags (prep->choice->ldflags, &prep->extra_ldflags, &prep->extra_extldflags);
        if (prep->graph != NULL && gantry_go_graph_needs_cxx (prep->graph) &&
            links_mingw_cxx_runtime_as_dlls (prep->choice, prep->target))
          {
            char *extld = g_strjoin (" ", MINGW_CXX_RUNTIME_STATIC,
                                     prep->extra_extldflags, NULL);   /* NULL ends it when there is none */

            g_free (prep->extra_extldflags);
            prep->extra_extldflags = extld;
          }
        inputs[i].cc = prep->choice->cc;
        inputs[i].cxx = prep->choice->cxx;
        inputs[i].extra_env = (const char * const *) prep->choice->env;
        /* #cgo pkg-config: read the target's .pc files, not this machine's */
        if (prep->graph != NULL && gantry_go_graph_get_pkg_config (prep->graph)[0] != NULL)
          {
            g_autofree char *libdir = gantry_doctor_pkg_config_libdir (gantry_target_get_goos (prep->target),
                                                                      gantry_target_get_goarch (prep->target));

            if (libdir != NULL)
              {
                g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
                g_autofree char *kv = g_strconcat ("PKG_CONFIG_LIBDIR=", libdir, NULL);

                if (prep->choice->env != NULL)
                  g_strv_builder_addv (b, (const char **) prep->choice->env);
                g_strv_builder_add (b, kv);
                prep->env = g_strv_builder_end (b);
                inputs[i].extra_env = (const char * const *) prep->env;
              }
          }
        inputs[i].extra_ldflags = prep->extra_ldflags;
        inputs[i].extra_extldflags = prep->extra_extldflags;
        inputs[i].extra_tags = prep->choice->tags;
        inputs[i].reason = prep->choice->reason;
        /* the window's target rows and the plan's comments say why cgo */
        if (prep->graph != NULL && gantry_go_graph_needs_cgo (prep->graph))
          {
            g_autofree char *why = gantry_go_graph_describe (prep->graph);

            prep->reason = g_strdup_printf ("%s; %s", why, prep->choice->reason ? prep->choice->reason : prep->choice->compiler);
            inputs[i].reason = prep->reason;
          }
      }
    }

  gocache = options->gocache ? g_strdup (options->gocache) : gantry_toolchain_get_cache_dir ("go-build");
  plan_options.go = go;
  plan_options.out_dir = self->out_dir;
  plan_options.gocache = gocache;
  plan_options.version = self->version;
  /* the package steps shown (and printed by --dry-run) are the ones made */
  plan_options.dist_dir = self->dist_dir;
  plan_options.no_package = options->no_package;
  plan_options.missing_modules = (const char * const *) missing_modules;

  self->plan = gantry_plan_new (project, self->recipe, inputs, self->n_targets, &plan_options, error);
  if (self->plan == NULL)
    return NULL;
  self->n_prepare = gantry_plan_get_n_prepare_steps (self->plan);

  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------ */
/* Running                                                             */
/* ------------------------------------------------------------------ */

static void
on_step_changed (GantryRunner  *runner,
                 guint          step,
                 GantryBuild *self)
{
  GantryStepState state = gantry_runner_get_step_state (runner, step);
  g_autoptr(GError) error = NULL;

  if (state == GANTRY_STEP_PENDING || state == GANTRY_STEP_RUNNING)
    return;
  if (state == GANTRY_STEP_OK && self->pool != NULL && step >= self->n_prepare &&
      step - self->n_prepare < self->n_targets)
    {
      g_atomic_int_set (&self->preps[step - self->n_prepare].phase, GANTRY_TARGET_PHASE_QUEUED);
      g_thread_pool_push (self->pool, GUINT_TO_POINTER (step - self->n_prepare + 1), NULL);
    }
  /* not recorded yet: gantry_build_run_async() records it right after */
  if (self->run_id == 0)
    return;
  if (!gantry_history_record_step (self->store, self->run_id, runner, step, &error))
    g_warning ("%s", error->message);
}

/* Inspects, hashes and archives one built target. Runs in a worker
 * thread; it touches only its own TargetPrep (and the packager's slot
 * for this target), and post_process() reads them after the pool ended. */
static void
inspect_target (GantryBuild *self,
                guint        index)
{
  const GantryStep *step = gantry_plan_get_step (self->plan, index + self->n_prepare);
  TargetPrep *prep = &self->preps[index];
  g_autoptr(GError) error = NULL;

  g_atomic_int_set (&prep->phase, GANTRY_TARGET_PHASE_INSPECTING);
  prep->facts = gantry_inspect_path (step->output, &error);
  if (prep->facts != NULL)
    prep->facts_json = gantry_binary_to_json_text (prep->facts);
  else
    g_debug ("%s: cannot inspect %s: %s", step->target, step->output, error->message);
  prep->sha256 = gantry_download_sha256_file (step->output, &prep->size, self->cancellable, NULL);
  prep->processed = TRUE;
}

static void
process_target (gpointer data,
                gpointer user_data)
{
  GantryBuild *self = user_data;
  guint index = GPOINTER_TO_UINT (data) - 1;

  inspect_target (self, index);
  if (self->packager != NULL)
    {
      g_atomic_int_set (&self->preps[index].phase, GANTRY_TARGET_PHASE_ARCHIVING);
      gantry_packager_write (self->packager, self->preps[index].package_slot, self->cancellable,
                             &self->preps[index].package_error);
    }
  g_atomic_int_set (&self->preps[index].phase, GANTRY_TARGET_PHASE_DONE);
}

/* The archives to make, one per target, known before anything builds so
 * that a dist folder that cannot be replaced is reported at once. */
static gboolean
start_packaging (GantryBuild  *self,
                 GError      **error)
{
  g_autoptr(GArray) items = g_array_new (FALSE, TRUE, sizeof (GantryPackageItem));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->n_targets; i++)
    {
      const GantryStep *step = gantry_plan_get_step (self->plan, i + self->n_prepare);
      TargetPrep *prep = &self->preps[i];
      GantryPackageItem item = { 0 };
      char *name;

      /* a target that cannot build fails the run (nothing to package),
       * unless the caller chose to release without it */
      if (step->argv == NULL || step->output == NULL)
        {
          if (self->skip_unbuildable)
            continue;
          return TRUE;
        }
      prep->package_slot = items->len;
      name = gantry_package_archive_name_for_target (prep->target,
                                                     gantry_recipe_get_binary_name (self->recipe),
                                                     self->version);
      g_ptr_array_add (names, name);
      item.target_key = step->target;
      item.binary_path = step->output;
      /* a recipe of several programs: the others go in the same archive */
      item.more_binaries = step->outputs != NULL ? (const char * const *) step->outputs + 1 : NULL;
      item.archive_name = name;
      item.format = gantry_target_get_archive_format_or_default (prep->target);
      g_array_append_val (items, item);
    }

  if (items->len == 0)
    return TRUE;
  self->packager = gantry_packager_new (gantry_project_get_path (self->project), self->dist_dir,
                                        (const GantryPackageItem *) items->data, items->len, error);
  return self->packager != NULL;
}

/* Waits for the workers still archiving; called from post_process(). */
static void
stop_workers (GantryBuild *self)
{
  if (self->pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, TRUE);
}

/* The end of a run in one transaction, so one durable write: each binary
 * built, the archives and SHA256SUMS when released, and the outcome. */
typedef struct
{
  GantryBuild *build;
  gboolean binaries;           /* record the binaries that built */
  GPtrArray *archives;         /* GantryPackageArtifact*, or NULL */
  const char *state;
  const char *dist_dir;
} RunEnd;

static gboolean
record_end_in_transaction (GantryStore  *store,
                           gpointer      data,
                           GError      **error)
{
  RunEnd *end = data;
  GantryBuild *self = end->build;

  for (guint i = 0; end->binaries && i < self->n_targets; i++)
    {
      const GantryStep *step = gantry_plan_get_step (self->plan, i + self->n_prepare);
      TargetPrep *prep = &self->preps[i];

      if (gantry_runner_get_step_state (self->runner, i + self->n_prepare) != GANTRY_STEP_OK)
        continue;
      if (gantry_history_add_artifact (store, self->run_id, step->target, "binary", step->output,
                                       (gint64) prep->size, prep->sha256, prep->facts_json, error) == 0)
        return FALSE;
      /* the target's other programs: an artifact each, read as the first was */
      for (guint o = 1; step->outputs != NULL && step->outputs[o] != NULL; o++)
        {
          g_autoptr(GantryBinary) facts = gantry_inspect_path (step->outputs[o], NULL);
          g_autofree char *json = facts != NULL ? gantry_binary_to_json_text (facts) : NULL;
          guint64 size = 0;
          g_autofree char *sha = gantry_download_sha256_file (step->outputs[o], &size, NULL, NULL);

          if (gantry_history_add_artifact (store, self->run_id, step->target, "binary", step->outputs[o],
                                           (gint64) size, sha, json, error) == 0)
            return FALSE;
        }
    }
  if (end->archives != NULL)
    {
      g_autofree char *sums = g_build_filename (self->dist_dir, GANTRY_PACKAGE_SUMS_NAME, NULL);

      for (guint i = 0; i < end->archives->len; i++)
        {
          GantryPackageArtifact *a = g_ptr_array_index (end->archives, i);

          if (gantry_history_add_artifact (store, self->run_id, a->target_key, "archive", a->path,
                                           (gint64) a->size, a->sha256, NULL, error) == 0)
            return FALSE;
        }
      if (gantry_history_add_artifact (store, self->run_id, "all", "checksums", sums, 0, NULL, NULL, error) == 0)
        return FALSE;
    }
  return gantry_history_finish_run (store, self->run_id, end->state, end->dist_dir, error);
}

static void
record_end (GantryBuild *self,
            gboolean     binaries,
            GPtrArray   *archives,
            const char  *state,
            const char  *dist_dir)
{
  RunEnd end = { self, binaries, archives, state, dist_dir };
  g_autoptr(GError) error = NULL;

  if (!gantry_store_transaction (self->store, record_end_in_transaction, &end, &error))
    g_warning ("Could not record the end of run %" G_GINT64_FORMAT ": %s", self->run_id, error->message);
}

/* After the builds: wait for the targets still being archived, record
 * what was built, and swap the release in when every target built. Runs
 * in a worker thread. */
static void
post_process (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GantryBuild *self = source_object;
  g_autoptr(GPtrArray) artifacts = NULL;
  g_autoptr(GError) error = NULL;
  guint n_failed = 0;

  stop_workers (self);
  g_debug ("%.3f s: every target inspected and archived", (g_get_monotonic_time () - self->started_us) / 1e6);

  if (self->record_error != NULL)
    {
      g_clear_pointer (&self->packager, gantry_packager_free);
      g_task_return_error (task, g_steal_pointer (&self->record_error));
      return;
    }
  if (self->runner_error != NULL)
    {
      g_clear_pointer (&self->packager, gantry_packager_free);
      record_end (self, FALSE, NULL,
                  g_error_matches (self->runner_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? "cancelled" : "failed",
                  NULL);
      g_task_return_error (task, g_steal_pointer (&self->runner_error));
      return;
    }

  /* the steps before the targets' (go mod download): a result each, so
   * results and steps stay in step */
  for (guint i = 0; i < self->n_prepare; i++)
    {
      GantryTargetResult r = { 0 };

      r.state = gantry_runner_get_step_state (self->runner, i);
      r.seconds = gantry_runner_get_duration_us (self->runner, i) / (double) G_USEC_PER_SEC;
      if (r.state == GANTRY_STEP_FAILED)
        {
          g_autofree char *log = gantry_runner_get_step_log (self->runner, i);

          r.errors = gantry_runner_get_first_errors (self->runner, i, 8);
          r.explanation = gantry_doctor_explain (log, NULL);
        }
      g_array_append_val (self->results, r);
    }

  for (guint i = 0; i < self->n_targets; i++)
    {
      guint s = i + self->n_prepare;
      const GantryStep *step = gantry_plan_get_step (self->plan, s);
      GantryTargetResult r = { 0 };
      TargetPrep *prep = &self->preps[i];

      r.target = g_strdup (step->target);
      r.state = gantry_runner_get_step_state (self->runner, s);
      r.seconds = gantry_runner_get_duration_us (self->runner, s) / (double) G_USEC_PER_SEC;
      if (prep->choice != NULL)
        r.compiler = g_strdup (prep->choice->reason ? prep->choice->reason : prep->choice->compiler);

      if (r.state == GANTRY_STEP_OK)
        {
          if (!prep->processed)
            {
              inspect_target (self, i);
              g_atomic_int_set (&prep->phase, GANTRY_TARGET_PHASE_DONE);
            }
          r.binary = g_strdup (step->output);
          r.facts = prep->facts != NULL ? g_object_ref (prep->facts) : NULL;
        }
      else
        {
          /* known before the build, and the caller chose to go on without it */
          if (!(r.state == GANTRY_STEP_SKIPPED && self->skip_unbuildable))
            n_failed++;
          if (r.state == GANTRY_STEP_SKIPPED)
            {
              r.errors = g_strdup (step->reason);
            }
          else if (r.state == GANTRY_STEP_FAILED)
            {
              g_autofree char *log = gantry_runner_get_step_log (self->runner, s);
              GantryCcRequest req;

              r.errors = gantry_runner_get_first_errors (self->runner, s, 8);
              request_for (prep->target, &req);
              req.cgo = prep->cgo;
              r.explanation = gantry_doctor_explain (log, &req);
            }
        }

      g_array_append_val (self->results, r);
    }

  if (n_failed > 0)
    {
      const GantryTargetResult *download = self->n_prepare > 0 ? &g_array_index (self->results, GantryTargetResult, 0) : NULL;

      g_clear_pointer (&self->packager, gantry_packager_free);
      record_end (self, TRUE, NULL, "failed", NULL);
      /* the modules could not be fetched: that is why, whatever each build says */
      if (download != NULL && download->state == GANTRY_STEP_FAILED && download->explanation != NULL)
        g_task_return_new_error (task, GANTRY_BUILD_ERROR, GANTRY_BUILD_ERROR_TARGETS_FAILED,
                                 "%u of %u targets did not build, so %s was left as it was. %s",
                                 n_failed, self->n_targets, self->dist_dir, download->explanation);
      else
        g_task_return_new_error (task, GANTRY_BUILD_ERROR, GANTRY_BUILD_ERROR_TARGETS_FAILED,
                                 "%u of %u targets did not build, so %s was left as it was; see each target's errors.",
                                 n_failed, self->n_targets, self->dist_dir);
      return;
    }

  if (self->no_package)
    {
      record_end (self, TRUE, NULL, "ok", NULL);
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* every target built, so every one was packaged (or its error is here) */
  for (guint i = 0; i < self->n_targets && error == NULL; i++)
    if (self->preps[i].package_error != NULL)
      error = g_error_copy (self->preps[i].package_error);
  if (error == NULL && self->packager != NULL)
    gantry_packager_commit (self->packager, &artifacts, cancellable, &error);
  g_clear_pointer (&self->packager, gantry_packager_free);
  if (error != NULL)
    {
      record_end (self, TRUE, NULL,
                  g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? "cancelled" : "failed", NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_debug ("%.3f s: dist/ swapped in", (g_get_monotonic_time () - self->started_us) / 1e6);

  for (guint i = 0; i < artifacts->len; i++)
    {
      GantryPackageArtifact *a = g_ptr_array_index (artifacts, i);

      for (guint j = 0; j < self->results->len; j++)
        {
          GantryTargetResult *r = &g_array_index (self->results, GantryTargetResult, j);

          if (g_strcmp0 (r->target, a->target_key) == 0)
            {
              r->archive = g_strdup (a->path);
              r->sha256 = g_strdup (a->sha256);
            }
        }
    }
  record_end (self, TRUE, artifacts, "ok", self->dist_dir);
  g_debug ("%.3f s: run recorded", (g_get_monotonic_time () - self->started_us) / 1e6);
  g_task_return_boolean (task, TRUE);
}

static void prune_old_builds (const char *out_dir);

/* May run in any thread; cancelling is thread-safe. */
static void
on_caller_cancelled (GCancellable *caller,
                     gpointer      ours)
{
  g_cancellable_cancel (G_CANCELLABLE (ours));
}

static gpointer
prune_thread (gpointer data)
{
  g_autofree char *out_dir = data;

  prune_old_builds (out_dir);
  return NULL;
}

/* The run's end, then the housekeeping nobody waits for: the task's
 * callback runs only once this function returns, so pruning goes to a
 * thread of its own (a process that exits first leaves the rest of the
 * pruning to the next run). */
static void
post_process_and_prune (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  GantryBuild *self = source_object;

  post_process (task, source_object, task_data, cancellable);
  g_thread_unref (g_thread_new ("gantry-prune", prune_thread, g_strdup (self->out_dir)));
}

static void
on_runner_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GantryBuild *self = g_task_get_source_object (task);

  gantry_runner_run_finish (GANTRY_RUNNER (source), result, &self->runner_error);
  g_debug ("%.3f s: every step ended", (g_get_monotonic_time () - self->started_us) / 1e6);
  g_task_run_in_thread (task, post_process_and_prune);
}

/* Keeps the newest few build folders of the project (their binaries
 * feed comparisons and verification); dist/ holds the releases. */
#define BUILDS_KEPT 5

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
prune_old_builds (const char *out_dir)
{
  g_autofree char *parent = g_path_get_dirname (out_dir);
  g_autoptr(GDir) dir = g_dir_open (parent, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  /* names start with the UTC time: sorting them sorts by age */
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i + BUILDS_KEPT < names->len; i++)
    {
      g_autofree char *old = g_build_filename (parent, g_ptr_array_index (names, i), NULL);
      g_autoptr(GError) error = NULL;

      if (!gantry_archive_remove_tree (old, &error))
        g_debug ("could not prune %s: %s", old, error->message);
    }
}

void
gantry_build_run_async (GantryBuild       *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GANTRY_IS_BUILD (self));
  g_return_if_fail (self->runner == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_build_run_async);
  self->started_us = g_get_monotonic_time ();

  if (!self->no_package && !start_packaging (self, &error))
    {
      /* recorded as a failed run, so History says what happened */
      self->run_id = gantry_history_begin_run (self->store, gantry_project_get_id (self->project),
                                               gantry_recipe_get_revision (self->recipe), self->plan, NULL);
      if (self->run_id != 0)
        gantry_history_finish_run (self->store, self->run_id, "failed", NULL, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The builds and the workers stop on the caller's cancel, and on ours
   * when the run cannot be recorded. */
  self->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    self->caller_cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                                       g_object_ref (self->cancellable), g_object_unref);
  self->caller_cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  /* as many as build at once: compressing one archive takes about as
   * long as linking one binary */
  self->pool = g_thread_pool_new (process_target, self, (int) (self->jobs > 0 ? self->jobs : MAX (1, g_get_num_processors ())),
                                  FALSE, NULL);

  /* The compilers start first; the run is recorded while they work (its
   * durable writes took 5 ms, a noticeable part of a short build). */
  self->runner = gantry_runner_new (self->plan, self->jobs);
  g_signal_connect_object (self->runner, "step-changed", G_CALLBACK (on_step_changed), self, 0);
  gantry_runner_run_async (self->runner, self->cancellable, on_runner_done, g_steal_pointer (&task));

  self->run_id = gantry_history_begin_run (self->store, gantry_project_get_id (self->project),
                                           gantry_recipe_get_revision (self->recipe), self->plan, &error);
  if (self->run_id == 0)
    {
      self->record_error = g_steal_pointer (&error);
      g_cancellable_cancel (self->cancellable);
      return;
    }
  /* steps that ended before the run was recorded: skipped, or not started */
  for (guint i = 0; i < gantry_plan_get_n_steps (self->plan); i++)
    {
      GantryStepState state = gantry_runner_get_step_state (self->runner, i);

      if (state != GANTRY_STEP_PENDING && state != GANTRY_STEP_RUNNING &&
          !gantry_history_record_step (self->store, self->run_id, self->runner, i, &error))
        {
          g_warning ("%s", error->message);
          g_clear_error (&error);
        }
    }

  /* Also while they work: fold the write-ahead log, which closing
   * leaves behind, into gantry.db. Left to grow, every open has to read
   * it back (1.5 ms at 4 MB). Never waits: another Gantry reading at
   * the moment only makes this partial. */
  if (!gantry_store_checkpoint (self->store, FALSE, &error))
    g_debug ("checkpoint during the build: %s", error->message);
}

gboolean
gantry_build_run_finish (GantryBuild  *self,
                           GAsyncResult   *result,
                           GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Accessors and GObject                                               */
/* ------------------------------------------------------------------ */

GantryPlan *gantry_build_get_plan (GantryBuild *self) { return self->plan; }
GantryRecipe *gantry_build_get_recipe (GantryBuild *self) { return self->recipe; }
GantryRunner *gantry_build_get_runner (GantryBuild *self) { return self->runner; }
const char *gantry_build_get_version (GantryBuild *self) { return self->version; }
const char *gantry_build_get_dist_dir (GantryBuild *self) { return self->dist_dir; }
gboolean gantry_build_get_packages (GantryBuild *self) { return !self->no_package; }
gint64 gantry_build_get_run_id (GantryBuild *self) { return self->run_id; }
guint gantry_build_get_n_results (GantryBuild *self) { return self->results->len; }

GantryTargetPhase
gantry_build_get_target_phase (GantryBuild *self,
                               guint        index)
{
  g_return_val_if_fail (GANTRY_IS_BUILD (self), GANTRY_TARGET_PHASE_NONE);

  if (index < self->n_prepare || index - self->n_prepare >= self->n_targets)
    return GANTRY_TARGET_PHASE_NONE;
  return (GantryTargetPhase) g_atomic_int_get (&self->preps[index - self->n_prepare].phase);
}

/* What the resolver chose per target: the plan's inputs, for exports. */
const GantryPlanInput *
gantry_build_get_plan_inputs (GantryBuild *self,
                              guint       *n_inputs)
{
  g_return_val_if_fail (GANTRY_IS_BUILD (self), NULL);
  *n_inputs = self->n_targets;
  return self->inputs;
}

const GantryTargetResult *
gantry_build_get_result (GantryBuild *self,
                           guint          index)
{
  g_return_val_if_fail (GANTRY_IS_BUILD (self), NULL);
  g_return_val_if_fail (index < self->results->len, NULL);
  return &g_array_index (self->results, GantryTargetResult, index);
}

static void
gantry_build_finalize (GObject *object)
{
  GantryBuild *self = (GantryBuild *) object;

  /* a run always ends in post_process(), which stops the workers */
  if (self->pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->pool), TRUE, TRUE);
  g_clear_pointer (&self->packager, gantry_packager_free);

  for (guint i = 0; i < self->n_targets; i++)
    {
      g_clear_object (&self->preps[i].target);
      g_clear_pointer (&self->preps[i].graph, gantry_go_graph_unref);
      g_clear_pointer (&self->preps[i].choice, gantry_cc_choice_free);
      g_free (self->preps[i].unbuildable);
      g_free (self->preps[i].reason);
      g_free (self->preps[i].needs_cgo);
      g_strfreev (self->preps[i].env);
      g_free (self->preps[i].extra_ldflags);
      g_free (self->preps[i].extra_extldflags);
      g_clear_object (&self->preps[i].facts);
      g_free (self->preps[i].facts_json);
      g_free (self->preps[i].sha256);
      g_clear_error (&self->preps[i].package_error);
    }
  if (self->caller_cancellable != NULL)
    g_cancellable_disconnect (self->caller_cancellable, self->caller_cancelled_id);
  g_clear_object (&self->caller_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->runner_error);
  g_clear_error (&self->record_error);
  g_free (self->preps);
  g_free (self->inputs);
  g_array_unref (self->results);
  g_clear_object (&self->runner);
  g_clear_object (&self->plan);
  g_clear_object (&self->recipe);
  g_clear_object (&self->project);
  g_clear_object (&self->store);
  g_free (self->version);
  g_free (self->dist_dir);
  g_free (self->out_dir);

  G_OBJECT_CLASS (gantry_build_parent_class)->finalize (object);
}

static void
gantry_build_class_init (GantryBuildClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gantry_build_finalize;
}

static void
gantry_build_init (GantryBuild *self)
{
  self->results = g_array_new (FALSE, TRUE, sizeof (GantryTargetResult));
  g_array_set_clear_func (self->results, (GDestroyNotify) target_result_clear);
}

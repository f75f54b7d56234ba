/* gantry-export.c — the same recipe as a GoReleaser config or a GitHub Actions workflow */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-export"

#include "config.h"

#include <errno.h>
#include <string.h>

#include "gantry-build.h"
#include "gantry-export.h"
#include "gantry-recipe.h"

/* YAML double-quoted scalars take every string safely. */
static char *
yq (const char *s)
{
  GString *out = g_string_new ("\"");

  for (const char *p = s ? s : ""; *p; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (out, "\\x%02x", (guchar) *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

/* On another machine the compiler is found by name, not by this
 * machine's path: /usr/bin/musl-gcc → musl-gcc. */
static char *
portable_cc (const char *cc)
{
  g_auto(GStrv) words = NULL;
  g_autofree char *first = NULL;

  if (cc == NULL)
    return NULL;
  words = g_strsplit (cc, " ", 2);
  first = g_path_get_basename (words[0]);
  if (g_str_has_suffix (first, ".exe"))
    first[strlen (first) - 4] = '\0';
  return words[1] ? g_strdup_printf ("%s %s", first, words[1]) : g_steal_pointer (&first);
}

/* Debian/Ubuntu packages that provide a compiler, for CI runners. */
static const char *
apt_package_for (const char *cc)
{
  static const struct { const char *prefix, *package; } map[] = {
    { "musl-gcc", "musl-tools" },
    { "aarch64-linux-gnu-", "gcc-aarch64-linux-gnu" },
    { "arm-linux-gnueabihf-", "gcc-arm-linux-gnueabihf" },
    { "x86_64-w64-mingw32-", "gcc-mingw-w64-x86-64" },
    { "i686-w64-mingw32-", "gcc-mingw-w64-i686" },
    { "riscv64-linux-gnu-", "gcc-riscv64-linux-gnu" },
    { "powerpc64le-linux-gnu-", "gcc-powerpc64le-linux-gnu" },
    { "s390x-linux-gnu-", "gcc-s390x-linux-gnu" },
  };

  for (guint i = 0; cc != NULL && i < G_N_ELEMENTS (map); i++)
    if (g_str_has_prefix (cc, map[i].prefix))
      return map[i].package;
  return NULL;
}

static char *
build_id (GantryTarget *t)
{
  return gantry_target_slug (t);
}

/* -ldflags with the version as GoReleaser and CI see it. */
static char *
ldflags_for (GantryRecipe          *recipe,
             const GantryPlanInput *in,
             const char            *version_expr)
{
  GString *s = g_string_new (NULL);
  g_autoptr(GString) extld = g_string_new (NULL);

#define ADD(x) G_STMT_START { if ((x) && *(x)) { if (s->len) g_string_append_c (s, ' '); g_string_append (s, (x)); } } G_STMT_END
  ADD (gantry_recipe_get_ldflags (recipe));
  ADD (gantry_target_get_ldflags (in->target));
  if (gantry_recipe_get_version_var (recipe) != NULL && version_expr != NULL)
    {
      g_autofree char *x = g_strdup_printf ("-X %s=%s", gantry_recipe_get_version_var (recipe), version_expr);
      ADD (x);
    }
  if (in->cgo_enabled)
    {
      ADD (in->extra_ldflags);
      if (in->extra_extldflags)
        g_string_append (extld, in->extra_extldflags);
      if (g_str_equal (gantry_target_get_goos (in->target), "windows"))
        g_string_append_printf (extld, "%s-Wl,--no-insert-timestamp", extld->len ? " " : "");
      if (extld->len)
        {
          g_autofree char *e = g_strdup_printf ("-extldflags '%s'", extld->str);
          ADD (e);
        }
    }
#undef ADD
  return g_string_free (s, FALSE);
}

static char *
tags_for (GantryRecipe          *recipe,
          const GantryPlanInput *in)
{
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);
  const char *sources[] = { gantry_recipe_get_tags (recipe), gantry_target_get_tags (in->target),
                            in->cgo_enabled ? in->extra_tags : NULL };

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_auto(GStrv) parts = sources[i] ? g_strsplit_set (sources[i], ", ", -1) : NULL;

      for (guint j = 0; parts && parts[j]; j++)
        if (parts[j][0] && !g_ptr_array_find_with_equal_func (tags, parts[j], g_str_equal, NULL))
          g_ptr_array_add (tags, g_strdup (parts[j]));
    }
  g_ptr_array_add (tags, NULL);
  return g_strjoinv (",", (char **) tags->pdata);
}

char *
gantry_export_goreleaser (GantryProject         *project,
                          GantryRecipe          *recipe,
                          const GantryPlanInput *inputs,
                          guint                  n_inputs)
{
  GString *y = g_string_new (NULL);
  g_autofree char *name = yq (gantry_recipe_get_binary_name (recipe));
  const char * const *mains = gantry_recipe_get_main_packages (recipe);
  gboolean several = mains[0] != NULL && mains[1] != NULL;

  g_return_val_if_fail (GANTRY_IS_PROJECT (project), NULL);
  g_return_val_if_fail (GANTRY_IS_RECIPE (recipe), NULL);

  g_string_append_printf (y,
                          "# .goreleaser.yaml made by Gantry from the recipe of %s.\n"
                          "# One build per program per target; each build's C compiler is in its overrides.\n"
                          "version: 2\n"
                          "project_name: %s\n"
                          "builds:\n",
                          gantry_project_get_name (project), name);

  for (guint i = 0; i < n_inputs; i++)
    {
      const GantryPlanInput *in = &inputs[i];
      GantryTarget *t = in->target;
      g_autofree char *id = build_id (t);
      g_autofree char *ldflags = ldflags_for (recipe, in, "{{.Version}}");
      g_autofree char *ldq = yq (ldflags);
      g_autofree char *tags = tags_for (recipe, in);
      g_autofree char *cc = portable_cc (in->cc);
      g_autofree char *cxx = portable_cc (in->cxx);

      if (in->unbuildable != NULL)
        {
          g_string_append_printf (y, "  # %s left out: %s\n", id, in->unbuildable);
          continue;
        }

      /* every program of the recipe, each a build of its own */
      for (guint m = 0; mains[m] != NULL; m++)
        {
          g_autofree char *program = gantry_recipe_get_program_name (recipe, mains[m]);
          g_autofree char *program_q = yq (program);
          g_autofree char *main_pkg = yq (mains[m]);
          g_autofree char *build = several ? g_strdup_printf ("%s-%s", program, id) : g_strdup (id);

          g_string_append_printf (y, "  - id: %s\n    main: %s\n    binary: %s\n", build, main_pkg, program_q);
          g_string_append_printf (y, "    env:\n      - CGO_ENABLED=%d\n", in->cgo_enabled ? 1 : 0);
          g_string_append_printf (y, "    goos: [%s]\n    goarch: [%s]\n", gantry_target_get_goos (t), gantry_target_get_goarch (t));
          if (gantry_target_get_goarm (t))
            g_string_append_printf (y, "    goarm: [\"%s\"]\n", gantry_target_get_goarm (t));
          if (gantry_target_get_goamd64 (t))
            g_string_append_printf (y, "    goamd64: [%s]\n", gantry_target_get_goamd64 (t));
          if (gantry_recipe_get_trimpath (recipe))
            g_string_append (y, "    flags: [-trimpath]\n");
          if (tags[0])
            g_string_append_printf (y, "    tags: [%s]\n", tags);
          g_string_append_printf (y, "    ldflags:\n      - %s\n", ldq);
          if (in->cgo_enabled && cc != NULL)
            {
              g_autofree char *ccq = NULL, *cxxq = NULL;
              g_autofree char *cc_env = g_strdup_printf ("CC=%s", cc);
              g_autofree char *cxx_env = cxx ? g_strdup_printf ("CXX=%s", cxx) : NULL;

              ccq = yq (cc_env);
              cxxq = cxx_env ? yq (cxx_env) : NULL;
              g_string_append_printf (y, "    overrides:\n      - goos: %s\n        goarch: %s\n",
                                      gantry_target_get_goos (t), gantry_target_get_goarch (t));
              if (gantry_target_get_goarm (t))
                g_string_append_printf (y, "        goarm: \"%s\"\n", gantry_target_get_goarm (t));
              g_string_append_printf (y, "        env:\n          - %s\n", ccq);
              if (cxxq)
                g_string_append_printf (y, "          - %s\n", cxxq);
            }
        }
    }

  g_string_append (y, "archives:\n");
  for (guint i = 0; i < n_inputs; i++)
    {
      g_autofree char *id = build_id (inputs[i].target);
      const char *variant = strchr (id, '_') ? strchr (strchr (id, '_') + 1, '_') : NULL;

      if (inputs[i].unbuildable != NULL)
        continue;
      g_string_append_printf (y, "  - id: %s\n    ids: [%s]\n    formats: [%s]\n"
                                 "    name_template: \"{{ .ProjectName }}_{{ .Version }}_{{ .Os }}_{{ .Arch }}"
                                 "{{ with .Arm }}v{{ . }}{{ end }}%s\"\n",
                              id, id, gantry_target_get_archive_format_or_default (inputs[i].target),
                              variant ? variant : "");
    }
  g_string_append (y, "checksum:\n  name_template: SHA256SUMS\n  algorithm: sha256\n");
  return g_string_free (y, FALSE);
}

char *
gantry_export_github_workflow (GantryProject         *project,
                               GantryRecipe          *recipe,
                               const GantryPlanInput *inputs,
                               guint                  n_inputs)
{
  GString *y = g_string_new (NULL);
  const char * const *mains = gantry_recipe_get_main_packages (recipe);
  gboolean several = mains[0] != NULL && mains[1] != NULL;
  /* several programs: -o names the folder, and go names each program */
  g_autofree char *main_pkg = g_strjoinv (" ", (char **) mains);
  g_autofree char *output = several ? g_strdup ("dist/${{ matrix.slug }}/\"")
                                    : g_strdup_printf ("dist/${{ matrix.slug }}/%s${{ matrix.exe }}\"",
                                                       gantry_recipe_get_binary_name (recipe));
  g_autofree char *version_flag = gantry_recipe_get_version_var (recipe)
    ? g_strdup_printf ("-X %s=${{ github.ref_name }}", gantry_recipe_get_version_var (recipe)) : g_strdup ("");

  g_return_val_if_fail (GANTRY_IS_PROJECT (project), NULL);
  g_return_val_if_fail (GANTRY_IS_RECIPE (recipe), NULL);

  g_string_append_printf (y,
                          "# GitHub Actions workflow made by Gantry from the recipe of %s:\n"
                          "# the same targets, C compilers and flags as Gantry's own builds.\n"
                          "name: release\n"
                          "on:\n"
                          "  push:\n"
                          "    tags: [\"v*\"]\n"
                          "  workflow_dispatch:\n"
                          "jobs:\n"
                          "  build:\n"
                          "    runs-on: ubuntu-latest\n"
                          "    strategy:\n"
                          "      fail-fast: false\n"
                          "      matrix:\n"
                          "        include:\n",
                          gantry_project_get_name (project));

  for (guint i = 0; i < n_inputs; i++)
    {
      const GantryPlanInput *in = &inputs[i];
      g_autofree char *key = gantry_target_get_key (in->target);
      g_autofree char *slug = gantry_target_slug (in->target);
      /* matrix values are not expanded: the version goes in the run line */
      g_autofree char *ldflags = ldflags_for (recipe, in, NULL);
      g_autofree char *tags = tags_for (recipe, in);
      g_autofree char *cc = portable_cc (in->cc);
      g_autofree char *q_key = yq (key), *q_ld = yq (ldflags), *q_cc = yq (in->cgo_enabled ? cc : "");
      const char *apt = in->cgo_enabled ? apt_package_for (cc) : NULL;
      gboolean zig = cc != NULL && g_str_has_prefix (cc, "zig ");
      const char *ext = g_str_equal (gantry_target_get_goos (in->target), "windows") ? ".exe" : "";

      if (in->unbuildable != NULL)
        {
          g_string_append_printf (y, "          # %s left out: %s\n", key, in->unbuildable);
          continue;
        }
      g_string_append_printf (y, "          - target: %s\n", q_key);
      g_string_append_printf (y, "            slug: %s\n", slug);
      g_string_append_printf (y, "            goos: %s\n            goarch: %s\n",
                              gantry_target_get_goos (in->target), gantry_target_get_goarch (in->target));
      g_string_append_printf (y, "            goarm: \"%s\"\n", gantry_target_get_goarm (in->target) ? gantry_target_get_goarm (in->target) : "");
      g_string_append_printf (y, "            cgo: \"%d\"\n", in->cgo_enabled ? 1 : 0);
      g_string_append_printf (y, "            cc: %s\n", q_cc);
      g_string_append_printf (y, "            apt: \"%s\"\n", apt ? apt : "");
      g_string_append_printf (y, "            zig: %s\n", zig ? "true" : "false");
      g_string_append_printf (y, "            tags: \"%s\"\n", tags);
      g_string_append_printf (y, "            ldflags: %s\n", q_ld);
      g_string_append_printf (y, "            exe: \"%s\"\n", ext);
    }

  g_string_append_printf (y,
                          "    steps:\n"
                          "      - uses: actions/checkout@v4\n"
                          "      - uses: actions/setup-go@v5\n"
                          "        with:\n"
                          "          go-version-file: go.mod\n"
                          "      - name: C compiler from Ubuntu\n"
                          "        if: matrix.apt != ''\n"
                          "        run: sudo apt-get update && sudo apt-get install -y ${{ matrix.apt }}\n"
                          "      - name: Zig\n"
                          "        if: matrix.zig\n"
                          "        uses: mlugg/setup-zig@v1\n"
                          "      - name: Build ${{ matrix.target }}\n"
                          "        env:\n"
                          "          CGO_ENABLED: ${{ matrix.cgo }}\n"
                          "          GOOS: ${{ matrix.goos }}\n"
                          "          GOARCH: ${{ matrix.goarch }}\n"
                          "          GOARM: ${{ matrix.goarm }}\n"
                          "          CC: ${{ matrix.cc }}\n"
                          "          GOFLAGS: -buildvcs=false\n"
                          "        run: >-\n"
                          "          go build %s-tags \"${{ matrix.tags }}\" -ldflags \"%s ${{ matrix.ldflags }}\"\n"
                          "          -o \"%s %s\n"
                          "      - uses: actions/upload-artifact@v4\n"
                          "        with:\n"
                          "          name: ${{ matrix.slug }}\n"
                          "          path: dist/${{ matrix.slug }}\n",
                          gantry_recipe_get_trimpath (recipe) ? "-trimpath " : "",
                          version_flag,
                          output, main_pkg);
  return g_string_free (y, FALSE);
}

/* ------------------------------------------------------------------ */
/* Writing one of them                                                 */
/* ------------------------------------------------------------------ */

char *
gantry_export_default_path (GantryProject    *project,
                            GantryExportKind  kind)
{
  const char *dir;

  g_return_val_if_fail (GANTRY_IS_PROJECT (project), NULL);

  dir = gantry_project_get_path (project);
  switch (kind)
    {
    case GANTRY_EXPORT_GORELEASER:
      return g_build_filename (dir, ".goreleaser.yaml", NULL);
    case GANTRY_EXPORT_CI:
      return g_build_filename (dir, ".github", "workflows", "release.yml", NULL);
    case GANTRY_EXPORT_RECIPE:
    default:
      return g_build_filename (dir, "gantry.json", NULL);
    }
}

gboolean
gantry_export_write (GantryStore      *store,
                     GantryProject    *project,
                     GantryRecipe     *recipe,
                     GantryExportKind  kind,
                     const char       *path,
                     GError          **error)
{
  g_autofree char *parent = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (GANTRY_IS_STORE (store), FALSE);
  g_return_val_if_fail (GANTRY_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (GANTRY_IS_RECIPE (recipe), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (kind == GANTRY_EXPORT_RECIPE)
    return gantry_recipe_export_file (recipe, path, error);

  {
    /* the compilers come from this machine's resolver, as for a build */
    GantryBuildOptions options = { 0 };
    g_autoptr(GantryBuild) build = gantry_build_new (store, project, &options, error);
    const GantryPlanInput *inputs;
    guint n = 0;

    if (build == NULL)
      return FALSE;
    inputs = gantry_build_get_plan_inputs (build, &n);
    text = kind == GANTRY_EXPORT_GORELEASER ? gantry_export_goreleaser (project, recipe, inputs, n)
                                            : gantry_export_github_workflow (project, recipe, inputs, n);
  }
  parent = g_path_get_dirname (path);
  if (g_mkdir_with_parents (parent, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Could not create the folder %s: %s.", parent, g_strerror (saved));
      return FALSE;
    }
  return g_file_set_contents (path, text, -1, error);
}

typedef struct
{
  GantryStore *store;
  GantryProject *project;
  GantryRecipe *recipe;
  GantryExportKind kind;
  char *path;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->store);
  g_clear_object (&job->project);
  g_clear_object (&job->recipe);
  g_free (job->path);
  g_free (job);
}

static void
export_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  GError *error = NULL;

  if (gantry_export_write (job->store, job->project, job->recipe, job->kind, job->path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
gantry_export_write_async (GantryStore         *store,
                           GantryProject       *project,
                           GantryRecipe        *recipe,
                           GantryExportKind     kind,
                           const char          *path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  g_return_if_fail (GANTRY_IS_STORE (store));
  g_return_if_fail (GANTRY_IS_PROJECT (project));
  g_return_if_fail (GANTRY_IS_RECIPE (recipe));
  g_return_if_fail (path != NULL);

  job = g_new0 (ExportJob, 1);
  job->store = g_object_ref (store);
  job->project = g_object_ref (project);
  /* a copy: the window goes on editing its own */
  job->recipe = gantry_recipe_copy (recipe);
  job->kind = kind;
  job->path = g_strdup (path);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_export_write_async);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_worker);
}

gboolean
gantry_export_write_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* gantry-verify-reproducible.c — rebuild a recorded run in a scratch folder and compare the bytes */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-verify"

#include "config.h"

#include <errno.h>
#include <string.h>

#include "gantry-archive.h"
#include "gantry-download.h"
#include "gantry-sample.h"
#include "gantry-verify-private.h"

#define REBUILD_TIMEOUT_SECONDS 1800
#define MAX_RANGES_SHOWN 4
/* differences closer than this are one range */
#define RANGE_GAP 16

typedef struct
{
  gsize start;
  gsize end;
} Range;

static guint32
read_le32 (const guint8 *data, gsize len, gsize at)
{
  if (at + 4 > len)
    return 0;
  return (guint32) data[at] | ((guint32) data[at + 1] << 8) | ((guint32) data[at + 2] << 16) | ((guint32) data[at + 3] << 24);
}

/* What in the file holds byte @offset, in words a developer acts on. */
static char *
what_holds (GantryBinary *facts, const guint8 *data, gsize len, gsize offset)
{
  GPtrArray *sections;

  if (facts == NULL)
    return g_strdup ("the file");

  if (gantry_binary_get_format (facts) == GANTRY_BINARY_FORMAT_PE)
    {
      guint32 pe = read_le32 (data, len, 0x3c);

      if (offset >= pe + 8 && offset < pe + 12)
        return g_strdup ("PE header timestamp: link with -extldflags -Wl,--no-insert-timestamp");
      if (offset >= pe + 24 + 64 && offset < pe + 24 + 68)
        return g_strdup ("PE checksum");
    }

  sections = gantry_binary_get_sections (facts);
  for (guint i = 0; sections != NULL && i < sections->len; i++)
    {
      GantrySection *sec = g_ptr_array_index (sections, i);

      if (!sec->in_file || offset < sec->offset || offset >= sec->offset + sec->size)
        continue;
      if (g_str_equal (sec->name, ".note.gnu.build-id"))
        return g_strdup (".note.gnu.build-id: the build id, which follows the other bytes");
      if (g_str_equal (sec->name, ".note.go.buildid"))
        return g_strdup (".note.go.buildid: the Go build id, which follows the inputs");
      if (g_str_equal (sec->name, ".go.buildinfo"))
        return g_strdup (".go.buildinfo: Go build settings or module versions differ");
      if (sec->group == GANTRY_SECTION_GROUP_DEBUG)
        return g_strdup_printf ("%s: debug info, often a path left in it (build with -trimpath, or strip with -ldflags=-s -w)",
                                sec->name);
      return g_strdup (sec->name);
    }
  if (offset < gantry_binary_get_headers_size (facts))
    return g_strdup ("file headers");
  return g_strdup ("outside any section");
}

static gboolean
contains_bytes (const guint8 *data, gsize len, const char *needle)
{
  gsize n = strlen (needle);

  if (n == 0)
    return FALSE;
  for (gsize i = 0; i + n <= len; i++)
    if (data[i] == (guint8) needle[0] && memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

char *
gantry_verify_describe_differences (const char  *a,
                                    const char  *b,
                                    const char  *scratch_path,
                                    GError     **error)
{
  g_autoptr(GMappedFile) ma = NULL;
  g_autoptr(GMappedFile) mb = NULL;
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (Range));
  g_autoptr(GantryBinary) facts = NULL;
  const guint8 *da, *db;
  gsize la, lb, n, i = 0;
  guint64 n_diff = 0;
  GString *s;

  g_return_val_if_fail (a != NULL && b != NULL, NULL);

  ma = g_mapped_file_new (a, FALSE, error);
  if (ma == NULL)
    return NULL;
  mb = g_mapped_file_new (b, FALSE, error);
  if (mb == NULL)
    return NULL;
  da = (const guint8 *) g_mapped_file_get_contents (ma);
  db = (const guint8 *) g_mapped_file_get_contents (mb);
  la = g_mapped_file_get_length (ma);
  lb = g_mapped_file_get_length (mb);
  n = MIN (la, lb);

  while (i < n)
    {
      Range r;
      gsize last;

      if (da[i] == db[i])
        {
          i++;
          continue;
        }
      r.start = last = i;
      for (; i < n && i - last <= RANGE_GAP; i++)
        if (da[i] != db[i])
          {
            last = i;
            n_diff++;
          }
      r.end = last + 1;
      g_array_append_val (ranges, r);
    }

  if (ranges->len == 0 && la == lb)
    {
      /* the caller asked for differences: "none" is NULL with no error */
      return NULL;
    }

  facts = gantry_inspect_path (a, NULL);
  s = g_string_new (NULL);
  if (la != lb)
    g_string_append_printf (s, "sizes differ (%" G_GSIZE_FORMAT " and %" G_GSIZE_FORMAT " bytes); ", la, lb);
  g_string_append_printf (s, "%" G_GUINT64_FORMAT " byte%s differ in %u range%s", n_diff, n_diff == 1 ? "" : "s",
                          ranges->len, ranges->len == 1 ? "" : "s");
  for (guint j = 0; j < ranges->len && j < MAX_RANGES_SHOWN; j++)
    {
      Range *r = &g_array_index (ranges, Range, j);
      g_autofree char *holder = what_holds (facts, da, la, r->start);

      g_string_append_printf (s, "%s0x%" G_GSIZE_MODIFIER "x–0x%" G_GSIZE_MODIFIER "x %s", j ? "; " : ": ",
                              r->start, r->end, holder);
    }
  if (ranges->len > MAX_RANGES_SHOWN)
    g_string_append_printf (s, "; and %u more", ranges->len - MAX_RANGES_SHOWN);
  if (scratch_path != NULL && contains_bytes (db, lb, scratch_path))
    g_string_append (s, "; the rebuild's folder path is inside the file: build with -trimpath");
  return g_string_free (s, FALSE);
}

typedef struct
{
  char *target;
  char **argv;
  char **env;          /* the recorded environment changes */
  char *cwd;
  gint64 artifact_id;
  char *path;
} Rebuild;

static void
rebuild_free (Rebuild *r)
{
  g_free (r->target);
  g_strfreev (r->argv);
  g_strfreev (r->env);
  g_free (r->cwd);
  g_free (r->path);
  g_free (r);
}

/* The recorded environment changes, with GOCACHE pointed at @gocache. */
static char **
rebuild_env (char       **recorded,
             const char  *gocache)
{
  g_autoptr(GPtrArray) env = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; recorded != NULL && recorded[i] != NULL; i++)
    {
      gsize key_len = strcspn (recorded[i], "=");

      if (key_len == strlen ("GOCACHE") && strncmp (recorded[i], "GOCACHE", key_len) == 0)
        continue;
      g_ptr_array_add (env, g_strdup (recorded[i]));
    }
  g_ptr_array_add (env, g_strdup_printf ("GOCACHE=%s", gocache));
  g_ptr_array_add (env, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&env), FALSE);
}

static void
rebuild_one (Rebuild      *r,
             GPtrArray    *matrix,
             GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *scratch = g_dir_make_tmp ("gantry-rebuild-XXXXXX", &error);
  g_autofree char *src = NULL, *out_dir = NULL, *gocache = NULL, *out = NULL, *base = NULL;
  g_autofree char *differences = NULL;
  g_auto(GStrv) env = NULL;
  g_auto(GStrv) argv = g_strdupv (r->argv);
  GantryVerdict *v;
  gboolean replaced = FALSE;
  GantryProcessResult o;

  v = _gantry_verdict_add (matrix, r->target, r->path, "reproducible", "rebuild", GANTRY_VERDICT_SKIPPED, NULL);
  v->artifact_id = r->artifact_id;
  if (scratch == NULL)
    {
      v->message = g_strdup_printf ("skipped: no scratch folder for the rebuild: %s", error->message);
      return;
    }
  if (!g_file_test (r->path, G_FILE_TEST_EXISTS))
    {
      v->message = g_strdup_printf ("skipped: the released binary %s is gone (old build folders are pruned): build again", r->path);
      gantry_archive_remove_tree (scratch, NULL);
      return;
    }

  src = g_build_filename (scratch, "src", NULL);
  out_dir = g_build_filename (scratch, "out", NULL);
  gocache = g_build_filename (scratch, "gocache", NULL);
  base = g_path_get_basename (r->path);
  out = g_build_filename (out_dir, base, NULL);
  for (guint i = 0; argv[i] != NULL && argv[i + 1] != NULL; i++)
    if (g_str_equal (argv[i], "-o"))
      {
        /* "-o folder/" builds several programs at once (a recipe of
         * several main packages): the rebuild writes them all to its
         * own folder, and this binary is compared by its name there */
        gboolean folder = g_str_has_suffix (argv[i + 1], "/") || g_str_has_suffix (argv[i + 1], "\\");

        g_free (argv[i + 1]);
        argv[i + 1] = folder ? g_strconcat (out_dir, G_DIR_SEPARATOR_S, NULL) : g_strdup (out);
        replaced = TRUE;
      }
  if (!replaced || r->cwd == NULL)
    {
      v->message = g_strdup ("skipped: the recorded command names no output file or folder to rebuild from");
      gantry_archive_remove_tree (scratch, NULL);
      return;
    }

  {
    g_autoptr(GFile) from = g_file_new_for_path (r->cwd);
    g_autoptr(GFile) to = g_file_new_for_path (src);

    if (!gantry_copy_tree (from, to, cancellable, &error) || g_mkdir_with_parents (out_dir, 0755) != 0)
      {
        v->message = g_strdup_printf ("skipped: could not copy the project to a scratch folder: %s",
                                      error ? error->message : g_strerror (errno));
        gantry_archive_remove_tree (scratch, NULL);
        return;
      }
  }

  env = rebuild_env (r->env, gocache);
  _gantry_verify_run_program ((const char * const *) argv, src, (const char * const *) env, REBUILD_TIMEOUT_SECONDS, NULL,
                              cancellable, &o);
  v->seconds = o.seconds;
  if (!o.spawned || !o.exited || o.status != 0 || !g_file_test (out, G_FILE_TEST_EXISTS))
    {
      g_autofree char *line = _gantry_verify_first_line_skipping (o.output, NULL);

      v->message = o.cancelled ? g_strdup ("skipped: cancelled")
                               : g_strdup_printf ("skipped: the rebuild failed, so nothing could be compared: %s",
                                                  line ? line : "no output");
      v->output = _gantry_verify_trim_output (o.output);
      gantry_process_result_clear (&o);
      gantry_archive_remove_tree (scratch, NULL);
      return;
    }
  gantry_process_result_clear (&o);

  differences = gantry_verify_describe_differences (r->path, out, scratch, &error);
  if (differences != NULL)
    {
      v->state = GANTRY_VERDICT_FAIL;
      v->message = g_strdup_printf ("differs: %s", differences);
    }
  else if (error != NULL)
    v->message = g_strdup_printf ("skipped: could not compare: %s", error->message);
  else
    {
      g_autofree char *sha = gantry_download_sha256_file (out, NULL, NULL, NULL);

      v->state = GANTRY_VERDICT_PASS;
      v->message = g_strdup_printf ("reproducible: a fresh rebuild is byte-identical (sha256 %s)", sha ? sha : "?");
    }
  gantry_archive_remove_tree (scratch, NULL);
}

gboolean
gantry_verify_reproducible (GantryStore               *store,
                            gint64                     run_id,
                            const GantryVerifyOptions *options,
                            GPtrArray                **out_matrix,
                            GCancellable              *cancellable,
                            GError                   **error)
{
  g_autoptr(GPtrArray) matrix = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_verdict_free);
  g_autoptr(GPtrArray) rebuilds = g_ptr_array_new_with_free_func ((GDestroyNotify) rebuild_free);
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(GPtrArray) binaries = NULL;

  g_return_val_if_fail (GANTRY_IS_STORE (store), FALSE);

  if (!_gantry_verify_resolve_run (store, run_id, &run_id, error))
    return FALSE;
  if (run_id > 0)
    {
      if ((steps = gantry_history_list_steps (store, run_id, error)) == NULL ||
          (binaries = _gantry_verify_list_binaries (store, run_id, error)) == NULL)
        return FALSE;
    }
  /* every step that built, with each binary recorded for its target */
  for (guint i = 0; steps != NULL && i < steps->len; i++)
    {
      const GantryStepRecord *step = g_ptr_array_index (steps, i);

      if (step->target == NULL || g_strcmp0 (step->state, "ok") != 0)
        continue;
      for (guint j = 0; j < binaries->len; j++)
        {
          const GantryArtifactRecord *a = g_ptr_array_index (binaries, j);
          Rebuild *r;

          if (g_strcmp0 (a->target, step->target) != 0)
            continue;
          r = g_new0 (Rebuild, 1);
          r->target = g_strdup (step->target);
          r->argv = g_strdupv (step->argv);
          r->env = g_strdupv (step->env);
          r->cwd = g_strdup (step->cwd);
          r->artifact_id = a->id;
          r->path = g_strdup (a->path);
          g_ptr_array_add (rebuilds, r);
        }
    }

  if (rebuilds->len == 0)
    {
      if (run_id > 0)
        g_set_error (error, GANTRY_VERIFY_ERROR, GANTRY_VERIFY_ERROR_NOT_FOUND,
                     "Run %" G_GINT64_FORMAT " has no built binary to rebuild: see `gantry runs`.", run_id);
      else
        g_set_error (error, GANTRY_VERIFY_ERROR, GANTRY_VERIFY_ERROR_NOT_FOUND,
                     "No run to rebuild yet: build first with `gantry build`.");
      return FALSE;
    }

  for (guint i = 0; i < rebuilds->len; i++)
    {
      Rebuild *r = g_ptr_array_index (rebuilds, i);

      if (r->argv == NULL || r->argv[0] == NULL)
        continue;
      rebuild_one (r, matrix, cancellable);
    }

  if (!_gantry_verify_record_verdicts (store, matrix, error))
    return FALSE;
  if (out_matrix != NULL)
    *out_matrix = g_steal_pointer (&matrix);
  return TRUE;
}

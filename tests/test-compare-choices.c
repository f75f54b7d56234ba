/* test-compare-choices.c — the binaries of a recorded run read again from the disk for the comparison; which pair it shows */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "gantry-compare-model.h"
#include "gantry-history.h"
#include "gantry-recipe.h"
#include "gantry-test-util.h"

typedef struct
{
  char *dir;
  char *dynamic;      /* dyn/hello, linked against the C library */
  char *dynamic2;     /* dyn/other, a copy: a second program of one target */
  char *fully_static; /* static/hello */
  GantryStore *store;
  GantryProject *project;
  GantryRecipe *recipe;
} Fixture;

#ifdef __linux__
static const char hello_c[] =
  "#include <stdio.h>\n"
  "int main (void) { puts (\"hello\"); return 0; }\n";

/* Compiles hello.c into @out with cc and @extra_arg; FALSE (and why in
 * @why) when the compiler cannot. */
static gboolean
compile (const char  *cc,
         const char  *dir,
         const char  *out,
         const char  *extra_arg,
         char       **why)
{
  g_autofree char *source = g_build_filename (dir, "hello.c", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { cc, "-o", out, source, extra_arg, NULL };
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status, &error))
    {
      *why = g_strdup (error->message);
      return FALSE;
    }
  if (!g_spawn_check_wait_status (status, NULL))
    {
      *why = g_strdup_printf ("%s %s failed: %s", cc, extra_arg ? extra_arg : "", err);
      return FALSE;
    }
  return TRUE;
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GFile) src = g_file_new_for_path (from);
  g_autoptr(GFile) dst = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}
#endif

static void
fixture_tear_down (Fixture *f)
{
  g_clear_object (&f->recipe);
  g_clear_object (&f->project);
  if (f->store != NULL)
    g_assert_finalize_object (f->store);
  if (f->dir != NULL)
    gantry_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->dynamic);
  g_free (f->dynamic2);
  g_free (f->fully_static);
}

/* A store with a project, and a dynamic and a static build of hello.c;
 * FALSE (the test skipped) when there is no C compiler or static C
 * library here. */
static gboolean
fixture_set_up (Fixture *f)
{
#ifndef __linux__
  memset (f, 0, sizeof *f);
  g_test_skip ("builds ELF binaries with cc and cc -static: Linux only");
  return FALSE;
#else
  g_autofree char *cc = g_find_program_in_path ("cc");
  g_autofree char *db = NULL;
  g_autofree char *dyn_dir = NULL, *static_dir = NULL;
  g_autofree char *why = NULL;
  g_autoptr(GError) error = NULL;
  const char *mains[] = { ".", NULL };

  memset (f, 0, sizeof *f);
  if (cc == NULL)
    {
      g_test_skip ("no cc on PATH to build a dynamic and a static binary");
      return FALSE;
    }
  f->dir = gantry_test_make_tmpdir ("compare-choices");
  gantry_test_write_file (f->dir, "hello.c", hello_c);
  dyn_dir = g_build_filename (f->dir, "dyn", NULL);
  static_dir = g_build_filename (f->dir, "static", NULL);
  g_assert_cmpint (g_mkdir (dyn_dir, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (static_dir, 0755), ==, 0);
  f->dynamic = g_build_filename (dyn_dir, "hello", NULL);
  f->dynamic2 = g_build_filename (dyn_dir, "other", NULL);
  f->fully_static = g_build_filename (static_dir, "hello", NULL);
  if (!compile (cc, f->dir, f->dynamic, NULL, &why) ||
      !compile (cc, f->dir, f->fully_static, "-static", &why))
    {
      g_autofree char *message = g_strdup_printf ("cannot build the test binaries (no static C library?): %s", why);

      g_test_skip (message);
      fixture_tear_down (f);
      return FALSE;
    }
  copy_file (f->dynamic, f->dynamic2);

  db = g_build_filename (f->dir, "gantry.db", NULL);
  f->store = gantry_store_open (db, &error);
  g_assert_no_error (error);
  f->project = g_object_new (GANTRY_TYPE_PROJECT, "name", "p", "path", f->dir, "module", "example.com/p",
                             "main-packages", mains, NULL);
  g_assert_true (gantry_store_add_project (f->store, f->project, &error));
  f->recipe = gantry_recipe_new_detected (f->project);
  g_assert_true (gantry_recipe_save (f->recipe, f->store, gantry_project_get_id (f->project), &error));
  return TRUE;
#endif
}

/* A finished run with a binary artifact per (target, path) pair of
 * @binaries (NULL-ended), and an archive. */
static gint64
record_run (Fixture    *f,
            const char *first_target,
            ...)
{
  g_autoptr(GantryPlan) plan = gantry_plan_new_empty ("p");
  g_autoptr(GError) error = NULL;
  const char *target = first_target;
  gint64 run_id;
  va_list args;

  run_id = gantry_history_begin_run (f->store, gantry_project_get_id (f->project),
                                     gantry_recipe_get_revision (f->recipe), plan, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run_id, >, 0);

  va_start (args, first_target);
  for (; target != NULL; target = va_arg (args, const char *))
    {
      const char *path = va_arg (args, const char *);

      g_assert_cmpint (gantry_history_add_artifact (f->store, run_id, target, "binary", path, 1000, NULL, NULL,
                                                    &error), >, 0);
      g_assert_no_error (error);
    }
  va_end (args);
  g_assert_cmpint (gantry_history_add_artifact (f->store, run_id, "linux/amd64", "archive", "/nowhere/p.tar.gz",
                                                900, "0123", NULL, &error), >, 0);
  g_assert_true (gantry_history_finish_run (f->store, run_id, "ok", NULL, &error));
  g_assert_no_error (error);
  return run_id;
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GPtrArray *
load (GantryStore  *store,
      gint64        run_id,
      GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gantry_compare_choices_load_async (store, run_id, NULL, on_loaded, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return gantry_compare_choices_load_finish (result, error);
}

static const GantryCompareChoice *
choice_at (GPtrArray *choices,
           guint      i)
{
  return g_ptr_array_index (choices, i);
}

static void
test_load_and_pick (void)
{
  Fixture f;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) choices = NULL;
  gint64 run_id;
  guint left = 99, right = 99;

  if (!fixture_set_up (&f))
    return;
  /* the static one recorded first: the pick still puts the dynamic one left */
  run_id = record_run (&f, "linux/amd64/static@glibc", f.fully_static, "linux/amd64", f.dynamic, NULL);

  choices = load (f.store, run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (choices->len, ==, 2);
  g_assert_cmpstr (choice_at (choices, 0)->target, ==, "linux/amd64/static@glibc");
  g_assert_cmpstr (choice_at (choices, 0)->label, ==, "linux/amd64/static@glibc");
  g_assert_cmpstr (choice_at (choices, 0)->path, ==, f.fully_static);
  g_assert_cmpstr (choice_at (choices, 1)->target, ==, "linux/amd64");
  g_assert_cmpstr (choice_at (choices, 1)->label, ==, "linux/amd64");
  g_assert_cmpint (gantry_binary_get_linkage (choice_at (choices, 0)->facts), !=, GANTRY_LINKAGE_DYNAMIC);
  g_assert_cmpint (gantry_binary_get_linkage (choice_at (choices, 1)->facts), ==, GANTRY_LINKAGE_DYNAMIC);

  g_assert_true (gantry_compare_pick_choices (choices, &left, &right));
  g_assert_cmpuint (left, ==, 1);
  g_assert_cmpuint (right, ==, 0);

  /* the rows compare the two as read from the disk */
  {
    g_autoptr(GListStore) rows = gantry_compare_rows_new (choice_at (choices, left)->facts,
                                                          choice_at (choices, right)->facts);
    g_autoptr(GantryCompareRow) linking = gantry_test_compare_row (G_LIST_MODEL (rows), "Linking");

    g_assert_cmpstr (gantry_compare_row_get_left (linking), ==, "dynamic");
    g_assert_true (gantry_compare_row_get_differs (linking));
  }

  /* a file removed since the run is left out */
  g_assert_cmpint (g_unlink (f.fully_static), ==, 0);
  g_clear_pointer (&choices, g_ptr_array_unref);
  choices = load (f.store, run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (choices->len, ==, 1);
  g_assert_cmpstr (choice_at (choices, 0)->target, ==, "linux/amd64");
  g_assert_false (gantry_compare_pick_choices (choices, &left, &right));

  fixture_tear_down (&f);
}

/* Several programs of one target: named apart, and the pair is of one program. */
static void
test_several_programs (void)
{
  Fixture f;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) choices = NULL;
  gint64 run_id;
  guint left = 99, right = 99;

  if (!fixture_set_up (&f))
    return;
  run_id = record_run (&f,
                       "linux/amd64", f.dynamic2,
                       "linux/amd64/static@glibc", f.fully_static,
                       "linux/amd64", f.dynamic,
                       NULL);

  choices = load (f.store, run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (choices->len, ==, 3);
  g_assert_cmpstr (choice_at (choices, 0)->label, ==, "linux/amd64 · other");
  g_assert_cmpstr (choice_at (choices, 0)->target, ==, "linux/amd64");
  g_assert_cmpstr (choice_at (choices, 1)->label, ==, "linux/amd64/static@glibc · hello");
  g_assert_cmpstr (choice_at (choices, 1)->target, ==, "linux/amd64/static@glibc");
  g_assert_cmpstr (choice_at (choices, 2)->label, ==, "linux/amd64 · hello");

  /* "other" has no static build: hello and hello */
  g_assert_true (gantry_compare_pick_choices (choices, &left, &right));
  g_assert_cmpuint (left, ==, 2);
  g_assert_cmpuint (right, ==, 1);

  fixture_tear_down (&f);
}

/* What is not a binary is left out; no binary at all is no error. */
static void
test_nothing_to_compare (void)
{
  Fixture f;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) choices = NULL;
  g_autofree char *text = NULL;
  gint64 run_id;
  guint left, right;

  if (!fixture_set_up (&f))
    return;
  gantry_test_write_file (f.dir, "notes.txt", "not a program\n");
  text = g_build_filename (f.dir, "notes.txt", NULL);

  run_id = record_run (&f, "linux/amd64", text, "linux/arm64", "/nowhere/at/all", NULL);
  choices = load (f.store, run_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (choices);
  g_assert_cmpuint (choices->len, ==, 0);
  g_assert_false (gantry_compare_pick_choices (choices, &left, &right));
  g_clear_pointer (&choices, g_ptr_array_unref);

  run_id = record_run (&f, NULL);
  choices = load (f.store, run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (choices->len, ==, 0);

  fixture_tear_down (&f);
}

/* A run the store does not have: G_IO_ERROR_NOT_FOUND naming it. */
static void
test_unknown_run (void)
{
  g_autofree char *dir = gantry_test_make_tmpdir ("compare-choices");
  g_autofree char *db = g_build_filename (dir, "gantry.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryStore) store = gantry_store_open (db, &error);
  g_autoptr(GPtrArray) choices = NULL;

  g_assert_no_error (error);
  choices = load (store, 4242, &error);
  g_assert_null (choices);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "4242"));

  g_assert_finalize_object (g_steal_pointer (&store));
  gantry_test_rm_rf (dir);
}

/* The pick rules on choices made by hand. */
static void
test_pick_rules (void)
{
  g_autoptr(GPtrArray) choices = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_compare_choice_free);
  guint left = 99, right = 99;

  g_assert_false (gantry_compare_pick_choices (NULL, &left, &right));
  g_assert_false (gantry_compare_pick_choices (choices, &left, &right));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/compare-choices/load-and-pick", test_load_and_pick);
  g_test_add_func ("/core/compare-choices/several-programs", test_several_programs);
  g_test_add_func ("/core/compare-choices/nothing-to-compare", test_nothing_to_compare);
  g_test_add_func ("/core/compare-choices/unknown-run", test_unknown_run);
  g_test_add_func ("/core/compare-choices/pick-rules", test_pick_rules);

  return g_test_run ();
}

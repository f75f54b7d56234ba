/* test-cli.c — the gantry command line, run as a user would, without a display */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gantry-inspect.h"
#include "gantry-test-util.h"

typedef struct
{
  char *data_dir;
  char *work;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->data_dir = gantry_test_make_tmpdir ("cli-data");
  f->work = gantry_test_make_tmpdir ("cli-work");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gantry_test_rm_rf (f->data_dir);
  gantry_test_rm_rf (f->work);
  g_free (f->data_dir);
  g_free (f->work);
}

/* An error is one sentence on one line naming what to do. */
static void
assert_one_line_error (const char *err,
                       const char *needle)
{
  g_assert_nonnull (err);
  g_assert_true (g_str_has_prefix (err, "gantry"));
  g_assert_true (g_str_has_suffix (err, "\n"));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
  if (strstr (err, needle) == NULL)
    g_error ("'%s' not in '%s'", needle, err);
}

static JsonArray *
list_json (Fixture *f)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, &out, &err, "project", "list", "--json", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  return json_array_ref (json_node_get_array (root));
}

static JsonObject *
find_project (JsonArray  *array,
              const char *name)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (o, "name"), name) == 0)
        return o;
    }
  return NULL;
}

static void
test_version_and_help (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *help = NULL;
  g_autofree char *sub_help = NULL;

  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, &out, &err, "--version", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "gantry " PACKAGE_VERSION "\n");

  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, &help, NULL, "help", NULL), ==, 0);
  g_assert_nonnull (strstr (help, "project"));
  g_assert_nonnull (strstr (help, "Usage: gantry"));

  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, &sub_help, NULL, "project", "add", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (sub_help, "gantry project add"));
  g_assert_nonnull (strstr (sub_help, "--name"));

  /* help never makes a store */
  {
    g_autofree char *db = g_build_filename (f->data_dir, "gantry.db", NULL);
    g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  }
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *e1 = NULL, *e2 = NULL, *e3 = NULL, *e4 = NULL, *e5 = NULL;

  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, NULL, &e1, "frobnicate", NULL), ==, 2);
  assert_one_line_error (e1, "unknown command 'frobnicate'");

  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, NULL, &e2, "project", "add", NULL), ==, 2);
  assert_one_line_error (e2, "missing argument");

  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, NULL, &e3, "project", "list", "--bogus", NULL), ==, 2);
  assert_one_line_error (e3, "--bogus");

  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, NULL, &e4, "project", "remove", "a", "b", NULL), ==, 2);
  assert_one_line_error (e4, "unexpected argument 'b'");

  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, NULL, &e5, "project", NULL), ==, 2);
  g_assert_nonnull (strstr (e5, "add"));
}

static void
test_first_start_has_sample (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(JsonArray) list = list_json (f);
  JsonObject *sample;
  g_autofree char *main_go = NULL;
  const char *path;

  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  sample = find_project (list, "hello-cgo");
  g_assert_nonnull (sample);
  g_assert_cmpstr (json_object_get_string_member (sample, "module"), ==, "example.com/hello-cgo");
  g_assert_true (json_object_get_boolean_member (sample, "uses_cgo"));
  g_assert_cmpstr (json_object_get_string_member (sample, "go_version"), ==, "1.18");

  /* a copy inside the data folder, never the checkout */
  path = json_object_get_string_member (sample, "path");
  g_assert_true (g_str_has_prefix (path, f->data_dir));
  main_go = g_build_filename (path, "main.go", NULL);
  g_assert_true (g_file_test (main_go, G_FILE_TEST_IS_REGULAR));

  /* Removed, it does not come back on the next start. */
  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, NULL, NULL, "project", "remove", "hello-cgo", NULL), ==, 0);
  {
    g_autoptr(JsonArray) again = list_json (f);
    g_assert_cmpuint (json_array_get_length (again), ==, 0);
  }
}

static void
test_add_list_remove (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *mod = g_build_filename (f->work, "tool", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonArray) list = NULL;
  JsonObject *o;
  JsonArray *mains;

  gantry_test_write_file (mod, "go.mod", "module github.com/acme/tool\n\ngo 1.21\ntoolchain go1.21.5\n");
  gantry_test_write_file (mod, "cmd/tool/main.go", "package main\n\n// #include <zlib.h>\nimport \"C\"\n\nfunc main() {}\n");
  gantry_test_write_file (mod, "pkg/lib.go", "package pkg\n");

  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, &out, &err, "project", "add", mod, NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_nonnull (strstr (out, "Added project tool"));
  g_assert_nonnull (strstr (out, "cgo yes"));

  list = list_json (f);
  g_assert_cmpuint (json_array_get_length (list), ==, 2); /* and the sample */
  o = find_project (list, "tool");
  g_assert_nonnull (o);
  g_assert_cmpstr (json_object_get_string_member (o, "module"), ==, "github.com/acme/tool");
  g_assert_cmpstr (json_object_get_string_member (o, "go_version"), ==, "1.21");
  g_assert_cmpstr (json_object_get_string_member (o, "toolchain"), ==, "go1.21.5");
  g_assert_true (json_object_get_boolean_member (o, "uses_cgo"));
  mains = json_object_get_array_member (o, "main_packages");
  g_assert_cmpuint (json_array_get_length (mains), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (mains, 0), ==, "./cmd/tool");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (o, "added_at"), "Z"));

  /* the plain list shows it too */
  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, &text, NULL, "project", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (text, "github.com/acme/tool"));

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, &out, NULL, "project", "remove", "tool", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Removed project tool"));
  /* the user's folder is untouched */
  g_assert_true (g_file_test (mod, G_FILE_TEST_IS_DIR));

  g_clear_pointer (&list, json_array_unref);
  list = list_json (f);
  g_assert_null (find_project (list, "tool"));
}

static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *nomod = g_build_filename (f->work, "plain", NULL);
  g_autofree char *missing = g_build_filename (f->work, "nope", NULL);
  g_autofree char *mod = g_build_filename (f->work, "app", NULL);
  g_autofree char *other = g_build_filename (f->work, "other", "app", NULL);
  g_autofree char *e1 = NULL, *e2 = NULL, *e3 = NULL, *e4 = NULL, *e5 = NULL, *e6 = NULL;
  g_autoptr(JsonArray) list = NULL;

  gantry_test_write_file (nomod, "main.go", "package main\n");
  gantry_test_write_file (mod, "go.mod", "module example.com/app\n");
  gantry_test_write_file (other, "go.mod", "module example.com/other\n");

  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, NULL, &e1, "project", "add", nomod, NULL), ==, 1);
  assert_one_line_error (e1, "not a Go module");

  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, NULL, &e2, "project", "add", missing, NULL), ==, 1);
  assert_one_line_error (e2, "does not exist");

  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, NULL, NULL, "project", "add", mod, NULL), ==, 0);
  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, NULL, &e3, "project", "add", mod, NULL), ==, 1);
  assert_one_line_error (e3, "already in Gantry");

  /* same folder name elsewhere: a name clash, solved with --name */
  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, NULL, &e4, "project", "add", other, NULL), ==, 1);
  assert_one_line_error (e4, "--name");
  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, NULL, NULL, "project", "add", other, "--name", "app2", NULL), ==, 0);

  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, NULL, &e5, "project", "remove", "ghost", NULL), ==, 1);
  assert_one_line_error (e5, "gantry project list");

  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, NULL, &e6, "project", "add", mod, "--name", " ", NULL), ==, 2);
  assert_one_line_error (e6, "--name is empty");

  /* nothing half-added along the way */
  list = list_json (f);
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  g_assert_nonnull (find_project (list, "app"));
  g_assert_nonnull (find_project (list, "app2"));
}

static void
test_recipe_export_import (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL, *shown = NULL, *json = NULL, *after = NULL;
  g_autofree char *file = g_build_filename (f->work, "recipe.json", NULL);
  g_autofree char *bad = g_build_filename (f->work, "bad.json", NULL);
  g_autofree char *edited = NULL;
  g_autofree char *runs = NULL;

  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, &shown, &err, "recipe", "show", "hello-cgo", NULL), ==, 0);
  g_assert_nonnull (strstr (shown, "linux/amd64/static@musl"));
  g_assert_nonnull (strstr (shown, "windows/amd64"));

  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, &out, NULL, "recipe", "export", "hello-cgo", "--file", file, NULL), ==, 0);
  json = gantry_test_read_file (file, NULL);
  g_assert_nonnull (strstr (json, "\"gantry_recipe\" : 1"));

  /* edit the file as a user would, import it: a new revision */
  {
    GString *s = g_string_new (json);
    g_string_replace (s, "\"version\" : null", "\"version\" : \"2.0.0\"", 1);
    edited = g_string_free (s, FALSE);
  }
  gantry_test_write_file (f->work, "recipe.json", edited);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, &out, NULL, "recipe", "import", "hello-cgo", "--file", file, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "revision 2"));

  /* a bad file is refused, naming the field, and changes nothing */
  gantry_test_write_file (f->work, "bad.json",
                          "{\"gantry_recipe\": 1, \"binary_name\": \"x\", \"targets\": "
                          "[{\"goos\": \"linux\", \"goarch\": \"sparc\"}]}");
  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, NULL, &err, "recipe", "import", "hello-cgo", "--file", bad, NULL), ==, 1);
  assert_one_line_error (err, "targets[0].goarch");

  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, &after, NULL, "recipe", "show", "hello-cgo", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (after, "\"version\" : \"2.0.0\""));

  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, &runs, NULL, "runs", "--json", NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (runs), ==, "[]");
}

static void
test_unreadable_store (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->data_dir, "gantry.db", NULL);
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;

  g_assert_cmpint (g_mkdir (db, 0755), ==, 0);
  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, NULL, &err, "project", "list", NULL), ==, 1);
  assert_one_line_error (err, "GANTRY_DATA_DIR");
  g_assert_cmpint (g_rmdir (db), ==, 0);

  /* a damaged file is reported and left as it is */
  gantry_test_write_file (f->data_dir, "gantry.db", "this is not a database, but it is somebody's file\n");
  before = gantry_test_read_file (db, &before_len);
  g_assert_cmpint (gantry_test_run_gantry (f->data_dir, NULL, &err2, "project", "list", "--json", NULL), ==, 1);
  assert_one_line_error (err2, "damaged");
  after = gantry_test_read_file (db, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
}

/* @lib as the executable names it: a bare file name on Linux and
 * Windows, a whole path (install name) on macOS. */
static gboolean
is_heavy_library (const char *lib)
{
  static const char * const heavy[] = { "libgtk", "libcurl", "libarchive" };
  g_autofree char *base = g_path_get_basename (lib);

  for (guint i = 0; i < G_N_ELEMENTS (heavy); i++)
    if (g_str_has_prefix (base, heavy[i]))
      return TRUE;
  return FALSE;
}

/* The command line starts in a few milliseconds because it links neither
 * GTK (the window is gantry-gui) nor libcurl (opened on the first
 * download) nor libarchive (opened on the first archive, and it brings
 * libxml2, ICU and libstdc++): read by Gantry's own inspector. */
static void
test_lean_executable (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryBinary) exe = gantry_inspect_path (g_getenv ("GANTRY_EXE"), &error);
  GPtrArray *needed;
  GPtrArray *imports;

  g_assert_no_error (error);
  needed = gantry_binary_get_needed (exe);
  imports = gantry_binary_get_imports (exe);
  g_assert_cmpuint (needed->len + imports->len, >, 0);
  for (guint i = 0; i < needed->len; i++)
    {
      const char *lib = g_ptr_array_index (needed, i);

      if (is_heavy_library (lib))
        g_test_fail_printf ("%s needs %s", g_getenv ("GANTRY_EXE"), lib);
    }
  for (guint i = 0; i < imports->len; i++)
    {
      const GantryImport *imp = g_ptr_array_index (imports, i);

      if (is_heavy_library (imp->name))
        g_test_fail_printf ("%s imports from %s", g_getenv ("GANTRY_EXE"), imp->name);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/core/cli/version-and-help", test_version_and_help);
  ADD ("/core/cli/usage-errors", test_usage_errors);
  ADD ("/core/cli/first-start-has-sample", test_first_start_has_sample);
  ADD ("/core/cli/add-list-remove", test_add_list_remove);
  ADD ("/core/cli/bad-input", test_bad_input);
  ADD ("/core/cli/recipe-export-import", test_recipe_export_import);
  ADD ("/core/cli/unreadable-store", test_unreadable_store);
  ADD ("/core/cli/lean-executable", test_lean_executable);

  return g_test_run ();
}

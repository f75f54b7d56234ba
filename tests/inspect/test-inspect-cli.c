/* test-inspect-cli.c — `gantry inspect`: text report, --json, --compare, errors and exit codes */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-test"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "gantry-compare-model.h"
#include "gantry-test-util.h"
#include "inspect-synth.h"

typedef struct
{
  char *dir;
  char *dynamic_elf;
  char *static_elf;
  char *pe;
  char *text;
} Fixture;

static void
write_bytes (const char *path,
             GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  SynthElf dyn = { 64, FALSE, 62, TRUE, TRUE, SYNTH_GO_INLINE };
  SynthElf stat = { 64, FALSE, 62, FALSE, FALSE, SYNTH_GO_NONE };
  g_autoptr(GBytes) a = synth_elf (&dyn);
  g_autoptr(GBytes) b = synth_elf (&stat);
  g_autoptr(GBytes) p = synth_pe (TRUE, TRUE, SYNTH_GO_NONE);

  f->dir = gantry_test_make_tmpdir ("inspect-cli");
  f->dynamic_elf = g_build_filename (f->dir, "dynamic", NULL);
  f->static_elf = g_build_filename (f->dir, "static", NULL);
  f->pe = g_build_filename (f->dir, "threads.exe", NULL);
  f->text = g_build_filename (f->dir, "notes.txt", NULL);
  write_bytes (f->dynamic_elf, a);
  write_bytes (f->static_elf, b);
  write_bytes (f->pe, p);
  gantry_test_write_file (f->dir, "notes.txt", "just words\n");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gantry_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->dynamic_elf);
  g_free (f->static_elf);
  g_free (f->pe);
  g_free (f->text);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("expected '%s' in:\n%s", needle, haystack);
}

static void
test_text (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int rc = gantry_test_run_gantry (f->dir, &out, &err, "inspect", f->dynamic_elf, f->pe, NULL);

  g_assert_cmpint (rc, ==, 0);
  assert_contains (out, f->dynamic_elf);
  assert_contains (out, "linux/amd64");
  assert_contains (out, "interpreter  " SYNTH_INTERP);
  assert_contains (out, "needs glibc 2.34 or newer");
  assert_contains (out, "GLIBC_2.17 GLIBC_2.34 GLIBC_PRIVATE");
  assert_contains (out, "go           " SYNTH_GO_VERSION);
  assert_contains (out, "build    -ldflags=" SYNTH_LDFLAGS);
  assert_contains (out, "windows/amd64");
  assert_contains (out, "libwinpthread-1.dll (MinGW runtime: ship it)");
  assert_contains (out, "warning      needs libwinpthread-1.dll beside the exe");
}

static void
test_json (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  JsonObject *o, *go, *bad, *imp;
  int rc = gantry_test_run_gantry (f->dir, &out, &err, "inspect", "--json", f->dynamic_elf, f->text, f->pe, NULL);

  /* One file failed: exit 1, but the others are still reported. */
  g_assert_cmpint (rc, ==, 1);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 3);

  o = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (o, "file"), ==, f->dynamic_elf);
  g_assert_cmpstr (json_object_get_string_member (o, "format"), ==, "elf");
  g_assert_cmpstr (json_object_get_string_member (o, "os"), ==, "linux");
  g_assert_cmpstr (json_object_get_string_member (o, "arch"), ==, "amd64");
  g_assert_cmpstr (json_object_get_string_member (o, "linkage"), ==, "dynamic");
  g_assert_cmpstr (json_object_get_string_member (o, "interpreter"), ==, SYNTH_INTERP);
  g_assert_cmpstr (json_object_get_string_member (o, "glibc_floor"), ==, "2.34");
  g_assert_cmpstr (json_object_get_string_member (o, "build_id"), ==, SYNTH_BUILD_ID);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "needed")), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "version_needs")), ==, 3);
  g_assert_false (json_object_get_boolean_member (o, "stripped"));
  go = json_object_get_object_member (o, "go");
  g_assert_cmpstr (json_object_get_string_member (go, "version"), ==, SYNTH_GO_VERSION);
  g_assert_cmpstr (json_object_get_string_member (go, "buildinfo_format"), ==, "inline");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (go, "deps")), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (go, "settings"), "GOOS"), ==, "linux");

  bad = json_object_get_object_member (json_array_get_object_element (array, 1), "error");
  g_assert_cmpstr (json_object_get_string_member (bad, "code"), ==, "not-executable");
  assert_contains (json_object_get_string_member (bad, "message"), "a text file");

  o = json_array_get_object_element (array, 2);
  g_assert_cmpstr (json_object_get_string_member (o, "format"), ==, "pe");
  g_assert_true (json_object_get_null_member (o, "go"));
  imp = json_array_get_object_element (json_object_get_array_member (o, "imports"), 2);
  g_assert_cmpstr (json_object_get_string_member (imp, "dll"), ==, "libwinpthread-1.dll");
  g_assert_cmpstr (json_object_get_string_member (imp, "kind"), ==, "mingw-runtime");
  g_assert_true (json_object_get_boolean_member (imp, "ships_with_exe"));
}

static void
test_compare (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *jout = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  JsonArray *diffs;
  gboolean linkage_marked = FALSE, format_unmarked = FALSE;
  int rc;

  rc = gantry_test_run_gantry (f->dir, &out, &err, "inspect", "--compare", f->dynamic_elf, f->static_elf, NULL);
  g_assert_cmpint (rc, ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      if (g_str_has_prefix (lines[i], "* linkage") && strstr (lines[i], "dynamic") && strstr (lines[i], "static"))
        linkage_marked = TRUE;
      if (g_str_has_prefix (lines[i], "  format "))
        format_unmarked = TRUE;
    }
  g_assert_true (linkage_marked);
  g_assert_true (format_unmarked);
  assert_contains (out, "Rows marked * differ.");

  rc = gantry_test_run_gantry (f->dir, &jout, NULL, "inspect", "--compare", "--json", f->dynamic_elf, f->static_elf, NULL);
  g_assert_cmpint (rc, ==, 0);
  json_parser_load_from_data (parser, jout, -1, &error);
  g_assert_no_error (error);
  diffs = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "differences");
  g_assert_cmpuint (json_array_get_length (diffs), >, 2);
  {
    gboolean has_linkage = FALSE, has_format = FALSE;

    for (guint i = 0; i < json_array_get_length (diffs); i++)
      {
        const char *d = json_array_get_string_element (diffs, i);

        has_linkage |= g_str_equal (d, "linkage");
        has_format |= g_str_equal (d, "format");
      }
    g_assert_true (has_linkage);
    g_assert_false (has_format);
  }
  /* the conclusion: the same sentence in the text and the JSON, A then B */
  {
    const char *conclusion = json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "conclusion");
    g_autofree char *line = g_strdup_printf ("\nIn short: %s\n", conclusion);

    g_assert_true (g_str_has_prefix (conclusion, "A: "));
    g_assert_nonnull (strstr (conclusion, "; B: runs on any "));
    assert_contains (out, line);
  }

  /* the command line prints the comparison model, row for row */
  {
    g_autoptr(GantryBinary) a = gantry_inspect_path (f->dynamic_elf, &error);
    g_autoptr(GantryBinary) b = gantry_inspect_path (f->static_elf, &error);
    g_autoptr(GListStore) rows = NULL;
    guint n, line = 2, differing = 0;

    g_assert_no_error (error);
    rows = gantry_compare_rows_new (a, b);
    n = g_list_model_get_n_items (G_LIST_MODEL (rows));
    g_assert_cmpuint (n, >=, 16 + GANTRY_SECTION_GROUP_N);
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(GantryCompareRow) row = g_list_model_get_item (G_LIST_MODEL (rows), i);
        gboolean differs = gantry_compare_row_get_differs (row);
        g_autofree char *start = g_strdup_printf ("%c %-22s ", differs ? '*' : ' ', gantry_compare_row_get_key (row));

        /* line 0 heads the columns, line 1 names the files */
        if (!g_str_has_prefix (lines[line + i], start))
          g_error ("row %u: expected '%s…', got '%s'", i, start, lines[line + i]);
        if (!differs)
          continue;
        g_assert_cmpuint (differing, <, json_array_get_length (diffs));
        g_assert_cmpstr (json_array_get_string_element (diffs, differing), ==, gantry_compare_row_get_key (row));
        differing++;
      }
    g_assert_cmpstr (lines[line + n], ==, "");
    g_assert_cmpuint (differing, ==, json_array_get_length (diffs));
  }
}

static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *help = NULL;
  g_autofree char *merr = NULL;
  int rc;

  rc = gantry_test_run_gantry (f->dir, &out, &err, "inspect", "--compare", f->dynamic_elf, NULL);
  g_assert_cmpint (rc, ==, 2);
  assert_contains (err, "--compare takes exactly two files");

  rc = gantry_test_run_gantry (f->dir, NULL, NULL, "inspect", NULL);
  g_assert_cmpint (rc, ==, 2);

  rc = gantry_test_run_gantry (f->dir, &help, NULL, "inspect", "--help", NULL);
  g_assert_cmpint (rc, ==, 0);
  for (guint i = 0; i < 6; i++)
    {
      static const char *fields[] = { "glibc_floor", "ships_with_exe", "version_needs", "buildinfo_format", "\"static-pie\"", "differences" };

      assert_contains (help, fields[i]);
    }

  rc = gantry_test_run_gantry (f->dir, NULL, &merr, "inspect", f->text, NULL);
  g_assert_cmpint (rc, ==, 1);
  assert_contains (merr, "not an executable");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/core/inspect/cli/text", Fixture, NULL, fixture_set_up, test_text, fixture_tear_down);
  g_test_add ("/core/inspect/cli/json", Fixture, NULL, fixture_set_up, test_json, fixture_tear_down);
  g_test_add ("/core/inspect/cli/compare", Fixture, NULL, fixture_set_up, test_compare, fixture_tear_down);
  g_test_add ("/core/inspect/cli/usage", Fixture, NULL, fixture_set_up, test_usage, fixture_tear_down);

  return g_test_run ();
}

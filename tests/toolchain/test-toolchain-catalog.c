/* test-toolchain-catalog.c — Go and Zig manifests in their real formats, and the pinned MinGW list */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "gantry-catalog.h"
#include "gantry-test-http.h"
#include "gantry-test-util.h"

#define SHA_A "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
#define SHA_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

/* Shaped like https://go.dev/dl/?mode=json&include=all */
static const char go_manifest[] =
  "[\n"
  " {\"version\": \"go1.22rc1\", \"stable\": false, \"files\": [\n"
  "   {\"filename\": \"go1.22rc1.linux-amd64.tar.gz\", \"os\": \"linux\", \"arch\": \"amd64\", \"version\": \"go1.22rc1\", \"sha256\": \"" SHA_B "\", \"size\": 68000000, \"kind\": \"archive\"}\n"
  " ]},\n"
  " {\"version\": \"go1.20.12\", \"stable\": true, \"files\": [\n"
  "   {\"filename\": \"go1.20.12.linux-amd64.tar.gz\", \"os\": \"linux\", \"arch\": \"amd64\", \"version\": \"go1.20.12\", \"sha256\": \"" SHA_B "\", \"size\": 100, \"kind\": \"archive\"}\n"
  " ]},\n"
  " {\"version\": \"go1.21.5\", \"stable\": true, \"files\": [\n"
  "   {\"filename\": \"go1.21.5.src.tar.gz\", \"os\": \"\", \"arch\": \"\", \"version\": \"go1.21.5\", \"sha256\": \"" SHA_B "\", \"size\": 27000000, \"kind\": \"source\"},\n"
  "   {\"filename\": \"go1.21.5.linux-amd64.tar.gz\", \"os\": \"linux\", \"arch\": \"amd64\", \"version\": \"go1.21.5\", \"sha256\": \"" SHA_A "\", \"size\": 66618285, \"kind\": \"archive\"},\n"
  "   {\"filename\": \"go1.21.5.linux-arm64.tar.gz\", \"os\": \"linux\", \"arch\": \"arm64\", \"version\": \"go1.21.5\", \"sha256\": \"" SHA_B "\", \"size\": 64000000, \"kind\": \"archive\"},\n"
  "   {\"filename\": \"go1.21.5.windows-amd64.msi\", \"os\": \"windows\", \"arch\": \"amd64\", \"version\": \"go1.21.5\", \"sha256\": \"" SHA_B "\", \"size\": 60000000, \"kind\": \"installer\"},\n"
  "   {\"filename\": \"go1.21.5.windows-amd64.zip\", \"os\": \"windows\", \"arch\": \"amd64\", \"version\": \"go1.21.5\", \"sha256\": \"" SHA_B "\", \"size\": 70000000, \"kind\": \"archive\"},\n"
  "   {\"filename\": \"go1.21.5.darwin-arm64.tar.gz\", \"os\": \"darwin\", \"arch\": \"arm64\", \"version\": \"go1.21.5\", \"sha256\": \"" SHA_B "\", \"size\": 65000000, \"kind\": \"archive\"}\n"
  " ]}\n"
  "]\n";

/* Shaped like https://ziglang.org/download/index.json; URLs are
 * deliberately unlike the usual ones: they must be taken as given. */
static const char zig_index[] =
  "{\n"
  " \"master\": {\"version\": \"0.12.0-dev.1+abcdef\", \"date\": \"2023-11-30\", \"docs\": \"https://x/\",\n"
  "   \"x86_64-linux\": {\"tarball\": \"https://mirror.example/zig-linux-x86_64-0.12.0-dev.1+abcdef.tar.xz\", \"shasum\": \"" SHA_B "\", \"size\": \"44000000\"}},\n"
  " \"0.14.1\": {\"date\": \"2025-05-21\", \"notes\": \"https://x/\",\n"
  "   \"src\": {\"tarball\": \"https://mirror.example/zig-0.14.1.tar.xz\", \"shasum\": \"" SHA_B "\", \"size\": \"17000000\"},\n"
  "   \"bootstrap\": {\"tarball\": \"https://mirror.example/zig-bootstrap-0.14.1.tar.xz\", \"shasum\": \"" SHA_B "\", \"size\": \"50000000\"},\n"
  "   \"x86_64-linux\": {\"tarball\": \"https://mirror.example/a/zig-x86_64-linux-0.14.1.tar.xz\", \"shasum\": \"" SHA_A "\", \"size\": \"49000000\"},\n"
  "   \"x86_64-windows\": {\"tarball\": \"https://mirror.example/a/zig-x86_64-windows-0.14.1.zip\", \"shasum\": \"" SHA_B "\", \"size\": \"80000000\"}},\n"
  " \"0.11.0\": {\"date\": \"2023-08-04\",\n"
  "   \"x86_64-linux\": {\"tarball\": \"https://mirror.example/b/zig-linux-x86_64-0.11.0.tar.xz\", \"shasum\": \"" SHA_B "\", \"size\": \"44961892\"},\n"
  "   \"aarch64-macos\": {\"tarball\": \"https://mirror.example/b/zig-macos-aarch64-0.11.0.tar.xz\", \"shasum\": \"" SHA_B "\", \"size\": \"40000000\"},\n"
  "   \"x86-windows\": {\"tarball\": \"https://mirror.example/b/zig-windows-x86-0.11.0.zip\", \"shasum\": \"" SHA_B "\", \"size\": \"70000000\"},\n"
  "   \"riscv64-linux\": {\"shasum\": \"" SHA_B "\", \"size\": \"1\"},\n"
  "   \"wasm32-wasi\": {\"tarball\": \"https://mirror.example/b/zig-wasi.tar.xz\", \"shasum\": \"" SHA_B "\", \"size\": \"1\"}}\n"
  "}\n";

static GantryRelease *
find (GPtrArray  *releases,
      const char *version,
      const char *os,
      const char *arch)
{
  for (guint i = 0; i < releases->len; i++)
    {
      GantryRelease *r = g_ptr_array_index (releases, i);

      if (g_str_equal (r->version, version) && g_str_equal (r->os, os) && g_str_equal (r->arch, arch))
        return r;
    }
  return NULL;
}

static void
test_go_manifest (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = gantry_catalog_parse_go (go_manifest, -1, "https://go.dev/dl/", &error);
  g_autoptr(GPtrArray) on_linux = NULL;
  g_autoptr(GPtrArray) windows = NULL;
  GantryRelease *r;

  g_assert_no_error (error);
  /* Archives only: the source tarball and the .msi installer are dropped. */
  g_assert_cmpuint (all->len, ==, 6);
  r = find (all, "1.21.5", "linux", "amd64");
  g_assert_nonnull (r);
  g_assert_cmpstr (r->url, ==, "https://go.dev/dl/go1.21.5.linux-amd64.tar.gz");
  g_assert_cmpstr (r->sha256, ==, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  g_assert_cmpuint (r->size, ==, 66618285);
  g_assert_cmpstr (r->top_dir, ==, "go");
  g_assert_true (r->stable);
  g_assert_cmpstr (gantry_release_get_format (r), ==, "tar.gz");

  on_linux = gantry_catalog_for_host (all, "linux", "amd64");
  g_assert_cmpuint (on_linux->len, ==, 3);
  /* Stable first, newest first; the release candidate last. */
  g_assert_cmpstr (((GantryRelease *) g_ptr_array_index (on_linux, 0))->version, ==, "1.21.5");
  g_assert_cmpstr (((GantryRelease *) g_ptr_array_index (on_linux, 1))->version, ==, "1.20.12");
  g_assert_cmpstr (((GantryRelease *) g_ptr_array_index (on_linux, 2))->version, ==, "1.22rc1");
  g_assert_false (((GantryRelease *) g_ptr_array_index (on_linux, 2))->stable);

  windows = gantry_catalog_for_host (all, "windows", "amd64");
  g_assert_cmpuint (windows->len, ==, 1);
  g_assert_cmpstr (gantry_release_get_format (g_ptr_array_index (windows, 0)), ==, "zip");
}

static void
test_zig_index (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = gantry_catalog_parse_zig (zig_index, -1, &error);
  g_autoptr(GPtrArray) on_linux = NULL;
  GantryRelease *r;

  g_assert_no_error (error);
  /* src, bootstrap, a platform without a tarball and wasm are skipped. */
  g_assert_cmpuint (all->len, ==, 6);

  r = find (all, "0.14.1", "linux", "amd64");
  g_assert_nonnull (r);
  g_assert_cmpstr (r->url, ==, "https://mirror.example/a/zig-x86_64-linux-0.14.1.tar.xz");
  g_assert_cmpstr (r->filename, ==, "zig-x86_64-linux-0.14.1.tar.xz");
  g_assert_cmpstr (r->top_dir, ==, "zig-x86_64-linux-0.14.1");
  g_assert_cmpuint (r->size, ==, 49000000);   /* a string in the index */
  g_assert_cmpstr (r->sha256, ==, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");

  r = find (all, "0.11.0", "linux", "amd64");
  g_assert_nonnull (r);
  g_assert_cmpstr (r->top_dir, ==, "zig-linux-x86_64-0.11.0");
  g_assert_nonnull (find (all, "0.11.0", "darwin", "arm64"));
  g_assert_nonnull (find (all, "0.11.0", "windows", "386"));

  r = find (all, "0.12.0-dev.1+abcdef", "linux", "amd64");
  g_assert_nonnull (r);
  g_assert_false (r->stable);

  on_linux = gantry_catalog_for_host (all, "linux", "amd64");
  g_assert_cmpuint (on_linux->len, ==, 3);
  g_assert_cmpstr (((GantryRelease *) g_ptr_array_index (on_linux, 0))->version, ==, "0.14.1");
  g_assert_cmpstr (((GantryRelease *) g_ptr_array_index (on_linux, 1))->version, ==, "0.11.0");
  g_assert_cmpstr (((GantryRelease *) g_ptr_array_index (on_linux, 2))->version, ==, "0.12.0-dev.1+abcdef");
}

static void
test_malformed (void)
{
  static const char *const bad[] = { "not json", "{\"a\": 1}", "42", "" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) e1 = NULL;
      g_autoptr(GError) e3 = NULL;
      g_autoptr(GPtrArray) go = gantry_catalog_parse_go (bad[i], -1, NULL, &e1);
      g_autoptr(GPtrArray) mingw = gantry_catalog_parse_mingw (bad[i], -1, &e3);

      g_assert_null (go);
      g_assert_error (e1, GANTRY_CATALOG_ERROR, GANTRY_CATALOG_ERROR_PARSE);
      g_assert_null (mingw);
      g_assert_error (e3, GANTRY_CATALOG_ERROR, GANTRY_CATALOG_ERROR_PARSE);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) zig = gantry_catalog_parse_zig ("[1, 2]", -1, &error);

    g_assert_null (zig);
    g_assert_error (error, GANTRY_CATALOG_ERROR, GANTRY_CATALOG_ERROR_PARSE);
  }
}

static void
test_versions (void)
{
  static const struct { const char *a, *b; int cmp; } cases[] = {
    { "1.21.5", "1.21.5", 0 },
    { "1.21.10", "1.21.9", 1 },
    { "1.21", "1.21.1", -1 },
    { "1.22rc1", "1.21.5", 1 },
    { "1.22rc1", "1.22", -1 },
    { "1.22rc2", "1.22rc1", 1 },
    { "0.12.0-dev.1+abc", "0.12.0", -1 },
    { "0.12.0-dev.10", "0.12.0-dev.9", 1 },
    { "20250709", "20241119", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpint (gantry_catalog_compare_versions (cases[i].a, cases[i].b), ==, cases[i].cmp);
      g_assert_cmpint (gantry_catalog_compare_versions (cases[i].b, cases[i].a), ==, -cases[i].cmp);
    }
}

static void
test_mingw_catalog_file (void)
{
  g_autofree char *path = g_build_filename (GANTRY_SOURCE_DIR, "resources", "toolchains", "mingw.json", NULL);
  g_autofree char *text = gantry_test_read_file (path, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = gantry_catalog_parse_mingw (text, -1, &error);
  g_autoptr(GPtrArray) windows = NULL;
  gboolean have_llvm = FALSE, have_winlibs = FALSE;

  g_assert_no_error (error);
  g_assert_cmpuint (all->len, >=, 2);
  for (guint i = 0; i < all->len; i++)
    {
      GantryRelease *r = g_ptr_array_index (all, i);

      /* Every entry pins a SHA-256 and comes over https from the project's releases. */
      g_assert_nonnull (r->sha256);
      g_assert_cmpuint (strlen (r->sha256), ==, 64);
      for (const char *p = r->sha256; *p; p++)
        g_assert_true (g_ascii_isxdigit (*p) && !g_ascii_isupper (*p));
      g_assert_true (g_str_has_prefix (r->url, "https://github.com/mstorsjo/llvm-mingw/releases/download/") ||
                     g_str_has_prefix (r->url, "https://github.com/brechtsanders/winlibs_mingw/releases/download/"));
      g_assert_nonnull (r->top_dir);
      g_assert_nonnull (r->source);
      g_assert_cmpstr (r->kind, ==, "mingw");
      have_llvm |= g_str_equal (r->name, "llvm-mingw");
      have_winlibs |= g_str_equal (r->name, "winlibs");
    }
  g_assert_true (have_llvm);
  g_assert_true (have_winlibs);

  windows = gantry_catalog_for_host (all, "windows", "amd64");
  g_assert_cmpuint (windows->len, >=, 2);
  for (guint i = 0; i < windows->len; i++)
    g_assert_cmpstr (gantry_release_get_format (g_ptr_array_index (windows, i)), ==, "zip");
}

static void
test_mingw_builtin_resource (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *url = NULL;

  g_unsetenv ("GANTRY_MINGW_CATALOG_URL");
  url = gantry_catalog_get_url ("mingw");
  g_assert_true (g_str_has_prefix (url, "resource://"));
  all = gantry_catalog_fetch ("mingw", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, >=, 2);
}

static void
test_fetch_from_settings (void)
{
  g_autoptr(GantryTestHttp) http = gantry_test_http_new ();
  g_autoptr(GBytes) go = g_bytes_new_static (go_manifest, strlen (go_manifest));
  g_autoptr(GBytes) zig = g_bytes_new_static (zig_index, strlen (zig_index));
  g_autofree char *go_url = gantry_test_http_url (http, "/dl/?mode=json&include=all");
  g_autofree char *zig_url = gantry_test_http_url (http, "/download/index.json");
  g_autofree char *base = gantry_test_http_url (http, "/dl/go1.21.5.linux-amd64.tar.gz");
  g_autoptr(GPtrArray) go_all = NULL;
  g_autoptr(GPtrArray) zig_all = NULL;
  g_autoptr(GPtrArray) host = NULL;
  g_autoptr(GantryRelease) latest = NULL;
  g_autoptr(GantryRelease) pinned = NULL;
  g_autoptr(GantryRelease) missing = NULL;
  g_autoptr(GError) error = NULL;

  gantry_test_http_serve (http, "/dl/?mode=json&include=all", go, NULL);
  gantry_test_http_serve (http, "/download/index.json", zig, NULL);
  g_setenv ("GANTRY_GO_MANIFEST_URL", go_url, TRUE);
  g_setenv ("GANTRY_ZIG_INDEX_URL", zig_url, TRUE);

  go_all = gantry_catalog_fetch ("go", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gantry_test_http_requests (http, "/dl/?mode=json&include=all"), ==, 1);
  /* Go's files are served beside its manifest. */
  g_assert_cmpstr (find (go_all, "1.21.5", "linux", "amd64")->url, ==, base);

  zig_all = gantry_catalog_fetch ("zig", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (zig_all->len, ==, 6);

  host = gantry_catalog_for_host (go_all, "linux", "amd64");
  latest = gantry_catalog_find (host, "go", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (latest->version, ==, "1.21.5");
  pinned = gantry_catalog_find (host, "go", "go1.20.12", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pinned->version, ==, "1.20.12");
  missing = gantry_catalog_find (host, "go", "9.9.9", &error);
  g_assert_null (missing);
  g_assert_error (error, GANTRY_CATALOG_ERROR, GANTRY_CATALOG_ERROR_NOT_FOUND);

  g_unsetenv ("GANTRY_GO_MANIFEST_URL");
  g_unsetenv ("GANTRY_ZIG_INDEX_URL");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("GANTRY_ALLOW_LOOPBACK_HTTP", "1", TRUE);

  g_test_add_func ("/core/catalog/go-manifest", test_go_manifest);
  g_test_add_func ("/core/catalog/zig-index", test_zig_index);
  g_test_add_func ("/core/catalog/malformed", test_malformed);
  g_test_add_func ("/core/catalog/versions", test_versions);
  g_test_add_func ("/core/catalog/mingw-catalog-file", test_mingw_catalog_file);
  g_test_add_func ("/core/catalog/mingw-builtin-resource", test_mingw_builtin_resource);
  g_test_add_func ("/core/catalog/urls-from-settings", test_fetch_from_settings);

  return g_test_run ();
}

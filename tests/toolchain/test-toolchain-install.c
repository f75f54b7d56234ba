/* test-toolchain-install.c — atomic installs from a loopback server: success, faults, hostile archives, interruption */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <utime.h>
#include <glib/gstdio.h>

#include "gantry-toolchain.h"
#include "gantry-test-archive.h"
#include "gantry-test-http.h"
#include "gantry-test-util.h"

#define GO_VERSION "1.99.1"
#define ZIG_VERSION "0.99.0"
#define N_FILLER 600

/* What this machine installs: Go's own archives are .zip on Windows. */
#ifdef G_OS_WIN32
#define HOST_FORMAT "zip"
#define EXE ".exe"
#else
#define HOST_FORMAT "tar.gz"
#define EXE ""
#endif

typedef struct
{
  GantryTestHttp *http;
  char *data_dir;
  char *work;
  char *root;
  GantryStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->http = gantry_test_http_new ();
  f->data_dir = gantry_test_make_tmpdir ("install-data");
  f->work = gantry_test_make_tmpdir ("install-work");
  g_setenv ("GANTRY_DATA_DIR", f->data_dir, TRUE);
  f->root = gantry_toolchain_get_root ();
  f->store = gantry_store_open_default (GANTRY_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->store);
  gantry_test_http_free (f->http);
  gantry_test_rm_rf (f->data_dir);
  gantry_test_rm_rf (f->work);
  g_free (f->data_dir);
  g_free (f->work);
  g_free (f->root);
  g_unsetenv ("GANTRY_GO_MANIFEST_URL");
  g_unsetenv ("GANTRY_ZIG_INDEX_URL");
}

/* ------------------------------------------------------------------ */
/* Fixtures: a tiny but runnable "go" and "zig", served in real formats */
/* ------------------------------------------------------------------ */

static char *
make_go_archive (Fixture    *f,
                 const char *printed_version,
                 gboolean    extra_top)
{
  g_autofree char *path = g_build_filename (f->work, "go" GO_VERSION "." HOST_FORMAT, NULL);
  g_autofree char *said = g_strdup_printf ("go version go%s %s/amd64", printed_version, gantry_catalog_host_os ());
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (GantryTestEntry));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GantryTestEntry head[] = {
    { "go/", 'd' },
    { "go/bin/", 'd' },
  };
  GantryTestEntry version = { "go/VERSION", 'f', "go" GO_VERSION "\n" };
  GantryTestEntry extra = { "extra/README", 'f', "a second top folder" };

  g_array_append_vals (entries, head, G_N_ELEMENTS (head));
  gantry_test_add_fake_program (entries, names, "go/bin/go", said);
  g_array_append_val (entries, version);
  /* Enough entries that extraction reports progress a few times. */
  for (guint i = 0; i < N_FILLER; i++)
    {
      char *name = g_strdup_printf ("go/src/pkg%u/file%u.go", i % 20, i);
      GantryTestEntry e = { name, 'f', "package x\n" };

      g_ptr_array_add (names, name);
      g_array_append_val (entries, e);
    }
  if (extra_top)
    g_array_append_val (entries, extra);
  gantry_test_write_archive (path, HOST_FORMAT, (GantryTestEntry *) entries->data, entries->len);
  return g_steal_pointer (&path);
}

/* Serves @archive as this machine's Go archive and a manifest naming
 * it with @sha256 (the real one when NULL). */
static void
serve_go (Fixture               *f,
          const char            *archive,
          const char            *sha256,
          const GantryTestRoute *route)
{
  g_autofree char *real_sha = NULL;
  g_autofree char *filename = g_strdup_printf ("go%s.%s-%s." HOST_FORMAT, GO_VERSION,
                                               gantry_catalog_host_os (), gantry_catalog_host_arch ());
  g_autofree char *file_path = g_strconcat ("/dl/", filename, NULL);
  g_autofree char *manifest = NULL;
  g_autofree char *manifest_url = gantry_test_http_url (f->http, "/dl/?mode=json&include=all");
  g_autoptr(GBytes) manifest_bytes = NULL;
  guint64 size = 0;

  real_sha = gantry_test_sha256_file (archive, &size);
  manifest = g_strdup_printf ("[{\"version\": \"go%s\", \"stable\": true, \"files\": ["
                              "{\"filename\": \"%s\", \"os\": \"%s\", \"arch\": \"%s\", \"version\": \"go%s\","
                              " \"sha256\": \"%s\", \"size\": %" G_GUINT64_FORMAT ", \"kind\": \"archive\"}]}]",
                              GO_VERSION, filename, gantry_catalog_host_os (), gantry_catalog_host_arch (),
                              GO_VERSION, sha256 ? sha256 : real_sha, size);
  manifest_bytes = g_bytes_new (manifest, strlen (manifest));
  gantry_test_http_serve (f->http, "/dl/?mode=json&include=all", manifest_bytes, NULL);
  gantry_test_http_serve_file (f->http, file_path, archive, route);
  g_setenv ("GANTRY_GO_MANIFEST_URL", manifest_url, TRUE);
}

static char *
go_archive_path (void)
{
  g_autofree char *filename = g_strdup_printf ("go%s.%s-%s." HOST_FORMAT, GO_VERSION,
                                               gantry_catalog_host_os (), gantry_catalog_host_arch ());
  return g_strconcat ("/dl/", filename, NULL);
}

static GantryRelease *
release_for (const char *kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = gantry_catalog_fetch (kind, NULL, &error);
  g_autoptr(GPtrArray) host = NULL;
  GantryRelease *r;

  g_assert_no_error (error);
  host = gantry_catalog_for_host (all, NULL, NULL);
  r = gantry_catalog_find (host, kind, NULL, &error);
  g_assert_no_error (error);
  return r;
}

static guint
count_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* No toolchain folder, no staging left, no archive kept, no row. */
static void
assert_nothing_installed (Fixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->root, 0, NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *staging = gantry_toolchain_get_staging_dir ();
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_error ("%s was left in the toolchain folder", name);
  g_assert_cmpuint (count_dir (staging), ==, 0);

  rows = gantry_toolchain_list (f->store, "installed", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 0);
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */
/* ------------------------------------------------------------------ */

#define SKIP_WITHOUT_SH()                                                   \
  G_STMT_START {                                                            \
    const char *skip_reason_ = gantry_test_fake_program_skip_reason ();     \
    if (skip_reason_ != NULL)                                               \
      {                                                                     \
        g_test_skip (skip_reason_);                                         \
        return;                                                             \
      }                                                                     \
  } G_STMT_END

static void
test_go_install_and_remove (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *archive = NULL;
  g_autoptr(GantryRelease) release = NULL;
  g_autoptr(GantryToolchain) tc = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) tools = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *downloads = g_build_filename (f->root, ".downloads", NULL);
  g_autofree char *version_file = NULL;
  gboolean found = FALSE;

  SKIP_WITHOUT_SH ();
  archive = make_go_archive (f, GO_VERSION, FALSE);
  serve_go (f, archive, NULL, NULL);
  release = release_for ("go");
  g_assert_cmpstr (release->version, ==, GO_VERSION);

  tc = gantry_toolchain_install (f->store, release, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tc);
  g_assert_cmpstr (tc->kind, ==, "go");
  g_assert_cmpstr (tc->version, ==, GO_VERSION);
  g_assert_true (g_str_has_prefix (tc->path, f->root));
  g_assert_null (strchr (tc->path, ' '));
  g_assert_true (g_file_test (tc->program, G_FILE_TEST_IS_EXECUTABLE));
  version_file = g_build_filename (tc->path, "VERSION", NULL);
  g_assert_true (g_file_test (version_file, G_FILE_TEST_IS_REGULAR));
  /* The verified archive is not kept unless asked. */
  g_assert_cmpuint (count_dir (downloads), ==, 0);

  rows = gantry_toolchain_list (f->store, "installed", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (((GantryToolchain *) g_ptr_array_index (rows, 0))->sha256, ==, release->sha256);

  /* Detection offers the installed go to builds. */
  tools = gantry_toolchain_detect (f->store, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < tools->len; i++)
    {
      GantryToolchain *t = g_ptr_array_index (tools, i);

      if (g_strcmp0 (t->origin, "installed") == 0 && g_strcmp0 (t->kind, "go") == 0)
        {
          g_assert_cmpstr (t->program, ==, tc->program);
          /* what removing it takes: the install's name in the store */
          g_assert_cmpstr (t->install, ==, "go");
          found = TRUE;
        }
    }
  g_assert_true (found);

  g_assert_true (gantry_toolchain_remove (f->store, "go", GO_VERSION, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (tc->path, G_FILE_TEST_EXISTS));
  assert_nothing_installed (f);
}

static void
test_zig_install (Fixture       *f,
                  gconstpointer  data)
{
#ifdef G_OS_WIN32
  const char *format = "zip";   /* Zig's Windows builds are zips */
#else
  const char *format = "tar.xz";
#endif
  g_autofree char *archive_name = g_strconcat ("zig.", format, NULL);
  g_autofree char *archive = g_build_filename (f->work, archive_name, NULL);
  g_autofree char *top = g_strdup_printf ("zig-%s-%s-%s", gantry_catalog_host_os (), "x86_64", ZIG_VERSION);
  g_autofree char *dir_entry = g_strconcat (top, "/", NULL);
  g_autofree char *zig_entry = g_strconcat (top, "/zig", NULL);
  g_autofree char *lib_entry = g_strconcat (top, "/lib/std/std.zig", NULL);
  GantryTestEntry dir = { dir_entry, 'd' };
  GantryTestEntry lib = { lib_entry, 'f', "// std\n" };
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (GantryTestEntry));
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sha = NULL;
  g_autofree char *index = NULL;
  g_autofree char *url_path = g_strconcat ("/builds/zig-any-name.", format, NULL);
  g_autofree char *tarball = gantry_test_http_url (f->http, url_path);
  g_autofree char *index_url = gantry_test_http_url (f->http, "/download/index.json");
  g_autoptr(GBytes) index_bytes = NULL;
  g_autoptr(GantryRelease) release = NULL;
  g_autoptr(GantryToolchain) tc = NULL;
  g_autoptr(GError) error = NULL;
  const char *zarch = g_str_equal (gantry_catalog_host_arch (), "arm64") ? "aarch64" : "x86_64";
  guint64 size = 0;

  SKIP_WITHOUT_SH ();
  g_array_append_val (entries, dir);
  gantry_test_add_fake_program (entries, keep, zig_entry, ZIG_VERSION);
  g_array_append_val (entries, lib);
  gantry_test_write_archive (archive, format, (GantryTestEntry *) entries->data, entries->len);
  sha = gantry_test_sha256_file (archive, &size);
  index = g_strdup_printf ("{\"master\": {\"version\": \"1.0.0-dev\"}, \"%s\": {\"date\": \"2030-01-01\","
                           " \"%s-%s\": {\"tarball\": \"%s\", \"shasum\": \"%s\", \"size\": \"%" G_GUINT64_FORMAT "\"}}}",
                           ZIG_VERSION, zarch, g_str_equal (gantry_catalog_host_os (), "darwin") ? "macos" : gantry_catalog_host_os (),
                           tarball, sha, size);
  index_bytes = g_bytes_new (index, strlen (index));
  gantry_test_http_serve (f->http, "/download/index.json", index_bytes, NULL);
  gantry_test_http_serve_file (f->http, url_path, archive, NULL);
  g_setenv ("GANTRY_ZIG_INDEX_URL", index_url, TRUE);

  release = release_for ("zig");
  g_assert_cmpstr (release->url, ==, tarball);
  tc = gantry_toolchain_install (f->store, release, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (tc->program, G_DIR_SEPARATOR_S "zig" EXE));
  g_assert_true (g_file_test (tc->program, G_FILE_TEST_IS_EXECUTABLE));
}

static void
test_wrong_hash (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *archive = make_go_archive (f, GO_VERSION, FALSE);
  g_autoptr(GantryRelease) release = NULL;
  g_autoptr(GantryToolchain) tc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *downloads = g_build_filename (f->root, ".downloads", NULL);

  serve_go (f, archive, "0000000000000000000000000000000000000000000000000000000000000000", NULL);
  release = release_for ("go");
  tc = gantry_toolchain_install (f->store, release, NULL, NULL, NULL, NULL, &error);
  g_assert_null (tc);
  g_assert_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_HASH_MISMATCH);
  assert_nothing_installed (f);
  g_assert_cmpuint (count_dir (downloads), ==, 0);
}

static void
test_dropped_connection_resumes (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *archive = NULL;
  g_autofree char *path = go_archive_path ();
  g_autoptr(GantryRelease) release = NULL;
  g_autoptr(GantryToolchain) tc = NULL;
  g_autoptr(GError) error = NULL;
  GantryTestRoute route = { .drop_times = 1 };
  GStatBuf st;

  SKIP_WITHOUT_SH ();
  archive = make_go_archive (f, GO_VERSION, FALSE);
  g_assert_cmpint (g_stat (archive, &st), ==, 0);
  route.drop_after = st.st_size / 2;
  serve_go (f, archive, NULL, &route);
  release = release_for ("go");
  tc = gantry_toolchain_install (f->store, release, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tc);
  g_assert_cmpuint (gantry_test_http_requests (f->http, path), ==, 2);
  g_assert_cmpuint (gantry_test_http_range_requests (f->http, path), ==, 1);
}

static void
test_smoke_test_failure (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *archive = NULL;
  g_autoptr(GantryRelease) release = NULL;
  g_autoptr(GantryToolchain) tc = NULL;
  g_autoptr(GError) error = NULL;

  SKIP_WITHOUT_SH ();
  /* The archive claims 1.99.1 but its go says another version. */
  archive = make_go_archive (f, "1.2.3", FALSE);
  serve_go (f, archive, NULL, NULL);
  release = release_for ("go");
  tc = gantry_toolchain_install (f->store, release, NULL, NULL, NULL, NULL, &error);
  g_assert_null (tc);
  g_assert_error (error, GANTRY_TOOLCHAIN_ERROR, GANTRY_TOOLCHAIN_ERROR_SMOKE_TEST);
  assert_nothing_installed (f);
}

static void
test_two_top_folders (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *archive = make_go_archive (f, GO_VERSION, TRUE);
  g_autoptr(GantryRelease) release = NULL;
  g_autoptr(GantryToolchain) tc = NULL;
  g_autoptr(GError) error = NULL;

  serve_go (f, archive, NULL, NULL);
  release = release_for ("go");
  tc = gantry_toolchain_install (f->store, release, NULL, NULL, NULL, NULL, &error);
  g_assert_null (tc);
  g_assert_error (error, GANTRY_TOOLCHAIN_ERROR, GANTRY_TOOLCHAIN_ERROR_LAYOUT);
  assert_nothing_installed (f);
}

static void
test_hostile_registers_nothing (Fixture       *f,
                                gconstpointer  data)
{
  static const GantryTestEntry cases[][3] = {
    { { "go/", 'd' }, { "go/../../../evil", 'f', "x" } },
    { { "go/", 'd' }, { "go/bin", 'l', "../../../../../../usr/bin" } },
    { { "go/", 'd' }, { "go/bin/go", 'f', "#!/bin/sh\n", 04755 } },
    { { "go/", 'd' }, { "go/fifo", 'p' } },
    { { "go/", 'd' }, { "go/h", 'h', "../../etc/passwd" } },
    { { "go/", 'd' }, { "go/null", 'c' } },
  };
  g_autofree char *evil = g_build_filename (f->root, "evil", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* one file each: the server may still hold the last one open,
       * and Windows does not replace an open file */
      g_autofree char *name = g_strdup_printf ("hostile-%u." HOST_FORMAT, i);
      g_autofree char *archive = g_build_filename (f->work, name, NULL);
      g_autoptr(GantryRelease) release = NULL;
      g_autoptr(GantryToolchain) tc = NULL;
      g_autoptr(GError) error = NULL;

      /* A zip has no FIFO or hard link; on Windows the hostile-NN-tar
       * cases below still bring both through a whole install. */
      if (g_str_equal (HOST_FORMAT, "zip") && (cases[i][1].type == 'p' || cases[i][1].type == 'h'))
        continue;
      gantry_test_write_archive (archive, HOST_FORMAT, cases[i], 2);
      serve_go (f, archive, NULL, NULL);
      release = release_for ("go");
      tc = gantry_toolchain_install (f->store, release, NULL, NULL, NULL, NULL, &error);
      g_assert_null (tc);
      g_assert_true (error->domain == GANTRY_ARCHIVE_ERROR);
      assert_nothing_installed (f);
      g_assert_false (g_file_test (evil, G_FILE_TEST_EXISTS));
    }
}

/* The same hostile archives as the extraction tests, now through the
 * whole install: download, check, extract. Each must fail with nothing
 * left outside staging and nothing registered. */
typedef struct
{
  const char *format;
  GantryTestEntry entries[3];
  guint n;
} HostileInstall;

static const HostileInstall hostile_installs[] = {
  { "tar.gz", { { "go/", 'd' }, { "../evil", 'f', "x" } }, 2 },
  { "tar.gz", { { "go/a/../../../evil", 'f', "x" } }, 1 },
  { "tar.gz", { { "@ABS@", 'f', "x" } }, 1 },
  { "tar.gz", { { "C:/evil", 'f', "x" } }, 1 },
  { "tar.gz", { { "\\\\server\\share\\evil", 'f', "x" } }, 1 },
  { "tar.gz", { { "\\\\?\\C:\\evil", 'f', "x" } }, 1 },
  { "tar.gz", { { "go\\..\\..\\evil", 'f', "x" } }, 1 },
  { "tar.gz", { { "go/file:stream", 'f', "x" } }, 1 },
  { "tar.gz", { { "go/", 'd' }, { "go/passwd", 'l', "/etc/passwd" } }, 2 },
  { "tar.gz", { { "go/", 'd' }, { "go/out", 'l', "../../../../evil" } }, 2 },
  { "tar.gz", { { "go/sub/", 'd' }, { "go/s", 'l', "sub" }, { "go/s/f", 'f', "x" } }, 3 },
  { "tar.gz", { { "go/", 'd' }, { "go/x", 'l', "." }, { "go/y", 'l', "x/../../.." } }, 3 },
  { "tar.gz", { { "go/", 'd' }, { "go/h", 'h', "../../etc/passwd" } }, 2 },
  { "tar.gz", { { "go/", 'd' }, { "go/h", 'h', "/etc/passwd" } }, 2 },
  { "tar", { { "go/", 'd' }, { "go/null", 'c' } }, 2 },
  { "tar", { { "go/", 'd' }, { "go/disk", 'b' } }, 2 },
  { "tar.gz", { { "go/", 'd' }, { "go/fifo", 'p' } }, 2 },
  { "tar.gz", { { "go/", 'd' }, { "go/bin/go", 'f', "#!/bin/sh\n", 04755 } }, 2 },
  { "tar.gz", { { "go/", 'd' }, { "go/bin/go", 'f', "#!/bin/sh\n", 02755 } }, 2 },
  { "tar.xz", { { "go/", 'd' }, { "../evil", 'f', "x" } }, 2 },
  { "zip", { { "go/", 'd' }, { "go/../../evil", 'f', "x" } }, 2 },
  { "zip", { { "@ABS@", 'f', "x" } }, 1 },
  { "zip", { { "go\\..\\..\\evil.txt", 'f', "x" } }, 1 },
  { "zip", { { "go/", 'd' }, { "go/out", 'l', "../../../../evil" } }, 2 },
  /* the tar cases again as zips, all those a zip can express (no FIFO,
   * no hard link); devices as Info-ZIP stores them */
  { "zip", { { "go/", 'd' }, { "../evil", 'f', "x" } }, 2 },
  { "zip", { { "go/a/../../../evil", 'f', "x" } }, 1 },
  { "zip", { { "C:/evil", 'f', "x" } }, 1 },
  { "zip", { { "C:evil", 'f', "x" } }, 1 },
  { "zip", { { "\\\\server\\share\\evil", 'f', "x" } }, 1 },
  { "zip", { { "\\\\?\\C:\\evil", 'f', "x" } }, 1 },
  { "zip", { { "go\\..\\..\\evil", 'f', "x" } }, 1 },
  { "zip", { { "go/file:stream", 'f', "x" } }, 1 },
  { "zip", { { "go/", 'd' }, { "go/passwd", 'l', "/etc/passwd" } }, 2 },
  { "zip", { { "go/sub/", 'd' }, { "go/s", 'l', "sub" }, { "go/s/f", 'f', "x" } }, 3 },
  { "zip", { { "go/", 'd' }, { "go/x", 'l', "." }, { "go/y", 'l', "x/../../.." } }, 3 },
  { "zip", { { "go/sub/", 'd' }, { "go/l", 'l', "sub" }, { "go/l", 'f', "x" } }, 3 },
  { "zip", { { "go/", 'd' }, { "go/null", 'c' } }, 2 },
  { "zip", { { "go/", 'd' }, { "go/disk", 'b' } }, 2 },
  { "zip", { { "go/", 'd' }, { "go/bin/go", 'f', "#!/bin/sh\n", 04755 } }, 2 },
  { "zip", { { "go/", 'd' }, { "go/bin/go", 'f', "#!/bin/sh\n", 02755 } }, 2 },
  { "zip", { { "go/", 'd', NULL, 02755 } }, 1 },
  /* zips from Windows archivers (made by MS-DOS, no Unix modes);
   * libarchive reads '\\' as '/' in a zip name without '/' */
  { "zip-dos", { { "go\\..\\..\\evil", 'f', "x" } }, 1 },
  { "zip-dos", { { "..\\evil", 'f', "x" } }, 1 },
  { "zip-dos", { { "C:\\evil", 'f', "x" } }, 1 },
  { "zip-dos", { { "\\\\server\\share\\evil", 'f', "x" } }, 1 },
  { "zip-dos", { { "\\\\?\\C:\\evil", 'f', "x" } }, 1 },
  { "zip-dos", { { "\\evil", 'f', "x" } }, 1 },
  { "zip-dos", { { "go\\file:stream", 'f', "x" } }, 1 },
};

static void
test_hostile_install (Fixture       *f,
                      gconstpointer  data)
{
  const HostileInstall *h = data;
  g_autofree char *name = g_strdup_printf ("go.%s", g_str_has_prefix (h->format, "zip") ? "zip" : h->format);
  g_autofree char *archive = g_build_filename (f->work, name, NULL);
  g_autofree char *url_path = g_strconcat ("/", name, NULL);
  g_autofree char *url = gantry_test_http_url (f->http, url_path);
  g_autofree char *sha = NULL;
  g_autofree char *abs = g_build_filename (f->data_dir, "abs-escape", NULL);
  g_autofree char *evil_root = g_build_filename (f->root, "evil", NULL);
  g_autofree char *evil_data = g_build_filename (f->data_dir, "evil", NULL);
  GantryTestEntry entries[G_N_ELEMENTS (h->entries)];
  GantryRelease release = {
    .kind = (char *) "go", .name = (char *) "go", .version = (char *) "6.6.6", .stable = TRUE,
    .os = (char *) "linux", .arch = (char *) "amd64", .top_dir = (char *) "go",
  };
  g_autoptr(GantryToolchain) tc = NULL;
  g_autoptr(GError) error = NULL;
  guint64 size = 0;
  guint n_data;

  g_assert_cmpint (g_mkdir_with_parents (f->root, 0700), ==, 0);
  n_data = count_dir (f->data_dir);
  memcpy (entries, h->entries, sizeof entries);
  for (guint i = 0; i < h->n; i++)
    if (g_strcmp0 (entries[i].path, "@ABS@") == 0)
      entries[i].path = abs;
  gantry_test_write_archive (archive, h->format, entries, h->n);
  sha = gantry_test_sha256_file (archive, &size);
  gantry_test_http_serve_file (f->http, url_path, archive, NULL);
  release.url = url;
  release.filename = name;
  release.sha256 = sha;
  release.size = size;

  tc = gantry_toolchain_install (f->store, &release, NULL, NULL, NULL, NULL, &error);
  g_assert_null (tc);
  g_assert_nonnull (error);
  if (error->domain != GANTRY_ARCHIVE_ERROR)
    g_error ("expected an archive error, got: %s", error->message);
  /* refused for what it is, before anything was written */
  if (error->code == GANTRY_ARCHIVE_ERROR_FAILED || error->code == GANTRY_ARCHIVE_ERROR_CORRUPT)
    g_error ("expected the archive to be refused, got: %s", error->message);
  g_assert_nonnull (strstr (error->message, "Refused"));
  assert_nothing_installed (f);
  g_assert_false (g_file_test (abs, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (evil_root, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (evil_data, G_FILE_TEST_EXISTS));
  /* Nothing new beside the store and the toolchain folder. */
  g_assert_cmpuint (count_dir (f->data_dir), ==, n_data);
}

static void
test_already_installed (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *archive = NULL;
  g_autoptr(GantryRelease) release = NULL;
  g_autoptr(GantryToolchain) first = NULL;
  g_autoptr(GantryToolchain) second = NULL;
  g_autoptr(GError) error = NULL;

  SKIP_WITHOUT_SH ();
  archive = make_go_archive (f, GO_VERSION, FALSE);
  serve_go (f, archive, NULL, NULL);
  release = release_for ("go");
  first = gantry_toolchain_install (f->store, release, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  second = gantry_toolchain_install (f->store, release, NULL, NULL, NULL, NULL, &error);
  g_assert_null (second);
  g_assert_error (error, GANTRY_TOOLCHAIN_ERROR, GANTRY_TOOLCHAIN_ERROR_EXISTS);
  g_assert_true (g_file_test (first->program, G_FILE_TEST_IS_EXECUTABLE));
}

static void
cancel_in_extraction (const GantryInstallProgress *p,
                      gpointer                     user_data)
{
  if (p->phase == GANTRY_INSTALL_PHASE_EXTRACT && p->entries >= 128)
    g_cancellable_cancel (user_data);
}

static void
test_cancel_during_extraction (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *archive = make_go_archive (f, GO_VERSION, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GantryRelease) release = NULL;
  g_autoptr(GantryToolchain) tc = NULL;
  g_autoptr(GError) error = NULL;

  serve_go (f, archive, NULL, NULL);
  release = release_for ("go");
  tc = gantry_toolchain_install (f->store, release, NULL, cancel_in_extraction, cancellable, cancellable, &error);
  g_assert_null (tc);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Cancelling is a clean failure: no staging left, nothing registered. */
  assert_nothing_installed (f);
}

static void
test_no_hash_refused (Fixture       *f,
                      gconstpointer  data)
{
  GantryRelease release = {
    .kind = (char *) "zig", .name = (char *) "zig", .version = (char *) "0.1.0", .stable = TRUE,
    .os = (char *) "linux", .arch = (char *) "amd64", .filename = (char *) "zig.tar.xz",
  };
  g_autofree char *url = gantry_test_http_url (f->http, "/zig.tar.xz");
  g_autoptr(GantryToolchain) tc = NULL;
  g_autoptr(GError) error = NULL;

  release.url = url;
  gantry_test_http_serve (f->http, "/zig.tar.xz", NULL, NULL);
  tc = gantry_toolchain_install (f->store, &release, NULL, NULL, NULL, NULL, &error);
  g_assert_null (tc);
  g_assert_error (error, GANTRY_DOWNLOAD_ERROR, GANTRY_DOWNLOAD_ERROR_NO_HASH);
  g_assert_cmpuint (gantry_test_http_requests (f->http, "/zig.tar.xz"), ==, 0);
  assert_nothing_installed (f);
}

static void
test_remove_unknown (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (gantry_toolchain_remove (f->store, "gcc", NULL, &error));
  g_assert_error (error, GANTRY_TOOLCHAIN_ERROR, GANTRY_TOOLCHAIN_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "package manager"));
}

static void
test_cleanup_stale_downloads (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *downloads = g_build_filename (f->root, ".downloads", NULL);
  g_autofree char *old = g_build_filename (downloads, "old.tar.gz.partial", NULL);
  g_autofree char *fresh = g_build_filename (downloads, "fresh.tar.gz.partial", NULL);
  g_autofree char *orphan = g_build_filename (f->root, "zig-0.1.0", NULL);
  g_autoptr(GError) error = NULL;
  struct utimbuf times;

  g_assert_cmpint (g_mkdir_with_parents (downloads, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (orphan, 0700), ==, 0);
  g_assert_true (g_file_set_contents (old, "x", -1, NULL));
  g_assert_true (g_file_set_contents (fresh, "x", -1, NULL));
  times.actime = times.modtime = (time_t) (g_get_real_time () / G_USEC_PER_SEC - 8 * 24 * 3600);
  g_assert_cmpint (g_utime (old, &times), ==, 0);

  g_assert_true (gantry_toolchain_cleanup (f->store, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (old, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (fresh, G_FILE_TEST_EXISTS));
  /* A folder no row names is what a cut-short install leaves. */
  g_assert_false (g_file_test (orphan, G_FILE_TEST_EXISTS));
}

/* ------------------------------------------------------------------ */
/* Interruption: a helper process installs and dies at a chosen point  */
/* ------------------------------------------------------------------ */

static void
run_helper_and_die_at (Fixture    *f,
                       const char *phase)
{
  const char *helper = g_getenv ("GANTRY_TEST_INSTALL_HELPER");
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  g_assert_nonnull (helper);
  g_subprocess_launcher_setenv (launcher, "GANTRY_DATA_DIR", f->data_dir, TRUE);
  proc = g_subprocess_launcher_spawn (launcher, &error, helper, "go", phase, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
#ifdef G_OS_UNIX
  if (!g_subprocess_get_if_signaled (proc))
    g_error ("the helper did not die at '%s' (exit %d): %s", phase,
             g_subprocess_get_exit_status (proc), err);
  g_assert_cmpint (g_subprocess_get_term_sig (proc), ==, 9);
#else
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 9);
#endif
}

static void
test_killed_during_extraction (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *archive = NULL;
  g_autofree char *staging = gantry_toolchain_get_staging_dir ();
  g_autoptr(GantryRelease) release = NULL;
  g_autoptr(GantryToolchain) tc = NULL;
  g_autoptr(GError) error = NULL;

  SKIP_WITHOUT_SH ();
  archive = make_go_archive (f, GO_VERSION, FALSE);
  serve_go (f, archive, NULL, NULL);
  run_helper_and_die_at (f, "extract");

  /* It died half way: a staging folder holds part of the tree. */
  g_assert_cmpuint (count_dir (staging), ==, 1);

  /* The next start cleans up, and the install then works. */
  g_assert_true (gantry_toolchain_cleanup (f->store, &error));
  g_assert_no_error (error);
  assert_nothing_installed (f);

  release = release_for ("go");
  tc = gantry_toolchain_install (f->store, release, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tc);
}

static void
test_killed_after_move (Fixture       *f,
                        gconstpointer  data)
{
  const char *phase = data;
  g_autofree char *archive = NULL;
  g_autofree char *dest = NULL;
  g_autoptr(GError) error = NULL;

  SKIP_WITHOUT_SH ();
  archive = make_go_archive (f, GO_VERSION, FALSE);
  serve_go (f, archive, NULL, NULL);
  run_helper_and_die_at (f, phase);

  /* The folder is in place but no row names it: not installed. */
  dest = g_build_filename (f->root, "go-" GO_VERSION, NULL);
  g_assert_true (g_file_test (dest, G_FILE_TEST_IS_DIR));

  g_assert_true (gantry_toolchain_cleanup (f->store, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  assert_nothing_installed (f);
}

static void
test_killed_during_download_resumes (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (GantryTestEntry));
  g_autofree char *archive = g_build_filename (f->work, "big." HOST_FORMAT, NULL);
  g_autofree char *path = go_archive_path ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autofree char *noise = g_malloc (2 * 1024 * 1024 + 1);
  g_autoptr(GantryRelease) release = NULL;
  g_autoptr(GantryToolchain) tc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  GantryTestEntry top = { "go/", 'd' };
  GantryTestEntry noisy = { "go/noise", 'f', noise };
  GantryTestRoute route = { .stall_after = 512 * 1024, .stall_times = 1, .stall_ms = 3000 };

  SKIP_WITHOUT_SH ();
  for (gsize i = 0; i < 2 * 1024 * 1024; i++)
    noise[i] = 'a' + g_rand_int_range (rand, 0, 26);
  noise[2 * 1024 * 1024] = '\0';
  g_array_append_val (entries, top);
  gantry_test_add_fake_program (entries, keep, "go/bin/go", "go version go" GO_VERSION);
  g_array_append_val (entries, noisy);
#ifdef G_OS_WIN32
  gantry_test_write_archive (archive, "zip", (GantryTestEntry *) entries->data, entries->len);
#else
  /* uncompressed, so the download is long enough to die in */
  gantry_test_write_archive (archive, "tar", (GantryTestEntry *) entries->data, entries->len);
#endif
  serve_go (f, archive, NULL, &route);

  run_helper_and_die_at (f, "download");

  /* The bytes it got stay as .partial; this install resumes from them. */
  g_assert_true (gantry_toolchain_cleanup (f->store, &error));
  release = release_for ("go");
  tc = gantry_toolchain_install (f->store, release, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tc);
  g_assert_cmpuint (gantry_test_http_range_requests (f->http, path), ==, 1);
}

typedef struct
{
  GMainLoop *loop;
  GThread *main_thread;
  GArray *phases;
  gboolean off_thread;
  GantryToolchain *tc;
  GError *error;
} AsyncState;

static void
async_progress (const GantryInstallProgress *p,
                gpointer                     user_data)
{
  AsyncState *s = user_data;
  int phase = p->phase;

  if (g_thread_self () != s->main_thread)
    s->off_thread = TRUE;
  if (s->phases->len == 0 || g_array_index (s->phases, int, s->phases->len - 1) != phase)
    g_array_append_val (s->phases, phase);
}

static void
async_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncState *s = user_data;

  s->tc = gantry_toolchain_install_finish (result, &s->error);
  g_main_loop_quit (s->loop);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *archive = NULL;
  g_autoptr(GantryRelease) release = NULL;
  AsyncState s = { 0 };

  SKIP_WITHOUT_SH ();
  archive = make_go_archive (f, GO_VERSION, FALSE);
  serve_go (f, archive, NULL, NULL);
  release = release_for ("go");

  s.loop = g_main_loop_new (NULL, FALSE);
  s.main_thread = g_thread_self ();
  s.phases = g_array_new (FALSE, FALSE, sizeof (int));
  gantry_toolchain_install_async (f->store, release, NULL, async_progress, &s, NULL, NULL, async_done, &s);
  g_main_loop_run (s.loop);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  /* The worker thread lets go of its task (and the store) just after
   * the callback may have run: wait for that before the leak check. */
  for (guint i = 0; i < 5000 && G_OBJECT (f->store)->ref_count > 1; i++)
    g_usleep (1000);

  g_assert_no_error (s.error);
  g_assert_nonnull (s.tc);
  g_assert_false (s.off_thread);
  /* Every phase, in order, ending with done. */
  g_assert_cmpuint (s.phases->len, ==, 6);
  for (guint i = 0; i < s.phases->len; i++)
    g_assert_cmpint (g_array_index (s.phases, int, i), ==, (int) i);

  gantry_toolchain_free (s.tc);
  g_array_unref (s.phases);
  g_main_loop_unref (s.loop);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("GANTRY_ALLOW_LOOPBACK_HTTP", "1", TRUE);

#define ADD(path, func, data) g_test_add ("/core/install/" path, Fixture, data, fixture_setup, func, fixture_teardown)
  ADD ("go-install-and-remove", test_go_install_and_remove, NULL);
  ADD ("zig-install-from-index", test_zig_install, NULL);
  ADD ("wrong-hash-installs-nothing", test_wrong_hash, NULL);
  ADD ("dropped-connection-resumes", test_dropped_connection_resumes, NULL);
  ADD ("smoke-test-failure-installs-nothing", test_smoke_test_failure, NULL);
  ADD ("two-top-folders-refused", test_two_top_folders, NULL);
  ADD ("hostile-archive-registers-nothing", test_hostile_registers_nothing, NULL);
  ADD ("already-installed", test_already_installed, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (hostile_installs); i++)
    {
      g_autofree char *path = g_strdup_printf ("/core/install/hostile-%02u-%s-registers-nothing", i + 1, hostile_installs[i].format);
      g_test_add (path, Fixture, &hostile_installs[i], fixture_setup, test_hostile_install, fixture_teardown);
    }
  ADD ("no-hash-refused", test_no_hash_refused, NULL);
  ADD ("cancel-during-extraction-leaves-nothing", test_cancel_during_extraction, NULL);
  ADD ("remove-unknown", test_remove_unknown, NULL);
  ADD ("cleanup-stale-downloads-and-orphans", test_cleanup_stale_downloads, NULL);
  ADD ("killed-during-extraction-cleaned", test_killed_during_extraction, NULL);
  ADD ("killed-after-move-cleaned", test_killed_after_move, "smoke-test");
  ADD ("killed-before-register-cleaned", test_killed_after_move, "register");
  ADD ("killed-during-download-resumes", test_killed_during_download_resumes, NULL);
  ADD ("async-progress-phases", test_async, NULL);
#undef ADD

  return g_test_run ();
}

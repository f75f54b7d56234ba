/* test-package.c — release archives, SHA256SUMS and the swap into dist/, read back with libarchive */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <time.h>
#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>
#ifdef G_OS_UNIX
#include <sys/wait.h>
#endif
#ifdef G_OS_WIN32
#include <windows.h>
#endif

#include "gantry-package.h"
#include "gantry-paths.h"
#include "gantry-test-util.h"

#define EPOCH 1700000000  /* 2023-11-14 */

/* Not a real program, but bytes like one: NULs, high bytes, no text. */
static const char linux_binary[] = "\x7f" "ELF\x02\x01\x01\0\0\0fake linux binary\xff\xfe\x80";
static const char windows_binary[] = "MZ\x90\0\x03\0\0\0fake windows binary\xc3\xa9";

#define README_TEXT "# hello-cgo\n\nSays hello from C.\n"
#define LICENSE_TEXT "MIT License\n\nCopyright (c) 2026 Gantry tests\n"
#define CHANGELOG_TEXT "## 1.2.3\n- first release\n"

typedef struct
{
  char *root;          /* everything lives under here */
  char *project;       /* root/project: README.md, LICENSE, CHANGELOG.md, notes.txt … */
  char *dist;          /* project/dist */
  char *linux_bin;     /* root/stage/linux/hello-cgo */
  char *windows_bin;   /* root/stage/windows/hello-cgo.exe */
} Fixture;

static void
write_bytes (const char *path,
             const char *bytes,
             gsize       len)
{
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_file_set_contents (path, bytes, (gssize) len, &error);
  g_assert_no_error (error);
}

static void
set_mtime (const char *path,
           guint64     seconds)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_file_set_attribute_uint64 (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, seconds,
                               G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_init (Fixture    *f,
              const char *project_name,
              const char *binary_name)
{
  g_autofree char *win_name = g_strconcat (binary_name, ".exe", NULL);

  f->root = gantry_test_make_tmpdir ("package");
  f->project = g_build_filename (f->root, project_name, NULL);
  f->dist = g_build_filename (f->project, "dist", NULL);
  f->linux_bin = g_build_filename (f->root, "stage", "linux", binary_name, NULL);
  f->windows_bin = g_build_filename (f->root, "stage", "windows", win_name, NULL);

  gantry_test_write_file (f->project, "README.md", README_TEXT);
  gantry_test_write_file (f->project, "LICENSE", LICENSE_TEXT);
  gantry_test_write_file (f->project, "CHANGELOG.md", CHANGELOG_TEXT);
  gantry_test_write_file (f->project, "notes.txt", "not for the release\n");
  gantry_test_write_file (f->project, "main.go", "package main\n");
  /* Only files at the top go in: not a folder named like a document, nor what is in it. */
  gantry_test_write_file (f->project, "LICENSES/MIT.txt", "MIT\n");
  gantry_test_write_file (f->project, "docs/README.md", "deep\n");

  write_bytes (f->linux_bin, linux_binary, sizeof linux_binary - 1);
  write_bytes (f->windows_bin, windows_binary, sizeof windows_binary - 1);
  set_mtime (f->linux_bin, 1600000000);
  set_mtime (f->windows_bin, 1600000000);
}

static void
fixture_clear (Fixture *f)
{
  gantry_test_rm_rf (f->root);
  g_free (f->root);
  g_free (f->project);
  g_free (f->dist);
  g_free (f->linux_bin);
  g_free (f->windows_bin);
}

static gboolean
package (Fixture                  *f,
         const GantryPackageItem  *items,
         guint                     n_items,
         GPtrArray               **artifacts,
         GCancellable             *cancellable,
         GError                  **error)
{
  return gantry_package_release (f->project, f->dist, items, n_items, artifacts, cancellable, error);
}

static void
two_items (Fixture           *f,
           GantryPackageItem  items[2])
{
  items[0] = (GantryPackageItem) { "linux/amd64", f->linux_bin, "hello-cgo_1.2.3_linux_amd64", "tar.gz" };
  items[1] = (GantryPackageItem) { "windows/amd64", f->windows_bin, "hello-cgo_1.2.3_windows_amd64", "zip" };
}

static char *
sha256_hex (const char *data,
            gsize       len)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

/* ------------------------------------------------------------------ */
/* Reading archives back                                               */
/* ------------------------------------------------------------------ */

typedef struct
{
  char    *name;
  guint    mode;      /* permission bits */
  guint    filetype;
  gint64   uid;
  gint64   gid;
  char    *uname;
  gint64   mtime;
  GBytes  *contents;
} ReadEntry;

static void
read_entry_free (ReadEntry *e)
{
  g_free (e->name);
  g_free (e->uname);
  g_bytes_unref (e->contents);
  g_free (e);
}

static GPtrArray *
read_archive (const char *path)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) read_entry_free);
  g_autofree char *data = NULL;
  struct archive_entry *ae;
  struct archive *a;
  gsize len;
  int r;

#ifdef G_OS_UNIX
  /* Reading, libarchive also goes through the thread's locale: read under
   * UTF-8 so the names come back whatever locale the test runs in. */
  locale_t utf8 = newlocale (LC_CTYPE_MASK, "C.UTF-8", (locale_t) 0);
  locale_t saved = utf8 != (locale_t) 0 ? uselocale (utf8) : (locale_t) 0;
#else
  /* libarchive on Windows converts UTF-8 names itself (CP_UTF8). */
#endif

  /* Through memory: archive_read_open_filename takes the ANSI code page on Windows. */
  data = gantry_test_read_file (path, &len);
  a = archive_read_new ();
  archive_read_support_format_tar (a);
  archive_read_support_format_zip (a);
  archive_read_support_filter_gzip (a);
  g_assert_cmpint (archive_read_open_memory (a, data, len), ==, ARCHIVE_OK);

  while ((r = archive_read_next_header (a, &ae)) == ARCHIVE_OK)
    {
      ReadEntry *e = g_new0 (ReadEntry, 1);
      GByteArray *bytes = g_byte_array_new ();
      char buf[4096];
      la_ssize_t n;

      e->name = g_strdup (archive_entry_pathname_utf8 (ae));
      g_assert_nonnull (e->name);
      e->mode = archive_entry_perm (ae);
      e->filetype = archive_entry_filetype (ae);
      e->uid = archive_entry_uid (ae);
      e->gid = archive_entry_gid (ae);
      e->uname = g_strdup (archive_entry_uname (ae));
      e->mtime = archive_entry_mtime (ae);
      while ((n = archive_read_data (a, buf, sizeof buf)) > 0)
        g_byte_array_append (bytes, (const guint8 *) buf, (guint) n);
      g_assert_cmpint (n, ==, 0);
      e->contents = g_byte_array_free_to_bytes (bytes);
      g_ptr_array_add (entries, e);
    }
  g_assert_cmpint (r, ==, ARCHIVE_EOF);
  archive_read_free (a);

#ifdef G_OS_UNIX
  if (saved != (locale_t) 0)
    uselocale (saved);
  if (utf8 != (locale_t) 0)
    freelocale (utf8);
#endif
  return g_steal_pointer (&entries);
}

static void
assert_entry (GPtrArray  *entries,
              guint       i,
              const char *name,
              guint       mode,
              const char *contents,
              gsize       len,
              gint64      mtime)
{
  const ReadEntry *e;

  g_assert_cmpuint (i, <, entries->len);
  e = g_ptr_array_index (entries, i);
  g_assert_cmpstr (e->name, ==, name);
  g_assert_cmpuint (e->filetype, ==, AE_IFREG);
  g_assert_cmpuint (e->mode, ==, mode);
  g_assert_cmpint (e->uid, ==, 0);
  g_assert_cmpint (e->gid, ==, 0);
  g_assert_cmpint (e->mtime, ==, mtime);
  g_assert_cmpmem (g_bytes_get_data (e->contents, NULL), g_bytes_get_size (e->contents), contents, len);
}

/* A file that is one gzip stream and nothing after it: the trailer's
 * ISIZE (the last four bytes) is the length of what it inflates to. */
static void
assert_gzip_ends_at_eof (const char *data,
                         gsize       len)
{
  g_autoptr(GInputStream) raw = g_memory_input_stream_new_from_data (data, (gssize) len, NULL);
  g_autoptr(GZlibDecompressor) gunzip = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GInputStream) in = g_converter_input_stream_new (raw, G_CONVERTER (gunzip));
  g_autoptr(GError) error = NULL;
  char buf[8192];
  guint64 total = 0;
  gssize n;
  guint32 isize;

  while ((n = g_input_stream_read (in, buf, sizeof buf, NULL, &error)) > 0)
    total += (guint64) n;
  g_assert_no_error (error);
  g_assert_cmpuint (total, >, 0);
  memcpy (&isize, data + len - 4, 4);
  g_assert_cmpuint (GUINT32_FROM_LE (isize), ==, (guint32) total);
}

/* ------------------------------------------------------------------ */
/* Snapshots of a folder, to prove it did not change                   */
/* ------------------------------------------------------------------ */

static void
snapshot_into (GHashTable *table,
               const char *root,
               const char *relative)
{
  g_autofree char *path = relative[0] ? g_build_filename (root, relative, NULL) : g_strdup (root);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *rel = relative[0] ? g_build_filename (relative, name, NULL) : g_strdup (name);
      g_autofree char *child = g_build_filename (root, rel, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          g_hash_table_insert (table, g_strconcat (rel, "/", NULL), g_strdup ("<dir>"));
          snapshot_into (table, root, rel);
        }
      else
        {
          gsize len;
          char *data = gantry_test_read_file (child, &len);
          char *sum = sha256_hex (data, len);

          g_free (data);
          g_hash_table_insert (table, g_steal_pointer (&rel), sum);
        }
    }
}

static GHashTable *
snapshot (const char *dir)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  snapshot_into (table, dir, "");
  return table;
}

static void
assert_same_snapshot (GHashTable *before,
                      GHashTable *after)
{
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (g_hash_table_size (after), ==, g_hash_table_size (before));
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_cmpstr (g_hash_table_lookup (after, key), ==, value);
}

/* Nothing Gantry makes on the way may stay beside dist/. */
static void
assert_no_leftovers (const char *parent)
{
  g_autoptr(GDir) dir = g_dir_open (parent, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_null (strstr (name, "gantry-staging"));
      g_assert_null (strstr (name, "gantry-previous"));
    }
}

/* ------------------------------------------------------------------ */
/* Names                                                               */
/* ------------------------------------------------------------------ */

static void
assert_name (char       *got,
             const char *expected)
{
  g_assert_cmpstr (got, ==, expected);
  g_free (got);
}

static void
test_name_goreleaser (void)
{
  assert_name (gantry_package_archive_name ("hello-cgo", "1.2.3", "linux", "amd64", NULL, NULL, NULL),
               "hello-cgo_1.2.3_linux_amd64");
  /* .Version is the tag without "v" */
  assert_name (gantry_package_archive_name ("hello-cgo", "v1.2.3", "darwin", "arm64", NULL, NULL, NULL),
               "hello-cgo_1.2.3_darwin_arm64");
  assert_name (gantry_package_archive_name ("tool", "v1.0.0-3-gabc123-dirty", "linux", "arm64", NULL, NULL, NULL),
               "tool_1.0.0-3-gabc123-dirty_linux_arm64");
  /* {{ with .Arm }}v{{ . }}{{ end }} */
  assert_name (gantry_package_archive_name ("tool", "1.0.0", "linux", "arm", "7", NULL, NULL),
               "tool_1.0.0_linux_armv7");
  /* {{ if not (eq .Amd64 "v1") }}{{ .Amd64 }}{{ end }} */
  assert_name (gantry_package_archive_name ("tool", "1.0.0", "linux", "amd64", NULL, "v3", NULL),
               "tool_1.0.0_linux_amd64v3");
  assert_name (gantry_package_archive_name ("tool", "1.0.0", "linux", "amd64", NULL, "v1", NULL),
               "tool_1.0.0_linux_amd64");
  /* no version: the field is left out, not left empty */
  assert_name (gantry_package_archive_name ("tool", NULL, "windows", "amd64", NULL, NULL, NULL),
               "tool_windows_amd64");
  assert_name (gantry_package_archive_name ("tool", "", "windows", "amd64", NULL, NULL, "static"),
               "tool_windows_amd64_static");
  assert_name (gantry_package_archive_name ("tool", "1.0", "linux", "amd64", NULL, NULL, "static_musl"),
               "tool_1.0_linux_amd64_static_musl");
  /* a tag like release/2.0 or a name with a colon must still be one file name on Windows */
  assert_name (gantry_package_archive_name ("my:tool", "release/2.0", "linux", "amd64", NULL, NULL, NULL),
               "my-tool_release-2.0_linux_amd64");
  assert_name (gantry_package_archive_name ("wörk tool", "1.0", "linux", "riscv64", NULL, NULL, NULL),
               "wörk tool_1.0_linux_riscv64");
}

static char *
name_for (const char *spec)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryTarget) target = gantry_target_parse (spec, &error);

  g_assert_no_error (error);
  return gantry_package_archive_name_for_target (target, "hello-cgo", "v1.2.3");
}

static void
test_name_target (void)
{
  const char *specs[] = {
    "linux/amd64", "linux/amd64/static@musl", "linux/amd64@glibc2.17",
    "linux/amd64/static", "linux/amd64@musl", "linux/arm64", "windows/amd64",
  };
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GantryTarget) arm = gantry_target_new ("linux", "arm");
  g_autoptr(GantryTarget) v3 = gantry_target_new ("linux", "amd64");

  assert_name (name_for ("linux/amd64"), "hello-cgo_1.2.3_linux_amd64");
  assert_name (name_for ("linux/amd64/static@musl"), "hello-cgo_1.2.3_linux_amd64_static_musl");
  assert_name (name_for ("linux/amd64@glibc2.17"), "hello-cgo_1.2.3_linux_amd64_glibc2.17");
  assert_name (name_for ("windows/amd64"), "hello-cgo_1.2.3_windows_amd64");

  gantry_target_set_goarm (arm, "7");
  assert_name (gantry_package_archive_name_for_target (arm, "hello-cgo", "1.2.3"),
               "hello-cgo_1.2.3_linux_armv7");
  gantry_target_set_goamd64 (v3, "v3");
  assert_name (gantry_package_archive_name_for_target (v3, "hello-cgo", "1.2.3"),
               "hello-cgo_1.2.3_linux_amd64v3");

  /* every distinct target key gets its own archive */
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      char *name = name_for (specs[i]);

      g_assert_false (g_hash_table_contains (names, name));
      g_hash_table_add (names, name);
    }
}

/* ------------------------------------------------------------------ */
/* Releases                                                            */
/* ------------------------------------------------------------------ */

static void
test_archives (void)
{
  Fixture f = { 0 };
  GantryPackageItem items[2];
  g_autoptr(GPtrArray) artifacts = NULL;
  g_autoptr(GPtrArray) tar_entries = NULL;
  g_autoptr(GPtrArray) zip_entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tar_path = NULL;
  g_autofree char *zip_path = NULL;
  g_autofree char *sums_path = NULL;
  g_autofree char *sums = NULL;
  g_autofree char *expected_sums = NULL;
  g_autofree char *tar_data = NULL;
  g_autofree char *zip_data = NULL;
  g_autofree char *tar_sha = NULL;
  g_autofree char *zip_sha = NULL;
  g_autoptr(GDir) dir = NULL;
  const GantryPackageArtifact *a;
  gsize tar_len, zip_len;
  guint n_files = 0;

  g_setenv ("SOURCE_DATE_EPOCH", G_STRINGIFY (EPOCH), TRUE);
  fixture_init (&f, "project", "hello-cgo");
  two_items (&f, items);

  g_assert_true (package (&f, items, 2, &artifacts, NULL, &error));
  g_assert_no_error (error);

  tar_path = g_build_filename (f.dist, "hello-cgo_1.2.3_linux_amd64.tar.gz", NULL);
  zip_path = g_build_filename (f.dist, "hello-cgo_1.2.3_windows_amd64.zip", NULL);
  sums_path = g_build_filename (f.dist, "SHA256SUMS", NULL);

  /* dist/ holds the two archives and the sums, nothing else */
  dir = g_dir_open (f.dist, 0, NULL);
  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 3);

  /* tar.gz: sorted, binary 0755, documents 0644, root-owned, dated SOURCE_DATE_EPOCH */
  tar_entries = read_archive (tar_path);
  g_assert_cmpuint (tar_entries->len, ==, 4);
  assert_entry (tar_entries, 0, "CHANGELOG.md", 0644, CHANGELOG_TEXT, strlen (CHANGELOG_TEXT), EPOCH);
  assert_entry (tar_entries, 1, "LICENSE", 0644, LICENSE_TEXT, strlen (LICENSE_TEXT), EPOCH);
  assert_entry (tar_entries, 2, "README.md", 0644, README_TEXT, strlen (README_TEXT), EPOCH);
  assert_entry (tar_entries, 3, "hello-cgo", 0755, linux_binary, sizeof linux_binary - 1, EPOCH);
  g_assert_cmpstr (((ReadEntry *) tar_entries->pdata[3])->uname, ==, "root");

  /* zip: the same, with the mode kept in the external attributes */
  zip_entries = read_archive (zip_path);
  g_assert_cmpuint (zip_entries->len, ==, 4);
  assert_entry (zip_entries, 0, "CHANGELOG.md", 0644, CHANGELOG_TEXT, strlen (CHANGELOG_TEXT), EPOCH);
  assert_entry (zip_entries, 1, "LICENSE", 0644, LICENSE_TEXT, strlen (LICENSE_TEXT), EPOCH);
  assert_entry (zip_entries, 2, "README.md", 0644, README_TEXT, strlen (README_TEXT), EPOCH);
  assert_entry (zip_entries, 3, "hello-cgo.exe", 0755, windows_binary, sizeof windows_binary - 1, EPOCH);

  /* the gzip header carries no clock time (bytes 4–7, RFC 1952) */
  tar_data = gantry_test_read_file (tar_path, &tar_len);
  g_assert_cmpuint (tar_len, >, 10);
  g_assert_cmpint ((guchar) tar_data[0], ==, 0x1f);
  g_assert_cmpint ((guchar) tar_data[1], ==, 0x8b);
  g_assert_cmpmem (tar_data + 4, 4, "\0\0\0\0", 4);
  assert_gzip_ends_at_eof (tar_data, tar_len);
  zip_data = gantry_test_read_file (zip_path, &zip_len);
  g_assert_cmpmem (zip_data, 4, "PK\x03\x04", 4);
  /* the file ends with the end-of-central-directory record, not with padding */
  g_assert_cmpuint (zip_len, >, 22);
  g_assert_cmpmem (zip_data + zip_len - 22, 4, "PK\x05\x06", 4);

  /* artifacts: in item order, final paths, real sizes and sums */
  tar_sha = sha256_hex (tar_data, tar_len);
  zip_sha = sha256_hex (zip_data, zip_len);
  g_assert_cmpuint (artifacts->len, ==, 2);
  a = g_ptr_array_index (artifacts, 0);
  g_assert_cmpstr (a->target_key, ==, "linux/amd64");
  g_assert_cmpstr (a->name, ==, "hello-cgo_1.2.3_linux_amd64.tar.gz");
  g_assert_cmpstr (a->path, ==, tar_path);
  g_assert_cmpuint (a->size, ==, tar_len);
  g_assert_cmpstr (a->sha256, ==, tar_sha);
  a = g_ptr_array_index (artifacts, 1);
  g_assert_cmpstr (a->target_key, ==, "windows/amd64");
  g_assert_cmpstr (a->name, ==, "hello-cgo_1.2.3_windows_amd64.zip");
  g_assert_cmpstr (a->path, ==, zip_path);
  g_assert_cmpuint (a->size, ==, zip_len);
  g_assert_cmpstr (a->sha256, ==, zip_sha);

  /* SHA256SUMS, sorted by name, in sha256sum's own format */
  sums = gantry_test_read_file (sums_path, NULL);
  expected_sums = g_strdup_printf ("%s  hello-cgo_1.2.3_linux_amd64.tar.gz\n"
                                   "%s  hello-cgo_1.2.3_windows_amd64.zip\n",
                                   tar_sha, zip_sha);
  g_assert_cmpstr (sums, ==, expected_sums);

  assert_no_leftovers (f.project);
  fixture_clear (&f);
  g_unsetenv ("SOURCE_DATE_EPOCH");
}

/* The real tool, in the folder, as a user would run it. */
static void
run_sha256sum_check (const char *dist,
                     const char *const *names)
{
  g_autofree char *tool = gantry_test_find_program ("sha256sum");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, dist);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  proc = g_subprocess_launcher_spawn (launcher, &error, tool, "-c", "--strict", "SHA256SUMS", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("sha256sum -c: %s%s", out, err);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *line = g_strdup_printf ("%s: OK\n", names[i]);

      g_assert_nonnull (strstr (out, line));
    }
}

static void
test_sha256sum (void)
{
  const char *names[] = { "hello-cgo_1.2.3_linux_amd64.tar.gz", "hello-cgo_1.2.3_windows_amd64.zip", NULL };
  g_autofree char *tool = gantry_test_find_program ("sha256sum");
  g_autofree char *zip_path = NULL;
  Fixture f = { 0 };
  GantryPackageItem items[2];
  g_autoptr(GError) error = NULL;

  if (tool == NULL)
    {
      g_test_skip ("sha256sum (GNU coreutils) is not installed");
      return;
    }

  fixture_init (&f, "project", "hello-cgo");
  two_items (&f, items);
  g_assert_true (package (&f, items, 2, NULL, NULL, &error));
  g_assert_no_error (error);
  run_sha256sum_check (f.dist, names);

  /* and the check has teeth: one flipped byte fails it */
  zip_path = g_build_filename (f.dist, names[1], NULL);
  {
    gsize len;
    g_autofree char *data = gantry_test_read_file (zip_path, &len);
    g_autoptr(GSubprocess) proc = NULL;
    g_autoptr(GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);

    data[len / 2] ^= 0x01;
    write_bytes (zip_path, data, len);
    g_subprocess_launcher_set_cwd (launcher, f.dist);
    proc = g_subprocess_launcher_spawn (launcher, &error, tool, "-c", "--strict", "SHA256SUMS", NULL);
    g_assert_no_error (error);
    g_subprocess_wait (proc, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_subprocess_get_exit_status (proc), !=, 0);
  }

  fixture_clear (&f);
}

static GBytes *
read_bytes (const char *dir,
            const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  gsize len;
  char *data = gantry_test_read_file (path, &len);

  return g_bytes_new_take (data, len);
}

static void
test_reproducible (void)
{
  const char *names[] = { "hello-cgo_1.2.3_linux_amd64.tar.gz", "hello-cgo_1.2.3_windows_amd64.zip", "SHA256SUMS" };
  Fixture f = { 0 };
  GantryPackageItem items[2];
  g_autoptr(GError) error = NULL;
  GBytes *first[G_N_ELEMENTS (names)];

  g_setenv ("SOURCE_DATE_EPOCH", G_STRINGIFY (EPOCH), TRUE);
  fixture_init (&f, "project", "hello-cgo");
  two_items (&f, items);

  g_assert_true (package (&f, items, 2, NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    first[i] = read_bytes (f.dist, names[i]);

  /* the same bytes rewritten an hour later: the binary's date does not count */
  write_bytes (f.linux_bin, linux_binary, sizeof linux_binary - 1);
  write_bytes (f.windows_bin, windows_binary, sizeof windows_binary - 1);
  set_mtime (f.linux_bin, 1600003600);
  set_mtime (f.windows_bin, 1600003600);
  g_usleep (1100 * G_TIME_SPAN_MILLISECOND);  /* let the wall clock move on */

  g_assert_true (package (&f, items, 2, NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GBytes) second = read_bytes (f.dist, names[i]);

      g_assert_true (g_bytes_equal (first[i], second));
      g_bytes_unref (first[i]);
    }

  /* and a different binary does give a different archive */
  write_bytes (f.linux_bin, "other bytes", 11);
  g_assert_true (package (&f, items, 2, NULL, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GBytes) changed = read_bytes (f.dist, names[0]);
    g_autoptr(GBytes) same = read_bytes (f.dist, names[1]);
    g_autoptr(GBytes) before = NULL;

    fixture_clear (&f);
    fixture_init (&f, "project", "hello-cgo");
    two_items (&f, items);
    g_assert_true (package (&f, items, 2, NULL, NULL, &error));
    g_assert_no_error (error);
    before = read_bytes (f.dist, names[0]);
    g_assert_false (g_bytes_equal (changed, before));
    g_bytes_unref (before);
    before = read_bytes (f.dist, names[1]);
    g_assert_true (g_bytes_equal (same, before));
  }

  fixture_clear (&f);
  g_unsetenv ("SOURCE_DATE_EPOCH");
}

static void
set_tz (const char *tz)
{
  if (tz != NULL)
    g_setenv ("TZ", tz, TRUE);
  else
    g_unsetenv ("TZ");
#ifdef G_OS_WIN32
  _tzset ();
#else
  tzset ();
#endif
}

/* libarchive dates zip entries in local time; Gantry rewrites them in UTC,
 * so a release made in Tokyo is the one made in New York. */
static void
test_zip_dates_utc (void)
{
  const char *zones[] = { "UTC0", "JST-9", "EST5EDT,M3.2.0,M11.1.0", "NPT-5:45" };
  /* EPOCH is 2023-11-14 22:13:20 UTC */
  const guint16 dos_time = (22 << 11) | (13 << 5) | (20 / 2);
  const guint16 dos_date = ((2023 - 1980) << 9) | (11 << 5) | 14;
  g_autofree char *saved_tz = g_strdup (g_getenv ("TZ"));
  g_autoptr(GBytes) first = NULL;
  Fixture f = { 0 };
  GantryPackageItem items[2];
  g_autoptr(GError) error = NULL;

  g_setenv ("SOURCE_DATE_EPOCH", G_STRINGIFY (EPOCH), TRUE);
  fixture_init (&f, "project", "hello-cgo");
  two_items (&f, items);

  for (guint i = 0; i < G_N_ELEMENTS (zones); i++)
    {
      g_autoptr(GBytes) zip = NULL;
      g_autoptr(GPtrArray) entries = NULL;
      g_autofree char *zip_path = g_build_filename (f.dist, "hello-cgo_1.2.3_windows_amd64.zip", NULL);
      const guchar *data;
      gsize len;

      set_tz (zones[i]);
      g_assert_true (package (&f, &items[1], 1, NULL, NULL, &error));
      g_assert_no_error (error);
      zip = read_bytes (f.dist, "hello-cgo_1.2.3_windows_amd64.zip");
      data = g_bytes_get_data (zip, &len);

      /* the first local header: time at 10, date at 12 */
      g_assert_cmpuint (len, >, 30);
      g_assert_cmpmem (data, 4, "PK\x03\x04", 4);
      g_assert_cmpuint (data[10] | (data[11] << 8), ==, dos_time);
      g_assert_cmpuint (data[12] | (data[13] << 8), ==, dos_date);
      /* and every entry still reads back whole, dated right */
      entries = read_archive (zip_path);
      g_assert_cmpuint (entries->len, ==, 4);
      for (guint j = 0; j < entries->len; j++)
        g_assert_cmpint (((ReadEntry *) entries->pdata[j])->mtime, ==, EPOCH);

      if (first == NULL)
        first = g_bytes_ref (zip);
      else
        g_assert_true (g_bytes_equal (first, zip));
    }

  set_tz (saved_tz);
  fixture_clear (&f);
  g_unsetenv ("SOURCE_DATE_EPOCH");
}

static void
test_mtime_from_binary (void)
{
  Fixture f = { 0 };
  GantryPackageItem items[2];
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tar_path = NULL;

  g_unsetenv ("SOURCE_DATE_EPOCH");
  fixture_init (&f, "project", "hello-cgo");
  two_items (&f, items);
  set_mtime (f.linux_bin, 1500000000);

  g_assert_true (package (&f, items, 1, NULL, NULL, &error));
  g_assert_no_error (error);
  tar_path = g_build_filename (f.dist, "hello-cgo_1.2.3_linux_amd64.tar.gz", NULL);
  entries = read_archive (tar_path);
  g_assert_cmpuint (entries->len, ==, 4);
  for (guint i = 0; i < entries->len; i++)
    g_assert_cmpint (((ReadEntry *) entries->pdata[i])->mtime, ==, 1500000000);

  /* a SOURCE_DATE_EPOCH that is not a number is an error, before anything is written */
  g_setenv ("SOURCE_DATE_EPOCH", "yesterday", TRUE);
  gantry_test_rm_rf (f.dist);
  g_assert_false (package (&f, items, 1, NULL, NULL, &error));
  g_assert_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "SOURCE_DATE_EPOCH=yesterday"));
  g_assert_false (g_file_test (f.dist, G_FILE_TEST_EXISTS));
  assert_no_leftovers (f.project);

  fixture_clear (&f);
  g_unsetenv ("SOURCE_DATE_EPOCH");
}

static gpointer
cancel_soon (gpointer data)
{
  g_usleep (30 * G_TIME_SPAN_MILLISECOND);
  g_cancellable_cancel (G_CANCELLABLE (data));
  return NULL;
}

static void
test_failure_keeps_dist (void)
{
  Fixture f = { 0 };
  GantryPackageItem items[2];
  GantryPackageItem bad[2];
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = NULL;

  fixture_init (&f, "project", "hello-cgo");
  two_items (&f, items);
  g_assert_true (package (&f, items, 2, NULL, NULL, &error));
  g_assert_no_error (error);
  /* something the user put there by hand survives a failed run too */
  gantry_test_write_file (f.dist, "notes/keep.txt", "mine\n");
  before = snapshot (f.dist);
  g_assert_cmpuint (g_hash_table_size (before), ==, 5);

  /* the first archive is written, the second binary is missing */
  write_bytes (f.linux_bin, "a newer build", 13);
  missing = g_build_filename (f.root, "stage", "nowhere", "hello-cgo.exe", NULL);
  memcpy (bad, items, sizeof bad);
  bad[1].binary_path = missing;
  g_assert_false (package (&f, bad, 2, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "windows/amd64"));
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);
  {
    g_autoptr(GHashTable) after = snapshot (f.dist);
    assert_same_snapshot (before, after);
  }
  assert_no_leftovers (f.project);

  /* cancelled */
  g_cancellable_cancel (cancellable);
  g_assert_false (package (&f, items, 2, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  {
    g_autoptr(GHashTable) after = snapshot (f.dist);
    assert_same_snapshot (before, after);
  }
  assert_no_leftovers (f.project);

  /* cancelled while the archives are being written */
  {
    g_autofree char *big = g_build_filename (f.root, "stage", "big", "hello-cgo", NULL);
    g_autofree char *zeros = g_malloc0 (96 * 1024 * 1024);
    g_autoptr(GCancellable) later = g_cancellable_new ();
    GThread *canceller;
    gint64 start;

    write_bytes (big, zeros, 96 * 1024 * 1024);
    memcpy (bad, items, sizeof bad);
    bad[0].binary_path = big;
    bad[1].binary_path = big;
    bad[1].archive_name = "hello-cgo_1.2.3_linux_amd64_static";
    bad[1].format = "zip";
    canceller = g_thread_new ("canceller", cancel_soon, later);
    start = g_get_monotonic_time ();
    g_assert_false (package (&f, bad, 2, NULL, later, &error));
    g_test_message ("cancelled after %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - start) / 1000);
    g_thread_join (canceller);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    {
      g_autoptr(GHashTable) after = snapshot (f.dist);
      assert_same_snapshot (before, after);
    }
    assert_no_leftovers (f.project);
  }

  /* the binary is a folder */
  memcpy (bad, items, sizeof bad);
  bad[1].binary_path = f.project;
  g_assert_false (package (&f, bad, 2, NULL, NULL, &error));
  g_assert_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_BINARY);
  g_clear_error (&error);
  {
    g_autoptr(GHashTable) after = snapshot (f.dist);
    assert_same_snapshot (before, after);
  }
  assert_no_leftovers (f.project);

  /* no targets built: the last release stays */
  g_assert_false (package (&f, items, 0, NULL, NULL, &error));
  g_assert_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_INVALID);
  g_clear_error (&error);
  {
    g_autoptr(GHashTable) after = snapshot (f.dist);
    assert_same_snapshot (before, after);
  }

  fixture_clear (&f);
}

static void
test_replaces_release (void)
{
  Fixture f = { 0 };
  GantryPackageItem items[2];
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_archive = NULL;

  fixture_init (&f, "project", "hello-cgo");
  two_items (&f, items);
  g_assert_true (package (&f, items, 2, NULL, NULL, &error));
  g_assert_no_error (error);
  old_archive = g_build_filename (f.dist, "hello-cgo_1.2.3_windows_amd64.zip", NULL);
  g_assert_true (g_file_test (old_archive, G_FILE_TEST_IS_REGULAR));

  /* version 1.2.4, linux only: the whole folder is the new release */
  items[0].archive_name = "hello-cgo_1.2.4_linux_amd64";
  g_assert_true (package (&f, items, 1, NULL, NULL, &error));
  g_assert_no_error (error);
  after = snapshot (f.dist);
  g_assert_cmpuint (g_hash_table_size (after), ==, 2);
  g_assert_true (g_hash_table_contains (after, "hello-cgo_1.2.4_linux_amd64.tar.gz"));
  g_assert_true (g_hash_table_contains (after, "SHA256SUMS"));
  g_assert_false (g_file_test (old_archive, G_FILE_TEST_EXISTS));
  assert_no_leftovers (f.project);

  /* an empty folder is taken over as well */
  gantry_test_rm_rf (f.dist);
  g_assert_cmpint (g_mkdir (f.dist, 0755), ==, 0);
  g_assert_true (package (&f, items, 1, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (f.dist, G_FILE_TEST_IS_DIR));

  fixture_clear (&f);
}

static void
test_creates_dist (void)
{
  Fixture f = { 0 };
  GantryPackageItem items[2];
  g_autoptr(GPtrArray) artifacts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *sums = NULL;

  fixture_init (&f, "project", "hello-cgo");
  two_items (&f, items);
  /* neither dist nor its parent exist yet */
  g_free (f.dist);
  f.dist = g_build_filename (f.project, "out", "release", NULL);
  parent = g_path_get_dirname (f.dist);
  g_assert_false (g_file_test (parent, G_FILE_TEST_EXISTS));

  g_assert_true (package (&f, items, 2, &artifacts, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (f.dist, G_FILE_TEST_IS_DIR));
  sums = g_build_filename (f.dist, "SHA256SUMS", NULL);
  g_assert_true (g_file_test (sums, G_FILE_TEST_IS_REGULAR));
  for (guint i = 0; i < artifacts->len; i++)
    g_assert_true (g_file_test (((GantryPackageArtifact *) artifacts->pdata[i])->path, G_FILE_TEST_IS_REGULAR));
  assert_no_leftovers (parent);

  fixture_clear (&f);
}

static void
test_unknown_format (void)
{
  Fixture f = { 0 };
  GantryPackageItem items[2];
  g_autoptr(GError) error = NULL;

  fixture_init (&f, "project", "hello-cgo");
  two_items (&f, items);
  items[1].format = "rar";

  g_assert_false (package (&f, items, 2, NULL, NULL, &error));
  g_assert_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "“rar”"));
  g_assert_nonnull (strstr (error->message, "windows/amd64"));
  g_assert_nonnull (strstr (error->message, "tar.gz or zip"));
  g_assert_false (g_file_test (f.dist, G_FILE_TEST_EXISTS));
  assert_no_leftovers (f.project);

  g_assert_true (gantry_package_format_is_supported ("tar.gz"));
  g_assert_true (gantry_package_format_is_supported ("zip"));
  g_assert_false (gantry_package_format_is_supported ("tar.xz"));
  g_assert_false (gantry_package_format_is_supported (NULL));

  fixture_clear (&f);
}

static void
test_bad_names (void)
{
  Fixture f = { 0 };
  GantryPackageItem items[2];
  g_autoptr(GError) error = NULL;

  fixture_init (&f, "project", "hello-cgo");
  two_items (&f, items);

  /* two targets, one name (the case differs, Windows and macOS would not care) */
  items[1].archive_name = "HELLO-cgo_1.2.3_linux_amd64";
  items[1].format = "tar.gz";
  g_assert_false (package (&f, items, 2, NULL, NULL, &error));
  g_assert_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_NAME);
  g_assert_nonnull (strstr (error->message, "linux/amd64 and windows/amd64"));
  g_clear_error (&error);

  /* a folder separator would write outside dist/ */
  two_items (&f, items);
  items[0].archive_name = "../escape";
  g_assert_false (package (&f, items, 2, NULL, NULL, &error));
  g_assert_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_NAME);
  g_assert_nonnull (strstr (error->message, "linux/amd64"));
  g_clear_error (&error);

  items[0].archive_name = "";
  g_assert_false (package (&f, items, 2, NULL, NULL, &error));
  g_assert_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_NAME);
  g_clear_error (&error);

  items[0].archive_name = "nul";
  g_assert_false (package (&f, items, 2, NULL, NULL, &error));
  g_assert_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_NAME);
  g_clear_error (&error);

  g_assert_false (g_file_test (f.dist, G_FILE_TEST_EXISTS));
  assert_no_leftovers (f.project);
  fixture_clear (&f);
}

static void
test_refuses_foreign_dist (void)
{
  Fixture f = { 0 };
  GantryPackageItem items[2];
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) project_before = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file_dist = NULL;

  fixture_init (&f, "project", "hello-cgo");
  two_items (&f, items);

  /* a folder of someone else's files (GoReleaser's, here) is not taken over */
  gantry_test_write_file (f.dist, "checksums.txt", "abc  x.tar.gz\n");
  before = snapshot (f.dist);
  g_assert_false (package (&f, items, 2, NULL, NULL, &error));
  g_assert_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_DIST);
  g_assert_nonnull (strstr (error->message, f.dist));
  g_assert_nonnull (strstr (error->message, "SHA256SUMS"));
  g_clear_error (&error);
  {
    g_autoptr(GHashTable) after = snapshot (f.dist);
    assert_same_snapshot (before, after);
  }

  /* nor the project itself, nor a parent of it */
  project_before = snapshot (f.project);
  gantry_test_write_file (f.project, "SHA256SUMS", "");
  g_assert_false (gantry_package_release (f.project, f.project, items, 2, NULL, NULL, &error));
  g_assert_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_DIST);
  g_clear_error (&error);
  g_assert_false (gantry_package_release (f.project, f.root, items, 2, NULL, NULL, &error));
  g_assert_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_DIST);
  g_clear_error (&error);
  {
    g_autofree char *sums = g_build_filename (f.project, "SHA256SUMS", NULL);
    g_autoptr(GHashTable) after = NULL;

    g_assert_cmpint (g_unlink (sums), ==, 0);
    after = snapshot (f.project);
    assert_same_snapshot (project_before, after);
  }

  /* a file where the folder should be */
  file_dist = g_build_filename (f.project, "main.go", NULL);
  g_assert_false (gantry_package_release (f.project, file_dist, items, 2, NULL, NULL, &error));
  g_assert_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_DIST);
  g_clear_error (&error);

  assert_no_leftovers (f.project);
  assert_no_leftovers (f.root);
  fixture_clear (&f);
}

/* Spaces and non-ASCII everywhere: project folder, binary name, archive name. */
static void
test_non_ascii_paths (void)
{
  const char *names[] = { "héllo wörld_1.0_linux_amd64.tar.gz", "héllo wörld_1.0_windows_amd64.zip", NULL };
  g_autofree char *tool = gantry_test_find_program ("sha256sum");
  Fixture f = { 0 };
  GantryPackageItem items[2];
  g_autoptr(GPtrArray) artifacts = NULL;
  g_autoptr(GError) error = NULL;

  fixture_init (&f, "mon projet ñandú 日本", "héllo wörld");
  items[0] = (GantryPackageItem) { "linux/amd64", f.linux_bin, "héllo wörld_1.0_linux_amd64", "tar.gz" };
  items[1] = (GantryPackageItem) { "windows/amd64", f.windows_bin, "héllo wörld_1.0_windows_amd64", "zip" };

  g_assert_true (package (&f, items, 2, &artifacts, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 2; i++)
    {
      const GantryPackageArtifact *a = g_ptr_array_index (artifacts, i);
      g_autoptr(GPtrArray) entries = read_archive (a->path);
      g_autofree char *data = NULL;
      g_autofree char *sum = NULL;
      gsize len;

      g_assert_cmpstr (a->name, ==, names[i]);
      g_assert_cmpuint (entries->len, ==, 4);
      if (i == 0)
        assert_entry (entries, 3, "héllo wörld", 0755, linux_binary, sizeof linux_binary - 1,
                      1600000000);
      else
        assert_entry (entries, 3, "héllo wörld.exe", 0755, windows_binary, sizeof windows_binary - 1,
                      1600000000);
      data = gantry_test_read_file (a->path, &len);
      sum = sha256_hex (data, len);
      g_assert_cmpstr (a->sha256, ==, sum);
    }

  if (tool != NULL)
    run_sha256sum_check (f.dist, names);
  else
    g_test_message ("sha256sum is not installed: checked the sums in-process only");

  /* The user's locale changes nothing, not even under plain C, where
   * libarchive alone could not store a non-ASCII name. */
  {
    g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
    g_autoptr(GBytes) tar_before = read_bytes (f.dist, names[0]);
    g_autoptr(GBytes) zip_before = read_bytes (f.dist, names[1]);
    const char *locales[] = { "C", "C.UTF-8" };

    for (guint i = 0; i < G_N_ELEMENTS (locales); i++)
      {
        g_autoptr(GBytes) tar_after = NULL;
        g_autoptr(GBytes) zip_after = NULL;

        if (setlocale (LC_ALL, locales[i]) == NULL)
          {
            g_test_message ("locale %s is not installed: not tried", locales[i]);
            continue;
          }
        g_assert_true (package (&f, items, 2, NULL, NULL, &error));
        g_assert_no_error (error);
        tar_after = read_bytes (f.dist, names[0]);
        zip_after = read_bytes (f.dist, names[1]);
        g_assert_true (g_bytes_equal (tar_before, tar_after));
        g_assert_true (g_bytes_equal (zip_before, zip_after));
      }
    setlocale (LC_ALL, saved);
  }

  assert_no_leftovers (f.project);
  fixture_clear (&f);
}

/* A pid no process has: one that just exited and was reaped. */
static gulong
dead_pid (void)
{
#ifdef G_OS_UNIX
  const char *argv[] = { "true", NULL };
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  /* not GSubprocess: its identifier is gone once GLib has reaped it */
  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  g_assert_cmpint (waitpid (pid, NULL, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_false (gantry_process_is_alive ((gulong) pid));
  return (gulong) pid;
#else
  /* Windows: a process that has ended, its id read before its handle
   * goes (ids are not reused while a handle holds the process) */
  const char *root = g_getenv ("SystemRoot");
  g_autofree char *cmd = g_build_filename (root ? root : "C:\\Windows", "System32", "cmd.exe", NULL);
  const char *argv[] = { cmd, "/c", "exit", NULL };
  g_autoptr(GError) error = NULL;
  GPid pid = NULL;
  DWORD id;

  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (WaitForSingleObject (pid, INFINITE), ==, WAIT_OBJECT_0);
  id = GetProcessId (pid);
  g_assert_false (gantry_process_is_alive (id));
  g_spawn_close_pid (pid);
  return id;
#endif
}

/* A Gantry killed while packaging leaves its staging folder beside dist/;
 * the next release removes it, but never one of a Gantry still running
 * nor one another machine made (a project on a shared drive). */
static void
test_stale_staging_removed (void)
{
  Fixture f = { 0 };
  GantryPackageItem items[2];
  guint host = g_str_hash (g_get_host_name ());
  g_autofree char *stale = NULL, *live = NULL, *other_host = NULL;
  g_autoptr(GError) error = NULL;

  fixture_init (&f, "project", "hello-cgo");
  two_items (&f, items);
  stale = g_strdup_printf ("%s/.dist.gantry-staging-%08x-%lu-AbC123", f.project, host, dead_pid ());
  live = g_strdup_printf ("%s/.dist.gantry-staging-%08x-%lu-DeF456", f.project, host, gantry_process_get_id ());
  other_host = g_strdup_printf ("%s/.dist.gantry-staging-%08x-%lu-GhI789", f.project, host + 1, dead_pid ());
  gantry_test_write_file (stale, "hello-cgo_1.2.3_linux_amd64.tar.gz", "half an archive");
  gantry_test_write_file (live, "hello-cgo_1.2.3_linux_amd64.tar.gz", "being written");
  gantry_test_write_file (other_host, "hello-cgo_1.2.3_linux_amd64.tar.gz", "another machine's");

  g_assert_true (package (&f, items, 2, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (live, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_test (other_host, G_FILE_TEST_IS_DIR));
  fixture_clear (&f);
}

int
main (int   argc,
      char *argv[])
{
  /* The archives must not depend on the locale: run in whatever the system has. */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/package/name/goreleaser", test_name_goreleaser);
  g_test_add_func ("/core/package/name/target", test_name_target);
  g_test_add_func ("/core/package/archives-read-back", test_archives);
  g_test_add_func ("/core/package/sha256sum-check", test_sha256sum);
  g_test_add_func ("/core/package/reproducible", test_reproducible);
  g_test_add_func ("/core/package/zip-dates-utc", test_zip_dates_utc);
  g_test_add_func ("/core/package/mtime-from-binary", test_mtime_from_binary);
  g_test_add_func ("/core/package/failure-keeps-dist", test_failure_keeps_dist);
  g_test_add_func ("/core/package/replaces-release", test_replaces_release);
  g_test_add_func ("/core/package/creates-dist", test_creates_dist);
  g_test_add_func ("/core/package/stale-staging-removed", test_stale_staging_removed);
  g_test_add_func ("/core/package/unknown-format", test_unknown_format);
  g_test_add_func ("/core/package/bad-names", test_bad_names);
  g_test_add_func ("/core/package/refuses-foreign-dist", test_refuses_foreign_dist);
  g_test_add_func ("/core/package/non-ascii-paths", test_non_ascii_paths);

  return g_test_run ();
}

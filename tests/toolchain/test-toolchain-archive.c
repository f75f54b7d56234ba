/* test-toolchain-archive.c — safe extraction of real tar.gz, tar.xz and zip archives, good and hostile */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "gantry-archive.h"
#include "gantry-test-archive.h"
#include "gantry-test-util.h"

/* Each test gets a sandbox holding only the archive and the staging
 * folder; after a hostile archive nothing else may exist in it. */
typedef struct
{
  char *sandbox;
  char *staging;
  char *archive;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->sandbox = gantry_test_make_tmpdir ("archive");
  f->staging = g_build_filename (f->sandbox, "staging", NULL);
  g_assert_cmpint (g_mkdir (f->staging, 0700), ==, 0);
  f->archive = g_build_filename (f->sandbox, "in.archive", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gantry_test_rm_rf (f->sandbox);
  g_free (f->sandbox);
  g_free (f->staging);
  g_free (f->archive);
}

static void
assert_sandbox_clean (Fixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->sandbox, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (!g_str_equal (name, "staging") && !g_str_equal (name, "in.archive"))
        g_error ("%s appeared outside the staging folder", name);
      n++;
    }
  g_assert_cmpuint (n, ==, 2);
}

static GError *
extract (Fixture                   *f,
         const GantryArchiveLimits *limits,
         GStrv                     *tops)
{
  GError *error = NULL;

  if (!gantry_archive_extract (f->archive, f->staging, limits, NULL, NULL, tops, NULL, &error))
    g_assert_nonnull (error);
  return error;
}

/* ------------------------------------------------------------------ */
/* Good archives                                                       */
/* ------------------------------------------------------------------ */

static const GantryTestEntry good_entries[] = {
  { "tool-1.0/", 'd' },
  { "tool-1.0/bin/", 'd' },
  { "tool-1.0/bin/tool", 'f', "#!/bin/sh\necho tool 1.0\n", 0755 },
  { "tool-1.0/lib/libx.so.1", 'f', "not really a library" },
  { "tool-1.0/lib/libx.so", 'l', "libx.so.1" },
  { "tool-1.0/share/doc/README", 'f', "hello\n" },
  { "tool-1.0/share/doc/lib", 'l', "../../lib" },
  { "tool-1.0/bin/tool2", 'h', "tool-1.0/bin/tool" },
  { "./tool-1.0/./share//empty", 'f', "" },
};

static void
check_good_tree (Fixture  *f,
                 GStrv     tops,
                 gboolean  has_hardlink)
{
  g_autofree char *tool = g_build_filename (f->staging, "tool-1.0", "bin", "tool", NULL);
  g_autofree char *tool2 = g_build_filename (f->staging, "tool-1.0", "bin", "tool2", NULL);
  g_autofree char *link = g_build_filename (f->staging, "tool-1.0", "lib", "libx.so", NULL);
  g_autofree char *doclib = g_build_filename (f->staging, "tool-1.0", "share", "doc", "lib", "libx.so.1", NULL);
  g_autofree char *empty = g_build_filename (f->staging, "tool-1.0", "share", "empty", NULL);
  g_autofree char *contents = gantry_test_read_file (tool, NULL);

  g_assert_cmpstr (contents, ==, "#!/bin/sh\necho tool 1.0\n");
  if (has_hardlink)
    {
      g_autofree char *contents2 = gantry_test_read_file (tool2, NULL);
      g_assert_cmpstr (contents2, ==, contents);
    }
  g_assert_true (g_file_test (empty, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (g_strv_length (tops), ==, 1);
  g_assert_cmpstr (tops[0], ==, "tool-1.0");
#ifdef G_OS_UNIX
  {
    g_autofree char *target = g_file_read_link (link, NULL);
    GStatBuf st;

    g_assert_cmpstr (target, ==, "libx.so.1");
    g_assert_true (g_file_test (doclib, G_FILE_TEST_IS_REGULAR));
    g_assert_cmpint (g_stat (tool, &st), ==, 0);
    g_assert_true (st.st_mode & 0100);   /* still executable */
  }
#endif
}

static void
test_good (Fixture       *f,
           gconstpointer  data)
{
  const char *format = data;
  g_auto(GStrv) tops = NULL;
  g_autoptr(GError) error = NULL;

  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (GantryTestEntry));

  /* Zip has no hard links: libarchive writes them as empty files. */
  for (guint i = 0; i < G_N_ELEMENTS (good_entries); i++)
    if (good_entries[i].type != 'h' || !g_str_equal (format, "zip"))
      g_array_append_val (entries, good_entries[i]);
  gantry_test_write_archive (f->archive, format, (GantryTestEntry *) entries->data, entries->len);
  error = extract (f, NULL, &tops);
  g_assert_no_error (error);
  check_good_tree (f, tops, !g_str_equal (format, "zip"));
  assert_sandbox_clean (f);
}

static void
on_progress (guint    n_entries,
             guint64  n_bytes,
             gpointer user_data)
{
  guint *last = user_data;

  g_assert_cmpuint (n_entries, >=, *last);
  *last = n_entries;
}

static void
test_many_entries_progress (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (GantryTestEntry));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  guint last = 0;

  for (guint i = 0; i < 1000; i++)
    {
      char *name = g_strdup_printf ("top/d%u/f%u", i % 10, i);
      GantryTestEntry e = { name, 'f', "x" };

      g_ptr_array_add (names, name);
      g_array_append_val (entries, e);
    }
  gantry_test_write_archive (f->archive, "tar.gz", (GantryTestEntry *) entries->data, entries->len);
  g_assert_true (gantry_archive_extract (f->archive, f->staging, NULL, on_progress, &last, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (last, ==, 1000);
}

/* ------------------------------------------------------------------ */
/* Hostile archives                                                    */
/* ------------------------------------------------------------------ */

typedef struct
{
  const char *name;
  const char *format;
  GantryTestEntry entries[4];
  guint n_entries;
  int code;                       /* the GANTRY_ARCHIVE_ERROR expected */
  guint64 max_bytes;
  guint max_entries;
} Hostile;

static const Hostile hostile[] = {
  { "tar-dotdot", "tar.gz", { { "top/", 'd' }, { "../evil", 'f', "x" } }, 2, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "tar-dotdot-inside", "tar.gz", { { "top/a/../../evil", 'f', "x" } }, 1, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "tar-absolute", "tar.gz", { { "@ABS@", 'f', "x" } }, 1, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "tar-drive-letter", "tar.gz", { { "C:/evil", 'f', "x" } }, 1, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "tar-drive-relative", "tar.gz", { { "C:evil", 'f', "x" } }, 1, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "tar-unc", "tar.gz", { { "\\\\server\\share\\evil", 'f', "x" } }, 1, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "tar-device-path", "tar.gz", { { "\\\\?\\C:\\evil", 'f', "x" } }, 1, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "tar-backslash-dotdot", "tar.gz", { { "top\\..\\..\\evil", 'f', "x" } }, 1, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "tar-stream-colon", "tar.gz", { { "top/file:stream", 'f', "x" } }, 1, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "tar-control-char", "tar.gz", { { "top/a\nb", 'f', "x" } }, 1, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "tar-symlink-absolute", "tar.gz", { { "top/", 'd' }, { "top/passwd", 'l', "/etc/passwd" } }, 2, GANTRY_ARCHIVE_ERROR_UNSAFE_LINK },
  { "tar-symlink-escape", "tar.gz", { { "top/", 'd' }, { "top/out", 'l', "../../gantry-hostile-escape" } }, 2, GANTRY_ARCHIVE_ERROR_UNSAFE_LINK },
  { "tar-write-through-symlink", "tar.gz", { { "top/sub/", 'd' }, { "top/s", 'l', "sub" }, { "top/s/file", 'f', "x" } }, 3, GANTRY_ARCHIVE_ERROR_UNSAFE_LINK },
  { "tar-symlink-chain", "tar.gz", { { "top/", 'd' }, { "top/x", 'l', "." }, { "top/y", 'l', "x/../../.." } }, 3, GANTRY_ARCHIVE_ERROR_UNSAFE_LINK },
  { "tar-replace-symlink", "tar.gz", { { "top/sub/", 'd' }, { "top/l", 'l', "sub" }, { "top/l", 'f', "x" } }, 3, GANTRY_ARCHIVE_ERROR_UNSAFE_LINK },
  { "tar-hardlink-escape", "tar.gz", { { "top/", 'd' }, { "top/h", 'h', "../../etc/passwd" } }, 2, GANTRY_ARCHIVE_ERROR_UNSAFE_LINK },
  { "tar-hardlink-absolute", "tar.gz", { { "top/", 'd' }, { "top/h", 'h', "/etc/passwd" } }, 2, GANTRY_ARCHIVE_ERROR_UNSAFE_LINK },
  { "tar-hardlink-unknown", "tar.gz", { { "top/", 'd' }, { "top/h", 'h', "top/not-extracted" } }, 2, GANTRY_ARCHIVE_ERROR_UNSAFE_LINK },
  { "tar-char-device", "tar", { { "top/", 'd' }, { "top/null", 'c' } }, 2, GANTRY_ARCHIVE_ERROR_UNSAFE_TYPE },
  { "tar-block-device", "tar", { { "top/", 'd' }, { "top/disk", 'b' } }, 2, GANTRY_ARCHIVE_ERROR_UNSAFE_TYPE },
  { "tar-fifo", "tar.gz", { { "top/", 'd' }, { "top/fifo", 'p' } }, 2, GANTRY_ARCHIVE_ERROR_UNSAFE_TYPE },
  { "tar-setuid", "tar.gz", { { "top/", 'd' }, { "top/su", 'f', "#!/bin/sh\n", 04755 } }, 2, GANTRY_ARCHIVE_ERROR_UNSAFE_MODE },
  { "tar-setgid", "tar.gz", { { "top/", 'd' }, { "top/sg", 'f', "#!/bin/sh\n", 02755 } }, 2, GANTRY_ARCHIVE_ERROR_UNSAFE_MODE },
  { "tar-setgid-dir", "tar.gz", { { "top/", 'd', NULL, 02755 } }, 1, GANTRY_ARCHIVE_ERROR_UNSAFE_MODE },
  { "tar-bomb-bytes", "tar.gz", { { "top/zeros", 'f', NULL, 0, 48 << 20 } }, 1, GANTRY_ARCHIVE_ERROR_TOO_BIG, 8 << 20 },
  { "txz-dotdot", "tar.xz", { { "top/", 'd' }, { "../evil", 'f', "x" } }, 2, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "txz-symlink-escape", "tar.xz", { { "top/", 'd' }, { "top/etc", 'l', "../../../../../../etc" } }, 2, GANTRY_ARCHIVE_ERROR_UNSAFE_LINK },
  { "zip-dotdot", "zip", { { "top/", 'd' }, { "top/../../evil", 'f', "x" } }, 2, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "zip-absolute", "zip", { { "@ABS@", 'f', "x" } }, 1, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "zip-backslash", "zip", { { "top\\..\\..\\evil.txt", 'f', "x" } }, 1, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "zip-drive-letter", "zip", { { "C:\\Windows\\evil.dll", 'f', "x" } }, 1, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "zip-symlink-escape", "zip", { { "top/", 'd' }, { "top/out", 'l', "../../gantry-hostile-escape" } }, 2, GANTRY_ARCHIVE_ERROR_UNSAFE_LINK },
  { "zip-bomb-bytes", "zip", { { "top/zeros", 'f', NULL, 0, 48 << 20 } }, 1, GANTRY_ARCHIVE_ERROR_TOO_BIG, 8 << 20 },
  /* The tar cases as zips, all a zip can express: it has no hard links,
   * and libarchive reads a zip's FIFO as a regular file. */
  { "zip-dotdot-first", "zip", { { "top/", 'd' }, { "../evil", 'f', "x" } }, 2, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "zip-dotdot-inside", "zip", { { "top/a/../../evil", 'f', "x" } }, 1, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "zip-drive-slash", "zip", { { "C:/evil", 'f', "x" } }, 1, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "zip-drive-relative", "zip", { { "C:evil", 'f', "x" } }, 1, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "zip-unc", "zip", { { "\\\\server\\share\\evil", 'f', "x" } }, 1, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "zip-device-path", "zip", { { "\\\\?\\C:\\evil", 'f', "x" } }, 1, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "zip-stream-colon", "zip", { { "top/file:stream", 'f', "x" } }, 1, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "zip-control-char", "zip", { { "top/a\nb", 'f', "x" } }, 1, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "zip-symlink-absolute", "zip", { { "top/", 'd' }, { "top/passwd", 'l', "/etc/passwd" } }, 2, GANTRY_ARCHIVE_ERROR_UNSAFE_LINK },
  { "zip-write-through-symlink", "zip", { { "top/sub/", 'd' }, { "top/s", 'l', "sub" }, { "top/s/file", 'f', "x" } }, 3, GANTRY_ARCHIVE_ERROR_UNSAFE_LINK },
  { "zip-symlink-chain", "zip", { { "top/", 'd' }, { "top/x", 'l', "." }, { "top/y", 'l', "x/../../.." } }, 3, GANTRY_ARCHIVE_ERROR_UNSAFE_LINK },
  { "zip-replace-symlink", "zip", { { "top/sub/", 'd' }, { "top/l", 'l', "sub" }, { "top/l", 'f', "x" } }, 3, GANTRY_ARCHIVE_ERROR_UNSAFE_LINK },
  { "zip-char-device", "zip", { { "top/", 'd' }, { "top/null", 'c' } }, 2, GANTRY_ARCHIVE_ERROR_UNSAFE_TYPE },
  { "zip-block-device", "zip", { { "top/", 'd' }, { "top/disk", 'b' } }, 2, GANTRY_ARCHIVE_ERROR_UNSAFE_TYPE },
  { "zip-setuid", "zip", { { "top/", 'd' }, { "top/su", 'f', "#!/bin/sh\n", 04755 } }, 2, GANTRY_ARCHIVE_ERROR_UNSAFE_MODE },
  { "zip-setgid", "zip", { { "top/", 'd' }, { "top/sg", 'f', "#!/bin/sh\n", 02755 } }, 2, GANTRY_ARCHIVE_ERROR_UNSAFE_MODE },
  { "zip-setgid-dir", "zip", { { "top/", 'd', NULL, 02755 } }, 1, GANTRY_ARCHIVE_ERROR_UNSAFE_MODE },
  /* Zips from Windows archivers ("made by" MS-DOS, no Unix modes).
   * libarchive 3.6 reads '\\' in a zip name without '/' as a folder
   * separator, whoever made the zip: that must not open a way out. */
  { "zipdos-backslash-dotdot", "zip-dos", { { "top\\..\\..\\evil", 'f', "x" } }, 1, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "zipdos-backslash-dotdot-first", "zip-dos", { { "..\\evil", 'f', "x" } }, 1, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "zipdos-backslash-root", "zip-dos", { { "\\evil", 'f', "x" } }, 1, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "zipdos-drive-letter", "zip-dos", { { "C:\\evil", 'f', "x" } }, 1, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "zipdos-unc", "zip-dos", { { "\\\\server\\share\\evil", 'f', "x" } }, 1, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "zipdos-device-path", "zip-dos", { { "\\\\?\\C:\\evil", 'f', "x" } }, 1, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
  { "zipdos-stream-colon", "zip-dos", { { "top\\file:stream", 'f', "x" } }, 1, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH },
};

static void
test_hostile (Fixture       *f,
              gconstpointer  data)
{
  const Hostile *h = data;
  GantryArchiveLimits limits = { h->max_bytes, h->max_entries };
  g_autoptr(GError) error = NULL;

  GantryTestEntry entries[G_N_ELEMENTS (h->entries)];
  /* "@ABS@" stands for an absolute path inside the sandbox. */
  g_autofree char *abs = g_build_filename (f->sandbox, "abs-escape", NULL);

  memcpy (entries, h->entries, sizeof entries);
  for (guint i = 0; i < h->n_entries; i++)
    if (g_strcmp0 (entries[i].path, "@ABS@") == 0)
      entries[i].path = abs;
  gantry_test_write_archive (f->archive, h->format, entries, h->n_entries);
  error = extract (f, &limits, NULL);
  g_assert_error (error, GANTRY_ARCHIVE_ERROR, h->code);
  g_assert_nonnull (strstr (error->message, "Refused"));
  assert_sandbox_clean (f);
}

static void
test_hostile_entry_count (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (GantryTestEntry));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GantryArchiveLimits limits = { 0, 500 };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 2000; i++)
    {
      char *name = g_strdup_printf ("top/f%u", i);
      GantryTestEntry e = { name, 'f', "" };

      g_ptr_array_add (names, name);
      g_array_append_val (entries, e);
    }
  gantry_test_write_archive (f->archive, "tar.gz", (GantryTestEntry *) entries->data, entries->len);
  error = extract (f, &limits, NULL);
  g_assert_error (error, GANTRY_ARCHIVE_ERROR, GANTRY_ARCHIVE_ERROR_TOO_MANY);
  assert_sandbox_clean (f);
}

static void
test_not_an_archive (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (f->archive, "this is not an archive at all, just text", -1, NULL));
  error = extract (f, NULL, NULL);
  g_assert_error (error, GANTRY_ARCHIVE_ERROR, GANTRY_ARCHIVE_ERROR_CORRUPT);
  assert_sandbox_clean (f);
}

static void
test_truncated (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  GantryTestEntry big[] = { { "top/zeros", 'f', NULL, 0, 4 << 20 } };

  /* Random-ish data so that gzip cannot squeeze it to nothing. */
  gantry_test_write_archive (f->archive, "tar.gz", big, 1);
  contents = gantry_test_read_file (f->archive, &len);
  g_assert_true (g_file_set_contents (f->archive, contents, len / 2, NULL));
  error = extract (f, NULL, NULL);
  g_assert_nonnull (error);
  g_assert_true (error->domain == GANTRY_ARCHIVE_ERROR);
  assert_sandbox_clean (f);
}

static void
test_check_path (void)
{
  static const struct { const char *in; const char *out; } ok[] = {
    { "go/bin/go", "go/bin/go" },
    { "./go//bin/./go", "go/bin/go" },
    { "go/", "go" },
    { ".", "" },
  };
  static const char *const bad[] = {
    "", "/etc/passwd", "../x", "a/../../x", "a/..", "C:x", "C:/x", "a\\b", "\\\\?\\C:\\x", "a:b", "a\tb",
  };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autofree char *got = gantry_archive_check_path (ok[i].in, NULL);
      g_assert_cmpstr (got, ==, ok[i].out);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *got = gantry_archive_check_path (bad[i], &error);

      g_assert_null (got);
      g_assert_error (error, GANTRY_ARCHIVE_ERROR, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH);
    }

  g_assert_true (gantry_archive_check_link ("top/lib/libx.so", "libx.so.1", NULL));
  g_assert_true (gantry_archive_check_link ("top/lib/libx.so", "../bin/x", NULL));
  g_assert_true (gantry_archive_check_link ("top/lib/libx.so", "../../top", NULL));
  g_assert_false (gantry_archive_check_link ("top/lib/libx.so", "../../..", NULL));
  g_assert_false (gantry_archive_check_link ("top/x", "a/../..", NULL));
  g_assert_false (gantry_archive_check_link ("top/x", "/usr/lib", NULL));
  g_assert_false (gantry_archive_check_link ("top/x", "C:\\Windows", NULL));
  g_assert_false (gantry_archive_check_link ("top/x", "", NULL));
}

static void
test_remove_tree_keeps_link_targets (Fixture       *f,
                                     gconstpointer  data)
{
#ifdef G_OS_UNIX
  g_autofree char *outside = g_build_filename (f->sandbox, "keep-me", NULL);
  g_autofree char *outside_file = g_build_filename (outside, "precious", NULL);
  g_autofree char *tree = g_build_filename (f->staging, "tree", NULL);
  g_autofree char *ro = g_build_filename (tree, "ro", NULL);
  g_autofree char *ro_file = g_build_filename (ro, "f", NULL);
  g_autofree char *link = g_build_filename (tree, "link", NULL);

  g_assert_cmpint (g_mkdir_with_parents (outside, 0755), ==, 0);
  g_assert_true (g_file_set_contents (outside_file, "x", -1, NULL));
  g_assert_cmpint (g_mkdir_with_parents (ro, 0755), ==, 0);
  g_assert_true (g_file_set_contents (ro_file, "x", -1, NULL));
  g_assert_cmpint (g_chmod (ro, 0555), ==, 0);
  g_assert_cmpint (symlink (outside, link), ==, 0);

  g_assert_true (gantry_archive_remove_tree (tree, NULL));
  g_assert_false (g_file_test (tree, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (outside_file, G_FILE_TEST_IS_REGULAR));
#else
  g_test_skip ("symlinks need privileges on Windows");
#endif
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/core/archive/extracts-tar-gz", Fixture, "tar.gz", fixture_setup, test_good, fixture_teardown);
  g_test_add ("/core/archive/extracts-tar-xz", Fixture, "tar.xz", fixture_setup, test_good, fixture_teardown);
  g_test_add ("/core/archive/extracts-zip", Fixture, "zip", fixture_setup, test_good, fixture_teardown);
  g_test_add ("/core/archive/progress", Fixture, NULL, fixture_setup, test_many_entries_progress, fixture_teardown);
  g_test_add_func ("/core/archive/check-path", test_check_path);

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autofree char *path = g_strdup_printf ("/core/archive/rejects-%s", hostile[i].name);
      g_test_add (path, Fixture, &hostile[i], fixture_setup, test_hostile, fixture_teardown);
    }
  g_test_add ("/core/archive/rejects-entry-count-bomb", Fixture, NULL, fixture_setup, test_hostile_entry_count, fixture_teardown);
  g_test_add ("/core/archive/rejects-not-an-archive", Fixture, NULL, fixture_setup, test_not_an_archive, fixture_teardown);
  g_test_add ("/core/archive/rejects-truncated", Fixture, NULL, fixture_setup, test_truncated, fixture_teardown);
  g_test_add ("/core/archive/remove-tree-does-not-follow-links", Fixture, NULL, fixture_setup,
              test_remove_tree_keeps_link_targets, fixture_teardown);

  return g_test_run ();
}

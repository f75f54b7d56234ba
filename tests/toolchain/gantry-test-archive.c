/* gantry-test-archive.c — writes real tar.gz, tar.xz and zip archives (good and hostile) with libarchive */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-test"

#include "config.h"

#include <string.h>
#include <archive.h>
#include <archive_entry.h>
#include <gio/gio.h>

#include "gantry-test-archive.h"

void
gantry_test_write_archive (const char            *out_path,
                           const char            *format,
                           const GantryTestEntry *entries,
                           guint                  n_entries)
{
  struct archive *a = archive_write_new ();
  g_autofree guint8 *zeros = g_malloc0 (1 << 20);

  if (g_str_equal (format, "zip"))
    archive_write_set_format_zip (a);
  else
    {
      archive_write_set_format_pax_restricted (a);
      if (g_str_equal (format, "tar.gz"))
        {
          archive_write_add_filter_gzip (a);
          archive_write_set_filter_option (a, "gzip", "compression-level", "1");
        }
      else if (g_str_equal (format, "tar.xz"))
        {
          archive_write_add_filter_xz (a);
          archive_write_set_filter_option (a, "xz", "compression-level", "1");
        }
      else
        g_assert_cmpstr (format, ==, "tar");
    }
  g_assert_cmpint (archive_write_open_filename (a, out_path), ==, ARCHIVE_OK);

  for (guint i = 0; i < n_entries; i++)
    {
      const GantryTestEntry *e = &entries[i];
      struct archive_entry *entry = archive_entry_new ();
      guint64 size = 0;

      archive_entry_copy_pathname (entry, e->path);
      archive_entry_set_mtime (entry, 1700000000, 0);
      switch (e->type)
        {
        case 'd':
          archive_entry_set_filetype (entry, AE_IFDIR);
          archive_entry_set_perm (entry, e->mode ? e->mode : 0755);
          break;
        case 'l':
          archive_entry_set_filetype (entry, AE_IFLNK);
          archive_entry_set_perm (entry, 0777);
          archive_entry_copy_symlink (entry, e->data);
          break;
        case 'h':
          archive_entry_set_filetype (entry, AE_IFREG);
          archive_entry_set_perm (entry, 0644);
          archive_entry_copy_hardlink (entry, e->data);
          break;
        case 'c':
        case 'b':
          archive_entry_set_filetype (entry, e->type == 'c' ? AE_IFCHR : AE_IFBLK);
          archive_entry_set_perm (entry, 0666);
          archive_entry_set_rdevmajor (entry, 1);
          archive_entry_set_rdevminor (entry, 3);
          break;
        case 'p':
          archive_entry_set_filetype (entry, AE_IFIFO);
          archive_entry_set_perm (entry, 0644);
          break;
        case 'f':
        default:
          archive_entry_set_filetype (entry, AE_IFREG);
          archive_entry_set_perm (entry, e->mode ? e->mode : 0644);
          size = e->data ? strlen (e->data) : e->zeros;
          archive_entry_set_size (entry, (la_int64_t) size);
          break;
        }

      g_assert_cmpint (archive_write_header (a, entry), >=, ARCHIVE_WARN);
      if (e->type == 'f' || e->type == 0)
        {
          if (e->data != NULL)
            g_assert_cmpint (archive_write_data (a, e->data, size), ==, (la_ssize_t) size);
          else
            for (guint64 left = size; left > 0;)
              {
                gsize chunk = MIN (left, (guint64) (1 << 20));

                g_assert_cmpint (archive_write_data (a, zeros, chunk), ==, (la_ssize_t) chunk);
                left -= chunk;
              }
        }
      archive_entry_free (entry);
    }

  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
}

char *
gantry_test_sha256_file (const char *path,
                         guint64    *size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, &error);

  g_assert_no_error (error);
  if (size != NULL)
    *size = g_mapped_file_get_length (mapped);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                      (const guchar *) g_mapped_file_get_contents (mapped),
                                      g_mapped_file_get_length (mapped));
}

static void
add_tree (struct archive *a,
          const char     *dir,
          const char     *prefix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  struct archive_entry *entry;
  const char *name;

  g_assert_nonnull (d);
  entry = archive_entry_new ();
  archive_entry_copy_pathname (entry, prefix);
  archive_entry_set_filetype (entry, AE_IFDIR);
  archive_entry_set_perm (entry, 0755);
  g_assert_cmpint (archive_write_header (a, entry), ==, ARCHIVE_OK);
  archive_entry_free (entry);

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *child = g_strdup_printf ("%s/%s", prefix, name);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        add_tree (a, path, child);
      else
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, &error);
          gsize len;

          g_assert_no_error (error);
          len = g_mapped_file_get_length (mapped);
          entry = archive_entry_new ();
          archive_entry_copy_pathname (entry, child);
          archive_entry_set_filetype (entry, AE_IFREG);
          archive_entry_set_perm (entry, g_file_test (path, G_FILE_TEST_IS_EXECUTABLE) ? 0755 : 0644);
          archive_entry_set_size (entry, (la_int64_t) len);
          g_assert_cmpint (archive_write_header (a, entry), ==, ARCHIVE_OK);
          if (len > 0)
            g_assert_cmpint (archive_write_data (a, g_mapped_file_get_contents (mapped), len), ==, (la_ssize_t) len);
          archive_entry_free (entry);
        }
    }
}

/* Writes the folder @dir as a tar.gz whose single top folder is @prefix. */
void
gantry_test_archive_tree (const char *out_path,
                          const char *dir,
                          const char *prefix)
{
  struct archive *a = archive_write_new ();

  archive_write_set_format_pax_restricted (a);
  archive_write_add_filter_gzip (a);
  archive_write_set_filter_option (a, "gzip", "compression-level", "1");
  g_assert_cmpint (archive_write_open_filename (a, out_path), ==, ARCHIVE_OK);
  add_tree (a, dir, prefix);
  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
}

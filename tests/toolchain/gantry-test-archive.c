/* gantry-test-archive.c — writes real tar.gz, tar.xz and zip archives (good and hostile) with libarchive */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-test"

#include "config.h"

#include <string.h>
#include <archive.h>
#include <archive_entry.h>
#include <gio/gio.h>

#include "gantry-test-archive.h"

/* Stands for '\\' in names while libarchive writes them: its writers
 * turn every backslash into '/' on Windows, and a hostile name must
 * reach the archive exactly as the test spells it. */
#define BACKSLASH_STAND_IN '\x01'

static guint16
le16 (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static void
put_le32 (guint8  *p,
          guint32  v)
{
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
  p[2] = (v >> 16) & 0xff;
  p[3] = (v >> 24) & 0xff;
}

static void
restore_backslashes (guint8 *field,
                     gsize   len)
{
  for (gsize i = 0; i < len; i++)
    if (field[i] == BACKSLASH_STAND_IN)
      field[i] = '\\';
}

static const GantryTestEntry *
find_entry (const GantryTestEntry *entries,
            guint                  n_entries,
            const guint8          *name,
            gsize                  name_len)
{
  for (guint i = 0; i < n_entries; i++)
    if (strlen (entries[i].path) == name_len && memcmp (entries[i].path, name, name_len) == 0)
      return &entries[i];
  return NULL;
}

/* Sets what libarchive's zip writer cannot: backslashes in names (local
 * and central headers), "made by MS-DOS" for @dos, and the Unix type of
 * device entries in the external attributes, as Info-ZIP stores it. */
static void
patch_zip (guint8                *p,
           gsize                  len,
           gboolean               dos,
           const GantryTestEntry *entries,
           guint                  n_entries)
{
  gssize eocd = -1;
  guint32 cd;
  guint n;

  g_assert_cmpuint (len, >=, 22);
  for (gssize i = (gssize) len - 22; i >= 0 && eocd < 0; i--)
    if (le32 (p + i) == 0x06054b50)
      eocd = i;
  g_assert_cmpint (eocd, >=, 0);
  n = le16 (p + eocd + 10);
  cd = le32 (p + eocd + 16);

  for (guint k = 0; k < n; k++)
    {
      guint8 *h = p + cd;
      guint16 name_len;
      guint32 local;
      const GantryTestEntry *e;

      g_assert_cmpuint (cd + 46, <=, len);
      g_assert_cmpuint (le32 (h), ==, 0x02014b50);
      name_len = le16 (h + 28);
      local = le32 (h + 42);
      g_assert_cmpuint (cd + 46 + name_len, <=, len);
      g_assert_cmpuint (local + 30 + name_len, <=, len);
      g_assert_cmpuint (le32 (p + local), ==, 0x04034b50);
      g_assert_cmpuint (le16 (p + local + 26), ==, name_len);

      restore_backslashes (h + 46, name_len);
      restore_backslashes (p + local + 30, name_len);

      /* every name written as the test spelled it */
      e = find_entry (entries, n_entries, h + 46, name_len);
      g_assert_nonnull (e);
      if (dos)
        {
          h[5] = 0;   /* version made by: MS-DOS (FAT) */
          put_le32 (h + 38, e != NULL && e->type == 'd' ? 0x10 : 0x20);
        }
      else if (e != NULL && (e->type == 'c' || e->type == 'b'))
        put_le32 (h + 38, (guint32) ((e->type == 'c' ? AE_IFCHR : AE_IFBLK) | 0666) << 16);

      cd += 46 + name_len + le16 (h + 30) + le16 (h + 32);
    }
}

static guint64
tar_octal (const guint8 *field,
           gsize         len)
{
  guint64 v = 0;

  for (gsize i = 0; i < len && field[i] >= '0' && field[i] <= '7'; i++)
    v = v * 8 + (field[i] - '0');
  return v;
}

/* Puts the backslashes back in every header's name, link name and name
 * prefix, and sets the header's checksum again. */
static void
patch_tar (guint8 *p,
           gsize   len)
{
  gsize off = 0;

  while (off + 512 <= len)
    {
      guint8 *h = p + off;
      guint sum = 0;
      gboolean empty = TRUE;
      char text[8];

      for (guint i = 0; i < 512 && empty; i++)
        empty = h[i] == 0;
      if (empty)
        break;

      restore_backslashes (h, 100);          /* name */
      restore_backslashes (h + 157, 100);    /* linkname */
      restore_backslashes (h + 345, 155);    /* prefix */
      memset (h + 148, ' ', 8);
      for (guint i = 0; i < 512; i++)
        sum += h[i];
      g_snprintf (text, sizeof text, "%06o", sum);
      memcpy (h + 148, text, 6);
      h[154] = '\0';
      h[155] = ' ';

      off += 512 + ((tar_octal (h + 124, 12) + 511) / 512) * 512;
    }
}

/* Writes @data as @out_path through the compression of @format. */
static void
write_compressed (const char *out_path,
                  const char *format,
                  const void *data,
                  gsize       len)
{
  struct archive *a = archive_write_new ();
  struct archive_entry *entry = archive_entry_new ();

  archive_write_set_format_raw (a);
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
  g_assert_cmpint (archive_write_open_filename (a, out_path), ==, ARCHIVE_OK);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_size (entry, (la_int64_t) len);
  g_assert_cmpint (archive_write_header (a, entry), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_data (a, data, len), ==, (la_ssize_t) len);
  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_entry_free (entry);
  archive_write_free (a);
}

/* Reads the tar @out_path back: each entry must carry the name asked
 * for, so a hostile name reaches the code under test as the test
 * spells it. (A zip is checked as it is mended: libarchive's reader
 * itself turns '\\' into '/' in some zip names.) */
static void
assert_names (const char            *out_path,
              const GantryTestEntry *entries,
              guint                  n_entries)
{
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;
  guint i = 0;

  archive_read_support_filter_all (a);
  archive_read_support_format_all (a);
  g_assert_cmpint (archive_read_open_filename (a, out_path, 64 * 1024), ==, ARCHIVE_OK);
  while (archive_read_next_header (a, &entry) == ARCHIVE_OK)
    {
      g_assert_cmpuint (i, <, n_entries);
      g_assert_cmpstr (archive_entry_pathname (entry), ==, entries[i].path);
      i++;
    }
  g_assert_cmpuint (i, ==, n_entries);
  archive_read_free (a);
}

void
gantry_test_write_archive (const char            *out_path,
                           const char            *format,
                           const GantryTestEntry *entries,
                           guint                  n_entries)
{
  struct archive *a = archive_write_new ();
  g_autofree guint8 *zeros = g_malloc0 (1 << 20);
  gboolean zip = g_str_has_prefix (format, "zip");
  gboolean dos = g_str_equal (format, "zip-dos");
  gboolean devices_in_zip = FALSE;
  gboolean backslashes = FALSE;

  for (guint i = 0; i < n_entries; i++)
    {
      g_assert_null (strchr (entries[i].path, BACKSLASH_STAND_IN));
      if (strchr (entries[i].path, '\\') != NULL ||
          (entries[i].type == 'h' && strchr (entries[i].data, '\\') != NULL))
        backslashes = TRUE;
      if (zip && (entries[i].type == 'c' || entries[i].type == 'b'))
        devices_in_zip = TRUE;
      /* libarchive's zip reader makes a zip's FIFO a regular file */
      g_assert_true (!zip || entries[i].type != 'p');
      g_assert_true (!zip || entries[i].type != 'l' || strchr (entries[i].data, '\\') == NULL);
    }

  if (zip)
    archive_write_set_format_zip (a);
  else
    {
      archive_write_set_format_pax_restricted (a);
      /* compressed afterwards when the names need mending first */
      if (g_str_equal (format, "tar.gz") && !backslashes)
        {
          archive_write_add_filter_gzip (a);
          archive_write_set_filter_option (a, "gzip", "compression-level", "1");
        }
      else if (g_str_equal (format, "tar.xz") && !backslashes)
        {
          archive_write_add_filter_xz (a);
          archive_write_set_filter_option (a, "xz", "compression-level", "1");
        }
      else if (!g_str_equal (format, "tar.gz") && !g_str_equal (format, "tar.xz"))
        g_assert_cmpstr (format, ==, "tar");
    }
  g_assert_cmpint (archive_write_open_filename (a, out_path), ==, ARCHIVE_OK);

  for (guint i = 0; i < n_entries; i++)
    {
      const GantryTestEntry *e = &entries[i];
      struct archive_entry *entry = archive_entry_new ();
      g_autofree char *path = g_strdup (e->path);
      guint64 size = 0;

      g_strdelimit (path, "\\", BACKSLASH_STAND_IN);
      archive_entry_copy_pathname (entry, path);
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
          {
            g_autofree char *target = g_strdelimit (g_strdup (e->data), "\\", BACKSLASH_STAND_IN);

            archive_entry_set_filetype (entry, AE_IFREG);
            archive_entry_set_perm (entry, 0644);
            archive_entry_copy_hardlink (entry, target);
          }
          break;
        case 'c':
        case 'b':
          if (zip)
            {
              /* an empty file, typed in the central directory below */
              archive_entry_set_filetype (entry, AE_IFREG);
              archive_entry_set_perm (entry, 0666);
              archive_entry_set_size (entry, 0);
              break;
            }
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
          size = e->data ? (e->data_len ? e->data_len : strlen (e->data)) : e->zeros;
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

  if (backslashes || dos || devices_in_zip)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (out_path, &contents, &len, &error));
      if (zip)
        patch_zip ((guint8 *) contents, len, dos, entries, n_entries);
      else
        patch_tar ((guint8 *) contents, len);
      if (zip || g_str_equal (format, "tar"))
        g_assert_true (g_file_set_contents (out_path, contents, len, &error));
      else
        write_compressed (out_path, format, contents, len);
      g_assert_no_error (error);
      if (!zip)
        assert_names (out_path, entries, n_entries);
    }
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

/* tests/toolchain/fake-tool.c, on Windows: a program that prints the
 * text of the .txt file beside it. NULL when GANTRY_TEST_FAKE_TOOL is
 * unset (meson test sets it), and elsewhere. */
GBytes *
gantry_test_fake_tool (void)
{
#ifdef G_OS_WIN32
  static GBytes *bytes;
  const char *path = g_getenv ("GANTRY_TEST_FAKE_TOOL");

  if (bytes == NULL && path != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, &error);

      g_assert_no_error (error);
      bytes = g_mapped_file_get_bytes (mapped);
    }
  return bytes;
#else
  return NULL;
#endif
}

/* Why the fake programs of gantry_test_add_fake_program() cannot run
 * here, for g_test_skip(); NULL when they can. */
const char *
gantry_test_fake_program_skip_reason (void)
{
#ifdef G_OS_WIN32
  if (gantry_test_fake_tool () == NULL)
    return "skipped: the fake toolchains are copies of fake-tool.exe, named by GANTRY_TEST_FAKE_TOOL (meson test sets it)";
#else
  if (!g_file_test ("/bin/sh", G_FILE_TEST_IS_EXECUTABLE))
    return "the fake toolchains are shell scripts: needs /bin/sh";
#endif
  return NULL;
}

/* Adds to @entries a program at @path (no ".exe") that prints @output
 * and exits 0 when run: a #!/bin/sh script, or on Windows a copy of
 * fake-tool.exe with its answer in @path.txt. Strings made here are
 * kept in @keep. */
void
gantry_test_add_fake_program (GArray     *entries,
                              GPtrArray  *keep,
                              const char *path,
                              const char *output)
{
#ifdef G_OS_WIN32
  GBytes *tool = gantry_test_fake_tool ();
  char *exe = g_strconcat (path, ".exe", NULL);
  char *txt = g_strconcat (path, ".txt", NULL);
  char *answer = g_strconcat (output, "\n", NULL);
  GantryTestEntry program = { exe, 'f', g_bytes_get_data (tool, NULL), 0755, 0, g_bytes_get_size (tool) };
  GantryTestEntry text = { txt, 'f', answer };

  g_assert_nonnull (tool);
  g_ptr_array_add (keep, exe);
  g_ptr_array_add (keep, txt);
  g_ptr_array_add (keep, answer);
  g_array_append_val (entries, program);
  g_array_append_val (entries, text);
#else
  char *script = g_strdup_printf ("#!/bin/sh\necho \"%s\"\n", output);
  GantryTestEntry program = { path, 'f', script, 0755 };

  g_ptr_array_add (keep, script);
  g_array_append_val (entries, program);
#endif
}

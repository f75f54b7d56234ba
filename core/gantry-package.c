/* gantry-package.c — release archives, SHA256SUMS and the atomic swap into dist/ */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-package"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>

#ifdef G_OS_UNIX
#include <locale.h>
#include <unistd.h>
#endif

#include "gantry-archive.h"
#include "gantry-download.h"
#include "gantry-libarchive.h"
#include "gantry-package.h"
#include "gantry-paths.h"
#include "gantry-sha256.h"

#ifndef O_BINARY
#define O_BINARY 0
#endif

#define COPY_BUFFER_SIZE (64 * 1024)

G_DEFINE_QUARK (gantry-package-error-quark, gantry_package_error)

G_DEFINE_BOXED_TYPE (GantryPackageArtifact, gantry_package_artifact,
                     gantry_package_artifact_copy, gantry_package_artifact_free)

GantryPackageArtifact *
gantry_package_artifact_copy (const GantryPackageArtifact *artifact)
{
  GantryPackageArtifact *copy;

  g_return_val_if_fail (artifact != NULL, NULL);

  copy = g_new0 (GantryPackageArtifact, 1);
  copy->target_key = g_strdup (artifact->target_key);
  copy->name = g_strdup (artifact->name);
  copy->path = g_strdup (artifact->path);
  copy->size = artifact->size;
  copy->sha256 = g_strdup (artifact->sha256);
  return copy;
}

void
gantry_package_artifact_free (GantryPackageArtifact *artifact)
{
  if (artifact == NULL)
    return;
  g_free (artifact->target_key);
  g_free (artifact->name);
  g_free (artifact->path);
  g_free (artifact->sha256);
  g_free (artifact);
}

gboolean
gantry_package_format_is_supported (const char *format)
{
  return g_strcmp0 (format, "tar.gz") == 0 || g_strcmp0 (format, "zip") == 0;
}

/* ------------------------------------------------------------------ */
/* Names                                                               */
/* ------------------------------------------------------------------ */

/* Characters no Windows file name may hold; the release must unpack there too. */
static gboolean
is_forbidden_char (guchar c)
{
  return c < 0x20 || c == 0x7f || (c != '\0' && strchr ("<>:\"/\\|?*", c) != NULL);
}

static void
append_sanitized (GString    *s,
                  const char *part)
{
  g_autofree char *valid = g_utf8_make_valid (part, -1);

  for (const char *p = valid; *p != '\0'; p++)
    g_string_append_c (s, is_forbidden_char ((guchar) *p) ? '-' : *p);
}

char *
gantry_package_archive_name (const char *project_name,
                             const char *version,
                             const char *goos,
                             const char *goarch,
                             const char *goarm,
                             const char *goamd64,
                             const char *variant)
{
  GString *name;

  g_return_val_if_fail (project_name != NULL && project_name[0] != '\0', NULL);
  g_return_val_if_fail (goos != NULL, NULL);
  g_return_val_if_fail (goarch != NULL, NULL);

  name = g_string_new (NULL);
  append_sanitized (name, project_name);

  if (version != NULL && version[0] != '\0')
    {
      /* GoReleaser's .Version is the tag without its "v". */
      if (version[0] == 'v' && g_ascii_isdigit (version[1]))
        version++;
      g_string_append_c (name, '_');
      append_sanitized (name, version);
    }

  g_string_append_c (name, '_');
  append_sanitized (name, goos);
  g_string_append_c (name, '_');
  append_sanitized (name, goarch);
  if (goarm != NULL && goarm[0] != '\0')
    {
      g_string_append_c (name, 'v');
      append_sanitized (name, goarm);
    }
  if (goamd64 != NULL && goamd64[0] != '\0' && g_strcmp0 (goamd64, "v1") != 0)
    append_sanitized (name, goamd64);

  if (variant != NULL && variant[0] != '\0')
    {
      g_string_append_c (name, '_');
      append_sanitized (name, variant);
    }

  /* Windows drops trailing dots and spaces from names. */
  while (name->len > 0 && (name->str[name->len - 1] == '.' || name->str[name->len - 1] == ' '))
    g_string_truncate (name, name->len - 1);

  return g_string_free (name, FALSE);
}

char *
gantry_package_target_variant (GantryTarget *target)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (GANTRY_IS_TARGET (target), NULL);

  if (gantry_target_get_link_mode (target) == GANTRY_LINK_STATIC)
    g_ptr_array_add (parts, g_strdup ("static"));
  if (gantry_target_get_libc (target) == GANTRY_LIBC_MUSL)
    g_ptr_array_add (parts, g_strdup ("musl"));
  else if (gantry_target_get_glibc_floor (target) != NULL)
    g_ptr_array_add (parts, g_strdup_printf ("glibc%s", gantry_target_get_glibc_floor (target)));

  if (parts->len == 0)
    return NULL;
  g_ptr_array_add (parts, NULL);
  return g_strjoinv ("_", (char **) parts->pdata);
}

char *
gantry_package_archive_name_for_target (GantryTarget *target,
                                        const char   *project_name,
                                        const char   *version)
{
  g_autofree char *variant = NULL;

  g_return_val_if_fail (GANTRY_IS_TARGET (target), NULL);
  g_return_val_if_fail (project_name != NULL, NULL);

  variant = gantry_package_target_variant (target);
  return gantry_package_archive_name (project_name, version,
                                      gantry_target_get_goos (target),
                                      gantry_target_get_goarch (target),
                                      gantry_target_get_goarm (target),
                                      gantry_target_get_goamd64 (target),
                                      variant);
}

/* CON, NUL, COM1 … name devices on Windows whatever their extension. */
static gboolean
is_windows_device_name (const char *file_name)
{
  static const char * const devices[] = { "CON", "PRN", "AUX", "NUL" };
  g_autofree char *stem = g_strndup (file_name, strcspn (file_name, "."));

  g_strchomp (stem);
  for (guint i = 0; i < G_N_ELEMENTS (devices); i++)
    if (g_ascii_strcasecmp (stem, devices[i]) == 0)
      return TRUE;
  if (strlen (stem) == 4 &&
      (g_ascii_strncasecmp (stem, "COM", 3) == 0 || g_ascii_strncasecmp (stem, "LPT", 3) == 0) &&
      stem[3] >= '1' && stem[3] <= '9')
    return TRUE;
  return FALSE;
}

static gboolean
check_archive_name (const GantryPackageItem  *item,
                    GError                  **error)
{
  const char *name = item->archive_name;

  if (name == NULL || name[0] == '\0')
    {
      g_set_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_NAME,
                   "%s: the archive has no name: give the project a name and a version",
                   item->target_key);
      return FALSE;
    }
  if (!g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_NAME,
                   "%s: the archive name is not valid UTF-8: rename the project or version",
                   item->target_key);
      return FALSE;
    }
  for (const char *p = name; *p != '\0'; p++)
    if (is_forbidden_char ((guchar) *p))
      {
        g_autofree char *escaped = g_strescape (name, NULL);

        g_set_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_NAME,
                     "%s: the archive name “%s” holds a character that cannot be in a file name "
                     "(a folder separator, control character or one of < > : \" | ? *): "
                     "make the name with gantry_package_archive_name()",
                     item->target_key, escaped);
        return FALSE;
      }
  if (is_windows_device_name (name))
    {
      g_set_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_NAME,
                   "%s: the archive name “%s” is a device name on Windows: rename the project",
                   item->target_key, name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_items (const GantryPackageItem  *items,
             guint                     n_items,
             GError                  **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (n_items == 0)
    {
      g_set_error_literal (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_INVALID,
                           "no archives to make: no target was built, so the last release was kept");
      return FALSE;
    }

  for (guint i = 0; i < n_items; i++)
    {
      const GantryPackageItem *item = &items[i];
      g_autofree char *file_name = NULL;
      g_autofree char *folded = NULL;
      const GantryPackageItem *other;

      g_return_val_if_fail (item->target_key != NULL, FALSE);
      g_return_val_if_fail (item->binary_path != NULL, FALSE);

      if (!gantry_package_format_is_supported (item->format))
        {
          g_set_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_FORMAT,
                       "%s: the archive format “%s” is not supported: use tar.gz or zip",
                       item->target_key, item->format != NULL ? item->format : "(none)");
          return FALSE;
        }
      if (!check_archive_name (item, error))
        return FALSE;

      /* Case-insensitive: the release must also land on Windows and macOS disks. */
      file_name = g_strconcat (item->archive_name, ".", item->format, NULL);
      folded = g_utf8_casefold (file_name, -1);
      other = g_hash_table_lookup (seen, folded);
      if (other != NULL)
        {
          g_set_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_NAME,
                       "%s and %s would both be packaged as “%s”: give one of them another "
                       "archive name (a variant such as static or musl)",
                       other->target_key, item->target_key, file_name);
          return FALSE;
        }
      g_hash_table_insert (seen, g_steal_pointer (&folded), (gpointer) item);
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Inputs                                                              */
/* ------------------------------------------------------------------ */

/* SOURCE_DATE_EPOCH, as https://reproducible-builds.org/specs/source-date-epoch/
 * defines it; FALSE with no error when it is unset. */
static gboolean
get_source_date_epoch (gint64   *out,
                       GError  **error)
{
  const char *value = g_getenv ("SOURCE_DATE_EPOCH");
  guint64 seconds;

  if (value == NULL || value[0] == '\0')
    return FALSE;
  if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &seconds, NULL))
    {
      g_set_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_INVALID,
                   "SOURCE_DATE_EPOCH=%s is not a number of seconds since 1970: unset it, "
                   "or set it to the last commit's time (git log -1 --format=%%ct)", value);
      return FALSE;
    }
  *out = (gint64) seconds;
  return TRUE;
}

typedef struct
{
  char  *name;    /* in the archive */
  char    *path;  /* on disk */
  guint    mode;
  guint64  size;  /* when the archive was started: a change is an error */
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->name);
  g_free (entry->path);
  g_free (entry);
}

static Entry *
entry_new (const char *name,
           const char *path,
           guint       mode)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->name = g_strdup (name);
  entry->path = g_strdup (path);
  entry->mode = mode;
  return entry;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *ea = *(const Entry * const *) a;
  const Entry *eb = *(const Entry * const *) b;

  return strcmp (ea->name, eb->name);
}

/* The documents GoReleaser also ships by default, plus COPYING and NOTICE. */
static gboolean
is_release_document (const char *name)
{
  static const char * const prefixes[] = {
    "readme", "license", "licence", "copying", "notice", "changelog",
  };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_ascii_strncasecmp (name, prefixes[i], strlen (prefixes[i])) == 0)
      return TRUE;
  return FALSE;
}

static GPtrArray *
find_documents (const char  *project_dir,
                GError     **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  if (project_dir == NULL)
    return g_steal_pointer (&found);

  dir = g_dir_open (project_dir, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code),
                   "cannot list the project folder to find README and LICENSE files: %s",
                   local_error->message);
      return NULL;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!is_release_document (name))
        continue;
      path = g_build_filename (project_dir, name, NULL);
      /* Follows links: a LICENSE linked from a monorepo's top is still the licence. */
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      g_ptr_array_add (found, entry_new (name, path, 0644));
    }

  g_ptr_array_sort (found, compare_entries);
  return g_steal_pointer (&found);
}

/* ------------------------------------------------------------------ */
/* Writing one archive                                                 */
/* ------------------------------------------------------------------ */

typedef struct
{
  GOutputStream *out;
  GantrySha256  *checksum;
  guint64        size;
  GCancellable  *cancellable;
  GError        *error;
} Sink;

/* The archive goes through GIO rather than archive_write_open_filename(),
 * which takes the ANSI code page on Windows; its bytes are hashed on the
 * way so a tar.gz never needs a second read (a zip is hashed again once
 * its dates are set, see zip_set_utc_dates()). */
static la_ssize_t
sink_write (struct archive *archive,
            void           *user_data,
            const void     *buffer,
            size_t          length)
{
  const GantryLibarchive *la = gantry_libarchive_get ();
  Sink *sink = user_data;
  GError *local_error = NULL;

  if (!g_output_stream_write_all (sink->out, buffer, length, NULL, sink->cancellable, &local_error))
    {
      la->archive_set_error (archive, EIO, "%s", local_error->message);
      if (sink->error == NULL)
        sink->error = local_error;
      else
        g_error_free (local_error);
      return -1;
    }
  gantry_sha256_update (sink->checksum, buffer, length);
  sink->size += length;
  return (la_ssize_t) length;
}

typedef struct
{
  const GantryPackageItem *item;
  const char              *file_name;
  struct archive          *archive;
  Sink                     sink;
  guchar                  *buffer;
  gint64                   mtime;
} Writer;

static gboolean
writer_fail (Writer      *w,
             GError     **error)
{
  const GantryLibarchive *la = gantry_libarchive_get ();

  if (w->sink.error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&w->sink.error),
                                  "%s: cannot write %s: ", w->item->target_key, w->file_name);
      return FALSE;
    }
  g_set_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_ARCHIVE,
               "%s: cannot write %s: %s", w->item->target_key, w->file_name,
               la->archive_error_string (w->archive) != NULL ? la->archive_error_string (w->archive)
                                                              : "libarchive failed");
  return FALSE;
}

static gboolean
writer_add (Writer        *w,
            const Entry   *entry,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (entry->path);
  g_autoptr(GFileInputStream) in = NULL;
  const GantryLibarchive *la = gantry_libarchive_get ();
  struct archive_entry *ae;
  guint64 size = entry->size;
  guint64 copied = 0;
  gssize n;
  int r;

  in = g_file_read (file, cancellable, error);
  if (in == NULL)
    {
      g_prefix_error (error, "%s: cannot read %s: ", w->item->target_key, entry->path);
      return FALSE;
    }

  ae = la->archive_entry_new ();
  la->archive_entry_set_pathname_utf8 (ae, entry->name);
  if (la->archive_entry_pathname (ae) == NULL)
    {
      la->archive_entry_free (ae);
      g_set_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_ARCHIVE,
                   "%s: cannot store the name “%s” in %s on this system (no UTF-8 locale): "
                   "rename the file with ASCII characters only, or install a UTF-8 locale",
                   w->item->target_key, entry->name, w->file_name);
      return FALSE;
    }
  la->archive_entry_set_filetype (ae, AE_IFREG);
  la->archive_entry_set_perm (ae, entry->mode);
  la->archive_entry_set_size (ae, (la_int64_t) size);
  la->archive_entry_set_mtime (ae, (time_t) w->mtime, 0);
  la->archive_entry_set_uid (ae, 0);
  la->archive_entry_set_gid (ae, 0);
  la->archive_entry_set_uname_utf8 (ae, "root");
  la->archive_entry_set_gname_utf8 (ae, "root");
  r = la->archive_write_header (w->archive, ae);
  la->archive_entry_free (ae);
  if (r != ARCHIVE_OK)
    return writer_fail (w, error);

  while ((n = g_input_stream_read (G_INPUT_STREAM (in), w->buffer, COPY_BUFFER_SIZE,
                                   cancellable, error)) > 0)
    {
      if (copied + (guint64) n > size)
        break;
      if (la->archive_write_data (w->archive, w->buffer, (size_t) n) != n)
        return writer_fail (w, error);
      copied += (guint64) n;
    }
  if (n < 0)
    {
      g_prefix_error (error, "%s: cannot read %s: ", w->item->target_key, entry->path);
      return FALSE;
    }
  if (copied != size || n > 0)
    {
      g_set_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_BINARY,
                   "%s: %s changed size while it was being packaged (%" G_GUINT64_FORMAT
                   " bytes expected): make sure no build is still writing it, then package again",
                   w->item->target_key, entry->path, size);
      return FALSE;
    }

  if (la->archive_write_finish_entry (w->archive) != ARCHIVE_OK)
    return writer_fail (w, error);
  return TRUE;
}

static gboolean
writer_configure (Writer  *w,
                  GError **error)
{
  const GantryLibarchive *la = gantry_libarchive_get ();
  struct archive *a = w->archive;
  gboolean ok;

  if (g_str_equal (w->item->format, "zip"))
    {
      /* Names in UTF-8 with the language-encoding flag, whatever the locale. */
      ok = la->archive_write_set_format_zip (a) == ARCHIVE_OK &&
           la->archive_write_set_options (a, "zip:compression=deflate,zip:hdrcharset=UTF-8") == ARCHIVE_OK;
    }
  else
    {
      /* ustar headers unless a name needs pax; no clock time in the gzip header. */
      ok = la->archive_write_set_format_pax_restricted (a) == ARCHIVE_OK &&
           la->archive_write_add_filter_gzip (a) == ARCHIVE_OK &&
           la->archive_write_set_options (a, "gzip:!timestamp") == ARCHIVE_OK;
    }
  /* The output is a file, not a tape: no zero padding after the last byte. */
  if (!ok || la->archive_write_set_bytes_in_last_block (a, 1) != ARCHIVE_OK)
    return writer_fail (w, error);
  return TRUE;
}

/* Flushes @path to the disk before the swap makes it the release. */
static gboolean
sync_file (const char  *path,
           GError     **error)
{
  int fd = g_open (path, O_RDWR | O_BINARY, 0);
  int saved;

  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot open %s to flush it to disk: %s", path, g_strerror (saved));
      return FALSE;
    }
  /* fsync() here; _commit(), that is FlushFileBuffers(), on Windows. */
  if (g_fsync (fd) != 0)
    {
      saved = errno;
      g_close (fd, NULL);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot flush %s to disk: %s", path, g_strerror (saved));
      return FALSE;
    }
  return g_close (fd, error);
}

/* Makes a rename inside @path durable. Best effort: a failure only
 * weakens crash safety, it does not make the release wrong. */
static void
sync_dir (const char *path)
{
#ifdef G_OS_UNIX
  int fd = g_open (path, O_RDONLY, 0);

  if (fd < 0)
    return;
  if (fsync (fd) != 0)
    g_debug ("could not flush the folder %s: %s", path, g_strerror (errno));
  g_close (fd, NULL);
#else
  /* NTFS journals folder changes itself, and the CRT gives no handle on
   * a folder to flush: nothing to do on Windows. */
  (void) path;
#endif
}

/* libarchive turns an entry's UTF-8 name into the calling thread's locale
 * encoding before the pax writer turns it back into UTF-8; in the C locale
 * a non-ASCII name has no such form and libarchive 3.6 crashes on it. File
 * names in GLib are UTF-8, so the archive is written under a UTF-8 LC_CTYPE
 * for this thread only (uselocale): the process locale stays as it is, and
 * the bytes do not depend on the user's locale. */
#ifdef G_OS_UNIX
typedef locale_t SavedLocale;

static locale_t
utf8_locale (void)
{
  static gsize once = 0;
  static locale_t utf8 = (locale_t) 0;

  if (g_once_init_enter (&once))
    {
      static const char * const names[] = { "C.UTF-8", "C.utf8", "en_US.UTF-8", "UTF-8" };

      for (guint i = 0; i < G_N_ELEMENTS (names) && utf8 == (locale_t) 0; i++)
        utf8 = newlocale (LC_CTYPE_MASK, names[i], (locale_t) 0);
      if (utf8 == (locale_t) 0)
        g_debug ("no UTF-8 locale on this system: non-ASCII names in archives depend on the user's locale");
      g_once_init_leave (&once, 1);
    }
  return utf8;
}

static SavedLocale
push_utf8_locale (void)
{
  locale_t utf8 = utf8_locale ();

  return utf8 != (locale_t) 0 ? uselocale (utf8) : (locale_t) 0;
}

static void
pop_locale (SavedLocale saved)
{
  if (saved != (locale_t) 0)
    uselocale (saved);
}
#else
/* libarchive on Windows keeps names as UTF-16 and converts UTF-8 with
 * CP_UTF8 itself, whatever the ANSI code page: nothing to switch. */
typedef int SavedLocale;

static SavedLocale
push_utf8_locale (void)
{
  return 0;
}

static void
pop_locale (SavedLocale saved)
{
  (void) saved;
}
#endif

/* ------------------------------------------------------------------ */
/* Zip dates in UTC                                                    */
/* ------------------------------------------------------------------ */

/* libarchive writes each zip entry's MS-DOS date from localtime(), so the
 * same release made in Paris and in Tokyo would differ. The dates are
 * rewritten here in UTC, as Go's archive/zip (and so GoReleaser) writes
 * them; the extended-timestamp field libarchive adds is UTC already. */
static guint32
dos_date_time_utc (gint64 seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (seconds);
  guint32 date, time;
  int year;

  if (dt == NULL || (year = g_date_time_get_year (dt)) < 1980)
    return (1u << 21) | (1u << 16);  /* 1980-01-01 00:00:00, the earliest there is */
  if (year > 2107)
    return (127u << 25) | (12u << 21) | (31u << 16) | (23u << 11) | (59u << 5) | 29u;

  date = ((guint32) (year - 1980) << 9) | ((guint32) g_date_time_get_month (dt) << 5) |
         (guint32) g_date_time_get_day_of_month (dt);
  time = ((guint32) g_date_time_get_hour (dt) << 11) | ((guint32) g_date_time_get_minute (dt) << 5) |
         ((guint32) g_date_time_get_second (dt) / 2);
  return (date << 16) | time;
}

static guint16
le16 (const guchar *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

static guint32
le32 (const guchar *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static guint64
le64 (const guchar *p)
{
  return (guint64) le32 (p) | ((guint64) le32 (p + 4) << 32);
}

static gboolean
zip_read_at (GFileIOStream  *io,
             goffset         offset,
             guchar         *buf,
             gsize           len,
             GCancellable   *cancellable,
             GError        **error)
{
  gsize n = 0;

  if (offset < 0 ||
      !g_seekable_seek (G_SEEKABLE (io), offset, G_SEEK_SET, cancellable, error) ||
      !g_input_stream_read_all (g_io_stream_get_input_stream (G_IO_STREAM (io)),
                                buf, len, &n, cancellable, error))
    return FALSE;
  if (n != len)
    {
      g_set_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_ARCHIVE,
                   "the zip file ends early");
      return FALSE;
    }
  return TRUE;
}

static gboolean
zip_write_le32_at (GFileIOStream  *io,
                   goffset         offset,
                   guint32         value,
                   GCancellable   *cancellable,
                   GError        **error)
{
  guint32 le = GUINT32_TO_LE (value);

  return g_seekable_seek (G_SEEKABLE (io), offset, G_SEEK_SET, cancellable, error) &&
         g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (io)),
                                    &le, sizeof le, NULL, cancellable, error);
}

static gboolean
zip_layout_error (const char  *path,
                  const char  *what,
                  GError     **error)
{
  g_set_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_ARCHIVE,
               "cannot set the dates in %s: %s (this libarchive writes zip files "
               "differently than expected; please report it)", path, what);
  return FALSE;
}

static gboolean
zip_set_utc_dates (const char    *path,
                   gint64         mtime,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileIOStream) io = NULL;
  guint32 dos = dos_date_time_utc (mtime);
  guchar eocd[22];
  guchar header[46];
  guint64 n_entries, pos;
  goffset size;

  io = g_file_open_readwrite (file, cancellable, error);
  if (io == NULL)
    return FALSE;
  if (!g_seekable_seek (G_SEEKABLE (io), 0, G_SEEK_END, cancellable, error))
    return FALSE;
  size = g_seekable_tell (G_SEEKABLE (io));

  /* libarchive writes no archive comment: the end record is the last 22 bytes. */
  if (size < 22 || !zip_read_at (io, size - 22, eocd, sizeof eocd, cancellable, error))
    return zip_layout_error (path, "no end-of-central-directory record", error);
  if (le32 (eocd) != 0x06054b50)
    return zip_layout_error (path, "no end-of-central-directory record", error);
  n_entries = le16 (eocd + 10);
  pos = le32 (eocd + 16);

  if (n_entries == 0xffff || pos == 0xffffffff)
    {
      guchar locator[20];
      guchar eocd64[56];

      if (size < 42 || !zip_read_at (io, size - 42, locator, sizeof locator, cancellable, error) ||
          le32 (locator) != 0x07064b50 ||
          !zip_read_at (io, (goffset) le64 (locator + 8), eocd64, sizeof eocd64, cancellable, error) ||
          le32 (eocd64) != 0x06064b50)
        return zip_layout_error (path, "no zip64 end record", error);
      n_entries = le64 (eocd64 + 32);
      pos = le64 (eocd64 + 48);
    }

  for (guint64 i = 0; i < n_entries; i++)
    {
      guint16 name_len, extra_len, comment_len;
      guint32 csize, usize;
      guint64 local;
      guchar sig[4];

      if (!zip_read_at (io, (goffset) pos, header, sizeof header, cancellable, error) ||
          le32 (header) != 0x02014b50)
        return zip_layout_error (path, "a central directory entry is missing", error);
      csize = le32 (header + 20);
      usize = le32 (header + 24);
      name_len = le16 (header + 28);
      extra_len = le16 (header + 30);
      comment_len = le16 (header + 32);
      local = le32 (header + 42);

      if (local == 0xffffffff)
        {
          g_autofree guchar *extra = g_malloc (extra_len);
          gboolean found = FALSE;

          if (!zip_read_at (io, (goffset) (pos + 46 + name_len), extra, extra_len, cancellable, error))
            return FALSE;
          for (guint off = 0; off + 4 <= extra_len && !found; off += 4u + le16 (extra + off + 2))
            if (le16 (extra + off) == 0x0001)
              {
                guint skip = (usize == 0xffffffff ? 8 : 0) + (csize == 0xffffffff ? 8 : 0);

                if (off + 4 + skip + 8 > extra_len)
                  break;
                local = le64 (extra + off + 4 + skip);
                found = TRUE;
              }
          if (!found)
            return zip_layout_error (path, "a zip64 entry has no local header offset", error);
        }

      if (!zip_read_at (io, (goffset) local, sig, sizeof sig, cancellable, error) ||
          le32 (sig) != 0x04034b50)
        return zip_layout_error (path, "a local file header is missing", error);
      if (!zip_write_le32_at (io, (goffset) pos + 12, dos, cancellable, error) ||
          !zip_write_le32_at (io, (goffset) local + 10, dos, cancellable, error))
        return FALSE;

      pos += 46u + name_len + extra_len + comment_len;
    }

  return g_io_stream_close (G_IO_STREAM (io), cancellable, error);
}

static gboolean
write_archive (const GantryPackageItem  *item,
               const char               *dest_path,
               const char               *file_name,
               GPtrArray                *documents,
               GantryPackageArtifact   **out_artifact,
               GCancellable             *cancellable,
               GError                  **error)
{
  g_autoptr(GFile) binary = g_file_new_for_path (item->binary_path);
  g_autoptr(GFile) dest = g_file_new_for_path (dest_path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GantrySha256) checksum = gantry_sha256_new ();
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *binary_name = NULL;
  g_autofree guchar *buffer = NULL;
  const GantryLibarchive *la = gantry_libarchive_get ();
  GantryPackageArtifact *artifact;
  SavedLocale saved_locale;
  Entry *copy;
  Writer w = { 0 };
  gboolean ok = FALSE;

  info = g_file_query_info (binary,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_TIME_MODIFIED,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     "%s: the built binary %s is missing: the build did not produce it, "
                     "look at the build's log", item->target_key, item->binary_path);
      else
        g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                    "%s: cannot read the built binary: ", item->target_key);
      return FALSE;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_BINARY,
                   "%s: the built binary %s is not a file: check the output name in the recipe",
                   item->target_key, item->binary_path);
      return FALSE;
    }

  if (!get_source_date_epoch (&w.mtime, &local_error))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      w.mtime = (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED);
    }

  binary_name = g_path_get_basename (item->binary_path);
  copy = entry_new (binary_name, item->binary_path, 0755);
  copy->size = (guint64) g_file_info_get_size (info);
  g_ptr_array_add (entries, copy);
  /* every other program of the target, beside the first */
  for (guint i = 0; item->more_binaries != NULL && item->more_binaries[i] != NULL; i++)
    {
      g_autoptr(GFile) more = g_file_new_for_path (item->more_binaries[i]);
      g_autoptr(GFileInfo) more_info = g_file_query_info (more, G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                                          G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                          G_FILE_QUERY_INFO_NONE, cancellable, NULL);
      g_autofree char *more_name = g_path_get_basename (item->more_binaries[i]);

      if (more_info == NULL || g_file_info_get_file_type (more_info) != G_FILE_TYPE_REGULAR)
        {
          g_set_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_BINARY,
                       "%s: the built program %s is missing: the build did not produce it, look at the build's log",
                       item->target_key, item->more_binaries[i]);
          return FALSE;
        }
      copy = entry_new (more_name, item->more_binaries[i], 0755);
      copy->size = (guint64) g_file_info_get_size (more_info);
      g_ptr_array_add (entries, copy);
    }
  for (guint i = 0; i < documents->len; i++)
    {
      const Entry *doc = g_ptr_array_index (documents, i);
      g_autoptr(GFile) doc_file = g_file_new_for_path (doc->path);
      g_autoptr(GFileInfo) doc_info = NULL;
      gboolean named_as_program = FALSE;

      for (guint m = 0; item->more_binaries != NULL && item->more_binaries[m] != NULL; m++)
        {
          g_autofree char *more_name = g_path_get_basename (item->more_binaries[m]);
          named_as_program |= g_ascii_strcasecmp (doc->name, more_name) == 0;
        }
      if (g_ascii_strcasecmp (doc->name, binary_name) == 0 || named_as_program)
        {
          g_debug ("%s: %s is the binary's own name; not adding the document", item->target_key, doc->name);
          continue;
        }
      doc_info = g_file_query_info (doc_file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                    G_FILE_QUERY_INFO_NONE, cancellable, error);
      if (doc_info == NULL)
        {
          g_prefix_error (error, "%s: cannot read %s: ", item->target_key, doc->path);
          return FALSE;
        }
      copy = entry_new (doc->name, doc->path, doc->mode);
      copy->size = (guint64) g_file_info_get_size (doc_info);
      g_ptr_array_add (entries, copy);
    }
  g_ptr_array_sort (entries, compare_entries);

  out = g_file_create (dest, G_FILE_CREATE_NONE, cancellable, error);
  if (out == NULL)
    {
      g_prefix_error (error, "%s: cannot create %s: ", item->target_key, dest_path);
      return FALSE;
    }

  buffer = g_malloc (COPY_BUFFER_SIZE);
  saved_locale = push_utf8_locale ();
  w.item = item;
  w.file_name = file_name;
  w.buffer = buffer;
  w.archive = la->archive_write_new ();
  w.sink.out = G_OUTPUT_STREAM (out);
  w.sink.checksum = checksum;
  w.sink.cancellable = cancellable;

  if (!writer_configure (&w, error))
    goto out;
  if (la->archive_write_open (w.archive, &w.sink, NULL, sink_write, NULL) != ARCHIVE_OK)
    {
      writer_fail (&w, error);
      goto out;
    }
  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *entry = g_ptr_array_index (entries, i);

      if (!writer_add (&w, entry, cancellable, error))
        goto out;
    }
  if (la->archive_write_close (w.archive) != ARCHIVE_OK)
    {
      writer_fail (&w, error);
      goto out;
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, error))
    {
      g_prefix_error (error, "%s: cannot write %s: ", item->target_key, dest_path);
      goto out;
    }

  artifact = g_new0 (GantryPackageArtifact, 1);
  artifact->target_key = g_strdup (item->target_key);
  artifact->name = g_strdup (file_name);
  artifact->size = w.sink.size;
  artifact->sha256 = g_strdup (gantry_sha256_get_string (checksum));

  if (g_str_equal (item->format, "zip"))
    {
      /* The patch changed bytes the sink already hashed: hash the file again. */
      g_clear_pointer (&artifact->sha256, g_free);
      if (!zip_set_utc_dates (dest_path, w.mtime, cancellable, error) ||
          (artifact->sha256 = gantry_download_sha256_file (dest_path, &artifact->size,
                                                           cancellable, error)) == NULL)
        {
          g_prefix_error (error, "%s: ", item->target_key);
          gantry_package_artifact_free (artifact);
          goto out;
        }
    }
  if (!sync_file (dest_path, error))
    {
      gantry_package_artifact_free (artifact);
      goto out;
    }
  *out_artifact = artifact;
  ok = TRUE;

out:
  if (!ok)
    la->archive_write_fail (w.archive);
  la->archive_write_free (w.archive);
  pop_locale (saved_locale);
  g_clear_error (&w.sink.error);
  return ok;
}

/* ------------------------------------------------------------------ */
/* The dist folder                                                     */
/* ------------------------------------------------------------------ */

static gboolean
path_is_same_or_parent (const char *parent,
                        const char *child)
{
  gsize len = strlen (parent);

#ifdef G_OS_WIN32
  if (g_ascii_strncasecmp (parent, child, len) != 0)
    return FALSE;
#else
  if (strncmp (parent, child, len) != 0)
    return FALSE;
#endif
  return child[len] == '\0' || G_IS_DIR_SEPARATOR (child[len]) ||
         (len > 0 && G_IS_DIR_SEPARATOR (parent[len - 1]));
}

/* dist/ is replaced as a whole; refuse anything that is not clearly a
 * release, so a recipe pointing at "." or "src" cannot wipe a project. */
static gboolean
check_dist (const char  *project_dir,
            const char  *dist_dir,
            GError     **error)
{
  g_autofree char *sums = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *rest = g_path_skip_root (dist_dir);

  if (rest == NULL || rest[0] == '\0')
    {
      g_set_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_DIST,
                   "the release folder %s is the root of a disk: choose a folder of its own, such as dist",
                   dist_dir);
      return FALSE;
    }
  if (project_dir != NULL)
    {
      g_autofree char *project = g_canonicalize_filename (project_dir, NULL);

      if (path_is_same_or_parent (dist_dir, project))
        {
          g_set_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_DIST,
                       "the release folder %s holds the project itself and would be replaced "
                       "as a whole: choose a folder of its own, such as dist", dist_dir);
          return FALSE;
        }
    }

  if (g_file_test (dist_dir, G_FILE_TEST_IS_SYMLINK))
    {
      g_set_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_DIST,
                   "the release folder %s is a link, and Gantry replaces the folder as a whole: "
                   "point the recipe at the real folder", dist_dir);
      return FALSE;
    }
  if (!g_file_test (dist_dir, G_FILE_TEST_EXISTS))
    return TRUE;
  if (!g_file_test (dist_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_DIST,
                   "%s is a file, not a folder: move it away or choose another release folder",
                   dist_dir);
      return FALSE;
    }

  sums = g_build_filename (dist_dir, GANTRY_PACKAGE_SUMS_NAME, NULL);
  if (g_file_test (sums, G_FILE_TEST_IS_REGULAR))
    return TRUE;
  dir = g_dir_open (dist_dir, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_DIST,
                   "cannot look into the release folder: %s", local_error->message);
      return FALSE;
    }
  if (g_dir_read_name (dir) != NULL)
    {
      g_set_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_DIST,
                   "the release folder %s already holds files but no " GANTRY_PACKAGE_SUMS_NAME
                   ", so it does not look like an earlier release; Gantry replaces the whole "
                   "folder: empty it or choose another release folder", dist_dir);
      return FALSE;
    }
  return TRUE;
}

/* Staging folders a killed Gantry left beside @dist_dir (this machine's,
 * whose process is gone) are removed: they hold nothing but archives of
 * a release that never happened. Another machine's, or a running one's,
 * are left alone. */
static void
remove_stale_staging (const char *dist_dir)
{
  g_autofree char *parent = g_path_get_dirname (dist_dir);
  g_autofree char *base = g_path_get_basename (dist_dir);
  g_autofree char *prefix = g_strdup_printf (".%s.gantry-staging-%08x-", base, g_str_hash (g_get_host_name ()));
  g_autoptr(GDir) dir = g_dir_open (parent, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;
      char *end = NULL;
      guint64 pid;

      if (!g_str_has_prefix (name, prefix))
        continue;
      pid = g_ascii_strtoull (name + strlen (prefix), &end, 10);
      if (end == NULL || *end != '-' || pid == 0 || gantry_process_is_alive ((gulong) pid))
        continue;
      path = g_build_filename (parent, name, NULL);
      if (gantry_archive_remove_tree (path, &error))
        g_debug ("removed %s, left by a Gantry that stopped while packaging", path);
      else
        g_debug ("could not remove %s: %s", path, error->message);
    }
}

static char *
make_staging_dir (const char  *dist_dir,
                  GError     **error)
{
  g_autofree char *parent = g_path_get_dirname (dist_dir);
  g_autofree char *base = g_path_get_basename (dist_dir);
  g_autofree char *tmpl = NULL;
  int saved;

  if (g_mkdir_with_parents (parent, 0755) != 0)
    {
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot create the folder %s for the release: %s", parent, g_strerror (saved));
      return NULL;
    }

  /* Beside dist/, so the final rename stays on one volume; named after
   * this machine and process, so a later run can tell it was left by a
   * Gantry that was killed (see remove_stale_staging). */
  tmpl = g_strdup_printf ("%s%c.%s.gantry-staging-%08x-%lu-XXXXXX", parent, G_DIR_SEPARATOR, base,
                          g_str_hash (g_get_host_name ()), gantry_process_get_id ());
  if (g_mkdtemp_full (tmpl, 0755) == NULL)
    {
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot create a staging folder in %s: %s", parent, g_strerror (saved));
      return NULL;
    }
  return g_steal_pointer (&tmpl);
}

static char *
make_aside_path (const char *staging,
                 const char *dist_dir)
{
  g_autofree char *parent = g_path_get_dirname (dist_dir);
  g_autofree char *base = g_path_get_basename (dist_dir);
  const char *suffix = staging + strlen (staging) - 6;  /* the XXXXXX mkdtemp filled */

  for (guint i = 0; ; i++)
    {
      g_autofree char *path = i == 0
        ? g_strdup_printf ("%s%c.%s.gantry-previous-%s", parent, G_DIR_SEPARATOR, base, suffix)
        : g_strdup_printf ("%s%c.%s.gantry-previous-%s-%u", parent, G_DIR_SEPARATOR, base, suffix, i);
      GStatBuf st;

      if (g_lstat (path, &st) != 0 && errno == ENOENT)
        return g_steal_pointer (&path);
    }
}

/* The old release moves aside, the new one takes its name, the old one
 * goes. Until the second rename succeeds the old dist/ is untouched. */
static gboolean
swap_into_place (const char  *staging,
                 const char  *dist_dir,
                 GError     **error)
{
  g_autofree char *parent = g_path_get_dirname (dist_dir);
  g_autofree char *aside = NULL;
  g_autoptr(GError) local_error = NULL;
  int saved;

  if (g_file_test (dist_dir, G_FILE_TEST_EXISTS))
    {
      aside = make_aside_path (staging, dist_dir);
      if (g_rename (dist_dir, aside) != 0)
        {
          saved = errno;
          g_set_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_DIST,
                       "cannot move the previous release %s aside (%s): close any program "
                       "using files in it, then build again", dist_dir, g_strerror (saved));
          return FALSE;
        }
    }

  if (g_rename (staging, dist_dir) != 0)
    {
      saved = errno;
      if (aside != NULL && g_rename (aside, dist_dir) != 0)
        {
          int saved2 = errno;

          g_set_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_DIST,
                       "cannot put the new release in place of %s (%s), nor the previous "
                       "one back (%s): the previous release is in %s",
                       dist_dir, g_strerror (saved), g_strerror (saved2), aside);
          return FALSE;
        }
      g_set_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_DIST,
                   "cannot put the new release in place of %s (%s): the previous release "
                   "was kept; close any program using it, then build again",
                   dist_dir, g_strerror (saved));
      return FALSE;
    }
  sync_dir (parent);

  if (aside != NULL && !gantry_archive_remove_tree (aside, &local_error))
    g_warning ("The new release is in %s, but the previous one could not be removed from %s: %s",
               dist_dir, aside, local_error->message);
  return TRUE;
}

static int
compare_artifact_names (gconstpointer a,
                        gconstpointer b)
{
  const GantryPackageArtifact *aa = *(const GantryPackageArtifact * const *) a;
  const GantryPackageArtifact *ab = *(const GantryPackageArtifact * const *) b;

  return strcmp (aa->name, ab->name);
}

static gboolean
write_sums (const char  *staging,
            GPtrArray   *artifacts,
            GError     **error)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (artifacts->len);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *path = g_build_filename (staging, GANTRY_PACKAGE_SUMS_NAME, NULL);

  /* A borrowing view: g_ptr_array_copy() would take the free function along. */
  for (guint i = 0; i < artifacts->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (artifacts, i));
  g_ptr_array_sort (sorted, compare_artifact_names);
  for (guint i = 0; i < sorted->len; i++)
    {
      const GantryPackageArtifact *a = g_ptr_array_index (sorted, i);

      /* sha256sum -c format; names never hold "\\" or "\n", so no escaping. */
      g_string_append_printf (text, "%s  %s\n", a->sha256, a->name);
    }

  if (!g_file_set_contents_full (path, text->str, (gssize) text->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0644, error))
    {
      g_prefix_error (error, "cannot write " GANTRY_PACKAGE_SUMS_NAME ": ");
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* The whole release                                                   */
/* ------------------------------------------------------------------ */

struct _GantryPackager
{
  char *dist;                    /* canonical */
  char *staging;                 /* NULL once swapped in */
  GPtrArray *documents;          /* Entry */
  GantryPackageItem *items;      /* copies: the strings live in @strings */
  GPtrArray *more;               /* GStrv: the items' more_binaries */
  GStringChunk *strings;
  GantryPackageArtifact **made;  /* one slot per item, filled by gantry_packager_write() */
  guint n_items;
};

GantryPackager *
gantry_packager_new (const char               *project_dir,
                     const char               *dist_dir,
                     const GantryPackageItem  *items,
                     guint                     n_items,
                     GError                  **error)
{
  GantryPackager *self;
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dist = NULL;
  gint64 unused;

  g_return_val_if_fail (dist_dir != NULL, NULL);
  g_return_val_if_fail (items != NULL || n_items == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Everything that can be checked is checked before anything is written,
   * libarchive included: a build that packages fails at its start, not
   * after every target has been compiled. */
  if (!gantry_libarchive_load (error))
    return NULL;
  if (!check_items (items, n_items, error))
    return NULL;
  if (!get_source_date_epoch (&unused, &local_error) && local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  dist = g_canonicalize_filename (dist_dir, NULL);
  if (!check_dist (project_dir, dist, error))
    return NULL;
  documents = find_documents (project_dir, error);
  if (documents == NULL)
    return NULL;

  self = g_new0 (GantryPackager, 1);
  self->staging = make_staging_dir (dist, error);
  if (self->staging == NULL)
    {
      g_free (self);
      return NULL;
    }
  self->dist = g_steal_pointer (&dist);
  self->documents = g_steal_pointer (&documents);
  self->strings = g_string_chunk_new (256);
  self->more = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  self->items = g_new0 (GantryPackageItem, n_items);
  self->made = g_new0 (GantryPackageArtifact *, n_items);
  self->n_items = n_items;
  for (guint i = 0; i < n_items; i++)
    {
      self->items[i].target_key = g_string_chunk_insert (self->strings, items[i].target_key);
      self->items[i].binary_path = g_string_chunk_insert (self->strings, items[i].binary_path);
      self->items[i].archive_name = g_string_chunk_insert (self->strings, items[i].archive_name);
      self->items[i].format = g_string_chunk_insert (self->strings, items[i].format);
      if (items[i].more_binaries != NULL)
        {
          char **more = g_strdupv ((char **) items[i].more_binaries);

          g_ptr_array_add (self->more, more);
          self->items[i].more_binaries = (const char * const *) more;
        }
    }
  return self;
}

gboolean
gantry_packager_write (GantryPackager  *self,
                       guint            index,
                       GCancellable    *cancellable,
                       GError         **error)
{
  const GantryPackageItem *item;
  g_autofree char *file_name = NULL;
  g_autofree char *path = NULL;
  GantryPackageArtifact *artifact = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (index < self->n_items, FALSE);
  g_return_val_if_fail (self->staging != NULL, FALSE);
  g_return_val_if_fail (self->made[index] == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  item = &self->items[index];
  file_name = g_strconcat (item->archive_name, ".", item->format, NULL);
  path = g_build_filename (self->staging, file_name, NULL);
  if (!write_archive (item, path, file_name, self->documents, &artifact, cancellable, error))
    {
      /* a half-written archive must not block a second try */
      g_remove (path);
      return FALSE;
    }
  artifact->path = g_build_filename (self->dist, file_name, NULL);
  g_debug ("%s: %s, %" G_GUINT64_FORMAT " bytes, sha256 %s",
           item->target_key, file_name, artifact->size, artifact->sha256);
  self->made[index] = artifact;
  return TRUE;
}

gboolean
gantry_packager_commit (GantryPackager  *self,
                        GPtrArray      **out_artifacts,
                        GCancellable    *cancellable,
                        GError         **error)
{
  g_autoptr(GPtrArray) artifacts = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->staging != NULL, FALSE);

  artifacts = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_package_artifact_free);
  for (guint i = 0; i < self->n_items; i++)
    {
      if (self->made[i] == NULL)
        {
          g_set_error (error, GANTRY_PACKAGE_ERROR, GANTRY_PACKAGE_ERROR_INVALID,
                       "%s: its archive was not made, so the last release was kept",
                       self->items[i].target_key);
          return FALSE;
        }
      g_ptr_array_add (artifacts, gantry_package_artifact_copy (self->made[i]));
    }

  if (!write_sums (self->staging, artifacts, error))
    return FALSE;
  sync_dir (self->staging);
  /* here, in the worker that commits, not where the build starts */
  remove_stale_staging (self->dist);

  /* Last chance to cancel: after this the release is replaced. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (!swap_into_place (self->staging, self->dist, error))
    return FALSE;
  g_clear_pointer (&self->staging, g_free);

  if (out_artifacts != NULL)
    *out_artifacts = g_steal_pointer (&artifacts);
  return TRUE;
}

void
gantry_packager_free (GantryPackager *self)
{
  g_autoptr(GError) error = NULL;

  if (self == NULL)
    return;
  if (self->staging != NULL && !gantry_archive_remove_tree (self->staging, &error))
    g_warning ("Could not remove the staging folder %s: %s", self->staging, error->message);
  for (guint i = 0; i < self->n_items; i++)
    g_clear_pointer (&self->made[i], gantry_package_artifact_free);
  g_free (self->made);
  g_free (self->items);
  g_ptr_array_unref (self->more);
  g_string_chunk_free (self->strings);
  g_ptr_array_unref (self->documents);
  g_free (self->staging);
  g_free (self->dist);
  g_free (self);
}

gboolean
gantry_package_release (const char               *project_dir,
                        const char               *dist_dir,
                        const GantryPackageItem  *items,
                        guint                     n_items,
                        GPtrArray               **out_artifacts,
                        GCancellable             *cancellable,
                        GError                  **error)
{
  GantryPackager *packager;
  gboolean ok;

  g_return_val_if_fail (dist_dir != NULL, FALSE);
  g_return_val_if_fail (items != NULL || n_items == 0, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  packager = gantry_packager_new (project_dir, dist_dir, items, n_items, error);
  if (packager == NULL)
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      gantry_packager_free (packager);
      return FALSE;
    }

  ok = TRUE;
  for (guint i = 0; ok && i < n_items; i++)
    ok = gantry_packager_write (packager, i, cancellable, error);
  if (ok)
    ok = gantry_packager_commit (packager, out_artifacts, cancellable, error);
  gantry_packager_free (packager);
  return ok;
}

/* gantry-archive.c — safe extraction of downloaded toolchain archives */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-archive"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>

#include "gantry-archive.h"
#include "gantry-libarchive.h"

G_DEFINE_QUARK (gantry-archive-error-quark, gantry_archive_error)

#define DEFAULT_MAX_BYTES   (G_GUINT64_CONSTANT (16) << 30)
#define DEFAULT_MAX_ENTRIES 500000
#define MODE_SETUID 04000
#define MODE_SETGID 02000

static gboolean
has_bad_char (const char *s)
{
  for (const guchar *p = (const guchar *) s; *p; p++)
    if (*p < 0x20 || *p == 0x7f || *p == '\\' || *p == ':')
      return TRUE;
  return FALSE;
}

/* Returns the entry's path made plain ("a/b/c", "" for the root
 * itself), or NULL when it could land outside the folder it is
 * extracted into on any system Gantry runs on: absolute, "..", drive
 * letters, UNC or \\?\ forms (any backslash or colon), control bytes. */
char *
gantry_archive_check_path (const char  *entry_path,
                           GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  if (entry_path == NULL || entry_path[0] == '\0')
    {
      g_set_error (error, GANTRY_ARCHIVE_ERROR, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH,
                   "an entry has no name");
      return NULL;
    }
  if (entry_path[0] == '/')
    {
      g_set_error (error, GANTRY_ARCHIVE_ERROR, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH,
                   "the entry '%s' has an absolute path", entry_path);
      return NULL;
    }
  if (has_bad_char (entry_path))
    {
      g_autofree char *escaped = g_strescape (entry_path, NULL);

      g_set_error (error, GANTRY_ARCHIVE_ERROR, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH,
                   "the entry '%s' has a backslash, colon or control character in its path (a drive letter, UNC path or stream name on Windows)",
                   escaped);
      return NULL;
    }

  parts = g_strsplit (entry_path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0' || g_str_equal (parts[i], "."))
        continue;
      if (g_str_equal (parts[i], ".."))
        {
          g_set_error (error, GANTRY_ARCHIVE_ERROR, GANTRY_ARCHIVE_ERROR_UNSAFE_PATH,
                       "the entry '%s' climbs out with '..'", entry_path);
          return NULL;
        }
      g_ptr_array_add (kept, parts[i]);
    }
  g_ptr_array_add (kept, NULL);

  return g_strjoinv ("/", (char **) kept->pdata);
}

/* A link at @entry_path (already checked) pointing at @target stays
 * inside the root when the target is relative, and its '..' parts all
 * come first and climb no higher than the link's own folder. A '..'
 * after a name is refused: that name could itself be a link, and then
 * the climb would start somewhere else. */
gboolean
gantry_archive_check_link (const char  *entry_path,
                           const char  *target,
                           GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_auto(GStrv) own = NULL;
  guint depth = 0;
  guint up = 0;
  gboolean seen_name = FALSE;

  if (target == NULL || target[0] == '\0')
    {
      g_set_error (error, GANTRY_ARCHIVE_ERROR, GANTRY_ARCHIVE_ERROR_UNSAFE_LINK,
                   "the link '%s' has no target", entry_path);
      return FALSE;
    }
  if (target[0] == '/' || has_bad_char (target))
    {
      g_set_error (error, GANTRY_ARCHIVE_ERROR, GANTRY_ARCHIVE_ERROR_UNSAFE_LINK,
                   "the link '%s' points at '%s', outside the toolchain's folder",
                   entry_path, target);
      return FALSE;
    }

  own = g_strsplit (entry_path, "/", -1);
  depth = g_strv_length (own) - 1;

  parts = g_strsplit (target, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0' || g_str_equal (parts[i], "."))
        continue;
      if (g_str_equal (parts[i], ".."))
        {
          if (seen_name)
            {
              g_set_error (error, GANTRY_ARCHIVE_ERROR, GANTRY_ARCHIVE_ERROR_UNSAFE_LINK,
                           "the link '%s' points at '%s', which climbs with '..' after a folder name",
                           entry_path, target);
              return FALSE;
            }
          up++;
          continue;
        }
      seen_name = TRUE;
    }

  if (up > depth)
    {
      g_set_error (error, GANTRY_ARCHIVE_ERROR, GANTRY_ARCHIVE_ERROR_UNSAFE_LINK,
                   "the link '%s' points at '%s', outside the toolchain's folder",
                   entry_path, target);
      return FALSE;
    }

  return TRUE;
}

/* Windows and macOS folders ignore case: "Lib/x" goes through a link
 * named "lib" there, so links are remembered case-folded. */
static char *
link_key (const char *rel,
          gssize      len)
{
#if defined(G_OS_WIN32) || defined(__APPLE__)
  return g_utf8_casefold (rel, len);
#else
  return len < 0 ? g_strdup (rel) : g_strndup (rel, len);
#endif
}

static const char *
type_name (mode_t type)
{
  switch (type)
    {
    case AE_IFCHR: return "a character device";
    case AE_IFBLK: return "a block device";
    case AE_IFIFO: return "a FIFO";
    case AE_IFSOCK: return "a socket";
    default: return "an unknown kind of file";
    }
}

static char *
canonical_root (const char  *dir,
                GError     **error)
{
#ifdef G_OS_UNIX
  /* libarchive's symlink guard checks every folder of the absolute
   * path, so the root itself must be spelled without links. */
  char *real = realpath (dir, NULL);
  char *copy;

  if (real == NULL)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not open the folder %s (%s).", dir, g_strerror (saved));
      return NULL;
    }
  copy = g_strdup (real);
  free (real);
  return copy;
#else
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "Could not open the folder %s.", dir);
      return NULL;
    }
  return g_canonicalize_filename (dir, NULL);
#endif
}

static void
set_entry_path (struct archive_entry *entry,
                const char           *path)
{
  const GantryLibarchive *la = gantry_libarchive_get ();

#ifdef G_OS_WIN32
  la->archive_entry_update_pathname_utf8 (entry, path);
#else
  la->archive_entry_copy_pathname (entry, path);
#endif
}

static void
set_entry_hardlink (struct archive_entry *entry,
                    const char           *path)
{
  const GantryLibarchive *la = gantry_libarchive_get ();

#ifdef G_OS_WIN32
  la->archive_entry_update_hardlink_utf8 (entry, path);
#else
  la->archive_entry_copy_hardlink (entry, path);
#endif
}

/* Extracts @archive_path (tar with any compression, zip, 7z) into
 * @dest_dir, an empty folder on the same volume as the final place.
 * Every entry is checked before anything is written; no chdir, so
 * other threads are unaffected. On failure @dest_dir may hold part of
 * the archive: the caller removes it. @top_names receives the names
 * directly under @dest_dir. */
gboolean
gantry_archive_extract (const char                 *archive_path,
                        const char                 *dest_dir,
                        const GantryArchiveLimits  *limits,
                        GantryArchiveProgressFunc   progress,
                        gpointer                    progress_data,
                        GStrv                      *top_names,
                        GCancellable               *cancellable,
                        GError                    **error)
{
  g_autoptr(GHashTable) links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) tops = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *root = NULL;
  const GantryLibarchive *la;
  struct archive *a = NULL;
  struct archive *w = NULL;
  struct archive_entry *entry;
  guint64 max_bytes = DEFAULT_MAX_BYTES;
  guint max_entries = DEFAULT_MAX_ENTRIES;
  guint64 total = 0;
  guint n_entries = 0;
  gboolean ok = FALSE;
  int r;

  g_return_val_if_fail (archive_path != NULL, FALSE);
  g_return_val_if_fail (dest_dir != NULL, FALSE);

  if (limits != NULL && limits->max_total_bytes > 0)
    max_bytes = limits->max_total_bytes;
  if (limits != NULL && limits->max_entries > 0)
    max_entries = limits->max_entries;

  if (!gantry_libarchive_load (error))
    return FALSE;
  la = gantry_libarchive_get ();

  root = canonical_root (dest_dir, error);
  if (root == NULL)
    return FALSE;

  a = la->archive_read_new ();
  la->archive_read_support_filter_all (a);
  la->archive_read_support_format_tar (a);
  la->archive_read_support_format_gnutar (a);
  la->archive_read_support_format_zip (a);
  la->archive_read_support_format_7zip (a);

  if (la->archive_read_open_filename (a, archive_path, 256 * 1024) != ARCHIVE_OK)
    {
      g_set_error (error, GANTRY_ARCHIVE_ERROR, GANTRY_ARCHIVE_ERROR_CORRUPT,
                   "Could not open the archive %s (%s): delete it and download again.",
                   archive_path, la->archive_error_string (a));
      goto out;
    }

  w = la->archive_write_disk_new ();
  /* No owners, ACLs, xattrs or file flags; times yes. Permissions come
   * from the entry under the umask, setuid/setgid never (refused).
   *
   * libarchive resolves relative entry paths against the process's
   * current folder, and changing that (chdir) would move every other
   * thread too. So each entry, once checked to be relative and free of
   * "..", is written at <root>/<entry>: an absolute path of our making.
   * That is why SECURE_NOABSOLUTEPATHS is not set here (it would refuse
   * our own absolute paths); its job is done by gantry_archive_check_path(),
   * which refuses every absolute, drive or UNC entry before this point.
   * SECURE_NODOTDOT and SECURE_SYMLINKS stay on as a second line. */
  la->archive_write_disk_set_options (w,
                                  ARCHIVE_EXTRACT_TIME |
                                  ARCHIVE_EXTRACT_SECURE_NODOTDOT |
                                  ARCHIVE_EXTRACT_SECURE_SYMLINKS);

  for (;;)
    {
      g_autofree char *rel = NULL;
      g_autofree char *abs = NULL;
      g_autofree char *key = NULL;
      g_autoptr(GError) local_error = NULL;
      const char *name;
      const char *hardlink;
      mode_t type;
      mode_t mode;
      const void *buf;
      size_t size;
      la_int64_t offset;

      r = la->archive_read_next_header (a, &entry);
      if (r == ARCHIVE_EOF)
        break;
      if (r < ARCHIVE_WARN)
        {
          g_set_error (error, GANTRY_ARCHIVE_ERROR, GANTRY_ARCHIVE_ERROR_CORRUPT,
                       "The archive %s is damaged (%s): delete it and download again.",
                       archive_path, la->archive_error_string (a));
          goto out;
        }

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      if (++n_entries > max_entries)
        {
          g_set_error (error, GANTRY_ARCHIVE_ERROR, GANTRY_ARCHIVE_ERROR_TOO_MANY,
                       "Refused %s: it has more than %u entries, far more than a toolchain needs.",
                       archive_path, max_entries);
          goto out;
        }

      name = la->archive_entry_pathname (entry);
      rel = gantry_archive_check_path (name, &local_error);
      if (rel == NULL)
        goto unsafe;
      if (rel[0] == '\0')
        {
          la->archive_read_data_skip (a);
          continue;
        }

      /* Nothing may be written through a link the archive made. */
      key = link_key (rel, -1);
      if (g_hash_table_contains (links, key))
        {
          g_set_error (&local_error, GANTRY_ARCHIVE_ERROR, GANTRY_ARCHIVE_ERROR_UNSAFE_LINK,
                       "the entry '%s' would replace a link made earlier in the archive", rel);
          goto unsafe;
        }
      for (char *slash = strchr (rel, '/'); slash != NULL; slash = strchr (slash + 1, '/'))
        {
          g_autofree char *prefix = link_key (rel, slash - rel);

          if (g_hash_table_contains (links, prefix))
            {
              g_set_error (&local_error, GANTRY_ARCHIVE_ERROR, GANTRY_ARCHIVE_ERROR_UNSAFE_LINK,
                           "the entry '%s' would be written through the link '%s'", rel, prefix);
              goto unsafe;
            }
        }

      mode = la->archive_entry_mode (entry);
      type = la->archive_entry_filetype (entry);
      hardlink = la->archive_entry_hardlink (entry);

      if (mode & (MODE_SETUID | MODE_SETGID))
        {
          g_set_error (&local_error, GANTRY_ARCHIVE_ERROR, GANTRY_ARCHIVE_ERROR_UNSAFE_MODE,
                       "the entry '%s' is setuid or setgid", rel);
          goto unsafe;
        }

      if (hardlink != NULL)
        {
          g_autofree char *target = gantry_archive_check_path (hardlink, &local_error);
          g_autofree char *abs_target = NULL;

          if (target == NULL)
            {
              g_prefix_error (&local_error, "the hard link '%s' is unsafe: ", rel);
              if (local_error->code == GANTRY_ARCHIVE_ERROR_UNSAFE_PATH)
                local_error->code = GANTRY_ARCHIVE_ERROR_UNSAFE_LINK;
              goto unsafe;
            }
          if (!g_hash_table_contains (files, target))
            {
              g_set_error (&local_error, GANTRY_ARCHIVE_ERROR, GANTRY_ARCHIVE_ERROR_UNSAFE_LINK,
                           "the hard link '%s' points at '%s', which is not a file extracted before it",
                           rel, hardlink);
              goto unsafe;
            }
          abs_target = g_build_filename (root, target, NULL);
          set_entry_hardlink (entry, abs_target);
          g_hash_table_add (files, g_strdup (rel));
        }
      else
        {
          switch (type)
            {
            case AE_IFREG:
              g_hash_table_add (files, g_strdup (rel));
              break;
            case AE_IFDIR:
              break;
            case AE_IFLNK:
              if (!gantry_archive_check_link (rel, la->archive_entry_symlink (entry), &local_error))
                goto unsafe;
              g_hash_table_add (links, g_steal_pointer (&key));
              break;
            default:
              g_set_error (&local_error, GANTRY_ARCHIVE_ERROR, GANTRY_ARCHIVE_ERROR_UNSAFE_TYPE,
                           "the entry '%s' is %s", rel, type_name (type));
              goto unsafe;
            }
        }

      if (la->archive_entry_size_is_set (entry) && total + (guint64) la->archive_entry_size (entry) > max_bytes)
        {
          g_set_error (error, GANTRY_ARCHIVE_ERROR, GANTRY_ARCHIVE_ERROR_TOO_BIG,
                       "Refused %s: it would unpack to more than %" G_GUINT64_FORMAT " bytes (an archive bomb, or not a toolchain).",
                       archive_path, max_bytes);
          goto out;
        }

      {
        const char *slash = strchr (rel, '/');
        g_hash_table_add (tops, slash ? g_strndup (rel, slash - rel) : g_strdup (rel));
      }

      abs = g_build_filename (root, rel, NULL);
      set_entry_path (entry, abs);
      if (type == AE_IFDIR)
        la->archive_entry_set_perm (entry, (la->archive_entry_perm (entry) & 0777) | 0700);
      else if (type != AE_IFLNK)
        la->archive_entry_set_perm (entry, (la->archive_entry_perm (entry) & 0777) | 0600);

      r = la->archive_write_header (w, entry);
      if (r < ARCHIVE_WARN)
        {
          g_set_error (error, GANTRY_ARCHIVE_ERROR, GANTRY_ARCHIVE_ERROR_FAILED,
                       "Could not extract '%s' from %s (%s).", rel, archive_path, la->archive_error_string (w));
          goto out;
        }

      if (type == AE_IFREG || hardlink != NULL)
        {
          while ((r = la->archive_read_data_block (a, &buf, &size, &offset)) == ARCHIVE_OK)
            {
              total += size;
              if (total > max_bytes)
                {
                  g_set_error (error, GANTRY_ARCHIVE_ERROR, GANTRY_ARCHIVE_ERROR_TOO_BIG,
                               "Refused %s: it would unpack to more than %" G_GUINT64_FORMAT " bytes (an archive bomb, or not a toolchain).",
                               archive_path, max_bytes);
                  goto out;
                }
              if (la->archive_write_data_block (w, buf, size, offset) < ARCHIVE_OK)
                {
                  g_set_error (error, GANTRY_ARCHIVE_ERROR, GANTRY_ARCHIVE_ERROR_FAILED,
                               "Could not write '%s' (%s): check free space in the data folder.",
                               abs, la->archive_error_string (w));
                  goto out;
                }
              if (g_cancellable_set_error_if_cancelled (cancellable, error))
                goto out;
            }
          if (r != ARCHIVE_EOF)
            {
              g_set_error (error, GANTRY_ARCHIVE_ERROR, GANTRY_ARCHIVE_ERROR_CORRUPT,
                           "The archive %s is damaged at '%s' (%s): delete it and download again.",
                           archive_path, rel, la->archive_error_string (a));
              goto out;
            }
        }

      if (la->archive_write_finish_entry (w) < ARCHIVE_WARN)
        {
          g_set_error (error, GANTRY_ARCHIVE_ERROR, GANTRY_ARCHIVE_ERROR_FAILED,
                       "Could not finish '%s' (%s).", abs, la->archive_error_string (w));
          goto out;
        }

      if (progress != NULL && (n_entries % 128) == 0)
        progress (n_entries, total, progress_data);
      continue;

    unsafe:
      g_set_error (error, GANTRY_ARCHIVE_ERROR, local_error->code,
                   "Refused the archive %s: %s. Nothing from it was installed.",
                   archive_path, local_error->message);
      goto out;
    }

  if (la->archive_write_close (w) != ARCHIVE_OK)
    {
      g_set_error (error, GANTRY_ARCHIVE_ERROR, GANTRY_ARCHIVE_ERROR_FAILED,
                   "Could not finish extracting %s (%s).", archive_path, la->archive_error_string (w));
      goto out;
    }

  if (progress != NULL)
    progress (n_entries, total, progress_data);

  if (top_names != NULL)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, tops);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_ptr_array_add (names, g_strdup (key));
      g_ptr_array_add (names, NULL);
      *top_names = (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
    }

  ok = TRUE;

out:
  if (w != NULL)
    la->archive_write_free (w);
  la->archive_read_free (a);
  return ok;
}

static gboolean
remove_tree_inner (const char  *path,
                   GError     **error)
{
  GStatBuf st;
  gboolean is_dir;

  if (g_lstat (path, &st) != 0)
    {
      int saved = errno;

      if (saved == ENOENT)
        return TRUE;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not remove %s (%s).", path, g_strerror (saved));
      return FALSE;
    }

#ifdef G_OS_UNIX
  is_dir = S_ISDIR (st.st_mode);
#else
  /* g_lstat follows junctions on Windows: never descend into a link. */
  is_dir = S_ISDIR (st.st_mode) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK);
#endif

  if (is_dir)
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;

      /* An archive may have made read-only folders. */
      g_chmod (path, 0700);
      dir = g_dir_open (path, 0, error);
      if (dir == NULL)
        return FALSE;
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (!remove_tree_inner (child, error))
            return FALSE;
        }
      if (g_rmdir (path) != 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "Could not remove the folder %s (%s).", path, g_strerror (saved));
          return FALSE;
        }
      return TRUE;
    }

  if (g_unlink (path) != 0)
    {
      int saved = errno;

#ifdef G_OS_WIN32
      /* Read-only files cannot be deleted on Windows until made writable. */
      g_chmod (path, 0600);
      if (g_unlink (path) == 0 || g_rmdir (path) == 0)
        return TRUE;
#endif
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not remove %s (%s).", path, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}

/* Removes @path and everything under it without following links, so
 * a link an archive made can never take the removal elsewhere. */
gboolean
gantry_archive_remove_tree (const char  *path,
                            GError     **error)
{
  g_return_val_if_fail (path != NULL, FALSE);

  return remove_tree_inner (path, error);
}

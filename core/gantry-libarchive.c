/* gantry-libarchive.c — libarchive, opened at run time on first use */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-libarchive"

#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "gantry-libarchive.h"
#include "gantry-module.h"

static GantryLibarchive libarchive;
static char *libarchive_problem;   /* why it could not be loaded, or NULL */
static gint libarchive_loaded;     /* set once every member is filled */

#if defined (G_OS_WIN32)
static const char * const libarchive_names[] = { "libarchive-13.dll", "libarchive.dll", NULL };
#elif defined (__APPLE__)
static const char * const libarchive_names[] = { "libarchive.13.dylib", "libarchive.dylib", NULL };
#else
static const char * const libarchive_names[] = { "libarchive.so.13", NULL };
#endif

#define SYMBOL(name) { #name, G_STRUCT_OFFSET (GantryLibarchive, name) }

static gpointer
load_libarchive (gpointer data)
{
  static const GantryModuleSymbol symbols[] = {
    SYMBOL (archive_error_string),
    SYMBOL (archive_set_error),
    SYMBOL (archive_read_new),
    SYMBOL (archive_read_support_filter_all),
    SYMBOL (archive_read_support_format_tar),
    SYMBOL (archive_read_support_format_gnutar),
    SYMBOL (archive_read_support_format_zip),
    SYMBOL (archive_read_support_format_7zip),
    SYMBOL (archive_read_open_filename),
    SYMBOL (archive_read_next_header),
    SYMBOL (archive_read_data_block),
    SYMBOL (archive_read_data_skip),
    SYMBOL (archive_read_free),
    SYMBOL (archive_write_new),
    SYMBOL (archive_write_set_format_zip),
    SYMBOL (archive_write_set_format_pax_restricted),
    SYMBOL (archive_write_add_filter_gzip),
    SYMBOL (archive_write_set_options),
    SYMBOL (archive_write_set_bytes_in_last_block),
    SYMBOL (archive_write_open),
    SYMBOL (archive_write_header),
    SYMBOL (archive_write_data),
    SYMBOL (archive_write_data_block),
    SYMBOL (archive_write_finish_entry),
    SYMBOL (archive_write_close),
    SYMBOL (archive_write_fail),
    SYMBOL (archive_write_free),
    SYMBOL (archive_write_disk_new),
    SYMBOL (archive_write_disk_set_options),
    SYMBOL (archive_entry_new),
    SYMBOL (archive_entry_free),
    SYMBOL (archive_entry_pathname),
    SYMBOL (archive_entry_hardlink),
    SYMBOL (archive_entry_symlink),
    SYMBOL (archive_entry_mode),
    SYMBOL (archive_entry_filetype),
    SYMBOL (archive_entry_perm),
    SYMBOL (archive_entry_size),
    SYMBOL (archive_entry_size_is_set),
    SYMBOL (archive_entry_copy_pathname),
    SYMBOL (archive_entry_copy_hardlink),
    SYMBOL (archive_entry_update_pathname_utf8),
    SYMBOL (archive_entry_update_hardlink_utf8),
    SYMBOL (archive_entry_set_pathname_utf8),
    SYMBOL (archive_entry_set_filetype),
    SYMBOL (archive_entry_set_perm),
    SYMBOL (archive_entry_set_size),
    SYMBOL (archive_entry_set_mtime),
    SYMBOL (archive_entry_set_uid),
    SYMBOL (archive_entry_set_gid),
    SYMBOL (archive_entry_set_uname_utf8),
    SYMBOL (archive_entry_set_gname_utf8),
  };
  g_autofree char *library = NULL;
  const char *missing = NULL;
#ifdef G_OS_WIN32
  const char *build_libdir = NULL;   /* a DLL sits beside the programs */
#else
  const char *build_libdir = GANTRY_LIBARCHIVE_LIBDIR;
#endif

  /* a member added to the table but not here would stay NULL */
  G_STATIC_ASSERT (G_N_ELEMENTS (symbols) * sizeof (gpointer) == sizeof (GantryLibarchive));

  if (!gantry_module_load_table (libarchive_names, build_libdir, symbols, G_N_ELEMENTS (symbols),
                                 &libarchive, sizeof libarchive, &library, &missing))
    {
      if (missing == NULL)
        libarchive_problem = g_strdup_printf ("libarchive could not be loaded (%s): install libarchive (libarchive13 on Debian) "
                                              "to unpack toolchains and make release archives", library);
      else
        libarchive_problem = g_strdup_printf ("the libarchive found (%s) has no %s: install libarchive 3.4 or newer "
                                              "to unpack toolchains and make release archives", library, missing);
      return NULL;
    }
  g_atomic_int_set (&libarchive_loaded, TRUE);
  return NULL;
}

/* Opens libarchive once, from any thread; later calls only report the
 * first outcome. */
gboolean
gantry_libarchive_load (GError **error)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, load_libarchive, NULL);
  if (libarchive_problem != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, libarchive_problem);
      return FALSE;
    }
  return TRUE;
}

/* The table; only after gantry_libarchive_load() succeeded. Calling it
 * before is a bug in Gantry, so it stops here with a message rather
 * than jumping through a NULL pointer later. */
const GantryLibarchive *
gantry_libarchive_get (void)
{
  if (G_UNLIKELY (!g_atomic_int_get (&libarchive_loaded)))
    g_error ("libarchive was used before gantry_libarchive_load() succeeded");
  return &libarchive;
}

/* gantry-libarchive.h — libarchive, opened at run time on first use */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <archive.h>
#include <archive_entry.h>

G_BEGIN_DECLS

/* libarchive is opened the first time an archive is read or written,
 * not linked: it brings libxml2, ICU and libstdc++ with it, which cost
 * every gantry command a millisecond and more at start, and most
 * commands never touch an archive. The headers stay for the types and
 * constants; the functions are called through this table, whose members
 * are named (and typed) like the functions themselves.
 *
 * Every public function that leads here calls gantry_libarchive_load()
 * first and returns its error, so a missing libarchive is one clear
 * sentence, never a crash. */
typedef struct
{
  __typeof__ (archive_error_string) *archive_error_string;
  __typeof__ (archive_set_error) *archive_set_error;

  __typeof__ (archive_read_new) *archive_read_new;
  __typeof__ (archive_read_support_filter_all) *archive_read_support_filter_all;
  __typeof__ (archive_read_support_format_tar) *archive_read_support_format_tar;
  __typeof__ (archive_read_support_format_gnutar) *archive_read_support_format_gnutar;
  __typeof__ (archive_read_support_format_zip) *archive_read_support_format_zip;
  __typeof__ (archive_read_support_format_7zip) *archive_read_support_format_7zip;
  __typeof__ (archive_read_open_filename) *archive_read_open_filename;
  __typeof__ (archive_read_next_header) *archive_read_next_header;
  __typeof__ (archive_read_data_block) *archive_read_data_block;
  __typeof__ (archive_read_data_skip) *archive_read_data_skip;
  __typeof__ (archive_read_free) *archive_read_free;

  __typeof__ (archive_write_new) *archive_write_new;
  __typeof__ (archive_write_set_format_zip) *archive_write_set_format_zip;
  __typeof__ (archive_write_set_format_pax_restricted) *archive_write_set_format_pax_restricted;
  __typeof__ (archive_write_add_filter_gzip) *archive_write_add_filter_gzip;
  __typeof__ (archive_write_set_options) *archive_write_set_options;
  __typeof__ (archive_write_set_bytes_in_last_block) *archive_write_set_bytes_in_last_block;
  __typeof__ (archive_write_open) *archive_write_open;
  __typeof__ (archive_write_header) *archive_write_header;
  __typeof__ (archive_write_data) *archive_write_data;
  __typeof__ (archive_write_data_block) *archive_write_data_block;
  __typeof__ (archive_write_finish_entry) *archive_write_finish_entry;
  __typeof__ (archive_write_close) *archive_write_close;
  __typeof__ (archive_write_fail) *archive_write_fail;
  __typeof__ (archive_write_free) *archive_write_free;

  __typeof__ (archive_write_disk_new) *archive_write_disk_new;
  __typeof__ (archive_write_disk_set_options) *archive_write_disk_set_options;

  __typeof__ (archive_entry_new) *archive_entry_new;
  __typeof__ (archive_entry_free) *archive_entry_free;
  __typeof__ (archive_entry_pathname) *archive_entry_pathname;
  __typeof__ (archive_entry_hardlink) *archive_entry_hardlink;
  __typeof__ (archive_entry_symlink) *archive_entry_symlink;
  __typeof__ (archive_entry_mode) *archive_entry_mode;
  __typeof__ (archive_entry_filetype) *archive_entry_filetype;
  __typeof__ (archive_entry_perm) *archive_entry_perm;
  __typeof__ (archive_entry_size) *archive_entry_size;
  __typeof__ (archive_entry_size_is_set) *archive_entry_size_is_set;
  __typeof__ (archive_entry_copy_pathname) *archive_entry_copy_pathname;
  __typeof__ (archive_entry_copy_hardlink) *archive_entry_copy_hardlink;
  __typeof__ (archive_entry_update_pathname_utf8) *archive_entry_update_pathname_utf8;
  __typeof__ (archive_entry_update_hardlink_utf8) *archive_entry_update_hardlink_utf8;
  __typeof__ (archive_entry_set_pathname_utf8) *archive_entry_set_pathname_utf8;
  __typeof__ (archive_entry_set_filetype) *archive_entry_set_filetype;
  __typeof__ (archive_entry_set_perm) *archive_entry_set_perm;
  __typeof__ (archive_entry_set_size) *archive_entry_set_size;
  __typeof__ (archive_entry_set_mtime) *archive_entry_set_mtime;
  __typeof__ (archive_entry_set_uid) *archive_entry_set_uid;
  __typeof__ (archive_entry_set_gid) *archive_entry_set_gid;
  __typeof__ (archive_entry_set_uname_utf8) *archive_entry_set_uname_utf8;
  __typeof__ (archive_entry_set_gname_utf8) *archive_entry_set_gname_utf8;
} GantryLibarchive;

gboolean                gantry_libarchive_load (GError **error);
const GantryLibarchive *gantry_libarchive_get  (void);

G_END_DECLS

/* gantry-archive.h — safe extraction of downloaded toolchain archives */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GANTRY_ARCHIVE_ERROR (gantry_archive_error_quark ())

typedef enum
{
  GANTRY_ARCHIVE_ERROR_UNSAFE_PATH = 1,  /* absolute, .., drive letter, backslash, colon … */
  GANTRY_ARCHIVE_ERROR_UNSAFE_LINK,      /* a link whose target leaves the root */
  GANTRY_ARCHIVE_ERROR_UNSAFE_TYPE,      /* device node, FIFO, socket */
  GANTRY_ARCHIVE_ERROR_UNSAFE_MODE,      /* setuid or setgid */
  GANTRY_ARCHIVE_ERROR_TOO_BIG,          /* more bytes than the cap: a bomb */
  GANTRY_ARCHIVE_ERROR_TOO_MANY,         /* more entries than the cap */
  GANTRY_ARCHIVE_ERROR_CORRUPT,          /* libarchive could not read it */
  GANTRY_ARCHIVE_ERROR_FAILED,           /* writing to disk failed */
} GantryArchiveError;

GQuark gantry_archive_error_quark (void);

/* Zero fields take the defaults: 16 GiB, 500,000 entries. */
typedef struct
{
  guint64 max_total_bytes;
  guint   max_entries;
} GantryArchiveLimits;

typedef void (*GantryArchiveProgressFunc) (guint     n_entries,
                                           guint64   n_bytes,
                                           gpointer  user_data);

gboolean  gantry_archive_extract      (const char                 *archive_path,
                                       const char                 *dest_dir,
                                       const GantryArchiveLimits  *limits,
                                       GantryArchiveProgressFunc   progress,
                                       gpointer                    progress_data,
                                       GStrv                      *top_names,
                                       GCancellable               *cancellable,
                                       GError                    **error);
char     *gantry_archive_check_path   (const char                 *entry_path,
                                       GError                    **error);
gboolean  gantry_archive_check_link   (const char                 *entry_path,
                                       const char                 *target,
                                       GError                    **error);
gboolean  gantry_archive_remove_tree  (const char                 *path,
                                       GError                    **error);

G_END_DECLS

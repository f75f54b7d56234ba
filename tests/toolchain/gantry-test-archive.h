/* gantry-test-archive.h — writes real tar.gz, tar.xz and zip archives (good and hostile) with libarchive */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *path;
  char        type;       /* 'f' file, 'd' folder, 'l' symlink, 'h' hard link,
                             'c' char device, 'b' block device, 'p' FIFO */
  const char *data;       /* file contents, or the link's target */
  guint       mode;       /* permission bits (with setuid/setgid if wanted); 0: 0644/0755 */
  guint64     zeros;      /* for 'f' without data: this many zero bytes */
  gsize       data_len;   /* for 'f': the length of data when it holds NUL bytes; 0: strlen */
} GantryTestEntry;

/* @format: "tar", "tar.gz", "tar.xz", "zip", or "zip-dos": a zip whose
 * central directory says an MS-DOS archiver made it, as Windows tools
 * do (no Unix modes). Names keep their backslashes on every system.
 * A zip has no FIFOs or hard links; its 'c' and 'b' entries are written
 * as Info-ZIP does, with the Unix file type in the external attributes. */
void  gantry_test_write_archive (const char             *out_path,
                                 const char             *format,
                                 const GantryTestEntry  *entries,
                                 guint                   n_entries);
char *gantry_test_sha256_file   (const char             *path,
                                 guint64                *size);
void  gantry_test_archive_tree  (const char             *out_path,
                                 const char             *dir,
                                 const char             *prefix);

/* Fake programs, for the tests that install a fake "go" or "zig". */
GBytes     *gantry_test_fake_tool                (void);
const char *gantry_test_fake_program_skip_reason (void);
void        gantry_test_add_fake_program         (GArray                 *entries,
                                                  GPtrArray              *keep,
                                                  const char             *path,
                                                  const char             *output);

G_END_DECLS

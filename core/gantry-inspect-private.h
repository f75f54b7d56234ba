/* gantry-inspect-private.h — what the ELF, PE, Mach-O and Go readers share */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <string.h>

#include "gantry-inspect.h"

G_BEGIN_DECLS

struct _GantryBinary
{
  GObject parent_instance;

  /* identity */
  char               *file;
  guint64             file_size;
  GantryBinaryFormat  format;
  char               *format_detail;
  guint               bits;
  gboolean            big_endian;
  char               *file_type;
  char               *machine;

  /* target */
  char               *os;
  char               *arch;
  char               *float_abi;

  /* linkage */
  GantryLinkage       linkage;
  char               *interpreter;
  char               *soname;
  GPtrArray          *needed;         /* char* */
  GPtrArray          *rpath;          /* char* */
  GPtrArray          *runpath;        /* char* */
  GPtrArray          *imports;        /* GantryImport* */
  GPtrArray          *version_needs;  /* GantryVersionNeed* */
  char               *glibc_floor;
  char               *glibcxx_floor;
  char               *cxxabi_floor;
  char               *libc;
  char               *subsystem;

  /* debug */
  gboolean            stripped;
  gboolean            has_dwarf;
  char               *build_id;

  /* sizes */
  GPtrArray          *sections;       /* GantrySection* */
  guint64             group_size[GANTRY_SECTION_GROUP_N];

  /* Go */
  gboolean            is_go;
  char               *go_version;
  char               *go_path;
  GantryGoModule     *go_main;
  GPtrArray          *go_deps;        /* GantryGoModule* */
  GPtrArray          *go_settings;    /* GantryGoSetting* */
  char               *go_build_id;
  char               *go_buildinfo_format;
  char               *go_modinfo;

  GPtrArray          *slices;         /* GantryBinary*, Mach-O universal only */
};

/* Turns a virtual address into a file offset; FALSE when no part of the
 * file backs [addr, addr + len). */
typedef gboolean (*GantryVaddrMap) (gpointer  map_data,
                                    guint64   addr,
                                    guint64   len,
                                    guint64  *offset);

void      _gantry_inspect_malformed   (GError       **error,
                                       const char    *format,
                                       ...) G_GNUC_PRINTF (2, 3);

static inline gboolean
_gantry_in_file (gsize   file_size,
                 guint64 offset,
                 guint64 len)
{
  return offset <= file_size && len <= file_size - offset;
}

static inline guint16
_gantry_u16 (const guint8 *p,
             gboolean      be)
{
  return be ? (guint16) ((p[0] << 8) | p[1]) : (guint16) ((p[1] << 8) | p[0]);
}

static inline guint32
_gantry_u32 (const guint8 *p,
             gboolean      be)
{
  if (be)
    return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
  return ((guint32) p[3] << 24) | ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
}

static inline guint64
_gantry_u64 (const guint8 *p,
             gboolean      be)
{
  guint64 hi = _gantry_u32 (be ? p : p + 4, be);
  guint64 lo = _gantry_u32 (be ? p + 4 : p, be);

  return (hi << 32) | lo;
}

/* memmem is not in the Windows C runtime. */
const guint8 *_gantry_memmem           (const guint8  *haystack,
                                        gsize          haystack_len,
                                        const void    *needle,
                                        gsize          needle_len);

/* A NUL-terminated string at @offset that ends before @limit, or NULL. */
const char *_gantry_string_at          (const guint8  *data,
                                        gsize          limit,
                                        guint64        offset);

/* Adds a section and its size to its group. */
void      _gantry_binary_add_section   (GantryBinary       *self,
                                        const char         *name,
                                        guint64             offset,
                                        guint64             size,
                                        GantrySectionGroup  group,
                                        gboolean            in_file);
void      _gantry_binary_add_version_need (GantryBinary *self,
                                           const char   *library,
                                           const char   *version);
void      _gantry_binary_add_import    (GantryBinary  *self,
                                        const char    *name,
                                        gboolean       delay_load);
char     *_gantry_hex                  (const guint8  *data,
                                        gsize          len);
void      _gantry_go_module_free       (gpointer       data);
void      _gantry_go_setting_free      (gpointer       data);
void      _gantry_binary_copy_facts    (GantryBinary  *dest,
                                        GantryBinary  *src);

gboolean  _gantry_inspect_elf          (GantryBinary  *self,
                                        const guint8  *data,
                                        gsize          size,
                                        GError       **error);
gboolean  _gantry_inspect_pe           (GantryBinary  *self,
                                        const guint8  *data,
                                        gsize          size,
                                        GError       **error);
gboolean  _gantry_inspect_macho        (GantryBinary  *self,
                                        const guint8  *data,
                                        gsize          size,
                                        GError       **error);
gboolean  _gantry_inspect_macho_fat    (GantryBinary  *self,
                                        const guint8  *data,
                                        gsize          size,
                                        GError       **error);

/* Looks for Go's build info in [offset, offset + len) of @data, the way
 * debug/buildinfo does (16-byte aligned magic). Sets *found. Returns FALSE
 * only when build info was found but points outside the file. */
gboolean  _gantry_inspect_go_buildinfo (GantryBinary   *self,
                                        const guint8   *data,
                                        gsize           size,
                                        guint64         offset,
                                        guint64         len,
                                        GantryVaddrMap  map,
                                        gpointer        map_data,
                                        gboolean       *found,
                                        GError        **error);
/* Reads `\xff Go build ID: "…"\n \xff` near the start of a text section. */
void      _gantry_inspect_go_text_build_id (GantryBinary *self,
                                            const guint8 *data,
                                            gsize         size,
                                            guint64       offset,
                                            guint64       len);
void      _gantry_inspect_go_parse_modinfo (GantryBinary *self,
                                            const char   *text,
                                            gsize         len);
/* Fills os/arch from GOOS/GOARCH when the build info has them, and libc
 * "none" for cgo-off binaries. */
void      _gantry_inspect_go_finish    (GantryBinary  *self);

G_END_DECLS

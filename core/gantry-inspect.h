/* gantry-inspect.h — Gantry's own reader for ELF, PE and Mach-O files and Go build info */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define GANTRY_INSPECT_ERROR (gantry_inspect_error_quark ())

typedef enum
{
  GANTRY_INSPECT_ERROR_READ = 1,        /* the file cannot be opened or mapped */
  GANTRY_INSPECT_ERROR_NOT_EXECUTABLE,  /* not ELF, PE or Mach-O; the message says what it looks like */
  GANTRY_INSPECT_ERROR_MALFORMED,       /* "malformed: <what>" — an offset, size or count is impossible */
} GantryInspectError;

GQuark gantry_inspect_error_quark (void);

typedef enum
{
  GANTRY_BINARY_FORMAT_ELF = 1,
  GANTRY_BINARY_FORMAT_PE,
  GANTRY_BINARY_FORMAT_MACHO,
  GANTRY_BINARY_FORMAT_MACHO_FAT,
} GantryBinaryFormat;

typedef enum
{
  GANTRY_LINKAGE_NONE = 0,     /* object files, core dumps: nothing is linked yet */
  GANTRY_LINKAGE_STATIC,
  GANTRY_LINKAGE_STATIC_PIE,
  GANTRY_LINKAGE_DYNAMIC,
} GantryLinkage;

typedef enum
{
  GANTRY_SECTION_GROUP_CODE = 0,
  GANTRY_SECTION_GROUP_RODATA,
  GANTRY_SECTION_GROUP_DATA,
  GANTRY_SECTION_GROUP_BSS,      /* memory only, takes no room in the file */
  GANTRY_SECTION_GROUP_GO,       /* pclntab, symtab, buildinfo, typelinks */
  GANTRY_SECTION_GROUP_DEBUG,    /* DWARF, stabs */
  GANTRY_SECTION_GROUP_SYMBOLS,  /* symbol and string tables */
  GANTRY_SECTION_GROUP_OTHER,
  GANTRY_SECTION_GROUP_N,
} GantrySectionGroup;

typedef struct
{
  char               *name;
  guint64             offset;
  guint64             size;
  GantrySectionGroup  group;
  gboolean            in_file;   /* FALSE for .bss and other zero-fill sections */
} GantrySection;

/* One version a file needs from a shared library: GLIBC_2.34 from libc.so.6. */
typedef struct
{
  char *library;
  char *version;
} GantryVersionNeed;

typedef enum
{
  GANTRY_DLL_SYSTEM = 1,         /* part of Windows */
  GANTRY_DLL_MINGW_RUNTIME,      /* libwinpthread-1.dll, libgcc_s_*.dll, libstdc++-6.dll… must ship with the exe */
  GANTRY_DLL_OTHER,              /* not part of Windows: must ship with the exe */
} GantryDllKind;

typedef struct
{
  char          *name;
  GantryDllKind  kind;
  gboolean       delay_load;
} GantryImport;

typedef struct
{
  char *path;
  char *version;
  char *sum;
  char *replace_path;            /* NULL unless a "=>" line follows */
  char *replace_version;
  char *replace_sum;
} GantryGoModule;

typedef struct
{
  char *key;
  char *value;
} GantryGoSetting;

#define GANTRY_TYPE_BINARY (gantry_binary_get_type ())
G_DECLARE_FINAL_TYPE (GantryBinary, gantry_binary, GANTRY, BINARY, GObject)

/* Maps @path (never reads all of it) and parses it. */
GantryBinary       *gantry_inspect_path               (const char    *path,
                                                       GError       **error);
/* Parses a file already in memory; @name is used in messages and as "file". */
GantryBinary       *gantry_inspect_bytes              (GBytes        *bytes,
                                                       const char    *name,
                                                       GError       **error);

const char         *gantry_binary_get_file            (GantryBinary  *self);
guint64             gantry_binary_get_file_size       (GantryBinary  *self);
GantryBinaryFormat  gantry_binary_get_format          (GantryBinary  *self);
const char         *gantry_binary_get_format_name     (GantryBinary  *self);
const char         *gantry_binary_get_format_detail   (GantryBinary  *self);
guint               gantry_binary_get_bits            (GantryBinary  *self);
gboolean            gantry_binary_get_big_endian      (GantryBinary  *self);
const char         *gantry_binary_get_file_type       (GantryBinary  *self);
const char         *gantry_binary_get_machine         (GantryBinary  *self);
const char         *gantry_binary_get_os              (GantryBinary  *self);
const char         *gantry_binary_get_arch            (GantryBinary  *self);
char               *gantry_binary_dup_target          (GantryBinary  *self);
const char         *gantry_binary_get_float_abi       (GantryBinary  *self);
GantryLinkage       gantry_binary_get_linkage         (GantryBinary  *self);
const char         *gantry_binary_get_interpreter     (GantryBinary  *self);
const char         *gantry_binary_get_soname          (GantryBinary  *self);
GPtrArray          *gantry_binary_get_needed          (GantryBinary  *self);
GPtrArray          *gantry_binary_get_rpath           (GantryBinary  *self);
GPtrArray          *gantry_binary_get_runpath         (GantryBinary  *self);
GPtrArray          *gantry_binary_get_imports         (GantryBinary  *self);
GPtrArray          *gantry_binary_get_version_needs   (GantryBinary  *self);
const char         *gantry_binary_get_glibc_floor     (GantryBinary  *self);
const char         *gantry_binary_get_glibcxx_floor   (GantryBinary  *self);
const char         *gantry_binary_get_cxxabi_floor    (GantryBinary  *self);
const char         *gantry_binary_get_libc            (GantryBinary  *self);
const char         *gantry_binary_get_subsystem       (GantryBinary  *self);
gboolean            gantry_binary_get_stripped        (GantryBinary  *self);
gboolean            gantry_binary_get_has_dwarf       (GantryBinary  *self);
const char         *gantry_binary_get_build_id        (GantryBinary  *self);
GPtrArray          *gantry_binary_get_sections        (GantryBinary  *self);
guint64             gantry_binary_get_group_size      (GantryBinary  *self,
                                                       GantrySectionGroup group);
guint64             gantry_binary_get_headers_size    (GantryBinary  *self);

gboolean            gantry_binary_get_is_go           (GantryBinary  *self);
const char         *gantry_binary_get_go_version      (GantryBinary  *self);
const char         *gantry_binary_get_go_path         (GantryBinary  *self);
const GantryGoModule *gantry_binary_get_go_main       (GantryBinary  *self);
GPtrArray          *gantry_binary_get_go_deps         (GantryBinary  *self);
GPtrArray          *gantry_binary_get_go_settings     (GantryBinary  *self);
const char         *gantry_binary_get_go_setting      (GantryBinary  *self,
                                                       const char    *key);
const char         *gantry_binary_get_go_build_id     (GantryBinary  *self);
const char         *gantry_binary_get_go_buildinfo_format (GantryBinary *self);
const char         *gantry_binary_get_go_modinfo      (GantryBinary  *self);

/* Mach-O universal files: one GantryBinary per architecture. */
GPtrArray          *gantry_binary_get_slices          (GantryBinary  *self);

JsonNode           *gantry_binary_to_json             (GantryBinary  *self);
/* The same document as indented text, without building a tree. */
char               *gantry_binary_to_json_text        (GantryBinary  *self);

const char         *gantry_linkage_to_string          (GantryLinkage      linkage);
const char         *gantry_section_group_to_string    (GantrySectionGroup group);
const char         *gantry_dll_kind_to_string         (GantryDllKind      kind);
GantryDllKind       gantry_dll_classify               (const char        *dll_name);

/* Go helpers, public so tests can check them against `go version -m`. */
char               *gantry_go_unquote                 (const char        *text,
                                                       gssize             len);
int                 gantry_version_compare            (const char        *a,
                                                       const char        *b);

G_END_DECLS

/* gantry-inspect-pe.c — PE/PE32+ reader: COFF machine, sections, imported DLLs */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-inspect"

#include "config.h"

#include "gantry-inspect-private.h"

#define IMAGE_FILE_DLL                    0x2000
#define IMAGE_SCN_CNT_CODE                0x00000020
#define IMAGE_SCN_CNT_INITIALIZED_DATA    0x00000040
#define IMAGE_SCN_CNT_UNINITIALIZED_DATA  0x00000080
#define IMAGE_SCN_MEM_EXECUTE             0x20000000
#define IMAGE_SCN_MEM_WRITE               0x80000000

#define DIR_IMPORT        1
#define DIR_DEBUG         6
#define DIR_DELAY_IMPORT  13

/* The Windows loader refuses more than 96 sections. */
#define MAX_SECTIONS      96
#define MAX_DLLS          4096
#define MAX_DEBUG_ENTRIES 64

typedef struct
{
  char    *name;
  guint32  vsize;
  guint32  vaddr;
  guint32  raw_size;
  guint32  raw_offset;
  guint32  flags;
} Section;

typedef struct
{
  const guint8 *data;
  gsize         size;
  guint64       image_base;
  guint32       size_of_headers;
  Section      *sections;
  guint         n_sections;
} Pe;

static void
pe_clear (Pe *pe)
{
  for (guint i = 0; i < pe->n_sections; i++)
    g_free (pe->sections[i].name);
  g_clear_pointer (&pe->sections, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pe, pe_clear)

/* RVA → file offset for [rva, rva + len). */
static gboolean
rva_map (const Pe *pe,
         guint64   rva,
         guint64   len,
         guint64  *offset)
{
  for (guint i = 0; i < pe->n_sections; i++)
    {
      const Section *s = &pe->sections[i];

      if (rva >= s->vaddr && rva - s->vaddr < s->raw_size && len <= s->raw_size - (rva - s->vaddr))
        {
          *offset = s->raw_offset + (rva - s->vaddr);
          return _gantry_in_file (pe->size, *offset, len);
        }
    }
  if (rva < pe->size_of_headers && len <= pe->size_of_headers - rva)
    {
      *offset = rva;
      return _gantry_in_file (pe->size, *offset, len);
    }
  return FALSE;
}

static gboolean
pe_vaddr_map (gpointer  map_data,
              guint64   addr,
              guint64   len,
              guint64  *offset)
{
  const Pe *pe = map_data;

  if (addr < pe->image_base)
    return FALSE;
  return rva_map (pe, addr - pe->image_base, len, offset);
}

/* A string at an RVA, NUL-terminated inside the section that holds it. */
static const char *
rva_string (const Pe *pe,
            guint64   rva)
{
  guint64 off;

  for (guint i = 0; i < pe->n_sections; i++)
    {
      const Section *s = &pe->sections[i];

      if (rva >= s->vaddr && rva - s->vaddr < s->raw_size)
        {
          off = s->raw_offset + (rva - s->vaddr);
          return _gantry_string_at (pe->data, MIN ((guint64) s->raw_offset + s->raw_size, pe->size), off);
        }
    }
  if (rva < pe->size_of_headers)
    return _gantry_string_at (pe->data, MIN (pe->size_of_headers, pe->size), rva);
  return NULL;
}

static const char *
machine_arch (guint16 machine,
              const char **name)
{
  switch (machine)
    {
    case 0x8664: *name = "AMD64"; return "amd64";
    case 0x014c: *name = "i386"; return "386";
    case 0xaa64: *name = "ARM64"; return "arm64";
    case 0x01c4: *name = "ARMNT"; return "arm";
    case 0x01c0: *name = "ARM"; return "arm";
    case 0x5064: *name = "RISCV64"; return "riscv64";
    case 0x6264: *name = "LoongArch64"; return "loong64";
    case 0x0200: *name = "IA64"; return "ia64";
    default: *name = NULL; return NULL;
    }
}

static GantrySectionGroup
classify (const Section *s)
{
  const char *n = s->name;

  if (g_str_has_prefix (n, ".debug") || g_str_has_prefix (n, ".zdebug"))
    return GANTRY_SECTION_GROUP_DEBUG;
  if (g_str_equal (n, ".symtab"))
    return GANTRY_SECTION_GROUP_SYMBOLS;
  if (s->flags & (IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE))
    return GANTRY_SECTION_GROUP_CODE;
  if (s->flags & IMAGE_SCN_MEM_WRITE)
    return GANTRY_SECTION_GROUP_DATA;
  if (s->flags & (IMAGE_SCN_CNT_INITIALIZED_DATA))
    return GANTRY_SECTION_GROUP_RODATA;
  return GANTRY_SECTION_GROUP_OTHER;
}

static gboolean
read_imports (GantryBinary  *self,
              Pe            *pe,
              guint32        rva,
              gboolean       delay,
              GError       **error)
{
  gsize desc_size = delay ? 32 : 20;

  for (guint i = 0; ; i++)
    {
      guint64 off;
      guint32 name_rva;
      const char *name;

      if (i >= MAX_DLLS)
        {
          _gantry_inspect_malformed (error, "the import table lists more than %u DLLs", MAX_DLLS);
          return FALSE;
        }
      if (!rva_map (pe, (guint64) rva + (guint64) i * desc_size, desc_size, &off))
        {
          _gantry_inspect_malformed (error, "%simport entry %u (RVA 0x%" G_GINT64_MODIFIER "x) is not inside the file",
                                     delay ? "delay-" : "", i, (guint64) rva + (guint64) i * desc_size);
          return FALSE;
        }
      if (delay)
        {
          guint32 attrs = _gantry_u32 (pe->data + off, FALSE);

          name_rva = _gantry_u32 (pe->data + off + 4, FALSE);
          /* Version 1 delay tables hold RVAs; old ones hold addresses. */
          if (name_rva != 0 && !(attrs & 1) && name_rva >= pe->image_base)
            name_rva = (guint32) (name_rva - pe->image_base);
        }
      else
        name_rva = _gantry_u32 (pe->data + off + 12, FALSE);

      if (name_rva == 0)
        {
          gboolean all_zero = TRUE;

          for (gsize k = 0; k < desc_size; k++)
            all_zero &= pe->data[off + k] == 0;
          if (all_zero || !delay)
            return TRUE;
          _gantry_inspect_malformed (error, "delay-import entry %u has no DLL name", i);
          return FALSE;
        }

      name = rva_string (pe, name_rva);
      if (name == NULL)
        {
          _gantry_inspect_malformed (error, "the name of imported DLL %u (RVA 0x%x) is outside the file or has no NUL terminator",
                                     i, name_rva);
          return FALSE;
        }
      _gantry_binary_add_import (self, name, delay);
    }
}

static void
read_debug_dir (GantryBinary *self,
                Pe           *pe,
                guint32       rva,
                guint32       size)
{
  guint64 off;
  guint n = MIN (size / 28, MAX_DEBUG_ENTRIES);

  if (n == 0 || !rva_map (pe, rva, (guint64) n * 28, &off))
    return;
  for (guint i = 0; i < n; i++)
    {
      const guint8 *e = pe->data + off + (guint64) i * 28;
      guint32 type = _gantry_u32 (e + 12, FALSE);
      guint32 len = _gantry_u32 (e + 16, FALSE);
      guint32 ptr = _gantry_u32 (e + 24, FALSE);
      const guint8 *cv;

      /* CodeView RSDS: GUID and age, the key symbol servers use. */
      if (type != 2 || len < 24 || !_gantry_in_file (pe->size, ptr, 24))
        continue;
      cv = pe->data + ptr;
      if (memcmp (cv, "RSDS", 4) != 0)
        continue;
      self->build_id = g_strdup_printf ("%08X%04X%04X%02X%02X%02X%02X%02X%02X%02X%02X%X",
                                        _gantry_u32 (cv + 4, FALSE), _gantry_u16 (cv + 8, FALSE),
                                        _gantry_u16 (cv + 10, FALSE), cv[12], cv[13], cv[14], cv[15],
                                        cv[16], cv[17], cv[18], cv[19], _gantry_u32 (cv + 20, FALSE));
      return;
    }
}

static void
detect_libc (GantryBinary *self)
{
  for (guint i = 0; i < self->imports->len; i++)
    {
      const GantryImport *imp = g_ptr_array_index (self->imports, i);
      g_autofree char *lower = g_ascii_strdown (imp->name, -1);

      if (g_str_equal (lower, "ucrtbase.dll") || g_str_has_prefix (lower, "api-ms-win-crt-"))
        {
          self->libc = g_strdup ("ucrt");
          return;
        }
      if (g_str_equal (lower, "msvcrt.dll"))
        {
          self->libc = g_strdup ("msvcrt");
          return;
        }
      if (g_str_has_prefix (lower, "vcruntime") || g_str_has_prefix (lower, "msvcr"))
        {
          self->libc = g_strdup ("msvc");
          return;
        }
    }
}

gboolean
_gantry_inspect_pe (GantryBinary  *self,
                    const guint8  *data,
                    gsize          size,
                    GError       **error)
{
  g_auto(Pe) pe = { 0 };
  guint32 pe_off = _gantry_u32 (data + 0x3c, FALSE);
  guint64 coff = (guint64) pe_off + 4;
  guint64 opt, sect_table, strtab_off = 0, strtab_size = 0;
  guint16 machine, n_sections, opt_size, characteristics, magic, subsystem;
  guint32 sym_ptr, n_syms, n_dirs;
  guint64 dir_off;
  const char *arch, *mname = NULL;
  gboolean go_found = FALSE;

  pe.data = data;
  pe.size = size;

  if (!_gantry_in_file (size, coff, 20))
    {
      _gantry_inspect_malformed (error, "the COFF header at offset %" G_GUINT64_FORMAT " is truncated", coff);
      return FALSE;
    }
  machine = _gantry_u16 (data + coff, FALSE);
  n_sections = _gantry_u16 (data + coff + 2, FALSE);
  sym_ptr = _gantry_u32 (data + coff + 8, FALSE);
  n_syms = _gantry_u32 (data + coff + 12, FALSE);
  opt_size = _gantry_u16 (data + coff + 16, FALSE);
  characteristics = _gantry_u16 (data + coff + 18, FALSE);
  opt = coff + 20;

  if (opt_size < 2 || !_gantry_in_file (size, opt, opt_size))
    {
      _gantry_inspect_malformed (error, "the optional header (%u bytes at offset %" G_GUINT64_FORMAT ") is missing or truncated",
                                 opt_size, opt);
      return FALSE;
    }
  magic = _gantry_u16 (data + opt, FALSE);
  if (magic != 0x10b && magic != 0x20b)
    {
      _gantry_inspect_malformed (error, "unknown optional header magic 0x%x (0x10b is PE32, 0x20b PE32+)", magic);
      return FALSE;
    }
  if (opt_size < (magic == 0x20b ? 112 : 96))
    {
      _gantry_inspect_malformed (error, "the optional header is %u bytes, too short for %s", opt_size,
                                 magic == 0x20b ? "PE32+" : "PE32");
      return FALSE;
    }
  pe.image_base = magic == 0x20b ? _gantry_u64 (data + opt + 24, FALSE) : _gantry_u32 (data + opt + 28, FALSE);
  pe.size_of_headers = _gantry_u32 (data + opt + 60, FALSE);
  subsystem = _gantry_u16 (data + opt + 68, FALSE);
  n_dirs = _gantry_u32 (data + opt + (magic == 0x20b ? 108 : 92), FALSE);
  dir_off = opt + (magic == 0x20b ? 112 : 96);
  n_dirs = MIN (n_dirs, (opt_size - (dir_off - opt)) / 8);

  if (n_sections > MAX_SECTIONS)
    {
      _gantry_inspect_malformed (error, "absurd section count %u (Windows loads at most %u)", n_sections, MAX_SECTIONS);
      return FALSE;
    }
  sect_table = opt + opt_size;
  if (!_gantry_in_file (size, sect_table, (guint64) n_sections * 40))
    {
      _gantry_inspect_malformed (error, "the section table (%u entries at offset %" G_GUINT64_FORMAT ") ends past the end "
                                 "of the file (%" G_GSIZE_FORMAT " bytes): the file is truncated or damaged",
                                 n_sections, sect_table, size);
      return FALSE;
    }

  /* Long section names (".debug_info") live in the COFF string table. */
  if (sym_ptr != 0)
    {
      guint64 st = (guint64) sym_ptr + (guint64) n_syms * 18;

      if (!_gantry_in_file (size, sym_ptr, (guint64) n_syms * 18))
        {
          _gantry_inspect_malformed (error, "the COFF symbol table (%u symbols at offset %u) ends past the end of the file",
                                     n_syms, sym_ptr);
          return FALSE;
        }
      if (_gantry_in_file (size, st, 4))
        {
          strtab_size = _gantry_u32 (data + st, FALSE);
          if (strtab_size < 4 || !_gantry_in_file (size, st, strtab_size))
            {
              _gantry_inspect_malformed (error, "the COFF string table (%" G_GUINT64_FORMAT " bytes at offset %" G_GUINT64_FORMAT
                                         ") ends past the end of the file", strtab_size, st);
              return FALSE;
            }
          strtab_off = st;
        }
    }

  pe.n_sections = n_sections;
  pe.sections = g_new0 (Section, MAX (n_sections, 1));
  for (guint i = 0; i < n_sections; i++)
    {
      const guint8 *s = data + sect_table + (guint64) i * 40;
      Section *sec = &pe.sections[i];
      char shortname[9] = { 0 };

      memcpy (shortname, s, 8);
      if (shortname[0] == '/' && g_ascii_isdigit (shortname[1]))
        {
          guint64 name_off = g_ascii_strtoull (shortname + 1, NULL, 10);
          const char *longname = strtab_size > 0 ? _gantry_string_at (data + strtab_off, strtab_size, name_off) : NULL;

          if (longname == NULL)
            {
              _gantry_inspect_malformed (error, "the long name of section %u (%s) is outside the COFF string table "
                                         "or has no NUL terminator", i, shortname);
              return FALSE;
            }
          sec->name = g_utf8_make_valid (longname, -1);
        }
      else
        sec->name = g_utf8_make_valid (shortname, -1);
      sec->vsize = _gantry_u32 (s + 8, FALSE);
      sec->vaddr = _gantry_u32 (s + 12, FALSE);
      sec->raw_size = _gantry_u32 (s + 16, FALSE);
      sec->raw_offset = _gantry_u32 (s + 20, FALSE);
      sec->flags = _gantry_u32 (s + 36, FALSE);
      if (sec->raw_size > 0 && !_gantry_in_file (size, sec->raw_offset, sec->raw_size))
        {
          _gantry_inspect_malformed (error, "section %s (offset %u, size %u) ends past the end of the file "
                                     "(%" G_GSIZE_FORMAT " bytes): the file is truncated or damaged",
                                     sec->name, sec->raw_offset, sec->raw_size, size);
          return FALSE;
        }
    }

  self->format = GANTRY_BINARY_FORMAT_PE;
  self->bits = magic == 0x20b ? 64 : 32;
  self->big_endian = FALSE;
  self->format_detail = g_strdup (magic == 0x20b ? "PE32+" : "PE32");
  arch = machine_arch (machine, &mname);
  self->machine = mname ? g_strdup_printf ("%s (0x%04x)", mname, machine) : g_strdup_printf ("COFF machine 0x%04x", machine);
  self->arch = arch ? g_strdup (arch) : g_strdup_printf ("unknown-0x%04x", machine);
  self->os = g_strdup (subsystem >= 10 && subsystem <= 13 ? "uefi" : "windows");
  self->file_type = g_strdup ((characteristics & IMAGE_FILE_DLL) ? "dll" : "executable");
  switch (subsystem)
    {
    case 2: self->subsystem = g_strdup ("gui"); break;
    case 3: self->subsystem = g_strdup ("console"); break;
    case 1: self->subsystem = g_strdup ("native"); break;
    case 10: self->subsystem = g_strdup ("efi-application"); break;
    default: self->subsystem = g_strdup_printf ("subsystem %u", subsystem); break;
    }

  if (n_dirs > DIR_IMPORT)
    {
      guint32 rva = _gantry_u32 (data + dir_off + DIR_IMPORT * 8, FALSE);

      if (rva != 0 && !read_imports (self, &pe, rva, FALSE, error))
        return FALSE;
    }
  if (n_dirs > DIR_DELAY_IMPORT)
    {
      guint32 rva = _gantry_u32 (data + dir_off + DIR_DELAY_IMPORT * 8, FALSE);

      if (rva != 0 && !read_imports (self, &pe, rva, TRUE, error))
        return FALSE;
    }
  if (n_dirs > DIR_DEBUG)
    read_debug_dir (self, &pe, _gantry_u32 (data + dir_off + DIR_DEBUG * 8, FALSE),
                    _gantry_u32 (data + dir_off + DIR_DEBUG * 8 + 4, FALSE));

  /* A PE always imports Windows itself; it is "dynamic" in the sense
   * that matters when it needs a DLL that must ship beside it. */
  self->linkage = GANTRY_LINKAGE_STATIC;
  for (guint i = 0; i < self->imports->len; i++)
    if (((GantryImport *) g_ptr_array_index (self->imports, i))->kind != GANTRY_DLL_SYSTEM)
      self->linkage = GANTRY_LINKAGE_DYNAMIC;

  self->stripped = n_syms == 0;
  for (guint i = 0; i < pe.n_sections; i++)
    {
      const Section *s = &pe.sections[i];
      gboolean in_file = s->raw_size > 0;

      if (g_str_equal (s->name, ".debug_info") || g_str_equal (s->name, ".zdebug_info"))
        self->has_dwarf = TRUE;
      _gantry_binary_add_section (self, s->name, s->raw_offset, in_file ? s->raw_size : s->vsize, classify (s), in_file);
    }
  if (n_syms > 0 || strtab_size > 0)
    _gantry_binary_add_section (self, "COFF symbol table", sym_ptr, (guint64) n_syms * 18 + strtab_size,
                                GANTRY_SECTION_GROUP_SYMBOLS, TRUE);

  /* Go: build info at the start of the first writable data section, the
   * build ID at the start of .text. */
  for (guint i = 0; i < pe.n_sections && !go_found; i++)
    {
      const Section *s = &pe.sections[i];

      if ((s->flags & IMAGE_SCN_MEM_WRITE) && (s->flags & IMAGE_SCN_CNT_INITIALIZED_DATA) && s->raw_size > 0)
        if (!_gantry_inspect_go_buildinfo (self, data, size, s->raw_offset, MIN (s->raw_size, 64 * 1024),
                                           pe_vaddr_map, &pe, &go_found, error))
          return FALSE;
    }
  for (guint i = 0; i < pe.n_sections; i++)
    if (pe.sections[i].flags & IMAGE_SCN_CNT_CODE)
      {
        _gantry_inspect_go_text_build_id (self, data, size, pe.sections[i].raw_offset, pe.sections[i].raw_size);
        break;
      }

  detect_libc (self);
  if (self->is_go)
    _gantry_inspect_go_finish (self);
  return TRUE;
}

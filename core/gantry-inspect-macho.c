/* gantry-inspect-macho.c — Mach-O reader: load commands, dylibs, universal files */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-inspect"

#include "config.h"

#include "gantry-inspect-private.h"

#define LC_REQ_DYLD           0x80000000
#define LC_SEGMENT            0x1
#define LC_SYMTAB             0x2
#define LC_DYSYMTAB           0xb
#define LC_LOAD_DYLIB         0xc
#define LC_ID_DYLIB           0xd
#define LC_LOAD_DYLINKER      0xe
#define LC_LOAD_WEAK_DYLIB    (0x18 | LC_REQ_DYLD)
#define LC_SEGMENT_64         0x19
#define LC_UUID               0x1b
#define LC_RPATH              (0x1c | LC_REQ_DYLD)
#define LC_REEXPORT_DYLIB     (0x1f | LC_REQ_DYLD)
#define LC_LAZY_LOAD_DYLIB    0x20
#define LC_LOAD_UPWARD_DYLIB  (0x23 | LC_REQ_DYLD)
#define LC_VERSION_MIN_MACOSX    0x24
#define LC_VERSION_MIN_IPHONEOS  0x25
#define LC_BUILD_VERSION      0x32

#define S_ZEROFILL            0x1
#define S_GB_ZEROFILL         0xc
#define S_THREAD_LOCAL_ZEROFILL 0x12
#define S_ATTR_PURE_INSTRUCTIONS 0x80000000
#define S_ATTR_SOME_INSTRUCTIONS 0x00000400

#define MAX_FAT_ARCHS         32
#define MAX_SEGMENTS          1024

typedef struct
{
  guint64 vmaddr;
  guint64 fileoff;
  guint64 filesize;
} Segment;

typedef struct
{
  const guint8 *data;
  gsize         size;
  Segment       segs[MAX_SEGMENTS];
  guint         n_segs;
} MachO;

static gboolean
macho_vaddr_map (gpointer  map_data,
                 guint64   addr,
                 guint64   len,
                 guint64  *offset)
{
  const MachO *m = map_data;

  for (guint i = 0; i < m->n_segs; i++)
    {
      const Segment *s = &m->segs[i];

      if (addr >= s->vmaddr && addr - s->vmaddr < s->filesize && len <= s->filesize - (addr - s->vmaddr))
        {
          *offset = s->fileoff + (addr - s->vmaddr);
          return _gantry_in_file (m->size, *offset, len);
        }
    }
  return FALSE;
}

static const char *
cpu_arch (guint32      cputype,
          const char **name)
{
  switch (cputype)
    {
    case 0x01000007: *name = "x86_64"; return "amd64";
    case 0x00000007: *name = "i386"; return "386";
    case 0x0100000c: *name = "arm64"; return "arm64";
    case 0x0200000c: *name = "arm64_32"; return "arm64_32";
    case 0x0000000c: *name = "arm"; return "arm";
    case 0x01000012: *name = "ppc64"; return "ppc64";
    case 0x00000012: *name = "ppc"; return "ppc";
    default: *name = NULL; return NULL;
    }
}

static const char *
lc_string (const guint8 *cmd,
           guint32       cmdsize,
           gboolean      be)
{
  guint32 off;

  if (cmdsize < 12)
    return NULL;
  off = _gantry_u32 (cmd + 8, be);
  return _gantry_string_at (cmd, cmdsize, off);
}

static GantrySectionGroup
classify (const char *segname,
          const char *sectname,
          guint32      flags)
{
  if (g_str_equal (segname, "__DWARF") || g_str_has_prefix (sectname, "__debug_") || g_str_has_prefix (sectname, "__zdebug_"))
    return GANTRY_SECTION_GROUP_DEBUG;
  if (g_str_equal (sectname, "__gopclntab") || g_str_equal (sectname, "__gosymtab") || g_str_equal (sectname, "__go_buildinfo")
      || g_str_equal (sectname, "__typelink") || g_str_equal (sectname, "__itablink") || g_str_equal (sectname, "__go_fipsinfo"))
    return GANTRY_SECTION_GROUP_GO;
  if (flags & (S_ATTR_PURE_INSTRUCTIONS | S_ATTR_SOME_INSTRUCTIONS))
    return GANTRY_SECTION_GROUP_CODE;
  if (g_str_equal (segname, "__TEXT") || g_str_equal (segname, "__DATA_CONST"))
    return GANTRY_SECTION_GROUP_RODATA;
  if (g_str_has_prefix (segname, "__DATA"))
    return GANTRY_SECTION_GROUP_DATA;
  return GANTRY_SECTION_GROUP_OTHER;
}

static gboolean
read_segment (GantryBinary  *self,
              MachO         *m,
              const guint8  *cmd,
              guint32        cmdsize,
              gboolean       is64,
              gboolean       be,
              GError       **error)
{
  gsize head = is64 ? 72 : 56;
  gsize sect_size = is64 ? 80 : 68;
  char segname[17] = { 0 };
  guint64 vmaddr, fileoff, filesize;
  guint32 nsects;

  if (cmdsize < head)
    {
      _gantry_inspect_malformed (error, "a segment load command is %u bytes, at least %" G_GSIZE_FORMAT " needed", cmdsize, head);
      return FALSE;
    }
  memcpy (segname, cmd + 8, 16);
  if (is64)
    {
      vmaddr = _gantry_u64 (cmd + 24, be);
      fileoff = _gantry_u64 (cmd + 40, be);
      filesize = _gantry_u64 (cmd + 48, be);
      nsects = _gantry_u32 (cmd + 64, be);
    }
  else
    {
      vmaddr = _gantry_u32 (cmd + 24, be);
      fileoff = _gantry_u32 (cmd + 32, be);
      filesize = _gantry_u32 (cmd + 36, be);
      nsects = _gantry_u32 (cmd + 48, be);
    }

  if (!_gantry_in_file (m->size, fileoff, filesize))
    {
      _gantry_inspect_malformed (error, "segment %s (offset %" G_GUINT64_FORMAT ", size %" G_GUINT64_FORMAT ") ends past the end "
                                 "of the file (%" G_GSIZE_FORMAT " bytes): the file is truncated or damaged",
                                 segname, fileoff, filesize, m->size);
      return FALSE;
    }
  if (nsects > (cmdsize - head) / sect_size)
    {
      _gantry_inspect_malformed (error, "segment %s claims %u sections but its load command holds at most %" G_GSIZE_FORMAT,
                                 segname, nsects, (cmdsize - head) / sect_size);
      return FALSE;
    }
  if (m->n_segs >= MAX_SEGMENTS)
    {
      _gantry_inspect_malformed (error, "more than %u segments", MAX_SEGMENTS);
      return FALSE;
    }
  m->segs[m->n_segs].vmaddr = vmaddr;
  m->segs[m->n_segs].fileoff = fileoff;
  m->segs[m->n_segs].filesize = filesize;
  m->n_segs++;

  if (g_str_equal (segname, "__DWARF"))
    self->has_dwarf = TRUE;

  for (guint i = 0; i < nsects; i++)
    {
      const guint8 *s = cmd + head + (gsize) i * sect_size;
      char sectname[17] = { 0 }, sect_seg[17] = { 0 };
      guint64 size;
      guint32 offset, flags, type;
      gboolean in_file;
      g_autofree char *name = NULL;

      memcpy (sectname, s, 16);
      memcpy (sect_seg, s + 16, 16);
      size = is64 ? _gantry_u64 (s + 40, be) : _gantry_u32 (s + 36, be);
      offset = _gantry_u32 (s + (is64 ? 48 : 40), be);
      flags = _gantry_u32 (s + (is64 ? 64 : 56), be);
      type = flags & 0xff;
      in_file = type != S_ZEROFILL && type != S_GB_ZEROFILL && type != S_THREAD_LOCAL_ZEROFILL;

      if (in_file && offset != 0 && !_gantry_in_file (m->size, offset, size))
        {
          _gantry_inspect_malformed (error, "section %s,%s (offset %u, size %" G_GUINT64_FORMAT ") ends past the end of the file "
                                     "(%" G_GSIZE_FORMAT " bytes): the file is truncated or damaged",
                                     sect_seg, sectname, offset, size, m->size);
          return FALSE;
        }
      if (in_file && offset == 0)
        in_file = size == 0;

      if (g_str_equal (sectname, "__debug_info") || g_str_equal (sectname, "__zdebug_info"))
        self->has_dwarf = TRUE;

      name = g_strdup_printf ("%s,%s", sect_seg, sectname);
      _gantry_binary_add_section (self, name, offset, size, classify (sect_seg, sectname, flags), in_file);

      if (in_file && size > 0)
        {
          if (g_str_equal (sectname, "__go_buildinfo")
              || (g_str_equal (sect_seg, "__DATA") && g_str_equal (sectname, "__data") && self->go_buildinfo_format == NULL))
            {
              gboolean found;

              if (!_gantry_inspect_go_buildinfo (self, m->data, m->size, offset, MIN (size, 64 * 1024),
                                                 macho_vaddr_map, m, &found, error))
                return FALSE;
            }
          if (g_str_equal (sectname, "__text"))
            _gantry_inspect_go_text_build_id (self, m->data, m->size, offset, size);
          if (g_str_equal (sectname, "__gopclntab") || g_str_equal (sectname, "__gosymtab"))
            self->is_go = TRUE;
        }
    }
  return TRUE;
}

gboolean
_gantry_inspect_macho (GantryBinary  *self,
                       const guint8  *data,
                       gsize          size,
                       GError       **error)
{
  g_autofree MachO *m = g_new0 (MachO, 1);
  guint32 magic_le = _gantry_u32 (data, FALSE);
  gboolean be = magic_le == 0xcefaedfe || magic_le == 0xcffaedfe;
  gboolean is64 = magic_le == 0xfeedfacf || magic_le == 0xcffaedfe;
  gsize header = is64 ? 32 : 28;
  guint32 cputype, filetype, ncmds, sizeofcmds;
  guint64 pos;
  const char *arch, *cpu_name = NULL;
  gboolean has_dylinker = FALSE;
  guint32 nsyms = 0, nlocalsym = 0;
  gboolean has_symtab = FALSE, has_dysymtab = FALSE;
  const char *platform = NULL;

  m->data = data;
  m->size = size;
  if (size < header)
    {
      _gantry_inspect_malformed (error, "the Mach-O header is truncated (%" G_GSIZE_FORMAT " bytes, %" G_GSIZE_FORMAT " needed)",
                                 size, header);
      return FALSE;
    }
  cputype = _gantry_u32 (data + 4, be);
  filetype = _gantry_u32 (data + 12, be);
  ncmds = _gantry_u32 (data + 16, be);
  sizeofcmds = _gantry_u32 (data + 20, be);
  if (!_gantry_in_file (size, header, sizeofcmds))
    {
      _gantry_inspect_malformed (error, "the load commands (%u bytes) end past the end of the file (%" G_GSIZE_FORMAT " bytes)",
                                 sizeofcmds, size);
      return FALSE;
    }
  if (ncmds > sizeofcmds / 8)
    {
      _gantry_inspect_malformed (error, "absurd load command count %u for %u bytes of commands", ncmds, sizeofcmds);
      return FALSE;
    }

  self->format = GANTRY_BINARY_FORMAT_MACHO;
  self->bits = is64 ? 64 : 32;
  self->big_endian = be;
  self->format_detail = g_strdup_printf ("Mach-O %s-bit%s", is64 ? "64" : "32", be ? " big-endian" : "");
  arch = cpu_arch (cputype, &cpu_name);
  self->arch = arch ? g_strdup (arch) : g_strdup_printf ("unknown-0x%x", cputype);
  self->machine = cpu_name ? g_strdup (cpu_name) : g_strdup_printf ("CPU type 0x%x", cputype);

  pos = header;
  for (guint i = 0; i < ncmds; i++)
    {
      const guint8 *cmd;
      guint32 type, cmdsize;
      const char *s;

      if (sizeofcmds - (pos - header) < 8)
        {
          _gantry_inspect_malformed (error, "load command %u starts past the end of the load commands", i);
          return FALSE;
        }
      cmd = data + pos;
      type = _gantry_u32 (cmd, be);
      cmdsize = _gantry_u32 (cmd + 4, be);
      if (cmdsize < 8 || cmdsize > sizeofcmds - (pos - header))
        {
          _gantry_inspect_malformed (error, "load command %u (type 0x%x) has size %u, outside the %u bytes of load commands",
                                     i, type, cmdsize, sizeofcmds);
          return FALSE;
        }

      switch (type)
        {
        case LC_SEGMENT:
        case LC_SEGMENT_64:
          if (!read_segment (self, m, cmd, cmdsize, type == LC_SEGMENT_64, be, error))
            return FALSE;
          break;
        case LC_LOAD_DYLIB:
        case LC_LOAD_WEAK_DYLIB:
        case LC_REEXPORT_DYLIB:
        case LC_LAZY_LOAD_DYLIB:
        case LC_LOAD_UPWARD_DYLIB:
        case LC_ID_DYLIB:
        case LC_LOAD_DYLINKER:
        case LC_RPATH:
          s = lc_string (cmd, cmdsize, be);
          if (s == NULL)
            {
              _gantry_inspect_malformed (error, "the path in load command %u (type 0x%x) is outside the command "
                                         "or has no NUL terminator", i, type);
              return FALSE;
            }
          if (type == LC_ID_DYLIB)
            {
              g_free (self->soname);
              self->soname = g_utf8_make_valid (s, -1);
            }
          else if (type == LC_LOAD_DYLINKER)
            {
              g_free (self->interpreter);
              self->interpreter = g_utf8_make_valid (s, -1);
              has_dylinker = TRUE;
            }
          else if (type == LC_RPATH)
            g_ptr_array_add (self->rpath, g_utf8_make_valid (s, -1));
          else
            g_ptr_array_add (self->needed, g_utf8_make_valid (s, -1));
          break;
        case LC_UUID:
          if (cmdsize >= 24 && self->build_id == NULL)
            self->build_id = _gantry_hex (cmd + 8, 16);
          break;
        case LC_SYMTAB:
          if (cmdsize >= 24)
            {
              guint32 symoff = _gantry_u32 (cmd + 8, be);
              guint32 stroff = _gantry_u32 (cmd + 16, be);
              guint32 strsize = _gantry_u32 (cmd + 20, be);
              guint64 symsize;

              nsyms = _gantry_u32 (cmd + 12, be);
              symsize = (guint64) nsyms * (is64 ? 16 : 12);
              if (!_gantry_in_file (size, symoff, symsize) || !_gantry_in_file (size, stroff, strsize))
                {
                  _gantry_inspect_malformed (error, "the symbol table (%u symbols at %u, strings at %u) ends past the end of the file",
                                             nsyms, symoff, stroff);
                  return FALSE;
                }
              has_symtab = TRUE;
              _gantry_binary_add_section (self, "symbol table", symoff, symsize, GANTRY_SECTION_GROUP_SYMBOLS, TRUE);
              _gantry_binary_add_section (self, "string table", stroff, strsize, GANTRY_SECTION_GROUP_SYMBOLS, TRUE);
            }
          break;
        case LC_DYSYMTAB:
          if (cmdsize >= 20)
            {
              nlocalsym = _gantry_u32 (cmd + 12, be);
              has_dysymtab = TRUE;
            }
          break;
        case LC_BUILD_VERSION:
          if (cmdsize >= 12)
            switch (_gantry_u32 (cmd + 8, be))
              {
              case 1: platform = "darwin"; break;
              case 2: case 6: case 7: platform = "ios"; break;
              case 3: case 8: platform = "tvos"; break;
              case 4: case 9: platform = "watchos"; break;
              default: break;
              }
          break;
        case LC_VERSION_MIN_MACOSX:
          platform = "darwin";
          break;
        case LC_VERSION_MIN_IPHONEOS:
          platform = "ios";
          break;
        default:
          break;
        }
      pos += cmdsize;
    }

  self->os = g_strdup (platform ? platform : "darwin");
  switch (filetype)
    {
    case 1: self->file_type = g_strdup ("object"); break;
    case 2: self->file_type = g_strdup ("executable"); break;
    case 4: self->file_type = g_strdup ("core"); break;
    case 6: self->file_type = g_strdup ("shared-library"); break;
    case 7: self->file_type = g_strdup ("dynamic-linker"); break;
    case 8: self->file_type = g_strdup ("bundle"); break;
    case 10: self->file_type = g_strdup ("debug-symbols"); break;
    default: self->file_type = g_strdup_printf ("Mach-O file type %u", filetype); break;
    }
  if (filetype == 2)
    self->linkage = has_dylinker ? GANTRY_LINKAGE_DYNAMIC : GANTRY_LINKAGE_STATIC;
  else if (filetype == 6 || filetype == 8)
    self->linkage = GANTRY_LINKAGE_DYNAMIC;
  else
    self->linkage = GANTRY_LINKAGE_NONE;

  /* `strip` keeps the exported symbols dyld needs and drops the locals. */
  self->stripped = !has_symtab || nsyms == 0 || (has_dysymtab && nlocalsym == 0);

  for (guint i = 0; i < self->needed->len; i++)
    if (strstr (g_ptr_array_index (self->needed, i), "libSystem") != NULL)
      self->libc = g_strdup ("libSystem");

  if (self->is_go)
    _gantry_inspect_go_finish (self);
  return TRUE;
}

gboolean
_gantry_inspect_macho_fat (GantryBinary  *self,
                           const guint8  *data,
                           gsize          size,
                           GError       **error)
{
  gboolean fat64 = _gantry_u32 (data, TRUE) == 0xcafebabf;
  guint32 n = _gantry_u32 (data + 4, TRUE);
  gsize entry = fat64 ? 32 : 20;
  g_autoptr(GString) arches = g_string_new (NULL);
  g_autoptr(GString) machines = g_string_new (NULL);

  if (n == 0 || n > MAX_FAT_ARCHS)
    {
      _gantry_inspect_malformed (error, "a universal file with %u architectures (1 to %u expected)", n, MAX_FAT_ARCHS);
      return FALSE;
    }
  if (!_gantry_in_file (size, 8, (guint64) n * entry))
    {
      _gantry_inspect_malformed (error, "the universal header (%u architectures) ends past the end of the file", n);
      return FALSE;
    }

  self->format = GANTRY_BINARY_FORMAT_MACHO_FAT;
  self->format_detail = g_strdup_printf ("Mach-O universal (%u architectures)", n);
  self->big_endian = TRUE;

  for (guint i = 0; i < n; i++)
    {
      const guint8 *a = data + 8 + (gsize) i * entry;
      guint64 off = fat64 ? _gantry_u64 (a + 8, TRUE) : _gantry_u32 (a + 8, TRUE);
      guint64 len = fat64 ? _gantry_u64 (a + 16, TRUE) : _gantry_u32 (a + 12, TRUE);
      g_autoptr(GantryBinary) slice = NULL;
      g_autoptr(GError) local_error = NULL;
      guint32 magic;

      if (!_gantry_in_file (size, off, len) || len < 4)
        {
          _gantry_inspect_malformed (error, "architecture %u of the universal file (offset %" G_GUINT64_FORMAT ", size %"
                                     G_GUINT64_FORMAT ") ends past the end of the file (%" G_GSIZE_FORMAT " bytes)",
                                     i, off, len, size);
          return FALSE;
        }
      magic = _gantry_u32 (data + off, FALSE);
      if (magic != 0xfeedface && magic != 0xfeedfacf && magic != 0xcefaedfe && magic != 0xcffaedfe)
        {
          _gantry_inspect_malformed (error, "architecture %u of the universal file is not a Mach-O file", i);
          return FALSE;
        }

      slice = g_object_new (GANTRY_TYPE_BINARY, NULL);
      slice->file = g_strdup_printf ("%s[%u]", self->file, i);
      slice->file_size = len;
      if (!_gantry_inspect_macho (slice, data + off, len, &local_error))
        {
          const char *what = local_error->message;

          if (g_str_has_prefix (what, "malformed: "))
            what += strlen ("malformed: ");
          _gantry_inspect_malformed (error, "architecture %u of the universal file: %s", i, what);
          return FALSE;
        }
      if (i > 0)
        {
          g_string_append_c (arches, '+');
          g_string_append (machines, ", ");
        }
      g_string_append (arches, slice->arch);
      g_string_append (machines, slice->machine);
      self->bits = MAX (self->bits, slice->bits);
      if (i == 0)
        _gantry_binary_copy_facts (self, slice);
      /* Sizes add up over the slices; each slice keeps its own sections. */
      for (guint g = 0; g < GANTRY_SECTION_GROUP_N; g++)
        self->group_size[g] += slice->group_size[g];
      g_ptr_array_add (self->slices, g_steal_pointer (&slice));
    }

  self->arch = g_strdup (arches->str);
  self->machine = g_strdup (machines->str);
  return TRUE;
}

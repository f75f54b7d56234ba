/* gantry-inspect-elf.c — ELF reader: headers, dynamic section, version needs, notes */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-inspect"

#include "config.h"

#include "gantry-inspect-private.h"

#define ET_REL   1
#define ET_EXEC  2
#define ET_DYN   3
#define ET_CORE  4

#define PT_LOAD     1
#define PT_DYNAMIC  2
#define PT_INTERP   3
#define PT_NOTE     4

#define PF_X  1
#define PF_W  2

#define SHT_SYMTAB    2
#define SHT_NOTE      7
#define SHT_NOBITS    8
#define SHT_GNU_verneed 0x6ffffffe

#define SHF_WRITE      0x1
#define SHF_ALLOC      0x2
#define SHF_EXECINSTR  0x4

#define DT_NULL        0
#define DT_NEEDED      1
#define DT_STRTAB      5
#define DT_STRSZ       10
#define DT_SONAME      14
#define DT_RPATH       15
#define DT_RUNPATH     29
#define DT_FLAGS_1     0x6ffffffb
#define DT_VERNEED     0x6ffffffe
#define DT_VERNEEDNUM  0x6fffffff
#define DF_1_PIE       0x08000000

#define SHN_XINDEX     0xffff

/* Limits no real file comes near; beyond them the file is hostile. */
#define MAX_SECTIONS   65536
#define MAX_SEGMENTS   65536
#define MAX_VERNEED    65536

typedef struct
{
  guint32 type;
  guint32 flags;
  guint64 offset;
  guint64 vaddr;
  guint64 filesz;
  guint64 memsz;
  guint64 align;
} Phdr;

typedef struct
{
  const char *name;
  guint32     type;
  guint64     flags;
  guint64     addr;
  guint64     offset;
  guint64     size;
  guint32     link;
  guint32     info;
} Shdr;

typedef struct
{
  const guint8 *data;
  gsize         size;
  gboolean      be;
  gboolean      is64;
  guint16       type;
  guint16       machine;
  guint32       flags;
  guint8        osabi;
  Phdr         *ph;
  guint         n_ph;
  Shdr         *sh;
  guint         n_sh;
  gboolean      gnu_abi_tag;
  guint32       abi_tag_os;
  char         *note_os;
} Elf;

static void
elf_clear (Elf *elf)
{
  g_clear_pointer (&elf->ph, g_free);
  g_clear_pointer (&elf->sh, g_free);
  g_clear_pointer (&elf->note_os, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Elf, elf_clear)

static guint64
word (const Elf    *elf,
      const guint8 *p)
{
  return elf->is64 ? _gantry_u64 (p, elf->be) : _gantry_u32 (p, elf->be);
}

static gboolean
elf_vaddr_map (gpointer  map_data,
               guint64   addr,
               guint64   len,
               guint64  *offset)
{
  const Elf *elf = map_data;

  for (guint i = 0; i < elf->n_ph; i++)
    {
      const Phdr *p = &elf->ph[i];

      if (p->type != PT_LOAD)
        continue;
      if (addr >= p->vaddr && addr - p->vaddr < p->filesz && len <= p->filesz - (addr - p->vaddr))
        {
          *offset = p->offset + (addr - p->vaddr);
          return _gantry_in_file (elf->size, *offset, len);
        }
    }
  return FALSE;
}

static const char *
machine_name (guint16 m)
{
  switch (m)
    {
    case 3: return "Intel 80386";
    case 8: return "MIPS R3000";
    case 20: return "PowerPC";
    case 21: return "PowerPC64";
    case 22: return "IBM S/390";
    case 40: return "ARM";
    case 43: return "SPARC v9";
    case 62: return "Advanced Micro Devices X86-64";
    case 183: return "AArch64";
    case 243: return "RISC-V";
    case 258: return "LoongArch";
    default: return NULL;
    }
}

static const char *
go_arch (const Elf *elf)
{
  switch (elf->machine)
    {
    case 3: return "386";
    case 62: return elf->is64 ? "amd64" : "amd64p32";
    case 40: return "arm";
    case 183: return "arm64";
    case 243: return elf->is64 ? "riscv64" : "riscv";
    case 21: return elf->be ? "ppc64" : "ppc64le";
    case 20: return "ppc";
    case 22: return "s390x";
    case 43: return "sparc64";
    case 258: return "loong64";
    case 8:
      if (elf->is64)
        return elf->be ? "mips64" : "mips64le";
      return elf->be ? "mips" : "mipsle";
    default: return NULL;
    }
}

static const char *
go_os (const Elf *elf)
{
  if (elf->note_os != NULL)
    return elf->note_os;
  switch (elf->osabi)
    {
    case 2: return "netbsd";
    case 6: return "solaris";
    case 9: return "freebsd";
    case 12: return "openbsd";
    default: break;
    }
  if (elf->gnu_abi_tag)
    {
      switch (elf->abi_tag_os)
        {
        case 1: return "hurd";
        case 2: return "solaris";
        case 3: return "freebsd";
        default: break;
        }
    }
  return "linux";
}

static gboolean
read_header (Elf      *elf,
             GError  **error)
{
  const guint8 *d = elf->data;
  guint64 phoff, shoff;
  guint16 phentsize, shentsize, phnum, shnum16, shstrndx16;
  guint32 shnum, shstrndx;
  gsize ehsize;

  if (elf->size < 16)
    {
      _gantry_inspect_malformed (error, "the ELF identification is truncated (%" G_GSIZE_FORMAT " bytes, 16 needed)", elf->size);
      return FALSE;
    }
  if (d[4] != 1 && d[4] != 2)
    {
      _gantry_inspect_malformed (error, "unknown ELF class %u (1 is 32-bit, 2 is 64-bit)", d[4]);
      return FALSE;
    }
  if (d[5] != 1 && d[5] != 2)
    {
      _gantry_inspect_malformed (error, "unknown ELF data encoding %u (1 is little endian, 2 big endian)", d[5]);
      return FALSE;
    }
  elf->is64 = d[4] == 2;
  elf->be = d[5] == 2;
  elf->osabi = d[7];
  ehsize = elf->is64 ? 64 : 52;
  if (elf->size < ehsize)
    {
      _gantry_inspect_malformed (error, "the ELF header is truncated (%" G_GSIZE_FORMAT " bytes, %" G_GSIZE_FORMAT " needed)",
                                 elf->size, ehsize);
      return FALSE;
    }

  elf->type = _gantry_u16 (d + 16, elf->be);
  elf->machine = _gantry_u16 (d + 18, elf->be);
  if (elf->is64)
    {
      phoff = _gantry_u64 (d + 32, elf->be);
      shoff = _gantry_u64 (d + 40, elf->be);
      elf->flags = _gantry_u32 (d + 48, elf->be);
      phentsize = _gantry_u16 (d + 54, elf->be);
      phnum = _gantry_u16 (d + 56, elf->be);
      shentsize = _gantry_u16 (d + 58, elf->be);
      shnum16 = _gantry_u16 (d + 60, elf->be);
      shstrndx16 = _gantry_u16 (d + 62, elf->be);
    }
  else
    {
      phoff = _gantry_u32 (d + 28, elf->be);
      shoff = _gantry_u32 (d + 32, elf->be);
      elf->flags = _gantry_u32 (d + 36, elf->be);
      phentsize = _gantry_u16 (d + 42, elf->be);
      phnum = _gantry_u16 (d + 44, elf->be);
      shentsize = _gantry_u16 (d + 46, elf->be);
      shnum16 = _gantry_u16 (d + 48, elf->be);
      shstrndx16 = _gantry_u16 (d + 50, elf->be);
    }

  /* Program headers */
  if (phnum > 0 && phoff != 0)
    {
      gsize need = elf->is64 ? 56 : 32;

      if (phentsize < need)
        {
          _gantry_inspect_malformed (error, "program header entries are %u bytes, at least %" G_GSIZE_FORMAT " needed",
                                     phentsize, need);
          return FALSE;
        }
      if (!_gantry_in_file (elf->size, phoff, (guint64) phnum * phentsize))
        {
          _gantry_inspect_malformed (error, "the program header table (offset %" G_GUINT64_FORMAT ", %u entries of %u bytes) "
                                     "ends past the end of the file (%" G_GSIZE_FORMAT " bytes): the file is truncated or damaged",
                                     phoff, phnum, phentsize, elf->size);
          return FALSE;
        }
      elf->n_ph = phnum;
      elf->ph = g_new0 (Phdr, phnum);
      for (guint i = 0; i < phnum; i++)
        {
          const guint8 *p = d + phoff + (guint64) i * phentsize;
          Phdr *ph = &elf->ph[i];

          ph->type = _gantry_u32 (p, elf->be);
          if (elf->is64)
            {
              ph->flags = _gantry_u32 (p + 4, elf->be);
              ph->offset = _gantry_u64 (p + 8, elf->be);
              ph->vaddr = _gantry_u64 (p + 16, elf->be);
              ph->filesz = _gantry_u64 (p + 32, elf->be);
              ph->memsz = _gantry_u64 (p + 40, elf->be);
              ph->align = _gantry_u64 (p + 48, elf->be);
            }
          else
            {
              ph->offset = _gantry_u32 (p + 4, elf->be);
              ph->vaddr = _gantry_u32 (p + 8, elf->be);
              ph->filesz = _gantry_u32 (p + 16, elf->be);
              ph->memsz = _gantry_u32 (p + 20, elf->be);
              ph->flags = _gantry_u32 (p + 24, elf->be);
              ph->align = _gantry_u32 (p + 28, elf->be);
            }
          if ((ph->type == PT_LOAD || ph->type == PT_DYNAMIC || ph->type == PT_INTERP || ph->type == PT_NOTE)
              && !_gantry_in_file (elf->size, ph->offset, ph->filesz))
            {
              static const char * const names[] = { "", "PT_LOAD", "PT_DYNAMIC", "PT_INTERP", "PT_NOTE" };

              _gantry_inspect_malformed (error, "program header %u (%s, offset %" G_GUINT64_FORMAT ", size %" G_GUINT64_FORMAT ") "
                                         "ends past the end of the file (%" G_GSIZE_FORMAT " bytes): the file is truncated or damaged",
                                         i, names[ph->type], ph->offset, ph->filesz, elf->size);
              return FALSE;
            }
        }
    }

  /* Section headers */
  if (shoff == 0 || (shnum16 == 0 && shentsize == 0))
    return TRUE;

  {
    gsize need = elf->is64 ? 64 : 40;
    const guint8 *s0;
    guint64 strtab_off = 0, strtab_size = 0;

    if (shentsize < need)
      {
        _gantry_inspect_malformed (error, "section header entries are %u bytes, at least %" G_GSIZE_FORMAT " needed",
                                   shentsize, need);
        return FALSE;
      }
    if (!_gantry_in_file (elf->size, shoff, shentsize))
      {
        _gantry_inspect_malformed (error, "the section header table starts at offset %" G_GUINT64_FORMAT
                                   ", past the end of the file (%" G_GSIZE_FORMAT " bytes): the file is truncated or damaged",
                                   shoff, elf->size);
        return FALSE;
      }

    /* Extended numbering: the real counts live in section 0. */
    s0 = d + shoff;
    shnum = shnum16;
    if (shnum == 0)
      {
        guint64 n = word (elf, s0 + (elf->is64 ? 32 : 20));

        if (n > MAX_SECTIONS)
          {
            _gantry_inspect_malformed (error, "absurd section count %" G_GUINT64_FORMAT, n);
            return FALSE;
          }
        shnum = (guint32) n;
      }
    shstrndx = shstrndx16;
    if (shstrndx == SHN_XINDEX)
      shstrndx = _gantry_u32 (s0 + (elf->is64 ? 40 : 24), elf->be);

    if (!_gantry_in_file (elf->size, shoff, (guint64) shnum * shentsize))
      {
        _gantry_inspect_malformed (error, "the section header table (offset %" G_GUINT64_FORMAT ", %u entries of %u bytes) "
                                   "ends past the end of the file (%" G_GSIZE_FORMAT " bytes): the file is truncated or damaged",
                                   shoff, shnum, shentsize, elf->size);
        return FALSE;
      }
    if (shstrndx != 0 && shstrndx >= shnum)
      {
        _gantry_inspect_malformed (error, "the section name table index %u is not below the section count %u", shstrndx, shnum);
        return FALSE;
      }

    elf->n_sh = shnum;
    elf->sh = g_new0 (Shdr, MAX (shnum, 1));
    for (guint i = 0; i < shnum; i++)
      {
        const guint8 *p = d + shoff + (guint64) i * shentsize;
        Shdr *sh = &elf->sh[i];

        sh->type = _gantry_u32 (p + 4, elf->be);
        if (elf->is64)
          {
            sh->flags = _gantry_u64 (p + 8, elf->be);
            sh->addr = _gantry_u64 (p + 16, elf->be);
            sh->offset = _gantry_u64 (p + 24, elf->be);
            sh->size = _gantry_u64 (p + 32, elf->be);
            sh->link = _gantry_u32 (p + 40, elf->be);
            sh->info = _gantry_u32 (p + 44, elf->be);
          }
        else
          {
            sh->flags = _gantry_u32 (p + 8, elf->be);
            sh->addr = _gantry_u32 (p + 12, elf->be);
            sh->offset = _gantry_u32 (p + 16, elf->be);
            sh->size = _gantry_u32 (p + 20, elf->be);
            sh->link = _gantry_u32 (p + 24, elf->be);
            sh->info = _gantry_u32 (p + 28, elf->be);
          }
        if (i > 0 && sh->type != SHT_NOBITS && !_gantry_in_file (elf->size, sh->offset, sh->size))
          {
            _gantry_inspect_malformed (error, "section %u (offset %" G_GUINT64_FORMAT ", size %" G_GUINT64_FORMAT ") "
                                       "ends past the end of the file (%" G_GSIZE_FORMAT " bytes): the file is truncated or damaged",
                                       i, sh->offset, sh->size, elf->size);
            return FALSE;
          }
      }

    if (shstrndx != 0)
      {
        if (elf->sh[shstrndx].type == SHT_NOBITS)
          {
            _gantry_inspect_malformed (error, "the section name table (section %u) has no data in the file", shstrndx);
            return FALSE;
          }
        strtab_off = elf->sh[shstrndx].offset;
        strtab_size = elf->sh[shstrndx].size;
        /* Checked here too: a NULL-type section skipped the loop's check. */
        if (!_gantry_in_file (elf->size, strtab_off, strtab_size))
          {
            _gantry_inspect_malformed (error, "the section name table (offset %" G_GUINT64_FORMAT ", size %" G_GUINT64_FORMAT
                                       ") ends past the end of the file", strtab_off, strtab_size);
            return FALSE;
          }
      }

    for (guint i = 0; i < shnum; i++)
      {
        const guint8 *p = d + shoff + (guint64) i * shentsize;
        guint32 name_off = _gantry_u32 (p, elf->be);

        if (strtab_size == 0)
          {
            elf->sh[i].name = "";
            continue;
          }
        elf->sh[i].name = _gantry_string_at (d + strtab_off, strtab_size, name_off);
        if (elf->sh[i].name == NULL)
          {
            _gantry_inspect_malformed (error, "the name of section %u (at %u) is outside the section name table "
                                       "(%" G_GUINT64_FORMAT " bytes) or has no NUL terminator",
                                       i, name_off, strtab_size);
            return FALSE;
          }
      }
  }

  return TRUE;
}

static GantrySectionGroup
classify_section (const Shdr *sh)
{
  const char *n = sh->name;

  if (g_str_has_prefix (n, ".debug") || g_str_has_prefix (n, ".zdebug") || g_str_has_prefix (n, ".stab")
      || g_str_equal (n, ".gdb_index") || g_str_equal (n, ".gnu_debugdata"))
    return GANTRY_SECTION_GROUP_DEBUG;
  if (sh->type == SHT_SYMTAB || g_str_equal (n, ".strtab"))
    return GANTRY_SECTION_GROUP_SYMBOLS;
  if (g_str_equal (n, ".gopclntab") || g_str_equal (n, ".gosymtab") || g_str_equal (n, ".go.buildinfo")
      || g_str_equal (n, ".typelink") || g_str_equal (n, ".itablink") || g_str_equal (n, ".note.go.buildid")
      || g_str_equal (n, ".go.fipsinfo") || g_str_equal (n, ".go.fuzzcntrs"))
    return GANTRY_SECTION_GROUP_GO;
  if (sh->flags & SHF_EXECINSTR)
    return GANTRY_SECTION_GROUP_CODE;
  if ((sh->flags & SHF_ALLOC) && (sh->flags & SHF_WRITE))
    return GANTRY_SECTION_GROUP_DATA;
  if (sh->flags & SHF_ALLOC)
    return GANTRY_SECTION_GROUP_RODATA;
  return GANTRY_SECTION_GROUP_OTHER;
}

static void
read_sizes (GantryBinary *self,
            Elf          *elf)
{
  if (elf->n_sh > 1)
    {
      for (guint i = 1; i < elf->n_sh; i++)
        {
          const Shdr *sh = &elf->sh[i];

          if (sh->type == 0)
            continue;
          _gantry_binary_add_section (self, sh->name, sh->offset, sh->size, classify_section (sh),
                                      sh->type != SHT_NOBITS);
        }
      return;
    }

  /* No section headers (sstrip, some packers): the segments still say
   * what is code and what is data. */
  for (guint i = 0; i < elf->n_ph; i++)
    {
      const Phdr *p = &elf->ph[i];
      g_autofree char *name = NULL;
      GantrySectionGroup group;

      if (p->type != PT_LOAD)
        continue;
      group = (p->flags & PF_X) ? GANTRY_SECTION_GROUP_CODE
            : (p->flags & PF_W) ? GANTRY_SECTION_GROUP_DATA : GANTRY_SECTION_GROUP_RODATA;
      name = g_strdup_printf ("segment %u", i);
      _gantry_binary_add_section (self, name, p->offset, p->filesz, group, TRUE);
      if (p->memsz > p->filesz)
        {
          g_autofree char *bss = g_strdup_printf ("segment %u (zero-fill)", i);

          _gantry_binary_add_section (self, bss, p->offset + p->filesz, p->memsz - p->filesz,
                                      GANTRY_SECTION_GROUP_BSS, FALSE);
        }
    }
}

static gboolean
read_notes_in (GantryBinary  *self,
               Elf           *elf,
               guint64        offset,
               guint64        size,
               guint64        align,
               GError       **error)
{
  const guint8 *d = elf->data + offset;
  guint64 pos = 0;

  align = align == 8 ? 8 : 4;
  while (size - pos >= 12)
    {
      guint64 namesz = _gantry_u32 (d + pos, elf->be);
      guint64 descsz = _gantry_u32 (d + pos + 4, elf->be);
      guint32 type = _gantry_u32 (d + pos + 8, elf->be);
      const guint8 *name = d + pos + 12;
      const guint8 *desc;
      guint64 desc_off, next;

      /* Header and name are padded together to the note alignment, then
       * the description; namesz and descsz are 32-bit so nothing wraps. */
      desc_off = (pos + 12 + namesz + align - 1) & ~(align - 1);
      if (desc_off > size || descsz > size - desc_off)
        {
          _gantry_inspect_malformed (error, "a note at offset %" G_GUINT64_FORMAT " (name %" G_GUINT64_FORMAT
                                     " bytes, description %" G_GUINT64_FORMAT " bytes) runs past the end of its segment",
                                     offset + pos, namesz, descsz);
          return FALSE;
        }
      desc = d + desc_off;

      if (namesz == 4 && memcmp (name, "GNU", 4) == 0)
        {
          if (type == 3 && descsz > 0 && descsz <= 64 && self->build_id == NULL)
            self->build_id = _gantry_hex (desc, descsz);
          else if (type == 1 && descsz >= 16)
            {
              elf->gnu_abi_tag = TRUE;
              elf->abi_tag_os = _gantry_u32 (desc, elf->be);
            }
        }
      else if (namesz == 4 && memcmp (name, "Go\0", 4) == 0 && type == 4 && self->go_build_id == NULL)
        {
          self->is_go = TRUE;
          self->go_build_id = g_utf8_make_valid ((const char *) desc, descsz);
        }

      if (namesz == 8 && memcmp (name, "FreeBSD", 8) == 0 && elf->note_os == NULL)
        elf->note_os = g_strdup ("freebsd");
      else if (namesz == 7 && memcmp (name, "NetBSD", 7) == 0 && elf->note_os == NULL)
        elf->note_os = g_strdup ("netbsd");
      else if (namesz == 8 && memcmp (name, "OpenBSD", 8) == 0 && elf->note_os == NULL)
        elf->note_os = g_strdup ("openbsd");
      else if (namesz == 8 && memcmp (name, "Android", 8) == 0 && elf->note_os == NULL)
        elf->note_os = g_strdup ("android");

      next = (desc_off + descsz + align - 1) & ~(align - 1);
      if (next <= pos || next > size)
        break;
      pos = next;
    }
  return TRUE;
}

static gboolean
read_notes (GantryBinary  *self,
            Elf           *elf,
            GError       **error)
{
  gboolean any = FALSE;

  for (guint i = 0; i < elf->n_ph; i++)
    if (elf->ph[i].type == PT_NOTE)
      {
        any = TRUE;
        if (!read_notes_in (self, elf, elf->ph[i].offset, elf->ph[i].filesz, elf->ph[i].align, error))
          return FALSE;
      }
  if (any)
    return TRUE;

  for (guint i = 1; i < elf->n_sh; i++)
    if (elf->sh[i].type == SHT_NOTE)
      if (!read_notes_in (self, elf, elf->sh[i].offset, elf->sh[i].size, 4, error))
        return FALSE;
  return TRUE;
}

static gboolean
read_interp (GantryBinary  *self,
             Elf           *elf,
             GError       **error)
{
  for (guint i = 0; i < elf->n_ph; i++)
    {
      const Phdr *p = &elf->ph[i];
      const char *s;

      if (p->type != PT_INTERP)
        continue;
      s = _gantry_string_at (elf->data + p->offset, p->filesz, 0);
      if (s == NULL)
        {
          _gantry_inspect_malformed (error, "the interpreter path (PT_INTERP, %" G_GUINT64_FORMAT " bytes) has no NUL terminator",
                                     p->filesz);
          return FALSE;
        }
      self->interpreter = g_utf8_make_valid (s, -1);
      return TRUE;
    }
  return TRUE;
}

typedef struct
{
  guint64  strtab_off;
  guint64  strtab_size;
  gboolean has_strtab;
  guint64  verneed_addr;
  guint64  verneed_num;
  gboolean has_verneed;
  guint64  flags_1;
} Dynamic;

static const char *
dyn_string (Elf           *elf,
            const Dynamic *dyn,
            guint64        offset,
            const char    *what,
            GError       **error)
{
  const char *s;

  if (!dyn->has_strtab)
    {
      _gantry_inspect_malformed (error, "%s refers to a string table but the dynamic section has no usable DT_STRTAB", what);
      return NULL;
    }
  s = _gantry_string_at (elf->data + dyn->strtab_off, dyn->strtab_size, offset);
  if (s == NULL)
    _gantry_inspect_malformed (error, "%s (string at %" G_GUINT64_FORMAT ") is outside the dynamic string table "
                               "(%" G_GUINT64_FORMAT " bytes) or has no NUL terminator",
                               what, offset, dyn->strtab_size);
  return s;
}

static void
add_paths (GPtrArray  *array,
           const char *list)
{
  g_auto(GStrv) parts = g_strsplit (list, ":", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    g_ptr_array_add (array, g_utf8_make_valid (parts[i], -1));
}

static gboolean
read_verneed (GantryBinary  *self,
              Elf           *elf,
              guint64        offset,
              guint64        limit,
              guint64        count,
              const guint8  *strtab,
              guint64        strtab_size,
              GError       **error)
{
  guint64 pos = offset;

  if (count > MAX_VERNEED || count > elf->size / 16)
    {
      _gantry_inspect_malformed (error, "absurd version-needed count %" G_GUINT64_FORMAT, count);
      return FALSE;
    }

  for (guint64 i = 0; i < count; i++)
    {
      guint16 cnt;
      guint32 file, aux, next;
      const char *library;
      guint64 apos;

      if (pos < offset || !_gantry_in_file (limit, pos, 16))
        {
          _gantry_inspect_malformed (error, "version-needed entry %" G_GUINT64_FORMAT " (offset %" G_GUINT64_FORMAT
                                     ") lies outside its section", i, pos);
          return FALSE;
        }
      cnt = _gantry_u16 (elf->data + pos + 2, elf->be);
      file = _gantry_u32 (elf->data + pos + 4, elf->be);
      aux = _gantry_u32 (elf->data + pos + 8, elf->be);
      next = _gantry_u32 (elf->data + pos + 12, elf->be);

      library = _gantry_string_at (strtab, strtab_size, file);
      if (library == NULL)
        {
          _gantry_inspect_malformed (error, "the library name of version-needed entry %" G_GUINT64_FORMAT
                                     " is outside the string table or has no NUL terminator", i);
          return FALSE;
        }

      apos = pos + aux;
      for (guint j = 0; j < cnt; j++)
        {
          guint32 name, anext;
          const char *version;

          if (!_gantry_in_file (limit, apos, 16))
            {
              _gantry_inspect_malformed (error, "version %u needed from %s (offset %" G_GUINT64_FORMAT
                                         ") lies outside its section", j, library, apos);
              return FALSE;
            }
          name = _gantry_u32 (elf->data + apos + 8, elf->be);
          anext = _gantry_u32 (elf->data + apos + 12, elf->be);
          version = _gantry_string_at (strtab, strtab_size, name);
          if (version == NULL)
            {
              _gantry_inspect_malformed (error, "the name of version %u needed from %s is outside the string table "
                                         "or has no NUL terminator", j, library);
              return FALSE;
            }
          _gantry_binary_add_version_need (self, library, version);
          if (anext == 0)
            break;
          apos += anext;
        }

      if (next == 0)
        break;
      pos += next;
    }
  return TRUE;
}

static gboolean
read_dynamic (GantryBinary  *self,
              Elf           *elf,
              Dynamic       *dyn,
              GError       **error)
{
  const Phdr *dp = NULL;
  gsize entsize = elf->is64 ? 16 : 8;
  guint64 n;
  guint64 strtab_addr = 0, strsz = 0;
  gboolean has_strtab_addr = FALSE;

  for (guint i = 0; i < elf->n_ph; i++)
    if (elf->ph[i].type == PT_DYNAMIC)
      dp = &elf->ph[i];
  if (dp == NULL)
    return TRUE;

  n = dp->filesz / entsize;

  /* First pass: where the strings are. */
  for (guint64 i = 0; i < n; i++)
    {
      const guint8 *e = elf->data + dp->offset + i * entsize;
      guint64 tag = word (elf, e);
      guint64 val = word (elf, e + entsize / 2);

      if (tag == DT_NULL)
        break;
      switch (tag)
        {
        case DT_STRTAB: strtab_addr = val; has_strtab_addr = TRUE; break;
        case DT_STRSZ: strsz = val; break;
        case DT_VERNEED: dyn->verneed_addr = val; dyn->has_verneed = TRUE; break;
        case DT_VERNEEDNUM: dyn->verneed_num = val; break;
        case DT_FLAGS_1: dyn->flags_1 = val; break;
        default: break;
        }
    }

  if (has_strtab_addr)
    {
      guint64 off;

      if (!elf_vaddr_map (elf, strtab_addr, strsz, &off))
        {
          _gantry_inspect_malformed (error, "the dynamic string table (address 0x%" G_GINT64_MODIFIER "x, %" G_GUINT64_FORMAT
                                     " bytes) is not inside any loaded segment of the file",
                                     strtab_addr, strsz);
          return FALSE;
        }
      dyn->strtab_off = off;
      dyn->strtab_size = strsz;
      dyn->has_strtab = TRUE;
    }

  for (guint64 i = 0; i < n; i++)
    {
      const guint8 *e = elf->data + dp->offset + i * entsize;
      guint64 tag = word (elf, e);
      guint64 val = word (elf, e + entsize / 2);
      const char *s;

      if (tag == DT_NULL)
        break;
      switch (tag)
        {
        case DT_NEEDED:
          if ((s = dyn_string (elf, dyn, val, "a needed library (DT_NEEDED)", error)) == NULL)
            return FALSE;
          g_ptr_array_add (self->needed, g_utf8_make_valid (s, -1));
          break;
        case DT_SONAME:
          if ((s = dyn_string (elf, dyn, val, "the library name (DT_SONAME)", error)) == NULL)
            return FALSE;
          g_free (self->soname);
          self->soname = g_utf8_make_valid (s, -1);
          break;
        case DT_RPATH:
          if ((s = dyn_string (elf, dyn, val, "the library path (DT_RPATH)", error)) == NULL)
            return FALSE;
          add_paths (self->rpath, s);
          break;
        case DT_RUNPATH:
          if ((s = dyn_string (elf, dyn, val, "the library path (DT_RUNPATH)", error)) == NULL)
            return FALSE;
          add_paths (self->runpath, s);
          break;
        default:
          break;
        }
    }

  if (dyn->has_verneed && dyn->verneed_num > 0)
    {
      guint64 off;

      if (!dyn->has_strtab)
        {
          _gantry_inspect_malformed (error, "the file needs symbol versions but has no dynamic string table");
          return FALSE;
        }
      if (!elf_vaddr_map (elf, dyn->verneed_addr, 16, &off))
        {
          _gantry_inspect_malformed (error, "the version-needed table (address 0x%" G_GINT64_MODIFIER "x) is not inside "
                                     "any loaded segment of the file", dyn->verneed_addr);
          return FALSE;
        }
      if (!read_verneed (self, elf, off, elf->size, dyn->verneed_num,
                         elf->data + dyn->strtab_off, dyn->strtab_size, error))
        return FALSE;
    }

  return TRUE;
}

/* Object files and other files without a dynamic segment may still
 * carry .gnu.version_r; read it from the section table then. */
static gboolean
read_verneed_sections (GantryBinary  *self,
                       Elf           *elf,
                       GError       **error)
{
  for (guint i = 1; i < elf->n_sh; i++)
    {
      const Shdr *sh = &elf->sh[i];
      const Shdr *str;

      if (sh->type != SHT_GNU_verneed)
        continue;
      if (sh->link == 0 || sh->link >= elf->n_sh || elf->sh[sh->link].type == SHT_NOBITS)
        {
          _gantry_inspect_malformed (error, "section %s links to string table %u, which does not exist", sh->name, sh->link);
          return FALSE;
        }
      str = &elf->sh[sh->link];
      if (!read_verneed (self, elf, sh->offset, sh->offset + sh->size, sh->info,
                         elf->data + str->offset, str->size, error))
        return FALSE;
    }
  return TRUE;
}

static const Shdr *
find_section (Elf        *elf,
              const char *name)
{
  for (guint i = 1; i < elf->n_sh; i++)
    if (g_str_equal (elf->sh[i].name, name))
      return &elf->sh[i];
  return NULL;
}

static void
detect_libc (GantryBinary *self,
             Elf          *elf)
{
  if (self->interpreter != NULL)
    {
      if (strstr (self->interpreter, "ld-musl") != NULL)
        {
          self->libc = g_strdup ("musl");
          return;
        }
      if (strstr (self->interpreter, "/system/bin/linker") != NULL)
        {
          self->libc = g_strdup ("bionic");
          return;
        }
    }
  for (guint i = 0; i < self->needed->len; i++)
    {
      const char *lib = g_ptr_array_index (self->needed, i);

      if (g_str_has_prefix (lib, "libc.musl-") || g_str_has_prefix (lib, "ld-musl-"))
        {
          self->libc = g_strdup ("musl");
          return;
        }
      if (g_str_equal (lib, "libc.so.6") || g_str_has_prefix (lib, "ld-linux"))
        {
          self->libc = g_strdup ("glibc");
          return;
        }
    }
  if (self->glibc_floor != NULL || (elf->gnu_abi_tag && elf->abi_tag_os == 0))
    {
      self->libc = g_strdup ("glibc");
      return;
    }
  if (self->interpreter != NULL && strstr (self->interpreter, "ld-linux") != NULL)
    {
      self->libc = g_strdup ("glibc");
      return;
    }

  /* A static Linux program with a C runtime (crti.o's .init) but without
   * glibc's ABI note: glibc always leaves that note (crt1.o carries it),
   * musl never does. Reading the symbol table would say the same at a
   * far higher cost. Go's own linker writes no .init: a Go program
   * without it links no C library at all, whatever CGO_ENABLED says. */
  if (self->needed->len == 0 && self->interpreter == NULL && elf->type != ET_REL
      && g_strcmp0 (go_os (elf), "linux") == 0)
    {
      if (find_section (elf, ".init") != NULL)
        self->libc = g_strdup ("musl");
      else if (self->is_go && elf->n_sh > 0)
        self->libc = g_strdup ("none");
    }
}

static gboolean
find_go (GantryBinary  *self,
         Elf           *elf,
         GError       **error)
{
  const Shdr *bi = find_section (elf, ".go.buildinfo");
  gboolean found = FALSE;

  if (find_section (elf, ".gopclntab") != NULL || find_section (elf, ".gosymtab") != NULL)
    self->is_go = TRUE;

  if (bi != NULL && bi->type != SHT_NOBITS)
    {
      self->is_go = TRUE;
      return _gantry_inspect_go_buildinfo (self, elf->data, elf->size, bi->offset, bi->size,
                                           elf_vaddr_map, elf, &found, error);
    }

  /* No section table: look where Go puts it, at the start of the first
   * writable segment. Only for files that look like Go already. */
  if (self->is_go || elf->n_sh == 0)
    for (guint i = 0; i < elf->n_ph && !found; i++)
      {
        const Phdr *p = &elf->ph[i];

        if (p->type != PT_LOAD || !(p->flags & PF_W))
          continue;
        if (!_gantry_inspect_go_buildinfo (self, elf->data, elf->size, p->offset, MIN (p->filesz, 64 * 1024),
                                           elf_vaddr_map, elf, &found, error))
          return FALSE;
        break;
      }
  return TRUE;
}

gboolean
_gantry_inspect_elf (GantryBinary  *self,
                     const guint8  *data,
                     gsize          size,
                     GError       **error)
{
  g_auto(Elf) elf = { 0 };
  Dynamic dyn = { 0 };
  const char *mname;
  const char *arch;
  gboolean has_interp_or_pie;

  elf.data = data;
  elf.size = size;
  if (!read_header (&elf, error))
    return FALSE;

  self->format = GANTRY_BINARY_FORMAT_ELF;
  self->bits = elf.is64 ? 64 : 32;
  self->big_endian = elf.be;
  self->format_detail = g_strdup_printf ("ELF%u %s-endian", self->bits, elf.be ? "big" : "little");
  mname = machine_name (elf.machine);
  self->machine = mname ? g_strdup (mname) : g_strdup_printf ("ELF machine %u", elf.machine);

  if (!read_interp (self, &elf, error)
      || !read_notes (self, &elf, error)
      || !read_dynamic (self, &elf, &dyn, error))
    return FALSE;
  if (self->version_needs->len == 0 && !read_verneed_sections (self, &elf, error))
    return FALSE;

  arch = go_arch (&elf);
  self->arch = arch ? g_strdup (arch) : g_strdup_printf ("unknown-%u", elf.machine);
  self->os = g_strdup (go_os (&elf));
  if (elf.machine == 40)
    {
      /* EF_ARM_ABI_FLOAT_HARD / _SOFT, only set by EABI5 toolchains. */
      if (elf.flags & 0x400)
        self->float_abi = g_strdup ("hard");
      else if (elf.flags & 0x200)
        self->float_abi = g_strdup ("soft");
    }

  has_interp_or_pie = self->interpreter != NULL || (dyn.flags_1 & DF_1_PIE);
  switch (elf.type)
    {
    case ET_REL:
      self->file_type = g_strdup ("object");
      self->linkage = GANTRY_LINKAGE_NONE;
      break;
    case ET_CORE:
      self->file_type = g_strdup ("core");
      self->linkage = GANTRY_LINKAGE_NONE;
      break;
    case ET_EXEC:
      self->file_type = g_strdup ("executable");
      self->linkage = self->interpreter != NULL || self->needed->len > 0 ? GANTRY_LINKAGE_DYNAMIC : GANTRY_LINKAGE_STATIC;
      break;
    case ET_DYN:
      if (has_interp_or_pie)
        {
          self->file_type = g_strdup ("pie-executable");
          self->linkage = self->interpreter != NULL ? GANTRY_LINKAGE_DYNAMIC : GANTRY_LINKAGE_STATIC_PIE;
        }
      else
        {
          self->file_type = g_strdup ("shared-library");
          self->linkage = GANTRY_LINKAGE_DYNAMIC;
        }
      break;
    default:
      self->file_type = g_strdup_printf ("ELF type %u", elf.type);
      self->linkage = GANTRY_LINKAGE_NONE;
      break;
    }

  self->stripped = TRUE;
  for (guint i = 1; i < elf.n_sh; i++)
    {
      const char *n = elf.sh[i].name;

      if (elf.sh[i].type == SHT_SYMTAB)
        self->stripped = FALSE;
      if (g_str_equal (n, ".debug_info") || g_str_equal (n, ".zdebug_info"))
        self->has_dwarf = TRUE;
    }

  read_sizes (self, &elf);
  if (!find_go (self, &elf, error))
    return FALSE;
  detect_libc (self, &elf);
  if (self->is_go)
    _gantry_inspect_go_finish (self);
  return TRUE;
}

/* inspect-synth.c — small ELF, PE and Mach-O files made byte by byte for the inspector tests */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-test"

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "inspect-synth.h"

typedef struct
{
  GByteArray *a;
  gboolean    be;
  guint       bits;
} Buf;

static void
put (Buf     *b,
     guint64  v,
     guint    size)
{
  guint8 bytes[8];

  for (guint i = 0; i < size; i++)
    bytes[b->be ? size - 1 - i : i] = (guint8) (v >> (8 * i));
  g_byte_array_append (b->a, bytes, size);
}

static void
set (Buf     *b,
     gsize    off,
     guint64  v,
     guint    size)
{
  g_assert (off + size <= b->a->len);
  for (guint i = 0; i < size; i++)
    b->a->data[off + (b->be ? size - 1 - i : i)] = (guint8) (v >> (8 * i));
}

static void
put_word (Buf     *b,
          guint64  v)
{
  put (b, v, b->bits / 8);
}

static void
put_bytes (Buf        *b,
           const void *data,
           gsize       len)
{
  g_byte_array_append (b->a, data, len);
}

static void
align (Buf   *b,
       guint  to)
{
  static const guint8 zero[16] = { 0 };

  while (b->a->len % to != 0)
    g_byte_array_append (b->a, zero, 1);
  (void) zero;
}

static void
zeros (Buf  *b,
       gsize n)
{
  gsize at = b->a->len;

  g_byte_array_set_size (b->a, at + n);
  memset (b->a->data + at, 0, n);
}

static const guint8 info_start[16] = {
  0x30, 0x77, 0xaf, 0x0c, 0x92, 0x74, 0x08, 0x02, 0x41, 0xe1, 0xc1, 0x07, 0xe6, 0xd6, 0x18, 0xe6,
};
static const guint8 info_end[16] = {
  0xf9, 0x32, 0x43, 0x31, 0x86, 0x18, 0x20, 0x72, 0x00, 0x82, 0x42, 0x10, 0x41, 0x16, 0xd8, 0xf2,
};

static GByteArray *
modinfo (const char *goos,
         const char *goarch)
{
  GByteArray *m = g_byte_array_new ();
  g_autofree char *text = g_strdup_printf ("path\t" SYNTH_GO_PATH "\n"
                                           "mod\t" SYNTH_GO_PATH "\t(devel)\t\n"
                                           "dep\tgolang.org/x/sys\tv0.1.0\th1:abc=\n"
                                           "dep\texample.com/old\tv1.0.0\n"
                                           "=>\texample.com/new\tv1.1.0\th1:def=\n"
                                           "build\t-ldflags=\"-s -w -X \\\"main.v=1 2\\\"\"\n"
                                           "build\t\"weird key\"=value\n"
                                           "build\tCGO_ENABLED=0\n"
                                           "build\tGOARCH=%s\n"
                                           "build\tGOOS=%s\n",
                                           goarch, goos);

  g_byte_array_append (m, info_start, 16);
  g_byte_array_append (m, (guint8 *) text, strlen (text));
  g_byte_array_append (m, info_end, 16);
  return m;
}

static void
put_uvarint (Buf     *b,
             guint64  v)
{
  while (v >= 0x80)
    {
      guint8 c = (guint8) (v | 0x80);

      put_bytes (b, &c, 1);
      v >>= 7;
    }
  {
    guint8 c = (guint8) v;

    put_bytes (b, &c, 1);
  }
}

/* Appends Go build info at the current (16-aligned) position; @vaddr_of
 * turns a file offset into the address the pointers must hold. */
static void
put_buildinfo (Buf        *b,
               SynthGo     go,
               guint64     base,
               const char *goos,
               const char *goarch)
{
  g_autoptr(GByteArray) mod = modinfo (goos, goarch);
  guint ptr = b->bits / 8;
  gsize hdr;

  align (b, 16);
  hdr = b->a->len;
  put_bytes (b, "\xff Go buildinf:", 14);
  put (b, ptr, 1);
  if (go == SYNTH_GO_INLINE)
    {
      put (b, 2, 1);
      zeros (b, 16);
      put_uvarint (b, strlen (SYNTH_GO_VERSION));
      put_bytes (b, SYNTH_GO_VERSION, strlen (SYNTH_GO_VERSION));
      put_uvarint (b, mod->len);
      put_bytes (b, mod->data, mod->len);
      return;
    }

  /* Pointer format: two pointers to {data, len} string headers. */
  {
    gsize vers_hdr, mod_hdr, vers_data, mod_data;

    put (b, b->be ? 1 : 0, 1);
    zeros (b, 16);
    vers_hdr = b->a->len;
    zeros (b, 2 * ptr);
    mod_hdr = b->a->len;
    zeros (b, 2 * ptr);
    vers_data = b->a->len;
    put_bytes (b, SYNTH_GO_VERSION, strlen (SYNTH_GO_VERSION));
    mod_data = b->a->len;
    put_bytes (b, mod->data, mod->len);

    set (b, hdr + 16, base + vers_hdr, ptr);
    set (b, hdr + 16 + ptr, base + mod_hdr, ptr);
    set (b, vers_hdr, base + vers_data, ptr);
    set (b, vers_hdr + ptr, strlen (SYNTH_GO_VERSION), ptr);
    set (b, mod_hdr, base + mod_data, ptr);
    set (b, mod_hdr + ptr, mod->len, ptr);
  }
}

/* ELF */

#define ELF_BASE 0x10000

typedef struct
{
  guint32 name;
  guint32 type;
  guint64 flags;
  guint64 offset;
  guint64 size;
  guint32 link;
  guint32 info;
  guint64 entsize;
} SynthShdr;

GBytes *
synth_elf (const SynthElf *opts)
{
  Buf b = { g_byte_array_new (), opts->big_endian, opts->bits };
  gboolean is64 = opts->bits == 64;
  guint ehsize = is64 ? 64 : 52, phentsize = is64 ? 56 : 32, shentsize = is64 ? 64 : 40;
  guint n_ph = opts->interp ? 4 : 2;
  static const char dynstr[] = "\0libc.so.6\0libm.so.6\0GLIBC_2.17\0GLIBC_2.34\0GLIBC_PRIVATE\0/opt/a:/opt/b\0libsynth.so.1";
  enum { S_LIBC = 1, S_LIBM = 11, S_G217 = 21, S_G234 = 32, S_GPRIV = 43, S_RUNPATH = 57, S_SONAME = 71 };
  GString *shstr = g_string_new_len ("", 1);
  SynthShdr sh[16] = { { 0 } };
  guint n_sh = 1, dynstr_idx = 0, strtab_idx = 0;
  gsize interp_off = 0, note_off, note_size, dynstr_off = 0, verneed_off = 0, dyn_off = 0, dyn_size = 0;
  gsize text_off, bi_off = 0, bi_size = 0, shoff;

#define ADD_SECTION(nm, ty, fl, off, sz, lk, inf, ent) G_STMT_START { \
    sh[n_sh].name = shstr->len; g_string_append_len (shstr, nm, strlen (nm) + 1); \
    sh[n_sh].type = ty; sh[n_sh].flags = fl; sh[n_sh].offset = off; sh[n_sh].size = sz; \
    sh[n_sh].link = lk; sh[n_sh].info = inf; sh[n_sh].entsize = ent; n_sh++; } G_STMT_END

  zeros (&b, ehsize + (gsize) n_ph * phentsize);

  if (opts->interp)
    {
      interp_off = b.a->len;
      put_bytes (&b, SYNTH_INTERP, sizeof SYNTH_INTERP);
      ADD_SECTION (".interp", 1, 2, interp_off, sizeof SYNTH_INTERP, 0, 0, 0);
    }

  align (&b, 4);
  note_off = b.a->len;
  {
    static const guint8 id[20] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 };

    put (&b, 4, 4); put (&b, 20, 4); put (&b, 3, 4); put_bytes (&b, "GNU", 4); put_bytes (&b, id, 20);
    put (&b, 4, 4); put (&b, 16, 4); put (&b, 1, 4); put_bytes (&b, "GNU", 4);
    put (&b, 0, 4); put (&b, 3, 4); put (&b, 2, 4); put (&b, 0, 4);
    if (opts->go != SYNTH_GO_NONE)
      {
        put (&b, 4, 4); put (&b, sizeof SYNTH_GO_BUILD_ID - 1, 4); put (&b, 4, 4); put_bytes (&b, "Go\0", 4);
        put_bytes (&b, SYNTH_GO_BUILD_ID, sizeof SYNTH_GO_BUILD_ID - 1);
        align (&b, 4);
      }
  }
  note_size = b.a->len - note_off;
  ADD_SECTION (".note", 7, 2, note_off, note_size, 0, 0, 0);

  if (opts->interp)
    {
      dynstr_off = b.a->len;
      put_bytes (&b, dynstr, sizeof dynstr);
      dynstr_idx = n_sh;
      ADD_SECTION (".dynstr", 3, 2, dynstr_off, sizeof dynstr, 0, 0, 0);

      align (&b, 4);
      verneed_off = b.a->len;
      /* Verneed: version, cnt, file, aux, next */
      put (&b, 1, 2); put (&b, 3, 2); put (&b, S_LIBC, 4); put (&b, 16, 4); put (&b, 0, 4);
      /* Vernaux: hash, flags, other, name, next */
      put (&b, 0, 4); put (&b, 0, 2); put (&b, 2, 2); put (&b, S_G217, 4); put (&b, 16, 4);
      put (&b, 0, 4); put (&b, 0, 2); put (&b, 3, 2); put (&b, S_G234, 4); put (&b, 16, 4);
      put (&b, 0, 4); put (&b, 0, 2); put (&b, 4, 2); put (&b, S_GPRIV, 4); put (&b, 0, 4);
      ADD_SECTION (".gnu.version_r", 0x6ffffffe, 2, verneed_off, 64, dynstr_idx, 1, 0);

      align (&b, 8);
      dyn_off = b.a->len;
      put_word (&b, 1); put_word (&b, S_LIBC);
      put_word (&b, 1); put_word (&b, S_LIBM);
      put_word (&b, 29); put_word (&b, S_RUNPATH);
      put_word (&b, 14); put_word (&b, S_SONAME);
      put_word (&b, 5); put_word (&b, ELF_BASE + dynstr_off);
      put_word (&b, 10); put_word (&b, sizeof dynstr);
      put_word (&b, 0x6ffffffe); put_word (&b, ELF_BASE + verneed_off);
      put_word (&b, 0x6fffffff); put_word (&b, 1);
      put_word (&b, 0); put_word (&b, 0);
      dyn_size = b.a->len - dyn_off;
      ADD_SECTION (".dynamic", 6, 3, dyn_off, dyn_size, dynstr_idx, 0, is64 ? 16 : 8);
    }

  align (&b, 16);
  text_off = b.a->len;
  {
    guint8 code[64];

    memset (code, 0xc3, sizeof code);
    put_bytes (&b, code, sizeof code);
  }
  ADD_SECTION (".text", 1, 6, text_off, 64, 0, 0, 0);

  if (opts->go != SYNTH_GO_NONE)
    {
      align (&b, 16);
      bi_off = b.a->len;
      put_buildinfo (&b, opts->go, ELF_BASE, "linux", "amd64");
      bi_size = b.a->len - bi_off;
      ADD_SECTION (".go.buildinfo", 1, 3, bi_off, bi_size, 0, 0, 0);
    }

  if (opts->symtab)
    {
      static const char strtab[] = "\0main\0__init_libc";
      gsize sym_off, str_off;
      guint symtab_idx = n_sh;

      align (&b, 8);
      sym_off = b.a->len;
      for (guint i = 0; i < 3; i++)
        {
          guint32 name = i == 0 ? 0 : i == 1 ? 1 : 6;

          if (is64)
            {
              put (&b, name, 4); put (&b, i ? 0x12 : 0, 1); put (&b, 0, 1); put (&b, i ? 1 : 0, 2);
              put (&b, i ? ELF_BASE + text_off : 0, 8); put (&b, 0, 8);
            }
          else
            {
              put (&b, name, 4); put (&b, i ? ELF_BASE + text_off : 0, 4); put (&b, 0, 4);
              put (&b, i ? 0x12 : 0, 1); put (&b, 0, 1); put (&b, i ? 1 : 0, 2);
            }
        }
      str_off = b.a->len;
      put_bytes (&b, strtab, sizeof strtab);
      strtab_idx = symtab_idx + 1;
      ADD_SECTION (".symtab", 2, 0, sym_off, str_off - sym_off, strtab_idx, 1, is64 ? 24 : 16);
      ADD_SECTION (".strtab", 3, 0, str_off, sizeof strtab, 0, 0, 0);
    }

  {
    gsize shstr_off = b.a->len;
    guint idx = n_sh;

    ADD_SECTION (".shstrtab", 3, 0, shstr_off, 0, 0, 0, 0);
    put_bytes (&b, shstr->str, shstr->len);
    sh[idx].size = shstr->len;
  }
#undef ADD_SECTION

  align (&b, 8);
  shoff = b.a->len;
  for (guint i = 0; i < n_sh; i++)
    {
      guint64 addr = (sh[i].flags & 2) ? ELF_BASE + sh[i].offset : 0;

      put (&b, sh[i].name, 4);
      put (&b, sh[i].type, 4);
      put_word (&b, sh[i].flags);
      put_word (&b, addr);
      put_word (&b, sh[i].offset);
      put_word (&b, sh[i].size);
      put (&b, sh[i].link, 4);
      put (&b, sh[i].info, 4);
      put_word (&b, 1);
      put_word (&b, sh[i].entsize);
    }

  /* ELF header */
  memcpy (b.a->data, "\x7f" "ELF", 4);
  b.a->data[4] = is64 ? 2 : 1;
  b.a->data[5] = opts->big_endian ? 2 : 1;
  b.a->data[6] = 1;
  set (&b, 16, 2, 2);
  set (&b, 18, opts->machine, 2);
  set (&b, 20, 1, 4);
  if (is64)
    {
      set (&b, 24, ELF_BASE + text_off, 8);
      set (&b, 32, ehsize, 8);
      set (&b, 40, shoff, 8);
      set (&b, 52, ehsize, 2);
      set (&b, 54, phentsize, 2);
      set (&b, 56, n_ph, 2);
      set (&b, 58, shentsize, 2);
      set (&b, 60, n_sh, 2);
      set (&b, 62, n_sh - 1, 2);
    }
  else
    {
      set (&b, 24, ELF_BASE + text_off, 4);
      set (&b, 28, ehsize, 4);
      set (&b, 32, shoff, 4);
      set (&b, 40, ehsize, 2);
      set (&b, 42, phentsize, 2);
      set (&b, 44, n_ph, 2);
      set (&b, 46, shentsize, 2);
      set (&b, 48, n_sh, 2);
      set (&b, 50, n_sh - 1, 2);
    }

  /* Program headers: LOAD everything, [INTERP, DYNAMIC,] NOTE. */
  {
    struct { guint32 type, flags; guint64 off, size, align; } ph[4];
    guint n = 0;

    ph[n++] = (typeof (ph[0])) { 1, 7, 0, b.a->len, 0x1000 };
    if (opts->interp)
      {
        ph[n++] = (typeof (ph[0])) { 3, 4, interp_off, sizeof SYNTH_INTERP, 1 };
        ph[n++] = (typeof (ph[0])) { 2, 6, dyn_off, dyn_size, 8 };
      }
    ph[n++] = (typeof (ph[0])) { 4, 4, note_off, note_size, 4 };
    g_assert (n == n_ph);
    for (guint i = 0; i < n; i++)
      {
        gsize p = ehsize + (gsize) i * phentsize;

        if (is64)
          {
            set (&b, p, ph[i].type, 4);
            set (&b, p + 4, ph[i].flags, 4);
            set (&b, p + 8, ph[i].off, 8);
            set (&b, p + 16, ELF_BASE + ph[i].off, 8);
            set (&b, p + 24, ELF_BASE + ph[i].off, 8);
            set (&b, p + 32, ph[i].size, 8);
            set (&b, p + 40, ph[i].size, 8);
            set (&b, p + 48, ph[i].align, 8);
          }
        else
          {
            set (&b, p, ph[i].type, 4);
            set (&b, p + 4, ph[i].off, 4);
            set (&b, p + 8, ELF_BASE + ph[i].off, 4);
            set (&b, p + 12, ELF_BASE + ph[i].off, 4);
            set (&b, p + 16, ph[i].size, 4);
            set (&b, p + 20, ph[i].size, 4);
            set (&b, p + 24, ph[i].flags, 4);
            set (&b, p + 28, ph[i].align, 4);
          }
      }
  }

  (void) bi_size;
  g_string_free (shstr, TRUE);
  return g_byte_array_free_to_bytes (b.a);
}

/* PE */

#define PE_BASE 0x140000000ull

GBytes *
synth_pe (gboolean pe32plus,
          gboolean winpthread,
          SynthGo  go)
{
  Buf b = { g_byte_array_new (), FALSE, pe32plus ? 64 : 32 };
  guint opt_size = pe32plus ? 240 : 224;
  guint64 image_base = pe32plus ? PE_BASE : 0x400000;
  const char *dlls[] = { "KERNEL32.dll", "msvcrt.dll", winpthread ? "libwinpthread-1.dll" : NULL };
  guint n_dlls = winpthread ? 3 : 2;
  gsize sect_table, rdata_raw, data_raw, text_raw;
  guint32 rdata_rva = 0x2000, data_rva = 0x3000, text_rva = 0x1000;
  gsize names[4], delay_name, idesc, ddesc, cv;
  gsize rdata_size, data_size;
  gsize opt;

  zeros (&b, 0x80);
  b.a->data[0] = 'M';
  b.a->data[1] = 'Z';
  set (&b, 0x3c, 0x80, 4);
  put_bytes (&b, "PE\0\0", 4);
  /* COFF header: machine, sections, time, symptr, nsyms, optsize, characteristics */
  put (&b, pe32plus ? 0x8664 : 0x14c, 2);
  put (&b, 3, 2);
  put (&b, 0, 4);
  put (&b, 0, 4);
  put (&b, 0, 4);
  put (&b, opt_size, 2);
  put (&b, 0x0022, 2);
  opt = b.a->len;
  zeros (&b, opt_size);
  set (&b, opt, pe32plus ? 0x20b : 0x10b, 2);
  if (pe32plus)
    set (&b, opt + 24, image_base, 8);
  else
    set (&b, opt + 28, image_base, 4);
  set (&b, opt + 32, 0x1000, 4);        /* SectionAlignment */
  set (&b, opt + 36, 0x200, 4);         /* FileAlignment */
  set (&b, opt + 60, 0x400, 4);         /* SizeOfHeaders */
  set (&b, opt + 68, 3, 2);             /* console */
  set (&b, opt + (pe32plus ? 108 : 92), 16, 4);

  sect_table = b.a->len;
  zeros (&b, 3 * 40);
  align (&b, 0x200);
  zeros (&b, 0x400 - b.a->len);

  /* .text */
  text_raw = b.a->len;
  {
    guint8 code[0x200];

    memset (code, 0xcc, sizeof code);
    memcpy (code, "\xff Go build ID: \"" SYNTH_GO_BUILD_ID "\"\n \xff", sizeof "\xff Go build ID: \"" SYNTH_GO_BUILD_ID "\"\n \xff" - 1);
    if (go == SYNTH_GO_NONE)
      memset (code, 0xcc, 64);
    put_bytes (&b, code, sizeof code);
  }

  /* .rdata: import descriptors, names, delay descriptor, CodeView */
  rdata_raw = b.a->len;
  idesc = b.a->len;
  zeros (&b, (n_dlls + 1) * 20);
  ddesc = b.a->len;
  zeros (&b, 2 * 32);
  for (guint i = 0; i < n_dlls; i++)
    {
      names[i] = b.a->len;
      put_bytes (&b, dlls[i], strlen (dlls[i]) + 1);
    }
  delay_name = b.a->len;
  put_bytes (&b, "user32.dll", 11);
  align (&b, 4);
  cv = b.a->len;
  put_bytes (&b, "RSDS", 4);
  {
    static const guint8 guid[16] = { 0x78, 0x56, 0x34, 0x12, 0x34, 0x12, 0x78, 0x56, 1, 2, 3, 4, 5, 6, 7, 8 };

    put_bytes (&b, guid, 16);
    put (&b, 1, 4);
    put_bytes (&b, "synth.pdb", 10);
  }
  {
    gsize dbg = b.a->len;

    zeros (&b, 28);
    set (&b, dbg + 12, 2, 4);
    set (&b, dbg + 16, 24 + 10, 4);
    set (&b, dbg + 20, rdata_rva + (cv - rdata_raw), 4);
    set (&b, dbg + 24, cv, 4);
    set (&b, opt + (pe32plus ? 112 : 96) + 6 * 8, rdata_rva + (dbg - rdata_raw), 4);
    set (&b, opt + (pe32plus ? 112 : 96) + 6 * 8 + 4, 28, 4);
  }
  for (guint i = 0; i < n_dlls; i++)
    set (&b, idesc + (gsize) i * 20 + 12, rdata_rva + (names[i] - rdata_raw), 4);
  set (&b, ddesc, 1, 4);
  set (&b, ddesc + 4, rdata_rva + (delay_name - rdata_raw), 4);
  set (&b, opt + (pe32plus ? 112 : 96) + 1 * 8, rdata_rva + (idesc - rdata_raw), 4);
  set (&b, opt + (pe32plus ? 112 : 96) + 1 * 8 + 4, (n_dlls + 1) * 20, 4);
  set (&b, opt + (pe32plus ? 112 : 96) + 13 * 8, rdata_rva + (ddesc - rdata_raw), 4);
  set (&b, opt + (pe32plus ? 112 : 96) + 13 * 8 + 4, 64, 4);
  align (&b, 0x200);
  rdata_size = b.a->len - rdata_raw;

  /* .data */
  data_raw = b.a->len;
  if (go != SYNTH_GO_NONE)
    put_buildinfo (&b, go, image_base + data_rva - data_raw, "windows", pe32plus ? "amd64" : "386");
  else
    zeros (&b, 64);
  align (&b, 0x200);
  data_size = b.a->len - data_raw;

  {
    struct { const char *name; guint32 rva; gsize raw, size; guint32 flags; } s[3] = {
      { ".text", text_rva, text_raw, 0x200, 0x60000020 },
      { ".rdata", rdata_rva, rdata_raw, rdata_size, 0x40000040 },
      { ".data", data_rva, data_raw, data_size, 0xc0000040 },
    };

    for (guint i = 0; i < 3; i++)
      {
        gsize e = sect_table + (gsize) i * 40;

        memcpy (b.a->data + e, s[i].name, strlen (s[i].name));
        set (&b, e + 8, s[i].size, 4);
        set (&b, e + 12, s[i].rva, 4);
        set (&b, e + 16, s[i].size, 4);
        set (&b, e + 20, s[i].raw, 4);
        set (&b, e + 36, s[i].flags, 4);
      }
  }
  return g_byte_array_free_to_bytes (b.a);
}

/* Mach-O */

GBytes *
synth_macho_bits (guint32  cputype,
                  gboolean big_endian,
                  guint    bits)
{
  Buf b = { g_byte_array_new (), big_endian, bits };
  gboolean is64 = bits == 64;
  guint seg_head = is64 ? 72 : 56, sect_size = is64 ? 80 : 68;
  gsize ncmds_at, sizeofcmds_at, cmds_start, text_sect, data_sect, text_off, data_off;
  guint ncmds = 0;
  guint64 base = is64 ? 0x100000000ull : 0x10000;
  static const guint8 uuid[16] = { 0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };

  put (&b, is64 ? 0xfeedfacf : 0xfeedface, 4);
  put (&b, cputype, 4);
  put (&b, 0, 4);
  put (&b, 2, 4);                      /* MH_EXECUTE */
  ncmds_at = b.a->len;
  put (&b, 0, 4);
  sizeofcmds_at = b.a->len;
  put (&b, 0, 4);
  put (&b, 0x200085, 4);
  if (is64)
    put (&b, 0, 4);
  cmds_start = b.a->len;

  /* __TEXT (file 0..0x2000) with __text at 0x1000 */
  put (&b, is64 ? 0x19 : 0x1, 4); put (&b, seg_head + sect_size, 4);
  put_bytes (&b, "__TEXT\0\0\0\0\0\0\0\0\0\0", 16);
  put_word (&b, base); put_word (&b, 0x2000); put_word (&b, 0); put_word (&b, 0x2000);
  put (&b, 5, 4); put (&b, 5, 4); put (&b, 1, 4); put (&b, 0, 4);
  text_sect = b.a->len;
  put_bytes (&b, "__text\0\0\0\0\0\0\0\0\0\0", 16);
  put_bytes (&b, "__TEXT\0\0\0\0\0\0\0\0\0\0", 16);
  zeros (&b, sect_size - 32);
  ncmds++;

  /* __DATA (file 0x2000..0x3000) with __go_buildinfo */
  put (&b, is64 ? 0x19 : 0x1, 4); put (&b, seg_head + sect_size, 4);
  put_bytes (&b, "__DATA\0\0\0\0\0\0\0\0\0\0", 16);
  put_word (&b, base + 0x2000); put_word (&b, 0x1000); put_word (&b, 0x2000); put_word (&b, 0x1000);
  put (&b, 3, 4); put (&b, 3, 4); put (&b, 1, 4); put (&b, 0, 4);
  data_sect = b.a->len;
  put_bytes (&b, "__go_buildinfo\0\0", 16);
  put_bytes (&b, "__DATA\0\0\0\0\0\0\0\0\0\0", 16);
  zeros (&b, sect_size - 32);
  ncmds++;

  put (&b, 0xe, 4); put (&b, 32, 4); put (&b, 12, 4);
  put_bytes (&b, "/usr/lib/dyld\0\0\0\0\0\0", 20);
  ncmds++;
  put (&b, 0xc, 4); put (&b, 56, 4); put (&b, 24, 4); put (&b, 0, 4); put (&b, 0x10000, 4); put (&b, 0x10000, 4);
  put_bytes (&b, "/usr/lib/libSystem.B.dylib\0\0\0\0\0\0", 32);
  ncmds++;
  put (&b, 0x1b, 4); put (&b, 24, 4); put_bytes (&b, uuid, 16);
  ncmds++;
  put (&b, 0x32, 4); put (&b, 24, 4); put (&b, 1, 4); put (&b, 0xb0000, 4); put (&b, 0xb0000, 4); put (&b, 0, 4);
  ncmds++;

  set (&b, ncmds_at, ncmds, 4);
  set (&b, sizeofcmds_at, b.a->len - cmds_start, 4);

  zeros (&b, 0x1000 - b.a->len);
  text_off = b.a->len;
  {
    guint8 code[0x1000];

    memset (code, 0, sizeof code);
    memcpy (code, "\xff Go build ID: \"" SYNTH_GO_BUILD_ID "\"\n \xff", sizeof "\xff Go build ID: \"" SYNTH_GO_BUILD_ID "\"\n \xff" - 1);
    put_bytes (&b, code, sizeof code);
  }
  zeros (&b, 0x2000 - b.a->len);
  data_off = b.a->len;
  put_buildinfo (&b, SYNTH_GO_POINTER, base, "darwin", cputype == 0x0100000c ? "arm64" : "amd64");
  {
    gsize bi_len = b.a->len - data_off;
    guint w = bits / 8;

    zeros (&b, 0x3000 - b.a->len);
    /* section addr, size, offset, flags */
    set (&b, text_sect + 32, base + text_off, w);
    set (&b, text_sect + 32 + w, 0x1000, w);
    set (&b, text_sect + 32 + 2 * w, text_off, 4);
    set (&b, text_sect + 32 + 2 * w + 16, 0x80000400, 4);
    set (&b, data_sect + 32, base + data_off, w);
    set (&b, data_sect + 32 + w, bi_len, w);
    set (&b, data_sect + 32 + 2 * w, data_off, 4);
  }
  return g_byte_array_free_to_bytes (b.a);
}

GBytes *
synth_macho (guint32  cputype,
             gboolean big_endian)
{
  return synth_macho_bits (cputype, big_endian, 64);
}

GBytes *
synth_fat (void)
{
  g_autoptr(GBytes) a = synth_macho (0x01000007, FALSE);
  g_autoptr(GBytes) c = synth_macho (0x0100000c, FALSE);
  Buf b = { g_byte_array_new (), TRUE, 32 };
  gsize la = g_bytes_get_size (a), lc = g_bytes_get_size (c);

  put (&b, 0xcafebabe, 4);
  put (&b, 2, 4);
  put (&b, 0x01000007, 4); put (&b, 3, 4); put (&b, 0x1000, 4); put (&b, la, 4); put (&b, 12, 4);
  put (&b, 0x0100000c, 4); put (&b, 0, 4); put (&b, 0x1000 + la, 4); put (&b, lc, 4); put (&b, 12, 4);
  zeros (&b, 0x1000 - b.a->len);
  put_bytes (&b, g_bytes_get_data (a, NULL), la);
  put_bytes (&b, g_bytes_get_data (c, NULL), lc);
  return g_byte_array_free_to_bytes (b.a);
}

/* Corpus */

static void
write_seed (const char   *dir,
            const char   *name,
            const guint8 *data,
            gsize         len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, (const char *) data, len, &error);
  g_assert_no_error (error);
}

static void
write_variants (const char *dir,
                const char *stem,
                GBytes     *bytes)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autofree char *whole = g_strdup_printf ("%s", stem);
  g_autofree char *half = g_strdup_printf ("%s-truncated-half", stem);
  g_autofree char *head = g_strdup_printf ("%s-truncated-header", stem);
  g_autofree guint8 *flipped = g_memdup2 (data, len);
  g_autofree char *flip_name = g_strdup_printf ("%s-flipped", stem);

  write_seed (dir, whole, data, len);
  write_seed (dir, half, data, len / 2);
  write_seed (dir, head, data, MIN (len, 40));
  for (gsize i = 16; i < MIN (len, 512); i += 7)
    flipped[i] ^= 0xff;
  write_seed (dir, flip_name, flipped, len);
}

void
synth_write_corpus (const char *dir)
{
  const SynthElf elves[] = {
    { 64, FALSE, 62, TRUE, TRUE, SYNTH_GO_INLINE },
    { 64, TRUE, 21, TRUE, FALSE, SYNTH_GO_POINTER },
    { 32, FALSE, 3, FALSE, TRUE, SYNTH_GO_NONE },
    { 32, TRUE, 8, TRUE, TRUE, SYNTH_GO_POINTER },
  };

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (elves); i++)
    {
      g_autoptr(GBytes) bytes = synth_elf (&elves[i]);
      g_autofree char *stem = g_strdup_printf ("elf%u-%s-%u", elves[i].bits, elves[i].big_endian ? "be" : "le", i);

      write_variants (dir, stem, bytes);
    }
  {
    g_autoptr(GBytes) pe = synth_pe (TRUE, TRUE, SYNTH_GO_INLINE);
    g_autoptr(GBytes) pe32 = synth_pe (FALSE, FALSE, SYNTH_GO_POINTER);
    g_autoptr(GBytes) macho = synth_macho (0x0100000c, FALSE);
    g_autoptr(GBytes) macho32 = synth_macho_bits (7, FALSE, 32);
    g_autoptr(GBytes) fat = synth_fat ();

    write_variants (dir, "pe32plus", pe);
    write_variants (dir, "pe32", pe32);
    write_variants (dir, "macho64", macho);
    write_variants (dir, "macho32", macho32);
    write_variants (dir, "macho-fat", fat);
  }
  write_seed (dir, "empty", (const guint8 *) "", 0);
  write_seed (dir, "text", (const guint8 *) "#!/bin/sh\necho hi\n", 18);
  write_seed (dir, "elf-magic-only", (const guint8 *) "\x7f" "ELF", 4);
  write_seed (dir, "mz-only", (const guint8 *) "MZ", 2);
}

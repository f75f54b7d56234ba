/* inspect-synth.h — small ELF, PE and Mach-O files made byte by byte for the inspector tests */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SYNTH_GO_NONE = 0,
  SYNTH_GO_INLINE,     /* Go 1.18+ build info: varint strings after the header */
  SYNTH_GO_POINTER,    /* Go 1.13–1.17: pointers to string headers */
} SynthGo;

typedef struct
{
  guint    bits;         /* 32 or 64 */
  gboolean big_endian;
  guint16  machine;      /* EM_* */
  gboolean interp;       /* PT_INTERP + DT_NEEDED: a dynamic executable */
  gboolean symtab;
  SynthGo  go;
} SynthElf;

/* The facts the synthetic files carry, for the tests to expect. */
#define SYNTH_INTERP        "/lib/ld-synth.so.1"
#define SYNTH_BUILD_ID      "0102030405060708090a0b0c0d0e0f1011121314"
#define SYNTH_GO_VERSION    "go1.16.15"
#define SYNTH_GO_BUILD_ID   "synthetic-go-build-id/xyz"
#define SYNTH_GO_PATH       "example.com/synth"
#define SYNTH_LDFLAGS       "-s -w -X \"main.v=1 2\""

GBytes *synth_elf           (const SynthElf *opts);
/* PE32+ (or PE32) importing KERNEL32.dll, msvcrt.dll and, when asked,
 * libwinpthread-1.dll; a delay-loaded user32.dll; Go build info when asked. */
GBytes *synth_pe            (gboolean        pe32plus,
                             gboolean        winpthread,
                             SynthGo         go);
/* Mach-O 64 for x86_64 (0x01000007) or arm64 (0x0100000c). */
GBytes *synth_macho         (guint32         cputype,
                             gboolean        big_endian);
GBytes *synth_macho_bits    (guint32         cputype,
                             gboolean        big_endian,
                             guint           bits);
GBytes *synth_fat           (void);

/* Writes the fuzzing seed corpus: the files above and damaged variants. */
void    synth_write_corpus  (const char     *dir);

G_END_DECLS

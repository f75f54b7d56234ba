/* test-inspect-hostile.c — truncated, corrupted and absurd files: a clear "malformed: …", never a crash */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-test"

#include "config.h"

#include <string.h>

#include "gantry-inspect.h"
#include "gantry-test-util.h"
#include "inspect-synth.h"

static const char *self_path;

/* memmem is not in the Windows C runtime. */
static guint8 *
find_bytes (guint8     *hay,
            gsize       len,
            const void *needle,
            gsize       needle_len)
{
  for (gsize i = 0; i + needle_len <= len; i++)
    if (memcmp (hay + i, needle, needle_len) == 0)
      return hay + i;
  return NULL;
}

/* Inspects @data; a failure must be one of ours, with a clear message. */
static gboolean
try_inspect (const guint8 *data,
             gsize         len,
             GError      **error_out)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryBinary) bin = gantry_inspect_bytes (bytes, "hostile", &error);

  if (bin != NULL)
    {
      /* Everything the facts hold must be usable. */
      g_autoptr(JsonNode) json = gantry_binary_to_json (bin);
      g_autofree char *text = json_to_string (json, FALSE);

      g_assert_nonnull (text);
      return TRUE;
    }
  g_assert_nonnull (error);
  g_assert_true (error->domain == GANTRY_INSPECT_ERROR);
  if (error->code == GANTRY_INSPECT_ERROR_MALFORMED)
    g_assert_nonnull (strstr (error->message, "malformed: "));
  else
    g_assert_cmpint (error->code, ==, GANTRY_INSPECT_ERROR_NOT_EXECUTABLE);
  if (error_out != NULL)
    *error_out = g_steal_pointer (&error);
  return FALSE;
}

static void
expect_malformed (const guint8 *data,
                  gsize         len,
                  const char   *what)
{
  g_autoptr(GError) error = NULL;

  if (try_inspect (data, len, &error))
    g_error ("a file with %s was accepted", what);
  g_assert_error (error, GANTRY_INSPECT_ERROR, GANTRY_INSPECT_ERROR_MALFORMED);
  if (strstr (error->message, what) == NULL)
    g_error ("'%s' does not mention '%s'", error->message, what);
}

static GPtrArray *
samples (void)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  const SynthElf elves[] = {
    { 64, FALSE, 62, TRUE, TRUE, SYNTH_GO_INLINE },
    { 64, TRUE, 21, TRUE, FALSE, SYNTH_GO_POINTER },
    { 32, FALSE, 3, FALSE, TRUE, SYNTH_GO_NONE },
    { 32, TRUE, 8, TRUE, TRUE, SYNTH_GO_POINTER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (elves); i++)
    g_ptr_array_add (all, synth_elf (&elves[i]));
  g_ptr_array_add (all, synth_pe (TRUE, TRUE, SYNTH_GO_INLINE));
  g_ptr_array_add (all, synth_pe (FALSE, FALSE, SYNTH_GO_POINTER));
  g_ptr_array_add (all, synth_macho (0x0100000c, FALSE));
  g_ptr_array_add (all, synth_macho_bits (7, FALSE, 32));
  g_ptr_array_add (all, synth_macho (0x01000012, TRUE));
  g_ptr_array_add (all, synth_fat ());
  return all;
}

/* Every prefix of every sample: the truncated file must fail cleanly. */
static void
test_truncation (void)
{
  g_autoptr(GPtrArray) all = samples ();
  guint failed = 0, total = 0;

  for (guint i = 0; i < all->len; i++)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (all, i), &len);

      g_assert_true (try_inspect (data, len, NULL));
      for (gsize cut = 0; cut < len; cut++)
        {
          /* A copy of exactly @cut bytes, so ASan sees any read past it. */
          g_autofree guint8 *copy = g_memdup2 (data, cut);

          total++;
          if (!try_inspect (copy, cut, NULL))
            failed++;
        }
    }
  g_test_message ("%u of %u truncated files rejected", failed, total);
  g_assert_cmpuint (failed, >, total / 2);
}

/* Truncating a real program (this test) at many lengths. */
static void
test_truncate_real (void)
{
  g_autofree char *contents = NULL;
  gsize len;
  g_autoptr(GError) error = NULL;
  guint rejected = 0;
  gsize step;

  g_file_get_contents (self_path, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_true (try_inspect ((guint8 *) contents, len, NULL));

  step = MAX (len / 997, 1);
  for (gsize cut = 0; cut < len; cut += (cut < 8192 ? 13 : step))
    {
      g_autofree guint8 *copy = g_memdup2 (contents, cut);

      if (!try_inspect (copy, cut, NULL))
        rejected++;
    }
  g_assert_cmpuint (rejected, >, 0);
}

/* Random bytes flipped in random places, from a fixed seed. */
static void
test_mutations (void)
{
  g_autoptr(GPtrArray) all = samples ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261126);
  guint iterations = g_test_slow () ? 20000 : 2500;
  guint rejected = 0, total = 0;

  for (guint i = 0; i < all->len; i++)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (all, i), &len);

      for (guint it = 0; it < iterations; it++)
        {
          g_autofree guint8 *copy = g_memdup2 (data, len);
          guint flips = g_rand_int_range (rand, 1, 9);

          for (guint f = 0; f < flips; f++)
            {
              /* Headers and tables sit near the start: aim there mostly. */
              gsize at = g_rand_boolean (rand) ? (gsize) g_rand_int_range (rand, 0, MIN (len, 512))
                                               : (gsize) g_rand_int_range (rand, 0, len);
              guint kind = g_rand_int_range (rand, 0, 4);

              if (kind == 0)
                copy[at] = (guint8) g_rand_int (rand);
              else if (kind == 1)
                copy[at] = 0xff;
              else if (kind == 2)
                copy[at] = 0;
              else
                copy[at] ^= 1u << g_rand_int_range (rand, 0, 8);
            }
          total++;
          if (!try_inspect (copy, len, NULL))
            rejected++;
        }
    }
  g_test_message ("%u of %u mutated files rejected", rejected, total);
  g_assert_cmpuint (rejected, >, 0);
}

static guint8 *
copy_of (GBytes *bytes,
         gsize  *len)
{
  return g_memdup2 (g_bytes_get_data (bytes, len), g_bytes_get_size (bytes));
}

static void
put64 (guint8  *p,
       guint64  v)
{
  for (guint i = 0; i < 8; i++)
    p[i] = (guint8) (v >> (8 * i));
}

static void
put32 (guint8  *p,
       guint32  v)
{
  for (guint i = 0; i < 4; i++)
    p[i] = (guint8) (v >> (8 * i));
}

static void
put16 (guint8  *p,
       guint16  v)
{
  p[0] = (guint8) v;
  p[1] = (guint8) (v >> 8);
}

static guint64
get64 (const guint8 *p)
{
  guint64 v = 0;

  for (guint i = 0; i < 8; i++)
    v |= (guint64) p[i] << (8 * i);
  return v;
}

static guint32
get32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

/* Finds a dynamic entry with @tag in the synthetic little-endian ELF64. */
static guint8 *
dyn_entry (guint8  *elf,
           guint64  tag)
{
  guint64 phoff = get64 (elf + 32);
  guint16 phnum = elf[56] | (elf[57] << 8);

  for (guint i = 0; i < phnum; i++)
    {
      guint8 *ph = elf + phoff + (gsize) i * 56;

      if (get32 (ph) == 2)
        {
          guint8 *d = elf + get64 (ph + 8);

          for (; get64 (d) != 0; d += 16)
            if (get64 (d) == tag)
              return d;
        }
    }
  g_assert_not_reached ();
  return NULL;
}

static void
test_elf_cases (void)
{
  SynthElf o = { 64, FALSE, 62, TRUE, TRUE, SYNTH_GO_INLINE };
  g_autoptr(GBytes) bytes = synth_elf (&o);
  gsize len;
  g_autofree guint8 *c = NULL;
  guint64 shoff;
  guint16 shnum, shstrndx;
  guint8 *shstr;

  /* Truncated headers */
  c = copy_of (bytes, &len);
  expect_malformed (c, 20, "ELF header is truncated");
  c[4] = 7;
  expect_malformed (c, len, "unknown ELF class 7");
  g_free (c);

  /* Section header table past the end */
  c = copy_of (bytes, &len);
  put64 (c + 40, len - 10);
  expect_malformed (c, len, "section header table");
  g_free (c);

  /* Absurd section count */
  c = copy_of (bytes, &len);
  put16 (c + 60, 0xfff0);
  expect_malformed (c, len, "section header table");
  g_free (c);

  /* Absurd program header count */
  c = copy_of (bytes, &len);
  put16 (c + 56, 0xffff);
  expect_malformed (c, len, "program header table");
  g_free (c);

  /* A section pointing past the end */
  c = copy_of (bytes, &len);
  shoff = get64 (c + 40);
  put64 (c + shoff + 64 * 1 + 24, len + 100);
  expect_malformed (c, len, "ends past the end of the file");
  g_free (c);

  /* Section name table without a NUL terminator */
  c = copy_of (bytes, &len);
  shoff = get64 (c + 40);
  shnum = c[60] | (c[61] << 8);
  shstrndx = c[62] | (c[63] << 8);
  g_assert_cmpuint (shstrndx, <, shnum);
  shstr = c + get64 (c + shoff + 64 * shstrndx + 24);
  memset (shstr, 'A', get64 (c + shoff + 64 * shstrndx + 32));
  expect_malformed (c, len, "no NUL terminator");
  g_free (c);

  /* Bad section name table index */
  c = copy_of (bytes, &len);
  put16 (c + 62, 0x7000);
  expect_malformed (c, len, "section name table index");
  g_free (c);

  /* DT_NEEDED outside the string table */
  c = copy_of (bytes, &len);
  put64 (dyn_entry (c, 1) + 8, 100000);
  expect_malformed (c, len, "DT_NEEDED");
  g_free (c);

  /* String table address outside every segment */
  c = copy_of (bytes, &len);
  put64 (dyn_entry (c, 5) + 8, 0x7fff00000000ull);
  expect_malformed (c, len, "dynamic string table");
  g_free (c);

  /* Absurd version-needed count */
  c = copy_of (bytes, &len);
  put64 (dyn_entry (c, 0x6fffffff) + 8, 1000000000);
  expect_malformed (c, len, "absurd version-needed count");
  g_free (c);

  /* A version-needed chain that walks out of the file */
  c = copy_of (bytes, &len);
  put64 (dyn_entry (c, 0x6fffffff) + 8, 50);
  {
    guint64 vn = get64 (dyn_entry (c, 0x6ffffffe) + 8) - 0x10000;

    put32 (c + vn + 12, 0xfffffff0);
  }
  expect_malformed (c, len, "version-needed entry");
  g_free (c);

  /* A note claiming more than its segment holds */
  c = copy_of (bytes, &len);
  {
    guint64 phoff = get64 (c + 32);

    for (guint i = 0; i < 4; i++)
      if (get32 (c + phoff + i * 56) == 4)
        put32 (c + get64 (c + phoff + i * 56 + 8) + 4, 0xfffffff0);
  }
  expect_malformed (c, len, "note");
  g_free (c);

  /* Interpreter without NUL */
  c = copy_of (bytes, &len);
  {
    guint64 phoff = get64 (c + 32);

    for (guint i = 0; i < 4; i++)
      if (get32 (c + phoff + i * 56) == 3)
        memset (c + get64 (c + phoff + i * 56 + 8), 'x', get64 (c + phoff + i * 56 + 32));
  }
  expect_malformed (c, len, "PT_INTERP");
  c[0] = 0;
  g_free (c);

  /* Go build info that claims a string longer than its section */
  c = copy_of (bytes, &len);
  {
    const guint8 *magic = find_bytes (c, len, "\xff Go buildinf:", 14);
    gsize at;

    g_assert_nonnull (magic);
    at = magic - c;
    c[at + 32] = 0xff;
    c[at + 33] = 0xff;
    c[at + 34] = 0x7f;
  }
  expect_malformed (c, len, "Go version");
}

static void
test_elf_pointer_go_outside (void)
{
  SynthElf o = { 64, TRUE, 21, TRUE, FALSE, SYNTH_GO_POINTER };
  g_autoptr(GBytes) bytes = synth_elf (&o);
  gsize len;
  g_autofree guint8 *c = copy_of (bytes, &len);
  const guint8 *magic = find_bytes (c, len, "\xff Go buildinf:", 14);
  gsize at;

  g_assert_nonnull (magic);
  at = magic - c;
  memset (c + at + 16, 0x7f, 8);
  expect_malformed (c, len, "Go version string");
}

static void
test_pe_cases (void)
{
  g_autoptr(GBytes) bytes = synth_pe (TRUE, TRUE, SYNTH_GO_NONE);
  gsize len;
  g_autofree guint8 *c = NULL;
  guint32 pe;

  c = copy_of (bytes, &len);
  pe = get32 (c + 0x3c);
  put16 (c + pe + 6, 500);
  expect_malformed (c, len, "absurd section count 500");
  g_free (c);

  c = copy_of (bytes, &len);
  put16 (c + pe + 6, 90);
  expect_malformed (c, len, "section table");
  g_free (c);

  c = copy_of (bytes, &len);
  put16 (c + pe + 20, 60000);
  expect_malformed (c, len, "optional header");
  g_free (c);

  /* Import directory RVA pointing nowhere */
  c = copy_of (bytes, &len);
  put32 (c + pe + 24 + 112 + 8, 0x7fff0000);
  expect_malformed (c, len, "import entry 0");
  g_free (c);

  /* A DLL name without NUL: fill .rdata's names with letters */
  c = copy_of (bytes, &len);
  {
    guint8 *name = find_bytes (c, len, "KERNEL32.dll", 12);

    g_assert_nonnull (name);
    memset (name, 'K', c + len - name);
  }
  expect_malformed (c, len, "no NUL terminator");
  g_free (c);

  /* Section data past the end */
  c = copy_of (bytes, &len);
  put32 (c + pe + 24 + 240 + 40 + 20, (guint32) len);
  expect_malformed (c, len, "ends past the end of the file");
  g_free (c);

  /* A PE header offset past the end is just not a PE file. */
  c = copy_of (bytes, &len);
  put32 (c + 0x3c, 0xfffffff0);
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (try_inspect (c, len, &error));
    g_assert_error (error, GANTRY_INSPECT_ERROR, GANTRY_INSPECT_ERROR_NOT_EXECUTABLE);
  }
}

static void
test_macho_cases (void)
{
  g_autoptr(GBytes) bytes = synth_macho (0x01000007, FALSE);
  g_autoptr(GBytes) fat = synth_fat ();
  gsize len;
  g_autofree guint8 *c = NULL;

  c = copy_of (bytes, &len);
  put32 (c + 16, 100000);
  expect_malformed (c, len, "absurd load command count");
  g_free (c);

  c = copy_of (bytes, &len);
  put32 (c + 20, 0x7fffffff);
  expect_malformed (c, len, "load commands");
  g_free (c);

  /* cmdsize 0 would loop forever. */
  c = copy_of (bytes, &len);
  put32 (c + 32 + 4, 0);
  expect_malformed (c, len, "has size 0");
  g_free (c);

  /* More sections than the command holds */
  c = copy_of (bytes, &len);
  put32 (c + 32 + 64, 1000);
  expect_malformed (c, len, "claims 1000 sections");
  g_free (c);

  /* Dylib path offset outside its command */
  c = copy_of (bytes, &len);
  {
    guint8 *lib = find_bytes (c, len, "/usr/lib/libSystem", 18);

    g_assert_nonnull (lib);
    put32 (lib - 24 + 8, 4000);
  }
  expect_malformed (c, len, "load command");
  g_free (c);

  c = copy_of (fat, &len);
  c[7] = 35;
  expect_malformed (c, len, "universal file with 35 architectures");
  g_free (c);

  c = copy_of (fat, &len);
  c[8 + 20 + 8] = 0x7f;
  expect_malformed (c, len, "architecture 1 of the universal file");
  g_free (c);

  /* A slice that is itself broken */
  c = copy_of (fat, &len);
  put32 (c + 0x1000 + 16, 100000);
  expect_malformed (c, len, "architecture 0 of the universal file: absurd");
}

static void
test_not_regular (void)
{
  /* a device on Unix; on Windows, which has no /dev/null, a folder */
#ifdef G_OS_UNIX
  const char *path = "/dev/null";
#else
  const char *path = g_get_tmp_dir ();
#endif
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryBinary) bin = gantry_inspect_path (path, &error);

  g_assert_null (bin);
  g_assert_error (error, GANTRY_INSPECT_ERROR, GANTRY_INSPECT_ERROR_NOT_EXECUTABLE);
  g_assert_nonnull (strstr (error->message, "not a regular file"));
}

int
main (int    argc,
      char **argv)
{
  self_path = argv[0];
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/inspect/hostile/truncated-everywhere", test_truncation);
  g_test_add_func ("/core/inspect/hostile/truncated-real-program", test_truncate_real);
  g_test_add_func ("/core/inspect/hostile/random-mutations", test_mutations);
  g_test_add_func ("/core/inspect/hostile/elf-cases", test_elf_cases);
  g_test_add_func ("/core/inspect/hostile/go-pointer-outside", test_elf_pointer_go_outside);
  g_test_add_func ("/core/inspect/hostile/pe-cases", test_pe_cases);
  g_test_add_func ("/core/inspect/hostile/macho-cases", test_macho_cases);
  g_test_add_func ("/core/inspect/hostile/not-a-regular-file", test_not_regular);

  return g_test_run ();
}

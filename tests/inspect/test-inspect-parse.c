/* test-inspect-parse.c — the inspector on files made byte by byte: every field, every format */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-test"

#include "config.h"

#include <string.h>

#include "gantry-inspect.h"
#include "gantry-test-util.h"
#include "inspect-synth.h"

static const char *self_path;

static GantryBinary *
inspect_ok (GBytes     *bytes,
            const char *name)
{
  g_autoptr(GError) error = NULL;
  GantryBinary *bin = gantry_inspect_bytes (bytes, name, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bin);
  return bin;
}

static void
check_go_synth (GantryBinary *bin,
                const char   *format,
                const char   *goos,
                const char   *libc)
{
  GPtrArray *deps = gantry_binary_get_go_deps (bin);
  const GantryGoModule *d0, *d1;

  g_assert_true (gantry_binary_get_is_go (bin));
  g_assert_cmpstr (gantry_binary_get_go_version (bin), ==, SYNTH_GO_VERSION);
  g_assert_cmpstr (gantry_binary_get_go_buildinfo_format (bin), ==, format);
  g_assert_cmpstr (gantry_binary_get_go_path (bin), ==, SYNTH_GO_PATH);
  g_assert_nonnull (gantry_binary_get_go_main (bin));
  g_assert_cmpstr (gantry_binary_get_go_main (bin)->path, ==, SYNTH_GO_PATH);
  g_assert_cmpstr (gantry_binary_get_go_main (bin)->version, ==, "(devel)");
  g_assert_null (gantry_binary_get_go_main (bin)->sum);
  g_assert_cmpuint (deps->len, ==, 2);
  d0 = g_ptr_array_index (deps, 0);
  d1 = g_ptr_array_index (deps, 1);
  g_assert_cmpstr (d0->path, ==, "golang.org/x/sys");
  g_assert_cmpstr (d0->version, ==, "v0.1.0");
  g_assert_cmpstr (d0->sum, ==, "h1:abc=");
  g_assert_null (d0->replace_path);
  g_assert_cmpstr (d1->path, ==, "example.com/old");
  g_assert_null (d1->sum);
  g_assert_cmpstr (d1->replace_path, ==, "example.com/new");
  g_assert_cmpstr (d1->replace_version, ==, "v1.1.0");
  g_assert_cmpstr (d1->replace_sum, ==, "h1:def=");
  g_assert_cmpstr (gantry_binary_get_go_setting (bin, "-ldflags"), ==, SYNTH_LDFLAGS);
  g_assert_cmpstr (gantry_binary_get_go_setting (bin, "weird key"), ==, "value");
  g_assert_cmpstr (gantry_binary_get_go_setting (bin, "CGO_ENABLED"), ==, "0");
  g_assert_cmpstr (gantry_binary_get_go_setting (bin, "GOOS"), ==, goos);
  g_assert_cmpstr (gantry_binary_get_go_build_id (bin), ==, SYNTH_GO_BUILD_ID);
  /* The file's own word (libc.so.6 needed) beats CGO_ENABLED=0. */
  g_assert_cmpstr (gantry_binary_get_libc (bin), ==, libc);
}

static void
check_elf (const SynthElf *opts,
           const char     *arch)
{
  g_autoptr(GBytes) bytes = synth_elf (opts);
  g_autoptr(GantryBinary) bin = inspect_ok (bytes, "synth.elf");
  GPtrArray *needs;
  g_autofree char *target = NULL;

  g_assert_cmpstr (gantry_binary_get_format_name (bin), ==, "elf");
  g_assert_cmpuint (gantry_binary_get_bits (bin), ==, opts->bits);
  g_assert_cmpint (gantry_binary_get_big_endian (bin), ==, opts->big_endian);
  g_assert_cmpstr (gantry_binary_get_arch (bin), ==, arch);
  g_assert_cmpstr (gantry_binary_get_os (bin), ==, "linux");
  target = gantry_binary_dup_target (bin);
  g_assert_true (g_str_has_prefix (target, "linux/"));
  g_assert_cmpstr (gantry_binary_get_build_id (bin), ==, SYNTH_BUILD_ID);
  g_assert_cmpuint (gantry_binary_get_file_size (bin), ==, g_bytes_get_size (bytes));
  g_assert_cmpuint (gantry_binary_get_group_size (bin, GANTRY_SECTION_GROUP_CODE), ==, 64);

  if (opts->interp)
    {
      g_assert_cmpstr (gantry_binary_get_interpreter (bin), ==, SYNTH_INTERP);
      g_assert_cmpint (gantry_binary_get_linkage (bin), ==, GANTRY_LINKAGE_DYNAMIC);
      g_assert_cmpuint (gantry_binary_get_needed (bin)->len, ==, 2);
      g_assert_cmpstr (g_ptr_array_index (gantry_binary_get_needed (bin), 0), ==, "libc.so.6");
      g_assert_cmpstr (g_ptr_array_index (gantry_binary_get_needed (bin), 1), ==, "libm.so.6");
      g_assert_cmpuint (gantry_binary_get_runpath (bin)->len, ==, 2);
      g_assert_cmpstr (g_ptr_array_index (gantry_binary_get_runpath (bin), 1), ==, "/opt/b");
      g_assert_cmpstr (gantry_binary_get_soname (bin), ==, "libsynth.so.1");
      needs = gantry_binary_get_version_needs (bin);
      g_assert_cmpuint (needs->len, ==, 3);
      g_assert_cmpstr (((GantryVersionNeed *) g_ptr_array_index (needs, 2))->version, ==, "GLIBC_PRIVATE");
      g_assert_cmpstr (((GantryVersionNeed *) g_ptr_array_index (needs, 0))->library, ==, "libc.so.6");
      /* GLIBC_PRIVATE never raises the floor. */
      g_assert_cmpstr (gantry_binary_get_glibc_floor (bin), ==, "2.34");
      g_assert_cmpstr (gantry_binary_get_libc (bin), ==, "glibc");
    }
  else
    {
      g_assert_null (gantry_binary_get_interpreter (bin));
      g_assert_cmpint (gantry_binary_get_linkage (bin), ==, GANTRY_LINKAGE_STATIC);
      g_assert_cmpuint (gantry_binary_get_needed (bin)->len, ==, 0);
      g_assert_null (gantry_binary_get_glibc_floor (bin));
    }
  g_assert_cmpint (gantry_binary_get_stripped (bin), ==, !opts->symtab);
  g_assert_false (gantry_binary_get_has_dwarf (bin));
  if (opts->go != SYNTH_GO_NONE)
    check_go_synth (bin, opts->go == SYNTH_GO_INLINE ? "inline" : "pointer", "linux",
                    opts->interp ? "glibc" : "none");
  else
    g_assert_false (gantry_binary_get_is_go (bin));

  g_assert_finalize_object (g_steal_pointer (&bin));
}

static void
test_elf64_le (void)
{
  SynthElf o = { 64, FALSE, 62, TRUE, TRUE, SYNTH_GO_INLINE };

  check_elf (&o, "amd64");
}

static void
test_elf64_be (void)
{
  SynthElf o = { 64, TRUE, 21, TRUE, FALSE, SYNTH_GO_POINTER };

  check_elf (&o, "ppc64");
}

static void
test_elf32_le (void)
{
  SynthElf o = { 32, FALSE, 3, FALSE, TRUE, SYNTH_GO_NONE };

  check_elf (&o, "386");
}

static void
test_elf32_be (void)
{
  SynthElf o = { 32, TRUE, 8, TRUE, TRUE, SYNTH_GO_POINTER };

  check_elf (&o, "mips");
}

static void
test_elf_arm_float_abi (void)
{
  SynthElf o = { 32, FALSE, 40, FALSE, FALSE, SYNTH_GO_NONE };
  g_autoptr(GBytes) bytes = synth_elf (&o);
  g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GBytes) hard = NULL;
  g_autoptr(GantryBinary) bin = NULL;

  /* e_flags: EABI5 | EF_ARM_ABI_FLOAT_HARD */
  copy[36] = 0x00; copy[37] = 0x04; copy[38] = 0x00; copy[39] = 0x05;
  hard = g_bytes_new (copy, g_bytes_get_size (bytes));
  bin = inspect_ok (hard, "arm");
  g_assert_cmpstr (gantry_binary_get_arch (bin), ==, "arm");
  g_assert_cmpstr (gantry_binary_get_float_abi (bin), ==, "hard");
}

static void
test_pe (void)
{
  g_autoptr(GBytes) bytes = synth_pe (TRUE, TRUE, SYNTH_GO_INLINE);
  g_autoptr(GantryBinary) bin = inspect_ok (bytes, "synth.exe");
  GPtrArray *imports = gantry_binary_get_imports (bin);
  const GantryImport *imp;

  g_assert_cmpstr (gantry_binary_get_format_name (bin), ==, "pe");
  g_assert_cmpstr (gantry_binary_get_format_detail (bin), ==, "PE32+");
  g_assert_cmpstr (gantry_binary_get_os (bin), ==, "windows");
  g_assert_cmpstr (gantry_binary_get_arch (bin), ==, "amd64");
  g_assert_cmpstr (gantry_binary_get_machine (bin), ==, "AMD64 (0x8664)");
  g_assert_cmpstr (gantry_binary_get_subsystem (bin), ==, "console");
  g_assert_cmpuint (imports->len, ==, 4);
  imp = g_ptr_array_index (imports, 0);
  g_assert_cmpstr (imp->name, ==, "KERNEL32.dll");
  g_assert_cmpint (imp->kind, ==, GANTRY_DLL_SYSTEM);
  imp = g_ptr_array_index (imports, 2);
  g_assert_cmpstr (imp->name, ==, "libwinpthread-1.dll");
  g_assert_cmpint (imp->kind, ==, GANTRY_DLL_MINGW_RUNTIME);
  imp = g_ptr_array_index (imports, 3);
  g_assert_cmpstr (imp->name, ==, "user32.dll");
  g_assert_true (imp->delay_load);
  g_assert_cmpint (gantry_binary_get_linkage (bin), ==, GANTRY_LINKAGE_DYNAMIC);
  g_assert_cmpstr (gantry_binary_get_libc (bin), ==, "msvcrt");
  g_assert_cmpstr (gantry_binary_get_build_id (bin), ==, "12345678123456780102030405060708" "1");
  g_assert_true (gantry_binary_get_stripped (bin));
  check_go_synth (bin, "inline", "windows", "msvcrt");
  g_assert_finalize_object (g_steal_pointer (&bin));
}

static void
test_pe32_pointer (void)
{
  g_autoptr(GBytes) bytes = synth_pe (FALSE, FALSE, SYNTH_GO_POINTER);
  g_autoptr(GantryBinary) bin = inspect_ok (bytes, "synth32.exe");

  g_assert_cmpstr (gantry_binary_get_format_detail (bin), ==, "PE32");
  g_assert_cmpuint (gantry_binary_get_bits (bin), ==, 32);
  g_assert_cmpstr (gantry_binary_get_arch (bin), ==, "386");
  g_assert_cmpint (gantry_binary_get_linkage (bin), ==, GANTRY_LINKAGE_STATIC);
  check_go_synth (bin, "pointer", "windows", "msvcrt");
}

static void
test_macho (void)
{
  g_autoptr(GBytes) bytes = synth_macho (0x0100000c, FALSE);
  g_autoptr(GantryBinary) bin = inspect_ok (bytes, "synth-macho");

  g_assert_cmpstr (gantry_binary_get_format_name (bin), ==, "macho");
  g_assert_cmpstr (gantry_binary_get_arch (bin), ==, "arm64");
  g_assert_cmpstr (gantry_binary_get_os (bin), ==, "darwin");
  g_assert_cmpstr (gantry_binary_get_file_type (bin), ==, "executable");
  g_assert_cmpint (gantry_binary_get_linkage (bin), ==, GANTRY_LINKAGE_DYNAMIC);
  g_assert_cmpstr (gantry_binary_get_interpreter (bin), ==, "/usr/lib/dyld");
  g_assert_cmpuint (gantry_binary_get_needed (bin)->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (gantry_binary_get_needed (bin), 0), ==, "/usr/lib/libSystem.B.dylib");
  g_assert_cmpstr (gantry_binary_get_libc (bin), ==, "libSystem");
  g_assert_cmpstr (gantry_binary_get_build_id (bin), ==, "deadbeef000102030405060708090a0b");
  g_assert_true (gantry_binary_get_stripped (bin));
  g_assert_cmpuint (gantry_binary_get_group_size (bin, GANTRY_SECTION_GROUP_CODE), ==, 0x1000);
  g_assert_cmpuint (gantry_binary_get_group_size (bin, GANTRY_SECTION_GROUP_GO), >, 0);
  check_go_synth (bin, "pointer", "darwin", "libSystem");
}

static void
test_macho_big_endian (void)
{
  g_autoptr(GBytes) bytes = synth_macho (0x01000012, TRUE);
  g_autoptr(GantryBinary) bin = inspect_ok (bytes, "synth-ppc64");

  g_assert_true (gantry_binary_get_big_endian (bin));
  g_assert_cmpstr (gantry_binary_get_arch (bin), ==, "ppc64");
  g_assert_cmpstr (gantry_binary_get_format_detail (bin), ==, "Mach-O 64-bit big-endian");
  g_assert_cmpstr (gantry_binary_get_interpreter (bin), ==, "/usr/lib/dyld");
  g_assert_cmpstr (gantry_binary_get_go_version (bin), ==, SYNTH_GO_VERSION);
  g_assert_cmpstr (gantry_binary_get_go_buildinfo_format (bin), ==, "pointer");
  g_assert_cmpuint (gantry_binary_get_go_deps (bin)->len, ==, 2);
}

static void
test_macho32 (void)
{
  g_autoptr(GBytes) bytes = synth_macho_bits (7, FALSE, 32);
  g_autoptr(GantryBinary) bin = inspect_ok (bytes, "synth-i386");

  g_assert_cmpuint (gantry_binary_get_bits (bin), ==, 32);
  g_assert_cmpstr (gantry_binary_get_arch (bin), ==, "386");
  g_assert_cmpstr (gantry_binary_get_format_detail (bin), ==, "Mach-O 32-bit");
  g_assert_cmpuint (gantry_binary_get_group_size (bin, GANTRY_SECTION_GROUP_CODE), ==, 0x1000);
  check_go_synth (bin, "pointer", "darwin", "libSystem");
}

static void
test_macho_fat (void)
{
  g_autoptr(GBytes) bytes = synth_fat ();
  g_autoptr(GantryBinary) bin = inspect_ok (bytes, "synth-fat");
  GPtrArray *slices = gantry_binary_get_slices (bin);

  g_assert_cmpstr (gantry_binary_get_format_name (bin), ==, "macho-fat");
  g_assert_cmpstr (gantry_binary_get_arch (bin), ==, "amd64+arm64");
  g_assert_cmpuint (slices->len, ==, 2);
  g_assert_cmpstr (gantry_binary_get_arch (g_ptr_array_index (slices, 0)), ==, "amd64");
  g_assert_cmpstr (gantry_binary_get_go_setting (g_ptr_array_index (slices, 1), "GOARCH"), ==, "arm64");
  g_assert_cmpuint (gantry_binary_get_group_size (bin, GANTRY_SECTION_GROUP_CODE), ==, 0x2000);
  g_assert_finalize_object (g_steal_pointer (&bin));
}

static void
test_path_equals_bytes (void)
{
  SynthElf o = { 64, FALSE, 62, TRUE, TRUE, SYNTH_GO_INLINE };
  g_autoptr(GBytes) bytes = synth_elf (&o);
  g_autofree char *dir = gantry_test_make_tmpdir ("inspect-path");
  g_autofree char *path = g_build_filename (dir, "synth", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryBinary) a = NULL;
  g_autoptr(GantryBinary) b = NULL;
  g_autoptr(JsonNode) ja = NULL;
  g_autoptr(JsonNode) jb = NULL;
  JsonObject *obj;

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  a = gantry_inspect_path (path, &error);
  g_assert_no_error (error);
  b = inspect_ok (bytes, path);
  ja = gantry_binary_to_json (a);
  jb = gantry_binary_to_json (b);
  g_assert_true (json_node_equal (ja, jb));

  /* The text writer and the JsonNode carry the same document. */
  {
    g_autofree char *text = gantry_binary_to_json_text (a);
    g_autoptr(JsonNode) parsed = json_from_string (text, &error);

    g_assert_no_error (error);
    g_assert_true (json_node_equal (parsed, ja));
  }

  obj = json_node_get_object (ja);
  g_assert_cmpstr (json_object_get_string_member (obj, "format"), ==, "elf");
  g_assert_cmpstr (json_object_get_string_member (obj, "target"), ==, "linux/amd64");
  g_assert_cmpstr (json_object_get_string_member (obj, "linkage"), ==, "dynamic");
  g_assert_cmpstr (json_object_get_string_member (obj, "glibc_floor"), ==, "2.34");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (obj, "sizes"), "code"), ==, 64);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj, "go"), "version"), ==, SYNTH_GO_VERSION);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (obj, "go"),
                                                                                  "settings"), "-ldflags"), ==, SYNTH_LDFLAGS);
  gantry_test_rm_rf (dir);
}

static void
assert_not_executable (const char *contents,
                       gssize      len,
                       const char *looks_like)
{
  g_autoptr(GBytes) bytes = g_bytes_new (contents, len < 0 ? strlen (contents) : (gsize) len);
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryBinary) bin = gantry_inspect_bytes (bytes, "thing", &error);

  g_assert_null (bin);
  g_assert_error (error, GANTRY_INSPECT_ERROR, GANTRY_INSPECT_ERROR_NOT_EXECUTABLE);
  g_assert_true (g_str_has_prefix (error->message, "not an executable: thing is "));
  if (strstr (error->message, looks_like) == NULL)
    g_error ("'%s' does not say '%s'", error->message, looks_like);
}

static void
test_not_executable (void)
{
  assert_not_executable ("", 0, "an empty file");
  assert_not_executable ("hello world\n", -1, "a text file");
  assert_not_executable ("#!/bin/sh\nexit 0\n", -1, "a script");
  assert_not_executable ("\x1f\x8b\x08\0\0\0\0\0", 8, "a gzip archive");
  assert_not_executable ("PK\x03\x04rest", 8, "a zip archive");
  assert_not_executable ("!<arch>\nfoo", 11, "a static library");
  assert_not_executable ("\xca\xfe\xba\xbe\0\0\0\x34", 8, "a Java class file");
  assert_not_executable ("MZ\x90\0", 4, "a DOS program");
  assert_not_executable ("\x01\x02\x03\x00\xff", 5, "data of an unknown kind");
}

static void
test_read_errors (void)
{
  g_autofree char *dir = gantry_test_make_tmpdir ("inspect-read");
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryBinary) bin = NULL;

  bin = gantry_inspect_path (missing, &error);
  g_assert_null (bin);
  g_assert_error (error, GANTRY_INSPECT_ERROR, GANTRY_INSPECT_ERROR_READ);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  bin = gantry_inspect_path (dir, &error);
  g_assert_null (bin);
  g_assert_error (error, GANTRY_INSPECT_ERROR, GANTRY_INSPECT_ERROR_NOT_EXECUTABLE);
  g_assert_nonnull (strstr (error->message, "a folder"));
  gantry_test_rm_rf (dir);
}

static void
test_self (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryBinary) bin = gantry_inspect_path (self_path, &error);

  g_assert_no_error (error);
#ifdef G_OS_WIN32
  g_assert_cmpstr (gantry_binary_get_format_name (bin), ==, "pe");
  g_assert_cmpstr (gantry_binary_get_os (bin), ==, "windows");
#elif defined(__APPLE__)
  g_assert_cmpstr (gantry_binary_get_format_name (bin), ==, "macho");
#else
  g_assert_cmpstr (gantry_binary_get_format_name (bin), ==, "elf");
  g_assert_cmpstr (gantry_binary_get_os (bin), ==, "linux");
  g_assert_nonnull (gantry_binary_get_interpreter (bin));
  g_assert_cmpint (gantry_binary_get_linkage (bin), ==, GANTRY_LINKAGE_DYNAMIC);
#endif
  g_assert_cmpuint (gantry_binary_get_bits (bin), ==, GLIB_SIZEOF_VOID_P * 8);
#if defined(__x86_64__) || defined(_M_X64)
  g_assert_cmpstr (gantry_binary_get_arch (bin), ==, "amd64");
#elif defined(__aarch64__) || defined(_M_ARM64)
  g_assert_cmpstr (gantry_binary_get_arch (bin), ==, "arm64");
#endif
  g_assert_false (gantry_binary_get_is_go (bin));
}

static void
test_go_unquote (void)
{
  static const struct { const char *in; const char *out; } ok[] = {
    { "\"\"", "" },
    { "\"-s -w\"", "-s -w" },
    { "\"a\\\"b\"", "a\"b" },
    { "\"tab\\there\"", "tab\there" },
    { "\"\\x41\\101\\u00e9\\U0001F600\"", "AA\xc3\xa9\xf0\x9f\x98\x80" },
    { "\"back\\\\slash\"", "back\\slash" },
    { "`raw \\n`", "raw \\n" },
  };
  static const char *bad[] = { "\"", "x", "\"unterminated", "\"bad \\q\"", "\"\\x4\"", "\"\\ud800\"", "`a`b`", "\"a\"b\"" };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autofree char *s = gantry_go_unquote (ok[i].in, -1);

      g_assert_cmpstr (s, ==, ok[i].out);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *s = gantry_go_unquote (bad[i], -1);

      if (s != NULL)
        g_error ("'%s' unquoted to '%s'", bad[i], s);
    }
}

static void
test_version_compare (void)
{
  g_assert_cmpint (gantry_version_compare ("2.34", "2.17"), >, 0);
  g_assert_cmpint (gantry_version_compare ("2.3.4", "2.3"), >, 0);
  g_assert_cmpint (gantry_version_compare ("2.2.5", "2.10"), <, 0);
  g_assert_cmpint (gantry_version_compare ("3.4.29", "3.4.9"), >, 0);
  g_assert_cmpint (gantry_version_compare ("1.3", "1.3"), ==, 0);
}

static void
test_dll_classify (void)
{
  g_assert_cmpint (gantry_dll_classify ("KERNEL32.dll"), ==, GANTRY_DLL_SYSTEM);
  g_assert_cmpint (gantry_dll_classify ("api-ms-win-crt-runtime-l1-1-0.dll"), ==, GANTRY_DLL_SYSTEM);
  g_assert_cmpint (gantry_dll_classify ("libwinpthread-1.dll"), ==, GANTRY_DLL_MINGW_RUNTIME);
  g_assert_cmpint (gantry_dll_classify ("libgcc_s_seh-1.dll"), ==, GANTRY_DLL_MINGW_RUNTIME);
  g_assert_cmpint (gantry_dll_classify ("libgcc_s_dw2-1.dll"), ==, GANTRY_DLL_MINGW_RUNTIME);
  g_assert_cmpint (gantry_dll_classify ("LIBSTDC++-6.DLL"), ==, GANTRY_DLL_MINGW_RUNTIME);
  g_assert_cmpint (gantry_dll_classify ("vcruntime140.dll"), ==, GANTRY_DLL_OTHER);
  g_assert_cmpint (gantry_dll_classify ("libcurl-4.dll"), ==, GANTRY_DLL_OTHER);
}

/* The fuzzing seed corpus: every file parses or fails with a clear error. */
static void
test_seed_corpus (void)
{
  g_autofree char *corpus = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus", NULL);
  g_autoptr(GDir) dir = g_dir_open (corpus, 0, NULL);
  const char *name;
  guint n = 0, ok = 0, malformed = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (corpus, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GantryBinary) bin = gantry_inspect_path (path, &error);

      n++;
      if (bin != NULL)
        {
          g_autoptr(JsonNode) json = gantry_binary_to_json (bin);

          g_assert_nonnull (json);
          ok++;
          continue;
        }
      g_assert_nonnull (error);
      g_assert_true (error->domain == GANTRY_INSPECT_ERROR);
      if (error->code == GANTRY_INSPECT_ERROR_MALFORMED)
        {
          g_assert_nonnull (strstr (error->message, "malformed: "));
          malformed++;
        }
    }
  g_test_message ("%u seeds: %u parsed, %u malformed", n, ok, malformed);
  g_assert_cmpuint (n, >=, 30);
  g_assert_cmpuint (ok, >, 0);
  g_assert_cmpuint (malformed, >, 0);
}

int
main (int    argc,
      char **argv)
{
  /* Regenerating the committed seed corpus: test-inspect-parse --write-corpus DIR */
  if (argc == 3 && g_str_equal (argv[1], "--write-corpus"))
    {
      synth_write_corpus (argv[2]);
      return 0;
    }

  self_path = argv[0];
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/inspect/elf64-little-endian", test_elf64_le);
  g_test_add_func ("/core/inspect/elf64-big-endian-go-pointer-format", test_elf64_be);
  g_test_add_func ("/core/inspect/elf32-little-endian-static", test_elf32_le);
  g_test_add_func ("/core/inspect/elf32-big-endian", test_elf32_be);
  g_test_add_func ("/core/inspect/elf-arm-float-abi", test_elf_arm_float_abi);
  g_test_add_func ("/core/inspect/pe32plus-imports", test_pe);
  g_test_add_func ("/core/inspect/pe32-go-pointer-format", test_pe32_pointer);
  g_test_add_func ("/core/inspect/macho64", test_macho);
  g_test_add_func ("/core/inspect/macho64-big-endian", test_macho_big_endian);
  g_test_add_func ("/core/inspect/macho32", test_macho32);
  g_test_add_func ("/core/inspect/macho-universal", test_macho_fat);
  g_test_add_func ("/core/inspect/path-equals-bytes", test_path_equals_bytes);
  g_test_add_func ("/core/inspect/not-executable", test_not_executable);
  g_test_add_func ("/core/inspect/read-errors", test_read_errors);
  g_test_add_func ("/core/inspect/self", test_self);
  g_test_add_func ("/core/inspect/go-unquote", test_go_unquote);
  g_test_add_func ("/core/inspect/version-compare", test_version_compare);
  g_test_add_func ("/core/inspect/dll-classify", test_dll_classify);
  g_test_add_func ("/core/inspect/seed-corpus", test_seed_corpus);

  return g_test_run ();
}

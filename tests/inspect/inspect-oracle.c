/* inspect-oracle.c — readelf, objdump, llvm-otool and `go version -m` as oracles for the inspector tests */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-test"

#include "config.h"

#include <string.h>

#include "inspect-oracle.h"

int
oracle_run (const char         *cwd,
            const char * const *env,
            const char * const *argv,
            char              **out,
            char              **err)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *o = NULL;
  g_autofree char *e = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      const char *eq = strchr (env[i], '=');
      g_autofree char *key = g_strndup (env[i], eq - env[i]);

      g_subprocess_launcher_setenv (launcher, key, eq + 1, TRUE);
    }
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &o, &e, &error);
  g_assert_no_error (error);
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  if (out != NULL)
    *out = g_steal_pointer (&o);
  if (err != NULL)
    *err = g_steal_pointer (&e);
  return g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
}

static char *
tool_output (const char * const *argv)
{
  g_autofree char *err = NULL;
  char *out = NULL;
  int rc = oracle_run (NULL, NULL, argv, &out, &err);

  if (rc != 0)
    g_error ("%s failed (%d): %s", argv[0], rc, err);
  return out;
}

/* "[text]" after @marker on a line, or NULL. */
static char *
bracketed_after (const char *line,
                 const char *marker)
{
  const char *p = strstr (line, marker);
  const char *open, *close;

  if (p == NULL)
    return NULL;
  open = strchr (p, '[');
  close = open ? strrchr (open, ']') : NULL;
  if (open == NULL || close == NULL)
    return NULL;
  return g_strndup (open + 1, close - open - 1);
}

static void
assert_strings (GPtrArray  *got,
                GPtrArray  *want,
                const char *what,
                const char *path)
{
  for (guint i = 0; i < MIN (got->len, want->len); i++)
    if (g_strcmp0 (g_ptr_array_index (got, i), g_ptr_array_index (want, i)) != 0)
      g_error ("%s: %s[%u]: gantry says '%s', the oracle '%s'", path, what, i,
               (char *) g_ptr_array_index (got, i), (char *) g_ptr_array_index (want, i));
  if (got->len != want->len)
    g_error ("%s: %s: gantry found %u, the oracle %u", path, what, got->len, want->len);
}

static const char *
arch_for_readelf_machine (const char *machine,
                          gboolean    is64,
                          gboolean    be)
{
  if (g_str_equal (machine, "Advanced Micro Devices X86-64"))
    return is64 ? "amd64" : "amd64p32";
  if (g_str_equal (machine, "AArch64"))
    return "arm64";
  if (g_str_equal (machine, "ARM"))
    return "arm";
  if (g_str_equal (machine, "Intel 80386"))
    return "386";
  if (g_str_equal (machine, "PowerPC64"))
    return be ? "ppc64" : "ppc64le";
  if (g_str_equal (machine, "IBM S/390"))
    return "s390x";
  if (g_str_equal (machine, "RISC-V"))
    return "riscv64";
  if (g_str_has_prefix (machine, "MIPS"))
    return is64 ? (be ? "mips64" : "mips64le") : (be ? "mips" : "mipsle");
  return NULL;
}

void
oracle_check_readelf (GantryBinary *bin,
                      const char   *path)
{
  const char *argv[] = { "readelf", "-hlSdnVW", path, NULL };
  g_autofree char *out = tool_output (argv);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  g_autoptr(GPtrArray) needed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rpath = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) runpath = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) versions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) got_versions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) section_names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) got_sections = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *interp = NULL;
  g_autofree char *soname = NULL;
  g_autofree char *build_id = NULL;
  g_autofree char *type = NULL;
  g_autofree char *machine = NULL;
  g_autofree char *highest_glibc = NULL;
  const char *float_abi = NULL;
  gboolean is64 = FALSE, be = FALSE, pie_flag = FALSE, has_symtab = FALSE, has_dwarf = FALSE;
  gboolean in_verneed = FALSE, in_sections = FALSE;
  const char *library = NULL;
  g_autofree char *library_owned = NULL;
  GPtrArray *sections;
  const char *expect_arch;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *l = lines[i];
      char *v;

      if (g_str_has_prefix (l, "  Class:"))
        is64 = strstr (l, "ELF64") != NULL;
      else if (g_str_has_prefix (l, "  Data:"))
        be = strstr (l, "big endian") != NULL;
      else if (g_str_has_prefix (l, "  Type:"))
        type = g_strstrip (g_strdup (l + 7));
      else if (g_str_has_prefix (l, "  Flags:"))
        float_abi = strstr (l, "hard-float ABI") ? "hard" : strstr (l, "soft-float ABI") ? "soft" : NULL;
      else if (g_str_has_prefix (l, "  Machine:"))
        machine = g_strstrip (g_strdup (l + 10));
      else if (strstr (l, "[Requesting program interpreter: ") != NULL)
        {
          const char *start = strstr (l, "interpreter: ") + 13;
          const char *end = strrchr (start, ']');

          g_free (interp);
          interp = g_strndup (start, end ? (gsize) (end - start) : strlen (start));
        }
      else if ((v = bracketed_after (l, "(NEEDED)")) != NULL)
        g_ptr_array_add (needed, v);
      else if ((v = bracketed_after (l, "(SONAME)")) != NULL)
        {
          g_free (soname);
          soname = v;
        }
      else if ((v = bracketed_after (l, "(RPATH)")) != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (v, ":", -1);

          for (guint k = 0; parts[k]; k++)
            g_ptr_array_add (rpath, g_strdup (parts[k]));
          g_free (v);
        }
      else if ((v = bracketed_after (l, "(RUNPATH)")) != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (v, ":", -1);

          for (guint k = 0; parts[k]; k++)
            g_ptr_array_add (runpath, g_strdup (parts[k]));
          g_free (v);
        }
      else if (strstr (l, "(FLAGS_1)") != NULL && strstr (l, " PIE") != NULL)
        pie_flag = TRUE;
      else if (strstr (l, "Build ID:") != NULL)
        {
          g_free (build_id);
          build_id = g_strstrip (g_strdup (strstr (l, "Build ID:") + 9));
        }

      if (g_str_has_prefix (l, "Section Headers:"))
        in_sections = TRUE;
      else if (in_sections && g_str_has_prefix (l, "Key to Flags"))
        in_sections = FALSE;
      else if (in_sections && strstr (l, "] ") != NULL && strstr (l, "[Nr]") == NULL && strstr (l, "[ 0]") == NULL)
        {
          g_auto(GStrv) tok = NULL;
          const char *rest = strstr (l, "] ") + 2;
          g_autofree char *copy = g_strdup (rest);
          guint n = 0;

          tok = g_strsplit_set (g_strstrip (copy), " ", -1);
          /* name type addr off size …, skipping the empty tokens */
          {
            const char *f[6] = { 0 };

            for (guint k = 0; tok[k] && n < 6; k++)
              if (tok[k][0] != '\0')
                f[n++] = tok[k];
            if (n >= 5 && !g_str_equal (f[1], "NULL"))
              {
                if (g_str_equal (f[1], "SYMTAB"))
                  has_symtab = TRUE;
                if (g_str_equal (f[0], ".debug_info") || g_str_equal (f[0], ".zdebug_info"))
                  has_dwarf = TRUE;
                g_ptr_array_add (section_names,
                                 g_strdup_printf ("%s@%" G_GINT64_MODIFIER "x+%" G_GINT64_MODIFIER "x", f[0],
                                                  g_ascii_strtoull (f[3], NULL, 16), g_ascii_strtoull (f[4], NULL, 16)));
              }
          }
        }

      if (g_str_has_prefix (l, "Version needs section"))
        in_verneed = TRUE;
      else if (in_verneed && (l[0] == '\0' || g_str_has_prefix (l, "Version")))
        in_verneed = l[0] == '\0' ? FALSE : in_verneed;
      if (in_verneed && strstr (l, "File: ") != NULL)
        {
          const char *f = strstr (l, "File: ") + 6;
          const char *sp = strchr (f, ' ');

          g_free (library_owned);
          library_owned = sp ? g_strndup (f, sp - f) : g_strdup (f);
          library = library_owned;
        }
      else if (in_verneed && strstr (l, "Name: ") != NULL && library != NULL)
        {
          const char *f = strstr (l, "Name: ") + 6;
          const char *sp = strchr (f, ' ');
          g_autofree char *name = sp ? g_strndup (f, sp - f) : g_strdup (f);

          g_ptr_array_add (versions, g_strdup_printf ("%s:%s", library, name));
          if (g_str_has_prefix (name, "GLIBC_") && g_ascii_isdigit (name[6])
              && (highest_glibc == NULL || gantry_version_compare (name + 6, highest_glibc) > 0))
            {
              g_free (highest_glibc);
              highest_glibc = g_strdup (name + 6);
            }
        }
    }

  g_assert_nonnull (type);
  g_assert_nonnull (machine);
  g_assert_cmpstr (gantry_binary_get_format_name (bin), ==, "elf");
  g_assert_cmpuint (gantry_binary_get_bits (bin), ==, is64 ? 64 : 32);
  g_assert_cmpint (gantry_binary_get_big_endian (bin), ==, be);
  g_assert_cmpstr (gantry_binary_get_machine (bin), ==, machine);
  g_assert_cmpstr (gantry_binary_get_float_abi (bin), ==, float_abi);
  expect_arch = arch_for_readelf_machine (machine, is64, be);
  if (expect_arch != NULL)
    g_assert_cmpstr (gantry_binary_get_arch (bin), ==, expect_arch);

  if (g_str_has_prefix (type, "EXEC"))
    g_assert_cmpstr (gantry_binary_get_file_type (bin), ==, "executable");
  else if (g_str_has_prefix (type, "DYN"))
    g_assert_cmpstr (gantry_binary_get_file_type (bin), ==,
                     interp != NULL || pie_flag ? "pie-executable" : "shared-library");
  else if (g_str_has_prefix (type, "REL"))
    g_assert_cmpstr (gantry_binary_get_file_type (bin), ==, "object");

  g_assert_cmpstr (gantry_binary_get_interpreter (bin), ==, interp);
  g_assert_cmpstr (gantry_binary_get_soname (bin), ==, soname);
  assert_strings (gantry_binary_get_needed (bin), needed, "needed", path);
  assert_strings (gantry_binary_get_rpath (bin), rpath, "rpath", path);
  assert_strings (gantry_binary_get_runpath (bin), runpath, "runpath", path);

  for (guint i = 0; i < gantry_binary_get_version_needs (bin)->len; i++)
    {
      const GantryVersionNeed *v = g_ptr_array_index (gantry_binary_get_version_needs (bin), i);

      g_ptr_array_add (got_versions, g_strdup_printf ("%s:%s", v->library, v->version));
    }
  assert_strings (got_versions, versions, "version needs", path);
  g_assert_cmpstr (gantry_binary_get_glibc_floor (bin), ==, highest_glibc);
  g_assert_cmpstr (gantry_binary_get_build_id (bin), ==, build_id);
  g_assert_cmpint (gantry_binary_get_stripped (bin), ==, !has_symtab);
  g_assert_cmpint (gantry_binary_get_has_dwarf (bin), ==, has_dwarf);

  sections = gantry_binary_get_sections (bin);
  if (section_names->len > 0)
    {
      for (guint i = 0; i < sections->len; i++)
        {
          const GantrySection *s = g_ptr_array_index (sections, i);

          g_ptr_array_add (got_sections, g_strdup_printf ("%s@%" G_GINT64_MODIFIER "x+%" G_GINT64_MODIFIER "x",
                                                          s->name, s->offset, s->size));
        }
      assert_strings (got_sections, section_names, "sections", path);
    }

  /* Linkage, as the loader sees it. */
  if (interp != NULL)
    g_assert_cmpint (gantry_binary_get_linkage (bin), ==, GANTRY_LINKAGE_DYNAMIC);
  else if (g_str_has_prefix (type, "DYN") && pie_flag)
    g_assert_cmpint (gantry_binary_get_linkage (bin), ==, GANTRY_LINKAGE_STATIC_PIE);
  else if (g_str_has_prefix (type, "EXEC") && needed->len == 0)
    g_assert_cmpint (gantry_binary_get_linkage (bin), ==, GANTRY_LINKAGE_STATIC);
}

void
oracle_check_objdump_pe (GantryBinary *bin,
                         const char   *path)
{
  g_autofree char *objdump = g_find_program_in_path ("x86_64-w64-mingw32-objdump");
  const char *argv[] = { objdump ? objdump : "objdump", "-p", "-h", path, NULL };
  g_autofree char *out = tool_output (argv);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  g_autoptr(GPtrArray) dlls = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) sections = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) got_sections = g_ptr_array_new_with_free_func (g_free);
  gboolean pe32plus = FALSE, has_magic = FALSE, in_delay = FALSE, in_sections = FALSE;
  const char *subsystem = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *l = lines[i];

      if (g_str_has_prefix (l, "Magic\t"))
        {
          has_magic = TRUE;
          pe32plus = strstr (l, "PE32+") != NULL;
        }
      else if (g_str_has_prefix (l, "Subsystem\t"))
        subsystem = strstr (l, "(Windows GUI)") ? "gui" : strstr (l, "(Windows CUI)") ? "console" : NULL;
      else if (strstr (l, "Delay Import Tables") != NULL)
        in_delay = TRUE;
      else if (strstr (l, "The Import Tables") != NULL)
        in_delay = FALSE;
      else if (g_str_has_prefix (l, "\tDLL Name: ") && !in_delay)
        g_ptr_array_add (dlls, g_strdup (l + 11));

      if (g_str_has_prefix (l, "Sections:"))
        in_sections = TRUE;
      else if (in_sections && g_ascii_isdigit (g_strchug ((char *) l)[0]))
        {
          g_autofree char *copy = g_strdup (l);
          g_auto(GStrv) tok = g_strsplit_set (g_strstrip (copy), " \t", -1);
          const char *f[6] = { 0 };
          guint n = 0;

          for (guint k = 0; tok[k] && n < 6; k++)
            if (tok[k][0] != '\0')
              f[n++] = tok[k];
          /* Idx Name Size VMA LMA File-off */
          if (n == 6)
            g_ptr_array_add (sections, g_strdup (f[1]));
        }
    }

  g_assert_true (has_magic);
  g_assert_cmpstr (gantry_binary_get_format_name (bin), ==, "pe");
  g_assert_cmpstr (gantry_binary_get_format_detail (bin), ==, pe32plus ? "PE32+" : "PE32");
  g_assert_cmpuint (gantry_binary_get_bits (bin), ==, pe32plus ? 64 : 32);
  if (subsystem != NULL)
    g_assert_cmpstr (gantry_binary_get_subsystem (bin), ==, subsystem);

  for (guint i = 0; i < gantry_binary_get_imports (bin)->len; i++)
    {
      const GantryImport *imp = g_ptr_array_index (gantry_binary_get_imports (bin), i);

      if (!imp->delay_load)
        g_ptr_array_add (got, g_strdup (imp->name));
    }
  /* binutils 2.40 misreads the import table of Go's PE files (it looks
   * for it in .zdebug_info); llvm-readobj reads it right, so it is the
   * oracle for imports when installed. */
  {
    g_autofree char *readobj = g_find_program_in_path ("llvm-readobj-14");

    if (readobj != NULL)
      {
        const char *rargv[] = { readobj, "--coff-imports", path, NULL };
        g_autofree char *rout = tool_output (rargv);
        g_auto(GStrv) rlines = g_strsplit (rout, "\n", -1);
        gboolean in_import = FALSE;

        g_ptr_array_set_size (dlls, 0);
        for (guint i = 0; rlines[i] != NULL; i++)
          {
            if (g_str_has_prefix (rlines[i], "Import {"))
              in_import = TRUE;
            else if (g_str_has_prefix (rlines[i], "DelayImport {"))
              in_import = FALSE;
            else if (in_import && g_str_has_prefix (rlines[i], "  Name: "))
              g_ptr_array_add (dlls, g_strdup (rlines[i] + 8));
          }
      }
  }
  assert_strings (got, dlls, "imported DLLs", path);

  for (guint i = 0; i < gantry_binary_get_sections (bin)->len; i++)
    {
      const GantrySection *s = g_ptr_array_index (gantry_binary_get_sections (bin), i);

      if (!g_str_equal (s->name, "COFF symbol table"))
        g_ptr_array_add (got_sections, g_strdup (s->name));
    }
  assert_strings (got_sections, sections, "sections", path);
}

void
oracle_check_otool (GantryBinary *bin,
                    const char   *path)
{
  const char *argv_l[] = { "llvm-otool-14", "-L", path, NULL };
  const char *argv_h[] = { "llvm-objdump-14", "--macho", "--private-headers", path, NULL };
  g_autofree char *libs = tool_output (argv_l);
  g_autofree char *heads = tool_output (argv_h);
  g_auto(GStrv) lines = g_strsplit (libs, "\n", -1);
  g_auto(GStrv) hlines = g_strsplit (heads, "\n", -1);
  g_autoptr(GPtrArray) dylibs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dylinker = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *cputype = NULL;
  g_autofree char *got_uuid = NULL;

  for (guint i = 1; lines[i] != NULL; i++)
    {
      const char *l = lines[i];
      const char *paren;

      if (l[0] != '\t')
        continue;
      paren = strstr (l, " (compatibility");
      g_ptr_array_add (dylibs, paren ? g_strndup (l + 1, paren - l - 1) : g_strdup (l + 1));
    }
  for (guint i = 0; hlines[i] != NULL; i++)
    {
      const char *l = g_strchug (hlines[i]);

      if (g_str_has_prefix (l, "name ") && strstr (l, "dyld") != NULL && dylinker == NULL)
        {
          const char *sp = strstr (l, " (offset");

          dylinker = g_strndup (l + 5, sp ? (gsize) (sp - l - 5) : strlen (l + 5));
        }
      else if (g_str_has_prefix (l, "uuid "))
        uuid = g_strdup (l + 5);
      else if (g_str_has_prefix (l, "MH_MAGIC"))
        {
          g_auto(GStrv) tok = g_strsplit_set (l, " ", -1);
          guint n = 0;

          for (guint k = 0; tok[k]; k++)
            if (tok[k][0] != '\0' && n++ == 1)
              cputype = g_strdup (tok[k]);
        }
    }

  g_assert_cmpstr (gantry_binary_get_format_name (bin), ==, "macho");
  assert_strings (gantry_binary_get_needed (bin), dylibs, "dylibs", path);
  g_assert_cmpstr (gantry_binary_get_interpreter (bin), ==, dylinker);
  if (uuid != NULL)
    {
      /* otool prints 8-4-4-4-12 upper case; gantry plain hex. */
      g_autoptr(GString) plain = g_string_new (NULL);

      for (const char *p = uuid; *p; p++)
        if (*p != '-')
          g_string_append_c (plain, g_ascii_tolower (*p));
      got_uuid = g_strdup (gantry_binary_get_build_id (bin));
      g_assert_cmpstr (got_uuid, ==, plain->str);
    }
  else
    g_assert_null (gantry_binary_get_build_id (bin));
  g_assert_nonnull (cputype);
  if (g_str_equal (cputype, "ARM64"))
    g_assert_cmpstr (gantry_binary_get_arch (bin), ==, "arm64");
  else if (g_str_equal (cputype, "X86_64"))
    g_assert_cmpstr (gantry_binary_get_arch (bin), ==, "amd64");
  else
    g_error ("unexpected cputype %s", cputype);
}

void
oracle_check_go_version (GantryBinary *bin,
                         const char   *path)
{
  const char *argv[] = { "go", "version", "-m", path, NULL };
  const char *env[] = { "GOTOOLCHAIN=local", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *prefix = g_strdup_printf ("%s: ", path);
  GPtrArray *deps = gantry_binary_get_go_deps (bin);
  GPtrArray *settings = gantry_binary_get_go_settings (bin);
  const GantryGoModule *main_mod = gantry_binary_get_go_main (bin);
  guint n_deps = 0, n_settings = 0;
  GantryGoModule *last = NULL;
  gboolean saw_mod = FALSE;
  int rc;

  rc = oracle_run (NULL, env, argv, &out, &err);
  g_assert_cmpint (rc, ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], prefix));
  g_assert_true (gantry_binary_get_is_go (bin));
  g_assert_cmpstr (gantry_binary_get_go_version (bin), ==, lines[0] + strlen (prefix));

  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;

      if (lines[i][0] != '\t')
        continue;
      if (g_str_has_prefix (lines[i], "\tbuild\t"))
        {
          const char *kv = lines[i] + 7;
          const char *eq;
          g_autofree char *key = NULL;
          g_autofree char *value = NULL;
          const GantryGoSetting *s;

          if (kv[0] == '"')
            {
              const char *q = kv + 1;

              while (*q && *q != '"')
                q += (*q == '\\') ? 2 : 1;
              key = gantry_go_unquote (kv, q - kv + 1);
              eq = q + 1;
            }
          else
            {
              eq = strchr (kv, '=');
              key = g_strndup (kv, eq - kv);
            }
          g_assert_cmpint (*eq, ==, '=');
          value = eq[1] == '"' ? gantry_go_unquote (eq + 1, -1) : g_strdup (eq + 1);
          g_assert_nonnull (value);
          g_assert_cmpuint (n_settings, <, settings->len);
          s = g_ptr_array_index (settings, n_settings++);
          g_assert_cmpstr (s->key, ==, key);
          g_assert_cmpstr (s->value, ==, value);
          g_assert_cmpstr (gantry_binary_get_go_setting (bin, key), ==, value);
          continue;
        }

      f = g_strsplit (lines[i] + 1, "\t", -1);
      if (f[0] == NULL || f[1] == NULL)
        continue;
      if (g_str_equal (f[0], "path"))
        g_assert_cmpstr (gantry_binary_get_go_path (bin), ==, f[1]);
      else if (g_str_equal (f[0], "mod"))
        {
          g_assert_nonnull (main_mod);
          g_assert_cmpstr (main_mod->path, ==, f[1]);
          g_assert_cmpstr (main_mod->version, ==, f[2]);
          g_assert_cmpstr (main_mod->sum, ==, f[2] && f[3] && f[3][0] ? f[3] : NULL);
          last = (GantryGoModule *) main_mod;
          saw_mod = TRUE;
        }
      else if (g_str_equal (f[0], "dep"))
        {
          g_assert_cmpuint (n_deps, <, deps->len);
          last = g_ptr_array_index (deps, n_deps++);
          g_assert_cmpstr (last->path, ==, f[1]);
          g_assert_cmpstr (last->version, ==, f[2]);
          g_assert_cmpstr (last->sum, ==, f[2] && f[3] && f[3][0] ? f[3] : NULL);
        }
      else if (g_str_equal (f[0], "=>"))
        {
          g_assert_nonnull (last);
          g_assert_cmpstr (last->replace_path, ==, f[1]);
          g_assert_cmpstr (last->replace_version, ==, f[2]);
        }
    }
  if (!saw_mod)
    g_assert_null (main_mod);
  g_assert_cmpuint (n_deps, ==, deps->len);
  g_assert_cmpuint (n_settings, ==, settings->len);
}

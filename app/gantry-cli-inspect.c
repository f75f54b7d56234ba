/* gantry-cli-inspect.c — gantry inspect FILE... [--json] | --compare A B (the facts of gantry-compare-model.h) */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-cli"

#include "config.h"

#include <stdio.h>

#include <json-glib/json-glib.h>

#include "gantry-cli.h"
#include "gantry-compare-model.h"
#include "gantry-reach.h"
#include "gantry-inspect.h"

static const char json_fields[] =
  "JSON (--json): an array with one object per FILE, fields in this order:\n"
  "  file, file_size            the path and its size in bytes\n"
  "  format                     \"elf\", \"pe\", \"macho\" or \"macho-fat\"\n"
  "  format_detail              e.g. \"ELF64 little-endian\", \"PE32+\"\n"
  "  bits, endian               32 or 64; \"little\" or \"big\"\n"
  "  file_type                  \"executable\", \"pie-executable\", \"shared-library\",\n"
  "                             \"dll\", \"object\", \"core\", \"bundle\"…\n"
  "  machine                    the machine as the format names it\n"
  "  os, arch, target           Go names: \"linux\", \"amd64\", \"linux/amd64\"\n"
  "  float_abi                  ARM only: \"hard\", \"soft\" or null\n"
  "  linkage                    \"static\", \"static-pie\", \"dynamic\" or \"none\" (objects);\n"
  "                             a PE is \"dynamic\" when it needs a DLL Windows lacks\n"
  "  interpreter, soname        PT_INTERP / LC_LOAD_DYLINKER; DT_SONAME / LC_ID_DYLIB\n"
  "  needed, rpath, runpath     arrays of strings (DT_NEEDED, LC_LOAD_DYLIB…)\n"
  "  imports                    PE: [{dll, kind (\"system\", \"mingw-runtime\",\n"
  "                             \"other\"), ships_with_exe, delay_load}]\n"
  "  libc                       \"glibc\", \"musl\", \"bionic\", \"msvcrt\", \"ucrt\",\n"
  "                             \"msvc\", \"libSystem\", \"none\" or null (unknown)\n"
  "  version_needs              [{library, version}] e.g. libc.so.6 GLIBC_2.34\n"
  "  glibc_floor, glibcxx_floor, cxxabi_floor   highest needed, e.g. \"2.34\"\n"
  "  subsystem                  PE: \"console\", \"gui\"…\n"
  "  stripped, dwarf, build_id  no symbol table; DWARF present; GNU build-id,\n"
  "                             Mach-O UUID or PE CodeView GUID+age (hex)\n"
  "  sizes                      {file, code, rodata, data, bss, go, debug, symbols,\n"
  "                             other, headers} in bytes (bss takes no file room)\n"
  "  sections                   [{name, offset, size, group, in_file}]\n"
  "  go                         null, or {version, path, main, deps, settings,\n"
  "                             build_id, buildinfo_format}; main and each dep are\n"
  "                             {path, version, sum, replace}; settings maps each\n"
  "                             build setting (-ldflags, CGO_ENABLED, GOOS…) to its value\n"
  "  slices                     Mach-O universal: one object like this per architecture\n"
  "A file that cannot be inspected gives {file, error: {code, message}}, code being\n"
  "\"read\", \"not-executable\" or \"malformed\".\n"
  "With --compare: {a, b, differences: [the names of the rows marked *], conclusion: what each needs to run}.\n"
  "\n"
  "Exit status: 0 when every file was inspected, 1 when one could not be, 2 on\n"
  "a usage error.";

static const char *
or_dash (const char *s)
{
  return s != NULL && s[0] != '\0' ? s : "-";
}

static char *
join (GPtrArray *values)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < values->len; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, g_ptr_array_index (values, i));
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
join_imports (GantryBinary *bin)
{
  GPtrArray *imports = gantry_binary_get_imports (bin);
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < imports->len; i++)
    {
      const GantryImport *imp = g_ptr_array_index (imports, i);

      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, imp->name);
      if (imp->kind == GANTRY_DLL_MINGW_RUNTIME)
        g_string_append (s, " (MinGW runtime: ship it)");
      else if (imp->kind == GANTRY_DLL_OTHER)
        g_string_append (s, " (ship it)");
      if (imp->delay_load)
        g_string_append (s, " (delay-loaded)");
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
describe_libc (GantryBinary *bin)
{
  const char *libc = gantry_binary_get_libc (bin);
  const char *floor = gantry_binary_get_glibc_floor (bin);

  if (libc == NULL)
    return g_strdup ("unknown");
  if (g_str_equal (libc, "none"))
    return g_strdup ("none (no C library)");
  if (floor != NULL)
    return g_strdup_printf ("%s, needs glibc %s or newer", libc, floor);
  return g_strdup (libc);
}

static char *
describe_versions (GantryBinary *bin)
{
  GPtrArray *needs = gantry_binary_get_version_needs (bin);
  g_autoptr(GString) s = g_string_new (NULL);
  const char *last = NULL;

  for (guint i = 0; i < needs->len; i++)
    {
      const GantryVersionNeed *v = g_ptr_array_index (needs, i);

      if (g_strcmp0 (last, v->library) != 0)
        {
          if (last != NULL)
            g_string_append (s, "; ");
          g_string_append_printf (s, "%s:", v->library);
          last = v->library;
        }
      g_string_append_printf (s, " %s", v->version);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
describe_sizes (GantryBinary *bin)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *total = g_format_size (gantry_binary_get_file_size (bin));
  g_autofree char *headers = g_format_size (gantry_binary_get_headers_size (bin));

  g_string_append_printf (s, "%s:", total);
  for (guint g = 0; g < GANTRY_SECTION_GROUP_N; g++)
    {
      guint64 size = gantry_binary_get_group_size (bin, g);
      g_autofree char *text = NULL;

      if (size == 0 || g == GANTRY_SECTION_GROUP_BSS)
        continue;
      text = g_format_size (size);
      g_string_append_printf (s, " %s %s,", gantry_section_group_to_string (g), text);
    }
  g_string_append_printf (s, " headers and rest %s", headers);
  if (gantry_binary_get_group_size (bin, GANTRY_SECTION_GROUP_BSS) > 0)
    {
      g_autofree char *bss = g_format_size (gantry_binary_get_group_size (bin, GANTRY_SECTION_GROUP_BSS));

      g_string_append_printf (s, " (plus bss %s in memory)", bss);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
row (const char *label,
     const char *value)
{
  g_print ("  %-12s %s\n", label, value);
}

static void
print_go (GantryBinary *bin)
{
  const GantryGoModule *main_mod = gantry_binary_get_go_main (bin);
  GPtrArray *deps = gantry_binary_get_go_deps (bin);
  GPtrArray *settings = gantry_binary_get_go_settings (bin);

  row ("go", or_dash (gantry_binary_get_go_version (bin)));
  if (gantry_binary_get_go_path (bin) != NULL)
    g_print ("    path     %s\n", gantry_binary_get_go_path (bin));
  if (main_mod != NULL)
    g_print ("    mod      %s %s%s%s\n", main_mod->path, or_dash (main_mod->version),
             main_mod->sum ? " " : "", main_mod->sum ? main_mod->sum : "");
  for (guint i = 0; i < deps->len; i++)
    {
      const GantryGoModule *m = g_ptr_array_index (deps, i);

      g_print ("    dep      %s %s%s%s\n", m->path, or_dash (m->version), m->sum ? " " : "", m->sum ? m->sum : "");
      if (m->replace_path != NULL)
        g_print ("      =>     %s %s\n", m->replace_path, or_dash (m->replace_version));
    }
  for (guint i = 0; i < settings->len; i++)
    {
      const GantryGoSetting *s = g_ptr_array_index (settings, i);

      g_print ("    build    %s=%s\n", s->key, s->value);
    }
  if (gantry_binary_get_go_build_id (bin) != NULL)
    g_print ("    build ID %s\n", gantry_binary_get_go_build_id (bin));
}

static void
print_binary (GantryBinary *bin,
              gboolean      nested)
{
  g_autofree char *target = gantry_binary_dup_target (bin);
  g_autofree char *format = g_strdup_printf ("%s, %s", gantry_binary_get_format_detail (bin),
                                             or_dash (gantry_binary_get_file_type (bin)));
  g_autofree char *target_text = NULL;
  g_autofree char *libc = describe_libc (bin);
  g_autofree char *sizes = describe_sizes (bin);
  g_autofree char *debug = NULL;
  GPtrArray *slices = gantry_binary_get_slices (bin);

  g_print ("%s%s\n", nested ? "  " : "", gantry_binary_get_file (bin));
  row ("format", format);
  if (gantry_binary_get_float_abi (bin) != NULL)
    target_text = g_strdup_printf ("%s (%s, %s-float)", target, gantry_binary_get_machine (bin),
                                   gantry_binary_get_float_abi (bin));
  else
    target_text = g_strdup_printf ("%s (%s)", target, gantry_binary_get_machine (bin));
  row ("target", target_text);
  row ("linkage", gantry_linkage_to_string (gantry_binary_get_linkage (bin)));
  if (gantry_binary_get_interpreter (bin) != NULL)
    row ("interpreter", gantry_binary_get_interpreter (bin));
  if (gantry_binary_get_soname (bin) != NULL)
    row ("soname", gantry_binary_get_soname (bin));
  row ("libc", libc);
  if (gantry_binary_get_needed (bin)->len > 0)
    {
      g_autofree char *needed = join (gantry_binary_get_needed (bin));
      row ("needed", needed);
    }
  if (gantry_binary_get_rpath (bin)->len > 0)
    {
      g_autofree char *rpath = join (gantry_binary_get_rpath (bin));
      row ("rpath", rpath);
    }
  if (gantry_binary_get_runpath (bin)->len > 0)
    {
      g_autofree char *runpath = join (gantry_binary_get_runpath (bin));
      row ("runpath", runpath);
    }
  if (gantry_binary_get_imports (bin)->len > 0)
    {
      g_autofree char *imports = join_imports (bin);
      GPtrArray *list = gantry_binary_get_imports (bin);

      row ("imports", imports);
      for (guint i = 0; i < list->len; i++)
        {
          const GantryImport *imp = g_ptr_array_index (list, i);

          if (imp->kind == GANTRY_DLL_MINGW_RUNTIME)
            g_print ("  %-12s needs %s beside the exe: ship it, or link the MinGW runtime statically "
                     "(-extldflags -static)\n", "warning", imp->name);
        }
    }
  if (gantry_binary_get_subsystem (bin) != NULL)
    row ("subsystem", gantry_binary_get_subsystem (bin));
  if (gantry_binary_get_version_needs (bin)->len > 0)
    {
      g_autofree char *versions = describe_versions (bin);
      row ("versions", versions);
    }
  debug = g_strdup_printf ("%s, %s%s%s",
                           gantry_binary_get_stripped (bin) ? "stripped" : "not stripped (symbol table present)",
                           gantry_binary_get_has_dwarf (bin) ? "DWARF present" : "no DWARF",
                           gantry_binary_get_build_id (bin) ? ", build-id " : "",
                           gantry_binary_get_build_id (bin) ? gantry_binary_get_build_id (bin) : "");
  row ("debug", debug);
  row ("size", sizes);
  if (gantry_binary_get_is_go (bin))
    print_go (bin);
  for (guint i = 0; i < slices->len; i++)
    print_binary (g_ptr_array_index (slices, i), TRUE);
}

static const char *
error_code (const GError *error)
{
  if (g_error_matches (error, GANTRY_INSPECT_ERROR, GANTRY_INSPECT_ERROR_MALFORMED))
    return "malformed";
  if (g_error_matches (error, GANTRY_INSPECT_ERROR, GANTRY_INSPECT_ERROR_NOT_EXECUTABLE))
    return "not-executable";
  return "read";
}

static JsonNode *
error_to_json (const char   *file,
               const GError *error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "file");
  json_builder_add_string_value (b, file);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, error_code (error));
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, error->message);
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
print_json_node (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, TRUE);

  gantry_cli_print_json (text);
}

/* A fact on one line: a cell of several (needed libraries) is joined with ", ". */
static char *
one_line (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  return g_strjoinv (", ", lines);
}

/* Pads by characters, not bytes: sizes hold a no-break space. */
static void
print_compare_row (char        mark,
                   const char *label,
                   const char *a,
                   const char *b,
                   int         width)
{
  glong len = g_utf8_strlen (a, -1);
  g_autofree char *pad = g_strnfill (len < width ? (gsize) (width - len) : 0, ' ');

  g_print ("%c %-22s %s%s %s\n", mark, label, a, pad, b);
}

static int
run_compare (const char *command,
             const char *path_a,
             const char *path_b,
             gboolean    as_json)
{
  g_autoptr(GantryBinary) a = NULL;
  g_autoptr(GantryBinary) b = NULL;
  g_autoptr(GListStore) store = NULL;
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *conclusion = NULL;
  GListModel *rows;
  guint n;
  int width = 20;

  a = gantry_inspect_path (path_a, &error);
  if (a == NULL)
    return gantry_cli_fail (command, error);
  b = gantry_inspect_path (path_b, &error);
  if (b == NULL)
    return gantry_cli_fail (command, error);

  /* the same facts the window's comparison shows */
  store = gantry_compare_rows_new (a, b);
  rows = G_LIST_MODEL (store);
  n = g_list_model_get_n_items (rows);
  /* and the same sentence: what each needs to run (nothing ran here) */
  {
    GantryReachSide left = { "A", a, NULL, NULL };
    GantryReachSide right = { "B", b, NULL, NULL };

    conclusion = gantry_reach_conclusion (&left, &right);
  }

  if (as_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "a");
      json_builder_add_value (builder, gantry_binary_to_json (a));
      json_builder_set_member_name (builder, "b");
      json_builder_add_value (builder, gantry_binary_to_json (b));
      json_builder_set_member_name (builder, "differences");
      json_builder_begin_array (builder);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GantryCompareRow) r = g_list_model_get_item (rows, i);

          if (gantry_compare_row_get_differs (r))
            json_builder_add_string_value (builder, gantry_compare_row_get_key (r));
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "conclusion");
      json_builder_add_string_value (builder, conclusion);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      print_json_node (root);
      return GANTRY_EXIT_OK;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GantryCompareRow) r = g_list_model_get_item (rows, i);
      char *left = one_line (gantry_compare_row_get_left (r));

      g_ptr_array_add (cells, left);
      g_ptr_array_add (cells, one_line (gantry_compare_row_get_right (r)));
      width = MAX (width, (int) MIN (g_utf8_strlen (left, -1), 48));
    }

  print_compare_row (' ', "", "A", "B", width);
  print_compare_row (' ', "file", path_a, path_b, width);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GantryCompareRow) r = g_list_model_get_item (rows, i);

      print_compare_row (gantry_compare_row_get_differs (r) ? '*' : ' ', gantry_compare_row_get_key (r),
                         g_ptr_array_index (cells, 2 * i), g_ptr_array_index (cells, 2 * i + 1), width);
    }
  g_print ("\nRows marked * differ.\nIn short: %s\n", conclusion);
  return GANTRY_EXIT_OK;
}

static int
inspect_run (int    argc,
             char **argv)
{
  const char *command = argv[0];
  gboolean as_json = FALSE;
  gboolean compare = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, "Print JSON (fields below) instead of a text report", NULL },
    { "compare", 'c', 0, G_OPTION_ARG_NONE, &compare, "Show two files side by side, differences marked", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE... | --compare A B");
  int rc = GANTRY_EXIT_OK;

  g_option_context_set_summary (context,
                                "Inspect executables and libraries (ELF, PE, Mach-O) with Gantry's own reader:\n"
                                "target, static or dynamic, interpreter, needed libraries or DLLs, glibc floor,\n"
                                "debug info, sizes by section group and Go build info (like `go version -m`).\n"
                                "No readelf, objdump or go is needed.");
  g_option_context_set_description (context, json_fields);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!gantry_cli_parse (context, command, &argc, &argv, 1, -1, &rc))
    return rc;

  if (compare)
    {
      if (argc - 1 != 2)
        return gantry_cli_usage_error (command, "--compare takes exactly two files, got %d: run '%s --help' for the usage.",
                                       argc - 1, command);
      return run_compare (command, argv[1], argv[2], as_json);
    }

  /* JSON goes out one file at a time: a batch of thousands never
   * builds one big tree. */
  if (as_json)
    fputs ("[\n", stdout);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GantryBinary) bin = gantry_inspect_path (argv[i], &error);
      g_autofree char *text = NULL;

      if (bin == NULL)
        {
          g_autoptr(JsonNode) node = NULL;

          rc = GANTRY_EXIT_FAILED;
          if (!as_json)
            {
              gantry_cli_fail (command, error);
              continue;
            }
          node = error_to_json (argv[i], error);
          text = json_to_string (node, TRUE);
        }
      else if (as_json)
        text = gantry_binary_to_json_text (bin);
      else
        {
          if (i > 1)
            g_print ("\n");
          print_binary (bin, FALSE);
          continue;
        }

      fputs (text, stdout);
      fputs (i + 1 < argc ? ",\n" : "\n", stdout);
    }

  if (as_json)
    {
      fputs ("]\n", stdout);
      fflush (stdout);
    }
  return rc;
}

const GantryVerb gantry_verb_inspect = {
  "inspect", "read executables: target, linkage, libraries, glibc floor, Go build info", inspect_run,
};

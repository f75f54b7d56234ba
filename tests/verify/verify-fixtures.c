/* verify-fixtures.c — real binaries the verify tests build for themselves */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "gantry-test-util.h"
#include "verify-fixtures.h"

const char verify_fixture_hello_c[] =
  "#include <stdio.h>\n"
  "#include <string.h>\n"
  "#ifdef _WIN32\n"
  "# include <windows.h>\n"
  "# define wait_forever() Sleep (INFINITE)\n"
  "#else\n"
  "# include <unistd.h>\n"
  "# define wait_forever() for (;;) pause ()\n"
  "#endif\n"
  "int main (int argc, char **argv)\n"
  "{\n"
  "  if (argc > 1 && strcmp (argv[1], \"fail\") == 0) { fprintf (stderr, \"cannot open config.toml\\n\"); return 3; }\n"
  "  if (argc > 1 && strcmp (argv[1], \"hang\") == 0) wait_forever ();\n"
  "  printf (\"hello from %s\\n\", argv[0]);\n"
  "  return 0;\n"
  "}\n";

char *
verify_fixture_compile (const char *dir,
                        const char *compiler,
                        const char *name,
                        const char *source,
                        ...)
{
  g_autofree char *program = g_find_program_in_path (compiler);
  g_autofree char *src_name = g_strconcat (name, ".c", NULL);
  g_autofree char *src = g_build_filename (dir, src_name, NULL);
  g_autofree char *out = g_build_filename (dir, name, NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  const char *arg;
  va_list args;

  if (program == NULL)
    return NULL;

  gantry_test_write_file (dir, src_name, source);
  g_ptr_array_add (argv, program);
  g_ptr_array_add (argv, src);
  g_ptr_array_add (argv, (char *) "-o");
  g_ptr_array_add (argv, out);
  va_start (args, source);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &log, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (proc))
    g_error ("%s could not build %s:\n%s", compiler, name, log);
  return g_steal_pointer (&out);
}

GantryVerdict *
verify_fixture_find (GPtrArray  *verdicts,
                     const char *check,
                     const char *place)
{
  for (guint i = 0; i < verdicts->len; i++)
    {
      GantryVerdict *v = g_ptr_array_index (verdicts, i);

      if (g_str_equal (v->check, check) && (place == NULL || g_str_equal (v->place, place)))
        return v;
    }
  return NULL;
}

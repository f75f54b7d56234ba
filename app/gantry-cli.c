/* gantry-cli.c — the command line: a table of verbs, each in its own file */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>


#include "gantry-cli.h"

#ifdef G_OS_UNIX
#include <unistd.h>
#else
#include <io.h>
#endif

/* One line per verb. A later verb adds its file and one line here;
 * nothing else changes. The GUI is never started from this table:
 * verbs run in CI, over ssh and in scripts, without a display. */
static const GantryVerb *const verbs[] = {
  &gantry_verb_project,
  &gantry_verb_build,
  &gantry_verb_recipe,
  &gantry_verb_runs,
  &gantry_verb_status,
  &gantry_verb_toolchain,
  &gantry_verb_doctor,
  &gantry_verb_inspect,
  &gantry_verb_verify,
};

static void
print_main_help (FILE *out)
{
  fprintf (out,
           "Usage: gantry [COMMAND [ARGS...]]\n"
           "\n"
           "Gantry releases Go projects that use cgo: it builds every target with the\n"
           "right C compiler, checks each binary and packages dist/.\n"
           "\n"
           "Without a command, Gantry opens its window.\n"
           "\n"
           "Commands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    fprintf (out, "  %-12s %s\n", verbs[i]->name, verbs[i]->summary);
  fprintf (out,
           "  %-12s %s\n"
           "  %-12s %s\n"
           "\n"
           "Run 'gantry COMMAND --help' for a command's own options.\n"
           "Data folder: $GANTRY_DATA_DIR, or the user data folder's gantry/.\n",
           "help", "show this help, or 'gantry help COMMAND' for one command",
           "--version", "print Gantry's version");
}

int
gantry_cli_usage_error (const char *command,
                        const char *format,
                        ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("%s: %s\n", command, msg);
  return GANTRY_EXIT_USAGE;
}

int
gantry_cli_fail (const char   *command,
                 const GError *error)
{
  g_printerr ("%s: %s\n", command, error->message);
  return GANTRY_EXIT_FAILED;
}

/* Parses options and checks the count of positional arguments.
 * Returns FALSE with *exit_code set when the verb must stop. */
gboolean
gantry_cli_parse (GOptionContext   *context,
                  const char       *command,
                  int              *argc,
                  char           ***argv,
                  int               min_args,
                  int               max_args,
                  int              *exit_code)
{
  static GPtrArray *kept = NULL;
  g_autoptr(GError) error = NULL;
  char **strv;
  int n;

  /* GOption prints g_get_prgname() in its usage line. */
  g_set_prgname (command);
  /* The strv form takes the arguments as UTF-8 on every system: the
   * other one converts file names from the ANSI code page on Windows,
   * which would mangle the UTF-8 arguments main() hands over. It frees
   * what it removes, so it works on a copy that lives as long as the
   * verb's arguments may be used. */
  strv = g_new0 (char *, *argc + 1);
  for (int i = 0; i < *argc; i++)
    strv[i] = g_strdup ((*argv)[i]);
  if (kept == NULL)
    kept = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_ptr_array_add (kept, strv);
  if (!g_option_context_parse_strv (context, (char ***) &kept->pdata[kept->len - 1], &error))
    {
      *exit_code = gantry_cli_usage_error (command, "%s: run '%s --help' for the options.",
                                           error->message, command);
      return FALSE;
    }
  *argv = kept->pdata[kept->len - 1];
  *argc = (int) g_strv_length (*argv);

  n = *argc - 1;
  if (n < min_args || (max_args >= 0 && n > max_args))
    {
      if (n < min_args)
        *exit_code = gantry_cli_usage_error (command, "missing argument: run '%s --help' for the usage.",
                                             command);
      else
        *exit_code = gantry_cli_usage_error (command, "unexpected argument '%s': run '%s --help' for the usage.",
                                             (*argv)[1 + max_args], command);
      return FALSE;
    }

  return TRUE;
}

/* JSON is UTF-8 whatever the locale says, so it bypasses g_print's
 * charset conversion. */
void
gantry_cli_print_json (const char *json)
{
  fputs (json, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

void
gantry_cli_print_json_node (JsonNode *root)
{
  g_autofree char *text = json_to_string (root, TRUE);

  gantry_cli_print_json (text);
}

void
gantry_cli_json_add_string (JsonBuilder *b,
                            const char  *name,
                            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

gboolean
gantry_cli_stdout_is_terminal (void)
{
#ifdef G_OS_UNIX
  return isatty (fileno (stdout));
#else
  return _isatty (_fileno (stdout));
#endif
}

gboolean
gantry_cli_stderr_is_terminal (void)
{
#ifdef G_OS_UNIX
  return isatty (fileno (stderr));
#else
  return _isatty (_fileno (stderr));
#endif
}

int
gantry_cli_dispatch (const char        *command,
                     const GantryVerb  *table,
                     guint              n_verbs,
                     int                argc,
                     char             **argv)
{
  const char *name = argc > 1 ? argv[1] : NULL;

  if (name == NULL || g_str_equal (name, "--help") || g_str_equal (name, "-h") || g_str_equal (name, "help"))
    {
      FILE *out = name == NULL ? stderr : stdout;

      fprintf (out, "Usage: %s COMMAND [ARGS...]\n\nCommands:\n", command);
      for (guint i = 0; i < n_verbs; i++)
        fprintf (out, "  %-10s %s\n", table[i].name, table[i].summary);
      fprintf (out, "\nRun '%s COMMAND --help' for a command's options.\n", command);
      return name == NULL ? GANTRY_EXIT_USAGE : GANTRY_EXIT_OK;
    }

  for (guint i = 0; i < n_verbs; i++)
    {
      if (g_str_equal (table[i].name, name))
        {
          g_autofree char *full = g_strdup_printf ("%s %s", command, name);
          g_autofree char **sub_argv = g_new0 (char *, argc);
          int rc;

          sub_argv[0] = full;
          for (int j = 2; j < argc; j++)
            sub_argv[j - 1] = argv[j];

          rc = table[i].run (argc - 1, sub_argv);
          return rc;
        }
    }

  return gantry_cli_usage_error (command, "unknown command '%s': run '%s --help' to see the commands.",
                                 name, command);
}

int
gantry_cli_run (int    argc,
                char **argv)
{
  const char *first = argc > 1 ? argv[1] : NULL;

  if (first == NULL)
    {
      print_main_help (stderr);
      return GANTRY_EXIT_USAGE;
    }

  if (g_str_equal (first, "--version") || g_str_equal (first, "version"))
    {
      g_print ("gantry %s\n", PACKAGE_VERSION);
      return GANTRY_EXIT_OK;
    }

  if (g_str_equal (first, "help") || g_str_equal (first, "--help") || g_str_equal (first, "-h"))
    {
      if (argc > 2)
        {
          for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
            {
              if (g_str_equal (verbs[i]->name, argv[2]))
                {
                  g_autofree char *full = g_strdup_printf ("gantry %s", argv[2]);
                  char *help_argv[] = { full, (char *) "--help", NULL };

                  return verbs[i]->run (2, help_argv);
                }
            }
          return gantry_cli_usage_error ("gantry help", "unknown command '%s': run 'gantry help' to see the commands.",
                                         argv[2]);
        }
      print_main_help (stdout);
      return GANTRY_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    {
      if (g_str_equal (verbs[i]->name, first))
        {
          g_autofree char *full = g_strdup_printf ("gantry %s", first);
          g_autofree char **sub_argv = g_new0 (char *, argc);

          sub_argv[0] = full;
          for (int j = 2; j < argc; j++)
            sub_argv[j - 1] = argv[j];
          return verbs[i]->run (argc - 1, sub_argv);
        }
    }

  return gantry_cli_usage_error ("gantry", "unknown command '%s': run 'gantry help' to see the commands.",
                                 first);
}

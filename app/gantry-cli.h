/* gantry-cli.h — the command line: a table of verbs, each in its own file */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "gantry-project.h"
#include "gantry-store.h"

G_BEGIN_DECLS

/* Exit codes every verb uses. */
#define GANTRY_EXIT_OK      0
#define GANTRY_EXIT_FAILED  1
#define GANTRY_EXIT_USAGE   2

/* A verb (or a verb's sub-command). @run gets argv with argv[0] set to
 * the full command ("gantry project add") so its option parser prints
 * the right usage. */
typedef struct
{
  const char *name;
  const char *summary;
  int       (*run) (int argc, char **argv);
} GantryVerb;

int          gantry_cli_run          (int                argc,
                                      char             **argv);
int          gantry_cli_dispatch     (const char        *command,
                                      const GantryVerb  *verbs,
                                      guint              n_verbs,
                                      int                argc,
                                      char             **argv);
int          gantry_cli_usage_error  (const char        *command,
                                      const char        *format,
                                      ...) G_GNUC_PRINTF (2, 3);
int          gantry_cli_fail         (const char        *command,
                                      const GError      *error);
gboolean     gantry_cli_parse        (GOptionContext    *context,
                                      const char        *command,
                                      int               *argc,
                                      char            ***argv,
                                      int                min_args,
                                      int                max_args,
                                      int               *exit_code);
void         gantry_cli_print_json   (const char        *json);
void         gantry_cli_print_json_node (JsonNode       *root);
/* NAME: VALUE, or NAME: null when @value is NULL */
void         gantry_cli_json_add_string (JsonBuilder    *b,
                                         const char     *name,
                                         const char     *value);
/* Whether progress may redraw a line in place. */
gboolean     gantry_cli_stdout_is_terminal (void);
gboolean     gantry_cli_stderr_is_terminal (void);

/* Opens the store the same way the window does, registering the
 * built-in sample on first start. */
GantryStore *gantry_app_open_store   (GError           **error);
/* A project named on the command line: a folder, a name, or nothing
 * (the current folder); a new folder is added when @add_new. */
GantryProject *gantry_app_find_project (GantryStore   *store,
                                        const char    *arg,
                                        gboolean       add_new,
                                        GError       **error);

/* The verbs; each lives in app/gantry-cli-<verb>.c. */
extern const GantryVerb gantry_verb_project;
extern const GantryVerb gantry_verb_recipe;
extern const GantryVerb gantry_verb_runs;
extern const GantryVerb gantry_verb_status;
extern const GantryVerb gantry_verb_build;
extern const GantryVerb gantry_verb_toolchain;
extern const GantryVerb gantry_verb_doctor;
extern const GantryVerb gantry_verb_inspect;
extern const GantryVerb gantry_verb_verify;

G_END_DECLS

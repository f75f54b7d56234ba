/* gantry-cli-verify.c — gantry verify [RUN|DIR] [--json]: the runs-on matrix of a release */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-cli"

#include "config.h"

#include <json-glib/json-glib.h>

#include "gantry-cli.h"
#include "gantry-history.h"
#include "gantry-pipeline.h"
#include "gantry-verify.h"

static const char verify_description[] =
  "Checks every binary of a run: static checks from the inspector (os-arch,\n"
  "linkage, libc, glibc-floor, dlls, go-settings) and run checks natively,\n"
  "under qemu-user, under wine and in containers (docker or podman, whichever\n"
  "answers `info`). A check that cannot be made here is \"skipped\" with the\n"
  "reason, never a pass. Verdicts of a RUN are recorded with it.\n"
  "--reproducible rebuilds each target of the run from its recorded command in\n"
  "a scratch folder with a fresh Go build cache and compares the bytes.\n"
  "\n"
  "RUN is a run number (`gantry runs`); PROJECT is a project's name or folder\n"
  "(its latest run); DIR is another folder, of built binaries; nothing means\n"
  "the latest run of any project. A run's verdict (released, released with\n"
  "problems, not released) is recorded again from its checks.\n"
  "\n"
  "Settings of this machine (environment):\n"
  "  GANTRY_CONTAINER_ENGINE     docker, podman, a path, or none\n"
  "  GANTRY_CONTAINER_FLAGS      engine flags before `run`, e.g.\n"
  "                              \"--runtime runc --cgroup-manager=cgroupfs --events-backend=file\"\n"
  "  GANTRY_CONTAINER_RUN_FLAGS  flags after `run`, e.g. \"--ulimit nofile=1024:1024\"\n"
  "  GANTRY_VERIFY_IMAGES        images to run Linux binaries in, comma-separated\n"
  "  GANTRY_QEMU_SYSROOT         qemu -L folder for dynamic foreign binaries\n"
  "  GANTRY_WINEPREFIX           the wine prefix to reuse\n"
  "\n"
  "JSON (--json): {run, passed, failed, skipped, outcome, verdict, summary,\n"
  "outcomes: [{target, outcome, why}], verdicts: [{target, path,\n"
  "artifact_id, check, place, state (pass|fail|skipped), message, output, seconds}]}\n"
  "\n"
  "Exit status: 0 when nothing failed (a run: when it is released), 1 when a\n"
  "check failed, 2 on usage errors.";

static gboolean
is_run_number (const char *arg,
               gint64     *out)
{
  guint64 n = 0;

  if (!g_ascii_string_to_unsigned (arg, 10, 1, G_MAXINT64, &n, NULL))
    return FALSE;
  *out = (gint64) n;
  return TRUE;
}

static int
verify_run (int    argc,
            char **argv)
{
  const char *command = argv[0];
  g_auto(GStrv) images = NULL;
  g_auto(GStrv) args = NULL;
  g_auto(GStrv) ship = NULL;
  g_autofree char *engine = NULL;
  g_autofree char *expect = NULL;
  gboolean as_json = FALSE, static_only = FALSE, reproducible = FALSE;
  int timeout = 0;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, "Print the matrix as JSON", NULL },
    { "image", 'i', 0, G_OPTION_ARG_STRING_ARRAY, &images,
      "Run Linux binaries in this container image too (repeatable; default GANTRY_VERIFY_IMAGES)", "IMAGE" },
    { "engine", 0, 0, G_OPTION_ARG_STRING, &engine, "docker, podman, a path, or none (default: whichever answers)", "ENGINE" },
    { "arg", 'a', 0, G_OPTION_ARG_STRING_ARRAY, &args, "Run the binary with this argument (repeatable; default --version)", "ARG" },
    { "expect", 0, 0, G_OPTION_ARG_STRING, &expect, "A regular expression the output must match", "REGEX" },
    { "ship", 0, 0, G_OPTION_ARG_STRING_ARRAY, &ship, "A DLL the release ships beside the exe (repeatable)", "DLL" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, "Seconds one run may take (default 60)", "S" },
    { "static-only", 0, 0, G_OPTION_ARG_NONE, &static_only, "Only the checks that read the file", NULL },
    { "reproducible", 0, 0, G_OPTION_ARG_NONE, &reproducible,
      "Also rebuild each target in a scratch folder with a fresh Go cache and compare the bytes", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[RUN|PROJECT|DIR]");
  g_autoptr(GantryStore) store = NULL;
  g_autoptr(GPtrArray) matrix = NULL;
  g_autoptr(GantryRunOutcome) outcome = NULL;
  g_autoptr(GError) error = NULL;
  GantryVerifyOptions options = { 0 };
  const char *arg;
  gint64 run_id = 0;
  int rc;

  g_option_context_set_summary (context, "Check where each binary of a release runs, and why not.");
  g_option_context_set_description (context, verify_description);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!gantry_cli_parse (context, command, &argc, &argv, 0, 1, &rc))
    return rc;
  if (timeout < 0)
    return gantry_cli_usage_error (command, "--timeout must be 1 or more seconds.");

  options.images = (const char * const *) images;
  options.engine = engine;
  options.run_args = (const char * const *) args;
  options.expect_output = expect;
  options.ship_dlls = (const char * const *) ship;
  options.timeout_seconds = (guint) timeout;
  options.static_only = static_only;

  arg = argc > 1 ? argv[1] : NULL;
  /* a project, by name or folder: its latest run */
  if (arg != NULL && !is_run_number (arg, &run_id))
    {
      g_autoptr(GantryProject) project = NULL;
      g_autoptr(GError) find_error = NULL;

      store = gantry_app_open_store (&error);
      if (store == NULL)
        return gantry_cli_fail (command, error);
      project = gantry_app_find_project (store, arg, FALSE, &find_error);
      if (project != NULL)
        {
          g_autoptr(GPtrArray) runs = gantry_history_list_runs (store, gantry_project_get_id (project), &error);

          if (runs == NULL)
            return gantry_cli_fail (command, error);
          if (runs->len == 0)
            {
              g_set_error (&error, GANTRY_VERIFY_ERROR, GANTRY_VERIFY_ERROR_NOT_FOUND,
                           "%s has no run to verify yet: 'gantry build %s' makes one.",
                           gantry_project_get_name (project), gantry_project_get_name (project));
              return gantry_cli_fail (command, error);
            }
          run_id = ((GantryRunInfo *) g_ptr_array_index (runs, 0))->id;
          arg = NULL;
        }
      else if (!g_file_test (arg, G_FILE_TEST_IS_DIR))
        return gantry_cli_usage_error (command, "'%s' is neither a run number, a project nor a folder: "
                                       "'gantry project list' lists the projects, 'gantry runs' the runs.", arg);
    }
  if (arg != NULL && run_id == 0)
    {
      if (reproducible)
        return gantry_cli_usage_error (command, "--reproducible rebuilds a run: name a run number, not a folder.");
      if (!gantry_verify_dir (arg, &options, &matrix, NULL, &error))
        return gantry_cli_fail (command, error);
    }
  else
    {
      if (store == NULL)
        store = gantry_app_open_store (&error);
      if (store == NULL)
        return gantry_cli_fail (command, error);
      if (reproducible && !as_json && run_id > 0)
        g_printerr ("Verifying run %" G_GINT64_FORMAT ", then rebuilding it in a scratch folder with a fresh Go cache…\n", run_id);
      else if (reproducible && !as_json)
        g_printerr ("Verifying the newest run, then rebuilding it in a scratch folder with a fresh Go cache…\n");
      /* the checks replace the run's earlier ones; the run's verdict
       * comes from every check it has now */
      outcome = gantry_run_verify_again (store, run_id, &options, reproducible, &matrix, NULL, &error);
      if (outcome == NULL)
        return gantry_cli_fail (command, error);
      run_id = outcome->run_id;
    }

  if (as_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "run");
      if (run_id > 0)
        json_builder_add_int_value (b, run_id);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "passed");
      json_builder_add_int_value (b, gantry_verify_count (matrix, GANTRY_VERDICT_PASS));
      json_builder_set_member_name (b, "failed");
      json_builder_add_int_value (b, gantry_verify_count (matrix, GANTRY_VERDICT_FAIL));
      json_builder_set_member_name (b, "skipped");
      json_builder_add_int_value (b, gantry_verify_count (matrix, GANTRY_VERDICT_SKIPPED));
      if (outcome != NULL)
        gantry_run_outcome_add_members (outcome, b);
      json_builder_set_member_name (b, "verdicts");
      json_builder_add_value (b, gantry_verify_matrix_to_json (matrix));
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      text = json_to_string (root, TRUE);
      gantry_cli_print_json (text);
    }
  else
    {
      g_autofree char *table = gantry_verify_matrix_to_text (matrix);

      if (run_id > 0)
        g_print ("Run %" G_GINT64_FORMAT "\n", run_id);
      g_print ("%s", table);
      if (outcome != NULL)
        g_print ("\n%s\n", outcome->summary);
    }

  if (outcome != NULL)
    return gantry_outcome_is_good (outcome->outcome) ? GANTRY_EXIT_OK : GANTRY_EXIT_FAILED;
  return gantry_verify_count (matrix, GANTRY_VERDICT_FAIL) > 0 ? GANTRY_EXIT_FAILED : GANTRY_EXIT_OK;
}

const GantryVerb gantry_verb_verify = {
  "verify", "check where each binary of a run runs: static checks, native, qemu, wine, containers", verify_run,
};

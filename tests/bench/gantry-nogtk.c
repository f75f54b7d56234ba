/* gantry-nogtk.c — the gantry command line without GTK linked in, to measure what process start costs */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-bench"

#include "config.h"

#include <locale.h>

#include "gantry-cli.h"

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_set_prgname ("gantry");
  return gantry_cli_run (argc, argv);
}

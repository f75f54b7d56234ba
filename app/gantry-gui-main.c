/* gantry-gui-main.c — gantry-gui: the window; with arguments, the same command line as gantry */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry"

#include "config.h"

#include <locale.h>

#include "gantry-application.h"
#include "gantry-cli.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GantryApplication) app = NULL;

  setlocale (LC_ALL, "");
  g_set_prgname ("gantry");
  g_set_application_name ("Gantry");

  /* Any argument means the command line: it must work without a
   * display or a session bus, so GTK is never initialised there. */
  if (argc > 1)
    return gantry_cli_run (argc, argv);

  app = gantry_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}

/* toolchain-install-helper.c — installs a toolchain and kills itself at a chosen phase (for the interruption tests) */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "gantry-toolchain.h"

#ifdef G_OS_UNIX
#include <signal.h>
#else
#include <windows.h>
#endif

static const char *die_at;

static void
die_now (void)
{
  /* No cleanup, no atexit: as abrupt as a power cut for our files. */
#ifdef G_OS_UNIX
  raise (SIGKILL);
#else
  TerminateProcess (GetCurrentProcess (), 9);
#endif
}

static void
on_progress (const GantryInstallProgress *p,
             gpointer                     user_data)
{
  if (g_str_equal (die_at, "download") && p->phase == GANTRY_INSTALL_PHASE_DOWNLOAD &&
      p->received >= 256 * 1024)
    die_now ();
  if (g_str_equal (die_at, "extract") && p->phase == GANTRY_INSTALL_PHASE_EXTRACT && p->entries >= 256)
    die_now ();
  if (g_str_equal (die_at, "smoke-test") && p->phase == GANTRY_INSTALL_PHASE_SMOKE_TEST)
    die_now ();
  if (g_str_equal (die_at, "register") && p->phase == GANTRY_INSTALL_PHASE_REGISTER)
    die_now ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryStore) store = NULL;
  g_autoptr(GPtrArray) releases = NULL;
  g_autoptr(GPtrArray) host = NULL;
  g_autoptr(GantryRelease) release = NULL;
  g_autoptr(GantryToolchain) tc = NULL;

  if (argc != 3)
    {
      fprintf (stderr, "usage: %s KIND download|extract|smoke-test|register|never\n", argv[0]);
      return 2;
    }
  die_at = argv[2];

  if ((store = gantry_store_open_default (GANTRY_STORE_OPEN_DEFAULT, &error)) == NULL ||
      (releases = gantry_catalog_fetch (argv[1], NULL, &error)) == NULL)
    goto failed;
  host = gantry_catalog_for_host (releases, NULL, NULL);
  if ((release = gantry_catalog_find (host, argv[1], NULL, &error)) == NULL)
    goto failed;
  tc = gantry_toolchain_install (store, release, NULL, on_progress, NULL, NULL, &error);
  if (tc == NULL)
    goto failed;
  printf ("%s\n", tc->path);
  return 0;

failed:
  fprintf (stderr, "%s\n", error->message);
  return 1;
}

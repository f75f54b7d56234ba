/* store-writer.c — writes to a store in a loop until killed; the crash test's victim */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "gantry-store-private.h"

/* Each transaction adds a project and three runs for it, so a torn
 * transaction would show as a project with fewer runs. The line
 * "committed N" is printed only after COMMIT returned. */
static gboolean
write_one (GantryStore  *store,
           gpointer      data,
           GError      **error)
{
  guint64 seq = *(guint64 *) data;
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO projects (name, path, module, added_at)"
    "  VALUES ('w%" G_GUINT64_FORMAT "', '/w/%" G_GUINT64_FORMAT "', 'example.com/w', %" G_GINT64_FORMAT ");"
    "INSERT INTO runs (project_id, started_at, state) VALUES (last_insert_rowid(), 1, 'ok');"
    "INSERT INTO runs (project_id, started_at, state) SELECT project_id, 2, 'failed' FROM runs WHERE id = last_insert_rowid();"
    "INSERT INTO runs (project_id, started_at, state) SELECT project_id, 3, 'cancelled' FROM runs WHERE id = last_insert_rowid();",
    seq, seq, _gantry_store_now ());

  return _gantry_store_exec (store, sql, error);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GantryStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint64 seq;

  if (argc != 3)
    {
      fprintf (stderr, "usage: store-writer DB FIRST-SEQ\n");
      return 2;
    }

  /* the test times its kill from here, not from the spawn: starting a
   * process takes 1 ms on Linux but most of a second under wine */
  printf ("started\n");
  fflush (stdout);

  seq = g_ascii_strtoull (argv[2], NULL, 10);
  store = gantry_store_open (argv[1], &error);
  if (store == NULL)
    {
      fprintf (stderr, "store-writer: %s\n", error->message);
      return 3;
    }
  printf ("opened\n");
  fflush (stdout);

  for (guint i = 0; i < 1000000; i++, seq++)
    {
      if (!gantry_store_transaction (store, write_one, &seq, &error))
        {
          fprintf (stderr, "store-writer: %s\n", error->message);
          return 3;
        }
      printf ("committed %" G_GUINT64_FORMAT "\n", seq);
      fflush (stdout);
    }

  return 0;
}

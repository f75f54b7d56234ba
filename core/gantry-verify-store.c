/* gantry-verify-store.c — what verify reads from the history, and the verdicts it writes there */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-verify"

#include "config.h"

#include "gantry-verify-private.h"

gboolean
_gantry_verify_resolve_run (GantryStore  *store,
                            gint64        run_id,
                            gint64       *out_run_id,
                            GError      **error)
{
  g_assert (out_run_id != NULL);

  if (run_id > 0)
    {
      *out_run_id = run_id;
      return TRUE;
    }
  return gantry_history_find_latest_run (store, 0, out_run_id, error);
}

GPtrArray *
_gantry_verify_list_binaries (GantryStore  *store,
                              gint64        run_id,
                              GError      **error)
{
  g_autoptr(GPtrArray) artifacts = gantry_history_list_artifacts (store, run_id, error);

  if (artifacts == NULL)
    return NULL;
  for (guint i = artifacts->len; i > 0; i--)
    {
      const GantryArtifactRecord *a = g_ptr_array_index (artifacts, i - 1);

      if (g_strcmp0 (a->kind, "binary") != 0)
        g_ptr_array_remove_index (artifacts, i - 1);
    }
  return g_steal_pointer (&artifacts);
}

gint64
_gantry_verify_find_binary (GPtrArray  *binaries,
                            const char *target)
{
  for (guint i = binaries != NULL ? binaries->len : 0; i > 0; i--)
    {
      const GantryArtifactRecord *a = g_ptr_array_index (binaries, i - 1);

      if (g_strcmp0 (a->target, target) == 0)
        return a->id;
    }
  return 0;
}

/* In one transaction: what each (binary, check) found before is
 * replaced, so verifying a run again leaves one answer per check and
 * place, never yesterday's failure beside today's pass. */
static gboolean
record_verdicts_tx (GantryStore  *store,
                    gpointer      user_data,
                    GError      **error)
{
  GPtrArray *verdicts = user_data;
  g_autoptr(GHashTable) cleared = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < verdicts->len; i++)
    {
      GantryVerdict *v = g_ptr_array_index (verdicts, i);
      g_autofree char *key = NULL;

      if (v->artifact_id == 0)
        continue;
      key = g_strdup_printf ("%" G_GINT64_FORMAT "\n%s", v->artifact_id, v->check);
      if (g_hash_table_contains (cleared, key))
        continue;
      if (!gantry_history_clear_verdicts (store, v->artifact_id, v->check, error))
        return FALSE;
      g_hash_table_add (cleared, g_steal_pointer (&key));
    }
  for (guint i = 0; i < verdicts->len; i++)
    {
      GantryVerdict *v = g_ptr_array_index (verdicts, i);
      g_autofree char *message = NULL;

      if (v->artifact_id == 0)
        continue;
      /* the verdicts table has no duration column: a run check keeps its time in the message */
      message = (g_str_equal (v->check, "run") || g_str_equal (v->check, "reproducible"))
                && v->state != GANTRY_VERDICT_SKIPPED
        ? g_strdup_printf ("%s (%.2f s)", v->message, v->seconds)
        : g_strdup (v->message);
      if (!gantry_history_add_verdict (store, v->artifact_id, v->check, v->place,
                                       gantry_verdict_state_to_string (v->state), message, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_gantry_verify_record_verdicts (GantryStore  *store,
                                GPtrArray    *verdicts,
                                GError      **error)
{
  return gantry_store_transaction (store, record_verdicts_tx, verdicts, error);
}

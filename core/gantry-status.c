/* gantry-status.c — every project and its targets at a glance */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-status"

#include "config.h"

#include "gantry-history.h"
#include "gantry-recipe.h"
#include "gantry-status.h"

static void
status_cell_free (GantryStatusCell *cell)
{
  g_free (cell->target);
  g_free (cell->why);
  g_free (cell);
}

void
gantry_project_status_free (GantryProjectStatus *status)
{
  if (status == NULL)
    return;
  g_clear_object (&status->project);
  g_clear_pointer (&status->cells, g_ptr_array_unref);
  g_free (status);
}

static GantryStatusCell *
find_cell (GPtrArray  *cells,
           const char *target)
{
  for (guint i = 0; i < cells->len; i++)
    {
      GantryStatusCell *cell = g_ptr_array_index (cells, i);

      if (g_str_equal (cell->target, target))
        return cell;
    }
  return NULL;
}

static GantryStatusCell *
add_cell (GPtrArray  *cells,
          const char *target)
{
  GantryStatusCell *cell = g_new0 (GantryStatusCell, 1);

  cell->target = g_strdup (target);
  cell->never = TRUE;
  g_ptr_array_add (cells, cell);
  return cell;
}

static GantryProjectStatus *
read_project (GantryStore    *store,
              GantryProject  *project,
              GError        **error)
{
  g_autoptr(GantryProjectStatus) status = g_new0 (GantryProjectStatus, 1);
  g_autoptr(GantryRecipe) recipe = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) local_error = NULL;
  guint n_open;

  status->project = g_object_ref (project);
  status->cells = g_ptr_array_new_with_free_func ((GDestroyNotify) status_cell_free);

  recipe = gantry_recipe_load (store, gantry_project_get_id (project), &local_error);
  if (recipe == NULL && !g_error_matches (local_error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (recipe != NULL)
    {
      GListModel *targets = gantry_recipe_get_targets (recipe);

      status->has_recipe = TRUE;
      for (guint i = 0; i < g_list_model_get_n_items (targets); i++)
        {
          g_autoptr(GantryTarget) target = g_list_model_get_item (targets, i);
          g_autofree char *key = gantry_target_get_key (target);

          if (find_cell (status->cells, key) == NULL)
            add_cell (status->cells, key);
        }
    }

  runs = gantry_history_list_runs (store, gantry_project_get_id (project), error);
  if (runs == NULL)
    return NULL;
  /* newest first: a target's cell is filled by the first run that had
   * it; without a recipe, the newest run's targets are the row */
  n_open = status->cells->len;
  for (guint i = 0; i < runs->len && (n_open > 0 || (!status->has_recipe && i == 0)); i++)
    {
      const GantryRunInfo *info = g_ptr_array_index (runs, i);
      g_autoptr(GantryRunOutcome) outcome = gantry_run_outcome_read (store, info->id, error);

      if (outcome == NULL)
        return NULL;
      for (guint k = 0; k < outcome->targets->len; k++)
        {
          const GantryTargetOutcome *t = g_ptr_array_index (outcome->targets, k);
          GantryStatusCell *cell = find_cell (status->cells, t->target);

          if (cell == NULL && !status->has_recipe && i == 0)
            {
              cell = add_cell (status->cells, t->target);
              n_open++;
            }
          if (cell == NULL || !cell->never)
            continue;
          cell->never = FALSE;
          cell->outcome = t->outcome;
          cell->why = g_strdup (t->why);
          cell->run_id = info->id;
          cell->when = info->finished_at > 0 ? info->finished_at : info->started_at;
          n_open--;
        }
    }
  return g_steal_pointer (&status);
}

GPtrArray *
gantry_status_read (GantryStore  *store,
                    GError      **error)
{
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_project_status_free);

  g_return_val_if_fail (GANTRY_IS_STORE (store), NULL);

  projects = gantry_store_list_projects (store, error);
  if (projects == NULL)
    return NULL;
  for (guint i = 0; i < projects->len; i++)
    {
      GantryProjectStatus *status = read_project (store, g_ptr_array_index (projects, i), error);

      if (status == NULL)
        return NULL;
      g_ptr_array_add (out, status);
    }
  return g_steal_pointer (&out);
}

const char *
gantry_status_cell_label (const GantryStatusCell *cell)
{
  g_return_val_if_fail (cell != NULL, NULL);

  if (cell->never)
    return "Never built";
  switch (cell->outcome)
    {
    case GANTRY_OUTCOME_RUNNING: return "Building now";
    case GANTRY_OUTCOME_RELEASED: return "Released";
    case GANTRY_OUTCOME_BUILT: return "Built";
    case GANTRY_OUTCOME_PROBLEMS: return "Check failed";
    case GANTRY_OUTCOME_NOT_RELEASED: return "Not released";
    case GANTRY_OUTCOME_CANCELLED: return "Cancelled";
    default: return "?";
    }
}

char *
gantry_status_format_age (gint64 when_ms,
                          gint64 now_ms)
{
  gint64 s = MAX (now_ms - when_ms, 0) / 1000;

  if (s < 60)
    return g_strdup ("just now");
  if (s < 3600)
    return g_strdup_printf ("%d min ago", (int) (s / 60));
  if (s < 48 * 3600)
    return g_strdup_printf ("%d h ago", (int) (s / 3600));
  return g_strdup_printf ("%d days ago", (int) (s / 86400));
}

/* gantry-status.h — every project and its targets at a glance: each target's last verdict and when */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "gantry-pipeline.h"
#include "gantry-project.h"
#include "gantry-store.h"

G_BEGIN_DECLS

/* One target of one project: what its newest run made of it. */
typedef struct
{
  char          *target;       /* the target key, "linux/amd64/static@musl" */
  gboolean       never;        /* no run has had it yet: the rest is unset */
  GantryOutcome  outcome;
  char          *why;          /* NULL when released: the failed checks, or why it was not built */
  gint64         run_id;
  gint64         when;         /* Unix ms: the run's end, or its start while it runs */
} GantryStatusCell;

typedef struct
{
  GantryProject *project;
  gboolean       has_recipe;   /* FALSE: the targets are those its runs had */
  GPtrArray     *cells;        /* GantryStatusCell*, in the recipe's order */
} GantryProjectStatus;

void gantry_project_status_free (GantryProjectStatus *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryProjectStatus, gantry_project_status_free)

/* GantryProjectStatus* for every project, by name. Reads the store
 * only: no project is detected, nothing is built. */
GPtrArray *gantry_status_read (GantryStore  *store,
                               GError      **error);

/* @cell's last verdict in plain words, the same on the command line and
 * in the window: "Never built", "Building now", "Released", "Built",
 * "Check failed", "Not released", "Cancelled". A check that failed is
 * never called released. */
const char *gantry_status_cell_label (const GantryStatusCell *cell);

/* "3 min ago", "2 h ago", "5 days ago", from @when_ms to @now_ms. */
char *gantry_status_format_age (gint64 when_ms,
                                gint64 now_ms);

G_END_DECLS

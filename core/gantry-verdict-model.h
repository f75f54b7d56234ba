/* gantry-verdict-model.h — list models the window shows: the runs-on matrix of a build, a project's past runs */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "gantry-history.h"
#include "gantry-store.h"
#include "gantry-verify.h"

G_BEGIN_DECLS

/* One cell of the runs-on matrix: one check of one artifact in one place.
 * Properties (strings): target, check, place, state ("pass", "fail",
 * "skipped"), mark ("✓", "✗", "skipped"), time, message. */
#define GANTRY_TYPE_VERDICT_ROW (gantry_verdict_row_get_type ())
G_DECLARE_FINAL_TYPE (GantryVerdictRow, gantry_verdict_row, GANTRY, VERDICT_ROW, GObject)

const char *gantry_verdict_row_get_target  (GantryVerdictRow *self);
const char *gantry_verdict_row_get_check   (GantryVerdictRow *self);
const char *gantry_verdict_row_get_place   (GantryVerdictRow *self);
const char *gantry_verdict_row_get_state   (GantryVerdictRow *self);
const char *gantry_verdict_row_get_message (GantryVerdictRow *self);

/* One row per GantryVerdict of @matrix, run checks first. */
GListStore *gantry_verdict_rows_new      (GPtrArray *matrix);
/* "3 passed · 1 failed · 2 skipped" */
char       *gantry_verdict_rows_summary  (GPtrArray *matrix);

/* Images the verification settings offer with one click. */
typedef struct
{
  const char *image;   /* "alpine:3.19" */
  const char *label;   /* "alpine:3.19 (musl)" */
} GantryImagePreset;

const GantryImagePreset *gantry_image_presets (guint *n_presets);

/* @images with @image (trimmed) appended. NULL with
 * GANTRY_RECIPE_ERROR_INVALID naming the problem when it is not an
 * image name or is listed already. */
char      **gantry_images_add    (const char * const *images,
                                  const char         *image,
                                  GError            **error);
/* @images without @image; NULL when none is left, the recipe's "no list". */
char      **gantry_images_remove (const char * const *images,
                                  const char         *image);

/* One past run of a project.
 * Properties (strings): when, duration, state, steps ("2 of 3 ok"),
 * targets ("✓ linux/amd64   ✗ linux/arm64": built with no failed check,
 * or not); problem (bool: some target did not pass); id (int64). */
#define GANTRY_TYPE_HISTORY_ROW (gantry_history_row_get_type ())
G_DECLARE_FINAL_TYPE (GantryHistoryRow, gantry_history_row, GANTRY, HISTORY_ROW, GObject)

gint64      gantry_history_row_get_id      (GantryHistoryRow *self);
const char *gantry_history_row_get_state   (GantryHistoryRow *self);
const char *gantry_history_row_get_steps   (GantryHistoryRow *self);
const char *gantry_history_row_get_targets (GantryHistoryRow *self);
gboolean    gantry_history_row_get_problem (GantryHistoryRow *self);

/* The runs of @project_id, newest first as the store lists them. */
GListStore *gantry_history_rows_load (GantryStore *store,
                                      gint64       project_id,
                                      GError     **error);

G_END_DECLS

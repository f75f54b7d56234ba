/* gantry-matrix-model.h — the recipe as a matrix of platforms people know, for the recipe editor */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "gantry-plan.h"
#include "gantry-recipe.h"

G_BEGIN_DECLS

typedef enum
{
  GANTRY_MATRIX_DYNAMIC = 0,  /* dynamic: the system C library (glibc on Linux) */
  GANTRY_MATRIX_STATIC,       /* static: musl on Linux, one self-contained file */
  GANTRY_MATRIX_BOTH,         /* both, side by side for the comparison */
} GantryMatrixLinkage;

/* One row of the matrix: an OS/architecture pair with its choices.
 * Properties: label, platform, is-linux, enabled, linkage (uint),
 * floor (uint: 0 = the compiler's default, i = gantry_glibc_floors()[i-1]),
 * note (the resolver's or the validator's sentence), problem (bool),
 * install-kind (the catalog kind a problem note says to install: "zig",
 * "mingw", "go"; NULL when it names none). */
#define GANTRY_TYPE_MATRIX_ROW (gantry_matrix_row_get_type ())
G_DECLARE_FINAL_TYPE (GantryMatrixRow, gantry_matrix_row, GANTRY, MATRIX_ROW, GObject)

const char          *gantry_matrix_row_get_label    (GantryMatrixRow *self);
const char          *gantry_matrix_row_get_platform (GantryMatrixRow *self);
gboolean             gantry_matrix_row_get_enabled  (GantryMatrixRow *self);
void                 gantry_matrix_row_set_enabled  (GantryMatrixRow *self,
                                                     gboolean         enabled);
GantryMatrixLinkage  gantry_matrix_row_get_linkage  (GantryMatrixRow *self);
void                 gantry_matrix_row_set_linkage  (GantryMatrixRow *self,
                                                     GantryMatrixLinkage linkage);
guint                gantry_matrix_row_get_floor    (GantryMatrixRow *self);
void                 gantry_matrix_row_set_floor    (GantryMatrixRow *self,
                                                     guint            floor);
const char          *gantry_matrix_row_get_note     (GantryMatrixRow *self);
void                 gantry_matrix_row_set_note     (GantryMatrixRow *self,
                                                     const char      *note,
                                                     gboolean         problem);
const char          *gantry_matrix_row_get_install_kind (GantryMatrixRow *self);

/* Names for the dropdowns: "Dynamic", "Static", "Both"; "Any (compiler default)", "CentOS 7 (glibc 2.17)", … */
GStrv         gantry_matrix_linkage_names (void);
GStrv         gantry_matrix_floor_names   (void);

/* Rows for every platform Gantry offers, filled from @recipe. */
GListStore   *gantry_matrix_new           (GantryRecipe    *recipe,
                                           gboolean         uses_cgo);
/* Refills existing rows from @recipe without replacing them. */
void          gantry_matrix_update        (GListModel      *rows,
                                           GantryRecipe    *recipe,
                                           gboolean         uses_cgo);
/* A copy of @recipe whose targets follow the rows; targets on platforms
 * the matrix does not show are kept as they are. */
GantryRecipe *gantry_matrix_apply         (GListModel      *rows,
                                           GantryRecipe    *recipe,
                                           gboolean         uses_cgo);
/* Puts the plan inputs' "unbuildable" reasons on the rows they belong to. */
void          gantry_matrix_set_notes     (GListModel            *rows,
                                           const GantryPlanInput *inputs,
                                           guint                  n_inputs);

G_END_DECLS

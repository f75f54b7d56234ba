/* gantry-toolchain-model.h — toolchains, catalog releases and doctor results as GListModels for the window */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "gantry-catalog.h"
#include "gantry-toolchain.h"

G_BEGIN_DECLS

/* One installed or detected toolchain, as an object a list view can bind. */
#define GANTRY_TYPE_TOOLCHAIN_ROW (gantry_toolchain_row_get_type ())
G_DECLARE_FINAL_TYPE (GantryToolchainRow, gantry_toolchain_row, GANTRY, TOOLCHAIN_ROW, GObject)

GantryToolchainRow    *gantry_toolchain_row_new              (const GantryToolchain *toolchain);
const GantryToolchain *gantry_toolchain_row_get_toolchain    (GantryToolchainRow    *self);
/* "llvm-mingw" for each of its clangs: what Remove takes away. NULL unless Gantry installed it. */
const char            *gantry_toolchain_row_get_install_kind (GantryToolchainRow    *self);

/* One catalog release; "installed" is set by whoever knows. */
#define GANTRY_TYPE_RELEASE_ROW (gantry_release_row_get_type ())
G_DECLARE_FINAL_TYPE (GantryReleaseRow, gantry_release_row, GANTRY, RELEASE_ROW, GObject)

GantryReleaseRow    *gantry_release_row_new            (const GantryRelease *release);
const GantryRelease *gantry_release_row_get_release    (GantryReleaseRow    *self);
gboolean             gantry_release_row_get_installed  (GantryReleaseRow    *self);
void                 gantry_release_row_set_installed  (GantryReleaseRow    *self,
                                                        gboolean             installed);

/* One target of a doctor run: waiting, being checked, then its result. */
typedef enum
{
  GANTRY_DOCTOR_WAITING,
  GANTRY_DOCTOR_CHECKING,
  GANTRY_DOCTOR_DONE,
  GANTRY_DOCTOR_CANCELLED,
} GantryDoctorState;

#define GANTRY_TYPE_DOCTOR_ROW (gantry_doctor_row_get_type ())
G_DECLARE_FINAL_TYPE (GantryDoctorRow, gantry_doctor_row, GANTRY, DOCTOR_ROW, GObject)

GantryDoctorRow          *gantry_doctor_row_new        (const char               *target);
const char               *gantry_doctor_row_get_target (GantryDoctorRow          *self);
GantryDoctorState         gantry_doctor_row_get_state  (GantryDoctorRow          *self);
void                      gantry_doctor_row_set_state  (GantryDoctorRow          *self,
                                                        GantryDoctorState         state);
/* NULL until the check is done */
const GantryDoctorResult *gantry_doctor_row_get_result (GantryDoctorRow          *self);
void                      gantry_doctor_row_set_result (GantryDoctorRow          *self,
                                                        const GantryDoctorResult *result);

GListModel *gantry_toolchain_model_new (GPtrArray *toolchains);
GListModel *gantry_release_model_new   (GPtrArray *releases,
                                        GPtrArray *installed);
/* A GantryDoctorRow per target of the NULL-terminated @targets, all waiting. */
GListModel *gantry_doctor_model_new    (const char * const *targets);

G_END_DECLS

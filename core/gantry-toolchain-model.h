/* gantry-toolchain-model.h — toolchains, catalog releases and doctor results as GListModels for the window */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "gantry-catalog.h"
#include "gantry-toolchain.h"

G_BEGIN_DECLS

/* One tool as a person counts it, as an object a list view can bind: a
 * program, the programs of one install Gantry made (llvm-mingw's clangs),
 * or an emulator family (every qemu-user binary is one "qemu-user").
 * Properties: kind, name, version, origin, program, path, target,
 * installed, id, install-kind, title ("qemu-user (27 architectures)"),
 * subtitle (what it is and where), architectures ("aarch64, alpha, …"
 * for an emulator family, else NULL), n-programs. */
#define GANTRY_TYPE_TOOLCHAIN_ROW (gantry_toolchain_row_get_type ())
G_DECLARE_FINAL_TYPE (GantryToolchainRow, gantry_toolchain_row, GANTRY, TOOLCHAIN_ROW, GObject)

GantryToolchainRow    *gantry_toolchain_row_new              (const GantryToolchain *toolchain);
/* The first program of the row. */
const GantryToolchain *gantry_toolchain_row_get_toolchain    (GantryToolchainRow    *self);
/* Every program of the row (GantryToolchain*), in detection order. */
GPtrArray             *gantry_toolchain_row_get_programs     (GantryToolchainRow    *self);
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

/* One target of a doctor run: waiting, being checked, then its result.
 * "target" is the spec as given; "key" is how the rest of Gantry names
 * that target (gantry_target_get_key: "linux/amd64/static@musl" where the
 * doctor's spec says "linux/amd64/musl/static"). The summary is worded
 * for the window (gantry_toolchain_window_text); the details are what ran
 * and the tool's own words. */
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
const char               *gantry_doctor_row_get_key    (GantryDoctorRow          *self);
/* The row's target for the doctor, from a doctor spec ("linux/amd64/musl/static")
 * or a target key ("linux/amd64/static@musl"). FALSE with the doctor's error. */
gboolean                  gantry_doctor_row_get_spec   (GantryDoctorRow          *self,
                                                        GantryTargetSpec         *out,
                                                        GError                  **error);
GantryDoctorState         gantry_doctor_row_get_state  (GantryDoctorRow          *self);
void                      gantry_doctor_row_set_state  (GantryDoctorRow          *self,
                                                        GantryDoctorState         state);
/* NULL until the check is done */
const GantryDoctorResult *gantry_doctor_row_get_result (GantryDoctorRow          *self);
void                      gantry_doctor_row_set_result (GantryDoctorRow          *self,
                                                        const GantryDoctorResult *result);

/* A GantryToolchainRow per tool in @toolchains, in their order: the
 * programs of one install and the emulators of one qemu family share a
 * row, so the model's length is the number of tools a person would count. */
GListModel *gantry_toolchain_model_new (GPtrArray *toolchains);
GListModel *gantry_release_model_new   (GPtrArray *releases,
                                        GPtrArray *installed);
/* A GantryDoctorRow per target of the NULL-terminated @targets, all waiting. */
GListModel *gantry_doctor_model_new    (const char * const *targets);

/* @message, a sentence of the core written for the command line, as the
 * Toolchains page says it: where it names a command ('gantry toolchain
 * install zig', 'gantry toolchain available', 'gantry toolchain list',
 * 'gantry toolchain remove NAME@VERSION'), the button that does the same
 * on the page. NULL for NULL. */
char       *gantry_toolchain_window_text (const char *message);

G_END_DECLS

/* gantry-toolchains-view.h — compilers on this computer, removing Gantry's own, checking targets, and releases to install */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "gantry-store.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_TOOLCHAINS_VIEW (gantry_toolchains_view_get_type ())
G_DECLARE_FINAL_TYPE (GantryToolchainsView, gantry_toolchains_view, GANTRY, TOOLCHAINS_VIEW, GtkWidget)

void        gantry_toolchains_view_set_store    (GantryToolchainsView *self,
                                                 GantryStore          *store);
GListModel *gantry_toolchains_view_get_found    (GantryToolchainsView *self);
GListModel *gantry_toolchains_view_get_releases (GantryToolchainsView *self);
gboolean    gantry_toolchains_view_get_busy     (GantryToolchainsView *self);
/* The banner's text: the core's sentence, naming the page's buttons
 * where it names a command (gantry_toolchain_window_text). NULL when none. */
const char *gantry_toolchains_view_get_problem  (GantryToolchainsView *self);
/* GantryDoctorRow of the last "Check targets", NULL before the first */
GListModel *gantry_toolchains_view_get_doctor   (GantryToolchainsView *self);
/* Selects catalog @kind ("go", "zig", "mingw") and reads its releases,
 * once what the page is doing now is done; scrolls the page to them. */
void        gantry_toolchains_view_offer        (GantryToolchainsView *self,
                                                 const char           *kind);
/* Checks the NULL-terminated @targets one after another with the tools
 * found when called. FALSE when a check runs, a toolchain is being
 * removed or nothing was found yet. */
gboolean    gantry_toolchains_view_check_targets (GantryToolchainsView *self,
                                                  const char * const   *targets);
/* TRUE while a toolchain Gantry installed is being deleted: a build waits. */
gboolean    gantry_toolchains_view_get_removing (GantryToolchainsView *self);
/* TRUE while the window builds or verifies: Remove waits for it. */
void        gantry_toolchains_view_set_building (GantryToolchainsView *self,
                                                 gboolean              building);

G_END_DECLS

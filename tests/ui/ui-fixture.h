/* ui-fixture.h — shared fixture of the UI tests */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "gantry-run-model.h"
#include "gantry-store.h"
#include "gantry-window.h"

G_BEGIN_DECLS

typedef struct
{
  char *dir;
  GantryStore *store;
  GantryWindow *window;
} Fixture;

/* One application per process: GApplication registers once. */
extern GtkApplication *ui_app;

void           ui_spin             (guint        ms);
/* Runs the main loop until the window has no plan or build pending. */
void           ui_wait_idle        (Fixture     *f,
                                    guint        max_seconds);
/* Saves what @widget shows as build/tests/ui/screenshots/NAME.png. */
void           ui_save_screenshot  (GtkWidget   *widget,
                                    const char  *name);
/* A template child of the window. */
gpointer       ui_child            (Fixture     *f,
                                    const char  *id);
/* A template child of @widget, whatever its class. */
gpointer       ui_child_of         (GtkWidget   *widget,
                                    const char  *id);
/* The first widget of @type under @root whose tooltip is @tooltip (NULL: any). */
GtkWidget     *ui_find_widget      (GtkWidget   *root,
                                    GType        type,
                                    const char  *tooltip);
/* The buttons under @root labelled @label, in tree order (the visible
 * ones only when @visible_only); free with g_ptr_array_unref. */
GPtrArray     *ui_find_buttons     (GtkWidget   *root,
                                    const char  *label,
                                    gboolean     visible_only);
/* The first of them, or NULL. */
GtkWidget     *ui_find_button      (GtkWidget   *root,
                                    const char  *label,
                                    gboolean     visible_only);
/* The recipe matrix row's toggle, and its n-th dropdown (0: linking, 1: oldest Linux). */
GtkSwitch     *ui_row_switch       (Fixture     *f,
                                    const char  *label);
GtkDropDown   *ui_row_dropdown     (Fixture     *f,
                                    const char  *label,
                                    guint        nth);
GantryProject *ui_project          (Fixture     *f,
                                    const char  *name);
/* Project @name's sidebar entry (a new reference); the test fails without one. */
GantryProjectEntry *ui_entry       (Fixture     *f,
                                    const char  *name);
/* The recipe the store holds now, as target keys: "linux/amd64 linux/amd64/static@musl". */
char          *ui_stored_keys      (Fixture     *f,
                                    const char  *name);
/* Writes a one-file Go module under the fixture folder and adds it to the store. */
void           ui_add_project      (Fixture     *f,
                                    const char  *name,
                                    const char  *main_go,
                                    gboolean     expect_cgo);
/* Projects "tool" (cgo), "pure" (pure Go, var version) and "broken" (syntax error), then the window. */
void           ui_fixture_set_up   (Fixture     *f,
                                    gconstpointer data);
/* Adds a test of @func over a fresh window and store. */
#define ui_test_add(path, func) \
  g_test_add ((path), Fixture, NULL, ui_fixture_set_up, (func), ui_fixture_tear_down)

void           ui_fixture_tear_down (Fixture    *f,
                                    gconstpointer data);
void           ui_select_project   (Fixture     *f,
                                    const char  *name);
/* The Results row at @position, a new reference. When there is none
 * (the release did not start, or planned nothing) the test fails with
 * what the window said instead, not on a NULL row. */
GantryRunRow  *ui_run_row          (Fixture     *f,
                                    guint        position);
/* Fails unless every Results row of the last build says "Built" (or
 * "Check failed": built, a check did not pass), naming each fixture target that did not build and its error: a test
 * that needs a built binary stops here, with the reason, not later. */
void           ui_assert_built     (Fixture     *f);
/* Leaves only Linux x86-64 ticked in the selected project, so a build needs nothing but go. */
void           ui_only_native      (Fixture     *f);
/* Sets the data folder, initialises GTK, registers @app_id, calls
 * @add_tests (ui_test_add ...) and runs. */
int            ui_fixture_run      (int         *argc,
                                    char      ***argv,
                                    const char  *app_id,
                                    void       (*add_tests) (void));

G_END_DECLS

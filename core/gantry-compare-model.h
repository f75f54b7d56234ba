/* gantry-compare-model.h — two binaries side by side, for gantry inspect --compare and the window: their facts, which pair to show, where each ran */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "gantry-build.h"
#include "gantry-inspect.h"
#include "gantry-store.h"
#include "gantry-verify.h"

G_BEGIN_DECLS

/* One fact of two binaries. Properties: key (what `gantry inspect
 * --compare` prints and lists in its JSON "differences": "linkage",
 * "build CGO_ENABLED"), name (what the window shows: "Linking",
 * "Go: CGO_ENABLED"), left, right (text, "—" when a binary has no such
 * fact, lines apart when it has several) and differs (bool). */
#define GANTRY_TYPE_COMPARE_ROW (gantry_compare_row_get_type ())
G_DECLARE_FINAL_TYPE (GantryCompareRow, gantry_compare_row, GANTRY, COMPARE_ROW, GObject)

const char *gantry_compare_row_get_key     (GantryCompareRow *self);
const char *gantry_compare_row_get_name    (GantryCompareRow *self);
const char *gantry_compare_row_get_left    (GantryCompareRow *self);
const char *gantry_compare_row_get_right   (GantryCompareRow *self);
gboolean    gantry_compare_row_get_differs (GantryCompareRow *self);

/* The facts the inspector found (gantry-inspect.h), in this order:
 * format, target, linkage, interpreter, C library, GLIBC and GLIBCXX
 * floors, needed libraries, imported DLLs, rpath, runpath, stripped,
 * DWARF, file size, Go version and package, the size of each section
 * group, then every Go build setting either one has. */
GListStore *gantry_compare_rows_new (GantryBinary *left,
                                     GantryBinary *right);

/* One binary the comparison can show. */
typedef struct
{
  char         *target;  /* the target key, "linux/amd64/static@musl"; for a
                            file picked by hand, a name for it */
  char         *label;   /* what the window shows: the target, or "target ·
                            program" when a run made several programs per target */
  char         *path;    /* the binary; NULL when not known */
  GantryBinary *facts;   /* the inspector's reading of it */
} GantryCompareChoice;

/* @label starts as @target; @facts is referenced. */
GantryCompareChoice *gantry_compare_choice_new  (const char          *target,
                                                 const char          *path,
                                                 GantryBinary        *facts);
void                 gantry_compare_choice_free (GantryCompareChoice *choice);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryCompareChoice, gantry_compare_choice_free)

/* The results of @build that can be compared (built and inspected), as
 * GantryCompareChoice* in build order; frees them when unreferenced. */
GPtrArray  *gantry_compare_choices_from_build (GantryBuild *build);

/* The pair to show among @choices (GantryCompareChoice*): the dynamic
 * and static builds of one platform (the target keys share what comes
 * before "@"; of one program when both are labelled with one) when
 * there are both, else the first two. FALSE when there are fewer than
 * two. */
gboolean    gantry_compare_pick_choices (GPtrArray *choices,
                                         guint     *left,
                                         guint     *right);

/* The binaries a recorded run made, read again from the disk in a
 * thread: one GantryCompareChoice per "binary" artifact whose file is
 * still there and can be inspected, in the order they were recorded
 * (files gone or unreadable are left out). A run that made no binary
 * gives an empty array. Errors: G_IO_ERROR_NOT_FOUND when the store has
 * no run @run_id, the store's error when it cannot be read,
 * G_IO_ERROR_CANCELLED. */
void        gantry_compare_choices_load_async  (GantryStore         *store,
                                                gint64               run_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray  *gantry_compare_choices_load_finish (GAsyncResult        *result,
                                                GError             **error);

/* Where the two binaries ran, side by side, from a verification's
 * GantryVerdict* (NULL: not verified): "File checks", "This machine"
 * (natively, under an emulator or wine) and one row per container place.
 * A row differs when the outcomes (✓ ✗ skipped, or not tried) differ;
 * its key is its name. */
GListStore *gantry_compare_runs_on_new (GPtrArray  *matrix,
                                        const char *left_target,
                                        const char *right_target);

G_END_DECLS

/* gantry-go-graph.h — what a target's build graph needs (cgo, C++, pkg-config), from the go command */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One package of the graph that brings native code (never a standard
 * library package: their cgo parts have pure-Go fallbacks). */
typedef struct
{
  char   *path;          /* import path, or "./sub" in a guess */
  char   *module;        /* module path; NULL in a guess */
  guint   cgo_files;     /* Go files that import "C" */
  guint   c_files;
  guint   cxx_files;
  guint   s_files;       /* assembly; .S files count only with cgo */
  guint   swig_files;    /* .swig and .swigcxx */
  char  **pkg_config;    /* from "#cgo pkg-config:" lines; never NULL */
} GantryGoPackage;

typedef struct _GantryGoGraph GantryGoGraph;

/* What to ask: one target's platform and tags. */
typedef struct
{
  const char          *goos;
  const char          *goarch;
  const char          *goarm;      /* NULL or "5".."7" */
  const char          *tags;       /* comma- or space-separated; NULL: none */
  const char * const  *packages;   /* NULL or empty: "./..." */
  const char          *go;         /* NULL: "go" on PATH */
} GantryGoGraphQuery;

/* Never NULL unless cancelled: when the go command is missing or
 * cannot read the graph, the answer is the file scan, marked a guess.
 * Complete answers are cached per project folder (Gantry's cache
 * folder, "go-graph"), keyed by go.mod, go.sum, go.work, vendor/, local
 * replace folders and the sizes and times of the Go, C and C++ files;
 * *from_cache says whether this one came from there. */
GantryGoGraph          *gantry_go_graph_read            (const char                *project_dir,
                                                         const GantryGoGraphQuery  *query,
                                                         gboolean                  *from_cache,
                                                         GCancellable              *cancellable,
                                                         GError                   **error);

GantryGoGraph          *gantry_go_graph_ref             (GantryGoGraph  *self);
void                    gantry_go_graph_unref           (GantryGoGraph  *self);

/* "linux/arm64", "linux/arm64 (tags sqlite_json)" */
const char             *gantry_go_graph_get_target      (GantryGoGraph  *self);
gboolean                gantry_go_graph_needs_cgo       (GantryGoGraph  *self);
gboolean                gantry_go_graph_needs_cxx       (GantryGoGraph  *self);
/* TRUE: from the file scan, not from the go command (see the note). */
gboolean                gantry_go_graph_is_guess        (GantryGoGraph  *self);
/* Why it is a guess, or what the go command could not read; NULL when all went well. */
const char             *gantry_go_graph_get_note        (GantryGoGraph  *self);
/* Every package that goes into the build, the standard library included. */
guint                   gantry_go_graph_get_n_packages  (GantryGoGraph  *self);
/* The packages with native code, in go list order (dependencies first). */
const GantryGoPackage  *gantry_go_graph_get_native      (GantryGoGraph  *self,
                                                         guint          *n_native);
/* Union of the pkg-config names, sorted; never NULL. */
const char * const     *gantry_go_graph_get_pkg_config  (GantryGoGraph  *self);

/* "github.com/x/y (3 C files)", "example.com/app (1 cgo file, pkg-config zlib)" */
char                   *gantry_go_package_describe      (const GantryGoPackage *package);
/* "uses cgo through github.com/x/y (3 C files)", "pure Go: no package uses cgo";
 * a guess ends with "(a guess: …)". */
char                   *gantry_go_graph_describe        (GantryGoGraph  *self);
/* The packages that need cgo, "a, b and c": what to drop when cgo stays off. */
char                   *gantry_go_graph_cgo_package_list (GantryGoGraph *self);

/* For --json output: target, needs_cgo, needs_cxx, guess, note, why,
 * pkg_config[], packages[] (package, module, cgo_files, c_files,
 * cxx_files, s_files, swig_files, pkg_config[]). */
struct _JsonNode;
struct _JsonNode       *gantry_go_graph_to_json         (GantryGoGraph  *self);

/* In a thread: gantry_go_graph_describe () for each of @platforms
 * ("linux/amd64", "linux/armv7"), for the window's header and target
 * rows. The table maps each platform to its sentence, and "" to the
 * first that needs cgo (or the first, when none does). */
void                    gantry_go_graph_describe_async  (const char          *project_dir,
                                                         const char * const  *packages,
                                                         const char          *tags,
                                                         const char * const  *platforms,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
GHashTable             *gantry_go_graph_describe_finish (GAsyncResult        *result,
                                                         GError             **error);

/* The project's fingerprint, as the cache keys it: a SHA-256 hex. */
char                   *gantry_go_graph_fingerprint     (const char     *project_dir,
                                                         const char     *go);

/* The modules the project requires (go.mod, or every module of its
 * go.work) that are not in the module cache yet, as "path@version";
 * empty when it is vendored, has no requirements, the go command is
 * missing, or everything is there. Local folder replacements need no
 * download. Never NULL. */
char                  **gantry_go_modules_missing       (const char     *project_dir,
                                                         const char     *go);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryGoGraph, gantry_go_graph_unref)

G_END_DECLS

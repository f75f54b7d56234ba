/* gantry-verify-private.h — what the gantry-verify*.c files share, and no one else */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "gantry-history.h"
#include "gantry-process.h"
#include "gantry-verify.h"

G_BEGIN_DECLS

#define _GANTRY_VERIFY_DEFAULT_TIMEOUT_SECONDS 60

/* gantry-verify.c: the verdict type */
GantryVerdict *_gantry_verdict_add                 (GPtrArray                 *verdicts,
                                                    const char                *target,
                                                    const char                *path,
                                                    const char                *check,
                                                    const char                *place,
                                                    GantryVerdictState         state,
                                                    char                      *message);  /* (transfer full) */

/* gantry-verify-host.c: what this machine has */
char          *_gantry_verify_find_program         (const char * const        *names);

/* gantry-verify-static.c */
gboolean       _gantry_verify_tag_listed           (const char                *tags,
                                                    const char                *tag);

/* gantry-verify-diagnose.c: the first non-empty line of @text, or
 * NULL; @skip_prefix (may be NULL) drops an emulator's own notes */
char          *_gantry_verify_first_line_skipping  (const char                *text,
                                                    const char                *skip_prefix);

/* gantry-verify-run.c: the run places */

/* Runs @argv with stderr merged into stdout and an empty stdin, ended
 * after @timeout seconds; when it was ended early, @cleanup (may be
 * NULL) runs after it. A program that cannot start is an outcome too:
 * its spawn error is the output, as a shell would print. */
void           _gantry_verify_run_program          (const char * const        *argv,
                                                    const char                *cwd,
                                                    const char * const        *env,
                                                    guint                      timeout,
                                                    const char * const        *cleanup,
                                                    GCancellable              *cancellable,
                                                    GantryProcessResult       *result);
/* The first lines of a program's output, for a verdict. */
char          *_gantry_verify_trim_output          (const char                *output);
/* Natively, under qemu-user or under wine: whichever fits. */
void           _gantry_verify_run_local_checks     (GantryVerifyHost          *host,
                                                    const char                *key,
                                                    const char                *path,
                                                    GantryBinary              *facts,
                                                    GantryTarget              *target,
                                                    const GantryVerifyOptions *options,
                                                    GPtrArray                 *out,
                                                    GCancellable              *cancellable);
/* In each listed container image (Linux targets). */
void           _gantry_verify_run_container_checks (GantryVerifyHost          *host,
                                                    const char                *key,
                                                    const char                *path,
                                                    GantryBinary              *facts,
                                                    GantryTarget              *target,
                                                    const GantryVerifyOptions *options,
                                                    GPtrArray                 *out,
                                                    GCancellable              *cancellable);

/* gantry-verify-store.c: reading the history, writing verdicts */

/* @run_id, or the latest run when it is 0 or less; 0 when there is none. */
gboolean       _gantry_verify_resolve_run          (GantryStore               *store,
                                                    gint64                     run_id,
                                                    gint64                    *out_run_id,
                                                    GError                   **error);
/* The run's binaries (GantryArtifactRecord*), in the order recorded. */
GPtrArray     *_gantry_verify_list_binaries        (GantryStore               *store,
                                                    gint64                     run_id,
                                                    GError                   **error);
/* The last recorded binary of @target among @binaries; 0: none. */
gint64         _gantry_verify_find_binary          (GPtrArray                 *binaries,
                                                    const char                *target);
/* Records the verdicts of @verdicts that name an artifact. */
gboolean       _gantry_verify_record_verdicts      (GantryStore               *store,
                                                    GPtrArray                 *verdicts,
                                                    GError                   **error);

G_END_DECLS

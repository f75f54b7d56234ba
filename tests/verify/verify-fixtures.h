/* verify-fixtures.h — real binaries the verify tests build for themselves */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "gantry-verify.h"

G_BEGIN_DECLS

/* A C program that prints "hello from <name>" and exits 0; with
 * argument "fail" it exits 3; with "hang" it waits forever. */
extern const char verify_fixture_hello_c[];

/* Compiles @source with @compiler and the extra flags (NULL-terminated)
 * into @dir/@name. Returns the path, or NULL when the compiler is not
 * installed; a compiler that is there but fails fails the test. */
char           *verify_fixture_compile  (const char    *dir,
                                         const char    *compiler,
                                         const char    *name,
                                         const char    *source,
                                         ...) G_GNUC_NULL_TERMINATED;

/* The first verdict of @check at @place (NULL: any place), or NULL. */
GantryVerdict  *verify_fixture_find     (GPtrArray     *verdicts,
                                         const char    *check,
                                         const char    *place);

G_END_DECLS

/* inspect-oracle.h — readelf, objdump, llvm-otool and `go version -m` as oracles for the inspector tests */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "gantry-inspect.h"

G_BEGIN_DECLS

/* Runs argv (NULL-terminated) in @cwd with extra "KEY=VALUE" @env entries;
 * returns the exit status and stdout/stderr. */
int       oracle_run                 (const char         *cwd,
                                      const char * const *env,
                                      const char * const *argv,
                                      char              **out,
                                      char              **err);

/* Each compares @bin field by field with the tool's view of @path,
 * failing the test on any difference. */
void      oracle_check_readelf       (GantryBinary       *bin,
                                      const char         *path);
void      oracle_check_objdump_pe    (GantryBinary       *bin,
                                      const char         *path);
void      oracle_check_otool         (GantryBinary       *bin,
                                      const char         *path);
void      oracle_check_go_version    (GantryBinary       *bin,
                                      const char         *path);

G_END_DECLS

/* gantry-toolchain-private.h — helpers shared by the toolchain files */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "gantry-toolchain.h"

G_BEGIN_DECLS

gboolean  _gantry_toolchain_run         (const char * const  *argv,
                                         const char * const  *extra_env,
                                         const char          *cwd,
                                         GCancellable        *cancellable,
                                         char               **output,
                                         int                 *exit_status,
                                         GError             **error);
char     *_gantry_toolchain_exe         (const char          *dir,
                                         const char          *name);
char     *_gantry_toolchain_version_in  (const char          *text);
/* @argv as one bash line, each word through gantry_shell_quote. */
char     *_gantry_toolchain_shell_quote (const char * const  *argv);

G_END_DECLS

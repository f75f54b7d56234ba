/* gantry-module.h — a shared library opened at run time, its functions into a table */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *name;   /* the symbol */
  gsize offset;       /* where its pointer goes in the table */
} GantryModuleSymbol;

gboolean gantry_module_load_table (const char * const        *names,
                                   const char                *extra_dir,
                                   const GantryModuleSymbol  *symbols,
                                   guint                      n_symbols,
                                   gpointer                   table,
                                   gsize                      table_size,
                                   char                     **problem_library,
                                   const char               **missing_symbol);

G_END_DECLS

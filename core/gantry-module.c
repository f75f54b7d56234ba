/* gantry-module.c — a shared library opened at run time, its functions into a table */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-module"

#include "config.h"

#include <string.h>
#include <gmodule.h>

#include "gantry-module.h"

/* Opens the first of @names the loader finds, or else the first found
 * in @extra_dir (where it was at build time; may be NULL), and fills
 * @table with its @symbols. The library then stays loaded for good:
 * handles made by it may live as long as the process.
 *
 * On failure the table is left zeroed and FALSE returned with
 * *@problem_library set to the loader's message when no library
 * loaded (*@missing_symbol NULL), or to the library's name when it
 * lacks *@missing_symbol; the caller words the sentence. */
gboolean
gantry_module_load_table (const char * const        *names,
                          const char                *extra_dir,
                          const GantryModuleSymbol  *symbols,
                          guint                      n_symbols,
                          gpointer                   table,
                          gsize                      table_size,
                          char                     **problem_library,
                          const char               **missing_symbol)
{
  GModule *module = NULL;

  *problem_library = NULL;
  *missing_symbol = NULL;

  for (guint i = 0; names[i] != NULL && module == NULL; i++)
    module = g_module_open (names[i], G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  for (guint i = 0; names[i] != NULL && module == NULL && extra_dir != NULL && extra_dir[0] != '\0'; i++)
    {
      g_autofree char *path = g_build_filename (extra_dir, names[i], NULL);

      module = g_module_open (path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
    }
  if (module == NULL)
    {
      *problem_library = g_strdup (g_module_error ());
      return FALSE;
    }

  for (guint i = 0; i < n_symbols; i++)
    {
      gpointer *slot = G_STRUCT_MEMBER_P (table, symbols[i].offset);

      if (!g_module_symbol (module, symbols[i].name, slot) || *slot == NULL)
        {
          *problem_library = g_strdup (g_module_name (module));
          *missing_symbol = symbols[i].name;
          memset (table, 0, table_size);
          g_module_close (module);
          return FALSE;
        }
    }

  g_module_make_resident (module);
  return TRUE;
}

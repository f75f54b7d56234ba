/* test-module.c — a library's functions into a table, or a reason why not */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "gantry-module.h"

typedef struct
{
  gpointer strdup_fn;
  gpointer free_fn;
} Table;

#if defined (G_OS_WIN32)
static const char * const glib_names[] = { "no-such-library-1.dll", "libglib-2.0-0.dll", NULL };
#elif defined (__APPLE__)
static const char * const glib_names[] = { "no-such-library-1.dylib", "libglib-2.0.0.dylib", NULL };
#else
static const char * const glib_names[] = { "no-such-library-1.so", "libglib-2.0.so.0", NULL };
#endif

/* the first name that loads is used */
static void
test_fills_table (void)
{
  static const GantryModuleSymbol symbols[] = {
    { "g_strdup", G_STRUCT_OFFSET (Table, strdup_fn) },
    { "g_free", G_STRUCT_OFFSET (Table, free_fn) },
  };
  Table table = { NULL, NULL };
  g_autofree char *library = NULL;
  const char *missing = NULL;
  char *(*dup) (const char *);
  char *copy;

  g_assert_true (gantry_module_load_table (glib_names, NULL, symbols, G_N_ELEMENTS (symbols),
                                           &table, sizeof table, &library, &missing));
  g_assert_null (library);
  g_assert_null (missing);
  g_assert_nonnull (table.free_fn);
  dup = (char *(*) (const char *)) table.strdup_fn;
  copy = dup ("gantry");
  g_assert_cmpstr (copy, ==, "gantry");
  ((void (*) (gpointer)) table.free_fn) (copy);
}

/* a library without one of the functions: named, with the function,
 * and nothing half filled */
static void
test_missing_symbol (void)
{
  static const GantryModuleSymbol symbols[] = {
    { "g_strdup", G_STRUCT_OFFSET (Table, strdup_fn) },
    { "g_no_such_function_in_glib", G_STRUCT_OFFSET (Table, free_fn) },
  };
  Table table = { NULL, NULL };
  g_autofree char *library = NULL;
  const char *missing = NULL;

  g_assert_false (gantry_module_load_table (glib_names, NULL, symbols, G_N_ELEMENTS (symbols),
                                            &table, sizeof table, &library, &missing));
  g_assert_cmpstr (missing, ==, "g_no_such_function_in_glib");
  g_assert_nonnull (strstr (library, "glib"));
  g_assert_null (table.strdup_fn);
}

/* none loads, not even in the extra folder: the loader's message */
static void
test_no_library (void)
{
  static const char * const names[] = { "no-such-library-2", NULL };
  static const GantryModuleSymbol symbols[] = {
    { "g_strdup", G_STRUCT_OFFSET (Table, strdup_fn) },
  };
  Table table = { NULL, NULL };
  g_autofree char *library = NULL;
  const char *missing = NULL;

  g_assert_false (gantry_module_load_table (names, g_get_tmp_dir (), symbols, G_N_ELEMENTS (symbols),
                                            &table, sizeof table, &library, &missing));
  g_assert_null (missing);
  g_assert_nonnull (library);
  g_assert_nonnull (strstr (library, "no-such-library-2"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/module/fills-table", test_fills_table);
  g_test_add_func ("/core/module/missing-symbol", test_missing_symbol);
  g_test_add_func ("/core/module/no-library", test_no_library);

  return g_test_run ();
}

/* test-project.c — reading go.mod, finding main packages and cgo without the go command */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "gantry-project.h"
#include "gantry-test-util.h"

static void
test_gomod_basic (void)
{
  GantryGoMod mod;
  g_autoptr(GError) error = NULL;
  const char *text =
    "// leading comment\n"
    "module github.com/acme/tool // trailing comment\n"
    "\n"
    "go 1.21\n"
    "\n"
    "toolchain go1.21.3\n"
    "\n"
    "require (\n"
    "\tgithub.com/mattn/go-sqlite3 v1.14.17 // indirect\n"
    "\tgolang.org/x/sys v0.10.0\n"
    ")\n"
    "replace example.com/a => ../a\n";

  g_assert_true (gantry_go_mod_parse (text, -1, &mod, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mod.module, ==, "github.com/acme/tool");
  g_assert_cmpstr (mod.go_version, ==, "1.21");
  g_assert_cmpstr (mod.toolchain, ==, "go1.21.3");
  gantry_go_mod_clear (&mod);
}

static void
test_gomod_quoted_and_blocks (void)
{
  GantryGoMod mod;
  g_autoptr(GError) error = NULL;
  /* A factored module block and a quoted path are legal go.mod. */
  const char *text =
    "module (\n"
    "  \"example.com/quoted\\\"path\"\n"
    ")\n"
    "go 1.22rc1\r\n"
    "exclude (\n"
    ")\n";

  g_assert_true (gantry_go_mod_parse (text, -1, &mod, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mod.module, ==, "example.com/quoted\"path");
  g_assert_cmpstr (mod.go_version, ==, "1.22rc1");
  g_assert_null (mod.toolchain);
  gantry_go_mod_clear (&mod);

  g_assert_true (gantry_go_mod_parse ("module `example.com/raw` // x\n", -1, &mod, &error));
  g_assert_cmpstr (mod.module, ==, "example.com/raw");
  g_assert_null (mod.go_version);
  gantry_go_mod_clear (&mod);
}

static void
test_gomod_errors (void)
{
  struct {
    const char *text;
    const char *needle;
  } cases[] = {
    { "go 1.21\n", "no module line" },
    { "// module example.com/commented\n", "no module line" },
    { "module a\nmodule b\n", "line 2" },
    { "module a\ngo banana\n", "not a Go version" },
    { "module a\nrequire (\n  x v1\n", "never closed" },
    { "module \"a\n", "never closed" },
    { "module a b\n", "exactly one" },
    { "module a\ntoolchain 1.21\n", "toolchain" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GantryGoMod mod;
      g_autoptr(GError) error = NULL;

      g_assert_false (gantry_go_mod_parse (cases[i].text, -1, &mod, &error));
      g_assert_error (error, GANTRY_PROJECT_ERROR, GANTRY_PROJECT_ERROR_BAD_GOMOD);
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("case %u: '%s' not in '%s'", i, cases[i].needle, error->message);
      g_assert_null (mod.module);
    }
}

static void
test_cgo_detection (void)
{
  struct {
    const char *src;
    gboolean cgo;
  } cases[] = {
    { "package main\nimport \"C\"\n", TRUE },
    { "package main\n/*\n#include <stdio.h>\n*/\nimport \"C\"\nfunc main(){}\n", TRUE },
    { "package x\nimport (\n\t\"fmt\"\n\t\"C\"\n)\n", TRUE },
    { "package x\nimport (\"fmt\"; \"C\")\n", TRUE },
    { "package x\nimport `C`\n", TRUE },
    { "package x\nimport/* odd */\"C\"\n", TRUE },
    /* directives count even when the import is elsewhere */
    { "package x\n// #cgo LDFLAGS: -lm\nimport \"unsafe\"\n", TRUE },
    { "package x\n/*\n#cgo CFLAGS: -O2\n*/\nimport \"unsafe\"\n", TRUE },
    /* none of these import C */
    { "package main\nimport \"fmt\"\n", FALSE },
    { "package main\n// import \"C\"\nimport \"fmt\"\n", FALSE },
    { "package main\n/* import \"C\" */\nimport \"fmt\"\n", FALSE },
    { "package main\nvar s = \"import \\\"C\\\"\"\n", FALSE },
    { "package main\nvar s = `\nimport \"C\"\n`\n", FALSE },
    { "package main\nimport \"Cgo\"\n", FALSE },
    { "package main\nvar r = '\"'\nvar s = \"import \\\"C\\\"\"\n", FALSE },
    { "package main\n// the #cgo word in prose\n", FALSE },
    { "package main\nimport \"C", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean got = gantry_go_source_uses_cgo (cases[i].src, -1);

      if (got != cases[i].cgo)
        g_error ("case %u: expected cgo=%d for:\n%s", i, cases[i].cgo, cases[i].src);
    }
}

static void
test_package_clause (void)
{
  g_autofree char *a = gantry_go_source_package ("// Copyright\n/* x */\n//go:build linux\n\npackage main\n", -1);
  g_autofree char *b = gantry_go_source_package ("package   lib // comment\n", -1);
  g_autofree char *c = gantry_go_source_package ("func main() {}\n", -1);

  g_assert_cmpstr (a, ==, "main");
  g_assert_cmpstr (b, ==, "lib");
  g_assert_null (c);

  g_assert_true (gantry_go_source_is_ignored ("//go:build ignore\n\npackage main\n", -1));
  g_assert_true (gantry_go_source_is_ignored ("// +build ignore\n\npackage main\n", -1));
  g_assert_false (gantry_go_source_is_ignored ("//go:build linux && !ignore\n\npackage main\n", -1));
  g_assert_false (gantry_go_source_is_ignored ("package main\n//go:build ignore\n", -1));
}

static void
test_load_tree (void)
{
  g_autofree char *dir = gantry_test_make_tmpdir ("project");
  g_autoptr(GantryProject) project = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *mains;

  gantry_test_write_file (dir, "go.mod", "module example.com/tree\n\ngo 1.20\n");
  gantry_test_write_file (dir, "lib.go", "package tree\n");
  gantry_test_write_file (dir, "cmd/server/main.go", "package main\nfunc main(){}\n");
  gantry_test_write_file (dir, "cmd/cli/main.go", "// Command cli.\npackage main\nimport \"C\"\nfunc main(){}\n");
  /* not main packages, each for its own reason */
  gantry_test_write_file (dir, "cmd/onlytest/x_test.go", "package main\n");
  gantry_test_write_file (dir, "testdata/prog/main.go", "package main\n");
  gantry_test_write_file (dir, "vendor/v/main.go", "package main\nimport \"C\"\n");
  gantry_test_write_file (dir, "internal/gen/gen.go", "//go:build ignore\n\npackage main\n");
  gantry_test_write_file (dir, "internal/gen/doc.go", "package gen\n");
  gantry_test_write_file (dir, ".hidden/main.go", "package main\n");
  gantry_test_write_file (dir, "_tools/main.go", "package main\n");
  gantry_test_write_file (dir, "nested/go.mod", "module example.com/nested\n");
  gantry_test_write_file (dir, "nested/main.go", "package main\n");

  project = gantry_project_load (dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (project);

  g_assert_cmpstr (gantry_project_get_module (project), ==, "example.com/tree");
  g_assert_cmpstr (gantry_project_get_go_version (project), ==, "1.20");
  g_assert_true (gantry_project_get_uses_cgo (project));

  mains = gantry_project_get_main_packages (project);
  g_assert_cmpuint (g_strv_length ((char **) mains), ==, 2);
  g_assert_cmpstr (mains[0], ==, "./cmd/cli");
  g_assert_cmpstr (mains[1], ==, "./cmd/server");

  {
    g_autofree char *base = g_path_get_basename (dir);
    g_assert_cmpstr (gantry_project_get_name (project), ==, base);
  }

  g_clear_object (&project);
  gantry_test_rm_rf (dir);
}

static void
test_load_pure_go_and_root_main (void)
{
  g_autofree char *dir = gantry_test_make_tmpdir ("pure");
  g_autoptr(GantryProject) project = NULL;
  g_autoptr(GError) error = NULL;

  gantry_test_write_file (dir, "go.mod", "module example.com/pure\n");
  gantry_test_write_file (dir, "main.go",
                          "package main\n"
                          "// import \"C\" in a comment is not cgo\n"
                          "import \"fmt\"\n"
                          "func main(){ fmt.Println(`import \"C\"`) }\n");
  /* cgo only in a test file or in vendor/ does not make the project cgo */
  gantry_test_write_file (dir, "main_test.go", "package main\nimport \"C\"\n");
  gantry_test_write_file (dir, "vendor/x/x.go", "package x\nimport \"C\"\n");

  project = gantry_project_load (dir, &error);
  g_assert_no_error (error);
  g_assert_false (gantry_project_get_uses_cgo (project));
  g_assert_null (gantry_project_get_go_version (project));
  g_assert_cmpstr (gantry_project_get_main_packages (project)[0], ==, ".");
  g_assert_null (gantry_project_get_main_packages (project)[1]);

  g_clear_object (&project);
  gantry_test_rm_rf (dir);
}

static void
test_load_sample (void)
{
  const char *sample = g_getenv ("GANTRY_SAMPLE_DIR");
  g_autoptr(GantryProject) project = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (sample);
  project = gantry_project_load (sample, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_project_get_module (project), ==, "example.com/hello-cgo");
  g_assert_true (gantry_project_get_uses_cgo (project));
  g_assert_cmpstr (gantry_project_get_main_packages (project)[0], ==, ".");
  g_assert_finalize_object (g_steal_pointer (&project));
}

static void
test_load_errors (void)
{
  g_autofree char *dir = gantry_test_make_tmpdir ("bad");
  g_autofree char *missing = g_build_filename (dir, "does-not-exist", NULL);
  g_autofree char *file = g_build_filename (dir, "file.txt", NULL);
  g_autofree char *nomod = g_build_filename (dir, "nomod", NULL);
  g_autofree char *badmod = g_build_filename (dir, "badmod", NULL);
  GantryProject *project;
  GError *error = NULL;

  gantry_test_write_file (dir, "file.txt", "hi");
  gantry_test_write_file (dir, "nomod/main.go", "package main\n");
  gantry_test_write_file (dir, "badmod/go.mod", "go 1.21\n");

  project = gantry_project_load (missing, &error);
  g_assert_null (project);
  g_assert_error (error, GANTRY_PROJECT_ERROR, GANTRY_PROJECT_ERROR_NO_FOLDER);
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_clear_error (&error);

  project = gantry_project_load (file, &error);
  g_assert_null (project);
  g_assert_error (error, GANTRY_PROJECT_ERROR, GANTRY_PROJECT_ERROR_NO_FOLDER);
  g_clear_error (&error);

  project = gantry_project_load (nomod, &error);
  g_assert_null (project);
  g_assert_error (error, GANTRY_PROJECT_ERROR, GANTRY_PROJECT_ERROR_NOT_A_MODULE);
  g_assert_nonnull (strstr (error->message, "not a Go module"));
  g_assert_nonnull (strstr (error->message, "go mod init"));
  g_clear_error (&error);

  project = gantry_project_load (badmod, &error);
  g_assert_null (project);
  g_assert_error (error, GANTRY_PROJECT_ERROR, GANTRY_PROJECT_ERROR_BAD_GOMOD);
  g_assert_nonnull (strstr (error->message, "no module line"));
  g_clear_error (&error);

  gantry_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/project/gomod-basic", test_gomod_basic);
  g_test_add_func ("/core/project/gomod-quoted-and-blocks", test_gomod_quoted_and_blocks);
  g_test_add_func ("/core/project/gomod-errors", test_gomod_errors);
  g_test_add_func ("/core/project/cgo-detection", test_cgo_detection);
  g_test_add_func ("/core/project/package-clause", test_package_clause);
  g_test_add_func ("/core/project/load-tree", test_load_tree);
  g_test_add_func ("/core/project/load-pure-go", test_load_pure_go_and_root_main);
  g_test_add_func ("/core/project/load-sample", test_load_sample);
  g_test_add_func ("/core/project/load-errors", test_load_errors);

  return g_test_run ();
}

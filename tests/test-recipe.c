/* test-recipe.c — recipes and targets: detection, validation, gantry.json, the store */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "gantry-recipe.h"
#include "gantry-test-util.h"

static GantryProject *
make_project (gboolean cgo)
{
  const char *mains[] = { "./cmd/tool", NULL };

  return g_object_new (GANTRY_TYPE_PROJECT,
                       "name", "tool", "path", "/src/tool", "module", "example.com/tool",
                       "uses-cgo", cgo, "main-packages", mains, NULL);
}

static char *
target_key_at (GantryRecipe *recipe,
               guint         i)
{
  g_autoptr(GantryTarget) t = g_list_model_get_item (gantry_recipe_get_targets (recipe), i);

  return gantry_target_get_key (t);
}

static void
test_detected (void)
{
  g_autoptr(GantryProject) cgo_project = make_project (TRUE);
  g_autoptr(GantryProject) pure_project = make_project (FALSE);
  g_autoptr(GantryRecipe) cgo = gantry_recipe_new_detected (cgo_project);
  g_autoptr(GantryRecipe) pure = gantry_recipe_new_detected (pure_project);
  const char *cgo_keys[] = { "linux/amd64", "linux/amd64/static@musl", "linux/arm64", "windows/amd64" };
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (gantry_recipe_get_targets (cgo)), ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (cgo_keys); i++)
    {
      g_autofree char *key = target_key_at (cgo, i);
      g_autoptr(GantryTarget) t = g_list_model_get_item (gantry_recipe_get_targets (cgo), i);

      g_assert_cmpstr (key, ==, cgo_keys[i]);
      g_assert_true (gantry_target_cgo_enabled (t, TRUE));
    }
  g_assert_cmpstr (gantry_recipe_get_binary_name (cgo), ==, "tool");
  g_assert_cmpstr (gantry_recipe_get_main_package (cgo), ==, "./cmd/tool");
  g_assert_cmpstr (gantry_recipe_get_version_var (cgo), ==, "main.version");
  g_assert_true (gantry_recipe_get_trimpath (cgo));
  g_assert_true (gantry_recipe_validate (cgo, &error));
  g_assert_no_error (error);

  /* pure Go: the same platforms with cgo off; no separate static twin */
  g_assert_cmpuint (g_list_model_get_n_items (gantry_recipe_get_targets (pure)), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GantryTarget) t = g_list_model_get_item (gantry_recipe_get_targets (pure), i);
      g_assert_cmpint (gantry_target_get_cgo (t), ==, GANTRY_CGO_OFF);
      g_assert_false (gantry_target_cgo_enabled (t, TRUE));
    }
  g_assert_true (gantry_recipe_validate (pure, &error));

  /* a module whose main is at the top: named like go build names it */
  {
    const char *top[] = { ".", NULL };
    g_autoptr(GantryProject) v2 = g_object_new (GANTRY_TYPE_PROJECT,
                                                "name", "x", "path", "/src/some folder", "module", "github.com/acme/tool/v2",
                                                "main-packages", top, NULL);
    g_autoptr(GantryRecipe) r = gantry_recipe_new_detected (v2);

    g_assert_cmpstr (gantry_recipe_get_binary_name (r), ==, "tool");
    g_assert_cmpstr (gantry_recipe_get_main_package (r), ==, ".");
  }
}

static void
test_parse_spec (void)
{
  struct { const char *spec; const char *key; } good[] = {
    { "linux/amd64", "linux/amd64" },
    { "linux/amd64/static", "linux/amd64/static" },
    { "linux/amd64/dynamic@glibc2.17", "linux/amd64@glibc2.17" },
    { "linux/arm64/static@musl", "linux/arm64/static@musl" },
    { "windows/arm64", "windows/arm64" },
  };
  struct { const char *spec; const char *needle; } bad[] = {
    { "linux", "os/arch" },
    { "linux/amd64/fat", "link mode" },
    { "plan10/amd64", "goos" },
    { "linux/sparc", "goarch" },
    { "windows/amd64@glibc2.17", "libc" },
    { "linux/amd64/static@glibc2.17", "glibc_floor" },
    { "linux/amd64@glibc3.1", "not a glibc version" },
    { "linux/amd64@uclibc", "after @" },
    { "darwin/arm64/static", "macOS" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GantryTarget) t = gantry_target_parse (good[i].spec, &error);
      g_autofree char *key = NULL;

      g_assert_no_error (error);
      key = gantry_target_get_key (t);
      g_assert_cmpstr (key, ==, good[i].key);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GantryTarget) t = gantry_target_parse (bad[i].spec, &error);

      g_assert_null (t);
      g_assert_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID);
      if (strstr (error->message, bad[i].needle) == NULL)
        g_error ("%s: '%s' not in '%s'", bad[i].spec, bad[i].needle, error->message);
    }
}

static void
test_validate_names_field (void)
{
  g_autoptr(GantryProject) project = make_project (TRUE);
  g_autoptr(GantryRecipe) recipe = gantry_recipe_new_detected (project);
  g_autoptr(GantryTarget) third = g_list_model_get_item (gantry_recipe_get_targets (recipe), 2);
  g_autoptr(GantryTarget) dup = gantry_target_new ("linux", "arm64");
  g_autoptr(GError) error = NULL;

  gantry_target_set_goarm (third, "7"); /* on arm64: wrong */
  g_assert_false (gantry_recipe_validate (recipe, &error));
  g_assert_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "targets[2].goarm:"));
  g_clear_error (&error);
  gantry_target_set_goarm (third, NULL);

  gantry_target_set_cgo (dup, GANTRY_CGO_ON);
  gantry_recipe_add_target (recipe, dup);
  g_assert_false (gantry_recipe_validate (recipe, &error));
  g_assert_true (g_str_has_prefix (error->message, "targets[4]: linux/arm64 is in the recipe twice"));
  g_clear_error (&error);
  gantry_target_set_glibc_floor (dup, "2.17");
  g_assert_true (gantry_recipe_validate (recipe, &error));

  gantry_recipe_set_binary_name (recipe, "bin/tool");
  g_assert_false (gantry_recipe_validate (recipe, &error));
  g_assert_true (g_str_has_prefix (error->message, "binary_name:"));
  g_clear_error (&error);
  gantry_recipe_set_binary_name (recipe, "tool");

  gantry_recipe_set_version_var (recipe, "version");
  g_assert_false (gantry_recipe_validate (recipe, &error));
  g_assert_true (g_str_has_prefix (error->message, "version_variable:"));
  g_clear_error (&error);
  gantry_recipe_set_version_var (recipe, "example.com/tool/internal/build.Version");
  g_assert_true (gantry_recipe_validate (recipe, &error));

  gantry_recipe_set_main_package (recipe, "/abs/path");
  g_assert_false (gantry_recipe_validate (recipe, &error));
  g_assert_true (g_str_has_prefix (error->message, "main_package:"));
}

static void
test_json_round_trip (void)
{
  g_autoptr(GantryProject) project = make_project (TRUE);
  g_autoptr(GantryRecipe) recipe = gantry_recipe_new_detected (project);
  g_autoptr(GantryRecipe) back = NULL;
  g_autoptr(GantryTarget) arm = gantry_target_new ("linux", "arm");
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json2 = NULL;
  g_autofree char *dir = gantry_test_make_tmpdir ("recipe");
  g_autofree char *path = g_build_filename (dir, "gantry.json", NULL);
  g_autoptr(GantryRecipe) from_file = NULL;

  gantry_target_set_goarm (arm, "7");
  gantry_target_set_glibc_floor (arm, "2.17");
  gantry_target_set_ldflags (arm, "-s -w -X 'main.who=a \"quoted\" name'");
  gantry_target_set_tags (arm, "netgo,osusergo");
  gantry_target_set_cc_override (arm, "zig cc -target arm-linux-gnueabihf.2.17");
  gantry_target_set_archive_format (arm, "zip");
  gantry_recipe_add_target (recipe, arm);
  gantry_recipe_set_version (recipe, "1.2.3");
  gantry_recipe_set_dist_dir (recipe, "release");
  gantry_recipe_set_trimpath (recipe, FALSE);
  {
    const char *args[] = { "--version", "--quiet", NULL };
    const char *images[] = { "alpine:3.19", "debian:12", NULL };
    const char *dlls[] = { "libwinpthread-1.dll", NULL };

    gantry_recipe_set_verify_run_args (recipe, args);
    gantry_recipe_set_verify_expect_output (recipe, "^hello-cgo 1\\.2\\.3");
    gantry_recipe_set_verify_images (recipe, images);
    gantry_recipe_set_ship_dlls (recipe, dlls);
    gantry_recipe_set_verify_reproducible (recipe, TRUE);
    g_assert_true (gantry_recipe_get_verify_containers (recipe));
    gantry_recipe_set_verify_containers (recipe, FALSE);
  }

  json = gantry_recipe_to_json (recipe);
  g_assert_nonnull (strstr (json, "\"containers\" : false"));
  g_assert_nonnull (strstr (json, "\"gantry_recipe\" : 1"));
  back = gantry_recipe_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  json2 = gantry_recipe_to_json (back);
  g_assert_cmpstr (json, ==, json2);
  g_assert_false (gantry_recipe_get_trimpath (back));
  g_assert_cmpstr (gantry_recipe_get_dist_dir (back), ==, "release");
  g_assert_cmpstr (gantry_recipe_get_verify_images (back)[1], ==, "debian:12");
  g_assert_cmpstr (gantry_recipe_get_verify_run_args (back)[1], ==, "--quiet");
  g_assert_cmpstr (gantry_recipe_get_ship_dlls (back)[0], ==, "libwinpthread-1.dll");
  g_assert_cmpstr (gantry_recipe_get_verify_expect_output (back), ==, "^hello-cgo 1\\.2\\.3");
  g_assert_true (gantry_recipe_get_verify_reproducible (back));
  g_assert_false (gantry_recipe_get_verify_containers (back));

  g_assert_true (gantry_recipe_export_file (recipe, path, &error));
  from_file = gantry_recipe_import_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (gantry_recipe_get_targets (from_file)), ==, 5);

  gantry_test_rm_rf (dir);
}

static void
test_json_errors (void)
{
  struct { const char *json; int code; const char *needle; } cases[] = {
    { "{", GANTRY_RECIPE_ERROR_FORMAT, "not valid JSON" },
    { "[]", GANTRY_RECIPE_ERROR_FORMAT, "JSON object" },
    { "{\"targets\": []}", GANTRY_RECIPE_ERROR_FORMAT, "gantry_recipe: missing" },
    { "{\"gantry_recipe\": 9, \"targets\": []}", GANTRY_RECIPE_ERROR_FORMAT, "upgrade Gantry" },
    { "{\"gantry_recipe\": 1, \"binary_name\": \"x\"}", GANTRY_RECIPE_ERROR_FORMAT, "targets: missing" },
    { "{\"gantry_recipe\": 1, \"binary_name\": \"x\", \"targets\": [{\"goos\": \"linux\"}]}",
      GANTRY_RECIPE_ERROR_FORMAT, "targets[0].goarch: missing" },
    { "{\"gantry_recipe\": 1, \"binary_name\": 5, \"targets\": []}", GANTRY_RECIPE_ERROR_FORMAT, "binary_name: must be a string" },
    { "{\"gantry_recipe\": 1, \"binary_name\": \"x\", \"targets\": [{\"goos\": \"linux\", \"goarch\": \"amd64\", \"cgo\": \"maybe\"}]}",
      GANTRY_RECIPE_ERROR_INVALID, "targets[0].cgo: 'maybe'" },
    { "{\"gantry_recipe\": 1, \"binary_name\": \"x\", \"targets\": [{\"goos\": \"windows\", \"goarch\": \"amd64\", \"glibc_floor\": \"2.17\"}]}",
      GANTRY_RECIPE_ERROR_INVALID, "targets[0].glibc_floor: a glibc floor applies to Linux only" },
    { "{\"gantry_recipe\": 1, \"binary_name\": \"x\", \"targets\": [{\"goos\": \"linux\", \"goarch\": \"amd64\", \"cgo\": \"off\", \"libc\": \"musl\"}]}",
      GANTRY_RECIPE_ERROR_INVALID, "targets[0].libc:" },
    { "{\"gantry_recipe\": 1, \"binary_name\": \"x\", \"trimpath\": \"yes\", \"targets\": []}", GANTRY_RECIPE_ERROR_FORMAT, "trimpath" },
    { "{\"gantry_recipe\": 1, \"binary_name\": \"x\", \"targets\": []}", GANTRY_RECIPE_ERROR_INVALID, "no target" },
    { "{\"gantry_recipe\": 1, \"binary_name\": \"x\", \"verify\": {\"images\": \"alpine\"}, \"targets\": [{\"goos\": \"linux\", \"goarch\": \"amd64\"}]}",
      GANTRY_RECIPE_ERROR_FORMAT, "verify.images: must be a list" },
    { "{\"gantry_recipe\": 1, \"binary_name\": \"x\", \"verify\": {\"expect_output\": \"(unclosed\"}, \"targets\": [{\"goos\": \"linux\", \"goarch\": \"amd64\"}]}",
      GANTRY_RECIPE_ERROR_INVALID, "verify.expect_output:" },
    { "{\"gantry_recipe\": 1, \"binary_name\": \"x\", \"verify\": {\"reproducible\": 1}, \"targets\": [{\"goos\": \"linux\", \"goarch\": \"amd64\"}]}",
      GANTRY_RECIPE_ERROR_FORMAT, "verify.reproducible" },
    { "{\"gantry_recipe\": 1, \"binary_name\": \"x\", \"verify\": {\"containers\": \"no\"}, \"targets\": [{\"goos\": \"linux\", \"goarch\": \"amd64\"}]}",
      GANTRY_RECIPE_ERROR_FORMAT, "verify.containers: must be true or false" },
    { "{\"gantry_recipe\": 1, \"binary_name\": \"x\", \"verify\": {\"images\": [\"Alpine\"]}, \"targets\": [{\"goos\": \"linux\", \"goarch\": \"amd64\"}]}",
      GANTRY_RECIPE_ERROR_INVALID, "verify.images[0]: 'Alpine': image names are lowercase; write alpine." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GantryRecipe) r = gantry_recipe_new_from_json (cases[i].json, -1, &error);

      g_assert_null (r);
      g_assert_error (error, GANTRY_RECIPE_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("case %u: '%s' not in '%s'", i, cases[i].needle, error->message);
    }
}

static void
test_image_names (void)
{
  const char *good[] = {
    "alpine", "alpine:3.19", "debian:12-slim", "centos:7", "library/ubuntu:20.04",
    "ghcr.io/acme/runner:2024.1", "localhost/gantry-busybox:1", "localhost:5000/a/b_c__d---e:v1.0_rc-2",
    "quay.io/podman/stable@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    "registry.example.com:443/team/img:latest", "My-Registry.local/img",
  };
  struct { const char *image; const char *message; } bad[] = {
    { "", "the image name is empty" },
    { "Alpine:3.19", "'Alpine:3.19': image names are lowercase; write alpine:3.19." },
    { "ghcr.io/Acme/Tool:V1", "write ghcr.io/acme/tool:V1." },
    { "debian 12", "an image name has no spaces" },
    { "debian:", "nothing after ':'" },
    { ":3.19", "a tag but no name" },
    { "debian:-slim", "the tag '-slim' may hold" },
    { "debian:12!", "the tag '12!' may hold" },
    { "a//b", "a '/' must stand between two names" },
    { "alpine/", "a '/' must stand between two names" },
    { "-alpine", "'-alpine' must start and end with a letter or digit" },
    { "a..b", "'..' cannot join two words of 'a..b'" },
    { "a___b", "'___' cannot join" },
    { "al$pine", "'$' cannot be in an image name" },
    { "docker://alpine:3.19", "not a URL: drop the 'docker://'" },
    { "alpine@sha256:xyz", "the digest holds 'x'" },
    { "alpine@sha256:abc", "the digest is too short" },
    { "alpine@", "after '@' comes a digest" },
    { "bad_host.io:port/img", "'bad_host.io:port' is not a registry host" },
  };

  /* a gantry.json from before "containers": container checks stay on */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GantryRecipe) old = gantry_recipe_new_from_json ("{\"gantry_recipe\": 1, \"binary_name\": \"x\", "
                                                                "\"verify\": {\"images\": [\"alpine:3.19\"]}, "
                                                                "\"targets\": [{\"goos\": \"linux\", \"goarch\": \"amd64\"}]}",
                                                                -1, &error);

    g_assert_no_error (error);
    g_assert_true (gantry_recipe_get_verify_containers (old));
  }

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      if (!gantry_recipe_check_image_name (good[i], &error))
        g_error ("'%s' refused: %s", good[i], error->message);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (gantry_recipe_check_image_name (bad[i].image, &error));
      g_assert_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID);
      if (strstr (error->message, bad[i].message) == NULL)
        g_error ("'%s': '%s' lacks '%s'", bad[i].image, error->message, bad[i].message);
    }
}

/* Several programs: the old single form still reads (as "main_package"
 * and as "main"), the list is written as format 2 and reads back, and a
 * store revision keeps it. */
static void
test_several_programs (void)
{
  const char *one_old = "{\"gantry_recipe\": 1, \"binary_name\": \"x\", \"main_package\": \"./cmd/x\", \"targets\": "
                        "[{\"goos\": \"linux\", \"goarch\": \"amd64\"}]}";
  const char *one_main = "{\"gantry_recipe\": 1, \"binary_name\": \"x\", \"main\": \"./cmd/x\", \"targets\": "
                         "[{\"goos\": \"linux\", \"goarch\": \"amd64\"}]}";
  const char *two_new = "{\"gantry_recipe\": 2, \"binary_name\": \"x\", \"mains\": [\"./cmd/server\", \"./cmd/cli\"], "
                        "\"targets\": [{\"goos\": \"linux\", \"goarch\": \"amd64\"}]}";
  const char *clash = "{\"gantry_recipe\": 2, \"binary_name\": \"x\", \"main_packages\": [\"./a/tool\", \"./b/tool\"], "
                      "\"targets\": [{\"goos\": \"linux\", \"goarch\": \"amd64\"}]}";
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GantryRecipe) r = gantry_recipe_new_from_json (i == 0 ? one_old : one_main, -1, &error);
      g_autofree char *json = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (gantry_recipe_get_main_package (r), ==, "./cmd/x");
      g_assert_cmpuint (g_strv_length ((char **) gantry_recipe_get_main_packages (r)), ==, 1);
      /* one program is written as every Gantry reads it */
      json = gantry_recipe_to_json (r);
      g_assert_nonnull (strstr (json, "\"gantry_recipe\" : 1"));
      g_assert_nonnull (strstr (json, "\"main_package\" : \"./cmd/x\""));
      g_assert_null (strstr (json, "main_packages"));
    }

  {
    g_autoptr(GantryRecipe) r = gantry_recipe_new_from_json (two_new, -1, &error);
    g_autoptr(GantryRecipe) back = NULL;
    g_autofree char *json = NULL, *json2 = NULL;
    g_autofree char *server = NULL, *cli = NULL;
    const char * const *mains;

    g_assert_no_error (error);
    mains = gantry_recipe_get_main_packages (r);
    g_assert_cmpstr (mains[0], ==, "./cmd/server");
    g_assert_cmpstr (mains[1], ==, "./cmd/cli");
    g_assert_null (mains[2]);
    g_assert_cmpstr (gantry_recipe_get_main_package (r), ==, "./cmd/server");
    server = gantry_recipe_get_program_name (r, mains[0]);
    cli = gantry_recipe_get_program_name (r, mains[1]);
    g_assert_cmpstr (server, ==, "server");
    g_assert_cmpstr (cli, ==, "cli");
    g_assert_true (gantry_recipe_validate (r, &error));

    json = gantry_recipe_to_json (r);
    g_assert_nonnull (strstr (json, "\"gantry_recipe\" : 2"));
    g_assert_nonnull (strstr (json, "\"main_packages\" : ["));
    back = gantry_recipe_new_from_json (json, -1, &error);
    g_assert_no_error (error);
    json2 = gantry_recipe_to_json (back);
    g_assert_cmpstr (json, ==, json2);

    /* the single setter makes it one program again */
    gantry_recipe_set_main_package (back, "./cmd/cli");
    g_assert_null (gantry_recipe_get_main_packages (back)[1]);
  }

  {
    /* two programs that would land on one file name are refused */
    g_assert_null (gantry_recipe_new_from_json (clash, -1, &error));
    g_assert_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "would both make a program named 'tool'"));
    g_clear_error (&error);
  }

  /* a list that is not one */
  g_assert_null (gantry_recipe_new_from_json ("{\"gantry_recipe\": 2, \"main_packages\": \"./cmd/x\", \"targets\": []}",
                                              -1, &error));
  g_assert_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "main_packages: must be a list"));
  g_clear_error (&error);

  /* the store keeps the list in a revision */
  {
    g_autofree char *dir = gantry_test_make_tmpdir ("recipe-mains");
    g_autofree char *db = g_build_filename (dir, "gantry.db", NULL);
    g_autoptr(GantryStore) store = gantry_store_open (db, &error);
    g_autoptr(GantryProject) project = make_project (FALSE);
    g_autoptr(GantryRecipe) r = gantry_recipe_new_from_json (two_new, -1, NULL);
    g_autoptr(GantryRecipe) loaded = NULL;
    g_autoptr(GantryRecipe) one = gantry_recipe_new_from_json (one_old, -1, NULL);
    g_autoptr(GantryRecipe) one_loaded = NULL;

    g_assert_no_error (error);
    g_assert_true (gantry_store_add_project (store, project, &error));
    g_assert_true (gantry_recipe_save (r, store, gantry_project_get_id (project), &error));
    loaded = gantry_recipe_load (store, gantry_project_get_id (project), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (gantry_recipe_get_main_packages (loaded)[1], ==, "./cmd/cli");
    /* and a later revision of one program has one */
    g_assert_true (gantry_recipe_save (one, store, gantry_project_get_id (project), &error));
    one_loaded = gantry_recipe_load (store, gantry_project_get_id (project), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (gantry_recipe_get_main_packages (one_loaded)[0], ==, "./cmd/x");
    g_assert_null (gantry_recipe_get_main_packages (one_loaded)[1]);
    g_clear_object (&store);
    gantry_test_rm_rf (dir);
  }
}

/* verify.programs: one program of several checked its own way; it
 * survives JSON, a copy and the store; a program the recipe does not
 * release, or a bad pattern, is refused */
static void
test_program_verify (void)
{
  const char *json_in =
    "{\"gantry_recipe\": 2, \"binary_name\": \"x\", \"main_packages\": [\"./cmd/server\", \"./cmd/cli\"],"
    " \"verify\": {\"expect_output\": \"^cli says\", \"programs\": {\"./cmd/server\":"
    " {\"run_args\": [\"-check\"], \"expect_output\": \"^server here\"}}},"
    " \"targets\": [{\"goos\": \"linux\", \"goarch\": \"amd64\"}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryRecipe) r = gantry_recipe_new_from_json (json_in, -1, &error);
  g_autoptr(GantryRecipe) back = NULL;
  g_autoptr(GantryRecipe) copy = NULL;
  g_autofree char *json = NULL, *json2 = NULL;
  const char * const *args = NULL;
  const char *expect = NULL;

  g_assert_no_error (error);
  /* by main package, or by the file it makes */
  g_assert_true (gantry_recipe_get_program_verify (r, "./cmd/server", &args, &expect));
  g_assert_cmpstr (args[0], ==, "-check");
  g_assert_cmpstr (expect, ==, "^server here");
  expect = NULL;
  g_assert_true (gantry_recipe_get_program_verify (r, "server", NULL, &expect));
  g_assert_cmpstr (expect, ==, "^server here");
  g_assert_false (gantry_recipe_get_program_verify (r, "cli", NULL, NULL));
  g_assert_cmpstr (gantry_recipe_get_verify_expect_output (r), ==, "^cli says");

  json = gantry_recipe_to_json (r);
  g_assert_nonnull (strstr (json, "\"programs\""));
  back = gantry_recipe_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  json2 = gantry_recipe_to_json (back);
  g_assert_cmpstr (json, ==, json2);
  copy = gantry_recipe_copy (r);
  g_assert_true (gantry_recipe_get_program_verify (copy, "server", NULL, NULL));

  /* forgotten: the member goes, files without it stay as they were */
  gantry_recipe_set_program_verify (copy, "./cmd/server", NULL, NULL);
  g_assert_false (gantry_recipe_get_program_verify (copy, "server", NULL, NULL));
  g_clear_pointer (&json, g_free);
  json = gantry_recipe_to_json (copy);
  g_assert_null (strstr (json, "\"programs\""));

  /* a program the recipe does not release */
  g_assert_null (gantry_recipe_new_from_json (
    "{\"gantry_recipe\": 2, \"binary_name\": \"x\", \"main_packages\": [\"./cmd/server\", \"./cmd/cli\"],"
    " \"verify\": {\"programs\": {\"./cmd/gone\": {\"run_args\": []}}}, \"targets\": []}", -1, &error));
  g_assert_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "'./cmd/gone' is not one of main_packages"));
  g_clear_error (&error);
  /* a pattern that is none */
  g_assert_null (gantry_recipe_new_from_json (
    "{\"gantry_recipe\": 2, \"binary_name\": \"x\", \"main_packages\": [\"./cmd/server\", \"./cmd/cli\"],"
    " \"verify\": {\"programs\": {\"./cmd/cli\": {\"expect_output\": \"([\"}}}, \"targets\": []}", -1, &error));
  g_assert_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "verify.programs, ./cmd/cli: expect_output '([' is not"));
  g_clear_error (&error);
  /* not an object */
  g_assert_null (gantry_recipe_new_from_json (
    "{\"gantry_recipe\": 2, \"binary_name\": \"x\", \"verify\": {\"programs\": [1]}, \"targets\": []}", -1, &error));
  g_assert_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_FORMAT);
  g_clear_error (&error);
}

static void
test_store_revisions (void)
{
  g_autofree char *dir = gantry_test_make_tmpdir ("recipe-store");
  g_autofree char *db = g_build_filename (dir, "gantry.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryStore) store = gantry_store_open (db, &error);
  g_autoptr(GantryProject) project = make_project (TRUE);
  g_autoptr(GantryRecipe) recipe = gantry_recipe_new_detected (project);
  g_autoptr(GantryRecipe) loaded = NULL;
  g_autoptr(GantryRecipe) again = NULL;
  g_autoptr(GantryTarget) bad = gantry_target_new ("linux", "amd64");
  g_autoptr(GantryTarget) first = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_assert_no_error (error);
  g_assert_true (gantry_store_add_project (store, project, &error));

  g_assert_null (gantry_recipe_load (store, gantry_project_get_id (project), &error));
  g_assert_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  gantry_recipe_set_version (recipe, "0.9.0");
  {
    const char *images[] = { "localhost/gantry-debian:12", NULL };
    gantry_recipe_set_verify_images (recipe, images);
    gantry_recipe_set_verify_reproducible (recipe, TRUE);
    gantry_recipe_set_verify_containers (recipe, FALSE);
  }
  first = g_list_model_get_item (gantry_recipe_get_targets (recipe), 2);
  gantry_target_set_glibc_floor (first, "2.31");
  g_assert_true (gantry_recipe_save (recipe, store, gantry_project_get_id (project), &error));
  g_assert_no_error (error);
  g_assert_cmpint (gantry_recipe_get_revision (recipe), ==, 1);

  loaded = gantry_recipe_load (store, gantry_project_get_id (project), &error);
  g_assert_no_error (error);
  a = gantry_recipe_to_json (recipe);
  b = gantry_recipe_to_json (loaded);
  g_assert_false (gantry_recipe_get_verify_containers (loaded));
  g_assert_cmpstr (a, ==, b);

  gantry_recipe_set_version (loaded, "1.0.0");
  g_assert_true (gantry_recipe_save (loaded, store, gantry_project_get_id (project), &error));
  g_assert_cmpint (gantry_recipe_get_revision (loaded), ==, 2);

  /* An invalid recipe is refused and the last good one stays current. */
  gantry_target_set_glibc_floor (bad, "banana");
  gantry_recipe_add_target (loaded, bad);
  g_assert_false (gantry_recipe_save (loaded, store, gantry_project_get_id (project), &error));
  g_assert_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID);
  g_clear_error (&error);

  again = gantry_recipe_load (store, gantry_project_get_id (project), &error);
  g_assert_no_error (error);
  g_assert_cmpint (gantry_recipe_get_revision (again), ==, 2);
  g_assert_cmpstr (gantry_recipe_get_version (again), ==, "1.0.0");
  g_assert_cmpuint (g_list_model_get_n_items (gantry_recipe_get_targets (again)), ==, 4);

  g_clear_object (&store);
  gantry_test_rm_rf (dir);
}

/* "unbuildable": skip (the default) or block, the same through
 * gantry.json, a copy and the store; an old file without it skips. */
static void
test_unbuildable_round_trip (void)
{
  g_autofree char *dir = gantry_test_make_tmpdir ("recipe-unbuildable");
  g_autofree char *db = g_build_filename (dir, "gantry.db", NULL);
  g_autofree char *file = g_build_filename (dir, "gantry.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryStore) store = gantry_store_open (db, &error);
  g_autoptr(GantryProject) project = make_project (TRUE);
  g_autoptr(GantryRecipe) recipe = gantry_recipe_new_detected (project);
  g_autoptr(GantryRecipe) copy = NULL;
  g_autoptr(GantryRecipe) imported = NULL;
  g_autoptr(GantryRecipe) loaded = NULL;
  g_autoptr(GantryRecipe) old = NULL;
  g_autoptr(GantryRecipe) bad = NULL;
  g_autofree char *json = NULL;

  g_assert_no_error (error);
  g_assert_true (gantry_store_add_project (store, project, &error));

  g_assert_false (gantry_recipe_get_block_unbuildable (recipe));
  json = gantry_recipe_to_json (recipe);
  g_assert_nonnull (strstr (json, "\"unbuildable\" : \"skip\""));
  g_clear_pointer (&json, g_free);

  gantry_recipe_set_block_unbuildable (recipe, TRUE);
  json = gantry_recipe_to_json (recipe);
  g_assert_nonnull (strstr (json, "\"unbuildable\" : \"block\""));
  copy = gantry_recipe_copy (recipe);
  g_assert_true (gantry_recipe_get_block_unbuildable (copy));

  /* gantry.json */
  g_assert_true (gantry_recipe_export_file (recipe, file, &error));
  g_assert_no_error (error);
  imported = gantry_recipe_import_file (file, &error);
  g_assert_no_error (error);
  g_assert_true (gantry_recipe_get_block_unbuildable (imported));

  /* the store: a new revision keeps it, and so does turning it back */
  g_assert_true (gantry_recipe_save (imported, store, gantry_project_get_id (project), &error));
  g_assert_no_error (error);
  loaded = gantry_recipe_load (store, gantry_project_get_id (project), &error);
  g_assert_no_error (error);
  g_assert_true (gantry_recipe_get_block_unbuildable (loaded));
  gantry_recipe_set_block_unbuildable (loaded, FALSE);
  g_assert_true (gantry_recipe_save (loaded, store, gantry_project_get_id (project), &error));
  g_clear_object (&loaded);
  loaded = gantry_recipe_load (store, gantry_project_get_id (project), &error);
  g_assert_no_error (error);
  g_assert_cmpint (gantry_recipe_get_revision (loaded), ==, 2);
  g_assert_false (gantry_recipe_get_block_unbuildable (loaded));

  /* a file from before the field: the others are built */
  old = gantry_recipe_new_from_json ("{\"gantry_recipe\": 1, \"binary_name\": \"x\", \"targets\": [{\"goos\": \"linux\", \"goarch\": \"amd64\"}]}",
                                     -1, &error);
  g_assert_no_error (error);
  g_assert_false (gantry_recipe_get_block_unbuildable (old));

  /* anything else is refused, naming the field and the two words */
  bad = gantry_recipe_new_from_json ("{\"gantry_recipe\": 1, \"unbuildable\": \"wait\", "
                                     "\"targets\": [{\"goos\": \"linux\", \"goarch\": \"amd64\"}]}",
                                     -1, &error);
  g_assert_null (bad);
  g_assert_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "unbuildable: 'wait'"));
  g_assert_nonnull (strstr (error->message, "skip"));
  g_assert_nonnull (strstr (error->message, "block"));
  g_clear_error (&error);
  bad = gantry_recipe_new_from_json ("{\"gantry_recipe\": 1, \"unbuildable\": true, "
                                     "\"targets\": [{\"goos\": \"linux\", \"goarch\": \"amd64\"}]}",
                                     -1, &error);
  g_assert_null (bad);
  g_assert_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_FORMAT);
  g_clear_error (&error);

  g_clear_object (&store);
  gantry_test_rm_rf (dir);
}

/* The project's recipe, or the detected one: saved only when asked. */
static void
test_load_or_detect (void)
{
  g_autofree char *dir = gantry_test_make_tmpdir ("recipe-load-or-detect");
  g_autofree char *db = g_build_filename (dir, "gantry.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryStore) store = gantry_store_open (db, &error);
  g_autoptr(GantryProject) project = make_project (TRUE);
  g_autoptr(GantryRecipe) detected = NULL;
  g_autoptr(GantryRecipe) saved = NULL;
  g_autoptr(GantryRecipe) loaded = NULL;

  g_assert_no_error (error);
  g_assert_true (gantry_store_add_project (store, project, &error));

  detected = gantry_recipe_load_or_detect (store, project, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (detected);
  g_assert_cmpint (gantry_recipe_get_revision (detected), ==, 0);
  g_assert_null (gantry_recipe_load (store, gantry_project_get_id (project), &error));
  g_assert_error (error, GANTRY_RECIPE_ERROR, GANTRY_RECIPE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  saved = gantry_recipe_load_or_detect (store, project, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gantry_recipe_get_revision (saved), ==, 1);

  gantry_recipe_set_version (saved, "2.0.0");
  g_assert_true (gantry_recipe_save (saved, store, gantry_project_get_id (project), &error));
  loaded = gantry_recipe_load_or_detect (store, project, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gantry_recipe_get_revision (loaded), ==, 2);
  g_assert_cmpstr (gantry_recipe_get_version (loaded), ==, "2.0.0");

  g_clear_object (&store);
  gantry_test_rm_rf (dir);
}

static void
test_glibc_floors (void)
{
  guint n = 0;
  const GantryGlibcFloor *floors = gantry_glibc_floors (&n);
  gboolean centos = FALSE;

  g_assert_cmpuint (n, >=, 6);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *spec = g_strdup_printf ("linux/amd64@glibc%s", floors[i].glibc);
      g_autoptr(GError) error = NULL;
      g_autoptr(GantryTarget) t = gantry_target_parse (spec, &error);

      g_assert_no_error (error);
      if (g_str_equal (floors[i].distro, "CentOS 7"))
        centos = g_str_equal (floors[i].glibc, "2.17");
    }
  g_assert_true (centos);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/recipe/detected", test_detected);
  g_test_add_func ("/core/recipe/parse-target-spec", test_parse_spec);
  g_test_add_func ("/core/recipe/validate-names-field", test_validate_names_field);
  g_test_add_func ("/core/recipe/json-round-trip", test_json_round_trip);
  g_test_add_func ("/core/recipe/json-errors", test_json_errors);
  g_test_add_func ("/core/recipe/image-names", test_image_names);
  g_test_add_func ("/core/recipe/store-revisions", test_store_revisions);
  g_test_add_func ("/core/recipe/several-programs", test_several_programs);
  g_test_add_func ("/core/recipe/program-verify", test_program_verify);
  g_test_add_func ("/core/recipe/glibc-floors", test_glibc_floors);
  g_test_add_func ("/core/recipe/unbuildable-round-trip", test_unbuildable_round_trip);
  g_test_add_func ("/core/recipe/load-or-detect", test_load_or_detect);

  return g_test_run ();
}

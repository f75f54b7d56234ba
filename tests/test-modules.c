/* test-modules.c — real projects: modules fetched as a step of their own, several programs in one release */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gantry-go-graph.h"
#include "gantry-test-util.h"

static char *root;
static char *data_dir;

static gboolean
have (const char *program)
{
  g_autofree char *p = g_find_program_in_path (program);
  return p != NULL;
}

/* Runs gantry with ARGS… in @envp (NULL-terminated KEY=VALUE changes
 * on top of ours); returns its exit status. */
static int
run_gantry_env (const char * const *envp,
                char              **out,
                char              **err,
                ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("GANTRY_EXE"));
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "GANTRY_DATA_DIR", data_dir, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  for (guint i = 0; envp != NULL && envp[i] != NULL; i++)
    {
      g_autofree char *key = g_strndup (envp[i], strcspn (envp[i], "="));
      g_subprocess_launcher_setenv (launcher, key, envp[i] + strlen (key) + 1, TRUE);
    }
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

/* Runs a program in @cwd with @envp changes, and asserts it succeeded;
 * returns what it printed. */
static char *
run_ok (const char * const *argv,
        const char         *cwd,
        const char * const *envp)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_subprocess_launcher_set_cwd (launcher, cwd);
  for (guint i = 0; envp != NULL && envp[i] != NULL; i++)
    {
      g_autofree char *key = g_strndup (envp[i], strcspn (envp[i], "="));
      g_subprocess_launcher_setenv (launcher, key, envp[i] + strlen (key) + 1, TRUE);
    }
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (proc))
    g_error ("%s failed in %s:\n%s", argv[0], cwd, out);
  return out;
}

static void
zip_add (struct archive *a,
         const char     *name,
         const char     *text)
{
  struct archive_entry *e = archive_entry_new ();

  archive_entry_set_pathname (e, name);
  archive_entry_set_filetype (e, AE_IFREG);
  archive_entry_set_perm (e, 0644);
  archive_entry_set_size (e, strlen (text));
  archive_entry_set_mtime (e, 1700000000, 0);
  g_assert_cmpint (archive_write_header (a, e), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_data (a, text, strlen (text)), ==, (la_ssize_t) strlen (text));
  archive_entry_free (e);
}

/* A GOPROXY folder (file://) serving example.com/dep v1.0.0, laid out as
 * the go command reads one: <module>/@v/list, vX.info, vX.mod, vX.zip
 * with every file under "module@version/". Returns its URL. */
static char *
make_proxy (void)
{
  static const char *mod = "module example.com/dep\n\ngo 1.18\n";
  static const char *code = "package dep\n\nfunc Hello() string { return \"hello from dep\" }\n";
  g_autofree char *proxy = g_build_filename (root, "proxy", NULL);
  g_autofree char *at_v = g_build_filename (proxy, "example.com", "dep", "@v", NULL);
  g_autofree char *zip = g_build_filename (at_v, "v1.0.0.zip", NULL);
  struct archive *a;

  gantry_test_write_file (at_v, "list", "v1.0.0\n");
  gantry_test_write_file (at_v, "v1.0.0.info", "{\"Version\":\"v1.0.0\",\"Time\":\"2024-01-01T00:00:00Z\"}\n");
  gantry_test_write_file (at_v, "v1.0.0.mod", mod);

  a = archive_write_new ();
  g_assert_cmpint (archive_write_set_format_zip (a), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_open_filename (a, zip), ==, ARCHIVE_OK);
  zip_add (a, "example.com/dep@v1.0.0/go.mod", mod);
  zip_add (a, "example.com/dep@v1.0.0/dep.go", code);
  archive_write_close (a);
  archive_write_free (a);

  return g_filename_to_uri (proxy, NULL, NULL);
}

/* A program that requires example.com/dep, with go.sum written by
 * go mod tidy against @proxy_url (in a module cache of its own). */
static char *
make_app (const char *name,
          const char *proxy_url)
{
  g_autofree char *dir = g_build_filename (root, name, NULL);
  g_autofree char *cache = g_build_filename (root, "tidy-cache", NULL);
  g_autofree char *gomodcache = g_strconcat ("GOMODCACHE=", cache, NULL);
  g_autofree char *goproxy = g_strconcat ("GOPROXY=", proxy_url, NULL);
  const char *envp[] = { goproxy, gomodcache, "GOSUMDB=off", "GOFLAGS=-mod=mod", NULL };
  const char *tidy[] = { "go", "mod", "tidy", NULL };
  g_autofree char *out = NULL;

  gantry_test_write_file (dir, "go.mod", "module example.com/app\n\ngo 1.18\n\nrequire example.com/dep v1.0.0\n");
  gantry_test_write_file (dir, "main.go",
                          "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/dep\"\n)\n\n"
                          "func main() { fmt.Println(dep.Hello()) }\n");
  out = run_ok (tidy, dir, envp);
  return g_steal_pointer (&dir);
}

static char *
empty_cache (const char *name)
{
  g_autofree char *dir = g_build_filename (root, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  return g_strconcat ("GOMODCACHE=", dir, NULL);
}

static void
test_download_step (void)
{
  g_autofree char *proxy_url = NULL;
  g_autofree char *app = NULL;
  g_autofree char *goproxy = NULL;
  g_autofree char *cache1 = NULL, *cache2 = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *result, *modules;
  int rc;

  if (!have ("go"))
    {
      g_test_skip ("needs go");
      return;
    }

  proxy_url = make_proxy ();
  app = make_app ("app", proxy_url);
  goproxy = g_strconcat ("GOPROXY=", proxy_url, NULL);
  cache1 = empty_cache ("cache-online");

  {
    const char *envp[] = { goproxy, cache1, "GOSUMDB=off", NULL };

    /* the plan starts with go mod download, naming what is missing */
    rc = run_gantry_env (envp, &out, &err, "build", app, "--dry-run", "--target", "linux/amd64", NULL);
    g_assert_cmpint (rc, ==, 0);
    g_assert_nonnull (strstr (out, "# download modules (1 module is not in the module cache yet:"));
    g_assert_nonnull (strstr (out, "example.com/dep@v1.0.0)"));
    g_assert_nonnull (strstr (out, "go mod download"));
    g_assert_true (strstr (out, "go mod download") < strstr (out, "go build"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);

    /* and the release fetches them from the proxy, then builds and runs */
    rc = run_gantry_env (envp, &out, &err, "build", app, "--json", "--target", "linux/amd64", NULL);
    if (rc != 0)
      g_error ("gantry build exited %d\n%s\n%s", rc, out, err);
    json_parser_load_from_data (parser, out, -1, &error);
    g_assert_no_error (error);
    result = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpstr (json_object_get_string_member (result, "outcome"), ==, "released");
    modules = json_object_get_object_member (result, "modules");
    g_assert_nonnull (modules);
    g_assert_cmpstr (json_object_get_string_member (modules, "state"), ==, "ok");
    g_assert_nonnull (strstr (json_object_get_string_member (modules, "missing"), "example.com/dep@v1.0.0"));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "targets")), ==, 1);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);

    /* once they are there, no step */
    rc = run_gantry_env (envp, &out, &err, "build", app, "--dry-run", "--target", "linux/amd64", NULL);
    g_assert_cmpint (rc, ==, 0);
    g_assert_null (strstr (out, "go mod download"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* offline with an empty cache: one sentence naming the module and the fix */
  cache2 = empty_cache ("cache-offline");
  {
    const char *envp[] = { "GOPROXY=off", cache2, "GOSUMDB=off", NULL };
    const char *sentence = "The module example.com/dep is not in the module cache and cannot be downloaded here: "
                           "connect to the network once (go mod download), or vendor it: go mod vendor.";

    rc = run_gantry_env (envp, &out, &err, "build", app, "--target", "linux/amd64", NULL);
    g_assert_cmpint (rc, !=, 0);
    g_assert_nonnull (strstr (out, sentence));
    g_assert_nonnull (strstr (out, "Not released: The module example.com/dep"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);

    /* vendored: never a download step, and it releases offline */
    {
      g_autofree char *vendored = g_build_filename (root, "vendored", NULL);
      g_autofree char *cache = g_build_filename (root, "tidy-cache", NULL);
      g_autofree char *gomodcache = g_strconcat ("GOMODCACHE=", cache, NULL);
      const char *vendor_env[] = { gomodcache, "GOPROXY=off", "GOSUMDB=off", NULL };
      const char *vendor[] = { "go", "mod", "vendor", NULL };
      g_autofree char *go_out = NULL;
      g_autofree char *main_go = g_build_filename (app, "main.go", NULL);
      g_autofree char *go_mod = g_build_filename (app, "go.mod", NULL);
      g_autofree char *go_sum = g_build_filename (app, "go.sum", NULL);
      g_autofree char *text = NULL;

      text = gantry_test_read_file (main_go, NULL);
      gantry_test_write_file (vendored, "main.go", text);
      g_free (text);
      text = gantry_test_read_file (go_mod, NULL);
      {
        g_autofree char *renamed = g_strdup (text);
        g_auto(GStrv) parts = g_strsplit (renamed, "example.com/app", 2);
        g_autofree char *joined = g_strjoinv ("example.com/vendored", parts);

        gantry_test_write_file (vendored, "go.mod", joined);
      }
      g_free (text);
      text = gantry_test_read_file (go_sum, NULL);
      gantry_test_write_file (vendored, "go.sum", text);
      go_out = run_ok (vendor, vendored, vendor_env);

      rc = run_gantry_env (envp, &out, &err, "build", vendored, "--dry-run", "--target", "linux/amd64", NULL);
      g_assert_cmpint (rc, ==, 0);
      g_assert_null (strstr (out, "go mod download"));
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      rc = run_gantry_env (envp, &out, &err, "build", vendored, "--target", "linux/amd64", NULL);
      if (rc != 0)
        g_error ("vendored: gantry build exited %d\n%s\n%s", rc, out, err);
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
    }

    /* no requirements: no step */
    {
      g_autofree char *plain = g_build_filename (root, "plain", NULL);

      gantry_test_write_file (plain, "go.mod", "module example.com/plain\n\ngo 1.18\n");
      gantry_test_write_file (plain, "main.go", "package main\n\nfunc main() {}\n");
      rc = run_gantry_env (envp, &out, &err, "build", plain, "--dry-run", "--target", "linux/amd64", NULL);
      g_assert_cmpint (rc, ==, 0);
      g_assert_null (strstr (out, "go mod download"));
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
    }
  }
}

/* The check itself: requirements, local replacements, the cache. */
static void
test_missing_list (void)
{
  g_autofree char *dir = g_build_filename (root, "missing-list", NULL);
  g_autofree char *cache = g_build_filename (root, "missing-cache", NULL);
  g_auto(GStrv) missing = NULL;

  if (!have ("go"))
    {
      g_test_skip ("needs go");
      return;
    }

  gantry_test_write_file (dir, "go.mod",
                          "module example.com/m\n\ngo 1.18\n\n"
                          "require (\n\texample.com/Upper v1.2.3\n\texample.com/local v0.0.0 // indirect\n"
                          "\texample.com/ind v1.0.0 // indirect\n)\n\n"
                          "replace example.com/local => ../local\n");
  /* the indirect one only needs its go.mod; Upper is spelled !upper */
  gantry_test_write_file (cache, "cache/download/example.com/ind/@v/v1.0.0.mod", "module example.com/ind\n");
  g_setenv ("GOMODCACHE", cache, TRUE);
  missing = gantry_go_modules_missing (dir, NULL);
  g_assert_cmpuint (g_strv_length (missing), ==, 1);
  g_assert_cmpstr (missing[0], ==, "example.com/Upper@v1.2.3");
  g_strfreev (missing);

  gantry_test_write_file (cache, "cache/download/example.com/!upper/@v/v1.2.3.mod", "module example.com/Upper\n");
  gantry_test_write_file (cache, "cache/download/example.com/!upper/@v/v1.2.3.zip", "zip");
  missing = gantry_go_modules_missing (dir, NULL);
  g_assert_cmpuint (g_strv_length (missing), ==, 0);
  g_strfreev (missing);

  /* vendored: nothing, whatever the cache */
  gantry_test_rm_rf (cache);
  gantry_test_write_file (dir, "vendor/modules.txt", "# example.com/Upper v1.2.3\n");
  missing = gantry_go_modules_missing (dir, NULL);
  g_assert_cmpuint (g_strv_length (missing), ==, 0);
  g_unsetenv ("GOMODCACHE");
}

/* Extracts every file of the archive at @path into @dir; returns their names. */
static GPtrArray *
extract (const char *path,
         const char *dir)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;

  archive_read_support_filter_all (a);
  archive_read_support_format_all (a);
  g_assert_cmpint (archive_read_open_filename (a, path, 16384), ==, ARCHIVE_OK);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  while (archive_read_next_header (a, &entry) == ARCHIVE_OK)
    {
      g_autofree char *file = g_build_filename (dir, archive_entry_pathname (entry), NULL);
      g_autoptr(GByteArray) data = g_byte_array_new ();
      char buffer[16384];
      la_ssize_t n;
      g_autoptr(GError) error = NULL;

      while ((n = archive_read_data (a, buffer, sizeof buffer)) > 0)
        g_byte_array_append (data, (const guint8 *) buffer, (guint) n);
      g_file_set_contents (file, (const char *) data->data, data->len, &error);
      g_assert_no_error (error);
      g_chmod (file, 0755);
      g_ptr_array_add (names, g_strdup (archive_entry_pathname (entry)));
    }
  archive_read_free (a);
  return names;
}

static gboolean
has_name (GPtrArray  *names,
          const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (g_ptr_array_index (names, i), name))
      return TRUE;
  return FALSE;
}

/* A module with cmd/server (pure Go) and cmd/cli (cgo through a package
 * of its own): the default recipe releases both, each archive holds
 * both, and each runs. */
static void
test_two_programs (void)
{
  g_autofree char *two = g_build_filename (root, "two", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gboolean windows = have ("x86_64-w64-mingw32-gcc");
  JsonObject *result;
  JsonArray *targets;
  int rc;

  if (!have ("go") || !have ("gcc"))
    {
      g_test_skip ("needs go and gcc");
      return;
    }

  gantry_test_write_file (two, "go.mod", "module example.com/two\n\ngo 1.18\n");
  gantry_test_write_file (two, "cmd/server/main.go",
                          "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"server here\") }\n");
  gantry_test_write_file (two, "cmd/cli/main.go",
                          "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/two/internal/native\"\n)\n\n"
                          "func main() { fmt.Println(\"cli says\", native.N()) }\n");
  gantry_test_write_file (two, "internal/native/native.go",
                          "package native\n\n// static int n(void) { return 42; }\nimport \"C\"\n\nfunc N() int { return int(C.n()) }\n");
  gantry_test_write_file (two, "README.md", "# two\n");

  rc = windows
    ? run_gantry_env (NULL, &out, &err, "build", two, "--json", "--target", "linux/amd64", "--target", "windows/amd64", NULL)
    : run_gantry_env (NULL, &out, &err, "build", two, "--json", "--target", "linux/amd64", NULL);
  if (rc != 0)
    g_error ("gantry build exited %d\n%s\n%s", rc, out, err);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  result = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (result, "outcome"), ==, "released");
  targets = json_object_get_array_member (result, "targets");
  /* each program of linux/amd64 ran here (the same verify.args for each) */
  {
    JsonArray *verify = json_object_get_array_member (result, "verify");
    gboolean ran[2] = { FALSE, FALSE };

    for (guint i = 0; i < json_array_get_length (verify); i++)
      {
        JsonObject *v = json_array_get_object_element (verify, i);
        const char *path = json_object_get_string_member (v, "path");

        if (!g_str_equal (json_object_get_string_member (v, "target"), "linux/amd64") ||
            !g_str_equal (json_object_get_string_member (v, "check"), "run") ||
            !g_str_equal (json_object_get_string_member (v, "state"), "pass"))
          continue;
        ran[0] |= g_str_has_suffix (path, G_DIR_SEPARATOR_S "cli");
        ran[1] |= g_str_has_suffix (path, G_DIR_SEPARATOR_S "server");
      }
    g_assert_true (ran[0]);
    g_assert_true (ran[1]);
  }
  /* the archives go by the module's name, the programs by their own */
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (targets, 0), "archive"),
                            "two_dev_linux_amd64.tar.gz"));
  g_assert_cmpuint (json_array_get_length (targets), ==, windows ? 2 : 1);

  for (guint i = 0; i < json_array_get_length (targets); i++)
    {
      JsonObject *t = json_array_get_object_element (targets, i);
      const char *key = json_object_get_string_member (t, "target");
      gboolean exe = g_str_has_prefix (key, "windows/");
      g_autofree char *dir = g_build_filename (root, "two-out", exe ? "windows" : "linux", NULL);
      g_autoptr(GPtrArray) names = extract (json_object_get_string_member (t, "archive"), dir);
      const char *programs[] = { exe ? "cli.exe" : "cli", exe ? "server.exe" : "server" };
      const char *says[] = { "cli says 42", "server here" };

      g_assert_true (has_name (names, programs[0]));
      g_assert_true (has_name (names, programs[1]));
      g_assert_true (has_name (names, "README.md"));
      g_assert_cmpuint (names->len, ==, 3);
      for (guint p = 0; p < G_N_ELEMENTS (programs); p++)
        {
          g_autofree char *program = g_build_filename (dir, programs[p], NULL);
          g_autofree char *printed = NULL;

          if (exe)
            {
              /* under wine when a prefix is there to reuse */
              const char *prefix = g_getenv ("GANTRY_WINEPREFIX");
              g_autofree char *kv = prefix ? g_strconcat ("WINEPREFIX=", prefix, NULL) : NULL;
              const char *envp[] = { "WINEDEBUG=-all", kv, NULL };
              const char *argv[] = { "/usr/lib/wine/wine64", program, NULL };

              if (prefix == NULL || !g_file_test (argv[0], G_FILE_TEST_IS_EXECUTABLE))
                continue;
              printed = run_ok (argv, dir, envp);
            }
          else
            {
              const char *argv[] = { program, NULL };
              printed = run_ok (argv, dir, NULL);
            }
          g_assert_nonnull (strstr (printed, says[p]));
        }
    }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* gantry recipe show lists both */
  rc = run_gantry_env (NULL, &out, &err, "recipe", "show", "two", NULL);
  g_assert_cmpint (rc, ==, 0);
  g_assert_nonnull (strstr (out, "programs      2, each in every archive:"));
  g_assert_nonnull (strstr (out, "./cmd/server"));

  /* the reproducible rebuild compares each program, not only the first */
  {
    g_autoptr(JsonParser) again = json_parser_new ();
    JsonArray *verdicts;
    gboolean same[2] = { FALSE, FALSE };

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    rc = run_gantry_env (NULL, &out, &err, "verify", "two", "--reproducible", "--static-only", "--json", NULL);
    if (rc != 0)
      g_error ("gantry verify --reproducible exited %d\n%s\n%s", rc, out, err);
    json_parser_load_from_data (again, out, -1, &error);
    g_assert_no_error (error);
    verdicts = json_object_get_array_member (json_node_get_object (json_parser_get_root (again)), "verdicts");
    for (guint i = 0; i < json_array_get_length (verdicts); i++)
      {
        JsonObject *v = json_array_get_object_element (verdicts, i);
        const char *path = json_object_get_string_member (v, "path");

        if (!g_str_equal (json_object_get_string_member (v, "check"), "reproducible") ||
            !g_str_equal (json_object_get_string_member (v, "target"), "linux/amd64"))
          continue;
        g_test_message ("reproducible %s: %s %s", path, json_object_get_string_member (v, "state"),
                        json_object_get_string_member (v, "message"));
        g_assert_cmpstr (json_object_get_string_member (v, "state"), ==, "pass");
        same[0] |= g_str_has_suffix (path, G_DIR_SEPARATOR_S "cli");
        same[1] |= g_str_has_suffix (path, G_DIR_SEPARATOR_S "server");
      }
    g_assert_true (same[0]);
    g_assert_true (same[1]);
  }

  /* Each program's own check (verify.programs): the recipe expects what
   * cli prints; server, which prints something else, has its own pattern.
   * Without it server's run fails: the setting is what makes it pass. */
  {
    g_autofree char *file = g_build_filename (root, "two-recipe.json", NULL);
    const char *variants[] = { "own", "none" };

    for (guint k = 0; k < G_N_ELEMENTS (variants); k++)
      {
        g_autoptr(JsonParser) recipe = json_parser_new ();
        g_autoptr(JsonParser) verified = json_parser_new ();
        g_autoptr(JsonGenerator) gen = json_generator_new ();
        JsonObject *verify = json_object_new ();
        gboolean own = g_str_equal (variants[k], "own");
        JsonArray *verdicts;
        gboolean server_passed = FALSE, server_failed = FALSE, cli_passed = FALSE;

        g_clear_pointer (&out, g_free);
        g_clear_pointer (&err, g_free);
        g_assert_cmpint (run_gantry_env (NULL, &out, &err, "recipe", "export", "two", "--file", file, NULL), ==, 0);
        json_parser_load_from_file (recipe, file, &error);
        g_assert_no_error (error);
        json_object_set_string_member (verify, "expect_output", "^cli says");
        if (own)
          {
            JsonObject *programs = json_object_new ();
            JsonObject *server = json_object_new ();

            json_object_set_string_member (server, "expect_output", "^server here");
            json_object_set_object_member (programs, "./cmd/server", server);
            json_object_set_object_member (verify, "programs", programs);
          }
        json_object_set_object_member (json_node_get_object (json_parser_get_root (recipe)), "verify", verify);
        json_generator_set_root (gen, json_parser_get_root (recipe));
        g_assert_true (json_generator_to_file (gen, file, &error));
        g_clear_pointer (&out, g_free);
        g_clear_pointer (&err, g_free);
        rc = run_gantry_env (NULL, &out, &err, "recipe", "import", "two", "--file", file, NULL);
        if (rc != 0)
          g_error ("gantry recipe import exited %d\n%s\n%s", rc, out, err);
        if (own)
          {
            g_clear_pointer (&out, g_free);
            g_clear_pointer (&err, g_free);
            g_assert_cmpint (run_gantry_env (NULL, &out, &err, "recipe", "show", "two", NULL), ==, 0);
            g_assert_nonnull (strstr (out, "must print  /^server here/"));
          }

        g_clear_pointer (&out, g_free);
        g_clear_pointer (&err, g_free);
        rc = run_gantry_env (NULL, &out, &err, "verify", "two", "--json", "--engine", "none", NULL);
        g_assert_cmpint (rc, ==, own ? 0 : 1);
        json_parser_load_from_data (verified, out, -1, &error);
        g_assert_no_error (error);
        verdicts = json_object_get_array_member (json_node_get_object (json_parser_get_root (verified)), "verdicts");
        for (guint i = 0; i < json_array_get_length (verdicts); i++)
          {
            JsonObject *v = json_array_get_object_element (verdicts, i);
            const char *path = json_object_get_string_member (v, "path");
            gboolean passed = g_str_equal (json_object_get_string_member (v, "state"), "pass");

            if (!g_str_equal (json_object_get_string_member (v, "target"), "linux/amd64") ||
                !g_str_equal (json_object_get_string_member (v, "check"), "run") ||
                !g_str_equal (json_object_get_string_member (v, "place"), "native"))
              continue;
            if (g_str_has_suffix (path, G_DIR_SEPARATOR_S "server"))
              {
                server_passed |= passed;
                server_failed |= !passed;
              }
            else
              cli_passed |= passed;
          }
        g_assert_true (cli_passed);
        g_assert_true (own ? server_passed : server_failed);
      }
  }
}

int
main (int    argc,
      char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);

  root = gantry_test_make_tmpdir ("modules");
  data_dir = g_build_filename (root, "data", NULL);

  g_test_add_func ("/integration/modules/missing-list", test_missing_list);
  g_test_add_func ("/integration/modules/download-step", test_download_step);
  g_test_add_func ("/integration/modules/two-programs", test_two_programs);

  rc = g_test_run ();
  /* the go command leaves its module caches read-only */
  {
    static const char * const caches[] = { "tidy-cache", "cache-online", "cache-offline" };

    for (guint i = 0; i < G_N_ELEMENTS (caches) && have ("go"); i++)
      {
        g_autofree char *dir = g_build_filename (root, caches[i], NULL);
        g_autofree char *kv = g_strconcat ("GOMODCACHE=", dir, NULL);
        const char *envp[] = { kv, NULL };
        const char *clean[] = { "go", "clean", "-modcache", NULL };
        g_autofree char *out = NULL;

        if (g_file_test (dir, G_FILE_TEST_IS_DIR))
          out = run_ok (clean, root, envp);
      }
  }
  gantry_test_rm_rf (root);
  g_free (root);
  g_free (data_dir);
  return rc;
}

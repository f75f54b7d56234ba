/* test-toolchain-model.c — the list models and async calls the Toolchains page uses */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "gantry-target.h"
#include "gantry-toolchain-model.h"
#include "gantry-test-http.h"
#include "gantry-test-util.h"

static GantryToolchain *
make_tool (const char *kind,
           const char *version,
           const char *origin)
{
  GantryToolchain *tc = g_new0 (GantryToolchain, 1);

  tc->kind = g_strdup (kind);
  tc->name = g_strdup (kind);
  tc->version = g_strdup (version);
  tc->origin = g_strdup (origin);
  tc->program = g_strdup_printf ("/opt/%s/bin/%s", kind, kind);
  tc->path = g_strdup_printf ("/opt/%s", kind);
  tc->target = g_strdup ("x86_64-linux-gnu");
  return tc;
}

static void
test_toolchain_model (void)
{
  g_autoptr(GPtrArray) tools = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_toolchain_free);
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GantryToolchainRow) row = NULL;
  g_autofree char *version = NULL;
  g_autofree char *program = NULL;
  gboolean installed = FALSE;

  g_ptr_array_add (tools, make_tool ("zig", "0.11.0", "installed"));
  g_ptr_array_add (tools, make_tool ("gcc", "12", "detected"));
  model = gantry_toolchain_model_new (tools);

  g_assert_true (g_list_model_get_item_type (model) == GANTRY_TYPE_TOOLCHAIN_ROW);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  row = g_list_model_get_item (model, 0);
  g_object_get (row, "version", &version, "program", &program, "installed", &installed, NULL);
  g_assert_cmpstr (version, ==, "0.11.0");
  g_assert_cmpstr (program, ==, "/opt/zig/bin/zig");
  g_assert_true (installed);
  g_assert_cmpstr (gantry_toolchain_row_get_toolchain (row)->kind, ==, "zig");
  g_clear_object (&row);

  row = g_list_model_get_item (model, 1);
  g_object_get (row, "installed", &installed, NULL);
  g_assert_false (installed);
  g_clear_object (&row);

  g_assert_finalize_object (g_steal_pointer (&model));
}

static GantryToolchain *
make_program (const char *kind,
              const char *name,
              const char *origin,
              const char *target)
{
  GantryToolchain *tc = make_tool (kind, "7.2.0", origin);

  g_free (tc->name);
  tc->name = g_strdup (name);
  g_free (tc->program);
  tc->program = g_strdup_printf ("/usr/bin/%s", name);
  g_free (tc->target);
  tc->target = g_strdup (target);
  return tc;
}

static char *
row_string (gpointer    row,
            const char *property)
{
  char *value = NULL;

  g_object_get (row, property, &value, NULL);
  return value;
}

/* What a person counts as a tool: qemu-user once, however many qemu-ARCH
 * binaries (and -static twins) the distribution installs; llvm-mingw
 * once, though it holds a clang per target; each compiler on its own. */
static void
test_toolchain_model_counts_tools (void)
{
  g_autoptr(GPtrArray) tools = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_toolchain_free);
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GantryToolchainRow) gcc = NULL;
  g_autoptr(GantryToolchainRow) qemu = NULL;
  g_autoptr(GantryToolchainRow) mingw = NULL;
  g_autoptr(GantryToolchainRow) system = NULL;
  g_autofree char *title = NULL;
  g_autofree char *archs = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *install_kind = NULL;
  static const char *const triples[] = { "x86_64-w64-mingw32", "i686-w64-mingw32", "aarch64-w64-mingw32" };
  guint n_programs = 0;

  g_ptr_array_add (tools, make_program ("gcc", "gcc", "detected", "x86_64-linux-gnu"));
  for (guint i = 0; i < G_N_ELEMENTS (triples); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s-clang", triples[i]);
      GantryToolchain *clang = make_program ("mingw-clang", name, "installed", triples[i]);

      clang->install = g_strdup ("llvm-mingw");
      g_ptr_array_add (tools, clang);
    }
  g_ptr_array_add (tools, make_program ("qemu", "qemu-cris", "detected", NULL));
  g_ptr_array_add (tools, make_program ("cross-gcc", "aarch64-linux-gnu-gcc", "detected", "aarch64-linux-gnu"));
  g_ptr_array_add (tools, make_program ("qemu", "qemu-aarch64", "detected", NULL));
  g_ptr_array_add (tools, make_program ("qemu", "qemu-alpha", "detected", NULL));
  g_ptr_array_add (tools, make_program ("qemu", "qemu-aarch64-static", "detected", NULL));
  g_ptr_array_add (tools, make_program ("qemu", "qemu-system-x86_64", "detected", NULL));
  g_assert_cmpuint (tools->len, ==, 10);

  model = gantry_toolchain_model_new (tools);
  /* gcc, llvm-mingw, qemu-user, aarch64-linux-gnu-gcc, qemu-system: in the order first seen */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);

  gcc = g_list_model_get_item (model, 0);
  title = row_string (gcc, "title");
  g_assert_cmpstr (title, ==, "gcc");
  g_assert_null (row_string (gcc, "architectures"));
  g_assert_cmpuint (gantry_toolchain_row_get_programs (gcc)->len, ==, 1);

  mingw = g_list_model_get_item (model, 1);
  g_clear_pointer (&title, g_free);
  title = row_string (mingw, "title");
  g_assert_cmpstr (title, ==, "llvm-mingw");
  install_kind = row_string (mingw, "install-kind");
  g_assert_cmpstr (install_kind, ==, "llvm-mingw");
  subtitle = row_string (mingw, "subtitle");
  for (guint i = 0; i < G_N_ELEMENTS (triples); i++)
    g_assert_nonnull (strstr (subtitle, triples[i]));
  g_object_get (mingw, "n-programs", &n_programs, NULL);
  g_assert_cmpuint (n_programs, ==, 3);

  qemu = g_list_model_get_item (model, 2);
  g_clear_pointer (&title, g_free);
  title = row_string (qemu, "title");
  /* qemu-aarch64 and qemu-aarch64-static run the same architecture */
  g_assert_cmpstr (title, ==, "qemu-user (3 architectures)");
  archs = row_string (qemu, "architectures");
  g_assert_cmpstr (archs, ==, "aarch64, alpha, cris");
  g_assert_cmpuint (gantry_toolchain_row_get_programs (qemu)->len, ==, 4);
  g_assert_cmpstr (gantry_toolchain_row_get_toolchain (qemu)->name, ==, "qemu-cris");
  g_clear_pointer (&subtitle, g_free);
  subtitle = row_string (qemu, "subtitle");
  g_assert_nonnull (strstr (subtitle, "/usr/bin"));

  system = g_list_model_get_item (model, 4);
  g_clear_pointer (&title, g_free);
  title = row_string (system, "title");
  g_assert_cmpstr (title, ==, "qemu-system (x86_64)");

  g_clear_object (&gcc);
  g_clear_object (&mingw);
  g_clear_object (&qemu);
  g_clear_object (&system);
  g_assert_finalize_object (g_steal_pointer (&model));
}

/* The doctor's own spec syntax ("linux/amd64/musl/static") is shown as
 * the key the recipe, the command line and the results use, and a key
 * is checked as the spec it stands for. */
static void
test_doctor_row_key (void)
{
  static const struct { const char *target; const char *key; } cases[] = {
    { "linux/amd64", "linux/amd64" },
    { "linux/amd64/musl/static", "linux/amd64/static@musl" },
    { "linux/amd64/glibc2.17", "linux/amd64@glibc2.17" },
    { "linux/arm/v7", "linux/armv7" },
    { "linux/arm64/static@musl", "linux/arm64/static@musl" },
    { "not a target", "not a target" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GantryDoctorRow) row = gantry_doctor_row_new (cases[i].target);
      g_autofree char *key = row_string (row, "key");

      g_assert_cmpstr (gantry_doctor_row_get_key (row), ==, cases[i].key);
      g_assert_cmpstr (key, ==, cases[i].key);
      g_assert_cmpstr (gantry_doctor_row_get_target (row), ==, cases[i].target);
    }

  /* the key is gantry_target_get_key ()'s, as everywhere else */
  {
    g_autoptr(GantryTarget) t = gantry_target_parse ("linux/amd64/static@musl", NULL);
    g_autofree char *key = gantry_target_get_key (t);
    g_autoptr(GantryDoctorRow) row = gantry_doctor_row_new ("linux/amd64/musl/static");

    g_assert_cmpstr (gantry_doctor_row_get_key (row), ==, key);
  }

  /* a key is checked as the doctor's spec for it */
  {
    g_autoptr(GantryDoctorRow) row = gantry_doctor_row_new ("linux/arm64/static@musl");
    g_autoptr(GantryDoctorRow) bad = gantry_doctor_row_new ("linux");
    g_auto(GantryTargetSpec) spec = { 0 };
    g_auto(GantryTargetSpec) none = { 0 };
    g_autoptr(GError) error = NULL;

    g_assert_true (gantry_doctor_row_get_spec (row, &spec, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (spec.goos, ==, "linux");
    g_assert_cmpstr (spec.goarch, ==, "arm64");
    g_assert_cmpstr (spec.libc, ==, "musl");
    g_assert_true (spec.is_static);
    g_assert_false (gantry_doctor_row_get_spec (bad, &none, &error));
    g_assert_error (error, GANTRY_TOOLCHAIN_ERROR, GANTRY_TOOLCHAIN_ERROR_BAD_TARGET);
  }
}

/* The core's sentences name commands; on the Toolchains page the same
 * sentence names the buttons. Taken from the real core, not retyped. */
static void
test_window_text (void)
{
  g_autoptr(GantryTestHttp) http = gantry_test_http_new ();
  g_autofree char *data_dir = gantry_test_make_tmpdir ("tc-words");
  g_autofree char *url = gantry_test_http_url (http, "/gone.tar.gz");
  GantryTestRoute not_found = { .status = 404 };
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(GantryStore) store = NULL;
  g_autoptr(GError) resolve_error = NULL;
  g_autoptr(GError) remove_error = NULL;
  g_autoptr(GError) download_error = NULL;
  g_autoptr(GPtrArray) choices = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *resolve_text = NULL;
  g_autofree char *remove_text = NULL;
  g_autofree char *download_text = NULL;
  g_autofree char *plain = NULL;
  GantryCcRequest windows_arm = { .goos = "windows", .goarch = "arm64", .cgo = TRUE };

  /* no compiler for windows/arm64: "('gantry toolchain install mingw' or 'zig')" */
  choices = gantry_toolchain_resolve (&windows_arm, none, &resolve_error);
  g_assert_null (choices);
  g_assert_nonnull (strstr (resolve_error->message, "'" GANTRY_INSTALL_COMMAND "mingw' or 'zig'"));
  resolve_text = gantry_toolchain_window_text (resolve_error->message);
  g_assert_null (strstr (resolve_text, "gantry toolchain"));
  g_assert_nonnull (strstr (resolve_text, "(Show releases for MinGW-w64 or Zig under Available to install)"));
  /* the rest of the sentence is the core's */
  g_assert_true (g_str_has_prefix (resolve_text, "No C compiler for windows/arm64"));

  /* removing what is not installed: "'gantry toolchain list' shows what is installed" */
  g_setenv ("GANTRY_DATA_DIR", data_dir, TRUE);
  store = gantry_store_open_default (GANTRY_STORE_OPEN_DEFAULT, &remove_error);
  g_assert_no_error (remove_error);
  g_assert_false (gantry_toolchain_remove (store, "go", "1.99.1", &remove_error));
  g_assert_nonnull (strstr (remove_error->message, "'gantry toolchain list'"));
  remove_text = gantry_toolchain_window_text (remove_error->message);
  g_assert_null (strstr (remove_text, "gantry toolchain"));
  g_assert_nonnull (strstr (remove_text, "Look again shows what is installed"));

  /* a download the server refuses: "refresh it with 'gantry toolchain available'" */
  gantry_test_http_serve (http, "/gone.tar.gz", NULL, &not_found);
  body = gantry_download_fetch (url, 0, NULL, NULL, &download_error);
  g_assert_null (body);
  g_assert_nonnull (strstr (download_error->message, "'gantry toolchain available'"));
  download_text = gantry_toolchain_window_text (download_error->message);
  g_assert_null (strstr (download_text, "gantry toolchain"));
  g_assert_nonnull (strstr (download_text, "refresh it with Show releases and try again"));

  /* commands the page has no button for, and text with none, stay as they are */
  g_assert_null (gantry_toolchain_window_text (NULL));
  plain = gantry_toolchain_window_text ("pick another with 'gantry toolchain resolve'.");
  g_assert_cmpstr (plain, ==, "pick another with 'gantry toolchain resolve'.");
  g_clear_pointer (&plain, g_free);
  plain = gantry_toolchain_window_text ("Go is missing or broken: install it with '" GANTRY_INSTALL_COMMAND "go'.");
  g_assert_cmpstr (plain, ==, "Go is missing or broken: install it with Show releases for Go under Available to install.");

  g_assert_finalize_object (g_steal_pointer (&store));
  gantry_test_rm_rf (data_dir);
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_release_model (void)
{
  g_autoptr(GPtrArray) releases = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_release_free);
  g_autoptr(GPtrArray) tools = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_toolchain_free);
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GantryReleaseRow) a = NULL;
  g_autoptr(GantryReleaseRow) b = NULL;
  g_autofree char *id = NULL;
  g_autofree char *format = NULL;
  gboolean installable = FALSE;
  guint64 size = 0;
  guint notified = 0;
  GantryRelease r1 = {
    .kind = (char *) "zig", .name = (char *) "zig", .version = (char *) "0.11.0", .stable = TRUE,
    .url = (char *) "https://x/zig-linux-x86_64-0.11.0.tar.xz", .filename = (char *) "zig-linux-x86_64-0.11.0.tar.xz",
    .sha256 = (char *) "aa", .size = 44961892,
  };
  GantryRelease r2 = r1;

  r2.version = (char *) "0.12.0";
  r2.sha256 = NULL;
  g_ptr_array_add (releases, gantry_release_copy (&r1));
  g_ptr_array_add (releases, gantry_release_copy (&r2));
  g_ptr_array_add (tools, make_tool ("zig", "0.11.0", "installed"));

  model = gantry_release_model_new (releases, tools);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  a = g_list_model_get_item (model, 0);
  b = g_list_model_get_item (model, 1);

  g_object_get (a, "id", &id, "format", &format, "size", &size, "installable", &installable, NULL);
  g_assert_cmpstr (id, ==, "zig@0.11.0");
  g_assert_cmpstr (format, ==, "tar.xz");
  g_assert_cmpuint (size, ==, 44961892);
  g_assert_true (installable);
  g_assert_true (gantry_release_row_get_installed (a));

  /* No checksum: shown, but not installable. */
  g_object_get (b, "installable", &installable, NULL);
  g_assert_false (installable);
  g_assert_false (gantry_release_row_get_installed (b));

  g_signal_connect (b, "notify::installed", G_CALLBACK (on_notify), &notified);
  gantry_release_row_set_installed (b, TRUE);
  gantry_release_row_set_installed (b, TRUE);
  g_assert_cmpuint (notified, ==, 1);
}

typedef struct
{
  GMainLoop *loop;
  GPtrArray *tools;
  GPtrArray *releases;
  GantryDoctorResult *doctor;
  GError *error;
} AsyncState;

static void
on_detected (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncState *s = user_data;

  s->tools = gantry_toolchain_detect_finish (result, &s->error);
  g_main_loop_quit (s->loop);
}

static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncState *s = user_data;

  s->releases = gantry_catalog_fetch_finish (result, &s->error);
  g_main_loop_quit (s->loop);
}

static void
on_doctor (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncState *s = user_data;

  s->doctor = gantry_doctor_check_finish (result, &s->error);
  g_main_loop_quit (s->loop);
}

static void
test_async_calls (void)
{
  g_autoptr(GantryTestHttp) http = gantry_test_http_new ();
  g_autofree char *data_dir = gantry_test_make_tmpdir ("tc-model");
  g_autofree char *url = gantry_test_http_url (http, "/index.json");
  const char *index = "{\"0.11.0\": {\"x86_64-linux\": {\"tarball\": \"https://x/zig.tar.xz\", \"shasum\": \"aa\", \"size\": \"1\"}}}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (index, strlen (index));
  g_autoptr(GantryStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GantryTargetSpec spec;
  AsyncState s = { 0 };

  g_setenv ("GANTRY_DATA_DIR", data_dir, TRUE);
  g_setenv ("GANTRY_ALLOW_LOOPBACK_HTTP", "1", TRUE);
  g_setenv ("GANTRY_ZIG_INDEX_URL", url, TRUE);
  gantry_test_http_serve (http, "/index.json", bytes, NULL);
  store = gantry_store_open_default (GANTRY_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  s.loop = g_main_loop_new (NULL, FALSE);

  gantry_toolchain_detect_async (store, NULL, on_detected, &s);
  g_main_loop_run (s.loop);
  g_assert_no_error (s.error);
  g_assert_nonnull (s.tools);

  gantry_catalog_fetch_async ("zig", NULL, on_fetched, &s);
  g_main_loop_run (s.loop);
  g_assert_no_error (s.error);
  g_assert_cmpuint (s.releases->len, ==, 1);

  /* darwin with cgo answers at once, from the resolver, off the main thread. */
  g_assert_true (gantry_target_spec_parse ("darwin/arm64", &spec, NULL));
  gantry_doctor_check_async (&spec, TRUE, s.tools, NULL, on_doctor, &s);
  gantry_target_spec_clear (&spec);
  g_main_loop_run (s.loop);
  g_assert_no_error (s.error);
  g_assert_false (s.doctor->ok);
  g_assert_cmpstr (s.doctor->step, ==, "resolve");
  g_assert_nonnull (strstr (s.doctor->output, "Apple SDK"));

  gantry_doctor_result_free (s.doctor);
  g_ptr_array_unref (s.tools);
  g_ptr_array_unref (s.releases);
  g_main_loop_unref (s.loop);
  /* Let the workers drop their references before the store goes. */
  for (guint i = 0; i < 5000 && G_OBJECT (store)->ref_count > 1; i++)
    g_usleep (1000);
  g_assert_finalize_object (g_steal_pointer (&store));
  g_unsetenv ("GANTRY_ZIG_INDEX_URL");
  gantry_test_rm_rf (data_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/toolchain-model/toolchain-rows", test_toolchain_model);
  g_test_add_func ("/core/toolchain-model/one-row-per-tool", test_toolchain_model_counts_tools);
  g_test_add_func ("/core/toolchain-model/doctor-row-key", test_doctor_row_key);
  g_test_add_func ("/core/toolchain-model/window-text", test_window_text);
  g_test_add_func ("/core/toolchain-model/release-rows", test_release_model);
  g_test_add_func ("/core/toolchain-model/async-calls", test_async_calls);

  return g_test_run ();
}

/* test-toolchain-model.c — the list models and async calls the Toolchains page uses */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

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
  g_test_add_func ("/core/toolchain-model/release-rows", test_release_model);
  g_test_add_func ("/core/toolchain-model/async-calls", test_async_calls);

  return g_test_run ();
}

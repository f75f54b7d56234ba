/* test-ui-toolchains.c — the Toolchains page: detection, removing an install Gantry made, the doctor's per-target results */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "gantry-toolchain.h"
#include "gantry-toolchain-model.h"
#include "gantry-toolchains-view.h"
#include "gantry-ui-run.h"
#include "gantry-test-util.h"
#include "gantry-test-archive.h"
#include "gantry-test-http.h"
#include "ui-fixture.h"

#define GO_VERSION "1.99.1"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static GantryToolchainsView *
show_toolchains (Fixture *f)
{
  GantryToolchainsView *view = ui_child (f, "toolchains_view");

  gantry_window_show_page (f->window, "toolchains");
  ui_wait_idle (f, 60);
  g_assert_nonnull (gantry_toolchains_view_get_found (view));
  return view;
}

static GtkWindow *
dialog_titled (Fixture    *f,
               const char *title)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (gtk_window_get_transient_for (w) == GTK_WINDOW (f->window) &&
          g_strcmp0 (gtk_window_get_title (w), title) == 0)
        return w;
    }
  return NULL;
}

static guint
count_buttons (GtkWidget  *root,
               const char *label,
               gboolean    visible_only)
{
  g_autoptr(GPtrArray) buttons = ui_find_buttons (root, label, visible_only);

  return buttons->len;
}

/* Runs the main loop until the found list has a widget for each tool it
 * holds (every row has a Remove button, shown or not; up to 5 s), then
 * gives their number. */
static guint
wait_for_found_rows (GantryToolchainsView *view)
{
  GtkWidget *found_view = GTK_WIDGET (ui_child_of (GTK_WIDGET (view), "found_view"));
  gint64 until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  guint n = g_list_model_get_n_items (gantry_toolchains_view_get_found (view));

  while (count_buttons (found_view, "Remove", FALSE) != n && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (count_buttons (found_view, "Remove", FALSE), ==, n);
  return n;
}

static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

/* The rows the page shows with @origin and @kind. */
static guint
count_found (GantryToolchainsView *view,
             const char           *origin,
             const char           *kind)
{
  GListModel *found = gantry_toolchains_view_get_found (view);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (found); i++)
    {
      g_autoptr(GantryToolchainRow) row = g_list_model_get_item (found, i);
      const GantryToolchain *tc = gantry_toolchain_row_get_toolchain (row);

      n += g_strcmp0 (tc->origin, origin) == 0 && g_strcmp0 (tc->kind, kind) == 0;
    }
  return n;
}

static guint
count_installed (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = gantry_toolchain_list (f->store, "installed", &error);

  g_assert_no_error (error);
  return rows->len;
}

/* A tiny but runnable Go: a shell script that says its version and, like
 * a Go whose GOROOT was damaged, fails to build anything. Packed by libarchive
 * into a real .tar.gz, served over HTTP on 127.0.0.1 and put in the
 * fixture's store by the core's own installer. */
static GantryToolchain *
install_fake_go (Fixture *f)
{
  g_autoptr(GantryTestHttp) http = gantry_test_http_new ();
  g_autofree char *work = g_build_filename (f->dir, "go-archive", NULL);
  g_autofree char *tree = g_build_filename (work, "go", NULL);
  g_autofree char *bin = g_build_filename (tree, "bin", NULL);
  g_autofree char *go = g_build_filename (bin, "go", NULL);
  g_autofree char *archive = g_build_filename (f->dir, "go" GO_VERSION ".tar.gz", NULL);
  g_autofree char *filename = g_strdup_printf ("go%s.%s-%s.tar.gz", GO_VERSION,
                                               gantry_catalog_host_os (), gantry_catalog_host_arch ());
  g_autofree char *url_path = g_strconcat ("/dl/", filename, NULL);
  g_autofree char *url = gantry_test_http_url (http, url_path);
  g_autofree char *sha256 = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GantryToolchain *tc;
  gsize length = 0;
  GantryRelease release = {
    .kind = (char *) "go",
    .name = (char *) "go",
    .version = (char *) GO_VERSION,
    .stable = TRUE,
    .os = (char *) gantry_catalog_host_os (),
    .arch = (char *) gantry_catalog_host_arch (),
    .top_dir = (char *) "go",
  };

  gantry_test_write_file (bin, "go",
                          "#!/bin/sh\n"
                          "if [ \"$1\" = version ]; then echo \"go version go" GO_VERSION " linux/amd64\"; exit 0; fi\n"
                          "echo \"go: cannot find GOROOT directory: /nonexistent/go\" >&2\n"
                          "exit 2\n");
  g_assert_cmpint (g_chmod (go, 0755), ==, 0);
  gantry_test_write_file (tree, "VERSION", "go" GO_VERSION "\n");
  gantry_test_write_file (tree, "src/pkg/x.go", "package x\n");

  gantry_test_archive_tree (archive, tree, "go");

  g_assert_true (g_file_get_contents (archive, &contents, &length, &error));
  g_assert_no_error (error);
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
  gantry_test_http_serve_file (http, url_path, archive, NULL);

  release.url = url;
  release.filename = filename;
  release.sha256 = sha256;
  release.size = length;
  tc = gantry_toolchain_install (f->store, &release, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tc);
  g_assert_true (g_file_test (tc->path, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (count_installed (f), ==, 1);
  return tc;
}

#define SKIP_WITHOUT_SH()                                                     \
  G_STMT_START {                                                              \
    if (!g_file_test ("/bin/sh", G_FILE_TEST_IS_EXECUTABLE))                  \
      {                                                                       \
        g_test_skip ("the fake Go is a shell script: needs /bin/sh");         \
        return;                                                               \
      }                                                                       \
  } G_STMT_END

/* ------------------------------------------------------------------ */
/* Tests                                                               */
/* ------------------------------------------------------------------ */

static void
test_toolchains_page (Fixture       *f,
                      gconstpointer  data)
{
  GantryToolchainsView *view = ui_child (f, "toolchains_view");
  GtkDropDown *kind;
  GListModel *found;
  GListModel *releases;
  g_autofree char *gcc = gantry_test_find_program ("gcc");

  gantry_window_show_page (f->window, "toolchains");
  ui_wait_idle (f, 60);
  found = gantry_toolchains_view_get_found (view);
  g_assert_nonnull (found);
  if (gcc != NULL)
    {
      gboolean seen = FALSE;

      for (guint i = 0; i < g_list_model_get_n_items (found); i++)
        {
          g_autoptr(GantryToolchainRow) row = g_list_model_get_item (found, i);

          seen |= g_strcmp0 (gantry_toolchain_row_get_toolchain (row)->kind, "gcc") == 0;
        }
      g_assert_true (seen);
    }
  /* nothing here is Gantry's: no Remove button at all, once the rows are drawn */
  if (wait_for_found_rows (view) == 0)
    g_test_message ("no tools found on PATH: no rows to look at");
  g_assert_cmpuint (count_buttons (GTK_WIDGET (ui_child_of (GTK_WIDGET (view), "found_view")), "Remove", TRUE), ==, 0);

  /* the MinGW list ships inside Gantry: no network needed to show it */
  kind = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (view), GANTRY_TYPE_TOOLCHAINS_VIEW, "kind_dropdown"));
  gtk_drop_down_set_selected (kind, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "toolchains.fetch", NULL));
  ui_wait_idle (f, 60);
  releases = gantry_toolchains_view_get_releases (view);
  if (releases == NULL)
    g_assert_nonnull (gantry_toolchains_view_get_problem (view));
  else
    g_test_message ("%u MinGW releases for this host", g_list_model_get_n_items (releases));
  ui_save_screenshot (GTK_WIDGET (f->window), "toolchains");
}

static void
test_remove_installed (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GantryToolchain) tc = NULL;
  GantryToolchainsView *view;
  GtkWidget *found_view;
  GtkWidget *button;
  GtkWindow *dialog;

  SKIP_WITHOUT_SH ();
  tc = install_fake_go (f);

  view = show_toolchains (f);
  found_view = GTK_WIDGET (ui_child_of (GTK_WIDGET (view), "found_view"));
  g_assert_cmpuint (count_found (view, "installed", "go"), ==, 1);
  /* one Remove, on the install's row; the tools found on PATH have none */
  g_assert_cmpuint (wait_for_found_rows (view), >=, 1);
  g_assert_cmpuint (count_buttons (found_view, "Remove", TRUE), ==, 1);
  button = ui_find_button (found_view, "Remove", TRUE);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Remove go " GO_VERSION ", which Gantry installed");
  ui_save_screenshot (GTK_WIDGET (f->window), "toolchains-installed");

  /* Cancel: the dialog goes, the install stays */
  click (button);
  ui_spin (100);
  dialog = dialog_titled (f, "Remove toolchain");
  g_assert_nonnull (dialog);
  ui_save_screenshot (GTK_WIDGET (dialog), "toolchains-remove-dialog");
  click (ui_find_button (GTK_WIDGET (dialog), "_Cancel", FALSE));
  ui_spin (100);
  g_assert_null (dialog_titled (f, "Remove toolchain"));
  g_assert_cmpuint (count_installed (f), ==, 1);
  g_assert_true (g_file_test (tc->path, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (count_found (view, "installed", "go"), ==, 1);

  /* Remove: gone from the page, the store and the disk */
  click (ui_find_button (found_view, "Remove", TRUE));
  ui_spin (100);
  dialog = dialog_titled (f, "Remove toolchain");
  g_assert_nonnull (dialog);
  click (ui_find_button (GTK_WIDGET (dialog), "_Remove", FALSE));
  /* a build asked for while the folder is deleted waits, and says so */
  g_assert_true (gantry_toolchains_view_get_removing (view));
  g_assert_true (gantry_window_select (f->window, "pure"));   /* no wait: the remove is running */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "project.build", NULL));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (ui_child (f, "banner_label")), "A toolchain is being removed"));
  {
    g_autoptr(GantryProjectEntry) pure = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (gantry_window_get_projects (f->window)); i++)
      {
        g_autoptr(GantryProjectEntry) entry = g_list_model_get_item (gantry_window_get_projects (f->window), i);

        if (g_str_equal (gantry_project_get_name (gantry_project_entry_get_project (entry)), "pure"))
          pure = g_steal_pointer (&entry);
      }
    g_assert_nonnull (pure);
    g_assert_cmpstr (gantry_project_entry_get_state (pure), !=, "running");
  }
  ui_wait_idle (f, 60);
  g_assert_false (gantry_toolchains_view_get_removing (view));
  g_assert_null (dialog_titled (f, "Remove toolchain"));
  g_assert_null (gantry_toolchains_view_get_problem (view));
  g_assert_cmpuint (count_installed (f), ==, 0);
  g_assert_false (g_file_test (tc->path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_found (view, "installed", "go"), ==, 0);
  wait_for_found_rows (view);
  g_assert_cmpuint (count_buttons (found_view, "Remove", TRUE), ==, 0);
}

/* Removed elsewhere (gantry toolchain remove in a terminal) while the
 * dialog was open: the core's own sentence is shown. */
static void
test_remove_error_shows_core_sentence (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(GantryToolchain) tc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) expected = NULL;
  GantryToolchainsView *view;
  GtkWindow *dialog;
  GtkLabel *problem_label;

  SKIP_WITHOUT_SH ();
  tc = install_fake_go (f);
  view = show_toolchains (f);
  problem_label = ui_child_of (GTK_WIDGET (view), "problem_label");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "toolchains.remove", "x", tc->id));
  ui_spin (100);
  dialog = dialog_titled (f, "Remove toolchain");
  g_assert_nonnull (dialog);

  g_assert_true (gantry_toolchain_remove (f->store, "go", GO_VERSION, &error));
  g_assert_no_error (error);
  /* what the core says when asked again */
  g_assert_false (gantry_toolchain_remove (f->store, "go", GO_VERSION, &expected));
  g_assert_nonnull (expected);

  click (ui_find_button (GTK_WIDGET (dialog), "_Remove", FALSE));
  ui_wait_idle (f, 60);
  g_assert_cmpstr (gantry_toolchains_view_get_problem (view), ==, expected->message);
  g_assert_cmpstr (gtk_label_get_label (problem_label), ==, expected->message);
  g_assert_true (gtk_revealer_get_reveal_child (ui_child_of (GTK_WIDGET (view), "problem_revealer")));
}

/* A build runs the compilers Gantry installed: Remove waits for it, and a
 * dialog answered after the build started removes nothing. */
static void
test_remove_waits_for_build (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GantryToolchain) tc = NULL;
  GantryToolchainsView *view;
  GtkWidget *found_view;
  GtkWindow *dialog;

  SKIP_WITHOUT_SH ();
  tc = install_fake_go (f);
  ui_select_project (f, "pure");
  view = show_toolchains (f);
  found_view = GTK_WIDGET (ui_child_of (GTK_WIDGET (view), "found_view"));
  wait_for_found_rows (view);
  g_assert_true (gtk_widget_is_sensitive (ui_find_button (found_view, "Remove", TRUE)));

  /* the window's own path: project.build, as the Build button */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "toolchains.remove", "x", tc->id));
  ui_spin (100);
  dialog = dialog_titled (f, "Remove toolchain");
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "project.build", NULL));
  g_assert_true (gantry_window_get_busy (f->window));
  g_assert_false (gtk_widget_is_sensitive (ui_find_button (found_view, "Remove", TRUE)));

  /* the dialog was opened before the build: answering it now says why nothing happens */
  click (ui_find_button (GTK_WIDGET (dialog), "_Remove", FALSE));
  g_assert_null (dialog_titled (f, "Remove toolchain"));
  g_assert_cmpstr (gantry_toolchains_view_get_problem (view), ==,
                   "A build or its verification is running: cancel it, or wait for it, before removing a toolchain.");
  g_assert_cmpuint (count_installed (f), ==, 1);
  g_assert_true (g_file_test (tc->path, G_FILE_TEST_IS_DIR));

  /* the build over, Remove is back */
  ui_wait_idle (f, 300);
  g_assert_true (gtk_widget_is_sensitive (ui_find_button (found_view, "Remove", TRUE)));
  g_assert_cmpuint (count_installed (f), ==, 1);

  /* and the setter alone does the same */
  gantry_toolchains_view_set_building (view, TRUE);
  g_assert_false (gtk_widget_is_sensitive (ui_find_button (found_view, "Remove", TRUE)));
  gantry_toolchains_view_set_building (view, FALSE);
  g_assert_true (gtk_widget_is_sensitive (ui_find_button (found_view, "Remove", TRUE)));
}

/* One row per program: llvm-mingw's clangs each have one, and Remove on
 * any of them takes the whole install, so it is the install it names. */
static void
test_remove_names_the_install (Fixture       *f,
                               gconstpointer  data)
{
  GantryToolchain clang = {
    .id = 7,
    .kind = (char *) "mingw-clang",
    .name = (char *) "aarch64-w64-mingw32-clang",
    .version = (char *) "20240518",
    .origin = (char *) "installed",
    .install = (char *) "llvm-mingw",   /* as gantry_toolchain_detect () records it */
  };
  GantryToolchain path_gcc = {
    .kind = (char *) "mingw-gcc",
    .name = (char *) "x86_64-w64-mingw32-gcc",
    .version = (char *) "12",
    .origin = (char *) "detected",
  };
  g_autoptr(GantryToolchainRow) installed = gantry_toolchain_row_new (&clang);
  g_autoptr(GantryToolchainRow) detected = gantry_toolchain_row_new (&path_gcc);
  g_autofree char *install_kind = NULL;

  g_assert_cmpstr (gantry_toolchain_row_get_install_kind (installed), ==, "llvm-mingw");
  g_object_get (installed, "install-kind", &install_kind, NULL);
  g_assert_cmpstr (install_kind, ==, "llvm-mingw");
  g_assert_null (gantry_toolchain_row_get_install_kind (detected));
  g_assert_finalize_object (g_steal_pointer (&installed));
  g_assert_finalize_object (g_steal_pointer (&detected));
}

/* Shaped like https://go.dev/dl/?mode=json&include=all, one release for this host. */
static GBytes *
go_manifest_for_host (void)
{
  const char *os = gantry_catalog_host_os ();
  const char *arch = gantry_catalog_host_arch ();
  char *json = g_strdup_printf ("[{\"version\": \"go1.99.2\", \"stable\": true, \"files\": ["
                                "{\"filename\": \"go1.99.2.%s-%s.%s\", \"os\": \"%s\", \"arch\": \"%s\", "
                                "\"version\": \"go1.99.2\", \"sha256\": \"%064d\", \"size\": 100, \"kind\": \"archive\"}]}]",
                                os, arch, g_str_equal (os, "windows") ? "zip" : "tar.gz", os, arch, 0);

  return g_bytes_new_take (json, strlen (json));
}

/* Offered MinGW while Go's releases are read (Targets: "Toolchains…"):
 * the MinGW ones are read right after, and are what the page shows. */
static void
test_offer_while_fetching (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GantryTestHttp) http = gantry_test_http_new ();
  g_autoptr(GBytes) manifest = go_manifest_for_host ();
  g_autofree char *url = gantry_test_http_url (http, "/go-manifest.json");
  g_autoptr(GPtrArray) mingw_all = NULL;
  g_autoptr(GPtrArray) mingw = NULL;
  g_autoptr(GError) error = NULL;
  GantryToolchainsView *view;
  GtkDropDown *kind;
  GListModel *releases;

  /* what the bundled MinGW catalog holds for this machine */
  mingw_all = gantry_catalog_fetch ("mingw", NULL, &error);
  g_assert_no_error (error);
  mingw = gantry_catalog_for_host (mingw_all, gantry_catalog_host_os (), gantry_catalog_host_arch ());

  /* no worker thread runs between tests: the page has not looked for tools yet */
  gantry_test_http_serve (http, "/go-manifest.json", manifest, NULL);
  g_setenv ("GANTRY_GO_MANIFEST_URL", url, TRUE);

  view = show_toolchains (f);
  kind = GTK_DROP_DOWN (ui_child_of (GTK_WIDGET (view), "kind_dropdown"));
  gtk_drop_down_set_selected (kind, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "toolchains.fetch", NULL));
  g_assert_true (gantry_toolchains_view_get_busy (view));
  gantry_toolchains_view_offer (view, "mingw");
  g_assert_cmpuint (gtk_drop_down_get_selected (kind), ==, 2);

  ui_wait_idle (f, 60);
  g_unsetenv ("GANTRY_GO_MANIFEST_URL");
  g_assert_null (gantry_toolchains_view_get_problem (view));
  /* Go's were read (and shown for a moment) … */
  g_assert_cmpuint (gantry_test_http_requests (http, "/go-manifest.json"), ==, 1);
  /* … then the offered MinGW ones, under a dropdown that says so */
  g_assert_cmpuint (gtk_drop_down_get_selected (kind), ==, 2);
  releases = gantry_toolchains_view_get_releases (view);
  g_assert_nonnull (releases);
  g_assert_cmpuint (g_list_model_get_n_items (releases), ==, mingw->len);
  for (guint i = 0; i < g_list_model_get_n_items (releases); i++)
    {
      g_autoptr(GantryReleaseRow) row = g_list_model_get_item (releases, i);

      g_assert_cmpstr (gantry_release_row_get_release (row)->kind, ==, "mingw");
    }
  ui_save_screenshot (GTK_WIDGET (f->window), "toolchains-offer-while-fetching");
}

static GantryDoctorRow *
doctor_row (GantryToolchainsView *view,
            const char           *target)
{
  GListModel *rows = gantry_toolchains_view_get_doctor (view);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      GantryDoctorRow *row = g_list_model_get_item (rows, i);

      if (g_str_equal (gantry_doctor_row_get_target (row), target))
        return row;
      g_object_unref (row);
    }
  g_assert_not_reached ();
}

static char *
row_string (GantryDoctorRow *row,
            const char      *property)
{
  char *value = NULL;

  g_object_get (row, property, &value, NULL);
  return value;
}

/* Counts its turns: the main loop ran it, so it was not blocked. */
static gboolean
tick (gpointer data)
{
  guint *ticks = data;

  (*ticks)++;
  return G_SOURCE_CONTINUE;
}

static void
test_doctor_results (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *go = gantry_test_find_program ("go");
  g_autofree char *gcc = gantry_test_find_program ("gcc");
  const char *targets[] = { "linux/amd64", "windows/arm64", NULL };
  g_autoptr(GantryDoctorRow) native = NULL;
  g_autoptr(GantryDoctorRow) arm = NULL;
  g_autofree char *mark = NULL;
  g_autofree char *time = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *compiler = NULL;
  GantryToolchainsView *view;
  GtkLabel *label;
  gint64 until;
  guint ticks = 0;
  guint source;

  if (go == NULL || gcc == NULL)
    {
      g_test_skip ("needs go and gcc");
      return;
    }
  if (count_found (show_toolchains (f), "detected", "zig") > 0)
    {
      g_test_skip ("zig is on PATH: windows/arm64 has a compiler here");
      return;
    }
  view = ui_child (f, "toolchains_view");
  label = ui_child_of (GTK_WIDGET (view), "doctor_label");

  g_assert_true (gantry_toolchains_view_check_targets (view, targets));
  g_assert_true (gantry_toolchains_view_get_busy (view));
  g_assert_cmpstr (gtk_label_get_label (label), ==, "Checking 1 of 2…");
  /* a second run cannot start over the first */
  g_assert_false (gantry_toolchains_view_check_targets (view, targets));

  /* the checks run off the main thread: the loop keeps turning while a
   * real go build runs, so a 20 ms timeout fires again and again */
  source = g_timeout_add (20, tick, &ticks);
  until = g_get_monotonic_time () + 300 * G_USEC_PER_SEC;
  while (gantry_toolchains_view_get_busy (view) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (source);
  g_assert_false (gantry_toolchains_view_get_busy (view));
  g_assert_cmpuint (ticks, >=, 3);

  g_assert_cmpuint (g_list_model_get_n_items (gantry_toolchains_view_get_doctor (view)), ==, 2);
  native = doctor_row (view, "linux/amd64");
  g_assert_cmpint (gantry_doctor_row_get_state (native), ==, GANTRY_DOCTOR_DONE);
  if (!gantry_doctor_row_get_result (native)->ok)
    g_test_message ("linux/amd64 failed: %s", gantry_doctor_row_get_result (native)->output);
  g_assert_true (gantry_doctor_row_get_result (native)->ok);
  mark = row_string (native, "mark");
  g_assert_cmpstr (mark, ==, "✓");
  compiler = row_string (native, "compiler");
  g_assert_nonnull (compiler);
  g_assert_cmpstr (compiler, !=, "no compiler");
  time = row_string (native, "time");
  g_assert_true (g_str_has_suffix (time, " s"));

  arm = doctor_row (view, "windows/arm64");
  g_assert_cmpint (gantry_doctor_row_get_state (arm), ==, GANTRY_DOCTOR_DONE);
  g_assert_false (gantry_doctor_row_get_result (arm)->ok);
  g_assert_cmpstr (gantry_doctor_row_get_result (arm)->step, ==, "resolve");
  g_clear_pointer (&mark, g_free);
  mark = row_string (arm, "mark");
  g_assert_cmpstr (mark, ==, "✗");
  g_clear_pointer (&compiler, g_free);
  compiler = row_string (arm, "compiler");
  g_assert_cmpstr (compiler, ==, "no compiler");
  /* the resolver's sentence, which says what to install */
  summary = row_string (arm, "summary");
  g_assert_cmpstr (summary, ==, gantry_doctor_row_get_result (arm)->output);
  g_assert_nonnull (strstr (summary, "windows/arm64"));

  g_assert_cmpstr (gtk_label_get_label (label), ==, "1 of 2 targets build");
  ui_save_screenshot (GTK_WIDGET (f->window), "toolchains-doctor");
}

/* A broken Go that Gantry installed: the check fails at go build, and the
 * row says so, with the plain explanation, what ran and Go's own words. */
static void
test_doctor_failure_details (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *gcc = gantry_test_find_program ("gcc");
  const char *targets[] = { "linux/amd64", NULL };
  g_autoptr(GantryToolchain) tc = NULL;
  g_autoptr(GantryDoctorRow) row = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *details = NULL;
  const GantryDoctorResult *r;
  GantryToolchainsView *view;
  GtkWidget *expander;

  SKIP_WITHOUT_SH ();
  if (gcc == NULL)
    {
      g_test_skip ("needs gcc");
      return;
    }
  tc = install_fake_go (f);
  view = show_toolchains (f);

  g_assert_true (gantry_toolchains_view_check_targets (view, targets));
  ui_wait_idle (f, 120);
  row = doctor_row (view, "linux/amd64");
  r = gantry_doctor_row_get_result (row);
  g_assert_nonnull (r);
  g_assert_false (r->ok);
  g_assert_cmpstr (r->step, ==, "go build");
  g_assert_nonnull (strstr (r->command, tc->program));
  g_assert_nonnull (strstr (r->output, "cannot find GOROOT"));
  g_assert_nonnull (r->explanation);

  summary = row_string (row, "summary");
  g_assert_cmpstr (summary, ==, r->explanation);
  details = row_string (row, "details");
  g_assert_nonnull (strstr (details, "Failed at: go build"));
  g_assert_nonnull (strstr (details, r->command));
  g_assert_nonnull (strstr (details, "cannot find GOROOT"));

  /* the row's expander holds them; open it for the picture */
  ui_spin (100);
  expander = ui_find_widget (GTK_WIDGET (ui_child_of (GTK_WIDGET (view), "doctor_view")), GTK_TYPE_EXPANDER, NULL);
  g_assert_nonnull (expander);
  g_assert_true (gtk_widget_get_visible (expander));
  gtk_expander_set_expanded (GTK_EXPANDER (expander), TRUE);
  ui_spin (200);
  ui_save_screenshot (GTK_WIDGET (f->window), "toolchains-doctor-failure");
}

/* "Check targets" checks what 'gantry doctor' checks; Cancel stops it. */
static void
test_doctor_default_and_cancel (Fixture       *f,
                                gconstpointer  data)
{
  const char * const *defaults = gantry_doctor_default_targets ();
  GantryToolchainsView *view = show_toolchains (f);
  GtkLabel *label = ui_child_of (GTK_WIDGET (view), "doctor_label");
  g_autofree char *expected = NULL;
  GListModel *rows;
  guint n = g_strv_length ((char **) defaults);
  guint cancelled = 0;

  g_assert_cmpuint (n, >, 1);
  g_assert_null (gantry_toolchains_view_get_doctor (view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "toolchains.check", NULL));
  rows = gantry_toolchains_view_get_doctor (view);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GantryDoctorRow) row = g_list_model_get_item (rows, i);

      g_assert_cmpstr (gantry_doctor_row_get_target (row), ==, defaults[i]);
    }
  expected = g_strdup_printf ("Checking 1 of %u…", n);
  g_assert_cmpstr (gtk_label_get_label (label), ==, expected);
  g_assert_false (gtk_widget_is_sensitive (ui_find_button (GTK_WIDGET (view), "Check targets", FALSE)));
  g_assert_true (gtk_widget_get_visible (ui_find_button (GTK_WIDGET (view), "Cancel", TRUE)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "toolchains.cancel-check", NULL));
  ui_wait_idle (f, 60);
  g_assert_false (gantry_toolchains_view_get_busy (view));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GantryDoctorRow) row = g_list_model_get_item (rows, i);

      cancelled += gantry_doctor_row_get_state (row) == GANTRY_DOCTOR_CANCELLED;
    }
  /* the first may have finished before the cancel reached it; the rest never ran */
  g_assert_cmpuint (cancelled, >=, n - 1);
  g_assert_true (g_str_has_prefix (gtk_label_get_label (label), "Cancelled: "));
  g_assert_true (gtk_widget_is_sensitive (ui_find_button (GTK_WIDGET (view), "Check targets", FALSE)));
}

static void
add_tests (void)
{
  ui_test_add ("/ui/toolchains/detect-and-list", test_toolchains_page);
  ui_test_add ("/ui/toolchains/remove-installed", test_remove_installed);
  ui_test_add ("/ui/toolchains/remove-error-shows-core-sentence", test_remove_error_shows_core_sentence);
  ui_test_add ("/ui/toolchains/remove-waits-for-build", test_remove_waits_for_build);
  ui_test_add ("/ui/toolchains/remove-names-the-install", test_remove_names_the_install);
  ui_test_add ("/ui/toolchains/offer-while-fetching", test_offer_while_fetching);
  ui_test_add ("/ui/toolchains/doctor-results", test_doctor_results);
  ui_test_add ("/ui/toolchains/doctor-failure-details", test_doctor_failure_details);
  ui_test_add ("/ui/toolchains/doctor-default-and-cancel", test_doctor_default_and_cancel);
}

int
main (int    argc,
      char **argv)
{
  /* the fake Go is served from 127.0.0.1; set before any thread starts */
  g_setenv ("GANTRY_ALLOW_LOOPBACK_HTTP", "1", TRUE);
  return ui_fixture_run (&argc, &argv, "io.github.gantry.GantryToolchainsTest", add_tests);
}

/* test-ui-toolchains.c — the Toolchains page: detection, removing an install Gantry made, the doctor's per-target results */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "gantry-toolchain.h"
#include "gantry-toolchain-model.h"
#include "gantry-toolchains-view.h"
#include "gantry-run-model.h"
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

/* A label shows all its text: laid out with nothing cut off by an
 * ellipsis, and given the height that text needs at its width. */
static void
assert_whole_text_shown (GtkLabel *label)
{
  int width = gtk_widget_get_width (GTK_WIDGET (label));
  int natural = 0;

  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (label)));
  g_assert_cmpint (width, >, 0);
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (label)));
  gtk_widget_measure (GTK_WIDGET (label), GTK_ORIENTATION_VERTICAL, width, NULL, &natural, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (label)), >=, natural);
}

static void
collect_widgets (GtkWidget *root,
                 GType      type,
                 GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (out, root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_widgets (c, type, out);
}

/* The first label under @root whose text is @text, or NULL. */
static GtkLabel *
find_label (GtkWidget  *root,
            const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_widgets (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_label (g_ptr_array_index (labels, i)), text) == 0)
      return g_ptr_array_index (labels, i);
  return NULL;
}

/* @id, a child of the page, begins inside what the page's scrolled
 * window shows. */
static void
assert_in_sight (GantryToolchainsView *view,
                 const char           *id)
{
  GtkWidget *scroller = ui_child_of (GTK_WIDGET (view), "page_scroller");
  GtkWidget *widget = ui_child_of (GTK_WIDGET (view), id);
  graphene_point_t at;

  g_assert_true (gtk_widget_is_drawable (widget));
  g_assert_true (gtk_widget_compute_point (widget, scroller, &GRAPHENE_POINT_INIT (0, 0), &at));
  g_assert_cmpfloat (at.y, >=, 0);
  g_assert_cmpfloat (at.y, <, gtk_widget_get_height (scroller));
}

/* The releases the page was offered, in sight below however many tools
 * this machine has: their heading, and a short list to its end. */
static void
assert_releases_in_sight (GantryToolchainsView *view)
{
  GtkWidget *scroller = ui_child_of (GTK_WIDGET (view), "page_scroller");
  GtkWidget *list = ui_child_of (GTK_WIDGET (view), "release_view");
  graphene_point_t end;

  assert_in_sight (view, "release_header");
  assert_in_sight (view, "release_view");
  if (gtk_widget_get_height (list) < gtk_widget_get_height (scroller) / 2)
    {
      g_assert_true (gtk_widget_compute_point (list, scroller, &GRAPHENE_POINT_INIT (0, gtk_widget_get_height (list)), &end));
      g_assert_cmpfloat (end.y, <=, gtk_widget_get_height (scroller));
    }
}

/* Scrolls the page so @widget is at its top, as a person would before
 * looking at it (for the screenshots). */
static void
scroll_to (GantryToolchainsView *view,
           GtkWidget            *widget)
{
  GtkScrolledWindow *scroller = ui_child_of (GTK_WIDGET (view), "page_scroller");
  GtkWidget *content = gtk_viewport_get_child (GTK_VIEWPORT (gtk_scrolled_window_get_child (scroller)));
  graphene_point_t at;

  ui_spin (100);
  g_assert_true (gtk_widget_compute_point (widget, content, &GRAPHENE_POINT_INIT (0, 0), &at));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller), at.y - 8);
  ui_spin (100);
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
    g_assert_cmpstr (gtk_stack_get_visible_child_name (ui_child_of (GTK_WIDGET (view), "release_stack")), ==, "error");
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
    g_autoptr(GantryProjectEntry) pure = ui_entry (f, "pure");

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
  GtkWidget *close;
  g_autofree char *window_text = NULL;

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
  /* the core's sentence, naming the page's button where it names a command */
  g_assert_nonnull (strstr (expected->message, "'gantry toolchain list'"));
  window_text = gantry_toolchain_window_text (expected->message);
  g_assert_cmpstr (gantry_toolchains_view_get_problem (view), ==, window_text);
  g_assert_cmpstr (gtk_label_get_label (problem_label), ==, window_text);
  g_assert_null (strstr (window_text, "gantry toolchain"));
  g_assert_nonnull (strstr (window_text, "Look again"));
  g_assert_true (gtk_revealer_get_reveal_child (ui_child_of (GTK_WIDGET (view), "problem_revealer")));
  /* the page no longer says it is removing */
  g_assert_true (g_str_has_suffix (gtk_label_get_label (ui_child_of (GTK_WIDGET (view), "status_label")), " found"));

  /* all of it shows, in a window too narrow for one line: it wraps */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 700, 600);
  ui_spin (300);
  assert_whole_text_shown (problem_label);
  ui_save_screenshot (GTK_WIDGET (f->window), "toolchains-problem");

  /* and it can be closed */
  close = ui_find_widget (GTK_WIDGET (view), GTK_TYPE_BUTTON, "Dismiss");
  g_assert_nonnull (close);
  g_assert_true (gtk_widget_is_visible (close));
  click (close);
  g_assert_false (gtk_revealer_get_reveal_child (ui_child_of (GTK_WIDGET (view), "problem_revealer")));
  g_assert_null (gantry_toolchains_view_get_problem (view));
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
  /* below however many tools this machine has: scrolled into sight */
  assert_releases_in_sight (view);
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
  g_autofree char *window_text = NULL;
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
  /* the resolver's sentence, which says what to install: with the
   * page's button where the command line's sentence names a command */
  summary = row_string (arm, "summary");
  window_text = gantry_toolchain_window_text (gantry_doctor_row_get_result (arm)->output);
  g_assert_cmpstr (summary, ==, window_text);
  g_assert_nonnull (strstr (gantry_doctor_row_get_result (arm)->output, GANTRY_INSTALL_COMMAND));
  g_assert_nonnull (strstr (summary, "windows/arm64"));
  g_assert_null (strstr (summary, "gantry toolchain"));
  g_assert_nonnull (strstr (summary, "Show releases for"));
  /* and that is what its row shows */
  g_assert_nonnull (find_label (GTK_WIDGET (ui_child_of (GTK_WIDGET (view), "doctor_view")), summary));

  g_assert_cmpstr (gtk_label_get_label (label), ==, "1 of 2 targets build");
  scroll_to (view, ui_child_of (GTK_WIDGET (view), "doctor_label"));
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
  g_autofree char *window_text = NULL;
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

  /* the explanation, naming the page's button where it names a command */
  summary = row_string (row, "summary");
  window_text = gantry_toolchain_window_text (r->explanation);
  g_assert_cmpstr (summary, ==, window_text);
  g_assert_null (strstr (summary, "gantry toolchain"));
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
  scroll_to (view, ui_child_of (GTK_WIDGET (view), "doctor_label"));
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

  /* named as the recipe and the results name targets: linux/amd64/static@musl, not the doctor's linux/amd64/musl/static */
  g_assert_true (g_strv_contains (defaults, "linux/amd64/musl/static"));
  g_assert_nonnull (find_label (GTK_WIDGET (ui_child_of (GTK_WIDGET (view), "doctor_view")), "linux/amd64/static@musl"));
  g_assert_null (find_label (GTK_WIDGET (ui_child_of (GTK_WIDGET (view), "doctor_view")), "linux/amd64/musl/static"));
}

/* The release list cannot be read (the server answers 500 to every
 * attempt, then 404): the page stops saying it is reading, shows why in
 * full where the list would be, and Try again reads it again. */
static void
test_release_list_error_then_retry (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GantryTestHttp) http = gantry_test_http_new ();
  g_autoptr(GBytes) manifest = go_manifest_for_host ();
  g_autofree char *url = gantry_test_http_url (http, "/go-manifest.json");
  GantryTestRoute broken = { .status = 500 };
  GantryTestRoute gone = { .status = 404 };
  GantryToolchainsView *view;
  GtkStack *stack;
  GtkLabel *loading_label;
  GtkLabel *error_label;
  GtkLabel *release_label;
  GtkWidget *retry;
  const char *text;

  gantry_test_http_serve (http, "/go-manifest.json", NULL, &broken);
  g_setenv ("GANTRY_GO_MANIFEST_URL", url, TRUE);
  view = show_toolchains (f);
  stack = ui_child_of (GTK_WIDGET (view), "release_stack");
  loading_label = ui_child_of (GTK_WIDGET (view), "release_loading_label");
  error_label = ui_child_of (GTK_WIDGET (view), "release_error_label");
  release_label = ui_child_of (GTK_WIDGET (view), "release_label");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (ui_child_of (GTK_WIDGET (view), "kind_dropdown")), 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "toolchains.fetch", NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "loading");
  g_assert_cmpstr (gtk_label_get_label (loading_label), ==, "Reading the Go release list…");
  g_assert_true (gtk_spinner_get_spinning (ui_child_of (GTK_WIDGET (view), "release_spinner")));
  scroll_to (view, ui_child_of (GTK_WIDGET (view), "release_header"));
  ui_save_screenshot (GTK_WIDGET (f->window), "toolchains-release-loading");

  /* the download tries a few times over some seconds, then gives up */
  ui_wait_idle (f, 120);
  g_assert_false (gantry_toolchains_view_get_busy (view));
  g_assert_cmpuint (gantry_test_http_requests (http, "/go-manifest.json"), >=, 1);
  g_assert_null (gantry_toolchains_view_get_releases (view));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "error");
  g_assert_false (gtk_widget_is_drawable (GTK_WIDGET (loading_label)));
  g_assert_false (gtk_spinner_get_spinning (ui_child_of (GTK_WIDGET (view), "release_spinner")));
  g_assert_cmpstr (gtk_label_get_label (release_label), ==, "The release list could not be read");
  text = gtk_label_get_label (error_label);
  g_assert_nonnull (strstr (text, "500"));
  g_assert_nonnull (strstr (text, url));
  assert_whole_text_shown (error_label);
  retry = ui_find_button (GTK_WIDGET (stack), "Try again", TRUE);
  g_assert_nonnull (retry);
  g_assert_true (gtk_widget_is_sensitive (retry));
  {
    GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (ui_child_of (GTK_WIDGET (view), "page_scroller"));

    gtk_adjustment_set_value (vadj, gtk_adjustment_get_upper (vadj));
    ui_spin (100);
    assert_in_sight (view, "release_error_label");
  }
  ui_save_screenshot (GTK_WIDGET (f->window), "toolchains-release-error");

  /* Try again: now a 404, whose sentence names the page's button, not a command */
  gantry_test_http_serve (http, "/go-manifest.json", NULL, &gone);
  click (retry);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "loading");
  ui_wait_idle (f, 60);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "error");
  text = gtk_label_get_label (error_label);
  g_assert_nonnull (strstr (text, "404"));
  g_assert_null (strstr (text, "gantry toolchain"));
  g_assert_nonnull (strstr (text, "Show releases"));
  assert_whole_text_shown (error_label);

  /* and again, the server is back: the list */
  gantry_test_http_serve (http, "/go-manifest.json", manifest, NULL);
  click (ui_find_button (GTK_WIDGET (stack), "Try again", TRUE));
  ui_wait_idle (f, 60);
  g_unsetenv ("GANTRY_GO_MANIFEST_URL");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");
  g_assert_nonnull (gantry_toolchains_view_get_releases (view));
  g_assert_cmpuint (g_list_model_get_n_items (gantry_toolchains_view_get_releases (view)), ==, 1);
  g_assert_nonnull (ui_find_button (GTK_WIDGET (ui_child_of (GTK_WIDGET (view), "release_view")), "Install", TRUE));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (release_label), "1 release for "));
  g_assert_null (gantry_toolchains_view_get_problem (view));
}

/* One scrolled page: each of the three lists is as tall as its rows,
 * so none is cut in half by a small scrolled area of its own. */
static void
test_one_scrolled_page (Fixture       *f,
                        gconstpointer  data)
{
  const char *targets[] = { "linux/amd64", "linux/arm64", "windows/amd64", "linux/amd64/musl/static", "darwin/arm64", NULL };
  const char *lists[] = { "found_view", "doctor_view", "release_view" };
  GantryToolchainsView *view = show_toolchains (f);
  g_autoptr(GPtrArray) scrollers = g_ptr_array_new ();
  GtkAdjustment *vadj;

  /* something in each list: the tools, a check cancelled at once, the bundled MinGW releases */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (ui_child_of (GTK_WIDGET (view), "kind_dropdown")), 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "toolchains.fetch", NULL));
  ui_wait_idle (f, 60);
  g_assert_true (gantry_toolchains_view_check_targets (view, targets));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "toolchains.cancel-check", NULL));
  ui_wait_idle (f, 60);
  g_assert_nonnull (gantry_toolchains_view_get_releases (view));
  ui_spin (300);

  /* the dropdown's popup list scrolls on its own: it is not part of the page */
  collect_widgets (GTK_WIDGET (view), GTK_TYPE_SCROLLED_WINDOW, scrollers);
  for (guint i = scrollers->len; i > 0; i--)
    if (gtk_widget_get_ancestor (g_ptr_array_index (scrollers, i - 1), GTK_TYPE_POPOVER) != NULL)
      g_ptr_array_remove_index (scrollers, i - 1);
  g_assert_cmpuint (scrollers->len, ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      GtkWidget *list = ui_child_of (GTK_WIDGET (view), lists[i]);
      int natural = 0;
      guint rows = 0;

      g_assert_true (gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW) == g_ptr_array_index (scrollers, 0));
      g_assert_true (gtk_widget_is_drawable (list));
      gtk_widget_measure (list, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (list), NULL, &natural, NULL, NULL);
      g_assert_cmpint (gtk_widget_get_height (list), >=, natural);
      /* and each row's content has all the height it asks for at its width
       * (get_width/get_height leave the margins out, measure counts them) */
      for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
        {
          GtkWidget *content;
          int content_natural = 0;

          if (!GTK_IS_LIST_BOX_ROW (row))
            continue;
          content = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
          gtk_widget_measure (content, GTK_ORIENTATION_VERTICAL,
                              gtk_widget_get_width (content) + gtk_widget_get_margin_start (content) + gtk_widget_get_margin_end (content),
                              NULL, &content_natural, NULL, NULL);
          g_assert_cmpint (gtk_widget_get_height (content) + gtk_widget_get_margin_top (content) + gtk_widget_get_margin_bottom (content),
                           >=, content_natural);
          rows++;
        }
      g_assert_cmpuint (rows, >, 0);
    }
  ui_save_screenshot (GTK_WIDGET (f->window), "toolchains-page");

  /* the page scrolls as a whole: its end is in reach */
  vadj = gtk_scrolled_window_get_vadjustment (g_ptr_array_index (scrollers, 0));
  gtk_adjustment_set_value (vadj, gtk_adjustment_get_upper (vadj) - gtk_adjustment_get_page_size (vadj));
  ui_save_screenshot (GTK_WIDGET (f->window), "toolchains-page-end");
}

/* Each qemu-ARCH a distribution installs is one more binary, not one more
 * tool: the page lists qemu-user once with its architectures, and counts it once. */
static void
test_qemu_counted_once (Fixture       *f,
                        gconstpointer  data)
{
  static const char *const fakes[] = { "qemu-aarch64", "qemu-alpha", "qemu-cris", "qemu-aarch64-static" };
  g_autofree char *bin = g_build_filename (f->dir, "fake-qemu", NULL);
  g_autofree char *old_path = g_strdup (g_getenv ("PATH"));
  g_autofree char *path = NULL;
  g_autofree char *status = NULL;
  g_autofree char *title = NULL;
  g_autofree char *archs = NULL;
  g_autoptr(GantryToolchainRow) qemu = NULL;
  GantryToolchainsView *view;
  GListModel *found;
  guint programs = 0;
  guint qemu_rows = 0;
  guint fakes_seen = 0;

  SKIP_WITHOUT_SH ();
  for (guint i = 0; i < G_N_ELEMENTS (fakes); i++)
    {
      g_autofree char *file = g_build_filename (bin, fakes[i], NULL);

      gantry_test_write_file (bin, fakes[i], "#!/bin/sh\necho \"qemu-aarch64 version 7.2.0 (Debian 1:7.2+dfsg-7)\"\n");
      g_assert_cmpint (g_chmod (file, 0755), ==, 0);
    }
  path = g_strconcat (bin, G_SEARCHPATH_SEPARATOR_S, old_path, NULL);
  g_setenv ("PATH", path, TRUE);
  view = show_toolchains (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "toolchains.detect", NULL));
  ui_wait_idle (f, 60);
  g_setenv ("PATH", old_path, TRUE);

  found = gantry_toolchains_view_get_found (view);
  for (guint i = 0; i < g_list_model_get_n_items (found); i++)
    {
      g_autoptr(GantryToolchainRow) row = g_list_model_get_item (found, i);
      GPtrArray *row_programs = gantry_toolchain_row_get_programs (row);
      const GantryToolchain *tc = gantry_toolchain_row_get_toolchain (row);

      programs += row_programs->len;
      if (g_strcmp0 (tc->kind, "qemu") != 0 || g_str_has_prefix (tc->name, "qemu-system-"))
        continue;
      qemu_rows++;
      qemu = g_object_ref (row);
      for (guint j = 0; j < row_programs->len; j++)
        fakes_seen += g_str_has_prefix (((GantryToolchain *) g_ptr_array_index (row_programs, j))->program, bin);
    }
  g_assert_cmpuint (qemu_rows, ==, 1);
  g_assert_cmpuint (fakes_seen, ==, G_N_ELEMENTS (fakes));
  /* more programs than tools: the four emulators are one */
  g_assert_cmpuint (programs, >=, g_list_model_get_n_items (found) + G_N_ELEMENTS (fakes) - 1);
  status = g_strdup_printf ("%u tools found", g_list_model_get_n_items (found));
  g_assert_cmpstr (gtk_label_get_label (ui_child_of (GTK_WIDGET (view), "status_label")), ==, status);

  g_object_get (qemu, "title", &title, "architectures", &archs, NULL);
  g_assert_true (g_str_has_prefix (title, "qemu-user ("));
  {
    g_auto(GStrv) each = g_strsplit (archs, ", ", -1);

    /* qemu-aarch64-static is aarch64 again */
    g_assert_true (g_strv_contains ((const char * const *) each, "aarch64"));
    g_assert_true (g_strv_contains ((const char * const *) each, "alpha"));
    g_assert_true (g_strv_contains ((const char * const *) each, "cris"));
    g_assert_false (g_strv_contains ((const char * const *) each, "aarch64-static"));
  }
  /* one row on the page, which names them */
  ui_spin (100);
  g_assert_nonnull (find_label (GTK_WIDGET (ui_child_of (GTK_WIDGET (view), "found_view")), title));
  scroll_to (view, GTK_WIDGET (find_label (GTK_WIDGET (ui_child_of (GTK_WIDGET (view), "found_view")), title)));
  ui_save_screenshot (GTK_WIDGET (f->window), "toolchains-qemu");
}

/* Offered from elsewhere (Targets' "Toolchains…") while nothing is read:
 * the page scrolls to the releases, and again once they are there. */
static void
test_offer_scrolls_to_releases (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GantryTestHttp) http = gantry_test_http_new ();
  g_autoptr(GBytes) manifest = go_manifest_for_host ();
  g_autofree char *url = gantry_test_http_url (http, "/go-manifest.json");
  /* slow to answer: the page is drawn, and scrolled, before the list is there */
  GantryTestRoute slow = { .stall_after = 16, .stall_times = 1, .stall_ms = 1000 };
  GantryToolchainsView *view;

  gantry_test_http_serve (http, "/go-manifest.json", manifest, &slow);
  g_setenv ("GANTRY_GO_MANIFEST_URL", url, TRUE);
  view = show_toolchains (f);
  gantry_toolchains_view_offer (view, "go");
  ui_spin (500);
  g_assert_true (gantry_toolchains_view_get_busy (view));
  assert_in_sight (view, "release_header");
  ui_wait_idle (f, 60);
  ui_spin (200);
  g_unsetenv ("GANTRY_GO_MANIFEST_URL");
  g_assert_nonnull (gantry_toolchains_view_get_releases (view));
  assert_releases_in_sight (view);
  ui_save_screenshot (GTK_WIDGET (f->window), "toolchains-offer-scrolls");
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
  ui_test_add ("/ui/toolchains/offer-scrolls-to-releases", test_offer_scrolls_to_releases);
  ui_test_add ("/ui/toolchains/doctor-results", test_doctor_results);
  ui_test_add ("/ui/toolchains/doctor-failure-details", test_doctor_failure_details);
  ui_test_add ("/ui/toolchains/doctor-default-and-cancel", test_doctor_default_and_cancel);
  ui_test_add ("/ui/toolchains/release-list-error-then-retry", test_release_list_error_then_retry);
  ui_test_add ("/ui/toolchains/one-scrolled-page", test_one_scrolled_page);
  ui_test_add ("/ui/toolchains/qemu-counted-once", test_qemu_counted_once);
}

int
main (int    argc,
      char **argv)
{
  /* the fake Go is served from 127.0.0.1; set before any thread starts */
  g_setenv ("GANTRY_ALLOW_LOOPBACK_HTTP", "1", TRUE);
  return ui_fixture_run (&argc, &argv, "io.github.gantry.GantryToolchainsTest", add_tests);
}

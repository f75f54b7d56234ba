/* test-ui-commands.c — the Commands page: every step of a release, in every shell, never hyphenated */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>

#include "gantry-commands-view.h"
#include "gantry-run-model.h"
#include "gantry-test-util.h"
#include "ui-fixture.h"

static void
collect_code_labels (GtkWidget *root,
                     GPtrArray *out)
{
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, "command-text"))
    g_ptr_array_add (out, root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_code_labels (c, out);
}

static gboolean
has_no_hyphens_attribute (GtkLabel *label)
{
  PangoAttrList *attrs = gtk_label_get_attributes (label);
  g_autoptr(GSList) list = NULL;
  gboolean found = FALSE;

  if (attrs == NULL)
    return FALSE;
  list = pango_attr_list_get_attributes (attrs);
  for (GSList *l = list; l != NULL; l = l->next)
    {
      PangoAttribute *attr = l->data;

      if (attr->klass->type == PANGO_ATTR_INSERT_HYPHENS && !((PangoAttrInt *) attr)->value &&
          attr->start_index == 0 && attr->end_index == PANGO_ATTR_INDEX_TO_TEXT_END)
        found = TRUE;
    }
  g_slist_free_full (g_steal_pointer (&list), (GDestroyNotify) pango_attribute_destroy);
  return found;
}

/* Every command shown is monospace, unwrapped (so Pango can neither
 * hyphenate it nor break it inside a word: each line on screen is one
 * line of the text), and scrolls sideways instead. */
static void
assert_code_never_wraps (GantryCommandsView *view)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GListModel *rows = gantry_commands_view_get_rows (view);

  collect_code_labels (GTK_WIDGET (view), labels);
  g_assert_cmpuint (labels->len, ==, g_list_model_get_n_items (rows));
  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (labels, i);
      GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (label), GTK_TYPE_SCROLLED_WINDOW);
      g_autoptr(GantryStepItem) item = g_list_model_get_item (rows, i);
      const char *text = gantry_step_item_get_text (item);
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
      GtkPolicyType hpolicy, vpolicy;

      /* the text as copied, less the line break that ends it */
      g_assert_true (g_str_has_suffix (text, "\n"));
      g_assert_cmpint (strlen (gtk_label_get_label (label)), ==, strlen (text) - 1);
      g_assert_true (strncmp (gtk_label_get_label (label), text, strlen (text) - 1) == 0);
      g_assert_false (gtk_label_get_wrap (label));
      g_assert_cmpint (gtk_label_get_ellipsize (label), ==, PANGO_ELLIPSIZE_NONE);
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "monospace"));
      g_assert_true (gtk_label_get_selectable (label));
      g_assert_true (has_no_hyphens_attribute (label));
      g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (label)), ==, g_strv_length (lines) - 1);
      g_assert_nonnull (scroller);
      gtk_scrolled_window_get_policy (GTK_SCROLLED_WINDOW (scroller), &hpolicy, &vpolicy);
      g_assert_cmpint (hpolicy, ==, GTK_POLICY_AUTOMATIC);
    }
}

/* The rows named @prefix…, and how many hold @needle. */
static guint
count_rows (GantryCommandsView *view,
            const char         *prefix,
            const char         *needle,
            guint              *n_holding)
{
  GListModel *rows = gantry_commands_view_get_rows (view);
  guint n = 0;

  *n_holding = 0;
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GantryStepItem) item = g_list_model_get_item (rows, i);
      g_autofree char *name = NULL;
      g_autofree char *text = gantry_test_unfold (gantry_step_item_get_text (item));

      g_object_get (item, "name", &name, NULL);
      if (!g_str_has_prefix (name, prefix))
        continue;
      n++;
      if (strstr (text, needle) != NULL)
        (*n_holding)++;
    }
  return n;
}

static void
set_shell (GantryCommandsView *view,
           GantryShell         shell)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (view), GANTRY_TYPE_COMMANDS_VIEW,
                                                                        "shell_dropdown"));

  gtk_drop_down_set_selected (dropdown, shell);
  ui_spin (100);
  g_assert_cmpint (gantry_commands_view_get_shell (view), ==, shell);
}

static void
save_shot (Fixture    *f,
           const char *name)
{
  const char *keep = g_getenv ("GANTRY_TEST_SHOTS");

  ui_save_screenshot (GTK_WIDGET (f->window), name);
  /* a copy where a person looks at them, when asked */
  if (keep != NULL)
    {
      g_autofree char *file = g_strconcat (name, ".png", NULL);
      g_autofree char *from = g_test_build_filename (G_TEST_BUILT, "screenshots", file, NULL);
      g_autofree char *to = g_build_filename (keep, file, NULL);
      g_autoptr(GFile) src = g_file_new_for_path (from);
      g_autoptr(GFile) dest = g_file_new_for_path (to);

      g_mkdir_with_parents (keep, 0755);
      g_file_copy (src, dest, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL);
    }
}

static void
test_commands_every_step (Fixture       *f,
                          gconstpointer  data)
{
  GantryCommandsView *view = ui_child (f, "commands_view");
  /* for bash, PowerShell, cmd: a tar.gz, a zip, SHA256SUMS */
  const char *expect[][3] = {
    { "tar -czf ", "zip -q -X -j ", "sha256sum -- " },
    { "& 'tar' '-czf' ", "Compress-Archive -Force ", "Get-FileHash -Algorithm SHA256 " },
    { "tar -czf ", "tar -acf ", "certutil -hashfile " },
  };
  guint n_builds, n_built = 0, n_packages;

  ui_select_project (f, "tool");
  gantry_window_show_page (f->window, "commands");
  ui_spin (200);

  n_builds = g_list_model_get_n_items (gantry_commands_view_get_steps (view));
  g_assert_cmpuint (n_builds, >, 0);
  for (guint i = 0; i < n_builds; i++)
    {
      g_autoptr(GantryStepItem) item = g_list_model_get_item (gantry_commands_view_get_steps (view), i);

      if (strstr (gantry_step_item_get_text (item), "not built") == NULL)
        n_built++;
    }
  g_assert_cmpuint (n_built, >, 0);

  for (GantryShell shell = GANTRY_SHELL_BASH; shell <= GANTRY_SHELL_CMD; shell++)
    {
      g_autofree char *wrapped = NULL;
      g_autofree char *script = NULL;
      guint n, holding, tars, zips;

      set_shell (view, shell);
      /* one archive per target that builds, each made by this shell's tools */
      n_packages = count_rows (view, "package ", expect[shell][0], &tars);
      count_rows (view, "package ", expect[shell][1], &zips);
      g_assert_cmpuint (n_packages, ==, n_built);
      g_assert_cmpuint (tars + zips, ==, n_packages);
      n = count_rows (view, "checksums", expect[shell][2], &holding);
      g_assert_cmpuint (n, ==, 1);
      g_assert_cmpuint (holding, ==, 1);
      g_assert_cmpuint (g_list_model_get_n_items (gantry_commands_view_get_rows (view)), ==, n_builds + n_packages + 1);
      assert_code_never_wraps (view);

      /* Copy all holds them too */
      wrapped = gantry_commands_view_dup_script (view);
      script = gantry_test_unfold (wrapped);
      g_assert_nonnull (strstr (script, expect[shell][2]));
      g_assert_nonnull (strstr (script, "libarchive"));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "commands.copy-all", NULL));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "commands.copy-step", "u", n_builds));
    }

  set_shell (view, GANTRY_SHELL_BASH);
  ui_spin (300);
  save_shot (f, "commands-bash");
  /* and where the builds end and the packages begin */
  {
    GtkScrolledWindow *scroller = ui_child_of (GTK_WIDGET (view), "scroller");
    GtkWidget *box = GTK_WIDGET (ui_child_of (GTK_WIDGET (view), "step_box"));
    GtkWidget *heading = NULL;
    graphene_point_t at;

    for (GtkWidget *c = gtk_widget_get_first_child (box); c != NULL && heading == NULL; c = gtk_widget_get_next_sibling (c))
      if (GTK_IS_LABEL (c) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (c)), "Package") == 0)
        heading = c;
    g_assert_nonnull (heading);
    g_assert_true (gtk_widget_compute_point (heading, box, &GRAPHENE_POINT_INIT (0, 0), &at));
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller), at.y - 200);
    ui_spin (300);
    save_shot (f, "commands-bash-package");
  }

  /* the runs that checked the binaries, once known, in each shell */
  {
    const char *wine[] = { "wine64", "/builds/tool/windows_amd64/tool.exe", "--version", NULL };
    const char *wine_env[] = { "WINEDEBUG=-all,err+module", NULL };
    const char *podman[] = { "podman", "run", "--rm", "--network=none", "-v", "/builds/tool/linux_amd64/tool:/gantry/tool:ro",
                             "alpine:3.19", "/gantry/tool", "--version", NULL };
    g_autoptr(GPtrArray) checks = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_step_free);
    const char *expect_wine[] = { "env WINEDEBUG=-all,err+module", "$env:WINEDEBUG = '-all,err+module'",
                                  "set \"WINEDEBUG=-all,err+module\"" };
    guint before = g_list_model_get_n_items (gantry_commands_view_get_rows (view));
    guint holding;

    g_ptr_array_add (checks, gantry_step_new_program ("check windows/amd64 under wine", "windows/amd64", wine, wine_env, NULL));
    g_ptr_array_add (checks, gantry_step_new_program ("check linux/amd64 in podman:alpine:3.19", "linux/amd64", podman, NULL, NULL));
    gantry_commands_view_set_checks (view, checks);
    ui_spin (100);
    g_assert_cmpuint (g_list_model_get_n_items (gantry_commands_view_get_rows (view)), ==, before + 2);
    for (GantryShell shell = GANTRY_SHELL_BASH; shell <= GANTRY_SHELL_CMD; shell++)
      {
        g_autofree char *script = NULL;

        set_shell (view, shell);
        g_assert_cmpuint (count_rows (view, "check ", expect_wine[shell], &holding), ==, 2);
        g_assert_cmpuint (holding, ==, 1);
        g_assert_cmpuint (count_rows (view, "check ", "/gantry/tool:ro", &holding), ==, 2);
        g_assert_cmpuint (holding, ==, 1);
        assert_code_never_wraps (view);
        script = gantry_commands_view_dup_script (view);
        g_assert_nonnull (strstr (script, "alpine:3.19"));
      }
    set_shell (view, GANTRY_SHELL_POWERSHELL);
    {
      GtkScrolledWindow *scroller = ui_child_of (GTK_WIDGET (view), "scroller");
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (scroller);

      /* the end of the page: packages and checks */
      ui_spin (200);
      gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
      ui_spin (300);
      save_shot (f, "commands-powershell-end");
    }

    /* another plan: those runs were of other binaries */
    ui_select_project (f, "pure");
    ui_spin (200);
    g_assert_cmpuint (count_rows (view, "check ", "", &holding), ==, 0);
  }
}

static void
add_tests (void)
{
  ui_test_add ("/ui/commands/every-step", test_commands_every_step);
}

int
main (int    argc,
      char **argv)
{
  return ui_fixture_run (&argc, &argv, "io.github.gantry.GantryCommandsTest", add_tests);
}

/* gantry-verify-view.c — where each build is checked: the settings (container images, engine), and the runs-on matrix */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-verify-view"

#include "config.h"

#include <string.h>

#include "gantry-recipe.h"
#include "gantry-verdict-model.h"
#include "gantry-widget-util.h"
#include "gantry-preferences.h"
#include "gantry-verify-view.h"

struct _GantryVerifyView
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkColumnView *verdict_view;
  GtkLabel *summary_label;
  GtkLabel *engine_label;
  GtkSpinner *spinner;
  GtkWidget *settings_box;
  GtkSwitch *containers_switch;
  GtkWidget *images_box;
  GtkListBox *image_list;
  GtkEntry *image_entry;
  GtkMenuButton *preset_button;
  GtkRevealer *problem_revealer;
  GtkLabel *problem_label;
  GtkLabel *saved_label;

  /* owned references */
  GListStore *rows;
  GCancellable *probe_cancellable;
  GantryStore *store;
  GantryProject *project;
  GtkStringList *images;    /* the recipe's verify.images, as shown */

  /* state */
  gboolean probing;
  gboolean probed;
  gboolean loading;
  gboolean containers;
  char *engine_text;        /* what the probe found, NULL before */
  char *problem;
};

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (GantryVerifyView, gantry_verify_view, GTK_TYPE_WIDGET)

static void probe (GantryVerifyView *self);

static void
set_rows (GantryVerifyView *self,
          GListStore       *rows)
{
  g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (rows)));

  g_set_object (&self->rows, rows);
  gtk_column_view_set_model (self->verdict_view, GTK_SELECTION_MODEL (selection));
}

static void
set_spinning (GantryVerifyView *self,
              gboolean          spinning)
{
  gtk_spinner_set_spinning (self->spinner, spinning);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), spinning);
}

static void
set_summary (GantryVerifyView *self,
             const char       *text,
             gboolean          problem)
{
  gantry_label_set_status (self->summary_label, text, problem);
}

void
gantry_verify_view_clear (GantryVerifyView *self)
{
  g_autoptr(GListStore) rows = g_list_store_new (GANTRY_TYPE_VERDICT_ROW);

  g_return_if_fail (GANTRY_IS_VERIFY_VIEW (self));

  set_rows (self, rows);
  set_spinning (self, FALSE);
  set_summary (self, "Not verified yet: Build & Verify checks every artifact here after it is built.", FALSE);
}

/* ------------------------------------------------------------------ */
/* Settings: the recipe's container images and switch                  */
/* ------------------------------------------------------------------ */

static void
update_actions (GantryVerifyView *self)
{
  gboolean editable = self->project != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "verify.add-image", editable && self->containers);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "verify.add-preset", editable && self->containers);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "verify.remove-image", editable && self->containers);
  gtk_widget_set_sensitive (self->settings_box, editable);
  gtk_widget_set_sensitive (self->images_box, self->containers);
}

static void
update_engine_label (GantryVerifyView *self)
{
  const char *text = self->engine_text;

  if (!self->containers)
    text = "Container checks are turned off for this project: they are reported as skipped.";
  else if (text == NULL)
    text = self->probing ? "Looking for a container engine (Docker or Podman)…"
                         : "Container engine: looked for when this page is shown.";
  gtk_label_set_label (self->engine_label, text);
}

static void
show_problem (GantryVerifyView *self,
              const char       *message)
{
  g_free (self->problem);
  self->problem = g_strdup (message);
  if (message != NULL)
    gtk_label_set_label (self->problem_label, message);
  gtk_revealer_set_reveal_child (self->problem_revealer, message != NULL);
}

/* The shown settings from @recipe; no save follows. */
static void
show_settings (GantryVerifyView *self,
               GantryRecipe     *recipe)
{
  const char * const *images = recipe ? gantry_recipe_get_verify_images (recipe) : NULL;

  self->loading = TRUE;
  self->containers = recipe ? gantry_recipe_get_verify_containers (recipe) : TRUE;
  gtk_string_list_splice (self->images, 0, g_list_model_get_n_items (G_LIST_MODEL (self->images)), images);
  gtk_switch_set_active (self->containers_switch, self->containers);
  self->loading = FALSE;
  update_engine_label (self);
  update_actions (self);
}

/* The recipe as the store has it now: the Targets page may have saved
 * since this view loaded it. */
static GantryRecipe *
current_recipe (GantryVerifyView  *self,
                GError           **error)
{
  return gantry_recipe_load_or_detect (self->store, self->project, FALSE, error);
}

/* Saves @images (NULL: none) and the switch as a new revision. On
 * failure the store keeps the last good recipe and the view shows it. */
static gboolean
save_settings (GantryVerifyView   *self,
               const char * const *images,
               gboolean            containers)
{
  g_autoptr(GantryRecipe) recipe = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;

  g_assert (self->project != NULL);

  recipe = current_recipe (self, &error);
  if (recipe != NULL)
    {
      gantry_recipe_set_verify_images (recipe, images);
      gantry_recipe_set_verify_containers (recipe, containers);
    }
  if (recipe == NULL || !gantry_recipe_save (recipe, self->store, gantry_project_get_id (self->project), &error))
    {
      g_autoptr(GantryRecipe) stored = current_recipe (self, NULL);

      show_problem (self, error->message);
      gtk_label_set_label (self->saved_label, "Not saved");
      show_settings (self, stored);
      return FALSE;
    }

  show_problem (self, NULL);
  show_settings (self, recipe);
  saved = g_strdup_printf ("Saved as revision %" G_GINT64_FORMAT, gantry_recipe_get_revision (recipe));
  gtk_label_set_label (self->saved_label, saved);
  g_signal_emit (self, signals[SAVED], 0, recipe);
  return TRUE;
}

static char **
shown_images (GantryVerifyView *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->images));

  for (guint i = 0; i < n; i++)
    g_strv_builder_add (builder, gtk_string_list_get_string (self->images, i));
  return g_strv_builder_end (builder);
}

static void
add_image (GantryVerifyView *self,
           const char       *image)
{
  g_auto(GStrv) before = shown_images (self);
  g_auto(GStrv) after = NULL;
  g_autoptr(GError) error = NULL;

  after = gantry_images_add ((const char * const *) before, image, &error);
  if (after == NULL)
    {
      /* nothing saved: the message names the problem */
      show_problem (self, error->message);
      return;
    }
  if (save_settings (self, (const char * const *) after, self->containers))
    gtk_editable_set_text (GTK_EDITABLE (self->image_entry), "");
}

static void
add_image_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GantryVerifyView *self = GANTRY_VERIFY_VIEW (widget);

  add_image (self, gtk_editable_get_text (GTK_EDITABLE (self->image_entry)));
}

static void
add_preset_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  add_image (GANTRY_VERIFY_VIEW (widget), g_variant_get_string (parameter, NULL));
}

static void
remove_image_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  GantryVerifyView *self = GANTRY_VERIFY_VIEW (widget);
  g_auto(GStrv) before = shown_images (self);
  g_auto(GStrv) after = gantry_images_remove ((const char * const *) before, g_variant_get_string (parameter, NULL));

  save_settings (self, (const char * const *) after, self->containers);
}

static void
on_containers_toggled (GantryVerifyView *self)
{
  g_auto(GStrv) images = NULL;

  if (self->loading || self->project == NULL)
    return;
  images = shown_images (self);
  save_settings (self, images[0] ? (const char * const *) images : NULL,
                 gtk_switch_get_active (self->containers_switch));
}

static void
on_entry_activate (GantryVerifyView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "verify.add-image", NULL);
}

static const char *
preset_label (const char *image)
{
  guint n;
  const GantryImagePreset *presets = gantry_image_presets (&n);

  for (guint i = 0; i < n; i++)
    if (g_str_equal (presets[i].image, image))
      return presets[i].label;
  return NULL;
}

static GtkWidget *
image_row_new (gpointer item,
               gpointer user_data)
{
  const char *image = gtk_string_object_get_string (GTK_STRING_OBJECT (item));
  const char *label = preset_label (image);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *name = gtk_label_new (image);
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  g_autofree char *tooltip = g_strdup_printf ("Remove %s", image);

  gtk_widget_add_css_class (box, "image-row");
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_selectable (GTK_LABEL (name), TRUE);
  gtk_widget_add_css_class (name, "monospace");
  gtk_widget_set_tooltip_text (name, image);
  gtk_box_append (GTK_BOX (box), name);

  /* what a preset is for: "alpine:3.19 (musl)" → "musl" */
  {
    g_autofree char *note = NULL;
    GtkWidget *note_label;

    if (label != NULL && g_str_has_prefix (label, image))
      note = g_strstrip (g_strdelimit (g_strdup (label + strlen (image)), "()", ' '));
    note_label = gtk_label_new (note);
    gtk_label_set_xalign (GTK_LABEL (note_label), 0);
    gtk_widget_set_hexpand (note_label, TRUE);
    gtk_widget_add_css_class (note_label, "dim-label");
    gtk_box_append (GTK_BOX (box), note_label);
  }

  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "verify.remove-image");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", image);
  gtk_box_append (GTK_BOX (box), remove);
  return box;
}

static void
fill_preset_menu (GantryVerifyView *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  guint n;
  const GantryImagePreset *presets = gantry_image_presets (&n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (presets[i].label, NULL);

      g_menu_item_set_action_and_target (item, "verify.add-preset", "s", presets[i].image);
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (self->preset_button, G_MENU_MODEL (menu));
}

void
gantry_verify_view_set_project (GantryVerifyView *self,
                                GantryStore      *store,
                                GantryProject    *project)
{
  g_autoptr(GantryRecipe) recipe = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GANTRY_IS_VERIFY_VIEW (self));
  g_return_if_fail (project == NULL || GANTRY_IS_STORE (store));

  if (project != self->project)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->image_entry), "");
      gtk_label_set_label (self->saved_label, "");
    }
  g_set_object (&self->store, store);
  g_set_object (&self->project, project);
  show_problem (self, NULL);
  if (project != NULL)
    {
      recipe = current_recipe (self, &error);
      if (recipe == NULL)
        show_problem (self, error->message);
    }
  show_settings (self, recipe);
  /* `docker info` can take seconds: asked when the page is first shown
   * or a verification starts, never at start-up */
  if (project != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    probe (self);
}

/* The Targets page saved @recipe (or a gantry.json was imported): its
 * verification settings, without reading the store again. */
void
gantry_verify_view_show_recipe (GantryVerifyView *self,
                                GantryRecipe     *recipe)
{
  g_return_if_fail (GANTRY_IS_VERIFY_VIEW (self));
  g_return_if_fail (GANTRY_IS_RECIPE (recipe));

  if (self->project != NULL)
    show_settings (self, recipe);
}

static void
on_map (GantryVerifyView *self)
{
  if (self->project != NULL)
    probe (self);
}

GListModel *
gantry_verify_view_get_images (GantryVerifyView *self)
{
  g_return_val_if_fail (GANTRY_IS_VERIFY_VIEW (self), NULL);
  return G_LIST_MODEL (self->images);
}

const char *
gantry_verify_view_get_problem (GantryVerifyView *self)
{
  g_return_val_if_fail (GANTRY_IS_VERIFY_VIEW (self), NULL);
  return self->problem;
}

/* ------------------------------------------------------------------ */
/* The container engine                                                */
/* ------------------------------------------------------------------ */

static void
probe_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_auto(GantryPreferencesVerify) prefs = { 0 };
  GantryVerifyOptions options = { 0 };
  GantryVerifyHost *host;

  /* the engine Preferences chose, as the release will use it */
  gantry_preferences_verify_load (&prefs);
  options.engine = prefs.engine;
  options.engine_flags = (const char * const *) prefs.engine_flags;
  host = gantry_verify_host_probe (&options, cancellable);

  g_task_return_pointer (task, host, (GDestroyNotify) gantry_verify_host_free);
}

static void
on_probe_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GantryVerifyView *self = GANTRY_VERIFY_VIEW (source);
  g_autoptr(GantryVerifyHost) host = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autofree char *text = NULL;

  self->probing = FALSE;
  /* cancelled: the view is going away */
  if (host == NULL)
    return;
  self->probed = TRUE;
  if (host->engine != NULL)
    text = g_strdup_printf ("Container engine: %s (%s): container checks run in the images below.",
                            host->engine_name ? host->engine_name : host->engine, host->engine);
  else
    text = g_strdup ("no container engine: container checks will be skipped");
  g_free (self->engine_text);
  self->engine_text = g_steal_pointer (&text);
  update_engine_label (self);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->engine_label), host->engine_problem);
}

static void
probe (GantryVerifyView *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->probing || self->probed)
    return;
  self->probing = TRUE;
  update_engine_label (self);
  g_clear_object (&self->probe_cancellable);
  self->probe_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->probe_cancellable, on_probe_done, NULL);
  g_task_set_source_tag (task, probe);
  g_task_run_in_thread (task, probe_worker);
}

/* ------------------------------------------------------------------ */

void
gantry_verify_view_started (GantryVerifyView *self)
{
  g_autoptr(GListStore) rows = g_list_store_new (GANTRY_TYPE_VERDICT_ROW);

  g_return_if_fail (GANTRY_IS_VERIFY_VIEW (self));

  set_rows (self, rows);
  set_summary (self, "Verifying…", FALSE);
  set_spinning (self, TRUE);
  probe (self);
}

void
gantry_verify_view_finished (GantryVerifyView *self,
                             GPtrArray        *matrix,
                             const GError     *error)
{
  g_autoptr(GListStore) rows = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (GANTRY_IS_VERIFY_VIEW (self));

  set_spinning (self, FALSE);
  rows = gantry_verdict_rows_new (matrix);
  set_rows (self, rows);
  if (error != NULL)
    {
      text = g_strdup_printf ("Verification stopped: %s", error->message);
      set_summary (self, text, TRUE);
      return;
    }
  text = gantry_verdict_rows_summary (matrix);
  set_summary (self, text, matrix != NULL && gantry_verify_count (matrix, GANTRY_VERDICT_FAIL) > 0);
}

GListModel *
gantry_verify_view_get_rows (GantryVerifyView *self)
{
  g_return_val_if_fail (GANTRY_IS_VERIFY_VIEW (self), NULL);
  return G_LIST_MODEL (self->rows);
}

const char *
gantry_verify_view_get_summary (GantryVerifyView *self)
{
  g_return_val_if_fail (GANTRY_IS_VERIFY_VIEW (self), NULL);
  return gtk_label_get_label (self->summary_label);
}

const char *
gantry_verify_view_get_engine (GantryVerifyView *self)
{
  g_return_val_if_fail (GANTRY_IS_VERIFY_VIEW (self), NULL);
  return gtk_label_get_label (self->engine_label);
}

gboolean
gantry_verify_view_get_busy (GantryVerifyView *self)
{
  g_return_val_if_fail (GANTRY_IS_VERIFY_VIEW (self), FALSE);
  return self->probing;
}

static GStrv
state_classes (gpointer    unused,
               const char *state)
{
  const char *classes[] = { "run-state", NULL, NULL };

  if (g_strcmp0 (state, "pass") == 0)
    classes[1] = "ok";
  else if (g_strcmp0 (state, "fail") == 0)
    classes[1] = "problem";
  else
    classes[1] = "dim-label";
  return g_strdupv ((char **) classes);
}

static char *
first_line (gpointer    unused,
            const char *text)
{
  return gantry_first_line (text);
}

static void
gantry_verify_view_dispose (GObject *object)
{
  GantryVerifyView *self = GANTRY_VERIFY_VIEW (object);

  g_cancellable_cancel (self->probe_cancellable);
  gantry_widget_dispose_template (GTK_WIDGET (self), GANTRY_TYPE_VERIFY_VIEW);

  G_OBJECT_CLASS (gantry_verify_view_parent_class)->dispose (object);
}

static void
gantry_verify_view_finalize (GObject *object)
{
  GantryVerifyView *self = GANTRY_VERIFY_VIEW (object);

  g_clear_object (&self->probe_cancellable);
  g_clear_object (&self->rows);
  g_clear_object (&self->store);
  g_clear_object (&self->project);
  g_clear_object (&self->images);
  g_clear_pointer (&self->engine_text, g_free);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (gantry_verify_view_parent_class)->finalize (object);
}

static void
gantry_verify_view_class_init (GantryVerifyViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gantry_verify_view_dispose;
  object_class->finalize = gantry_verify_view_finalize;

  g_type_ensure (GANTRY_TYPE_VERDICT_ROW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, GANTRY_RESOURCE_BASE "/ui/gantry-verify-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GantryVerifyView, verdict_view);
  gtk_widget_class_bind_template_child (widget_class, GantryVerifyView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, GantryVerifyView, engine_label);
  gtk_widget_class_bind_template_child (widget_class, GantryVerifyView, spinner);
  gtk_widget_class_bind_template_child (widget_class, GantryVerifyView, settings_box);
  gtk_widget_class_bind_template_child (widget_class, GantryVerifyView, containers_switch);
  gtk_widget_class_bind_template_child (widget_class, GantryVerifyView, images_box);
  gtk_widget_class_bind_template_child (widget_class, GantryVerifyView, image_list);
  gtk_widget_class_bind_template_child (widget_class, GantryVerifyView, image_entry);
  gtk_widget_class_bind_template_child (widget_class, GantryVerifyView, preset_button);
  gtk_widget_class_bind_template_child (widget_class, GantryVerifyView, problem_revealer);
  gtk_widget_class_bind_template_child (widget_class, GantryVerifyView, problem_label);
  gtk_widget_class_bind_template_child (widget_class, GantryVerifyView, saved_label);
  gtk_widget_class_bind_template_callback (widget_class, state_classes);
  gtk_widget_class_bind_template_callback (widget_class, first_line);
  gtk_widget_class_bind_template_callback (widget_class, on_containers_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);

  gtk_widget_class_install_action (widget_class, "verify.add-image", NULL, add_image_action);
  gtk_widget_class_install_action (widget_class, "verify.add-preset", "s", add_preset_action);
  gtk_widget_class_install_action (widget_class, "verify.remove-image", "s", remove_image_action);

  /**
   * GantryVerifyView::saved:
   * @recipe: the revision just saved
   *
   * The verification settings were saved as a new recipe revision.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, GANTRY_TYPE_RECIPE);
}

static void
gantry_verify_view_init (GantryVerifyView *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
  self->containers = TRUE;
  self->images = gtk_string_list_new (NULL);
  gtk_list_box_bind_model (self->image_list, G_LIST_MODEL (self->images), image_row_new, NULL, NULL);
  placeholder = gtk_label_new ("No images: Linux builds are not run in containers. Add one below, or pick a preset.");
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_label_set_xalign (GTK_LABEL (placeholder), 0);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_add_css_class (placeholder, "image-row");
  gtk_list_box_set_placeholder (self->image_list, placeholder);
  fill_preset_menu (self);
  gantry_verify_view_clear (self);
  update_engine_label (self);
  update_actions (self);
}

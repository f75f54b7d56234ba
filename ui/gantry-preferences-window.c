/* gantry-preferences-window.c — Preferences: the container engine, its options, the images to check in, the cache folder */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-preferences"

#include "config.h"

#include "gantry-paths.h"
#include "gantry-preferences.h"
#include "gantry-preferences-window.h"
#include "gantry-toolchain.h"
#include "gantry-verdict-model.h"

struct _GantryPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  /* template widgets */
  AdwComboRow *engine_row;
  AdwEntryRow *flags_row;
  AdwPreferencesGroup *images_group;
  AdwEntryRow *add_image_row;
  AdwActionRow *cache_row;
  AdwActionRow *data_row;

  /* state */
  GPtrArray *image_rows;      /* the AdwActionRow of each image shown */
  gboolean loading;
};

G_DEFINE_FINAL_TYPE (GantryPreferencesWindow, gantry_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* the combo's rows, in order */
static const char * const engines[] = { "auto", "docker", "podman", "none" };

static void
say (GantryPreferencesWindow *self,
     const char              *text)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (markup));
}

static void
save_string (GantryPreferencesWindow *self,
             const char              *key,
             const char              *value)
{
  g_autoptr(GError) error = NULL;

  if (!gantry_preferences_set_string (key, value, &error))
    {
      g_autofree char *text = g_strdup_printf ("Not saved: %s", error->message);

      say (self, text);
    }
}

/* A setting the environment gave wins: say so where it is shown. */
static void
mark_environment (GtkWidget  *row,
                  const char *key)
{
  if (gantry_preferences_from_environment (key))
    {
      g_autofree char *tip = g_strdup_printf ("%s is set where Gantry was started: that value is used, not this one",
                                              gantry_preferences_env_name (key));

      gtk_widget_set_sensitive (row, FALSE);
      gtk_widget_set_tooltip_text (row, tip);
    }
}

static void
on_engine_selected (GantryPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->engine_row);

  if (self->loading || selected >= G_N_ELEMENTS (engines))
    return;
  save_string (self, GANTRY_PREF_ENGINE, engines[selected]);
}

static void
on_flags_applied (GantryPreferencesWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->flags_row))));
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;

  /* the core splits them the way a shell would: refuse what it cannot */
  if (text[0] != '\0' && !g_shell_parse_argv (text, NULL, &argv, &error))
    {
      g_autofree char *says = g_strdup_printf ("These options cannot be read: %s", error->message);

      say (self, says);
      return;
    }
  save_string (self, GANTRY_PREF_ENGINE_FLAGS, text);
  say (self, "Engine options saved");
}

static void show_images (GantryPreferencesWindow *self);

static gboolean
save_images (GantryPreferencesWindow *self,
             const char * const      *images)
{
  g_autoptr(GError) error = NULL;

  if (!gantry_preferences_set_strv (GANTRY_PREF_IMAGES, images, &error))
    {
      g_autofree char *text = g_strdup_printf ("Not saved: %s", error->message);

      say (self, text);
      return FALSE;
    }
  show_images (self);
  return TRUE;
}

static void
on_image_removed (GtkButton               *button,
                  GantryPreferencesWindow *self)
{
  const char *image = g_object_get_data (G_OBJECT (button), "image");
  g_auto(GStrv) before = gantry_preferences_get_strv (GANTRY_PREF_IMAGES);
  g_auto(GStrv) after = gantry_images_remove ((const char * const *) before, image);

  save_images (self, (const char * const *) after);
}

static void
on_image_added (GantryPreferencesWindow *self)
{
  g_auto(GStrv) before = gantry_preferences_get_strv (GANTRY_PREF_IMAGES);
  g_auto(GStrv) after = NULL;
  g_autoptr(GError) error = NULL;

  after = gantry_images_add ((const char * const *) before,
                             gtk_editable_get_text (GTK_EDITABLE (self->add_image_row)), &error);
  if (after == NULL)
    {
      say (self, error->message);
      return;
    }
  if (save_images (self, (const char * const *) after))
    gtk_editable_set_text (GTK_EDITABLE (self->add_image_row), "");
}

static void
show_images (GantryPreferencesWindow *self)
{
  g_auto(GStrv) images = gantry_preferences_get_strv (GANTRY_PREF_IMAGES);

  for (guint i = 0; i < self->image_rows->len; i++)
    adw_preferences_group_remove (self->images_group, g_ptr_array_index (self->image_rows, i));
  g_ptr_array_set_size (self->image_rows, 0);

  for (guint i = 0; images != NULL && images[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *tip = g_strdup_printf ("Stop checking in %s", images[i]);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), images[i]);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (remove, tip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
      gtk_widget_add_css_class (remove, "flat");
      g_object_set_data_full (G_OBJECT (remove), "image", g_strdup (images[i]), g_free);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (on_image_removed), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_preferences_group_add (self->images_group, row);
      g_ptr_array_add (self->image_rows, row);
    }
  /* the row to add one comes after the list */
  g_object_ref (self->add_image_row);
  adw_preferences_group_remove (self->images_group, GTK_WIDGET (self->add_image_row));
  adw_preferences_group_add (self->images_group, GTK_WIDGET (self->add_image_row));
  g_object_unref (self->add_image_row);
}

static void
load (GantryPreferencesWindow *self)
{
  g_autofree char *engine = gantry_preferences_get_string (GANTRY_PREF_ENGINE);
  g_autofree char *flags = gantry_preferences_get_string (GANTRY_PREF_ENGINE_FLAGS);
  g_autofree char *cache = gantry_toolchain_get_cache_dir ("");
  g_autofree char *data = gantry_paths_get_data_dir ();

  self->loading = TRUE;
  adw_combo_row_set_selected (self->engine_row, 0);
  for (guint i = 0; engine != NULL && i < G_N_ELEMENTS (engines); i++)
    if (g_str_equal (engine, engines[i]))
      adw_combo_row_set_selected (self->engine_row, i);
  gtk_editable_set_text (GTK_EDITABLE (self->flags_row), flags != NULL ? flags : "");
  self->loading = FALSE;

  mark_environment (GTK_WIDGET (self->engine_row), GANTRY_PREF_ENGINE);
  mark_environment (GTK_WIDGET (self->flags_row), GANTRY_PREF_ENGINE_FLAGS);
  mark_environment (GTK_WIDGET (self->add_image_row), GANTRY_PREF_IMAGES);
  show_images (self);

  adw_action_row_set_subtitle (self->cache_row, cache);
  adw_action_row_set_subtitle (self->data_row, data);
}

static void
gantry_preferences_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), GANTRY_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (gantry_preferences_window_parent_class)->dispose (object);
}

static void
gantry_preferences_window_finalize (GObject *object)
{
  GantryPreferencesWindow *self = GANTRY_PREFERENCES_WINDOW (object);

  g_clear_pointer (&self->image_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (gantry_preferences_window_parent_class)->finalize (object);
}

static void
gantry_preferences_window_class_init (GantryPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gantry_preferences_window_dispose;
  object_class->finalize = gantry_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, GANTRY_RESOURCE_BASE "/ui/gantry-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GantryPreferencesWindow, engine_row);
  gtk_widget_class_bind_template_child (widget_class, GantryPreferencesWindow, flags_row);
  gtk_widget_class_bind_template_child (widget_class, GantryPreferencesWindow, images_group);
  gtk_widget_class_bind_template_child (widget_class, GantryPreferencesWindow, add_image_row);
  gtk_widget_class_bind_template_child (widget_class, GantryPreferencesWindow, cache_row);
  gtk_widget_class_bind_template_child (widget_class, GantryPreferencesWindow, data_row);
  gtk_widget_class_bind_template_callback (widget_class, on_engine_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_flags_applied);
  gtk_widget_class_bind_template_callback (widget_class, on_image_added);
}

static void
gantry_preferences_window_init (GantryPreferencesWindow *self)
{
  self->image_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  load (self);
}

GantryPreferencesWindow *
gantry_preferences_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (GANTRY_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
}

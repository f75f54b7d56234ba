/* gantry-window.c — the main window: projects and the selected one's facts */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-window"

#include "config.h"

#include "gantry-window.h"

struct _GantryWindow
{
  GtkApplicationWindow parent_instance;

  /* template widgets */
  GtkListView *project_list;
  GtkStack *detail_stack;
  GtkLabel *empty_label;
  GtkLabel *name_label;
  GtkLabel *path_label;
  GtkLabel *module_label;
  GtkLabel *go_version_label;
  GtkLabel *cgo_label;
  GtkLabel *mains_label;

  /* owned references */
  GantryStore *store;
  GListStore *projects;
  GtkSingleSelection *selection;
};

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (GantryWindow, gantry_window, GTK_TYPE_APPLICATION_WINDOW)

static void
show_project (GantryWindow  *self,
              GantryProject *project)
{
  g_autofree char *mains = NULL;
  const char * const *list;

  if (project == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "empty");
      return;
    }

  list = gantry_project_get_main_packages (project);
  if (list[0] == NULL)
    mains = g_strdup ("none found: nothing to build yet");
  else if (g_str_equal (list[0], ".") && list[1] == NULL)
    mains = g_strdup (". (the module's top folder)");
  else
    mains = g_strjoinv ("\n", (char **) list);

  gtk_label_set_label (self->name_label, gantry_project_get_name (project));
  gtk_label_set_label (self->path_label, gantry_project_get_path (project));
  gtk_label_set_label (self->module_label, gantry_project_get_module (project));
  gtk_label_set_label (self->go_version_label,
                       gantry_project_get_go_version (project) ? gantry_project_get_go_version (project)
                                                              : "not stated in go.mod");
  gtk_label_set_label (self->cgo_label,
                       gantry_project_get_uses_cgo (project)
                       ? "Yes: every target needs a C compiler"
                       : "No: pure Go, builds anywhere with CGO_ENABLED=0");
  if (gantry_project_get_uses_cgo (project))
    gtk_widget_add_css_class (GTK_WIDGET (self->cgo_label), "cgo-yes");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->cgo_label), "cgo-yes");
  gtk_label_set_label (self->mains_label, mains);

  gtk_stack_set_visible_child_name (self->detail_stack, "details");
}

static void
on_selection_changed (GantryWindow *self)
{
  show_project (self, gtk_single_selection_get_selected_item (self->selection));
}

gboolean
gantry_window_reload (GantryWindow  *self,
                      GError       **error)
{
  g_autoptr(GPtrArray) list = NULL;

  g_return_val_if_fail (GANTRY_IS_WINDOW (self), FALSE);

  list = gantry_store_list_projects (self->store, error);
  if (list == NULL)
    return FALSE;

  g_list_store_splice (self->projects, 0, g_list_model_get_n_items (G_LIST_MODEL (self->projects)),
                       list->pdata, list->len);
  on_selection_changed (self);
  return TRUE;
}

gboolean
gantry_window_select (GantryWindow *self,
                      const char   *name)
{
  guint n;

  g_return_val_if_fail (GANTRY_IS_WINDOW (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->projects));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GantryProject) p = g_list_model_get_item (G_LIST_MODEL (self->projects), i);

      if (g_strcmp0 (gantry_project_get_name (p), name) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return TRUE;
        }
    }

  return FALSE;
}

GListModel *
gantry_window_get_projects (GantryWindow *self)
{
  g_return_val_if_fail (GANTRY_IS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->projects);
}

static void
gantry_window_constructed (GObject *object)
{
  GantryWindow *self = GANTRY_WINDOW (object);
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (gantry_window_parent_class)->constructed (object);

  if (!gantry_window_reload (self, &error))
    {
      gtk_label_set_label (self->empty_label, error->message);
      g_warning ("%s", error->message);
    }
}

static void
gantry_window_dispose (GObject *object)
{
  GantryWindow *self = GANTRY_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), GANTRY_TYPE_WINDOW);

  G_OBJECT_CLASS (gantry_window_parent_class)->dispose (object);
}

static void
gantry_window_finalize (GObject *object)
{
  GantryWindow *self = GANTRY_WINDOW (object);

  g_clear_object (&self->selection);
  g_clear_object (&self->projects);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (gantry_window_parent_class)->finalize (object);
}

static void
gantry_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  GantryWindow *self = GANTRY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_set_object (&self->store, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GantryWindow *self = GANTRY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_window_class_init (GantryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gantry_window_constructed;
  object_class->dispose = gantry_window_dispose;
  object_class->finalize = gantry_window_finalize;
  object_class->get_property = gantry_window_get_property;
  object_class->set_property = gantry_window_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, GANTRY_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The list item template names the type; register it first. */
  g_type_ensure (GANTRY_TYPE_PROJECT);

  gtk_widget_class_set_template_from_resource (widget_class, GANTRY_RESOURCE_BASE "/ui/gantry-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, project_list);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, empty_label);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, name_label);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, path_label);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, module_label);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, go_version_label);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, cgo_label);
  gtk_widget_class_bind_template_child (widget_class, GantryWindow, mains_label);
}

static void
gantry_window_init (GantryWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->projects = g_list_store_new (GANTRY_TYPE_PROJECT);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->projects)));
  gtk_list_view_set_model (self->project_list, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);
}

GantryWindow *
gantry_window_new (GtkApplication *application,
                   GantryStore    *store)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (GANTRY_IS_STORE (store), NULL);

  return g_object_new (GANTRY_TYPE_WINDOW,
                       "application", application,
                       "store", store,
                       NULL);
}

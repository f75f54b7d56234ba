/* gantry-commands-view.c — every command a build runs, with its environment, for bash, PowerShell or cmd */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-commands-view"

#include "config.h"

#include "gantry-commands-view.h"
#include "gantry-widget-util.h"
#include "gantry-ui-run.h"

struct _GantryCommandsView
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkDropDown *shell_dropdown;
  GtkListView *step_list;
  GtkLabel *empty_label;

  /* owned references */
  GantryPlan *plan;
  GantryRunner *runner;
  GListStore *steps;

  /* state */
  GantryShell shell;
};

G_DEFINE_FINAL_TYPE (GantryCommandsView, gantry_commands_view, GTK_TYPE_WIDGET)

static void
update_actions (GantryCommandsView *self)
{
  gboolean has_steps = self->plan != NULL && gantry_plan_get_n_steps (self->plan) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "commands.copy-all", has_steps);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "commands.copy-step", has_steps);
}

static void
show_steps (GantryCommandsView *self)
{
  g_autoptr(GListStore) steps = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;

  if (self->plan != NULL)
    steps = gantry_step_items_new (self->plan, self->shell);
  else
    steps = g_list_store_new (GANTRY_TYPE_STEP_ITEM);
  g_set_object (&self->steps, steps);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (steps)));
  gtk_list_view_set_model (self->step_list, GTK_SELECTION_MODEL (selection));
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), self->plan == NULL);
  update_actions (self);
}

void
gantry_commands_view_set_plan (GantryCommandsView *self,
                               GantryPlan         *plan)
{
  g_return_if_fail (GANTRY_IS_COMMANDS_VIEW (self));

  if (self->runner != NULL)
    g_signal_handlers_disconnect_by_data (self->runner, self);
  g_clear_object (&self->runner);
  g_set_object (&self->plan, plan);
  show_steps (self);
}

static void
on_step_changed (GantryCommandsView *self)
{
  gantry_step_items_update (G_LIST_MODEL (self->steps), self->runner);
}

void
gantry_commands_view_set_runner (GantryCommandsView *self,
                                 GantryRunner       *runner)
{
  g_return_if_fail (GANTRY_IS_COMMANDS_VIEW (self));

  gantry_commands_view_set_plan (self, runner ? gantry_runner_get_plan (runner) : NULL);
  g_set_object (&self->runner, runner);
  if (runner != NULL)
    {
      g_signal_connect_object (runner, "step-changed", G_CALLBACK (on_step_changed), self, G_CONNECT_SWAPPED);
      on_step_changed (self);
    }
}

void
gantry_commands_view_set_shell (GantryCommandsView *self,
                                GantryShell         shell)
{
  g_return_if_fail (GANTRY_IS_COMMANDS_VIEW (self));

  if (gtk_drop_down_get_selected (self->shell_dropdown) != (guint) shell)
    {
      gtk_drop_down_set_selected (self->shell_dropdown, shell);
      return;  /* the dropdown's notify comes back here */
    }
  self->shell = shell;
  if (self->plan != NULL)
    gantry_step_items_render (G_LIST_MODEL (self->steps), self->plan, shell);
}

GantryShell
gantry_commands_view_get_shell (GantryCommandsView *self)
{
  g_return_val_if_fail (GANTRY_IS_COMMANDS_VIEW (self), GANTRY_SHELL_BASH);
  return self->shell;
}

GListModel *
gantry_commands_view_get_steps (GantryCommandsView *self)
{
  g_return_val_if_fail (GANTRY_IS_COMMANDS_VIEW (self), NULL);
  return G_LIST_MODEL (self->steps);
}

static void
on_shell_selected (GantryCommandsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->shell_dropdown);

  if (selected <= GANTRY_SHELL_CMD)
    gantry_commands_view_set_shell (self, (GantryShell) selected);
}

static void
copy_text (GantryCommandsView *self,
           const char         *text)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
copy_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  GantryCommandsView *self = GANTRY_COMMANDS_VIEW (widget);
  g_autofree char *text = NULL;

  if (self->plan == NULL)
    return;
  text = gantry_plan_render (self->plan, self->shell);
  copy_text (self, text);
}

static void
copy_step_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GantryCommandsView *self = GANTRY_COMMANDS_VIEW (widget);
  guint index = g_variant_get_uint32 (parameter);
  g_autoptr(GantryStepItem) item = NULL;

  if (index >= g_list_model_get_n_items (G_LIST_MODEL (self->steps)))
    return;
  item = g_list_model_get_item (G_LIST_MODEL (self->steps), index);
  copy_text (self, gantry_step_item_get_text (item));
}

static GVariant *
step_target (gpointer unused,
             guint    index)
{
  return g_variant_ref_sink (g_variant_new_uint32 (index));
}

static GStrv
step_classes (gpointer unused,
              gboolean running)
{
  const char *on[] = { "step", "step-running", NULL };
  const char *off[] = { "step", NULL };

  return g_strdupv ((char **) (running ? on : off));
}

static void
gantry_commands_view_dispose (GObject *object)
{
  GantryCommandsView *self = GANTRY_COMMANDS_VIEW (object);

  if (self->runner != NULL)
    g_signal_handlers_disconnect_by_data (self->runner, self);
  gantry_widget_dispose_template (GTK_WIDGET (self), GANTRY_TYPE_COMMANDS_VIEW);

  G_OBJECT_CLASS (gantry_commands_view_parent_class)->dispose (object);
}

static void
gantry_commands_view_finalize (GObject *object)
{
  GantryCommandsView *self = GANTRY_COMMANDS_VIEW (object);

  g_clear_object (&self->plan);
  g_clear_object (&self->runner);
  g_clear_object (&self->steps);

  G_OBJECT_CLASS (gantry_commands_view_parent_class)->finalize (object);
}

static void
gantry_commands_view_class_init (GantryCommandsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gantry_commands_view_dispose;
  object_class->finalize = gantry_commands_view_finalize;

  g_type_ensure (GANTRY_TYPE_STEP_ITEM);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, GANTRY_RESOURCE_BASE "/ui/gantry-commands-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GantryCommandsView, shell_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GantryCommandsView, step_list);
  gtk_widget_class_bind_template_child (widget_class, GantryCommandsView, empty_label);
  gtk_widget_class_bind_template_callback (widget_class, on_shell_selected);
  gtk_widget_class_bind_template_callback (widget_class, step_target);
  gtk_widget_class_bind_template_callback (widget_class, step_classes);

  gtk_widget_class_install_action (widget_class, "commands.copy-all", NULL, copy_all_action);
  gtk_widget_class_install_action (widget_class, "commands.copy-step", "u", copy_step_action);
}

static void
gantry_commands_view_init (GantryCommandsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->shell = gantry_shell_default ();
  gtk_drop_down_set_selected (self->shell_dropdown, self->shell);
  show_steps (self);
}

/* gantry-commands-view.c — every step of a release (build, package, checksums, checks) as bash, PowerShell or cmd */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-commands-view"

#include "config.h"

#include "gantry-commands-view.h"
#include "gantry-reflow-box.h"
#include "gantry-widget-util.h"
#include "gantry-run-model.h"

struct _GantryCommandsView
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkDropDown *shell_dropdown;
  GtkWidget *scroller;
  GtkBox *step_box;
  GtkLabel *empty_label;

  /* owned references */
  GantryPlan *plan;
  GantryRunner *runner;
  GantryPlan *package_plan;    /* the plan's package steps, as a plan of their own */
  GantryPlan *check_plan;      /* the verification runs, once known */
  GListStore *steps;           /* GantryStepItem: the build steps, which the runner updates */
  GListStore *package_items;
  GListStore *check_items;
  GListStore *rows;            /* every item above, in the order shown */

  /* state */
  GantryShell shell;
};

G_DEFINE_FINAL_TYPE (GantryCommandsView, gantry_commands_view, GTK_TYPE_WIDGET)

enum {
  COPIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_actions (GantryCommandsView *self)
{
  gboolean has_steps = g_list_model_get_n_items (G_LIST_MODEL (self->rows)) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "commands.copy-all", has_steps);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "commands.copy-step", has_steps);
}

/* ------------------------------------------------------------------ */
/* Rows                                                                */
/* ------------------------------------------------------------------ */

static void
on_running (GantryStepItem *item,
            GParamSpec     *pspec,
            GtkWidget      *row)
{
  if (gantry_step_item_get_running (item))
    gtk_widget_add_css_class (row, "step-running");
  else
    gtk_widget_remove_css_class (row, "step-running");
}

/* The text ends a line: shown, that would be an empty line below it. */
static gboolean
without_last_newline (GBinding     *binding,
                      const GValue *from,
                      GValue       *to,
                      gpointer      user_data)
{
  const char *text = g_value_get_string (from);
  gsize len = text ? strlen (text) : 0;

  g_value_take_string (to, g_strndup (text ? text : "", len > 0 && text[len - 1] == '\n' ? len - 1 : len));
  return TRUE;
}

/* The command as it will be copied: monospace, never wrapped (so never
 * hyphenated, and never broken inside a word: the renderer breaks its
 * lines between words with the shell's continuation), scrolled
 * sideways when a single word is wider than the panel. */
static GtkWidget *
make_code (GantryStepItem *item)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *code = gtk_label_new (NULL);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
  gtk_label_set_attributes (GTK_LABEL (code), attrs);
  pango_attr_list_unref (attrs);
  gtk_label_set_wrap (GTK_LABEL (code), FALSE);
  gtk_label_set_ellipsize (GTK_LABEL (code), PANGO_ELLIPSIZE_NONE);
  gtk_label_set_selectable (GTK_LABEL (code), TRUE);
  gtk_label_set_xalign (GTK_LABEL (code), 0);
  gtk_label_set_yalign (GTK_LABEL (code), 0);
  gtk_widget_set_hexpand (code, TRUE);
  gtk_widget_add_css_class (code, "command-text");
  gtk_widget_add_css_class (code, "monospace");
  g_object_bind_property_full (item, "text", code, "label", G_BINDING_SYNC_CREATE,
                               without_last_newline, NULL, NULL, NULL);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), code);
  return scroller;
}

static GtkWidget *
make_row (GantryStepItem *item,
          guint           position)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *running = gtk_image_new_from_icon_name ("media-playback-start-symbolic");
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *state = gtk_label_new (NULL);
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  g_autofree char *name_text = NULL;

  gtk_widget_add_css_class (row, "step");
  g_signal_connect_object (item, "notify::running", G_CALLBACK (on_running), row, 0);
  on_running (item, NULL, row);

  gtk_widget_set_tooltip_text (running, "Running now");
  g_object_bind_property (item, "running", running, "visible", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (top), running);

  g_object_get (item, "name", &name_text, NULL);
  gtk_label_set_label (GTK_LABEL (name), name_text);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_add_css_class (name, "step-name");
  gtk_box_append (GTK_BOX (top), name);

  gtk_label_set_xalign (GTK_LABEL (state), 0);
  gtk_widget_set_hexpand (state, TRUE);
  gtk_widget_add_css_class (state, "dim-label");
  g_object_bind_property (item, "state", state, "label", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (top), state);

  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_set_tooltip_text (copy, "Copy this command");
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL, "Copy this command", -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (copy), "commands.copy-step");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (copy), g_variant_new_uint32 (position));
  gtk_box_append (GTK_BOX (top), copy);

  gtk_box_append (GTK_BOX (row), top);
  gtk_box_append (GTK_BOX (row), make_code (item));
  return row;
}

static void
add_heading (GantryCommandsView *self,
             const char         *title,
             const char         *note)
{
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *text = gtk_label_new (note);

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_margin_top (heading, 12);
  gtk_widget_set_margin_start (heading, 12);
  gtk_widget_set_margin_end (heading, 12);
  gtk_box_append (self->step_box, heading);

  /* prose, so it wraps at spaces like prose */
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD);
  gtk_widget_add_css_class (text, "dim-label");
  gtk_widget_set_margin_start (text, 12);
  gtk_widget_set_margin_end (text, 12);
  gtk_widget_set_margin_bottom (text, 4);
  gtk_box_append (self->step_box, text);
}

static void
add_rows (GantryCommandsView *self,
          GListStore         *items)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (items)); i++)
    {
      g_autoptr(GantryStepItem) item = g_list_model_get_item (G_LIST_MODEL (items), i);

      gtk_box_append (self->step_box, make_row (item, g_list_model_get_n_items (G_LIST_MODEL (self->rows))));
      g_list_store_append (self->rows, item);
    }
}

static void
show_rows (GantryCommandsView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->step_box))) != NULL)
    gtk_box_remove (self->step_box, child);
  g_list_store_remove_all (self->rows);

  if (self->plan != NULL)
    {
      add_heading (self, "Build", "Each target built by go, with the C compiler Gantry chose for it.");
      add_rows (self, self->steps);
      if (g_list_model_get_n_items (G_LIST_MODEL (self->package_items)) > 0)
        {
          add_heading (self, "Package",
                       "Gantry writes the archives and SHA256SUMS itself (with libarchive); "
                       "these commands make the same files with standard tools.");
          add_rows (self, self->package_items);
        }
      if (g_list_model_get_n_items (G_LIST_MODEL (self->check_items)) > 0)
        {
          add_heading (self, "Check", "How Gantry ran each binary to check it.");
          add_rows (self, self->check_items);
        }
      else
        add_heading (self, "Check",
                     "After building, Gantry checks each binary by running it: here, under qemu-user "
                     "or wine, and in containers. Results shows where each one ran.");
    }

  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), self->plan == NULL);
  gtk_widget_set_visible (self->scroller, self->plan != NULL);
  update_actions (self);
}

/* A plan of the given steps (copies), for gantry_step_items_new(). */
static GantryPlan *
plan_of (const GantryStep * const *steps,
         guint                     n_steps)
{
  GantryPlan *plan = gantry_plan_new_empty ("gantry");

  for (guint i = 0; i < n_steps; i++)
    gantry_plan_append_step (plan, gantry_step_copy (steps[i]));
  return plan;
}

static void
make_items (GantryCommandsView *self)
{
  g_clear_object (&self->steps);
  g_clear_object (&self->package_items);
  g_clear_object (&self->check_items);
  self->steps = self->plan ? gantry_step_items_new (self->plan, self->shell) : g_list_store_new (GANTRY_TYPE_STEP_ITEM);
  self->package_items = self->package_plan ? gantry_step_items_new (self->package_plan, self->shell)
                                           : g_list_store_new (GANTRY_TYPE_STEP_ITEM);
  self->check_items = self->check_plan ? gantry_step_items_new (self->check_plan, self->shell)
                                       : g_list_store_new (GANTRY_TYPE_STEP_ITEM);
  show_rows (self);
}

void
gantry_commands_view_set_plan (GantryCommandsView *self,
                               GantryPlan         *plan)
{
  g_return_if_fail (GANTRY_IS_COMMANDS_VIEW (self));
  g_return_if_fail (plan == NULL || GANTRY_IS_PLAN (plan));

  if (self->runner != NULL)
    g_signal_handlers_disconnect_by_data (self->runner, self);
  g_clear_object (&self->runner);
  /* the checks were of the binaries of another plan */
  if (plan != self->plan)
    g_clear_object (&self->check_plan);
  g_set_object (&self->plan, plan);
  g_clear_object (&self->package_plan);
  if (plan != NULL)
    {
      g_autoptr(GPtrArray) steps = g_ptr_array_new ();

      for (guint i = 0; i < gantry_plan_get_n_package_steps (plan); i++)
        g_ptr_array_add (steps, (gpointer) gantry_plan_get_package_step (plan, i));
      self->package_plan = plan_of ((const GantryStep * const *) steps->pdata, steps->len);
    }
  make_items (self);
}

void
gantry_commands_view_set_checks (GantryCommandsView *self,
                                 GPtrArray          *checks)
{
  g_return_if_fail (GANTRY_IS_COMMANDS_VIEW (self));

  g_clear_object (&self->check_plan);
  if (checks != NULL && checks->len > 0)
    self->check_plan = plan_of ((const GantryStep * const *) checks->pdata, checks->len);
  g_clear_object (&self->check_items);
  self->check_items = self->check_plan ? gantry_step_items_new (self->check_plan, self->shell)
                                       : g_list_store_new (GANTRY_TYPE_STEP_ITEM);
  show_rows (self);
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
  if (self->package_plan != NULL)
    gantry_step_items_render (G_LIST_MODEL (self->package_items), self->package_plan, shell);
  if (self->check_plan != NULL)
    gantry_step_items_render (G_LIST_MODEL (self->check_items), self->check_plan, shell);
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

GListModel *
gantry_commands_view_get_rows (GantryCommandsView *self)
{
  g_return_val_if_fail (GANTRY_IS_COMMANDS_VIEW (self), NULL);
  return G_LIST_MODEL (self->rows);
}

char *
gantry_commands_view_dup_script (GantryCommandsView *self)
{
  GString *script;
  g_autofree char *plan_text = NULL;

  g_return_val_if_fail (GANTRY_IS_COMMANDS_VIEW (self), NULL);

  if (self->plan == NULL)
    return NULL;
  plan_text = gantry_plan_render (self->plan, self->shell);
  script = g_string_new (plan_text);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->check_items)); i++)
    {
      g_autoptr(GantryStepItem) item = g_list_model_get_item (G_LIST_MODEL (self->check_items), i);
      g_string_append (script, gantry_step_item_get_text (item));
    }
  return g_string_free (script, FALSE);
}

static void
on_shell_selected (GantryCommandsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->shell_dropdown);

  if (selected <= GANTRY_SHELL_CMD)
    gantry_commands_view_set_shell (self, (GantryShell) selected);
}

/* @what: what the window tells once it is on the clipboard */
static void
copy_text (GantryCommandsView *self,
           const char         *text,
           const char         *what)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  g_signal_emit (self, signals[COPIED], 0, what);
}

static void
copy_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  GantryCommandsView *self = GANTRY_COMMANDS_VIEW (widget);
  g_autofree char *text = gantry_commands_view_dup_script (self);

  if (text != NULL)
    copy_text (self, text, "Every command copied to the clipboard");
}

static void
copy_step_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GantryCommandsView *self = GANTRY_COMMANDS_VIEW (widget);
  guint index = g_variant_get_uint32 (parameter);
  g_autoptr(GantryStepItem) item = NULL;

  if (index >= g_list_model_get_n_items (G_LIST_MODEL (self->rows)))
    return;
  item = g_list_model_get_item (G_LIST_MODEL (self->rows), index);
  copy_text (self, gantry_step_item_get_text (item), "Command copied to the clipboard");
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
  g_clear_object (&self->package_plan);
  g_clear_object (&self->check_plan);
  g_clear_object (&self->steps);
  g_clear_object (&self->package_items);
  g_clear_object (&self->check_items);
  g_clear_object (&self->rows);

  G_OBJECT_CLASS (gantry_commands_view_parent_class)->finalize (object);
}

static void
gantry_commands_view_class_init (GantryCommandsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (GANTRY_TYPE_REFLOW_BOX);

  object_class->dispose = gantry_commands_view_dispose;
  object_class->finalize = gantry_commands_view_finalize;

  g_type_ensure (GANTRY_TYPE_STEP_ITEM);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, GANTRY_RESOURCE_BASE "/ui/gantry-commands-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GantryCommandsView, shell_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GantryCommandsView, scroller);
  gtk_widget_class_bind_template_child (widget_class, GantryCommandsView, step_box);
  gtk_widget_class_bind_template_child (widget_class, GantryCommandsView, empty_label);
  gtk_widget_class_bind_template_callback (widget_class, on_shell_selected);

  /* a copy happened: @what says it in a sentence */
  signals[COPIED] = g_signal_new ("copied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_install_action (widget_class, "commands.copy-all", NULL, copy_all_action);
  gtk_widget_class_install_action (widget_class, "commands.copy-step", "u", copy_step_action);
}

static void
gantry_commands_view_init (GantryCommandsView *self)
{
  self->rows = g_list_store_new (GANTRY_TYPE_STEP_ITEM);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->shell = gantry_shell_default ();
  gtk_drop_down_set_selected (self->shell_dropdown, self->shell);
  make_items (self);
}

/* gantry-recipe-view.c — the recipe as a target matrix; every change is saved as it is made */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-recipe-view"

#include "config.h"

#include "gantry-recipe-view.h"
#include "gantry-reflow-box.h"
#include "gantry-widget-util.h"
#include "gantry-matrix-model.h"

struct _GantryRecipeView
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkListBox *matrix_list;
  GtkRevealer *problem_revealer;
  GtkLabel *problem_label;
  GtkLabel *saved_label;
  GtkEntry *binary_entry;
  GtkEntry *version_entry;
  GtkEntry *main_entry;
  GtkDropDown *unbuildable_dropdown;
  GtkWidget *matrix_header;

  /* owned references */
  GantryStore *store;
  GantryProject *project;
  GantryRecipe *recipe;     /* the last one saved (or detected, before any save) */
  GListStore *rows;

  /* state */
  char *problem;
  guint save_source;
  gboolean loading;
  GCancellable *export_cancellable;  /* a GoReleaser or CI export being written */
  gboolean narrow;          /* the rows wrap: the matrix has no room for one line each */
  guint narrow_source;
};

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (GantryRecipeView, gantry_recipe_view, GTK_TYPE_WIDGET)

/* The items of "When a target cannot be built here", as the .ui lists them. */
enum {
  UNBUILDABLE_BUILD_OTHERS,
  UNBUILDABLE_STOP,
};

/* ------------------------------------------------------------------ */
/* Narrow: every row wraps, or none                                     */
/* ------------------------------------------------------------------ */

static gboolean
apply_narrow (gpointer data)
{
  GantryRecipeView *self = data;

  self->narrow_source = 0;
  /* the column headings name the one-line columns; wrapped rows
   * caption their own dropdowns */
  gtk_widget_set_visible (self->matrix_header, !self->narrow);
  gantry_reflow_box_set_narrow_below (GTK_WIDGET (self->matrix_list), self->narrow);
  return G_SOURCE_REMOVE;
}

/* The rows go on one line each when the matrix has its natural width,
 * all wrapped otherwise: decided here, for all of them at once, so they
 * never differ from each other nor from the column headings. The rows'
 * natural width does not depend on the choice, so it cannot flip back;
 * the rows are told after this allocation, not during it. */
static void
gantry_recipe_view_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  GantryRecipeView *self = GANTRY_RECIPE_VIEW (widget);
  int natural = 0;
  gboolean narrow;

  gtk_widget_measure (GTK_WIDGET (self->matrix_list), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  narrow = width < natural;
  if (narrow != self->narrow)
    {
      self->narrow = narrow;
      if (self->narrow_source == 0)
        self->narrow_source = g_idle_add (apply_narrow, self);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child))
      gtk_widget_allocate (child, width, height, baseline, NULL);
}

/* As GtkBinLayout would: the view's one child, its box. (A layout
 * manager would allocate without calling the size_allocate above.) */
static void
gantry_recipe_view_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child))
      {
        int min = 0, nat = 0;

        gtk_widget_measure (child, orientation, for_size, &min, &nat, NULL, NULL);
        *minimum = MAX (*minimum, min);
        *natural = MAX (*natural, nat);
      }
}

static GtkSizeRequestMode
gantry_recipe_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
show_problem (GantryRecipeView *self,
              const char       *message)
{
  g_free (self->problem);
  self->problem = g_strdup (message);
  if (message != NULL)
    {
      gtk_label_set_label (self->problem_label, message);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->problem_label), message);
    }
  gtk_revealer_set_reveal_child (self->problem_revealer, message != NULL);
}

/* "./cmd/server, ./cmd/cli" → the list; nothing written: "." */
static char **
programs_from_text (const char *text)
{
  g_auto(GStrv) parts = g_strsplit_set (text, ", ", -1);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  guint n = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      {
        g_strv_builder_add (b, parts[i]);
        n++;
      }
  if (n == 0)
    g_strv_builder_add (b, ".");
  return g_strv_builder_end (b);
}

/* The sentence for a program the project did not find, or NULL. */
static char *
unknown_program (GantryRecipeView  *self,
                 char             **mains)
{
  const char * const *found = gantry_project_get_main_packages (self->project);
  g_autofree char *list = NULL;

  if (found == NULL || found[0] == NULL)
    return NULL;
  for (guint i = 0; mains[i] != NULL; i++)
    if (!g_strv_contains (found, mains[i]))
      {
        list = g_strjoinv (", ", (char **) found);
        return g_strdup_printf ("Programs: %s is not a main package of this project; it has %s.", mains[i], list);
      }
  return NULL;
}

static gboolean
save_now (gpointer data)
{
  GantryRecipeView *self = data;
  g_autoptr(GantryRecipe) next = NULL;
  g_autoptr(GError) error = NULL;

  self->save_source = 0;
  if (self->recipe == NULL || self->project == NULL)
    return G_SOURCE_REMOVE;

  next = gantry_matrix_apply (G_LIST_MODEL (self->rows), self->recipe,
                              gantry_project_get_uses_cgo (self->project));
  {
    const char *binary = gtk_editable_get_text (GTK_EDITABLE (self->binary_entry));
    const char *version = gtk_editable_get_text (GTK_EDITABLE (self->version_entry));
    g_auto(GStrv) mains = programs_from_text (gtk_editable_get_text (GTK_EDITABLE (self->main_entry)));
    g_autofree char *unknown = unknown_program (self, mains);

    /* a program the project does not have is named, and nothing is saved */
    if (unknown != NULL)
      {
        show_problem (self, unknown);
        gtk_label_set_label (self->saved_label, "Not saved");
        return G_SOURCE_REMOVE;
      }
    gantry_recipe_set_binary_name (next, binary);
    /* an empty version means "ask git", as the recipe has it */
    gantry_recipe_set_version (next, version[0] ? version : NULL);
    gantry_recipe_set_main_packages (next, (const char * const *) mains);
    gantry_recipe_set_block_unbuildable (next, gtk_drop_down_get_selected (self->unbuildable_dropdown) == UNBUILDABLE_STOP);
  }
  if (!gantry_recipe_save (next, self->store, gantry_project_get_id (self->project), &error))
    {
      /* nothing is saved: the store keeps the last good recipe */
      show_problem (self, error->message);
      gtk_label_set_label (self->saved_label, "Not saved");
      return G_SOURCE_REMOVE;
    }

  g_set_object (&self->recipe, next);
  show_problem (self, NULL);
  {
    g_autofree char *text = g_strdup_printf ("Saved as revision %" G_GINT64_FORMAT,
                                             gantry_recipe_get_revision (next));
    gtk_label_set_label (self->saved_label, text);
  }
  g_signal_emit (self, signals[SAVED], 0, next);
  return G_SOURCE_REMOVE;
}

/* Typing saves after a pause, not on every key. */
static void
on_entry_changed (GantryRecipeView *self)
{
  if (self->loading)
    return;
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add (600, save_now, self);
}

static void
on_row_changed (GantryRecipeView *self)
{
  if (self->loading)
    return;
  /* several properties change together (a dropdown, then the floor's
   * sensitivity): save once, right after */
  if (self->save_source == 0)
    self->save_source = g_idle_add (save_now, self);
}

static void
on_unbuildable_selected (GantryRecipeView *self)
{
  on_row_changed (self);
}

static void
update_actions (GantryRecipeView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recipe.import", self->project != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recipe.export", self->project != NULL);
  /* one export for a build farm at a time */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recipe.export-for",
                                 self->project != NULL && self->export_cancellable == NULL);
}

/* The entries and the matrix from self->recipe, without saving it back. */
static void
show_recipe (GantryRecipeView *self)
{
  gboolean cgo = gantry_project_get_uses_cgo (self->project);

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->binary_entry), gantry_recipe_get_binary_name (self->recipe) ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->version_entry), gantry_recipe_get_version (self->recipe) ?: "");
  {
    /* every program the recipe releases, as one line to edit */
    g_autofree char *mains = g_strjoinv (", ", (char **) gantry_recipe_get_main_packages (self->recipe));
    const char * const *found = gantry_project_get_main_packages (self->project);
    g_autofree char *found_list = found != NULL && found[0] != NULL ? g_strjoinv (", ", (char **) found) : NULL;
    g_autofree char *tip = found_list != NULL
      ? g_strdup_printf ("The programs to release, separated by commas; each goes in every archive. This project has: %s", found_list)
      : g_strdup ("The programs to release, separated by commas; each goes in every archive.");

    gtk_editable_set_text (GTK_EDITABLE (self->main_entry), mains);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->main_entry), tip);
  }
  gtk_drop_down_set_selected (self->unbuildable_dropdown,
                              gantry_recipe_get_block_unbuildable (self->recipe) ? UNBUILDABLE_STOP
                                                                                 : UNBUILDABLE_BUILD_OTHERS);
  gantry_matrix_update (G_LIST_MODEL (self->rows), self->recipe, cgo);
  gantry_matrix_set_notes (G_LIST_MODEL (self->rows), NULL, 0);
  self->loading = FALSE;
}

/* An edit still waiting for its pause is saved first: gantry.json is
 * written from, and read over, what the user sees. */
static void
flush_pending_save (GantryRecipeView *self)
{
  if (self->save_source != 0)
    {
      g_clear_handle_id (&self->save_source, g_source_remove);
      save_now (self);
    }
}

void
gantry_recipe_view_take_verify_settings (GantryRecipeView *self,
                                         GantryRecipe     *recipe)
{
  g_return_if_fail (GANTRY_IS_RECIPE_VIEW (self));
  g_return_if_fail (GANTRY_IS_RECIPE (recipe));

  if (self->recipe != NULL)
    gantry_recipe_copy_verify_settings (self->recipe, recipe);
}

void
gantry_recipe_view_set_project (GantryRecipeView *self,
                                GantryStore      *store,
                                GantryProject    *project)
{
  g_autoptr(GantryRecipe) recipe = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GANTRY_IS_RECIPE_VIEW (self));

  g_clear_handle_id (&self->save_source, g_source_remove);
  g_set_object (&self->store, store);
  g_set_object (&self->project, project);
  g_clear_object (&self->recipe);
  show_problem (self, NULL);
  gtk_label_set_label (self->saved_label, "");
  update_actions (self);
  if (project == NULL)
    return;

  /* a store that cannot be read is said above the matrix, and the
   * matrix shows what Gantry would detect: the next edit saves it */
  recipe = gantry_recipe_load_or_detect (store, project, FALSE, &error);
  if (recipe == NULL)
    {
      show_problem (self, error->message);
      recipe = gantry_recipe_new_detected (project);
    }
  self->recipe = g_steal_pointer (&recipe);
  show_recipe (self);
}

GantryRecipe *
gantry_recipe_view_get_recipe (GantryRecipeView *self)
{
  g_return_val_if_fail (GANTRY_IS_RECIPE_VIEW (self), NULL);
  return self->recipe;
}

GListModel *
gantry_recipe_view_get_rows (GantryRecipeView *self)
{
  g_return_val_if_fail (GANTRY_IS_RECIPE_VIEW (self), NULL);
  return G_LIST_MODEL (self->rows);
}

const char *
gantry_recipe_view_get_problem (GantryRecipeView *self)
{
  g_return_val_if_fail (GANTRY_IS_RECIPE_VIEW (self), NULL);
  return self->problem;
}

void
gantry_recipe_view_set_notes (GantryRecipeView      *self,
                              const GantryPlanInput *inputs,
                              guint                  n_inputs)
{
  g_return_if_fail (GANTRY_IS_RECIPE_VIEW (self));
  gantry_matrix_set_notes (G_LIST_MODEL (self->rows), inputs, n_inputs);
}

/* ------------------------------------------------------------------ */
/* gantry.json: the recipe as a file to commit with the project         */
/* ------------------------------------------------------------------ */

/* Reads @file as the project's recipe, saves it as a new revision and
 * shows it. A file that is not a valid recipe changes nothing: the
 * core's message (naming the field) is shown above the matrix. */
gboolean
gantry_recipe_view_import_file (GantryRecipeView  *self,
                                GFile             *file,
                                GError           **error)
{
  g_autoptr(GantryRecipe) recipe = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (GANTRY_IS_RECIPE_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = g_file_get_path (file);
  if (self->project == NULL)
    g_set_error_literal (&local_error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         "Choose a project first: a recipe belongs to one.");
  else if (path == NULL)
    g_set_error_literal (&local_error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         "Gantry can only import files on this computer: copy it here first.");
  else
    {
      flush_pending_save (self);
      recipe = gantry_recipe_import_file (path, &local_error);
      if (recipe != NULL &&
          !gantry_recipe_save (recipe, self->store, gantry_project_get_id (self->project), &local_error))
        g_clear_object (&recipe);
    }

  if (recipe == NULL)
    {
      g_autofree char *message = g_strdup_printf ("Not imported: %s", local_error->message);

      show_problem (self, message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_set_object (&self->recipe, recipe);
  show_recipe (self);
  show_problem (self, NULL);
  {
    g_autofree char *name = g_path_get_basename (path);
    g_autofree char *text = g_strdup_printf ("Imported %s as revision %" G_GINT64_FORMAT,
                                             name, gantry_recipe_get_revision (recipe));

    gtk_label_set_label (self->saved_label, text);
  }
  g_signal_emit (self, signals[SAVED], 0, recipe);
  return TRUE;
}

/* Writes the recipe shown (saved first if an edit is pending) to @file. */
gboolean
gantry_recipe_view_export_file (GantryRecipeView  *self,
                                GFile             *file,
                                GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (GANTRY_IS_RECIPE_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = g_file_get_path (file);
  if (self->project == NULL || self->recipe == NULL)
    g_set_error_literal (&local_error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         "Choose a project first: a recipe belongs to one.");
  else if (path == NULL)
    g_set_error_literal (&local_error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         "Gantry can only write files on this computer: choose a local folder.");
  else
    {
      flush_pending_save (self);
      gantry_recipe_export_file (self->recipe, path, &local_error);
    }

  if (local_error != NULL)
    {
      g_autofree char *message = g_strdup_printf ("Not exported: %s", local_error->message);

      show_problem (self, message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  show_problem (self, NULL);
  {
    g_autofree char *name = g_path_get_basename (path);
    g_autofree char *text = g_strdup_printf ("Exported to %s", name);

    gtk_label_set_label (self->saved_label, text);
  }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* The recipe for a build farm: GoReleaser, GitHub Actions             */
/* ------------------------------------------------------------------ */

static const char *
export_what (GantryExportKind kind)
{
  return kind == GANTRY_EXPORT_GORELEASER ? "GoReleaser config" : "GitHub Actions workflow";
}

typedef struct
{
  GantryRecipeView *self;
  char *name;
  GantryExportKind kind;
} ExportDone;

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ExportDone *done = user_data;
  g_autoptr(GantryRecipeView) self = done->self;
  g_autofree char *name = done->name;
  GantryExportKind kind = done->kind;
  g_autoptr(GError) error = NULL;

  g_free (done);
  if (!gantry_export_write_finish (result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf ("The %s was not written: %s", export_what (kind), error->message);
      g_clear_object (&self->export_cancellable);
      gtk_label_set_label (self->saved_label, "");
      show_problem (self, message);
      update_actions (self);
      return;
    }
  g_clear_object (&self->export_cancellable);
  show_problem (self, NULL);
  {
    g_autofree char *text = g_strdup_printf ("%s written to %s", export_what (kind), name);

    gtk_label_set_label (self->saved_label, text);
  }
  update_actions (self);
}

void
gantry_recipe_view_export_as (GantryRecipeView *self,
                              GantryExportKind  kind,
                              GFile            *file)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  ExportDone *done;

  g_return_if_fail (GANTRY_IS_RECIPE_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (kind == GANTRY_EXPORT_RECIPE)
    {
      gantry_recipe_view_export_file (self, file, NULL);
      return;
    }
  path = g_file_get_path (file);
  if (self->project == NULL || self->recipe == NULL || self->export_cancellable != NULL)
    return;
  if (path == NULL)
    {
      show_problem (self, "Not exported: Gantry can only write files on this computer: choose a local folder.");
      return;
    }
  /* what is on screen is what goes out */
  flush_pending_save (self);
  show_problem (self, NULL);
  text = g_strdup_printf ("Writing the %s (finding this machine's compilers)…", export_what (kind));
  gtk_label_set_label (self->saved_label, text);
  self->export_cancellable = g_cancellable_new ();
  update_actions (self);
  done = g_new0 (ExportDone, 1);
  done->self = g_object_ref (self);
  done->name = g_file_get_basename (file);
  done->kind = kind;
  gantry_export_write_async (self->store, self->project, self->recipe, kind, path,
                             self->export_cancellable, on_exported, done);
}

gboolean
gantry_recipe_view_get_exporting (GantryRecipeView *self)
{
  g_return_val_if_fail (GANTRY_IS_RECIPE_VIEW (self), FALSE);
  return self->export_cancellable != NULL;
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
on_file_chosen (GtkNativeDialog  *chooser,
                int               response,
                GantryRecipeView *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      gboolean import = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_OPEN;

      GantryExportKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "export-kind"));

      /* a failure is shown above the matrix by the functions themselves */
      if (file != NULL && import)
        gantry_recipe_view_import_file (self, file, NULL);
      else if (file != NULL)
        gantry_recipe_view_export_as (self, kind, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

/* GtkFileDialog is GTK 4.10; GtkFileChooserNative is the 4.8 way (the
 * portal, or the Windows dialog). Both dialogs open in the project
 * folder, where gantry.json belongs; the save dialog asks before it
 * replaces a file. */
static void
open_chooser (GantryRecipeView     *self,
              GtkFileChooserAction  action,
              GantryExportKind      kind)
{
  gboolean import = action == GTK_FILE_CHOOSER_ACTION_OPEN;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *default_path = NULL;
  g_autofree char *default_name = NULL;
  g_autofree char *default_dir = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) existing = NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;
  const char *title;

  if (self->project == NULL)
    return;
  title = import ? "Import a recipe from gantry.json"
          : kind == GANTRY_EXPORT_GORELEASER ? "Export the recipe as a GoReleaser config"
          : kind == GANTRY_EXPORT_CI ? "Export the recipe as a GitHub Actions workflow (GitHub reads .github/workflows/)"
          : "Export the recipe as gantry.json";
  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         action, import ? "_Import" : "_Export", "_Cancel");
  g_object_set_data (G_OBJECT (chooser), "export-kind", GINT_TO_POINTER (kind));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (kind == GANTRY_EXPORT_RECIPE)
    {
      gtk_file_filter_set_name (filter, "Gantry recipes (*.json)");
      gtk_file_filter_add_pattern (filter, "*.json");
    }
  else
    {
      gtk_file_filter_set_name (filter, "YAML files (*.yaml, *.yml)");
      gtk_file_filter_add_pattern (filter, "*.yaml");
      gtk_file_filter_add_pattern (filter, "*.yml");
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  /* where the file belongs: the project folder, .github/workflows for
   * a workflow when the project has one */
  default_path = gantry_export_default_path (self->project, kind);
  default_name = g_path_get_basename (default_path);
  default_dir = g_path_get_dirname (default_path);
  folder = g_file_new_for_path (g_file_test (default_dir, G_FILE_TEST_IS_DIR) ? default_dir
                                                                            : gantry_project_get_path (self->project));
  existing = g_file_new_for_path (default_path);
  if (import && g_file_query_exists (existing, NULL))
    gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), existing, NULL);
  else
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  if (!import)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), default_name);

  g_signal_connect_object (chooser, "response", G_CALLBACK (on_file_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
G_GNUC_END_IGNORE_DEPRECATIONS

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_chooser (GANTRY_RECIPE_VIEW (widget), GTK_FILE_CHOOSER_ACTION_OPEN, GANTRY_EXPORT_RECIPE);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_chooser (GANTRY_RECIPE_VIEW (widget), GTK_FILE_CHOOSER_ACTION_SAVE, GANTRY_EXPORT_RECIPE);
}

static void
export_for_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  const char *farm = g_variant_get_string (parameter, NULL);

  open_chooser (GANTRY_RECIPE_VIEW (widget), GTK_FILE_CHOOSER_ACTION_SAVE,
                g_str_equal (farm, "goreleaser") ? GANTRY_EXPORT_GORELEASER : GANTRY_EXPORT_CI);
}

/* ------------------------------------------------------------------ */
/* Row widgets → row: the one direction expressions cannot bind         */
/* ------------------------------------------------------------------ */

/* One row of the matrix, as gantry-matrix-row.ui builds it: the
 * template object its bindings and signal handlers look the row up in
 * ("item"), and the widget it makes ("child"). A list box holds the
 * widgets, not a list view: the page scrolls as one, and a GtkListView
 * (measured at one width, allocated at another) cannot say how tall
 * its wrapped rows are. */
#define GANTRY_TYPE_MATRIX_ITEM (gantry_matrix_item_get_type ())
G_DECLARE_FINAL_TYPE (GantryMatrixItem, gantry_matrix_item, GANTRY, MATRIX_ITEM, GObject)

struct _GantryMatrixItem
{
  GObject parent_instance;
  GantryMatrixRow *item;
  GtkWidget *child;
};

enum {
  ITEM_PROP_0,
  ITEM_PROP_ITEM,
  ITEM_PROP_CHILD,
  ITEM_N_PROPS
};

G_DEFINE_FINAL_TYPE (GantryMatrixItem, gantry_matrix_item, G_TYPE_OBJECT)

static void
gantry_matrix_item_finalize (GObject *object)
{
  GantryMatrixItem *self = GANTRY_MATRIX_ITEM (object);

  g_clear_object (&self->item);
  g_clear_object (&self->child);
  G_OBJECT_CLASS (gantry_matrix_item_parent_class)->finalize (object);
}

static void
gantry_matrix_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GantryMatrixItem *self = GANTRY_MATRIX_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    case ITEM_PROP_CHILD:
      g_value_set_object (value, self->child);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_matrix_item_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  GantryMatrixItem *self = GANTRY_MATRIX_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_ITEM:
      self->item = g_value_dup_object (value);
      break;
    case ITEM_PROP_CHILD:
      g_set_object (&self->child, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_matrix_item_class_init (GantryMatrixItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gantry_matrix_item_finalize;
  object_class->get_property = gantry_matrix_item_get_property;
  object_class->set_property = gantry_matrix_item_set_property;
  g_object_class_install_property (object_class, ITEM_PROP_ITEM,
    g_param_spec_object ("item", NULL, NULL, GANTRY_TYPE_MATRIX_ROW,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (object_class, ITEM_PROP_CHILD,
    g_param_spec_object ("child", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
}

static void
gantry_matrix_item_init (GantryMatrixItem *self)
{
}

static GantryMatrixRow *
row_of (GantryMatrixItem *item)
{
  return item->item;
}

static void
on_enabled_toggled (GtkSwitch        *toggle,
                    GParamSpec       *pspec,
                    GantryMatrixItem *item)
{
  GantryMatrixRow *row = row_of (item);

  if (row != NULL)
    gantry_matrix_row_set_enabled (row, gtk_switch_get_active (toggle));
}

static void
on_linkage_selected (GtkDropDown      *dropdown,
                     GParamSpec       *pspec,
                     GantryMatrixItem *item)
{
  GantryMatrixRow *row = row_of (item);
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (row != NULL && selected != GTK_INVALID_LIST_POSITION)
    gantry_matrix_row_set_linkage (row, selected);
}

static void
on_floor_selected (GtkDropDown      *dropdown,
                   GParamSpec       *pspec,
                   GantryMatrixItem *item)
{
  GantryMatrixRow *row = row_of (item);
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (row != NULL && selected != GTK_INVALID_LIST_POSITION)
    gantry_matrix_row_set_floor (row, selected);
}

static GListModel *
linkage_model (gpointer unused)
{
  g_auto(GStrv) names = gantry_matrix_linkage_names ();

  return G_LIST_MODEL (gtk_string_list_new ((const char * const *) names));
}

static GListModel *
floor_model (gpointer unused)
{
  g_auto(GStrv) names = gantry_matrix_floor_names ();

  return G_LIST_MODEL (gtk_string_list_new ((const char * const *) names));
}

/* ------------------------------------------------------------------ */
/* Dropdowns that can be narrower than their choice                     */
/* ------------------------------------------------------------------ */

/* GtkDropDown's own button label does not ellipsize: its choice would
 * set its minimum width. These factories are GtkDropDown's, with the
 * button's label ellipsized; the popup keeps whole labels and the
 * check mark of the choice. */
static void
setup_choice (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_choice (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  GtkStringObject *choice = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       GTK_IS_STRING_OBJECT (choice) ? gtk_string_object_get_string (choice) : "");
}

static void
update_check (GtkListItem *item)
{
  GtkWidget *box = gtk_list_item_get_child (item);

  gtk_widget_set_opacity (gtk_widget_get_last_child (box), gtk_list_item_get_selected (item) ? 1 : 0);
}

static void
setup_popup_choice (GtkSignalListItemFactory *factory,
                    GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("object-select-symbolic"));
  gtk_list_item_set_child (item, box);
  g_signal_connect (item, "notify::selected", G_CALLBACK (update_check), NULL);
}

static void
bind_popup_choice (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  GtkStringObject *choice = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);

  gtk_label_set_label (GTK_LABEL (gtk_widget_get_first_child (box)),
                       GTK_IS_STRING_OBJECT (choice) ? gtk_string_object_get_string (choice) : "");
  update_check (item);
}

static GtkListItemFactory *
choice_factory (gpointer unused)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_choice), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_choice), NULL);
  return factory;
}

static GtkListItemFactory *
popup_choice_factory (gpointer unused)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_popup_choice), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_popup_choice), NULL);
  return factory;
}

static GStrv
note_classes (gpointer  unused,
              gboolean  problem)
{
  const char *with[] = { "matrix-note", "problem", NULL };
  const char *without[] = { "matrix-note", "dim-label", NULL };

  return g_strdupv ((char **) (problem ? with : without));
}

/* The Toolchains… button's target: the catalog kind the note says to
 * install ("zig", "mingw"), or "" to just open the page. */
static GVariant *
install_target (gpointer    unused,
                const char *kind)
{
  return g_variant_new_string (kind != NULL ? kind : "");
}

static char *
install_tooltip (gpointer    unused,
                 const char *kind)
{
  if (g_strcmp0 (kind, "mingw") == 0)
    return g_strdup ("Open Toolchains with the MinGW-w64 releases to install");
  if (g_strcmp0 (kind, "zig") == 0)
    return g_strdup ("Open Toolchains with the Zig releases to install");
  if (g_strcmp0 (kind, "go") == 0)
    return g_strdup ("Open Toolchains with the Go releases to install");
  return g_strdup ("Open Toolchains to install a compiler for this target");
}

static gboolean
has_text (gpointer    unused,
          const char *text)
{
  return text != NULL && text[0] != '\0';
}

static gboolean
invert (gpointer unused,
        gboolean value)
{
  return !value;
}

static void
gantry_recipe_view_dispose (GObject *object)
{
  GantryRecipeView *self = GANTRY_RECIPE_VIEW (object);

  g_clear_handle_id (&self->save_source, g_source_remove);
  g_clear_handle_id (&self->narrow_source, g_source_remove);
  g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  gantry_widget_dispose_template (GTK_WIDGET (self), GANTRY_TYPE_RECIPE_VIEW);

  G_OBJECT_CLASS (gantry_recipe_view_parent_class)->dispose (object);
}

static void
gantry_recipe_view_finalize (GObject *object)
{
  GantryRecipeView *self = GANTRY_RECIPE_VIEW (object);

  g_clear_object (&self->rows);
  g_clear_object (&self->recipe);
  g_clear_object (&self->project);
  g_clear_object (&self->store);
  g_free (self->problem);

  G_OBJECT_CLASS (gantry_recipe_view_parent_class)->finalize (object);
}

static GtkBuilderScope *row_scope;  /* the functions gantry-matrix-row.ui names */
static GBytes *row_ui;

/* The widgets of one row, for gtk_list_box_bind_model(). */
static GtkWidget *
create_matrix_row (gpointer row,
                   gpointer unused)
{
  g_autoptr(GantryMatrixItem) item = g_object_new (GANTRY_TYPE_MATRIX_ITEM, "item", row, NULL);
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GError) error = NULL;
  GtkWidget *list_row;

  gtk_builder_set_scope (builder, row_scope);
  if (!gtk_builder_extend_with_template (builder, G_OBJECT (item), GANTRY_TYPE_MATRIX_ITEM,
                                         g_bytes_get_data (row_ui, NULL), g_bytes_get_size (row_ui), &error))
    g_error ("gantry-matrix-row.ui: %s", error->message);
  list_row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (list_row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (list_row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (list_row), item->child);
  /* the row's signal handlers and bindings look the row up in the item */
  g_object_set_data_full (G_OBJECT (list_row), "gantry-matrix-item", g_steal_pointer (&item), g_object_unref);
  return list_row;
}

static void
gantry_recipe_view_class_init (GantryRecipeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gantry_recipe_view_dispose;
  object_class->finalize = gantry_recipe_view_finalize;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, GANTRY_TYPE_RECIPE);

  widget_class->get_request_mode = gantry_recipe_view_get_request_mode;
  widget_class->measure = gantry_recipe_view_measure;
  widget_class->size_allocate = gantry_recipe_view_size_allocate;

  g_type_ensure (GANTRY_TYPE_MATRIX_ROW);
  g_type_ensure (GANTRY_TYPE_MATRIX_ITEM);
  g_type_ensure (GANTRY_TYPE_REFLOW_BOX);

  gtk_widget_class_set_template_from_resource (widget_class, GANTRY_RESOURCE_BASE "/ui/gantry-recipe-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GantryRecipeView, matrix_list);
  gtk_widget_class_bind_template_child (widget_class, GantryRecipeView, problem_revealer);
  gtk_widget_class_bind_template_child (widget_class, GantryRecipeView, problem_label);
  gtk_widget_class_bind_template_child (widget_class, GantryRecipeView, saved_label);
  gtk_widget_class_bind_template_child (widget_class, GantryRecipeView, binary_entry);
  gtk_widget_class_bind_template_child (widget_class, GantryRecipeView, version_entry);
  gtk_widget_class_bind_template_child (widget_class, GantryRecipeView, main_entry);
  gtk_widget_class_bind_template_child (widget_class, GantryRecipeView, unbuildable_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GantryRecipeView, matrix_header);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_unbuildable_selected);
  gtk_widget_class_bind_template_callback (widget_class, has_text);

  /* what gantry-matrix-row.ui calls */
  row_scope = gtk_builder_cscope_new ();
  gtk_builder_cscope_add_callback_symbols (GTK_BUILDER_CSCOPE (row_scope),
                                           "on_enabled_toggled", G_CALLBACK (on_enabled_toggled),
                                           "on_linkage_selected", G_CALLBACK (on_linkage_selected),
                                           "on_floor_selected", G_CALLBACK (on_floor_selected),
                                           "linkage_model", G_CALLBACK (linkage_model),
                                           "floor_model", G_CALLBACK (floor_model),
                                           "choice_factory", G_CALLBACK (choice_factory),
                                           "popup_choice_factory", G_CALLBACK (popup_choice_factory),
                                           "note_classes", G_CALLBACK (note_classes),
                                           "has_text", G_CALLBACK (has_text),
                                           "install_target", G_CALLBACK (install_target),
                                           "install_tooltip", G_CALLBACK (install_tooltip),
                                           "invert", G_CALLBACK (invert),
                                           NULL);
  row_ui = g_resources_lookup_data (GANTRY_RESOURCE_BASE "/ui/gantry-matrix-row.ui", 0, NULL);
  g_assert (row_ui != NULL);

  gtk_widget_class_install_action (widget_class, "recipe.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "recipe.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "recipe.export-for", "s", export_for_action);
}

static void
gantry_recipe_view_init (GantryRecipeView *self)
{
  g_autoptr(GantryRecipe) empty = gantry_recipe_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = gantry_matrix_new (empty, TRUE);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->rows)); i++)
    {
      g_autoptr(GObject) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);

      g_signal_connect_object (row, "notify::enabled", G_CALLBACK (on_row_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "notify::linkage", G_CALLBACK (on_row_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "notify::floor", G_CALLBACK (on_row_changed), self, G_CONNECT_SWAPPED);
    }
  gtk_list_box_bind_model (self->matrix_list, G_LIST_MODEL (self->rows), create_matrix_row, NULL, NULL);
  update_actions (self);
}

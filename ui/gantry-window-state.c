/* gantry-window-state.c — the main window's size and maximized state, kept between runs (window.ini, which also holds the preferences) */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-window-state"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "gantry-window-state.h"

#define GROUP "window"
#define MAXIMIZED_KEY "gantry-window-state-maximized"

/* $GANTRY_CONFIG_DIR wins, as $GANTRY_DATA_DIR does for data, so tests
 * and portable installs keep their own; otherwise ~/.config/gantry
 * (%LOCALAPPDATA%\gantry on Windows). */
char *
gantry_window_state_get_path (void)
{
  const char *env = g_getenv ("GANTRY_CONFIG_DIR");

  if (env != NULL && env[0] != '\0')
    return g_build_filename (env, "window.ini", NULL);
  return g_build_filename (g_get_user_config_dir (), "gantry", "window.ini", NULL);
}

static gboolean
read_size (GKeyFile   *file,
           const char *key,
           int         min,
           int        *value)
{
  g_autoptr(GError) error = NULL;
  int v = g_key_file_get_integer (file, GROUP, key, &error);

  if (error != NULL)
    {
      if (!g_error_matches (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND) &&
          !g_error_matches (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND))
        g_message ("Ignoring part of the saved window size: %s", error->message);
      return FALSE;
    }
  *value = CLAMP (v, min, GANTRY_WINDOW_STATE_MAX_SIZE);
  return TRUE;
}

/* A missing file is the first start; a damaged one is ignored (with a
 * message) so that it never stands between the user and the window. */
gboolean
gantry_window_state_restore (GtkWindow *window)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = gantry_window_state_get_path ();
  int width, height;
  gboolean have_width, have_height, maximized;

  g_return_val_if_fail (GTK_IS_WINDOW (window), FALSE);

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &error))
    {
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_debug ("no saved window size in %s", path);
      else
        g_message ("Ignoring the saved window size: %s: %s", path, error->message);
      return FALSE;
    }

  gtk_window_get_default_size (window, &width, &height);
  have_width = read_size (file, "width", GANTRY_WINDOW_STATE_MIN_WIDTH, &width);
  have_height = read_size (file, "height", GANTRY_WINDOW_STATE_MIN_HEIGHT, &height);
  if (!have_width && !have_height)
    return FALSE;
  gtk_window_set_default_size (window, width, height);

  maximized = g_key_file_get_boolean (file, GROUP, "maximized", &error);
  if (error != NULL)
    {
      if (!g_error_matches (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
        g_message ("Ignoring part of the saved window size: %s", error->message);
    }
  else if (maximized)
    gtk_window_maximize (window);
  return TRUE;
}

/* The default size is the unmaximized size: GTK keeps it in step with
 * the user's resizing, and leaves it alone while maximized. */
gboolean
gantry_window_state_save (GtkWindow  *window,
                          GError    **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = gantry_window_state_get_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *data = NULL;
  int width, height;

  g_return_val_if_fail (GTK_IS_WINDOW (window), FALSE);

  /* the file also keeps the preferences (gantry-preferences.c): keep them */
  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_KEEP_COMMENTS, NULL))
    {
      g_key_file_unref (file);
      file = g_key_file_new ();
    }
  gtk_window_get_default_size (window, &width, &height);
  if (width <= 0 || height <= 0)
    {
      width = gtk_widget_get_width (GTK_WIDGET (window));
      height = gtk_widget_get_height (GTK_WIDGET (window));
    }
  if (width <= 0 || height <= 0)
    return TRUE;
  g_key_file_set_integer (file, GROUP, "width", width);
  g_key_file_set_integer (file, GROUP, "height", height);
  g_key_file_set_boolean (file, GROUP, "maximized",
                          gtk_widget_get_mapped (GTK_WIDGET (window))
                          ? gtk_window_is_maximized (window)
                          : GPOINTER_TO_INT (g_object_get_data (G_OBJECT (window), MAXIMIZED_KEY)));
  data = g_key_file_to_data (file, NULL, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Could not create the folder %s (%s)", dir, g_strerror (saved));
      return FALSE;
    }
  /* written to a temporary file and renamed: a crash leaves the old file whole */
  return g_file_set_contents (path, data, -1, error);
}

/* Unrealize comes on every way a window goes (closed by the user,
 * app.quit, gtk_window_destroy); close-request only on the first. */
static void
on_unrealize (GtkWindow *window)
{
  g_autoptr(GError) error = NULL;

  if (!gantry_window_state_save (window, &error))
    g_message ("Could not save the window size: %s", error->message);
}

/* By unrealize the surface is hidden and the window manager may have
 * dropped its maximized state: remember it while the window is shown. */
static void
on_maximized_changed (GtkWindow *window)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_object_set_data (G_OBJECT (window), MAXIMIZED_KEY, GINT_TO_POINTER (gtk_window_is_maximized (window)));
}

void
gantry_window_state_track (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

  gantry_window_state_restore (window);
  g_signal_connect (window, "notify::maximized", G_CALLBACK (on_maximized_changed), NULL);
  g_signal_connect (window, "unrealize", G_CALLBACK (on_unrealize), NULL);
}

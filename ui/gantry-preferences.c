/* gantry-preferences.c — this machine's settings (container engine, its flags, default images), kept beside the window state */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-preferences"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "gantry-preferences.h"
#include "gantry-window-state.h"

#define GROUP "preferences"

/* The variables that set the same for the command line; when one is
 * set, the core reads it and the saved value waits. */
static const struct { const char *key; const char *env; } env_names[] = {
  { GANTRY_PREF_ENGINE, "GANTRY_CONTAINER_ENGINE" },
  { GANTRY_PREF_ENGINE_FLAGS, "GANTRY_CONTAINER_FLAGS" },
  { GANTRY_PREF_IMAGES, "GANTRY_VERIFY_IMAGES" },
};

const char *
gantry_preferences_env_name (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (env_names); i++)
    if (g_strcmp0 (env_names[i].key, key) == 0)
      return env_names[i].env;
  return NULL;
}

gboolean
gantry_preferences_from_environment (const char *key)
{
  const char *env = gantry_preferences_env_name (key);

  return env != NULL && g_getenv (env) != NULL;
}

/* A missing or damaged file reads as empty: settings never stand
 * between the user and the window. */
static GKeyFile *
load_file (void)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = gantry_window_state_get_path ();
  g_autoptr(GError) error = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_KEEP_COMMENTS, &error) &&
      !g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    g_message ("Ignoring the saved preferences: %s: %s", path, error->message);
  return g_steal_pointer (&file);
}

static gboolean
save_file (GKeyFile  *file,
           GError   **error)
{
  g_autofree char *path = gantry_window_state_get_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *data = g_key_file_to_data (file, NULL, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Could not create the folder %s (%s)", dir, g_strerror (saved));
      return FALSE;
    }
  return g_file_set_contents (path, data, -1, error);
}

char *
gantry_preferences_get_string (const char *key)
{
  g_autoptr(GKeyFile) file = load_file ();
  g_autofree char *value = g_key_file_get_string (file, GROUP, key, NULL);

  return value != NULL && value[0] != '\0' ? g_steal_pointer (&value) : NULL;
}

char **
gantry_preferences_get_strv (const char *key)
{
  g_autoptr(GKeyFile) file = load_file ();

  return g_key_file_get_string_list (file, GROUP, key, NULL, NULL);
}

/* The value as the core takes it from the environment; NULL: unset. */
/* A saved value, NULL when none or "auto" (the core's own choice,
 * docker then podman) or when the environment sets it. */
static char *
saved_string (GKeyFile   *file,
              const char *key)
{
  g_autofree char *value = NULL;

  if (gantry_preferences_from_environment (key))
    return NULL;
  value = g_key_file_get_string (file, GROUP, key, NULL);
  if (value == NULL || value[0] == '\0' ||
      (g_str_equal (key, GANTRY_PREF_ENGINE) && g_str_equal (value, "auto")))
    return NULL;
  return g_steal_pointer (&value);
}

void
gantry_preferences_verify_load (GantryPreferencesVerify *out)
{
  g_autoptr(GKeyFile) file = load_file ();
  g_autofree char *flags = saved_string (file, GANTRY_PREF_ENGINE_FLAGS);

  g_return_if_fail (out != NULL);

  out->engine = saved_string (file, GANTRY_PREF_ENGINE);
  /* split like a shell would, never run by one; unsplittable: none */
  if (flags == NULL || !g_shell_parse_argv (flags, NULL, &out->engine_flags, NULL))
    out->engine_flags = NULL;
  if (!gantry_preferences_from_environment (GANTRY_PREF_IMAGES))
    {
      out->images = g_key_file_get_string_list (file, GROUP, GANTRY_PREF_IMAGES, NULL, NULL);
      if (out->images != NULL && out->images[0] == NULL)
        g_clear_pointer (&out->images, g_strfreev);
    }
}

void
gantry_preferences_verify_clear (GantryPreferencesVerify *prefs)
{
  g_clear_pointer (&prefs->engine, g_free);
  g_clear_pointer (&prefs->engine_flags, g_strfreev);
  g_clear_pointer (&prefs->images, g_strfreev);
}

gboolean
gantry_preferences_set_string (const char  *key,
                               const char  *value,
                               GError     **error)
{
  g_autoptr(GKeyFile) file = load_file ();

  g_return_val_if_fail (key != NULL, FALSE);

  if (value == NULL || value[0] == '\0')
    g_key_file_remove_key (file, GROUP, key, NULL);
  else
    g_key_file_set_string (file, GROUP, key, value);
  return save_file (file, error);
}

gboolean
gantry_preferences_set_strv (const char          *key,
                             const char * const  *value,
                             GError             **error)
{
  g_autoptr(GKeyFile) file = load_file ();

  g_return_val_if_fail (key != NULL, FALSE);

  if (value == NULL || value[0] == NULL)
    g_key_file_remove_key (file, GROUP, key, NULL);
  else
    g_key_file_set_string_list (file, GROUP, key, value, g_strv_length ((char **) value));
  return save_file (file, error);
}

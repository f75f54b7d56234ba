/* gantry-preferences.h — this machine's settings (container engine, its flags, default images), kept beside the window state */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Keys of the [preferences] group of window.ini. */
#define GANTRY_PREF_ENGINE       "container-engine"   /* auto, docker, podman or none */
#define GANTRY_PREF_ENGINE_FLAGS "container-flags"    /* as GANTRY_CONTAINER_FLAGS: split like a shell would */
#define GANTRY_PREF_IMAGES       "container-images"   /* list: images used when a recipe lists none */

/* NULL when not set (or the file is missing or damaged). */
char     *gantry_preferences_get_string   (const char          *key);
char    **gantry_preferences_get_strv     (const char          *key);
/* Writes one value (NULL or empty: removes it), keeping every other
 * key of the file (the window's size too), and applies it. */
gboolean  gantry_preferences_set_string   (const char          *key,
                                           const char          *value,
                                           GError             **error);
gboolean  gantry_preferences_set_strv     (const char          *key,
                                           const char * const  *value,
                                           GError             **error);
/* The environment variable that sets the same for the command line. */
const char *gantry_preferences_env_name   (const char          *key);
/* TRUE when that variable is set: it wins over the saved value (a test,
 * a script, a portable install), and the core reads it itself. */
gboolean  gantry_preferences_from_environment (const char      *key);

/* This machine's container settings for a release, as the window hands
 * them to the pipeline (never through the environment: threads run).
 * NULL where nothing is saved, "auto" was chosen, or the environment
 * sets it. */
typedef struct
{
  char  *engine;          /* docker, podman, none */
  char **engine_flags;    /* split like a shell would */
  char **images;          /* when a recipe lists none */
} GantryPreferencesVerify;

void      gantry_preferences_verify_load  (GantryPreferencesVerify *out);
void      gantry_preferences_verify_clear (GantryPreferencesVerify *prefs);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GantryPreferencesVerify, gantry_preferences_verify_clear)

G_END_DECLS

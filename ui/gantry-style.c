/* gantry-style.c — Gantry's stylesheet, and the light or dark style the desktop asks for */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-style"

#include "config.h"

#include <adwaita.h>

#include "gantry-style.h"

#ifdef G_OS_WIN32
#include <windows.h>
#endif

/* What the desktop prefers: the settings portal's org.freedesktop.appearance
 * color-scheme (1 dark, 2 light, 0 no preference), else GNOME's setting,
 * else on Windows the "apps use light theme" choice. GANTRY_COLOR_SCHEME
 * (dark, light) overrides them all. */
#ifndef G_OS_WIN32
typedef struct
{
  GDBusProxy *portal;
  GSettings *desktop_settings;
} Follower;
#endif

/* libadwaita owns the colour scheme (it warns when GtkSettings'
 * prefer-dark is set): through its style manager. */
void
gantry_style_set_dark (gboolean dark)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
}

/* The settings portal's org.freedesktop.appearance color-scheme, as Read
 * (wrapped twice) or SettingChanged (once) give it: FALSE when @value is
 * not such a number. 1 is "prefer dark"; 0 (no preference) and 2 light. */
gboolean
gantry_style_portal_prefers_dark (GVariant *value,
                                  gboolean *dark)
{
  g_autoptr(GVariant) inner = NULL;

  while (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_VARIANT))
    {
      GVariant *next = g_variant_get_variant (value);

      g_clear_pointer (&inner, g_variant_unref);
      inner = next;
      value = next;
    }
  if (value == NULL || !g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    return FALSE;
  *dark = g_variant_get_uint32 (value) == 1;
  return TRUE;
}

#ifndef G_OS_WIN32
static void
apply_portal_value (GVariant *value)
{
  gboolean dark;

  if (gantry_style_portal_prefers_dark (value, &dark))
    gantry_style_set_dark (dark);
}

static void
on_portal_setting_changed (GDBusProxy *proxy,
                           const char *sender,
                           const char *signal,
                           GVariant   *parameters,
                           gpointer    user_data)
{
  const char *ns = NULL, *key = NULL;
  g_autoptr(GVariant) value = NULL;

  if (g_strcmp0 (signal, "SettingChanged") != 0 ||
      !g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ssv)")))
    return;
  g_variant_get (parameters, "(&s&sv)", &ns, &key, &value);
  if (g_str_equal (ns, "org.freedesktop.appearance") && g_str_equal (key, "color-scheme"))
    apply_portal_value (value);
}

static void
on_gnome_scheme_changed (GSettings  *settings,
                         const char *key,
                         gpointer    user_data)
{
  g_autofree char *scheme = g_settings_get_string (settings, "color-scheme");

  gantry_style_set_dark (g_strcmp0 (scheme, "prefer-dark") == 0);
}

/* No portal (or it does not know the key): GNOME's own setting, when
 * its schema is installed. */
static void
follow_gnome (Follower *f)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL || f->desktop_settings != NULL)
    return;
  schema = g_settings_schema_source_lookup (source, "org.gnome.desktop.interface", TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "color-scheme"))
    return;
  f->desktop_settings = g_settings_new ("org.gnome.desktop.interface");
  g_signal_connect (f->desktop_settings, "changed::color-scheme", G_CALLBACK (on_gnome_scheme_changed), NULL);
  on_gnome_scheme_changed (f->desktop_settings, "color-scheme", NULL);
}

static void
on_portal_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Follower *f = user_data;
  g_autoptr(GVariant) reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (source), result, NULL);
  g_autoptr(GVariant) value = NULL;

  if (reply == NULL)
    {
      follow_gnome (f);
      return;
    }
  g_variant_get (reply, "(v)", &value);
  apply_portal_value (value);
  g_signal_connect (f->portal, "g-signal", G_CALLBACK (on_portal_setting_changed), NULL);
}

static void
on_portal_proxy (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Follower *f = user_data;

  f->portal = g_dbus_proxy_new_for_bus_finish (result, NULL);
  if (f->portal == NULL || g_dbus_proxy_get_name_owner (f->portal) == NULL)
    {
      g_clear_object (&f->portal);
      follow_gnome (f);
      return;
    }
  g_dbus_proxy_call (f->portal, "Read", g_variant_new ("(ss)", "org.freedesktop.appearance", "color-scheme"),
                     G_DBUS_CALL_FLAGS_NONE, 2000, NULL, on_portal_read, f);
}
#endif /* !G_OS_WIN32 */

static void
follow_system (void)
{
#ifndef G_OS_WIN32
  static Follower follower;
#endif
  static gboolean started;
  const char *forced = g_getenv ("GANTRY_COLOR_SCHEME");

  if (started)
    return;
  started = TRUE;

  if (forced != NULL && (g_str_equal (forced, "dark") || g_str_equal (forced, "light")))
    {
      gantry_style_set_dark (g_str_equal (forced, "dark"));
      return;
    }

#ifdef G_OS_WIN32
  {
    DWORD light = 1, size = sizeof light;

    if (RegGetValueW (HKEY_CURRENT_USER,
                      L"Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize",
                      L"AppsUseLightTheme", RRF_RT_REG_DWORD, NULL, &light, &size) == ERROR_SUCCESS)
      gantry_style_set_dark (light == 0);
  }
#else
  {
    g_autofree char *bus = g_build_filename (g_get_user_runtime_dir (), "bus", NULL);

    /* no session bus: do not let GIO start one just to ask */
    if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL && !g_file_test (bus, G_FILE_TEST_EXISTS))
      {
        follow_gnome (&follower);
        return;
      }
  }
  /* asynchronous: the first frame does not wait for the session bus */
  g_dbus_proxy_new_for_bus (G_BUS_TYPE_SESSION,
                            G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES | G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START,
                            NULL, "org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop",
                            "org.freedesktop.portal.Settings", NULL, on_portal_proxy, &follower);
#endif
}

/* AdwApplication loads style.css by itself; a plain GtkApplication (the
 * UI tests') does not, so it is loaded here then. The dark preference is
 * followed as before, and handed to libadwaita's style manager. */
void
gantry_style_load (GdkDisplay *display)
{
  g_autoptr(GtkCssProvider) provider = NULL;

  g_return_if_fail (GDK_IS_DISPLAY (display));

  if (g_object_get_data (G_OBJECT (display), "gantry-style") != NULL)
    return;

  if (!ADW_IS_APPLICATION (g_application_get_default ()))
    {
      provider = gtk_css_provider_new ();
      gtk_css_provider_load_from_resource (provider, GANTRY_RESOURCE_BASE "/style.css");
      gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    }
  g_object_set_data (G_OBJECT (display), "gantry-style", GINT_TO_POINTER (1));
  follow_system ();
}

/* gantry-application.c — the AdwApplication: one instance, one window */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-app"

#include "config.h"

#include <stdio.h>

#include "gantry-application.h"
#include "gantry-cli.h"
#include "gantry-style.h"
#include "gantry-window.h"

#ifdef G_OS_UNIX
#include <time.h>
#include <unistd.h>
#endif
#ifdef G_OS_WIN32
#include <windows.h>
#include <psapi.h>
#endif

struct _GantryApplication
{
  AdwApplication parent_instance;

  GantryStore *store;
};

G_DEFINE_FINAL_TYPE (GantryApplication, gantry_application, ADW_TYPE_APPLICATION)

/* ------------------------------------------------------------------ */
/* GANTRY_BENCH_FIRST_FRAME=1: tests/bench/bench-startup's hook        */
/* ------------------------------------------------------------------ */

static gint64 app_created_us;

#ifdef G_OS_WIN32
/* A FILETIME's 100-ns ticks as milliseconds. */
static double
filetime_ms (const FILETIME *t)
{
  return (((guint64) t->dwHighDateTime << 32) | t->dwLowDateTime) / 1e4;
}
#endif

/* Since the process started (Linux: /proc/self/stat, to 1/CLK_TCK s;
 * Windows: the process's creation time); elsewhere since the
 * application object was made, a little later. */
static double
ms_since_start (const char **since)
{
#ifdef __linux__
  g_autofree char *stat = NULL;

  if (g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) && strrchr (stat, ')') != NULL)
    {
      /* after "pid (comm) " come fields 3…; starttime is field 22 */
      g_auto(GStrv) fields = g_strsplit (strrchr (stat, ')') + 2, " ", 0);
      struct timespec now;

      if (g_strv_length (fields) > 19 && clock_gettime (CLOCK_BOOTTIME, &now) == 0)
        {
          double start_ms = g_ascii_strtod (fields[19], NULL) * 1000.0 / sysconf (_SC_CLK_TCK);

          *since = "process start";
          return now.tv_sec * 1000.0 + now.tv_nsec / 1e6 - start_ms;
        }
    }
#elif defined (G_OS_WIN32)
  FILETIME created, exited, kernel, user, now;

  if (GetProcessTimes (GetCurrentProcess (), &created, &exited, &kernel, &user))
    {
      GetSystemTimeAsFileTime (&now);
      *since = "process start";
      return filetime_ms (&now) - filetime_ms (&created);
    }
#endif
  *since = "application created";
  return (g_get_monotonic_time () - app_created_us) / 1000.0;
}

/* Resident memory in KiB: VmRSS on Linux, the working set on Windows. */
static guint64
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

#ifdef G_OS_WIN32
  PROCESS_MEMORY_COUNTERS counters = { .cb = sizeof counters };

  if (GetProcessMemoryInfo (GetCurrentProcess (), &counters, sizeof counters))
    return counters.WorkingSetSize / 1024;
#endif
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "\nVmRSS:")) == NULL)
    return 0;
  return g_ascii_strtoull (line + strlen ("\nVmRSS:"), NULL, 10);
}

/* CPU time of this (the main) thread: unlike wall time, it does not
 * grow when other programs load the machine. */
static double
main_thread_cpu_ms (void)
{
#ifdef G_OS_UNIX
  struct timespec cpu;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &cpu) == 0)
    return cpu.tv_sec * 1000.0 + cpu.tv_nsec / 1e6;
#elif defined (G_OS_WIN32)
  FILETIME created, exited, kernel, user;

  if (GetThreadTimes (GetCurrentThread (), &created, &exited, &kernel, &user))
    return filetime_ms (&kernel) + filetime_ms (&user);
#endif
  return 0;
}

static void
bench_quit (GtkWindow *window)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (window));

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

/* The frame that shows the projects: the first one painted after the
 * window stopped being busy (the store read, the newest run opened). */
static void
on_loaded_frame_painted (GdkFrameClock *clock,
                         GtkWindow     *window)
{
  const char *since = NULL;
  double ms = ms_since_start (&since);

  g_signal_handlers_disconnect_by_func (clock, on_loaded_frame_painted, window);
  g_print ("loaded-frame-ms=%.1f rss-kb=%" G_GUINT64_FORMAT " main-cpu-ms=%.1f\n",
           ms, rss_kb (), main_thread_cpu_ms ());
  fflush (stdout);
  bench_quit (window);
}

static gboolean
wait_until_loaded (gpointer data)
{
  GtkWindow *window = data;

  if (gantry_window_get_busy (GANTRY_WINDOW (window)))
    return G_SOURCE_CONTINUE;
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                           G_CALLBACK (on_loaded_frame_painted), window, 0);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  return G_SOURCE_REMOVE;
}

static void
on_first_frame_painted (GdkFrameClock *clock,
                        GtkWindow     *window)
{
  const char *since = NULL;
  double ms = ms_since_start (&since);

  g_signal_handlers_disconnect_by_func (clock, on_first_frame_painted, window);
  g_print ("first-frame-ms=%.1f rss-kb=%" G_GUINT64_FORMAT " main-cpu-ms=%.1f since=\"%s\"\n",
           ms, rss_kb (), main_thread_cpu_ms (), since);
  fflush (stdout);
  if (GANTRY_IS_WINDOW (window))
    g_timeout_add_full (G_PRIORITY_LOW, 5, wait_until_loaded, g_object_ref (window), g_object_unref);
  else
    bench_quit (window);
}

static void
bench_first_frame (GtkWindow *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

  if (clock == NULL)
    {
      g_printerr ("gantry: GANTRY_BENCH_FIRST_FRAME: the window has no frame clock\n");
      return;
    }
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_first_frame_painted), window, 0);
}

static void
open_store_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  g_autoptr(GantryStore) store = NULL;
  GError *error = NULL;

  /* the window learns at once whether the store is damaged */
  store = gantry_app_open_store (&error);
  if (store != NULL && !gantry_store_check (store, &error))
    g_clear_object (&store);
  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&store), g_object_unref);
}

static void
on_store_opened (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GantryApplication *self = GANTRY_APPLICATION (source);
  g_autoptr(GantryWindow) window = user_data;
  g_autoptr(GError) error = NULL;

  self->store = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->store == NULL)
    {
      g_printerr ("gantry: %s\n", error->message);
      gantry_window_show_store_error (window, error);
      return;
    }
  gantry_window_set_store (window, self->store);
}

static void
gantry_application_activate (GApplication *app)
{
  GantryApplication *self = GANTRY_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  /* Single instance: a second launch only raises the first window. */
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  /* bench-startup's yardstick: the same program, libraries and
   * application, with an empty libadwaita window instead of Gantry's */
  if (g_strcmp0 (g_getenv ("GANTRY_BENCH_BARE_WINDOW"), "1") == 0)
    {
      window = GTK_WINDOW (adw_application_window_new (GTK_APPLICATION (app)));
      gtk_window_set_default_size (window, 1100, 700);
      gtk_window_present (window);
      if (g_strcmp0 (g_getenv ("GANTRY_BENCH_FIRST_FRAME"), "1") == 0)
        bench_first_frame (window);
      return;
    }

  /* The window first, then the store: opening it checks the whole
   * file, and the first start copies the sample project in. */
  window = GTK_WINDOW (gantry_window_new (GTK_APPLICATION (app), self->store));
  gtk_window_present (window);
  if (self->store == NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, NULL, on_store_opened, g_object_ref (window));

      g_task_set_source_tag (task, gantry_application_activate);
      g_task_run_in_thread (task, open_store_thread);
    }
  if (g_strcmp0 (g_getenv ("GANTRY_BENCH_FIRST_FRAME"), "1") == 0)
    bench_first_frame (window);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GApplication *app = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* closing the windows cancels their builds (dispose) before the loop ends */
  while (windows != NULL)
    {
      GList *next = windows->next;

      gtk_window_destroy (GTK_WINDOW (windows->data));
      windows = next;
    }
  g_application_quit (app);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  const char *authors[] = { "The Gantry authors", NULL };

  gtk_show_about_dialog (parent,
                         "program-name", "Gantry",
                         "version", PACKAGE_VERSION,
                         "comments", "Release Go projects that use cgo: every target built, checked and packaged, from one machine.",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "logo-icon-name", GANTRY_APP_ID,
                         "authors", authors,
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated, NULL, NULL, NULL, { 0 } },
  { "about", about_activated, NULL, NULL, NULL, { 0 } },
};

static void
gantry_application_startup (GApplication *app)
{
  const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (gantry_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  /* the icon is in the resources' icons/ folder, which GtkApplication adds to the theme;
   * AdwApplication loads style.css from the same base, gantry_style_load follows the desktop's dark style */
  gtk_window_set_default_icon_name (GANTRY_APP_ID);
  gantry_style_load (gdk_display_get_default ());
}

static void
gantry_application_finalize (GObject *object)
{
  GantryApplication *self = GANTRY_APPLICATION (object);

  /* The command line leaves the store's log for the next start; the
   * window, which quits rarely and not in a hurry, folds it in. */
  if (self->store != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!gantry_store_checkpoint (self->store, TRUE, &error))
        g_debug ("store checkpoint at quit: %s", error->message);
    }
  g_clear_object (&self->store);

  G_OBJECT_CLASS (gantry_application_parent_class)->finalize (object);
}

static void
gantry_application_class_init (GantryApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = gantry_application_finalize;
  app_class->startup = gantry_application_startup;
  app_class->activate = gantry_application_activate;
}

static void
gantry_application_init (GantryApplication *self)
{
}

GantryApplication *
gantry_application_new (void)
{
  app_created_us = g_get_monotonic_time ();

  /* The resource base path follows from the id: /io/github/gantry/Gantry,
   * so style.css (AdwApplication), gtk/help-overlay.ui and icons load by themselves. */
  return g_object_new (GANTRY_TYPE_APPLICATION,
                       "application-id", GANTRY_APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

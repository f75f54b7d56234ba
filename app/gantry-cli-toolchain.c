/* gantry-cli-toolchain.c — gantry toolchain list | available | install | remove | detect | resolve */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "gantry-cli.h"
#include "gantry-target.h"
#include "gantry-toolchain.h"

static char *
format_size (guint64 bytes)
{
  if (bytes == 0)
    return g_strdup ("?");
  return g_format_size (bytes);
}

static JsonNode *
toolchain_to_json (const GantryToolchain *tc)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  gantry_cli_json_add_string (b, "kind", tc->kind);
  gantry_cli_json_add_string (b, "name", tc->name);
  gantry_cli_json_add_string (b, "version", tc->version);
  gantry_cli_json_add_string (b, "origin", tc->origin);
  gantry_cli_json_add_string (b, "program", tc->program);
  gantry_cli_json_add_string (b, "path", tc->path);
  gantry_cli_json_add_string (b, "target", tc->target);
  gantry_cli_json_add_string (b, "sha256", tc->sha256);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* ------------------------------------------------------------------ */
/* list and detect                                                     */
/* ------------------------------------------------------------------ */

static int
print_toolchains (GPtrArray *tools,
                  gboolean   as_json)
{
  if (as_json)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < tools->len; i++)
        json_array_add_element (array, toolchain_to_json (g_ptr_array_index (tools, i)));
      json_node_set_array (root, array);
      gantry_cli_print_json_node (root);
      return GANTRY_EXIT_OK;
    }

  if (tools->len == 0)
    {
      g_print ("No toolchains found: install one with 'gantry toolchain install zig' (or go, mingw).\n");
      return GANTRY_EXIT_OK;
    }

  g_print ("%-11s %-12s %-26s %-14s %-22s %s\n", "ORIGIN", "KIND", "NAME", "VERSION", "TARGET", "PROGRAM");
  for (guint i = 0; i < tools->len; i++)
    {
      GantryToolchain *tc = g_ptr_array_index (tools, i);

      g_print ("%-11s %-12s %-26s %-14s %-22s %s\n",
               tc->origin, tc->kind, tc->name ? tc->name : "",
               tc->version && tc->version[0] ? tc->version : "?",
               tc->target ? tc->target : "-", tc->program ? tc->program : tc->path);
    }
  return GANTRY_EXIT_OK;
}

static GPtrArray *
detect_and_save (GantryStore  *store,
                 GError      **error)
{
  g_autoptr(GPtrArray) tools = NULL;

  if (!gantry_toolchain_cleanup (store, error))
    return NULL;
  tools = gantry_toolchain_detect (store, NULL, error);
  if (tools == NULL)
    return NULL;
  if (!gantry_toolchain_save_detected (store, tools, error))
    return NULL;
  return g_steal_pointer (&tools);
}

static int
toolchain_list (int    argc,
                char **argv)
{
  const char *command = argv[0];
  gboolean as_json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, "Print a JSON array (fields: kind, name, version, origin, program, path, target, sha256)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GantryStore) store = NULL;
  g_autoptr(GPtrArray) tools = NULL;
  g_autoptr(GError) error = NULL;
  int rc;

  g_option_context_set_summary (context,
                                "List the toolchains Gantry installed and the tools found on PATH\n"
                                "(compilers, Go, Zig, emulators, container tools), with versions.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!gantry_cli_parse (context, command, &argc, &argv, 0, 0, &rc))
    return rc;

  store = gantry_app_open_store (&error);
  if (store == NULL)
    return gantry_cli_fail (command, error);

  tools = detect_and_save (store, &error);
  if (tools == NULL)
    return gantry_cli_fail (command, error);

  return print_toolchains (tools, as_json);
}

static int
toolchain_detect (int    argc,
                  char **argv)
{
  const char *command = argv[0];
  gboolean as_json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, "Print a JSON array", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GantryStore) store = NULL;
  g_autoptr(GPtrArray) tools = NULL;
  g_autoptr(GPtrArray) detected = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int rc;

  g_option_context_set_summary (context, "Look for compilers, Go, Zig, qemu, wine, docker and podman on PATH, and remember what was found.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!gantry_cli_parse (context, command, &argc, &argv, 0, 0, &rc))
    return rc;

  store = gantry_app_open_store (&error);
  if (store == NULL)
    return gantry_cli_fail (command, error);

  tools = detect_and_save (store, &error);
  if (tools == NULL)
    return gantry_cli_fail (command, error);

  for (guint i = 0; i < tools->len; i++)
    if (g_strcmp0 (((GantryToolchain *) g_ptr_array_index (tools, i))->origin, "detected") == 0)
      g_ptr_array_add (detected, g_ptr_array_index (tools, i));

  return print_toolchains (detected, as_json);
}

/* ------------------------------------------------------------------ */
/* available                                                           */
/* ------------------------------------------------------------------ */

static const char *
kind_of_name (const char *name)
{
  if (g_str_equal (name, "go") || g_str_equal (name, "zig") || g_str_equal (name, "mingw"))
    return name;
  if (g_str_equal (name, "llvm-mingw") || g_str_equal (name, "winlibs"))
    return "mingw";
  return NULL;
}

static int
toolchain_available (int    argc,
                     char **argv)
{
  const char *command = argv[0];
  gboolean as_json = FALSE;
  gboolean all = FALSE;
  g_autofree char *os = NULL;
  g_autofree char *arch = NULL;
  GOptionEntry entries[] = {
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all, "Include unstable releases (betas, release candidates, Zig master)", NULL },
    { "os", 0, 0, G_OPTION_ARG_STRING, &os, "Releases for another host OS (windows, linux, darwin)", "OS" },
    { "arch", 0, 0, G_OPTION_ARG_STRING, &arch, "Releases for another host architecture (amd64, arm64)", "ARCH" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, "Print a JSON array (fields: id, kind, name, version, stable, os, arch, url, sha256, size)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[go|zig|mingw]");
  g_autoptr(JsonArray) array = json_array_new ();
  const char *kinds[] = { "go", "zig", "mingw", NULL };
  guint failures = 0;
  guint n_kinds = 3;
  int rc;

  g_option_context_set_summary (context,
                                "List the toolchain releases Gantry can install on this machine, stable first.\n"
                                "Catalogs: GANTRY_GO_MANIFEST_URL, GANTRY_ZIG_INDEX_URL, GANTRY_MINGW_CATALOG_URL.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!gantry_cli_parse (context, command, &argc, &argv, 0, 1, &rc))
    return rc;

  if (argc > 1)
    {
      const char *kind = kind_of_name (argv[1]);

      if (kind == NULL)
        return gantry_cli_usage_error (command, "unknown toolchain '%s': use go, zig or mingw.", argv[1]);
      kinds[0] = kind;
      kinds[1] = NULL;
      n_kinds = 1;
    }

  if (!as_json)
    g_print ("%-24s %-7s %-8s %-9s %s\n", "RELEASE", "STABLE", "FORMAT", "SIZE", "URL");

  for (guint k = 0; kinds[k] != NULL; k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) releases = gantry_catalog_fetch (kinds[k], NULL, &error);
      g_autoptr(GPtrArray) host = NULL;

      if (releases == NULL)
        {
          g_printerr ("%s: could not read the %s catalog: %s\n", command, kinds[k], error->message);
          failures++;
          continue;
        }
      host = gantry_catalog_for_host (releases, os, arch);
      for (guint i = 0; i < host->len; i++)
        {
          GantryRelease *r = g_ptr_array_index (host, i);
          g_autofree char *id = gantry_release_get_id (r);
          g_autofree char *size = format_size (r->size);

          if (!all && !r->stable)
            continue;
          if (as_json)
            {
              g_autoptr(JsonBuilder) b = json_builder_new ();

              json_builder_begin_object (b);
              gantry_cli_json_add_string (b, "id", id);
              gantry_cli_json_add_string (b, "kind", r->kind);
              gantry_cli_json_add_string (b, "name", r->name);
              gantry_cli_json_add_string (b, "version", r->version);
              json_builder_set_member_name (b, "stable");
              json_builder_add_boolean_value (b, r->stable);
              gantry_cli_json_add_string (b, "os", r->os);
              gantry_cli_json_add_string (b, "arch", r->arch);
              gantry_cli_json_add_string (b, "url", r->url);
              gantry_cli_json_add_string (b, "sha256", r->sha256);
              json_builder_set_member_name (b, "size");
              json_builder_add_int_value (b, (gint64) r->size);
              json_builder_end_object (b);
              json_array_add_element (array, json_builder_get_root (b));
            }
          else
            g_print ("%-24s %-7s %-8s %-9s %s%s\n", id, r->stable ? "yes" : "no",
                     gantry_release_get_format (r), size, r->url,
                     r->sha256 ? "" : "  (no checksum: cannot be installed)");
        }
    }

  if (as_json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (root, array);
      gantry_cli_print_json_node (root);
    }

  return failures == n_kinds ? GANTRY_EXIT_FAILED : GANTRY_EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* install and remove                                                  */
/* ------------------------------------------------------------------ */

typedef struct
{
  gboolean tty;
  gboolean started;
  GantryInstallProgress last;
  gint64 last_draw;
} ProgressView;

static const char *
phase_name (GantryInstallPhase phase)
{
  switch (phase)
    {
    case GANTRY_INSTALL_PHASE_DOWNLOAD: return "downloading";
    case GANTRY_INSTALL_PHASE_EXTRACT: return "extracting";
    case GANTRY_INSTALL_PHASE_MOVE: return "moving into place";
    case GANTRY_INSTALL_PHASE_SMOKE_TEST: return "checking that it runs";
    case GANTRY_INSTALL_PHASE_REGISTER: return "registering";
    case GANTRY_INSTALL_PHASE_DONE: return "done";
    default: return "";
    }
}

static void
draw_progress (const GantryInstallProgress *p)
{
  if (p->phase == GANTRY_INSTALL_PHASE_DOWNLOAD && p->total > 0)
    {
      const int width = 30;
      int filled = (int) ((double) p->received / (double) p->total * width);
      g_autofree char *got = g_format_size (p->received);
      g_autofree char *total = g_format_size (p->total);
      g_autofree char *speed = g_format_size ((guint64) p->bytes_per_second);
      char bar[64];

      filled = CLAMP (filled, 0, width);
      memset (bar, '#', filled);
      memset (bar + filled, '-', width - filled);
      bar[width] = '\0';
      fprintf (stderr, "\r\033[Kdownloading [%s] %3d%% %s of %s, %s/s",
               bar, (int) (100.0 * p->received / p->total), got, total, speed);
    }
  else if (p->phase == GANTRY_INSTALL_PHASE_EXTRACT)
    {
      g_autofree char *bytes = g_format_size (p->extracted);
      fprintf (stderr, "\r\033[Kextracting: %u entries, %s", p->entries, bytes);
    }
  else
    fprintf (stderr, "\r\033[K%s…", phase_name (p->phase));
  fflush (stderr);
}

/* On a terminal: one line per phase, redrawn at most ten times a
 * second, left showing the phase's last figures. Elsewhere: one plain
 * line per phase. */
static void
on_install_progress (const GantryInstallProgress *p,
                     gpointer                     user_data)
{
  ProgressView *v = user_data;
  gboolean new_phase = !v->started || p->phase != v->last.phase;
  gint64 now = g_get_monotonic_time ();

  if (!v->tty)
    {
      if (new_phase && p->phase != GANTRY_INSTALL_PHASE_DONE)
        fprintf (stderr, "%s…\n", phase_name (p->phase));
      v->started = TRUE;
      v->last = *p;
      return;
    }

  if (v->started && new_phase)
    {
      draw_progress (&v->last);
      fputc ('\n', stderr);
    }
  else if (v->started && now - v->last_draw < 100 * 1000)
    {
      v->last = *p;
      return;
    }

  v->started = TRUE;
  v->last = *p;
  v->last_draw = now;
  if (p->phase != GANTRY_INSTALL_PHASE_DONE)
    draw_progress (p);
}

static gboolean
split_name_version (const char  *arg,
                    char       **name,
                    char       **version)
{
  const char *at = strchr (arg, '@');

  *name = at ? g_strndup (arg, at - arg) : g_strdup (arg);
  *version = at && at[1] ? g_strdup (at + 1) : NULL;
  return (*name)[0] != '\0';
}

static int
toolchain_install (int    argc,
                   char **argv)
{
  const char *command = argv[0];
  gboolean keep = FALSE;
  GOptionEntry entries[] = {
    { "keep-archive", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the downloaded archive in the data folder", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("NAME[@VERSION]");
  g_autoptr(GantryStore) store = NULL;
  g_autoptr(GPtrArray) releases = NULL;
  g_autoptr(GPtrArray) host = NULL;
  g_autoptr(GantryRelease) release = NULL;
  g_autoptr(GantryToolchain) tc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *version = NULL;
  g_autofree char *size = NULL;
  GantryInstallOptions options = { 0 };
  ProgressView view = { 0 };
  const char *kind;
  int rc;

  g_option_context_set_summary (context,
                                "Download, check (SHA-256), unpack and register a toolchain: go, zig,\n"
                                "llvm-mingw or winlibs (mingw picks one for this machine). Without\n"
                                "@VERSION, the newest stable release. See 'gantry toolchain available'.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!gantry_cli_parse (context, command, &argc, &argv, 1, 1, &rc))
    return rc;

  if (!split_name_version (argv[1], &name, &version) || (kind = kind_of_name (name)) == NULL)
    return gantry_cli_usage_error (command, "unknown toolchain '%s': use go, zig, llvm-mingw, winlibs or mingw, optionally with @VERSION.",
                                   argv[1]);

  releases = gantry_catalog_fetch (kind, NULL, &error);
  if (releases == NULL)
    return gantry_cli_fail (command, error);
  host = gantry_catalog_for_host (releases, NULL, NULL);
  release = gantry_catalog_find (host, name, version, &error);
  if (release == NULL)
    return gantry_cli_fail (command, error);

  store = gantry_app_open_store (&error);
  if (store == NULL)
    return gantry_cli_fail (command, error);

  size = format_size (release->size);
  g_printerr ("Installing %s@%s (%s, %s) from %s\n", release->name, release->version,
              gantry_release_get_format (release), size, release->url);

  options.keep_archive = keep;
  view.tty = gantry_cli_stderr_is_terminal ();
  tc = gantry_toolchain_install (store, release, &options, on_install_progress, &view, NULL, &error);
  if (view.tty && view.started && view.last.phase != GANTRY_INSTALL_PHASE_DONE)
    {
      draw_progress (&view.last);
      fputc ('\n', stderr);
    }
  if (tc == NULL)
    return gantry_cli_fail (command, error);

  g_print ("Installed %s@%s in %s (%s)\n", tc->kind, tc->version, tc->path, tc->program);
  return GANTRY_EXIT_OK;
}

static int
toolchain_remove (int    argc,
                  char **argv)
{
  const char *command = argv[0];
  g_autoptr(GOptionContext) context = g_option_context_new ("NAME[@VERSION]");
  g_autoptr(GantryStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *version = NULL;
  int rc;

  g_option_context_set_summary (context, "Remove a toolchain Gantry installed: its folder and its entry together.");
  if (!gantry_cli_parse (context, command, &argc, &argv, 1, 1, &rc))
    return rc;

  if (!split_name_version (argv[1], &name, &version))
    return gantry_cli_usage_error (command, "give the toolchain as NAME@VERSION (see 'gantry toolchain list').");

  store = gantry_app_open_store (&error);
  if (store == NULL)
    return gantry_cli_fail (command, error);

  if (!gantry_toolchain_remove (store, name, version, &error))
    return gantry_cli_fail (command, error);

  g_print ("Removed %s%s%s\n", name, version ? "@" : "", version ? version : "");
  return GANTRY_EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* resolve                                                             */
/* ------------------------------------------------------------------ */

static JsonNode *
choice_to_json (const GantryCcChoice *c)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  gantry_cli_json_add_string (b, "compiler", c->compiler);
  gantry_cli_json_add_string (b, "cc", c->cc);
  gantry_cli_json_add_string (b, "cxx", c->cxx);
  json_builder_set_member_name (b, "cgo_enabled");
  json_builder_add_boolean_value (b, c->cgo_enabled);
  json_builder_set_member_name (b, "env");
  json_builder_begin_array (b);
  for (guint i = 0; c->env != NULL && c->env[i] != NULL; i++)
    json_builder_add_string_value (b, c->env[i]);
  json_builder_end_array (b);
  gantry_cli_json_add_string (b, "ldflags", c->ldflags);
  gantry_cli_json_add_string (b, "tags", c->tags);
  gantry_cli_json_add_string (b, "reason", c->reason);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static int
toolchain_resolve (int    argc,
                   char **argv)
{
  const char *command = argv[0];
  gboolean no_cgo = FALSE;
  gboolean as_json = FALSE;
  GOptionEntry entries[] = {
    { "no-cgo", 0, 0, G_OPTION_ARG_NONE, &no_cgo, "The project has no cgo", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, "Print a JSON array of choices, best first", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("GOOS/GOARCH[/musl|/gnu][/static][/glibc2.17][/v7]");
  g_autoptr(GantryStore) store = NULL;
  g_autoptr(GPtrArray) tools = NULL;
  g_autoptr(GPtrArray) choices = NULL;
  g_autoptr(GError) error = NULL;
  GantryTargetSpec spec;
  GantryCcRequest req;
  int rc;

  g_option_context_set_summary (context, "Show the C compilers that can build a target, best first, with the exact CC and why.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!gantry_cli_parse (context, command, &argc, &argv, 1, 1, &rc))
    return rc;

  if (!gantry_target_spec_parse (argv[1], &spec, &error))
    return gantry_cli_usage_error (command, "%s", error->message);

  store = gantry_app_open_store (&error);
  if (store == NULL)
    goto failed;
  tools = gantry_toolchain_detect (store, NULL, &error);
  if (tools == NULL)
    goto failed;

  gantry_target_spec_to_request (&spec, !no_cgo, &req);
  choices = gantry_toolchain_resolve (&req, tools, &error);
  if (choices == NULL)
    goto failed;

  if (as_json)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < choices->len; i++)
        json_array_add_element (array, choice_to_json (g_ptr_array_index (choices, i)));
      json_node_set_array (root, array);
      gantry_cli_print_json_node (root);
    }
  else
    for (guint i = 0; i < choices->len; i++)
      {
        GantryCcChoice *c = g_ptr_array_index (choices, i);

        g_print ("%u. %s\n", i + 1, c->compiler);
        if (c->cc != NULL)
          g_print ("   CC=%s\n", c->cc);
        if (c->cxx != NULL)
          g_print ("   CXX=%s\n", c->cxx);
        for (guint e = 0; c->env != NULL && c->env[e] != NULL; e++)
          g_print ("   %s\n", c->env[e]);
        if (c->ldflags != NULL)
          g_print ("   -ldflags '%s'\n", c->ldflags);
        if (c->tags != NULL)
          g_print ("   -tags %s\n", c->tags);
        g_print ("   why: %s\n", c->reason);
      }

  gantry_target_spec_clear (&spec);
  return GANTRY_EXIT_OK;

failed:
  gantry_target_spec_clear (&spec);
  return gantry_cli_fail (command, error);
}

static const GantryVerb toolchain_verbs[] = {
  { "list", "installed toolchains and tools found on PATH", toolchain_list },
  { "available", "releases that can be installed (go, zig, mingw)", toolchain_available },
  { "install", "download, check and install NAME[@VERSION]", toolchain_install },
  { "remove", "remove an installed NAME@VERSION", toolchain_remove },
  { "detect", "look for compilers and tools on PATH", toolchain_detect },
  { "resolve", "show the C compilers for a target, best first", toolchain_resolve },
};

static int
toolchain_run (int    argc,
               char **argv)
{
  return gantry_cli_dispatch (argv[0], toolchain_verbs, G_N_ELEMENTS (toolchain_verbs), argc, argv);
}

const GantryVerb gantry_verb_toolchain = {
  "toolchain", "install, list and choose C compilers, Go and Zig", toolchain_run,
};

/* gantry-toolchain-detect.c — finds compilers, emulators and container tools already on this machine */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-toolchain"

#include "config.h"

#include <json-glib/json-glib.h>

#include <string.h>
#include <glib/gstdio.h>
#ifdef G_OS_UNIX
# include <unistd.h>
#endif

#include "gantry-process.h"
#include "gantry-toolchain-private.h"

typedef enum
{
  PROBE_GO,         /* go version */
  PROBE_ZIG,        /* zig version */
  PROBE_CC,         /* -dumpversion and -dumpmachine */
  PROBE_VERSION,    /* --version, first version-like word */
} ProbeKind;

static const struct
{
  const char *name;
  const char *kind;
  ProbeKind probe;
} known_programs[] = {
  { "go", "go", PROBE_GO },
  { "zig", "zig", PROBE_ZIG },
  { "gcc", "gcc", PROBE_CC },
  { "clang", "clang", PROBE_CC },
  { "musl-gcc", "musl-gcc", PROBE_CC },
  { "x86_64-w64-mingw32-gcc", "mingw-gcc", PROBE_CC },
  { "i686-w64-mingw32-gcc", "mingw-gcc", PROBE_CC },
  { "x86_64-w64-mingw32-clang", "mingw-clang", PROBE_CC },
  { "i686-w64-mingw32-clang", "mingw-clang", PROBE_CC },
  { "aarch64-w64-mingw32-clang", "mingw-clang", PROBE_CC },
  { "wine", "wine", PROBE_VERSION },
  { "wine64", "wine", PROBE_VERSION },
  { "docker", "docker", PROBE_VERSION },
  { "podman", "podman", PROBE_VERSION },
};

/* qemu-img and friends are not emulators. */
static const char *const qemu_tools[] = {
  "qemu-img", "qemu-io", "qemu-nbd", "qemu-edid", "qemu-pr-helper",
  "qemu-storage-daemon", "qemu-keymap", "qemu-ga", "qemu-make-debian-root",
  "qemu-debootstrap", "qemu-system-i386w", "qemu-system-x86_64w",
};

/* The program name an entry of a PATH folder stands for, or NULL when
 * it is not a program (on Windows only .exe files are). Points into
 * @entry or into *@to_free. */
static const char *
program_name (const char  *entry,
              char       **to_free)
{
#ifdef G_OS_WIN32
  gsize n = strlen (entry);

  /* Windows names are caseless: go.exe, GO.EXE and Go.Exe alike */
  if (n > 4 && g_ascii_strcasecmp (entry + n - 4, ".exe") == 0)
    return *to_free = g_ascii_strdown (entry, n - 4);
  return NULL;
#else
  return entry;
#endif
}

static const char *
kind_for_name (const char *name,
               ProbeKind  *probe)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_programs); i++)
    if (g_str_equal (name, known_programs[i].name))
      {
        *probe = known_programs[i].probe;
        return known_programs[i].kind;
      }

  /* Distribution cross compilers: aarch64-linux-gnu-gcc,
   * arm-linux-gnueabihf-gcc, x86_64-linux-musl-gcc … */
  if (g_str_has_suffix (name, "-gcc") &&
      (strstr (name, "-linux-gnu") != NULL || strstr (name, "-linux-musl") != NULL) &&
      strchr (name, '.') == NULL)
    {
      *probe = PROBE_CC;
      return "cross-gcc";
    }

  if (g_str_has_prefix (name, "qemu-") && strchr (name, '.') == NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (qemu_tools); i++)
        if (g_str_equal (name, qemu_tools[i]))
          return NULL;
      *probe = PROBE_VERSION;
      return "qemu";
    }

  return NULL;
}

/* One stat for both questions: is it a program, and which file is it
 * (size, modification time in microseconds, inode), the key of the
 * probe cache. GFile would load GIO's VFS modules for this. */
static char *
executable_identity (const char *path)
{
  GStatBuf st;
  guint64 usec = 0;

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return NULL;
#ifdef G_OS_UNIX
  if (g_access (path, X_OK) != 0)
    return NULL;
#endif
#if defined(HAVE_STRUCT_STAT_ST_MTIM)
  usec = (guint64) st.st_mtim.tv_nsec / 1000;
#elif defined(HAVE_STRUCT_STAT_ST_MTIMESPEC)
  usec = (guint64) st.st_mtimespec.tv_nsec / 1000;
#endif
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GUINT64_FORMAT ".%06u:%" G_GUINT64_FORMAT,
                          (gint64) st.st_size, (guint64) st.st_mtime, (guint) usec, (guint64) st.st_ino);
}

typedef struct
{
  GantryToolchain *tc;
  ProbeKind probe;
  GantryProcess *proc;
  GantryProcess *proc2;
  char *identity;   /* owned by the caller's list of identities */
} Probe;

static GantryProcess *
spawn_probe (const char   *program,
             const char   *arg,
             GError      **error)
{
  const char *argv[] = { program, arg, NULL };
  /* Go ≥ 1.21 would switch toolchains (and download) for a go.mod nearby. */
  const char *env[] = { "GOTOOLCHAIN=local", "LC_ALL=C", NULL };

  return gantry_process_start (argv, env, NULL, GANTRY_PROCESS_STDERR_MERGE, error);
}

static char *
collect (GantryProcess *proc,
         GCancellable  *cancellable)
{
  g_auto(GantryProcessResult) result = { 0 };

  if (proc == NULL)
    return NULL;
  if (!gantry_process_wait (proc, 0, cancellable, &result, NULL) || !result.exited || result.status != 0)
    return NULL;
  return g_strstrip (g_steal_pointer (&result.output));
}

static char *
first_line (const char *text)
{
  if (text == NULL)
    return NULL;
  return g_strndup (text, strcspn (text, "\r\n"));
}

static void
finish_probe (Probe        *p,
              GCancellable *cancellable)
{
  g_autofree char *out = collect (p->proc, cancellable);
  g_autofree char *out2 = collect (p->proc2, cancellable);
  GantryToolchain *tc = p->tc;

  switch (p->probe)
    {
    case PROBE_GO:
      /* "go version go1.19.8 linux/amd64" */
      if (out != NULL && strstr (out, " go") != NULL)
        {
          g_autofree char *line = first_line (strstr (out, " go") + 3);
          tc->version = g_strndup (line, strcspn (line, " "));
        }
      break;
    case PROBE_ZIG:
      tc->version = first_line (out);
      break;
    case PROBE_CC:
      tc->version = first_line (out);
      tc->target = first_line (out2);
      break;
    case PROBE_VERSION:
    default:
      {
        g_autofree char *line = first_line (out);
        tc->version = _gantry_toolchain_version_in (line);
      }
      break;
    }

  /* musl-gcc wraps the host gcc, which reports the host's glibc triple. */
  if (g_strcmp0 (tc->kind, "musl-gcc") == 0 && tc->target != NULL)
    {
      g_autofree char *arch = g_strndup (tc->target, strcspn (tc->target, "-"));
      g_free (tc->target);
      tc->target = g_strdup_printf ("%s-linux-musl", arch);
    }
  else if (g_strcmp0 (tc->kind, "cross-gcc") == 0 && strstr (tc->name, "-linux-musl") != NULL &&
           (tc->target == NULL || strstr (tc->target, "musl") == NULL))
    {
      g_free (tc->target);
      tc->target = g_strndup (tc->name, strlen (tc->name) - strlen ("-gcc"));
    }

  g_clear_pointer (&p->proc, gantry_process_free);
  g_clear_pointer (&p->proc2, gantry_process_free);
}

static void
start_probe (Probe *p)
{
  const char *program = p->tc->program;

  switch (p->probe)
    {
    case PROBE_GO:
    case PROBE_ZIG:
      p->proc = spawn_probe (program, "version", NULL);
      break;
    case PROBE_CC:
      p->proc = spawn_probe (program, "-dumpversion", NULL);
      p->proc2 = spawn_probe (program, "-dumpmachine", NULL);
      break;
    case PROBE_VERSION:
    default:
      p->proc = spawn_probe (program, "--version", NULL);
      break;
    }
}

/* ------------------------------------------------------------------ */
/* Probe cache                                                         */
/*                                                                     */
/* Asking ~40 programs for their version costs more than most warm     */
/* builds, so answers are kept in the user cache folder, keyed by the  */
/* program's path and the identity of the file it resolves to (size,   */
/* modification time in microseconds, inode): an upgraded or replaced  */
/* compiler is asked again.                                            */
/* ------------------------------------------------------------------ */

/* Format 2 adds "folders": the names in each PATH folder that looked
 * like tools, so an unchanged folder (/usr/bin holds thousands of
 * names) is not read again. */
#define PROBE_CACHE_FORMAT 2

/* A folder whose modification time is this close to when it was read
 * might have changed within the file system's timestamp granularity
 * (2 s on FAT): it is read every time until it is older. */
#define FOLDER_SETTLE_SECONDS 2

typedef struct
{
  char *path;
  char *stamp;          /* device, inode and modification time */
  gint64 mtime;         /* seconds */
  gint64 scanned_at;    /* seconds */
  GPtrArray *entries;   /* names in the folder that may be tools */
  gboolean fresh;       /* read now, not taken from the cache */
} FolderScan;

static void
folder_scan_free (gpointer p)
{
  FolderScan *f = p;

  g_free (f->path);
  g_free (f->stamp);
  g_ptr_array_unref (f->entries);
  g_free (f);
}

static char *
folder_stamp (const GStatBuf *st)
{
  guint64 nsec = 0;

#if defined(HAVE_STRUCT_STAT_ST_MTIM)
  nsec = (guint64) st->st_mtim.tv_nsec;
#elif defined(HAVE_STRUCT_STAT_ST_MTIMESPEC)
  nsec = (guint64) st->st_mtimespec.tv_nsec;
#endif
  return g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT ":%" G_GINT64_FORMAT ".%09" G_GUINT64_FORMAT,
                          (guint64) st->st_dev, (guint64) st->st_ino, (gint64) st->st_mtime, nsec);
}

/* The folder's candidate names: from the cache when the folder is the
 * same one, unchanged since it was read, and was read well after its
 * last change; otherwise read now. */
static FolderScan *
scan_folder (const char     *path,
             const GStatBuf *st,
             JsonObject     *cached_folders)
{
  FolderScan *f = g_new0 (FolderScan, 1);
  g_autoptr(GDir) dir = NULL;
  const char *entry;

  f->path = g_strdup (path);
  f->stamp = folder_stamp (st);
  f->mtime = (gint64) st->st_mtime;
  f->entries = g_ptr_array_new_with_free_func (g_free);

  if (cached_folders != NULL && json_object_has_member (cached_folders, path) &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (cached_folders, path)))
    {
      JsonObject *o = json_object_get_object_member (cached_folders, path);
      JsonNode *names = json_object_get_member (o, "entries");
      gint64 scanned_at = json_object_get_int_member_with_default (o, "scanned_at", 0);

      if (g_strcmp0 (json_object_get_string_member_with_default (o, "stamp", NULL), f->stamp) == 0 &&
          scanned_at - f->mtime >= FOLDER_SETTLE_SECONDS &&
          names != NULL && JSON_NODE_HOLDS_ARRAY (names))
        {
          JsonArray *a = json_node_get_array (names);

          for (guint i = 0; i < json_array_get_length (a); i++)
            {
              JsonNode *node = json_array_get_element (a, i);
              const char *name;

              /* a hand-edited or damaged cache: plain file names only */
              if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
                continue;
              name = json_node_get_string (node);
              if (name[0] == '\0' || strchr (name, '/') != NULL || strchr (name, '\\') != NULL)
                continue;
              g_ptr_array_add (f->entries, g_strdup (name));
            }
          f->scanned_at = scanned_at;
          return f;
        }
    }

  f->fresh = TRUE;
  f->scanned_at = g_get_real_time () / G_USEC_PER_SEC;
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *name_copy = NULL;
      const char *name = program_name (entry, &name_copy);
      ProbeKind probe;

      if (name != NULL && kind_for_name (name, &probe) != NULL)
        g_ptr_array_add (f->entries, g_strdup (entry));
    }
  return f;
}

/* A fingerprint of kind_for_name()'s rules, kept with the folder lists
 * it filtered. */
static const char *
naming_rules (void)
{
  static gsize fingerprint;

  if (g_once_init_enter (&fingerprint))
    {
      g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
      char *value;

      /* the rules coded in kind_for_name() beyond the tables: bump
       * the number when they change */
      g_checksum_update (sum, (const guchar *) "rules-1:-gcc:-linux-gnu:-linux-musl:qemu-", -1);
      for (guint i = 0; i < G_N_ELEMENTS (known_programs); i++)
        {
          g_checksum_update (sum, (const guchar *) known_programs[i].name, -1);
          g_checksum_update (sum, (const guchar *) "\n", 1);
        }
      for (guint i = 0; i < G_N_ELEMENTS (qemu_tools); i++)
        {
          g_checksum_update (sum, (const guchar *) qemu_tools[i], -1);
          g_checksum_update (sum, (const guchar *) "\n", 1);
        }
      value = g_strndup (g_checksum_get_string (sum), 16);
      g_once_init_leave (&fingerprint, (gsize) value);
    }
  return (const char *) fingerprint;
}

/* The cache's "programs" and "folders" objects, or NULLs. */
static void
probe_cache_load (JsonParser  *parser,
                  JsonObject **programs,
                  JsonObject **folders)
{
  g_autofree char *path = gantry_toolchain_get_cache_dir ("probes.json");
  JsonNode *root;
  JsonObject *o;

  *programs = NULL;
  *folders = NULL;
  if (!json_parser_load_from_mapped_file (parser, path, NULL))
    return;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  o = json_node_get_object (root);
  if (json_object_get_int_member_with_default (o, "format", 0) != PROBE_CACHE_FORMAT)
    return;
  if (json_object_has_member (o, "programs") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "programs")))
    *programs = json_object_get_object_member (o, "programs");
  /* folder lists were filtered by the naming rules of the Gantry that
   * wrote them: another Gantry may know more names */
  if (json_object_has_member (o, "folders") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "folders")) &&
      g_strcmp0 (json_object_get_string_member_with_default (o, "rules", NULL), naming_rules ()) == 0)
    *folders = json_object_get_object_member (o, "folders");
}

static gboolean
probe_cache_lookup (JsonObject      *programs,
                    GantryToolchain *tc,
                    const char      *identity)
{
  JsonObject *entry;
  JsonNode *node;

  if (programs == NULL || identity == NULL || !json_object_has_member (programs, tc->program))
    return FALSE;
  node = json_object_get_member (programs, tc->program);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  entry = json_node_get_object (node);
  if (g_strcmp0 (json_object_get_string_member_with_default (entry, "identity", NULL), identity) != 0)
    return FALSE;
  tc->version = g_strdup (json_object_get_string_member_with_default (entry, "version", NULL));
  tc->target = g_strdup (json_object_get_string_member_with_default (entry, "target", NULL));
  return TRUE;
}

static void
probe_cache_save (GPtrArray  *tools,
                  GPtrArray  *identities,
                  GPtrArray  *folders)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = gantry_toolchain_get_cache_dir ("probes.json");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_int_value (b, PROBE_CACHE_FORMAT);
  json_builder_set_member_name (b, "programs");
  json_builder_begin_object (b);
  for (guint i = 0; i < tools->len; i++)
    {
      GantryToolchain *tc = g_ptr_array_index (tools, i);
      const char *identity = g_ptr_array_index (identities, i);

      /* a probe that failed is asked again next time */
      if (identity == NULL || tc->version == NULL)
        continue;
      json_builder_set_member_name (b, tc->program);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "identity");
      json_builder_add_string_value (b, identity);
      json_builder_set_member_name (b, "version");
      json_builder_add_string_value (b, tc->version);
      json_builder_set_member_name (b, "target");
      if (tc->target != NULL)
        json_builder_add_string_value (b, tc->target);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "rules");
  json_builder_add_string_value (b, naming_rules ());
  json_builder_set_member_name (b, "folders");
  json_builder_begin_object (b);
  for (guint i = 0; i < folders->len; i++)
    {
      FolderScan *f = g_ptr_array_index (folders, i);

      json_builder_set_member_name (b, f->path);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "stamp");
      json_builder_add_string_value (b, f->stamp);
      json_builder_set_member_name (b, "scanned_at");
      json_builder_add_int_value (b, f->scanned_at);
      json_builder_set_member_name (b, "entries");
      json_builder_begin_array (b);
      for (guint k = 0; k < f->entries->len; k++)
        json_builder_add_string_value (b, g_ptr_array_index (f->entries, k));
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = json_to_string (root, FALSE);

  /* a cache: failing to write it only costs time next start */
  if (g_mkdir_with_parents (dir, 0700) == 0)
    g_file_set_contents (path, text, -1, NULL);
}

static int
compare_tools (gconstpointer pa,
               gconstpointer pb)
{
  const GantryToolchain *a = *(const GantryToolchain * const *) pa;
  const GantryToolchain *b = *(const GantryToolchain * const *) pb;
  int c = g_strcmp0 (a->kind, b->kind);

  return c != 0 ? c : g_strcmp0 (a->name, b->name);
}

/* Looks through @path_list (a PATH value) for the tools Gantry uses,
 * first match of each name wins as in a shell, and asks each for its
 * version. All probes run at once. Folders unchanged since the last
 * look, and programs unchanged since they were asked, come from the
 * probe cache. */
GPtrArray *
gantry_toolchain_detect_in_path (const char   *path_list,
                                 GCancellable *cancellable)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_toolchain_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) dirs_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) probes = g_array_new (FALSE, TRUE, sizeof (Probe));
  g_autoptr(GPtrArray) folders = g_ptr_array_new_with_free_func (folder_scan_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *cached_programs = NULL;
  JsonObject *cached_folders = NULL;
  guint folders_read = 0;
  g_auto(GStrv) dirs = NULL;

  if (path_list == NULL)
    path_list = g_getenv ("PATH");
  if (path_list == NULL)
    return g_steal_pointer (&out);

  probe_cache_load (parser, &cached_programs, &cached_folders);

  dirs = g_strsplit (path_list, G_SEARCHPATH_SEPARATOR_S, -1);
  for (guint d = 0; dirs[d] != NULL; d++)
    {
      g_autofree char *identity = NULL;
      FolderScan *folder;
      GStatBuf st;

      if (dirs[d][0] == '\0' || g_stat (dirs[d], &st) != 0)
        continue;
      /* the same folder twice (listed twice, or /bin → usr/bin) is read
       * once */
#ifdef G_OS_UNIX
      identity = g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT, (guint64) st.st_dev, (guint64) st.st_ino);
#else
      identity = g_utf8_casefold (dirs[d], -1);
#endif
      if (g_hash_table_contains (dirs_seen, identity))
        continue;
      g_hash_table_add (dirs_seen, g_steal_pointer (&identity));

      folder = scan_folder (dirs[d], &st, cached_folders);
      g_ptr_array_add (folders, folder);
      if (folder->fresh)
        folders_read++;

      for (guint e = 0; e < folder->entries->len; e++)
        {
          const char *entry = g_ptr_array_index (folder->entries, e);
          g_autofree char *name_copy = NULL;
          const char *name = program_name (entry, &name_copy);
          g_autofree char *full = NULL;
          g_autofree char *file_id = NULL;
          const char *kind;
          ProbeKind probe = PROBE_VERSION;
          GantryToolchain *tc;
          Probe p = { 0 };

          if (name == NULL || (kind = kind_for_name (name, &probe)) == NULL ||
              g_hash_table_contains (seen, name))
            continue;
          full = g_build_filename (dirs[d], entry, NULL);
          file_id = executable_identity (full);
          if (file_id == NULL)
            continue;

          g_hash_table_add (seen, g_strdup (name));
          tc = g_new0 (GantryToolchain, 1);
          tc->kind = g_strdup (kind);
          tc->name = g_strdup (name);
          tc->path = g_strdup (full);
          tc->program = g_strdup (full);
          tc->origin = g_strdup ("detected");
          tc->host_os = g_strdup (gantry_catalog_host_os ());
          tc->host_arch = g_strdup (gantry_catalog_host_arch ());
          g_ptr_array_add (out, tc);

          p.tc = tc;
          p.probe = probe;
          p.identity = g_steal_pointer (&file_id);
          g_array_append_val (probes, p);
        }
    }

  /* Answers cached from an earlier run for the same files are reused;
   * the rest are asked. */
  {
    g_autoptr(GArray) asked = g_array_new (FALSE, TRUE, sizeof (Probe));
    g_autoptr(GPtrArray) tools = g_ptr_array_new ();
    g_autoptr(GPtrArray) identities = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; i < probes->len; i++)
      {
        Probe *p = &g_array_index (probes, Probe, i);

        g_ptr_array_add (tools, p->tc);
        g_ptr_array_add (identities, p->identity);
        if (!probe_cache_lookup (cached_programs, p->tc, p->identity))
          g_array_append_val (asked, *p);
      }

    /* Spawn everything, then collect: the answers are a line or two,
     * well under a pipe's buffer, so no probe blocks another. Spawning
     * in batches keeps the number of open pipes modest. */
    for (guint start = 0; start < asked->len; start += 16)
      {
        guint end = MIN (start + 16, asked->len);

        for (guint i = start; i < end; i++)
          start_probe (&g_array_index (asked, Probe, i));
        for (guint i = start; i < end; i++)
          finish_probe (&g_array_index (asked, Probe, i), cancellable);
      }

    if ((asked->len > 0 || folders_read > 0) && !g_cancellable_is_cancelled (cancellable))
      probe_cache_save (tools, identities, folders);
  }

  g_ptr_array_sort (out, compare_tools);
  return g_steal_pointer (&out);
}

static void
add_installed_program (GPtrArray             *out,
                       const GantryToolchain *install,
                       const char            *kind,
                       const char            *program_name,
                       const char            *target)
{
  g_autofree char *bin = g_build_filename (install->path, "bin", NULL);
  g_autofree char *program = NULL;
  GantryToolchain *tc;

  if (g_str_equal (kind, "zig"))
    program = _gantry_toolchain_exe (install->path, "zig");
  else
    program = _gantry_toolchain_exe (bin, program_name);
  if (!g_file_test (program, G_FILE_TEST_EXISTS))
    return;

  tc = gantry_toolchain_copy (install);
  g_free (tc->install);
  tc->install = g_strdup (install->name);
  g_free (tc->kind);
  tc->kind = g_strdup (kind);
  g_free (tc->name);
  tc->name = g_strdup (program_name);
  g_free (tc->program);
  tc->program = g_steal_pointer (&program);
  tc->target = g_strdup (target);
  g_ptr_array_add (out, tc);
}

/* Everything usable for builds: Gantry's own installs first (their
 * programs, one entry per compiler they hold), then PATH. */
GPtrArray *
gantry_toolchain_detect (GantryStore   *store,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_toolchain_free);
  g_autoptr(GPtrArray) on_path = NULL;

  if (store != NULL)
    {
      g_autoptr(GPtrArray) installed = gantry_toolchain_list (store, "installed", error);

      if (installed == NULL)
        return NULL;
      for (guint i = 0; i < installed->len; i++)
        {
          GantryToolchain *tc = g_ptr_array_index (installed, i);

          if (g_str_equal (tc->kind, "go"))
            add_installed_program (out, tc, "go", "go", NULL);
          else if (g_str_equal (tc->kind, "zig"))
            add_installed_program (out, tc, "zig", "zig", NULL);
          else if (g_str_equal (tc->kind, "llvm-mingw"))
            {
              static const char *const triples[] = { "x86_64-w64-mingw32", "i686-w64-mingw32", "aarch64-w64-mingw32" };

              for (guint t = 0; t < G_N_ELEMENTS (triples); t++)
                {
                  g_autofree char *name = g_strdup_printf ("%s-clang", triples[t]);
                  add_installed_program (out, tc, "mingw-clang", name, triples[t]);
                }
            }
          else
            add_installed_program (out, tc, "mingw-gcc", "gcc", "x86_64-w64-mingw32");
        }
    }

  on_path = gantry_toolchain_detect_in_path (NULL, cancellable);
  for (guint i = 0; i < on_path->len; i++)
    g_ptr_array_add (out, g_steal_pointer (&g_ptr_array_index (on_path, i)));
  g_ptr_array_set_free_func (on_path, NULL);

  return g_steal_pointer (&out);
}

static void
detect_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *tools = gantry_toolchain_detect (source_object, cancellable, &error);

  if (tools == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, tools, (GDestroyNotify) g_ptr_array_unref);
}

/* gantry_toolchain_detect() in a worker thread: it runs a few dozen
 * short processes, too slow for the main loop. */
void
gantry_toolchain_detect_async (GantryStore         *store,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (store == NULL || GANTRY_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_toolchain_detect_async);
  g_task_run_in_thread (task, detect_worker);
}

GPtrArray *
gantry_toolchain_detect_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gantry_toolchain_detect_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

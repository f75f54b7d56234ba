/* test-toolchain-probe-cache.c — detection reuses cached versions until the program changes */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <utime.h>

#ifdef G_OS_WIN32
#include <windows.h>
#endif

#include "gantry-test-util.h"
#include "gantry-toolchain.h"

#ifdef G_OS_WIN32
#define EXE ".exe"
#else
#define EXE ""
#endif

static char *bin_dir;
static char *marker;

/* The fake programs are #!/bin/sh scripts, and on Windows copies of
 * fake-tool.exe (tests/toolchain/fake-tool.c), which print the text
 * of the .txt file beside them and count their runs in
 * $GANTRY_FAKE_TOOL_RUNS. */
static gboolean
skip_without_fakes (void)
{
#ifdef G_OS_WIN32
  const char *tool = g_getenv ("GANTRY_TEST_FAKE_TOOL");

  if (tool == NULL || !g_file_test (tool, G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip ("skipped: the fake toolchains are copies of fake-tool.exe, named by GANTRY_TEST_FAKE_TOOL (meson test sets it)");
      return TRUE;
    }
#else
  g_autofree char *sh = g_find_program_in_path ("sh");

  if (sh == NULL)
    {
      g_test_skip ("skipped: the fake toolchain is a /bin/sh script");
      return TRUE;
    }
#endif
  return FALSE;
}

#ifdef G_OS_WIN32
/* A new copy of fake-tool.exe as @name.exe in the PATH folder, with
 * @mtime as its time: the same size every time, so only the time tells
 * copies apart, as it does for two builds of one size. */
static void
write_fake_program (const char *name,
                    const char *output,
                    gint64      mtime)
{
  g_autofree char *exe_name = g_strconcat (name, ".exe", NULL);
  g_autofree char *txt_name = g_strconcat (name, ".txt", NULL);
  g_autofree char *exe = g_build_filename (bin_dir, exe_name, NULL);
  g_autofree char *txt = g_build_filename (bin_dir, txt_name, NULL);
  g_autofree char *answer = g_strconcat (output, "\n", NULL);
  g_autofree char *bytes = NULL;
  gsize len = 0;
  struct utimbuf times = { (time_t) mtime, (time_t) mtime };
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (g_getenv ("GANTRY_TEST_FAKE_TOOL"), &bytes, &len, &error));
  g_assert_true (g_file_set_contents (exe, bytes, len, &error));
  g_assert_true (g_file_set_contents (txt, answer, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_utime (exe, &times), ==, 0);
}
#endif

/* A fake zig that leaves a mark each time it is asked its version. */
static void
write_fake_zig (const char *version)
{
#ifdef G_OS_WIN32
  static gint64 upgrades;

  /* each copy an hour newer, as an upgrade would be */
  write_fake_program ("zig", version, g_get_real_time () / G_USEC_PER_SEC - 86400 + 3600 * ++upgrades);
#else
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\necho run >> '%s'\necho %s\n", marker, version);
  g_autofree char *path = g_build_filename (bin_dir, "zig", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, script, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
#endif
}

/* A fake docker or podman in the PATH folder. */
static void
write_fake_tool (const char *name,
                 const char *output)
{
#ifdef G_OS_WIN32
  write_fake_program (name, output, g_get_real_time () / G_USEC_PER_SEC - 7200);
#else
  g_autofree char *path = g_build_filename (bin_dir, name, NULL);
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\necho %s\n", output);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, script, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
#endif
}

static char *
detected_zig_version (void)
{
  g_autoptr(GPtrArray) tools = gantry_toolchain_detect_in_path (bin_dir, NULL);

  for (guint i = 0; i < tools->len; i++)
    {
      GantryToolchain *tc = g_ptr_array_index (tools, i);
      if (g_str_equal (tc->name, "zig"))
        return g_strdup (tc->version);
    }
  return NULL;
}

static guint
runs (void)
{
  g_autofree char *text = NULL;
  guint n = 0;

  if (!g_file_get_contents (marker, &text, NULL, NULL))
    return 0;
  for (const char *p = text; (p = strstr (p, "run")) != NULL; p += 3)
    n++;
  return n;
}

static void
test_probe_cache (void)
{
  g_autofree char *v1 = NULL, *v1_again = NULL, *v2 = NULL;

  if (skip_without_fakes ())
    return;

  write_fake_zig ("0.11.0");
  v1 = detected_zig_version ();
  g_assert_cmpstr (v1, ==, "0.11.0");
  g_assert_cmpuint (runs (), ==, 1);

  /* the same file: answered from the cache, the program is not run */
  v1_again = detected_zig_version ();
  g_assert_cmpstr (v1_again, ==, "0.11.0");
  g_assert_cmpuint (runs (), ==, 1);

  /* replaced (a new file, as an upgrade makes): asked again */
  write_fake_zig ("0.13.0");
  v2 = detected_zig_version ();
  g_assert_cmpstr (v2, ==, "0.13.0");
  g_assert_cmpuint (runs (), ==, 2);
}

static gboolean
detected (const char *name)
{
  g_autoptr(GPtrArray) tools = gantry_toolchain_detect_in_path (bin_dir, NULL);

  for (guint i = 0; i < tools->len; i++)
    if (g_str_equal (((GantryToolchain *) g_ptr_array_index (tools, i))->name, name))
      return TRUE;
  return FALSE;
}

static void
set_folder_time (const char *path,
                 gint64      seconds)
{
#ifdef G_OS_WIN32
  /* the C library's utime opens no folders on Windows */
  g_autofree gunichar2 *wide = g_utf8_to_utf16 (path, -1, NULL, NULL, NULL);
  guint64 ticks = ((guint64) seconds + G_GUINT64_CONSTANT (11644473600)) * 10000000;
  FILETIME ft = { (DWORD) ticks, (DWORD) (ticks >> 32) };
  HANDLE h = CreateFileW ((wchar_t *) wide, FILE_WRITE_ATTRIBUTES,
                          FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                          OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);

  g_assert_true (h != INVALID_HANDLE_VALUE);
  g_assert_true (SetFileTime (h, NULL, &ft, &ft));
  CloseHandle (h);
#else
  struct utimbuf times = { (time_t) seconds, (time_t) seconds };

  g_assert_cmpint (g_utime (path, &times), ==, 0);
#endif
}

/* A PATH folder is read again only when it changed: its list of names
 * is kept with its modification time. Shown by changing the folder and
 * putting its old time back, which the cache cannot tell apart. */
static void
test_folder_cache (void)
{
  g_autofree char *podman = g_build_filename (bin_dir, "podman" EXE, NULL);
  gint64 old = g_get_real_time () / G_USEC_PER_SEC - 3600;
  gint64 recent;
  g_autoptr(GError) error = NULL;

  if (skip_without_fakes ())
    return;

  write_fake_tool ("docker", "Docker version 27.0.0");
  set_folder_time (bin_dir, old);
  g_assert_true (detected ("docker"));   /* read, and remembered */

  write_fake_tool ("podman", "podman version 4.3.1");
  set_folder_time (bin_dir, old);
  g_assert_false (detected ("podman"));  /* the remembered list */
  g_assert_true (detected ("docker"));

  /* lists kept under another Gantry's naming rules are not trusted */
  {
    g_autofree char *cache = g_build_filename (g_getenv ("GANTRY_CACHE_DIR"), "probes.json", NULL);
    g_autofree char *text = NULL;
    char *rules;

    g_assert_true (g_file_get_contents (cache, &text, NULL, &error));
    rules = strstr (text, "\"rules\":\"");
    g_assert_nonnull (rules);
    rules[9] = rules[9] == '0' ? '1' : '0';   /* the fingerprint's first digit */
    g_assert_true (g_file_set_contents (cache, text, -1, &error));
    g_assert_true (detected ("podman"));
  }
  set_folder_time (bin_dir, old);
  g_assert_true (detected ("podman"));   /* read again and remembered */

  /* any real change moves the folder's time: read again */
  set_folder_time (bin_dir, old + 60);
  g_assert_true (detected ("podman"));

  /* a folder changed just before it was read is read every time, as a
   * second change within its timestamp's granularity would not show */
  g_assert_cmpint (g_remove (podman), ==, 0);
  /* (in the future, so no slowness of this machine can make it settled) */
  recent = g_get_real_time () / G_USEC_PER_SEC + 10;
  set_folder_time (bin_dir, recent);
  g_assert_false (detected ("podman"));
  write_fake_tool ("podman", "podman version 4.3.1");
  set_folder_time (bin_dir, recent);
  g_assert_true (detected ("podman"));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *root = gantry_test_make_tmpdir ("probe-cache");
  g_autofree char *cache = g_build_filename (root, "cache", NULL);
  int rc;

  /* before any thread exists: setenv is not thread-safe */
  g_setenv ("GANTRY_CACHE_DIR", cache, TRUE);
  bin_dir = g_build_filename (root, "bin", NULL);
  marker = g_build_filename (root, "runs.txt", NULL);
  g_setenv ("GANTRY_FAKE_TOOL_RUNS", marker, TRUE);
  g_mkdir_with_parents (bin_dir, 0755);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/toolchain/probe-cache", test_probe_cache);
  g_test_add_func ("/core/toolchain/folder-cache", test_folder_cache);
  rc = g_test_run ();

  gantry_test_rm_rf (root);
  g_free (bin_dir);
  g_free (marker);
  return rc;
}

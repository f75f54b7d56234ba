/* fake-tool.c — a stand-in compiler for the tests on Windows, where a #!/bin/sh script cannot run */
/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Copied into a test's tree as go.exe, zig.exe, docker.exe…: asked
 * anything, it prints the text of the file beside it named like itself
 * with ".txt" for ".exe" (go.txt: "go version go1.2.3 windows/amd64").
 * When $GANTRY_FAKE_TOOL_RUNS names a file, it adds a line "run" to it
 * each time, so a test can count the runs. Only the C library: the
 * copy must run wherever a test puts it, with no DLL beside it. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#include <windows.h>
#else
#define MAX_PATH 4096
#endif

static char *
own_path (const char *argv0)
{
#ifdef _WIN32
  static char path[MAX_PATH * 4];
  wchar_t wide[MAX_PATH];
  DWORD n = GetModuleFileNameW (NULL, wide, MAX_PATH);

  if (n == 0 || n >= MAX_PATH ||
      WideCharToMultiByte (CP_UTF8, 0, wide, -1, path, sizeof path, NULL, NULL) == 0)
    return NULL;
  return path;
#else
  return (char *) argv0;
#endif
}

static FILE *
open_utf8 (const char *path,
           const char *mode)
{
#ifdef _WIN32
  wchar_t wpath[MAX_PATH * 2];
  wchar_t wmode[8];

  if (MultiByteToWideChar (CP_UTF8, 0, path, -1, wpath, MAX_PATH * 2) == 0 ||
      MultiByteToWideChar (CP_UTF8, 0, mode, -1, wmode, 8) == 0)
    return NULL;
  return _wfopen (wpath, wmode);
#else
  return fopen (path, mode);
#endif
}

int
main (int   argc,
      char *argv[])
{
  const char *runs = getenv ("GANTRY_FAKE_TOOL_RUNS");
  const char *self = own_path (argv[0]);
  char answer_path[MAX_PATH * 4 + 8];
  char buf[4096];
  size_t len;
  size_t n;
  FILE *answer;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s ARGUMENT…\n", argv[0]);
      return 2;
    }
  if (self == NULL || strlen (self) + 5 > sizeof answer_path)
    {
      fprintf (stderr, "fake-tool: cannot tell where this program is\n");
      return 3;
    }

  if (runs != NULL && runs[0] != '\0')
    {
      FILE *log = open_utf8 (runs, "a");

      if (log != NULL)
        {
          fputs ("run\n", log);
          fclose (log);
        }
    }

  strcpy (answer_path, self);
  len = strlen (answer_path);
  if (len > 4 && (strcmp (answer_path + len - 4, ".exe") == 0 || strcmp (answer_path + len - 4, ".EXE") == 0))
    answer_path[len - 4] = '\0';
  strcat (answer_path, ".txt");

  answer = open_utf8 (answer_path, "rb");
  if (answer == NULL)
    {
      fprintf (stderr, "fake-tool: no answer file %s\n", answer_path);
      return 3;
    }
#ifdef _WIN32
  _setmode (_fileno (stdout), _O_BINARY);   /* the answer as written, no \r added */
#endif
  while ((n = fread (buf, 1, sizeof buf, answer)) > 0)
    fwrite (buf, 1, n, stdout);
  fclose (answer);
  return 0;
}

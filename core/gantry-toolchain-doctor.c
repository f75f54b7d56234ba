/* gantry-toolchain-doctor.c — builds a tiny cgo program per target to prove each compiler works */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-doctor"

#include "config.h"

#include <string.h>

#include "gantry-go-graph.h"
#include "gantry-paths.h"
#include "gantry-target.h"
#include "gantry-toolchain-private.h"

static const char doctor_c[] =
  "#include <stdio.h>\n"
  "int main (void) { puts (\"gantry doctor\"); return 0; }\n";

static const char doctor_go[] =
  "package main\n"
  "\n"
  "/*\n"
  "static int gantry_doctor_answer (void) { return 42; }\n"
  "*/\n"
  "import \"C\"\n"
  "\n"
  "import \"fmt\"\n"
  "\n"
  "func main() { fmt.Println(int(C.gantry_doctor_answer())) }\n";

static const char doctor_go_nocgo[] =
  "package main\n"
  "\n"
  "import \"fmt\"\n"
  "\n"
  "func main() { fmt.Println(42) }\n";

static const char doctor_mod[] = "module gantry.invalid/doctor\n\ngo 1.18\n";

/* The native build, a static musl build, the usual ARM server and Windows:
 * what a cgo project is most often released for. */
static const char * const default_targets[] = {
  "linux/amd64", "linux/amd64/musl/static", "linux/arm64", "windows/amd64", NULL,
};

const char * const *
gantry_doctor_default_targets (void)
{
  return default_targets;
}

/* A check of @target that stopped at @step, with @output as the reason:
 * what the resolver's refusal and a target that does not parse look like. */
GantryDoctorResult *
gantry_doctor_result_new_failed (const char *target,
                                 const char *step,
                                 const char *output)
{
  GantryDoctorResult *r;

  g_return_val_if_fail (target != NULL, NULL);
  g_return_val_if_fail (step != NULL, NULL);

  r = g_new0 (GantryDoctorResult, 1);
  r->target = g_strdup (target);
  r->ok = FALSE;
  r->step = g_strdup (step);
  r->output = g_strdup (output);
  return r;
}

GantryDoctorResult *
gantry_doctor_result_copy (const GantryDoctorResult *r)
{
  GantryDoctorResult *copy;

  g_return_val_if_fail (r != NULL, NULL);

  copy = g_new0 (GantryDoctorResult, 1);
  copy->target = g_strdup (r->target);
  copy->ok = r->ok;
  copy->compiler = g_strdup (r->compiler);
  copy->cc = g_strdup (r->cc);
  copy->reason = g_strdup (r->reason);
  copy->step = g_strdup (r->step);
  copy->command = g_strdup (r->command);
  copy->output = g_strdup (r->output);
  copy->explanation = g_strdup (r->explanation);
  copy->seconds = r->seconds;
  return copy;
}

void
gantry_doctor_result_free (GantryDoctorResult *r)
{
  if (r == NULL)
    return;
  g_free (r->target);
  g_free (r->compiler);
  g_free (r->cc);
  g_free (r->reason);
  g_free (r->step);
  g_free (r->command);
  g_free (r->output);
  g_free (r->explanation);
  g_free (r);
}

static gboolean
contains (const char *haystack,
          const char *needle)
{
  return haystack != NULL && strstr (haystack, needle) != NULL;
}

static char *
group (const char *pattern,
       const char *text)
{
  g_autoptr(GRegex) re = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) info = NULL;

  if (re == NULL || !g_regex_match (re, text, 0, &info))
    return NULL;
  return g_match_info_fetch (info, 1);
}

/* A plain reading of the failures people meet most, or NULL. */
char *
gantry_doctor_explain (const char            *output,
                       const GantryCcRequest *req)
{
  const char *arch = req && req->goarch ? req->goarch : "the target";
  const char *os = req && req->goos ? req->goos : "";
  g_autofree char *module = NULL;
  g_autofree char *header = NULL;

  if (output == NULL)
    return NULL;

  /* modules not downloaded yet, and no network to fetch them */
  if ((module = group ("([^\\s:]+)@v[^\\s:]*: (?:Get \"[^\"]*\": )?(?:dial tcp|.*no such host|.*GOPROXY=off)", output)) != NULL ||
      ((contains (output, "module lookup disabled") || contains (output, "dial tcp")) &&
       (module = group ("go: downloading (\\S+) v", output)) != NULL))
    return g_strdup_printf ("The module %s is not in the module cache and cannot be downloaded here: connect to the network once (go mod download), or vendor it: go mod vendor.",
                            module);
  if ((module = group ("missing go.sum entry for module providing package (\\S+)", output)) != NULL)
    return g_strdup_printf ("go.sum has no entry for the module that provides %s: run 'go mod tidy' (it downloads it) while online, and commit go.sum.",
                            module);

  if (contains (output, "pkg-config") && contains (output, "was not found in the pkg-config search path"))
    {
      g_autofree char *library = group ("Package (\\S+) was not found in the pkg-config search path", output);

      g_autofree char *what = library != NULL
        ? g_strdup_printf ("The library %s, which a package names with #cgo pkg-config,", library)
        : g_strdup ("A library a package names with #cgo pkg-config");

      return g_strdup_printf ("%s is not installed for %s/%s: 'gantry doctor PROJECT' names the package to install "
                              "(Debian: its -dev package for :%s), or link it statically or vendor it.",
                              what, os, arch, arch);
    }
  if (contains (output, "build constraints exclude all Go files"))
    return g_strdup_printf ("A package is made only of cgo files and cgo is off for %s/%s: turn cgo on for this target.", os, arch);
  if (contains (output, "runtime/cgo") &&
      (contains (output, "no such instruction") || contains (output, "unknown mnemonic") ||
       contains (output, "invalid instruction") || contains (output, "unrecognized command-line option") ||
       contains (output, "unknown architecture") || contains (output, "Error: ")))
    return g_strdup_printf ("runtime/cgo's C and assembly did not compile: the C compiler builds for another architecture than GOARCH=%s. Use a compiler for %s/%s (a cross gcc, MinGW for windows, or zig cc -target).",
                            arch, os, arch);
  if (contains (output, "unrecognized command-line option '-m64'") || contains (output, "unrecognized command-line option '-marm'") ||
      contains (output, "unrecognized command line option") || contains (output, "unknown target triple"))
    return g_strdup_printf ("The compiler does not understand the flags Go passes for %s: it is a compiler for another architecture.", arch);
  if (contains (output, "executable file not found") || (contains (output, "No such file or directory") && contains (output, "exec:")))
    return g_strdup ("The C compiler named in CC is not installed or not on PATH: install it, or pick another with 'gantry toolchain resolve'.");
  /* a C header the compiler for this target cannot see: a library's
   * development files are there for another target, or not at all */
  if ((header = group ("fatal error: ([^:\\s]+\\.h[^:\\s]*): No such file or directory", output)) != NULL)
    {
      gboolean musl = g_strcmp0 (req ? req->libc : NULL, "musl") == 0 ||
                      (req != NULL && req->libc == NULL && req->is_static && g_strcmp0 (req->goos, "linux") == 0);

      if (musl)
        return g_strdup_printf ("The C header %s is not there for the musl compiler: this machine's libraries (the -dev packages) "
                                "are built for glibc, and musl-gcc does not see them. Build this target dynamically (glibc), "
                                "build the library for musl, or build its sources with Zig from Toolchains ('" GANTRY_INSTALL_COMMAND "zig').", header);
      return g_strdup_printf ("The C header %s is missing for %s/%s: install the library's development files for that target "
                              "(Debian: NAME-dev:%s; MSYS2: mingw-w64-ucrt-x86_64-NAME), or vendor its sources.",
                              header, os, arch, arch);
    }
  if (contains (output, "cannot find -l") || contains (output, "unable to find library -l"))
    return g_strdup_printf ("A library the link needs is missing for %s/%s: install the target's development package, or link statically with musl.", os, arch);
  if (contains (output, "unable to find dynamic system library") || (contains (output, "zig") && contains (output, "static")))
    return g_strdup ("Zig refuses -static on glibc targets: build this target with musl (…/musl/static), or drop static.");
  if (contains (output, "AccessDenied") || contains (output, "unable to create cache") || contains (output, "ReadOnlyFileSystem"))
    return g_strdup ("Zig could not write its cache: point ZIG_GLOBAL_CACHE_DIR at a writable folder.");
  if (contains (output, "GLIBC_") && contains (output, "not found"))
    return g_strdup ("The binary needs a newer glibc than the machine that ran it: build with a glibc floor (zig cc -target …-linux-gnu.2.17) or with musl.");
  if (contains (output, "undefined reference to `__imp_") || contains (output, "undefined reference to `__mingw"))
    return g_strdup ("The MinGW import libraries do not match the compiler: use one MinGW toolchain for the whole build.");
  if (contains (output, "linker `") || contains (output, "collect2: error") || contains (output, "ld: error") ||
      contains (output, "ld returned"))
    return g_strdup ("The link step failed: the compiler found no usable libraries for this target.");
  if (contains (output, "go: cannot find GOROOT") || contains (output, "go: not found"))
    return g_strdup ("Go is missing or broken: install it with '" GANTRY_INSTALL_COMMAND "go'.");
  return NULL;
}

static char *
command_text (const char * const *env,
              const char * const *argv)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *args = _gantry_toolchain_shell_quote (argv);

  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      const char *eq = strchr (env[i], '=');
      g_autofree char *key = eq ? g_strndup (env[i], eq - env[i]) : g_strdup (env[i]);
      const char *value = eq ? eq + 1 : "";
      const char *one[] = { value, NULL };
      g_autofree char *quoted = _gantry_toolchain_shell_quote (one);

      g_string_append_printf (s, "%s=%s ", key, quoted);
    }
  g_string_append (s, args);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* CC is words split on spaces, as Go splits it. Toolchain paths never
 * hold spaces (installs refuse them), so no quoting is involved; on
 * Windows a shell parser would eat the backslashes of C:\…\zig.exe. */
static gboolean
split_cc (const char   *cc,
          char       ***argv_out,
          GError      **error)
{
#ifdef G_OS_UNIX
  return g_shell_parse_argv (cc, NULL, argv_out, error);
#else
  g_auto(GStrv) words = g_strsplit (cc, " ", -1);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_strv_builder_add (b, words[i]);
  *argv_out = g_strv_builder_end (b);
  if ((*argv_out)[0] == NULL)
    {
      g_set_error (error, GANTRY_TOOLCHAIN_ERROR, GANTRY_TOOLCHAIN_ERROR_FAILED, "CC is empty");
      return FALSE;
    }
  return TRUE;
#endif
}

static GantryToolchain *
find_go (GPtrArray *tools)
{
  for (guint i = 0; tools != NULL && i < tools->len; i++)
    {
      GantryToolchain *tc = g_ptr_array_index (tools, i);

      if (g_strcmp0 (tc->kind, "go") == 0 && tc->program != NULL)
        return tc;
    }
  return NULL;
}

static gboolean
write_file (const char  *dir,
            const char  *name,
            const char  *text,
            GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_set_contents (path, text, -1, error);
}

static gboolean
fail (GantryDoctorResult    *r,
      const char            *step,
      char                  *output,
      const GantryCcRequest *req)
{
  r->ok = FALSE;
  r->step = g_strdup (step);
  r->output = output ? g_strstrip (output) : NULL;
  r->explanation = gantry_doctor_explain (r->output, req);
  return FALSE;
}

static gboolean
run_steps (GantryDoctorResult    *r,
           const GantryCcRequest *req,
           GantryCcChoice        *choice,
           GPtrArray             *tools,
           const char            *work,
           GCancellable          *cancellable)
{
  g_autoptr(GStrvBuilder) env_b = g_strv_builder_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = NULL;
  g_autofree char *output = NULL;
  g_autofree char *out_name = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  /* The C file sits in a folder of its own, or cgo would compile it into the program. */
  g_autofree char *c_dir = g_build_filename (work, "c", NULL);
  GantryToolchain *go;
  int status = -1;

  if (!write_file (work, "go.mod", doctor_mod, &error) ||
      !write_file (work, "main.go", choice->cgo_enabled ? doctor_go : doctor_go_nocgo, &error) ||
      !gantry_paths_ensure_dir (c_dir, &error) ||
      !write_file (c_dir, "doctor.c", doctor_c, &error))
    return fail (r, "setup", g_strdup (error->message), req);

  for (guint i = 0; choice->env != NULL && choice->env[i] != NULL; i++)
    g_strv_builder_add (env_b, choice->env[i]);

  /* 1. The C compiler alone: compile and link a C file for the target. */
  if (choice->cgo_enabled)
    {
      g_auto(GStrv) cc_argv = NULL;
      g_auto(GStrv) c_env = g_strv_builder_end (env_b);
      g_autoptr(GPtrArray) cc_full = g_ptr_array_new ();

      if (!split_cc (choice->cc, &cc_argv, &error))
        return fail (r, "cc", g_strdup (error->message), req);
      for (guint i = 0; cc_argv[i] != NULL; i++)
        g_ptr_array_add (cc_full, cc_argv[i]);
      g_ptr_array_add (cc_full, (char *) "-o");
      g_ptr_array_add (cc_full, (char *) "doctor-c.out");
      g_ptr_array_add (cc_full, (char *) "doctor.c");
      g_ptr_array_add (cc_full, NULL);

      g_free (r->command);
      r->command = command_text ((const char * const *) c_env, (const char * const *) cc_full->pdata);
      if (!_gantry_toolchain_run ((const char * const *) cc_full->pdata, (const char * const *) c_env,
                                  c_dir, cancellable, &output, &status, &error))
        return fail (r, "cc", g_strdup (error->message), req);
      if (status != 0)
        return fail (r, "cc", g_steal_pointer (&output), req);
      g_clear_pointer (&output, g_free);

      for (guint i = 0; c_env[i] != NULL; i++)
        g_strv_builder_add (env_b, c_env[i]);
    }

  /* 2. go build of a cgo program with that compiler. */
  go = find_go (tools);
  if (go == NULL)
    return fail (r, "go build", g_strdup ("go was not found on PATH or in Gantry's installs"), req);

  g_strv_builder_add (env_b, choice->cgo_enabled ? "CGO_ENABLED=1" : "CGO_ENABLED=0");
  {
    g_autofree char *goos = g_strdup_printf ("GOOS=%s", req->goos);
    g_autofree char *goarch = g_strdup_printf ("GOARCH=%s", req->goarch);

    g_strv_builder_add (env_b, goos);
    g_strv_builder_add (env_b, goarch);
  }
  if (req->goarm != NULL)
    {
      g_autofree char *goarm = g_strdup_printf ("GOARM=%s", req->goarm);
      g_strv_builder_add (env_b, goarm);
    }
  if (choice->cc != NULL)
    {
      g_autofree char *cc = g_strdup_printf ("CC=%s", choice->cc);
      g_strv_builder_add (env_b, cc);
    }
  if (choice->cxx != NULL)
    {
      g_autofree char *cxx = g_strdup_printf ("CXX=%s", choice->cxx);
      g_strv_builder_add (env_b, cxx);
    }
  /* HOME may be unset (CI): Go needs a cache and a GOPATH all the same. */
  if (g_getenv ("GOCACHE") == NULL)
    {
      g_autofree char *cache = gantry_toolchain_get_cache_dir ("go-build");
      g_autofree char *kv = g_strdup_printf ("GOCACHE=%s", cache);
      g_strv_builder_add (env_b, kv);
    }
  if (g_getenv ("GOPATH") == NULL && g_getenv ("HOME") == NULL)
    {
      g_autofree char *gopath = gantry_toolchain_get_cache_dir ("gopath");
      g_autofree char *kv = g_strdup_printf ("GOPATH=%s", gopath);
      g_strv_builder_add (env_b, kv);
    }
  g_strv_builder_add (env_b, "GOFLAGS=-buildvcs=false");
  g_strv_builder_add (env_b, "GOTOOLCHAIN=local");
  env = g_strv_builder_end (env_b);

  out_name = g_strcmp0 (req->goos, "windows") == 0 ? g_strdup ("doctor.exe") : g_strdup ("doctor");
  g_ptr_array_add (argv, g_strdup (go->program));
  g_ptr_array_add (argv, g_strdup ("build"));
  g_ptr_array_add (argv, g_strdup ("-o"));
  g_ptr_array_add (argv, g_strdup (out_name));
  if (choice->tags != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("-tags"));
      g_ptr_array_add (argv, g_strdup (choice->tags));
    }
  if (choice->ldflags != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("-ldflags"));
      g_ptr_array_add (argv, g_strdup (choice->ldflags));
    }
  g_ptr_array_add (argv, g_strdup ("."));
  g_ptr_array_add (argv, NULL);

  g_free (r->command);
  r->command = command_text ((const char * const *) env, (const char * const *) argv->pdata);
  if (!_gantry_toolchain_run ((const char * const *) argv->pdata, (const char * const *) env,
                              work, cancellable, &output, &status, &error))
    return fail (r, "go build", g_strdup (error->message), req);
  if (status != 0)
    return fail (r, "go build", g_steal_pointer (&output), req);

  {
    g_autofree char *binary = g_build_filename (work, out_name, NULL);

    if (!g_file_test (binary, G_FILE_TEST_IS_REGULAR))
      return fail (r, "go build", g_strdup ("go build succeeded but wrote no binary"), req);
  }

  r->ok = TRUE;
  r->output = output ? g_strstrip (g_steal_pointer (&output)) : NULL;
  return TRUE;
}

/* For @target: choose the compiler, compile and link a C file with it,
 * then go build a tiny cgo program. Never fails as a call: the result
 * says ✓ or ✗, with the tool's own words and a plain explanation. */
GantryDoctorResult *
gantry_doctor_check (const GantryTargetSpec *target,
                     gboolean                cgo,
                     GPtrArray              *tools,
                     GCancellable           *cancellable)
{
  g_autoptr(GantryDoctorResult) r = NULL;
  g_autoptr(GPtrArray) choices = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autofree char *work = NULL;
  g_autofree char *name = NULL;
  GantryCcRequest req;
  GantryCcChoice *choice;

  g_return_val_if_fail (target != NULL, NULL);

  name = gantry_target_spec_to_string (target);
  gantry_target_spec_to_request (target, cgo, &req);

  choices = gantry_toolchain_resolve (&req, tools, &error);
  if (choices == NULL)
    {
      r = gantry_doctor_result_new_failed (name, "resolve", error->message);
      r->seconds = g_timer_elapsed (timer, NULL);
      return g_steal_pointer (&r);
    }

  r = g_new0 (GantryDoctorResult, 1);
  r->target = g_steal_pointer (&name);

  choice = g_ptr_array_index (choices, 0);
  r->compiler = g_strdup (choice->compiler);
  r->cc = g_strdup (choice->cc);
  r->reason = g_strdup (choice->reason);

  work = g_dir_make_tmp ("gantry-doctor-XXXXXX", &error);
  if (work == NULL)
    {
      fail (r, "setup", g_strdup (error->message), &req);
      return g_steal_pointer (&r);
    }

  run_steps (r, &req, choice, tools, work, cancellable);
  gantry_archive_remove_tree (work, NULL);
  r->seconds = g_timer_elapsed (timer, NULL);
  return g_steal_pointer (&r);
}

/* ------------------------------------------------------------------ */
/* What the build graph needs: C++ and pkg-config libraries            */
/* ------------------------------------------------------------------ */

static const char doctor_cxx[] =
  "#include <string>\n"
  "#include <cstdio>\n"
  "int main () { std::string s (\"gantry doctor\"); std::puts (s.c_str ()); return 0; }\n";

/* Debian's multiarch triplet for a Linux GOARCH, and its dpkg arch. */
static gboolean
debian_arch (const char  *goarch,
             const char **triplet,
             const char **dpkg)
{
  const GantryArchNames *names = gantry_arch_names (goarch);

  if (names == NULL)
    return FALSE;
  *triplet = names->multiarch;
  *dpkg = names->dpkg;
  return TRUE;
}

char *
gantry_doctor_pkg_config_libdir (const char *goos,
                                 const char *goarch)
{
  const char *triplet, *dpkg;

  g_return_val_if_fail (goos != NULL && goarch != NULL, NULL);

  if (g_str_equal (goos, gantry_catalog_host_os ()) && g_str_equal (goarch, gantry_catalog_host_arch ()))
    return NULL;
  if (g_str_equal (goos, "windows"))
    return g_strdup_printf ("/usr/%s-w64-mingw32/lib/pkgconfig",
                            g_str_equal (goarch, "386") ? "i686" : g_str_equal (goarch, "arm64") ? "aarch64" : "x86_64");
  if (g_str_equal (goos, "linux") && debian_arch (goarch, &triplet, &dpkg))
    return g_strdup_printf ("/usr/lib/%s/pkgconfig%c/usr/share/pkgconfig", triplet, G_SEARCHPATH_SEPARATOR);
  return g_strdup_printf ("/nonexistent/%s-%s/pkgconfig", goos, goarch);
}

/* "zlib1g-dev" when this machine has NAME.pc for itself from a Debian
 * package: the same package exists for the target's architecture. */
static char *
debian_package_for (const char *name)
{
  g_autofree char *dpkg = g_find_program_in_path ("dpkg-query");
  g_autofree char *pkg_config = g_find_program_in_path ("pkg-config");
  g_autofree char *pcdir = NULL;
  g_autofree char *pc = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *file = g_strconcat (name, ".pc", NULL);
  int status = -1;

  if (dpkg == NULL || pkg_config == NULL)
    return NULL;
  {
    const char *argv[] = { pkg_config, "--variable=pcfiledir", name, NULL };

    if (!_gantry_toolchain_run (argv, NULL, NULL, NULL, &pcdir, &status, NULL) || status != 0 || pcdir == NULL)
      return NULL;
    g_strstrip (pcdir);
  }
  pc = g_build_filename (pcdir, file, NULL);
  {
    const char *argv[] = { dpkg, "-S", pc, NULL };

    if (!_gantry_toolchain_run (argv, NULL, NULL, NULL, &owner, &status, NULL) || status != 0 || owner == NULL)
      return NULL;
  }
  /* "zlib1g-dev:amd64: /usr/lib/x86_64-linux-gnu/pkgconfig/zlib.pc" */
  owner[strcspn (owner, ":,\n")] = '\0';
  return owner[0] ? g_steal_pointer (&owner) : NULL;
}

static GantryDoctorResult *
needs_result (const char *target,
              const char *step)
{
  GantryDoctorResult *r = g_new0 (GantryDoctorResult, 1);

  r->target = g_strdup (target);
  r->step = g_strdup (step);
  return r;
}

char *
gantry_doctor_cxx_problem (const GantryCcChoice *choice,
                           const char           *target)
{
  g_auto(GStrv) words = NULL;
  g_autofree char *found = NULL;
  const char *apt = NULL;

  g_return_val_if_fail (choice != NULL, NULL);
  g_return_val_if_fail (target != NULL, NULL);

  if (choice->cxx != NULL && split_cc (choice->cxx, &words, NULL) && words[0] != NULL)
    {
      found = g_path_is_absolute (words[0])
              ? (g_file_test (words[0], G_FILE_TEST_IS_EXECUTABLE) ? g_strdup (words[0]) : NULL)
              : g_find_program_in_path (words[0]);
      if (found != NULL)
        return NULL;
    }
  if (choice->cc != NULL && strstr (choice->cc, "aarch64-linux-gnu-gcc") != NULL)
    apt = "g++-aarch64-linux-gnu";
  else if (choice->cc != NULL && strstr (choice->cc, "arm-linux-gnueabihf-gcc") != NULL)
    apt = "g++-arm-linux-gnueabihf";
  else if (choice->cc != NULL && strstr (choice->cc, "w64-mingw32-gcc") != NULL)
    apt = "g++-mingw-w64-x86-64";
  else if (choice->cc != NULL && strstr (choice->cc, "musl-gcc") != NULL)
    return g_strdup_printf ("C++ files in the build need a C++ compiler for %s, and musl-gcc has none: use Zig (" GANTRY_INSTALL_COMMAND "zig), whose zig c++ builds static musl C++",
                            target);
  else if (choice->cc != NULL && g_str_has_suffix (choice->cc, "gcc"))
    apt = "g++";
  return g_strdup_printf ("C++ files in the build need a C++ compiler for %s, and %s is not installed: install %s%s, or use Zig (" GANTRY_INSTALL_COMMAND "zig)",
                          target, choice->cxx ? choice->cxx : "none fits",
                          apt ? "the Debian package " : "one", apt ? apt : "");
}

guint
gantry_doctor_pick_cxx_choice (GPtrArray  *choices,
                               const char *target)
{
  g_return_val_if_fail (choices != NULL, 0);
  g_return_val_if_fail (target != NULL, 0);

  for (guint i = 0; i < choices->len; i++)
    {
      g_autofree char *problem = gantry_doctor_cxx_problem (g_ptr_array_index (choices, i), target);

      if (problem == NULL)
        return i;
    }
  return 0;
}

static void
check_cxx (GantryDoctorResult    *r,
           const GantryCcRequest *req,
           GantryCcChoice        *choice,
           GCancellable          *cancellable)
{
  g_autofree char *work = NULL;
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) cxx_argv = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  int status = -1;

  r->compiler = g_strdup (choice->compiler);
  r->cc = g_strdup (choice->cxx);
  r->reason = gantry_doctor_cxx_problem (choice, r->target);
  if (r->reason != NULL)
    {
      r->explanation = g_strdup (r->reason);
      return;
    }
  r->reason = g_strdup ("C++ files in the build: CXX compiles and links them for the target");
  if (!split_cc (choice->cxx, &cxx_argv, &error) ||
      (work = g_dir_make_tmp ("gantry-doctor-cxx-XXXXXX", &error)) == NULL ||
      !write_file (work, "doctor.cc", doctor_cxx, &error))
    {
      r->output = g_strdup (error->message);
      return;
    }
  for (guint i = 0; cxx_argv[i] != NULL; i++)
    g_ptr_array_add (argv, cxx_argv[i]);
  g_ptr_array_add (argv, (char *) "-o");
  g_ptr_array_add (argv, (char *) (g_strcmp0 (req->goos, "windows") == 0 ? "doctor-cxx.exe" : "doctor-cxx.out"));
  g_ptr_array_add (argv, (char *) "doctor.cc");
  g_ptr_array_add (argv, NULL);
  r->command = command_text ((const char * const *) choice->env, (const char * const *) argv->pdata);
  if (!_gantry_toolchain_run ((const char * const *) argv->pdata, (const char * const *) choice->env,
                              work, cancellable, &output, &status, &error))
    r->output = g_strdup (error->message);
  else if (status != 0)
    r->output = g_strstrip (g_steal_pointer (&output));
  else
    r->ok = TRUE;
  if (!r->ok)
    r->explanation = gantry_doctor_explain (r->output, req);
  gantry_archive_remove_tree (work, NULL);
}

static void
check_pkg_config (GantryDoctorResult     *r,
                  const GantryTargetSpec *target,
                  const char             *name,
                  GCancellable           *cancellable)
{
  g_autofree char *pkg_config = g_find_program_in_path ("pkg-config");
  g_autofree char *libdir = gantry_doctor_pkg_config_libdir (target->goos, target->goarch);
  g_autofree char *output = NULL;
  g_autofree char *libdir_kv = NULL;
  g_autoptr(GError) error = NULL;
  const char *env[] = { NULL, "PKG_CONFIG_PATH=", NULL };
  int status = -1;

  if (pkg_config == NULL)
    {
      r->output = g_strdup ("pkg-config was not found on PATH");
      r->explanation = g_strdup_printf ("the build asks pkg-config for %s: install pkg-config (Debian: pkg-config; MSYS2: mingw-w64-ucrt-x86_64-pkgconf)", name);
      return;
    }
  if (libdir != NULL)
    {
      libdir_kv = g_strconcat ("PKG_CONFIG_LIBDIR=", libdir, NULL);
      env[0] = libdir_kv;
    }
  {
    const char *argv[] = { pkg_config, "--print-errors", "--cflags", "--libs", name, NULL };

    r->command = command_text (libdir ? env : NULL, argv);
    if (!_gantry_toolchain_run (argv, libdir ? env : NULL, NULL, cancellable, &output, &status, &error))
      {
        r->output = g_strdup (error->message);
        return;
      }
  }
  r->output = output ? g_strstrip (g_steal_pointer (&output)) : NULL;
  if (status == 0)
    {
      r->ok = TRUE;
      r->reason = g_strdup_printf ("%s is there for %s%s%s", name, r->target,
                                   libdir ? " in " : "", libdir ? libdir : "");
      return;
    }

  {
    g_autofree char *package = debian_package_for (name);
    const char *triplet = NULL, *dpkg = NULL;

    if (g_str_equal (target->goos, "windows"))
      r->explanation = g_strdup_printf ("%s is not built for %s here: in MSYS2 install mingw-w64-ucrt-x86_64-%s (the name may differ), or link it statically or vendor it",
                                        name, r->target, name);
    else if (g_str_equal (target->goos, "linux") && debian_arch (target->goarch, &triplet, &dpkg) && libdir == NULL)
      r->explanation = g_strdup_printf ("%s is not installed for this machine: install %s, or link it statically or vendor it",
                                        name, package ? package : "its -dev package");
    else if (g_str_equal (target->goos, "linux") && debian_arch (target->goarch, &triplet, &dpkg))
      r->explanation = g_strdup_printf ("%s is not installed for %s: install %s:%s (dpkg --add-architecture %s; apt-get update first), or link it statically or vendor it",
                                        name, r->target, package ? package : "its -dev package", dpkg, dpkg);
    else
      r->explanation = g_strdup_printf ("%s is not built for %s on this machine: link it statically or vendor it", name, r->target);
  }
}

void
gantry_doctor_check_needs (const GantryTargetSpec *target,
                           GantryGoGraph          *graph,
                           GPtrArray              *tools,
                           GPtrArray              *results,
                           GCancellable           *cancellable)
{
  g_autofree char *name = NULL;
  const char * const *libs;

  g_return_if_fail (target != NULL);
  g_return_if_fail (graph != NULL);
  g_return_if_fail (results != NULL);

  name = gantry_target_spec_to_string (target);
  if (gantry_go_graph_needs_cxx (graph))
    {
      g_autoptr(GTimer) timer = g_timer_new ();
      GantryDoctorResult *r = needs_result (name, "cxx");
      g_autoptr(GPtrArray) choices = NULL;
      g_autoptr(GError) error = NULL;
      GantryCcRequest req;

      gantry_target_spec_to_request (target, TRUE, &req);
      choices = gantry_toolchain_resolve (&req, tools, &error);
      if (choices == NULL || choices->len == 0)
        {
          r->output = g_strdup (error ? error->message : "no C compiler fits this target");
          r->explanation = g_strdup_printf ("no C or C++ compiler for %s: %s", name, r->output);
        }
      else
        check_cxx (r, &req, g_ptr_array_index (choices, gantry_doctor_pick_cxx_choice (choices, name)), cancellable);
      r->seconds = g_timer_elapsed (timer, NULL);
      g_ptr_array_add (results, r);
    }

  libs = gantry_go_graph_get_pkg_config (graph);
  for (guint i = 0; libs[i] != NULL; i++)
    {
      g_autoptr(GTimer) timer = g_timer_new ();
      g_autofree char *step = g_strdup_printf ("pkg-config %s", libs[i]);
      GantryDoctorResult *r = needs_result (name, step);

      check_pkg_config (r, target, libs[i], cancellable);
      r->seconds = g_timer_elapsed (timer, NULL);
      g_ptr_array_add (results, r);
    }
}

typedef struct
{
  GantryTargetSpec spec;
  gboolean cgo;
  GPtrArray *tools;
} DoctorJob;

static void
doctor_job_free (gpointer p)
{
  DoctorJob *job = p;

  gantry_target_spec_clear (&job->spec);
  g_ptr_array_unref (job->tools);
  g_free (job);
}

static void
doctor_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DoctorJob *job = task_data;

  g_task_return_pointer (task, gantry_doctor_check (&job->spec, job->cgo, job->tools, cancellable),
                         (GDestroyNotify) gantry_doctor_result_free);
}

/* gantry_doctor_check() in a worker thread; @tools is copied. */
void
gantry_doctor_check_async (const GantryTargetSpec *target,
                           gboolean                cgo,
                           GPtrArray              *tools,
                           GCancellable           *cancellable,
                           GAsyncReadyCallback     callback,
                           gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  DoctorJob *job;

  g_return_if_fail (target != NULL);
  g_return_if_fail (tools != NULL);

  job = g_new0 (DoctorJob, 1);
  job->spec.goos = g_strdup (target->goos);
  job->spec.goarch = g_strdup (target->goarch);
  job->spec.goarm = g_strdup (target->goarm);
  job->spec.libc = g_strdup (target->libc);
  job->spec.is_static = target->is_static;
  job->spec.glibc_floor = g_strdup (target->glibc_floor);
  job->cgo = cgo;
  job->tools = g_ptr_array_new_full (tools->len, (GDestroyNotify) gantry_toolchain_free);
  for (guint i = 0; i < tools->len; i++)
    g_ptr_array_add (job->tools, gantry_toolchain_copy (g_ptr_array_index (tools, i)));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_doctor_check_async);
  g_task_set_task_data (task, job, doctor_job_free);
  g_task_run_in_thread (task, doctor_worker);
}

GantryDoctorResult *
gantry_doctor_check_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gantry_doctor_check_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

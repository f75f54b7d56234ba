/* gantry-inspect.c — GantryBinary: the facts about one executable, and the entry points */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-inspect"

#include "config.h"

#include <errno.h>

#include <glib/gstdio.h>

#include "gantry-inspect-private.h"

G_DEFINE_QUARK (gantry-inspect-error-quark, gantry_inspect_error)

G_DEFINE_FINAL_TYPE (GantryBinary, gantry_binary, G_TYPE_OBJECT)

static void
section_free (gpointer data)
{
  GantrySection *s = data;

  g_free (s->name);
  g_free (s);
}

static void
version_need_free (gpointer data)
{
  GantryVersionNeed *v = data;

  g_free (v->library);
  g_free (v->version);
  g_free (v);
}

static void
import_free (gpointer data)
{
  GantryImport *imp = data;

  g_free (imp->name);
  g_free (imp);
}

void
_gantry_go_module_free (gpointer data)
{
  GantryGoModule *m = data;

  if (m == NULL)
    return;
  g_free (m->path);
  g_free (m->version);
  g_free (m->sum);
  g_free (m->replace_path);
  g_free (m->replace_version);
  g_free (m->replace_sum);
  g_free (m);
}

void
_gantry_go_setting_free (gpointer data)
{
  GantryGoSetting *s = data;

  g_free (s->key);
  g_free (s->value);
  g_free (s);
}

static void
gantry_binary_finalize (GObject *object)
{
  GantryBinary *self = GANTRY_BINARY (object);

  g_free (self->file);
  g_free (self->format_detail);
  g_free (self->file_type);
  g_free (self->machine);
  g_free (self->os);
  g_free (self->arch);
  g_free (self->float_abi);
  g_free (self->interpreter);
  g_free (self->soname);
  g_clear_pointer (&self->needed, g_ptr_array_unref);
  g_clear_pointer (&self->rpath, g_ptr_array_unref);
  g_clear_pointer (&self->runpath, g_ptr_array_unref);
  g_clear_pointer (&self->imports, g_ptr_array_unref);
  g_clear_pointer (&self->version_needs, g_ptr_array_unref);
  g_free (self->glibc_floor);
  g_free (self->glibcxx_floor);
  g_free (self->cxxabi_floor);
  g_free (self->libc);
  g_free (self->subsystem);
  g_free (self->build_id);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_free (self->go_version);
  g_free (self->go_path);
  g_clear_pointer (&self->go_main, _gantry_go_module_free);
  g_clear_pointer (&self->go_deps, g_ptr_array_unref);
  g_clear_pointer (&self->go_settings, g_ptr_array_unref);
  g_free (self->go_build_id);
  g_free (self->go_buildinfo_format);
  g_free (self->go_modinfo);
  g_clear_pointer (&self->slices, g_ptr_array_unref);

  G_OBJECT_CLASS (gantry_binary_parent_class)->finalize (object);
}

static void
gantry_binary_class_init (GantryBinaryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gantry_binary_finalize;
}

static void
gantry_binary_init (GantryBinary *self)
{
  self->needed = g_ptr_array_new_with_free_func (g_free);
  self->rpath = g_ptr_array_new_with_free_func (g_free);
  self->runpath = g_ptr_array_new_with_free_func (g_free);
  self->imports = g_ptr_array_new_with_free_func (import_free);
  self->version_needs = g_ptr_array_new_with_free_func (version_need_free);
  self->sections = g_ptr_array_new_with_free_func (section_free);
  self->go_deps = g_ptr_array_new_with_free_func (_gantry_go_module_free);
  self->go_settings = g_ptr_array_new_with_free_func (_gantry_go_setting_free);
  self->slices = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Helpers the format readers share */

void
_gantry_inspect_malformed (GError     **error,
                           const char  *format,
                           ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, GANTRY_INSPECT_ERROR, GANTRY_INSPECT_ERROR_MALFORMED,
               "malformed: %s", what);
}

const char *
_gantry_string_at (const guint8 *data,
                   gsize         limit,
                   guint64       offset)
{
  const guint8 *nul;

  if (offset >= limit)
    return NULL;
  nul = memchr (data + offset, '\0', limit - offset);
  if (nul == NULL)
    return NULL;
  return (const char *) data + offset;
}

const guint8 *
_gantry_memmem (const guint8 *haystack,
                gsize         haystack_len,
                const void   *needle,
                gsize         needle_len)
{
  const guint8 *n = needle;
  const guint8 *p = haystack;
  const guint8 *end = haystack + haystack_len;

  g_assert (needle_len > 0);
  while ((gsize) (end - p) >= needle_len)
    {
      const guint8 *hit = memchr (p, n[0], (end - p) - needle_len + 1);

      if (hit == NULL)
        return NULL;
      if (memcmp (hit, n, needle_len) == 0)
        return hit;
      p = hit + 1;
    }
  return NULL;
}

char *
_gantry_hex (const guint8 *data,
             gsize         len)
{
  static const char digits[] = "0123456789abcdef";
  char *out = g_malloc (len * 2 + 1);

  for (gsize i = 0; i < len; i++)
    {
      out[i * 2] = digits[data[i] >> 4];
      out[i * 2 + 1] = digits[data[i] & 0xf];
    }
  out[len * 2] = '\0';
  return out;
}

void
_gantry_binary_add_section (GantryBinary       *self,
                            const char         *name,
                            guint64             offset,
                            guint64             size,
                            GantrySectionGroup  group,
                            gboolean            in_file)
{
  GantrySection *s = g_new0 (GantrySection, 1);

  g_assert (group < GANTRY_SECTION_GROUP_N);
  s->name = g_utf8_make_valid (name, -1);
  s->offset = offset;
  s->size = size;
  s->group = in_file ? group : GANTRY_SECTION_GROUP_BSS;
  s->in_file = in_file;
  self->group_size[s->group] += size;
  g_ptr_array_add (self->sections, s);
}

/* "2.34" > "2.17", "3.4.29" > "3.4.9": numeric, component by component. */
int
gantry_version_compare (const char *a,
                        const char *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, 0);

  while (*a != '\0' || *b != '\0')
    {
      guint64 na = 0, nb = 0;

      while (g_ascii_isdigit (*a))
        na = na * 10 + (guint64) (*a++ - '0');
      while (g_ascii_isdigit (*b))
        nb = nb * 10 + (guint64) (*b++ - '0');
      if (na != nb)
        return na < nb ? -1 : 1;
      if (*a != *b && !(g_ascii_isdigit (*a) || g_ascii_isdigit (*b)))
        {
          if (*a == '\0' || *b == '\0')
            return *a == '\0' ? -1 : 1;
          return (guchar) *a < (guchar) *b ? -1 : 1;
        }
      if (*a == '.' || (*a != '\0' && !g_ascii_isdigit (*a)))
        a++;
      if (*b == '.' || (*b != '\0' && !g_ascii_isdigit (*b)))
        b++;
    }
  return 0;
}

static void
raise_floor (char       **floor,
             const char  *version)
{
  if (*floor == NULL || gantry_version_compare (version, *floor) > 0)
    {
      g_free (*floor);
      *floor = g_strdup (version);
    }
}

void
_gantry_binary_add_version_need (GantryBinary *self,
                                 const char   *library,
                                 const char   *version)
{
  GantryVersionNeed *v = g_new0 (GantryVersionNeed, 1);

  v->library = g_utf8_make_valid (library, -1);
  v->version = g_utf8_make_valid (version, -1);
  g_ptr_array_add (self->version_needs, v);

  /* GLIBC_PRIVATE is not a release: it never sets the floor. */
  if (g_str_has_prefix (version, "GLIBC_") && g_ascii_isdigit (version[6]))
    raise_floor (&self->glibc_floor, version + 6);
  else if (g_str_has_prefix (version, "GLIBCXX_") && g_ascii_isdigit (version[8]))
    raise_floor (&self->glibcxx_floor, version + 8);
  else if (g_str_has_prefix (version, "CXXABI_") && g_ascii_isdigit (version[7]))
    raise_floor (&self->cxxabi_floor, version + 7);
}

/* DLLs every Windows since 7 has in System32. Anything else must ship
 * beside the exe, or the user sees "the code execution cannot proceed". */
static const char * const system_dlls[] = {
  "advapi32.dll", "authz.dll", "avrt.dll", "bcrypt.dll", "bcryptprimitives.dll",
  "cabinet.dll", "cfgmgr32.dll", "clbcatq.dll", "combase.dll", "comctl32.dll",
  "comdlg32.dll", "crypt32.dll", "cryptbase.dll", "cryptnet.dll", "cryptui.dll",
  "d2d1.dll", "d3d10.dll", "d3d10_1.dll", "d3d11.dll", "d3d12.dll", "d3d9.dll",
  "d3dcompiler_47.dll", "dbghelp.dll", "dcomp.dll", "devobj.dll", "dhcpcsvc.dll",
  "dinput8.dll", "dnsapi.dll", "dsound.dll", "dwmapi.dll", "dwrite.dll", "dxgi.dll",
  "dxva2.dll", "fwpuclnt.dll", "gdi32.dll", "gdiplus.dll", "glu32.dll", "hid.dll",
  "imagehlp.dll", "imm32.dll", "iphlpapi.dll", "kernel32.dll", "kernelbase.dll",
  "ksuser.dll", "mf.dll", "mfplat.dll", "mfreadwrite.dll", "mpr.dll", "msacm32.dll",
  "mscms.dll", "msi.dll", "msimg32.dll", "msvcrt.dll", "mswsock.dll", "ncrypt.dll",
  "netapi32.dll", "normaliz.dll", "ntdll.dll", "ole32.dll", "oleacc.dll",
  "oleaut32.dll", "opengl32.dll", "pdh.dll", "powrprof.dll", "propsys.dll",
  "psapi.dll", "rpcrt4.dll", "rstrtmgr.dll", "sechost.dll", "secur32.dll",
  "setupapi.dll", "shcore.dll", "shell32.dll", "shlwapi.dll", "sspicli.dll",
  "ucrtbase.dll", "urlmon.dll", "user32.dll", "userenv.dll", "usp10.dll",
  "uxtheme.dll", "version.dll", "wevtapi.dll", "winhttp.dll", "wininet.dll",
  "winmm.dll", "winspool.drv", "wintrust.dll", "wldap32.dll", "wlanapi.dll",
  "ws2_32.dll", "wsock32.dll", "wtsapi32.dll", "xinput1_4.dll",
};

/* The MinGW runtime DLLs a gcc-built exe picks up unless linked statically. */
static const char * const mingw_runtime_prefixes[] = {
  "libwinpthread-", "libgcc_s_", "libstdc++-", "libssp-", "libgomp-",
  "libatomic-", "libquadmath-", "libgfortran-", "libobjc-",
};

GantryDllKind
gantry_dll_classify (const char *dll_name)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (dll_name != NULL, GANTRY_DLL_OTHER);

  lower = g_ascii_strdown (dll_name, -1);
  for (guint i = 0; i < G_N_ELEMENTS (mingw_runtime_prefixes); i++)
    if (g_str_has_prefix (lower, mingw_runtime_prefixes[i]) && g_str_has_suffix (lower, ".dll"))
      return GANTRY_DLL_MINGW_RUNTIME;
  /* API sets resolve inside Windows itself. */
  if (g_str_has_prefix (lower, "api-ms-win-") || g_str_has_prefix (lower, "ext-ms-"))
    return GANTRY_DLL_SYSTEM;
  for (guint i = 0; i < G_N_ELEMENTS (system_dlls); i++)
    if (g_str_equal (lower, system_dlls[i]))
      return GANTRY_DLL_SYSTEM;
  return GANTRY_DLL_OTHER;
}

void
_gantry_binary_add_import (GantryBinary *self,
                           const char   *name,
                           gboolean      delay_load)
{
  GantryImport *imp = g_new0 (GantryImport, 1);

  imp->name = g_utf8_make_valid (name, -1);
  imp->kind = gantry_dll_classify (imp->name);
  imp->delay_load = delay_load;
  g_ptr_array_add (self->imports, imp);
}

const char *
gantry_linkage_to_string (GantryLinkage linkage)
{
  switch (linkage)
    {
    case GANTRY_LINKAGE_STATIC: return "static";
    case GANTRY_LINKAGE_STATIC_PIE: return "static-pie";
    case GANTRY_LINKAGE_DYNAMIC: return "dynamic";
    case GANTRY_LINKAGE_NONE:
    default: return "none";
    }
}

const char *
gantry_section_group_to_string (GantrySectionGroup group)
{
  static const char * const names[] = {
    "code", "rodata", "data", "bss", "go", "debug", "symbols", "other",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == GANTRY_SECTION_GROUP_N);
  return group < GANTRY_SECTION_GROUP_N ? names[group] : "other";
}

const char *
gantry_dll_kind_to_string (GantryDllKind kind)
{
  switch (kind)
    {
    case GANTRY_DLL_SYSTEM: return "system";
    case GANTRY_DLL_MINGW_RUNTIME: return "mingw-runtime";
    case GANTRY_DLL_OTHER:
    default: return "other";
    }
}

static GPtrArray *
copy_strv_array (GPtrArray *src)
{
  GPtrArray *dst = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < src->len; i++)
    g_ptr_array_add (dst, g_strdup (g_ptr_array_index (src, i)));
  return dst;
}

/* A universal file's top level shows its first slice's facts; the
 * per-architecture ones are in the slices. */
void
_gantry_binary_copy_facts (GantryBinary *dest,
                           GantryBinary *src)
{
  g_free (dest->file_type);
  dest->file_type = g_strdup (src->file_type);
  g_free (dest->os);
  dest->os = g_strdup (src->os);
  dest->linkage = src->linkage;
  g_free (dest->interpreter);
  dest->interpreter = g_strdup (src->interpreter);
  g_free (dest->soname);
  dest->soname = g_strdup (src->soname);
  g_ptr_array_unref (dest->needed);
  dest->needed = copy_strv_array (src->needed);
  g_ptr_array_unref (dest->rpath);
  dest->rpath = copy_strv_array (src->rpath);
  g_free (dest->libc);
  dest->libc = g_strdup (src->libc);
  dest->stripped = src->stripped;
  dest->has_dwarf = src->has_dwarf;
  dest->is_go = src->is_go;
  g_free (dest->go_version);
  dest->go_version = g_strdup (src->go_version);
  g_free (dest->go_path);
  dest->go_path = g_strdup (src->go_path);
}

/* What a file that is not an executable looks like, for the message. */
static const char *
sniff (const guint8 *data,
       gsize         size)
{
  static const struct { const char *magic; gsize len; gsize at; const char *what; } magics[] = {
    { "\x1f\x8b", 2, 0, "a gzip archive" },
    { "PK\x03\x04", 4, 0, "a zip archive" },
    { "PK\x05\x06", 4, 0, "an empty zip archive" },
    { "\xfd" "7zXZ\0", 6, 0, "an xz archive" },
    { "\x28\xb5\x2f\xfd", 4, 0, "a zstd archive" },
    { "BZh", 3, 0, "a bzip2 archive" },
    { "7z\xbc\xaf\x27\x1c", 6, 0, "a 7-Zip archive" },
    { "ustar", 5, 257, "a tar archive" },
    { "!<arch>\n", 8, 0, "a static library (ar archive): link it into a program first" },
    { "%PDF", 4, 0, "a PDF document" },
    { "\x89PNG", 4, 0, "a PNG image" },
    { "\xff\xd8\xff", 3, 0, "a JPEG image" },
    { "\0asm", 4, 0, "a WebAssembly module" },
    { "SQLite format 3", 15, 0, "an SQLite database" },
    { "#!", 2, 0, "a script (it starts with #!)" },
    { "\xca\xfe\xba\xbe", 4, 0, "a Java class file" },
    { "MZ", 2, 0, "a DOS program without a PE header" },
  };
  gboolean text = TRUE;
  gsize probe = MIN (size, 4096);

  if (size == 0)
    return "an empty file";

  for (guint i = 0; i < G_N_ELEMENTS (magics); i++)
    if (size >= magics[i].at + magics[i].len && memcmp (data + magics[i].at, magics[i].magic, magics[i].len) == 0)
      return magics[i].what;

  for (gsize i = 0; i < probe; i++)
    if (data[i] == 0 || (data[i] < 0x20 && data[i] != '\n' && data[i] != '\r' && data[i] != '\t' && data[i] != '\f'))
      {
        text = FALSE;
        break;
      }
  if (text)
    return "a text file";
  return "data of an unknown kind";
}

static gboolean
inspect_data (GantryBinary  *self,
              const guint8  *data,
              gsize          size,
              GError       **error)
{
  guint32 le = size >= 4 ? _gantry_u32 (data, FALSE) : 0;
  guint32 be = size >= 4 ? _gantry_u32 (data, TRUE) : 0;

  self->file_size = size;

  if (size >= 4 && memcmp (data, "\x7f" "ELF", 4) == 0)
    return _gantry_inspect_elf (self, data, size, error);

  if (le == 0xfeedface || le == 0xfeedfacf || be == 0xfeedface || be == 0xfeedfacf)
    return _gantry_inspect_macho (self, data, size, error);

  /* 0xcafebabe is also a Java class; a universal file has few slices,
   * a class file a major version (>= 45) in the same place. */
  if ((be == 0xcafebabe || be == 0xcafebabf) && size >= 8 && _gantry_u32 (data + 4, TRUE) < 40)
    return _gantry_inspect_macho_fat (self, data, size, error);

  if (size >= 64 && data[0] == 'M' && data[1] == 'Z')
    {
      guint32 pe_off = _gantry_u32 (data + 0x3c, FALSE);

      if (_gantry_in_file (size, pe_off, 4) && memcmp (data + pe_off, "PE\0\0", 4) == 0)
        return _gantry_inspect_pe (self, data, size, error);
    }

  g_set_error (error, GANTRY_INSPECT_ERROR, GANTRY_INSPECT_ERROR_NOT_EXECUTABLE,
               "not an executable: %s is %s, not an ELF, PE or Mach-O file",
               self->file, sniff (data, size));
  return FALSE;
}

GantryBinary *
gantry_inspect_bytes (GBytes      *bytes,
                      const char  *name,
                      GError     **error)
{
  g_autoptr(GantryBinary) self = NULL;
  gsize size = 0;
  const guint8 *data;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  self = g_object_new (GANTRY_TYPE_BINARY, NULL);
  self->file = g_strdup (name != NULL ? name : "(memory)");

  if (!inspect_data (self, data, size, error))
    {
      /* Prefix the file so a batch of errors reads well. */
      if (error != NULL && *error != NULL && (*error)->code == GANTRY_INSPECT_ERROR_MALFORMED)
        g_prefix_error (error, "%s: ", self->file);
      return NULL;
    }
  return g_steal_pointer (&self);
}

GantryBinary *
gantry_inspect_path (const char  *path,
                     GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A FIFO or a device would block or map forever: only regular files. */
  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, GANTRY_INSPECT_ERROR, GANTRY_INSPECT_ERROR_READ,
                   "cannot read %s: %s: check the path", path, g_strerror (saved));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, GANTRY_INSPECT_ERROR, GANTRY_INSPECT_ERROR_NOT_EXECUTABLE,
                   "not an executable: %s is %s, not a regular file",
                   path, S_ISDIR (st.st_mode) ? "a folder" : "a special file");
      return NULL;
    }

  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, GANTRY_INSPECT_ERROR, GANTRY_INSPECT_ERROR_READ,
                   "cannot read %s: %s: check that the file exists and is readable",
                   path, local_error->message);
      return NULL;
    }

  bytes = g_mapped_file_get_bytes (mapped);
  return gantry_inspect_bytes (bytes, path, error);
}

/* Accessors */

const char *
gantry_binary_get_file (GantryBinary *self)
{
  g_return_val_if_fail (GANTRY_IS_BINARY (self), NULL);
  return self->file;
}

guint64
gantry_binary_get_file_size (GantryBinary *self)
{
  g_return_val_if_fail (GANTRY_IS_BINARY (self), 0);
  return self->file_size;
}

GantryBinaryFormat
gantry_binary_get_format (GantryBinary *self)
{
  g_return_val_if_fail (GANTRY_IS_BINARY (self), 0);
  return self->format;
}

const char *
gantry_binary_get_format_name (GantryBinary *self)
{
  g_return_val_if_fail (GANTRY_IS_BINARY (self), NULL);

  switch (self->format)
    {
    case GANTRY_BINARY_FORMAT_ELF: return "elf";
    case GANTRY_BINARY_FORMAT_PE: return "pe";
    case GANTRY_BINARY_FORMAT_MACHO: return "macho";
    case GANTRY_BINARY_FORMAT_MACHO_FAT: return "macho-fat";
    default: return "unknown";
    }
}

#define STRING_GETTER(field) \
  const char * \
  gantry_binary_get_##field (GantryBinary *self) \
  { \
    g_return_val_if_fail (GANTRY_IS_BINARY (self), NULL); \
    return self->field; \
  }

#define ARRAY_GETTER(field) \
  GPtrArray * \
  gantry_binary_get_##field (GantryBinary *self) \
  { \
    g_return_val_if_fail (GANTRY_IS_BINARY (self), NULL); \
    return self->field; \
  }

STRING_GETTER (format_detail)
STRING_GETTER (file_type)
STRING_GETTER (machine)
STRING_GETTER (os)
STRING_GETTER (arch)
STRING_GETTER (float_abi)
STRING_GETTER (interpreter)
STRING_GETTER (soname)
STRING_GETTER (glibc_floor)
STRING_GETTER (glibcxx_floor)
STRING_GETTER (cxxabi_floor)
STRING_GETTER (libc)
STRING_GETTER (subsystem)
STRING_GETTER (build_id)
STRING_GETTER (go_version)
STRING_GETTER (go_path)
STRING_GETTER (go_build_id)
STRING_GETTER (go_buildinfo_format)
STRING_GETTER (go_modinfo)

ARRAY_GETTER (needed)
ARRAY_GETTER (rpath)
ARRAY_GETTER (runpath)
ARRAY_GETTER (imports)
ARRAY_GETTER (version_needs)
ARRAY_GETTER (sections)
ARRAY_GETTER (go_deps)
ARRAY_GETTER (go_settings)
ARRAY_GETTER (slices)

guint
gantry_binary_get_bits (GantryBinary *self)
{
  g_return_val_if_fail (GANTRY_IS_BINARY (self), 0);
  return self->bits;
}

gboolean
gantry_binary_get_big_endian (GantryBinary *self)
{
  g_return_val_if_fail (GANTRY_IS_BINARY (self), FALSE);
  return self->big_endian;
}

char *
gantry_binary_dup_target (GantryBinary *self)
{
  g_return_val_if_fail (GANTRY_IS_BINARY (self), NULL);
  return g_strdup_printf ("%s/%s", self->os ? self->os : "unknown", self->arch ? self->arch : "unknown");
}

GantryLinkage
gantry_binary_get_linkage (GantryBinary *self)
{
  g_return_val_if_fail (GANTRY_IS_BINARY (self), GANTRY_LINKAGE_NONE);
  return self->linkage;
}

gboolean
gantry_binary_get_stripped (GantryBinary *self)
{
  g_return_val_if_fail (GANTRY_IS_BINARY (self), FALSE);
  return self->stripped;
}

gboolean
gantry_binary_get_has_dwarf (GantryBinary *self)
{
  g_return_val_if_fail (GANTRY_IS_BINARY (self), FALSE);
  return self->has_dwarf;
}

guint64
gantry_binary_get_group_size (GantryBinary       *self,
                              GantrySectionGroup  group)
{
  g_return_val_if_fail (GANTRY_IS_BINARY (self), 0);
  g_return_val_if_fail (group < GANTRY_SECTION_GROUP_N, 0);
  return self->group_size[group];
}

/* What the sections do not cover: headers, tables, padding, signatures. */
guint64
gantry_binary_get_headers_size (GantryBinary *self)
{
  guint64 covered = 0;

  g_return_val_if_fail (GANTRY_IS_BINARY (self), 0);

  for (guint g = 0; g < GANTRY_SECTION_GROUP_N; g++)
    if (g != GANTRY_SECTION_GROUP_BSS)
      covered += self->group_size[g];
  return covered < self->file_size ? self->file_size - covered : 0;
}

gboolean
gantry_binary_get_is_go (GantryBinary *self)
{
  g_return_val_if_fail (GANTRY_IS_BINARY (self), FALSE);
  return self->is_go;
}

const GantryGoModule *
gantry_binary_get_go_main (GantryBinary *self)
{
  g_return_val_if_fail (GANTRY_IS_BINARY (self), NULL);
  return self->go_main;
}

const char *
gantry_binary_get_go_setting (GantryBinary *self,
                              const char   *key)
{
  g_return_val_if_fail (GANTRY_IS_BINARY (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  for (guint i = 0; i < self->go_settings->len; i++)
    {
      GantryGoSetting *s = g_ptr_array_index (self->go_settings, i);

      if (g_str_equal (s->key, key))
        return s->value;
    }
  return NULL;
}

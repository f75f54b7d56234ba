/* gantry-inspect-goinfo.c — Go build info: the facts `go version -m` prints */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-inspect"

#include "config.h"

#include "gantry-inspect-private.h"

#define BUILDINFO_MAGIC     "\xff Go buildinf:"
#define BUILDINFO_MAGIC_LEN 14
#define BUILDINFO_ALIGN     16
#define BUILDINFO_HEADER    32
#define BUILDINFO_INLINE    0x2

/* Go strings larger than this are not build info, whatever the header says. */
#define MAX_GO_STRING       (16 * 1024 * 1024)

/* Go's strconv.Unquote for "…" and `…` strings; NULL when not valid. */
char *
gantry_go_unquote (const char *text,
                   gssize      len)
{
  g_autoptr(GString) out = NULL;
  const char *p, *end;

  g_return_val_if_fail (text != NULL, NULL);

  if (len < 0)
    len = strlen (text);
  if (len < 2)
    return NULL;
  end = text + len - 1;

  if (text[0] == '`')
    {
      if (*end != '`' || memchr (text + 1, '`', len - 2) != NULL)
        return NULL;
      return g_strndup (text + 1, len - 2);
    }
  if (text[0] != '"' || *end != '"')
    return NULL;

  out = g_string_sized_new (len);
  for (p = text + 1; p < end; p++)
    {
      char c = *p;

      if (c == '"' || c == '\n')
        return NULL;
      if (c != '\\')
        {
          g_string_append_c (out, c);
          continue;
        }
      if (++p >= end)
        return NULL;
      switch (*p)
        {
        case 'a': g_string_append_c (out, '\a'); break;
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'v': g_string_append_c (out, '\v'); break;
        case '\\': g_string_append_c (out, '\\'); break;
        case '"': g_string_append_c (out, '"'); break;
        case '\'': g_string_append_c (out, '\''); break;
        case 'x':
        case 'u':
        case 'U':
          {
            int digits = *p == 'x' ? 2 : *p == 'u' ? 4 : 8;
            char kind = *p;
            guint32 v = 0;

            if (end - p - 1 < digits)
              return NULL;
            for (int i = 0; i < digits; i++)
              {
                int d = g_ascii_xdigit_value (*++p);

                if (d < 0)
                  return NULL;
                v = (v << 4) | (guint32) d;
              }
            if (kind == 'x')
              g_string_append_c (out, (char) v);
            else if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000))
              return NULL;
            else
              g_string_append_unichar (out, v);
          }
          break;
        case '0': case '1': case '2': case '3':
        case '4': case '5': case '6': case '7':
          {
            guint v = 0;

            if (end - p < 3)
              return NULL;
            for (int i = 0; i < 3; i++, p++)
              {
                if (*p < '0' || *p > '7')
                  return NULL;
                v = v * 8 + (guint) (*p - '0');
              }
            p--;
            if (v > 255)
              return NULL;
            g_string_append_c (out, (char) v);
          }
          break;
        default:
          return NULL;
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static GantryGoModule *
parse_module (char **fields)
{
  GantryGoModule *m = g_new0 (GantryGoModule, 1);
  guint n = g_strv_length (fields);

  m->path = g_strdup (n > 1 ? fields[1] : "");
  m->version = n > 2 ? g_strdup (fields[2]) : NULL;
  m->sum = n > 3 && fields[3][0] != '\0' ? g_strdup (fields[3]) : NULL;
  return m;
}

static void
add_setting (GantryBinary *self,
             const char   *line)
{
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;
  const char *eq;
  GantryGoSetting *s;

  /* Go quotes a key holding '=', a space, a tab or a quote, and a value
   * holding a space, a tab or a quote (debug.BuildInfo.String). */
  if (line[0] == '"')
    {
      const char *q = line + 1;

      while (*q != '\0' && *q != '"')
        q += (*q == '\\' && q[1] != '\0') ? 2 : 1;
      if (*q != '"' || q[1] != '=')
        return;
      key = gantry_go_unquote (line, q - line + 1);
      eq = q + 1;
    }
  else
    {
      eq = strchr (line, '=');
      if (eq == NULL)
        return;
      key = g_strndup (line, eq - line);
    }
  if (key == NULL || key[0] == '\0')
    return;

  if (eq[1] == '"' || eq[1] == '`')
    value = gantry_go_unquote (eq + 1, -1);
  if (value == NULL)
    value = g_strdup (eq + 1);

  s = g_new0 (GantryGoSetting, 1);
  s->key = g_utf8_make_valid (key, -1);
  s->value = g_utf8_make_valid (value, -1);
  g_ptr_array_add (self->go_settings, s);
}

void
_gantry_inspect_go_parse_modinfo (GantryBinary *self,
                                  const char   *text,
                                  gsize         len)
{
  g_autofree char *copy = g_strndup (text, len);
  g_auto(GStrv) lines = g_strsplit (copy, "\n", -1);
  GantryGoModule *last = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      g_auto(GStrv) fields = NULL;

      if (line[0] == '\0')
        continue;
      if (g_str_has_prefix (line, "build\t"))
        {
          add_setting (self, line + 6);
          continue;
        }

      fields = g_strsplit (line, "\t", 5);
      if (g_str_equal (fields[0], "go") && fields[1] != NULL && self->go_version == NULL)
        self->go_version = g_strdup (fields[1]);
      else if (g_str_equal (fields[0], "path") && fields[1] != NULL)
        {
          g_free (self->go_path);
          self->go_path = g_strdup (fields[1]);
        }
      else if (g_str_equal (fields[0], "mod") && fields[1] != NULL)
        {
          g_clear_pointer (&self->go_main, _gantry_go_module_free);
          self->go_main = last = parse_module (fields);
        }
      else if (g_str_equal (fields[0], "dep") && fields[1] != NULL)
        {
          last = parse_module (fields);
          g_ptr_array_add (self->go_deps, last);
        }
      else if (g_str_equal (fields[0], "=>") && fields[1] != NULL && last != NULL && last->replace_path == NULL)
        {
          guint n = g_strv_length (fields);

          last->replace_path = g_strdup (fields[1]);
          last->replace_version = n > 2 ? g_strdup (fields[2]) : NULL;
          last->replace_sum = n > 3 && fields[3][0] != '\0' ? g_strdup (fields[3]) : NULL;
        }
    }
}

static gboolean
uvarint (const guint8 *p,
         gsize         avail,
         guint64      *value,
         gsize        *used)
{
  guint64 v = 0;

  for (gsize i = 0; i < avail && i < 10; i++)
    {
      v |= (guint64) (p[i] & 0x7f) << (7 * i);
      if (!(p[i] & 0x80))
        {
          *value = v;
          *used = i + 1;
          return i < 9 || p[i] <= 1;
        }
    }
  return FALSE;
}

static gboolean
read_pointer_string (const guint8    *data,
                     gsize            size,
                     GantryVaddrMap   map,
                     gpointer         map_data,
                     guint            ptr_size,
                     gboolean         be,
                     guint64          addr,
                     const guint8   **out,
                     guint64         *out_len)
{
  guint64 off, str_addr, str_len;

  if (map == NULL || !map (map_data, addr, 2 * ptr_size, &off) || !_gantry_in_file (size, off, 2 * ptr_size))
    return FALSE;
  str_addr = ptr_size == 8 ? _gantry_u64 (data + off, be) : _gantry_u32 (data + off, be);
  str_len = ptr_size == 8 ? _gantry_u64 (data + off + 8, be) : _gantry_u32 (data + off + 4, be);
  if (str_len > MAX_GO_STRING)
    return FALSE;
  if (str_len == 0)
    {
      *out = data;
      *out_len = 0;
      return TRUE;
    }
  if (!map (map_data, str_addr, str_len, &off) || !_gantry_in_file (size, off, str_len))
    return FALSE;
  *out = data + off;
  *out_len = str_len;
  return TRUE;
}

gboolean
_gantry_inspect_go_buildinfo (GantryBinary   *self,
                              const guint8   *data,
                              gsize           size,
                              guint64         offset,
                              guint64         len,
                              GantryVaddrMap  map,
                              gpointer        map_data,
                              gboolean       *found,
                              GError        **error)
{
  const guint8 *region, *hdr = NULL;
  const guint8 *vers = NULL, *mod = NULL;
  guint64 vers_len = 0, mod_len = 0;
  guint64 pos = 0;

  *found = FALSE;
  if (!_gantry_in_file (size, offset, len) || len < BUILDINFO_HEADER)
    return TRUE;
  region = data + offset;

  while (pos + BUILDINFO_HEADER <= len)
    {
      const guint8 *hit = _gantry_memmem (region + pos, len - pos, BUILDINFO_MAGIC, BUILDINFO_MAGIC_LEN);
      guint64 at;

      if (hit == NULL)
        return TRUE;
      at = hit - region;
      if (at % BUILDINFO_ALIGN == 0 && len - at >= BUILDINFO_HEADER)
        {
          hdr = hit;
          break;
        }
      pos = (at + BUILDINFO_ALIGN) & ~(guint64) (BUILDINFO_ALIGN - 1);
    }
  if (hdr == NULL)
    return TRUE;

  *found = TRUE;
  self->is_go = TRUE;

  if (hdr[15] & BUILDINFO_INLINE)
    {
      const guint8 *p = hdr + BUILDINFO_HEADER;
      gsize avail = (region + len) - p;
      gsize used;

      if (!uvarint (p, avail, &vers_len, &used) || vers_len > avail - used)
        {
          _gantry_inspect_malformed (error, "the Go version in the build info runs past the end of its section");
          return FALSE;
        }
      vers = p + used;
      p = vers + vers_len;
      avail -= used + vers_len;
      if (!uvarint (p, avail, &mod_len, &used) || mod_len > avail - used)
        {
          _gantry_inspect_malformed (error, "the Go module info in the build info runs past the end of its section");
          return FALSE;
        }
      mod = p + used;
      self->go_buildinfo_format = g_strdup ("inline");
    }
  else
    {
      guint ptr_size = hdr[14];
      gboolean be = hdr[15] != 0;
      guint64 vers_addr, mod_addr;

      if (ptr_size != 4 && ptr_size != 8)
        {
          _gantry_inspect_malformed (error, "the Go build info gives a pointer size of %u bytes (4 or 8 expected)", ptr_size);
          return FALSE;
        }
      vers_addr = ptr_size == 8 ? _gantry_u64 (hdr + 16, be) : _gantry_u32 (hdr + 16, be);
      mod_addr = ptr_size == 8 ? _gantry_u64 (hdr + 24, be) : _gantry_u32 (hdr + 20, be);
      if (!read_pointer_string (data, size, map, map_data, ptr_size, be, vers_addr, &vers, &vers_len))
        {
          _gantry_inspect_malformed (error, "the Go version string (address 0x%" G_GINT64_MODIFIER "x) is not inside the file",
                                     vers_addr);
          return FALSE;
        }
      if (!read_pointer_string (data, size, map, map_data, ptr_size, be, mod_addr, &mod, &mod_len))
        {
          _gantry_inspect_malformed (error, "the Go module info (address 0x%" G_GINT64_MODIFIER "x) is not inside the file",
                                     mod_addr);
          return FALSE;
        }
      self->go_buildinfo_format = g_strdup ("pointer");
    }

  if (vers_len > 0)
    {
      g_free (self->go_version);
      self->go_version = g_utf8_make_valid ((const char *) vers, vers_len);
    }

  /* Module info sits between two 16-byte sentinels. */
  if (mod_len >= 33 && mod[mod_len - 17] == '\n')
    {
      g_free (self->go_modinfo);
      self->go_modinfo = g_utf8_make_valid ((const char *) mod + 16, mod_len - 32);
      _gantry_inspect_go_parse_modinfo (self, self->go_modinfo, strlen (self->go_modinfo));
    }
  return TRUE;
}

void
_gantry_inspect_go_text_build_id (GantryBinary *self,
                                  const guint8 *data,
                                  gsize         size,
                                  guint64       offset,
                                  guint64       len)
{
  static const char prefix[] = "\xff Go build ID: \"";
  const guint8 *start, *hit, *end;

  if (self->go_build_id != NULL || !_gantry_in_file (size, offset, len))
    return;
  len = MIN (len, 4096);
  start = data + offset;
  hit = _gantry_memmem (start, len, prefix, sizeof prefix - 1);
  if (hit == NULL)
    return;
  hit += sizeof prefix - 1;
  end = memchr (hit, '"', (start + len) - hit);
  if (end == NULL)
    return;
  self->is_go = TRUE;
  self->go_build_id = g_utf8_make_valid ((const char *) hit, end - hit);
}

void
_gantry_inspect_go_finish (GantryBinary *self)
{
  const char *goos = gantry_binary_get_go_setting (self, "GOOS");
  const char *goarch = gantry_binary_get_go_setting (self, "GOARCH");
  const char *cgo = gantry_binary_get_go_setting (self, "CGO_ENABLED");

  /* The linker's own word beats the ELF OS/ABI byte (android, illumos…)
   * but only when it agrees on the architecture family. */
  if (goos != NULL && goos[0] != '\0' && g_strcmp0 (goos, self->os) != 0
      && !(self->format == GANTRY_BINARY_FORMAT_PE && !g_str_equal (goos, "windows")))
    {
      g_free (self->os);
      self->os = g_strdup (goos);
    }
  if (goarch != NULL && self->arch != NULL && g_str_has_prefix (self->arch, "unknown"))
    {
      g_free (self->arch);
      self->arch = g_strdup (goarch);
    }
  if (g_strcmp0 (cgo, "0") == 0 && self->libc == NULL)
    self->libc = g_strdup ("none");
}

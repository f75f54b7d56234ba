/* gantry-inspect-json.c — GantryBinary as JSON, with the stable field names `gantry inspect --json` prints */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-inspect"

#include "config.h"

#include "gantry-inspect-private.h"

/* One list of fields, two outputs: a JsonNode for the API, and text
 * written straight into a GString for `gantry inspect --json`, which
 * prints thousands of files and cannot afford a tree per file. */
typedef struct
{
  JsonBuilder *builder;
  GString     *out;
  guint        depth;
  gboolean     after_key;
  guint8       has_items[32];
} Emitter;

static void
text_indent (Emitter *e)
{
  g_string_append_c (e->out, '\n');
  for (guint i = 0; i < e->depth; i++)
    g_string_append (e->out, "  ");
}

/* Before a value or a key: a comma and a new line, unless it follows a key. */
static void
text_next (Emitter *e)
{
  if (e->after_key)
    {
      e->after_key = FALSE;
      return;
    }
  if (e->depth > 0)
    {
      if (e->has_items[MIN (e->depth, 31)])
        g_string_append_c (e->out, ',');
      e->has_items[MIN (e->depth, 31)] = TRUE;
      text_indent (e);
    }
}

static void
text_string (GString    *out,
             const char *s)
{
  g_autofree char *valid = NULL;

  if (!g_utf8_validate (s, -1, NULL))
    s = valid = g_utf8_make_valid (s, -1);
  g_string_append_c (out, '"');
  for (const char *p = s; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
begin (Emitter *e,
       gboolean object)
{
  if (e->builder != NULL)
    {
      if (object)
        json_builder_begin_object (e->builder);
      else
        json_builder_begin_array (e->builder);
      return;
    }
  text_next (e);
  g_string_append_c (e->out, object ? '{' : '[');
  e->depth++;
  e->has_items[MIN (e->depth, 31)] = FALSE;
}

static void
end (Emitter *e,
     gboolean object)
{
  if (e->builder != NULL)
    {
      if (object)
        json_builder_end_object (e->builder);
      else
        json_builder_end_array (e->builder);
      return;
    }
  if (e->has_items[MIN (e->depth, 31)])
    {
      e->depth--;
      text_indent (e);
    }
  else
    e->depth--;
  g_string_append_c (e->out, object ? '}' : ']');
}

static void
key (Emitter    *e,
     const char *name)
{
  if (e->builder != NULL)
    {
      json_builder_set_member_name (e->builder, name);
      return;
    }
  text_next (e);
  text_string (e->out, name);
  g_string_append (e->out, " : ");
  e->after_key = TRUE;
}

static void
value_string (Emitter    *e,
              const char *value)
{
  if (e->builder != NULL)
    {
      if (value != NULL)
        json_builder_add_string_value (e->builder, value);
      else
        json_builder_add_null_value (e->builder);
      return;
    }
  text_next (e);
  if (value != NULL)
    text_string (e->out, value);
  else
    g_string_append (e->out, "null");
}

static void
value_null (Emitter *e)
{
  value_string (e, NULL);
}

static void
add_string (Emitter    *e,
            const char *name,
            const char *value)
{
  key (e, name);
  value_string (e, value);
}

static void
add_int (Emitter    *e,
         const char *name,
         guint64     value)
{
  gint64 v = (gint64) MIN (value, (guint64) G_MAXINT64);

  key (e, name);
  if (e->builder != NULL)
    json_builder_add_int_value (e->builder, v);
  else
    {
      text_next (e);
      g_string_append_printf (e->out, "%" G_GINT64_FORMAT, v);
    }
}

static void
add_bool (Emitter    *e,
          const char *name,
          gboolean    value)
{
  key (e, name);
  if (e->builder != NULL)
    json_builder_add_boolean_value (e->builder, value);
  else
    {
      text_next (e);
      g_string_append (e->out, value ? "true" : "false");
    }
}

static void
add_strings (Emitter    *e,
             const char *name,
             GPtrArray  *values)
{
  key (e, name);
  begin (e, FALSE);
  for (guint i = 0; i < values->len; i++)
    value_string (e, g_ptr_array_index (values, i));
  end (e, FALSE);
}

static void
add_module (Emitter              *b,
            const GantryGoModule *m)
{
  begin (b, TRUE);
  add_string (b, "path", m->path);
  add_string (b, "version", m->version);
  add_string (b, "sum", m->sum);
  key (b, "replace");
  if (m->replace_path != NULL)
    {
      begin (b, TRUE);
      add_string (b, "path", m->replace_path);
      add_string (b, "version", m->replace_version);
      add_string (b, "sum", m->replace_sum);
      end (b, TRUE);
    }
  else
    value_null (b);
  end (b, TRUE);
}

static void
build (Emitter      *b,
       GantryBinary *self)
{
  g_autofree char *target = gantry_binary_dup_target (self);

  begin (b, TRUE);
  add_string (b, "file", self->file);
  add_int (b, "file_size", self->file_size);
  add_string (b, "format", gantry_binary_get_format_name (self));
  add_string (b, "format_detail", self->format_detail);
  add_int (b, "bits", self->bits);
  add_string (b, "endian", self->big_endian ? "big" : "little");
  add_string (b, "file_type", self->file_type);
  add_string (b, "machine", self->machine);
  add_string (b, "os", self->os);
  add_string (b, "arch", self->arch);
  add_string (b, "target", target);
  add_string (b, "float_abi", self->float_abi);
  add_string (b, "linkage", gantry_linkage_to_string (self->linkage));
  add_string (b, "interpreter", self->interpreter);
  add_string (b, "soname", self->soname);
  add_strings (b, "needed", self->needed);
  add_strings (b, "rpath", self->rpath);
  add_strings (b, "runpath", self->runpath);

  key (b, "imports");
  begin (b, FALSE);
  for (guint i = 0; i < self->imports->len; i++)
    {
      const GantryImport *imp = g_ptr_array_index (self->imports, i);

      begin (b, TRUE);
      add_string (b, "dll", imp->name);
      add_string (b, "kind", gantry_dll_kind_to_string (imp->kind));
      add_bool (b, "ships_with_exe", imp->kind != GANTRY_DLL_SYSTEM);
      add_bool (b, "delay_load", imp->delay_load);
      end (b, TRUE);
    }
  end (b, FALSE);

  add_string (b, "libc", self->libc);
  key (b, "version_needs");
  begin (b, FALSE);
  for (guint i = 0; i < self->version_needs->len; i++)
    {
      const GantryVersionNeed *v = g_ptr_array_index (self->version_needs, i);

      begin (b, TRUE);
      add_string (b, "library", v->library);
      add_string (b, "version", v->version);
      end (b, TRUE);
    }
  end (b, FALSE);
  add_string (b, "glibc_floor", self->glibc_floor);
  add_string (b, "glibcxx_floor", self->glibcxx_floor);
  add_string (b, "cxxabi_floor", self->cxxabi_floor);
  add_string (b, "subsystem", self->subsystem);

  add_bool (b, "stripped", self->stripped);
  add_bool (b, "dwarf", self->has_dwarf);
  add_string (b, "build_id", self->build_id);

  key (b, "sizes");
  begin (b, TRUE);
  add_int (b, "file", self->file_size);
  for (guint g = 0; g < GANTRY_SECTION_GROUP_N; g++)
    add_int (b, gantry_section_group_to_string (g), self->group_size[g]);
  add_int (b, "headers", gantry_binary_get_headers_size (self));
  end (b, TRUE);

  key (b, "sections");
  begin (b, FALSE);
  for (guint i = 0; i < self->sections->len; i++)
    {
      const GantrySection *s = g_ptr_array_index (self->sections, i);

      begin (b, TRUE);
      add_string (b, "name", s->name);
      add_int (b, "offset", s->offset);
      add_int (b, "size", s->size);
      add_string (b, "group", gantry_section_group_to_string (s->group));
      add_bool (b, "in_file", s->in_file);
      end (b, TRUE);
    }
  end (b, FALSE);

  key (b, "go");
  if (self->is_go)
    {
      begin (b, TRUE);
      add_string (b, "version", self->go_version);
      add_string (b, "path", self->go_path);
      key (b, "main");
      if (self->go_main != NULL)
        add_module (b, self->go_main);
      else
        value_null (b);
      key (b, "deps");
      begin (b, FALSE);
      for (guint i = 0; i < self->go_deps->len; i++)
        add_module (b, g_ptr_array_index (self->go_deps, i));
      end (b, FALSE);
      key (b, "settings");
      begin (b, TRUE);
      for (guint i = 0; i < self->go_settings->len; i++)
        {
          const GantryGoSetting *s = g_ptr_array_index (self->go_settings, i);

          add_string (b, s->key, s->value);
        }
      end (b, TRUE);
      add_string (b, "build_id", self->go_build_id);
      add_string (b, "buildinfo_format", self->go_buildinfo_format);
      end (b, TRUE);
    }
  else
    value_null (b);

  key (b, "slices");
  begin (b, FALSE);
  for (guint i = 0; i < self->slices->len; i++)
    build (b, g_ptr_array_index (self->slices, i));
  end (b, FALSE);

  end (b, TRUE);
}

JsonNode *
gantry_binary_to_json (GantryBinary *self)
{
  g_autoptr(JsonBuilder) builder = NULL;
  Emitter e = { 0 };

  g_return_val_if_fail (GANTRY_IS_BINARY (self), NULL);

  builder = json_builder_new ();
  e.builder = builder;
  build (&e, self);
  return json_builder_get_root (builder);
}

/* The same fields as gantry_binary_to_json(), as indented JSON text. */
char *
gantry_binary_to_json_text (GantryBinary *self)
{
  Emitter e = { 0 };

  g_return_val_if_fail (GANTRY_IS_BINARY (self), NULL);

  e.out = g_string_sized_new (4096);
  build (&e, self);
  return g_string_free (e.out, FALSE);
}

/* gantry-verify-report.c — the matrix of verdicts as counts, a text table and JSON */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-verify"

#include "config.h"

#include "gantry-verify-private.h"

guint
gantry_verify_count (GPtrArray          *matrix,
                     GantryVerdictState  state)
{
  guint n = 0;

  g_return_val_if_fail (matrix != NULL, 0);
  for (guint i = 0; i < matrix->len; i++)
    if (((GantryVerdict *) g_ptr_array_index (matrix, i))->state == state)
      n++;
  return n;
}

static guint
display_width (const char *s)
{
  return s ? (guint) g_utf8_strlen (s, -1) : 0;
}

static void
pad (GString *s, const char *text, guint width)
{
  g_string_append (s, text ? text : "");
  for (guint i = display_width (text); i < width; i++)
    g_string_append_c (s, ' ');
}

char *
gantry_verify_matrix_to_text (GPtrArray *matrix)
{
  GString *s = g_string_new (NULL);
  guint w_target = 6, w_check = 5, w_place = 5;

  g_return_val_if_fail (matrix != NULL, NULL);

  for (guint i = 0; i < matrix->len; i++)
    {
      GantryVerdict *v = g_ptr_array_index (matrix, i);
      w_target = MAX (w_target, display_width (v->target));
      w_check = MAX (w_check, display_width (v->check));
      w_place = MAX (w_place, display_width (v->place));
    }

  pad (s, "TARGET", w_target + 2);
  pad (s, "CHECK", w_check + 2);
  pad (s, "PLACE", w_place + 2);
  g_string_append (s, "RESULT    TIME  DETAIL\n");
  for (guint i = 0; i < matrix->len; i++)
    {
      GantryVerdict *v = g_ptr_array_index (matrix, i);
      g_autofree char *time = (g_str_equal (v->check, "run") || g_str_equal (v->check, "reproducible"))
                              && v->state != GANTRY_VERDICT_SKIPPED
        ? g_strdup_printf ("%5.2fs", v->seconds) : g_strdup ("");

      pad (s, i > 0 && g_strcmp0 (v->target, ((GantryVerdict *) g_ptr_array_index (matrix, i - 1))->target) == 0
              ? "" : v->target, w_target + 2);
      pad (s, v->check, w_check + 2);
      pad (s, v->place, w_place + 2);
      pad (s, gantry_verdict_state_to_string (v->state), 8);
      g_string_append_printf (s, "%6s  %s\n", time, v->message ? v->message : "");
    }
  g_string_append_printf (s, "%u checks passed, %u failed, %u skipped\n",
                          gantry_verify_count (matrix, GANTRY_VERDICT_PASS),
                          gantry_verify_count (matrix, GANTRY_VERDICT_FAIL),
                          gantry_verify_count (matrix, GANTRY_VERDICT_SKIPPED));
  return g_string_free (s, FALSE);
}

JsonNode *
gantry_verify_matrix_to_json (GPtrArray *matrix)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (matrix != NULL, NULL);

  json_builder_begin_array (b);
  for (guint i = 0; i < matrix->len; i++)
    {
      GantryVerdict *v = g_ptr_array_index (matrix, i);

#define STR(name, value) \
  G_STMT_START { \
    json_builder_set_member_name (b, name); \
    if (value) json_builder_add_string_value (b, value); else json_builder_add_null_value (b); \
  } G_STMT_END

      json_builder_begin_object (b);
      STR ("target", v->target);
      STR ("path", v->path);
      json_builder_set_member_name (b, "artifact_id");
      json_builder_add_int_value (b, v->artifact_id);
      STR ("check", v->check);
      STR ("place", v->place);
      STR ("state", gantry_verdict_state_to_string (v->state));
      STR ("message", v->message);
      STR ("output", v->output);
      json_builder_set_member_name (b, "seconds");
      json_builder_add_double_value (b, v->seconds);
      json_builder_end_object (b);
#undef STR
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

void
gantry_verify_matrix_to_log (GPtrArray  *matrix,
                             GListStore *lines,
                             gint64      time_us)
{
  g_return_if_fail (G_IS_LIST_STORE (lines));

  for (guint i = 0; matrix != NULL && i < matrix->len; i++)
    {
      const GantryVerdict *v = g_ptr_array_index (matrix, i);
      g_autofree char *result = NULL;
      g_autoptr(GantryLogLine) line = NULL;
      const char *mark = v->state == GANTRY_VERDICT_PASS ? "✓" : v->state == GANTRY_VERDICT_FAIL ? "✗" : "–";
      gboolean placed = v->place != NULL && !g_str_equal (v->place, "static");

      if (v->command != NULL && v->state != GANTRY_VERDICT_SKIPPED)
        {
          g_autofree char *command = gantry_log_command_line ((const char * const *) v->command->argv,
                                                              (const char * const *) v->command->env);
          g_autoptr(GantryLogLine) header = gantry_log_line_new_header (v->target, G_MAXUINT, command, time_us);
          g_auto(GStrv) output = g_strsplit (v->output != NULL ? v->output : "", "\n", -1);

          g_list_store_append (lines, header);
          for (guint k = 0; output[k] != NULL; k++)
            {
              g_autofree char *text = g_utf8_make_valid (output[k], -1);
              g_autoptr(GantryLogLine) out = NULL;

              if (text[0] == '\0' && output[k + 1] == NULL)
                break;
              out = gantry_log_line_new (v->target, G_MAXUINT, text, FALSE, time_us);
              g_list_store_append (lines, out);
            }
        }
      result = g_strdup_printf ("%s %s %s%s%s%s: %s", mark, v->target, v->check, placed ? " (" : "",
                                placed ? v->place : "", placed ? ")" : "", v->message ? v->message : "");
      line = gantry_log_line_new (v->target, G_MAXUINT, result, v->state == GANTRY_VERDICT_FAIL, time_us);
      g_list_store_append (lines, line);
    }
}

/* gantry-json.h — small json-glib helpers shared by the core units */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char  *gantry_json_strv_to_string   (const char * const *strv);
char **gantry_json_strv_from_string (const char         *json);

G_END_DECLS

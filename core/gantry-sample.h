/* gantry-sample.h — the built-in sample project, copied out for first start */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "gantry-store.h"

G_BEGIN_DECLS

#define GANTRY_SAMPLE_NAME "hello-cgo"

gboolean       gantry_copy_tree       (GFile         *source,
                                       GFile         *dest,
                                       GCancellable  *cancellable,
                                       GError       **error);
GantryProject *gantry_sample_install  (GantryStore   *store,
                                       GFile         *source,
                                       const char    *data_dir,
                                       GError       **error);

G_END_DECLS

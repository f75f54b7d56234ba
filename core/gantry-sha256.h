/* gantry-sha256.h — SHA-256 of files and streams, with the CPU's SHA instructions when it has them */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _GantrySha256 GantrySha256;

/* The same digests as GChecksum's G_CHECKSUM_SHA256: on x86-64 CPUs with
 * the SHA extensions about four times as fast (a release hashes every
 * binary and archive, an install every download), elsewhere GChecksum. */
GantrySha256 *gantry_sha256_new              (void);
void          gantry_sha256_update           (GantrySha256 *self,
                                              const guchar *data,
                                              gsize         length);
/* 64 lower-case hex digits; after this, updates are refused. */
const char   *gantry_sha256_get_string       (GantrySha256 *self);
void          gantry_sha256_reset            (GantrySha256 *self);
void          gantry_sha256_free             (GantrySha256 *self);
/* TRUE when the SHA instructions are used (GANTRY_SHA256_PORTABLE=1 turns them off). */
gboolean      gantry_sha256_is_accelerated   (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantrySha256, gantry_sha256_free)

G_END_DECLS

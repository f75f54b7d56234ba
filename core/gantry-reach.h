/* gantry-reach.h — where a binary can run, in plain words, and what choosing one of two gains and loses */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "gantry-inspect.h"

G_BEGIN_DECLS

/* One binary as the comparison sees it. */
typedef struct
{
  const char         *label;   /* how the user tells it apart: "static", "linux/amd64" */
  GantryBinary       *binary;
  const char * const *passed;  /* run places where it ran and passed ("native", "qemu-aarch64",
                                * "podman:alpine:3.19"); NULL or empty: none */
  const char * const *failed;  /* run places where it ran and failed */
} GantryReachSide;

/* "Linux x86-64", "Windows ARM64", "macOS Apple silicon"; the Go names
 * when Gantry has no friendlier one. */
char *gantry_platform_name     (const char *goos,
                                const char *goarch);
/* A run place as a user reads it: "this machine", "qemu (emulated ARM64)"… */
char *gantry_place_describe    (const char *place);
/* What @binary needs to run, in a phrase: "runs on any Linux x86-64, no
 * glibc needed", "needs glibc 2.34 or newer (Ubuntu 22.04, Debian 12
 * and newer)", "needs libsqlite3.so.0 installed", "needs zlib1.dll
 * beside it". */
char *gantry_reach_describe    (GantryBinary *binary);
/* The comparison's conclusion, first thing the user reads: for each
 * side, what it needs, how much bigger it is, and where it passed or
 * failed. "static: runs on any Linux x86-64, no glibc needed, +104.9 kB;
 * dynamic: needs glibc 2.34 or newer (Ubuntu 22.04, Debian 12 and
 * newer), passed on this machine." */
char *gantry_reach_conclusion  (const GantryReachSide *a,
                                const GantryReachSide *b);

G_END_DECLS

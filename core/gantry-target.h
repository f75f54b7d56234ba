/* gantry-target.h — one thing to build: GOOS/GOARCH, cgo, link mode, libc, glibc floor */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GANTRY_RECIPE_ERROR (gantry_recipe_error_quark ())

typedef enum
{
  GANTRY_RECIPE_ERROR_INVALID = 1,  /* a field has a value that cannot work */
  GANTRY_RECIPE_ERROR_FORMAT,       /* gantry.json is not a recipe we can read */
  GANTRY_RECIPE_ERROR_NOT_FOUND,
} GantryRecipeError;

GQuark gantry_recipe_error_quark (void);

typedef enum
{
  GANTRY_CGO_AUTO,  /* on when the project uses cgo */
  GANTRY_CGO_ON,
  GANTRY_CGO_OFF,
} GantryCgo;

typedef enum
{
  GANTRY_LINK_DYNAMIC,
  GANTRY_LINK_STATIC,
} GantryLinkMode;

typedef enum
{
  GANTRY_LIBC_DEFAULT,  /* what the C compiler gives: glibc on Linux */
  GANTRY_LIBC_GNU,
  GANTRY_LIBC_MUSL,
} GantryLibc;

typedef struct
{
  const char *distro;
  const char *glibc;
} GantryGlibcFloor;

/* Distributions users know, with the glibc they ship. */
const GantryGlibcFloor *gantry_glibc_floors          (guint       *n_floors);
gboolean                gantry_go_platform_is_valid  (const char  *goos,
                                                      const char  *goarch);

/* The names one processor goes by elsewhere, for a GOARCH: the one
 * table of them (the catalog reads Zig's index with it, the doctor
 * Debian's folders, verify its emulators and sysroots). */
typedef struct
{
  const char *goarch;     /* "arm64" */
  const char *qemu;       /* qemu-user's emulator, qemu-<this>: "aarch64" */
  const char *zig;        /* zig cc -target <this>-linux-gnu.2.17: "aarch64" */
  const char *cross;      /* Debian's cross toolchain and its sysroot /usr/<this>: "aarch64-linux-gnu" */
  const char *multiarch;  /* Debian's multiarch folder /usr/lib/<this>: "aarch64-linux-gnu" */
  const char *dpkg;       /* Debian's architecture name: "arm64" */
} GantryArchNames;

/* NULL when Gantry knows no other names for @goarch. */
const GantryArchNames  *gantry_arch_names            (const char  *goarch);
/* From Zig's name ("x86_64", "x86", and older indexes' "i386", "armv7a"). */
const GantryArchNames  *gantry_arch_names_for_zig    (const char  *zig_arch);
/* This machine as GOOS and GOARCH ("linux", "amd64"). */
const char             *gantry_host_goos             (void);
const char             *gantry_host_goarch           (void);

#define GANTRY_TYPE_TARGET (gantry_target_get_type ())
G_DECLARE_FINAL_TYPE (GantryTarget, gantry_target, GANTRY, TARGET, GObject)

GantryTarget   *gantry_target_new                (const char     *goos,
                                                  const char     *goarch);
GantryTarget   *gantry_target_parse              (const char     *spec,
                                                  GError        **error);
GantryTarget   *gantry_target_copy               (GantryTarget   *self);
char           *gantry_target_get_key            (GantryTarget   *self);
gboolean        gantry_target_validate           (GantryTarget   *self,
                                                  const char     *field,
                                                  GError        **error);
gboolean        gantry_target_cgo_enabled        (GantryTarget   *self,
                                                  gboolean        project_uses_cgo);
const char     *gantry_target_get_archive_format_or_default (GantryTarget *self);

const char     *gantry_target_get_goos           (GantryTarget   *self);
const char     *gantry_target_get_goarch         (GantryTarget   *self);
const char     *gantry_target_get_goarm          (GantryTarget   *self);
void            gantry_target_set_goarm          (GantryTarget   *self,
                                                  const char     *goarm);
const char     *gantry_target_get_goamd64        (GantryTarget   *self);
void            gantry_target_set_goamd64        (GantryTarget   *self,
                                                  const char     *goamd64);
GantryCgo       gantry_target_get_cgo            (GantryTarget   *self);
void            gantry_target_set_cgo            (GantryTarget   *self,
                                                  GantryCgo       cgo);
GantryLinkMode  gantry_target_get_link_mode      (GantryTarget   *self);
void            gantry_target_set_link_mode      (GantryTarget   *self,
                                                  GantryLinkMode  mode);
GantryLibc      gantry_target_get_libc           (GantryTarget   *self);
void            gantry_target_set_libc           (GantryTarget   *self,
                                                  GantryLibc      libc);
const char     *gantry_target_get_glibc_floor    (GantryTarget   *self);
void            gantry_target_set_glibc_floor    (GantryTarget   *self,
                                                  const char     *version);
const char     *gantry_target_get_tags           (GantryTarget   *self);
void            gantry_target_set_tags           (GantryTarget   *self,
                                                  const char     *tags);
const char     *gantry_target_get_ldflags        (GantryTarget   *self);
void            gantry_target_set_ldflags        (GantryTarget   *self,
                                                  const char     *ldflags);
const char     *gantry_target_get_cc_override    (GantryTarget   *self);
void            gantry_target_set_cc_override    (GantryTarget   *self,
                                                  const char     *cc);
const char     *gantry_target_get_archive_format (GantryTarget   *self);
void            gantry_target_set_archive_format (GantryTarget   *self,
                                                  const char     *format);

const char     *gantry_cgo_to_string             (GantryCgo       cgo);
gboolean        gantry_cgo_from_string           (const char     *s,
                                                  GantryCgo      *out);
const char     *gantry_link_mode_to_string       (GantryLinkMode  mode);
gboolean        gantry_link_mode_from_string     (const char     *s,
                                                  GantryLinkMode *out);
const char     *gantry_libc_to_string            (GantryLibc      libc);
gboolean        gantry_libc_from_string          (const char     *s,
                                                  GantryLibc     *out);

G_END_DECLS

/* gantry-sha256.c — SHA-256 of files and streams, with the CPU's SHA instructions when it has them */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-sha256"

#include "config.h"

#include <string.h>

#include "gantry-sha256.h"

#if (defined (__x86_64__) || defined (__i386__)) && (defined (__GNUC__) || defined (__clang__))
#define HAVE_SHA_NI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

struct _GantrySha256
{
  GChecksum *portable;      /* when the CPU has no SHA instructions */
  guint32 state[8];
  guint8 block[64];
  gsize fill;
  guint64 total;
  gboolean finished;
  char hex[65];
};

static const guint32 initial_state[8] = {
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

#ifdef HAVE_SHA_NI
static const guint32 K[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* The message schedule in groups of four words, W[i] = σ1 + W[i-7] +
 * σ0 + W[i-16] done by sha256msg1/msg2, and two rounds per sha256rnds2,
 * with the state kept as ABEF and CDGH as the instructions want it. */
__attribute__ ((target ("sha,sse4.1,ssse3")))
static void
compress_ni (guint32      state[8],
             const guint8 *data,
             gsize         n_blocks)
{
  const __m128i byteswap = _mm_set_epi64x (0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i tmp, state0, state1;

  tmp = _mm_loadu_si128 ((const void *) &state[0]);     /* DCBA */
  state1 = _mm_loadu_si128 ((const void *) &state[4]);  /* HGFE */
  tmp = _mm_shuffle_epi32 (tmp, 0xB1);                     /* CDAB */
  state1 = _mm_shuffle_epi32 (state1, 0x1B);               /* EFGH */
  state0 = _mm_alignr_epi8 (tmp, state1, 8);               /* ABEF */
  state1 = _mm_blend_epi16 (state1, tmp, 0xF0);            /* CDGH */

  for (; n_blocks > 0; n_blocks--, data += 64)
    {
      __m128i w[4];
      __m128i abef = state0, cdgh = state1;

      for (guint g = 0; g < 16; g++)
        {
          __m128i cur, msg;

          if (g < 4)
            cur = _mm_shuffle_epi8 (_mm_loadu_si128 ((const void *) (data + 16 * g)), byteswap);
          else
            {
              /* w[g-4], w[g-3], w[g-2], w[g-1] are w[g%4], w[(g+1)%4], w[(g+2)%4], w[(g+3)%4] */
              cur = _mm_sha256msg1_epu32 (w[g % 4], w[(g + 1) % 4]);
              cur = _mm_add_epi32 (cur, _mm_alignr_epi8 (w[(g + 3) % 4], w[(g + 2) % 4], 4));
              cur = _mm_sha256msg2_epu32 (cur, w[(g + 3) % 4]);
            }
          w[g % 4] = cur;

          msg = _mm_add_epi32 (cur, _mm_loadu_si128 ((const void *) &K[4 * g]));
          state1 = _mm_sha256rnds2_epu32 (state1, state0, msg);
          msg = _mm_shuffle_epi32 (msg, 0x0E);
          state0 = _mm_sha256rnds2_epu32 (state0, state1, msg);
        }

      state0 = _mm_add_epi32 (state0, abef);
      state1 = _mm_add_epi32 (state1, cdgh);
    }

  tmp = _mm_shuffle_epi32 (state0, 0x1B);                  /* FEBA */
  state1 = _mm_shuffle_epi32 (state1, 0xB1);               /* DCHG */
  state0 = _mm_blend_epi16 (tmp, state1, 0xF0);            /* DCBA */
  state1 = _mm_alignr_epi8 (state1, tmp, 8);               /* HGFE */
  _mm_storeu_si128 ((void *) &state[0], state0);
  _mm_storeu_si128 ((void *) &state[4], state1);
}

static gboolean
cpu_has_sha_ni (void)
{
  unsigned int eax, ebx, ecx, edx;

  if (!__get_cpuid (1, &eax, &ebx, &ecx, &edx) ||
      !(ecx & bit_SSSE3) || !(ecx & bit_SSE4_1))
    return FALSE;
  if (!__get_cpuid_count (7, 0, &eax, &ebx, &ecx, &edx))
    return FALSE;
  return (ebx & (1u << 29)) != 0;    /* SHA */
}
#endif

gboolean
gantry_sha256_is_accelerated (void)
{
  static gsize once = 0;
  static gboolean accelerated = FALSE;

  if (g_once_init_enter (&once))
    {
#ifdef HAVE_SHA_NI
      accelerated = cpu_has_sha_ni () && g_strcmp0 (g_getenv ("GANTRY_SHA256_PORTABLE"), "1") != 0;
#endif
      g_once_init_leave (&once, 1);
    }
  return accelerated;
}

void
gantry_sha256_reset (GantrySha256 *self)
{
  g_return_if_fail (self != NULL);

  if (self->portable != NULL)
    g_checksum_reset (self->portable);
  memcpy (self->state, initial_state, sizeof self->state);
  self->fill = 0;
  self->total = 0;
  self->finished = FALSE;
  self->hex[0] = '\0';
}

GantrySha256 *
gantry_sha256_new (void)
{
  GantrySha256 *self = g_new0 (GantrySha256, 1);

  if (!gantry_sha256_is_accelerated ())
    self->portable = g_checksum_new (G_CHECKSUM_SHA256);
  gantry_sha256_reset (self);
  return self;
}

void
gantry_sha256_update (GantrySha256 *self,
                      const guchar *data,
                      gsize         length)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->finished);
  g_return_if_fail (data != NULL || length == 0);

  if (self->portable != NULL)
    {
      /* GChecksum takes a gssize */
      while (length > 0)
        {
          gsize n = MIN (length, (gsize) G_MAXSSIZE);

          g_checksum_update (self->portable, data, (gssize) n);
          data += n;
          length -= n;
        }
      return;
    }

#ifdef HAVE_SHA_NI
  self->total += length;
  if (self->fill > 0)
    {
      gsize n = MIN (length, sizeof self->block - self->fill);

      memcpy (self->block + self->fill, data, n);
      self->fill += n;
      data += n;
      length -= n;
      if (self->fill < sizeof self->block)
        return;
      compress_ni (self->state, self->block, 1);
      self->fill = 0;
    }
  if (length >= 64)
    {
      compress_ni (self->state, data, length / 64);
      data += length & ~(gsize) 63;
      length &= 63;
    }
  memcpy (self->block, data, length);
  self->fill = length;
#endif
}

const char *
gantry_sha256_get_string (GantrySha256 *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->finished)
    return self->hex;
  self->finished = TRUE;

  if (self->portable != NULL)
    {
      g_strlcpy (self->hex, g_checksum_get_string (self->portable), sizeof self->hex);
      return self->hex;
    }

#ifdef HAVE_SHA_NI
  {
    guint64 bits = self->total * 8;
    guint8 tail[128] = { 0 };
    gsize n = self->fill < 56 ? 64 : 128;

    memcpy (tail, self->block, self->fill);
    tail[self->fill] = 0x80;
    for (guint i = 0; i < 8; i++)
      tail[n - 1 - i] = (guint8) (bits >> (8 * i));
    compress_ni (self->state, tail, n / 64);
    for (guint i = 0; i < 8; i++)
      g_snprintf (self->hex + 8 * i, 9, "%08x", self->state[i]);
  }
#endif
  return self->hex;
}

void
gantry_sha256_free (GantrySha256 *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->portable, g_checksum_free);
  g_free (self);
}

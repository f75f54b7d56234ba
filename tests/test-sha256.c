/* test-sha256.c — GantrySha256 gives GChecksum's digests, however the data is cut */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "gantry-sha256.h"

static char *
one_shot (const guchar *data,
          gsize         length)
{
  g_autoptr(GantrySha256) sha = gantry_sha256_new ();

  gantry_sha256_update (sha, data, length);
  return g_strdup (gantry_sha256_get_string (sha));
}

/* FIPS 180-2's examples */
static void
test_known_vectors (void)
{
  g_autofree char *empty = one_shot ((const guchar *) "", 0);
  g_autofree char *abc = one_shot ((const guchar *) "abc", 3);
  g_autofree char *two_blocks = one_shot ((const guchar *) "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56);
  g_autofree guchar *million = g_malloc (1000000);
  g_autofree char *a_million = NULL;

  g_test_message ("SHA instructions used: %s", gantry_sha256_is_accelerated () ? "yes" : "no");
  g_assert_cmpstr (empty, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  g_assert_cmpstr (abc, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  g_assert_cmpstr (two_blocks, ==, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  memset (million, 'a', 1000000);
  a_million = one_shot (million, 1000000);
  g_assert_cmpstr (a_million, ==, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Every length from 0 to 1,100 (all paddings, one to eighteen blocks),
 * fed whole and in random pieces, against GChecksum. */
static void
test_against_gchecksum (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261126);
  g_autofree guchar *data = g_malloc (5 * 1024 * 1024 + 3);

  for (gsize i = 0; i < 5 * 1024 * 1024 + 3; i++)
    data[i] = (guchar) g_rand_int_range (rand, 0, 256);

  for (gsize len = 0; len <= 1100; len++)
    {
      g_autofree char *expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
      g_autofree char *whole = one_shot (data, len);
      g_autoptr(GantrySha256) pieces = gantry_sha256_new ();
      gsize at = 0;

      g_assert_cmpstr (whole, ==, expected);
      while (at < len)
        {
          gsize piece = (gsize) g_rand_int_range (rand, 0, 130);
          gsize n = MIN (len - at, piece);

          gantry_sha256_update (pieces, data + at, n);
          at += n;
        }
      g_assert_cmpstr (gantry_sha256_get_string (pieces), ==, expected);
    }

  /* a large buffer, whole and in odd pieces, and after a reset */
  {
    gsize len = 5 * 1024 * 1024 + 3;
    g_autofree char *expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
    g_autoptr(GantrySha256) sha = gantry_sha256_new ();
    gsize at = 0;

    gantry_sha256_update (sha, data, 100);
    gantry_sha256_reset (sha);
    while (at < len)
      {
        gsize piece = (gsize) g_rand_int_range (rand, 1, 300000);
        gsize n = MIN (len - at, piece);

        gantry_sha256_update (sha, data + at, n);
        at += n;
      }
    g_assert_cmpstr (gantry_sha256_get_string (sha), ==, expected);
    /* asking again gives the same, and does not finish twice */
    g_assert_cmpstr (gantry_sha256_get_string (sha), ==, expected);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/sha256/known-vectors", test_known_vectors);
  g_test_add_func ("/core/sha256/against-gchecksum", test_against_gchecksum);

  return g_test_run ();
}

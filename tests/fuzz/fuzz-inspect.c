/* fuzz-inspect.c — libFuzzer harness: any bytes through the ELF/PE/Mach-O/Go reader */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gantry-fuzz"

#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "gantry-inspect.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* No copy: ASan then flags any read one byte past the input. */
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryBinary) bin = gantry_inspect_bytes (bytes, "fuzz", &error);

  if (bin != NULL)
    {
      g_autoptr(JsonNode) json = gantry_binary_to_json (bin);
      g_autofree char *text = json_to_string (json, FALSE);

      if (text == NULL)
        abort ();
    }
  else if (error == NULL || error->domain != GANTRY_INSPECT_ERROR)
    abort ();
  return 0;
}

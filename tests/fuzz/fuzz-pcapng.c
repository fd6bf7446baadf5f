/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-pcapng.c — the pcapng reader of src/capture under a fuzzer
 *
 * Input: a file.  It is opened from memory (fmemopen) and every record is
 * read, at most 100000 of them; each record's bytes and comments are
 * touched so the sanitizer sees a read past them.  A record must never
 * claim more bytes than the block it came from, nor a negative time.
 *
 * Built like fuzz-dissect.c: a libFuzzer binary with -Dfuzzer=true, and
 * always a replay program (with fuzz-replay.c) for `meson test`, which
 * also reads every prefix of each input up to 64 KiB, so every block is
 * cut at every byte.
 */
#include "capture/lsc-pcapng.h"
#include "fuzz-replay.h"

#include <stdio.h>
#include <string.h>

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size == 0)
    return 0;
  /* fmemopen needs a writable buffer of exactly the input's size. */
  g_autofree guint8 *copy = g_memdup2 (data, size);
  FILE *fp = fmemopen (copy, size, "rb");
  if (!fp)
    return 0;
  g_autofree char *why = NULL;
  LscPcapng *r = lsc_pcapng_open (fp, &why);
  if (!r)
    return 0;
  LscPcapngRecord rec;
  gboolean truncated = FALSE;
  guint64 sum = 0;
  for (int n = 0; n < 100000; n++)
    {
      g_clear_pointer (&why, g_free);
      if (lsc_pcapng_next (r, &rec, &why, &truncated) != 1)
        break;
      if (rec.caplen > size)
        {
          fprintf (stderr, "a record of %u bytes from a %zu-byte file\n", rec.caplen, size);
          __builtin_trap ();
        }
      for (guint32 i = 0; i < rec.caplen; i++)
        sum += rec.data[i];
      const char *c = rec.comments;
      for (guint k = 0; k < rec.n_comments; k++)
        c += strlen (c) + 1;
    }
  lsc_pcapng_free (r);
  return sum == 1 ? 1 : 0;
}

#ifdef LSC_FUZZ_REPLAY
void
lsc_fuzz_replay_variants (guint8 *data, gsize len)
{
  lsc_fuzz_replay_prefixes (data, len, 65536);
}
#endif

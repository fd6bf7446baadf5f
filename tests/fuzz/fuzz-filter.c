/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-filter.c — the display filter compiler and matcher under a fuzzer
 *
 * Input: the filter text (any bytes; a NUL ends it, as it would in C).
 * A filter that compiles is matched against a few decoded frames, printed
 * with full parentheses, and that printed form must compile again and
 * match the same frames: precedence survives the round trip.  A filter
 * that does not compile must give one line and a column inside the text.
 *
 * Built like fuzz-dissect.c: a libFuzzer binary with -Dfuzzer=true, and
 * always a replay program (with fuzz-replay.c) for `meson test`.
 */
#include "core/lsc-dissect.h"
#include "core/lsc-filter.h"
#include "fuzz-replay.h"
#include "lsc-test-frames.h"

#include <stdio.h>
#include <string.h>

#define N_FRAMES 4

static LscTree *trees[N_FRAMES];

static void
decode_frames (void)
{
  static const struct { const guint8 *data; gsize len; } frames[N_FRAMES] = {
    { arp_req, sizeof arp_req }, { dns_query, sizeof dns_query },
    { tcp_syn, sizeof tcp_syn }, { icmpv6_echo, sizeof icmpv6_echo },
  };
  LscDissectOptions opt;
  lsc_dissect_options_init (&opt);
  opt.resolve_oui = FALSE;
  for (guint i = 0; i < N_FRAMES; i++)
    {
      LscPacket pkt = { .num = i + 1, .ts_ns = G_GINT64_CONSTANT (1700000000000000000), .caplen = (guint32) frames[i].len,
                        .wirelen = (guint32) frames[i].len, .linktype = LSC_LINK_ETHERNET, .data = frames[i].data };
      pkt.ts_first_ns = pkt.ts_prev_ns = pkt.ts_ns;
      trees[i] = lsc_tree_new ();
      lsc_dissect (trees[i], &pkt, &opt);
    }
}

static guint
match_bits (const LscFilter *f)
{
  guint bits = 0;
  for (guint i = 0; i < N_FRAMES; i++)
    if (lsc_filter_match (f, trees[i]))
      bits |= 1u << i;
  return bits;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (!trees[0])
    decode_frames ();
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr (GError) err = NULL;
  guint col = 0;
  g_autoptr (LscFilter) f = lsc_filter_compile (text, &col, &err);
  if (!f)
    {
      if (!err || strchr (err->message, '\n') || col < 1 || col > strlen (text) + 1)
        {
          fprintf (stderr, "bad error for a filter that does not compile: %s at column %u\n",
                   err ? err->message : "(none)", col);
          __builtin_trap ();
        }
      return 0;
    }
  guint bits = match_bits (f);
  g_autofree char *shape = lsc_filter_to_string (f);
  g_autoptr (GError) err2 = NULL;
  g_autoptr (LscFilter) again = lsc_filter_compile (shape, NULL, &err2);
  /* Its parentheses may nest past the limit the original kept within. */
  if (!again && !g_error_matches (err2, LSC_FILTER_ERROR, LSC_FILTER_ERROR_SYNTAX))
    {
      fprintf (stderr, "'%s' printed as '%s', which does not compile: %s\n", text, shape, err2->message);
      __builtin_trap ();
    }
  if (again && match_bits (again) != bits)
    {
      fprintf (stderr, "'%s' and its printed form '%s' match different frames\n", text, shape);
      __builtin_trap ();
    }
  return 0;
}

#ifdef LSC_FUZZ_REPLAY
void
lsc_fuzz_replay_variants (guint8 *data, gsize len)
{
  /* Every prefix of a seed: cut-off filters end in every parser state. */
  LLVMFuzzerTestOneInput (data, 0);
  lsc_fuzz_replay_prefixes (data, len, 4096);
}
#endif

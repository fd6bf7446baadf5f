/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-dissect.c — the frame dissector under a fuzzer
 *
 * Output: summary line, tree text, values, hex dump, JSON and a fields row;
 * then the conversation analysis and the followed payload of the frame.
 *
 * Input format: the first byte selects how the rest is read, the remaining
 * bytes are the frame.
 *   bits 0-2  link type: 0 Ethernet, 1 Linux cooked v1, 2 Linux cooked v2,
 *             3 BSD loopback (host order), 4 BSD loopback (network order),
 *             5 raw IP, 6 raw IPv4, 7 raw IPv6
 *   bits 3-4  model for the grouped tree: 0 OSI, 1 TCP/IP 4, 2 TCP/IP 5, 3 ungrouped
 *   bit 5     reassembly: the rest is up to 8 frames, each a 2-byte big-endian
 *             length and its bytes; they go through the analysis with IP
 *             fragment and TCP reassembly, in one pass and kept (then every
 *             frame is dissected again and annotated, as the app does)
 *   bit 6     subnet analysis with a /24 prefix
 *   bit 7     the wire length is 1000 bytes longer than the capture (snap length cut)
 *
 * Built two ways: with -Dfuzzer=true and clang as a libFuzzer binary, and
 * always as a replay program (LSC_FUZZ_REPLAY, with fuzz-replay.c) that runs
 * every file of the directories and files given on the command line, so the
 * sanitizer build re-checks the whole corpus in `meson test`.
 */
#include "core/lsc-conv.h"
#include "core/lsc-dissect.h"
#include "core/lsc-follow.h"
#include "core/lsc-format.h"
#include "core/lsc-layers.h"
#include "core/lsc-output.h"
#include "fuzz-replay.h"

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Indexed by the selector's bits 0-2, plus 8 for bit 5 (tests/fuzz/README.md). */
static const int link_types[16] = {
  LSC_LINK_ETHERNET, LSC_LINK_LINUX_SLL, LSC_LINK_LINUX_SLL2, LSC_LINK_NULL,
  LSC_LINK_LOOP, LSC_LINK_RAW, LSC_LINK_IPV4, LSC_LINK_IPV6,
  LSC_LINK_PPP, LSC_LINK_PPP_WITH_DIR, LSC_LINK_CHDLC, LSC_LINK_NFLOG,
  LSC_LINK_IPOIB, LSC_LINK_PKTAP, LSC_LINK_PKTAP_APPLE, 147 /* LINKTYPE_USER0: not decoded (index 15 is the reassembly mode) */,
};

static guint
link_index (guint8 sel)
{
  return (sel & 7u) | ((sel >> 2) & 8u);
}

/* Every node lies in the frame, or (LSC_NODE_REASSEMBLED) in the bytes a
 * reassembly decoded into the tree. */
static void
check_nodes (LscTree *tree, guint32 wirelen)
{
  guint32 rlen = 0;
  lsc_tree_reassembled (tree, &rlen);
  for (guint i = 0; i < lsc_tree_count (tree); i++)
    {
      const LscNode *n = lsc_tree_node (tree, (gint32) i);
      guint32 end = (n->flags & LSC_NODE_REASSEMBLED) ? rlen : wirelen;
      if (n->length && (guint64) n->offset + n->length > end)
        {
          fprintf (stderr, "node %s has offset %u length %u past its bytes (%u)\n",
                   n->field ? n->field->id : "?", n->offset, n->length, end);
          __builtin_trap ();
        }
    }
}

#define MAX_FRAMES 8

/* The reassembly mode's link types, by the selector's bits 3-4. */
static const int reasm_link_types[4] = { LSC_LINK_ETHERNET, LSC_LINK_LINUX_SLL, LSC_LINK_RAW, LSC_LINK_IPV6 };

/* Frames [len16][bytes]... through the reassembly, one pass and kept. */
static void
fuzz_reassembly (guint8 sel, const uint8_t *data, size_t size, LscTree *tree, GString *out)
{
  guint8 *frames[MAX_FRAMES];
  guint32 lens[MAX_FRAMES];
  guint n = 0;
  size_t pos = 0;
  while (n < MAX_FRAMES && pos + 2 <= size)
    {
      guint32 len = (guint32) (data[pos] << 8 | data[pos + 1]);
      pos += 2;
      len = (guint32) MIN ((size_t) len, size - pos);
      frames[n] = g_malloc (len ? len : 1);
      memcpy (frames[n], data + pos, len);
      lens[n++] = len;
      pos += len;
    }
  LscDissectOptions opt;
  lsc_dissect_options_init (&opt);
  opt.resolve_oui = FALSE;
  opt.reassemble = TRUE;
  opt.tcp_info_by_analysis = TRUE;
  LscConv *once = lsc_conv_new ();
  lsc_conv_set_streaming (once, TRUE);
  LscConv *kept = lsc_conv_new ();
  LscPacket pkts[MAX_FRAMES];
  for (guint i = 0; i < n; i++)
    {
      pkts[i] = (LscPacket) {
        .num = i + 1, .ts_ns = G_GINT64_CONSTANT (1700000000000000000) + i * G_GINT64_CONSTANT (1000000),
        .caplen = lens[i], .wirelen = (sel & 0x80) ? lens[i] + 1000 : lens[i],
        .linktype = reasm_link_types[(sel >> 3) & 3], .data = frames[i],
      };
      for (guint pass = 0; pass < 2; pass++)
        {
          lsc_dissect (tree, &pkts[i], &opt);
          lsc_conv_process (pass ? kept : once, tree);
          check_nodes (tree, pkts[i].wirelen);
          g_string_truncate (out, 0);
          lsc_format_summary_line (tree, out);
          lsc_format_tree_text (tree, LSC_MODEL_OSI, TRUE, out);
          lsc_output_json_packet (tree, LSC_MODEL_TCPIP5, out);
        }
    }
  lsc_conv_finish (kept);
  for (guint i = n; i-- > 0;)
    {
      lsc_dissect (tree, &pkts[i], &opt);
      lsc_conv_annotate (kept, tree);
      check_nodes (tree, pkts[i].wirelen);
      g_string_truncate (out, 0);
      lsc_format_tree_text (tree, LSC_MODEL_OSI, TRUE, out);
    }
  lsc_conv_free (once);
  lsc_conv_free (kept);
  for (guint i = 0; i < n; i++)
    g_free (frames[i]);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* One tree for the whole run, like the CLI: stale state from the previous
   * frame must never leak into the next one. */
  static LscTree *tree;
  static GString *out;
  static LscFieldsOutput *fields;

  if (size < 1 || size > 65536 + 1)
    return 0;
  if (!tree)
    {
      tree = lsc_tree_new ();
      out = g_string_sized_new (4096);
      static const char *const ids[] = {
        "frame.len", "eth.src", "eth.type", "arp.opcode", "ip.src", "ip.flags.df", "ip.checksum",
        "icmp.seq", "tcp.srcport", "tcp.flags.syn", "tcp.options.mss_val", "udp.length",
        "dns.qry.name", "http.request.method", "ipv6.dst", "icmpv6.type",
      };
      fields = lsc_fields_output_new (ids, G_N_ELEMENTS (ids), NULL);
    }

  guint8 sel = data[0];
  /* The last entry of the second table (bits 0-2 all set with bit 5):
   * several frames through the reassembly instead of one. */
  if (link_index (sel) == 15)
    {
      fuzz_reassembly (sel, data + 1, size - 1, tree, out);
      return 0;
    }
  guint32 caplen = (guint32) (size - 1);
  /* An exact-size copy, so the sanitizer sees any read past the frame. */
  guint8 *frame = g_malloc (caplen ? caplen : 1);
  memcpy (frame, data + 1, caplen);

  LscPacket pkt = {
    .num = 1,
    .ts_ns = G_GINT64_CONSTANT (1700000000000000000),
    .caplen = caplen,
    .wirelen = (sel & 0x80) ? caplen + 1000 : caplen,
    .linktype = link_types[link_index (sel)],
    .data = frame,
  };
  pkt.ts_first_ns = pkt.ts_prev_ns = pkt.ts_ns;

  LscDissectOptions opt;
  lsc_dissect_options_init (&opt);
  opt.resolve_oui = FALSE;
  opt.ipv4_prefix = (sel & 0x40) ? 24 : 0;

  lsc_dissect (tree, &pkt, &opt);

  g_string_truncate (out, 0);
  lsc_format_summary_line (tree, out);
  guint m = (sel >> 3) & 3;
  if (m == 3)
    lsc_format_tree_text (tree, LSC_MODEL_OSI, FALSE, out);
  else
    lsc_format_tree_text (tree, (LscModel) m, TRUE, out);
  for (guint i = 0; i < lsc_tree_count (tree); i++)
    {
      const LscNode *n = lsc_tree_node (tree, (gint32) i);
      lsc_format_value (n, out);
      lsc_format_bits (n, out);
    }
  /* Every node must lie inside the frame (or be a derived fact). */
  check_nodes (tree, pkt.wirelen);
  for (guint32 o = 0; o < caplen; o += 7)
    (void) lsc_tree_node_at_offset (tree, o);
  lsc_format_hexdump (frame, caplen, out);
  g_string_truncate (out, 0);
  lsc_output_json_packet (tree, LSC_MODEL_TCPIP5, out);
  if (fields)
    lsc_fields_output_row (fields, tree, out);

  /* The analysis and follow stream on the frame: its payload is copied
   * within the captured bytes only, whatever the headers claim. */
  LscConv *conv = lsc_conv_new ();
  lsc_conv_process (conv, tree);
  LscConvPacket cp;
  if (lsc_conv_packet (conv, 1, &cp))
    {
      LscConvKind kind = lsc_conv_nth (conv, cp.conv)->kind;
      if (kind == LSC_CONV_TCP || kind == LSC_CONV_UDP)
        {
          LscFollow *f = lsc_follow_new (kind);
          lsc_follow_add (f, conv, cp.conv, tree);
          lsc_follow_finish (f);
          GBytes *b = lsc_follow_get_bytes (f, -1);
          lsc_follow_append_printable (out, g_bytes_get_data (b, NULL), g_bytes_get_size (b));
          g_bytes_unref (b);
          lsc_follow_free (f);
        }
    }
  lsc_conv_free (conv);

  g_free (frame);
  return 0;
}

#ifdef LSC_FUZZ_REPLAY

/* The same bytes under every other link type too: cheap, and it reaches
 * paths no seed was written for (an Ethernet frame read as Linux cooked …). */
void
lsc_fuzz_replay_variants (guint8 *data, gsize len)
{
  if (len == 0)
    return;
  guint8 orig = data[0];
  for (guint lt = 1; lt < G_N_ELEMENTS (link_types); lt++)
    {
      guint i = (link_index (orig) + lt) % G_N_ELEMENTS (link_types);
      data[0] = (guint8) ((orig & ~0x27u) | (i & 7u) | ((i & 8u) << 2));
      LLVMFuzzerTestOneInput (data, len);
    }
  data[0] = orig;
}

#endif

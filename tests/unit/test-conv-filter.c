/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-conv-filter.c — lsc_conv_filter_text(): the filter of one conversation
 *
 * On every bundled and recorded capture, the filter built for each
 * conversation must compile and match exactly the frames the analysis put
 * in that conversation, no more and no fewer.
 */
#include "core/lsc-conv.h"
#include "core/lsc-dissect.h"
#include "core/lsc-filter.h"
#include "lsc-test-capture.h"

#include <string.h>

static void
test_capture (gconstpointer data)
{
  LscConv *conv;
  g_autoptr (LscStore) store = lsc_test_load_capture (data, &conv);
  g_autoptr (LscTree) tree = lsc_tree_new ();
  guint n = lsc_conv_count (conv);
  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = lsc_conv_filter_text (conv, i);
      g_assert_nonnull (text);
      g_autoptr (GError) error = NULL;
      guint col = 0;
      LscFilter *filter = lsc_filter_compile (text, &col, &error);
      if (!filter)
        g_error ("%s: conversation %u: \"%s\": %s at column %u", (const char *) data, i, text, error->message, col);
      guint matched = 0, members = 0;
      LscPacket pkt;
      for (guint k = 0; lsc_store_get_packet (store, k, &pkt); k++)
        {
          /* A full tree with the analysis' nodes, as the app filters. */
          lsc_dissect (tree, &pkt, lsc_store_get_options (store));
          lsc_conv_annotate (conv, tree);
          LscConvPacket cp;
          gboolean member = lsc_conv_packet (conv, pkt.num, &cp) && cp.conv == i;
          gboolean match = lsc_filter_match (filter, tree);
          if (member != match)
            g_error ("%s: frame %" G_GUINT64_FORMAT ": \"%s\" %s but the frame is %sin conversation %u",
                     (const char *) data, pkt.num, text, match ? "matches" : "does not match", member ? "" : "not ", i);
          matched += match;
          members += member;
        }
      g_assert_cmpuint (matched, ==, members);
      g_assert_cmpuint (members, >, 0);
      lsc_filter_free (filter);
    }
  g_assert_null (lsc_conv_filter_text (conv, n));
  lsc_conv_free (conv);
}

static void
test_forms (void)
{
  /* The forms a learner sees, on the capture with one of each kind. */
  LscConv *conv;
  g_autoptr (LscStore) store = lsc_test_load_capture ("data/captures/classroom.pcapng", &conv);
  gboolean seen[4] = { FALSE };
  for (guint i = 0; i < lsc_conv_count (conv); i++)
    {
      const LscConvInfo *ci = lsc_conv_nth (conv, i);
      g_autofree char *text = lsc_conv_filter_text (conv, i);
      g_autofree char *want = NULL;
      if (ci->kind == LSC_CONV_TCP)
        want = g_strdup_printf ("tcp.stream == %u", ci->id);
      else if (ci->kind == LSC_CONV_UDP)
        want = g_strdup_printf ("udp.stream == %u", ci->id);
      if (want)
        g_assert_cmpstr (text, ==, want);
      else if (ci->kind == LSC_CONV_ICMP)
        g_assert_nonnull (strstr (text, "icmp.ident == 0x"));
      else
        g_assert_nonnull (strstr (text, "arp.src.proto_ipv4 == "));
      seen[ci->kind] = TRUE;
    }
  g_assert_true (seen[LSC_CONV_TCP] && seen[LSC_CONV_UDP] && seen[LSC_CONV_ICMP] && seen[LSC_CONV_ARP]);
  lsc_conv_free (conv);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/conv-filter/forms", test_forms);
  static const char *const captures[] = {
    "data/captures/arp.pcapng", "data/captures/classroom.pcapng", "data/captures/dns.pcapng",
    "data/captures/handshake-teardown.pcapng", "data/captures/http.pcapng", "data/captures/ping.pcapng",
    "tests/netns/captures/closed-port.pcapng", "tests/netns/captures/midstream.pcapng",
    "tests/netns/captures/rst-abort.pcapng", "tests/netns/captures/simultaneous-close.pcapng",
    /* The generated corpus: IPv6 and ICMPv6 echo, other link types, odd TCP options, snap-length cuts. */
    "tests/golden/captures/eth-arp.pcap", "tests/golden/captures/ipv4-icmp.pcap",
    "tests/golden/captures/ipv6-icmpv6.pcapng", "tests/golden/captures/link-null.pcap",
    "tests/golden/captures/link-raw.pcap", "tests/golden/captures/link-sll.pcap",
    "tests/golden/captures/link-sll2.pcapng", "tests/golden/captures/tcp-http.pcap",
    "tests/golden/captures/tcp-options.pcapng", "tests/golden/captures/truncated.pcap",
    "tests/golden/captures/udp-dns.pcap",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (captures); i++)
    {
      g_autofree char *name = g_strdup_printf ("/conv-filter/%s/%s", strstr (captures[i], "netns") ? "netns" : strstr (captures[i], "golden") ? "golden" : "data",
                                               strrchr (captures[i], '/') + 1);
      g_test_add_data_func (name, captures[i], test_capture);
    }
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-proto-link.c — VLAN tags, LLC/SNAP, Linux cooked capture v1/v2, BSD/OpenBSD loopback
 *
 * Frames are literal bytes; malformed variants change single bytes of them.
 */
#include "core/lsc-dissect.h"
#include "core/lsc-format.h"
#include "lsc-test-tree.h"

/* 802.1Q tag PRI 5, DEI 0, VLAN 10, then IPv4 + ICMP echo request */
static const guint8 vlan[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x81, 0x00, 0xa0, 0x0a,
  0x08, 0x00, 0x45, 0x00, 0x00, 0x20, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01, 0xae, 0xb4, 0xc6, 0x12,
  0x00, 0x01, 0xc6, 0x12, 0x00, 0x02, 0x08, 0x00, 0x19, 0x2d, 0x00, 0x01, 0x00, 0x01, 0x70, 0x69,
  0x6e, 0x67,
};

/* 802.1ad outer tag VLAN 100, 802.1Q inner tag VLAN 10, then IPv4 + ICMP echo request */
static const guint8 qinq[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x88, 0xa8, 0x00, 0x64,
  0x81, 0x00, 0x00, 0x0a, 0x08, 0x00, 0x45, 0x00, 0x00, 0x20, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01,
  0xae, 0xb4, 0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12, 0x00, 0x02, 0x08, 0x00, 0x19, 0x2d, 0x00, 0x01,
  0x00, 0x01, 0x70, 0x69, 0x6e, 0x67,
};

/* 802.1Q VLAN 10 carrying an ARP request, padded to 64 bytes */
static const guint8 vlan_arp[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x81, 0x00, 0x00, 0x0a,
  0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
  0xc6, 0x12, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc6, 0x12, 0x00, 0x02, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* 802.1Q VLAN 10 (PRI 1) with an 802.3 length, LLC/SNAP (RFC 1042) and IPv4 + ICMP */
static const guint8 vlan_snap[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x81, 0x00, 0x20, 0x0a,
  0x00, 0x28, 0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x08, 0x00, 0x45, 0x00, 0x00, 0x20, 0x00, 0x01,
  0x40, 0x00, 0x40, 0x01, 0xae, 0xb4, 0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12, 0x00, 0x02, 0x08, 0x00,
  0x19, 0x2d, 0x00, 0x01, 0x00, 0x01, 0x70, 0x69, 0x6e, 0x67,
};

/* IEEE 802.3 frame to the bridge group address with an LLC header for a spanning tree BPDU, padded to 60 */
static const guint8 stp[] = {
  0x01, 0x80, 0xc2, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x26, 0x42, 0x42,
  0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
  0x00, 0x00, 0x80, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x80, 0x01, 0x00, 0x00, 0x14, 0x00,
  0x02, 0x00, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* IEEE 802.3 frame with an LLC information frame (2-byte control) between NetBIOS SAPs */
static const guint8 llc_i[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0xf0, 0xf0,
  0x00, 0x02, 0x61, 0x62,
};

/* Linux cooked v1: sent by us, Ethernet, 02:00:00:00:00:01, IPv4 + ICMP echo request */
static const guint8 sll1[] = {
  0x00, 0x04, 0x00, 0x01, 0x00, 0x06, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x08, 0x00,
  0x45, 0x00, 0x00, 0x20, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01, 0xae, 0xb4, 0xc6, 0x12, 0x00, 0x01,
  0xc6, 0x12, 0x00, 0x02, 0x08, 0x00, 0x19, 0x2d, 0x00, 0x01, 0x00, 0x01, 0x70, 0x69, 0x6e, 0x67,
};

/* Linux cooked v1 on lo (ARPHRD_LOOPBACK, all-zero address), IPv6 with no next header */
static const guint8 sll1_lo[] = {
  0x00, 0x00, 0x03, 0x04, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x86, 0xdd,
  0x60, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3b, 0x40, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
};

/* Linux cooked v1 on a GRE tunnel (ARPHRD_IPGRE 778, the remote end
 * 198.18.0.1 as its 4-byte address): the protocol field is GRE's, an
 * EtherType, here IPv6 with no next header. */
static const guint8 sll1_gre[] = {
  0x00, 0x00, 0x03, 0x0a, 0x00, 0x04, 0xc6, 0x12, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x86, 0xdd,
  0x60, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3b, 0x40, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
};

/* Linux cooked v2: ARP on interface 2, broadcast, Ethernet address 02:00:00:00:00:01 */
static const guint8 sll2[] = {
  0x08, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x01, 0x06, 0x02, 0x00, 0x00, 0x00,
  0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00,
  0x00, 0x01, 0xc6, 0x12, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc6, 0x12, 0x00, 0x02,
};

/* Linux cooked v1 with protocol 4 (802.2 LLC): a spanning tree LLC header */
static const guint8 sll1_llc[] = {
  0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x04,
  0x42, 0x42, 0x03, 0x00, 0x00, 0x00, 0x00,
};

/* BSD loopback, family 2 in little-endian host order, IPv4 + ICMP */
static const guint8 null_le[] = {
  0x02, 0x00, 0x00, 0x00, 0x45, 0x00, 0x00, 0x20, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01, 0xae, 0xb4,
  0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12, 0x00, 0x02, 0x08, 0x00, 0x19, 0x2d, 0x00, 0x01, 0x00, 0x01,
  0x70, 0x69, 0x6e, 0x67,
};

/* BSD loopback, family 30 (macOS AF_INET6) in big-endian host order, IPv6 + ICMPv6 echo */
static const guint8 null_be6[] = {
  0x00, 0x00, 0x00, 0x1e, 0x60, 0x00, 0x00, 0x00, 0x00, 0x08, 0x3a, 0x40, 0xfd, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xfd, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x80, 0x00, 0x85, 0xb6,
  0x00, 0x01, 0x00, 0x01,
};

/* OpenBSD loopback, family 2 in network order, IPv4 + ICMP */
static const guint8 loop[] = {
  0x00, 0x00, 0x00, 0x02, 0x45, 0x00, 0x00, 0x20, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01, 0xae, 0xb4,
  0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12, 0x00, 0x02, 0x08, 0x00, 0x19, 0x2d, 0x00, 0x01, 0x00, 0x01,
  0x70, 0x69, 0x6e, 0x67,
};

/* BSD loopback with an unknown family 99 and 3 bytes */
static const guint8 null_unknown[] = {
  0x63, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03,
};

static void
dissect_as (LscTree *t, const guint8 *d, gsize n, int linktype)
{
  LscDissectOptions o;
  lsc_dissect_options_init (&o);
  o.resolve_oui = FALSE;
  LscPacket p = { .num = 1, .caplen = (guint32) n, .wirelen = (guint32) n, .linktype = linktype, .data = d };
  lsc_dissect (t, &p, &o);
}

/* TRUE when some note under the node idx (or its children) contains text. */
static gboolean
has_note_under (LscTree *t, gint32 idx, const char *text)
{
  for (gint32 c = lsc_tree_node (t, idx)->first_child; c >= 0; c = lsc_tree_node (t, c)->next)
    {
      const LscNode *n = lsc_tree_node (t, c);
      if (g_str_has_prefix (n->field->id, "_ws.expert") && n->text && strstr (n->text, text))
        return TRUE;
      if (has_note_under (t, c, text))
        return TRUE;
    }
  return FALSE;
}

static void
test_vlan_8021q (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  dissect_as (t, vlan, sizeof vlan, LSC_LINK_ETHERNET);
  LscPinfo *pi = lsc_tree_pinfo (t);
  check (t, "eth.type", 0x8100, 12, 2);
  check (t, "vlan", 0, 14, 4);
  check (t, "vlan.priority", 5, 14, 2);
  check (t, "vlan.dei", 0, 14, 2);
  check (t, "vlan.id", 10, 14, 2);
  check (t, "vlan.etype", 0x0800, 16, 2);
  check (t, "ip", 0, 18, 20);
  g_assert_true (pi->has & LSC_HAS_VLAN);
  g_assert_cmpuint (pi->vlan_id, ==, 10);
  g_assert_cmpstr (pi->protocol, ==, "ICMP");
  g_assert_false (pi->has & LSC_HAS_ERROR);
  g_assert_cmpstr (need (t, "frame.protocols")->text, ==, "eth:vlan:ip:icmp:data");
  g_autoptr (GString) s = g_string_new (NULL);
  lsc_format_label (need (t, "vlan.priority"), s);
  g_assert_cmpstr (s->str, ==, "101. .... .... .... = Priority: Voice, < 10ms latency and jitter (5)");

  /* VLAN 0 is a priority tag, 4095 is reserved. */
  g_autofree guint8 *f = g_memdup2 (vlan, sizeof vlan);
  f[14] = 0x0f;
  f[15] = 0xff;
  dissect_as (t, f, sizeof vlan, LSC_LINK_ETHERNET);
  check (t, "vlan.priority", 0, 14, 2);
  check (t, "vlan.id", 4095, 14, 2);
  check (t, "vlan.dei", 0, 14, 2);
  g_assert_true (has_note_under (t, lsc_tree_find (t, "vlan"), "reserved"));
  f[14] = 0x10;
  f[15] = 0x00;
  dissect_as (t, f, sizeof vlan, LSC_LINK_ETHERNET);
  check (t, "vlan.dei", 1, 14, 2);
  check (t, "vlan.id", 0, 14, 2);
  g_assert_true (has_note_under (t, lsc_tree_find (t, "vlan"), "priority tag"));
}

static void
test_vlan_qinq (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  dissect_as (t, qinq, sizeof qinq, LSC_LINK_ETHERNET);
  /* The outer tag is 802.1ad's service tag, the inner one the customer's 802.1Q tag. */
  check (t, "ieee8021ad", 0, 14, 4);
  check (t, "ieee8021ad.id", 100, 14, 2);
  check (t, "ieee8021ad.priority", 0, 14, 2);
  check (t, "ieee8021ad.etype", 0x8100, 16, 2);
  check (t, "vlan", 0, 18, 4);
  check (t, "vlan.id", 10, 18, 2);
  check (t, "vlan.etype", 0x0800, 20, 2);
  g_assert_cmpint (nth_field (t, "vlan.id", 1), ==, -1);
  check (t, "ip", 0, 22, 20);
  g_assert_cmpstr (need (t, "frame.protocols")->text, ==, "eth:ieee8021ad:vlan:ip:icmp:data");
  /* The outer (service) tag is the one the first switch acts on. */
  g_assert_cmpuint (lsc_tree_pinfo (t)->vlan_id, ==, 100);
  g_assert_cmpuint (lsc_tree_pinfo (t)->l3_off, ==, 22);
  g_assert_cmpuint (lsc_tree_pinfo (t)->l3_len, ==, 32);

  /* Tags nested without end stop at the dispatch depth, without recursion blowing up. */
  guint8 many[14 + 4 * 40];
  memcpy (many, qinq, 12);
  for (guint i = 0; i < 41; i++)
    {
      many[12 + i * 4] = 0x81;
      many[13 + i * 4] = 0x00;
      if (i < 40)
        {
          many[14 + i * 4] = 0;
          many[15 + i * 4] = (guint8) (i + 1);
        }
    }
  dissect_as (t, many, sizeof many, LSC_LINK_ETHERNET);
  g_assert_cmpint (nth_field (t, "vlan", 3), >=, 0);
  g_assert_cmpint (nth_field (t, "vlan", 20), ==, -1);
}

static void
test_vlan_arp_padding (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  dissect_as (t, vlan_arp, sizeof vlan_arp, LSC_LINK_ETHERNET);
  check (t, "vlan.etype", 0x0806, 16, 2);
  check (t, "arp", 0, 18, 28);
  check (t, "arp.opcode", 1, 24, 2);
  check (t, "eth.padding", 0, 46, 18);
  g_assert_cmpstr (lsc_tree_pinfo (t)->info->str, ==, "Who has 198.18.0.2? Tell 198.18.0.1");
}

static void
test_llc_snap (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  dissect_as (t, vlan_snap, sizeof vlan_snap, LSC_LINK_ETHERNET);
  check (t, "vlan.priority", 1, 14, 2);
  check (t, "vlan.len", 40, 16, 2);
  check (t, "llc", 0, 18, 8);
  check (t, "llc.dsap", 0xaa, 18, 1);
  check (t, "llc.ssap", 0xaa, 19, 1);
  check (t, "llc.control", 3, 20, 1);
  check (t, "llc.oui", 0, 21, 3);
  check (t, "llc.type", 0x0800, 24, 2);
  g_assert_cmpint (lsc_tree_find (t, "llc.pid"), ==, -1);
  check (t, "ip", 0, 26, 20);
  check (t, "icmp.checksum.status", 1, 0, 0);
  /* IPv4 says where its packet starts, so the link layer can tell padding from data. */
  g_assert_cmpuint (lsc_tree_pinfo (t)->l3_off, ==, 26);
  g_assert_cmpuint (lsc_tree_pinfo (t)->l3_len, ==, 32);

  /* A SNAP header from another organisation: the protocol ID is not an EtherType. */
  g_autofree guint8 *f = g_memdup2 (vlan_snap, sizeof vlan_snap);
  f[23] = 0x0c;  /* 00000c: Cisco */
  dissect_as (t, f, sizeof vlan_snap, LSC_LINK_ETHERNET);
  check (t, "llc.oui", 0x00000c, 21, 3);
  check (t, "llc.pid", 0x0800, 24, 2);
  g_assert_cmpint (lsc_tree_find (t, "ip"), ==, -1);
  check (t, "data", 0, 26, 32);

  /* The 802.3 length past the frame. */
  f[17] = 200;
  dissect_as (t, f, sizeof vlan_snap, LSC_LINK_ETHERNET);
  g_assert_true (need (t, "vlan.len")->flags & LSC_NODE_MALFORMED);
}

static void
test_llc_plain (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  dissect_as (t, stp, sizeof stp, LSC_LINK_ETHERNET);
  check (t, "eth.len", 38, 12, 2);
  check (t, "llc", 0, 14, 3);
  check (t, "llc.dsap", 0x42, 14, 1);
  check (t, "llc.dsap.ig", 0, 14, 1);
  check (t, "llc.ssap", 0x42, 15, 1);
  check (t, "llc.ssap.cr", 0, 15, 1);
  check (t, "llc.control", 3, 16, 1);
  check (t, "llc.control.ftype", 3, 16, 1);
  check (t, "data", 0, 17, 35);
  check (t, "eth.padding", 0, 52, 8);
  g_assert_cmpstr (lsc_tree_pinfo (t)->info->str, ==, "Spanning Tree BPDU");
  g_assert_true (has_note_under (t, lsc_tree_find (t, "llc"), "Spanning Tree"));

  /* An I frame has a 2-byte control field. */
  dissect_as (t, llc_i, sizeof llc_i, LSC_LINK_ETHERNET);
  check (t, "llc", 0, 14, 4);
  check (t, "llc.control", 0x0002, 16, 2);
  check (t, "llc.control.ftype", 0, 16, 1);
  check (t, "data", 0, 18, 2);

  /* 802.3 length 2: not even DSAP, SSAP and control fit. */
  g_autofree guint8 *f = g_memdup2 (stp, sizeof stp);
  f[13] = 2;
  dissect_as (t, f, sizeof stp, LSC_LINK_ETHERNET);
  g_assert_true (need (t, "llc")->flags & LSC_NODE_TRUNCATED);
  g_assert_true (lsc_tree_pinfo (t)->has & LSC_HAS_ERROR);
}

static void
test_sll_v1 (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  dissect_as (t, sll1, sizeof sll1, LSC_LINK_LINUX_SLL);
  LscPinfo *pi = lsc_tree_pinfo (t);
  check (t, "sll", 0, 0, 16);
  check (t, "sll.pkttype", 4, 0, 2);
  check (t, "sll.hatype", 1, 2, 2);
  check (t, "sll.halen", 6, 4, 2);
  check (t, "sll.src.eth", 0x020000000001, 6, 6);
  check (t, "sll.unused", 0, 12, 2);
  check (t, "sll.etype", 0x0800, 14, 2);
  check (t, "ip", 0, 16, 20);
  check (t, "icmp.checksum.status", 1, 0, 0);
  g_assert_true (has_note_under (t, lsc_tree_find (t, "sll"), "This host sent the packet"));
  g_autoptr (GString) s = g_string_new (NULL);
  lsc_format_display (need (t, "sll.pkttype"), s);
  g_assert_cmpstr (s->str, ==, "Sent by us (4)");
  g_assert_cmpstr (pi->src, ==, "198.18.0.1");
  g_assert_cmpstr (pi->protocol, ==, "ICMP");
  g_assert_cmpstr (need (t, "frame.protocols")->text, ==, "sll:ip:icmp:data");
  g_assert_cmpint (lsc_tree_find (t, "sll.trailer"), ==, -1);

  /* Bytes after the IPv4 packet are a trailer, not payload. */
  guint8 longer[sizeof sll1 + 3];
  memcpy (longer, sll1, sizeof sll1);
  memset (longer + sizeof sll1, 0xab, 3);
  dissect_as (t, longer, sizeof longer, LSC_LINK_LINUX_SLL);
  check (t, "sll.trailer", 0, sizeof sll1, 3);
  check (t, "data", 0, 44, 4);

  /* Other directions are explained too. */
  const char *expect[] = { "addressed to this host", "broadcast", "multicast", "promiscuous" };
  g_autofree guint8 *f = g_memdup2 (sll1, sizeof sll1);
  for (guint k = 0; k < 4; k++)
    {
      f[1] = (guint8) k;
      dissect_as (t, f, sizeof sll1, LSC_LINK_LINUX_SLL);
      g_assert_true (has_note_under (t, lsc_tree_find (t, "sll"), expect[k]));
    }

  /* An address length over 8 is malformed but the header is still decoded. */
  f[5] = 9;
  dissect_as (t, f, sizeof sll1, LSC_LINK_LINUX_SLL);
  g_assert_true (need (t, "sll.halen")->flags & LSC_NODE_MALFORMED);
  check (t, "sll.etype", 0x0800, 14, 2);

  /* The loopback interface. */
  dissect_as (t, sll1_lo, sizeof sll1_lo, LSC_LINK_LINUX_SLL);
  check (t, "sll.hatype", 772, 2, 2);
  check (t, "sll.etype", 0x86dd, 14, 2);
  check (t, "ipv6", 0, 16, 40);
  g_assert_true (has_note_under (t, lsc_tree_find (t, "sll"), "Loopback"));

  /* Protocol 4: an 802.2 LLC header follows. */
  dissect_as (t, sll1_llc, sizeof sll1_llc, LSC_LINK_LINUX_SLL);
  check (t, "sll.ltype", 4, 14, 2);
  check (t, "llc.dsap", 0x42, 16, 1);
}

static void
test_sll_gre (void)
{
  /* 778 (IPv4 GRE) and 823 (IPv6 GRE) alike: 0x86dd goes to IPv6. */
  const guint16 hatypes[] = { 778, 823 };
  for (gsize k = 0; k < G_N_ELEMENTS (hatypes); k++)
    {
      g_autoptr (LscTree) t = lsc_tree_new ();
      g_autofree guint8 *f = g_memdup2 (sll1_gre, sizeof sll1_gre);
      f[2] = (guint8) (hatypes[k] >> 8);
      f[3] = (guint8) hatypes[k];
      dissect_as (t, f, sizeof sll1_gre, LSC_LINK_LINUX_SLL);
      check (t, "sll.hatype", hatypes[k], 2, 2);
      check (t, "sll.gretype", 0x86dd, 14, 2);
      check (t, "ipv6", 0, 16, 40);
      check (t, "ipv6.nxt", 59, 22, 1);
      g_assert_cmpint (lsc_tree_find (t, "data"), ==, -1);
      g_assert_cmpstr (need (t, "frame.protocols")->text, ==, "sll:ipv6");
    }
}

static void
test_raw_version_nibble (void)
{
  /* IPv4 on the IPv6 link type and IPv6 on the IPv4 one: the version
   * nibble wins; a packet of neither version goes where the link type says. */
  g_autoptr (LscTree) t = lsc_tree_new ();
  const int lts[] = { LSC_LINK_IPV6, LSC_LINK_IPV4, LSC_LINK_RAW };
  for (gsize k = 0; k < G_N_ELEMENTS (lts); k++)
    {
      dissect_as (t, null_le + 4, sizeof null_le - 4, lts[k]);
      check (t, "ip", 0, 0, 20);
      g_assert_cmpint (lsc_tree_find (t, "ipv6"), ==, -1);
      check (t, "icmp.checksum.status", 1, 0, 0);
      dissect_as (t, null_be6 + 4, sizeof null_be6 - 4, lts[k]);
      check (t, "ipv6", 0, 0, 40);
      g_assert_cmpint (lsc_tree_find (t, "ip"), ==, -1);
    }
  g_autofree guint8 *v5 = g_memdup2 (null_le + 4, sizeof null_le - 4);
  v5[0] = 0x55;
  dissect_as (t, v5, sizeof null_le - 4, LSC_LINK_IPV6);
  g_assert_cmpint (lsc_tree_find (t, "ipv6"), >=, 0);
  dissect_as (t, v5, sizeof null_le - 4, LSC_LINK_IPV4);
  g_assert_cmpint (lsc_tree_find (t, "ip"), >=, 0);
}

/* PPP and Cisco HDLC: a few bytes of framing, then IPv4 or IPv6 (the IPv4
 * ICMP echo and IPv6 ICMPv6 echo of the loopback frames above). */
static guint8 *
framed (const guint8 *head, gsize hlen, const guint8 *payload, gsize plen, gsize *len)
{
  guint8 *f = g_malloc (hlen + plen);
  memcpy (f, head, hlen);
  memcpy (f + hlen, payload, plen);
  *len = hlen + plen;
  return f;
}

static void
test_ppp_chdlc (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  gsize len;
  const guint8 *ip4 = null_le + 4, *ip6 = null_be6 + 4;
  gsize ip4_len = sizeof null_le - 4, ip6_len = sizeof null_be6 - 4;

  static const guint8 ppp_full[] = { 0xff, 0x03, 0x00, 0x21 };
  g_autofree guint8 *a = framed (ppp_full, 4, ip4, ip4_len, &len);
  dissect_as (t, a, len, LSC_LINK_PPP);
  check (t, "ppp", 0, 0, 4);
  check (t, "ppp.address", 0xff, 0, 1);
  check (t, "ppp.control", 0x03, 1, 1);
  check (t, "ppp.protocol", 0x0021, 2, 2);
  check (t, "ip", 0, 4, 20);
  check (t, "icmp.checksum.status", 1, 0, 0);
  g_assert_cmpstr (need (t, "frame.protocols")->text, ==, "ppp:ip:icmp:data");
  assert_every_prefix (t, a, len, LSC_LINK_PPP, 0, 0, 3);

  /* Address/control left out and a one-byte protocol (RFC 1661 compression). */
  static const guint8 ppp_short[] = { 0x21 };
  g_autofree guint8 *b = framed (ppp_short, 1, ip4, ip4_len, &len);
  dissect_as (t, b, len, LSC_LINK_PPP);
  check (t, "ppp", 0, 0, 1);
  check (t, "ppp.protocol", 0x21, 0, 1);
  g_assert_cmpint (lsc_tree_find (t, "ppp.address"), ==, -1);
  check (t, "ip", 0, 1, 20);

  /* With the capturing host's direction byte, IPv6. */
  static const guint8 ppp_dir[] = { 0x01, 0xff, 0x03, 0x00, 0x57 };
  g_autofree guint8 *c = framed (ppp_dir, 5, ip6, ip6_len, &len);
  dissect_as (t, c, len, LSC_LINK_PPP_WITH_DIR);
  check (t, "ppp.direction", 1, 0, 1);
  check (t, "ppp.protocol", 0x0057, 3, 2);
  check (t, "ipv6", 0, 5, 40);
  check (t, "icmpv6.checksum.status", 1, 0, 0);
  assert_every_prefix (t, c, len, LSC_LINK_PPP_WITH_DIR, 0, 0, 4);

  /* The link's own control protocol is named and shown as data. */
  static const guint8 lcp[] = { 0xff, 0x03, 0xc0, 0x21, 0x01, 0x01, 0x00, 0x04 };
  dissect_as (t, lcp, sizeof lcp, LSC_LINK_PPP);
  check (t, "ppp.protocol", 0xc021, 2, 2);
  g_assert_cmpstr (lsc_tree_pinfo (t)->info->str, ==, "PPP Link Control Protocol");
  g_assert_cmpint (lsc_tree_find (t, "data"), >=, 0);

  static const guint8 chdlc[] = { 0x0f, 0x00, 0x08, 0x00 };
  g_autofree guint8 *d = framed (chdlc, 4, ip4, ip4_len, &len);
  dissect_as (t, d, len, LSC_LINK_CHDLC);
  check (t, "chdlc", 0, 0, 4);
  check (t, "chdlc.address", 0x0f, 0, 1);
  check (t, "chdlc.protocol", 0x0800, 2, 2);
  check (t, "ip", 0, 4, 20);
  g_assert_cmpstr (need (t, "frame.protocols")->text, ==, "chdlc:ip:icmp:data");
  assert_every_prefix (t, d, len, LSC_LINK_CHDLC, 0, 0, 4);
}

/* ---- Link headers the capturing system writes, and GRE ---- */

/* Appends n bytes to a growing frame. */
static void
put (GByteArray *a, const void *d, gsize n)
{
  g_byte_array_append (a, d, (guint) n);
}

/* An NFLOG record: length and type in the given byte order, the value padded to 4. */
static void
put_tlv (GByteArray *a, gboolean le, guint16 type, const guint8 *v, gsize n)
{
  guint16 len = (guint16) (4 + n);
  guint8 h[4] = { len >> 8, len & 0xff, type >> 8, type & 0xff };
  if (le)
    h[0] = len & 0xff, h[1] = len >> 8, h[2] = type & 0xff, h[3] = type >> 8;
  put (a, h, 4);
  put (a, v, n);
  static const guint8 zero[3] = { 0 };
  put (a, zero, (4 - n % 4) % 4);
}

static void
test_nflog (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  const guint8 *ip4 = null_le + 4;
  gsize ip4_len = sizeof null_le - 4;
  for (int le = 1; le >= 0; le--)
    {
      /* IPv4, group 5: packet header (EtherType 0x0800, hook OUTPUT), prefix "lab", the packet. */
      g_autoptr (GByteArray) a = g_byte_array_new ();
      static const guint8 head[] = { 0x02, 0x00, 0x00, 0x05 };
      static const guint8 hdr[] = { 0x08, 0x00, 0x03, 0x00 };
      put (a, head, 4);
      put_tlv (a, le, 1, hdr, 4);
      put_tlv (a, le, 10, (const guint8 *) "lab", 4);
      put_tlv (a, le, 9, ip4, ip4_len);
      dissect_as (t, a->data, a->len, LSC_LINK_NFLOG);
      check (t, "nflog.family", 2, 0, 1);
      check (t, "nflog.res_id", 5, 2, 2);
      check (t, "nflog.tlv_length", 8, 4, 2);
      check (t, "nflog.tlv_type", 1, 6, 2);
      check (t, "nflog.protocol", 0x0800, 8, 2);
      check (t, "nflog.hook", 3, 10, 1);
      g_assert_cmpstr (need (t, "nflog.prefix")->text, ==, "lab");
      check_nth (t, "nflog.tlv_type", 2, 9, 22, 2);
      check (t, "ip", 0, 24, 20);
      check (t, "icmp.checksum.status", 1, 0, 0);
      g_assert_cmpstr (need (t, "frame.protocols")->text, ==, "nflog:ip:icmp:data");
      g_assert_cmpstr (lsc_tree_pinfo (t)->src, ==, "198.18.0.1");
      assert_every_prefix (t, a->data, a->len, LSC_LINK_NFLOG, 0, 0, 4);

      /* A record shorter than its own head ends the walk, flagged. */
      a->data[12 + (le ? 0 : 1)] = 2;
      a->data[12 + (le ? 1 : 0)] = 0;
      dissect_as (t, a->data, a->len, LSC_LINK_NFLOG);
      g_assert_true (lsc_tree_pinfo (t)->has & LSC_HAS_ERROR);
      g_assert_cmpint (lsc_tree_find (t, "ip"), ==, -1);
    }

  /* IPv6 (family 10) with no packet header. */
  g_autoptr (GByteArray) b = g_byte_array_new ();
  static const guint8 head6[] = { 0x0a, 0x00, 0x00, 0x06 };
  put (b, head6, 4);
  put_tlv (b, TRUE, 9, null_be6 + 4, sizeof null_be6 - 4);
  dissect_as (t, b->data, b->len, LSC_LINK_NFLOG);
  check (t, "ipv6", 0, 8, 40);
  check (t, "icmpv6.checksum.status", 1, 0, 0);
}

/* A PKTAP header (little-endian fields) of hlen bytes for a frame of link type dlt. */
static void
put_pktap (GByteArray *a, guint32 hlen, guint32 dlt, const char *ifname, const char *cmd, guint32 pid)
{
  guint8 h[128] = { 0 };
  g_assert_cmpuint (hlen, <=, sizeof h);
  guint32 v[3] = { hlen, 1, dlt };
  for (guint i = 0; i < 3; i++)
    for (guint k = 0; k < 4; k++)
      h[4 * i + k] = (v[i] >> (8 * k)) & 0xff;
  memcpy (h + 12, ifname, strlen (ifname));
  for (guint k = 0; k < 4; k++)
    h[52 + k] = (pid >> (8 * k)) & 0xff;
  memcpy (h + 56, cmd, strlen (cmd));
  put (a, h, hlen);
}

static void
test_pktap (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  static const guint8 eth_hdr[] = { 0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x00 };
  const int lts[] = { LSC_LINK_PKTAP, LSC_LINK_PKTAP_APPLE };
  for (gsize k = 0; k < G_N_ELEMENTS (lts); k++)
    {
      g_autoptr (GByteArray) a = g_byte_array_new ();
      put_pktap (a, 108, 1, "en0", "ping", 4242);
      put (a, eth_hdr, sizeof eth_hdr);
      put (a, null_le + 4, sizeof null_le - 4);
      dissect_as (t, a->data, a->len, lts[k]);
      check (t, "pktap", 0, 0, 108);
      check (t, "pktap.hdrlen", 108, 0, 4);
      check (t, "pktap.rectype", 1, 4, 4);
      check (t, "pktap.dlt", 1, 8, 4);
      g_assert_cmpstr (need (t, "pktap.ifname")->text, ==, "en0");
      check (t, "pktap.pid", 4242, 52, 4);
      g_assert_cmpstr (need (t, "pktap.cmdname")->text, ==, "ping");
      check (t, "eth", 0, 108, 14);
      check (t, "ip", 0, 122, 20);
      g_assert_cmpstr (need (t, "frame.protocols")->text, ==, "pktap:eth:ip:icmp:data");
      assert_every_prefix (t, a->data, a->len, lts[k], 0, lts[k] == LSC_LINK_PKTAP ? 0 : 12, 122);
    }

  /* A longer header than today's 108 bytes: the frame starts where it says;
   * macOS's DLT_RAW (12) is raw IP. */
  g_autoptr (GByteArray) b = g_byte_array_new ();
  put_pktap (b, 116, 12, "utun3", "", 0);
  put (b, null_le + 4, sizeof null_le - 4);
  dissect_as (t, b->data, b->len, LSC_LINK_PKTAP);
  check (t, "pktap", 0, 0, 116);
  check (t, "ip", 0, 116, 20);

  /* A header length below 108 is malformed. */
  b->data[0] = 40;
  dissect_as (t, b->data, b->len, LSC_LINK_PKTAP);
  g_assert_true (lsc_tree_node (t, lsc_tree_find (t, "pktap.hdrlen"))->flags & LSC_NODE_MALFORMED);
  g_assert_cmpint (lsc_tree_find (t, "ip"), ==, -1);

  /* Under 149, a private link type elsewhere, only what looks like PKTAP is taken for it. */
  dissect_as (t, null_le, sizeof null_le, LSC_LINK_PKTAP_APPLE);
  g_assert_cmpint (lsc_tree_find (t, "pktap"), ==, -1);
  g_assert_cmpint (lsc_tree_find (t, "data"), >=, 0);
}

static void
test_ipoib (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  static const guint8 gid[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0x02, 0xc9, 0x03, 0, 0x0a, 0, 0x02 };

  /* Sent: the first 20 bytes zero, then the destination QPN and GID. */
  g_autoptr (GByteArray) a = g_byte_array_new ();
  static const guint8 zero[20] = { 0 }, qpn[4] = { 0, 0, 0, 0x48 }, type4[4] = { 0x08, 0x00, 0, 0 };
  put (a, zero, 20);
  put (a, qpn, 4);
  put (a, gid, 16);
  put (a, type4, 4);
  put (a, null_le + 4, sizeof null_le - 4);
  dissect_as (t, a->data, a->len, LSC_LINK_IPOIB);
  check (t, "ipoib", 0, 0, 44);
  check (t, "ipoib.daddr.qpn", 0x48, 21, 3);
  g_assert_cmpmem (need (t, "ipoib.dgid")->bytes, 16, gid, 16);
  check (t, "ipoib.type", 0x0800, 40, 2);
  check (t, "ip", 0, 44, 20);
  g_assert_cmpint (lsc_tree_find (t, "ipoib.grh"), ==, -1);
  g_assert_cmpstr (need (t, "frame.protocols")->text, ==, "ipoib:ip:icmp:data");
  assert_every_prefix (t, a->data, a->len, LSC_LINK_IPOIB, 0, 0, 44);

  /* Received: the global route header (version 6), IPv6 inside. */
  g_autoptr (GByteArray) b = g_byte_array_new ();
  static const guint8 grh[8] = { 0x60, 0, 0, 0, 0, 0, 0, 0x48 }, type6[4] = { 0x86, 0xdd, 0, 0 };
  put (b, grh, 8);
  put (b, gid, 16);
  put (b, gid, 16);
  put (b, type6, 4);
  put (b, null_be6 + 4, sizeof null_be6 - 4);
  dissect_as (t, b->data, b->len, LSC_LINK_IPOIB);
  check (t, "ipoib.grh.ipver", 6, 0, 1);
  check (t, "ipoib.grh.sqpn", 0x48, 5, 3);
  check (t, "ipv6", 0, 44, 40);
  check (t, "icmpv6.checksum.status", 1, 0, 0);
  assert_every_prefix (t, b->data, b->len, LSC_LINK_IPOIB, 0, 0, 44);
}

/* Raw IPv4 from 198.18.10.1 to 198.18.10.2 carrying GRE (protocol 47): gre
 * is the GRE header, payload what it carries. */
static GByteArray *
gre_packet (const guint8 *gre, gsize glen, const guint8 *payload, gsize plen)
{
  GByteArray *a = g_byte_array_new ();
  guint16 total = (guint16) (20 + glen + plen);
  guint8 ip[20] = { 0x45, 0, total >> 8, total & 0xff, 0, 1, 0x40, 0, 64, 47, 0, 0, 198, 18, 10, 1, 198, 18, 10, 2 };
  guint16 c = lsc_inet_fold (lsc_inet_sum (ip, 20, 0));
  ip[10] = c >> 8, ip[11] = c & 0xff;
  put (a, ip, 20);
  put (a, gre, glen);
  put (a, payload, plen);
  return a;
}

static void
test_gre (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  const guint8 *ip4 = null_le + 4;
  gsize ip4_len = sizeof null_le - 4;

  /* Plain GRE: four bytes, then IPv4. */
  static const guint8 plain[] = { 0x00, 0x00, 0x08, 0x00 };
  g_autoptr (GByteArray) a = gre_packet (plain, 4, ip4, ip4_len);
  dissect_as (t, a->data, a->len, LSC_LINK_RAW);
  check (t, "gre", 0, 20, 4);
  check (t, "gre.flags_and_version", 0, 20, 2);
  check (t, "gre.proto", 0x0800, 22, 2);
  check_nth (t, "ip", 1, 0, 24, 20);
  check (t, "icmp.checksum.status", 1, 0, 0);
  g_assert_cmpstr (need (t, "frame.protocols")->text, ==, "ip:gre:ip:icmp:data");
  g_assert_cmpstr (lsc_tree_pinfo (t)->src, ==, "198.18.0.1");   /* the inner packet's */
  g_assert_cmpint (lsc_tree_find (t, "gre.checksum"), ==, -1);
  assert_every_prefix (t, a->data, a->len, LSC_LINK_RAW, 0, 20, 24);

  /* Checksum, key and sequence number (RFC 2890), in that order. */
  guint8 ck[16] = { 0xb0, 0x00, 0x08, 0x00, 0, 0, 0, 0, 0, 0, 0x04, 0x57, 0, 0, 0, 9 };
  g_autoptr (GByteArray) body = g_byte_array_new ();
  put (body, ck, 16);
  put (body, ip4, ip4_len);
  guint16 c = lsc_inet_fold (lsc_inet_sum (body->data, body->len, 0));
  ck[4] = c >> 8, ck[5] = c & 0xff;
  g_autoptr (GByteArray) b = gre_packet (ck, 16, ip4, ip4_len);
  dissect_as (t, b->data, b->len, LSC_LINK_RAW);
  check (t, "gre", 0, 20, 16);
  check (t, "gre.flags.checksum", 1, 20, 2);
  check (t, "gre.flags.key", 1, 20, 2);
  check (t, "gre.flags.sequence_number", 1, 20, 2);
  check (t, "gre.checksum", c, 24, 2);
  check (t, "gre.checksum.status", 1, 0, 0);
  check (t, "gre.key", 0x457, 28, 4);
  check (t, "gre.sequence_number", 9, 32, 4);
  check_nth (t, "ip", 1, 0, 36, 20);
  assert_every_prefix (t, b->data, b->len, LSC_LINK_RAW, 0, 20, 36);
  /* One damaged byte of the inner packet breaks it. */
  b->data[b->len - 1] ^= 0x01;
  dissect_as (t, b->data, b->len, LSC_LINK_RAW);
  check (t, "gre.checksum.status", 0, 0, 0);

  /* gretap: a whole Ethernet frame (transparent Ethernet bridging). */
  static const guint8 teb[] = { 0x00, 0x00, 0x65, 0x58, 0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x00 };
  g_autoptr (GByteArray) d = gre_packet (teb, sizeof teb, ip4, ip4_len);
  dissect_as (t, d->data, d->len, LSC_LINK_RAW);
  check (t, "gre.proto", 0x6558, 22, 2);
  check (t, "eth", 0, 24, 14);
  check_nth (t, "ip", 1, 0, 38, 20);
  g_assert_cmpint (lsc_tree_find (t, "eth.padding"), ==, -1);
  g_assert_cmpstr (need (t, "frame.protocols")->text, ==, "ip:gre:eth:ip:icmp:data");

  /* Version 1 (PPTP): payload length and call ID, sequence and acknowledgment, PPP. */
  guint8 v1[20] = { 0x30, 0x81, 0x88, 0x0b, 0, (guint8) (4 + ip4_len), 0x12, 0x34, 0, 0, 0, 5, 0, 0, 0, 4,
                    0xff, 0x03, 0x00, 0x21 };
  g_autoptr (GByteArray) e = gre_packet (v1, sizeof v1, ip4, ip4_len);
  dissect_as (t, e->data, e->len, LSC_LINK_RAW);
  check (t, "gre.flags.version", 1, 20, 2);
  check (t, "gre.flags.ack", 1, 20, 2);
  check (t, "gre.flags.reserved", 0, 20, 2);   /* bits 3-6: the acknowledgment bit is not reserved here */
  check (t, "gre.key.payload_length", 4 + ip4_len, 24, 2);
  check (t, "gre.key.call_id", 0x1234, 26, 2);
  check (t, "gre.sequence_number", 5, 28, 4);
  check (t, "gre.ack_number", 4, 32, 4);
  check (t, "ppp.protocol", 0x0021, 38, 2);
  check_nth (t, "ip", 1, 0, 40, 20);
  assert_every_prefix (t, e->data, e->len, LSC_LINK_RAW, 0, 20, 40);

  /* An unknown version stops at the four bytes it can read. */
  static const guint8 v3[] = { 0x00, 0x03, 0x08, 0x00 };
  g_autoptr (GByteArray) g = gre_packet (v3, 4, ip4, ip4_len);
  dissect_as (t, g->data, g->len, LSC_LINK_RAW);
  g_assert_true (lsc_tree_pinfo (t)->has & LSC_HAS_ERROR);
  g_assert_cmpint (nth_field (t, "ip", 1), ==, -1);
}

static void
test_sll_v2 (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  dissect_as (t, sll2, sizeof sll2, LSC_LINK_LINUX_SLL2);
  check (t, "sll", 0, 0, 20);
  check (t, "sll.etype", 0x0806, 0, 2);
  check (t, "sll.reserved", 0, 2, 2);
  check (t, "sll.ifindex", 2, 4, 4);
  check (t, "sll.hatype", 1, 8, 2);
  check (t, "sll.pkttype", 1, 10, 1);
  check (t, "sll.halen", 6, 11, 1);
  check (t, "sll.src.eth", 0x020000000001, 12, 6);
  check (t, "sll.unused", 0, 18, 2);
  check (t, "arp", 0, 20, 28);
  g_assert_cmpstr (lsc_tree_pinfo (t)->info->str, ==, "Who has 198.18.0.2? Tell 198.18.0.1");
  g_assert_cmpstr (lsc_tree_pinfo (t)->protocol, ==, "ARP");
}

static void
test_null_loopback (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  dissect_as (t, null_le, sizeof null_le, LSC_LINK_NULL);
  check (t, "null", 0, 0, 4);
  check (t, "null.family", 2, 0, 4);
  check (t, "ip", 0, 4, 20);
  check (t, "icmp.checksum.status", 1, 0, 0);
  g_assert_nonnull (strstr (need (t, "null.family")->text, "little-endian"));

  /* The same family written big-endian by another host is still recognised. */
  dissect_as (t, loop, sizeof loop, LSC_LINK_NULL);
  check (t, "null.family", 2, 0, 4);
  g_assert_nonnull (strstr (need (t, "null.family")->text, "big-endian"));
  check (t, "ip", 0, 4, 20);

  dissect_as (t, loop, sizeof loop, LSC_LINK_LOOP);
  check (t, "null.family", 2, 0, 4);
  g_assert_nonnull (strstr (need (t, "null.family")->text, "network byte order"));

  dissect_as (t, null_be6, sizeof null_be6, LSC_LINK_NULL);
  check (t, "null.family", 30, 0, 4);
  check (t, "ipv6", 0, 4, 40);
  check (t, "icmpv6.checksum.status", 1, 0, 0);
  /* Every system's AF_INET6 leads to IPv6. */
  const guint8 fams[] = { 10, 24, 28, 30 };
  g_autofree guint8 *f = g_memdup2 (null_be6, sizeof null_be6);
  for (guint i = 0; i < G_N_ELEMENTS (fams); i++)
    {
      f[3] = fams[i];
      dissect_as (t, f, sizeof null_be6, LSC_LINK_NULL);
      check (t, "null.family", fams[i], 0, 4);
      g_assert_cmpint (lsc_tree_find (t, "ipv6"), >=, 0);
    }

  dissect_as (t, null_unknown, sizeof null_unknown, LSC_LINK_NULL);
  check (t, "null.family", 99, 0, 4);
  check (t, "data", 0, 4, 3);
  g_assert_cmpint (lsc_tree_find (t, "ip"), ==, -1);
  g_assert_true (has_note_under (t, lsc_tree_find (t, "null"), "99"));
}

static void
test_link_truncated_every_byte (void)
{
  static const struct {
    const guint8 *d;
    gsize n;
    int linktype;
    guint32 header;  /* bytes of link header: shorter prefixes must be flagged */
  } frames[] = {
    { vlan, sizeof vlan, LSC_LINK_ETHERNET, 18 }, { qinq, sizeof qinq, LSC_LINK_ETHERNET, 22 },
    { vlan_arp, sizeof vlan_arp, LSC_LINK_ETHERNET, 18 }, { vlan_snap, sizeof vlan_snap, LSC_LINK_ETHERNET, 26 },
    { stp, sizeof stp, LSC_LINK_ETHERNET, 17 }, { llc_i, sizeof llc_i, LSC_LINK_ETHERNET, 18 },
    { sll1, sizeof sll1, LSC_LINK_LINUX_SLL, 16 }, { sll1_lo, sizeof sll1_lo, LSC_LINK_LINUX_SLL, 16 },
    { sll2, sizeof sll2, LSC_LINK_LINUX_SLL2, 20 }, { sll1_llc, sizeof sll1_llc, LSC_LINK_LINUX_SLL, 19 },
    { null_le, sizeof null_le, LSC_LINK_NULL, 4 }, { null_be6, sizeof null_be6, LSC_LINK_NULL, 4 },
    { loop, sizeof loop, LSC_LINK_LOOP, 4 }, { null_unknown, sizeof null_unknown, LSC_LINK_NULL, 4 },
  };
  g_autoptr (LscTree) t = lsc_tree_new ();
  for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
    assert_every_prefix (t, frames[i].d, frames[i].n, frames[i].linktype, 0, 0, frames[i].header);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/link/vlan/8021q", test_vlan_8021q);
  g_test_add_func ("/link/vlan/qinq", test_vlan_qinq);
  g_test_add_func ("/link/vlan/arp-padding", test_vlan_arp_padding);
  g_test_add_func ("/link/llc/snap", test_llc_snap);
  g_test_add_func ("/link/llc/plain", test_llc_plain);
  g_test_add_func ("/link/sll/v1", test_sll_v1);
  g_test_add_func ("/link/sll/v2", test_sll_v2);
  g_test_add_func ("/link/sll/gre", test_sll_gre);
  g_test_add_func ("/link/raw/version-nibble", test_raw_version_nibble);
  g_test_add_func ("/link/ppp-chdlc", test_ppp_chdlc);
  g_test_add_func ("/link/nflog", test_nflog);
  g_test_add_func ("/link/pktap", test_pktap);
  g_test_add_func ("/link/ipoib", test_ipoib);
  g_test_add_func ("/link/gre", test_gre);
  g_test_add_func ("/link/null/loopback", test_null_loopback);
  g_test_add_func ("/link/truncated-every-byte", test_link_truncated_every_byte);
  return g_test_run ();
}

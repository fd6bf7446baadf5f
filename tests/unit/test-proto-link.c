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
  g_test_add_func ("/link/null/loopback", test_null_loopback);
  g_test_add_func ("/link/truncated-every-byte", test_link_truncated_every_byte);
  return g_test_run ();
}

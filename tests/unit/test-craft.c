/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-craft.c — every crafted frame type built into bytes (no privileges),
 * decoded by the core and checked field by field; overrides; bad input;
 * pairing of answers with probes. */
#include "core/lsc-dissect.h"
#include "craft/lsc-craft.h"
#include "craft/lsc-craft-match.h"

#include <arpa/inet.h>
#include <string.h>

static const guint8 mac_a[6] = { 0x02, 0x00, 0x00, 0x00, 0x64, 0x01 };
static const guint8 mac_b[6] = { 0x02, 0x00, 0x00, 0x00, 0x64, 0x02 };
#define IP_A "198.18.100.1"
#define IP_B "198.18.100.2"

static guint32
ip4 (const char *text)
{
  guint32 v = 0;
  g_assert_true (lsc_craft_parse_ipv4 (text, &v, NULL));
  return v;
}

static void
fill_ip (LscCraftIp *ip, gboolean a_to_b)
{
  memcpy (ip->src_mac, a_to_b ? mac_a : mac_b, 6);
  memcpy (ip->dst_mac, a_to_b ? mac_b : mac_a, 6);
  ip->src = ip4 (a_to_b ? IP_A : IP_B);
  ip->dst = ip4 (a_to_b ? IP_B : IP_A);
}

/* Decode frame into t; frame must outlive the tree's use. */
static void
decode (LscTree *t, GBytes *frame)
{
  gsize n;
  const guint8 *d = g_bytes_get_data (frame, &n);
  LscPacket pkt = { .num = 1, .caplen = (guint32) n, .wirelen = (guint32) n, .linktype = LSC_LINK_ETHERNET, .data = d };
  lsc_dissect (t, &pkt, NULL);
}

static const LscNode *
field (LscTree *t, const char *id)
{
  gint32 i = lsc_tree_find (t, id);
  if (i < 0)
    g_error ("field %s missing from the decoded frame", id);
  return lsc_tree_node (t, i);
}

static guint64
field_u (LscTree *t, const char *id)
{
  return field (t, id)->v.u;
}

/* The IPv4 header sums to 0xffff (folds to 0) exactly when its checksum is right. */
static gboolean
ip_header_sums_ok (GBytes *frame)
{
  const guint8 *d = g_bytes_get_data (frame, NULL);
  return lsc_inet_fold (lsc_inet_sum (d + 14, 20, 0)) == 0;
}

static void
test_echo_fields (void)
{
  LscCraftEcho o;
  lsc_craft_echo_init (&o);
  fill_ip (&o.ip, TRUE);
  o.ip.ttl = 1;
  o.ip.id = 0x4242;
  o.id = 0x1234;
  o.seq = 7;
  o.size = 10;
  o.pattern[0] = 0xab;
  o.pattern[1] = 0xcd;
  o.pattern_len = 2;
  g_autoptr (GError) err = NULL;
  g_autoptr (GBytes) f = lsc_craft_build_echo (&o, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (g_bytes_get_size (f), ==, 14 + 20 + 8 + 10);

  const guint8 *d = g_bytes_get_data (f, NULL);
  const guint8 want_payload[10] = { 0xab, 0xcd, 0xab, 0xcd, 0xab, 0xcd, 0xab, 0xcd, 0xab, 0xcd };
  g_assert_cmpmem (d + 42, 10, want_payload, 10);
  g_assert_true (ip_header_sums_ok (f));
  /* ICMP checksum over the whole message, computed here independently. */
  g_assert_cmpuint (lsc_inet_fold (lsc_inet_sum (d + 34, 18, 0)), ==, 0);

  g_autoptr (LscTree) t = lsc_tree_new ();
  decode (t, f);
  const LscPinfo *pi = lsc_tree_pinfo_const (t);
  g_assert_cmpuint (pi->has & (LSC_HAS_ETH | LSC_HAS_IP4 | LSC_HAS_ICMP), ==, LSC_HAS_ETH | LSC_HAS_IP4 | LSC_HAS_ICMP);
  g_assert_false (pi->has & LSC_HAS_ERROR);
  g_assert_cmpuint (field_u (t, "eth.dst"), ==, 0x020000006402);
  g_assert_cmpuint (field_u (t, "eth.src"), ==, 0x020000006401);
  g_assert_cmpuint (field_u (t, "eth.type"), ==, 0x0800);
  g_assert_cmpuint (field_u (t, "ip.ttl"), ==, 1);
  g_assert_cmpuint (field_u (t, "ip.id"), ==, 0x4242);
  g_assert_cmpuint (field_u (t, "ip.len"), ==, 38);
  g_assert_cmpuint (field_u (t, "ip.proto"), ==, 1);
  g_assert_cmpuint (field_u (t, "ip.flags.df"), ==, 1);
  g_assert_cmpuint (field_u (t, "ip.src"), ==, 0xc6126401);
  g_assert_cmpuint (field_u (t, "ip.dst"), ==, 0xc6126402);
  g_assert_cmpuint (field_u (t, "ip.checksum.status"), ==, 1);
  g_assert_cmpuint (field_u (t, "icmp.type"), ==, 8);
  g_assert_cmpuint (field_u (t, "icmp.code"), ==, 0);
  g_assert_cmpuint (field_u (t, "icmp.ident"), ==, 0x1234);
  g_assert_cmpuint (field_u (t, "icmp.seq"), ==, 7);
  g_assert_cmpuint (field_u (t, "icmp.checksum.status"), ==, 1);
  g_assert_cmpuint (pi->icmp_id, ==, 0x1234);
  g_assert_cmpuint (pi->icmp_seq, ==, 7);
  g_assert_cmpuint (pi->ttl, ==, 1);
}

static void
test_echo_default_payload (void)
{
  LscCraftEcho o;
  lsc_craft_echo_init (&o);
  fill_ip (&o.ip, TRUE);
  g_autoptr (GBytes) f = lsc_craft_build_echo (&o, NULL);
  g_assert_nonnull (f);
  /* ping's 56 data bytes; filler counts up from 0. */
  g_assert_cmpuint (g_bytes_get_size (f), ==, 14 + 20 + 8 + 56);
  const guint8 *d = g_bytes_get_data (f, NULL);
  g_assert_cmpuint (d[42], ==, 0x00);
  g_assert_cmpuint (d[42 + 55], ==, 55);
  g_assert_cmpuint (d[14 + 8], ==, 64);   /* TTL 64 by default */
}

static void
test_checksum_overrides (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  LscCraftEcho o;
  lsc_craft_echo_init (&o);
  fill_ip (&o.ip, TRUE);
  o.id = 1;
  o.ip.checksum = LSC_CRAFT_CKSUM_BAD;
  o.checksum = LSC_CRAFT_CKSUM_BAD;
  g_autoptr (GBytes) bad = lsc_craft_build_echo (&o, NULL);
  g_assert_false (ip_header_sums_ok (bad));
  decode (t, bad);
  g_assert_cmpuint (field_u (t, "ip.checksum.status"), ==, 0);
  g_assert_cmpuint (field_u (t, "icmp.checksum.status"), ==, 0);
  g_assert_true (field (t, "ip.checksum")->flags & LSC_NODE_CHECKSUM_BAD);

  /* A literal value is written as is. */
  o.ip.checksum = 0x1234;
  o.checksum = LSC_CRAFT_CKSUM_AUTO;
  g_autoptr (GBytes) lit = lsc_craft_build_echo (&o, NULL);
  const guint8 *d = g_bytes_get_data (lit, NULL);
  g_assert_cmpuint (d[24], ==, 0x12);
  g_assert_cmpuint (d[25], ==, 0x34);
  decode (t, lit);
  g_assert_cmpuint (field_u (t, "icmp.checksum.status"), ==, 1);

  o.ip.checksum = 0x10000;
  g_autoptr (GError) err = NULL;
  g_assert_null (lsc_craft_build_echo (&o, &err));
  g_assert_error (err, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_INVALID);
}

static void
test_arp_variants (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  LscCraftArp o;
  lsc_craft_arp_init (&o);
  memcpy (o.src_mac, mac_a, 6);
  o.sender_ip = ip4 (IP_A);
  o.target_ip = ip4 (IP_B);
  g_autoptr (GBytes) req = lsc_craft_build_arp (&o, NULL);
  g_assert_cmpuint (g_bytes_get_size (req), ==, 42);
  decode (t, req);
  const LscPinfo *pi = lsc_tree_pinfo_const (t);
  g_assert_true (pi->has & LSC_HAS_ARP);
  g_assert_cmpuint (field_u (t, "eth.dst"), ==, 0xffffffffffff);
  g_assert_cmpuint (field_u (t, "eth.type"), ==, 0x0806);
  g_assert_cmpuint (field_u (t, "arp.opcode"), ==, 1);
  g_assert_cmpuint (field_u (t, "arp.hw.type"), ==, 1);
  g_assert_cmpuint (field_u (t, "arp.proto.type"), ==, 0x0800);
  g_assert_cmpuint (field_u (t, "arp.src.hw_mac"), ==, 0x020000006401);
  g_assert_cmpuint (field_u (t, "arp.src.proto_ipv4"), ==, 0xc6126401);
  g_assert_cmpuint (field_u (t, "arp.dst.hw_mac"), ==, 0);
  g_assert_cmpuint (field_u (t, "arp.dst.proto_ipv4"), ==, 0xc6126402);

  o.kind = LSC_CRAFT_ARP_GRATUITOUS;
  g_autoptr (GBytes) grat = lsc_craft_build_arp (&o, NULL);
  decode (t, grat);
  g_assert_cmpuint (field_u (t, "arp.src.proto_ipv4"), ==, 0xc6126401);
  g_assert_cmpuint (field_u (t, "arp.dst.proto_ipv4"), ==, 0xc6126401);
  g_assert_cmpint (lsc_tree_find (t, "arp.isgratuitous"), >=, 0);

  o.kind = LSC_CRAFT_ARP_PROBE;
  g_autoptr (GBytes) probe = lsc_craft_build_arp (&o, NULL);
  decode (t, probe);
  g_assert_cmpuint (field_u (t, "arp.src.proto_ipv4"), ==, 0);
  g_assert_cmpuint (field_u (t, "arp.dst.proto_ipv4"), ==, 0xc6126402);
  g_assert_cmpint (lsc_tree_find (t, "arp.isprobe"), >=, 0);

  o.kind = LSC_CRAFT_ARP_REPLY;
  memcpy (o.dst_mac, mac_b, 6);
  memcpy (o.target_mac, mac_b, 6);
  g_autoptr (GBytes) reply = lsc_craft_build_arp (&o, NULL);
  decode (t, reply);
  g_assert_cmpuint (field_u (t, "arp.opcode"), ==, 2);
  g_assert_cmpuint (field_u (t, "arp.dst.hw_mac"), ==, 0x020000006402);

  o.target_ip = 0;
  o.kind = LSC_CRAFT_ARP_REQUEST;
  g_autoptr (GError) err = NULL;
  g_assert_null (lsc_craft_build_arp (&o, &err));
  g_assert_error (err, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_INVALID);
}

static void
test_tcp_syn_mss (void)
{
  LscCraftTcp o;
  lsc_craft_tcp_init (&o);
  fill_ip (&o.ip, TRUE);
  o.sport = 40000;
  o.dport = 8080;
  o.seq = 0x01020304;
  g_autoptr (GBytes) f = lsc_craft_build_tcp (&o, NULL);
  g_assert_nonnull (f);
  g_assert_cmpuint (g_bytes_get_size (f), ==, 14 + 20 + 24);
  const guint8 *d = g_bytes_get_data (f, NULL);
  const guint8 want_opt[4] = { 0x02, 0x04, 0x05, 0xb4 };
  g_assert_cmpmem (d + 54, 4, want_opt, 4);
  g_assert_true (ip_header_sums_ok (f));

  g_autoptr (LscTree) t = lsc_tree_new ();
  decode (t, f);
  const LscPinfo *pi = lsc_tree_pinfo_const (t);
  g_assert_true (pi->has & LSC_HAS_TCP);
  g_assert_false (pi->has & LSC_HAS_ERROR);
  g_assert_cmpuint (field_u (t, "ip.proto"), ==, 6);
  g_assert_cmpuint (field_u (t, "tcp.srcport"), ==, 40000);
  g_assert_cmpuint (field_u (t, "tcp.dstport"), ==, 8080);
  g_assert_cmpuint (field_u (t, "tcp.hdr_len"), ==, 24);
  g_assert_cmpuint (field_u (t, "tcp.flags") & 0xfff, ==, 0x002);
  g_assert_cmpuint (field_u (t, "tcp.window_size_value"), ==, 64240);
  g_assert_cmpuint (field_u (t, "tcp.options.mss_val"), ==, 1460);
  g_assert_cmpuint (field_u (t, "tcp.checksum.status"), ==, 1);
  g_assert_cmpuint (pi->tcp_seq, ==, 0x01020304);
  g_assert_cmpuint (pi->tcp_ack, ==, 0);
  g_assert_cmpuint (pi->tcp_flags, ==, LSC_TCP_SYN);
  g_assert_cmpuint (pi->tcp_mss, ==, 1460);
  g_assert_cmpuint (pi->tcp_len, ==, 0);
}

static void
test_tcp_flags_payload_bad_checksum (void)
{
  LscCraftTcp o;
  lsc_craft_tcp_init (&o);
  fill_ip (&o.ip, FALSE);
  o.sport = 8080;
  o.dport = 40000;
  o.mss = 0;
  o.ip.ttl = 1;
  g_assert_true (lsc_craft_parse_tcp_flags ("pa", &o.flags, NULL));
  o.seq = 100;
  o.ack = 200;
  o.window = 512;
  o.payload = (const guint8 *) "hi";
  o.payload_len = 2;
  o.checksum = LSC_CRAFT_CKSUM_BAD;
  g_autoptr (GBytes) f = lsc_craft_build_tcp (&o, NULL);
  g_assert_cmpuint (g_bytes_get_size (f), ==, 14 + 20 + 20 + 2);
  g_assert_true (ip_header_sums_ok (f));  /* only the TCP checksum was spoiled */

  g_autoptr (LscTree) t = lsc_tree_new ();
  decode (t, f);
  const LscPinfo *pi = lsc_tree_pinfo_const (t);
  g_assert_cmpuint (pi->tcp_flags, ==, LSC_TCP_PSH | LSC_TCP_ACK);
  g_assert_cmpuint (pi->tcp_ack, ==, 200);
  g_assert_cmpuint (pi->tcp_len, ==, 2);
  g_assert_cmpuint (pi->tcp_mss, ==, 0);
  g_assert_cmpuint (pi->ttl, ==, 1);
  g_assert_cmpuint (field_u (t, "tcp.hdr_len"), ==, 20);
  g_assert_cmpuint (field_u (t, "tcp.window_size_value"), ==, 512);
  g_assert_cmpuint (field_u (t, "tcp.checksum.status"), ==, 0);
  g_assert_cmpint (lsc_tree_find (t, "tcp.options.mss_val"), <, 0);
  const guint8 *d = g_bytes_get_data (f, NULL);
  g_assert_cmpmem (d + 54, 2, "hi", 2);

  o.checksum = LSC_CRAFT_CKSUM_AUTO;
  g_autoptr (GBytes) good = lsc_craft_build_tcp (&o, NULL);
  decode (t, good);
  g_assert_cmpuint (field_u (t, "tcp.checksum.status"), ==, 1);
}

static void
test_udp_hex_payload (void)
{
  LscCraftUdp o;
  lsc_craft_udp_init (&o);
  fill_ip (&o.ip, TRUE);
  o.sport = 5353;
  o.dport = 9999;
  g_autoptr (GBytes) payload = lsc_craft_parse_hex ("de ad:be ef", NULL);
  g_assert_nonnull (payload);
  o.payload = g_bytes_get_data (payload, &o.payload_len);
  g_autoptr (GBytes) f = lsc_craft_build_udp (&o, NULL);
  g_assert_cmpuint (g_bytes_get_size (f), ==, 14 + 20 + 8 + 4);
  const guint8 *d = g_bytes_get_data (f, NULL);
  const guint8 want[4] = { 0xde, 0xad, 0xbe, 0xef };
  g_assert_cmpmem (d + 42, 4, want, 4);

  g_autoptr (LscTree) t = lsc_tree_new ();
  decode (t, f);
  const LscPinfo *pi = lsc_tree_pinfo_const (t);
  g_assert_true (pi->has & LSC_HAS_UDP);
  g_assert_cmpuint (field_u (t, "ip.proto"), ==, 17);
  g_assert_cmpuint (field_u (t, "udp.srcport"), ==, 5353);
  g_assert_cmpuint (field_u (t, "udp.dstport"), ==, 9999);
  g_assert_cmpuint (field_u (t, "udp.length"), ==, 12);
  g_assert_cmpuint (field_u (t, "udp.checksum.status"), ==, 1);
  g_assert_cmpuint (pi->udp_len, ==, 4);

  o.checksum = LSC_CRAFT_CKSUM_BAD;
  g_autoptr (GBytes) bad = lsc_craft_build_udp (&o, NULL);
  decode (t, bad);
  g_assert_cmpuint (field_u (t, "udp.checksum.status"), ==, 0);
}

static void
test_bad_input (void)
{
  guint32 a;
  guint16 port;
  guint16 flags;
  guint8 mac[6];
  const char *bad_ips[] = { "256.1.1.1", "1.2.3", "198.18.1.2.3", "abc", "", " 198.18.1.1", "198.18.1.1x" };
  for (guint i = 0; i < G_N_ELEMENTS (bad_ips); i++)
    {
      g_autoptr (GError) err = NULL;
      g_assert_false (lsc_craft_parse_ipv4 (bad_ips[i], &a, &err));
      g_assert_error (err, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_INVALID);
    }
  /* Digits and dots never go to DNS: a bad dotted quad stays an error. */
  g_assert_false (lsc_craft_resolve_ipv4 ("300.1.1.1", &a, NULL));
  g_assert_true (lsc_craft_resolve_ipv4 ("198.19.2.13", &a, NULL));
  g_assert_cmpuint (g_ntohl (a), ==, 0xc613020d);

  const char *bad_ports[] = { "0", "70000", "65536", "-1", "12a", "", "0x50" };
  for (guint i = 0; i < G_N_ELEMENTS (bad_ports); i++)
    {
      g_autoptr (GError) err = NULL;
      g_assert_false (lsc_craft_parse_port (bad_ports[i], &port, &err));
      g_assert_error (err, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_INVALID);
    }
  g_assert_true (lsc_craft_parse_port ("65535", &port, NULL));
  g_assert_cmpuint (port, ==, 65535);
  g_assert_true (lsc_craft_parse_port ("1", &port, NULL));

  const char *bad_hex[] = { "abc", "de ad b", "zz", "0xde", "d e" };
  for (guint i = 0; i < G_N_ELEMENTS (bad_hex); i++)
    {
      g_autoptr (GError) err = NULL;
      g_autoptr (GBytes) b = lsc_craft_parse_hex (bad_hex[i], &err);
      g_assert_null (b);
      g_assert_error (err, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_INVALID);
    }
  g_autoptr (GBytes) empty = lsc_craft_parse_hex ("", NULL);
  g_assert_cmpuint (g_bytes_get_size (empty), ==, 0);

  g_assert_false (lsc_craft_parse_tcp_flags ("SX", &flags, NULL));
  g_assert_true (lsc_craft_parse_tcp_flags ("SA", &flags, NULL));
  g_assert_cmpuint (flags, ==, LSC_TCP_SYN | LSC_TCP_ACK);
  char buf[16];
  lsc_craft_format_tcp_flags (LSC_TCP_FIN | LSC_TCP_ACK | LSC_TCP_PSH, buf);
  g_assert_cmpstr (buf, ==, "FPA");

  g_assert_false (lsc_craft_parse_mac ("02:00:00:00:00", mac, NULL));
  g_assert_false (lsc_craft_parse_mac ("02:00:00:00:00:0g", mac, NULL));
  g_assert_true (lsc_craft_parse_mac ("02:00:00:00:64:0a", mac, NULL));
  g_assert_cmpuint (mac[5], ==, 0x0a);

  /* Values that cannot go on the wire are refused by the builders too. */
  g_autoptr (GError) err = NULL;
  LscCraftTcp tcp;
  lsc_craft_tcp_init (&tcp);
  fill_ip (&tcp.ip, TRUE);
  tcp.dport = 0;
  g_assert_null (lsc_craft_build_tcp (&tcp, &err));
  g_assert_error (err, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_INVALID);
  g_clear_error (&err);

  LscCraftEcho echo;
  lsc_craft_echo_init (&echo);
  fill_ip (&echo.ip, TRUE);
  echo.size = 1473;  /* 20 + 8 + 1473 > 1500 */
  g_assert_null (lsc_craft_build_echo (&echo, &err));
  g_assert_error (err, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_INVALID);
  g_clear_error (&err);
  echo.size = 1472;
  g_autoptr (GBytes) biggest = lsc_craft_build_echo (&echo, NULL);
  g_assert_cmpuint (g_bytes_get_size (biggest), ==, 1514);

  LscCraftUdp udp;
  lsc_craft_udp_init (&udp);
  g_assert_null (lsc_craft_build_udp (&udp, &err));  /* no destination address */
  g_assert_error (err, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_INVALID);
}

/* Interfaces and routes need no privileges: the loopback is always there. */
static void
test_local_facts (void)
{
  LscCraftIface ifc;
  guint32 hop = 0;
  g_autoptr (GError) err = NULL;
  g_assert_true (lsc_craft_iface_lookup ("lo", &ifc, &err));
  g_assert_no_error (err);
  g_assert_cmpint (ifc.index, >, 0);
  g_assert_true (ifc.loopback);
  g_assert_cmpuint (ifc.ip, ==, ip4 ("127.0.0.1"));
  g_assert_cmpuint (ifc.prefix, ==, 8);

  g_assert_false (lsc_craft_iface_lookup ("nosuch0", &ifc, &err));
  g_assert_error (err, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_NO_IFACE);
  g_clear_error (&err);
  g_assert_false (lsc_craft_iface_lookup ("a-name-far-too-long-for-any-interface", &ifc, &err));
  g_assert_error (err, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_NO_IFACE);
  g_clear_error (&err);

  /* 127/8 is this machine: the loopback, the address itself as next hop. */
  g_assert_true (lsc_craft_route (ip4 ("127.0.0.9"), &ifc, &hop, &err));
  g_assert_true (ifc.loopback);
  g_assert_cmpuint (hop, ==, ip4 ("127.0.0.9"));
  g_assert_true (lsc_craft_iface_by_addr (ip4 ("127.0.0.1"), &ifc, NULL));
  g_assert_true (ifc.loopback);
  g_assert_false (lsc_craft_iface_by_addr (ip4 ("198.19.255.254"), &ifc, NULL));
}

/* ---- pairing ---- */

static LscCraftMatch
match_frame (const LscCraftProbe *p, GBytes *frame, gboolean outgoing)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  decode (t, frame);
  return lsc_craft_match (p, t, outgoing);
}

static void
test_match_echo_and_time_exceeded (void)
{
  LscCraftProbe p = { .kind = LSC_CRAFT_PROBE_ECHO, .src = ip4 (IP_A), .dst = ip4 (IP_B), .id = 0x77, .seq = 3 };

  LscCraftEcho o;
  lsc_craft_echo_init (&o);
  fill_ip (&o.ip, FALSE);
  o.type = 0;
  o.id = 0x77;
  o.seq = 3;
  g_autoptr (GBytes) reply = lsc_craft_build_echo (&o, NULL);
  g_assert_cmpint (match_frame (&p, reply, FALSE), ==, LSC_CRAFT_MATCH_REPLY);
  g_assert_cmpint (match_frame (&p, reply, TRUE), ==, LSC_CRAFT_MATCH_NONE);
  o.seq = 4;
  g_autoptr (GBytes) other = lsc_craft_build_echo (&o, NULL);
  g_assert_cmpint (match_frame (&p, other, FALSE), ==, LSC_CRAFT_MATCH_NONE);

  /* A router's time exceeded quoting the request: Ethernet, IPv4 from the
   * router 198.18.100.254, ICMP 11/0, then the quoted IPv4 header + 8 bytes. */
  o.type = 8;
  o.seq = 3;
  fill_ip (&o.ip, TRUE);
  o.ip.ttl = 1;
  g_autoptr (GBytes) req = lsc_craft_build_echo (&o, NULL);
  const guint8 *q = g_bytes_get_data (req, NULL);
  guint8 te[14 + 20 + 8 + 28] = {
    0x02, 0x00, 0x00, 0x00, 0x64, 0x01, 0x02, 0x00, 0x00, 0x00, 0x64, 0xfe, 0x08, 0x00,
    0x45, 0xc0, 0x00, 0x38, 0x00, 0x01, 0x00, 0x00, 0x40, 0x01, 0x00, 0x00,
    0xc6, 0x12, 0x64, 0xfe, 0xc6, 0x12, 0x64, 0x01,
    0x0b, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  };
  memcpy (te + 42, q + 14, 28);
  g_autoptr (GBytes) tex = g_bytes_new (te, sizeof te);
  g_assert_cmpint (match_frame (&p, tex, FALSE), ==, LSC_CRAFT_MATCH_ICMP_ERROR);
  p.seq = 9;
  g_assert_cmpint (match_frame (&p, tex, FALSE), ==, LSC_CRAFT_MATCH_NONE);
  /* Cut inside the quoted datagram: no match, no read past the end. */
  p.seq = 3;
  g_autoptr (GBytes) cut = g_bytes_new (te, sizeof te - 6);
  g_assert_cmpint (match_frame (&p, cut, FALSE), ==, LSC_CRAFT_MATCH_NONE);
}

static void
test_match_tcp_arp (void)
{
  LscCraftProbe p = { .kind = LSC_CRAFT_PROBE_TCP, .src = ip4 (IP_A), .dst = ip4 (IP_B),
                      .sport = 40000, .dport = 8080, .tcp_seq = 1000, .tcp_flags = LSC_TCP_SYN };
  LscCraftTcp o;
  lsc_craft_tcp_init (&o);
  fill_ip (&o.ip, FALSE);
  o.sport = 8080;
  o.dport = 40000;
  o.flags = LSC_TCP_SYN | LSC_TCP_ACK;
  o.ack = 1001;
  g_autoptr (GBytes) synack = lsc_craft_build_tcp (&o, NULL);
  g_assert_cmpint (match_frame (&p, synack, FALSE), ==, LSC_CRAFT_MATCH_REPLY);

  /* The local kernel's RST leaves this machine for the same pair of ports. */
  fill_ip (&o.ip, TRUE);
  o.sport = 40000;
  o.dport = 8080;
  o.flags = LSC_TCP_RST;
  g_autoptr (GBytes) rst = lsc_craft_build_tcp (&o, NULL);
  g_assert_cmpint (match_frame (&p, rst, TRUE), ==, LSC_CRAFT_MATCH_LOCAL_RST);
  g_assert_cmpint (match_frame (&p, rst, FALSE), ==, LSC_CRAFT_MATCH_NONE);
  o.sport = 40001;
  g_autoptr (GBytes) other = lsc_craft_build_tcp (&o, NULL);
  g_assert_cmpint (match_frame (&p, other, TRUE), ==, LSC_CRAFT_MATCH_NONE);

  LscCraftProbe ap = { .kind = LSC_CRAFT_PROBE_ARP, .src = ip4 (IP_A), .dst = ip4 (IP_B) };
  LscCraftArp a;
  lsc_craft_arp_init (&a);
  a.kind = LSC_CRAFT_ARP_REPLY;
  memcpy (a.src_mac, mac_b, 6);
  memcpy (a.dst_mac, mac_a, 6);
  memcpy (a.target_mac, mac_a, 6);
  a.sender_ip = ip4 (IP_B);
  a.target_ip = ip4 (IP_A);
  g_autoptr (GBytes) areply = lsc_craft_build_arp (&a, NULL);
  g_assert_cmpint (match_frame (&ap, areply, FALSE), ==, LSC_CRAFT_MATCH_REPLY);
  a.kind = LSC_CRAFT_ARP_REQUEST;
  g_autoptr (GBytes) areq = lsc_craft_build_arp (&a, NULL);
  g_assert_cmpint (match_frame (&ap, areq, FALSE), ==, LSC_CRAFT_MATCH_NONE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/craft/echo/fields", test_echo_fields);
  g_test_add_func ("/craft/echo/default-payload", test_echo_default_payload);
  g_test_add_func ("/craft/checksum-overrides", test_checksum_overrides);
  g_test_add_func ("/craft/arp/variants", test_arp_variants);
  g_test_add_func ("/craft/tcp/syn-mss", test_tcp_syn_mss);
  g_test_add_func ("/craft/tcp/flags-payload-bad-checksum", test_tcp_flags_payload_bad_checksum);
  g_test_add_func ("/craft/udp/hex-payload", test_udp_hex_payload);
  g_test_add_func ("/craft/bad-input", test_bad_input);
  g_test_add_func ("/craft/local-facts", test_local_facts);
  g_test_add_func ("/craft/match/echo-time-exceeded", test_match_echo_and_time_exceeded);
  g_test_add_func ("/craft/match/tcp-arp", test_match_tcp_arp);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-proto-sll.c — Linux cooked capture (v1, v2) and BSD/OpenBSD loopback
 *
 * Capturing on Linux's "any" device gives no real link header: the kernel
 * writes a pseudo-header instead, saying which way the packet went, what kind
 * of interface it used and the sender's link address.  BSD loopback (DLT_NULL)
 * writes just the address family, in the capturing host's byte order, so we
 * have to guess the order; OpenBSD's DLT_LOOP uses network order.
 */
#include "lsc-dissect.h"
#include "lsc-format.h"

#include <glib/gi18n-lib.h>

enum {
  F_SLL, F_PKTTYPE, F_HATYPE, F_HALEN, F_SRC_ETH, F_SRC_IPV4, F_SRC_OTHER, F_UNUSED, F_LTYPE, F_ETYPE,
  F_GRETYPE, F_IFINDEX, F_RESERVED, F_TRAILER,
};

static const LscValueString pkttype_vals[] = {
  { 0, N_("Unicast to us") }, { 1, N_("Broadcast") }, { 2, N_("Multicast") }, { 3, N_("Unicast to another host") },
  { 4, N_("Sent by us") }, { 0, NULL }
};

static const LscValueString pkttype_explain[] = {
  { 0, N_("The packet arrived addressed to this host.") },
  { 1, N_("The packet arrived as a link-layer broadcast, for every host on the link.") },
  { 2, N_("The packet arrived as a link-layer multicast, for a group this host listens to.") },
  { 3, N_("The packet was addressed to some other host; the card saw it in promiscuous mode.") },
  { 4, N_("This host sent the packet; the capture saw it on its way out.") },
  { 0, NULL }
};

static const LscValueString hatype_vals[] = {
  { 1, N_("Ethernet") }, { 24, N_("IEEE 1394") }, { 32, N_("InfiniBand") }, { 512, N_("PPP") },
  { 768, N_("IP-in-IP tunnel") }, { 772, N_("Loopback") }, { 776, N_("IPv6-in-IPv4 (SIT)") },
  { 778, N_("GRE tunnel") }, { 801, N_("IEEE 802.11") }, { 803, N_("IEEE 802.11 + radiotap") },
  { 823, N_("IPv6 GRE tunnel") }, { 824, N_("Netlink") }, { 65534, N_("None (tun device, no link header)") },
  { 0, NULL }
};

static const LscValueString ltype_vals[] = {
  { 0x0001, N_("Novell 802.3 (raw IPX)") }, { 0x0003, N_("Every protocol (ETH_P_ALL)") }, { 0x0004, N_("802.2 LLC") },
  { 0x000c, N_("CAN") }, { 0x000d, N_("CAN FD") }, { 0, NULL }
};

static const LscValueString etype_vals[] = {
  { 0x0800, "IPv4" }, { 0x0806, "ARP" }, { 0x8035, "RARP" }, { 0x86dd, "IPv6" }, { 0x8100, "802.1Q Virtual LAN" },
  { 0x88a8, "802.1ad Provider Bridging" }, { 0x88cc, "LLDP" }, { 0x8847, "MPLS" }, { 0, NULL }
};

const LscField lsc_fields_sll[] = {
  [F_SLL] = { "sll", N_("Linux cooked capture"), LSC_FT_PROTOCOL, .layer = LSC_OSI_DATALINK, .short_name = "SLL",
              .blurb = N_("A pseudo-header Linux writes instead of the real link header when capturing on the \"any\" device: direction, interface kind and sender address.") },
  [F_PKTTYPE] = { "sll.pkttype", N_("Packet type"), LSC_FT_UINT, .vals = pkttype_vals,
                  .blurb = N_("Which way the packet went from this host's point of view: to us, broadcast, multicast, to another host, or sent by us.") },
  [F_HATYPE] = { "sll.hatype", N_("Link-layer address type"), LSC_FT_UINT, .vals = hatype_vals,
                 .blurb = N_("The kind of interface the packet used (ARPHRD_ value): 1 Ethernet, 772 loopback, 65534 a tunnel without link header.") },
  [F_HALEN] = { "sll.halen", N_("Link-layer address length"), LSC_FT_UINT,
                .blurb = N_("How many bytes of the 8-byte address field hold the sender's address (6 for Ethernet).") },
  [F_SRC_ETH] = { "sll.src.eth", N_("Source"), LSC_FT_ETHER,
                  .blurb = N_("The MAC address of the interface that sent the packet.") },
  [F_SRC_IPV4] = { "sll.src.ipv4", N_("Source"), LSC_FT_IPV4,
                   .blurb = N_("The sender's link address on a tunnel that uses IPv4 addresses (GRE, IP-in-IP).") },
  [F_SRC_OTHER] = { "sll.src.other", N_("Source"), LSC_FT_BYTES,
                    .blurb = N_("The sender's link-layer address, for interface kinds other than Ethernet.") },
  [F_UNUSED] = { "sll.unused", N_("Unused"), LSC_FT_BYTES,
                 .blurb = N_("The rest of the 8-byte address field, which the address does not need.") },
  [F_LTYPE] = { "sll.ltype", N_("Protocol"), LSC_FT_UINT, LSC_BASE_HEX, 16, .vals = ltype_vals,
                .blurb = N_("A Linux protocol number below 0x0600 instead of an EtherType (4 means an 802.2 LLC header follows).") },
  [F_ETYPE] = { "sll.etype", N_("Protocol"), LSC_FT_UINT, LSC_BASE_HEX, 16, .vals = etype_vals,
                .blurb = N_("The EtherType of the payload, as in an Ethernet header: 0x0800 IPv4, 0x0806 ARP, 0x86dd IPv6.") },
  [F_GRETYPE] = { "sll.gretype", N_("Protocol"), LSC_FT_UINT, LSC_BASE_HEX, 16,
                  .blurb = N_("The GRE protocol type of a packet on a GRE tunnel.") },
  [F_IFINDEX] = { "sll.ifindex", N_("Interface index"), LSC_FT_UINT,
                  .blurb = N_("The kernel's number for the interface the packet used (`ip link` lists them).") },
  [F_RESERVED] = { "sll.reserved", N_("Reserved"), LSC_FT_UINT, LSC_BASE_HEX, 16,
                   .blurb = N_("Two bytes kept for future use in the v2 header; zero.") },
  [F_TRAILER] = { "sll.trailer", N_("Trailer"), LSC_FT_BYTES,
                  .blurb = N_("Bytes after the packet the network layer describes; they belong to no protocol.") },
  { NULL }
};

enum { N_NULL, N_FAMILY };

static const LscValueString family_vals[] = {
  { 2, N_("IP") }, { 7, N_("OSI") }, { 10, N_("IPv6 (Linux)") }, { 23, N_("IPX") }, { 24, N_("IPv6 (NetBSD, OpenBSD)") },
  { 28, N_("IPv6 (FreeBSD)") }, { 30, N_("IPv6 (macOS)") }, { 0, NULL }
};

const LscField lsc_fields_null[] = {
  [N_NULL] = { "null", N_("Null/Loopback"), LSC_FT_PROTOCOL, .layer = LSC_OSI_DATALINK, .short_name = "NULL",
               .blurb = N_("The 4-byte header BSD systems and macOS put on packets captured on the loopback interface: just the address family.") },
  [N_FAMILY] = { "null.family", N_("Family"), LSC_FT_UINT, .vals = family_vals,
                 .blurb = N_("The socket address family of the payload (AF_INET 2 for IPv4; AF_INET6 differs between systems: 10, 24, 28 or 30).") },
  { NULL }
};

/* The protocol field: an EtherType, a GRE type on tunnels, or a Linux
 * protocol number below 0x0600. */
static void
add_protocol (LscDissectCtx *c, gint32 sll, guint32 abs, guint16 proto, guint16 hatype)
{
  const LscField *f = lsc_fields_sll;
  if (proto < 0x0600)
    lsc_tree_add_uint (c->tree, sll, &f[F_LTYPE], abs, 2, proto);
  else if (hatype == 778 || hatype == 823)
    lsc_tree_add_uint (c->tree, sll, &f[F_GRETYPE], abs, 2, proto);
  else
    lsc_tree_add_uint (c->tree, sll, &f[F_ETYPE], abs, 2, proto);
}

/* Hand the payload on by that field.  On a GRE tunnel (ARPHRD_IPGRE 778,
 * ARPHRD_IP6GRE 823) it is GRE's protocol type, which takes its values from
 * the EtherTypes: 0x0800 IPv4, 0x86dd IPv6. */
static void
dispatch (LscDissectCtx *c, guint16 proto, LscBuf payload, gint32 parent)
{
  if (proto >= 0x0600)
    lsc_dissect_ethertype (c, proto, payload, parent);
  else if (proto == 0x0004)
    lsc_proto_llc (c, payload, parent);
  else
    lsc_proto_data (c, payload, parent);
}

void
lsc_proto_sll (LscDissectCtx *c, LscBuf b, gint32 parent, gboolean v2)
{
  const LscField *f = lsc_fields_sll;
  LscTree *t = c->tree;
  LscPinfo *pi = c->pi;
  guint32 hlen = v2 ? 20 : 16;

  pi->protocol = "SLL";
  gint32 sll = lsc_tree_add_proto (t, parent, &f[F_SLL], lsc_buf_abs (&b, 0), MIN (b.len, hlen));
  if (!lsc_buf_has (&b, 0, hlen))
    {
      lsc_tree_set_flags (t, sll, LSC_NODE_TRUNCATED);
      lsc_tree_add_note (t, sll, 2, lsc_buf_abs (&b, 0), b.len, _("Linux cooked header cut short: %u of %u bytes"), b.len, hlen);
      g_string_assign (pi->info, _("Truncated Linux cooked capture header"));
      return;
    }
  /* v1: pkttype(2) hatype(2) halen(2) addr(8) protocol(2).
   * v2: protocol(2) reserved(2) ifindex(4) hatype(2) pkttype(1) halen(1) addr(8). */
  guint16 pkttype, hatype, halen, proto;
  guint32 o_addr, o_proto;
  if (v2)
    {
      proto = lsc_buf_u16 (&b, 0);
      o_proto = 0;
      hatype = lsc_buf_u16 (&b, 8);
      pkttype = lsc_buf_u8 (&b, 10);
      halen = lsc_buf_u8 (&b, 11);
      o_addr = 12;
      lsc_tree_set_text (t, sll, _("Linux cooked capture v2"));
      /* The tree lists the fields in byte order: v2 starts with the protocol. */
      add_protocol (c, sll, lsc_buf_abs (&b, 0), proto, hatype);
      lsc_tree_add_uint (t, sll, &f[F_RESERVED], lsc_buf_abs (&b, 2), 2, lsc_buf_u16 (&b, 2));
      lsc_tree_add_uint (t, sll, &f[F_IFINDEX], lsc_buf_abs (&b, 4), 4, lsc_buf_u32 (&b, 4));
      lsc_tree_add_uint (t, sll, &f[F_HATYPE], lsc_buf_abs (&b, 8), 2, hatype);
    }
  else
    {
      pkttype = lsc_buf_u16 (&b, 0);
      hatype = lsc_buf_u16 (&b, 2);
      halen = lsc_buf_u16 (&b, 4);
      o_addr = 6;
      proto = lsc_buf_u16 (&b, 14);
      o_proto = 14;
      lsc_tree_set_text (t, sll, _("Linux cooked capture v1"));
    }
  gint32 pn = lsc_tree_add_uint (t, sll, &f[F_PKTTYPE], lsc_buf_abs (&b, v2 ? 10 : 0), v2 ? 1 : 2, pkttype);
  const char *why = lsc_value_string (pkttype_explain, pkttype);
  if (why)
    lsc_tree_add_note (t, pn, 0, 0, 0, "%s", _(why));
  if (!v2)
    lsc_tree_add_uint (t, sll, &f[F_HATYPE], lsc_buf_abs (&b, 2), 2, hatype);
  gint32 hn = lsc_tree_add_uint (t, sll, &f[F_HALEN], lsc_buf_abs (&b, v2 ? 11 : 4), v2 ? 1 : 2, halen);
  guint32 alen = MIN (halen, 8u);
  if (halen > 8)
    {
      lsc_tree_set_flags (t, hn, LSC_NODE_MALFORMED);
      lsc_tree_add_note (t, hn, 2, lsc_buf_abs (&b, v2 ? 11 : 4), v2 ? 1 : 2,
                         _("Address length %u is more than the 8 bytes the header has room for"), halen);
    }
  guint32 abs_addr = lsc_buf_abs (&b, o_addr);
  if (alen == 6 && (hatype == 1 || hatype == 772))
    {
      guint8 mac[6];
      lsc_buf_copy (&b, o_addr, mac, 6);
      lsc_tree_add_uint (t, sll, &f[F_SRC_ETH], abs_addr, 6, lsc_buf_u48 (&b, o_addr));
      memcpy (pi->eth_src, mac, 6);
      lsc_format_mac (mac, pi->src);
      static const guint8 zero[6] = { 0 };
      if (hatype == 772 || memcmp (mac, zero, 6) == 0)
        lsc_tree_add_note (t, sll, 0, 0, 0, _("Loopback interface (lo): the packet never left this host"));
    }
  else if (alen == 4 && (hatype == 768 || hatype == 778))
    lsc_tree_add_uint (t, sll, &f[F_SRC_IPV4], abs_addr, 4, lsc_buf_u32 (&b, o_addr));
  else if (alen)
    lsc_tree_add_bytes (t, sll, &f[F_SRC_OTHER], abs_addr, alen, b.data + o_addr, alen);
  if (alen < 8)
    lsc_tree_add_bytes (t, sll, &f[F_UNUSED], abs_addr + alen, 8 - alen, b.data + o_addr + alen, 8 - alen);

  const char *pk = lsc_value_string (pkttype_vals, pkttype);
  lsc_string_printf (pi->info, _("Linux cooked capture, %s"), pk ? _(pk) : _("unknown packet type"));
  if (!v2)
    add_protocol (c, sll, lsc_buf_abs (&b, o_proto), proto, hatype);
  dispatch (c, proto, lsc_buf_tail (&b, hlen), parent);

  /* What the network layer did not claim is left over; show it rather than hide it. */
  guint32 end = pi->l3_len ? pi->l3_off + pi->l3_len : 0;
  if (end > lsc_buf_abs (&b, hlen) && end < lsc_buf_abs (&b, b.len))
    {
      guint32 rel = end - b.off;
      lsc_tree_add_bytes (t, sll, &f[F_TRAILER], end, b.len - rel, b.data + rel, b.len - rel);
    }
}

void
lsc_proto_null (LscDissectCtx *c, LscBuf b, gint32 parent, gboolean network_order)
{
  const LscField *f = lsc_fields_null;
  LscTree *t = c->tree;
  LscPinfo *pi = c->pi;

  pi->protocol = "NULL";
  gint32 n = lsc_tree_add_proto (t, parent, &f[N_NULL], lsc_buf_abs (&b, 0), MIN (b.len, 4u));
  if (!lsc_buf_has (&b, 0, 4))
    {
      lsc_tree_set_flags (t, n, LSC_NODE_TRUNCATED);
      lsc_tree_add_note (t, n, 2, lsc_buf_abs (&b, 0), b.len, _("Loopback header cut short: %u of 4 bytes"), b.len);
      g_string_assign (pi->info, _("Truncated loopback header"));
      return;
    }
  /* DLT_NULL is in the capturing host's order; families are small numbers,
   * so a value that only fits one way round tells the order. */
  guint32 fam;
  gboolean big;
  if (network_order)
    fam = lsc_buf_u32 (&b, 0), big = TRUE;
  else if (lsc_buf_u32le (&b, 0) <= 0xffff)
    fam = lsc_buf_u32le (&b, 0), big = FALSE;
  else
    fam = lsc_buf_u32 (&b, 0), big = TRUE;
  gint32 fn = lsc_tree_add_uint (t, n, &f[N_FAMILY], lsc_buf_abs (&b, 0), 4, fam);
  const char *fname = lsc_value_string (family_vals, fam);
  lsc_tree_set_text (t, fn, "%s (%u), %s", fname ? _(fname) : _("Unknown"), fam,
                     network_order ? _("network byte order (OpenBSD loopback)")
                                   : big ? _("big-endian: the capturing host's byte order")
                                         : _("little-endian: the capturing host's byte order"));
  lsc_tree_set_text (t, n, _("Null/Loopback, family %u"), fam);
  LscBuf payload = lsc_buf_tail (&b, 4);
  switch (fam)
    {
    case 2:
      lsc_proto_ipv4 (c, payload, parent);
      break;
    case 10: case 24: case 28: case 30:
      lsc_proto_ipv6 (c, payload, parent);
      break;
    default:
      lsc_tree_add_note (t, fn, 1, 0, 0, _("Address family %u is not decoded"), fam);
      lsc_string_printf (pi->info, _("Loopback, address family %u"), fam);
      lsc_proto_data (c, payload, parent);
      break;
    }
}

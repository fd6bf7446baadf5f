/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-proto-ipv6.c — the IPv6 header (RFC 8200) and its extension headers
 *
 * The fixed header is 40 bytes; optional extension headers (hop-by-hop,
 * routing, fragment, destination options) form a chain through their
 * next-header bytes before the transport header.  The walk is bounded in
 * count and by the payload length, which the view is narrowed to.
 */
#include "lsc-dissect.h"
#include "lsc-format.h"

#include <glib/gi18n-lib.h>

enum {
  F_IPV6, F_VERSION, F_TCLASS, F_DSCP, F_ECN, F_FLOW, F_PLEN, F_NXT, F_HLIM, F_SRC, F_DST, F_ADDR,
  F_SRC_KIND, F_DST_KIND, F_SRC_SLAAC, F_DST_SLAAC,
  F_HOPOPTS, F_HOPOPTS_NXT, F_HOPOPTS_LEN, F_DSTOPTS, F_DSTOPTS_NXT, F_DSTOPTS_LEN,
  F_OPT, F_OPT_TYPE, F_OPT_LEN, F_OPT_PAD1, F_OPT_PADN, F_OPT_RA, F_OPT_JUMBO, F_OPT_UNKNOWN,
  F_ROUTING, F_ROUTING_NXT, F_ROUTING_LEN, F_ROUTING_TYPE, F_ROUTING_SEGLEFT, F_ROUTING_DATA,
  F_FRAGHDR, F_FRAG_NXT, F_FRAG_OFFSET, F_FRAG_MORE, F_FRAG_IDENT,
};

static const LscValueString opt_vals[] = {
  { 0x00, N_("Pad1") }, { 0x01, N_("PadN") }, { 0x05, N_("Router Alert") }, { 0xc2, N_("Jumbo Payload") },
  { 0x04, N_("Tunnel Encapsulation Limit") }, { 0xc9, N_("Home Address") }, { 0, NULL }
};

static const LscValueString routing_vals[] = {
  { 0, N_("Source Route (deprecated)") }, { 2, N_("Type 2 Routing (Mobile IPv6)") }, { 3, N_("RPL Source Route") },
  { 4, N_("Segment Routing (SRH)") }, { 0, NULL }
};

static const LscValueString yes_no[] = { { 0, N_("No") }, { 1, N_("Yes") }, { 0, NULL } };

#define EXT_HDR(P, ID, NAME, BLURB)                                                                              \
  [F_##P] = { ID, NAME, LSC_FT_NONE, .blurb = BLURB },                                                           \
  [F_##P##_NXT] = { ID ".nxt", N_("Next Header"), LSC_FT_UINT, .vals = lsc_ipproto_vals,                          \
                    .blurb = N_("What follows this extension header: another extension header or the transport protocol.") }, \
  [F_##P##_LEN] = { ID ".len", N_("Length"), LSC_FT_UINT,                                                         \
                    .blurb = N_("Length of this extension header in 8-byte units, not counting the first 8 bytes.") }

const LscField lsc_fields_ipv6[] = {
  [F_IPV6] = { "ipv6", N_("Internet Protocol Version 6"), LSC_FT_PROTOCOL, .layer = LSC_OSI_NETWORK, .short_name = "IPv6",
               .blurb = N_("The IPv6 header carries a packet between hosts with 128-bit addresses; a fixed 40 bytes, extras go in extension headers (RFC 8200).") },
  [F_VERSION] = { "ipv6.version", N_("Version"), LSC_FT_UINT, .bits = 8, .bitmask = 0xf0,
                  .blurb = N_("The IP version, always 6 here; the first 4 bits of every IP packet.") },
  [F_TCLASS] = { "ipv6.tclass", N_("Traffic Class"), LSC_FT_UINT, LSC_BASE_HEX, 32, .bitmask = 0x0ff00000,
                 .blurb = N_("IPv6's version of IPv4's DS field: a 6-bit priority class (DSCP) and 2 ECN bits.") },
  [F_DSCP] = { "ipv6.tclass.dscp", N_("Differentiated Services Codepoint"), LSC_FT_UINT, .bits = 32, .bitmask = 0x0fc00000,
               .blurb = N_("The priority class routers may use to queue the packet (0 = best effort); RFC 2474.") },
  [F_ECN] = { "ipv6.tclass.ecn", N_("Explicit Congestion Notification"), LSC_FT_UINT, .bits = 32, .bitmask = 0x00300000, .vals = lsc_ecn_vals,
              .blurb = N_("Two bits a congested router can set instead of dropping the packet; RFC 3168.") },
  [F_FLOW] = { "ipv6.flow", N_("Flow Label"), LSC_FT_UINT, LSC_BASE_HEX, 20,
               .blurb = N_("A number the sender gives all packets of one flow so routers can keep them on the same path; 0 if unused (RFC 6437).") },
  [F_PLEN] = { "ipv6.plen", N_("Payload Length"), LSC_FT_UINT,
               .blurb = N_("Bytes after the 40-byte header (extension headers included); anything after them in the frame is padding.") },
  [F_NXT] = { "ipv6.nxt", N_("Next Header"), LSC_FT_UINT, .vals = lsc_ipproto_vals,
              .blurb = N_("What follows the fixed header: an extension header or the transport protocol (6 TCP, 17 UDP, 58 ICMPv6).") },
  [F_HLIM] = { "ipv6.hlim", N_("Hop Limit"), LSC_FT_UINT,
               .blurb = N_("IPv6's TTL: each router lowers it by one and drops the packet at 0; neighbour discovery requires 255.") },
  [F_SRC] = { "ipv6.src", N_("Source Address"), LSC_FT_IPV6, .blurb = N_("The IPv6 address of the interface that sent the packet.") },
  [F_DST] = { "ipv6.dst", N_("Destination Address"), LSC_FT_IPV6, .blurb = N_("The IPv6 address the packet is for (one interface, or a group if multicast).") },
  [F_ADDR] = { "ipv6.addr", N_("Source or Destination Address"), LSC_FT_IPV6, .blurb = N_("Either address of the packet, for filtering.") },
  [F_SRC_KIND] = { "ipv6.src.kind", N_("Address kind"), LSC_FT_STRING,
                   .blurb = N_("Which block the address belongs to: link-local, unique local, multicast, loopback, global ... (RFC 4291, RFC 6890).") },
  [F_DST_KIND] = { "ipv6.dst.kind", N_("Address kind"), LSC_FT_STRING,
                   .blurb = N_("Which block the address belongs to: link-local, unique local, multicast, loopback, global ... (RFC 4291, RFC 6890).") },
  [F_SRC_SLAAC] = { "ipv6.src_slaac_mac", N_("Source SLAAC MAC"), LSC_FT_ETHER,
                    .blurb = N_("The MAC address hidden in an EUI-64 interface identifier (ff:fe in the middle, U/L bit flipped); privacy addresses avoid this.") },
  [F_DST_SLAAC] = { "ipv6.dst_slaac_mac", N_("Destination SLAAC MAC"), LSC_FT_ETHER,
                    .blurb = N_("The MAC address hidden in an EUI-64 interface identifier (ff:fe in the middle, U/L bit flipped).") },
  EXT_HDR (HOPOPTS, "ipv6.hopopts", N_("Hop-by-Hop Options"),
           N_("Options every router on the path must look at (e.g. router alert, jumbo payload); must come first.")),
  EXT_HDR (DSTOPTS, "ipv6.dstopts", N_("Destination Options"),
           N_("Options only the destination looks at.")),
  [F_OPT] = { "ipv6.opt", N_("Option"), LSC_FT_NONE, .blurb = N_("One option inside a hop-by-hop or destination options header: type, length, data.") },
  [F_OPT_TYPE] = { "ipv6.opt.type", N_("Type"), LSC_FT_UINT, LSC_BASE_HEX, 8, .vals = opt_vals,
                   .blurb = N_("The option type; its top two bits say what a node that does not know it must do (skip, or drop the packet).") },
  [F_OPT_LEN] = { "ipv6.opt.length", N_("Length"), LSC_FT_UINT, .blurb = N_("Bytes of option data after the type and length bytes.") },
  [F_OPT_PAD1] = { "ipv6.opt.pad1", N_("Pad1"), LSC_FT_NONE, .blurb = N_("One byte of padding so the header is a multiple of 8 bytes.") },
  [F_OPT_PADN] = { "ipv6.opt.padn", N_("PadN"), LSC_FT_BYTES, .blurb = N_("Several bytes of padding so the header is a multiple of 8 bytes.") },
  [F_OPT_RA] = { "ipv6.opt.router_alert", N_("Router Alert"), LSC_FT_UINT,
                 .blurb = N_("Asks every router to look at this packet closely; MLD (multicast listener) reports carry it (0).") },
  [F_OPT_JUMBO] = { "ipv6.opt.jumbo", N_("Payload Length"), LSC_FT_UINT,
                    .blurb = N_("The real payload length of a jumbogram larger than 65535 bytes (RFC 2675); the header's payload length is then 0.") },
  [F_OPT_UNKNOWN] = { "ipv6.opt.unknown", N_("Unknown Option Payload"), LSC_FT_BYTES, .blurb = N_("Data of an option not decoded here.") },
  [F_ROUTING] = { "ipv6.routing", N_("Routing Header"), LSC_FT_NONE,
                  .blurb = N_("Lists nodes the packet should visit on its way (segment routing, mobile IPv6).") },
  [F_ROUTING_NXT] = { "ipv6.routing.nxt", N_("Next Header"), LSC_FT_UINT, .vals = lsc_ipproto_vals,
                      .blurb = N_("What follows this extension header: another extension header or the transport protocol.") },
  [F_ROUTING_LEN] = { "ipv6.routing.len", N_("Length"), LSC_FT_UINT,
                      .blurb = N_("Length of this extension header in 8-byte units, not counting the first 8 bytes.") },
  [F_ROUTING_TYPE] = { "ipv6.routing.type", N_("Type"), LSC_FT_UINT, .vals = routing_vals,
                       .blurb = N_("Which routing header variant this is (type 0 is deprecated for security reasons, RFC 5095).") },
  [F_ROUTING_SEGLEFT] = { "ipv6.routing.segleft", N_("Segments Left"), LSC_FT_UINT,
                          .blurb = N_("How many listed nodes are still to be visited.") },
  [F_ROUTING_DATA] = { "ipv6.routing.data", N_("Type-specific data"), LSC_FT_BYTES, .blurb = N_("The rest of the routing header, not decoded here.") },
  [F_FRAGHDR] = { "ipv6.fraghdr", N_("Fragment Header"), LSC_FT_NONE,
                  .blurb = N_("Present when the sender split the packet; only the sender fragments in IPv6, never routers.") },
  [F_FRAG_NXT] = { "ipv6.fraghdr.nxt", N_("Next Header"), LSC_FT_UINT, .vals = lsc_ipproto_vals,
                   .blurb = N_("The protocol of the original packet's payload.") },
  [F_FRAG_OFFSET] = { "ipv6.fraghdr.offset", N_("Offset"), LSC_FT_UINT, .bits = 16, .bitmask = 0xfff8,
                      .blurb = N_("Where this fragment's data belongs in the original payload, in 8-byte units.") },
  [F_FRAG_MORE] = { "ipv6.fraghdr.more", N_("More Fragments"), LSC_FT_BOOL, .bits = 16, .bitmask = 0x0001, .vals = yes_no,
                    .blurb = N_("Set on every fragment except the last.") },
  [F_FRAG_IDENT] = { "ipv6.fraghdr.ident", N_("Identification"), LSC_FT_UINT, LSC_BASE_HEX, 32,
                     .blurb = N_("The same number on every fragment of one original packet.") },
  { NULL }
};

/* What kind of address; the returned text is N_() marked. */
static const char *
address_kind (const guint8 a[16])
{
  static const guint8 zero[16] = { 0 };
  if (memcmp (a, zero, 15) == 0)
    return a[15] == 1 ? N_("Loopback (::1)") : a[15] == 0 ? N_("Unspecified (::), used before a host has an address") : N_("Reserved (::/8)");
  if (a[0] == 0xff)
    {
      switch (a[1] & 0x0f)
        {
        case 1: return N_("Multicast, interface-local scope (ff01::/16)");
        case 2: return N_("Multicast, link-local scope (ff02::/16)");
        case 5: return N_("Multicast, site-local scope (ff05::/16)");
        case 14: return N_("Multicast, global scope (ff0e::/16)");
        default: return N_("Multicast (ff00::/8)");
        }
    }
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
    return N_("Link-local unicast (fe80::/10), valid on this link only");
  if (a[0] == 0xfd)
    return N_("Unique local (fd00::/8, RFC 4193), private to a site like IPv4's 10/8");
  if (a[0] == 0xfc)
    return N_("Unique local, centrally assigned (fc00::/8)");
  if (memcmp (a, zero, 10) == 0 && a[10] == 0xff && a[11] == 0xff)
    return N_("IPv4-mapped (::ffff:0:0/96)");
  if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8)
    return N_("Documentation (2001:db8::/32, RFC 3849)");
  if (a[0] == 0x20 && a[1] == 0x02)
    return N_("6to4 (2002::/16)");
  if (a[0] == 0x00 && a[1] == 0x64 && a[2] == 0xff && a[3] == 0x9b)
    return N_("IPv4/IPv6 translation (64:ff9b::/96)");
  if ((a[0] & 0xe0) == 0x20)
    return N_("Global unicast (2000::/3)");
  return N_("Reserved by IETF");
}

static void
add_address (LscDissectCtx *c, gint32 ip, const LscBuf *b, guint32 off, gboolean dst)
{
  const LscField *f = lsc_fields_ipv6;
  LscTree *t = c->tree;
  const guint8 *a = b->data + off;
  gint32 n = lsc_tree_add_bytes (t, ip, &f[dst ? F_DST : F_SRC], lsc_buf_abs (b, off), 16, a, 16);
  gint32 h = lsc_tree_add_bytes (t, ip, &f[F_ADDR], lsc_buf_abs (b, off), 16, a, 16);
  lsc_tree_hide (t, h);
  lsc_tree_add_string (t, n, &f[dst ? F_DST_KIND : F_SRC_KIND], 0, 0, _(address_kind (a)), -1);
  /* A modified EUI-64 interface identifier embeds the MAC (RFC 4291 appendix A);
   * its u bit set says the MAC was a factory (universal) one, as Wireshark requires too. */
  if (a[0] != 0xff && (a[8] & 0x02) && a[11] == 0xff && a[12] == 0xfe)
    {
      guint64 mac = ((guint64) (a[8] ^ 0x02) << 40) | ((guint64) a[9] << 32) | ((guint64) a[10] << 24) |
                    ((guint64) a[13] << 16) | ((guint64) a[14] << 8) | a[15];
      lsc_tree_add_uint (t, n, &f[dst ? F_DST_SLAAC : F_SRC_SLAAC], 0, 0, mac);
    }
}

static void
flag (LscTree *t, gint32 n, guint16 fl, guint32 off, guint32 len, const char *msg)
{
  lsc_tree_set_flags (t, n, fl);
  lsc_tree_add_note (t, n, 2, off, len, "%s", msg);
}

/* The type-length-value options of hop-by-hop and destination options headers. */
static void
add_tlv_options (LscDissectCtx *c, gint32 parent, const LscBuf *e, guint32 len)
{
  const LscField *f = lsc_fields_ipv6;
  LscTree *t = c->tree;
  guint32 off = 2;
  while (off < len)
    {
      guint8 type = lsc_buf_u8 (e, off);
      guint32 abs = lsc_buf_abs (e, off);
      if (type == 0)
        {
          lsc_tree_add (t, parent, &f[F_OPT_PAD1], abs, 1);
          off++;
          continue;
        }
      if (off + 2 > len)
        {
          gint32 o = lsc_tree_add (t, parent, &f[F_OPT], abs, 1);
          flag (t, o, LSC_NODE_MALFORMED, abs, 1, _("Option length byte past the end of the header"));
          return;
        }
      guint8 olen = lsc_buf_u8 (e, off + 1);
      const char *name = lsc_value_string (opt_vals, type);
      gint32 o = lsc_tree_add (t, parent, &f[F_OPT], abs, MIN (2u + olen, len - off));
      lsc_tree_set_text (t, o, _("%s (%u bytes)"), name ? _(name) : _("Unknown option"), 2u + olen);
      lsc_tree_add_uint (t, o, &f[F_OPT_TYPE], abs, 1, type);
      gint32 ln = lsc_tree_add_uint (t, o, &f[F_OPT_LEN], abs + 1, 1, olen);
      if (off + 2 + olen > len)
        {
          flag (t, ln, LSC_NODE_MALFORMED, abs + 1, 1, _("Option runs past the end of its extension header"));
          return;
        }
      const guint8 *p = e->data + off + 2;
      if (type == 1 && olen)
        lsc_tree_add_bytes (t, o, &f[F_OPT_PADN], abs + 2, olen, p, olen);
      else if (type == 5 && olen == 2)
        lsc_tree_add_uint (t, o, &f[F_OPT_RA], abs + 2, 2, lsc_buf_u16 (e, off + 2));
      else if (type == 0xc2 && olen == 4)
        lsc_tree_add_uint (t, o, &f[F_OPT_JUMBO], abs + 2, 4, lsc_buf_u32 (e, off + 2));
      else if (olen && type != 1)
        lsc_tree_add_bytes (t, o, &f[F_OPT_UNKNOWN], abs + 2, olen, p, olen);
      off += 2u + olen;
    }
}

/* The Jumbo Payload option's length (RFC 2675) in the hop-by-hop header
 * that starts at byte 40, 0 when there is none. */
static guint32
jumbo_length (const LscBuf *b)
{
  if (!lsc_buf_has (b, 40, 2))
    return 0;
  guint32 end = 40 + (lsc_buf_u8 (b, 41) + 1u) * 8;
  for (guint32 o = 42; o + 2 <= end && lsc_buf_has (b, o, 2);)
    {
      guint8 type = lsc_buf_u8 (b, o);
      if (type == 0)
        {
          o++;
          continue;
        }
      guint8 olen = lsc_buf_u8 (b, o + 1);
      if (type == 0xc2 && olen == 4 && o + 6 <= end && lsc_buf_has (b, o + 2, 4))
        return lsc_buf_u32 (b, o + 2);
      o += 2u + olen;
    }
  return 0;
}

void
lsc_proto_ipv6 (LscDissectCtx *c, LscBuf b, gint32 parent)
{
  const LscField *f = lsc_fields_ipv6;
  LscTree *t = c->tree;
  LscPinfo *pi = c->pi;
  gboolean quoted = lsc_dissect_in_quote (c, parent);

  pi->has |= LSC_HAS_IP6;
  pi->protocol = "IPv6";
  gint32 ip = lsc_tree_add_proto (t, parent, &f[F_IPV6], lsc_buf_abs (&b, 0), MIN (b.len, 40u));
  if (!lsc_buf_has (&b, 0, 40))
    {
      if (lsc_buf_has (&b, 0, 4))
        {
          guint32 w = lsc_buf_u32 (&b, 0);
          lsc_tree_add_uint (t, ip, &f[F_VERSION], lsc_buf_abs (&b, 0), 1, w >> 28);
          lsc_tree_add_uint (t, ip, &f[F_TCLASS], lsc_buf_abs (&b, 0), 4, (w >> 20) & 0xff);
          lsc_tree_add_uint (t, ip, &f[F_FLOW], lsc_buf_abs (&b, 0), 4, w & 0xfffff);
        }
      /* Every field that was captured is shown, as far as it goes. */
      if (lsc_buf_has (&b, 4, 2))
        lsc_tree_add_uint (t, ip, &f[F_PLEN], lsc_buf_abs (&b, 4), 2, lsc_buf_u16 (&b, 4));
      if (lsc_buf_has (&b, 6, 1))
        lsc_tree_add_uint (t, ip, &f[F_NXT], lsc_buf_abs (&b, 6), 1, lsc_buf_u8 (&b, 6));
      if (lsc_buf_has (&b, 7, 1))
        lsc_tree_add_uint (t, ip, &f[F_HLIM], lsc_buf_abs (&b, 7), 1, lsc_buf_u8 (&b, 7));
      if (lsc_buf_has (&b, 8, 16))
        add_address (c, ip, &b, 8, FALSE);
      flag (t, ip, LSC_NODE_TRUNCATED, lsc_buf_abs (&b, 0), b.len,
            lsc_tree_strdup_printf (t, _("IPv6 header cut short: %u of 40 bytes"), b.len));
      if (!quoted)
        g_string_assign (pi->info, _("Truncated IPv6 header"));
      return;
    }

  guint32 w = lsc_buf_u32 (&b, 0);
  guint16 plen = lsc_buf_u16 (&b, 4);
  guint8 nxt = lsc_buf_u8 (&b, 6), hlim = lsc_buf_u8 (&b, 7);
  gint32 vn = lsc_tree_add_uint (t, ip, &f[F_VERSION], lsc_buf_abs (&b, 0), 1, w >> 28);
  if (w >> 28 != 6)
    flag (t, vn, LSC_NODE_MALFORMED, lsc_buf_abs (&b, 0), 1, _("Version is not 6: this is not an IPv6 header"));
  /* The version nibble is common to both IPs: "ip.version == 6" finds IPv6 too, as in Wireshark. */
  gint32 hv = lsc_tree_add_uint (t, ip, &lsc_fields_ip[1] /* ip.version */, lsc_buf_abs (&b, 0), 1, w >> 28);
  lsc_tree_hide (t, hv);
  guint tc = (w >> 20) & 0xff;
  gint32 tcn = lsc_tree_add_uint (t, ip, &f[F_TCLASS], lsc_buf_abs (&b, 0), 4, tc);
  lsc_tree_add_uint (t, tcn, &f[F_DSCP], lsc_buf_abs (&b, 0), 4, tc >> 2);
  lsc_tree_add_uint (t, tcn, &f[F_ECN], lsc_buf_abs (&b, 0), 4, tc & 3);
  lsc_tree_add_uint (t, ip, &f[F_FLOW], lsc_buf_abs (&b, 0), 4, w & 0xfffff);
  gint32 pln = lsc_tree_add_uint (t, ip, &f[F_PLEN], lsc_buf_abs (&b, 4), 2, plen);
  lsc_tree_add_uint (t, ip, &f[F_NXT], lsc_buf_abs (&b, 6), 1, nxt);
  lsc_tree_add_uint (t, ip, &f[F_HLIM], lsc_buf_abs (&b, 7), 1, hlim);
  add_address (c, ip, &b, 8, FALSE);
  add_address (c, ip, &b, 24, TRUE);

  char sbuf[48], dbuf[48];
  lsc_format_ipv6 (b.data + 8, sbuf);
  lsc_format_ipv6 (b.data + 24, dbuf);
  lsc_tree_set_text (t, ip, _("Internet Protocol Version 6, Src: %s, Dst: %s"), sbuf, dbuf);

  guint32 len = 40u + plen;
  /* A jumbogram (RFC 2675; Linux's BIG TCP) says 0 here and carries its
   * length in a hop-by-hop option. */
  guint32 jumbo = plen == 0 && nxt == 0 ? jumbo_length (&b) : 0;
  if (jumbo)
    {
      len = jumbo <= G_MAXUINT32 - 40 ? 40u + jumbo : G_MAXUINT32;
      lsc_tree_add_note (t, pln, 0, 0, 0, _("0: a jumbogram, whose %u-byte payload length is in the Jumbo Payload option"), jumbo);
      if (jumbo <= 65535)
        flag (t, pln, LSC_NODE_MALFORMED, lsc_buf_abs (&b, 4), 2,
              lsc_tree_strdup_printf (t, _("A Jumbo Payload length must be over 65535, not %u"), jumbo));
    }
  else if (plen == 0 && nxt != 0)
    lsc_tree_add_note (t, pln, 0, 0, 0, _("No payload"));
  if (len > b.reported)
    {
      if (quoted)
        lsc_tree_add_note (t, pln, 0, 0, 0, _("Only the first %u bytes of the original packet are quoted"), b.reported);
      else
        flag (t, pln, LSC_NODE_MALFORMED, lsc_buf_abs (&b, 4), 2,
              lsc_tree_strdup_printf (t, _("Payload length %u runs past the end of the frame (%u bytes left)"),
                                      jumbo ? jumbo : plen, b.reported - 40));
    }

  pi->l3_family = 6;
  lsc_buf_copy (&b, 8, pi->l3_src, 16);
  lsc_buf_copy (&b, 24, pi->l3_dst, 16);
  pi->ttl = hlim;
  pi->ip_len = len;
  if (!pi->l3_len)
    {
      pi->l3_len = len;
      pi->l3_off = lsc_buf_abs (&b, 0);
    }
  lsc_dissect_set_columns (pi, sbuf, dbuf);

  LscBuf v = lsc_buf_sub (&b, 0, len);
  guint32 off = 40;
  gboolean later_fragment = FALSE;
  guint32 fr_off = 0, fr_ident = 0;
  gboolean fr_more = FALSE;
  /* A chain longer than this is an attack or garbage, not a real packet. */
  for (int count = 0; count < 16; count++)
    {
      if (nxt != 0 && nxt != 43 && nxt != 44 && nxt != 60)
        break;
      guint32 abs = lsc_buf_abs (&v, off);
      guint32 elen = nxt == 44 ? 8 : (lsc_buf_u8 (&v, off + 1) + 1u) * 8;
      int base = nxt == 0 ? F_HOPOPTS : nxt == 60 ? F_DSTOPTS : nxt == 43 ? F_ROUTING : F_FRAGHDR;
      gint32 e = lsc_tree_add (t, ip, &f[base], abs, MIN (elen, v.len > off ? v.len - off : 0));
      if (!lsc_buf_has (&v, off, 2) || !lsc_buf_has (&v, off, elen))
        {
          gboolean cut = lsc_buf_reported_has (&v, off, lsc_buf_has (&v, off, 2) ? elen : 2);
          flag (t, e, cut ? LSC_NODE_TRUNCATED : LSC_NODE_MALFORMED, abs, v.len > off ? v.len - off : 0,
                cut ? _("Extension header cut short by the capture") : _("Extension header runs past the payload length"));
          if (!quoted)
            g_string_assign (pi->info, _("IPv6 with a broken extension header"));
          return;
        }
      guint8 enxt = lsc_buf_u8 (&v, off);
      LscBuf eb = lsc_buf_sub (&v, off, elen);
      if (nxt == 0 && count > 0)
        lsc_tree_add_note (t, e, 2, abs, 1, _("Hop-by-hop options must directly follow the IPv6 header"));
      if (nxt == 44)
        {
          guint16 fo = lsc_buf_u16 (&v, off + 2);
          lsc_tree_add_uint (t, e, &f[F_FRAG_NXT], abs, 1, enxt);
          lsc_tree_add_uint (t, e, &f[F_FRAG_OFFSET], abs + 2, 2, fo >> 3);
          lsc_tree_add_uint (t, e, &f[F_FRAG_MORE], abs + 2, 2, fo & 1);
          lsc_tree_add_uint (t, e, &f[F_FRAG_IDENT], abs + 4, 4, lsc_buf_u32 (&v, off + 4));
          lsc_tree_set_text (t, e, _("offset %u bytes, %s"), (fo >> 3) * 8u,
                             fo & 1 ? _("more fragments follow") : _("last fragment"));
          pi->has |= LSC_HAS_FRAG;
          fr_off = (fo >> 3) * 8u;
          fr_more = fo & 1;
          fr_ident = lsc_buf_u32 (&v, off + 4);
          if (fo >> 3)
            later_fragment = TRUE;
          if (!quoted && c->opt && c->opt->reassemble && !pi->frag_family)
            {
              /* The reassembly adds the payload (lsc-reasm.h): what follows
               * this header is the fragment's data. */
              LscBuf data = lsc_buf_tail (&v, off + elen);
              pi->frag_family = 6;
              pi->frag_proto = enxt;
              pi->frag_more = fo & 1;
              pi->frag_id = lsc_buf_u32 (&v, off + 4);
              pi->frag_offset = (fo >> 3) * 8u;
              pi->frag_len = data.reported;
              pi->frag_data_off = lsc_buf_abs (&v, off + elen);
              pi->frag_ip_node = ip;
              later_fragment = TRUE;
            }
        }
      else
        {
          lsc_tree_add_uint (t, e, &f[base + 1], abs, 1, enxt);
          lsc_tree_add_uint (t, e, &f[base + 2], abs + 1, 1, lsc_buf_u8 (&v, off + 1));
          if (nxt == 43)
            {
              lsc_tree_add_uint (t, e, &f[F_ROUTING_TYPE], abs + 2, 1, lsc_buf_u8 (&v, off + 2));
              lsc_tree_add_uint (t, e, &f[F_ROUTING_SEGLEFT], abs + 3, 1, lsc_buf_u8 (&v, off + 3));
              if (elen > 4)
                lsc_tree_add_bytes (t, e, &f[F_ROUTING_DATA], abs + 4, elen - 4, eb.data + 4, elen - 4);
            }
          else
            add_tlv_options (c, e, &eb, elen);
          lsc_tree_set_text (t, e, g_dngettext (GETTEXT_PACKAGE, "%u byte", "%u bytes", elen), elen);
        }
      nxt = enxt;
      off += elen;
      if (later_fragment)
        break;
    }

  LscBuf payload = lsc_buf_tail (&v, off);
  pi->l4_len = len >= off ? len - off : 0;
  const char *pname = lsc_value_string (lsc_ipproto_vals, nxt);
  if (later_fragment)
    {
      if (!quoted)
        lsc_string_printf (pi->info, _("IPv6 fragment (off=%u more=%s ident=0x%08x nxt=%u)"), fr_off,
                           fr_more ? "y" : "n", fr_ident, nxt);
      if (pi->frag_family != 6 || quoted)
        lsc_proto_data (c, payload, parent);
      return;
    }
  if (nxt == 0 || nxt == 43 || nxt == 44 || nxt == 60)
    {
      lsc_tree_add_note (t, ip, 1, 0, 0, _("More than 16 extension headers: the rest is not decoded"));
      lsc_proto_data (c, payload, parent);
      return;
    }
  pi->ip_proto = nxt;
  /* The layer above writes the Info column; only when none does, say what IPv6 carries. */
  if (!quoted)
    g_string_truncate (pi->info, 0);
  if (nxt == 59)
    {
      if (payload.len)
        lsc_proto_data (c, payload, parent);
    }
  else
    lsc_dissect_ipproto (c, nxt, payload, parent);
  if (!quoted && pi->info->len == 0 && !pi->tcp_info_deferred)
    lsc_string_printf (pi->info, _("%s → %s, next header %s (%u)"), sbuf, dbuf, pname ? pname : "?", nxt);
}

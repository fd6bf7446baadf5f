/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-proto-eth.c — Ethernet II and IEEE 802.3 MAC headers
 *
 * Bytes 12-13 decide the framing: a value >= 0x0600 is an EtherType (Ethernet
 * II), a value <= 1500 is the 802.3 payload length followed by an LLC header.
 * Both MAC addresses are analysed (I/G and U/L bits, vendor), and the view is
 * narrowed so the padding of short frames is shown as padding, not payload.
 */
#include "lsc-dissect.h"
#include "lsc-format.h"
#include "lsc-oui.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

enum {
  F_ETH, F_DST, F_DST_IG, F_DST_LG, F_DST_VENDOR, F_DST_CAST, F_SRC, F_SRC_IG, F_SRC_LG, F_SRC_VENDOR,
  F_SRC_CAST, F_TYPE, F_LEN, F_PADDING, F_TRAILER, F_ADDR,
};

const LscValueString lsc_ethertype_vals[] = {
  { 0x0800, "IPv4" }, { 0x0806, "ARP" }, { 0x8035, "RARP" }, { 0x86dd, "IPv6" },
  { 0x8100, "802.1Q Virtual LAN" }, { 0x88a8, "802.1ad Provider Bridging" }, { 0x88cc, "LLDP" },
  { 0x8847, "MPLS" }, { 0x8863, "PPPoE Discovery" }, { 0x8864, "PPPoE Session" }, { 0x88e5, "MACsec" },
  { 0x0842, "Wake-on-LAN" }, { 0x9000, "Loopback" },
  { 0, NULL }
};

static const LscValueString ig_vals[] = {
  { 0, N_("Individual address (unicast)") }, { 1, N_("Group address (multicast/broadcast)") }, { 0, NULL }
};
static const LscValueString lg_vals[] = {
  { 0, N_("Globally unique address (factory default)") }, { 1, N_("Locally administered address (set by software)") }, { 0, NULL }
};

const LscField lsc_fields_eth[] = {
  [F_ETH] = { "eth", N_("Ethernet II"), LSC_FT_PROTOCOL, .layer = LSC_OSI_DATALINK, .short_name = "Ethernet",
              .blurb = N_("The Ethernet MAC header: who the frame is for, who sent it, and what it carries (IEEE 802.3).") },
  [F_DST] = { "eth.dst", N_("Destination"), LSC_FT_ETHER, .blurb = N_("MAC address of the interface that should take this frame; ff:ff:ff:ff:ff:ff means every host on the link."),
              .build_offset = 0, .build_width = 6, .build = LSC_BUILD_ADDRESS },
  [F_DST_IG] = { "eth.dst.ig", N_("IG bit"), LSC_FT_BOOL, .bits = 8, .bitmask = 0x01, .vals = ig_vals,
                 .blurb = N_("Lowest bit of the first byte: 0 for one interface (unicast), 1 for a group (multicast or broadcast).") },
  [F_DST_LG] = { "eth.dst.lg", N_("LG bit"), LSC_FT_BOOL, .bits = 8, .bitmask = 0x02, .vals = lg_vals,
                 .blurb = N_("Second-lowest bit of the first byte: 1 when software chose the address instead of the maker.") },
  [F_DST_VENDOR] = { "eth.dst.oui_resolved", N_("Vendor"), LSC_FT_STRING, .blurb = N_("The maker registered for the first three bytes (the OUI) of the address, from the IEEE list.") },
  [F_DST_CAST] = { "eth.dst.type", N_("Address type"), LSC_FT_STRING, .blurb = N_("Whether the frame goes to one host (unicast), a group (multicast) or all hosts (broadcast).") },
  [F_SRC] = { "eth.src", N_("Source"), LSC_FT_ETHER, .blurb = N_("MAC address of the interface that sent the frame."),
              .build_offset = 6, .build_width = 6, .build_default = "02:00:00:00:00:01" },
  [F_SRC_IG] = { "eth.src.ig", N_("IG bit"), LSC_FT_BOOL, .bits = 8, .bitmask = 0x01, .vals = ig_vals,
                 .blurb = N_("Must be 0 in a source address: a frame is always sent by a single interface.") },
  [F_SRC_LG] = { "eth.src.lg", N_("LG bit"), LSC_FT_BOOL, .bits = 8, .bitmask = 0x02, .vals = lg_vals,
                 .blurb = N_("1 when software chose the address (virtual machines, containers, privacy addresses) instead of the maker.") },
  [F_SRC_VENDOR] = { "eth.src.oui_resolved", N_("Vendor"), LSC_FT_STRING, .blurb = N_("The maker registered for the first three bytes (the OUI) of the address, from the IEEE list.") },
  [F_SRC_CAST] = { "eth.src.type", N_("Address type"), LSC_FT_STRING, .blurb = N_("A source address is always unicast.") },
  [F_TYPE] = { "eth.type", N_("Type"), LSC_FT_UINT, LSC_BASE_HEX, 16, .vals = lsc_ethertype_vals,
               .blurb = N_("The EtherType says which protocol the payload holds: 0x0800 IPv4, 0x0806 ARP, 0x86dd IPv6."),
               .build_offset = 12, .build_width = 2, .build = LSC_BUILD_NEXT },
  [F_LEN] = { "eth.len", N_("Length"), LSC_FT_UINT, .blurb = N_("In IEEE 802.3 framing this field is the payload length (at most 1500) and an LLC header follows."),
              .build_offset = 12, .build_width = 2, .build = LSC_BUILD_LENGTH },
  [F_PADDING] = { "eth.padding", N_("Padding"), LSC_FT_BYTES, .blurb = N_("Bytes added so the frame reaches Ethernet's 60-byte minimum (64 with FCS); they carry nothing.") },
  [F_TRAILER] = { "eth.trailer", N_("Trailer"), LSC_FT_BYTES, .blurb = N_("Bytes after the packet that are not zero padding; some devices append their own data here.") },
  [F_ADDR] = { "eth.addr", N_("Address"), LSC_FT_ETHER, .blurb = N_("Either MAC address of the frame (source or destination), for filtering.") },
  { NULL }
};

static const char *
cast_name (const guint8 mac[6])
{
  static const guint8 bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
  if (memcmp (mac, bcast, 6) == 0)
    return N_("Broadcast");
  if (mac[0] & 1)
    return N_("Multicast");
  return N_("Unicast");
}

/* The caller checked that the address was captured. */
static void
add_address (LscDissectCtx *c, gint32 parent, LscBuf *b, gboolean dst)
{
  const LscField *f = lsc_fields_eth;
  gint32 a;
  guint64 v = lsc_dissect_field (c->tree, parent, &f[dst ? F_DST : F_SRC], b, &a);
  guint32 off = f[dst ? F_DST : F_SRC].build_offset;
  guint8 mac[6];
  lsc_buf_copy (b, off, mac, 6);
  guint32 oui = (guint32) (v >> 24);
  gint32 h = lsc_tree_add_uint (c->tree, parent, &f[F_ADDR], lsc_buf_abs (b, off), 6, v);
  lsc_tree_hide (c->tree, h);

  const char *vendor = c->opt->resolve_oui && !(mac[0] & 2) && v != 0 ? lsc_oui_lookup (oui) : NULL;
  char macs[24];
  lsc_format_mac (mac, macs);
  if (vendor)
    lsc_tree_set_text (c->tree, a, "%s (%s)", macs, vendor);
  else if (memcmp (mac, "\xff\xff\xff\xff\xff\xff", 6) == 0)
    lsc_tree_set_text (c->tree, a, _("%s (broadcast)"), macs);

  lsc_tree_add_uint (c->tree, a, &f[dst ? F_DST_IG : F_SRC_IG], lsc_buf_abs (b, off), 1, mac[0] & 1);
  lsc_tree_add_uint (c->tree, a, &f[dst ? F_DST_LG : F_SRC_LG], lsc_buf_abs (b, off), 1, (mac[0] >> 1) & 1);
  gint32 ct = lsc_tree_add_string (c->tree, a, &f[dst ? F_DST_CAST : F_SRC_CAST], 0, 0, _(cast_name (mac)), -1);
  if (!dst && (mac[0] & 1))
    lsc_tree_add_note (c->tree, ct, 1, 0, 0, _("A source MAC address must not be a group address"));
  if (vendor)
    lsc_tree_add_string (c->tree, a, &f[dst ? F_DST_VENDOR : F_SRC_VENDOR], 0, 0, vendor, -1);
}

void
lsc_proto_eth (LscDissectCtx *c, LscBuf b, gint32 parent)
{
  const LscField *f = lsc_fields_eth;
  LscPinfo *pi = c->pi;

  pi->has |= LSC_HAS_ETH;
  pi->protocol = "Ethernet";
  gint32 eth = lsc_tree_add_proto (c->tree, parent, &f[F_ETH], lsc_buf_abs (&b, 0), MIN (b.len, 14u));
  if (!lsc_buf_has (&b, 0, 14))
    {
      lsc_tree_set_flags (c->tree, eth, LSC_NODE_TRUNCATED);
      lsc_tree_add_note (c->tree, eth, 2, lsc_buf_abs (&b, 0), b.len,
                         _("Ethernet header cut short: %u of 14 bytes"), b.len);
      if (lsc_buf_has (&b, 0, 6))
        add_address (c, eth, &b, TRUE);
      if (lsc_buf_has (&b, 6, 6))
        add_address (c, eth, &b, FALSE);
      g_string_assign (pi->info, _("Truncated Ethernet frame"));
      return;
    }

  lsc_buf_copy (&b, 0, pi->eth_dst, 6);
  lsc_buf_copy (&b, 6, pi->eth_src, 6);
  gboolean lean = lsc_tree_is_summary_only (c->tree);
  char s[24] = "", d[24] = "";
  /* The address nodes (bits, vendor, cast) and the header text are tree-only. */
  if (!lean)
    {
      add_address (c, eth, &b, TRUE);
      add_address (c, eth, &b, FALSE);
      lsc_format_mac (pi->eth_src, s);
      lsc_format_mac (pi->eth_dst, d);
      lsc_tree_set_text (c->tree, eth, _("Ethernet II, Src: %s, Dst: %s"), s, d);
    }

  static const guint8 zero[6] = { 0 };
  if (memcmp (pi->eth_src, zero, 6) == 0 && memcmp (pi->eth_dst, zero, 6) == 0)
    lsc_tree_add_note (c->tree, eth, 0, 0, 0,
                       _("All-zero MAC addresses: a frame on the loopback interface (lo), which never leaves this host"));

  guint16 type = lsc_buf_u16 (&b, 12);
  LscBuf payload;
  if (type <= 1500)
    {
      /* IEEE 802.3: a length, then LLC.  Narrow to it so padding stays out. */
      if (!lean)
        lsc_tree_set_text (c->tree, eth, _("IEEE 802.3 Ethernet, Src: %s, Dst: %s"), s, d);
      gint32 ln;
      lsc_dissect_field (c->tree, eth, &f[F_LEN], &b, &ln);
      payload = lsc_buf_sub (&b, 14, type);
      if (!lsc_buf_reported_has (&b, 14, type))
        {
          lsc_tree_set_flags (c->tree, ln, LSC_NODE_MALFORMED);
          lsc_tree_add_note (c->tree, ln, 2, lsc_buf_abs (&b, 12), 2,
                             _("Length %u is more than the %u bytes that follow"), type, b.reported - 14);
        }
      lsc_proto_llc (c, payload, parent);
    }
  else
    {
      gint32 tn;
      lsc_dissect_field (c->tree, eth, &f[F_TYPE], &b, &tn);
      if (type < 0x0600)
        lsc_tree_add_note (c->tree, tn, 1, 0, 0, _("Values 1501-1535 are neither a length nor an EtherType"));
      payload = lsc_buf_tail (&b, 14);
      lsc_dissect_ethertype (c, type, payload, parent);
    }

  /* Whatever the layers above did not claim is padding (all zero) or a trailer.
   * Network layers report what they claim (pi->l3_len, starting at pi->l3_off). */
  guint32 used = 0;
  if (type <= 1500)
    used = 14 + type;
  else if (pi->l3_len)
    used = pi->l3_off - b.off + pi->l3_len;
  if (used && used < b.len)
    {
      guint32 n = b.len - used;
      const guint8 *p = b.data + used;
      gboolean zeros = TRUE;
      for (guint32 i = 0; i < n; i++)
        if (p[i])
          zeros = FALSE;
      lsc_tree_add_bytes (c->tree, eth, &f[zeros ? F_PADDING : F_TRAILER], lsc_buf_abs (&b, used), n, p, n);
    }

  /* The Source and Destination columns: the network layer's addresses, or
   * the MACs when it has none (ARP, LLC). */
  if (!pi->src[0])
    lsc_format_mac (pi->eth_src, pi->src);
  if (!pi->dst[0])
    lsc_format_mac (pi->eth_dst, pi->dst);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-proto-arp.c — ARP and RARP (RFC 826, RFC 903)
 *
 * ARP maps an IPv4 address to the MAC address that owns it on this link.  The
 * sizes of both address kinds are in the header, so the packet length is
 * 8 + 2 * (hlen + plen); that is what ARP claims of the frame (pi->l3_len) and
 * the rest is Ethernet padding.  Ethernet/IPv4 addresses are decoded as such,
 * anything else as bytes.
 */
#include "lsc-dissect.h"
#include "lsc-format.h"

#include <glib/gi18n-lib.h>

enum {
  F_ARP, F_HW_TYPE, F_PROTO_TYPE, F_HW_SIZE, F_PROTO_SIZE, F_OPCODE, F_SRC_HW_MAC, F_SRC_PROTO_IPV4, F_DST_HW_MAC,
  F_DST_PROTO_IPV4, F_SRC_HW, F_SRC_PROTO, F_DST_HW, F_DST_PROTO, F_ISGRATUITOUS, F_ISPROBE, F_ISANNOUNCEMENT,
};

static const LscValueString hw_vals[] = {
  { 1, N_("Ethernet") }, { 6, N_("IEEE 802 Networks") }, { 15, N_("Frame Relay") }, { 16, N_("ATM") },
  { 20, N_("Serial Line") }, { 32, N_("InfiniBand") }, { 0, NULL }
};

static const LscValueString proto_vals[] = {
  { 0x0800, "IPv4" }, { 0x86dd, "IPv6" }, { 0, NULL }
};

static const LscValueString op_vals[] = {
  { 1, N_("request") }, { 2, N_("reply") }, { 3, N_("reverse request") }, { 4, N_("reverse reply") },
  { 8, N_("Inverse ARP request") }, { 9, N_("Inverse ARP reply") }, { 10, N_("ARP NAK") }, { 0, NULL }
};

static const LscValueString bool_vals[] = { { 0, N_("False") }, { 1, N_("True") }, { 0, NULL } };

const LscField lsc_fields_arp[] = {
  [F_ARP] = { "arp", N_("Address Resolution Protocol"), LSC_FT_PROTOCOL, .layer = LSC_OSI_DATALINK, .short_name = "ARP",
              .blurb = N_("ARP finds the MAC address that belongs to an IPv4 address on the local link, so IP packets can be put into Ethernet frames (RFC 826).") },
  [F_HW_TYPE] = { "arp.hw.type", N_("Hardware type"), LSC_FT_UINT, .vals = hw_vals,
                  .blurb = N_("The kind of link-layer address being resolved; 1 means Ethernet."),
                  .build_offset = 0, .build_width = 2, .build = LSC_BUILD_FIXED },
  [F_PROTO_TYPE] = { "arp.proto.type", N_("Protocol type"), LSC_FT_UINT, LSC_BASE_HEX, 16, .vals = proto_vals,
                     .blurb = N_("The kind of network address being resolved, as an EtherType; 0x0800 means IPv4."),
                     .build_offset = 2, .build_width = 2, .build = LSC_BUILD_FIXED },
  [F_HW_SIZE] = { "arp.hw.size", N_("Hardware size"), LSC_FT_UINT,
                  .blurb = N_("Length of each hardware address in bytes: 6 for a MAC address."),
                  .build_offset = 4, .build_width = 1, .build = LSC_BUILD_FIXED },
  [F_PROTO_SIZE] = { "arp.proto.size", N_("Protocol size"), LSC_FT_UINT,
                     .blurb = N_("Length of each protocol address in bytes: 4 for IPv4."),
                     .build_offset = 5, .build_width = 1, .build = LSC_BUILD_FIXED },
  [F_OPCODE] = { "arp.opcode", N_("Opcode"), LSC_FT_UINT, .vals = op_vals,
                 .blurb = N_("1 asks \"who has this IP address?\", 2 answers \"it is at this MAC address\"; 3 and 4 are the reverse (RARP)."),
                 .build_offset = 6, .build_width = 2, .build_default = "1" },
  [F_SRC_HW_MAC] = { "arp.src.hw_mac", N_("Sender MAC address"), LSC_FT_ETHER,
                     .blurb = N_("The MAC address of the host sending this ARP packet."),
                     .build_offset = 8, .build_width = 6, .build = LSC_BUILD_ADDRESS },
  [F_SRC_PROTO_IPV4] = { "arp.src.proto_ipv4", N_("Sender IP address"), LSC_FT_IPV4,
                         .blurb = N_("The IPv4 address of the sender; every host that hears it may update its ARP cache."),
                         .build_offset = 14, .build_width = 4, .build_default = "198.18.0.1" },
  [F_DST_HW_MAC] = { "arp.dst.hw_mac", N_("Target MAC address"), LSC_FT_ETHER,
                     .blurb = N_("In a request the unknown being asked for (all zeros); in a reply the MAC address of the asker."),
                     .build_offset = 18, .build_width = 6, .build_default = "00:00:00:00:00:00" },
  [F_DST_PROTO_IPV4] = { "arp.dst.proto_ipv4", N_("Target IP address"), LSC_FT_IPV4,
                         .blurb = N_("The IPv4 address whose MAC address is wanted (request) or the asker's address (reply)."),
                         .build_offset = 24, .build_width = 4, .build_default = "198.18.0.2" },
  [F_SRC_HW] = { "arp.src.hw", N_("Sender hardware address"), LSC_FT_BYTES,
                 .blurb = N_("The sender's link-layer address, for link types other than Ethernet.") },
  [F_SRC_PROTO] = { "arp.src.proto", N_("Sender protocol address"), LSC_FT_BYTES,
                    .blurb = N_("The sender's network address, for protocols other than IPv4.") },
  [F_DST_HW] = { "arp.dst.hw", N_("Target hardware address"), LSC_FT_BYTES,
                 .blurb = N_("The target's link-layer address, for link types other than Ethernet.") },
  [F_DST_PROTO] = { "arp.dst.proto", N_("Target protocol address"), LSC_FT_BYTES,
                    .blurb = N_("The target's network address, for protocols other than IPv4.") },
  [F_ISGRATUITOUS] = { "arp.isgratuitous", N_("Is gratuitous"), LSC_FT_BOOL, .vals = bool_vals,
                       .blurb = N_("Sender and target IP are the same: nobody asked, the host announces (or updates) its own mapping, e.g. after an address change or failover.") },
  [F_ISPROBE] = { "arp.isprobe", N_("Is probe"), LSC_FT_BOOL, .vals = bool_vals,
                  .blurb = N_("A request from 0.0.0.0: before using an address a host asks whether anyone already has it (duplicate address detection, RFC 5227).") },
  [F_ISANNOUNCEMENT] = { "arp.isannouncement", N_("Is announcement"), LSC_FT_BOOL, .vals = bool_vals,
                         .blurb = N_("A gratuitous request with an empty target MAC: the host claims an address it has just checked (RFC 5227).") },
  { NULL }
};

static void
add_derived (LscTree *t, gint32 parent, const LscField *f, gboolean v, const char *note)
{
  /* Like Wireshark, only a fact that holds is added. */
  if (!v)
    return;
  gint32 n = lsc_tree_add_uint (t, parent, f, 0, 0, v);
  if (note)
    lsc_tree_add_note (t, n, 0, 0, 0, "%s", note);
}

/* A hardware address as text: a MAC address, or colon-separated hex bytes
 * (cut with an ellipsis past 20 bytes, InfiniBand's length). */
static void
format_hw (const LscBuf *b, guint32 off, guint len, gboolean mac, char out[72])
{
  if (mac)
    {
      guint8 a[6];
      lsc_buf_copy (b, off, a, 6);
      lsc_format_mac (a, out);
      return;
    }
  char *p = out;
  for (guint i = 0; i < len && i < 20; i++)
    p += g_snprintf (p, 4, i ? ":%02x" : "%02x", lsc_buf_u8 (b, off + i));
  if (len > 20)
    g_strlcpy (p, "…", 8);
}

void
lsc_proto_arp (LscDissectCtx *c, LscBuf b, gint32 parent)
{
  const LscField *f = lsc_fields_arp;
  LscTree *t = c->tree;
  LscPinfo *pi = c->pi;

  pi->has |= LSC_HAS_ARP;
  pi->protocol = "ARP";
  guint16 htype = lsc_buf_u16 (&b, 0), ptype = lsc_buf_u16 (&b, 2), op = lsc_buf_u16 (&b, 6);
  guint8 hlen = lsc_buf_u8 (&b, 4), plen = lsc_buf_u8 (&b, 5);
  guint32 total = 8 + 2u * hlen + 2u * plen;
  gint32 arp = lsc_tree_add_proto (t, parent, &f[F_ARP], lsc_buf_abs (&b, 0), MIN (b.len, total));
  pi->arp_node = arp;

  /* The fixed part, each field where its row places it (as much as was captured). */
  for (int k = F_HW_TYPE; k <= F_OPCODE; k++)
    lsc_dissect_field (t, arp, &f[k], &b, NULL);
  if (!lsc_buf_has (&b, 0, 8))
    {
      lsc_tree_set_flags (t, arp, LSC_NODE_TRUNCATED);
      lsc_tree_add_note (t, arp, 2, lsc_buf_abs (&b, 0), b.len, _("ARP header cut short: %u of 8 bytes"), b.len);
      g_string_assign (pi->info, _("Truncated ARP packet"));
      return;
    }
  if (!pi->l3_len)
    {
      pi->l3_len = total;
      pi->l3_off = lsc_buf_abs (&b, 0);
    }
  if (op == 3 || op == 4)
    pi->protocol = "RARP";
  pi->arp_op = op;

  /* Hardware and protocol addresses are read independently, as tcpdump
   * and tshark do: IPv4 over InfiniBand (20-byte addresses), IEEE 802 or
   * any other hardware still names its IPv4 addresses. */
  gboolean hw_mac = (htype == 1 || htype == 6) && hlen == 6;
  gboolean proto_ip = ptype == 0x0800 && plen == 4;
  guint32 o_sha = 8, o_spa = 8 + hlen, o_tha = 8u + hlen + plen, o_tpa = 8u + 2u * hlen + plen;
  if (hlen == 0 || plen == 0)
    {
      lsc_tree_set_flags (t, arp, LSC_NODE_MALFORMED);
      lsc_tree_add_note (t, arp, 2, lsc_buf_abs (&b, 4), 2, _("An address size of 0 leaves nothing to resolve"));
    }
  const guint32 offs[4] = { o_sha, o_spa, o_tha, o_tpa };
  for (int i = 0; i < 4; i++)
    {
      gboolean hw = i % 2 == 0;
      guint32 len = hw ? hlen : plen;
      if (!len || !lsc_buf_has (&b, offs[i], len))
        continue;
      if (hw && hw_mac)
        lsc_tree_add_uint (t, arp, &f[i == 0 ? F_SRC_HW_MAC : F_DST_HW_MAC], lsc_buf_abs (&b, offs[i]), 6, lsc_buf_u48 (&b, offs[i]));
      else if (!hw && proto_ip)
        lsc_tree_add_uint (t, arp, &f[i == 1 ? F_SRC_PROTO_IPV4 : F_DST_PROTO_IPV4], lsc_buf_abs (&b, offs[i]), 4, lsc_buf_u32 (&b, offs[i]));
      else
        {
          static const int ids[4] = { F_SRC_HW, F_SRC_PROTO, F_DST_HW, F_DST_PROTO };
          lsc_tree_add_bytes (t, arp, &f[ids[i]], lsc_buf_abs (&b, offs[i]), len, b.data + offs[i], len);
        }
    }
  if (!lsc_buf_has (&b, 0, total))
    {
      lsc_tree_set_flags (t, arp, LSC_NODE_TRUNCATED);
      lsc_tree_add_note (t, arp, 2, lsc_buf_abs (&b, 0), b.len, _("ARP packet cut short: %u of %u bytes"), b.len, total);
      lsc_string_printf (pi->info, _("Truncated ARP %s"), lsc_value_string (op_vals, op) ? _(lsc_value_string (op_vals, op)) : "");
      return;
    }

  const char *opname = lsc_value_string (op_vals, op);
  if (!proto_ip || hlen == 0)
    {
      lsc_tree_set_text (t, arp, _("Address Resolution Protocol (%s)"), opname ? _(opname) : _("unknown opcode"));
      lsc_string_printf (pi->info, _("ARP %s (hardware type %u, protocol 0x%04x)"), opname ? _(opname) : "?", htype, ptype);
      return;
    }

  /* The digest keeps MAC addresses only; other hardware addresses stay 0
   * there and are written out as hex bytes. */
  if (hw_mac)
    {
      lsc_buf_copy (&b, o_sha, pi->arp_sha, 6);
      lsc_buf_copy (&b, o_tha, pi->arp_tha, 6);
    }
  lsc_buf_copy (&b, o_spa, pi->arp_spa, 4);
  lsc_buf_copy (&b, o_tpa, pi->arp_tpa, 4);
  pi->arp_ipv4 = TRUE;
  guint32 spa = lsc_buf_u32 (&b, o_spa), tpa = lsc_buf_u32 (&b, o_tpa);
  char sha_s[72], tha_s[72], spa_s[48], tpa_s[48];
  format_hw (&b, o_sha, hlen, hw_mac, sha_s);
  format_hw (&b, o_tha, hlen, hw_mac, tha_s);
  lsc_format_ipv4 (spa, spa_s);
  lsc_format_ipv4 (tpa, tpa_s);
  gboolean tha_zero = TRUE;
  for (guint i = 0; i < hlen; i++)
    tha_zero &= lsc_buf_u8 (&b, o_tha + i) == 0;

  gboolean gratuitous = (op == 1 || op == 2) && spa == tpa && spa != 0;
  gboolean probe = op == 1 && spa == 0 && tha_zero;
  gboolean announce = op == 1 && gratuitous && tha_zero;
  add_derived (t, arp, &f[F_ISGRATUITOUS], gratuitous,
               _("Nobody asked: the sender tells the whole link which MAC address owns this IP address"));
  add_derived (t, arp, &f[F_ISPROBE], probe,
               _("The sender asks whether anyone already uses this address before taking it"));
  add_derived (t, arp, &f[F_ISANNOUNCEMENT], announce, NULL);

  switch (op)
    {
    case 1:
      if (probe)
        {
          lsc_tree_set_text (t, arp, _("Address Resolution Protocol (ARP Probe)"));
          lsc_string_printf (pi->info, _("Who has %s? (ARP Probe)"), tpa_s);
        }
      else if (announce)
        {
          lsc_tree_set_text (t, arp, _("Address Resolution Protocol (ARP Announcement)"));
          lsc_string_printf (pi->info, _("ARP Announcement for %s"), spa_s);
        }
      else if (gratuitous)
        {
          lsc_tree_set_text (t, arp, _("Address Resolution Protocol (request/gratuitous ARP)"));
          lsc_string_printf (pi->info, _("Gratuitous ARP for %s (Request)"), spa_s);
        }
      else
        {
          lsc_tree_set_text (t, arp, _("Address Resolution Protocol (request)"));
          lsc_string_printf (pi->info, _("Who has %s? Tell %s"), tpa_s, spa_s);
        }
      break;
    case 2:
      if (gratuitous)
        {
          lsc_tree_set_text (t, arp, _("Address Resolution Protocol (reply/gratuitous ARP)"));
          lsc_string_printf (pi->info, _("Gratuitous ARP for %s (Reply)"), spa_s);
        }
      else
        {
          lsc_tree_set_text (t, arp, _("Address Resolution Protocol (reply)"));
          lsc_string_printf (pi->info, _("%s is at %s"), spa_s, sha_s);
        }
      break;
    case 3:
      lsc_tree_set_text (t, arp, _("Reverse Address Resolution Protocol (request)"));
      lsc_string_printf (pi->info, _("Who is %s? Tell %s"), tha_s, sha_s);
      break;
    case 4:
      lsc_tree_set_text (t, arp, _("Reverse Address Resolution Protocol (reply)"));
      lsc_string_printf (pi->info, _("%s is at %s"), tha_s, tpa_s);
      break;
    default:
      lsc_tree_set_text (t, arp, _("Address Resolution Protocol (opcode %u)"), op);
      lsc_string_printf (pi->info, _("Unknown ARP opcode %u"), op);
      break;
    }
}

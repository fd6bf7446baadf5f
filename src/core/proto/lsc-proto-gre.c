/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-proto-gre.c — Generic Routing Encapsulation (IP protocol 47)
 *
 * GRE wraps one packet in another: an IP header addressed to the tunnel's far
 * end, four bytes of GRE saying what is inside (an EtherType), then the inner
 * packet whole.  Optional fields follow the flags that announce them, in a
 * fixed order: checksum (+ offset), key, sequence number (RFC 2784, RFC 2890);
 * RFC 1701's routing entries after those; and in version 1, which PPTP uses
 * (RFC 2637), the key is split into payload length and call ID and an
 * acknowledgment number may follow.
 */
#include "lsc-dissect.h"
#include "lsc-format.h"

#include <glib/gi18n-lib.h>

enum {
  F_GRE, F_FLAGS, F_FL_CHECKSUM, F_FL_ROUTING, F_FL_KEY, F_FL_SEQ, F_FL_SSR, F_FL_RECUR, F_FL_ACK, F_FL_RESERVED,
  F_FL_VERSION, F_PROTO, F_CHECKSUM, F_CHECKSUM_STATUS, F_CHECKSUM_CALC, F_OFFSET, F_KEY, F_KEY_PLEN, F_KEY_CALL,
  F_SEQ, F_ACK, F_ROUTING, F_RT_AF, F_RT_SRE_OFFSET, F_RT_SRE_LEN, F_RT_INFO,
};

enum { GRE_TEB = 0x6558, GRE_PPP = 0x880b };

static const LscValueString gre_protos[] = {
  { 0x0800, "IP" }, { 0x86dd, "IPv6" }, { 0x0806, "ARP" }, { GRE_TEB, N_("Transparent Ethernet bridging") },
  { GRE_PPP, "PPP" }, { 0x8847, "MPLS" }, { 0x8100, "802.1Q Virtual LAN" }, { 0x88be, "ERSPAN" }, { 0, NULL }
};

static const LscValueString gre_versions[] = {
  { 0, N_("GRE") }, { 1, N_("Enhanced GRE (PPTP)") }, { 0, NULL }
};

const LscField lsc_fields_gre[] = {
  [F_GRE] = { "gre", N_("Generic Routing Encapsulation"), LSC_FT_PROTOCOL, .layer = LSC_OSI_NETWORK, .short_name = "GRE",
              .blurb = N_("A tunnel: the packet after this header travelled inside the IP packet before it, addressed to the tunnel's far end (RFC 2784).") },
  [F_FLAGS] = { "gre.flags_and_version", N_("Flags and Version"), LSC_FT_UINT, LSC_BASE_HEX, 16,
                .blurb = N_("Which optional fields follow (checksum, key, sequence number) and the GRE version.") },
  [F_FL_CHECKSUM] = { "gre.flags.checksum", N_("Checksum Bit"), LSC_FT_BOOL, .bits = 16, .bitmask = 0x8000,
                      .blurb = N_("Set when a checksum over the GRE header and the inner packet follows.") },
  [F_FL_ROUTING] = { "gre.flags.routing", N_("Routing Bit"), LSC_FT_BOOL, .bits = 16, .bitmask = 0x4000,
                     .blurb = N_("Set when source routing entries follow (RFC 1701, no longer used); RFC 2784 requires 0.") },
  [F_FL_KEY] = { "gre.flags.key", N_("Key Bit"), LSC_FT_BOOL, .bits = 16, .bitmask = 0x2000,
                 .blurb = N_("Set when a 4-byte key follows, which tells several tunnels between the same two hosts apart (RFC 2890).") },
  [F_FL_SEQ] = { "gre.flags.sequence_number", N_("Sequence Number Bit"), LSC_FT_BOOL, .bits = 16, .bitmask = 0x1000,
                 .blurb = N_("Set when a sequence number follows, so the far end can notice lost or reordered packets (RFC 2890).") },
  [F_FL_SSR] = { "gre.flags.strict_source_route", N_("Strict Source Route Bit"), LSC_FT_BOOL, .bits = 16, .bitmask = 0x0800,
                 .blurb = N_("RFC 1701's strict source routing; 0 today.") },
  [F_FL_RECUR] = { "gre.flags.recursion_control", N_("Recursion control"), LSC_FT_UINT, .bits = 16, .bitmask = 0x0700,
                   .blurb = N_("RFC 1701's limit on nested encapsulations; 0 today.") },
  [F_FL_ACK] = { "gre.flags.ack", N_("Acknowledgment"), LSC_FT_BOOL, .bits = 16, .bitmask = 0x0080,
                 .blurb = N_("Version 1 (PPTP): set when an acknowledgment number follows.") },
  [F_FL_RESERVED] = { "gre.flags.reserved", N_("Flags (Reserved)"), LSC_FT_UINT, .bits = 16, .bitmask = 0x00f8,
                      .blurb = N_("Bits kept for future use; a sender sets them to 0.") },
  [F_FL_VERSION] = { "gre.flags.version", N_("Version"), LSC_FT_UINT, .bits = 16, .bitmask = 0x0007, .vals = gre_versions,
                     .blurb = N_("0 for GRE; 1 for the enhanced GRE that PPTP VPNs use to carry PPP.") },
  [F_PROTO] = { "gre.proto", N_("Protocol Type"), LSC_FT_UINT, LSC_BASE_HEX, 16, .vals = gre_protos,
                .blurb = N_("What the tunnel carries, as an EtherType: 0x0800 IPv4, 0x86dd IPv6, 0x6558 whole Ethernet frames (gretap).") },
  [F_CHECKSUM] = { "gre.checksum", N_("Checksum"), LSC_FT_UINT, LSC_BASE_HEX, 16,
                   .blurb = N_("Internet checksum over the GRE header and the inner packet.") },
  [F_CHECKSUM_STATUS] = { "gre.checksum.status", N_("Checksum Status"), LSC_FT_UINT, .vals = lsc_checksum_status_vals,
                          .blurb = N_("Whether the checksum matched (1 good, 0 bad) or could not be checked (2: the packet was not captured whole).") },
  [F_CHECKSUM_CALC] = { "gre.checksum_calculated", N_("Calculated Checksum"), LSC_FT_UINT, LSC_BASE_HEX, 16,
                        .blurb = N_("The checksum this packet should carry, computed here from its bytes.") },
  [F_OFFSET] = { "gre.offset", N_("Offset"), LSC_FT_UINT,
                 .blurb = N_("Present with the checksum: where the active routing entry starts (RFC 1701); otherwise reserved, 0.") },
  [F_KEY] = { "gre.key", N_("Key"), LSC_FT_UINT, LSC_BASE_HEX, 32,
              .blurb = N_("A number both tunnel ends agree on (`ip tunnel ... key N`): it tells tunnels between the same hosts apart.") },
  [F_KEY_PLEN] = { "gre.key.payload_length", N_("Payload Length"), LSC_FT_UINT,
                   .blurb = N_("Version 1: the size of the PPP frame that follows, without the GRE header.") },
  [F_KEY_CALL] = { "gre.key.call_id", N_("Call ID"), LSC_FT_UINT,
                   .blurb = N_("Version 1: the PPTP session (call) the packet belongs to, as the receiving side numbered it.") },
  [F_SEQ] = { "gre.sequence_number", N_("Sequence Number"), LSC_FT_UINT,
              .blurb = N_("Counts the packets sent into the tunnel, so the receiver can detect loss and reordering.") },
  [F_ACK] = { "gre.ack_number", N_("Acknowledgment Number"), LSC_FT_UINT,
              .blurb = N_("Version 1: the highest sequence number this side has received from the other.") },
  [F_ROUTING] = { "gre.routing", N_("Routing"), LSC_FT_NONE,
                  .blurb = N_("RFC 1701's list of source route entries, ended by one of length 0.") },
  [F_RT_AF] = { "gre.routing.address_family", N_("Address Family"), LSC_FT_UINT,
                .blurb = N_("What kind of addresses the entry lists.") },
  [F_RT_SRE_OFFSET] = { "gre.routing.sre_offset", N_("SRE Offset"), LSC_FT_UINT,
                        .blurb = N_("Where in the entry the next address to visit starts.") },
  [F_RT_SRE_LEN] = { "gre.routing.src_length", N_("SRE Length"), LSC_FT_UINT,
                     .blurb = N_("How many bytes of routing information the entry holds; 0 ends the list.") },
  [F_RT_INFO] = { "gre.routing.information", N_("Routing Information"), LSC_FT_BYTES,
                  .blurb = N_("The entry's addresses.") },
  { NULL }
};

/* RFC 1701 source route entries: (family, offset, length, information) until
 * an entry of length 0.  Returns the bytes they take, or -1 when they run
 * past the packet. */
static gint64
add_routing (LscDissectCtx *c, gint32 gre, const LscBuf *b, guint32 o)
{
  const LscField *f = lsc_fields_gre;
  LscTree *t = c->tree;
  guint32 start = o;
  /* Added with the bytes it starts with (length 0 would make it a derived fact). */
  gint32 rt = lsc_tree_add (t, gre, &f[F_ROUTING], lsc_buf_abs (b, o), MIN (4u, b->len - MIN (o, b->len)));
  /* Each entry takes at least 4 bytes, so the loop ends with the packet. */
  for (;;)
    {
      if (!lsc_buf_has (b, o, 4))
        {
          lsc_tree_set_flags (t, rt, b->len < b->reported ? LSC_NODE_TRUNCATED : LSC_NODE_MALFORMED);
          lsc_tree_add_note (t, rt, 2, lsc_buf_abs (b, o), b->len - MIN (o, b->len),
                             _("The routing entries run past the end of the packet"));
          lsc_tree_set_length (t, rt, MIN (o, b->len) - start);
          return -1;
        }
      guint8 len = lsc_buf_u8 (b, o + 3);
      lsc_tree_add_uint (t, rt, &f[F_RT_AF], lsc_buf_abs (b, o), 2, lsc_buf_u16 (b, o));
      lsc_tree_add_uint (t, rt, &f[F_RT_SRE_OFFSET], lsc_buf_abs (b, o + 2), 1, lsc_buf_u8 (b, o + 2));
      lsc_tree_add_uint (t, rt, &f[F_RT_SRE_LEN], lsc_buf_abs (b, o + 3), 1, len);
      o += 4;
      if (len == 0)
        break;
      guint32 n = MIN ((guint32) len, b->len - MIN (o, b->len));
      if (n)
        lsc_tree_add_bytes (t, rt, &f[F_RT_INFO], lsc_buf_abs (b, o), n, b->data + o, n);
      o += len;
    }
  lsc_tree_set_length (t, rt, o - start);
  return o - start;
}

/* The reserved flags of version 1 (bits 3-6), drawn as the table's other
 * bit fields are: the field's own mask (bits 3-7) is version 0's. */
static void
add_reserved_v1 (LscTree *t, gint32 parent, const LscField *f, guint32 abs, guint16 fv)
{
  enum { MASK = 0x0078 };
  gint32 n = lsc_tree_add_uint (t, parent, f, abs, 2, (fv & MASK) >> 3);
  if (lsc_tree_is_summary_only (t))
    return;
  char bits[24];
  guint k = 0;
  for (int bit = 15; bit >= 0; bit--)
    {
      bits[k++] = MASK & (1u << bit) ? (fv & (1u << bit) ? '1' : '0') : '.';
      if (bit % 4 == 0 && bit)
        bits[k++] = ' ';
    }
  bits[k] = '\0';
  g_autofree char *label = g_strdup_printf ("%s = %s: %u", bits, _(f->name), (fv & MASK) >> 3);
  lsc_tree_set_label (t, n, label, -1);
}

void
lsc_proto_gre (LscDissectCtx *c, LscBuf b, gint32 parent)
{
  const LscField *f = lsc_fields_gre;
  LscTree *t = c->tree;
  LscPinfo *pi = c->pi;

  pi->protocol = "GRE";
  gint32 gre = lsc_tree_add_proto (t, parent, &f[F_GRE], lsc_buf_abs (&b, 0), MIN (b.len, 4u));
  if (!lsc_dissect_need (c, gre, &b, 4, _("GRE header")))
    return;
  guint16 fv = lsc_buf_u16 (&b, 0);
  guint16 proto = lsc_buf_u16 (&b, 2);
  guint version = fv & 7;
  gboolean has_csum = fv & 0x8000, has_routing = fv & 0x4000, has_key = fv & 0x2000, has_seq = fv & 0x1000;
  gboolean has_ack = version == 1 && (fv & 0x0080);

  gint32 fn = lsc_tree_add_uint (t, gre, &f[F_FLAGS], lsc_buf_abs (&b, 0), 2, fv);
  for (guint i = F_FL_CHECKSUM; i <= F_FL_VERSION; i++)
    {
      if (i == F_FL_ACK && version != 1)
        continue;
      if (i == F_FL_RESERVED && version == 1)
        {
          /* Version 1 takes bit 7 for the acknowledgment: four bits are left. */
          add_reserved_v1 (t, fn, &f[i], lsc_buf_abs (&b, 0), fv);
          continue;
        }
      lsc_tree_add_uint (t, fn, &f[i], lsc_buf_abs (&b, 0), 2, (fv & f[i].bitmask) >> g_bit_nth_lsf (f[i].bitmask, -1));
    }
  gint32 pn = lsc_tree_add_uint (t, gre, &f[F_PROTO], lsc_buf_abs (&b, 2), 2, proto);
  if (version > 1)
    {
      lsc_tree_set_flags (t, fn, LSC_NODE_MALFORMED);
      lsc_tree_add_note (t, fn, 2, lsc_buf_abs (&b, 0), 2, _("Unknown GRE version %u: the rest of the header cannot be read"), version);
      lsc_string_printf (pi->info, _("GRE version %u"), version);
      lsc_proto_data (c, lsc_buf_tail (&b, 4), parent);
      return;
    }

  guint32 hlen = 4 + (has_csum || has_routing ? 4 : 0) + (has_key ? 4 : 0) + (has_seq ? 4 : 0) + (has_ack ? 4 : 0);
  lsc_tree_set_length (t, gre, MIN (b.len, hlen));
  if (!lsc_dissect_need (c, gre, &b, hlen, _("GRE header")))
    return;
  guint32 o = 4;
  if (has_csum || has_routing)
    {
      guint16 stored = lsc_buf_u16 (&b, 4);
      gint32 cn = lsc_tree_add_uint (t, gre, &f[F_CHECKSUM], lsc_buf_abs (&b, 4), 2, stored);
      if (has_csum)
        {
          /* The checksum covers the GRE header and everything after it. */
          gboolean whole = b.len == b.reported;
          guint32 sum = whole ? lsc_inet_sum (b.data, b.len, 0) : 0;
          lsc_dissect_checksum (c, cn, &f[F_CHECKSUM_STATUS], &f[F_CHECKSUM_CALC], stored, sum, whole, -1);
        }
      else
        {
          /* The routing bit alone brings the field along (RFC 1701), unused. */
          lsc_tree_add_uint (t, cn, &f[F_CHECKSUM_STATUS], 0, 0, LSC_CHECKSUM_UNVERIFIED);
          lsc_tree_add_note (t, cn, 0, 0, 0, _("Present only because the routing bit is set: the checksum bit is clear, so it holds nothing"));
        }
      lsc_tree_add_uint (t, gre, &f[F_OFFSET], lsc_buf_abs (&b, 6), 2, lsc_buf_u16 (&b, 6));
      o += 4;
    }
  if (has_key)
    {
      if (version == 1)
        {
          lsc_tree_add_uint (t, gre, &f[F_KEY_PLEN], lsc_buf_abs (&b, o), 2, lsc_buf_u16 (&b, o));
          lsc_tree_add_uint (t, gre, &f[F_KEY_CALL], lsc_buf_abs (&b, o + 2), 2, lsc_buf_u16 (&b, o + 2));
        }
      else
        lsc_tree_add_uint (t, gre, &f[F_KEY], lsc_buf_abs (&b, o), 4, lsc_buf_u32 (&b, o));
      o += 4;
    }
  if (has_seq)
    {
      lsc_tree_add_uint (t, gre, &f[F_SEQ], lsc_buf_abs (&b, o), 4, lsc_buf_u32 (&b, o));
      o += 4;
    }
  if (has_ack)
    {
      lsc_tree_add_uint (t, gre, &f[F_ACK], lsc_buf_abs (&b, o), 4, lsc_buf_u32 (&b, o));
      o += 4;
    }
  if (has_routing)
    {
      gint64 n = add_routing (c, gre, &b, o);
      if (n < 0)
        {
          lsc_tree_set_flags (t, gre, b.len < b.reported ? LSC_NODE_TRUNCATED : LSC_NODE_MALFORMED);
          g_string_assign (pi->info, _("GRE routing entries cut short"));
          return;
        }
      o += n;
      lsc_tree_set_length (t, gre, o);
    }

  const char *pname = lsc_value_string (gre_protos, proto);
  if (!lsc_tree_is_summary_only (t))
    {
      GString *s = lsc_tree_scratch (t);
      lsc_string_printf (s, _("Generic Routing Encapsulation (%s)"), pname ? _(pname) : lsc_tree_strdup_printf (t, "0x%04x", proto));
      if (has_key && version == 0)
        lsc_string_append_printf (s, _(", Key 0x%08x"), lsc_buf_u32 (&b, 4 + (has_csum || has_routing ? 4 : 0)));
      lsc_tree_set_text (t, gre, "%s", s->str);
    }

  LscBuf payload = lsc_buf_tail (&b, o);
  if (proto == GRE_TEB)
    {
      /* The columns show the inner frame's addresses, not the tunnel's. */
      pi->src[0] = pi->dst[0] = '\0';
      lsc_proto_eth (c, payload, parent);
    }
  else if (proto == GRE_PPP)
    lsc_proto_ppp (c, payload, parent, FALSE);
  else if (proto >= 0x0600)
    lsc_dissect_ethertype (c, proto, payload, parent);
  else
    {
      lsc_tree_add_note (t, pn, 1, 0, 0, _("0x%04x is not an EtherType: the payload is shown as data"), proto);
      lsc_string_printf (pi->info, _("GRE, protocol 0x%04x"), proto);
      lsc_proto_data (c, payload, parent);
    }
}

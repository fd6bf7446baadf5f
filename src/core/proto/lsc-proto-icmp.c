/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-proto-icmp.c — ICMP for IPv4 (RFC 792): ping, and the errors routers send back
 *
 * An error message quotes the IP header and the first 8 bytes of the packet
 * that caused it, so a learner can see which packet failed and why; the quote
 * is decoded as children of the ICMP node without touching this packet's own
 * summary facts (lsc_dissect_quoted, shared with ICMPv6).
 */
#include "lsc-dissect.h"
#include "lsc-format.h"
#include "lsc-i18n.h"

#include <glib/gi18n-lib.h>

enum {
  F_ICMP, F_TYPE, F_CODE, F_CHECKSUM, F_CHECKSUM_STATUS, F_CHECKSUM_CALC, F_IDENT, F_IDENT_LE, F_SEQ, F_SEQ_LE,
  F_DATA, F_DATA_LEN, F_UNUSED, F_MTU, F_REDIR_GW, F_POINTER, F_ORIG_TS, F_RECV_TS, F_TRANS_TS, F_ADDR_MASK,
  F_REST, F_DATA_TIME, F_DATA_TIME_REL,
  F_XE_SEQ, F_XE_LOCAL, F_XE_STATE, F_XE_ACTIVE, F_XE_IPV4, F_XE_IPV6,
  F_EXT, F_EXT_VERSION, F_EXT_CHECKSUM, F_EXT_LENGTH, F_EXT_CLASS, F_EXT_CTYPE, F_EXT_DATA,
  F_II_NAME, F_II_INDEX, F_II_AFI, F_II_ALEN, F_II_IPV4, F_II_IPV6, F_II_ADDR,
};

static const LscValueString type_vals[] = {
  { 0, N_("Echo (ping) reply") }, { 3, N_("Destination unreachable") }, { 4, N_("Source quench (flow control)") },
  { 5, N_("Redirect") }, { 8, N_("Echo (ping) request") }, { 9, N_("Router advertisement") },
  { 10, N_("Router solicitation") }, { 11, N_("Time-to-live exceeded") }, { 12, N_("Parameter problem") },
  { 13, N_("Timestamp request") }, { 14, N_("Timestamp reply") }, { 17, N_("Address mask request") },
  { 18, N_("Address mask reply") }, { 42, N_("Extended Echo request") }, { 43, N_("Extended Echo reply") }, { 0, NULL }
};

/* RFC 8335: the reply's code (ICMP 43, ICMPv6 161) and its neighbour state. */
const LscValueString lsc_ext_echo_codes[] = {
  { 0, N_("No error") }, { 1, N_("Malformed query") }, { 2, N_("No such interface") },
  { 3, N_("No such table entry") }, { 4, N_("Multiple interfaces satisfy query") }, { 0, NULL }
};

const LscValueString lsc_ext_echo_states[] = {
  { 0, N_("Reserved") }, { 1, N_("Incomplete") }, { 2, N_("Reachable") }, { 3, N_("Stale") },
  { 4, N_("Delay") }, { 5, N_("Probe") }, { 6, N_("Failed") }, { 0, NULL }
};

static const LscValueString ext_ctypes[] = {
  { 1, N_("By name") }, { 2, N_("By index") }, { 3, N_("By address") }, { 0, NULL }
};

static const LscValueString unreach_codes[] = {
  { 0, N_("Network unreachable") }, { 1, N_("Host unreachable") }, { 2, N_("Protocol unreachable") },
  { 3, N_("Port unreachable") }, { 4, N_("Fragmentation needed") }, { 5, N_("Source route failed") },
  { 6, N_("Destination network unknown") }, { 7, N_("Destination host unknown") }, { 8, N_("Source host isolated") },
  { 9, N_("Network administratively prohibited") }, { 10, N_("Host administratively prohibited") },
  { 11, N_("Network unreachable for TOS") }, { 12, N_("Host unreachable for TOS") },
  { 13, N_("Communication administratively filtered") }, { 14, N_("Host precedence violation") },
  { 15, N_("Precedence cutoff in effect") }, { 0, NULL }
};

static const LscValueString unreach_explain[] = {
  { 0, N_("A router has no route to the destination network.") },
  { 1, N_("The last router could not reach the host on its link (no ARP answer).") },
  { 2, N_("The destination host does not speak the transport protocol the packet carried.") },
  { 3, N_("The host is up but no program listens on that port (typical for a closed UDP port).") },
  { 4, N_("The packet was too big for the next link and Don't Fragment was set: path MTU discovery uses this.") },
  { 9, N_("A firewall or router policy forbids reaching that network.") },
  { 10, N_("A firewall or router policy forbids reaching that host.") },
  { 13, N_("A firewall filtered the packet.") },
  { 0, NULL }
};

static const LscValueString redirect_codes[] = {
  { 0, N_("Redirect for network") }, { 1, N_("Redirect for host") }, { 2, N_("Redirect for TOS and network") },
  { 3, N_("Redirect for TOS and host") }, { 0, NULL }
};

static const LscValueString time_codes[] = {
  { 0, N_("Time to live exceeded in transit") }, { 1, N_("Fragment reassembly time exceeded") }, { 0, NULL }
};

static const LscValueString param_codes[] = {
  { 0, N_("Pointer indicates the error") }, { 1, N_("Required option missing") }, { 2, N_("Bad length") },
  { 0, NULL }
};

const LscValueString lsc_checksum_status_vals[] = {
  { LSC_CHECKSUM_BAD, N_("Bad") }, { LSC_CHECKSUM_GOOD, N_("Good") }, { LSC_CHECKSUM_UNVERIFIED, N_("Unverified") },
  { LSC_CHECKSUM_OFFLOAD, N_("Offloaded") }, { 0, NULL }
};

const LscField lsc_fields_icmp[] = {
  [F_ICMP] = { "icmp", N_("Internet Control Message Protocol"), LSC_FT_PROTOCOL, .layer = LSC_OSI_NETWORK, .short_name = "ICMP",
               .blurb = N_("IP's helper for tests and error reports: ping uses it, and routers use it to say why a packet did not arrive (RFC 792).") },
  [F_TYPE] = { "icmp.type", N_("Type"), LSC_FT_UINT, .vals = type_vals,
               .blurb = N_("What kind of message this is: 8 echo request, 0 echo reply, 3 destination unreachable, 11 time exceeded."),
               .build_offset = 0, .build_width = 1, .build_default = "8" },
  [F_CODE] = { "icmp.code", N_("Code"), LSC_FT_UINT,
               .blurb = N_("The detail within the type, e.g. for destination unreachable 3 means port unreachable."),
               .build_offset = 1, .build_width = 1, .build_default = "0" },
  [F_CHECKSUM] = { "icmp.checksum", N_("Checksum"), LSC_FT_UINT, LSC_BASE_HEX, 16,
                   .blurb = N_("One's-complement sum over the whole ICMP message (RFC 1071), so damaged messages are dropped."),
                   .build_offset = 2, .build_width = 2, .build = LSC_BUILD_CHECKSUM },
  [F_CHECKSUM_STATUS] = { "icmp.checksum.status", N_("Checksum Status"), LSC_FT_UINT, .vals = lsc_checksum_status_vals,
                          .blurb = N_("Whether the checksum matches the one computed over the received message.") },
  [F_CHECKSUM_CALC] = { "icmp.checksum_calculated", N_("Calculated Checksum"), LSC_FT_UINT, LSC_BASE_HEX, 16,
                        .blurb = N_("The checksum the message should carry.") },
  [F_IDENT] = { "icmp.ident", N_("Identifier (BE)"), LSC_FT_UINT, LSC_BASE_DEC_HEX, 16,
                .blurb = N_("Chosen by the pinging program (often its process ID) so it can tell its replies from others'."),
                .build_offset = 4, .build_width = 2 },
  [F_IDENT_LE] = { "icmp.ident_le", N_("Identifier (LE)"), LSC_FT_UINT, LSC_BASE_DEC_HEX, 16,
                   .blurb = N_("The same two bytes read little-endian, as some systems (Windows) write them.") },
  [F_SEQ] = { "icmp.seq", N_("Sequence Number (BE)"), LSC_FT_UINT, LSC_BASE_DEC_HEX, 16,
              .blurb = N_("Counts the echo requests (1, 2, 3 ...); the reply carries the same number so lost pings show up as gaps."),
              .build_offset = 6, .build_width = 2, .build_default = "1" },
  [F_SEQ_LE] = { "icmp.seq_le", N_("Sequence Number (LE)"), LSC_FT_UINT, LSC_BASE_DEC_HEX, 16,
                 .blurb = N_("The same two bytes read little-endian, as some systems (Windows) write them.") },
  [F_DATA] = { "icmp.data", N_("Data"), LSC_FT_BYTES,
               .blurb = N_("The echo payload; the reply must carry it back unchanged (ping puts a time stamp and a pattern here).") },
  [F_DATA_LEN] = { "icmp.data_len", N_("Data length"), LSC_FT_UINT,
                   .blurb = N_("How many bytes of payload follow the 8-byte ICMP header (ping sends 56 by default).") },
  [F_UNUSED] = { "icmp.unused", N_("Unused"), LSC_FT_BYTES, .blurb = N_("Bytes of the header this message type does not use; sent as zero.") },
  [F_MTU] = { "icmp.mtu", N_("MTU of next hop"), LSC_FT_UINT,
              .blurb = N_("The largest packet the next link carries; the sender should send smaller packets (RFC 1191)."),
              .build_offset = 6, .build_width = 2 },
  [F_REDIR_GW] = { "icmp.redir_gw", N_("Gateway Address"), LSC_FT_IPV4,
                   .blurb = N_("The better router the sender should use for this destination from now on."),
                   .build_offset = 4, .build_width = 4 },
  [F_POINTER] = { "icmp.pointer", N_("Pointer"), LSC_FT_UINT,
                  .blurb = N_("Which byte of the quoted header was wrong."),
                  .build_offset = 4, .build_width = 1 },
  [F_ORIG_TS] = { "icmp.originate_timestamp", N_("Originate Timestamp"), LSC_FT_UINT,
                  .blurb = N_("Milliseconds since midnight UTC when the request was sent."),
                  .build_offset = 8, .build_width = 4 },
  [F_RECV_TS] = { "icmp.receive_timestamp", N_("Receive Timestamp"), LSC_FT_UINT,
                  .blurb = N_("Milliseconds since midnight UTC when the request arrived."),
                  .build_offset = 12, .build_width = 4 },
  [F_TRANS_TS] = { "icmp.transmit_timestamp", N_("Transmit Timestamp"), LSC_FT_UINT,
                   .blurb = N_("Milliseconds since midnight UTC when the reply left."),
                   .build_offset = 16, .build_width = 4 },
  [F_ADDR_MASK] = { "icmp.address_mask", N_("Address Mask"), LSC_FT_IPV4,
                    .blurb = N_("The subnet mask of the answering host's network (obsolete, RFC 950)."),
                    .build_offset = 8, .build_width = 4 },
  [F_REST] = { "icmp.reserved", N_("Rest of header"), LSC_FT_BYTES,
               .blurb = N_("The last 4 header bytes, whose meaning depends on the type.") },
  [F_DATA_TIME] = { "icmp.data_time", N_("Timestamp from icmp data"), LSC_FT_ABSTIME,
                    .blurb = N_("The send time ping wrote at the start of its data; the reply carries it back, which is how ping measures the round trip without keeping state.") },
  [F_DATA_TIME_REL] = { "icmp.data_time_relative", N_("Timestamp from icmp data (relative)"), LSC_FT_RELTIME,
                        .blurb = N_("How long before this capture time the data's time stamp was written.") },
  LSC_EXT_ECHO_FIELDS ("icmp"),
  [F_EXT] = { "icmp.ext", N_("ICMP Extensions"), LSC_FT_NONE,
              .blurb = N_("Structured data after an ICMP message (RFC 4884); Extended Echo names the interface it asks about here.") },
  [F_EXT_VERSION] = { "icmp.ext.version", N_("Version"), LSC_FT_UINT, .blurb = N_("Version of the extension structure, 2.") },
  [F_EXT_CHECKSUM] = { "icmp.ext.checksum", N_("Checksum"), LSC_FT_UINT, LSC_BASE_HEX, 16,
                       .blurb = N_("One's-complement sum over the extension structure.") },
  [F_EXT_LENGTH] = { "icmp.ext.length", N_("Length"), LSC_FT_UINT, .blurb = N_("Bytes in this extension object, its 4-byte header included.") },
  [F_EXT_CLASS] = { "icmp.ext.class", N_("Class"), LSC_FT_UINT,
                    .blurb = N_("What the object holds: 3 identifies an interface (Extended Echo).") },
  [F_EXT_CTYPE] = { "icmp.ext.ctype", N_("C-Type"), LSC_FT_UINT, .vals = ext_ctypes,
                    .blurb = N_("How the interface is named: 1 by name, 2 by index, 3 by address.") },
  [F_EXT_DATA] = { "icmp.ext.data", N_("Data"), LSC_FT_BYTES, .blurb = N_("The object's contents, of a class not decoded here.") },
  [F_II_NAME] = { "icmp.int_ident.name", N_("Name"), LSC_FT_STRING, .blurb = N_("The name of the interface asked about, e.g. eth0.") },
  [F_II_INDEX] = { "icmp.int_ident.index", N_("Interface Index"), LSC_FT_UINT,
                   .blurb = N_("The ifIndex of the interface asked about (ip link shows it first).") },
  [F_II_AFI] = { "icmp.int_ident.afi", N_("Address Family Identifier"), LSC_FT_UINT,
                 .blurb = N_("The kind of address that follows: 1 IPv4, 2 IPv6.") },
  [F_II_ALEN] = { "icmp.int_ident.addr_length", N_("Address Length"), LSC_FT_UINT, .blurb = N_("Bytes of the address that follows.") },
  [F_II_IPV4] = { "icmp.int_ident.ipv4", N_("Address"), LSC_FT_IPV4, .blurb = N_("An IPv4 address of the interface asked about.") },
  [F_II_IPV6] = { "icmp.int_ident.ipv6", N_("Address"), LSC_FT_IPV6, .blurb = N_("An IPv6 address of the interface asked about.") },
  [F_II_ADDR] = { "icmp.int_ident.address", N_("Address"), LSC_FT_BYTES, .blurb = N_("An address of another family.") },
  { NULL }
};

gboolean
lsc_dissect_in_quote (LscDissectCtx *c, gint32 parent)
{
  /* Quotes hang under the ICMP node; a bounded walk up finds it. */
  for (int i = 0; parent >= 0 && i < 16; i++)
    {
      const LscNode *n = lsc_tree_node (c->tree, parent);
      if (!n)
        break;
      if (n->field == &lsc_fields_icmp[F_ICMP] || n->field == &lsc_fields_icmpv6[0])
        return TRUE;
      parent = n->parent;
    }
  return FALSE;
}

void
lsc_dissect_quoted (LscDissectCtx *c, int family, LscBuf b, gint32 parent)
{
  LscPinfo *pi = c->pi;
  if (b.len == 0)
    return;
  /* The quoted packet fills pi like any other; put this packet's facts back. */
  LscPinfo saved = *pi;
  g_autofree char *info = g_strdup (pi->info->str);
  GString *gs = pi->info;
  if (c->depth > 8)
    lsc_proto_data (c, b, parent);
  else
    {
      c->depth++;
      if (family == 6)
        lsc_proto_ipv6 (c, b, parent);
      else
        lsc_proto_ipv4 (c, b, parent);
      c->depth--;
    }
  /* A quote is cut short on purpose: its problems are not this packet's errors. */
  *pi = saved;
  pi->info = gs;
  g_string_assign (gs, info);
}

guint16
lsc_checksum_offload_value (guint32 pseudo)
{
  return (guint16) ~lsc_inet_fold (pseudo);
}

guint
lsc_dissect_checksum (LscDissectCtx *c, gint32 cn, const LscField *status_f, const LscField *calc_f,
                      guint16 stored, guint32 sum, gboolean verify, gint32 offload)
{
  LscTree *t = c->tree;
  guint status = LSC_CHECKSUM_UNVERIFIED;
  if (verify)
    {
      /* A correct message sums to 0xffff; adding ~stored takes the field back
       * out (one's-complement subtraction), leaving what it should have been. */
      status = lsc_inet_fold (sum) == 0 ? LSC_CHECKSUM_GOOD : LSC_CHECKSUM_BAD;
      if (status == LSC_CHECKSUM_BAD && offload >= 0 && stored == (guint16) offload)
        status = LSC_CHECKSUM_OFFLOAD;
      lsc_tree_set_flags (t, cn, status == LSC_CHECKSUM_GOOD ? LSC_NODE_CHECKSUM_GOOD
                                 : status == LSC_CHECKSUM_OFFLOAD ? LSC_NODE_CHECKSUM_OFFLOAD
                                 : LSC_NODE_CHECKSUM_BAD);
      if (status != LSC_CHECKSUM_GOOD)
        {
          guint16 calc = lsc_inet_fold (sum + (guint16) ~stored);
          lsc_tree_add_uint (t, cn, calc_f, 0, 0, calc);
          if (status == LSC_CHECKSUM_OFFLOAD)
            {
              lsc_tree_set_text (t, cn, _("0x%04x (not computed yet: left to the network card (checksum offload), "
                                          "normal on the sending host)"), stored);
              lsc_tree_add_note (t, cn, 0, 0, 0,
                                 _("The field holds only the sum of the pseudo-header (addresses, protocol, length): "
                                   "the sending kernel leaves the rest to the network card, which writes 0x%04x as "
                                   "the frame leaves. A capture on the sending host sees the frame before that."), calc);
            }
          else
            {
              lsc_tree_set_text (t, cn, _("0x%04x (should be 0x%04x)"), stored, calc);
              if (offload >= 0)
                lsc_tree_add_note (t, cn, 1, 0, 0,
                                   _("Bad checksum: not the pseudo-header sum a sender leaves for its network card either, "
                                     "so the bytes were damaged on the way or the sender wrote a wrong one"));
              else
                lsc_tree_add_note (t, cn, 1, 0, 0, _("Bad checksum: the bytes were damaged, or the capture saw them before the network card computed it (checksum offload)"));
            }
        }
    }
  lsc_tree_add_uint (t, cn, status_f, 0, 0, status);
  return status;
}

/* Unix ping starts its data with the send time as a struct timeval in the
 * sender's byte order: 8+8 bytes on 64-bit systems, 4+4 on 32-bit ones.  Only
 * a value within a day of the capture time is taken for one. */
static void
add_data_time (LscDissectCtx *c, gint32 ic, const LscBuf *d)
{
  const LscField *f = lsc_fields_icmp;
  gint64 now = c->pkt->ts_ns / G_GINT64_CONSTANT (1000000000);
  for (int wide = 1; wide >= 0; wide--)
    for (int big = 0; big < 2; big++)
      {
        guint32 w = wide ? 8 : 4;
        if (!lsc_buf_has (d, 0, 2 * w))
          continue;
        guint64 sec, usec;
        if (wide)
          {
            guint64 lo = big ? lsc_buf_u32 (d, 4) : lsc_buf_u32le (d, 0), hi = big ? lsc_buf_u32 (d, 0) : lsc_buf_u32le (d, 4);
            guint64 ulo = big ? lsc_buf_u32 (d, 12) : lsc_buf_u32le (d, 8), uhi = big ? lsc_buf_u32 (d, 8) : lsc_buf_u32le (d, 12);
            sec = (hi << 32) | lo;
            usec = (uhi << 32) | ulo;
          }
        else
          {
            sec = big ? lsc_buf_u32 (d, 0) : lsc_buf_u32le (d, 0);
            usec = big ? lsc_buf_u32 (d, 4) : lsc_buf_u32le (d, 4);
          }
        if (usec >= 1000000 || sec > (guint64) G_MAXINT32 * 4 || (gint64) sec < now - 86400 || (gint64) sec > now + 86400)
          continue;
        gint64 ns = (gint64) sec * 1000000000 + (gint64) usec * 1000;
        lsc_tree_add_int (c->tree, ic, &f[F_DATA_TIME], d->off, 2 * w, ns);
        gint32 r = lsc_tree_add_double (c->tree, ic, &f[F_DATA_TIME_REL], d->off, 2 * w,
                                        (double) (c->pkt->ts_ns - ns) / 1e9);
        lsc_tree_set_flags (c->tree, r, LSC_NODE_GENERATED);
        return;
      }
}

/* The Interface Identification Object a request names its interface with
 * (class 3); appends how it names it to info. */
static void
add_interface_ident (LscDissectCtx *c, gint32 obj, const LscBuf *b, guint32 o, guint32 len, guint8 ctype, GString *info)
{
  LscTree *t = c->tree;
  const LscField *f = lsc_fields_icmp;
  guint32 d = o + 4, dlen = len - 4;
  if (ctype == 1 && dlen > 0)
    {
      /* NUL-padded to a multiple of 4 bytes. */
      guint32 n = 0;
      while (n < dlen && lsc_buf_u8 (b, d + n) != 0)
        n++;
      lsc_tree_add_string (t, obj, &f[F_II_NAME], lsc_buf_abs (b, d), dlen, (const char *) b->data + d, (gssize) n);
      lsc_string_append_printf (info, _(", interface %.*s"), (int) MIN (n, 64u), (const char *) b->data + d);
    }
  else if (ctype == 2 && dlen == 4)
    {
      lsc_tree_add_uint (t, obj, &f[F_II_INDEX], lsc_buf_abs (b, d), 4, lsc_buf_u32 (b, d));
      lsc_string_append_printf (info, _(", interface index %u"), lsc_buf_u32 (b, d));
    }
  else if (ctype == 3 && dlen >= 4)
    {
      guint16 afi = lsc_buf_u16 (b, d);
      guint8 alen = lsc_buf_u8 (b, d + 2);
      lsc_tree_add_uint (t, obj, &f[F_II_AFI], lsc_buf_abs (b, d), 2, afi);
      lsc_tree_add_uint (t, obj, &f[F_II_ALEN], lsc_buf_abs (b, d + 2), 1, alen);
      if (4u + alen > dlen)
        {
          lsc_tree_set_flags (t, obj, LSC_NODE_MALFORMED);
          lsc_tree_add_note (t, obj, 2, lsc_buf_abs (b, d + 2), 1, _("Address length %u runs past the object"), alen);
          return;
        }
      char text[48];
      if (afi == 1 && alen == 4)
        {
          lsc_tree_add_uint (t, obj, &f[F_II_IPV4], lsc_buf_abs (b, d + 4), 4, lsc_buf_u32 (b, d + 4));
          lsc_format_ipv4 (lsc_buf_u32 (b, d + 4), text);
          lsc_string_append_printf (info, _(", interface with %s"), text);
        }
      else if (afi == 2 && alen == 16)
        {
          lsc_tree_add_bytes (t, obj, &f[F_II_IPV6], lsc_buf_abs (b, d + 4), 16, b->data + d + 4, 16);
          lsc_format_ipv6 (b->data + d + 4, text);
          lsc_string_append_printf (info, _(", interface with %s"), text);
        }
      else if (alen)
        lsc_tree_add_bytes (t, obj, &f[F_II_ADDR], lsc_buf_abs (b, d + 4), alen, b->data + d + 4, alen);
    }
  else
    {
      lsc_tree_set_flags (t, obj, LSC_NODE_MALFORMED);
      lsc_tree_add_note (t, obj, 2, lsc_buf_abs (b, o), len, _("An interface identification of C-Type %u and %u bytes is not valid"), ctype, len);
    }
}

void
lsc_proto_icmp_ext_echo (LscDissectCtx *c, const LscBuf *b, gint32 ic, const LscField *ident, const LscField *xe,
                         gboolean reply, const char *tname, GString *info)
{
  LscTree *t = c->tree;
  LscPinfo *pi = c->pi;
  const LscField *f = lsc_fields_icmp;
  guint32 a4 = lsc_buf_abs (b, 4);
  guint16 id = lsc_buf_u16 (b, 4);
  guint8 seq = lsc_buf_u8 (b, 6), bits = lsc_buf_u8 (b, 7);
  lsc_tree_add_uint (t, ic, ident, a4, 2, id);
  lsc_tree_add_uint (t, ic, &xe[0], a4 + 2, 1, seq);
  pi->icmp_id = id;
  pi->icmp_seq = seq;
  lsc_string_printf (info, _("%s id=0x%04x, seq=%u"), _(tname), id, seq);
  lsc_tree_set_length (t, ic, b->len);
  if (reply)
    {
      guint state = bits >> 5;
      lsc_tree_add_uint (t, ic, &xe[F_XE_STATE - F_XE_SEQ], a4 + 3, 1, state);
      lsc_tree_add_uint (t, ic, &xe[F_XE_ACTIVE - F_XE_SEQ], a4 + 3, 1, (bits >> 2) & 1);
      lsc_tree_add_uint (t, ic, &xe[F_XE_IPV4 - F_XE_SEQ], a4 + 3, 1, (bits >> 1) & 1);
      lsc_tree_add_uint (t, ic, &xe[F_XE_IPV6 - F_XE_SEQ], a4 + 3, 1, bits & 1);
      const char *code = lsc_value_string (lsc_ext_echo_codes, pi->icmp_code);
      if (pi->icmp_code)
        lsc_string_append_printf (info, " (%s)", code ? _(code) : _("unknown code"));
      else
        lsc_string_append_printf (info, (bits >> 2) & 1 ? _(", active%s%s") : _(", inactive%s%s"),
                                  (bits >> 1) & 1 ? ", IPv4" : "", bits & 1 ? ", IPv6" : "");
      if (state)
        lsc_string_append_printf (info, _(", state %s"), _(lsc_value_string (lsc_ext_echo_states, state) ? lsc_value_string (lsc_ext_echo_states, state) : "?"));
      return;
    }
  lsc_tree_add_uint (t, ic, &xe[F_XE_LOCAL - F_XE_SEQ], a4 + 3, 1, bits & 1);

  /* The extension structure (RFC 4884): a 4-byte header, then objects. */
  LscBuf e = lsc_buf_tail (b, 8);
  if (!lsc_buf_has (&e, 0, 4))
    {
      lsc_tree_set_flags (t, ic, e.len < e.reported ? LSC_NODE_TRUNCATED : LSC_NODE_MALFORMED);
      lsc_tree_add_note (t, ic, 2, e.off, e.len, _("An Extended Echo request must name the interface it asks about; the extension structure is missing"));
      return;
    }
  gint32 ext = lsc_tree_add (t, ic, &f[F_EXT], e.off, e.len);
  lsc_tree_add_uint (t, ext, &f[F_EXT_VERSION], e.off, 1, lsc_buf_u8 (&e, 0) >> 4);
  lsc_tree_add_uint (t, ext, &f[F_EXT_CHECKSUM], e.off + 2, 2, lsc_buf_u16 (&e, 2));
  guint32 o = 4;
  if (!lsc_buf_has (&e, o, 4))
    {
      lsc_tree_set_flags (t, ext, e.len < e.reported ? LSC_NODE_TRUNCATED : LSC_NODE_MALFORMED);
      lsc_tree_add_note (t, ext, 2, lsc_buf_abs (&e, MIN (o, e.len)), 0, _("No object names the interface asked about"));
    }
  for (int k = 0; k < 16 && lsc_buf_has (&e, o, 4); k++)
    {
      guint16 len = lsc_buf_u16 (&e, o);
      guint8 cls = lsc_buf_u8 (&e, o + 2), ctype = lsc_buf_u8 (&e, o + 3);
      lsc_tree_add_uint (t, ext, &f[F_EXT_LENGTH], lsc_buf_abs (&e, o), 2, len);
      lsc_tree_add_uint (t, ext, &f[F_EXT_CLASS], lsc_buf_abs (&e, o + 2), 1, cls);
      lsc_tree_add_uint (t, ext, &f[F_EXT_CTYPE], lsc_buf_abs (&e, o + 3), 1, ctype);
      if (len < 4 || !lsc_buf_has (&e, o, len))
        {
          lsc_tree_set_flags (t, ext, len >= 4 && lsc_buf_reported_has (&e, o, len) ? LSC_NODE_TRUNCATED : LSC_NODE_MALFORMED);
          lsc_tree_add_note (t, ext, 2, lsc_buf_abs (&e, o), 2, _("Object length %u does not fit the %u bytes left"), len, e.len - o);
          return;
        }
      if (cls == 3)
        add_interface_ident (c, ext, &e, o, len, ctype, info);
      else if (len > 4)
        lsc_tree_add_bytes (t, ext, &f[F_EXT_DATA], lsc_buf_abs (&e, o + 4), len - 4u, e.data + o + 4, len - 4u);
      o += len;
    }
}

/* A ping's Info, as tshark writes it: by hand (every echo packet has one)
 * unless a translation changes the layout. */
static void
echo_info (LscPinfo *pi, const char *name, guint16 id, guint16 seq, guint16 seq_le)
{
  gsize nl = strlen (name);
  if (!lsc_i18n_keeps_layout (N_("%-19s  id=0x%04x, seq=%u/%u, ttl=%u")))
    {
      lsc_string_printf (pi->info, _("%-19s  id=0x%04x, seq=%u/%u, ttl=%u"), name, id, seq, seq_le, pi->ttl);
      return;
    }
  static const char hex[] = "0123456789abcdef";
  lsc_string_clear (pi->info);
  char *q = lsc_string_reserve (pi->info, nl + 19 + 64);
  memcpy (q, name, nl);
  q += nl;
  for (gsize k = nl; k < 19; k++)
    *q++ = ' ';
  memcpy (q, "  id=0x", 7);
  q += 7;
  for (int sh = 12; sh >= 0; sh -= 4)
    *q++ = hex[(id >> sh) & 15];
  memcpy (q, ", seq=", 6);
  q = lsc_put_u32 (q + 6, seq);
  *q++ = '/';
  q = lsc_put_u32 (q, seq_le);
  memcpy (q, ", ttl=", 6);
  lsc_string_commit (pi->info, lsc_put_u32 (q + 6, pi->ttl));
}

void
lsc_proto_icmp (LscDissectCtx *c, LscBuf b, gint32 parent)
{
  const LscField *f = lsc_fields_icmp;
  LscTree *t = c->tree;
  LscPinfo *pi = c->pi;
  gboolean quoted = lsc_dissect_in_quote (c, parent);

  pi->has |= LSC_HAS_ICMP;
  pi->protocol = "ICMP";
  gint32 ic = lsc_tree_add_proto (t, parent, &f[F_ICMP], lsc_buf_abs (&b, 0), MIN (b.len, 8u));
  pi->icmp_node = ic;

  guint8 type = lsc_buf_u8 (&b, 0), code = lsc_buf_u8 (&b, 1);
  const char *tname = lsc_value_string (type_vals, type);
  const LscValueString *codes = type == 3 ? unreach_codes : type == 5 ? redirect_codes : type == 11 ? time_codes
                                : type == 12 ? param_codes : type == 43 ? lsc_ext_echo_codes : NULL;
  const char *cname = codes ? lsc_value_string (codes, code) : NULL;
  gint32 tn, cn;
  lsc_dissect_field (t, ic, &f[F_TYPE], &b, &tn);
  if (tn >= 0)
    pi->icmp_type = type;
  lsc_dissect_field (t, ic, &f[F_CODE], &b, &cn);
  if (cn >= 0)
    {
      if (cname)
        lsc_tree_set_text (t, cn, "%u (%s)", code, _(cname));
      const char *why = type == 3 ? lsc_value_string (unreach_explain, code) : NULL;
      if (why)
        lsc_tree_add_note (t, cn, 0, 0, 0, "%s", _(why));
      pi->icmp_code = code;
    }
  guint16 ck = (guint16) lsc_dissect_field (t, ic, &f[F_CHECKSUM], &b, &cn);
  if (cn >= 0)
    {
      /* Only a message captured whole, and not split into IP fragments, can be summed. */
      /* A summary-only pass shows no verdict, so it skips the sum. */
      gboolean verify = b.len == b.reported && !quoted && !(pi->has & LSC_HAS_FRAG) && !lsc_tree_is_summary_only (t);
      lsc_dissect_checksum (c, cn, &f[F_CHECKSUM_STATUS], &f[F_CHECKSUM_CALC], ck,
                            verify ? lsc_inet_sum (b.data, b.len, 0) : 0, verify, -1);
    }
  if (!lsc_buf_has (&b, 0, 8))
    {
      lsc_tree_set_flags (t, ic, LSC_NODE_TRUNCATED);
      lsc_tree_add_note (t, ic, 2, lsc_buf_abs (&b, 0), b.len, _("ICMP header cut short: %u of 8 bytes"), b.len);
      if (!quoted)
        lsc_string_printf (pi->info, "%s", tname && b.len ? _(tname) : _("Truncated ICMP message"));
      lsc_tree_set_text (t, ic, _("Internet Control Message Protocol, truncated"));
      return;
    }

  LscBuf rest = lsc_buf_tail (&b, 8);
  guint32 a4 = lsc_buf_abs (&b, 4);
  if (tname)
    lsc_tree_set_text (t, ic, cname ? _("Internet Control Message Protocol, %s (%s)") : _("Internet Control Message Protocol, %s"),
                       _(tname), cname ? _(cname) : "");
  switch (type)
    {
    case 0:
    case 8:
      {
        guint16 id = (guint16) lsc_dissect_field (t, ic, &f[F_IDENT], &b, NULL), id_le = GUINT16_SWAP_LE_BE (id);
        lsc_tree_add_uint (t, ic, &f[F_IDENT_LE], a4, 2, id_le);
        guint16 seq = (guint16) lsc_dissect_field (t, ic, &f[F_SEQ], &b, NULL), seq_le = GUINT16_SWAP_LE_BE (seq);
        lsc_tree_add_uint (t, ic, &f[F_SEQ_LE], a4 + 2, 2, seq_le);
        pi->icmp_id = id;
        pi->icmp_seq = seq;
        pi->icmp_is_echo = TRUE;
        lsc_tree_add_uint (t, ic, &f[F_DATA_LEN], 0, 0, rest.reported);
        if (rest.len)
          {
            gint32 dn = lsc_tree_add_bytes (t, ic, &f[F_DATA], rest.off, rest.len, rest.data, rest.len);
            lsc_tree_hide (t, dn);
          }
        add_data_time (c, ic, &rest);
        if (!quoted)
          echo_info (pi, _(tname), id, seq, seq_le);
        /* The echo payload belongs to the ICMP message (ping fills it with a
         * pattern and a time stamp), not to an application above: keep it in
         * the network layer when the tree is grouped by layers. */
        gint32 dn = lsc_proto_data (c, rest, parent);
        LscNode *dnode = dn > 0 ? lsc_tree_node_mut (t, dn) : NULL;
        if (dnode)
          dnode->osi_layer = LSC_OSI_NETWORK;
      }
      return;
    case 3:
      if (code == 4)
        {
          lsc_tree_add_bytes (t, ic, &f[F_UNUSED], a4, 2, b.data + 4, 2);
          lsc_dissect_field (t, ic, &f[F_MTU], &b, NULL);
        }
      else
        lsc_tree_add_bytes (t, ic, &f[F_UNUSED], a4, 4, b.data + 4, 4);
      break;
    case 11:
    case 4:
      lsc_tree_add_bytes (t, ic, &f[F_UNUSED], a4, 4, b.data + 4, 4);
      if (type == 11 && code == 0)
        lsc_tree_add_note (t, ic, 0, 0, 0, _("A router dropped the packet because its TTL reached 0; traceroute sends packets with TTL 1, 2, 3 ... to collect these"));
      break;
    case 5:
      lsc_dissect_field (t, ic, &f[F_REDIR_GW], &b, NULL);
      break;
    case 12:
      lsc_dissect_field (t, ic, &f[F_POINTER], &b, NULL);
      lsc_tree_add_bytes (t, ic, &f[F_UNUSED], a4 + 1, 3, b.data + 5, 3);
      break;
    case 13:
    case 14:
    case 17:
    case 18:
      {
        guint16 id = (guint16) lsc_dissect_field (t, ic, &f[F_IDENT], &b, NULL);
        guint16 seq = (guint16) lsc_dissect_field (t, ic, &f[F_SEQ], &b, NULL);
        pi->icmp_id = id;
        pi->icmp_seq = seq;
        guint32 need = type <= 14 ? 12 : 4;
        if (!lsc_buf_has (&rest, 0, need))
          {
            lsc_tree_set_flags (t, ic, LSC_NODE_MALFORMED);
            lsc_tree_add_note (t, ic, 2, rest.off, rest.len, _("%s needs %u more bytes, %u present"), _(tname), need, rest.len);
            break;
          }
        lsc_tree_set_length (t, ic, 8 + need);
        if (type <= 14)
          {
            for (int k = F_ORIG_TS; k <= F_TRANS_TS; k++)
              lsc_dissect_field (t, ic, &f[k], &b, NULL);
          }
        else
          lsc_dissect_field (t, ic, &f[F_ADDR_MASK], &b, NULL);
        if (!quoted)
          lsc_string_printf (pi->info, _("%s  id=0x%04x, seq=%u"), _(tname), id, seq);
        lsc_proto_data (c, lsc_buf_tail (&rest, need), parent);
      }
      return;
    case 42:
    case 43:
      {
        g_autoptr (GString) info = g_string_new (NULL);
        lsc_proto_icmp_ext_echo (c, &b, ic, &f[F_IDENT], &f[F_XE_SEQ], type == 43, tname, info);
        if (!quoted)
          g_string_assign (pi->info, info->str);
      }
      return;
    default:
      lsc_tree_add_bytes (t, ic, &f[F_REST], a4, 4, b.data + 4, 4);
      break;
    }

  if (!quoted)
    {
      if (tname && cname)
        lsc_string_printf (pi->info, "%s (%s)", _(tname), _(cname));
      else if (tname)
        lsc_string_printf (pi->info, "%s", _(tname));
      else
        lsc_string_printf (pi->info, _("Unknown ICMP (type %u, code %u)"), type, code);
    }

  if (type == 3 || type == 4 || type == 5 || type == 11 || type == 12)
    {
      if (rest.len == 0)
        {
          lsc_tree_set_flags (t, ic, LSC_NODE_MALFORMED);
          lsc_tree_add_note (t, ic, 2, 0, 0, _("The error message should quote the IP header of the packet that caused it; nothing follows"));
        }
      else if (quoted)
        /* An error about an error is not sent (RFC 1122 3.2.2); do not nest further. */
        lsc_proto_data (c, rest, ic);
      else
        lsc_dissect_quoted (c, 4, rest, ic);
    }
  else
    lsc_proto_data (c, rest, parent);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-proto-udp.c — User Datagram Protocol (RFC 768), the pseudo-header sum
 * shared by TCP/UDP/ICMPv6, and the hand-over of TCP/UDP payloads by port
 *
 * The datagram view arrives narrowed to the IP payload; udp.length is held
 * against it and the payload is narrowed to udp.length, so IP padding or a
 * lying length never reaches DNS or the data preview.
 */
#include "lsc-dissect.h"
#include "lsc-format.h"
#include "lsc-i18n.h"

#include <glib/gi18n-lib.h>

enum {
  F_UDP, F_SRCPORT, F_DSTPORT, F_PORT, F_LENGTH, F_CHECKSUM, F_CHECKSUM_STATUS, F_CHECKSUM_CALC,
  F_PAYLOAD,
};

/* lsc_checksum_status_vals plus the two verdicts only UDP has. */
enum { CK_NOT_PRESENT = LSC_CHECKSUM_NOT_PRESENT, CK_ILLEGAL = LSC_CHECKSUM_ILLEGAL };

static const LscValueString checksum_status_vals[] = {
  { LSC_CHECKSUM_BAD, N_("Bad") }, { LSC_CHECKSUM_GOOD, N_("Good") }, { LSC_CHECKSUM_UNVERIFIED, N_("Unverified") },
  { CK_NOT_PRESENT, N_("Not present") }, { CK_ILLEGAL, N_("Illegal") }, { LSC_CHECKSUM_OFFLOAD, N_("Offloaded") },
  { 0, NULL }
};

const LscField lsc_fields_udp[] = {
  [F_UDP] = { "udp", N_("User Datagram Protocol"), LSC_FT_PROTOCOL, .layer = LSC_OSI_TRANSPORT, .short_name = "UDP",
              .blurb = N_("UDP carries single messages between ports with no connection, no ordering and no resending: what sendto()/recvfrom() use (RFC 768).") },
  [F_SRCPORT] = { "udp.srcport", N_("Source Port"), LSC_FT_UINT, .bits = 16,
                  .blurb = N_("Port of the sending program; replies go back to it."),
                  .build_offset = 0, .build_width = 2 },
  [F_DSTPORT] = { "udp.dstport", N_("Destination Port"), LSC_FT_UINT, .bits = 16,
                  .blurb = N_("Port the receiving program bound to, e.g. 53 for a DNS server."),
                  .build_offset = 2, .build_width = 2, .build_default = "9" /* discard, RFC 863 */ },
  [F_PORT] = { "udp.port", N_("Source or Destination Port"), LSC_FT_UINT, .bits = 16,
               .blurb = N_("Either port of the datagram, for filtering.") },
  [F_LENGTH] = { "udp.length", N_("Length"), LSC_FT_UINT,
                 .blurb = N_("Bytes in the UDP header (8) plus the data; it should equal the IP payload length."),
                 .build_offset = 4, .build_width = 2, .build = LSC_BUILD_LENGTH },
  [F_CHECKSUM] = { "udp.checksum", N_("Checksum"), LSC_FT_UINT, LSC_BASE_HEX, 16,
                   .blurb = N_("Internet checksum over a pseudo-header, the UDP header and the data; 0 means the sender did not compute one (allowed in IPv4 only)."),
                   .build_offset = 6, .build_width = 2, .build = LSC_BUILD_CHECKSUM },
  [F_CHECKSUM_STATUS] = { "udp.checksum.status", N_("Checksum Status"), LSC_FT_UINT, .vals = checksum_status_vals,
                          .blurb = N_("Whether the checksum matched (1 good, 0 bad), was absent (3: 0 over IPv4) or could not be checked (2); 5 means not computed yet: on the sending host the field holds only the pseudo-header sum, which the network card completes later (offload).") },
  [F_CHECKSUM_CALC] = { "udp.checksum_calculated", N_("Calculated Checksum"), LSC_FT_UINT, LSC_BASE_HEX, 16,
                        .blurb = N_("The checksum this datagram should carry, computed here from its bytes.") },
  [F_PAYLOAD] = { "udp.payload", N_("Payload"), LSC_FT_BYTES,
                  .blurb = N_("The application data of the datagram, as captured.") },
  { NULL }
};

gboolean
lsc_pseudo_header_sum (const LscPinfo *pi, guint8 proto, guint32 len, guint32 *sum)
{
  guint8 tail[8];
  guint32 s = 0;

  if (pi->l3_family == 4)
    {
      if (len > 0xffff)
        return FALSE;
      s = lsc_inet_sum (pi->l3_src, 4, 0);
      s = lsc_inet_sum (pi->l3_dst, 4, s);
      tail[0] = 0;
      tail[1] = proto;
      tail[2] = (guint8) (len >> 8);
      tail[3] = (guint8) len;
      s = lsc_inet_sum (tail, 4, s);
    }
  else if (pi->l3_family == 6)
    {
      s = lsc_inet_sum (pi->l3_src, 16, 0);
      s = lsc_inet_sum (pi->l3_dst, 16, s);
      tail[0] = (guint8) (len >> 24);
      tail[1] = (guint8) (len >> 16);
      tail[2] = (guint8) (len >> 8);
      tail[3] = (guint8) len;
      tail[4] = tail[5] = tail[6] = 0;
      tail[7] = proto;
      s = lsc_inet_sum (tail, 8, s);
    }
  else
    return FALSE;
  *sum = s;
  return TRUE;
}

void
lsc_proto_udp (LscDissectCtx *c, LscBuf b, gint32 parent)
{
  const LscField *f = lsc_fields_udp;
  LscPinfo *pi = c->pi;
  LscTree *t = c->tree;
  /* An ICMP error quotes only the first 8 bytes: lengths cannot be held
   * against anything, the checksum cannot be checked, there is no payload. */
  gboolean quoted = lsc_dissect_in_quote (c, parent);

  pi->has |= LSC_HAS_UDP;
  pi->protocol = f[F_UDP].short_name;
  pi->ip_proto = 17;
  gint32 udp = lsc_tree_add_proto (t, parent, &f[F_UDP], lsc_buf_abs (&b, 0), MIN (b.len, 8u));
  pi->udp_node = udp;

  if (!lsc_buf_has (&b, 0, 8))
    {
      lsc_tree_set_flags (t, udp, LSC_NODE_TRUNCATED);
      lsc_tree_add_note (t, udp, 2, lsc_buf_abs (&b, 0), b.len, _("UDP header cut short: %u of 8 bytes captured"), b.len);
      if (lsc_buf_has (&b, 0, 4))
        {
          pi->srcport = (guint16) lsc_dissect_field (t, udp, &f[F_SRCPORT], &b, NULL);
          pi->dstport = (guint16) lsc_dissect_field (t, udp, &f[F_DSTPORT], &b, NULL);
          lsc_string_printf (pi->info, _("%u → %u [UDP header truncated]"), pi->srcport, pi->dstport);
        }
      else
        g_string_assign (pi->info, _("[UDP header truncated]"));
      return;
    }

  guint32 iplen = b.reported;   /* the IP payload length the IP header claims */
  guint16 sport = pi->srcport = (guint16) lsc_dissect_field (t, udp, &f[F_SRCPORT], &b, NULL);
  guint16 dport = pi->dstport = (guint16) lsc_dissect_field (t, udp, &f[F_DSTPORT], &b, NULL);
  lsc_tree_hide (t, lsc_tree_add_uint (t, udp, &f[F_PORT], lsc_buf_abs (&b, 0), 2, sport));
  lsc_tree_hide (t, lsc_tree_add_uint (t, udp, &f[F_PORT], lsc_buf_abs (&b, 2), 2, dport));

  /* The length decides how much is ours; a bad one falls back to the IP payload. */
  gint32 ln, ck;
  guint16 ulen = (guint16) lsc_dissect_field (t, udp, &f[F_LENGTH], &b, &ln);
  guint32 dlen = ulen;
  gboolean len_ok = TRUE;
  if (quoted)
    lsc_tree_add_note (t, ln, 0, 0, 0, _("The length of the original datagram; the ICMP error quotes only its first bytes"));
  else if (ulen == 0 && pi->l3_family == 6 && iplen > 65535)
    {
      /* RFC 2675 section 4: a datagram too long for 16 bits says 0 and
       * takes its length from the IPv6 jumbogram. */
      lsc_tree_add_note (t, ln, 0, 0, 0, _("0 in a jumbogram: the datagram's %u bytes are given by IPv6's Jumbo Payload option"), iplen);
      dlen = iplen;
    }
  else if (ulen < 8)
    {
      /* Like Wireshark: a length that does not even cover the header ends the decoding. */
      lsc_tree_set_flags (t, ln, LSC_NODE_MALFORMED);
      lsc_tree_add_note (t, ln, 2, lsc_buf_abs (&b, 4), 2,
                         _("Length %u is less than the 8-byte UDP header"), ulen);
      lsc_tree_set_text (t, udp, _("User Datagram Protocol, Src Port: %u, Dst Port: %u"), sport, dport);
      lsc_string_printf (pi->info, _("%u → %u [BAD UDP LENGTH %u < 8]"), sport, dport, ulen);
      return;
    }
  else if (ulen > iplen && (pi->has & LSC_HAS_FRAG))
    {
      lsc_tree_add_note (t, ln, 0, 0, 0, _("The first of several IP fragments: %u of the datagram's %u bytes are here, the rest follow"),
                         iplen, ulen);
      dlen = iplen;
      len_ok = FALSE;
    }
  else if (ulen > iplen)
    {
      lsc_tree_set_flags (t, ln, LSC_NODE_MALFORMED);
      lsc_tree_add_note (t, ln, 2, lsc_buf_abs (&b, 4), 2,
                         _("Length %u is more than the %u bytes the IP header leaves for UDP"), ulen, iplen);
      dlen = iplen;
      len_ok = FALSE;
    }
  else if (ulen < iplen)
    lsc_tree_add_note (t, ln, 1, lsc_buf_abs (&b, 4), 2,
                       _("Length %u is less than the %u bytes the IP header leaves for UDP: the last %u bytes are not UDP data"),
                       ulen, iplen, iplen - ulen);
  pi->udp_len = dlen >= 8 ? dlen - 8 : 0;
  LscBuf dgram = lsc_buf_sub (&b, 0, dlen);

  guint16 cksum = (guint16) lsc_dissect_field (t, udp, &f[F_CHECKSUM], &b, &ck);
  guint special = 0;   /* CK_NOT_PRESENT / CK_ILLEGAL, which lsc_dissect_checksum() does not know */
  gboolean verify = FALSE;
  guint32 sum = 0, pseudo = 0;
  if (quoted)
    ;
  else if (cksum == 0 && pi->l3_family == 6)
    {
      special = CK_ILLEGAL;
      lsc_tree_set_flags (t, ck, LSC_NODE_MALFORMED);
      lsc_tree_add_note (t, ck, 2, lsc_buf_abs (&b, 6), 2,
                         _("Checksum 0 is not allowed over IPv6: the checksum is mandatory there (RFC 8200)"));
    }
  else if (cksum == 0)
    {
      special = CK_NOT_PRESENT;
      lsc_tree_add_note (t, ck, 0, 0, 0, _("Checksum 0: the sender did not compute one (allowed over IPv4)"));
    }
  else if (lsc_tree_is_summary_only (t))
    ;  /* a summary-only pass shows no verdict, so it skips the sum */
  else if (pi->has & LSC_HAS_FRAG)
    lsc_tree_add_note (t, ck, 0, 0, 0, _("Cannot verify the checksum: the datagram is fragmented"));
  else if (!len_ok)
    lsc_tree_add_note (t, ck, 0, 0, 0, _("Cannot verify the checksum: the length field is wrong"));
  else if (dgram.len < dlen)
    lsc_tree_add_note (t, ck, 0, 0, 0,
                       _("Cannot verify the checksum: only %u of the datagram's %u bytes were captured"), dgram.len, dlen);
  else if (!lsc_pseudo_header_sum (pi, 17, dlen, &pseudo))
    lsc_tree_add_note (t, ck, 0, 0, 0, _("Cannot verify the checksum: no IP header to build the pseudo-header from"));
  else
    {
      /* A computed 0 is sent as 0xffff (RFC 768); both sum to the same. */
      sum = lsc_inet_sum (dgram.data, dlen, pseudo);
      verify = TRUE;
    }
  if (special)
    lsc_tree_add_uint (t, ck, &f[F_CHECKSUM_STATUS], 0, 0, special);
  else
    lsc_dissect_checksum (c, ck, &f[F_CHECKSUM_STATUS], &f[F_CHECKSUM_CALC], cksum, sum, verify,
                          verify ? lsc_checksum_offload_value (pseudo) : -1);

  lsc_tree_set_text (t, udp, _("User Datagram Protocol, Src Port: %u, Dst Port: %u"), sport, dport);
  /* A length longer than the IP payload is the one error the summary names (as tshark does). */
  if (ulen > iplen && !quoted && !(pi->has & LSC_HAS_FRAG))
    lsc_string_printf (pi->info, _("%u → %u [BAD UDP LENGTH %u > IP PAYLOAD LENGTH] Len=%u"), sport, dport, ulen, ulen - 8u);
  else
    {
      /* Every datagram's Info: written by hand unless a translation changes it. */
      if (lsc_i18n_keeps_layout (N_("%u → %u Len=%u")))
        {
          lsc_string_clear (pi->info);
          char *q = lsc_string_reserve (pi->info, 40);
          q = lsc_put_u32 (q, sport);
          memcpy (q, " \xe2\x86\x92 ", 5);  /* " → " in UTF-8 */
          q = lsc_put_u32 (q + 5, dport);
          memcpy (q, " Len=", 5);
          lsc_string_commit (pi->info, lsc_put_u32 (q + 5, pi->udp_len));
        }
      else
        lsc_string_printf (pi->info, _("%u → %u Len=%u"), sport, dport, pi->udp_len);
    }

  if (quoted)
    return;
  LscBuf payload = lsc_buf_tail (&dgram, 8);
  /* Like tshark without reassembly, the first fragment's payload is decoded
   * as far as it goes; the rest is missing (truncated), not malformed. */
  if ((pi->has & LSC_HAS_FRAG) && ulen > iplen)
    payload.reported = ulen - 8u;
  if (payload.len > 0)
    lsc_tree_set_flags (t, lsc_tree_add_bytes (t, udp, &f[F_PAYLOAD], payload.off, payload.len, payload.data, payload.len),
                        LSC_NODE_HIDDEN);
  lsc_dissect_ports (c, payload, parent, FALSE);
}

gboolean
lsc_dissect_is_http_port (const LscDissectCtx *c, guint16 port)
{
  return port == 80 || port == 8080 || port == 8000 || (c->opt->http_port && port == c->opt->http_port);
}

void
lsc_dissect_ports (LscDissectCtx *c, LscBuf b, gint32 parent, gboolean tcp)
{
  LscPinfo *pi = c->pi;
  if (b.len == 0)
    return;
  if (pi->srcport == 53 || pi->dstport == 53)
    lsc_proto_dns (c, b, parent, tcp);
  else if (!tcp && (pi->srcport == 5353 || pi->dstport == 5353 || pi->srcport == 5355 || pi->dstport == 5355))
    {
      /* Multicast DNS and LLMNR: DNS messages on the local link, which every
       * lab capture with IPv6 or a desktop machine contains. */
      lsc_proto_dns (c, b, parent, FALSE);
      pi->protocol = pi->srcport == 5353 || pi->dstport == 5353 ? "MDNS" : "LLMNR";
    }
  else if (tcp && lsc_http_detect (b, lsc_dissect_is_http_port (c, pi->srcport) || lsc_dissect_is_http_port (c, pi->dstport)))
    lsc_proto_http (c, b, parent);
  else
    lsc_proto_data (c, b, parent);
}

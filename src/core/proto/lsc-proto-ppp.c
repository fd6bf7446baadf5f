/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-proto-ppp.c — PPP (RFC 1661/1662) and Cisco HDLC link headers
 *
 * Serial and dial-up links (and many tunnels) carry no MAC addresses: a few
 * bytes of framing and a protocol number say what follows.  PPP's number is
 * its own (0x0021 IPv4, 0x0057 IPv6), Cisco HDLC's is an EtherType.
 */
#include "lsc-dissect.h"
#include "lsc-format.h"

#include <glib/gi18n-lib.h>

enum { F_PPP, F_DIRECTION, F_ADDRESS, F_CONTROL, F_PROTOCOL, F_CHDLC, F_CH_ADDRESS, F_CH_CONTROL, F_CH_PROTOCOL };

static const LscValueString ppp_protocols[] = {
  { 0x0021, N_("Internet Protocol version 4") }, { 0x0057, N_("Internet Protocol version 6") },
  { 0x8021, N_("IP Control Protocol") }, { 0x8057, N_("IPv6 Control Protocol") },
  { 0xc021, N_("Link Control Protocol") }, { 0xc023, N_("Password Authentication Protocol") },
  { 0xc223, N_("Challenge Handshake Authentication Protocol") }, { 0, NULL }
};

static const LscValueString directions[] = { { 0, N_("Received") }, { 1, N_("Sent") }, { 0, NULL } };

static const LscValueString chdlc_addresses[] = { { 0x0f, N_("Unicast") }, { 0x8f, N_("Multicast") }, { 0, NULL } };

const LscField lsc_fields_ppp[] = {
  [F_PPP] = { "ppp", N_("Point-to-Point Protocol"), LSC_FT_PROTOCOL, .layer = LSC_OSI_DATALINK, .short_name = "PPP",
              .blurb = N_("The link layer of serial, DSL and dial-up links (RFC 1661): no addresses, only which protocol follows.") },
  [F_DIRECTION] = { "ppp.direction", N_("Direction"), LSC_FT_UINT, .vals = directions,
                    .blurb = N_("Added by the capturing host: whether it received or sent the frame.") },
  [F_ADDRESS] = { "ppp.address", N_("Address"), LSC_FT_UINT, LSC_BASE_HEX, 8,
                  .blurb = N_("Always 0xff (all stations) in HDLC-like framing (RFC 1662); often left out.") },
  [F_CONTROL] = { "ppp.control", N_("Control"), LSC_FT_UINT, LSC_BASE_HEX, 8,
                  .blurb = N_("Always 0x03 (unnumbered information) in HDLC-like framing.") },
  [F_PROTOCOL] = { "ppp.protocol", N_("Protocol"), LSC_FT_UINT, LSC_BASE_HEX, 16, .vals = ppp_protocols,
                   .blurb = N_("What the frame carries: 0x0021 IPv4, 0x0057 IPv6, 0xc021 the link's own control protocol (LCP).") },
  [F_CHDLC] = { "chdlc", N_("Cisco HDLC"), LSC_FT_PROTOCOL, .layer = LSC_OSI_DATALINK, .short_name = "CHDLC",
                .blurb = N_("Cisco's framing for serial links: an address byte, a control byte and an EtherType.") },
  [F_CH_ADDRESS] = { "chdlc.address", N_("Address"), LSC_FT_UINT, LSC_BASE_HEX, 8, .vals = chdlc_addresses,
                     .blurb = N_("0x0f for a frame to the other end (unicast), 0x8f for broadcast or multicast.") },
  [F_CH_CONTROL] = { "chdlc.control", N_("Control"), LSC_FT_UINT, LSC_BASE_HEX, 8, .blurb = N_("Always 0.") },
  [F_CH_PROTOCOL] = { "chdlc.protocol", N_("Protocol"), LSC_FT_UINT, LSC_BASE_HEX, 16, .vals = lsc_ethertype_vals,
                      .blurb = N_("What the frame carries, as an EtherType: 0x0800 IPv4, 0x86dd IPv6.") },
  { NULL }
};

void
lsc_proto_ppp (LscDissectCtx *c, LscBuf b, gint32 parent, gboolean with_direction)
{
  const LscField *f = lsc_fields_ppp;
  LscTree *t = c->tree;
  c->pi->protocol = "PPP";
  gint32 ppp = lsc_tree_add_proto (t, parent, &f[F_PPP], lsc_buf_abs (&b, 0), MIN (b.len, 4u + with_direction));
  guint32 o = 0;
  if (with_direction)
    {
      if (!lsc_dissect_need (c, ppp, &b, 1, _("PPP header")))
        return;
      lsc_tree_add_uint (t, ppp, &f[F_DIRECTION], lsc_buf_abs (&b, 0), 1, lsc_buf_u8 (&b, 0));
      o = 1;
    }
  LscBuf h = lsc_buf_tail (&b, o);
  /* Address and control may be left out (RFC 1661 address-and-control-
   * field compression), and a protocol number with an odd first byte is
   * one byte long (protocol-field compression). */
  if (lsc_buf_has (&h, 0, 1) && lsc_buf_u8 (&h, 0) == 0xff)
    {
      /* 0xff is never a protocol's first byte: it is the address. */
      if (!lsc_dissect_need (c, ppp, &h, 2, _("PPP header")))
        return;
      lsc_tree_add_uint (t, ppp, &f[F_ADDRESS], lsc_buf_abs (&h, 0), 1, 0xff);
      gint32 cn = lsc_tree_add_uint (t, ppp, &f[F_CONTROL], lsc_buf_abs (&h, 1), 1, lsc_buf_u8 (&h, 1));
      if (lsc_buf_u8 (&h, 1) != 0x03)
        {
          lsc_tree_set_flags (t, cn, LSC_NODE_MALFORMED);
          lsc_tree_add_note (t, cn, 2, lsc_buf_abs (&h, 1), 1, _("The control field must be 0x03"));
        }
      h = lsc_buf_tail (&h, 2);
      o += 2;
    }
  if (!lsc_dissect_need (c, ppp, &h, 1, _("PPP header")))
    return;
  guint plen = lsc_buf_u8 (&h, 0) & 1 ? 1 : 2;
  if (!lsc_dissect_need (c, ppp, &h, plen, _("PPP header")))
    return;
  guint16 proto = plen == 1 ? lsc_buf_u8 (&h, 0) : lsc_buf_u16 (&h, 0);
  lsc_tree_add_uint (t, ppp, &f[F_PROTOCOL], lsc_buf_abs (&h, 0), plen, proto);
  lsc_tree_set_length (t, ppp, o + plen);
  LscBuf payload = lsc_buf_tail (&h, plen);
  const char *pname = lsc_value_string (ppp_protocols, proto);
  lsc_tree_set_text (t, ppp, _("Point-to-Point Protocol, %s"), pname ? _(pname) : _("unknown protocol"));
  if (proto == 0x0021)
    lsc_proto_ipv4 (c, payload, parent);
  else if (proto == 0x0057)
    lsc_proto_ipv6 (c, payload, parent);
  else
    {
      if (pname)
        lsc_string_printf (c->pi->info, "PPP %s", _(pname));
      else
        lsc_string_printf (c->pi->info, _("PPP protocol 0x%04x"), proto);
      lsc_proto_data (c, payload, parent);
    }
}

void
lsc_proto_chdlc (LscDissectCtx *c, LscBuf b, gint32 parent)
{
  const LscField *f = lsc_fields_ppp;
  LscTree *t = c->tree;
  c->pi->protocol = "CHDLC";
  gint32 ch = lsc_tree_add_proto (t, parent, &f[F_CHDLC], lsc_buf_abs (&b, 0), MIN (b.len, 4u));
  if (!lsc_dissect_need (c, ch, &b, 4, _("Cisco HDLC header")))
    return;
  guint16 proto = lsc_buf_u16 (&b, 2);
  lsc_tree_add_uint (t, ch, &f[F_CH_ADDRESS], lsc_buf_abs (&b, 0), 1, lsc_buf_u8 (&b, 0));
  lsc_tree_add_uint (t, ch, &f[F_CH_CONTROL], lsc_buf_abs (&b, 1), 1, lsc_buf_u8 (&b, 1));
  gint32 pn = lsc_tree_add_uint (t, ch, &f[F_CH_PROTOCOL], lsc_buf_abs (&b, 2), 2, proto);
  if (proto == 0x8035)
    {
      /* Here 0x8035 is Cisco's SLARP (keepalives, address requests), not
       * the EtherType's RARP. */
      lsc_tree_set_text (t, pn, "SLARP (0x8035)");
      g_string_assign (c->pi->info, _("Cisco SLARP (keepalive or address request)"));
      lsc_proto_data (c, lsc_buf_tail (&b, 4), parent);
      return;
    }
  lsc_dissect_ethertype (c, proto, lsc_buf_tail (&b, 4), parent);
}

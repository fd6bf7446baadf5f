/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-dissect.c — the entry point and the dispatch tables between layers */
#include "lsc-dissect.h"
#include "lsc-frame.h"
#include "lsc-format.h"

#include <glib/gi18n-lib.h>
#include <string.h>

void
lsc_dissect_options_init (LscDissectOptions *opt)
{
  memset (opt, 0, sizeof *opt);
  opt->resolve_oui = TRUE;
}

guint
lsc_dissect_options_prefix_for (const LscDissectOptions *opt, guint32 addr)
{
  if (!opt)
    return 0;
  for (guint i = 0; i < MIN (opt->n_addr_prefix, LSC_ADDR_PREFIX_MAX); i++)
    if (opt->addr_prefix[i].addr == addr)
      return opt->addr_prefix[i].prefix;
  return opt->ipv4_prefix;
}

void
lsc_dissect_options_set_addr_prefix (LscDissectOptions *opt, guint32 addr, guint prefix)
{
  guint n = MIN (opt->n_addr_prefix, LSC_ADDR_PREFIX_MAX), i;
  for (i = 0; i < n && opt->addr_prefix[i].addr != addr; i++)
    ;
  if (i < n)
    {
      /* Out of the list; the newest goes at the end. */
      memmove (&opt->addr_prefix[i], &opt->addr_prefix[i + 1], (n - i - 1) * sizeof opt->addr_prefix[0]);
      n--;
    }
  if (prefix >= 1 && prefix <= 32)
    {
      if (n == LSC_ADDR_PREFIX_MAX)
        {
          memmove (&opt->addr_prefix[0], &opt->addr_prefix[1], (n - 1) * sizeof opt->addr_prefix[0]);
          n--;
        }
      opt->addr_prefix[n++] = (LscAddrPrefix) { addr, prefix };
    }
  opt->n_addr_prefix = n;
}

void
lsc_dissect (LscTree *t, const LscPacket *pkt, const LscDissectOptions *opt)
{
  LscDissectOptions defaults;
  if (!opt)
    {
      lsc_dissect_options_init (&defaults);
      opt = &defaults;
    }
  lsc_tree_reset (t);
  lsc_tree_set_packet (t, pkt);
  lsc_tree_set_options (t, opt == &defaults ? NULL : opt);

  LscDissectCtx c = { t, lsc_tree_pinfo (t), lsc_tree_packet (t), opt, 0 };
  LscBuf b = lsc_buf_init (pkt->data, pkt->data ? pkt->caplen : 0, pkt->wirelen);

  lsc_proto_frame (&c, b);

  lsc_dissect_link (&c, pkt->linktype, b, LSC_ROOT);
  if (!lsc_tree_is_summary_only (t))
    lsc_proto_frame_finish (t);
  if (!c.pi->protocol || !*c.pi->protocol)
    c.pi->protocol = "Frame";
}

void
lsc_dissect_link (LscDissectCtx *c, int linktype, LscBuf b, gint32 parent)
{
  switch (linktype)
    {
    case LSC_LINK_ETHERNET:
      lsc_proto_eth (c, b, parent);
      break;
    case LSC_LINK_LINUX_SLL:
      lsc_proto_sll (c, b, parent, FALSE);
      break;
    case LSC_LINK_LINUX_SLL2:
      lsc_proto_sll (c, b, parent, TRUE);
      break;
    case LSC_LINK_NULL:
      lsc_proto_null (c, b, parent, FALSE);
      break;
    case LSC_LINK_LOOP:
      lsc_proto_null (c, b, parent, TRUE);
      break;
    case LSC_LINK_PPP:
    case LSC_LINK_PPP_WITH_DIR:
      lsc_proto_ppp (c, b, parent, linktype == LSC_LINK_PPP_WITH_DIR);
      break;
    case LSC_LINK_CHDLC:
      lsc_proto_chdlc (c, b, parent);
      break;
    case LSC_LINK_RAW:
    case LSC_LINK_IPV4:
    case LSC_LINK_IPV6:
      {
        /* The version nibble decides, as in tshark: capture tools put IPv4
         * on the IPv6 link type (and back) often enough; only a packet with
         * neither version goes to the one the link type names, which then
         * reports the bad version. */
        guint version = b.len >= 1 ? b.data[0] >> 4 : 0;
        if (version == 6 || (version != 4 && linktype == LSC_LINK_IPV6))
          lsc_proto_ipv6 (c, b, parent);
        else
          lsc_proto_ipv4 (c, b, parent);
      }
      break;
    case LSC_LINK_NFLOG:
      lsc_proto_nflog (c, b, parent);
      break;
    case LSC_LINK_IPOIB:
      lsc_proto_ipoib (c, b, parent);
      break;
    case LSC_LINK_PKTAP:
    case LSC_LINK_PKTAP_APPLE:
      lsc_proto_pktap (c, b, parent, linktype == LSC_LINK_PKTAP_APPLE);
      break;
    default:
      lsc_tree_add_note (c->tree, parent, 2, 0, 0, _("Link type %d is not decoded"), linktype);
      lsc_proto_data (c, b, parent);
      break;
    }
}

void
lsc_dissect_ethertype (LscDissectCtx *c, guint16 type, LscBuf b, gint32 parent)
{
  if (c->depth > 8)
    {
      lsc_proto_data (c, b, parent);
      return;
    }
  c->depth++;
  switch (type)
    {
    case 0x0800: lsc_proto_ipv4 (c, b, parent); break;
    case 0x86dd: lsc_proto_ipv6 (c, b, parent); break;
    case 0x0806:
    case 0x8035: lsc_proto_arp (c, b, parent); break;
    case 0x8100:
    case 0x88a8: lsc_proto_vlan (c, b, parent); break;
    default: lsc_proto_data (c, b, parent); break;
    }
  c->depth--;
}

void
lsc_dissect_ipproto (LscDissectCtx *c, guint8 proto, LscBuf b, gint32 parent)
{
  if (c->depth > 8)
    {
      lsc_proto_data (c, b, parent);
      return;
    }
  c->depth++;
  switch (proto)
    {
    case 1: lsc_proto_icmp (c, b, parent); break;
    case 6: lsc_proto_tcp (c, b, parent); break;
    case 17: lsc_proto_udp (c, b, parent); break;
    case 58: lsc_proto_icmpv6 (c, b, parent); break;
    case 4: lsc_proto_ipv4 (c, b, parent); break;   /* IP in IP */
    case 41: lsc_proto_ipv6 (c, b, parent); break;  /* IPv6 in IPv4 */
    case 47: lsc_proto_gre (c, b, parent); break;
    default: lsc_proto_data (c, b, parent); break;
    }
  c->depth--;
}

guint32
lsc_inet_sum (const guint8 *data, gsize len, guint32 sum)
{
  gsize i = 0;
  for (; i + 1 < len; i += 2)
    sum += (guint32) ((data[i] << 8) | data[i + 1]);
  if (i < len)
    sum += (guint32) (data[i] << 8);
  /* Fold early so long inputs cannot overflow. */
  while (sum >> 16 && sum > 0xffff0000u)
    sum = (sum & 0xffff) + (sum >> 16);
  return sum;
}

guint16
lsc_inet_fold (guint32 sum)
{
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (guint16) ~sum;
}

gboolean
lsc_dissect_need (LscDissectCtx *c, gint32 node, const LscBuf *b, guint32 len, const char *what)
{
  if (lsc_buf_has (b, 0, len))
    return TRUE;
  lsc_tree_set_flags (c->tree, node, b->len < b->reported ? LSC_NODE_TRUNCATED : LSC_NODE_MALFORMED);
  lsc_tree_add_note (c->tree, node, 2, lsc_buf_abs (b, 0), b->len, _("%s cut short: %u of %u bytes"), what, b->len, len);
  lsc_string_printf (c->pi->info, _("Truncated %s"), what);
  return FALSE;
}

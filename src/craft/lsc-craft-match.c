/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-craft-match.c — pairing answers with crafted probes */
#include "lsc-config.h"
#include "craft/lsc-craft-match.h"
#include "core/lsc-buf.h"
#include "core/lsc-packet.h"

#include <string.h>

static gboolean
ip4_is (const guint8 *a, guint32 v)
{
  return memcmp (a, &v, 4) == 0;
}

/* The datagram an ICMP error quotes (RFC 792: its IP header and at least 8
 * bytes after it) must be the probe's, down to the echo id/seq or ports. */
static gboolean
quotes_probe (const LscCraftProbe *p, const LscTree *t)
{
  gint32 icmp = lsc_tree_find (t, "icmp");
  const LscPacket *pkt = lsc_tree_packet (t);
  if (icmp < 0 || !pkt || !pkt->data)
    return FALSE;
  LscBuf frame = lsc_buf_init (pkt->data, pkt->caplen, pkt->wirelen);
  LscBuf q = lsc_buf_tail (&frame, lsc_tree_node (t, icmp)->offset + 8);
  guint8 vihl = lsc_buf_u8 (&q, 0);
  guint ihl = (vihl & 0x0f) * 4u;
  if ((vihl >> 4) != 4 || ihl < 20 || !lsc_buf_has (&q, 0, ihl + 8))
    return FALSE;
  guint8 proto = lsc_buf_u8 (&q, 9);
  if (!ip4_is (q.data + 12, p->src) || !ip4_is (q.data + 16, p->dst))
    return FALSE;
  switch (p->kind)
    {
    case LSC_CRAFT_PROBE_ECHO:
      return proto == 1 && lsc_buf_u8 (&q, ihl) == 8 && lsc_buf_u16 (&q, ihl + 4) == p->id &&
             lsc_buf_u16 (&q, ihl + 6) == p->seq;
    case LSC_CRAFT_PROBE_TCP:
    case LSC_CRAFT_PROBE_UDP:
      return proto == (p->kind == LSC_CRAFT_PROBE_TCP ? 6 : 17) && lsc_buf_u16 (&q, ihl) == p->sport &&
             lsc_buf_u16 (&q, ihl + 2) == p->dport;
    default:
      return FALSE;
    }
}

LscCraftMatch
lsc_craft_match (const LscCraftProbe *p, const LscTree *t, gboolean outgoing)
{
  const LscPinfo *pi = lsc_tree_pinfo_const (t);

  if (p->kind == LSC_CRAFT_PROBE_ARP)
    return !outgoing && (pi->has & LSC_HAS_ARP) && pi->arp_op == 2 && ip4_is (pi->arp_spa, p->dst)
           ? LSC_CRAFT_MATCH_REPLY : LSC_CRAFT_MATCH_NONE;

  if (!(pi->has & LSC_HAS_IP4))
    return LSC_CRAFT_MATCH_NONE;

  if (outgoing)
    {
      /* Our kernel answers a SYN-ACK for a connection it never opened with a reset. */
      if (p->kind == LSC_CRAFT_PROBE_TCP && (pi->has & LSC_HAS_TCP) && (pi->tcp_flags & LSC_TCP_RST) &&
          !(p->tcp_flags & LSC_TCP_RST) && ip4_is (pi->l3_src, p->src) && ip4_is (pi->l3_dst, p->dst) &&
          pi->srcport == p->sport && pi->dstport == p->dport)
        return LSC_CRAFT_MATCH_LOCAL_RST;
      return LSC_CRAFT_MATCH_NONE;
    }

  if ((pi->has & LSC_HAS_ICMP) && (pi->icmp_type == 3 || pi->icmp_type == 11 || pi->icmp_type == 12) &&
      ip4_is (pi->l3_dst, p->src))
    return quotes_probe (p, t) ? LSC_CRAFT_MATCH_ICMP_ERROR : LSC_CRAFT_MATCH_NONE;

  if (!ip4_is (pi->l3_src, p->dst) || !ip4_is (pi->l3_dst, p->src))
    return LSC_CRAFT_MATCH_NONE;

  switch (p->kind)
    {
    case LSC_CRAFT_PROBE_ECHO:
      return (pi->has & LSC_HAS_ICMP) && pi->icmp_type == 0 && pi->icmp_id == p->id && pi->icmp_seq == p->seq
             ? LSC_CRAFT_MATCH_REPLY : LSC_CRAFT_MATCH_NONE;
    case LSC_CRAFT_PROBE_TCP:
      return (pi->has & LSC_HAS_TCP) && pi->srcport == p->dport && pi->dstport == p->sport
             ? LSC_CRAFT_MATCH_REPLY : LSC_CRAFT_MATCH_NONE;
    case LSC_CRAFT_PROBE_UDP:
      return (pi->has & LSC_HAS_UDP) && pi->srcport == p->dport && pi->dstport == p->sport
             ? LSC_CRAFT_MATCH_REPLY : LSC_CRAFT_MATCH_NONE;
    default:
      return LSC_CRAFT_MATCH_NONE;
    }
}

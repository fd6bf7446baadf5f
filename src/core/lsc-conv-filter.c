/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-conv-filter.c — the display filter that selects one conversation
 *
 * TCP and UDP have their stream numbers in every packet's tree (tcp.stream,
 * udp.stream, added by the analysis).  ICMP echo and ARP conversations have
 * no number of their own, so their filter names what the analysis keys them
 * by: the echo identifier and both addresses, or the two IPv4 addresses of
 * an ARP request/reply.
 */
#include "lsc-conv.h"

char *
lsc_conv_filter_text (const LscConv *c, guint i)
{
  const LscConvInfo *ci = lsc_conv_nth (c, i);
  if (!ci)
    return NULL;
  char a[80], b[80];
  lsc_conv_format_endpoint (ci, FALSE, a, sizeof a);
  lsc_conv_format_endpoint (ci, TRUE, b, sizeof b);
  switch (ci->kind)
    {
    case LSC_CONV_TCP:
      return g_strdup_printf ("tcp.stream == %u", ci->id);
    case LSC_CONV_UDP:
      return g_strdup_printf ("udp.stream == %u", ci->id);
    case LSC_CONV_ICMP:
      /* Echo requests and replies only: an error that quotes an echo carries
       * the quoted type and identifier too, so error types are excluded; and
       * as the analysis leaves fragments out (a first fragment does hold the
       * echo header), so does the filter. */
      if (ci->family == 6)
        return g_strdup_printf ("icmpv6.type in {128 129} && !icmpv6.type in {1 2 3 4} && "
                                "icmpv6.echo.identifier == 0x%04x && ipv6.addr == %s && ipv6.addr == %s && !ipv6.fraghdr",
                                ci->port_a, a, b);
      return g_strdup_printf ("icmp.type in {0 8} && !icmp.type in {3 4 5 11 12} && "
                              "icmp.ident == 0x%04x && ip.addr == %s && ip.addr == %s && ip.flags.mf == 0", ci->port_a, a, b);
    case LSC_CONV_ARP:
      return g_strdup_printf ("arp.opcode in {1 2} && ((arp.src.proto_ipv4 == %s && arp.dst.proto_ipv4 == %s) || "
                              "(arp.src.proto_ipv4 == %s && arp.dst.proto_ipv4 == %s))", a, b, b, a);
    default:
      return NULL;
    }
}

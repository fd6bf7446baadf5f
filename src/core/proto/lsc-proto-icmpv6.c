/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-proto-icmpv6.c — ICMPv6 (RFC 4443) and Neighbor Discovery (RFC 4861)
 *
 * In IPv6, ICMP does ARP's job too: neighbour solicitation/advertisement map
 * addresses to MAC addresses, router solicitation/advertisement hand out
 * prefixes.  The checksum covers a pseudo-header with both IPv6 addresses, so
 * it can only be checked when the IPv6 header was decoded.
 */
#include "lsc-dissect.h"
#include "lsc-format.h"

#include <glib/gi18n-lib.h>

enum {
  F_ICMPV6, F_TYPE, F_CODE, F_CHECKSUM, F_CHECKSUM_STATUS, F_CHECKSUM_CALC, F_RESERVED, F_DATA, F_MTU, F_POINTER,
  F_ECHO_ID, F_ECHO_SEQ,
  F_RA_HOP, F_RA_FLAG, F_RA_M, F_RA_O, F_RA_H, F_RA_PRF, F_RA_P, F_RA_LIFETIME, F_RA_REACHABLE, F_RA_RETRANS,
  F_NS_TARGET, F_NA_FLAG, F_NA_R, F_NA_S, F_NA_O, F_NA_TARGET, F_RD_TARGET, F_RD_DST,
  F_OPT, F_OPT_TYPE, F_OPT_LEN, F_OPT_SRC_LL, F_OPT_TGT_LL, F_OPT_LINKADDR, F_PFX_LEN, F_PFX_FLAG, F_PFX_L, F_PFX_A,
  F_PFX_R, F_PFX_VALID, F_PFX_PREFERRED, F_PFX, F_OPT_MTU, F_OPT_RDNSS_LIFE, F_OPT_RDNSS, F_OPT_DATA,
  F_MLD_DELAY, F_MLD_ADDR, F_MLDR_N, F_MLDR_MAR, F_MAR_TYPE, F_MAR_AUX, F_MAR_NSRC, F_MAR_ADDR, F_MAR_SRC,
  F_XE_SEQ, F_XE_LOCAL, F_XE_STATE, F_XE_ACTIVE, F_XE_IPV4, F_XE_IPV6,
};

static const LscValueString type_vals[] = {
  { 1, N_("Destination Unreachable") }, { 2, N_("Packet Too Big") }, { 3, N_("Time Exceeded") },
  { 4, N_("Parameter Problem") }, { 128, N_("Echo (ping) request") }, { 129, N_("Echo (ping) reply") },
  { 130, N_("Multicast Listener Query") }, { 131, N_("Multicast Listener Report") }, { 132, N_("Multicast Listener Done") },
  { 133, N_("Router Solicitation") }, { 134, N_("Router Advertisement") }, { 135, N_("Neighbor Solicitation") },
  { 136, N_("Neighbor Advertisement") }, { 137, N_("Redirect") }, { 143, N_("Multicast Listener Report Message v2") },
  { 160, N_("Extended Echo request") }, { 161, N_("Extended Echo reply") }, { 0, NULL }
};

static const LscValueString unreach_codes[] = {
  { 0, N_("No route to destination") }, { 1, N_("Administratively prohibited") },
  { 2, N_("Beyond scope of source address") }, { 3, N_("Address unreachable") }, { 4, N_("Port unreachable") },
  { 5, N_("Source address failed ingress/egress policy") }, { 6, N_("Reject route to destination") },
  { 7, N_("Error in source routing header") }, { 0, NULL }
};

static const LscValueString time_codes[] = {
  { 0, N_("Hop limit exceeded in transit") }, { 1, N_("Fragment reassembly time exceeded") }, { 0, NULL }
};

static const LscValueString param_codes[] = {
  { 0, N_("Erroneous header field encountered") }, { 1, N_("Unrecognized Next Header type encountered") },
  { 2, N_("Unrecognized IPv6 option encountered") }, { 0, NULL }
};

static const LscValueString opt_vals[] = {
  { 1, N_("Source link-layer address") }, { 2, N_("Target link-layer address") }, { 3, N_("Prefix information") },
  { 4, N_("Redirected header") }, { 5, N_("MTU") }, { 14, N_("Nonce") }, { 24, N_("Route Information") },
  { 25, N_("Recursive DNS Server") }, { 31, N_("DNS Search List") }, { 0, NULL }
};

static const LscValueString prf_vals[] = {
  { 0, N_("Medium") }, { 1, N_("High") }, { 2, N_("Reserved") }, { 3, N_("Low") }, { 0, NULL }
};

static const LscValueString mar_vals[] = {
  { 1, N_("Mode Is Include") }, { 2, N_("Mode Is Exclude") }, { 3, N_("Change to Include Mode") },
  { 4, N_("Change to Exclude Mode") }, { 5, N_("Allow New Sources") }, { 6, N_("Block Old Sources") }, { 0, NULL }
};

static const LscValueString set_vals[] = { { 0, N_("Not set") }, { 1, N_("Set") }, { 0, NULL } };

const LscField lsc_fields_icmpv6[] = {
  [F_ICMPV6] = { "icmpv6", N_("Internet Control Message Protocol v6"), LSC_FT_PROTOCOL, .layer = LSC_OSI_NETWORK, .short_name = "ICMPv6",
                 .blurb = N_("IPv6's control protocol: ping, error reports, and neighbour/router discovery, which replaces ARP and part of DHCP (RFC 4443, RFC 4861).") },
  [F_TYPE] = { "icmpv6.type", N_("Type"), LSC_FT_UINT, .vals = type_vals,
               .blurb = N_("What kind of message: 1-127 are errors, 128/129 ping, 133-137 neighbour discovery.") },
  [F_CODE] = { "icmpv6.code", N_("Code"), LSC_FT_UINT, .blurb = N_("The detail within the type, e.g. for destination unreachable 4 means port unreachable.") },
  [F_CHECKSUM] = { "icmpv6.checksum", N_("Checksum"), LSC_FT_UINT, LSC_BASE_HEX, 16,
                   .blurb = N_("One's-complement sum over a pseudo-header (both IPv6 addresses, length, next header 58) and the message; mandatory in IPv6.") },
  [F_CHECKSUM_STATUS] = { "icmpv6.checksum.status", N_("Checksum Status"), LSC_FT_UINT, .vals = lsc_checksum_status_vals,
                          .blurb = N_("Whether the checksum matches the one computed over the pseudo-header and the received message.") },
  [F_CHECKSUM_CALC] = { "icmpv6.checksum_calculated", N_("Calculated Checksum"), LSC_FT_UINT, LSC_BASE_HEX, 16,
                        .blurb = N_("The checksum the message should carry.") },
  [F_RESERVED] = { "icmpv6.reserved", N_("Reserved"), LSC_FT_BYTES, .blurb = N_("Bytes this message type does not use; sent as zero.") },
  [F_DATA] = { "icmpv6.data", N_("Data"), LSC_FT_BYTES, .blurb = N_("The echo payload, carried back unchanged in the reply.") },
  [F_MTU] = { "icmpv6.mtu", N_("MTU"), LSC_FT_UINT,
              .blurb = N_("The largest packet the next link carries; IPv6 routers never fragment, so the sender must send smaller packets (path MTU discovery).") },
  [F_POINTER] = { "icmpv6.pointer", N_("Pointer"), LSC_FT_UINT, .blurb = N_("Byte offset in the quoted packet where the problem was found.") },
  [F_ECHO_ID] = { "icmpv6.echo.identifier", N_("Identifier"), LSC_FT_UINT, LSC_BASE_HEX, 16,
                  .blurb = N_("Chosen by the pinging program so it can tell its replies from others'.") },
  [F_ECHO_SEQ] = { "icmpv6.echo.sequence_number", N_("Sequence"), LSC_FT_UINT,
                   .blurb = N_("Counts the echo requests; the reply carries the same number.") },
  [F_RA_HOP] = { "icmpv6.nd.ra.cur_hop_limit", N_("Cur hop limit"), LSC_FT_UINT,
                 .blurb = N_("The hop limit hosts on this link should put in the packets they send (0 = not specified).") },
  [F_RA_FLAG] = { "icmpv6.nd.ra.flag", N_("Flags"), LSC_FT_UINT, LSC_BASE_HEX, 8,
                  .blurb = N_("How hosts should configure themselves: M and O point them to DHCPv6.") },
  [F_RA_M] = { "icmpv6.nd.ra.flag.m", N_("Managed address configuration"), LSC_FT_BOOL, .bits = 8, .bitmask = 0x80, .vals = set_vals,
               .blurb = N_("Set: get addresses from DHCPv6 instead of (or besides) making them up (SLAAC).") },
  [F_RA_O] = { "icmpv6.nd.ra.flag.o", N_("Other configuration"), LSC_FT_BOOL, .bits = 8, .bitmask = 0x40, .vals = set_vals,
               .blurb = N_("Set: get other settings such as DNS servers from DHCPv6.") },
  [F_RA_H] = { "icmpv6.nd.ra.flag.h", N_("Home Agent"), LSC_FT_BOOL, .bits = 8, .bitmask = 0x20, .vals = set_vals,
               .blurb = N_("The router is also a Mobile IPv6 home agent.") },
  [F_RA_PRF] = { "icmpv6.nd.ra.flag.prf", N_("Prf (Default Router Preference)"), LSC_FT_UINT, .bits = 8, .bitmask = 0x18, .vals = prf_vals,
                 .blurb = N_("Which router hosts should prefer when several advertise themselves (RFC 4191).") },
  [F_RA_P] = { "icmpv6.nd.ra.flag.p", N_("Proxy"), LSC_FT_BOOL, .bits = 8, .bitmask = 0x04, .vals = set_vals,
               .blurb = N_("The router proxies neighbour discovery (RFC 4389).") },
  [F_RA_LIFETIME] = { "icmpv6.nd.ra.router_lifetime", N_("Router lifetime (s)"), LSC_FT_UINT,
                      .blurb = N_("How long hosts may use this router as their default gateway; 0 means not a default router.") },
  [F_RA_REACHABLE] = { "icmpv6.nd.ra.reachable_time", N_("Reachable time (ms)"), LSC_FT_UINT,
                       .blurb = N_("How long a neighbour counts as reachable after it was last confirmed.") },
  [F_RA_RETRANS] = { "icmpv6.nd.ra.retrans_timer", N_("Retrans timer (ms)"), LSC_FT_UINT,
                     .blurb = N_("How long to wait between neighbour solicitations.") },
  [F_NS_TARGET] = { "icmpv6.nd.ns.target_address", N_("Target Address"), LSC_FT_IPV6,
                    .blurb = N_("The address whose link-layer (MAC) address is wanted: IPv6's \"who has\".") },
  [F_NA_FLAG] = { "icmpv6.nd.na.flag", N_("Flags"), LSC_FT_UINT, LSC_BASE_HEX, 32,
                  .blurb = N_("Router, Solicited and Override bits of the advertisement.") },
  [F_NA_R] = { "icmpv6.nd.na.flag.r", N_("Router"), LSC_FT_BOOL, .bits = 32, .bitmask = 0x80000000, .vals = set_vals,
               .blurb = N_("Set when the sender is a router.") },
  [F_NA_S] = { "icmpv6.nd.na.flag.s", N_("Solicited"), LSC_FT_BOOL, .bits = 32, .bitmask = 0x40000000, .vals = set_vals,
               .blurb = N_("Set when this answers a solicitation; clear in an unsolicited announcement.") },
  [F_NA_O] = { "icmpv6.nd.na.flag.o", N_("Override"), LSC_FT_BOOL, .bits = 32, .bitmask = 0x20000000, .vals = set_vals,
               .blurb = N_("Set when receivers should replace a cached link-layer address with this one.") },
  [F_NA_TARGET] = { "icmpv6.nd.na.target_address", N_("Target Address"), LSC_FT_IPV6,
                    .blurb = N_("The address this advertisement is about: IPv6's \"is at\".") },
  [F_RD_TARGET] = { "icmpv6.nd.rd.target_address", N_("Target Address"), LSC_FT_IPV6,
                    .blurb = N_("The better first hop for the destination.") },
  [F_RD_DST] = { "icmpv6.nd.rd.destination_address", N_("Destination Address"), LSC_FT_IPV6,
                 .blurb = N_("The destination that is better reached through the target.") },
  [F_OPT] = { "icmpv6.opt", N_("ICMPv6 Option"), LSC_FT_NONE,
              .blurb = N_("A neighbour discovery option: type, length in 8-byte units, data.") },
  [F_OPT_TYPE] = { "icmpv6.opt.type", N_("Type"), LSC_FT_UINT, .vals = opt_vals, .blurb = N_("Which option this is.") },
  [F_OPT_LEN] = { "icmpv6.opt.length", N_("Length"), LSC_FT_UINT,
                  .blurb = N_("Length of the option in 8-byte units, including type and length; 0 is invalid.") },
  [F_OPT_SRC_LL] = { "icmpv6.opt.src_linkaddr", N_("Source link-layer address"), LSC_FT_ETHER,
                     .blurb = N_("The sender's MAC address, so the receiver can answer without asking back.") },
  [F_OPT_TGT_LL] = { "icmpv6.opt.target_linkaddr", N_("Target link-layer address"), LSC_FT_ETHER,
                     .blurb = N_("The MAC address of the target: the answer to a neighbour solicitation.") },
  [F_OPT_LINKADDR] = { "icmpv6.opt.linkaddr", N_("Link-layer address"), LSC_FT_ETHER,
                       .blurb = N_("A link-layer address carried in an option, for filtering either kind.") },
  [F_PFX_LEN] = { "icmpv6.opt.prefix.length", N_("Prefix Length"), LSC_FT_UINT,
                  .blurb = N_("How many leading bits of the prefix are the network part (64 for SLAAC).") },
  [F_PFX_FLAG] = { "icmpv6.opt.prefix.flag", N_("Flag"), LSC_FT_UINT, LSC_BASE_HEX, 8, .blurb = N_("On-link and autonomous configuration bits.") },
  [F_PFX_L] = { "icmpv6.opt.prefix.flag.l", N_("On-link flag (L)"), LSC_FT_BOOL, .bits = 8, .bitmask = 0x80, .vals = set_vals,
                .blurb = N_("Addresses in this prefix are on this link: reach them directly, not through the router.") },
  [F_PFX_A] = { "icmpv6.opt.prefix.flag.a", N_("Autonomous address-configuration flag (A)"), LSC_FT_BOOL, .bits = 8, .bitmask = 0x40, .vals = set_vals,
                .blurb = N_("Hosts may make up their own address in this prefix (SLAAC).") },
  [F_PFX_R] = { "icmpv6.opt.prefix.flag.r", N_("Router address flag (R)"), LSC_FT_BOOL, .bits = 8, .bitmask = 0x20, .vals = set_vals,
                .blurb = N_("The prefix field holds the router's full address (Mobile IPv6).") },
  [F_PFX_VALID] = { "icmpv6.opt.prefix.valid_lifetime", N_("Valid Lifetime"), LSC_FT_UINT,
                    .blurb = N_("Seconds addresses from this prefix stay valid (0xffffffff = forever).") },
  [F_PFX_PREFERRED] = { "icmpv6.opt.prefix.preferred_lifetime", N_("Preferred Lifetime"), LSC_FT_UINT,
                        .blurb = N_("Seconds addresses from this prefix are preferred for new connections.") },
  [F_PFX] = { "icmpv6.opt.prefix", N_("Prefix"), LSC_FT_IPV6, .blurb = N_("The network prefix the router announces for this link.") },
  [F_OPT_MTU] = { "icmpv6.opt.mtu", N_("MTU"), LSC_FT_UINT, .blurb = N_("The link's MTU hosts should use.") },
  [F_OPT_RDNSS_LIFE] = { "icmpv6.opt.rdnss.lifetime", N_("Lifetime"), LSC_FT_UINT,
                         .blurb = N_("Seconds the DNS servers may be used.") },
  [F_OPT_RDNSS] = { "icmpv6.opt.rdnss", N_("Recursive DNS Servers"), LSC_FT_IPV6,
                    .blurb = N_("A DNS server address announced by the router (RFC 8106).") },
  [F_OPT_DATA] = { "icmpv6.opt.data", N_("Data"), LSC_FT_BYTES, .blurb = N_("Option bytes not decoded further.") },
  [F_MLD_DELAY] = { "icmpv6.mld.maximum_response_delay", N_("Maximum Response Delay [ms]"), LSC_FT_UINT,
                    .blurb = N_("In a query: how long listeners may wait, at random, before they answer with a report.") },
  [F_MLD_ADDR] = { "icmpv6.mld.multicast_address", N_("Multicast Address"), LSC_FT_IPV6,
                   .blurb = N_("The multicast group the message is about (:: in a general query for all groups).") },
  [F_MLDR_N] = { "icmpv6.mldr.nb_mcast_records", N_("Number of Multicast Address Records"), LSC_FT_UINT,
                 .blurb = N_("How many groups this MLDv2 report describes (RFC 3810).") },
  [F_MLDR_MAR] = { "icmpv6.mldr.mar", N_("Multicast Address Record"), LSC_FT_NONE,
                   .blurb = N_("One group this host joins, leaves or listens to, with its source filter.") },
  [F_MAR_TYPE] = { "icmpv6.mldr.mar.record_type", N_("Record Type"), LSC_FT_UINT, .vals = mar_vals,
                   .blurb = N_("What the record says: the current filter mode (1, 2), a change of mode (3, 4) or of sources (5, 6).") },
  [F_MAR_AUX] = { "icmpv6.mldr.mar.aux_data_len", N_("Aux Data Len"), LSC_FT_UINT,
                  .blurb = N_("Length of auxiliary data at the end of the record, in 4-byte units (normally 0).") },
  [F_MAR_NSRC] = { "icmpv6.mldr.mar.nb_sources", N_("Number of Sources"), LSC_FT_UINT,
                   .blurb = N_("How many source addresses the filter lists.") },
  [F_MAR_ADDR] = { "icmpv6.mldr.mar.multicast_address", N_("Multicast Address"), LSC_FT_IPV6,
                   .blurb = N_("The group this record is about; hosts join solicited-node groups (ff02::1:ffXX:XXXX) for neighbour discovery.") },
  [F_MAR_SRC] = { "icmpv6.mldr.mar.source_address", N_("Source Address"), LSC_FT_IPV6,
                  .blurb = N_("A sender the host does (include mode) or does not (exclude mode) want to hear in this group.") },
  LSC_EXT_ECHO_FIELDS ("icmpv6"),
  { NULL }
};

static void
add_options (LscDissectCtx *c, gint32 parent, const LscBuf *b, guint32 off, const guint8 **ll_out)
{
  const LscField *f = lsc_fields_icmpv6;
  LscTree *t = c->tree;
  /* Every option takes at least 8 bytes, so the walk is bounded by the message. */
  while (off < b->len)
    {
      guint32 abs = lsc_buf_abs (b, off);
      guint8 type = lsc_buf_u8 (b, off), units = lsc_buf_u8 (b, off + 1);
      guint32 olen = units * 8u;
      const char *name = lsc_value_string (opt_vals, type);
      gint32 o = lsc_tree_add (t, parent, &f[F_OPT], abs, MIN (MAX (olen, 2u), b->len - off));
      lsc_tree_set_text (t, o, "%s", name ? _(name) : _("Unknown"));
      lsc_tree_add_uint (t, o, &f[F_OPT_TYPE], abs, 1, type);
      if (!lsc_buf_has (b, off, 2))
        {
          lsc_tree_set_flags (t, o, LSC_NODE_TRUNCATED);
          lsc_tree_add_note (t, o, 2, abs, 1, _("Option length byte missing"));
          return;
        }
      gint32 ln = lsc_tree_add_uint (t, o, &f[F_OPT_LEN], abs + 1, 1, units);
      lsc_tree_set_text (t, ln, _("%u (%u bytes)"), units, olen);
      if (units == 0)
        {
          lsc_tree_set_flags (t, ln, LSC_NODE_MALFORMED);
          lsc_tree_add_note (t, ln, 2, abs + 1, 1, _("Option length 0 is invalid (RFC 4861 4.6): the rest is not decoded"));
          return;
        }
      if (!lsc_buf_has (b, off, olen))
        {
          gboolean cut = lsc_buf_reported_has (b, off, olen);
          lsc_tree_set_flags (t, ln, cut ? LSC_NODE_TRUNCATED : LSC_NODE_MALFORMED);
          lsc_tree_add_note (t, ln, 2, abs + 1, 1, _("Option of %u bytes runs past the end of the message"), olen);
          return;
        }
      LscBuf ob = lsc_buf_sub (b, off, olen);
      switch (type)
        {
        case 1:
        case 2:
          if (olen == 8)
            {
              guint64 mac = lsc_buf_u48 (&ob, 2);
              lsc_tree_add_uint (t, o, &f[type == 1 ? F_OPT_SRC_LL : F_OPT_TGT_LL], abs + 2, 6, mac);
              gint32 h = lsc_tree_add_uint (t, o, &f[F_OPT_LINKADDR], abs + 2, 6, mac);
              lsc_tree_hide (t, h);
              char ms[24];
              lsc_format_mac_u64 (mac, ms);
              lsc_tree_set_text (t, o, "%s : %s", _(name), ms);
              if (ll_out)
                *ll_out = ob.data + 2;
            }
          else
            lsc_tree_add_bytes (t, o, &f[F_OPT_DATA], abs + 2, olen - 2, ob.data + 2, olen - 2);
          break;
        case 3:
          if (olen != 32)
            {
              lsc_tree_set_flags (t, o, LSC_NODE_MALFORMED);
              lsc_tree_add_note (t, o, 2, abs + 1, 1, _("A prefix information option is 32 bytes, not %u"), olen);
              break;
            }
          {
            guint8 pl = lsc_buf_u8 (&ob, 2), fl = lsc_buf_u8 (&ob, 3);
            lsc_tree_add_uint (t, o, &f[F_PFX_LEN], abs + 2, 1, pl);
            gint32 fn = lsc_tree_add_uint (t, o, &f[F_PFX_FLAG], abs + 3, 1, fl);
            lsc_tree_add_uint (t, fn, &f[F_PFX_L], abs + 3, 1, fl >> 7);
            lsc_tree_add_uint (t, fn, &f[F_PFX_A], abs + 3, 1, (fl >> 6) & 1);
            lsc_tree_add_uint (t, fn, &f[F_PFX_R], abs + 3, 1, (fl >> 5) & 1);
            lsc_tree_add_uint (t, o, &f[F_PFX_VALID], abs + 4, 4, lsc_buf_u32 (&ob, 4));
            lsc_tree_add_uint (t, o, &f[F_PFX_PREFERRED], abs + 8, 4, lsc_buf_u32 (&ob, 8));
            lsc_tree_add_bytes (t, o, &f[F_PFX], abs + 16, 16, ob.data + 16, 16);
            char ps[48];
            lsc_format_ipv6 (ob.data + 16, ps);
            lsc_tree_set_text (t, o, _("Prefix information : %s/%u"), ps, pl);
          }
          break;
        case 5:
          if (olen == 8)
            lsc_tree_add_uint (t, o, &f[F_OPT_MTU], abs + 4, 4, lsc_buf_u32 (&ob, 4));
          break;
        case 25:
          if (olen >= 24)
            {
              lsc_tree_add_uint (t, o, &f[F_OPT_RDNSS_LIFE], abs + 4, 4, lsc_buf_u32 (&ob, 4));
              for (guint32 a = 8; a + 16 <= olen; a += 16)
                lsc_tree_add_bytes (t, o, &f[F_OPT_RDNSS], abs + a, 16, ob.data + a, 16);
            }
          break;
        default:
          lsc_tree_add_bytes (t, o, &f[F_OPT_DATA], abs + 2, olen - 2, ob.data + 2, olen - 2);
          break;
        }
      off += olen;
    }
}

/* MLDv2 report (RFC 3810 5.2): a count, then records of variable length. */
static void
add_mld_records (LscDissectCtx *c, gint32 ic, const LscBuf *b)
{
  const LscField *f = lsc_fields_icmpv6;
  LscTree *t = c->tree;
  guint16 n = lsc_buf_u16 (b, 6);
  lsc_tree_add_bytes (t, ic, &f[F_RESERVED], lsc_buf_abs (b, 4), 2, b->data + 4, 2);
  lsc_tree_add_uint (t, ic, &f[F_MLDR_N], lsc_buf_abs (b, 6), 2, n);
  guint32 off = 8;
  /* Each record takes at least 20 bytes, so the message length bounds the walk. */
  for (guint i = 0; i < n; i++)
    {
      guint8 aux = lsc_buf_u8 (b, off + 1);
      guint16 nsrc = lsc_buf_u16 (b, off + 2);
      guint32 rlen = 20u + 16u * nsrc + 4u * aux;
      guint32 abs = lsc_buf_abs (b, off);
      if (!lsc_buf_has (b, off, rlen))
        {
          gint32 r = lsc_tree_add (t, ic, &f[F_MLDR_MAR], abs, off < b->len ? b->len - off : 0);
          lsc_tree_set_flags (t, r, lsc_buf_reported_has (b, off, rlen) ? LSC_NODE_TRUNCATED : LSC_NODE_MALFORMED);
          lsc_tree_add_note (t, r, 2, abs, 0, _("Record %u of %u runs past the end of the message"), i + 1, n);
          return;
        }
      gint32 r = lsc_tree_add (t, ic, &f[F_MLDR_MAR], abs, rlen);
      guint8 rt = lsc_buf_u8 (b, off);
      char ga[48];
      lsc_format_ipv6 (b->data + off + 4, ga);
      const char *rn = lsc_value_string (mar_vals, rt);
      lsc_tree_set_text (t, r, "%s: %s", ga, rn ? _(rn) : _("Unknown record type"));
      lsc_tree_add_uint (t, r, &f[F_MAR_TYPE], abs, 1, rt);
      lsc_tree_add_uint (t, r, &f[F_MAR_AUX], abs + 1, 1, aux);
      lsc_tree_add_uint (t, r, &f[F_MAR_NSRC], abs + 2, 2, nsrc);
      lsc_tree_add_bytes (t, r, &f[F_MAR_ADDR], abs + 4, 16, b->data + off + 4, 16);
      for (guint k = 0; k < nsrc; k++)
        lsc_tree_add_bytes (t, r, &f[F_MAR_SRC], abs + 20 + 16 * k, 16, b->data + off + 20 + 16 * k, 16);
      off += rlen;
    }
}

/* A 16-byte address field at off, or FALSE (and a truncation mark) when it is not there. */
static gboolean
add_addr (LscDissectCtx *c, gint32 ic, const LscBuf *b, guint32 off, int fi, char *text)
{
  if (!lsc_buf_has (b, off, 16))
    {
      lsc_tree_set_flags (c->tree, ic, LSC_NODE_MALFORMED);
      lsc_tree_add_note (c->tree, ic, 2, lsc_buf_abs (b, 0), b->len, _("Message too short for its address field"));
      return FALSE;
    }
  lsc_tree_add_bytes (c->tree, ic, &lsc_fields_icmpv6[fi], lsc_buf_abs (b, off), 16, b->data + off, 16);
  lsc_format_ipv6 (b->data + off, text);
  return TRUE;
}

void
lsc_proto_icmpv6 (LscDissectCtx *c, LscBuf b, gint32 parent)
{
  const LscField *f = lsc_fields_icmpv6;
  LscTree *t = c->tree;
  LscPinfo *pi = c->pi;
  gboolean quoted = lsc_dissect_in_quote (c, parent);

  pi->has |= LSC_HAS_ICMP6;
  pi->protocol = "ICMPv6";
  guint8 type = lsc_buf_u8 (&b, 0), code = lsc_buf_u8 (&b, 1);
  gboolean nd = type >= 133 && type <= 137;
  guint32 hlen = type == 135 || type == 136 || (type >= 130 && type <= 132) ? 24 : type == 134 ? 16 : type == 137 ? 40 : 8;
  gint32 ic = lsc_tree_add_proto (t, parent, &f[F_ICMPV6], lsc_buf_abs (&b, 0), MIN (b.len, hlen));
  pi->icmp_node = ic;
  const char *tname = lsc_value_string (type_vals, type);
  const LscValueString *codes = type == 1 ? unreach_codes : type == 3 ? time_codes : type == 4 ? param_codes
                                : type == 161 ? lsc_ext_echo_codes : NULL;
  const char *cname = codes ? lsc_value_string (codes, code) : NULL;

  if (lsc_buf_has (&b, 0, 1))
    lsc_tree_add_uint (t, ic, &f[F_TYPE], lsc_buf_abs (&b, 0), 1, type);
  if (lsc_buf_has (&b, 1, 1))
    {
      gint32 cn = lsc_tree_add_uint (t, ic, &f[F_CODE], lsc_buf_abs (&b, 1), 1, code);
      if (cname)
        lsc_tree_set_text (t, cn, "%u (%s)", code, _(cname));
    }
  if (lsc_buf_has (&b, 2, 2))
    {
      guint16 ck = lsc_buf_u16 (&b, 2);
      gint32 cn = lsc_tree_add_uint (t, ic, &f[F_CHECKSUM], lsc_buf_abs (&b, 2), 2, ck);
      /* Only a whole message can be summed: not a quote, not one IP fragment of it. */
      gboolean verify = !quoted && pi->l3_family == 6 && b.len == b.reported && !(pi->has & LSC_HAS_FRAG);
      guint32 sum = 0;
      if (verify)
        {
          /* RFC 8200 8.1: addresses, upper-layer length (32 bits), zeros, next header. */
          guint8 ph[40];
          memcpy (ph, pi->l3_src, 16);
          memcpy (ph + 16, pi->l3_dst, 16);
          ph[32] = (guint8) (b.len >> 24);
          ph[33] = (guint8) (b.len >> 16);
          ph[34] = (guint8) (b.len >> 8);
          ph[35] = (guint8) b.len;
          ph[36] = ph[37] = ph[38] = 0;
          ph[39] = 58;
          sum = lsc_inet_sum (b.data, b.len, lsc_inet_sum (ph, sizeof ph, 0));
        }
      lsc_dissect_checksum (c, cn, &f[F_CHECKSUM_STATUS], &f[F_CHECKSUM_CALC], ck, sum, verify, -1);
    }
  pi->icmp_type = type;
  pi->icmp_code = code;
  if (!lsc_buf_has (&b, 0, hlen))
    {
      lsc_tree_set_flags (t, ic, lsc_buf_reported_has (&b, 0, hlen) ? LSC_NODE_TRUNCATED : LSC_NODE_MALFORMED);
      lsc_tree_add_note (t, ic, 2, lsc_buf_abs (&b, 0), b.len, _("ICMPv6 message cut short: %u of %u bytes"), b.len, hlen);
      if (!quoted)
        lsc_string_printf (pi->info, "%s", tname ? _(tname) : _("Truncated ICMPv6 message"));
      return;
    }
  if (tname)
    lsc_tree_set_text (t, ic, cname ? _("Internet Control Message Protocol v6, %s (%s)") : _("Internet Control Message Protocol v6, %s"),
                       _(tname), cname ? _(cname) : "");
  if (nd && pi->l3_family == 6 && pi->ttl != 255 && !quoted)
    lsc_tree_add_note (t, ic, 1, 0, 0, _("Neighbor discovery requires hop limit 255 (proof the sender is on this link); this one is %u"), pi->ttl);

  /* Echo and neighbour discovery messages are all header and options; an
   * error's quoted packet is shown as its children instead. */
  if ((type >= 128 && type <= 137) || type == 143)
    lsc_tree_set_length (t, ic, b.len);

  guint32 a4 = lsc_buf_abs (&b, 4);
  LscBuf rest = lsc_buf_tail (&b, hlen);
  char addr[48] = "", ll[24] = "";
  const guint8 *llp = NULL;
  GString *info = g_string_new (NULL);
  switch (type)
    {
    case 128:
    case 129:
      {
        guint16 id = lsc_buf_u16 (&b, 4), seq = lsc_buf_u16 (&b, 6);
        lsc_tree_add_uint (t, ic, &f[F_ECHO_ID], a4, 2, id);
        lsc_tree_add_uint (t, ic, &f[F_ECHO_SEQ], a4 + 2, 2, seq);
        if (rest.len)
          lsc_tree_add_bytes (t, ic, &f[F_DATA], rest.off, rest.len, rest.data, rest.len);
        pi->icmp_id = id;
        pi->icmp_seq = seq;
        pi->icmp_is_echo = TRUE;
        lsc_string_printf (info, _("%s id=0x%04x, seq=%u, hop limit=%u"), _(tname), id, seq, pi->ttl);
      }
      break;
    case 160:
    case 161:
      lsc_proto_icmp_ext_echo (c, &b, ic, &f[F_ECHO_ID], &f[F_XE_SEQ], type == 161, tname, info);
      break;
    case 1:
    case 3:
      lsc_tree_add_bytes (t, ic, &f[F_RESERVED], a4, 4, b.data + 4, 4);
      break;
    case 2:
      lsc_tree_add_uint (t, ic, &f[F_MTU], a4, 4, lsc_buf_u32 (&b, 4));
      lsc_string_printf (info, _("Packet Too Big (MTU %u)"), lsc_buf_u32 (&b, 4));
      break;
    case 4:
      lsc_tree_add_uint (t, ic, &f[F_POINTER], a4, 4, lsc_buf_u32 (&b, 4));
      break;
    case 133:
      lsc_tree_add_bytes (t, ic, &f[F_RESERVED], a4, 4, b.data + 4, 4);
      add_options (c, ic, &b, hlen, &llp);
      break;
    case 134:
      {
        guint8 fl = lsc_buf_u8 (&b, 5);
        lsc_tree_add_uint (t, ic, &f[F_RA_HOP], a4, 1, lsc_buf_u8 (&b, 4));
        gint32 fn = lsc_tree_add_uint (t, ic, &f[F_RA_FLAG], a4 + 1, 1, fl);
        lsc_tree_add_uint (t, fn, &f[F_RA_M], a4 + 1, 1, fl >> 7);
        lsc_tree_add_uint (t, fn, &f[F_RA_O], a4 + 1, 1, (fl >> 6) & 1);
        lsc_tree_add_uint (t, fn, &f[F_RA_H], a4 + 1, 1, (fl >> 5) & 1);
        lsc_tree_add_uint (t, fn, &f[F_RA_PRF], a4 + 1, 1, (fl >> 3) & 3);
        lsc_tree_add_uint (t, fn, &f[F_RA_P], a4 + 1, 1, (fl >> 2) & 1);
        lsc_tree_add_uint (t, ic, &f[F_RA_LIFETIME], a4 + 2, 2, lsc_buf_u16 (&b, 6));
        lsc_tree_add_uint (t, ic, &f[F_RA_REACHABLE], a4 + 4, 4, lsc_buf_u32 (&b, 8));
        lsc_tree_add_uint (t, ic, &f[F_RA_RETRANS], a4 + 8, 4, lsc_buf_u32 (&b, 12));
        add_options (c, ic, &b, hlen, &llp);
      }
      break;
    case 135:
      lsc_tree_add_bytes (t, ic, &f[F_RESERVED], a4, 4, b.data + 4, 4);
      add_addr (c, ic, &b, 8, F_NS_TARGET, addr);
      add_options (c, ic, &b, hlen, &llp);
      break;
    case 136:
      {
        guint32 fl = lsc_buf_u32 (&b, 4);
        gint32 fn = lsc_tree_add_uint (t, ic, &f[F_NA_FLAG], a4, 4, fl);
        lsc_tree_add_uint (t, fn, &f[F_NA_R], a4, 4, fl >> 31);
        lsc_tree_add_uint (t, fn, &f[F_NA_S], a4, 4, (fl >> 30) & 1);
        lsc_tree_add_uint (t, fn, &f[F_NA_O], a4, 4, (fl >> 29) & 1);
        add_addr (c, ic, &b, 8, F_NA_TARGET, addr);
        add_options (c, ic, &b, hlen, &llp);
        lsc_string_printf (info, _("Neighbor Advertisement %s"), addr);
        if (fl >> 29)
          {
            g_string_append (info, " (");
            const char *sep = "";
            const char *names[3] = { N_("rtr"), N_("sol"), N_("ovr") };
            for (int i = 0; i < 3; i++)
              if (fl & (0x80000000u >> i))
                {
                  lsc_string_append_printf (info, "%s%s", sep, _(names[i]));
                  sep = ", ";
                }
            g_string_append_c (info, ')');
          }
      }
      break;
    case 130:
    case 131:
    case 132:
      lsc_tree_add_uint (t, ic, &f[F_MLD_DELAY], a4, 2, lsc_buf_u16 (&b, 4));
      lsc_tree_add_bytes (t, ic, &f[F_RESERVED], a4 + 2, 2, b.data + 6, 2);
      add_addr (c, ic, &b, 8, F_MLD_ADDR, addr);
      break;
    case 143:
      add_mld_records (c, ic, &b);
      break;
    case 137:
      lsc_tree_add_bytes (t, ic, &f[F_RESERVED], a4, 4, b.data + 4, 4);
      add_addr (c, ic, &b, 8, F_RD_TARGET, addr);
      {
        char d2[48];
        add_addr (c, ic, &b, 24, F_RD_DST, d2);
      }
      add_options (c, ic, &b, hlen, NULL);
      break;
    default:
      lsc_tree_add_bytes (t, ic, &f[F_RESERVED], a4, 4, b.data + 4, 4);
      break;
    }
  if (llp)
    lsc_format_mac (llp, ll);
  if (type == 135)
    {
      lsc_string_printf (info, _("Neighbor Solicitation for %s"), addr);
      if (*ll)
        lsc_string_append_printf (info, _(" from %s"), ll);
    }
  else if (type == 136 && *ll)
    lsc_string_append_printf (info, _(" is at %s"), ll);
  else if ((type == 133 || type == 134) && *ll)
    lsc_string_printf (info, _("%s from %s"), _(tname), ll);
  if (!info->len)
    {
      if (tname && cname)
        lsc_string_printf (info, "%s (%s)", _(tname), _(cname));
      else if (tname)
        lsc_string_printf (info, "%s", _(tname));
      else
        lsc_string_printf (info, _("Unknown ICMPv6 (type %u, code %u)"), type, code);
    }
  if (!quoted)
    g_string_assign (pi->info, info->str);
  g_string_free (info, TRUE);

  if (type >= 1 && type <= 4)
    {
      if (rest.len == 0)
        {
          lsc_tree_set_flags (t, ic, LSC_NODE_MALFORMED);
          lsc_tree_add_note (t, ic, 2, 0, 0, _("The error message should quote the packet that caused it; nothing follows"));
        }
      else if (quoted)
        lsc_proto_data (c, rest, ic);
      else
        lsc_dissect_quoted (c, 6, rest, ic);
    }
  else if ((type < 128 || type > 137) && type != 143 && type != 160 && type != 161)
    lsc_proto_data (c, rest, parent);
}

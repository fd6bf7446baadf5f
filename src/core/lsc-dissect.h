/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-dissect.h — bytes in, tree out
 *
 * lsc_dissect() turns one (bytes, length, linktype) record into an LscTree and
 * fills its LscPinfo.  It is pure: no I/O, no globals that change, safe on any
 * input (the fuzz target calls it with random bytes).
 */
#pragma once

#include <glib.h>
#include "lsc-buf.h"
#include "lsc-tree.h"
#include "lsc-tcp-flags.h"

G_BEGIN_DECLS

/* A prefix length set for one IPv4 address (its host's own mask). */
typedef struct {
  guint32 addr;
  guint prefix;
} LscAddrPrefix;

#define LSC_ADDR_PREFIX_MAX 16

typedef struct _LscDissectOptions {
  /* IPv4 prefix length for subnet analysis (network, broadcast, host range,
   * same-subnet); 0 = unknown, only classful analysis is shown. */
  guint ipv4_prefix;
  /* Per-address prefixes, which win over ipv4_prefix for their address; the
   * newest LSC_ADDR_PREFIX_MAX are kept (a classroom sets a handful). */
  LscAddrPrefix addr_prefix[LSC_ADDR_PREFIX_MAX];
  guint n_addr_prefix;
  /* Look MAC vendors up in the OUI database when it is installed. */
  gboolean resolve_oui;
  /* TCP/UDP ports to decode as DNS/HTTP in addition to 53 and 80/8080. */
  guint16 http_port;
  /* lsc_conv_process() runs on the tree right after every lsc_dissect():
   * leave the Info column of a TCP segment to it, which writes it once with
   * relative numbers (instead of the decoder writing it with absolute ones
   * first). */
  gboolean tcp_info_by_analysis;
  /* The analysis (lsc_conv_process, which runs lsc-reasm.h) reassembles IP
   * fragments: a fragment's payload is left to it (LscPinfo.frag_*), so the
   * first fragment shows no transport header of its own and the fragment
   * that completes the datagram decodes the whole of it. */
  gboolean reassemble;
} LscDissectOptions;

void lsc_dissect_options_init (LscDissectOptions *opt);
/* The prefix length the subnet analysis uses for addr: its own, else ipv4_prefix. */
guint lsc_dissect_options_prefix_for (const LscDissectOptions *opt, guint32 addr);
/* Set addr's own prefix (1..32), or forget it (any other value). */
void lsc_dissect_options_set_addr_prefix (LscDissectOptions *opt, guint32 addr, guint prefix);

/* Decode pkt into t (which is reset first).  pkt->data must stay valid while t is used. */
void lsc_dissect (LscTree *t, const LscPacket *pkt, const LscDissectOptions *opt);

/* ---- internal: the dispatch between protocol files ----
 *
 * Each protocol file exports its field table (lsc-fields.h) and one function
 * that decodes its header from view b, adds its nodes under parent (normally
 * LSC_ROOT: protocol headers are top-level nodes) and hands the payload on.
 */
typedef struct {
  LscTree *tree;
  LscPinfo *pi;
  const LscPacket *pkt;
  const LscDissectOptions *opt;
  guint depth;  /* nesting guard for tunnels / embedded headers */
} LscDissectCtx;

/* Link layers. */
void lsc_proto_frame (LscDissectCtx *c, LscBuf b);
void lsc_proto_eth (LscDissectCtx *c, LscBuf b, gint32 parent);
void lsc_proto_sll (LscDissectCtx *c, LscBuf b, gint32 parent, gboolean v2);
void lsc_proto_null (LscDissectCtx *c, LscBuf b, gint32 parent, gboolean network_order);
/* PPP (LINKTYPE_PPP 9; with_direction: LINKTYPE_PPP_WITH_DIR 204) and Cisco HDLC (104). */
void lsc_proto_ppp (LscDissectCtx *c, LscBuf b, gint32 parent, gboolean with_direction);
void lsc_proto_chdlc (LscDissectCtx *c, LscBuf b, gint32 parent);
/* Linux NFLOG (239), IP over InfiniBand (242) and Apple's PKTAP (258; apple:
 * the same header under DLT 149, as Apple's own tools write it). */
void lsc_proto_nflog (LscDissectCtx *c, LscBuf b, gint32 parent);
void lsc_proto_ipoib (LscDissectCtx *c, LscBuf b, gint32 parent);
void lsc_proto_pktap (LscDissectCtx *c, LscBuf b, gint32 parent, gboolean apple);
/* Decode b as a frame of link type linktype (LSC_LINK_*) under parent: the
 * top of every frame, and the packet a PKTAP header wraps. */
void lsc_dissect_link (LscDissectCtx *c, int linktype, LscBuf b, gint32 parent);
/* TRUE when b holds len bytes; otherwise flags node truncated (or malformed
 * when the packet itself is too short), adds "WHAT cut short: N of LEN
 * bytes" and sets the Info column. */
gboolean lsc_dissect_need (LscDissectCtx *c, gint32 node, const LscBuf *b, guint32 len, const char *what);
void lsc_proto_vlan (LscDissectCtx *c, LscBuf b, gint32 parent);
void lsc_proto_llc (LscDissectCtx *c, LscBuf b, gint32 parent);
/* Hand a payload on by EtherType (used by Ethernet, VLAN, SLL). */
void lsc_dissect_ethertype (LscDissectCtx *c, guint16 type, LscBuf b, gint32 parent);

/* Network layer. */
void lsc_proto_arp (LscDissectCtx *c, LscBuf b, gint32 parent);
void lsc_proto_ipv4 (LscDissectCtx *c, LscBuf b, gint32 parent);
void lsc_proto_ipv6 (LscDissectCtx *c, LscBuf b, gint32 parent);
void lsc_proto_icmp (LscDissectCtx *c, LscBuf b, gint32 parent);
void lsc_proto_icmpv6 (LscDissectCtx *c, LscBuf b, gint32 parent);
/* GRE (RFC 2784, 2890; version 1 as PPTP uses it, RFC 2637), IP protocol 47. */
void lsc_proto_gre (LscDissectCtx *c, LscBuf b, gint32 parent);
/* RFC 8335 Extended Echo (ICMP 42/43, ICMPv6 160/161), whose message is the
 * same in both: b is the whole message, ic its node; ident is the
 * protocol's echo identifier field, xe its LSC_EXT_ECHO_FIELDS; info gets
 * the Info text. */
void lsc_proto_icmp_ext_echo (LscDissectCtx *c, const LscBuf *b, gint32 ic, const LscField *ident, const LscField *xe,
                              gboolean reply, const char *tname, GString *info);
/* Hand an IP payload on by protocol number.  pseudo-header facts come from c->pi. */
void lsc_dissect_ipproto (LscDissectCtx *c, guint8 proto, LscBuf b, gint32 parent);
/* Decode the datagram an ICMP/ICMPv6 error quotes (family 4 or 6) under parent,
 * leaving c->pi as it was: the quote's addresses and ports are not this packet's. */
void lsc_dissect_quoted (LscDissectCtx *c, int family, LscBuf b, gint32 parent);
/* TRUE when parent lies inside an ICMP/ICMPv6 error's quoted datagram, whose
 * lengths are cut short on purpose (RFC 792 quotes the IP header + 8 bytes). */
gboolean lsc_dissect_in_quote (LscDissectCtx *c, gint32 parent);
/* One field placed by its registry row (Wireshark's proto_tree_add_item):
 * check that its bytes (build_offset, build_width in the header view b) were
 * captured, read them by the row's width, mask and scale, and add its node
 * under parent.  Returns the value (0 when not captured); node, when given,
 * gets the node's index, or -1 when the bytes were not captured and nothing
 * was added. */
static inline guint64
lsc_dissect_field (LscTree *t, gint32 parent, const LscField *f, const LscBuf *b, gint32 *node)
{
  guint64 v = 0;
  gint32 n = -1;
  if (lsc_field_read (f, b->data, b->len, &v))
    n = lsc_tree_add_uint (t, parent, f, lsc_buf_abs (b, f->build_offset), f->build_width, v);
  if (node)
    *node = n;
  return v;
}
/* The Source and Destination columns from two formatted addresses, each in a
 * buffer the size of pinfo's (copied whole, at a fixed size: every IP packet
 * does this). */
static inline void
lsc_dissect_set_columns (LscPinfo *pi, const char src[sizeof pi->src], const char dst[sizeof pi->dst])
{
  memcpy (pi->src, src, sizeof pi->src);
  memcpy (pi->dst, dst, sizeof pi->dst);
  pi->src[sizeof pi->src - 1] = pi->dst[sizeof pi->dst - 1] = '\0';
}
/* Checksum status values (tcp.checksum.status and the others): 0-4 as
 * Wireshark numbers them, so -T fields matches tshark, and one of our own. */
enum {
  LSC_CHECKSUM_BAD = 0, LSC_CHECKSUM_GOOD = 1, LSC_CHECKSUM_UNVERIFIED = 2,
  LSC_CHECKSUM_NOT_PRESENT = 3, LSC_CHECKSUM_ILLEGAL = 4,
  /* The field holds the folded pseudo-header sum, which is what a Linux
   * kernel leaves for the network card to finish (checksum offload). */
  LSC_CHECKSUM_OFFLOAD = 5,
};
/* Verify an Internet checksum and record the verdict under its node cn:
 * sum is lsc_inet_sum() over everything the checksum covers, the stored checksum
 * (and any pseudo-header) included; with verify FALSE the status is
 * "Unverified".  offload is the value a sender that offloads the checksum
 * leaves in the field (lsc_checksum_offload_value()), or -1 where no card
 * computes it: a wrong checksum equal to it is LSC_CHECKSUM_OFFLOAD, not bad.
 * Adds status_f and, when not good, calc_f with the value the field should
 * hold, sets CHECKSUM_GOOD/BAD/OFFLOAD and returns the status. */
guint lsc_dissect_checksum (LscDissectCtx *c, gint32 cn, const LscField *status_f, const LscField *calc_f,
                            guint16 stored, guint32 sum, gboolean verify, gint32 offload);
/* What a sending host that offloads a TCP/UDP checksum stores in the field:
 * the pseudo-header sum (pseudo, from lsc_pseudo_header_sum()) folded to 16
 * bits and not complemented, for the card to add the segment to. */
guint16 lsc_checksum_offload_value (guint32 pseudo);

/* Transport and above. */
void lsc_proto_tcp (LscDissectCtx *c, LscBuf b, gint32 parent);
void lsc_proto_udp (LscDissectCtx *c, LscBuf b, gint32 parent);
void lsc_proto_dns (LscDissectCtx *c, LscBuf b, gint32 parent, gboolean over_tcp);
void lsc_proto_http (LscDissectCtx *c, LscBuf b, gint32 parent);
/* TRUE when b starts with an HTTP/1.x request or status line.  Known methods and
 * "HTTP/1." are recognised anywhere; on an HTTP port (on_http_port) any token
 * followed by a target and "HTTP/1.x" counts as a request line too. */
gboolean lsc_http_detect (LscBuf b, gboolean on_http_port);
/* How long the HTTP/1.x message at the start of p (n bytes captured) is:
 * its header block plus the body its Content-Length, chunked coding or the
 * lack of a body (a request without either, a 1xx/204/304 response) gives.
 * 1: whole within n, its length in *len; 0: more bytes are needed; -1: its
 * end cannot be told from its bytes (a response that ends with the
 * connection, a header block over 64 KiB). */
int lsc_http_message_length (const guint8 *p, gsize n, gsize *len);
/* TRUE for the ports HTTP is decoded on: 80, 8080, 8000 and opt->http_port. */
gboolean lsc_dissect_is_http_port (const LscDissectCtx *c, guint16 port);
/* Returns the data node, or -1 when b is empty. */
gint32 lsc_proto_data (LscDissectCtx *c, LscBuf b, gint32 parent);
/* Hand a TCP/UDP payload on by port; returns after adding at least a data node. */
void lsc_dissect_ports (LscDissectCtx *c, LscBuf b, gint32 parent, gboolean tcp);

/* Internet checksum (RFC 1071) over data, continuing from a partial sum. */
guint32 lsc_inet_sum (const guint8 *data, gsize len, guint32 sum);
guint16 lsc_inet_fold (guint32 sum);
/* Partial sum of the TCP/UDP/ICMPv6 pseudo-header (RFC 793, RFC 768, RFC 8200 8.1)
 * for a segment of len bytes, from c->pi's l3_family/l3_src/l3_dst.  Returns FALSE
 * when no IP layer is known (l3_family 0), so the checksum cannot be verified. */
gboolean lsc_pseudo_header_sum (const LscPinfo *pi, guint8 proto, guint32 len, guint32 *sum);
/* The TCP Info column as Wireshark writes it, into out (replacing its contents):
 * "51000 → 80 [SYN] Seq=0 Win=64240 Len=0 MSS=1460 SACK_PERM WS=128".  Ports,
 * flags, Urg (tcp_urgent), Len (tcp_len) and the option part (tcp_info_opts,
 * tcp_sack) come from pi; seq, ack, win and sack_base (subtracted from the
 * SACK edges, which count in the acknowledged side's numbers like ack) are
 * parameters so analysis can rebuild it with relative numbers and the scaled
 * window. */
void lsc_tcp_format_info (const LscPinfo *pi, guint32 seq, guint32 ack, guint32 win, guint32 sack_base, GString *out);

/* Field tables, one per protocol file. */
extern const LscField lsc_fields_frame[];
extern const LscField lsc_fields_eth[];
extern const LscField lsc_fields_vlan[];
extern const LscField lsc_fields_llc[];
extern const LscField lsc_fields_sll[];
extern const LscField lsc_fields_null[];
extern const LscField lsc_fields_ppp[];
extern const LscField lsc_fields_nflog[];
extern const LscField lsc_fields_ipoib[];
extern const LscField lsc_fields_pktap[];
extern const LscField lsc_fields_gre[];
extern const LscField lsc_fields_arp[];
extern const LscField lsc_fields_ip[];
extern const LscField lsc_fields_ipv6[];
extern const LscField lsc_fields_icmp[];
extern const LscField lsc_fields_icmpv6[];
extern const LscField lsc_fields_tcp[];
extern const LscField lsc_fields_udp[];
extern const LscField lsc_fields_dns[];
extern const LscField lsc_fields_http[];
extern const LscField lsc_fields_data[];
/* IANA protocol numbers with names (ip.proto, ipv6.nxt). */
extern const LscValueString lsc_ipproto_vals[];
/* Checksum status names (0 Bad, 1 Good, 2 Unverified, 5 Offloaded) as lsc_dissect_checksum() sets them. */
extern const LscValueString lsc_checksum_status_vals[];
extern const LscValueString lsc_ethertype_vals[];
extern const LscValueString lsc_ext_echo_codes[];
extern const LscValueString lsc_ext_echo_states[];

/* The Extended Echo fields of ICMP and ICMPv6 ("icmp" / "icmpv6" prefix),
 * for a table whose enum has F_XE_SEQ ... F_XE_IPV6 in this order. */
#define LSC_EXT_ECHO_FIELDS(p)                                                                                           \
  [F_XE_SEQ] = { p ".ext.echo.seq", N_("Sequence Number"), LSC_FT_UINT,                                                 \
                 .blurb = N_("Counts the Extended Echo requests (8 bits); the reply carries the same number.") },       \
  [F_XE_LOCAL] = { p ".ext.echo.req.local", N_("Local bit"), LSC_FT_BOOL, .bits = 8, .bitmask = 0x01,                  \
                   .blurb = N_("Set when the interface asked about is the one that receives the request (RFC 8335).") }, \
  [F_XE_STATE] = { p ".ext.echo.rsp.state", N_("State"), LSC_FT_UINT, .bits = 8, .bitmask = 0xe0,                      \
                   .vals = lsc_ext_echo_states,                                                                          \
                   .blurb = N_("For an address on another host: its neighbour cache state (2 reachable, 6 failed).") },  \
  [F_XE_ACTIVE] = { p ".ext.echo.rsp.active", N_("Active bit"), LSC_FT_BOOL, .bits = 8, .bitmask = 0x04,                \
                    .blurb = N_("Set when the interface asked about is up and running.") },                              \
  [F_XE_IPV4] = { p ".ext.echo.rsp.ipv4", N_("IPv4 bit"), LSC_FT_BOOL, .bits = 8, .bitmask = 0x02,                      \
                  .blurb = N_("Set when IPv4 runs on that interface.") },                                                \
  [F_XE_IPV6] = { p ".ext.echo.rsp.ipv6", N_("IPv6 bit"), LSC_FT_BOOL, .bits = 8, .bitmask = 0x01,                      \
                  .blurb = N_("Set when IPv6 runs on that interface.") }
/* The two ECN bits of IPv4's DS field and IPv6's traffic class (RFC 3168). */
extern const LscValueString lsc_ecn_vals[];

G_END_DECLS

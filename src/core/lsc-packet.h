/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-packet.h — a packet record and the facts dissection extracts from it
 *
 * LscPacket is what every source (file, helper stream, crafted frame) hands to
 * the core.  LscPinfo is the small, fixed-size digest the dissectors fill in
 * for the summary line and for the analysis that follows (conversations,
 * ping/ARP pairing): analysis never has to search the tree.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Link types we decode (libpcap's LINKTYPE_ numbers, as stored in files). */
enum {
  LSC_LINK_NULL = 0,         /* BSD loopback, host byte order family */
  LSC_LINK_ETHERNET = 1,
  LSC_LINK_PPP = 9,          /* PPP, optional 0xff 0x03, then the protocol */
  LSC_LINK_RAW = 101,        /* raw IPv4/IPv6 */
  LSC_LINK_CHDLC = 104,      /* Cisco HDLC: address, control, EtherType */
  LSC_LINK_LOOP = 108,       /* OpenBSD loopback, network byte order family */
  LSC_LINK_LINUX_SLL = 113,  /* Linux cooked v1 ("any") */
  LSC_LINK_IPV4 = 228,
  LSC_LINK_IPV6 = 229,
  LSC_LINK_PPP_WITH_DIR = 204, /* a direction byte, then PPP */
  LSC_LINK_PKTAP_APPLE = 149, /* PKTAP under Apple's DLT_PKTAP (LINKTYPE_USER2 elsewhere) */
  LSC_LINK_NFLOG = 239,      /* Linux netfilter log: family, then TLVs, the packet in one */
  LSC_LINK_IPOIB = 242,      /* IP over InfiniBand: 40-byte address header, EtherType */
  LSC_LINK_PKTAP = 258,      /* Apple PKTAP: interface and process, then a frame of another link type */
  LSC_LINK_LINUX_SLL2 = 276, /* Linux cooked v2 */
};

typedef struct {
  guint64 num;            /* frame number, from 1 */
  gint64 ts_ns;           /* capture time, ns since the epoch */
  gint64 ts_first_ns;     /* time of the first packet of the capture (for frame.time_relative) */
  gint64 ts_prev_ns;      /* time of the previous packet (for frame.time_delta) */
  guint32 caplen;         /* bytes captured */
  guint32 wirelen;        /* bytes on the wire */
  int linktype;           /* LSC_LINK_* */
  const guint8 *data;     /* caplen bytes */
  /* Packet comments (pcapng opt_comment): n_comments NUL-terminated UTF-8
   * strings one after another, valid as long as data; NULL when none. */
  const char *comments;
  guint n_comments;
} LscPacket;

typedef enum {
  LSC_HAS_ETH    = 1 << 0,
  LSC_HAS_VLAN   = 1 << 1,
  LSC_HAS_ARP    = 1 << 2,
  LSC_HAS_IP4    = 1 << 3,
  LSC_HAS_IP6    = 1 << 4,
  LSC_HAS_ICMP   = 1 << 5,
  LSC_HAS_ICMP6  = 1 << 6,
  LSC_HAS_TCP    = 1 << 7,
  LSC_HAS_UDP    = 1 << 8,
  LSC_HAS_DNS    = 1 << 9,
  LSC_HAS_HTTP   = 1 << 10,
  LSC_HAS_DATA   = 1 << 11,
  LSC_HAS_FRAG   = 1 << 12,  /* a non-first IP fragment or one with MF: no transport header decoded */
  LSC_HAS_ERROR  = 1 << 13,  /* some layer was malformed or truncated */
} LscPinfoHas;

/* TCP flag bits as in the header's low 9 bits. */
enum {
  LSC_TCP_FIN = 0x001, LSC_TCP_SYN = 0x002, LSC_TCP_RST = 0x004, LSC_TCP_PSH = 0x008,
  LSC_TCP_ACK = 0x010, LSC_TCP_URG = 0x020, LSC_TCP_ECE = 0x040, LSC_TCP_CWR = 0x080,
  LSC_TCP_AE  = 0x100,
};

typedef struct {
  guint32 has;             /* LscPinfoHas */

  /* Summary columns. */
  char src[48];
  char dst[48];
  const char *protocol;    /* short name of the topmost decoded protocol (static string) */
  GString *info;           /* Info column */

  /* Link layer. */
  guint8 eth_src[6], eth_dst[6];
  guint16 vlan_id;         /* the outermost tag's VLAN ID (802.1ad service tag in Q-in-Q), with LSC_HAS_VLAN */

  /* Network layer: addresses in network byte order; IPv4 uses the first 4 bytes. */
  guint8 l3_family;        /* 0, 4 or 6 */
  guint8 l3_src[16], l3_dst[16];
  guint8 ip_proto;         /* IPPROTO_* of the transport header decoded (0 none) */
  guint8 ttl;              /* TTL / hop limit */
  guint32 ip_len;          /* IPv4 total length / IPv6 40 + payload length */
  guint32 l3_len;          /* bytes the outermost network-layer packet claims (IP total length, ARP 28): the rest of the frame is padding */

  /* Transport. */
  guint16 srcport, dstport;
  /* Absolute header values.  Field ids (as tshark 4.0): the TCP decoder adds
   * tcp.seq / tcp.ack over the header bytes with the ABSOLUTE value and the
   * same values again as tcp.seq_raw / tcp.ack_raw; the conversation analysis
   * (lsc-conv.c) then rewrites the value of tcp.seq / tcp.ack to the relative
   * one and adds the generated tcp.stream, tcp.nxtseq, tcp.analysis.*, tcp.conv.*
   * nodes under tcp_node, so without analysis tcp.seq stays absolute (like
   * Wireshark with relative numbers off).  The decoder must not register
   * tcp.stream, tcp.nxtseq or tcp.analysis.*. */
  guint32 tcp_seq, tcp_ack; /* raw (absolute) numbers from the header; tcp_ack is set even without ACK */
  guint16 tcp_flags;       /* the header's 12 flag bits: LSC_TCP_* plus the reserved bits 0xe00 */
  guint16 tcp_window;      /* raw window field */
  gint8 tcp_wscale;        /* window scale option shift, -1 when absent */
  guint16 tcp_mss;         /* MSS option, 0 when absent */
  guint32 tcp_len;         /* TCP payload bytes (from the IP length, not the capture); 0 when the header length is bogus */
  guint32 udp_len;         /* UDP payload bytes: udp.length - 8 (IP payload - 8 when udp.length claims more; 0 when below 8) */
  gint32 tcp_node;         /* tree index of the TCP header node, -1 */
  gint32 udp_node;         /* tree index of the UDP header node, -1 */
  guint32 tcp_payload_off; /* frame offset of the TCP payload (= TCP header offset + header length) */

  /* ICMP / ICMPv6. */
  guint8 icmp_type, icmp_code;  /* ICMP or ICMPv6 (LSC_HAS_ICMP / LSC_HAS_ICMP6 tell which) */
  guint16 icmp_id, icmp_seq;
  gint32 icmp_node;
  gboolean icmp_is_echo;   /* echo request or reply (v4 or v6) */

  /* ARP. */
  guint16 arp_op;          /* 1 request, 2 reply, 3/4 RARP; addresses below only for Ethernet/IPv4 ARP */
  guint8 arp_sha[6], arp_spa[4], arp_tha[6], arp_tpa[4];
  gint32 arp_node;

  /* Application. */
  gint32 app_node;         /* DNS/HTTP/data node, -1 */
  guint16 dns_id;          /* transaction ID of the (first) DNS message */
  gboolean dns_response;   /* its QR bit */

  /* TCP options as the Info column shows them (" MSS=1460 SACK_PERM WS=128",
   * tree arena, "" when none); lsc_tcp_format_info() appends it. */
  const char *tcp_info_opts;

  /* Network layer, continued.  ip_len, l3_src/l3_dst are those of the innermost
   * IP header (IP in IP), never of an ICMP error's quoted datagram: the ICMP
   * decoders restore pi after decoding the quote (lsc_dissect_quoted).  l4_len
   * is the upper-layer length a pseudo-header needs: IPv4 total length - IHL*4,
   * IPv6 payload length - extension headers; the view the transport decoder
   * gets is narrowed to it too.  With LSC_HAS_FRAG only the first fragment's
   * transport header is decoded, and its checksum cannot be verified. */
  guint32 l4_len;
  /* Absolute frame offset where the packet l3_len counts starts (set with it),
   * so the link layer's padding starts at l3_off + l3_len whatever sits in
   * between (several VLAN tags, LLC/SNAP). */
  guint32 l3_off;

  guint16 tcp_urgent;      /* urgent pointer field (Info shows it when URG is set) */
  /* The decoder left this segment's Info to lsc_conv_process()
   * (LscDissectOptions.tcp_info_by_analysis); it is empty until then. */
  gboolean tcp_info_deferred;
  /* The blocks of the segment's SACK option(s) (at most 4 fit), kept out of
   * tcp_info_opts: lsc_tcp_format_info() writes " SLE=.. SRE=.." for block
   * k at byte tcp_sack_at[k] of it, relative to the base it is given. */
  guint8 tcp_sack_n;
  guint16 tcp_sack_at[4];
  guint32 tcp_sack[4][2];
  gint32 tcp_sack_node;    /* the first SACK option's node (the others follow it), -1 */

  /* Set by the conversation analysis (lsc_conv_process / lsc_conv_annotate),
   * so a view reads a packet's role and both ends' states as data: */
  gboolean conv_valid;     /* the packet belongs to a conversation */
  guint32 conv_index;      /* lsc_conv_nth() index */
  guint8 conv_role;        /* LscConvRole */
  guint8 conv_state_a, conv_state_b;  /* LscTcpState of client and server after it */
  guint32 conv_flags;      /* LscConvFlags */

  /* ARP, continued: the four addresses above were captured (Ethernet/IPv4
   * ARP, whole); an ARP cut short or for other address kinds leaves them 0. */
  gboolean arp_ipv4;

  /* An IP fragment whose payload the decoder left to the reassembly
   * (LscDissectOptions.reassemble, lsc-reasm.h): frag_family 4 or 6, else 0
   * and the rest unset.  Offsets and lengths in bytes; frag_data_off is the
   * frame offset of the fragment's data, frag_ip_node the IP header node the
   * reassembly's fields go under. */
  guint8 frag_family;
  guint8 frag_proto;        /* protocol of the datagram's payload */
  gboolean frag_more;       /* more fragments follow (MF / M flag) */
  guint32 frag_id;          /* identification (IPv4 16 bits, IPv6 32 bits) */
  guint32 frag_offset;      /* where the fragment's data goes in the datagram's payload */
  guint32 frag_len;         /* the fragment's data bytes, from the IP lengths */
  guint32 frag_data_off;
  gint32 frag_ip_node;

  /* A TCP payload on an HTTP port the decoder left to the reassembly
   * (LscDissectOptions.reassemble): tcp_pdu_data/caplen/reported/off are
   * its view (bytes of the frame or of a reassembled datagram).  The
   * reassembly sets tcp_pdu_part on a segment whose bytes belong to a
   * message a later segment completes, so its Info says so. */
  gboolean tcp_pdu_deferred;
  gboolean tcp_pdu_part;
  const guint8 *tcp_pdu_data;
  guint32 tcp_pdu_caplen, tcp_pdu_reported, tcp_pdu_off;
} LscPinfo;

G_END_DECLS

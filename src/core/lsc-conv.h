/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-conv.h — conversations: TCP handshake/teardown state machine, ping and ARP pairing
 *
 * The analysis runs once per packet, in capture order, right after
 * lsc_dissect(): lsc_conv_process() reads the tree's LscPinfo, updates the
 * conversation it belongs to (hash tables keyed by the bidirectional 5-tuple,
 * so the cost per packet is constant), stores a 16-byte record for the frame
 * and adds the derived nodes (tcp.stream, relative tcp.seq/tcp.ack,
 * tcp.analysis.*, the segment's role and both ends' states, icmp.resp_to /
 * icmp.resptime, ARP pairing) to the tree, generated and 0 bytes long.
 *
 * A view that re-dissects an already processed frame (the GUI selecting
 * packet 500000) calls lsc_conv_annotate(): it adds the same nodes from the
 * stored record without touching any state, and also knows what only later
 * packets revealed (the reply to a request, "no reply" once the capture ended).
 *
 * States of a TCP end follow RFC 9293.  "After this segment" means after the
 * sender sent it and the receiver processed it: the SYN puts the client in
 * SYN-SENT and the server (assumed listening) in SYN-RECEIVED.  When a later
 * segment shows the receiver never got there (a RST answering the SYN, a FIN
 * that crossed the peer's FIN), the later segment says so in a note and the
 * stored records of the earlier segments are corrected.
 */
#pragma once

#include <glib.h>
#include "lsc-tree.h"

G_BEGIN_DECLS

typedef enum {
  LSC_TCP_STATE_UNKNOWN = 0,
  LSC_TCP_STATE_CLOSED,
  LSC_TCP_STATE_LISTEN,
  LSC_TCP_STATE_SYN_SENT,
  LSC_TCP_STATE_SYN_RECEIVED,
  LSC_TCP_STATE_ESTABLISHED,
  LSC_TCP_STATE_FIN_WAIT_1,
  LSC_TCP_STATE_FIN_WAIT_2,
  LSC_TCP_STATE_CLOSE_WAIT,
  LSC_TCP_STATE_CLOSING,
  LSC_TCP_STATE_LAST_ACK,
  LSC_TCP_STATE_TIME_WAIT,
} LscTcpState;

/* What a packet does in its conversation. */
typedef enum {
  LSC_ROLE_NONE = 0,
  LSC_ROLE_HS_SYN,          /* handshake 1/3 SYN */
  LSC_ROLE_HS_SYNACK,       /* handshake 2/3 SYN-ACK */
  LSC_ROLE_HS_ACK,          /* handshake 3/3 ACK */
  LSC_ROLE_SIM_SYN,         /* simultaneous open: the second SYN, crossing the first */
  LSC_ROLE_SIM_SYNACK,      /* simultaneous open: SYN-ACK from either end */
  LSC_ROLE_DATA,            /* carries data */
  LSC_ROLE_ACK,             /* pure acknowledgment */
  LSC_ROLE_HALF_DATA,       /* data sent after the peer's FIN (half-close) */
  LSC_ROLE_TD_FIN1,         /* teardown 1/4 FIN (the active closer) */
  LSC_ROLE_TD_ACK2,         /* teardown 2/4 ACK of the first FIN */
  LSC_ROLE_TD_FIN3,         /* teardown 3/4 FIN (the passive closer) */
  LSC_ROLE_TD_FINACK23,     /* teardown 2+3/4 FIN+ACK: the three-segment close */
  LSC_ROLE_TD_ACK4,         /* teardown 4/4 ACK of the second FIN */
  LSC_ROLE_TD_SIM_FIN,      /* simultaneous close: a FIN that crossed the peer's FIN */
  LSC_ROLE_RST,             /* RST abort */
  LSC_ROLE_RST_REFUSED,     /* RST answering a SYN: nothing listens on that port */
  LSC_ROLE_ECHO_REQUEST,
  LSC_ROLE_ECHO_REPLY,
  LSC_ROLE_ARP_REQUEST,
  LSC_ROLE_ARP_REPLY,
  LSC_ROLE_ARP_GRATUITOUS,
  LSC_ROLE_ARP_PROBE,
  LSC_ROLE_UDP,
  LSC_ROLE_LAST
} LscConvRole;

/* Analysis flags of a packet (LscConvPacket.flags). */
typedef enum {
  LSC_CONV_F_FROM_B       = 1 << 0,   /* sent by the server / responder (end B) */
  LSC_CONV_F_RETRANS      = 1 << 1,   /* tcp.analysis.retransmission */
  LSC_CONV_F_OUT_OF_ORDER = 1 << 2,   /* tcp.analysis.out_of_order */
  LSC_CONV_F_DUP_ACK      = 1 << 3,   /* tcp.analysis.duplicate_ack */
  LSC_CONV_F_ZERO_WINDOW  = 1 << 4,   /* tcp.analysis.zero_window */
  LSC_CONV_F_KEEP_ALIVE   = 1 << 5,   /* tcp.analysis.keep_alive */
  LSC_CONV_F_LOST_SEGMENT = 1 << 6,   /* tcp.analysis.lost_segment: bytes before this one were not captured */
  LSC_CONV_F_MIDSTREAM    = 1 << 7,   /* first packet of a TCP stream whose start was not captured */
  LSC_CONV_F_NO_REPLY     = 1 << 8,   /* request that was never answered (set when known) */
  LSC_CONV_F_DUP_REPLY    = 1 << 9,   /* a second reply to the same request */
  LSC_CONV_F_CONFLICT     = 1 << 10,  /* ARP: an IP address claimed by a second MAC */
  LSC_CONV_F_REUSED_PORTS = 1 << 11,  /* a new SYN on the tuple of an earlier, finished stream */
  LSC_CONV_F_REVISED      = 1 << 12,  /* a later packet proved the receiver's assumed state wrong */
  LSC_CONV_F_AMBIGUOUS    = 1 << 13,  /* the capture cannot tell: the analysis guessed (see the note) */
  LSC_CONV_F_WITH_DATA    = 1 << 14,  /* a handshake/teardown segment that also carries data */
} LscConvFlags;

typedef enum {
  LSC_CONV_TCP,
  LSC_CONV_UDP,
  LSC_CONV_ICMP,   /* echo request/reply, keyed by addresses and identifier (v4 and v6) */
  LSC_CONV_ARP,    /* ARP between two IPv4 addresses */
} LscConvKind;

typedef enum {
  LSC_CONV_END_OPEN = 0,     /* still open when the capture ended */
  LSC_CONV_END_FIN_BOTH,     /* FIN both ways (graceful close) */
  LSC_CONV_END_FIN_ONE,      /* one FIN only: half-closed when the capture ended */
  LSC_CONV_END_RST,          /* aborted by RST */
  LSC_CONV_END_REFUSED,      /* SYN answered by RST */
  LSC_CONV_END_UNKNOWN,      /* no SYN/FIN/RST seen (UDP, ICMP, ARP, or a TCP stream with no handshake) */
} LscConvEnd;

/* One conversation, as the summary table shows it.  End A is the client (the
 * sender of the first SYN, the pinger, the ARP requester); B the server. */
typedef struct {
  LscConvKind kind;
  guint32 id;                 /* tcp.stream / udp.stream number; for ICMP and ARP a running number per kind */
  guint8 family;              /* 4 or 6 */
  guint8 addr_a[16], addr_b[16];
  guint16 port_a, port_b;     /* ICMP: the echo identifier in both */
  guint64 packets[2];         /* [0] A→B, [1] B→A */
  guint64 bytes[2];           /* frame bytes on the wire, as tshark -z conv counts */
  guint64 first_frame, last_frame;
  gint64 start_ns, last_ns;

  /* TCP. */
  gboolean handshake_complete;
  gboolean midstream;         /* the capture started after the handshake: client inferred from the ports */
  gboolean simultaneous_open, simultaneous_close;
  LscConvEnd end;
  LscTcpState state_a, state_b;  /* final states */
  double initial_rtt;         /* seconds from SYN to the handshake's ACK, -1 unknown */

  /* ICMP echo and ARP. */
  guint32 requests, replies, unanswered, duplicates;
  guint32 gratuitous, conflicts;
} LscConvInfo;

/* What the analysis knows about one processed packet. */
typedef struct {
  gboolean valid;           /* FALSE: the packet belongs to no conversation */
  guint32 conv;             /* index for lsc_conv_nth() */
  LscConvRole role;
  guint32 flags;            /* LscConvFlags */
  LscTcpState state_a, state_b;  /* TCP: states of client and server after this segment */
  guint64 link;             /* paired frame: the reply/request (ICMP, ARP), the original ACK (dup ACK), the earlier claim (ARP conflict); 0 none */
  guint32 aux;              /* response time in µs (ICMP/ARP replies), duplicate ACK number */
} LscConvPacket;

typedef struct _LscConv LscConv;

LscConv *lsc_conv_new (void);
void lsc_conv_free (LscConv *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LscConv, lsc_conv_free)
/* Streaming: keep no per-frame records, so memory does not grow with the
 * number of packets (a one-pass reader such as layerscope-cli).  Only the
 * frame just processed can then be asked about (lsc_conv_packet(),
 * lsc_conv_tcp_relative(), lsc_conv_annotate()); the conversations and
 * their counts are the same.  Set it before the first packet. */
void lsc_conv_set_streaming (LscConv *c, gboolean streaming);
/* With streaming: forget what a one-pass reader that prints no
 * conversation table and no ladder no longer needs, so memory stays flat
 * however many conversations the capture holds:
 *  - a TCP connection that a new one on the same addresses and ports
 *    replaces (port reuse): the new one takes its place;
 *  - a TCP connection 10 s (capture time) after its last segment once it
 *    has closed (RST, or both FINs acknowledged), 5 min after it when open;
 *  - a UDP conversation, an echo conversation, an ARP conversation (with
 *    its pending requests) and an echo request 60 s after their last packet;
 *  - who claimed an IPv4 address (ARP conflicts) after 5 min;
 *  - beyond 16,384 conversations, 16,384 echo requests or 16,384 ARP
 *    claims, the least recently seen one (a closed connection first).
 * A later packet of a forgotten conversation starts a new one, as at the
 * start of a capture.  lsc_conv_nth() returns NULL for a forgotten
 * conversation's index (lsc_conv_count() counts every index used) and
 * lsc_conv_find_tcp_stream() finds none. */
void lsc_conv_set_forget (LscConv *c, gboolean forget);
/* What the analysis remembers now, and how many entries it forgot so far. */
void lsc_conv_remembered (const LscConv *c, guint *convs, guint *echo_requests, guint *arp_claims, guint64 *forgotten);

/* Analyse the packet t was just dissected from (frame numbers must grow) and
 * add the derived nodes to t.  A frame number already processed is only
 * annotated.  Writes the TCP Info column the decoder left to it
 * (LscDissectOptions.tcp_info_by_analysis). */
void lsc_conv_process (LscConv *c, LscTree *t);
/* Add the derived nodes of an already processed frame to a fresh tree of it,
 * and what the fragment reassembly (lsc-reasm.h) adds to it.  Returns FALSE
 * when neither added anything. */
gboolean lsc_conv_annotate (LscConv *c, LscTree *t);
/* The capture ended: requests still waiting become "no reply". */
void lsc_conv_finish (LscConv *c);

guint lsc_conv_count (const LscConv *c);
const LscConvInfo *lsc_conv_nth (const LscConv *c, guint i);
/* Index of the TCP conversation with that tcp.stream number, or -1. */
gint lsc_conv_find_tcp_stream (const LscConv *c, guint32 stream);
gboolean lsc_conv_packet (const LscConv *c, guint64 frame, LscConvPacket *out);
/* Relative sequence/acknowledgment numbers of a processed TCP segment from
 * its absolute ones (pi of a tree of that frame). */
gboolean lsc_conv_tcp_relative (const LscConv *c, guint64 frame, const LscPinfo *pi,
                                guint32 *seq, guint32 *ack);
/* Bytes held for the per-packet records and conversations (for the memory budget). */
gsize lsc_conv_memory (const LscConv *c);

/* Names for people (translated). */
const char *lsc_tcp_state_name (LscTcpState s);         /* "SYN-SENT" (RFC spelling, not translated) */
/* The state in its own words, for learners (translated): what got the end
 * there and what it waits for (TIME-WAIT: why 2×MSL). */
const char *lsc_tcp_state_explain (LscTcpState s);
const char *lsc_conv_role_label (LscConvRole r);        /* "handshake 1/3 SYN" */
const char *lsc_conv_kind_name (LscConvKind k);         /* "TCP" */
const char *lsc_conv_end_label (LscConvEnd e);          /* "FIN both ways" */
/* "198.18.0.1:40000" or "[fd00::1]:80" or "198.18.0.1" (ICMP/ARP), into buf (>= 64 bytes). */
void lsc_conv_format_endpoint (const LscConvInfo *ci, gboolean b_side, char *buf, gsize n);

/* A display filter (lsc-filter.h) that matches exactly the packets of
 * conversation i: "tcp.stream == 3", "udp.stream == 1", for ICMP echo the
 * identifier and both addresses, for ARP both IPv4 addresses.  Free with
 * g_free(); NULL when i is out of range. */
char *lsc_conv_filter_text (const LscConv *c, guint i);

/* The derived fields (tcp.stream, tcp.analysis.*, icmp.resp_in, ...) for the registry. */
extern const LscField lsc_fields_conv[];

G_END_DECLS

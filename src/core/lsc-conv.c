/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-conv.c — conversation tracking, TCP state machine, echo and ARP pairing
 *
 * Per packet: one hash lookup (bidirectional 5-tuple → conversation), a few
 * comparisons, one 16-byte record appended.  Everything a view needs later is
 * either in that record or in the conversation (sequence number bases, window
 * scale, initial RTT), so lsc_conv_annotate() rebuilds the derived nodes of any
 * frame in constant time.
 */
#include "lsc-conv.h"
#include "lsc-dissect.h"
#include "lsc-format.h"
#include "lsc-reasm.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* ---- fields ---------------------------------------------------------------- */

enum {
  F_TCP_STREAM, F_TCP_NXTSEQ, F_TCP_WIN_CALC, F_TCP_WIN_SCALE, F_TCP_ROLE, F_TCP_SENDER,
  F_TCP_STATE_CLIENT, F_TCP_STATE_SERVER, F_TCP_ANALYSIS, F_TCP_A_FLAGS, F_TCP_A_IRTT,
  F_TCP_A_RETRANS, F_TCP_A_OOO, F_TCP_A_DUPACK, F_TCP_A_DUPACK_NUM, F_TCP_A_DUPACK_FRAME,
  F_TCP_A_ZEROWIN, F_TCP_A_KEEPALIVE, F_TCP_A_LOST, F_TCP_A_REUSED,
  F_UDP_STREAM,
  F_ICMP_RESP_IN, F_ICMP_RESP_TO, F_ICMP_RESPTIME, F_ICMP_NO_RESP, F_ICMP_DUP_REPLY, F_ICMP_HOPS,
  F_ICMP6_RESP_IN, F_ICMP6_RESP_TO, F_ICMP6_RESPTIME, F_ICMP6_NO_RESP,
  F_ARP_RESP_IN, F_ARP_RESP_TO, F_ARP_RESPTIME, F_ARP_NO_RESP, F_ARP_DUP_DETECTED, F_ARP_DUP_FRAME,
  F_CONV_ROLE,
};

const LscField lsc_fields_conv[] = {
  [F_TCP_STREAM] = { "tcp.stream", N_("Stream index"), LSC_FT_UINT,
                     .blurb = N_("Number of the TCP connection this segment belongs to, counting from 0 in the order connections appear in the capture.") },
  [F_TCP_NXTSEQ] = { "tcp.nxtseq", N_("Next Sequence Number"), LSC_FT_UINT,
                     .blurb = N_("Relative sequence number the sender will use next: this one plus the data length, plus one for a SYN or FIN.") },
  [F_TCP_WIN_CALC] = { "tcp.window_size", N_("Calculated window size"), LSC_FT_UINT,
                       .blurb = N_("The window field multiplied by the scale factor both ends agreed on in their SYNs: bytes the sender can still receive.") },
  [F_TCP_WIN_SCALE] = { "tcp.window_size_scalefactor", N_("Window size scaling factor"), LSC_FT_INT,
                        .blurb = N_("The multiplier for the window field: -1 when the SYNs were not captured, -2 when the ends did not agree on scaling.") },
  [F_TCP_ROLE] = { "tcp.conv.role", N_("Role in the connection"), LSC_FT_STRING,
                   .blurb = N_("What this segment does in its connection: a step of the three-way handshake or four-way teardown, data, an acknowledgment or an abort.") },
  [F_TCP_SENDER] = { "tcp.conv.sender", N_("Sent by"), LSC_FT_STRING,
                     .blurb = N_("Whether the client (the end that called connect() and sent the first SYN) or the server (the end that called listen()) sent this segment.") },
  [F_TCP_STATE_CLIENT] = { "tcp.conv.client_state", N_("Client state after this segment"), LSC_FT_STRING,
                           .blurb = N_("The client's TCP state (RFC 9293) once this segment was sent and processed, e.g. SYN-SENT, ESTABLISHED, FIN-WAIT-2, TIME-WAIT.") },
  [F_TCP_STATE_SERVER] = { "tcp.conv.server_state", N_("Server state after this segment"), LSC_FT_STRING,
                           .blurb = N_("The server's TCP state (RFC 9293) once this segment was sent and processed, e.g. LISTEN, SYN-RECEIVED, CLOSE-WAIT, LAST-ACK.") },
  [F_TCP_ANALYSIS] = { "tcp.analysis", N_("SEQ/ACK analysis"), LSC_FT_NONE,
                       .blurb = N_("Facts derived by following the connection's sequence and acknowledgment numbers across segments.") },
  [F_TCP_A_FLAGS] = { "tcp.analysis.flags", N_("TCP Analysis Flags"), LSC_FT_NONE,
                      .blurb = N_("Unusual events found in this segment, such as retransmissions or duplicate acknowledgments.") },
  [F_TCP_A_IRTT] = { "tcp.analysis.initial_rtt", N_("iRTT"), LSC_FT_RELTIME,
                     .blurb = N_("Initial round-trip time: from the client's SYN to its handshake ACK, i.e. one trip there and back as seen from the capture point.") },
  [F_TCP_A_RETRANS] = { "tcp.analysis.retransmission", N_("This frame is a (suspected) retransmission"), LSC_FT_NONE,
                        .blurb = N_("The segment repeats bytes (or a SYN/FIN) already sent: the sender gave up waiting for an acknowledgment and sent it again.") },
  [F_TCP_A_OOO] = { "tcp.analysis.out_of_order", N_("This frame is a (suspected) out-of-order segment"), LSC_FT_NONE,
                    .blurb = N_("The segment fills a gap shortly after later bytes were seen: it was overtaken on the way rather than resent.") },
  [F_TCP_A_DUPACK] = { "tcp.analysis.duplicate_ack", N_("Duplicate ACK"), LSC_FT_NONE,
                       .blurb = N_("An acknowledgment that repeats the previous one exactly: the receiver got a later segment while one is missing; three in a row trigger fast retransmit.") },
  [F_TCP_A_DUPACK_NUM] = { "tcp.analysis.duplicate_ack_num", N_("Duplicate ACK #"), LSC_FT_UINT,
                           .blurb = N_("How many times in a row this acknowledgment has been repeated.") },
  [F_TCP_A_DUPACK_FRAME] = { "tcp.analysis.duplicate_ack_frame", N_("Duplicate to the ACK in frame"), LSC_FT_FRAMENUM,
                             .blurb = N_("The frame carrying the original acknowledgment that this one repeats.") },
  [F_TCP_A_ZEROWIN] = { "tcp.analysis.zero_window", N_("TCP Zero Window segment"), LSC_FT_NONE,
                        .blurb = N_("The sender's receive buffer is full (window 0): the peer must stop sending until a window update arrives.") },
  [F_TCP_A_KEEPALIVE] = { "tcp.analysis.keep_alive", N_("TCP keep-alive segment"), LSC_FT_NONE,
                          .blurb = N_("An empty (or one-byte) segment one below the next sequence number, sent on an idle connection to check the peer is still there.") },
  [F_TCP_A_LOST] = { "tcp.analysis.lost_segment", N_("Previous segment(s) not captured (common at capture start)"), LSC_FT_NONE,
                     .blurb = N_("This segment starts beyond the bytes seen so far: the ones in between were lost or the capture missed them.") },
  [F_TCP_A_REUSED] = { "tcp.analysis.reused_ports", N_("A new tcp session is started with the same ports as an earlier session in this trace"), LSC_FT_NONE,
                       .blurb = N_("A SYN on the address and port pair of a connection that already ended: a new connection, so a new stream number.") },
  [F_UDP_STREAM] = { "udp.stream", N_("Stream index"), LSC_FT_UINT,
                     .blurb = N_("Number of the UDP conversation (address and port pair) this datagram belongs to, counting from 0.") },
  [F_ICMP_RESP_IN] = { "icmp.resp_in", N_("Response frame"), LSC_FT_FRAMENUM,
                       .blurb = N_("The frame with the echo reply that answers this echo request.") },
  [F_ICMP_RESP_TO] = { "icmp.resp_to", N_("Request frame"), LSC_FT_FRAMENUM,
                       .blurb = N_("The frame with the echo request this reply answers (same identifier and sequence number).") },
  [F_ICMP_RESPTIME] = { "icmp.resptime", N_("Response time"), LSC_FT_DOUBLE,
                        .blurb = N_("Milliseconds between the echo request and its reply: the round-trip time ping prints.") },
  [F_ICMP_NO_RESP] = { "icmp.no_resp", N_("No response seen"), LSC_FT_NONE,
                       .blurb = N_("No echo reply with this identifier and sequence number was captured: the request or its reply was lost, or the host is down.") },
  [F_ICMP_DUP_REPLY] = { "icmp.conv.duplicate_reply", N_("Duplicate reply"), LSC_FT_FRAMENUM,
                         .blurb = N_("A second reply to a request that was already answered (ping prints DUP!); the value is the first reply's frame.") },
  [F_ICMP_HOPS] = { "icmp.conv.hops", N_("Hops guessed from the reply's TTL"), LSC_FT_UINT,
                    .blurb = N_("Routers between the hosts, guessed from how far the reply's TTL fell below the usual start values 64, 128 or 255.") },
  [F_ICMP6_RESP_IN] = { "icmpv6.resp_in", N_("Response In"), LSC_FT_FRAMENUM,
                        .blurb = N_("The frame with the ICMPv6 echo reply that answers this echo request.") },
  [F_ICMP6_RESP_TO] = { "icmpv6.resp_to", N_("Response To"), LSC_FT_FRAMENUM,
                        .blurb = N_("The frame with the ICMPv6 echo request this reply answers.") },
  [F_ICMP6_RESPTIME] = { "icmpv6.resptime", N_("Response Time"), LSC_FT_DOUBLE,
                         .blurb = N_("Milliseconds between the ICMPv6 echo request and its reply.") },
  [F_ICMP6_NO_RESP] = { "icmpv6.no_resp", N_("No response seen"), LSC_FT_NONE,
                        .blurb = N_("No ICMPv6 echo reply answering this request was captured.") },
  [F_ARP_RESP_IN] = { "arp.conv.resp_in", N_("Reply frame"), LSC_FT_FRAMENUM,
                      .blurb = N_("The frame with the ARP reply that answers this request.") },
  [F_ARP_RESP_TO] = { "arp.conv.resp_to", N_("Request frame"), LSC_FT_FRAMENUM,
                      .blurb = N_("The frame with the ARP request this reply answers.") },
  [F_ARP_RESPTIME] = { "arp.conv.resptime", N_("Response time"), LSC_FT_DOUBLE,
                       .blurb = N_("Milliseconds between the ARP request and its reply.") },
  [F_ARP_NO_RESP] = { "arp.conv.no_resp", N_("No reply seen"), LSC_FT_NONE,
                      .blurb = N_("Nobody answered this request: no host on the link has that IP address (or it is down).") },
  [F_ARP_DUP_DETECTED] = { "arp.duplicate-address-detected", N_("Duplicate IP address configured"), LSC_FT_NONE,
                           .blurb = N_("Two different MAC addresses claimed the same IP address: an address conflict, or someone spoofing it.") },
  [F_ARP_DUP_FRAME] = { "arp.duplicate-address-frame", N_("Frame showing earlier use of IP address"), LSC_FT_FRAMENUM,
                        .blurb = N_("The frame in which the other MAC address claimed this IP address.") },
  [F_CONV_ROLE] = { "arp.conv.role", N_("Role"), LSC_FT_STRING,
                    .blurb = N_("What this ARP packet does: a request, the reply to one, a gratuitous announcement or a probe.") },
  { NULL }
};

/* ---- internal types -------------------------------------------------------- */

/* Canonical bidirectional key: the smaller (address, port) end first. */
typedef struct {
  guint8 kind;
  guint8 family;
  guint16 port_lo, port_hi;
  guint8 addr_lo[16], addr_hi[16];
} ConvKey;

enum {
  D_BASE = 1 << 0, D_NXT = 1 << 1, D_SYN = 1 << 2, D_FIN = 1 << 3, D_FIN_ACKED = 1 << 4,
  D_ACKED = 1 << 5, D_HOLE = 1 << 6, D_SYNACK = 1 << 7,
};

/* TcpDir.f2 */
enum {
  D2_KEEPALIVE = 1 << 0,  /* its last segment was a keep-alive: the peer's next ACK answers it */
  D2_SYN_CUT = 1 << 1,    /* its SYN was cut short inside its options: wscale may be missing */
};

typedef struct {
  guint32 base;      /* relative numbers count from here */
  guint32 nxt;       /* highest seq + segment length seen (absolute) */
  guint32 isn;
  guint32 fin_seq;   /* sequence number of the FIN (absolute) */
  guint32 last_ack;
  guint32 hole_lo, hole_hi;
  gint64 hole_ts;
  guint32 last_ack_frame;
  guint32 dup_acks;
  guint16 last_win;
  guint8 f;          /* D_* */
  gint8 wscale;      /* -1 none announced in its SYN */
  guint8 fin_role;   /* role its FIN got, for retransmissions */
  guint8 f2;         /* D2_* */
} TcpDir;

#define MAX_SYN_FRAMES 4

typedef struct {
  LscConvInfo info;
  ConvKey key;
  gboolean a_is_lo;
  guint8 list;             /* forgetting: the list it sits in (List + 1), 0 none: forgotten */
  guint8 pend_flags[2];    /* ARP: PEND_* of the pending request of each end */
  guint32 pend_frame[2];   /* ARP: the pending request of each end */
  gint64 pend_ts[2];
  guint64 uid;             /* never reused, unlike its index (pending echo requests name it) */
  /* TCP only: the other kinds are allocated without these (CONV_SIZE). */
  TcpDir dir[2];           /* by sender: [0] A (client), [1] B (server) */
  LscTcpState st[2];
  gint64 syn_ts;
  guint32 hs_ack_frame;    /* frame of the handshake's ACK: iRTT is shown from there on */
  guint32 syn_frames[MAX_SYN_FRAMES];
  guint n_syn_frames;
  gboolean ended;          /* RST or FIN both ways: a new SYN starts a new stream */
  gint8 ws_agreed;         /* -1 unknown, 0 not agreed, 1 agreed */
} Conv;

/* UDP, echo and ARP conversations, the most numerous, need no TCP state. */
#define CONV_SIZE(kind) ((kind) == LSC_CONV_TCP ? sizeof (Conv) : G_STRUCT_OFFSET (Conv, dir))

/* What the unanswered count needs to know about a pending request, kept
 * with the pending request itself so it works without per-frame records. */
enum {
  PEND_COUNTED = 1 << 0,   /* counted as unanswered (its record says NO_REPLY) */
  PEND_LINKED = 1 << 1,    /* ARP: its record links to an earlier claim (a conflict) */
};

typedef struct {
  guint32 conv;    /* index + 1; 0 none */
  guint32 link;
  guint32 aux;
  guint16 flags;
  guint8 role;
  guint8 states;   /* A's state in the low nibble, B's in the high one */
} Rec;

G_STATIC_ASSERT (sizeof (Rec) == 16);

typedef struct {
  guint32 req_frame;
  guint32 reply_frame;
  gint64 ts;
  guint32 conv;            /* conversation index */
  guint8 pend_flags;       /* PEND_* */
  gboolean used;           /* FALSE: a forgotten entry's slot, free */
  guint64 key;             /* its key in LscConv.echo (the conversation's uid, v6, seq) */
  gint64 last_ns;          /* its request or latest reply */
} EchoPending;

typedef struct {
  guint8 mac[6];
  guint32 frame;
  guint32 spa;             /* the claimed address (its key) */
  gint64 ts;
} ArpClaim;

/* ---- forgetting (lsc_conv_set_forget) ---------------------------------------
 * A one-pass analysis forgets what no later packet is likely to need, so its
 * memory does not grow with the capture.  Every conversation, pending echo
 * request and ARP claim sits in a list ordered by its last packet (least
 * recently seen first): each packet moves its entries to the tail, and
 * before each packet the heads quiet for longer than their window (capture
 * time) are forgotten.  A hard cap on the entries of each table forgets the
 * least recently seen one when a new one would pass it, whatever its age.
 * A packet that comes after its conversation was forgotten starts a new one
 * (a new tcp.stream, a TCP stream picked up mid-way, a reply whose request
 * is not known), as it would at the start of a capture.  docs/ARCHITECTURE.md
 * and the README give the windows to users. */

typedef enum { L_TCP_OPEN, L_TCP_CLOSED, L_UDP, L_ICMP, L_ARP, N_LISTS } List;

#define SEC ((gint64) 1000000000)
static const gint64 list_window_ns[N_LISTS] = {
  [L_TCP_OPEN] = 300 * SEC,   /* an open TCP connection with no segment for 5 min */
  [L_TCP_CLOSED] = 10 * SEC,  /* RST, or both FINs acknowledged: late retransmissions come sooner */
  [L_UDP] = 30 * SEC,         /* UDP (DNS, ...), as Linux's connection tracking */
  [L_ICMP] = 30 * SEC,        /* echo conversations (identifier) */
  [L_ARP] = 30 * SEC,         /* ARP between two addresses, with its pending requests */
};
#define ECHO_WINDOW_NS (30 * SEC)      /* an echo request and its replies */
#define CLAIM_WINDOW_NS (300 * SEC)    /* who claimed an IPv4 address (conflict detection) */
#define FORGET_CAP_CONVS 16384
#define FORGET_CAP_ECHO 16384
#define FORGET_CAP_CLAIMS 16384

/* Links of a list, kept beside the table they order: index + 1, 0 none. */
typedef struct {
  guint32 prev, next;
} Link;

typedef struct {
  guint32 head, tail;
} Lru;

static void
lru_append (GArray *links, Lru *l, guint32 i)
{
  if (links->len <= i)
    g_array_set_size (links, i + 1);
  Link *k = &g_array_index (links, Link, i);
  k->prev = l->tail;
  k->next = 0;
  if (l->tail)
    g_array_index (links, Link, l->tail - 1).next = i + 1;
  else
    l->head = i + 1;
  l->tail = i + 1;
}

static void
lru_unlink (GArray *links, Lru *l, guint32 i)
{
  Link *k = &g_array_index (links, Link, i);
  if (k->prev)
    g_array_index (links, Link, k->prev - 1).next = k->next;
  else
    l->head = k->next;
  if (k->next)
    g_array_index (links, Link, k->next - 1).prev = k->prev;
  else
    l->tail = k->prev;
  k->prev = k->next = 0;
}

/* Move entry i (already in l) to the tail: seen just now. */
static void
lru_touch (GArray *links, Lru *l, guint32 i)
{
  if (l->tail == i + 1)
    return;
  lru_unlink (links, l, i);
  lru_append (links, l, i);
}

static void echo_forget (LscConv *c, guint32 i);
static void claim_forget (LscConv *c, guint32 i);

/* The conversations by key: open addressing with linear probing, each slot
 * the key's hash and the conversation's index + 1, so a lookup touches one
 * slot and then the conversation it needs anyway (a GHashTable touches its
 * hash, key and value arrays and the key).  The key itself lives in the
 * Conv. */
typedef struct {
  guint32 hash;
  guint32 idx1;             /* index + 1; 0 empty, KEY_TOMB removed */
} KeySlot;
#define KEY_TOMB G_MAXUINT32

typedef struct {
  KeySlot *slots;
  guint32 mask;             /* slots - 1 (a power of two) */
  guint32 live, used;       /* entries; entries and tombstones */
} KeyTable;

struct _LscConv {
  LscReasm *reasm;          /* IP fragments, taken before the conversation (lsc-reasm.h) */
  GPtrArray *convs;         /* Conv*, in order of first appearance */
  KeyTable by_key;          /* ConvKey → current Conv index */
  GArray *recs;             /* Rec, by frame number - 1 (empty when streaming) */
  gboolean streaming;       /* keep only the record of the frame being processed */
  gboolean forget;          /* forget what a one-pass analysis no longer needs (lsc_conv_set_forget) */
  Rec cur;                  /* that record, when streaming */
  GHashTable *echo;         /* guint64 (conversation uid << 17 | v6 << 16 | seq) → EchoPending index + 1 */
  GArray *echo_pend;
  GHashTable *arp_claims;   /* IPv4 (host order) → ArpClaim index + 1 */
  GArray *claims;
  GArray *tcp_streams;      /* guint32 conversation index, by tcp.stream number */
  guint32 next_id[4];       /* per kind */
  guint64 next_uid;
  /* Forgetting: lists by last packet, free slots, entries remembered. */
  Lru lists[N_LISTS], echo_lru, claim_lru;
  GArray *conv_links, *echo_links, *claim_links;  /* Link, by index */
  GArray *free_convs, *free_echo, *free_claims;   /* guint32 indexes of forgotten entries */
  guint live_convs, live_echo, live_claims;
  gint64 now_ns;            /* latest packet time seen */
  gint64 sweep_ns;          /* nothing is quiet for longer than its window before this time */
  guint64 forgotten;        /* entries forgotten so far (for tests and the bench) */
  guint64 last_frame;
  gboolean finished;
  const LscField *f_seq, *f_ack, *f_sack_le, *f_sack_re;
};

/* ---- helpers --------------------------------------------------------------- */

static inline gboolean seq_lt (guint32 a, guint32 b) { return (gint32) (a - b) < 0; }
static inline gboolean seq_le (guint32 a, guint32 b) { return (gint32) (a - b) <= 0; }
static inline gboolean seq_gt (guint32 a, guint32 b) { return (gint32) (a - b) > 0; }

/* Word at a time: the key is hashed for every packet.  The last word
 * overlaps the one before it, so no byte is left for a byte loop. */
G_STATIC_ASSERT (sizeof (ConvKey) > 32 && sizeof (ConvKey) <= 40);
static guint
key_hash (gconstpointer p)
{
  const guint8 *b = p;
  guint64 h = 0x9e3779b97f4a7c15ull, w;
  for (gsize i = 0; i < 32; i += 8)
    {
      memcpy (&w, b + i, 8);
      h = (h ^ w) * 0xff51afd7ed558ccdull;
    }
  memcpy (&w, b + sizeof (ConvKey) - 8, 8);
  h = (h ^ w) * 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 29;
  return (guint) (h ^ (h >> 32));
}

static gboolean
key_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, sizeof (ConvKey)) == 0;
}

/* Fill k from one direction; returns TRUE when the sender is the key's lo end. */
static gboolean
make_key (ConvKey *k, LscConvKind kind, int family, const guint8 *src, guint16 sport,
          const guint8 *dst, guint16 dport)
{
  gsize alen = family == 6 ? 16 : 4;
  memset (k, 0, sizeof *k);
  k->kind = (guint8) kind;
  k->family = (guint8) family;
  int c = memcmp (src, dst, alen);
  gboolean src_lo = c < 0 || (c == 0 && sport <= dport);
  memcpy (k->addr_lo, src_lo ? src : dst, alen);
  memcpy (k->addr_hi, src_lo ? dst : src, alen);
  k->port_lo = src_lo ? sport : dport;
  k->port_hi = src_lo ? dport : sport;
  return src_lo;
}

static Conv *
conv_get (LscConv *c, guint32 idx)
{
  return g_ptr_array_index (c->convs, idx);
}

/* The list a conversation belongs in now (forgetting). */
static List
conv_list_of (const Conv *v)
{
  switch (v->info.kind)
    {
    case LSC_CONV_TCP:
      return v->info.end == LSC_CONV_END_RST || v->info.end == LSC_CONV_END_REFUSED ||
             ((v->dir[0].f & D_FIN_ACKED) && (v->dir[1].f & D_FIN_ACKED)) ? L_TCP_CLOSED : L_TCP_OPEN;
    case LSC_CONV_UDP:
      return L_UDP;
    case LSC_CONV_ICMP:
      return L_ICMP;
    case LSC_CONV_ARP:
    default:
      return L_ARP;
    }
}

/* The slot holding k (*found), else the one to put it in: the first
 * tombstone passed, or the empty slot that ended the search. */
static KeySlot *
keys_find (LscConv *c, const ConvKey *k, guint32 h, gboolean *found)
{
  KeyTable *kt = &c->by_key;
  KeySlot *put = NULL;
  for (guint32 i = h & kt->mask;; i = (i + 1) & kt->mask)
    {
      KeySlot *s = &kt->slots[i];
      if (s->idx1 == 0)
        {
          *found = FALSE;
          return put ? put : s;
        }
      if (s->idx1 == KEY_TOMB)
        {
          if (!put)
            put = s;
        }
      else if (s->hash == h && key_equal (&conv_get (c, s->idx1 - 1)->key, k))
        {
          *found = TRUE;
          return s;
        }
    }
}

/* At most three quarters of the slots in use (tombstones count): a search
 * always ends at an empty slot.  Growing (or clearing tombstones) moves the
 * live entries to a table sized for twice them. */
static void
keys_reserve (LscConv *c)
{
  KeyTable *kt = &c->by_key;
  if ((guint64) (kt->used + 1) * 4 <= (guint64) (kt->mask + 1) * 3)
    return;
  guint32 size = 64;
  while ((guint64) size * 3 < (guint64) (kt->live + 1) * 4 * 2)
    size *= 2;
  KeySlot *old = kt->slots;
  guint32 old_size = kt->mask + 1;
  kt->slots = g_new0 (KeySlot, size);
  kt->mask = size - 1;
  kt->used = kt->live;
  for (guint32 j = 0; j < old_size; j++)
    if (old[j].idx1 != 0 && old[j].idx1 != KEY_TOMB)
      {
        guint32 i = old[j].hash & kt->mask;
        while (kt->slots[i].idx1)
          i = (i + 1) & kt->mask;
        kt->slots[i] = old[j];
      }
  g_free (old);
}

/* k (the key inside conversation idx) now leads to idx. */
static void
keys_set (LscConv *c, const ConvKey *k, guint32 idx)
{
  KeyTable *kt = &c->by_key;
  keys_reserve (c);
  guint32 h = key_hash (k);
  gboolean found;
  KeySlot *s = keys_find (c, k, h, &found);
  if (!found)
    {
      if (s->idx1 == 0)
        kt->used++;
      kt->live++;
      s->hash = h;
    }
  s->idx1 = idx + 1;
}

static void
keys_remove (LscConv *c, const ConvKey *k)
{
  gboolean found;
  KeySlot *s = keys_find (c, k, key_hash (k), &found);
  if (found)
    {
      s->idx1 = KEY_TOMB;
      c->by_key.live--;
    }
}

static void
conv_forget (LscConv *c, guint32 idx)
{
  Conv *v = conv_get (c, idx);
  keys_remove (c, &v->key);
  lru_unlink (c->conv_links, &c->lists[v->list - 1], idx);
  v->list = 0;
  g_array_append_val (c->free_convs, idx);
  c->live_convs--;
  c->forgotten++;
}

static void
echo_forget (LscConv *c, guint32 i)
{
  EchoPending *ep = &g_array_index (c->echo_pend, EchoPending, i);
  g_hash_table_remove (c->echo, &ep->key);
  lru_unlink (c->echo_links, &c->echo_lru, i);
  ep->used = FALSE;
  g_array_append_val (c->free_echo, i);
  c->live_echo--;
  c->forgotten++;
}

static void
claim_forget (LscConv *c, guint32 i)
{
  ArpClaim *cl = &g_array_index (c->claims, ArpClaim, i);
  g_hash_table_remove (c->arp_claims, GUINT_TO_POINTER (cl->spa));
  lru_unlink (c->claim_links, &c->claim_lru, i);
  g_array_append_val (c->free_claims, i);
  c->live_claims--;
  c->forgotten++;
}

/* An entry seen at ts with that window: the next sweep must come no later.
 * Times come from the file and may be anything: no sum may overflow. */
static inline void
sweep_by (LscConv *c, gint64 ts, gint64 window)
{
  c->sweep_ns = MIN (c->sweep_ns, ts > G_MAXINT64 - window ? G_MAXINT64 : ts + window);
}

/* Has an entry last seen at last been quiet for longer than window at now? */
static inline gboolean
quiet (gint64 now, gint64 last, gint64 window)
{
  return now > last && (guint64) now - (guint64) last > (guint64) window;
}

/* Before a packet at now: forget what has been quiet for longer than its
 * window.  The heads are the oldest entries, so the earliest of their
 * deadlines says when to look again (entries seen later can only lower it
 * when their time runs backwards, and sweep_by() sees to that). */
static void
forget_quiet (LscConv *c, gint64 now)
{
  if (now <= c->sweep_ns)
    return;
  c->sweep_ns = G_MAXINT64;
  for (int l = 0; l < N_LISTS; l++)
    {
      while (c->lists[l].head && quiet (now, conv_get (c, c->lists[l].head - 1)->info.last_ns, list_window_ns[l]))
        conv_forget (c, c->lists[l].head - 1);
      if (c->lists[l].head)
        sweep_by (c, conv_get (c, c->lists[l].head - 1)->info.last_ns, list_window_ns[l]);
    }
  while (c->echo_lru.head &&
         quiet (now, g_array_index (c->echo_pend, EchoPending, c->echo_lru.head - 1).last_ns, ECHO_WINDOW_NS))
    echo_forget (c, c->echo_lru.head - 1);
  if (c->echo_lru.head)
    sweep_by (c, g_array_index (c->echo_pend, EchoPending, c->echo_lru.head - 1).last_ns, ECHO_WINDOW_NS);
  while (c->claim_lru.head && quiet (now, g_array_index (c->claims, ArpClaim, c->claim_lru.head - 1).ts, CLAIM_WINDOW_NS))
    claim_forget (c, c->claim_lru.head - 1);
  if (c->claim_lru.head)
    sweep_by (c, g_array_index (c->claims, ArpClaim, c->claim_lru.head - 1).ts, CLAIM_WINDOW_NS);
}

/* The table is full: the least recently seen conversation goes, a closed
 * TCP connection first. */
static void
conv_forget_oldest (LscConv *c)
{
  guint32 best = c->lists[L_TCP_CLOSED].head;
  for (int l = 0; l < N_LISTS && !best; l++)
    if (c->lists[l].head &&
        (!best || conv_get (c, c->lists[l].head - 1)->info.last_ns < conv_get (c, best - 1)->info.last_ns))
      best = c->lists[l].head;
  if (best)
    conv_forget (c, best - 1);
}

/* Forgetting: conversation idx just had a packet. */
static void
conv_touch (LscConv *c, guint32 idx)
{
  Conv *v = conv_get (c, idx);
  List l = conv_list_of (v);
  sweep_by (c, v->info.last_ns, list_window_ns[l]);
  if (v->list == l + 1)
    {
      lru_touch (c->conv_links, &c->lists[l], idx);
      return;
    }
  lru_unlink (c->conv_links, &c->lists[v->list - 1], idx);
  lru_append (c->conv_links, &c->lists[l], idx);
  v->list = (guint8) (l + 1);
}

/* A new conversation, or (at >= 0) a new one in the place of conversation
 * at, which it replaces (forgetting: a new connection on the ports of a
 * finished one). */
static guint32
conv_new_at (LscConv *c, const ConvKey *k, gboolean sender_is_a, gboolean sender_is_lo, const LscTree *t, gint64 at)
{
  const LscPacket *pkt = lsc_tree_packet (t);
  Conv *v;
  if (c->forget && at < 0)
    {
      if (c->live_convs >= FORGET_CAP_CONVS)
        conv_forget_oldest (c);
      if (c->free_convs->len)
        {
          at = g_array_index (c->free_convs, guint32, c->free_convs->len - 1);
          g_array_set_size (c->free_convs, c->free_convs->len - 1);
          c->live_convs++;
        }
    }
  v = g_malloc0 (CONV_SIZE (k->kind));
  if (at >= 0)
    {
      /* The conversation replaced, or a forgotten one's slot. */
      Conv *old = conv_get (c, (guint32) at);
      if (old->list)
        {
          lru_unlink (c->conv_links, &c->lists[old->list - 1], (guint32) at);
          keys_remove (c, &old->key);
        }
      g_free (old);
      c->convs->pdata[at] = v;
    }
  else
    c->live_convs++;
  v->uid = c->next_uid++;
  v->key = *k;
  v->a_is_lo = sender_is_a ? sender_is_lo : !sender_is_lo;
  v->info.kind = k->kind;
  v->info.id = c->next_id[k->kind]++;
  v->info.family = k->family;
  memcpy (v->info.addr_a, v->a_is_lo ? k->addr_lo : k->addr_hi, 16);
  memcpy (v->info.addr_b, v->a_is_lo ? k->addr_hi : k->addr_lo, 16);
  v->info.port_a = v->a_is_lo ? k->port_lo : k->port_hi;
  v->info.port_b = v->a_is_lo ? k->port_hi : k->port_lo;
  v->info.first_frame = pkt->num;
  v->info.start_ns = pkt->ts_ns;
  v->info.initial_rtt = -1;
  v->info.end = k->kind == LSC_CONV_TCP ? LSC_CONV_END_OPEN : LSC_CONV_END_UNKNOWN;
  if (k->kind == LSC_CONV_TCP)
    {
      v->st[0] = LSC_TCP_STATE_CLOSED;
      v->st[1] = LSC_TCP_STATE_LISTEN;
      v->dir[0].wscale = v->dir[1].wscale = -1;
      v->ws_agreed = -1;
    }
  guint32 idx;
  if (at >= 0)
    idx = (guint32) at;
  else
    {
      g_ptr_array_add (c->convs, v);
      idx = c->convs->len - 1;
    }
  if (k->kind == LSC_CONV_TCP && !c->forget)
    g_array_append_val (c->tcp_streams, idx);
  keys_set (c, &v->key, idx);
  if (c->forget)
    {
      List l = conv_list_of (v);
      lru_append (c->conv_links, &c->lists[l], idx);
      v->list = (guint8) (l + 1);
    }
  return idx;
}

static guint32
conv_new (LscConv *c, const ConvKey *k, gboolean sender_is_a, gboolean sender_is_lo, const LscTree *t)
{
  return conv_new_at (c, k, sender_is_a, sender_is_lo, t, -1);
}

static gint64
conv_lookup (LscConv *c, const ConvKey *k)
{
  gboolean found;
  KeySlot *s = keys_find (c, k, key_hash (k), &found);
  return found ? (gint64) s->idx1 - 1 : -1;
}

static void
count_packet (Conv *v, int d, const LscTree *t)
{
  const LscPacket *pkt = lsc_tree_packet (t);
  v->info.packets[d]++;
  v->info.bytes[d] += pkt->wirelen;
  v->info.last_frame = pkt->num;
  v->info.last_ns = pkt->ts_ns;
}

static Rec *
rec_slot (LscConv *c, guint64 num)
{
  if (num == 0 || num > G_MAXUINT32)
    return NULL;
  if (c->streaming)
    return num == c->last_frame ? &c->cur : NULL;
  if (c->recs->len < num)
    g_array_set_size (c->recs, (guint) num);
  return &g_array_index (c->recs, Rec, num - 1);
}

static const Rec *
rec_get (const LscConv *c, guint64 num)
{
  if (c->streaming)
    return num != 0 && num == c->last_frame && c->cur.conv ? &c->cur : NULL;
  if (num == 0 || num > c->recs->len)
    return NULL;
  const Rec *r = &g_array_index (c->recs, Rec, num - 1);
  return r->conv ? r : NULL;
}

static guint8
pack_states (LscTcpState a, LscTcpState b)
{
  return (guint8) ((a & 15) | ((b & 15) << 4));
}

static guint32
us_between (gint64 from_ns, gint64 to_ns)
{
  gint64 us = (to_ns - from_ns) / 1000;
  return us < 0 ? 0 : us > G_MAXUINT32 ? G_MAXUINT32 : (guint32) us;
}

/* ---- TCP ------------------------------------------------------------------- */

static void
tcp_set_end (Conv *v)
{
  gboolean fa = v->dir[0].f & D_FIN, fb = v->dir[1].f & D_FIN;
  if (v->info.end == LSC_CONV_END_RST || v->info.end == LSC_CONV_END_REFUSED)
    return;
  v->info.end = fa && fb ? LSC_CONV_END_FIN_BOTH : (fa || fb) ? LSC_CONV_END_FIN_ONE : LSC_CONV_END_OPEN;
}

/* Retransmission, out-of-order, lost segment, keep-alive, zero window and
 * duplicate ACK, from the sender's highest sequence number so far (one hole
 * remembered per direction) and its previous ACK.  Returns LscConvFlags. */
static guint16
tcp_sequence_analysis (const Conv *v, TcpDir *S, TcpDir *R, const LscPinfo *pi, const LscPacket *pkt,
                       Rec *rec, gboolean *keepalive_out)
{
  guint16 fl = pi->tcp_flags, flags = 0;
  gboolean syn = fl & LSC_TCP_SYN, ack_f = fl & LSC_TCP_ACK, fin = fl & LSC_TCP_FIN;
  guint32 seq = pi->tcp_seq, ack = pi->tcp_ack;
  guint32 seglen = pi->tcp_len + (syn ? 1 : 0) + (fin ? 1 : 0);
  gboolean keepalive = FALSE;

  if (pi->tcp_window == 0 && !(fl & (LSC_TCP_SYN | LSC_TCP_FIN)))
    flags |= LSC_CONV_F_ZERO_WINDOW;
  if (seglen <= 1 && !syn && !fin && (S->f & D_NXT) && seq == S->nxt - 1)
    {
      keepalive = TRUE;
      flags |= LSC_CONV_F_KEEP_ALIVE;
    }
  else if (seglen > 0 && (S->f & D_NXT))
    {
      if (seq_lt (seq, S->nxt))
        {
          gboolean in_hole = (S->f & D_HOLE) && !seq_lt (seq, S->hole_lo) && seq_lt (seq, S->hole_hi);
          gint64 window = v->info.initial_rtt > 0.003 ? (gint64) (v->info.initial_rtt * 1e9) : 3000000;
          if (in_hole && pkt->ts_ns - S->hole_ts < window)
            flags |= LSC_CONV_F_OUT_OF_ORDER;
          else
            flags |= LSC_CONV_F_RETRANS;
          if (in_hole)
            {
              if (seq == S->hole_lo)
                S->hole_lo = seq + seglen;
              if (!seq_lt (S->hole_lo, S->hole_hi))
                S->f &= ~D_HOLE;
            }
        }
      else if (seq_gt (seq, S->nxt) && !syn)
        {
          flags |= LSC_CONV_F_LOST_SEGMENT;
          S->hole_lo = S->nxt;
          S->hole_hi = seq;
          S->hole_ts = pkt->ts_ns;
          S->f |= D_HOLE;
        }
    }
  /* Duplicate ACK: same ack and window again, nothing new sent. */
  gboolean ka_ack = (R->f2 & D2_KEEPALIVE) && seglen == 0;
  if (ack_f && seglen == 0 && !keepalive && !ka_ack && (S->f & D_ACKED) && ack == S->last_ack &&
      pi->tcp_window == S->last_win && (S->f & D_NXT) && seq == S->nxt &&
      (R->f & D_NXT) && R->nxt != R->base + 1 + ((R->f & D_FIN) ? 1 : 0) && !(fl & (LSC_TCP_SYN | LSC_TCP_FIN)))
    {
      flags |= LSC_CONV_F_DUP_ACK;
      S->dup_acks++;
      rec->link = S->last_ack_frame;
      rec->aux = S->dup_acks;
    }
  else if (ack_f && (!(S->f & D_ACKED) || ack != S->last_ack || pi->tcp_window != S->last_win || seglen > 0))
    {
      S->last_ack_frame = (guint32) pkt->num;
      S->dup_acks = 0;
    }
  if (ack_f)
    {
      S->last_ack = ack;
      S->last_win = pi->tcp_window;
      S->f |= D_ACKED;
    }
  if (keepalive)
    S->f2 |= D2_KEEPALIVE;
  else
    S->f2 &= ~D2_KEEPALIVE;
  R->f2 &= ~D2_KEEPALIVE;
  if (!(S->f & D_NXT) || seq_gt (seq + seglen, S->nxt))
    {
      S->nxt = seq + seglen;
      S->f |= D_NXT;
    }
  *keepalive_out = keepalive;
  return flags;
}

static void
tcp_process (LscConv *c, LscTree *t, Rec *rec)
{
  const LscPinfo *pi = lsc_tree_pinfo_const (t);
  const LscPacket *pkt = lsc_tree_packet (t);
  guint16 fl = pi->tcp_flags;
  gboolean syn = fl & LSC_TCP_SYN, ack_f = fl & LSC_TCP_ACK, fin = fl & LSC_TCP_FIN, rst = fl & LSC_TCP_RST;
  guint32 seq = pi->tcp_seq, ack = pi->tcp_ack, len = pi->tcp_len;
  /* A SYN whose options were all captured and name no window scale means
   * scaling is off for the connection (RFC 7323: both SYNs must offer it). */
  const LscNode *tn = lsc_tree_node (t, pi->tcp_node);
  gboolean opts_cut = !tn || (tn->flags & LSC_NODE_TRUNCATED);
  gboolean no_wscale = pi->tcp_wscale < 0 && !opts_cut;
  ConvKey k;
  gboolean lo = make_key (&k, LSC_CONV_TCP, pi->l3_family, pi->l3_src, pi->srcport, pi->l3_dst, pi->dstport);
  gint64 found = conv_lookup (c, &k), replaced = -1;
  guint16 flags = 0;

  if (found >= 0)
    {
      Conv *old = conv_get (c, (guint32) found);
      int od = (lo == old->a_is_lo) ? 0 : 1;
      /* A fresh SYN on a finished tuple is a new connection (port reuse); so
       * is a fresh SYN-ACK that answers no SYN of that connection (the new
       * connection's SYN was not captured). */
      const TcpDir *peer = &old->dir[1 - od];
      gboolean answers_old_syn = ack_f && (peer->f & D_SYN) && ack == peer->isn + 1;
      if (syn && old->ended && !((old->dir[od].f & D_SYN) && old->dir[od].isn == seq) && !answers_old_syn)
        {
          if (c->forget)
            replaced = found;
          found = -1;
          flags |= LSC_CONV_F_REUSED_PORTS;
        }
    }
  guint32 idx;
  Conv *v;
  if (found < 0)
    {
      gboolean sender_is_a;
      if (syn)
        sender_is_a = !ack_f;                  /* SYN: client; SYN-ACK: server */
      else if ((pi->srcport < 1024) != (pi->dstport < 1024))
        sender_is_a = pi->srcport >= 1024;     /* the ephemeral port is the client's */
      else
        sender_is_a = pi->srcport >= pi->dstport;
      idx = conv_new_at (c, &k, sender_is_a, lo, t, replaced);
      v = conv_get (c, idx);
      if (!syn || ack_f)
        {
          /* The handshake (or its SYN) was not captured. */
          v->info.midstream = TRUE;
          flags |= LSC_CONV_F_MIDSTREAM | LSC_CONV_F_AMBIGUOUS;
          if (!syn)
            v->st[0] = v->st[1] = LSC_TCP_STATE_ESTABLISHED;
        }
    }
  else
    {
      idx = (guint32) found;
      v = conv_get (c, idx);
    }

  int d = (lo == v->a_is_lo) ? 0 : 1, o = 1 - d;
  TcpDir *S = &v->dir[d], *R = &v->dir[o];
  LscTcpState *ss = &v->st[d], *rs = &v->st[o];
  LscConvRole role = LSC_ROLE_NONE;
  count_packet (v, d, t);
  if (d)
    flags |= LSC_CONV_F_FROM_B;

  /* Relative number bases, fixed once (as Wireshark: the ISN, or for a stream
   * seen mid-way the number before the first one seen, so it starts at 1). */
  if (!(S->f & D_BASE))
    {
      S->base = syn ? seq : seq - 1;
      S->f |= D_BASE;
    }
  if (ack_f && !(R->f & D_BASE))
    {
      R->base = ack - 1;
      R->f |= D_BASE;
    }

  gboolean keepalive = FALSE;
  if (!rst)
    flags |= tcp_sequence_analysis (v, S, R, pi, pkt, rec, &keepalive);

  /* ---- roles and states ---- */
  if (rst)
    {
      gboolean refused = (R->f & D_SYN) && !(S->f & D_SYN) && *rs == LSC_TCP_STATE_SYN_SENT;
      if (refused)
        {
          role = LSC_ROLE_RST_REFUSED;
          v->info.end = LSC_CONV_END_REFUSED;
          /* Nothing listened: the SYNs did not put this end in SYN-RECEIVED after all. */
          for (guint i = 0; i < v->n_syn_frames; i++)
            {
              Rec *sr = rec_slot (c, v->syn_frames[i]);
              if (sr && sr->conv == idx + 1)
                {
                  sr->states = d ? pack_states (sr->states & 15, LSC_TCP_STATE_CLOSED)
                                 : pack_states (LSC_TCP_STATE_CLOSED, sr->states >> 4);
                  sr->flags |= LSC_CONV_F_REVISED;
                }
            }
        }
      else
        {
          role = LSC_ROLE_RST;
          if (v->info.end != LSC_CONV_END_REFUSED)
            v->info.end = LSC_CONV_END_RST;
        }
      *ss = LSC_TCP_STATE_CLOSED;
      *rs = LSC_TCP_STATE_CLOSED;
      v->ended = TRUE;
    }
  else if (syn && !ack_f)
    {
      if ((S->f & D_SYN) && S->isn == seq)
        {
          role = v->info.simultaneous_open && d == 1 ? LSC_ROLE_SIM_SYN : LSC_ROLE_HS_SYN;
          flags |= LSC_CONV_F_RETRANS;
          flags &= ~LSC_CONV_F_LOST_SEGMENT;
          /* The peer answers the SYN it got: a resent one offering scaling counts. */
          if (pi->tcp_wscale >= 0)
            {
              S->wscale = pi->tcp_wscale;
              S->f2 &= ~D2_SYN_CUT;
            }
        }
      else if ((R->f & D_SYN) && !(S->f & D_SYN) && *rs == LSC_TCP_STATE_SYN_SENT)
        {
          role = LSC_ROLE_SIM_SYN;
          v->info.simultaneous_open = TRUE;
          S->f |= D_SYN;
          S->isn = seq;
          S->wscale = pi->tcp_wscale;
          S->f2 = opts_cut ? S->f2 | D2_SYN_CUT : S->f2 & ~D2_SYN_CUT;
          *ss = LSC_TCP_STATE_SYN_RECEIVED;
          *rs = LSC_TCP_STATE_SYN_RECEIVED;
          if (no_wscale)
            v->ws_agreed = 0;
        }
      else
        {
          role = LSC_ROLE_HS_SYN;
          S->f |= D_SYN;
          S->isn = seq;
          S->wscale = pi->tcp_wscale;
          S->f2 = opts_cut ? S->f2 | D2_SYN_CUT : S->f2 & ~D2_SYN_CUT;
          v->syn_ts = pkt->ts_ns;
          *ss = LSC_TCP_STATE_SYN_SENT;
          *rs = LSC_TCP_STATE_SYN_RECEIVED;
          if (no_wscale)
            v->ws_agreed = 0;
        }
      if (v->n_syn_frames < MAX_SYN_FRAMES)
        v->syn_frames[v->n_syn_frames++] = (guint32) pkt->num;
    }
  else if (syn && ack_f)
    {
      if ((S->f & D_SYNACK) && S->isn == seq)
        {
          role = v->info.simultaneous_open ? LSC_ROLE_SIM_SYNACK : LSC_ROLE_HS_SYNACK;
          flags |= LSC_CONV_F_RETRANS;
        }
      else
        {
          role = v->info.simultaneous_open ? LSC_ROLE_SIM_SYNACK : LSC_ROLE_HS_SYNACK;
          S->f |= D_SYN | D_SYNACK;
          S->isn = seq;
          S->wscale = pi->tcp_wscale;
          S->f2 = opts_cut ? S->f2 | D2_SYN_CUT : S->f2 & ~D2_SYN_CUT;
          if (!(R->f & D_SYN))
            {
              /* The SYN was not captured: its sender must have been SYN-SENT. */
              flags |= LSC_CONV_F_AMBIGUOUS;
              *rs = LSC_TCP_STATE_SYN_SENT;
            }
          if (v->info.simultaneous_open)
            {
              if (*ss != LSC_TCP_STATE_ESTABLISHED)
                *ss = LSC_TCP_STATE_SYN_RECEIVED;
              if (ack == R->isn + 1)
                *rs = LSC_TCP_STATE_ESTABLISHED;
            }
          else
            {
              *ss = LSC_TCP_STATE_SYN_RECEIVED;
              *rs = LSC_TCP_STATE_ESTABLISHED;
              if ((R->f & D_SYN) && ack != R->isn + 1)
                flags |= LSC_CONV_F_AMBIGUOUS;
            }
          /* RFC 7323: a SYN-ACK offers scaling only in answer to a SYN that
           * did, so its option settles it on, unless that SYN was captured
           * whole without one; a SYN-ACK captured whole without it settles
           * it off; a cut one leaves it to the SYN, when that was whole. */
          gboolean syn_known = (R->f & D_SYN) && !(R->f2 & D2_SYN_CUT);
          if (S->wscale >= 0)
            v->ws_agreed = syn_known && R->wscale < 0 ? 0 : 1;
          else if (!opts_cut || (syn_known && R->wscale < 0))
            v->ws_agreed = 0;
          else
            v->ws_agreed = -1;
        }
    }
  else
    {
      /* Does this segment acknowledge the peer's FIN for the first time? */
      gboolean acks_rfin = ack_f && (R->f & D_FIN) && !(R->f & D_FIN_ACKED) && !seq_lt (ack, R->fin_seq + 1);
      if (fin && (S->f & D_FIN) && S->fin_seq == seq + len)
        {
          role = S->fin_role;
          flags |= LSC_CONV_F_RETRANS;
        }
      else if (fin)
        {
          S->f |= D_FIN;
          S->fin_seq = seq + len;
          if (!(R->f & D_FIN))
            {
              role = LSC_ROLE_TD_FIN1;
              *ss = LSC_TCP_STATE_FIN_WAIT_1;
              if (*rs == LSC_TCP_STATE_ESTABLISHED || *rs == LSC_TCP_STATE_SYN_RECEIVED)
                *rs = LSC_TCP_STATE_CLOSE_WAIT;
            }
          else if (acks_rfin)
            {
              role = (R->f & D_FIN_ACKED) ? LSC_ROLE_TD_FIN3 : LSC_ROLE_TD_FINACK23;
              R->f |= D_FIN_ACKED;
              *ss = LSC_TCP_STATE_LAST_ACK;
              *rs = LSC_TCP_STATE_TIME_WAIT;
            }
          else if (R->f & D_FIN_ACKED)
            {
              /* The peer's FIN was acknowledged before: the ordinary third step. */
              role = LSC_ROLE_TD_FIN3;
              *ss = LSC_TCP_STATE_LAST_ACK;
              *rs = LSC_TCP_STATE_TIME_WAIT;
            }
          else
            {
              /* This FIN does not acknowledge the peer's: it left before the peer's arrived. */
              role = LSC_ROLE_TD_SIM_FIN;
              v->info.simultaneous_close = TRUE;
              flags |= LSC_CONV_F_REVISED;
              *ss = LSC_TCP_STATE_CLOSING;
              *rs = LSC_TCP_STATE_CLOSING;
            }
          S->fin_role = (guint8) role;
          if (len)
            flags |= LSC_CONV_F_WITH_DATA;
        }
      else if (acks_rfin)
        {
          R->f |= D_FIN_ACKED;
          if (!(S->f & D_FIN))
            {
              role = LSC_ROLE_TD_ACK2;
              if (*rs == LSC_TCP_STATE_FIN_WAIT_1)
                *rs = LSC_TCP_STATE_FIN_WAIT_2;
            }
          else
            {
              role = LSC_ROLE_TD_ACK4;
              if (*rs == LSC_TCP_STATE_LAST_ACK)
                *rs = LSC_TCP_STATE_CLOSED;
              else if (*rs == LSC_TCP_STATE_CLOSING)
                *rs = LSC_TCP_STATE_TIME_WAIT;
              else if (*rs == LSC_TCP_STATE_FIN_WAIT_1)
                *rs = LSC_TCP_STATE_FIN_WAIT_2;
            }
          if (len)
            flags |= LSC_CONV_F_WITH_DATA;
        }
      else if (ack_f && *rs == LSC_TCP_STATE_SYN_RECEIVED && (R->f & D_SYN) && ack == R->isn + 1)
        {
          /* Acknowledges the peer's SYN: the last step of an open. */
          role = v->info.simultaneous_open ? LSC_ROLE_ACK : LSC_ROLE_HS_ACK;
          *rs = LSC_TCP_STATE_ESTABLISHED;
          if (*ss == LSC_TCP_STATE_SYN_SENT || *ss == LSC_TCP_STATE_SYN_RECEIVED)
            *ss = LSC_TCP_STATE_ESTABLISHED;
          if (!v->info.handshake_complete)
            {
              v->info.handshake_complete = TRUE;
              v->hs_ack_frame = (guint32) pkt->num;
              if (v->dir[0].f & D_SYN && v->syn_ts)
                v->info.initial_rtt = (double) (pkt->ts_ns - v->syn_ts) / 1e9;
            }
          if (len)
            flags |= LSC_CONV_F_WITH_DATA;
        }
      else if (len > 0 && !keepalive)
        role = (R->f & D_FIN) && !(S->f & D_FIN) ? LSC_ROLE_HALF_DATA : LSC_ROLE_DATA;
      else
        role = LSC_ROLE_ACK;

      if (v->info.simultaneous_open && !v->info.handshake_complete &&
          *ss == LSC_TCP_STATE_ESTABLISHED && *rs == LSC_TCP_STATE_ESTABLISHED)
        {
          v->info.handshake_complete = TRUE;
          v->hs_ack_frame = (guint32) pkt->num;
        }
    }
  if (syn && ack_f && v->info.simultaneous_open && *ss == LSC_TCP_STATE_ESTABLISHED &&
      *rs == LSC_TCP_STATE_ESTABLISHED && !v->info.handshake_complete)
    {
      v->info.handshake_complete = TRUE;
      v->hs_ack_frame = (guint32) pkt->num;
    }
  if ((S->f & D_FIN) && (R->f & D_FIN))
    v->ended = TRUE;
  tcp_set_end (v);
  v->info.state_a = v->st[0];
  v->info.state_b = v->st[1];

  rec->conv = idx + 1;
  rec->role = (guint8) role;
  rec->flags |= flags;
  rec->states = pack_states (v->st[0], v->st[1]);
}

/* ---- UDP, ICMP echo, ARP -------------------------------------------------- */

static void
udp_process (LscConv *c, LscTree *t, Rec *rec)
{
  const LscPinfo *pi = lsc_tree_pinfo_const (t);
  ConvKey k;
  gboolean lo = make_key (&k, LSC_CONV_UDP, pi->l3_family, pi->l3_src, pi->srcport, pi->l3_dst, pi->dstport);
  gint64 found = conv_lookup (c, &k);
  guint32 idx;
  if (found < 0)
    {
      /* The first sender is the client unless it sends from a well-known port to an ephemeral one. */
      gboolean sender_is_a = !(pi->srcport < 1024 && pi->dstport >= 1024);
      idx = conv_new (c, &k, sender_is_a, lo, t);
    }
  else
    idx = (guint32) found;
  Conv *v = conv_get (c, idx);
  int d = (lo == v->a_is_lo) ? 0 : 1;
  count_packet (v, d, t);
  rec->conv = idx + 1;
  rec->role = LSC_ROLE_UDP;
  rec->flags |= d ? LSC_CONV_F_FROM_B : 0;
}

/* Store item in the slot of a forgotten entry of table, or at its end; returns its index. */
static guint32
slot_store (GArray *table, GArray *free_slots, gconstpointer item)
{
  guint size = g_array_get_element_size (table);
  if (!free_slots->len)
    {
      g_array_append_vals (table, item, 1);
      return table->len - 1;
    }
  guint32 i = g_array_index (free_slots, guint32, free_slots->len - 1);
  g_array_set_size (free_slots, free_slots->len - 1);
  memcpy (table->data + (gsize) i * size, item, size);
  return i;
}

/* A new pending echo request. */
static void
echo_remember (LscConv *c, const EchoPending *np)
{
  if (c->forget && c->live_echo >= FORGET_CAP_ECHO)
    echo_forget (c, c->echo_lru.head - 1);
  guint32 i = slot_store (c->echo_pend, c->free_echo, np);
  guint64 *kp = g_new (guint64, 1);
  *kp = np->key;
  g_hash_table_insert (c->echo, kp, GUINT_TO_POINTER (i + 1));
  c->live_echo++;
  if (c->forget)
    {
      lru_append (c->echo_links, &c->echo_lru, i);
      sweep_by (c, np->last_ns, ECHO_WINDOW_NS);
    }
}

static void
claim_remember (LscConv *c, const ArpClaim *cl)
{
  if (c->forget && c->live_claims >= FORGET_CAP_CLAIMS)
    claim_forget (c, c->claim_lru.head - 1);
  guint32 i = slot_store (c->claims, c->free_claims, cl);
  g_hash_table_insert (c->arp_claims, GUINT_TO_POINTER (cl->spa), GUINT_TO_POINTER (i + 1));
  c->live_claims++;
  if (c->forget)
    {
      lru_append (c->claim_links, &c->claim_lru, i);
      sweep_by (c, cl->ts, CLAIM_WINDOW_NS);
    }
}

static void
echo_process (LscConv *c, LscTree *t, Rec *rec)
{
  const LscPinfo *pi = lsc_tree_pinfo_const (t);
  const LscPacket *pkt = lsc_tree_packet (t);
  gboolean v6 = pi->has & LSC_HAS_ICMP6;
  gboolean request = v6 ? pi->icmp_type == 128 : pi->icmp_type == 8;
  ConvKey k;
  gboolean lo = make_key (&k, LSC_CONV_ICMP, pi->l3_family, pi->l3_src, pi->icmp_id, pi->l3_dst, pi->icmp_id);
  gint64 found = conv_lookup (c, &k);
  guint32 idx = found < 0 ? conv_new (c, &k, request, lo, t) : (guint32) found;
  Conv *v = conv_get (c, idx);
  int d = (lo == v->a_is_lo) ? 0 : 1;
  count_packet (v, d, t);
  rec->conv = idx + 1;
  rec->flags |= d ? LSC_CONV_F_FROM_B : 0;

  guint64 ekey = (v->uid << 17) | ((guint64) (v6 ? 1 : 0) << 16) | pi->icmp_seq;
  gpointer pv = g_hash_table_lookup (c->echo, &ekey);
  guint32 ei = pv ? GPOINTER_TO_UINT (pv) - 1 : 0;
  EchoPending *ep = pv ? &g_array_index (c->echo_pend, EchoPending, ei) : NULL;
  if (ep && c->forget)
    {
      ep->last_ns = pkt->ts_ns;
      lru_touch (c->echo_links, &c->echo_lru, ei);
      sweep_by (c, pkt->ts_ns, ECHO_WINDOW_NS);
    }
  if (request)
    {
      rec->role = LSC_ROLE_ECHO_REQUEST;
      v->info.requests++;
      if (ep && !ep->reply_frame && !(ep->pend_flags & PEND_COUNTED))
        {
          /* Asked again before any answer: the earlier request went unanswered. */
          Rec *old = rec_slot (c, ep->req_frame);
          if (old)
            old->flags |= LSC_CONV_F_NO_REPLY;
          v->info.unanswered++;
        }
      EchoPending np = { (guint32) pkt->num, 0, pkt->ts_ns, idx, 0, TRUE, ekey, pkt->ts_ns };
      if (ep)
        *ep = np;
      else
        echo_remember (c, &np);
    }
  else
    {
      rec->role = LSC_ROLE_ECHO_REPLY;
      v->info.replies++;
      if (!ep)
        {
          rec->flags |= LSC_CONV_F_AMBIGUOUS;  /* the request was not captured */
          return;
        }
      rec->link = ep->req_frame;
      rec->aux = us_between (ep->ts, pkt->ts_ns);
      if (ep->reply_frame)
        {
          rec->flags |= LSC_CONV_F_DUP_REPLY;
          v->info.duplicates++;
          return;
        }
      ep->reply_frame = (guint32) pkt->num;
      if (ep->pend_flags & PEND_COUNTED)
        {
          ep->pend_flags &= ~PEND_COUNTED;
          v->info.unanswered--;
        }
      Rec *req = rec_slot (c, ep->req_frame);
      if (req)
        {
          req->link = (guint32) pkt->num;
          req->aux = rec->aux;
          req->flags &= ~LSC_CONV_F_NO_REPLY;
        }
    }
}

static void
arp_process (LscConv *c, LscTree *t, Rec *rec)
{
  const LscPinfo *pi = lsc_tree_pinfo_const (t);
  const LscPacket *pkt = lsc_tree_packet (t);
  guint32 spa = ((guint32) pi->arp_spa[0] << 24) | (pi->arp_spa[1] << 16) | (pi->arp_spa[2] << 8) | pi->arp_spa[3];
  guint32 tpa = ((guint32) pi->arp_tpa[0] << 24) | (pi->arp_tpa[1] << 16) | (pi->arp_tpa[2] << 8) | pi->arp_tpa[3];
  gboolean request = pi->arp_op == 1, reply = pi->arp_op == 2;
  ConvKey k;
  gboolean lo = make_key (&k, LSC_CONV_ARP, 4, pi->arp_spa, 0, pi->arp_tpa, 0);
  gint64 found = conv_lookup (c, &k);
  guint32 idx = found < 0 ? conv_new (c, &k, !reply, lo, t) : (guint32) found;
  Conv *v = conv_get (c, idx);
  int d = (lo == v->a_is_lo) ? 0 : 1;
  /* A request for our own address: both ends are the same, keep it on side A. */
  if (spa == tpa)
    d = 0;
  count_packet (v, d, t);
  rec->conv = idx + 1;
  rec->flags |= d ? LSC_CONV_F_FROM_B : 0;

  /* Who claims which address: a second MAC for the same IP is a conflict. */
  if (spa != 0)
    {
      gpointer cv = g_hash_table_lookup (c->arp_claims, GUINT_TO_POINTER (spa));
      if (cv)
        {
          ArpClaim *cl = &g_array_index (c->claims, ArpClaim, GPOINTER_TO_UINT (cv) - 1);
          if (memcmp (cl->mac, pi->arp_sha, 6) != 0)
            {
              rec->flags |= LSC_CONV_F_CONFLICT;
              rec->link = cl->frame;
              v->info.conflicts++;
            }
          memcpy (cl->mac, pi->arp_sha, 6);
          cl->frame = (guint32) pkt->num;
          cl->ts = pkt->ts_ns;
          if (c->forget)
            {
              lru_touch (c->claim_links, &c->claim_lru, GPOINTER_TO_UINT (cv) - 1);
              sweep_by (c, cl->ts, CLAIM_WINDOW_NS);
            }
        }
      else
        {
          ArpClaim cl = { .frame = (guint32) pkt->num, .spa = spa, .ts = pkt->ts_ns };
          memcpy (cl.mac, pi->arp_sha, 6);
          claim_remember (c, &cl);
        }
    }

  if (spa == tpa && spa != 0)
    {
      rec->role = LSC_ROLE_ARP_GRATUITOUS;
      v->info.gratuitous++;
      return;
    }
  if (request)
    {
      rec->role = spa == 0 ? LSC_ROLE_ARP_PROBE : LSC_ROLE_ARP_REQUEST;
      v->info.requests++;
      if (v->pend_frame[d] && !(v->pend_flags[d] & (PEND_COUNTED | PEND_LINKED)))
        {
          Rec *old = rec_slot (c, v->pend_frame[d]);
          if (old)
            old->flags |= LSC_CONV_F_NO_REPLY;
          v->info.unanswered++;
        }
      v->pend_frame[d] = (guint32) pkt->num;
      v->pend_ts[d] = pkt->ts_ns;
      v->pend_flags[d] = rec->link ? PEND_LINKED : 0;
    }
  else if (reply)
    {
      rec->role = LSC_ROLE_ARP_REPLY;
      v->info.replies++;
      int od = 1 - d;
      if (!v->pend_frame[od])
        return;  /* unsolicited, or its request was not captured */
      rec->aux = us_between (v->pend_ts[od], pkt->ts_ns);
      if (v->pend_flags[od] & PEND_COUNTED)
        v->info.unanswered--;
      Rec *req = rec_slot (c, v->pend_frame[od]);
      if (req)
        {
          req->link = (guint32) pkt->num;
          req->aux = rec->aux;
          req->flags &= ~LSC_CONV_F_NO_REPLY;
        }
      if (!(rec->flags & LSC_CONV_F_CONFLICT))
        rec->link = v->pend_frame[od];
      v->pend_frame[od] = 0;
      v->pend_flags[od] = 0;
    }
}

/* ---- derived nodes --------------------------------------------------------- */

/* Every derived node has length 0, which makes lsc_tree_add() flag it GENERATED. */
static gint32
add_gen (LscTree *t, gint32 parent, int f)
{
  return lsc_tree_add (t, parent, &lsc_fields_conv[f], 0, 0);
}

static gint32
add_gen_uint (LscTree *t, gint32 parent, int f, guint64 val)
{
  return lsc_tree_add_uint (t, parent, &lsc_fields_conv[f], 0, 0, val);
}

/* s must be static (role and state names are): no copy per packet. */
static gint32
add_gen_str (LscTree *t, gint32 parent, int f, const char *s)
{
  gint32 n = add_gen (t, parent, f);
  lsc_tree_node_mut (t, n)->text = s;
  return n;
}

static gint32
add_gen_double (LscTree *t, gint32 parent, int f, double val)
{
  return lsc_tree_add_double (t, parent, &lsc_fields_conv[f], 0, 0, val);
}

/* Response times are stored in µs and shown in ms, as ping prints them. */
static void
add_resptime (LscTree *t, gint32 parent, int f, guint32 us)
{
  gint32 n = add_gen_double (t, parent, f, us / 1000.0);
  lsc_tree_set_text (t, n, _("%.3f ms"), us / 1000.0);
}

static void
set_relative (LscTree *t, gint32 parent, const LscField *f, guint32 val, const char *what)
{
  if (!f || parent < 0)
    return;
  gint32 n = lsc_tree_find_child (t, parent, f);
  if (n < 0)
    return;
  lsc_tree_node_mut (t, n)->v.u = val;
  lsc_tree_set_text (t, n, "%u    (%s)", val, what);
}

static guint32
tcp_window (const Conv *v, int d, const LscPinfo *pi, gint *scale)
{
  if (pi->tcp_flags & LSC_TCP_SYN)
    {
      *scale = 1;  /* RFC 7323 2.2: the window field of a SYN is never scaled */
      return pi->tcp_window;
    }
  if (v->ws_agreed == 1 && v->dir[d].wscale >= 0)
    {
      *scale = 1 << v->dir[d].wscale;
      return (guint32) pi->tcp_window << v->dir[d].wscale;
    }
  if (v->ws_agreed == 1)
    {
      *scale = -1;  /* scaling is on, but this side's SYN (its shift) was not captured */
      return pi->tcp_window;
    }
  *scale = v->ws_agreed == 0 ? -2 : -1;
  return pi->tcp_window;
}

/* What a TCP segment's role means for the socket calls a learner writes. */
static const char *
tcp_role_explanation (LscConvRole role)
{
  switch (role)
    {
    case LSC_ROLE_HS_SYN:
      return _("Handshake 1/3: connect() sends this SYN with the client's initial sequence number (the client is now SYN-SENT)");
    case LSC_ROLE_HS_SYNACK:
      return _("Handshake 2/3: the kernel of the listening socket (after listen()) answers with its own SYN and acknowledges the client's; "
               "accept() has not returned anything yet");
    case LSC_ROLE_HS_ACK:
      return _("Handshake 3/3: this ACK makes the connection ESTABLISHED on both ends; connect() has returned, "
               "and accept() can now return the new connection");
    case LSC_ROLE_SIM_SYN:
      return _("Simultaneous open: both ends sent a SYN before receiving the other's (SYN-SENT → SYN-RECEIVED)");
    case LSC_ROLE_TD_FIN1:
      return _("Teardown 1/4: this end called close() or shutdown(): it sends no more data (FIN-WAIT-1)");
    case LSC_ROLE_TD_ACK2:
      return _("Teardown 2/4: the kernel acknowledges the peer's FIN; the application reading this end sees recv() return 0 (CLOSE-WAIT)");
    case LSC_ROLE_TD_FIN3:
      return _("Teardown 3/4: the other end called close() or shutdown() too and sends its own FIN (LAST-ACK)");
    case LSC_ROLE_TD_FINACK23:
      return _("Teardown 2+3/4: the other end called close() or shutdown() too, and its FIN also acknowledges the peer's FIN, "
               "so steps 2 and 3 travel in one segment (three-segment close)");
    case LSC_ROLE_TD_ACK4:
      return _("Teardown 4/4: the ACK of the last FIN; the end that closed first waits in TIME-WAIT, the other end is CLOSED");
    case LSC_ROLE_TD_SIM_FIN:
      return _("Simultaneous close: this FIN does not acknowledge the peer's FIN, so both ends closed at the same time (FIN-WAIT-1 → CLOSING)");
    case LSC_ROLE_HALF_DATA:
      return _("Half-close: the peer has sent its FIN (shutdown), but this direction is still open and may carry data");
    case LSC_ROLE_RST:
      return _("RST aborts the connection at once, without a teardown: the peer's next recv() or send() fails with ECONNRESET");
    case LSC_ROLE_RST_REFUSED:
      return _("Connection refused: nothing listens on this port, so the kernel answered the SYN with RST (connect() fails with ECONNREFUSED)");
    default:
      return NULL;
    }
}

/* The analysis flags shown the same way: a flag node, a note, a tag in Info (tshark's words). */
typedef struct {
  guint32 flag;
  int field;
  int severity;
  const char *note;
  const char *tag;
} AnalysisMark;

#define ANALYSIS_FLAGS (LSC_CONV_F_RETRANS | LSC_CONV_F_OUT_OF_ORDER | LSC_CONV_F_DUP_ACK | LSC_CONV_F_ZERO_WINDOW | \
                        LSC_CONV_F_KEEP_ALIVE | LSC_CONV_F_LOST_SEGMENT | LSC_CONV_F_REUSED_PORTS)

static const AnalysisMark analysis_marks[] = {
  { LSC_CONV_F_REUSED_PORTS, F_TCP_A_REUSED, 0, NULL, "[TCP Port numbers reused] " },
  { LSC_CONV_F_LOST_SEGMENT, F_TCP_A_LOST, 1, N_("Previous segment(s) not captured"), "[TCP Previous segment not captured] " },
  { LSC_CONV_F_OUT_OF_ORDER, F_TCP_A_OOO, 1, N_("This frame is a (suspected) out-of-order segment"), "[TCP Out-Of-Order] " },
  { LSC_CONV_F_RETRANS, F_TCP_A_RETRANS, 1, N_("This frame is a (suspected) retransmission"), "[TCP Retransmission] " },
  { LSC_CONV_F_KEEP_ALIVE, F_TCP_A_KEEPALIVE, 0, N_("Keep-alive: checks that the idle peer is still there"), "[TCP Keep-Alive] " },
  { LSC_CONV_F_ZERO_WINDOW, F_TCP_A_ZEROWIN, 1, N_("TCP Zero Window segment: the receive buffer is full"), "[TCP ZeroWindow] " },
};

/* The derived nodes of a TCP segment (not made for a summary-only tree). */
static void
tcp_add_nodes (LscConv *c, LscTree *t, const Rec *r, guint32 rseq, guint32 rack, guint32 win, gint scale)
{
  LscPinfo *pi = lsc_tree_pinfo (t);
  const LscPacket *pkt = lsc_tree_packet (t);
  const Conv *v = conv_get (c, r->conv - 1);
  int d = (r->flags & LSC_CONV_F_FROM_B) ? 1 : 0;
  gint32 tn = pi->tcp_node;
  guint16 fl = pi->tcp_flags;
  guint32 seglen = pi->tcp_len + ((fl & LSC_TCP_SYN) ? 1 : 0) + ((fl & LSC_TCP_FIN) ? 1 : 0);
  LscTcpState sa = r->states & 15, sb = r->states >> 4;

  add_gen_uint (t, tn, F_TCP_STREAM, v->info.id);
  /* The header's one-line summary names the relative numbers too (same words as the decoder's). */
  if (fl & LSC_TCP_ACK)
    lsc_tree_set_text (t, tn, _("Transmission Control Protocol, Src Port: %u, Dst Port: %u, Seq: %u, Ack: %u, Len: %u"),
                       pi->srcport, pi->dstport, rseq, rack, pi->tcp_len);
  else
    lsc_tree_set_text (t, tn, _("Transmission Control Protocol, Src Port: %u, Dst Port: %u, Seq: %u, Len: %u"),
                       pi->srcport, pi->dstport, rseq, pi->tcp_len);
  set_relative (t, tn, c->f_seq, rseq, _("relative sequence number"));
  if (fl & LSC_TCP_ACK)
    set_relative (t, tn, c->f_ack, rack, _("relative ack number"));
  /* SACK edges count in the acknowledged side's numbers, like the ack. */
  if (pi->tcp_sack_node >= 0)
    {
      guint32 base = v->dir[1 - d].base;
      guint k[2] = { 0, 0 };  /* left and right edges seen, over every SACK option */
      const LscField *sack = lsc_tree_node (t, pi->tcp_sack_node)->field;
      for (gint32 o = pi->tcp_sack_node; o >= 0; o = lsc_tree_node (t, o)->next)
        {
          if (lsc_tree_node (t, o)->field != sack)
            continue;
          g_autoptr (GString) edges = g_string_new (NULL);
          for (gint32 n = lsc_tree_node (t, o)->first_child; n >= 0; n = lsc_tree_node (t, n)->next)
            {
              LscNode *e = lsc_tree_node_mut (t, n);
              int right = e->field == c->f_sack_re;
              if ((e->field != c->f_sack_le && !right) || k[right] >= pi->tcp_sack_n)
                continue;
              /* From the raw edge in pi: annotating the same tree again changes nothing. */
              guint32 rel = pi->tcp_sack[k[right]++][right] - base;
              e->v.u = rel;
              lsc_tree_set_text (t, n, "%u    (%s)", rel, _("relative"));
              g_string_append_printf (edges, e->field == c->f_sack_le ? " %u" : "-%u", rel);
            }
          if (edges->len)
            lsc_tree_set_text (t, o, "%s", edges->str + 1);
        }
    }
  gint32 nx = add_gen_uint (t, tn, F_TCP_NXTSEQ, (guint32) (rseq + seglen));
  lsc_tree_set_text (t, nx, "%u    (%s)", rseq + seglen, _("relative sequence number"));
  add_gen_uint (t, tn, F_TCP_WIN_CALC, win);
  gint32 sn = lsc_tree_add_int (t, tn, &lsc_fields_conv[F_TCP_WIN_SCALE], 0, 0, scale);
  if (scale == -1)
    lsc_tree_set_text (t, sn, _("-1 (unknown: the SYNs were not captured)"));
  else if (scale == -2)
    lsc_tree_set_text (t, sn, _("-2 (no window scaling used)"));

  add_gen_str (t, tn, F_TCP_SENDER, d ? _("server") : _("client"));
  gint32 rn = add_gen_str (t, tn, F_TCP_ROLE, lsc_conv_role_label (r->role));
  if (r->flags & LSC_CONV_F_MIDSTREAM)
    lsc_tree_add_note (t, rn, 1, 0, 0, "%s",
                       _("The capture started after this connection was opened: the handshake was not seen, the client is inferred from the ports and both ends are assumed ESTABLISHED"));
  const char *why = tcp_role_explanation (r->role);
  if (why)
    lsc_tree_add_note (t, rn, r->role == LSC_ROLE_RST_REFUSED ? 1 : 0, 0, 0, "%s", why);
  if ((r->flags & LSC_CONV_F_AMBIGUOUS) && r->role == LSC_ROLE_HS_SYNACK)
    lsc_tree_add_note (t, rn, 1, 0, 0, "%s", _("The SYN this answers was not captured (or acknowledged a different ISN)"));
  if (r->flags & LSC_CONV_F_REVISED && r->role == LSC_ROLE_HS_SYN)
    lsc_tree_add_note (t, rn, 1, 0, 0, "%s", _("A later RST showed that nothing was listening: the server never left CLOSED"));
  add_gen_str (t, tn, F_TCP_STATE_CLIENT, lsc_tcp_state_name (sa));
  add_gen_str (t, tn, F_TCP_STATE_SERVER, lsc_tcp_state_name (sb));

  gint32 an = -1;
  if (v->hs_ack_frame && pkt->num >= v->hs_ack_frame && v->info.initial_rtt >= 0)
    {
      an = add_gen (t, tn, F_TCP_ANALYSIS);
      lsc_tree_add_double (t, an, &lsc_fields_conv[F_TCP_A_IRTT], 0, 0, v->info.initial_rtt);
    }
  if (!(r->flags & ANALYSIS_FLAGS))
    return;
  if (an < 0)
    an = add_gen (t, tn, F_TCP_ANALYSIS);
  gint32 af = add_gen (t, an, F_TCP_A_FLAGS);
  for (gsize i = 0; i < G_N_ELEMENTS (analysis_marks); i++)
    {
      const AnalysisMark *m = &analysis_marks[i];
      if (!(r->flags & m->flag))
        continue;
      add_gen (t, af, m->field);
      if (m->note)
        lsc_tree_add_note (t, af, m->severity, 0, 0, "%s", _(m->note));
    }
  if (r->flags & LSC_CONV_F_DUP_ACK)
    {
      add_gen (t, af, F_TCP_A_DUPACK);
      add_gen_uint (t, an, F_TCP_A_DUPACK_NUM, r->aux);
      add_gen_uint (t, an, F_TCP_A_DUPACK_FRAME, r->link);
      lsc_tree_add_note (t, af, 0, 0, 0, _("Duplicate ACK (#%u)"), r->aux);
    }
}

static void
tcp_annotate (LscConv *c, LscTree *t, const Rec *r)
{
  LscPinfo *pi = lsc_tree_pinfo (t);
  const Conv *v = conv_get (c, r->conv - 1);
  int d = (r->flags & LSC_CONV_F_FROM_B) ? 1 : 0;
  guint16 fl = pi->tcp_flags;
  guint32 rseq = pi->tcp_seq - v->dir[d].base;
  guint32 rack = (fl & LSC_TCP_ACK) ? pi->tcp_ack - v->dir[1 - d].base : 0;

  if (pi->tcp_node < 0)
    return;
  gint scale;
  guint32 win = tcp_window (v, d, pi, &scale);
  if (!lsc_tree_is_summary_only (t))
    tcp_add_nodes (c, t, r, rseq, rack, win, scale);

  /* The Info column with relative numbers and the role, as the packet list shows it. */
  if (!pi->info)
    return;
  if (pi->protocol && g_str_equal (pi->protocol, "TCP") && (pi->has & LSC_HAS_TCP))
    {
      lsc_tcp_format_info (pi, rseq, rack, win, v->dir[1 - d].base, pi->info);
      pi->tcp_info_deferred = FALSE;
    }
  if (r->flags & ANALYSIS_FLAGS)
    {
      char tags[256];
      gsize used = 0;
      for (gsize i = 0; i < G_N_ELEMENTS (analysis_marks); i++)
        if (r->flags & analysis_marks[i].flag)
          {
            gsize l = strlen (analysis_marks[i].tag);
            memcpy (tags + used, analysis_marks[i].tag, l);
            used += l;
          }
      if (r->flags & LSC_CONV_F_DUP_ACK)
        used += (gsize) g_snprintf (tags + used, sizeof tags - used, "[TCP Dup ACK %u#%u] ", r->link, r->aux);
      g_string_insert_len (pi->info, 0, tags, (gssize) MIN (used, sizeof tags - 1));
    }
  if (r->role)
    {
      lsc_string_put (pi->info, " \xc2\xb7 ", 4);  /* " · " */
      lsc_string_puts (pi->info, lsc_conv_role_label (r->role));
    }
}

static guint
hops_guess (guint8 ttl, guint *initial)
{
  *initial = ttl <= 64 ? 64 : ttl <= 128 ? 128 : 255;
  return *initial - ttl;
}

static void
echo_annotate (LscConv *c, LscTree *t, const Rec *r)
{
  LscPinfo *pi = lsc_tree_pinfo (t);
  gboolean v6 = pi->has & LSC_HAS_ICMP6;
  gint32 n = pi->icmp_node;
  if (n < 0)
    return;
  if (r->role == LSC_ROLE_ECHO_REQUEST)
    {
      if (r->link)
        {
          add_gen_uint (t, n, v6 ? F_ICMP6_RESP_IN : F_ICMP_RESP_IN, r->link);
          if (pi->info)
            lsc_string_append_printf (pi->info, _(" (reply in %u)"), r->link);
        }
      else if (r->flags & LSC_CONV_F_NO_REPLY)
        {
          gint32 nr = add_gen (t, n, v6 ? F_ICMP6_NO_RESP : F_ICMP_NO_RESP);
          lsc_tree_add_note (t, nr, 1, 0, 0, "%s", _("No reply: the request or its reply was lost, or the host is down or filters ping"));
          if (pi->info)
            g_string_append (pi->info, _(" (no response found!)"));
        }
    }
  else if (r->role == LSC_ROLE_ECHO_REPLY)
    {
      if (r->link && (r->flags & LSC_CONV_F_DUP_REPLY))
        {
          gint32 dn = add_gen_uint (t, n, F_ICMP_DUP_REPLY, r->link);
          lsc_tree_add_note (t, dn, 1, 0, 0, "%s", _("Duplicate reply (ping prints DUP!)"));
        }
      if (r->link)
        {
          add_gen_uint (t, n, v6 ? F_ICMP6_RESP_TO : F_ICMP_RESP_TO, r->link);
          add_resptime (t, n, v6 ? F_ICMP6_RESPTIME : F_ICMP_RESPTIME, r->aux);
          if (pi->info)
            lsc_string_append_printf (pi->info, _(" (request in %u)"), r->link);
        }
      else if (pi->info)
        g_string_append (pi->info, _(" (no request found!)"));
      guint initial;
      guint hops = hops_guess (pi->ttl, &initial);
      gint32 hn = add_gen_uint (t, n, F_ICMP_HOPS, hops);
      lsc_tree_set_text (t, hn, _("%u (reply TTL %u, probably started at %u)"), hops, pi->ttl, initial);
    }
}

static void
arp_annotate (LscConv *c, LscTree *t, const Rec *r)
{
  LscPinfo *pi = lsc_tree_pinfo (t);
  gint32 n = pi->arp_node;
  if (n < 0)
    return;
  /* The ARP decoder explains gratuitous ARP and probes; this adds the pairing. */
  add_gen_str (t, n, F_CONV_ROLE, lsc_conv_role_label (r->role));
  if (r->role == LSC_ROLE_ARP_REQUEST || r->role == LSC_ROLE_ARP_PROBE)
    {
      if (r->link)
        {
          add_gen_uint (t, n, F_ARP_RESP_IN, r->link);
          if (pi->info)
            lsc_string_append_printf (pi->info, _(" (reply in %u)"), r->link);
        }
      else if (r->flags & LSC_CONV_F_NO_REPLY)
        {
          gint32 nr = add_gen (t, n, F_ARP_NO_RESP);
          if (r->role == LSC_ROLE_ARP_PROBE)
            lsc_tree_add_note (t, nr, 0, 0, 0, "%s", _("No answer to the probe: the address is free to use"));
          else
            lsc_tree_add_note (t, nr, 1, 0, 0, "%s", _("No reply: no host on this link has that IP address"));
          if (pi->info)
            g_string_append (pi->info, _(" (no reply)"));
        }
    }
  else if (r->role == LSC_ROLE_ARP_REPLY && r->link && !(r->flags & LSC_CONV_F_CONFLICT))
    {
      add_gen_uint (t, n, F_ARP_RESP_TO, r->link);
      add_resptime (t, n, F_ARP_RESPTIME, r->aux);
    }
  if (r->flags & LSC_CONV_F_CONFLICT)
    {
      gint32 dn = add_gen (t, n, F_ARP_DUP_DETECTED);
      lsc_tree_add_note (t, dn, 1, 0, 0, "%s", _("Another MAC address claimed this IP address earlier: address conflict or spoofing"));
      add_gen_uint (t, n, F_ARP_DUP_FRAME, r->link);
      if (pi->info)
        g_string_append (pi->info, _(" (duplicate use of IP address detected!)"));
    }
}

static void
annotate_rec (LscConv *c, LscTree *t, const Rec *r)
{
  const Conv *v = conv_get (c, r->conv - 1);
  LscPinfo *pi = lsc_tree_pinfo (t);
  pi->conv_valid = TRUE;
  pi->conv_index = r->conv - 1;
  pi->conv_role = r->role;
  pi->conv_state_a = r->states & 15;
  pi->conv_state_b = r->states >> 4;
  pi->conv_flags = r->flags;
  switch (v->info.kind)
    {
    case LSC_CONV_TCP:
      tcp_annotate (c, t, r);
      break;
    case LSC_CONV_UDP:
      if (pi->udp_node >= 0)
        add_gen_uint (t, pi->udp_node, F_UDP_STREAM, v->info.id);
      break;
    case LSC_CONV_ICMP:
      echo_annotate (c, t, r);
      break;
    case LSC_CONV_ARP:
      arp_annotate (c, t, r);
      break;
    }
}

/* ---- public ---------------------------------------------------------------- */

LscConv *
lsc_conv_new (void)
{
  LscConv *c = g_new0 (LscConv, 1);
  c->reasm = lsc_reasm_new ();
  c->convs = g_ptr_array_new_with_free_func (g_free);
  c->by_key.mask = 63;
  c->by_key.slots = g_new0 (KeySlot, 64);
  c->recs = g_array_new (FALSE, TRUE, sizeof (Rec));
  c->echo = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  c->echo_pend = g_array_new (FALSE, TRUE, sizeof (EchoPending));
  c->arp_claims = g_hash_table_new (g_direct_hash, g_direct_equal);
  c->claims = g_array_new (FALSE, TRUE, sizeof (ArpClaim));
  c->tcp_streams = g_array_new (FALSE, FALSE, sizeof (guint32));
  c->conv_links = g_array_new (FALSE, TRUE, sizeof (Link));
  c->echo_links = g_array_new (FALSE, TRUE, sizeof (Link));
  c->claim_links = g_array_new (FALSE, TRUE, sizeof (Link));
  c->free_convs = g_array_new (FALSE, FALSE, sizeof (guint32));
  c->free_echo = g_array_new (FALSE, FALSE, sizeof (guint32));
  c->free_claims = g_array_new (FALSE, FALSE, sizeof (guint32));
  c->f_seq = lsc_fields_lookup ("tcp.seq");
  c->f_ack = lsc_fields_lookup ("tcp.ack");
  c->f_sack_le = lsc_fields_lookup ("tcp.options.sack_le");
  c->f_sack_re = lsc_fields_lookup ("tcp.options.sack_re");
  return c;
}

void
lsc_conv_free (LscConv *c)
{
  if (!c)
    return;
  lsc_reasm_free (c->reasm);
  g_free (c->by_key.slots);
  g_ptr_array_unref (c->convs);
  g_array_unref (c->recs);
  g_hash_table_unref (c->echo);
  g_array_unref (c->echo_pend);
  g_hash_table_unref (c->arp_claims);
  g_array_unref (c->claims);
  g_array_unref (c->tcp_streams);
  g_array_unref (c->conv_links);
  g_array_unref (c->echo_links);
  g_array_unref (c->claim_links);
  g_array_unref (c->free_convs);
  g_array_unref (c->free_echo);
  g_array_unref (c->free_claims);
  g_free (c);
}

void
lsc_conv_set_streaming (LscConv *c, gboolean streaming)
{
  g_return_if_fail (c->last_frame == 0);
  c->streaming = streaming;
  lsc_reasm_set_streaming (c->reasm, streaming);
}

void
lsc_conv_set_forget (LscConv *c, gboolean forget)
{
  g_return_if_fail (c->last_frame == 0 && c->streaming);
  c->forget = forget;
  c->sweep_ns = G_MAXINT64;
}

void
lsc_conv_remembered (const LscConv *c, guint *convs, guint *echo_requests, guint *arp_claims, guint64 *forgotten)
{
  if (convs)
    *convs = c->live_convs;
  if (echo_requests)
    *echo_requests = c->live_echo;
  if (arp_claims)
    *arp_claims = c->live_claims;
  if (forgotten)
    *forgotten = c->forgotten;
}

static void conv_process (LscConv *c, LscTree *t);
static gboolean conv_annotate (LscConv *c, LscTree *t);

void
lsc_conv_process (LscConv *c, LscTree *t)
{
  /* A fragment that completes its datagram decodes it first: the analysis
   * below then sees its UDP/TCP/ICMP like any other packet's. */
  lsc_reasm_process (c->reasm, t);
  conv_process (c, t);
  /* A segment the analysis does not follow (a fragment, a broken header)
   * still gets the Info the decoder left to it, with absolute numbers. */
  LscPinfo *pi = lsc_tree_pinfo (t);
  if (pi->tcp_info_deferred)
    {
      if (pi->info->len == 0 && g_strcmp0 (pi->protocol, "TCP") == 0)
        lsc_tcp_format_info (pi, pi->tcp_seq, pi->tcp_ack, pi->tcp_window, 0, pi->info);
      pi->tcp_info_deferred = FALSE;
    }
}

static void
conv_process (LscConv *c, LscTree *t)
{
  const LscPacket *pkt = lsc_tree_packet (t);
  const LscPinfo *pi = lsc_tree_pinfo_const (t);
  if (!pkt || pkt->num == 0 || pkt->num > G_MAXUINT32)
    return;
  if (pkt->num <= c->last_frame)
    {
      conv_annotate (c, t);
      return;
    }
  c->last_frame = pkt->num;
  Rec *rec = rec_slot (c, pkt->num);
  memset (rec, 0, sizeof *rec);
  if (c->forget)
    {
      c->now_ns = MAX (c->now_ns, pkt->ts_ns);
      forget_quiet (c, c->now_ns);
    }

  gboolean l3 = pi->l3_family == 4 || pi->l3_family == 6;
  /* Fragments carry no (complete) transport header: leave them out. */
  if (pi->has & LSC_HAS_FRAG)
    return;
  /* A TCP header cut short by the snap length inside its 20 fixed bytes has
   * no trustworthy numbers; one cut inside its options has (the header node
   * covers what was captured of the header). */
  const LscNode *tn = pi->tcp_node >= 0 ? lsc_tree_node (t, pi->tcp_node) : NULL;
  if (l3 && (pi->has & LSC_HAS_TCP) && tn && tn->length >= 20 && !(tn->flags & LSC_NODE_MALFORMED))
    tcp_process (c, t, rec);
  else if (pi->has & LSC_HAS_TCP)
    return;
  else if (l3 && (pi->has & LSC_HAS_UDP))
    udp_process (c, t, rec);
  else if (l3 && (pi->has & (LSC_HAS_ICMP | LSC_HAS_ICMP6)) && pi->icmp_is_echo)
    echo_process (c, t, rec);
  /* Only an ARP whose IPv4 addresses were captured: without them every
   * cut or non-IPv4 ARP would pair up as 0.0.0.0 asking 0.0.0.0. */
  else if ((pi->has & LSC_HAS_ARP) && pi->arp_ipv4 && (pi->arp_op == 1 || pi->arp_op == 2))
    arp_process (c, t, rec);
  if (rec->conv && c->forget)
    conv_touch (c, rec->conv - 1);
  if (rec->conv)
    annotate_rec (c, t, rec);
}

gboolean
lsc_conv_annotate (LscConv *c, LscTree *t)
{
  gboolean reasm = lsc_reasm_annotate (c->reasm, t);
  return conv_annotate (c, t) || reasm;
}

static gboolean
conv_annotate (LscConv *c, LscTree *t)
{
  const LscPacket *pkt = lsc_tree_packet (t);
  if (!pkt)
    return FALSE;
  const Rec *r = rec_get (c, pkt->num);
  if (!r)
    return FALSE;
  annotate_rec (c, t, r);
  return TRUE;
}

void
lsc_conv_finish (LscConv *c)
{
  if (c->finished)
    return;
  c->finished = TRUE;
  lsc_reasm_finish (c->reasm);
  for (guint i = 0; i < c->echo_pend->len; i++)
    {
      EchoPending *ep = &g_array_index (c->echo_pend, EchoPending, i);
      if (!ep->used || ep->reply_frame || (ep->pend_flags & PEND_COUNTED) || conv_get (c, ep->conv)->uid != ep->key >> 17)
        continue;
      ep->pend_flags |= PEND_COUNTED;
      conv_get (c, ep->conv)->info.unanswered++;
      Rec *r = rec_slot (c, ep->req_frame);
      if (r)
        r->flags |= LSC_CONV_F_NO_REPLY;
    }
  for (guint i = 0; i < c->convs->len; i++)
    {
      Conv *v = conv_get (c, i);
      if (v->info.kind != LSC_CONV_ARP || (c->forget && !v->list))
        continue;
      for (int d = 0; d < 2; d++)
        {
          if (!v->pend_frame[d] || (v->pend_flags[d] & (PEND_COUNTED | PEND_LINKED)))
            continue;
          v->pend_flags[d] |= PEND_COUNTED;
          v->info.unanswered++;
          Rec *r = rec_slot (c, v->pend_frame[d]);
          if (r)
            r->flags |= LSC_CONV_F_NO_REPLY;
        }
    }
}

guint
lsc_conv_count (const LscConv *c)
{
  return c->convs->len;
}

const LscConvInfo *
lsc_conv_nth (const LscConv *c, guint i)
{
  if (i >= c->convs->len)
    return NULL;
  const Conv *v = g_ptr_array_index (c->convs, i);
  return c->forget && !v->list ? NULL : &v->info;
}

gint
lsc_conv_find_tcp_stream (const LscConv *c, guint32 stream)
{
  return stream < c->tcp_streams->len ? (gint) g_array_index (c->tcp_streams, guint32, stream) : -1;
}

gboolean
lsc_conv_packet (const LscConv *c, guint64 frame, LscConvPacket *out)
{
  memset (out, 0, sizeof *out);
  const Rec *r = rec_get (c, frame);
  if (!r)
    return FALSE;
  out->valid = TRUE;
  out->conv = r->conv - 1;
  out->role = r->role;
  out->flags = r->flags;
  out->state_a = r->states & 15;
  out->state_b = r->states >> 4;
  out->link = r->link;
  out->aux = r->aux;
  return TRUE;
}

gboolean
lsc_conv_tcp_relative (const LscConv *c, guint64 frame, const LscPinfo *pi, guint32 *seq, guint32 *ack)
{
  const Rec *r = rec_get (c, frame);
  if (!r)
    return FALSE;
  const Conv *v = g_ptr_array_index (c->convs, r->conv - 1);
  if (v->info.kind != LSC_CONV_TCP)
    return FALSE;
  int d = (r->flags & LSC_CONV_F_FROM_B) ? 1 : 0;
  *seq = pi->tcp_seq - v->dir[d].base;
  *ack = (pi->tcp_flags & LSC_TCP_ACK) ? pi->tcp_ack - v->dir[1 - d].base : 0;
  return TRUE;
}

gsize
lsc_conv_memory (const LscConv *c)
{
  return lsc_reasm_memory (c->reasm) + (gsize) c->recs->len * sizeof (Rec) + c->convs->len * (sizeof (Conv) + 64) +  /* at most */
         c->echo_pend->len * (sizeof (EchoPending) + 48) + c->claims->len * (sizeof (ArpClaim) + 32) +
         (c->conv_links->len + c->echo_links->len + c->claim_links->len) * sizeof (Link);
}

const char *
lsc_tcp_state_explain (LscTcpState s)
{
  switch (s)
    {
    case LSC_TCP_STATE_CLOSED:
      return _("CLOSED: no connection. A client socket is here before connect() and again after the connection is gone.");
    case LSC_TCP_STATE_LISTEN:
      return _("LISTEN: a server socket after listen() (and bind()), waiting for a SYN; accept() hands over connections that finish the handshake.");
    case LSC_TCP_STATE_SYN_SENT:
      return _("SYN-SENT: connect() sent a SYN and waits for the SYN-ACK (handshake step 1 of 3 done).");
    case LSC_TCP_STATE_SYN_RECEIVED:
      return _("SYN-RECEIVED: the listening end got a SYN and answered with its own SYN-ACK; it waits for the ACK that completes the handshake.");
    case LSC_TCP_STATE_ESTABLISHED:
      return _("ESTABLISHED: the three-way handshake is done; both ends can send() and recv() data.");
    case LSC_TCP_STATE_FIN_WAIT_1:
      return _("FIN-WAIT-1: this end called close() (or shutdown()) and sent a FIN; it waits for the peer to acknowledge it.");
    case LSC_TCP_STATE_FIN_WAIT_2:
      return _("FIN-WAIT-2: the peer acknowledged this end's FIN; this end can still receive until the peer closes too and sends its FIN.");
    case LSC_TCP_STATE_CLOSE_WAIT:
      return _("CLOSE-WAIT: the peer closed its side (its FIN arrived and was acknowledged), but this application has not called close() yet; recv() returns 0 here.");
    case LSC_TCP_STATE_CLOSING:
      return _("CLOSING: both ends sent a FIN at the same time (simultaneous close); this end waits for the ACK of its own FIN.");
    case LSC_TCP_STATE_LAST_ACK:
      return _("LAST-ACK: this end closed after the peer did and sent the last FIN; once it is acknowledged the connection is gone.");
    case LSC_TCP_STATE_TIME_WAIT:
      return _("TIME-WAIT: the end that closed first waits twice the maximum segment lifetime (2×MSL) after the last ACK, so that ACK can be sent again if it was lost and old duplicate segments die out before the same ports are used again.");
    default:
      return _("The state of this end is not known from the capture.");
    }
}

const char *
lsc_tcp_state_name (LscTcpState s)
{
  static const char *const names[] = {
    "?", "CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1",
    "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING", "LAST-ACK", "TIME-WAIT",
  };
  return (guint) s < G_N_ELEMENTS (names) ? names[s] : "?";
}

const char *
lsc_conv_role_label (LscConvRole r)
{
  switch (r)
    {
    case LSC_ROLE_HS_SYN: return _("handshake 1/3 SYN");
    case LSC_ROLE_HS_SYNACK: return _("handshake 2/3 SYN-ACK");
    case LSC_ROLE_HS_ACK: return _("handshake 3/3 ACK");
    case LSC_ROLE_SIM_SYN: return _("simultaneous open SYN");
    case LSC_ROLE_SIM_SYNACK: return _("simultaneous open SYN-ACK");
    case LSC_ROLE_DATA: return _("data");
    case LSC_ROLE_ACK: return _("ACK");
    case LSC_ROLE_HALF_DATA: return _("data after peer's FIN (half-close)");
    case LSC_ROLE_TD_FIN1: return _("teardown 1/4 FIN");
    case LSC_ROLE_TD_ACK2: return _("teardown 2/4 ACK");
    case LSC_ROLE_TD_FIN3: return _("teardown 3/4 FIN");
    case LSC_ROLE_TD_FINACK23: return _("teardown 2+3/4 FIN+ACK (three-segment close)");
    case LSC_ROLE_TD_ACK4: return _("teardown 4/4 ACK");
    case LSC_ROLE_TD_SIM_FIN: return _("simultaneous close FIN");
    case LSC_ROLE_RST: return _("RST abort");
    case LSC_ROLE_RST_REFUSED: return _("RST: connection refused (closed port)");
    case LSC_ROLE_ECHO_REQUEST: return _("echo request");
    case LSC_ROLE_ECHO_REPLY: return _("echo reply");
    case LSC_ROLE_ARP_REQUEST: return _("ARP request");
    case LSC_ROLE_ARP_REPLY: return _("ARP reply");
    case LSC_ROLE_ARP_GRATUITOUS: return _("gratuitous ARP");
    case LSC_ROLE_ARP_PROBE: return _("ARP probe");
    case LSC_ROLE_UDP: return _("datagram");
    case LSC_ROLE_NONE:
    case LSC_ROLE_LAST:
    default: return "";
    }
}

const char *
lsc_conv_kind_name (LscConvKind k)
{
  switch (k)
    {
    case LSC_CONV_TCP: return "TCP";
    case LSC_CONV_UDP: return "UDP";
    case LSC_CONV_ICMP: return "ICMP";
    case LSC_CONV_ARP: return "ARP";
    default: return "?";
    }
}

const char *
lsc_conv_end_label (LscConvEnd e)
{
  switch (e)
    {
    case LSC_CONV_END_OPEN: return _("still open");
    case LSC_CONV_END_FIN_BOTH: return _("FIN both ways");
    case LSC_CONV_END_FIN_ONE: return _("FIN one way (half-closed)");
    case LSC_CONV_END_RST: return _("RST");
    case LSC_CONV_END_REFUSED: return _("refused (RST to SYN)");
    case LSC_CONV_END_UNKNOWN:
    default: return _("unknown");
    }
}

void
lsc_conv_format_endpoint (const LscConvInfo *ci, gboolean b_side, char *buf, gsize n)
{
  char a[64];
  const guint8 *addr = b_side ? ci->addr_b : ci->addr_a;
  guint16 port = b_side ? ci->port_b : ci->port_a;
  if (ci->family == 6)
    lsc_format_ipv6 (addr, a);
  else
    lsc_format_ipv4 (((guint32) addr[0] << 24) | ((guint32) addr[1] << 16) | ((guint32) addr[2] << 8) | addr[3], a);
  if (ci->kind == LSC_CONV_TCP || ci->kind == LSC_CONV_UDP)
    g_snprintf (buf, n, ci->family == 6 ? "[%s]:%u" : "%s:%u", a, port);
  else
    g_snprintf (buf, n, "%s", a);
}

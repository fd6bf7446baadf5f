/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-ladder.h — the ladder (flow) model of one conversation
 *
 * One entry per packet of a conversation, in capture order: who sent it, the
 * TCP flags and relative numbers, the time, the segment's role, both ends'
 * states before and after it, and the analysis marks (retransmission,
 * duplicate ACK…).  Consecutive entries are grouped into phases (three-way
 * handshake, data, teardown, abort…) that a view draws as brackets.
 *
 * The model is what `layerscope-cli --flow` prints and what the app's flow
 * view draws, so both say the same thing.  It is filled either one packet at
 * a time right after lsc_conv_process() (a one-pass reader, whose analysis
 * keeps no per-frame records) or, for a store that was analysed with
 * records, in one call (lsc_ladder_build()).  ICMP echo, ARP and UDP
 * conversations get entries too (no TCP states: LSC_TCP_STATE_UNKNOWN).
 */
#pragma once

#include <glib.h>
#include "lsc-conv.h"
#include "lsc-store.h"

G_BEGIN_DECLS

typedef enum {
  LSC_PHASE_NONE = 0,
  LSC_PHASE_HANDSHAKE,      /* three-way handshake */
  LSC_PHASE_SIM_OPEN,       /* simultaneous open: SYNs crossed */
  LSC_PHASE_DATA,           /* data transfer */
  LSC_PHASE_MIDSTREAM,      /* data of a connection whose handshake was not captured */
  LSC_PHASE_TEARDOWN,       /* four-way teardown */
  LSC_PHASE_CLOSE3,         /* three-segment close: FIN+ACK answered the first FIN */
  LSC_PHASE_SIM_CLOSE,      /* simultaneous close: FINs crossed */
  LSC_PHASE_HALF_CLOSE,     /* teardown with data sent after the peer's FIN */
  LSC_PHASE_ABORT,          /* RST abort */
  LSC_PHASE_REFUSED,        /* SYN answered by RST: nothing listens on that port */
  LSC_PHASE_ECHO,           /* ICMP echo requests and replies */
  LSC_PHASE_ARP,            /* ARP requests and replies */
  LSC_PHASE_DATAGRAMS,      /* UDP datagrams */
  LSC_PHASE_LAST
} LscLadderPhase;

typedef struct {
  guint64 frame;            /* frame number, from 1 */
  gint64 ts_ns;
  guint32 wirelen;
  gboolean from_b;          /* sent by end B (server, responder) */
  LscConvRole role;
  guint32 cflags;           /* LscConvFlags */
  /* TCP. */
  guint16 tcp_flags;        /* LSC_TCP_* */
  guint32 seq, ack, len, win;  /* relative seq/ack (ack 0 without ACK), payload bytes, raw window */
  LscTcpState before_a, before_b, after_a, after_b;
  /* ICMP echo: type, identifier and sequence; ARP: the operation in icmp_type. */
  guint8 icmp_type;
  guint16 icmp_id, icmp_seq;
  guint64 link;             /* the paired frame (reply/request), the original ACK of a duplicate ACK */
  guint32 aux;              /* response time in µs of a reply; duplicate ACK number */
  guint32 phase;            /* index into the phases of this ladder */
} LscLadderEntry;

typedef struct {
  LscLadderPhase kind;
  guint first, last;        /* entry indices, inclusive */
} LscLadderSpan;

typedef struct _LscLadder LscLadder;

/* An empty ladder for conversation conv_index of c.  c must live while the
 * ladder is filled and finished; afterwards the ladder keeps a copy of the
 * conversation's LscConvInfo and needs c no more. */
LscLadder *lsc_ladder_new (const LscConv *c, guint conv_index);
void lsc_ladder_free (LscLadder *l);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LscLadder, lsc_ladder_free)

/* Right after lsc_conv_process (c, t): append t's packet when it belongs to
 * this ladder's conversation.  Returns TRUE when it was appended. */
gboolean lsc_ladder_add (LscLadder *l, const LscConv *c, const LscTree *t);
/* No more packets: group the entries into phases. */
void lsc_ladder_finish (LscLadder *l);

/* The whole ladder of one conversation of a store that c analysed with
 * per-frame records (not streaming); only that conversation's frames are
 * decoded again.  NULL when conv_index is out of range. */
LscLadder *lsc_ladder_build (LscStore *store, const LscConv *c, guint conv_index);

guint lsc_ladder_conv_index (const LscLadder *l);
const LscConvInfo *lsc_ladder_info (const LscLadder *l);
guint lsc_ladder_n_entries (const LscLadder *l);
const LscLadderEntry *lsc_ladder_entry (const LscLadder *l, guint i);
/* Index of the entry of that frame, or -1. */
gint lsc_ladder_find_frame (const LscLadder *l, guint64 frame);
guint lsc_ladder_n_phases (const LscLadder *l);
const LscLadderSpan *lsc_ladder_phase (const LscLadder *l, guint i);
/* States of both ends before the first entry (CLOSED / LISTEN, or UNKNOWN
 * for a connection captured mid-stream). */
void lsc_ladder_initial_states (const LscLadder *l, LscTcpState *a, LscTcpState *b);

/* "three-way handshake", "four-way teardown", … (translated). */
const char *lsc_ladder_phase_name (LscLadderPhase p);
/* The TCP flags as the ladder writes them: "SYN,ACK" (one table of names
 * with the decoder and crafting, lsc-tcp-flags.h). */
void lsc_ladder_format_flags (guint16 flags, GString *out);
/* An arrow's label: "[SYN,ACK] Seq=0 Ack=1 Len=0" for TCP, "Echo request
 * id=0x1 seq=1" for ICMP, "Who has 198.18.0.2?" for ARP, "Len=32" for UDP. */
void lsc_ladder_format_label (const LscLadder *l, const LscLadderEntry *e, GString *out);
/* The analysis marks of an entry as text: " [retransmission] [duplicate ACK]". */
void lsc_ladder_format_marks (const LscLadderEntry *e, GString *out);

G_END_DECLS

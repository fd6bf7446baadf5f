/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-reasm.h — IPv4 and IPv6 fragment reassembly
 *
 * The decoder leaves a fragment's payload to the reassembly when asked to
 * (LscDissectOptions.reassemble: LscPinfo.frag_*).  lsc_reasm_process() runs
 * once per packet in capture order (lsc_conv_process() calls it first): it
 * keeps each fragment's bytes until its datagram is whole, then decodes the
 * datagram's payload (UDP, ICMP, TCP ...) into the tree of the fragment that
 * completed it, as tshark does, and lists the fragments there (ip.fragments,
 * ip.fragment, ip.fragment.count, ip.reassembled.length; ipv6.* alike).  A
 * fragment that does not complete a datagram shows its bytes as data.
 *
 * Overlapping fragments (ip.fragment.overlap, and .conflict when the bytes
 * differ: the first bytes received are kept), a second last fragment
 * (multipletails) and a datagram over 65,535 bytes (toolongfragment) are
 * expert notes; so are the missing bytes of a datagram that never completes.
 *
 * Memory is bounded: at most LSC_REASM_MAX_BUFFERED bytes of fragment data
 * and LSC_REASM_MAX_DATAGRAMS datagrams wait at a time (the oldest is given
 * up beyond that), and a datagram waits at most LSC_REASM_TIMEOUT_S seconds
 * of capture time after its first fragment (Linux: 30 s for IPv4, 60 for IPv6).
 *
 * HTTP messages over several TCP segments work alike (the decoder leaves a
 * payload on an HTTP port to the reassembly): a message that does not end
 * in its first segment waits for the next ones in sequence (a retransmission
 * is shown as it is, a gap gives the message up), and the segment that
 * completes it decodes it whole under tcp.segments / tcp.segment /
 * tcp.segment.count / tcp.reassembled.length; the others show their bytes
 * as data with "[TCP segment of a reassembled PDU]" and, without streaming,
 * tcp.reassembled_in.  The same limits and timeout apply.
 *
 * Without streaming, the result is kept per frame so a view that re-dissects
 * any frame later (the app selecting the last fragment) gets the same tree
 * from lsc_reasm_annotate(), and every fragment also says which frame
 * reassembled it (ip.reassembled_in, "[Reassembled in #N]").  Streaming (a
 * one-pass reader) keeps nothing per frame: a fragment printed before its
 * datagram completes cannot know that frame yet.
 */
#pragma once

#include <glib.h>
#include "lsc-tree.h"

G_BEGIN_DECLS

#define LSC_REASM_MAX_BUFFERED (8u * 1024 * 1024)
#define LSC_REASM_MAX_DATAGRAMS 4096u
#define LSC_REASM_TIMEOUT_S 60
/* The longest HTTP message waited for over several segments. */
#define LSC_REASM_MAX_MESSAGE (4u * 1024 * 1024)

typedef struct _LscReasm LscReasm;

LscReasm *lsc_reasm_new (void);
void lsc_reasm_free (LscReasm *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LscReasm, lsc_reasm_free)
/* Keep no per-frame results (set before the first packet). */
void lsc_reasm_set_streaming (LscReasm *r, gboolean streaming);
/* Other bounds than the defaults above (tests); timeout in nanoseconds. */
void lsc_reasm_set_limits (LscReasm *r, gsize max_bytes, guint max_datagrams, gint64 timeout_ns);

/* Take the fragment t was just dissected from (frame numbers must grow; a
 * frame already processed is only annotated) and add its payload to t. */
void lsc_reasm_process (LscReasm *r, LscTree *t);
/* Add to a fresh tree of an already processed frame what process added.
 * A fragment not processed yet gets its bytes as data.  FALSE when t holds no
 * fragment left to the reassembly. */
gboolean lsc_reasm_annotate (LscReasm *r, LscTree *t);
/* The capture ended: datagrams still waiting are incomplete. */
void lsc_reasm_finish (LscReasm *r);

/* Bytes held (waiting fragments and kept results). */
gsize lsc_reasm_memory (const LscReasm *r);
/* Datagrams waiting now, reassembled and given up (timeout, limits, end) so far. */
void lsc_reasm_counts (const LscReasm *r, guint *waiting, guint64 *reassembled, guint64 *given_up);

/* ip.fragment*, ip.reassembled*, ipv6.fragment*, ipv6.reassembled*, tcp.segment*, tcp.reassembled* for the registry. */
extern const LscField lsc_fields_reasm[];

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-follow.h — follow a TCP or UDP conversation: its payload in order, per direction
 *
 * TCP is a byte stream: a segment boundary is where the sender's stack
 * happened to cut it, not a message the application wrote (the "sticky
 * packets" lesson).  LscFollow puts the bytes each end sent back in sequence
 * order and keeps every segment's boundary as a chunk boundary, so a view can
 * show both the stream and where it was cut.  Bytes a retransmission or an
 * overlapping segment repeats are kept once; bytes no captured frame carries
 * (lost segments, or cut off by the snap length) become a gap chunk.  A UDP
 * conversation is a list of datagrams, each its own chunk, in capture order.
 *
 * Feed it the frames of one conversation in capture order, each right after
 * lsc_conv_process() (a streaming analysis works: only the frame just
 * processed is asked about), or build it from a store whose analysis has
 * finished (lsc_follow_new_from_store).  Memory is bounded: past the limit
 * no more frames are kept and the result says it was truncated.
 */
#pragma once

#include <glib.h>
#include "lsc-conv.h"
#include "lsc-store.h"

G_BEGIN_DECLS

typedef enum {
  LSC_FOLLOW_DATA,   /* bytes one frame delivered first */
  LSC_FOLLOW_GAP,    /* bytes no captured frame carried: len says how many */
} LscFollowChunkKind;

typedef struct {
  LscFollowChunkKind kind;
  guint dir;             /* 0: A→B (client to server), 1: B→A */
  guint64 frame;         /* the frame these bytes came from; GAP: the frame that showed them missing
                          * (the first one after the hole, or one whose bytes were not all captured) */
  guint n_frames;        /* frames that carried some of these bytes: 1 + retransmissions/overlaps merged in */
  guint64 offset;        /* byte offset in its direction's stream (TCP: relative sequence number - 1) */
  const guint8 *data;    /* len bytes, owned by the LscFollow; NULL for a gap */
  gsize len;
} LscFollowChunk;

typedef struct {
  guint64 bytes;         /* payload bytes delivered (each once) */
  guint64 missing;       /* bytes in gaps */
  guint64 repeated;      /* bytes carried again by retransmissions or overlapping segments */
  guint frames;          /* frames with payload */
  guint chunks;          /* DATA chunks */
} LscFollowTotals;

typedef struct _LscFollow LscFollow;

/* The default limit on bytes kept (payload and per-frame records). */
#define LSC_FOLLOW_DEFAULT_LIMIT (64u << 20)

/* kind is LSC_CONV_TCP or LSC_CONV_UDP. */
LscFollow *lsc_follow_new (LscConvKind kind);
void lsc_follow_free (LscFollow *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LscFollow, lsc_follow_free)
/* Bytes to keep at most (before the first frame). */
void lsc_follow_set_limit (LscFollow *f, gsize max_bytes);

/* Add the frame t was dissected from when conv says it belongs to
 * conversation conv_index (otherwise nothing happens; returns FALSE).  t may
 * be a summary-only tree.  Payload bytes are read only within the captured
 * length. */
gboolean lsc_follow_add (LscFollow *f, const LscConv *conv, guint conv_index, const LscTree *t);
/* Order the bytes and build the chunks; call once after the last frame. */
void lsc_follow_finish (LscFollow *f);

/* Dissect the frames of conversation conv_index from store (analysed by
 * conv, not streaming) and finish.  NULL when conv_index is not a TCP or UDP
 * conversation. */
LscFollow *lsc_follow_new_from_store (LscStore *store, const LscConv *conv, guint conv_index, gsize max_bytes);

LscConvKind lsc_follow_get_kind (const LscFollow *f);
/* After finish: chunks of both directions, each direction in stream order,
 * the two merged by frame number (the order a conversation is read in). */
guint lsc_follow_get_n_chunks (const LscFollow *f);
const LscFollowChunk *lsc_follow_get_chunk (const LscFollow *f, guint i);
const LscFollowTotals *lsc_follow_get_totals (const LscFollow *f, guint dir);
/* TRUE when the limit was hit: frames after that were not kept. */
gboolean lsc_follow_is_truncated (const LscFollow *f);
/* The delivered bytes of one direction (dir 0 or 1) in stream order, or of
 * both (dir -1) in chunk order; gaps contribute nothing. */
GBytes *lsc_follow_get_bytes (const LscFollow *f, int dir);

/* Payload bytes as readable text: printable ASCII as it is, a line break for
 * "\n" (a "\r" right before it is dropped), tabs kept, a dot for every other
 * byte.  Shared by the CLI's ascii mode and the app's text view. */
void lsc_follow_append_printable (GString *out, const guint8 *data, gsize len);

G_END_DECLS

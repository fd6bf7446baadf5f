/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-follow.c — a conversation's payload in order, per direction
 *
 * Adding a frame only copies its captured payload and notes where it sits in
 * its direction's stream; the ordering happens once, in lsc_follow_finish():
 * per direction, the segments in capture order each deliver the bytes no
 * earlier frame delivered, so a byte belongs to the first frame that carried
 * it, repeats add nothing, and a hole between what was delivered is a gap.
 */
#include "lsc-follow.h"
#include "lsc-dissect.h"

#include <string.h>

typedef struct {
  guint64 frame;
  gint64 start;      /* stream offset of the first payload byte, before shifting to origin */
  guint32 len;       /* payload bytes the headers claim */
  guint32 avail;     /* of those, captured (the first avail bytes) */
  gsize data_off;    /* into buf */
  guint8 dir;
} Seg;

/* Bytes charged to the limit for each frame kept, besides its payload: its
 * record here and, when finishing, its piece and the sequence node. */
#define PER_FRAME_COST 128

typedef struct {
  gboolean have;     /* a segment seen: last_rel/last64 valid */
  guint32 last_rel;
  gint64 last64;
  gboolean syn;      /* its SYN was seen: the stream starts at offset 0 */
  gboolean have_isn; /* numbers count from isn, its bytes from offset origin */
  guint32 isn;
  gint64 origin;
  gint64 max_end;    /* end of the furthest payload so far */
  guint64 udp_next;
} Dir;

struct _LscFollow {
  LscConvKind kind;
  gsize limit, used;
  gboolean truncated, finished;
  GByteArray *buf;
  GArray *segs;      /* Seg */
  Dir dir[2];
  GArray *chunks;    /* LscFollowChunk, after finish */
  LscFollowTotals totals[2];
};

LscFollow *
lsc_follow_new (LscConvKind kind)
{
  g_return_val_if_fail (kind == LSC_CONV_TCP || kind == LSC_CONV_UDP, NULL);
  LscFollow *f = g_new0 (LscFollow, 1);
  f->kind = kind;
  f->limit = LSC_FOLLOW_DEFAULT_LIMIT;
  f->buf = g_byte_array_new ();
  f->segs = g_array_new (FALSE, FALSE, sizeof (Seg));
  f->chunks = g_array_new (FALSE, TRUE, sizeof (LscFollowChunk));
  return f;
}

void
lsc_follow_free (LscFollow *f)
{
  if (!f)
    return;
  g_byte_array_unref (f->buf);
  g_array_unref (f->segs);
  g_array_unref (f->chunks);
  g_free (f);
}

void
lsc_follow_set_limit (LscFollow *f, gsize max_bytes)
{
  g_return_if_fail (f->segs->len == 0);
  f->limit = max_bytes;
}

/* Captured payload bytes at off, at most len of them. */
static guint32
captured (const LscPacket *pkt, guint32 off, guint32 len)
{
  if (!pkt->data || off >= pkt->caplen)
    return 0;
  return MIN (len, pkt->caplen - off);
}

gboolean
lsc_follow_add (LscFollow *f, const LscConv *conv, guint conv_index, const LscTree *t)
{
  g_return_val_if_fail (!f->finished, FALSE);
  const LscPacket *pkt = lsc_tree_packet (t);
  const LscPinfo *pi = lsc_tree_pinfo_const (t);
  LscConvPacket cp;
  if (!pkt || !lsc_conv_packet (conv, pkt->num, &cp) || cp.conv != conv_index)
    return FALSE;
  const LscConvInfo *ci = lsc_conv_nth (conv, conv_index);
  if (!ci || ci->kind != f->kind)
    return FALSE;
  guint d = (cp.flags & LSC_CONV_F_FROM_B) ? 1 : 0;
  Dir *D = &f->dir[d];
  Seg s = { .frame = pkt->num, .dir = (guint8) d };

  if (f->kind == LSC_CONV_TCP)
    {
      if (!(pi->has & LSC_HAS_TCP))
        return FALSE;
      gboolean syn = pi->tcp_flags & LSC_TCP_SYN;
      /* Relative numbers from the SYN, as the analysis shows them; a SYN
       * with a new number on the same stream (a reused port, answered on
       * it) numbers the bytes that follow after those before.  The
       * analysis' own bases are only the final ones, so they serve only an
       * end whose SYN was not captured. */
      if (syn && (!D->have_isn || pi->tcp_seq != D->isn))
        {
          D->origin = D->have_isn || D->have ? D->max_end : 0;
          D->isn = pi->tcp_seq;
          D->have_isn = TRUE;
          D->have = FALSE;
        }
      guint32 rel, ack;
      if (D->have_isn)
        rel = pi->tcp_seq - D->isn;
      else if (!lsc_conv_tcp_relative (conv, pkt->num, pi, &rel, &ack))
        return FALSE;
      /* To 64 bits, so a stream past 4 GiB keeps its order. */
      gint64 rel64 = D->have ? D->last64 + (gint32) (rel - D->last_rel) : (gint64) rel;
      D->have = TRUE;
      D->last_rel = rel;
      D->last64 = rel64;
      D->syn |= syn;
      /* The SYN takes sequence number 0; data starts at 1, offset 0. */
      s.start = D->origin + (syn ? rel64 : rel64 - 1);
      s.len = pi->tcp_len;
      s.avail = captured (pkt, pi->tcp_payload_off, pi->tcp_len);
      if (s.len && s.start + s.len > D->max_end)
        D->max_end = s.start + s.len;
    }
  else
    {
      if (!(pi->has & LSC_HAS_UDP) || pi->udp_node < 0)
        return FALSE;
      const LscNode *un = lsc_tree_node (t, pi->udp_node);
      s.start = (gint64) D->udp_next;
      s.len = pi->udp_len;
      s.avail = un ? captured (pkt, un->offset + 8, pi->udp_len) : 0;
      D->udp_next += s.len;
    }
  /* Only payload matters for TCP; an empty UDP datagram is still a message. */
  if (f->kind == LSC_CONV_TCP && s.len == 0)
    return TRUE;
  gsize cost = s.avail + PER_FRAME_COST;
  if (f->truncated || f->used + cost > f->limit)
    {
      f->truncated = TRUE;
      return TRUE;
    }
  f->used += cost;
  s.data_off = f->buf->len;
  if (s.avail)
    g_byte_array_append (f->buf, pkt->data + (f->kind == LSC_CONV_TCP ? pi->tcp_payload_off
                                                                        : lsc_tree_node (t, pi->udp_node)->offset + 8),
                         s.avail);
  g_array_append_val (f->segs, s);
  return TRUE;
}

/* A run of bytes one frame delivered first. */
typedef struct {
  gint64 start, end;
  gsize data_off;     /* of the byte at start, in buf */
  guint64 frame;
  guint n_frames;
} Piece;

static gint
piece_cmp (gconstpointer a, gconstpointer b, gpointer data)
{
  const Piece *x = a, *y = b;
  return x->start < y->start ? -1 : x->start > y->start;
}

static void
add_gap (GArray *out, guint d, guint64 frame, guint64 offset, guint64 len, LscFollowTotals *tot)
{
  LscFollowChunk c = { LSC_FOLLOW_GAP, d, frame, 0, offset, NULL, len };
  g_array_append_val (out, c);
  tot->missing += len;
}

/* One TCP direction.  Segments are taken in capture order and each delivers
 * only the bytes no earlier frame delivered (a set of pieces ordered by
 * offset); repeated bytes count for the piece that has them.  The pieces in
 * offset order are the chunks, the holes between them the gaps.  Chunk data
 * is left as an offset into buf (in .data) until every chunk is built. */
static void
finish_tcp_dir (LscFollow *f, guint d, GArray *out)
{
  LscFollowTotals *tot = &f->totals[d];
  g_autoptr (GSequence) pieces = g_sequence_new (g_free);
  gboolean any = FALSE;
  gint64 origin = 0, claimed = 0;
  guint64 claimed_frame = 0;
  for (guint i = 0; i < f->segs->len; i++)
    {
      const Seg *s = &g_array_index (f->segs, Seg, i);
      if (s->dir != d)
        continue;
      tot->frames++;
      if (!any || s->start < origin)
        origin = s->start;
      if (!any || s->start + s->len > claimed)
        {
          claimed = s->start + s->len;
          claimed_frame = s->frame;
        }
      any = TRUE;
      gint64 cur = s->start, end = s->start + s->avail;
      if (cur >= end)
        continue;
      /* The first piece that could overlap: the one before where s would go. */
      Piece key = { .start = cur };
      GSequenceIter *it = g_sequence_search (pieces, &key, piece_cmp, NULL);
      if (!g_sequence_iter_is_begin (it))
        {
          GSequenceIter *prev = g_sequence_iter_prev (it);
          if (((Piece *) g_sequence_get (prev))->end > cur)
            it = prev;
        }
      while (cur < end)
        {
          Piece *p = g_sequence_iter_is_end (it) ? NULL : g_sequence_get (it);
          gint64 stop = p ? MIN (end, p->start) : end;
          if (stop > cur)
            {
              Piece *n = g_new (Piece, 1);
              *n = (Piece) { cur, stop, s->data_off + (gsize) (cur - s->start), s->frame, 1 };
              g_sequence_insert_before (it, n);
              cur = stop;
            }
          if (!p || p->start >= end)
            break;
          /* Bytes p already delivered. */
          gint64 over = MIN (end, p->end) - MAX (cur, p->start);
          if (over > 0)
            {
              tot->repeated += (guint64) over;
              p->n_frames++;
            }
          cur = MAX (cur, p->end);
          it = g_sequence_iter_next (it);
        }
    }
  if (!any)
    return;
  if (f->dir[d].syn && origin > 0)
    origin = 0;   /* the SYN says where the stream starts: bytes missing before the first segment are a gap */
  gint64 next = origin;
  for (GSequenceIter *it = g_sequence_get_begin_iter (pieces); !g_sequence_iter_is_end (it); it = g_sequence_iter_next (it))
    {
      const Piece *p = g_sequence_get (it);
      if (p->start > next)
        add_gap (out, d, p->frame, (guint64) (next - origin), (guint64) (p->start - next), tot);
      LscFollowChunk c = { LSC_FOLLOW_DATA, d, p->frame, p->n_frames, (guint64) (p->start - origin),
                           GSIZE_TO_POINTER (p->data_off), (gsize) (p->end - p->start) };
      g_array_append_val (out, c);
      tot->bytes += c.len;
      tot->chunks++;
      next = p->end;
    }
  if (claimed > next)
    add_gap (out, d, claimed_frame, (guint64) (next - origin), (guint64) (claimed - next), tot);
}

static void
finish_udp (LscFollow *f)
{
  for (guint i = 0; i < f->segs->len; i++)
    {
      const Seg *s = &g_array_index (f->segs, Seg, i);
      LscFollowTotals *tot = &f->totals[s->dir];
      LscFollowChunk c = { LSC_FOLLOW_DATA, s->dir, s->frame, 1, (guint64) s->start,
                           GSIZE_TO_POINTER (s->data_off), s->avail };
      g_array_append_val (f->chunks, c);
      tot->frames++;
      tot->chunks++;
      tot->bytes += s->avail;
      if (s->len > s->avail)
        add_gap (f->chunks, s->dir, s->frame, (guint64) s->start + s->avail, s->len - s->avail, tot);
    }
}

void
lsc_follow_finish (LscFollow *f)
{
  if (f->finished)
    return;
  f->finished = TRUE;
  if (f->kind == LSC_CONV_TCP)
    {
      g_autoptr (GArray) a = g_array_new (FALSE, TRUE, sizeof (LscFollowChunk));
      g_autoptr (GArray) b = g_array_new (FALSE, TRUE, sizeof (LscFollowChunk));
      finish_tcp_dir (f, 0, a);
      finish_tcp_dir (f, 1, b);
      /* Merge, not sort: each direction keeps its stream order. */
      guint i = 0, j = 0;
      while (i < a->len || j < b->len)
        {
          const LscFollowChunk *x = i < a->len ? &g_array_index (a, LscFollowChunk, i) : NULL;
          const LscFollowChunk *y = j < b->len ? &g_array_index (b, LscFollowChunk, j) : NULL;
          if (x && (!y || x->frame <= y->frame))
            {
              g_array_append_vals (f->chunks, x, 1);
              i++;
            }
          else
            {
              g_array_append_vals (f->chunks, y, 1);
              j++;
            }
        }
    }
  else
    finish_udp (f);
  /* buf no longer grows: offsets become pointers. */
  for (guint i = 0; i < f->chunks->len; i++)
    {
      LscFollowChunk *c = &g_array_index (f->chunks, LscFollowChunk, i);
      if (c->kind == LSC_FOLLOW_DATA)
        c->data = f->buf->data ? f->buf->data + GPOINTER_TO_SIZE (c->data) : (const guint8 *) "";
    }
}

LscFollow *
lsc_follow_new_from_store (LscStore *store, const LscConv *conv, guint conv_index, gsize max_bytes)
{
  const LscConvInfo *ci = lsc_conv_nth (conv, conv_index);
  if (!ci || (ci->kind != LSC_CONV_TCP && ci->kind != LSC_CONV_UDP))
    return NULL;
  LscFollow *f = lsc_follow_new (ci->kind);
  lsc_follow_set_limit (f, max_bytes);
  g_autoptr (LscTree) tree = lsc_tree_new ();
  /* Headers and the digest are all this needs. */
  lsc_tree_set_summary_only (tree, TRUE);
  const LscDissectOptions *opt = lsc_store_get_options (store);
  for (guint64 n = ci->first_frame; n >= 1 && n <= ci->last_frame && n <= G_MAXUINT; n++)
    {
      LscConvPacket cp;
      LscPacket pkt;
      if (!lsc_conv_packet (conv, n, &cp) || cp.conv != conv_index || !lsc_store_get_packet (store, (guint) (n - 1), &pkt))
        continue;
      lsc_dissect (tree, &pkt, opt);
      lsc_follow_add (f, conv, conv_index, tree);
    }
  lsc_follow_finish (f);
  return f;
}

LscConvKind
lsc_follow_get_kind (const LscFollow *f)
{
  return f->kind;
}

guint
lsc_follow_get_n_chunks (const LscFollow *f)
{
  return f->chunks->len;
}

const LscFollowChunk *
lsc_follow_get_chunk (const LscFollow *f, guint i)
{
  g_return_val_if_fail (f->finished, NULL);
  return i < f->chunks->len ? &g_array_index (f->chunks, LscFollowChunk, i) : NULL;
}

const LscFollowTotals *
lsc_follow_get_totals (const LscFollow *f, guint dir)
{
  g_return_val_if_fail (dir < 2, NULL);
  return &f->totals[dir];
}

gboolean
lsc_follow_is_truncated (const LscFollow *f)
{
  return f->truncated;
}

GBytes *
lsc_follow_get_bytes (const LscFollow *f, int dir)
{
  g_return_val_if_fail (f->finished, NULL);
  GByteArray *out = g_byte_array_new ();
  for (guint i = 0; i < f->chunks->len; i++)
    {
      const LscFollowChunk *c = &g_array_index (f->chunks, LscFollowChunk, i);
      if (c->kind == LSC_FOLLOW_DATA && (dir < 0 || c->dir == (guint) dir))
        g_byte_array_append (out, c->data, (guint) c->len);
    }
  return g_byte_array_free_to_bytes (out);
}

void
lsc_follow_append_printable (GString *out, const guint8 *data, gsize len)
{
  for (gsize i = 0; i < len; i++)
    {
      guint8 c = data[i];
      if (c == '\r' && i + 1 < len && data[i + 1] == '\n')
        continue;
      g_string_append_c (out, c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f) ? (char) c : '.');
    }
}

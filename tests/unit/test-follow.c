/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-follow.c — following a TCP or UDP conversation (lsc-follow.h)
 *
 * Each scenario is a list of frames between A (198.18.0.1:40000) and B
 * (198.18.0.2:80) with relative sequence numbers and literal payloads.  They
 * go through lsc_dissect() and lsc_conv_process() like captured frames, and
 * the follow result is built twice: fed frame by frame next to a streaming
 * analysis (as the CLI does) and from a store analysed up front (as the app
 * does).  Both must agree, and must equal what the scenario says each end
 * sent, in order, each byte once.
 */
#include "core/lsc-conv.h"
#include "core/lsc-dissect.h"
#include "core/lsc-follow.h"
#include "core/lsc-store.h"
#include "lsc-test-capture.h"
#include "lsc-test-tcp.h"

#include <string.h>

typedef struct {
  LscFollow *streamed;   /* fed next to a streaming analysis */
  LscFollow *stored;     /* from a store analysed up front */
} Result;

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->streamed, lsc_follow_free);
  g_clear_pointer (&r->stored, lsc_follow_free);
}

static void
assert_same (const LscFollow *x, const LscFollow *y)
{
  g_assert_cmpuint (lsc_follow_get_n_chunks (x), ==, lsc_follow_get_n_chunks (y));
  for (guint i = 0; i < lsc_follow_get_n_chunks (x); i++)
    {
      const LscFollowChunk *a = lsc_follow_get_chunk (x, i), *b = lsc_follow_get_chunk (y, i);
      g_assert_cmpint (a->kind, ==, b->kind);
      g_assert_cmpuint (a->dir, ==, b->dir);
      g_assert_cmpuint (a->frame, ==, b->frame);
      g_assert_cmpuint (a->n_frames, ==, b->n_frames);
      g_assert_cmpuint (a->offset, ==, b->offset);
      g_assert_cmpuint (a->len, ==, b->len);
      if (a->kind == LSC_FOLLOW_DATA)
        g_assert_cmpmem (a->data, a->len, b->data, b->len);
    }
  for (guint d = 0; d < 2; d++)
    g_assert_cmpmem (lsc_follow_get_totals (x, d), sizeof (LscFollowTotals), lsc_follow_get_totals (y, d),
                     sizeof (LscFollowTotals));
  g_assert_cmpint (lsc_follow_is_truncated (x), ==, lsc_follow_is_truncated (y));
}

static Result
run (const LscTestFrame *frames, guint n, gsize limit)
{
  Result r = { 0 };
  g_autoptr (LscConv) sconv = lsc_conv_new ();
  lsc_conv_set_streaming (sconv, TRUE);
  g_autoptr (LscStore) store = lsc_store_new ();
  g_autoptr (LscTree) tree = lsc_tree_new ();
  LscDissectOptions opt;
  lsc_dissect_options_init (&opt);
  r.streamed = lsc_follow_new (frames[0].udp ? LSC_CONV_UDP : LSC_CONV_TCP);
  lsc_follow_set_limit (r.streamed, limit);
  for (guint i = 0; i < n; i++)
    {
      guint caplen, wirelen;
      /* Exactly caplen bytes allocated: a read past them is a sanitizer error. */
      g_autofree guint8 *full = lsc_test_tcp_frame (&frames[i], &caplen, &wirelen);
      g_autofree guint8 *data = g_memdup2 (full, caplen);
      LscPacket pkt = { .num = i + 1, .ts_ns = (gint64) (i + 1) * 1000000, .caplen = caplen, .wirelen = wirelen,
                        .linktype = LSC_LINK_ETHERNET, .data = data };
      lsc_dissect (tree, &pkt, &opt);
      lsc_conv_process (sconv, tree);
      g_assert_true (lsc_follow_add (r.streamed, sconv, 0, tree));
      lsc_store_append (store, &pkt);
    }
  lsc_follow_finish (r.streamed);
  lsc_store_commit (store);

  g_autoptr (LscConv) conv = lsc_test_analyse (store);
  g_assert_cmpuint (lsc_conv_count (conv), ==, 1);
  r.stored = lsc_follow_new_from_store (store, conv, 0, limit);
  g_assert_nonnull (r.stored);
  assert_same (r.streamed, r.stored);
  return r;
}

static void
assert_bytes (const LscFollow *f, int dir, const char *expected)
{
  g_autoptr (GBytes) b = lsc_follow_get_bytes (f, dir);
  gsize n;
  const guint8 *p = g_bytes_get_data (b, &n);
  g_assert_cmpmem (p, n, expected, strlen (expected));
}

/* Chunk i is DATA from dir at offset with text, carried by n_frames frames, first seen in frame. */
static void
assert_chunk (const LscFollow *f, guint i, guint dir, guint64 frame, guint64 offset, const char *text, guint n_frames)
{
  const LscFollowChunk *c = lsc_follow_get_chunk (f, i);
  g_assert_nonnull (c);
  g_assert_cmpint (c->kind, ==, LSC_FOLLOW_DATA);
  g_assert_cmpuint (c->dir, ==, dir);
  g_assert_cmpuint (c->frame, ==, frame);
  g_assert_cmpuint (c->offset, ==, offset);
  g_assert_cmpmem (c->data, c->len, text, strlen (text));
  g_assert_cmpuint (c->n_frames, ==, n_frames);
}

static void
assert_gap (const LscFollow *f, guint i, guint dir, guint64 frame, guint64 offset, gsize len)
{
  const LscFollowChunk *c = lsc_follow_get_chunk (f, i);
  g_assert_nonnull (c);
  g_assert_cmpint (c->kind, ==, LSC_FOLLOW_GAP);
  g_assert_cmpuint (c->dir, ==, dir);
  g_assert_cmpuint (c->frame, ==, frame);
  g_assert_cmpuint (c->offset, ==, offset);
  g_assert_cmpuint (c->len, ==, len);
  g_assert_null (c->data);
}

#define HANDSHAKE \
  { FALSE, SYN, 0, NULL, 0, FALSE }, \
  { TRUE, SYN | ACK, 0, NULL, 0, FALSE }, \
  { FALSE, ACK, 1, NULL, 0, FALSE }

static void
test_in_order (void)
{
  /* One request written in three pieces, one reply in two: the boundaries
   * stay chunk boundaries, the bytes join up. */
  static const LscTestFrame fr[] = {
    HANDSHAKE,
    { FALSE, PSH | ACK, 1, "GET /index.html HT", 0, FALSE },
    { FALSE, PSH | ACK, 19, "TP/1.1\r\nHost: lab\r\n", 0, FALSE },
    { FALSE, PSH | ACK, 38, "\r\n", 0, FALSE },
    { TRUE, ACK, 1, NULL, 0, FALSE },
    { TRUE, PSH | ACK, 1, "HTTP/1.1 200 OK\r\n", 0, FALSE },
    { TRUE, PSH | ACK, 18, "\r\nhello", 0, FALSE },
    { FALSE, FIN | ACK, 40, NULL, 0, FALSE },
    { TRUE, FIN | ACK, 25, NULL, 0, FALSE },
  };
  Result r = run (fr, G_N_ELEMENTS (fr), LSC_FOLLOW_DEFAULT_LIMIT);
  const LscFollow *f = r.stored;
  assert_bytes (f, 0, "GET /index.html HTTP/1.1\r\nHost: lab\r\n\r\n");
  assert_bytes (f, 1, "HTTP/1.1 200 OK\r\n\r\nhello");
  assert_bytes (f, -1, "GET /index.html HTTP/1.1\r\nHost: lab\r\n\r\nHTTP/1.1 200 OK\r\n\r\nhello");
  g_assert_cmpuint (lsc_follow_get_n_chunks (f), ==, 5);
  assert_chunk (f, 0, 0, 4, 0, "GET /index.html HT", 1);
  assert_chunk (f, 1, 0, 5, 18, "TP/1.1\r\nHost: lab\r\n", 1);
  assert_chunk (f, 2, 0, 6, 37, "\r\n", 1);
  assert_chunk (f, 3, 1, 8, 0, "HTTP/1.1 200 OK\r\n", 1);
  assert_chunk (f, 4, 1, 9, 17, "\r\nhello", 1);
  const LscFollowTotals *a = lsc_follow_get_totals (f, 0), *b = lsc_follow_get_totals (f, 1);
  g_assert_cmpuint (a->bytes, ==, 39);
  g_assert_cmpuint (a->frames, ==, 3);
  g_assert_cmpuint (a->chunks, ==, 3);
  g_assert_cmpuint (a->missing + a->repeated, ==, 0);
  g_assert_cmpuint (b->bytes, ==, 24);
  g_assert_cmpuint (b->frames, ==, 2);
  g_assert_false (lsc_follow_is_truncated (f));
  result_clear (&r);
}

static void
test_retransmission (void)
{
  /* The second segment is sent again (the first copy was not acknowledged
   * in time): its bytes count once, the chunk names both frames. */
  static const LscTestFrame fr[] = {
    HANDSHAKE,
    { FALSE, PSH | ACK, 1, "abcde", 0, FALSE },
    { FALSE, PSH | ACK, 6, "fghij", 0, FALSE },
    { FALSE, PSH | ACK, 6, "fghij", 0, FALSE },
    { FALSE, PSH | ACK, 11, "klm", 0, FALSE },
    { FALSE, PSH | ACK, 1, "abcdefghij", 0, FALSE },   /* everything again in one segment */
  };
  Result r = run (fr, G_N_ELEMENTS (fr), LSC_FOLLOW_DEFAULT_LIMIT);
  const LscFollow *f = r.stored;
  assert_bytes (f, 0, "abcdefghijklm");
  g_assert_cmpuint (lsc_follow_get_n_chunks (f), ==, 3);
  assert_chunk (f, 0, 0, 4, 0, "abcde", 2);
  assert_chunk (f, 1, 0, 5, 5, "fghij", 3);
  assert_chunk (f, 2, 0, 7, 10, "klm", 1);
  const LscFollowTotals *a = lsc_follow_get_totals (f, 0);
  g_assert_cmpuint (a->bytes, ==, 13);
  g_assert_cmpuint (a->repeated, ==, 15);
  g_assert_cmpuint (a->frames, ==, 5);
  result_clear (&r);
}

static void
test_out_of_order (void)
{
  /* The third piece overtakes the second on the way. */
  static const LscTestFrame fr[] = {
    HANDSHAKE,
    { TRUE, PSH | ACK, 1, "one ", 0, FALSE },
    { TRUE, PSH | ACK, 9, "three", 0, FALSE },
    { TRUE, PSH | ACK, 5, "two ", 0, FALSE },
  };
  Result r = run (fr, G_N_ELEMENTS (fr), LSC_FOLLOW_DEFAULT_LIMIT);
  const LscFollow *f = r.stored;
  assert_bytes (f, 1, "one two three");
  assert_bytes (f, 0, "");
  g_assert_cmpuint (lsc_follow_get_n_chunks (f), ==, 3);
  assert_chunk (f, 0, 1, 4, 0, "one ", 1);
  assert_chunk (f, 1, 1, 6, 4, "two ", 1);
  assert_chunk (f, 2, 1, 5, 8, "three", 1);
  g_assert_cmpuint (lsc_follow_get_totals (f, 1)->missing, ==, 0);
  result_clear (&r);
}

static void
test_overlap (void)
{
  /* A resent segment that also carries new bytes adds only those. */
  static const LscTestFrame fr[] = {
    HANDSHAKE,
    { FALSE, PSH | ACK, 1, "0123456789", 0, FALSE },
    { FALSE, PSH | ACK, 6, "56789ABCDE", 0, FALSE },
    { FALSE, PSH | ACK, 13, "CDEFG", 0, FALSE },
  };
  Result r = run (fr, G_N_ELEMENTS (fr), LSC_FOLLOW_DEFAULT_LIMIT);
  const LscFollow *f = r.stored;
  assert_bytes (f, 0, "0123456789ABCDEFG");
  g_assert_cmpuint (lsc_follow_get_n_chunks (f), ==, 3);
  assert_chunk (f, 0, 0, 4, 0, "0123456789", 2);
  assert_chunk (f, 1, 0, 5, 10, "ABCDE", 2);
  assert_chunk (f, 2, 0, 6, 15, "FG", 1);
  g_assert_cmpuint (lsc_follow_get_totals (f, 0)->repeated, ==, 8);
  result_clear (&r);
}

static void
test_gap (void)
{
  /* A segment never captured, the first data byte after the SYN missing
   * too, and a segment cut by the snap length. */
  static const LscTestFrame fr[] = {
    HANDSHAKE,
    { FALSE, PSH | ACK, 3, "cdef", 0, FALSE },
    { FALSE, PSH | ACK, 12, "lmnop", 0, FALSE },
    { FALSE, PSH | ACK, 17, "qrstuvwxyz", 3, FALSE },
  };
  Result r = run (fr, G_N_ELEMENTS (fr), LSC_FOLLOW_DEFAULT_LIMIT);
  const LscFollow *f = r.stored;
  assert_bytes (f, 0, "cdeflmnopqrs");
  g_assert_cmpuint (lsc_follow_get_n_chunks (f), ==, 6);
  assert_gap (f, 0, 0, 4, 0, 2);
  assert_chunk (f, 1, 0, 4, 2, "cdef", 1);
  assert_gap (f, 2, 0, 5, 6, 5);
  assert_chunk (f, 3, 0, 5, 11, "lmnop", 1);
  assert_chunk (f, 4, 0, 6, 16, "qrs", 1);
  assert_gap (f, 5, 0, 6, 19, 7);
  const LscFollowTotals *a = lsc_follow_get_totals (f, 0);
  g_assert_cmpuint (a->bytes, ==, 12);
  g_assert_cmpuint (a->missing, ==, 14);
  result_clear (&r);
}

static void
test_cut_then_resent (void)
{
  /* The snap length cut the first copy; the retransmission was captured
   * whole and fills in the rest: no gap. */
  static const LscTestFrame fr[] = {
    HANDSHAKE,
    { FALSE, PSH | ACK, 1, "0123456789", 4, FALSE },
    { FALSE, PSH | ACK, 1, "0123456789", 0, FALSE },
  };
  Result r = run (fr, G_N_ELEMENTS (fr), LSC_FOLLOW_DEFAULT_LIMIT);
  const LscFollow *f = r.stored;
  assert_bytes (f, 0, "0123456789");
  g_assert_cmpuint (lsc_follow_get_n_chunks (f), ==, 2);
  assert_chunk (f, 0, 0, 4, 0, "0123", 2);
  assert_chunk (f, 1, 0, 5, 4, "456789", 1);
  g_assert_cmpuint (lsc_follow_get_totals (f, 0)->missing, ==, 0);
  result_clear (&r);
}

static void
test_midstream (void)
{
  /* No handshake captured: each direction starts where the capture did,
   * and nothing before it is called missing. */
  static const LscTestFrame fr[] = {
    { FALSE, PSH | ACK, 1, "late ", 0, FALSE },
    { TRUE, PSH | ACK, 1, "reply", 0, FALSE },
    { FALSE, PSH | ACK, 6, "start", 0, FALSE },
  };
  Result r = run (fr, G_N_ELEMENTS (fr), LSC_FOLLOW_DEFAULT_LIMIT);
  const LscFollow *f = r.stored;
  assert_bytes (f, 0, "late start");
  assert_bytes (f, 1, "reply");
  assert_bytes (f, -1, "late replystart");
  g_assert_cmpuint (lsc_follow_get_totals (f, 0)->missing + lsc_follow_get_totals (f, 1)->missing, ==, 0);
  result_clear (&r);
}

static void
test_numbering_restarts (void)
{
  /* A finished connection, then the server answers a new SYN on the same
   * ports with a new sequence number (the analysis keeps it in the same
   * stream and numbers the server's bytes from there): what it sends next
   * follows what it sent before, whether the follow is built while reading
   * or from the store analysed to the end. */
  static const LscTestFrame fr[] = {
    HANDSHAKE,
    { FALSE, PSH | ACK, 1, "one", 0, FALSE },
    { TRUE, PSH | ACK, 1, "two", 0, FALSE },
    { FALSE, FIN | ACK, 4, NULL, 0, FALSE },
    { TRUE, FIN | ACK, 4, NULL, 0, FALSE },
    { FALSE, ACK, 5, NULL, 0, FALSE },
    { TRUE, SYN | ACK, 0x40000000, NULL, 0, FALSE },
    { TRUE, PSH | ACK, 0x40000001, "three", 0, FALSE },
  };
  Result r = run (fr, G_N_ELEMENTS (fr), LSC_FOLLOW_DEFAULT_LIMIT);
  const LscFollow *f = r.stored;
  assert_bytes (f, 1, "twothree");
  assert_bytes (f, 0, "one");
  g_assert_cmpuint (lsc_follow_get_n_chunks (f), ==, 3);
  assert_chunk (f, 2, 1, 10, 3, "three", 1);
  g_assert_cmpuint (lsc_follow_get_totals (f, 1)->missing, ==, 0);
  result_clear (&r);
}

static void
test_udp (void)
{
  /* Datagrams stay messages, in capture order; an empty one too. */
  static const LscTestFrame fr[] = {
    { FALSE, 0, 0, "ping", 0, TRUE },
    { TRUE, 0, 0, "pong!", 0, TRUE },
    { FALSE, 0, 0, "", 0, TRUE },
    { FALSE, 0, 0, "again", 0, TRUE },
    { TRUE, 0, 0, "cut here", 3, TRUE },
  };
  Result r = run (fr, G_N_ELEMENTS (fr), LSC_FOLLOW_DEFAULT_LIMIT);
  const LscFollow *f = r.stored;
  g_assert_cmpint (lsc_follow_get_kind (f), ==, LSC_CONV_UDP);
  assert_bytes (f, -1, "pingpong!againcut");
  g_assert_cmpuint (lsc_follow_get_n_chunks (f), ==, 6);
  assert_chunk (f, 0, 0, 1, 0, "ping", 1);
  assert_chunk (f, 1, 1, 2, 0, "pong!", 1);
  assert_chunk (f, 2, 0, 3, 4, "", 1);
  assert_chunk (f, 3, 0, 4, 4, "again", 1);
  assert_chunk (f, 4, 1, 5, 5, "cut", 1);
  assert_gap (f, 5, 1, 5, 8, 5);
  g_assert_cmpuint (lsc_follow_get_totals (f, 0)->frames, ==, 3);
  g_assert_cmpuint (lsc_follow_get_totals (f, 1)->missing, ==, 5);
  result_clear (&r);
}

static void
test_limit (void)
{
  /* A limit that holds the first two segments only (each costs its
   * payload and about a hundred bytes of bookkeeping). */
  static const LscTestFrame fr[] = {
    HANDSHAKE,
    { FALSE, PSH | ACK, 1, "0123456789", 0, FALSE },
    { FALSE, PSH | ACK, 11, "abcdefghij", 0, FALSE },
    { FALSE, PSH | ACK, 21, "ABCDEFGHIJ", 0, FALSE },
  };
  Result r = run (fr, G_N_ELEMENTS (fr), 300);
  const LscFollow *f = r.stored;
  g_assert_true (lsc_follow_is_truncated (f));
  g_autoptr (GBytes) b = lsc_follow_get_bytes (f, 0);
  /* A prefix of the stream, never a byte past what was kept. */
  g_assert_cmpuint (g_bytes_get_size (b), >=, 10);
  g_assert_cmpuint (g_bytes_get_size (b), <=, 20);
  g_assert_cmpmem (g_bytes_get_data (b, NULL), g_bytes_get_size (b), "0123456789abcdefghij", g_bytes_get_size (b));
  result_clear (&r);
  r = run (fr, G_N_ELEMENTS (fr), LSC_FOLLOW_DEFAULT_LIMIT);
  g_assert_false (lsc_follow_is_truncated (r.stored));
  result_clear (&r);
}

static void
test_printable (void)
{
  static const guint8 in[] = "GET / HTTP/1.1\r\nA:\tb\x01\xe4\r";
  g_autoptr (GString) s = g_string_new (NULL);
  lsc_follow_append_printable (s, in, sizeof in - 1);
  g_assert_cmpstr (s->str, ==, "GET / HTTP/1.1\nA:\tb...");
}

/* The plain way to reassemble one direction, to hold lsc-follow.c against:
 * an array indexed by stream offset that the first frame (in capture order)
 * carrying a byte fills in.  Segments with payload, as (offset, bytes). */
typedef struct {
  gint64 start;
  GBytes *bytes;
} RefSeg;

static void
reference (GArray *segs, gboolean syn, GByteArray *out, guint64 *missing)
{
  if (!segs->len)
    return;
  gint64 lo = G_MAXINT64, hi = G_MININT64;
  for (guint i = 0; i < segs->len; i++)
    {
      const RefSeg *r = &g_array_index (segs, RefSeg, i);
      lo = MIN (lo, r->start);
      hi = MAX (hi, r->start + (gint64) g_bytes_get_size (r->bytes));
    }
  if (syn)
    lo = MIN (lo, 0);
  gsize n = (gsize) (hi - lo);
  g_autofree guint8 *data = g_malloc0 (n), *have = g_malloc0 (n);
  for (guint i = 0; i < segs->len; i++)
    {
      const RefSeg *r = &g_array_index (segs, RefSeg, i);
      gsize len;
      const guint8 *p = g_bytes_get_data (r->bytes, &len);
      for (gsize k = 0; k < len; k++)
        if (!have[r->start - lo + (gint64) k])
          {
            have[r->start - lo + (gint64) k] = 1;
            data[r->start - lo + (gint64) k] = p[k];
          }
    }
  for (gsize k = 0; k < n; k++)
    if (have[k])
      g_byte_array_append (out, &data[k], 1);
    else
      (*missing)++;
}

static void
clear_ref_seg (gpointer p)
{
  g_bytes_unref (((RefSeg *) p)->bytes);
}

/* A recorded or generated capture: each end's bytes as the plain
 * reassembly above finds them in the frames equal the follow result. */
static void
test_capture (gconstpointer data)
{
  LscConv *conv;
  g_autoptr (LscStore) store = lsc_test_load_capture (data, &conv);
  g_autoptr (LscTree) tree = lsc_tree_new ();
  guint followed = 0;
  for (guint i = 0; i < lsc_conv_count (conv); i++)
    {
      const LscConvInfo *ci = lsc_conv_nth (conv, i);
      if (ci->kind != LSC_CONV_TCP && ci->kind != LSC_CONV_UDP)
        {
          g_assert_null (lsc_follow_new_from_store (store, conv, i, LSC_FOLLOW_DEFAULT_LIMIT));
          continue;
        }
      g_autoptr (LscFollow) f = lsc_follow_new_from_store (store, conv, i, LSC_FOLLOW_DEFAULT_LIMIT);
      GArray *segs[2];
      gboolean syn[2] = { FALSE, FALSE };
      guint64 udp_next[2] = { 0, 0 };
      for (int d = 0; d < 2; d++)
        {
          segs[d] = g_array_new (FALSE, FALSE, sizeof (RefSeg));
          g_array_set_clear_func (segs[d], clear_ref_seg);
        }
      LscPacket pkt;
      for (guint k = 0; lsc_store_get_packet (store, k, &pkt); k++)
        {
          LscConvPacket cp;
          if (!lsc_conv_packet (conv, pkt.num, &cp) || cp.conv != i)
            continue;
          lsc_dissect (tree, &pkt, lsc_store_get_options (store));
          const LscPinfo *pi = lsc_tree_pinfo_const (tree);
          int d = (cp.flags & LSC_CONV_F_FROM_B) ? 1 : 0;
          gboolean tcp = ci->kind == LSC_CONV_TCP;
          guint32 off = tcp ? pi->tcp_payload_off : lsc_tree_node (tree, pi->udp_node)->offset + 8;
          guint32 len = tcp ? pi->tcp_len : pi->udp_len;
          g_assert_cmpuint (off + len, <=, pkt.caplen);   /* these captures hold every payload byte */
          RefSeg r = { (gint64) udp_next[d], g_bytes_new (pkt.data + off, len) };
          if (tcp)
            {
              guint32 rel, ack;
              g_assert_true (lsc_conv_tcp_relative (conv, pkt.num, pi, &rel, &ack));
              gboolean s = pi->tcp_flags & LSC_TCP_SYN;
              syn[d] |= s;
              r.start = (gint32) rel - (s ? 0 : 1);
            }
          udp_next[d] += len;
          if (len)
            g_array_append_val (segs[d], r);
          else
            g_bytes_unref (r.bytes);
        }
      for (int d = 0; d < 2; d++)
        {
          g_autoptr (GByteArray) want = g_byte_array_new ();
          guint64 missing = 0;
          reference (segs[d], syn[d], want, &missing);
          g_autoptr (GBytes) got = lsc_follow_get_bytes (f, d);
          g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), want->data, want->len);
          g_assert_cmpuint (lsc_follow_get_totals (f, d)->missing, ==, missing);
          g_array_unref (segs[d]);
        }
      followed++;
    }
  g_assert_cmpuint (followed, >, 0);
  lsc_conv_free (conv);
}

static void
test_http_capture (void)
{
  LscConv *conv;
  g_autoptr (LscStore) store = lsc_test_load_capture ("data/captures/http.pcapng", &conv);
  gint idx = lsc_conv_find_tcp_stream (conv, 0);
  g_assert_cmpint (idx, >=, 0);
  g_autoptr (LscFollow) f = lsc_follow_new_from_store (store, conv, (guint) idx, LSC_FOLLOW_DEFAULT_LIMIT);
  g_autoptr (GBytes) req = lsc_follow_get_bytes (f, 0);
  g_autoptr (GBytes) resp = lsc_follow_get_bytes (f, 1);
  g_assert_cmpuint (g_bytes_get_size (req), >, 16);
  g_assert_cmpuint (g_bytes_get_size (resp), >, 16);
  g_assert_cmpmem (g_bytes_get_data (req, NULL), 4, "GET ", 4);
  g_assert_cmpmem (g_bytes_get_data (resp, NULL), 7, "HTTP/1.", 7);
  lsc_conv_free (conv);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/follow/tcp/in-order", test_in_order);
  g_test_add_func ("/follow/tcp/retransmission", test_retransmission);
  g_test_add_func ("/follow/tcp/out-of-order", test_out_of_order);
  g_test_add_func ("/follow/tcp/overlap", test_overlap);
  g_test_add_func ("/follow/tcp/gap", test_gap);
  g_test_add_func ("/follow/tcp/cut-then-resent", test_cut_then_resent);
  g_test_add_func ("/follow/tcp/midstream", test_midstream);
  g_test_add_func ("/follow/tcp/numbering-restarts", test_numbering_restarts);
  g_test_add_func ("/follow/udp", test_udp);
  g_test_add_func ("/follow/limit", test_limit);
  g_test_add_func ("/follow/printable", test_printable);
  g_test_add_func ("/follow/http-capture", test_http_capture);
  static const char *const captures[] = {
    "data/captures/http.pcapng", "data/captures/classroom.pcapng", "data/captures/dns.pcapng",
    "tests/netns/captures/midstream.pcapng", "tests/netns/captures/rst-abort.pcapng",
    "tests/netns/captures/server-closes-first.pcapng", "tests/netns/captures/simultaneous-close.pcapng",
    "tests/golden/captures/tcp-http.pcap", "tests/golden/captures/tcp-options.pcapng",
    "tests/golden/captures/udp-dns.pcap", "tests/golden/captures/link-null.pcap", "tests/golden/captures/link-raw.pcap",
    "tests/golden/captures/link-sll.pcap",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (captures); i++)
    {
      g_autofree char *name = g_strdup_printf ("/follow/capture/%s", strrchr (captures[i], '/') + 1);
      g_test_add_data_func (name, captures[i], test_capture);
    }
  return g_test_run ();
}

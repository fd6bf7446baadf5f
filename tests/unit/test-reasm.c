/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-reasm.c — IPv4/IPv6 fragment reassembly (lsc-reasm.h)
 *
 * The frames are built here byte by byte: a 3008-byte UDP datagram
 * (198.18.0.1:40000 → 198.18.0.2:9, 3000 bytes of a counting pattern) cut
 * as a 1500-byte MTU cuts it, and variations: overlapping fragments, a
 * missing one, a snap length that cuts one short, limits and timeouts.
 */
#include "core/lsc-conv.h"
#include "core/lsc-reasm.h"
#include "lsc-test-tree.h"

#define DGRAM_LEN 3008u
#define SEC G_GINT64_CONSTANT (1000000000)

static guint8 dgram[DGRAM_LEN];

static void
make_datagram (void)
{
  /* UDP header with checksum 0 (none, allowed over IPv4), then the pattern. */
  dgram[0] = 40000 >> 8;
  dgram[1] = 40000 & 0xff;
  dgram[2] = 0;
  dgram[3] = 9;
  dgram[4] = DGRAM_LEN >> 8;
  dgram[5] = DGRAM_LEN & 0xff;
  dgram[6] = dgram[7] = 0;
  for (guint i = 8; i < DGRAM_LEN; i++)
    dgram[i] = (guint8) (i * 7 + 3);
}

static const guint8 eth_v4[14] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00 };
static const guint8 eth_v6[14] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x86, 0xdd };

/* An Ethernet frame with an IPv4 fragment of data (len bytes at offset off of the datagram). */
static GByteArray *
frag4 (guint16 id, guint32 off, gboolean mf, const guint8 *data, guint32 len)
{
  GByteArray *b = g_byte_array_new ();
  g_byte_array_append (b, eth_v4, 14);
  guint16 tl = (guint16) (20 + len), ff = (guint16) ((mf ? 0x2000 : 0) | (off / 8));
  guint8 h[20] = { 0x45, 0, tl >> 8, tl & 0xff, id >> 8, id & 0xff, ff >> 8, ff & 0xff, 64, 17, 0, 0,
                   198, 18, 0, 1, 198, 18, 0, 2 };
  guint16 ck = lsc_inet_fold (lsc_inet_sum (h, 20, 0));
  h[10] = ck >> 8;
  h[11] = ck & 0xff;
  g_byte_array_append (b, h, 20);
  g_byte_array_append (b, data, len);
  return b;
}

static GByteArray *
frag6 (guint32 ident, guint32 off, gboolean more, const guint8 *data, guint32 len)
{
  GByteArray *b = g_byte_array_new ();
  g_byte_array_append (b, eth_v6, 14);
  guint16 plen = (guint16) (8 + len);
  guint8 h[40] = { 0x60, 0, 0, 0, plen >> 8, plen & 0xff, 44, 64 };
  h[8] = 0xfd, h[23] = 1, h[24] = 0xfd, h[39] = 2;
  g_byte_array_append (b, h, 40);
  guint16 fo = (guint16) ((off / 8) << 3 | (more ? 1 : 0));
  guint8 fh[8] = { 17, 0, fo >> 8, fo & 0xff, ident >> 24, (ident >> 16) & 0xff, (ident >> 8) & 0xff, ident & 0xff };
  g_byte_array_append (b, fh, 8);
  g_byte_array_append (b, data, len);
  return b;
}


/* An Ethernet frame with a TCP segment (PSH+ACK, no options) carrying len bytes of data. */
static GByteArray *
seg4 (guint16 sport, guint16 dport, guint32 seq, const void *data, guint32 len)
{
  GByteArray *b = g_byte_array_new ();
  g_byte_array_append (b, eth_v4, 14);
  guint16 tl = (guint16) (40 + len);
  gboolean from_server = sport == 80;
  guint8 h[20] = { 0x45, 0, tl >> 8, tl & 0xff, 0, 1, 0x40, 0, 64, 6, 0, 0,
                   198, 18, 0, from_server ? 2 : 1, 198, 18, 0, from_server ? 1 : 2 };
  guint16 ck = lsc_inet_fold (lsc_inet_sum (h, 20, 0));
  h[10] = ck >> 8;
  h[11] = ck & 0xff;
  g_byte_array_append (b, h, 20);
  guint8 th[20] = { sport >> 8, sport & 0xff, dport >> 8, dport & 0xff, seq >> 24, (seq >> 16) & 0xff, (seq >> 8) & 0xff,
                    seq & 0xff, 0, 0, 0, 1, 0x50, 0x18, 0xfa, 0xf0, 0, 0, 0, 0 };
  g_byte_array_append (b, th, 20);
  g_byte_array_append (b, data, len);
  return b;
}

typedef struct {
  LscReasm *r;
  LscTree *t;
  LscDissectOptions opt;
  GPtrArray *frames;   /* GByteArray, kept for re-dissection */
  guint64 num;
} Run;

static void
run_init (Run *run, gboolean streaming)
{
  run->r = lsc_reasm_new ();
  lsc_reasm_set_streaming (run->r, streaming);
  run->t = lsc_tree_new ();
  lsc_dissect_options_init (&run->opt);
  run->opt.resolve_oui = FALSE;
  run->opt.reassemble = TRUE;
  run->frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_byte_array_unref);
  run->num = 0;
}

static void
run_clear (Run *run)
{
  lsc_reasm_free (run->r);
  lsc_tree_free (run->t);
  g_ptr_array_unref (run->frames);
}

static void
dissect (Run *run, guint64 num, gint64 ts, guint32 snap)
{
  GByteArray *b = run->frames->pdata[num - 1];
  LscPacket pkt = { 0 };
  pkt.num = num;
  pkt.ts_ns = ts;
  pkt.wirelen = b->len;
  pkt.caplen = MIN (b->len, snap);
  pkt.linktype = LSC_LINK_ETHERNET;
  pkt.data = b->data;
  lsc_dissect (run->t, &pkt, &run->opt);
}

/* Dissect the next frame (taking b) at capture time ts and let the reassembly see it. */
static LscTree *
feed_snap (Run *run, GByteArray *b, gint64 ts, guint32 snap)
{
  g_ptr_array_add (run->frames, b);
  run->num++;
  dissect (run, run->num, ts, snap);
  lsc_reasm_process (run->r, run->t);
  return run->t;
}

static LscTree *
feed (Run *run, GByteArray *b, gint64 ts)
{
  return feed_snap (run, b, ts, G_MAXUINT32);
}

/* A fresh tree of frame num, as a view that selects it later builds it. */
static LscTree *
again (Run *run, guint64 num)
{
  dissect (run, num, 0, G_MAXUINT32);
  lsc_reasm_annotate (run->r, run->t);
  return run->t;
}

/* Every node of the frame lies in the frame; those of the datagram in the datagram. */
static void
assert_places (LscTree *t)
{
  guint32 rlen = 0;
  lsc_tree_reassembled (t, &rlen);
  for (guint i = 0; i < lsc_tree_count (t); i++)
    {
      const LscNode *n = lsc_tree_node (t, (gint32) i);
      guint32 len = (n->flags & LSC_NODE_REASSEMBLED) ? rlen : lsc_tree_packet (t)->caplen;
      if (n->length && (n->offset > len || n->length > len - n->offset))
        g_error ("node %u (%s) covers %u+%u, beyond %u bytes", i, n->field->id ? n->field->id : "text", n->offset,
                 n->length, len);
    }
}

static void
test_in_order (void)
{
  Run run;
  run_init (&run, TRUE);
  LscTree *t = feed (&run, frag4 (0x04d2, 0, TRUE, dgram, 1480), 0);
  /* Before: the first fragment decoded a UDP header claiming 3008 bytes. */
  g_assert_cmpint (lsc_tree_find (t, "udp"), <, 0);
  g_assert_cmpuint (uval (t, "data.len"), ==, 1480);
  g_assert_true (lsc_tree_pinfo (t)->has & LSC_HAS_FRAG);
  t = feed (&run, frag4 (0x04d2, 1480, TRUE, dgram + 1480, 1480), SEC / 1000);
  g_assert_cmpint (lsc_tree_find (t, "udp"), <, 0);
  t = feed (&run, frag4 (0x04d2, 2960, FALSE, dgram + 2960, 48), 2 * SEC / 1000);
  assert_places (t);
  g_assert_cmpuint (uval (t, "ip.fragment.count"), ==, 3);
  g_assert_cmpuint (uval (t, "ip.reassembled.length"), ==, DGRAM_LEN);
  g_assert_cmpuint (count_field (t, "ip.fragment"), ==, 3);
  g_assert_cmpuint (lsc_tree_node (t, nth_field (t, "ip.fragment", 2))->v.u, ==, 3);
  const LscNode *udp = need (t, "udp");
  g_assert_true (udp->flags & LSC_NODE_REASSEMBLED);
  g_assert_cmpuint (uval (t, "udp.length"), ==, DGRAM_LEN);
  g_assert_cmpuint (uval (t, "data.len"), ==, DGRAM_LEN - 8);
  const LscPinfo *pi = lsc_tree_pinfo (t);
  g_assert_false (pi->has & LSC_HAS_FRAG);
  g_assert_true (pi->has & LSC_HAS_UDP);
  g_assert_cmpstr (pi->info->str, ==, "40000 → 9 Len=3000");
  g_assert_cmpstr (sval (t, "frame.protocols"), ==, "eth:ip:udp:data");
  guint32 rlen = 0;
  const guint8 *rb = lsc_tree_reassembled (t, &rlen);
  g_assert_cmpuint (rlen, ==, DGRAM_LEN);
  g_assert_cmpmem (rb, rlen, dgram, DGRAM_LEN);
  guint waiting;
  guint64 done, lost;
  lsc_reasm_counts (run.r, &waiting, &done, &lost);
  g_assert_cmpuint (waiting, ==, 0);
  g_assert_cmpuint (done, ==, 1);
  g_assert_cmpuint (lost, ==, 0);
  run_clear (&run);
}

/* The fragment that completes the datagram can come anywhere; a view that
 * re-dissects any frame afterwards gets the same result, and every
 * fragment points to the frame that reassembled it. */
static void
test_out_of_order_annotate (void)
{
  Run run;
  run_init (&run, FALSE);
  feed (&run, frag4 (0x0101, 2960, FALSE, dgram + 2960, 48), 0);
  LscTree *t = feed (&run, frag4 (0x0101, 0, TRUE, dgram, 1480), 1);
  g_assert_true (has_note (t, "Bytes 1480–2959 of the datagram have not arrived so far"));
  feed (&run, frag4 (0x0101, 1480, TRUE, dgram + 1480, 1480), 2);
  lsc_reasm_finish (run.r);

  /* The last frame first, as a user clicking it. */
  t = again (&run, 3);
  assert_places (t);
  g_assert_cmpuint (uval (t, "udp.length"), ==, DGRAM_LEN);
  /* Listed by offset: frame 2 (0), 3 (1480), 1 (2960). */
  g_assert_cmpuint (lsc_tree_node (t, nth_field (t, "ip.fragment", 0))->v.u, ==, 2);
  g_assert_cmpuint (lsc_tree_node (t, nth_field (t, "ip.fragment", 2))->v.u, ==, 1);
  for (guint64 n = 1; n <= 2; n++)
    {
      t = again (&run, n);
      g_assert_cmpuint (uval (t, "ip.reassembled_in"), ==, 3);
      g_assert_nonnull (strstr (lsc_tree_pinfo (t)->info->str, "[Reassembled in #3]"));
      g_assert_cmpint (lsc_tree_find (t, "udp"), <, 0);
    }
  /* Annotating twice adds nothing twice. */
  t = again (&run, 3);
  g_assert_false (lsc_reasm_annotate (run.r, t));
  g_assert_cmpuint (count_field (t, "udp"), ==, 1);
  run_clear (&run);
}

/* Overlapping fragments: the same bytes again is a warning, other bytes an
 * error; either way the first bytes received are kept. */
static void
test_overlap (void)
{
  Run run;
  run_init (&run, TRUE);
  feed (&run, frag4 (0x0bad, 0, TRUE, dgram, 1480), 0);
  /* Bytes 1400-1479 again, with other data, and the rest. */
  guint8 *other = g_memdup2 (dgram + 1400, DGRAM_LEN - 1400);
  for (guint i = 0; i < 80; i++)
    other[i] ^= 0xff;
  LscTree *t = feed (&run, frag4 (0x0bad, 1400, FALSE, other, DGRAM_LEN - 1400), 1);
  g_free (other);
  g_assert_cmpuint (uval (t, "ip.fragment.count"), ==, 2);
  g_assert_cmpuint (uval (t, "ip.fragment.overlap"), ==, 1);
  g_assert_cmpuint (uval (t, "ip.fragment.overlap.conflict"), ==, 1);
  g_assert_true (has_note (t, "with different data: the first bytes were kept"));
  guint32 rlen;
  const guint8 *rb = lsc_tree_reassembled (t, &rlen);
  g_assert_cmpmem (rb, rlen, dgram, DGRAM_LEN);

  /* A fragment sent twice: overlap without conflict, on the duplicate itself. */
  feed (&run, frag4 (0x0dd0, 0, TRUE, dgram, 1480), 2);
  t = feed (&run, frag4 (0x0dd0, 0, TRUE, dgram, 1480), 3);
  g_assert_cmpuint (uval (t, "ip.fragment.overlap"), ==, 1);
  g_assert_cmpint (lsc_tree_find (t, "ip.fragment.overlap.conflict"), <, 0);
  g_assert_true (has_note (t, "(the same data)"));
  t = feed (&run, frag4 (0x0dd0, 1480, FALSE, dgram + 1480, DGRAM_LEN - 1480), 4);
  g_assert_cmpuint (uval (t, "ip.fragment.count"), ==, 3);
  g_assert_cmpint (lsc_tree_find (t, "ip.fragment.overlap.conflict"), <, 0);
  g_assert_cmpuint (uval (t, "udp.length"), ==, DGRAM_LEN);

  /* Two different ends. */
  feed (&run, frag4 (0x0e0f, 0, TRUE, dgram, 1480), 5);
  feed (&run, frag4 (0x0e0f, 2960, FALSE, dgram + 2960, 48), 6);
  t = feed (&run, frag4 (0x0e0f, 1480, FALSE, dgram + 1480, 1480), 7);
  g_assert_cmpuint (uval (t, "ip.fragment.multipletails"), ==, 1);
  run_clear (&run);
}

/* A missing fragment: the datagram never completes; once the capture ends
 * every fragment of it says which bytes never came. */
static void
test_missing (void)
{
  Run run;
  run_init (&run, FALSE);
  feed (&run, frag4 (0x0e0e, 0, TRUE, dgram, 1480), 0);
  LscTree *t = feed (&run, frag4 (0x0e0e, 2960, FALSE, dgram + 2960, 48), 1);
  g_assert_cmpint (lsc_tree_find (t, "udp"), <, 0);
  g_assert_cmpuint (uval (t, "data.len"), ==, 48);
  g_assert_true (has_note (t, "Bytes 1480–2959 of the datagram have not arrived so far"));
  lsc_reasm_finish (run.r);
  for (guint64 n = 1; n <= 2; n++)
    {
      t = again (&run, n);
      g_assert_cmpuint (uval (t, "ip.fragment.error"), ==, n);
      g_assert_true (has_note (t, "Never reassembled: bytes 1480–2959 of the datagram did not arrive"));
      g_assert_cmpint (lsc_tree_find (t, "ip.reassembled_in"), <, 0);
      g_assert_nonnull (strstr (lsc_tree_pinfo (t)->info->str, "[not reassembled]"));
    }
  guint64 lost;
  lsc_reasm_counts (run.r, NULL, NULL, &lost);
  g_assert_cmpuint (lost, ==, 1);
  run_clear (&run);
}

/* Capture time decides: a fragment 61 s after the first of its datagram
 * finds it given up, and starts over. */
static void
test_timeout (void)
{
  Run run;
  run_init (&run, FALSE);
  feed (&run, frag4 (0x7777, 0, TRUE, dgram, 1480), 0);
  feed (&run, frag4 (0x7777, 1480, TRUE, dgram + 1480, 1480), SEC);
  LscTree *t = feed (&run, frag4 (0x7777, 2960, FALSE, dgram + 2960, 48), 61 * SEC);
  g_assert_cmpint (lsc_tree_find (t, "udp"), <, 0);
  t = again (&run, 1);
  g_assert_true (has_note (t, "did not come in time"));
  run_clear (&run);
}

/* Memory stays bounded however many datagrams never complete. */
static void
test_limits (void)
{
  Run run;
  run_init (&run, TRUE);
  lsc_reasm_set_limits (run.r, 64 * 1024, 8, 60 * SEC);
  gsize most = 0;
  for (guint i = 0; i < 2000; i++)
    {
      GByteArray *b = frag4 ((guint16) i, 0, TRUE, dgram, 1480);
      feed (&run, b, i);
      /* Keep memory flat: the frames themselves are the test's, not the reassembly's. */
      g_byte_array_set_size (b, 0);
      most = MAX (most, lsc_reasm_memory (run.r));
    }
  guint waiting;
  guint64 lost;
  lsc_reasm_counts (run.r, &waiting, NULL, &lost);
  g_assert_cmpuint (waiting, <=, 8);
  g_assert_cmpuint (lost, >=, 2000 - 8);
  g_assert_cmpuint (most, <=, 64 * 1024 + 8 * 1024);

  /* One datagram bigger than the whole budget is given up, not buffered. */
  lsc_reasm_set_limits (run.r, 1000, 8, 60 * SEC);
  LscTree *t = feed (&run, frag4 (0xaaaa, 0, TRUE, dgram, 1480), 3000);
  g_assert_cmpuint (uval (t, "data.len"), ==, 1480);
  g_assert_cmpuint (lsc_reasm_memory (run.r), <=, 1000 + 8 * 1024);
  run_clear (&run);
}

/* A fragment the snap length cut cannot be used; past 65,535 bytes is too long. */
static void
test_cut_and_too_long (void)
{
  Run run;
  run_init (&run, TRUE);
  LscTree *t = feed_snap (&run, frag4 (0x5555, 0, TRUE, dgram, 1480), 0, 200);
  g_assert_true (has_note (t, "The capture cut this fragment short"));
  assert_places (t);
  t = feed (&run, frag4 (0x5556, 65528, TRUE, dgram, 16), 1);
  g_assert_cmpuint (uval (t, "ip.fragment.toolongfragment"), ==, 1);
  run_clear (&run);
}

static void
test_ipv6 (void)
{
  Run run;
  run_init (&run, TRUE);
  LscTree *t = feed (&run, frag6 (0x12345678, 0, TRUE, dgram, 1448), 0);
  g_assert_cmpint (lsc_tree_find (t, "udp"), <, 0);
  g_assert_cmpstr (lsc_tree_pinfo (t)->info->str, ==, "IPv6 fragment (off=0 more=y ident=0x12345678 nxt=17)");
  feed (&run, frag6 (0x12345678, 1448, TRUE, dgram + 1448, 1448), 1);
  t = feed (&run, frag6 (0x12345678, 2896, FALSE, dgram + 2896, DGRAM_LEN - 2896), 2);
  assert_places (t);
  g_assert_cmpuint (uval (t, "ipv6.fragment.count"), ==, 3);
  g_assert_cmpuint (uval (t, "ipv6.reassembled.length"), ==, DGRAM_LEN);
  g_assert_cmpuint (uval (t, "udp.length"), ==, DGRAM_LEN);
  /* A datagram of the same identification from IPv4 is another datagram. */
  t = feed (&run, frag4 (0x5678, 0, TRUE, dgram, 1480), 3);
  g_assert_cmpint (lsc_tree_find (t, "udp"), <, 0);
  run_clear (&run);
}

/* The conversation analysis runs the reassembly first, so the reassembled
 * UDP datagram belongs to its stream; without reassembly asked for, the
 * decoder keeps decoding the first fragment's header. */
static void
test_through_conv (void)
{
  g_autoptr (LscConv) conv = lsc_conv_new ();
  g_autoptr (LscTree) t = lsc_tree_new ();
  LscDissectOptions opt;
  lsc_dissect_options_init (&opt);
  opt.reassemble = TRUE;
  GByteArray *f[3] = { frag4 (0x0202, 0, TRUE, dgram, 1480), frag4 (0x0202, 1480, TRUE, dgram + 1480, 1480),
                       frag4 (0x0202, 2960, FALSE, dgram + 2960, 48) };
  for (guint i = 0; i < 3; i++)
    {
      LscPacket pkt = { .num = i + 1, .ts_ns = i, .caplen = f[i]->len, .wirelen = f[i]->len,
                        .linktype = LSC_LINK_ETHERNET, .data = f[i]->data };
      lsc_dissect (t, &pkt, &opt);
      lsc_conv_process (conv, t);
    }
  g_assert_cmpuint (uval (t, "udp.stream"), ==, 0);
  g_assert_cmpuint (lsc_conv_count (conv), ==, 1);

  opt.reassemble = FALSE;
  LscPacket pkt = { .num = 1, .caplen = f[0]->len, .wirelen = f[0]->len, .linktype = LSC_LINK_ETHERNET, .data = f[0]->data };
  lsc_dissect (t, &pkt, &opt);
  g_assert_cmpuint (uval (t, "udp.length"), ==, DGRAM_LEN);
  for (guint i = 0; i < 3; i++)
    g_byte_array_unref (f[i]);
}

/* How long an HTTP message is, from its bytes alone. */
static void
test_http_length (void)
{
  gsize len = 0;
  const char *get = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  g_assert_cmpint (lsc_http_message_length ((const guint8 *) get, strlen (get), &len), ==, 1);
  g_assert_cmpuint (len, ==, strlen (get));
  g_assert_cmpint (lsc_http_message_length ((const guint8 *) get, strlen (get) - 2, &len), ==, 0);
  const char *ok = "HTTP/1.1 200 OK\r\ncontent-length:  5 \r\n\r\nhello+next";
  g_assert_cmpint (lsc_http_message_length ((const guint8 *) ok, strlen (ok), &len), ==, 1);
  g_assert_cmpuint (len, ==, strlen (ok) - 5);
  g_assert_cmpint (lsc_http_message_length ((const guint8 *) ok, strlen (ok) - 7, &len), ==, 0);
  const char *chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
  g_assert_cmpint (lsc_http_message_length ((const guint8 *) chunked, strlen (chunked), &len), ==, 1);
  g_assert_cmpuint (len, ==, strlen (chunked));
  g_assert_cmpint (lsc_http_message_length ((const guint8 *) chunked, strlen (chunked) - 3, &len), ==, 0);
  const char *close = "HTTP/1.0 200 OK\r\nServer: x\r\n\r\nbody until the end";
  g_assert_cmpint (lsc_http_message_length ((const guint8 *) close, strlen (close), &len), ==, -1);
  const char *bad = "HTTP/1.1 200 OK\r\nContent-Length: lots\r\n\r\n";
  g_assert_cmpint (lsc_http_message_length ((const guint8 *) bad, strlen (bad), &len), ==, -1);
}

static const char http_resp_head[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2000\r\n\r\n";

/* A response over three segments: the last one decodes it whole and lists
 * them; the others are segment data pointing to it.  A retransmission in
 * between changes nothing. */
static void
test_http_segments (gconstpointer streaming_p)
{
  gboolean streaming = GPOINTER_TO_INT (streaming_p);
  Run run;
  run_init (&run, streaming);
  GByteArray *msg = g_byte_array_new ();
  g_byte_array_append (msg, (const guint8 *) http_resp_head, sizeof http_resp_head - 1);
  for (guint i = 0; i < 2000; i++)
    g_byte_array_append (msg, (const guint8 *) "abcdefghij" + i % 10, 1);
  guint32 n = msg->len, seq = 1000;
  LscTree *t = feed (&run, seg4 (80, 40000, seq, msg->data, 1000), 0);
  g_assert_cmpint (lsc_tree_find (t, "http"), <, 0);
  g_assert_cmpuint (uval (t, "tcp.segment_data"), ==, 0);
  g_assert_cmpuint (need (t, "tcp.segment_data")->length, ==, 1000);
  g_assert_true (lsc_tree_pinfo (t)->tcp_pdu_part);
  feed (&run, seg4 (80, 40000, seq + 1000, msg->data + 1000, 1000), 1);
  t = feed (&run, seg4 (80, 40000, seq + 1000, msg->data + 1000, 1000), 2);  /* again */
  g_assert_cmpint (lsc_tree_find (t, "tcp.segment_data"), <, 0);
  t = feed (&run, seg4 (80, 40000, seq + 2000, msg->data + 2000, n - 2000), 3);
  assert_places (t);
  g_assert_cmpuint (uval (t, "tcp.segment.count"), ==, 3);
  g_assert_cmpuint (uval (t, "tcp.reassembled.length"), ==, n);
  g_assert_cmpuint (lsc_tree_node (t, nth_field (t, "tcp.segment", 2))->v.u, ==, 4);
  g_assert_cmpuint (uval (t, "http.response.code"), ==, 200);
  g_assert_cmpuint (uval (t, "http.content_length"), ==, 2000);
  g_assert_true (need (t, "http")->flags & LSC_NODE_REASSEMBLED);
  g_assert_cmpstr (lsc_tree_pinfo (t)->protocol, ==, "HTTP");
  g_assert_cmpstr (sval (t, "frame.protocols"), ==, "eth:ip:tcp:http");
  if (!streaming)
    {
      lsc_reasm_finish (run.r);
      t = again (&run, 1);
      g_assert_cmpuint (uval (t, "tcp.reassembled_in"), ==, 4);
      g_assert_true (has_note (t, "An HTTP message starts here"));
      t = again (&run, 4);
      g_assert_cmpuint (uval (t, "http.response.code"), ==, 200);
      t = again (&run, 3);
      g_assert_cmpint (lsc_tree_find (t, "tcp.reassembled_in"), <, 0);
    }
  g_byte_array_unref (msg);
  run_clear (&run);
}

/* Headers split in the middle of a line, on a non-default HTTP port. */
static void
test_http_split_headers (void)
{
  Run run;
  run_init (&run, TRUE);
  run.opt.http_port = 8081;
  const char *req = "GET /x HTTP/1.1\r\nHost: 198.18.0.2\r\nAccept: */*\r\n\r\n";
  feed (&run, seg4 (40000, 8081, 1, req, 20), 0);
  LscTree *t = feed (&run, seg4 (40000, 8081, 21, req + 20, (guint32) strlen (req) - 20), 1);
  g_assert_cmpstr (sval (t, "http.request.method"), ==, "GET");
  g_assert_cmpstr (sval (t, "http.host"), ==, "198.18.0.2");
  g_assert_cmpuint (uval (t, "tcp.segment.count"), ==, 2);
  /* A whole request in one segment is decoded there, as before. */
  t = feed (&run, seg4 (40000, 8081, 1 + (guint32) strlen (req), req, (guint32) strlen (req)), 2);
  g_assert_cmpstr (sval (t, "http.request.method"), ==, "GET");
  g_assert_cmpint (lsc_tree_find (t, "tcp.segments"), <, 0);
  run_clear (&run);
}

/* A gap gives the message up: after the capture, its segments show what
 * they have, and say the message never completed. */
static void
test_http_gap (void)
{
  Run run;
  run_init (&run, FALSE);
  GByteArray *msg = g_byte_array_new ();
  g_byte_array_append (msg, (const guint8 *) http_resp_head, sizeof http_resp_head - 1);
  g_byte_array_set_size (msg, msg->len + 2000);
  memset (msg->data + sizeof http_resp_head - 1, 'z', 2000);
  feed (&run, seg4 (80, 40000, 1, msg->data, 1000), 0);
  LscTree *t = feed (&run, seg4 (80, 40000, 2001, msg->data + 2000, msg->len - 2000), 1);
  g_assert_cmpint (lsc_tree_find (t, "http"), <, 0);
  lsc_reasm_finish (run.r);
  t = again (&run, 1);
  g_assert_cmpuint (uval (t, "tcp.segment.error"), ==, 1);
  g_assert_true (has_note (t, "never completed: the next segment did not follow it"));
  /* What it has is shown: the status line at least. */
  g_assert_cmpuint (uval (t, "http.response.code"), ==, 200);
  g_byte_array_unref (msg);
  run_clear (&run);
}

/* A message that outgrows the budget is given up, not buffered. */
static void
test_http_limit (void)
{
  Run run;
  run_init (&run, FALSE);
  lsc_reasm_set_limits (run.r, 1500, 8, 60 * SEC);
  GByteArray *msg = g_byte_array_new ();
  g_byte_array_append (msg, (const guint8 *) http_resp_head, sizeof http_resp_head - 1);
  g_byte_array_set_size (msg, msg->len + 2000);
  memset (msg->data + sizeof http_resp_head - 1, 'y', 2000);
  feed (&run, seg4 (80, 40000, 1, msg->data, 1000), 0);
  g_assert_cmpuint (lsc_reasm_memory (run.r), >=, 1000);
  LscTree *t = feed (&run, seg4 (80, 40000, 1001, msg->data + 1000, msg->len - 1000), 1);
  g_assert_cmpint (lsc_tree_find (t, "http"), <, 0);
  g_assert_cmpint (lsc_tree_find (t, "tcp.segments"), <, 0);
  guint waiting;
  lsc_reasm_counts (run.r, &waiting, NULL, NULL);
  g_assert_cmpuint (waiting, ==, 0);
  lsc_reasm_finish (run.r);
  t = again (&run, 1);
  g_assert_true (has_note (t, "too many messages were waiting (memory limit)"));
  g_byte_array_unref (msg);
  run_clear (&run);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  make_datagram ();
  g_test_add_func ("/reasm/in-order", test_in_order);
  g_test_add_func ("/reasm/out-of-order-annotate", test_out_of_order_annotate);
  g_test_add_func ("/reasm/overlap", test_overlap);
  g_test_add_func ("/reasm/missing", test_missing);
  g_test_add_func ("/reasm/timeout", test_timeout);
  g_test_add_func ("/reasm/limits", test_limits);
  g_test_add_func ("/reasm/cut-and-too-long", test_cut_and_too_long);
  g_test_add_func ("/reasm/ipv6", test_ipv6);
  g_test_add_func ("/reasm/through-conv", test_through_conv);
  g_test_add_func ("/reasm/http-length", test_http_length);
  g_test_add_data_func ("/reasm/http-segments/streaming", GINT_TO_POINTER (TRUE), test_http_segments);
  g_test_add_data_func ("/reasm/http-segments/kept", GINT_TO_POINTER (FALSE), test_http_segments);
  g_test_add_func ("/reasm/http-split-headers", test_http_split_headers);
  g_test_add_func ("/reasm/http-gap", test_http_gap);
  g_test_add_func ("/reasm/http-limit", test_http_limit);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-conv.c — conversations: the TCP state machine, echo and ARP pairing
 *
 * Each scenario is a list of segments between client A (198.18.0.1:40000) and
 * server B (198.18.0.2:80) written with RELATIVE numbers; the builder adds the
 * ISNs and turns each into a complete Ethernet + IPv4 + TCP frame with correct
 * checksums, which then goes through lsc_dissect() and lsc_conv_process() like
 * any captured frame.  After every segment the role and the states of both
 * ends are asserted, and at the end the conversation summary.
 */
#include "core/lsc-conv.h"
#include "core/lsc-dissect.h"
#include "core/lsc-format.h"
#include "lsc-test-frames.h"

#define ISN_A 0x10000000u
#define ISN_B 0xfffffff0u  /* wraps around 2^32 during the data: relative numbers must not care */

enum { FIN = LSC_TCP_FIN, SYN = LSC_TCP_SYN, RST = LSC_TCP_RST, PSH = LSC_TCP_PSH, ACK = LSC_TCP_ACK };
enum {
  CLOSED = LSC_TCP_STATE_CLOSED, LISTEN = LSC_TCP_STATE_LISTEN, SYN_SENT = LSC_TCP_STATE_SYN_SENT,
  SYN_RCVD = LSC_TCP_STATE_SYN_RECEIVED, ESTAB = LSC_TCP_STATE_ESTABLISHED, FW1 = LSC_TCP_STATE_FIN_WAIT_1,
  FW2 = LSC_TCP_STATE_FIN_WAIT_2, CW = LSC_TCP_STATE_CLOSE_WAIT, CLOSING = LSC_TCP_STATE_CLOSING,
  LAST_ACK = LSC_TCP_STATE_LAST_ACK, TW = LSC_TCP_STATE_TIME_WAIT,
};

typedef struct {
  int from_b;
  guint16 flags;
  guint32 seq, ack;        /* relative */
  guint16 len;
  guint16 win;
  gint64 t_us;             /* time since the first segment */
  /* expected */
  LscConvRole role;
  int st_a, st_b;
  guint32 aflags;          /* LscConvFlags that must be set (FROM_B is checked separately) */
} Seg;

/* 14 Ethernet + 20 IPv4 + 20/24 TCP + payload. */
static guint
build_frame (const Seg *s, guint32 isn_a, guint32 isn_b, guint8 *f)
{
  static const guint8 mac_a[6] = { 0x02, 0, 0, 0, 0, 0x01 }, mac_b[6] = { 0x02, 0, 0, 0, 0, 0x02 };
  static const guint8 ip_a[4] = { 198, 18, 0, 1 }, ip_b[4] = { 198, 18, 0, 2 };
  gboolean mss = (s->flags & SYN) != 0;
  guint thl = mss ? 24 : 20;
  guint iplen = 20 + thl + s->len;
  memcpy (f, s->from_b ? mac_a : mac_b, 6);
  memcpy (f + 6, s->from_b ? mac_b : mac_a, 6);
  f[12] = 0x08; f[13] = 0x00;
  guint8 *ip = f + 14;
  memset (ip, 0, 20);
  ip[0] = 0x45; ip[2] = iplen >> 8; ip[3] = iplen & 0xff; ip[6] = 0x40; ip[8] = 64; ip[9] = 6;
  memcpy (ip + 12, s->from_b ? ip_b : ip_a, 4);
  memcpy (ip + 16, s->from_b ? ip_a : ip_b, 4);
  guint16 ck = lsc_inet_fold (lsc_inet_sum (ip, 20, 0));
  ip[10] = ck >> 8; ip[11] = ck & 0xff;
  guint8 *tcp = ip + 20;
  memset (tcp, 0, thl + s->len);
  guint16 sp = s->from_b ? 80 : 40000, dp = s->from_b ? 40000 : 80;
  guint32 seq = s->seq + (s->from_b ? isn_b : isn_a);
  guint32 ack = (s->flags & ACK) ? s->ack + (s->from_b ? isn_a : isn_b) : 0;
  tcp[0] = sp >> 8; tcp[1] = sp & 0xff; tcp[2] = dp >> 8; tcp[3] = dp & 0xff;
  tcp[4] = seq >> 24; tcp[5] = seq >> 16; tcp[6] = seq >> 8; tcp[7] = seq;
  tcp[8] = ack >> 24; tcp[9] = ack >> 16; tcp[10] = ack >> 8; tcp[11] = ack;
  tcp[12] = (thl / 4) << 4;
  tcp[13] = s->flags & 0xff;
  guint16 win = s->win ? s->win : 502;
  if (s->win == 0xffff)
    win = 0;
  tcp[14] = win >> 8; tcp[15] = win & 0xff;
  if (mss)
    {
      tcp[20] = 2; tcp[21] = 4; tcp[22] = 1460 >> 8; tcp[23] = 1460 & 0xff;
    }
  for (guint i = 0; i < s->len; i++)
    tcp[thl + i] = 'a' + (i % 26);
  guint8 pseudo[12];
  memcpy (pseudo, ip + 12, 8);
  pseudo[8] = 0; pseudo[9] = 6; pseudo[10] = (thl + s->len) >> 8; pseudo[11] = (thl + s->len) & 0xff;
  ck = lsc_inet_fold (lsc_inet_sum (tcp, thl + s->len, lsc_inet_sum (pseudo, 12, 0)));
  tcp[16] = ck >> 8; tcp[17] = ck & 0xff;
  return 14 + iplen;
}

/* The builder's output for a plain SYN, held against a frame written out by hand. */
static void
test_builder_literal (void)
{
  static const guint8 expect[] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
    0x45, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x40, 0x00, 0x40, 0x06, 0xae, 0xa4,
    0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12, 0x00, 0x02,
    0x9c, 0x40, 0x00, 0x50, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x60, 0x02, 0x01, 0xf6, 0x5d, 0x78, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4,
  };
  Seg s = { 0, SYN, 0, 0, 0 };
  guint8 f[128];
  guint n = build_frame (&s, ISN_A, ISN_B, f);
  g_assert_cmpmem (f, n, expect, sizeof expect);
  /* And the decoder agrees the checksums are right. */
  LscPacket pkt = { .num = 1, .caplen = n, .wirelen = n, .linktype = LSC_LINK_ETHERNET, .data = f };
  g_autoptr (LscTree) t = lsc_tree_new ();
  lsc_dissect (t, &pkt, NULL);
  gint32 st = lsc_tree_find (t, "tcp.checksum.status");
  g_assert_cmpint (st, >=, 0);
  g_assert_cmpuint (lsc_tree_node (t, st)->v.u, ==, 1);
  g_assert_cmpint (lsc_tree_find (t, "ip.checksum.status") >= 0 ? (int) lsc_tree_node (t, lsc_tree_find (t, "ip.checksum.status"))->v.u : 1, ==, 1);
}

static guint64
node_uint (LscTree *t, const char *id, gboolean *found)
{
  gint32 i = lsc_tree_find (t, id);
  *found = i >= 0;
  return i >= 0 ? lsc_tree_node (t, i)->v.u : 0;
}

static const char *
node_text (LscTree *t, const char *id)
{
  gint32 i = lsc_tree_find (t, id);
  return i >= 0 ? lsc_tree_node (t, i)->text : NULL;
}

/* The start of the note that explains a role in socket terms, or NULL. */
static const char *
role_note_start (LscConvRole role)
{
  switch (role)
    {
    case LSC_ROLE_HS_SYN: return "Handshake 1/3: connect() sends this SYN";
    case LSC_ROLE_HS_SYNACK: return "Handshake 2/3: the kernel of the listening socket";
    case LSC_ROLE_HS_ACK: return "Handshake 3/3: this ACK makes the connection ESTABLISHED on both ends";
    case LSC_ROLE_TD_FIN1: return "Teardown 1/4: this end called close() or shutdown()";
    case LSC_ROLE_TD_ACK2: return "Teardown 2/4: the kernel acknowledges the peer's FIN";
    case LSC_ROLE_TD_FIN3: return "Teardown 3/4: the other end called close() or shutdown() too";
    case LSC_ROLE_TD_FINACK23: return "Teardown 2+3/4: the other end called close() or shutdown() too";
    case LSC_ROLE_TD_ACK4: return "Teardown 4/4: the ACK of the last FIN";
    case LSC_ROLE_RST: return "RST aborts the connection at once";
    default: return NULL;
    }
}

/* Every handshake and teardown step is explained once, under its role. */
static void
assert_role_note (LscTree *t, LscConvRole role)
{
  const char *want = role_note_start (role);
  g_autoptr (GString) s = g_string_new (NULL);
  lsc_format_tree_text (t, LSC_MODEL_OSI, FALSE, s);
  g_assert_null (strstr (s->str, "the server accepts"));
  if (!want)
    return;
  g_autofree char *role_line = g_strdup_printf ("[Role in the connection: %s]\n", lsc_conv_role_label (role));
  const char *hit = strstr (s->str, role_line);
  g_assert_nonnull (hit);
  hit += strlen (role_line);
  while (*hit == ' ')
    hit++;
  g_assert_true (g_str_has_prefix (hit, "Note: "));
  g_assert_true (g_str_has_prefix (hit + 6, want));
  /* Nowhere else: the TCP flags do not repeat it. */
  g_assert_true (strstr (s->str, want) == hit + 6);
  g_assert_null (strstr (hit + 6 + strlen (want), want));
}

/* A streaming analysis (no per-frame records) fed the same frame must say the
 * same about it as the full one, the moment it is processed. */
static void
assert_streaming_agrees (LscConv *full, LscConv *stream, LscTree *t_full, LscTree *t_stream)
{
  const LscPacket *pkt = lsc_tree_packet (t_full);
  lsc_dissect (t_stream, pkt, NULL);
  lsc_conv_process (stream, t_stream);
  LscConvPacket a, b;
  g_assert_cmpint (lsc_conv_packet (full, pkt->num, &a), ==, lsc_conv_packet (stream, pkt->num, &b));
  g_assert_cmpint (memcmp (&a, &b, sizeof a), ==, 0);
  g_assert_cmpstr (lsc_tree_pinfo (t_full)->info->str, ==, lsc_tree_pinfo (t_stream)->info->str);
}

/* After the end both hold the same conversations and counts; only the full
 * one still knows earlier frames. */
static void
assert_streaming_totals (LscConv *full, LscConv *stream)
{
  lsc_conv_finish (stream);
  g_assert_cmpuint (lsc_conv_count (full), ==, lsc_conv_count (stream));
  for (guint i = 0; i < lsc_conv_count (full); i++)
    g_assert_cmpint (memcmp (lsc_conv_nth (full, i), lsc_conv_nth (stream, i), sizeof (LscConvInfo)), ==, 0);
  LscConvPacket p;
  g_assert_true (lsc_conv_packet (full, 1, &p));
  g_assert_false (lsc_conv_packet (stream, 1, &p));
  g_assert_cmpuint (lsc_conv_memory (stream), <, lsc_conv_memory (full));
}

/* Run segs through dissection and analysis, checking every segment; returns the analysis. */
static LscConv *
run (const Seg *segs, guint n, guint32 isn_a, guint32 isn_b)
{
  LscConv *c = lsc_conv_new ();
  g_autoptr (LscTree) t = lsc_tree_new ();
  g_autoptr (LscConv) cs = lsc_conv_new ();
  g_autoptr (LscTree) ts = lsc_tree_new ();
  lsc_conv_set_streaming (cs, TRUE);
  guint8 *frames = g_malloc (n * 1600);
  for (guint i = 0; i < n; i++)
    {
      const Seg *s = &segs[i];
      guint8 *f = frames + i * 1600;
      guint len = build_frame (s, isn_a, isn_b, f);
      LscPacket pkt = { .num = i + 1, .ts_ns = 1700000000000000000 + s->t_us * 1000,
                        .ts_first_ns = 1700000000000000000, .caplen = len, .wirelen = len,
                        .linktype = LSC_LINK_ETHERNET, .data = f };
      lsc_dissect (t, &pkt, NULL);
      g_assert_true (lsc_tree_pinfo (t)->has & LSC_HAS_TCP);
      lsc_conv_process (c, t);
      assert_streaming_agrees (c, cs, t, ts);

      LscConvPacket cp;
      g_assert_true (lsc_conv_packet (c, i + 1, &cp));
      if (cp.role != s->role || (int) cp.state_a != s->st_a || (int) cp.state_b != s->st_b ||
          (cp.flags & s->aflags) != s->aflags)
        g_error ("segment %u: role '%s' states %s/%s flags 0x%x; expected '%s' %s/%s flags 0x%x", i + 1,
                 lsc_conv_role_label (cp.role), lsc_tcp_state_name (cp.state_a), lsc_tcp_state_name (cp.state_b),
                 cp.flags, lsc_conv_role_label (s->role), lsc_tcp_state_name (s->st_a), lsc_tcp_state_name (s->st_b),
                 s->aflags);
      g_assert_cmpint (!!(cp.flags & LSC_CONV_F_FROM_B), ==, s->from_b);

      /* The derived nodes are in the tree: relative numbers, role, both states. */
      gboolean found;
      g_assert_cmpuint (node_uint (t, "tcp.seq", &found), ==, s->seq);
      g_assert_true (found);
      if (s->flags & ACK)
        g_assert_cmpuint (node_uint (t, "tcp.ack", &found), ==, s->ack);
      g_assert_cmpuint (node_uint (t, "tcp.seq_raw", &found), ==, s->seq + (s->from_b ? isn_b : isn_a));
      g_assert_nonnull (lsc_tree_find (t, "tcp.stream") >= 0 ? "" : NULL);
      g_assert_cmpstr (node_text (t, "tcp.conv.role"), ==, lsc_conv_role_label (s->role));
      assert_role_note (t, s->role);
      g_assert_cmpstr (node_text (t, "tcp.conv.client_state"), ==, lsc_tcp_state_name (s->st_a));
      g_assert_cmpstr (node_text (t, "tcp.conv.server_state"), ==, lsc_tcp_state_name (s->st_b));
      const char *info = lsc_tree_pinfo (t)->info->str;
      g_assert_nonnull (strstr (info, lsc_conv_role_label (s->role)));
      g_autofree char *seqs = g_strdup_printf ("Seq=%u ", s->seq);
      g_assert_nonnull (strstr (info, seqs));

      /* Annotating a fresh tree of the same frame gives the same nodes and changes nothing. */
      g_autoptr (LscTree) t2 = lsc_tree_new ();
      lsc_dissect (t2, &pkt, NULL);
      g_assert_true (lsc_conv_annotate (c, t2));
      g_assert_cmpstr (node_text (t2, "tcp.conv.role"), ==, lsc_conv_role_label (s->role));
      g_assert_cmpstr (lsc_tree_pinfo (t2)->info->str, ==, info);
      LscConvPacket again;
      g_assert_true (lsc_conv_packet (c, i + 1, &again));
      g_assert_cmpmem (&again, sizeof again, &cp, sizeof cp);
    }
  g_free (frames);
  lsc_conv_finish (c);
  assert_streaming_totals (c, cs);
  return c;
}

static const LscConvInfo *
only_tcp (LscConv *c)
{
  g_assert_cmpuint (lsc_conv_count (c), ==, 1);
  const LscConvInfo *ci = lsc_conv_nth (c, 0);
  g_assert_cmpint (ci->kind, ==, LSC_CONV_TCP);
  char a[64], b[64];
  lsc_conv_format_endpoint (ci, FALSE, a, sizeof a);
  lsc_conv_format_endpoint (ci, TRUE, b, sizeof b);
  g_assert_cmpstr (a, ==, "198.18.0.1:40000");
  g_assert_cmpstr (b, ==, "198.18.0.2:80");
  return ci;
}

/* Client opens, sends a request, gets a reply, closes first: the textbook. */
static void
test_normal (void)
{
  static const Seg s[] = {
    { 0, SYN, 0, 0, 0, 0, 0, LSC_ROLE_HS_SYN, SYN_SENT, SYN_RCVD },
    { 1, SYN | ACK, 0, 1, 0, 0, 1000, LSC_ROLE_HS_SYNACK, ESTAB, SYN_RCVD },
    { 0, ACK, 1, 1, 0, 0, 1100, LSC_ROLE_HS_ACK, ESTAB, ESTAB },
    { 0, PSH | ACK, 1, 1, 100, 0, 1200, LSC_ROLE_DATA, ESTAB, ESTAB },
    { 1, ACK, 1, 101, 0, 0, 2200, LSC_ROLE_ACK, ESTAB, ESTAB },
    { 1, PSH | ACK, 1, 101, 300, 0, 2300, LSC_ROLE_DATA, ESTAB, ESTAB },
    { 0, ACK, 101, 301, 0, 0, 3300, LSC_ROLE_ACK, ESTAB, ESTAB },
    { 0, FIN | ACK, 101, 301, 0, 0, 4000, LSC_ROLE_TD_FIN1, FW1, CW },
    { 1, ACK, 301, 102, 0, 0, 5000, LSC_ROLE_TD_ACK2, FW2, CW },
    { 1, FIN | ACK, 301, 102, 0, 0, 6000, LSC_ROLE_TD_FIN3, TW, LAST_ACK },
    { 0, ACK, 102, 302, 0, 0, 7000, LSC_ROLE_TD_ACK4, TW, CLOSED },
  };
  g_autoptr (LscConv) c = run (s, G_N_ELEMENTS (s), ISN_A, ISN_B);
  const LscConvInfo *ci = only_tcp (c);
  g_assert_true (ci->handshake_complete);
  g_assert_false (ci->midstream);
  g_assert_cmpint (ci->end, ==, LSC_CONV_END_FIN_BOTH);
  g_assert_cmpint (ci->state_a, ==, TW);
  g_assert_cmpint (ci->state_b, ==, CLOSED);
  g_assert_cmpuint (ci->packets[0], ==, 6);
  g_assert_cmpuint (ci->packets[1], ==, 5);
  g_assert_cmpuint (ci->bytes[0], ==, 58 + 54 + 154 + 54 + 54 + 54);
  g_assert_cmpuint (ci->first_frame, ==, 1);
  g_assert_cmpuint (ci->last_frame, ==, 11);
  g_assert_cmpint (ci->last_ns - ci->start_ns, ==, 7000000);
  g_assert_cmpfloat_with_epsilon (ci->initial_rtt, 0.0011, 1e-9);
  g_assert_cmpint (lsc_conv_find_tcp_stream (c, 0), ==, 0);
  g_assert_cmpint (lsc_conv_find_tcp_stream (c, 1), ==, -1);
}

/* FIN+ACK piggybacked: the server's ACK of the client's FIN rides on its own FIN. */
static void
test_three_segment_close (void)
{
  static const Seg s[] = {
    { 0, SYN, 0, 0, 0, 0, 0, LSC_ROLE_HS_SYN, SYN_SENT, SYN_RCVD },
    { 1, SYN | ACK, 0, 1, 0, 0, 100, LSC_ROLE_HS_SYNACK, ESTAB, SYN_RCVD },
    { 0, ACK, 1, 1, 0, 0, 200, LSC_ROLE_HS_ACK, ESTAB, ESTAB },
    { 0, FIN | ACK, 1, 1, 0, 0, 300, LSC_ROLE_TD_FIN1, FW1, CW },
    { 1, FIN | ACK, 1, 2, 0, 0, 400, LSC_ROLE_TD_FINACK23, TW, LAST_ACK },
    { 0, ACK, 2, 2, 0, 0, 500, LSC_ROLE_TD_ACK4, TW, CLOSED },
  };
  g_autoptr (LscConv) c = run (s, G_N_ELEMENTS (s), ISN_A, ISN_B);
  const LscConvInfo *ci = only_tcp (c);
  g_assert_cmpint (ci->end, ==, LSC_CONV_END_FIN_BOTH);
  g_assert_cmpint (ci->state_a, ==, TW);
  g_assert_cmpint (ci->state_b, ==, CLOSED);
}

/* The server closes first: the server ends in TIME-WAIT, the client in CLOSED. */
static void
test_server_closes_first (void)
{
  static const Seg s[] = {
    { 0, SYN, 0, 0, 0, 0, 0, LSC_ROLE_HS_SYN, SYN_SENT, SYN_RCVD },
    { 1, SYN | ACK, 0, 1, 0, 0, 100, LSC_ROLE_HS_SYNACK, ESTAB, SYN_RCVD },
    { 0, ACK, 1, 1, 0, 0, 200, LSC_ROLE_HS_ACK, ESTAB, ESTAB },
    { 1, PSH | ACK, 1, 1, 10, 0, 300, LSC_ROLE_DATA, ESTAB, ESTAB },
    { 1, FIN | ACK, 11, 1, 0, 0, 310, LSC_ROLE_TD_FIN1, CW, FW1 },
    { 0, ACK, 1, 12, 0, 0, 400, LSC_ROLE_TD_ACK2, CW, FW2 },
    { 0, FIN | ACK, 1, 12, 0, 0, 500, LSC_ROLE_TD_FIN3, LAST_ACK, TW },
    { 1, ACK, 12, 2, 0, 0, 600, LSC_ROLE_TD_ACK4, CLOSED, TW },
  };
  g_autoptr (LscConv) c = run (s, G_N_ELEMENTS (s), ISN_A, ISN_B);
  const LscConvInfo *ci = only_tcp (c);
  g_assert_cmpint (ci->end, ==, LSC_CONV_END_FIN_BOTH);
  g_assert_cmpint (ci->state_a, ==, CLOSED);
  g_assert_cmpint (ci->state_b, ==, TW);
}

/* Both ends send SYN before seeing the other's (RFC 9293 figure 7). */
static void
test_simultaneous_open (void)
{
  static const Seg s[] = {
    { 0, SYN, 0, 0, 0, 0, 0, LSC_ROLE_HS_SYN, SYN_SENT, SYN_RCVD },
    { 1, SYN, 0, 0, 0, 0, 10, LSC_ROLE_SIM_SYN, SYN_RCVD, SYN_RCVD, 0 },
    { 0, SYN | ACK, 0, 1, 0, 0, 20, LSC_ROLE_SIM_SYNACK, SYN_RCVD, ESTAB },
    { 1, SYN | ACK, 0, 1, 0, 0, 30, LSC_ROLE_SIM_SYNACK, ESTAB, ESTAB },
    { 0, PSH | ACK, 1, 1, 5, 0, 40, LSC_ROLE_DATA, ESTAB, ESTAB },
  };
  g_autoptr (LscConv) c = run (s, G_N_ELEMENTS (s), ISN_A, ISN_B);
  const LscConvInfo *ci = only_tcp (c);
  g_assert_true (ci->simultaneous_open);
  g_assert_true (ci->handshake_complete);
  g_assert_cmpint (ci->end, ==, LSC_CONV_END_OPEN);
}

/* Both FINs cross on the wire: neither acknowledges the other, both go through CLOSING. */
static void
test_simultaneous_close (void)
{
  static const Seg s[] = {
    { 0, SYN, 0, 0, 0, 0, 0, LSC_ROLE_HS_SYN, SYN_SENT, SYN_RCVD },
    { 1, SYN | ACK, 0, 1, 0, 0, 100, LSC_ROLE_HS_SYNACK, ESTAB, SYN_RCVD },
    { 0, ACK, 1, 1, 0, 0, 200, LSC_ROLE_HS_ACK, ESTAB, ESTAB },
    { 0, FIN | ACK, 1, 1, 0, 0, 300, LSC_ROLE_TD_FIN1, FW1, CW },
    { 1, FIN | ACK, 1, 1, 0, 0, 301, LSC_ROLE_TD_SIM_FIN, CLOSING, CLOSING, LSC_CONV_F_REVISED },
    { 0, ACK, 2, 2, 0, 0, 400, LSC_ROLE_TD_ACK4, CLOSING, TW },
    { 1, ACK, 2, 2, 0, 0, 401, LSC_ROLE_TD_ACK4, TW, TW },
  };
  g_autoptr (LscConv) c = run (s, G_N_ELEMENTS (s), ISN_A, ISN_B);
  const LscConvInfo *ci = only_tcp (c);
  g_assert_true (ci->simultaneous_close);
  g_assert_cmpint (ci->end, ==, LSC_CONV_END_FIN_BOTH);
  g_assert_cmpint (ci->state_a, ==, TW);
  g_assert_cmpint (ci->state_b, ==, TW);
}

/* shutdown(SHUT_WR): the client stops sending but keeps reading the server's data. */
static void
test_half_close (void)
{
  static const Seg s[] = {
    { 0, SYN, 0, 0, 0, 0, 0, LSC_ROLE_HS_SYN, SYN_SENT, SYN_RCVD },
    { 1, SYN | ACK, 0, 1, 0, 0, 100, LSC_ROLE_HS_SYNACK, ESTAB, SYN_RCVD },
    { 0, ACK, 1, 1, 0, 0, 200, LSC_ROLE_HS_ACK, ESTAB, ESTAB },
    { 0, FIN | ACK, 1, 1, 0, 0, 300, LSC_ROLE_TD_FIN1, FW1, CW },
    { 1, ACK, 1, 2, 0, 0, 400, LSC_ROLE_TD_ACK2, FW2, CW },
    { 1, PSH | ACK, 1, 2, 50, 0, 500, LSC_ROLE_HALF_DATA, FW2, CW },
    { 0, ACK, 2, 51, 0, 0, 600, LSC_ROLE_ACK, FW2, CW },
    { 1, FIN | ACK, 51, 2, 0, 0, 700, LSC_ROLE_TD_FIN3, TW, LAST_ACK },
    { 0, ACK, 2, 52, 0, 0, 800, LSC_ROLE_TD_ACK4, TW, CLOSED },
  };
  g_autoptr (LscConv) c = run (s, G_N_ELEMENTS (s), ISN_A, ISN_B);
  const LscConvInfo *ci = only_tcp (c);
  g_assert_cmpint (ci->end, ==, LSC_CONV_END_FIN_BOTH);
  g_assert_cmpuint (ci->bytes[1], ==, 58 + 54 + 104 + 54);
}

/* close() with SO_LINGER 0: one RST instead of the teardown. */
static void
test_rst_abort (void)
{
  static const Seg s[] = {
    { 0, SYN, 0, 0, 0, 0, 0, LSC_ROLE_HS_SYN, SYN_SENT, SYN_RCVD },
    { 1, SYN | ACK, 0, 1, 0, 0, 100, LSC_ROLE_HS_SYNACK, ESTAB, SYN_RCVD },
    { 0, ACK, 1, 1, 0, 0, 200, LSC_ROLE_HS_ACK, ESTAB, ESTAB },
    { 0, PSH | ACK, 1, 1, 20, 0, 300, LSC_ROLE_DATA, ESTAB, ESTAB },
    { 0, RST | ACK, 21, 1, 0, 0, 400, LSC_ROLE_RST, CLOSED, CLOSED },
  };
  g_autoptr (LscConv) c = run (s, G_N_ELEMENTS (s), ISN_A, ISN_B);
  const LscConvInfo *ci = only_tcp (c);
  g_assert_cmpint (ci->end, ==, LSC_CONV_END_RST);
  g_assert_true (ci->handshake_complete);
}

/* connect() to a port nobody listens on; the stored record of the SYN is corrected. */
static void
test_refused (void)
{
  static const Seg s[] = {
    { 0, SYN, 0, 0, 0, 0, 0, LSC_ROLE_HS_SYN, SYN_SENT, SYN_RCVD },
    /* No SYN from the server: its numbers count from the one before its first (Seq=1, as Wireshark). */
    { 1, RST | ACK, 1, 1, 0, 0, 50, LSC_ROLE_RST_REFUSED, CLOSED, CLOSED },
  };
  g_autoptr (LscConv) c = run (s, G_N_ELEMENTS (s), ISN_A, ISN_B);
  const LscConvInfo *ci = only_tcp (c);
  g_assert_cmpint (ci->end, ==, LSC_CONV_END_REFUSED);
  g_assert_false (ci->handshake_complete);
  LscConvPacket p;
  g_assert_true (lsc_conv_packet (c, 1, &p));
  g_assert_cmpint (p.state_b, ==, CLOSED);
  g_assert_true (p.flags & LSC_CONV_F_REVISED);
}

/* Lost SYN, lost FIN, lost data: each sent again with the same numbers. */
static void
test_retransmissions (void)
{
  static const Seg s[] = {
    { 0, SYN, 0, 0, 0, 0, 0, LSC_ROLE_HS_SYN, SYN_SENT, SYN_RCVD },
    { 0, SYN, 0, 0, 0, 0, 1000000, LSC_ROLE_HS_SYN, SYN_SENT, SYN_RCVD, LSC_CONV_F_RETRANS },
    { 1, SYN | ACK, 0, 1, 0, 0, 1000100, LSC_ROLE_HS_SYNACK, ESTAB, SYN_RCVD },
    { 0, ACK, 1, 1, 0, 0, 1000200, LSC_ROLE_HS_ACK, ESTAB, ESTAB },
    { 0, PSH | ACK, 1, 1, 40, 0, 1000300, LSC_ROLE_DATA, ESTAB, ESTAB },
    { 0, PSH | ACK, 1, 1, 40, 0, 1200300, LSC_ROLE_DATA, ESTAB, ESTAB, LSC_CONV_F_RETRANS },
    { 1, ACK, 1, 41, 0, 0, 1200400, LSC_ROLE_ACK, ESTAB, ESTAB },
    { 0, FIN | ACK, 41, 1, 0, 0, 1300000, LSC_ROLE_TD_FIN1, FW1, CW },
    { 0, FIN | ACK, 41, 1, 0, 0, 1500000, LSC_ROLE_TD_FIN1, FW1, CW, LSC_CONV_F_RETRANS },
    { 1, ACK, 1, 42, 0, 0, 1500100, LSC_ROLE_TD_ACK2, FW2, CW },
    { 1, FIN | ACK, 1, 42, 0, 0, 1500200, LSC_ROLE_TD_FIN3, TW, LAST_ACK },
    { 0, ACK, 42, 2, 0, 0, 1500300, LSC_ROLE_TD_ACK4, TW, CLOSED },
  };
  g_autoptr (LscConv) c = run (s, G_N_ELEMENTS (s), ISN_A, ISN_B);
  const LscConvInfo *ci = only_tcp (c);
  g_assert_cmpint (ci->end, ==, LSC_CONV_END_FIN_BOTH);
  /* The iRTT counts from the first SYN the handshake completed (Wireshark: the last one). */
  g_assert_cmpfloat (ci->initial_rtt, >, 0);
}

/* Gaps, repeats and an empty window during the data phase. */
static void
test_dup_ack_zero_window_keepalive_ooo (void)
{
  static const Seg s[] = {
    { 0, SYN, 0, 0, 0, 0, 0, LSC_ROLE_HS_SYN, SYN_SENT, SYN_RCVD },
    { 1, SYN | ACK, 0, 1, 0, 0, 10000, LSC_ROLE_HS_SYNACK, ESTAB, SYN_RCVD },
    { 0, ACK, 1, 1, 0, 0, 20000, LSC_ROLE_HS_ACK, ESTAB, ESTAB },
    /* 4: bytes 1..100, 5: bytes 201..300 — 101..200 still missing: a gap */
    { 0, ACK, 1, 1, 100, 0, 30000, LSC_ROLE_DATA, ESTAB, ESTAB },
    { 0, ACK, 201, 1, 100, 0, 30100, LSC_ROLE_DATA, ESTAB, ESTAB, LSC_CONV_F_LOST_SEGMENT },
    { 1, ACK, 1, 101, 0, 0, 40000, LSC_ROLE_ACK, ESTAB, ESTAB },
    /* 7: same ACK again: the receiver saw 201..300 while 101..200 is missing */
    { 1, ACK, 1, 101, 0, 0, 40100, LSC_ROLE_ACK, ESTAB, ESTAB, LSC_CONV_F_DUP_ACK },
    /* 8: the missing bytes, arriving within the iRTT of the gap: overtaken, not resent */
    { 0, ACK, 101, 1, 100, 0, 40200, LSC_ROLE_DATA, ESTAB, ESTAB, LSC_CONV_F_OUT_OF_ORDER },
    /* 9: the server's buffer is full */
    { 1, ACK, 1, 301, 0, 0xffff, 50000, LSC_ROLE_ACK, ESTAB, ESTAB, LSC_CONV_F_ZERO_WINDOW },
    { 1, ACK, 1, 301, 0, 0, 60000, LSC_ROLE_ACK, ESTAB, ESTAB },
    /* 11: keep-alive one below the next sequence number, 12: its ACK (not a duplicate ACK) */
    { 0, ACK, 300, 1, 0, 0, 7060000, LSC_ROLE_ACK, ESTAB, ESTAB, LSC_CONV_F_KEEP_ALIVE },
    { 1, ACK, 1, 301, 0, 0, 7060100, LSC_ROLE_ACK, ESTAB, ESTAB },
  };
  g_autoptr (LscConv) c = run (s, G_N_ELEMENTS (s), ISN_A, ISN_B);
  LscConvPacket p;
  g_assert_true (lsc_conv_packet (c, 7, &p));
  g_assert_cmpuint (p.link, ==, 6);
  g_assert_cmpuint (p.aux, ==, 1);
  g_assert_true (lsc_conv_packet (c, 12, &p));
  g_assert_false (p.flags & LSC_CONV_F_DUP_ACK);
  g_assert_true (lsc_conv_packet (c, 8, &p));
  g_assert_false (p.flags & LSC_CONV_F_RETRANS);
  const LscConvInfo *ci = only_tcp (c);
  g_assert_cmpint (ci->end, ==, LSC_CONV_END_OPEN);
  g_assert_cmpint (ci->state_a, ==, ESTAB);
}

/* The capture starts in the middle of a connection: no handshake, the client
 * is inferred from the ports, both ends assumed ESTABLISHED, numbers relative
 * to the first ones seen (so the first segment has Seq=1 as in Wireshark). */
static void
test_midstream (void)
{
  static const Seg s[] = {
    { 1, PSH | ACK, 1, 1, 30, 0, 0, LSC_ROLE_DATA, ESTAB, ESTAB, LSC_CONV_F_MIDSTREAM | LSC_CONV_F_AMBIGUOUS },
    { 0, ACK, 1, 31, 0, 0, 100, LSC_ROLE_ACK, ESTAB, ESTAB },
    { 0, FIN | ACK, 1, 31, 0, 0, 200, LSC_ROLE_TD_FIN1, FW1, CW },
    { 1, FIN | ACK, 31, 2, 0, 0, 300, LSC_ROLE_TD_FINACK23, TW, LAST_ACK },
    { 0, ACK, 2, 32, 0, 0, 400, LSC_ROLE_TD_ACK4, TW, CLOSED },
  };
  /* Relative 1 is the first number seen: shift the ISNs so that holds. */
  g_autoptr (LscConv) c = run (s, G_N_ELEMENTS (s), ISN_A, ISN_B);
  const LscConvInfo *ci = only_tcp (c);   /* A is still the ephemeral-port side */
  g_assert_true (ci->midstream);
  /* ... and says so in the first segment's tree. */
  g_autoptr (LscTree) t = lsc_tree_new ();
  guint8 f[128];
  guint n = build_frame (&s[0], ISN_A, ISN_B, f);
  LscPacket pkt = { .num = 1, .caplen = n, .wirelen = n, .linktype = LSC_LINK_ETHERNET, .data = f };
  lsc_dissect (t, &pkt, NULL);
  g_assert_true (lsc_conv_annotate (c, t));
  gboolean said = FALSE;
  for (guint i = 0; i < lsc_tree_count (t); i++)
    {
      const LscNode *nd = lsc_tree_node (t, (gint32) i);
      if (g_str_equal (nd->field->id, "_ws.expert.warn") && nd->text && strstr (nd->text, "capture started after"))
        said = TRUE;
    }
  g_assert_true (said);
  g_assert_false (ci->handshake_complete);
  g_assert_cmpfloat (ci->initial_rtt, <, 0);
  g_assert_cmpint (ci->end, ==, LSC_CONV_END_FIN_BOTH);
}

/* A second connection on the same ports after the first one closed gets a new stream. */
static void
test_port_reuse (void)
{
  static const Seg s[] = {
    { 0, SYN, 0, 0, 0, 0, 0, LSC_ROLE_HS_SYN, SYN_SENT, SYN_RCVD },
    { 1, RST | ACK, 0, 1, 0, 0, 50, LSC_ROLE_RST_REFUSED, CLOSED, CLOSED },
  };
  g_autoptr (LscConv) c = lsc_conv_new ();
  g_autoptr (LscTree) t = lsc_tree_new ();
  /* A one-pass analysis that forgets replaced connections says the same
   * about every segment, but keeps one conversation for the tuple. */
  g_autoptr (LscConv) cf = lsc_conv_new ();
  g_autoptr (LscTree) tf = lsc_tree_new ();
  lsc_conv_set_streaming (cf, TRUE);
  lsc_conv_set_forget (cf, TRUE);
  guint8 f[128];
  guint32 isns[3] = { ISN_A, ISN_A + 5000, ISN_A + 90000 };
  for (int round = 0; round < 3; round++)
    for (guint i = 0; i < 2; i++)
      {
        guint n = build_frame (&s[i], isns[round], ISN_B, f);
        LscPacket pkt = { .num = round * 2 + i + 1, .ts_ns = (round * 2 + i) * 1000, .caplen = n, .wirelen = n,
                          .linktype = LSC_LINK_ETHERNET, .data = f };
        lsc_dissect (t, &pkt, NULL);
        lsc_conv_process (c, t);
        gboolean found;
        g_assert_cmpuint (node_uint (t, "tcp.stream", &found), ==, (guint) round);
        g_assert_true (found);
        if (round >= 1 && i == 0)
          g_assert_cmpint (lsc_tree_find (t, "tcp.analysis.reused_ports"), >=, 0);

        lsc_dissect (tf, &pkt, NULL);
        lsc_conv_process (cf, tf);
        g_assert_cmpuint (node_uint (tf, "tcp.stream", &found), ==, (guint) round);
        g_assert_cmpstr (lsc_tree_pinfo (tf)->info->str, ==, lsc_tree_pinfo (t)->info->str);
        LscConvPacket a, b;
        g_assert_true (lsc_conv_packet (c, pkt.num, &a));
        g_assert_true (lsc_conv_packet (cf, pkt.num, &b));
        g_assert_cmpint (a.role, ==, b.role);
        g_assert_cmpuint (a.flags, ==, b.flags);
        g_assert_cmpint (a.state_a, ==, b.state_a);
        g_assert_cmpint (a.state_b, ==, b.state_b);
        g_assert_cmpuint (b.conv, ==, 0);
      }
  g_assert_cmpuint (lsc_conv_count (c), ==, 3);
  g_assert_cmpint (lsc_conv_find_tcp_stream (c, 1), ==, 1);
  g_assert_cmpuint (lsc_conv_count (cf), ==, 1);
  g_assert_cmpuint (lsc_conv_nth (cf, 0)->id, ==, 2);
  g_assert_cmpuint (lsc_conv_nth (cf, 0)->first_frame, ==, 5);
  g_assert_cmpint (lsc_conv_find_tcp_stream (cf, 0), ==, -1);
}

/* Window scaling needs both SYNs to offer it (RFC 7323).  A SYN captured
 * whole without the option settles it (-2, no scaling) even when nothing
 * answers it; one cut short inside its options settles nothing (-1). */
static void
test_window_scale_known (void)
{
  static const Seg syn = { 0, SYN, 0, 0, 0 }, rst = { 1, RST | ACK, 1, 1, 0 };
  for (int cut = 0; cut < 2; cut++)
    {
      g_autoptr (LscConv) c = lsc_conv_new ();
      g_autoptr (LscTree) t = lsc_tree_new ();
      guint8 f[2][128];
      guint n[2] = { build_frame (&syn, ISN_A, ISN_B, f[0]), build_frame (&rst, ISN_A, ISN_B, f[1]) };
      for (guint i = 0; i < 2; i++)
        {
          /* Cut: the SYN's 4-byte MSS option loses its last 2 bytes. */
          guint caplen = cut && i == 0 ? n[0] - 2 : n[i];
          LscPacket pkt = { .num = i + 1, .ts_ns = i * 1000, .caplen = caplen, .wirelen = n[i],
                            .linktype = LSC_LINK_ETHERNET, .data = f[i] };
          lsc_dissect (t, &pkt, NULL);
          lsc_conv_process (c, t);
        }
      gint32 sf = lsc_tree_find (t, "tcp.window_size_scalefactor");
      g_assert_cmpint (sf, >=, 0);
      g_assert_cmpint (lsc_tree_node (t, sf)->v.i, ==, cut ? -1 : -2);
    }
}

/* Replace a SYN's 4 option bytes (the builder's MSS) with NOP + window scale
 * shift, and fix the TCP checksum. */
static void
set_wscale (guint8 *f, guint n, guint8 shift)
{
  guint8 *ip = f + 14, *tcp = ip + 20;
  guint tl = n - 34;
  tcp[20] = 1; tcp[21] = 3; tcp[22] = 3; tcp[23] = shift;
  tcp[16] = tcp[17] = 0;
  guint8 pseudo[12];
  memcpy (pseudo, ip + 12, 8);
  pseudo[8] = 0; pseudo[9] = 6; pseudo[10] = tl >> 8; pseudo[11] = tl & 0xff;
  guint16 ck = lsc_inet_fold (lsc_inet_sum (tcp, tl, lsc_inet_sum (pseudo, 12, 0)));
  tcp[16] = ck >> 8; tcp[17] = ck & 0xff;
}

/* The window scale factor the analysis gives the last frame of a sequence:
 * each frame is a Seg, a window-scale shift to offer (-1 none: the MSS
 * option stays) and how many bytes to cut off its end. */
typedef struct {
  Seg seg;
  int ws;
  guint cut;
} WsFrame;

static gint64
scale_after (const WsFrame *fr, guint n)
{
  g_autoptr (LscConv) c = lsc_conv_new ();
  g_autoptr (LscTree) t = lsc_tree_new ();
  for (guint i = 0; i < n; i++)
    {
      guint8 f[128];
      guint len = build_frame (&fr[i].seg, ISN_A, ISN_B, f);
      if (fr[i].ws >= 0)
        set_wscale (f, len, (guint8) fr[i].ws);
      LscPacket pkt = { .num = i + 1, .ts_ns = i * 1000, .caplen = len - fr[i].cut, .wirelen = len,
                        .linktype = LSC_LINK_ETHERNET, .data = f };
      lsc_dissect (t, &pkt, NULL);
      lsc_conv_process (c, t);
    }
  gint32 sf = lsc_tree_find (t, "tcp.window_size_scalefactor");
  g_assert_cmpint (sf, >=, 0);
  return lsc_tree_node (t, sf)->v.i;
}

/* What the SYN-ACK's option says, with cut and resent SYNs (RFC 7323: a
 * SYN-ACK offers scaling only in answer to a SYN that did). */
static void
test_window_scale_synack (void)
{
  const Seg syn = { 0, SYN, 0, 0, 0 }, synack = { 1, SYN | ACK, 0, 1, 0 };
  const Seg a_ack = { 0, ACK, 1, 1, 0 }, b_ack = { 1, ACK, 1, 1, 0 };
  /* Both offer 7: both sides scale by 128. */
  const WsFrame both[] = { { syn, 7, 0 }, { synack, 7, 0 }, { a_ack, -1, 0 } };
  g_assert_cmpint (scale_after (both, 3), ==, 128);
  /* The SYN cut inside its options, the SYN-ACK offers 7: scaling is on;
   * the server's shift is known, the client's is not. */
  const WsFrame cut_syn[] = { { syn, 7, 2 }, { synack, 7, 0 }, { b_ack, -1, 0 } };
  g_assert_cmpint (scale_after (cut_syn, 3), ==, 128);
  const WsFrame cut_syn_a[] = { { syn, 7, 2 }, { synack, 7, 0 }, { a_ack, -1, 0 } };
  g_assert_cmpint (scale_after (cut_syn_a, 3), ==, -1);
  /* The SYN offers 7, the SYN-ACK is cut inside its options: unknown. */
  const WsFrame cut_synack[] = { { syn, 7, 0 }, { synack, 7, 2 }, { a_ack, -1, 0 } };
  g_assert_cmpint (scale_after (cut_synack, 3), ==, -1);
  /* A SYN without the option, then resent with it: the answer offering 7
   * answers the resent one. */
  const WsFrame resent[] = { { syn, -1, 0 }, { syn, 7, 0 }, { synack, 7, 0 }, { a_ack, -1, 0 } };
  g_assert_cmpint (scale_after (resent, 4), ==, 128);
  /* A SYN captured whole without the option: off, whatever the answer says. */
  const WsFrame none[] = { { syn, -1, 0 }, { synack, 7, 0 }, { a_ack, -1, 0 } };
  g_assert_cmpint (scale_after (none, 3), ==, -2);
  /* A SYN-ACK captured whole without it: off. */
  const WsFrame no_answer[] = { { syn, 7, 0 }, { synack, -1, 0 }, { a_ack, -1, 0 } };
  g_assert_cmpint (scale_after (no_answer, 3), ==, -2);
}

/* ---- ICMP echo and ARP ---- */

static guint
build_echo (guint8 *f, gboolean reply, guint16 id, guint16 seq, guint8 ttl)
{
  static const guint8 ip_a[4] = { 198, 18, 0, 1 }, ip_b[4] = { 198, 18, 0, 2 };
  memset (f, 0, 14 + 28 + 8);
  f[0] = 2; f[5] = reply ? 1 : 2; f[6] = 2; f[11] = reply ? 2 : 1;
  f[12] = 0x08;
  guint8 *ip = f + 14;
  ip[0] = 0x45; ip[3] = 36; ip[8] = ttl; ip[9] = 1;
  memcpy (ip + 12, reply ? ip_b : ip_a, 4);
  memcpy (ip + 16, reply ? ip_a : ip_b, 4);
  guint16 ck = lsc_inet_fold (lsc_inet_sum (ip, 20, 0));
  ip[10] = ck >> 8; ip[11] = ck & 0xff;
  guint8 *ic = ip + 20;
  ic[0] = reply ? 0 : 8; ic[4] = id >> 8; ic[5] = id & 0xff; ic[6] = seq >> 8; ic[7] = seq & 0xff;
  memcpy (ic + 8, "pingpong", 8);
  ck = lsc_inet_fold (lsc_inet_sum (ic, 16, 0));
  ic[2] = ck >> 8; ic[3] = ck & 0xff;
  return 14 + 36;
}

/* With LscDissectOptions.tcp_info_by_analysis the decoder leaves a TCP
 * segment's Info to lsc_conv_process().  Every kind of segment must end with
 * the Info it gets when the decoder writes it first: ones the analysis
 * follows (relative numbers), one it cannot (a first fragment: absolute
 * numbers), broken options, HTTP, and TCP quoted in an ICMP error. */
static void
test_tcp_info_deferred (void)
{
  enum { N = 6 };
  guint8 f[N][256];
  guint len[N];
  Seg syn = { 0, SYN, 0, 0, 0 }, synack = { 1, SYN | ACK, 0, 1, 0 }, data = { 0, PSH | ACK, 1, 1, 20 };
  len[0] = build_frame (&syn, ISN_A, ISN_B, f[0]);
  len[1] = build_frame (&synack, ISN_A, ISN_B, f[1]);
  /* HTTP request. */
  len[2] = build_frame (&data, ISN_A, ISN_B, f[2]);
  memcpy (f[2] + 54, "GET / HTTP/1.1\r\n\r\n", 18);
  /* First fragment (more fragments set): the analysis leaves fragments out. */
  len[3] = build_frame (&data, ISN_A, ISN_B, f[3]);
  f[3][14 + 6] |= 0x20;
  /* An option whose length runs past the header. */
  Seg opt = { 0, ACK, 21, 1, 0 };
  len[4] = build_frame (&opt, ISN_A, ISN_B, f[4]);
  f[4][14 + 20 + 12] = 0x60;  /* 24-byte header: the 4 payload-less bytes become options */
  f[4][14 + 2] = 0; f[4][14 + 3] = 44;
  f[4][54] = 2; f[4][55] = 10;  /* MSS claiming 10 bytes */
  len[4] = 14 + 44;
  /* ICMP port unreachable quoting the SYN's IP header and first 8 TCP bytes. */
  memcpy (f[5], f[1], 14);
  guint8 *ip = f[5] + 14;
  memcpy (ip, f[1] + 14, 20);
  ip[2] = 0; ip[3] = 20 + 8 + 28; ip[9] = 1;
  ip[10] = ip[11] = 0;
  guint8 *ic = ip + 20;
  memset (ic, 0, 8);
  ic[0] = 3; ic[1] = 3;
  memcpy (ic + 8, f[0] + 14, 28);
  len[5] = 14 + 20 + 8 + 28;

  for (int summary = 0; summary < 2; summary++)
    {
      g_autoptr (LscConv) c_first = lsc_conv_new ();
      g_autoptr (LscConv) c_later = lsc_conv_new ();
      g_autoptr (LscTree) t_first = lsc_tree_new ();
      g_autoptr (LscTree) t_later = lsc_tree_new ();
      lsc_tree_set_summary_only (t_first, summary);
      lsc_tree_set_summary_only (t_later, summary);
      LscDissectOptions o_first, o_later;
      lsc_dissect_options_init (&o_first);
      lsc_dissect_options_init (&o_later);
      o_later.tcp_info_by_analysis = TRUE;
      for (guint i = 0; i < N; i++)
        {
          LscPacket pkt = { .num = i + 1, .ts_ns = (gint64) i * 1000, .caplen = len[i], .wirelen = MAX (len[i], 60),
                            .linktype = LSC_LINK_ETHERNET, .data = f[i] };
          lsc_dissect (t_first, &pkt, &o_first);
          lsc_dissect (t_later, &pkt, &o_later);
          g_assert_cmpstr (lsc_tree_pinfo (t_first)->protocol, ==, lsc_tree_pinfo (t_later)->protocol);
          lsc_conv_process (c_first, t_first);
          lsc_conv_process (c_later, t_later);
          const char *info = lsc_tree_pinfo (t_later)->info->str;
          g_assert_cmpstr (info, ==, lsc_tree_pinfo (t_first)->info->str);
          g_assert_false (lsc_tree_pinfo (t_later)->tcp_info_deferred);
          g_assert_cmpuint (strlen (info), >, 0);
          g_test_message ("frame %u: %s %s", i + 1, lsc_tree_pinfo (t_later)->protocol, info);
          if (i == 3)
            g_assert_nonnull (strstr (info, "Seq=268435457 "));  /* not followed: absolute */
          if (i == 2)
            g_assert_cmpstr (lsc_tree_pinfo (t_later)->protocol, ==, "HTTP");
        }
      /* The last case is what it claims to be. */
      g_assert_nonnull (strstr (lsc_tree_pinfo (t_later)->info->str, "unreachable"));
    }
}

static void
test_ping_pairing (void)
{
  g_autoptr (LscConv) c = lsc_conv_new ();
  g_autoptr (LscTree) t = lsc_tree_new ();
  g_autoptr (LscConv) cs = lsc_conv_new ();
  g_autoptr (LscTree) ts = lsc_tree_new ();
  lsc_conv_set_streaming (cs, TRUE);
  /* req 1, reply 1 (after 1.5 ms), req 2 (lost), req 3, reply 3, reply 3 again (DUP!) */
  struct { gboolean reply; guint16 seq; gint64 t_us; } ev[] = {
    { FALSE, 1, 0 }, { TRUE, 1, 1500 }, { FALSE, 2, 1000000 }, { FALSE, 3, 2000000 },
    { TRUE, 3, 2000250 }, { TRUE, 3, 2000900 },
  };
  guint8 frames[6][64];
  for (guint i = 0; i < G_N_ELEMENTS (ev); i++)
    {
      guint n = build_echo (frames[i], ev[i].reply, 0x1234, ev[i].seq, ev[i].reply ? 61 : 64);
      LscPacket pkt = { .num = i + 1, .ts_ns = ev[i].t_us * 1000, .caplen = n, .wirelen = n,
                        .linktype = LSC_LINK_ETHERNET, .data = frames[i] };
      lsc_dissect (t, &pkt, NULL);
      g_assert_true (lsc_tree_pinfo (t)->icmp_is_echo);
      lsc_conv_process (c, t);
      assert_streaming_agrees (c, cs, t, ts);
      if (i == 1)
        {
          gboolean found;
          g_assert_cmpuint (node_uint (t, "icmp.resp_to", &found), ==, 1);
          g_assert_true (found);
          gint32 rt = lsc_tree_find (t, "icmp.resptime");
          g_assert_cmpint (rt, >=, 0);
          g_assert_cmpfloat_with_epsilon (lsc_tree_node (t, rt)->v.d, 1.5, 1e-9);
          g_assert_cmpuint (node_uint (t, "icmp.conv.hops", &found), ==, 3);
          g_assert_nonnull (strstr (lsc_tree_pinfo (t)->info->str, "(request in 1)"));
        }
    }
  lsc_conv_finish (c);
  assert_streaming_totals (c, cs);
  LscConvPacket p;
  g_assert_true (lsc_conv_packet (c, 1, &p));
  g_assert_cmpuint (p.link, ==, 2);
  g_assert_cmpint (p.role, ==, LSC_ROLE_ECHO_REQUEST);
  g_assert_true (lsc_conv_packet (c, 3, &p));
  g_assert_true (p.flags & LSC_CONV_F_NO_REPLY);
  g_assert_true (lsc_conv_packet (c, 6, &p));
  g_assert_true (p.flags & LSC_CONV_F_DUP_REPLY);
  g_assert_cmpuint (p.link, ==, 4);

  /* A view re-dissecting the requests later sees what only later packets told. */
  LscPacket pkt = { .num = 1, .caplen = 50, .wirelen = 50, .linktype = LSC_LINK_ETHERNET, .data = frames[0] };
  lsc_dissect (t, &pkt, NULL);
  g_assert_true (lsc_conv_annotate (c, t));
  gboolean found;
  g_assert_cmpuint (node_uint (t, "icmp.resp_in", &found), ==, 2);
  g_assert_true (found);
  pkt.num = 3;
  pkt.data = frames[2];
  lsc_dissect (t, &pkt, NULL);
  g_assert_true (lsc_conv_annotate (c, t));
  g_assert_cmpint (lsc_tree_find (t, "icmp.no_resp"), >=, 0);

  g_assert_cmpuint (lsc_conv_count (c), ==, 1);
  const LscConvInfo *ci = lsc_conv_nth (c, 0);
  g_assert_cmpint (ci->kind, ==, LSC_CONV_ICMP);
  g_assert_cmpuint (ci->requests, ==, 3);
  g_assert_cmpuint (ci->replies, ==, 3);
  g_assert_cmpuint (ci->unanswered, ==, 1);
  g_assert_cmpuint (ci->duplicates, ==, 1);
  g_assert_cmpuint (ci->port_a, ==, 0x1234);
}

static guint
build_arp (guint8 *f, guint16 op, const guint8 sha[6], const guint8 spa[4], const guint8 tha[6], const guint8 tpa[4])
{
  memset (f, 0, 60);
  if (op == 1)
    memset (f, 0xff, 6);
  else
    memcpy (f, tha, 6);
  memcpy (f + 6, sha, 6);
  f[12] = 0x08; f[13] = 0x06;
  guint8 *a = f + 14;
  a[1] = 1; a[2] = 0x08; a[4] = 6; a[5] = 4; a[7] = (guint8) op;
  memcpy (a + 8, sha, 6);
  memcpy (a + 14, spa, 4);
  memcpy (a + 18, tha, 6);
  memcpy (a + 24, tpa, 4);
  return 60;
}

static void
test_arp_pairing (void)
{
  static const guint8 m1[6] = { 2, 0, 0, 0, 0, 1 }, m2[6] = { 2, 0, 0, 0, 0, 2 }, m3[6] = { 2, 0, 0, 0, 0, 3 };
  static const guint8 zero[6] = { 0 };
  static const guint8 i1[4] = { 198, 18, 0, 1 }, i2[4] = { 198, 18, 0, 2 }, i9[4] = { 198, 18, 0, 9 };
  g_autoptr (LscConv) c = lsc_conv_new ();
  g_autoptr (LscTree) t = lsc_tree_new ();
  g_autoptr (LscConv) cs = lsc_conv_new ();
  g_autoptr (LscTree) ts = lsc_tree_new ();
  lsc_conv_set_streaming (cs, TRUE);
  guint8 f[7][64];
  guint n[7];
  n[0] = build_arp (f[0], 1, m1, i1, zero, i2);   /* who has .2? */
  n[1] = build_arp (f[1], 2, m2, i2, m1, i1);     /* .2 is at m2 */
  n[2] = build_arp (f[2], 1, m1, i1, zero, i9);   /* who has .9? (absent) */
  n[3] = build_arp (f[3], 1, m1, i1, zero, i9);   /* again */
  n[4] = build_arp (f[4], 1, m2, i2, zero, i2);   /* gratuitous: .2 announces itself */
  n[5] = build_arp (f[5], 2, m3, i2, m1, i1);     /* m3 also claims .2: conflict */
  n[6] = build_arp (f[6], 1, m1, i1, zero, i9);   /* third try, never answered */
  for (guint i = 0; i < 7; i++)
    {
      LscPacket pkt = { .num = i + 1, .ts_ns = (gint64) i * 1000000, .caplen = n[i], .wirelen = n[i],
                        .linktype = LSC_LINK_ETHERNET, .data = f[i] };
      lsc_dissect (t, &pkt, NULL);
      g_assert_true (lsc_tree_pinfo (t)->has & LSC_HAS_ARP);
      lsc_conv_process (c, t);
      assert_streaming_agrees (c, cs, t, ts);
      if (i == 1)
        {
          gboolean found;
          g_assert_cmpuint (node_uint (t, "arp.conv.resp_to", &found), ==, 1);
          gint32 rt = lsc_tree_find (t, "arp.conv.resptime");
          g_assert_cmpfloat_with_epsilon (lsc_tree_node (t, rt)->v.d, 1.0, 1e-9);
        }
      if (i == 5)
        {
          gboolean found;
          g_assert_cmpint (lsc_tree_find (t, "arp.duplicate-address-detected"), >=, 0);
          g_assert_cmpuint (node_uint (t, "arp.duplicate-address-frame", &found), ==, 5);
        }
    }
  lsc_conv_finish (c);
  assert_streaming_totals (c, cs);
  LscConvPacket p;
  g_assert_true (lsc_conv_packet (c, 1, &p));
  g_assert_cmpuint (p.link, ==, 2);
  g_assert_true (lsc_conv_packet (c, 3, &p));
  g_assert_true (p.flags & LSC_CONV_F_NO_REPLY);
  g_assert_true (lsc_conv_packet (c, 4, &p));
  g_assert_true (p.flags & LSC_CONV_F_NO_REPLY);
  g_assert_true (lsc_conv_packet (c, 7, &p));
  g_assert_true (p.flags & LSC_CONV_F_NO_REPLY);
  g_assert_true (lsc_conv_packet (c, 5, &p));
  g_assert_cmpint (p.role, ==, LSC_ROLE_ARP_GRATUITOUS);
  g_assert_true (lsc_conv_packet (c, 6, &p));
  g_assert_true (p.flags & LSC_CONV_F_CONFLICT);

  guint unanswered = 0, conflicts = 0, gratuitous = 0;
  for (guint i = 0; i < lsc_conv_count (c); i++)
    {
      const LscConvInfo *ci = lsc_conv_nth (c, i);
      g_assert_cmpint (ci->kind, ==, LSC_CONV_ARP);
      unanswered += ci->unanswered;
      conflicts += ci->conflicts;
      gratuitous += ci->gratuitous;
    }
  g_assert_cmpuint (lsc_conv_count (c), ==, 3);  /* .1-.2, .1-.9, .2-.2 */
  g_assert_cmpuint (unanswered, ==, 3);
  g_assert_cmpuint (conflicts, ==, 1);
  g_assert_cmpuint (gratuitous, ==, 1);
}

/* A frame the analysis never saw is not annotated; non-IP junk is ignored. */
static void
test_unprocessed_and_junk (void)
{
  g_autoptr (LscConv) c = lsc_conv_new ();
  g_autoptr (LscTree) t = lsc_tree_new ();
  static const guint8 junk[] = { 0x45, 0x00, 0x00 };
  LscPacket pkt = { .num = 1, .caplen = 3, .wirelen = 3, .linktype = LSC_LINK_RAW, .data = junk };
  lsc_dissect (t, &pkt, NULL);
  lsc_conv_process (c, t);
  g_assert_cmpuint (lsc_conv_count (c), ==, 0);
  LscConvPacket p;
  g_assert_false (lsc_conv_packet (c, 1, &p));
  g_assert_false (lsc_conv_packet (c, 99, &p));
  pkt.num = 50;
  lsc_dissect (t, &pkt, NULL);
  g_assert_false (lsc_conv_annotate (c, t));
  /* A truncated TCP header must not crash or create a conversation with garbage. */
  Seg s = { 0, SYN, 0, 0, 0 };
  guint8 f[128];
  guint n = build_frame (&s, ISN_A, ISN_B, f);
  for (guint cut = 0; cut < n; cut++)
    {
      LscPacket q = { .num = 100 + cut, .caplen = cut, .wirelen = n, .linktype = LSC_LINK_ETHERNET, .data = f };
      lsc_dissect (t, &q, NULL);
      lsc_conv_process (c, t);
    }
  g_assert_cmpuint (lsc_conv_count (c), <=, 1);
  g_assert_cmpuint (lsc_conv_memory (c), <, 64 * 1024);
}

/* A SYN cut by the snap length inside its options still opens a stream: its
 * fixed 20-byte header (ports, numbers, flags) was captured whole.  One cut
 * inside those 20 bytes is left out. */
static void
test_syn_cut_in_options (void)
{
  const Seg syn = { 0, SYN, 0, 0, 0, 64240, 0, LSC_ROLE_HS_SYN, SYN_SENT, LISTEN, 0 };
  guint8 f[1600];
  guint len = build_frame (&syn, 5000, 9000, f);
  g_autoptr (LscConv) c = lsc_conv_new ();
  g_autoptr (LscTree) t = lsc_tree_new ();

  LscPacket pkt = { .num = 1, .ts_ns = 1, .ts_first_ns = 1, .caplen = 14 + 20 + 22, .wirelen = len,
                    .linktype = LSC_LINK_ETHERNET, .data = f };
  lsc_dissect (t, &pkt, NULL);
  g_assert_true (lsc_tree_node (t, lsc_tree_pinfo (t)->tcp_node)->flags & LSC_NODE_TRUNCATED);
  lsc_conv_process (c, t);
  LscConvPacket cp;
  g_assert_true (lsc_conv_packet (c, 1, &cp));
  g_assert_true (cp.valid);
  g_assert_cmpint (cp.role, ==, LSC_ROLE_HS_SYN);
  gboolean found;
  g_assert_cmpuint (node_uint (t, "tcp.seq", &found), ==, 0);
  g_assert_true (found);

  LscPacket cut = pkt;
  cut.num = 2;
  cut.caplen = 14 + 20 + 12;   /* inside the fixed header */
  lsc_dissect (t, &cut, NULL);
  lsc_conv_process (c, t);
  g_assert_false (lsc_conv_packet (c, 2, &cp) && cp.valid);
}

/* ---- forgetting (lsc_conv_set_forget) ---- */

typedef struct {
  LscConv *full, *forget;
  LscTree *tf, *tg;
  guint64 num;
} Pair;

static void
pair_init (Pair *p)
{
  p->full = lsc_conv_new ();
  p->forget = lsc_conv_new ();
  lsc_conv_set_streaming (p->forget, TRUE);
  lsc_conv_set_forget (p->forget, TRUE);
  p->tf = lsc_tree_new ();
  p->tg = lsc_tree_new ();
  p->num = 0;
}

static void
pair_clear (Pair *p)
{
  lsc_conv_free (p->full);
  lsc_conv_free (p->forget);
  lsc_tree_free (p->tf);
  lsc_tree_free (p->tg);
}

/* The next frame, at ts_ns, through both analyses. */
static void
pair_feed_ns (Pair *p, const guint8 *f, guint n, gint64 ts_ns)
{
  LscPacket pkt = { .num = ++p->num, .ts_ns = ts_ns, .caplen = n, .wirelen = n,
                    .linktype = LSC_LINK_ETHERNET, .data = f };
  lsc_dissect (p->tf, &pkt, NULL);
  lsc_conv_process (p->full, p->tf);
  lsc_dissect (p->tg, &pkt, NULL);
  lsc_conv_process (p->forget, p->tg);
}

/* The same at t_ms after a fixed start. */
static void
pair_feed (Pair *p, const guint8 *f, guint n, gint64 t_ms)
{
  pair_feed_ns (p, f, n, 1700000000000000000 + t_ms * 1000000);
}

static void
pair_tcp (Pair *p, const Seg *s, guint32 isn, gint64 t_ms)
{
  guint8 f[128];
  pair_feed (p, f, build_frame (s, isn, ISN_B, f), t_ms);
}

static guint64
forgotten (LscConv *c)
{
  guint64 n;
  lsc_conv_remembered (c, NULL, NULL, NULL, &n);
  return n;
}

/* A closed connection is remembered for 10 s of quiet: a new SYN on its ports
 * within them is a port reuse, after them a connection like any other. */
static void
test_forget_closed_tcp (void)
{
  static const Seg syn = { 0, SYN, 0, 0, 0 }, rst = { 1, RST | ACK, 1, 1, 0 };
  Pair p;
  pair_init (&p);
  gboolean found;
  pair_tcp (&p, &syn, ISN_A, 0);
  pair_tcp (&p, &rst, ISN_A, 1);
  pair_tcp (&p, &syn, ISN_A + 5000, 9500);
  for (int i = 0; i < 2; i++)
    {
      LscTree *t = i ? p.tg : p.tf;
      g_assert_cmpuint (node_uint (t, "tcp.stream", &found), ==, 1);
      g_assert_cmpint (lsc_tree_find (t, "tcp.analysis.reused_ports"), >=, 0);
    }
  g_assert_cmpstr (lsc_tree_pinfo (p.tf)->info->str, ==, lsc_tree_pinfo (p.tg)->info->str);
  pair_tcp (&p, &rst, ISN_A + 5000, 9501);
  g_assert_cmpuint (forgotten (p.forget), ==, 0);
  /* 10.1 s after the RST. */
  pair_tcp (&p, &syn, ISN_A + 90000, 19601);
  g_assert_cmpuint (forgotten (p.forget), ==, 1);
  g_assert_cmpuint (node_uint (p.tf, "tcp.stream", &found), ==, 2);
  g_assert_cmpuint (node_uint (p.tg, "tcp.stream", &found), ==, 2);
  g_assert_cmpint (lsc_tree_find (p.tf, "tcp.analysis.reused_ports"), >=, 0);
  g_assert_cmpint (lsc_tree_find (p.tg, "tcp.analysis.reused_ports"), <, 0);
  g_assert_nonnull (strstr (lsc_tree_pinfo (p.tf)->info->str, "[TCP Port numbers reused] "));
  g_assert_cmpstr (lsc_tree_pinfo (p.tf)->info->str + strlen ("[TCP Port numbers reused] "), ==,
                   lsc_tree_pinfo (p.tg)->info->str);
  guint convs;
  lsc_conv_remembered (p.forget, &convs, NULL, NULL, NULL);
  g_assert_cmpuint (convs, ==, 1);
  pair_clear (&p);
}

/* An open connection is remembered for 5 min of quiet; a segment after that
 * starts a stream picked up mid-way. */
static void
test_forget_idle_tcp (void)
{
  static const Seg data = { 0, PSH | ACK, 1, 1, 10 }, ack = { 1, ACK, 1, 11, 0 };
  Pair p;
  pair_init (&p);
  gboolean found;
  pair_tcp (&p, &data, ISN_A, 0);
  pair_tcp (&p, &ack, ISN_A, 1);
  pair_tcp (&p, &data, ISN_A + 10, 299 * 1000);   /* 299 s: still the same stream */
  g_assert_cmpuint (node_uint (p.tg, "tcp.stream", &found), ==, 0);
  g_assert_cmpstr (lsc_tree_pinfo (p.tf)->info->str, ==, lsc_tree_pinfo (p.tg)->info->str);
  pair_tcp (&p, &ack, ISN_A + 10, 600 * 1000);    /* 301 s later */
  g_assert_cmpuint (node_uint (p.tf, "tcp.stream", &found), ==, 0);
  g_assert_cmpuint (node_uint (p.tg, "tcp.stream", &found), ==, 1);
  LscConvPacket cp;
  g_assert_true (lsc_conv_packet (p.forget, p.num, &cp));
  g_assert_true (cp.flags & LSC_CONV_F_MIDSTREAM);
  g_assert_true (lsc_conv_packet (p.full, p.num, &cp));
  g_assert_false (cp.flags & LSC_CONV_F_MIDSTREAM);
  g_assert_cmpuint (forgotten (p.forget), ==, 1);
  pair_clear (&p);
}

/* UDP: 30 s of quiet; an echo request and its conversation likewise. */
static void
test_forget_udp_echo (void)
{
  Pair p;
  pair_init (&p);
  gboolean found;
  pair_feed (&p, dns_query, sizeof dns_query, 0);
  pair_feed (&p, dns_query, sizeof dns_query, 29000);
  pair_feed (&p, dns_query, sizeof dns_query, 58000);
  g_assert_cmpuint (node_uint (p.tg, "udp.stream", &found), ==, 0);
  g_assert_true (found);
  pair_feed (&p, dns_query, sizeof dns_query, 88001);
  g_assert_cmpuint (node_uint (p.tf, "udp.stream", &found), ==, 0);
  g_assert_cmpuint (node_uint (p.tg, "udp.stream", &found), ==, 1);

  guint8 f[64];
  gint64 t0 = 100000;
  pair_feed (&p, f, build_echo (f, FALSE, 7, 1, 64), t0);
  pair_feed (&p, f, build_echo (f, TRUE, 7, 1, 64), t0 + 29999);
  g_assert_nonnull (strstr (lsc_tree_pinfo (p.tg)->info->str, "(request in 5)"));
  pair_feed (&p, f, build_echo (f, FALSE, 7, 2, 64), t0 + 30000);
  pair_feed (&p, f, build_echo (f, TRUE, 7, 2, 64), t0 + 60001);
  g_assert_nonnull (strstr (lsc_tree_pinfo (p.tf)->info->str, "(request in 7)"));
  g_assert_nonnull (strstr (lsc_tree_pinfo (p.tg)->info->str, "(no request found!)"));
  guint convs, echo;
  lsc_conv_remembered (p.forget, &convs, &echo, NULL, NULL);
  g_assert_cmpuint (convs, ==, 1);   /* only the new one of that reply: the UDP one went quiet too */
  g_assert_cmpuint (echo, ==, 0);
  pair_clear (&p);
}

/* However fast new conversations come, at most 16,384 are remembered: the
 * least recently seen one goes first. */
static void
test_forget_cap (void)
{
  enum { FLOWS = 20000, CAP = 16384 };
  Pair p;
  pair_init (&p);
  guint8 f[sizeof dns_query];
  memcpy (f, dns_query, sizeof f);
  f[40] = f[41] = 0;  /* no UDP checksum: the ports change */
  for (guint i = 0; i < FLOWS; i++)
    {
      f[34] = (guint8) ((1024 + i) >> 8);
      f[35] = (guint8) (1024 + i);
      pair_feed (&p, f, sizeof f, i / 100);   /* 200 ms in all */
    }
  guint convs;
  lsc_conv_remembered (p.forget, &convs, NULL, NULL, NULL);
  g_assert_cmpuint (convs, ==, CAP);
  g_assert_cmpuint (forgotten (p.forget), ==, FLOWS - CAP);
  g_assert_cmpuint (lsc_conv_memory (p.forget), <, lsc_conv_memory (p.full));
  gboolean found;
  /* The most recent flow is still known; the first one starts again. */
  pair_feed (&p, f, sizeof f, 300);
  g_assert_cmpuint (node_uint (p.tg, "udp.stream", &found), ==, FLOWS - 1);
  f[34] = 1024 >> 8;
  f[35] = 1024 & 0xff;
  pair_feed (&p, f, sizeof f, 301);
  g_assert_cmpuint (node_uint (p.tf, "udp.stream", &found), ==, 0);
  g_assert_cmpuint (node_uint (p.tg, "udp.stream", &found), ==, FLOWS);
  lsc_conv_remembered (p.forget, &convs, NULL, NULL, NULL);
  g_assert_cmpuint (convs, ==, CAP);
  pair_clear (&p);
}

/* A damaged file's times can be anything: the windows neither overflow
 * (the sanitizer builds would stop) nor keep what is far apart. */
static void
test_forget_extreme_times (void)
{
  Pair p;
  pair_init (&p);
  gboolean found;
  guint8 f[64];
  pair_feed_ns (&p, dns_query, sizeof dns_query, G_MININT64 + 1);
  pair_feed_ns (&p, f, build_echo (f, FALSE, 9, 1, 64), G_MININT64 + 2);
  pair_feed_ns (&p, dns_query, sizeof dns_query, G_MAXINT64 - 1);
  g_assert_cmpuint (node_uint (p.tg, "udp.stream", &found), ==, 1);
  pair_feed_ns (&p, f, build_echo (f, FALSE, 9, 1, 64), G_MAXINT64);
  pair_feed_ns (&p, f, build_echo (f, TRUE, 9, 1, 64), G_MAXINT64);
  g_assert_nonnull (strstr (lsc_tree_pinfo (p.tg)->info->str, "(request in 4)"));
  /* Back in time: nothing is quiet for a negative time. */
  pair_feed_ns (&p, dns_query, sizeof dns_query, 0);
  g_assert_cmpuint (node_uint (p.tg, "udp.stream", &found), ==, 1);
  pair_clear (&p);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/conv/builder-literal", test_builder_literal);
  g_test_add_func ("/conv/tcp/normal", test_normal);
  g_test_add_func ("/conv/tcp/three-segment-close", test_three_segment_close);
  g_test_add_func ("/conv/tcp/server-closes-first", test_server_closes_first);
  g_test_add_func ("/conv/tcp/simultaneous-open", test_simultaneous_open);
  g_test_add_func ("/conv/tcp/simultaneous-close", test_simultaneous_close);
  g_test_add_func ("/conv/tcp/half-close", test_half_close);
  g_test_add_func ("/conv/tcp/rst-abort", test_rst_abort);
  g_test_add_func ("/conv/tcp/refused", test_refused);
  g_test_add_func ("/conv/tcp/retransmissions", test_retransmissions);
  g_test_add_func ("/conv/tcp/dupack-zerowin-keepalive-ooo", test_dup_ack_zero_window_keepalive_ooo);
  g_test_add_func ("/conv/tcp/midstream", test_midstream);
  g_test_add_func ("/conv/tcp/port-reuse", test_port_reuse);
  g_test_add_func ("/conv/tcp/window-scale-known", test_window_scale_known);
  g_test_add_func ("/conv/tcp/window-scale-synack", test_window_scale_synack);
  g_test_add_func ("/conv/icmp/ping-pairing", test_ping_pairing);
  g_test_add_func ("/conv/arp/pairing", test_arp_pairing);
  g_test_add_func ("/conv/unprocessed-and-junk", test_unprocessed_and_junk);
  g_test_add_func ("/conv/tcp/syn-cut-in-options", test_syn_cut_in_options);
  g_test_add_func ("/conv/tcp/info-deferred", test_tcp_info_deferred);
  g_test_add_func ("/conv/forget/closed-tcp", test_forget_closed_tcp);
  g_test_add_func ("/conv/forget/idle-tcp", test_forget_idle_tcp);
  g_test_add_func ("/conv/forget/udp-echo", test_forget_udp_echo);
  g_test_add_func ("/conv/forget/cap", test_forget_cap);
  g_test_add_func ("/conv/forget/extreme-times", test_forget_extreme_times);
  return g_test_run ();
}

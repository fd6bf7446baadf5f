/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ladder.c — the ladder (flow) model on the recorded scenarios
 *
 * Each recording under tests/netns/captures was made by two real kernels in
 * network namespaces (tests/netns/lab-record.sh).  A file is read into a
 * store, analysed with per-frame records like the app does, and the ladder of
 * its TCP stream is checked: number of arrows, the phases in order, and both
 * ends' states after each segment.  The one-pass path (ladder filled while
 * the analysis streams, as layerscope-cli --flow does) must give the same
 * arrows.
 */
#include "core/lsc-ladder.h"
#include "core/lsc-dissect.h"
#include "capture/lsc-capture-file.h"

enum {
  CLOSED = LSC_TCP_STATE_CLOSED, LISTEN = LSC_TCP_STATE_LISTEN, SYN_SENT = LSC_TCP_STATE_SYN_SENT,
  SYN_RCVD = LSC_TCP_STATE_SYN_RECEIVED, ESTAB = LSC_TCP_STATE_ESTABLISHED, FW1 = LSC_TCP_STATE_FIN_WAIT_1,
  FW2 = LSC_TCP_STATE_FIN_WAIT_2, CW = LSC_TCP_STATE_CLOSE_WAIT, CLOSING = LSC_TCP_STATE_CLOSING,
  LAST_ACK = LSC_TCP_STATE_LAST_ACK, TW = LSC_TCP_STATE_TIME_WAIT, UNKNOWN = LSC_TCP_STATE_UNKNOWN,
};

typedef struct {
  LscStore *store;
  LscConv *conv;      /* with per-frame records */
  GPtrArray *streamed; /* LscLadder per conversation, filled during a streaming pass */
  LscConv *sconv;     /* the streaming analysis the ladders above point into */
} Loaded;

static char *
capture_path (const char *dir, const char *name)
{
  const char *root = g_getenv ("LSC_SOURCE_ROOT");
  return g_build_filename (root ? root : ".", dir, name, NULL);
}

static void
load (const char *dir, const char *name, Loaded *out)
{
  g_autofree char *path = capture_path (dir, name);
  g_autoptr (GError) error = NULL;
  g_autoptr (LscCaptureFile) f = lsc_capture_file_open (path, &error);
  g_assert_no_error (error);
  out->store = lsc_store_new ();
  out->conv = lsc_conv_new ();
  out->sconv = lsc_conv_new ();
  lsc_conv_set_streaming (out->sconv, TRUE);
  out->streamed = g_ptr_array_new_with_free_func ((GDestroyNotify) lsc_ladder_free);
  LscPacket pkt;
  while (lsc_capture_file_next (f, &pkt, &error) > 0)
    lsc_store_append (out->store, &pkt);
  g_assert_no_error (error);
  g_autoptr (LscTree) t = lsc_tree_new ();
  lsc_tree_set_summary_only (t, TRUE);
  for (guint i = 0; lsc_store_get_packet (out->store, i, &pkt); i++)
    {
      lsc_dissect (t, &pkt, NULL);
      lsc_conv_process (out->conv, t);
      lsc_dissect (t, &pkt, NULL);
      lsc_conv_process (out->sconv, t);
      LscConvPacket cp;
      if (lsc_conv_packet (out->sconv, pkt.num, &cp) && cp.valid)
        {
          if (cp.conv >= out->streamed->len)
            g_ptr_array_set_size (out->streamed, cp.conv + 1);
          if (!g_ptr_array_index (out->streamed, cp.conv))
            g_ptr_array_index (out->streamed, cp.conv) = lsc_ladder_new (out->sconv, cp.conv);
          g_assert_true (lsc_ladder_add (g_ptr_array_index (out->streamed, cp.conv), out->sconv, t));
        }
    }
  lsc_conv_finish (out->conv);
  lsc_conv_finish (out->sconv);
}

static void
unload (Loaded *l)
{
  g_ptr_array_unref (l->streamed);
  lsc_conv_free (l->conv);
  lsc_conv_free (l->sconv);
  g_object_unref (l->store);
}

static gint
first_conv (LscConv *c, LscConvKind kind)
{
  for (guint i = 0; i < lsc_conv_count (c); i++)
    if (lsc_conv_nth (c, i)->kind == kind)
      return (gint) i;
  return -1;
}

/* The ladder built from the store and the one filled while streaming show the same arrows. */
static void
assert_same_arrows (LscLadder *built, LscLadder *streamed)
{
  g_assert_nonnull (streamed);
  lsc_ladder_finish (streamed);
  g_assert_cmpuint (lsc_ladder_n_entries (built), ==, lsc_ladder_n_entries (streamed));
  g_assert_cmpuint (lsc_ladder_n_phases (built), ==, lsc_ladder_n_phases (streamed));
  for (guint i = 0; i < lsc_ladder_n_entries (built); i++)
    {
      const LscLadderEntry *a = lsc_ladder_entry (built, i), *b = lsc_ladder_entry (streamed, i);
      g_assert_cmpuint (a->frame, ==, b->frame);
      g_assert_cmpint (a->from_b, ==, b->from_b);
      g_assert_cmpuint (a->tcp_flags, ==, b->tcp_flags);
      g_assert_cmpuint (a->seq, ==, b->seq);
      g_assert_cmpuint (a->ack, ==, b->ack);
      g_assert_cmpuint (a->len, ==, b->len);
      g_assert_cmpint (a->role, ==, b->role);
      g_assert_cmpuint (a->phase, ==, b->phase);
    }
}

typedef struct {
  const char *file;
  guint arrows;
  LscLadderPhase phases[6];
  /* States after each segment: client, server (0 = end of list). */
  int states[24][2];
  guint revised_at;   /* an arrow whose stored states a later segment corrected (1-based, 0 none) */
  guint revised_flag_at; /* an arrow that says a receiver's assumed state was wrong (1-based, 0 none) */
} Scenario;

static const Scenario scenarios[] = {
  { "handshake-teardown.pcapng", 11,
    { LSC_PHASE_HANDSHAKE, LSC_PHASE_DATA, LSC_PHASE_TEARDOWN },
    { { SYN_SENT, SYN_RCVD }, { ESTAB, SYN_RCVD }, { ESTAB, ESTAB }, { ESTAB, ESTAB }, { ESTAB, ESTAB },
      { ESTAB, ESTAB }, { ESTAB, ESTAB }, { FW1, CW }, { FW2, CW }, { TW, LAST_ACK }, { TW, CLOSED } } },
  { "three-segment-close.pcapng", 10,
    { LSC_PHASE_HANDSHAKE, LSC_PHASE_DATA, LSC_PHASE_CLOSE3 },
    { { SYN_SENT, SYN_RCVD }, { ESTAB, SYN_RCVD }, { ESTAB, ESTAB }, { ESTAB, ESTAB }, { ESTAB, ESTAB },
      { ESTAB, ESTAB }, { ESTAB, ESTAB }, { FW1, CW }, { TW, LAST_ACK }, { TW, CLOSED } } },
  { "server-closes-first.pcapng", 11,
    { LSC_PHASE_HANDSHAKE, LSC_PHASE_DATA, LSC_PHASE_TEARDOWN },
    { { SYN_SENT, SYN_RCVD }, { ESTAB, SYN_RCVD }, { ESTAB, ESTAB }, { ESTAB, ESTAB }, { ESTAB, ESTAB },
      { ESTAB, ESTAB }, { ESTAB, ESTAB }, { CW, FW1 }, { CW, FW2 }, { LAST_ACK, TW }, { CLOSED, TW } } },
  /* The first FIN crossed the server's: the server's FIN (arrow 9) says that
   * the CLOSE-WAIT assumed after arrow 8 was wrong. */
  { "simultaneous-close.pcapng", 14,
    { LSC_PHASE_HANDSHAKE, LSC_PHASE_DATA, LSC_PHASE_SIM_CLOSE },
    { { SYN_SENT, SYN_RCVD }, { ESTAB, SYN_RCVD }, { ESTAB, ESTAB }, { ESTAB, ESTAB }, { ESTAB, ESTAB },
      { ESTAB, ESTAB }, { ESTAB, ESTAB }, { FW1, CW }, { CLOSING, CLOSING }, { CLOSING, CLOSING },
      { CLOSING, CLOSING }, { CLOSING, TW }, { CLOSING, TW }, { TW, TW } }, 0, 9 },
  { "rst-abort.pcapng", 8,
    { LSC_PHASE_HANDSHAKE, LSC_PHASE_DATA, LSC_PHASE_ABORT },
    { { SYN_SENT, SYN_RCVD }, { ESTAB, SYN_RCVD }, { ESTAB, ESTAB }, { ESTAB, ESTAB }, { ESTAB, ESTAB },
      { ESTAB, ESTAB }, { ESTAB, ESTAB }, { CLOSED, CLOSED } } },
  /* Nothing listens: the RST shows the server never reached SYN-RECEIVED. */
  { "closed-port.pcapng", 2,
    { LSC_PHASE_HANDSHAKE, LSC_PHASE_REFUSED },
    { { SYN_SENT, CLOSED }, { CLOSED, CLOSED } }, 1, 1 },
  { "midstream.pcapng", 7,
    { LSC_PHASE_MIDSTREAM, LSC_PHASE_CLOSE3 },
    { { ESTAB, ESTAB }, { ESTAB, ESTAB }, { ESTAB, ESTAB }, { ESTAB, ESTAB }, { FW1, CW }, { TW, LAST_ACK },
      { TW, CLOSED } } },
};

static void
test_scenario (gconstpointer data)
{
  const Scenario *sc = data;
  Loaded ld;
  load ("tests/netns/captures", sc->file, &ld);
  gint ci = first_conv (ld.conv, LSC_CONV_TCP);
  g_assert_cmpint (ci, >=, 0);
  g_autoptr (LscLadder) l = lsc_ladder_build (ld.store, ld.conv, (guint) ci);
  g_assert_nonnull (l);
  g_assert_cmpuint (lsc_ladder_n_entries (l), ==, sc->arrows);

  guint n_phases = 0;
  while (n_phases < G_N_ELEMENTS (sc->phases) && sc->phases[n_phases])
    n_phases++;
  g_assert_cmpuint (lsc_ladder_n_phases (l), ==, n_phases);
  for (guint k = 0; k < n_phases; k++)
    {
      const LscLadderSpan *s = lsc_ladder_phase (l, k);
      g_assert_cmpint (s->kind, ==, sc->phases[k]);
      g_assert_cmpuint (s->first, <=, s->last);
      if (k)
        g_assert_cmpuint (s->first, ==, lsc_ladder_phase (l, k - 1)->last + 1);
    }
  g_assert_cmpuint (lsc_ladder_phase (l, n_phases - 1)->last, ==, sc->arrows - 1);

  LscTcpState a0, b0;
  lsc_ladder_initial_states (l, &a0, &b0);
  gboolean midstream = lsc_ladder_info (l)->midstream;
  gboolean refused = lsc_ladder_info (l)->end == LSC_CONV_END_REFUSED;
  g_assert_cmpint (a0, ==, midstream ? UNKNOWN : CLOSED);
  /* A refused SYN shows nobody listened: the server was CLOSED all along. */
  g_assert_cmpint (b0, ==, midstream ? UNKNOWN : refused ? CLOSED : LISTEN);
  for (guint i = 0; i < sc->arrows; i++)
    {
      const LscLadderEntry *e = lsc_ladder_entry (l, i);
      g_test_message ("%s arrow %u frame %" G_GUINT64_FORMAT ": %s / %s", sc->file, i + 1, e->frame,
                      lsc_tcp_state_name (e->after_a), lsc_tcp_state_name (e->after_b));
      g_assert_cmpint (e->after_a, ==, sc->states[i][0]);
      g_assert_cmpint (e->after_b, ==, sc->states[i][1]);
      /* "Before" is the previous arrow's "after". */
      g_assert_cmpint (e->before_a, ==, i ? lsc_ladder_entry (l, i - 1)->after_a : a0);
      g_assert_cmpint (e->before_b, ==, i ? lsc_ladder_entry (l, i - 1)->after_b : b0);
      g_assert_cmpint (lsc_ladder_find_frame (l, e->frame), ==, (gint) i);
      g_assert_cmpuint (e->phase, <, lsc_ladder_n_phases (l));
    }
  for (guint i = 0; i < sc->arrows; i++)
    g_assert_cmpint (!!(lsc_ladder_entry (l, i)->cflags & LSC_CONV_F_REVISED), ==, sc->revised_flag_at == i + 1);
  if (sc->revised_at)
    {
      /* The streaming pass could not go back: it still shows the state first assumed. */
      LscLadder *s = g_ptr_array_index (ld.streamed, ci);
      lsc_ladder_finish (s);
      const LscLadderEntry *e = lsc_ladder_entry (s, sc->revised_at - 1);
      g_assert_true ((int) e->after_a != sc->states[sc->revised_at - 1][0] ||
                     (int) e->after_b != sc->states[sc->revised_at - 1][1]);
    }
  assert_same_arrows (l, g_ptr_array_index (ld.streamed, ci));
  g_assert_cmpint (lsc_ladder_find_frame (l, 999999), ==, -1);
  unload (&ld);
}

/* The arrow labels are the ones --flow prints. */
static void
test_labels (void)
{
  Loaded ld;
  load ("tests/netns/captures", "handshake-teardown.pcapng", &ld);
  g_autoptr (LscLadder) l = lsc_ladder_build (ld.store, ld.conv, (guint) first_conv (ld.conv, LSC_CONV_TCP));
  g_autoptr (GString) s = g_string_new (NULL);
  static const char *const want[] = {
    "[SYN] Seq=0 Len=0", "[SYN,ACK] Seq=0 Ack=1 Len=0", "[ACK] Seq=1 Ack=1 Len=0", "[PSH,ACK] Seq=1 Ack=1 Len=17",
  };
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      g_string_truncate (s, 0);
      lsc_ladder_format_label (l, lsc_ladder_entry (l, i), s);
      g_assert_cmpstr (s->str, ==, want[i]);
    }
  g_assert_false (lsc_ladder_entry (l, 0)->from_b);
  g_assert_true (lsc_ladder_entry (l, 1)->from_b);
  g_string_truncate (s, 0);
  lsc_ladder_format_flags (LSC_TCP_FIN | LSC_TCP_SYN | LSC_TCP_RST | LSC_TCP_ACK, s);
  g_assert_cmpstr (s->str, ==, "SYN,FIN,RST,ACK");
  g_assert_cmpstr (lsc_tcp_flag_name (4), ==, "ACK");
  unload (&ld);
}

/* Ping, ARP and UDP conversations get arrows too, with no TCP states. */
static void
test_other_kinds (void)
{
  Loaded ld;
  load ("data/captures", "ping.pcapng", &ld);
  gint ci = first_conv (ld.conv, LSC_CONV_ICMP);
  g_assert_cmpint (ci, >=, 0);
  g_autoptr (LscLadder) l = lsc_ladder_build (ld.store, ld.conv, (guint) ci);
  const LscConvInfo *info = lsc_ladder_info (l);
  g_assert_cmpuint (lsc_ladder_n_entries (l), ==, info->packets[0] + info->packets[1]);
  g_assert_cmpuint (lsc_ladder_n_phases (l), ==, 1);
  g_assert_cmpint (lsc_ladder_phase (l, 0)->kind, ==, LSC_PHASE_ECHO);
  guint replies = 0;
  g_autoptr (GString) s = g_string_new (NULL);
  for (guint i = 0; i < lsc_ladder_n_entries (l); i++)
    {
      const LscLadderEntry *e = lsc_ladder_entry (l, i);
      g_assert_cmpint (e->after_a, ==, UNKNOWN);
      if (e->role == LSC_ROLE_ECHO_REPLY)
        {
          replies++;
          g_assert_true (e->from_b);
          g_assert_cmpuint (e->link, >, 0);
          g_assert_cmpuint (e->link, <, e->frame);
          g_string_truncate (s, 0);
          lsc_ladder_format_label (l, e, s);
          g_assert_true (g_str_has_prefix (s->str, "Echo reply id=0x"));
          g_assert_nonnull (strstr (s->str, " ms)"));
        }
    }
  g_assert_cmpuint (replies, ==, info->replies);
  g_assert_cmpuint (replies, >, 0);
  unload (&ld);

  load ("data/captures", "arp.pcapng", &ld);
  ci = first_conv (ld.conv, LSC_CONV_ARP);
  g_assert_cmpint (ci, >=, 0);
  g_autoptr (LscLadder) arp = lsc_ladder_build (ld.store, ld.conv, (guint) ci);
  g_assert_cmpint (lsc_ladder_phase (arp, 0)->kind, ==, LSC_PHASE_ARP);
  g_string_truncate (s, 0);
  lsc_ladder_format_label (arp, lsc_ladder_entry (arp, 0), s);
  g_assert_true (g_str_has_prefix (s->str, "Who has 198.18."));
  unload (&ld);

  load ("data/captures", "dns.pcapng", &ld);
  ci = first_conv (ld.conv, LSC_CONV_UDP);
  g_assert_cmpint (ci, >=, 0);
  g_autoptr (LscLadder) udp = lsc_ladder_build (ld.store, ld.conv, (guint) ci);
  g_assert_cmpint (lsc_ladder_phase (udp, 0)->kind, ==, LSC_PHASE_DATAGRAMS);
  g_assert_cmpuint (lsc_ladder_entry (udp, 0)->len, >, 0);
  g_assert_null (lsc_ladder_build (ld.store, ld.conv, lsc_conv_count (ld.conv)));
  unload (&ld);
}

/* Every state has its own explanation for learners. */
static void
test_state_explanations (void)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (LscTcpState s = LSC_TCP_STATE_CLOSED; s <= LSC_TCP_STATE_TIME_WAIT; s++)
    {
      const char *e = lsc_tcp_state_explain (s);
      g_assert_true (g_str_has_prefix (e, lsc_tcp_state_name (s)));
      g_assert_cmpuint (strlen (e), >, 40);
      g_assert_false (g_hash_table_contains (seen, e));
      g_hash_table_add (seen, (gpointer) e);
    }
  g_assert_nonnull (strstr (lsc_tcp_state_explain (LSC_TCP_STATE_TIME_WAIT), "2×MSL"));
  g_assert_nonnull (strstr (lsc_tcp_state_explain (LSC_TCP_STATE_CLOSE_WAIT), "close()"));
}

/* ---- literal scenarios the lab does not record ---- */

typedef struct {
  int from_b;
  guint16 flags;
  guint32 seq, ack;   /* relative */
  guint16 len;
} Seg;

/* Ethernet + IPv4 + TCP between 198.18.0.1:40000 (A) and 198.18.0.2:80 (B). */
static void
put_frame (LscStore *store, const Seg *sg, guint i)
{
  enum { ISN_A = 1000, ISN_B = 50000 };
  guint8 f[14 + 20 + 20 + 64] = { 0 };
  guint total = 14 + 20 + 20 + sg->len;
  f[5] = sg->from_b ? 1 : 2;
  f[11] = sg->from_b ? 2 : 1;
  f[12] = 0x08;
  guint8 *ip = f + 14;
  ip[0] = 0x45;
  ip[2] = (guint8) ((total - 14) >> 8);
  ip[3] = (guint8) (total - 14);
  ip[8] = 64;
  ip[9] = 6;
  guint8 a[4] = { 198, 18, 0, 1 }, b[4] = { 198, 18, 0, 2 };
  memcpy (ip + 12, sg->from_b ? b : a, 4);
  memcpy (ip + 16, sg->from_b ? a : b, 4);
  guint8 *t = ip + 20;
  guint sp = sg->from_b ? 80 : 40000, dp = sg->from_b ? 40000 : 80;
  guint32 seq = sg->seq + (sg->from_b ? ISN_B : ISN_A), ack = sg->ack + (sg->from_b ? ISN_A : ISN_B);
  t[0] = sp >> 8; t[1] = sp & 0xff; t[2] = dp >> 8; t[3] = dp & 0xff;
  t[4] = seq >> 24; t[5] = seq >> 16; t[6] = seq >> 8; t[7] = seq;
  if (sg->flags & LSC_TCP_ACK)
    {
      t[8] = ack >> 24; t[9] = ack >> 16; t[10] = ack >> 8; t[11] = ack;
    }
  t[12] = 5 << 4;
  t[13] = (guint8) sg->flags;
  t[14] = 0x20;
  LscPacket p = { .ts_ns = 1700000000000000000 + (gint64) i * 1000000, .caplen = total, .wirelen = total,
                  .linktype = LSC_LINK_ETHERNET, .data = f };
  lsc_store_append (store, &p);
}

static LscLadder *
literal_ladder (const Seg *segs, guint n, LscConv **conv_out, LscStore **store_out)
{
  LscStore *store = lsc_store_new ();
  for (guint i = 0; i < n; i++)
    put_frame (store, &segs[i], i);
  LscConv *c = lsc_conv_new ();
  g_autoptr (LscTree) t = lsc_tree_new ();
  LscPacket pkt;
  for (guint i = 0; lsc_store_get_packet (store, i, &pkt); i++)
    {
      lsc_dissect (t, &pkt, NULL);
      lsc_conv_process (c, t);
    }
  lsc_conv_finish (c);
  gint ci = first_conv (c, LSC_CONV_TCP);
  g_assert_cmpint (ci, >=, 0);
  *conv_out = c;
  *store_out = store;
  return lsc_ladder_build (store, c, (guint) ci);
}

enum { F = LSC_TCP_FIN, S = LSC_TCP_SYN, P = LSC_TCP_PSH, A = LSC_TCP_ACK };

/* SYNs crossing: the bracket says simultaneous open, both ends pass SYN-RECEIVED. */
static void
test_simultaneous_open (void)
{
  static const Seg segs[] = {
    { 0, S, 0, 0, 0 }, { 1, S, 0, 0, 0 }, { 0, S | A, 0, 1, 0 }, { 1, S | A, 0, 1, 0 }, { 0, P | A, 1, 1, 5 },
  };
  LscConv *c;
  LscStore *store;
  g_autoptr (LscLadder) l = literal_ladder (segs, G_N_ELEMENTS (segs), &c, &store);
  g_assert_cmpuint (lsc_ladder_n_entries (l), ==, 5);
  g_assert_cmpuint (lsc_ladder_n_phases (l), ==, 2);
  g_assert_cmpint (lsc_ladder_phase (l, 0)->kind, ==, LSC_PHASE_SIM_OPEN);
  g_assert_cmpint (lsc_ladder_phase (l, 1)->kind, ==, LSC_PHASE_DATA);
  g_assert_cmpint (lsc_ladder_entry (l, 1)->after_a, ==, SYN_RCVD);
  g_assert_cmpint (lsc_ladder_entry (l, 1)->after_b, ==, SYN_RCVD);
  g_assert_cmpint (lsc_ladder_entry (l, 3)->after_a, ==, ESTAB);
  g_assert_cmpint (lsc_ladder_entry (l, 3)->after_b, ==, ESTAB);
  lsc_conv_free (c);
  g_object_unref (store);
  /* The ladder stands on its own once built. */
  g_assert_true (lsc_ladder_info (l)->simultaneous_open);
}

/* The server sends data after the client's FIN: a half-close bracket. */
static void
test_half_close (void)
{
  static const Seg segs[] = {
    { 0, S, 0, 0, 0 }, { 1, S | A, 0, 1, 0 }, { 0, A, 1, 1, 0 }, { 0, F | A, 1, 1, 0 }, { 1, A, 1, 2, 0 },
    { 1, P | A, 1, 2, 50 }, { 0, A, 2, 51, 0 }, { 1, F | A, 51, 2, 0 }, { 0, A, 2, 52, 0 },
  };
  LscConv *c;
  LscStore *store;
  g_autoptr (LscLadder) l = literal_ladder (segs, G_N_ELEMENTS (segs), &c, &store);
  g_assert_cmpuint (lsc_ladder_n_entries (l), ==, 9);
  g_assert_cmpuint (lsc_ladder_n_phases (l), ==, 2);
  g_assert_cmpint (lsc_ladder_phase (l, 0)->kind, ==, LSC_PHASE_HANDSHAKE);
  g_assert_cmpint (lsc_ladder_phase (l, 1)->kind, ==, LSC_PHASE_HALF_CLOSE);
  g_assert_cmpint (lsc_ladder_entry (l, 5)->role, ==, LSC_ROLE_HALF_DATA);
  g_assert_cmpint (lsc_ladder_entry (l, 5)->after_a, ==, FW2);
  g_assert_cmpint (lsc_ladder_entry (l, 5)->after_b, ==, CW);
  g_assert_cmpint (lsc_ladder_entry (l, 8)->after_a, ==, TW);
  g_assert_cmpint (lsc_ladder_entry (l, 8)->after_b, ==, CLOSED);
  lsc_conv_free (c);
  g_object_unref (store);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_autofree char *name = g_strdup_printf ("/ladder/scenario/%s", scenarios[i].file);
      g_test_add_data_func (name, &scenarios[i], test_scenario);
    }
  g_test_add_func ("/ladder/labels", test_labels);
  g_test_add_func ("/ladder/other-kinds", test_other_kinds);
  g_test_add_func ("/ladder/state-explanations", test_state_explanations);
  g_test_add_func ("/ladder/simultaneous-open", test_simultaneous_open);
  g_test_add_func ("/ladder/half-close", test_half_close);
  return g_test_run ();
}

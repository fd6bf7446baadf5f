/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-craft-session.c — the craft session and connect objects on a real link
 *
 * Runs inside namespace A of test-craft-session.sh (A 198.18.100.1 on a0,
 * B 198.18.100.2 on b0, a TCP listener on B:8080, a UDP echo on B:7007, a
 * client that connects to A:9000 and says "hi").  Every run is driven by a
 * GMainLoop with a watchdog, and the events are checked in order, with
 * their timing bounded.
 */
#include "core/lsc-dissect.h"
#include "core/lsc-packet.h"
#include "craft/lsc-craft.h"
#include "craft/lsc-craft-connect.h"
#include "craft/lsc-craft-session.h"

#include <string.h>
#include <unistd.h>

#define IP_A "198.18.100.1"
#define IP_B "198.18.100.2"
static const guint8 mac_b[6] = { 0x02, 0x00, 0x00, 0x00, 0x64, 0x02 };

typedef enum { P_ECHO, P_ARP, P_TCP, P_UDP } Kind;

typedef struct {
  Kind kind;
  guint16 dport;
  gboolean bad_checksum;
  gboolean free_in_reply;   /* free the session from its own REPLY callback */
  gboolean stop_after_sent; /* stop the run once the first frame is out */
  LscCraftSession *session;
  GMainLoop *loop;
  GString *log;             /* one letter per event: R S P(reply) E(icmp error) L(local rst) T X(error) F */
  LscCraftEvent last_reply;
  guint16 reply_flags[8];
  guint8 reply_mac[6];
  LscCraftStage error_stage;
  gint64 t0, t_finished;
  guint ready_count;
} Run;

static GBytes *
build (LscCraftSession *s, guint i, LscCraftProbe *p, gpointer data, GError **error)
{
  Run *r = data;
  const LscCraftIface *ifc = lsc_craft_session_get_iface (s);
  guint8 dmac[6] = { 0 };
  memset (p, 0, sizeof *p);
  p->src = ifc->ip;
  p->dst = lsc_craft_session_get_destination (s);
  if (r->kind != P_ARP)
    g_assert_true (lsc_craft_session_get_dst_mac (s, dmac));
  LscCraftIp *ip = NULL;
  LscCraftEcho echo;
  LscCraftTcp tcp;
  LscCraftUdp udp;
  LscCraftArp arp;
  switch (r->kind)
    {
    case P_ECHO:
      lsc_craft_echo_init (&echo);
      ip = &echo.ip;
      echo.id = 0x5151;
      echo.seq = (guint16) (i + 1);
      if (r->bad_checksum)
        echo.checksum = LSC_CRAFT_CKSUM_BAD;
      p->kind = LSC_CRAFT_PROBE_ECHO;
      p->id = echo.id;
      p->seq = echo.seq;
      break;
    case P_TCP:
      lsc_craft_tcp_init (&tcp);
      ip = &tcp.ip;
      tcp.sport = (guint16) (41000 + i);
      tcp.dport = r->dport;
      tcp.seq = 1000;
      p->kind = LSC_CRAFT_PROBE_TCP;
      p->sport = tcp.sport;
      p->dport = tcp.dport;
      p->tcp_seq = tcp.seq;
      p->tcp_flags = tcp.flags;
      break;
    case P_UDP:
      lsc_craft_udp_init (&udp);
      ip = &udp.ip;
      udp.sport = 5005;
      udp.dport = r->dport;
      udp.payload = (const guint8 *) "hello";
      udp.payload_len = 5;
      p->kind = LSC_CRAFT_PROBE_UDP;
      p->sport = udp.sport;
      p->dport = udp.dport;
      break;
    case P_ARP:
      lsc_craft_arp_init (&arp);
      memcpy (arp.src_mac, ifc->mac, 6);
      arp.sender_ip = ifc->ip;
      arp.target_ip = p->dst;
      p->kind = LSC_CRAFT_PROBE_ARP;
      return lsc_craft_build_arp (&arp, error);
    }
  memcpy (ip->src_mac, ifc->mac, 6);
  memcpy (ip->dst_mac, dmac, 6);
  ip->src = ifc->ip;
  ip->dst = p->dst;
  switch (r->kind)
    {
    case P_ECHO:
      return lsc_craft_build_echo (&echo, error);
    case P_TCP:
      return lsc_craft_build_tcp (&tcp, error);
    default:
      return lsc_craft_build_udp (&udp, error);
    }
}

static void
on_event (LscCraftSession *s, const LscCraftEvent *ev, gpointer data)
{
  Run *r = data;
  switch (ev->kind)
    {
    case LSC_CRAFT_EVENT_READY:
      g_string_append_c (r->log, 'R');
      r->ready_count++;
      break;
    case LSC_CRAFT_EVENT_SENT:
      g_assert_nonnull (ev->frame);
      g_string_append_c (r->log, 'S');
      if (r->stop_after_sent)
        lsc_craft_session_stop (s);
      break;
    case LSC_CRAFT_EVENT_REPLY:
      g_assert_nonnull (ev->tree);
      g_assert_nonnull (ev->packet);
      g_assert_cmpfloat (ev->rtt_ms, >, 0.0);
      g_assert_cmpfloat (ev->rtt_ms, <, 1000.0);
      g_string_append_c (r->log, ev->match == LSC_CRAFT_MATCH_REPLY ? 'P'
                                 : ev->match == LSC_CRAFT_MATCH_ICMP_ERROR ? 'E' : 'L');
      if (ev->match == LSC_CRAFT_MATCH_REPLY)
        {
          memcpy (r->reply_mac, ev->mac, 6);
          r->reply_flags[MIN (ev->index, 7)] = ev->tcp_flags;
        }
      if (r->free_in_reply)
        {
          lsc_craft_session_free (s);
          r->session = NULL;
          g_main_loop_quit (r->loop);
        }
      break;
    case LSC_CRAFT_EVENT_TIMEOUT:
      g_string_append_c (r->log, 'T');
      break;
    case LSC_CRAFT_EVENT_ERROR:
      g_assert_nonnull (ev->error);
      r->error_stage = ev->stage;
      g_string_append_c (r->log, 'X');
      break;
    case LSC_CRAFT_EVENT_FINISHED:
      g_string_append_c (r->log, 'F');
      r->t_finished = g_get_monotonic_time ();
      g_main_loop_quit (r->loop);
      break;
    }
}

static gboolean
watchdog (gpointer data)
{
  g_error ("the run did not finish within its bound");
  return G_SOURCE_REMOVE;
}

/* Runs one session to its end; the log of events is in r->log. */
static void
run (Run *r, const char *host, guint count, double interval, double timeout)
{
  g_autoptr (GError) err = NULL;
  r->log = g_string_new (NULL);
  r->loop = g_main_loop_new (NULL, FALSE);
  r->session = lsc_craft_session_new ();
  g_assert_true (lsc_craft_session_set_target (r->session, host, NULL, LSC_CRAFT_TARGET_DEFAULT, &err));
  g_assert_no_error (err);
  g_assert_cmpstr (lsc_craft_session_get_iface (r->session)->name, ==, "a0");
  lsc_craft_session_set_resolve_mac (r->session, r->kind != P_ARP);
  lsc_craft_session_set_count (r->session, count);
  lsc_craft_session_set_interval (r->session, interval);
  lsc_craft_session_set_timeout (r->session, timeout);
  lsc_craft_session_set_builder (r->session, build, r);
  lsc_craft_session_set_handler (r->session, on_event, r);
  r->t0 = g_get_monotonic_time ();
  g_assert_true (lsc_craft_session_start (r->session, &err));
  /* Nothing happens inside start(): the events come from the loop. */
  g_assert_cmpuint (r->log->len, ==, 0);
  guint dog = g_timeout_add_seconds (10, watchdog, r);
  g_main_loop_run (r->loop);
  g_source_remove (dog);
  g_main_loop_unref (r->loop);
}

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->session, lsc_craft_session_free);
  g_string_free (r->log, TRUE);
}

static double
elapsed (const Run *r)
{
  return (double) (r->t_finished - r->t0) / G_USEC_PER_SEC;
}

static void
test_ping (void)
{
  Run r = { .kind = P_ECHO };
  run (&r, IP_B, 3, 0.05, 2.0);
  g_assert_cmpstr (r.log->str, ==, "RSPSPSPF");
  const LscCraftStats *st = lsc_craft_session_get_stats (r.session);
  g_assert_cmpuint (st->sent, ==, 3);
  g_assert_cmpuint (st->replies, ==, 3);
  g_assert_cmpfloat (st->rtt_min, <=, st->rtt_max);
  g_assert_cmpmem (r.reply_mac, 6, mac_b, 6);
  /* All answered: it ends without waiting out the 2 s timeout. */
  g_assert_cmpfloat (elapsed (&r), <, 1.0);
  run_clear (&r);
}

static void
test_arp (void)
{
  Run r = { .kind = P_ARP };
  run (&r, IP_B, 2, 0.05, 1.0);
  g_assert_cmpstr (r.log->str, ==, "RSPSPF");
  g_assert_cmpmem (r.reply_mac, 6, mac_b, 6);
  g_assert_cmpuint (lsc_craft_session_get_stats (r.session)->replies, ==, 2);
  run_clear (&r);
}

static void
test_tcp_open (void)
{
  Run r = { .kind = P_TCP, .dport = 8080 };
  run (&r, IP_B, 1, 0.05, 2.0);
  /* The SYN-ACK, then our kernel's RST for a connection it never opened. */
  g_assert_cmpstr (r.log->str, ==, "RSPLF");
  g_assert_cmphex (r.reply_flags[0], ==, LSC_TCP_SYN | LSC_TCP_ACK);
  const LscCraftStats *st = lsc_craft_session_get_stats (r.session);
  g_assert_true (st->expect_rst);
  g_assert_true (st->rst_seen);
  g_assert_cmpfloat (elapsed (&r), <, 1.0);
  run_clear (&r);
}

static void
test_tcp_closed (void)
{
  Run r = { .kind = P_TCP, .dport = 8081 };
  run (&r, IP_B, 1, 0.05, 2.0);
  g_assert_cmpstr (r.log->str, ==, "RSPF");
  g_assert_cmphex (r.reply_flags[0], ==, LSC_TCP_RST | LSC_TCP_ACK);
  g_assert_false (lsc_craft_session_get_stats (r.session)->expect_rst);
  run_clear (&r);
}

static void
test_udp (void)
{
  Run r = { .kind = P_UDP, .dport = 7007 };
  run (&r, IP_B, 1, 0.05, 2.0);
  g_assert_cmpstr (r.log->str, ==, "RSPF");
  run_clear (&r);

  /* A closed port: the ICMP port unreachable quoting our datagram. */
  Run c = { .kind = P_UDP, .dport = 9 };
  run (&c, IP_B, 1, 0.05, 2.0);
  g_assert_cmpstr (c.log->str, ==, "RSEF");
  const LscCraftStats *st = lsc_craft_session_get_stats (c.session);
  g_assert_cmpuint (st->errors, ==, 1);
  g_assert_cmpuint (st->replies, ==, 0);
  run_clear (&c);
}

static void
test_timeout (void)
{
  /* A wrong checksum is dropped by the peer: each probe times out, after the timeout. */
  Run r = { .kind = P_ECHO, .bad_checksum = TRUE };
  run (&r, IP_B, 2, 0.1, 0.3);
  g_assert_cmpstr (r.log->str, ==, "RSSTTF");
  g_assert_cmpfloat (elapsed (&r), >=, 0.39);
  g_assert_cmpfloat (elapsed (&r), <, 1.0);
  g_assert_cmpuint (lsc_craft_session_get_stats (r.session)->replies, ==, 0);
  run_clear (&r);
}

static void
test_no_neighbour (void)
{
  /* Nobody holds the address: ARP is asked three times, then the run stops. */
  Run r = { .kind = P_ECHO };
  run (&r, "198.18.100.77", 1, 0.05, 0.5);
  g_assert_cmpstr (r.log->str, ==, "XF");
  g_assert_cmpint (r.error_stage, ==, LSC_CRAFT_STAGE_RESOLVE);
  g_assert_cmpfloat (elapsed (&r), >=, 1.4);
  g_assert_cmpfloat (elapsed (&r), <, 2.5);
  run_clear (&r);
}

static gboolean
quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static void
test_free_in_callback (void)
{
  Run r = { .kind = P_ECHO, .free_in_reply = TRUE };
  run (&r, IP_B, 3, 0.05, 1.0);
  g_assert_null (r.session);
  g_assert_cmpstr (r.log->str, ==, "RSP");
  /* Nothing of the freed session may fire later. */
  GMainLoop *later = g_main_loop_new (NULL, FALSE);
  g_timeout_add (300, quit_cb, later);
  g_main_loop_run (later);
  g_main_loop_unref (later);
  g_assert_cmpstr (r.log->str, ==, "RSP");
  run_clear (&r);
}

static void
test_stop (void)
{
  /* Stopped after the first of 5 frames a second apart: no more frames, no
   * timeouts, FINISHED at once. */
  Run r = { .kind = P_ECHO, .stop_after_sent = TRUE };
  run (&r, IP_B, 5, 1.0, 1.0);
  g_assert_cmpstr (r.log->str, ==, "RSF");
  g_assert_false (lsc_craft_session_is_running (r.session));
  g_assert_cmpuint (lsc_craft_session_get_stats (r.session)->sent, ==, 1);
  g_assert_cmpfloat (elapsed (&r), <, 0.5);
  GMainLoop *later = g_main_loop_new (NULL, FALSE);
  g_timeout_add (1200, quit_cb, later);
  g_main_loop_run (later);
  g_main_loop_unref (later);
  g_assert_cmpstr (r.log->str, ==, "RSF");
  run_clear (&r);
}

static void
test_target_errors (void)
{
  g_autoptr (LscCraftSession) s = lsc_craft_session_new ();
  g_autoptr (GError) err = NULL;
  g_assert_false (lsc_craft_session_set_target (s, "198.18.100.300", NULL, 0, &err));
  g_assert_error (err, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_INVALID);
  g_clear_error (&err);
  g_assert_false (lsc_craft_session_set_target (s, "198.19.77.1", NULL, 0, &err));
  g_assert_error (err, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_NO_IFACE);
  g_assert_nonnull (strstr (err->message, "no route to 198.19.77.1"));
  g_clear_error (&err);
  /* This machine's own address goes over loopback: refused unless only building. */
  g_assert_false (lsc_craft_session_set_target (s, IP_A, NULL, 0, &err));
  g_assert_error (err, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_INVALID);
  g_clear_error (&err);
  g_assert_true (lsc_craft_session_set_target (s, IP_A, NULL, LSC_CRAFT_TARGET_LOOPBACK_OK, &err));
  g_assert_true (lsc_craft_session_get_iface (s)->loopback);
  /* Policy routing: 198.18.99.0/24 goes through B only in table 100, chosen
   * by an ip rule (test-craft-session.sh); the main table has no route to it. */
  g_assert_true (lsc_craft_session_set_target (s, "198.18.99.5", NULL, 0, &err));
  g_assert_no_error (err);
  g_assert_cmpstr (lsc_craft_session_get_iface (s)->name, ==, "a0");
  guint32 b;
  g_assert_true (lsc_craft_parse_ipv4 (IP_B, &b, NULL));
  g_assert_cmphex (lsc_craft_session_get_next_hop (s), ==, b);
  /* A gratuitous ARP's own address names the interface. */
  g_assert_true (lsc_craft_session_set_target (s, IP_A, NULL, LSC_CRAFT_TARGET_OWN_ADDRESS, &err));
  g_assert_cmpstr (lsc_craft_session_get_iface (s)->name, ==, "a0");
}

/* ---- connect and listen ---- */

typedef struct {
  GMainLoop *loop;
  GString *log;         /* one letter per event but SEGMENT, whose roles are kept apart */
  GPtrArray *roles;
  guint64 received;
  gboolean closed;
  guint64 segments;
} ConnRun;

static void
on_conn (LscCraftConnect *c, const LscCraftConnectEvent *ev, gpointer data)
{
  ConnRun *r = data;
  static const char letters[] = "-EfTSrpCXF";
  if (ev->kind == LSC_CRAFT_CONNECT_SEGMENT)
    {
      g_ptr_array_add (r->roles, g_strdup (lsc_conv_role_label (ev->role)));
      return;
    }
  g_string_append_c (r->log, letters[ev->kind]);
  if (ev->kind == LSC_CRAFT_CONNECT_RECEIVED)
    r->received += (guint64) ev->bytes;
  if (ev->kind == LSC_CRAFT_CONNECT_FINISHED)
    {
      r->closed = ev->closed;
      r->segments = ev->segments;
      g_main_loop_quit (r->loop);
    }
}

static void
conn_run (LscCraftConnect *c, ConnRun *r)
{
  guint dog = g_timeout_add_seconds (15, watchdog, r);
  g_main_loop_run (r->loop);
  g_source_remove (dog);
}

static gboolean
has_role (ConnRun *r, const char *prefix)
{
  for (guint i = 0; i < r->roles->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (r->roles, i), prefix))
      return TRUE;
  return FALSE;
}

static void
test_connect (void)
{
  g_autoptr (GError) err = NULL;
  ConnRun r = { .loop = g_main_loop_new (NULL, FALSE), .log = g_string_new (NULL),
                .roles = g_ptr_array_new_with_free_func (g_free) };
  g_autoptr (LscCraftConnect) c = lsc_craft_connect_new ();
  guint32 remote;
  g_assert_true (lsc_craft_parse_ipv4 (IP_B, &remote, NULL));
  g_assert_true (lsc_craft_connect_set_interface (c, NULL, remote, &err));
  lsc_craft_connect_set_handler (c, on_conn, &r);
  lsc_craft_connect_set_message (c, "hello");
  lsc_craft_connect_set_wait (c, 0.2);
  lsc_craft_connect_set_timeout (c, 0.5);
  g_assert_true (lsc_craft_connect_start (c, remote, 8080, &err));
  g_assert_cmpuint (lsc_craft_connect_get_local_port (c), !=, 0);
  conn_run (c, &r);
  /* established, sent, the wait ends, close, finished (the idle listener never reads) */
  g_assert_cmpstr (r.log->str, ==, "ESCF");
  g_assert_true (has_role (&r, "handshake 1/3"));
  g_assert_true (has_role (&r, "handshake 2/3"));
  g_assert_true (has_role (&r, "handshake 3/3"));
  g_assert_true (has_role (&r, "data"));
  g_assert_cmpuint (r.segments, ==, r.roles->len);

  /* A closed port: refused, the RST seen. */
  g_string_truncate (r.log, 0);
  g_ptr_array_set_size (r.roles, 0);
  g_autoptr (LscCraftConnect) refused = lsc_craft_connect_new ();
  g_assert_true (lsc_craft_connect_set_interface (refused, NULL, remote, &err));
  lsc_craft_connect_set_handler (refused, on_conn, &r);
  g_assert_true (lsc_craft_connect_start (refused, remote, 8081, &err));
  conn_run (refused, &r);
  g_assert_cmpstr (r.log->str, ==, "fF");
  g_assert_true (r.closed);
  g_assert_true (has_role (&r, "RST: connection refused"));
  g_main_loop_unref (r.loop);
  g_string_free (r.log, TRUE);
  g_ptr_array_unref (r.roles);
}

static void
test_listen (void)
{
  g_autoptr (GError) err = NULL;
  ConnRun r = { .loop = g_main_loop_new (NULL, FALSE), .log = g_string_new (NULL),
                .roles = g_ptr_array_new_with_free_func (g_free) };
  g_autoptr (LscCraftConnect) c = lsc_craft_connect_new ();
  g_assert_true (lsc_craft_connect_set_interface (c, "a0", 0, &err));
  lsc_craft_connect_set_handler (c, on_conn, &r);
  lsc_craft_connect_set_message (c, "echo");
  lsc_craft_connect_set_wait (c, 3.0);
  lsc_craft_connect_set_timeout (c, 5.0);
  g_assert_true (lsc_craft_connect_listen (c, 9000, &err));
  /* Tell the shell the port is open: the client in B starts now. */
  g_assert_true (g_file_set_contents (g_getenv ("LSC_LISTEN_READY"), "1", 1, NULL));
  conn_run (c, &r);
  /* accepted, "hi" received, "echo" sent, the client closed, close, finished */
  g_assert_cmpstr (r.log->str, ==, "ErSpCF");
  g_assert_cmpuint (r.received, ==, 2);
  g_assert_true (has_role (&r, "handshake 1/3"));
  g_assert_true (has_role (&r, "handshake 3/3"));
  g_assert_true (has_role (&r, "teardown 1/4"));
  g_assert_true (r.closed);
  g_main_loop_unref (r.loop);
  g_string_free (r.log, TRUE);
  g_ptr_array_unref (r.roles);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (!g_getenv ("LSC_LISTEN_READY"))
    {
      g_print ("1..0 # SKIP run by test-craft-session.sh inside its namespaces\n");
      return 77;
    }
  g_test_add_func ("/craft-session/target-errors", test_target_errors);
  g_test_add_func ("/craft-session/ping", test_ping);
  g_test_add_func ("/craft-session/arp", test_arp);
  g_test_add_func ("/craft-session/tcp-open", test_tcp_open);
  g_test_add_func ("/craft-session/tcp-closed", test_tcp_closed);
  g_test_add_func ("/craft-session/udp", test_udp);
  g_test_add_func ("/craft-session/timeout", test_timeout);
  g_test_add_func ("/craft-session/no-neighbour", test_no_neighbour);
  g_test_add_func ("/craft-session/free-in-callback", test_free_in_callback);
  g_test_add_func ("/craft-session/stop", test_stop);
  g_test_add_func ("/craft-connect/connect", test_connect);
  g_test_add_func ("/craft-connect/listen", test_listen);
  return g_test_run ();
}

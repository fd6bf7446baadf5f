/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-craft-connect.c — connect() or accept(), with every segment watched */
#include "lsc-config.h"
#include "craft/lsc-craft-connect.h"
#include "core/lsc-dissect.h"
#include "core/lsc-packet.h"
#include "craft/lsc-craft-loop.h"

#include <glib-unix.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* After connect() returns, the handshake's last ACK may still be on its way
 * to the capture; after a refusal, the RST. */
#define SETTLE_MS 50
#define LINGER_MS 200
#define READ_BATCH 256

typedef enum {
  PHASE_IDLE,
  PHASE_CONNECTING,  /* connect(): waiting for the socket to become writable */
  PHASE_ACCEPTING,   /* listen(): waiting for a client */
  PHASE_LINGER,      /* connect() failed: the segments still in flight */
  PHASE_SETTLE,      /* connected: the handshake's last segment */
  PHASE_READING,     /* recv() until the wait is over or the peer closes */
  PHASE_TEARDOWN,    /* close(): until the teardown is complete or the timeout */
  PHASE_DONE,
} Phase;

struct _LscCraftConnect {
  LscCraftConnectFunc handler;
  gpointer handler_data;
  LscCraftLinkFallback fallback;
  gpointer fallback_data;
  double timeout, wait;
  char *message;
  gboolean have_iface, listening, replied;

  LscCraftIface ifc;
  LscCraftLink *link;
  GMainContext *ctx;
  Phase phase;
  int sock, listen_sock;
  GSource *link_watch, *sock_watch, *timer;
  guint64 received;

  /* the connection: addresses in network order, ports in host order */
  guint32 local, remote;
  guint16 lport, rport;
  gboolean closed;   /* the teardown's last ACK, or a RST, was seen */
  guint64 frames;
  gint64 first_ts;
  LscTree *tree;
  LscConv *conv;     /* the core's TCP state machine names each segment's role */

  LscCraftGuard guard;
};

LscCraftConnect *
lsc_craft_connect_new (void)
{
  LscCraftConnect *c = g_new0 (LscCraftConnect, 1);
  c->timeout = 3.0;
  c->wait = 1.0;
  c->sock = -1;
  c->listen_sock = -1;
  c->tree = lsc_tree_new ();
  c->conv = lsc_conv_new ();
  return c;
}

static void
close_fd (int *fd)
{
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
}

static void
stop_all (LscCraftConnect *c)
{
  lsc_craft_loop_drop (&c->link_watch);
  lsc_craft_loop_drop (&c->sock_watch);
  lsc_craft_loop_drop (&c->timer);
  close_fd (&c->sock);
  close_fd (&c->listen_sock);
}

static void
really_free (LscCraftConnect *c)
{
  stop_all (c);
  g_clear_pointer (&c->link, lsc_craft_link_free);
  g_clear_pointer (&c->tree, lsc_tree_free);
  g_clear_pointer (&c->conv, lsc_conv_free);
  g_clear_pointer (&c->ctx, g_main_context_unref);
  g_free (c->message);
  g_free (c);
}

void
lsc_craft_connect_free (LscCraftConnect *c)
{
  if (!c)
    return;
  if (lsc_craft_guard_free_now (&c->guard))
    really_free (c);
  else
    stop_all (c);
}

/* Every entry from the main loop goes through enter/leave. */
static void
enter (LscCraftConnect *c)
{
  lsc_craft_guard_enter (&c->guard);
}

static void
leave (LscCraftConnect *c)
{
  if (lsc_craft_guard_leave (&c->guard))
    really_free (c);
}

static gboolean
emit (LscCraftConnect *c, LscCraftConnectEvent *ev)
{
  if (c->guard.dead)
    return FALSE;
  if (c->handler)
    c->handler (c, ev, c->handler_data);
  return !c->guard.dead;
}

void
lsc_craft_connect_set_handler (LscCraftConnect *c, LscCraftConnectFunc handler, gpointer data)
{
  c->handler = handler;
  c->handler_data = data;
}

void
lsc_craft_connect_set_link_fallback (LscCraftConnect *c, LscCraftLinkFallback fallback, gpointer data)
{
  c->fallback = fallback;
  c->fallback_data = data;
}

void
lsc_craft_connect_set_timeout (LscCraftConnect *c, double seconds)
{
  c->timeout = seconds;
}

void
lsc_craft_connect_set_wait (LscCraftConnect *c, double seconds)
{
  c->wait = seconds;
}

void
lsc_craft_connect_set_message (LscCraftConnect *c, const char *text)
{
  g_free (c->message);
  c->message = g_strdup (text);
}

gboolean
lsc_craft_connect_set_interface (LscCraftConnect *c, const char *iface, guint32 remote, GError **error)
{
  guint32 hop;
  c->have_iface = iface ? lsc_craft_iface_lookup (iface, &c->ifc, error) : lsc_craft_route (remote, &c->ifc, &hop, error);
  return c->have_iface;
}

const LscCraftIface *
lsc_craft_connect_get_iface (LscCraftConnect *c)
{
  return &c->ifc;
}

guint32
lsc_craft_connect_get_local_address (LscCraftConnect *c)
{
  return c->local;
}

guint16
lsc_craft_connect_get_local_port (LscCraftConnect *c)
{
  return c->lport;
}

gboolean
lsc_craft_connect_is_running (LscCraftConnect *c)
{
  return c->phase != PHASE_IDLE && c->phase != PHASE_DONE;
}

/* ---- the segments ---- */

/* Which socket call (or which kernel decision) put this segment on the wire:
 * the part of the story the capture alone cannot tell. */
static const char *
socket_cause (LscConvRole role, gboolean from_local, gboolean listening)
{
  switch (role)
    {
    case LSC_ROLE_HS_SYN:
      return listening ? "the client's connect()" : "connect() sends the client's initial sequence number";
    case LSC_ROLE_HS_SYNACK:
      return listening ? "this kernel answers from the listen queue, before accept() runs"
                       : "the server's kernel answers from its listen queue, before accept() runs";
    case LSC_ROLE_HS_ACK:
      return listening ? "the client's connect() returns: both ends ESTABLISHED"
                       : "connect() returns: both ends ESTABLISHED";
    case LSC_ROLE_DATA:
    case LSC_ROLE_HALF_DATA:
      return from_local ? "send()" : listening ? "the client's send()" : "the server's send()";
    case LSC_ROLE_TD_FIN1:
      return from_local ? "close(): this side sends no more data"
                        : listening ? "the client closed its side first" : "the server closed its side first";
    case LSC_ROLE_TD_FIN3:
    case LSC_ROLE_TD_FINACK23:
      return from_local ? "close(): now this side closes too" : listening ? "the client's close()" : "the server's close()";
    case LSC_ROLE_RST_REFUSED:
      return "nothing listens on that port: connect() fails";
    default:
      return NULL;
    }
}

/* The call's name alone, for a label (whose call it was: from_local). */
static const char *
socket_call (LscConvRole role)
{
  switch (role)
    {
    case LSC_ROLE_HS_SYN:
      return "connect()";
    case LSC_ROLE_HS_ACK:
      /* The client's connect() returns as it sends this (and the server's
       * accept() can return once it arrives). */
      return "connect()";
    case LSC_ROLE_DATA:
    case LSC_ROLE_HALF_DATA:
      return "send()";
    case LSC_ROLE_TD_FIN1:
    case LSC_ROLE_TD_FIN3:
    case LSC_ROLE_TD_FINACK23:
    case LSC_ROLE_TD_SIM_FIN:
      return "close()";
    default:
      return NULL;
    }
}

static void
watch_frame (LscCraftConnect *c, LscPacket *pkt)
{
  lsc_dissect (c->tree, pkt, NULL);
  const LscPinfo *pi = lsc_tree_pinfo_const (c->tree);
  if (!(pi->has & LSC_HAS_IP4) || !(pi->has & LSC_HAS_TCP))
    return;
  guint32 s, d;
  memcpy (&s, pi->l3_src, 4);
  memcpy (&d, pi->l3_dst, 4);
  /* Listening, the client is known from its first SYN. */
  if (c->listening && !c->rport && d == c->local && pi->dstport == c->lport && (pi->tcp_flags & LSC_TCP_SYN) &&
      !(pi->tcp_flags & LSC_TCP_ACK))
    {
      c->remote = s;
      c->rport = pi->srcport;
    }
  gboolean from_local = s == c->local && d == c->remote && pi->srcport == c->lport && pi->dstport == c->rport;
  gboolean from_remote = s == c->remote && d == c->local && pi->srcport == c->rport && pi->dstport == c->lport;
  if (!c->rport || (!from_local && !from_remote))
    return;
  if (c->frames == 0)
    c->first_ts = pkt->ts_ns;
  pkt->num = ++c->frames;
  pkt->ts_first_ns = c->first_ts;
  lsc_dissect (c->tree, pkt, NULL);
  lsc_conv_process (c->conv, c->tree);

  LscConvPacket cp = { 0 };
  lsc_conv_packet (c->conv, pkt->num, &cp);
  if (cp.role == LSC_ROLE_TD_ACK4 || cp.role == LSC_ROLE_RST || cp.role == LSC_ROLE_RST_REFUSED)
    c->closed = TRUE;
  LscCraftConnectEvent ev = { .kind = LSC_CRAFT_CONNECT_SEGMENT, .tree = c->tree, .from_local = from_local,
                              .from_client = from_local != c->listening, .role = cp.role,
                              .client_state = cp.state_a, .server_state = cp.state_b,
                              .cause = socket_cause (cp.role, from_local, c->listening),
                              .call = socket_call (cp.role) };
  emit (c, &ev);
}

static void end_phase (LscCraftConnect *c);

static void
fail_capture (LscCraftConnect *c, const GError *error)
{
  LscCraftConnectEvent ev = { .kind = LSC_CRAFT_CONNECT_ERROR, .error = error };
  c->phase = PHASE_DONE;
  stop_all (c);
  if (!emit (c, &ev))
    return;
  LscCraftConnectEvent fin = { .kind = LSC_CRAFT_CONNECT_FINISHED, .closed = c->closed, .segments = c->frames };
  emit (c, &fin);
}

/* What the capture holds now (a bounded batch).  FALSE when the run ended or
 * moved on to another step meanwhile. */
static gboolean
drain_link (LscCraftConnect *c)
{
  g_autoptr (GError) err = NULL;
  Phase before = c->phase;
  for (guint k = 0; k < READ_BATCH && !c->guard.dead && c->phase != PHASE_DONE; k++)
    {
      LscPacket pkt;
      gboolean outgoing = FALSE;
      int r = lsc_craft_link_read (c->link, &pkt, &outgoing, &err);
      if (r < 0)
        {
          fail_capture (c, err);
          return FALSE;
        }
      if (r == 0)
        break;
      /* On loopback every frame is seen twice, leaving and arriving. */
      if (outgoing || !c->ifc.loopback)
        watch_frame (c, &pkt);
    }
  if (c->guard.dead || c->phase == PHASE_DONE)
    return FALSE;
  /* The waits that end with the connection's last segment. */
  if (c->closed && (c->phase == PHASE_LINGER || c->phase == PHASE_SETTLE || c->phase == PHASE_TEARDOWN))
    end_phase (c);
  return !c->guard.dead && c->phase == before;
}

static gboolean
link_cb (int fd, GIOCondition cond, gpointer data)
{
  LscCraftConnect *c = data;
  (void) fd;
  (void) cond;
  enter (c);
  drain_link (c);
  leave (c);
  return G_SOURCE_CONTINUE;
}

/* ---- the socket's steps ---- */

static gboolean timer_cb (gpointer data);
static gboolean sock_cb (int fd, GIOCondition cond, gpointer data);

static void
set_timer (LscCraftConnect *c, double seconds)
{
  lsc_craft_loop_drop (&c->timer);
  c->timer = lsc_craft_loop_timeout (c->ctx, seconds, timer_cb, c);
}

static void
watch_sock (LscCraftConnect *c, int fd, GIOCondition cond)
{
  lsc_craft_loop_drop (&c->sock_watch);
  if (fd < 0)
    return;
  c->sock_watch = lsc_craft_loop_fd (c->ctx, fd, cond, sock_cb, c);
}

static void
enter_phase (LscCraftConnect *c, Phase phase, double seconds)
{
  c->phase = phase;
  set_timer (c, seconds);
  switch (phase)
    {
    case PHASE_CONNECTING:
      watch_sock (c, c->sock, G_IO_OUT);
      break;
    case PHASE_ACCEPTING:
      watch_sock (c, c->listen_sock, G_IO_IN);
      break;
    case PHASE_READING:
      watch_sock (c, c->sock, G_IO_IN | G_IO_HUP | G_IO_ERR);
      break;
    default:
      watch_sock (c, -1, 0);
      break;
    }
}

static void
finish (LscCraftConnect *c)
{
  c->phase = PHASE_DONE;
  stop_all (c);
  LscCraftConnectEvent ev = { .kind = LSC_CRAFT_CONNECT_FINISHED, .closed = c->closed, .segments = c->frames };
  emit (c, &ev);
}

static void
send_message (LscCraftConnect *c)
{
  if (!c->message || !*c->message || c->replied)
    return;
  c->replied = TRUE;
  LscCraftConnectEvent ev = { .kind = LSC_CRAFT_CONNECT_SENT };
  ev.bytes = send (c->sock, c->message, strlen (c->message), MSG_NOSIGNAL);
  emit (c, &ev);
}

static void
start_teardown (LscCraftConnect *c)
{
  LscCraftConnectEvent ev = { .kind = LSC_CRAFT_CONNECT_CLOSING, .total = c->received };
  if (!emit (c, &ev))
    return;
  close_fd (&c->sock);
  if (c->closed)
    finish (c);  /* a RST already ended it */
  else
    enter_phase (c, PHASE_TEARDOWN, c->timeout);
}

/* The current wait is over: its deadline passed, or what it waited for came. */
static void
end_phase (LscCraftConnect *c)
{
  switch (c->phase)
    {
    case PHASE_CONNECTING:
    case PHASE_ACCEPTING:
      {
        LscCraftConnectEvent ev = { .kind = LSC_CRAFT_CONNECT_TIMED_OUT };
        c->phase = PHASE_DONE;
        if (emit (c, &ev))
          finish (c);
        break;
      }
    case PHASE_SETTLE:
      send_message (c);
      if (!c->guard.dead)
        enter_phase (c, PHASE_READING, c->wait);
      break;
    case PHASE_READING:
      start_teardown (c);
      break;
    case PHASE_LINGER:
    case PHASE_TEARDOWN:
      finish (c);
      break;
    default:
      break;
    }
}

static gboolean
timer_cb (gpointer data)
{
  LscCraftConnect *c = data;
  enter (c);
  g_clear_pointer (&c->timer, g_source_unref);
  /* What arrived up to the deadline still counts. */
  if (drain_link (c))
    end_phase (c);
  leave (c);
  return G_SOURCE_REMOVE;
}

static void
connected (LscCraftConnect *c)
{
  int soerr = 0;
  socklen_t sl = sizeof soerr;
  if (getsockopt (c->sock, SOL_SOCKET, SO_ERROR, &soerr, &sl) == 0 && soerr)
    {
      LscCraftConnectEvent ev = { .kind = LSC_CRAFT_CONNECT_FAILED, .errnum = soerr };
      if (emit (c, &ev))
        enter_phase (c, PHASE_LINGER, LINGER_MS / 1000.0);
      return;
    }
  LscCraftConnectEvent ev = { .kind = LSC_CRAFT_CONNECT_ESTABLISHED };
  if (emit (c, &ev))
    enter_phase (c, PHASE_SETTLE, SETTLE_MS / 1000.0);
}

static void
accepted (LscCraftConnect *c)
{
  struct sockaddr_in peer;
  socklen_t len = sizeof peer;
  int fd = accept (c->listen_sock, (struct sockaddr *) &peer, &len);
  if (fd < 0)
    return;  /* gone again (EAGAIN, ECONNABORTED): keep waiting */
  fcntl (fd, F_SETFD, FD_CLOEXEC);
  g_unix_set_fd_nonblocking (fd, TRUE, NULL);
  c->sock = fd;
  close_fd (&c->listen_sock);
  c->remote = peer.sin_addr.s_addr;
  c->rport = ntohs (peer.sin_port);
  LscCraftConnectEvent ev = { .kind = LSC_CRAFT_CONNECT_ESTABLISHED };
  if (emit (c, &ev))
    enter_phase (c, PHASE_READING, c->wait);
}

static void
readable (LscCraftConnect *c)
{
  char buf[4096];
  ssize_t n = recv (c->sock, buf, sizeof buf, 0);
  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return;
  LscCraftConnectEvent ev = { .kind = n > 0 ? LSC_CRAFT_CONNECT_RECEIVED : LSC_CRAFT_CONNECT_PEER_CLOSED, .bytes = n };
  if (n > 0)
    c->received += (guint64) n;
  if (!emit (c, &ev))
    return;
  if (n <= 0)
    start_teardown (c);
  else if (c->listening)
    send_message (c);
}

static gboolean
sock_cb (int fd, GIOCondition cond, gpointer data)
{
  LscCraftConnect *c = data;
  (void) fd;
  (void) cond;
  enter (c);
  /* Segments already captured come first, as they happened first. */
  if (drain_link (c))
    switch (c->phase)
      {
      case PHASE_CONNECTING:
        connected (c);
        break;
      case PHASE_ACCEPTING:
        accepted (c);
        break;
      case PHASE_READING:
        readable (c);
        break;
      default:
        break;
      }
  leave (c);
  return G_SOURCE_CONTINUE;
}

/* ---- starting ---- */

static gboolean
open_link (LscCraftConnect *c, GError **error)
{
  g_return_val_if_fail (c->have_iface && c->phase == PHASE_IDLE, FALSE);
  c->link = lsc_craft_link_open_any (&c->ifc, c->fallback, c->fallback_data, error);
  if (!c->link)
    return FALSE;
  c->ctx = g_main_context_ref_thread_default ();
  c->link_watch = lsc_craft_loop_fd (c->ctx, lsc_craft_link_get_fd (c->link), G_IO_IN, link_cb, c);
  return TRUE;
}

static gboolean
errno_error (GError **error, const char *what)
{
  int e = errno;
  g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_FAILED, "%s: %s", what, g_strerror (e));
  return FALSE;
}

gboolean
lsc_craft_connect_start (LscCraftConnect *c, guint32 remote, guint16 port, GError **error)
{
  if (!open_link (c, error))
    return FALSE;
  struct sockaddr_in local = { .sin_family = AF_INET }, peer = { .sin_family = AF_INET };
  socklen_t len = sizeof local;
  peer.sin_addr.s_addr = remote;
  peer.sin_port = htons (port);
  c->sock = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (c->sock < 0)
    return errno_error (error, "socket()");
  /* A non-blocking connect() sends the SYN and returns at once; the capture
   * holds that SYN until getsockname() has told us the local port. */
  if (connect (c->sock, (struct sockaddr *) &peer, sizeof peer) < 0 && errno != EINPROGRESS)
    {
      errno_error (error, "connect()");
      close_fd (&c->sock);
      return FALSE;
    }
  getsockname (c->sock, (struct sockaddr *) &local, &len);
  c->local = local.sin_addr.s_addr;
  c->lport = ntohs (local.sin_port);
  c->remote = remote;
  c->rport = port;
  enter_phase (c, PHASE_CONNECTING, c->timeout);
  return TRUE;
}

gboolean
lsc_craft_connect_listen (LscCraftConnect *c, guint16 port, GError **error)
{
  if (!open_link (c, error))
    return FALSE;
  struct sockaddr_in any = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_ANY), .sin_port = htons (port) };
  int on = 1;
  c->listen_sock = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (c->listen_sock < 0)
    return errno_error (error, "socket()");
  setsockopt (c->listen_sock, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  if (bind (c->listen_sock, (struct sockaddr *) &any, sizeof any) < 0 || listen (c->listen_sock, 1) < 0)
    {
      errno_error (error, "bind()/listen()");
      close_fd (&c->listen_sock);
      return FALSE;
    }
  c->listening = TRUE;
  c->local = c->ifc.ip;
  c->lport = port;
  enter_phase (c, PHASE_ACCEPTING, c->timeout);
  return TRUE;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-craft-session.c — resolve, send, pair: one crafting run on the main loop */
#include "lsc-config.h"
#include "craft/lsc-craft-session.h"
#include "core/lsc-conv.h"
#include "core/lsc-dissect.h"
#include "core/lsc-format.h"
#include "core/lsc-packet.h"
#include "craft/lsc-craft-loop.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <string.h>

/* How a next hop's MAC is asked when the neighbour table does not hold it. */
#define ARP_TRIES 3
#define ARP_WAIT_MS 500
/* Frames taken per wake-up, so a busy link cannot hold the loop. */
#define READ_BATCH 256

typedef enum { PHASE_IDLE, PHASE_RESOLVING, PHASE_SENDING, PHASE_DONE } Phase;

typedef struct {
  LscCraftProbe probe;
  GBytes *frame;
  gint64 sent_ns;
  gboolean answered;
} Sent;

struct _LscCraftSession {
  /* the target */
  gboolean have_target;
  LscCraftIface ifc;
  guint32 dst, next_hop;
  char dst_text[48];
  guint8 mac[6];
  gboolean have_mac, resolve_mac;
  /* the run */
  guint count;
  double interval, timeout;
  LscCraftBuildFunc build;
  gpointer build_data;
  LscCraftEventFunc handler;
  gpointer handler_data;
  LscCraftLinkFallback fallback;
  gpointer fallback_data;

  Phase phase;
  GMainContext *ctx;
  LscCraftLink *link;
  GSource *watch, *timer, *starter, *drainer;
  /* asking ARP for the next hop */
  GBytes *arp_request;
  LscCraftProbe arp_probe;
  guint arp_tries;
  /* sending and pairing */
  GPtrArray *sent;
  LscTree *tree;
  LscConv *conv;
  guint64 frame_no;
  gint64 first_ts;
  gint64 first_send_us;   /* monotonic time the first frame left */
  LscCraftStats stats;
  LscCraftGuard guard;
};

static void
sent_free (gpointer p)
{
  Sent *s = p;
  g_bytes_unref (s->frame);
  g_free (s);
}

LscCraftSession *
lsc_craft_session_new (void)
{
  LscCraftSession *s = g_new0 (LscCraftSession, 1);
  s->count = 1;
  s->interval = 1.0;
  s->timeout = 1.0;
  s->resolve_mac = TRUE;
  s->sent = g_ptr_array_new_with_free_func (sent_free);
  s->tree = lsc_tree_new ();
  s->conv = lsc_conv_new ();
  return s;
}

static void
remove_sources (LscCraftSession *s)
{
  lsc_craft_loop_drop (&s->watch);
  lsc_craft_loop_drop (&s->timer);
  lsc_craft_loop_drop (&s->starter);
  lsc_craft_loop_drop (&s->drainer);
}

static void
really_free (LscCraftSession *s)
{
  remove_sources (s);
  g_clear_pointer (&s->link, lsc_craft_link_free);
  g_clear_pointer (&s->arp_request, g_bytes_unref);
  g_clear_pointer (&s->sent, g_ptr_array_unref);
  g_clear_pointer (&s->tree, lsc_tree_free);
  g_clear_pointer (&s->conv, lsc_conv_free);
  g_clear_pointer (&s->ctx, g_main_context_unref);
  g_free (s);
}

void
lsc_craft_session_free (LscCraftSession *s)
{
  if (!s)
    return;
  /* Inside one of our own callbacks: no more events, freed on the way out. */
  if (lsc_craft_guard_free_now (&s->guard))
    really_free (s);
  else
    remove_sources (s);
}

/* Every entry from the main loop goes through enter/leave. */
static void
enter (LscCraftSession *s)
{
  lsc_craft_guard_enter (&s->guard);
}

static void
leave (LscCraftSession *s)
{
  if (lsc_craft_guard_leave (&s->guard))
    really_free (s);
}

/* FALSE when the handler freed the session: touch nothing more. */
static gboolean
emit (LscCraftSession *s, LscCraftEvent *ev)
{
  if (s->guard.dead)
    return FALSE;
  if (s->handler)
    s->handler (s, ev, s->handler_data);
  return !s->guard.dead;
}

/* ---- the target ---- */

/* Sets the error and says FALSE. */
#define TARGET_ERROR(...) (g_set_error (error, LSC_CRAFT_ERROR, __VA_ARGS__), FALSE)

gboolean
lsc_craft_session_set_target (LscCraftSession *s, const char *host, const char *iface, LscCraftTargetFlags flags,
                              GError **error)
{
  g_return_val_if_fail (s->phase == PHASE_IDLE, FALSE);
  g_autoptr (GError) err = NULL;
  s->have_target = FALSE;
  if (!lsc_craft_resolve_ipv4 (host, &s->dst, &err))
    return TARGET_ERROR (LSC_CRAFT_ERROR_INVALID, "%s", err->message);
  lsc_format_ipv4 (g_ntohl (s->dst), s->dst_text);

  if (iface)
    {
      if (!lsc_craft_iface_lookup (iface, &s->ifc, &err))
        return TARGET_ERROR (LSC_CRAFT_ERROR_NO_IFACE, "%s", err->message);
      LscCraftIface routed;
      guint32 hop;
      /* The route's gateway only counts when it leaves through the chosen interface. */
      if (lsc_craft_route (s->dst, &routed, &hop, NULL) && routed.index == s->ifc.index)
        s->next_hop = hop;
      else
        s->next_hop = s->dst;
    }
  else if (flags & LSC_CRAFT_TARGET_OWN_ADDRESS)
    {
      /* The address to announce is one's own: it names the interface. */
      if (!lsc_craft_iface_by_addr (s->dst, &s->ifc, &err))
        return TARGET_ERROR (LSC_CRAFT_ERROR_NO_IFACE,
                             _("%s: a gratuitous ARP announces an address of this machine (or give -i IFACE)"),
                             err->message);
      s->next_hop = s->dst;
    }
  else if (!lsc_craft_route (s->dst, &s->ifc, &s->next_hop, &err))
    return TARGET_ERROR (LSC_CRAFT_ERROR_NO_IFACE, _("%s (give -i IFACE)"), err->message);

  if (!s->ifc.up)
    return TARGET_ERROR (LSC_CRAFT_ERROR_FAILED, _("interface %s is down"), s->ifc.name);
  if (s->ifc.ip == 0 && !(flags & LSC_CRAFT_TARGET_NO_SOURCE_OK))
    return TARGET_ERROR (LSC_CRAFT_ERROR_FAILED, _("interface %s has no IPv4 address to send from"),
                         s->ifc.name);
  /* The kernel does not take frames written to the loopback device back in,
   * so nothing would ever answer: say so instead of reporting 100% loss. */
  if (s->ifc.loopback && !(flags & LSC_CRAFT_TARGET_LOOPBACK_OK))
    return TARGET_ERROR (LSC_CRAFT_ERROR_INVALID,
                         _("%s is this machine itself: crafted frames go out on a link to another host"
                           " (for a local service, `layerscope-cli connect %s:PORT` shows the real handshake)"),
                         s->dst_text, s->dst_text);
  s->have_target = TRUE;
  return TRUE;
}

const LscCraftIface *
lsc_craft_session_get_iface (LscCraftSession *s)
{
  return &s->ifc;
}

guint32
lsc_craft_session_get_destination (LscCraftSession *s)
{
  return s->dst;
}

guint32
lsc_craft_session_get_next_hop (LscCraftSession *s)
{
  return s->next_hop;
}

const char *
lsc_craft_session_get_destination_text (LscCraftSession *s)
{
  return s->dst_text;
}

void
lsc_craft_session_set_dst_mac (LscCraftSession *s, const guint8 mac[6])
{
  memcpy (s->mac, mac, 6);
  s->have_mac = TRUE;
}

void
lsc_craft_session_set_resolve_mac (LscCraftSession *s, gboolean resolve)
{
  s->resolve_mac = resolve;
}

gboolean
lsc_craft_session_get_dst_mac (LscCraftSession *s, guint8 mac[6])
{
  if (s->have_mac)
    memcpy (mac, s->mac, 6);
  return s->have_mac;
}

gboolean
lsc_craft_session_lookup_dst_mac (LscCraftSession *s, guint8 mac[6])
{
  if (s->have_mac)
    {
      memcpy (mac, s->mac, 6);
      return TRUE;
    }
  if (s->ifc.loopback)
    {
      /* Loopback frames carry zero addresses; nobody answers ARP there. */
      memset (mac, 0, 6);
      return TRUE;
    }
  return lsc_craft_neigh_lookup (s->ifc.name, s->next_hop, mac);
}

void
lsc_craft_session_set_count (LscCraftSession *s, guint count)
{
  s->count = MAX (count, 1);
}

void
lsc_craft_session_set_interval (LscCraftSession *s, double seconds)
{
  s->interval = seconds;
}

void
lsc_craft_session_set_timeout (LscCraftSession *s, double seconds)
{
  s->timeout = seconds;
}

void
lsc_craft_session_set_builder (LscCraftSession *s, LscCraftBuildFunc build, gpointer data)
{
  s->build = build;
  s->build_data = data;
}

void
lsc_craft_session_set_handler (LscCraftSession *s, LscCraftEventFunc handler, gpointer data)
{
  s->handler = handler;
  s->handler_data = data;
}

void
lsc_craft_session_set_link_fallback (LscCraftSession *s, LscCraftLinkFallback fallback, gpointer data)
{
  s->fallback = fallback;
  s->fallback_data = data;
}

gboolean
lsc_craft_session_is_running (LscCraftSession *s)
{
  return s->phase == PHASE_RESOLVING || s->phase == PHASE_SENDING;
}

const LscCraftStats *
lsc_craft_session_get_stats (LscCraftSession *s)
{
  return &s->stats;
}

/* ---- ending ---- */

/* Unanswered probes each get their TIMEOUT, then FINISHED. */
static void
finish (LscCraftSession *s, gboolean timeouts)
{
  s->phase = PHASE_DONE;
  remove_sources (s);
  for (guint i = 0; timeouts && i < s->sent->len; i++)
    {
      Sent *p = g_ptr_array_index (s->sent, i);
      if (p->answered)
        continue;
      LscCraftEvent ev = { .kind = LSC_CRAFT_EVENT_TIMEOUT, .index = i, .probe = &p->probe };
      if (!emit (s, &ev))
        return;
    }
  LscCraftEvent ev = { .kind = LSC_CRAFT_EVENT_FINISHED };
  emit (s, &ev);
}

static void
fail (LscCraftSession *s, LscCraftStage stage, const GError *error)
{
  s->phase = PHASE_DONE;
  remove_sources (s);
  LscCraftEvent ev = { .kind = LSC_CRAFT_EVENT_ERROR, .stage = stage, .error = error };
  if (emit (s, &ev))
    finish (s, FALSE);
}

void
lsc_craft_session_stop (LscCraftSession *s)
{
  if (!lsc_craft_session_is_running (s))
    return;
  enter (s);
  finish (s, FALSE);
  leave (s);
}

/* ---- sending ---- */

static gboolean send_cb (gpointer data);

static gboolean
finish_cb (gpointer data)
{
  LscCraftSession *s = data;
  enter (s);
  g_clear_pointer (&s->timer, g_source_unref);
  finish (s, TRUE);
  leave (s);
  return G_SOURCE_REMOVE;
}

static void
send_next (LscCraftSession *s)
{
  g_autoptr (GError) err = NULL;
  guint i = s->sent->len;
  Sent *p = g_new0 (Sent, 1);
  p->frame = s->build (s, i, &p->probe, s->build_data, &err);
  if (s->guard.dead)
    {
      g_clear_pointer (&p->frame, g_bytes_unref);
      g_free (p);
      return;
    }
  if (!p->frame)
    {
      g_free (p);
      fail (s, LSC_CRAFT_STAGE_BUILD, err);
      return;
    }
  g_ptr_array_add (s->sent, p);
  if (!lsc_craft_link_send (s->link, p->frame, &p->sent_ns, &err))
    {
      fail (s, LSC_CRAFT_STAGE_SEND, err);
      return;
    }
  s->stats.sent++;
  LscCraftEvent ev = { .kind = LSC_CRAFT_EVENT_SENT, .index = i, .probe = &p->probe, .frame = p->frame };
  if (!emit (s, &ev) || s->phase != PHASE_SENDING)
    return;
  if (i + 1 >= s->count)
    {
      s->timer = lsc_craft_loop_timeout (s->ctx, s->timeout, finish_cb, s);
      return;
    }
  /* Frame i + 1 is due INTERVAL after frame i was: the schedule is kept from
   * the first frame, so the loop's own delays do not add up over a long run. */
  gint64 now = g_get_monotonic_time ();
  if (i == 0)
    s->first_send_us = now;
  gint64 due = s->first_send_us + (gint64) ((i + 1) * s->interval * G_USEC_PER_SEC);
  s->timer = lsc_craft_loop_timeout (s->ctx, MAX (due - now, 0) / (double) G_USEC_PER_SEC, send_cb, s);
}

static gboolean
send_cb (gpointer data)
{
  LscCraftSession *s = data;
  enter (s);
  g_clear_pointer (&s->timer, g_source_unref);
  send_next (s);
  leave (s);
  return G_SOURCE_REMOVE;
}

/* The next hop's MAC is known: say so and send the first frame. */
static void
ready (LscCraftSession *s)
{
  lsc_craft_loop_drop (&s->timer);
  g_clear_pointer (&s->arp_request, g_bytes_unref);
  s->phase = PHASE_SENDING;
  LscCraftEvent ev = { .kind = LSC_CRAFT_EVENT_READY };
  memcpy (ev.mac, s->mac, 6);
  if (emit (s, &ev) && s->phase == PHASE_SENDING)
    send_next (s);
}

/* ---- asking ARP for the next hop ---- */

static gboolean
arp_timer_cb (gpointer data)
{
  LscCraftSession *s = data;
  g_autoptr (GError) err = NULL;
  enter (s);
  if (s->arp_tries < ARP_TRIES)
    {
      s->arp_tries++;
      if (!lsc_craft_link_send (s->link, s->arp_request, NULL, &err))
        {
          g_clear_pointer (&s->timer, g_source_unref);
          fail (s, LSC_CRAFT_STAGE_RESOLVE, err);
          leave (s);
          return G_SOURCE_REMOVE;
        }
      leave (s);
      return G_SOURCE_CONTINUE;
    }
  g_clear_pointer (&s->timer, g_source_unref);
  char hop[48];
  lsc_format_ipv4 (g_ntohl (s->next_hop), hop);
  g_set_error (&err, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_NO_NEIGH,
               _("cannot resolve the MAC address of %s on %s: no ARP reply (is the host up and on this link?)"),
               hop, s->ifc.name);
  fail (s, LSC_CRAFT_STAGE_RESOLVE, err);
  leave (s);
  return G_SOURCE_REMOVE;
}

static gboolean
start_cb (gpointer data)
{
  LscCraftSession *s = data;
  g_autoptr (GError) err = NULL;
  enter (s);
  g_clear_pointer (&s->starter, g_source_unref);
  if (!s->have_mac && s->resolve_mac)
    s->have_mac = lsc_craft_session_lookup_dst_mac (s, s->mac);
  if (s->have_mac || !s->resolve_mac)
    ready (s);
  else
    {
      LscCraftArp a;
      lsc_craft_arp_init (&a);
      memcpy (a.src_mac, s->ifc.mac, 6);
      a.sender_ip = s->ifc.ip;
      a.target_ip = s->next_hop;
      s->arp_probe.kind = LSC_CRAFT_PROBE_ARP;
      s->arp_probe.src = s->ifc.ip;
      s->arp_probe.dst = s->next_hop;
      s->arp_request = lsc_craft_build_arp (&a, &err);
      if (!s->arp_request || !lsc_craft_link_send (s->link, s->arp_request, NULL, &err))
        fail (s, LSC_CRAFT_STAGE_RESOLVE, err);
      else
        {
          s->arp_tries = 1;
          s->timer = lsc_craft_loop_timeout (s->ctx, ARP_WAIT_MS / 1000.0, arp_timer_cb, s);
        }
    }
  leave (s);
  return G_SOURCE_REMOVE;
}

/* ---- what the link sees ---- */

static gboolean
all_answered (LscCraftSession *s)
{
  for (guint i = 0; i < s->sent->len; i++)
    if (!((Sent *) g_ptr_array_index (s->sent, i))->answered)
      return FALSE;
  return !s->stats.expect_rst || s->stats.rst_seen;
}

static void
count_answer (LscCraftSession *s, const Sent *p, LscCraftMatch m, gboolean dup, double rtt, guint16 tcp_flags)
{
  LscCraftStats *st = &s->stats;
  switch (m)
    {
    case LSC_CRAFT_MATCH_LOCAL_RST:
      st->rst_seen = TRUE;
      break;
    case LSC_CRAFT_MATCH_ICMP_ERROR:
      st->errors++;
      break;
    default:
      if (!dup)
        {
          st->replies++;
          st->rtt_sum += rtt;
          if (st->replies == 1 || rtt < st->rtt_min)
            st->rtt_min = rtt;
          if (rtt > st->rtt_max)
            st->rtt_max = rtt;
        }
      /* A SYN-ACK to a crafted SYN: our kernel has no socket for it and will reset
       * (not on loopback, where nothing crafted reaches a kernel). */
      if (p->probe.kind == LSC_CRAFT_PROBE_TCP &&
          (tcp_flags & (LSC_TCP_SYN | LSC_TCP_ACK)) == (LSC_TCP_SYN | LSC_TCP_ACK))
        st->expect_rst = !s->ifc.loopback;
      break;
    }
}

/* One frame while sending: our own probe leaving, an answer, or something else. */
static void
pair_frame (LscCraftSession *s, LscPacket *pkt, gboolean outgoing)
{
  if (s->frame_no == 0)
    s->first_ts = pkt->ts_ns;
  pkt->num = ++s->frame_no;
  pkt->ts_first_ns = s->first_ts;
  /* Every frame goes through the conversation analysis, so an answer
   * carries the core's pairing (role, response-to, response time). */
  lsc_dissect (s->tree, pkt, NULL);
  lsc_conv_process (s->conv, s->tree);

  /* Our own probe seen leaving: its kernel time stamp is a better start for the RTT. */
  if (outgoing)
    for (guint i = 0; i < s->sent->len; i++)
      {
        Sent *p = g_ptr_array_index (s->sent, i);
        gsize n;
        const guint8 *d = g_bytes_get_data (p->frame, &n);
        if (n == pkt->caplen && memcmp (d, pkt->data, n) == 0)
          {
            p->sent_ns = pkt->ts_ns;
            return;
          }
      }
  for (guint i = 0; i < s->sent->len; i++)
    {
      Sent *p = g_ptr_array_index (s->sent, i);
      LscCraftMatch m = lsc_craft_match (&p->probe, s->tree, outgoing);
      if (m == LSC_CRAFT_MATCH_NONE)
        continue;
      /* ARP and TCP answers carry nothing that names one probe of several:
       * they answer the oldest one still open. */
      if (m == LSC_CRAFT_MATCH_REPLY && p->answered && i + 1 < s->sent->len)
        continue;
      const LscPinfo *pi = lsc_tree_pinfo_const (s->tree);
      LscCraftEvent ev = { .kind = LSC_CRAFT_EVENT_REPLY, .index = i, .probe = &p->probe, .match = m,
                           .duplicate = m == LSC_CRAFT_MATCH_REPLY && p->answered,
                           .rtt_ms = (double) (pkt->ts_ns - p->sent_ns) / 1e6, .tree = s->tree, .packet = pkt,
                           .tcp_flags = (pi->has & LSC_HAS_TCP) ? pi->tcp_flags : 0 };
      if (pkt->caplen >= 12)
        memcpy (ev.mac, pkt->data + 6, 6);
      count_answer (s, p, m, ev.duplicate, ev.rtt_ms, ev.tcp_flags);
      if (m != LSC_CRAFT_MATCH_LOCAL_RST)
        p->answered = TRUE;
      if (!emit (s, &ev))
        return;
      break;
    }
  if (s->phase == PHASE_SENDING && s->sent->len >= s->count && all_answered (s))
    finish (s, TRUE);
}

/* While asking ARP, only its reply counts. */
static void
resolve_frame (LscCraftSession *s, LscPacket *pkt, gboolean outgoing)
{
  if (outgoing || !s->arp_request)
    return;
  lsc_dissect (s->tree, pkt, NULL);
  if (lsc_craft_match (&s->arp_probe, s->tree, FALSE) != LSC_CRAFT_MATCH_REPLY)
    return;
  memcpy (s->mac, lsc_tree_pinfo_const (s->tree)->arp_sha, 6);
  s->have_mac = TRUE;
  ready (s);
}

static gboolean drain_cb (gpointer data);

/* Takes what the link holds now, a bounded batch; an idle takes the rest. */
static void
drain (LscCraftSession *s, gboolean hangup)
{
  g_autoptr (GError) err = NULL;
  for (guint k = 0; k < READ_BATCH; k++)
    {
      if (s->guard.dead || s->phase == PHASE_DONE)
        return;
      LscPacket pkt;
      gboolean outgoing = FALSE;
      int r = lsc_craft_link_read (s->link, &pkt, &outgoing, &err);
      if (r < 0 || (r == 0 && hangup))
        {
          if (!err)
            g_set_error (&err, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_FAILED, "the capture on %s stopped", s->ifc.name);
          fail (s, LSC_CRAFT_STAGE_RECEIVE, err);
          return;
        }
      if (r == 0)
        return;
      if (s->phase == PHASE_RESOLVING)
        resolve_frame (s, &pkt, outgoing);
      else if (s->phase == PHASE_SENDING)
        pair_frame (s, &pkt, outgoing);
    }
  if (!s->drainer && !s->guard.dead && s->phase != PHASE_DONE)
    {
      s->drainer = lsc_craft_loop_idle (s->ctx, drain_cb, s);
    }
}

static gboolean
drain_cb (gpointer data)
{
  LscCraftSession *s = data;
  enter (s);
  g_clear_pointer (&s->drainer, g_source_unref);
  drain (s, FALSE);
  leave (s);
  return G_SOURCE_REMOVE;
}

static gboolean
link_cb (int fd, GIOCondition cond, gpointer data)
{
  LscCraftSession *s = data;
  (void) fd;
  enter (s);
  drain (s, (cond & (G_IO_HUP | G_IO_ERR)) && !(cond & G_IO_IN));
  leave (s);
  return G_SOURCE_CONTINUE;
}

gboolean
lsc_craft_session_start (LscCraftSession *s, GError **error)
{
  g_return_val_if_fail (s->phase == PHASE_IDLE, FALSE);
  g_return_val_if_fail (s->have_target && s->build, FALSE);
  s->link = lsc_craft_link_open_any (&s->ifc, s->fallback, s->fallback_data, error);
  if (!s->link)
    return FALSE;
  s->ctx = g_main_context_ref_thread_default ();
  s->phase = PHASE_RESOLVING;
  s->watch = lsc_craft_loop_fd (s->ctx, lsc_craft_link_get_fd (s->link), G_IO_IN | G_IO_HUP | G_IO_ERR, link_cb, s);
  /* The first event comes from the loop, never from inside this call. */
  s->starter = lsc_craft_loop_idle (s->ctx, start_cb, s);
  return TRUE;
}

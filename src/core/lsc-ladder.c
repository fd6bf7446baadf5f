/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-ladder.c — the ladder (flow) model of one conversation */
#include "lsc-config.h"
#include "lsc-ladder.h"
#include "lsc-dissect.h"

#include <glib/gi18n-lib.h>
#include <string.h>

struct _LscLadder {
  const LscConv *conv;     /* only while it is being filled (lsc_ladder_add) */
  LscConvInfo info;        /* a copy: the ladder outlives changes to the analysis */
  guint index;
  GArray *entries;    /* LscLadderEntry */
  GArray *phases;     /* LscLadderSpan */
  /* Extra per-entry bytes for ARP labels, kept apart so TCP entries stay small. */
  GHashTable *arp;    /* entry index → guint8[20]: spa, tpa, sha (4 + 4 + 6, padded) */
};

LscLadder *
lsc_ladder_new (const LscConv *c, guint conv_index)
{
  LscLadder *l = g_new0 (LscLadder, 1);
  l->conv = c;
  l->index = conv_index;
  if (conv_index < lsc_conv_count (c))
    l->info = *lsc_conv_nth (c, conv_index);
  l->entries = g_array_new (FALSE, FALSE, sizeof (LscLadderEntry));
  l->phases = g_array_new (FALSE, FALSE, sizeof (LscLadderSpan));
  return l;
}

void
lsc_ladder_free (LscLadder *l)
{
  if (!l)
    return;
  g_array_unref (l->entries);
  g_array_unref (l->phases);
  g_clear_pointer (&l->arp, g_hash_table_unref);
  g_free (l);
}

gboolean
lsc_ladder_add (LscLadder *l, const LscConv *c, const LscTree *t)
{
  const LscPacket *pkt = lsc_tree_packet (t);
  const LscPinfo *pi = lsc_tree_pinfo_const (t);
  LscConvPacket cp;
  if (!pkt || !lsc_conv_packet (c, pkt->num, &cp) || !cp.valid || cp.conv != l->index)
    return FALSE;
  const LscConvInfo *ci = lsc_conv_nth (c, cp.conv);
  LscLadderEntry e = {
    .frame = pkt->num,
    .ts_ns = pkt->ts_ns,
    .wirelen = pkt->wirelen,
    .from_b = (cp.flags & LSC_CONV_F_FROM_B) != 0,
    .role = cp.role,
    .cflags = cp.flags,
    .link = cp.link,
    .aux = cp.aux,
  };
  switch (ci->kind)
    {
    case LSC_CONV_TCP:
      e.tcp_flags = pi->tcp_flags;
      e.len = pi->tcp_len;
      e.win = pi->tcp_window;
      lsc_conv_tcp_relative (c, pkt->num, pi, &e.seq, &e.ack);
      e.after_a = cp.state_a;
      e.after_b = cp.state_b;
      break;
    case LSC_CONV_UDP:
      e.len = pi->udp_len;
      break;
    case LSC_CONV_ICMP:
      e.icmp_type = pi->icmp_type;
      e.icmp_id = pi->icmp_id;
      e.icmp_seq = pi->icmp_seq;
      break;
    case LSC_CONV_ARP:
      {
        e.icmp_type = (guint8) pi->arp_op;
        if (!l->arp)
          l->arp = g_hash_table_new_full (NULL, NULL, NULL, g_free);
        guint8 *a = g_malloc0 (16);
        memcpy (a, pi->arp_spa, 4);
        memcpy (a + 4, pi->arp_tpa, 4);
        memcpy (a + 8, pi->arp_sha, 6);
        g_hash_table_insert (l->arp, GUINT_TO_POINTER (l->entries->len), a);
      }
      break;
    }
  g_array_append_val (l->entries, e);
  return TRUE;
}

void
lsc_ladder_initial_states (const LscLadder *l, LscTcpState *a, LscTcpState *b)
{
  const LscConvInfo *ci = lsc_ladder_info (l);
  if (ci->kind != LSC_CONV_TCP || ci->midstream)
    *a = *b = LSC_TCP_STATE_UNKNOWN;
  else
    {
      *a = LSC_TCP_STATE_CLOSED;
      /* A refused connection shows nobody listened: the server stayed CLOSED. */
      *b = ci->end == LSC_CONV_END_REFUSED ? LSC_TCP_STATE_CLOSED : LSC_TCP_STATE_LISTEN;
    }
}

/* The coarse phase a TCP role belongs to; the brackets follow these. */
static LscLadderPhase
coarse_phase (LscConvRole r)
{
  switch (r)
    {
    case LSC_ROLE_HS_SYN: case LSC_ROLE_HS_SYNACK: case LSC_ROLE_HS_ACK:
    case LSC_ROLE_SIM_SYN: case LSC_ROLE_SIM_SYNACK:
      return LSC_PHASE_HANDSHAKE;
    case LSC_ROLE_TD_FIN1: case LSC_ROLE_TD_ACK2: case LSC_ROLE_TD_FIN3: case LSC_ROLE_TD_FINACK23:
    case LSC_ROLE_TD_ACK4: case LSC_ROLE_TD_SIM_FIN: case LSC_ROLE_HALF_DATA:
      return LSC_PHASE_TEARDOWN;
    case LSC_ROLE_RST: case LSC_ROLE_RST_REFUSED:
      return LSC_PHASE_ABORT;
    default:
      return LSC_PHASE_DATA;
    }
}

/* The precise name of a bracket, from the roles inside it. */
static LscLadderPhase
refine_phase (const LscLadder *l, const LscLadderSpan *s, gboolean first_span)
{
  gboolean sim_open = FALSE, sim_close = FALSE, close3 = FALSE, half = FALSE, refused = FALSE;
  for (guint i = s->first; i <= s->last; i++)
    {
      LscConvRole r = g_array_index (l->entries, LscLadderEntry, i).role;
      sim_open |= r == LSC_ROLE_SIM_SYN || r == LSC_ROLE_SIM_SYNACK;
      sim_close |= r == LSC_ROLE_TD_SIM_FIN;
      close3 |= r == LSC_ROLE_TD_FINACK23;
      half |= r == LSC_ROLE_HALF_DATA;
      refused |= r == LSC_ROLE_RST_REFUSED;
    }
  switch (s->kind)
    {
    case LSC_PHASE_HANDSHAKE:
      return sim_open ? LSC_PHASE_SIM_OPEN : LSC_PHASE_HANDSHAKE;
    case LSC_PHASE_DATA:
      return first_span && lsc_ladder_info (l)->midstream ? LSC_PHASE_MIDSTREAM : LSC_PHASE_DATA;
    case LSC_PHASE_TEARDOWN:
      return sim_close ? LSC_PHASE_SIM_CLOSE : close3 ? LSC_PHASE_CLOSE3 : half ? LSC_PHASE_HALF_CLOSE : LSC_PHASE_TEARDOWN;
    case LSC_PHASE_ABORT:
      return refused ? LSC_PHASE_REFUSED : LSC_PHASE_ABORT;
    default:
      return s->kind;
    }
}

void
lsc_ladder_finish (LscLadder *l)
{
  /* The conversation as the analysis knows it now (its end, final states). */
  if (l->conv && l->index < lsc_conv_count (l->conv))
    l->info = *lsc_conv_nth (l->conv, l->index);
  g_array_set_size (l->phases, 0);
  const LscConvInfo *ci = lsc_ladder_info (l);
  LscTcpState a, b;
  lsc_ladder_initial_states (l, &a, &b);
  LscLadderPhase cur = LSC_PHASE_NONE;
  for (guint i = 0; i < l->entries->len; i++)
    {
      LscLadderEntry *e = &g_array_index (l->entries, LscLadderEntry, i);
      LscLadderPhase p;
      switch (ci->kind)
        {
        case LSC_CONV_TCP:
          e->before_a = a;
          e->before_b = b;
          a = e->after_a;
          b = e->after_b;
          p = coarse_phase (e->role);
          /* Data inside the teardown (half-close) and bare ACKs stay in the phase they are in. */
          if (cur == LSC_PHASE_TEARDOWN && p == LSC_PHASE_DATA)
            p = LSC_PHASE_TEARDOWN;
          break;
        case LSC_CONV_ICMP: p = LSC_PHASE_ECHO; break;
        case LSC_CONV_ARP: p = LSC_PHASE_ARP; break;
        default: p = LSC_PHASE_DATAGRAMS; break;
        }
      if (p != cur || l->phases->len == 0)
        {
          LscLadderSpan s = { p, i, i };
          g_array_append_val (l->phases, s);
          cur = p;
        }
      else
        g_array_index (l->phases, LscLadderSpan, l->phases->len - 1).last = i;
      e->phase = l->phases->len - 1;
    }
  for (guint k = 0; k < l->phases->len; k++)
    {
      LscLadderSpan *s = &g_array_index (l->phases, LscLadderSpan, k);
      s->kind = refine_phase (l, s, k == 0);
    }
}

LscLadder *
lsc_ladder_build (LscStore *store, const LscConv *c, guint conv_index)
{
  if (conv_index >= lsc_conv_count (c))
    return NULL;
  const LscConvInfo *ci = lsc_conv_nth (c, conv_index);
  LscLadder *l = lsc_ladder_new (c, conv_index);
  g_autoptr (LscTree) tree = lsc_tree_new ();
  lsc_tree_set_summary_only (tree, TRUE);
  LscPacket pkt;
  LscConvPacket cp;
  for (guint64 f = ci->first_frame; f && f <= ci->last_frame; f++)
    {
      /* The record says whether the frame belongs here: decode only those. */
      if (!lsc_conv_packet (c, f, &cp) || !cp.valid || cp.conv != conv_index)
        continue;
      if (!lsc_store_get_packet (store, (guint) (f - 1), &pkt))
        break;
      lsc_dissect (tree, &pkt, lsc_store_get_options (store));
      lsc_ladder_add (l, c, tree);
    }
  lsc_ladder_finish (l);
  l->conv = NULL;   /* complete: the ladder stands on its own */
  return l;
}

guint lsc_ladder_conv_index (const LscLadder *l) { return l->index; }
const LscConvInfo *lsc_ladder_info (const LscLadder *l) { return &l->info; }
guint lsc_ladder_n_entries (const LscLadder *l) { return l->entries->len; }
guint lsc_ladder_n_phases (const LscLadder *l) { return l->phases->len; }

const LscLadderEntry *
lsc_ladder_entry (const LscLadder *l, guint i)
{
  return i < l->entries->len ? &g_array_index (l->entries, LscLadderEntry, i) : NULL;
}

const LscLadderSpan *
lsc_ladder_phase (const LscLadder *l, guint i)
{
  return i < l->phases->len ? &g_array_index (l->phases, LscLadderSpan, i) : NULL;
}

gint
lsc_ladder_find_frame (const LscLadder *l, guint64 frame)
{
  /* Entries are in frame order: binary search. */
  guint lo = 0, hi = l->entries->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      guint64 f = g_array_index (l->entries, LscLadderEntry, mid).frame;
      if (f == frame)
        return (gint) mid;
      if (f < frame)
        lo = mid + 1;
      else
        hi = mid;
    }
  return -1;
}

const char *
lsc_ladder_phase_name (LscLadderPhase p)
{
  switch (p)
    {
    case LSC_PHASE_HANDSHAKE: return _("three-way handshake");
    case LSC_PHASE_SIM_OPEN: return _("simultaneous open");
    case LSC_PHASE_DATA: return _("data transfer");
    case LSC_PHASE_MIDSTREAM: return _("data (captured mid-stream: the handshake was not seen)");
    case LSC_PHASE_TEARDOWN: return _("four-way teardown");
    case LSC_PHASE_CLOSE3: return _("teardown (three-segment close)");
    case LSC_PHASE_SIM_CLOSE: return _("simultaneous close");
    case LSC_PHASE_HALF_CLOSE: return _("half-close: data after a FIN, then teardown");
    case LSC_PHASE_ABORT: return _("RST abort");
    case LSC_PHASE_REFUSED: return _("refused: nothing listens on that port");
    case LSC_PHASE_ECHO: return _("ping: echo requests and replies");
    case LSC_PHASE_ARP: return _("ARP: who has this IP address?");
    case LSC_PHASE_DATAGRAMS: return _("UDP datagrams: no handshake, no teardown");
    default: return "";
    }
}

void
lsc_ladder_format_flags (guint16 flags, GString *out)
{
  /* The ladder's order puts what opens and closes first. */
  const guint8 *order = lsc_tcp_flag_spoken_order;
  gboolean first = TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (lsc_tcp_flag_spoken_order); i++)
    if (flags & (1u << order[i]))
      {
        if (!first)
          g_string_append_c (out, ',');
        g_string_append (out, lsc_tcp_flag_name (order[i]));
        first = FALSE;
      }
}

static void
append_ip4 (GString *out, const guint8 *a)
{
  g_string_append_printf (out, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
}

void
lsc_ladder_format_label (const LscLadder *l, const LscLadderEntry *e, GString *out)
{
  const LscConvInfo *ci = lsc_ladder_info (l);
  switch (ci->kind)
    {
    case LSC_CONV_TCP:
      g_string_append_c (out, '[');
      lsc_ladder_format_flags (e->tcp_flags, out);
      g_string_append_printf (out, "] Seq=%u", e->seq);
      if (e->tcp_flags & LSC_TCP_ACK)
        g_string_append_printf (out, " Ack=%u", e->ack);
      g_string_append_printf (out, " Len=%u", e->len);
      break;
    case LSC_CONV_UDP:
      g_string_append_printf (out, "UDP Len=%u", e->len);
      break;
    case LSC_CONV_ICMP:
      if (e->role == LSC_ROLE_ECHO_REPLY)
        {
          g_string_append_printf (out, _("Echo reply id=0x%04x seq=%u"), e->icmp_id, e->icmp_seq);
          if (e->aux)
            g_string_append_printf (out, _(" (%.3f ms)"), e->aux / 1000.0);
        }
      else
        g_string_append_printf (out, _("Echo request id=0x%04x seq=%u"), e->icmp_id, e->icmp_seq);
      break;
    case LSC_CONV_ARP:
      {
        const guint8 *a = l->arp ? g_hash_table_lookup (l->arp, GUINT_TO_POINTER ((guint) (e - (const LscLadderEntry *) (const void *) l->entries->data))) : NULL;
        static const guint8 zero[16];
        if (!a)
          a = zero;
        if (e->role == LSC_ROLE_ARP_REPLY)
          {
            append_ip4 (out, a);
            g_string_append_printf (out, _(" is at %02x:%02x:%02x:%02x:%02x:%02x"), a[8], a[9], a[10], a[11], a[12], a[13]);
            if (e->aux)
              g_string_append_printf (out, _(" (%.3f ms)"), e->aux / 1000.0);
          }
        else if (e->role == LSC_ROLE_ARP_GRATUITOUS)
          {
            g_string_append (out, _("Gratuitous ARP: "));
            append_ip4 (out, a);
          }
        else
          {
            g_string_append (out, _("Who has "));
            append_ip4 (out, a + 4);
            g_string_append (out, _("? Tell "));
            append_ip4 (out, a);
          }
      }
      break;
    }
}

void
lsc_ladder_format_marks (const LscLadderEntry *e, GString *out)
{
  static const struct { guint32 flag; const char *text; } marks[] = {
    { LSC_CONV_F_RETRANS, N_(" [retransmission]") },
    { LSC_CONV_F_OUT_OF_ORDER, N_(" [out of order]") },
    { LSC_CONV_F_DUP_ACK, N_(" [duplicate ACK]") },
    { LSC_CONV_F_ZERO_WINDOW, N_(" [zero window]") },
    { LSC_CONV_F_KEEP_ALIVE, N_(" [keep-alive]") },
    { LSC_CONV_F_LOST_SEGMENT, N_(" [previous segment not captured]") },
    { LSC_CONV_F_REVISED, N_(" [receiver state corrected by a later segment]") },
    { LSC_CONV_F_NO_REPLY, N_(" [no reply]") },
    { LSC_CONV_F_DUP_REPLY, N_(" [duplicate reply]") },
    { LSC_CONV_F_CONFLICT, N_(" [address conflict]") },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (marks); i++)
    if (e->cflags & marks[i].flag)
      g_string_append (out, _(marks[i].text));
}

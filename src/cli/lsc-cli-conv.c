/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-cli-conv.c — conversation tables and TCP ladder diagrams for layerscope-cli */
#include "lsc-config.h"
#include "cli/lsc-cli-conv.h"
#include "core/lsc-conv.h"
#include "core/lsc-ladder.h"
#include "core/lsc-conv-table.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

static struct {
  gboolean conversations;
  gboolean flow;
  gint stream;
  gboolean no_analysis;
} opt = { .stream = -1 };

struct _LscCliConv {
  LscConv *conv;
  GPtrArray *ladders;   /* LscLadder by conversation index (NULL: not a drawn stream), only with --flow */
  gint64 first_ns;
  gboolean have_first;
};

GOptionGroup *
lsc_cli_conv_option_group (void)
{
  static GOptionEntry entries[] = {
    { "conversations", 0, 0, G_OPTION_ARG_NONE, &opt.conversations,
      N_("After the packets, print the conversations (TCP, UDP, ICMP echo, ARP) with packets and bytes each way, handshake, how they ended and the final TCP states"), NULL },
    { "flow", 0, 0, G_OPTION_ARG_NONE, &opt.flow,
      N_("Instead of packet lines, draw each TCP stream as a ladder: one arrow per segment with flags, relative seq/ack and length, the phases, and both ends' states"), NULL },
    { "stream", 0, 0, G_OPTION_ARG_INT, &opt.stream, N_("With --flow: only this TCP stream (tcp.stream number)"), N_("N") },
    { "no-analysis", 0, 0, G_OPTION_ARG_NONE, &opt.no_analysis,
      N_("Do not follow conversations: absolute sequence numbers, no tcp.stream, roles or pairing"), NULL },
    { NULL }
  };
  GOptionGroup *g = g_option_group_new ("conversations", _("Conversation options:"),
                                        _("Show conversation options"), NULL, NULL);
  g_option_group_add_entries (g, entries);
  g_option_group_set_translation_domain (g, GETTEXT_PACKAGE);
  return g;
}

LscCliConv *
lsc_cli_conv_new (GError **error)
{
  if (opt.stream != -1 && !opt.flow)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("--stream needs --flow"));
      return NULL;
    }
  if (opt.stream < -1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("--stream needs a stream number of 0 or more, not %d"), opt.stream);
      return NULL;
    }
  if (opt.no_analysis && (opt.flow || opt.conversations))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("--no-analysis cannot be combined with %s"),
                   opt.flow ? "--flow" : "--conversations");
      return NULL;
    }
  LscCliConv *cc = g_new0 (LscCliConv, 1);
  if (!opt.no_analysis)
    {
      /* One pass in order: no frame is looked at again, so keep no
       * per-frame records (memory stays flat in the number of packets). */
      cc->conv = lsc_conv_new ();
      lsc_conv_set_streaming (cc->conv, TRUE);
      /* Without tables or a ladder, conversations that closed or went
       * quiet are not needed: memory stays flat in the conversations too. */
      lsc_conv_set_forget (cc->conv, !opt.conversations && !opt.flow);
    }
  if (opt.flow)
    cc->ladders = g_ptr_array_new_with_free_func ((GDestroyNotify) lsc_ladder_free);
  return cc;
}

void
lsc_cli_conv_free (LscCliConv *cc)
{
  if (!cc)
    return;
  g_clear_pointer (&cc->conv, lsc_conv_free);
  if (cc->ladders)
    g_ptr_array_unref (cc->ladders);
  g_free (cc);
}

gboolean
lsc_cli_conv_set_two_pass (LscCliConv *cc)
{
  if (!cc || !cc->conv)
    return FALSE;
  /* Every frame's record is kept: nothing streams, nothing is forgotten. */
  lsc_conv_free (cc->conv);
  cc->conv = lsc_conv_new ();
  return TRUE;
}

void
lsc_cli_conv_first_pass (LscCliConv *cc, LscTree *t)
{
  lsc_conv_process (cc->conv, t);
}

void
lsc_cli_conv_first_pass_end (LscCliConv *cc)
{
  lsc_conv_finish (cc->conv);
}

gboolean
lsc_cli_conv_analyses (const LscCliConv *cc)
{
  return cc && cc->conv;
}

const LscConv *
lsc_cli_conv_get_analysis (const LscCliConv *cc)
{
  return cc ? cc->conv : NULL;
}

gboolean
lsc_cli_conv_packet (LscCliConv *cc, LscTree *t)
{
  if (!cc || !cc->conv)
    return TRUE;
  const LscPacket *pkt = lsc_tree_packet (t);
  if (!cc->have_first)
    {
      cc->first_ns = pkt->ts_ns;
      cc->have_first = TRUE;
    }
  lsc_conv_process (cc->conv, t);
  if (!cc->ladders)
    return TRUE;

  /* The analysis keeps no per-frame records in this one pass: each ladder
   * takes its packets as they are processed. */
  LscConvPacket cp;
  if (lsc_conv_packet (cc->conv, pkt->num, &cp) && lsc_conv_nth (cc->conv, cp.conv)->kind == LSC_CONV_TCP &&
      (opt.stream < 0 || lsc_conv_nth (cc->conv, cp.conv)->id == (guint32) opt.stream))
    {
      if (cp.conv >= cc->ladders->len)
        g_ptr_array_set_size (cc->ladders, cp.conv + 1);
      if (!g_ptr_array_index (cc->ladders, cp.conv))
        g_ptr_array_index (cc->ladders, cp.conv) = lsc_ladder_new (cc->conv, cp.conv);
      lsc_ladder_add (g_ptr_array_index (cc->ladders, cp.conv), cc->conv, t);
    }
  return FALSE;
}

/* ---- tables ---- */

static void
table_rule (GString *out)
{
  g_string_append (out, "================================================================================\n");
}

/* Columns on screen: a wide (CJK) character takes two, a combining mark
 * none, so translated headings line up with the numbers under them. */
static int
display_width (const char *s)
{
  int w = 0;
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);
      if (!g_unichar_iszerowidth (ch))
        w += g_unichar_iswide (ch) ? 2 : 1;
    }
  return w;
}

/* One table cell: s padded with spaces to width columns (negative: left-
 * aligned, like printf's %-Ns; 0: not padded). */
static void
cell (GString *out, const char *s, int width)
{
  int pad = MAX (0, ABS (width) - display_width (s));
  if (width > 0)
    for (int i = 0; i < pad; i++)
      g_string_append_c (out, ' ');
  g_string_append (out, s);
  if (width < 0)
    for (int i = 0; i < pad; i++)
      g_string_append_c (out, ' ');
}

/* A row of cells, one space apart; widths[i] as for cell(). */
static void
row (GString *out, const int *widths, const char *const *cells, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      if (i)
        g_string_append_c (out, ' ');
      cell (out, cells[i], widths[i]);
    }
  g_string_append_c (out, '\n');
}

/* Column widths of each kind's table (lsc-conv-table.h has the columns). */
static const int tcp_w[] = { -6, -42, -42, 17, 17, 10, 10, -9, -26, 0 };
static const int udp_w[] = { -6, -42, -42, 17, 17, 10, 10 };
static const int icmp_w[] = { -6, -42, -42, 14, 8, 8, 8, 8, 10, 10 };
static const int arp_w[] = { -6, -42, -42, 8, 8, 8, 8, 8, 10, 10 };

static void
print_tables (LscCliConv *cc, GString *out)
{
  static const LscConvKind kinds[] = { LSC_CONV_TCP, LSC_CONV_UDP, LSC_CONV_ICMP, LSC_CONV_ARP };
  static const int *const widths[] = { tcp_w, udp_w, icmp_w, arp_w };
  for (gsize k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      guint n = 0;
      for (guint i = 0; i < lsc_conv_count (cc->conv); i++)
        n += lsc_conv_nth (cc->conv, i)->kind == kinds[k];
      table_rule (out);
      g_string_append_printf (out, _("%s Conversations: %u\n"), lsc_conv_kind_name (kinds[k]), n);
      if (!n)
        continue;
      const LscConvColumn *cols;
      guint ncols = lsc_conv_table_columns (kinds[k], &cols);
      const char *heads[LSC_CONV_TABLE_MAX_COLUMNS];
      for (guint c = 0; c < ncols; c++)
        heads[c] = _(cols[c].heading);
      row (out, widths[k], heads, ncols);
      for (guint i = 0; i < lsc_conv_count (cc->conv); i++)
        {
          const LscConvInfo *ci = lsc_conv_nth (cc->conv, i);
          if (ci->kind != kinds[k])
            continue;
          g_auto (GStrv) cells = lsc_conv_table_cells (ci, cc->first_ns, NULL);
          row (out, widths[k], (const char *const *) cells, ncols);
        }
    }
  table_rule (out);
}

/* ---- ladder ---- */

/* The CLI names the brackets by their coarse kind, and a teardown by whether
 * the stream closed in three segments anywhere. */
static const char *
phase_label (LscLadderPhase p, gboolean three_segment)
{
  switch (p)
    {
    case LSC_PHASE_HANDSHAKE: case LSC_PHASE_SIM_OPEN:
      return _("three-way handshake");
    case LSC_PHASE_DATA: case LSC_PHASE_MIDSTREAM:
      return _("data transfer");
    case LSC_PHASE_TEARDOWN: case LSC_PHASE_CLOSE3: case LSC_PHASE_SIM_CLOSE: case LSC_PHASE_HALF_CLOSE:
      return three_segment ? _("teardown (three-segment close)") : _("four-way teardown");
    case LSC_PHASE_ABORT: case LSC_PHASE_REFUSED:
      return _("abort");
    default:
      return "";
    }
}

#define ARROW_W 46
#define STATE_W 13

static void
print_ladder (LscCliConv *cc, LscLadder *l, GString *out)
{
  const LscConvInfo *ci = lsc_ladder_info (l);
  char a[80], b[80];
  lsc_conv_format_endpoint (ci, FALSE, a, sizeof a);
  lsc_conv_format_endpoint (ci, TRUE, b, sizeof b);
  g_string_append_printf (out, _("TCP stream %u: %s (client) ↔ %s (server)%s\n"), ci->id, a, b,
                          ci->midstream ? _("  [capture started mid-stream: client inferred from the ports]") : "");
  /* Column heads: frame, time, client state | arrow | server state, role. */
  cell (out, _("Frame"), 6);
  g_string_append_c (out, ' ');
  cell (out, _("Time"), 10);
  g_string_append (out, "  ");
  cell (out, C_("ladder column", "Client"), -STATE_W);
  g_string_append_c (out, ' ');
  cell (out, a, -(ARROW_W + 2));
  g_string_append_c (out, ' ');
  cell (out, C_("ladder column", "Server"), -STATE_W);
  g_string_append_printf (out, "  %s\n", b);
  g_string_append_printf (out, "%6s %10s  %-*s %-*s %-*s\n", "", "", STATE_W,
                          ci->midstream ? "?" : "CLOSED", ARROW_W + 2, "", STATE_W, ci->midstream ? "?" : "LISTEN");
  gboolean three_segment = FALSE;
  for (guint i = 0; i < lsc_ladder_n_entries (l); i++)
    three_segment |= lsc_ladder_entry (l, i)->role == LSC_ROLE_TD_FINACK23;
  GString *label = g_string_new (NULL);
  for (guint i = 0; i < lsc_ladder_n_entries (l); i++)
    {
      const LscLadderEntry *s = lsc_ladder_entry (l, i);
      const LscLadderSpan *ph = lsc_ladder_phase (l, s->phase);
      if (ph->first == i)
        {
          if (i > 0)
            g_string_append (out, "       +----\n");
          g_string_append_printf (out, "       +---- %s\n", phase_label (ph->kind, three_segment));
        }
      g_string_truncate (label, 0);
      lsc_ladder_format_label (l, s, label);
      /* Build the arrow: "--label--->" or "<---label--" padded to ARROW_W. */
      GString *arrow = g_string_new (s->from_b ? "<-" : "--");
      g_string_append (arrow, label->str);
      glong used = g_utf8_strlen (arrow->str, -1);
      while (used < ARROW_W - 1)
        {
          g_string_append_c (arrow, '-');
          used++;
        }
      g_string_append_c (arrow, s->from_b ? '-' : '>');
      GString *notes = g_string_new (lsc_conv_role_label (s->role));
      lsc_ladder_format_marks (s, notes);
      g_string_append_printf (out, "%6" G_GUINT64_FORMAT " %10.6f  %-*s |%s| %-*s  %s\n", s->frame,
                              (double) (s->ts_ns - cc->first_ns) / 1e9, STATE_W, lsc_tcp_state_name (s->after_a),
                              arrow->str, STATE_W, lsc_tcp_state_name (s->after_b), notes->str);
      g_string_free (arrow, TRUE);
      g_string_free (notes, TRUE);
    }
  if (lsc_ladder_n_entries (l))
    g_string_append (out, "       +----\n");
  g_string_append_printf (out, _("Handshake %s; ended: %s; final states: client %s, server %s\n\n"),
                          ci->handshake_complete ? _("complete") : _("not complete"), lsc_conv_end_label (ci->end),
                          lsc_tcp_state_name (ci->state_a), lsc_tcp_state_name (ci->state_b));
  g_string_free (label, TRUE);
}

gboolean
lsc_cli_conv_report (LscCliConv *cc, GString *out)
{
  if (!cc || !cc->conv)
    return TRUE;
  lsc_conv_finish (cc->conv);
  if (opt.flow)
    {
      gboolean any = FALSE;
      for (guint i = 0; i < lsc_conv_count (cc->conv); i++)
        {
          const LscConvInfo *ci = lsc_conv_nth (cc->conv, i);
          if (ci->kind != LSC_CONV_TCP || (opt.stream >= 0 && ci->id != (guint32) opt.stream))
            continue;
          LscLadder *l = i < cc->ladders->len ? g_ptr_array_index (cc->ladders, i) : NULL;
          g_autoptr (LscLadder) empty = l ? NULL : lsc_ladder_new (cc->conv, i);
          if (!l)
            l = empty;
          lsc_ladder_finish (l);
          print_ladder (cc, l, out);
          any = TRUE;
        }
      if (!any && opt.stream >= 0)
        {
          fprintf (stderr, "layerscope-cli: --stream %d: there is no TCP stream %d in this capture\n", opt.stream, opt.stream);
          return FALSE;
        }
      if (!any)
        g_string_append (out, _("No TCP streams in this capture.\n"));
    }
  if (opt.conversations)
    print_tables (cc, out);
  return TRUE;
}

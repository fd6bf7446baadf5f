/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-conv-table.c — the conversation tables' columns and cells */
#include "lsc-conv-table.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static const LscConvColumn tcp_cols[] = {
  { N_("Stream"), TRUE }, { N_("Client (A)"), FALSE }, { N_("Server (B)"), FALSE },
  { N_("A→B frames/bytes"), TRUE }, { N_("B→A frames/bytes"), TRUE }, { N_("Start"), TRUE },
  { N_("Duration"), TRUE }, { N_("Handshake"), FALSE }, { N_("Ended"), FALSE }, { N_("Final states A / B"), FALSE },
};
static const LscConvColumn udp_cols[] = {
  { N_("Stream"), TRUE }, { N_("Address A"), FALSE }, { N_("Address B"), FALSE },
  { N_("A→B frames/bytes"), TRUE }, { N_("B→A frames/bytes"), TRUE }, { N_("Start"), TRUE }, { N_("Duration"), TRUE },
};
static const LscConvColumn icmp_cols[] = {
  { "#", TRUE }, { N_("Pinger (A)"), FALSE }, { N_("Target (B)"), FALSE }, { N_("Id"), TRUE },
  { N_("Requests"), TRUE }, { N_("Replies"), TRUE }, { N_("No reply"), TRUE }, { N_("Dup"), TRUE },
  { N_("Start"), TRUE }, { N_("Duration"), TRUE },
};
static const LscConvColumn arp_cols[] = {
  { "#", TRUE }, { N_("Asker (A)"), FALSE }, { N_("Asked for (B)"), FALSE }, { N_("Requests"), TRUE },
  { N_("Replies"), TRUE }, { N_("No reply"), TRUE }, { N_("Gratuit."), TRUE }, { N_("Conflict"), TRUE },
  { N_("Start"), TRUE }, { N_("Duration"), TRUE },
};

guint
lsc_conv_table_columns (LscConvKind kind, const LscConvColumn **columns)
{
  switch (kind)
    {
    case LSC_CONV_TCP: *columns = tcp_cols; return G_N_ELEMENTS (tcp_cols);
    case LSC_CONV_UDP: *columns = udp_cols; return G_N_ELEMENTS (udp_cols);
    case LSC_CONV_ICMP: *columns = icmp_cols; return G_N_ELEMENTS (icmp_cols);
    case LSC_CONV_ARP: *columns = arp_cols; return G_N_ELEMENTS (arp_cols);
    default: *columns = NULL; return 0;
    }
}

/* An endpoint as one number that sorts like the address, then the port. */
static double
endpoint_key (const LscConvInfo *ci, gboolean b_side)
{
  const guint8 *a = b_side ? ci->addr_b : ci->addr_a;
  double k = 0;
  /* The first 6 bytes of an address fit a double exactly with the port. */
  for (int i = 0; i < (ci->family == 6 ? 6 : 4); i++)
    k = k * 256 + a[i];
  return k * 65536 + (b_side ? ci->port_b : ci->port_a);
}

GStrv
lsc_conv_table_cells (const LscConvInfo *ci, gint64 first_ns, double keys[LSC_CONV_TABLE_MAX_COLUMNS])
{
  GPtrArray *b = g_ptr_array_new ();
  double k[LSC_CONV_TABLE_MAX_COLUMNS] = { 0 };
  guint n = 0;
  char a[80], bb[80];
  lsc_conv_format_endpoint (ci, FALSE, a, sizeof a);
  lsc_conv_format_endpoint (ci, TRUE, bb, sizeof bb);
  double start = (double) (ci->start_ns - first_ns) / 1e9, dur = (double) (ci->last_ns - ci->start_ns) / 1e9;
#define CELL(key, ...) G_STMT_START { k[n++] = (key); g_ptr_array_add (b, g_strdup_printf (__VA_ARGS__)); } G_STMT_END
  CELL (ci->id, "%u", ci->id);
  CELL (endpoint_key (ci, FALSE), "%s", a);
  CELL (endpoint_key (ci, TRUE), "%s", bb);
  switch (ci->kind)
    {
    case LSC_CONV_TCP:
    case LSC_CONV_UDP:
      CELL ((double) ci->bytes[0], "%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT, ci->packets[0], ci->bytes[0]);
      CELL ((double) ci->bytes[1], "%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT, ci->packets[1], ci->bytes[1]);
      CELL (start, "%.6f", start);
      CELL (dur, "%.6f", dur);
      if (ci->kind == LSC_CONV_UDP)
        break;
      CELL (ci->handshake_complete ? 2 : ci->midstream ? 1 : 0, "%s",
            ci->handshake_complete ? _("yes") : ci->midstream ? _("not seen") : _("no"));
      CELL (ci->end, "%s", lsc_conv_end_label (ci->end));
      CELL (ci->state_a * 16 + ci->state_b, "%s / %s%s", lsc_tcp_state_name (ci->state_a), lsc_tcp_state_name (ci->state_b),
            ci->midstream ? _(" (capture started mid-stream: client inferred)") : "");
      break;
    case LSC_CONV_ICMP:
      /* The identifier as the packet summary shows it (hex), with its decimal value. */
      CELL (ci->port_a, "0x%04x (%u)", ci->port_a, ci->port_a);
      CELL (ci->requests, "%u", ci->requests);
      CELL (ci->replies, "%u", ci->replies);
      CELL (ci->unanswered, "%u", ci->unanswered);
      CELL (ci->duplicates, "%u", ci->duplicates);
      CELL (start, "%.6f", start);
      CELL (dur, "%.6f", dur);
      break;
    case LSC_CONV_ARP:
      CELL (ci->requests, "%u", ci->requests);
      CELL (ci->replies, "%u", ci->replies);
      CELL (ci->unanswered, "%u", ci->unanswered);
      CELL (ci->gratuitous, "%u", ci->gratuitous);
      CELL (ci->conflicts, "%u", ci->conflicts);
      CELL (start, "%.6f", start);
      CELL (dur, "%.6f", dur);
      break;
    }
#undef CELL
  if (keys)
    memcpy (keys, k, sizeof k);
  g_ptr_array_add (b, NULL);
  return (GStrv) g_ptr_array_free (b, FALSE);
}

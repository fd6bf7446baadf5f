/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-packet-list.h — the packet list with its display filter bar */
#pragma once

#include <gtk/gtk.h>
#include "core/lsc-store.h"
#include "core/lsc-format.h"

G_BEGIN_DECLS

#define LSC_TYPE_PACKET_LIST (lsc_packet_list_get_type ())
G_DECLARE_FINAL_TYPE (LscPacketList, lsc_packet_list, LSC, PACKET_LIST, GtkWidget)

GtkWidget *lsc_packet_list_new (void);
void lsc_packet_list_set_store (LscPacketList *self, LscStore *store);
/* Apply a display filter; FALSE (and the error shown inline) when it does not compile. */
gboolean lsc_packet_list_set_filter_text (LscPacketList *self, const char *text);
/* TRUE while a display filter is still being applied (it runs in slices). */
gboolean lsc_packet_list_is_filtering (LscPacketList *self);
/* The tooltip of a cell's label (its whole text, or the Info's own tip),
 * made only when the pointer rests on the cell. */
const char *lsc_packet_list_cell_tooltip (GtkWidget *label);
/* Stop a filter that is still working through the packets: every packet is
 * shown again, the filter's text stays in the entry. */
void lsc_packet_list_stop_filter (LscPacketList *self);
/* Select the packet with store index i (if the filter shows it). */
gboolean lsc_packet_list_select_index (LscPacketList *self, guint i);
/* Store index of the selected packet, G_MAXUINT for none. */
guint lsc_packet_list_get_selected_index (LscPacketList *self);
/* The store indices of the packets shown, in capture order whatever the
 * sort (a GArray of guint): what "save the packets shown" writes. */
GArray *lsc_packet_list_dup_shown_indices (LscPacketList *self);
/* Rows as shown (after the filter, in the sort order). */
GListModel *lsc_packet_list_get_rows (LscPacketList *self);
/* Keep the newest row in view as rows arrive (until the user scrolls away). */
void lsc_packet_list_set_follow (LscPacketList *self, gboolean follow);
void lsc_packet_list_scroll_to_end (LscPacketList *self);
GtkWidget *lsc_packet_list_get_filter_entry (LscPacketList *self);
/* How the Time column counts: LSC_TIME_RELATIVE (since the first packet),
 * LSC_TIME_DELTA (since the previous), LSC_TIME_ABSOLUTE, LSC_TIME_UTC. */
void lsc_packet_list_set_time_format (LscPacketList *self, LscTimeFormat fmt);
/* The "Client state" and "Server state" columns (TCP states after each segment). */
void lsc_packet_list_set_state_columns (LscPacketList *self, gboolean show);
gboolean lsc_packet_list_get_state_columns (LscPacketList *self);
GtkWidget *lsc_packet_list_get_column_view (LscPacketList *self);
/* Sort the rows by column col (0 No., 1 Time, 2 Source, 3 Destination,
 * 4 Protocol, 5 Length, 6 and 7 the state columns, 8 Info; -1 capture
 * order), as a click on its header does; ties keep capture order.  A big
 * capture sorts in the background (lsc_packet_list_is_sorting()); selection,
 * stepping and the display filter work in any order. */
void lsc_packet_list_sort_by (LscPacketList *self, int col, gboolean descending);
int lsc_packet_list_get_sort (LscPacketList *self, gboolean *descending);
gboolean lsc_packet_list_is_sorting (LscPacketList *self);

G_END_DECLS

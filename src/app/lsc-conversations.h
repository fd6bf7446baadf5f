/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-conversations.h — the conversation tables: TCP, UDP, ICMP echo and ARP tabs
 *
 * The app's `layerscope-cli --conversations`: one sortable table per kind,
 * the same columns and cells (lsc-conv-table.h).  Double-click or Enter on a
 * row emits "conversation-activated" with its index for lsc_conv_nth().
 */
#pragma once

#include <gtk/gtk.h>
#include "core/lsc-conv.h"

G_BEGIN_DECLS

#define LSC_TYPE_CONVERSATIONS (lsc_conversations_get_type ())
G_DECLARE_FINAL_TYPE (LscConversations, lsc_conversations, LSC, CONVERSATIONS, GtkWidget)

GtkWidget *lsc_conversations_new (void);
/* Rebuild the tables from conv (NULL empties them); times are shown relative
 * to first_ns, the capture's first packet.  The cells are copied: conv may
 * change or go afterwards. */
void lsc_conversations_set_conv (LscConversations *self, LscConv *conv, gint64 first_ns);

/* For tests: the table of one kind, its rows as shown (sorted). */
GtkColumnView *lsc_conversations_get_view (LscConversations *self, LscConvKind kind);
/* The conversation index (for lsc_conv_nth) of row position in that table, or -1. */
gint lsc_conversations_get_index (LscConversations *self, LscConvKind kind, guint position);
/* Show that kind's tab. */
void lsc_conversations_show_kind (LscConversations *self, LscConvKind kind);

G_END_DECLS

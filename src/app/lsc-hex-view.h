/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-hex-view.h — offset / hex / ASCII view of one frame, tinted by layer */
#pragma once

#include <gtk/gtk.h>
#include "lsc-layer-item.h"

G_BEGIN_DECLS

#define LSC_TYPE_HEX_VIEW (lsc_hex_view_get_type ())
G_DECLARE_FINAL_TYPE (LscHexView, lsc_hex_view, LSC, HEX_VIEW, GtkWidget)

GtkWidget *lsc_hex_view_new (void);
/* Show a decoded frame (NULL clears). */
void lsc_hex_view_set_decoded (LscHexView *self, LscDecoded *d);
/* Highlight bytes [offset, offset + length) — the selected node; length 0 clears. */
void lsc_hex_view_set_highlight (LscHexView *self, guint offset, guint length);
/* Highlight the bytes of tree node idx of d (a derived fact: the bytes it was
 * derived from); -1 clears.  Returns the node whose bytes are shown, or NULL. */
const LscNode *lsc_hex_view_highlight_node (LscHexView *self, LscDecoded *d, gint32 idx);
void lsc_hex_view_get_highlight (LscHexView *self, guint *offset, guint *length);
/* The byte the keyboard cursor is on. */
guint lsc_hex_view_get_cursor (LscHexView *self);
/* Where byte offset is drawn (in widget coordinates), for tests and tooltips. */
gboolean lsc_hex_view_get_byte_rect (LscHexView *self, guint offset, graphene_rect_t *out);
/* The byte under (x, y), or -1. */
int lsc_hex_view_byte_at (LscHexView *self, double x, double y);

/* Text for the copy actions, over the highlighted bytes (or the whole frame). */
char *lsc_hex_view_format_hex (LscHexView *self);
char *lsc_hex_view_format_text (LscHexView *self);
char *lsc_hex_view_format_c_array (LscHexView *self);
/* struct.pack call reproducing the header that holds the highlight. */
char *lsc_hex_view_format_python (LscHexView *self);

G_END_DECLS

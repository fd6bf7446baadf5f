/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-flow-view.h — the ladder (flow) diagram of one conversation
 *
 * Client and server lifelines with their addresses, one arrow per packet
 * labelled with its flags, relative seq/ack, length and time, the state of
 * each end written beside its lifeline wherever it changes, the phases as
 * tinted bands with their names, and retransmissions / duplicate ACKs
 * marked.  Only the rows in view are drawn (GtkScrollable), so a stream of
 * 100,000 segments scrolls like ten.  The same drawing code paints the
 * widget and exports PNG and SVG for slides.
 */
#pragma once

#include <gtk/gtk.h>
#include "core/lsc-ladder.h"

G_BEGIN_DECLS

#define LSC_TYPE_FLOW_VIEW (lsc_flow_view_get_type ())
G_DECLARE_FINAL_TYPE (LscFlowView, lsc_flow_view, LSC, FLOW_VIEW, GtkWidget)

GtkWidget *lsc_flow_view_new (void);
/* Show ladder (taken: freed by the view); NULL shows a hint instead.
 * base_ns is the capture's first timestamp (times are relative to it). */
void lsc_flow_view_set_ladder (LscFlowView *self, LscLadder *ladder, gint64 base_ns);
LscLadder *lsc_flow_view_get_ladder (LscFlowView *self);
/* The same conversation with more arrows (a live capture): keeps the scroll
 * position, or follows the newest arrow when the view was at the end. */
void lsc_flow_view_update_ladder (LscFlowView *self, LscLadder *ladder);
/* Highlight the arrow of that frame (0: none) and scroll it into view. */
void lsc_flow_view_set_selected_frame (LscFlowView *self, guint64 frame);
guint64 lsc_flow_view_get_selected_frame (LscFlowView *self);
/* Play mode: draw only the arrows up to and including that frame
 * (G_MAXUINT64: all). */
void lsc_flow_view_set_reveal_frame (LscFlowView *self, guint64 frame);
/* The hint shown without a ladder. */
void lsc_flow_view_set_placeholder (LscFlowView *self, const char *text);

/* What the program that sent a frame said of it (the connect demo's socket
 * calls): a short label for the arrow ("connect()"), NULL for none, and in
 * detail the sentence for the tooltip. */
typedef const char *(*LscFlowNoteFunc) (guint64 frame, const char **detail, gpointer data);
void lsc_flow_view_set_note_func (LscFlowView *self, LscFlowNoteFunc func, gpointer data, GDestroyNotify destroy);
/* The whole text of a frame's arrow, as its tooltip shows it; NULL when the
 * ladder has no such frame. */
char *lsc_flow_view_describe_frame (LscFlowView *self, guint64 frame);

/* The frame whose arrow is at (x, y) in widget coordinates, 0 for none. */
guint64 lsc_flow_view_frame_at (LscFlowView *self, double x, double y);
/* Where an arrow is drawn, in widget coordinates (FALSE if not in view). */
gboolean lsc_flow_view_get_arrow_area (LscFlowView *self, guint64 frame, graphene_rect_t *out);
/* The whole ladder (every revealed arrow, at most 5,000; a PNG at most
 * 32767 pixels high, about 640 arrows) as a PNG or SVG file, chosen by the
 * extension. */
gboolean lsc_flow_view_export (LscFlowView *self, const char *path, GError **error);
/* Draw everything this much larger (projector mode; 0.5–3). */
void lsc_flow_view_set_zoom (LscFlowView *self, double zoom);
/* How many arrows the last export wrote. */
guint lsc_flow_view_get_exported (LscFlowView *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-follow-view.h — a TCP or UDP conversation's payload, the two ends in two colours
 *
 * Shows lsc-follow.h's result for a learner: each end's bytes in order,
 * retransmitted bytes once, every segment (or datagram) shaded apart from
 * the next and tagged with its frame number, so a request cut in the middle
 * of a word shows where TCP cut it.  Text or hex; Save writes the bytes.
 */
#pragma once

#include <gtk/gtk.h>
#include "core/lsc-conv.h"
#include "core/lsc-follow.h"
#include "core/lsc-store.h"

G_BEGIN_DECLS

#define LSC_TYPE_FOLLOW_VIEW (lsc_follow_view_get_type ())
G_DECLARE_FINAL_TYPE (LscFollowView, lsc_follow_view, LSC, FOLLOW_VIEW, GtkWidget)

GtkWidget *lsc_follow_view_new (void);
/* Follow conversation conv_index (TCP or UDP) of store, whose analysis conv
 * has finished (it is read here, on the calling thread).  store NULL or
 * another kind of conversation clears the view. */
void lsc_follow_view_set_stream (LscFollowView *self, LscStore *store, LscConv *conv, guint conv_index);
/* Convenience: a window holding a view of that conversation. */
GtkWindow *lsc_follow_window_new (GtkWindow *parent, LscStore *store, LscConv *conv, guint conv_index);

/* Text (FALSE) or hex dump (TRUE). */
void lsc_follow_view_set_hex (LscFollowView *self, gboolean hex);
/* Which direction to show and save: -1 both, 0 client to server, 1 server to client. */
void lsc_follow_view_set_direction (LscFollowView *self, int dir);
/* Write the bytes of the direction shown (both: in the order shown) to file. */
gboolean lsc_follow_view_save_to_file (LscFollowView *self, GFile *file, GError **error);

/* For tests: what is shown. */
LscFollow *lsc_follow_view_get_follow (LscFollowView *self);
GtkTextBuffer *lsc_follow_view_get_buffer (LscFollowView *self);
/* The direction (0/1) whose colour the character at offset has, or -1. */
int lsc_follow_view_direction_at (LscFollowView *self, int char_offset);
/* The chunk the character at offset belongs to, or -1. */
int lsc_follow_view_chunk_at (LscFollowView *self, int char_offset);

G_END_DECLS

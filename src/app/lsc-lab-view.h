/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-lab-view.h — the classroom lab drawn: hosts, router, links, each interface's addresses and MAC
 *
 * Hosts stand in a column beside the subnet they are on, the router in the
 * middle; each subnet is a line joining its hosts to the router, labelled
 * with its prefix.  Every box lists its interfaces: name, IPv4 and IPv6
 * addresses (in the network layer's colour) and MAC (in the link layer's).
 * The host the app runs in is marked.  Narrower than its natural width, the
 * drawing is scaled down as a whole, so nothing is cut.
 */
#pragma once

#include <gtk/gtk.h>
#include "core/lsc-lab.h"

G_BEGIN_DECLS

#define LSC_TYPE_LAB_VIEW (lsc_lab_view_get_type ())
G_DECLARE_FINAL_TYPE (LscLabView, lsc_lab_view, LSC, LAB_VIEW, GtkWidget)

GtkWidget *lsc_lab_view_new (void);
/* Show lab (the view takes it) with here marked (a host name, or NULL). */
void lsc_lab_view_set_lab (LscLabView *self, LscLab *lab, const char *here);
const LscLab *lsc_lab_view_get_lab (LscLabView *self);
const char *lsc_lab_view_get_here (LscLabView *self);
/* The text drawn in host's box, NULL for a host the view does not show. */
const char *lsc_lab_view_get_box_text (LscLabView *self, const char *host);
/* Where host's box is drawn, in widget coordinates (scaling included). */
gboolean lsc_lab_view_get_box (LscLabView *self, const char *host, graphene_rect_t *out);

G_END_DECLS

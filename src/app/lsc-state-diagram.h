/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-state-diagram.h — the RFC 9293 TCP state machine, with both ends' states lit */
#pragma once

#include <gtk/gtk.h>
#include "core/lsc-conv.h"

G_BEGIN_DECLS

#define LSC_TYPE_STATE_DIAGRAM (lsc_state_diagram_get_type ())
G_DECLARE_FINAL_TYPE (LscStateDiagram, lsc_state_diagram, LSC, STATE_DIAGRAM, GtkWidget)

GtkWidget *lsc_state_diagram_new (void);

/* Light the client's (A) and the server's (B) state after a segment, and the
 * transition each end just took (before → after) when that is one standard
 * transition.  LSC_TCP_STATE_UNKNOWN lights nothing for that end. */
void lsc_state_diagram_set_states (LscStateDiagram *self, LscTcpState client_before, LscTcpState client_after,
                                   LscTcpState server_before, LscTcpState server_after);
/* Nothing lit. */
void lsc_state_diagram_clear (LscStateDiagram *self);

/* Draw the diagram at any size, fitted and centred, in the widget's colours
 * (light or dark).  Nothing is painted behind it.  Where the whole figure
 * would be too small to read (a short, wide pane: under 0.7 of its natural
 * 540 × 480) only the half holding the lit states is drawn, the opening
 * (CLOSED to ESTABLISHED) or the closing (ESTABLISHED to TIME-WAIT, with
 * CLOSED as the dashed box at the bottom), unless they are in both. */
void lsc_state_diagram_draw (LscStateDiagram *self, cairo_t *cr, int width, int height);
/* Write a .png or .svg file (chosen by the extension) of that size, on the
 * theme's background.  Any other extension: G_IO_ERROR_INVALID_ARGUMENT. */
gboolean lsc_state_diagram_export (LscStateDiagram *self, const char *path, int width, int height, GError **error);

LscTcpState lsc_state_diagram_get_lit_client (LscStateDiagram *self);
LscTcpState lsc_state_diagram_get_lit_server (LscStateDiagram *self);
/* The (translated) label of the transition each end just took, as drawn;
 * NULL when the state did not change or no single transition leads there. */
const char *lsc_state_diagram_get_client_transition (LscStateDiagram *self);
const char *lsc_state_diagram_get_server_transition (LscStateDiagram *self);
/* Where state s's box is drawn in a width × height drawing; FALSE for a
 * value with no box (UNKNOWN) or a box in the half not drawn. */
gboolean lsc_state_diagram_get_box (LscStateDiagram *self, LscTcpState s, int width, int height, graphene_rect_t *out);

G_END_DECLS

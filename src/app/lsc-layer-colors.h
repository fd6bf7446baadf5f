/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-layer-colors.h — one colour per layer, used by the tree, hex view and anatomy bar */
#pragma once

#include <gtk/gtk.h>
#include "core/lsc-tree.h"

G_BEGIN_DECLS

/* Colours are keyed by OSI layer (1..7) so a header keeps its colour whatever
 * model groups it; 0 is "no layer" (padding, bytes no header claims). */
void lsc_layer_color (guint osi, GdkRGBA *out);
/* The OSI layer of the header that holds node idx (0 when none). */
guint lsc_layer_osi_of_node (const LscTree *t, gint32 idx);
/* CSS class for a layer chip: "layer-osi-3". Static string. */
const char *lsc_layer_css_class (guint osi);

/* A connection's two ends, the same in every view (flow ladder, state
 * diagram): the client (A) blue, the server (B) orange, a pair the common
 * colour blindnesses still tell apart; tones for a light or a dark theme. */
void lsc_end_color (gboolean server, gboolean dark, GdkRGBA *out);

/* The widget's text colour (GTK 4.8 has no gtk_widget_get_color). */
void lsc_widget_get_fg (GtkWidget *w, GdkRGBA *out);

/* Render w as it is on screen into a PNG file (tests, screenshots). */
gboolean lsc_widget_save_png (GtkWidget *w, const char *path, GError **error);

/* Unparent every child: for composite widgets whose template root is not a bound child. */
void lsc_widget_unparent_children (GtkWidget *w);

/* A right-click menu: a popover child of parent built from sections of
 * (label, action) pairs (a NULL label ends a section, two end the menu),
 * opened by the secondary button on target after pressed runs (which may
 * select what is under the pointer, then calls lsc_context_menu_popup()). */
GtkWidget *lsc_context_menu_new (GtkWidget *parent, GtkWidget *target, const char *const *items,
                                 GCallback pressed, gpointer data);
/* Show menu at (x, y) of from (a descendant of the menu's parent). */
void lsc_context_menu_popup (GtkWidget *menu, GtkWidget *from, double x, double y);

G_END_DECLS

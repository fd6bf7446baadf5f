/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-layer-tree.h — the decoded frame grouped by the layers of a network model */
#pragma once

#include <gtk/gtk.h>
#include "lsc-layer-item.h"
#include "core/lsc-store.h"

G_BEGIN_DECLS

#define LSC_TYPE_LAYER_TREE (lsc_layer_tree_get_type ())
G_DECLARE_FINAL_TYPE (LscLayerTree, lsc_layer_tree, LSC, LAYER_TREE, GtkWidget)

GtkWidget *lsc_layer_tree_new (void);
/* Show d grouped by model (d NULL clears).  Keeps the selected field when the
 * same frame is regrouped under another model. */
void lsc_layer_tree_set_decoded (LscLayerTree *self, LscDecoded *d, LscModel model);
void lsc_layer_tree_set_model (LscLayerTree *self, LscModel model);
LscModel lsc_layer_tree_get_model (LscLayerTree *self);
/* Select tree node idx, expanding its ancestors and scrolling to it. */
gboolean lsc_layer_tree_select_node (LscLayerTree *self, gint32 idx);
/* The selected node's tree index, −1 for a layer heading or nothing. */
gint32 lsc_layer_tree_get_selected_node (LscLayerTree *self);
/* Open every line (or close every header, keeping the layers open). */
void lsc_layer_tree_expand_all (LscLayerTree *self, gboolean expand);
/* The rows as shown (a GtkTreeListModel of LscLayerItem rows), for tests. */
GListModel *lsc_layer_tree_get_rows (LscLayerTree *self);
/* The text a row shows. */
char *lsc_layer_tree_item_text (LscLayerItem *item);
/* The explanation panel's current text. */
const char *lsc_layer_tree_get_explanation (LscLayerTree *self);
/* The store whose dissect options hold the prefixes in effect (borrowed). */
void lsc_layer_tree_set_store (LscLayerTree *self, LscStore *store);
/* "Set Prefix for This Address…" (the right-click menu's): a popover with
 * the prefix for the selected line's IPv4 address (an address, or a fact
 * derived from one); Apply emits "address-prefix" (address in host order,
 * prefix; 0 for "use the capture's").  FALSE when the line has no address. */
gboolean lsc_layer_tree_edit_address_prefix (LscLayerTree *self);
GtkWidget *lsc_layer_tree_get_prefix_popover (LscLayerTree *self);
/* What the subnet calculator starts from: the selected line's address if it
 * is one, else the packet's IP source, with the prefix in effect (else the
 * class's default; /64 for IPv6); NULL without an IP address. */
char *lsc_layer_tree_get_calc_text (LscLayerTree *self);
/* The frame's source MAC (for the calculator's EUI-64), NULL without one. */
char *lsc_layer_tree_get_source_mac (LscLayerTree *self);

G_END_DECLS

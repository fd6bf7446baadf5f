/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-layer-tree.h — the decoded frame grouped by the layers of a network model */
#pragma once

#include <gtk/gtk.h>
#include "lsc-layer-item.h"

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

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-layer-item.h — the items of the layer tree (GtkTreeListModel's input)
 *
 * A decoded frame is shared, reference-counted, by every item made from it,
 * so a row that GTK still holds while the next packet is decoded keeps
 * pointing at the tree it was made from.
 */
#pragma once

#include <gio/gio.h>
#include "core/lsc-tree.h"
#include "core/lsc-layers.h"

G_BEGIN_DECLS

typedef struct {
  LscTree *tree;
  guint index;  /* the packet's index in its store */
  GBytes *frame; /* the bytes the tree points into when no store holds them (a crafted frame), or NULL */
} LscDecoded;

LscDecoded *lsc_decoded_new (guint index);  /* with an empty tree */
LscDecoded *lsc_decoded_ref (LscDecoded *d);
void lsc_decoded_unref (LscDecoded *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LscDecoded, lsc_decoded_unref)

#define LSC_TYPE_LAYER_ITEM (lsc_layer_item_get_type ())
G_DECLARE_FINAL_TYPE (LscLayerItem, lsc_layer_item, LSC, LAYER_ITEM, GObject)

/* The model's layers in byte order, lowest first (as Wireshark's tree, the
 * CLI, the hex view and the anatomy bar go), so all read the same way. */
GListModel *lsc_layer_items_for_model (LscDecoded *d, LscModel model);
/* Children of an item (headers of a layer, fields of a header), or NULL. */
GListModel *lsc_layer_item_children (LscLayerItem *item);

gboolean lsc_layer_item_is_layer (LscLayerItem *item);
guint lsc_layer_item_get_layer (LscLayerItem *item);   /* model layer (layer items) */
LscModel lsc_layer_item_get_model (LscLayerItem *item);
gint32 lsc_layer_item_get_node (LscLayerItem *item);   /* tree index, -1 for layers */
LscDecoded *lsc_layer_item_get_decoded (LscLayerItem *item);
/* Whether the layer holds any header in this frame. */
gboolean lsc_layer_item_is_empty (LscLayerItem *item);

G_END_DECLS

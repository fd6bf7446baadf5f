/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-layer-item.c — layer tree items */
#include "lsc-layer-item.h"

LscDecoded *
lsc_decoded_new (guint index)
{
  LscDecoded *d = g_rc_box_new0 (LscDecoded);
  d->tree = lsc_tree_new ();
  d->index = index;
  return d;
}

LscDecoded *
lsc_decoded_ref (LscDecoded *d)
{
  return g_rc_box_acquire (d);
}

static void
decoded_clear (gpointer data)
{
  LscDecoded *d = data;
  lsc_tree_free (d->tree);
  g_clear_pointer (&d->frame, g_bytes_unref);
}

void
lsc_decoded_unref (LscDecoded *d)
{
  g_rc_box_release_full (d, decoded_clear);
}

struct _LscLayerItem {
  GObject parent_instance;
  LscDecoded *decoded;
  LscModel model;
  guint layer;    /* model layer, 0 for node items */
  gint32 node;    /* -1 for layer items */
};

G_DEFINE_FINAL_TYPE (LscLayerItem, lsc_layer_item, G_TYPE_OBJECT)

static void
lsc_layer_item_finalize (GObject *object)
{
  LscLayerItem *self = LSC_LAYER_ITEM (object);
  g_clear_pointer (&self->decoded, lsc_decoded_unref);
  G_OBJECT_CLASS (lsc_layer_item_parent_class)->finalize (object);
}

static void
lsc_layer_item_class_init (LscLayerItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lsc_layer_item_finalize;
}

static void
lsc_layer_item_init (LscLayerItem *self)
{
  self->node = -1;
}

static LscLayerItem *
item_new (LscDecoded *d, LscModel model, guint layer, gint32 node)
{
  LscLayerItem *self = g_object_new (LSC_TYPE_LAYER_ITEM, NULL);
  self->decoded = lsc_decoded_ref (d);
  self->model = model;
  self->layer = layer;
  self->node = node;
  return self;
}

GListModel *
lsc_layer_items_for_model (LscDecoded *d, LscModel model)
{
  GListStore *store = g_list_store_new (LSC_TYPE_LAYER_ITEM);
  for (guint k = 1; k <= lsc_model_n_layers (model); k++)
    {
      g_autoptr (LscLayerItem) item = item_new (d, model, k, -1);
      g_list_store_append (store, item);
    }
  return G_LIST_MODEL (store);
}

gboolean
lsc_layer_item_is_empty (LscLayerItem *self)
{
  return lsc_model_layer_is_empty (self->model, self->decoded->tree, self->layer);
}

GListModel *
lsc_layer_item_children (LscLayerItem *self)
{
  const LscTree *t = self->decoded->tree;
  GListStore *store = NULL;
  /* A layer's children are the top-level headers the model puts in it; a
   * node's are its own children. */
  gint32 first = self->node < 0 ? lsc_tree_first_top (t) : lsc_tree_node (t, self->node)->first_child;
  for (gint32 i = first; i >= 0; i = lsc_tree_node (t, i)->next)
    {
      const LscNode *n = lsc_tree_node (t, i);
      if (self->node < 0 ? !lsc_model_node_in_layer (self->model, n, self->layer) : (n->flags & LSC_NODE_HIDDEN) != 0)
        continue;
      g_autoptr (LscLayerItem) item = item_new (self->decoded, self->model, 0, i);
      if (!store)
        store = g_list_store_new (LSC_TYPE_LAYER_ITEM);
      g_list_store_append (store, item);
    }
  return store ? G_LIST_MODEL (store) : NULL;
}

gboolean
lsc_layer_item_is_layer (LscLayerItem *self)
{
  return self->node < 0;
}

guint
lsc_layer_item_get_layer (LscLayerItem *self)
{
  return self->layer;
}

LscModel
lsc_layer_item_get_model (LscLayerItem *self)
{
  return self->model;
}

gint32
lsc_layer_item_get_node (LscLayerItem *self)
{
  return self->node;
}

LscDecoded *
lsc_layer_item_get_decoded (LscLayerItem *self)
{
  return self->decoded;
}

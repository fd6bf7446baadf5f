/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-layers.h — network models (OSI 7, TCP/IP 4, TCP/IP 5)
 *
 * Every protocol header knows its OSI layer (LscField.layer); the TCP/IP
 * models are a mapping of those.  Views group a tree's top-level nodes by the
 * layer the chosen model gives them.
 */
#pragma once

#include <glib.h>
#include "lsc-fields.h"
#include "lsc-tree.h"

G_BEGIN_DECLS

typedef enum {
  LSC_MODEL_OSI,      /* 7 layers */
  LSC_MODEL_TCPIP4,   /* Link, Internet, Transport, Application */
  LSC_MODEL_TCPIP5,   /* Physical, Data link, Network, Transport, Application */
} LscModel;

/* Parse "osi", "tcpip4", "tcpip5" (also "tcp/ip"); FALSE when unknown. */
gboolean lsc_model_from_string (const char *s, LscModel *out);
const char *lsc_model_to_string (LscModel m);
/* Human name of the model, translated. */
const char *lsc_model_name (LscModel m);

/* Number of layers in the model, and layer k (1 = lowest). */
guint lsc_model_n_layers (LscModel m);
const char *lsc_model_layer_name (LscModel m, guint k);       /* translated, e.g. "Network" */
const char *lsc_model_layer_blurb (LscModel m, guint k);      /* one sentence about the layer */
/* The model layer (1..n) that holds an OSI layer. */
guint lsc_model_layer_of (LscModel m, LscOsiLayer osi);

/* The model layer of a tree's top-level node (protocol headers; frame → 1). */
guint lsc_model_layer_of_node (LscModel m, const LscNode *n);
/* Which headers sit in layer k: the one rule every view (app tree, -V text,
 * JSON) uses.  A top-level node is in layer k when the model places it
 * there and it is not hidden (hidden nodes are for filters only). */
gboolean lsc_model_node_in_layer (LscModel m, const LscNode *n, guint k);
/* The next top-level node of t in layer k after `after` (-1: from the
 * start), or -1; and whether layer k holds none. */
gint32 lsc_model_next_in_layer (LscModel m, const LscTree *t, guint k, gint32 after);
gboolean lsc_model_layer_is_empty (LscModel m, const LscTree *t, guint k);

G_END_DECLS

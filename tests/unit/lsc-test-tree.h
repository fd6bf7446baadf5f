/* lsc-test-tree.h — asking a decoded tree about its nodes, for the protocol tests */
#pragma once

#include "core/lsc-tree.h"

#include <string.h>

/* The value of the first node with this field id; the test fails when there is none. */
G_GNUC_UNUSED static guint64
uval (LscTree *t, const char *id)
{
  gint32 i = lsc_tree_find (t, id);
  if (i < 0)
    g_error ("field %s missing", id);
  return lsc_tree_node (t, i)->v.u;
}

/* The index of the nth (from 0) node with this field id, or -1. */
G_GNUC_UNUSED static gint32
nth_field (LscTree *t, const char *id, guint nth)
{
  for (guint i = 0; i < lsc_tree_count (t); i++)
    if (g_strcmp0 (lsc_tree_node (t, (gint32) i)->field->id, id) == 0 && nth-- == 0)
      return (gint32) i;
  return -1;
}

G_GNUC_UNUSED static const char *
sval_n (LscTree *t, const char *id, guint nth)
{
  gint32 i = nth_field (t, id, nth);
  if (i < 0)
    g_error ("field %s #%u missing", id, nth);
  return lsc_tree_node (t, i)->text;
}

G_GNUC_UNUSED static const char *
sval (LscTree *t, const char *id)
{
  return sval_n (t, id, 0);
}

G_GNUC_UNUSED static guint
count_field (LscTree *t, const char *id)
{
  guint n = 0;
  for (guint i = 0; i < lsc_tree_count (t); i++)
    if (g_strcmp0 (lsc_tree_node (t, (gint32) i)->field->id, id) == 0)
      n++;
  return n;
}

/* TRUE when any node carries one of the flags. */
G_GNUC_UNUSED static gboolean
any_flag (LscTree *t, guint16 flags)
{
  for (guint i = 0; i < lsc_tree_count (t); i++)
    if (lsc_tree_node (t, (gint32) i)->flags & flags)
      return TRUE;
  return FALSE;
}

/* TRUE when an expert note's text contains needle. */
G_GNUC_UNUSED static gboolean
has_note (LscTree *t, const char *needle)
{
  for (guint i = 0; i < lsc_tree_count (t); i++)
    {
      const LscNode *n = lsc_tree_node (t, (gint32) i);
      if (n->field->id && g_str_has_prefix (n->field->id, "_ws.expert") && n->text && strstr (n->text, needle))
        return TRUE;
    }
  return FALSE;
}

/* Every node with bytes of its own lies inside the len bytes of the frame. */
G_GNUC_UNUSED static void
assert_nodes_inside (LscTree *t, guint32 len)
{
  for (guint i = 0; i < lsc_tree_count (t); i++)
    {
      const LscNode *n = lsc_tree_node (t, (gint32) i);
      if (n->length && (n->offset > len || n->length > len - n->offset))
        g_error ("node %u (%s) covers %u+%u, beyond the %u-byte frame", i, n->field->id ? n->field->id : "text",
                 n->offset, n->length, len);
    }
}

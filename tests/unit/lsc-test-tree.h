/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-test-tree.h — asking a decoded tree about its nodes, for the protocol tests */
#pragma once

#include "core/lsc-dissect.h"
#include "core/lsc-format.h"
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

G_GNUC_UNUSED static const LscNode *
need (LscTree *t, const char *id)
{
  gint32 i = lsc_tree_find (t, id);
  if (i < 0)
    g_error ("field %s missing", id);
  return lsc_tree_node (t, i);
}

/* The nth (from 0) node with this id has this value, absolute offset and length. */
G_GNUC_UNUSED static void
check_nth (LscTree *t, const char *id, guint nth, guint64 value, guint32 off, guint32 len)
{
  gint32 i = nth_field (t, id, nth);
  if (i < 0)
    g_error ("field %s #%u missing", id, nth);
  const LscNode *n = lsc_tree_node (t, i);
  if (n->v.u != value || n->offset != off || n->length != len)
    g_error ("%s #%u: got value %" G_GUINT64_FORMAT " at %u+%u, want %" G_GUINT64_FORMAT " at %u+%u",
             id, nth, n->v.u, n->offset, n->length, value, off, len);
}

G_GNUC_UNUSED static void
check (LscTree *t, const char *id, guint64 value, guint32 off, guint32 len)
{
  check_nth (t, id, 0, value, off, len);
}

/* Decodes every prefix of a frame, each from an exact-size copy so that
 * AddressSanitizer sees any read past it, once as cut by the snap length
 * (wire length = the whole frame) and once as a short packet (wire length =
 * the prefix).  Nothing may lie outside the prefix, and prefixes of err_lo
 * up to err_hi - 1 bytes must be flagged as an error. */
G_GNUC_UNUSED static void
assert_every_prefix (LscTree *t, const guint8 *frame, gsize len, int linktype, guint prefix, gsize err_lo, gsize err_hi)
{
  g_autoptr (GString) s = g_string_new (NULL);
  LscDissectOptions o;
  lsc_dissect_options_init (&o);
  o.ipv4_prefix = prefix;
  for (gsize n = 0; n <= len; n++)
    for (int wire = 0; wire < 2; wire++)
      {
        guint8 *copy = g_memdup2 (frame, n ? n : 1);
        LscPacket p = { .num = 1, .caplen = (guint32) n, .wirelen = (guint32) (wire ? n : len),
                        .linktype = linktype, .data = copy };
        lsc_dissect (t, &p, &o);
        g_string_truncate (s, 0);
        lsc_format_tree_text (t, LSC_MODEL_TCPIP5, TRUE, s);
        g_assert_cmpuint (s->len, >, 0);
        assert_nodes_inside (t, (guint32) n);
        if (n >= err_lo && n < err_hi && !(lsc_tree_pinfo (t)->has & LSC_HAS_ERROR))
          g_error ("a %" G_GSIZE_FORMAT "-byte prefix of a %" G_GSIZE_FORMAT "-byte frame is not flagged", n, len);
        g_free (copy);
      }
}

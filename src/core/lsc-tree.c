/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-tree.c — node storage for one decoded frame */
#include "lsc-tree.h"
#include "lsc-format.h"

#include <stdarg.h>
#include <string.h>

#define ARENA_CHUNK 4096

typedef struct _Chunk Chunk;
struct _Chunk {
  Chunk *next;
  gsize size;
  gsize used;
  guint8 data[];
};

struct _LscTree {
  LscTreeHead head;     /* must stay first: see lsc_tree_sinks(); holds the nodes */
  guint cap_nodes;
  gint32 last_top;
  Chunk *chunks;        /* current chunk first */
  Chunk *spare;         /* chunks kept for reuse after a reset */
  guint n_spare;
  LscPinfo pinfo;
  LscPacket packet;
  GString *scratch;     /* lsc_tree_scratch() */
  const struct _LscDissectOptions *opt;
  const guint8 *reasm_data;
  guint32 reasm_len;
};

LscTree *
lsc_tree_new (void)
{
  LscTree *t = g_new0 (LscTree, 1);
  t->cap_nodes = 64;
  t->head.nodes = g_new (LscNode, t->cap_nodes);
  t->pinfo.info = g_string_sized_new (128);
  lsc_tree_reset (t);
  return t;
}

static void
free_chunks (Chunk *c)
{
  while (c)
    {
      Chunk *n = c->next;
      g_free (c);
      c = n;
    }
}

void
lsc_tree_free (LscTree *t)
{
  if (!t)
    return;
  free_chunks (t->chunks);
  free_chunks (t->spare);
  g_string_free (t->pinfo.info, TRUE);
  if (t->scratch)
    g_string_free (t->scratch, TRUE);
  g_free (t->head.nodes);
  g_free (t);
}

void
lsc_tree_reset (LscTree *t)
{
  GString *info = t->pinfo.info;

  t->head.n_nodes = 0;
  t->head.first_top = -1;
  t->last_top = -1;
  /* Keep the standard chunks (a few frames need more than one) so a pass over
   * a capture does not allocate per frame; big one-off chunks go. */
  while (t->chunks)
    {
      Chunk *c = t->chunks;
      t->chunks = c->next;
      if (c->size == ARENA_CHUNK && t->n_spare < 16)
        {
          c->used = 0;
          c->next = t->spare;
          t->spare = c;
          t->n_spare++;
        }
      else
        g_free (c);
    }
  memset (&t->pinfo, 0, sizeof t->pinfo);
  t->reasm_data = NULL;
  t->reasm_len = 0;
  t->pinfo.info = info;
  g_string_truncate (info, 0);
  t->pinfo.protocol = "";
  t->pinfo.tcp_node = t->pinfo.udp_node = t->pinfo.icmp_node = -1;
  t->pinfo.arp_node = t->pinfo.app_node = t->pinfo.tcp_sack_node = -1;
  t->pinfo.tcp_wscale = -1;
  memset (&t->packet, 0, sizeof t->packet);
  if (t->head.summary_only)
    {
      /* Node 0 is the sink every non-protocol node lands in: a real, hidden,
       * unlinked node, so callers may read or write through any index they get. */
      memset (&t->head.nodes[0], 0, sizeof t->head.nodes[0]);
      t->head.nodes[0].field = lsc_field_text;
      t->head.nodes[0].parent = t->head.nodes[0].first_child = t->head.nodes[0].last_child = t->head.nodes[0].next = -1;
      t->head.nodes[0].flags = LSC_NODE_HIDDEN;
      t->head.n_nodes = 1;
    }
}

/* The current chunk, with at least n (a multiple of 8) bytes free. */
static Chunk *
arena_room (LscTree *t, gsize n)
{
  if (G_LIKELY (t->chunks && t->chunks->size - t->chunks->used >= n))
    return t->chunks;
  Chunk *c;
  if (n <= ARENA_CHUNK && t->spare)
    {
      c = t->spare;
      t->spare = c->next;
      t->n_spare--;
    }
  else
    {
      gsize size = MAX (n, (gsize) ARENA_CHUNK);
      c = g_malloc (sizeof (Chunk) + size);
      c->size = size;
    }
  c->used = 0;
  c->next = t->chunks;
  t->chunks = c;
  return c;
}

static void *
arena_alloc (LscTree *t, gsize n)
{
  n = (n + 7) & ~(gsize) 7;
  Chunk *c = arena_room (t, n);
  void *p = c->data + c->used;
  c->used += n;
  return p;
}

GString *
lsc_tree_scratch (LscTree *t)
{
  if (!t->scratch)
    t->scratch = g_string_sized_new (128);
  g_string_truncate (t->scratch, 0);
  return t->scratch;
}

const char *
lsc_tree_strdup (LscTree *t, const char *s, gssize n)
{
  if (!s)
    return NULL;
  gsize len = n < 0 ? strlen (s) : (gsize) n;
  char *p = arena_alloc (t, len + 1);
  memcpy (p, s, len);
  p[len] = '\0';
  return p;
}

static const char *
arena_vprintf (LscTree *t, const char *fmt, va_list ap)
{
  /* Most texts are short: format them straight into the current chunk (a
   * fresh one when it has less than 256 bytes left, as at the start of every
   * frame) and only measure first when they do not fit. */
  Chunk *c = arena_room (t, 256);
  char *p = (char *) c->data + c->used;
  gsize room = c->size - c->used;
  va_list ap1;
  va_copy (ap1, ap);
  /* printf's machinery costs more than the decoding around it (a third of
   * -V): the plain templates go through our own formatter. */
  int n = lsc_format_simple_vsnprintf (p, room, fmt, ap1);
  va_end (ap1);
  if (n < 0)
    {
      va_copy (ap1, ap);
      n = g_vsnprintf (p, (gulong) room, fmt, ap1);
      va_end (ap1);
    }
  if (n < 0)
    return "";
  if ((gsize) n >= room)
    {
      p = arena_alloc (t, (gsize) n + 1);
      g_vsnprintf (p, (gulong) n + 1, fmt, ap);
      return p;
    }
  c->used += ((gsize) n + 1 + 7) & ~(gsize) 7;
  return p;
}

const char *
lsc_tree_strdup_printf (LscTree *t, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  const char *s = arena_vprintf (t, fmt, ap);
  va_end (ap);
  return s;
}

const guint8 *
lsc_tree_dup_bytes (LscTree *t, const guint8 *b, guint32 n)
{
  guint8 *p = arena_alloc (t, n ? n : 1);
  if (n)
    memcpy (p, b, n);
  return p;
}

void
lsc_tree_set_summary_only (LscTree *t, gboolean summary_only)
{
  t->head.summary_only = summary_only;
  lsc_tree_reset (t);
}

const LscPacket *
lsc_tree_packet (const LscTree *t)
{
  return &t->packet;
}

/* Used by lsc_dissect(): the tree remembers the record it was built from. */
void
lsc_tree_set_packet (LscTree *t, const LscPacket *p)
{
  t->packet = *p;
}

void
lsc_tree_set_options (LscTree *t, const struct _LscDissectOptions *opt)
{
  t->opt = opt;
}

const struct _LscDissectOptions *
lsc_tree_options (const LscTree *t)
{
  return t->opt;
}

void
lsc_tree_set_reassembled (LscTree *t, const guint8 *data, guint32 len)
{
  t->reasm_data = data;
  t->reasm_len = data ? len : 0;
}

const guint8 *
lsc_tree_reassembled (const LscTree *t, guint32 *len)
{
  if (len)
    *len = t->reasm_len;
  return t->reasm_data;
}

LscPinfo *
lsc_tree_pinfo (LscTree *t)
{
  return &t->pinfo;
}

const LscPinfo *
lsc_tree_pinfo_const (const LscTree *t)
{
  return &t->pinfo;
}

/* The node array always has a free slot: it grows right after the node
 * that fills it, out of line (a tail call), so adding a node saves no
 * registers and calls nothing. */
static G_GNUC_NO_INLINE gint32
grow_nodes (LscTree *t, gint32 idx)
{
  t->cap_nodes *= 2;
  t->head.nodes = g_renew (LscNode, t->head.nodes, t->cap_nodes);
  return idx;
}

static inline G_ALWAYS_INLINE gint32
node_added (LscTree *t, gint32 idx)
{
  if (G_UNLIKELY (t->head.n_nodes == t->cap_nodes))
    return grow_nodes (t, idx);
  return idx;
}

/* A new node, linked last under parent: one call per field added (the typed
 * adders below inline it rather than calling lsc_tree_add_full()); the
 * caller fills in its value, then calls node_added(). */
static inline G_ALWAYS_INLINE LscNode *
node_add (LscTree *t, gint32 parent, const LscField *f, guint32 offset, guint32 length, gint32 *idx_out)
{
  /* In a summary-only tree only protocol headers get here (lsc_tree_sinks()
   * sent every field to the sink, node 0); a header under the sink is top-level. */
  if (G_UNLIKELY (t->head.summary_only))
    {
      if (f->type != LSC_FT_PROTOCOL)
        {
          *idx_out = 0;
          return &t->head.nodes[0];
        }
      if (parent == 0)
        parent = -1;
    }
  LscNode *nodes = t->head.nodes;
  gint32 idx = (gint32) t->head.n_nodes++;
  LscNode *n = &nodes[idx];
  *n = (LscNode) {
    .field = f,
    .offset = offset,
    .length = length,
    .first_child = -1,
    .last_child = -1,
    .next = -1,
    .flags = length == 0 && f->type != LSC_FT_PROTOCOL ? LSC_NODE_GENERATED : 0,
  };
  if ((guint32) parent >= (guint32) idx)
    {
      n->parent = -1;
      if (t->last_top >= 0)
        nodes[t->last_top].next = idx;
      else
        t->head.first_top = idx;
      t->last_top = idx;
    }
  else
    {
      LscNode *p = &nodes[parent];
      n->parent = parent;
      if (p->last_child >= 0)
        nodes[p->last_child].next = idx;
      else
        p->first_child = idx;
      p->last_child = idx;
    }
  *idx_out = idx;
  return n;
}

gint32
lsc_tree_add_full (LscTree *t, gint32 parent, const LscField *f, guint32 offset, guint32 length)
{
  g_return_val_if_fail (f != NULL, -1);
  gint32 idx;
  node_add (t, parent, f, offset, length, &idx);
  return node_added (t, idx);
}

gint32
lsc_tree_add_uint_full (LscTree *t, gint32 parent, const LscField *f, guint32 offset, guint32 length, guint64 value)
{
  gint32 idx;
  node_add (t, parent, f, offset, length, &idx)->v.u = value;
  return node_added (t, idx);
}

gint32
lsc_tree_add_int_full (LscTree *t, gint32 parent, const LscField *f, guint32 offset, guint32 length, gint64 value)
{
  gint32 idx;
  node_add (t, parent, f, offset, length, &idx)->v.i = value;
  return node_added (t, idx);
}

gint32
lsc_tree_add_double_full (LscTree *t, gint32 parent, const LscField *f, guint32 offset, guint32 length, double value)
{
  gint32 idx;
  node_add (t, parent, f, offset, length, &idx)->v.d = value;
  return node_added (t, idx);
}

gint32
lsc_tree_add_bytes_full (LscTree *t, gint32 parent, const LscField *f, guint32 offset, guint32 length,
                    const guint8 *bytes, guint32 n)
{
  gint32 idx;
  LscNode *node = node_add (t, parent, f, offset, length, &idx);
  node->bytes = bytes;
  node->bytes_len = (guint16) MIN (n, (guint32) G_MAXUINT16);
  return node_added (t, idx);
}

gint32
lsc_tree_add_string_full (LscTree *t, gint32 parent, const LscField *f, guint32 offset, guint32 length,
                     const char *text, gssize n)
{
  const char *s = lsc_tree_strdup (t, text ? text : "", n);
  gint32 i = lsc_tree_add (t, parent, f, offset, length);
  t->head.nodes[i].text = s;
  return i;
}

gint32
lsc_tree_add_proto (LscTree *t, gint32 parent, const LscField *proto, guint32 offset, guint32 length)
{
  return lsc_tree_add (t, parent, proto, offset, length);
}

gint32
lsc_tree_note_dropped (LscTree *t, int severity)
{
  if (severity > 1)
    t->pinfo.has |= LSC_HAS_ERROR;
  return 0;
}

gint32
(lsc_tree_add_note) (LscTree *t, gint32 parent, int severity, guint32 offset, guint32 length,
                   const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  const char *s = arena_vprintf (t, fmt, ap);
  va_end (ap);
  severity = CLAMP (severity, 0, 2);
  gint32 i = lsc_tree_add (t, parent, &lsc_field_expert[severity], offset, length);
  t->head.nodes[i].text = s;
  t->head.nodes[i].flags |= LSC_NODE_GENERATED;
  if (severity > 0)
    t->head.nodes[i].flags |= LSC_NODE_WARN;
  if (severity > 0)
    t->pinfo.has |= severity > 1 ? LSC_HAS_ERROR : 0;
  return i;
}

gint32
(lsc_tree_add_text) (LscTree *t, gint32 parent, guint32 offset, guint32 length, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  const char *s = arena_vprintf (t, fmt, ap);
  va_end (ap);
  gint32 i = lsc_tree_add (t, parent, lsc_field_text, offset, length);
  t->head.nodes[i].text = s;
  return i;
}

void
(lsc_tree_set_text) (LscTree *t, gint32 idx, const char *fmt, ...)
{
  LscNode *n = lsc_tree_node_mut (t, idx);
  if (!n)
    return;
  va_list ap;
  va_start (ap, fmt);
  n->text = arena_vprintf (t, fmt, ap);
  va_end (ap);
}

void
lsc_tree_set_label (LscTree *t, gint32 idx, const char *label, gssize n)
{
  LscNode *node = lsc_tree_node_mut (t, idx);
  if (!node || t->head.summary_only)
    return;
  node->label = lsc_tree_strdup (t, label, n);
}

void
lsc_tree_set_flags (LscTree *t, gint32 idx, guint16 flags)
{
  LscNode *n = lsc_tree_node_mut (t, idx);
  if (n)
    n->flags |= flags;
  if (flags & (LSC_NODE_MALFORMED | LSC_NODE_TRUNCATED))
    t->pinfo.has |= LSC_HAS_ERROR;
}

void
lsc_tree_set_length (LscTree *t, gint32 idx, guint32 length)
{
  LscNode *n = lsc_tree_node_mut (t, idx);
  if (n)
    n->length = length;
}

gint32
lsc_tree_find_field (const LscTree *t, const LscField *f)
{
  for (guint i = 0; i < t->head.n_nodes; i++)
    if (t->head.nodes[i].field == f)
      return (gint32) i;
  return -1;
}

gint32
lsc_tree_find (const LscTree *t, const char *field_id)
{
  if (!field_id)
    return -1;
  /* Runs once per frame or more: skip the call for the many ids whose first byte differs. */
  for (guint i = 0; i < t->head.n_nodes; i++)
    {
      const char *id = t->head.nodes[i].field->id;
      if (id && id[0] == field_id[0] && strcmp (id, field_id) == 0)
        return (gint32) i;
    }
  return -1;
}

gint32
lsc_tree_find_child (const LscTree *t, gint32 parent, const LscField *f)
{
  const LscNode *p = lsc_tree_node (t, parent);
  for (gint32 c = p ? p->first_child : -1; c >= 0; c = t->head.nodes[c].next)
    if (t->head.nodes[c].field == f)
      return c;
  return -1;
}

gint32
lsc_tree_node_at_offset (const LscTree *t, guint32 off)
{
  /* Protocol nodes cover only their own header, and some children (Ethernet
   * padding, an ICMP error's quoted datagram) lie outside their parent's
   * bytes, so look at every node: the narrowest one covering off wins, and
   * among equals the deeper (later added) one. */
  gint32 best = -1;
  for (guint i = 0; i < t->head.n_nodes; i++)
    {
      const LscNode *n = &t->head.nodes[i];
      if (n->length == 0 || (n->flags & (LSC_NODE_HIDDEN | LSC_NODE_REASSEMBLED)) || off < n->offset ||
          off - n->offset >= n->length)
        continue;
      if (n->field->id && g_str_equal (n->field->id, "frame"))
        continue;
      if (best < 0 || n->length <= t->head.nodes[best].length)
        best = (gint32) i;
    }
  return best;
}

guint
lsc_tree_depth (const LscTree *t, gint32 idx)
{
  guint d = 0;
  const LscNode *n = lsc_tree_node (t, idx);
  while (n && n->parent >= 0)
    {
      d++;
      n = &t->head.nodes[n->parent];
    }
  return d;
}

gint32
lsc_tree_top_of (const LscTree *t, gint32 idx)
{
  const LscNode *n = lsc_tree_node (t, idx);
  if (!n)
    return -1;
  while (n->parent >= 0)
    {
      idx = n->parent;
      n = &t->head.nodes[idx];
    }
  return idx;
}

static void
extend_by_descendants (const LscTree *t, gint32 first, guint32 *end, guint32 limit, gboolean *grew)
{
  for (gint32 i = first; i >= 0; i = t->head.nodes[i].next)
    {
      const LscNode *d = &t->head.nodes[i];
      if (d->length && d->offset <= *end && d->offset + d->length > *end)
        {
          *end = MIN (d->offset + d->length, limit);
          *grew = TRUE;
        }
      extend_by_descendants (t, d->first_child, end, limit, grew);
    }
}

guint32
lsc_tree_top_extent (const LscTree *t, gint32 top)
{
  const LscNode *n = lsc_tree_node (t, top);
  if (!n || (n->flags & LSC_NODE_REASSEMBLED))
    return 0;
  guint32 end = n->offset + n->length;
  guint32 limit = n->next >= 0 ? MAX (t->head.nodes[n->next].offset, end) : end;
  /* Extension headers chain: each one may start where the last ended. */
  for (guint pass = 0; pass < 8 && end < limit; pass++)
    {
      gboolean grew = FALSE;
      extend_by_descendants (t, n->first_child, &end, limit, &grew);
      if (!grew)
        break;
    }
  return end - n->offset;
}

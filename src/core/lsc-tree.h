/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-tree.h — the decoded tree of one frame
 *
 * Nodes live in one growable array and are linked by index, so a tree is a
 * handful of allocations that are reused from packet to packet (the summary
 * pass over a million frames allocates nothing per frame once warm).  Values
 * are kept raw (numbers, pointers into the frame) and only turned into text
 * when someone prints them (lsc-format.h).
 *
 * Every node carries the absolute (offset, length) of its bytes in the frame;
 * derived facts have length 0 and the GENERATED flag (Wireshark's [brackets]).
 * A protocol node (LSC_FT_PROTOCOL) covers its own header only — Ethernet 14,
 * IPv4 20+options, TCP 20+options — so the top-level nodes tile the frame and
 * the anatomy bar / hex view can use them directly; payload protocols (DNS,
 * HTTP, data) cover their payload.  Children may lie outside their parent's
 * bytes (Ethernet padding, an ICMP error's quoted datagram).
 */
#pragma once

#include <glib.h>
#include "lsc-fields.h"
#include "lsc-packet.h"

G_BEGIN_DECLS

typedef enum {
  LSC_NODE_TRUNCATED     = 1 << 0,  /* the bytes were not captured (snap length) */
  LSC_NODE_MALFORMED     = 1 << 1,  /* the bytes break the protocol's rules */
  LSC_NODE_CHECKSUM_BAD  = 1 << 2,
  LSC_NODE_CHECKSUM_GOOD = 1 << 3,
  LSC_NODE_GENERATED     = 1 << 4,  /* derived by analysis, not read from the frame */
  LSC_NODE_WARN          = 1 << 5,  /* worth a learner's attention (expert note) */
  LSC_NODE_HIDDEN        = 1 << 6,  /* filterable but not shown in the tree */
  /* The checksum field holds only the pseudo-header sum: the sending host left
   * the checksum to its network card (offload).  Not an error. */
  LSC_NODE_CHECKSUM_OFFLOAD = 1 << 7,
  /* The node was decoded from a reassembled datagram (lsc-reasm.h): its
   * offset and length count in those bytes (lsc_tree_reassembled()), not in
   * the frame's. */
  LSC_NODE_REASSEMBLED   = 1 << 8,
} LscNodeFlags;

typedef struct {
  const LscField *field;
  const char *text;         /* STRING value, or a display override for other types (tree arena or static) */
  const guint8 *bytes;      /* IPV6/BYTES value (frame or tree arena) */
  const char *label;        /* the whole tree line when set (e.g. an HTTP header as written), else built from the field */
  union {
    guint64 u;
    gint64 i;
    double d;
  } v;
  guint32 offset;           /* absolute offset in the frame */
  guint32 length;           /* 0 for derived facts */
  gint32 parent;            /* -1 for top-level nodes */
  gint32 first_child;
  gint32 last_child;
  gint32 next;              /* next sibling, -1 at the end */
  guint16 flags;
  guint16 bytes_len;
  guint8 osi_layer;         /* LscOsiLayer placing this header, when not its field's (0: the field's) */
} LscNode;

typedef struct _LscTree LscTree;

#define LSC_ROOT (-1)

LscTree *lsc_tree_new (void);
void lsc_tree_free (LscTree *t);
/* Forget all nodes, keep the memory. */
void lsc_tree_reset (LscTree *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LscTree, lsc_tree_free)

/* Summary-only trees keep the protocol header nodes and LscPinfo (everything
 * the packet list, the summary line and the conversation analysis read) and
 * drop every field, note and text: the fast path for a pass over a big
 * capture.  Fields added in this mode all land in one hidden sink node, so
 * decoders need no special case.  Filters, -V, JSON and fields need full trees. */
void lsc_tree_set_summary_only (LscTree *t, gboolean summary_only);

/* lsc_tree_count(), lsc_tree_node(), lsc_tree_node_mut() and
 * lsc_tree_first_top() are inline below: every decoder and printer reads
 * the nodes through them, a few hundred times a frame. */

/* The packet this tree was built from (bytes stay owned by the caller). */
const LscPacket *lsc_tree_packet (const LscTree *t);
void lsc_tree_set_packet (LscTree *t, const LscPacket *p);
LscPinfo *lsc_tree_pinfo (LscTree *t);
/* The options the tree was decoded with (NULL: the defaults); lsc_dissect()
 * sets them and they must outlive the tree's current packet, so an analysis
 * that decodes more into the tree (a reassembled datagram) decodes alike. */
struct _LscDissectOptions;
void lsc_tree_set_options (LscTree *t, const struct _LscDissectOptions *opt);
const struct _LscDissectOptions *lsc_tree_options (const LscTree *t);
/* The bytes of the datagram a reassembly decoded into this tree (arena), which
 * LSC_NODE_REASSEMBLED nodes point into; NULL and 0 when none. */
void lsc_tree_set_reassembled (LscTree *t, const guint8 *data, guint32 len);
const guint8 *lsc_tree_reassembled (const LscTree *t, guint32 *len);
const LscPinfo *lsc_tree_pinfo_const (const LscTree *t);

/* The first member of every LscTree, visible so that adding a field to a
 * summary-only tree (which drops it) and reading a node cost no call. */
typedef struct {
  gboolean summary_only;
  guint n_nodes;
  LscNode *nodes;
  gint32 first_top;
} LscTreeHead;

#define LSC_TREE_HEAD(t) ((const LscTreeHead *) (const void *) (t))

static inline gboolean
lsc_tree_is_summary_only (const LscTree *t)
{
  return LSC_TREE_HEAD (t)->summary_only;
}

static inline guint
lsc_tree_count (const LscTree *t)
{
  return LSC_TREE_HEAD (t)->n_nodes;
}

/* NULL when idx is not a node of t. */
static inline const LscNode *
lsc_tree_node (const LscTree *t, gint32 idx)
{
  const LscTreeHead *h = LSC_TREE_HEAD (t);
  return (guint32) idx < h->n_nodes ? &h->nodes[idx] : NULL;
}

static inline LscNode *
lsc_tree_node_mut (LscTree *t, gint32 idx)
{
  const LscTreeHead *h = LSC_TREE_HEAD (t);
  return (guint32) idx < h->n_nodes ? &h->nodes[idx] : NULL;
}

/* The first top-level node, -1 if none. */
static inline gint32
lsc_tree_first_top (const LscTree *t)
{
  return LSC_TREE_HEAD (t)->first_top;
}

static inline gboolean
lsc_tree_sinks (const LscTree *t, const LscField *f)
{
  return lsc_tree_is_summary_only (t) && f->type != LSC_FT_PROTOCOL;
}

/* Adding nodes.  All return the new node's index.  A node of length 0 (other
 * than a protocol header) is a derived fact and gets LSC_NODE_GENERATED here,
 * so callers never set it themselves. */
gint32 lsc_tree_add_full (LscTree *t, gint32 parent, const LscField *f, guint32 offset, guint32 length);
static inline gint32
lsc_tree_add (LscTree *t, gint32 parent, const LscField *f, guint32 offset, guint32 length)
{
  return lsc_tree_sinks (t, f) ? 0 : lsc_tree_add_full (t, parent, f, offset, length);
}
gint32 lsc_tree_add_uint_full (LscTree *t, gint32 parent, const LscField *f, guint32 offset, guint32 length, guint64 value);
static inline gint32
lsc_tree_add_uint (LscTree *t, gint32 parent, const LscField *f, guint32 offset, guint32 length, guint64 value)
{
  return lsc_tree_sinks (t, f) ? 0 : lsc_tree_add_uint_full (t, parent, f, offset, length, value);
}
gint32 lsc_tree_add_int_full (LscTree *t, gint32 parent, const LscField *f, guint32 offset, guint32 length, gint64 value);
static inline gint32
lsc_tree_add_int (LscTree *t, gint32 parent, const LscField *f, guint32 offset, guint32 length, gint64 value)
{
  return lsc_tree_sinks (t, f) ? 0 : lsc_tree_add_int_full (t, parent, f, offset, length, value);
}
gint32 lsc_tree_add_double_full (LscTree *t, gint32 parent, const LscField *f, guint32 offset, guint32 length, double value);
static inline gint32
lsc_tree_add_double (LscTree *t, gint32 parent, const LscField *f, guint32 offset, guint32 length, double value)
{
  return lsc_tree_sinks (t, f) ? 0 : lsc_tree_add_double_full (t, parent, f, offset, length, value);
}
/* bytes must outlive the tree's current packet: pass frame bytes or lsc_tree_dup_bytes(). */
gint32 lsc_tree_add_bytes_full (LscTree *t, gint32 parent, const LscField *f, guint32 offset, guint32 length,
                           const guint8 *bytes, guint32 n);
static inline gint32
lsc_tree_add_bytes (LscTree *t, gint32 parent, const LscField *f, guint32 offset, guint32 length,
                           const guint8 *bytes, guint32 n)
{
  return lsc_tree_sinks (t, f) ? 0 : lsc_tree_add_bytes_full (t, parent, f, offset, length, bytes, n);
}
/* text is copied into the tree's arena. */
gint32 lsc_tree_add_string_full (LscTree *t, gint32 parent, const LscField *f, guint32 offset, guint32 length,
                            const char *text, gssize n);
static inline gint32
lsc_tree_add_string (LscTree *t, gint32 parent, const LscField *f, guint32 offset, guint32 length,
                            const char *text, gssize n)
{
  return lsc_tree_sinks (t, f) ? 0 : lsc_tree_add_string_full (t, parent, f, offset, length, text, n);
}
/* A protocol header node; the summary ("Internet Protocol Version 4, Src: …") is set later with lsc_tree_set_text. */
gint32 lsc_tree_add_proto (LscTree *t, gint32 parent, const LscField *proto, guint32 offset, guint32 length);
/* A note for the learner or an expert warning: severity 0 note, 1 warning, 2 error. */
gint32 (lsc_tree_add_note) (LscTree *t, gint32 parent, int severity, guint32 offset, guint32 length,
                            const char *fmt, ...) G_GNUC_PRINTF (6, 7);
/* A text line with no value (e.g. "Options: (12 bytes)"). */
gint32 (lsc_tree_add_text) (LscTree *t, gint32 parent, guint32 offset, guint32 length,
                            const char *fmt, ...) G_GNUC_PRINTF (5, 6);

/* Display text override (copied into the arena). */
void (lsc_tree_set_text) (LscTree *t, gint32 idx, const char *fmt, ...) G_GNUC_PRINTF (3, 4);

/* In a summary-only tree the three calls above drop their text, so the
 * macros below skip evaluating the message and its arguments (translation
 * lookups, number formatting) altogether; only an error note still marks the
 * packet (LSC_HAS_ERROR).  The parenthesised names are the functions. */
gint32 lsc_tree_note_dropped (LscTree *t, int severity);
#define lsc_tree_add_note(t, parent, severity, ...) \
  (lsc_tree_is_summary_only (t) \
     ? lsc_tree_note_dropped ((t), (severity)) \
     : (lsc_tree_add_note) ((t), (parent), (severity), __VA_ARGS__))
#define lsc_tree_add_text(t, ...) \
  (lsc_tree_is_summary_only (t) ? 0 : (lsc_tree_add_text) ((t), __VA_ARGS__))
#define lsc_tree_set_text(t, ...) \
  G_STMT_START { \
    if (!lsc_tree_is_summary_only (t)) \
      (lsc_tree_set_text) ((t), __VA_ARGS__); \
  } G_STMT_END
/* Replace the whole tree line of a node (copied into the arena); its field id,
 * value and explanation stay, so filters, -T fields and JSON values are unchanged. */
void lsc_tree_set_label (LscTree *t, gint32 idx, const char *label, gssize n);
void lsc_tree_set_flags (LscTree *t, gint32 idx, guint16 flags);
/* Hide a field node (filters match it, the tree does not show it); a
 * summary-only tree keeps no fields, so there is nothing to hide. */
static inline void
lsc_tree_hide (LscTree *t, gint32 idx)
{
  if (!lsc_tree_is_summary_only (t))
    lsc_tree_set_flags (t, idx, LSC_NODE_HIDDEN);
}
void lsc_tree_set_length (LscTree *t, gint32 idx, guint32 length);

/* An empty string buffer owned by the tree, for building a text that is then
 * copied (lsc_tree_strdup): no allocation per frame.  One user at a time. */
GString *lsc_tree_scratch (LscTree *t);

/* Arena helpers: memory lives until the next reset. */
const char *lsc_tree_strdup (LscTree *t, const char *s, gssize n);
const char *lsc_tree_strdup_printf (LscTree *t, const char *fmt, ...) G_GNUC_PRINTF (2, 3);
const guint8 *lsc_tree_dup_bytes (LscTree *t, const guint8 *b, guint32 n);

/* Queries. */
gint32 lsc_tree_find (const LscTree *t, const char *field_id);          /* first node with that id, -1 */
gint32 lsc_tree_find_field (const LscTree *t, const LscField *f);       /* same, by pointer */
gint32 lsc_tree_find_child (const LscTree *t, gint32 parent, const LscField *f);
/* The deepest node whose bytes cover frame offset off, or -1 (never a
 * LSC_NODE_REASSEMBLED one). */
gint32 lsc_tree_node_at_offset (const LscTree *t, guint32 off);
/* Depth of a node (top-level = 0). */
guint lsc_tree_depth (const LscTree *t, gint32 idx);
/* The top-level protocol node that holds idx. */
gint32 lsc_tree_top_of (const LscTree *t, gint32 idx);
/* Bytes a top-level header spans with what its own nodes decode right after
 * it (IPv6 extension headers follow the fixed header as children), never
 * past the next top-level header: what the anatomy bar and the hex view
 * give that header.  Its own length when nothing follows; 0 for a header
 * decoded from reassembled bytes (LSC_NODE_REASSEMBLED), which has none in the frame. */
guint32 lsc_tree_top_extent (const LscTree *t, gint32 top);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-store.c — append-only packet index, bytes arena, lazily decoded rows */
#include "lsc-store.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Big enough that a million small frames need few chunks, small enough that
 * the last, partly filled one wastes little. */
#define CHUNK_SIZE (4u << 20)

/* chunk BACKED: the bytes are in the backing file at ((guint64) off_hi << 32) | off. */
#define BACKED G_MAXUINT32

typedef struct {
  gint64 ts_ns;
  guint32 chunk;
  guint32 off;
  guint32 caplen;
  guint32 wirelen;
  gint32 linktype;
  guint32 off_hi;
} Entry;

G_STATIC_ASSERT (sizeof (Entry) == 32);

struct _LscStore {
  GObject parent_instance;

  GArray *entries;       /* Entry */
  GPtrArray *chunks;     /* guint8[], never moved once allocated */
  guint32 chunk_used;    /* bytes used in the last chunk */
  gsize chunk_bytes;     /* total bytes allocated in chunks */
  guint committed;
  GBytes *backing;       /* a mapped capture file, or NULL */
  gboolean backing_mapped; /* its pages may be handed back (lsc_store_drop_backing) */

  LscDissectOptions opt;
  LscTree *scratch;      /* reused for every row summary */
  LscStoreAnnotateFunc annotate;
  gpointer annotate_data;
  GDestroyNotify annotate_destroy;
};

static void lsc_store_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LscStore, lsc_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, lsc_store_list_model_init))

struct _LscPacketRow {
  GObject parent_instance;
  LscStore *store;
  guint index;
  gboolean decoded;
  guint32 has;
  guint16 tcp_flags;
  guint16 node_flags;
  /* The conversation analysis' verdict (LscPinfo.conv_*). */
  gboolean conv_valid;
  guint8 role, state_a, state_b;
  guint32 conv_index, conv_flags;
  const char *protocol;  /* static */
  char *src, *dst, *info;
};

G_DEFINE_FINAL_TYPE (LscPacketRow, lsc_packet_row, G_TYPE_OBJECT)

static void
lsc_store_finalize (GObject *object)
{
  LscStore *self = LSC_STORE (object);
  g_array_unref (self->entries);
  g_ptr_array_unref (self->chunks);
  g_clear_pointer (&self->backing, g_bytes_unref);
  lsc_tree_free (self->scratch);
  if (self->annotate_destroy)
    self->annotate_destroy (self->annotate_data);
  G_OBJECT_CLASS (lsc_store_parent_class)->finalize (object);
}

static void
lsc_store_class_init (LscStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lsc_store_finalize;
}

static void
lsc_store_init (LscStore *self)
{
  self->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  self->chunks = g_ptr_array_new_with_free_func (g_free);
  self->scratch = lsc_tree_new ();
  lsc_dissect_options_init (&self->opt);
}

static GType
lsc_store_get_item_type (GListModel *model)
{
  return LSC_TYPE_PACKET_ROW;
}

static guint
lsc_store_get_n_items (GListModel *model)
{
  return LSC_STORE (model)->committed;
}

static gpointer
lsc_store_get_item (GListModel *model, guint position)
{
  LscStore *self = LSC_STORE (model);
  if (position >= self->committed)
    return NULL;
  LscPacketRow *row = g_object_new (LSC_TYPE_PACKET_ROW, NULL);
  row->store = g_object_ref (self);
  row->index = position;
  return row;
}

static void
lsc_store_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = lsc_store_get_item_type;
  iface->get_n_items = lsc_store_get_n_items;
  iface->get_item = lsc_store_get_item;
}

LscStore *
lsc_store_new (void)
{
  return g_object_new (LSC_TYPE_STORE, NULL);
}

static guint8 *
arena_reserve (LscStore *self, guint32 n, guint32 *chunk, guint32 *off)
{
  if (self->chunks->len == 0 || (guint64) self->chunk_used + n > CHUNK_SIZE)
    {
      /* A frame larger than a chunk (jumbo, reassembled) gets one of its own. */
      gsize size = MAX (CHUNK_SIZE, n);
      g_ptr_array_add (self->chunks, g_malloc (size));
      self->chunk_bytes += size;
      self->chunk_used = 0;
    }
  *chunk = self->chunks->len - 1;
  *off = self->chunk_used;
  self->chunk_used += n;
  return (guint8 *) g_ptr_array_index (self->chunks, *chunk) + *off;
}

guint
lsc_store_append (LscStore *self, const LscPacket *pkt)
{
  g_return_val_if_fail (LSC_IS_STORE (self), 0);
  Entry e = { .ts_ns = pkt->ts_ns, .caplen = pkt->data ? pkt->caplen : 0,
              .wirelen = pkt->wirelen, .linktype = pkt->linktype };
  guint8 *dst = arena_reserve (self, e.caplen, &e.chunk, &e.off);
  if (e.caplen)
    memcpy (dst, pkt->data, e.caplen);
  g_array_append_val (self->entries, e);
  return self->entries->len - 1;
}

void
lsc_store_set_backing (LscStore *self, GBytes *backing, gboolean file_mapped)
{
  g_return_if_fail (LSC_IS_STORE (self));
  g_return_if_fail (self->entries->len == 0);
  if (backing)
    g_bytes_ref (backing);
  g_clear_pointer (&self->backing, g_bytes_unref);
  self->backing = backing;
  self->backing_mapped = backing && file_mapped;
}

gboolean
lsc_store_append_backed (LscStore *self, const LscPacket *pkt, guint64 offset)
{
  g_return_val_if_fail (LSC_IS_STORE (self), FALSE);
  gsize size = 0;
  const guint8 *base = self->backing ? g_bytes_get_data (self->backing, &size) : NULL;
  guint32 caplen = pkt->data ? pkt->caplen : 0;
  if (!base || offset > size || size - offset < caplen || (caplen && memcmp (base + offset, pkt->data, caplen) != 0))
    return FALSE;
  Entry e = { .ts_ns = pkt->ts_ns, .chunk = BACKED, .off = (guint32) offset, .off_hi = (guint32) (offset >> 32),
              .caplen = caplen, .wirelen = pkt->wirelen, .linktype = pkt->linktype };
  g_array_append_val (self->entries, e);
  return TRUE;
}

guint
lsc_store_commit (LscStore *self)
{
  g_return_val_if_fail (LSC_IS_STORE (self), 0);
  guint old = self->committed, added = self->entries->len - old;
  if (added == 0)
    return 0;
  self->committed = self->entries->len;
  g_list_model_items_changed (G_LIST_MODEL (self), old, 0, added);
  return added;
}

guint
lsc_store_get_n_staged (LscStore *self)
{
  g_return_val_if_fail (LSC_IS_STORE (self), 0);
  return self->entries->len;
}

void
lsc_store_clear (LscStore *self)
{
  g_return_if_fail (LSC_IS_STORE (self));
  guint old = self->committed;
  g_array_set_size (self->entries, 0);
  g_ptr_array_set_size (self->chunks, 0);
  self->chunk_used = 0;
  self->chunk_bytes = 0;
  self->committed = 0;
  g_clear_pointer (&self->backing, g_bytes_unref);
  if (old)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, 0);
}

gboolean
lsc_store_get_packet (LscStore *self, guint i, LscPacket *out)
{
  g_return_val_if_fail (LSC_IS_STORE (self), FALSE);
  if (i >= self->entries->len)
    return FALSE;
  const Entry *e = &g_array_index (self->entries, Entry, i);
  memset (out, 0, sizeof *out);
  out->num = (guint64) i + 1;
  out->ts_ns = e->ts_ns;
  out->ts_first_ns = g_array_index (self->entries, Entry, 0).ts_ns;
  out->ts_prev_ns = i > 0 ? g_array_index (self->entries, Entry, i - 1).ts_ns : e->ts_ns;
  out->caplen = e->caplen;
  out->wirelen = e->wirelen;
  out->linktype = e->linktype;
  if (e->chunk == BACKED)
    out->data = (const guint8 *) g_bytes_get_data (self->backing, NULL) + (((guint64) e->off_hi << 32) | e->off);
  else
    out->data = (const guint8 *) g_ptr_array_index (self->chunks, e->chunk) + e->off;
  return TRUE;
}

gboolean
lsc_store_dissect (LscStore *self, guint i, LscTree *tree)
{
  LscPacket pkt;
  if (!lsc_store_get_packet (self, i, &pkt))
    return FALSE;
  /* The tree keeps a copy of the record; the data pointer is the arena's. */
  lsc_dissect (tree, &pkt, &self->opt);
  if (self->annotate)
    self->annotate (tree, self->annotate_data);
  return TRUE;
}

void
lsc_store_set_options (LscStore *self, const LscDissectOptions *opt)
{
  g_return_if_fail (LSC_IS_STORE (self));
  self->opt = *opt;
}

const LscDissectOptions *
lsc_store_get_options (LscStore *self)
{
  g_return_val_if_fail (LSC_IS_STORE (self), NULL);
  return &self->opt;
}

void
lsc_store_refresh (LscStore *self)
{
  g_return_if_fail (LSC_IS_STORE (self));
  if (self->committed)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, self->committed, self->committed);
}

void
lsc_store_set_annotate_func (LscStore *self, LscStoreAnnotateFunc func,
                             gpointer user_data, GDestroyNotify destroy)
{
  g_return_if_fail (LSC_IS_STORE (self));
  if (self->annotate_destroy)
    self->annotate_destroy (self->annotate_data);
  self->annotate = func;
  self->annotate_data = user_data;
  self->annotate_destroy = destroy;
}

void
lsc_store_drop_backing_bytes (LscStore *self, guint64 from, guint64 to)
{
  g_return_if_fail (LSC_IS_STORE (self));
  if (!self->backing || !self->backing_mapped)
    return;
  gsize size = 0;
  const guint8 *base = g_bytes_get_data (self->backing, &size);
  const guint64 page = (guint64) sysconf (_SC_PAGESIZE);
  /* The mapping starts on a page; the pages at both ends may hold
   * neighbours too, which only means they are read in again. */
  from -= from % page;
  to = MIN (to, (guint64) size);
  if (to > from && (guintptr) base % page == 0)
    madvise ((void *) (base + from), to - from, MADV_DONTNEED);
}

void
lsc_store_drop_backing (LscStore *self, guint from, guint to)
{
  g_return_if_fail (LSC_IS_STORE (self));
  to = MIN (to, self->entries->len);
  if (from >= to)
    return;
  const Entry *first = &g_array_index (self->entries, Entry, from);
  const Entry *last = &g_array_index (self->entries, Entry, to - 1);
  if (first->chunk != BACKED || last->chunk != BACKED)
    return;
  lsc_store_drop_backing_bytes (self, ((guint64) first->off_hi << 32) | first->off,
                                (((guint64) last->off_hi << 32) | last->off) + last->caplen);
}

gsize
lsc_store_get_memory (LscStore *self)
{
  g_return_val_if_fail (LSC_IS_STORE (self), 0);
  return (gsize) self->entries->len * sizeof (Entry) + self->chunk_bytes;
}

/* ---- rows ---- */

static void
lsc_packet_row_finalize (GObject *object)
{
  LscPacketRow *row = LSC_PACKET_ROW (object);
  g_clear_object (&row->store);
  g_free (row->src);
  g_free (row->dst);
  g_free (row->info);
  G_OBJECT_CLASS (lsc_packet_row_parent_class)->finalize (object);
}

static void
lsc_packet_row_class_init (LscPacketRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lsc_packet_row_finalize;
}

static void
lsc_packet_row_init (LscPacketRow *row)
{
}

static void
row_decode (LscPacketRow *row)
{
  if (row->decoded)
    return;
  row->decoded = TRUE;
  LscTree *t = row->store->scratch;
  if (!lsc_store_dissect (row->store, row->index, t))
    return;
  const LscPinfo *pi = lsc_tree_pinfo_const (t);
  row->has = pi->has;
  row->tcp_flags = pi->tcp_flags;
  row->conv_valid = pi->conv_valid;
  row->conv_index = pi->conv_index;
  row->role = pi->conv_role;
  row->state_a = pi->conv_state_a;
  row->state_b = pi->conv_state_b;
  row->conv_flags = pi->conv_flags;
  for (guint i = 0; i < lsc_tree_count (t); i++)
    row->node_flags |= lsc_tree_node (t, (gint32) i)->flags;
  row->protocol = pi->protocol;
  row->src = g_strdup (pi->src);
  row->dst = g_strdup (pi->dst);
  row->info = g_strdup (pi->info ? pi->info->str : "");
}

guint
lsc_packet_row_get_index (LscPacketRow *row)
{
  return row->index;
}

guint64
lsc_packet_row_get_number (LscPacketRow *row)
{
  return (guint64) row->index + 1;
}

LscStore *
lsc_packet_row_get_store (LscPacketRow *row)
{
  return row->store;
}

guint32
lsc_packet_row_get_length (LscPacketRow *row)
{
  if (row->index >= row->store->entries->len)
    return 0;
  return g_array_index (row->store->entries, Entry, row->index).wirelen;
}

double
lsc_packet_row_get_time (LscPacketRow *row)
{
  GArray *e = row->store->entries;
  if (row->index >= e->len)
    return 0;
  return (double) (g_array_index (e, Entry, row->index).ts_ns - g_array_index (e, Entry, 0).ts_ns) / 1e9;
}

const char *
lsc_packet_row_get_source (LscPacketRow *row)
{
  row_decode (row);
  return row->src ? row->src : "";
}

const char *
lsc_packet_row_get_destination (LscPacketRow *row)
{
  row_decode (row);
  return row->dst ? row->dst : "";
}

const char *
lsc_packet_row_get_protocol (LscPacketRow *row)
{
  row_decode (row);
  return row->protocol ? row->protocol : "";
}

const char *
lsc_packet_row_get_info (LscPacketRow *row)
{
  row_decode (row);
  return row->info ? row->info : "";
}

guint32
lsc_packet_row_get_has (LscPacketRow *row)
{
  row_decode (row);
  return row->has;
}

guint16
lsc_packet_row_get_tcp_flags (LscPacketRow *row)
{
  row_decode (row);
  return row->tcp_flags;
}

guint16
lsc_packet_row_get_node_flags (LscPacketRow *row)
{
  row_decode (row);
  return row->node_flags;
}

gboolean
lsc_packet_row_get_conversation (LscPacketRow *row, guint *conv_index, guint *role, guint *state_a,
                                 guint *state_b, guint32 *conv_flags)
{
  row_decode (row);
  if (conv_index)
    *conv_index = row->conv_index;
  if (role)
    *role = row->role;
  if (state_a)
    *state_a = row->state_a;
  if (state_b)
    *state_b = row->state_b;
  if (conv_flags)
    *conv_flags = row->conv_flags;
  return row->conv_valid;
}

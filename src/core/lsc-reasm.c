/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-reasm.c — IPv4 and IPv6 fragment reassembly (see lsc-reasm.h)
 *
 * A waiting datagram keeps its bytes at their offsets plus a bitmap of the
 * bytes received, so overlaps are found byte by byte (the first bytes
 * received win, as Linux keeps them) and completeness is a scan of the
 * bitmap up to the last fragment's end.  Waiting datagrams sit in a queue in
 * the order their first fragment came, so timeouts and the limits give up
 * the oldest first in constant time per packet.
 */
#include "lsc-reasm.h"
#include "lsc-dissect.h"
#include "lsc-frame.h"
#include "lsc-format.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Largest datagram payload: IPv4's 16-bit total length less the header
 * limits it below this, IPv6's 16-bit payload length to it. */
#define MAX_PAYLOAD 65535u

enum {
  F_FRAGMENTS, F_FRAGMENT, F_OVERLAP, F_CONFLICT, F_MULTITAIL, F_TOOLONG, F_ERROR, F_COUNT,
  F_REASM_IN, F_REASM_LEN, F_N,
};
enum {
  V4 = 0, V6 = F_N, F_V6_REASM_IN_ALIAS = 2 * F_N,
  F_TCP_SEGMENTS, F_TCP_SEGMENT, F_TCP_COUNT, F_TCP_REASM_LEN, F_TCP_REASM_IN, F_TCP_ERROR, F_TCP_SEGMENT_DATA,
};

#define REASM_FIELDS(o, p, frags_name, frag_name, len_name)                                                             \
  [o + F_FRAGMENTS] = { p ".fragments", frags_name, LSC_FT_NONE,                                                        \
                        .blurb = N_("The fragments this datagram was rebuilt from, in the order of their data.") },    \
  [o + F_FRAGMENT] = { p ".fragment", frag_name, LSC_FT_FRAMENUM,                                              \
                       .blurb = N_("A frame that carried part of the datagram, and which bytes of it.") },             \
  [o + F_OVERLAP] = { p ".fragment.overlap", N_("Fragment overlap"), LSC_FT_BOOL,                                      \
                      .blurb = N_("This fragment's data overlaps bytes another fragment already brought.") },         \
  [o + F_CONFLICT] = { p ".fragment.overlap.conflict", N_("Conflicting data in fragment overlap"), LSC_FT_BOOL,       \
                       .blurb = N_("The overlapping bytes differ: the first ones received were kept, as Linux does.") }, \
  [o + F_MULTITAIL] = { p ".fragment.multipletails", N_("Multiple tail fragments found"), LSC_FT_BOOL,               \
                        .blurb = N_("Two fragments without More Fragments claim different ends of the datagram.") },  \
  [o + F_TOOLONG] = { p ".fragment.toolongfragment", N_("Fragment too long"), LSC_FT_BOOL,                           \
                      .blurb = N_("The fragment's data runs past the end of the datagram (or past 65,535 bytes).") }, \
  [o + F_ERROR] = { p ".fragment.error", N_("Defragmentation error"), LSC_FT_FRAMENUM,                                \
                    .blurb = N_("The datagram could not be rebuilt: a fragment never arrived or was cut short.") },   \
  [o + F_COUNT] = { p ".fragment.count", N_("Fragment count"), LSC_FT_UINT,                                             \
                    .blurb = N_("How many fragments the datagram was rebuilt from.") },                                 \
  [o + F_REASM_LEN] = { p ".reassembled.length", len_name, LSC_FT_UINT,                          \
                        .blurb = N_("Bytes of the rebuilt datagram's payload (the transport header and its data).") }

const LscField lsc_fields_reasm[] = {
  REASM_FIELDS (V4, "ip", N_("IPv4 Fragments"), N_("IPv4 Fragment"), N_("Reassembled IPv4 length")),
  [V4 + F_REASM_IN] = { "ip.reassembled_in", N_("Reassembled IPv4 in frame"), LSC_FT_FRAMENUM,
                        .blurb = N_("The frame whose arrival completed the datagram: it shows the whole datagram decoded.") },
  REASM_FIELDS (V6, "ipv6", N_("IPv6 Fragments"), N_("IPv6 Fragment"), N_("Reassembled IPv6 length")),
  [V6 + F_REASM_IN] = { "ipv6.reassembled.in", N_("Reassembled IPv6 in frame"), LSC_FT_FRAMENUM,
                        .blurb = N_("The frame whose arrival completed the datagram: it shows the whole datagram decoded.") },
  [F_V6_REASM_IN_ALIAS] = { "ipv6.reassembled_in", N_("Reassembled IPv6 in frame"), LSC_FT_FRAMENUM,
                            .blurb = N_("The same as ipv6.reassembled.in, spelt like ip.reassembled_in.") },
  [F_TCP_SEGMENTS] = { "tcp.segments", N_("Reassembled TCP Segments"), LSC_FT_NONE,
                       .blurb = N_("The segments whose payloads, one after the other, make up the message decoded in this frame.") },
  [F_TCP_SEGMENT] = { "tcp.segment", N_("TCP Segment"), LSC_FT_FRAMENUM,
                      .blurb = N_("A frame that carried part of the message, and which bytes of it.") },
  [F_TCP_COUNT] = { "tcp.segment.count", N_("Segment count"), LSC_FT_UINT,
                    .blurb = N_("How many segments the message was rebuilt from.") },
  [F_TCP_REASM_LEN] = { "tcp.reassembled.length", N_("Reassembled TCP length"), LSC_FT_UINT,
                        .blurb = N_("Bytes of the rebuilt message.") },
  [F_TCP_REASM_IN] = { "tcp.reassembled_in", N_("Reassembled PDU in frame"), LSC_FT_FRAMENUM,
                       .blurb = N_("The frame whose segment completed the message this segment's bytes belong to: it shows the whole message decoded.") },
  [F_TCP_ERROR] = { "tcp.segment.error", N_("Reassembling error"), LSC_FT_FRAMENUM,
                    .blurb = N_("The message this segment began was never completed: a segment was missing or the capture ended.") },
  [F_TCP_SEGMENT_DATA] = { "tcp.segment_data", N_("TCP segment data"), LSC_FT_BYTES,
                           .blurb = N_("This segment's payload: part of a message that a later segment completes, decoded there.") },
  { NULL }
};

/* What happened to a fragment (FragRec.flags, Frag.flags). */
enum {
  FR_OVERLAP = 1 << 0, FR_CONFLICT = 1 << 1, FR_MULTITAIL = 1 << 2, FR_TOOLONG = 1 << 3, FR_CUT = 1 << 4,
};

/* Why a datagram was given up (FragRec.gave_up). */
enum { GAVE_NOT = 0, GAVE_TIMEOUT, GAVE_LIMIT, GAVE_END, GAVE_GAP };

typedef struct {
  guint64 frame;
  guint32 off, len;
  guint8 flags;
} Frag;

typedef struct {
  guint8 family, proto;
  guint8 pad[2];
  guint32 id;
  guint8 src[16], dst[16];
} Key;

typedef struct {
  Key key;                 /* first: the hash table's key */
  GArray *frags;           /* Frag, in arrival order */
  guint8 *data;            /* bytes at their offsets, cap long */
  guint8 *have;            /* a bit per byte received */
  guint32 cap;
  guint32 total;           /* payload length once a last fragment came */
  gboolean have_total;
  gint64 first_ns;
  GList *link;             /* in LscReasm.queue */
} Pending;

typedef struct {
  guint8 family, proto;
  guint8 *data;
  guint32 len;
  Frag *frags;             /* by offset */
  guint n_frags;
} Done;

/* What is known of a fragment's or segment's frame (kept without
 * streaming, 24 bytes, in frame order).  Frame numbers fit 32 bits: the
 * analysis stops at G_MAXUINT32. */
typedef struct {
  guint64 frame;
  guint32 reassembled_in;      /* the frame that completed its datagram, 0: none (yet) */
  guint32 tcp_reassembled_in;  /* the frame that completed its message */
  guint16 hole_off, hole_len;  /* the first bytes missing when given up */
  guint8 flags;
  guint8 gave_up;
  guint8 tcp_gave_up;
  guint8 tcp_part : 1;         /* its TCP payload is part of a longer message */
  guint8 tcp_starts : 1;       /* the part the message starts with */
} FragRec;

/* A message on one direction of a TCP connection waiting for its next segment. */
typedef struct {
  guint8 family;
  guint8 pad;
  guint16 sport, dport;
  guint8 src[16], dst[16];
} PduKey;

typedef struct {
  PduKey key;              /* first: the hash table's key */
  GByteArray *buf;         /* the payloads so far */
  GArray *segs;            /* Frag: frame, offset in the message, length */
  guint32 next_seq;
  gint64 first_ns;
  GList *link;             /* in LscReasm.pdu_queue */
} Pdu;

struct _LscReasm {
  gboolean streaming;
  gsize max_bytes;
  guint max_datagrams;
  gint64 timeout_ns;
  GHashTable *pending;     /* Key → Pending */
  GQueue queue;            /* Pending, oldest first */
  gsize buffered;
  guint64 last_frame;
  GHashTable *done;        /* completing frame → Done */
  GArray *recs;            /* FragRec by frame number (frames processed in order) */
  GHashTable *pdus;        /* PduKey → Pdu */
  GQueue pdu_queue;        /* Pdu, oldest first */
  GHashTable *done_tcp;    /* frame completing a message → Done */
  gsize kept;              /* bytes in done and recs */
  guint64 n_done, n_given_up;
};

/* Keys are plain bytes (zeroed padding included): hashed as such. */
static guint
bytes_hash (const guint8 *p, gsize n)
{
  guint h = 2166136261u;
  for (gsize i = 0; i < n; i++)
    h = (h ^ p[i]) * 16777619u;
  return h;
}

static guint
key_hash (gconstpointer p)
{
  return bytes_hash (p, sizeof (Key));
}

static gboolean
key_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, sizeof (Key)) == 0;
}

static guint
pdu_key_hash (gconstpointer p)
{
  return bytes_hash (p, sizeof (PduKey));
}

static gboolean
pdu_key_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, sizeof (PduKey)) == 0;
}

static void
done_free (gpointer p)
{
  Done *d = p;
  g_free (d->data);
  g_free (d->frags);
  g_free (d);
}

LscReasm *
lsc_reasm_new (void)
{
  LscReasm *r = g_new0 (LscReasm, 1);
  r->max_bytes = LSC_REASM_MAX_BUFFERED;
  r->max_datagrams = LSC_REASM_MAX_DATAGRAMS;
  r->timeout_ns = (gint64) LSC_REASM_TIMEOUT_S * G_GINT64_CONSTANT (1000000000);
  r->pending = g_hash_table_new (key_hash, key_equal);
  g_queue_init (&r->queue);
  r->done = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, done_free);
  r->recs = g_array_new (FALSE, TRUE, sizeof (FragRec));
  r->pdus = g_hash_table_new (pdu_key_hash, pdu_key_equal);
  g_queue_init (&r->pdu_queue);
  r->done_tcp = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, done_free);
  return r;
}

static void
pending_free (LscReasm *r, Pending *p)
{
  g_hash_table_remove (r->pending, &p->key);
  g_queue_delete_link (&r->queue, p->link);
  r->buffered -= p->cap;
  g_array_unref (p->frags);
  g_free (p->data);
  g_free (p->have);
  g_free (p);
}

static void
pdu_free (LscReasm *r, Pdu *p)
{
  g_hash_table_remove (r->pdus, &p->key);
  g_queue_delete_link (&r->pdu_queue, p->link);
  r->buffered -= p->buf->len;
  g_byte_array_unref (p->buf);
  g_array_unref (p->segs);
  g_free (p);
}

void
lsc_reasm_free (LscReasm *r)
{
  if (!r)
    return;
  while (r->queue.head)
    pending_free (r, r->queue.head->data);
  while (r->pdu_queue.head)
    pdu_free (r, r->pdu_queue.head->data);
  g_hash_table_unref (r->pdus);
  g_hash_table_unref (r->done_tcp);
  g_hash_table_unref (r->pending);
  g_hash_table_unref (r->done);
  g_array_unref (r->recs);
  g_free (r);
}

void
lsc_reasm_set_streaming (LscReasm *r, gboolean streaming)
{
  g_return_if_fail (r->last_frame == 0);
  r->streaming = streaming;
}

void
lsc_reasm_set_limits (LscReasm *r, gsize max_bytes, guint max_datagrams, gint64 timeout_ns)
{
  r->max_bytes = max_bytes;
  r->max_datagrams = MAX (max_datagrams, 1u);
  r->timeout_ns = timeout_ns;
}

static FragRec *
rec_get (LscReasm *r, guint64 frame, gboolean create)
{
  GArray *a = r->recs;
  guint lo = 0, hi = a->len;
  /* Records are made as frames are processed: a new one goes at the end. */
  if (a->len && g_array_index (a, FragRec, a->len - 1).frame < frame)
    lo = a->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (g_array_index (a, FragRec, mid).frame < frame)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo < a->len && g_array_index (a, FragRec, lo).frame == frame)
    return &g_array_index (a, FragRec, lo);
  if (!create || r->streaming)
    return NULL;
  FragRec z = { .frame = frame };
  g_array_insert_val (a, lo, z);
  r->kept += sizeof (FragRec);
  return &g_array_index (a, FragRec, lo);
}

static gboolean
bit (const guint8 *have, guint32 i)
{
  return (have[i >> 3] >> (i & 7)) & 1;
}

/* The first run of bytes in [0, end) not received: FALSE when none. */
static gboolean
first_hole (const Pending *p, guint32 end, guint32 *off, guint32 *len)
{
  guint32 i = 0;
  while (i < end && i < p->cap && bit (p->have, i))
    i++;
  if (i >= end)
    return FALSE;
  guint32 j = i;
  while (j < end && !(j < p->cap && bit (p->have, j)))
    j++;
  *off = i;
  *len = j - i;
  return TRUE;
}

static void
give_up (LscReasm *r, Pending *p, guint reason)
{
  r->n_given_up++;
  if (!r->streaming)
    {
      guint32 end = p->have_total ? p->total : p->cap + 1, hoff = 0, hlen = 0;
      first_hole (p, end, &hoff, &hlen);
      for (guint i = 0; i < p->frags->len; i++)
        {
          FragRec *fr = rec_get (r, g_array_index (p->frags, Frag, i).frame, TRUE);
          fr->gave_up = (guint8) reason;
          fr->hole_off = (guint16) hoff;
          fr->hole_len = (guint16) MIN (hlen, 0xffffu);
        }
    }
  pending_free (r, p);
}

/* ---- adding to a tree ----------------------------------------------------- */

static const LscField *
ff (guint8 family, guint i)
{
  return &lsc_fields_reasm[(family == 6 ? V6 : V4) + i];
}

/* A context to decode more into t with the options it was decoded with
 * (defaults, which the caller provides room for, when it had none). */
static LscDissectCtx
decode_ctx (LscTree *t, LscDissectOptions *defaults)
{
  const LscDissectOptions *opt = lsc_tree_options (t);
  if (!opt)
    {
      lsc_dissect_options_init (defaults);
      opt = defaults;
    }
  LscDissectCtx c = { t, lsc_tree_pinfo (t), lsc_tree_packet (t), opt, 1 };
  return c;
}

/* The fragment's own bytes as data (it completes nothing). */
static void
add_fragment_data (LscTree *t)
{
  LscPinfo *pi = lsc_tree_pinfo (t);
  const LscPacket *pkt = lsc_tree_packet (t);
  LscDissectOptions defaults;
  LscDissectCtx c = decode_ctx (t, &defaults);
  LscBuf frame = lsc_buf_init (pkt->data, pkt->data ? pkt->caplen : 0, pkt->wirelen);
  LscBuf b = lsc_buf_sub (&frame, pi->frag_data_off, pi->frag_len);
  lsc_proto_data (&c, b, LSC_ROOT);
  if (!lsc_tree_is_summary_only (t))
    lsc_proto_frame_refresh (t);
}

static void
add_flag_notes (LscTree *t, gint32 parent, guint8 family, guint8 flags)
{
  if (flags & FR_OVERLAP)
    {
      gint32 n = lsc_tree_add_uint (t, parent, ff (family, F_OVERLAP), 0, 0, 1);
      if (flags & FR_CONFLICT)
        {
          lsc_tree_add_uint (t, n, ff (family, F_CONFLICT), 0, 0, 1);
          lsc_tree_add_note (t, n, 2, 0, 0,
                             _("This fragment overlaps bytes another fragment already brought, with different data: the first bytes were kept"));
        }
      else
        lsc_tree_add_note (t, n, 1, 0, 0, _("This fragment overlaps bytes another fragment already brought (the same data)"));
    }
  if (flags & FR_MULTITAIL)
    {
      gint32 n = lsc_tree_add_uint (t, parent, ff (family, F_MULTITAIL), 0, 0, 1);
      lsc_tree_add_note (t, n, 2, 0, 0, _("A second last fragment (More Fragments not set) claims another end of the datagram"));
    }
  if (flags & FR_TOOLONG)
    {
      gint32 n = lsc_tree_add_uint (t, parent, ff (family, F_TOOLONG), 0, 0, 1);
      lsc_tree_add_note (t, n, 2, 0, 0, _("This fragment's data runs past the end of the datagram"));
    }
}

/* What a fragment that did not complete its datagram shows, from what is
 * known of it: rec NULL when nothing is kept (streaming). */
static void
add_fragment (LscReasm *r, LscTree *t, guint8 flags, const FragRec *rec, const Pending *waiting)
{
  LscPinfo *pi = lsc_tree_pinfo (t);
  const LscPacket *pkt = lsc_tree_packet (t);
  gint32 ip = pi->frag_ip_node;
  guint8 fam = pi->frag_family;
  add_fragment_data (t);
  add_flag_notes (t, ip, fam, flags);
  if (flags & FR_CUT)
    {
      gint32 n = lsc_tree_add_uint (t, ip, ff (fam, F_ERROR), 0, 0, pkt->num);
      lsc_tree_add_note (t, n, 2, 0, 0, _("The capture cut this fragment short: its datagram cannot be rebuilt"));
    }
  if (rec && rec->reassembled_in)
    {
      lsc_tree_add_uint (t, ip, ff (fam, F_REASM_IN), 0, 0, rec->reassembled_in);
      if (fam == 6)
        {
          gint32 h = lsc_tree_add_uint (t, ip, &lsc_fields_reasm[F_V6_REASM_IN_ALIAS], 0, 0, rec->reassembled_in);
          lsc_tree_set_flags (t, h, LSC_NODE_HIDDEN);
        }
      g_string_append_printf (pi->info, " [%s #%u]", _("Reassembled in"), rec->reassembled_in);
    }
  else if (rec && rec->gave_up)
    {
      gint32 n = lsc_tree_add_uint (t, ip, ff (fam, F_ERROR), 0, 0, pkt->num);
      const char *why = rec->gave_up == GAVE_TIMEOUT ? _("its other fragments did not come in time")
                        : rec->gave_up == GAVE_LIMIT ? _("too many fragments were waiting (memory limit)")
                                                     : _("the capture ended first");
      if (rec->hole_len)
        lsc_tree_add_note (t, n, 1, 0, 0,
                           _("Never reassembled: bytes %u–%u of the datagram did not arrive (a fragment is missing); %s"),
                           rec->hole_off, rec->hole_off + rec->hole_len - 1, why);
      else
        lsc_tree_add_note (t, n, 1, 0, 0, _("Never reassembled: %s"), why);
      g_string_append_printf (pi->info, " [%s]", _("not reassembled"));
    }
  else if (waiting && waiting->have_total)
    {
      /* The last fragment is in but a hole remains: say which bytes. */
      guint32 hoff, hlen;
      if (first_hole (waiting, waiting->total, &hoff, &hlen))
        lsc_tree_add_note (t, ip, 0, 0, 0, _("Bytes %u–%u of the datagram have not arrived so far (a fragment is missing or late)"),
                           hoff, hoff + hlen - 1);
    }
  (void) r;
}

/* The i-th child of parent. */
static gint32
nth_child (LscTree *t, gint32 parent, guint i)
{
  gint32 k = lsc_tree_node (t, parent)->first_child;
  while (k >= 0 && i--)
    k = lsc_tree_node (t, k)->next;
  return k;
}

/* The list of the parts (fragments, segments) d was rebuilt from, under
 * parent: "<head>#1(1480), #2(1480), #3(48)", one child per part. */
static gint32
add_parts (LscTree *t, gint32 parent, const LscField *list_f, const LscField *part_f, GString *head, const Done *d)
{
  gint32 fl = lsc_tree_add (t, parent, list_f, 0, 0);
  if (head)
    {
      for (guint i = 0; i < d->n_frags; i++)
        g_string_append_printf (head, "%s#%" G_GUINT64_FORMAT "(%u)", i ? ", " : "", d->frags[i].frame, d->frags[i].len);
      lsc_tree_set_label (t, fl, head->str, (gssize) head->len);
    }
  for (guint i = 0; i < d->n_frags; i++)
    {
      const Frag *f = &d->frags[i];
      gint32 n = lsc_tree_add_uint (t, fl, part_f, 0, 0, f->frame);
      if (head)
        {
          /* Frame numbers fit 32 bits: the analysis stops at G_MAXUINT32. */
          const char *line = f->len ? lsc_tree_strdup_printf (t, _("Frame: %u, payload: %u-%u (%u bytes)"), (guint) f->frame,
                                                              f->off, f->off + f->len - 1, f->len)
                                    : lsc_tree_strdup_printf (t, _("Frame: %u, payload: none"), (guint) f->frame);
          lsc_tree_set_label (t, n, line, -1);
        }
    }
  return fl;
}

/* The datagram d, completed by this frame, decoded into t. */
static void
add_done (LscTree *t, const Done *d)
{
  LscPinfo *pi = lsc_tree_pinfo (t);
  gint32 ip = pi->frag_ip_node;
  guint8 fam = d->family;
  gboolean full = !lsc_tree_is_summary_only (t);

  GString *head = full ? lsc_tree_scratch (t) : NULL;
  if (head)
    g_string_printf (head, g_dngettext (GETTEXT_PACKAGE, "%u %s Fragment (%u bytes): ", "%u %s Fragments (%u bytes): ", d->n_frags),
                     d->n_frags, fam == 6 ? "IPv6" : "IPv4", d->len);
  gint32 fl = add_parts (t, ip, ff (fam, F_FRAGMENTS), ff (fam, F_FRAGMENT), head, d);
  for (guint i = 0; i < d->n_frags; i++)
    add_flag_notes (t, lsc_tree_is_summary_only (t) ? 0 : nth_child (t, fl, i), fam, d->frags[i].flags);
  lsc_tree_add_uint (t, fl, ff (fam, F_COUNT), 0, 0, d->n_frags);
  lsc_tree_add_uint (t, fl, ff (fam, F_REASM_LEN), 0, 0, d->len);

  /* The datagram's payload, as if it had come whole. */
  const guint8 *bytes = lsc_tree_dup_bytes (t, d->data, d->len);
  lsc_tree_set_reassembled (t, bytes, d->len);
  LscDissectOptions defaults;
  LscDissectCtx c = decode_ctx (t, &defaults);
  LscBuf b = { bytes, d->len, d->len, 0 };
  pi->has &= ~(guint32) LSC_HAS_FRAG;
  pi->ip_proto = d->proto;
  pi->l4_len = d->len;
  g_string_truncate (pi->info, 0);
  guint first = lsc_tree_count (t);
  if (fam == 6 && d->proto == 59)
    lsc_proto_data (&c, b, LSC_ROOT);
  else
    lsc_dissect_ipproto (&c, d->proto, b, LSC_ROOT);
  for (guint i = first; i < lsc_tree_count (t); i++)
    lsc_tree_node_mut (t, (gint32) i)->flags |= LSC_NODE_REASSEMBLED;
  if (pi->info->len == 0 && !pi->tcp_info_deferred)
    {
      const char *pname = lsc_value_string (lsc_ipproto_vals, d->proto);
      lsc_string_printf (pi->info, _("%s → %s, protocol %s (%u), reassembled from %u fragments"), pi->src, pi->dst,
                         pname ? pname : "?", d->proto, d->n_frags);
    }
  if (full)
    lsc_proto_frame_refresh (t);
}

/* ---- the pass -------------------------------------------------------------- */

static int
frag_cmp (gconstpointer a, gconstpointer b)
{
  const Frag *x = a, *y = b;
  if (x->off != y->off)
    return x->off < y->off ? -1 : 1;
  return x->frame < y->frame ? -1 : x->frame > y->frame;
}

/* Grow p's buffer to hold end bytes, within the budget: FALSE when it cannot. */
static gboolean
grow (LscReasm *r, Pending *p, guint32 end)
{
  if (end <= p->cap)
    return TRUE;
  guint32 cap = MIN (MAX (end, MIN (p->cap * 2, MAX_PAYLOAD)), MAX_PAYLOAD);
  cap = MAX (cap, end);
  /* Make room by giving up the oldest others. */
  while (r->buffered + (cap - p->cap) > r->max_bytes && r->queue.head && r->queue.head->data != p)
    give_up (r, r->queue.head->data, GAVE_LIMIT);
  if (r->buffered + (cap - p->cap) > r->max_bytes)
    return FALSE;
  p->data = g_realloc (p->data, cap);
  p->have = g_realloc (p->have, (cap + 7) / 8);
  memset (p->have + (p->cap + 7) / 8, 0, (cap + 7) / 8 - (p->cap + 7) / 8);
  if (p->cap & 7)
    p->have[p->cap / 8] &= (guint8) ((1u << (p->cap & 7)) - 1);
  r->buffered += cap - p->cap;
  p->cap = cap;
  return TRUE;
}

static void
ip_process (LscReasm *r, LscTree *t)
{
  const LscPacket *pkt = lsc_tree_packet (t);
  LscPinfo *pi = lsc_tree_pinfo (t);

  guint32 off = pi->frag_offset, len = pi->frag_len;
  guint8 flags = 0;
  if ((guint64) off + len > MAX_PAYLOAD)
    flags |= FR_TOOLONG;
  if (!pkt->data || (guint64) pi->frag_data_off + len > pkt->caplen)
    flags |= FR_CUT;
  if (flags)
    {
      FragRec *fr = rec_get (r, pkt->num, TRUE);
      if (fr)
        fr->flags = flags;
      add_fragment (r, t, flags, fr, NULL);
      pi->frag_ip_node = -1;
      return;
    }

  Key k;
  memset (&k, 0, sizeof k);
  k.family = pi->frag_family;
  k.proto = pi->frag_proto;
  k.id = pi->frag_id;
  memcpy (k.src, pi->l3_src, 16);
  memcpy (k.dst, pi->l3_dst, 16);
  Pending *p = g_hash_table_lookup (r->pending, &k);
  if (!p)
    {
      while (g_hash_table_size (r->pending) >= r->max_datagrams && r->queue.head)
        give_up (r, r->queue.head->data, GAVE_LIMIT);
      p = g_new0 (Pending, 1);
      p->key = k;
      p->frags = g_array_new (FALSE, FALSE, sizeof (Frag));
      p->first_ns = pkt->ts_ns;
      g_queue_push_tail (&r->queue, p);
      p->link = r->queue.tail;
      g_hash_table_insert (r->pending, &p->key, p);
    }
  if (!grow (r, p, off + len))
    {
      /* Even alone it does not fit the budget: give it up with this one. */
      Frag f0 = { pkt->num, off, len, 0 };
      g_array_append_val (p->frags, f0);
      give_up (r, p, GAVE_LIMIT);
      add_fragment (r, t, 0, rec_get (r, pkt->num, FALSE), NULL);
      pi->frag_ip_node = -1;
      return;
    }

  const guint8 *src = pkt->data + pi->frag_data_off;
  for (guint32 i = 0; i < len; i++)
    {
      guint32 at = off + i;
      if (bit (p->have, at))
        {
          flags |= FR_OVERLAP;
          if (p->data[at] != src[i])
            flags |= FR_CONFLICT;
          continue;
        }
      p->data[at] = src[i];
      p->have[at >> 3] |= (guint8) (1u << (at & 7));
    }
  if (!pi->frag_more)
    {
      if (p->have_total && p->total != off + len)
        flags |= FR_MULTITAIL;
      else
        {
          p->have_total = TRUE;
          p->total = off + len;
        }
    }
  if (p->have_total && off + len > p->total)
    flags |= FR_TOOLONG;
  Frag f = { pkt->num, off, len, flags };
  g_array_append_val (p->frags, f);

  guint32 hoff, hlen;
  if (!p->have_total || first_hole (p, p->total, &hoff, &hlen))
    {
      FragRec *fr = rec_get (r, pkt->num, TRUE);
      if (fr)
        fr->flags = flags;
      add_fragment (r, t, flags, NULL, p);
      pi->frag_ip_node = -1;
      return;
    }

  /* Whole: this frame shows the datagram. */
  Done *d = g_new0 (Done, 1);
  d->family = k.family;
  d->proto = k.proto;
  d->len = p->total;
  d->data = g_memdup2 (p->data, MAX (p->total, 1u));
  d->n_frags = p->frags->len;
  d->frags = g_memdup2 (p->frags->data, sizeof (Frag) * MAX (d->n_frags, 1u));
  qsort (d->frags, d->n_frags, sizeof (Frag), frag_cmp);
  pending_free (r, p);
  r->n_done++;
  add_done (t, d);
  pi->frag_ip_node = -1;
  if (r->streaming)
    {
      done_free (d);
      return;
    }
  for (guint i = 0; i < d->n_frags; i++)
    {
      FragRec *fr = rec_get (r, d->frags[i].frame, TRUE);
      fr->reassembled_in = (guint32) pkt->num;
      fr->flags |= d->frags[i].flags;
    }
  guint64 num = pkt->num;
  g_hash_table_insert (r->done, g_memdup2 (&num, sizeof num), d);
  r->kept += sizeof (Done) + d->len + d->n_frags * sizeof (Frag) + 64;
}

static void
ip_annotate (LscReasm *r, LscTree *t)
{
  const LscPacket *pkt = lsc_tree_packet (t);
  LscPinfo *pi = lsc_tree_pinfo (t);
  guint64 num = pkt->num;
  const Done *d = r ? g_hash_table_lookup (r->done, &num) : NULL;
  if (d)
    add_done (t, d);
  else
    {
      const FragRec *fr = r ? rec_get (r, num, FALSE) : NULL;
      add_fragment (r, t, fr ? fr->flags : 0, fr, NULL);
    }
  pi->frag_ip_node = -1;
}

/* ---- messages over several TCP segments ------------------------------------ */

static void
pdu_give_up (LscReasm *r, Pdu *p, guint reason)
{
  r->n_given_up++;
  if (!r->streaming)
    for (guint i = 0; i < p->segs->len; i++)
      rec_get (r, g_array_index (p->segs, Frag, i).frame, TRUE)->tcp_gave_up = (guint8) reason;
  pdu_free (r, p);
}

static LscBuf
pdu_view (const LscPinfo *pi)
{
  LscBuf b = { pi->tcp_pdu_data, pi->tcp_pdu_caplen, pi->tcp_pdu_reported, pi->tcp_pdu_off };
  return b;
}

/* Decode the segment's payload into t: the message whole (d), as a part of
 * one (data), or as it is (plain).  Nodes decoded from bytes that are not
 * the frame's get LSC_NODE_REASSEMBLED. */
static void
pdu_decode (LscTree *t, const Done *d, gboolean part, gboolean starts)
{
  LscPinfo *pi = lsc_tree_pinfo (t);
  LscDissectOptions defaults;
  LscDissectCtx c = decode_ctx (t, &defaults);
  LscBuf b = pdu_view (pi);
  guint32 rlen = 0;
  const guint8 *rb = lsc_tree_reassembled (t, &rlen);
  gboolean elsewhere = rb && b.data >= rb && b.data < rb + rlen;
  gboolean full = !lsc_tree_is_summary_only (t);
  pi->tcp_pdu_deferred = FALSE;
  if (d)
    {
      GString *head = full ? lsc_tree_scratch (t) : NULL;
      if (head)
        g_string_printf (head, g_dngettext (GETTEXT_PACKAGE, "%u Reassembled TCP Segment (%u bytes): ",
                                            "%u Reassembled TCP Segments (%u bytes): ", d->n_frags),
                         d->n_frags, d->len);
      gint32 tn = pi->tcp_node >= 0 ? pi->tcp_node : LSC_ROOT;
      gint32 fl = add_parts (t, tn, &lsc_fields_reasm[F_TCP_SEGMENTS], &lsc_fields_reasm[F_TCP_SEGMENT], head, d);
      lsc_tree_add_uint (t, fl, &lsc_fields_reasm[F_TCP_COUNT], 0, 0, d->n_frags);
      lsc_tree_add_uint (t, fl, &lsc_fields_reasm[F_TCP_REASM_LEN], 0, 0, d->len);
      const guint8 *bytes = lsc_tree_dup_bytes (t, d->data, d->len);
      lsc_tree_set_reassembled (t, bytes, d->len);
      b = (LscBuf) { bytes, d->len, d->len, 0 };
      elsewhere = TRUE;
    }
  guint first = lsc_tree_count (t);
  if (part)
    {
      /* The bytes stay under TCP, as tshark shows them: the message is decoded
       * where it completes. */
      gint32 sd = lsc_tree_add_bytes (t, pi->tcp_node >= 0 ? pi->tcp_node : LSC_ROOT, &lsc_fields_reasm[F_TCP_SEGMENT_DATA],
                                      b.off, b.len, b.data, b.len);
      if (full)
        lsc_tree_set_label (t, sd, lsc_tree_strdup_printf (t, g_dngettext (GETTEXT_PACKAGE, "TCP segment data (%u byte)",
                                                                           "TCP segment data (%u bytes)", b.len), b.len), -1);
      if (starts)
        lsc_tree_add_note (t, sd, 0, 0, 0,
                           _("An HTTP message starts here and goes on in the next segments: the segment that completes it shows it decoded"));
      pi->tcp_pdu_part = TRUE;
    }
  else
    lsc_dissect_ports (&c, b, LSC_ROOT, TRUE);
  if (elsewhere)
    for (guint i = first; i < lsc_tree_count (t); i++)
      lsc_tree_node_mut (t, (gint32) i)->flags |= LSC_NODE_REASSEMBLED;
  if (full)
    lsc_proto_frame_refresh (t);
}

/* Room for n more bytes of messages: give up the oldest ones until it fits. */
static gboolean
pdu_room (LscReasm *r, gsize n, const Pdu *keep)
{
  while (r->buffered + n > r->max_bytes && r->pdu_queue.head && r->pdu_queue.head->data != keep)
    pdu_give_up (r, r->pdu_queue.head->data, GAVE_LIMIT);
  return r->buffered + n <= r->max_bytes;
}

static void
pdu_process (LscReasm *r, LscTree *t)
{
  const LscPacket *pkt = lsc_tree_packet (t);
  LscPinfo *pi = lsc_tree_pinfo (t);
  LscBuf b = pdu_view (pi);
  gboolean whole = b.len > 0 && b.len == b.reported;
  guint32 seq = pi->tcp_seq;

  PduKey k;
  memset (&k, 0, sizeof k);
  k.family = pi->l3_family;
  k.sport = pi->srcport;
  k.dport = pi->dstport;
  memcpy (k.src, pi->l3_src, 16);
  memcpy (k.dst, pi->l3_dst, 16);
  Pdu *p = g_hash_table_lookup (r->pdus, &k);
  if (p)
    {
      gboolean next = whole && seq == p->next_seq;
      if (next && (p->buf->len + b.len > LSC_REASM_MAX_MESSAGE || !pdu_room (r, b.len, p)))
        {
          /* Too long to wait for, or no room left: given up, this segment shown as it is. */
          pdu_give_up (r, p, GAVE_LIMIT);
          pdu_decode (t, NULL, FALSE, FALSE);
          return;
        }
      if (next)
        {
          Frag s = { pkt->num, p->buf->len, b.len, 0 };
          g_array_append_val (p->segs, s);
          g_byte_array_append (p->buf, b.data, b.len);
          r->buffered += b.len;
          p->next_seq += b.len;
          gsize mlen = 0;
          if (lsc_http_message_length (p->buf->data, p->buf->len, &mlen) == 0)
            {
              FragRec *fr = rec_get (r, pkt->num, TRUE);
              if (fr)
                fr->tcp_part = TRUE;
              pdu_decode (t, NULL, TRUE, FALSE);
              return;
            }
          /* Whole (or its end cannot be told any more): this frame shows it. */
          Done *d = g_new0 (Done, 1);
          d->len = p->buf->len;
          d->data = g_memdup2 (p->buf->data, d->len);
          d->n_frags = p->segs->len;
          d->frags = g_memdup2 (p->segs->data, sizeof (Frag) * d->n_frags);
          pdu_free (r, p);
          r->n_done++;
          pdu_decode (t, d, FALSE, FALSE);
          if (r->streaming)
            {
              done_free (d);
              return;
            }
          for (guint i = 0; i + 1 < d->n_frags; i++)
            rec_get (r, d->frags[i].frame, TRUE)->tcp_reassembled_in = (guint32) pkt->num;
          guint64 num = pkt->num;
          g_hash_table_insert (r->done_tcp, g_memdup2 (&num, sizeof num), d);
          r->kept += sizeof (Done) + d->len + d->n_frags * sizeof (Frag) + 64;
          return;
        }
      if (b.len && (gint32) (seq - p->next_seq) < 0)
        {
          /* A retransmission of bytes already taken: shown as it is. */
          pdu_decode (t, NULL, FALSE, FALSE);
          return;
        }
      pdu_give_up (r, p, GAVE_GAP);
    }

  /* A message that starts here and does not end in this segment waits. */
  gsize mlen = 0;
  if (whole && lsc_http_detect (b, TRUE) && lsc_http_message_length (b.data, b.len, &mlen) == 0)
    {
      while (g_hash_table_size (r->pdus) >= r->max_datagrams && r->pdu_queue.head)
        pdu_give_up (r, r->pdu_queue.head->data, GAVE_LIMIT);
      if (pdu_room (r, b.len, NULL))
        {
          p = g_new0 (Pdu, 1);
          p->key = k;
          p->buf = g_byte_array_sized_new (MAX (b.len * 2, 2048u));
          g_byte_array_append (p->buf, b.data, b.len);
          r->buffered += b.len;
          p->segs = g_array_new (FALSE, FALSE, sizeof (Frag));
          Frag s = { pkt->num, 0, b.len, 0 };
          g_array_append_val (p->segs, s);
          p->next_seq = seq + b.len;
          p->first_ns = pkt->ts_ns;
          g_queue_push_tail (&r->pdu_queue, p);
          p->link = r->pdu_queue.tail;
          g_hash_table_insert (r->pdus, &p->key, p);
          FragRec *fr = rec_get (r, pkt->num, TRUE);
          if (fr)
            fr->tcp_part = fr->tcp_starts = TRUE;
          pdu_decode (t, NULL, TRUE, TRUE);
          return;
        }
    }
  pdu_decode (t, NULL, FALSE, FALSE);
}

static void
pdu_annotate (LscReasm *r, LscTree *t)
{
  const LscPacket *pkt = lsc_tree_packet (t);
  LscPinfo *pi = lsc_tree_pinfo (t);
  guint64 num = pkt->num;
  const Done *d = r ? g_hash_table_lookup (r->done_tcp, &num) : NULL;
  const FragRec *fr = r && !d ? rec_get (r, num, FALSE) : NULL;
  if (d)
    pdu_decode (t, d, FALSE, FALSE);
  else if (fr && fr->tcp_reassembled_in)
    {
      pdu_decode (t, NULL, TRUE, fr->tcp_starts);
      if (pi->tcp_node >= 0)
        lsc_tree_add_uint (t, pi->tcp_node, &lsc_fields_reasm[F_TCP_REASM_IN], 0, 0, fr->tcp_reassembled_in);
    }
  else if (fr && fr->tcp_gave_up)
    {
      /* The message never completed: what this segment has, as it is. */
      pdu_decode (t, NULL, FALSE, FALSE);
      if (pi->tcp_node >= 0)
        {
          gint32 n = lsc_tree_add_uint (t, pi->tcp_node, &lsc_fields_reasm[F_TCP_ERROR], 0, 0, num);
          lsc_tree_add_note (t, n, 1, 0, 0, _("The message this segment belongs to never completed: %s"),
                             fr->tcp_gave_up == GAVE_GAP ? _("the next segment did not follow it (missing or out of order)")
                             : fr->tcp_gave_up == GAVE_TIMEOUT ? _("its other segments did not come in time")
                             : fr->tcp_gave_up == GAVE_LIMIT ? _("too many messages were waiting (memory limit)")
                                                              : _("the capture ended first"));
        }
    }
  else
    pdu_decode (t, NULL, fr && fr->tcp_part, fr && fr->tcp_starts);
}

/* ---- the pass -------------------------------------------------------------- */

void
lsc_reasm_process (LscReasm *r, LscTree *t)
{
  const LscPacket *pkt = lsc_tree_packet (t);
  LscPinfo *pi = lsc_tree_pinfo (t);
  gboolean frag = pi->frag_family && pi->frag_ip_node >= 0;
  if (!pkt || (!frag && !pi->tcp_pdu_deferred))
    return;
  if (pkt->num <= r->last_frame || pkt->num > G_MAXUINT32)
    {
      /* Beyond 2^32 frames (where the analysis stops too) each part is shown as it is. */
      lsc_reasm_annotate (pkt->num > G_MAXUINT32 ? NULL : r, t);
      return;
    }
  r->last_frame = pkt->num;

  /* Give up what waited too long (capture time). */
  while (r->queue.head && pkt->ts_ns - ((Pending *) r->queue.head->data)->first_ns > r->timeout_ns)
    give_up (r, r->queue.head->data, GAVE_TIMEOUT);
  while (r->pdu_queue.head && pkt->ts_ns - ((Pdu *) r->pdu_queue.head->data)->first_ns > r->timeout_ns)
    pdu_give_up (r, r->pdu_queue.head->data, GAVE_TIMEOUT);

  /* A datagram completed here may carry a TCP segment, which the decoder
   * then leaves to the second step. */
  if (frag)
    ip_process (r, t);
  if (pi->tcp_pdu_deferred)
    pdu_process (r, t);
}

gboolean
lsc_reasm_annotate (LscReasm *r, LscTree *t)
{
  const LscPacket *pkt = lsc_tree_packet (t);
  LscPinfo *pi = lsc_tree_pinfo (t);
  gboolean frag = pi->frag_family && pi->frag_ip_node >= 0;
  if (!pkt || (!frag && !pi->tcp_pdu_deferred))
    return FALSE;
  if (frag)
    ip_annotate (r, t);
  if (pi->tcp_pdu_deferred)
    pdu_annotate (r, t);
  return TRUE;
}

void
lsc_reasm_finish (LscReasm *r)
{
  while (r->queue.head)
    give_up (r, r->queue.head->data, GAVE_END);
  while (r->pdu_queue.head)
    pdu_give_up (r, r->pdu_queue.head->data, GAVE_END);
}

gsize
lsc_reasm_memory (const LscReasm *r)
{
  return r->buffered + g_hash_table_size (r->pending) * (sizeof (Pending) + 96) +
         g_hash_table_size (r->pdus) * (sizeof (Pdu) + 96) + r->kept;
}

void
lsc_reasm_counts (const LscReasm *r, guint *waiting, guint64 *reassembled, guint64 *given_up)
{
  if (waiting)
    *waiting = g_hash_table_size (r->pending) + g_hash_table_size (r->pdus);
  if (reassembled)
    *reassembled = r->n_done;
  if (given_up)
    *given_up = r->n_given_up;
}

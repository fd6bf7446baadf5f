/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-output.c — JSON, tshark-style PDML/PSML and fields output */
#include "lsc-output.h"
#include "lsc-filter.h"
#include "lsc-format.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

static const char hexdig[] = "0123456789abcdef";

/* ---------------------------------------------------------------- JSON */

/* What a byte needs in a JSON string: 0 copied, 1 escaped (ASCII controls,
 * '"', '\\', DEL), 2 the start of a multi-byte sequence to validate. */
static const guint8 json_class[256] = {
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
  2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
  2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
  2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
  2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

/* The inside of a JSON string (no quotes): len bytes of s, escaped.  Each
 * byte becomes at most six ("\u00XX", "\ufffd"), so the room is reserved
 * once and written in place. */
static void
json_chars (GString *out, const char *s, gsize len)
{
  const guchar *p = (const guchar *) s, *end = p + len;
  char *q = lsc_string_reserve (out, 6 * len);
  while (p < end)
    {
      /* Eight plain bytes at a time: none below 0x20, none '"' or '\\', none
       * 0x7f or above (exact tests for "some byte is zero / below n"). */
      while (end - p >= 8)
        {
          const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101), highs = ones * 0x80;
          guint64 w, x, y, z;
          memcpy (&w, p, 8);
          x = w ^ (ones * '"');
          y = w ^ (ones * '\\');
          z = w ^ (ones * 0x7f);
          if (((w - ones * 0x20) & ~w & highs) | ((x - ones) & ~x & highs) | ((y - ones) & ~y & highs) |
              ((z - ones) & ~z & highs) | (w & highs))
            break;
          memcpy (q, p, 8);
          q += 8;
          p += 8;
        }
      if (p == end)
        break;
      guchar c = *p;
      switch (json_class[c])
        {
        case 0:
          *q++ = (char) c;
          p++;
          continue;
        case 1:
          *q++ = '\\';
          switch (c)
            {
            case '"': *q++ = '"'; break;
            case '\\': *q++ = '\\'; break;
            case '\n': *q++ = 'n'; break;
            case '\r': *q++ = 'r'; break;
            case '\t': *q++ = 't'; break;
            case '\b': *q++ = 'b'; break;
            case '\f': *q++ = 'f'; break;
            default:
              memcpy (q, "u00", 3);
              q += 3;
              *q++ = hexdig[c >> 4];
              *q++ = hexdig[c & 15];
              break;
            }
          p++;
          continue;
        default:
          break;
        }
      /* Multi-byte: keep valid UTF-8 (NUL-free), replace anything else. */
      gunichar u = g_utf8_get_char_validated ((const char *) p, end - p);
      if (u == (gunichar) -1 || u == (gunichar) -2)
        {
          memcpy (q, "\\ufffd", 6);
          q += 6;
          p++;
          continue;
        }
      const guchar *nx = (const guchar *) g_utf8_next_char (p);
      if (u == 0x2028 || u == 0x2029)
        {
          /* line separators break JavaScript readers */
          memcpy (q, u == 0x2028 ? "\\u2028" : "\\u2029", 6);
          q += 6;
        }
      else
        {
          memcpy (q, p, (gsize) (nx - p));
          q += nx - p;
        }
      p = nx;
    }
  lsc_string_commit (out, q);
}

void
lsc_output_json_string (GString *out, const char *s, gssize len)
{
  if (!s)
    s = "";
  g_string_append_c (out, '"');
  json_chars (out, s, len < 0 ? strlen (s) : (gsize) len);
  g_string_append_c (out, '"');
}

/* A string literal, without measuring it. */
#define PUT_LIT(out, lit) lsc_string_put ((out), (lit), sizeof (lit) - 1)

/* A number of frame bytes, as a JSON number. */
static void
json_uint (GString *out, guint64 v)
{
  lsc_string_append_uint (out, v);
}

static void
json_raw_value (const LscNode *n, GString *out, GString *scratch)
{
  const LscField *f = n->field;
  switch (f->type)
    {
    case LSC_FT_NONE:
    case LSC_FT_PROTOCOL:
      PUT_LIT (out, "null");
      return;
    case LSC_FT_BOOL:
      if (n->v.u)
        PUT_LIT (out, "true");
      else
        PUT_LIT (out, "false");
      return;
    case LSC_FT_UINT:
    case LSC_FT_FRAMENUM:
      /* Beyond 2^53 a JSON number loses digits in most readers: use a string. */
      if (n->v.u <= ((guint64) 1 << 53))
        json_uint (out, n->v.u);
      else
        {
          g_string_append_c (out, '"');
          json_uint (out, n->v.u);
          g_string_append_c (out, '"');
        }
      return;
    case LSC_FT_INT:
      if (n->v.i <= ((gint64) 1 << 53) && n->v.i >= -((gint64) 1 << 53))
        lsc_string_append_int (out, n->v.i);
      else
        {
          g_string_append_c (out, '"');
          lsc_string_append_int (out, n->v.i);
          g_string_append_c (out, '"');
        }
      return;
    case LSC_FT_DOUBLE:
    case LSC_FT_RELTIME:
      if (!isfinite (n->v.d))
        PUT_LIT (out, "null");
      else if (f->type == LSC_FT_RELTIME)
        lsc_string_append_fixed9 (out, n->v.d);
      else
        g_string_append_printf (out, "%.17g", n->v.d);
      return;
    case LSC_FT_STRING:
      g_string_append_c (out, '"');
      if (n->text)
        json_chars (out, n->text, strlen (n->text));
      g_string_append_c (out, '"');
      return;
    default:
      lsc_string_clear (scratch);
      lsc_format_value (n, scratch);
      lsc_output_json_string (out, scratch->str, (gssize) scratch->len);
      return;
    }
}

static void
json_flags (guint16 flags, GString *out)
{
  static const struct {
    guint16 bit;
    const char *name;
  } names[] = {
    { LSC_NODE_GENERATED, "generated" }, { LSC_NODE_TRUNCATED, "truncated" }, { LSC_NODE_MALFORMED, "malformed" },
    { LSC_NODE_CHECKSUM_BAD, "checksum_bad" }, { LSC_NODE_CHECKSUM_GOOD, "checksum_good" },
    { LSC_NODE_CHECKSUM_OFFLOAD, "checksum_offload" },
    { LSC_NODE_WARN, "warning" },
    /* offset and length count in the reassembled datagram or message */
    { LSC_NODE_REASSEMBLED, "reassembled" },
  };
  const guint16 shown = LSC_NODE_GENERATED | LSC_NODE_TRUNCATED | LSC_NODE_MALFORMED | LSC_NODE_CHECKSUM_BAD |
                        LSC_NODE_CHECKSUM_GOOD | LSC_NODE_CHECKSUM_OFFLOAD | LSC_NODE_WARN | LSC_NODE_REASSEMBLED;
  if (!(flags & shown))
    {
      PUT_LIT (out, "[]");
      return;
    }
  if ((flags & shown) == LSC_NODE_GENERATED)
    {
      PUT_LIT (out, "[\"generated\"]");
      return;
    }
  gboolean first = TRUE;
  g_string_append_c (out, '[');
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (flags & names[i].bit)
      {
        if (!first)
          g_string_append_c (out, ',');
        g_string_append_c (out, '"');
        lsc_string_puts (out, names[i].name);
        g_string_append_c (out, '"');
        first = FALSE;
      }
  g_string_append_c (out, ']');
}

/* ---- the fixed start of every node of a field, made once per field ---- */

/* '{"id":"ip.ttl","name":"Time to Live"' for each field met, in a small
 * open-addressing table keyed by the field's address.  One table per
 * thread (the CLI formats on whichever reader thread has the turn), kept
 * for the thread's life; the translations do not change while running. */
typedef struct {
  const LscField *field;
  char *head;
  guint len;
} FieldHead;

typedef struct {
  FieldHead *slots;
  guint mask;
  guint used;
} FieldHeads;

static void
field_heads_free (gpointer data)
{
  FieldHeads *h = data;
  for (guint i = 0; i <= h->mask; i++)
    g_free (h->slots[i].head);
  g_free (h->slots);
  g_free (h);
}

static GPrivate field_heads_key = G_PRIVATE_INIT (field_heads_free);

static guint
field_hash (const LscField *f)
{
  return (guint) (((guintptr) f >> 3) * 0x9e3779b1u);
}

static void
field_heads_insert (FieldHeads *h, const LscField *f, char *head, guint len)
{
  guint i = field_hash (f) & h->mask;
  while (h->slots[i].field)
    i = (i + 1) & h->mask;
  h->slots[i] = (FieldHead) { f, head, len };
  h->used++;
}

static FieldHeads *
field_heads_get (void)
{
  FieldHeads *h = g_private_get (&field_heads_key);
  if (G_UNLIKELY (!h))
    {
      h = g_new0 (FieldHeads, 1);
      h->mask = 255;
      h->slots = g_new0 (FieldHead, h->mask + 1);
      g_private_set (&field_heads_key, h);
    }
  return h;
}

static const FieldHead *
field_head (FieldHeads *h, const LscField *f)
{
  for (guint i = field_hash (f) & h->mask;; i = (i + 1) & h->mask)
    {
      if (h->slots[i].field == f)
        return &h->slots[i];
      if (!h->slots[i].field)
        break;
    }
  if ((h->used + 1) * 2 > h->mask + 1)
    {
      FieldHead *old = h->slots;
      guint old_n = h->mask + 1;
      h->mask = 2 * old_n - 1;
      h->slots = g_new0 (FieldHead, h->mask + 1);
      h->used = 0;
      for (guint i = 0; i < old_n; i++)
        if (old[i].field)
          field_heads_insert (h, old[i].field, old[i].head, old[i].len);
      g_free (old);
    }
  GString *s = g_string_new ("{\"id\":");
  lsc_output_json_string (s, f->id, -1);
  PUT_LIT (s, ",\"name\":");
  lsc_output_json_string (s, _(f->name), -1);
  guint len = (guint) s->len;
  field_heads_insert (h, f, g_string_free (s, FALSE), len);
  return field_head (h, f);
}

/* What the nodes of one frame share while they are written. */
typedef struct {
  const LscNode *base;  /* the tree's nodes, one array indexed by the links (lsc-tree.h) */
  GString *scratch;
  FieldHeads *heads;
  gboolean labels;  /* FALSE: the compact form, without the label and display keys */
} JsonCtx;

static void json_siblings (const LscTree *t, gint32 first_idx, LscModel model, guint layer, const JsonCtx *cx,
                           GString *out);

static void
json_node (const LscTree *t, gint32 idx, const JsonCtx *cx, GString *out)
{
  const LscNode *n = &cx->base[idx];
  const LscField *f = n->field;
  const FieldHead *h = field_head (cx->heads, f);
  GString *scratch = cx->scratch;

  lsc_string_put (out, h->head, h->len);
  if (!cx->labels)
    {
      PUT_LIT (out, ",\"value\":");
      json_raw_value (n, out, scratch);
      goto placed;
    }
  /* The label is most often its head and then the display: the display is
   * formatted once, escaped once and copied. */
  PUT_LIT (out, ",\"label\":\"");
  lsc_string_clear (scratch);
  gboolean then_display = lsc_format_label_head (n, scratch);
  json_chars (out, scratch->str, scratch->len);
  gsize disp_at = out->len;
  if (then_display)
    {
      lsc_string_clear (scratch);
      lsc_format_display (n, scratch);
      json_chars (out, scratch->str, scratch->len);
    }
  gsize disp_len = out->len - disp_at;
  PUT_LIT (out, "\",\"value\":");
  json_raw_value (n, out, scratch);
  PUT_LIT (out, ",\"display\":\"");
  if (then_display)
    {
      char *q = lsc_string_reserve (out, disp_len);
      memcpy (q, out->str + disp_at, disp_len);  /* after the reserve: str may move */
      lsc_string_commit (out, q + disp_len);
    }
  else
    {
      lsc_string_clear (scratch);
      lsc_format_display (n, scratch);
      json_chars (out, scratch->str, scratch->len);
    }
  g_string_append_c (out, '"');
placed:
  PUT_LIT (out, ",\"offset\":");
  json_uint (out, n->offset);
  PUT_LIT (out, ",\"length\":");
  json_uint (out, n->length);
  PUT_LIT (out, ",\"flags\":");
  json_flags (n->flags, out);
  PUT_LIT (out, ",\"children\":");
  json_siblings (t, n->first_child, LSC_MODEL_OSI, 0, cx, out);
  g_string_append_c (out, '}');
}

/* A JSON array of the visible nodes in a sibling chain; with layer > 0 only
 * those that model puts in that layer. */
static void
json_siblings (const LscTree *t, gint32 first_idx, LscModel model, guint layer, const JsonCtx *cx, GString *out)
{
  gboolean first = TRUE;
  g_string_append_c (out, '[');
  for (gint32 i = first_idx; i >= 0; i = cx->base[i].next)
    {
      const LscNode *n = &cx->base[i];
      if (layer ? !lsc_model_node_in_layer (model, n, layer) : (n->flags & LSC_NODE_HIDDEN) != 0)
        continue;
      if (!first)
        g_string_append_c (out, ',');
      json_node (t, i, cx, out);
      first = FALSE;
    }
  g_string_append_c (out, ']');
}

void
lsc_output_json_node (const LscTree *t, gint32 idx, GString *out)
{
  if (!lsc_tree_node (t, idx))
    {
      PUT_LIT (out, "null");
      return;
    }
  JsonCtx cx = { lsc_tree_node (t, 0), g_string_sized_new (128), field_heads_get (), TRUE };
  json_node (t, idx, &cx, out);
  g_string_free (cx.scratch, TRUE);
}

/* "S.NNNNNNNNN" of a nanosecond time, the sign on the seconds only (as
 * "%" G_GINT64_FORMAT ".%09" G_GINT64_FORMAT with the remainder's ABS). */
static void
put_epoch (GString *out, gint64 ns)
{
  lsc_string_append_int (out, ns / 1000000000);
  char b[10];
  guint64 r = (guint64) ABS (ns % 1000000000);
  b[0] = '.';
  for (int i = 9; i >= 1; i--)
    {
      b[i] = (char) ('0' + r % 10);
      r /= 10;
    }
  lsc_string_put (out, b, 10);
}

void
lsc_output_json_packet (const LscTree *t, LscModel model, GString *out)
{
  lsc_output_json_packet_full (t, model, LSC_JSON_LABELS, out);
}

void
lsc_output_json_packet_full (const LscTree *t, LscModel model, LscJsonFlags flags, GString *out)
{
  const LscPacket *p = lsc_tree_packet (t);
  const LscPinfo *pi = lsc_tree_pinfo_const (t);
  JsonCtx cx = { lsc_tree_count (t) ? lsc_tree_node (t, 0) : NULL, g_string_sized_new (128), field_heads_get (),
                 (flags & LSC_JSON_LABELS) != 0 };

  PUT_LIT (out, "{\"number\":");
  json_uint (out, p->num);
  PUT_LIT (out, ",\"time\":");
  {
    char date[24];
    if (p->ts_ns < 0)
      PUT_LIT (out, "null");
    else if (lsc_format_utc_seconds (p->ts_ns / 1000000000, 'T', date))
      {
        char b[40];
        guint64 frac = (guint64) (p->ts_ns % 1000000000);
        b[0] = '"';
        memcpy (b + 1, date, 19);
        b[20] = '.';
        for (int i = 29; i >= 21; i--)
          {
            b[i] = (char) ('0' + frac % 10);
            frac /= 10;
          }
        b[30] = 'Z';
        b[31] = '"';
        lsc_string_put (out, b, 32);
      }
    else
      {
        g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (p->ts_ns / 1000000000);
        g_autofree char *s = dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S") : NULL;
        if (s)
          g_string_append_printf (out, "\"%s.%09" G_GINT64_FORMAT "Z\"", s, p->ts_ns % 1000000000);
        else
          PUT_LIT (out, "null");
      }
  }
  PUT_LIT (out, ",\"time_epoch\":\"");
  put_epoch (out, p->ts_ns);
  PUT_LIT (out, "\",\"time_relative\":");
  lsc_string_append_fixed9 (out, (double) (p->ts_ns - p->ts_first_ns) / 1e9);
  PUT_LIT (out, ",\"len\":");
  json_uint (out, p->wirelen);
  PUT_LIT (out, ",\"caplen\":");
  json_uint (out, p->caplen);
  PUT_LIT (out, ",\"linktype\":");
  lsc_string_append_int (out, p->linktype);
  PUT_LIT (out, ",\"source\":");
  lsc_output_json_string (out, pi->src, -1);
  PUT_LIT (out, ",\"destination\":");
  lsc_output_json_string (out, pi->dst, -1);
  PUT_LIT (out, ",\"protocol\":");
  lsc_output_json_string (out, pi->protocol, -1);
  PUT_LIT (out, ",\"info\":");
  lsc_output_json_string (out, pi->info ? pi->info->str : "", pi->info ? (gssize) pi->info->len : 0);
  PUT_LIT (out, ",\"model\":");
  lsc_output_json_string (out, lsc_model_to_string (model), -1);
  PUT_LIT (out, ",\"layers\":[");
  guint nl = lsc_model_n_layers (model);
  for (guint k = 1; k <= nl; k++)
    {
      if (k > 1)
        g_string_append_c (out, ',');
      PUT_LIT (out, "{\"layer\":");
      json_uint (out, k);
      PUT_LIT (out, ",\"name\":");
      lsc_output_json_string (out, lsc_model_layer_name (model, k), -1);
      PUT_LIT (out, ",\"nodes\":");
      json_siblings (t, lsc_tree_first_top (t), model, k, &cx, out);
      g_string_append_c (out, '}');
    }
  PUT_LIT (out, "]}");
  g_string_free (cx.scratch, TRUE);
}

/* ---------------------------------------------------------------- ek */

/* A field's id as -T ek writes it in keys: escaped, '_' for '.' ("ip_src"). */
static void
ek_id (GString *out, const char *id)
{
  gsize at = out->len;
  json_chars (out, id, strlen (id));
  for (gsize i = at; i < out->len; i++)
    if (out->str[i] == '.')
      out->str[i] = '_';
}

/* A field's value in -T ek: true/false for booleans, otherwise the text
 * -T fields prints for it, as a string; FALSE for nodes without a value of
 * their own (protocols, plain text lines, groups). */
static gboolean
ek_value (const LscNode *n, GString *out, GString *scratch)
{
  const LscField *f = n->field;
  switch (f->type)
    {
    case LSC_FT_PROTOCOL:
      return FALSE;
    case LSC_FT_NONE:
      if (!n->text || f == lsc_field_text)
        return FALSE;
      lsc_output_json_string (out, n->text, -1);
      return TRUE;
    case LSC_FT_BOOL:
      if (n->v.u)
        PUT_LIT (out, "true");
      else
        PUT_LIT (out, "false");
      return TRUE;
    default:
      lsc_string_clear (scratch);
      lsc_format_value (n, scratch);
      lsc_output_json_string (out, scratch->str, (gssize) scratch->len);
      return TRUE;
    }
}

/* One frame's working space: the nodes under a protocol in tree order,
 * for each the next node of the same field (-1: none), and a table from
 * field to the first and last of its nodes. */
typedef struct {
  GArray *nodes;   /* gint32 */
  GArray *next;    /* gint32 */
  GArray *slots;   /* EkSlot */
  GString *scratch;
  GString *ids;    /* the protocol's id for keys */
} EkWork;

typedef struct {
  const LscField *field;
  gint32 first, last;  /* positions in nodes */
} EkSlot;

static void
ek_collect (const LscNode *base, gint32 idx, GArray *nodes)
{
  for (; idx >= 0; idx = base[idx].next)
    {
      g_array_append_val (nodes, idx);
      if (base[idx].first_child >= 0)
        ek_collect (base, base[idx].first_child, nodes);
    }
}

/* The fields under one top-level protocol, flat, in the order they first
 * occur: a field seen more than once becomes an array of its values. */
static void
ek_protocol (const LscNode *base, const LscNode *top, EkWork *w, GString *out)
{
  g_array_set_size (w->nodes, 0);
  ek_collect (base, top->first_child, w->nodes);
  guint n = w->nodes->len;
  const gint32 *ix = (const gint32 *) (void *) w->nodes->data;
  guint size = 16;
  while (size < 2 * n)
    size *= 2;
  g_array_set_size (w->slots, size);
  memset (w->slots->data, 0, size * sizeof (EkSlot));
  EkSlot *slots = (EkSlot *) (void *) w->slots->data;
  g_array_set_size (w->next, n);
  gint32 *next = (gint32 *) (void *) w->next->data;
  for (guint i = 0; i < n; i++)
    {
      const LscField *f = base[ix[i]].field;
      next[i] = -1;
      guint k = field_hash (f) & (size - 1);
      while (slots[k].field && slots[k].field != f)
        k = (k + 1) & (size - 1);
      if (!slots[k].field)
        {
          slots[k] = (EkSlot) { f, (gint32) i, (gint32) i };
          continue;
        }
      next[slots[k].last] = (gint32) i;
      slots[k].last = (gint32) i;
    }
  /* A node is the first of its field unless an earlier one links to it. */
  g_string_truncate (w->ids, 0);
  ek_id (w->ids, top->field->id);
  g_string_append_c (w->ids, '_');
  gboolean first = TRUE;
  g_string_append_c (out, '{');
  for (guint i = 0; i < n; i++)
    {
      if (next[i] == -2)
        continue;  /* written with the first of its field */
      const LscNode *node = &base[ix[i]];
      gboolean many = next[i] >= 0;
      gsize at = out->len;
      if (!first)
        g_string_append_c (out, ',');
      g_string_append_c (out, '"');
      lsc_string_put (out, w->ids->str, w->ids->len);
      ek_id (out, node->field->id);
      PUT_LIT (out, "\":");
      if (many)
        g_string_append_c (out, '[');
      gsize values_at = out->len;
      for (gint32 k = (gint32) i; k >= 0;)
        {
          gint32 after = next[k];
          gsize before = out->len;
          if (out->len > values_at)
            g_string_append_c (out, ',');
          if (!ek_value (&base[ix[k]], out, w->scratch))
            g_string_truncate (out, before);
          if (k != (gint32) i)
            next[k] = -2;
          k = after;
        }
      if (out->len == values_at)
        {
          /* Nothing to say: no key either. */
          g_string_truncate (out, at);
          continue;
        }
      if (many)
        g_string_append_c (out, ']');
      first = FALSE;
    }
  g_string_append_c (out, '}');
}

void
lsc_output_ek_packet (const LscTree *t, GString *out)
{
  const LscPacket *p = lsc_tree_packet (t);
  char date[24];
  PUT_LIT (out, "{\"index\":{\"_index\":\"packets-");
  if (lsc_format_utc_seconds (p->ts_ns >= 0 ? p->ts_ns / 1000000000 : 0, ' ', date))
    lsc_string_put (out, date, 10);
  PUT_LIT (out, "\",\"_type\":\"doc\"}}\n{\"timestamp\":\"");
  lsc_string_append_int (out, p->ts_ns / 1000000);
  PUT_LIT (out, "\",\"layers\":{");
  EkWork w = {
    g_array_new (FALSE, FALSE, sizeof (gint32)), g_array_new (FALSE, FALSE, sizeof (gint32)),
    g_array_new (FALSE, FALSE, sizeof (EkSlot)), g_string_sized_new (128), g_string_sized_new (32),
  };
  /* The nodes are one array (lsc-tree.h): index it directly. */
  const LscNode *base = lsc_tree_count (t) ? lsc_tree_node (t, 0) : NULL;
  gboolean first = TRUE;
  for (gint32 i = lsc_tree_first_top (t); i >= 0; i = base[i].next)
    {
      const LscNode *top = &base[i];
      if (top->flags & LSC_NODE_HIDDEN)
        continue;
      if (!first)
        g_string_append_c (out, ',');
      lsc_output_json_string (out, top->field->id, -1);
      g_string_append_c (out, ':');
      ek_protocol (base, top, &w, out);
      first = FALSE;
    }
  PUT_LIT (out, "}}\n");
  g_array_free (w.nodes, TRUE);
  g_array_free (w.next, TRUE);
  g_array_free (w.slots, TRUE);
  g_string_free (w.scratch, TRUE);
  g_string_free (w.ids, TRUE);
}

/* ---------------------------------------------------------------- PDML, PSML */

void
lsc_output_xml_chars (GString *out, const char *s, gsize len)
{
  const guchar *p = (const guchar *) s, *end = p + len;
  /* At most six bytes per input byte ("&quot;"). */
  char *q = lsc_string_reserve (out, 6 * len);
  while (p < end)
    {
      guchar c = *p;
      if (c >= 0x80)
        {
          gunichar u = g_utf8_get_char_validated ((const char *) p, end - p);
          if (u == (gunichar) -1 || u == (gunichar) -2 || u == 0xfffe || u == 0xffff)
            {
              /* Not UTF-8, or a character XML does not allow: U+FFFD. */
              memcpy (q, "\xef\xbf\xbd", 3);
              q += 3;
              p = u == 0xfffe || u == 0xffff ? (const guchar *) g_utf8_next_char (p) : p + 1;
              continue;
            }
          const guchar *nx = (const guchar *) g_utf8_next_char (p);
          memcpy (q, p, (gsize) (nx - p));
          q += nx - p;
          p = nx;
          continue;
        }
      p++;
      switch (c)
        {
        case '&': memcpy (q, "&amp;", 5); q += 5; break;
        case '<': memcpy (q, "&lt;", 4); q += 4; break;
        case '>': memcpy (q, "&gt;", 4); q += 4; break;
        case '"': memcpy (q, "&quot;", 6); q += 6; break;
        case '\'': memcpy (q, "&apos;", 6); q += 6; break;
        /* Kept in attributes too, where a parser would make them spaces. */
        case '\t': memcpy (q, "&#x9;", 5); q += 5; break;
        case '\n': memcpy (q, "&#xA;", 5); q += 5; break;
        case '\r': memcpy (q, "&#xD;", 5); q += 5; break;
        default:
          if (c < 0x20)
            {
              /* XML 1.0 has no way to write these: spell them out. */
              *q++ = '\\';
              *q++ = 'x';
              *q++ = hexdig[c >> 4];
              *q++ = hexdig[c & 15];
            }
          else
            *q++ = (char) c;
          break;
        }
    }
  lsc_string_commit (out, q);
}

static void
xml_str (GString *out, const char *s)
{
  if (s)
    lsc_output_xml_chars (out, s, strlen (s));
}

static void
xml_hex (GString *out, const guint8 *b, gsize n)
{
  char *q = lsc_string_reserve (out, 2 * n);
  for (gsize i = 0; i < n; i++)
    {
      *q++ = hexdig[b[i] >> 4];
      *q++ = hexdig[b[i] & 15];
    }
  lsc_string_commit (out, q);
}

static void
xml_indent (GString *out, guint depth)
{
  char *q = lsc_string_reserve (out, 2 * depth);
  memset (q, ' ', 2 * depth);
  lsc_string_commit (out, q + 2 * depth);
}

/* English names, as tshark writes them whatever the locale. */
static const char *const month_abbr[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

void
lsc_output_pdml_begin (GString *out, const char *capture_file)
{
  static const char *const day_abbr[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  PUT_LIT (out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<pdml version=\"0\" creator=\"layerscope/" LSC_VERSION "\"");
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  if (now)
    /* ctime()'s form, as tshark: "Fri Dec  4 23:04:31 2026" (integers only: no locale). */
    g_string_append_printf (out, " time=\"%s %s %2d %02d:%02d:%02d %d\"",
                            day_abbr[g_date_time_get_day_of_week (now) - 1],
                            month_abbr[g_date_time_get_month (now) - 1], g_date_time_get_day_of_month (now),
                            g_date_time_get_hour (now), g_date_time_get_minute (now),
                            g_date_time_get_second (now), g_date_time_get_year (now));
  if (capture_file)
    {
      PUT_LIT (out, " capture_file=\"");
      xml_str (out, capture_file);
      g_string_append_c (out, '"');
    }
  PUT_LIT (out, ">\n");
}

void
lsc_output_pdml_end (GString *out)
{
  PUT_LIT (out, "</pdml>\n");
}

/* What the nodes of one frame share while they are written. */
typedef struct {
  const LscNode *base;
  const guint8 *frame;
  guint32 caplen;
  const guint8 *reassembled;
  guint32 reassembled_len;
  GString *scratch;
} PdmlCtx;

static void
pdml_node (const PdmlCtx *cx, gint32 idx, guint depth, GString *out)
{
  const LscNode *n = &cx->base[idx];
  const LscField *f = n->field;
  gboolean proto = f->type == LSC_FT_PROTOCOL;

  xml_indent (out, depth);
  if (proto)
    PUT_LIT (out, "<proto name=\"");
  else
    PUT_LIT (out, "<field name=\"");
  xml_str (out, f->id);
  PUT_LIT (out, "\" showname=\"");
  lsc_string_clear (cx->scratch);
  lsc_format_label (n, cx->scratch);
  lsc_output_xml_chars (out, cx->scratch->str, cx->scratch->len);
  if (n->flags & LSC_NODE_HIDDEN)
    PUT_LIT (out, "\" hide=\"yes");
  PUT_LIT (out, "\" size=\"");
  lsc_string_append_uint (out, n->length);
  PUT_LIT (out, "\" pos=\"");
  lsc_string_append_uint (out, n->offset);
  g_string_append_c (out, '"');
  if (!proto)
    {
      PUT_LIT (out, " show=\"");
      lsc_string_clear (cx->scratch);
      lsc_format_value (n, cx->scratch);
      if (f->type == LSC_FT_NONE && !cx->scratch->len)
        lsc_format_label (n, cx->scratch);  /* a line of text: itself, as tshark's text items */
      lsc_output_xml_chars (out, cx->scratch->str, cx->scratch->len);
      g_string_append_c (out, '"');
      /* The bytes it covers; a derived fact covers none. */
      const guint8 *src = (n->flags & LSC_NODE_REASSEMBLED) ? cx->reassembled : cx->frame;
      guint32 avail = (n->flags & LSC_NODE_REASSEMBLED) ? cx->reassembled_len : cx->caplen;
      if (n->length && !(n->flags & LSC_NODE_GENERATED) && src && n->offset <= avail &&
          n->length <= avail - n->offset)
        {
          PUT_LIT (out, " value=\"");
          xml_hex (out, src + n->offset, n->length);
          g_string_append_c (out, '"');
        }
    }
  if (n->first_child < 0)
    {
      PUT_LIT (out, "/>\n");
      return;
    }
  PUT_LIT (out, ">\n");
  for (gint32 i = n->first_child; i >= 0; i = cx->base[i].next)
    pdml_node (cx, i, depth + 1, out);
  xml_indent (out, depth);
  if (proto)
    PUT_LIT (out, "</proto>\n");
  else
    PUT_LIT (out, "</field>\n");
}

/* One number of tshark's "geninfo": shown in decimal, valued in hex. */
static void
geninfo_number (GString *out, const char *name, const char *showname, guint64 v, guint32 size)
{
  g_string_append_printf (out, "    <field name=\"%s\" pos=\"0\" show=\"%" G_GUINT64_FORMAT "\" showname=\"%s\" value=\"%"
                          G_GINT64_MODIFIER "x\" size=\"%u\"/>\n", name, v, showname, v, size);
}

/* tshark's "General information" protocol: number, lengths and time. */
static void
pdml_geninfo (const LscPacket *p, GString *out)
{
  PUT_LIT (out, "  <proto name=\"geninfo\" pos=\"0\" showname=\"General information\" size=\"");
  lsc_string_append_uint (out, p->caplen);
  PUT_LIT (out, "\">\n");
  geninfo_number (out, "num", "Number", p->num, p->caplen);
  geninfo_number (out, "len", "Frame Length", p->wirelen, p->caplen);
  geninfo_number (out, "caplen", "Captured Length", p->caplen, p->caplen);
  PUT_LIT (out, "    <field name=\"timestamp\" pos=\"0\" show=\"");
  char date[24];
  gint64 secs = p->ts_ns >= 0 ? p->ts_ns / 1000000000 : 0;
  if (p->ts_ns >= 0 && lsc_format_utc_seconds (secs, ' ', date))
    {
      /* "2026-11-22 11:32:47" -> "Nov 22, 2026 11:32:47.330818000 UTC" */
      int month = (date[5] - '0') * 10 + (date[6] - '0');
      lsc_string_puts (out, month_abbr[CLAMP (month, 1, 12) - 1]);
      g_string_append_c (out, ' ');
      lsc_string_put (out, date + 8, 2);
      PUT_LIT (out, ", ");
      lsc_string_put (out, date, 4);
      g_string_append_c (out, ' ');
      lsc_string_put (out, date + 11, 8);
      g_string_append_printf (out, ".%09u UTC", (guint) (p->ts_ns % 1000000000));
    }
  PUT_LIT (out, "\" showname=\"Captured Time\" value=\"");
  put_epoch (out, p->ts_ns);
  PUT_LIT (out, "\" size=\"");
  lsc_string_append_uint (out, p->caplen);
  PUT_LIT (out, "\"/>\n  </proto>\n");
}

void
lsc_output_pdml_packet (const LscTree *t, GString *out)
{
  const LscPacket *p = lsc_tree_packet (t);
  PdmlCtx cx = { lsc_tree_count (t) ? lsc_tree_node (t, 0) : NULL, p->data, p->caplen, NULL, 0,
                 g_string_sized_new (128) };
  cx.reassembled = lsc_tree_reassembled (t, &cx.reassembled_len);
  PUT_LIT (out, "<packet>\n");
  pdml_geninfo (p, out);
  for (gint32 i = lsc_tree_first_top (t); i >= 0; i = cx.base[i].next)
    pdml_node (&cx, i, 1, out);
  PUT_LIT (out, "</packet>\n\n\n");
  g_string_free (cx.scratch, TRUE);
}

static const char *const psml_columns[] = { "No.", "Time", "Source", "Destination", "Protocol", "Length", "Info" };

static void
psml_section (GString *out, const char *s, gsize len)
{
  PUT_LIT (out, "<section>");
  lsc_output_xml_chars (out, s, len);
  PUT_LIT (out, "</section>\n");
}

void
lsc_output_psml_begin (GString *out)
{
  PUT_LIT (out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<psml version=\"0\" creator=\"layerscope/" LSC_VERSION
                "\">\n<structure>\n");
  for (gsize i = 0; i < G_N_ELEMENTS (psml_columns); i++)
    psml_section (out, psml_columns[i], strlen (psml_columns[i]));
  PUT_LIT (out, "</structure>\n\n");
}

void
lsc_output_psml_packet (const LscTree *t, const char *time_text, GString *out)
{
  const LscPacket *p = lsc_tree_packet (t);
  const LscPinfo *pi = lsc_tree_pinfo_const (t);
  char num[24];
  PUT_LIT (out, "<packet>\n");
  g_snprintf (num, sizeof num, "%" G_GUINT64_FORMAT, p->num);
  psml_section (out, num, strlen (num));
  psml_section (out, time_text ? time_text : "", time_text ? strlen (time_text) : 0);
  psml_section (out, pi->src, strnlen (pi->src, sizeof pi->src));
  psml_section (out, pi->dst, strnlen (pi->dst, sizeof pi->dst));
  psml_section (out, pi->protocol ? pi->protocol : "", pi->protocol ? strlen (pi->protocol) : 0);
  g_snprintf (num, sizeof num, "%u", p->wirelen);
  psml_section (out, num, strlen (num));
  psml_section (out, pi->info ? pi->info->str : "", pi->info ? pi->info->len : 0);
  PUT_LIT (out, "</packet>\n\n");
}

void
lsc_output_psml_end (GString *out)
{
  PUT_LIT (out, "</psml>\n");
}

/* ---------------------------------------------------------------- fields */

/* tshark's column fields: the summary line's columns by name, under the
 * names tshark 4.0 prints in -T fields headers and the ones 4.2 added. */
typedef enum {
  COL_NONE,
  COL_NUMBER,
  COL_TIME,
  COL_SOURCE,
  COL_DESTINATION,
  COL_PROTOCOL,
  COL_LENGTH,
  COL_INFO,
} ColumnKind;

static const struct {
  const char *id;
  ColumnKind kind;
} column_fields[] = {
  { "_ws.col.No.", COL_NUMBER }, { "_ws.col.number", COL_NUMBER },
  { "_ws.col.Time", COL_TIME }, { "_ws.col.cls_time", COL_TIME },
  { "_ws.col.Source", COL_SOURCE }, { "_ws.col.def_src", COL_SOURCE },
  { "_ws.col.Destination", COL_DESTINATION }, { "_ws.col.def_dst", COL_DESTINATION },
  { "_ws.col.Protocol", COL_PROTOCOL }, { "_ws.col.protocol", COL_PROTOCOL },
  { "_ws.col.Length", COL_LENGTH }, { "_ws.col.packet_length", COL_LENGTH },
  { "_ws.col.Info", COL_INFO }, { "_ws.col.info", COL_INFO },
};

static ColumnKind
column_kind (const char *id)
{
  for (gsize i = 0; i < G_N_ELEMENTS (column_fields); i++)
    if (g_str_equal (id, column_fields[i].id))
      return column_fields[i].kind;
  return COL_NONE;
}

typedef struct {
  char *id;
  LscFieldSet set;
  ColumnKind kind;
} Column;

/* Which columns want a field: an open-addressing table keyed by the field's
 * address, so a row is one pass over the tree with one probe per node
 * instead of a pass per column. */
typedef struct {
  const LscField *field;  /* NULL: empty slot */
  guint first;            /* into col_ids */
  guint count;
} Slot;

typedef struct {
  guint col;
  gint32 node;
} Hit;

struct _LscFieldsOutput {
  Column *cols;
  guint n_cols;
  char separator;
  char aggregator;
  char quote;
  LscOccurrence occurrence;
  gboolean header;
  GString *scratch;
  Slot *slots;
  guint slot_mask;
  guint *col_ids;
  GArray *hits;           /* (column, node) pairs of the current row, reused */
  LscTimeFormat time_format;  /* for _ws.col.Time */
  gint64 *prev_shown_ns;  /* the previous row's time (-t dd); G_MININT64 before the first */
};

static guint
slot_hash (const LscField *f)
{
  return (guint) (((guintptr) f >> 3) * 0x9e3779b1u);
}

static const Slot *
slot_find (const LscFieldsOutput *o, const LscField *f)
{
  for (guint i = slot_hash (f) & o->slot_mask;; i = (i + 1) & o->slot_mask)
    if (o->slots[i].field == f || !o->slots[i].field)
      return o->slots[i].field ? &o->slots[i] : NULL;
}

typedef struct {
  guint field;  /* index into the distinct fields */
  guint col;
} Want;

static int
cmp_want (gconstpointer a, gconstpointer b)
{
  const Want *x = a, *y = b;
  if (x->field != y->field)
    return x->field < y->field ? -1 : 1;
  return x->col < y->col ? -1 : x->col > y->col;
}

/* Build the field -> columns table from the columns' field sets. */
static void
build_slots (LscFieldsOutput *o)
{
  /* Distinct fields first, each with the columns that want it, in column order. */
  GPtrArray *fields = g_ptr_array_new ();
  GArray *pairs = g_array_new (FALSE, FALSE, sizeof (Want));
  for (guint c = 0; c < o->n_cols; c++)
    for (guint k = 0; k < o->cols[c].set.n; k++)
      {
        guint fi;
        if (!g_ptr_array_find (fields, o->cols[c].set.fields[k], &fi))
          {
            fi = fields->len;
            g_ptr_array_add (fields, (gpointer) o->cols[c].set.fields[k]);
          }
        Want w = { fi, c };
        g_array_append_val (pairs, w);
      }
  g_array_sort (pairs, cmp_want);
  guint size = 64;
  while (size < fields->len * 4)
    size *= 2;
  o->slot_mask = size - 1;
  o->slots = g_new0 (Slot, size);
  o->col_ids = g_new (guint, MAX (pairs->len, 1));
  for (guint i = 0; i < pairs->len; i++)
    {
      const Want *w = &g_array_index (pairs, Want, i);
      const LscField *f = g_ptr_array_index (fields, w->field);
      o->col_ids[i] = w->col;
      guint j = slot_hash (f) & o->slot_mask;
      while (o->slots[j].field && o->slots[j].field != f)
        j = (j + 1) & o->slot_mask;
      if (!o->slots[j].field)
        {
          o->slots[j].field = f;
          o->slots[j].first = i;
        }
      o->slots[j].count++;
    }
  g_array_free (pairs, TRUE);
  g_ptr_array_free (fields, TRUE);
}

LscFieldsOutput *
lsc_fields_output_new (const char *const *ids, guint n_ids, GError **error)
{
  LscFieldsOutput *o = g_new0 (LscFieldsOutput, 1);
  o->cols = g_new0 (Column, MAX (n_ids, 1));
  o->separator = '\t';
  o->aggregator = ',';
  o->scratch = g_string_sized_new (64);
  for (guint i = 0; i < n_ids; i++)
    {
      Column *c = &o->cols[o->n_cols++];
      c->id = g_strdup (ids[i]);
      c->kind = column_kind (ids[i]);
      if (c->kind == COL_NONE && !lsc_field_set_lookup (&c->set, ids[i], error))
        {
          lsc_fields_output_free (o);
          return NULL;
        }
    }
  build_slots (o);
  o->hits = g_array_sized_new (FALSE, FALSE, sizeof (Hit), 64);
  o->prev_shown_ns = g_new (gint64, 1);
  *o->prev_shown_ns = G_MININT64;
  return o;
}

void
lsc_fields_output_free (LscFieldsOutput *o)
{
  if (!o)
    return;
  for (guint i = 0; i < o->n_cols; i++)
    g_free (o->cols[i].id);
  g_free (o->cols);
  g_string_free (o->scratch, TRUE);
  g_free (o->slots);
  g_free (o->col_ids);
  if (o->hits)
    g_array_free (o->hits, TRUE);
  g_free (o->prev_shown_ns);
  g_free (o);
}

/* "/t" tab, "/s" space, or a single character. */
static gboolean
parse_char_option (const char *v, char *out)
{
  if (g_str_equal (v, "/t"))
    *out = '\t';
  else if (g_str_equal (v, "/s"))
    *out = ' ';
  else if (v[0] && !v[1] && v[0] != '\n')
    *out = v[0];
  else
    return FALSE;
  return TRUE;
}

gboolean
lsc_fields_output_set_option (LscFieldsOutput *o, const char *option, GError **error)
{
  const char *eq = strchr (option, '=');
  g_autofree char *key = eq ? g_strndup (option, (gsize) (eq - option)) : g_strdup (option);
  const char *v = eq ? eq + 1 : "";
  gboolean ok = FALSE;

  if (g_str_equal (key, "header"))
    {
      ok = strchr ("yn", v[0]) && v[0] && !v[1];
      o->header = v[0] == 'y';
    }
  else if (g_str_equal (key, "separator"))
    ok = parse_char_option (v, &o->separator);
  else if (g_str_equal (key, "aggregator"))
    ok = parse_char_option (v, &o->aggregator);
  else if (g_str_equal (key, "quote"))
    {
      ok = v[0] && !v[1] && strchr ("dsn", v[0]);
      o->quote = v[0] == 'd' ? '"' : v[0] == 's' ? '\'' : '\0';
    }
  else if (g_str_equal (key, "occurrence"))
    {
      ok = v[0] && !v[1] && strchr ("afl", v[0]);
      o->occurrence = v[0] == 'f' ? LSC_OCCURRENCE_FIRST : v[0] == 'l' ? LSC_OCCURRENCE_LAST : LSC_OCCURRENCE_ALL;
    }
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("unknown -E option '%s' (use header, separator, aggregator, quote or occurrence)"), key);
      return FALSE;
    }
  if (!ok)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("bad value '%s' for -E %s"), v, key);
  return ok;
}

void
lsc_fields_output_set_time_format (LscFieldsOutput *o, LscTimeFormat fmt)
{
  o->time_format = fmt;
}

gboolean
lsc_fields_output_get_header (const LscFieldsOutput *o)
{
  return o->header;
}

void
lsc_fields_output_header (const LscFieldsOutput *o, GString *out)
{
  for (guint i = 0; i < o->n_cols; i++)
    {
      if (i)
        g_string_append_c (out, o->separator);
      g_string_append (out, o->cols[i].id);
    }
  g_string_append_c (out, '\n');
}

/* Append o->scratch, with control characters escaped. */
static void
append_scratch (const LscFieldsOutput *o, GString *out)
{
  GString *s = o->scratch;
  for (gsize i = 0; i < s->len; i++)
    {
      guchar c = (guchar) s->str[i];
      if (c >= 0x20 && c != 0x7f && c != (guchar) o->quote)
        {
          g_string_append_c (out, (char) c);
          continue;
        }
      switch (c)
        {
        case '\t': g_string_append (out, "\\t"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        default:
          if (c == (guchar) o->quote)
            g_string_append_c (out, '\\');
          else
            {
              g_string_append (out, "\\x");
              g_string_append_c (out, hexdig[c >> 4]);
              c = (guchar) hexdig[c & 15];
            }
          g_string_append_c (out, (char) c);
          break;
        }
    }
}

/* Append the value of n, with control characters escaped. */
static void
append_value (const LscFieldsOutput *o, const LscNode *n, GString *out)
{
  g_string_truncate (o->scratch, 0);
  lsc_format_value (n, o->scratch);
  append_scratch (o, out);
}

/* A _ws.col.* column: the text of that column of the summary line. */
static void
append_column (const LscFieldsOutput *o, ColumnKind kind, const LscTree *t, GString *out)
{
  const LscPacket *p = lsc_tree_packet (t);
  const LscPinfo *pi = lsc_tree_pinfo_const (t);
  GString *s = o->scratch;
  g_string_truncate (s, 0);
  switch (kind)
    {
    case COL_NUMBER: g_string_append_printf (s, "%" G_GUINT64_FORMAT, p->num); break;
    case COL_TIME:
      lsc_format_time (o->time_format, p, *o->prev_shown_ns == G_MININT64 ? p->ts_ns : *o->prev_shown_ns, s);
      break;
    case COL_SOURCE: g_string_append (s, pi->src); break;
    case COL_DESTINATION: g_string_append (s, pi->dst); break;
    case COL_PROTOCOL: g_string_append (s, pi->protocol ? pi->protocol : ""); break;
    case COL_LENGTH: g_string_append_printf (s, "%u", p->wirelen); break;
    case COL_INFO: g_string_append_len (s, pi->info->str, pi->info->len); break;
    case COL_NONE: break;
    }
  append_scratch (o, out);
}

void
lsc_fields_output_row (const LscFieldsOutput *o, const LscTree *t, GString *out)
{
  /* One pass: every (column, node) pair in tree order. */
  GArray *hits = o->hits;
  g_array_set_size (hits, 0);
  guint count = lsc_tree_count (t);
  for (guint k = 0; k < count; k++)
    {
      const Slot *sl = slot_find (o, lsc_tree_node (t, (gint32) k)->field);
      for (guint j = 0; sl && j < sl->count; j++)
        {
          Hit h = { o->col_ids[sl->first + j], (gint32) k };
          g_array_append_val (hits, h);
        }
    }
  for (guint i = 0; i < o->n_cols; i++)
    {
      if (i)
        g_string_append_c (out, o->separator);
      if (o->quote)
        g_string_append_c (out, o->quote);
      if (o->cols[i].kind != COL_NONE)
        append_column (o, o->cols[i].kind, t, out);
      gboolean first = TRUE;
      gint32 last = -1;
      for (guint k = 0; k < hits->len; k++)
        {
          const Hit *h = &g_array_index (hits, Hit, k);
          if (h->col != i)
            continue;
          if (o->occurrence == LSC_OCCURRENCE_LAST)
            {
              last = h->node;
              continue;
            }
          if (!first)
            g_string_append_c (out, o->aggregator);
          append_value (o, lsc_tree_node (t, h->node), out);
          first = FALSE;
          if (o->occurrence == LSC_OCCURRENCE_FIRST)
            break;
        }
      if (last >= 0)
        append_value (o, lsc_tree_node (t, last), out);
      if (o->quote)
        g_string_append_c (out, o->quote);
    }
  g_string_append_c (out, '\n');
  *o->prev_shown_ns = lsc_tree_packet (t)->ts_ns;
}

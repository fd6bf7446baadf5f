/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-cli-stats.c — -z conv,... and -z io,stat,... for layerscope-cli */
#include "lsc-config.h"
#include "cli/lsc-cli-stats.h"
#include "core/lsc-filter.h"
#include "core/lsc-format.h"

#include <glib/gi18n.h>
#include <string.h>

typedef enum { KIND_ETH, KIND_IP, KIND_TCP, KIND_UDP, KIND_IO } Kind;

/* Beyond this many intervals, io,stat lists only those with frames. */
#define IO_MAX_ROWS 100000

/* One conversation: the two ends as text (A first seen as a source). */
typedef struct {
  char *a, *b;
  guint64 frames[2], bytes[2];  /* [0] A -> B, [1] B -> A */
  gint64 first_ns, last_ns;
} Conv;

typedef struct {
  guint64 frames, bytes;
} Bucket;

typedef struct {
  Kind kind;
  char *spec;
  LscFilter *filter;
  /* conv */
  GHashTable *by_key;   /* "A\tB" (ends in sorted order) -> Conv */
  GPtrArray *convs;     /* Conv, in order of first frame */
  /* io,stat */
  gint64 interval_ns;
  GHashTable *buckets;  /* interval index -> Bucket */
  guint64 last_bucket;
  gint64 last_rel_ns;
  gboolean any;
} Table;

struct _LscCliStats {
  GPtrArray *tables;
  gint64 first_ns;
  gboolean have_first;
};

static void
conv_free (gpointer p)
{
  Conv *c = p;
  g_free (c->a);
  g_free (c->b);
  g_free (c);
}

static void
table_free (gpointer p)
{
  Table *t = p;
  g_free (t->spec);
  g_clear_pointer (&t->filter, lsc_filter_free);
  g_clear_pointer (&t->by_key, g_hash_table_unref);
  g_clear_pointer (&t->convs, g_ptr_array_unref);
  g_clear_pointer (&t->buckets, g_hash_table_unref);
  g_free (t);
}

static gboolean
set_filter (Table *t, const char *text, GError **error)
{
  if (!text || !*text)
    return TRUE;
  guint col = 0;
  g_autoptr (GError) err = NULL;
  t->filter = lsc_filter_compile (text, &col, &err);
  if (!t->filter)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("%s: filter: %s at column %u"), t->spec,
                   err->message, col);
      return FALSE;
    }
  return TRUE;
}

static Table *
table_new (const char *spec, GError **error)
{
  Table *t = g_new0 (Table, 1);
  t->spec = g_strdup (spec);
  if (g_str_has_prefix (spec, "conv,"))
    {
      const char *what = spec + 5;
      const char *comma = strchr (what, ',');
      g_autofree char *name = comma ? g_strndup (what, (gsize) (comma - what)) : g_strdup (what);
      static const char *const names[] = { "eth", "ip", "tcp", "udp" };
      gsize k = 0;
      while (k < G_N_ELEMENTS (names) && !g_str_equal (name, names[k]))
        k++;
      if (k == G_N_ELEMENTS (names))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("unknown conversation type '%s' in '%s' (use conv,eth, conv,ip, conv,tcp or conv,udp)"), name, spec);
          table_free (t);
          return NULL;
        }
      t->kind = (Kind) k;
      t->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      t->convs = g_ptr_array_new_with_free_func (conv_free);
      if (!set_filter (t, comma ? comma + 1 : NULL, error))
        {
          table_free (t);
          return NULL;
        }
      return t;
    }
  if (g_str_has_prefix (spec, "io,stat,"))
    {
      const char *num = spec + 8;
      char *end = NULL;
      double secs = g_ascii_strtod (num, &end);
      if (end == num || (*end && *end != ',') || !(secs >= 1e-6 && secs <= 1e9))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("'%s' needs an interval in seconds from 0.000001 up (e.g. io,stat,1 or io,stat,0.5)"), spec);
          table_free (t);
          return NULL;
        }
      t->kind = KIND_IO;
      t->interval_ns = (gint64) (secs * 1e9 + 0.5);
      t->buckets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
      if (!set_filter (t, *end == ',' ? end + 1 : NULL, error))
        {
          table_free (t);
          return NULL;
        }
      return t;
    }
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("unknown statistics '%s' (use conv,eth|ip|tcp|udp, io,stat,SECONDS or follow,tcp|udp,ascii|hex|raw,N)"), spec);
  table_free (t);
  return NULL;
}

LscCliStats *
lsc_cli_stats_new (const char *const *specs, GError **error)
{
  if (!specs || !specs[0])
    return NULL;
  LscCliStats *st = g_new0 (LscCliStats, 1);
  st->tables = g_ptr_array_new_with_free_func (table_free);
  for (const char *const *s = specs; *s; s++)
    {
      Table *t = table_new (*s, error);
      if (!t)
        {
          lsc_cli_stats_free (st);
          return NULL;
        }
      g_ptr_array_add (st->tables, t);
    }
  return st;
}

void
lsc_cli_stats_free (LscCliStats *st)
{
  if (!st)
    return;
  g_ptr_array_unref (st->tables);
  g_free (st);
}

gboolean
lsc_cli_stats_needs_trees (const LscCliStats *st)
{
  for (guint i = 0; st && i < st->tables->len; i++)
    if (((Table *) g_ptr_array_index (st->tables, i))->filter)
      return TRUE;
  return FALSE;
}

/* The two ends of the frame for a table of this kind, FALSE when the frame
 * has no such conversation. */
static gboolean
frame_ends (Kind kind, const LscPinfo *pi, char *src, char *dst)
{
  switch (kind)
    {
    case KIND_ETH:
      if (!(pi->has & LSC_HAS_ETH))
        return FALSE;
      lsc_format_mac (pi->eth_src, src);
      lsc_format_mac (pi->eth_dst, dst);
      return TRUE;
    case KIND_IP:
    case KIND_TCP:
    case KIND_UDP:
      if (pi->l3_family != 4 && pi->l3_family != 6)
        return FALSE;
      if (kind == KIND_TCP && !(pi->has & LSC_HAS_TCP))
        return FALSE;
      if (kind == KIND_UDP && !(pi->has & LSC_HAS_UDP))
        return FALSE;
      if (pi->l3_family == 4)
        {
          /* The digest packs the addresses unaligned. */
          guint32 s4, d4;
          memcpy (&s4, pi->l3_src, 4);
          memcpy (&d4, pi->l3_dst, 4);
          lsc_format_ipv4 (GUINT32_FROM_BE (s4), src);
          lsc_format_ipv4 (GUINT32_FROM_BE (d4), dst);
        }
      else
        {
          lsc_format_ipv6 (pi->l3_src, src);
          lsc_format_ipv6 (pi->l3_dst, dst);
        }
      if (kind != KIND_IP)
        {
          /* IPv6 with a port in brackets would be clearer, but tshark writes
           * address:port for both, and people grep for that. */
          gsize ls = strlen (src), ld = strlen (dst);
          g_snprintf (src + ls, 64 - ls, ":%u", pi->srcport);
          g_snprintf (dst + ld, 64 - ld, ":%u", pi->dstport);
        }
      return TRUE;
    default:
      return FALSE;
    }
}

static void
count_conv (Table *t, const LscPacket *p, const LscPinfo *pi)
{
  char src[64], dst[64];
  if (!frame_ends (t->kind, pi, src, dst))
    return;
  /* The same key whichever way the frame goes. */
  gboolean swap = strcmp (src, dst) > 0;
  g_autofree char *key = g_strconcat (swap ? dst : src, "\t", swap ? src : dst, NULL);
  Conv *c = g_hash_table_lookup (t->by_key, key);
  if (!c)
    {
      c = g_new0 (Conv, 1);
      c->a = g_strdup (src);
      c->b = g_strdup (dst);
      c->first_ns = p->ts_ns;
      g_ptr_array_add (t->convs, c);
      g_hash_table_insert (t->by_key, g_steal_pointer (&key), c);
    }
  int dir = strcmp (src, c->a) == 0 ? 0 : 1;
  c->frames[dir]++;
  c->bytes[dir] += p->wirelen;
  c->last_ns = MAX (c->last_ns, p->ts_ns);
}

static void
count_io (Table *t, const LscPacket *p, gint64 first_ns)
{
  gint64 rel = MAX (0, p->ts_ns - first_ns);
  gint64 idx = rel / t->interval_ns;
  Bucket *b = g_hash_table_lookup (t->buckets, &idx);
  if (!b)
    {
      b = g_new0 (Bucket, 1);
      g_hash_table_insert (t->buckets, g_memdup2 (&idx, sizeof idx), b);
    }
  b->frames++;
  b->bytes += p->wirelen;
  t->last_bucket = MAX (t->last_bucket, (guint64) idx);
  t->last_rel_ns = MAX (t->last_rel_ns, rel);
  t->any = TRUE;
}

void
lsc_cli_stats_packet (LscCliStats *st, const LscTree *tree)
{
  if (!st)
    return;
  const LscPacket *p = lsc_tree_packet (tree);
  const LscPinfo *pi = lsc_tree_pinfo_const (tree);
  if (!st->have_first)
    {
      st->first_ns = p->ts_ns;
      st->have_first = TRUE;
    }
  for (guint i = 0; i < st->tables->len; i++)
    {
      Table *t = g_ptr_array_index (st->tables, i);
      if (t->filter && !lsc_filter_match (t->filter, tree))
        continue;
      if (t->kind == KIND_IO)
        count_io (t, p, st->first_ns);
      else
        count_conv (t, p, pi);
    }
}

/* Seconds with up to 6 decimals and no trailing zeros ("1", "0.5"). */
static void
append_secs (GString *out, gint64 ns)
{
  char buf[48];
  g_snprintf (buf, sizeof buf, "%.6f", (double) ns / 1e9);
  char *e = buf + strlen (buf);
  while (e[-1] == '0')
    *--e = '\0';
  if (e[-1] == '.')
    e[-1] = '\0';
  g_string_append (out, buf);
}

static int
cmp_conv (gconstpointer a, gconstpointer b)
{
  /* Busiest first, as tshark sorts; the sort is stable for equal ones. */
  const Conv *x = *(Conv *const *) a, *y = *(Conv *const *) b;
  guint64 fx = x->frames[0] + x->frames[1], fy = y->frames[0] + y->frames[1];
  return fx < fy ? 1 : fx > fy ? -1 : 0;
}

static const char *const kind_title[] = { "Ethernet", "IPv4/IPv6", "TCP", "UDP" };

static void
report_conv (Table *t, gint64 first_ns, GString *out)
{
  g_ptr_array_sort (t->convs, cmp_conv);
  int w = 17;  /* widest end */
  for (guint i = 0; i < t->convs->len; i++)
    {
      const Conv *c = g_ptr_array_index (t->convs, i);
      w = MAX (w, (int) MAX (strlen (c->a), strlen (c->b)));
    }
  g_string_append (out, "================================================================================\n");
  g_string_append_printf (out, "%s Conversations\n", kind_title[t->kind]);
  g_string_append_printf (out, "Filter:%s\n", t->filter ? lsc_filter_get_text (t->filter) : "<No Filter>");
  int ends = 2 * w + 5;
  g_string_append_printf (out, "%*s |      <-       | |      ->       | |     Total     | Relative Start |   Duration   |\n", ends, "");
  g_string_append_printf (out, "%*s | Frames  Bytes | | Frames  Bytes | | Frames  Bytes |                |              |\n", ends, "");
  for (guint i = 0; i < t->convs->len; i++)
    {
      const Conv *c = g_ptr_array_index (t->convs, i);
      g_string_append_printf (out, "%-*s <-> %-*s    %6" G_GUINT64_FORMAT " %6" G_GUINT64_FORMAT "     %6" G_GUINT64_FORMAT
                              " %6" G_GUINT64_FORMAT "     %6" G_GUINT64_FORMAT " %6" G_GUINT64_FORMAT "   %14.9f   %12.4f\n",
                              w, c->a, w, c->b, c->frames[1], c->bytes[1], c->frames[0], c->bytes[0],
                              c->frames[0] + c->frames[1], c->bytes[0] + c->bytes[1],
                              (double) (c->first_ns - first_ns) / 1e9, (double) (c->last_ns - c->first_ns) / 1e9);
    }
  g_string_append (out, "================================================================================\n");
}

static void
report_io (Table *t, GString *out)
{
  g_autoptr (GString) head = g_string_new (NULL);
  g_string_append (out, "=================================================\n");
  g_string_append (out, "| IO Statistics\n|\n| Duration: ");
  append_secs (out, t->last_rel_ns);
  g_string_append (out, " secs\n| Interval: ");
  append_secs (out, t->interval_ns);
  g_string_append (out, " secs\n");
  g_string_append_printf (out, "| Filter: %s\n", t->filter ? lsc_filter_get_text (t->filter) : "<No Filter>");
  g_string_append (out, "|-----------------------------------------------|\n");
  g_string_append (out, "| Interval                | Frames |     Bytes  |\n");
  g_string_append (out, "|-----------------------------------------------|\n");
  guint64 rows = t->any ? t->last_bucket + 1 : 0;
  for (guint64 i = 0; i < rows; i++)
    {
      gint64 idx = (gint64) i;
      const Bucket *b = g_hash_table_lookup (t->buckets, &idx);
      if (!b && rows > IO_MAX_ROWS)
        continue;
      g_string_truncate (head, 0);
      append_secs (head, idx * t->interval_ns);
      g_string_append (head, " <> ");
      if (i + 1 == rows)
        g_string_append (head, "Dur");
      else
        append_secs (head, (idx + 1) * t->interval_ns);
      g_string_append_printf (out, "| %-23s | %6" G_GUINT64_FORMAT " | %10" G_GUINT64_FORMAT " |\n", head->str,
                              b ? b->frames : 0, b ? b->bytes : 0);
    }
  g_string_append (out, "=================================================\n");
}

void
lsc_cli_stats_report (LscCliStats *st, GString *out)
{
  for (guint i = 0; st && i < st->tables->len; i++)
    {
      Table *t = g_ptr_array_index (st->tables, i);
      if (t->kind == KIND_IO)
        report_io (t, out);
      else
        report_conv (t, st->first_ns, out);
    }
}

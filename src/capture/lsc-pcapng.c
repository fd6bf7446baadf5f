/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-pcapng.c — reading pcapng blocks: sections, interfaces, packets, comments */
#include "lsc-pcapng.h"
#include "lsc-capture-file.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* No block of a sane file comes near this; a larger length is damage. */
#define MAX_BLOCK ((guint32) 64 << 20)

enum {
  BT_IDB = 1,
  BT_OPB = 2,   /* obsolete packet block, still written by old tools */
  BT_SPB = 3,
  BT_ISB = 5,
  BT_EPB = 6,
  BT_SHB = 0x0A0D0D0A,
};

#define BYTE_ORDER_MAGIC 0x1A2B3C4Du
#define OPT_END 0
#define OPT_COMMENT 1
#define IF_TSRESOL 9
#define IF_TSOFFSET 14
#define ISB_STARTTIME 2
#define ISB_ENDTIME 3
#define ISB_IFRECV 4
#define ISB_IFDROP 5
#define ISB_FILTERACCEPT 6
#define ISB_OSDROP 7
#define ISB_USRDELIV 8

typedef struct {
  int linktype;
  guint32 snaplen;
  guint64 units;        /* time stamp units per second */
  gint64 offset;        /* seconds added to every time stamp */
} Iface;

struct _LscPcapng {
  FILE *fp;
  gboolean swapped;     /* the current section's byte order is not ours */
  GArray *ifaces;       /* Iface, of the current section */
  int first_linktype;
  guint32 first_snaplen;
  guint8 *block;        /* the block being read (body and trailing length) */
  gsize block_cap;
  GString *comments;
  gint64 last_sec, last_nsec;  /* for simple packet blocks, which carry no time */
  gboolean have_iface;
  GArray *stats;        /* LscInterfaceStats, one per interface of any section */
  GArray *stats_if;     /* guint: the section-local interface each counts */
  guint sections;       /* interface numbers restart in every section */
};

gboolean
lsc_pcapng_is_magic (const guint8 head[4])
{
  return head[0] == 0x0A && head[1] == 0x0D && head[2] == 0x0D && head[3] == 0x0A;
}

static guint32
u32 (const LscPcapng *r, const guint8 *p)
{
  guint32 v;
  memcpy (&v, p, 4);
  return r->swapped ? GUINT32_SWAP_LE_BE (v) : v;
}

static guint16
u16 (const LscPcapng *r, const guint8 *p)
{
  guint16 v;
  memcpy (&v, p, 2);
  return r->swapped ? GUINT16_SWAP_LE_BE (v) : v;
}

typedef enum { BLOCK_OK = 1, BLOCK_END = 0, BLOCK_ERROR = -1 } BlockResult;

/* Read one block: its type, and its body (between the length and the
 * trailing length) into r->block, *body_len bytes. */
static BlockResult
read_block (LscPcapng *r, guint32 *type, gsize *body_len, char **why, gboolean *truncated)
{
  guint8 head[12];
  gsize n = fread (head, 1, 8, r->fp);
  if (n == 0 && feof (r->fp))
    return BLOCK_END;
  if (n < 8)
    goto cut;
  guint32 t;
  memcpy (&t, head, 4);
  if (t == BT_SHB)
    {
      /* A new section says its own byte order. */
      if (fread (head + 8, 1, 4, r->fp) < 4)
        goto cut;
      guint32 magic;
      memcpy (&magic, head + 8, 4);
      if (magic != BYTE_ORDER_MAGIC && magic != GUINT32_SWAP_LE_BE (BYTE_ORDER_MAGIC))
        {
          *why = g_strdup (_("a section header with an unknown byte-order magic"));
          return BLOCK_ERROR;
        }
      r->swapped = magic != BYTE_ORDER_MAGIC;
    }
  else
    t = u32 (r, head);
  guint32 len = u32 (r, head + 4);
  if (len < 12 || len % 4 != 0 || len > MAX_BLOCK || (t == BT_SHB && len < 28))
    {
      *why = g_strdup_printf (_("a block claims a length of %u bytes, which cannot be right"), len);
      return BLOCK_ERROR;
    }
  gsize body = len - 12, have = 0;
  if (r->block_cap < body + 4)
    {
      r->block_cap = MAX (body + 4, 4096);
      r->block = g_realloc (r->block, r->block_cap);
    }
  if (t == BT_SHB)
    {
      memcpy (r->block, head + 8, 4);
      have = 4;
    }
  if (fread (r->block + have, 1, body + 4 - have, r->fp) < body + 4 - have)
    goto cut;
  if (u32 (r, r->block + body) != len)
    {
      *why = g_strdup_printf (_("a block's two lengths differ (%u and %u)"), len, u32 (r, r->block + body));
      return BLOCK_ERROR;
    }
  *type = t;
  *body_len = body;
  return BLOCK_OK;

cut:
  *truncated = TRUE;
  *why = g_strdup (_("the file ends in the middle of a packet (cut short)"));
  return BLOCK_ERROR;
}

/* Walk the options from opts to end: fn gets each (code, value, length). */
typedef void (*OptionFunc) (LscPcapng *r, guint16 code, const guint8 *v, guint16 len, gpointer data);

static void
each_option (LscPcapng *r, const guint8 *opts, const guint8 *end, OptionFunc fn, gpointer data)
{
  while (end - opts >= 4)
    {
      guint16 code = u16 (r, opts), len = u16 (r, opts + 2);
      if (code == OPT_END || (gsize) (end - opts - 4) < len)
        return;  /* options cut short are ignored, as the packet is good */
      fn (r, code, opts + 4, len, data);
      opts += 4 + ((len + 3u) & ~3u);
    }
}

static void
iface_option (LscPcapng *r, guint16 code, const guint8 *v, guint16 len, gpointer data)
{
  Iface *ifc = data;
  if (code == IF_TSRESOL && len >= 1)
    {
      /* High bit clear: 10^-n seconds; set: 2^-n.  Beyond what fits in 64
       * bits the file is wrong; keep microseconds then. */
      guint n = v[0] & 0x7f;
      guint64 units = 1;
      gboolean ok = TRUE;
      for (guint i = 0; i < n && ok; i++)
        {
          guint64 next = units * ((v[0] & 0x80) ? 2 : 10);
          ok = next > units && next <= (G_GUINT64_CONSTANT (1) << 62);
          units = next;
        }
      if (ok)
        ifc->units = units;
    }
  else if (code == IF_TSOFFSET && len == 8)
    {
      /* One 64-bit number in the section's byte order. */
      guint64 off;
      memcpy (&off, v, 8);
      /* Bounded so that adding it to a time stamp cannot overflow. */
      ifc->offset = CLAMP ((gint64) (r->swapped ? GUINT64_SWAP_LE_BE (off) : off), -(G_MAXINT64 / 4), G_MAXINT64 / 4);
    }
}

static void
packet_option (LscPcapng *r, guint16 code, const guint8 *v, guint16 len, gpointer data)
{
  guint *n = data;
  if (code != OPT_COMMENT)
    return;
  /* Comments are UTF-8 by the spec; a NUL inside would end it early here,
   * which is all it could mean anyway. */
  g_string_append_len (r->comments, (const char *) v, len);
  g_string_append_c (r->comments, '\0');
  (*n)++;
}

static gboolean
add_iface (LscPcapng *r, gsize body, char **why)
{
  if (body < 8)
    {
      *why = g_strdup (_("an interface description block is too short"));
      return FALSE;
    }
  Iface ifc = { u16 (r, r->block), u32 (r, r->block + 4), 1000000, 0 };
  each_option (r, r->block + 8, r->block + body, iface_option, &ifc);
  g_array_append_val (r->ifaces, ifc);
  if (!r->have_iface)
    {
      r->have_iface = TRUE;
      r->first_linktype = ifc.linktype;
      r->first_snaplen = ifc.snaplen;
    }
  return TRUE;
}

LscPcapng *
lsc_pcapng_open (FILE *fp, char **why)
{
  LscPcapng *r = g_new0 (LscPcapng, 1);
  r->fp = fp;
  r->ifaces = g_array_new (FALSE, FALSE, sizeof (Iface));
  r->comments = g_string_new (NULL);
  r->stats = g_array_new (FALSE, FALSE, sizeof (LscInterfaceStats));
  r->stats_if = g_array_new (FALSE, FALSE, sizeof (guint));
  /* Up to the first interface, so the file's link type is known; packets
   * cannot come before it. */
  gboolean first = TRUE, truncated = FALSE;
  while (!r->have_iface)
    {
      guint32 type;
      gsize body;
      BlockResult b = read_block (r, &type, &body, why, &truncated);
      if (b == BLOCK_END)
        *why = g_strdup (_("the capture file has no Interface Description Blocks"));
      if (b != BLOCK_OK)
        {
          lsc_pcapng_free (r);
          return NULL;
        }
      if (first && type != BT_SHB)
        {
          *why = g_strdup (_("not a pcap or pcapng capture file"));
          lsc_pcapng_free (r);
          return NULL;
        }
      first = FALSE;
      if ((type == BT_IDB && !add_iface (r, body, why)) || type == BT_EPB || type == BT_SPB || type == BT_OPB)
        {
          if (!*why)
            *why = g_strdup (_("a packet comes before any interface is described"));
          lsc_pcapng_free (r);
          return NULL;
        }
    }
  return r;
}

void
lsc_pcapng_free (LscPcapng *r)
{
  if (!r)
    return;
  if (r->fp)
    fclose (r->fp);
  g_array_free (r->ifaces, TRUE);
  g_string_free (r->comments, TRUE);
  g_array_free (r->stats, TRUE);
  g_array_free (r->stats_if, TRUE);
  g_free (r->block);
  g_free (r);
}

/* Split a 64-bit time stamp in the interface's units into seconds and
 * nanoseconds. */
static void
set_time (const Iface *ifc, guint64 ts, LscPcapngRecord *rec)
{
  guint64 sec = ts / ifc->units, frac = ts % ifc->units;
  rec->sec = (gint64) MIN (sec, (guint64) G_MAXINT64 / 2) + ifc->offset;
  rec->nsec = (gint64) ((unsigned __int128) frac * 1000000000u / ifc->units);
}

guint
lsc_pcapng_n_stats (const LscPcapng *r)
{
  return r->stats->len;
}

gconstpointer
lsc_pcapng_stats (const LscPcapng *r, guint i)
{
  return &g_array_index (r->stats, LscInterfaceStats, i);
}

typedef struct {
  const Iface *ifc;
  LscInterfaceStats *st;
} StatsCtx;

static gint64
stats_time (const Iface *ifc, guint64 ts)
{
  LscPcapngRecord rec;
  set_time (ifc, ts, &rec);
  /* A damaged block can say anything: stay inside 64-bit nanoseconds. */
  gint64 sec = CLAMP (rec.sec, 0, G_MAXINT64 / G_GINT64_CONSTANT (1000000000) - 1);
  return sec * G_GINT64_CONSTANT (1000000000) + rec.nsec;
}

static void
stats_option (LscPcapng *r, guint16 code, const guint8 *v, guint16 len, gpointer data)
{
  StatsCtx *x = data;
  if (len != 8)
    return;
  /* Times are two 32-bit words, high first; counters one 64-bit number. */
  guint64 t = ((guint64) u32 (r, v) << 32) | u32 (r, v + 4);
  guint64 n;
  memcpy (&n, v, 8);
  if (r->swapped)
    n = GUINT64_SWAP_LE_BE (n);
  gint64 val = (gint64) MIN (n, (guint64) G_MAXINT64);
  switch (code)
    {
    case ISB_STARTTIME: x->st->start_ns = stats_time (x->ifc, t); break;
    case ISB_ENDTIME: x->st->end_ns = stats_time (x->ifc, t); break;
    case ISB_IFRECV: x->st->ifrecv = val; break;
    case ISB_IFDROP: x->st->ifdrop = val; break;
    case ISB_FILTERACCEPT: x->st->filteraccept = val; break;
    case ISB_OSDROP: x->st->osdrop = val; break;
    case ISB_USRDELIV: x->st->usrdeliv = val; break;
    default: break;
    }
}

/* Keep the newest counters of each interface: later blocks supersede. */
static void
add_stats (LscPcapng *r, gsize body)
{
  if (body < 12)
    return;
  guint32 ifid = u32 (r, r->block);
  if (ifid >= r->ifaces->len)
    return;
  const Iface *ifc = &g_array_index (r->ifaces, Iface, ifid);
  LscInterfaceStats st;
  lsc_interface_stats_init (&st);
  st.linktype = ifc->linktype;
  st.ts_ns = stats_time (ifc, ((guint64) u32 (r, r->block + 4) << 32) | u32 (r, r->block + 8));
  StatsCtx x = { ifc, &st };
  each_option (r, r->block + 12, r->block + body, stats_option, &x);
  guint key = (r->sections << 16) | MIN (ifid, 0xffffu);
  for (guint i = 0; i < r->stats_if->len; i++)
    if (g_array_index (r->stats_if, guint, i) == key)
      {
        g_array_index (r->stats, LscInterfaceStats, i) = st;
        return;
      }
  g_array_append_val (r->stats, st);
  g_array_append_val (r->stats_if, key);
}

int
lsc_pcapng_linktype (const LscPcapng *r)
{
  return r->first_linktype;
}

guint32
lsc_pcapng_snaplen (const LscPcapng *r)
{
  return r->first_snaplen;
}

FILE *
lsc_pcapng_file (const LscPcapng *r)
{
  return r->fp;
}


int
lsc_pcapng_next (LscPcapng *r, LscPcapngRecord *rec, char **why, gboolean *truncated)
{
  for (;;)
    {
      guint32 type;
      gsize body;
      BlockResult b = read_block (r, &type, &body, why, truncated);
      if (b != BLOCK_OK)
        return (int) b;
      const guint8 *p = r->block;
      guint32 ifid, caplen, len;
      gsize fixed;
      guint64 ts = 0;
      switch (type)
        {
        case BT_SHB:
          g_array_set_size (r->ifaces, 0);
          r->sections++;
          continue;
        case BT_ISB:
          add_stats (r, body);
          continue;
        case BT_IDB:
          if (!add_iface (r, body, why))
            return -1;
          continue;
        case BT_EPB:
        case BT_OPB:
          if (body < 20)
            goto short_block;
          /* The obsolete block has a 16-bit interface and a drop count. */
          ifid = type == BT_EPB ? u32 (r, p) : u16 (r, p);
          ts = ((guint64) u32 (r, p + 4) << 32) | u32 (r, p + 8);
          caplen = u32 (r, p + 12);
          len = u32 (r, p + 16);
          fixed = 20;
          break;
        case BT_SPB:
          if (body < 4)
            goto short_block;
          ifid = 0;
          len = u32 (r, p);
          caplen = (guint32) MIN ((gsize) len, body - 4);
          fixed = 4;
          break;
        default:
          continue;  /* name resolution, statistics, custom, ...: not needed */
        }
      if (ifid >= r->ifaces->len)
        {
          *why = g_strdup_printf (_("a packet names interface %u, but only %u are described"), ifid, r->ifaces->len);
          return -1;
        }
      if (caplen > body - fixed)
        {
          *why = g_strdup_printf (_("a packet claims %u captured bytes in a block of %u"), caplen, (guint) body);
          return -1;
        }
      const Iface *ifc = &g_array_index (r->ifaces, Iface, ifid);
      if (type == BT_SPB)
        {
          rec->sec = r->last_sec;
          rec->nsec = r->last_nsec;
        }
      else
        set_time (ifc, ts, rec);
      r->last_sec = rec->sec;
      r->last_nsec = rec->nsec;
      rec->caplen = caplen;
      rec->len = MAX (len, caplen);
      rec->linktype = ifc->linktype;
      rec->data = p + fixed;
      g_string_truncate (r->comments, 0);
      rec->n_comments = 0;
      if (type != BT_SPB)
        each_option (r, p + fixed + ((caplen + 3u) & ~3u), p + body, packet_option, &rec->n_comments);
      rec->comments = rec->n_comments ? r->comments->str : NULL;
      return 1;

    short_block:
      *why = g_strdup (_("a packet block is too short to hold its header"));
      return -1;
    }
}

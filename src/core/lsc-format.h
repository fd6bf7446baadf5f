/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-format.h — turning trees into text
 *
 * The one place where raw node values become strings: the tree view, the
 * CLI's -V / -x / -T json / -T fields and the GUI all call these.
 */
#pragma once

#include <glib.h>
#include <string.h>
#include "lsc-tree.h"
#include "lsc-layers.h"

G_BEGIN_DECLS

/* The value alone, as -T fields prints it ("64", "0x0800", "198.18.0.1", "1"). */
void lsc_format_value (const LscNode *n, GString *out);
/* The value as the tree shows it, with names: "IPv4 (0x0800)", "Set". */
void lsc_format_display (const LscNode *n, GString *out);
/* The whole tree line: "Time to Live: 64", ".1.. .... = Don't fragment: Set". */
void lsc_format_label (const LscNode *n, GString *out);
/* The label without formatting the display twice where both are printed
 * (JSON): appends the start of the label and returns TRUE when the rest of
 * it is lsc_format_display() of n, FALSE when what it appended is the whole
 * label. */
gboolean lsc_format_label_head (const LscNode *n, GString *out);
/* Bit picture of a masked field, e.g. ".1.. ...." (empty when not a bit field). */
void lsc_format_bits (const LscNode *n, GString *out);

/* -V: the tree as indented text.  With grouped, top-level headers are placed
 * under headings for the layers of model (empty layers are named too, so a
 * learner sees where Session and Presentation went). */
void lsc_format_tree_text (const LscTree *t, LscModel model, gboolean grouped, GString *out);

/* -x: offset, 16 hex bytes, ASCII. */
void lsc_format_hexdump (const guint8 *data, gsize len, GString *out);
/* The same with offsets counted from base (a stream offset, when following one). */
void lsc_format_hexdump_at (const guint8 *data, gsize len, guint64 base, GString *out);

/* Time column (seconds since the first packet, 6 decimals). */
void lsc_format_summary_line (const LscTree *t, GString *out);
/* The same line with time_text in the time column (-t), padded to 11. */
void lsc_format_summary_line_time (const LscTree *t, const char *time_text, GString *out);

/* -t: how the time column reads, as tshark names them: r seconds since the
 * first frame, a / ad local time (and date), u / ud the same in UTC, d since
 * the previous captured frame, dd since the previous frame shown, e seconds
 * since the epoch.  Always microseconds, always '.' before them. */
typedef enum {
  LSC_TIME_RELATIVE,
  LSC_TIME_ABSOLUTE,
  LSC_TIME_ABSOLUTE_DATE,
  LSC_TIME_DELTA,
  LSC_TIME_DELTA_DISPLAYED,
  LSC_TIME_EPOCH,
  LSC_TIME_UTC,
  LSC_TIME_UTC_DATE,
} LscTimeFormat;

gboolean lsc_time_format_from_string (const char *s, LscTimeFormat *fmt);
/* prev_shown_ns: the time of the previous frame shown (for dd; the frame's
 * own time for the first one). */
void lsc_format_time (LscTimeFormat fmt, const LscPacket *p, gint64 prev_shown_ns, GString *out);

/* g_string_printf() and g_string_append_printf() without their allocation
 * and copy (the result is formatted on the stack first): the decoders
 * format the Info column of every ARP, ICMP and DNS frame from translated
 * templates. */
void lsc_string_printf (GString *s, const char *fmt, ...) G_GNUC_PRINTF (2, 3);
void lsc_string_append_printf (GString *s, const char *fmt, ...) G_GNUC_PRINTF (2, 3);
/* The same formatter into buf (with the NUL): the length, or -1 when the
 * template has a conversion it does not do or the text does not fit; ap is
 * then partly used, and the caller formats from a copy with g_vsnprintf. */
int lsc_format_simple_vsnprintf (char *buf, gsize size, const char *fmt, va_list ap) G_GNUC_PRINTF (3, 0);

/* Numbers and times as printf would write them, without printf (the full
 * trees and JSON print tens of them per frame). */
void lsc_string_append_uint (GString *s, guint64 v);   /* "%" G_GUINT64_FORMAT */
void lsc_string_append_int (GString *s, gint64 v);     /* "%" G_GINT64_FORMAT */
void lsc_string_append_fixed9 (GString *s, double v);  /* "%.9f" */
void lsc_string_append_hex (GString *s, guint64 v, int digits);  /* "0x%0<digits>x" */
/* "YYYY-MM-DD" sep "HH:MM:SS" of secs since 1970 in UTC into buf (20 bytes
 * with the NUL), as g_date_time_format() writes it; FALSE outside the years
 * 1970-9999, where the caller goes through GDateTime. */
gboolean lsc_format_utc_seconds (gint64 secs, char sep, char *buf);

/* g_string_append_len() inline: GLib 2.74 calls a function for it, and the
 * full trees append a few dozen short pieces per node. */
static inline void
lsc_string_put (GString *s, const char *p, gsize n)
{
  if (G_LIKELY (s->len + n < s->allocated_len))
    {
      memcpy (s->str + s->len, p, n);
      s->len += n;
      s->str[s->len] = '\0';
    }
  else
    g_string_append_len (s, p, (gssize) n);
}

static inline void
lsc_string_puts (GString *s, const char *p)
{
  lsc_string_put (s, p, strlen (p));
}

/* g_string_truncate (s, 0) inline. */
static inline void
lsc_string_clear (GString *s)
{
  s->len = 0;
  s->str[0] = '\0';
}

/* Room for n more bytes at the end of s: write them at the returned
 * pointer, then lsc_string_commit() with the end of what was written. */
static inline char *
lsc_string_reserve (GString *s, gsize n)
{
  if (G_UNLIKELY (s->len + n >= s->allocated_len))
    {
      gsize len = s->len;
      g_string_set_size (s, len + n);
      s->len = len;
      s->str[len] = '\0';
    }
  return s->str + s->len;
}

static inline void
lsc_string_commit (GString *s, char *end)
{
  s->len = (gsize) (end - s->str);
  s->str[s->len] = '\0';
}

/* "00" to "99": numbers are written two digits per division. */
extern const char lsc_digit_pairs[201];

/* The decimal digits of v at p (at most 10 bytes, no NUL); returns the end.
 * The summary pass writes several numbers per frame through this. */
static inline guint
lsc_u32_digits (guint32 v)
{
  return v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : v < 100000 ? 5
       : v < 1000000 ? 6 : v < 10000000 ? 7 : v < 100000000 ? 8 : v < 1000000000 ? 9 : 10;
}

static inline char *
lsc_put_u32 (char *p, guint32 v)
{
  char *end = p + lsc_u32_digits (v), *q = end;
  while (v >= 100)
    {
      guint r = v % 100;
      v /= 100;
      q -= 2;
      memcpy (q, lsc_digit_pairs + 2 * r, 2);
    }
  if (v >= 10)
    memcpy (q - 2, lsc_digit_pairs + 2 * v, 2);
  else
    q[-1] = (char) ('0' + v);
  return end;
}

/* Address helpers (buffers of at least 48 bytes). */
void lsc_format_mac (const guint8 mac[6], char *buf);
void lsc_format_mac_u64 (guint64 mac, char *buf);
void lsc_format_ipv4 (guint32 host_order, char *buf);
void lsc_format_ipv6 (const guint8 addr[16], char *buf);

G_END_DECLS

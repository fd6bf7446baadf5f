/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-format.c — node values and trees as text */
#include "lsc-format.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char hexdig[] = "0123456789abcdef";

const char lsc_digit_pairs[201] =
  "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
  "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
  "8081828384858687888990919293949596979899";

/* The decimal digits of v, ending at end; returns their start. */
static inline char *
put_u64_back (char *end, guint64 v)
{
  while (v >= 100)
    {
      guint r = (guint) (v % 100);
      v /= 100;
      end -= 2;
      memcpy (end, lsc_digit_pairs + 2 * r, 2);
    }
  if (v >= 10)
    {
      end -= 2;
      memcpy (end, lsc_digit_pairs + 2 * v, 2);
    }
  else
    *--end = (char) ('0' + v);
  return end;
}

/* Right-align the decimal digits of v in width columns at p (width at most
 * 20); returns the end. */
static char *
put_u64_width (char *p, guint64 v, int width)
{
  if (v <= G_MAXUINT32)
    {
      /* Frame numbers and lengths: the digits written straight in place. */
      for (int pad = width - (int) lsc_u32_digits ((guint32) v); pad > 0; pad--)
        *p++ = ' ';
      return lsc_put_u32 (p, (guint32) v);
    }
  char tmp[24];
  char *d = put_u64_back (tmp + sizeof tmp, v);
  int n = (int) (tmp + sizeof tmp - d);
  if (n < width)
    {
      memset (p, ' ', (gsize) (width - n));
      p += width - n;
    }
  memcpy (p, d, (gsize) n);
  return p + n;
}

/* Numbers are most of what -V, JSON and -T fields print: format them by
 * hand rather than through printf and a temporary allocation each. */
static void
append_dec (GString *out, guint64 v)
{
  if (v <= G_MAXUINT32)
    {
      /* Most are: written in place. */
      char *q = lsc_string_reserve (out, 10);
      lsc_string_commit (out, lsc_put_u32 (q, (guint32) v));
      return;
    }
  char b[24];
  char *d = put_u64_back (b + sizeof b, v);
  lsc_string_put (out, d, (gsize) (b + sizeof b - d));
}

static void
append_int (GString *out, gint64 v)
{
  char b[24], *p = b;
  if (v < 0)
    *p++ = '-';
  p = put_u64_width (p, v < 0 ? (guint64) 0 - (guint64) v : (guint64) v, 0);
  lsc_string_put (out, b, (gsize) (p - b));
}

void
lsc_string_append_uint (GString *s, guint64 v)
{
  append_dec (s, v);
}

void
lsc_string_append_int (GString *s, gint64 v)
{
  append_int (s, v);
}

/* "0x" and at least digits hex digits. */
static void
append_hex (GString *out, guint64 v, int digits)
{
  char b[40], *p = b + sizeof b;
  int n = 0;
  do
    {
      *--p = hexdig[v & 15];
      v >>= 4;
      n++;
    }
  while (v);
  for (; n < digits && n < 32; n++)
    *--p = '0';
  *--p = 'x';
  *--p = '0';
  lsc_string_put (out, p, (gsize) (b + sizeof b - p));
}

void
lsc_string_append_hex (GString *s, guint64 v, int digits)
{
  append_hex (s, v, digits);
}

/* Nine zero-padded digits of v (< 10^9) before end; returns the start. */
static char *
put_nine_back (char *end, guint64 v)
{
  for (int i = 0; i < 9; i++)
    {
      *--end = (char) ('0' + v % 10);
      v /= 10;
    }
  return end;
}

/* glibc's "%.9f": the double's exact binary value rounded to nine decimals,
 * half to even.  Here: mantissa x 10^9 in 128 bits, shifted by the
 * exponent with the same rounding.  FALSE for what that does not cover
 * (infinities, NaN, magnitudes from 2^64 ns up). */
static gboolean
put_fixed9 (GString *out, double d)
{
  if (!isfinite (d))
    return FALSE;
  int e;
  double m = frexp (fabs (d), &e);
  guint64 mant = (guint64) ldexp (m, 53);  /* exact: m has 53 bits */
  int shift = e - 53;
  unsigned __int128 x = (unsigned __int128) mant * 1000000000u;
  guint64 q;
  if (shift >= 0)
    {
      if (shift > 40 || (x << shift) >> 64)
        return FALSE;
      q = (guint64) (x << shift);
    }
  else if (-shift >= 120)
    q = 0;  /* x < 2^83: below 2^-37, rounds to 0 */
  else
    {
      int sh = -shift;
      unsigned __int128 one = 1;
      unsigned __int128 qq = x >> sh, rem = x & ((one << sh) - 1), half = one << (sh - 1);
      if (rem > half || (rem == half && (qq & 1)))
        qq++;
      if (qq >> 64)
        return FALSE;
      q = (guint64) qq;
    }
  char b[48], *p = b + sizeof b;
  p = put_nine_back (p, q % 1000000000u);
  *--p = '.';
  guint64 ip = q / 1000000000u;
  do
    {
      *--p = (char) ('0' + ip % 10);
      ip /= 10;
    }
  while (ip);
  if (signbit (d))
    *--p = '-';
  lsc_string_put (out, p, (gsize) (b + sizeof b - p));
  return TRUE;
}

void
lsc_string_append_fixed9 (GString *s, double v)
{
  if (!put_fixed9 (s, v))
    g_string_append_printf (s, "%.9f", v);
}

gboolean
lsc_format_utc_seconds (gint64 secs, char sep, char *buf)
{
  /* 253402300800: 10000-01-01T00:00:00Z */
  if (secs < 0 || secs >= G_GINT64_CONSTANT (253402300800))
    return FALSE;
  gint64 days = secs / 86400;
  guint sod = (guint) (secs % 86400);
  /* Civil date from a day count (proleptic Gregorian, eras of 400 years
   * starting on 0000-03-01). */
  gint64 z = days + 719468;
  gint64 era = z / 146097;
  guint doe = (guint) (z - era * 146097);
  guint yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  guint doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  guint mp = (5 * doy + 2) / 153;
  guint day = doy - (153 * mp + 2) / 5 + 1;
  guint month = mp < 10 ? mp + 3 : mp - 9;
  guint year = (guint) (yoe + era * 400) + (month <= 2);
  guint hh = sod / 3600, mm = sod / 60 % 60, ss = sod % 60;
  char *p = buf;
  *p++ = (char) ('0' + year / 1000);
  *p++ = (char) ('0' + year / 100 % 10);
  *p++ = (char) ('0' + year / 10 % 10);
  *p++ = (char) ('0' + year % 10);
  *p++ = '-';
  *p++ = (char) ('0' + month / 10);
  *p++ = (char) ('0' + month % 10);
  *p++ = '-';
  *p++ = (char) ('0' + day / 10);
  *p++ = (char) ('0' + day % 10);
  *p++ = sep;
  *p++ = (char) ('0' + hh / 10);
  *p++ = (char) ('0' + hh % 10);
  *p++ = ':';
  *p++ = (char) ('0' + mm / 10);
  *p++ = (char) ('0' + mm % 10);
  *p++ = ':';
  *p++ = (char) ('0' + ss / 10);
  *p++ = (char) ('0' + ss % 10);
  *p = '\0';
  return TRUE;
}

/* A translated template with one "%.9f" and no other conversion (" seconds"
 * after the number in English) without printf; FALSE (nothing appended) for
 * any other form, which the caller hands to printf. */
static gboolean
append_fixed9_template (GString *out, const char *tmpl, double v)
{
  const char *at = strstr (tmpl, "%.9f");
  if (at && !memchr (tmpl, '%', (gsize) (at - tmpl)) && !strchr (at + 4, '%'))
    {
      gsize before = out->len;
      lsc_string_put (out, tmpl, (gsize) (at - tmpl));
      if (put_fixed9 (out, v))
        {
          lsc_string_puts (out, at + 4);
          return TRUE;
        }
      g_string_truncate (out, before);
    }
  return FALSE;
}


void
lsc_format_mac (const guint8 mac[6], char *buf)
{
  char *p = buf;
  for (int i = 0; i < 6; i++)
    {
      if (i)
        *p++ = ':';
      *p++ = hexdig[mac[i] >> 4];
      *p++ = hexdig[mac[i] & 15];
    }
  *p = '\0';
}

void
lsc_format_mac_u64 (guint64 mac, char *buf)
{
  guint8 b[6];
  for (int i = 5; i >= 0; i--)
    {
      b[i] = mac & 0xff;
      mac >>= 8;
    }
  lsc_format_mac (b, buf);
}

/* Every address byte in decimal, its digits and their count: every IPv4
 * packet formats two addresses, so a byte is one 4-byte copy. */
static const char octet_text[256][4] = {
  { '0', 0, 0, 1 }, { '1', 0, 0, 1 }, { '2', 0, 0, 1 }, { '3', 0, 0, 1 }, { '4', 0, 0, 1 }, { '5', 0, 0, 1 },
  { '6', 0, 0, 1 }, { '7', 0, 0, 1 }, { '8', 0, 0, 1 }, { '9', 0, 0, 1 }, { '1', '0', 0, 2 }, { '1', '1', 0, 2 },
  { '1', '2', 0, 2 }, { '1', '3', 0, 2 }, { '1', '4', 0, 2 }, { '1', '5', 0, 2 }, { '1', '6', 0, 2 }, { '1', '7', 0, 2 },
  { '1', '8', 0, 2 }, { '1', '9', 0, 2 }, { '2', '0', 0, 2 }, { '2', '1', 0, 2 }, { '2', '2', 0, 2 }, { '2', '3', 0, 2 },
  { '2', '4', 0, 2 }, { '2', '5', 0, 2 }, { '2', '6', 0, 2 }, { '2', '7', 0, 2 }, { '2', '8', 0, 2 }, { '2', '9', 0, 2 },
  { '3', '0', 0, 2 }, { '3', '1', 0, 2 }, { '3', '2', 0, 2 }, { '3', '3', 0, 2 }, { '3', '4', 0, 2 }, { '3', '5', 0, 2 },
  { '3', '6', 0, 2 }, { '3', '7', 0, 2 }, { '3', '8', 0, 2 }, { '3', '9', 0, 2 }, { '4', '0', 0, 2 }, { '4', '1', 0, 2 },
  { '4', '2', 0, 2 }, { '4', '3', 0, 2 }, { '4', '4', 0, 2 }, { '4', '5', 0, 2 }, { '4', '6', 0, 2 }, { '4', '7', 0, 2 },
  { '4', '8', 0, 2 }, { '4', '9', 0, 2 }, { '5', '0', 0, 2 }, { '5', '1', 0, 2 }, { '5', '2', 0, 2 }, { '5', '3', 0, 2 },
  { '5', '4', 0, 2 }, { '5', '5', 0, 2 }, { '5', '6', 0, 2 }, { '5', '7', 0, 2 }, { '5', '8', 0, 2 }, { '5', '9', 0, 2 },
  { '6', '0', 0, 2 }, { '6', '1', 0, 2 }, { '6', '2', 0, 2 }, { '6', '3', 0, 2 }, { '6', '4', 0, 2 }, { '6', '5', 0, 2 },
  { '6', '6', 0, 2 }, { '6', '7', 0, 2 }, { '6', '8', 0, 2 }, { '6', '9', 0, 2 }, { '7', '0', 0, 2 }, { '7', '1', 0, 2 },
  { '7', '2', 0, 2 }, { '7', '3', 0, 2 }, { '7', '4', 0, 2 }, { '7', '5', 0, 2 }, { '7', '6', 0, 2 }, { '7', '7', 0, 2 },
  { '7', '8', 0, 2 }, { '7', '9', 0, 2 }, { '8', '0', 0, 2 }, { '8', '1', 0, 2 }, { '8', '2', 0, 2 }, { '8', '3', 0, 2 },
  { '8', '4', 0, 2 }, { '8', '5', 0, 2 }, { '8', '6', 0, 2 }, { '8', '7', 0, 2 }, { '8', '8', 0, 2 }, { '8', '9', 0, 2 },
  { '9', '0', 0, 2 }, { '9', '1', 0, 2 }, { '9', '2', 0, 2 }, { '9', '3', 0, 2 }, { '9', '4', 0, 2 }, { '9', '5', 0, 2 },
  { '9', '6', 0, 2 }, { '9', '7', 0, 2 }, { '9', '8', 0, 2 }, { '9', '9', 0, 2 }, { '1', '0', '0', 3 }, { '1', '0', '1', 3 },
  { '1', '0', '2', 3 }, { '1', '0', '3', 3 }, { '1', '0', '4', 3 }, { '1', '0', '5', 3 }, { '1', '0', '6', 3 }, { '1', '0', '7', 3 },
  { '1', '0', '8', 3 }, { '1', '0', '9', 3 }, { '1', '1', '0', 3 }, { '1', '1', '1', 3 }, { '1', '1', '2', 3 }, { '1', '1', '3', 3 },
  { '1', '1', '4', 3 }, { '1', '1', '5', 3 }, { '1', '1', '6', 3 }, { '1', '1', '7', 3 }, { '1', '1', '8', 3 }, { '1', '1', '9', 3 },
  { '1', '2', '0', 3 }, { '1', '2', '1', 3 }, { '1', '2', '2', 3 }, { '1', '2', '3', 3 }, { '1', '2', '4', 3 }, { '1', '2', '5', 3 },
  { '1', '2', '6', 3 }, { '1', '2', '7', 3 }, { '1', '2', '8', 3 }, { '1', '2', '9', 3 }, { '1', '3', '0', 3 }, { '1', '3', '1', 3 },
  { '1', '3', '2', 3 }, { '1', '3', '3', 3 }, { '1', '3', '4', 3 }, { '1', '3', '5', 3 }, { '1', '3', '6', 3 }, { '1', '3', '7', 3 },
  { '1', '3', '8', 3 }, { '1', '3', '9', 3 }, { '1', '4', '0', 3 }, { '1', '4', '1', 3 }, { '1', '4', '2', 3 }, { '1', '4', '3', 3 },
  { '1', '4', '4', 3 }, { '1', '4', '5', 3 }, { '1', '4', '6', 3 }, { '1', '4', '7', 3 }, { '1', '4', '8', 3 }, { '1', '4', '9', 3 },
  { '1', '5', '0', 3 }, { '1', '5', '1', 3 }, { '1', '5', '2', 3 }, { '1', '5', '3', 3 }, { '1', '5', '4', 3 }, { '1', '5', '5', 3 },
  { '1', '5', '6', 3 }, { '1', '5', '7', 3 }, { '1', '5', '8', 3 }, { '1', '5', '9', 3 }, { '1', '6', '0', 3 }, { '1', '6', '1', 3 },
  { '1', '6', '2', 3 }, { '1', '6', '3', 3 }, { '1', '6', '4', 3 }, { '1', '6', '5', 3 }, { '1', '6', '6', 3 }, { '1', '6', '7', 3 },
  { '1', '6', '8', 3 }, { '1', '6', '9', 3 }, { '1', '7', '0', 3 }, { '1', '7', '1', 3 }, { '1', '7', '2', 3 }, { '1', '7', '3', 3 },
  { '1', '7', '4', 3 }, { '1', '7', '5', 3 }, { '1', '7', '6', 3 }, { '1', '7', '7', 3 }, { '1', '7', '8', 3 }, { '1', '7', '9', 3 },
  { '1', '8', '0', 3 }, { '1', '8', '1', 3 }, { '1', '8', '2', 3 }, { '1', '8', '3', 3 }, { '1', '8', '4', 3 }, { '1', '8', '5', 3 },
  { '1', '8', '6', 3 }, { '1', '8', '7', 3 }, { '1', '8', '8', 3 }, { '1', '8', '9', 3 }, { '1', '9', '0', 3 }, { '1', '9', '1', 3 },
  { '1', '9', '2', 3 }, { '1', '9', '3', 3 }, { '1', '9', '4', 3 }, { '1', '9', '5', 3 }, { '1', '9', '6', 3 }, { '1', '9', '7', 3 },
  { '1', '9', '8', 3 }, { '1', '9', '9', 3 }, { '2', '0', '0', 3 }, { '2', '0', '1', 3 }, { '2', '0', '2', 3 }, { '2', '0', '3', 3 },
  { '2', '0', '4', 3 }, { '2', '0', '5', 3 }, { '2', '0', '6', 3 }, { '2', '0', '7', 3 }, { '2', '0', '8', 3 }, { '2', '0', '9', 3 },
  { '2', '1', '0', 3 }, { '2', '1', '1', 3 }, { '2', '1', '2', 3 }, { '2', '1', '3', 3 }, { '2', '1', '4', 3 }, { '2', '1', '5', 3 },
  { '2', '1', '6', 3 }, { '2', '1', '7', 3 }, { '2', '1', '8', 3 }, { '2', '1', '9', 3 }, { '2', '2', '0', 3 }, { '2', '2', '1', 3 },
  { '2', '2', '2', 3 }, { '2', '2', '3', 3 }, { '2', '2', '4', 3 }, { '2', '2', '5', 3 }, { '2', '2', '6', 3 }, { '2', '2', '7', 3 },
  { '2', '2', '8', 3 }, { '2', '2', '9', 3 }, { '2', '3', '0', 3 }, { '2', '3', '1', 3 }, { '2', '3', '2', 3 }, { '2', '3', '3', 3 },
  { '2', '3', '4', 3 }, { '2', '3', '5', 3 }, { '2', '3', '6', 3 }, { '2', '3', '7', 3 }, { '2', '3', '8', 3 }, { '2', '3', '9', 3 },
  { '2', '4', '0', 3 }, { '2', '4', '1', 3 }, { '2', '4', '2', 3 }, { '2', '4', '3', 3 }, { '2', '4', '4', 3 }, { '2', '4', '5', 3 },
  { '2', '4', '6', 3 }, { '2', '4', '7', 3 }, { '2', '4', '8', 3 }, { '2', '4', '9', 3 }, { '2', '5', '0', 3 }, { '2', '5', '1', 3 },
  { '2', '5', '2', 3 }, { '2', '5', '3', 3 }, { '2', '5', '4', 3 }, { '2', '5', '5', 3 },
};

static inline char *
put_octet (char *p, guint v)
{
  memcpy (p, octet_text[v], 4);
  return p + octet_text[v][3];
}

void
lsc_format_ipv4 (guint32 a, char *buf)
{
  char *p = buf;
  p = put_octet (p, a >> 24);
  *p++ = '.';
  p = put_octet (p, (a >> 16) & 0xff);
  *p++ = '.';
  p = put_octet (p, (a >> 8) & 0xff);
  *p++ = '.';
  p = put_octet (p, a & 0xff);
  *p = '\0';
}

void
lsc_format_ipv6 (const guint8 a[16], char *buf)
{
  /* RFC 5952: lower case, longest run (>= 2) of zero groups compressed, first one on ties. */
  guint16 g[8];
  for (int i = 0; i < 8; i++)
    g[i] = (guint16) ((a[2 * i] << 8) | a[2 * i + 1]);
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;)
    {
      if (g[i] == 0)
        {
          int j = i;
          while (j < 8 && g[j] == 0)
            j++;
          if (j - i > best_len && j - i >= 2)
            {
              best = i;
              best_len = j - i;
            }
          i = j;
        }
      else
        i++;
    }
  /* IPv4-mapped addresses keep the dotted tail. */
  gboolean mapped = best == 0 && best_len == 5 && g[5] == 0xffff;
  char *p = buf;
  for (int i = 0; i < 8; i++)
    {
      if (i == best)
        {
          *p++ = ':';
          if (i == 0)
            *p++ = ':';
          i += best_len - 1;
          continue;
        }
      if (mapped && i == 6)
        {
          char v4[16];
          lsc_format_ipv4 (((guint32) g[6] << 16) | g[7], v4);
          gsize l = strlen (v4);
          memcpy (p, v4, l);
          p += l;
          break;
        }
      /* Lower-case hex without leading zeros. */
      gboolean lead = TRUE;
      for (int sh = 12; sh >= 0; sh -= 4)
        {
          guint nib = (g[i] >> sh) & 15;
          if (lead && nib == 0 && sh)
            continue;
          lead = FALSE;
          *p++ = hexdig[nib];
        }
      if (i < 7)
        *p++ = ':';
    }
  *p = '\0';
}

/* Translations with their lengths, by the address of the untranslated text:
 * every tree line puts a field's name (and many a value's) through gettext
 * and strlen otherwise.  A small table of each thread's own (both reading
 * threads format); two texts that share a slot take turns.  Translations do
 * not change while running (see layer_heading()). */
typedef struct {
  const char *msgid;
  const char *text;
  gsize len;
} TrSlot;

#define TR_BITS 10
static _Thread_local TrSlot tr_slots[1 << TR_BITS];

static inline const char *
tr_len (const char *msgid, gsize *len)
{
  guint64 h = (guint64) (guintptr) msgid * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  TrSlot *slot = &tr_slots[h >> (64 - TR_BITS)];
  if (G_UNLIKELY (slot->msgid != msgid))
    {
      slot->text = _(msgid);
      slot->len = strlen (slot->text);
      slot->msgid = msgid;
    }
  *len = slot->len;
  return slot->text;
}

/* lsc_string_puts (out, _(msgid)) */
static inline void
put_tr (GString *out, const char *msgid)
{
  gsize len;
  const char *text = tr_len (msgid, &len);
  lsc_string_put (out, text, len);
}

static int
field_hex_digits (const LscField *f)
{
  int bits = f->bits ? f->bits : 8;
  if (f->bitmask)
    {
      /* A masked field shows the value after shifting, as wide as its mask. */
      guint64 m = f->bitmask;
      while (!(m & 1))
        m >>= 1;
      int w = 0;
      while (m)
        {
          w++;
          m >>= 1;
        }
      bits = w;
    }
  return (bits + 3) / 4;
}

static void
format_uint (const LscField *f, guint64 v, GString *out, gboolean with_alt)
{
  switch (f->base)
    {
    case LSC_BASE_HEX:
      append_hex (out, v, field_hex_digits (f));
      break;
    case LSC_BASE_OCT:
      g_string_append_printf (out, "0%" G_GINT64_MODIFIER "o", v);
      break;
    case LSC_BASE_DEC_HEX:
      append_dec (out, v);
      if (with_alt)
        {
          g_string_append (out, " (");
          append_hex (out, v, field_hex_digits (f));
          g_string_append_c (out, ')');
        }
      break;
    case LSC_BASE_HEX_DEC:
      append_hex (out, v, field_hex_digits (f));
      if (with_alt)
        {
          g_string_append (out, " (");
          append_dec (out, v);
          g_string_append_c (out, ')');
        }
      break;
    case LSC_BASE_DEC:
    default:
      append_dec (out, v);
      break;
    }
}

void
lsc_format_value (const LscNode *n, GString *out)
{
  const LscField *f = n->field;
  char buf[64];

  switch (f->type)
    {
    case LSC_FT_NONE:
    case LSC_FT_PROTOCOL:
      break;
    case LSC_FT_UINT:
    case LSC_FT_FRAMENUM:
      format_uint (f, n->v.u, out, FALSE);
      break;
    case LSC_FT_INT:
      append_int (out, n->v.i);
      break;
    case LSC_FT_BOOL:
      g_string_append (out, n->v.u ? "1" : "0");
      break;
    case LSC_FT_ETHER:
      lsc_format_mac_u64 (n->v.u, buf);
      lsc_string_put (out, buf, 17);
      break;
    case LSC_FT_IPV4:
      lsc_format_ipv4 ((guint32) n->v.u, buf);
      lsc_string_puts (out, buf);
      break;
    case LSC_FT_IPV6:
      if (n->bytes && n->bytes_len >= 16)
        {
          lsc_format_ipv6 (n->bytes, buf);
          lsc_string_puts (out, buf);
        }
      break;
    case LSC_FT_BYTES:
      if (n->bytes)
        {
          char *q = lsc_string_reserve (out, 2 * (gsize) n->bytes_len);
          for (guint i = 0; i < n->bytes_len; i++)
            {
              *q++ = hexdig[n->bytes[i] >> 4];
              *q++ = hexdig[n->bytes[i] & 15];
            }
          lsc_string_commit (out, q);
        }
      break;
    case LSC_FT_STRING:
      lsc_string_puts (out, n->text ? n->text : "");
      break;
    case LSC_FT_DOUBLE:
      g_string_append_printf (out, "%g", n->v.d);
      break;
    case LSC_FT_RELTIME:
      lsc_string_append_fixed9 (out, n->v.d);
      break;
    case LSC_FT_ABSTIME:
      if (n->v.i >= 0)
        {
          char b[48], *q = b + sizeof b;
          q = put_nine_back (q, (guint64) (n->v.i % 1000000000));
          *--q = '.';
          guint64 secs = (guint64) (n->v.i / 1000000000);
          do
            {
              *--q = (char) ('0' + secs % 10);
              secs /= 10;
            }
          while (secs);
          lsc_string_put (out, q, (gsize) (b + sizeof b - q));
        }
      else
        g_string_append_printf (out, "%" G_GINT64_FORMAT ".%09" G_GINT64_FORMAT,
                                n->v.i / 1000000000, n->v.i % 1000000000);
      break;
    }
}

void
lsc_format_display (const LscNode *n, GString *out)
{
  const LscField *f = n->field;

  /* A string field's text is its value; for other types text overrides the display. */
  if (n->text && f->type != LSC_FT_STRING)
    {
      lsc_string_puts (out, n->text);
      return;
    }
  switch (f->type)
    {
    case LSC_FT_BOOL:
      {
        const char *name = f->vals ? lsc_value_string (f->vals, (guint32) n->v.u) : NULL;
        put_tr (out, name ? name : n->v.u ? N_("Set") : N_("Not set"));
      }
      break;
    case LSC_FT_UINT:
      {
        const char *name = f->vals ? lsc_value_string (f->vals, (guint32) n->v.u) : NULL;
        if (name)
          {
            put_tr (out, name);
            lsc_string_put (out, " (", 2);
            format_uint (f, n->v.u, out, FALSE);
            g_string_append_c (out, ')');
          }
        else
          format_uint (f, n->v.u, out, TRUE);
      }
      break;
    case LSC_FT_RELTIME:
      if (!append_fixed9_template (out, _("%.9f seconds"), n->v.d))
        g_string_append_printf (out, _("%.9f seconds"), n->v.d);
      break;
    case LSC_FT_ABSTIME:
      {
        char date[24];
        if (n->v.i >= 0 && lsc_format_utc_seconds (n->v.i / 1000000000, ' ', date))
          {
            char b[48], *q = b + sizeof b;
            memcpy (b, date, 19);
            *--q = 'C';
            *--q = 'T';
            *--q = 'U';
            *--q = ' ';
            q = put_nine_back (q, (guint64) (n->v.i % 1000000000));
            *--q = '.';
            memmove (b + 19, q, (gsize) (b + sizeof b - q));
            lsc_string_put (out, b, 19 + (gsize) (b + sizeof b - q));
            break;
          }
        g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (n->v.i / 1000000000);
        if (dt)
          {
            g_autofree char *s = g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");
            g_string_append_printf (out, "%s.%09" G_GINT64_FORMAT " UTC", s, n->v.i % 1000000000);
          }
        else
          lsc_format_value (n, out);
      }
      break;
    case LSC_FT_BYTES:
      if (n->bytes_len > 24)
        {
          LscNode head = *n;
          head.bytes_len = 24;
          lsc_format_value (&head, out);
          g_string_append (out, "…");
        }
      else
        lsc_format_value (n, out);
      break;
    default:
      lsc_format_value (n, out);
      break;
    }
}

void
lsc_format_bits (const LscNode *n, GString *out)
{
  const LscField *f = n->field;
  if (!f->bitmask)
    return;
  /* Dots in groups of four counted from the right, then the mask's bits
   * written over their dots. */
  enum { DOTS = 79 };  /* 64 bits in 16 groups */
  static const char dots[2 * DOTS + 1] = ".... .... .... .... .... .... .... .... .... .... .... .... .... .... .... ....";
  int bits = MIN (f->bits ? f->bits : 8, 64);
  int groups = (bits - 1) / 4;
  gsize width = (gsize) (bits + groups);
  guint64 mask = bits < 64 ? f->bitmask & ((G_GUINT64_CONSTANT (1) << bits) - 1) : f->bitmask;
  /* Recover the raw bits from the shifted value. */
  guint64 raw = (n->v.u << __builtin_ctzll (f->bitmask)) & f->bitmask;
  /* One fixed-size copy (what follows the dots is overwritten or cut). */
  char *q = lsc_string_reserve (out, DOTS + 3);
  memcpy (q, dots + DOTS - width, DOTS);
  for (; mask; mask &= mask - 1)
    {
      int b = __builtin_ctzll (mask);
      q[bits - 1 - b + groups - b / 4] = (char) ('0' + ((raw >> b) & 1));
    }
  memcpy (q + width, " = ", 3);
  lsc_string_commit (out, q + width + 3);
}

/* lsc_format_label_head(), inline in the tree's text. */
static inline G_ALWAYS_INLINE gboolean
label_head (const LscNode *n, GString *out)
{
  if (n->label)
    {
      lsc_string_puts (out, n->label);
      return FALSE;
    }
  const LscField *f = n->field;

  /* A protocol's or a text line's text is both its label and its display. */
  if (f->type == LSC_FT_PROTOCOL)
    {
      if (n->text)
        return TRUE;
      put_tr (out, f->name);
      return FALSE;
    }
  if (f == lsc_field_text)
    return TRUE;
  if (f >= lsc_field_expert && f < lsc_field_expert + 3)
    {
      /* A string: its display is its text. */
      put_tr (out, f->name);
      lsc_string_put (out, ": ", 2);
      return TRUE;
    }
  if (f->bitmask)
    lsc_format_bits (n, out);
  put_tr (out, f->name);
  if (f->type != LSC_FT_NONE || n->text)
    {
      lsc_string_put (out, ": ", 2);
      return TRUE;
    }
  return FALSE;
}

gboolean
lsc_format_label_head (const LscNode *n, GString *out)
{
  return label_head (n, out);
}

void
lsc_format_label (const LscNode *n, GString *out)
{
  if (lsc_format_label_head (n, out))
    lsc_format_display (n, out);
}

/* base: the tree's nodes, one array indexed by the links (lsc-tree.h). */
static void
tree_text_rec (const LscNode *base, gint32 idx, int depth, GString *out)
{
  static const char spaces[] = "                                ";
  for (; idx >= 0; idx = base[idx].next)
    {
      const LscNode *n = &base[idx];
      if (n->flags & LSC_NODE_HIDDEN)
        continue;
      gboolean gen = (n->flags & LSC_NODE_GENERATED) && n->field->type != LSC_FT_PROTOCOL &&
                     !(n->field >= lsc_field_expert && n->field < lsc_field_expert + 3);
      /* The indent (and '[') in place: up to 32 columns in one fixed copy. */
      gsize indent = (gsize) depth * 4;
      char *q = lsc_string_reserve (out, MAX (indent, sizeof spaces) + 1);
      if (G_LIKELY (indent < sizeof spaces))
        memcpy (q, spaces, sizeof spaces - 1);
      else
        memset (q, ' ', indent);
      q += indent;
      if (gen)
        *q++ = '[';
      lsc_string_commit (out, q);
      if (label_head (n, out))
        lsc_format_display (n, out);
      if (gen)
        g_string_append_c (out, ']');
      if (G_UNLIKELY (n->flags & (LSC_NODE_CHECKSUM_BAD | LSC_NODE_CHECKSUM_GOOD | LSC_NODE_TRUNCATED | LSC_NODE_MALFORMED)))
        {
          if (n->flags & LSC_NODE_CHECKSUM_BAD)
            put_tr (out, N_(" [incorrect]"));
          else if (n->flags & LSC_NODE_CHECKSUM_GOOD)
            put_tr (out, N_(" [correct]"));
          if (n->flags & LSC_NODE_TRUNCATED)
            put_tr (out, N_(" [truncated]"));
          if (n->flags & LSC_NODE_MALFORMED)
            put_tr (out, N_(" [malformed]"));
        }
      g_string_append_c (out, '\n');
      if (n->first_child >= 0)
        tree_text_rec (base, n->first_child, depth + 1, out);
    }
}

/* One top-level node and its subtree, indented under its layer's heading. */
static void
top_text (const LscNode *base, gint32 idx, GString *out)
{
  lsc_string_put (out, "    ", 4);
  lsc_format_label (&base[idx], out);
  g_string_append_c (out, '\n');
  tree_text_rec (base, base[idx].first_child, 2, out);
}

/* "Layer 3: Network": the same few headings for every frame, formatted
 * once (the translations do not change while running).  Threads that race
 * to fill a slot keep the first one in. */
static const char *
layer_heading (LscModel model, guint k)
{
  static char *cache[LSC_MODEL_TCPIP5 + 1][8];
  if ((guint) model > LSC_MODEL_TCPIP5 || k >= 8)
    return NULL;
  char *h = g_atomic_pointer_get (&cache[model][k]);
  if (G_LIKELY (h))
    return h;
  GString *s = g_string_new (NULL);
  g_string_append_printf (s, _("Layer %u: %s"), k, lsc_model_layer_name (model, k));
  h = g_string_free (s, FALSE);
  if (!g_atomic_pointer_compare_and_exchange (&cache[model][k], NULL, h))
    {
      g_free (h);
      h = g_atomic_pointer_get (&cache[model][k]);
    }
  return h;
}

void
lsc_format_tree_text (const LscTree *t, LscModel model, gboolean grouped, GString *out)
{
  const LscNode *base = lsc_tree_count (t) ? lsc_tree_node (t, 0) : NULL;
  if (!grouped)
    {
      tree_text_rec (base, lsc_tree_first_top (t), 0, out);
      return;
    }
  /* Each shown top-level node's layer, found once rather than once per
   * layer heading (a frame has a handful; beyond 64 the search per layer
   * below does it). */
  gint32 tops[64];
  guint8 layer_of[64];
  guint n_tops = 0;
  gboolean listed = TRUE;
  for (gint32 i = lsc_tree_first_top (t); i >= 0; i = base[i].next)
    {
      if (base[i].flags & LSC_NODE_HIDDEN)
        continue;
      if (n_tops == G_N_ELEMENTS (tops))
        {
          listed = FALSE;
          break;
        }
      tops[n_tops] = i;
      layer_of[n_tops++] = (guint8) MIN (lsc_model_layer_of_node (model, &base[i]), 255u);
    }
  guint nl = lsc_model_n_layers (model);
  for (guint k = 1; k <= nl; k++)
    {
      const char *heading = layer_heading (model, k);
      if (heading)
        lsc_string_puts (out, heading);
      else
        g_string_append_printf (out, _("Layer %u: %s"), k, lsc_model_layer_name (model, k));
      gboolean empty = TRUE;
      if (listed)
        for (guint j = 0; j < n_tops && empty; j++)
          empty = layer_of[j] != k;
      else
        empty = lsc_model_layer_is_empty (model, t, k);
      if (empty)
        {
          if (model == LSC_MODEL_OSI && (k == LSC_OSI_SESSION || k == LSC_OSI_PRESENTATION))
            put_tr (out, N_(" (no header of its own: TCP/IP leaves this to the application)"));
          else
            put_tr (out, N_(" (not present in this frame)"));
          g_string_append_c (out, '\n');
          continue;
        }
      g_string_append_c (out, '\n');
      if (listed)
        {
          for (guint j = 0; j < n_tops; j++)
            if (layer_of[j] == k)
              top_text (base, tops[j], out);
        }
      else
        for (gint32 i = lsc_model_next_in_layer (model, t, k, -1); i >= 0; i = lsc_model_next_in_layer (model, t, k, i))
          top_text (base, i, out);
    }
}

void
lsc_format_hexdump (const guint8 *data, gsize len, GString *out)
{
  lsc_format_hexdump_at (data, len, 0, out);
}

void
lsc_format_hexdump_at (const guint8 *data, gsize len, guint64 base, GString *out)
{
  for (gsize off = 0; off < len; off += 16)
    {
      g_string_append_printf (out, "%04" G_GINT64_MODIFIER "x  ", (guint64) (base + off));
      for (gsize i = 0; i < 16; i++)
        {
          if (off + i < len)
            {
              g_string_append_c (out, hexdig[data[off + i] >> 4]);
              g_string_append_c (out, hexdig[data[off + i] & 15]);
              g_string_append_c (out, ' ');
            }
          else
            g_string_append (out, "   ");
          if (i == 7)
            g_string_append_c (out, ' ');
        }
      g_string_append_c (out, ' ');
      for (gsize i = 0; i < 16 && off + i < len; i++)
        {
          guint8 c = data[off + i];
          g_string_append_c (out, c >= 0x20 && c < 0x7f ? (char) c : '.');
        }
      g_string_append_c (out, '\n');
    }
}

/* An address column (pinfo's fixed buffers) padded to 17 bytes: the whole
 * buffer and the padding are copied at fixed sizes (no library calls), the
 * end placed after them; the line has room for both (see summary_line). */
#define COLUMN_SIZE G_SIZEOF_MEMBER (LscPinfo, src)
G_STATIC_ASSERT (G_SIZEOF_MEMBER (LscPinfo, dst) == COLUMN_SIZE);
static inline char *
put_column (char *p, const char s[COLUMN_SIZE])
{
  memcpy (p, s, COLUMN_SIZE);
  gsize n = strnlen (s, COLUMN_SIZE);
  if (n < 17)
    {
      memcpy (p + n, "                 ", 17);
      return p + 17;
    }
  return p + n;
}

/* Copy s and pad with spaces to width bytes (printf's %-*s). */
static char *
put_str_width (char *p, const char *s, gsize max, int width)
{
  gsize n = strnlen (s, max);
  memcpy (p, s, n);
  p += n;
  if (n < (gsize) width)
    {
      memset (p, ' ', (gsize) width - n);
      p += (gsize) width - n;
    }
  return p;
}

/* The conversions the Info and tree templates use: %s %u %d %i %x %X %c
 * and %%, with the flags - and 0, a width and the length modifiers l, ll, z and
 * j (PRIu64 is "lu"), formatted into buf.  Returns the length, or -1 when
 * the result does not fit or the template has anything else (a
 * translation's positional %1$s, a precision): ap is then partly used, and
 * the caller formats from a copy with vsnprintf. */
static int
simple_vformat (char *buf, gsize size, const char *fmt, va_list ap)
{
  char *q = buf, *end = buf + size;
  const char *p = fmt;
  for (;;)
    {
      /* The text up to the next conversion in one copy: a few bytes
       * looked at here, a longer run (a tree text's words) found by libc. */
      const char *e = p;
      for (int k = 0; k < 4 && *e && *e != '%'; k++)
        e++;
      if (*e && *e != '%')
        {
          e = strchr (e, '%');
          if (!e)
            e = p + strlen (p);
        }
      gsize run = (gsize) (e - p);
      if ((gsize) (end - q) < run)
        return -1;
      memcpy (q, p, run);
      q += run;
      if (!*e)
        return (int) (q - buf);
      p = e + 1;
      /* The plain %u and %s of most templates, without flags or width. */
      if (*p == 'u')
        {
          guint v = va_arg (ap, guint);
          if ((gsize) (end - q) < lsc_u32_digits (v))
            return -1;
          q = lsc_put_u32 (q, v);
          p++;
          continue;
        }
      if (*p == 's')
        {
          const char *text = va_arg (ap, const char *);
          if (!text)
            text = "(null)";
          gsize len = strlen (text);
          if ((gsize) (end - q) < len)
            return -1;
          memcpy (q, text, len);
          q += len;
          p++;
          continue;
        }
      gboolean left = FALSE, zero = FALSE;
      for (; *p == '-' || *p == '0'; p++)
        {
          if (*p == '-')
            left = TRUE;
          else
            zero = TRUE;
        }
      gsize width = 0;
      for (; g_ascii_isdigit (*p); p++)
        width = MIN (width * 10 + (gsize) (*p - '0'), size);
      int wide = 0;  /* 1 long, 2 long long, 3 size_t */
      if (*p == 'l')
        wide = *++p == 'l' ? (p++, 2) : 1;
      else if (*p == 'z')
        wide = (p++, 3);
      char num[24];
      const char *text = num;
      gsize len = 0;
      gboolean numeric = TRUE;
      char conv = *p == 'i' ? 'd' : *p;
      switch (wide ? (conv == 'd' || conv == 'u' || conv == 'x' || conv == 'X' ? conv : 0) : conv)
        {
        case 's':
          text = va_arg (ap, const char *);
          if (!text)
            text = "(null)";
          len = strlen (text);
          numeric = FALSE;
          break;
        case 'c':
          num[0] = (char) va_arg (ap, int);
          len = 1;
          numeric = FALSE;
          break;
        case '%':
          num[0] = '%';
          len = 1;
          numeric = FALSE;
          width = 0;
          break;
        case 'd':
        case 'u':
        case 'x':
        case 'X':
          {
            gboolean neg = FALSE;
            guint64 v;
            if (conv == 'd')
              {
                gint64 d;
                switch (wide)
                  {
                  case 0: d = va_arg (ap, int); break;
                  case 1: d = va_arg (ap, long); break;
                  case 2: d = va_arg (ap, long long); break;
                  default: d = va_arg (ap, gssize); break;
                  }
                neg = d < 0;
                v = neg ? (guint64) 0 - (guint64) d : (guint64) d;
              }
            else
              switch (wide)
                {
                case 0: v = va_arg (ap, guint); break;
                case 1: v = va_arg (ap, unsigned long); break;
                case 2: v = va_arg (ap, unsigned long long); break;
                default: v = va_arg (ap, gsize); break;
                }
            char *r = num + sizeof num;
            if (conv == 'd' || conv == 'u')
              r = put_u64_back (r, v);
            else
              {
                const char *digits = conv == 'X' ? "0123456789ABCDEF" : hexdig;
                do
                  {
                    *--r = digits[v & 15];
                    v >>= 4;
                  }
                while (v);
              }
            if (neg)
              *--r = '-';
            text = r;
            len = (gsize) (num + sizeof num - r);
          }
          break;
        default:
          return -1;  /* not one of ours (or a '%' at the very end) */
        }
      p++;
      gsize pad = width > len ? width - len : 0;
      if ((gsize) (end - q) < len + pad)
        return -1;
      if (!left && zero && numeric && text[0] == '-')
        {
          *q++ = '-';
          text++;
          len--;
        }
      if (!left && pad)
        {
          memset (q, zero && numeric ? '0' : ' ', pad);
          q += pad;
        }
      memcpy (q, text, len);
      q += len;
      if (left)
        {
          memset (q, ' ', pad);
          q += pad;
        }
    }
}

int
lsc_format_simple_vsnprintf (char *buf, gsize size, const char *fmt, va_list ap)
{
  int n = simple_vformat (buf, size, fmt, ap);
  if (n < 0 || (gsize) n >= size)
    return -1;
  buf[n] = '\0';
  return n;
}

static void G_GNUC_PRINTF (2, 0)
string_append_vprintf (GString *s, const char *fmt, va_list ap)
{
  char buf[256];
  va_list again;
  va_copy (again, ap);
  int n = simple_vformat (buf, sizeof buf, fmt, ap);
  if (n >= 0 && (gsize) n < sizeof buf)
    lsc_string_put (s, buf, (gsize) n);
  else
    g_string_append_vprintf (s, fmt, again);
  va_end (again);
}

void
lsc_string_printf (GString *s, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  s->len = 0;
  s->str[0] = '\0';
  string_append_vprintf (s, fmt, ap);
  va_end (ap);
}

void
lsc_string_append_printf (GString *s, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  string_append_vprintf (s, fmt, ap);
  va_end (ap);
}

/* The summary pass prints a million of these: no printf, one append. */
/* Seconds and microseconds of a signed nanosecond count, rounded to the
 * microsecond: "[-]S.UUUUUU". */
static void
append_seconds_us (gint64 ns, GString *out)
{
  gboolean neg = ns < 0;
  guint64 us = ((neg ? (guint64) -ns : (guint64) ns) + 500) / 1000;
  char num[40];
  int n = g_snprintf (num, sizeof num, "%s%" G_GUINT64_FORMAT ".%06u", neg ? "-" : "", us / 1000000,
                      (guint) (us % 1000000));
  g_string_append_len (out, num, n);
}

gboolean
lsc_time_format_from_string (const char *s, LscTimeFormat *fmt)
{
  static const struct { const char *name; LscTimeFormat fmt; } names[] = {
    { "r", LSC_TIME_RELATIVE }, { "a", LSC_TIME_ABSOLUTE }, { "ad", LSC_TIME_ABSOLUTE_DATE },
    { "d", LSC_TIME_DELTA }, { "dd", LSC_TIME_DELTA_DISPLAYED }, { "e", LSC_TIME_EPOCH },
    { "u", LSC_TIME_UTC }, { "ud", LSC_TIME_UTC_DATE },
  };
  for (gsize i = 0; s && i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (s, names[i].name))
      {
        *fmt = names[i].fmt;
        return TRUE;
      }
  return FALSE;
}

void
lsc_format_time (LscTimeFormat fmt, const LscPacket *p, gint64 prev_shown_ns, GString *out)
{
  switch (fmt)
    {
    case LSC_TIME_RELATIVE:
      append_seconds_us (p->ts_ns - p->ts_first_ns, out);
      return;
    case LSC_TIME_DELTA:
      append_seconds_us (p->ts_ns - p->ts_prev_ns, out);
      return;
    case LSC_TIME_DELTA_DISPLAYED:
      append_seconds_us (p->ts_ns - prev_shown_ns, out);
      return;
    case LSC_TIME_EPOCH:
      append_seconds_us (p->ts_ns, out);
      return;
    default:
      break;
    }
  /* Wall-clock times: whole seconds through GDateTime (local time zone, or
   * UTC), then the microseconds by hand, rounded down so that a time never
   * shows the next second. */
  gint64 secs = p->ts_ns >= 0 ? p->ts_ns / G_GINT64_CONSTANT (1000000000)
                              : -((-p->ts_ns + G_GINT64_CONSTANT (999999999)) / G_GINT64_CONSTANT (1000000000));
  guint us = (guint) ((p->ts_ns - secs * G_GINT64_CONSTANT (1000000000)) / 1000);
  gboolean utc = fmt == LSC_TIME_UTC || fmt == LSC_TIME_UTC_DATE;
  gboolean date = fmt == LSC_TIME_ABSOLUTE_DATE || fmt == LSC_TIME_UTC_DATE;
  g_autoptr (GDateTime) dt = utc ? g_date_time_new_from_unix_utc (secs) : g_date_time_new_from_unix_local (secs);
  if (!dt)
    {
      /* Outside GDateTime's years 1..9999: the epoch seconds say it all. */
      append_seconds_us (p->ts_ns, out);
      return;
    }
  g_autofree char *text = g_date_time_format (dt, date ? "%Y-%m-%d %H:%M:%S" : "%H:%M:%S");
  g_string_append_printf (out, "%s.%06u", text, us);
}

static void
summary_line (const LscTree *t, const char *time_text, GString *out)
{
  const LscPacket *p = lsc_tree_packet (t);
  const LscPinfo *pi = lsc_tree_pinfo_const (t);
  /* Written in place: room for the columns (number and time at most 20
   * digits each, addresses 48 bytes, protocol 64, length 10: under 256 with
   * the separators), the Info and the newline, then cut to what was written. */
  gsize time_len = time_text ? strlen (time_text) : 0;
  char *q = lsc_string_reserve (out, 256 + time_len + pi->info->len);

  q = put_u64_width (q, p->num, 6);
  *q++ = ' ';
  char num[32], *r = num + sizeof num;
  if (time_text)
    {
      r = (char *) time_text;
    }
  else
    {
      /* Seconds since the first frame, rounded to the microsecond, in 11 columns. */
      gint64 rel = p->ts_ns - p->ts_first_ns;
      gboolean neg = rel < 0;
      guint64 us = ((neg ? (guint64) -rel : (guint64) rel) + 500) / 1000;
      guint frac = (guint) (us % 1000000);
      for (int i = 0; i < 3; i++)
        {
          r -= 2;
          memcpy (r, lsc_digit_pairs + 2 * (frac % 100), 2);
          frac /= 100;
        }
      *--r = '.';
      r = put_u64_back (r, us / 1000000);
      if (neg)
        *--r = '-';
      time_len = (gsize) (num + sizeof num - r);
    }
  if (time_len < 11)
    {
      memset (q, ' ', 11 - time_len);
      q += 11 - time_len;
    }
  memcpy (q, r, time_len);
  q += time_len;
  *q++ = ' ';
  q = put_column (q, pi->src);
  memcpy (q, " \xe2\x86\x92 ", 5);  /* " → " in UTF-8 */
  q += 5;
  q = put_column (q, pi->dst);
  *q++ = ' ';
  q = put_str_width (q, pi->protocol ? pi->protocol : "", 64, 6);
  *q++ = ' ';
  q = put_u64_width (q, p->wirelen, 5);
  *q++ = ' ';
  memcpy (q, pi->info->str, pi->info->len);
  q += pi->info->len;
  *q++ = '\n';
  lsc_string_commit (out, q);
}

void
lsc_format_summary_line (const LscTree *t, GString *out)
{
  summary_line (t, NULL, out);
}

void
lsc_format_summary_line_time (const LscTree *t, const char *time_text, GString *out)
{
  summary_line (t, time_text, out);
}

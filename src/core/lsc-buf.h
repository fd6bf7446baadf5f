/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-buf.h — bounds-checked views into a captured frame
 *
 * Every dissector reads through an LscBuf.  A view knows how many bytes were
 * captured (len), how many the protocol above claimed (reported, which can be
 * larger when the capture was cut by the snap length) and where it sits in the
 * frame (off), so every tree node can carry an absolute (offset, length).
 *
 * The accessors never read outside [data, data + len): an out-of-range read
 * returns 0.  Dissectors check lsc_buf_has() first and mark what they could not
 * read as truncated or malformed; the zero return is only a safety net.
 */
#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

typedef struct {
  const guint8 *data;  /* first byte of this view */
  guint32 len;         /* bytes captured in this view */
  guint32 reported;    /* bytes the layer below says this view has (>= len when cut by snaplen) */
  guint32 off;         /* absolute offset of data[0] in the frame */
} LscBuf;

static inline LscBuf
lsc_buf_init (const guint8 *data, guint32 caplen, guint32 wirelen)
{
  LscBuf b = { data, caplen, wirelen < caplen ? caplen : wirelen, 0 };
  return b;
}

/* TRUE when n bytes starting at off were captured. Overflow-safe. */
static inline gboolean
lsc_buf_has (const LscBuf *b, guint32 off, guint32 n)
{
  return off <= b->len && n <= b->len - off;
}

/* TRUE when n bytes starting at off exist on the wire (maybe not captured). */
static inline gboolean
lsc_buf_reported_has (const LscBuf *b, guint32 off, guint32 n)
{
  return off <= b->reported && n <= b->reported - off;
}

static inline guint8
lsc_buf_u8 (const LscBuf *b, guint32 off)
{
  return lsc_buf_has (b, off, 1) ? b->data[off] : 0;
}

static inline guint16
lsc_buf_u16 (const LscBuf *b, guint32 off)
{
  if (!lsc_buf_has (b, off, 2))
    return 0;
  return (guint16) ((b->data[off] << 8) | b->data[off + 1]);
}

static inline guint16
lsc_buf_u16le (const LscBuf *b, guint32 off)
{
  if (!lsc_buf_has (b, off, 2))
    return 0;
  return (guint16) ((b->data[off + 1] << 8) | b->data[off]);
}

static inline guint32
lsc_buf_u24 (const LscBuf *b, guint32 off)
{
  if (!lsc_buf_has (b, off, 3))
    return 0;
  return ((guint32) b->data[off] << 16) | ((guint32) b->data[off + 1] << 8) | b->data[off + 2];
}

static inline guint32
lsc_buf_u32 (const LscBuf *b, guint32 off)
{
  if (!lsc_buf_has (b, off, 4))
    return 0;
  return ((guint32) b->data[off] << 24) | ((guint32) b->data[off + 1] << 16) |
         ((guint32) b->data[off + 2] << 8) | b->data[off + 3];
}

static inline guint32
lsc_buf_u32le (const LscBuf *b, guint32 off)
{
  if (!lsc_buf_has (b, off, 4))
    return 0;
  return ((guint32) b->data[off + 3] << 24) | ((guint32) b->data[off + 2] << 16) |
         ((guint32) b->data[off + 1] << 8) | b->data[off];
}

/* 6-byte MAC address packed into the low 48 bits. */
static inline guint64
lsc_buf_u48 (const LscBuf *b, guint32 off)
{
  if (!lsc_buf_has (b, off, 6))
    return 0;
  guint64 v = 0;
  for (int i = 0; i < 6; i++)
    v = (v << 8) | b->data[off + i];
  return v;
}

/* Pointer to n captured bytes at off, or NULL. */
static inline const guint8 *
lsc_buf_ptr (const LscBuf *b, guint32 off, guint32 n)
{
  return lsc_buf_has (b, off, n) ? b->data + off : NULL;
}

/* Copy n bytes into out when they were captured; zero-fill and return FALSE otherwise. */
static inline gboolean
lsc_buf_copy (const LscBuf *b, guint32 off, void *out, guint32 n)
{
  if (!lsc_buf_has (b, off, n))
    {
      memset (out, 0, n);
      return FALSE;
    }
  memcpy (out, b->data + off, n);
  return TRUE;
}

/* A sub-view of at most n bytes starting at off.  Both the captured and the
 * reported length are clamped, so a layer that narrows itself to its declared
 * length never sees the padding (or anything else) after it. */
static inline LscBuf
lsc_buf_sub (const LscBuf *b, guint32 off, guint32 n)
{
  LscBuf s;
  guint32 cap_avail = off <= b->len ? b->len - off : 0;
  guint32 rep_avail = off <= b->reported ? b->reported - off : 0;
  s.data = b->data + (off <= b->len ? off : b->len);
  s.len = n < cap_avail ? n : cap_avail;
  s.reported = n < rep_avail ? n : rep_avail;
  if (s.reported < s.len)
    s.reported = s.len;
  s.off = b->off + off;
  return s;
}

/* Everything from off to the end of the view. */
static inline LscBuf
lsc_buf_tail (const LscBuf *b, guint32 off)
{
  return lsc_buf_sub (b, off, G_MAXUINT32);
}

/* Absolute frame offset of a relative one, for tree nodes. */
static inline guint32
lsc_buf_abs (const LscBuf *b, guint32 off)
{
  return b->off + off;
}

G_END_DECLS

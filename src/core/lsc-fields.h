/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-fields.h — the field registry
 *
 * One declarative table per protocol (Scapy's fields_desc idea): the id, the
 * label, the type, how to show it, its value names and a one-sentence
 * explanation for learners.  The same table drives the tree, `-T fields -e`,
 * the display filter, `--list-fields`, the GUI's explanations and crafting.
 *
 * Ids follow Wireshark's display-filter names where one exists, so our output
 * can be held against tshark's.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  LSC_FT_NONE,      /* a label with no value (e.g. a note or a subtree heading) */
  LSC_FT_PROTOCOL,  /* a protocol header; its node's text is the one-line summary */
  LSC_FT_UINT,      /* unsigned integer up to 64 bits, in v.u */
  LSC_FT_INT,       /* signed integer, in v.i */
  LSC_FT_BOOL,      /* 0/1 in v.u; with a bitmask, shown as a flag bit */
  LSC_FT_ETHER,     /* MAC address, 48 bits in v.u */
  LSC_FT_IPV4,      /* IPv4 address, host order in v.u */
  LSC_FT_IPV6,      /* IPv6 address, 16 bytes in bytes */
  LSC_FT_BYTES,     /* raw bytes in bytes/bytes_len */
  LSC_FT_STRING,    /* text in text */
  LSC_FT_DOUBLE,    /* floating point in v.d */
  LSC_FT_RELTIME,   /* seconds as a double in v.d */
  LSC_FT_ABSTIME,   /* nanoseconds since the epoch in v.i */
  LSC_FT_FRAMENUM,  /* a frame number in v.u (links to another packet) */
} LscFieldType;

typedef enum {
  LSC_BASE_DEC,
  LSC_BASE_HEX,
  LSC_BASE_DEC_HEX,  /* 1500 (0x05dc) */
  LSC_BASE_HEX_DEC,  /* 0x0800 (2048) */
  LSC_BASE_OCT,
} LscFieldBase;

typedef struct {
  guint32 value;
  const char *name;  /* N_() marked */
} LscValueString;

/* Layers of the OSI model; the TCP/IP models are derived from these. */
typedef enum {
  LSC_OSI_NONE = 0,
  LSC_OSI_PHYSICAL = 1,
  LSC_OSI_DATALINK = 2,
  LSC_OSI_NETWORK = 3,
  LSC_OSI_TRANSPORT = 4,
  LSC_OSI_SESSION = 5,
  LSC_OSI_PRESENTATION = 6,
  LSC_OSI_APPLICATION = 7,
} LscOsiLayer;

/* How a field gets its value when a frame is built. */
typedef enum {
  LSC_BUILD_SET = 0,    /* the person building the frame chooses it */
  LSC_BUILD_LENGTH,     /* a length the builder counts */
  LSC_BUILD_CHECKSUM,   /* a checksum the builder computes */
  LSC_BUILD_ADDRESS,    /* an address the builder fills in (the next hop's MAC, the sender's own) */
  LSC_BUILD_NEXT,       /* names what follows (EtherType, IP protocol): taken from the layer above */
  LSC_BUILD_FIXED,      /* fixed by the kind of header (ARP's hardware type and address sizes) */
} LscFieldBuild;

/* build_width for a value that runs to the end of the frame (a payload). */
#define LSC_BUILD_WIDTH_REST 0xff

typedef struct _LscField LscField;
struct _LscField {
  const char *id;                 /* "ip.ttl" */
  const char *name;               /* N_("Time to Live") */
  LscFieldType type;
  LscFieldBase base;
  guint8 bits;                    /* width for hex display and bit masks: 8, 16, 32, 48, 64 */
  guint64 bitmask;                /* non-zero for a bit field inside a larger word */
  const LscValueString *vals;     /* {0, NULL}-terminated, or NULL */
  const char *blurb;              /* N_() one plain sentence: what it is, why it matters, RFC */
  LscOsiLayer layer;              /* for LSC_FT_PROTOCOL: where the header sits */
  const char *short_name;         /* for LSC_FT_PROTOCOL: the Protocol column ("TCP") */
  /* What building a frame needs (trailing, so rows that are never built leave
   * them zero).  build_width 0: the field has no fixed place in its header. */
  guint16 build_offset;           /* bytes from the start of its header (a TCP option's: from its kind byte) */
  guint8 build_width;             /* bytes of the word holding it (bitmask applies to that word), or LSC_BUILD_WIDTH_REST */
  guint8 build_scale;             /* the header holds value / scale (4 for lengths in 4-byte words); 0 means 1 */
  guint32 build_mask;             /* the field's bits in that word when bitmask is 0 (shown as a plain number) */
  LscFieldBuild build;            /* computed by the builder, or chosen */
  const char *build_default;      /* text a new frame starts with; NULL: chosen at random, or computed */
};

/* Each protocol file defines one table, terminated by an entry with id NULL:
 *   const LscField lsc_fields_ip[] = { { "ip", N_("Internet Protocol Version 4"), LSC_FT_PROTOCOL, ... }, ... , { NULL } };
 * The first entry of a table is the protocol itself. */

/* All fields, in registry order (protocol by protocol). */
guint lsc_fields_count (void);
const LscField *lsc_fields_nth (guint i);
const LscField *lsc_fields_lookup (const char *id);
/* The protocol a registered field belongs to (the first row of its table), or NULL. */
const LscField *lsc_field_protocol (const LscField *f);
/* Whether the row says how to build the field (a place in its header or a way to compute it). */
gboolean lsc_field_is_buildable (const LscField *f);
/* The field's bits in its word: bitmask, else build_mask, else 0 (the whole word). */
static inline guint64
lsc_field_build_mask (const LscField *f)
{
  return f->bitmask ? f->bitmask : f->build_mask;
}
/* The largest value a buildable number field takes, from its width, bit mask and scale. */
guint64 lsc_field_max_value (const LscField *f);
/* Read a buildable field's value from its header's bytes (hdr, hdr_len): the word at
 * build_offset, masked, shifted and scaled.  FALSE when the header is too short.
 * Inline: decoders call it for every field of every frame. */
static inline gboolean
lsc_field_read (const LscField *f, const guint8 *hdr, gsize hdr_len, guint64 *value)
{
  guint w = f->build_width;
  if (w == 0 || w > 8 || f->build_offset > hdr_len || w > hdr_len - f->build_offset)
    return FALSE;
  const guint8 *p = hdr + f->build_offset;
  guint64 v = 0;
  for (guint k = 0; k < w; k++)
    v = (v << 8) | p[k];
  guint64 mask = lsc_field_build_mask (f);
  if (mask)
    v = (v & mask) >> __builtin_ctzll (mask);
  if (f->type == LSC_FT_BOOL)
    v = v != 0;
  if (f->build_scale > 1)
    v *= f->build_scale;
  *value = v;
  return TRUE;
}
/* A number field's default (build_default, decimal or 0x hex), 0 when it has none. */
guint64 lsc_field_default_uint (const char *id);
/* Its inverse: put value into its bits of the header, leaving the other bits. */
gboolean lsc_field_write (const LscField *f, guint8 *hdr, gsize hdr_len, guint64 value);
/* Look up the name for a value, or NULL. */
const char *lsc_value_string (const LscValueString *vals, guint32 value);

/* Fields shared by every dissector for notes. */
extern const LscField lsc_field_expert[];   /* "_ws.expert" family: [0] note, [1] warning, [2] error */
extern const LscField lsc_field_text[];     /* a plain text line with no value */

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-fields.c — the registry of every protocol's field table */
#include "lsc-fields.h"
#include "lsc-dissect.h"
#include "lsc-conv.h"
#include "lsc-reasm.h"

#include <glib/gi18n-lib.h>

const LscField lsc_field_expert[] = {
  { "_ws.expert.note", N_("Note"), LSC_FT_STRING, .blurb = N_("A fact the analysis derived about this packet.") },
  { "_ws.expert.warn", N_("Warning"), LSC_FT_STRING, .blurb = N_("Something unusual in this packet that deserves a look.") },
  { "_ws.expert.error", N_("Error"), LSC_FT_STRING, .blurb = N_("This part of the packet breaks its protocol's rules or was cut short.") },
  { NULL }
};

const LscField lsc_field_text[] = {
  { "_ws.text", N_("Text"), LSC_FT_NONE, .blurb = N_("A line of the message as it was sent; the lines under it name its parts.") },
  { NULL }
};

/* Registry order is the order of --list-fields: bottom of the stack first. */
static const LscField *const tables[] = {
  lsc_fields_frame, lsc_fields_eth, lsc_fields_vlan, lsc_fields_llc, lsc_fields_sll, lsc_fields_null, lsc_fields_ppp,
  lsc_fields_nflog, lsc_fields_ipoib, lsc_fields_pktap,
  lsc_fields_arp, lsc_fields_ip, lsc_fields_ipv6, lsc_fields_icmp, lsc_fields_icmpv6, lsc_fields_gre,
  lsc_fields_tcp, lsc_fields_udp, lsc_fields_dns, lsc_fields_http, lsc_fields_data,
  lsc_fields_conv, lsc_fields_reasm, lsc_field_expert, lsc_field_text,
};

static GPtrArray *all_fields;
static GHashTable *by_id;
static GHashTable *protocol_of;  /* field -> the first row of its table */

static void
ensure_registry (void)
{
  if (g_once_init_enter (&by_id))
    {
      GHashTable *h = g_hash_table_new (g_str_hash, g_str_equal);
      all_fields = g_ptr_array_new ();
      protocol_of = g_hash_table_new (NULL, NULL);
      for (gsize t = 0; t < G_N_ELEMENTS (tables); t++)
        for (const LscField *f = tables[t]; f->id; f++)
          {
            g_ptr_array_add (all_fields, (gpointer) f);
            g_hash_table_insert (protocol_of, (gpointer) f, (gpointer) tables[t]);
            /* The first definition of an id wins; duplicates are a bug the unit test catches. */
            if (!g_hash_table_contains (h, f->id))
              g_hash_table_insert (h, (gpointer) f->id, (gpointer) f);
          }
      g_once_init_leave (&by_id, h);
    }
}

guint
lsc_fields_count (void)
{
  ensure_registry ();
  return all_fields->len;
}

const LscField *
lsc_fields_nth (guint i)
{
  ensure_registry ();
  return i < all_fields->len ? g_ptr_array_index (all_fields, i) : NULL;
}

const LscField *
lsc_fields_lookup (const char *id)
{
  ensure_registry ();
  return id ? g_hash_table_lookup (by_id, id) : NULL;
}

const LscField *
lsc_field_protocol (const LscField *f)
{
  ensure_registry ();
  return f ? g_hash_table_lookup (protocol_of, f) : NULL;
}

const char *
lsc_value_string (const LscValueString *vals, guint32 value)
{
  for (const LscValueString *v = vals; v && v->name; v++)
    if (v->value == value)
      return v->name;
  return NULL;
}

gboolean
lsc_field_is_buildable (const LscField *f)
{
  return f && (f->build_width != 0 || f->build != LSC_BUILD_SET);
}

guint64
lsc_field_max_value (const LscField *f)
{
  guint64 scale = f->build_scale ? f->build_scale : 1;
  if (f->type == LSC_FT_BOOL)
    return 1;
  guint64 mask = lsc_field_build_mask (f);
  if (mask)
    return (mask >> __builtin_ctzll (mask)) * scale;
  if (f->build_width == 0 || f->build_width == LSC_BUILD_WIDTH_REST)
    return 0;
  if (f->build_width >= 8)
    return G_MAXUINT64;
  return ((G_GUINT64_CONSTANT (1) << (8 * f->build_width)) - 1) * scale;
}

guint64
lsc_field_default_uint (const char *id)
{
  const LscField *f = lsc_fields_lookup (id);
  g_return_val_if_fail (f != NULL, 0);
  return f->build_default ? g_ascii_strtoull (f->build_default, NULL, 0) : 0;
}

gboolean
lsc_field_write (const LscField *f, guint8 *hdr, gsize hdr_len, guint64 value)
{
  guint w = f->build_width;
  if (w == 0 || w > 8 || f->build_offset > hdr_len || w > hdr_len - f->build_offset)
    return FALSE;
  guint8 *p = hdr + f->build_offset;
  guint64 word = 0;
  for (guint k = 0; k < w; k++)
    word = (word << 8) | p[k];
  guint64 mask = lsc_field_build_mask (f);
  value /= f->build_scale ? f->build_scale : 1;
  if (mask)
    word = (word & ~mask) | ((value << __builtin_ctzll (mask)) & mask);
  else
    word = value;
  for (guint k = w; k-- > 0; word >>= 8)
    p[k] = (guint8) word;
  return TRUE;
}

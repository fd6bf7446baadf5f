/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-craft-form.c — the craft templates as tables of rows, checked and built */
#include "lsc-config.h"
#include "craft/lsc-craft-form.h"
#include "craft/lsc-craft-private.h"
#include "core/lsc-packet.h"
#include "core/lsc-dissect.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

/* Largest IPv4 payload in one 1500-byte Ethernet frame (as lsc-craft.c builds). */
#define MTU_IP_PAYLOAD 1480

/* ---- the tables ----
 *
 * A template is a list of field ids: the label, layer, kind of value,
 * range, default, explanation and whether a row is computed all come from
 * the field registry (lsc-fields.h), the same rows the decoder, `-e`, `-Y`
 * and the explanations use.  A template row only says what differs in this
 * template: a default of its own, a narrower range (the values the builder
 * can make), whether a computed field is chosen here or a chosen one
 * computed, and a short hint for the label. */

typedef enum {
  ROW_AUTO = 1 << 0,      /* computed here even though the registry says it is chosen */
  ROW_SET = 1 << 1,       /* chosen here even though the registry says it is computed */
  ROW_OPTIONAL = 1 << 2,  /* a TCP option: empty text or "none" leaves it out */
  ROW_LETTERS = 1 << 3,   /* a flags word typed as letters (F S R P A U E C) */
} RowFlags;

typedef struct {
  const char *id;
  const char *def;        /* this template's default; NULL: the registry's */
  guint flags;            /* RowFlags */
  LscOsiLayer layer;      /* where the decoder places it in this frame; 0: its protocol's layer */
  guint64 min, max;       /* max 0: the field's own range */
  const char *hint;       /* N_() marked, shown after the label, or NULL */
} TemplateRow;

#define ETH_DST_AUTO { "eth.dst", .hint = N_("MAC") }
#define ETH_DST(def) { "eth.dst", def, ROW_SET, .hint = N_("MAC") }
#define ETH_SRC { "eth.src", .hint = N_("MAC") }
/* The EtherType of an IP or ARP frame: computed unless forced. */
#define ETH_TYPE { "eth.type", .hint = N_("EtherType") }

#define IP_ROWS \
  { "ip.version" }, { "ip.src" }, { "ip.dst" }, { "ip.ttl" }, { "ip.dsfield" }, { "ip.id" }, { "ip.flags.df" }, \
    { "ip.flags.mf" }, { "ip.frag_offset", .hint = N_("8-byte units") }, { "ip.proto" }, \
    { "ip.hdr_len", .hint = N_("bytes") }, { "ip.len" }, { "ip.checksum" }

static const TemplateRow ping_rows[] = {
  ETH_DST_AUTO, ETH_SRC, ETH_TYPE, IP_ROWS,
  /* Only an echo is built here. */
  { "icmp.type", .max = 8, .hint = N_("8 request, 0 reply") },
  { "icmp.code" }, { "icmp.ident" }, { "icmp.seq" }, { "icmp.checksum" },
  /* How many bytes the echo carries: chosen, not counted.  The echo's data
   * belongs to ICMP, in the network layer, as the decoder places it. */
  { "data.len", "56", ROW_SET, LSC_OSI_NETWORK, .max = MTU_IP_PAYLOAD - 8, .hint = N_("payload bytes") },
};

/* The builder makes requests and replies only. */
#define ARP_ROWS(dst, op) \
  ETH_DST (dst), ETH_SRC, ETH_TYPE, { "arp.hw.type" }, { "arp.proto.type" }, { "arp.hw.size" }, { "arp.proto.size" }, \
    { "arp.opcode", op, .min = 1, .max = 2, .hint = N_("1 request, 2 reply") }, { "arp.src.hw_mac" }

#define BROADCAST "ff:ff:ff:ff:ff:ff"
static const TemplateRow arp_request_rows[] = {
  ARP_ROWS (BROADCAST, NULL), { "arp.src.proto_ipv4" }, { "arp.dst.hw_mac" }, { "arp.dst.proto_ipv4" },
};
/* RFC 5227: asks about an address without claiming any yet (sender 0.0.0.0). */
static const TemplateRow arp_probe_rows[] = {
  ARP_ROWS (BROADCAST, NULL), { "arp.src.proto_ipv4", "0.0.0.0" }, { "arp.dst.hw_mac" }, { "arp.dst.proto_ipv4" },
};
/* Announces the sender's own address: the target address is the same unless forced. */
static const TemplateRow arp_gratuitous_rows[] = {
  ARP_ROWS (BROADCAST, NULL), { "arp.src.proto_ipv4" }, { "arp.dst.hw_mac" }, { "arp.dst.proto_ipv4", "", ROW_AUTO },
};
static const TemplateRow arp_reply_rows[] = {
  ARP_ROWS ("02:00:00:00:00:02", "2"), { "arp.src.proto_ipv4" },
  { "arp.dst.hw_mac", "02:00:00:00:00:02" }, { "arp.dst.proto_ipv4" },
};

static const TemplateRow tcp_rows[] = {
  ETH_DST_AUTO, ETH_SRC, ETH_TYPE, IP_ROWS,
  { "tcp.srcport", .min = 1 }, { "tcp.dstport", .min = 1 }, { "tcp.seq" }, { "tcp.ack" },
  { "tcp.flags", "S", ROW_LETTERS, .hint = N_("F S R P A U E C") },
  { "tcp.window_size_value" }, { "tcp.urgent_pointer" },
  { "tcp.options.mss_val", .hint = N_("0: none") },
  { "tcp.options.sack_perm" },
  { "tcp.options.timestamp.tsval", "", ROW_OPTIONAL, .hint = N_("empty: no option") },
  { "tcp.options.timestamp.tsecr" },
  { "tcp.options.wscale.shift", "", ROW_OPTIONAL, .max = 14, .hint = N_("empty: no option") },
  { "tcp.hdr_len", .hint = N_("bytes") }, { "tcp.checksum" },
  { "data.data", "" },
};

static const TemplateRow udp_rows[] = {
  ETH_DST_AUTO, ETH_SRC, ETH_TYPE, IP_ROWS,
  { "udp.srcport", .min = 1 }, { "udp.dstport", .min = 1 }, { "udp.length" }, { "udp.checksum" },
  { "data.data", "hello" },
};

/* 0x88b5: the EtherType IEEE 802 sets aside for local experiments. */
static const TemplateRow ether_rows[] = {
  ETH_DST (BROADCAST), ETH_SRC, { "eth.type", "0x88b5", ROW_SET, .hint = N_("EtherType") }, { "data.data", "hello" },
};

static const struct {
  const char *name;
  const char *label;
  const TemplateRow *rows;
  guint n_rows;
} templates[LSC_CRAFT_N_TEMPLATES] = {
  [LSC_CRAFT_TEMPLATE_PING] = { "ping", N_("Ping (ICMP echo request)"), ping_rows, G_N_ELEMENTS (ping_rows) },
  [LSC_CRAFT_TEMPLATE_ARP_REQUEST] = { "arp", N_("ARP request"), arp_request_rows, G_N_ELEMENTS (arp_request_rows) },
  [LSC_CRAFT_TEMPLATE_ARP_REPLY] = { "arp-reply", N_("ARP reply"), arp_reply_rows, G_N_ELEMENTS (arp_reply_rows) },
  [LSC_CRAFT_TEMPLATE_ARP_GRATUITOUS] = { "arp-gratuitous", N_("Gratuitous ARP"), arp_gratuitous_rows,
                                          G_N_ELEMENTS (arp_gratuitous_rows) },
  [LSC_CRAFT_TEMPLATE_ARP_PROBE] = { "arp-probe", N_("ARP probe (RFC 5227)"), arp_probe_rows, G_N_ELEMENTS (arp_probe_rows) },
  [LSC_CRAFT_TEMPLATE_TCP] = { "tcp", N_("TCP segment"), tcp_rows, G_N_ELEMENTS (tcp_rows) },
  [LSC_CRAFT_TEMPLATE_UDP] = { "udp", N_("UDP datagram"), udp_rows, G_N_ELEMENTS (udp_rows) },
  [LSC_CRAFT_TEMPLATE_ETHER] = { "ether", N_("Ethernet frame (any EtherType)"), ether_rows, G_N_ELEMENTS (ether_rows) },
};

/* A template row made whole from the registry. */
static void
make_desc (const TemplateRow *r, LscCraftFieldDesc *d)
{
  const LscField *fld = lsc_fields_lookup (r->id);
  /* A template naming a field the registry lacks is a bug the unit test catches. */
  g_assert (fld != NULL && lsc_field_is_buildable (fld));
  const LscField *proto = lsc_field_protocol (fld);
  d->id = fld->id;
  d->field = fld;
  d->label = fld->name;
  d->hint = r->hint;
  d->layer = r->layer ? r->layer : proto ? proto->layer : LSC_OSI_NONE;
  d->computed = (r->flags & ROW_AUTO) || (fld->build != LSC_BUILD_SET && !(r->flags & ROW_SET));
  d->optional = (r->flags & ROW_OPTIONAL) != 0;
  if (r->flags & ROW_LETTERS)
    d->kind = LSC_CRAFT_KIND_TCP_FLAGS;
  else
    switch (fld->type)
      {
      case LSC_FT_ETHER:
        d->kind = LSC_CRAFT_KIND_MAC;
        break;
      case LSC_FT_IPV4:
        d->kind = LSC_CRAFT_KIND_IPV4;
        break;
      case LSC_FT_BYTES:
        d->kind = LSC_CRAFT_KIND_PAYLOAD;
        break;
      case LSC_FT_BOOL:
      case LSC_FT_NONE:  /* an option with no value: there (1) or not (0) */
        d->kind = LSC_CRAFT_KIND_BOOL;
        break;
      default:
        d->kind = fld->build == LSC_BUILD_CHECKSUM ? LSC_CRAFT_KIND_CHECKSUM : LSC_CRAFT_KIND_UINT;
        break;
      }
  switch (d->kind)
    {
    case LSC_CRAFT_KIND_UINT:
    case LSC_CRAFT_KIND_CHECKSUM:
      d->min = r->min;
      d->max = r->max ? r->max : lsc_field_max_value (fld);
      break;
    case LSC_CRAFT_KIND_BOOL:
      d->min = 0;
      d->max = 1;
      break;
    default:
      d->min = d->max = 0;
      break;
    }
  if (r->def)
    d->def = r->def;
  else if (d->computed)
    d->def = "";
  else
    d->def = fld->build_default;  /* NULL: a random number when the form is made */
}

/* Each template's rows, made once and kept for the life of the program. */
static const LscCraftFieldDesc *
template_descs (LscCraftTemplate t)
{
  static LscCraftFieldDesc *made[LSC_CRAFT_N_TEMPLATES];
  if (g_once_init_enter (&made[t]))
    {
      LscCraftFieldDesc *d = g_new0 (LscCraftFieldDesc, templates[t].n_rows);
      for (guint i = 0; i < templates[t].n_rows; i++)
        make_desc (&templates[t].rows[i], &d[i]);
      g_once_init_leave (&made[t], d);
    }
  return made[t];
}

char *
lsc_craft_field_label (const LscCraftFieldDesc *d)
{
  if (!d->hint)
    return g_strdup (_(d->label));
  /* TRANSLATORS: a craft form row: the field's name and a hint, e.g. "Header Length (bytes)". */
  return g_strdup_printf (_("%s (%s)"), _(d->label), _(d->hint));
}

gboolean
lsc_craft_template_from_string (const char *name, LscCraftTemplate *out)
{
  for (guint t = 0; t < LSC_CRAFT_N_TEMPLATES; t++)
    if (g_strcmp0 (name, templates[t].name) == 0)
      {
        *out = (LscCraftTemplate) t;
        return TRUE;
      }
  return FALSE;
}

const char *
lsc_craft_template_to_string (LscCraftTemplate t)
{
  return t < LSC_CRAFT_N_TEMPLATES ? templates[t].name : NULL;
}

const char *
lsc_craft_template_label (LscCraftTemplate t)
{
  return t < LSC_CRAFT_N_TEMPLATES ? _(templates[t].label) : NULL;
}

/* ---- the form ---- */

struct _LscCraftForm {
  LscCraftTemplate tmpl;
  const LscCraftFieldDesc *rows;
  guint n;
  char **text;       /* n entries */
  char **defaults;   /* what each row started with */
  char **errors;     /* n entries, NULL when valid */
  gboolean *edited;
  gboolean payload_hex;
  gboolean ttl_series;
  gboolean have_resolved;
  guint8 resolved[6];
};


/* A number as people type it: decimal or 0x hex, nothing else (no sign, no
 * fraction, no "nan"), inside [min, max]. */
static gboolean
parse_uint (const char *text, guint64 min, guint64 max, guint64 *out, GError **error)
{
  g_autofree char *t = g_strstrip (g_strdup (text ? text : ""));
  guint64 v = 0;
  gboolean ok;
  if (g_str_has_prefix (t, "0x") || g_str_has_prefix (t, "0X"))
    ok = t[2] && g_ascii_string_to_unsigned (t + 2, 16, 0, G_MAXUINT64, &v, NULL);
  else
    ok = *t && g_ascii_string_to_unsigned (t, 10, 0, G_MAXUINT64, &v, NULL);
  /* The bounds as text first: a format with G_GUINT64_FORMAT cannot be translated. */
  char lo[24], hi[24];
  g_snprintf (lo, sizeof lo, "%" G_GUINT64_FORMAT, min);
  g_snprintf (hi, sizeof hi, "%" G_GUINT64_FORMAT, max);
  if (!ok)
    {
      if (!*t)
        return lsc_craft_invalid (error, _("a number is needed (%s–%s)"), lo, hi);
      if (t[0] == '-')
        return lsc_craft_invalid (error, _("'%s' is negative: only %s–%s fits this field"), t, lo, hi);
      return lsc_craft_invalid (error, _("'%s' is not a whole number (%s–%s)"), t, lo, hi);
    }
  if (v < min || v > max)
    return lsc_craft_invalid (error, _("%s is out of range: this field takes %s–%s"), t, lo, hi);
  *out = v;
  return TRUE;
}

static gboolean
parse_checksum (const char *text, gint32 *out, GError **error)
{
  g_autofree char *t = g_strstrip (g_strdup (text ? text : ""));
  if (!*t || g_ascii_strcasecmp (t, "auto") == 0)
    {
      *out = LSC_CRAFT_CKSUM_AUTO;
      return TRUE;
    }
  if (g_ascii_strcasecmp (t, "bad") == 0)
    {
      *out = LSC_CRAFT_CKSUM_BAD;
      return TRUE;
    }
  guint64 v;
  g_autoptr (GError) e = NULL;
  if (!parse_uint (t, 0, 0xffff, &v, &e))
    return lsc_craft_invalid (error, _("'%s' is not a checksum: auto, bad, or a value 0–65535 (0xffff)"), t);
  *out = (gint32) v;
  return TRUE;
}

static guint32 get_ip (LscCraftForm *f, const char *id);

static const char *
row_text (LscCraftForm *f, const char *id)
{
  gint i = lsc_craft_form_find (f, id);
  return i >= 0 ? f->text[i] : NULL;
}

static void fill_tcp_options (LscCraftForm *f, LscCraftTcp *o);

/* Most payload bytes the template leaves room for (TCP: after its options). */
static gsize
payload_room (LscCraftForm *f)
{
  switch (f->tmpl)
    {
    case LSC_CRAFT_TEMPLATE_TCP:
      {
        LscCraftTcp o;
        guint8 opt[20];
        lsc_craft_tcp_init (&o);
        fill_tcp_options (f, &o);
        return MTU_IP_PAYLOAD - 20 - lsc_craft_tcp_options (&o, opt);
      }
    case LSC_CRAFT_TEMPLATE_ETHER:
      return 1500;
    case LSC_CRAFT_TEMPLATE_UDP:
      return MTU_IP_PAYLOAD - 8;
    default:
      return MTU_IP_PAYLOAD - 8;
    }
}

static GBytes *
parse_payload (LscCraftForm *f, const char *text, GError **error)
{
  GBytes *b;
  if (f->payload_hex)
    {
      b = lsc_craft_parse_hex (text, error);
      if (!b)
        return NULL;
    }
  else
    b = g_bytes_new (text ? text : "", text ? strlen (text) : 0);
  gsize room = payload_room (f);
  if (g_bytes_get_size (b) > room)
    {
      lsc_craft_invalid (error, _("%u bytes of payload do not fit one Ethernet frame (MTU 1500: at most %u)"),
                         (guint) g_bytes_get_size (b), (guint) room);
      g_bytes_unref (b);
      return NULL;
    }
  return b;
}

/* Check one row's text; the reason goes to error. */
static gboolean
check_row (LscCraftForm *f, const LscCraftFieldDesc *d, const char *text, GError **error)
{
  g_autofree char *t = g_strstrip (g_strdup (text ? text : ""));
  if (d->computed && (!*t || g_ascii_strcasecmp (t, "auto") == 0))
    return TRUE;
  if (d->optional && (!*t || g_ascii_strcasecmp (t, "none") == 0))
    return TRUE;
  switch (d->kind)
    {
    case LSC_CRAFT_KIND_MAC:
      {
        guint8 mac[6];
        return lsc_craft_parse_mac (t, mac, error);
      }
    case LSC_CRAFT_KIND_IPV4:
      {
        guint32 a;
        return lsc_craft_parse_ipv4 (t, &a, error);
      }
    case LSC_CRAFT_KIND_UINT:
    case LSC_CRAFT_KIND_BOOL:
      {
        guint64 v;
        if (!parse_uint (t, d->min, d->max, &v, error))
          return FALSE;
        if (g_str_equal (d->id, "icmp.type") && v != 0 && v != 8)
          return lsc_craft_invalid (error, _("only an echo can be crafted here: 8 (request) or 0 (reply)"));
        if (g_str_has_suffix (d->id, ".hdr_len") && v % 4 != 0)
          return lsc_craft_invalid (error, _("%s is not a multiple of 4: the header length counts 4-byte words"), t);
        return TRUE;
      }
    case LSC_CRAFT_KIND_TCP_FLAGS:
      {
        guint16 fl;
        if (!*t)
          return TRUE;  /* no flag at all: a "null scan" segment */
        return lsc_craft_parse_tcp_flags (t, &fl, error);
      }
    case LSC_CRAFT_KIND_CHECKSUM:
      {
        gint32 c;
        return parse_checksum (t, &c, error);
      }
    case LSC_CRAFT_KIND_PAYLOAD:
      {
        g_autoptr (GBytes) b = parse_payload (f, text, error);
        return b != NULL;
      }
    }
  return TRUE;
}

static void
recheck (LscCraftForm *f, guint i)
{
  g_autoptr (GError) e = NULL;
  g_clear_pointer (&f->errors[i], g_free);
  if (!check_row (f, &f->rows[i], f->text[i], &e))
    f->errors[i] = g_strdup (e->message);
}

LscCraftForm *
lsc_craft_form_new (LscCraftTemplate t)
{
  g_return_val_if_fail (t < LSC_CRAFT_N_TEMPLATES, NULL);
  LscCraftForm *f = g_new0 (LscCraftForm, 1);
  f->tmpl = t;
  f->rows = template_descs (t);
  f->n = templates[t].n_rows;
  f->text = g_new0 (char *, f->n + 1);
  f->defaults = g_new0 (char *, f->n + 1);
  f->errors = g_new0 (char *, f->n + 1);
  f->edited = g_new0 (gboolean, f->n);
  for (guint i = 0; i < f->n; i++)
    {
      const LscCraftFieldDesc *d = &f->rows[i];
      if (d->def)
        f->text[i] = g_strdup (d->def);
      else if (g_str_equal (d->id, "tcp.srcport") || g_str_equal (d->id, "udp.srcport"))
        /* An ephemeral port as Linux picks them. */
        f->text[i] = g_strdup_printf ("%u", (guint) g_random_int_range (32768, 61000));
      else if (d->max == G_MAXUINT32)
        /* A random initial sequence number (RFC 6528). */
        f->text[i] = g_strdup_printf ("%u", g_random_int ());
      else
        f->text[i] = g_strdup_printf ("%u", (guint) g_random_int_range (1, (gint32) MIN (d->max, 65535) + 1));
      f->defaults[i] = g_strdup (f->text[i]);
    }
  for (guint i = 0; i < f->n; i++)
    recheck (f, i);
  return f;
}

void
lsc_craft_form_free (LscCraftForm *f)
{
  if (!f)
    return;
  g_strfreev (f->text);
  g_strfreev (f->defaults);
  for (guint i = 0; i < f->n; i++)
    g_free (f->errors[i]);
  g_free (f->errors);
  g_free (f->edited);
  g_free (f);
}

LscCraftForm *
lsc_craft_form_copy (LscCraftForm *f)
{
  LscCraftForm *c = lsc_craft_form_new (f->tmpl);
  for (guint i = 0; i < f->n; i++)
    {
      g_free (c->text[i]);
      c->text[i] = g_strdup (f->text[i]);
      g_free (c->defaults[i]);
      c->defaults[i] = g_strdup (f->defaults[i]);
      c->edited[i] = f->edited[i];
    }
  c->payload_hex = f->payload_hex;
  c->ttl_series = f->ttl_series;
  c->have_resolved = f->have_resolved;
  memcpy (c->resolved, f->resolved, 6);
  for (guint i = 0; i < c->n; i++)
    recheck (c, i);
  return c;
}

char *
lsc_craft_form_value_names (LscCraftForm *f, guint i)
{
  const LscCraftFieldDesc *d = lsc_craft_form_field (f, i);
  if (!d || !d->field->vals || (d->kind != LSC_CRAFT_KIND_UINT && d->kind != LSC_CRAFT_KIND_BOOL))
    return NULL;
  GString *s = g_string_new (NULL);
  guint n = 0;
  for (const LscValueString *v = d->field->vals; v->name; v++)
    {
      char text[16];
      g_snprintf (text, sizeof text, "%u", v->value);
      /* Only what this row accepts (the echo types of a ping, ARP's request and reply). */
      if (v->value < d->min || v->value > d->max || !check_row (f, d, text, NULL))
        continue;
      if (++n > 12)
        return (g_string_free (s, TRUE), NULL);
      g_string_append_printf (s, "%s%u %s", s->len ? ", " : "", v->value, _(v->name));
    }
  return g_string_free (s, s->len == 0);
}

LscCraftTemplate
lsc_craft_form_get_template (LscCraftForm *f)
{
  return f->tmpl;
}

guint
lsc_craft_form_n_fields (LscCraftForm *f)
{
  return f->n;
}

const LscCraftFieldDesc *
lsc_craft_form_field (LscCraftForm *f, guint i)
{
  return i < f->n ? &f->rows[i] : NULL;
}

gint
lsc_craft_form_find (LscCraftForm *f, const char *id)
{
  for (guint i = 0; i < f->n; i++)
    if (g_strcmp0 (f->rows[i].id, id) == 0)
      return (gint) i;
  return -1;
}

const char *
lsc_craft_form_get (LscCraftForm *f, const char *id)
{
  return row_text (f, id);
}

const char *
lsc_craft_form_get_error (LscCraftForm *f, const char *id)
{
  gint i = lsc_craft_form_find (f, id);
  return i >= 0 ? f->errors[i] : NULL;
}

gboolean
lsc_craft_form_is_edited (LscCraftForm *f, const char *id)
{
  gint i = lsc_craft_form_find (f, id);
  return i >= 0 && f->edited[i];
}

/* Rows whose validity depends on another row's value. */
static void
recheck_dependents (LscCraftForm *f)
{
  gint p = lsc_craft_form_find (f, "data.data");
  if (p >= 0)
    recheck (f, (guint) p);
}

static gboolean
set_text (LscCraftForm *f, guint i, const char *text, gboolean by_hand, GError **error)
{
  const LscCraftFieldDesc *d = &f->rows[i];
  char *t = g_strdup (text ? text : "");
  if ((d->computed && g_ascii_strcasecmp (g_strstrip (t), "auto") == 0) ||
      (d->optional && g_ascii_strcasecmp (g_strstrip (t), "none") == 0))
    t[0] = '\0';
  g_free (f->text[i]);
  f->text[i] = t;
  if (by_hand)
    f->edited[i] = TRUE;
  recheck (f, i);
  recheck_dependents (f);
  if (f->errors[i])
    {
      g_set_error_literal (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_INVALID, f->errors[i]);
      return FALSE;
    }
  return TRUE;
}

gboolean
lsc_craft_form_set (LscCraftForm *f, const char *id, const char *text, GError **error)
{
  gint i = lsc_craft_form_find (f, id);
  if (i < 0)
    return lsc_craft_invalid (error, _("a %s has no field '%s'"), _(templates[f->tmpl].label), id ? id : "");
  return set_text (f, (guint) i, text, TRUE, error);
}

gboolean
lsc_craft_form_set_assignment (LscCraftForm *f, const char *assignment, GError **error)
{
  const char *eq = assignment ? strchr (assignment, '=') : NULL;
  if (!eq || eq == assignment)
    return lsc_craft_invalid (error, _("'%s' is not FIELD=VALUE (e.g. ip.ttl=1)"), assignment ? assignment : "");
  g_autofree char *id = g_strndup (assignment, (gsize) (eq - assignment));
  const char *value = eq + 1;
  gint i = lsc_craft_form_find (f, id);
  /* "hex:..." gives a payload as bytes. */
  if (i >= 0 && f->rows[i].kind == LSC_CRAFT_KIND_PAYLOAD)
    {
      gboolean hex = g_str_has_prefix (value, "hex:");
      lsc_craft_form_set_payload_hex (f, hex);
      if (hex)
        value += 4;
    }
  g_autoptr (GError) e = NULL;
  if (!lsc_craft_form_set (f, id, value, &e))
    return lsc_craft_invalid (error, "%s: %s", id, e->message);
  return TRUE;
}

void
lsc_craft_form_set_payload_hex (LscCraftForm *f, gboolean hex)
{
  f->payload_hex = hex;
  recheck_dependents (f);
}

gboolean
lsc_craft_form_get_payload_hex (LscCraftForm *f)
{
  return f->payload_hex;
}

static void
set_default (LscCraftForm *f, const char *id, const char *text)
{
  gint i = lsc_craft_form_find (f, id);
  if (i < 0 || f->edited[i] || f->rows[i].computed)
    return;
  set_text (f, (guint) i, text, FALSE, NULL);
  g_free (f->defaults[i]);
  f->defaults[i] = g_strdup (text);
}

void
lsc_craft_form_set_iface (LscCraftForm *f, const LscCraftIface *ifc)
{
  char mac[18], ip[16];
  g_snprintf (mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x", ifc->mac[0], ifc->mac[1], ifc->mac[2], ifc->mac[3],
              ifc->mac[4], ifc->mac[5]);
  guint32 h = g_ntohl (ifc->ip);
  g_snprintf (ip, sizeof ip, "%u.%u.%u.%u", h >> 24, (h >> 16) & 0xff, (h >> 8) & 0xff, h & 0xff);
  set_default (f, "eth.src", mac);
  set_default (f, "ip.src", ip);
  if (f->tmpl != LSC_CRAFT_TEMPLATE_ARP_PROBE)
    set_default (f, "arp.src.proto_ipv4", ip);
}

void
lsc_craft_form_set_resolved_mac (LscCraftForm *f, const guint8 *mac)
{
  f->have_resolved = mac != NULL;
  if (mac)
    memcpy (f->resolved, mac, 6);
}

static gboolean
dst_mac_auto (LscCraftForm *f)
{
  gint i = lsc_craft_form_find (f, "eth.dst");
  return i >= 0 && f->rows[i].computed && !*f->text[i];
}

gboolean
lsc_craft_form_needs_dst_mac (LscCraftForm *f)
{
  return dst_mac_auto (f) && !f->have_resolved;
}

guint32
lsc_craft_form_get_dst_ip (LscCraftForm *f)
{
  return get_ip (f, "ip.dst");
}

char *
lsc_craft_form_check (LscCraftForm *f)
{
  for (guint i = 0; i < f->n; i++)
    if (f->errors[i])
      {
        g_autofree char *label = lsc_craft_field_label (&f->rows[i]);
        return g_strdup_printf ("%s: %s", label, f->errors[i]);
      }
  return NULL;
}

/* ---- building ---- */

static guint64
get_u (LscCraftForm *f, const char *id)
{
  gint i = lsc_craft_form_find (f, id);
  guint64 v = 0;
  if (i >= 0)
    parse_uint (f->text[i], f->rows[i].min, f->rows[i].max, &v, NULL);
  return v;
}

/* A row's text without the blanks around it. */
static char *
stripped (LscCraftForm *f, const char *id)
{
  const char *t = row_text (f, id);
  return g_strstrip (g_strdup (t ? t : ""));
}

static void
get_mac (LscCraftForm *f, const char *id, guint8 mac[6])
{
  memset (mac, 0, 6);
  g_autofree char *t = stripped (f, id);
  if (*t)
    lsc_craft_parse_mac (t, mac, NULL);
}

static guint32
get_ip (LscCraftForm *f, const char *id)
{
  guint32 a = 0;
  g_autofree char *t = stripped (f, id);
  if (*t)
    lsc_craft_parse_ipv4 (t, &a, NULL);
  return a;
}

/* A computed number: LSC_CRAFT_AUTO on auto, else the forced value. */
static gint32
get_forced (LscCraftForm *f, const char *id)
{
  g_autofree char *t = stripped (f, id);
  return *t ? (gint32) get_u (f, id) : LSC_CRAFT_AUTO;
}

static void
fill_tcp_options (LscCraftForm *f, LscCraftTcp *o)
{
  o->mss = (guint16) get_u (f, "tcp.options.mss_val");
  o->sack_perm = get_u (f, "tcp.options.sack_perm") != 0;
  g_autofree char *ts = stripped (f, "tcp.options.timestamp.tsval");
  o->timestamps = *ts != '\0';
  o->tsval = (guint32) get_u (f, "tcp.options.timestamp.tsval");
  o->tsecr = (guint32) get_u (f, "tcp.options.timestamp.tsecr");
  g_autofree char *ws = stripped (f, "tcp.options.wscale.shift");
  o->wscale = *ws ? (gint) get_u (f, "tcp.options.wscale.shift") : -1;
}

static gint32
get_cksum (LscCraftForm *f, const char *id)
{
  gint32 c = LSC_CRAFT_CKSUM_AUTO;
  parse_checksum (row_text (f, id), &c, NULL);
  return c;
}

static void
fill_ip (LscCraftForm *f, LscCraftIp *ip, guint n)
{
  if (dst_mac_auto (f))
    {
      if (f->have_resolved)
        memcpy (ip->dst_mac, f->resolved, 6);
    }
  else
    get_mac (f, "eth.dst", ip->dst_mac);
  get_mac (f, "eth.src", ip->src_mac);
  ip->src = get_ip (f, "ip.src");
  ip->dst = get_ip (f, "ip.dst");
  ip->ttl = (guint8) MIN (get_u (f, "ip.ttl") + (f->ttl_series ? n : 0), 255);
  ip->tos = (guint8) get_u (f, "ip.dsfield");
  ip->id = (guint16) get_u (f, "ip.id");
  ip->id_literal = TRUE;
  ip->dont_fragment = get_u (f, "ip.flags.df") != 0;
  ip->more_fragments = get_u (f, "ip.flags.mf") != 0;
  ip->frag_offset = (guint16) get_u (f, "ip.frag_offset");
  ip->version = (guint8) get_u (f, "ip.version");
  ip->proto = get_forced (f, "ip.proto");
  ip->eth_type = get_forced (f, "eth.type");
  ip->checksum = get_cksum (f, "ip.checksum");
  ip->total_len = get_forced (f, "ip.len");
  ip->hdr_len = get_forced (f, "ip.hdr_len");
}

GBytes *
lsc_craft_form_build_nth (LscCraftForm *f, guint n, LscCraftProbe *probe, GError **error)
{
  g_autofree char *bad = lsc_craft_form_check (f);
  if (bad)
    {
      g_set_error_literal (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_INVALID, bad);
      return NULL;
    }
  LscCraftProbe p = { 0 };
  GBytes *frame = NULL;
  switch (f->tmpl)
    {
    case LSC_CRAFT_TEMPLATE_PING:
      {
        LscCraftEcho o;
        lsc_craft_echo_init (&o);
        fill_ip (f, &o.ip, n);
        o.type = (guint8) get_u (f, "icmp.type");
        o.code = (guint8) get_u (f, "icmp.code");
        o.id = (guint16) get_u (f, "icmp.ident");
        o.seq = (guint16) (get_u (f, "icmp.seq") + n);
        o.size = (guint) get_u (f, "data.len");
        o.checksum = get_cksum (f, "icmp.checksum");
        p.kind = LSC_CRAFT_PROBE_ECHO;
        p.src = o.ip.src;
        p.dst = o.ip.dst;
        p.id = o.id;
        p.seq = o.seq;
        frame = lsc_craft_build_echo (&o, error);
        break;
      }
    case LSC_CRAFT_TEMPLATE_ARP_REQUEST:
    case LSC_CRAFT_TEMPLATE_ARP_REPLY:
    case LSC_CRAFT_TEMPLATE_ARP_GRATUITOUS:
    case LSC_CRAFT_TEMPLATE_ARP_PROBE:
      {
        LscCraftArp o;
        lsc_craft_arp_init (&o);
        /* The rows say every address: build a plain request or reply from them. */
        o.kind = get_u (f, "arp.opcode") == 2 ? LSC_CRAFT_ARP_REPLY : LSC_CRAFT_ARP_REQUEST;
        get_mac (f, "eth.dst", o.dst_mac);
        get_mac (f, "eth.src", o.src_mac);
        get_mac (f, "arp.dst.hw_mac", o.target_mac);
        o.sender_ip = get_ip (f, "arp.src.proto_ipv4");
        const char *target = row_text (f, "arp.dst.proto_ipv4");
        o.target_ip = target && *target ? get_ip (f, "arp.dst.proto_ipv4") : o.sender_ip;
        p.kind = LSC_CRAFT_PROBE_ARP;
        p.src = o.sender_ip;
        p.dst = o.target_ip;
        frame = lsc_craft_build_arp (&o, error);
        if (frame && g_bytes_get_size (frame) >= 14 + 28)
          {
            gsize len;
            guint8 *b = g_bytes_unref_to_data (frame, &len);
            /* The sender hardware address follows the Ethernet source unless
             * forced; the header's fixed fields and the EtherType are put
             * where their registry rows place them when forced. */
            guint8 *arp = b + 14;
            gsize arp_len = len - 14;
            gint k = lsc_craft_form_find (f, "arp.src.hw_mac");
            if (k >= 0 && *f->text[k])
              get_mac (f, f->rows[k].id, arp + f->rows[k].field->build_offset);
            for (guint i = 0; i < f->n; i++)
              {
                const LscField *fld = f->rows[i].field;
                if (f->rows[i].kind != LSC_CRAFT_KIND_UINT || (fld->build != LSC_BUILD_FIXED && fld->build != LSC_BUILD_NEXT))
                  continue;
                gint32 v = get_forced (f, fld->id);
                if (v < 0)
                  continue;
                /* Each row's offset counts from its own header: Ethernet's or ARP's. */
                if (g_str_equal (lsc_field_protocol (fld)->id, "eth"))
                  lsc_field_write (fld, b, 14, (guint64) v);
                else
                  lsc_field_write (fld, arp, arp_len, (guint64) v);
              }
            frame = g_bytes_new_take (b, len);
          }
        break;
      }
    case LSC_CRAFT_TEMPLATE_TCP:
      {
        LscCraftTcp o;
        lsc_craft_tcp_init (&o);
        fill_ip (f, &o.ip, n);
        o.sport = (guint16) get_u (f, "tcp.srcport");
        o.dport = (guint16) get_u (f, "tcp.dstport");
        o.seq = (guint32) get_u (f, "tcp.seq");
        o.ack = (guint32) get_u (f, "tcp.ack");
        o.flags = 0;
        g_autofree char *fl = stripped (f, "tcp.flags");
        if (*fl)
          lsc_craft_parse_tcp_flags (fl, &o.flags, NULL);
        o.window = (guint16) get_u (f, "tcp.window_size_value");
        o.urgent = (guint16) get_u (f, "tcp.urgent_pointer");
        fill_tcp_options (f, &o);
        o.hdr_len = get_forced (f, "tcp.hdr_len");
        o.checksum = get_cksum (f, "tcp.checksum");
        g_autoptr (GBytes) payload = parse_payload (f, row_text (f, "data.data"), NULL);
        if (payload)
          o.payload = g_bytes_get_data (payload, &o.payload_len);
        p.kind = LSC_CRAFT_PROBE_TCP;
        p.src = o.ip.src;
        p.dst = o.ip.dst;
        p.sport = o.sport;
        p.dport = o.dport;
        p.tcp_seq = o.seq;
        p.tcp_flags = o.flags;
        frame = lsc_craft_build_tcp (&o, error);
        break;
      }
    case LSC_CRAFT_TEMPLATE_ETHER:
      {
        LscCraftEther o;
        lsc_craft_ether_init (&o);
        get_mac (f, "eth.dst", o.dst_mac);
        get_mac (f, "eth.src", o.src_mac);
        o.type = (guint16) get_u (f, "eth.type");
        g_autoptr (GBytes) payload = parse_payload (f, row_text (f, "data.data"), NULL);
        if (payload)
          o.payload = g_bytes_get_data (payload, &o.payload_len);
        /* No answer to pair: the probe stays zeroed. */
        frame = lsc_craft_build_ether (&o, error);
        break;
      }
    case LSC_CRAFT_TEMPLATE_UDP:
    default:
      {
        LscCraftUdp o;
        lsc_craft_udp_init (&o);
        fill_ip (f, &o.ip, n);
        o.sport = (guint16) get_u (f, "udp.srcport");
        o.dport = (guint16) get_u (f, "udp.dstport");
        o.checksum = get_cksum (f, "udp.checksum");
        o.length = get_forced (f, "udp.length");
        g_autoptr (GBytes) payload = parse_payload (f, row_text (f, "data.data"), NULL);
        if (payload)
          o.payload = g_bytes_get_data (payload, &o.payload_len);
        p.kind = LSC_CRAFT_PROBE_UDP;
        p.src = o.ip.src;
        p.dst = o.ip.dst;
        p.sport = o.sport;
        p.dport = o.dport;
        frame = lsc_craft_build_udp (&o, error);
        break;
      }
    }
  if (probe)
    *probe = p;
  return frame;
}

void
lsc_craft_form_set_ttl_series (LscCraftForm *f, gboolean series)
{
  f->ttl_series = series;
}

gboolean
lsc_craft_form_get_ttl_series (LscCraftForm *f)
{
  return f->ttl_series && lsc_craft_form_find (f, "ip.ttl") >= 0;
}

GBytes *
lsc_craft_form_build (LscCraftForm *f, GError **error)
{
  return lsc_craft_form_build_nth (f, 0, NULL, error);
}

char *
lsc_craft_form_describe (LscCraftForm *f)
{
  GString *s = g_string_new (templates[f->tmpl].name);
  for (guint i = 0; i < f->n; i++)
    if (g_strcmp0 (f->text[i], f->defaults[i]) != 0 || f->edited[i])
      {
        const char *t = f->text[i];
        gboolean hex = f->rows[i].kind == LSC_CRAFT_KIND_PAYLOAD && f->payload_hex;
        gboolean quote = !*t || strpbrk (t, " \t'\"\\") != NULL;
        g_string_append_printf (s, " --set %s=%s%s%s%s", f->rows[i].id, quote ? "'" : "", hex ? "hex:" : "",
                                *t ? t : (f->rows[i].computed ? "auto" : ""), quote ? "'" : "");
      }
  return g_string_free (s, FALSE);
}

char *
lsc_craft_form_computed_text (LscCraftForm *f, const char *id)
{
  gint i = lsc_craft_form_find (f, id);
  if (i < 0 || !f->rows[i].computed || *f->text[i])
    return NULL;
  g_autoptr (GBytes) frame = lsc_craft_form_build (f, NULL);
  if (!frame)
    return NULL;
  gsize size;
  const guint8 *d = g_bytes_get_data (frame, &size);
  LscPacket pkt = { .num = 1, .caplen = (guint32) size, .wirelen = (guint32) size, .linktype = LSC_LINK_ETHERNET,
                    .data = d };
  g_autoptr (LscTree) t = lsc_tree_new ();
  lsc_dissect (t, &pkt, NULL);
  gint32 k = lsc_tree_find (t, id);
  if (k < 0)
    return NULL;
  const LscNode *n = lsc_tree_node (t, k);
  switch (f->rows[i].kind)
    {
    case LSC_CRAFT_KIND_CHECKSUM:
      return g_strdup_printf ("0x%04x", (guint) n->v.u);
    case LSC_CRAFT_KIND_UINT:
    case LSC_CRAFT_KIND_BOOL:
      /* As the decoder shows it: an EtherType in hex, a length in decimal. */
      if (n->field && n->field->base == LSC_BASE_HEX)
        return g_strdup_printf ("0x%0*" G_GINT64_MODIFIER "x", MAX (n->field->bits / 4, 2), n->v.u);
      return g_strdup_printf ("%" G_GUINT64_FORMAT, n->v.u);
    case LSC_CRAFT_KIND_MAC:
      if (n->length != 6 || (gsize) n->offset + 6 > size)
        return NULL;
      d += n->offset;
      return g_strdup_printf ("%02x:%02x:%02x:%02x:%02x:%02x", d[0], d[1], d[2], d[3], d[4], d[5]);
    case LSC_CRAFT_KIND_IPV4:
      if (n->length != 4 || (gsize) n->offset + 4 > size)
        return NULL;
      d += n->offset;
      return g_strdup_printf ("%u.%u.%u.%u", d[0], d[1], d[2], d[3]);
    default:
      return NULL;
    }
}

void
lsc_craft_form_save (LscCraftForm *f, GKeyFile *kf, const char *group)
{
  g_key_file_set_string (kf, group, "template", templates[f->tmpl].name);
  g_key_file_set_boolean (kf, group, "payload-hex", f->payload_hex);
  g_key_file_set_boolean (kf, group, "ttl-series", f->ttl_series);
  for (guint i = 0; i < f->n; i++)
    g_key_file_set_string (kf, group, f->rows[i].id, f->text[i]);
}

LscCraftForm *
lsc_craft_form_load (GKeyFile *kf, const char *group, GError **error)
{
  g_autofree char *name = g_key_file_get_string (kf, group, "template", NULL);
  LscCraftTemplate t;
  if (!lsc_craft_template_from_string (name, &t))
    {
      lsc_craft_invalid (error, _("'%s' is not a craft template"), name ? name : "");
      return NULL;
    }
  LscCraftForm *f = lsc_craft_form_new (t);
  f->payload_hex = g_key_file_get_boolean (kf, group, "payload-hex", NULL);
  f->ttl_series = g_key_file_get_boolean (kf, group, "ttl-series", NULL);
  /* Every row as it was sent, the random ones included: the same frame again. */
  for (guint i = 0; i < f->n; i++)
    {
      g_autofree char *v = g_key_file_get_string (kf, group, f->rows[i].id, NULL);
      /* Rows as the template has them count as untouched (a shorter description). */
      if (v)
        set_text (f, i, v, !f->rows[i].def || g_strcmp0 (v, f->rows[i].def) != 0, NULL);
    }
  for (guint i = 0; i < f->n; i++)
    recheck (f, i);
  return f;
}

/* ---- history ---- */

LscCraftSent *
lsc_craft_sent_new (LscCraftForm *form, const char *iface, guint count, double interval)
{
  LscCraftSent *s = g_new0 (LscCraftSent, 1);
  s->form = lsc_craft_form_copy (form);
  s->iface = g_strdup (iface ? iface : "");
  s->count = count;
  s->interval = interval;
  s->time = g_get_real_time () / G_USEC_PER_SEC;
  return s;
}

void
lsc_craft_sent_free (LscCraftSent *s)
{
  if (!s)
    return;
  lsc_craft_form_free (s->form);
  g_free (s->iface);
  g_free (s);
}

char *
lsc_craft_history_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "layerscope", "craft-history", NULL);
}

GPtrArray *
lsc_craft_history_load (const char *path)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) lsc_craft_sent_free);
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL))
    return out;
  g_auto (GStrv) groups = g_key_file_get_groups (kf, NULL);
  for (guint i = 0; groups[i] && out->len < LSC_CRAFT_HISTORY_MAX; i++)
    {
      LscCraftForm *form = lsc_craft_form_load (kf, groups[i], NULL);
      if (!form)
        continue;
      LscCraftSent *s = g_new0 (LscCraftSent, 1);
      s->form = form;
      s->iface = g_key_file_get_string (kf, groups[i], "interface", NULL);
      if (!s->iface)
        s->iface = g_strdup ("");
      gint count = g_key_file_get_integer (kf, groups[i], "count", NULL);
      s->count = (guint) CLAMP (count, 1, 10000);
      double interval = g_key_file_get_double (kf, groups[i], "interval", NULL);
      /* NaN fails both comparisons. */
      s->interval = interval >= 0.01 && interval <= 3600 ? interval : 1.0;
      s->time = g_key_file_get_int64 (kf, groups[i], "time", NULL);
      g_ptr_array_add (out, s);
    }
  return out;
}

gboolean
lsc_craft_history_save (GPtrArray *sent, const char *path, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  for (guint i = 0; i < sent->len && i < LSC_CRAFT_HISTORY_MAX; i++)
    {
      LscCraftSent *s = g_ptr_array_index (sent, i);
      char group[32];
      g_snprintf (group, sizeof group, "sent-%u", i + 1);
      lsc_craft_form_save (s->form, kf, group);
      g_key_file_set_string (kf, group, "interface", s->iface);
      g_key_file_set_integer (kf, group, "count", (gint) s->count);
      g_key_file_set_double (kf, group, "interval", s->interval);
      g_key_file_set_int64 (kf, group, "time", s->time);
    }
  g_autofree char *dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) < 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  return g_key_file_save_to_file (kf, path, error);
}

gboolean
lsc_craft_history_append (const LscCraftSent *sent, const char *path, GError **error)
{
  g_autoptr (GPtrArray) kept = lsc_craft_history_load (path);
  LscCraftSent *top = lsc_craft_sent_new (sent->form, sent->iface, sent->count, sent->interval);
  top->time = sent->time;
  g_ptr_array_insert (kept, 0, top);
  return lsc_craft_history_save (kept, path, error);
}

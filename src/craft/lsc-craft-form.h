/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-craft-form.h — a frame to craft, as a table of fields a person can edit
 *
 * Each template (a ping, the four ARP variants, a TCP segment, a UDP
 * datagram, an Ethernet frame) is a list of field ids as the decoder names
 * them; each row's label, OSI layer, kind of value, range, default and
 * explanation come from the field registry (lsc-fields.h), so the form, the
 * tree, the filter and the explanations all speak of the same thing.  Computed
 * rows (checksums, the Ethernet destination of an IP frame) are "auto" until
 * someone forces a value.  The form keeps the text of every row, checks each
 * row as it is set (one line saying what is wrong) and builds the frame
 * through lsc_craft_build_*(), so its bytes are the ones `layerscope-cli
 * ping|arp|tcp|udp --dry-run` builds for the same values.
 *
 * No GTK here: the app's craft window generates its widgets from the rows,
 * `layerscope --craft T --set FIELD=VALUE` fills them from the command line.
 */
#pragma once

#include <glib.h>
#include "core/lsc-fields.h"
#include "craft/lsc-craft.h"
#include "craft/lsc-craft-match.h"

G_BEGIN_DECLS

typedef enum {
  LSC_CRAFT_TEMPLATE_PING,
  LSC_CRAFT_TEMPLATE_ARP_REQUEST,
  LSC_CRAFT_TEMPLATE_ARP_REPLY,
  LSC_CRAFT_TEMPLATE_ARP_GRATUITOUS,
  LSC_CRAFT_TEMPLATE_ARP_PROBE,
  LSC_CRAFT_TEMPLATE_TCP,
  LSC_CRAFT_TEMPLATE_UDP,
  LSC_CRAFT_TEMPLATE_ETHER,
  LSC_CRAFT_N_TEMPLATES
} LscCraftTemplate;

typedef enum {
  LSC_CRAFT_KIND_MAC,        /* 02:00:00:00:00:01 */
  LSC_CRAFT_KIND_IPV4,       /* dotted quad */
  LSC_CRAFT_KIND_UINT,       /* decimal or 0x hex, min..max */
  LSC_CRAFT_KIND_BOOL,       /* 0 or 1 (a flag bit) */
  LSC_CRAFT_KIND_TCP_FLAGS,  /* letters F S R P A U E C */
  LSC_CRAFT_KIND_CHECKSUM,   /* auto, bad, or a value 0..0xffff */
  LSC_CRAFT_KIND_PAYLOAD,    /* text, or hex bytes in hex mode */
} LscCraftFieldKind;

/* A row as the form shows it, made from the field's registry row and the
 * template's few words about it. */
typedef struct {
  const char *id;            /* "ip.ttl": the decoder's field id */
  LscOsiLayer layer;
  const char *label;         /* N_() marked: the registry's name for the field */
  LscCraftFieldKind kind;
  guint64 min, max;          /* LSC_CRAFT_KIND_UINT */
  const char *def;           /* default text; NULL: chosen when the form is made (random numbers) */
  gboolean computed;         /* "auto" (empty text) until forced */
  gboolean optional;         /* a TCP option: empty text or "none" leaves it out */
  const LscField *field;     /* the registry row: place in its header, value names, explanation */
  const char *hint;          /* N_() marked, or NULL: what the label needs to be read right here ("bytes") */
} LscCraftFieldDesc;

typedef struct _LscCraftForm LscCraftForm;

/* "ping", "arp" (a request), "arp-reply", "arp-gratuitous", "arp-probe", "tcp", "udp", "ether". */
gboolean lsc_craft_template_from_string (const char *name, LscCraftTemplate *out);
const char *lsc_craft_template_to_string (LscCraftTemplate t);
const char *lsc_craft_template_label (LscCraftTemplate t);  /* translated */

LscCraftForm *lsc_craft_form_new (LscCraftTemplate t);
void lsc_craft_form_free (LscCraftForm *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LscCraftForm, lsc_craft_form_free)

LscCraftTemplate lsc_craft_form_get_template (LscCraftForm *f);
guint lsc_craft_form_n_fields (LscCraftForm *f);
const LscCraftFieldDesc *lsc_craft_form_field (LscCraftForm *f, guint i);
/* A row's label as shown, translated: the field's name and the template's hint ("Header Length (bytes)"). */
char *lsc_craft_field_label (const LscCraftFieldDesc *d);
/* The values a row takes that its field's registry row names, as "1 request,
 * 2 reply" (translated), or NULL when it names none or too many to list. */
char *lsc_craft_form_value_names (LscCraftForm *f, guint i);
/* Row index of a field id, or -1 when the template has no such row. */
gint lsc_craft_form_find (LscCraftForm *f, const char *id);

/* The text of a row ("" for a computed row left on auto). */
const char *lsc_craft_form_get (LscCraftForm *f, const char *id);
/* Set a row's text (kept even when invalid, as an entry keeps what was
 * typed).  FALSE with the one-line reason when the value is not valid; an
 * unknown id is an error too.  A computed row takes "" or "auto" for auto. */
gboolean lsc_craft_form_set (LscCraftForm *f, const char *id, const char *text, GError **error);
/* "FIELD=VALUE", as --set takes it. */
gboolean lsc_craft_form_set_assignment (LscCraftForm *f, const char *assignment, GError **error);
/* The reason a row is invalid, or NULL. */
const char *lsc_craft_form_get_error (LscCraftForm *f, const char *id);
/* Whether a row was set by hand (the interface's addresses do not override those). */
gboolean lsc_craft_form_is_edited (LscCraftForm *f, const char *id);

/* The payload row (data.data) as text or as hex bytes. */
void lsc_craft_form_set_payload_hex (LscCraftForm *f, gboolean hex);
gboolean lsc_craft_form_get_payload_hex (LscCraftForm *f);

/* Source addresses from the interface frames leave by (rows not edited by hand only). */
void lsc_craft_form_set_iface (LscCraftForm *f, const LscCraftIface *ifc);
/* What an "auto" Ethernet destination becomes (the neighbour table's or an
 * ARP answer's MAC); NULL: not known yet, built as 00:00:00:00:00:00. */
void lsc_craft_form_set_resolved_mac (LscCraftForm *f, const guint8 *mac);
/* TRUE when the Ethernet destination is auto and not resolved yet. */
gboolean lsc_craft_form_needs_dst_mac (LscCraftForm *f);
/* The address whose MAC the Ethernet destination needs (ip.dst), 0 for ARP. */
guint32 lsc_craft_form_get_dst_ip (LscCraftForm *f);

/* What a computed row left on auto holds in the frame as built ("20",
 * "0x1c2b", a MAC ...), as the decoder reads it; NULL when the row is not
 * computed, forced, or the frame cannot be built. */
char *lsc_craft_form_computed_text (LscCraftForm *f, const char *id);

/* NULL when every row is valid, else "Label: reason" of the first bad row. */
char *lsc_craft_form_check (LscCraftForm *f);
/* The frame, or NULL with the reason (an invalid row: "Label: reason"). */
GBytes *lsc_craft_form_build (LscCraftForm *f, GError **error);
/* The frame built with the sequence-like rows advanced by i (the i-th of a
 * series: icmp.seq + i), and what its answer must mirror. */
GBytes *lsc_craft_form_build_nth (LscCraftForm *f, guint i, LscCraftProbe *probe, GError **error);

/* A series whose i-th frame has the TTL set plus i (at most 255): TTL 1, 2,
 * 3 ... finds each router on the way, as traceroute does (IPv4 templates). */
void lsc_craft_form_set_ttl_series (LscCraftForm *f, gboolean series);
gboolean lsc_craft_form_get_ttl_series (LscCraftForm *f);

/* "--set ip.dst=198.18.0.2 --set ip.ttl=1 ..." for every row that differs
 * from the template's default (for the history and for messages). */
char *lsc_craft_form_describe (LscCraftForm *f);
LscCraftForm *lsc_craft_form_copy (LscCraftForm *f);

/* Every row's text under group (with the template, the payload's hex mode
 * and the TTL series), and a form made back from it: the history keeps what
 * was sent across runs this way. */
void lsc_craft_form_save (LscCraftForm *f, GKeyFile *kf, const char *group);
LscCraftForm *lsc_craft_form_load (GKeyFile *kf, const char *group, GError **error);

/* ---- the history of what was sent ---- */

/* The most entries the history keeps: the oldest go first. */
#define LSC_CRAFT_HISTORY_MAX 50

typedef struct {
  LscCraftForm *form;        /* every row as sent */
  char *iface;
  guint count;
  double interval;
  gint64 time;               /* when, in seconds since 1970 */
} LscCraftSent;

LscCraftSent *lsc_craft_sent_new (LscCraftForm *form, const char *iface, guint count, double interval);
void lsc_craft_sent_free (LscCraftSent *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LscCraftSent, lsc_craft_sent_free)

/* The file the history lives in: layerscope/craft-history under the user's data directory. */
char *lsc_craft_history_path (void);
/* Newest first; a missing file is an empty history, an entry that cannot be
 * read back is skipped.  Free with g_ptr_array_unref. */
GPtrArray *lsc_craft_history_load (const char *path);
/* Writes the first LSC_CRAFT_HISTORY_MAX entries (newest first), making the directory. */
gboolean lsc_craft_history_save (GPtrArray *sent, const char *path, GError **error);
/* Puts one send at the top of the file as it is now (another window may
 * have added to it since this one read it), keeping the bound. */
gboolean lsc_craft_history_append (const LscCraftSent *sent, const char *path, GError **error);

G_END_DECLS

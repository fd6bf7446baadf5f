/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-filter.h — the display filter language
 *
 * A small subset of Wireshark's display filters over our field ids, compiled
 * once into a tree of tests and evaluated against each decoded frame:
 *
 *   tcp                               field or protocol present
 *   ip.ttl == 64   ip.ttl != 64       also < > <= >= and eq ne lt gt le ge
 *   ip.addr == 198.18.0.0/24          IPv4 / IPv6 addresses, CIDR prefixes
 *   eth.src == 02:00:00:00:00:01      MAC addresses
 *   eth.type == 0x0806                integers: decimal, 0x hex, 0 octal
 *   dns.qry.name contains "example"   "quoted" or 'quoted' strings, \" \\ \xHH
 *   http.request.method matches "^(GET|HEAD)$"   regular expressions
 *   tcp.port in {80 443 8000..8080}   sets and ranges
 *   ip.src == ip.dst                  two fields of the same kind (not strings)
 *   not tcp and (arp or icmp)         not ! and && or || ( )  (not > and > or)
 *
 * A comparison is true when ANY occurrence of the field in the frame matches,
 * except != which (as in Wireshark 3.6 and later) needs ALL occurrences to
 * differ; ~= (any_ne) is the "any occurrence differs" form.  Every comparison
 * is false when the field is absent.  An empty filter matches every frame.
 *
 * Fields that are not in the registry but that Wireshark users expect
 * (ip.addr, tcp.port, …) resolve to the pair of fields they stand for.
 */
#pragma once

#include <glib.h>
#include "lsc-tree.h"

G_BEGIN_DECLS

#define LSC_FILTER_ERROR (lsc_filter_error_quark ())
GQuark lsc_filter_error_quark (void);

typedef enum {
  LSC_FILTER_ERROR_SYNTAX,         /* unexpected token, missing ')', bad string */
  LSC_FILTER_ERROR_UNKNOWN_FIELD,  /* a field id that is not in the registry */
  LSC_FILTER_ERROR_VALUE,          /* a value that does not fit the field's type */
  LSC_FILTER_ERROR_OPERATOR,       /* an operator the field's type does not support */
} LscFilterError;

typedef struct _LscFilter LscFilter;

/* Compile text.  On error returns NULL, sets error (a one-line message without
 * the position, e.g. "unexpected ')'") and, when error_column is not NULL,
 * the 1-based column (in characters) where the problem starts, so a caller
 * can print "… at column 12" or put the cursor there. */
LscFilter *lsc_filter_compile (const char *text, guint *error_column, GError **error);
void lsc_filter_free (LscFilter *f);
/* The display filter that matches a tree node's field and value ("ip.ttl == 64",
 * "http.host == \"example\"", "tcp" for a header), for "Apply as Filter";
 * NULL for a line with no field id of its own (a note, a heading). */
char *lsc_filter_text_for_node (const LscNode *n);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LscFilter, lsc_filter_free)

/* TRUE when the decoded frame in t passes the filter.  Allocates nothing
 * (except inside GRegex for 'matches'). */
gboolean lsc_filter_match (const LscFilter *f, const LscTree *t);

/* The filter's text as given, and its parse with full parentheses
 * ("(tcp or (udp and (ip.ttl == 64)))"), for showing and testing precedence. */
const char *lsc_filter_get_text (const LscFilter *f);
char *lsc_filter_to_string (const LscFilter *f);

/* ---- field ids, shared with -T fields ---- */

#define LSC_FIELD_SET_MAX 8

/* The registry fields one user-given id stands for: normally the one field
 * with that id; for aliases such as ip.addr, its source and destination. */
typedef struct {
  const LscField *fields[LSC_FIELD_SET_MAX];
  guint n;
} LscFieldSet;

/* FALSE when id names no field. */
gboolean lsc_field_set_resolve (LscFieldSet *set, const char *id);
/* The same, with an error (LSC_FILTER_ERROR_UNKNOWN_FIELD) that names the id
 * and the closest known one: "unknown field 'ip.tll' (did you mean 'ip.ttl'?)". */
gboolean lsc_field_set_lookup (LscFieldSet *set, const char *id, GError **error);
static inline gboolean
lsc_field_set_has (const LscFieldSet *set, const LscField *f)
{
  for (guint i = 0; i < set->n; i++)
    if (set->fields[i] == f)
      return TRUE;
  return FALSE;
}

/* The registered id closest to a mistyped one ("ip.ttl" for "ip.tll"), or
 * NULL when nothing is close.  Free with g_free(). */
char *lsc_fields_suggest (const char *id);

G_END_DECLS

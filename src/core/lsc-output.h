/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-output.h — machine-readable output of decoded frames: JSON, PDML/PSML and fields
 *
 * JSON: one object per frame with the summary columns and the tree grouped
 * under the layers of a model; every node has id, name, label, value (raw:
 * a number, true/false, a string or null), display, offset, length, flags and
 * children (the compact form leaves out label and display).  Strings are always valid JSON: control characters are escaped
 * and bytes that are not UTF-8 become U+FFFD.
 *
 * Fields: the values of chosen field ids, one line per frame, like
 * `tshark -T fields -e …`: several occurrences joined by the aggregator (','),
 * columns split by the separator (tab).  Control characters inside a value
 * are written as \t, \n, \r or \xHH so a line is always one frame.
 * tshark's column fields (_ws.col.Info, _ws.col.Protocol, ...) give the
 * summary line's columns.
 */
#pragma once

#include <glib.h>
#include "lsc-format.h"
#include "lsc-layers.h"
#include "lsc-tree.h"

G_BEGIN_DECLS

/* ---- JSON ---- */

/* Append s (len bytes, or up to NUL when len < 0) as a quoted JSON string. */
void lsc_output_json_string (GString *out, const char *s, gssize len);
/* Append the frame in t as one JSON object on one line (no newline). */
void lsc_output_json_packet (const LscTree *t, LscModel model, GString *out);

typedef enum {
  LSC_JSON_COMPACT = 0,
  /* Each node's label and display as well (-T json's default; without
   * them a node has id, name, value, offset, length, flags, children). */
  LSC_JSON_LABELS = 1 << 0,
} LscJsonFlags;

void lsc_output_json_packet_full (const LscTree *t, LscModel model, LscJsonFlags flags, GString *out);

/* tshark's -T ek (Elasticsearch bulk): per frame an index line
 * {"index":{"_index":"packets-YYYY-MM-DD","_type":"doc"}} and a document
 * line {"timestamp":"MS","layers":{PROTOCOL:{"PROTOCOL_FIELD":VALUE,...}}}:
 * every field under each top-level protocol, flat, keyed by the protocol id
 * and the field id with '_' for '.', valued by the text -T fields prints (a
 * string) or true/false; a field seen more than once has an array. */
void lsc_output_ek_packet (const LscTree *t, GString *out);
/* Append one node and its subtree as a JSON object. */
void lsc_output_json_node (const LscTree *t, gint32 idx, GString *out);

/* ---- PDML and PSML (tshark's -T pdml and -T psml) ---- */

/* PDML: the XML declaration and <pdml version="0" creator="layerscope/VERSION"
 * time="...">; per frame a <packet> with tshark's "geninfo" <proto>, then the
 * tree: a <proto> per protocol node and a <field> per other node, nested as
 * the tree is, with name (the field id), showname (the tree line), hide="yes"
 * for hidden nodes, size, pos, and for fields show (the -T fields value) and
 * value (the bytes the node covers, in hex; none for derived nodes).  All
 * text is escaped for XML: bytes that are not UTF-8 become U+FFFD, control
 * characters other than tab and line ends "\xHH".  One frame at a time:
 * begin, a packet per frame, end. */
/* capture_file: the file read (NULL: none, as for a live capture). */
void lsc_output_pdml_begin (GString *out, const char *capture_file);
void lsc_output_pdml_packet (const LscTree *t, GString *out);
void lsc_output_pdml_end (GString *out);

/* PSML: <psml version="0" creator=...>, a <structure> naming the summary
 * columns (No., Time, Source, Destination, Protocol, Length, Info) and per
 * frame a <packet> with a <section> per column.  time_text is the Time
 * column as the summary line shows it (-t). */
void lsc_output_psml_begin (GString *out);
void lsc_output_psml_packet (const LscTree *t, const char *time_text, GString *out);
void lsc_output_psml_end (GString *out);

/* Append len bytes of s escaped for XML text or a quoted attribute. */
void lsc_output_xml_chars (GString *out, const char *s, gsize len);

/* ---- fields ---- */

typedef enum {
  LSC_OCCURRENCE_ALL,
  LSC_OCCURRENCE_FIRST,
  LSC_OCCURRENCE_LAST,
} LscOccurrence;

typedef struct _LscFieldsOutput LscFieldsOutput;

/* ids: the -e list.  Fails (LSC_FILTER_ERROR_UNKNOWN_FIELD, naming the field
 * and the closest known id) when one is unknown. */
LscFieldsOutput *lsc_fields_output_new (const char *const *ids, guint n_ids, GError **error);
void lsc_fields_output_free (LscFieldsOutput *o);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LscFieldsOutput, lsc_fields_output_free)

/* One tshark -E option: header=y|n, separator=/t|/s|C, aggregator=,|/s|C,
 * quote=d|s|n, occurrence=f|l|a.  FALSE with a one-line error otherwise. */
gboolean lsc_fields_output_set_option (LscFieldsOutput *o, const char *option, GError **error);
gboolean lsc_fields_output_get_header (const LscFieldsOutput *o);
/* How _ws.col.Time reads (-t); relative by default. */
void lsc_fields_output_set_time_format (LscFieldsOutput *o, LscTimeFormat fmt);

/* The header line (the ids) and one line per frame, each ending in '\n'.
 * A row reuses scratch space inside o: one thread per LscFieldsOutput. */
void lsc_fields_output_header (const LscFieldsOutput *o, GString *out);
void lsc_fields_output_row (const LscFieldsOutput *o, const LscTree *t, GString *out);

G_END_DECLS

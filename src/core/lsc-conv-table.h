/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-conv-table.h — the conversation tables' columns and cells
 *
 * One place for what `layerscope-cli --conversations` prints and the app's
 * Conversations tabs show: the columns of each kind of conversation and the
 * text of every cell, with a number to sort each column by.
 */
#pragma once

#include <glib.h>
#include "lsc-conv.h"

G_BEGIN_DECLS

typedef struct {
  const char *heading;   /* untranslated; show _(heading) */
  gboolean numeric;      /* right-aligned, sorted by its key */
} LscConvColumn;

#define LSC_CONV_TABLE_MAX_COLUMNS 10

/* The columns of a kind's table; returns how many. */
guint lsc_conv_table_columns (LscConvKind kind, const LscConvColumn **columns);
/* The cells of conversation ci (as many as its kind has columns; free with
 * g_strfreev), times relative to first_ns (the capture's first packet).
 * keys, when not NULL, gets each column's sort key (the number it shows, or
 * for an endpoint its address and port in order). */
GStrv lsc_conv_table_cells (const LscConvInfo *ci, gint64 first_ns, double keys[LSC_CONV_TABLE_MAX_COLUMNS]);

G_END_DECLS

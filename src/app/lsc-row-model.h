/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-row-model.h — the packet list's rows: the store through a display
 * filter and a sort order
 *
 * The rows are an array of store indices, four bytes a row, so a million
 * packets filtered and sorted cost 4 MB and no row objects: an LscPacketRow
 * is made only when a view asks for one.  Filtering and the sort keys work
 * through the packets in slices of a few milliseconds on the main loop (the
 * store is a one-thread object), matches showing as they are found; only the
 * sort itself, which touches nothing but its own arrays, runs on a thread.
 */
#pragma once

#include <gio/gio.h>
#include "core/lsc-store.h"
#include "core/lsc-filter.h"

G_BEGIN_DECLS

/* The columns rows can be sorted by (the packet list's columns). */
typedef enum {
  LSC_ROW_COL_NO,
  LSC_ROW_COL_TIME,
  LSC_ROW_COL_SRC,
  LSC_ROW_COL_DST,
  LSC_ROW_COL_PROTO,
  LSC_ROW_COL_LEN,
  LSC_ROW_COL_CLIENT,
  LSC_ROW_COL_SERVER,
  LSC_ROW_COL_INFO,
  LSC_ROW_N_COLS,
  LSC_ROW_COL_NONE = -1,  /* capture order */
} LscRowColumn;

#define LSC_TYPE_ROW_MODEL (lsc_row_model_get_type ())
G_DECLARE_FINAL_TYPE (LscRowModel, lsc_row_model, LSC, ROW_MODEL, GObject)

LscRowModel *lsc_row_model_new (void);
void lsc_row_model_set_store (LscRowModel *self, LscStore *store);
/* Show only the packets filter matches (NULL: all); takes filter. */
void lsc_row_model_set_filter (LscRowModel *self, LscFilter *filter);
gboolean lsc_row_model_has_filter (LscRowModel *self);
/* Sort by col (LSC_ROW_COL_NONE: capture order), ties in capture order. */
void lsc_row_model_set_sort (LscRowModel *self, LscRowColumn col, gboolean descending);
LscRowColumn lsc_row_model_get_sort (LscRowModel *self, gboolean *descending);
/* TRUE while the filter is still working through the packets. */
gboolean lsc_row_model_is_filtering (LscRowModel *self);
/* TRUE while a sort order is being worked out (the rows keep their old
 * order until it is done). */
gboolean lsc_row_model_is_sorting (LscRowModel *self);
/* How far the filter or sort is, 0 to 1. */
double lsc_row_model_get_progress (LscRowModel *self);
/* The position of store index i among the rows, G_MAXUINT when not shown. */
guint lsc_row_model_find (LscRowModel *self, guint i);
/* The store index of the row at position pos, G_MAXUINT past the end. */
guint lsc_row_model_get_index (LscRowModel *self, guint pos);
/* The store indices of the rows shown, in capture order (guint). */
GArray *lsc_row_model_dup_indices (LscRowModel *self);
/* Natural order of two texts: digit runs compare as numbers
 * ("198.18.0.9" before "198.18.0.10"). */
int lsc_row_model_compare_text (const char *a, const char *b);

G_END_DECLS

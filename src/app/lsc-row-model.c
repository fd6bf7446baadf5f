/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-row-model.c — filtered and sorted packet rows as an array of store indices */
#include "lsc-row-model.h"
#include "core/lsc-conv.h"

#include <string.h>

/* How long one slice of filtering or key making may hold the main loop: a
 * frame (16 ms at 60 Hz) still fits around it. */
#define SLICE_US 4000
/* More rows than this arriving at once into a sorted list are sorted with the
 * rest rather than put in place one by one (each costs ~20 decodes). */
#define INSERT_MAX 64
/* While the list is filling its first screens, matches are told to the view
 * this many at a time, one telling per turn of the main loop: GTK's list
 * makes the widgets of up to 200 rows at once, which for the first rows of a
 * filter cost one long frame; a few rows a frame keep the frames short. */
#define FILL_STEP 48
#define FILL_ROWS 256
/* A pass over every packet (filter, sort keys) hands the capture file's pages
 * back behind itself every this many packets (about 3 MB of a typical file),
 * so the whole file does not stay resident. */
#define DROP_EVERY 8192

typedef struct {
  guint64 num;
  const char *str;
  guint32 idx;
} Key;

typedef struct {
  LscRowModel *self;   /* a reference */
  LscRowColumn col;
  guint generation;
  Key *keys;
  guint n, done;
  GStringChunk *chunk;
  gboolean sorting;    /* the keys are made: the thread sorts them */
  guint drop_lo;       /* the first packet of the pages last handed back (G_MAXUINT: none) */
} SortJob;

struct _LscRowModel {
  GObject parent_instance;

  LscStore *store;
  GArray *rows;           /* guint32 store indices, in rows_col order up to n_sorted */
  GArray *member;         /* guint32 words, a bit per store index in rows: a hidden
                           * packet is known absent without a scan */
  guint scan;             /* store rows looked at so far */
  guint dropped;          /* the file's pages of store rows before this are handed back */
  guint drop_lo;          /* from where they were last handed back (G_MAXUINT: none) */
  LscFilter *filter;
  LscTree *tree;
  LscRowColumn sort_col;  /* what the user asked for */
  gboolean desc;
  LscRowColumn rows_col;  /* what rows[0..n_sorted) are ordered by (NO: capture order) */
  guint n_sorted;
  guint idle_id;
  SortJob *job;
  guint generation;       /* bumped whenever a running job's result would be stale */
  gboolean hidden;        /* between the two halves of replace_all() */
  guint unannounced;      /* matches at the end of rows not yet told to the view */
  gint64 announced_at;
  guint replace_id;       /* the second half, still to come */
};

static void lsc_row_model_list_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LscRowModel, lsc_row_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, lsc_row_model_list_init))

enum { SIG_PROGRESS, SIG_REORDERING, N_SIGNALS };
static guint signals[N_SIGNALS];

static void schedule (LscRowModel *self);

/* ---- keys ---- */

static gboolean
col_is_text (LscRowColumn col)
{
  return col == LSC_ROW_COL_SRC || col == LSC_ROW_COL_DST || col == LSC_ROW_COL_PROTO || col == LSC_ROW_COL_INFO;
}

int
lsc_row_model_compare_text (const char *a, const char *b)
{
  while (*a && *b)
    {
      if (g_ascii_isdigit (*a) && g_ascii_isdigit (*b))
        {
          while (*a == '0' && g_ascii_isdigit (a[1]))
            a++;
          while (*b == '0' && g_ascii_isdigit (b[1]))
            b++;
          gsize la = 0, lb = 0;
          while (g_ascii_isdigit (a[la]))
            la++;
          while (g_ascii_isdigit (b[lb]))
            lb++;
          if (la != lb)
            return la < lb ? -1 : 1;
          int c = memcmp (a, b, la);
          if (c)
            return c;
          a += la;
          b += lb;
          continue;
        }
      if (*a != *b)
        return (guchar) *a < (guchar) *b ? -1 : 1;
      a++;
      b++;
    }
  return *a ? 1 : *b ? -1 : 0;
}

static int
key_compare (const Key *a, const Key *b, LscRowColumn col)
{
  if (col_is_text (col))
    {
      int c = lsc_row_model_compare_text (a->str, b->str);
      if (c)
        return c;
    }
  else if (a->num != b->num)
    return a->num < b->num ? -1 : 1;
  return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static int
key_compare_cb (gconstpointer a, gconstpointer b, gpointer col)
{
  return key_compare (a, b, GPOINTER_TO_INT (col));
}

/* The key of store row idx for col.  A text key is copied into chunk, or
 * points into *hold (a row the caller unrefs) when chunk is NULL. */
static void
key_make (LscStore *store, LscRowColumn col, guint idx, Key *out, GStringChunk *chunk, LscPacketRow **hold)
{
  out->idx = idx;
  out->num = 0;
  out->str = "";
  if (col == LSC_ROW_COL_NO || col == LSC_ROW_COL_NONE)
    {
      out->num = idx;
      return;
    }
  LscPacket p;
  if (col == LSC_ROW_COL_TIME || col == LSC_ROW_COL_LEN)
    {
      if (lsc_store_get_packet (store, idx, &p))
        out->num = col == LSC_ROW_COL_LEN ? p.wirelen : (guint64) p.ts_ns ^ G_GUINT64_CONSTANT (0x8000000000000000);
      return;
    }
  LscPacketRow *row = g_list_model_get_item (G_LIST_MODEL (store), idx);
  if (!row)
    return;
  const char *s = NULL;
  switch (col)
    {
    case LSC_ROW_COL_SRC: s = lsc_packet_row_get_source (row); break;
    case LSC_ROW_COL_DST: s = lsc_packet_row_get_destination (row); break;
    case LSC_ROW_COL_PROTO: s = lsc_packet_row_get_protocol (row); break;
    case LSC_ROW_COL_INFO: s = lsc_packet_row_get_info (row); break;
    default:
      {
        /* States in the order a connection goes through them; no state first. */
        guint sa = 0, sb = 0;
        if (lsc_packet_row_get_conversation (row, NULL, NULL, &sa, &sb, NULL))
          out->num = (col == LSC_ROW_COL_CLIENT ? sa : sb) + 1;
      }
      break;
    }
  if (s)
    out->str = chunk ? g_string_chunk_insert_const (chunk, s) : s;
  if (chunk || !hold)
    g_object_unref (row);
  else
    *hold = row;
}

/* ---- positions ---- */

static void
mark (LscRowModel *self, const guint32 *idx, guint n)
{
  for (guint k = 0; k < n; k++)
    {
      guint w = idx[k] / 32;
      if (w >= self->member->len)
        g_array_set_size (self->member, MAX (w + 1, self->member->len * 2));  /* zeroed */
      g_array_index (self->member, guint32, w) |= 1u << (idx[k] % 32);
    }
}

static gboolean
is_member (LscRowModel *self, guint i)
{
  guint w = i / 32;
  return w < self->member->len && (g_array_index (self->member, guint32, w) >> (i % 32)) & 1;
}

static guint
n_rows (LscRowModel *self)
{
  return self->hidden ? 0 : self->rows->len - self->unannounced;
}

static guint
display_pos (LscRowModel *self, guint base)
{
  return self->desc ? n_rows (self) - 1 - base : base;
}

static guint
row_at (LscRowModel *self, guint base)
{
  return g_array_index (self->rows, guint32, base);
}

guint
lsc_row_model_get_index (LscRowModel *self, guint pos)
{
  g_return_val_if_fail (LSC_IS_ROW_MODEL (self), G_MAXUINT);
  if (pos >= n_rows (self))
    return G_MAXUINT;
  return row_at (self, display_pos (self, pos));
}

guint
lsc_row_model_find (LscRowModel *self, guint i)
{
  g_return_val_if_fail (LSC_IS_ROW_MODEL (self), G_MAXUINT);
  guint n = n_rows (self);
  const guint32 *r = (const guint32 *) (gpointer) self->rows->data;
  if (!is_member (self, i))
    return G_MAXUINT;
  if (self->rows_col == LSC_ROW_COL_NO && self->n_sorted >= n)
    {
      /* Capture order: a binary search. */
      guint lo = 0, hi = n;
      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;
          if (r[mid] == i)
            return display_pos (self, mid);
          if (r[mid] < i)
            lo = mid + 1;
          else
            hi = mid;
        }
      return G_MAXUINT;
    }
  /* Sorted by something else: a scan of 4-byte entries, about a millisecond
   * for a million rows — cheaper than keeping an inverse that every
   * insertion would shift. */
  for (guint k = 0; k < n; k++)
    if (r[k] == i)
      return display_pos (self, k);
  return G_MAXUINT;
}

/* Every row replaced (another order, or told to redraw): told as "all
 * removed" then "all added".  One items-changed doing both makes GTK's list
 * look for each row it showed among all the added ones (a second for a
 * million rows); two cost a tenth of that. */
static gboolean
replace_finish_cb (gpointer data)
{
  LscRowModel *self = data;
  self->replace_id = 0;
  self->hidden = FALSE;
  self->unannounced = 0;
  if (n_rows (self))
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, n_rows (self));
  g_signal_emit (self, signals[SIG_PROGRESS], 0);
  return G_SOURCE_REMOVE;
}

static void
replace_all (LscRowModel *self, guint old, gboolean may_defer)
{
  if (self->replace_id)
    return;  /* the rows are out of the view: they all come back at once */
  if (old)
    {
      self->hidden = TRUE;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old, 0);
    }
  /* For a big list the view takes its rows back on the next turn of the
   * main loop, before the frame is drawn (so no empty list shows), with
   * input and timers served in between: each half is one stall, not both. */
  if (may_defer && old + self->rows->len > 100000)
    {
      self->hidden = TRUE;
      self->replace_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, replace_finish_cb, self, NULL);
      return;
    }
  replace_finish_cb (self);
}

static int
compare_index (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;
  return x < y ? -1 : x > y;
}

GArray *
lsc_row_model_dup_indices (LscRowModel *self)
{
  g_return_val_if_fail (LSC_IS_ROW_MODEL (self), NULL);
  guint n = n_rows (self);
  GArray *out = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);
  g_array_append_vals (out, self->rows->data, n);  /* guint32 is guint here */
  if (!(self->rows_col == LSC_ROW_COL_NO && self->n_sorted >= n))
    g_array_sort (out, compare_index);
  return out;
}

/* ---- GListModel ---- */

static GType
get_item_type (GListModel *model)
{
  return LSC_TYPE_PACKET_ROW;
}

static guint
get_n_items (GListModel *model)
{
  return n_rows (LSC_ROW_MODEL (model));
}

static gpointer
get_item (GListModel *model, guint pos)
{
  LscRowModel *self = LSC_ROW_MODEL (model);
  guint i = lsc_row_model_get_index (self, pos);
  if (i == G_MAXUINT || !self->store)
    return NULL;
  return g_list_model_get_item (G_LIST_MODEL (self->store), i);
}

static void
lsc_row_model_list_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* ---- adding rows ---- */

/* The column rows are to be ordered by: capture order is order by No. */
static LscRowColumn
want_col (LscRowModel *self)
{
  return self->sort_col == LSC_ROW_COL_NONE ? LSC_ROW_COL_NO : self->sort_col;
}

/* Put store row idx in its place in a fully sorted array (binary search,
 * making the keys it passes on the way). */
static void
insert_sorted (LscRowModel *self, guint idx, gboolean tell)
{
  LscRowColumn col = self->rows_col;
  LscPacketRow *hold_new = NULL;
  Key k;
  key_make (self->store, col, idx, &k, NULL, &hold_new);
  guint lo = 0, hi = self->rows->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      LscPacketRow *hold = NULL;
      Key m;
      key_make (self->store, col, row_at (self, mid), &m, NULL, &hold);
      int c = key_compare (&m, &k, col);
      g_clear_object (&hold);
      if (c < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  g_clear_object (&hold_new);
  guint32 v = idx;
  g_array_insert_val (self->rows, lo, v);
  mark (self, &v, 1);
  self->n_sorted++;
  if (tell)
    g_list_model_items_changed (G_LIST_MODEL (self), display_pos (self, lo), 0, 1);
}

/* Tell the view about the matches add_rows() held back (with some, only the
 * next FILL_STEP of them while the list is filling its first screens). */
static void
announce_rows (LscRowModel *self, gboolean some)
{
  guint n = self->unannounced;
  if (!n || self->hidden)
    return;
  if (some && n_rows (self) < FILL_ROWS)
    n = MIN (n, FILL_STEP);
  guint old = n_rows (self);
  self->unannounced -= n;
  self->announced_at = g_get_monotonic_time ();
  g_list_model_items_changed (G_LIST_MODEL (self), self->desc ? 0 : old, 0, n);
}

static void
announce (LscRowModel *self)
{
  announce_rows (self, FALSE);
}

/* Rows that just passed the filter, in capture order.  With defer, rows
 * appended at the end are told to the view a few times a second rather than
 * every slice: each telling costs the list a layout of its rows. */
static void
add_rows (LscRowModel *self, const guint32 *idx, guint n, gboolean defer)
{
  if (!n)
    {
      /* Rows held back while the list fills still go a step a turn. */
      if (defer && n_rows (self) < FILL_ROWS)
        announce_rows (self, TRUE);
      return;
    }
  gboolean in_order = self->n_sorted == self->rows->len && !self->job && self->rows_col == want_col (self);
  if (in_order && self->rows_col != LSC_ROW_COL_NO && n <= INSERT_MAX)
    {
      announce (self);
      for (guint k = 0; k < n; k++)
        insert_sorted (self, idx[k], !self->hidden);
      return;
    }
  g_array_append_vals (self->rows, idx, n);
  mark (self, idx, n);
  /* In capture order, rows found later come later: still in order. */
  if (in_order && self->rows_col == LSC_ROW_COL_NO)
    self->n_sorted = self->rows->len;
  /* Out of the view for a moment (replace_all): they come back with the rest. */
  if (self->hidden)
    return;
  self->unannounced += n;
  /* The first screens a few rows a turn; later rows every 200 ms. */
  if (!defer)
    announce (self);
  else if (n_rows (self) < FILL_ROWS || g_get_monotonic_time () - self->announced_at >= 200000)
    announce_rows (self, TRUE);
}

/* Hand back the capture file's pages of store rows [lo, hi), just read in
 * capture order, from where the previous drop began (*prev_lo, G_MAXUINT
 * for none): reading maps the pages around the one it needs (the kernel's
 * fault-around), some of them behind what was handed back before. */
static void
drop_behind (LscStore *store, guint *prev_lo, guint lo, guint hi)
{
  lsc_store_drop_backing (store, MIN (*prev_lo, lo), hi);
  *prev_lo = lo;
}

/* ---- the sort job ---- */

static void
job_free (SortJob *job)
{
  if (!job)
    return;
  g_free (job->keys);
  if (job->chunk)
    g_string_chunk_free (job->chunk);
  g_object_unref (job->self);
  g_free (job);
}

static void
sort_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancel)
{
  SortJob *job = data;
  g_qsort_with_data (job->keys, (gint) job->n, sizeof (Key), key_compare_cb, GINT_TO_POINTER (job->col));
  g_task_return_boolean (task, TRUE);
}

static void
sort_done_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  SortJob *job = g_task_get_task_data (G_TASK (res));
  LscRowModel *self = job->self;
  if (self->job != job || job->generation != self->generation)
    return;  /* freed with the task */
  self->job = NULL;
  /* Rows that arrived meanwhile are after job->n. */
  g_signal_emit (self, signals[SIG_REORDERING], 0);
  guint shown = n_rows (self);
  self->unannounced = 0;  /* all told again below */
  guint32 *r = (guint32 *) (gpointer) self->rows->data;
  for (guint k = 0; k < job->n; k++)
    r[k] = job->keys[k].idx;
  self->rows_col = job->col;
  self->n_sorted = job->n;
  guint n = self->rows->len;
  if (n - job->n <= INSERT_MAX)
    {
      g_autofree guint32 *tail = g_memdup2 (r + job->n, (n - job->n) * sizeof (guint32));
      guint nt = n - job->n;
      g_array_set_size (self->rows, job->n);
      for (guint k = 0; k < nt; k++)
        insert_sorted (self, tail[k], FALSE);
    }
  replace_all (self, shown, TRUE);
  g_signal_emit (self, signals[SIG_PROGRESS], 0);
  schedule (self);
}

static void
job_start (LscRowModel *self)
{
  SortJob *job = g_new0 (SortJob, 1);
  job->self = g_object_ref (self);
  job->col = want_col (self);
  job->generation = self->generation;
  job->n = self->rows->len;
  job->keys = g_new (Key, MAX (job->n, 1));
  job->drop_lo = G_MAXUINT;
  if (col_is_text (job->col))
    job->chunk = g_string_chunk_new (1 << 20);
  self->job = job;
}

/* Make keys for a slice's worth of rows; then hand the sort to a thread. */
static void
job_step (LscRowModel *self, gint64 until)
{
  SortJob *job = self->job;
  /* Keys that decode the packet read the file: in capture order (the usual
   * case) front to back, so its pages are handed back behind the keys. */
  gboolean reads = job->col != LSC_ROW_COL_NO && job->col != LSC_ROW_COL_TIME && job->col != LSC_ROW_COL_LEN;
  guint lo = G_MAXUINT, hi = 0;
  gboolean in_order = TRUE;
  while (job->done < job->n)
    {
      for (guint k = 0; k < 256 && job->done < job->n; k++, job->done++)
        {
          guint idx = row_at (self, job->done);
          key_make (self->store, job->col, idx, &job->keys[job->done], job->chunk, NULL);
          in_order = in_order && (lo == G_MAXUINT || idx > hi);
          lo = MIN (lo, idx);
          hi = MAX (hi, idx);
        }
      if (g_get_monotonic_time () >= until)
        break;
    }
  if (reads && in_order && lo <= hi)
    drop_behind (self->store, &job->drop_lo, lo, hi + 1);
  if (job->done < job->n)
    return;
  job->sorting = TRUE;
  GTask *task = g_task_new (NULL, NULL, sort_done_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, sort_thread);
  g_object_unref (task);
}

static void
drop_job (LscRowModel *self)
{
  self->generation++;
  /* A job with its thread running is freed with its task. */
  if (self->job && !self->job->sorting)
    job_free (self->job);
  self->job = NULL;
}

/* ---- the work loop ---- */

static guint
store_n (LscRowModel *self)
{
  return self->store ? g_list_model_get_n_items (G_LIST_MODEL (self->store)) : 0;
}

/* Without a filter everything passes: no decoding, one batch. */
static void
take_all (LscRowModel *self)
{
  guint n = store_n (self), from = self->scan;
  if (from >= n)
    return;
  g_autofree guint32 *idx = g_new (guint32, n - from);
  for (guint k = 0; k < n - from; k++)
    idx[k] = from + k;
  self->scan = n;
  add_rows (self, idx, n - from, FALSE);
}

static gboolean
work_cb (gpointer data)
{
  LscRowModel *self = data;
  gint64 until = g_get_monotonic_time () + SLICE_US;
  guint n = store_n (self);
  if (self->scan >= n && self->unannounced && !self->hidden)
    {
      /* Every packet looked at, the first screens still filling. */
      announce_rows (self, TRUE);
      g_signal_emit (self, signals[SIG_PROGRESS], 0);
      if (self->unannounced)
        return G_SOURCE_CONTINUE;
    }
  if (self->scan < n)
    {
      if (!self->filter)
        take_all (self);
      else
        {
          g_autoptr (GArray) found = g_array_new (FALSE, FALSE, sizeof (guint32));
          while (self->scan < n)
            {
              for (guint k = 0; k < 128 && self->scan < n; k++, self->scan++)
                if (lsc_store_dissect (self->store, self->scan, self->tree) && lsc_filter_match (self->filter, self->tree))
                  g_array_append_val (found, self->scan);
              if (g_get_monotonic_time () >= until)
                break;
            }
          add_rows (self, (guint32 *) (gpointer) found->data, found->len, TRUE);
          if (self->scan >= n || self->scan - self->dropped >= DROP_EVERY)
            {
              drop_behind (self->store, &self->drop_lo, self->dropped, self->scan);
              self->dropped = self->scan;
            }
          if (self->scan >= n)
            announce_rows (self, TRUE);
        }
      g_signal_emit (self, signals[SIG_PROGRESS], 0);
      if (self->scan < n || (self->unannounced && !self->hidden))
        return G_SOURCE_CONTINUE;
    }
  /* Every packet looked at: the order. */
  if (!self->job && (self->n_sorted < self->rows->len || self->rows_col != want_col (self)))
    {
      if (self->rows_col != want_col (self))
        self->n_sorted = 0;
      job_start (self);
    }
  if (self->job && !self->job->sorting)
    {
      job_step (self, until);
      g_signal_emit (self, signals[SIG_PROGRESS], 0);
      if (!self->job->sorting)
        return G_SOURCE_CONTINUE;
    }
  self->idle_id = 0;
  return G_SOURCE_REMOVE;
}

static void
schedule (LscRowModel *self)
{
  if (!self->idle_id && self->store)
    self->idle_id = g_idle_add (work_cb, self);
}

/* Start over: every row goes, the filter looks at every packet again. */
static void
restart (LscRowModel *self)
{
  drop_job (self);
  guint old = n_rows (self);
  g_clear_handle_id (&self->replace_id, g_source_remove);
  self->hidden = FALSE;
  self->unannounced = 0;
  self->announced_at = 0;
  g_array_set_size (self->rows, 0);
  g_array_set_size (self->member, 0);
  self->scan = 0;
  self->dropped = 0;
  self->drop_lo = G_MAXUINT;
  self->n_sorted = 0;
  self->rows_col = LSC_ROW_COL_NO;
  /* Without a filter every row is back at once: no empty list in between. */
  if (!self->filter)
    {
      /* The view still has the old rows: the new ones replace them in one go. */
      self->hidden = TRUE;
      take_all (self);
      replace_all (self, old, TRUE);
    }
  else if (old)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, 0);
  schedule (self);
  g_signal_emit (self, signals[SIG_PROGRESS], 0);
}

static void
store_changed_cb (GListModel *store, guint pos, guint removed, guint added, LscRowModel *self)
{
  if (removed == 0 && pos >= self->scan)
    {
      /* Appended: shown at once without a filter, else the filter takes
       * them on its next slice. */
      if (!self->filter)
        take_all (self);
      schedule (self);
      return;
    }
  if (added == 0 || self->filter)
    {
      restart (self);
      return;
    }
  /* Every row told to redraw (new analysis facts): the same rows, but an
   * order by what the analysis adds is worked out again. */
  LscRowColumn c = want_col (self);
  if (c == LSC_ROW_COL_CLIENT || c == LSC_ROW_COL_SERVER || c == LSC_ROW_COL_INFO)
    {
      drop_job (self);
      self->n_sorted = 0;
      self->rows_col = LSC_ROW_COL_NONE;
      schedule (self);
    }
  /* Not a reorder: the rows' content changed, so the selection lets go and
   * whoever selected is told (the window selects the packet again, and the
   * line in its tree: both need the rows back at once).  A list of ordinary
   * size is told in one items-changed, which keeps the view where it was
   * scrolled; a big one in two, which costs a tenth (see replace_all()). */
  guint shown = n_rows (self);
  if (shown <= 100000)
    {
      self->unannounced = 0;
      if (self->rows->len)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, shown, self->rows->len);
    }
  else
    replace_all (self, shown, FALSE);
}

/* ---- API ---- */

void
lsc_row_model_set_store (LscRowModel *self, LscStore *store)
{
  g_return_if_fail (LSC_IS_ROW_MODEL (self));
  if (self->store)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  g_set_object (&self->store, store);
  if (store)
    g_signal_connect (store, "items-changed", G_CALLBACK (store_changed_cb), self);
  restart (self);
}

void
lsc_row_model_set_filter (LscRowModel *self, LscFilter *filter)
{
  g_return_if_fail (LSC_IS_ROW_MODEL (self));
  g_clear_pointer (&self->filter, lsc_filter_free);
  self->filter = filter;
  restart (self);
}

gboolean
lsc_row_model_has_filter (LscRowModel *self)
{
  return self->filter != NULL;
}

void
lsc_row_model_set_sort (LscRowModel *self, LscRowColumn col, gboolean descending)
{
  g_return_if_fail (LSC_IS_ROW_MODEL (self));
  if (col == self->sort_col && descending == self->desc)
    return;
  LscRowColumn before = want_col (self);
  self->sort_col = col;
  if (descending != self->desc)
    {
      /* The same order read backwards: no work, one reorder. */
      g_signal_emit (self, signals[SIG_REORDERING], 0);
      self->desc = descending;
      replace_all (self, n_rows (self), TRUE);
    }
  if (want_col (self) != before)
    {
      drop_job (self);
      schedule (self);
    }
  g_signal_emit (self, signals[SIG_PROGRESS], 0);
}

LscRowColumn
lsc_row_model_get_sort (LscRowModel *self, gboolean *descending)
{
  if (descending)
    *descending = self->desc;
  return self->sort_col;
}

gboolean
lsc_row_model_is_filtering (LscRowModel *self)
{
  return self->filter && (self->scan < store_n (self) || self->unannounced);
}

gboolean
lsc_row_model_is_sorting (LscRowModel *self)
{
  return self->job != NULL || self->replace_id || (self->store && self->rows_col != want_col (self));
}

double
lsc_row_model_get_progress (LscRowModel *self)
{
  if (lsc_row_model_is_filtering (self))
    return (double) self->scan / MAX (store_n (self), 1u);
  if (self->job)
    return self->job->sorting ? 0.95 : 0.9 * self->job->done / MAX (self->job->n, 1u);
  return 1.0;
}

LscRowModel *
lsc_row_model_new (void)
{
  return g_object_new (LSC_TYPE_ROW_MODEL, NULL);
}

static void
lsc_row_model_dispose (GObject *object)
{
  LscRowModel *self = LSC_ROW_MODEL (object);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_handle_id (&self->replace_id, g_source_remove);
  drop_job (self);
  if (self->store)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (lsc_row_model_parent_class)->dispose (object);
}

static void
lsc_row_model_finalize (GObject *object)
{
  LscRowModel *self = LSC_ROW_MODEL (object);
  g_array_unref (self->rows);
  g_array_unref (self->member);
  g_clear_pointer (&self->filter, lsc_filter_free);
  g_clear_pointer (&self->tree, lsc_tree_free);
  G_OBJECT_CLASS (lsc_row_model_parent_class)->finalize (object);
}

static void
lsc_row_model_class_init (LscRowModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->dispose = lsc_row_model_dispose;
  object_class->finalize = lsc_row_model_finalize;
  /* The filter or sort moved on (or finished): is_filtering, is_sorting and
   * get_progress tell where it is. */
  signals[SIG_PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                        NULL, G_TYPE_NONE, 0);
  /* Emitted just before an items-changed that puts the same rows in another
   * order, so a view can keep its selection across it. */
  signals[SIG_REORDERING] = g_signal_new ("reordering", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                          NULL, NULL, G_TYPE_NONE, 0);
}

static void
lsc_row_model_init (LscRowModel *self)
{
  self->rows = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->member = g_array_new (FALSE, TRUE, sizeof (guint32));
  self->tree = lsc_tree_new ();
  self->sort_col = LSC_ROW_COL_NONE;
  self->rows_col = LSC_ROW_COL_NO;
}

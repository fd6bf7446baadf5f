/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-sort.c — sorting the packet list by its columns (run under Xvfb)
 *
 * The classroom capture (ARP, ping, DNS, a whole TCP connection with HTTP,
 * IPv6) is sorted through the column view's own sort state, as a click on a
 * header sets it; every column must order the rows by what it shows, both
 * ways, and selecting, stepping and the flow panel's arrows must still reach
 * the packet they name.  The row model is also driven alone, with packets
 * appended to a sorted and filtered list as a live capture does.
 */
#include "lsc-application.h"
#include "lsc-window.h"
#include "lsc-gui-test.h"
#include "lsc-row-model.h"
#include "core/lsc-conv.h"
#include "core/lsc-i18n.h"
#include "capture/lsc-capture-file.h"

#include <glib/gstdio.h>

static LscApplication *app;
static LscWindow *win;

static LscPacketList *
list (void)
{
  return lsc_window_get_packet_list (win);
}

static gboolean
settled (void)
{
  return lsc_gui_window_settled (win) && !lsc_packet_list_is_sorting (list ()) && !lsc_packet_list_is_filtering (list ());
}

static gboolean
list_idle (void)
{
  return !lsc_packet_list_is_sorting (list ()) && !lsc_packet_list_is_filtering (list ());
}

static void
open_classroom (void)
{
  const char *root = g_getenv ("LSC_SOURCE_ROOT");
  g_assert_nonnull (root);
  g_autofree char *path = g_build_filename (root, "data", "captures", "classroom.pcapng", NULL);
  g_autoptr (GFile) f = g_file_new_for_path (path);
  lsc_window_open_file (win, f);
  lsc_gui_wait_for (settled, "the classroom capture", 20);
}

/* What column col shows for row r, as a sortable value: a number in *num,
 * or a text. */
static const char *
cell (LscPacketRow *r, int col, guint64 *num)
{
  guint sa = 0, sb = 0;
  *num = 0;
  switch (col)
    {
    case 0: *num = lsc_packet_row_get_number (r); return NULL;
    case 1: *num = (guint64) (lsc_packet_row_get_time (r) * 1e6 + 0.5); return NULL;
    case 2: return lsc_packet_row_get_source (r);
    case 3: return lsc_packet_row_get_destination (r);
    case 4: return lsc_packet_row_get_protocol (r);
    case 5: *num = lsc_packet_row_get_length (r); return NULL;
    case 6:
    case 7:
      if (lsc_packet_row_get_conversation (r, NULL, NULL, &sa, &sb, NULL))
        *num = (col == 6 ? sa : sb) + 1;
      return NULL;
    default: return lsc_packet_row_get_info (r);
    }
}

static int
compare_cells (LscPacketRow *a, LscPacketRow *b, int col)
{
  guint64 na, nb;
  const char *ta = cell (a, col, &na), *tb = cell (b, col, &nb);
  if (ta)
    return lsc_row_model_compare_text (ta, tb);
  return na < nb ? -1 : na > nb;
}

/* The column view's column for list column col (the state columns shown). */
static GtkColumnViewColumn *
view_column (int col)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (lsc_packet_list_get_column_view (list ()));
  GListModel *cols = gtk_column_view_get_columns (view);
  /* No., Time, Source, Destination, Protocol, Length, Client, Server, Info. */
  g_assert_cmpuint (g_list_model_get_n_items (cols), ==, 9);
  return g_list_model_get_item (cols, (guint) col);
}

/* Sort as a header click does: through the column view's sort state. */
static void
click_sort (int col, gboolean descending)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (lsc_packet_list_get_column_view (list ()));
  g_autoptr (GtkColumnViewColumn) c = col >= 0 ? view_column (col) : NULL;
  gtk_column_view_sort_by_column (view, c, descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
  lsc_gui_wait_for (list_idle, "the sort", 20);
}

/* The store indices of the rows as shown. */
static GArray *
shown_indices (void)
{
  GListModel *rows = lsc_packet_list_get_rows (list ());
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr (LscPacketRow) r = g_list_model_get_item (rows, i);
      guint k = lsc_packet_row_get_index (r);
      g_array_append_val (out, k);
    }
  return out;
}

static void
assert_ordered (int col, gboolean descending)
{
  GListModel *rows = lsc_packet_list_get_rows (list ());
  guint n = g_list_model_get_n_items (rows);
  g_assert_cmpuint (n, ==, g_list_model_get_n_items (G_LIST_MODEL (lsc_window_get_store (win))));
  for (guint i = 1; i < n; i++)
    {
      g_autoptr (LscPacketRow) a = g_list_model_get_item (rows, i - 1);
      g_autoptr (LscPacketRow) b = g_list_model_get_item (rows, i);
      int c = compare_cells (a, b, col);
      if (descending)
        c = -c;
      /* Equal cells keep capture order (reversed when descending). */
      if (c == 0)
        c = descending ? (lsc_packet_row_get_index (a) > lsc_packet_row_get_index (b) ? -1 : 1)
                       : (lsc_packet_row_get_index (a) < lsc_packet_row_get_index (b) ? -1 : 1);
      if (c > 0)
        g_error ("column %d %s: row %u (frame %u) before row %u (frame %u) is out of order", col,
                 descending ? "descending" : "ascending", i - 1, lsc_packet_row_get_index (a) + 1, i,
                 lsc_packet_row_get_index (b) + 1);
    }
}

static gboolean
is_capture_order (void)
{
  g_autoptr (GArray) idx = shown_indices ();
  for (guint i = 0; i < idx->len; i++)
    if (g_array_index (idx, guint, i) != i)
      return FALSE;
  return TRUE;
}

/* Every column, both ways, through the column view's own sort state. */
static void
test_sort_each_column (void)
{
  lsc_packet_list_set_state_columns (list (), TRUE);
  open_classroom ();
  g_assert_true (is_capture_order ());
  for (int col = 0; col < 9; col++)
    for (int d = 0; d < 2; d++)
      {
        click_sort (col, d);
        gboolean desc = FALSE;
        g_assert_cmpint (lsc_packet_list_get_sort (list (), &desc), ==, col);
        g_assert_cmpint (desc, ==, d);
        assert_ordered (col, d);
      }
  /* The columns that differ from capture order really moved rows. */
  click_sort (2, FALSE);
  g_assert_false (is_capture_order ());
  click_sort (5, TRUE);
  g_autoptr (GArray) by_len = shown_indices ();
  /* The longest frame first: 14, the HTTP response (251 bytes). */
  g_assert_cmpuint (g_array_index (by_len, guint, 0), ==, 13);
  /* Back to capture order from the menu's action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (list ()), "list.capture-order", NULL));
  lsc_gui_wait_for (list_idle, "capture order", 20);
  g_assert_true (is_capture_order ());
  g_assert_cmpint (lsc_packet_list_get_sort (list (), NULL), ==, -1);
}

/* Header arrows that show a direction (GTK draws one per sorted column). */
static guint
count_arrows (GtkWidget *w)
{
  guint n = g_str_equal (gtk_widget_get_css_name (w), "sort-indicator") && !gtk_widget_has_css_class (w, "unsorted");
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    if (!GTK_IS_LIST_VIEW (c))
      n += count_arrows (c);
  return n;
}

/* The window sorted by Source (ascending) at a desktop's and a
 * projector's size (PNGs in the build directory, for a person to look at). */
static void
test_sorted_screenshots (void)
{
  lsc_packet_list_set_state_columns (list (), TRUE);
  open_classroom ();
  click_sort (2, FALSE);
  /* One arrow, on the column sorted by, however many were sorted by before. */
  g_assert_cmpuint (count_arrows (lsc_packet_list_get_column_view (list ())), ==, 1);
  lsc_window_select_packet (win, 8);
  static const int sizes[][2] = { { 1400, 900 }, { 1024, 768 } };
  const char *lang = g_getenv ("LANGUAGE");
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      gtk_window_set_default_size (GTK_WINDOW (win), sizes[i][0], sizes[i][1]);
      lsc_gui_spin (400);
      const char *dir = g_getenv ("LSC_BUILD_ROOT");
      g_autofree char *name = g_strdup_printf ("gui-sorted-%dx%d%s%s.png", sizes[i][0], sizes[i][1],
                                               lang && *lang ? "-" : "", lang && *lang ? lang : "");
      g_autofree char *png = g_build_filename (dir ? dir : ".", name, NULL);
      g_autoptr (GError) error = NULL;
      g_assert_true (lsc_window_save_png (win, png, &error));
      g_assert_no_error (error);
      g_test_message ("screenshot: %s", png);
      /* The selected packet is still in view after the resize. */
      g_assert_cmpuint (lsc_packet_list_get_selected_index (list ()), ==, 8);
    }
  gtk_window_set_default_size (GTK_WINDOW (win), 1200, 800);
  click_sort (-1, FALSE);
}

/* The packet a selection, a step or a flow arrow names is the one selected
 * and shown, wherever the sort put its row. */
static void
test_sorted_selection_and_stepping (void)
{
  lsc_packet_list_set_state_columns (list (), TRUE);
  open_classroom ();
  click_sort (2, TRUE);  /* Source, descending */
  GListModel *rows = lsc_packet_list_get_rows (list ());
  GtkSingleSelection *sel = GTK_SINGLE_SELECTION (rows);

  lsc_window_select_packet (win, 8);  /* frame 9, the SYN */
  g_assert_cmpuint (lsc_packet_list_get_selected_index (list ()), ==, 8);
  g_autoptr (LscPacketRow) r = gtk_single_selection_get_selected_item (sel) ? g_object_ref (gtk_single_selection_get_selected_item (sel)) : NULL;
  g_assert_nonnull (r);
  g_assert_cmpuint (lsc_packet_row_get_index (r), ==, 8);
  lsc_gui_spin (50);
  g_assert_cmpuint (lsc_tree_packet (lsc_gui_shown_tree (win))->num, ==, 9);

  /* Stepping goes through the capture in its own order, whatever the list's. */
  g_assert_true (lsc_window_step (win, 1));
  g_assert_cmpuint (lsc_packet_list_get_selected_index (list ()), ==, 9);
  lsc_gui_spin (50);
  g_assert_cmpuint (lsc_tree_packet (lsc_gui_shown_tree (win))->num, ==, 10);
  g_assert_true (lsc_window_step (win, -1));
  g_assert_true (lsc_window_step (win, -1));
  g_assert_cmpuint (lsc_packet_list_get_selected_index (list ()), ==, 7);

  /* A new order keeps the selected packet selected. */
  click_sort (5, FALSE);
  g_assert_cmpuint (lsc_packet_list_get_selected_index (list ()), ==, 7);
  g_assert_cmpuint (lsc_tree_packet (lsc_gui_shown_tree (win))->num, ==, 8);
  click_sort (5, TRUE);
  g_assert_cmpuint (lsc_packet_list_get_selected_index (list ()), ==, 7);

  /* The flow panel's arrow for frame 12 (the GET) selects it. */
  lsc_window_show_flow (win, TRUE);
  lsc_gui_spin (100);
  g_signal_emit_by_name (lsc_window_get_flow_view (win), "frame-activated", (guint64) 12);
  g_assert_cmpuint (lsc_packet_list_get_selected_index (list ()), ==, 11);
  g_autoptr (LscPacketRow) r12 = g_object_ref (gtk_single_selection_get_selected_item (sel));
  g_assert_cmpuint (lsc_packet_row_get_number (r12), ==, 12);
  lsc_window_show_flow (win, FALSE);

  /* A display filter over a sorted list: only its rows, still sorted. */
  g_assert_true (lsc_packet_list_set_filter_text (list (), "tcp"));
  lsc_gui_wait_for (list_idle, "the filter", 20);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 12);
  for (guint i = 1; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr (LscPacketRow) a = g_list_model_get_item (rows, i - 1);
      g_autoptr (LscPacketRow) b = g_list_model_get_item (rows, i);
      g_assert_cmpuint (lsc_packet_row_get_length (a), >=, lsc_packet_row_get_length (b));
      g_assert_true (lsc_packet_row_get_has (a) & LSC_HAS_TCP);
    }
  g_assert_true (lsc_window_step (win, 1));
  g_assert_true (lsc_packet_row_get_has (gtk_single_selection_get_selected_item (sel)) & LSC_HAS_TCP);

  /* Saving the packets shown writes them in capture order, not the list's. */
  g_autofree char *saved = g_build_filename (g_get_tmp_dir (), "lsc-gui-sort-shown.pcapng", NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (lsc_window_save_packets (win, saved, "shown", &error));
  g_assert_no_error (error);
  {
    g_autoptr (LscCaptureFile) f = lsc_capture_file_open (saved, &error);
    g_assert_no_error (error);
    LscPacket p;
    guint n = 0;
    gint64 last = G_MININT64;
    while (lsc_capture_file_next (f, &p, &error) > 0)
      {
        g_assert_cmpint (p.ts_ns, >=, last);
        last = p.ts_ns;
        n++;
      }
    g_assert_no_error (error);
    g_assert_cmpuint (n, ==, 12);
  }
  g_unlink (saved);
  g_assert_true (lsc_packet_list_set_filter_text (list (), ""));
  lsc_gui_wait_for (list_idle, "no filter", 20);
  click_sort (-1, FALSE);
}

/* ---- the row model alone, as a live capture feeds it ---- */

static const guint8 udp_frame[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
  0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00,
  0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12, 0x00, 0x02,
  0x9c, 0x40, 0x00, 0x35, 0x00, 0x08, 0x00, 0x00,
};

/* A UDP frame from 198.18.0.<host>, padded to len bytes on the wire. */
static void
append_udp (LscStore *store, guint8 host, guint32 len)
{
  guint8 buf[128] = { 0 };
  memcpy (buf, udp_frame, sizeof udp_frame);
  buf[29] = host;
  LscPacket p = { .data = buf, .caplen = MIN (len, sizeof buf), .wirelen = len, .linktype = 1,
                  .ts_ns = (gint64) lsc_store_get_n_staged (store) * 1000 };
  lsc_store_append (store, &p);
}

static GArray *
model_indices (LscRowModel *m)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (m)); i++)
    {
      guint k = lsc_row_model_get_index (m, i);
      g_array_append_val (out, k);
    }
  return out;
}

static LscRowModel *busy_model;

static gboolean
model_idle (void)
{
  return !lsc_row_model_is_filtering (busy_model) && !lsc_row_model_is_sorting (busy_model);
}

static void
test_row_model_live (void)
{
  g_autoptr (LscStore) store = lsc_store_new ();
  g_autoptr (LscRowModel) m = lsc_row_model_new ();
  busy_model = m;
  lsc_row_model_set_store (m, store);
  /* Lengths 90, 70, 110, 60, 100 from hosts 9, 7, 11, 6, 10. */
  static const guint32 lens[] = { 90, 70, 110, 60, 100 };
  for (guint i = 0; i < G_N_ELEMENTS (lens); i++)
    append_udp (store, (guint8) (lens[i] / 10), lens[i]);
  lsc_store_commit (store);
  lsc_gui_wait_for (model_idle, "the rows", 10);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (m)), ==, 5);

  lsc_row_model_set_sort (m, LSC_ROW_COL_LEN, FALSE);
  lsc_gui_wait_for (model_idle, "the sort", 10);
  g_autoptr (GArray) a = model_indices (m);
  static const guint by_len[] = { 3, 1, 0, 4, 2 };
  g_assert_cmpmem (a->data, a->len * sizeof (guint), by_len, sizeof by_len);
  g_assert_cmpuint (lsc_row_model_find (m, 4), ==, 3);

  /* Live rows land in their place. */
  append_udp (store, 8, 80);
  append_udp (store, 5, 50);
  lsc_store_commit (store);
  lsc_gui_wait_for (model_idle, "the new rows", 10);
  g_autoptr (GArray) b = model_indices (m);
  static const guint by_len2[] = { 6, 3, 1, 5, 0, 4, 2 };
  g_assert_cmpmem (b->data, b->len * sizeof (guint), by_len2, sizeof by_len2);

  /* Source, descending, with a filter that drops host 198.18.0.11. */
  lsc_row_model_set_sort (m, LSC_ROW_COL_SRC, TRUE);
  g_autoptr (GError) error = NULL;
  lsc_row_model_set_filter (m, lsc_filter_compile ("ip.src != 198.18.0.11", NULL, &error));
  g_assert_no_error (error);
  lsc_gui_wait_for (model_idle, "the filter", 10);
  append_udp (store, 12, 64);
  append_udp (store, 11, 64);
  lsc_store_commit (store);
  lsc_gui_wait_for (model_idle, "the filtered new rows", 10);
  /* 198.18.0.12, .10, .9, .8, .7, .6, .5 (natural order, not "10" < "5"). */
  g_autoptr (GArray) c = model_indices (m);
  static const guint by_src[] = { 7, 4, 0, 5, 1, 3, 6 };
  g_assert_cmpmem (c->data, c->len * sizeof (guint), by_src, sizeof by_src);
  g_assert_cmpuint (lsc_row_model_find (m, 2), ==, G_MAXUINT);
  g_assert_cmpuint (lsc_row_model_find (m, 8), ==, G_MAXUINT);

  /* Back to capture order, filter kept. */
  lsc_row_model_set_sort (m, LSC_ROW_COL_NONE, FALSE);
  lsc_gui_wait_for (model_idle, "capture order", 10);
  g_autoptr (GArray) d = model_indices (m);
  static const guint in_order[] = { 0, 1, 3, 4, 5, 6, 7 };
  g_assert_cmpmem (d->data, d->len * sizeof (guint), in_order, sizeof in_order);
  busy_model = NULL;
}

/* What a filter's matches cost the view: while the list fills its first
 * screens they are told a few at a time (GTK makes the widgets of every row
 * it is told about, up to 200), later in big steps; in the end every match
 * is there, in capture order. */
typedef struct {
  guint calls, most_while_filling, total;
} Told;

static void
told_cb (GListModel *m, guint pos, guint removed, guint added, Told *t)
{
  if (!added)
    return;
  t->calls++;
  if (t->total < 200)
    t->most_while_filling = MAX (t->most_while_filling, added);
  t->total += added;
}

static void
test_row_model_fills_in_steps (void)
{
  g_autoptr (LscStore) store = lsc_store_new ();
  for (guint i = 0; i < 3000; i++)
    append_udp (store, (guint8) (i % 200), 60 + i % 40);
  lsc_store_commit (store);
  g_autoptr (LscRowModel) m = lsc_row_model_new ();
  busy_model = m;
  lsc_row_model_set_store (m, store);
  lsc_gui_wait_for (model_idle, "the rows", 10);
  Told t = { 0 };
  g_signal_connect (m, "items-changed", G_CALLBACK (told_cb), &t);
  g_autoptr (GError) error = NULL;
  /* Hosts 0-149 of every 200: 2,250 matches. */
  lsc_row_model_set_filter (m, lsc_filter_compile ("ip.src < 198.18.0.150", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (lsc_row_model_is_filtering (m));
  lsc_gui_wait_for (model_idle, "the filter", 10);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (m)), ==, 2250);
  g_assert_cmpuint (t.total, ==, 2250);
  g_assert_cmpuint (t.most_while_filling, >, 0);
  g_assert_cmpuint (t.most_while_filling, <=, 64);
  g_assert_cmpuint (t.calls, >=, 4);
  for (guint i = 0; i < 2250; i++)
    g_assert_cmpuint (lsc_row_model_get_index (m, i), ==, (i / 150) * 200 + i % 150);
  g_signal_handlers_disconnect_by_func (m, told_cb, &t);
  busy_model = NULL;
}

static void
test_natural_compare (void)
{
  g_assert_cmpint (lsc_row_model_compare_text ("198.18.0.9", "198.18.0.10"), <, 0);
  g_assert_cmpint (lsc_row_model_compare_text ("198.18.0.10", "198.18.0.9"), >, 0);
  g_assert_cmpint (lsc_row_model_compare_text ("ARP", "DNS"), <, 0);
  g_assert_cmpint (lsc_row_model_compare_text ("a007", "a7"), ==, 0);
  g_assert_cmpint (lsc_row_model_compare_text ("Seq=2", "Seq=10"), <, 0);
  g_assert_cmpint (lsc_row_model_compare_text ("", "a"), <, 0);
}

int
main (int argc, char **argv)
{
  if (!lsc_gui_test_init (&argc, &argv))
    return 0;
  win = lsc_gui_test_window (&app, 1200, 800);

  g_test_add_func ("/gui-sort/natural-compare", test_natural_compare);
  g_test_add_func ("/gui-sort/each-column", test_sort_each_column);
  g_test_add_func ("/gui-sort/selection-and-stepping", test_sorted_selection_and_stepping);
  g_test_add_func ("/gui-sort/row-model-live", test_row_model_live);
  g_test_add_func ("/gui-sort/row-model-fills-in-steps", test_row_model_fills_in_steps);
  g_test_add_func ("/gui-sort/screenshots", test_sorted_screenshots);
  int rc = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (win));
  g_object_unref (app);
  return rc;
}

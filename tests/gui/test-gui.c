/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui.c — the app's window driven in-process (run under Xvfb)
 *
 * The capture is written by the test from the literal frames below: a TCP
 * three-way handshake between 198.18.0.1:40000 and 198.18.0.2:80, each frame
 * padded to Ethernet's 60-byte minimum.
 */
#include "lsc-application.h"
#include "lsc-window.h"
#include "lsc-gui-test.h"
#include "lsc-benchmark.h"
#include "lsc-welcome.h"
#include "capture/lsc-capture-file.h"
#include "lsc-config.h"
#include "core/lsc-format.h"

#include <glib/gstdio.h>

static const guint8 frame_syn[60] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
  0x08, 0x00, 0x45, 0x00, 0x00, 0x28, 0x00, 0x01, 0x40, 0x00, 0x40, 0x06,
  0xae, 0xa7, 0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12, 0x00, 0x02, 0x9c, 0x40,
  0x00, 0x50, 0x00, 0x00, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x50, 0x02,
  0xfa, 0xf0, 0x8b, 0xd5, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};
static const guint8 frame_synack[60] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
  0x08, 0x00, 0x45, 0x00, 0x00, 0x28, 0x00, 0x00, 0x40, 0x00, 0x40, 0x06,
  0xae, 0xa8, 0xc6, 0x12, 0x00, 0x02, 0xc6, 0x12, 0x00, 0x01, 0x00, 0x50,
  0x9c, 0x40, 0x00, 0x00, 0x01, 0x2c, 0x00, 0x00, 0x00, 0x65, 0x50, 0x12,
  0xfa, 0xf0, 0x8a, 0x98, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};
static const guint8 frame_ack[60] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
  0x08, 0x00, 0x45, 0x00, 0x00, 0x28, 0x00, 0x02, 0x40, 0x00, 0x40, 0x06,
  0xae, 0xa6, 0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12, 0x00, 0x02, 0x9c, 0x40,
  0x00, 0x50, 0x00, 0x00, 0x00, 0x65, 0x00, 0x00, 0x01, 0x2d, 0x50, 0x10,
  0xfa, 0xf0, 0x8a, 0x99, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

static LscApplication *app;
static LscWindow *win;
static char *capture_path;

static void
put32 (GByteArray *b, guint32 v)
{
  guint8 le[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };
  g_byte_array_append (b, le, 4);
}

/* The handshake, repeated rounds times (rounds x 3 frames), as name in the
 * temporary directory. */
static char *
write_handshakes (const char *name, guint rounds)
{
  const guint8 *frames[] = { frame_syn, frame_synack, frame_ack };
  GByteArray *b = g_byte_array_new ();
  put32 (b, 0xa1b2c3d4);
  put32 (b, 2 | (4u << 16));  /* version 2.4 */
  put32 (b, 0);
  put32 (b, 0);
  put32 (b, 65535);
  put32 (b, 1);               /* Ethernet */
  for (guint r = 0; r < rounds; r++)
    for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
      {
        put32 (b, 1700000000 + r);
        put32 (b, i * 1000);
        put32 (b, 60);
        put32 (b, 60);
        g_byte_array_append (b, frames[i], 60);
      }
  char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_assert_true (g_file_set_contents (path, (char *) b->data, b->len, NULL));
  g_byte_array_unref (b);
  return path;
}

static char *
write_capture (void)
{
  return write_handshakes ("lsc-gui-handshake.pcap", 1);
}

static void
wait_for (gboolean (*cond) (void), const char *what)
{
  lsc_gui_wait_for (cond, what, 10);
}

#define spin lsc_gui_spin

static gboolean
done_loading (void)
{
  return lsc_gui_window_settled (win);
}

static LscTree *
shown_tree (void)
{
  return lsc_gui_shown_tree (win);
}

/* Labels of the depth-0 rows (the model's layers), in the order shown. */
static GPtrArray *
layer_rows (void)
{
  GListModel *rows = lsc_layer_tree_get_rows (lsc_window_get_layer_tree (win));
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr (GtkTreeListRow) r = g_list_model_get_item (rows, i);
      if (gtk_tree_list_row_get_depth (r) != 0)
        continue;
      g_autoptr (LscLayerItem) item = gtk_tree_list_row_get_item (r);
      g_ptr_array_add (out, lsc_layer_tree_item_text (item));
    }
  return out;
}

static gboolean
window_drawn (void)
{
  return gtk_widget_get_width (GTK_WIDGET (win)) > 0 && gtk_widget_get_mapped (GTK_WIDGET (win));
}

static void
save_artifact (const char *name)
{
  const char *dir = g_getenv ("LSC_BUILD_ROOT");
  g_autofree char *png = g_build_filename (dir ? dir : ".", name, NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (lsc_window_save_png (win, png, &error));
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", png);
}

/* Whether the header bar's Save As button can be pressed. */
static gboolean
find_save (GtkWidget *w, gboolean *sensitive)
{
  if (GTK_IS_ACTIONABLE (w) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (w)), "win.save-as") == 0)
    {
      *sensitive = gtk_widget_is_sensitive (w);
      return TRUE;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    if (find_save (c, sensitive))
      return TRUE;
  return FALSE;
}

static gboolean
save_button_sensitive (void)
{
  gboolean sensitive = FALSE;
  g_assert_true (find_save (GTK_WIDGET (win), &sensitive));
  return sensitive;
}

static void
test_welcome (void)
{
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  wait_for (window_drawn, "the window to show");
  spin (200);
  /* Nothing loaded yet: the status bar is empty and no packet is shown. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (lsc_window_get_store (win))), ==, 0);
  g_assert_null (lsc_layer_tree_get_rows (lsc_window_get_layer_tree (win)));
  save_artifact ("gui-welcome.png");
  /* Nothing is open: there is nothing to save. */
  g_assert_false (save_button_sensitive ());
  /* The lessons come numbered in the course's order. */
  GtkListBox *labs = lsc_welcome_get_labs (LSC_WELCOME (lsc_window_get_welcome (win)));
  guint n_rows = 0, lessons = 0;
  GtkListBoxRow *row;
  for (; (row = gtk_list_box_get_row_at_index (labs, (int) n_rows)); n_rows++)
    {
      guint number = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "lesson"));
      if (!number)
        continue;
      g_assert_cmpuint (number, ==, ++lessons);
      g_assert_true (g_file_test (g_object_get_data (G_OBJECT (row), "path"), G_FILE_TEST_EXISTS));
    }
  g_assert_cmpuint (lessons, ==, lsc_lessons_count ());
  g_test_message ("%u lessons and lab captures listed", n_rows);
  /* And its live capture part, at the bottom. */
  GtkWidget *scroller = gtk_widget_get_first_child (lsc_window_get_welcome (win));
  g_assert_true (GTK_IS_SCROLLED_WINDOW (scroller));
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
  spin (200);
  save_artifact ("gui-welcome-capture.png");
}

/* A bundled lab capture opened from the start page shows every packet of the
 * file, in order, with the lengths the file records. */
static void
test_open_bundled (void)
{
  GtkListBox *labs = lsc_welcome_get_labs (LSC_WELCOME (lsc_window_get_welcome (win)));
  GtkListBoxRow *row = NULL;
  for (int i = 0; (row = gtk_list_box_get_row_at_index (labs, i)); i++)
    if (g_str_has_suffix (g_object_get_data (G_OBJECT (row), "path"), "handshake-teardown.pcapng"))
      break;
  /* The capture ships with the app: missing is a failure, not a reason to skip. */
  g_assert_nonnull (row);
  const char *path = g_object_get_data (G_OBJECT (row), "path");
  g_signal_emit_by_name (labs, "row-activated", row);
  wait_for (done_loading, "the lab capture to load");

  g_autoptr (GError) error = NULL;
  g_autoptr (LscCaptureFile) f = lsc_capture_file_open (path, &error);
  g_assert_no_error (error);
  GListModel *rows = lsc_packet_list_get_rows (lsc_window_get_packet_list (win));
  LscPacket p;
  guint n = 0;
  gboolean saw_syn = FALSE;
  while (lsc_capture_file_next (f, &p, &error) > 0)
    {
      g_autoptr (LscPacketRow) r = g_list_model_get_item (rows, n++);
      g_assert_nonnull (r);
      g_assert_cmpuint (lsc_packet_row_get_number (r), ==, p.num);
      g_assert_cmpuint (lsc_packet_row_get_length (r), ==, p.wirelen);
      if (!saw_syn && (lsc_packet_row_get_tcp_flags (r) & (LSC_TCP_SYN | LSC_TCP_ACK)) == LSC_TCP_SYN)
        {
          saw_syn = TRUE;
          g_assert_true (strstr (lsc_packet_row_get_info (r), "handshake 1/3") != NULL);
        }
    }
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n);
  g_assert_true (saw_syn);

  /* The anatomy bar: an ARP frame under the minimum shows the padding the
   * card will add; a 74-byte segment has no padding box; an MLD report's
   * Hop-by-Hop header belongs to IPv6, not to a "trailer". */
  LscAnatomyBar *bar = lsc_window_get_anatomy_bar (win);
  lsc_window_select_packet (win, 0);
  spin (30);
  g_assert_true (g_str_has_prefix (lsc_anatomy_bar_get_text (bar), "Ethernet 14 | ARP 28 | padding 0 | FCS 4"));
  lsc_window_select_packet (win, 10);
  spin (30);
  g_assert_true (g_str_has_prefix (lsc_anatomy_bar_get_text (bar), "Ethernet 14 | IPv4 20 | TCP 40 | FCS 4"));
  lsc_window_select_packet (win, 4);
  spin (30);
  g_test_message ("%s", lsc_anatomy_bar_get_text (bar));
  g_assert_true (g_str_has_prefix (lsc_anatomy_bar_get_text (bar), "Ethernet 14 | IPv6 48 | ICMPv6 28 | FCS 4"));
  g_assert_null (strstr (lsc_anatomy_bar_get_text (bar), "trailer"));

  /* Ctrl+T's action puts the keyboard in the tree. */
  gtk_widget_activate_action (GTK_WIDGET (win), "win.focus-tree", NULL);
  spin (30);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (win));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (lsc_window_get_layer_tree (win))));
}

static void
test_open_lists_rows (void)
{
  g_autoptr (GFile) f = g_file_new_for_path (capture_path);
  lsc_window_open_file (win, f);
  wait_for (done_loading, "the capture to load");
  GListModel *rows = lsc_packet_list_get_rows (lsc_window_get_packet_list (win));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 3);
  g_assert_true (save_button_sensitive ());
  /* The first packet is shown at once: tree, hex view and anatomy bar are not blank. */
  g_assert_cmpuint (lsc_packet_list_get_selected_index (lsc_window_get_packet_list (win)), ==, 0);
  g_assert_nonnull (lsc_layer_tree_get_rows (lsc_window_get_layer_tree (win)));
  g_assert_true (g_str_has_prefix (lsc_anatomy_bar_get_text (lsc_window_get_anatomy_bar (win)), "Ethernet 14 | IPv4 20 | TCP 20"));
  g_autoptr (LscPacketRow) r0 = g_list_model_get_item (rows, 0);
  g_autoptr (LscPacketRow) r1 = g_list_model_get_item (rows, 1);
  g_assert_cmpstr (lsc_packet_row_get_source (r0), ==, "198.18.0.1");
  g_assert_cmpstr (lsc_packet_row_get_destination (r0), ==, "198.18.0.2");
  g_assert_cmpstr (lsc_packet_row_get_protocol (r0), ==, "TCP");
  g_assert_cmpuint (lsc_packet_row_get_length (r0), ==, 60);
  g_assert_cmpstr (lsc_packet_row_get_source (r1), ==, "198.18.0.2");
  g_assert_cmpfloat_with_epsilon (lsc_packet_row_get_time (r1), 0.001, 1e-9);
  g_assert_true (strstr (lsc_packet_row_get_info (r0), "[SYN]") != NULL);
  /* The analysis gave the rows their roles, first so a cut-off line keeps them. */
  g_assert_true (g_str_has_prefix (lsc_packet_row_get_info (r0), "handshake 1/3 SYN · 40000 → 80 [SYN]"));
  g_assert_true (g_str_has_prefix (lsc_packet_row_get_info (r1), "handshake 2/3 SYN-ACK · 80 → 40000"));
  g_assert_null (strstr (lsc_packet_row_get_info (r0) + 1, "handshake"));
}

/* On a 1024-pixel projector every column fits and Info takes the rest. */
static void
test_columns_fit_1024 (void)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (lsc_packet_list_get_column_view (lsc_window_get_packet_list (win)));
  GListModel *cols = gtk_column_view_get_columns (view);
  /* Seven columns by default; the TCP state columns are added when turned on. */
  g_assert_cmpuint (g_list_model_get_n_items (cols), ==, 7);
  int sum = 0, shown = 0;
  for (guint i = 0; i < g_list_model_get_n_items (cols); i++)
    {
      g_autoptr (GtkColumnViewColumn) c = g_list_model_get_item (cols, i);
      if (!gtk_column_view_column_get_visible (c))
        {
          g_assert_true (g_str_has_suffix (gtk_column_view_column_get_title (c), "state"));
          continue;
        }
      shown++;
      gboolean info = g_str_equal (gtk_column_view_column_get_title (c), "Info");
      g_assert_cmpint (gtk_column_view_column_get_expand (c), ==, info);
      sum += gtk_column_view_column_get_fixed_width (c);
    }
  g_assert_cmpint (shown, ==, 7);
  /* Room left for the window border, the scrollbar and the cell padding. */
  g_assert_cmpint (sum, <=, 1024 - 60);

  /* The packet list alone (a lesson opened above may have shown the flow panel). */
  lsc_window_show_flow (win, FALSE);
  gtk_window_unmaximize (GTK_WINDOW (win));
  gtk_window_set_default_size (GTK_WINDOW (win), 1024, 768);
  spin (300);
  if (gtk_widget_get_width (GTK_WIDGET (win)) > 1024)
    {
      g_test_message ("the window manager kept the window wider than 1024 pixels");
      return;
    }
  /* The column view is no wider than the window: nothing runs past the edge. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (view)), <=, gtk_widget_get_width (GTK_WIDGET (win)));
  GtkAdjustment *h = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (view));
  g_assert_cmpfloat (gtk_adjustment_get_upper (h), <=, gtk_adjustment_get_page_size (h) + 1);
  save_artifact ("gui-1024.png");
  gtk_window_set_default_size (GTK_WINDOW (win), 1200, 800);
  spin (100);
}

static void
test_syn_tree_layers (void)
{
  lsc_window_set_model (win, LSC_MODEL_OSI);
  lsc_window_select_packet (win, 0);
  spin (50);
  g_autoptr (GPtrArray) layers = layer_rows ();
  g_assert_cmpuint (layers->len, ==, 7);
  for (guint k = 0; k < 7; k++)
    {
      /* In byte order, as the hex view and the anatomy bar: row 0 is layer 1. */
      const char *name = lsc_model_layer_name (LSC_MODEL_OSI, k + 1);
      g_autofree char *want = g_strdup_printf ("%u · %s", k + 1, name);
      g_assert_true (g_str_has_prefix (layers->pdata[k], want));
    }
  /* The TCP header is under Transport, right after the layer row. */
  GListModel *rows = lsc_layer_tree_get_rows (lsc_window_get_layer_tree (win));
  gboolean tcp_under_transport = FALSE;
  for (guint i = 0; i + 1 < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr (GtkTreeListRow) r = g_list_model_get_item (rows, i);
      g_autoptr (GtkTreeListRow) next = g_list_model_get_item (rows, i + 1);
      g_autoptr (LscLayerItem) a = gtk_tree_list_row_get_item (r);
      g_autoptr (LscLayerItem) b = gtk_tree_list_row_get_item (next);
      if (lsc_layer_item_is_layer (a) && lsc_layer_item_get_layer (a) == 4 && !lsc_layer_item_is_layer (b))
        {
          const LscNode *n = lsc_tree_node (lsc_layer_item_get_decoded (b)->tree, lsc_layer_item_get_node (b));
          tcp_under_transport = g_str_equal (n->field->id, "tcp");
        }
    }
  g_assert_true (tcp_under_transport);

  /* The role: a derived node saying handshake 1/3. */
  LscTree *t = shown_tree ();
  gboolean role = FALSE;
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < lsc_tree_count (t); i++)
    {
      const LscNode *n = lsc_tree_node (t, (gint32) i);
      g_string_truncate (s, 0);
      lsc_format_label (n, s);
      if ((n->flags & LSC_NODE_GENERATED) && strstr (s->str, "handshake 1/3"))
        role = TRUE;
    }
  g_string_free (s, TRUE);
  g_assert_true (role);

  const char *anatomy = lsc_anatomy_bar_get_text (lsc_window_get_anatomy_bar (win));
  g_assert_true (g_str_has_prefix (anatomy, "Ethernet 14 | IPv4 20 | TCP 20 | padding 6 | FCS 4"));
}

static void
test_ttl_highlights_byte_22 (void)
{
  LscTree *t = shown_tree ();
  gint32 ttl = lsc_tree_find (t, "ip.ttl");
  g_assert_cmpint (ttl, >=, 0);
  g_assert_true (lsc_layer_tree_select_node (lsc_window_get_layer_tree (win), ttl));
  g_assert_cmpint (lsc_layer_tree_get_selected_node (lsc_window_get_layer_tree (win)), ==, ttl);
  guint off, len;
  lsc_hex_view_get_highlight (lsc_window_get_hex_view (win), &off, &len);
  g_assert_cmpuint (off, ==, 22);
  g_assert_cmpuint (len, ==, 1);
  g_assert_true (strstr (lsc_layer_tree_get_explanation (lsc_window_get_layer_tree (win)), "ip.ttl") != NULL);
}

static void
test_click_byte_selects_node (void)
{
  LscHexView *hex = lsc_window_get_hex_view (win);
  spin (50);
  /* Byte 23 is the IPv4 protocol field: hit-test its drawn cell, then activate it. */
  graphene_rect_t r;
  g_assert_true (lsc_hex_view_get_byte_rect (hex, 23, &r));
  int b = lsc_hex_view_byte_at (hex, r.origin.x + r.size.width / 2, r.origin.y + r.size.height / 2);
  g_assert_cmpint (b, ==, 23);
  g_assert_cmpint (lsc_hex_view_byte_at (hex, -5, 0), ==, -1);
  g_signal_emit_by_name (hex, "byte-activated", (guint) b);
  LscTree *t = shown_tree ();
  gint32 sel = lsc_layer_tree_get_selected_node (lsc_window_get_layer_tree (win));
  g_assert_cmpint (sel, ==, lsc_tree_find (t, "ip.proto"));
  guint off, len;
  lsc_hex_view_get_highlight (hex, &off, &len);
  g_assert_cmpuint (off, ==, 23);
  g_assert_cmpuint (len, ==, 1);
  /* The keyboard moves the byte cursor and the selection follows: Right from
   * byte 23 (protocol) lands on byte 24, the header checksum. */
  GListModel *ctrls = gtk_widget_observe_controllers (GTK_WIDGET (hex));
  gboolean handled = FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (ctrls); i++)
    {
      g_autoptr (GtkEventController) c = g_list_model_get_item (ctrls, i);
      if (GTK_IS_EVENT_CONTROLLER_KEY (c))
        g_signal_emit_by_name (c, "key-pressed", GDK_KEY_Right, 0, 0, &handled);
    }
  g_object_unref (ctrls);
  g_assert_true (handled);
  g_assert_cmpuint (lsc_hex_view_get_cursor (hex), ==, 24);
  sel = lsc_layer_tree_get_selected_node (lsc_window_get_layer_tree (win));
  g_assert_cmpint (sel, ==, lsc_tree_find (t, "ip.checksum"));

  /* A padding byte selects the padding, not a header. */
  g_signal_emit_by_name (hex, "byte-activated", (guint) 57);
  sel = lsc_layer_tree_get_selected_node (lsc_window_get_layer_tree (win));
  g_assert_cmpint (sel, ==, lsc_tree_find (t, "eth.padding"));
}

static void
test_anatomy_click (void)
{
  LscAnatomyBar *bar = lsc_window_get_anatomy_bar (win);
  LscTree *t = shown_tree ();
  gint32 tcp = lsc_tree_find (t, "tcp"), eth = lsc_tree_find (t, "eth");
  int w = gtk_widget_get_width (GTK_WIDGET (bar));
  g_assert_cmpint (w, >, 200);
  /* Left to right: Ethernet first, TCP later, nothing (FCS) at the far right. */
  g_assert_cmpint (lsc_anatomy_bar_node_at (bar, 2), ==, eth);
  g_assert_cmpint (lsc_anatomy_bar_node_at (bar, w - 2), ==, -1);
  int tcp_x = -1;
  for (int x = 0; x < w && tcp_x < 0; x++)
    if (lsc_anatomy_bar_node_at (bar, x) == tcp)
      tcp_x = x;
  g_assert_cmpint (tcp_x, >, w / 3);
  /* Clicking a segment selects its header in the tree and its bytes in the hex view. */
  g_signal_emit_by_name (bar, "node-activated", (int) tcp);
  g_assert_cmpint (lsc_layer_tree_get_selected_node (lsc_window_get_layer_tree (win)), ==, tcp);
  guint off, len;
  lsc_hex_view_get_highlight (lsc_window_get_hex_view (win), &off, &len);
  g_assert_cmpuint (off, ==, 34);
  g_assert_cmpuint (len, ==, 20);
}

static void
test_switch_model_regroups (void)
{
  LscTree *t = shown_tree ();
  gint32 ttl = lsc_tree_find (t, "ip.ttl");
  lsc_layer_tree_select_node (lsc_window_get_layer_tree (win), ttl);
  lsc_window_set_model (win, LSC_MODEL_TCPIP4);
  g_autoptr (GPtrArray) layers = layer_rows ();
  g_assert_cmpuint (layers->len, ==, 4);
  /* Remembered for the next start. */
  g_autoptr (GSettings) settings = lsc_application_settings_new ();
  g_autofree char *saved = g_settings_get_string (settings, "model");
  g_assert_cmpstr (saved, ==, "tcpip4");
  for (guint k = 0; k < 4; k++)
    g_assert_true (strstr (layers->pdata[k], lsc_model_layer_name (LSC_MODEL_TCPIP4, k + 1)) != NULL);
  /* The same field stays selected in the new grouping. */
  g_assert_cmpint (lsc_layer_tree_get_selected_node (lsc_window_get_layer_tree (win)), ==, ttl);
  lsc_window_set_model (win, LSC_MODEL_TCPIP5);
  g_autoptr (GPtrArray) five = layer_rows ();
  g_assert_cmpuint (five->len, ==, 5);
  lsc_window_set_model (win, LSC_MODEL_OSI);
  g_autoptr (GPtrArray) seven = layer_rows ();
  g_assert_cmpuint (seven->len, ==, 7);
}

static gboolean
filtered (void)
{
  return !lsc_packet_list_is_filtering (lsc_window_get_packet_list (win));
}

static void
test_display_filter (void)
{
  LscPacketList *list = lsc_window_get_packet_list (win);
  GListModel *rows = lsc_packet_list_get_rows (list);
  g_assert_true (lsc_packet_list_set_filter_text (list, "tcp.flags.syn == 1"));
  wait_for (filtered, "the filter");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 2);
  g_assert_true (lsc_packet_list_set_filter_text (list, "tcp.flags.ack == 1 && ip.src == 198.18.0.1"));
  wait_for (filtered, "the filter");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);
  /* A broken filter keeps the old one and says why, inline. */
  g_assert_false (lsc_packet_list_set_filter_text (list, "ip.ttl =="));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);
  g_assert_true (gtk_widget_has_css_class (lsc_packet_list_get_filter_entry (list), "error"));
  g_assert_true (lsc_packet_list_set_filter_text (list, ""));
  wait_for (filtered, "the filter");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 3);
}

/* Every label under w whose text starts with prefix. */
static void
find_labels (GtkWidget *w, const char *prefix, GPtrArray *out)
{
  if (GTK_IS_LABEL (w) && gtk_widget_get_mapped (w) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (w)), prefix))
    g_ptr_array_add (out, w);
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    find_labels (c, prefix, out);
}

/* The colour classes a packet list cell carries. */
static guint
row_classes (GtkWidget *cell, const char **which)
{
  static const char *const classes[] = { "pkt-tcp", "pkt-udp", "pkt-arp", "pkt-icmp", "pkt-dns", "pkt-http",
                                         "pkt-syn", "pkt-fin", "pkt-rst", "pkt-error", "pkt-other" };
  guint n = 0;
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    if (gtk_widget_has_css_class (cell, classes[i]))
      {
        *which = classes[i];
        n++;
      }
  return n;
}

/* Each Info cell shows its whole line as a tooltip when asked, and carries
 * exactly one colour class, also after a filter binds it to another row. */
static void
test_row_cells (void)
{
  LscPacketList *list = lsc_window_get_packet_list (win);
  GtkWidget *view = lsc_packet_list_get_column_view (list);
  spin (100);
  g_autoptr (GPtrArray) syn = g_ptr_array_new ();
  find_labels (view, "handshake 1/3 SYN", syn);
  g_assert_cmpuint (syn->len, ==, 1);
  GtkWidget *label = g_ptr_array_index (syn, 0);
  g_assert_true (gtk_widget_get_has_tooltip (label));
  GtkTooltip *tip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  gboolean shown = FALSE;
  g_signal_emit_by_name (label, "query-tooltip", 1, 1, FALSE, tip, &shown);
  g_assert_true (shown);
  g_object_unref (tip);
  const char *which = NULL;
  g_assert_cmpuint (row_classes (gtk_widget_get_parent (label), &which), ==, 1);
  g_assert_cmpstr (which, ==, "pkt-syn");

  /* Only the ACK is left: whichever cell shows it is a plain TCP row now. */
  g_assert_true (lsc_packet_list_set_filter_text (list, "tcp.flags.syn == 0"));
  wait_for (filtered, "the filter");
  spin (100);
  g_autoptr (GPtrArray) ack = g_ptr_array_new ();
  find_labels (view, "handshake 3/3 ACK", ack);
  g_assert_cmpuint (ack->len, ==, 1);
  g_assert_cmpuint (row_classes (gtk_widget_get_parent (g_ptr_array_index (ack, 0)), &which), ==, 1);
  g_assert_cmpstr (which, ==, "pkt-tcp");
  g_assert_true (lsc_packet_list_set_filter_text (list, ""));
  wait_for (filtered, "the filter");
}

static void
test_copy_formats (void)
{
  LscHexView *hex = lsc_window_get_hex_view (win);
  lsc_window_select_packet (win, 0);
  spin (20);
  LscTree *t = shown_tree ();
  lsc_layer_tree_select_node (lsc_window_get_layer_tree (win), lsc_tree_find (t, "ip.ttl"));
  g_autofree char *hexs = lsc_hex_view_format_hex (hex);
  g_assert_cmpstr (hexs, ==, "40");
  g_autofree char *c = lsc_hex_view_format_c_array (hex);
  g_assert_true (strstr (c, "[1] = {\n  0x40,\n};") != NULL);
  /* The header as struct.pack: version/IHL byte first, TTL 0x40 and protocol 6 in order. */
  g_autofree char *py = lsc_hex_view_format_python (hex);
  g_assert_true (strstr (py, "struct.pack('!") != NULL);
  g_assert_true (strstr (py, "0x45") != NULL);
  g_assert_true (strstr (py, "0x40, 0x06") != NULL);
}

static void
test_screenshot (void)
{
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_assert_true (lsc_benchmark_select_tcp (win));
  spin (300);
  const char *dir = g_getenv ("LSC_BUILD_ROOT");
  g_autofree char *png = g_build_filename (dir ? dir : ".", "gui-main-window.png", NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (lsc_window_save_png (win, png, &error));
  g_assert_no_error (error);
  g_autoptr (GdkTexture) tex = gdk_texture_new_from_filename (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (tex), >=, 800);
  g_test_message ("screenshot: %s", png);

  /* The same window in the dark style, for a person to look at. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  spin (300);
  save_artifact ("gui-main-window-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static gboolean
some_rows (void)
{
  return g_list_model_get_n_items (lsc_packet_list_get_rows (lsc_window_get_packet_list (win))) > 0;
}

/* Filtering a big capture runs in slices: a progress bar and a stop button
 * show while it runs, stopping shows every packet again, and a filter left
 * to run ends with only its matches and no progress bar. */
static void
test_filter_progress_stop (void)
{
  enum { ROUNDS = 10000 };
  g_autofree char *path = write_handshakes ("lsc-gui-handshakes.pcap", ROUNDS);
  g_autoptr (GFile) f = g_file_new_for_path (path);
  lsc_window_open_file (win, f);
  wait_for (done_loading, "the capture to load");
  LscPacketList *list = lsc_window_get_packet_list (win);
  GListModel *rows = lsc_packet_list_get_rows (list);
  GtkWidget *bar = lsc_gui_find_widget (GTK_WIDGET (list), GTK_TYPE_PROGRESS_BAR);
  g_assert_nonnull (bar);
  g_assert_false (gtk_widget_get_visible (bar));

  g_assert_true (lsc_packet_list_set_filter_text (list, "tcp.flags.syn == 1"));
  wait_for (some_rows, "the first matching rows");
  g_assert_true (lsc_packet_list_is_filtering (list));
  g_assert_true (gtk_widget_get_visible (bar));
  g_assert_true (g_str_has_prefix (gtk_progress_bar_get_text (GTK_PROGRESS_BAR (bar)), "Filtering"));
  /* Matches show while the rest is still being filtered. */
  g_assert_cmpuint (g_list_model_get_n_items (rows), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (rows), <, 2 * ROUNDS);
  lsc_packet_list_stop_filter (list);
  g_assert_false (lsc_packet_list_is_filtering (list));
  g_assert_false (gtk_widget_get_visible (bar));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 3 * ROUNDS);

  g_assert_true (lsc_packet_list_set_filter_text (list, "tcp.flags.syn == 1"));
  lsc_gui_wait_for (filtered, "the filter", 60);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 2 * ROUNDS);
  g_assert_false (gtk_widget_get_visible (bar));
  g_assert_true (lsc_packet_list_set_filter_text (list, ""));
  wait_for (filtered, "the filter");
  g_unlink (path);
}

/* Help > About names the website and the issue tracker (the URLs the
 * metainfo names too: both come from meson.build). */
static void
test_about_links (void)
{
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  spin (100);
  GtkWindow *about = NULL;
  GListModel *tops = gtk_window_get_toplevels ();  /* owned by GTK */
  for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
    {
      g_autoptr (GObject) w = g_list_model_get_item (tops, i);
      if (ADW_IS_ABOUT_WINDOW (w))
        about = GTK_WINDOW (w);
    }
  g_assert_nonnull (about);
  g_autofree char *website = NULL, *issues = NULL;
  g_object_get (about, "website", &website, "issue-url", &issues, NULL);
  g_assert_cmpstr (website, ==, LSC_WEBSITE);
  g_assert_cmpstr (issues, ==, LSC_ISSUES_URL);
  g_assert_true (g_str_has_prefix (website, "https://"));
  g_assert_true (g_str_has_prefix (issues, "https://"));
  gtk_window_destroy (about);
}

/* Open a capture of the golden corpus and wait until it is analysed. */
static void
open_golden (const char *name)
{
  const char *root = g_getenv ("LSC_SOURCE_ROOT");
  g_autofree char *path = g_build_filename (root ? root : ".", "tests", "golden", "captures", name, NULL);
  g_autoptr (GFile) f = g_file_new_for_path (path);
  lsc_window_open_file (win, f);
  wait_for (done_loading, "the capture to load and be analysed");
}

/* The value of the first node with field id in the shown tree, G_MAXUINT64 when none. */
static guint64
shown_value (const char *id)
{
  LscTree *t = shown_tree ();
  gint32 i = t ? lsc_tree_find (t, id) : -1;
  return i >= 0 ? lsc_tree_node (t, i)->v.u : G_MAXUINT64;
}

/* IP fragments: the app dissects a packet only when it is shown, so the
 * fragment that completes a datagram must find the reassembly's result
 * whichever packet the user selects first (here the last one of an
 * out-of-order ping, before any other), and every fragment points to it. */
static void
test_reassembled_fragments (void)
{
  open_golden ("ip-frag.pcap");

  /* Frame 6 brings the middle of a ping whose last fragment came first (4). */
  lsc_window_select_packet (win, 5);
  spin (50);
  g_assert_cmpuint (shown_value ("ip.fragment.count"), ==, 3);
  g_assert_cmpuint (shown_value ("ip.reassembled.length"), ==, 3008);
  g_assert_cmpuint (shown_value ("icmp.type"), ==, 8);
  g_assert_cmpuint (shown_value ("icmp.resp_in"), ==, 9);
  LscTree *t = shown_tree ();
  gint32 icmp = lsc_tree_find (t, "icmp");
  g_assert_cmpint (icmp, >=, 0);
  g_assert_true (lsc_tree_node (t, icmp)->flags & LSC_NODE_REASSEMBLED);
  GListModel *rows = lsc_packet_list_get_rows (lsc_window_get_packet_list (win));
  g_autoptr (LscPacketRow) r6 = g_list_model_get_item (rows, 5);
  g_assert_cmpstr (lsc_packet_row_get_protocol (r6), ==, "ICMP");
  /* The anatomy bar: this frame's bytes are fragment data, not a trailer,
   * and the ICMP header (in the first fragment's frame) takes none of them. */
  g_assert_true (g_str_has_prefix (lsc_anatomy_bar_get_text (lsc_window_get_anatomy_bar (win)),
                                   "Ethernet 14 | IPv4 20 | fragment data 1480 | FCS 4"));

  /* Its first fragment (frame 5) and its last (frame 4) point to frame 6. */
  lsc_window_select_packet (win, 3);
  spin (50);
  g_assert_cmpuint (shown_value ("ip.reassembled_in"), ==, 6);
  g_assert_cmpuint (shown_value ("icmp.type"), ==, G_MAXUINT64);
  g_autoptr (LscPacketRow) r5 = g_list_model_get_item (rows, 4);
  g_assert_nonnull (strstr (lsc_packet_row_get_info (r5), "[Reassembled in #6]"));

  /* IPv6: frame 12 completes 10 and 11. */
  lsc_window_select_packet (win, 9);
  spin (50);
  g_assert_cmpuint (shown_value ("ipv6.reassembled.in"), ==, 12);
  lsc_window_select_packet (win, 11);
  spin (50);
  g_assert_cmpuint (shown_value ("ipv6.fragment.count"), ==, 3);
  g_assert_cmpuint (shown_value ("udp.length"), ==, 3008);

  /* The datagram whose middle never came: both fragments say so. */
  lsc_window_select_packet (win, 20);
  spin (50);
  g_assert_cmpuint (shown_value ("ip.fragment.error"), ==, 21);
  g_assert_cmpuint (shown_value ("ip.reassembled_in"), ==, G_MAXUINT64);
}

/* An HTTP response over three segments: selected first, the segment that
 * completes it shows the whole message; the earlier ones point to it; the
 * response whose next segment never came shows what it has. */
static void
test_reassembled_http (void)
{
  open_golden ("http-segments.pcap");

  lsc_window_select_packet (win, 9);
  spin (50);
  g_assert_cmpuint (shown_value ("http.response.code"), ==, 200);
  g_assert_cmpuint (shown_value ("tcp.segment.count"), ==, 3);
  g_assert_cmpuint (shown_value ("http.content_length"), ==, 4000);
  lsc_window_select_packet (win, 5);
  spin (50);
  g_assert_cmpuint (shown_value ("tcp.reassembled_in"), ==, 10);
  g_assert_true (g_str_has_prefix (lsc_anatomy_bar_get_text (lsc_window_get_anatomy_bar (win)),
                                   "Ethernet 14 | IPv4 20 | TCP 20 | segment data 1448 | FCS 4"));
  g_assert_cmpuint (shown_value ("http.response.code"), ==, G_MAXUINT64);
  GListModel *rows = lsc_packet_list_get_rows (lsc_window_get_packet_list (win));
  g_autoptr (LscPacketRow) r7 = g_list_model_get_item (rows, 6);
  g_assert_nonnull (strstr (lsc_packet_row_get_info (r7), "[TCP segment of a reassembled PDU]"));
  lsc_window_select_packet (win, 12);
  spin (50);
  g_assert_cmpuint (shown_value ("tcp.segment.error"), ==, 13);
  g_assert_cmpuint (shown_value ("http.response.code"), ==, 200);
}

int
main (int argc, char **argv)
{
  if (!lsc_gui_test_init (&argc, &argv))
    return 0;
  win = lsc_gui_test_window (&app, 1200, 800);
  capture_path = write_capture ();

  g_test_add_func ("/gui/welcome", test_welcome);
  g_test_add_func ("/gui/open-bundled", test_open_bundled);
  g_test_add_func ("/gui/open-lists-rows", test_open_lists_rows);
  g_test_add_func ("/gui/columns-fit-1024", test_columns_fit_1024);
  g_test_add_func ("/gui/syn-tree-layers", test_syn_tree_layers);
  g_test_add_func ("/gui/ttl-highlights-byte-22", test_ttl_highlights_byte_22);
  g_test_add_func ("/gui/click-byte-selects-node", test_click_byte_selects_node);
  g_test_add_func ("/gui/anatomy-click", test_anatomy_click);
  g_test_add_func ("/gui/switch-model-regroups", test_switch_model_regroups);
  g_test_add_func ("/gui/display-filter", test_display_filter);
  g_test_add_func ("/gui/row-cells", test_row_cells);
  g_test_add_func ("/gui/copy-formats", test_copy_formats);
  g_test_add_func ("/gui/screenshot", test_screenshot);
  g_test_add_func ("/gui/filter-progress-stop", test_filter_progress_stop);
  g_test_add_func ("/gui/about-links", test_about_links);
  g_test_add_func ("/gui/reassembled-fragments", test_reassembled_fragments);
  g_test_add_func ("/gui/reassembled-http", test_reassembled_http);
  int rc = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (win));
  g_unlink (capture_path);
  g_free (capture_path);
  g_object_unref (app);
  return rc;
}

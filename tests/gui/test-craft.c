/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-craft.c — the craft window driven in-process (run under Xvfb)
 *
 * Without a network: the preview follows every edit, a bad value in each
 * kind of field is marked under it and keeps Send off with the reason,
 * nothing is sent then, and the frames saved to pcap/pcapng reopen with the
 * same bytes.
 *
 * With LSC_TEST_IFACE and LSC_TEST_PEER (set by live-netns.sh, which runs
 * this inside a network namespace, the peer listening on TCP port 8080): the window sends a ping, an ARP
 * request, a TCP SYN to an open and to a closed port and a UDP datagram to
 * the peer, whose kernel answers; the answers reach the session's store and
 * the analysis pairs them (echo reply, ARP reply, SYN-ACK, RST refused,
 * ICMP port unreachable).  Connect opens a real connection to the peer
 * (and to a closed port, and listens for the peer's client): every segment
 * row carries the socket call behind it, in the session, the Info column and
 * on the flow arrow, and the log says which end reached TIME-WAIT.
 */
#include "lsc-application.h"
#include "lsc-window.h"
#include "lsc-craft-window.h"
#include "lsc-gui-test.h"
#include "lsc-layer-colors.h"
#include "capture/lsc-capture-file.h"
#include "core/lsc-conv.h"
#include "core/lsc-ladder.h"
#include "core/lsc-dissect.h"
#include "lsc-flow-view.h"

#include <glib/gstdio.h>
#include <string.h>

static LscApplication *app;
static LscWindow *win;
static LscCraftWindow *cw;

static GBytes *
frame (void)
{
  GBytes *b = lsc_craft_window_get_frame (cw);
  g_assert_nonnull (b);
  return b;
}

static guint8
byte_at (gsize off)
{
  gsize n;
  const guint8 *d = g_bytes_get_data (frame (), &n);
  g_assert_cmpuint (off, <, n);
  return d[off];
}

/* The node of field id in the tree the layer tree shows. */
static const LscNode *
shown_node (const char *id)
{
  GListModel *rows = lsc_layer_tree_get_rows (lsc_craft_window_get_layer_tree (cw));
  g_assert_cmpuint (g_list_model_get_n_items (rows), >, 0);
  g_autoptr (GtkTreeListRow) r = g_list_model_get_item (rows, 0);
  g_autoptr (LscLayerItem) item = gtk_tree_list_row_get_item (r);
  const LscTree *t = lsc_layer_item_get_decoded (item)->tree;
  gint32 i = lsc_tree_find (t, id);
  if (i < 0)
    g_error ("the preview shows no %s", id);
  return lsc_tree_node (t, i);
}

static guint64
tree_value (const char *id)
{
  return shown_node (id)->v.u;
}

/* Pictures for people: taken right after a paint, while the window's
 * drawing is fresh (anything queued later drops it), and never failing the
 * test (a busy machine may not paint in time). */
typedef struct {
  GtkWidget *w;
  const char *path;
  gboolean done, saved;
} Shot;

static Shot *shot;

static void
after_paint_cb (GdkFrameClock *clock, gpointer data)
{
  Shot *s = data;
  if (s->done)
    return;
  g_autoptr (GError) error = NULL;
  s->saved = lsc_widget_save_png (s->w, s->path, &error);
  /* Nothing drawn yet: the next paint. */
  s->done = s->saved;
  if (!s->saved)
    gtk_widget_queue_draw (s->w);
}

static gboolean
shot_done (void)
{
  return shot->done;
}

static void
save_png (GtkWidget *w, const char *name)
{
  const char *root = g_getenv ("LSC_BUILD_ROOT");
  if (!root)
    return;
  g_autofree char *png = g_build_filename (root, name, NULL);
  Shot s = { w, png, FALSE, FALSE };
  shot = &s;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (w);
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &s);
  gtk_widget_queue_draw (w);
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!shot_done () && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_signal_handler_disconnect (clock, id);
  if (!s.saved)
    g_test_message ("no picture %s: the window did not paint in time", png);
}

static void
type (const char *id, const char *text)
{
  g_assert_true (lsc_craft_window_set_field (cw, id, text));
  lsc_gui_spin (20);
}

static void
test_preview_follows_edits (void)
{
  lsc_craft_window_set_template (cw, LSC_CRAFT_TEMPLATE_TCP);
  g_assert_true (lsc_craft_window_set_iface (cw, "lo"));
  type ("ip.dst", "198.18.0.2");
  type ("ip.ttl", "3");
  g_assert_cmpuint (byte_at (22), ==, 3);
  g_assert_cmpuint (tree_value ("ip.ttl"), ==, 3);
  type ("tcp.dstport", "8081");
  g_assert_cmpuint (tree_value ("tcp.dstport"), ==, 8081);
  g_assert_cmpuint (byte_at (36), ==, 8081 >> 8);
  g_assert_cmpuint (byte_at (37), ==, 8081 & 0xff);
  /* The anatomy bar and the hex view show the same frame, payload included. */
  g_assert_nonnull (strstr (lsc_anatomy_bar_get_text (lsc_craft_window_get_anatomy_bar (cw)), "TCP 24"));
  gsize before = g_bytes_get_size (frame ());
  type ("data.data", "hello");
  g_assert_cmpuint (g_bytes_get_size (frame ()), ==, before + 5);
  /* The whole frame, not the field the tree has selected. */
  lsc_hex_view_set_highlight (lsc_craft_window_get_hex_view (cw), 0, 0);
  g_autofree char *hex = lsc_hex_view_format_hex (lsc_craft_window_get_hex_view (cw));
  g_assert_nonnull (strstr (hex, "68 65 6c 6c 6f"));
  /* A forced checksum is shown as typed. */
  type ("tcp.checksum", "0xbeef");
  g_assert_cmpuint (byte_at (50), ==, 0xbe);
  g_assert_cmpuint (tree_value ("tcp.checksum"), ==, 0xbeef);
  type ("tcp.checksum", "");
  g_assert_cmpuint (tree_value ("tcp.checksum"), !=, 0xbeef);
  /* Focusing a field selects it in the tree, and its bytes in the hex view. */
  gtk_widget_grab_focus (lsc_craft_window_get_field_entry (cw, "ip.ttl"));
  lsc_gui_spin (50);
  guint off = 0, len = 0;
  lsc_hex_view_get_highlight (lsc_craft_window_get_hex_view (cw), &off, &len);
  g_assert_cmpuint (off, ==, 22);
  g_assert_cmpuint (len, ==, 1);
  /* The same bytes as the form builds, and Send is on. */
  g_autoptr (GBytes) built = lsc_craft_form_build (lsc_craft_window_get_form (cw), NULL);
  g_assert_true (g_bytes_equal (built, frame ()));
  g_assert_null (lsc_craft_window_get_send_blocker (cw));

  /* Each field explains itself on hover with the decoder's sentence. */
  const char *tip = gtk_widget_get_tooltip_markup (lsc_craft_window_get_field_entry (cw, "ip.ttl"));
  g_assert_nonnull (strstr (tip, "ip.ttl"));
  g_autofree char *blurb = g_markup_escape_text (lsc_fields_lookup ("ip.ttl")->blurb, -1);
  g_assert_nonnull (strstr (tip, blurb));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_markup (lsc_craft_window_get_field_entry (cw, "tcp.checksum")),
                            "Computed"));

  /* The form is grouped by the model's layers, and follows the main window's switch. */
  g_assert_nonnull (lsc_gui_find_label (GTK_WIDGET (cw), "Layer 4: Transport", TRUE));
  lsc_window_set_model (win, LSC_MODEL_TCPIP4);
  lsc_gui_spin (50);
  g_assert_null (lsc_gui_find_label (GTK_WIDGET (cw), "Layer 4: Transport", TRUE));
  g_assert_nonnull (lsc_gui_find_label (GTK_WIDGET (cw), "Layer 3: Transport", TRUE));
  g_assert_nonnull (lsc_gui_find_label (GTK_WIDGET (cw), "Layer 1: Link", TRUE));
  g_assert_cmpuint (tree_value ("ip.ttl"), ==, 3);
  lsc_window_set_model (win, LSC_MODEL_OSI);
  lsc_gui_spin (50);
  g_assert_nonnull (lsc_gui_find_label (GTK_WIDGET (cw), "Layer 4: Transport", TRUE));

  /* Another template: its own rows, its own frame. */
  lsc_craft_window_set_template (cw, LSC_CRAFT_TEMPLATE_ARP_REQUEST);
  lsc_gui_spin (20);
  g_assert_null (lsc_craft_window_get_field_entry (cw, "ip.ttl"));
  g_assert_nonnull (lsc_craft_window_get_field_entry (cw, "arp.dst.proto_ipv4"));
  g_assert_cmpuint (g_bytes_get_size (frame ()), ==, 42);
  g_assert_cmpuint (tree_value ("arp.opcode"), ==, 1);
  save_png (GTK_WIDGET (cw), "gui-craft-arp.png");
}

static gboolean
auto_on (const char *id)
{
  GtkWidget *b = lsc_craft_window_get_auto_check (cw, id);
  g_assert_nonnull (b);
  return gtk_check_button_get_active (GTK_CHECK_BUTTON (b));
}

static const char *
placeholder (const char *id)
{
  return gtk_entry_get_placeholder_text (GTK_ENTRY (lsc_craft_window_get_field_entry (cw, id)));
}

/* Computed rows say "auto" with their value; the auto box forces a value
 * (starting from the computed one) and gives it back; a forced wrong
 * checksum is what the preview's decoder calls bad. */
static void
test_auto_and_forced (void)
{
  lsc_craft_window_set_template (cw, LSC_CRAFT_TEMPLATE_UDP);
  g_assert_true (lsc_craft_window_set_iface (cw, "lo"));
  type ("eth.dst", "02:00:00:00:00:02");
  type ("data.data", "hello");
  g_assert_null (lsc_craft_window_get_auto_check (cw, "udp.dstport"));
  g_assert_true (auto_on ("udp.length"));
  g_assert_cmpstr (placeholder ("udp.length"), ==, "auto: 13");
  g_assert_cmpstr (placeholder ("ip.len"), ==, "auto: 33");
  guint16 right = (guint16) tree_value ("udp.checksum");
  g_autofree char *right_text = g_strdup_printf ("auto: 0x%04x", right);
  g_assert_cmpstr (placeholder ("udp.checksum"), ==, right_text);
  g_assert_true (shown_node ("udp.checksum")->flags & LSC_NODE_CHECKSUM_GOOD);

  /* Unticked: the entry holds the computed value, now forced (same bytes). */
  g_autoptr (GBytes) before = g_bytes_ref (frame ());
  gtk_check_button_set_active (GTK_CHECK_BUTTON (lsc_craft_window_get_auto_check (cw, "udp.checksum")), FALSE);
  lsc_gui_spin (20);
  g_autofree char *forced = g_strdup_printf ("0x%04x", right);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (lsc_craft_window_get_field_entry (cw, "udp.checksum"))), ==, forced);
  g_assert_cmpstr (lsc_craft_form_get (lsc_craft_window_get_form (cw), "udp.checksum"), ==, forced);
  g_assert_true (g_bytes_equal (before, frame ()));
  /* A wrong value: those bytes, and the decoder says bad; Send stays on. */
  type ("udp.checksum", "0x1234");
  g_assert_cmpuint (byte_at (40), ==, 0x12);
  g_assert_cmpuint (byte_at (41), ==, 0x34);
  g_assert_true (shown_node ("udp.checksum")->flags & LSC_NODE_CHECKSUM_BAD);
  g_assert_null (lsc_craft_window_get_send_blocker (cw));
  save_png (GTK_WIDGET (cw), "gui-craft-bad-checksum.png");
  /* Ticked again: computed again. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (lsc_craft_window_get_auto_check (cw, "udp.checksum")), TRUE);
  lsc_gui_spin (20);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (lsc_craft_window_get_field_entry (cw, "udp.checksum"))), ==, "");
  g_assert_true (g_bytes_equal (before, frame ()));

  /* Typing a value unticks auto; clearing the entry ticks it. */
  type ("udp.length", "9");
  g_assert_false (auto_on ("udp.length"));
  g_assert_cmpuint (tree_value ("udp.length"), ==, 9);
  type ("udp.length", "");
  g_assert_true (auto_on ("udp.length"));
  g_assert_true (g_bytes_equal (before, frame ()));

  /* An Ethernet frame of 19 bytes: no padding to 60. */
  lsc_craft_window_set_template (cw, LSC_CRAFT_TEMPLATE_ETHER);
  lsc_gui_spin (20);
  g_assert_cmpuint (g_bytes_get_size (frame ()), ==, 19);
  g_assert_cmpuint (tree_value ("eth.type"), ==, 0x88b5);
  type ("eth.type", "0x0800");
  g_assert_cmpuint (byte_at (12), ==, 0x08);
  g_assert_nonnull (lsc_gui_find_label (GTK_WIDGET (cw), "Layer 2: Data link", TRUE));
  save_png (GTK_WIDGET (cw), "gui-craft-ether.png");
}

/* What was sent in an earlier run is in a new craft window's history, ready to send again. */
static void
test_history_from_earlier_runs (void)
{
  g_autoptr (GPtrArray) sent = g_ptr_array_new_with_free_func ((GDestroyNotify) lsc_craft_sent_free);
  g_autoptr (LscCraftForm) ping = lsc_craft_form_new (LSC_CRAFT_TEMPLATE_PING);
  g_assert_true (lsc_craft_form_set (ping, "ip.ttl", "3", NULL));
  g_autoptr (LscCraftForm) ether = lsc_craft_form_new (LSC_CRAFT_TEMPLATE_ETHER);
  g_assert_true (lsc_craft_form_set (ether, "eth.type", "0x0806", NULL));
  g_ptr_array_add (sent, lsc_craft_sent_new (ether, "lo", 2, 0.5));
  g_ptr_array_add (sent, lsc_craft_sent_new (ping, "lo", 1, 1.0));
  g_autofree char *path = lsc_craft_history_path ();
  g_assert_true (lsc_craft_history_save (sent, path, NULL));

  LscWindow *other = lsc_window_new (GTK_APPLICATION (app));
  LscCraftWindow *ocw = lsc_craft_window_get_for (other);
  gtk_window_present (GTK_WINDOW (ocw));
  lsc_gui_spin (50);
  g_assert_cmpuint (lsc_craft_window_get_n_history (ocw), ==, 2);
  g_assert_nonnull (strstr (lsc_craft_window_get_history (ocw, 0), "ether"));
  g_assert_nonnull (strstr (lsc_craft_window_get_history (ocw, 0), "eth.type=0x0806"));
  g_assert_nonnull (strstr (lsc_craft_window_get_history (ocw, 0), "×2 on lo"));
  g_assert_nonnull (strstr (lsc_craft_window_get_history (ocw, 1), "ip.ttl=3"));
  gtk_window_destroy (GTK_WINDOW (other));
  lsc_gui_spin (50);
  g_assert_true (g_remove (path) == 0);
}

static void
expect_blocked (const char *id, const char *text, const char *phrase)
{
  gsize n;
  g_autoptr (GBytes) last = g_bytes_ref (frame ());
  guint history = lsc_craft_window_get_n_history (cw);
  type (id, text);
  const char *err = lsc_craft_window_get_field_error (cw, id);
  if (!err || !strstr (err, phrase))
    g_error ("%s=%s: the field says '%s', not '%s'", id, text, err ? err : "(nothing)", phrase);
  g_assert_null (strchr (err, '\n'));
  /* Send says why it is off, and does nothing. */
  const char *why = lsc_craft_window_get_send_blocker (cw);
  g_assert_nonnull (why);
  g_assert_nonnull (strstr (why, err));
  g_assert_nonnull (strstr (lsc_craft_window_get_status (cw), err));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (cw), "craft.send", NULL) &&
                  lsc_craft_window_is_sending (cw));
  g_assert_false (lsc_craft_window_send (cw));
  g_assert_cmpuint (lsc_craft_window_get_n_history (cw), ==, history);
  g_assert_false (lsc_session_is_capturing (lsc_window_get_session (win)));
  /* The preview keeps the last frame that could be built. */
  if (!g_bytes_equal (last, frame ()))
    g_error ("%s=%s changed the preview", id, text);
  (void) n;
}

static void
test_invalid_disables_send (void)
{
  lsc_craft_window_set_template (cw, LSC_CRAFT_TEMPLATE_TCP);
  g_assert_true (lsc_craft_window_set_iface (cw, "lo"));
  lsc_gui_spin (20);
  g_assert_null (lsc_craft_window_get_send_blocker (cw));
  const struct { const char *id, *text, *phrase, *fix; } cases[] = {
    { "eth.src", "02:00:00:00:00", "not a MAC address", "02:00:00:00:00:01" },
    { "ip.dst", "198.18.0.256", "not an IPv4 address", "198.18.0.2" },
    { "ip.ttl", "nan", "not a whole number", "64" },
    { "ip.ttl", "-1", "negative", "64" },
    { "ip.ttl", "300", "out of range", "64" },
    { "tcp.dstport", "0", "out of range", "80" },
    { "tcp.flags", "SZ", "not a set of TCP flags", "S" },
    { "tcp.checksum", "good", "not a checksum", "" },
    { "tcp.seq", "99999999999", "out of range", "1" },
    { "tcp.options.wscale.shift", "15", "out of range", "" },
    { "tcp.options.timestamp.tsval", "-3", "negative", "" },
    { "tcp.hdr_len", "21", "not a multiple of 4", "" },
    { "ip.len", "65536", "out of range", "" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      expect_blocked (cases[i].id, cases[i].text, cases[i].phrase);
      type (cases[i].id, cases[i].fix);
      g_assert_null (lsc_craft_window_get_field_error (cw, cases[i].id));
      g_assert_null (lsc_craft_window_get_send_blocker (cw));
    }
  g_autofree char *big = g_strnfill (1490, 'x');
  expect_blocked ("data.data", big, "do not fit one Ethernet frame");
  type ("data.data", "");
  /* Hex payload: an odd number of digits. */
  g_autoptr (GError) e = NULL;
  g_assert_false (lsc_craft_window_apply (cw, "data.data=hex:abc", &e));
  g_assert_nonnull (lsc_craft_window_get_field_error (cw, "data.data"));
  g_assert_nonnull (lsc_craft_window_get_send_blocker (cw));
  g_assert_true (lsc_craft_window_apply (cw, "data.data=hex:ab cd", NULL));
  g_assert_null (lsc_craft_window_get_send_blocker (cw));
  type ("ip.ttl", "nan");
  save_png (GTK_WIDGET (cw), "gui-craft-invalid.png");
  type ("ip.ttl", "64");
}

static gboolean
main_loaded (void)
{
  return !lsc_window_is_loading (win) && !lsc_window_is_analysing (win);
}

static void
check_saved (const char *name)
{
  lsc_craft_window_set_template (cw, LSC_CRAFT_TEMPLATE_PING);
  g_assert_true (lsc_craft_window_set_iface (cw, "lo"));
  type ("ip.dst", "198.18.0.2");
  type ("eth.dst", "02:00:00:00:00:02");
  lsc_craft_window_set_count (cw, 3, 0.5);
  const char *root = g_getenv ("LSC_BUILD_ROOT");
  g_autofree char *path = g_build_filename (root ? root : g_get_tmp_dir (), name, NULL);
  g_unlink (path);
  g_autoptr (GError) error = NULL;
  lsc_craft_window_set_ttl_series (cw, TRUE);
  g_assert_true (lsc_craft_window_save (cw, path, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (lsc_craft_window_get_status (cw), "Saved 3 frames"));

  /* Opened in the main window: three pings, seq 1, 2, 3, the bytes the form builds. */
  g_autoptr (GFile) f = g_file_new_for_path (path);
  lsc_window_open_file (win, f);
  lsc_gui_wait_for (main_loaded, "the saved frames to load", 20);
  LscStore *store = lsc_window_get_store (win);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      LscPacket p;
      g_assert_true (lsc_store_get_packet (store, i, &p));
      g_autoptr (GBytes) want = lsc_craft_form_build_nth (lsc_craft_window_get_form (cw), i, NULL, NULL);
      g_assert_cmpmem (p.data, p.caplen, g_bytes_get_data (want, NULL), g_bytes_get_size (want));
      g_assert_cmpuint (p.data[14 + 20 + 7], ==, i + 1);
      /* TTL + 1 for each frame: 64, 65, 66. */
      g_assert_cmpuint (p.data[22], ==, 64 + i);
    }
  lsc_craft_window_set_ttl_series (cw, FALSE);
  lsc_craft_window_set_count (cw, 1, 1.0);
}

static void
test_save_reopen (void)
{
  check_saved ("gui-craft.pcap");
  check_saved ("gui-craft.pcapng");
}

/* One craft window per main window, gone with it. */
static void
test_one_per_main_window (void)
{
  g_assert_true (lsc_craft_window_get_for (win) == cw);
  LscWindow *other = lsc_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (other));
  LscCraftWindow *ocw = lsc_craft_window_get_for (other);
  g_assert_true (ocw != cw);
  gtk_window_present (GTK_WINDOW (ocw));
  lsc_gui_spin (50);
  GWeakRef ref;
  g_weak_ref_init (&ref, ocw);
  gtk_window_destroy (GTK_WINDOW (other));
  lsc_gui_spin (100);
  GObject *still = g_weak_ref_get (&ref);
  g_assert_null (still);
  g_weak_ref_clear (&ref);
}

/* Run with the capture helper missing and direct capture not allowed
 * (LSC_CAPTURE_MODE=helper, LSC_HELPER pointing nowhere): what a user
 * without the privilege sees. */
static void
test_unprivileged (void)
{
  lsc_craft_window_set_template (cw, LSC_CRAFT_TEMPLATE_PING);
  g_assert_true (lsc_craft_window_set_iface (cw, "lo"));
  type ("ip.dst", "198.18.0.2");
  type ("eth.dst", "02:00:00:00:00:02");
  g_assert_null (lsc_craft_window_get_send_blocker (cw));
  g_assert_true (lsc_craft_window_send (cw));
  lsc_gui_spin (50);
  const char *status = lsc_craft_window_get_status (cw);
  g_test_message ("%s", status);
  /* Plain words: what to ask for, no build commands. */
  g_assert_nonnull (strstr (status, "Nothing was sent"));
  g_assert_nonnull (strstr (status, "“layerscope” group"));
  g_assert_null (strstr (status, "meson"));
  g_assert_null (strchr (status, '\n'));
  g_assert_false (lsc_craft_window_is_sending (cw));
  g_assert_false (lsc_session_is_capturing (lsc_window_get_session (win)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (lsc_window_get_store (win))), ==, 0);
  g_assert_cmpuint (lsc_craft_window_get_n_history (cw), ==, 0);
  /* The preview and saving still work. */
  type ("ip.ttl", "1");
  g_assert_cmpuint (byte_at (22), ==, 1);
  check_saved ("gui-craft-unprivileged.pcapng");
  save_png (GTK_WIDGET (cw), "gui-craft-unprivileged.png");

  /* Connect watches the interface too: the same plain sentence, nothing runs. */
  lsc_craft_window_show_connect (cw);
  lsc_craft_window_set_connect (cw, "127.0.0.1", 9, "hello", 0);
  g_assert_null (lsc_craft_window_get_send_blocker (cw));
  g_assert_false (lsc_craft_window_run_connect (cw));
  lsc_gui_spin (50);
  status = lsc_craft_window_get_status (cw);
  g_test_message ("%s", status);
  g_assert_nonnull (strstr (status, "Nothing was run"));
  g_assert_nonnull (strstr (status, "as root"));
  g_assert_null (strchr (status, '\n'));
  g_assert_false (lsc_craft_window_is_connecting (cw));
  g_assert_false (lsc_session_is_capturing (lsc_window_get_session (win)));
  save_png (GTK_WIDGET (cw), "gui-craft-connect-unprivileged.png");
}

/* The connect form: what Run needs, --set's keys, and back to the templates. */
static void
test_connect_form (void)
{
  lsc_craft_window_show_connect (cw);
  g_assert_true (lsc_craft_window_is_connect (cw));
  g_assert_null (lsc_craft_window_get_send_blocker (cw));
  lsc_craft_window_set_connect (cw, "not-an-address", 80, "hello", 0);
  g_assert_nonnull (strstr (lsc_craft_window_get_send_blocker (cw), "IPv4 address"));
  g_assert_false (lsc_craft_window_run_connect (cw));
  g_assert_false (lsc_craft_window_is_connecting (cw));
  g_autoptr (GError) e = NULL;
  g_assert_true (lsc_craft_window_apply (cw, "ip.dst=198.18.0.9", NULL));
  g_assert_null (lsc_craft_window_get_send_blocker (cw));
  g_assert_false (lsc_craft_window_apply (cw, "tcp.dstport=70000", &e));
  g_assert_nonnull (strstr (e->message, "not a port"));
  g_clear_error (&e);
  g_assert_false (lsc_craft_window_apply (cw, "ip.ttl=3", &e));
  g_assert_nonnull (strstr (e->message, "connect takes"));
  /* Listening needs no host. */
  g_assert_true (lsc_craft_window_apply (cw, "listen=8090", NULL));
  lsc_craft_window_set_connect (cw, "", 80, "", 8090);
  g_assert_true (lsc_craft_window_set_iface (cw, "lo"));
  g_assert_null (lsc_craft_window_get_send_blocker (cw));
  lsc_craft_window_set_template (cw, LSC_CRAFT_TEMPLATE_PING);
  g_assert_false (lsc_craft_window_is_connect (cw));
  g_assert_nonnull (lsc_craft_window_get_frame (cw));
}

static gboolean
window_settled (void)
{
  return lsc_gui_window_settled (win);
}

/* A note goes to the packet that is the same segment, and heads its Info. */
static void
test_segment_notes (void)
{
  const char *root = g_getenv ("LSC_SOURCE_ROOT");
  g_autofree char *path = g_build_filename (root ? root : ".", "data", "captures", "handshake-teardown.pcapng", NULL);
  g_autoptr (GFile) f = g_file_new_for_path (path);
  lsc_window_open_file (win, f);
  lsc_gui_wait_for (window_settled, "the capture to load and be analysed", 20);
  LscSession *session = lsc_window_get_session (win);
  LscStore *store = lsc_window_get_store (win);
  g_autoptr (LscTree) t = lsc_tree_new ();
  /* The SYN, as another program decoded it. */
  guint syn = 0, n = g_list_model_get_n_items (G_LIST_MODEL (store));
  for (; syn < n; syn++)
    {
      g_autoptr (LscPacketRow) r = g_list_model_get_item (G_LIST_MODEL (store), syn);
      if ((lsc_packet_row_get_has (r) & LSC_HAS_TCP) && lsc_packet_row_get_tcp_flags (r) == LSC_TCP_SYN)
        break;
    }
  g_assert_cmpuint (syn + 1, <, n);
  LscPacket pkt;
  g_assert_true (lsc_store_get_packet (store, syn, &pkt));
  lsc_dissect (t, &pkt, NULL);
  g_assert_null (lsc_session_get_note (session, syn, NULL));
  lsc_session_note_segment (session, t, "connect()", "connect() returns");
  const char *detail = NULL;
  g_assert_cmpstr (lsc_session_get_note (session, syn, &detail), ==, "connect()");
  g_assert_cmpstr (detail, ==, "connect() returns");
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    if (i != syn)
      g_assert_null (lsc_session_get_note (session, i, NULL));
  g_autoptr (LscPacketRow) row = g_list_model_get_item (G_LIST_MODEL (store), syn);
  g_assert_true (g_str_has_prefix (lsc_packet_row_get_info (row), "connect() · "));
  g_autoptr (LscPacketRow) other = g_list_model_get_item (G_LIST_MODEL (store), syn + 1);
  g_assert_false (g_str_has_prefix (lsc_packet_row_get_info (other), "connect()"));
  /* A segment that is not in the store (one sequence number off) labels nothing. */
  guint8 *bytes = g_memdup2 (pkt.data, pkt.caplen);
  LscPinfo *pi = lsc_tree_pinfo (t);
  guint seq_off = lsc_tree_node (t, pi->tcp_node)->offset + 4;
  bytes[seq_off + 3] ^= 1;
  LscPacket changed = pkt;
  changed.data = bytes;
  lsc_dissect (t, &changed, NULL);
  lsc_session_note_segment (session, t, "send()", NULL);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    g_assert_cmpstr (lsc_session_get_note (session, i, NULL), !=, "send()");
  g_free (bytes);
  /* A new file forgets the notes. */
  lsc_window_open_file (win, f);
  lsc_gui_wait_for (window_settled, "the capture to load again", 20);
  g_assert_null (lsc_session_get_note (session, syn, NULL));
}

/* ---- live, in a namespace ---- */

static guint
count_role (guint want, const char *from)
{
  LscStore *store = lsc_window_get_store (win);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store)), k = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (LscPacketRow) row = g_list_model_get_item (G_LIST_MODEL (store), i);
      guint conv, role, a, b;
      guint32 flags;
      if (lsc_packet_row_get_conversation (row, &conv, &role, &a, &b, &flags) && role == want &&
          (!from || g_strcmp0 (lsc_packet_row_get_source (row), from) == 0))
        k++;
    }
  return k;
}

static guint wait_role_want, wait_role_count;
static const char *wait_role_from;

static gboolean
enough_of_role (void)
{
  return count_role (wait_role_want, wait_role_from) >= wait_role_count && !lsc_craft_window_is_sending (cw);
}

static void
wait_role (guint role, const char *from, guint count, const char *what)
{
  wait_role_want = role;
  wait_role_from = from;
  wait_role_count = count;
  lsc_gui_wait_for (enough_of_role, what, 15);
}

static const char *
peer (void)
{
  const char *p = g_getenv ("LSC_TEST_PEER");
  g_assert_nonnull (p);
  /* Never anything outside the benchmarking range. */
  g_assert_true (g_str_has_prefix (p, "198.18.") || g_str_has_prefix (p, "198.19."));
  return p;
}

static void
send_now (void)
{
  const char *why = lsc_craft_window_get_send_blocker (cw);
  if (why)
    g_error ("Send is off: %s", why);
  g_assert_true (lsc_craft_window_send (cw));
}

/* How many rows of the list hold exactly these bytes. */
static guint
count_frame (GBytes *frame)
{
  LscStore *store = lsc_window_get_store (win);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store)), k = 0;
  gsize size;
  const guint8 *d = g_bytes_get_data (frame, &size);
  for (guint i = 0; i < n; i++)
    {
      LscPacket p;
      if (lsc_store_get_packet (store, i, &p) && p.caplen == size && memcmp (p.data, d, size) == 0)
        k++;
    }
  return k;
}

static void
test_live_ping (void)
{
  lsc_craft_window_set_template (cw, LSC_CRAFT_TEMPLATE_PING);
  g_assert_true (lsc_craft_window_set_iface (cw, g_getenv ("LSC_TEST_IFACE")));
  type ("ip.dst", peer ());
  /* The peer is not in the neighbour table yet: Send asks with ARP first. */
  g_assert_true (lsc_craft_form_needs_dst_mac (lsc_craft_window_get_form (cw)));
  lsc_craft_window_set_count (cw, 2, 0.2);
  send_now ();
  wait_role (LSC_ROLE_ECHO_REPLY, peer (), 2, "two echo replies paired with the crafted requests");
  g_assert_cmpuint (count_role (LSC_ROLE_ECHO_REQUEST, NULL), >=, 2);
  g_assert_true (lsc_session_is_capturing (lsc_window_get_session (win)));
  const char *status = lsc_craft_window_get_status (cw);
  g_test_message ("%s", status);
  g_assert_nonnull (strstr (status, "Sent 2 of 2"));
  /* The run's own pairing says what came back. */
  g_assert_nonnull (strstr (status, "2 answered"));
  g_assert_nonnull (strstr (status, "round trip min/avg/max"));
  /* Each frame sent is in the list exactly once: seen leaving by the capture, not added twice. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (GBytes) sent = lsc_craft_form_build_nth (lsc_craft_window_get_form (cw), i, NULL, NULL);
      g_assert_nonnull (sent);
      g_assert_cmpuint (count_frame (sent), ==, 1);
    }
  lsc_craft_window_set_count (cw, 1, 1.0);
}

static gboolean
time_exceeded_seen (void)
{
  LscStore *store = lsc_window_get_store (win);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (LscPacketRow) row = g_list_model_get_item (G_LIST_MODEL (store), i);
      if (g_str_equal (lsc_packet_row_get_protocol (row), "ICMP") && g_str_equal (lsc_packet_row_get_source (row), peer ()) &&
          strstr (lsc_packet_row_get_info (row), "exceeded"))
        return TRUE;
    }
  return FALSE;
}

/* TTL 1, then 2, to a host behind the peer: the peer (a router) answers the
 * first with time exceeded, the far host the second with an echo reply. */
static void
test_live_ttl_series (void)
{
  const char *far = g_getenv ("LSC_TEST_FAR");
  g_assert_true (far && g_str_has_prefix (far, "198.19."));
  lsc_craft_window_set_template (cw, LSC_CRAFT_TEMPLATE_PING);
  g_assert_true (lsc_craft_window_set_iface (cw, g_getenv ("LSC_TEST_IFACE")));
  type ("ip.dst", far);
  type ("ip.ttl", "1");
  lsc_craft_window_set_ttl_series (cw, TRUE);
  lsc_craft_window_set_count (cw, 2, 0.3);
  guint before = count_role (LSC_ROLE_ECHO_REPLY, far);
  send_now ();
  lsc_gui_wait_for (time_exceeded_seen, "the router's time exceeded for TTL 1", 15);
  wait_role (LSC_ROLE_ECHO_REPLY, far, before + 1, "the far host's echo reply to TTL 2");
  g_assert_nonnull (strstr (lsc_craft_window_get_history (cw, 0), "TTL +1 each"));
  /* TTL 1 drew the router's time exceeded, TTL 2 the far host's reply. */
  const char *status = lsc_craft_window_get_status (cw);
  g_test_message ("%s", status);
  g_assert_nonnull (strstr (status, "1 answered"));
  g_assert_nonnull (strstr (status, "1 ICMP error"));
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (GBytes) sent = lsc_craft_form_build_nth (lsc_craft_window_get_form (cw), i, NULL, NULL);
      g_assert_cmpuint (count_frame (sent), ==, 1);
    }
  lsc_craft_window_set_ttl_series (cw, FALSE);
  lsc_craft_window_set_count (cw, 1, 1.0);
}

static gboolean
not_sending (void)
{
  return !lsc_craft_window_is_sending (cw);
}

/* Nobody holds that address on the link: the run's ARP for it goes
 * unanswered, the status line says so, and nothing is sent or recorded. */
static void
test_live_no_neighbour (void)
{
  lsc_craft_window_set_template (cw, LSC_CRAFT_TEMPLATE_PING);
  g_assert_true (lsc_craft_window_set_iface (cw, g_getenv ("LSC_TEST_IFACE")));
  type ("ip.dst", "198.18.7.99");
  guint history = lsc_craft_window_get_n_history (cw);
  guint requests = count_role (LSC_ROLE_ECHO_REQUEST, NULL);
  send_now ();
  lsc_gui_wait_for (not_sending, "the ARP for 198.18.7.99 to give up", 15);
  const char *status = lsc_craft_window_get_status (cw);
  g_test_message ("%s", status);
  g_assert_nonnull (strstr (status, "Not sent"));
  g_assert_nonnull (strstr (status, "198.18.7.99"));
  g_assert_nonnull (strstr (status, "no ARP reply"));
  g_assert_cmpuint (lsc_craft_window_get_n_history (cw), ==, history);
  g_assert_cmpuint (count_role (LSC_ROLE_ECHO_REQUEST, NULL), ==, requests);
}

static void
test_live_arp (void)
{
  guint before = count_role (LSC_ROLE_ARP_REPLY, NULL);
  lsc_craft_window_set_template (cw, LSC_CRAFT_TEMPLATE_ARP_REQUEST);
  g_assert_true (lsc_craft_window_set_iface (cw, g_getenv ("LSC_TEST_IFACE")));
  type ("arp.dst.proto_ipv4", peer ());
  send_now ();
  wait_role (LSC_ROLE_ARP_REPLY, NULL, before + 1, "the peer's ARP reply");
}

static void
test_live_tcp (void)
{
  lsc_craft_window_set_template (cw, LSC_CRAFT_TEMPLATE_TCP);
  g_assert_true (lsc_craft_window_set_iface (cw, g_getenv ("LSC_TEST_IFACE")));
  type ("ip.dst", peer ());
  type ("tcp.dstport", "8080");
  send_now ();
  wait_role (LSC_ROLE_HS_SYNACK, peer (), 1, "the SYN-ACK from the open port");
  type ("tcp.dstport", "8081");
  send_now ();
  wait_role (LSC_ROLE_RST_REFUSED, peer (), 1, "the RST from the closed port");
}

static gboolean
port_unreachable_seen (void)
{
  LscStore *store = lsc_window_get_store (win);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (LscPacketRow) row = g_list_model_get_item (G_LIST_MODEL (store), i);
      if (g_str_equal (lsc_packet_row_get_protocol (row), "ICMP") && g_str_equal (lsc_packet_row_get_source (row), peer ()) &&
          strstr (lsc_packet_row_get_info (row), "unreachable"))
        return TRUE;
    }
  return FALSE;
}

static void
test_live_udp (void)
{
  lsc_craft_window_set_template (cw, LSC_CRAFT_TEMPLATE_UDP);
  g_assert_true (lsc_craft_window_set_iface (cw, g_getenv ("LSC_TEST_IFACE")));
  type ("ip.dst", peer ());
  type ("udp.dstport", "9");
  type ("data.data", "hello");
  send_now ();
  /* Nothing listens on port 9 there: the peer's kernel says so in ICMP. */
  lsc_gui_wait_for (port_unreachable_seen, "ICMP port unreachable from the peer", 15);
  g_assert_cmpuint (count_role (LSC_ROLE_UDP, NULL), >=, 1);

  /* The history has every send, newest first, and sends again. */
  g_assert_cmpuint (lsc_craft_window_get_n_history (cw), ==, 5);
  g_assert_nonnull (strstr (lsc_craft_window_get_history (cw, 0), "udp"));
  g_assert_nonnull (strstr (lsc_craft_window_get_history (cw, 4), "ping"));
  g_assert_nonnull (strstr (lsc_craft_window_get_history (cw, 3), "arp"));
  guint replies = count_role (LSC_ROLE_ARP_REPLY, NULL);
  g_assert_true (lsc_craft_window_resend (cw, 3));
  wait_role (LSC_ROLE_ARP_REPLY, NULL, replies + 1, "the answer to the ARP request sent again from the history");
  /* Kept for the next run, in the same order. */
  g_autofree char *path = lsc_craft_history_path ();
  g_autoptr (GPtrArray) kept = lsc_craft_history_load (path);
  g_assert_cmpuint (kept->len, ==, 5);
  g_assert_cmpint (lsc_craft_form_get_template (((LscCraftSent *) g_ptr_array_index (kept, 0))->form), ==,
                   LSC_CRAFT_TEMPLATE_UDP);
  lsc_gui_spin (300);
  save_png (GTK_WIDGET (win), "gui-craft-live-main.png");
  save_png (GTK_WIDGET (cw), "gui-craft-live.png");
}

/* ---- connect: a real connection, each captured segment labelled ---- */

static gboolean
connect_done (void)
{
  return !lsc_craft_window_is_connecting (cw);
}

/* The store index of the newest segment from `from` with exactly these TCP
 * flags and (want_data) a payload or none, -1 when there is none. */
static gint
find_segment (const char *from, guint16 flags, gboolean want_data)
{
  LscStore *store = lsc_window_get_store (win);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  for (guint i = n; i-- > 0;)
    {
      g_autoptr (LscPacketRow) row = g_list_model_get_item (G_LIST_MODEL (store), i);
      if (!(lsc_packet_row_get_has (row) & LSC_HAS_TCP) || g_strcmp0 (lsc_packet_row_get_source (row), from) != 0 ||
          (lsc_packet_row_get_tcp_flags (row) & 0xff) != flags)
        continue;
      LscPacket pkt;
      g_autoptr (LscTree) t = lsc_tree_new ();
      g_assert_true (lsc_store_dissect (store, i, t));
      if ((lsc_tree_pinfo_const (t)->tcp_len > 0) == want_data)
        return (gint) i;
      (void) pkt;
    }
  return -1;
}

/* Segment i carries the label, in the session, at the head of its Info row and on its flow arrow. */
static void
assert_labelled (gint i, const char *label, const char *what)
{
  if (i < 0)
    g_error ("no %s was captured", what);
  LscSession *session = lsc_window_get_session (win);
  const char *detail = NULL;
  const char *got = lsc_session_get_note (session, (guint) i, &detail);
  if (g_strcmp0 (got, label) != 0)
    g_error ("the %s (frame %d) is labelled '%s', not '%s'", what, i + 1, got ? got : "(nothing)", label);
  g_assert_nonnull (detail);
  g_autoptr (LscPacketRow) row = g_list_model_get_item (G_LIST_MODEL (lsc_window_get_store (win)), (guint) i);
  g_autofree char *head = g_strconcat (label, " · ", NULL);
  if (!g_str_has_prefix (lsc_packet_row_get_info (row), head))
    g_error ("the %s's Info does not start with '%s': %s", what, head, lsc_packet_row_get_info (row));
  g_autofree char *arrow = lsc_flow_view_describe_frame (lsc_window_get_flow_view (win), (guint64) i + 1);
  if (!arrow || !strstr (arrow, label))
    g_error ("the %s's flow arrow does not say '%s': %s", what, label, arrow ? arrow : "(not in the flow)");
}

static void
assert_log_has (const char *text)
{
  const char *log = lsc_craft_window_get_connect_log (cw);
  if (!strstr (log, text))
    g_error ("the connect log lacks '%s':\n%s", text, log);
}

static const char *
self_ip (void)
{
  return "198.18.7.1";  /* live-netns.sh's own end of the veth pair */
}

static void
run_connect (void)
{
  const char *why = lsc_craft_window_get_send_blocker (cw);
  if (why)
    g_error ("Run is off: %s", why);
  g_assert_true (lsc_craft_window_run_connect (cw));
  g_assert_true (lsc_craft_window_is_connecting (cw));
  lsc_gui_wait_for (connect_done, "the connection to finish", 15);
  /* The flow panel is opened on the connection a moment after. */
  lsc_gui_spin (400);
}

static void
test_live_connect (void)
{
  lsc_craft_window_show_connect (cw);
  g_assert_true (lsc_craft_window_is_connect (cw));
  lsc_craft_window_set_connect (cw, peer (), 8080, "hello", 0);
  run_connect ();
  assert_log_has ("connect() returned 0: ESTABLISHED");
  assert_log_has ("send() returned 5");
  assert_log_has ("close() → FIN");
  assert_log_has ("connect() → SYN sent");
  /* The peer answered and waited for this side to close: this side closed first. */
  assert_log_has ("TIME-WAIT on this side");
  g_assert_true (lsc_window_is_capturing (win));
  /* Handshake and teardown, as the analysis names them. */
  g_assert_cmpuint (count_role (LSC_ROLE_HS_SYN, self_ip ()), >=, 1);
  g_assert_cmpuint (count_role (LSC_ROLE_HS_SYNACK, peer ()), >=, 1);
  g_assert_cmpuint (count_role (LSC_ROLE_HS_ACK, self_ip ()), >=, 1);
  g_assert_cmpuint (count_role (LSC_ROLE_TD_ACK4, self_ip ()), >=, 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (lsc_window_get_flow_view (win))));
  LscLadder *l = lsc_flow_view_get_ladder (lsc_window_get_flow_view (win));
  g_assert_nonnull (l);
  g_assert_cmpuint (lsc_ladder_n_entries (l), >=, 8);
  assert_labelled (find_segment (self_ip (), LSC_TCP_SYN, FALSE), "connect()", "SYN");
  assert_labelled (find_segment (peer (), LSC_TCP_SYN | LSC_TCP_ACK, FALSE), "peer's listen()", "SYN-ACK");
  assert_labelled (find_segment (self_ip (), LSC_TCP_PSH | LSC_TCP_ACK, TRUE), "send()", "data segment");
  assert_labelled (find_segment (peer (), LSC_TCP_PSH | LSC_TCP_ACK, TRUE), "peer's send()", "answer");
  assert_labelled (find_segment (self_ip (), LSC_TCP_FIN | LSC_TCP_ACK, FALSE), "close()", "FIN");
  assert_labelled (find_segment (peer (), LSC_TCP_FIN | LSC_TCP_ACK, FALSE), "peer's close()", "peer's FIN");
  assert_labelled (find_segment (self_ip (), LSC_TCP_ACK, FALSE), "kernel ACK → TIME-WAIT", "last ACK");
  save_png (GTK_WIDGET (win), "gui-craft-connect-main.png");
  save_png (GTK_WIDGET (cw), "gui-craft-connect.png");
}

static void
test_live_connect_refused (void)
{
  lsc_craft_window_set_connect (cw, peer (), 8081, "hello", 0);
  run_connect ();
  assert_log_has ("connect() failed");
  assert_log_has ("Refused: nothing listens on port 8081");
  g_assert_nonnull (strstr (lsc_craft_window_get_status (cw), "nothing listens on port 8081"));
  assert_labelled (find_segment (self_ip (), LSC_TCP_SYN, FALSE), "connect()", "SYN to the closed port");
  assert_labelled (find_segment (peer (), LSC_TCP_RST | LSC_TCP_ACK, FALSE), "no listen() there: RST", "RST");
}

/* The app listens and the peer connects: no server needed. */
static void
test_live_listen (void)
{
  lsc_craft_window_set_connect (cw, peer (), 8080, "welcome", 8090);
  g_assert_true (lsc_craft_window_set_iface (cw, g_getenv ("LSC_TEST_IFACE")));
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "connect-to", NULL);
  g_assert_true (g_file_set_contents (path, "8090", -1, NULL));
  run_connect ();
  assert_log_has ("accept() returned");
  /* The peer's client closed first. */
  assert_log_has ("TIME-WAIT on the peer's side");
  assert_labelled (find_segment (peer (), LSC_TCP_SYN, FALSE), "peer's connect()", "client's SYN");
  assert_labelled (find_segment (self_ip (), LSC_TCP_SYN | LSC_TCP_ACK, FALSE), "listen()", "SYN-ACK from the listen queue");
  assert_labelled (find_segment (peer (), LSC_TCP_PSH | LSC_TCP_ACK, TRUE), "peer's send()", "client's data");
  assert_labelled (find_segment (self_ip (), LSC_TCP_PSH | LSC_TCP_ACK, TRUE), "send()", "answer");
  assert_labelled (find_segment (peer (), LSC_TCP_FIN | LSC_TCP_ACK, FALSE), "peer's close()", "client's FIN");
}

int
main (int argc, char **argv)
{
  /* The history of sent frames goes to a directory of this run's own. */
  g_autofree char *data_home = g_dir_make_tmp ("lsc-craft-XXXXXX", NULL);
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  if (!lsc_gui_test_init (&argc, &argv))
    {
      g_rmdir (data_home);
      return 0;
    }
  win = lsc_gui_test_window (&app, 0, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (win), "win.craft", NULL));
  cw = lsc_craft_window_get_for (win);
  g_assert_nonnull (cw);
  lsc_gui_spin (100);

  if (g_getenv ("LSC_TEST_UNPRIVILEGED"))
    g_test_add_func ("/craft/unprivileged", test_unprivileged);
  else if (g_getenv ("LSC_TEST_IFACE"))
    {
      g_test_add_func ("/craft/live/ping", test_live_ping);
      g_test_add_func ("/craft/live/arp", test_live_arp);
      g_test_add_func ("/craft/live/tcp", test_live_tcp);
      g_test_add_func ("/craft/live/udp-and-history", test_live_udp);
      g_test_add_func ("/craft/live/ttl-series", test_live_ttl_series);
      g_test_add_func ("/craft/live/no-neighbour", test_live_no_neighbour);
      g_test_add_func ("/craft/live/connect", test_live_connect);
      g_test_add_func ("/craft/live/connect-refused", test_live_connect_refused);
      g_test_add_func ("/craft/live/listen", test_live_listen);
    }
  else
    {
      g_test_add_func ("/craft/preview-follows-edits", test_preview_follows_edits);
      g_test_add_func ("/craft/invalid-disables-send", test_invalid_disables_send);
      g_test_add_func ("/craft/auto-and-forced", test_auto_and_forced);
      g_test_add_func ("/craft/history-from-earlier-runs", test_history_from_earlier_runs);
      g_test_add_func ("/craft/save-reopen", test_save_reopen);
      g_test_add_func ("/craft/one-per-main-window", test_one_per_main_window);
      g_test_add_func ("/craft/connect-form", test_connect_form);
      g_test_add_func ("/craft/segment-notes", test_segment_notes);
    }
  int rc = g_test_run ();
  g_autofree char *history = lsc_craft_history_path ();
  g_remove (history);
  g_autofree char *history_dir = g_path_get_dirname (history);
  g_rmdir (history_dir);
  g_rmdir (data_home);
  gtk_window_destroy (GTK_WINDOW (cw));
  gtk_window_destroy (GTK_WINDOW (win));
  g_object_unref (app);
  return rc;
}

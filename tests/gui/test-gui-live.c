/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-live.c — live capture through the window, inside a network namespace
 *
 * Run by live-netns.sh, which creates two namespaces joined by a veth pair
 * (198.18.7.1 here, 198.18.7.2 on the peer) and runs this under Xvfb in the
 * first one.  Starts a capture, pings the peer, checks rows arrive, stops,
 * saves, reopens the saved file and compares it packet by packet, and checks
 * the capture's temporary file is gone once the capture is closed.
 */
#include "lsc-application.h"
#include "lsc-window.h"
#include "lsc-gui-test.h"

#include <glib/gstdio.h>

static LscWindow *win;

static gboolean
wait_until (gboolean (*cond) (gpointer), gpointer data, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return TRUE;
}

static gboolean
enough_rows (gpointer data)
{
  GListModel *rows = lsc_packet_list_get_rows (lsc_window_get_packet_list (win));
  return g_list_model_get_n_items (rows) >= GPOINTER_TO_UINT (data);
}

static gboolean
loaded (gpointer data)
{
  return !lsc_window_is_loading (win) && !lsc_window_is_analysing (win);
}

/* The capture's temporary files (layerscope-*) in the temporary directory,
 * which live-netns.sh makes private to this test. */
static guint
count_temporary_captures (void)
{
  g_autoptr (GDir) d = g_dir_open (g_get_tmp_dir (), 0, NULL);
  g_assert_nonnull (d);
  guint n = 0;
  const char *name;
  while ((name = g_dir_read_name (d)))
    if (g_str_has_prefix (name, "layerscope-"))
      n++;
  return n;
}

static void
test_live_capture (void)
{
  const char *iface = g_getenv ("LSC_TEST_IFACE"), *peer = g_getenv ("LSC_TEST_PEER");
  g_assert_nonnull (iface);
  g_assert_nonnull (peer);
  g_autoptr (GError) error = NULL;

  /* A filter that does not compile is refused before anything starts. */
  g_assert_false (lsc_window_start_capture (win, iface, "icmp and and", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (lsc_window_is_capturing (win));

  g_assert_cmpuint (count_temporary_captures (), ==, 0);
  g_assert_true (lsc_window_start_capture (win, iface, "icmp", &error));
  g_assert_no_error (error);
  g_assert_true (lsc_window_is_capturing (win));
  /* Every packet also goes to a temporary file while capturing. */
  g_assert_cmpuint (count_temporary_captures (), ==, 1);

  const char *argv[] = { "ping", "-c", "4", "-i", "0.2", "-W", "1", peer, NULL };
  GPid pid;
  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                                NULL, NULL, &pid, &error));
  /* 4 requests and 4 replies, shown while the capture still runs. */
  g_assert_true (wait_until (enough_rows, GUINT_TO_POINTER (8), 15000));
  g_assert_true (lsc_window_is_capturing (win));
  g_spawn_close_pid (pid);
  GListModel *rows = lsc_packet_list_get_rows (lsc_window_get_packet_list (win));
  g_autoptr (LscPacketRow) first = g_list_model_get_item (rows, 0);
  g_assert_cmpstr (lsc_packet_row_get_protocol (first), ==, "ICMP");
  g_assert_true (strstr (lsc_window_get_status (win), "Capturing on") != NULL);

  lsc_window_stop_capture (win);
  g_assert_false (lsc_window_is_capturing (win));
  LscStore *store = lsc_window_get_store (win);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_assert_cmpuint (n, >=, 8);

  /* Keep a copy of what was captured, save it, reopen it, compare. */
  g_autoptr (GPtrArray) before = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (guint i = 0; i < n; i++)
    {
      LscPacket p;
      g_assert_true (lsc_store_get_packet (store, i, &p));
      g_ptr_array_add (before, g_bytes_new (p.data, p.caplen));
    }
  const char *dir = g_getenv ("LSC_BUILD_ROOT");
  g_autofree char *path = g_build_filename (dir ? dir : g_get_tmp_dir (), "gui-live.pcapng", NULL);
  g_unlink (path);
  g_assert_true (lsc_window_save_capture (win, path, &error));
  g_assert_no_error (error);
  g_autoptr (GFile) f = g_file_new_for_path (path);
  lsc_window_open_file (win, f);
  /* Opening another file closed the capture, and its temporary file with it. */
  g_assert_cmpuint (count_temporary_captures (), ==, 0);
  g_assert_true (wait_until (loaded, NULL, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n);
  for (guint i = 0; i < n; i++)
    {
      LscPacket p;
      g_assert_true (lsc_store_get_packet (store, i, &p));
      gsize len;
      const guint8 *want = g_bytes_get_data (before->pdata[i], &len);
      g_assert_cmpmem (p.data, p.caplen, want, len);
    }
}

/* Is a label reading `text` drawn inside the packet list's visible area? */
static gboolean
label_on_screen (GtkWidget *w, GtkWidget *viewport, const char *text)
{
  if (GTK_IS_LABEL (w) && gtk_widget_get_mapped (w) && g_str_equal (gtk_label_get_text (GTK_LABEL (w)), text))
    {
      graphene_rect_t b;
      if (gtk_widget_compute_bounds (w, viewport, &b) && b.origin.y >= 0 &&
          b.origin.y + b.size.height <= gtk_widget_get_height (viewport) + 1)
        return TRUE;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    if (label_on_screen (c, viewport, text))
      return TRUE;
  return FALSE;
}

static gboolean
last_row_on_screen (gpointer data)
{
  GListModel *rows = lsc_packet_list_get_rows (lsc_window_get_packet_list (win));
  guint n = g_list_model_get_n_items (rows);
  if (n < GPOINTER_TO_UINT (data))
    return FALSE;
  char num[16];
  g_snprintf (num, sizeof num, "%u", n);
  GtkWidget *view = lsc_packet_list_get_column_view (lsc_window_get_packet_list (win));
  return label_on_screen (view, view, num);
}

static void
ping_exited_cb (GPid pid, int status, gpointer data)
{
  *(gboolean *) data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* A capture of over a thousand packets: the list follows the newest row all
 * the way, and the last packet captured is on screen without a click. */
static void
test_live_follows (void)
{
  const char *iface = g_getenv ("LSC_TEST_IFACE"), *peer = g_getenv ("LSC_TEST_PEER");
  g_autoptr (GError) error = NULL;
  g_assert_true (lsc_window_start_capture (win, iface, "icmp", &error));
  g_assert_no_error (error);
  /* 600 echo requests 2 ms apart (bounded in count and time), 1,200 packets. */
  const char *argv[] = { "ping", "-q", "-c", "600", "-i", "0.002", "-w", "20", peer, NULL };
  GPid pid;
  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_DO_NOT_REAP_CHILD,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  gboolean enough = wait_until (enough_rows, GUINT_TO_POINTER (1000), 20000);
  /* The pings end (the capture goes on): the last packet must then reach the
   * screen by itself, however busy the machine was while they came. */
  gboolean ping_done = FALSE;
  g_child_watch_add (pid, ping_exited_cb, &ping_done);
  g_assert_true (wait_until (flag_set, &ping_done, 25000));
  g_spawn_close_pid (pid);
  g_test_message ("%u rows captured (%s)", g_list_model_get_n_items (lsc_packet_list_get_rows (lsc_window_get_packet_list (win))),
                  lsc_window_get_status (win));
  g_assert_true (enough);
  /* Still capturing: the newest row must reach the screen by itself. */
  g_assert_true (lsc_window_is_capturing (win));
  g_assert_true (wait_until (last_row_on_screen, GUINT_TO_POINTER (1000), 5000));
  GListModel *rows = lsc_packet_list_get_rows (lsc_window_get_packet_list (win));
  g_test_message ("%u rows, the last on screen", g_list_model_get_n_items (rows));
  lsc_window_stop_capture (win);
  g_assert_true (wait_until (last_row_on_screen, GUINT_TO_POINTER (1000), 5000));
}

static GtkWidget *
discard_dialog (void)
{
  return lsc_window_get_discard_dialog (win);
}

/* An unsaved live capture is never thrown away without asking: Close asks,
 * Cancel keeps every packet, Discard closes. */
static void
test_discard_asks (void)
{
  LscStore *store = lsc_window_get_store (win);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_assert_cmpuint (n, >=, 1000);     /* the capture of the test before, not saved */
  g_assert_true (lsc_session_has_unsaved (lsc_window_get_session (win)));
  gtk_widget_activate_action (GTK_WIDGET (win), "win.close-capture", NULL);
  g_assert_nonnull (discard_dialog ());
  gtk_dialog_response (GTK_DIALOG (discard_dialog ()), GTK_RESPONSE_CANCEL);
  g_assert_null (discard_dialog ());
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n);
  /* Opening another file asks too. */
  const char *dir = g_getenv ("LSC_BUILD_ROOT");
  g_autofree char *path = g_build_filename (dir ? dir : g_get_tmp_dir (), "gui-live.pcapng", NULL);
  g_autoptr (GFile) f = g_file_new_for_path (path);
  lsc_window_open_file (win, f);
  g_assert_nonnull (discard_dialog ());
  gtk_dialog_response (GTK_DIALOG (discard_dialog ()), GTK_RESPONSE_CANCEL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n);
  /* So does closing the window, which stays open on Cancel. */
  gtk_window_close (GTK_WINDOW (win));
  g_assert_nonnull (discard_dialog ());
  gtk_dialog_response (GTK_DIALOG (discard_dialog ()), GTK_RESPONSE_CANCEL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (win)));
  /* Discard: closed, nothing left. */
  gtk_widget_activate_action (GTK_WIDGET (win), "win.close-capture", NULL);
  gtk_dialog_response (GTK_DIALOG (discard_dialog ()), GTK_RESPONSE_REJECT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_false (lsc_session_has_unsaved (lsc_window_get_session (win)));
}

int
main (int argc, char **argv)
{
  if (!lsc_gui_test_init (&argc, &argv))
    return 0;
  g_autoptr (LscApplication) app = NULL;
  win = lsc_gui_test_window (&app, 0, 0);
  g_test_add_func ("/gui/live-capture", test_live_capture);
  g_test_add_func ("/gui/live-follows", test_live_follows);
  g_test_add_func ("/gui/discard-asks", test_discard_asks);
  int rc = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (win));
  return rc;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-flow.c — the flow panel driven in-process (run under Xvfb)
 *
 * Opens the bundled handshake-teardown lab capture (recorded from two real
 * kernels) and checks what a learner does with it: the ladder of the
 * selected packet's connection, clicking an arrow, both ends' states,
 * stepping with the tree kept open where it was, play, and the export.
 */
#include "lsc-application.h"
#include "lsc-window.h"
#include "lsc-gui-test.h"
#include "lsc-flow-view.h"
#include "lsc-conversations.h"
#include "lsc-follow-view.h"
#include "core/lsc-format.h"
#include "core/lsc-filter.h"
#include "capture/lsc-capture-file.h"

#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

static LscApplication *app;
static LscWindow *win;

static void
wait_for (gboolean (*cond) (void), const char *what)
{
  lsc_gui_wait_for (cond, what, 20);
}

#define spin lsc_gui_spin

static gboolean
done_loading (void)
{
  return lsc_gui_window_settled (win);
}

static char *
bundled (const char *name)
{
  const char *root = g_getenv ("LSC_SOURCE_ROOT");
  return g_build_filename (root ? root : ".", "data", "captures", name, NULL);
}

static void
open_capture (const char *name)
{
  g_autofree char *path = bundled (name);
  g_autoptr (GFile) f = g_file_new_for_path (path);
  lsc_window_open_file (win, f);
  wait_for (done_loading, "the capture to load and be analysed");
}

static gboolean
filter_done (void)
{
  return !lsc_packet_list_is_filtering (lsc_window_get_packet_list (win));
}

static LscFlowView *
flow (void)
{
  return lsc_window_get_flow_view (win);
}

static gboolean
flow_has_size (void)
{
  return gtk_widget_get_height (GTK_WIDGET (flow ())) > 200;
}

static guint
selected (void)
{
  return lsc_packet_list_get_selected_index (lsc_window_get_packet_list (win));
}

/* Frames of the handshake-teardown recording: the connection is frames 11–21. */
#define FIRST 11
#define LAST 21

static void
test_ladder_of_selection (void)
{
  open_capture ("handshake-teardown.pcapng");
  lsc_window_show_flow (win, TRUE);
  lsc_window_select_packet (win, FIRST - 1);
  lsc_gui_wait_for (flow_has_size, "the flow view to have a size", 10);
  spin (50);
  LscLadder *l = lsc_flow_view_get_ladder (flow ());
  g_assert_nonnull (l);
  g_assert_cmpint (lsc_ladder_info (l)->kind, ==, LSC_CONV_TCP);
  g_assert_cmpuint (lsc_ladder_n_entries (l), ==, LAST - FIRST + 1);
  g_assert_cmpuint (lsc_ladder_entry (l, 0)->frame, ==, FIRST);
  g_assert_cmpuint (lsc_flow_view_get_selected_frame (flow ()), ==, FIRST);
  /* The selected packet's arrow is on screen. */
  graphene_rect_t r;
  g_test_message ("flow view %dx%d", gtk_widget_get_width (GTK_WIDGET (flow ())), gtk_widget_get_height (GTK_WIDGET (flow ())));
  g_assert_true (lsc_flow_view_get_arrow_area (flow (), FIRST, &r));
  g_assert_cmpfloat (r.size.width, >, 100);
  /* A packet of no conversation leaves the last ladder on show rather than
   * blanking the panel. */
  GListModel *rows = G_LIST_MODEL (lsc_window_get_store (win));
  guint lone = G_MAXUINT;
  for (guint i = 0; i < g_list_model_get_n_items (rows) && lone == G_MAXUINT; i++)
    {
      g_autoptr (LscPacketRow) pr = g_list_model_get_item (rows, i);
      if (!lsc_packet_row_get_conversation (pr, NULL, NULL, NULL, NULL, NULL))
        lone = i;
    }
  g_assert_cmpuint (lone, !=, G_MAXUINT);
  lsc_window_select_packet (win, lone);
  spin (50);
  g_assert_true (lsc_flow_view_get_ladder (flow ()) == l);
}

/* Clicking an arrow selects its packet: list, tree and hex view follow. */
static void
test_click_arrow_selects_packet (void)
{
  lsc_window_select_packet (win, FIRST - 1);
  spin (100);
  graphene_rect_t r;
  g_assert_true (lsc_flow_view_get_arrow_area (flow (), FIRST + 2, &r));
  double x = r.origin.x + r.size.width / 2, y = r.origin.y + r.size.height / 2;
  g_assert_cmpuint (lsc_flow_view_frame_at (flow (), x, y), ==, FIRST + 2);
  /* Press through the widget's own click gesture, as a pointer would. */
  GListModel *ctrls = gtk_widget_observe_controllers (GTK_WIDGET (flow ()));
  gboolean clicked = FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (ctrls) && !clicked; i++)
    {
      g_autoptr (GObject) c = g_list_model_get_item (ctrls, i);
      if (GTK_IS_GESTURE_CLICK (c))
        {
          g_signal_emit_by_name (c, "pressed", 1, x, y);
          clicked = TRUE;
        }
    }
  g_object_unref (ctrls);
  g_assert_true (clicked);
  spin (50);
  g_assert_cmpuint (selected (), ==, FIRST + 2 - 1);
  g_assert_cmpuint (lsc_flow_view_get_selected_frame (flow ()), ==, FIRST + 2);
  /* A click between arrows (the head with the addresses) selects nothing new. */
  g_assert_cmpuint (lsc_flow_view_frame_at (flow (), x, 5), ==, 0);
}

/* The panel says both ends' states for the selected segment, and they are
 * the rows' own data, not text read back out of Info. */
static void
test_states_of_segment (void)
{
  lsc_window_select_packet (win, 18 - 1);   /* teardown 1/4 FIN from the client */
  spin (50);
  GListModel *rows = G_LIST_MODEL (lsc_window_get_store (win));
  g_autoptr (LscPacketRow) row = g_list_model_get_item (rows, 18 - 1);
  guint conv, role, sa, sb;
  guint32 flags;
  g_assert_true (lsc_packet_row_get_conversation (row, &conv, &role, &sa, &sb, &flags));
  g_assert_cmpuint (role, ==, LSC_ROLE_TD_FIN1);
  g_assert_cmpuint (sa, ==, LSC_TCP_STATE_FIN_WAIT_1);
  g_assert_cmpuint (sb, ==, LSC_TCP_STATE_CLOSE_WAIT);
  LscLadder *l = lsc_flow_view_get_ladder (flow ());
  const LscLadderEntry *e = lsc_ladder_entry (l, (guint) lsc_ladder_find_frame (l, 18));
  g_assert_cmpint (e->before_a, ==, LSC_TCP_STATE_ESTABLISHED);
  g_assert_cmpint (e->after_a, ==, LSC_TCP_STATE_FIN_WAIT_1);
  g_assert_cmpint (e->after_b, ==, LSC_TCP_STATE_CLOSE_WAIT);
  /* The state diagram lights the same two states and the step each end took. */
  LscStateDiagram *sd = lsc_window_get_state_diagram (win);
  g_assert_cmpint (lsc_state_diagram_get_lit_client (sd), ==, LSC_TCP_STATE_FIN_WAIT_1);
  g_assert_cmpint (lsc_state_diagram_get_lit_server (sd), ==, LSC_TCP_STATE_CLOSE_WAIT);
  g_assert_nonnull (lsc_state_diagram_get_client_transition (sd));
  g_assert_nonnull (lsc_state_diagram_get_server_transition (sd));
  lsc_window_select_packet (win, 21 - 1);   /* teardown 4/4 */
  spin (30);
  g_assert_cmpint (lsc_state_diagram_get_lit_client (sd), ==, LSC_TCP_STATE_TIME_WAIT);
  g_assert_cmpint (lsc_state_diagram_get_lit_server (sd), ==, LSC_TCP_STATE_CLOSED);
  g_autoptr (LscPacketRow) other = g_list_model_get_item (rows, 0);
  g_assert_false (lsc_packet_row_get_conversation (other, &conv, &role, &sa, &sb, &flags) && role != 0 && sa != 0);
}

/* A picture for a person to look at (not an assertion: the checks are above). */
static void
save_artifact (const char *name)
{
  const char *root = g_getenv ("LSC_BUILD_ROOT");
  if (!root)
    return;
  g_autofree char *png = g_build_filename (root, name, NULL);
  g_autoptr (GError) error = NULL;
  if (lsc_window_save_png (win, png, &error))
    g_test_message ("screenshot: %s", png);
  else
    g_test_message ("no screenshot %s: %s", png, error->message);
}

/* The optional list columns show the same states, turned on from the menu's action. */
static void
test_state_columns (void)
{
  LscPacketList *list = lsc_window_get_packet_list (win);
  g_assert_false (lsc_packet_list_get_state_columns (list));
  g_action_group_activate_action (G_ACTION_GROUP (win), "state-columns", NULL);
  spin (30);
  g_assert_true (lsc_packet_list_get_state_columns (list));
  GtkColumnView *view = GTK_COLUMN_VIEW (lsc_packet_list_get_column_view (list));
  GListModel *cols = gtk_column_view_get_columns (view);
  g_assert_cmpuint (g_list_model_get_n_items (cols), ==, 9);
  /* Before Info, which stays last and takes the room that is left. */
  g_autoptr (GtkColumnViewColumn) client = g_list_model_get_item (cols, 6);
  g_autoptr (GtkColumnViewColumn) info = g_list_model_get_item (cols, 8);
  g_assert_cmpstr (gtk_column_view_column_get_title (client), ==, "Client state");
  g_assert_true (gtk_column_view_column_get_expand (info));
  save_artifact ("gui-state-columns.png");
  g_action_group_activate_action (G_ACTION_GROUP (win), "state-columns", NULL);
  spin (30);
  g_assert_false (lsc_packet_list_get_state_columns (list));
  g_assert_cmpuint (g_list_model_get_n_items (cols), ==, 7);
}

static gint32
find_row_by_field (const char *id)
{
  GListModel *rows = lsc_layer_tree_get_rows (lsc_window_get_layer_tree (win));
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr (GtkTreeListRow) r = g_list_model_get_item (rows, i);
      g_autoptr (LscLayerItem) item = gtk_tree_list_row_get_item (r);
      gint32 node = lsc_layer_item_get_node (item);
      if (node < 0)
        continue;
      const LscNode *n = lsc_tree_node (lsc_layer_item_get_decoded (item)->tree, node);
      if (n->field && n->field->id && g_str_equal (n->field->id, id))
        return (gint32) i;
    }
  return -1;
}

static gboolean
row_expanded (gint32 pos)
{
  GListModel *rows = lsc_layer_tree_get_rows (lsc_window_get_layer_tree (win));
  g_autoptr (GtkTreeListRow) r = g_list_model_get_item (rows, (guint) pos);
  return gtk_tree_list_row_get_expanded (r);
}

/* Stepping moves through the conversation and keeps the tree as the learner
 * left it: the TCP header and its flags open, the flags line selected. */
static void
test_step_keeps_tree (void)
{
  lsc_window_select_packet (win, FIRST - 1);
  spin (50);
  gint32 tcp = find_row_by_field ("tcp");
  g_assert_cmpint (tcp, >=, 0);
  GListModel *rows = lsc_layer_tree_get_rows (lsc_window_get_layer_tree (win));
  {
    g_autoptr (GtkTreeListRow) r = g_list_model_get_item (rows, (guint) tcp);
    gtk_tree_list_row_set_expanded (r, TRUE);
  }
  gint32 flags = find_row_by_field ("tcp.flags");
  g_assert_cmpint (flags, >, tcp);
  {
    g_autoptr (GtkTreeListRow) r = g_list_model_get_item (rows, (guint) flags);
    gtk_tree_list_row_set_expanded (r, TRUE);
    g_autoptr (LscLayerItem) item = gtk_tree_list_row_get_item (r);
    lsc_layer_tree_select_node (lsc_window_get_layer_tree (win), lsc_layer_item_get_node (item));
  }
  g_assert_true (find_row_by_field ("tcp.flags.syn") > flags);

  for (guint k = 1; k <= 3; k++)
    {
      g_assert_true (lsc_window_step (win, 1));
      spin (30);
      g_assert_cmpuint (selected (), ==, FIRST - 1 + k);
      gint32 t = find_row_by_field ("tcp"), f = find_row_by_field ("tcp.flags");
      g_assert_cmpint (t, >=, 0);
      g_assert_true (row_expanded (t));
      g_assert_cmpint (f, >, t);
      g_assert_true (row_expanded (f));
      g_assert_cmpint (find_row_by_field ("tcp.flags.syn"), >, f);
      gint32 node = lsc_layer_tree_get_selected_node (lsc_window_get_layer_tree (win));
      g_assert_cmpint (node, >=, 0);
      g_autoptr (GtkTreeListRow) r = g_list_model_get_item (rows = lsc_layer_tree_get_rows (lsc_window_get_layer_tree (win)), (guint) f);
      g_autoptr (LscLayerItem) item = gtk_tree_list_row_get_item (r);
      g_assert_cmpint (node, ==, lsc_layer_item_get_node (item));
    }
  g_assert_true (lsc_window_step (win, -1));
  spin (30);
  g_assert_cmpuint (selected (), ==, FIRST - 1 + 2);

  /* The end of the conversation is the end of the steps. */
  lsc_window_select_packet (win, LAST - 1);
  spin (30);
  g_assert_false (lsc_window_step (win, 1));
  g_assert_cmpuint (selected (), ==, LAST - 1);
  lsc_window_select_packet (win, FIRST - 1);
  spin (30);
  g_assert_false (lsc_window_step (win, -1));
}

/* The explanation under the tree: a derived state says what the state means,
 * a note shows its whole text (the tree cuts long lines at the pane's edge). */
static void
test_explanations (void)
{
  lsc_window_select_packet (win, 20 - 1);   /* teardown 3/4: the client goes to TIME-WAIT */
  spin (50);
  LscLayerTree *tree = lsc_window_get_layer_tree (win);
  gint32 state = -1, note = -1;
  const LscTree *dt = lsc_gui_shown_tree (win);
  state = lsc_tree_find (dt, "tcp.conv.client_state");
  g_assert_cmpint (state, >=, 0);
  g_assert_cmpstr (lsc_tree_node (dt, state)->text, ==, "TIME-WAIT");
  g_assert_true (lsc_layer_tree_select_node (tree, state));
  spin (30);
  const char *ex = lsc_layer_tree_get_explanation (tree);
  g_assert_nonnull (strstr (ex, "2×MSL"));
  g_assert_nonnull (strstr (ex, lsc_tcp_state_explain (LSC_TCP_STATE_TIME_WAIT)));
  /* The role's note (which socket call caused the segment), whole. */
  for (guint i = 0; i < lsc_tree_count (dt) && note < 0; i++)
    {
      const LscNode *n = lsc_tree_node (dt, (gint32) i);
      if (n->field && g_str_has_prefix (n->field->id, "_ws.expert") && n->text && strlen (n->text) > 60)
        note = (gint32) i;
    }
  g_assert_cmpint (note, >=, 0);
  g_assert_true (lsc_layer_tree_select_node (tree, note));
  spin (30);
  g_assert_nonnull (strstr (lsc_layer_tree_get_explanation (tree), lsc_tree_node (dt, note)->text));
}

static gboolean
moved_past_first (void)
{
  return selected () > FIRST - 1;
}

static gboolean
not_playing (void)
{
  return !lsc_window_is_playing (win);
}

/* Play reveals the packets one at a time, from the first, and stops at the end. */
static void
test_play (void)
{
  lsc_window_select_packet (win, 15 - 1);
  spin (30);
  /* The fastest pace the panel allows is half a second. */
  g_assert_cmpfloat (lsc_window_set_play_pace (win, 0.1), ==, 0.5);
  lsc_window_set_playing (win, TRUE);
  g_assert_true (lsc_window_is_playing (win));
  /* It starts over from the conversation's first packet. */
  g_assert_cmpuint (selected (), ==, FIRST - 1);
  lsc_gui_wait_for (moved_past_first, "play to reach the second packet", 10);
  guint mid = selected ();
  g_assert_cmpuint (mid, >, FIRST - 1);
  g_assert_cmpuint (mid, <, LAST - 1);
  /* Only the arrows up to the current packet are drawn. */
  graphene_rect_t r;
  g_assert_false (lsc_flow_view_get_arrow_area (flow (), LAST, &r));
  g_assert_nonnull (lsc_flow_view_get_ladder (flow ()));
  wait_for (not_playing, "play to reach the end");
  g_assert_cmpuint (selected (), ==, LAST - 1);
  g_assert_true (lsc_flow_view_get_arrow_area (flow (), LAST, &r));
}

static void
test_export (void)
{
  lsc_window_select_packet (win, FIRST - 1);
  spin (50);
  g_autofree char *dir = g_dir_make_tmp ("lsc-flow-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "flow.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "flow.svg", NULL);
  g_autofree char *bad = g_build_filename (dir, "flow.gif", NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (lsc_flow_view_export (flow (), png, &error));
  g_assert_no_error (error);
  g_autoptr (GdkTexture) tex = gdk_texture_new_from_filename (png, &error);
  g_assert_no_error (error);
  /* Every arrow, not only those in view: 11 rows of 50 px and 3 phase names. */
  g_assert_cmpint (gdk_texture_get_height (tex), >=, 11 * 50 + 3 * 26);
  g_assert_true (lsc_flow_view_export (flow (), svg, &error));
  g_assert_no_error (error);
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (svg, &text, NULL, NULL));
  g_assert_true (strstr (text, "<svg") != NULL);
  g_assert_false (lsc_flow_view_export (flow (), bad, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  const char *root = g_getenv ("LSC_BUILD_ROOT");
  if (root)
    {
      g_autofree char *keep = g_build_filename (root, "gui-flow-export.png", NULL);
      g_assert_true (lsc_flow_view_export (flow (), keep, NULL));
    }
  g_unlink (png);
  g_unlink (svg);
  g_rmdir (dir);
}

/* The conversation tables: a TCP row activated filters the list to that
 * connection and shows its flow from its first packet. */
static void
test_conversations (void)
{
  lsc_window_show_conversations (win);
  spin (50);
  GtkWindow *cw = lsc_window_get_conversations (win);
  g_assert_nonnull (cw);
  LscConversations *tables = LSC_CONVERSATIONS (gtk_window_get_child (cw));
  gint idx = lsc_conversations_get_index (tables, LSC_CONV_TCP, 0);
  g_assert_cmpint (idx, >=, 0);
  lsc_window_select_packet (win, 0);
  g_signal_emit_by_name (tables, "conversation-activated", (guint) idx);
  spin (300);
  const char *filter = gtk_editable_get_text (GTK_EDITABLE (lsc_packet_list_get_filter_entry (lsc_window_get_packet_list (win))));
  g_assert_cmpstr (filter, ==, "tcp.stream == 0");
  GListModel *rows = lsc_packet_list_get_rows (lsc_window_get_packet_list (win));
  lsc_gui_wait_for (filter_done, "the filter to apply", 10);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, LAST - FIRST + 1);
  g_assert_cmpuint (selected (), ==, FIRST - 1);
  g_assert_nonnull (lsc_flow_view_get_ladder (flow ()));
  g_assert_cmpuint (lsc_flow_view_get_selected_frame (flow ()), ==, FIRST);
  gtk_window_destroy (cw);
  spin (30);
  g_assert_null (lsc_window_get_conversations (win));
  /* Back to every packet for the tests that follow. */
  gtk_editable_set_text (GTK_EDITABLE (lsc_packet_list_get_filter_entry (lsc_window_get_packet_list (win))), "");
  lsc_packet_list_set_filter_text (lsc_window_get_packet_list (win), "");
  lsc_gui_wait_for (filter_done, "the filter to clear", 10);
}

/* Follow stream from the selected packet: its payload both ways, once. */
static void
test_follow_from_window (void)
{
  lsc_window_select_packet (win, 14 - 1);
  spin (30);
  GtkWindow *fw = lsc_window_follow_stream (win);
  g_assert_nonnull (fw);
  GtkWidget *view = lsc_gui_find_widget (GTK_WIDGET (fw), LSC_TYPE_FOLLOW_VIEW);
  g_assert_nonnull (view);
  GtkTextBuffer *buf = lsc_follow_view_get_buffer (LSC_FOLLOW_VIEW (view));
  g_assert_nonnull (buf);
  /* 17 bytes from the client and 40 from the server. */
  g_assert_cmpint (gtk_text_buffer_get_char_count (buf), >=, 17 + 40);
  gtk_window_destroy (fw);
  /* An ARP request (packet 1) has no TCP or UDP stream to follow. */
  lsc_window_select_packet (win, 0);
  spin (30);
  GListModel *rows = G_LIST_MODEL (lsc_window_get_store (win));
  g_autoptr (LscPacketRow) r = g_list_model_get_item (rows, 0);
  g_assert_true (lsc_packet_row_get_has (r) & LSC_HAS_ARP);
  g_assert_null (lsc_window_follow_stream (win));
}

/* What a teacher does: open the lesson's capture and press play.  The file
 * opens on its first packet (no connection); play starts at the first TCP
 * connection's SYN and reveals its arrows one at a time. */
static void
test_open_and_play (void)
{
  lsc_window_show_flow (win, FALSE);
  open_capture ("handshake-teardown.pcapng");
  g_assert_cmpuint (selected (), ==, 0);
  lsc_window_set_play_pace (win, 0.5);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  g_assert_true (lsc_window_is_playing (win));
  g_assert_cmpuint (selected (), ==, FIRST - 1);
  graphene_rect_t r;
  lsc_gui_wait_for (flow_has_size, "the flow view to have a size", 10);
  g_assert_true (lsc_flow_view_get_arrow_area (flow (), FIRST, &r));
  g_assert_false (lsc_flow_view_get_arrow_area (flow (), FIRST + 1, &r));
  lsc_gui_wait_for (moved_past_first, "play to reach the second packet", 10);
  g_assert_cmpuint (selected (), ==, FIRST);
  /* F5 again pauses where it is. */
  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  g_assert_false (lsc_window_is_playing (win));
  spin (700);
  g_assert_cmpuint (selected (), ==, FIRST);
  g_assert_false (lsc_flow_view_get_arrow_area (flow (), FIRST + 2, &r));
  /* Shift+F5 shows every arrow again. */
  gtk_widget_activate_action (GTK_WIDGET (win), "win.show-all-arrows", NULL);
  spin (50);
  g_assert_cmpuint (lsc_ladder_n_entries (lsc_flow_view_get_ladder (flow ())), ==, LAST - FIRST + 1);
  g_assert_true (lsc_flow_view_get_arrow_area (flow (), FIRST + 2, &r));
}

/* A file opened while a display filter hides its first packet still opens
 * onto a packet: the filter's first match. */
static void
test_open_under_filter (void)
{
  LscPacketList *list = lsc_window_get_packet_list (win);
  gtk_editable_set_text (GTK_EDITABLE (lsc_packet_list_get_filter_entry (list)), "tcp");
  g_assert_true (lsc_packet_list_set_filter_text (list, "tcp"));
  open_capture ("handshake-teardown.pcapng");
  lsc_gui_wait_for (filter_done, "the filter to run", 10);
  spin (50);
  g_assert_cmpuint (selected (), ==, FIRST - 1);
  g_assert_nonnull (lsc_layer_tree_get_rows (lsc_window_get_layer_tree (win)));
  gtk_editable_set_text (GTK_EDITABLE (lsc_packet_list_get_filter_entry (list)), "");
  lsc_packet_list_set_filter_text (list, "");
  lsc_gui_wait_for (filter_done, "the filter to clear", 10);
}

/* Under a display filter, stepping passes over the packets it hides, and
 * play moves on instead of sticking on a hidden packet. */
static void
test_step_under_filter (void)
{
  LscPacketList *list = lsc_window_get_packet_list (win);
  lsc_window_show_flow (win, TRUE);
  lsc_window_select_packet (win, FIRST - 1);
  spin (30);
  /* Only the segments with a FIN or a SYN: 11, 12, 18, 20. */
  gtk_editable_set_text (GTK_EDITABLE (lsc_packet_list_get_filter_entry (list)), "tcp.flags.syn == 1 || tcp.flags.fin == 1");
  g_assert_true (lsc_packet_list_set_filter_text (list, "tcp.flags.syn == 1 || tcp.flags.fin == 1"));
  lsc_gui_wait_for (filter_done, "the filter to run", 10);
  lsc_window_select_packet (win, FIRST - 1);
  spin (30);
  g_assert_cmpuint (selected (), ==, FIRST - 1);
  static const guint want[] = { 12, 18, 20 };
  for (guint k = 0; k < G_N_ELEMENTS (want); k++)
    {
      g_assert_true (lsc_window_step (win, 1));
      g_assert_cmpuint (selected (), ==, want[k] - 1);
    }
  /* Frame 21 (the last ACK) is hidden: there is no next step, and the selection stays. */
  g_assert_false (lsc_window_step (win, 1));
  g_assert_cmpuint (selected (), ==, 20 - 1);
  g_assert_true (lsc_window_step (win, -1));
  g_assert_cmpuint (selected (), ==, 18 - 1);
  gtk_editable_set_text (GTK_EDITABLE (lsc_packet_list_get_filter_entry (list)), "");
  lsc_packet_list_set_filter_text (list, "");
  lsc_gui_wait_for (filter_done, "the filter to clear", 10);
}

static void
put_le32 (GByteArray *b, guint32 v)
{
  guint8 le[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };
  g_byte_array_append (b, le, 4);
}

/* One TCP connection of n segments (a SYN, then data), as a pcap file. */
static char *
write_long_stream (guint n)
{
  GByteArray *b = g_byte_array_new ();
  put_le32 (b, 0xa1b2c3d4);
  put_le32 (b, 2 | (4u << 16));
  put_le32 (b, 0);
  put_le32 (b, 0);
  put_le32 (b, 65535);
  put_le32 (b, 1);
  for (guint i = 0; i < n; i++)
    {
      guint8 f[54] = { 0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00,
                       0x45, 0, 0, 40, 0, 0, 0x40, 0, 64, 6, 0, 0, 198, 18, 0, 1, 198, 18, 0, 2,
                       0x9c, 0x40, 0, 80 };
      guint32 seq = 1000 + (i ? i : 0);
      f[38] = seq >> 24; f[39] = seq >> 16; f[40] = seq >> 8; f[41] = seq;
      f[46] = 5 << 4;
      f[47] = i == 0 ? LSC_TCP_SYN : LSC_TCP_ACK;
      f[48] = 0x20;
      put_le32 (b, 1700000000);
      put_le32 (b, i);
      put_le32 (b, sizeof f);
      put_le32 (b, sizeof f);
      g_byte_array_append (b, f, sizeof f);
    }
  char *path = g_build_filename (g_get_tmp_dir (), "lsc-flow-long.pcap", NULL);
  g_assert_true (g_file_set_contents (path, (char *) b->data, b->len, NULL));
  g_byte_array_unref (b);
  return path;
}

/* A PNG holds as many arrows as a picture can (32767 pixels high); the SVG all of them. */
static void
test_export_long (void)
{
  g_autofree char *path = write_long_stream (1000);
  g_autoptr (GFile) f = g_file_new_for_path (path);
  lsc_window_open_file (win, f);
  lsc_gui_wait_for (done_loading, "the long stream to load", 20);
  lsc_window_select_packet (win, 0);
  spin (50);
  LscLadder *l = lsc_flow_view_get_ladder (flow ());
  g_assert_nonnull (l);
  g_assert_cmpuint (lsc_ladder_n_entries (l), ==, 1000);
  g_autofree char *dir = g_dir_make_tmp ("lsc-flow-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "long.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "long.svg", NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (lsc_flow_view_export (flow (), png, &error));
  g_assert_no_error (error);
  guint in_png = lsc_flow_view_get_exported (flow ());
  g_assert_cmpuint (in_png, >, 500);
  g_assert_cmpuint (in_png, <, 1000);
  g_autoptr (GdkTexture) tex = gdk_texture_new_from_filename (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_height (tex), <=, 32767);
  g_assert_true (lsc_flow_view_export (flow (), svg, &error));
  g_assert_cmpuint (lsc_flow_view_get_exported (flow ()), ==, 1000);
  g_unlink (png);
  g_unlink (svg);
  g_rmdir (dir);
  g_unlink (path);
}

/* Each lesson opens its capture at its packet, with its notes and, when it
 * is about a connection, the flow panel. */
static void
test_lessons (void)
{
  g_assert_cmpuint (lsc_lessons_count (), >=, 16);
  for (guint i = 0; i < lsc_lessons_count (); i++)
    {
      const LscLesson *l = lsc_lessons_nth (i);
      g_test_message ("lesson %u: %s", l->number, l->file);
      g_assert_true (lsc_window_open_lesson (win, l->number));
      lsc_gui_wait_for (done_loading, "the lesson's capture", 20);
      spin (30);
      g_assert_true (lsc_window_get_lesson (win) == l);
      guint sel = selected ();
      g_assert_cmpuint (sel, !=, G_MAXUINT);
      /* The packet shown is the first the lesson's filter matches. */
      g_autoptr (LscFilter) f = lsc_filter_compile (l->filter, NULL, NULL);
      g_assert_nonnull (f);
      g_autoptr (LscTree) t = lsc_tree_new ();
      LscStore *store = lsc_window_get_store (win);
      g_assert_true (lsc_store_dissect (store, sel, t));
      g_assert_true (lsc_filter_match (f, t));
      for (guint k = 0; k < sel; k++)
        {
          g_assert_true (lsc_store_dissect (store, k, t));
          g_assert_false (lsc_filter_match (f, t));
        }
      g_autoptr (LscPacketRow) row = g_list_model_get_item (G_LIST_MODEL (store), sel);
      guint conv, role, sa, sb;
      guint32 fl;
      lsc_packet_row_get_conversation (row, &conv, &role, &sa, &sb, &fl);
      /* What the lesson is about is what is selected. */
      switch (l->number)
        {
        case 3: g_assert_cmpuint (role, ==, LSC_ROLE_ARP_REQUEST); break;
        case 5: g_assert_cmpuint (role, ==, LSC_ROLE_ECHO_REQUEST); break;
        case 6: g_assert_cmpuint (role, ==, LSC_ROLE_HS_SYN); break;
        case 7: g_assert_cmpuint (role, ==, LSC_ROLE_TD_FIN1); break;
        case 14: g_assert_cmpuint (role, ==, LSC_ROLE_RST); break;
        case 15: g_assert_cmpuint (role, ==, LSC_ROLE_HS_SYN); break;
        default: break;
        }
      g_assert_cmpint (gtk_widget_is_visible (GTK_WIDGET (flow ())), ==, l->flow);
      if (l->flow)
        g_assert_nonnull (lsc_flow_view_get_ladder (flow ()));
    }
  /* Opening another file leaves the lesson. */
  open_capture ("ping.pcapng");
  g_assert_null (lsc_window_get_lesson (win));
}

/* A label reading text that is drawn (the Time cells on screen; the list
 * also keeps recycled cells that are not). */
static gboolean
label_with_text (GtkWidget *w, const char *text)
{
  if (GTK_IS_LABEL (w) && gtk_widget_get_mapped (w) && g_str_equal (gtk_label_get_text (GTK_LABEL (w)), text))
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    if (label_with_text (c, text))
      return TRUE;
  return FALSE;
}

/* The right-click menus' actions: a field as a filter, a packet's
 * conversation as a filter, and the Time column's formats. */
static void
test_menus_and_time (void)
{
  open_capture ("handshake-teardown.pcapng");
  LscPacketList *list = lsc_window_get_packet_list (win);
  GtkWidget *entry = lsc_packet_list_get_filter_entry (list);
  GtkWidget *view = lsc_packet_list_get_column_view (list);
  lsc_window_select_packet (win, FIRST - 1);
  spin (50);
  /* The Time column: since the first packet, then since the previous one (frame 11 came 0.119337 s after 10). */
  g_assert_true (label_with_text (view, "1.490687"));
  g_action_group_activate_action (G_ACTION_GROUP (win), "time-format", g_variant_new_string ("delta"));
  spin (50);
  g_assert_true (label_with_text (view, "0.119337"));
  g_assert_false (label_with_text (view, "1.490687"));
  g_action_group_activate_action (G_ACTION_GROUP (win), "time-format", g_variant_new_string ("relative"));
  spin (50);
  g_assert_true (label_with_text (view, "1.490687"));

  /* Apply as Filter on the TTL line: only packets with that TTL stay. */
  LscLayerTree *tree = lsc_window_get_layer_tree (win);
  const LscTree *dt = lsc_gui_shown_tree (win);
  gint32 ttl = lsc_tree_find (dt, "ip.ttl");
  g_assert_true (lsc_layer_tree_select_node (tree, ttl));
  gtk_widget_activate_action (GTK_WIDGET (win), "win.prepare-field-filter", NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "ip.ttl == 64");
  gtk_widget_activate_action (GTK_WIDGET (win), "win.filter-field", NULL);
  lsc_gui_wait_for (filter_done, "the filter to run", 10);
  guint shown = g_list_model_get_n_items (lsc_packet_list_get_rows (list));
  g_assert_cmpuint (shown, >, 0);
  g_assert_cmpuint (shown, <, 21);   /* the IPv6 and ARP frames have no TTL */
  /* The packet's conversation as a filter. */
  lsc_window_select_packet (win, FIRST - 1);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.filter-conversation", NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "tcp.stream == 0");
  lsc_gui_wait_for (filter_done, "the filter to run", 10);
  g_assert_cmpuint (g_list_model_get_n_items (lsc_packet_list_get_rows (list)), ==, LAST - FIRST + 1);
  g_assert_cmpuint (selected (), ==, FIRST - 1);
  /* A right-click on the tree's lines opens its menu. */
  GtkWidget *tree_list = NULL;
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (tree)); c && !tree_list; c = gtk_widget_get_next_sibling (c))
    tree_list = lsc_gui_find_widget (c, GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (tree_list);
  GListModel *ctrls = gtk_widget_observe_controllers (tree_list);
  gboolean pressed = FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (ctrls) && !pressed; i++)
    {
      g_autoptr (GObject) c = g_list_model_get_item (ctrls, i);
      if (GTK_IS_GESTURE_CLICK (c) && gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (c)) == GDK_BUTTON_SECONDARY)
        {
          g_signal_emit_by_name (c, "pressed", 1, 40.0, 10.0);
          pressed = TRUE;
        }
    }
  g_object_unref (ctrls);
  g_assert_true (pressed);
  spin (50);
  GtkWidget *menu = lsc_gui_find_widget (GTK_WIDGET (tree), GTK_TYPE_POPOVER_MENU);
  g_assert_nonnull (menu);
  g_assert_true (gtk_widget_get_visible (menu));
  gtk_popover_popdown (GTK_POPOVER (menu));
  /* Expand All opens every header, Collapse All closes them. */
  guint before = g_list_model_get_n_items (lsc_layer_tree_get_rows (tree));
  gtk_widget_activate_action (GTK_WIDGET (tree), "tree.expand-all", NULL);
  guint opened = g_list_model_get_n_items (lsc_layer_tree_get_rows (tree));
  g_assert_cmpuint (opened, >, before);
  gtk_widget_activate_action (GTK_WIDGET (tree), "tree.collapse-all", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (lsc_layer_tree_get_rows (tree)), <, opened);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  lsc_packet_list_set_filter_text (list, "");
  lsc_gui_wait_for (filter_done, "the filter to clear", 10);
}

/* The HTTP request line is explained as one: by the note on what a request
 * is made of, not as a heading. */
static void
test_http_lines_explained (void)
{
  open_capture ("http.pcapng");
  lsc_window_select_packet (win, 8 - 1);   /* GET / HTTP/1.1 */
  spin (30);
  LscLayerTree *tree = lsc_window_get_layer_tree (win);
  const LscTree *dt = lsc_gui_shown_tree (win);
  gint32 http = lsc_tree_find (dt, "http");
  g_assert_cmpint (http, >=, 0);
  gint32 line = lsc_tree_node (dt, http)->first_child;
  g_assert_cmpint (line, >=, 0);
  g_assert_cmpstr (lsc_tree_node (dt, line)->field->id, ==, "_ws.text");
  g_assert_true (lsc_layer_tree_select_node (tree, line));
  const char *ex = lsc_layer_tree_get_explanation (tree);
  g_assert_nonnull (strstr (ex, "GET / HTTP/1.1"));
  g_assert_nonnull (strstr (ex, "request line (method, URI, version)"));
  g_assert_null (strstr (ex, "heading"));
  /* A derived fact says how it was derived: 198.18.0.1's class from its first bits. */
  gint32 cls = lsc_tree_find (dt, "ip.src.class");
  g_assert_cmpint (cls, >=, 0);
  g_assert_true (lsc_layer_tree_select_node (tree, cls));
  ex = lsc_layer_tree_get_explanation (tree);
  g_assert_nonnull (strstr (ex, "198, is 11000110 in binary; it starts with 110, so the address is class C"));
}

static guint
count_packets (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LscCaptureFile) f = lsc_capture_file_open (path, &error);
  g_assert_no_error (error);
  LscPacket p;
  guint n = 0;
  while (lsc_capture_file_next (f, &p, &error) > 0)
    n++;
  g_assert_no_error (error);
  return n;
}

/* Save As: every packet, only those a filter shows, or one conversation. */
static void
test_save_some (void)
{
  open_capture ("handshake-teardown.pcapng");
  g_autofree char *dir = g_dir_make_tmp ("lsc-save-XXXXXX", NULL);
  g_autofree char *all = g_build_filename (dir, "all.pcapng", NULL);
  g_autofree char *shown = g_build_filename (dir, "shown.pcap", NULL);
  g_autofree char *conv = g_build_filename (dir, "conv.pcapng", NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (lsc_window_save_packets (win, all, "all", &error));
  g_assert_cmpuint (count_packets (all), ==, 21);
  LscPacketList *list = lsc_window_get_packet_list (win);
  g_assert_true (lsc_packet_list_set_filter_text (list, "icmp || arp"));
  lsc_gui_wait_for (filter_done, "the filter to run", 10);
  guint n_shown = g_list_model_get_n_items (lsc_packet_list_get_rows (list));
  g_assert_true (lsc_window_save_packets (win, shown, "shown", &error));
  g_assert_cmpuint (count_packets (shown), ==, n_shown);
  g_assert_cmpuint (n_shown, ==, 4);
  lsc_packet_list_set_filter_text (list, "");
  lsc_gui_wait_for (filter_done, "the filter to clear", 10);
  lsc_window_select_packet (win, 14 - 1);
  g_assert_true (lsc_window_save_packets (win, conv, "conversation", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_packets (conv), ==, LAST - FIRST + 1);
  g_unlink (all);
  g_unlink (shown);
  g_unlink (conv);
  g_rmdir (dir);
}

/* Another program cuts the open file short: selecting a packet past its new
 * end does not crash the app, and the status says what happened. */
static void
test_truncated_while_open (void)
{
  /* Bigger than a page: a cut leaves whole pages past the new end. */
  g_autofree char *path = write_long_stream (2000);
  g_autofree char *dir = NULL;
  struct stat st;
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  gsize len = (gsize) st.st_size;
  g_autoptr (GFile) f = g_file_new_for_path (path);
  lsc_window_open_file (win, f);
  lsc_gui_wait_for (done_loading, "the copy to load", 20);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (lsc_window_get_store (win)));
  g_assert_cmpuint (n, >, 10);
  /* Cut to one page: the last packets' bytes are gone from the file. */
  g_assert_cmpuint (len, >, 16 * 4096);
  g_assert_cmpint (truncate (path, 4096), ==, 0);
  lsc_window_select_packet (win, n - 1);
  spin (50);
  g_assert_cmpuint (selected (), ==, n - 1);
  g_assert_nonnull (strstr (lsc_window_get_status (win), "cut short"));
  /* What was read before is intact: the first packet still decodes as before. */
  lsc_window_select_packet (win, 0);
  spin (30);
  g_assert_true (g_str_has_prefix (lsc_anatomy_bar_get_text (lsc_window_get_anatomy_bar (win)), "Ethernet 14"));
  open_capture ("ping.pcapng");
  g_unlink (path);
}

/* The same file opened under two spellings of its path is one recent file. */
static void
test_recent_once (void)
{
  const char *root = g_getenv ("LSC_SOURCE_ROOT");
  g_autofree char *a = g_build_filename (root ? root : ".", "data", "captures", "dns.pcapng", NULL);
  g_autofree char *b = g_build_filename (root ? root : ".", "data", "..", "data", "captures", ".", "dns.pcapng", NULL);
  g_autoptr (GFile) fa = g_file_new_for_path (a);
  g_autoptr (GFile) fb = g_file_new_for_path (b);
  lsc_window_open_file (win, fa);
  lsc_gui_wait_for (done_loading, "dns.pcapng", 20);
  lsc_window_open_file (win, fb);
  lsc_gui_wait_for (done_loading, "dns.pcapng again", 20);
  g_autoptr (GSettings) settings = lsc_application_settings_new ();
  g_auto (GStrv) recent = g_settings_get_strv (settings, "recent-files");
  guint dns = 0;
  for (guint i = 0; recent[i]; i++)
    dns += g_str_has_suffix (recent[i], "dns.pcapng");
  g_assert_cmpuint (dns, ==, 1);
  g_assert_null (strstr (recent[0], ".."));
}

/* Projector mode: Ctrl+plus makes the panes' text and the ladder larger,
 * Ctrl+0 brings them back. */
static void
test_zoom (void)
{
  open_capture ("handshake-teardown.pcapng");
  lsc_window_show_flow (win, TRUE);
  lsc_window_select_packet (win, FIRST - 1);
  lsc_gui_wait_for (flow_has_size, "the flow view to have a size", 10);
  spin (50);
  graphene_rect_t before, after;
  g_assert_true (lsc_flow_view_get_arrow_area (flow (), FIRST, &before));
  GtkWidget *tree = GTK_WIDGET (lsc_window_get_layer_tree (win));
  int pw = 0, ph = 0;
  g_autoptr (PangoLayout) probe = gtk_widget_create_pango_layout (tree, "Layerscope");
  pango_layout_get_pixel_size (probe, &pw, &ph);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.zoom-in", NULL);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.zoom-in", NULL);
  spin (100);
  g_assert_cmpfloat (lsc_window_get_zoom (win), >, 1.3);
  g_assert_true (lsc_flow_view_get_arrow_area (flow (), FIRST, &after));
  g_assert_cmpfloat (after.size.height, >, before.size.height * 1.3);
  int zw = 0, zh = 0;
  g_autoptr (PangoLayout) probe2 = gtk_widget_create_pango_layout (tree, "Layerscope");
  pango_layout_get_pixel_size (probe2, &zw, &zh);
  g_test_message ("text %dx%d at 100%%, %dx%d zoomed", pw, ph, zw, zh);
  g_assert_cmpint (zw, >, pw * 1.2);
  save_artifact ("gui-zoom.png");
  gtk_widget_activate_action (GTK_WIDGET (win), "win.zoom-reset", NULL);
  spin (100);
  g_assert_cmpfloat (lsc_window_get_zoom (win), ==, 1.0);
  g_assert_true (lsc_flow_view_get_arrow_area (flow (), FIRST, &after));
  g_assert_cmpfloat (after.size.height, ==, before.size.height);
}

/* A ping's requests and replies, with no TCP states. */
static void
test_ping_flow (void)
{
  open_capture ("ping.pcapng");
  GListModel *rows = G_LIST_MODEL (lsc_window_get_store (win));
  guint pick = G_MAXUINT;
  for (guint i = 0; i < g_list_model_get_n_items (rows) && pick == G_MAXUINT; i++)
    {
      g_autoptr (LscPacketRow) r = g_list_model_get_item (rows, i);
      guint conv, role, sa, sb;
      guint32 fl;
      if (lsc_packet_row_get_conversation (r, &conv, &role, &sa, &sb, &fl) && role == LSC_ROLE_ECHO_REQUEST)
        pick = i;
    }
  g_assert_cmpuint (pick, !=, G_MAXUINT);
  lsc_window_select_packet (win, pick);
  spin (50);
  LscLadder *l = lsc_flow_view_get_ladder (flow ());
  g_assert_nonnull (l);
  g_assert_cmpint (lsc_ladder_info (l)->kind, ==, LSC_CONV_ICMP);
  g_assert_cmpint (lsc_ladder_phase (l, 0)->kind, ==, LSC_PHASE_ECHO);
  save_artifact ("gui-flow-ping.png");
}

int
main (int argc, char **argv)
{
  if (!lsc_gui_test_init (&argc, &argv))
    return 0;
  win = lsc_gui_test_window (&app, 1280, 860);

  g_test_add_func ("/flow/ladder-of-selection", test_ladder_of_selection);
  g_test_add_func ("/flow/click-arrow-selects-packet", test_click_arrow_selects_packet);
  g_test_add_func ("/flow/states-of-segment", test_states_of_segment);
  g_test_add_func ("/flow/state-columns", test_state_columns);
  g_test_add_func ("/flow/step-keeps-tree", test_step_keeps_tree);
  g_test_add_func ("/flow/explanations", test_explanations);
  g_test_add_func ("/flow/play", test_play);
  g_test_add_func ("/flow/export", test_export);
  g_test_add_func ("/flow/conversations", test_conversations);
  g_test_add_func ("/flow/follow-stream", test_follow_from_window);
  g_test_add_func ("/flow/open-and-play", test_open_and_play);
  g_test_add_func ("/flow/open-under-filter", test_open_under_filter);
  g_test_add_func ("/flow/step-under-filter", test_step_under_filter);
  g_test_add_func ("/flow/lessons", test_lessons);
  g_test_add_func ("/flow/zoom", test_zoom);
  g_test_add_func ("/flow/recent-once", test_recent_once);
  g_test_add_func ("/flow/truncated-while-open", test_truncated_while_open);
  g_test_add_func ("/flow/save-some", test_save_some);
  g_test_add_func ("/flow/http-lines-explained", test_http_lines_explained);
  g_test_add_func ("/flow/menus-and-time", test_menus_and_time);
  g_test_add_func ("/flow/ping", test_ping_flow);
  g_test_add_func ("/flow/export-long", test_export_long);
  int rc = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (win));
  g_object_unref (app);
  return rc;
}

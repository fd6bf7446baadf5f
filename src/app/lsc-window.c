/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-window.c — the main window
 *
 * Observes the session (what is open: lsc-session.h) and owns the decoded
 * frame that the list, tree, hex view, anatomy bar and flow panel share; the
 * widgets only talk to each other through here.
 */
#include "lsc-window.h"
#include "lsc-layer-colors.h"
#include "lsc-application.h"
#include "lsc-welcome.h"
#include "lsc-session.h"
#include "lsc-flow-view.h"
#include "lsc-state-diagram.h"
#include "lsc-conversations.h"
#include "lsc-follow-view.h"
#include "lsc-lessons.h"
#include "core/lsc-filter.h"
#include "core/lsc-format.h"
#include "lsc-subnet-calc.h"
#include "lsc-prefix-button.h"
#include "lsc-craft-window.h"
#include "capture/lsc-helper-client.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <unistd.h>

/* Play: seconds per packet, and its bounds. */
#define PACE_MIN 0.5
#define PACE_MAX 5.0

struct _LscWindow {
  AdwApplicationWindow parent_instance;

  AdwWindowTitle *title;
  GtkStack *stack;
  LscWelcome *welcome;
  LscPacketList *packet_list;
  LscLayerTree *layer_tree;
  LscHexView *hex_view;
  LscAnatomyBar *anatomy;
  GtkLabel *status;
  GtkLabel *shown;
  GtkWidget *model_box;
  GtkWidget *stop_button;
  GtkWidget *restart_button;
  GtkWidget *flow_panel;
  LscFlowView *flow_view;
  LscPrefixButton *prefix_button;
  GtkLabel *flow_title;
  GtkLabel *client_state;
  GtkLabel *server_state;
  GtkWidget *diagram_box;
  LscStateDiagram *state_diagram;
  GtkToggleButton *play_button;
  GtkSpinButton *pace_spin;
  GtkDropDown *step_scope;

  GSettings *settings;
  LscSession *session;
  LscStore *store;         /* the session's */
  LscDecoded *decoded;
  LscModel model;

  GtkWindow *conversations;   /* the conversation tables' window, while open */
  GtkRevealer *lesson_bar;
  GtkLabel *lesson_title;
  GtkLabel *lesson_text;
  const LscLesson *pending_lesson;  /* a lesson whose capture is loading */
  const LscLesson *lesson;          /* the lesson on show */
  guint select_after_filter;  /* a packet to select once the display filter is applied, G_MAXUINT none */
  /* The selection is the one a file opens with, not the user's choice: play
   * then starts at the capture's first TCP connection. */
  gboolean auto_selected, auto_selecting;
  gboolean select_first_shown;  /* a file opened under a display filter: select its first match */
  /* Asking before an unsaved live capture is thrown away. */
  GtkWidget *discard_dialog;
  struct PendingDiscard *pending;
  gboolean close_confirmed;
  guint step_from;         /* a hidden packet a step passes over, G_MAXUINT none */
  GtkCssProvider *zoom_css;
  guint play_source;
  gboolean revealing;      /* play hides the arrows after the current packet */
  gint pending_stream;     /* --flow N: the TCP stream to show once analysed, -1 none */
};

G_DEFINE_FINAL_TYPE (LscWindow, lsc_window, ADW_TYPE_APPLICATION_WINDOW)

enum { SIG_LOADED, SIG_LOAD_FAILED, SIG_ANALYSED, N_SIGNALS };
static guint signals[N_SIGNALS];

const char *
lsc_window_get_status (LscWindow *self)
{
  return lsc_session_get_status (self->session);
}

LscSession *
lsc_window_get_session (LscWindow *self)
{
  return self->session;
}

static void
show_error (LscWindow *self, const char *primary, const char *secondary)
{
  GtkWidget *d = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                         GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", primary);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (d), "%s", secondary);
  g_signal_connect (d, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (d));
}

/* ---- the flow panel ---- */

static gint64
capture_start_ns (LscWindow *self)
{
  LscPacket first;
  return lsc_store_get_packet (self->store, 0, &first) ? first.ts_ns : 0;
}

static void
set_state_label (GtkLabel *label, const char *who, LscTcpState before, LscTcpState after)
{
  g_autofree char *text = NULL;
  if (after == LSC_TCP_STATE_UNKNOWN)
    text = g_strdup_printf ("%s: —", who);
  else if (before != after && before != LSC_TCP_STATE_UNKNOWN)
    text = g_strdup_printf ("%s: %s → <b>%s</b>", who, lsc_tcp_state_name (before), lsc_tcp_state_name (after));
  else
    text = g_strdup_printf ("%s: <b>%s</b>", who, lsc_tcp_state_name (after));
  gtk_label_set_markup (label, text);
}

/* Both ends' states for the selected packet, under the ladder. */
static void
update_states (LscWindow *self)
{
  LscLadder *l = lsc_flow_view_get_ladder (self->flow_view);
  gint i = l && self->decoded ? lsc_ladder_find_frame (l, lsc_tree_packet (self->decoded->tree)->num) : -1;
  const LscLadderEntry *e = i >= 0 ? lsc_ladder_entry (l, (guint) i) : NULL;
  gboolean tcp = l && lsc_ladder_info (l)->kind == LSC_CONV_TCP;
  gtk_widget_set_visible (self->diagram_box, tcp);
  if (!tcp || !e)
    {
      lsc_state_diagram_clear (self->state_diagram);
      return;
    }
  set_state_label (self->client_state, _("Client (A)"), e->before_a, e->after_a);
  set_state_label (self->server_state, _("Server (B)"), e->before_b, e->after_b);
  lsc_state_diagram_set_states (self->state_diagram, e->before_a, e->after_a, e->before_b, e->after_b);
}

static void
update_flow_title (LscWindow *self)
{
  LscLadder *l = lsc_flow_view_get_ladder (self->flow_view);
  if (!l)
    {
      gtk_label_set_text (self->flow_title, _("Flow"));
      return;
    }
  const LscConvInfo *ci = lsc_ladder_info (l);
  g_autofree char *t = NULL;
  switch (ci->kind)
    {
    case LSC_CONV_TCP: t = g_strdup_printf (_("TCP stream %u"), ci->id); break;
    case LSC_CONV_UDP: t = g_strdup_printf (_("UDP stream %u"), ci->id); break;
    case LSC_CONV_ICMP: t = g_strdup_printf (_("Ping %u"), ci->id); break;
    case LSC_CONV_ARP: t = g_strdup_printf (_("ARP %u"), ci->id); break;
    }
  g_autofree char *full = g_strdup_printf (g_dngettext (NULL, "%s · %u packet", "%s · %u packets", lsc_ladder_n_entries (l)),
                                           t, lsc_ladder_n_entries (l));
  gtk_label_set_text (self->flow_title, full);
}

/* Show the conversation of the selected packet in the flow panel. */
static void
update_flow (LscWindow *self)
{
  if (!gtk_widget_get_visible (self->flow_panel))
    return;
  lsc_flow_view_set_placeholder (self->flow_view, lsc_session_is_analysing (self->session)
                                 ? _("Following the conversations… the flow shows once every packet has been analysed.")
                                 : _("Select a packet of a TCP, UDP, ping or ARP conversation to see its flow."));
  guint64 frame = self->decoded ? lsc_tree_packet (self->decoded->tree)->num : 0;
  LscLadder *cur = lsc_flow_view_get_ladder (self->flow_view);
  if (frame && (!cur || lsc_ladder_find_frame (cur, frame) < 0))
    {
      LscLadder *l = lsc_session_build_ladder (self->session, (guint) (frame - 1));
      if (l || !cur)
        {
          self->revealing = FALSE;
          lsc_flow_view_set_reveal_frame (self->flow_view, G_MAXUINT64);
          lsc_flow_view_set_ladder (self->flow_view, l, capture_start_ns (self));
        }
    }
  LscLadder *shown = lsc_flow_view_get_ladder (self->flow_view);
  if (self->revealing && shown && lsc_ladder_find_frame (shown, frame) >= 0)
    lsc_flow_view_set_reveal_frame (self->flow_view, frame);
  lsc_flow_view_set_selected_frame (self->flow_view, frame);
  update_flow_title (self);
  update_states (self);
}

/* A new analysis or new live packets: the ladder on show is out of date. */
static void
refresh_flow (LscWindow *self)
{
  if (!gtk_widget_get_visible (self->flow_panel))
    return;
  lsc_flow_view_set_ladder (self->flow_view, NULL, 0);
  update_flow (self);
}

static void
flow_frame_activated_cb (LscFlowView *view, guint64 frame, LscWindow *self)
{
  lsc_window_select_packet (self, (guint) (frame - 1));
}

void
lsc_window_show_flow (LscWindow *self, gboolean show)
{
  gtk_widget_set_visible (self->flow_panel, show);
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "show-flow")),
                             g_variant_new_boolean (show));
  if (show)
    refresh_flow (self);
}

LscFlowView *
lsc_window_get_flow_view (LscWindow *self)
{
  return self->flow_view;
}

LscStateDiagram *
lsc_window_get_state_diagram (LscWindow *self)
{
  return self->state_diagram;
}

static void
show_flow_change_cb (GSimpleAction *a, GVariant *value, gpointer data)
{
  lsc_window_show_flow (LSC_WINDOW (data), g_variant_get_boolean (value));
}

/* ---- step and play ---- */

/* Index of the packet one step from the current one (dir +1 or -1), in the
 * conversation on show or in the whole capture; G_MAXUINT at either end.
 * The current one is the selection, or the hidden packet a step just
 * passed over (step_from). */
static guint
step_target (LscWindow *self, int dir)
{
  guint sel = self->step_from != G_MAXUINT ? self->step_from : lsc_packet_list_get_selected_index (self->packet_list);
  LscLadder *l = lsc_flow_view_get_ladder (self->flow_view);
  gboolean whole = gtk_drop_down_get_selected (self->step_scope) == 1;
  if (!whole && l && gtk_widget_get_visible (self->flow_panel))
    {
      gint i = sel == G_MAXUINT ? -1 : lsc_ladder_find_frame (l, (guint64) sel + 1);
      gint next = i < 0 ? (dir > 0 ? 0 : -1) : i + dir;
      if (next < 0 || (guint) next >= lsc_ladder_n_entries (l))
        return G_MAXUINT;
      return (guint) (lsc_ladder_entry (l, (guint) next)->frame - 1);
    }
  guint n = lsc_store_get_n_staged (self->store);
  if (sel == G_MAXUINT)
    return dir > 0 && n ? 0 : G_MAXUINT;
  if ((dir < 0 && sel == 0) || (dir > 0 && sel + 1 >= n))
    return G_MAXUINT;
  return sel + dir;
}

static gboolean
step_past_hidden (LscWindow *self, guint hidden)
{
  self->step_from = hidden;
  return TRUE;
}

gboolean
lsc_window_step (LscWindow *self, int dir)
{
  /* A packet the display filter hides is stepped over: its arrow stays in
   * the ladder, but the list, tree and hex view can only show what is shown. */
  guint from = lsc_packet_list_get_selected_index (self->packet_list);
  for (guint k = 0; k < 1000000; k++)
    {
      guint t = step_target (self, dir);
      if (t == G_MAXUINT)
        break;
      if (lsc_packet_list_select_index (self->packet_list, t))
        {
          self->step_from = G_MAXUINT;
          return TRUE;
        }
      /* Step on from the hidden packet: make it the point of reference. */
      if (!step_past_hidden (self, t))
        break;
    }
  self->step_from = G_MAXUINT;
  if (from != G_MAXUINT && lsc_packet_list_get_selected_index (self->packet_list) != from)
    lsc_window_select_packet (self, from);
  return FALSE;
}

static void
step_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LscWindow *self = LSC_WINDOW (widget);
  lsc_window_step (self, g_str_equal (name, "win.step-next") ? 1 : -1);
}

static void stop_play (LscWindow *self, gboolean reveal_all);

static gboolean
play_tick_cb (gpointer data)
{
  LscWindow *self = data;
  if (!lsc_window_step (self, 1))
    {
      self->play_source = 0;
      stop_play (self, TRUE);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
stop_play (LscWindow *self, gboolean reveal_all)
{
  g_clear_handle_id (&self->play_source, g_source_remove);
  if (gtk_toggle_button_get_active (self->play_button))
    gtk_toggle_button_set_active (self->play_button, FALSE);
  if (reveal_all)
    {
      self->revealing = FALSE;
      lsc_flow_view_set_reveal_frame (self->flow_view, G_MAXUINT64);
    }
}

static void
start_play (LscWindow *self)
{
  if (!gtk_widget_get_visible (self->flow_panel))
    lsc_window_show_flow (self, TRUE);
  /* Nothing to play yet (a packet of no conversation is selected, as a file
   * opens on its first packet): the capture's first TCP connection, else its
   * first conversation of any kind. */
  if (!lsc_flow_view_get_ladder (self->flow_view) || self->auto_selected)
    {
      guint64 first = 0;
      LscConv *c = lsc_session_is_analysing (self->session) ? NULL : lsc_session_lock_conv (self->session);
      if (c)
        {
          for (int pass = 0; pass < 2 && !first; pass++)
            for (guint i = 0; i < lsc_conv_count (c); i++)
              {
                const LscConvInfo *ci = lsc_conv_nth (c, i);
                if ((pass || ci->kind == LSC_CONV_TCP) && (!first || ci->first_frame < first))
                  first = ci->first_frame;
              }
          lsc_session_unlock_conv (self->session);
        }
      if (first)
        lsc_window_select_packet (self, (guint) (first - 1));
    }
  /* From the start of the conversation when it was shown whole. */
  LscLadder *l = lsc_flow_view_get_ladder (self->flow_view);
  if (!self->revealing && l && lsc_ladder_n_entries (l))
    {
      self->revealing = TRUE;
      lsc_window_select_packet (self, (guint) (lsc_ladder_entry (l, 0)->frame - 1));
      lsc_flow_view_set_reveal_frame (self->flow_view, lsc_ladder_entry (l, 0)->frame);
    }
  g_clear_handle_id (&self->play_source, g_source_remove);
  double pace = gtk_spin_button_get_value (self->pace_spin);
  self->play_source = g_timeout_add ((guint) (CLAMP (pace, PACE_MIN, PACE_MAX) * 1000), play_tick_cb, self);
}

void
lsc_window_set_playing (LscWindow *self, gboolean play)
{
  if (play != gtk_toggle_button_get_active (self->play_button))
    gtk_toggle_button_set_active (self->play_button, play);
}

double
lsc_window_set_play_pace (LscWindow *self, double seconds)
{
  gtk_spin_button_set_value (self->pace_spin, seconds);
  return gtk_spin_button_get_value (self->pace_spin);
}

gboolean
lsc_window_is_playing (LscWindow *self)
{
  return self->play_source != 0;
}

static void
play_toggled_cb (GtkToggleButton *button, LscWindow *self)
{
  gboolean on = gtk_toggle_button_get_active (button);
  gtk_button_set_icon_name (GTK_BUTTON (button), on ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  if (on)
    start_play (self);
  else
    g_clear_handle_id (&self->play_source, g_source_remove);
}

static void
pace_changed_cb (GtkSpinButton *spin, LscWindow *self)
{
  if (self->play_source)
    start_play (self);
}

static void
play_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LscWindow *self = LSC_WINDOW (widget);
  lsc_window_set_playing (self, !gtk_toggle_button_get_active (self->play_button));
}

static void
show_all_action (GtkWidget *widget, const char *name, GVariant *param)
{
  stop_play (LSC_WINDOW (widget), TRUE);
}

static void
pace_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LscWindow *self = LSC_WINDOW (widget);
  double v = gtk_spin_button_get_value (self->pace_spin);
  gtk_spin_button_set_value (self->pace_spin, g_str_equal (name, "win.play-slower") ? v + 0.5 : v - 0.5);
}

static void
export_response_cb (GtkNativeDialog *dialog, int response, LscWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      g_autoptr (GError) error = NULL;
      if (path && !lsc_flow_view_export (self->flow_view, path, &error))
        show_error (self, _("Could not export the flow"), error->message);
      else if (path)
        {
          LscLadder *l = lsc_flow_view_get_ladder (self->flow_view);
          guint n = lsc_flow_view_get_exported (self->flow_view), all = l ? lsc_ladder_n_entries (l) : 0;
          g_autofree char *msg = n < all ? g_strdup_printf (_("Exported the first %u of %u arrows to %s (SVG holds up to 5,000)"), n, all, path)
                                         : g_strdup_printf (_("Exported %u arrows to %s"), n, path);
          gtk_label_set_text (self->status, msg);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_flow_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LscWindow *self = LSC_WINDOW (widget);
  if (!lsc_flow_view_get_ladder (self->flow_view))
    return;
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Export the Flow as PNG or SVG"), GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "flow.svg");
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- conversations and follow stream ---- */

static void
select_after_filter (LscWindow *self)
{
  if (self->select_after_filter == G_MAXUINT || lsc_packet_list_is_filtering (self->packet_list))
    return;
  guint i = self->select_after_filter;
  self->select_after_filter = G_MAXUINT;
  lsc_window_select_packet (self, i);
}

/* Filter the list to conversation i and show its flow from its first packet. */
static void
conversation_activated_cb (LscConversations *tables, guint i, LscWindow *self)
{
  LscConv *c = lsc_session_lock_conv (self->session);
  g_autofree char *filter = c && i < lsc_conv_count (c) ? lsc_conv_filter_text (c, i) : NULL;
  guint64 first = c && i < lsc_conv_count (c) ? lsc_conv_nth (c, i)->first_frame : 0;
  lsc_session_unlock_conv (self->session);
  if (!filter)
    return;
  gtk_editable_set_text (GTK_EDITABLE (lsc_packet_list_get_filter_entry (self->packet_list)), filter);
  lsc_window_show_flow (self, TRUE);
  /* The filter runs in slices: its first packet is selected once it is shown. */
  self->select_after_filter = first ? (guint) (first - 1) : G_MAXUINT;
  lsc_packet_list_set_filter_text (self->packet_list, filter);
  select_after_filter (self);
  gtk_window_present (GTK_WINDOW (self));
}

static void
fill_conversations (LscWindow *self)
{
  if (!self->conversations)
    return;
  LscConversations *tables = LSC_CONVERSATIONS (gtk_window_get_child (self->conversations));
  /* Filled once the analysis is done ("analysed" fills it again). */
  if (lsc_session_is_analysing (self->session))
    {
      lsc_conversations_set_conv (tables, NULL, 0);
      return;
    }
  LscConv *c = lsc_session_lock_conv (self->session);
  lsc_conversations_set_conv (tables, c, capture_start_ns (self));
  lsc_session_unlock_conv (self->session);
}

static void
conversations_destroyed_cb (GtkWindow *w, LscWindow *self)
{
  self->conversations = NULL;
}

void
lsc_window_show_conversations (LscWindow *self)
{
  if (!self->conversations)
    {
      GtkWidget *tables = lsc_conversations_new ();
      g_signal_connect_object (tables, "conversation-activated", G_CALLBACK (conversation_activated_cb), self, 0);
      self->conversations = GTK_WINDOW (gtk_window_new ());
      gtk_window_set_title (self->conversations, _("Conversations"));
      gtk_window_set_transient_for (self->conversations, GTK_WINDOW (self));
      gtk_window_set_default_size (self->conversations, 900, 460);
      gtk_window_set_child (self->conversations, tables);
      g_signal_connect_object (self->conversations, "destroy", G_CALLBACK (conversations_destroyed_cb), self, 0);
    }
  fill_conversations (self);
  gtk_window_present (self->conversations);
}

GtkWindow *
lsc_window_get_conversations (LscWindow *self)
{
  return self->conversations;
}

static void
conversations_action (GtkWidget *widget, const char *name, GVariant *param)
{
  lsc_window_show_conversations (LSC_WINDOW (widget));
}

/* The payload of the selected packet's TCP or UDP conversation, in a window of its own. */
GtkWindow *
lsc_window_follow_stream (LscWindow *self)
{
  guint sel = lsc_packet_list_get_selected_index (self->packet_list);
  if (sel == G_MAXUINT || lsc_session_is_analysing (self->session))
    return NULL;
  GtkWindow *w = NULL;
  LscConv *c = lsc_session_lock_conv (self->session);
  LscConvPacket cp;
  if (c && lsc_conv_packet (c, (guint64) sel + 1, &cp) && cp.valid)
    {
      LscConvKind k = lsc_conv_nth (c, cp.conv)->kind;
      if (k == LSC_CONV_TCP || k == LSC_CONV_UDP)
        w = lsc_follow_window_new (GTK_WINDOW (self), self->store, c, cp.conv);
    }
  lsc_session_unlock_conv (self->session);
  if (w)
    gtk_window_present (w);
  else
    gtk_label_set_text (self->status, _("Follow stream: select a packet of a TCP or UDP conversation (once the analysis has finished)"));
  return w;
}

static void
follow_action (GtkWidget *widget, const char *name, GVariant *param)
{
  lsc_window_follow_stream (LSC_WINDOW (widget));
}

/* ---- selection plumbing ---- */

static void
show_packet (LscWindow *self, guint index)
{
  g_clear_pointer (&self->decoded, lsc_decoded_unref);
  if (index != G_MAXUINT)
    {
      self->decoded = lsc_decoded_new (index);
      if (!lsc_store_dissect (self->store, index, self->decoded->tree))
        g_clear_pointer (&self->decoded, lsc_decoded_unref);
    }
  /* Decoding read the file: say so if another program had cut it short. */
  lsc_session_take_truncation (self->session);
  lsc_layer_tree_set_decoded (self->layer_tree, self->decoded, self->model);
  lsc_hex_view_set_decoded (self->hex_view, self->decoded);
  lsc_anatomy_bar_set_decoded (self->anatomy, self->decoded);
  update_flow (self);
}

static void
packet_selected_cb (LscPacketList *list, guint index, LscWindow *self)
{
  if (!self->auto_selecting)
    self->auto_selected = FALSE;
  show_packet (self, index);
}

static void
prefix_changed_cb (LscPrefixButton *button, LscWindow *self)
{
  /* The prefix only adds subnet facts to the tree of the packet on show. */
  show_packet (self, lsc_packet_list_get_selected_index (self->packet_list));
}

static void
node_selected_cb (LscLayerTree *tree, int idx, LscWindow *self)
{
  const LscNode *n = lsc_hex_view_highlight_node (self->hex_view, self->decoded, idx);
  lsc_anatomy_bar_set_selected (self->anatomy, n ? idx : -1);
}

static void
byte_activated_cb (LscHexView *hex, guint offset, LscWindow *self)
{
  if (!self->decoded)
    return;
  gint32 idx = lsc_tree_node_at_offset (self->decoded->tree, offset);
  if (idx >= 0)
    lsc_layer_tree_select_node (self->layer_tree, idx);
}

static void
anatomy_node_cb (LscAnatomyBar *bar, int idx, LscWindow *self)
{
  lsc_layer_tree_select_node (self->layer_tree, idx);
}

static void select_after_filter (LscWindow *self);

static void
shown_changed_cb (GListModel *rows, guint pos, guint removed, guint added, LscWindow *self)
{
  select_after_filter (self);
  if (self->select_first_shown && g_list_model_get_n_items (rows) > 0)
    {
      g_autoptr (LscPacketRow) first = g_list_model_get_item (rows, 0);
      self->select_first_shown = FALSE;
      self->auto_selecting = TRUE;
      lsc_window_select_packet (self, lsc_packet_row_get_index (first));
      self->auto_selecting = FALSE;
      self->auto_selected = TRUE;
    }
  guint n = g_list_model_get_n_items (rows), all = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  if (n == all)
    gtk_label_set_text (self->shown, "");
  else
    {
      g_autofree char *text = g_strdup_printf (_("%u of %u shown%s"), n, all,
                                               lsc_packet_list_is_filtering (self->packet_list) ? _(" (filtering…)") : "");
      gtk_label_set_text (self->shown, text);
    }
}

/* ---- model ---- */

static void
model_changed_cb (GSettings *settings, const char *key, LscWindow *self)
{
  g_autofree char *s = g_settings_get_string (settings, "model");
  LscModel m;
  if (!lsc_model_from_string (s, &m))
    m = LSC_MODEL_OSI;
  self->model = m;
  lsc_layer_tree_set_model (self->layer_tree, m);
}

/* ---- right-click menus ---- */

static void
set_filter (LscWindow *self, const char *text, gboolean apply)
{
  GtkWidget *entry = lsc_packet_list_get_filter_entry (self->packet_list);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  if (apply)
    {
      guint sel = lsc_packet_list_get_selected_index (self->packet_list);
      self->select_after_filter = sel;
      lsc_packet_list_set_filter_text (self->packet_list, text);
      select_after_filter (self);
    }
  else
    {
      gtk_widget_grab_focus (entry);
      gtk_editable_set_position (GTK_EDITABLE (entry), -1);
    }
}

static const LscNode *
selected_node (LscWindow *self)
{
  gint32 idx = lsc_layer_tree_get_selected_node (self->layer_tree);
  return self->decoded && idx >= 0 ? lsc_tree_node (self->decoded->tree, idx) : NULL;
}

static void
field_filter_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LscWindow *self = LSC_WINDOW (widget);
  g_autofree char *text = lsc_filter_text_for_node (selected_node (self));
  if (text)
    set_filter (self, text, g_str_equal (name, "win.filter-field"));
  else
    gtk_label_set_text (self->status, _("This line has no field of its own to filter on: choose a field or a header"));
}

static void
copy_text (LscWindow *self, const char *text)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
copy_node_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LscWindow *self = LSC_WINDOW (widget);
  const LscNode *n = selected_node (self);
  if (!n)
    return;
  g_autoptr (GString) s = g_string_new (NULL);
  if (g_str_equal (name, "win.copy-value") && n->field && n->field->type != LSC_FT_NONE &&
      n->field->type != LSC_FT_PROTOCOL)
    lsc_format_display (n, s);
  else
    lsc_format_label (n, s);
  copy_text (self, s->str);
}

static void
conversation_filter_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LscWindow *self = LSC_WINDOW (widget);
  guint sel = lsc_packet_list_get_selected_index (self->packet_list);
  LscConv *c = lsc_session_is_analysing (self->session) || sel == G_MAXUINT ? NULL : lsc_session_lock_conv (self->session);
  g_autofree char *text = NULL;
  LscConvPacket cp;
  if (c)
    {
      if (lsc_conv_packet (c, (guint64) sel + 1, &cp) && cp.valid)
        text = lsc_conv_filter_text (c, cp.conv);
      lsc_session_unlock_conv (self->session);
    }
  if (text)
    set_filter (self, text, TRUE);
  else
    gtk_label_set_text (self->status, _("This packet belongs to no conversation (or the analysis is still running)"));
}

static void
show_flow_here_action (GtkWidget *widget, const char *name, GVariant *param)
{
  lsc_window_show_flow (LSC_WINDOW (widget), TRUE);
}

static void
copy_packet_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LscWindow *self = LSC_WINDOW (widget);
  if (!self->decoded)
    return;
  g_autoptr (GString) s = g_string_new (NULL);
  const LscPacket *p = lsc_tree_packet (self->decoded->tree);
  if (g_str_equal (name, "win.copy-summary"))
    {
      lsc_format_summary_line (self->decoded->tree, s);
      if (s->len && s->str[s->len - 1] == '\n')
        g_string_truncate (s, s->len - 1);
    }
  else
    for (guint32 i = 0; i < p->caplen; i++)
      g_string_append_printf (s, "%s%02x", i ? " " : "", p->data[i]);
  copy_text (self, s->str);
}

static void
time_format_changed_cb (GSettings *settings, const char *key, LscWindow *self)
{
  g_autofree char *v = g_settings_get_string (settings, "time-format");
  LscTimeFormat f = g_str_equal (v, "delta") ? LSC_TIME_DELTA : g_str_equal (v, "absolute") ? LSC_TIME_ABSOLUTE
                  : g_str_equal (v, "utc") ? LSC_TIME_UTC : LSC_TIME_RELATIVE;
  lsc_packet_list_set_time_format (self->packet_list, f);
}

/* ---- projector mode ---- */

#define ZOOM_MIN 0.7
#define ZOOM_MAX 2.5

/* Every pane's text scales with the window's font size; the drawn views
 * (the flow ladder, the state diagram, the anatomy bar) follow it too. */
static void
zoom_changed_cb (GSettings *settings, const char *key, LscWindow *self)
{
  double z = CLAMP (g_settings_get_double (settings, "zoom"), ZOOM_MIN, ZOOM_MAX);
  g_autofree char *css = g_strdup_printf ("window.lsc-main { font-size: %d%%; }", (int) (z * 100 + 0.5));
  gtk_css_provider_load_from_data (self->zoom_css, css, -1);
  lsc_flow_view_set_zoom (self->flow_view, z);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-out", z > ZOOM_MIN + 0.01);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-in", z < ZOOM_MAX - 0.01);
}

static void
zoom_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LscWindow *self = LSC_WINDOW (widget);
  double z = g_settings_get_double (self->settings, "zoom");
  if (g_str_equal (name, "win.zoom-in"))
    z = MIN (ZOOM_MAX, z * 1.15);
  else if (g_str_equal (name, "win.zoom-out"))
    z = MAX (ZOOM_MIN, z / 1.15);
  else if (g_str_equal (name, "win.zoom-presentation"))
    z = 1.6;
  else
    z = 1.0;
  g_settings_set_double (self->settings, "zoom", z);
}

double
lsc_window_get_zoom (LscWindow *self)
{
  return g_settings_get_double (self->settings, "zoom");
}

static void
state_columns_changed_cb (GSettings *settings, const char *key, LscWindow *self)
{
  lsc_packet_list_set_state_columns (self->packet_list, g_settings_get_boolean (settings, "state-columns"));
}

void
lsc_window_set_model (LscWindow *self, LscModel model)
{
  g_settings_set_string (self->settings, "model", lsc_model_to_string (model));
}

LscModel
lsc_window_get_model (LscWindow *self)
{
  return self->model;
}

/* ---- nothing captured is lost without asking ---- */

typedef void (*ProceedFunc) (LscWindow *self, gpointer data);

struct PendingDiscard {
  ProceedFunc proceed;
  gpointer data;
  GDestroyNotify free;
};

static void
pending_free (struct PendingDiscard *p)
{
  if (p && p->free)
    p->free (p->data);
  g_free (p);
}

static void
pending_run (LscWindow *self)
{
  struct PendingDiscard *p = g_steal_pointer (&self->pending);
  if (p)
    p->proceed (self, p->data);
  pending_free (p);
}

static void save_as_action (GtkWidget *widget, const char *name, GVariant *param);

static void
discard_response_cb (GtkDialog *dialog, int response, LscWindow *self)
{
  self->discard_dialog = NULL;
  gtk_window_destroy (GTK_WINDOW (dialog));
  switch (response)
    {
    case GTK_RESPONSE_REJECT:        /* Discard */
      pending_run (self);
      break;
    case GTK_RESPONSE_ACCEPT:        /* Save…, then go on once it is saved */
      save_as_action (GTK_WIDGET (self), "win.save-as", NULL);
      break;
    default:                         /* Cancel, or the dialog closed */
      g_clear_pointer (&self->pending, pending_free);
      break;
    }
}

/* Run proceed now, or once the user saved or chose to discard an unsaved
 * live capture; never when they cancel. */
static void
confirm_discard (LscWindow *self, ProceedFunc proceed, gpointer data, GDestroyNotify free_data)
{
  struct PendingDiscard *p = g_new0 (struct PendingDiscard, 1);
  p->proceed = proceed;
  p->data = data;
  p->free = free_data;
  g_clear_pointer (&self->pending, pending_free);
  self->pending = p;
  if (!lsc_session_has_unsaved (self->session))
    {
      pending_run (self);
      return;
    }
  if (self->discard_dialog)
    {
      gtk_window_present (GTK_WINDOW (self->discard_dialog));
      return;
    }
  guint n = lsc_store_get_n_staged (self->store);
  const char *iface = lsc_session_get_live_iface (self->session);
  GtkWidget *d = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                         GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                         g_dngettext (NULL, "Save the %u packet captured on %s?",
                                                      "Save the %u packets captured on %s?", n),
                                         n, iface ? iface : "?");
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (d), "%s",
                                            _("The live capture has not been saved. If you discard it, its packets are gone."));
  gtk_dialog_add_button (GTK_DIALOG (d), _("_Cancel"), GTK_RESPONSE_CANCEL);
  GtkWidget *discard = gtk_dialog_add_button (GTK_DIALOG (d), _("_Discard"), GTK_RESPONSE_REJECT);
  gtk_widget_add_css_class (discard, "destructive-action");
  GtkWidget *save = gtk_dialog_add_button (GTK_DIALOG (d), _("_Save…"), GTK_RESPONSE_ACCEPT);
  gtk_widget_add_css_class (save, "suggested-action");
  gtk_dialog_set_default_response (GTK_DIALOG (d), GTK_RESPONSE_ACCEPT);
  g_signal_connect (d, "response", G_CALLBACK (discard_response_cb), self);
  self->discard_dialog = d;
  gtk_window_present (GTK_WINDOW (d));
}

GtkWidget *
lsc_window_get_discard_dialog (LscWindow *self)
{
  return self->discard_dialog;
}

/* ---- session ---- */

static void
update_live_actions (LscWindow *self)
{
  gboolean running = lsc_session_is_capturing (self->session);
  gboolean restartable = lsc_session_get_live_iface (self->session) != NULL && !running;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop-capture", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.restart-capture", restartable);
  gtk_widget_set_visible (self->stop_button, running);
  gtk_widget_set_visible (self->restart_button, restartable);
}

/* Save As writes what is open: with nothing open there is nothing to save. */
static void
update_save_action (LscWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as", lsc_store_get_n_staged (self->store) > 0);
}

static void
session_status_cb (LscSession *session, LscWindow *self)
{
  gtk_label_set_text (self->status, lsc_session_get_status (session));
  /* The status changes whenever packets come or go. */
  update_save_action (self);
}

static void
session_cleared_cb (LscSession *session, LscWindow *self)
{
  /* Another capture: the lesson's notes go, unless it is the lesson's own. */
  self->lesson = NULL;
  gtk_revealer_set_reveal_child (self->lesson_bar, FALSE);
  self->select_first_shown = FALSE;
  self->select_after_filter = G_MAXUINT;
  self->step_from = G_MAXUINT;
  stop_play (self, TRUE);
  show_packet (self, G_MAXUINT);
  lsc_flow_view_set_ladder (self->flow_view, NULL, 0);
  update_flow_title (self);
  if (self->conversations)
    lsc_conversations_set_conv (LSC_CONVERSATIONS (gtk_window_get_child (self->conversations)), NULL, 0);
}

static void
session_first_rows_cb (LscSession *session, LscWindow *self)
{
  /* With the first rows, show the first packet: a file never opens onto an
   * empty tree, hex view and anatomy bar. */
  if (lsc_packet_list_get_selected_index (self->packet_list) == G_MAXUINT)
    {
      self->auto_selecting = TRUE;
      lsc_window_select_packet (self, 0);
      self->auto_selecting = FALSE;
      self->auto_selected = TRUE;
      /* A display filter hides the first packet: its first match, now or
       * once the filter finds it. */
      self->select_first_shown = lsc_packet_list_get_selected_index (self->packet_list) == G_MAXUINT;
      GListModel *rows = lsc_packet_list_get_rows (self->packet_list);
      shown_changed_cb (rows, 0, 0, 0, self);
    }
}

static void
session_loaded_cb (LscSession *session, LscWindow *self)
{
  g_signal_emit (self, signals[SIG_LOADED], 0);
}

static void
session_load_failed_cb (LscSession *session, const char *message, LscWindow *self)
{
  self->pending_stream = -1;
  self->pending_lesson = NULL;
  show_error (self, _("Could not read the capture"), message);
  g_signal_emit (self, signals[SIG_LOAD_FAILED], 0, message);
}

static void apply_lesson (LscWindow *self, const LscLesson *l);

static void
session_analysed_cb (LscSession *session, LscWindow *self)
{
  /* Rows drawn before the analysis reached them lack their roles: redraw them all. */
  guint sel = lsc_packet_list_get_selected_index (self->packet_list);
  gint32 node = lsc_layer_tree_get_selected_node (self->layer_tree);
  /* Selecting the same packet again is not the user's choice. */
  gboolean was_auto = self->auto_selected;
  self->auto_selecting = TRUE;
  lsc_store_refresh (self->store);
  lsc_flow_view_set_ladder (self->flow_view, NULL, 0);
  if (sel != G_MAXUINT)
    {
      lsc_window_select_packet (self, sel);
      /* Under a display filter the rows come back as the filter runs again:
       * the packet is selected once it is shown. */
      if (lsc_packet_list_get_selected_index (self->packet_list) != sel)
        self->select_after_filter = sel;
      /* The analysis only appends nodes, so the field the user had selected
       * keeps its index in the new tree. */
      if (node >= 0)
        lsc_layer_tree_select_node (self->layer_tree, node);
    }
  self->auto_selecting = FALSE;
  self->auto_selected = was_auto;
  refresh_flow (self);
  fill_conversations (self);
  if (self->pending_lesson)
    {
      const LscLesson *l = self->pending_lesson;
      self->pending_lesson = NULL;
      apply_lesson (self, l);
    }
  if (self->pending_stream >= 0)
    {
      guint stream = (guint) self->pending_stream;
      self->pending_stream = -1;
      LscLadder *l = lsc_session_build_stream_ladder (self->session, stream);
      if (l && lsc_ladder_n_entries (l))
        {
          guint first = (guint) (lsc_ladder_entry (l, 0)->frame - 1);
          lsc_window_show_flow (self, TRUE);
          lsc_window_select_packet (self, first);
        }
      else
        {
          g_autofree char *msg = g_strdup_printf (_("--flow %u: there is no TCP stream %u in this capture"), stream, stream);
          gtk_label_set_text (self->status, msg);
          g_signal_emit (self, signals[SIG_LOAD_FAILED], 0, msg);
        }
      g_clear_pointer (&l, lsc_ladder_free);
    }
  g_signal_emit (self, signals[SIG_ANALYSED], 0);
}

void
lsc_window_open_flow_stream (LscWindow *self, guint stream)
{
  self->pending_stream = (gint) stream;
  lsc_window_show_flow (self, TRUE);
}

static void
session_committed_cb (LscSession *session, LscWindow *self)
{
  /* New live packets may extend the conversation on show: rebuilt only when
   * they did, keeping the reader's place. */
  LscLadder *l = lsc_flow_view_get_ladder (self->flow_view);
  if (!gtk_widget_get_visible (self->flow_panel) || self->revealing || !l || !lsc_ladder_n_entries (l))
    return;
  guint64 last = lsc_ladder_entry (l, lsc_ladder_n_entries (l) - 1)->frame;
  LscConv *c = lsc_session_lock_conv (self->session);
  guint ci = lsc_ladder_conv_index (l);
  guint64 now = c && ci < lsc_conv_count (c) ? lsc_conv_nth (c, ci)->last_frame : 0;
  lsc_session_unlock_conv (self->session);
  if (now <= last)
    return;
  LscLadder *grown = lsc_session_build_ladder (self->session, (guint) (last - 1));
  if (grown)
    {
      lsc_flow_view_update_ladder (self->flow_view, grown);
      update_flow_title (self);
    }
}

static void
session_live_changed_cb (LscSession *session, LscWindow *self)
{
  lsc_packet_list_set_follow (self->packet_list, lsc_session_is_capturing (session));
  update_live_actions (self);
}

gboolean
lsc_window_start_capture (LscWindow *self, const char *iface, const char *bpf, GError **error)
{
  g_return_val_if_fail (LSC_IS_WINDOW (self), FALSE);
  if (!lsc_session_start_capture (self->session, iface, bpf, error))
    return FALSE;
  g_autofree char *sub = g_strdup_printf (_("Live on %s"), iface);
  adw_window_title_set_subtitle (self->title, sub);
  gtk_stack_set_visible_child_name (self->stack, "capture");
  return TRUE;
}

void
lsc_window_stop_capture (LscWindow *self)
{
  lsc_session_stop_capture (self->session);
}

gboolean
lsc_window_is_capturing (LscWindow *self)
{
  return lsc_session_is_capturing (self->session);
}

gboolean
lsc_window_save_capture (LscWindow *self, const char *path, GError **error)
{
  return lsc_session_save (self->session, path, error);
}

gboolean
lsc_window_save_packets (LscWindow *self, const char *path, const char *which, GError **error)
{
  if (!which || g_str_equal (which, "all"))
    return lsc_session_save (self->session, path, error);
  /* "shown": what the display filter shows, in capture order (not the list's sort). */
  gboolean shown = g_str_equal (which, "shown");
  g_autoptr (GArray) idx = shown ? lsc_packet_list_dup_shown_indices (self->packet_list)
                                 : g_array_new (FALSE, FALSE, sizeof (guint));
  if (g_str_equal (which, "conversation"))
    {
      guint sel = lsc_packet_list_get_selected_index (self->packet_list);
      LscConv *c = lsc_session_is_analysing (self->session) || sel == G_MAXUINT ? NULL : lsc_session_lock_conv (self->session);
      LscConvPacket cp, other;
      if (c)
        {
          if (lsc_conv_packet (c, (guint64) sel + 1, &cp) && cp.valid)
            {
              const LscConvInfo *ci = lsc_conv_nth (c, cp.conv);
              for (guint64 f = ci->first_frame; f && f <= ci->last_frame; f++)
                if (lsc_conv_packet (c, f, &other) && other.valid && other.conv == cp.conv)
                  {
                    guint k = (guint) (f - 1);
                    g_array_append_val (idx, k);
                  }
            }
          lsc_session_unlock_conv (self->session);
        }
      if (!idx->len)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("The selected packet belongs to no conversation: nothing to save"));
          return FALSE;
        }
    }
  else if (!shown)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "which packets: all, shown or conversation");
      return FALSE;
    }
  return lsc_session_save_some (self->session, path, (const guint *) (void *) idx->data, idx->len, error);
}

static void
stop_capture_action (GtkWidget *widget, const char *name, GVariant *param)
{
  lsc_window_stop_capture (LSC_WINDOW (widget));
}

static void
restart_capture_now (LscWindow *self, gpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *iface = g_strdup (lsc_session_get_live_iface (self->session));
  if (iface && !lsc_session_restart_capture (self->session, &error))
    show_error (self, _("Could not start the capture"), error->message);
  else if (iface)
    {
      g_autofree char *sub = g_strdup_printf (_("Live on %s"), iface);
      adw_window_title_set_subtitle (self->title, sub);
    }
}

static void
restart_capture_action (GtkWidget *widget, const char *name, GVariant *param)
{
  confirm_discard (LSC_WINDOW (widget), restart_capture_now, NULL, NULL);
}

static void
save_response_cb (GtkNativeDialog *dialog, int response, LscWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      g_autoptr (GError) error = NULL;
      const char *which = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "packets");
      if (path && !lsc_window_save_packets (self, path, which, &error))
        show_error (self, _("Could not save the capture"), error->message);
      else if (path)
        /* Saved: what was waiting on the save (a close, another file) goes on. */
        pending_run (self);
    }
  /* Not saved: nothing that would throw the capture away happens. */
  g_clear_pointer (&self->pending, pending_free);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
save_as_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LscWindow *self = LSC_WINDOW (widget);
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Save Capture As"), GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog),
                                     lsc_session_get_live_iface (self->session) ? "capture.pcapng" : "packets.pcapng");
  /* Everything, what the display filter shows, or one conversation. */
  static const char *const ids[] = { "all", "shown", "conversation", NULL };
  const char *labels[] = { _("All packets"), _("Only the packets shown"), _("The selected packet's conversation"), NULL };
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (dialog), "packets", _("Packets:"), (const char **) ids, labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (dialog), "packets",
                               lsc_packet_list_is_filtering (self->packet_list) ||
                               g_list_model_get_n_items (lsc_packet_list_get_rows (self->packet_list)) ==
                               lsc_store_get_n_staged (self->store) ? "all" : "shown");
  g_signal_connect (dialog, "response", G_CALLBACK (save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
check_capture_available (LscWindow *self)
{
  g_autofree char *helper = lsc_helper_client_find ();
  if (geteuid () == 0)
    lsc_welcome_set_capture_status (self->welcome, TRUE, NULL);
  else if (helper)
    lsc_welcome_set_capture_status (self->welcome, TRUE,
                                    _("Live capture goes through the layerscope-capture helper. If it was installed without capabilities, "
                                      "starting explains what to do; capture files work either way."));
  else
    lsc_welcome_set_capture_status (self->welcome, FALSE,
                                    _("Live capture needs the CAP_NET_RAW capability: install layerscope-capture with capabilities "
                                      "(packages do; a source build with -Dhelper_caps=true) and join its group "
                                      "(usually layerscope: sudo usermod -aG layerscope $USER, then log in again), or run as root; "
                                      "a Flatpak sandbox cannot capture at all. Capture files work without it."));
}

/* ---- loading ---- */

/* One name per file: "data/captures/x", "./data/../data/captures/x" and a
 * symbolic link to it are the same file, listed once. */
static char *
canonical_path (const char *path)
{
  char *real = realpath (path, NULL);
  if (!real)
    return g_canonicalize_filename (path, NULL);
  char *copy = g_strdup (real);
  free (real);
  return copy;
}

static void
remember_recent (LscWindow *self, const char *given)
{
  g_autofree char *path = canonical_path (given);
  g_auto (GStrv) old = g_settings_get_strv (self->settings, "recent-files");
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  g_strv_builder_add (b, path);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (seen, g_strdup (path));
  for (guint i = 0, n = 1; old[i] && n < 10; i++)
    if (g_hash_table_add (seen, canonical_path (old[i])))
      {
        g_strv_builder_add (b, old[i]);
        n++;
      }
  g_auto (GStrv) now = g_strv_builder_end (b);
  g_settings_set_strv (self->settings, "recent-files", (const char *const *) now);
  lsc_welcome_set_recent (self->welcome, (const char *const *) now);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  if (uri)
    gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
}

static void
open_file_now (LscWindow *self, gpointer data)
{
  GFile *file = data;
  g_autofree char *path = g_file_get_path (file);
  g_autoptr (GError) error = NULL;
  if (!path)
    {
      show_error (self, _("Could not open the capture"), _("Only local files can be opened."));
      return;
    }
  if (!lsc_session_open_file (self->session, path, &error))
    {
      show_error (self, _("Could not open the capture"), error->message);
      g_signal_emit (self, signals[SIG_LOAD_FAILED], 0, error->message);
      return;
    }
  g_autofree char *base = g_path_get_basename (path);
  adw_window_title_set_subtitle (self->title, base);
  gtk_stack_set_visible_child_name (self->stack, "capture");
  remember_recent (self, path);
}

void
lsc_window_open_file (LscWindow *self, GFile *file)
{
  g_return_if_fail (LSC_IS_WINDOW (self));
  confirm_discard (self, open_file_now, g_object_ref (file), g_object_unref);
}

gboolean
lsc_window_is_loading (LscWindow *self)
{
  return lsc_session_is_loading (self->session);
}

gboolean
lsc_window_is_analysing (LscWindow *self)
{
  return lsc_session_is_analysing (self->session);
}

LscStore *
lsc_window_get_store (LscWindow *self)
{
  return self->store;
}

void
lsc_window_select_packet (LscWindow *self, guint index)
{
  lsc_packet_list_select_index (self->packet_list, index);
}

GtkWidget *lsc_window_get_welcome (LscWindow *self) { return GTK_WIDGET (self->welcome); }
LscPacketList *lsc_window_get_packet_list (LscWindow *self) { return self->packet_list; }
LscLayerTree *lsc_window_get_layer_tree (LscWindow *self) { return self->layer_tree; }
LscHexView *lsc_window_get_hex_view (LscWindow *self) { return self->hex_view; }
LscAnatomyBar *lsc_window_get_anatomy_bar (LscWindow *self) { return self->anatomy; }

/* ---- actions ---- */

static void
open_response_cb (GtkNativeDialog *dialog, int response, LscWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      if (file)
        lsc_window_open_file (self, file);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
open_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LscWindow *self = LSC_WINDOW (widget);
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Open Capture File"), GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  GtkFileFilter *f = gtk_file_filter_new ();
  gtk_file_filter_set_name (f, _("Capture files (pcap, pcapng)"));
  gtk_file_filter_add_pattern (f, "*.pcap");
  gtk_file_filter_add_pattern (f, "*.pcapng");
  gtk_file_filter_add_pattern (f, "*.cap");
  gtk_file_filter_add_mime_type (f, "application/vnd.tcpdump.pcap");
  gtk_file_filter_add_mime_type (f, "application/x-pcapng");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), f);
  g_object_unref (f);
  GtkFileFilter *all = gtk_file_filter_new ();
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);
  g_object_unref (all);
  g_signal_connect (dialog, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
close_capture_now (LscWindow *self, gpointer data)
{
  lsc_session_close (self->session);
  adw_window_title_set_subtitle (self->title, NULL);
  gtk_stack_set_visible_child_name (self->stack, "welcome");
}

static void
close_capture_action (GtkWidget *widget, const char *name, GVariant *param)
{
  confirm_discard (LSC_WINDOW (widget), close_capture_now, NULL, NULL);
}

static void
focus_filter_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LscWindow *self = LSC_WINDOW (widget);
  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "capture"))
    gtk_widget_grab_focus (lsc_packet_list_get_filter_entry (self->packet_list));
}

static void
focus_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LscWindow *self = LSC_WINDOW (widget);
  if (g_str_equal (name, "win.focus-list"))
    gtk_widget_grab_focus (lsc_packet_list_get_column_view (self->packet_list));
  else if (g_str_equal (name, "win.focus-tree"))
    gtk_widget_grab_focus (GTK_WIDGET (self->layer_tree));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->hex_view));
}

static void
craft_action (GtkWidget *widget, const char *name, GVariant *param)
{
  gtk_window_present (GTK_WINDOW (lsc_craft_window_get_for (LSC_WINDOW (widget))));
}

static gboolean
drop_cb (GtkDropTarget *target, const GValue *value, double x, double y, LscWindow *self)
{
  GSList *files = g_value_get_boxed (value);
  if (!files)
    return FALSE;
  lsc_window_open_file (self, files->data);
  return TRUE;
}

static void
open_file_cb (LscWelcome *w, GFile *file, LscWindow *self)
{
  lsc_window_open_file (self, file);
}

/* ---- lessons ---- */

/* The lesson's capture is analysed: open it at its packet (the filter's
 * first match), with the flow panel when it tells of a connection, and
 * its notes above the list. */
static void
apply_lesson (LscWindow *self, const LscLesson *l)
{
  self->lesson = l;
  g_autofree char *title = g_strdup_printf (_("Lesson %u · %s"), l->number, _(l->title));
  gtk_label_set_text (self->lesson_title, title);
  gtk_label_set_text (self->lesson_text, _(l->look_for));
  gtk_revealer_set_reveal_child (self->lesson_bar, TRUE);
  g_autoptr (LscFilter) f = lsc_filter_compile (l->filter, NULL, NULL);
  g_autoptr (LscTree) t = lsc_tree_new ();
  guint n = lsc_store_get_n_staged (self->store), pick = G_MAXUINT;
  for (guint i = 0; f && i < n && pick == G_MAXUINT; i++)
    if (lsc_store_dissect (self->store, i, t) && lsc_filter_match (f, t))
      pick = i;
  lsc_window_show_flow (self, l->flow);
  if (pick != G_MAXUINT)
    lsc_window_select_packet (self, pick);
}

gboolean
lsc_window_open_lesson (LscWindow *self, guint number)
{
  const LscLesson *l = lsc_lessons_find (number);
  g_autofree char *dir = lsc_welcome_find_captures_dir ();
  if (!l || !dir)
    return FALSE;
  g_autofree char *path = g_build_filename (dir, l->file, NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  self->pending_lesson = l;
  lsc_window_open_file (self, file);
  return TRUE;
}

const LscLesson *
lsc_window_get_lesson (LscWindow *self)
{
  return self->lesson;
}

static void
open_lesson_cb (LscWelcome *w, guint number, LscWindow *self)
{
  lsc_window_open_lesson (self, number);
}

static void
hide_lesson_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LscWindow *self = LSC_WINDOW (widget);
  gtk_revealer_set_reveal_child (self->lesson_bar, FALSE);
}

static void
start_capture_now (LscWindow *self, gpointer data)
{
  char **args = data;   /* interface, filter */
  g_autoptr (GError) error = NULL;
  if (!lsc_window_start_capture (self, args[0], args[1], &error))
    show_error (self, _("Could not start the capture"), error->message);
}

static void
start_capture_cb (LscWelcome *w, const char *iface, const char *bpf, LscWindow *self)
{
  char **args = g_new0 (char *, 3);
  args[0] = g_strdup (iface);
  args[1] = g_strdup (bpf ? bpf : "");
  confirm_discard (self, start_capture_now, args, (GDestroyNotify) g_strfreev);
}

/* From the start page inside a lab host: the craft window with that
 * template, addressed to a lab host, on this host's lab link. */
static void
lab_craft_cb (LscWelcome *w, const char *tmpl, const char *set, const char *iface, LscWindow *self)
{
  LscCraftTemplate t;
  if (!lsc_craft_template_from_string (tmpl, &t))
    return;
  LscCraftWindow *cw = lsc_craft_window_get_for (self);
  lsc_craft_window_set_template (cw, t);
  lsc_craft_window_set_iface (cw, iface);
  if (set)
    lsc_craft_window_apply (cw, set, NULL);
  gtk_window_present (GTK_WINDOW (cw));
}

/* ---- window state ---- */

static void
close_window_now (LscWindow *self, gpointer data)
{
  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
close_request_cb (GtkWindow *win, LscWindow *self)
{
  if (!self->close_confirmed && lsc_session_has_unsaved (self->session))
    {
      confirm_discard (self, close_window_now, NULL, NULL);
      return TRUE;
    }
  int w, h;
  gtk_window_get_default_size (win, &w, &h);
  g_settings_set (self->settings, "window-size", "(ii)", w, h);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (win));
  stop_play (self, FALSE);
  lsc_session_close (self->session);
  return FALSE;
}

gboolean
lsc_window_save_png (LscWindow *self, const char *path, GError **error)
{
  return lsc_widget_save_png (GTK_WIDGET (self), path, error);
}

static void
lsc_window_dispose (GObject *object)
{
  LscWindow *self = LSC_WINDOW (object);
  g_clear_handle_id (&self->play_source, g_source_remove);
  g_clear_pointer (&self->pending, pending_free);
  if (self->conversations)
    gtk_window_destroy (self->conversations);
  if (self->session)
    {
      /* While the widgets are alive: "cleared" makes them let go of the analysis. */
      lsc_session_close (self->session);
      g_signal_handlers_disconnect_by_data (self->session, self);
    }
  g_clear_pointer (&self->decoded, lsc_decoded_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), LSC_TYPE_WINDOW);
  self->store = NULL;
  g_clear_object (&self->session);
  if (self->zoom_css)
    gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (self->zoom_css));
  g_clear_object (&self->zoom_css);
  if (self->settings)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (lsc_window_parent_class)->dispose (object);
}

static void
subnet_calculator_action (GtkWidget *widget, const char *name, GVariant *param)
{
  /* Filled in with the selected line's address, else the packet's source. */
  LscWindow *self = LSC_WINDOW (widget);
  g_autofree char *text = lsc_layer_tree_get_calc_text (self->layer_tree);
  g_autofree char *mac = text ? lsc_layer_tree_get_source_mac (self->layer_tree) : NULL;
  GtkWindow *calc = lsc_subnet_calc_present (gtk_window_get_application (GTK_WINDOW (widget)), GTK_WINDOW (widget), text);
  if (mac)
    lsc_subnet_calc_set_mac (lsc_subnet_calc_from_window (calc), mac);
}

static void
lsc_window_class_init (LscWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = lsc_window_dispose;

  signals[SIG_LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIG_ANALYSED] = g_signal_new ("analysed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIG_LOAD_FAILED] = g_signal_new ("load-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (LSC_TYPE_WELCOME);
  g_type_ensure (LSC_TYPE_PACKET_LIST);
  g_type_ensure (LSC_TYPE_LAYER_TREE);
  g_type_ensure (LSC_TYPE_HEX_VIEW);
  g_type_ensure (LSC_TYPE_ANATOMY_BAR);
  g_type_ensure (LSC_TYPE_FLOW_VIEW);
  g_type_ensure (LSC_TYPE_STATE_DIAGRAM);
  g_type_ensure (LSC_TYPE_PREFIX_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/layerscope/Layerscope/ui/lsc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LscWindow, title);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, welcome);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, packet_list);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, layer_tree);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, hex_view);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, anatomy);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, status);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, shown);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, model_box);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, stop_button);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, restart_button);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, flow_panel);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, flow_view);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, prefix_button);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, flow_title);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, client_state);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, server_state);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, diagram_box);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, state_diagram);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, play_button);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, pace_spin);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, step_scope);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, lesson_bar);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, lesson_title);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, lesson_text);
  gtk_widget_class_bind_template_callback (widget_class, open_lesson_cb);
  gtk_widget_class_bind_template_callback (widget_class, packet_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, node_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, byte_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, anatomy_node_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_file_cb);
  gtk_widget_class_bind_template_callback (widget_class, start_capture_cb);
  gtk_widget_class_bind_template_callback (widget_class, lab_craft_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_request_cb);
  gtk_widget_class_bind_template_callback (widget_class, flow_frame_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, play_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, pace_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.close-capture", NULL, close_capture_action);
  gtk_widget_class_install_action (widget_class, "win.focus-filter", NULL, focus_filter_action);
  gtk_widget_class_install_action (widget_class, "win.focus-list", NULL, focus_action);
  gtk_widget_class_install_action (widget_class, "win.focus-tree", NULL, focus_action);
  gtk_widget_class_install_action (widget_class, "win.focus-hex", NULL, focus_action);
  gtk_widget_class_install_action (widget_class, "win.stop-capture", NULL, stop_capture_action);
  gtk_widget_class_install_action (widget_class, "win.restart-capture", NULL, restart_capture_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.step-next", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.step-prev", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.play", NULL, play_action);
  gtk_widget_class_install_action (widget_class, "win.play-faster", NULL, pace_action);
  gtk_widget_class_install_action (widget_class, "win.play-slower", NULL, pace_action);
  gtk_widget_class_install_action (widget_class, "win.show-all-arrows", NULL, show_all_action);
  gtk_widget_class_install_action (widget_class, "win.export-flow", NULL, export_flow_action);
  gtk_widget_class_install_action (widget_class, "win.conversations", NULL, conversations_action);
  gtk_widget_class_install_action (widget_class, "win.follow-stream", NULL, follow_action);
  gtk_widget_class_install_action (widget_class, "win.hide-lesson", NULL, hide_lesson_action);
  gtk_widget_class_install_action (widget_class, "win.filter-field", NULL, field_filter_action);
  gtk_widget_class_install_action (widget_class, "win.prepare-field-filter", NULL, field_filter_action);
  gtk_widget_class_install_action (widget_class, "win.copy-line", NULL, copy_node_action);
  gtk_widget_class_install_action (widget_class, "win.copy-value", NULL, copy_node_action);
  gtk_widget_class_install_action (widget_class, "win.filter-conversation", NULL, conversation_filter_action);
  gtk_widget_class_install_action (widget_class, "win.show-flow-here", NULL, show_flow_here_action);
  gtk_widget_class_install_action (widget_class, "win.copy-summary", NULL, copy_packet_action);
  gtk_widget_class_install_action (widget_class, "win.copy-packet-hex", NULL, copy_packet_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-presentation", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.subnet-calculator", NULL, subnet_calculator_action);
  gtk_widget_class_install_action (widget_class, "win.craft", NULL, craft_action);
}

static void
lsc_window_init (LscWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->pending_stream = -1;
  self->select_after_filter = G_MAXUINT;
  self->step_from = G_MAXUINT;
  self->session = lsc_session_new ();
  self->store = lsc_session_get_store (self->session);
  g_signal_connect (self->session, "status-changed", G_CALLBACK (session_status_cb), self);
  g_signal_connect (self->session, "cleared", G_CALLBACK (session_cleared_cb), self);
  /* The subnet prefix belongs to one capture: a new one starts without. */
  lsc_prefix_button_set_store (self->prefix_button, self->store);
  g_signal_connect_swapped (self->session, "cleared", G_CALLBACK (lsc_prefix_button_reset), self->prefix_button);
  g_signal_connect (self->prefix_button, "changed", G_CALLBACK (prefix_changed_cb), self);
  /* A prefix for one address, from the tree's right-click menu. */
  lsc_layer_tree_set_store (self->layer_tree, self->store);
  g_signal_connect_swapped (self->layer_tree, "address-prefix", G_CALLBACK (lsc_prefix_button_set_address_prefix),
                            self->prefix_button);
  g_signal_connect (self->session, "first-rows", G_CALLBACK (session_first_rows_cb), self);
  g_signal_connect (self->session, "loaded", G_CALLBACK (session_loaded_cb), self);
  g_signal_connect (self->session, "load-failed", G_CALLBACK (session_load_failed_cb), self);
  g_signal_connect (self->session, "analysed", G_CALLBACK (session_analysed_cb), self);
  g_signal_connect (self->session, "committed", G_CALLBACK (session_committed_cb), self);
  g_signal_connect (self->session, "live-changed", G_CALLBACK (session_live_changed_cb), self);
  g_signal_connect_object (lsc_packet_list_get_rows (self->packet_list), "items-changed",
                           G_CALLBACK (shown_changed_cb), self, 0);
  lsc_packet_list_set_store (self->packet_list, self->store);
  lsc_flow_view_set_placeholder (self->flow_view, _("Select a packet of a TCP, UDP, ping or ARP conversation to see its flow."));

  self->settings = lsc_application_settings_new ();
  g_autoptr (GAction) model_action = g_settings_create_action (self->settings, "model");
  g_action_map_add_action (G_ACTION_MAP (self), model_action);
  g_signal_connect (self->settings, "changed::model", G_CALLBACK (model_changed_cb), self);
  model_changed_cb (self->settings, "model", self);
  gtk_widget_add_css_class (GTK_WIDGET (self), "lsc-main");
  self->zoom_css = gtk_css_provider_new ();
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                              GTK_STYLE_PROVIDER (self->zoom_css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  g_signal_connect (self->settings, "changed::zoom", G_CALLBACK (zoom_changed_cb), self);
  zoom_changed_cb (self->settings, "zoom", self);
  g_autoptr (GAction) time_format = g_settings_create_action (self->settings, "time-format");
  g_action_map_add_action (G_ACTION_MAP (self), time_format);
  g_signal_connect (self->settings, "changed::time-format", G_CALLBACK (time_format_changed_cb), self);
  time_format_changed_cb (self->settings, "time-format", self);
  g_autoptr (GAction) state_cols = g_settings_create_action (self->settings, "state-columns");
  g_action_map_add_action (G_ACTION_MAP (self), state_cols);
  g_signal_connect (self->settings, "changed::state-columns", G_CALLBACK (state_columns_changed_cb), self);
  state_columns_changed_cb (self->settings, "state-columns", self);
  GSimpleAction *show_flow = g_simple_action_new_stateful ("show-flow", NULL, g_variant_new_boolean (FALSE));
  g_signal_connect (show_flow, "change-state", G_CALLBACK (show_flow_change_cb), self);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (show_flow));
  g_object_unref (show_flow);

  int w, h;
  g_settings_get (self->settings, "window-size", "(ii)", &w, &h);
  gtk_window_set_default_size (GTK_WINDOW (self), w, h);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  g_auto (GStrv) recent = g_settings_get_strv (self->settings, "recent-files");
  lsc_welcome_set_recent (self->welcome, (const char *const *) recent);

  update_live_actions (self);
  update_save_action (self);
  check_capture_available (self);

  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

LscWindow *
lsc_window_new (GtkApplication *app)
{
  return g_object_new (LSC_TYPE_WINDOW, "application", app, NULL);
}

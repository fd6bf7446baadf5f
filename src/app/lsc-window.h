/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-window.h — the main window: welcome page, packet list, layer tree, hex view, anatomy bar */
#pragma once

#include <adwaita.h>
#include "core/lsc-store.h"
#include "core/lsc-layers.h"
#include "lsc-packet-list.h"
#include "lsc-layer-tree.h"
#include "lsc-hex-view.h"
#include "lsc-anatomy-bar.h"
#include "lsc-flow-view.h"
#include "lsc-state-diagram.h"
#include "lsc-session.h"
#include "lsc-lessons.h"

G_BEGIN_DECLS

#define LSC_TYPE_WINDOW (lsc_window_get_type ())
G_DECLARE_FINAL_TYPE (LscWindow, lsc_window, LSC, WINDOW, AdwApplicationWindow)

LscWindow *lsc_window_new (GtkApplication *app);

/* Start loading a capture file (asynchronous, in slices on the main loop).
 * "loaded" is emitted when every packet is indexed, "load-failed" (with the
 * message) when the file cannot be read. */
void lsc_window_open_file (LscWindow *self, GFile *file);
gboolean lsc_window_is_loading (LscWindow *self);
/* Conversation analysis (handshake roles, TCP states, pairing) follows the
 * load; "analysed" is emitted when it has reached the last packet. */
gboolean lsc_window_is_analysing (LscWindow *self);
LscStore *lsc_window_get_store (LscWindow *self);

/* Live capture on iface with a BPF filter (NULL/"" for none); packets reach
 * the list in batches, at most 30 times a second.  FALSE with the reason
 * (no privilege, no such interface, bad filter) when it cannot start. */
gboolean lsc_window_start_capture (LscWindow *self, const char *iface, const char *bpf, GError **error);
void lsc_window_stop_capture (LscWindow *self);
gboolean lsc_window_is_capturing (LscWindow *self);
/* Save the packets shown (a file or a live capture) as pcap (".pcap") or
 * pcapng, atomically. */
gboolean lsc_window_save_capture (LscWindow *self, const char *path, GError **error);

void lsc_window_select_packet (LscWindow *self, guint index);
void lsc_window_set_model (LscWindow *self, LscModel model);
LscModel lsc_window_get_model (LscWindow *self);

GtkWidget *lsc_window_get_welcome (LscWindow *self);
LscPacketList *lsc_window_get_packet_list (LscWindow *self);
LscLayerTree *lsc_window_get_layer_tree (LscWindow *self);
LscHexView *lsc_window_get_hex_view (LscWindow *self);
LscAnatomyBar *lsc_window_get_anatomy_bar (LscWindow *self);
const char *lsc_window_get_status (LscWindow *self);

/* What is open: the store, the analysis, the live capture. */
LscSession *lsc_window_get_session (LscWindow *self);

/* The flow panel (ladder of the selected packet's conversation and both
 * ends' states), shown or hidden (win.show-flow, F9). */
void lsc_window_show_flow (LscWindow *self, gboolean show);
LscFlowView *lsc_window_get_flow_view (LscWindow *self);
/* The RFC 9293 state diagram under the ladder, lit for the selected segment. */
LscStateDiagram *lsc_window_get_state_diagram (LscWindow *self);
/* Once the analysis is done, show the flow of TCP stream `stream` with its
 * first packet selected ("load-failed" when there is no such stream). */
void lsc_window_open_flow_stream (LscWindow *self, guint stream);
/* Select the next (dir 1) or previous (-1) packet of the conversation on
 * show, or of the whole capture; FALSE at either end. */
gboolean lsc_window_step (LscWindow *self, int dir);
/* Play: reveal the conversation's packets one at a time. */
void lsc_window_set_playing (LscWindow *self, gboolean play);
gboolean lsc_window_is_playing (LscWindow *self);
/* Seconds per packet when playing (0.5–5); returns the value taken. */
double lsc_window_set_play_pace (LscWindow *self, double seconds);

/* The conversation tables (TCP, UDP, ICMP echo, ARP) in a window of their
 * own; activating a row filters the list to it and shows its flow. */
void lsc_window_show_conversations (LscWindow *self);
GtkWindow *lsc_window_get_conversations (LscWindow *self);
/* The selected packet's TCP or UDP payload in order (follow stream); NULL,
 * with a word in the status bar, when it has none. */
GtkWindow *lsc_window_follow_stream (LscWindow *self);

/* The question asked before an unsaved live capture would be thrown away
 * (Cancel / Discard / Save…), while it is shown; NULL otherwise. */
GtkWidget *lsc_window_get_discard_dialog (LscWindow *self);

/* Open lesson `number` (lsc-lessons.h): its capture, at its packet, with
 * its notes above the list and the flow panel when it shows a connection.
 * FALSE when there is no such lesson or no bundled captures. */
gboolean lsc_window_open_lesson (LscWindow *self, guint number);
/* The lesson on show, NULL when none. */
const LscLesson *lsc_window_get_lesson (LscWindow *self);

/* How much larger than normal everything is drawn (projector mode:
 * win.zoom-in / zoom-out / zoom-reset, Ctrl+plus / minus / 0, remembered). */
double lsc_window_get_zoom (LscWindow *self);

/* Save as pcap or pcapng: which is "all", "shown" (what the display filter
 * shows) or "conversation" (the selected packet's); Save As offers them. */
gboolean lsc_window_save_packets (LscWindow *self, const char *path, const char *which, GError **error);

/* Render the window as it is on screen into a PNG (tests, README screenshot). */
gboolean lsc_window_save_png (LscWindow *self, const char *path, GError **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-craft-window.h — build a frame field by field, see it layer by layer, send it
 *
 * The form is generated from the craft template's rows (lsc-craft-form.h),
 * grouped by the layers of the main window's model, each field explained on
 * hover by the decoder's own sentence.  While typing, the same layer tree,
 * hex view and anatomy bar as the main window show the frame; a bad value is
 * marked under its field and Send says why it is off.  Send starts (or
 * joins) the main window's capture on the interface and runs a craft session
 * (lsc-craft-session.h) for the IP and ARP templates: it resolves the next
 * hop, sends through its own link (or the capture helper) and pairs the
 * answers for the status line, while the capture shows each frame and answer
 * once, paired, in the main list.  The Ethernet template's frames go out
 * through the capture itself (lsc_session_send).
 */
#pragma once

#include <adwaita.h>
#include "craft/lsc-craft-form.h"
#include "lsc-window.h"

G_BEGIN_DECLS

#define LSC_TYPE_CRAFT_WINDOW (lsc_craft_window_get_type ())
G_DECLARE_FINAL_TYPE (LscCraftWindow, lsc_craft_window, LSC, CRAFT_WINDOW, AdwWindow)

/* A craft window sending through main's session. */
LscCraftWindow *lsc_craft_window_new (LscWindow *main);

/* main's craft window: the one already open, else a new one. */
LscCraftWindow *lsc_craft_window_get_for (LscWindow *main);

/* Switch to a template (the form starts from its defaults). */
void lsc_craft_window_set_template (LscCraftWindow *self, LscCraftTemplate t);
LscCraftForm *lsc_craft_window_get_form (LscCraftWindow *self);
/* Type text into a field's entry, as a person would; FALSE for an unknown id. */
gboolean lsc_craft_window_set_field (LscCraftWindow *self, const char *id, const char *text);
/* "FIELD=VALUE" as --set takes it ("data.data=hex:..." for bytes), shown in the form. */
gboolean lsc_craft_window_apply (LscCraftWindow *self, const char *assignment, GError **error);
/* The reason shown under a field, NULL when it is valid. */
const char *lsc_craft_window_get_field_error (LscCraftWindow *self, const char *id);
GtkWidget *lsc_craft_window_get_field_entry (LscCraftWindow *self, const char *id);
/* The "auto" box of a computed row (NULL for other rows). */
GtkWidget *lsc_craft_window_get_auto_check (LscCraftWindow *self, const char *id);
/* Choose the interface (FALSE when it is not in the list). */
gboolean lsc_craft_window_set_iface (LscCraftWindow *self, const char *iface);
const char *lsc_craft_window_get_iface (LscCraftWindow *self);
void lsc_craft_window_set_count (LscCraftWindow *self, guint count, double interval);
/* TTL + 1 for each frame of the series (traceroute). */
void lsc_craft_window_set_ttl_series (LscCraftWindow *self, gboolean series);

/* The frame the preview shows (the last valid one), NULL before any. */
GBytes *lsc_craft_window_get_frame (LscCraftWindow *self);
LscLayerTree *lsc_craft_window_get_layer_tree (LscCraftWindow *self);
LscHexView *lsc_craft_window_get_hex_view (LscCraftWindow *self);
LscAnatomyBar *lsc_craft_window_get_anatomy_bar (LscCraftWindow *self);

/* Why Send is off (NULL when it is on). */
const char *lsc_craft_window_get_send_blocker (LscCraftWindow *self);
/* The line under the send options: what happened, or what to do. */
const char *lsc_craft_window_get_status (LscCraftWindow *self);
/* Send as the button does (count frames, interval apart); FALSE when Send is off. */
gboolean lsc_craft_window_send (LscCraftWindow *self);
gboolean lsc_craft_window_is_sending (LscCraftWindow *self);
/* What was sent, newest first: "HH:MM:SS  ping --set ... ×N on IFACE". */
guint lsc_craft_window_get_n_history (LscCraftWindow *self);
const char *lsc_craft_window_get_history (LscCraftWindow *self, guint i);
/* Send history entry i again. */
gboolean lsc_craft_window_resend (LscCraftWindow *self, guint i);

/* Connect: an ordinary TCP connection (the template list's last entry). */
void lsc_craft_window_show_connect (LscCraftWindow *self);
gboolean lsc_craft_window_is_connect (LscCraftWindow *self);
/* Host and port to connect to, the message (NULL/"" none), or a port to
 * listen on instead (0: connect). */
void lsc_craft_window_set_connect (LscCraftWindow *self, const char *host, guint port, const char *message,
                                   guint listen_port);
/* One --set for connect ("ip.dst=", "tcp.dstport=", "data.data=", "listen="). */
gboolean lsc_craft_window_check_connect_set (const char *assignment, GError **error);
/* Run as the Run button does; FALSE with the reason in the status line. */
gboolean lsc_craft_window_run_connect (LscCraftWindow *self);
gboolean lsc_craft_window_is_connecting (LscCraftWindow *self);
/* What the sockets did, one line per step. */
const char *lsc_craft_window_get_connect_log (LscCraftWindow *self);

/* The frames Send would send (count of them) as pcap (".pcap") or pcapng. */
gboolean lsc_craft_window_save (LscCraftWindow *self, const char *path, GError **error);
/* The window as on screen, as a PNG. */
gboolean lsc_craft_window_save_png (LscCraftWindow *self, const char *path, GError **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-session.h — what the app has open: a capture file or a live capture
 *
 * Not a widget (GLib/GIO, capture, craft and core only): the session owns the
 * packet store, loads a file in slices on the main loop, runs the
 * conversation analysis in a worker thread once the file is indexed, and
 * runs a live capture.  The window and its panels observe it through
 * signals and ask it for what they show (rows, ladders, conversations), so
 * none of them has to know where the packets came from.
 *
 * Signals (all on the main loop):
 *   "cleared"        the store and the analysis are about to be emptied (new
 *                    file, capture, close; loading, analysis and capture have
 *                    already stopped): drop anything that points into them
 *   "first-rows"     the first packets of a file are in the store
 *   "loaded"         every packet of the file is indexed
 *   "load-failed"    (message) the file could not be read at all
 *   "analysed"       the analysis has reached the last packet
 *   "committed"      new live packets became visible (at most 30 times a second)
 *   "live-changed"   a live capture started or stopped
 *   "status-changed" lsc_session_get_status() changed
 */
#pragma once

#include <gio/gio.h>
#include "core/lsc-store.h"
#include "core/lsc-conv.h"
#include "core/lsc-ladder.h"

G_BEGIN_DECLS

#define LSC_TYPE_SESSION (lsc_session_get_type ())
G_DECLARE_FINAL_TYPE (LscSession, lsc_session, LSC, SESSION, GObject)

LscSession *lsc_session_new (void);

LscStore *lsc_session_get_store (LscSession *self);
const char *lsc_session_get_status (LscSession *self);
/* The file open (NULL for a live capture or nothing). */
const char *lsc_session_get_path (LscSession *self);

/* Start loading a capture file; FALSE with the reason when it cannot be
 * opened (the current contents are then kept). */
gboolean lsc_session_open_file (LscSession *self, const char *path, GError **error);
gboolean lsc_session_is_loading (LscSession *self);
gboolean lsc_session_is_analysing (LscSession *self);
/* Forget everything: stop loading, analysis and capture. */
void lsc_session_close (LscSession *self);

/* Live capture on iface with a BPF filter (NULL/"" for none). */
gboolean lsc_session_start_capture (LscSession *self, const char *iface, const char *bpf, GError **error);
/* The last capture again (same interface and filter). */
gboolean lsc_session_restart_capture (LscSession *self, GError **error);
void lsc_session_stop_capture (LscSession *self);
gboolean lsc_session_is_capturing (LscSession *self);
/* The interface of the current or last capture, NULL after a file. */
const char *lsc_session_get_live_iface (LscSession *self);

/* TRUE (once, and the status says so) when another program cut the open
 * file short and pages past its new end were read as zeros instead of
 * crashing the app. */
gboolean lsc_session_take_truncation (LscSession *self);

/* Packets of a live capture that no Save has written: closing would lose them. */
gboolean lsc_session_has_unsaved (LscSession *self);

/* Every packet as pcap (".pcap") or pcapng, atomically; or only the packets
 * of those store indices (in that order). */
gboolean lsc_session_save_some (LscSession *self, const char *path, const guint *indices, guint n_indices,
                                GError **error);
/* Send one crafted frame (Ethernet header included) on iface, through the
 * live capture: it joins the capture when one runs on iface, else starts one
 * there (which empties the store, as starting any capture does), so the
 * frame sent (appended when it has left: a capture never sees its own
 * frames) and the answers to it arrive in the store like every captured
 * packet, and the analysis pairs them.  Directly as root, otherwise through
 * the capture helper; LSC_CAPTURE_ERROR_PRIVILEGE when neither may. */
gboolean lsc_session_send (LscSession *self, const char *iface, GBytes *frame, GError **error);

gboolean lsc_session_save (LscSession *self, const char *path, GError **error);

/* What put a TCP segment on the wire, as the program that made it tells
 * (the craft window's connect demo): a short label ("connect()") and the
 * whole sentence.  segment is that program's own decode of it; the note goes
 * to the captured packet with the same addresses, ports, numbers, flags and
 * length (the newest one not noted yet), now or when it arrives (a capture
 * may see it after the program does).  "committed" follows when a row
 * already shown changed. */
void lsc_session_note_segment (LscSession *self, const LscTree *segment, const char *label, const char *detail);
/* The label of packet index (0-based), NULL when none; detail (may be NULL)
 * gets the sentence. */
const char *lsc_session_get_note (LscSession *self, guint index, const char **detail);

/* The conversation analysis.  It is shared with the worker thread: hold the
 * lock around any use while lsc_session_is_analysing() (live packets are
 * analysed on the main loop, so there the lock is only needed against the
 * rows' annotate hook, which takes it itself).  NULL when nothing is open. */
LscConv *lsc_session_lock_conv (LscSession *self);
void lsc_session_unlock_conv (LscSession *self);
/* The ladder of the conversation that packet index (0-based) belongs to,
 * NULL when it belongs to none or the analysis has not reached it yet.  It
 * points into the session's analysis: drop it on "cleared". */
LscLadder *lsc_session_build_ladder (LscSession *self, guint index);
/* The ladder of TCP stream `stream` (tcp.stream number), NULL if none. */
LscLadder *lsc_session_build_stream_ladder (LscSession *self, guint stream);

G_END_DECLS

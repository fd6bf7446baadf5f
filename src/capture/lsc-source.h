/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-source.h — one packet source for every front end
 *
 * A capture file, a live capture in this process, or a live capture through
 * the layerscope-capture helper all look the same here: next() hands out
 * LscPacket records (numbered from 1, with first/previous timestamps),
 * stats() reports drops, close() ends it.  Live sources also write every
 * packet to a capture file as it arrives (lsc-capture-writer.h).
 *
 * Direct or helper (LSC_CAPTURE_MODE_AUTO): the process first opens the
 * interface itself, which works as root or with CAP_NET_RAW; when libpcap
 * says "permission denied" it starts the helper instead.  $LSC_CAPTURE_MODE
 * ("direct" or "helper") overrides AUTO.  When neither can capture, the error
 * is LSC_CAPTURE_ERROR_PRIVILEGE with one sentence saying what to do.
 */
#pragma once

#include <glib.h>
#include "core/lsc-packet.h"
#include "lsc-live.h"

G_BEGIN_DECLS

typedef enum {
  LSC_SOURCE_KIND_FILE,
  LSC_SOURCE_KIND_LIVE,    /* libpcap in this process */
  LSC_SOURCE_KIND_HELPER,  /* through layerscope-capture */
} LscSourceKind;

typedef enum {
  LSC_SOURCE_ERROR = -1,
  LSC_SOURCE_END = 0,      /* end of file, or a live capture stopped */
  LSC_SOURCE_PACKET = 1,
  LSC_SOURCE_TIMEOUT = 2,  /* live only: nothing within the timeout */
} LscSourceResult;

typedef struct _LscSource LscSource;

/* path "-" is standard input (pipes and FIFOs work). */
LscSource *lsc_source_open_file (const char *path, GError **error);
/* See LscLiveOptions; the capture file is opened here too. */
LscSource *lsc_source_open_live (const LscLiveOptions *o, GError **error);

/* The packet's data stays valid until the next call on this source.
 * timeout_ms: 0 polls, -1 waits; files ignore it.  A live source also
 * writes its capture file's buffer out here when it is due, and returns
 * TIMEOUT early for that: call it at least every
 * LSC_CAPTURE_WRITER_FLUSH_MS while capturing.  After a write error
 * (disk full) or a vanished interface: LSC_SOURCE_ERROR, the capture is
 * stopped and what was captured stays in the file. */
LscSourceResult lsc_source_next (LscSource *s, LscPacket *pkt, int timeout_ms, GError **error);

/* Kernel counters of a live capture, on demand. */
gboolean lsc_source_stats (LscSource *s, LscCaptureStats *st, GError **error);

/* Sends one complete link-layer frame (Ethernet header included) on a live
 * source's interface, directly or through the helper. */
gboolean lsc_source_inject (LscSource *s, const guint8 *frame, gsize len, GError **error);

/* Asks a live source to stop: next() returns what was captured before the
 * stop and is still queued (in the kernel's buffer or the helper's pipe,
 * for at most a second), then END. */
void lsc_source_stop (LscSource *s);
/* Stops right after the last packet next() returned (e.g. a packet count
 * was reached): what is still queued is neither returned nor saved. */
void lsc_source_stop_here (LscSource *s);

/* Live sources: stop, take the final statistics (see lsc_source_stats
 * afterwards) and save the capture file (atomic rename onto save_path).
 * Idempotent; files: no-op. */
gboolean lsc_source_finish (LscSource *s, GError **error);

/* The capture file a live source writes (temporary until finished with a
 * save_path), NULL when not saving. */
const char *lsc_source_get_save_path (LscSource *s);
/* Unfinished capture files an earlier, killed run left for the same -w
 * name (lsc_capture_writer_get_leftovers), NULL when there is no writer. */
const char *const *lsc_source_get_leftovers (LscSource *s);
/* Packets written to that file. */
guint64 lsc_source_get_saved_packets (LscSource *s);

LscSourceKind lsc_source_get_kind (LscSource *s);
int lsc_source_get_linktype (LscSource *s);
/* A descriptor that becomes readable when next() may have a packet, for
 * main-loop integration (g_unix_fd_add); -1 for files. */
int lsc_source_get_fd (LscSource *s);
/* Interface or file name, for titles and messages. */
const char *lsc_source_get_name (LscSource *s);

/* Finishes (errors ignored: what was captured is kept) and frees. */
void lsc_source_close (LscSource *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LscSource, lsc_source_close)

G_END_DECLS

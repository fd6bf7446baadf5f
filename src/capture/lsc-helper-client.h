/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-helper-client.h — start layerscope-capture and talk to it
 *
 * The helper's stdout (a pcap stream) is parsed here without libpcap so a
 * read can time out and the stream can be checked record by record; its
 * stdin carries injection records (lsc-helper-proto.h); its stderr carries
 * "@" status lines.  Most code wants LscSource instead, which uses this when
 * the process may not capture by itself.
 */
#pragma once

#include <glib.h>
#include "core/lsc-packet.h"
#include "lsc-live.h"

G_BEGIN_DECLS

typedef struct _LscHelperClient LscHelperClient;

/* Where the helper is: $LSC_HELPER, then the build tree's copy next to the
 * running program (../helper/), then LIBEXECDIR.  NULL when none exists. */
char *lsc_helper_client_find (void);

/* Starts the helper for o (iface, filter, snaplen, promisc) and waits for
 * it to report the capture open.  inject_only: no capture, only sending.
 * Errors: LSC_CAPTURE_ERROR_PRIVILEGE with the one sentence of
 * LSC_HELPER_NOPRIV_HINT, or the helper's own message. */
LscHelperClient *lsc_helper_client_spawn (const LscLiveOptions *o, gboolean inject_only, GError **error);

/* Same contract as lsc_live_capture_next(); 2 marks the end of the stream
 * (the helper stopped cleanly after STOP, count or duration). */
int lsc_helper_client_next (LscHelperClient *c, LscPacket *pkt, int timeout_ms, GError **error);

/* Sends STATS and waits (bounded) for the answer. */
gboolean lsc_helper_client_stats (LscHelperClient *c, LscCaptureStats *st, GError **error);

/* Sends one frame and waits (bounded) for "@sent"/"@send-failed". */
gboolean lsc_helper_client_inject (LscHelperClient *c, const guint8 *frame, gsize len, GError **error);

/* Asks the helper to stop; packets already captured still come out of
 * next() until it returns 2. */
void lsc_helper_client_stop (LscHelperClient *c);

/* The last statistics the helper reported (final ones after the end). */
gboolean lsc_helper_client_last_stats (LscHelperClient *c, LscCaptureStats *st);

int lsc_helper_client_get_fd (LscHelperClient *c);   /* readable when a packet may be ready */
int lsc_helper_client_linktype (LscHelperClient *c);
guint32 lsc_helper_client_snaplen (LscHelperClient *c);

/* Stops the helper if needed (STOP, then SIGTERM, then SIGKILL, each bounded) and reaps it. */
void lsc_helper_client_free (LscHelperClient *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LscHelperClient, lsc_helper_client_free)

G_END_DECLS

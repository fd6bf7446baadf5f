/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-live.h — live capture in this process through libpcap
 *
 * Needs CAP_NET_RAW (or root).  Programs without it use the helper through
 * LscSource, which picks one or the other (lsc-source.h).  A thread of its
 * own takes frames from the kernel as they arrive and queues copies (up to
 * 64 MiB), so a caller that stalls for seconds loses nothing at classroom
 * rates; next(), stats() and inject() are for one calling thread.
 */
#pragma once

#include <glib.h>
#include "core/lsc-packet.h"

G_BEGIN_DECLS

typedef enum {
  LSC_CAPTURE_MODE_AUTO,    /* direct when permitted, otherwise the helper; $LSC_CAPTURE_MODE overrides */
  LSC_CAPTURE_MODE_DIRECT,  /* libpcap in this process */
  LSC_CAPTURE_MODE_HELPER,  /* always through layerscope-capture */
} LscCaptureMode;

typedef struct {
  const char *iface;        /* name or "any" */
  const char *filter;       /* BPF capture filter, NULL for none */
  int snaplen;              /* 0: 262144 */
  gboolean promisc;         /* default TRUE */
  int buffer_bytes;         /* kernel buffer, 0: 16 MiB */
  /* Used by lsc_source_open_live() only: */
  LscCaptureMode mode;
  gboolean save;            /* write every packet to a file (default TRUE) */
  const char *save_path;    /* final name (".pcap" -> pcap, else pcapng); NULL: a temporary file */
  const char *save_tmpdir;  /* where temporary captures go, NULL: g_get_tmp_dir () */
} LscLiveOptions;

void lsc_live_options_init (LscLiveOptions *o);

typedef struct {
  guint64 received;   /* ps_recv: frames the filter accepted */
  guint64 dropped;    /* ps_drop: lost because the buffer was full */
  guint64 ifdropped;  /* ps_ifdrop: dropped by the interface or driver */
} LscCaptureStats;

typedef struct _LscLiveCapture LscLiveCapture;

/* At most this late does the kernel hand a captured frame over
 * (LSC_PCAP_DEFAULT_LATENCY_MS, without pcap.h). */
#define LSC_LIVE_LATENCY_MS 10

/* Errors: LSC_CAPTURE_ERROR_PRIVILEGE (the only one worth retrying through
 * the helper), _DEVICE, _FILTER, _OPEN. */
LscLiveCapture *lsc_live_capture_open (const LscLiveOptions *o, GError **error);
void lsc_live_capture_close (LscLiveCapture *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LscLiveCapture, lsc_live_capture_close)

/* 1: a packet (data valid until the next call; num/ts_first/ts_prev left 0),
 * 0: none within timeout_ms (0 polls, -1 waits), -1: error (the interface
 * went away or down: LSC_CAPTURE_ERROR_DEVICE). */
int lsc_live_capture_next (LscLiveCapture *c, LscPacket *pkt, int timeout_ms, GError **error);
gboolean lsc_live_capture_stats (LscLiveCapture *c, LscCaptureStats *st, GError **error);
/* Sends one complete link-layer frame on the capture interface. */
gboolean lsc_live_capture_inject (LscLiveCapture *c, const guint8 *frame, gsize len, GError **error);
int lsc_live_capture_get_fd (LscLiveCapture *c);
int lsc_live_capture_linktype (LscLiveCapture *c);
guint32 lsc_live_capture_snaplen (LscLiveCapture *c);
const char *lsc_live_capture_iface (LscLiveCapture *c);

/* Compiles filter for linktype without a device or privileges; the error
 * (LSC_CAPTURE_ERROR_FILTER) quotes libpcap's reason. */
gboolean lsc_capture_check_filter (int linktype, const char *filter, GError **error);

G_END_DECLS

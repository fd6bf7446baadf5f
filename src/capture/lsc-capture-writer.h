/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-capture-writer.h — write a live capture to disk as it arrives
 *
 * Every packet goes to a file the moment it is captured, so a crash or a full
 * disk loses nothing already written.  While capturing, the data lives in a
 * temporary file; when the capture has a name, the temporary file is in the
 * same directory and lsc_capture_writer_commit() renames it into place
 * atomically (readers see either no file or a complete one).  A capture
 * without a name keeps its temporary file until saved with
 * lsc_capture_writer_save_as().  A capture that never gets to commit (the
 * program is killed or crashes) stays in the temporary file, a readable
 * capture up to the last flush; the next writer for the same name lists it
 * (lsc_capture_writer_get_leftovers) so it can be pointed out.
 */
#pragma once

#include <glib.h>
#include "core/lsc-packet.h"
#include "capture/lsc-capture-file.h"

G_BEGIN_DECLS

typedef enum {
  LSC_CAPTURE_FORMAT_PCAPNG,
  LSC_CAPTURE_FORMAT_PCAP,
} LscCaptureFormat;

typedef struct _LscCaptureWriter LscCaptureWriter;

/* ".pcap" (any case) -> pcap, anything else -> pcapng. */
LscCaptureFormat lsc_capture_format_for_path (const char *path);

/* path: the final name, or NULL for a temporary file in tmpdir (NULL:
 * g_get_tmp_dir ()).  iface_name goes into the pcapng interface block.
 * Fails with LSC_CAPTURE_ERROR_WRITE. */
LscCaptureWriter *lsc_capture_writer_new (const char *path, const char *tmpdir, LscCaptureFormat format,
                                          int linktype, guint32 snaplen, const char *iface_name,
                                          GError **error);

/* Writes to an open descriptor (standard output for "-w -", or a device in
 * tests); commit only flushes.  The descriptor is not closed. */
LscCaptureWriter *lsc_capture_writer_new_for_fd (int fd, LscCaptureFormat format, int linktype,
                                                 guint32 snaplen, const char *iface_name, GError **error);

/* Appends one record; data beyond snaplen is cut.  Buffered for at most
 * LSC_CAPTURE_WRITER_FLUSH_MS or 64 KiB.  On failure (ENOSPC, EIO...) the
 * file keeps every complete record written so far and further writes fail. */
gboolean lsc_capture_writer_write (LscCaptureWriter *w, const LscPacket *pkt, GError **error);
gboolean lsc_capture_writer_flush (LscCaptureWriter *w, GError **error);
/* pcapng: an interface statistics block for the interface of st->linktype
 * (dropped counts, for Wireshark's capture file properties); pcap has no
 * place for it and is left as it is. */
void lsc_capture_writer_add_stats (LscCaptureWriter *w, const LscInterfaceStats *st);

#define LSC_CAPTURE_WRITER_FLUSH_MS 250

/* The monotonic time (g_get_monotonic_time) by which the buffered records
 * must be written, G_MAXINT64 when nothing waits.  write() alone cannot
 * keep the promise above when no further frame comes: a reader that waits
 * for frames waits at most until then and calls flush_if_due(). */
gint64 lsc_capture_writer_flush_due (LscCaptureWriter *w);
gboolean lsc_capture_writer_flush_if_due (LscCaptureWriter *w, GError **error);

/* Flushes, syncs, closes and, when the writer has a final name, renames the
 * temporary file onto it.  After a write error (already reported by the
 * write that failed) it saves what was kept and succeeds.  Idempotent. */
gboolean lsc_capture_writer_commit (LscCaptureWriter *w, GError **error);

/* After commit: copy (or rename, when possible) the capture to dest,
 * atomically. */
gboolean lsc_capture_writer_save_as (LscCaptureWriter *w, const char *dest, GError **error);

/* The file being written (the temporary one until commit), NULL for an fd. */
const char *lsc_capture_writer_get_path (LscCaptureWriter *w);
guint64 lsc_capture_writer_get_packets (LscCaptureWriter *w);
/* Temporary files of earlier captures into the same final name that were
 * never finished (the program was killed or crashed): each is a readable
 * capture up to its last flush.  NULL-terminated, possibly empty; NULL for
 * a writer without a final name. */
const char *const *lsc_capture_writer_get_leftovers (LscCaptureWriter *w);
/* TRUE when the capture lives in a temporary file nobody named yet. */
gboolean lsc_capture_writer_is_temporary (LscCaptureWriter *w);

/* Frees; an uncommitted writer is committed first (errors ignored), so what
 * was captured is always kept. */
void lsc_capture_writer_free (LscCaptureWriter *w);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LscCaptureWriter, lsc_capture_writer_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-capture-file.h — reading pcap and pcapng files through libpcap
 *
 * The only interface the rest of the program sees: packets as LscPacket
 * records, errors as GError with one readable sentence.
 */
#pragma once

#include <glib.h>
#include "core/lsc-packet.h"

G_BEGIN_DECLS

#define LSC_CAPTURE_ERROR (lsc_capture_error_quark ())
GQuark lsc_capture_error_quark (void);

typedef enum {
  LSC_CAPTURE_ERROR_OPEN,       /* missing, unreadable, not a capture file */
  LSC_CAPTURE_ERROR_TRUNCATED,  /* the file ends inside a record */
  LSC_CAPTURE_ERROR_CORRUPT,    /* a record that cannot be right */
  LSC_CAPTURE_ERROR_LINKTYPE,   /* a link type we cannot decode */
  LSC_CAPTURE_ERROR_FILTER,     /* a BPF filter that does not compile */
  LSC_CAPTURE_ERROR_PRIVILEGE,  /* no permission to capture */
  LSC_CAPTURE_ERROR_DEVICE,     /* interface missing or gone */
  LSC_CAPTURE_ERROR_WRITE,      /* disk full, cannot write */
} LscCaptureError;

typedef struct _LscCaptureFile LscCaptureFile;

/* A pcapng interface statistics block: counters of one interface at one
 * moment; -1 where the block does not say. */
typedef struct {
  int linktype;           /* of the interface counted */
  gint64 ts_ns;           /* when the counters were read */
  gint64 start_ns, end_ns;
  gint64 ifrecv;          /* frames the interface received */
  gint64 ifdrop;          /* dropped by the interface */
  gint64 filteraccept;    /* accepted by the capture filter */
  gint64 osdrop;          /* dropped by the operating system */
  gint64 usrdeliv;        /* delivered to the capturing program */
} LscInterfaceStats;

void lsc_interface_stats_init (LscInterfaceStats *st);

/* path "-" reads standard input (a pipe or FIFO works). */
LscCaptureFile *lsc_capture_file_open (const char *path, GError **error);
/* map FALSE: let libpcap read a plain pcap file too (to compare the two). */
LscCaptureFile *lsc_capture_file_open_full (const char *path, gboolean map, GError **error);
void lsc_capture_file_close (LscCaptureFile *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LscCaptureFile, lsc_capture_file_close)

int lsc_capture_file_linktype (LscCaptureFile *f);
guint32 lsc_capture_file_snaplen (LscCaptureFile *f);
/* TRUE when the link type is one the core decodes. */
gboolean lsc_capture_linktype_supported (int linktype);
const char *lsc_capture_linktype_name (int linktype);
/* Fails with LSC_CAPTURE_ERROR_LINKTYPE unless linktype is supported:
 * "NAME: link type N (X) is not supported; Layerscope decodes ...". */
gboolean lsc_capture_check_linktype (int linktype, const char *name, GError **error);

/* Next packet: returns 1 and fills pkt (data valid until the next call),
 * 0 at a clean end of file, -1 on error (packets already returned stay valid
 * to use; error says what happened and where). num/ts_first/ts_prev are filled in. */
int lsc_capture_file_next (LscCaptureFile *f, LscPacket *pkt, GError **error);
/* TRUE while packets come from the memory-mapped file: their data then stays
 * valid until lsc_capture_file_close(), not only until the next call. */
gboolean lsc_capture_file_is_mapped (LscCaptureFile *f);
/* A program reading a mapped file: if another program cuts the file shorter
 * while it is read (faster than the periodic size check notices), say so in
 * one line and exit with status 1 instead of dying of SIGBUS. */
void lsc_capture_file_catch_sigbus (void);
/* Whether addr lies in the map of the file being read (async-signal-safe):
 * for a program's own SIGBUS handler. */
gboolean lsc_capture_file_maps_address (const void *addr);
/* The interface statistics blocks read so far (pcapng; the last of each
 * interface), usually all once the file has been read to its end. */
guint lsc_capture_file_n_interface_stats (LscCaptureFile *f);
const LscInterfaceStats *lsc_capture_file_interface_stats (LscCaptureFile *f, guint i);

/* TRUE when reading never waits for a writer: a regular file, not a pipe,
 * FIFO or terminal. */
gboolean lsc_capture_file_is_regular (LscCaptureFile *f);

G_END_DECLS

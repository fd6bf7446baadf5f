/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-pcapng.h — a pcapng reader of our own (private to src/capture)
 *
 * libpcap reads pcapng, but refuses a file whose interfaces have different
 * link types (a capture on "any" next to one on a tunnel, merged files) and
 * does not hand out packet comments.  This reader gives every packet its own
 * interface's link type and its comments (opt_comment), and skips blocks it
 * does not need (name resolution, statistics, custom blocks).
 */
#pragma once

#include <glib.h>
#include <stdio.h>

G_BEGIN_DECLS

typedef struct _LscPcapng LscPcapng;

typedef struct {
  gint64 sec, nsec;        /* time stamp, resolved with the interface's units and offset */
  guint32 caplen, len;
  int linktype;            /* the packet's interface's */
  const guint8 *data;      /* valid until the next call */
  const char *comments;    /* n_comments NUL-terminated strings one after another, or NULL */
  guint n_comments;
} LscPcapngRecord;

/* The last statistics block of each interface read so far
 * (LscInterfaceStats, lsc-capture-file.h). */
guint lsc_pcapng_n_stats (const LscPcapng *r);
gconstpointer lsc_pcapng_stats (const LscPcapng *r, guint i);

/* TRUE when the four bytes start a pcapng file (a section header block). */
gboolean lsc_pcapng_is_magic (const guint8 head[4]);

/* Reads the section header and the blocks up to the first interface.  fp
 * is owned (closed by lsc_pcapng_free).  On failure returns NULL and sets
 * *why to a sentence (translated) for the caller to put after the name. */
LscPcapng *lsc_pcapng_open (FILE *fp, char **why);
void lsc_pcapng_free (LscPcapng *r);

/* The first interface's link type and snapshot length. */
int lsc_pcapng_linktype (const LscPcapng *r);
guint32 lsc_pcapng_snaplen (const LscPcapng *r);
FILE *lsc_pcapng_file (const LscPcapng *r);

/* 1 a packet, 0 the end, -1 an error: *why the reason, *truncated TRUE when
 * the file ends inside a block. */
int lsc_pcapng_next (LscPcapng *r, LscPcapngRecord *rec, char **why, gboolean *truncated);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-store.h — the packet store: an append-only index plus a bytes arena
 *
 * A file loader or a live source appends records; views read them back by
 * index.  Bytes go into large chunks that never move, so a pointer handed out
 * by lsc_store_get_packet() stays valid for the store's lifetime (live capture
 * keeps appending while the hex view shows an older packet).  An index entry is
 * 32 bytes, and nothing is decoded when a packet is added: a million-packet
 * file costs its bytes plus 32 MB.
 *
 * The store is a GListModel of LscPacketRow: lightweight objects made on
 * demand that dissect their packet the first time a column asks, so a list
 * view over a million rows only ever decodes what is on screen.
 *
 * Appends become visible in batches: lsc_store_append() stages a record and
 * lsc_store_commit() emits one items-changed for everything staged, so a
 * live source can append at line rate and the UI redraws at its own pace.
 * Use from one thread (the main loop that owns the views).
 */
#pragma once

#include <gio/gio.h>
#include "lsc-packet.h"
#include "lsc-tree.h"
#include "lsc-dissect.h"

G_BEGIN_DECLS

#define LSC_TYPE_STORE (lsc_store_get_type ())
G_DECLARE_FINAL_TYPE (LscStore, lsc_store, LSC, STORE, GObject)

#define LSC_TYPE_PACKET_ROW (lsc_packet_row_get_type ())
G_DECLARE_FINAL_TYPE (LscPacketRow, lsc_packet_row, LSC, PACKET_ROW, GObject)

/* Called on every row's freshly built tree before it is summarised, e.g. to
 * add conversation analysis (handshake roles) to the Info column. */
typedef void (*LscStoreAnnotateFunc) (LscTree *tree, gpointer user_data);

LscStore *lsc_store_new (void);

/* Stage a copy of pkt (its num, ts_first and ts_prev are ignored: the store
 * numbers packets itself).  Returns the new packet's index. */
guint lsc_store_append (LscStore *self, const LscPacket *pkt);
/* Zero-copy appends for a memory-mapped capture file: set the file's bytes
 * once (the store keeps a reference), then append records whose data the
 * caller found at offset in them.  The bytes are checked to be the record's
 * (FALSE, nothing appended, when they are not), so a caller that guesses
 * offsets can never store the wrong bytes.  file_mapped: the bytes are a
 * read-only mapping of a file (g_mapped_file_get_bytes()), whose pages
 * lsc_store_drop_backing() may hand back. */
void lsc_store_set_backing (LscStore *self, GBytes *backing, gboolean file_mapped);
gboolean lsc_store_append_backed (LscStore *self, const LscPacket *pkt, guint64 offset);
/* Make staged packets visible (one items-changed); returns how many. */
guint lsc_store_commit (LscStore *self);
/* Packets appended, committed or not. */
guint lsc_store_get_n_staged (LscStore *self);
/* Forget everything (items-changed removes all rows). */
void lsc_store_clear (LscStore *self);

/* Fill out with packet i (0-based, < staged count).  FALSE when out of range.
 * out->data points into the arena and stays valid until lsc_store_clear(). */
gboolean lsc_store_get_packet (LscStore *self, guint i, LscPacket *out);
/* Decode packet i into tree (with the store's options and annotate hook). */
gboolean lsc_store_dissect (LscStore *self, guint i, LscTree *tree);

void lsc_store_set_options (LscStore *self, const LscDissectOptions *opt);
const LscDissectOptions *lsc_store_get_options (LscStore *self);
/* Tell the views every committed row changed (one items-changed replacing all
 * rows), e.g. after an analysis pass added facts the annotate hook now shows. */
void lsc_store_refresh (LscStore *self);
void lsc_store_set_annotate_func (LscStore *self, LscStoreAnnotateFunc func,
                                  gpointer user_data, GDestroyNotify destroy);

/* Hand the pages of the backing file that hold packets [from, to) back to
 * the kernel: they are clean copies of the file and come back when read
 * again.  A pass over every packet (a display filter, the keys of a sort)
 * calls this behind itself, so the whole file does not stay resident.  No
 * effect on packets that are not backed by a mapped file. */
void lsc_store_drop_backing (LscStore *self, guint from, guint to);
/* The same for the bytes [from, to) of the mapped file (whole pages). */
void lsc_store_drop_backing_bytes (LscStore *self, guint64 from, guint64 to);

/* Bytes held: the index plus the arena. */
gsize lsc_store_get_memory (LscStore *self);

/* ---- rows ---- */

guint lsc_packet_row_get_index (LscPacketRow *row);       /* 0-based */
guint64 lsc_packet_row_get_number (LscPacketRow *row);    /* 1-based frame number */
LscStore *lsc_packet_row_get_store (LscPacketRow *row);   /* borrowed */
guint32 lsc_packet_row_get_length (LscPacketRow *row);    /* bytes on the wire */
double lsc_packet_row_get_time (LscPacketRow *row);       /* seconds since the first packet */
/* Summary columns, decoded on first use and then kept with the row. */
const char *lsc_packet_row_get_source (LscPacketRow *row);
const char *lsc_packet_row_get_destination (LscPacketRow *row);
const char *lsc_packet_row_get_protocol (LscPacketRow *row);
const char *lsc_packet_row_get_info (LscPacketRow *row);
guint32 lsc_packet_row_get_has (LscPacketRow *row);         /* LscPinfoHas */
guint16 lsc_packet_row_get_tcp_flags (LscPacketRow *row);   /* LSC_TCP_* */
/* Every LscNodeFlags bit set on some node of the packet's tree, so a view can
 * tell a malformed frame from one whose only fault is an offloaded checksum. */
guint16 lsc_packet_row_get_node_flags (LscPacketRow *row);
/* What the conversation analysis (through the annotate hook) said of the
 * packet: its conversation (lsc_conv_nth index), role (LscConvRole), the
 * client's and server's TCP states after it (LscTcpState) and LscConvFlags.
 * FALSE (outputs 0) when it belongs to none or was not analysed yet.  The
 * store itself knows nothing of conversations, hence plain integers. */
gboolean lsc_packet_row_get_conversation (LscPacketRow *row, guint *conv_index, guint *role, guint *state_a,
                                          guint *state_b, guint32 *conv_flags);

G_END_DECLS

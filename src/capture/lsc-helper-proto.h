/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-helper-proto.h — the wire protocol between Layerscope and layerscope-capture
 *
 * Plain C (stdint only, no GLib, no pcap.h) because the privileged helper
 * links as little as it can and the client side lives in GLib code; both
 * compile lsc-helper-proto.c so the checks exist in one place.
 * docs/helper-protocol.md is the prose version of this file.
 *
 * Channels:
 *   helper stdout  a standard pcap stream (nanosecond magic 0xa1b23c4d, host
 *                  byte order), one record per captured frame, flushed after
 *                  every batch; usable as `layerscope-capture -i X | layerscope-cli -r -`.
 *   helper stdin   with --inject only: records of LSC_HELPER_HDR_LEN bytes of
 *                  header + payload, big-endian, described below.
 *   helper stderr  with --machine: one status line per event, starting with
 *                  "@" (LSC_HELPER_LINE_*); any other line is a message for people.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include "lsc-config.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Record header on the helper's stdin (client -> helper), all big-endian:
 *   0  u8[2] magic 'L' 'S'    resynchronisation is never attempted: a bad
 *                             magic ends the stream
 *   2  u8    version          LSC_HELPER_PROTO_VERSION
 *   3  u8    type             LscHelperRecType
 *   4  u32   seq              chosen by the client, echoed in "@sent"/"@send-failed"
 *   8  u32   length           payload bytes that follow the header
 */
#define LSC_HELPER_MAGIC0 'L'
#define LSC_HELPER_MAGIC1 'S'
#define LSC_HELPER_PROTO_VERSION 1
#define LSC_HELPER_HDR_LEN 12

/* A frame to inject: a complete link-layer frame (Ethernet header included,
 * no FCS).  The minimum is one Ethernet header; the maximum covers a 64 KiB
 * loopback MTU frame and is far below anything that could exhaust memory. */
#define LSC_HELPER_MIN_FRAME 14
#define LSC_HELPER_MAX_FRAME 65549   /* 65535 + 14 */

/* Snap length limits the helper accepts on its command line. */
#define LSC_HELPER_MIN_SNAPLEN 64
#define LSC_HELPER_MAX_SNAPLEN 262144
#define LSC_HELPER_DEFAULT_SNAPLEN 262144

/* Longest status line on stderr, newline included. */
#define LSC_HELPER_MAX_LINE 1024

typedef enum {
  LSC_HELPER_REC_INJECT = 1,   /* payload: one frame, MIN_FRAME..MAX_FRAME bytes */
  LSC_HELPER_REC_STATS  = 2,   /* payload: none; helper answers "@stats ..." */
  LSC_HELPER_REC_STOP   = 3,   /* payload: none; helper flushes, prints "@stats", exits 0 */
} LscHelperRecType;

/* Exit status of layerscope-capture. */
enum {
  LSC_HELPER_EXIT_OK = 0,        /* stopped on request, count/duration reached, or stdin closed */
  LSC_HELPER_EXIT_FAILURE = 1,   /* device missing or gone, bad filter, output closed, ... */
  LSC_HELPER_EXIT_USAGE = 2,     /* bad command line */
  LSC_HELPER_EXIT_PROTOCOL = 3,  /* malformed record on stdin */
  LSC_HELPER_EXIT_NOPRIV = 4,    /* no CAP_NET_RAW: see LSC_HELPER_NOPRIV_HINT */
  LSC_HELPER_EXIT_REFUSED = 5,   /* started setuid-root: refused on principle */
};

/* Status lines on stderr with --machine (helper -> client).  Fields are
 * separated by one space; MESSAGE runs to the end of the line.
 *   @ready LINKTYPE SNAPLEN IFACE   capture handle open (LINKTYPE_ number)
 *   @stats RECEIVED DROPPED IFDROPPED   pcap_stats(); on a STATS record and at the end
 *   @sent SEQ                       the frame of record SEQ went out
 *   @send-failed SEQ MESSAGE        it did not (the helper keeps running)
 *   @error CODE MESSAGE             fatal; CODE is the exit status that follows
 */
#define LSC_HELPER_LINE_READY       "@ready"
#define LSC_HELPER_LINE_STATS       "@stats"
#define LSC_HELPER_LINE_SENT        "@sent"
#define LSC_HELPER_LINE_SEND_FAILED "@send-failed"
#define LSC_HELPER_LINE_ERROR       "@error"

/* The one message a user without privileges sees (helper and clients alike):
 * what can be done on an installed system, and the install option for a
 * source build. */
#define LSC_HELPER_NOPRIV_HINT \
  "live capture needs the CAP_NET_RAW capability: install layerscope-capture with " \
  "capabilities (packages do; a source build with -Dhelper_caps=true) and join its group " \
  "(sudo usermod -aG " LSC_HELPER_GROUP " $USER, then log in again), " \
  "run as root, or open a capture file instead (-r FILE)"

typedef struct {
  uint8_t type;      /* LscHelperRecType */
  uint32_t seq;
  uint32_t length;   /* payload length */
} LscHelperRecHdr;

typedef enum {
  LSC_HELPER_DECODE_OK = 0,
  LSC_HELPER_DECODE_SHORT,        /* fewer than LSC_HELPER_HDR_LEN bytes */
  LSC_HELPER_DECODE_BAD_MAGIC,
  LSC_HELPER_DECODE_BAD_VERSION,
  LSC_HELPER_DECODE_BAD_TYPE,
  LSC_HELPER_DECODE_BAD_LENGTH,   /* length outside the range its type allows */
} LscHelperDecodeResult;

/* Write a header for (type, seq, length) into out[LSC_HELPER_HDR_LEN].
 * Returns 0, or -1 when length is outside what the type allows (nothing written). */
int lsc_helper_rec_encode (uint8_t out[LSC_HELPER_HDR_LEN], uint8_t type, uint32_t seq, uint32_t length);

/* Check and decode a header from len available bytes; every field is
 * validated, including the payload length against its type's limits. */
LscHelperDecodeResult lsc_helper_rec_decode (const uint8_t *buf, size_t len, LscHelperRecHdr *hdr);

/* One English sentence for a decode result. */
const char *lsc_helper_decode_result_str (LscHelperDecodeResult r);

#ifdef __cplusplus
}
#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-craft-session.h — one crafting run, driven by the main loop
 *
 * A session sends COUNT crafted frames to one target, INTERVAL apart, and
 * pairs what comes back with what was sent: replies with their round-trip
 * time, ICMP errors that quote a probe, and for a crafted SYN the local
 * kernel's RST.  It finds the interface and the next hop (the kernel's route,
 * asked over netlink), opens the link (directly, or through a fallback the
 * caller gives, such as the capture helper), asks ARP for the next hop's MAC,
 * and then runs entirely from GLib sources: a watch on the link's descriptor
 * and timers.  Nothing waits inside the loop; every wait is bounded by the
 * count and the timeout.
 *
 * What happens is told through one callback, in this order:
 *   READY (link open, MAC known) → SENT, REPLY … → TIMEOUT for each probe left
 *   unanswered → FINISHED.
 * An ERROR stops the run; FINISHED still follows it.
 * The frames themselves come from the caller's build function, called just
 * before each one is sent, so the CLI's options and the app's form both fit.
 */
#pragma once

#include <glib.h>
#include "craft/lsc-craft.h"
#include "craft/lsc-craft-link.h"
#include "craft/lsc-craft-match.h"
#include "core/lsc-tree.h"

G_BEGIN_DECLS

typedef struct _LscCraftSession LscCraftSession;

/* Where the target is and how to reach it. */
typedef enum {
  LSC_CRAFT_TARGET_DEFAULT = 0,
  /* A gratuitous ARP announces an address of this machine: it names the interface. */
  LSC_CRAFT_TARGET_OWN_ADDRESS = 1 << 0,
  /* An ARP probe is sent from 0.0.0.0: an interface without an address will do. */
  LSC_CRAFT_TARGET_NO_SOURCE_OK = 1 << 1,
  /* Only building, nothing sent: the loopback interface is allowed. */
  LSC_CRAFT_TARGET_LOOPBACK_OK = 1 << 2,
} LscCraftTargetFlags;

typedef enum {
  LSC_CRAFT_EVENT_READY,     /* the link is open and the next hop's MAC known (ev->mac) */
  LSC_CRAFT_EVENT_SENT,      /* probe ev->index left (ev->frame, ev->probe) */
  LSC_CRAFT_EVENT_REPLY,     /* an answer to probe ev->index (ev->match, rtt, tree ...) */
  LSC_CRAFT_EVENT_TIMEOUT,   /* probe ev->index got no answer within the run */
  LSC_CRAFT_EVENT_ERROR,     /* the run stopped (ev->error, ev->stage); FINISHED follows */
  LSC_CRAFT_EVENT_FINISHED,  /* the run is over; the statistics are final */
} LscCraftEventKind;

/* Which step an error stopped, so a caller can tell bad input from a failure. */
typedef enum {
  LSC_CRAFT_STAGE_RESOLVE,   /* the next hop's MAC could not be resolved */
  LSC_CRAFT_STAGE_BUILD,     /* the build function refused (bad values) */
  LSC_CRAFT_STAGE_SEND,
  LSC_CRAFT_STAGE_RECEIVE,
} LscCraftStage;

typedef struct {
  LscCraftEventKind kind;
  guint index;                  /* which probe, from 0 */
  const LscCraftProbe *probe;   /* SENT, REPLY, TIMEOUT */
  GBytes *frame;                /* SENT */
  LscCraftMatch match;          /* REPLY: REPLY, ICMP_ERROR or LOCAL_RST */
  gboolean duplicate;           /* REPLY: that probe was answered before */
  double rtt_ms;                /* REPLY: from the probe leaving to the answer arriving */
  const LscTree *tree;          /* REPLY: the answer, decoded (valid during the callback) */
  const LscPacket *packet;      /* REPLY: its bytes and time stamp */
  guint8 mac[6];                /* READY: the next hop's; REPLY: the answer's Ethernet source */
  guint16 tcp_flags;            /* REPLY: the answer's TCP flags, 0 without TCP */
  LscCraftStage stage;          /* ERROR */
  const GError *error;          /* ERROR */
} LscCraftEvent;

typedef struct {
  guint sent, replies, errors;  /* replies: answered probes, duplicates not counted */
  double rtt_min, rtt_max, rtt_sum;
  gboolean expect_rst;          /* a SYN-ACK came to a crafted SYN: our kernel should reset */
  gboolean rst_seen;            /* and it did */
} LscCraftStats;

/* Builds frame index (from 0) and fills probe with what its answer must mirror. */
typedef GBytes *(*LscCraftBuildFunc) (LscCraftSession *session, guint index, LscCraftProbe *probe, gpointer data,
                                      GError **error);
typedef void (*LscCraftEventFunc) (LscCraftSession *session, const LscCraftEvent *event, gpointer data);

LscCraftSession *lsc_craft_session_new (void);
/* May be called from the session's own callback. */
void lsc_craft_session_free (LscCraftSession *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LscCraftSession, lsc_craft_session_free)

/* host: a dotted quad or a name; iface: NULL for the route's interface.
 * Errors: LSC_CRAFT_ERROR_INVALID or _NO_IFACE for what the user gave (a bad
 * address, no such interface, no route, this machine's loopback), and
 * LSC_CRAFT_ERROR_FAILED for an interface that cannot send (down, no address). */
gboolean lsc_craft_session_set_target (LscCraftSession *s, const char *host, const char *iface,
                                       LscCraftTargetFlags flags, GError **error);
const LscCraftIface *lsc_craft_session_get_iface (LscCraftSession *s);
guint32 lsc_craft_session_get_destination (LscCraftSession *s);
guint32 lsc_craft_session_get_next_hop (LscCraftSession *s);
/* The destination as text, for messages. */
const char *lsc_craft_session_get_destination_text (LscCraftSession *s);

/* The Ethernet destination to use instead of asking ARP. */
void lsc_craft_session_set_dst_mac (LscCraftSession *s, const guint8 mac[6]);
/* ARP frames carry their own destination: no MAC is asked for them. */
void lsc_craft_session_set_resolve_mac (LscCraftSession *s, gboolean resolve);
/* The next hop's MAC, once known (set, found in the neighbour table, or resolved). */
gboolean lsc_craft_session_get_dst_mac (LscCraftSession *s, guint8 mac[6]);
/* Without sending: the neighbour table only (a dry run). */
gboolean lsc_craft_session_lookup_dst_mac (LscCraftSession *s, guint8 mac[6]);

void lsc_craft_session_set_count (LscCraftSession *s, guint count);
/* Seconds between frames, and for the answers after the last one. */
void lsc_craft_session_set_interval (LscCraftSession *s, double seconds);
void lsc_craft_session_set_timeout (LscCraftSession *s, double seconds);
void lsc_craft_session_set_builder (LscCraftSession *s, LscCraftBuildFunc build, gpointer data);
void lsc_craft_session_set_handler (LscCraftSession *s, LscCraftEventFunc handler, gpointer data);
/* How to reach the wire when this process may not open packet sockets itself. */
void lsc_craft_session_set_link_fallback (LscCraftSession *s, LscCraftLinkFallback fallback, gpointer data);

/* Opens the link (LSC_CRAFT_ERROR_PERMISSION when neither way may send) and
 * starts the run on the thread-default main context.  Returns at once;
 * everything else arrives as events. */
gboolean lsc_craft_session_start (LscCraftSession *s, GError **error);
/* Ends the run early: no more frames, FINISHED is emitted. */
void lsc_craft_session_stop (LscCraftSession *s);
gboolean lsc_craft_session_is_running (LscCraftSession *s);
const LscCraftStats *lsc_craft_session_get_stats (LscCraftSession *s);

G_END_DECLS

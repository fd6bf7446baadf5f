/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-craft-match.h — is this frame the answer to what we sent?
 *
 * A probe remembers the few facts of a crafted frame that its answer must
 * mirror (addresses, echo id/seq, ports, sequence number).  Matching reads
 * the LscPinfo digest of a decoded frame, plus the datagram an ICMP error
 * quotes, so a router's "time exceeded" is tied to the ping that caused it.
 */
#pragma once

#include <glib.h>
#include "core/lsc-tree.h"

G_BEGIN_DECLS

typedef enum {
  LSC_CRAFT_PROBE_ECHO,
  LSC_CRAFT_PROBE_ARP,
  LSC_CRAFT_PROBE_TCP,
  LSC_CRAFT_PROBE_UDP,
} LscCraftProbeKind;

typedef struct {
  LscCraftProbeKind kind;
  guint32 src, dst;          /* network order; ARP: sender and target address */
  guint16 id, seq;           /* echo */
  guint16 sport, dport;      /* TCP/UDP */
  guint32 tcp_seq;           /* sequence number of the crafted segment */
  guint16 tcp_flags;
} LscCraftProbe;

typedef enum {
  LSC_CRAFT_MATCH_NONE,
  LSC_CRAFT_MATCH_REPLY,       /* echo reply, ARP reply, SYN-ACK/RST/any segment back, UDP back */
  LSC_CRAFT_MATCH_ICMP_ERROR,  /* an ICMP error quoting the probe (time exceeded, unreachable) */
  LSC_CRAFT_MATCH_LOCAL_RST,   /* our own kernel resetting the connection it knows nothing about */
} LscCraftMatch;

/* t is a decoded frame; outgoing says it was seen leaving this machine. */
LscCraftMatch lsc_craft_match (const LscCraftProbe *p, const LscTree *t, gboolean outgoing);

G_END_DECLS

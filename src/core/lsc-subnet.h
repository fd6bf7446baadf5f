/* lsc-subnet.h — IPv4 address classes, special ranges and subnet arithmetic
 *
 * Pure functions over host-order addresses, shared by the IPv4 decoder, the
 * GUI's subnet calculator and the crafting forms.  No tree, no I/O.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Special-purpose ranges (RFC 6890 and the RFCs it lists).  Ordered from the
 * most specific match; PUBLIC means none applies. */
typedef enum {
  LSC_SUBNET_RANGE_PUBLIC,
  LSC_SUBNET_RANGE_THIS_NETWORK,      /* 0.0.0.0/8 */
  LSC_SUBNET_RANGE_PRIVATE,           /* 10/8, 172.16/12, 192.168/16 */
  LSC_SUBNET_RANGE_CGNAT,             /* 100.64.0.0/10 */
  LSC_SUBNET_RANGE_LOOPBACK,          /* 127.0.0.0/8 */
  LSC_SUBNET_RANGE_LINK_LOCAL,        /* 169.254.0.0/16 */
  LSC_SUBNET_RANGE_IETF,              /* 192.0.0.0/24 */
  LSC_SUBNET_RANGE_DOCUMENTATION,     /* 192.0.2/24, 198.51.100/24, 203.0.113/24 */
  LSC_SUBNET_RANGE_BENCHMARKING,      /* 198.18.0.0/15 */
  LSC_SUBNET_RANGE_MULTICAST,         /* 224.0.0.0/4 */
  LSC_SUBNET_RANGE_RESERVED,          /* 240.0.0.0/4 */
  LSC_SUBNET_RANGE_LIMITED_BROADCAST, /* 255.255.255.255/32 */
} LscSubnetRange;

typedef struct {
  char klass;                /* 'A' .. 'E' (classful addressing, RFC 791; obsolete since CIDR) */
  guint8 default_prefix;     /* 8, 16 or 24; 0 for D and E, which have no network/host split */
  LscSubnetRange range;
  guint32 range_network;     /* the special range that matched, e.g. 172.16.0.0 ... */
  guint8 range_prefix;       /* ... /12 (0 for PUBLIC) */
  const char *range_name;    /* N_() marked: "Private" */
  const char *range_rfc;     /* "RFC 1918", NULL for PUBLIC */
  const char *range_explain; /* N_() marked: "10.0.0.0/8, RFC 1918: " and one sentence for learners */
} LscSubnetClass;

void lsc_subnet_classify (guint32 addr, LscSubnetClass *out);

typedef struct {
  guint32 addr;
  guint prefix;              /* 0 .. 32 */
  guint32 mask;              /* 255.255.255.0 for /24 */
  guint32 wildcard;          /* ~mask */
  guint32 network;
  guint32 broadcast;         /* only meaningful when has_broadcast */
  gboolean has_broadcast;    /* FALSE for /31 (RFC 3021 point-to-point) and /32 */
  guint32 first_host;
  guint32 last_host;
  guint64 hosts;             /* usable addresses: 2^(32-p) - 2, 2 for /31, 1 for /32 */
  guint64 size;              /* every address in the block: 2^(32-p) */
  gboolean is_network;       /* addr is the network address itself (and that is not a host) */
  gboolean is_broadcast;     /* addr is the broadcast address */
} LscSubnet;

/* FALSE (and out zeroed) when prefix > 32. */
gboolean lsc_subnet_compute (guint32 addr, guint prefix, LscSubnet *out);
guint32 lsc_subnet_mask (guint prefix);
/* The prefix length of a contiguous mask, or -1 when the mask has holes. */
int lsc_subnet_mask_to_prefix (guint32 mask);
/* Both addresses in the same /prefix network. */
gboolean lsc_subnet_same (guint32 a, guint32 b, guint prefix);
/* "198.18.0.1", "198.18.0.1/24" or "198.18.0.1/255.255.255.0" (prefix_out untouched
 * when there is none).  FALSE on anything else. */
gboolean lsc_subnet_parse (const char *s, guint32 *addr_out, guint *prefix_out);

G_END_DECLS

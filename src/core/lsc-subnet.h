/* SPDX-License-Identifier: GPL-3.0-or-later */
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

/* ---- the subnet calculator ---- */

/* What was typed into a calculator: an IPv4 address with an optional prefix
 * ("/24") or dotted mask ("/255.255.255.0" or after a space), or an IPv6
 * address with an optional prefix ("fd00::1/64"). */
typedef struct {
  int family;                /* 4 or 6 */
  guint32 addr4;             /* host order */
  guint8 addr6[16];
  guint prefix;              /* as typed, else the default below */
  gboolean has_prefix;       /* FALSE: prefix is the class's default mask (/32 for
                              * classes D and E) or /64 for IPv6 */
  gboolean mask_dotted;      /* the mask was typed as a dotted mask */
} LscSubnetInput;

/* FALSE with a one-line reason (translated, g_free it) saying what is wrong
 * with text and how it should look. */
gboolean lsc_subnet_parse_input (const char *text, LscSubnetInput *out, char **reason);

/* "11000110.00010010.00000000.00000001": 35 characters and a NUL. */
void lsc_subnet_format_binary (guint32 v, char out[36]);
/* "198.18.0.1" (at least 16 bytes). */
void lsc_subnet_format_dotted (guint32 v, char *out, gsize size);

/* Splitting a /prefix block into /new_prefix subnets: how many (0 when
 * new_prefix is not between prefix and 32), and the network of the i-th. */
guint64 lsc_subnet_split_count (guint prefix, guint new_prefix);
guint32 lsc_subnet_split_nth (guint32 network, guint new_prefix, guint64 i);

/* The classful table (RFC 791, RFC 1918 for the private ranges), A to E. */
typedef struct {
  char klass;
  const char *leading_bits;  /* "0", "10", "110", "1110", "1111" */
  guint32 first, last;       /* the addresses the class covers */
  guint8 default_prefix;     /* 8, 16, 24; 0 for D and E */
  const char *private_range; /* "10.0.0.0/8" ..., NULL for D and E */
  const char *use;           /* N_() marked: "Large networks" ... */
} LscSubnetClassRow;
const LscSubnetClassRow *lsc_subnet_class_table (guint *n_rows);

/* IPv6: the network of a prefix and the interface identifier (the bits
 * after the prefix). */
typedef struct {
  guint8 addr[16];
  guint prefix;              /* 0 .. 128 */
  guint8 network[16];
  guint8 iid[16];            /* addr with the prefix bits cleared */
  const char *kind;          /* N_() marked: "Unique local (fc00::/7, RFC 4193)" ... */
} LscSubnet6;

void lsc_subnet6_compute (const guint8 addr[16], guint prefix, LscSubnet6 *out);
/* "fd00::1" (at least 46 bytes, RFC 5952 form) and "fd00:0000:...:0001". */
void lsc_subnet6_format (const guint8 addr[16], char *out, gsize size);
void lsc_subnet6_format_full (const guint8 addr[16], char *out, gsize size);
/* "02:00:00:00:00:01", also with '-' or no separators; FALSE on anything else. */
gboolean lsc_subnet_parse_mac (const char *s, guint8 mac[6]);
/* The modified EUI-64 interface identifier of a MAC (RFC 4291 appendix A):
 * ff:fe in the middle and the universal/local bit flipped. */
void lsc_subnet_eui64 (const guint8 mac[6], guint8 iid[8]);

G_END_DECLS

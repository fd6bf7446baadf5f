/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-craft.h — building frames of one's own, and the facts needed to send them
 *
 * Every frame is built into plain bytes by libnet in its "construct only"
 * mode, so building needs no privileges: a learner (and a unit test) can
 * preview any crafted frame through lsc_dissect() before anything is sent.
 *
 * Each frame type has a small declarative option struct; *_init() fills in
 * defaults that make sense (TTL 64, ping's 56-byte payload, a SYN with MSS
 * 1460 ...), the caller changes what it cares about and calls the builder.
 * Addresses are kept in network byte order, as they appear on the wire.
 *
 * Checksums are computed unless an override asks for a literal value or a
 * deliberately wrong one, for showing what a receiver does with it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LSC_CRAFT_ERROR (lsc_craft_error_quark ())
GQuark lsc_craft_error_quark (void);

typedef enum {
  LSC_CRAFT_ERROR_INVALID,     /* bad text: address, port, hex, flags */
  LSC_CRAFT_ERROR_NO_IFACE,    /* no such interface / no route */
  LSC_CRAFT_ERROR_NO_NEIGH,    /* destination MAC could not be resolved */
  LSC_CRAFT_ERROR_PERMISSION,  /* sending or capturing needs CAP_NET_RAW */
  LSC_CRAFT_ERROR_FAILED,
} LscCraftError;

/* Checksum override: a value 0..0xffff is written as is. */
enum {
  LSC_CRAFT_CKSUM_AUTO = -1,   /* computed (the default) */
  LSC_CRAFT_CKSUM_BAD = -2,    /* computed, then spoiled so that it is certainly wrong */
};

/* A length field the builder computes, unless forced to a value (0 included):
 * a wrong length is something a learner may want to send on purpose. */
#define LSC_CRAFT_AUTO (-1)

/* The link and network headers every IPv4 frame shares. */
typedef struct {
  guint8 src_mac[6], dst_mac[6];
  guint32 src, dst;            /* network byte order */
  guint8 ttl;                  /* 64 */
  guint8 tos;                  /* 0 */
  guint16 id;                  /* identification; 0 = chosen at random */
  gboolean id_literal;         /* use id as it is, 0 included (a form shows the id it sends) */
  gboolean dont_fragment;      /* TRUE, as Linux sets it */
  gboolean more_fragments;     /* FALSE */
  guint16 frag_offset;         /* in 8-byte units, 0..8191 */
  guint8 version;              /* 4; anything else is what a receiver drops */
  gint32 checksum;             /* LSC_CRAFT_CKSUM_* or a literal value */
  gint32 total_len;            /* LSC_CRAFT_AUTO or a forced total length (0..65535) */
  gint32 hdr_len;              /* LSC_CRAFT_AUTO or a forced header length in bytes (0..60, a multiple of 4) */
  gint32 proto;                /* LSC_CRAFT_AUTO or a forced protocol number (0..255) */
  gint32 eth_type;             /* LSC_CRAFT_AUTO (0x0800) or a forced EtherType (0..65535) */
} LscCraftIp;

typedef struct {
  LscCraftIp ip;
  guint8 type;                 /* 8 echo request (default), 0 echo reply */
  guint8 code;                 /* 0 */
  guint16 id, seq;             /* echo identifier and sequence number */
  guint size;                  /* payload bytes (56, like ping) */
  guint8 pattern[16];          /* payload filler repeated; none = 0x00, 0x01, 0x02 ... */
  guint pattern_len;
  gint32 checksum;
} LscCraftEcho;

typedef enum {
  LSC_CRAFT_ARP_REQUEST,       /* who has target? tell sender */
  LSC_CRAFT_ARP_GRATUITOUS,    /* announce: sender = target = own address, broadcast */
  LSC_CRAFT_ARP_PROBE,         /* RFC 5227 address probe: sender address 0.0.0.0 */
  LSC_CRAFT_ARP_REPLY,
} LscCraftArpKind;

typedef struct {
  LscCraftArpKind kind;
  guint8 src_mac[6];           /* Ethernet source and sender hardware address */
  guint8 dst_mac[6];           /* Ethernet destination: broadcast for requests */
  guint8 target_mac[6];        /* target hardware address: zero for requests */
  guint32 sender_ip, target_ip; /* network byte order */
} LscCraftArp;

typedef struct {
  LscCraftIp ip;
  guint16 sport, dport;
  guint32 seq, ack;
  guint16 flags;               /* LSC_TCP_* (lsc-packet.h); SYN */
  guint16 window;              /* 64240 */
  guint16 urgent;              /* urgent pointer: 0 */
  guint16 mss;                 /* MSS option value, 0 = no option; 1460 */
  gint wscale;                 /* window scale shift 0..14, -1 = no option (the default) */
  gboolean sack_perm;          /* the SACK-permitted option */
  gboolean timestamps;         /* the timestamps option with tsval and tsecr */
  guint32 tsval, tsecr;
  const guint8 *payload;
  gsize payload_len;
  gint32 checksum;
  gint32 hdr_len;              /* LSC_CRAFT_AUTO or a forced data offset in bytes (0..60, a multiple of 4) */
} LscCraftTcp;

typedef struct {
  LscCraftIp ip;
  guint16 sport, dport;
  const guint8 *payload;
  gsize payload_len;
  gint32 checksum;
  gint32 length;               /* LSC_CRAFT_AUTO or a forced UDP length (0..65535) */
} LscCraftUdp;

/* A bare Ethernet frame: any EtherType, any payload, no padding to 60 bytes. */
typedef struct {
  guint8 src_mac[6], dst_mac[6];
  guint16 type;                /* 0x88b5, the EtherType IEEE 802 leaves for local experiments */
  const guint8 *payload;
  gsize payload_len;           /* at most 1500 */
} LscCraftEther;

/* The bytes of the TCP options in the order and padding Linux puts them in a
 * SYN (MSS; SACK-permitted and timestamps; NOP + window scale): at most 20. */
guint lsc_craft_tcp_options (const LscCraftTcp *o, guint8 out[20]);

void lsc_craft_echo_init (LscCraftEcho *o);
void lsc_craft_arp_init (LscCraftArp *o);
void lsc_craft_tcp_init (LscCraftTcp *o);
void lsc_craft_udp_init (LscCraftUdp *o);
void lsc_craft_ether_init (LscCraftEther *o);

/* Build an Ethernet frame.  NULL with an error for values that cannot be put
 * on the wire (port 0, an oversized payload, a zero destination address). */
GBytes *lsc_craft_build_echo (const LscCraftEcho *o, GError **error);
GBytes *lsc_craft_build_arp (const LscCraftArp *o, GError **error);
GBytes *lsc_craft_build_tcp (const LscCraftTcp *o, GError **error);
GBytes *lsc_craft_build_udp (const LscCraftUdp *o, GError **error);
GBytes *lsc_craft_build_ether (const LscCraftEther *o, GError **error);

/* ---- parsing what users type (one clear error each) ---- */
gboolean lsc_craft_parse_ipv4 (const char *text, guint32 *out, GError **error);
/* A dotted quad, or a host name looked up for IPv4. */
gboolean lsc_craft_resolve_ipv4 (const char *text, guint32 *out, GError **error);
gboolean lsc_craft_parse_mac (const char *text, guint8 out[6], GError **error);
/* 1..65535 */
gboolean lsc_craft_parse_port (const char *text, guint16 *out, GError **error);
/* "S", "SA", "FA", "R", "PA" ... (F S R P A U E C) */
gboolean lsc_craft_parse_tcp_flags (const char *text, guint16 *out, GError **error);
/* "deadbeef", "de ad be ef", "de:ad:be:ef"; an odd number of digits is an error. */
GBytes *lsc_craft_parse_hex (const char *text, GError **error);
/* Flags as letters, the way --flags takes them ("SA"). */
void lsc_craft_format_tcp_flags (guint16 flags, char buf[16]);

/* ---- the local side: interfaces, routes and neighbours (no privileges) ---- */
typedef struct {
  char name[32];
  int index;
  guint8 mac[6];
  guint32 ip;          /* first IPv4 address, network order; 0 when none */
  guint prefix;        /* its prefix length */
  gboolean up, loopback;
} LscCraftIface;

gboolean lsc_craft_iface_lookup (const char *name, LscCraftIface *out, GError **error);
/* The interface that holds the IPv4 address ip. */
gboolean lsc_craft_iface_by_addr (guint32 ip, LscCraftIface *out, GError **error);
/* The interface the kernel would use for dst, and the next hop on it (dst
 * itself when it is on-link, else the gateway). */
gboolean lsc_craft_route (guint32 dst, LscCraftIface *out, guint32 *next_hop, GError **error);
/* The MAC the kernel's neighbour table holds for ip on ifname (complete entries only). */
gboolean lsc_craft_neigh_lookup (const char *ifname, guint32 ip, guint8 mac[6]);

G_END_DECLS

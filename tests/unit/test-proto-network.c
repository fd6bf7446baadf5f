/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-proto-network.c — ARP, IPv4 (+ subnet analysis), ICMP, IPv6, ICMPv6
 *
 * Frames are literal bytes with correct checksums; malformed variants are made
 * by changing single bytes of them in the test that needs them.
 */
#include "core/lsc-dissect.h"
#include "core/lsc-format.h"
#include "lsc-test-tree.h"
#include "core/lsc-subnet.h"

/* Ethernet + IPv4 198.18.0.1 -> 198.18.0.2 + ICMP echo request id 0x1234 seq 1, "ping", padded to 60 bytes */
static const guint8 ping[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0x00,
  0x00, 0x20, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01, 0xae, 0xb4, 0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12,
  0x00, 0x02, 0x08, 0x00, 0x06, 0xfa, 0x12, 0x34, 0x00, 0x01, 0x70, 0x69, 0x6e, 0x67, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* 198.18.0.2 tells 198.18.0.1 "port unreachable", quoting an IPv4/UDP datagram (header + 8 bytes) */
static const guint8 unreach[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0x00,
  0x00, 0x38, 0x00, 0x09, 0x00, 0x00, 0x40, 0x01, 0xee, 0x94, 0xc6, 0x12, 0x00, 0x02, 0xc6, 0x12,
  0x00, 0x01, 0x03, 0x03, 0xcd, 0x15, 0x00, 0x00, 0x00, 0x00, 0x45, 0x00, 0x00, 0x21, 0x00, 0x55,
  0x00, 0x00, 0x40, 0x11, 0xee, 0x4f, 0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12, 0x00, 0x02, 0x9c, 0x40,
  0x00, 0x35, 0x00, 0x0d, 0x93, 0x64,
};

/* 198.18.0.254 redirects 198.18.0.1 to gateway 198.18.0.253 (code 1, host) */
static const guint8 redirect[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0x00,
  0x00, 0x38, 0x00, 0x0a, 0x00, 0x00, 0x40, 0x01, 0xed, 0x97, 0xc6, 0x12, 0x00, 0xfe, 0xc6, 0x12,
  0x00, 0x01, 0x05, 0x01, 0x04, 0x08, 0xc6, 0x12, 0x00, 0xfd, 0x45, 0x00, 0x00, 0x21, 0x00, 0x55,
  0x00, 0x00, 0x40, 0x11, 0xee, 0x4f, 0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12, 0x00, 0x02, 0x9c, 0x40,
  0x00, 0x35, 0x00, 0x0d, 0x93, 0x64,
};

/* IPv4 with 16 bytes of options: NOP, Record Route (7, one empty slot), Router Alert, EOL + 3 padding; UDP 1000 -> 2000 "x" */
static const guint8 ipopts[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x49, 0x00,
  0x00, 0x2d, 0x00, 0x02, 0x00, 0x00, 0x40, 0x11, 0x4e, 0x87, 0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12,
  0x00, 0x02, 0x01, 0x07, 0x07, 0x04, 0x00, 0x00, 0x00, 0x00, 0x94, 0x04, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x03, 0xe8, 0x07, 0xd0, 0x00, 0x09, 0xef, 0xfb, 0x78,
};

/* first fragment (MF, offset 0) of a UDP datagram, ID 0x0077 */
static const guint8 frag1[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0x00,
  0x00, 0x2c, 0x00, 0x77, 0x20, 0x00, 0x40, 0x11, 0xce, 0x22, 0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12,
  0x00, 0x02, 0x13, 0x88, 0x17, 0x70, 0x00, 0x28, 0x34, 0x6a, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41,
  0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41,
};

/* last fragment (offset 3 = byte 24) of the same datagram, padded to 60 */
static const guint8 frag2[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0x00,
  0x00, 0x24, 0x00, 0x77, 0x00, 0x03, 0x40, 0x11, 0xee, 0x27, 0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12,
  0x00, 0x02, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41,
  0x41, 0x41, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* gratuitous ARP request (announcement): sender = target = 198.18.0.1, target MAC zero */
static const guint8 arp_grat[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x01,
  0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0xc6, 0x12, 0x00, 0x01,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc6, 0x12, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* ARP probe: sender IP 0.0.0.0 asks for 198.18.0.2 */
static const guint8 arp_probe[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x01,
  0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc6, 0x12, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* Ethernet + IPv6 fd00::1 -> fd00::2 (flow 0x12345) + ICMPv6 echo request id 0xbeef seq 7, "abcdefgh" */
static const guint8 ping6[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x86, 0xdd, 0x60, 0x01,
  0x23, 0x45, 0x00, 0x10, 0x3a, 0x40, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x80, 0x00, 0x35, 0x24, 0xbe, 0xef, 0x00, 0x07, 0x61, 0x62,
  0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
};

/* neighbour solicitation fe80::1 -> ff02::1:ff00:2 for fe80::2 with source link-layer option */
static const guint8 ns[] = {
  0x33, 0x33, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x86, 0xdd, 0x60, 0x00,
  0x00, 0x00, 0x00, 0x20, 0x3a, 0xff, 0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x01, 0xff, 0x00, 0x00, 0x02, 0x87, 0x00, 0x7a, 0x97, 0x00, 0x00, 0x00, 0x00, 0xfe, 0x80,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x01, 0x01,
  0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
};

/* neighbour advertisement fe80::2 -> fe80::1 (S, O) with target link-layer option 02:00:00:00:00:02 */
static const guint8 na[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x86, 0xdd, 0x60, 0x00,
  0x00, 0x00, 0x00, 0x20, 0x3a, 0xff, 0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x88, 0x00, 0x18, 0x1a, 0x60, 0x00, 0x00, 0x00, 0xfe, 0x80,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x01,
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
};

/* router advertisement: hop limit 64, flags O + prf high, lifetime 1800, SLL option, prefix fd00::/64 (L, A), MTU 1500 */
static const guint8 ra[] = {
  0x33, 0x33, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x86, 0xdd, 0x60, 0x00,
  0x00, 0x00, 0x00, 0x40, 0x3a, 0xff, 0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x86, 0x00, 0x5b, 0x4c, 0x40, 0x48, 0x07, 0x08, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0xfe, 0x03, 0x04,
  0x40, 0xc0, 0x00, 0x01, 0x51, 0x80, 0x00, 0x00, 0x38, 0x40, 0x00, 0x00, 0x00, 0x00, 0xfd, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x01,
  0x00, 0x00, 0x00, 0x00, 0x05, 0xdc,
};

/* IPv6 with hop-by-hop (router alert, PadN) and fragment header (offset 0, M, id 0xabcdef01) before UDP 7 -> 7 "hi" */
static const guint8 ext6[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x86, 0xdd, 0x60, 0x00,
  0x00, 0x00, 0x00, 0x1a, 0x00, 0x40, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x2c, 0x00, 0x05, 0x02, 0x00, 0x00, 0x01, 0x00, 0x11, 0x00,
  0x00, 0x01, 0xab, 0xcd, 0xef, 0x01, 0x00, 0x07, 0x00, 0x07, 0x00, 0x0a, 0x97, 0x63, 0x68, 0x69,
};

/* ICMPv6 port unreachable fd00::2 -> fd00::1 quoting 48 bytes of an IPv6/UDP packet */
static const guint8 unreach6[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x86, 0xdd, 0x60, 0x00,
  0x00, 0x00, 0x00, 0x38, 0x3a, 0x40, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x04, 0x13, 0xcb, 0x00, 0x00, 0x00, 0x00, 0x60, 0x00,
  0x00, 0x00, 0x00, 0x0a, 0x11, 0x40, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x00, 0x02, 0x00, 0x0a, 0x85, 0x5d,
};

/* ARP request: who has 198.18.0.2? tell 198.18.0.1, padded to 60 */
static const guint8 arp_req[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x01,
  0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0xc6, 0x12, 0x00, 0x01,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc6, 0x12, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* ARP reply: 198.18.0.2 is at 02:00:00:00:00:02, padded to 60 */
static const guint8 arp_reply[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x01,
  0x08, 0x00, 0x06, 0x04, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0xc6, 0x12, 0x00, 0x02,
  0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0xc6, 0x12, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* MLDv2 report from fe80::1 behind a hop-by-hop router alert: two records,
 * ff02::1:ff00:1 change-to-exclude (join) and ff05::123 include fd00::1 */
static const guint8 mld2[] = {
  0x33, 0x33, 0x00, 0x00, 0x00, 0x16, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x86, 0xdd, 0x60, 0x00,
  0x00, 0x00, 0x00, 0x48, 0x00, 0x01, 0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x16, 0x3a, 0x00, 0x05, 0x02, 0x00, 0x00, 0x01, 0x00, 0x8f, 0x00,
  0x72, 0xb6, 0x00, 0x00, 0x00, 0x02, 0x04, 0x00, 0x00, 0x00, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xff, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0xff, 0x05,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x23, 0xfd, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
};
/* Echo request whose data starts with a 64-bit little-endian struct timeval
 * 1700000000.123456, as Linux ping writes it */
static const guint8 ping_ts[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0x00,
  0x00, 0x54, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01, 0xae, 0x80, 0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12,
  0x00, 0x02, 0x08, 0x00, 0xa2, 0x7a, 0x00, 0x77, 0x00, 0x03, 0x00, 0xf1, 0x53, 0x65, 0x00, 0x00,
  0x00, 0x00, 0x40, 0xe2, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15,
  0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25,
  0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35,
  0x36, 0x37,
};

static void
dissect_with (LscTree *t, const guint8 *d, gsize n, int linktype, guint prefix)
{
  LscDissectOptions o;
  lsc_dissect_options_init (&o);
  o.resolve_oui = FALSE;
  o.ipv4_prefix = prefix;
  LscPacket p = { .num = 1, .caplen = (guint32) n, .wirelen = (guint32) n, .linktype = linktype, .data = d };
  lsc_dissect (t, &p, &o);
}

static void
dissect (LscTree *t, const guint8 *d, gsize n)
{
  dissect_with (t, d, n, LSC_LINK_ETHERNET, 0);
}

static char *
display (const LscNode *n)
{
  GString *s = g_string_new (NULL);
  lsc_format_display (n, s);
  return g_string_free (s, FALSE);
}

static char *
value_of (LscTree *t, const char *id)
{
  GString *s = g_string_new (NULL);
  lsc_format_value (need (t, id), s);
  return g_string_free (s, FALSE);
}

static void
assert_value (LscTree *t, const char *id, const char *want)
{
  g_autofree char *v = value_of (t, id);
  g_assert_cmpstr (v, ==, want);
}

static guint8 *
copy_of (const guint8 *d, gsize n)
{
  return g_memdup2 (d, n);
}

/* ---- IPv4 ---- */

static void
test_ipv4_fields (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  dissect (t, ping, sizeof ping);
  LscPinfo *pi = lsc_tree_pinfo (t);

  check (t, "ip", 0, 14, 20);
  check (t, "ip.version", 4, 14, 1);
  check (t, "ip.hdr_len", 20, 14, 1);
  check (t, "ip.dsfield", 0, 15, 1);
  check (t, "ip.dsfield.dscp", 0, 15, 1);
  check (t, "ip.len", 32, 16, 2);
  check (t, "ip.id", 1, 18, 2);
  check (t, "ip.flags", 2, 20, 1);
  check (t, "ip.flags.df", 1, 20, 1);
  check (t, "ip.flags.mf", 0, 20, 1);
  check (t, "ip.frag_offset", 0, 20, 2);
  check (t, "ip.ttl", 64, 22, 1);
  g_assert_nonnull (strstr (lsc_tree_node (t, need (t, "ip.ttl")->first_child)->text, "no router"));
  check (t, "ip.proto", 1, 23, 1);
  check (t, "ip.checksum", 0xaeb4, 24, 2);
  check (t, "ip.checksum.status", 1, 0, 0);
  check (t, "ip.src", 0xc6120001, 26, 4);
  check (t, "ip.dst", 0xc6120002, 30, 4);
  g_assert_true (need (t, "ip.checksum")->flags & LSC_NODE_CHECKSUM_GOOD);
  g_assert_true (need (t, "ip.addr")->flags & LSC_NODE_HIDDEN);
  g_assert_cmpint (nth_field (t, "ip.addr", 1), >=, 0);
  g_assert_true (need (t, "ip.checksum.status")->flags & LSC_NODE_GENERATED);
  g_assert_cmpint (lsc_tree_find (t, "ip.checksum_calculated"), ==, -1);
  /* No prefix given: classful facts only, no subnet arithmetic. */
  assert_value (t, "ip.src.class", "C");
  g_assert_cmpint (lsc_tree_find (t, "ip.src.network"), ==, -1);
  g_assert_cmpint (lsc_tree_find (t, "ip.same_subnet"), ==, -1);

  g_assert_true (pi->has & LSC_HAS_IP4);
  g_assert_false (pi->has & (LSC_HAS_ERROR | LSC_HAS_FRAG));
  g_assert_cmpuint (pi->l3_family, ==, 4);
  g_assert_cmpmem (pi->l3_src, 4, ((guint8[]) { 198, 18, 0, 1 }), 4);
  g_assert_cmpmem (pi->l3_dst, 4, ((guint8[]) { 198, 18, 0, 2 }), 4);
  g_assert_cmpuint (pi->ip_len, ==, 32);
  g_assert_cmpuint (pi->l3_len, ==, 32);
  g_assert_cmpuint (pi->l3_off, ==, 14);
  g_assert_cmpuint (pi->l4_len, ==, 12);
  g_assert_cmpuint (pi->ip_proto, ==, 1);
  g_assert_cmpuint (pi->ttl, ==, 64);
  g_assert_cmpstr (pi->src, ==, "198.18.0.1");
  g_assert_cmpstr (pi->dst, ==, "198.18.0.2");
}

static void
test_ipv4_padding_not_payload (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  dissect (t, ping, sizeof ping);
  /* 46 bytes of packet, 14 of padding: the data node must stop at the IP length. */
  check (t, "data", 0, 42, 4);
  check (t, "data.len", 4, 0, 0);
  check (t, "icmp.data_len", 4, 0, 0);
  const LscNode *pad = need (t, "eth.padding");
  g_assert_cmpuint (pad->offset, ==, 46);
  g_assert_cmpuint (pad->length, ==, 14);
  g_assert_cmpint (lsc_tree_find (t, "eth.trailer"), ==, -1);

  /* The same on raw IP (no Ethernet): trailing junk after ip.len is not payload. */
  guint8 raw[40];
  memcpy (raw, ping + 14, 32);
  memset (raw + 32, 0xee, 8);
  dissect_with (t, raw, sizeof raw, LSC_LINK_RAW, 0);
  check (t, "data", 0, 28, 4);
  check (t, "icmp.checksum.status", 1, 0, 0);
}

static void
test_ipv4_checksum_bad (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  g_autofree guint8 *f = copy_of (ping, sizeof ping);
  f[24] = 0x12;
  f[25] = 0x34;
  dissect (t, f, sizeof ping);
  const LscNode *ck = need (t, "ip.checksum");
  g_assert_true (ck->flags & LSC_NODE_CHECKSUM_BAD);
  g_assert_false (ck->flags & LSC_NODE_CHECKSUM_GOOD);
  check (t, "ip.checksum.status", 0, 0, 0);
  check (t, "ip.checksum_calculated", 0xaeb4, 0, 0);
  /* A bad checksum is reported, not fatal: ICMP is still decoded. */
  g_assert_cmpint (lsc_tree_find (t, "icmp.type"), >=, 0);
}

static void
test_ipv4_bad_ihl (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  g_autofree guint8 *f = copy_of (ping, sizeof ping);
  f[14] = 0x44;  /* IHL 4 = 16 bytes */
  dissect (t, f, sizeof ping);
  const LscNode *hl = need (t, "ip.hdr_len");
  g_assert_cmpuint (hl->v.u, ==, 16);
  g_assert_true (hl->flags & LSC_NODE_MALFORMED);
  g_assert_true (lsc_tree_pinfo (t)->has & LSC_HAS_ERROR);
  g_assert_cmpint (lsc_tree_find (t, "icmp"), ==, -1);
  g_assert_cmpuint (lsc_tree_pinfo (t)->l3_family, ==, 0);
  /* Where the fields end is unknown: none after the header length is shown. */
  g_assert_cmpint (lsc_tree_find (t, "ip.len"), ==, -1);
  g_assert_cmpint (lsc_tree_find (t, "ip.src"), ==, -1);
  g_assert_cmpstr (lsc_tree_pinfo (t)->info->str, ==, "Bogus IPv4 header length (16 bytes, must be at least 20)");

  f[14] = 0x40;  /* IHL 0 */
  dissect (t, f, sizeof ping);
  g_assert_true (need (t, "ip.hdr_len")->flags & LSC_NODE_MALFORMED);
  g_assert_cmpint (lsc_tree_find (t, "icmp"), ==, -1);
}

static void
test_ipv4_wrong_version (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  g_autofree guint8 *f = copy_of (ping6, sizeof ping6);
  f[12] = 0x08;  /* an IPv6 packet behind the IPv4 EtherType */
  f[13] = 0x00;
  dissect (t, f, sizeof ping6);
  g_assert_true (need (t, "ip.version")->flags & LSC_NODE_MALFORMED);
  check (t, "ip", 0, 14, 1);
  check (t, "ipv6", 0, 14, 40);
  check (t, "icmpv6.checksum.status", 1, 0, 0);
  g_assert_cmpint (lsc_tree_find (t, "ip.src"), ==, -1);
  g_assert_false (lsc_tree_pinfo (t)->has & LSC_HAS_IP4);
  g_assert_true (lsc_tree_pinfo (t)->has & LSC_HAS_IP6);

  g_autofree guint8 *g = copy_of (ping, sizeof ping);
  g[14] = 0x55;  /* version 5 */
  dissect (t, g, sizeof ping);
  check (t, "ip.version", 5, 14, 1);
  g_assert_cmpint (lsc_tree_find (t, "ip.hdr_len"), ==, -1);
  g_assert_cmpint (lsc_tree_find (t, "icmp"), ==, -1);
  g_assert_true (lsc_tree_pinfo (t)->has & LSC_HAS_ERROR);

  /* On raw IP there is no type field to blame: an unknown version is just data. */
  dissect_with (t, g + 14, sizeof ping - 14, LSC_LINK_RAW, 0);
  g_assert_cmpint (lsc_tree_find (t, "ip"), ==, -1);
  check (t, "data", 0, 0, sizeof ping - 14);
  g_assert_true (lsc_tree_pinfo (t)->has & LSC_HAS_ERROR);
  g_assert_false (lsc_tree_pinfo (t)->has & LSC_HAS_IP4);
  g_assert_cmpstr (lsc_tree_pinfo (t)->info->str, ==, "Raw packet data, IP version 5");
}

static void
test_ipv4_bad_total_length (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  g_autofree guint8 *f = copy_of (ping, sizeof ping);

  f[16] = 0;
  f[17] = 19;  /* less than the 20-byte header */
  dissect (t, f, sizeof ping);
  g_assert_true (need (t, "ip.len")->flags & LSC_NODE_MALFORMED);
  g_assert_cmpint (lsc_tree_find (t, "ip.id"), ==, -1);
  g_assert_cmpint (lsc_tree_find (t, "icmp"), ==, -1);
  g_assert_true (lsc_tree_pinfo (t)->has & LSC_HAS_ERROR);

  f[17] = 200;  /* past the end of the 60-byte frame */
  dissect (t, f, sizeof ping);
  g_assert_true (need (t, "ip.len")->flags & LSC_NODE_MALFORMED);
  g_assert_true (lsc_tree_pinfo (t)->has & LSC_HAS_ERROR);
  /* ICMP still gets what there is, never more. */
  const LscNode *ic = need (t, "icmp");
  g_assert_cmpuint (ic->offset, ==, 34);
  const LscNode *d = need (t, "data");
  g_assert_cmpuint (d->offset + d->length, ==, sizeof ping);
  /* When the capture, not the packet, is short it is truncation, not malformation. */
  LscPacket p = { .num = 1, .caplen = 40, .wirelen = 60, .linktype = LSC_LINK_ETHERNET, .data = ping };
  lsc_dissect (t, &p, NULL);
  g_assert_false (need (t, "ip.len")->flags & LSC_NODE_MALFORMED);
  check (t, "icmp.checksum.status", 2, 0, 0);
}

static void
test_ipv4_options (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  dissect (t, ipopts, sizeof ipopts);
  check (t, "ip", 0, 14, 36);
  check (t, "ip.hdr_len", 36, 14, 1);
  check (t, "ip.checksum.status", 1, 0, 0);
  check (t, "ip.options", 0, 34, 16);
  /* NOP, RR, RA, EOL in order, each with its own bytes. */
  const guint types[] = { 1, 7, 148, 0 };
  const guint32 offs[] = { 34, 35, 42, 46 };
  const guint32 lens[] = { 1, 7, 4, 1 };
  for (guint i = 0; i < 4; i++)
    {
      gint32 o = nth_field (t, "ip.opt", i);
      g_assert_cmpint (o, >=, 0);
      const LscNode *on = lsc_tree_node (t, o);
      g_assert_cmpuint (on->offset, ==, offs[i]);
      g_assert_cmpuint (on->length, ==, lens[i]);
      g_assert_cmpuint (lsc_tree_node (t, on->first_child)->v.u, ==, types[i]);
    }
  g_assert_cmpint (nth_field (t, "ip.opt", 4), ==, -1);
  check (t, "ip.opt.len", 7, 36, 1);
  check (t, "ip.opt.ptr", 4, 37, 1);
  check (t, "ip.empty_rt", 0, 38, 4);
  check (t, "ip.opt.ra", 0, 44, 2);
  check (t, "ip.opt.type.copy", 0, 35, 1);
  check_nth (t, "ip.opt.type.copy", 1, 1, 42, 1);
  check_nth (t, "ip.opt.type.number", 1, 20, 42, 1);
  const LscNode *pad = need (t, "ip.opt.padding");
  g_assert_cmpuint (pad->offset, ==, 47);
  g_assert_cmpuint (pad->length, ==, 3);
  g_autofree char *rr = display (lsc_tree_node (t, nth_field (t, "ip.opt", 1)));
  g_assert_cmpstr (rr, ==, "Record Route (RR) (7 bytes)");
  /* The transport header starts after the options. */
  g_assert_cmpuint (need (t, "udp")->offset, ==, 50);
  g_assert_false (lsc_tree_pinfo (t)->has & LSC_HAS_ERROR);

  /* An option type nobody defined keeps its length and bytes. */
  g_autofree guint8 *f = copy_of (ipopts, sizeof ipopts);
  f[35] = 0x9e;
  dissect (t, f, sizeof ipopts);
  const LscNode *un = lsc_tree_node (t, nth_field (t, "ip.opt", 1));
  g_autofree char *ut = display (un);
  g_assert_cmpstr (ut, ==, "Unknown option 158 (7 bytes)");
  g_assert_false (un->flags & LSC_NODE_MALFORMED);
  const LscNode *od = need (t, "ip.opt.data");
  g_assert_cmpuint (od->offset, ==, 37);
  g_assert_cmpuint (od->length, ==, 5);
  check_nth (t, "ip.opt.type", 2, 148, 42, 1);
}

static void
test_ipv4_options_timestamp_source_route (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  /* IHL 11: a loose source route with two hops (the pointer names the second),
   * a time stamp option with address + time entries (one filled), and EOL. */
  static const guint8 opts[24] = {
    131, 11, 8, 198, 18, 1, 1, 198, 18, 2, 2,
    68, 12, 13, 0x01, 198, 18, 0, 254, 0x01, 0x02, 0x03, 0x04,
    0,
  };
  guint8 f[14 + 44 + 9];
  memcpy (f, ipopts, 34);
  f[14] = 0x4b;
  f[17] = 53;
  memcpy (f + 34, opts, sizeof opts);
  memcpy (f + 58, ipopts + 50, 9);
  dissect (t, f, sizeof f);
  check (t, "ip.hdr_len", 44, 14, 1);
  check_nth (t, "ip.opt.type", 0, 131, 34, 1);
  check_nth (t, "ip.opt.len", 0, 11, 35, 1);
  check_nth (t, "ip.opt.ptr", 0, 8, 36, 1);
  check_nth (t, "ip.src_rt", 0, 0xc6120101, 37, 4);
  check_nth (t, "ip.src_rt", 1, 0xc6120202, 41, 4);
  check_nth (t, "ip.opt.type", 1, 68, 45, 1);
  check_nth (t, "ip.opt.ptr", 1, 13, 47, 1);
  check (t, "ip.opt.overflow", 0, 48, 1);
  check (t, "ip.opt.flag", 1, 48, 1);
  check (t, "ip.opt.time_stamp_addr", 0xc61200fe, 49, 4);
  check (t, "ip.opt.time_stamp", 0x01020304, 53, 4);
  check_nth (t, "ip.opt.type", 2, 0, 57, 1);
  g_assert_false (lsc_tree_node (t, nth_field (t, "ip.opt", 0))->flags & LSC_NODE_MALFORMED);
  g_assert_false (lsc_tree_node (t, nth_field (t, "ip.opt", 1))->flags & LSC_NODE_MALFORMED);
  g_autofree char *name = display (lsc_tree_node (t, nth_field (t, "ip.opt", 1)));
  g_assert_cmpstr (name, ==, "Time Stamp (TS) (12 bytes)");
  g_assert_cmpuint (need (t, "udp")->offset, ==, 58);
}

static void
test_ipv4_options_malformed (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  g_autofree guint8 *f = copy_of (ipopts, sizeof ipopts);

  f[36] = 1;  /* RR length 1: less than its own type and length bytes */
  dissect (t, f, sizeof ipopts);
  const LscNode *rr = lsc_tree_node (t, nth_field (t, "ip.opt", 1));
  g_assert_true (rr->flags & LSC_NODE_MALFORMED);
  g_assert_true (need (t, "ip.opt.len")->flags & LSC_NODE_MALFORMED);
  g_assert_cmpint (nth_field (t, "ip.opt", 2), ==, -1);  /* the walk stops */
  g_assert_true (lsc_tree_pinfo (t)->has & LSC_HAS_ERROR);
  g_assert_cmpuint (need (t, "udp")->offset, ==, 50);   /* the header length still rules */

  f[36] = 40;  /* runs past the 36-byte header */
  dissect (t, f, sizeof ipopts);
  g_assert_true (need (t, "ip.opt.len")->flags & LSC_NODE_MALFORMED);
  g_assert_cmpint (lsc_tree_find (t, "ip.empty_rt"), ==, -1);

  f[35] = 68;  /* a time stamp option with length 3 cannot hold its pointer and flags */
  f[36] = 3;
  dissect (t, f, sizeof ipopts);
  g_assert_true (lsc_tree_node (t, nth_field (t, "ip.opt", 1))->flags & LSC_NODE_MALFORMED);

  f[35] = 148;  /* router alert must be 4 bytes */
  f[36] = 3;
  dissect (t, f, sizeof ipopts);
  g_assert_true (lsc_tree_node (t, nth_field (t, "ip.opt", 1))->flags & LSC_NODE_MALFORMED);

  f[35] = 0x99;  /* unknown option whose length byte is the last header byte */
  memset (f + 34, 1, 15);
  f[49] = 0x99;
  dissect (t, f, sizeof ipopts);
  g_assert_true (lsc_tree_node (t, nth_field (t, "ip.opt", 15))->flags & LSC_NODE_MALFORMED);
}

static void
test_ipv4_fragments (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  dissect (t, frag1, sizeof frag1);
  LscPinfo *pi = lsc_tree_pinfo (t);
  g_assert_true (pi->has & LSC_HAS_FRAG);
  check (t, "ip.flags.mf", 1, 20, 1);
  /* The first fragment carries the transport header. */
  g_assert_cmpint (lsc_tree_find (t, "udp"), >=, 0);
  g_assert_cmpuint (pi->ip_proto, ==, 17);

  dissect (t, frag2, sizeof frag2);
  pi = lsc_tree_pinfo (t);
  g_assert_true (pi->has & LSC_HAS_FRAG);
  check (t, "ip.frag_offset", 3, 20, 2);
  check (t, "ip.flags.mf", 0, 20, 1);
  /* A later fragment starts in the middle of the datagram: no UDP header here. */
  g_assert_cmpint (lsc_tree_find (t, "udp"), ==, -1);
  g_assert_false (pi->has & LSC_HAS_UDP);
  g_assert_cmpuint (pi->ip_proto, ==, 0);
  check (t, "data", 0, 34, 16);
  check (t, "eth.padding", 0, 50, 10);
  g_assert_true (g_str_has_prefix (pi->info->str, "Fragmented IP protocol (proto=UDP 17, off=24, ID=0077)"));
}

static void
test_ipv4_address_analysis (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  dissect_with (t, ping, sizeof ping, LSC_LINK_ETHERNET, 24);
  assert_value (t, "ip.src.class", "C");
  assert_value (t, "ip.src.default_mask", "255.255.255.0");
  assert_value (t, "ip.src.range", "Benchmarking");
  assert_value (t, "ip.src.network", "198.18.0.0");
  assert_value (t, "ip.src.broadcast", "198.18.0.255");
  assert_value (t, "ip.src.first_host", "198.18.0.1");
  assert_value (t, "ip.src.last_host", "198.18.0.254");
  assert_value (t, "ip.src.hosts", "254");
  assert_value (t, "ip.dst.network", "198.18.0.0");
  assert_value (t, "ip.same_subnet", "1");
  g_assert_true (need (t, "ip.src.network")->flags & LSC_NODE_GENERATED);
  g_assert_cmpuint (need (t, "ip.src.network")->length, ==, 0);
  /* The analysis hangs under the address it describes. */
  g_assert_cmpint (need (t, "ip.src.class")->parent, ==, lsc_tree_find (t, "ip.src"));

  /* 198.18.0.1 and .2 are in different /31 point-to-point links: .0/31 and .2/31. */
  dissect_with (t, ping, sizeof ping, LSC_LINK_ETHERNET, 31);
  assert_value (t, "ip.same_subnet", "0");
  assert_value (t, "ip.src.hosts", "2");
  assert_value (t, "ip.dst.network", "198.18.0.2");
  g_assert_cmpint (lsc_tree_find (t, "ip.src.broadcast"), ==, -1);

  dissect_with (t, ping, sizeof ping, LSC_LINK_ETHERNET, 32);
  assert_value (t, "ip.src.hosts", "1");
  assert_value (t, "ip.same_subnet", "0");

  dissect_with (t, ping, sizeof ping, LSC_LINK_ETHERNET, 14);
  assert_value (t, "ip.same_subnet", "1");
  assert_value (t, "ip.src.network", "198.16.0.0");
  assert_value (t, "ip.src.broadcast", "198.19.255.255");
  assert_value (t, "ip.src.hosts", "262142");

  /* An impossible prefix is ignored, never used for arithmetic. */
  dissect_with (t, ping, sizeof ping, LSC_LINK_ETHERNET, 40);
  g_assert_cmpint (lsc_tree_find (t, "ip.src.network"), ==, -1);
  g_assert_cmpint (lsc_tree_find (t, "ip.same_subnet"), ==, -1);
}

/* A prefix set for one address wins over the capture's for that address;
 * the sender's decides "same subnet"; the newest 16 are kept. */
static void
test_ipv4_address_prefix (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  LscDissectOptions o;
  lsc_dissect_options_init (&o);
  o.resolve_oui = FALSE;
  lsc_dissect_options_set_addr_prefix (&o, 0xc6120001, 26);   /* 198.18.0.1/26, the source */
  LscPacket p = { .num = 1, .caplen = sizeof ping, .wirelen = sizeof ping, .linktype = LSC_LINK_ETHERNET, .data = ping };
  lsc_dissect (t, &p, &o);
  assert_value (t, "ip.src.network", "198.18.0.0");
  assert_value (t, "ip.src.broadcast", "198.18.0.63");
  assert_value (t, "ip.src.hosts", "62");
  g_assert_cmpint (lsc_tree_find (t, "ip.dst.network"), ==, -1);
  assert_value (t, "ip.same_subnet", "1");

  /* The capture's /31 for the destination; the source keeps its /26. */
  o.ipv4_prefix = 31;
  lsc_dissect (t, &p, &o);
  assert_value (t, "ip.src.broadcast", "198.18.0.63");
  assert_value (t, "ip.dst.network", "198.18.0.2");
  assert_value (t, "ip.same_subnet", "1");  /* by the sender's /26 */

  /* Setting again replaces; anything outside 1..32 forgets. */
  lsc_dissect_options_set_addr_prefix (&o, 0xc6120001, 31);
  g_assert_cmpuint (o.n_addr_prefix, ==, 1);
  g_assert_cmpuint (lsc_dissect_options_prefix_for (&o, 0xc6120001), ==, 31);
  o.ipv4_prefix = 24;
  lsc_dissect (t, &p, &o);
  assert_value (t, "ip.same_subnet", "0");  /* .2 is outside the sender's 198.18.0.0/31 */
  assert_value (t, "ip.dst.broadcast", "198.18.0.255");
  lsc_dissect_options_set_addr_prefix (&o, 0xc6120001, 0);
  g_assert_cmpuint (o.n_addr_prefix, ==, 0);
  g_assert_cmpuint (lsc_dissect_options_prefix_for (&o, 0xc6120001), ==, 24);

  /* Only the newest LSC_ADDR_PREFIX_MAX are kept. */
  for (guint32 a = 0; a < LSC_ADDR_PREFIX_MAX + 4; a++)
    lsc_dissect_options_set_addr_prefix (&o, 0x0a000000 + a, 8 + a % 20);
  g_assert_cmpuint (o.n_addr_prefix, ==, LSC_ADDR_PREFIX_MAX);
  g_assert_cmpuint (lsc_dissect_options_prefix_for (&o, 0x0a000000), ==, 24);  /* the oldest went */
  g_assert_cmpuint (lsc_dissect_options_prefix_for (&o, 0x0a000000 + LSC_ADDR_PREFIX_MAX + 3), ==,
                    8 + (LSC_ADDR_PREFIX_MAX + 3) % 20);
}

/* Classes D and E cite the RFCs that define them, not RFC 791. */
static void
test_ipv4_class_citations (void)
{
  guint8 f[sizeof ping];
  memcpy (f, ping, sizeof ping);
  f[30] = 224, f[31] = 0, f[32] = 0, f[33] = 251;
  g_autoptr (LscTree) t = lsc_tree_new ();
  dissect_with (t, f, sizeof f, LSC_LINK_ETHERNET, 0);
  assert_value (t, "ip.dst.class", "D");
  g_assert_true (has_note (t, "Class D is for multicast groups (RFC 1112, RFC 5771)"));
  f[30] = 240, f[33] = 1;
  dissect_with (t, f, sizeof f, LSC_LINK_ETHERNET, 0);
  assert_value (t, "ip.dst.class", "E");
  g_assert_true (has_note (t, "Class E is reserved (RFC 1112, RFC 6890)"));
  const char *blurb = need (t, "ip.dst.class")->field->blurb;
  g_assert_nonnull (strstr (blurb, "C (110) from RFC 791"));
  g_assert_nonnull (strstr (blurb, "D multicast (1110) from RFC 1112 and RFC 5771"));
  g_assert_nonnull (strstr (blurb, "E reserved (1111) from RFC 1112 and RFC 6890"));
}

/* ---- lsc-subnet ---- */

static guint32
ip4 (guint a, guint b, guint c, guint d)
{
  return (a << 24) | (b << 16) | (c << 8) | d;
}

static void
test_subnet_classify (void)
{
  static const struct {
    guint32 addr;
    char klass;
    guint prefix;
    LscSubnetRange range;
  } cases[] = {
    { 0x0a010203, 'A', 8, LSC_SUBNET_RANGE_PRIVATE },          /* 10.1.2.3 */
    { 0xac1fffff, 'B', 16, LSC_SUBNET_RANGE_PRIVATE },         /* 172.31.255.255 */
    { 0xac200000, 'B', 16, LSC_SUBNET_RANGE_PUBLIC },          /* 172.32.0.0: just outside 172.16/12 */
    { 0xac0fffff, 'B', 16, LSC_SUBNET_RANGE_PUBLIC },          /* 172.15.255.255: just below */
    { 0xc0a80101, 'C', 24, LSC_SUBNET_RANGE_PRIVATE },         /* 192.168.1.1 */
    { 0x64400001, 'A', 8, LSC_SUBNET_RANGE_CGNAT },            /* 100.64.0.1 */
    { 0x647fffff, 'A', 8, LSC_SUBNET_RANGE_CGNAT },            /* 100.127.255.255 */
    { 0x64800000, 'A', 8, LSC_SUBNET_RANGE_PUBLIC },           /* 100.128.0.0 */
    { 0x7f000001, 'A', 8, LSC_SUBNET_RANGE_LOOPBACK },         /* 127.0.0.1 */
    { 0xa9fe0101, 'B', 16, LSC_SUBNET_RANGE_LINK_LOCAL },      /* 169.254.1.1 */
    { 0xc0000205, 'C', 24, LSC_SUBNET_RANGE_DOCUMENTATION },   /* 192.0.2.5 */
    { 0xc6336401, 'C', 24, LSC_SUBNET_RANGE_DOCUMENTATION },   /* 198.51.100.1 */
    { 0xcb007101, 'C', 24, LSC_SUBNET_RANGE_DOCUMENTATION },   /* 203.0.113.1 */
    { 0xc613ffff, 'C', 24, LSC_SUBNET_RANGE_BENCHMARKING },    /* 198.19.255.255 */
    { 0xc6140000, 'C', 24, LSC_SUBNET_RANGE_PUBLIC },          /* 198.20.0.0 */
    { 0xc611ffff, 'C', 24, LSC_SUBNET_RANGE_PUBLIC },          /* 198.17.255.255 */
    { 0x00000000, 'A', 8, LSC_SUBNET_RANGE_THIS_NETWORK },     /* 0.0.0.0 */
    { 0x08080808, 'A', 8, LSC_SUBNET_RANGE_PUBLIC },           /* 8.8.8.8 */
    { 0xe0000001, 'D', 0, LSC_SUBNET_RANGE_MULTICAST },        /* 224.0.0.1 */
    { 0xefffffff, 'D', 0, LSC_SUBNET_RANGE_MULTICAST },        /* 239.255.255.255 */
    { 0xf0000001, 'E', 0, LSC_SUBNET_RANGE_RESERVED },         /* 240.0.0.1 */
    { 0xfffffffe, 'E', 0, LSC_SUBNET_RANGE_RESERVED },         /* 255.255.255.254 */
    { 0xffffffff, 'E', 0, LSC_SUBNET_RANGE_LIMITED_BROADCAST },
    { 0x7fffffff, 'A', 8, LSC_SUBNET_RANGE_LOOPBACK },         /* last class A */
    { 0x80000000, 'B', 16, LSC_SUBNET_RANGE_PUBLIC },          /* first class B */
    { 0xbfffffff, 'B', 16, LSC_SUBNET_RANGE_PUBLIC },
    { 0xc0000000, 'C', 24, LSC_SUBNET_RANGE_IETF },            /* 192.0.0.0 */
    { 0xdfffffff, 'C', 24, LSC_SUBNET_RANGE_PUBLIC },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      LscSubnetClass c;
      lsc_subnet_classify (cases[i].addr, &c);
      if (c.klass != cases[i].klass || c.default_prefix != cases[i].prefix || c.range != cases[i].range)
        g_error ("case %u (0x%08x): class %c /%u range %d", i, cases[i].addr, c.klass, c.default_prefix, c.range);
      g_assert_nonnull (c.range_name);
      g_assert_nonnull (c.range_explain);
      g_assert_true ((c.range == LSC_SUBNET_RANGE_PUBLIC) == (c.range_rfc == NULL));
    }
  LscSubnetClass c;
  lsc_subnet_classify (ip4 (172, 20, 1, 1), &c);
  g_assert_cmpuint (c.range_network, ==, ip4 (172, 16, 0, 0));
  g_assert_cmpuint (c.range_prefix, ==, 12);
  g_assert_cmpstr (c.range_rfc, ==, "RFC 1918");
}

static void
test_subnet_compute (void)
{
  LscSubnet s;
  g_assert_true (lsc_subnet_compute (ip4 (192, 168, 10, 77), 26, &s));
  g_assert_cmpuint (s.mask, ==, ip4 (255, 255, 255, 192));
  g_assert_cmpuint (s.wildcard, ==, ip4 (0, 0, 0, 63));
  g_assert_cmpuint (s.network, ==, ip4 (192, 168, 10, 64));
  g_assert_cmpuint (s.broadcast, ==, ip4 (192, 168, 10, 127));
  g_assert_cmpuint (s.first_host, ==, ip4 (192, 168, 10, 65));
  g_assert_cmpuint (s.last_host, ==, ip4 (192, 168, 10, 126));
  g_assert_cmpuint (s.hosts, ==, 62);
  g_assert_cmpuint (s.size, ==, 64);
  g_assert_true (s.has_broadcast);
  g_assert_false (s.is_network || s.is_broadcast);

  g_assert_true (lsc_subnet_compute (ip4 (10, 0, 0, 0), 8, &s));
  g_assert_true (s.is_network);
  g_assert_true (lsc_subnet_compute (ip4 (10, 255, 255, 255), 8, &s));
  g_assert_true (s.is_broadcast);
  g_assert_cmpuint (s.hosts, ==, 16777214);

  /* /0: the whole address space; no shift by 32 anywhere. */
  g_assert_true (lsc_subnet_compute (ip4 (198, 18, 0, 1), 0, &s));
  g_assert_cmpuint (s.mask, ==, 0);
  g_assert_cmpuint (s.network, ==, 0);
  g_assert_cmpuint (s.broadcast, ==, 0xffffffffu);
  g_assert_cmpuint (s.first_host, ==, 1);
  g_assert_cmpuint (s.last_host, ==, 0xfffffffeu);
  g_assert_cmpuint (s.size, ==, G_GUINT64_CONSTANT (4294967296));
  g_assert_cmpuint (s.hosts, ==, G_GUINT64_CONSTANT (4294967294));

  /* /31: RFC 3021 point-to-point, both addresses are hosts, no broadcast. */
  g_assert_true (lsc_subnet_compute (ip4 (198, 18, 0, 7), 31, &s));
  g_assert_cmpuint (s.network, ==, ip4 (198, 18, 0, 6));
  g_assert_cmpuint (s.first_host, ==, ip4 (198, 18, 0, 6));
  g_assert_cmpuint (s.last_host, ==, ip4 (198, 18, 0, 7));
  g_assert_cmpuint (s.hosts, ==, 2);
  g_assert_false (s.has_broadcast);
  g_assert_false (s.is_broadcast);

  /* /32: one host route. */
  g_assert_true (lsc_subnet_compute (ip4 (198, 18, 0, 7), 32, &s));
  g_assert_cmpuint (s.mask, ==, 0xffffffffu);
  g_assert_cmpuint (s.network, ==, ip4 (198, 18, 0, 7));
  g_assert_cmpuint (s.first_host, ==, s.last_host);
  g_assert_cmpuint (s.hosts, ==, 1);
  g_assert_cmpuint (s.size, ==, 1);
  g_assert_false (s.has_broadcast);

  g_assert_false (lsc_subnet_compute (ip4 (198, 18, 0, 7), 33, &s));
  g_assert_cmpuint (s.hosts, ==, 0);

  g_assert_cmpuint (lsc_subnet_mask (0), ==, 0);
  g_assert_cmpuint (lsc_subnet_mask (1), ==, 0x80000000u);
  g_assert_cmpuint (lsc_subnet_mask (32), ==, 0xffffffffu);
  g_assert_cmpint (lsc_subnet_mask_to_prefix (ip4 (255, 255, 240, 0)), ==, 20);
  g_assert_cmpint (lsc_subnet_mask_to_prefix (0), ==, 0);
  g_assert_cmpint (lsc_subnet_mask_to_prefix (0xffffffffu), ==, 32);
  g_assert_cmpint (lsc_subnet_mask_to_prefix (ip4 (255, 0, 255, 0)), ==, -1);

  g_assert_true (lsc_subnet_same (ip4 (198, 18, 0, 1), ip4 (198, 18, 0, 254), 24));
  g_assert_false (lsc_subnet_same (ip4 (198, 18, 0, 1), ip4 (198, 18, 1, 1), 24));
  g_assert_true (lsc_subnet_same (ip4 (1, 2, 3, 4), ip4 (200, 1, 1, 1), 0));
  g_assert_false (lsc_subnet_same (ip4 (1, 2, 3, 4), ip4 (1, 2, 3, 5), 32));
}

static void
test_subnet_parse (void)
{
  guint32 a = 0;
  guint p = 99;
  g_assert_true (lsc_subnet_parse ("198.18.0.1", &a, &p));
  g_assert_cmpuint (a, ==, ip4 (198, 18, 0, 1));
  g_assert_cmpuint (p, ==, 99);
  g_assert_true (lsc_subnet_parse ("10.0.0.9/8", &a, &p));
  g_assert_cmpuint (a, ==, ip4 (10, 0, 0, 9));
  g_assert_cmpuint (p, ==, 8);
  g_assert_true (lsc_subnet_parse ("192.168.1.1/255.255.255.128", &a, &p));
  g_assert_cmpuint (p, ==, 25);
  g_assert_true (lsc_subnet_parse ("0.0.0.0/0", &a, &p));
  g_assert_cmpuint (p, ==, 0);
  const char *bad[] = { "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4/33", "1.2.3.4/", "1.2.3.4/2x",
                        "1.2.3.4/255.0.255.0", "1.2.3.4 ", "a.b.c.d", "1..2.3", "1234.1.1.1", "1.2.3.4/123" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    if (lsc_subnet_parse (bad[i], &a, &p))
      g_error ("\"%s\" parsed", bad[i]);
  g_assert_false (lsc_subnet_parse (NULL, &a, &p));
}

/* ---- ICMP ---- */

static void
test_icmp_echo (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  dissect (t, ping, sizeof ping);
  LscPinfo *pi = lsc_tree_pinfo (t);
  check (t, "icmp", 0, 34, 8);
  check (t, "icmp.type", 8, 34, 1);
  check (t, "icmp.code", 0, 35, 1);
  check (t, "icmp.checksum", 0x06fa, 36, 2);
  check (t, "icmp.checksum.status", 1, 0, 0);
  check (t, "icmp.ident", 0x1234, 38, 2);
  check (t, "icmp.ident_le", 0x3412, 38, 2);
  check (t, "icmp.seq", 1, 40, 2);
  check (t, "icmp.seq_le", 256, 40, 2);
  check (t, "icmp.data_len", 4, 0, 0);
  const LscNode *d = need (t, "icmp.data");
  g_assert_cmpuint (d->offset, ==, 42);
  g_assert_cmpuint (d->bytes_len, ==, 4);
  g_assert_cmpmem (d->bytes, 4, "ping", 4);
  g_assert_true (need (t, "icmp.checksum")->flags & LSC_NODE_CHECKSUM_GOOD);
  g_assert_true (pi->has & LSC_HAS_ICMP);
  g_assert_true (pi->icmp_is_echo);
  g_assert_cmpuint (pi->icmp_type, ==, 8);
  g_assert_cmpuint (pi->icmp_id, ==, 0x1234);
  g_assert_cmpuint (pi->icmp_seq, ==, 1);
  g_assert_cmpint (pi->icmp_node, ==, lsc_tree_find (t, "icmp"));
  g_assert_cmpstr (pi->protocol, ==, "ICMP");
  g_assert_cmpstr (pi->info->str, ==, "Echo (ping) request  id=0x1234, seq=1/256, ttl=64");
  g_assert_false (pi->has & LSC_HAS_ERROR);
}

static void
test_icmp_data_time (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  LscPacket p = { .num = 1, .ts_ns = G_GINT64_CONSTANT (1700000000500000000), .caplen = sizeof ping_ts,
                  .wirelen = sizeof ping_ts, .linktype = LSC_LINK_ETHERNET, .data = ping_ts };
  lsc_dissect (t, &p, NULL);
  const LscNode *dt = need (t, "icmp.data_time");
  g_assert_cmpint (dt->v.i, ==, G_GINT64_CONSTANT (1700000000123456000));
  g_assert_cmpuint (dt->offset, ==, 42);
  g_assert_cmpuint (dt->length, ==, 16);
  g_assert_cmpfloat_with_epsilon (need (t, "icmp.data_time_relative")->v.d, 0.376544, 1e-9);
  check (t, "icmp.checksum.status", 1, 0, 0);

  /* Captured two days later, the same bytes are not taken for a time stamp. */
  p.ts_ns += G_GINT64_CONSTANT (2) * 86400 * 1000000000;
  lsc_dissect (t, &p, NULL);
  g_assert_cmpint (lsc_tree_find (t, "icmp.data_time"), ==, -1);
  /* Four bytes of data cannot hold one. */
  dissect (t, ping, sizeof ping);
  g_assert_cmpint (lsc_tree_find (t, "icmp.data_time"), ==, -1);
}

static void
test_icmp_first_fragment (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  /* The echo request as the first fragment of a larger datagram: its checksum
   * covers bytes in later fragments, so it cannot be checked here. */
  g_autofree guint8 *f = copy_of (ping, sizeof ping);
  f[20] = 0x20;  /* MF */
  dissect (t, f, sizeof ping);
  g_assert_true (lsc_tree_pinfo (t)->has & LSC_HAS_FRAG);
  check (t, "icmp.checksum.status", 2, 0, 0);
  g_assert_false (need (t, "icmp.checksum")->flags & (LSC_NODE_CHECKSUM_BAD | LSC_NODE_CHECKSUM_GOOD));

  /* The same for ICMPv6 behind a fragment header. */
  guint8 g[sizeof ping6 + 8];
  memcpy (g, ping6, 54);
  g[19] += 8;  /* payload length */
  g[20] = 44;  /* next header: fragment */
  memcpy (g + 54, (guint8[]) { 58, 0, 0x00, 0x01, 0, 0, 0, 9 }, 8);
  memcpy (g + 62, ping6 + 54, sizeof ping6 - 54);
  dissect (t, g, sizeof g);
  check (t, "ipv6.fraghdr.more", 1, 56, 2);
  check (t, "icmpv6.type", 128, 62, 1);
  check (t, "icmpv6.checksum.status", 2, 0, 0);
}

static void
test_icmp_checksum_bad (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  g_autofree guint8 *f = copy_of (ping, sizeof ping);
  f[43] ^= 0x01;  /* damage the payload, not the checksum field */
  dissect (t, f, sizeof ping);
  g_assert_true (need (t, "icmp.checksum")->flags & LSC_NODE_CHECKSUM_BAD);
  check (t, "icmp.checksum.status", 0, 0, 0);
  /* "pi" (0x7069) became 0x7068: the data sums to one less, so the right checksum is one more. */
  check (t, "icmp.checksum_calculated", 0x06fb, 0, 0);
  g_assert_true (need (t, "ip.checksum")->flags & LSC_NODE_CHECKSUM_GOOD);
}

static void
test_icmp_unreachable_quote (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  dissect (t, unreach, sizeof unreach);
  LscPinfo *pi = lsc_tree_pinfo (t);
  gint32 ic = lsc_tree_find (t, "icmp");
  check (t, "icmp", 0, 34, 8);
  check (t, "icmp.type", 3, 34, 1);
  check (t, "icmp.code", 3, 35, 1);
  check (t, "icmp.checksum.status", 1, 0, 0);
  g_autofree char *code = display (need (t, "icmp.code"));
  g_assert_cmpstr (code, ==, "3 (Port unreachable)");

  /* The quoted datagram: an IPv4 node under the ICMP node, with its own fields. */
  gint32 qip = nth_field (t, "ip", 1);
  g_assert_cmpint (qip, >=, 0);
  g_assert_cmpint (lsc_tree_node (t, qip)->parent, ==, ic);
  g_assert_cmpuint (lsc_tree_node (t, qip)->offset, ==, 42);
  const LscNode *qsrc = lsc_tree_node (t, nth_field (t, "ip.src", 1));
  g_assert_cmpuint (qsrc->v.u, ==, 0xc6120001);
  g_assert_cmpuint (qsrc->offset, ==, 54);
  const LscNode *qlen = lsc_tree_node (t, nth_field (t, "ip.len", 1));
  g_assert_cmpuint (qlen->v.u, ==, 33);
  /* A quote is short on purpose: not malformed. */
  g_assert_false (qlen->flags & LSC_NODE_MALFORMED);
  g_assert_true (lsc_tree_node (t, nth_field (t, "ip.checksum", 1))->flags & LSC_NODE_CHECKSUM_GOOD);
  /* Its transport header sits under the ICMP node too, never at the top. */
  gint32 qudp = lsc_tree_find (t, "udp");
  g_assert_cmpint (qudp, >=, 0);
  g_assert_cmpint (lsc_tree_node (t, qudp)->parent, ==, ic);
  g_assert_cmpuint (lsc_tree_node (t, qudp)->offset, ==, 62);
  check (t, "udp.srcport", 40000, 62, 2);

  /* This packet's own facts survive the quote. */
  g_assert_cmpstr (pi->src, ==, "198.18.0.2");
  g_assert_cmpstr (pi->dst, ==, "198.18.0.1");
  g_assert_cmpmem (pi->l3_src, 4, ((guint8[]) { 198, 18, 0, 2 }), 4);
  g_assert_cmpuint (pi->ip_proto, ==, 1);
  g_assert_cmpuint (pi->ip_len, ==, 56);
  g_assert_cmpuint (pi->l3_len, ==, 56);
  g_assert_cmpuint (pi->srcport, ==, 0);
  g_assert_cmpint (pi->udp_node, ==, -1);
  g_assert_false (pi->has & LSC_HAS_UDP);
  g_assert_false (pi->has & LSC_HAS_ERROR);
  g_assert_false (pi->icmp_is_echo);
  g_assert_cmpuint (pi->icmp_type, ==, 3);
  g_assert_cmpint (pi->icmp_node, ==, ic);
  g_assert_cmpstr (pi->protocol, ==, "ICMP");
  g_assert_cmpstr (pi->info->str, ==, "Destination unreachable (Port unreachable)");
  /* The top-level headers still tile the frame (Ethernet, IPv4, ICMP);
   * frame.protocols also names the quoted ones, after the ICMP that
   * carries them, as tshark does. */
  g_assert_cmpint (lsc_tree_node (t, ic)->parent, ==, -1);
  const char *protos = need (t, "frame.protocols")->text;
  g_assert_cmpstr (protos, ==, "eth:ip:icmp:ip:udp");
  check (t, "frame.size.headers", 14 + 20 + 8, 0, 0);
}

static void
test_icmp_redirect_and_empty_error (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  dissect (t, redirect, sizeof redirect);
  check (t, "icmp.type", 5, 34, 1);
  check (t, "icmp.redir_gw", 0xc61200fd, 38, 4);
  /* The quoted packet's TTL of 64 says nothing about hops, the outer one is 64 too;
   * a TTL of 57 is counted from 64. */
  g_autofree guint8 *h = copy_of (ping, sizeof ping);
  h[22] = 57;
  dissect (t, h, sizeof ping);
  g_assert_nonnull (strstr (lsc_tree_node (t, need (t, "ip.ttl")->first_child)->text, "sent with 64: about 7 routers"));
  dissect (t, redirect, sizeof redirect);
  g_assert_cmpstr (lsc_tree_pinfo (t)->info->str, ==, "Redirect (Redirect for host)");
  g_assert_cmpint (nth_field (t, "ip", 1), >=, 0);

  /* An error with nothing quoted is malformed. */
  guint8 f[42];
  memcpy (f, unreach, 42);
  f[17] = 28;  /* ip.len = 20 + 8 */
  dissect (t, f, sizeof f);
  g_assert_true (need (t, "icmp")->flags & LSC_NODE_MALFORMED);
  g_assert_cmpint (nth_field (t, "ip", 1), ==, -1);
}

/* ---- ARP ---- */

static void
test_arp_request_reply (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  dissect (t, arp_req, sizeof arp_req);
  LscPinfo *pi = lsc_tree_pinfo (t);
  check (t, "arp", 0, 14, 28);
  check (t, "arp.hw.type", 1, 14, 2);
  check (t, "arp.proto.type", 0x0800, 16, 2);
  check (t, "arp.hw.size", 6, 18, 1);
  check (t, "arp.proto.size", 4, 19, 1);
  check (t, "arp.opcode", 1, 20, 2);
  check (t, "arp.src.hw_mac", 0x020000000001, 22, 6);
  check (t, "arp.src.proto_ipv4", 0xc6120001, 28, 4);
  check (t, "arp.dst.hw_mac", 0, 32, 6);
  check (t, "arp.dst.proto_ipv4", 0xc6120002, 38, 4);
  check (t, "eth.padding", 0, 42, 18);
  g_assert_cmpint (lsc_tree_find (t, "arp.isgratuitous"), ==, -1);
  g_assert_cmpint (lsc_tree_find (t, "arp.isprobe"), ==, -1);
  g_assert_cmpstr (pi->info->str, ==, "Who has 198.18.0.2? Tell 198.18.0.1");
  g_assert_cmpstr (pi->protocol, ==, "ARP");
  g_assert_cmpuint (pi->l3_len, ==, 28);
  g_assert_cmpuint (pi->arp_op, ==, 1);
  g_assert_cmpmem (pi->arp_spa, 4, ((guint8[]) { 198, 18, 0, 1 }), 4);
  g_assert_cmpmem (pi->arp_tpa, 4, ((guint8[]) { 198, 18, 0, 2 }), 4);
  g_assert_cmpmem (pi->arp_sha, 6, ((guint8[]) { 2, 0, 0, 0, 0, 1 }), 6);
  g_assert_cmpint (pi->arp_node, ==, lsc_tree_find (t, "arp"));
  g_assert_true (pi->has & LSC_HAS_ARP);
  g_assert_false (pi->has & LSC_HAS_ERROR);
  g_autofree char *op = display (need (t, "arp.opcode"));
  g_assert_cmpstr (op, ==, "request (1)");

  dissect (t, arp_reply, sizeof arp_reply);
  pi = lsc_tree_pinfo (t);
  check (t, "arp.opcode", 2, 20, 2);
  check (t, "arp.dst.hw_mac", 0x020000000001, 32, 6);
  g_assert_cmpstr (pi->info->str, ==, "198.18.0.2 is at 02:00:00:00:00:02");
  g_assert_cmpmem (pi->arp_tha, 6, ((guint8[]) { 2, 0, 0, 0, 0, 1 }), 6);

  /* RARP: opcode 3 on EtherType 0x8035. */
  g_autofree guint8 *r = copy_of (arp_req, sizeof arp_req);
  r[12] = 0x80;
  r[13] = 0x35;
  r[21] = 3;
  dissect (t, r, sizeof arp_req);
  g_assert_cmpstr (lsc_tree_pinfo (t)->protocol, ==, "RARP");
  g_assert_cmpstr (lsc_tree_pinfo (t)->info->str, ==, "Who is 00:00:00:00:00:00? Tell 02:00:00:00:00:01");
}

static void
test_arp_gratuitous_probe (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  dissect (t, arp_grat, sizeof arp_grat);
  check (t, "arp.isgratuitous", 1, 0, 0);
  check (t, "arp.isannouncement", 1, 0, 0);
  g_assert_cmpint (lsc_tree_find (t, "arp.isprobe"), ==, -1);
  g_assert_true (need (t, "arp.isgratuitous")->flags & LSC_NODE_GENERATED);
  g_assert_cmpstr (lsc_tree_pinfo (t)->info->str, ==, "ARP Announcement for 198.18.0.1");

  /* A gratuitous reply (target MAC filled in). */
  g_autofree guint8 *g = copy_of (arp_grat, sizeof arp_grat);
  g[21] = 2;
  g[37] = 0xff;
  dissect (t, g, sizeof arp_grat);
  check (t, "arp.isgratuitous", 1, 0, 0);
  g_assert_cmpint (lsc_tree_find (t, "arp.isannouncement"), ==, -1);
  g_assert_cmpstr (lsc_tree_pinfo (t)->info->str, ==, "Gratuitous ARP for 198.18.0.1 (Reply)");

  dissect (t, arp_probe, sizeof arp_probe);
  check (t, "arp.isprobe", 1, 0, 0);
  check (t, "arp.src.proto_ipv4", 0, 28, 4);
  g_assert_cmpint (lsc_tree_find (t, "arp.isgratuitous"), ==, -1);
  g_assert_cmpstr (lsc_tree_pinfo (t)->info->str, ==, "Who has 198.18.0.2? (ARP Probe)");
}

static void
test_arp_other_sizes (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  /* A made-up hardware type with 8-byte addresses: shown as bytes, length 8 + 2*(8+4). */
  guint8 f[60] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x06,
                   0x00, 0x20, 0x08, 0x00, 8, 4, 0x00, 0x01,
                   1, 2, 3, 4, 5, 6, 7, 8, 198, 18, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 198, 18, 0, 2 };
  dissect (t, f, sizeof f);
  check (t, "arp", 0, 14, 32);
  const LscNode *hw = need (t, "arp.src.hw");
  g_assert_cmpuint (hw->offset, ==, 22);
  g_assert_cmpuint (hw->bytes_len, ==, 8);
  g_assert_cmpint (lsc_tree_find (t, "arp.src.hw_mac"), ==, -1);
  check (t, "eth.padding", 0, 46, 14);
  /* Its IPv4 addresses are IPv4 addresses whatever the hardware. */
  check (t, "arp.src.proto_ipv4", 0xc6120001, 30, 4);
  check (t, "arp.dst.proto_ipv4", 0xc6120002, 42, 4);
  g_assert_cmpint (lsc_tree_find (t, "arp.src.proto"), ==, -1);
  g_assert_cmpstr (lsc_tree_pinfo (t)->info->str, ==, "Who has 198.18.0.2? Tell 198.18.0.1");
  f[21] = 2;
  dissect (t, f, sizeof f);
  g_assert_cmpstr (lsc_tree_pinfo (t)->info->str, ==, "198.18.0.1 is at 01:02:03:04:05:06:07:08");
  f[21] = 1;

  /* IEEE 802 hardware (type 6) has MAC addresses too. */
  guint8 ieee[42];
  memcpy (ieee, arp_req, sizeof ieee);
  ieee[15] = 6;
  dissect (t, ieee, sizeof ieee);
  check (t, "arp.src.hw_mac", 0x020000000001, 22, 6);
  check (t, "arp.dst.proto_ipv4", 0xc6120002, 38, 4);

  /* IPv4 over InfiniBand: 20-byte hardware addresses. */
  guint8 ib[14 + 8 + 2 * (20 + 4)] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x06,
                                        0x00, 0x20, 0x08, 0x00, 20, 4, 0x00, 0x02 };
  for (guint i = 0; i < 20; i++)
    ib[22 + i] = (guint8) (0xa0 + i);
  memcpy (ib + 42, (const guint8[]) { 198, 18, 0, 7 }, 4);
  memcpy (ib + 66, (const guint8[]) { 198, 18, 0, 9 }, 4);
  dissect (t, ib, sizeof ib);
  check (t, "arp.src.proto_ipv4", 0xc6120007, 42, 4);
  check (t, "arp.dst.proto_ipv4", 0xc6120009, 66, 4);
  g_assert_cmpuint (need (t, "arp.src.hw")->bytes_len, ==, 20);
  g_assert_cmpstr (lsc_tree_pinfo (t)->info->str, ==,
                   "198.18.0.7 is at a0:a1:a2:a3:a4:a5:a6:a7:a8:a9:aa:ab:ac:ad:ae:af:b0:b1:b2:b3");

  /* Address sizes of zero are malformed; large ones run off the frame: truncated. */
  f[18] = 0;
  dissect (t, f, sizeof f);
  g_assert_true (need (t, "arp")->flags & LSC_NODE_MALFORMED);
  f[18] = 200;
  dissect (t, f, sizeof f);
  g_assert_true (need (t, "arp")->flags & LSC_NODE_TRUNCATED);
  g_assert_true (lsc_tree_pinfo (t)->has & LSC_HAS_ERROR);
}

/* Extended Echo (RFC 8335), made with a few lines of Python: requests name
 * the interface by name, by IPv4 address and (ICMPv6) by index. */
static const guint8 xecho_name[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0x00,
  0x00, 0x28, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01, 0xae, 0xac, 0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12,
  0x00, 0x02, 0x2a, 0x00, 0xbc, 0xca, 0x12, 0x34, 0x07, 0x01, 0x20, 0x00, 0x0f, 0x52, 0x00, 0x08,
  0x03, 0x01, 0x65, 0x74, 0x68, 0x30,
};

static const guint8 xecho_addr[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0x00,
  0x00, 0x2c, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01, 0xae, 0xa8, 0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12,
  0x00, 0x02, 0x2a, 0x00, 0xbb, 0xcb, 0x12, 0x34, 0x08, 0x00, 0x20, 0x00, 0x12, 0xd4, 0x00, 0x0c,
  0x03, 0x03, 0x00, 0x01, 0x04, 0x00, 0xc6, 0x12, 0x00, 0x09,
};

static const guint8 xecho_reply[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0x00,
  0x00, 0x1c, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01, 0xae, 0xb8, 0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12,
  0x00, 0x02, 0x2b, 0x00, 0xbb, 0x85, 0x12, 0x34, 0x07, 0x46,
};

static const guint8 xecho6_index[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x86, 0xdd, 0x60, 0x00,
  0x00, 0x00, 0x00, 0x14, 0x3a, 0x40, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xa0, 0x00, 0xa5, 0xbc, 0xbe, 0xef, 0x01, 0x00, 0x20, 0x00,
  0xdc, 0xf2, 0x00, 0x08, 0x03, 0x02, 0x00, 0x00, 0x00, 0x03,
};

static const guint8 xecho6_reply[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x86, 0xdd, 0x60, 0x00,
  0x00, 0x00, 0x00, 0x08, 0x3a, 0x40, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xa1, 0x02, 0xa4, 0xc6, 0xbe, 0xef, 0x01, 0x00,
};


static void
test_icmp_extended_echo (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  dissect (t, xecho_name, sizeof xecho_name);
  check (t, "icmp", 0, 34, 20);
  check (t, "icmp.type", 42, 34, 1);
  check (t, "icmp.checksum.status", 1, 0, 0);
  check (t, "icmp.ident", 0x1234, 38, 2);
  check (t, "icmp.ext.echo.seq", 7, 40, 1);
  check (t, "icmp.ext.echo.req.local", 1, 41, 1);
  check (t, "icmp.ext", 0, 42, 12);
  check (t, "icmp.ext.version", 2, 42, 1);
  check (t, "icmp.ext.length", 8, 46, 2);
  check (t, "icmp.ext.class", 3, 48, 1);
  check (t, "icmp.ext.ctype", 1, 49, 1);
  g_assert_cmpstr (sval (t, "icmp.int_ident.name"), ==, "eth0");
  g_assert_cmpint (lsc_tree_find (t, "data"), ==, -1);
  g_assert_false (any_flag (t, LSC_NODE_MALFORMED | LSC_NODE_TRUNCATED));
  g_assert_cmpstr (lsc_tree_pinfo (t)->info->str, ==, "Extended Echo request id=0x1234, seq=7, interface eth0");

  dissect (t, xecho_addr, sizeof xecho_addr);
  check (t, "icmp.int_ident.afi", 1, 50, 2);
  check (t, "icmp.int_ident.addr_length", 4, 52, 1);
  check (t, "icmp.int_ident.ipv4", 0xc6120009, 54, 4);
  check (t, "icmp.ext.echo.req.local", 0, 41, 1);
  g_assert_cmpstr (lsc_tree_pinfo (t)->info->str, ==, "Extended Echo request id=0x1234, seq=8, interface with 198.18.0.9");

  dissect (t, xecho_reply, sizeof xecho_reply);
  check (t, "icmp.type", 43, 34, 1);
  check (t, "icmp.ext.echo.rsp.state", 2, 41, 1);
  check (t, "icmp.ext.echo.rsp.active", 1, 41, 1);
  check (t, "icmp.ext.echo.rsp.ipv4", 1, 41, 1);
  check (t, "icmp.ext.echo.rsp.ipv6", 0, 41, 1);
  g_assert_cmpstr (lsc_tree_pinfo (t)->info->str, ==, "Extended Echo reply id=0x1234, seq=7, active, IPv4, state Reachable");

  dissect (t, xecho6_index, sizeof xecho6_index);
  check (t, "icmpv6.type", 160, 54, 1);
  check (t, "icmpv6.checksum.status", 1, 0, 0);
  check (t, "icmpv6.echo.identifier", 0xbeef, 58, 2);
  check (t, "icmpv6.ext.echo.seq", 1, 60, 1);
  check (t, "icmp.int_ident.index", 3, 70, 4);
  g_assert_cmpint (lsc_tree_find (t, "data"), ==, -1);
  g_assert_cmpstr (lsc_tree_pinfo (t)->info->str, ==, "Extended Echo request id=0xbeef, seq=1, interface index 3");

  dissect (t, xecho6_reply, sizeof xecho6_reply);
  check (t, "icmpv6.code", 2, 55, 1);
  g_assert_cmpstr (lsc_tree_pinfo (t)->info->str, ==, "Extended Echo reply id=0xbeef, seq=1 (No such interface)");

  /* An object longer than what is left, and no extension at all. */
  g_autofree guint8 *bad = g_memdup2 (xecho_name, sizeof xecho_name);
  bad[47] = 40;
  dissect (t, bad, sizeof xecho_name);
  g_assert_true (any_flag (t, LSC_NODE_MALFORMED));
  assert_every_prefix (t, xecho_name, sizeof xecho_name, LSC_LINK_ETHERNET, 0, 0, sizeof xecho_name);
  assert_every_prefix (t, xecho6_index, sizeof xecho6_index, LSC_LINK_ETHERNET, 0, 0, sizeof xecho6_index);
}

/* ---- IPv6 / ICMPv6 ---- */

/* An IPv6 jumbogram (RFC 2675, as Linux's BIG TCP sends) of 70028 bytes of
 * payload: hop-by-hop header with the Jumbo Payload option, then TCP (or
 * UDP with length 0); captured cut to its first 90 bytes. */
static const guint8 jumbo_tcp[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x86, 0xdd,
  0x60, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40,
  0xfd, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
  0xfd, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02,
  0x06, 0x00, 0xc2, 0x04, 0x00, 0x01, 0x11, 0x8c,                  /* next TCP; jumbo 70028 */
  0x9c, 0x40, 0x00, 0x50, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00, 0x01, 0x50, 0x18, 0xfa, 0xf0,
  0x00, 0x00, 0x00, 0x00,
  'G', 'E', 'T', ' ', '/', ' ', 'H', 'T',
};

static void
test_ipv6_jumbogram (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  LscDissectOptions o;
  lsc_dissect_options_init (&o);
  o.resolve_oui = FALSE;
  LscPacket p = { .num = 1, .caplen = sizeof jumbo_tcp, .wirelen = 14 + 40 + 70028, .linktype = LSC_LINK_ETHERNET,
                  .data = jumbo_tcp };
  lsc_dissect (t, &p, &o);
  check (t, "ipv6.plen", 0, 18, 2);
  check (t, "ipv6.opt.jumbo", 70028, 58, 4);
  g_assert_false (need (t, "ipv6")->flags & LSC_NODE_MALFORMED);
  g_assert_false (any_flag (t, LSC_NODE_MALFORMED));
  check (t, "tcp.srcport", 40000, 62, 2);
  check (t, "tcp.dstport", 80, 64, 2);
  g_assert_cmpuint (lsc_tree_pinfo (t)->ip_len, ==, 40 + 70028);
  g_assert_cmpuint (lsc_tree_pinfo (t)->l4_len, ==, 70028 - 8);

  /* UDP says 0 and takes its length from IPv6 (RFC 2675 section 4). */
  g_autofree guint8 *u = g_memdup2 (jumbo_tcp, sizeof jumbo_tcp);
  u[54] = 17;
  memcpy (u + 62, (const guint8[]) { 0x9c, 0x40, 0x13, 0x89, 0x00, 0x00, 0x12, 0x34 }, 8);
  p.data = u;
  lsc_dissect (t, &p, &o);
  check (t, "udp.length", 0, 66, 2);
  g_assert_false (any_flag (t, LSC_NODE_MALFORMED));
  g_assert_cmpuint (lsc_tree_pinfo (t)->udp_len, ==, 70028 - 8 - 8);

  /* Without the option a payload length of 0 means no payload, as before;
   * a jumbo length under 65536 is malformed. */
  g_autofree guint8 *small = g_memdup2 (jumbo_tcp, sizeof jumbo_tcp);
  small[59] = 0x00, small[60] = 0xff, small[61] = 0xff;
  p.data = small;
  p.wirelen = sizeof jumbo_tcp;
  lsc_dissect (t, &p, &o);
  g_assert_true (need (t, "ipv6.plen")->flags & LSC_NODE_MALFORMED);
}

static void
test_ipv6_short_header (void)
{
  /* Cut inside the header: every field that is there is shown. */
  g_autoptr (LscTree) t = lsc_tree_new ();
  dissect (t, ping6, 14 + 30);
  g_assert_true (need (t, "ipv6")->flags & LSC_NODE_TRUNCATED);
  check (t, "ipv6.flow", 0x12345, 14, 4);
  check (t, "ipv6.plen", 16, 18, 2);
  check (t, "ipv6.nxt", 58, 20, 1);
  check (t, "ipv6.hlim", 64, 21, 1);
  assert_value (t, "ipv6.src", "fd00::1");
  g_assert_cmpint (lsc_tree_find (t, "ipv6.dst"), ==, -1);
  dissect (t, ping6, 14 + 7);
  check (t, "ipv6.nxt", 58, 20, 1);
  g_assert_cmpint (lsc_tree_find (t, "ipv6.hlim"), ==, -1);
  g_assert_cmpint (lsc_tree_find (t, "ipv6.src"), ==, -1);
}

static void
test_ipv6_fields (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  dissect (t, ping6, sizeof ping6);
  LscPinfo *pi = lsc_tree_pinfo (t);
  check (t, "ipv6", 0, 14, 40);
  check (t, "ipv6.version", 6, 14, 1);
  check (t, "ip.version", 6, 14, 1);
  g_assert_true (need (t, "ip.version")->flags & LSC_NODE_HIDDEN);
  check (t, "ipv6.tclass", 0, 14, 4);
  check (t, "ipv6.flow", 0x12345, 14, 4);
  check (t, "ipv6.plen", 16, 18, 2);
  check (t, "ipv6.nxt", 58, 20, 1);
  check (t, "ipv6.hlim", 64, 21, 1);
  assert_value (t, "ipv6.src", "fd00::1");
  assert_value (t, "ipv6.dst", "fd00::2");
  g_assert_cmpuint (need (t, "ipv6.src")->offset, ==, 22);
  g_assert_cmpuint (need (t, "ipv6.dst")->offset, ==, 38);
  g_assert_true (need (t, "ipv6.addr")->flags & LSC_NODE_HIDDEN);
  g_assert_true (g_str_has_prefix (need (t, "ipv6.src.kind")->text, "Unique local"));
  g_assert_cmpuint (pi->l3_family, ==, 6);
  g_assert_cmpuint (pi->ip_len, ==, 56);
  g_assert_cmpuint (pi->l4_len, ==, 16);
  g_assert_cmpuint (pi->ttl, ==, 64);
  g_assert_cmpuint (pi->ip_proto, ==, 58);
  g_assert_cmpuint (pi->l3_src[0], ==, 0xfd);
  g_assert_cmpuint (pi->l3_dst[15], ==, 2);
  g_assert_cmpstr (pi->src, ==, "fd00::1");

  check (t, "icmpv6", 0, 54, 16);
  check (t, "icmpv6.type", 128, 54, 1);
  check (t, "icmpv6.checksum", 0x3524, 56, 2);
  check (t, "icmpv6.checksum.status", 1, 0, 0);
  check (t, "icmpv6.echo.identifier", 0xbeef, 58, 2);
  check (t, "icmpv6.echo.sequence_number", 7, 60, 2);
  g_assert_cmpuint (need (t, "icmpv6.data")->bytes_len, ==, 8);
  g_assert_true (pi->icmp_is_echo);
  g_assert_true (pi->has & LSC_HAS_ICMP6);
  g_assert_cmpuint (pi->icmp_id, ==, 0xbeef);
  g_assert_cmpstr (pi->info->str, ==, "Echo (ping) request id=0xbeef, seq=7, hop limit=64");
  g_assert_false (pi->has & LSC_HAS_ERROR);

  g_assert_cmpint (lsc_tree_find (t, "ipv6.src_slaac_mac"), ==, -1);

  /* An EUI-64 interface identifier from a factory MAC gives the MAC away. */
  g_autofree guint8 *e = copy_of (ping6, sizeof ping6);
  memcpy (e + 30, (guint8[]) { 0x02, 0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, 0x55 }, 8);
  dissect (t, e, sizeof ping6);
  check (t, "ipv6.src_slaac_mac", 0x001122334455, 0, 0);
  g_assert_true (need (t, "ipv6.src_slaac_mac")->flags & LSC_NODE_GENERATED);
  e[30] = 0x00;  /* u bit clear: a locally made identifier, no MAC to recover */
  dissect (t, e, sizeof ping6);
  g_assert_cmpint (lsc_tree_find (t, "ipv6.src_slaac_mac"), ==, -1);

  /* The pseudo-header counts: a changed source address breaks the ICMPv6 checksum. */
  g_autofree guint8 *f = copy_of (ping6, sizeof ping6);
  f[37] = 9;
  dissect (t, f, sizeof ping6);
  g_assert_true (need (t, "icmpv6.checksum")->flags & LSC_NODE_CHECKSUM_BAD);
  check (t, "icmpv6.checksum_calculated", 0x351c, 0, 0);  /* the address word grew by 8 */
}

static void
test_ipv6_malformed (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  g_autofree guint8 *f = copy_of (ping6, sizeof ping6);
  f[19] = 200;  /* payload length past the frame */
  dissect (t, f, sizeof ping6);
  g_assert_true (need (t, "ipv6.plen")->flags & LSC_NODE_MALFORMED);
  g_assert_true (lsc_tree_pinfo (t)->has & LSC_HAS_ERROR);
  f[19] = 0x10;
  f[14] = 0x40;  /* version 4 in an IPv6 EtherType */
  dissect (t, f, sizeof ping6);
  g_assert_true (need (t, "ipv6.version")->flags & LSC_NODE_MALFORMED);

  /* Padding after a short IPv6 packet is not payload. */
  guint8 p[80] = { 0 };
  memcpy (p, ping6, sizeof ping6);
  dissect (t, p, sizeof p);
  check (t, "icmpv6", 0, 54, 16);
  check (t, "icmpv6.checksum.status", 1, 0, 0);
  check (t, "eth.padding", 0, 70, 10);
}

static void
test_ipv6_extension_headers (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  dissect (t, ext6, sizeof ext6);
  LscPinfo *pi = lsc_tree_pinfo (t);
  check (t, "ipv6.hopopts", 0, 54, 8);
  check (t, "ipv6.hopopts.nxt", 44, 54, 1);
  check (t, "ipv6.hopopts.len", 0, 55, 1);
  check (t, "ipv6.opt.router_alert", 0, 58, 2);
  check (t, "ipv6.fraghdr", 0, 62, 8);
  check (t, "ipv6.fraghdr.nxt", 17, 62, 1);
  check (t, "ipv6.fraghdr.offset", 0, 64, 2);
  check (t, "ipv6.fraghdr.more", 1, 64, 2);
  check (t, "ipv6.fraghdr.ident", 0xabcdef01, 66, 4);
  g_assert_true (pi->has & LSC_HAS_FRAG);
  g_assert_cmpuint (pi->ip_proto, ==, 17);
  g_assert_cmpuint (pi->l4_len, ==, 10);
  g_assert_cmpuint (need (t, "udp")->offset, ==, 70);

  /* A later fragment: the walk stops at the fragment header, no UDP. */
  g_autofree guint8 *f = copy_of (ext6, sizeof ext6);
  f[65] = 0x08;  /* offset 1 (8 bytes) */
  dissect (t, f, sizeof ext6);
  g_assert_cmpint (lsc_tree_find (t, "udp"), ==, -1);
  check (t, "data", 0, 70, 10);

  /* An extension header longer than the payload. */
  memcpy (f, ext6, sizeof ext6);
  f[55] = 5;  /* hop-by-hop of 48 bytes */
  dissect (t, f, sizeof ext6);
  g_assert_true (need (t, "ipv6.hopopts")->flags & LSC_NODE_MALFORMED);
  g_assert_cmpint (lsc_tree_find (t, "udp"), ==, -1);

  /* An option running past its header. */
  memcpy (f, ext6, sizeof ext6);
  f[61] = 9;  /* PadN claims 9 bytes */
  dissect (t, f, sizeof ext6);
  g_assert_true (need (t, "ipv6.opt.length")->flags & LSC_NODE_MALFORMED ||
                 lsc_tree_node (t, nth_field (t, "ipv6.opt.length", 1))->flags & LSC_NODE_MALFORMED);

  /* A chain of 20 destination-options headers: the walk is bounded. */
  guint8 chain[14 + 40 + 20 * 8];
  memcpy (chain, ext6, 54);
  chain[18] = 0;
  chain[19] = 20 * 8;
  chain[20] = 60;
  for (guint i = 0; i < 20; i++)
    {
      guint8 *h = chain + 54 + i * 8;
      h[0] = 60;
      h[1] = 0;
      h[2] = 1;
      h[3] = 4;
      memset (h + 4, 0, 4);
    }
  dissect (t, chain, sizeof chain);
  g_assert_cmpint (nth_field (t, "ipv6.dstopts", 15), >=, 0);
  g_assert_cmpint (nth_field (t, "ipv6.dstopts", 16), ==, -1);
  g_assert_cmpint (lsc_tree_find (t, "data"), >=, 0);
}

static void
test_icmpv6_neighbor_discovery (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  dissect (t, ns, sizeof ns);
  LscPinfo *pi = lsc_tree_pinfo (t);
  check (t, "icmpv6", 0, 54, 32);
  check (t, "icmpv6.type", 135, 54, 1);
  check (t, "icmpv6.checksum.status", 1, 0, 0);
  assert_value (t, "icmpv6.nd.ns.target_address", "fe80::2");
  g_assert_cmpuint (need (t, "icmpv6.nd.ns.target_address")->offset, ==, 62);
  check (t, "icmpv6.opt.type", 1, 78, 1);
  check (t, "icmpv6.opt.length", 1, 79, 1);
  check (t, "icmpv6.opt.src_linkaddr", 0x020000000001, 80, 6);
  g_assert_true (g_str_has_prefix (need (t, "ipv6.dst.kind")->text, "Multicast, link-local"));
  g_assert_cmpstr (pi->info->str, ==, "Neighbor Solicitation for fe80::2 from 02:00:00:00:00:01");
  g_assert_false (pi->icmp_is_echo);
  g_assert_false (pi->has & LSC_HAS_ERROR);

  dissect (t, na, sizeof na);
  pi = lsc_tree_pinfo (t);
  check (t, "icmpv6.nd.na.flag", 0x60000000, 58, 4);
  check (t, "icmpv6.nd.na.flag.r", 0, 58, 4);
  check (t, "icmpv6.nd.na.flag.s", 1, 58, 4);
  check (t, "icmpv6.nd.na.flag.o", 1, 58, 4);
  check (t, "icmpv6.opt.target_linkaddr", 0x020000000002, 80, 6);
  g_assert_cmpstr (pi->info->str, ==, "Neighbor Advertisement fe80::2 (sol, ovr) is at 02:00:00:00:00:02");

  dissect (t, ra, sizeof ra);
  pi = lsc_tree_pinfo (t);
  check (t, "icmpv6.nd.ra.cur_hop_limit", 64, 58, 1);
  check (t, "icmpv6.nd.ra.flag", 0x48, 59, 1);
  check (t, "icmpv6.nd.ra.flag.m", 0, 59, 1);
  check (t, "icmpv6.nd.ra.flag.o", 1, 59, 1);
  check (t, "icmpv6.nd.ra.flag.prf", 1, 59, 1);
  check (t, "icmpv6.nd.ra.router_lifetime", 1800, 60, 2);
  check (t, "icmpv6.opt.prefix.length", 64, 80, 1);
  check (t, "icmpv6.opt.prefix.flag.l", 1, 81, 1);
  check (t, "icmpv6.opt.prefix.flag.a", 1, 81, 1);
  check (t, "icmpv6.opt.prefix.valid_lifetime", 86400, 82, 4);
  check (t, "icmpv6.opt.prefix.preferred_lifetime", 14400, 86, 4);
  assert_value (t, "icmpv6.opt.prefix", "fd00::");
  check (t, "icmpv6.opt.mtu", 1500, 114, 4);
  g_assert_cmpstr (pi->info->str, ==, "Router Advertisement from 02:00:00:00:00:fe");
  g_assert_false (pi->has & LSC_HAS_ERROR);

  /* Option length 0 would loop forever: flagged and the walk stops. */
  g_autofree guint8 *f = copy_of (ns, sizeof ns);
  f[79] = 0;
  dissect (t, f, sizeof ns);
  g_assert_true (need (t, "icmpv6.opt.length")->flags & LSC_NODE_MALFORMED);
  g_assert_cmpint (lsc_tree_find (t, "icmpv6.opt.src_linkaddr"), ==, -1);
  /* An option longer than the message. */
  f[79] = 3;
  dissect (t, f, sizeof ns);
  g_assert_true (need (t, "icmpv6.opt.length")->flags & LSC_NODE_MALFORMED);
  /* Neighbour discovery from off-link (hop limit not 255) earns a warning. */
  memcpy (f, ns, sizeof ns);
  f[21] = 64;
  dissect (t, f, sizeof ns);
  gint32 w = lsc_tree_find (t, "_ws.expert.warn");
  g_assert_cmpint (w, >=, 0);
  g_assert_nonnull (strstr (lsc_tree_node (t, w)->text, "hop limit 255"));
  g_assert_cmpint (lsc_tree_node (t, w)->parent, ==, lsc_tree_find (t, "icmpv6"));
}

static void
test_icmpv6_mld (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  dissect (t, mld2, sizeof mld2);
  check (t, "ipv6.opt.router_alert", 0, 58, 2);
  check (t, "icmpv6", 0, 62, 64);
  check (t, "icmpv6.type", 143, 62, 1);
  check (t, "icmpv6.checksum.status", 1, 0, 0);
  check (t, "icmpv6.mldr.nb_mcast_records", 2, 68, 2);
  check_nth (t, "icmpv6.mldr.mar", 0, 0, 70, 20);
  check_nth (t, "icmpv6.mldr.mar.record_type", 0, 4, 70, 1);
  check_nth (t, "icmpv6.mldr.mar.nb_sources", 0, 0, 72, 2);
  check_nth (t, "icmpv6.mldr.mar", 1, 0, 90, 36);
  check_nth (t, "icmpv6.mldr.mar.record_type", 1, 1, 90, 1);
  check_nth (t, "icmpv6.mldr.mar.nb_sources", 1, 1, 92, 2);
  assert_value (t, "icmpv6.mldr.mar.multicast_address", "ff02::1:ff00:1");
  assert_value (t, "icmpv6.mldr.mar.source_address", "fd00::1");
  g_assert_cmpuint (need (t, "icmpv6.mldr.mar.source_address")->offset, ==, 110);
  g_assert_cmpstr (lsc_tree_pinfo (t)->info->str, ==, "Multicast Listener Report Message v2");
  g_assert_false (lsc_tree_pinfo (t)->has & LSC_HAS_ERROR);

  /* A count larger than the records present. */
  g_autofree guint8 *f = copy_of (mld2, sizeof mld2);
  f[69] = 3;
  dissect (t, f, sizeof mld2);
  g_assert_true (lsc_tree_node (t, nth_field (t, "icmpv6.mldr.mar", 2))->flags & LSC_NODE_MALFORMED);
  /* A source count that runs off the message. */
  f[69] = 2;
  f[93] = 200;
  dissect (t, f, sizeof mld2);
  g_assert_true (lsc_tree_node (t, nth_field (t, "icmpv6.mldr.mar", 1))->flags & LSC_NODE_MALFORMED);
  g_assert_cmpint (lsc_tree_find (t, "icmpv6.mldr.mar.source_address"), ==, -1);
}

static void
test_icmpv6_error_quote (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  dissect (t, unreach6, sizeof unreach6);
  LscPinfo *pi = lsc_tree_pinfo (t);
  gint32 ic = lsc_tree_find (t, "icmpv6");
  check (t, "icmpv6", 0, 54, 8);
  check (t, "icmpv6.type", 1, 54, 1);
  check (t, "icmpv6.code", 4, 55, 1);
  check (t, "icmpv6.checksum.status", 1, 0, 0);
  gint32 q = nth_field (t, "ipv6", 1);
  g_assert_cmpint (q, >=, 0);
  g_assert_cmpint (lsc_tree_node (t, q)->parent, ==, ic);
  g_assert_cmpuint (lsc_tree_node (t, q)->offset, ==, 62);
  g_assert_false (lsc_tree_node (t, nth_field (t, "ipv6.plen", 1))->flags & LSC_NODE_MALFORMED);
  gint32 qudp = lsc_tree_find (t, "udp");
  g_assert_cmpint (qudp, >=, 0);
  g_assert_cmpint (lsc_tree_node (t, qudp)->parent, ==, ic);
  g_assert_cmpstr (pi->src, ==, "fd00::2");
  g_assert_cmpuint (pi->l3_src[15], ==, 2);
  g_assert_cmpuint (pi->ip_proto, ==, 58);
  g_assert_cmpuint (pi->srcport, ==, 0);
  g_assert_false (pi->has & (LSC_HAS_UDP | LSC_HAS_ERROR));
  g_assert_cmpstr (pi->info->str, ==, "Destination Unreachable (Port unreachable)");
  g_assert_cmpstr (pi->protocol, ==, "ICMPv6");
}

/* ---- every prefix of every frame ---- */

static void
test_truncated_every_byte (void)
{
  static const struct {
    const guint8 *d;
    gsize n;
  } frames[] = {
    { ping, sizeof ping }, { unreach, sizeof unreach }, { redirect, sizeof redirect }, { ipopts, sizeof ipopts },
    { frag1, sizeof frag1 }, { frag2, sizeof frag2 }, { arp_req, sizeof arp_req }, { arp_reply, sizeof arp_reply },
    { arp_grat, sizeof arp_grat }, { arp_probe, sizeof arp_probe }, { ping6, sizeof ping6 }, { ns, sizeof ns },
    { na, sizeof na }, { ra, sizeof ra }, { ext6, sizeof ext6 }, { unreach6, sizeof unreach6 },
    { mld2, sizeof mld2 }, { ping_ts, sizeof ping_ts },
  };
  g_autoptr (LscTree) t = lsc_tree_new ();
  /* Cut inside the network header (bytes 15-33 of an Ethernet frame) is always an error. */
  for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
    assert_every_prefix (t, frames[i].d, frames[i].n, LSC_LINK_ETHERNET, 24, 15, 34);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/network/ipv4/fields", test_ipv4_fields);
  g_test_add_func ("/network/ipv4/address-prefix", test_ipv4_address_prefix);
  g_test_add_func ("/network/ipv4/padding-not-payload", test_ipv4_padding_not_payload);
  g_test_add_func ("/network/ipv4/checksum-bad", test_ipv4_checksum_bad);
  g_test_add_func ("/network/ipv4/bad-ihl", test_ipv4_bad_ihl);
  g_test_add_func ("/network/ipv4/wrong-version", test_ipv4_wrong_version);
  g_test_add_func ("/network/ipv4/bad-total-length", test_ipv4_bad_total_length);
  g_test_add_func ("/network/ipv4/options", test_ipv4_options);
  g_test_add_func ("/network/ipv4/options-ts-lsrr", test_ipv4_options_timestamp_source_route);
  g_test_add_func ("/network/ipv4/options-malformed", test_ipv4_options_malformed);
  g_test_add_func ("/network/ipv4/fragments", test_ipv4_fragments);
  g_test_add_func ("/network/ipv4/address-analysis", test_ipv4_address_analysis);
  g_test_add_func ("/network/ipv4/class-citations", test_ipv4_class_citations);
  g_test_add_func ("/network/subnet/classify", test_subnet_classify);
  g_test_add_func ("/network/subnet/compute", test_subnet_compute);
  g_test_add_func ("/network/subnet/parse", test_subnet_parse);
  g_test_add_func ("/network/icmp/echo", test_icmp_echo);
  g_test_add_func ("/network/icmp/data-time", test_icmp_data_time);
  g_test_add_func ("/network/icmp/first-fragment", test_icmp_first_fragment);
  g_test_add_func ("/network/icmp/checksum-bad", test_icmp_checksum_bad);
  g_test_add_func ("/network/icmp/unreachable-quote", test_icmp_unreachable_quote);
  g_test_add_func ("/network/icmp/redirect-empty-error", test_icmp_redirect_and_empty_error);
  g_test_add_func ("/network/arp/request-reply", test_arp_request_reply);
  g_test_add_func ("/network/arp/gratuitous-probe", test_arp_gratuitous_probe);
  g_test_add_func ("/network/arp/other-sizes", test_arp_other_sizes);
  g_test_add_func ("/network/icmp/extended-echo", test_icmp_extended_echo);
  g_test_add_func ("/network/ipv6/fields", test_ipv6_fields);
  g_test_add_func ("/network/ipv6/short-header", test_ipv6_short_header);
  g_test_add_func ("/network/ipv6/jumbogram", test_ipv6_jumbogram);
  g_test_add_func ("/network/ipv6/malformed", test_ipv6_malformed);
  g_test_add_func ("/network/ipv6/extension-headers", test_ipv6_extension_headers);
  g_test_add_func ("/network/icmpv6/neighbor-discovery", test_icmpv6_neighbor_discovery);
  g_test_add_func ("/network/icmpv6/mld", test_icmpv6_mld);
  g_test_add_func ("/network/icmpv6/error-quote", test_icmpv6_error_quote);
  g_test_add_func ("/network/truncated-every-byte", test_truncated_every_byte);
  return g_test_run ();
}

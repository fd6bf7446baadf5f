/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-test-tcp.h — literal TCP and UDP frames between 198.18.0.1:40000 (A) and 198.18.0.2:80 (B)
 *
 * A frame is written with a RELATIVE sequence number and a literal payload;
 * the builder adds the ISNs (B's wraps around 2^32 within a few bytes) and
 * the checksums, and can leave the end of the payload out of the capture.
 */
#pragma once

#include <glib.h>
#include <string.h>
#include "core/lsc-dissect.h"
#include "core/lsc-packet.h"

#define LSC_TEST_ISN_A 0x7ffffff0u
#define LSC_TEST_ISN_B 0xfffffffau   /* B's data wraps around 2^32: offsets must not care */

enum { FIN = LSC_TCP_FIN, SYN = LSC_TCP_SYN, RST = LSC_TCP_RST, PSH = LSC_TCP_PSH, ACK = LSC_TCP_ACK };

typedef struct {
  gboolean from_b;
  guint16 flags;
  guint32 seq;            /* relative */
  const char *payload;    /* NULL: none */
  guint cut;              /* capture only this many payload bytes (0: all) */
  gboolean udp;
} LscTestFrame;

G_GNUC_UNUSED static void
lsc_test_put16 (guint8 *p, guint v)
{
  p[0] = (v >> 8) & 0xff;
  p[1] = v & 0xff;
}

G_GNUC_UNUSED static void
lsc_test_put32 (guint8 *p, guint32 v)
{
  lsc_test_put16 (p, v >> 16);
  lsc_test_put16 (p + 2, v & 0xffff);
}

/* Ethernet + IPv4 + TCP/UDP + payload; *caplen is the captured part. */
G_GNUC_UNUSED static guint8 *
lsc_test_tcp_frame (const LscTestFrame *fr, guint *caplen, guint *wirelen)
{
  static const guint8 ip_a[4] = { 198, 18, 0, 1 }, ip_b[4] = { 198, 18, 0, 2 };
  gsize plen = fr->payload ? strlen (fr->payload) : 0;
  guint l4 = fr->udp ? 8 : 20;
  guint total = 14 + 20 + l4 + (guint) plen;
  guint8 *f = g_malloc0 (total);
  f[0] = 0x02; f[5] = fr->from_b ? 1 : 2;
  f[6] = 0x02; f[11] = fr->from_b ? 2 : 1;
  f[12] = 0x08;
  guint8 *ip = f + 14;
  ip[0] = 0x45;
  lsc_test_put16 (ip + 2, 20 + l4 + (guint) plen);
  ip[8] = 64;
  ip[9] = fr->udp ? 17 : 6;
  memcpy (ip + 12, fr->from_b ? ip_b : ip_a, 4);
  memcpy (ip + 16, fr->from_b ? ip_a : ip_b, 4);
  lsc_test_put16 (ip + 10, lsc_inet_fold (lsc_inet_sum (ip, 20, 0)));
  guint8 *l = ip + 20;
  lsc_test_put16 (l, fr->from_b ? 80 : 40000);
  lsc_test_put16 (l + 2, fr->from_b ? 40000 : 80);
  if (fr->udp)
    lsc_test_put16 (l + 4, 8 + (guint) plen);
  else
    {
      lsc_test_put32 (l + 4, fr->seq + (fr->from_b ? LSC_TEST_ISN_B : LSC_TEST_ISN_A));
      lsc_test_put32 (l + 8, (fr->flags & ACK) ? 1 + (fr->from_b ? LSC_TEST_ISN_A : LSC_TEST_ISN_B) : 0);
      l[12] = 5 << 4;
      l[13] = fr->flags & 0xff;
      lsc_test_put16 (l + 14, 8192);
    }
  if (plen)
    memcpy (l + l4, fr->payload, plen);
  *wirelen = total;
  *caplen = fr->cut ? total - (guint) plen + fr->cut : total;
  return f;
}


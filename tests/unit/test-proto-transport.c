/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-proto-transport.c — TCP and UDP headers, checksums, options, hand-over by port */
#include "core/lsc-dissect.h"
#include "core/lsc-filter.h"
#include "core/lsc-format.h"
#include "core/lsc-output.h"
#include "lsc-test-tree.h"

#include <string.h>

static const guint8 ip_a[4] = { 198, 18, 0, 1 };
static const guint8 ip_b[4] = { 198, 18, 0, 2 };
static const guint8 ip6_a[16] = { 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
static const guint8 ip6_b[16] = { 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 };

/* An independent RFC 1071 checksum, so the tests do not check the decoder against itself. */
static guint16
ref_checksum (int family, guint8 proto, const guint8 *seg, guint32 len, guint ck_off)
{
  guint8 buf[2048];
  guint n = 0;
  if (family == 4)
    {
      memcpy (buf, ip_a, 4);
      memcpy (buf + 4, ip_b, 4);
      buf[8] = 0;
      buf[9] = proto;
      buf[10] = (guint8) (len >> 8);
      buf[11] = (guint8) len;
      n = 12;
    }
  else
    {
      memcpy (buf, ip6_a, 16);
      memcpy (buf + 16, ip6_b, 16);
      buf[32] = buf[33] = 0;
      buf[34] = (guint8) (len >> 8);
      buf[35] = (guint8) len;
      buf[36] = buf[37] = buf[38] = 0;
      buf[39] = proto;
      n = 40;
    }
  g_assert_cmpuint (n + len + 1, <, sizeof buf);
  memcpy (buf + n, seg, len);
  buf[n + ck_off] = buf[n + ck_off + 1] = 0;
  n += len;
  buf[n] = 0;
  guint32 sum = 0;
  for (guint i = 0; i < n; i += 2)
    sum += (guint32) (buf[i] << 8 | buf[i + 1]);
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (guint16) ~sum;
}

static void
set_checksum (int family, guint8 proto, guint8 *seg, guint32 len)
{
  guint off = proto == 6 ? 16 : 6;
  guint16 ck = ref_checksum (family, proto, seg, len, off);
  if (proto == 17 && ck == 0)
    ck = 0xffff;
  seg[off] = (guint8) (ck >> 8);
  seg[off + 1] = (guint8) ck;
}

static void
set_ipv4_checksum (guint8 *ip)
{
  guint32 sum = 0;
  ip[10] = ip[11] = 0;
  for (guint i = 0; i < 20; i += 2)
    sum += (guint32) (ip[i] << 8 | ip[i + 1]);
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  ip[10] = (guint8) (~sum >> 8);
  ip[11] = (guint8) ~sum;
}

/* Decode a transport header directly, as the IP layer would hand it on: the
 * view's reported length is the IP payload length. */
static LscTree *
decode_l4 (const guint8 *seg, guint32 caplen, guint32 iplen, int family, gboolean tcp, guint16 http_port)
{
  static LscPacket pkt;
  LscTree *t = lsc_tree_new ();
  LscDissectOptions opt;
  lsc_dissect_options_init (&opt);
  opt.http_port = http_port;
  pkt = (LscPacket) { .num = 1, .caplen = caplen, .wirelen = iplen, .linktype = LSC_LINK_RAW, .data = seg };
  lsc_tree_set_packet (t, &pkt);
  LscDissectCtx c = { t, lsc_tree_pinfo (t), lsc_tree_packet (t), &opt, 0 };
  LscPinfo *pi = lsc_tree_pinfo (t);
  pi->l3_family = (guint8) family;
  if (family == 4)
    {
      memcpy (pi->l3_src, ip_a, 4);
      memcpy (pi->l3_dst, ip_b, 4);
    }
  else if (family == 6)
    {
      memcpy (pi->l3_src, ip6_a, 16);
      memcpy (pi->l3_dst, ip6_b, 16);
    }
  pi->l4_len = iplen;
  LscBuf b = lsc_buf_init (seg, caplen, iplen);
  if (tcp)
    lsc_proto_tcp (&c, b, LSC_ROOT);
  else
    lsc_proto_udp (&c, b, LSC_ROOT);
  /* Every tree must print. */
  g_autoptr (GString) s = g_string_new (NULL);
  lsc_format_tree_text (t, LSC_MODEL_OSI, FALSE, s);
  g_assert_cmpuint (s->len, >, 0);
  return t;
}

/* SYN 51000 -> 80, seq 1000, win 64240, options MSS 1460, SACK_PERM, TS 12345/0, NOP, WS 7. */
static const guint8 syn_seg[40] = {
  0xc7, 0x38, 0x00, 0x50,  0x00, 0x00, 0x03, 0xe8,  0x00, 0x00, 0x00, 0x00,
  0xa0, 0x02, 0xfa, 0xf0,  0x00, 0x00, 0x00, 0x00,
  0x02, 0x04, 0x05, 0xb4,  0x04, 0x02,  0x08, 0x0a, 0x00, 0x00, 0x30, 0x39, 0x00, 0x00, 0x00, 0x00,
  0x01,  0x03, 0x03, 0x07,
};

static void
test_tcp_syn_options (void)
{
  guint8 seg[40];
  memcpy (seg, syn_seg, sizeof seg);
  set_checksum (4, 6, seg, sizeof seg);
  g_autoptr (LscTree) t = decode_l4 (seg, sizeof seg, sizeof seg, 4, TRUE, 0);
  const LscPinfo *pi = lsc_tree_pinfo (t);

  g_assert_cmpuint (uval (t, "tcp.srcport"), ==, 51000);
  g_assert_cmpuint (uval (t, "tcp.dstport"), ==, 80);
  g_assert_cmpuint (count_field (t, "tcp.port"), ==, 2);
  g_assert_true (lsc_tree_node (t, lsc_tree_find (t, "tcp.port"))->flags & LSC_NODE_HIDDEN);
  g_assert_cmpuint (uval (t, "tcp.seq"), ==, 1000);
  g_assert_cmpuint (uval (t, "tcp.seq_raw"), ==, 1000);
  g_assert_cmpuint (uval (t, "tcp.hdr_len"), ==, 40);
  g_assert_cmpuint (uval (t, "tcp.flags"), ==, 0x002);
  g_assert_cmpuint (uval (t, "tcp.flags.syn"), ==, 1);
  g_assert_cmpuint (uval (t, "tcp.flags.ack"), ==, 0);
  g_assert_cmpuint (uval (t, "tcp.flags.res"), ==, 0);
  g_assert_cmpstr (sval (t, "tcp.flags.str"), ==, "··········S·");
  g_assert_cmpuint (uval (t, "tcp.window_size_value"), ==, 64240);
  g_assert_cmpuint (uval (t, "tcp.checksum.status"), ==, 1);
  g_assert_true (lsc_tree_node (t, lsc_tree_find (t, "tcp.checksum"))->flags & LSC_NODE_CHECKSUM_GOOD);
  g_assert_cmpuint (uval (t, "tcp.options.mss_val"), ==, 1460);
  g_assert_cmpuint (uval (t, "tcp.options.wscale.shift"), ==, 7);
  g_assert_cmpuint (uval (t, "tcp.options.wscale.multiplier"), ==, 128);
  g_assert_cmpint (lsc_tree_find (t, "tcp.options.sack_perm"), >=, 0);
  g_assert_cmpuint (uval (t, "tcp.options.timestamp.tsval"), ==, 12345);
  g_assert_cmpuint (uval (t, "tcp.options.timestamp.tsecr"), ==, 0);
  g_assert_cmpuint (count_field (t, "tcp.options.nop"), ==, 1);
  g_assert_cmpuint (count_field (t, "tcp.option_kind"), ==, 5);
  g_assert_cmpuint (uval (t, "tcp.len"), ==, 0);

  /* Offsets are absolute: the MSS value sits at bytes 22-23. */
  const LscNode *mss = lsc_tree_node (t, lsc_tree_find (t, "tcp.options.mss_val"));
  g_assert_cmpuint (mss->offset, ==, 22);
  g_assert_cmpuint (mss->length, ==, 2);
  const LscNode *tcp = lsc_tree_node (t, lsc_tree_find (t, "tcp"));
  g_assert_cmpuint (tcp->length, ==, 40);

  g_assert_cmpstr (pi->protocol, ==, "TCP");
  g_assert_cmpstr (pi->info->str, ==, "51000 → 80 [SYN] Seq=1000 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=12345 TSecr=0 WS=128");
  g_assert_cmpuint (pi->srcport, ==, 51000);
  g_assert_cmpuint (pi->tcp_seq, ==, 1000);
  g_assert_cmpuint (pi->tcp_flags, ==, LSC_TCP_SYN);
  /* The handshake step is explained with the conversation role, not by the flags. */
  g_assert_false (has_note (t, "Handshake"));
  g_assert_cmpuint (pi->tcp_window, ==, 64240);
  g_assert_cmpint (pi->tcp_wscale, ==, 7);
  g_assert_cmpuint (pi->tcp_mss, ==, 1460);
  g_assert_cmpuint (pi->tcp_len, ==, 0);
  g_assert_cmpuint (pi->tcp_payload_off, ==, 40);
  g_assert_cmpint (pi->tcp_node, ==, lsc_tree_find (t, "tcp"));
  g_assert_false (pi->has & LSC_HAS_ERROR);
  g_assert_false (any_flag (t, LSC_NODE_MALFORMED));

  /* Info can be rebuilt with other numbers (relative ones, scaled window). */
  g_autoptr (GString) info = g_string_new (NULL);
  lsc_tcp_format_info (pi, 0, 0, 64240, 0, info);
  g_assert_cmpstr (info->str, ==, "51000 → 80 [SYN] Seq=0 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=12345 TSecr=0 WS=128");
}

static void
test_tcp_checksum_bad_and_ipv6 (void)
{
  guint8 seg[40];
  memcpy (seg, syn_seg, sizeof seg);
  set_checksum (4, 6, seg, sizeof seg);
  guint16 right = (guint16) (seg[16] << 8 | seg[17]);
  seg[17] ^= 0x5a;
  g_autoptr (LscTree) t = decode_l4 (seg, sizeof seg, sizeof seg, 4, TRUE, 0);
  g_assert_cmpuint (uval (t, "tcp.checksum.status"), ==, 0);
  g_assert_cmpuint (uval (t, "tcp.checksum_calculated"), ==, right);
  g_assert_true (lsc_tree_node (t, lsc_tree_find (t, "tcp.checksum"))->flags & LSC_NODE_CHECKSUM_BAD);
  g_assert_true (has_note (t, "Bad checksum"));

  /* The same segment over IPv6 has a different pseudo-header. */
  memcpy (seg, syn_seg, sizeof seg);
  set_checksum (6, 6, seg, sizeof seg);
  g_autoptr (LscTree) t6 = decode_l4 (seg, sizeof seg, sizeof seg, 6, TRUE, 0);
  g_assert_cmpuint (uval (t6, "tcp.checksum.status"), ==, 1);
  g_autoptr (LscTree) t4 = decode_l4 (seg, sizeof seg, sizeof seg, 4, TRUE, 0);
  g_assert_cmpuint (uval (t4, "tcp.checksum.status"), ==, 0);

  /* Without an IP layer, or with bytes missing, the checksum is unverified. */
  g_autoptr (LscTree) t0 = decode_l4 (seg, sizeof seg, sizeof seg, 0, TRUE, 0);
  g_assert_cmpuint (uval (t0, "tcp.checksum.status"), ==, 2);
  g_autoptr (LscTree) tc = decode_l4 (seg, 30, sizeof seg, 6, TRUE, 0);
  g_assert_cmpuint (uval (tc, "tcp.checksum.status"), ==, 2);
  g_assert_true (has_note (tc, "Cannot verify"));
}

static void
test_tcp_sack_eol_unknown (void)
{
  /* ACK with NOP NOP SACK(2 blocks) = 20 bytes, kind 30 len 4, EOL, 3 padding = 28 bytes of options. */
  guint8 seg[48 + 5] = {
    0x00, 0x50, 0xc7, 0x38,  0x00, 0x00, 0x13, 0x89,  0x00, 0x00, 0x03, 0xe9,
    0xc0, 0x18, 0x01, 0xf6,  0x00, 0x00, 0x00, 0x00,
    0x01, 0x01,  0x05, 0x12,  0x00, 0x00, 0x07, 0xd0, 0x00, 0x00, 0x0b, 0xb8,  0x00, 0x00, 0x0f, 0xa0, 0x00, 0x00, 0x13, 0x88,
    0x1e, 0x04, 0xab, 0xcd,  0x00, 0x00, 0x00, 0x00,
    'h', 'e', 'l', 'l', 'o',
  };
  set_checksum (4, 6, seg, sizeof seg);
  g_autoptr (LscTree) t = decode_l4 (seg, sizeof seg, sizeof seg, 4, TRUE, 0);
  const LscPinfo *pi = lsc_tree_pinfo (t);

  g_assert_cmpuint (uval (t, "tcp.checksum.status"), ==, 1);
  g_assert_cmpuint (count_field (t, "tcp.options.sack_le"), ==, 2);
  g_assert_cmpuint (lsc_tree_node (t, nth_field (t, "tcp.options.sack_le", 1))->v.u, ==, 4000);
  g_assert_cmpuint (lsc_tree_node (t, nth_field (t, "tcp.options.sack_re", 1))->v.u, ==, 5000);
  g_assert_cmpuint (uval (t, "tcp.options.sack.count"), ==, 2);
  g_assert_cmpint (lsc_tree_find (t, "tcp.options.unknown"), >=, 0);
  const LscNode *pl = lsc_tree_node (t, lsc_tree_find (t, "tcp.options.unknown.payload"));
  g_assert_cmpuint (pl->bytes_len, ==, 2);
  g_assert_cmpuint (pl->bytes[0], ==, 0xab);
  g_assert_cmpuint (count_field (t, "tcp.options.eol"), ==, 4);  /* EOL and each padding byte, as Wireshark lists them */
  g_assert_false (any_flag (t, LSC_NODE_MALFORMED));

  g_assert_cmpuint (pi->tcp_len, ==, 5);
  g_assert_cmpuint (pi->tcp_payload_off, ==, 48);
  g_assert_cmpuint (pi->tcp_flags, ==, LSC_TCP_ACK | LSC_TCP_PSH);
  g_assert_cmpuint (uval (t, "data.len"), ==, 5);
  g_assert_cmpuint (lsc_tree_node (t, lsc_tree_find (t, "data"))->offset, ==, 48);
  g_assert_cmpstr (pi->info->str, ==, "80 → 51000 [PSH, ACK] Seq=5001 Ack=1001 Win=502 Len=5 SLE=2000 SRE=3000 SLE=4000 SRE=5000");
}

static void
test_tcp_bad_data_offset (void)
{
  guint8 seg[24] = {
    0xc7, 0x38, 0x00, 0x50,  0, 0, 0, 1,  0, 0, 0, 0,
    0x40, 0x18, 0x10, 0x00,  0, 0, 0, 0,  'a', 'b', 'c', 'd',
  };
  /* Data offset 4 (16 bytes): below the minimum. */
  g_autoptr (LscTree) t = decode_l4 (seg, sizeof seg, sizeof seg, 4, TRUE, 0);
  gint32 hl = lsc_tree_find (t, "tcp.hdr_len");
  g_assert_cmpuint (lsc_tree_node (t, hl)->v.u, ==, 16);
  g_assert_true (lsc_tree_node (t, hl)->flags & LSC_NODE_MALFORMED);
  g_assert_true (lsc_tree_pinfo (t)->has & LSC_HAS_ERROR);
  g_assert_cmpint (lsc_tree_find (t, "data"), <, 0);  /* no payload is guessed */
  g_assert_cmpuint (lsc_tree_pinfo (t)->tcp_len, ==, 0);
  g_assert_nonnull (strstr (lsc_tree_pinfo (t)->info->str, "bogus TCP header length"));

  /* Data offset 0. */
  seg[12] = 0x00;
  g_autoptr (LscTree) t0 = decode_l4 (seg, sizeof seg, sizeof seg, 4, TRUE, 0);
  g_assert_true (lsc_tree_node (t0, lsc_tree_find (t0, "tcp.hdr_len"))->flags & LSC_NODE_MALFORMED);

  /* Data offset 15 (60 bytes) in a 24-byte segment: past the end. */
  seg[12] = 0xf0;
  g_autoptr (LscTree) t2 = decode_l4 (seg, sizeof seg, sizeof seg, 4, TRUE, 0);
  g_assert_true (lsc_tree_node (t2, lsc_tree_find (t2, "tcp.hdr_len"))->flags & LSC_NODE_MALFORMED);
  g_assert_cmpint (lsc_tree_find (t2, "data"), <, 0);
  g_assert_true (has_note (t2, "more than the 24 bytes"));
}

static void
test_tcp_option_lengths (void)
{
  /* Options: kind 30 with length L, then a valid MSS that must not be reached when L is bad. */
  const guint8 lens[] = { 0, 1, 13 };
  for (guint k = 0; k < G_N_ELEMENTS (lens); k++)
    {
      guint8 seg[28] = {
        0xc7, 0x38, 0x00, 0x50,  0, 0, 0, 1,  0, 0, 0, 0,
        0x70, 0x02, 0x10, 0x00,  0, 0, 0, 0,
        0x1e, lens[k], 0x00, 0x00,  0x02, 0x04, 0x05, 0xb4,
      };
      g_autoptr (LscTree) t = decode_l4 (seg, sizeof seg, sizeof seg, 4, TRUE, 0);
      gint32 u = -1;
      for (guint i = 0; i < lsc_tree_count (t); i++)
        if (lsc_tree_node (t, (gint32) i)->flags & LSC_NODE_MALFORMED)
          u = (gint32) i;
      g_assert_cmpint (u, >=, 0);
      g_assert_cmpuint (lsc_tree_node (t, u)->offset, ==, 20);  /* the broken option itself */
      g_assert_cmpint (lsc_tree_find (t, "tcp.option_len"), <, 0);
      g_assert_cmpint (lsc_tree_find (t, "tcp.options.mss"), <, 0);
      g_assert_true (lsc_tree_pinfo (t)->has & LSC_HAS_ERROR);
      g_assert_cmpuint (lsc_tree_pinfo (t)->tcp_mss, ==, 0);
      /* The option node never reaches past the header. */
      g_assert_cmpuint (lsc_tree_node (t, u)->offset + lsc_tree_node (t, u)->length, <=, 28);
    }

  /* A kind byte as the last header byte has no length byte. */
  guint8 seg[24] = {
    0xc7, 0x38, 0x00, 0x50,  0, 0, 0, 1,  0, 0, 0, 0,
    0x60, 0x02, 0x10, 0x00,  0, 0, 0, 0,
    0x01, 0x01, 0x01, 0x02,
  };
  g_autoptr (LscTree) t = decode_l4 (seg, sizeof seg, sizeof seg, 4, TRUE, 0);
  g_assert_cmpuint (count_field (t, "tcp.options.nop"), ==, 3);
  g_assert_true (any_flag (t, LSC_NODE_MALFORMED));
  g_assert_true (has_note (t, "no length byte"));

  /* A known kind with the wrong length (MSS with length 3) is shown raw and flagged. */
  guint8 seg2[24] = {
    0xc7, 0x38, 0x00, 0x50,  0, 0, 0, 1,  0, 0, 0, 0,
    0x60, 0x02, 0x10, 0x00,  0, 0, 0, 0,
    0x02, 0x03, 0x05, 0x00,
  };
  g_autoptr (LscTree) t2 = decode_l4 (seg2, sizeof seg2, sizeof seg2, 4, TRUE, 0);
  g_assert_cmpint (lsc_tree_find (t2, "tcp.options.mss_val"), <, 0);
  g_assert_true (has_note (t2, "wrong for option kind 2"));
}

static void
test_tcp_flags_all (void)
{
  /* FIN ACK URG ECE CWR AE and one reserved bit, urgent pointer 7. */
  guint8 seg[20] = {
    0xc7, 0x38, 0x00, 0x50,  0, 0, 0, 1,  0, 0, 0, 2,
    0x59, 0xf1, 0x01, 0xf6,  0, 0, 0x00, 0x07,
  };
  g_autoptr (LscTree) t = decode_l4 (seg, sizeof seg, sizeof seg, 4, TRUE, 0);
  g_assert_cmpuint (uval (t, "tcp.flags"), ==, 0x9f1);
  g_assert_cmpstr (sval (t, "tcp.flags.str"), ==, "R··ACEUA···F");
  g_assert_cmpuint (uval (t, "tcp.flags.res"), ==, 4);
  g_assert_cmpuint (uval (t, "tcp.flags.ae"), ==, 1);
  g_assert_cmpuint (uval (t, "tcp.flags.cwr"), ==, 1);
  g_assert_cmpuint (uval (t, "tcp.flags.ece"), ==, 1);
  g_assert_cmpuint (uval (t, "tcp.flags.urg"), ==, 1);
  g_assert_cmpuint (uval (t, "tcp.flags.push"), ==, 0);
  g_assert_cmpuint (uval (t, "tcp.flags.fin"), ==, 1);
  g_assert_cmpuint (uval (t, "tcp.urgent_pointer"), ==, 7);
  g_assert_cmpstr (lsc_tree_pinfo (t)->info->str, ==,
                   "51000 → 80 [FIN, ACK, URG, ECE, CWR, AE, Reserved] Seq=1 Ack=2 Win=502 Urg=7 Len=0");
  /* The bit picture of the reserved field shows its three bits. */
  g_autoptr (GString) bits = g_string_new (NULL);
  lsc_format_bits (lsc_tree_node (t, lsc_tree_find (t, "tcp.flags.res")), bits);
  g_assert_cmpstr (bits->str, ==, "100. .... .... = ");
}

static void
test_tcp_truncated_everywhere (void)
{
  guint8 seg[48 + 5];
  memset (seg, 0, sizeof seg);
  memcpy (seg, syn_seg, 40);
  seg[12] = 0xc0;  /* 48-byte header: the last 8 option bytes are NOP/EOL */
  seg[13] = 0x18;
  seg[40] = 0x01;
  memcpy (seg + 48, "hello", 5);
  set_checksum (4, 6, seg, sizeof seg);
  for (guint n = 0; n <= sizeof seg; n++)
    {
      guint8 *copy = g_memdup2 (seg, n ? n : 1);
      g_autoptr (LscTree) t = decode_l4 (copy, n, sizeof seg, 4, TRUE, 0);
      const LscPinfo *pi = lsc_tree_pinfo (t);
      if (n < 20)
        g_assert_true (pi->has & LSC_HAS_ERROR);
      else
        {
          g_assert_cmpuint (pi->tcp_len, ==, 5);  /* from the IP length, not the capture */
          g_assert_cmpuint (uval (t, "tcp.checksum.status"), ==, n == sizeof seg ? 1 : 2);
        }
      if (n >= 20 && n < 48)
        g_assert_true (lsc_tree_node (t, lsc_tree_find (t, "tcp"))->flags & LSC_NODE_TRUNCATED);
      /* Options cut by the capture are truncated, never malformed. */
      g_assert_false (any_flag (t, LSC_NODE_MALFORMED));
      g_free (copy);
    }
}

/* Every byte of a segment with options and payload set to every value. */
static void
test_tcp_every_byte_value (void)
{
  guint8 seg[48 + 5];
  memset (seg, 0, sizeof seg);
  memcpy (seg, syn_seg, 40);
  seg[12] = 0xc0;
  seg[13] = 0x18;
  memcpy (seg + 40, "\x05\x0a\x00\x00\x00\x01\x00\x00", 8);  /* a SACK option cut by the header end */
  memcpy (seg + 48, "GET /", 5);
  for (guint pos = 0; pos < sizeof seg; pos++)
    for (guint v = 0; v < 256; v++)
      {
        guint8 d[sizeof seg];
        memcpy (d, seg, sizeof d);
        d[pos] = (guint8) v;
        g_autoptr (LscTree) t = decode_l4 (d, sizeof d, sizeof d, 4, TRUE, 0);
        assert_nodes_inside (t, sizeof d);
        g_assert_cmpstr (lsc_tree_pinfo (t)->protocol, !=, "");
      }
}

/* Ethernet + IPv4 + TCP ACK padded to 60 bytes: the padding is not TCP payload. */
static void
test_tcp_full_frame_padding (void)
{
  guint8 f[60] = {
    0x02, 0, 0, 0, 0, 2,  0x02, 0, 0, 0, 0, 1,  0x08, 0x00,
    0x45, 0x00, 0x00, 0x28, 0x00, 0x01, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00,
    198, 18, 0, 1, 198, 18, 0, 2,
    0xc7, 0x38, 0x00, 0x50,  0, 0, 0x03, 0xe9,  0, 0, 0x13, 0x89,
    0x50, 0x10, 0x01, 0xf6,  0, 0, 0, 0,
  };
  set_ipv4_checksum (f + 14);
  set_checksum (4, 6, f + 34, 20);
  memset (f + 54, 0, 6);

  LscPacket p = { .num = 1, .caplen = 60, .wirelen = 60, .linktype = LSC_LINK_ETHERNET, .data = f };
  g_autoptr (LscTree) t = lsc_tree_new ();
  lsc_dissect (t, &p, NULL);
  const LscPinfo *pi = lsc_tree_pinfo (t);
  /* Asserted, never skipped: a decoder that stops handing payloads on is a failure. */
  g_assert_true (pi->has & LSC_HAS_TCP);
  g_assert_cmpuint (pi->tcp_len, ==, 0);
  g_assert_cmpuint (uval (t, "tcp.len"), ==, 0);
  g_assert_cmpint (lsc_tree_find (t, "data"), <, 0);
  g_assert_cmpuint (uval (t, "tcp.checksum.status"), ==, 1);
  g_assert_cmpstr (pi->protocol, ==, "TCP");
  g_assert_cmpstr (pi->info->str, ==, "51000 → 80 [ACK] Seq=1001 Ack=5001 Win=502 Len=0");

  /* A wrong TCP checksum in the full frame. */
  f[50] ^= 0xff;
  lsc_dissect (t, &p, NULL);
  g_assert_cmpuint (uval (t, "tcp.checksum.status"), ==, 0);
}

/* An ICMP port unreachable quotes the IP header and the first 8 bytes of the
 * UDP or TCP header: short on purpose, so neither malformed nor truncated. */
static void
test_quoted_headers (void)
{
  static const guint8 udp_quote[70] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
    0x45, 0x00, 0x00, 0x38, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01, 0xae, 0x9c, 0xc6, 0x12, 0x00, 0x02, 0xc6, 0x12, 0x00, 0x01,
    0x03, 0x03, 0x5c, 0xfb, 0x00, 0x00, 0x00, 0x00,
    0x45, 0x00, 0x00, 0x39, 0x00, 0x01, 0x40, 0x00, 0x40, 0x11, 0xae, 0x8b, 0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12, 0x00, 0x02,
    0x9c, 0x40, 0x00, 0x35, 0x00, 0x25, 0x03, 0x67,
  };
  static const guint8 tcp_quote[70] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
    0x45, 0x00, 0x00, 0x38, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01, 0xae, 0x9c, 0xc6, 0x12, 0x00, 0x02, 0xc6, 0x12, 0x00, 0x01,
    0x03, 0x03, 0x31, 0x8c, 0x00, 0x00, 0x00, 0x00,
    0x45, 0x00, 0x00, 0x28, 0x00, 0x01, 0x40, 0x00, 0x40, 0x06, 0xae, 0xa7, 0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12, 0x00, 0x02,
    0xc7, 0x38, 0x00, 0x50, 0x00, 0x00, 0x03, 0xe8,
  };
  g_autoptr (LscTree) t = lsc_tree_new ();
  LscPacket p = { .num = 1, .caplen = 70, .wirelen = 70, .linktype = LSC_LINK_ETHERNET, .data = udp_quote };
  lsc_dissect (t, &p, NULL);
  g_assert_cmpint (lsc_tree_find (t, "udp"), >=, 0);
  g_assert_cmpuint (uval (t, "udp.dstport"), ==, 53);
  g_assert_cmpuint (uval (t, "udp.length"), ==, 37);
  g_assert_cmpuint (uval (t, "udp.checksum.status"), ==, 2);
  g_assert_false (any_flag (t, LSC_NODE_MALFORMED | LSC_NODE_TRUNCATED));
  g_assert_cmpint (lsc_tree_find (t, "dns"), <, 0);
  g_assert_cmpstr (lsc_tree_pinfo (t)->protocol, ==, "ICMP");

  p.data = tcp_quote;
  lsc_dissect (t, &p, NULL);
  g_assert_cmpuint (uval (t, "tcp.srcport"), ==, 51000);
  g_assert_cmpuint (uval (t, "tcp.seq_raw"), ==, 1000);
  g_assert_false (any_flag (t, LSC_NODE_MALFORMED | LSC_NODE_TRUNCATED));
  g_assert_true (has_note (t, "quotes only the first 8 bytes"));
  g_assert_cmpstr (lsc_tree_pinfo (t)->protocol, ==, "ICMP");
}

/* Frame 9 of the bundled classroom capture as recorded on the sending host:
 * a SYN 198.18.0.1:58320 -> 198.18.0.2:80 whose checksum field holds 0x8c56,
 * the folded pseudo-header sum (198.18.0.1, 198.18.0.2, TCP, 40 bytes) the
 * kernel left for the network card. */
static const guint8 offload_syn[74] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0x00,
  0x00, 0x3c, 0x5d, 0x23, 0x40, 0x00, 0x40, 0x06, 0x51, 0x71, 0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12,
  0x00, 0x02, 0xe3, 0xd0, 0x00, 0x50, 0x7a, 0xd3, 0x96, 0x6e, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x02,
  0xfa, 0xf0, 0x8c, 0x56, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0x23, 0x2f,
  0x19, 0xa9, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x0a,
};

/* Frame 7 of the same capture: a DNS query over UDP, length 41, field 0x8c62
 * (the pseudo-header sum for UDP, 41 bytes). */
static const guint8 offload_dns[75] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0x00,
  0x00, 0x3d, 0x5e, 0xa2, 0x40, 0x00, 0x40, 0x11, 0x4f, 0xe6, 0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12,
  0x00, 0x02, 0x8d, 0x15, 0x00, 0x35, 0x00, 0x29, 0x8c, 0x62, 0x4c, 0x53, 0x01, 0x00, 0x00, 0x01,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06, 0x73, 0x65, 0x72, 0x76, 0x65, 0x72, 0x03, 0x6c, 0x61,
  0x62, 0x04, 0x74, 0x65, 0x73, 0x74, 0x00, 0x00, 0x01, 0x00, 0x01,
};

static LscTree *
decode_eth (const guint8 *frame, guint32 len)
{
  static LscPacket pkt;
  LscTree *t = lsc_tree_new ();
  pkt = (LscPacket) { .num = 1, .caplen = len, .wirelen = len, .linktype = LSC_LINK_ETHERNET, .data = frame };
  lsc_dissect (t, &pkt, NULL);
  return t;
}

static gboolean
filter_matches (LscTree *t, const char *text)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (LscFilter) f = lsc_filter_compile (text, NULL, &err);
  g_assert_no_error (err);
  return lsc_filter_match (f, t);
}

static void
test_checksum_offload (void)
{
  guint8 frame[74];
  memcpy (frame, offload_syn, sizeof frame);

  /* As captured: not computed yet, which is not an error. */
  g_autoptr (LscTree) t = decode_eth (frame, sizeof frame);
  const LscNode *ck = need (t, "tcp.checksum");
  g_assert_cmpuint (ck->v.u, ==, 0x8c56);
  g_assert_cmpuint (uval (t, "tcp.checksum.status"), ==, 5);
  g_assert_true (ck->flags & LSC_NODE_CHECKSUM_OFFLOAD);
  g_assert_false (ck->flags & (LSC_NODE_CHECKSUM_BAD | LSC_NODE_CHECKSUM_GOOD));
  g_assert_cmpuint (uval (t, "tcp.checksum_calculated"), ==, 0x8ea9);
  g_assert_true (has_note (t, "network card, which writes 0x8ea9"));
  g_assert_false (has_note (t, "Bad checksum"));
  g_assert_false (any_flag (t, LSC_NODE_WARN | LSC_NODE_CHECKSUM_BAD));
  g_autoptr (GString) s = g_string_new (NULL);
  lsc_format_tree_text (t, LSC_MODEL_OSI, FALSE, s);
  g_assert_nonnull (strstr (s->str, "Checksum: 0x8c56 (not computed yet: left to the network card (checksum offload), "
                                    "normal on the sending host)\n"));
  g_assert_nonnull (strstr (s->str, "[Checksum Status: Offloaded (5)]"));
  g_assert_null (strstr (s->str, "[incorrect]"));
  g_string_truncate (s, 0);
  lsc_output_json_packet (t, LSC_MODEL_OSI, s);
  g_assert_nonnull (strstr (s->str, "\"flags\":[\"checksum_offload\"]"));
  g_assert_null (strstr (s->str, "checksum_bad"));
  g_assert_true (filter_matches (t, "tcp.checksum.status == 5"));
  g_assert_true (filter_matches (t, "tcp.checksum.status == Offloaded"));
  g_assert_false (filter_matches (t, "tcp.checksum.status == Bad"));

  /* The value the card writes: correct. */
  frame[50] = 0x8e;
  frame[51] = 0xa9;
  g_autoptr (LscTree) tg = decode_eth (frame, sizeof frame);
  g_assert_cmpuint (uval (tg, "tcp.checksum.status"), ==, 1);
  g_assert_true (need (tg, "tcp.checksum")->flags & LSC_NODE_CHECKSUM_GOOD);
  g_assert_cmpint (lsc_tree_find (tg, "tcp.checksum_calculated"), <, 0);

  /* One bit away from the pseudo-header sum: really wrong. */
  frame[50] = 0x8c;
  frame[51] = 0x57;
  g_autoptr (LscTree) tb = decode_eth (frame, sizeof frame);
  g_assert_cmpuint (uval (tb, "tcp.checksum.status"), ==, 0);
  g_assert_true (need (tb, "tcp.checksum")->flags & LSC_NODE_CHECKSUM_BAD);
  g_assert_false (need (tb, "tcp.checksum")->flags & LSC_NODE_CHECKSUM_OFFLOAD);
  g_assert_cmpuint (uval (tb, "tcp.checksum_calculated"), ==, 0x8ea9);
  g_assert_true (has_note (tb, "Bad checksum"));
  g_string_truncate (s, 0);
  lsc_format_tree_text (tb, LSC_MODEL_OSI, FALSE, s);
  g_assert_nonnull (strstr (s->str, "Checksum: 0x8c57 (should be 0x8ea9) [incorrect]\n"));
  g_assert_true (filter_matches (tb, "tcp.checksum.status == Bad"));
  g_assert_false (filter_matches (tb, "tcp.checksum.status == 5"));

  /* Another source address changes the pseudo-header: the same field is then wrong. */
  memcpy (frame, offload_syn, sizeof frame);
  frame[29] = 0x03;   /* 198.18.0.3 */
  frame[24] = 0x51;   /* keep the IPv4 header checksum right: 0x5171 - 2 */
  frame[25] = 0x6f;
  g_autoptr (LscTree) ta = decode_eth (frame, sizeof frame);
  g_assert_cmpuint (uval (ta, "ip.checksum.status"), ==, 1);
  g_assert_cmpuint (uval (ta, "tcp.checksum.status"), ==, 0);

  /* UDP: the DNS query as captured, then with the right checksum. */
  guint8 dns[75];
  memcpy (dns, offload_dns, sizeof dns);
  g_autoptr (LscTree) tu = decode_eth (dns, sizeof dns);
  g_assert_cmpuint (uval (tu, "udp.checksum.status"), ==, 5);
  g_assert_true (need (tu, "udp.checksum")->flags & LSC_NODE_CHECKSUM_OFFLOAD);
  guint16 right = (guint16) uval (tu, "udp.checksum_calculated");
  g_assert_true (filter_matches (tu, "udp.checksum.status == Offloaded"));
  dns[40] = (guint8) (right >> 8);
  dns[41] = (guint8) right;
  g_autoptr (LscTree) tug = decode_eth (dns, sizeof dns);
  g_assert_cmpuint (uval (tug, "udp.checksum.status"), ==, 1);
  dns[41] ^= 0x10;
  g_autoptr (LscTree) tub = decode_eth (dns, sizeof dns);
  g_assert_cmpuint (uval (tub, "udp.checksum.status"), ==, 0);
}

/* ---- UDP ---- */

static void
test_udp_checksums (void)
{
  guint8 d[20] = { 0x9c, 0x40, 0x30, 0x39,  0x00, 0x14, 0x00, 0x00,  'h', 'e', 'l', 'l', 'o', ' ', 'l', 'a', 'b', '!', '!', '\n' };
  set_checksum (4, 17, d, sizeof d);
  g_autoptr (LscTree) t = decode_l4 (d, sizeof d, sizeof d, 4, FALSE, 0);
  const LscPinfo *pi = lsc_tree_pinfo (t);
  g_assert_cmpuint (uval (t, "udp.srcport"), ==, 40000);
  g_assert_cmpuint (uval (t, "udp.dstport"), ==, 12345);
  g_assert_cmpuint (count_field (t, "udp.port"), ==, 2);
  g_assert_cmpuint (uval (t, "udp.length"), ==, 20);
  g_assert_cmpuint (uval (t, "udp.checksum.status"), ==, 1);
  g_assert_cmpuint (pi->udp_len, ==, 12);
  g_assert_cmpstr (pi->protocol, ==, "UDP");  /* like Wireshark: data does not claim the column */
  g_assert_cmpstr (sval (t, "data.text"), ==, "hello lab!!.");
  g_assert_cmpstr (pi->info->str, ==, "40000 → 12345 Len=12");
  g_assert_cmpint (pi->udp_node, ==, lsc_tree_find (t, "udp"));

  /* Bad. */
  guint16 right = (guint16) (d[6] << 8 | d[7]);
  d[7] ^= 1;
  g_autoptr (LscTree) tb = decode_l4 (d, sizeof d, sizeof d, 4, FALSE, 0);
  g_assert_cmpuint (uval (tb, "udp.checksum.status"), ==, 0);
  g_assert_cmpuint (uval (tb, "udp.checksum_calculated"), ==, right);

  /* Zero over IPv4: not computed, fine.  Zero over IPv6: illegal. */
  d[6] = d[7] = 0;
  g_autoptr (LscTree) tz = decode_l4 (d, sizeof d, sizeof d, 4, FALSE, 0);
  g_assert_cmpuint (uval (tz, "udp.checksum.status"), ==, 3);
  g_assert_false (lsc_tree_pinfo (tz)->has & LSC_HAS_ERROR);
  g_autoptr (LscTree) t6 = decode_l4 (d, sizeof d, sizeof d, 6, FALSE, 0);
  g_assert_cmpuint (uval (t6, "udp.checksum.status"), ==, 4);
  g_assert_true (lsc_tree_pinfo (t6)->has & LSC_HAS_ERROR);

  /* IPv6 with the right checksum. */
  set_checksum (6, 17, d, sizeof d);
  g_autoptr (LscTree) t6g = decode_l4 (d, sizeof d, sizeof d, 6, FALSE, 0);
  g_assert_cmpuint (uval (t6g, "udp.checksum.status"), ==, 1);
}

static void
test_udp_lengths (void)
{
  /* udp.length 12 in a 20-byte IP payload: 8 trailing bytes are not UDP data. */
  guint8 d[20] = { 0x9c, 0x40, 0x30, 0x39,  0x00, 0x0c, 0x00, 0x00,  'a', 'b', 'c', 'd',  'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x' };
  g_autoptr (LscTree) t = decode_l4 (d, sizeof d, sizeof d, 4, FALSE, 0);
  g_assert_cmpuint (uval (t, "data.len"), ==, 4);
  g_assert_cmpuint (lsc_tree_pinfo (t)->udp_len, ==, 4);
  g_assert_true (has_note (t, "not UDP data"));
  g_assert_false (lsc_tree_node (t, lsc_tree_find (t, "udp.length"))->flags & LSC_NODE_MALFORMED);

  /* Longer than the IP payload. */
  d[5] = 40;
  g_autoptr (LscTree) tl = decode_l4 (d, sizeof d, sizeof d, 4, FALSE, 0);
  g_assert_true (lsc_tree_node (tl, lsc_tree_find (tl, "udp.length"))->flags & LSC_NODE_MALFORMED);
  g_assert_cmpuint (uval (tl, "data.len"), ==, 12);
  g_assert_cmpuint (uval (tl, "udp.checksum.status"), ==, 3);  /* 0: not computed */
  g_assert_cmpstr (lsc_tree_pinfo (tl)->info->str, ==, "40000 → 12345 [BAD UDP LENGTH 40 > IP PAYLOAD LENGTH] Len=32");
  d[7] = 1;
  g_autoptr (LscTree) tl2 = decode_l4 (d, sizeof d, sizeof d, 4, FALSE, 0);
  g_assert_cmpuint (uval (tl2, "udp.checksum.status"), ==, 2);  /* cannot check with a wrong length */
  d[7] = 0;

  /* Shorter than the header itself. */
  d[5] = 7;
  g_autoptr (LscTree) ts = decode_l4 (d, sizeof d, sizeof d, 4, FALSE, 0);
  g_assert_true (lsc_tree_node (ts, lsc_tree_find (ts, "udp.length"))->flags & LSC_NODE_MALFORMED);
  g_assert_true (lsc_tree_pinfo (ts)->has & LSC_HAS_ERROR);

  /* Zero-length payload. */
  guint8 e[8] = { 0x9c, 0x40, 0x30, 0x39, 0x00, 0x08, 0x00, 0x00 };
  g_autoptr (LscTree) te = decode_l4 (e, sizeof e, sizeof e, 4, FALSE, 0);
  g_assert_cmpuint (lsc_tree_pinfo (te)->udp_len, ==, 0);
  g_assert_cmpint (lsc_tree_find (te, "data"), <, 0);
  g_assert_false (lsc_tree_pinfo (te)->has & LSC_HAS_ERROR);
}

static void
test_udp_truncated_everywhere (void)
{
  guint8 d[41] = {
    0x9c, 0x40, 0x00, 0x35,  0x00, 0x29, 0x00, 0x00,
    0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'l', 'a', 'b', 0,  0x00, 0x01, 0x00, 0x01,
    0, 0, 0, 0,
  };
  d[4] = 0;
  d[5] = 37;
  set_checksum (4, 17, d, 37);
  for (guint n = 0; n <= sizeof d; n++)
    {
      guint8 *copy = g_memdup2 (d, n ? n : 1);
      g_autoptr (LscTree) t = decode_l4 (copy, n, sizeof d, 4, FALSE, 0);
      if (n < 8)
        g_assert_true (lsc_tree_pinfo (t)->has & LSC_HAS_ERROR);
      else if (n >= 37)
        {
          g_assert_cmpuint (uval (t, "udp.checksum.status"), ==, 1);
          g_assert_cmpstr (sval (t, "dns.qry.name"), ==, "example.lab");
        }
      else
        g_assert_cmpuint (uval (t, "udp.checksum.status"), ==, 2);
      g_free (copy);
    }
}

/* ---- hand-over by port and content ---- */

static void
test_ports_dispatch (void)
{
  static const char get[] = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  guint8 seg[20 + sizeof get - 1] = {
    0xc7, 0x38, 0x30, 0x39,  0, 0, 0, 1,  0, 0, 0, 1,  0x50, 0x18, 0x10, 0x00,  0, 0, 0, 0,
  };
  memcpy (seg + 20, get, sizeof get - 1);
  /* A request line is HTTP on any port. */
  g_autoptr (LscTree) t = decode_l4 (seg, sizeof seg, sizeof seg, 4, TRUE, 0);
  g_assert_cmpstr (lsc_tree_pinfo (t)->protocol, ==, "HTTP");
  g_assert_cmpstr (sval (t, "http.request.method"), ==, "GET");

  /* Body bytes on port 80 without a start line stay data. */
  memcpy (seg + 20, "<html><body>hi</body></html>", 27);
  seg[2] = 0;
  seg[3] = 80;
  g_autoptr (LscTree) t2 = decode_l4 (seg, sizeof seg, sizeof seg, 4, TRUE, 0);
  g_assert_cmpstr (lsc_tree_pinfo (t2)->protocol, ==, "TCP");
  g_assert_cmpint (lsc_tree_find (t2, "data"), >=, 0);

  /* An extension method counts only on an HTTP port (here the configured one). */
  static const char ext[] = "PROPFIND /x HTTP/1.1\r\n\r\n";
  guint8 seg3[20 + sizeof ext - 1] = {
    0xc7, 0x38, 0x1f, 0x91,  0, 0, 0, 1,  0, 0, 0, 1,  0x50, 0x18, 0x10, 0x00,  0, 0, 0, 0,
  };
  memcpy (seg3 + 20, ext, sizeof ext - 1);
  g_autoptr (LscTree) t3 = decode_l4 (seg3, sizeof seg3, sizeof seg3, 4, TRUE, 0);
  g_assert_cmpstr (lsc_tree_pinfo (t3)->protocol, ==, "TCP");
  g_autoptr (LscTree) t4 = decode_l4 (seg3, sizeof seg3, sizeof seg3, 4, TRUE, 8081);
  g_assert_cmpstr (lsc_tree_pinfo (t4)->protocol, ==, "HTTP");
  g_assert_cmpstr (sval (t4, "http.request.method"), ==, "PROPFIND");

  /* DNS over TCP on port 53: the two-byte length prefix. */
  guint8 seg5[20 + 2 + 29] = {
    0xc7, 0x38, 0x00, 0x35,  0, 0, 0, 1,  0, 0, 0, 1,  0x50, 0x18, 0x10, 0x00,  0, 0, 0, 0,
    0x00, 29,
    0xab, 0xcd, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'l', 'a', 'b', 0,  0x00, 0x1c, 0x00, 0x01,
  };
  set_checksum (4, 6, seg5, sizeof seg5);
  g_autoptr (LscTree) t5 = decode_l4 (seg5, sizeof seg5, sizeof seg5, 4, TRUE, 0);
  g_assert_cmpstr (lsc_tree_pinfo (t5)->protocol, ==, "DNS");
  g_assert_cmpuint (uval (t5, "dns.length"), ==, 29);
  g_assert_cmpuint (uval (t5, "dns.id"), ==, 0xabcd);
  g_assert_cmpstr (lsc_tree_pinfo (t5)->info->str, ==, "Standard query 0xabcd AAAA example.lab");
  g_assert_false (lsc_tree_pinfo (t5)->has & LSC_HAS_ERROR);
}

/* Ethernet + IPv6 + UDP + DNS: the IPv6 pseudo-header and the hand-over to DNS. */
static void
test_udp_full_frame_ipv6 (void)
{
  guint8 f[91] = {
    0x02, 0, 0, 0, 0, 2,  0x02, 0, 0, 0, 0, 1,  0x86, 0xdd,
    0x60, 0x00, 0x00, 0x00,  0x00, 37, 17, 64,
    0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
    0x9c, 0x40, 0x00, 0x35,  0x00, 37, 0x00, 0x00,
    0xab, 0xcd, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'l', 'a', 'b', 0,  0x00, 0x1c, 0x00, 0x01,
  };
  set_checksum (6, 17, f + 54, 37);
  LscPacket p = { .num = 1, .caplen = sizeof f, .wirelen = sizeof f, .linktype = LSC_LINK_ETHERNET, .data = f };
  g_autoptr (LscTree) t = lsc_tree_new ();
  lsc_dissect (t, &p, NULL);
  const LscPinfo *pi = lsc_tree_pinfo (t);
  g_assert_true (pi->has & LSC_HAS_UDP);
  g_assert_cmpuint (uval (t, "udp.checksum.status"), ==, 1);
  g_assert_cmpstr (pi->protocol, ==, "DNS");
  g_assert_cmpstr (pi->info->str, ==, "Standard query 0xabcd AAAA example.lab");
  g_assert_cmpuint (lsc_tree_node (t, lsc_tree_find (t, "dns.qry.name"))->offset, ==, 74);
  g_assert_false (pi->has & LSC_HAS_ERROR);

  /* A zero checksum is illegal over IPv6. */
  f[60] = f[61] = 0;
  lsc_dissect (t, &p, NULL);
  g_assert_cmpuint (uval (t, "udp.checksum.status"), ==, 4);
  g_assert_true (lsc_tree_pinfo (t)->has & LSC_HAS_ERROR);
}

/* The first of several IPv4 fragments: the UDP header is decoded, its length
 * is bigger than the fragment on purpose, and DNS is decoded as far as it
 * goes (as tshark does without reassembly): cut short, not malformed. */
static void
test_udp_first_fragment (void)
{
  guint8 f[54] = {
    0x02, 0, 0, 0, 0, 1,  0x02, 0, 0, 0, 0, 2,  0x08, 0x00,
    0x45, 0x00, 0x00, 40, 0x00, 0x07, 0x20, 0x00, 0x40, 0x11, 0x00, 0x00,
    198, 18, 0, 2, 198, 18, 0, 1,
    0x00, 0x35, 0x9c, 0x40,  0x05, 0xd9, 0x12, 0x34,
    0x42, 0x42, 0x81, 0x80, 0x00, 0x01, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00,
  };
  set_ipv4_checksum (f + 14);
  LscPacket p = { .num = 1, .caplen = sizeof f, .wirelen = sizeof f, .linktype = LSC_LINK_ETHERNET, .data = f };
  g_autoptr (LscTree) t = lsc_tree_new ();
  lsc_dissect (t, &p, NULL);
  const LscPinfo *pi = lsc_tree_pinfo (t);
  g_assert_true (pi->has & LSC_HAS_FRAG);
  g_assert_cmpuint (uval (t, "udp.length"), ==, 1497);
  g_assert_cmpuint (uval (t, "udp.checksum.status"), ==, 2);
  g_assert_false (any_flag (t, LSC_NODE_MALFORMED));
  g_assert_cmpuint (uval (t, "dns.id"), ==, 0x4242);
  g_assert_cmpuint (uval (t, "dns.count.answers"), ==, 20);
  g_assert_true (any_flag (t, LSC_NODE_TRUNCATED));
  g_assert_cmpstr (pi->protocol, ==, "DNS");
}

/* Multicast DNS on port 5353: the class's top bit is the cache-flush flag. */
static void
test_mdns (void)
{
  guint8 d[46] = {
    0x14, 0xe9, 0x14, 0xe9, 0x00, 0x2e, 0x00, 0x00,
    0x00, 0x00, 0x84, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
    4, 'l', 'a', 'b', 'x', 5, 'l', 'o', 'c', 'a', 'l', 0,
    0x00, 0x01, 0x80, 0x01, 0x00, 0x00, 0x00, 0x78, 0x00, 0x04, 198, 18, 0, 1,
  };
  g_autoptr (LscTree) t = decode_l4 (d, sizeof d, sizeof d, 4, FALSE, 0);
  const LscPinfo *pi = lsc_tree_pinfo (t);
  g_assert_cmpstr (pi->protocol, ==, "MDNS");
  g_assert_cmpuint (uval (t, "dns.resp.cache_flush"), ==, 1);
  g_assert_cmpuint (uval (t, "dns.resp.class"), ==, 1);
  g_assert_cmpuint (uval (t, "dns.a"), ==, 0xc6120001);
  g_assert_cmpstr (pi->info->str, ==, "Standard query response 0x0000 A, cache flush 198.18.0.1");

  /* The same bytes on another port are not DNS, and on port 53 the bit is part of the class. */
  d[0] = d[2] = 0x30;
  g_autoptr (LscTree) t2 = decode_l4 (d, sizeof d, sizeof d, 4, FALSE, 0);
  g_assert_cmpint (lsc_tree_find (t2, "dns"), <, 0);
  d[0] = d[2] = 0x00;
  d[1] = d[3] = 53;
  g_autoptr (LscTree) t3 = decode_l4 (d, sizeof d, sizeof d, 4, FALSE, 0);
  g_assert_cmpuint (uval (t3, "dns.resp.class"), ==, 0x8001);
  g_assert_cmpint (lsc_tree_find (t3, "dns.resp.cache_flush"), <, 0);
}

/* The Info column names the set flags in bit order, Wireshark's way. */
static void
test_tcp_info_flags (void)
{
  static const struct { guint16 flags; const char *want; } cases[] = {
    { 0x000, "1 → 2 [<None>] Seq=3 Win=5 Len=6" },
    { 0x002, "1 → 2 [SYN] Seq=3 Win=5 Len=6" },
    { 0x012, "1 → 2 [SYN, ACK] Seq=3 Ack=4 Win=5 Len=6" },
    { 0x019, "1 → 2 [FIN, PSH, ACK] Seq=3 Ack=4 Win=5 Len=6" },
    { 0x0c2, "1 → 2 [SYN, ECE, CWR] Seq=3 Win=5 Len=6" },
    { 0x100, "1 → 2 [AE] Seq=3 Win=5 Len=6" },
    { 0x400, "1 → 2 [Reserved] Seq=3 Win=5 Len=6" },
    { 0x024, "1 → 2 [RST, URG] Seq=3 Win=5 Urg=7 Len=6" },
    { 0xfff, "1 → 2 [FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, AE, Reserved] Seq=3 Ack=4 Win=5 Urg=7 Len=6 MSS=1" },
  };
  g_autoptr (GString) out = g_string_new ("old");
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      LscPinfo pi = { 0 };
      pi.srcport = 1;
      pi.dstport = 2;
      pi.tcp_flags = cases[i].flags;
      pi.tcp_len = 6;
      pi.tcp_urgent = 7;
      pi.tcp_info_opts = cases[i].flags == 0xfff ? " MSS=1" : "";
      lsc_tcp_format_info (&pi, 3, 4, 5, 0, out);
      g_assert_cmpstr (out->str, ==, cases[i].want);
    }

  /* SACK edges go where the option stood, less the base they are given. */
  LscPinfo pi = { 0 };
  pi.srcport = 80;
  pi.dstport = 40000;
  pi.tcp_flags = LSC_TCP_ACK;
  pi.tcp_info_opts = " TSval=1 TSecr=2 MSS=3";
  pi.tcp_sack_at[0] = pi.tcp_sack_at[1] = 16;
  pi.tcp_sack_n = 2;
  pi.tcp_sack[0][0] = 0xfffffff0u + 1001;
  pi.tcp_sack[0][1] = 0xfffffff0u + 2001;
  pi.tcp_sack[1][0] = 0xfffffff0u + 3001;
  pi.tcp_sack[1][1] = 0xfffffff0u + 4001;
  lsc_tcp_format_info (&pi, 1, 1, 501, 0xfffffff0u, out);
  g_assert_cmpstr (out->str, ==, "80 → 40000 [ACK] Seq=1 Ack=1 Win=501 Len=0 TSval=1 TSecr=2 SLE=1001 SRE=2001 SLE=3001 SRE=4001 MSS=3");
  lsc_tcp_format_info (&pi, 1, 1, 501, 0, out);
  g_assert_true (g_str_has_suffix (out->str, "SLE=985 SRE=1985 SLE=2985 SRE=3985 MSS=3"));
  /* Two SACK options (bogus, but seen): each block where its option stood. */
  pi.tcp_sack_at[1] = 22;
  lsc_tcp_format_info (&pi, 1, 1, 501, 0xfffffff0u, out);
  g_assert_cmpstr (out->str, ==, "80 → 40000 [ACK] Seq=1 Ack=1 Win=501 Len=0 TSval=1 TSecr=2 SLE=1001 SRE=2001 MSS=3 SLE=3001 SRE=4001");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/proto/tcp/syn-options", test_tcp_syn_options);
  g_test_add_func ("/proto/tcp/info-flags", test_tcp_info_flags);
  g_test_add_func ("/proto/tcp/checksum-bad-ipv6", test_tcp_checksum_bad_and_ipv6);
  g_test_add_func ("/proto/tcp-udp/checksum-offload", test_checksum_offload);
  g_test_add_func ("/proto/tcp/sack-eol-unknown", test_tcp_sack_eol_unknown);
  g_test_add_func ("/proto/tcp/bad-data-offset", test_tcp_bad_data_offset);
  g_test_add_func ("/proto/tcp/option-lengths", test_tcp_option_lengths);
  g_test_add_func ("/proto/tcp/flags-all", test_tcp_flags_all);
  g_test_add_func ("/proto/tcp/truncated-every-byte", test_tcp_truncated_everywhere);
  g_test_add_func ("/proto/tcp/every-byte-value", test_tcp_every_byte_value);
  g_test_add_func ("/proto/tcp/full-frame-padding", test_tcp_full_frame_padding);
  g_test_add_func ("/proto/tcp-udp/quoted-by-icmp", test_quoted_headers);
  g_test_add_func ("/proto/udp/checksums", test_udp_checksums);
  g_test_add_func ("/proto/udp/lengths", test_udp_lengths);
  g_test_add_func ("/proto/udp/full-frame-ipv6", test_udp_full_frame_ipv6);
  g_test_add_func ("/proto/udp/first-fragment", test_udp_first_fragment);
  g_test_add_func ("/proto/udp/truncated-every-byte", test_udp_truncated_everywhere);
  g_test_add_func ("/proto/ports/dispatch", test_ports_dispatch);
  g_test_add_func ("/proto/ports/mdns", test_mdns);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-proto-app.c — DNS (names, compression, records, DNS over TCP) and HTTP/1.x */
#include "core/lsc-dissect.h"
#include "core/lsc-format.h"
#include "lsc-test-tree.h"

#include <string.h>

typedef enum { APP_DNS, APP_DNS_TCP, APP_HTTP } App;

/* Decode a payload directly, as TCP/UDP hand it on.  caplen bytes of a
 * payload that had reported bytes on the wire; into a summary-only tree
 * (the pass over a whole capture) or a full one. */
static LscTree *
decode_app_tree (const guint8 *d, guint32 caplen, guint32 reported, App app, gboolean summary_only)
{
  static LscPacket pkt;
  LscTree *t = lsc_tree_new ();
  lsc_tree_set_summary_only (t, summary_only);
  LscDissectOptions opt;
  lsc_dissect_options_init (&opt);
  pkt = (LscPacket) { .num = 1, .caplen = caplen, .wirelen = reported, .linktype = LSC_LINK_RAW, .data = d };
  lsc_tree_set_packet (t, &pkt);
  LscDissectCtx c = { t, lsc_tree_pinfo (t), lsc_tree_packet (t), &opt, 0 };
  LscBuf b = lsc_buf_init (d, caplen, reported);
  if (app == APP_HTTP)
    lsc_proto_http (&c, b, LSC_ROOT);
  else
    lsc_proto_dns (&c, b, LSC_ROOT, app == APP_DNS_TCP);
  g_autoptr (GString) s = g_string_new (NULL);
  lsc_format_tree_text (t, LSC_MODEL_TCPIP5, TRUE, s);
  g_assert_cmpuint (s->len, >, 0);
  return t;
}

static LscTree *
decode_app (const guint8 *d, guint32 caplen, guint32 reported, App app)
{
  return decode_app_tree (d, caplen, reported, app, FALSE);
}

/* The summary pass decodes into summary-only trees, which skip the texts and
 * fields no summary shows: what it keeps (the Info column, the error mark,
 * the DNS id) must be what a full tree of the same bytes has. */
static void
assert_summary_like_full (const guint8 *d, guint32 caplen, guint32 reported, App app)
{
  g_autoptr (LscTree) full = decode_app_tree (d, caplen, reported, app, FALSE);
  g_autoptr (LscTree) sum = decode_app_tree (d, caplen, reported, app, TRUE);
  const LscPinfo *a = lsc_tree_pinfo (full), *b = lsc_tree_pinfo (sum);
  g_assert_cmpstr (b->info->str, ==, a->info->str);
  g_assert_cmpuint (b->has, ==, a->has);
  g_assert_cmpstr (b->protocol, ==, a->protocol);
  g_assert_cmpuint (b->dns_id, ==, a->dns_id);
  g_assert_cmpint (b->dns_response, ==, a->dns_response);
  g_assert_cmpuint (count_field (sum, app == APP_HTTP ? "http" : "dns"), ==, count_field (full, app == APP_HTTP ? "http" : "dns"));
}

/* The same for every prefix of d (a segment or a capture cut there) and for
 * every byte of it set to each of a few values. */
static void
assert_summary_like_full_damaged (const guint8 *msg, gsize len, App app)
{
  static const guint8 values[] = { 0x00, 0x01, '\t', '\n', '\r', ' ', '.', ':', '0', '9', 'A', 'a', '\\', 0x3f, 0x40, 0x7f, 0x80, 0xc0, 0xff };
  guint8 *d = g_memdup2 (msg, len);
  for (gsize n = 0; n <= len; n++)
    {
      assert_summary_like_full (d, (guint32) n, (guint32) n, app);
      assert_summary_like_full (d, (guint32) n, (guint32) len, app);
    }
  for (gsize pos = 0; pos < len; pos++)
    for (guint v = 0; v < G_N_ELEMENTS (values); v++)
      {
        memcpy (d, msg, len);
        d[pos] = values[v];
        assert_summary_like_full (d, (guint32) len, (guint32) len, app);
      }
  g_free (d);
}

/* ---- DNS ---- */

#define Q_EXAMPLE_LAB 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'l', 'a', 'b', 0

static const guint8 dns_query[] = {
  0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  Q_EXAMPLE_LAB, 0x00, 0x01, 0x00, 0x01,
};

/* Response: question example.lab A; answers CNAME www.example.lab (compressed),
 * A 198.18.0.53 for www (pointer to the CNAME data), AAAA fd00::53; additional OPT. */
static const guint8 dns_response[] = {
  0x12, 0x34, 0x81, 0x80, 0x00, 0x01, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01,
  Q_EXAMPLE_LAB, 0x00, 0x01, 0x00, 0x01,                                 /* 12..28 */
  0xc0, 0x0c, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x01, 0x2c, 0x00, 0x06, /* 29..40 */
  3, 'w', 'w', 'w', 0xc0, 0x0c,                                           /* 41..46 */
  0xc0, 0x29, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x01, 0x2c, 0x00, 0x04, /* 47 */
  198, 18, 0, 53,
  0xc0, 0x29, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x10,
  0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x53,
  0x00, 0x00, 0x29, 0x04, 0xd0, 0x00, 0x00, 0x80, 0x00, 0x00, 0x08,       /* OPT, DO bit, 8 bytes */
  0x00, 0x0a, 0x00, 0x04, 0xde, 0xad, 0xbe, 0xef,                         /* cookie option */
};

/* A TCP segment with the message (under 256 bytes) twice, each after its
 * length: 2 (2 + len) bytes at out. */
static void
dns_over_tcp_twice (const guint8 *msg, gsize len, guint8 *out)
{
  for (guint k = 0; k < 2; k++)
    {
      guint8 *m = out + k * (2 + len);
      m[0] = 0;
      m[1] = (guint8) len;
      memcpy (m + 2, msg, len);
    }
}

static void
test_dns_query (void)
{
  g_autoptr (LscTree) t = decode_app (dns_query, sizeof dns_query, sizeof dns_query, APP_DNS);
  const LscPinfo *pi = lsc_tree_pinfo (t);
  g_assert_cmpuint (uval (t, "dns.id"), ==, 0x1234);
  g_assert_cmpuint (uval (t, "dns.flags"), ==, 0x0100);
  g_assert_cmpuint (uval (t, "dns.flags.response"), ==, 0);
  g_assert_cmpuint (uval (t, "dns.flags.opcode"), ==, 0);
  g_assert_cmpuint (uval (t, "dns.flags.recdesired"), ==, 1);
  g_assert_cmpuint (uval (t, "dns.flags.truncated"), ==, 0);
  g_assert_cmpuint (uval (t, "dns.count.queries"), ==, 1);
  g_assert_cmpuint (uval (t, "dns.count.answers"), ==, 0);
  g_assert_cmpstr (sval (t, "dns.qry.name"), ==, "example.lab");
  g_assert_cmpuint (uval (t, "dns.qry.type"), ==, 1);
  g_assert_cmpuint (uval (t, "dns.qry.class"), ==, 1);
  g_assert_cmpuint (uval (t, "dns.count.labels"), ==, 2);
  const LscNode *qn = lsc_tree_node (t, lsc_tree_find (t, "dns.qry.name"));
  g_assert_cmpuint (qn->offset, ==, 12);
  g_assert_cmpuint (qn->length, ==, 13);
  g_assert_cmpstr (pi->protocol, ==, "DNS");
  g_assert_cmpstr (pi->info->str, ==, "Standard query 0x1234 A example.lab");
  g_assert_cmpuint (pi->dns_id, ==, 0x1234);
  g_assert_false (pi->dns_response);
  g_assert_cmpint (pi->app_node, ==, lsc_tree_find (t, "dns"));
  g_assert_false (pi->has & LSC_HAS_ERROR);
}

static void
test_dns_response (void)
{
  g_autoptr (LscTree) t = decode_app (dns_response, sizeof dns_response, sizeof dns_response, APP_DNS);
  const LscPinfo *pi = lsc_tree_pinfo (t);
  g_assert_true (pi->dns_response);
  g_assert_cmpuint (uval (t, "dns.flags.response"), ==, 1);
  g_assert_cmpuint (uval (t, "dns.flags.recavail"), ==, 1);
  g_assert_cmpuint (uval (t, "dns.flags.authoritative"), ==, 0);
  g_assert_cmpuint (uval (t, "dns.flags.rcode"), ==, 0);
  g_assert_cmpuint (count_field (t, "dns.resp.name"), ==, 4);
  g_assert_cmpstr (sval_n (t, "dns.resp.name", 0), ==, "example.lab");
  g_assert_cmpstr (sval_n (t, "dns.resp.name", 1), ==, "www.example.lab");  /* pointer to a pointer */
  g_assert_cmpstr (sval_n (t, "dns.resp.name", 3), ==, "<Root>");
  g_assert_cmpstr (sval (t, "dns.cname"), ==, "www.example.lab");
  g_assert_cmpuint (uval (t, "dns.a"), ==, 0xc6120035);
  g_assert_cmpuint (uval (t, "dns.resp.ttl"), ==, 300);
  const LscNode *aaaa = lsc_tree_node (t, lsc_tree_find (t, "dns.aaaa"));
  g_autoptr (GString) v = g_string_new (NULL);
  lsc_format_value (aaaa, v);
  g_assert_cmpstr (v->str, ==, "fd00::53");
  g_assert_cmpuint (uval (t, "dns.rr.udp_payload_size"), ==, 1232);
  g_assert_cmpuint (uval (t, "dns.resp.z.do"), ==, 1);
  g_assert_cmpuint (uval (t, "dns.opt.code"), ==, 10);
  g_assert_cmpuint (lsc_tree_node (t, lsc_tree_find (t, "dns.opt.data"))->bytes_len, ==, 4);
  g_assert_cmpstr (pi->info->str, ==,
                   "Standard query response 0x1234 A example.lab CNAME www.example.lab A 198.18.0.53 AAAA fd00::53 OPT");
  g_assert_false (pi->has & LSC_HAS_ERROR);
  g_assert_false (any_flag (t, LSC_NODE_MALFORMED));
}

static void
test_dns_records (void)
{
  /* NXDOMAIN-style answer with NS, MX, TXT, PTR and SOA records. */
  static const guint8 d[] = {
    0xbe, 0xef, 0x84, 0x03, 0x00, 0x01, 0x00, 0x04, 0x00, 0x01, 0x00, 0x00,
    Q_EXAMPLE_LAB, 0x00, 0x0f, 0x00, 0x01,
    0xc0, 0x0c, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x05, 2, 'n', 's', 0xc0, 0x0c,
    0xc0, 0x0c, 0x00, 0x0f, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x09, 0x00, 0x0a, 4, 'm', 'a', 'i', 'l', 0xc0, 0x0c,
    0xc0, 0x0c, 0x00, 0x10, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x07, 2, 'h', 'i', 3, 'y', 'o', 'u',
    0xc0, 0x0c, 0x00, 0x0c, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x02, 0xc0, 0x0c,
    0xc0, 0x0c, 0x00, 0x06, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x1e,
    0xc0, 0x29, 5, 'a', 'd', 'm', 'i', 'n', 0xc0, 0x0c,
    0, 0, 0, 1,  0, 0, 0x0e, 0x10,  0, 0, 0x03, 0x84,  0, 0x09, 0x3a, 0x80,  0, 0, 0x01, 0x2c,
  };
  g_autoptr (LscTree) t = decode_app (d, sizeof d, sizeof d, APP_DNS);
  const LscPinfo *pi = lsc_tree_pinfo (t);
  g_assert_cmpuint (uval (t, "dns.flags.authoritative"), ==, 1);
  g_assert_cmpuint (uval (t, "dns.flags.rcode"), ==, 3);
  g_assert_cmpstr (sval (t, "dns.ns"), ==, "ns.example.lab");
  g_assert_cmpuint (uval (t, "dns.mx.preference"), ==, 10);
  g_assert_cmpstr (sval (t, "dns.mx.mail_exchange"), ==, "mail.example.lab");
  g_assert_cmpuint (count_field (t, "dns.txt"), ==, 2);
  g_assert_cmpstr (sval_n (t, "dns.txt", 1), ==, "you");
  g_assert_cmpstr (sval (t, "dns.ptr.domain_name"), ==, "example.lab");
  g_assert_cmpstr (sval (t, "dns.soa.mname"), ==, "ns.example.lab");
  g_assert_cmpstr (sval (t, "dns.soa.rname"), ==, "admin.example.lab");
  g_assert_cmpuint (uval (t, "dns.soa.serial_number"), ==, 1);
  g_assert_cmpuint (uval (t, "dns.soa.expire_limit"), ==, 604800);
  g_assert_cmpuint (uval (t, "dns.soa.minimum_ttl"), ==, 300);
  g_assert_false (pi->has & LSC_HAS_ERROR);
  g_assert_true (g_str_has_prefix (pi->info->str, "Standard query response 0xbeef No such name MX example.lab NS ns.example.lab MX 10 mail.example.lab"));
}

/* A query whose question name is replaced by name[], followed by type/class. */
static LscTree *
decode_name (const guint8 *name, guint len)
{
  guint8 d[600];
  static const guint8 hdr[12] = { 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0 };
  g_assert_cmpuint (len + 16, <=, sizeof d);
  memcpy (d, hdr, 12);
  memcpy (d + 12, name, len);
  memcpy (d + 12 + len, "\x00\x01\x00\x01", 4);
  guint8 *copy = g_memdup2 (d, len + 16);
  LscTree *t = decode_app (copy, len + 16, len + 16, APP_DNS);
  /* Names and notes are copied into the tree; the tests read nothing else. */
  g_free (copy);
  return t;
}

static void
test_dns_bad_names (void)
{
  /* Self-pointing pointer. */
  static const guint8 self[] = { 0xc0, 0x0c };
  g_autoptr (LscTree) t1 = decode_name (self, sizeof self);
  g_assert_true (lsc_tree_node (t1, lsc_tree_find (t1, "dns.qry.name"))->flags & LSC_NODE_MALFORMED);
  g_assert_true (has_note (t1, "loop"));
  g_assert_cmpuint (uval (t1, "dns.qry.type"), ==, 1);
  g_assert_cmpstr (lsc_tree_pinfo (t1)->info->str, ==, "Standard query 0x0001 A <Name contains a pointer that loops>");
  g_assert_true (lsc_tree_pinfo (t1)->has & LSC_HAS_ERROR);

  /* A pointer back into the name being read: "a" then a pointer to its own start. */
  static const guint8 back[] = { 1, 'a', 0xc0, 0x0c };
  g_autoptr (LscTree) t2 = decode_name (back, sizeof back);
  g_assert_true (has_note (t2, "loop"));

  /* Forward pointer (to the type field after the name). */
  static const guint8 fwd[] = { 0xc0, 0x0e };
  g_autoptr (LscTree) t3 = decode_name (fwd, sizeof fwd);
  g_assert_true (has_note (t3, "forward"));

  /* Out of range. */
  static const guint8 far[] = { 0xc1, 0xff };
  g_autoptr (LscTree) t4 = decode_name (far, sizeof far);
  g_assert_true (has_note (t4, "points past the end"));

  /* 64-byte label: the length byte 0x40 is not a valid label length. */
  guint8 l64[66];
  l64[0] = 64;
  memset (l64 + 1, 'x', 64);
  l64[65] = 0;
  g_autoptr (LscTree) t5 = decode_name (l64, sizeof l64);
  g_assert_true (has_note (t5, "over 63"));

  /* 63 is fine. */
  l64[0] = 63;
  l64[64] = 0;
  g_autoptr (LscTree) t6 = decode_name (l64, 65);
  g_assert_false (lsc_tree_pinfo (t6)->has & LSC_HAS_ERROR);
  g_assert_cmpuint (strlen (lsc_tree_node (t6, lsc_tree_find (t6, "dns.qry.name"))->text), ==, 63);

  /* Five 63-byte labels make a 321-byte name: over 255. */
  guint8 lng[5 * 64 + 1];
  for (guint k = 0; k < 5; k++)
    {
      lng[64 * k] = 63;
      memset (lng + 64 * k + 1, 'a' + k, 63);
    }
  lng[320] = 0;
  g_autoptr (LscTree) t7 = decode_name (lng, sizeof lng);
  g_assert_true (has_note (t7, "longer than 255"));

  /* The 0x80 label type is reserved. */
  static const guint8 ext[] = { 0x81, 'a', 0 };
  g_autoptr (LscTree) t8 = decode_name (ext, sizeof ext);
  g_assert_true (has_note (t8, "over 63"));

  /* Unprintable and dot bytes inside a label are escaped, not printed raw. */
  static const guint8 odd[] = { 3, 'a', '.', 0x01, 0 };
  g_autoptr (LscTree) t9 = decode_name (odd, sizeof odd);
  g_assert_cmpstr (lsc_tree_node (t9, lsc_tree_find (t9, "dns.qry.name"))->text, ==, "a\\.\\001");
}

static void
test_dns_pointer_cycle (void)
{
  /* An answer name at 29 pointing forward to 31, which points back to 29. */
  static const guint8 d[] = {
    0x00, 0x07, 0x81, 0x80, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,
    Q_EXAMPLE_LAB, 0x00, 0x01, 0x00, 0x01,   /* 12..28 */
    0xc0, 0x1f, 0xc0, 0x1d,                  /* 29: -> 31, 31: -> 29 */
    0x00, 0x01, 0x00, 0x01, 0, 0, 0, 1, 0, 4, 1, 2, 3, 4,
  };
  g_autoptr (LscTree) t = decode_app (d, sizeof d, sizeof d, APP_DNS);
  g_assert_true (lsc_tree_pinfo (t)->has & LSC_HAS_ERROR);
  g_assert_true (has_note (t, "forward"));

  /* The cycle entered from behind, through backward pointers only: the
   * question's type (13) and class (15) fields hold pointers to each other,
   * and the answer's name at 17 points to 15: 17 -> 15 -> 13 -> 15 ... */
  static const guint8 d2[] = {
    0x00, 0x08, 0x81, 0x80, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
    0x00, 0xc0, 0x0f, 0xc0, 0x0d,            /* question: root, "type" -> 15, "class" -> 13 */
    0xc0, 0x0f,                              /* 17: answer name -> 15 */
    0x00, 0x01, 0x00, 0x01, 0, 0, 0, 1, 0, 4, 1, 2, 3, 4,
  };
  g_autoptr (LscTree) t2 = decode_app (d2, sizeof d2, sizeof d2, APP_DNS);
  g_assert_true (has_note (t2, "loop"));
  g_assert_true (lsc_tree_node (t2, lsc_tree_find (t2, "dns.resp.name"))->flags & LSC_NODE_MALFORMED);
  g_assert_cmpstr (sval (t2, "dns.resp.name"), ==, "<Name contains a pointer that loops>");
  /* The bad pointer's length is known, so the record itself is still read. */
  g_assert_cmpuint (uval (t2, "dns.a"), ==, 0x01020304);
}

static void
test_dns_counts_and_lengths (void)
{
  /* The header promises 5 answers, the message holds one. */
  guint8 d[sizeof dns_response];
  memcpy (d, dns_response, sizeof d);
  d[11] = 0;         /* no additional */
  d[7] = 5;
  guint32 len = 29 + 12 + 6;  /* question + the CNAME answer */
  g_autoptr (LscTree) t = decode_app (d, len, len, APP_DNS);
  g_assert_true (has_note (t, "promises 4 more of 5"));
  g_assert_true (any_flag (t, LSC_NODE_MALFORMED));
  g_assert_cmpstr (sval (t, "dns.cname"), ==, "www.example.lab");

  /* The same bytes cut by the snap length are truncated, not malformed. */
  g_autoptr (LscTree) tc = decode_app (d, len, sizeof d, APP_DNS);
  g_assert_true (any_flag (tc, LSC_NODE_TRUNCATED));
  g_assert_false (any_flag (tc, LSC_NODE_MALFORMED));

  /* An A record with a 5-byte data length. */
  static const guint8 bad_a[] = {
    0x00, 0x09, 0x81, 0x80, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x01, 0x00, 0x01, 0, 0, 0, 1, 0x00, 0x05, 1, 2, 3, 4, 5,
  };
  g_autoptr (LscTree) ta = decode_app (bad_a, sizeof bad_a, sizeof bad_a, APP_DNS);
  g_assert_true (has_note (ta, "wrong for a A record"));
  g_assert_cmpint (lsc_tree_find (ta, "dns.a"), <, 0);

  /* Data length past the end. */
  static const guint8 long_rd[] = {
    0x00, 0x09, 0x81, 0x80, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x01, 0x00, 0x01, 0, 0, 0, 1, 0x00, 0x40, 1, 2, 3, 4,
  };
  g_autoptr (LscTree) tl = decode_app (long_rd, sizeof long_rd, sizeof long_rd, APP_DNS);
  g_assert_true (any_flag (tl, LSC_NODE_MALFORMED));

  /* Shorter than the header: what is there is shown, the ID above all. */
  g_autoptr (LscTree) ts = decode_app (dns_query, 5, 5, APP_DNS);
  g_assert_true (lsc_tree_node (ts, lsc_tree_find (ts, "dns"))->flags & LSC_NODE_MALFORMED);
  check (ts, "dns.id", 0x1234, 0, 2);
  check (ts, "dns.flags", 0x0100, 2, 2);
  g_assert_cmpint (lsc_tree_find (ts, "dns.count.queries"), <, 0);
  g_assert_cmpuint (lsc_tree_pinfo (ts)->dns_id, ==, 0x1234);
  g_assert_nonnull (strstr (lsc_tree_pinfo (ts)->info->str, "ID 0x1234"));
  g_autoptr (LscTree) t7 = decode_app (dns_query, 7, 7, APP_DNS);
  check (t7, "dns.count.queries", 1, 4, 2);
  g_autoptr (LscTree) t1 = decode_app (dns_query, 1, 1, APP_DNS);
  g_assert_cmpint (lsc_tree_find (t1, "dns.id"), <, 0);
  /* Zero bytes. */
  g_autoptr (LscTree) tz = decode_app (dns_query, 0, 0, APP_DNS);
  g_assert_true (lsc_tree_pinfo (tz)->has & LSC_HAS_ERROR);
}

static void
test_dns_over_tcp (void)
{
  guint8 d[2 + sizeof dns_response];
  d[0] = 0;
  d[1] = sizeof dns_response;
  memcpy (d + 2, dns_response, sizeof dns_response);
  g_autoptr (LscTree) t = decode_app (d, sizeof d, sizeof d, APP_DNS_TCP);
  g_assert_cmpuint (uval (t, "dns.length"), ==, sizeof dns_response);
  /* Offsets are in the frame: the message starts after the 2-byte prefix. */
  g_assert_cmpuint (lsc_tree_node (t, lsc_tree_find (t, "dns.id"))->offset, ==, 2);
  g_assert_cmpstr (sval (t, "dns.cname"), ==, "www.example.lab");
  g_assert_false (lsc_tree_pinfo (t)->has & LSC_HAS_ERROR);

  /* A message that continues in the next segment: incomplete, not broken. */
  g_autoptr (LscTree) tp = decode_app (d, 40, 40, APP_DNS_TCP);
  g_assert_true (has_note (tp, "later segments"));
  g_assert_false (any_flag (tp, LSC_NODE_MALFORMED));
  g_assert_cmpuint (uval (tp, "dns.id"), ==, 0x1234);

  /* Two messages in one segment: both are decoded, pinfo keeps the first. */
  guint8 two[2 * (2 + sizeof dns_query)];
  dns_over_tcp_twice (dns_query, sizeof dns_query, two);
  two[2 + sizeof dns_query + 2 + 1] = 0x35;          /* second ID 0x1235 */
  two[sizeof two - 3] = 0x1c;                        /* second type AAAA */
  g_autoptr (LscTree) t2 = decode_app (two, sizeof two, sizeof two, APP_DNS_TCP);
  g_assert_cmpuint (count_field (t2, "dns"), ==, 2);
  g_assert_cmpuint (count_field (t2, "dns.length"), ==, 2);
  g_assert_cmpuint (lsc_tree_node (t2, nth_field (t2, "dns", 1))->offset, ==, 2 + sizeof dns_query);
  g_assert_cmpstr (lsc_tree_pinfo (t2)->info->str, ==, "Standard query 0x1234 A example.lab, Standard query 0x1235 AAAA example.lab");
  g_assert_cmpuint (lsc_tree_pinfo (t2)->dns_id, ==, 0x1234);
  g_assert_false (lsc_tree_pinfo (t2)->has & LSC_HAS_ERROR);

  /* Only one byte of the prefix. */
  g_autoptr (LscTree) t1 = decode_app (d, 1, 1, APP_DNS_TCP);
  g_assert_cmpint (lsc_tree_find (t1, "dns.length"), <, 0);
}

static void
test_dns_truncated_everywhere (void)
{
  for (guint n = 0; n <= sizeof dns_response; n++)
    {
      guint8 *copy = g_memdup2 (dns_response, n ? n : 1);
      g_autoptr (LscTree) t = decode_app (copy, n, sizeof dns_response, APP_DNS);
      if (n < sizeof dns_response)
        {
          g_assert_true (lsc_tree_pinfo (t)->has & LSC_HAS_ERROR);
          g_assert_false (any_flag (t, LSC_NODE_MALFORMED));  /* cut, not broken */
        }
      lsc_tree_reset (t);  /* before the bytes go */
      g_free (copy);
      /* The same prefix as a whole message: malformed but never a crash. */
      copy = g_memdup2 (dns_response, n ? n : 1);
      g_autoptr (LscTree) t2 = decode_app (copy, n, n, APP_DNS);
      lsc_tree_reset (t2);
      g_free (copy);
    }
}

/* Every byte of a response set to every value: no crash, no read outside the
 * message (ASan), no node outside it, and the decoding always ends. */
static void
test_dns_every_byte_value (void)
{
  guint8 d[sizeof dns_response];
  g_autoptr (LscTree) t = NULL;
  for (guint pos = 0; pos < sizeof d; pos++)
    for (guint v = 0; v < 256; v++)
      {
        memcpy (d, dns_response, sizeof d);
        d[pos] = (guint8) v;
        g_clear_pointer (&t, lsc_tree_free);
        t = decode_app (d, sizeof d, sizeof d, APP_DNS);
        assert_nodes_inside (t, sizeof d);
        g_assert_cmpstr (lsc_tree_pinfo (t)->protocol, ==, "DNS");
      }
}

static void
test_dns_summary_like_full (void)
{
  assert_summary_like_full_damaged (dns_query, sizeof dns_query, APP_DNS);
  assert_summary_like_full_damaged (dns_response, sizeof dns_response, APP_DNS);
  /* Two messages in one TCP segment: the second adds to Info. */
  guint8 two[2 * (2 + sizeof dns_response)];
  dns_over_tcp_twice (dns_response, sizeof dns_response, two);
  assert_summary_like_full_damaged (two, sizeof two, APP_DNS_TCP);
}

/* ---- HTTP ---- */

static void
test_http_request (void)
{
  static const char req[] =
    "POST /login?next=/ HTTP/1.1\r\n"
    "Host: example.lab\r\n"
    "User-Agent: lab-client/1.0\r\n"
    "Accept: */*\r\n"
    "Cookie: id=7\r\n"
    "X-Lab: yes\r\n"
    "Content-Type: application/x-www-form-urlencoded\r\n"
    "Content-Length: 9\r\n"
    "Connection: keep-alive\r\n"
    "\r\n"
    "user=anna";
  g_autoptr (LscTree) t = decode_app ((const guint8 *) req, sizeof req - 1, sizeof req - 1, APP_HTTP);
  const LscPinfo *pi = lsc_tree_pinfo (t);
  g_assert_cmpstr (pi->protocol, ==, "HTTP");
  g_assert_cmpstr (sval (t, "http.request.method"), ==, "POST");
  g_assert_cmpstr (sval (t, "http.request.uri"), ==, "/login?next=/");
  g_assert_cmpstr (sval (t, "http.request.version"), ==, "HTTP/1.1");
  g_assert_cmpstr (sval (t, "http.host"), ==, "example.lab");
  g_assert_cmpstr (sval (t, "http.user_agent"), ==, "lab-client/1.0");
  g_assert_cmpstr (sval (t, "http.accept"), ==, "*/*");
  g_assert_cmpstr (sval (t, "http.cookie"), ==, "id=7");
  g_assert_cmpstr (sval (t, "http.content_type"), ==, "application/x-www-form-urlencoded");
  g_assert_cmpstr (sval (t, "http.content_length_header"), ==, "9");
  g_assert_cmpuint (uval (t, "http.content_length"), ==, 9);
  g_assert_cmpstr (sval (t, "http.connection"), ==, "keep-alive");
  g_assert_cmpuint (count_field (t, "http.request.line"), ==, 8);
  g_assert_cmpstr (sval_n (t, "http.request.line", 0), ==, "Host: example.lab\\r\\n");
  g_assert_cmpstr (sval (t, "http.file_data"), ==, "user=anna");
  /* Offsets: the method is at 0, the URI at 5, the body at its place. */
  g_assert_cmpuint (lsc_tree_node (t, lsc_tree_find (t, "http.request.uri"))->offset, ==, 5);
  const LscNode *body = lsc_tree_node (t, lsc_tree_find (t, "http.file_data"));
  g_assert_cmpuint (body->offset, ==, sizeof req - 1 - 9);
  g_assert_cmpuint (body->length, ==, 9);
  g_assert_true (has_note (t, "CR LF CR LF"));
  g_assert_cmpstr (pi->info->str, ==, "POST /login?next=/ HTTP/1.1");
  g_assert_false (pi->has & LSC_HAS_ERROR);
  g_assert_cmpint (pi->app_node, ==, lsc_tree_find (t, "http"));
}

static void
test_http_response (void)
{
  static const char resp[] =
    "HTTP/1.1 200 OK\r\n"
    "Server: lab\r\n"
    "Content-Type: text/html; charset=utf-8\r\n"
    "Content-Length: 20\r\n"
    "\r\n"
    "<p>hi\x01</p>";
  g_autoptr (LscTree) t = decode_app ((const guint8 *) resp, sizeof resp - 1, sizeof resp - 1, APP_HTTP);
  const LscPinfo *pi = lsc_tree_pinfo (t);
  g_assert_cmpstr (sval (t, "http.response.version"), ==, "HTTP/1.1");
  g_assert_cmpuint (uval (t, "http.response.code"), ==, 200);
  g_assert_cmpstr (sval (t, "http.response.phrase"), ==, "OK");
  g_assert_cmpstr (sval (t, "http.server"), ==, "lab");
  g_assert_cmpuint (count_field (t, "http.response.line"), ==, 3);
  g_assert_cmpstr (sval (t, "http.file_data"), ==, "<p>hi.</p>");
  g_assert_true (has_note (t, "later segments"));  /* 20 promised, 10 here */
  g_assert_true (has_note (t, "Content-Length promises 20 body bytes, 10 are in this segment"));
  g_assert_cmpstr (pi->info->str, ==, "HTTP/1.1 200 OK  (text/html)");
  g_assert_false (pi->has & LSC_HAS_ERROR);

  static const char nf[] = "HTTP/1.0 404 Not Found\r\nLocation: /x\r\n\r\n";
  g_autoptr (LscTree) t2 = decode_app ((const guint8 *) nf, sizeof nf - 1, sizeof nf - 1, APP_HTTP);
  g_assert_cmpuint (uval (t2, "http.response.code"), ==, 404);
  g_assert_cmpstr (sval (t2, "http.response.phrase"), ==, "Not Found");
  g_assert_cmpstr (sval (t2, "http.location"), ==, "/x");
  g_assert_cmpstr (lsc_tree_pinfo (t2)->info->str, ==, "HTTP/1.0 404 Not Found");
}

/* A response's media type closes the Info: whatever its length, the text
 * stays inside the Info's buffer (the NUL included) and reads "(type)". */
static void
test_http_media_type_lengths (void)
{
  for (gsize n = 1; n < 600; n++)
    {
      g_autoptr (GString) resp = g_string_new ("HTTP/1.1 200 OK\r\nContent-Type: text/");
      for (gsize k = 0; k < n; k++)
        g_string_append_c (resp, (char) ('A' + k % 26));
      g_string_append (resp, "; charset=utf-8\r\n\r\n");
      g_autoptr (LscTree) t = decode_app ((const guint8 *) resp->str, resp->len, resp->len, APP_HTTP);
      const GString *info = lsc_tree_pinfo (t)->info;
      g_assert_cmpuint (info->len, <, info->allocated_len);
      g_assert_cmpint (info->str[info->len], ==, '\0');
      g_assert_cmpint (info->str[info->len - 1], ==, ')');
      g_assert_cmpuint (info->len, ==, strlen ("HTTP/1.1 200 OK  (text/)") + n);
      g_assert_cmpint (info->str[info->len - 2], ==, 'a' + (n - 1) % 26);
    }
}

/* Every header line is shown as written: the name as sent, then the value,
 * without the CR LF; the raw line and the value stay filterable. */
static void
test_http_header_lines (void)
{
  static const char req[] =
    "GET / HTTP/1.1\r\n"
    "accept-encoding: identity\r\n"
    "Last-Modified: Sun, 22 Nov 2026 11:32:46 GMT\r\n"
    "\r\n";
  g_autoptr (LscTree) t = decode_app ((const guint8 *) req, sizeof req - 1, sizeof req - 1, APP_HTTP);
  g_autoptr (GString) s = g_string_new (NULL);
  lsc_format_tree_text (t, LSC_MODEL_TCPIP5, FALSE, s);
  g_assert_nonnull (strstr (s->str, "    accept-encoding: identity\n"));
  g_assert_nonnull (strstr (s->str, "    Last-Modified: Sun, 22 Nov 2026 11:32:46 GMT\n"));
  g_assert_null (strstr (s->str, "Request line"));
  g_assert_null (strstr (s->str, "identity\\r\\n"));
  g_assert_cmpstr (sval (t, "http.accept_encoding"), ==, "identity");
  /* The visible line is the header's own field, so its explanation and id
   * reach the GUI and JSON. */
  gint32 ae = lsc_tree_find (t, "http.accept_encoding");
  g_assert_false (lsc_tree_node (t, ae)->flags & LSC_NODE_HIDDEN);
  g_assert_cmpstr (lsc_tree_node (t, ae)->label, ==, "accept-encoding: identity");
  g_assert_cmpuint (count_field (t, "http.request.line"), ==, 2);
  g_assert_cmpstr (sval_n (t, "http.request.line", 0), ==, "accept-encoding: identity\\r\\n");
  g_assert_cmpstr (sval_n (t, "http.request.line", 1), ==, "Last-Modified: Sun, 22 Nov 2026 11:32:46 GMT\\r\\n");
}

static void
test_http_split_headers (void)
{
  /* The segment ends inside the header block. */
  static const char part[] = "GET /a HTTP/1.1\r\nHost: example.lab\r\nUser-Ag";
  g_autoptr (LscTree) t = decode_app ((const guint8 *) part, sizeof part - 1, sizeof part - 1, APP_HTTP);
  g_assert_cmpstr (sval (t, "http.host"), ==, "example.lab");
  g_assert_true (has_note (t, "Partial header line"));
  g_assert_true (has_note (t, "Header block incomplete"));
  g_assert_false (any_flag (t, LSC_NODE_MALFORMED));
  g_assert_false (lsc_tree_pinfo (t)->has & LSC_HAS_ERROR);
  g_assert_cmpstr (lsc_tree_pinfo (t)->info->str, ==, "GET /a HTTP/1.1");

  /* Cut by the snap length instead. */
  g_autoptr (LscTree) tc = decode_app ((const guint8 *) part, 20, 200, APP_HTTP);
  g_assert_true (has_note (tc, "capture was cut"));

  /* Every prefix decodes without reading past it. */
  static const char full[] = "GET /index.html HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc";
  for (guint n = 0; n <= sizeof full - 1; n++)
    {
      guint8 *copy = g_memdup2 (full, n ? n : 1);
      g_autoptr (LscTree) tt = decode_app (copy, n, n, APP_HTTP);
      lsc_tree_reset (tt);
      g_free (copy);
    }
}

static void
test_http_pipelined (void)
{
  /* Two requests back to back (no body: no Content-Length), then a POST with a body. */
  static const char two[] =
    "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
    "GET /b HTTP/1.1\r\nHost: x\r\n\r\n"
    "POST /c HTTP/1.1\r\nContent-Length: 2\r\n\r\nokGARBAGE";
  g_autoptr (LscTree) t = decode_app ((const guint8 *) two, sizeof two - 1, sizeof two - 1, APP_HTTP);
  g_assert_cmpuint (count_field (t, "http"), ==, 3);
  g_assert_cmpstr (sval_n (t, "http.request.uri", 1), ==, "/b");
  g_assert_cmpstr (sval_n (t, "http.request.uri", 2), ==, "/c");
  g_assert_cmpuint (lsc_tree_node (t, nth_field (t, "http", 1))->offset, ==, 28);
  g_assert_cmpuint (lsc_tree_node (t, nth_field (t, "http", 1))->length, ==, 28);
  g_assert_cmpstr (sval (t, "http.file_data"), ==, "ok");
  g_assert_cmpuint (uval (t, "data.len"), ==, 7);   /* the bytes after the last body */
  g_assert_true (has_note (t, "not an HTTP message"));
  g_assert_cmpstr (lsc_tree_pinfo (t)->info->str, ==, "GET /a HTTP/1.1, GET /b HTTP/1.1, POST /c HTTP/1.1");
  g_assert_cmpint (lsc_tree_pinfo (t)->app_node, ==, lsc_tree_find (t, "http"));

  /* A response without Content-Length runs to the end of the segment. */
  static const char resp[] = "HTTP/1.0 200 OK\r\n\r\nGET /not-a-request HTTP/1.1\r\n";
  g_autoptr (LscTree) t2 = decode_app ((const guint8 *) resp, sizeof resp - 1, sizeof resp - 1, APP_HTTP);
  g_assert_cmpuint (count_field (t2, "http"), ==, 1);
  g_assert_cmpstr (sval (t2, "http.file_data"), ==, "GET /not-a-request HTTP/1.1\\r\\n");
}

static void
test_http_malformed (void)
{
  static const char bad[] = "GET /\r\nHost a\r\n\r\n";
  g_autoptr (LscTree) t = decode_app ((const guint8 *) bad, sizeof bad - 1, sizeof bad - 1, APP_HTTP);
  g_assert_true (has_note (t, "Not a valid request line"));
  g_assert_true (has_note (t, "needs a colon"));
  g_assert_true (lsc_tree_pinfo (t)->has & LSC_HAS_ERROR);

  static const char badlen[] = "HTTP/1.1 200 OK\r\nContent-Length: lots\r\n\r\n";
  g_autoptr (LscTree) t2 = decode_app ((const guint8 *) badlen, sizeof badlen - 1, sizeof badlen - 1, APP_HTTP);
  g_assert_true (has_note (t2, "not a number"));
  g_assert_cmpint (lsc_tree_find (t2, "http.content_length"), <, 0);

  static const char badcode[] = "HTTP/1.1 2x0 OK\r\n\r\n";
  g_autoptr (LscTree) t3 = decode_app ((const guint8 *) badcode, sizeof badcode - 1, sizeof badcode - 1, APP_HTTP);
  g_assert_true (has_note (t3, "Not a valid status line"));
}

/* Every byte of a small request and response set to every value. */
static void
test_http_every_byte_value (void)
{
  static const char *const msgs[] = {
    "GET /a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi",
    "HTTP/1.0 301 Moved\r\nLocation: /b\r\nContent-Type: text/plain;q=1\r\n\r\n",
  };
  for (guint m = 0; m < G_N_ELEMENTS (msgs); m++)
    {
      gsize len = strlen (msgs[m]);
      for (gsize pos = 0; pos < len; pos++)
        for (guint v = 0; v < 256; v++)
          {
            guint8 *d = (guint8 *) g_strdup (msgs[m]);
            d[pos] = (guint8) v;
            g_autoptr (LscTree) t = decode_app (d, (guint32) len, (guint32) len, APP_HTTP);
            assert_nodes_inside (t, (guint32) len);
            lsc_tree_reset (t);
            g_free (d);
          }
    }
}

/* Known headers are found in any case; names a byte away from one are
 * plain header lines. */
static void
test_http_known_headers (void)
{
  static const struct {
    const char *name, *id;
  } known[] = {
    { "Host", "http.host" }, { "Date", "http.date" }, { "Server", "http.server" }, { "Accept", "http.accept" },
    { "Cookie", "http.cookie" }, { "Referer", "http.referer" }, { "Location", "http.location" },
    { "User-Agent", "http.user_agent" }, { "Connection", "http.connection" }, { "Set-Cookie", "http.set_cookie" },
    { "Content-Type", "http.content_type" }, { "Cache-Control", "http.cache_control" },
    { "Content-Length", "http.content_length_header" }, { "Accept-Encoding", "http.accept_encoding" },
    { "Accept-Language", "http.accept_language" }, { "Content-Encoding", "http.content_encoding" },
    { "Transfer-Encoding", "http.transfer_encoding" },
  };
  for (guint k = 0; k < G_N_ELEMENTS (known); k++)
    {
      gsize n = strlen (known[k].name);
      for (guint form = 0; form < 8; form++)
        {
          /* 0 as written, 1 upper, 2 lower, 3 alternating case; 4-7 a byte
           * away: the last byte changed, '-' (or the first byte) as CR, the
           * first byte off by 0x40, one byte more. */
          g_autofree char *name = form == 1   ? g_ascii_strup (known[k].name, -1)
                                  : form == 2 ? g_ascii_strdown (known[k].name, -1)
                                  : form == 7 ? g_strconcat (known[k].name, "s", NULL)
                                              : g_strdup (known[k].name);
          if (form == 3)
            for (gsize i = 0; i < n; i += 2)
              name[i] = g_ascii_islower (name[i]) ? g_ascii_toupper (name[i]) : g_ascii_tolower (name[i]);
          else if (form == 4)
            name[n - 1]++;
          else if (form == 5)
            {
              char *dash = strchr (name, '-');
              *(dash ? dash : name) = '\r';
            }
          else if (form == 6)
            name[0] ^= 0x40;
          g_autofree char *req = g_strdup_printf ("GET / HTTP/1.1\r\n%s: 12\r\n\r\n", name);
          g_autoptr (LscTree) t = decode_app ((const guint8 *) req, (guint32) strlen (req), (guint32) strlen (req), APP_HTTP);
          g_assert_cmpuint (count_field (t, "http.request.line"), ==, 1);
          if (form < 4)
            g_assert_cmpstr (sval (t, known[k].id), ==, "12");
          else
            g_assert_cmpint (lsc_tree_find (t, known[k].id), <, 0);
        }
    }
}

/* Content-Length is read as g_ascii_string_to_unsigned() reads the value
 * (up to a NUL in it): digits only; up to G_MAXINT64 in the tree, up to
 * G_MAXUINT32 for the reassembly's message length. */
static void
test_http_content_length (void)
{
  static const char *const values[] = {
    "0", "5", "0005", "+5", "-5", "5a", "a5", "5 5", "", "0x10", "4294967295", "4294967296",
    "9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616",
    "99999999999999999999999", "1\0002", "\0001", "\xd9\xa3",
  };
  static const gsize lens[] = { 1, 1, 4, 2, 2, 2, 2, 3, 0, 4, 10, 10, 19, 19, 20, 20, 23, 3, 2, 2 };
  G_STATIC_ASSERT (G_N_ELEMENTS (values) == G_N_ELEMENTS (lens));
  for (guint k = 0; k < G_N_ELEMENTS (values); k++)
    {
      g_autofree char *num = g_strndup (values[k], lens[k]);
      guint64 want = 0, want32 = 0;
      gboolean ok = g_ascii_string_to_unsigned (num, 10, 0, G_MAXINT64, &want, NULL);
      gboolean ok32 = g_ascii_string_to_unsigned (num, 10, 0, G_MAXUINT32, &want32, NULL);

      g_autoptr (GString) msg = g_string_new ("HTTP/1.1 200 OK\r\nContent-Length: ");
      g_string_append_len (msg, values[k], (gssize) lens[k]);
      g_string_append (msg, "\r\n\r\nhello");
      g_autoptr (LscTree) t = decode_app ((const guint8 *) msg->str, (guint32) msg->len, (guint32) msg->len, APP_HTTP);
      if (ok)
        g_assert_cmpuint (uval (t, "http.content_length"), ==, want);
      else
        {
          g_assert_cmpint (lsc_tree_find (t, "http.content_length"), <, 0);
          g_assert_true (has_note (t, "not a number"));
        }

      gsize mlen = 0;
      int r = lsc_http_message_length ((const guint8 *) msg->str, msg->len, &mlen);
      gsize hend = msg->len - 5;
      if (!ok32)
        g_assert_cmpint (r, ==, -1);
      else if (want32 <= 5)
        {
          g_assert_cmpint (r, ==, 1);
          g_assert_cmpuint (mlen, ==, hend + want32);
        }
      else
        g_assert_cmpint (r, ==, 0);
    }
}

static void
test_http_summary_like_full (void)
{
  static const char *const msgs[] = {
    "GET /a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi",
    "HTTP/1.0 301 Moved\r\nLocation: /b\r\nContent-Type: Text/Plain;q=1\r\n\r\n",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n",
    "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\nhost: y\r\n\r\n",
  };
  for (guint m = 0; m < G_N_ELEMENTS (msgs); m++)
    assert_summary_like_full_damaged ((const guint8 *) msgs[m], strlen (msgs[m]), APP_HTTP);
}

static void
test_http_detect (void)
{
#define B(s) lsc_buf_init ((const guint8 *) (s), sizeof (s) - 1, sizeof (s) - 1)
  g_assert_true (lsc_http_detect (B ("GET / HTTP/1.1\r\n"), FALSE));
  g_assert_true (lsc_http_detect (B ("POST /x HTTP/1.0\r\n"), FALSE));
  g_assert_true (lsc_http_detect (B ("HTTP/1.1 200 OK\r\n"), FALSE));
  g_assert_false (lsc_http_detect (B ("GETX / HTTP/1.1\r\n"), FALSE));
  g_assert_false (lsc_http_detect (B ("hello server"), TRUE));
  g_assert_false (lsc_http_detect (B ("GET"), TRUE));
  g_assert_false (lsc_http_detect (B (""), TRUE));
  g_assert_false (lsc_http_detect (B ("MKCOL /dav/ HTTP/1.1\r\n"), FALSE));
  g_assert_true (lsc_http_detect (B ("MKCOL /dav/ HTTP/1.1\r\n"), TRUE));
  g_assert_false (lsc_http_detect (B ("MKCOL /dav/ HTTP/1.1"), TRUE));  /* no line end yet */
#undef B
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/proto/dns/query", test_dns_query);
  g_test_add_func ("/proto/dns/response", test_dns_response);
  g_test_add_func ("/proto/dns/records", test_dns_records);
  g_test_add_func ("/proto/dns/bad-names", test_dns_bad_names);
  g_test_add_func ("/proto/dns/pointer-cycle", test_dns_pointer_cycle);
  g_test_add_func ("/proto/dns/counts-lengths", test_dns_counts_and_lengths);
  g_test_add_func ("/proto/dns/over-tcp", test_dns_over_tcp);
  g_test_add_func ("/proto/dns/truncated-every-byte", test_dns_truncated_everywhere);
  g_test_add_func ("/proto/dns/every-byte-value", test_dns_every_byte_value);
  g_test_add_func ("/proto/dns/summary-like-full", test_dns_summary_like_full);
  g_test_add_func ("/proto/http/request", test_http_request);
  g_test_add_func ("/proto/http/response", test_http_response);
  g_test_add_func ("/proto/http/media-type-lengths", test_http_media_type_lengths);
  g_test_add_func ("/proto/http/header-lines", test_http_header_lines);
  g_test_add_func ("/proto/http/split-headers", test_http_split_headers);
  g_test_add_func ("/proto/http/pipelined", test_http_pipelined);
  g_test_add_func ("/proto/http/malformed", test_http_malformed);
  g_test_add_func ("/proto/http/every-byte-value", test_http_every_byte_value);
  g_test_add_func ("/proto/http/known-headers", test_http_known_headers);
  g_test_add_func ("/proto/http/content-length", test_http_content_length);
  g_test_add_func ("/proto/http/summary-like-full", test_http_summary_like_full);
  g_test_add_func ("/proto/http/detect", test_http_detect);
  return g_test_run ();
}

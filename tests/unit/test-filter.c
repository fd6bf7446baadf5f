/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-filter.c — the display filter language: parsing, precedence, every
 * operator and value form, Wireshark's any/all semantics, errors with columns */
#include "core/lsc-dissect.h"
#include "core/lsc-filter.h"
#include "lsc-test-frames.h"

#include <pthread.h>
#include <string.h>

typedef struct {
  const guint8 *data;
  gsize len;
} Frame;

#define FRAME(a) ((Frame) { a, sizeof a })

static LscTree *
decode (Frame fr)
{
  LscTree *t = lsc_tree_new ();
  LscPacket pkt = { .num = 1, .ts_ns = 1500000000, .caplen = (guint32) fr.len, .wirelen = (guint32) fr.len,
                    .linktype = LSC_LINK_ETHERNET, .data = fr.data };
  LscDissectOptions opt;
  lsc_dissect_options_init (&opt);
  opt.resolve_oui = FALSE;
  lsc_dissect (t, &pkt, &opt);
  return t;
}

static gboolean
matches (const char *filter, Frame fr)
{
  g_autoptr (GError) err = NULL;
  guint col = 99;
  g_autoptr (LscFilter) f = lsc_filter_compile (filter, &col, &err);
  if (!f)
    g_error ("filter '%s' did not compile: %s (column %u)", filter, err->message, col);
  g_assert_cmpuint (col, ==, 0);
  g_autoptr (LscTree) t = decode (fr);
  return lsc_filter_match (f, t);
}

#define YES(flt, fr) g_assert_true (matches (flt, FRAME (fr)))
#define NO(flt, fr) g_assert_false (matches (flt, FRAME (fr)))

static void
test_presence (void)
{
  YES ("eth", arp_req);
  YES ("arp", arp_req);
  NO ("ip", arp_req);
  NO ("arp", dns_query);
  YES ("dns.qry.name", dns_query);
  YES ("udp and dns", dns_query);
  NO ("tcp", dns_query);
  YES ("tcp.flags.syn", tcp_syn);
  YES ("", arp_req);       /* the empty filter lets everything through */
  YES ("   ", tcp_syn);
}

static void
test_integer_relations (void)
{
  YES ("frame.len == 42", arp_req);
  NO ("frame.len != 42", arp_req);
  YES ("frame.len != 41", arp_req);
  YES ("frame.len < 43", arp_req);
  NO ("frame.len < 42", arp_req);
  YES ("frame.len > 41", arp_req);
  NO ("frame.len > 42", arp_req);
  YES ("frame.len <= 42", arp_req);
  NO ("frame.len <= 41", arp_req);
  YES ("frame.len >= 42", arp_req);
  NO ("frame.len >= 43", arp_req);
  /* Word forms. */
  YES ("frame.len eq 42 and frame.len ne 1 and frame.len lt 50 and frame.len gt 40 and frame.len le 42 and frame.len ge 42",
       arp_req);
  /* Hex, octal, decimal and value names are the same number. */
  YES ("eth.type == 0x0806", arp_req);
  YES ("eth.type == 2054", arp_req);
  YES ("eth.type == 04006", arp_req);
  YES ("eth.type == ARP", arp_req);
  NO ("eth.type == IPv4", arp_req);
  YES ("ip.ttl == 64", dns_query);
  YES ("ip.ttl == 128", tcp_syn);
  YES ("tcp.seq_raw == 1000 && tcp.window_size_value == 64240", tcp_syn);
  YES ("ip.flags.df == 1", tcp_syn);
  YES ("tcp.flags.syn == true and tcp.flags.ack == false", tcp_syn);
  YES ("dns.id == 0x1234", dns_query);
}

static void
test_addresses (void)
{
  YES ("eth.src == 02:00:00:00:00:01", arp_req);
  YES ("eth.src == 02-00-00-00-00-01", arp_req);
  YES ("eth.src == 0200.0000.0001", arp_req);
  YES ("eth.dst == ff:ff:ff:ff:ff:ff", arp_req);
  NO ("eth.dst == 02:00:00:00:00:01", arp_req);
  YES ("eth.src < 02:00:00:00:00:02", arp_req);
  YES ("arp.dst.proto_ipv4 == 198.18.0.2", arp_req);
  YES ("ip.src == 198.18.0.1 and ip.dst == 198.18.0.2", dns_query);
  /* CIDR prefixes. */
  YES ("ip.dst == 198.18.0.0/24", dns_query);
  YES ("ip.dst == 198.18.0.0/15", dns_query);
  YES ("ip.dst == 198.19.255.255/15", dns_query);   /* host bits of the value are ignored */
  NO ("ip.dst == 198.19.0.0/16", dns_query);
  YES ("ip.addr == 0.0.0.0/0", tcp_syn);
  YES ("ip.dst > 198.18.0.1", dns_query);
  NO ("ip.dst > 198.18.0.2", dns_query);
  /* IPv6: full addresses, prefixes on and off a byte boundary, ordering. */
  YES ("ipv6.src == fd00::1 and ipv6.dst == fd00:0:0:0:0:0:0:2", icmpv6_echo);
  YES ("ipv6.dst == fd00::/8", icmpv6_echo);
  YES ("ipv6.dst == fc00::/7", icmpv6_echo);
  NO ("ipv6.dst == fc00::/8", icmpv6_echo);
  YES ("ipv6.dst == fd00::3/126", icmpv6_echo);
  NO ("ipv6.dst == fd00::4/126", icmpv6_echo);
  YES ("ipv6.addr == fd00::2", icmpv6_echo);
  YES ("ipv6.src < ipv6.dst", icmpv6_echo);
  NO ("ipv6.src == ::1", icmpv6_echo);
  NO ("ip.addr == 198.18.0.0/15", icmpv6_echo);
}

static void
test_any_and_all (void)
{
  /* eth.addr holds both addresses: == needs one to match, != needs all to
   * differ (Wireshark 3.6+), ~= needs one to differ. */
  YES ("eth.addr == ff:ff:ff:ff:ff:ff", arp_req);
  YES ("eth.addr == 02:00:00:00:00:01", arp_req);
  NO ("eth.addr != ff:ff:ff:ff:ff:ff", arp_req);
  YES ("eth.addr ~= ff:ff:ff:ff:ff:ff", arp_req);
  YES ("eth.addr any_ne ff:ff:ff:ff:ff:ff", arp_req);
  YES ("eth.addr != 02:00:00:00:00:99", arp_req);
  YES ("ip.addr == 198.18.0.2", tcp_syn);
  NO ("ip.addr != 198.18.0.2", tcp_syn);
  YES ("tcp.port == 80 and tcp.port == 40000", tcp_syn);
  /* A comparison on an absent field is false, whatever the operator. */
  NO ("ip.ttl == 64", arp_req);
  NO ("ip.ttl != 64", arp_req);
  NO ("ip.ttl ~= 64", arp_req);
  NO ("ip.ttl < 1000", arp_req);
  YES ("!(ip.ttl == 64)", arp_req);
}

static void
test_strings_and_bytes (void)
{
  YES ("dns.qry.name == \"example.com\"", dns_query);
  YES ("dns.qry.name == 'example.com'", dns_query);
  YES ("dns.qry.name == example.com", dns_query);          /* a bare word works for strings */
  NO ("dns.qry.name == \"Example.com\"", dns_query);
  YES ("dns.qry.name != \"example.org\"", dns_query);
  YES ("dns.qry.name contains \"ample\"", dns_query);
  NO ("dns.qry.name contains \"AMPLE\"", dns_query);       /* contains is case-sensitive */
  YES ("dns.qry.name matches \"^EXAM.*\\\\.com$\"", dns_query); /* matches is not */
  YES ("dns.qry.name ~ \"com$\"", dns_query);
  NO ("dns.qry.name matches \"^com\"", dns_query);
  YES ("dns.qry.name < \"f\" and dns.qry.name > \"e\"", dns_query);
  YES ("dns.qry.name == \"ex\\x61mple.com\"", dns_query);  /* \xHH escapes */
  /* A protocol contains its header and everything after it. */
  YES ("udp contains \"example\"", dns_query);
  YES ("frame contains 07:65:78:61", dns_query);
  YES ("eth contains c6:12:00:02", arp_req);
  NO ("ip contains \"example\"", tcp_syn);
  YES ("ip contains 9c:40", tcp_syn);
}

static void
test_times_and_raw_text (void)
{
  /* frame.time_epoch of the test frames is 1.5 s after the epoch. */
  YES ("frame.time_epoch == 1.5", arp_req);
  YES ("frame.time_epoch > 1 and frame.time_epoch < 2", arp_req);
  NO ("frame.time_epoch >= 1.6", arp_req);

  /* Text from the wire need not be UTF-8: matches still works on its bytes. */
  g_autoptr (LscTree) t = lsc_tree_new ();
  lsc_tree_add_string (t, LSC_ROOT, lsc_fields_lookup ("dns.qry.name"), 0, 1, "\xff\xfe www.Example.com", -1);
  g_autoptr (LscFilter) f = lsc_filter_compile ("dns.qry.name matches \"example\\\\.COM$\"", NULL, NULL);
  g_autoptr (LscFilter) g = lsc_filter_compile ("dns.qry.name contains \"\\xff\\xfe\"", NULL, NULL);
  g_assert_true (lsc_filter_match (f, t));
  g_assert_true (lsc_filter_match (g, t));
}

static void
test_sets (void)
{
  YES ("tcp.dstport in {22 80 443}", tcp_syn);
  YES ("tcp.dstport in {22, 80, 443}", tcp_syn);
  NO ("tcp.dstport in {22 443}", tcp_syn);
  YES ("tcp.srcport in {1..1023 32768..60999}", tcp_syn);
  NO ("tcp.srcport in {1..1023}", tcp_syn);
  YES ("ip.ttl in {64 128}", tcp_syn);
  YES ("dns.qry.name in {\"a.example\" \"example.com\"}", dns_query);
  YES ("ip.dst in {10.0.0.0/8 198.18.0.0/15}", tcp_syn);
}

static char *parse_shape (const char *text);

static void
test_field_against_field (void)
{
  NO ("ip.src == ip.dst", tcp_syn);
  YES ("ip.src != ip.dst", tcp_syn);
  YES ("ip.src < ip.dst", tcp_syn);
  YES ("tcp.srcport > tcp.dstport", tcp_syn);
  NO ("tcp.srcport <= tcp.dstport", tcp_syn);
  YES ("eth.dst > eth.src", arp_req);
  NO ("eth.dst == eth.src", arp_req);
  YES ("arp.src.proto_ipv4 < arp.dst.proto_ipv4", arp_req);
  /* An absent right-hand field makes every relation false. */
  NO ("udp.srcport == tcp.srcport", tcp_syn);
  NO ("udp.srcport != tcp.srcport", tcp_syn);
  /* A value name still wins over a protocol of the same name. */
  YES ("eth.type == ARP", arp_req);

  g_autoptr (GError) err = NULL;
  guint col = 0;
  g_assert_null (lsc_filter_compile ("ip.src == eth.src", &col, &err));
  g_assert_error (err, LSC_FILTER_ERROR, LSC_FILTER_ERROR_VALUE);
  g_assert_cmpstr (err->message, ==, "cannot compare ip.src, which is an IPv4 address, with eth.src, which is a MAC address");
  g_assert_cmpuint (col, ==, 11);
  g_autofree char *shape = parse_shape ("ip.src==ip.dst or ip.ttl>tcp.port");
  g_assert_cmpstr (shape, ==, "((ip.src == ip.dst) or (ip.ttl > tcp.port))");
}

static char *
parse_shape (const char *text)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (LscFilter) f = lsc_filter_compile (text, NULL, &err);
  g_assert_no_error (err);
  g_assert_cmpstr (lsc_filter_get_text (f), ==, text);
  return lsc_filter_to_string (f);
}

static void
test_precedence (void)
{
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "arp or ip and tcp", "(arp or (ip and tcp))" },
    { "arp and ip or tcp", "((arp and ip) or tcp)" },
    { "not arp and ip", "((not arp) and ip)" },
    { "!arp || ip && !tcp", "((not arp) or (ip and (not tcp)))" },
    { "(arp or ip) and tcp", "((arp or ip) and tcp)" },
    { "not not arp", "(not (not arp))" },
    { "arp or ip or tcp", "((arp or ip) or tcp)" },
    { "arp and ip and tcp", "((arp and ip) and tcp)" },
    { "frame.len>=60&&!(ip.ttl==64)", "((frame.len >= 60) and (not (ip.ttl == 64)))" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = parse_shape (cases[i].in);
      g_assert_cmpstr (s, ==, cases[i].out);
    }
  /* The tree decides, not the order of the words. */
  YES ("arp or ip and frame.len > 1000", arp_req);
  NO ("(arp or ip) and frame.len > 1000", arp_req);
  NO ("not arp and eth", arp_req);
  YES ("not (arp and frame.len > 1000)", arp_req);
  YES ("eth and not ip or arp", arp_req);
}

static void
test_errors (void)
{
  static const struct {
    const char *text;
    LscFilterError code;
    guint column;
    const char *message;
  } cases[] = {
    { "eth and )", LSC_FILTER_ERROR_SYNTAX, 9, "unexpected ')'" },
    { "(eth or arp", LSC_FILTER_ERROR_SYNTAX, 1, "'(' is never closed" },
    { "eth and", LSC_FILTER_ERROR_SYNTAX, 8, "unexpected end of filter" },
    { "eth eth", LSC_FILTER_ERROR_SYNTAX, 5, "unexpected 'eth'" },
    { "frame.len ==", LSC_FILTER_ERROR_SYNTAX, 13, "expected a value after frame.len, found end of filter" },
    { "frame.len = 5", LSC_FILTER_ERROR_SYNTAX, 11, "'=' is not an operator: use '==' to compare" },
    { "arp & ip", LSC_FILTER_ERROR_SYNTAX, 5, "'&' is not an operator: use '&&' or 'and'" },
    { "arp # ip", LSC_FILTER_ERROR_SYNTAX, 5, "unexpected character '#'" },
    { "arp and é", LSC_FILTER_ERROR_SYNTAX, 9, "unexpected character 'é'" },
    { "é == 1 or )", LSC_FILTER_ERROR_SYNTAX, 1, "unexpected character 'é'" },
    { "dns.qry.name == \"abc", LSC_FILTER_ERROR_SYNTAX, 17, "string is not closed: missing \"" },
    { "dns.qry.name == \"a\\qb\"", LSC_FILTER_ERROR_SYNTAX, 19, "unknown escape '\\q' in string (use \\\\, \\\", \\n, \\t or \\xHH)" },
    { "ip.tll == 64", LSC_FILTER_ERROR_UNKNOWN_FIELD, 1, "unknown field 'ip.tll' (did you mean 'ip.ttl'?)" },
    { "arp or zzzzzz", LSC_FILTER_ERROR_UNKNOWN_FIELD, 8, "unknown field 'zzzzzz'" },
    { "frame.len == abc", LSC_FILTER_ERROR_VALUE, 14, "'abc' is not a valid value for frame.len, which is an unsigned integer" },
    { "frame.len == -1", LSC_FILTER_ERROR_VALUE, 14, "'-1' is not a valid value for frame.len, which is an unsigned integer" },
    { "frame.len == \"x\"", LSC_FILTER_ERROR_VALUE, 14, "\"x\" is not a valid value for frame.len, which is an unsigned integer" },
    { "eth.src == 02:00:00", LSC_FILTER_ERROR_VALUE, 12, "'02:00:00' is not a valid value for eth.src, which is a MAC address" },
    { "ip.src == 198.18.0.300", LSC_FILTER_ERROR_VALUE, 11, "'198.18.0.300' is not a valid value for ip.src, which is an IPv4 address" },
    { "ip.src == 198.18.0.0/33", LSC_FILTER_ERROR_VALUE, 11, "'198.18.0.0/33' is not a valid value for ip.src, which is an IPv4 address" },
    { "ipv6.src == fd00::/129", LSC_FILTER_ERROR_VALUE, 13, "'fd00::/129' is not a valid value for ipv6.src, which is an IPv6 address" },
    { "ipv6.src == 198.18.0.1", LSC_FILTER_ERROR_VALUE, 13, "'198.18.0.1' is not a valid value for ipv6.src, which is an IPv6 address" },
    { "ip.src == 198.18.0.0/08", LSC_FILTER_ERROR_VALUE, 11, "'198.18.0.0/08' is not a valid value for ip.src, which is an IPv4 address" },
    { "dns.qry.name matches \"(\"", LSC_FILTER_ERROR_VALUE, 22, NULL },
    { "frame.len == \"a\\nb\xc3\xa9\"", LSC_FILTER_ERROR_VALUE, 14,
      "\"a\\nb\xc3\xa9\" is not a valid value for frame.len, which is an unsigned integer" },
    { "frame.time_epoch > 1e300", LSC_FILTER_ERROR_VALUE, 20,
      "'1e300' is not a valid value for frame.time_epoch, which is a time in seconds since 1970" },
    { "eth == 1", LSC_FILTER_ERROR_OPERATOR, 5, "eth is a protocol and has no value to compare; test its presence with just 'eth'" },
    { "frame.len contains 1", LSC_FILTER_ERROR_OPERATOR, 11, "'contains' needs a string field; frame.len is an unsigned integer" },
    { "frame.len in {}", LSC_FILTER_ERROR_SYNTAX, 15, "empty set: put at least one value between { and }" },
    { "frame.len in 5", LSC_FILTER_ERROR_SYNTAX, 14, "expected '{' after 'in', found '5'" },
    { "frame.len in {1 2", LSC_FILTER_ERROR_SYNTAX, 18, "expected a value after frame.len, found end of filter" },
    { "()", LSC_FILTER_ERROR_SYNTAX, 2, "unexpected ')'" },
    { "== 5", LSC_FILTER_ERROR_SYNTAX, 1, "unexpected '=='" },
    { "dns.qry.name == \"abc\\", LSC_FILTER_ERROR_SYNTAX, 17, "string is not closed: missing \"" },
    /* A newline in the quoted input stays escaped: one line (found by fuzz-filter). */
    { "tcp and \"a\nb\"", LSC_FILTER_ERROR_SYNTAX, 9, "unexpected '\"a\\nb\"'" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) err = NULL;
      guint col = 0;
      LscFilter *f = lsc_filter_compile (cases[i].text, &col, &err);
      g_test_message ("%s -> %s at %u", cases[i].text, err ? err->message : "(compiled)", col);
      g_assert_null (f);
      g_assert_error (err, LSC_FILTER_ERROR, (gint) cases[i].code);
      g_assert_cmpuint (col, ==, cases[i].column);
      if (cases[i].message)
        g_assert_cmpstr (err->message, ==, cases[i].message);
      g_assert_null (strchr (err->message, '\n'));
    }

  /* Nesting is bounded, so no filter can exhaust the stack; 200 levels are fine. */
  const guint depths[] = { 200, 201, 100000 };
  for (gsize k = 0; k < G_N_ELEMENTS (depths); k++)
    {
      guint depth = depths[k];
      GString *deep = g_string_new (NULL);
      for (guint i = 0; i < depth; i++)
        g_string_append (deep, i % 2 ? "(" : "!");
      g_string_append (deep, "arp");
      for (guint i = 0; i < depth / 2; i++)
        g_string_append_c (deep, ')');
      g_autoptr (GError) derr = NULL;
      guint dcol = 0;
      g_autoptr (LscFilter) df = lsc_filter_compile (deep->str, &dcol, &derr);
      if (depth == 200)
        g_assert_no_error (derr);
      else
        {
          g_assert_null (df);
          g_assert_cmpstr (derr->message, ==, "nested too deeply (more than 200 levels)");
          g_assert_cmpuint (dcol, ==, 201);
        }
      g_string_free (deep, TRUE);
    }

  /* Not UTF-8 at all: an error, never a crash. */
  g_autoptr (GError) err = NULL;
  guint col = 0;
  g_assert_null (lsc_filter_compile ("arp or \xff", &col, &err));
  g_assert_error (err, LSC_FILTER_ERROR, LSC_FILTER_ERROR_SYNTAX);
  g_assert_cmpuint (col, ==, 8);
}

/* Long and/or chains (a program's generated filter) once recursed once per
 * operand and overflowed the stack near 11000 tests.  They are now loops;
 * the number of tests and the length of the text are bounded with one
 * clear error. */
static gpointer
long_chains (gpointer data)
{
  const guint sizes[] = { 11000, 30000 };
  for (gsize k = 0; k < G_N_ELEMENTS (sizes); k++)
    {
      GString *text = g_string_new (NULL);
      for (guint i = 0; i < sizes[k]; i++)
        g_string_append_printf (text, "%sframe.len == %u", i == 0 ? "" : (i % 3 ? " or " : " and "), 100000 + i);
      g_string_append (text, " or arp");
      YES (text->str, arp_req);
      NO (text->str, dns_query);
      /* A pure and-chain: every test must hold. */
      g_string_truncate (text, 0);
      for (guint i = 0; i < sizes[k]; i++)
        g_string_append_printf (text, "%sframe.len > %u", i == 0 ? "" : " && ", i % 10);
      YES (text->str, arp_req);
      g_string_append (text, " && tcp");
      NO (text->str, arp_req);
      g_string_free (text, TRUE);
    }

  GString *text = g_string_new ("arp");
  for (guint i = 1; i <= 50000; i++)
    g_string_append (text, " or arp");
  g_autoptr (GError) err = NULL;
  guint col = 0;
  g_assert_null (lsc_filter_compile (text->str, &col, &err));
  g_assert_error (err, LSC_FILTER_ERROR, LSC_FILTER_ERROR_SYNTAX);
  g_assert_cmpstr (err->message, ==, "the filter has more than 50000 tests");
  g_assert_cmpuint (col, ==, 50000 * 7 + 1);
  g_clear_error (&err);

  g_string_truncate (text, 0);
  g_string_append (text, "arp or");
  while (text->len <= 1024 * 1024)
    g_string_append (text, "       ");
  g_string_append (text, "arp");
  g_assert_null (lsc_filter_compile (text->str, &col, &err));
  g_assert_cmpstr (err->message, ==, "the filter is longer than 1048576 bytes");
  g_string_free (text, TRUE);
  return NULL;
}

static void
test_long_chains (void)
{
  /* On a 256 KiB stack (a worker thread's, say), so that recursion per
   * operand fails here for certain, not only under a sanitizer. */
  pthread_attr_t attr;
  pthread_t thread;
  pthread_attr_init (&attr);
  pthread_attr_setstacksize (&attr, 256 * 1024);
  g_assert_cmpint (pthread_create (&thread, &attr, long_chains, NULL), ==, 0);
  pthread_join (thread, NULL);
  pthread_attr_destroy (&attr);
}

static void
test_suggest (void)
{
  g_autofree char *a = lsc_fields_suggest ("ip.tll");
  g_autofree char *b = lsc_fields_suggest ("eth.scr");
  g_autofree char *c = lsc_fields_suggest ("completely.unrelated");
  g_autofree char *d = lsc_fields_suggest ("dns.qry.nam");
  g_assert_cmpstr (a, ==, "ip.ttl");
  g_assert_cmpstr (b, ==, "eth.src");
  g_assert_null (c);
  g_assert_cmpstr (d, ==, "dns.qry.name");

  LscFieldSet set;
  g_assert_true (lsc_field_set_resolve (&set, "eth.src"));
  g_assert_cmpuint (set.n, ==, 1);
  g_assert_true (set.fields[0] == lsc_fields_lookup ("eth.src"));
  g_assert_false (lsc_field_set_resolve (&set, "nope"));
  g_assert_false (lsc_field_set_resolve (&set, ""));
}

/* Every truncated prefix of every frame: compiling once and matching many
 * trees must hold up on whatever the decoders made of the cut frame. */
static void
test_truncated_frames (void)
{
  const char *filters[] = {
    "ip.addr == 198.18.0.0/15 or eth.addr ~= ff:ff:ff:ff:ff:ff",
    "dns.qry.name contains \"ex\" or tcp.port in {80 443} or frame contains 00:00",
    "not (udp.length > 8) and !arp.opcode",
  };
  const Frame frames[] = { FRAME (arp_req), FRAME (dns_query), FRAME (tcp_syn) };
  g_autoptr (LscTree) t = lsc_tree_new ();
  for (gsize k = 0; k < G_N_ELEMENTS (filters); k++)
    {
      g_autoptr (LscFilter) f = lsc_filter_compile (filters[k], NULL, NULL);
      g_assert_nonnull (f);
      guint hits = 0;
      for (gsize i = 0; i < G_N_ELEMENTS (frames); i++)
        for (gsize len = 0; len <= frames[i].len; len++)
          {
            LscPacket pkt = { .num = 1, .caplen = (guint32) len, .wirelen = (guint32) frames[i].len,
                              .linktype = LSC_LINK_ETHERNET, .data = frames[i].data };
            lsc_dissect (t, &pkt, NULL);
            hits += lsc_filter_match (f, t);
          }
      g_assert_cmpuint (hits, >, 0);
    }
}

/* Random filters built from the language's own pieces (and stray bytes):
 * every one either compiles and evaluates, or fails with a one-line message
 * and a column inside the text.  Deterministic, so a failure repeats. */
static void
test_random_filters (void)
{
  static const char *const pieces[] = {
    "ip.addr", "tcp.port", "eth.src", "dns.qry.name", "frame.len", "ip.ttl", "arp", "tcp", "ipv6.dst",
    "frame", "udp", " == ", " != ", " ~= ", " < ", ">=", " contains ", " matches ", " in ", " and ", " or ",
    " not ", "!", "&&", "||", "(", ")", "{", "}", ",", "..", "64", "0x0800", "198.18.0.0/15", "fd00::/8",
    "02:00:00:00:00:01", "\"ex\"", "\"a\\", "'x'", "\"(\"", "=", "&", "|", "#", "\xc3\xa9", "\xff", "\\", " ", "-1",
  };
  GRand *rng = g_rand_new_with_seed (20261122);
  LscTree *trees[4] = { decode (FRAME (arp_req)), decode (FRAME (dns_query)), decode (FRAME (tcp_syn)),
                        decode (FRAME (icmpv6_echo)) };
  guint compiled = 0, failed = 0;
  for (guint i = 0; i < 20000; i++)
    {
      GString *text = g_string_new (NULL);
      guint n = g_rand_int_range (rng, 1, 9);
      for (guint k = 0; k < n; k++)
        g_string_append (text, pieces[g_rand_int_range (rng, 0, G_N_ELEMENTS (pieces))]);
      g_autoptr (GError) err = NULL;
      guint col = 0;
      LscFilter *f = lsc_filter_compile (text->str, &col, &err);
      if (f)
        {
          compiled++;
          g_assert_no_error (err);
          for (gsize k = 0; k < G_N_ELEMENTS (trees); k++)
            (void) lsc_filter_match (f, trees[k]);
          lsc_filter_free (f);
        }
      else
        {
          failed++;
          g_assert_nonnull (err);
          g_assert_null (strchr (err->message, '\n'));
          g_assert_cmpuint (col, >=, 1);
          if (g_utf8_validate (text->str, -1, NULL))
            g_assert_cmpuint (col, <=, g_utf8_strlen (text->str, -1) + 1);
        }
      g_string_free (text, TRUE);
    }
  g_rand_free (rng);
  for (gsize k = 0; k < G_N_ELEMENTS (trees); k++)
    lsc_tree_free (trees[k]);
  /* Both outcomes are exercised. */
  g_assert_cmpuint (compiled, >, 500);
  g_assert_cmpuint (failed, >, 500);
}

/* "Apply as Filter": the filter made from any line of a tree matches that
 * tree, for every field of an ARP request, a DNS query, a TCP SYN and an
 * ICMPv6 echo (numbers, addresses, strings with their quotes). */
static void
test_filter_text_for_node (void)
{
  static const struct { const guint8 *f; gsize n; } frames[] = {
    { arp_req, sizeof arp_req }, { dns_query, sizeof dns_query }, { tcp_syn, sizeof tcp_syn },
    { icmpv6_echo, sizeof icmpv6_echo },
  };
  guint tried = 0;
  for (gsize k = 0; k < G_N_ELEMENTS (frames); k++)
    {
      LscPacket p = { .num = 1, .caplen = (guint32) frames[k].n, .wirelen = (guint32) frames[k].n,
                      .linktype = LSC_LINK_ETHERNET, .data = frames[k].f };
      g_autoptr (LscTree) t = lsc_tree_new ();
      lsc_dissect (t, &p, NULL);
      for (guint i = 0; i < lsc_tree_count (t); i++)
        {
          const LscNode *n = lsc_tree_node (t, (gint32) i);
          g_autofree char *text = lsc_filter_text_for_node (n);
          if (!n->field || !n->field->id || n->field->id[0] == '_')
            {
              g_assert_null (text);
              continue;
            }
          /* Byte fields and raw values may have no literal form: those give the id alone. */
          g_assert_nonnull (text);
          g_autoptr (GError) error = NULL;
          g_autoptr (LscFilter) f = lsc_filter_compile (text, NULL, &error);
          g_assert_no_error (error);
          if (!lsc_filter_match (f, t))
            g_error ("'%s' (from %s) does not match its own frame", text, n->field->id);
          tried++;
        }
    }
  g_assert_cmpuint (tried, >, 40);
  /* A string's quotes are escaped. */
  LscField sf = { "http.host", "Host", LSC_FT_STRING };
  LscNode n = { .field = &sf, .text = "a\"b" };
  g_autofree char *q = lsc_filter_text_for_node (&n);
  g_assert_cmpstr (q, ==, "http.host == \"a\\\"b\"");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/filter/presence", test_presence);
  g_test_add_func ("/filter/text-for-node", test_filter_text_for_node);
  g_test_add_func ("/filter/integer-relations", test_integer_relations);
  g_test_add_func ("/filter/addresses", test_addresses);
  g_test_add_func ("/filter/any-and-all", test_any_and_all);
  g_test_add_func ("/filter/strings-and-bytes", test_strings_and_bytes);
  g_test_add_func ("/filter/sets", test_sets);
  g_test_add_func ("/filter/times-and-raw-text", test_times_and_raw_text);
  g_test_add_func ("/filter/field-against-field", test_field_against_field);
  g_test_add_func ("/filter/precedence", test_precedence);
  g_test_add_func ("/filter/errors", test_errors);
  g_test_add_func ("/filter/long-chains", test_long_chains);
  g_test_add_func ("/filter/suggest", test_suggest);
  g_test_add_func ("/filter/truncated-frames", test_truncated_frames);
  g_test_add_func ("/filter/random-filters", test_random_filters);
  return g_test_run ();
}

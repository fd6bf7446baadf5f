/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-subnet.c — the subnet calculator's arithmetic: parsing with reasons,
 * IPv4 figures per prefix, binary text, splitting, the class table, IPv6
 * prefixes and EUI-64 */
#include "core/lsc-subnet.h"

#include <string.h>

static guint32
ip4 (guint a, guint b, guint c, guint d)
{
  return a << 24 | b << 16 | c << 8 | d;
}

static char *
dotted (guint32 v)
{
  static char buf[4][16];
  static guint k;
  char *o = buf[k++ % 4];
  lsc_subnet_format_dotted (v, o, 16);
  return o;
}

static void
parse_ok (const char *text, LscSubnetInput *in)
{
  g_autofree char *reason = NULL;
  if (!lsc_subnet_parse_input (text, in, &reason))
    g_error ("“%s” rejected: %s", text, reason);
  g_assert_null (reason);
}

typedef struct {
  const char *text;
  const char *network, *broadcast, *first, *last, *mask;
  guint prefix;
  guint64 hosts;
  gboolean has_broadcast;
} Case4;

static void
test_ipv4_figures (void)
{
  static const Case4 cases[] = {
    { "10.1.2.3/8", "10.0.0.0", "10.255.255.255", "10.0.0.1", "10.255.255.254", "255.0.0.0", 8, 16777214, TRUE },
    { "198.18.7.9/15", "198.18.0.0", "198.19.255.255", "198.18.0.1", "198.19.255.254", "255.254.0.0", 15, 131070, TRUE },
    { "198.18.0.0/24", "198.18.0.0", "198.18.0.255", "198.18.0.1", "198.18.0.254", "255.255.255.0", 24, 254, TRUE },
    { "198.18.0.77/26", "198.18.0.64", "198.18.0.127", "198.18.0.65", "198.18.0.126", "255.255.255.192", 26, 62, TRUE },
    /* RFC 3021: a /31 is a point-to-point link, both addresses are hosts. */
    { "198.18.0.5/31", "198.18.0.4", NULL, "198.18.0.4", "198.18.0.5", "255.255.255.254", 31, 2, FALSE },
    { "198.18.0.5/32", "198.18.0.5", NULL, "198.18.0.5", "198.18.0.5", "255.255.255.255", 32, 1, FALSE },
    { "198.18.0.77 255.255.255.192", "198.18.0.64", "198.18.0.127", "198.18.0.65", "198.18.0.126", "255.255.255.192", 26, 62, TRUE },
    { "172.16.5.4/255.240.0.0", "172.16.0.0", "172.31.255.255", "172.16.0.1", "172.31.255.254", "255.240.0.0", 12, 1048574, TRUE },
    { "  0.0.0.0 / 0 ", "0.0.0.0", "255.255.255.255", "0.0.0.1", "255.255.255.254", "0.0.0.0", 0, 4294967294u, TRUE },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case4 *c = &cases[i];
      LscSubnetInput in;
      parse_ok (c->text, &in);
      g_assert_cmpint (in.family, ==, 4);
      g_assert_true (in.has_prefix);
      g_assert_cmpuint (in.prefix, ==, c->prefix);
      LscSubnet s;
      g_assert_true (lsc_subnet_compute (in.addr4, in.prefix, &s));
      g_assert_cmpstr (dotted (s.network), ==, c->network);
      g_assert_cmpstr (dotted (s.first_host), ==, c->first);
      g_assert_cmpstr (dotted (s.last_host), ==, c->last);
      g_assert_cmpstr (dotted (s.mask), ==, c->mask);
      g_assert_cmpuint (s.hosts, ==, c->hosts);
      g_assert_cmpint (s.has_broadcast, ==, c->has_broadcast);
      if (c->broadcast)
        g_assert_cmpstr (dotted (s.broadcast), ==, c->broadcast);
    }
  LscSubnetInput in;
  parse_ok ("198.18.0.1 255.255.255.0", &in);
  g_assert_true (in.mask_dotted);
  parse_ok ("198.18.0.1/24", &in);
  g_assert_false (in.mask_dotted);
}

static void
test_default_prefix (void)
{
  LscSubnetInput in;
  parse_ok ("198.18.0.1", &in);
  g_assert_false (in.has_prefix);
  g_assert_cmpuint (in.prefix, ==, 24);   /* class C's default mask */
  parse_ok ("10.9.8.7", &in);
  g_assert_cmpuint (in.prefix, ==, 8);
  parse_ok ("172.16.0.1", &in);
  g_assert_cmpuint (in.prefix, ==, 16);
  parse_ok ("224.0.0.1", &in);            /* class D: no split, one address */
  g_assert_cmpuint (in.prefix, ==, 32);
  parse_ok ("fd00::1", &in);
  g_assert_false (in.has_prefix);
  g_assert_cmpuint (in.prefix, ==, 64);
}

static void
test_bad_input (void)
{
  static const struct {
    const char *text, *needle;
  } cases[] = {
    { "", "Type an address" },
    { "   ", "Type an address" },
    { "198.18.0", "has 3 parts" },
    { "1.2.3.4.5", "has 5 parts" },
    { "198.18.0.256", "256 in “198.18.0.256” is more than 255" },
    { "198.18.0.1000", "more than 255" },
    { "198.18..1", "empty part" },
    { "198.18.x.1", "“x” in “198.18.x.1” is not a number" },
    { "hello", "has 1 parts" },
    { "198.18.0.1/33", "Prefix /33 is more than 32" },
    { "198.18.0.1/-1", "is not a number from 0 to 32" },
    { "198.18.0.1/2x", "is not a number from 0 to 32" },
    { "198.18.0.1/", "Nothing after" },
    { "198.18.0.1/24/8", "more than one prefix or mask" },
    { "198.18.0.1/255.0.255.0", "Mask 255.0.255.0 has holes" },
    { "198.18.0.1 255.255.255", "Mask “255.255.255” has 3 parts" },
    { "198.18.0.1 255.255.256.0", "more than 255" },
    { "fd00:::1", "is not an IPv6 address" },
    { "fd00::1/129", "Prefix /129 is more than 128" },
    { "fd00::1/255.255.0.0", "IPv6 has no dotted masks" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      LscSubnetInput in;
      g_autofree char *reason = NULL;
      g_assert_false (lsc_subnet_parse_input (cases[i].text, &in, &reason));
      g_assert_nonnull (reason);
      if (!strstr (reason, cases[i].needle))
        g_error ("“%s”: reason “%s” lacks “%s”", cases[i].text, reason, cases[i].needle);
      g_assert_null (strchr (reason, '\n'));   /* one line */
    }
  LscSubnetInput in;
  g_autofree char *reason = NULL;
  g_assert_false (lsc_subnet_parse_input (NULL, &in, &reason));
  g_assert_nonnull (reason);
}

static void
test_binary_and_split (void)
{
  char bin[36];
  lsc_subnet_format_binary (ip4 (198, 18, 0, 1), bin);
  g_assert_cmpstr (bin, ==, "11000110.00010010.00000000.00000001");
  lsc_subnet_format_binary (lsc_subnet_mask (26), bin);
  g_assert_cmpstr (bin, ==, "11111111.11111111.11111111.11000000");
  lsc_subnet_format_binary (0, bin);
  g_assert_cmpuint (strlen (bin), ==, 35);

  /* 198.18.0.0/24 into four /26. */
  g_assert_cmpuint (lsc_subnet_split_count (24, 26), ==, 4);
  const char *want[] = { "198.18.0.0", "198.18.0.64", "198.18.0.128", "198.18.0.192" };
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (dotted (lsc_subnet_split_nth (ip4 (198, 18, 0, 0), 26, i)), ==, want[i]);
  g_assert_cmpuint (lsc_subnet_split_count (24, 24), ==, 1);
  g_assert_cmpuint (lsc_subnet_split_count (24, 23), ==, 0);
  g_assert_cmpuint (lsc_subnet_split_count (24, 33), ==, 0);
  g_assert_cmpuint (lsc_subnet_split_count (0, 32), ==, G_GUINT64_CONSTANT (4294967296));
  g_assert_cmpstr (dotted (lsc_subnet_split_nth (0, 32, G_GUINT64_CONSTANT (4294967295))), ==, "255.255.255.255");
  g_assert_cmpstr (dotted (lsc_subnet_split_nth (ip4 (198, 18, 0, 0), 16, 1)), ==, "198.19.0.0");
}

static void
test_class_table (void)
{
  guint n;
  const LscSubnetClassRow *rows = lsc_subnet_class_table (&n);
  g_assert_cmpuint (n, ==, 5);
  const char *bits[] = { "0", "10", "110", "1110", "1111" };
  const guint8 defaults[] = { 8, 16, 24, 0, 0 };
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpint (rows[i].klass, ==, 'A' + (int) i);
      g_assert_cmpstr (rows[i].leading_bits, ==, bits[i]);
      g_assert_cmpuint (rows[i].default_prefix, ==, defaults[i]);
      /* The table agrees with the classifier at both ends of every class. */
      LscSubnetClass c;
      lsc_subnet_classify (rows[i].first, &c);
      g_assert_cmpint (c.klass, ==, rows[i].klass);
      lsc_subnet_classify (rows[i].last, &c);
      g_assert_cmpint (c.klass, ==, rows[i].klass);
      if (i + 1 < n)
        g_assert_cmpuint (rows[i].last + 1, ==, rows[i + 1].first);
    }
  g_assert_cmpstr (rows[1].private_range, ==, "172.16.0.0/12");
  g_assert_null (rows[3].private_range);
}

static void
test_ipv6 (void)
{
  LscSubnetInput in;
  LscSubnet6 s;
  char a[64];

  parse_ok ("fd00::1/64", &in);
  g_assert_cmpint (in.family, ==, 6);
  g_assert_cmpuint (in.prefix, ==, 64);
  lsc_subnet6_compute (in.addr6, in.prefix, &s);
  lsc_subnet6_format (s.network, a, sizeof a);
  g_assert_cmpstr (a, ==, "fd00::");
  lsc_subnet6_format (s.iid, a, sizeof a);
  g_assert_cmpstr (a, ==, "::1");
  g_assert_nonnull (strstr (s.kind, "Unique local"));
  lsc_subnet6_format_full (s.addr, a, sizeof a);
  g_assert_cmpstr (a, ==, "fd00:0000:0000:0000:0000:0000:0000:0001");

  /* A prefix that ends inside a group. */
  parse_ok ("2001:db8:abcd:12ff::5/52", &in);
  lsc_subnet6_compute (in.addr6, in.prefix, &s);
  lsc_subnet6_format (s.network, a, sizeof a);
  g_assert_cmpstr (a, ==, "2001:db8:abcd:1000::");
  lsc_subnet6_format (s.iid, a, sizeof a);
  g_assert_cmpstr (a, ==, "::2ff:0:0:0:5");
  g_assert_nonnull (strstr (s.kind, "Documentation"));

  parse_ok ("fe80::1/128", &in);
  lsc_subnet6_compute (in.addr6, in.prefix, &s);
  lsc_subnet6_format (s.iid, a, sizeof a);
  g_assert_cmpstr (a, ==, "::");
  g_assert_nonnull (strstr (s.kind, "Link-local"));
  parse_ok ("2a00:1::1/0", &in);
  lsc_subnet6_compute (in.addr6, in.prefix, &s);
  lsc_subnet6_format (s.network, a, sizeof a);
  g_assert_cmpstr (a, ==, "::");
  g_assert_nonnull (strstr (s.kind, "Global unicast"));
  parse_ok ("::1/128", &in);
  lsc_subnet6_compute (in.addr6, in.prefix, &s);
  g_assert_nonnull (strstr (s.kind, "Loopback"));
}

static void
test_eui64 (void)
{
  guint8 mac[6], iid[8];
  g_assert_true (lsc_subnet_parse_mac ("02:00:00:00:00:01", mac));
  lsc_subnet_eui64 (mac, iid);
  const guint8 want1[8] = { 0x00, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x00, 0x01 };
  g_assert_cmpmem (iid, 8, want1, 8);
  g_assert_true (lsc_subnet_parse_mac ("00-1B-21-3a-4f-5c", mac));
  lsc_subnet_eui64 (mac, iid);
  const guint8 want2[8] = { 0x02, 0x1b, 0x21, 0xff, 0xfe, 0x3a, 0x4f, 0x5c };
  g_assert_cmpmem (iid, 8, want2, 8);
  g_assert_true (lsc_subnet_parse_mac ("001b213a4f5c", mac));
  g_assert_false (lsc_subnet_parse_mac ("02:00:00:00:00", mac));
  g_assert_false (lsc_subnet_parse_mac ("02:00:00:00:00:01:02", mac));
  g_assert_false (lsc_subnet_parse_mac ("02:00-00:00:00:01", mac));
  g_assert_false (lsc_subnet_parse_mac ("0g:00:00:00:00:01", mac));
  g_assert_false (lsc_subnet_parse_mac ("", mac));
  g_assert_false (lsc_subnet_parse_mac (NULL, mac));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/subnet/ipv4-figures", test_ipv4_figures);
  g_test_add_func ("/subnet/default-prefix", test_default_prefix);
  g_test_add_func ("/subnet/bad-input", test_bad_input);
  g_test_add_func ("/subnet/binary-and-split", test_binary_and_split);
  g_test_add_func ("/subnet/class-table", test_class_table);
  g_test_add_func ("/subnet/ipv6", test_ipv6);
  g_test_add_func ("/subnet/eui64", test_eui64);
  return g_test_run ();
}

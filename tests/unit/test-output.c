/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-output.c — JSON (escaping, validity, node layout) and tshark-style fields */
#include "core/lsc-dissect.h"
#include "core/lsc-filter.h"
#include "core/lsc-output.h"
#include "lsc-test-frames.h"

#include <string.h>

static LscTree *
decode (const guint8 *data, gsize len, guint32 caplen)
{
  LscTree *t = lsc_tree_new ();
  LscPacket pkt = { .num = 7, .ts_ns = 1700000000123456789, .ts_first_ns = 1700000000000000000,
                    .caplen = caplen, .wirelen = (guint32) len, .linktype = LSC_LINK_ETHERNET, .data = data };
  LscDissectOptions opt;
  lsc_dissect_options_init (&opt);
  opt.resolve_oui = FALSE;
  lsc_dissect (t, &pkt, &opt);
  return t;
}

/* ---- a strict JSON checker (RFC 8259), enough to prove validity ---- */

typedef struct {
  const char *p;
  const char *end;
} J;

static gboolean j_value (J *j, int depth);

static void
j_ws (J *j)
{
  while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' || *j->p == '\r' || *j->p == '\t'))
    j->p++;
}

static gboolean
j_string (J *j)
{
  if (j->p >= j->end || *j->p != '"')
    return FALSE;
  const char *start = ++j->p;
  while (j->p < j->end && *j->p != '"')
    {
      guchar c = (guchar) *j->p;
      if (c < 0x20)
        return FALSE;
      if (c == '\\')
        {
          j->p++;
          if (j->p >= j->end || !strchr ("\"\\/bfnrtu", *j->p))
            return FALSE;
          if (*j->p == 'u')
            for (int i = 0; i < 4; i++)
              if (++j->p >= j->end || !g_ascii_isxdigit (*j->p))
                return FALSE;
        }
      j->p++;
    }
  if (j->p >= j->end)
    return FALSE;
  gboolean utf8 = g_utf8_validate (start, j->p - start, NULL);
  j->p++;
  return utf8;
}

static gboolean
j_number (J *j)
{
  const char *s = j->p;
  if (j->p < j->end && *j->p == '-')
    j->p++;
  if (j->p >= j->end || !g_ascii_isdigit (*j->p))
    return FALSE;
  if (*j->p == '0' && j->p + 1 < j->end && g_ascii_isdigit (j->p[1]))
    return FALSE;
  while (j->p < j->end && g_ascii_isdigit (*j->p))
    j->p++;
  if (j->p < j->end && *j->p == '.')
    {
      j->p++;
      if (j->p >= j->end || !g_ascii_isdigit (*j->p))
        return FALSE;
      while (j->p < j->end && g_ascii_isdigit (*j->p))
        j->p++;
    }
  if (j->p < j->end && (*j->p == 'e' || *j->p == 'E'))
    {
      j->p++;
      if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
        j->p++;
      if (j->p >= j->end || !g_ascii_isdigit (*j->p))
        return FALSE;
      while (j->p < j->end && g_ascii_isdigit (*j->p))
        j->p++;
    }
  return j->p > s;
}

static gboolean
j_container (J *j, char open, char close, gboolean object, int depth)
{
  j->p++;
  j_ws (j);
  if (j->p < j->end && *j->p == close)
    {
      j->p++;
      return TRUE;
    }
  for (;;)
    {
      j_ws (j);
      if (object)
        {
          if (!j_string (j))
            return FALSE;
          j_ws (j);
          if (j->p >= j->end || *j->p++ != ':')
            return FALSE;
        }
      if (!j_value (j, depth + 1))
        return FALSE;
      j_ws (j);
      if (j->p >= j->end)
        return FALSE;
      if (*j->p == close)
        {
          j->p++;
          return TRUE;
        }
      if (*j->p++ != ',')
        return FALSE;
    }
  (void) open;
}

static gboolean
j_value (J *j, int depth)
{
  j_ws (j);
  if (depth > 200 || j->p >= j->end)
    return FALSE;
  switch (*j->p)
    {
    case '{': return j_container (j, '{', '}', TRUE, depth);
    case '[': return j_container (j, '[', ']', FALSE, depth);
    case '"': return j_string (j);
    case 't': j->p += 4; return j->p <= j->end && strncmp (j->p - 4, "true", 4) == 0;
    case 'f': j->p += 5; return j->p <= j->end && strncmp (j->p - 5, "false", 5) == 0;
    case 'n': j->p += 4; return j->p <= j->end && strncmp (j->p - 4, "null", 4) == 0;
    default: return j_number (j);
    }
}

static gboolean
json_valid (const char *s, gsize len)
{
  J j = { s, s + len };
  if (!j_value (&j, 0))
    return FALSE;
  j_ws (&j);
  return j.p == j.end;
}

static gboolean
json_valid_str (const char *s)
{
  return json_valid (s, strlen (s));
}

static void
test_json_checker_itself (void)
{
  /* The checker must reject what it is there to catch. */
  g_assert_true (json_valid_str ("{\"a\":[1,-2.5e3,true,null,\"\\u00e9\"]}"));
  g_assert_false (json_valid_str ("{\"a\":\"\x01\"}"));
  g_assert_false (json_valid_str ("{\"a\":\"\xff\"}"));
  g_assert_false (json_valid_str ("{\"a\":1,}"));
  g_assert_false (json_valid_str ("[01]"));
  g_assert_false (json_valid_str ("\"\\x41\""));
}

static void
test_json_string_escaping (void)
{
  static const struct {
    const char *in;
    gssize len;
    const char *out;
  } cases[] = {
    { "plain text", -1, "\"plain text\"" },
    { "quote \" backslash \\ slash /", -1, "\"quote \\\" backslash \\\\ slash /\"" },
    { "tab\tnl\ncr\rbs\bff\f", -1, "\"tab\\tnl\\ncr\\rbs\\bff\\f\"" },
    { "\x01\x1f\x7f", -1, "\"\\u0001\\u001f\\u007f\"" },
    { "nul\0inside", 10, "\"nul\\u0000inside\"" },
    { "caf\xc3\xa9 \xe2\x86\x92 \xe4\xb8\xad", -1, "\"caf\xc3\xa9 \xe2\x86\x92 \xe4\xb8\xad\"" },
    { "bad \xff byte", -1, "\"bad \\ufffd byte\"" },
    { "cut \xe2\x86", -1, "\"cut \\ufffd\\ufffd\"" },
    { "overlong \xc0\xaf", -1, "\"overlong \\ufffd\\ufffd\"" },
    { "surrogate \xed\xa0\x80", -1, "\"surrogate \\ufffd\\ufffd\\ufffd\"" },
    { "sep \xe2\x80\xa8", -1, "\"sep \\u2028\"" },
    { "", -1, "\"\"" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GString) out = g_string_new (NULL);
      lsc_output_json_string (out, cases[i].in, cases[i].len);
      g_assert_cmpstr (out->str, ==, cases[i].out);
      g_assert_true (json_valid (out->str, out->len));
    }

  /* Every single byte value, and every pair, stays valid JSON. */
  for (guint a = 0; a < 256; a++)
    for (guint b = 0; b < 256; b += 5)
      {
        char two[2] = { (char) a, (char) b };
        g_autoptr (GString) out = g_string_new (NULL);
        lsc_output_json_string (out, two, 2);
        g_assert_true (json_valid (out->str, out->len));
      }
}

static void
test_json_packet (void)
{
  g_autoptr (LscTree) t = decode (dns_query, sizeof dns_query, sizeof dns_query);
  g_autoptr (GString) out = g_string_new (NULL);
  lsc_output_json_packet (t, LSC_MODEL_TCPIP4, out);

  g_assert_true (json_valid (out->str, out->len));
  g_assert_null (strchr (out->str, '\n'));
  g_assert_true (g_str_has_prefix (out->str, "{\"number\":7,\"time\":\"2023-11-14T22:13:20.123456789Z\","
                                              "\"time_epoch\":\"1700000000.123456789\",\"time_relative\":0.123456789,"
                                              "\"len\":71,\"caplen\":71,\"linktype\":1,\"source\":\"198.18.0.1\","
                                              "\"destination\":\"198.18.0.2\",\"protocol\":\"DNS\","));
  /* Four TCP/IP layers, in order. */
  const char *l1 = strstr (out->str, "{\"layer\":1,\"name\":\"Link\",\"nodes\":[{\"id\":\"frame\"");
  const char *l2 = strstr (out->str, "{\"layer\":2,\"name\":\"Internet\",\"nodes\":[{\"id\":\"ip\"");
  const char *l3 = strstr (out->str, "{\"layer\":3,\"name\":\"Transport\",\"nodes\":[{\"id\":\"udp\"");
  const char *l4 = strstr (out->str, "{\"layer\":4,\"name\":\"Application\",\"nodes\":[{\"id\":\"dns\"");
  g_assert_nonnull (l1);
  g_assert_true (l1 < l2 && l2 < l3 && l3 < l4);
  /* Raw values by type, offsets and lengths of real bytes. */
  g_assert_nonnull (strstr (out->str, "{\"id\":\"ip.ttl\",\"name\":\"Time to Live\",\"label\":\"Time to Live: 64\","
                                      "\"value\":64,\"display\":\"64\",\"offset\":22,\"length\":1,\"flags\":[],\"children\":["));
  g_assert_nonnull (strstr (out->str, "\"id\":\"eth.src\",\"name\":\"Source\",\"label\":\"Source: 02:00:00:00:00:01\","
                                      "\"value\":\"02:00:00:00:00:01\""));
  g_assert_nonnull (strstr (out->str, "\"id\":\"dns.qry.name\""));
  g_assert_nonnull (strstr (out->str, "\"value\":\"example.com\""));
  g_assert_nonnull (strstr (out->str, "\"id\":\"frame.len\",\"name\":\"Frame length on the wire\","
                                      "\"label\":\"Frame length on the wire: 71\",\"value\":71,\"display\":\"71\","
                                      "\"offset\":0,\"length\":0,\"flags\":[\"generated\"]"));
  /* Hidden nodes (eth.addr) are for filters, not for the tree. */
  g_assert_null (strstr (out->str, "\"id\":\"eth.addr\""));

  /* The OSI model has seven layers, empty ones included. */
  g_string_truncate (out, 0);
  lsc_output_json_packet (t, LSC_MODEL_OSI, out);
  g_assert_true (json_valid (out->str, out->len));
  g_assert_nonnull (strstr (out->str, "{\"layer\":5,\"name\":\"Session\",\"nodes\":[]}"));
  g_assert_nonnull (strstr (out->str, "{\"layer\":7,\"name\":\"Application\",\"nodes\":[{\"id\":\"dns\""));
}

static void
test_json_flags_and_odd_strings (void)
{
  /* Cut inside the DNS question: truncation shows as flags. */
  g_autoptr (LscTree) t = decode (dns_query, sizeof dns_query, 60);
  g_autoptr (GString) out = g_string_new (NULL);
  lsc_output_json_packet (t, LSC_MODEL_OSI, out);
  g_assert_true (json_valid (out->str, out->len));
  g_assert_true (strstr (out->str, "\"truncated\"") || strstr (out->str, "\"malformed\""));
  g_assert_nonnull (strstr (out->str, "\"caplen\":60"));

  /* A string value with every kind of awkward byte. */
  g_autoptr (LscTree) u = lsc_tree_new ();
  const LscField *name = lsc_fields_lookup ("dns.qry.name");
  const LscField *dns = lsc_fields_lookup ("dns");
  gint32 p = lsc_tree_add_proto (u, LSC_ROOT, dns, 0, 12);
  lsc_tree_set_text (u, p, "Domain \"Name\" System \\ \t");
  gint32 n = lsc_tree_add_string (u, p, name, 12, 9, "a\"b\\c\x01\xff\n\xe4\xb8\xad", -1);
  lsc_tree_set_flags (u, n, LSC_NODE_MALFORMED | LSC_NODE_CHECKSUM_BAD);
  g_string_truncate (out, 0);
  lsc_output_json_node (u, p, out);
  g_assert_true (json_valid (out->str, out->len));
  g_assert_nonnull (strstr (out->str, "\"value\":\"a\\\"b\\\\c\\u0001\\ufffd\\n\xe4\xb8\xad\""));
  g_assert_nonnull (strstr (out->str, "\"display\":\"Domain \\\"Name\\\" System \\\\ \\t\""));
  g_assert_nonnull (strstr (out->str, "\"flags\":[\"malformed\",\"checksum_bad\"]"));
  g_assert_nonnull (strstr (out->str, "\"offset\":12,\"length\":9"));

  g_string_truncate (out, 0);
  lsc_output_json_node (u, 99, out);
  g_assert_cmpstr (out->str, ==, "null");
}

static char *
fields_row (const char *const *ids, const char *const *opts, const guint8 *frame, gsize len)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (LscFieldsOutput) o = lsc_fields_output_new (ids, g_strv_length ((char **) ids), &err);
  g_assert_no_error (err);
  for (; opts && *opts; opts++)
    {
      g_assert_true (lsc_fields_output_set_option (o, *opts, &err));
      g_assert_no_error (err);
    }
  g_autoptr (LscTree) t = decode (frame, len, (guint32) len);
  GString *out = g_string_new (NULL);
  if (lsc_fields_output_get_header (o))
    lsc_fields_output_header (o, out);
  lsc_fields_output_row (o, t, out);
  return g_string_free (out, FALSE);
}

static void
test_fields (void)
{
  const char *ids[] = { "frame.number", "eth.addr", "eth.type", "ip.src", "arp.opcode", NULL };
  g_autofree char *a = fields_row (ids, NULL, arp_req, sizeof arp_req);
  g_assert_cmpstr (a, ==, "7\tff:ff:ff:ff:ff:ff,02:00:00:00:00:01\t0x0806\t\t1\n");

  const char *hdr[] = { "header=y", "separator=,", "aggregator=/s", "quote=d", NULL };
  g_autofree char *b = fields_row (ids, hdr, arp_req, sizeof arp_req);
  g_assert_cmpstr (b, ==, "frame.number,eth.addr,eth.type,ip.src,arp.opcode\n"
                          "\"7\",\"ff:ff:ff:ff:ff:ff 02:00:00:00:00:01\",\"0x0806\",\"\",\"1\"\n");

  const char *first[] = { "occurrence=f", "separator=/s", NULL };
  g_autofree char *c = fields_row (ids, first, arp_req, sizeof arp_req);
  g_assert_cmpstr (c, ==, "7 ff:ff:ff:ff:ff:ff 0x0806  1\n");
  const char *last[] = { "occurrence=l", NULL };
  g_autofree char *d = fields_row (ids, last, arp_req, sizeof arp_req);
  g_assert_cmpstr (d, ==, "7\t02:00:00:00:00:01\t0x0806\t\t1\n");

  const char *dns_ids[] = { "ip.addr", "udp.port", "dns.qry.name", "ip.ttl", "dns", NULL };
  g_autofree char *e = fields_row (dns_ids, NULL, dns_query, sizeof dns_query);
  g_assert_cmpstr (e, ==, "198.18.0.1,198.18.0.2\t53000,53\texample.com\t64\t\n");
}

static void
test_fields_escape_control_chars (void)
{
  const char *ids[] = { "dns.qry.name", NULL };
  g_autoptr (LscFieldsOutput) o = lsc_fields_output_new (ids, 1, NULL);
  g_assert_true (lsc_fields_output_set_option (o, "quote=s", NULL));
  g_autoptr (LscTree) t = lsc_tree_new ();
  const LscField *name = lsc_fields_lookup ("dns.qry.name");
  lsc_tree_add_string (t, LSC_ROOT, name, 0, 1, "a\tb\nc\rd\x01'e", -1);
  lsc_tree_add_string (t, LSC_ROOT, name, 0, 1, "second", -1);
  g_autoptr (GString) out = g_string_new (NULL);
  lsc_fields_output_row (o, t, out);
  g_assert_cmpstr (out->str, ==, "'a\\tb\\nc\\rd\\x01\\'e,second'\n");
}

static void
test_fields_errors (void)
{
  g_autoptr (GError) err = NULL;
  const char *bad[] = { "frame.number", "ip.tll", NULL };
  g_assert_null (lsc_fields_output_new (bad, 2, &err));
  g_assert_error (err, LSC_FILTER_ERROR, LSC_FILTER_ERROR_UNKNOWN_FIELD);
  g_assert_cmpstr (err->message, ==, "unknown field 'ip.tll' (did you mean 'ip.ttl'?)");
  g_clear_error (&err);

  const char *ids[] = { "frame.number", NULL };
  g_autoptr (LscFieldsOutput) o = lsc_fields_output_new (ids, 1, NULL);
  const char *bad_opts[] = { "header=maybe", "separator=ab", "quote=x", "occurrence=2", "colour=y", "header" };
  for (gsize i = 0; i < G_N_ELEMENTS (bad_opts); i++)
    {
      g_assert_false (lsc_fields_output_set_option (o, bad_opts[i], &err));
      g_assert_nonnull (err);
      g_assert_null (strchr (err->message, '\n'));
      g_clear_error (&err);
    }
  g_assert_true (lsc_fields_output_set_option (o, "header=n", &err));
  g_assert_false (lsc_fields_output_get_header (o));
}

/* The hand-made number and date formatting that -V and JSON use must write
 * exactly what printf and GDateTime write. */
static void
test_printf_free_formatting (void)
{
  GString *ours = g_string_new (NULL);
  g_autoptr (GRand) r = g_rand_new_with_seed (14);
  double fixed[] = { 0.0, -0.0, 1.0, -1.0, 0.5e-9, 1.5e-9, 2.5e-9, 0.0009765625, 1.0 / 3.0, 1e-10, 123456.987654321,
                     -0.0000000004, -0.0000000006, 9.2233720368547e9, 1e12, 18446744073.709551615, 1e300, 5e-324 };
  for (guint i = 0; i < G_N_ELEMENTS (fixed) + 20000; i++)
    {
      double d;
      if (i < G_N_ELEMENTS (fixed))
        d = fixed[i];
      else if (i % 4 == 0)
        d = g_rand_double_range (r, -2.0, 2.0);
      else if (i % 4 == 1)
        d = (double) g_rand_int_range (r, 0, 1000000000) / 1e9 + g_rand_int_range (r, 0, 100000);
      else if (i % 4 == 2)
        d = (double) g_rand_int_range (r, -2000000, 2000000) / (double) (1 << g_rand_int_range (r, 0, 30));
      else
        d = g_rand_double_range (r, -1e10, 1e10);
      g_string_truncate (ours, 0);
      lsc_string_append_fixed9 (ours, d);
      g_autofree char *want = g_strdup_printf ("%.9f", d);
      g_assert_cmpstr (ours->str, ==, want);
    }
  gint64 secs[] = { 0, 1, 59, 86399, 86400, 951782400 /* 2000-02-29 */, 951868800, 1700000000, 4107542399,
                    253402300799 };
  for (guint i = 0; i < G_N_ELEMENTS (secs) + 20000; i++)
    {
      gint64 s = i < G_N_ELEMENTS (secs) ? secs[i] : (gint64) (g_rand_double (r) * 253402300799.0);
      char buf[24];
      g_assert_true (lsc_format_utc_seconds (s, 'T', buf));
      g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (s);
      g_autofree char *want = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
      g_assert_cmpstr (buf, ==, want);
    }
  char buf[24];
  g_assert_false (lsc_format_utc_seconds (-1, ' ', buf));
  g_assert_false (lsc_format_utc_seconds (253402300800, ' ', buf));
  guint64 ints[] = { 0, 9, 10, 99999, 100000, 4294967295u, G_GUINT64_CONSTANT (4294967296), G_MAXUINT64 };
  for (guint i = 0; i < G_N_ELEMENTS (ints); i++)
    {
      g_string_truncate (ours, 0);
      lsc_string_append_uint (ours, ints[i]);
      lsc_string_append_int (ours, -(gint64) (ints[i] >> 1));
      g_autofree char *want = g_strdup_printf ("%" G_GUINT64_FORMAT "%" G_GINT64_FORMAT, ints[i],
                                               -(gint64) (ints[i] >> 1));
      g_assert_cmpstr (ours->str, ==, want);
    }
  /* lsc_put_u32 (TCP Info, summary columns): every digit count, both sides of
   * each power of ten, and random values. */
  for (guint i = 0; i < 20000; i++)
    {
      guint32 v;
      if (i < 20)
        {
          guint32 p10 = 1;
          for (guint k = 0; k < i / 2; k++)
            p10 *= 10;
          v = i % 2 ? p10 : p10 - 1;
        }
      else if (i == 20)
        v = G_MAXUINT32;
      else
        v = g_rand_int (r) >> g_rand_int_range (r, 0, 32);
      char b[16];
      memset (b, 'x', sizeof b);
      char *end = lsc_put_u32 (b, v);
      g_autofree char *want = g_strdup_printf ("%u", v);
      g_assert_cmpint (end - b, ==, (int) strlen (want));
      g_assert_cmpmem (b, end - b, want, strlen (want));
      g_assert_cmpint (*end, ==, 'x');  /* nothing written past the end */
    }
  g_string_free (ours, TRUE);
}

/* PDML and PSML text: markup characters as entities, tab and line ends as
 * character references (kept inside attributes), other controls spelled
 * out, and only characters XML 1.0 allows, in UTF-8. */
static void
test_xml_escaping (void)
{
  static const struct {
    const char *in;
    gsize len;
    const char *out;
  } cases[] = {
    { "plain", sizeof ("plain") - 1, "plain" },
    { "<a href=\"x\">&'</a>", sizeof ("<a href=\"x\">&'</a>") - 1, "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;" },
    { "tab\tnl\ncr\r", sizeof ("tab\tnl\ncr\r") - 1, "tab&#x9;nl&#xA;cr&#xD;" },
    { "\x01\x1f nul\0", sizeof ("\x01\x1f nul\0") - 1, "\\x01\\x1f nul\\x00" },
    { "caf\xc3\xa9 \xe2\x86\x92", sizeof ("caf\xc3\xa9 \xe2\x86\x92") - 1, "caf\xc3\xa9 \xe2\x86\x92" },
    { "bad \xff\xfe byte", sizeof ("bad \xff\xfe byte") - 1, "bad \xef\xbf\xbd\xef\xbf\xbd byte" },
    { "cut \xe2\x86", sizeof ("cut \xe2\x86") - 1, "cut \xef\xbf\xbd\xef\xbf\xbd" },
    { "nonchar \xef\xbf\xbe!", sizeof ("nonchar \xef\xbf\xbe!") - 1, "nonchar \xef\xbf\xbd!" },
    { "surrogate \xed\xa0\x80", sizeof ("surrogate \xed\xa0\x80") - 1, "surrogate \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GString) out = g_string_new (NULL);
      lsc_output_xml_chars (out, cases[i].in, cases[i].len);
      g_assert_cmpstr (out->str, ==, cases[i].out);
    }

  /* Every pair of byte values: UTF-8 without a control character or a
   * character XML does not allow, and no bare markup. */
  for (guint a = 0; a < 256; a++)
    for (guint b = 0; b < 256; b++)
      {
        char in[3] = { (char) a, (char) b, 'z' };
        g_autoptr (GString) out = g_string_new (NULL);
        lsc_output_xml_chars (out, in, 3);
        g_assert_true (g_utf8_validate (out->str, (gssize) out->len, NULL));
        for (const char *p = out->str; *p; p = g_utf8_next_char (p))
          {
            gunichar u = g_utf8_get_char (p);
            g_assert_true (u >= 0x20 && u != '<' && u != '>' && u != '"' && u != '\'' && u != 0xfffe && u != 0xffff);
          }
        g_assert_true (g_str_has_suffix (out->str, "z"));
      }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/output/json-checker", test_json_checker_itself);
  g_test_add_func ("/output/json-string-escaping", test_json_string_escaping);
  g_test_add_func ("/output/json-packet", test_json_packet);
  g_test_add_func ("/output/json-flags-and-odd-strings", test_json_flags_and_odd_strings);
  g_test_add_func ("/output/xml-escaping", test_xml_escaping);
  g_test_add_func ("/output/fields", test_fields);
  g_test_add_func ("/output/fields-escape", test_fields_escape_control_chars);
  g_test_add_func ("/output/fields-errors", test_fields_errors);
  g_test_add_func ("/output/printf-free-formatting", test_printf_free_formatting);
  return g_test_run ();
}

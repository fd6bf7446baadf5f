/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-craft-form.c — the craft form: the same bytes as `layerscope-cli
 * ping|arp|tcp|udp --dry-run -x` for the same values, one edited field
 * changes its own bytes and the checksums only, bad input in every kind of
 * field gives a one-line reason and builds nothing. */
#include "craft/lsc-craft-form.h"
#include "lsc-test-tree.h"

#include <glib/gstdio.h>
#include <string.h>

#define DST_MAC "02:00:00:00:00:02"

static char *cli_path;

/* Run the CLI with args (split at spaces) and return the frame its hex dump shows. */
static GBytes *
cli_frame (const char *args)
{
  g_autofree char *cmd = g_strdup_printf ("%s %s", cli_path, args);
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;
  g_autoptr (GError) error = NULL;
  if (!g_spawn_command_line_sync (cmd, &out, &err, &status, &error))
    g_error ("could not run %s: %s", cmd, error->message);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", cmd, err);
  g_autoptr (GByteArray) bytes = g_byte_array_new ();
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      const char *l = lines[i];
      /* "0010  00 2c 9e dd ...  ascii": offset, two spaces, up to 16 bytes. */
      if (strlen (l) < 8 || !g_ascii_isxdigit (l[0]) || l[4] != ' ' || l[5] != ' ' || !g_ascii_isxdigit (l[6]))
        continue;
      guint off = (guint) g_ascii_strtoull (l, NULL, 16);
      g_assert_cmpuint (off, ==, bytes->len);
      g_autofree char *hex = g_strndup (l + 6, 49);
      g_auto (GStrv) parts = g_strsplit_set (hex, " ", -1);
      for (guint k = 0; parts[k]; k++)
        if (strlen (parts[k]) == 2)
          {
            guint8 b = (guint8) g_ascii_strtoull (parts[k], NULL, 16);
            g_byte_array_append (bytes, &b, 1);
          }
    }
  g_assert_cmpuint (bytes->len, >, 0);
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

static void
set (LscCraftForm *f, const char *id, const char *value)
{
  g_autoptr (GError) e = NULL;
  if (!lsc_craft_form_set (f, id, value, &e))
    g_error ("%s=%s: %s", id, value, e->message);
}

static GBytes *
build (LscCraftForm *f)
{
  g_autoptr (GError) e = NULL;
  GBytes *b = lsc_craft_form_build (f, &e);
  g_assert_no_error (e);
  g_assert_nonnull (b);
  return b;
}

static void
decode (LscTree *t, GBytes *frame)
{
  gsize n;
  const guint8 *d = g_bytes_get_data (frame, &n);
  LscPacket pkt = { .num = 1, .caplen = (guint32) n, .wirelen = (guint32) n, .linktype = LSC_LINK_ETHERNET, .data = d };
  lsc_dissect (t, &pkt, NULL);
}

/* The loopback interface: the CLI's source addresses are 00:..:00 and 127.0.0.1. */
static void
loopback_source (LscCraftForm *f)
{
  if (lsc_craft_form_find (f, "ip.src") >= 0)
    set (f, "ip.src", "127.0.0.1");
  set (f, "eth.src", "00:00:00:00:00:00");
}

/* The IP identification the CLI picked at random, taken over by the form. */
static void
same_ip_id (LscCraftForm *f, GBytes *cli)
{
  const guint8 *d = g_bytes_get_data (cli, NULL);
  g_autofree char *id = g_strdup_printf ("%u", (guint) (d[18] << 8 | d[19]));
  set (f, "ip.id", id);
}

static void
assert_same (LscCraftForm *f, GBytes *cli)
{
  g_autoptr (GBytes) mine = build (f);
  gsize a, b;
  const guint8 *da = g_bytes_get_data (mine, &a), *db = g_bytes_get_data (cli, &b);
  g_assert_cmpmem (da, a, db, b);
}

/* A template sent from the loopback interface to DST_MAC and 127.0.0.2. */
static LscCraftForm *
lo_form (LscCraftTemplate t)
{
  LscCraftForm *f = lsc_craft_form_new (t);
  loopback_source (f);
  set (f, "eth.dst", DST_MAC);
  if (lsc_craft_form_find (f, "ip.dst") >= 0)
    set (f, "ip.dst", "127.0.0.2");
  return f;
}

static LscCraftForm *
ping_form (GBytes **cli_out, gboolean bad)
{
  g_autofree char *args = g_strdup_printf ("ping -n -x -i lo --dst-mac " DST_MAC " --id 4660 --ttl 7 --size 20%s 127.0.0.2",
                                           bad ? " --bad-checksum --bad-ip-checksum" : "");
  GBytes *cli = cli_frame (args);
  LscCraftForm *f = lo_form (LSC_CRAFT_TEMPLATE_PING);
  set (f, "ip.ttl", "7");
  set (f, "icmp.ident", "4660");
  set (f, "icmp.seq", "1");
  set (f, "data.len", "20");
  if (bad)
    {
      set (f, "icmp.checksum", "bad");
      set (f, "ip.checksum", "bad");
    }
  same_ip_id (f, cli);
  *cli_out = cli;
  return f;
}

static LscCraftForm *
arp_form (LscCraftTemplate t, GBytes **cli_out)
{
  const char *args = NULL, *target = "127.0.0.2";
  switch (t)
    {
    case LSC_CRAFT_TEMPLATE_ARP_REQUEST: args = "arp -n -x -i lo 127.0.0.2"; break;
    case LSC_CRAFT_TEMPLATE_ARP_PROBE: args = "arp -n -x -i lo --probe 127.0.0.2"; break;
    case LSC_CRAFT_TEMPLATE_ARP_GRATUITOUS: args = "arp -n -x -i lo --gratuitous 127.0.0.1"; target = NULL; break;
    default: g_assert_not_reached ();
    }
  *cli_out = cli_frame (args);
  LscCraftForm *f = lsc_craft_form_new (t);
  loopback_source (f);
  if (t != LSC_CRAFT_TEMPLATE_ARP_PROBE)
    set (f, "arp.src.proto_ipv4", "127.0.0.1");
  if (target)
    set (f, "arp.dst.proto_ipv4", target);
  return f;
}

static LscCraftForm *
tcp_form (GBytes **cli_out)
{
  *cli_out = cli_frame ("tcp -n -x -i lo --dst-mac " DST_MAC " --dport 8080 --sport 40000 --seq 1000 --ack 77 "
                        "--flags PA --window 1000 --mss 1400 --wscale 7 --sack-perm --tsval 123456 --tsecr 654321 "
                        "--data hi --ttl 9 127.0.0.2");
  LscCraftForm *f = lo_form (LSC_CRAFT_TEMPLATE_TCP);
  set (f, "ip.ttl", "9");
  set (f, "tcp.dstport", "8080");
  set (f, "tcp.srcport", "40000");
  set (f, "tcp.seq", "1000");
  set (f, "tcp.ack", "77");
  set (f, "tcp.flags", "PA");
  set (f, "tcp.window_size_value", "1000");
  set (f, "tcp.options.mss_val", "1400");
  set (f, "tcp.options.wscale.shift", "7");
  set (f, "tcp.options.sack_perm", "1");
  set (f, "tcp.options.timestamp.tsval", "123456");
  set (f, "tcp.options.timestamp.tsecr", "654321");
  set (f, "data.data", "hi");
  same_ip_id (f, *cli_out);
  return f;
}

static LscCraftForm *
udp_form (GBytes **cli_out, gboolean hex)
{
  *cli_out = cli_frame (hex ? "udp -n -x -i lo --dst-mac " DST_MAC " --dport 7 --sport 5000 --hex 68:65:6c:6c:6f 127.0.0.2"
                            : "udp -n -x -i lo --dst-mac " DST_MAC " --dport 7 --sport 5000 --data hello! 127.0.0.2");
  LscCraftForm *f = lo_form (LSC_CRAFT_TEMPLATE_UDP);
  set (f, "udp.dstport", "7");
  set (f, "udp.srcport", "5000");
  g_autoptr (GError) e = NULL;
  g_assert_true (lsc_craft_form_set_assignment (f, hex ? "data.data=hex:68 65 6c 6c 6f" : "data.data=hello!", &e));
  g_assert_no_error (e);
  g_assert_cmpint (lsc_craft_form_get_payload_hex (f), ==, hex);
  same_ip_id (f, *cli_out);
  return f;
}

/* The options one by one, as Linux pads each combination with NOPs. */
static void
test_tcp_options_as_cli (void)
{
  static const struct {
    const char *cli, *wscale, *sack, *tsval;
    guint opt_len;
  } cases[] = {
    { "", "", "0", "", 4 },
    { "--wscale 0", "0", "0", "", 8 },
    { "--sack-perm", "", "1", "", 8 },
    { "--tsval 1", "", "0", "1", 16 },
    { "--tsval 4294967295 --sack-perm", "", "1", "4294967295", 16 },
    { "--wscale 14 --sack-perm", "14", "1", "", 12 },
    { "--wscale 2 --tsval 77 --mss 0", "2", "0", "77", 16 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *args = g_strdup_printf ("tcp -n -x -i lo --dst-mac " DST_MAC " --dport 80 --sport 4000 --seq 5 %s 127.0.0.2",
                                               cases[i].cli);
      g_autoptr (GBytes) cli = cli_frame (args);
      g_autoptr (LscCraftForm) f = lo_form (LSC_CRAFT_TEMPLATE_TCP);
      set (f, "tcp.dstport", "80");
      set (f, "tcp.srcport", "4000");
      set (f, "tcp.seq", "5");
      if (strstr (cases[i].cli, "--mss 0"))
        set (f, "tcp.options.mss_val", "0");
      set (f, "tcp.options.wscale.shift", cases[i].wscale);
      set (f, "tcp.options.sack_perm", cases[i].sack);
      set (f, "tcp.options.timestamp.tsval", cases[i].tsval);
      same_ip_id (f, cli);
      assert_same (f, cli);
      /* The data offset counts the options: 20 bytes of header plus them. */
      const guint8 *d = g_bytes_get_data (cli, NULL);
      g_assert_cmpuint ((d[14 + 20 + 12] >> 4) * 4u, ==, 20 + cases[i].opt_len);
      g_autofree char *hl = lsc_craft_form_computed_text (f, "tcp.hdr_len");
      g_autofree char *want = g_strdup_printf ("%u", 20 + cases[i].opt_len);
      g_assert_cmpstr (hl, ==, want);
    }
  /* The layout Linux sends in a SYN: MSS, SACK-permitted + timestamps, NOP + window scale. */
  g_autoptr (LscCraftForm) f = lsc_craft_form_new (LSC_CRAFT_TEMPLATE_TCP);
  static const char *const linux_values[] = { "tcp.options.mss_val=1460", "tcp.options.sack_perm=1",
                                              "tcp.options.timestamp.tsval=0x01020304",
                                              "tcp.options.timestamp.tsecr=0", "tcp.options.wscale.shift=7" };
  for (guint i = 0; i < G_N_ELEMENTS (linux_values); i++)
    g_assert_true (lsc_craft_form_set_assignment (f, linux_values[i], NULL));
  g_autoptr (GBytes) b = build (f);
  static const guint8 linux_syn[] = { 2, 4, 0x05, 0xb4, 4, 2, 8, 10, 1, 2, 3, 4, 0, 0, 0, 0, 1, 3, 3, 7 };
  gsize n;
  const guint8 *d = g_bytes_get_data (b, &n);
  g_assert_cmpuint (n, ==, 14 + 20 + 20 + sizeof linux_syn);
  g_assert_cmpmem (d + 14 + 20 + 20, sizeof linux_syn, linux_syn, sizeof linux_syn);
  /* "none" leaves an option out again. */
  set (f, "tcp.options.wscale.shift", "none");
  g_assert_cmpstr (lsc_craft_form_get (f, "tcp.options.wscale.shift"), ==, "");
  g_autoptr (GBytes) c = build (f);
  g_assert_cmpuint (g_bytes_get_size (c), ==, n - 4);
}

static LscCraftForm *
ether_form (GBytes **cli_out, gboolean hex)
{
  *cli_out = cli_frame (hex ? "ether -n -x -i lo --type 0x0806 --hex 00:01:08:00 " DST_MAC
                            : "ether -n -x -i lo --type 34997 --data hello " DST_MAC);
  LscCraftForm *f = lo_form (LSC_CRAFT_TEMPLATE_ETHER);
  g_autoptr (GError) e = NULL;
  g_assert_true (lsc_craft_form_set_assignment (f, hex ? "eth.type=0x0806" : "eth.type=34997", &e));
  g_assert_true (lsc_craft_form_set_assignment (f, hex ? "data.data=hex:00 01 08 00" : "data.data=hello", &e));
  g_assert_no_error (e);
  return f;
}

static void
test_same_as_cli (void)
{
  GBytes *cli = NULL;
  LscCraftForm *f;

  for (int bad = 0; bad < 2; bad++)
    {
      f = ping_form (&cli, bad);
      assert_same (f, cli);
      lsc_craft_form_free (f);
      g_bytes_unref (cli);
    }
  const LscCraftTemplate arps[] = { LSC_CRAFT_TEMPLATE_ARP_REQUEST, LSC_CRAFT_TEMPLATE_ARP_PROBE,
                                    LSC_CRAFT_TEMPLATE_ARP_GRATUITOUS };
  for (guint i = 0; i < G_N_ELEMENTS (arps); i++)
    {
      f = arp_form (arps[i], &cli);
      assert_same (f, cli);
      lsc_craft_form_free (f);
      g_bytes_unref (cli);
    }
  f = tcp_form (&cli);
  assert_same (f, cli);
  lsc_craft_form_free (f);
  g_bytes_unref (cli);
  for (int hex = 0; hex < 2; hex++)
    {
      f = ether_form (&cli, hex);
      assert_same (f, cli);
      /* No padding: 14 + 5 bytes stays 19 bytes. */
      g_assert_cmpuint (g_bytes_get_size (cli), ==, hex ? 18 : 19);
      lsc_craft_form_free (f);
      g_bytes_unref (cli);
    }
  for (int hex = 0; hex < 2; hex++)
    {
      f = udp_form (&cli, hex);
      assert_same (f, cli);
      lsc_craft_form_free (f);
      g_bytes_unref (cli);
    }
}

/* The CLI cannot send an ARP reply: the form's is held against the bytes RFC 826 gives. */
static void
test_arp_reply (void)
{
  g_autoptr (LscCraftForm) f = lsc_craft_form_new (LSC_CRAFT_TEMPLATE_ARP_REPLY);
  set (f, "eth.dst", "02:00:00:00:00:02");
  set (f, "eth.src", "02:00:00:00:00:01");
  set (f, "arp.src.proto_ipv4", "198.18.0.1");
  set (f, "arp.dst.hw_mac", "02:00:00:00:00:02");
  set (f, "arp.dst.proto_ipv4", "198.18.0.2");
  static const guint8 want[] = {
    0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x06,
    0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x02,
    0x02, 0, 0, 0, 0, 0x01, 198, 18, 0, 1,
    0x02, 0, 0, 0, 0, 0x02, 198, 18, 0, 2,
  };
  g_autoptr (GBytes) b = build (f);
  g_assert_cmpmem (g_bytes_get_data (b, NULL), g_bytes_get_size (b), want, sizeof want);
  /* The sender's MAC follows the Ethernet source until forced. */
  set (f, "arp.src.hw_mac", "02:00:00:00:00:09");
  g_autoptr (GBytes) b2 = build (f);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (b2, NULL))[14 + 8 + 5], ==, 9);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (b2, NULL))[11], ==, 1);
}

/* A different valid value for a row, or NULL when it has none to try. */
static char *
another_value (LscCraftForm *f, const LscCraftFieldDesc *d)
{
  const char *cur = lsc_craft_form_get (f, d->id);
  switch (d->kind)
    {
    case LSC_CRAFT_KIND_MAC:
      return g_strdup (g_str_equal (cur, "02:11:22:33:44:55") ? "02:11:22:33:44:56" : "02:11:22:33:44:55");
    case LSC_CRAFT_KIND_IPV4:
      return g_strdup (g_str_equal (cur, "198.18.5.5") ? "198.18.5.6" : "198.18.5.5");
    case LSC_CRAFT_KIND_BOOL:
      return g_strdup (g_str_equal (cur, "1") ? "0" : "1");
    case LSC_CRAFT_KIND_UINT:
      {
        if (g_str_equal (d->id, "data.len"))
          return NULL;  /* a length: the frame grows */
        if (g_str_equal (d->id, "icmp.type"))
          return g_strdup (g_str_equal (cur, "8") ? "0" : "8");
        /* Computed lengths forced to a value the frame does not have. */
        if (g_str_has_suffix (d->id, ".hdr_len"))
          return g_strdup ("24");
        if (g_str_equal (d->id, "eth.type") && d->computed)
          return g_strdup ("0x86dd");
        if (d->computed)
          return g_strdup_printf ("%" G_GUINT64_FORMAT, MIN (d->max, 1000));
        if (d->optional && !*cur)
          return NULL;  /* adding an option: the frame grows */
        guint64 v = g_ascii_strtoull (cur, NULL, 0);
        return g_strdup_printf ("%" G_GUINT64_FORMAT, v < d->max ? v + 1 : v - 1);
      }
    case LSC_CRAFT_KIND_TCP_FLAGS:
      return g_strdup (g_str_equal (cur, "F") ? "R" : "F");
    case LSC_CRAFT_KIND_CHECKSUM:
      return g_strdup ("0x1234");
    case LSC_CRAFT_KIND_PAYLOAD:
      {
        if (!*cur)
          return NULL;
        char *t = g_strdup (cur);
        t[0] = t[0] == 'x' ? 'y' : 'x';
        return t;
      }
    }
  return NULL;
}

static gboolean
in_node (LscTree *t, const char *id, gsize off)
{
  for (guint i = 0; i < lsc_tree_count (t); i++)
    {
      const LscNode *n = lsc_tree_node (t, (gint32) i);
      if (n->field && g_strcmp0 (n->field->id, id) == 0 && off >= n->offset && off < (gsize) n->offset + n->length)
        return TRUE;
    }
  return FALSE;
}

static void
check_edits (LscCraftForm *f)
{
  static const char *const checksums[] = { "ip.checksum", "icmp.checksum", "tcp.checksum", "udp.checksum" };
  g_autoptr (LscTree) t = lsc_tree_new ();
  g_autoptr (LscTree) t0 = lsc_tree_new ();
  for (guint i = 0; i < lsc_craft_form_n_fields (f); i++)
    {
      const LscCraftFieldDesc *d = lsc_craft_form_field (f, i);
      g_autofree char *v = another_value (f, d);
      if (!v)
        continue;
      g_autoptr (LscCraftForm) g = lsc_craft_form_copy (f);
      g_autoptr (GBytes) before = build (g);
      set (g, d->id, v);
      g_autoptr (GBytes) after = build (g);
      gsize n;
      const guint8 *a = g_bytes_get_data (before, &n), *b = g_bytes_get_data (after, NULL);
      g_assert_cmpuint (g_bytes_get_size (after), ==, n);
      decode (t, after);
      decode (t0, before);
      const char *node_id = g_str_equal (d->id, "data.data") ? "data.data" : d->id;
      guint changed_own = 0;
      for (gsize k = 0; k < n; k++)
        {
          if (a[k] == b[k])
            continue;
          /* An option switched off is NOP padding afterwards: its bytes were its own before. */
          gboolean own = in_node (t, node_id, k) || in_node (t0, node_id, k);
          gboolean cks = FALSE;
          for (guint c = 0; c < G_N_ELEMENTS (checksums); c++)
            cks = cks || in_node (t, checksums[c], k) || in_node (t0, checksums[c], k);
          /* Computed rows left on auto follow others (the ARP sender MAC follows eth.src). */
          for (guint c = 0; c < lsc_craft_form_n_fields (g); c++)
            {
              const LscCraftFieldDesc *o = lsc_craft_form_field (g, c);
              if (o->computed && !*lsc_craft_form_get (g, o->id))
                cks = cks || in_node (t, o->id, k) || in_node (t0, o->id, k);
            }
          if (!own && !cks)
            g_error ("%s %s=%s changed byte %" G_GSIZE_FORMAT ", outside the field and the computed ones",
                     lsc_craft_template_to_string (lsc_craft_form_get_template (f)), d->id, v, k);
          changed_own += own;
        }
      if (changed_own == 0)
        g_error ("%s=%s changed none of its own bytes", d->id, v);
    }
}

static void
test_one_edit_one_field (void)
{
  GBytes *cli = NULL;
  LscCraftForm *forms[10];
  guint n = 0;
  forms[n++] = ping_form (&cli, FALSE);
  g_bytes_unref (cli);
  forms[n++] = arp_form (LSC_CRAFT_TEMPLATE_ARP_REQUEST, &cli);
  g_bytes_unref (cli);
  forms[n++] = arp_form (LSC_CRAFT_TEMPLATE_ARP_GRATUITOUS, &cli);
  g_bytes_unref (cli);
  forms[n++] = lsc_craft_form_new (LSC_CRAFT_TEMPLATE_ARP_REPLY);
  forms[n++] = tcp_form (&cli);
  g_bytes_unref (cli);
  forms[n++] = udp_form (&cli, FALSE);
  g_bytes_unref (cli);
  forms[n++] = ether_form (&cli, FALSE);
  g_bytes_unref (cli);
  for (guint i = 0; i < n; i++)
    {
      check_edits (forms[i]);
      lsc_craft_form_free (forms[i]);
    }
}

static void
expect_bad (LscCraftForm *f, const char *id, const char *value, const char *phrase)
{
  g_autoptr (GError) e = NULL;
  g_assert_false (lsc_craft_form_set (f, id, value, &e));
  g_assert_nonnull (e);
  g_assert_null (strchr (e->message, '\n'));
  if (!strstr (e->message, phrase))
    g_error ("%s=%s: '%s' does not say '%s'", id, value, e->message, phrase);
  /* What was typed is kept, the row says why, and nothing can be built. */
  g_assert_cmpstr (lsc_craft_form_get (f, id), ==, value);
  g_assert_cmpstr (lsc_craft_form_get_error (f, id), ==, e->message);
  g_autofree char *why = lsc_craft_form_check (f);
  g_assert_nonnull (why);
  g_autoptr (GError) be = NULL;
  g_assert_null (lsc_craft_form_build (f, &be));
  g_assert_error (be, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_INVALID);
  g_assert_null (strchr (be->message, '\n'));
}

static void
test_bad_input (void)
{
  g_autoptr (LscCraftForm) tcp = lsc_craft_form_new (LSC_CRAFT_TEMPLATE_TCP);
  expect_bad (tcp, "eth.dst", "02:00:00:00:00", "not a MAC address");
  expect_bad (tcp, "eth.src", "zz:00:00:00:00:01", "not a MAC address");
  expect_bad (tcp, "ip.dst", "198.18.0.256", "not an IPv4 address");
  expect_bad (tcp, "ip.src", "", "not an IPv4 address");
  expect_bad (tcp, "ip.ttl", "nan", "not a whole number");
  expect_bad (tcp, "ip.ttl", "NaN", "not a whole number");
  expect_bad (tcp, "ip.ttl", "-1", "negative");
  expect_bad (tcp, "ip.ttl", "256", "out of range");
  expect_bad (tcp, "ip.ttl", "1.5", "not a whole number");
  expect_bad (tcp, "ip.ttl", "", "a number is needed");
  expect_bad (tcp, "ip.flags.df", "2", "out of range");
  expect_bad (tcp, "tcp.dstport", "0", "out of range");
  expect_bad (tcp, "tcp.srcport", "65536", "out of range");
  expect_bad (tcp, "tcp.seq", "4294967296", "out of range");
  expect_bad (tcp, "tcp.seq", "-5", "negative");
  expect_bad (tcp, "tcp.flags", "SZ", "not a set of TCP flags");
  expect_bad (tcp, "tcp.checksum", "0x10000", "not a checksum");
  expect_bad (tcp, "tcp.checksum", "good", "not a checksum");
  expect_bad (tcp, "ip.checksum", "-1", "not a checksum");
  g_autofree char *big = g_strnfill (1500, 'x');
  expect_bad (tcp, "data.data", big, "do not fit one Ethernet frame");

  g_autoptr (LscCraftForm) udp = lsc_craft_form_new (LSC_CRAFT_TEMPLATE_UDP);
  lsc_craft_form_set_payload_hex (udp, TRUE);
  expect_bad (udp, "data.data", "abc", "odd number of hex digits");
  expect_bad (udp, "data.data", "zz", "not hex");
  g_autoptr (LscCraftForm) ping = lsc_craft_form_new (LSC_CRAFT_TEMPLATE_PING);
  expect_bad (ping, "data.len", "1473", "out of range");
  expect_bad (ping, "icmp.type", "3", "only an echo");
  expect_bad (ping, "icmp.seq", "inf", "not a whole number");
  expect_bad (ping, "icmp.code", "256", "out of range");
  /* The computed and optional rows of the new kinds. */
  expect_bad (tcp, "tcp.options.wscale.shift", "15", "out of range");
  expect_bad (tcp, "tcp.options.wscale.shift", "-1", "negative");
  expect_bad (tcp, "tcp.options.timestamp.tsval", "4294967296", "out of range");
  expect_bad (tcp, "tcp.options.timestamp.tsecr", "NaN", "not a whole number");
  expect_bad (tcp, "tcp.options.sack_perm", "yes", "not a whole number");
  expect_bad (tcp, "tcp.hdr_len", "22", "not a multiple of 4");
  expect_bad (tcp, "tcp.hdr_len", "64", "out of range");
  expect_bad (tcp, "ip.hdr_len", "-20", "negative");
  expect_bad (tcp, "ip.len", "65536", "out of range");
  expect_bad (udp, "udp.length", "1e3", "not a whole number");
  expect_bad (udp, "ip.frag_offset", "8192", "out of range");
  expect_bad (udp, "ip.version", "16", "out of range");
  expect_bad (udp, "ip.proto", "0x100", "out of range");
  expect_bad (udp, "eth.type", "0x1ffff", "out of range");
  expect_bad (tcp, "tcp.urgent_pointer", "-1", "negative");
  expect_bad (tcp, "ip.flags.mf", "true", "not a whole number");
  g_autoptr (LscCraftForm) ether = lsc_craft_form_new (LSC_CRAFT_TEMPLATE_ETHER);
  expect_bad (ether, "eth.type", "0x10000", "out of range");
  expect_bad (ether, "eth.dst", "ff:ff:ff:ff:ff:ff:ff", "not a MAC address");
  g_autofree char *jumbo = g_strnfill (1501, 'x');
  expect_bad (ether, "data.data", jumbo, "do not fit one Ethernet frame");
  /* 1500 bytes fit exactly; every TCP option takes its room from the payload. */
  g_autofree char *mtu = g_strnfill (1500, 'x');
  set (ether, "eth.type", "0x88b5");
  set (ether, "eth.dst", "ff:ff:ff:ff:ff:ff");
  set (ether, "data.data", mtu);
  g_autoptr (GBytes) full = build (ether);
  g_assert_cmpuint (g_bytes_get_size (full), ==, 1514);
  g_autoptr (LscCraftForm) tcp2 = lsc_craft_form_new (LSC_CRAFT_TEMPLATE_TCP);
  g_autofree char *fits = g_strnfill (1500 - 20 - 20 - 4, 'x');
  set (tcp2, "data.data", fits);
  g_autoptr (GError) oe = NULL;
  g_assert_null (lsc_craft_form_get_error (tcp2, "data.data"));
  g_assert_true (lsc_craft_form_set (tcp2, "tcp.options.wscale.shift", "7", &oe));
  g_assert_nonnull (lsc_craft_form_get_error (tcp2, "data.data"));
  g_autofree char *why = lsc_craft_form_check (tcp2);
  g_assert_nonnull (why);

  g_autoptr (LscCraftForm) arp = lsc_craft_form_new (LSC_CRAFT_TEMPLATE_ARP_REQUEST);
  expect_bad (arp, "arp.opcode", "3", "out of range");
  expect_bad (arp, "arp.dst.proto_ipv4", "1.2.3", "not an IPv4 address");
  expect_bad (arp, "arp.hw.size", "256", "out of range");
  expect_bad (arp, "arp.proto.type", "ipv4", "not a whole number");

  /* Unknown fields and malformed assignments, and a fix that makes it whole again. */
  g_autoptr (GError) e = NULL;
  g_assert_false (lsc_craft_form_set (arp, "tcp.seq", "1", &e));
  g_assert_nonnull (strstr (e->message, "no field 'tcp.seq'"));
  g_clear_error (&e);
  g_assert_false (lsc_craft_form_set_assignment (arp, "ip.ttl", &e));
  g_clear_error (&e);
  g_assert_false (lsc_craft_form_set_assignment (arp, "=1", &e));
  g_clear_error (&e);
  set (arp, "arp.opcode", "1");
  set (arp, "arp.dst.proto_ipv4", "198.18.0.9");
  set (arp, "arp.hw.size", "auto");
  set (arp, "arp.proto.type", "");
  g_autofree char *ok = lsc_craft_form_check (arp);
  g_assert_null (ok);
  g_autoptr (GBytes) b = build (arp);
  g_assert_cmpuint (g_bytes_get_size (b), ==, 42);
}

/* Computed rows say auto, take a forced value, and go back to auto. */
static void
test_computed (void)
{
  g_autoptr (LscCraftForm) f = lsc_craft_form_new (LSC_CRAFT_TEMPLATE_PING);
  g_assert_cmpstr (lsc_craft_form_get (f, "ip.checksum"), ==, "");
  g_assert_true (lsc_craft_form_needs_dst_mac (f));
  g_autoptr (GBytes) a = build (f);
  set (f, "ip.checksum", "0xbeef");
  g_autoptr (GBytes) b = build (f);
  const guint8 *d = g_bytes_get_data (b, NULL);
  g_assert_cmpuint (d[24], ==, 0xbe);
  g_assert_cmpuint (d[25], ==, 0xef);
  set (f, "ip.checksum", "auto");
  g_assert_cmpstr (lsc_craft_form_get (f, "ip.checksum"), ==, "");
  g_autoptr (GBytes) c = build (f);
  g_assert_true (g_bytes_equal (a, c));
  /* TTL 1, and a frame under 60 bytes (a ping with no payload: 42). */
  set (f, "ip.ttl", "1");
  set (f, "data.len", "0");
  g_autoptr (GBytes) s = build (f);
  g_assert_cmpuint (g_bytes_get_size (s), ==, 42);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (s, NULL))[22], ==, 1);
  /* The resolved MAC fills an auto destination; a forced one wins. */
  const guint8 mac[6] = { 2, 0, 0, 0, 0, 0x42 };
  lsc_craft_form_set_resolved_mac (f, mac);
  g_assert_false (lsc_craft_form_needs_dst_mac (f));
  g_autoptr (GBytes) r = build (f);
  g_assert_cmpmem (g_bytes_get_data (r, NULL), 6, mac, 6);
  g_autofree char *desc = lsc_craft_form_describe (f);
  g_assert_nonnull (strstr (desc, "--set ip.ttl=1"));
  g_assert_nonnull (strstr (desc, "--set data.len=0"));
  /* The interface's addresses fill what was not edited by hand. */
  g_autoptr (LscCraftForm) g = lsc_craft_form_new (LSC_CRAFT_TEMPLATE_TCP);
  set (g, "ip.src", "198.18.9.9");
  LscCraftIface ifc = { .mac = { 2, 0, 0, 0, 0, 7 } };
  lsc_craft_parse_ipv4 ("198.18.7.1", &ifc.ip, NULL);
  lsc_craft_form_set_iface (g, &ifc);
  g_assert_cmpstr (lsc_craft_form_get (g, "eth.src"), ==, "02:00:00:00:00:07");
  g_assert_cmpstr (lsc_craft_form_get (g, "ip.src"), ==, "198.18.9.9");
}

static guint16
u16_at (GBytes *b, gsize off)
{
  const guint8 *d = g_bytes_get_data (b, NULL);
  return (guint16) (d[off] << 8 | d[off + 1]);
}

/* Forced lengths and checksums land in the frame as given, the checksums
 * left on auto stay right over the bytes as sent, and the decoder says what
 * is wrong; going back to auto gives the frame before. */
static void
test_forced_fields (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  g_autoptr (LscCraftForm) udp = lsc_craft_form_new (LSC_CRAFT_TEMPLATE_UDP);
  set (udp, "ip.id", "1");
  g_autoptr (GBytes) plain = build (udp);
  /* Auto rows show what the frame holds. */
  g_autofree char *len = lsc_craft_form_computed_text (udp, "ip.len");
  g_assert_cmpstr (len, ==, "33");  /* 20 + 8 + "hello" */
  g_autofree char *ulen = lsc_craft_form_computed_text (udp, "udp.length");
  g_assert_cmpstr (ulen, ==, "13");
  g_autofree char *ihl = lsc_craft_form_computed_text (udp, "ip.hdr_len");
  g_assert_cmpstr (ihl, ==, "20");
  g_autofree char *ck = lsc_craft_form_computed_text (udp, "ip.checksum");
  g_autofree char *want_ck = g_strdup_printf ("0x%04x", u16_at (plain, 24));
  g_assert_cmpstr (ck, ==, want_ck);
  g_assert_null (lsc_craft_form_computed_text (udp, "udp.dstport"));
  g_autofree char *type = lsc_craft_form_computed_text (udp, "eth.type");
  g_assert_cmpstr (type, ==, "0x0800");
  g_autofree char *proto = lsc_craft_form_computed_text (udp, "ip.proto");
  g_assert_cmpstr (proto, ==, "17");

  /* A wrong UDP checksum: the bytes given, the decoder says bad. */
  set (udp, "udp.checksum", "0x1234");
  g_autoptr (GBytes) bad = build (udp);
  g_assert_cmpuint (u16_at (bad, 40), ==, 0x1234);
  g_assert_null (lsc_craft_form_computed_text (udp, "udp.checksum"));
  decode (t, bad);
  g_assert_true (need (t, "udp.checksum")->flags & LSC_NODE_CHECKSUM_BAD);
  g_autoptr (GString) text = g_string_new (NULL);
  lsc_format_tree_text (t, LSC_MODEL_OSI, TRUE, text);
  g_assert_nonnull (strstr (text->str, "incorrect"));
  set (udp, "udp.checksum", "auto");

  /* A UDP length of 9: the field is 9, the checksum (auto) still right. */
  set (udp, "udp.length", "9");
  g_autoptr (GBytes) short_len = build (udp);
  g_assert_cmpuint (u16_at (short_len, 38), ==, 9);
  g_assert_cmpuint (g_bytes_get_size (short_len), ==, g_bytes_get_size (plain));
  decode (t, short_len);
  g_assert_true (need (t, "ip.checksum")->flags & LSC_NODE_CHECKSUM_GOOD);
  set (udp, "udp.length", "");

  /* An IP total length of 1000 and a header length of 24: the IP checksum is recomputed. */
  set (udp, "ip.len", "1000");
  set (udp, "ip.hdr_len", "24");
  g_autoptr (GBytes) wrong = build (udp);
  const guint8 *w = g_bytes_get_data (wrong, NULL);
  g_assert_cmpuint (w[14], ==, 0x46);
  g_assert_cmpuint (u16_at (wrong, 16), ==, 1000);
  decode (t, wrong);
  g_assert_true (need (t, "ip.checksum")->flags & LSC_NODE_CHECKSUM_GOOD);
  g_assert_cmpuint (need (t, "ip.len")->v.u, ==, 1000);
  g_assert_true (any_flag (t, LSC_NODE_MALFORMED | LSC_NODE_WARN));
  set (udp, "ip.len", "auto");
  set (udp, "ip.hdr_len", "auto");
  g_autoptr (GBytes) back = build (udp);
  g_assert_true (g_bytes_equal (back, plain));

  /* A TCP data offset forced below the options: the byte holds it, the checksum follows. */
  g_autoptr (LscCraftForm) tcp = lsc_craft_form_new (LSC_CRAFT_TEMPLATE_TCP);
  set (tcp, "tcp.hdr_len", "20");
  g_autoptr (GBytes) seg = build (tcp);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (seg, NULL))[46] >> 4, ==, 5);
  decode (t, seg);
  g_assert_true (need (t, "tcp.checksum")->flags & LSC_NODE_CHECKSUM_GOOD);
  /* "bad" gives a checksum that is certainly wrong. */
  set (tcp, "tcp.checksum", "bad");
  g_autoptr (GBytes) seg2 = build (tcp);
  decode (t, seg2);
  g_assert_true (need (t, "tcp.checksum")->flags & LSC_NODE_CHECKSUM_BAD);
}

/* What is sent can be written down and read back as the same frame. */
static void
test_save_load (void)
{
  for (guint tp = 0; tp < LSC_CRAFT_N_TEMPLATES; tp++)
    {
      g_autoptr (LscCraftForm) f = lsc_craft_form_new ((LscCraftTemplate) tp);
      if (lsc_craft_form_find (f, "ip.ttl") >= 0)
        {
          set (f, "ip.ttl", "3");
          set (f, "ip.checksum", "bad");
          lsc_craft_form_set_ttl_series (f, TRUE);
        }
      if (lsc_craft_form_find (f, "data.data") >= 0)
        {
          lsc_craft_form_set_payload_hex (f, TRUE);
          set (f, "data.data", "de ad be ef");
        }
      g_autoptr (GKeyFile) kf = g_key_file_new ();
      lsc_craft_form_save (f, kf, "sent-1");
      g_autofree char *data = g_key_file_to_data (kf, NULL, NULL);
      g_autoptr (GKeyFile) back = g_key_file_new ();
      g_assert_true (g_key_file_load_from_data (back, data, (gsize) -1, G_KEY_FILE_NONE, NULL));
      g_autoptr (GError) e = NULL;
      g_autoptr (LscCraftForm) g = lsc_craft_form_load (back, "sent-1", &e);
      g_assert_no_error (e);
      g_assert_cmpint (lsc_craft_form_get_template (g), ==, tp);
      g_assert_cmpint (lsc_craft_form_get_payload_hex (g), ==, lsc_craft_form_get_payload_hex (f));
      g_assert_cmpint (lsc_craft_form_get_ttl_series (g), ==, lsc_craft_form_get_ttl_series (f));
      g_autoptr (GBytes) a = build (f), b = build (g);
      g_assert_true (g_bytes_equal (a, b));
    }
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_key_file_set_string (kf, "x", "template", "smoke-signal");
  g_autoptr (GError) e = NULL;
  g_assert_null (lsc_craft_form_load (kf, "x", &e));
  g_assert_error (e, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_INVALID);
}

/* The history file: newest first, bounded, and what cannot be read is left out. */
static void
test_history_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lsc-history-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sub", "craft-history", NULL);
  g_autoptr (GPtrArray) none = lsc_craft_history_load (path);
  g_assert_cmpuint (none->len, ==, 0);

  g_autoptr (GPtrArray) sent = g_ptr_array_new_with_free_func ((GDestroyNotify) lsc_craft_sent_free);
  for (guint i = 0; i < LSC_CRAFT_HISTORY_MAX + 5; i++)
    {
      g_autoptr (LscCraftForm) f = lsc_craft_form_new (i % 2 ? LSC_CRAFT_TEMPLATE_UDP : LSC_CRAFT_TEMPLATE_ETHER);
      g_autofree char *v = g_strdup_printf ("%u", i + 1);
      set (f, i % 2 ? "udp.dstport" : "eth.type", v);
      g_ptr_array_add (sent, lsc_craft_sent_new (f, "veth0", i + 1, 0.25));
    }
  g_autoptr (GError) e = NULL;
  g_assert_true (lsc_craft_history_save (sent, path, &e));
  g_assert_no_error (e);
  g_autoptr (GPtrArray) back = lsc_craft_history_load (path);
  g_assert_cmpuint (back->len, ==, LSC_CRAFT_HISTORY_MAX);
  for (guint i = 0; i < back->len; i++)
    {
      LscCraftSent *a = g_ptr_array_index (sent, i), *b = g_ptr_array_index (back, i);
      g_assert_cmpstr (b->iface, ==, "veth0");
      g_assert_cmpuint (b->count, ==, i + 1);
      g_assert_cmpfloat (b->interval, ==, 0.25);
      g_assert_cmpint (b->time, ==, a->time);
      g_autoptr (GBytes) fa = build (a->form), fb = build (b->form);
      g_assert_true (g_bytes_equal (fa, fb));
    }
  /* A damaged entry is skipped, the others stay; nonsense counts and intervals become sane ones. */
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_autoptr (GString) bad = g_string_new ("[sent-0]\ntemplate=teleport\n\n");
  g_string_append (bad, "[sent-x]\ntemplate=udp\ncount=-7\ninterval=nan\nudp.dstport=99999\n\n");
  g_string_append (bad, text);
  g_assert_true (g_file_set_contents (path, bad->str, -1, NULL));
  g_autoptr (GPtrArray) mixed = lsc_craft_history_load (path);
  g_assert_cmpuint (mixed->len, ==, LSC_CRAFT_HISTORY_MAX);
  LscCraftSent *odd = g_ptr_array_index (mixed, 0);
  g_assert_cmpuint (odd->count, ==, 1);
  g_assert_cmpfloat (odd->interval, ==, 1.0);
  /* The out-of-range port is kept as typed and marked, so it cannot be sent. */
  g_assert_nonnull (lsc_craft_form_get_error (odd->form, "udp.dstport"));
  g_assert_null (lsc_craft_form_build (odd->form, NULL));
  /* A send from another window goes on top of what the file holds now, within the bound. */
  g_autoptr (LscCraftForm) ping = lsc_craft_form_new (LSC_CRAFT_TEMPLATE_PING);
  g_autoptr (LscCraftSent) one = lsc_craft_sent_new (ping, "lo", 3, 0.5);
  g_assert_true (lsc_craft_history_append (one, path, NULL));
  g_autoptr (GPtrArray) appended = lsc_craft_history_load (path);
  g_assert_cmpuint (appended->len, ==, LSC_CRAFT_HISTORY_MAX);
  LscCraftSent *top = g_ptr_array_index (appended, 0);
  g_assert_cmpint (lsc_craft_form_get_template (top->form), ==, LSC_CRAFT_TEMPLATE_PING);
  g_assert_cmpuint (top->count, ==, 3);
  g_assert_cmpint (top->time, ==, one->time);
  g_assert_cmpint (lsc_craft_form_get_template (((LscCraftSent *) g_ptr_array_index (appended, 1))->form), ==,
                   LSC_CRAFT_TEMPLATE_UDP);  /* what was first before */
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_true (lsc_craft_history_append (one, path, NULL));
  g_autoptr (GPtrArray) only = lsc_craft_history_load (path);
  g_assert_cmpuint (only->len, ==, 1);
  g_assert_cmpint (g_remove (path), ==, 0);
  g_autofree char *sub = g_path_get_dirname (path);
  g_rmdir (sub);
  g_rmdir (dir);
}

/* A TTL series: frame i leaves with TTL + i (and seq + i), each with a right header checksum. */
static void
test_ttl_series (void)
{
  g_autoptr (LscCraftForm) f = lsc_craft_form_new (LSC_CRAFT_TEMPLATE_PING);
  set (f, "ip.ttl", "1");
  lsc_craft_form_set_ttl_series (f, TRUE);
  g_assert_true (lsc_craft_form_get_ttl_series (f));
  g_autoptr (LscTree) t = lsc_tree_new ();
  for (guint i = 0; i < 3; i++)
    {
      LscCraftProbe p;
      g_autoptr (GBytes) b = lsc_craft_form_build_nth (f, i, &p, NULL);
      g_assert_nonnull (b);
      const guint8 *d = g_bytes_get_data (b, NULL);
      g_assert_cmpuint (d[22], ==, i + 1);
      g_assert_cmpuint (p.seq, ==, i + 1);
      decode (t, b);
      gint32 c = lsc_tree_find (t, "ip.checksum");
      g_assert_cmpint (c, >=, 0);
      g_assert_true (lsc_tree_node (t, c)->flags & LSC_NODE_CHECKSUM_GOOD);
    }
  /* Never past 255; and a copy keeps the series. */
  set (f, "ip.ttl", "255");
  g_autoptr (GBytes) top = lsc_craft_form_build_nth (f, 4, NULL, NULL);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (top, NULL))[22], ==, 255);
  g_autoptr (LscCraftForm) c = lsc_craft_form_copy (f);
  g_assert_true (lsc_craft_form_get_ttl_series (c));
  /* ARP has no TTL. */
  g_autoptr (LscCraftForm) arp = lsc_craft_form_new (LSC_CRAFT_TEMPLATE_ARP_REQUEST);
  lsc_craft_form_set_ttl_series (arp, TRUE);
  g_assert_false (lsc_craft_form_get_ttl_series (arp));
}

/* Every row names a field the decoder knows, so its explanation can be shown. */
static void
test_rows_are_decoder_fields (void)
{
  for (guint t = 0; t < LSC_CRAFT_N_TEMPLATES; t++)
    {
      g_autoptr (LscCraftForm) f = lsc_craft_form_new ((LscCraftTemplate) t);
      LscCraftTemplate back;
      g_assert_true (lsc_craft_template_from_string (lsc_craft_template_to_string ((LscCraftTemplate) t), &back));
      g_assert_cmpint (back, ==, t);
      g_autofree char *why = lsc_craft_form_check (f);
      g_assert_null (why);
      for (guint i = 0; i < lsc_craft_form_n_fields (f); i++)
        {
          const LscCraftFieldDesc *d = lsc_craft_form_field (f, i);
          const LscField *fd = lsc_fields_lookup (d->id);
          if (!fd || !fd->blurb)
            g_error ("%s: no decoder field %s with an explanation", lsc_craft_template_to_string (t), d->id);
        }
      g_autoptr (GBytes) b = build (f);
      g_assert_cmpuint (g_bytes_get_size (b), >=, t == LSC_CRAFT_TEMPLATE_ETHER ? 14 : 42);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  const char *root = g_getenv ("LSC_BUILD_ROOT");
  cli_path = g_build_filename (root ? root : ".", "src", "cli", "layerscope-cli", NULL);
  g_test_add_func ("/craft-form/same-as-cli", test_same_as_cli);
  g_test_add_func ("/craft-form/tcp-options-as-cli", test_tcp_options_as_cli);
  g_test_add_func ("/craft-form/arp-reply", test_arp_reply);
  g_test_add_func ("/craft-form/one-edit-one-field", test_one_edit_one_field);
  g_test_add_func ("/craft-form/bad-input", test_bad_input);
  g_test_add_func ("/craft-form/computed", test_computed);
  g_test_add_func ("/craft-form/forced-fields", test_forced_fields);
  g_test_add_func ("/craft-form/save-load", test_save_load);
  g_test_add_func ("/craft-form/history-file", test_history_file);
  g_test_add_func ("/craft-form/ttl-series", test_ttl_series);
  g_test_add_func ("/craft-form/rows-are-decoder-fields", test_rows_are_decoder_fields);
  int r = g_test_run ();
  g_free (cli_path);
  return r;
}

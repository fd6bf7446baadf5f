/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-craft-fields.c — the craft form's rows are the registry's rows: every
 * row names a registered field that says how it is built, and the bytes the
 * form builds hold each row's value exactly where the registry places it
 * (offset, width, bit mask, scale), so a wrong offset in a field table fails
 * here. */
#include "craft/lsc-craft-form.h"
#include "core/lsc-dissect.h"
#include "core/lsc-format.h"
#include "core/lsc-ladder.h"
#include "core/lsc-tcp-flags.h"

#include <string.h>

/* Values unlike any default (and unlike each other), so a field read from
 * the wrong place cannot match by chance. */
static const struct {
  const char *id, *value;
} distinct[] = {
  { "eth.dst", "02:11:22:33:44:55" }, { "eth.src", "02:66:77:88:99:aa" }, { "eth.type", "0x0801" },
  { "ip.version", "4" }, { "ip.src", "198.18.7.9" }, { "ip.dst", "198.19.3.200" }, { "ip.ttl", "77" },
  { "ip.dsfield", "0xb8" }, { "ip.id", "0x4d2e" }, { "ip.flags.df", "0" }, { "ip.flags.mf", "1" },
  { "ip.frag_offset", "5000" }, { "ip.checksum", "0x1357" }, { "ip.proto", "99" },
  { "icmp.type", "0" }, { "icmp.code", "5" }, { "icmp.ident", "0xbeef" }, { "icmp.seq", "4242" },
  { "icmp.checksum", "0x2468" }, { "data.len", "13" },
  { "arp.opcode", "2" }, { "arp.src.proto_ipv4", "198.18.44.1" }, { "arp.dst.hw_mac", "02:de:ad:be:ef:01" },
  { "arp.dst.proto_ipv4", "198.18.44.2" }, { "arp.src.hw_mac", "02:01:02:03:04:05" }, { "arp.hw.type", "6" },
  { "arp.proto.type", "0x86dd" }, { "arp.hw.size", "8" }, { "arp.proto.size", "16" },
  { "tcp.srcport", "40001" }, { "tcp.dstport", "8443" }, { "tcp.seq", "0x01020304" }, { "tcp.ack", "0xa0b0c0d0" },
  { "tcp.flags", "SAPUEC" }, { "tcp.window_size_value", "29200" }, { "tcp.urgent_pointer", "777" },
  { "tcp.options.mss_val", "1380" }, { "tcp.options.sack_perm", "1" }, { "tcp.options.timestamp.tsval", "0x11223344" },
  { "tcp.options.timestamp.tsecr", "0x55667788" }, { "tcp.options.wscale.shift", "7" }, { "tcp.checksum", "0x3579" },
  { "udp.srcport", "51000" }, { "udp.dstport", "5353" }, { "udp.checksum", "0x4680" },
  { "data.data", "layer by layer" },
};

/* The TCP option each option field sits in. */
static guint8
option_kind (const char *id)
{
  if (g_str_has_prefix (id, "tcp.options.mss"))
    return 2;
  if (g_str_has_prefix (id, "tcp.options.wscale"))
    return 3;
  if (g_str_has_prefix (id, "tcp.options.sack_perm"))
    return 4;
  if (g_str_has_prefix (id, "tcp.options.timestamp"))
    return 8;
  g_error ("%s: no TCP option known for it", id);
}

typedef struct {
  const guint8 *d;
  gsize len;
  gsize l3, l4, l4_hdr, payload, end;  /* header starts, TCP header length, payload start and end */
} Frame;

static void
frame_parse (Frame *fr, GBytes *bytes, LscCraftTemplate t)
{
  fr->d = g_bytes_get_data (bytes, &fr->len);
  g_assert_cmpuint (fr->len, >=, 14);
  fr->l3 = 14;
  fr->end = fr->len;
  fr->payload = 14;
  if (t == LSC_CRAFT_TEMPLATE_PING || t == LSC_CRAFT_TEMPLATE_TCP || t == LSC_CRAFT_TEMPLATE_UDP)
    {
      g_assert_cmpuint (fr->len, >=, 34);
      fr->l4 = 14 + (fr->d[14] & 0x0f) * 4u;
      fr->end = MIN (fr->len, 14u + (guint) (fr->d[16] << 8 | fr->d[17]));
      /* The template says what follows (ip.proto may be forced to anything). */
      if (t == LSC_CRAFT_TEMPLATE_TCP)
        {
          fr->l4_hdr = (fr->d[fr->l4 + 12] >> 4) * 4u;
          fr->payload = fr->l4 + fr->l4_hdr;
        }
      else
        fr->payload = fr->l4 + 8;  /* ICMP echo and UDP: 8-byte headers */
    }
}

/* Where a field's header starts in the frame, or -1 (a TCP option not there). */
static gssize
header_start (const Frame *fr, const LscCraftFieldDesc *d)
{
  const char *proto = lsc_field_protocol (d->field)->id;
  if (g_str_equal (proto, "eth"))
    return 0;
  if (g_str_equal (proto, "ip") || g_str_equal (proto, "arp"))
    return (gssize) fr->l3;
  if (g_str_equal (proto, "data"))
    return (gssize) fr->payload;
  if (g_str_has_prefix (d->id, "tcp.options."))
    {
      guint8 want = option_kind (d->id);
      for (gsize o = fr->l4 + 20; o < fr->l4 + fr->l4_hdr;)
        {
          guint8 kind = fr->d[o];
          if (kind == 0)
            break;
          if (kind == 1)
            {
              o++;
              continue;
            }
          if (kind == want)
            return (gssize) o;
          g_assert_cmpuint (o + 1, <, fr->l4 + fr->l4_hdr);
          g_assert_cmpuint (fr->d[o + 1], >=, 2);
          o += fr->d[o + 1];
        }
      return -1;
    }
  return (gssize) fr->l4;
}

/* Whether another row of the same TCP option is an optional one left empty
 * (the timestamp echo without a timestamp value). */
static gboolean
option_left_out (LscCraftForm *f, const char *id)
{
  for (guint i = 0; i < lsc_craft_form_n_fields (f); i++)
    {
      const LscCraftFieldDesc *o = lsc_craft_form_field (f, i);
      if (o->optional && !*lsc_craft_form_get (f, o->id) && g_str_has_prefix (o->id, "tcp.options.") &&
          option_kind (o->id) == option_kind (id))
        return TRUE;
    }
  return FALSE;
}

/* Every row of the form holds its value where the registry says. */
static void
check_placed (LscCraftForm *f, const char *what)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = lsc_craft_form_build (f, &error);
  g_assert_no_error (error);
  Frame fr = { 0 };
  frame_parse (&fr, bytes, lsc_craft_form_get_template (f));
  guint checked = 0;
  for (guint i = 0; i < lsc_craft_form_n_fields (f); i++)
    {
      const LscCraftFieldDesc *d = lsc_craft_form_field (f, i);
      const char *text = lsc_craft_form_get (f, d->id);
      /* Computed rows left on auto hold what the builder computed: nothing to compare. */
      if (d->computed && !*text)
        continue;
      const LscField *fld = d->field;
      gssize at = header_start (&fr, d);
      g_autofree char *where = g_strdup_printf ("%s %s=%s", what, d->id, text);
      if (d->optional && !*text)
        {
          if (at >= 0)
            g_error ("%s: left empty, yet the option is in the frame", where);
          continue;
        }
      if (g_str_equal (d->id, "tcp.options.mss_val") && g_str_equal (text, "0"))
        {
          if (at >= 0)
            g_error ("%s: MSS 0 means no option, yet it is in the frame", where);
          continue;
        }
      if (fld->type == LSC_FT_NONE)
        {
          /* An option with no value: 1 puts it in the frame, 0 leaves it out. */
          if ((at >= 0) != g_str_equal (text, "1"))
            g_error ("%s: the option is %s the frame", where, at >= 0 ? "in" : "not in");
          checked++;
          continue;
        }
      if (at < 0 && option_left_out (f, d->id))
        continue;
      if (at < 0)
        g_error ("%s: its option is not in the frame", where);
      const guint8 *hdr = fr.d + at;
      gsize hdr_len = fr.len - (gsize) at;
      guint64 got = 0, want = 0;
      switch (d->kind)
        {
        case LSC_CRAFT_KIND_MAC:
        case LSC_CRAFT_KIND_IPV4:
          {
            guint8 addr[6];
            guint32 ip;
            guint n = d->kind == LSC_CRAFT_KIND_MAC ? 6 : 4;
            g_assert_cmpuint (fld->build_width, ==, n);
            if (d->kind == LSC_CRAFT_KIND_MAC)
              g_assert_true (lsc_craft_parse_mac (text, addr, NULL));
            else
              {
                g_assert_true (lsc_craft_parse_ipv4 (text, &ip, NULL));
                memcpy (addr, &ip, 4);  /* network order */
              }
            g_assert_cmpuint (fld->build_offset + n, <=, hdr_len);
            if (memcmp (hdr + fld->build_offset, addr, n) != 0)
              g_error ("%s: the frame holds something else at +%u", where, fld->build_offset);
            checked++;
            continue;
          }
        case LSC_CRAFT_KIND_PAYLOAD:
          {
            g_assert_cmpuint (fld->build_width, ==, LSC_BUILD_WIDTH_REST);
            gsize n = fr.end - (gsize) at;
            if (n != strlen (text) || memcmp (hdr, text, n) != 0)
              g_error ("%s: the payload is %" G_GSIZE_FORMAT " other bytes", where, n);
            checked++;
            continue;
          }
        case LSC_CRAFT_KIND_TCP_FLAGS:
          {
            guint16 fl = 0;
            g_assert_true (lsc_craft_parse_tcp_flags (text, &fl, NULL));
            want = fl;
            break;
          }
        default:
          want = g_ascii_strtoull (text, NULL, 0);
          break;
        }
      if (fld->build_width == 0)
        {
          /* A length with no place of its own (the echo's data): the bytes it counts. */
          g_assert_cmpint (fld->build, ==, LSC_BUILD_LENGTH);
          got = fr.end - fr.payload;
        }
      else if (!lsc_field_read (fld, hdr, hdr_len, &got))
        g_error ("%s: +%u (%u bytes) is past the end of the frame", where, fld->build_offset, fld->build_width);
      if (got != want)
        g_error ("%s: the frame holds %" G_GUINT64_FORMAT " at +%u (%u bytes, mask 0x%" G_GINT64_MODIFIER "x)", where,
                 got, fld->build_offset, fld->build_width, lsc_field_build_mask (fld));
      checked++;
    }
  g_assert_cmpuint (checked, >=, 3);
}

/* Every row is a registry field that says how it is built, with its label,
 * explanation and protocol from that row. */
static void
test_rows_are_registry_rows (void)
{
  for (guint t = 0; t < LSC_CRAFT_N_TEMPLATES; t++)
    {
      g_autoptr (LscCraftForm) f = lsc_craft_form_new ((LscCraftTemplate) t);
      for (guint i = 0; i < lsc_craft_form_n_fields (f); i++)
        {
          const LscCraftFieldDesc *d = lsc_craft_form_field (f, i);
          const LscField *fld = lsc_fields_lookup (d->id);
          g_assert_nonnull (fld);
          g_assert_true (d->field == fld);
          g_assert_true (lsc_field_is_buildable (fld));
          g_assert_true (d->label == fld->name);
          g_assert_nonnull (fld->blurb);
          g_assert_nonnull (lsc_field_protocol (fld));
          /* A computed field (a length, a checksum, an address) is auto in the form unless the template chose it. */
          if (fld->build == LSC_BUILD_CHECKSUM)
            g_assert_true (d->computed);
          g_autofree char *label = lsc_craft_field_label (d);
          g_assert_true (g_str_has_prefix (label, fld->name));
        }
    }
}

/* Build each template as it opens and again with every row changed: each
 * row's value is at its registry place in the bytes. */
static void
test_rows_placed_in_frame (void)
{
  for (guint t = 0; t < LSC_CRAFT_N_TEMPLATES; t++)
    {
      const char *name = lsc_craft_template_to_string ((LscCraftTemplate) t);
      g_autoptr (LscCraftForm) f = lsc_craft_form_new ((LscCraftTemplate) t);
      check_placed (f, name);
      for (guint k = 0; k < G_N_ELEMENTS (distinct); k++)
        if (lsc_craft_form_find (f, distinct[k].id) >= 0)
          {
            g_autoptr (GError) e = NULL;
            if (!lsc_craft_form_set (f, distinct[k].id, distinct[k].value, &e))
              g_error ("%s: %s=%s: %s", name, distinct[k].id, distinct[k].value, e->message);
          }
      check_placed (f, name);
    }
}

/* lsc_field_write puts a value in its bits and leaves the others. */
static void
test_field_write_read (void)
{
  guint8 ip[20] = { 0x45, 0, 0, 20, 0, 0, 0x40, 0 };
  const LscField *frag = lsc_fields_lookup ("ip.frag_offset");
  const LscField *hl = lsc_fields_lookup ("ip.hdr_len");
  const LscField *df = lsc_fields_lookup ("ip.flags.df");
  guint64 v = 0;
  g_assert_true (lsc_field_write (frag, ip, sizeof ip, 8191));
  g_assert_cmphex (ip[6], ==, 0x5f);
  g_assert_cmphex (ip[7], ==, 0xff);
  g_assert_true (lsc_field_read (df, ip, sizeof ip, &v));
  g_assert_cmpuint (v, ==, 1);
  g_assert_true (lsc_field_write (hl, ip, sizeof ip, 24));
  g_assert_cmphex (ip[0], ==, 0x46);
  g_assert_true (lsc_field_read (hl, ip, sizeof ip, &v));
  g_assert_cmpuint (v, ==, 24);
  g_assert_cmpuint (lsc_field_max_value (hl), ==, 60);
  g_assert_cmpuint (lsc_field_max_value (frag), ==, 8191);
  /* Out of the header: refused, nothing read. */
  g_assert_false (lsc_field_read (lsc_fields_lookup ("ip.dst"), ip, 19, &v));
}

/* One flag, one name and one letter: the craft form's letters build the
 * bit, the decoder names it on its Flags line and letter string, the ladder
 * and the CLI's reply letters say the same. */
static void
test_tcp_flag_names_agree (void)
{
  for (guint bit = 0; bit < 8; bit++)
    {
      const LscTcpFlag *fl = &lsc_tcp_flags[bit];
      char letters[2] = { fl->letter, 0 };
      g_autoptr (LscCraftForm) f = lsc_craft_form_new (LSC_CRAFT_TEMPLATE_TCP);
      g_assert_true (lsc_craft_form_set (f, "tcp.flags", letters, NULL));
      g_autoptr (GBytes) frame = lsc_craft_form_build (f, NULL);
      gsize size;
      const guint8 *d = g_bytes_get_data (frame, &size);
      LscPacket pkt = { .num = 1, .caplen = (guint32) size, .wirelen = (guint32) size, .linktype = LSC_LINK_ETHERNET,
                        .data = d };
      g_autoptr (LscTree) t = lsc_tree_new ();
      lsc_dissect (t, &pkt, NULL);
      gint32 k = lsc_tree_find (t, "tcp.flags");
      g_assert_cmpint (k, >=, 0);
      g_assert_cmpuint (lsc_tree_node (t, k)->v.u, ==, 1u << bit);
      /* "0x002 (SYN)" */
      g_autofree char *named = g_strdup_printf ("(%s)", fl->name);
      g_assert_true (g_str_has_suffix (lsc_tree_node (t, k)->text, named));
      /* "········S·": the letter at the bit's place, counted from the left of 12 */
      k = lsc_tree_find (t, "tcp.flags.str");
      g_assert_cmpint (k, >=, 0);
      const char *str = lsc_tree_node (t, k)->text;
      guint pos = 0;
      for (const char *c = str; *c; c = g_utf8_next_char (c), pos++)
        if (*c == fl->letter)
          g_assert_cmpuint (pos, ==, 11 - bit);
      g_assert_nonnull (strchr (str, fl->letter));
      g_autoptr (GString) ladder = g_string_new (NULL);
      lsc_ladder_format_flags ((guint16) (1u << bit), ladder);
      g_assert_cmpstr (ladder->str, ==, fl->name);
      char cli[16];
      lsc_craft_format_tcp_flags ((guint16) (1u << bit), cli);
      g_assert_cmpstr (cli, ==, letters);
    }
  char buf[16];
  lsc_craft_format_tcp_flags (LSC_TCP_ACK | LSC_TCP_SYN | LSC_TCP_FIN, buf);
  g_assert_cmpstr (buf, ==, "SFA");
  guint16 v;
  g_assert_false (lsc_tcp_flags_from_letters ("SX", &v));
  g_assert_cmpstr (lsc_tcp_flag_name (8), ==, "AE");
}

/* A decoder's one call: the field's bytes checked, read where its row
 * places them and added with that offset and width; nothing when cut. */
static void
test_dissect_field (void)
{
  static const guint8 udp[8] = { 0xc7, 0x38, 0x00, 0x35, 0x00, 0x0d, 0xab, 0xcd };
  g_autoptr (LscTree) t = lsc_tree_new ();
  LscBuf whole = lsc_buf_init (udp, 8, 8);
  whole.off = 34;  /* after Ethernet and IPv4 */
  gint32 n = -2;
  g_assert_cmpuint (lsc_dissect_field (t, LSC_ROOT, lsc_fields_lookup ("udp.dstport"), &whole, &n), ==, 53);
  g_assert_cmpint (n, >=, 0);
  const LscNode *node = lsc_tree_node (t, n);
  g_assert_cmpuint (node->offset, ==, 36);
  g_assert_cmpuint (node->length, ==, 2);
  g_assert_cmpuint (node->v.u, ==, 53);
  g_assert_cmpuint (lsc_dissect_field (t, LSC_ROOT, lsc_fields_lookup ("udp.checksum"), &whole, NULL), ==, 0xabcd);
  /* Cut after 7 bytes: the checksum's second byte is missing. */
  LscBuf cut = lsc_buf_init (udp, 7, 8);
  guint before = lsc_tree_count (t);
  g_assert_cmpuint (lsc_dissect_field (t, LSC_ROOT, lsc_fields_lookup ("udp.checksum"), &cut, &n), ==, 0);
  g_assert_cmpint (n, ==, -1);
  g_assert_cmpuint (lsc_tree_count (t), ==, before);
  /* A bit field: the IPv4 version nibble, scaled header length. */
  static const guint8 ip[1] = { 0x46 };
  LscBuf ib = lsc_buf_init (ip, 1, 1);
  g_assert_cmpuint (lsc_dissect_field (t, LSC_ROOT, lsc_fields_lookup ("ip.version"), &ib, NULL), ==, 4);
  g_assert_cmpuint (lsc_dissect_field (t, LSC_ROOT, lsc_fields_lookup ("ip.hdr_len"), &ib, NULL), ==, 24);
}

/* The names the form offers come from the field's value table, limited to
 * what the row accepts. */
static void
test_value_names (void)
{
  g_autoptr (LscCraftForm) arp = lsc_craft_form_new (LSC_CRAFT_TEMPLATE_ARP_REQUEST);
  g_autofree char *op = lsc_craft_form_value_names (arp, (guint) lsc_craft_form_find (arp, "arp.opcode"));
  g_assert_cmpstr (op, ==, "1 request, 2 reply");
  g_autoptr (LscCraftForm) ping = lsc_craft_form_new (LSC_CRAFT_TEMPLATE_PING);
  g_autofree char *types = lsc_craft_form_value_names (ping, (guint) lsc_craft_form_find (ping, "icmp.type"));
  g_assert_nonnull (types);
  /* Only the echo types: a ping cannot be a "destination unreachable". */
  g_assert_true (g_str_has_prefix (types, "0 "));
  g_assert_nonnull (strstr (types, ", 8 "));
  g_assert_null (strstr (types, "3 "));
  g_assert_null (lsc_craft_form_value_names (ping, (guint) lsc_craft_form_find (ping, "ip.ttl")));
}

/* The CLI's frames start from the registry's defaults too, so the form and
 * `layerscope-cli ping|tcp|udp` agree without a second list. */
static void
test_cli_defaults_are_registry_defaults (void)
{
  LscCraftTcp tcp;
  lsc_craft_tcp_init (&tcp);
  g_assert_cmpuint (tcp.ip.ttl, ==, 64);
  g_assert_cmpuint (tcp.ip.ttl, ==, lsc_field_default_uint ("ip.ttl"));
  g_assert_cmpuint (tcp.ip.version, ==, lsc_field_default_uint ("ip.version"));
  g_assert_cmpuint (tcp.ip.dont_fragment, ==, lsc_field_default_uint ("ip.flags.df"));
  g_assert_cmpuint (tcp.dport, ==, lsc_field_default_uint ("tcp.dstport"));
  g_assert_cmpuint (tcp.window, ==, lsc_field_default_uint ("tcp.window_size_value"));
  g_assert_cmpuint (tcp.mss, ==, lsc_field_default_uint ("tcp.options.mss_val"));
  LscCraftUdp udp;
  lsc_craft_udp_init (&udp);
  g_assert_cmpuint (udp.dport, ==, 9);
  g_assert_cmpuint (udp.dport, ==, lsc_field_default_uint ("udp.dstport"));
  LscCraftEcho echo;
  lsc_craft_echo_init (&echo);
  g_assert_cmpuint (echo.type, ==, lsc_field_default_uint ("icmp.type"));
  g_assert_cmpuint (echo.seq, ==, lsc_field_default_uint ("icmp.seq"));
  for (guint t = 0; t < LSC_CRAFT_N_TEMPLATES; t++)
    {
      g_autoptr (LscCraftForm) f = lsc_craft_form_new ((LscCraftTemplate) t);
      gint i = lsc_craft_form_find (f, "ip.ttl");
      if (i >= 0)
        g_assert_cmpstr (lsc_craft_form_get (f, "ip.ttl"), ==, lsc_fields_lookup ("ip.ttl")->build_default);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/craft-fields/rows-are-registry-rows", test_rows_are_registry_rows);
  g_test_add_func ("/craft-fields/rows-placed-in-frame", test_rows_placed_in_frame);
  g_test_add_func ("/craft-fields/field-write-read", test_field_write_read);
  g_test_add_func ("/craft-fields/tcp-flag-names-agree", test_tcp_flag_names_agree);
  g_test_add_func ("/craft-fields/dissect-field", test_dissect_field);
  g_test_add_func ("/craft-fields/value-names", test_value_names);
  g_test_add_func ("/craft-fields/cli-defaults", test_cli_defaults_are_registry_defaults);
  return g_test_run ();
}

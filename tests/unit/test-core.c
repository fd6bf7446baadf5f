/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-core.c — byte views, the tree, the field registry, layer models, Ethernet */
#include "core/lsc-dissect.h"
#include "core/lsc-format.h"
#include "core/lsc-layers.h"

#include <arpa/inet.h>

static void
test_buf_bounds (void)
{
  const guint8 d[] = { 0x12, 0x34, 0x56, 0x78, 0x9a };
  LscBuf b = lsc_buf_init (d, 5, 5);

  g_assert_true (lsc_buf_has (&b, 0, 5));
  g_assert_false (lsc_buf_has (&b, 1, 5));
  g_assert_false (lsc_buf_has (&b, G_MAXUINT32, 2));  /* overflow must not wrap */
  g_assert_false (lsc_buf_has (&b, 2, G_MAXUINT32));
  g_assert_cmpuint (lsc_buf_u16 (&b, 0), ==, 0x1234);
  g_assert_cmpuint (lsc_buf_u32 (&b, 1), ==, 0x3456789a);
  g_assert_cmpuint (lsc_buf_u32 (&b, 2), ==, 0);       /* out of range reads 0, not memory */
  g_assert_cmpuint (lsc_buf_u8 (&b, 5), ==, 0);
  g_assert_null (lsc_buf_ptr (&b, 4, 2));
}

static void
test_buf_sub_narrows (void)
{
  const guint8 d[10] = { 0 };
  LscBuf b = lsc_buf_init (d, 10, 100);   /* 10 captured of 100 on the wire */
  LscBuf s = lsc_buf_sub (&b, 4, 3);
  g_assert_cmpuint (s.len, ==, 3);
  g_assert_cmpuint (s.reported, ==, 3);
  g_assert_cmpuint (s.off, ==, 4);
  LscBuf t = lsc_buf_sub (&b, 8, 50);     /* claimed 50, only 2 captured */
  g_assert_cmpuint (t.len, ==, 2);
  g_assert_cmpuint (t.reported, ==, 50);
  LscBuf u = lsc_buf_sub (&b, 200, 5);    /* past the end entirely */
  g_assert_cmpuint (u.len, ==, 0);
  g_assert_cmpuint (u.reported, ==, 0);
  LscBuf v = lsc_buf_sub (&s, 1, 10);     /* nested views keep absolute offsets */
  g_assert_cmpuint (v.off, ==, 5);
  g_assert_cmpuint (v.len, ==, 2);
}

static void
test_tree_links_and_offsets (void)
{
  g_autoptr (LscTree) t = lsc_tree_new ();
  const LscField *eth = lsc_fields_lookup ("eth");
  const LscField *src = lsc_fields_lookup ("eth.src");
  const LscField *typ = lsc_fields_lookup ("eth.type");
  g_assert_nonnull (eth);
  g_assert_nonnull (src);

  gint32 p = lsc_tree_add_proto (t, LSC_ROOT, eth, 0, 14);
  gint32 a = lsc_tree_add_uint (t, p, src, 6, 6, 0x020000000001);
  gint32 b = lsc_tree_add_uint (t, p, typ, 12, 2, 0x0800);
  gint32 g = lsc_tree_add_note (t, p, 0, 0, 0, "derived %d", 7);

  g_assert_cmpint (lsc_tree_first_top (t), ==, p);
  g_assert_cmpint (lsc_tree_node (t, p)->first_child, ==, a);
  g_assert_cmpint (lsc_tree_node (t, a)->next, ==, b);
  g_assert_cmpint (lsc_tree_node (t, p)->last_child, ==, g);
  g_assert_true (lsc_tree_node (t, g)->flags & LSC_NODE_GENERATED);
  g_assert_cmpstr (lsc_tree_node (t, g)->text, ==, "derived 7");
  g_assert_cmpint (lsc_tree_node_at_offset (t, 7), ==, a);
  g_assert_cmpint (lsc_tree_node_at_offset (t, 13), ==, b);
  g_assert_cmpint (lsc_tree_node_at_offset (t, 2), ==, p);
  g_assert_cmpint (lsc_tree_node_at_offset (t, 14), ==, -1);
  g_assert_cmpint (lsc_tree_find (t, "eth.type"), ==, b);
  g_assert_cmpuint (lsc_tree_depth (t, a), ==, 1);
  g_assert_cmpint (lsc_tree_top_of (t, a), ==, p);

  /* Reset keeps nothing. */
  lsc_tree_reset (t);
  g_assert_cmpuint (lsc_tree_count (t), ==, 0);
  g_assert_cmpint (lsc_tree_first_top (t), ==, -1);

  /* Many nodes and long strings grow the storage without losing earlier ones. */
  gint32 first = lsc_tree_add_string (t, LSC_ROOT, src, 0, 0, "first", -1);
  for (int i = 0; i < 5000; i++)
    lsc_tree_add_text (t, first, 0, 0, "line %d %s", i, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  g_assert_cmpstr (lsc_tree_node (t, first)->text, ==, "first");
  g_assert_cmpuint (lsc_tree_count (t), ==, 5001);
}

static void
test_registry (void)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_assert_cmpuint (lsc_fields_count (), >, 20);
  for (guint i = 0; i < lsc_fields_count (); i++)
    {
      const LscField *f = lsc_fields_nth (i);
      if (g_hash_table_contains (seen, f->id))
        g_error ("field id %s is defined twice", f->id);
      g_hash_table_add (seen, (gpointer) f->id);
      g_assert_nonnull (f->name);
      /* Every field explains itself to a learner. */
      if (!f->blurb || !*f->blurb)
        g_error ("field %s has no explanation", f->id);
      if (f->type == LSC_FT_PROTOCOL)
        g_assert_cmpint (f->layer, >=, LSC_OSI_PHYSICAL);
    }
  g_assert_null (lsc_fields_lookup ("no.such.field"));
  g_assert_nonnull (lsc_fields_lookup ("frame.len"));
}

static void
test_models (void)
{
  LscModel m;
  g_assert_true (lsc_model_from_string ("tcpip5", &m));
  g_assert_cmpint (m, ==, LSC_MODEL_TCPIP5);
  g_assert_false (lsc_model_from_string ("osi8", &m));
  g_assert_cmpuint (lsc_model_n_layers (LSC_MODEL_OSI), ==, 7);
  g_assert_cmpuint (lsc_model_n_layers (LSC_MODEL_TCPIP4), ==, 4);
  g_assert_cmpuint (lsc_model_layer_of (LSC_MODEL_TCPIP4, LSC_OSI_DATALINK), ==, 1);
  g_assert_cmpuint (lsc_model_layer_of (LSC_MODEL_TCPIP4, LSC_OSI_PHYSICAL), ==, 1);
  g_assert_cmpuint (lsc_model_layer_of (LSC_MODEL_TCPIP4, LSC_OSI_APPLICATION), ==, 4);
  g_assert_cmpuint (lsc_model_layer_of (LSC_MODEL_TCPIP5, LSC_OSI_SESSION), ==, 5);
  g_assert_cmpuint (lsc_model_layer_of (LSC_MODEL_TCPIP5, LSC_OSI_NETWORK), ==, 3);
  g_assert_cmpuint (lsc_model_layer_of (LSC_MODEL_OSI, LSC_OSI_TRANSPORT), ==, 4);
}

static void
test_format_addresses (void)
{
  char buf[64];
  const guint8 a1[16] = { 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
  lsc_format_ipv6 (a1, buf);
  g_assert_cmpstr (buf, ==, "fd00::1");
  const guint8 a2[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, 0x55 };
  lsc_format_ipv6 (a2, buf);
  g_assert_cmpstr (buf, ==, "fe80::211:22ff:fe33:4455");
  const guint8 a3[16] = { 0 };
  lsc_format_ipv6 (a3, buf);
  g_assert_cmpstr (buf, ==, "::");
  const guint8 a4[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1 };
  lsc_format_ipv6 (a4, buf);
  g_assert_cmpstr (buf, ==, "2001:db8:1:0:1::1");  /* a single zero group is not compressed */
  /* Against the C library on many addresses with runs of zero groups (not
   * its IPv4-compatible "::a.b.c.d" form, which RFC 5952 does not use). */
  GRand *rnd = g_rand_new_with_seed (5952);
  for (int k = 0; k < 5000; k++)
    {
      guint8 a[16];
      for (int i = 0; i < 8; i++)
        {
          guint32 r = g_rand_int (rnd);
          guint16 v = (r & 3) == 0 ? 0 : (r & 3) == 1 ? (guint16) ((r >> 8) & 0xf) : (guint16) (r >> 12);
          a[2 * i] = v >> 8;
          a[2 * i + 1] = v & 0xff;
        }
      static const guint8 zero12[12] = { 0 };
      if (memcmp (a, zero12, 10) == 0)
        continue;
      char want[64];
      g_assert_nonnull (inet_ntop (AF_INET6, a, want, sizeof want));
      lsc_format_ipv6 (a, buf);
      g_assert_cmpstr (buf, ==, want);
    }
  g_rand_free (rnd);
  for (guint v = 0; v < 256; v++)
    {
      char want[32];
      g_snprintf (want, sizeof want, "%u.%u.%u.%u", v, 255 - v, v / 10, v % 100);
      lsc_format_ipv4 ((v << 24) | ((255 - v) << 16) | ((v / 10) << 8) | (v % 100), buf);
      g_assert_cmpstr (buf, ==, want);
    }
  lsc_format_ipv4 (0xc6120001, buf);
  g_assert_cmpstr (buf, ==, "198.18.0.1");
  lsc_format_mac_u64 (0xffffffffffff, buf);
  g_assert_cmpstr (buf, ==, "ff:ff:ff:ff:ff:ff");
}

/* A short frame: Ethernet + 4 bytes of an unknown EtherType + padding is not
 * possible to tell apart without a length, so use an 802.3 frame whose length
 * field says 3: the rest must be padding, never payload. */
static void
test_eth_8023_padding (void)
{
  guint8 f[60] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff,  0x02, 0x00, 0x00, 0x00, 0x00, 0x01,  0x00, 0x03,
    0x42, 0x42, 0x03,
  };
  LscPacket p = { .num = 1, .caplen = 60, .wirelen = 60, .linktype = LSC_LINK_ETHERNET, .data = f };
  g_autoptr (LscTree) t = lsc_tree_new ();
  lsc_dissect (t, &p, NULL);

  gint32 len = lsc_tree_find (t, "eth.len");
  g_assert_cmpint (len, >=, 0);
  g_assert_cmpuint (lsc_tree_node (t, len)->v.u, ==, 3);
  gint32 pad = lsc_tree_find (t, "eth.padding");
  g_assert_cmpint (pad, >=, 0);
  g_assert_cmpuint (lsc_tree_node (t, pad)->offset, ==, 17);
  g_assert_cmpuint (lsc_tree_node (t, pad)->length, ==, 43);
  gint32 lg = lsc_tree_find (t, "eth.src.lg");
  g_assert_cmpuint (lsc_tree_node (t, lg)->v.u, ==, 1);
  gint32 ig = lsc_tree_find (t, "eth.dst.ig");
  g_assert_cmpuint (lsc_tree_node (t, ig)->v.u, ==, 1);
  g_assert_cmpstr (lsc_tree_pinfo (t)->dst, ==, "ff:ff:ff:ff:ff:ff");
}

static void
test_eth_truncated_everywhere (void)
{
  /* Every prefix of a frame decodes without reading past it (ASan checks the reads). */
  const guint8 frame[] = {
    0x02, 0, 0, 0, 0, 2,  0x02, 0, 0, 0, 0, 1,  0x08, 0x00,
    0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01, 0x00, 0x00,
    198, 18, 0, 1, 198, 18, 0, 2,  8, 0, 0xf7, 0xfe, 0, 1, 0, 0,
  };
  g_autoptr (LscTree) t = lsc_tree_new ();
  for (guint n = 0; n <= sizeof frame; n++)
    {
      guint8 *copy = g_memdup2 (frame, n ? n : 1);
      LscPacket p = { .num = 1, .caplen = n, .wirelen = sizeof frame, .linktype = LSC_LINK_ETHERNET, .data = copy };
      lsc_dissect (t, &p, NULL);
      g_autoptr (GString) s = g_string_new (NULL);
      lsc_format_tree_text (t, LSC_MODEL_OSI, TRUE, s);
      g_assert_cmpuint (s->len, >, 0);
      if (n < 14)
        g_assert_true (lsc_tree_pinfo (t)->has & LSC_HAS_ERROR);
      g_free (copy);
    }
}

/* A 42-byte frame (46 with FCS) never went through an Ethernet card's padding;
 * the note must not claim where it was captured, only what that means. */
static void
test_frame_short_note (void)
{
  const guint8 frame[] = {
    0x02, 0, 0, 0, 0, 2,  0x02, 0, 0, 0, 0, 1,  0x08, 0x00,
    0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01, 0x00, 0x00,
    198, 18, 0, 1, 198, 18, 0, 2,  8, 0, 0xf7, 0xfe, 0, 1, 0, 0,
  };
  LscPacket p = { .num = 1, .caplen = sizeof frame, .wirelen = sizeof frame, .linktype = LSC_LINK_ETHERNET, .data = frame };
  g_autoptr (LscTree) t = lsc_tree_new ();
  lsc_dissect (t, &p, NULL);
  g_assert_cmpuint (lsc_tree_node (t, lsc_tree_find (t, "frame.size.with_fcs"))->v.u, ==, 46);
  g_assert_cmpuint (lsc_tree_node (t, lsc_tree_find (t, "frame.size.min_ok"))->v.u, ==, 0);
  g_autoptr (GString) s = g_string_new (NULL);
  lsc_format_tree_text (t, LSC_MODEL_OSI, FALSE, s);
  g_assert_nonnull (strstr (s->str, "46 bytes with FCS is under Ethernet's 64-byte minimum"));
  g_assert_nonnull (strstr (s->str, "virtual link such as veth"));
  g_assert_nonnull (strstr (s->str, "A real Ethernet wire always carries at least 64 bytes"));
  g_assert_null (strstr (s->str, "before the network card padded it"));
}

static void
test_loopback_zero_macs (void)
{
  guint8 f[14] = { 0 };
  f[12] = 0x08;
  LscPacket p = { .num = 1, .caplen = 14, .wirelen = 14, .linktype = LSC_LINK_ETHERNET, .data = f };
  g_autoptr (LscTree) t = lsc_tree_new ();
  lsc_dissect (t, &p, NULL);
  g_autoptr (GString) s = g_string_new (NULL);
  lsc_format_tree_text (t, LSC_MODEL_OSI, FALSE, s);
  g_assert_nonnull (strstr (s->str, "loopback"));
}


/* A summary-only tree gives the same summary and digest as a full one, and
 * keeps nothing but protocol headers. */
static void
test_summary_only_matches_full (void)
{
  const guint8 frame[] = {
    0x02, 0, 0, 0, 0, 2,  0x02, 0, 0, 0, 0, 1,  0x08, 0x00,
    0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01, 0x00, 0x00,
    198, 18, 0, 1, 198, 18, 0, 2,  8, 0, 0xf7, 0xfe, 0, 1, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* padding to 60 */
  };
  LscPacket p = { .num = 1, .caplen = sizeof frame, .wirelen = sizeof frame, .linktype = LSC_LINK_ETHERNET, .data = frame };
  g_autoptr (LscTree) full = lsc_tree_new ();
  g_autoptr (LscTree) lean = lsc_tree_new ();
  lsc_tree_set_summary_only (lean, TRUE);
  lsc_dissect (full, &p, NULL);
  lsc_dissect (lean, &p, NULL);

  const LscPinfo *a = lsc_tree_pinfo (full), *b = lsc_tree_pinfo (lean);
  g_assert_cmpstr (a->src, ==, b->src);
  g_assert_cmpstr (a->dst, ==, b->dst);
  g_assert_cmpstr (a->protocol, ==, b->protocol);
  g_assert_cmpstr (a->info->str, ==, b->info->str);
  g_assert_cmpuint (a->has, ==, b->has);
  g_assert_cmpuint (a->icmp_seq, ==, b->icmp_seq);

  guint protos = 0;
  for (gint32 i = lsc_tree_first_top (lean); i >= 0; i = lsc_tree_node (lean, i)->next)
    {
      g_assert_cmpint (lsc_tree_node (lean, i)->field->type, ==, LSC_FT_PROTOCOL);
      g_assert_cmpint (lsc_tree_node (lean, i)->first_child, ==, -1);
      protos++;
    }
  g_assert_cmpuint (protos, >=, 3);  /* frame, eth, ip (+ icmp) */
  g_assert_cmpuint (lsc_tree_count (lean), <, lsc_tree_count (full) / 4);
  g_assert_cmpint (lsc_tree_find (lean, "ip.ttl"), ==, -1);
  g_assert_cmpint (lsc_tree_find (full, "ip.ttl"), >=, 0);

  /* Switching back gives full trees again. */
  lsc_tree_set_summary_only (lean, FALSE);
  lsc_dissect (lean, &p, NULL);
  g_assert_cmpuint (lsc_tree_count (lean), ==, lsc_tree_count (full));
}


/* A ping's payload is part of the ICMP message: grouped by layers it stays in
 * the network layer, not in an application layer that ping does not have. */
static void
test_echo_data_in_network_layer (void)
{
  guint8 frame[] = {
    0x02, 0, 0, 0, 0, 2,  0x02, 0, 0, 0, 0, 1,  0x08, 0x00,
    0x45, 0x00, 0x00, 0x20, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01, 0x00, 0x00,
    198, 18, 0, 1, 198, 18, 0, 2,  8, 0, 0, 0, 0, 1, 0, 1,  'p', 'i', 'n', 'g',
  };
  LscPacket p = { .num = 1, .caplen = sizeof frame, .wirelen = sizeof frame, .linktype = LSC_LINK_ETHERNET, .data = frame };
  g_autoptr (LscTree) t = lsc_tree_new ();
  lsc_dissect (t, &p, NULL);
  gint32 d = lsc_tree_find (t, "data");
  g_assert_cmpint (d, >=, 0);
  g_assert_cmpuint (lsc_tree_node (t, d)->length, ==, 4);
  g_assert_cmpuint (lsc_model_layer_of_node (LSC_MODEL_OSI, lsc_tree_node (t, d)), ==, 3);
  g_assert_cmpuint (lsc_model_layer_of_node (LSC_MODEL_TCPIP4, lsc_tree_node (t, d)), ==, 2);
  g_autoptr (GString) s = g_string_new (NULL);
  lsc_format_tree_text (t, LSC_MODEL_OSI, TRUE, s);
  g_assert_nonnull (strstr (s->str, "Layer 7: Application (not present in this frame)"));
}

/* A layer whose only header is hidden (filterable, not shown) is empty for
 * every view: the app's tree, -V and JSON ask the same question. */
static void
test_hidden_layer_is_empty (void)
{
  guint8 frame[] = {
    0x02, 0, 0, 0, 0, 2,  0x02, 0, 0, 0, 0, 1,  0x08, 0x00,
    0x45, 0x00, 0x00, 0x20, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01, 0x00, 0x00,
    198, 18, 0, 1, 198, 18, 0, 2,  8, 0, 0, 0, 0, 1, 0, 1,  'p', 'i', 'n', 'g',
  };
  LscPacket p = { .num = 1, .caplen = sizeof frame, .wirelen = sizeof frame, .linktype = LSC_LINK_ETHERNET, .data = frame };
  g_autoptr (LscTree) t = lsc_tree_new ();
  lsc_dissect (t, &p, NULL);
  gint32 eth = lsc_tree_find (t, "eth");
  g_assert_cmpint (eth, >=, 0);
  g_assert_false (lsc_model_layer_is_empty (LSC_MODEL_OSI, t, 2));
  g_assert_cmpint (lsc_model_next_in_layer (LSC_MODEL_OSI, t, 2, -1), ==, eth);
  lsc_tree_node_mut (t, eth)->flags |= LSC_NODE_HIDDEN;
  g_assert_false (lsc_model_node_in_layer (LSC_MODEL_OSI, lsc_tree_node (t, eth), 2));
  g_assert_true (lsc_model_layer_is_empty (LSC_MODEL_OSI, t, 2));
  g_autoptr (GString) s = g_string_new (NULL);
  lsc_format_tree_text (t, LSC_MODEL_OSI, TRUE, s);
  g_assert_nonnull (strstr (s->str, "Layer 2: Data link (not present in this frame)"));
  g_assert_null (strstr (s->str, "Ethernet II"));
}

/* An IPv6 header's extension headers are its children, right after it: the
 * header's extent (what the anatomy bar and the hex view give it) covers
 * them, so the top-level headers still tile the frame (an MLD report with a
 * Hop-by-Hop header, as a Linux host sends one when an interface comes up). */
static void
test_top_extent_ipv6_hop_by_hop (void)
{
  static const guint8 frame[] = {
    0x33, 0x33, 0x00, 0x00, 0x00, 0x16, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x86, 0xdd, 0x60, 0x00,
    0x00, 0x00, 0x00, 0x24, 0x00, 0x01, 0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0xff, 0xfe, 0x00, 0x00, 0x02, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x16, 0x3a, 0x00, 0x05, 0x02, 0x00, 0x00, 0x01, 0x00, 0x8f, 0x00,
    0x72, 0x05, 0x00, 0x00, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xff, 0x00, 0x00, 0x02,
  };
  LscPacket p = { .num = 1, .caplen = sizeof frame, .wirelen = sizeof frame, .linktype = LSC_LINK_ETHERNET, .data = frame };
  g_autoptr (LscTree) t = lsc_tree_new ();
  lsc_dissect (t, &p, NULL);
  gint32 eth = lsc_tree_find (t, "eth"), ip6 = lsc_tree_find (t, "ipv6"), icmp6 = lsc_tree_find (t, "icmpv6");
  g_assert_cmpint (eth, >=, 0);
  g_assert_cmpint (ip6, >=, 0);
  g_assert_cmpint (icmp6, >=, 0);
  g_assert_cmpuint (lsc_tree_node (t, ip6)->length, ==, 40);
  g_assert_cmpuint (lsc_tree_top_extent (t, eth), ==, 14);
  g_assert_cmpuint (lsc_tree_top_extent (t, ip6), ==, 48);
  g_assert_cmpuint (lsc_tree_top_extent (t, icmp6), ==, 28);
  g_assert_cmpuint (14 + 48 + 28, ==, sizeof frame);
  g_assert_cmpint (lsc_tree_top_extent (t, 12345), ==, 0);
}

/* lsc_string_printf() formats the Info templates by hand; it must print
 * what printf prints, and hand anything else to printf. */
#define SAME_AS_PRINTF(...)                                       \
  do                                                              \
    {                                                             \
      g_autofree char *want = g_strdup_printf (__VA_ARGS__);      \
      g_string_assign (got, "old");                               \
      lsc_string_printf (got, __VA_ARGS__);                       \
      g_assert_cmpstr (got->str, ==, want);                       \
      g_string_assign (got, "pre:");                              \
      lsc_string_append_printf (got, __VA_ARGS__);                \
      g_assert_true (g_str_has_prefix (got->str, "pre:"));        \
      g_assert_cmpstr (got->str + 4, ==, want);                   \
    }                                                             \
  while (0)

/* Some cases are odd on purpose ('0' with %s, '0' with '-'). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
static void
test_string_printf (void)
{
  g_autoptr (GString) got = g_string_new (NULL);
  SAME_AS_PRINTF ("%s", "");
  SAME_AS_PRINTF ("plain text, no conversion");
  SAME_AS_PRINTF ("Who has %s? Tell %s", "198.18.0.2", "198.18.0.1");
  SAME_AS_PRINTF ("%-19s  id=0x%04x, seq=%u/%u, ttl=%u", "Echo (ping) request", 0x1c46u, 5u, 1280u, 64u);
  SAME_AS_PRINTF ("%-3s|%3s|%05s|%s", "abcdef", "ab", "ab", (const char *) NULL);
  SAME_AS_PRINTF ("%u %u %u %d %d %d %i %03i", 0u, 4294967295u, 10u, -2147483647 - 1, -42, 7, -8, 9);
  SAME_AS_PRINTF ("%05d|%-05d|%5d|%-5d|%0d|%1d", -42, -42, -42, 42, 0, 12345);
  SAME_AS_PRINTF ("%x %X %08x %8X %-8x|", 0xdeadbeefu, 0xdeadbeefu, 0xabcu, 0xabcu, 0xabcu);
  SAME_AS_PRINTF ("%c%c %3c|%-3c| 100%%", 'a', 'b', 'c', 'd');
  /* 64-bit numbers (PRIu64 is "lu" or "llu"), sizes. */
  SAME_AS_PRINTF ("Frame %" G_GUINT64_FORMAT ": %u", G_MAXUINT64, 60u);
  SAME_AS_PRINTF ("%" G_GINT64_FORMAT ".%09" G_GINT64_FORMAT " seconds", G_MININT64, (gint64) -5);
  SAME_AS_PRINTF ("%lu %ld %lx %lX %llu %lld %llx %zu %zd %zx", 0ul, -1l, 0xfeedul, 0xfeedul, 18446744073709551615ull,
                  -9223372036854775807ll - 1, 0x1234567890abcdefull, (gsize) 42, (gssize) -42, (gsize) 255);
  SAME_AS_PRINTF ("%020lu|%-20ld|%5lu|%012lx", 123ul, -123l, 1234567ul, 0xabcul);
  /* Not simple: printf does these. */
  SAME_AS_PRINTF ("%2$s %1$s", "world", "hello");
  SAME_AS_PRINTF ("%.3f ms, %lu, %5.1s", 1.5, 123456789ul, "xyz");
  SAME_AS_PRINTF ("%hhu %hu|", 300, 70000);
  /* Longer than the stack buffer. */
  g_autofree char *big = g_strnfill (1000, 'x');
  SAME_AS_PRINTF ("[%s] %u", big, 17u);
  SAME_AS_PRINTF ("%600u|", 3u);
}

static int G_GNUC_PRINTF (3, 4)
simple_snprintf (char *buf, gsize size, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  int n = lsc_format_simple_vsnprintf (buf, size, fmt, ap);
  va_end (ap);
  return n;
}

/* The tree texts with a 64-bit number (the frame line, the epoch time) are
 * formatted by hand, not handed to printf. */
static void
test_simple_vsnprintf_64 (void)
{
  char buf[128];
  g_assert_cmpint (simple_snprintf (buf, sizeof buf, "Frame %" G_GUINT64_FORMAT ": %u bytes", (guint64) 1234567890123ull, 74u), ==, 29);
  g_assert_cmpstr (buf, ==, "Frame 1234567890123: 74 bytes");
  g_assert_cmpint (simple_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT ".%09" G_GINT64_FORMAT " seconds",
                                    (gint64) 1700000000, (gint64) 37000), ==, 28);
  g_assert_cmpstr (buf, ==, "1700000000.000037000 seconds");
  g_assert_cmpint (simple_snprintf (buf, sizeof buf, "%zu", (gsize) 7), ==, 1);
  g_assert_cmpstr (buf, ==, "7");
  /* What it does not do, and what does not fit. */
  g_assert_cmpint (simple_snprintf (buf, sizeof buf, "%.3f", 1.5), ==, -1);
  g_assert_cmpint (simple_snprintf (buf, sizeof buf, "%2$s %1$s", "a", "b"), ==, -1);
  g_assert_cmpint (simple_snprintf (buf, 8, "%lu", 123456789ul), ==, -1);
  g_assert_cmpint (simple_snprintf (buf, 4, "%u", 1234u), ==, -1);
  g_assert_cmpint (simple_snprintf (buf, 5, "%u", 1234u), ==, 4);
  g_assert_cmpstr (buf, ==, "1234");
  g_assert_cmpint (simple_snprintf (buf, 5, "%s", "abcd"), ==, 4);
  g_assert_cmpint (simple_snprintf (buf, 4, "%s", "abcd"), ==, -1);
  g_assert_cmpint (simple_snprintf (buf, 8, "12345678"), ==, -1);
  g_assert_cmpint (simple_snprintf (buf, 8, "1234567"), ==, 7);
  g_assert_cmpint (simple_snprintf (buf, 4, "%"), ==, -1);
}
#pragma GCC diagnostic pop


/* The bit picture of a masked field, as a learner reads it: the word's bits
 * from the top, a space before every group of four counted from the right,
 * '.' where the field has no bit.  Held on every width with masks and
 * values from a fixed seed. */
static void
test_format_bits (void)
{
  g_autoptr (GString) got = g_string_new (NULL);
  g_autoptr (GString) want = g_string_new (NULL);
  GRand *r = g_rand_new_with_seed (14);
  for (guint bits = 1; bits <= 64; bits++)
    for (guint k = 0; k < 40; k++)
      {
        guint64 word_mask = bits == 64 ? G_MAXUINT64 : (G_GUINT64_CONSTANT (1) << bits) - 1;
        guint64 mask = (((guint64) g_rand_int (r) << 32) | g_rand_int (r)) & word_mask;
        if (k == 0)
          mask = word_mask;
        else if (k == 1)
          mask = G_GUINT64_CONSTANT (1) << (bits - 1);
        if (!mask)
          mask = 1;
        LscField f = { "test.bits", "Bits", LSC_FT_UINT, LSC_BASE_HEX, .bits = (guint8) bits, .bitmask = mask };
        guint64 raw = ((guint64) g_rand_int (r) << 32) | g_rand_int (r);
        LscNode n = { .field = &f, .v.u = (raw & mask) >> __builtin_ctzll (mask) };
        g_string_truncate (want, 0);
        for (int i = (int) bits - 1; i >= 0; i--)
          {
            g_string_append_c (want, (mask >> i) & 1 ? ((raw >> i) & 1 ? '1' : '0') : '.');
            if (i && i % 4 == 0)
              g_string_append_c (want, ' ');
          }
        g_string_append (want, " = ");
        g_string_assign (got, "pre");
        lsc_format_bits (&n, got);
        g_assert_cmpstr (got->str + 3, ==, want->str);
      }
  /* A field without a mask has no picture; a zero width means a byte. */
  LscField plain = { "test.plain", "Plain", LSC_FT_UINT, LSC_BASE_DEC };
  LscNode pn = { .field = &plain, .v.u = 5 };
  g_string_truncate (got, 0);
  lsc_format_bits (&pn, got);
  g_assert_cmpstr (got->str, ==, "");
  LscField byte = { "test.byte", "Byte", LSC_FT_UINT, LSC_BASE_HEX, .bitmask = 0x30 };
  LscNode bn = { .field = &byte, .v.u = 2 };
  lsc_format_bits (&bn, got);
  g_assert_cmpstr (got->str, ==, "..10 .... = ");
  g_rand_free (r);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/buf/bounds", test_buf_bounds);
  g_test_add_func ("/core/format/string-printf", test_string_printf);
  g_test_add_func ("/core/format/simple-vsnprintf-64", test_simple_vsnprintf_64);
  g_test_add_func ("/core/format/bits", test_format_bits);
  g_test_add_func ("/core/buf/sub-narrows", test_buf_sub_narrows);
  g_test_add_func ("/core/tree/links-offsets", test_tree_links_and_offsets);
  g_test_add_func ("/core/fields/registry", test_registry);
  g_test_add_func ("/core/layers/models", test_models);
  g_test_add_func ("/core/format/addresses", test_format_addresses);
  g_test_add_func ("/core/eth/8023-padding", test_eth_8023_padding);
  g_test_add_func ("/core/eth/truncated-every-byte", test_eth_truncated_everywhere);
  g_test_add_func ("/core/eth/loopback", test_loopback_zero_macs);
  g_test_add_func ("/core/frame/short-note", test_frame_short_note);
  g_test_add_func ("/core/tree/summary-only", test_summary_only_matches_full);
  g_test_add_func ("/core/layers/echo-data", test_echo_data_in_network_layer);
  g_test_add_func ("/core/layers/hidden-is-empty", test_hidden_layer_is_empty);
  g_test_add_func ("/core/tree/top-extent-ipv6", test_top_extent_ipv6_hop_by_hop);
  return g_test_run ();
}

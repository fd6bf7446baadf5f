/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store.c — packet index, bytes arena, lazily decoded rows */
#include "core/lsc-store.h"
#include "core/lsc-conv.h"
#include "capture/lsc-capture-file.h"
#include "lsc-test-captures.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* 60-byte Ethernet frame: dst 02:00:00:00:00:02, src 02:00:00:00:00:01, type 0x0806 (ARP), zero body. */
static const guint8 frame_arp[60] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06,
};

static void
items_changed_cb (GListModel *model, guint pos, guint removed, guint added, gpointer data)
{
  guint *calls = data;
  calls[0]++;
  calls[1] = pos;
  calls[2] = removed;
  calls[3] = added;
}

static void
test_store_append_commit (void)
{
  g_autoptr (LscStore) store = lsc_store_new ();
  guint calls[4] = { 0 };
  g_signal_connect (store, "items-changed", G_CALLBACK (items_changed_cb), calls);

  guint8 bytes[3] = { 1, 2, 3 };
  LscPacket p = { .ts_ns = 1000000000, .caplen = 3, .wirelen = 70, .linktype = 1, .data = bytes };
  for (guint i = 0; i < 5; i++)
    {
      bytes[0] = (guint8) i;
      p.ts_ns += 500000000;
      g_assert_cmpuint (lsc_store_append (store, &p), ==, i);
    }
  /* Staged records are not rows yet: the view sees nothing until commit. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_cmpuint (lsc_store_get_n_staged (store), ==, 5);
  g_assert_cmpuint (calls[0], ==, 0);

  g_assert_cmpuint (lsc_store_commit (store), ==, 5);
  g_assert_cmpuint (calls[0], ==, 1);
  g_assert_cmpuint (calls[1], ==, 0);
  g_assert_cmpuint (calls[3], ==, 5);
  g_assert_cmpuint (lsc_store_commit (store), ==, 0);
  g_assert_cmpuint (calls[0], ==, 1);

  /* The store copied the bytes: changing the source does not change packet 2. */
  bytes[0] = 99;
  LscPacket out;
  g_assert_true (lsc_store_get_packet (store, 2, &out));
  g_assert_cmpuint (out.num, ==, 3);
  g_assert_cmpuint (out.caplen, ==, 3);
  g_assert_cmpuint (out.wirelen, ==, 70);
  g_assert_cmpuint (out.data[0], ==, 2);
  g_assert_cmpuint (out.data[2], ==, 3);
  g_assert_cmpint (out.ts_ns - out.ts_first_ns, ==, 1000000000);
  g_assert_cmpint (out.ts_ns - out.ts_prev_ns, ==, 500000000);
  g_assert_false (lsc_store_get_packet (store, 5, &out));

  g_autoptr (LscPacketRow) row = g_list_model_get_item (G_LIST_MODEL (store), 4);
  g_assert_nonnull (row);
  g_assert_cmpuint (lsc_packet_row_get_number (row), ==, 5);
  g_assert_cmpfloat_with_epsilon (lsc_packet_row_get_time (row), 2.0, 1e-9);
  g_assert_cmpuint (lsc_packet_row_get_length (row), ==, 70);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (store), 5));

  lsc_store_clear (store);
  g_assert_cmpuint (calls[0], ==, 2);
  g_assert_cmpuint (calls[2], ==, 5);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  /* A row that outlived the clear must not read freed index memory. */
  g_assert_cmpuint (lsc_packet_row_get_length (row), ==, 0);
}

static void
test_store_pointers_stable (void)
{
  g_autoptr (LscStore) store = lsc_store_new ();
  static guint8 big[2000];
  LscPacket p = { .caplen = sizeof big, .wirelen = sizeof big, .linktype = 1, .data = big };
  big[0] = 0xab;
  lsc_store_append (store, &p);
  LscPacket first;
  lsc_store_get_packet (store, 0, &first);
  const guint8 *ptr = first.data;
  big[0] = 0;
  /* Enough appends to fill several chunks: packet 0's bytes must not move. */
  for (guint i = 0; i < 5000; i++)
    lsc_store_append (store, &p);
  lsc_store_get_packet (store, 0, &first);
  g_assert_true (first.data == ptr);
  g_assert_cmpuint (first.data[0], ==, 0xab);
  g_assert_cmpuint (lsc_store_get_n_staged (store), ==, 5001);
  g_assert_cmpuint (lsc_store_get_memory (store), >=, 5001u * 2000u);

  /* A frame larger than a chunk still round-trips. */
  gsize huge_len = 5u << 20;
  g_autofree guint8 *huge = g_malloc0 (huge_len);
  huge[huge_len - 1] = 0x5a;
  LscPacket h = { .caplen = (guint32) huge_len, .wirelen = (guint32) huge_len, .linktype = 1, .data = huge };
  guint idx = lsc_store_append (store, &h);
  LscPacket out;
  g_assert_true (lsc_store_get_packet (store, idx, &out));
  g_assert_cmpuint (out.data[huge_len - 1], ==, 0x5a);
}

static void
annotate_cb (LscTree *tree, gpointer data)
{
  guint *n = data;
  (*n)++;
}

static void
test_store_rows_decode_lazily (void)
{
  g_autoptr (LscStore) store = lsc_store_new ();
  guint annotated = 0;
  lsc_store_set_annotate_func (store, annotate_cb, &annotated, NULL);
  LscPacket p = { .caplen = sizeof frame_arp, .wirelen = sizeof frame_arp, .linktype = 1, .data = frame_arp };
  lsc_store_append (store, &p);
  lsc_store_commit (store);

  g_autoptr (LscPacketRow) row = g_list_model_get_item (G_LIST_MODEL (store), 0);
  /* Making a row decodes nothing. */
  g_assert_cmpuint (annotated, ==, 0);
  g_assert_cmpuint (lsc_packet_row_get_has (row) & LSC_HAS_ETH, ==, LSC_HAS_ETH);
  g_assert_cmpuint (annotated, ==, 1);
  g_assert_cmpstr (lsc_packet_row_get_source (row), !=, "");
  g_assert_cmpstr (lsc_packet_row_get_protocol (row), !=, "");
  /* The summary is kept: asking again does not decode again. */
  (void) lsc_packet_row_get_info (row);
  (void) lsc_packet_row_get_destination (row);
  g_assert_cmpuint (annotated, ==, 1);

  g_autoptr (LscTree) t = lsc_tree_new ();
  g_assert_true (lsc_store_dissect (store, 0, t));
  g_assert_cmpint (lsc_tree_find (t, "eth.type"), >=, 0);
  g_assert_cmpuint (annotated, ==, 2);
  g_assert_false (lsc_store_dissect (store, 1, t));
}

static void
test_store_backed (void)
{
  g_autoptr (LscStore) store = lsc_store_new ();
  /* A "file": 4 bytes of header, then a record whose data is aa bb cc. */
  static const guint8 file[] = { 0xd4, 0xc3, 0xb2, 0xa1, 0xaa, 0xbb, 0xcc, 0x00 };
  g_autoptr (GBytes) bytes = g_bytes_new_static (file, sizeof file);
  lsc_store_set_backing (store, bytes, FALSE);
  const guint8 data[] = { 0xaa, 0xbb, 0xcc };
  LscPacket p = { .caplen = 3, .wirelen = 3, .linktype = 1, .data = data };
  /* Wrong offsets are refused: the bytes there are not the record's. */
  g_assert_false (lsc_store_append_backed (store, &p, 0));
  g_assert_false (lsc_store_append_backed (store, &p, 5));
  g_assert_false (lsc_store_append_backed (store, &p, 6));          /* runs past the end */
  g_assert_false (lsc_store_append_backed (store, &p, G_MAXUINT64));
  g_assert_cmpuint (lsc_store_get_n_staged (store), ==, 0);
  g_assert_true (lsc_store_append_backed (store, &p, 4));
  LscPacket out;
  g_assert_true (lsc_store_get_packet (store, 0, &out));
  /* Zero copy: the record points into the file's bytes. */
  g_assert_true (out.data == file + 4);
  g_assert_cmpuint (out.caplen, ==, 3);
  /* Copied and backed records mix. */
  lsc_store_append (store, &p);
  g_assert_true (lsc_store_get_packet (store, 1, &out));
  g_assert_true (out.data != file + 4);
  g_assert_cmpmem (out.data, 3, data, 3);
}

static void
conv_annotate_cb (LscTree *tree, gpointer data)
{
  lsc_conv_annotate (data, tree);
}

/* What a row shows (decoded once, annotated by the analysis hook) must be
 * what a fresh tree of the packet says, on every shipped capture. */
static void
test_store_rows_match_tree (gconstpointer data)
{
  g_autofree char *path = lsc_test_capture_path (data);
  g_autoptr (GError) error = NULL;
  g_autoptr (LscCaptureFile) f = lsc_capture_file_open (path, &error);
  g_assert_no_error (error);
  g_autoptr (LscStore) store = lsc_store_new ();
  LscPacket pkt;
  while (lsc_capture_file_next (f, &pkt, &error) > 0)
    lsc_store_append (store, &pkt);
  g_assert_no_error (error);
  lsc_store_commit (store);
  g_autoptr (LscConv) conv = lsc_conv_new ();
  g_autoptr (LscTree) t = lsc_tree_new ();
  for (guint i = 0; lsc_store_get_packet (store, i, &pkt); i++)
    {
      lsc_dissect (t, &pkt, lsc_store_get_options (store));
      lsc_conv_process (conv, t);
    }
  lsc_conv_finish (conv);
  lsc_store_set_annotate_func (store, conv_annotate_cb, conv, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store)), broken = 0;
  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (LscPacketRow) row = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_assert_true (lsc_store_dissect (store, i, t));
      const LscPinfo *pi = lsc_tree_pinfo_const (t);
      guint16 flags = 0;
      for (guint k = 0; k < lsc_tree_count (t); k++)
        flags |= lsc_tree_node (t, (gint32) k)->flags;
      g_assert_cmpstr (lsc_packet_row_get_info (row), ==, pi->info->str);
      g_assert_cmpstr (lsc_packet_row_get_source (row), ==, pi->src);
      g_assert_cmpstr (lsc_packet_row_get_destination (row), ==, pi->dst);
      g_assert_cmpstr (lsc_packet_row_get_protocol (row), ==, pi->protocol);
      g_assert_cmphex (lsc_packet_row_get_has (row), ==, pi->has);
      g_assert_cmphex (lsc_packet_row_get_tcp_flags (row), ==, pi->tcp_flags);
      g_assert_cmphex (lsc_packet_row_get_node_flags (row), ==, flags);
      guint ci, role, sa, sb;
      guint32 cf;
      g_assert_cmpint (lsc_packet_row_get_conversation (row, &ci, &role, &sa, &sb, &cf), ==, pi->conv_valid);
      g_assert_cmpuint (role, ==, pi->conv_role);
      g_assert_cmpuint (sa, ==, pi->conv_state_a);
      g_assert_cmpuint (sb, ==, pi->conv_state_b);
      g_assert_cmphex (cf, ==, pi->conv_flags);
      broken += (flags & (LSC_NODE_MALFORMED | LSC_NODE_TRUNCATED)) != 0;
    }
  g_test_message ("%s: %u rows, %u broken", (const char *) data, n, broken);
}

/* Three pages of records, one every 512 bytes, each filled with its number. */
#define DROP_RECS 24
static void
fill_records (guint8 *buf)
{
  for (guint r = 0; r < DROP_RECS; r++)
    memset (buf + r * 512, (int) (r + 1), 512);
}

static void
append_records (LscStore *store, const guint8 *buf)
{
  for (guint r = 0; r < DROP_RECS; r++)
    {
      LscPacket p = { .caplen = 512, .wirelen = 512, .linktype = 1, .data = buf + r * 512 };
      g_assert_true (lsc_store_append_backed (store, &p, r * 512));
    }
}

static void
check_records (LscStore *store)
{
  for (guint r = 0; r < DROP_RECS; r++)
    {
      LscPacket out;
      g_assert_true (lsc_store_get_packet (store, r, &out));
      for (guint k = 0; k < 512; k++)
        g_assert_cmpuint (out.data[k], ==, r + 1);
    }
}

/* Handing back the pages of a mapped file loses nothing (they are read in
 * again), and memory that is not a mapped file is never handed back (it would
 * come back as zeros). */
static void
test_store_drop_backing (void)
{
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  g_assert_cmpuint (DROP_RECS * 512, >=, 2 * page);
  g_autofree guint8 *buf = g_malloc (DROP_RECS * 512);
  fill_records (buf);

  g_autoptr (GError) err = NULL;
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("lsc-store-XXXXXX", &path, &err);
  g_assert_no_error (err);
  close (fd);
  g_assert_true (g_file_set_contents (path, (const char *) buf, DROP_RECS * 512, &err));
  GMappedFile *map = g_mapped_file_new (path, FALSE, &err);
  g_assert_no_error (err);
  {
    g_autoptr (LscStore) store = lsc_store_new ();
    g_autoptr (GBytes) bytes = g_mapped_file_get_bytes (map);
    lsc_store_set_backing (store, bytes, TRUE);
    append_records (store, g_bytes_get_data (bytes, NULL));
    check_records (store);
    lsc_store_drop_backing (store, 0, DROP_RECS);
    lsc_store_drop_backing (store, 5, 3);            /* an empty range */
    lsc_store_drop_backing (store, 20, G_MAXUINT);   /* past the end */
    check_records (store);
  }
  g_mapped_file_unref (map);
  g_unlink (path);

  /* Page-aligned memory of our own, not a file. */
  void *mem = NULL;
  g_assert_cmpint (posix_memalign (&mem, page, DROP_RECS * 512), ==, 0);
  fill_records (mem);
  g_autoptr (LscStore) store = lsc_store_new ();
  g_autoptr (GBytes) bytes = g_bytes_new_with_free_func (mem, DROP_RECS * 512, free, mem);
  lsc_store_set_backing (store, bytes, FALSE);
  append_records (store, mem);
  lsc_store_drop_backing (store, 0, DROP_RECS);
  check_records (store);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/append-commit", test_store_append_commit);
  g_test_add_func ("/store/pointers-stable", test_store_pointers_stable);
  g_test_add_func ("/store/rows-decode-lazily", test_store_rows_decode_lazily);
  g_test_add_func ("/store/backed", test_store_backed);
  g_test_add_func ("/store/drop-backing", test_store_drop_backing);
  g_autoptr (GPtrArray) caps = lsc_test_shipped_captures ();
  for (guint i = 0; i < caps->len; i++)
    {
      g_autofree char *name = g_strconcat ("/store/rows-match-tree/", (char *) g_ptr_array_index (caps, i), NULL);
      g_test_add_data_func_full (name, g_strdup (g_ptr_array_index (caps, i)), test_store_rows_match_tree, g_free);
    }
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-capture.c — capture writers, atomic save, disk-full handling, the
 * helper protocol, the helper client's stream parsing, BPF error messages */
#include "capture/lsc-capture-file.h"
#include "capture/lsc-capture-writer.h"
#include "capture/lsc-helper-client.h"
#include "capture/lsc-helper-proto.h"
#include "capture/lsc-iface.h"
#include "capture/lsc-live.h"
#include "capture/lsc-source.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* An ARP request, an ICMP echo (cut to 34 of 98 bytes), a 60-byte padded frame. */
static const guint8 frame_arp[] = {
  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06,
  0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
  0xc6, 0x12, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc6, 0x12, 0x00, 0x02,
};
static const guint8 frame_icmp_cut[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
  0x45, 0x00, 0x00, 0x54, 0x12, 0x34, 0x40, 0x00, 0x40, 0x01, 0x00, 0x00,
  0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12, 0x00, 0x02,
};
static guint8 frame_60[60];

typedef struct {
  const guint8 *data;
  guint32 caplen, wirelen;
  gint64 ts_ns;
} Rec;

static Rec recs[3];

static void
init_recs (void)
{
  for (guint i = 0; i < sizeof frame_60; i++)
    frame_60[i] = (guint8) (i * 7);
  recs[0] = (Rec) { frame_arp, sizeof frame_arp, sizeof frame_arp, G_GINT64_CONSTANT (1700000000123456789) };
  recs[1] = (Rec) { frame_icmp_cut, sizeof frame_icmp_cut, 98, G_GINT64_CONSTANT (1700000000123457000) };
  recs[2] = (Rec) { frame_60, sizeof frame_60, sizeof frame_60, G_GINT64_CONSTANT (1700000001000000001) };
}

static LscPacket
packet_of (const Rec *r)
{
  LscPacket p = { 0 };
  p.ts_ns = r->ts_ns;
  p.caplen = r->caplen;
  p.wirelen = r->wirelen;
  p.linktype = LSC_LINK_ETHERNET;
  p.data = r->data;
  return p;
}

static void
check_file_holds (const char *path, guint n)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (LscCaptureFile) f = lsc_capture_file_open (path, &err);
  g_assert_no_error (err);
  g_assert_cmpint (lsc_capture_file_linktype (f), ==, LSC_LINK_ETHERNET);
  LscPacket p;
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpint (lsc_capture_file_next (f, &p, &err), ==, 1);
      g_assert_cmpint (p.ts_ns, ==, recs[i].ts_ns);
      g_assert_cmpuint (p.caplen, ==, recs[i].caplen);
      g_assert_cmpuint (p.wirelen, ==, recs[i].wirelen);
      g_assert_cmpmem (p.data, p.caplen, recs[i].data, recs[i].caplen);
    }
  g_assert_cmpint (lsc_capture_file_next (f, &p, &err), ==, 0);
  g_assert_no_error (err);
}

static gboolean
dir_has_part_file (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  while ((name = g_dir_read_name (d)))
    if (g_str_has_suffix (name, ".part"))
      return TRUE;
  return FALSE;
}

/* A writer for path holding the first n records, not yet committed. */
static LscCaptureWriter *
writer_with_recs (const char *path, guint32 snaplen, guint n)
{
  g_autoptr (GError) err = NULL;
  LscCaptureWriter *w = lsc_capture_writer_new (path, NULL, lsc_capture_format_for_path (path),
                                                LSC_LINK_ETHERNET, snaplen, "veth-test", &err);
  g_assert_no_error (err);
  for (guint i = 0; i < n; i++)
    {
      LscPacket p = packet_of (&recs[i]);
      g_assert_true (lsc_capture_writer_write (w, &p, &err));
    }
  return w;
}

static void
round_trip (const char *leaf)
{
  g_autoptr (GError) err = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lsc-capture-XXXXXX", &err);
  g_assert_no_error (err);
  g_autofree char *path = g_build_filename (dir, leaf, NULL);

  LscCaptureWriter *w = writer_with_recs (path, 65535, G_N_ELEMENTS (recs));
  g_assert_true (lsc_capture_writer_flush (w, &err));
  /* Atomic save: until commit the name does not exist, the data sits in a
   * temporary file in the same directory that already reads back whole. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (dir_has_part_file (dir));
  check_file_holds (lsc_capture_writer_get_path (w), 3);
  g_assert_true (lsc_capture_writer_commit (w, &err));
  g_assert_no_error (err);
  g_assert_cmpstr (lsc_capture_writer_get_path (w), ==, path);
  g_assert_false (dir_has_part_file (dir));
  check_file_holds (path, 3);
  g_assert_cmpuint (lsc_capture_writer_get_packets (w), ==, 3);
  lsc_capture_writer_free (w);

  /* The first bytes say which format was written. */
  g_autofree char *bytes = NULL;
  gsize len;
  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  guint32 magic;
  memcpy (&magic, bytes, 4);
  g_assert_cmphex (magic, ==, g_str_has_suffix (leaf, ".pcap") ? 0xa1b23c4d : 0x0A0D0D0A);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_writer_pcap (void)
{
  round_trip ("out.pcap");
}

static void
test_writer_pcapng (void)
{
  round_trip ("out.pcapng");
}

static void
test_writer_temporary_and_save_as (void)
{
  g_autoptr (GError) err = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lsc-capture-XXXXXX", &err);
  LscCaptureWriter *w = lsc_capture_writer_new (NULL, dir, LSC_CAPTURE_FORMAT_PCAPNG, LSC_LINK_ETHERNET, 0, "x", &err);
  g_assert_no_error (err);
  g_assert_true (lsc_capture_writer_is_temporary (w));
  const char *tmp = lsc_capture_writer_get_path (w);
  g_assert_true (g_str_has_prefix (tmp, dir));
  g_assert_true (g_str_has_suffix (tmp, ".pcapng"));
  LscPacket p = packet_of (&recs[0]);
  g_assert_true (lsc_capture_writer_write (w, &p, &err));
  g_autofree char *dest = g_build_filename (dir, "kept.pcapng", NULL);
  g_assert_true (lsc_capture_writer_save_as (w, dest, &err));
  g_assert_no_error (err);
  check_file_holds (dest, 1);
  lsc_capture_writer_free (w);
  g_unlink (dest);
  g_rmdir (dir);
}

static void
test_writer_bad_paths (void)
{
  g_autoptr (GError) err = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lsc-capture-XXXXXX", &err);
  LscCaptureWriter *w = lsc_capture_writer_new (dir, NULL, LSC_CAPTURE_FORMAT_PCAPNG, LSC_LINK_ETHERNET, 0, NULL, &err);
  g_assert_null (w);
  g_assert_error (err, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_WRITE);
  g_assert_nonnull (strstr (err->message, "is a directory"));
  g_clear_error (&err);
  g_autofree char *missing = g_build_filename (dir, "no-such-dir", "x.pcap", NULL);
  w = lsc_capture_writer_new (missing, NULL, LSC_CAPTURE_FORMAT_PCAP, LSC_LINK_ETHERNET, 0, NULL, &err);
  g_assert_null (w);
  g_assert_error (err, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_WRITE);
  g_assert_nonnull (strstr (err->message, "no-such-dir"));
  /* Nothing was left behind in the directory. */
  g_assert_true (g_rmdir (dir) == 0);
}

static void
test_writer_snaplen_cuts (void)
{
  g_autoptr (GError) err = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lsc-capture-XXXXXX", &err);
  g_autofree char *path = g_build_filename (dir, "cut.pcap", NULL);
  LscCaptureWriter *w = lsc_capture_writer_new (path, NULL, LSC_CAPTURE_FORMAT_PCAP, LSC_LINK_ETHERNET, 20, NULL, &err);
  LscPacket p = packet_of (&recs[2]);
  g_assert_true (lsc_capture_writer_write (w, &p, &err));
  g_assert_true (lsc_capture_writer_commit (w, &err));
  lsc_capture_writer_free (w);
  g_autoptr (LscCaptureFile) f = lsc_capture_file_open (path, &err);
  g_assert_no_error (err);
  g_assert_cmpint (lsc_capture_file_next (f, &p, &err), ==, 1);
  g_assert_cmpuint (p.caplen, ==, 20);
  g_assert_cmpuint (p.wirelen, ==, 60);
  g_assert_cmpmem (p.data, 20, frame_60, 20);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_writer_disk_full (void)
{
  /* /dev/full fails every write with ENOSPC, without privileges. */
  int fd = open ("/dev/full", O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    {
      g_test_skip ("no /dev/full");
      return;
    }
  g_autoptr (GError) err = NULL;
  LscCaptureWriter *w = lsc_capture_writer_new_for_fd (fd, LSC_CAPTURE_FORMAT_PCAP, LSC_LINK_ETHERNET, 0, NULL, &err);
  g_assert_null (w);
  g_assert_error (err, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_WRITE);
  g_assert_nonnull (strstr (err->message, "disk is full"));
  g_assert_null (strchr (err->message, '\n'));
  close (fd);
}

/* A file-size limit makes write() fail like a full disk, without
 * privileges; size 0 lifts it again. */
static void
limit_file_size (rlim_t size)
{
  static struct rlimit old;
  static gboolean limited;
  if (!limited)
    g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old), ==, 0);
  struct rlimit lim = old;
  if (size)
    lim.rlim_cur = size;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &lim), ==, 0);
  limited = size != 0;
  signal (SIGXFSZ, size ? SIG_IGN : SIG_DFL);
}

static void
test_writer_full_at_start (void)
{
  /* The disk is full before even the file header fits: the file is
   * removed, and the message must not claim "0 packets ... are kept". */
  g_autoptr (GError) err = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lsc-capture-XXXXXX", &err);
  g_autofree char *path = g_build_filename (dir, "none.pcapng", NULL);
  limit_file_size (10);
  LscCaptureWriter *w = lsc_capture_writer_new (path, NULL, LSC_CAPTURE_FORMAT_PCAPNG, LSC_LINK_ETHERNET, 0, NULL, &err);
  limit_file_size (0);
  g_assert_null (w);
  g_assert_error (err, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_WRITE);
  g_assert_null (strstr (err->message, "kept"));
  g_assert_nonnull (strstr (err->message, "nothing was saved"));
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_assert_null (g_dir_read_name (d));
  g_rmdir (dir);
}

static void
test_writer_keeps_complete_records (void)
{
  /* A file-size limit makes write() stop in the middle of a record, like a
   * disk filling up: the file must end at the last complete record. */
  g_autoptr (GError) err = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lsc-capture-XXXXXX", &err);
  g_autofree char *path = g_build_filename (dir, "limited.pcap", NULL);
  LscCaptureWriter *w = lsc_capture_writer_new (path, NULL, LSC_CAPTURE_FORMAT_PCAP, LSC_LINK_ETHERNET, 0, NULL, &err);
  g_assert_no_error (err);
  LscPacket p = packet_of (&recs[2]);
  g_assert_true (lsc_capture_writer_write (w, &p, &err));
  g_assert_true (lsc_capture_writer_flush (w, &err));   /* 24 + 16 + 60 = 100 bytes on disk */
  limit_file_size (300);            /* records end at 176, 252, 328, 404: two more fit whole */
  /* A slow machine may flush (and fail) inside one of these writes rather
   * than in the flush below; the outcome must be the same. */
  for (int i = 0; i < 4; i++)
    lsc_capture_writer_write (w, &p, NULL);
  gboolean flushed = lsc_capture_writer_flush (w, &err);
  limit_file_size (0);
  g_assert_false (flushed);
  g_assert_error (err, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_WRITE);
  g_assert_nonnull (strstr (err->message, "the 3 packets written before are kept"));
  g_clear_error (&err);
  /* Later writes keep failing with the same message instead of writing on. */
  g_assert_false (lsc_capture_writer_write (w, &p, &err));
  g_assert_error (err, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_WRITE);
  g_clear_error (&err);
  /* Saving what was kept succeeds: the error was reported once already. */
  g_assert_true (lsc_capture_writer_commit (w, &err));
  g_assert_no_error (err);
  g_assert_cmpuint (lsc_capture_writer_get_packets (w), ==, 3);
  lsc_capture_writer_free (w);
  GStatBuf st;
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 252);
  g_autoptr (LscCaptureFile) f = lsc_capture_file_open (path, &err);
  g_assert_no_error (err);
  for (int i = 0; i < 3; i++)
    g_assert_cmpint (lsc_capture_file_next (f, &p, &err), ==, 1);
  g_assert_cmpint (lsc_capture_file_next (f, &p, &err), ==, 0);
  g_assert_no_error (err);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_proto_round_trip (void)
{
  guint8 h[LSC_HELPER_HDR_LEN];
  LscHelperRecHdr d;
  g_assert_cmpint (lsc_helper_rec_encode (h, LSC_HELPER_REC_INJECT, 0xdeadbeef, 60), ==, 0);
  const guint8 want[] = { 'L', 'S', 1, 1, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x00, 0x00, 0x3c };
  g_assert_cmpmem (h, sizeof h, want, sizeof want);
  g_assert_cmpint (lsc_helper_rec_decode (h, sizeof h, &d), ==, LSC_HELPER_DECODE_OK);
  g_assert_cmpuint (d.type, ==, LSC_HELPER_REC_INJECT);
  g_assert_cmphex (d.seq, ==, 0xdeadbeef);
  g_assert_cmpuint (d.length, ==, 60);

  g_assert_cmpint (lsc_helper_rec_encode (h, LSC_HELPER_REC_STOP, 7, 0), ==, 0);
  g_assert_cmpint (lsc_helper_rec_decode (h, sizeof h, &d), ==, LSC_HELPER_DECODE_OK);
  g_assert_cmpuint (d.type, ==, LSC_HELPER_REC_STOP);

  /* The encoder refuses what the decoder would refuse. */
  g_assert_cmpint (lsc_helper_rec_encode (h, LSC_HELPER_REC_INJECT, 1, LSC_HELPER_MAX_FRAME + 1), ==, -1);
  g_assert_cmpint (lsc_helper_rec_encode (h, LSC_HELPER_REC_INJECT, 1, LSC_HELPER_MIN_FRAME - 1), ==, -1);
  g_assert_cmpint (lsc_helper_rec_encode (h, LSC_HELPER_REC_STATS, 1, 4), ==, -1);
  g_assert_cmpint (lsc_helper_rec_encode (h, 9, 1, 0), ==, -1);
  g_assert_cmpint (lsc_helper_rec_encode (h, LSC_HELPER_REC_INJECT, 1, LSC_HELPER_MAX_FRAME), ==, 0);
}

static void
test_proto_malformed (void)
{
  LscHelperRecHdr d = { 0 };
  const guint8 ok[] = { 'L', 'S', 1, 1, 0, 0, 0, 1, 0x00, 0x00, 0x00, 0x40 };
  /* Every truncation of a valid header is "short", never a read past it. */
  for (gsize n = 0; n < sizeof ok; n++)
    {
      g_autofree guint8 *cut = g_memdup2 (ok, n ? n : 1);
      g_assert_cmpint (lsc_helper_rec_decode (n ? cut : NULL, n, &d), ==, LSC_HELPER_DECODE_SHORT);
    }
  const struct { guint8 b[12]; LscHelperDecodeResult want; } cases[] = {
    { { 'X', 'S', 1, 1, 0, 0, 0, 1, 0, 0, 0, 64 }, LSC_HELPER_DECODE_BAD_MAGIC },
    { { 'L', 's', 1, 1, 0, 0, 0, 1, 0, 0, 0, 64 }, LSC_HELPER_DECODE_BAD_MAGIC },
    { { 'L', 'S', 2, 1, 0, 0, 0, 1, 0, 0, 0, 64 }, LSC_HELPER_DECODE_BAD_VERSION },
    { { 'L', 'S', 1, 0, 0, 0, 0, 1, 0, 0, 0, 64 }, LSC_HELPER_DECODE_BAD_TYPE },
    { { 'L', 'S', 1, 4, 0, 0, 0, 1, 0, 0, 0, 0 }, LSC_HELPER_DECODE_BAD_TYPE },
    { { 'L', 'S', 1, 1, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff }, LSC_HELPER_DECODE_BAD_LENGTH },
    { { 'L', 'S', 1, 1, 0, 0, 0, 1, 0x00, 0x01, 0x00, 0x0e }, LSC_HELPER_DECODE_BAD_LENGTH }, /* 65550 */
    { { 'L', 'S', 1, 1, 0, 0, 0, 1, 0x00, 0x01, 0x00, 0x0d }, LSC_HELPER_DECODE_OK },         /* 65549 */
    { { 'L', 'S', 1, 1, 0, 0, 0, 1, 0, 0, 0, 13 }, LSC_HELPER_DECODE_BAD_LENGTH },
    { { 'L', 'S', 1, 1, 0, 0, 0, 1, 0, 0, 0, 0 }, LSC_HELPER_DECODE_BAD_LENGTH },
    { { 'L', 'S', 1, 2, 0, 0, 0, 1, 0, 0, 0, 1 }, LSC_HELPER_DECODE_BAD_LENGTH },
    { { 'L', 'S', 1, 3, 0x80, 0, 0, 0, 0x80, 0, 0, 0 }, LSC_HELPER_DECODE_BAD_LENGTH },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %" G_GSIZE_FORMAT, i);
      g_assert_cmpint (lsc_helper_rec_decode (cases[i].b, 12, &d), ==, cases[i].want);
      g_assert_nonnull (lsc_helper_decode_result_str (lsc_helper_rec_decode (cases[i].b, 12, NULL)));
    }
}

static void
test_bpf_errors (void)
{
  g_autoptr (GError) err = NULL;
  g_assert_true (lsc_capture_check_filter (LSC_LINK_ETHERNET, "icmp or arp or (tcp port 80)", &err));
  g_assert_no_error (err);
  g_assert_true (lsc_capture_check_filter (LSC_LINK_ETHERNET, NULL, &err));
  g_assert_false (lsc_capture_check_filter (LSC_LINK_ETHERNET, "tcp port", &err));
  g_assert_error (err, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_FILTER);
  g_assert_nonnull (strstr (err->message, "\"tcp port\" does not compile"));
  g_assert_nonnull (strstr (err->message, "syntax error"));
  g_assert_null (strchr (err->message, '\n'));
  g_clear_error (&err);
  /* Valid syntax, but not for the link type: raw IP has no MAC addresses. */
  g_assert_false (lsc_capture_check_filter (LSC_LINK_RAW, "ether host 02:00:00:00:00:01", &err));
  g_assert_error (err, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_FILTER);
  g_clear_error (&err);
  /* A bad filter fails a live open before anything is opened or started. */
  LscLiveOptions o;
  lsc_live_options_init (&o);
  o.iface = "lo";
  o.filter = "port 99999999";
  o.save = FALSE;
  LscSource *s = lsc_source_open_live (&o, &err);
  g_assert_null (s);
  g_assert_error (err, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_FILTER);
}

static void
test_iface_list (void)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (GPtrArray) list = lsc_iface_list (&err);
  g_assert_no_error (err);
  gboolean saw_lo = FALSE;
  for (guint i = 0; i < list->len; i++)
    {
      LscIface *iface = g_ptr_array_index (list, i);
      if (g_str_equal (iface->name, "lo"))
        {
          saw_lo = TRUE;
          g_assert_true (iface->flags & LSC_IFACE_LOOPBACK);
          g_assert_cmpint (iface->linktype, ==, LSC_LINK_ETHERNET);
          g_assert_cmpint (iface->ifindex, >, 0);
        }
    }
  g_assert_true (saw_lo);
  g_autofree char *flags = lsc_iface_flags_to_string (LSC_IFACE_UP | LSC_IFACE_LOOPBACK);
  g_assert_cmpstr (flags, ==, "UP,LOOPBACK");
  g_autofree char *down = lsc_iface_flags_to_string (0);
  g_assert_cmpstr (down, ==, "DOWN");
  LscIface *none = lsc_iface_lookup ("../../etc", &err);
  g_assert_null (none);
  g_assert_error (err, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_DEVICE);
}

/* A stand-in helper: a script that behaves like layerscope-capture on its
 * three channels, so the client can be tested without privileges. */
static char *
fake_helper (const char *dir, const char *body)
{
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\n%s\n", body);
  char *path = g_build_filename (dir, "fake-helper", NULL);
  g_assert_true (g_file_set_contents (path, script, -1, NULL));
  g_chmod (path, 0755);
  return path;
}

static char *
write_stream (const char *dir, guint n, gsize cut)
{
  g_autofree char *path = g_build_filename (dir, "stream.pcap", NULL);
  g_autoptr (GError) err = NULL;
  LscCaptureWriter *w = writer_with_recs (path, 262144, n);
  g_assert_true (lsc_capture_writer_commit (w, &err));
  lsc_capture_writer_free (w);
  if (cut)
    {
      GStatBuf st;
      g_stat (path, &st);
      g_assert_cmpint (truncate (path, st.st_size - (goffset) cut), ==, 0);
    }
  return g_steal_pointer (&path);
}

static void
cleanup_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (dir);
}

static void
test_client_stream (void)
{
  g_autoptr (GError) err = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lsc-helper-XXXXXX", &err);
  g_autofree char *stream = write_stream (dir, 3, 0);
  g_autofree char *body = g_strdup_printf ("echo '@ready 1 262144 fake0' >&2\ncat '%s'\n"
                                           "echo '@stats 5 2 0' >&2\nexit 0", stream);
  g_autofree char *helper = fake_helper (dir, body);
  g_setenv ("LSC_HELPER", helper, TRUE);
  g_setenv ("LSC_CAPTURE_MODE", "helper", TRUE);
  g_autofree char *save = g_build_filename (dir, "saved.pcapng", NULL);

  LscLiveOptions o;
  lsc_live_options_init (&o);
  o.iface = "fake0";
  o.save_path = save;
  LscSource *s = lsc_source_open_live (&o, &err);
  g_assert_no_error (err);
  g_assert_cmpint (lsc_source_get_kind (s), ==, LSC_SOURCE_KIND_HELPER);
  g_assert_cmpint (lsc_source_get_linktype (s), ==, LSC_LINK_ETHERNET);
  LscPacket p;
  guint n = 0;
  LscSourceResult r;
  for (int i = 0; i < 200 && (r = lsc_source_next (s, &p, 100, &err)) != LSC_SOURCE_END; i++)
    {
      g_assert_no_error (err);
      if (r != LSC_SOURCE_PACKET)
        continue;
      g_assert_cmpuint (p.num, ==, n + 1);
      g_assert_cmpint (p.ts_ns, ==, recs[n].ts_ns);
      g_assert_cmpint (p.ts_first_ns, ==, recs[0].ts_ns);
      g_assert_cmpmem (p.data, p.caplen, recs[n].data, recs[n].caplen);
      g_assert_cmpuint (p.wirelen, ==, recs[n].wirelen);
      n++;
    }
  g_assert_cmpuint (n, ==, 3);
  g_assert_true (lsc_source_finish (s, &err));
  g_assert_no_error (err);
  LscCaptureStats st;
  g_assert_true (lsc_source_stats (s, &st, &err));
  g_assert_cmpuint (st.received, ==, 5);
  g_assert_cmpuint (st.dropped, ==, 2);
  g_assert_cmpstr (lsc_source_get_save_path (s), ==, save);
  lsc_source_close (s);
  check_file_holds (save, 3);
  cleanup_dir (dir);
  g_unsetenv ("LSC_HELPER");
  g_unsetenv ("LSC_CAPTURE_MODE");
}

static void
test_client_truncated_stream (void)
{
  g_autoptr (GError) err = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lsc-helper-XXXXXX", &err);
  g_autofree char *stream = write_stream (dir, 2, 5);   /* second record cut short */
  g_autofree char *body = g_strdup_printf ("echo '@ready 1 262144 fake0' >&2\ncat '%s'\nexit 0", stream);
  g_autofree char *helper = fake_helper (dir, body);
  g_setenv ("LSC_HELPER", helper, TRUE);
  LscLiveOptions o;
  lsc_live_options_init (&o);
  o.iface = "fake0";
  o.save = FALSE;
  LscHelperClient *c = lsc_helper_client_spawn (&o, FALSE, &err);
  g_assert_no_error (err);
  LscPacket p;
  int r, packets = 0;
  for (int i = 0; i < 200 && (r = lsc_helper_client_next (c, &p, 100, &err)) >= 0 && r != 2; i++)
    packets += r;
  g_assert_cmpint (packets, ==, 1);
  g_assert_error (err, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_TRUNCATED);
  lsc_helper_client_free (c);
  cleanup_dir (dir);
  g_unsetenv ("LSC_HELPER");
}

static void
test_client_no_privilege (void)
{
  g_autoptr (GError) err = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lsc-helper-XXXXXX", &err);
  g_autofree char *helper = fake_helper (dir, "echo '@error 4 no' >&2\nexit 4");
  g_setenv ("LSC_HELPER", helper, TRUE);
  LscLiveOptions o;
  lsc_live_options_init (&o);
  o.iface = "fake0";
  o.save = FALSE;
  LscHelperClient *c = lsc_helper_client_spawn (&o, FALSE, &err);
  g_assert_null (c);
  g_assert_error (err, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_PRIVILEGE);
  g_assert_nonnull (strstr (err->message, "-Dhelper_caps=true"));
  g_assert_nonnull (strstr (err->message, "-r FILE"));
  g_clear_error (&err);

  /* A helper whose output is not pcap at all. */
  g_autofree char *helper2 = fake_helper (dir, "echo '@ready 1 262144 fake0' >&2\n"
                                               "printf 'this is not a pcap stream at all' \nexit 0");
  c = lsc_helper_client_spawn (&o, FALSE, &err);
  g_assert_no_error (err);
  LscPacket p;
  int r = 0;
  for (int i = 0; i < 100 && (r = lsc_helper_client_next (c, &p, 100, &err)) == 0; i++)
    ;
  g_assert_cmpint (r, ==, -1);
  g_assert_error (err, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_CORRUPT);
  lsc_helper_client_free (c);
  cleanup_dir (dir);
  g_unsetenv ("LSC_HELPER");
}

/* ---- reading a plain pcap file from its memory map ---- */

typedef struct {
  gboolean swapped, nano;
  guint16 major, minor;
  guint32 snaplen;
  guint32 linktype;        /* 0: Ethernet */
} PcapHead;

static void
put32 (GByteArray *a, guint32 v, gboolean swapped)
{
  if (swapped)
    v = GUINT32_SWAP_LE_BE (v);
  g_byte_array_append (a, (const guint8 *) &v, 4);
}

static void
put16 (GByteArray *a, guint16 v, gboolean swapped)
{
  if (swapped)
    v = GUINT16_SWAP_LE_BE (v);
  g_byte_array_append (a, (const guint8 *) &v, 2);
}

/* A pcap file written byte by byte: n records of lengths len[i] (caplen
 * len[i], wire length len[i] + 4) with varying bytes and time stamps. */
static GByteArray *
pcap_bytes (const PcapHead *h, const guint32 *len, guint n)
{
  GByteArray *a = g_byte_array_new ();
  put32 (a, h->nano ? 0xa1b23c4du : 0xa1b2c3d4u, h->swapped);
  put16 (a, h->major, h->swapped);
  put16 (a, h->minor, h->swapped);
  put32 (a, 0, h->swapped);
  put32 (a, 0, h->swapped);
  put32 (a, h->snaplen, h->swapped);
  put32 (a, h->linktype ? h->linktype : LSC_LINK_ETHERNET, h->swapped);
  for (guint i = 0; i < n; i++)
    {
      put32 (a, 1700000000 + i, h->swapped);
      put32 (a, h->nano ? 999999000 + i : 999000 + i, h->swapped);
      put32 (a, len[i], h->swapped);
      put32 (a, len[i] + 4, h->swapped);
      for (guint k = 0; k < len[i]; k++)
        {
          guint8 b = (guint8) (i * 31 + k);
          g_byte_array_append (a, &b, 1);
        }
    }
  return a;
}

typedef struct {
  guint64 count;
  int last;            /* the final return value */
  char *error;
  GChecksum *sum;      /* over every field of every packet */
  gboolean mapped_first, mapped_last;
} ReadLog;

static void
read_all (const char *path, gboolean map, ReadLog *log)
{
  g_autoptr (GError) err = NULL;
  memset (log, 0, sizeof *log);
  log->sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr (LscCaptureFile) f = lsc_capture_file_open_full (path, map, &err);
  g_assert_no_error (err);
  log->mapped_first = lsc_capture_file_is_mapped (f);
  LscPacket p;
  int r;
  while ((r = lsc_capture_file_next (f, &p, &err)) > 0)
    {
      log->count++;
      g_checksum_update (log->sum, (const guchar *) &p.num, sizeof p.num);
      g_checksum_update (log->sum, (const guchar *) &p.ts_ns, sizeof p.ts_ns);
      g_checksum_update (log->sum, (const guchar *) &p.ts_first_ns, sizeof p.ts_first_ns);
      g_checksum_update (log->sum, (const guchar *) &p.ts_prev_ns, sizeof p.ts_prev_ns);
      g_checksum_update (log->sum, (const guchar *) &p.caplen, sizeof p.caplen);
      g_checksum_update (log->sum, (const guchar *) &p.wirelen, sizeof p.wirelen);
      g_checksum_update (log->sum, p.data, p.caplen);
      g_assert_cmpint (p.linktype, ==, lsc_capture_file_linktype (f));
    }
  log->last = r;
  log->error = err ? g_strdup (err->message) : NULL;
  log->mapped_last = lsc_capture_file_is_mapped (f);
}

static void
read_log_clear (ReadLog *log)
{
  g_checksum_free (log->sum);
  g_free (log->error);
}

/* The map path returns exactly what libpcap returns, ends the same way and
 * says the same thing when it fails.  Returns whether it stayed mapped. */
static gboolean
assert_map_agrees (const char *path)
{
  ReadLog a, b;
  read_all (path, FALSE, &a);
  read_all (path, TRUE, &b);
  g_assert_false (a.mapped_first);
  g_assert_cmpuint (a.count, ==, b.count);
  g_assert_cmpint (a.last, ==, b.last);
  g_assert_cmpstr (a.error, ==, b.error);
  g_assert_cmpstr (g_checksum_get_string (a.sum), ==, g_checksum_get_string (b.sum));
  gboolean mapped = b.mapped_last;
  read_log_clear (&a);
  read_log_clear (&b);
  return mapped;
}

static char *
write_tmp (const char *dir, const char *leaf, const GByteArray *a, gsize len)
{
  char *path = g_build_filename (dir, leaf, NULL);
  g_autoptr (GError) err = NULL;
  g_file_set_contents (path, (const char *) a->data, (gssize) MIN (len, a->len), &err);
  g_assert_no_error (err);
  return path;
}

static void
test_file_mapped (void)
{
  g_autoptr (GError) err = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lsc-map-XXXXXX", &err);
  g_assert_no_error (err);
  guint32 len[6] = { 60, 42, 98, 1514, 0, 61 };

  /* Both byte orders, micro- and nanosecond stamps; cut at every byte. */
  for (int v = 0; v < 4; v++)
    {
      PcapHead h = { v & 1, v >> 1, 2, 4, 65535, 0 };
      g_autoptr (GByteArray) a = pcap_bytes (&h, len, G_N_ELEMENTS (len));
      g_autofree char *whole = write_tmp (dir, "whole.pcap", a, a->len);
      g_assert_true (assert_map_agrees (whole));
      for (gsize cut = 24; cut < a->len; cut += (cut < 300 ? 1 : 97))
        {
          g_autofree char *path = write_tmp (dir, "cut.pcap", a, cut);
          assert_map_agrees (path);
        }
      g_unlink (whole);
    }

  /* Time fields with the top bit set: libpcap reads them as signed in a
   * file of this host's byte order, unsigned in a swapped one. */
  for (int v = 0; v < 4; v++)
    {
      PcapHead h = { v & 1, v >> 1, 2, 4, 65535, 0 };
      g_autoptr (GByteArray) a = pcap_bytes (&h, len, 3);
      g_autoptr (GByteArray) top = g_byte_array_new ();
      put32 (top, 0x80000000u, h.swapped);
      put32 (top, 0x80000000u, h.swapped);
      memcpy (a->data + 24, top->data, 8);
      memcpy (a->data + 24 + 16 + len[0], top->data, 4);  /* second record: seconds only */
      g_autofree char *path = write_tmp (dir, "top.pcap", a, a->len);
      g_assert_true (assert_map_agrees (path));
      g_unlink (path);
    }

  /* A byte-swapped Linux cooked capture: libpcap fixes CAN pseudo-headers
   * up in those, so it reads them itself. */
  PcapHead sll = { TRUE, FALSE, 2, 4, 65535, LSC_LINK_LINUX_SLL };
  g_autoptr (GByteArray) e = pcap_bytes (&sll, len, 3);
  g_autofree char *p5 = write_tmp (dir, "sll.pcap", e, e->len);
  g_assert_false (assert_map_agrees (p5));
  g_unlink (p5);

  /* A record longer than the snapshot length, and one past libpcap's
   * maximum: libpcap reads from there on (after the records before). */
  guint32 odd[4] = { 60, 60, 200, 60 };
  PcapHead small = { FALSE, FALSE, 2, 4, 128, 0 };
  g_autoptr (GByteArray) a = pcap_bytes (&small, odd, G_N_ELEMENTS (odd));
  g_autofree char *p1 = write_tmp (dir, "long.pcap", a, a->len);
  g_assert_false (assert_map_agrees (p1));
  guint32 huge[3] = { 60, 300000, 60 };
  PcapHead big = { FALSE, FALSE, 2, 4, 400000, 0 };
  g_autoptr (GByteArray) b = pcap_bytes (&big, huge, G_N_ELEMENTS (huge));
  g_autofree char *p2 = write_tmp (dir, "huge.pcap", b, b->len);
  g_assert_false (assert_map_agrees (p2));

  /* An unusual version: libpcap reads it all. */
  PcapHead old = { FALSE, FALSE, 2, 3, 65535, 0 };
  g_autoptr (GByteArray) c = pcap_bytes (&old, len, G_N_ELEMENTS (len));
  g_autofree char *p3 = write_tmp (dir, "v23.pcap", c, c->len);
  g_assert_false (assert_map_agrees (p3));

  /* Larger than the window of mapped pages kept: pages are given back
   * behind reading and everything still reads the same. */
  guint n = 16000;
  guint32 *many = g_new (guint32, n);
  for (guint i = 0; i < n; i++)
    many[i] = 60 + (i * 37) % 1455;
  PcapHead h = { FALSE, TRUE, 2, 4, 65535, 0 };
  g_autoptr (GByteArray) d = pcap_bytes (&h, many, n);
  g_assert_cmpuint (d->len, >, 10u << 20);
  g_autofree char *p4 = write_tmp (dir, "many.pcap", d, d->len);
  g_assert_true (assert_map_agrees (p4));
  g_free (many);

  for (const char *const *leaf = (const char *const[]) { "cut.pcap", "long.pcap", "huge.pcap", "v23.pcap", "many.pcap", NULL }; *leaf; leaf++)
    {
      g_autofree char *path = g_build_filename (dir, *leaf, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  init_recs ();
  g_test_add_func ("/capture/writer/pcap-round-trip", test_writer_pcap);
  g_test_add_func ("/capture/file/mapped", test_file_mapped);
  g_test_add_func ("/capture/writer/pcapng-round-trip", test_writer_pcapng);
  g_test_add_func ("/capture/writer/temporary-save-as", test_writer_temporary_and_save_as);
  g_test_add_func ("/capture/writer/snaplen", test_writer_snaplen_cuts);
  g_test_add_func ("/capture/writer/bad-paths", test_writer_bad_paths);
  g_test_add_func ("/capture/writer/disk-full", test_writer_disk_full);
  g_test_add_func ("/capture/writer/full-at-start", test_writer_full_at_start);
  g_test_add_func ("/capture/writer/keeps-complete-records", test_writer_keeps_complete_records);
  g_test_add_func ("/capture/helper-proto/round-trip", test_proto_round_trip);
  g_test_add_func ("/capture/helper-proto/malformed", test_proto_malformed);
  g_test_add_func ("/capture/bpf/errors", test_bpf_errors);
  g_test_add_func ("/capture/iface/list", test_iface_list);
  g_test_add_func ("/capture/helper-client/stream", test_client_stream);
  g_test_add_func ("/capture/helper-client/truncated", test_client_truncated_stream);
  g_test_add_func ("/capture/helper-client/errors", test_client_no_privilege);
  return g_test_run ();
}

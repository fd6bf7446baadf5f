/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-capture-writer.c — pcap and pcapng writing with atomic save
 *
 * Our own encoder rather than pcap_dump: libpcap 1.10 cannot write pcapng,
 * and owning the write() calls lets a full disk be detected at the record
 * where it happened and the file cut back to the last complete record.
 */
#include "lsc-capture-writer.h"
#include "lsc-capture-file.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#define FLUSH_BYTES (64 * 1024)

struct _LscCaptureWriter {
  int fd;
  gboolean owns_fd;
  LscCaptureFormat format;
  guint32 snaplen;
  char *path;        /* file being written */
  char *final_path;  /* NULL: temporary capture */
  char *shown;       /* name in messages */
  GByteArray *buf;   /* complete records not yet written */
  GArray *ends;      /* guint: offset in buf where each buffered record ends */
  goffset on_disk;   /* bytes of complete records in the file */
  guint header_len;  /* of the file header, the first thing in buf */
  guint64 packets;   /* accepted by write() */
  guint64 kept;      /* of which complete in the file */
  guint64 buffered;  /* of which waiting in buf */
  gint64 first_buffered_us;  /* when the oldest record in buf arrived */
  gboolean committed;
  GError *failure;   /* sticky: the first write error */
  GStrv leftovers;   /* .part files of earlier captures into the same name */
  GArray *linktypes; /* int: pcapng interface i's link type (pcap: the one) */
};

LscCaptureFormat
lsc_capture_format_for_path (const char *path)
{
  gsize n = path ? strlen (path) : 0;
  return n >= 5 && g_ascii_strcasecmp (path + n - 5, ".pcap") == 0 ? LSC_CAPTURE_FORMAT_PCAP
                                                                     : LSC_CAPTURE_FORMAT_PCAPNG;
}

static void
put16 (GByteArray *b, guint16 v)
{
  g_byte_array_append (b, (const guint8 *) &v, 2);
}

static void
put32 (GByteArray *b, guint32 v)
{
  g_byte_array_append (b, (const guint8 *) &v, 4);
}

static void
pad4 (GByteArray *b)
{
  static const guint8 zero[4];
  g_byte_array_append (b, zero, (4 - b->len % 4) % 4);
}

/* pcapng block lengths are known only at the end: patch them in. */
static void
block_begin (GByteArray *b, guint32 type, guint *start)
{
  *start = b->len;
  put32 (b, type);
  put32 (b, 0);
}

static void
block_end (GByteArray *b, guint start)
{
  pad4 (b);
  guint32 total = b->len - start + 4;
  memcpy (b->data + start + 4, &total, 4);
  put32 (b, total);
}

static void
option (GByteArray *b, guint16 code, const void *value, guint16 len)
{
  put16 (b, code);
  put16 (b, len);
  g_byte_array_append (b, value, len);
  pad4 (b);
}

static void
encode_interface (LscCaptureWriter *w, int linktype, const char *iface_name)
{
  GByteArray *b = w->buf;
  guint start;
  block_begin (b, 1, &start);                   /* interface description */
  put16 (b, (guint16) linktype);
  put16 (b, 0);
  put32 (b, w->snaplen);
  if (iface_name && *iface_name)
    option (b, 2, iface_name, (guint16) MIN (strlen (iface_name), 255));  /* if_name */
  guint8 tsresol = 9;                           /* nanoseconds */
  option (b, 9, &tsresol, 1);
  option (b, 0, NULL, 0);
  block_end (b, start);
  g_array_append_val (w->linktypes, linktype);
}

static void
encode_file_header (LscCaptureWriter *w, int linktype, const char *iface_name)
{
  GByteArray *b = w->buf;
  if (w->format == LSC_CAPTURE_FORMAT_PCAP)
    {
      put32 (b, 0xa1b23c4d);  /* nanosecond timestamps */
      put16 (b, 2);
      put16 (b, 4);
      put32 (b, 0);
      put32 (b, 0);
      put32 (b, w->snaplen);
      put32 (b, (guint32) linktype);
      g_array_append_val (w->linktypes, linktype);
      return;
    }
  guint start;
  block_begin (b, 0x0A0D0D0A, &start);          /* section header */
  put32 (b, 0x1A2B3C4D);
  put16 (b, 1);
  put16 (b, 0);
  put32 (b, 0xffffffff);                        /* section length unknown */
  put32 (b, 0xffffffff);
  const char *app = "Layerscope " LSC_VERSION;
  option (b, 4, app, strlen (app));             /* shb_userappl */
  option (b, 0, NULL, 0);
  block_end (b, start);
  encode_interface (w, linktype, iface_name);
}

static void
set_failure (LscCaptureWriter *w, int err)
{
  if (w->failure)
    return;
  const char *why = err == ENOSPC || err == EDQUOT ? _("the disk is full") : g_strerror (err);
  /* Before the file header is on disk there is no capture to keep: the
   * file is removed (lsc_capture_writer_new), so say that, not "0 kept". */
  if (w->on_disk == 0)
    w->failure = g_error_new (LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_WRITE,
                              _("cannot write %s: %s; nothing was saved"), w->shown, why);
  else
    w->failure = g_error_new (LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_WRITE,
                              _("cannot write %s: %s; the %" PRIu64 " packets written before are kept"),
                              w->shown, why, w->kept);
}

gboolean
lsc_capture_writer_flush (LscCaptureWriter *w, GError **error)
{
  if (w->failure)
    {
      if (error)
        *error = g_error_copy (w->failure);
      return FALSE;
    }
  gsize done = 0;
  while (done < w->buf->len)
    {
      ssize_t n = write (w->fd, w->buf->data + done, w->buf->len - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int err = n < 0 ? errno : ENOSPC;
          /* Keep the records that made it whole; cut the torn one off. */
          guint whole = 0;
          while (whole < w->ends->len && g_array_index (w->ends, guint, whole) <= done)
            whole++;
          if (whole > 0)
            {
              w->on_disk += g_array_index (w->ends, guint, whole - 1);
              w->kept += whole;
            }
          else if (w->on_disk == 0 && done >= w->header_len)
            w->on_disk = (goffset) w->header_len;  /* the file header alone */
          if (w->owns_fd && ftruncate (w->fd, w->on_disk) == 0)
            lseek (w->fd, w->on_disk, SEEK_SET);
          g_byte_array_set_size (w->buf, 0);
          g_array_set_size (w->ends, 0);
          w->buffered = 0;
          set_failure (w, err);
          if (error)
            *error = g_error_copy (w->failure);
          return FALSE;
        }
      done += (gsize) n;
    }
  w->on_disk += (goffset) w->buf->len;
  w->kept += w->buffered;
  w->buffered = 0;
  g_byte_array_set_size (w->buf, 0);
  g_array_set_size (w->ends, 0);
  return TRUE;
}

gint64
lsc_capture_writer_flush_due (LscCaptureWriter *w)
{
  if (w->buffered == 0 || w->failure || w->committed)
    return G_MAXINT64;
  return w->first_buffered_us + LSC_CAPTURE_WRITER_FLUSH_MS * 1000;
}

gboolean
lsc_capture_writer_flush_if_due (LscCaptureWriter *w, GError **error)
{
  if (g_get_monotonic_time () < lsc_capture_writer_flush_due (w))
    return TRUE;
  return lsc_capture_writer_flush (w, error);
}

static LscCaptureWriter *
writer_init (int fd, gboolean owns_fd, LscCaptureFormat format, int linktype, guint32 snaplen,
             const char *iface_name)
{
  LscCaptureWriter *w = g_new0 (LscCaptureWriter, 1);
  w->fd = fd;
  w->owns_fd = owns_fd;
  w->format = format;
  w->snaplen = snaplen ? snaplen : 262144;
  w->buf = g_byte_array_sized_new (FLUSH_BYTES + 4096);
  w->ends = g_array_new (FALSE, FALSE, sizeof (guint));
  w->linktypes = g_array_new (FALSE, FALSE, sizeof (int));
  encode_file_header (w, linktype, iface_name);
  w->header_len = w->buf->len;
  return w;
}

LscCaptureWriter *
lsc_capture_writer_new_for_fd (int fd, LscCaptureFormat format, int linktype, guint32 snaplen,
                               const char *iface_name, GError **error)
{
  LscCaptureWriter *w = writer_init (fd, FALSE, format, linktype, snaplen, iface_name);
  w->shown = g_strdup_printf (_("descriptor %d"), fd);
  w->committed = FALSE;
  if (!lsc_capture_writer_flush (w, error))
    {
      lsc_capture_writer_free (w);
      return NULL;
    }
  return w;
}

/* The .part files of earlier captures into path that nobody writes any
 * more (a crash, SIGKILL, a power cut): every writer holds a lock on its
 * own while it runs, and the kernel drops the lock with the process. */
static GStrv
find_leftovers (const char *path, const char *own)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *prefix = g_strdup_printf (".%s.", base);
  g_autoptr (GStrvBuilder) found = g_strv_builder_new ();
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d)))
    {
      /* Exactly what lsc_capture_writer_new() makes: ".BASE.XXXXXX.part". */
      if (!g_str_has_prefix (name, prefix) || !g_str_has_suffix (name, ".part")
          || strlen (name) != strlen (prefix) + 6 + 5)
        continue;
      g_autofree char *full = g_build_filename (dir, name, NULL);
      if (g_strcmp0 (full, own) == 0)
        continue;
      int fd = open (full, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
      if (fd < 0)
        continue;
      if (flock (fd, LOCK_SH | LOCK_NB) == 0)
        g_strv_builder_add (found, full);
      close (fd);
    }
  return g_strv_builder_end (found);
}

LscCaptureWriter *
lsc_capture_writer_new (const char *path, const char *tmpdir, LscCaptureFormat format, int linktype,
                        guint32 snaplen, const char *iface_name, GError **error)
{
  g_autofree char *tmpl = NULL;
  if (path && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_WRITE,
                   _("%s is a directory; name a file to save the capture in"), path);
      return NULL;
    }
  if (path)
    {
      g_autofree char *dir = g_path_get_dirname (path);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *leaf = g_strdup_printf (".%s.XXXXXX.part", base);
      tmpl = g_build_filename (dir, leaf, NULL);
    }
  else
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
      g_autofree char *leaf = g_strdup_printf ("layerscope-%s-XXXXXX.%s", stamp,
                                               format == LSC_CAPTURE_FORMAT_PCAP ? "pcap" : "pcapng");
      tmpl = g_build_filename (tmpdir ? tmpdir : g_get_tmp_dir (), leaf, NULL);
    }
  /* Temporary captures may hold private traffic: owner only until named. */
  int fd = g_mkstemp_full (tmpl, O_RDWR | O_CLOEXEC, path ? 0644 : 0600);
  if (fd < 0)
    {
      int err = errno;
      g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_WRITE, _("cannot create a capture file next to %s: %s"),
                   path ? path : (tmpdir ? tmpdir : g_get_tmp_dir ()), g_strerror (err));
      return NULL;
    }
  /* Tells a later run that this file is still being written (see
   * find_leftovers); advisory, so nothing else is kept from reading it. */
  flock (fd, LOCK_EX | LOCK_NB);
  LscCaptureWriter *w = writer_init (fd, TRUE, format, linktype, snaplen, iface_name);
  w->path = g_steal_pointer (&tmpl);
  if (path)
    w->leftovers = find_leftovers (path, w->path);
  w->final_path = g_strdup (path);
  w->shown = g_strdup (path ? path : w->path);
  if (!lsc_capture_writer_flush (w, error))
    {
      g_unlink (w->path);
      g_clear_pointer (&w->final_path, g_free);
      w->committed = TRUE;
      lsc_capture_writer_free (w);
      return NULL;
    }
  return w;
}

/* The pcapng interface of a link type, described now if it is new. */
static guint32
interface_for (LscCaptureWriter *w, int linktype)
{
  guint32 ifid = 0;
  while (ifid < w->linktypes->len && g_array_index (w->linktypes, int, ifid) != linktype)
    ifid++;
  if (ifid == w->linktypes->len)
    encode_interface (w, linktype, NULL);
  return ifid;
}

/* A counter: one 64-bit number; a time: two 32-bit words, high first, as
 * packet time stamps are written.  Nothing when unknown (< 0). */
static void
option64 (GByteArray *b, guint16 code, gint64 v, gboolean time)
{
  if (v < 0)
    return;
  guint64 n = (guint64) v;
  guint32 words[2] = { (guint32) (n >> 32), (guint32) n };
  if (time)
    option (b, code, words, 8);
  else
    option (b, code, &n, 8);
}

void
lsc_capture_writer_add_stats (LscCaptureWriter *w, const LscInterfaceStats *st)
{
  if (w->format != LSC_CAPTURE_FORMAT_PCAPNG || w->committed || w->failure)
    return;
  GByteArray *b = w->buf;
  guint32 ifid = interface_for (w, st->linktype);
  guint start;
  guint64 ts = (guint64) MAX (st->ts_ns, 0);
  /* Not a packet: not in w->ends, so a write error cuts it off rather than
   * counting it as a packet kept. */
  block_begin (b, 5, &start);                   /* interface statistics */
  put32 (b, ifid);
  put32 (b, (guint32) (ts >> 32));
  put32 (b, (guint32) ts);
  option64 (b, 2, st->start_ns, TRUE);                /* isb_starttime (our interfaces count in ns) */
  option64 (b, 3, st->end_ns, TRUE);                  /* isb_endtime */
  option64 (b, 4, st->ifrecv, FALSE);                  /* isb_ifrecv */
  option64 (b, 5, st->ifdrop, FALSE);                  /* isb_ifdrop */
  option64 (b, 6, st->filteraccept, FALSE);            /* isb_filteraccept */
  option64 (b, 7, st->osdrop, FALSE);                  /* isb_osdrop */
  option64 (b, 8, st->usrdeliv, FALSE);                /* isb_usrdeliv */
  option (b, 0, NULL, 0);
  block_end (b, start);
}

gboolean
lsc_capture_writer_write (LscCaptureWriter *w, const LscPacket *pkt, GError **error)
{
  if (w->failure || w->committed)
    {
      if (w->failure && error)
        *error = g_error_copy (w->failure);
      else if (error)
        g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_WRITE, _("%s: already saved"), w->shown);
      return FALSE;
    }
  guint32 caplen = MIN (pkt->caplen, w->snaplen);
  guint32 wirelen = MAX (pkt->wirelen, caplen);
  GByteArray *b = w->buf;
  /* A frame of another link type (a pcapng file read with several
   * interfaces) gets an interface of its own; pcap has room for one. */
  if (w->format == LSC_CAPTURE_FORMAT_PCAP && pkt->linktype != g_array_index (w->linktypes, int, 0))
    {
      g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_WRITE,
                   _("%s: packet %" PRIu64 " has link type %d, but a pcap file holds only link type %d: write pcapng"),
                   w->shown, pkt->num, pkt->linktype, g_array_index (w->linktypes, int, 0));
      return FALSE;
    }
  guint32 ifid = w->format == LSC_CAPTURE_FORMAT_PCAP ? 0 : interface_for (w, pkt->linktype);
  if (w->format == LSC_CAPTURE_FORMAT_PCAP)
    {
      gint64 sec = pkt->ts_ns / 1000000000, nsec = pkt->ts_ns % 1000000000;
      put32 (b, (guint32) sec);
      put32 (b, (guint32) nsec);
      put32 (b, caplen);
      put32 (b, wirelen);
      g_byte_array_append (b, pkt->data, caplen);
    }
  else
    {
      guint start;
      guint64 ts = (guint64) pkt->ts_ns;
      block_begin (b, 6, &start);                 /* enhanced packet block */
      put32 (b, ifid);
      put32 (b, (guint32) (ts >> 32));
      put32 (b, (guint32) ts);
      put32 (b, caplen);
      put32 (b, wirelen);
      g_byte_array_append (b, pkt->data, caplen);
      pad4 (b);
      const char *comment = pkt->comments;
      for (guint i = 0; i < pkt->n_comments; i++, comment += strlen (comment) + 1)
        option (b, 1, comment, (guint16) MIN (strlen (comment), 65535 - 3));  /* opt_comment */
      if (pkt->n_comments)
        option (b, 0, NULL, 0);
      block_end (b, start);
    }
  gint64 now = g_get_monotonic_time ();
  if (w->buffered == 0)
    w->first_buffered_us = now;
  w->packets++;
  w->buffered++;
  guint end = b->len;
  g_array_append_val (w->ends, end);
  if (b->len >= FLUSH_BYTES || now >= lsc_capture_writer_flush_due (w))
    {
      if (!lsc_capture_writer_flush (w, error))
        {
          /* The record that did not fit is not "kept". */
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
lsc_capture_writer_commit (LscCaptureWriter *w, GError **error)
{
  if (w->committed)
    return TRUE;
  /* An earlier write error was reported by that write; only a new one
   * (in this last flush) is reported here.  Either way what was kept is
   * saved. */
  gboolean failed_before = w->failure != NULL;
  g_autoptr (GError) flush_err = NULL;
  gboolean ok = lsc_capture_writer_flush (w, &flush_err) || failed_before;
  w->committed = TRUE;
  if (w->owns_fd)
    {
      fsync (w->fd);
      if (close (w->fd) != 0 && ok && !w->failure)
        {
          set_failure (w, errno);
          g_clear_error (&flush_err);
          flush_err = g_error_copy (w->failure);
          ok = FALSE;
        }
      w->fd = -1;
      if (w->final_path)
        {
          if (g_rename (w->path, w->final_path) != 0)
            {
              int err = errno;
              g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_WRITE,
                           _("cannot save the capture as %s: %s; it is kept in %s"), w->final_path, g_strerror (err), w->path);
              return FALSE;
            }
          g_free (w->path);
          w->path = g_strdup (w->final_path);
        }
    }
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&flush_err));
  return ok;
}

gboolean
lsc_capture_writer_save_as (LscCaptureWriter *w, const char *dest, GError **error)
{
  if (!w->owns_fd)
    {
      g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_WRITE, _("this capture was not written to a file"));
      return FALSE;
    }
  if (!w->committed && !lsc_capture_writer_commit (w, error))
    return FALSE;
  /* A temporary capture can simply move when it stays on one file system. */
  if (!w->final_path && g_rename (w->path, dest) == 0)
    {
      g_free (w->path);
      w->path = g_strdup (dest);
      w->final_path = g_strdup (dest);
      return TRUE;
    }
  g_autofree char *dir = g_path_get_dirname (dest);
  g_autofree char *base = g_path_get_basename (dest);
  g_autofree char *leaf = g_strdup_printf (".%s.XXXXXX.part", base);
  g_autofree char *tmp = g_build_filename (dir, leaf, NULL);
  int fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int err = errno;
      g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_WRITE, _("cannot save the capture as %s: %s"), dest, g_strerror (err));
      return FALSE;
    }
  close (fd);
  g_autoptr (GFile) from = g_file_new_for_path (w->path);
  g_autoptr (GFile) to = g_file_new_for_path (tmp);
  g_autoptr (GError) copy_err = NULL;
  if (!g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &copy_err) || g_rename (tmp, dest) != 0)
    {
      g_unlink (tmp);
      g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_WRITE, _("cannot save the capture as %s: %s"), dest,
                   copy_err ? copy_err->message : g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

const char *
lsc_capture_writer_get_path (LscCaptureWriter *w)
{
  return w->owns_fd ? w->path : NULL;
}

guint64
lsc_capture_writer_get_packets (LscCaptureWriter *w)
{
  return w->failure ? w->kept : w->packets;
}

const char *const *
lsc_capture_writer_get_leftovers (LscCaptureWriter *w)
{
  return (const char *const *) w->leftovers;
}

gboolean
lsc_capture_writer_is_temporary (LscCaptureWriter *w)
{
  return w->owns_fd && !w->final_path;
}

void
lsc_capture_writer_free (LscCaptureWriter *w)
{
  if (!w)
    return;
  if (!w->committed)
    lsc_capture_writer_commit (w, NULL);
  if (w->owns_fd && w->fd >= 0)
    close (w->fd);
  g_byte_array_unref (w->buf);
  g_array_unref (w->ends);
  g_array_unref (w->linktypes);
  g_clear_error (&w->failure);
  g_strfreev (w->leftovers);
  g_free (w->path);
  g_free (w->final_path);
  g_free (w->shown);
  g_free (w);
}

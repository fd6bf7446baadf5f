/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-capture-file.c — pcap/pcapng reading via libpcap
 *
 * libpcap reads every file.  A plain pcap file (the common case) is also
 * memory-mapped and its records are read straight from the map, which spares
 * a copy through stdio and libpcap's buffer per record; the first record the
 * map path is not sure to read exactly as libpcap does (one longer than the
 * snapshot length) hands reading back to libpcap, which first skips the
 * records already returned.  A pcapng file is read by lsc-pcapng.c, which
 * takes interfaces of different link types and packet comments; pipes and
 * anything unusual are read by libpcap from the start.
 */
/* fopencookie(), for standard input read twice. */
#define _GNU_SOURCE 1
#include "lsc-capture-file.h"
#include "lsc-pcapng.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <signal.h>
#include <inttypes.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

G_DEFINE_QUARK (lsc-capture-error-quark, lsc_capture_error)

/* What a file that ends inside a record gets told, by either reader. */
#define CUT_SHORT N_("the file ends in the middle of a packet (cut short)")

/* Mapped pages are given back in steps of this, this far behind reading. */
#define MAP_DROP_STEP ((gsize) 4 << 20)
#define MAP_DROP_LAG ((gsize) 2 << 20)

/* How often (in bytes read) to check that the file was not cut shorter. */
#define MAP_CHECK_EVERY ((gsize) 1 << 20)

/* Bytes of the map asked into the cache ahead of reading. */
#define MAP_PREFETCH 4096

/* libpcap's largest record for the link types we read (MAXIMUM_SNAPLEN). */
#define PCAP_MAX_CAPLEN 262144u

struct _LscCaptureFile {
  pcap_t *p;               /* NULL when ng reads */
  LscPcapng *ng;
  char *name;
  int linktype;
  guint64 count;
  gint64 first_ns;
  gint64 prev_ns;
  /* The plain pcap file mapped (NULL: libpcap reads).  It stays mapped
   * after handing reading to libpcap: the packets it returned stay valid. */
  GMappedFile *map;
  gboolean map_reads;      /* records come from the map */
  const guint8 *base;
  gsize size;
  gsize pos;               /* next record header */
  gsize dropped;           /* pages before this were given back */
  gsize prefetched;        /* cache lines before this were asked for */
  gsize next_check;        /* where to look again whether the file shrank */
  gboolean swapped;        /* written with the other byte order */
  gboolean nano;           /* nanosecond time stamps */
  guint32 snaplen;         /* as the file header says */
};

gboolean
lsc_capture_linktype_supported (int lt)
{
  switch (lt)
    {
    case LSC_LINK_NULL: case LSC_LINK_ETHERNET: case LSC_LINK_RAW: case LSC_LINK_LOOP:
    case LSC_LINK_LINUX_SLL: case LSC_LINK_IPV4: case LSC_LINK_IPV6: case LSC_LINK_LINUX_SLL2:
    case LSC_LINK_PPP: case LSC_LINK_PPP_WITH_DIR: case LSC_LINK_CHDLC:
    case LSC_LINK_NFLOG: case LSC_LINK_IPOIB: case LSC_LINK_PKTAP: case LSC_LINK_PKTAP_APPLE:
      return TRUE;
    default:
      return FALSE;
    }
}

const char *
lsc_capture_linktype_name (int lt)
{
  /* pcap_datalink_val_to_name() speaks DLT_ values; on Linux the ones we read
   * from files are the same numbers except LINKTYPE_RAW (101 vs DLT_RAW 12),
   * which libpcap maps for us when it opens the file. */
  const char *n = pcap_datalink_val_to_name (lt);
  return n ? n : "unknown";
}

/* Captures are often shared compressed; say so instead of "not a capture". */
static const char *
compressed_kind (const char *path)
{
  static const struct {
    guint8 magic[4];
    gsize len;
    const char *what;
  } kinds[] = {
    { { 0x1f, 0x8b }, 2, N_("a gzip-compressed file: unpack it first (gunzip)") },
    { { 0xfd, '7', 'z', 'X' }, 4, N_("an xz-compressed file: unpack it first (unxz)") },
    { { 0x28, 0xb5, 0x2f, 0xfd }, 4, N_("a zstd-compressed file: unpack it first (unzstd)") },
    { { 'P', 'K', 0x03, 0x04 }, 4, N_("a zip archive: unpack it first (unzip)") },
  };
  guint8 head[4] = { 0 };
  FILE *fp = g_strcmp0 (path, "-") != 0 ? fopen (path, "rb") : NULL;
  gsize n = fp ? fread (head, 1, sizeof head, fp) : 0;
  if (fp)
    fclose (fp);
  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (n >= kinds[i].len && memcmp (head, kinds[i].magic, kinds[i].len) == 0)
      return _(kinds[i].what);
  return NULL;
}

static guint32
map_u32 (const LscCaptureFile *f, gsize off)
{
  guint32 v;
  memcpy (&v, f->base + off, 4);
  return f->swapped ? GUINT32_SWAP_LE_BE (v) : v;
}

/* The map being read, for the SIGBUS handler: a file cut shorter while it
 * is read makes its pages past the new end fault. */
static const guint8 *volatile map_lo, *volatile map_hi;

static void
on_sigbus (int sig, siginfo_t *info, void *ctx)
{
  (void) ctx;
  const guint8 *a = info ? (const guint8 *) info->si_addr : NULL;
  if (a && map_lo && a >= map_lo && a < map_hi)
    {
      static const char msg[] = "layerscope-cli: the capture file was cut short by another program while it was read\n";
      /* 2: layerscope-cli's status for a damaged file (tshark's). */
      if (write (STDERR_FILENO, msg, sizeof msg - 1) < 0)
        _exit (2);
      _exit (2);
    }
  signal (sig, SIG_DFL);
  raise (sig);
}

gboolean
lsc_capture_file_maps_address (const void *addr)
{
  const guint8 *a = addr;
  return a && map_lo && a >= map_lo && a < map_hi;
}

void
lsc_capture_file_catch_sigbus (void)
{
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_sigaction = on_sigbus;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset (&sa.sa_mask);
  sigaction (SIGBUS, &sa, NULL);
}

/* Map the file libpcap opened when it is a plain pcap file of the link type
 * libpcap found; otherwise leave reading to libpcap (no error: it reads
 * everything). */
static void
map_open (LscCaptureFile *f)
{
  FILE *fp = pcap_file (f->p);
  struct stat st;
  if (!fp || fstat (fileno (fp), &st) != 0 || !S_ISREG (st.st_mode) || st.st_size < 24)
    return;
  GMappedFile *map = g_mapped_file_new_from_fd (fileno (fp), FALSE, NULL);
  if (!map)
    return;
  f->map = map;
  f->base = (const guint8 *) g_mapped_file_get_contents (map);
  f->size = g_mapped_file_get_length (map);
  if (!f->base || f->size < 24)
    {
      g_clear_pointer (&f->map, g_mapped_file_unref);
      return;
    }
  guint32 magic;
  memcpy (&magic, f->base, 4);
  f->swapped = magic == 0xd4c3b2a1u || magic == 0x4d3cb2a1u;
  f->nano = magic == 0xa1b23c4du || magic == 0x4d3cb2a1u;
  gboolean known = magic == 0xa1b2c3d4u || magic == 0xa1b23c4du || f->swapped;
  guint16 major, minor;
  memcpy (&major, f->base + 4, 2);
  memcpy (&minor, f->base + 6, 2);
  if (f->swapped)
    {
      major = GUINT16_SWAP_LE_BE (major);
      minor = GUINT16_SWAP_LE_BE (minor);
    }
  f->snaplen = known ? map_u32 (f, 16) : 0;
  /* libpcap also fixes up some link types' pseudo-headers in a byte-swapped
   * file (CAN IDs in Linux cooked captures): leave those to it. */
  gboolean fixups = f->swapped && (f->linktype == LSC_LINK_LINUX_SLL || f->linktype == LSC_LINK_LINUX_SLL2);
  if (!known || fixups || major != 2 || minor != 4 || map_u32 (f, 20) != (guint32) f->linktype)
    {
      g_clear_pointer (&f->map, g_mapped_file_unref);
      return;
    }
  f->pos = 24;
  f->next_check = MAP_CHECK_EVERY;
  f->map_reads = TRUE;
  map_lo = f->base;
  map_hi = f->base + f->size;
  posix_madvise ((void *) f->base, f->size, POSIX_MADV_SEQUENTIAL);
}

/* name_value: the number to name (libpcap's DLT_ value where it differs). */
static void
linktype_error (const char *shown, int lt, int name_value, GError **error)
{
  g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_LINKTYPE,
               _("%s: link type %d (%s) is not supported; Layerscope decodes Ethernet, Linux cooked, loopback, raw IP, "
                 "PPP, Cisco HDLC, NFLOG, PKTAP and IP over InfiniBand captures"),
               shown, lt, lsc_capture_linktype_name (name_value));
}

gboolean
lsc_capture_check_linktype (int lt, const char *name, GError **error)
{
  if (lsc_capture_linktype_supported (lt))
    return TRUE;
  linktype_error (name, lt, lt, error);
  return FALSE;
}

/* A pcapng stream, fp at its start (owned): our own reader. */
static LscCaptureFile *
pcapng_from_stream (FILE *fp, const char *shown, GError **error)
{
  g_autofree char *why = NULL;
  LscPcapng *ng = lsc_pcapng_open (fp, &why);
  if (!ng)
    {
      g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_OPEN, "%s: %s", shown, why);
      return NULL;
    }
  int lt = lsc_pcapng_linktype (ng);
  if (!lsc_capture_linktype_supported (lt))
    {
      linktype_error (shown, lt, lt, error);
      lsc_pcapng_free (ng);
      return NULL;
    }
  LscCaptureFile *f = g_new0 (LscCaptureFile, 1);
  f->ng = ng;
  f->name = g_strdup (shown);
  f->linktype = lt;
  return f;
}

/* A pcapng file on disk.  NULL with *error set when it is one we cannot
 * read; NULL without an error when it is not pcapng (libpcap's turn).
 * Only a regular file is looked at: reading the start of a FIFO would take
 * it away from libpcap. */
static LscCaptureFile *
open_pcapng (const char *path, GError **error)
{
  struct stat st;
  if (stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return NULL;
  FILE *fp = fopen (path, "rb");
  guint8 head[4];
  if (!fp)
    return NULL;
  if (fread (head, 1, 4, fp) != 4 || !lsc_pcapng_is_magic (head) || fseek (fp, 0, SEEK_SET) != 0)
    {
      fclose (fp);
      return NULL;
    }
  return pcapng_from_stream (fp, path, error);
}

/* Standard input can be read only once, but its first bytes decide who
 * reads it (pcapng: us; pcap: libpcap): a stream that hands them out again
 * before the rest. */
typedef struct {
  guint8 head[4];
  gsize n, pos;
} Replay;

static ssize_t
replay_read (void *cookie, char *buf, size_t size)
{
  Replay *r = cookie;
  if (r->pos < r->n)
    {
      size_t k = MIN (size, r->n - r->pos);
      memcpy (buf, r->head + r->pos, k);
      r->pos += k;
      return (ssize_t) k;
    }
  ssize_t got;
  do
    got = read (STDIN_FILENO, buf, size);
  while (got < 0 && errno == EINTR);
  return got;
}

static int
replay_close (void *cookie)
{
  g_free (cookie);
  return 0;
}

static FILE *
stdin_replay (gboolean *pcapng)
{
  Replay *r = g_new0 (Replay, 1);
  while (r->n < sizeof r->head)
    {
      ssize_t got = read (STDIN_FILENO, r->head + r->n, sizeof r->head - r->n);
      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        break;
      r->n += (gsize) got;
    }
  *pcapng = r->n == 4 && lsc_pcapng_is_magic (r->head);
  cookie_io_functions_t io = { .read = replay_read, .close = replay_close };
  FILE *fp = fopencookie (r, "r", io);
  if (!fp)
    g_free (r);
  return fp;
}

LscCaptureFile *
lsc_capture_file_open (const char *path, GError **error)
{
  return lsc_capture_file_open_full (path, TRUE, error);
}

LscCaptureFile *
lsc_capture_file_open_full (const char *path, gboolean map, GError **error)
{
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  const char *shown = g_strcmp0 (path, "-") == 0 ? _("standard input") : path;

  if (g_strcmp0 (path, "-") == 0 && isatty (STDIN_FILENO))
    {
      /* libpcap would wait for a header that nobody is going to type. */
      g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_OPEN,
                   _("standard input is a terminal: pipe a capture into it (… | layerscope-cli -r -)"));
      return NULL;
    }
  if (g_strcmp0 (path, "-") != 0 && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_OPEN, _("%s: is a directory, not a capture file"), shown);
      return NULL;
    }
  if (g_strcmp0 (path, "-") != 0)
    {
      GError *ng_error = NULL;
      LscCaptureFile *f = open_pcapng (path, &ng_error);
      if (ng_error)
        g_propagate_error (error, ng_error);
      if (f || ng_error)
        return f;
    }
  pcap_t *p;
  if (g_strcmp0 (path, "-") == 0)
    {
      gboolean ng = FALSE;
      FILE *in = stdin_replay (&ng);
      if (in && ng)
        return pcapng_from_stream (in, shown, error);
      p = in ? pcap_fopen_offline_with_tstamp_precision (in, PCAP_TSTAMP_PRECISION_NANO, errbuf) : NULL;
      if (!p && in)
        fclose (in);  /* libpcap leaves a stream it was given open on failure */
    }
  else
    p = pcap_open_offline_with_tstamp_precision (path, PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (!p)
    {
      /* libpcap's texts are terse; name the file and keep its reason. */
      const char *why = errbuf[0] ? errbuf : g_strerror (errno);
      /* libpcap names the file itself ("PATH: Permission denied"); so do we. */
      gsize plen = strlen (path);
      if (strncmp (why, path, plen) == 0 && why[plen] == ':' && why[plen + 1] == ' ')
        why += plen + 2;
      if (strstr (why, "No such file"))
        why = _("no such file");
      else if (strstr (why, "unknown file format") || strstr (why, "bad dump file format"))
        why = compressed_kind (path) ? compressed_kind (path) : _("not a pcap or pcapng capture file");
      else if (strstr (why, "truncated dump file") || strstr (why, "truncated"))
        why = _("the file ends before its header does (empty or cut short)");
      g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_OPEN, "%s: %s", shown, why);
      return NULL;
    }
  int lt = pcap_datalink (p);
  /* Store the file's LINKTYPE value, not libpcap's DLT_ one. */
  if (lt == DLT_RAW)
    lt = LSC_LINK_RAW;
  if (!lsc_capture_linktype_supported (lt))
    {
      linktype_error (shown, lt, pcap_datalink (p), error);
      pcap_close (p);
      return NULL;
    }
  LscCaptureFile *f = g_new0 (LscCaptureFile, 1);
  f->p = p;
  f->name = g_strdup (shown);
  f->linktype = lt;
  if (map && g_strcmp0 (path, "-") != 0)
    map_open (f);
  return f;
}

void
lsc_interface_stats_init (LscInterfaceStats *st)
{
  *st = (LscInterfaceStats) { .linktype = -1, .ts_ns = 0, .start_ns = -1, .end_ns = -1, .ifrecv = -1,
                              .ifdrop = -1, .filteraccept = -1, .osdrop = -1, .usrdeliv = -1 };
}

guint
lsc_capture_file_n_interface_stats (LscCaptureFile *f)
{
  return f->ng ? lsc_pcapng_n_stats (f->ng) : 0;
}

const LscInterfaceStats *
lsc_capture_file_interface_stats (LscCaptureFile *f, guint i)
{
  return f->ng && i < lsc_pcapng_n_stats (f->ng) ? lsc_pcapng_stats (f->ng, i) : NULL;
}

gboolean
lsc_capture_file_is_regular (LscCaptureFile *f)
{
  FILE *fp = f->ng ? lsc_pcapng_file (f->ng) : pcap_file (f->p);
  struct stat st;
  return fp && fstat (fileno (fp), &st) == 0 && S_ISREG (st.st_mode);
}

gboolean
lsc_capture_file_is_mapped (LscCaptureFile *f)
{
  return f->map_reads;
}

void
lsc_capture_file_close (LscCaptureFile *f)
{
  if (!f)
    return;
  if (f->p)
    pcap_close (f->p);
  lsc_pcapng_free (f->ng);
  if (f->map)
    {
      if (map_lo == f->base)
        map_lo = map_hi = NULL;
      g_mapped_file_unref (f->map);
    }
  g_free (f->name);
  g_free (f);
}

int
lsc_capture_file_linktype (LscCaptureFile *f)
{
  return f->linktype;
}

guint32
lsc_capture_file_snaplen (LscCaptureFile *f)
{
  return f->ng ? lsc_pcapng_snaplen (f->ng) : (guint32) pcap_snapshot (f->p);
}

/* Fill pkt from one record (seconds, fraction in ns, lengths, bytes). */
static void
fill_packet (LscCaptureFile *f, LscPacket *pkt, gint64 sec, gint64 nsec, guint32 caplen, guint32 len,
             const guint8 *data)
{
  /* pcapng stores 64-bit times, so a damaged or far-future stamp could
   * overflow: clamp to year 2262. */
  gint64 secs = CLAMP (sec, 0, G_MAXINT64 / 1000000000 - 1);
  gint64 ts = secs * 1000000000 + CLAMP (nsec, 0, 999999999);
  f->count++;
  if (f->count == 1)
    f->first_ns = f->prev_ns = ts;
  pkt->num = f->count;
  pkt->ts_ns = ts;
  pkt->ts_first_ns = f->first_ns;
  pkt->ts_prev_ns = f->prev_ns;
  pkt->caplen = caplen;
  pkt->wirelen = len;
  pkt->linktype = f->linktype;
  pkt->data = data;
  pkt->comments = NULL;
  pkt->n_comments = 0;
  f->prev_ns = ts;
}

static int
read_error (LscCaptureFile *f, LscCaptureError code, const char *why, GError **error)
{
  g_set_error (error, LSC_CAPTURE_ERROR, code, _("%s: after packet %" PRIu64 ": %s"),
               f->name, f->count, why && *why ? why : _("unreadable record"));
  return -1;
}

/* Hand reading over to libpcap, which has read only the file header: skip
 * the records the map returned.  FALSE (error set) if that fails. */
static gboolean
map_give_up (LscCaptureFile *f, GError **error)
{
  f->map_reads = FALSE;
  for (guint64 i = 0; i < f->count; i++)
    {
      struct pcap_pkthdr *h;
      const u_char *data;
      if (pcap_next_ex (f->p, &h, &data) != 1)
        {
          read_error (f, LSC_CAPTURE_ERROR_CORRUPT, _("the file changed while it was read"), error);
          return FALSE;
        }
    }
  return TRUE;
}

typedef enum {
  MAP_ERROR = -1,
  MAP_END = 0,
  MAP_PACKET = 1,
  MAP_GIVE_UP,   /* a record for libpcap to read */
} MapResult;

static MapResult
map_next (LscCaptureFile *f, LscPacket *pkt, GError **error)
{
  /* A file cut shorter by another program while it is read: hand over to
   * libpcap, which reads it with stdio and reports where it ends. */
  if (f->pos >= f->next_check)
    {
      struct stat st;
      f->next_check = f->pos + MAP_CHECK_EVERY;
      if (fstat (fileno (pcap_file (f->p)), &st) != 0 || (guint64) st.st_size < f->size)
        return MAP_GIVE_UP;
    }
  if (f->pos == f->size)
    return MAP_END;
  /* Each record header says where the next one is: a chain of loads that
   * would each wait for memory.  Ask for the lines ahead of time. */
  gsize ahead = MIN (f->pos + MAP_PREFETCH, f->size);
  for (f->prefetched = MAX (f->prefetched, f->pos); f->prefetched < ahead; f->prefetched += 64)
    __builtin_prefetch (f->base + f->prefetched);
  if (f->size - f->pos < 16)
    return (MapResult) read_error (f, LSC_CAPTURE_ERROR_TRUNCATED, _(CUT_SHORT), error);
  guint32 sec = map_u32 (f, f->pos), frac = map_u32 (f, f->pos + 4);
  guint32 caplen = map_u32 (f, f->pos + 8), len = map_u32 (f, f->pos + 12);
  if (caplen > f->snaplen || caplen > PCAP_MAX_CAPLEN)
    return MAP_GIVE_UP;  /* libpcap has its own rules for such a record */
  if (f->size - f->pos - 16 < caplen)
    return (MapResult) read_error (f, LSC_CAPTURE_ERROR_TRUNCATED, _(CUT_SHORT), error);
  /* libpcap 1.10 reads the time fields as signed in a file of this host's
   * byte order and as unsigned in a swapped one: so does this. */
  gint64 s64 = f->swapped ? (gint64) sec : (gint64) (gint32) sec;
  gint64 f64 = f->swapped ? (gint64) frac : (gint64) (gint32) frac;
  fill_packet (f, pkt, s64, f->nano ? f64 : f64 * 1000, caplen, len, f->base + f->pos + 16);
  f->pos += 16 + (gsize) caplen;
  /* Give the pages read long ago back (the page cache keeps them), so the
   * map does not make the process grow with the file.  A packet still in
   * use there is only read in again. */
  if (f->pos - f->dropped >= MAP_DROP_STEP + MAP_DROP_LAG)
    {
      gsize upto = (f->pos - MAP_DROP_LAG) & ~(gsize) (MAP_DROP_STEP - 1);
      madvise ((void *) (f->base + f->dropped), upto - f->dropped, MADV_DONTNEED);
      f->dropped = upto;
    }
  return MAP_PACKET;
}

static int
ng_next (LscCaptureFile *f, LscPacket *pkt, GError **error)
{
  LscPcapngRecord rec;
  g_autofree char *why = NULL;
  gboolean truncated = FALSE;
  int r = lsc_pcapng_next (f->ng, &rec, &why, &truncated);
  if (r < 0)
    return read_error (f, truncated ? LSC_CAPTURE_ERROR_TRUNCATED : LSC_CAPTURE_ERROR_CORRUPT, why, error);
  if (r == 0)
    return 0;
  fill_packet (f, pkt, rec.sec, rec.nsec, rec.caplen, rec.len, rec.data);
  pkt->linktype = rec.linktype;
  pkt->comments = rec.comments;
  pkt->n_comments = rec.n_comments;
  return 1;
}

int
lsc_capture_file_next (LscCaptureFile *f, LscPacket *pkt, GError **error)
{
  if (f->ng)
    return ng_next (f, pkt, error);
  if (f->map_reads)
    {
      MapResult m = map_next (f, pkt, error);
      if (m != MAP_GIVE_UP)
        return (int) m;
      if (!map_give_up (f, error))
        return -1;
    }
  struct pcap_pkthdr *h;
  const u_char *data;
  int r = pcap_next_ex (f->p, &h, &data);
  if (r == 1)
    {
      /* Nanosecond precision was requested. */
      fill_packet (f, pkt, (gint64) h->ts.tv_sec, (gint64) h->ts.tv_usec, h->caplen, h->len, data);
      return 1;
    }
  if (r == PCAP_ERROR_BREAK)
    return 0;
  const char *why = pcap_geterr (f->p);
  g_autofree char *reworded = NULL;
  LscCaptureError code = LSC_CAPTURE_ERROR_CORRUPT;
  unsigned long claimed = 0, limit = 0;
  if (why && strstr (why, "truncated"))
    {
      code = LSC_CAPTURE_ERROR_TRUNCATED;
      why = _(CUT_SHORT);
    }
  else if (why && sscanf (why, "invalid packet capture length %lu, bigger than snaplen of %lu", &claimed, &limit) == 2)
    why = reworded = g_strdup_printf (_("a packet record claims %lu captured bytes, more than the file's limit of %lu: the file is corrupt"),
                                      claimed, limit);
  else if (why && sscanf (why, "an interface has a type %lu different from the type of the first interface", &claimed) == 1)
    {
      code = LSC_CAPTURE_ERROR_LINKTYPE;
      why = reworded = g_strdup_printf (_("a second interface with link type %lu (%s) follows one with link type %d; "
                                          "Layerscope reads one link type per file"),
                                        claimed, lsc_capture_linktype_name ((int) claimed), f->linktype);
    }
  else if (why && *why)
    why = reworded = g_strdup_printf (_("the file is corrupt (%s)"), why);
  return read_error (f, code, why, error);
}

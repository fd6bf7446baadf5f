/* lsc-capture-file.c — pcap/pcapng reading via libpcap */
#include "lsc-capture-file.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

G_DEFINE_QUARK (lsc-capture-error-quark, lsc_capture_error)

struct _LscCaptureFile {
  pcap_t *p;
  char *name;
  int linktype;
  guint64 count;
  gint64 first_ns;
  gint64 prev_ns;
};

gboolean
lsc_capture_linktype_supported (int lt)
{
  switch (lt)
    {
    case LSC_LINK_NULL: case LSC_LINK_ETHERNET: case LSC_LINK_RAW: case LSC_LINK_LOOP:
    case LSC_LINK_LINUX_SLL: case LSC_LINK_IPV4: case LSC_LINK_IPV6: case LSC_LINK_LINUX_SLL2:
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

LscCaptureFile *
lsc_capture_file_open (const char *path, GError **error)
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
  pcap_t *p = pcap_open_offline_with_tstamp_precision (path, PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (!p)
    {
      /* libpcap's texts are terse; name the file and keep its reason. */
      const char *why = errbuf[0] ? errbuf : g_strerror (errno);
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
      g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_LINKTYPE,
                   _("%s: link type %d (%s) is not supported; Layerscope decodes Ethernet, Linux cooked, loopback and raw IP captures"),
                   shown, lt, lsc_capture_linktype_name (pcap_datalink (p)));
      pcap_close (p);
      return NULL;
    }
  LscCaptureFile *f = g_new0 (LscCaptureFile, 1);
  f->p = p;
  f->name = g_strdup (shown);
  f->linktype = lt;
  return f;
}

void
lsc_capture_file_close (LscCaptureFile *f)
{
  if (!f)
    return;
  pcap_close (f->p);
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
  return (guint32) pcap_snapshot (f->p);
}

int
lsc_capture_file_next (LscCaptureFile *f, LscPacket *pkt, GError **error)
{
  struct pcap_pkthdr *h;
  const u_char *data;
  int r = pcap_next_ex (f->p, &h, &data);
  if (r == 1)
    {
      /* Nanosecond precision was requested.  pcapng stores 64-bit times, so
       * a damaged or far-future stamp could overflow: clamp to year 2262. */
      gint64 secs = CLAMP ((gint64) h->ts.tv_sec, 0, G_MAXINT64 / 1000000000 - 1);
      gint64 ts = secs * 1000000000 + CLAMP ((gint64) h->ts.tv_usec, 0, 999999999);
      f->count++;
      if (f->count == 1)
        f->first_ns = f->prev_ns = ts;
      pkt->num = f->count;
      pkt->ts_ns = ts;
      pkt->ts_first_ns = f->first_ns;
      pkt->ts_prev_ns = f->prev_ns;
      pkt->caplen = h->caplen;
      pkt->wirelen = h->len;
      pkt->linktype = f->linktype;
      pkt->data = data;
      f->prev_ns = ts;
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
      why = _("the file ends in the middle of a packet (cut short)");
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
  g_set_error (error, LSC_CAPTURE_ERROR, code, _("%s: after packet %" PRIu64 ": %s"),
               f->name, f->count, why && *why ? why : _("unreadable record"));
  return -1;
}

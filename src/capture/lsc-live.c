/* lsc-live.c — in-process live capture (lsc-pcap-open.c does the opening) */
#include "lsc-live.h"
#include "lsc-capture-file.h"
#include "lsc-helper-proto.h"
#include "lsc-pcap-open.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <net/if.h>
#include <poll.h>
#include <string.h>

G_STATIC_ASSERT (LSC_LIVE_LATENCY_MS == LSC_PCAP_DEFAULT_LATENCY_MS);

struct _LscLiveCapture {
  pcap_t *p;
  char *iface;
  int linktype;
  int fd;
};

void
lsc_live_options_init (LscLiveOptions *o)
{
  memset (o, 0, sizeof *o);
  o->promisc = TRUE;
  o->save = TRUE;
  o->mode = LSC_CAPTURE_MODE_AUTO;
}

gboolean
lsc_capture_check_filter (int linktype, const char *filter, GError **error)
{
  char msg[512];
  if (lsc_pcap_check_filter (linktype, 0, filter, msg, sizeof msg) == 0)
    return TRUE;
  g_set_error_literal (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_FILTER, msg);
  return FALSE;
}

LscLiveCapture *
lsc_live_capture_open (const LscLiveOptions *o, GError **error)
{
  LscPcapParams params = {
    .iface = o->iface, .filter = o->filter, .snaplen = o->snaplen,
    .promisc = o->promisc, .buffer_bytes = o->buffer_bytes,
  };
  LscPcapOpenStatus status;
  char msg[1024], errbuf[PCAP_ERRBUF_SIZE];
  pcap_t *p = lsc_pcap_open_live (&params, &status, msg, sizeof msg);
  if (!p)
    {
      static const LscCaptureError codes[] = {
        [LSC_PCAP_OPEN_NOPRIV] = LSC_CAPTURE_ERROR_PRIVILEGE,
        [LSC_PCAP_OPEN_NODEV] = LSC_CAPTURE_ERROR_DEVICE,
        [LSC_PCAP_OPEN_FILTER] = LSC_CAPTURE_ERROR_FILTER,
        [LSC_PCAP_OPEN_OTHER] = LSC_CAPTURE_ERROR_OPEN,
      };
      g_set_error_literal (error, LSC_CAPTURE_ERROR, codes[status], msg);
      return NULL;
    }
  if (pcap_setnonblock (p, 1, errbuf) < 0)
    {
      g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_OPEN, "%s: %s", o->iface, errbuf);
      pcap_close (p);
      return NULL;
    }
  LscLiveCapture *c = g_new0 (LscLiveCapture, 1);
  c->p = p;
  c->iface = g_strdup (o->iface);
  c->linktype = lsc_pcap_file_linktype (p);
  c->fd = pcap_get_selectable_fd (p);
  if (!lsc_capture_linktype_supported (c->linktype))
    {
      g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_LINKTYPE,
                   _("%s: link type %d (%s) is not supported; Layerscope decodes Ethernet, Linux cooked, loopback and raw IP"),
                   o->iface, c->linktype, lsc_capture_linktype_name (c->linktype));
      lsc_live_capture_close (c);
      return NULL;
    }
  return c;
}

void
lsc_live_capture_close (LscLiveCapture *c)
{
  if (!c)
    return;
  pcap_close (c->p);
  g_free (c->iface);
  g_free (c);
}

int
lsc_live_capture_next (LscLiveCapture *c, LscPacket *pkt, int timeout_ms, GError **error)
{
  for (int attempt = 0; attempt < 2; attempt++)
    {
      struct pcap_pkthdr *h;
      const u_char *data;
      int r = pcap_next_ex (c->p, &h, &data);
      if (r == 1)
        {
          memset (pkt, 0, sizeof *pkt);
          pkt->ts_ns = (gint64) h->ts.tv_sec * 1000000000
                       + (pcap_get_tstamp_precision (c->p) == PCAP_TSTAMP_PRECISION_NANO ? h->ts.tv_usec : h->ts.tv_usec * 1000);
          pkt->caplen = h->caplen;
          pkt->wirelen = h->len;
          pkt->linktype = c->linktype;
          pkt->data = data;
          return 1;
        }
      if (r < 0)
        {
          /* On Linux a deleted interface shows up here ("The interface
           * disappeared" / "went down"); nothing else does in practice. */
          g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_DEVICE,
                       _("%s: the capture stopped: %s"), c->iface, pcap_geterr (c->p));
          return -1;
        }
      if (attempt == 1 || timeout_ms == 0)
        break;
      struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
      int ready = poll (&pfd, 1, timeout_ms);
      /* The packet socket usually reports a deleted interface, but not
       * always: look for it by name when nothing happens. */
      if (ready == 0 && strcmp (c->iface, "any") != 0 && if_nametoindex (c->iface) == 0)
        {
          g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_DEVICE,
                       _("%s: the capture stopped: %s"), c->iface, "The interface disappeared");
          return -1;
        }
      if (ready <= 0)
        break;
    }
  return 0;
}

gboolean
lsc_live_capture_stats (LscLiveCapture *c, LscCaptureStats *st, GError **error)
{
  struct pcap_stat ps;
  if (pcap_stats (c->p, &ps) != 0)
    {
      g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_DEVICE, "%s: %s", c->iface, pcap_geterr (c->p));
      return FALSE;
    }
  st->received = ps.ps_recv;
  st->dropped = ps.ps_drop;
  st->ifdropped = ps.ps_ifdrop;
  return TRUE;
}

gboolean
lsc_live_capture_inject (LscLiveCapture *c, const guint8 *frame, gsize len, GError **error)
{
  if (len < LSC_HELPER_MIN_FRAME || len > LSC_HELPER_MAX_FRAME)
    {
      g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_WRITE,
                   _("a frame must be %d to %d bytes long, not %zu"),
                   LSC_HELPER_MIN_FRAME, LSC_HELPER_MAX_FRAME, len);
      return FALSE;
    }
  if (pcap_inject (c->p, frame, len) != (int) len)
    {
      g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_WRITE, _("%s: the frame was not sent: %s"),
                   c->iface, pcap_geterr (c->p));
      return FALSE;
    }
  return TRUE;
}

int
lsc_live_capture_get_fd (LscLiveCapture *c)
{
  return c->fd;
}

int
lsc_live_capture_linktype (LscLiveCapture *c)
{
  return c->linktype;
}

guint32
lsc_live_capture_snaplen (LscLiveCapture *c)
{
  return (guint32) pcap_snapshot (c->p);
}

const char *
lsc_live_capture_iface (LscLiveCapture *c)
{
  return c->iface;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
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
#include <sys/eventfd.h>
#include <unistd.h>

G_STATIC_ASSERT (LSC_LIVE_LATENCY_MS == LSC_PCAP_DEFAULT_LATENCY_MS);

/* A thread takes the frames from the kernel's ring as they come and queues
 * copies of them here, so a reader that stalls (a busy GUI) costs memory,
 * not frames.  The ring alone holds only as many frames as it has blocks
 * when they trickle in (the kernel hands a block over every 10 ms however
 * little it holds): 64 blocks, so a stall of about a second lost frames at
 * 100 a second.  Queued frames cost their size; beyond QUEUE_MAX the
 * thread stops reading and the kernel counts the drops. */
#define QUEUE_MAX (64 * 1024 * 1024)
#define REC_HDR 16   /* gint64 ts_ns, guint32 caplen, guint32 wirelen */

struct _LscLiveCapture {
  pcap_t *p;
  char *iface;
  int linktype;
  gboolean nsec;
  GMutex pcap_lock;    /* pcap_dispatch in the thread; stats and inject from the caller */

  GThread *thread;
  int quit_fd;         /* eventfd: the thread ends */
  int ready_fd;        /* eventfd: readable while frames are queued or an error waits */
  gboolean quit;

  GMutex lock;         /* everything below */
  GByteArray *queue;   /* records: REC_HDR + data */
  gsize head;          /* next record to hand out */
  char *error;         /* the capture stopped: this sentence, after the queued frames */

  guint8 *cur;         /* the frame handed out last (the queue may move) */
  gsize cur_alloc;
};

static void
on_frame (u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
  LscLiveCapture *c = (LscLiveCapture *) user;
  gint64 ts_ns = (gint64) h->ts.tv_sec * 1000000000 + (c->nsec ? h->ts.tv_usec : (gint64) h->ts.tv_usec * 1000);
  guint32 rec[2] = { h->caplen, h->len };
  g_byte_array_append (c->queue, (const guint8 *) &ts_ns, 8);
  g_byte_array_append (c->queue, (const guint8 *) rec, 8);
  g_byte_array_append (c->queue, bytes, h->caplen);
}

static void
signal_ready (LscLiveCapture *c)
{
  guint64 one = 1;
  if (write (c->ready_fd, &one, sizeof one) < 0)
    {
      /* The counter cannot overflow at one write per batch. */
    }
}

static gpointer
reader_thread (gpointer data)
{
  LscLiveCapture *c = data;
  int pfd = pcap_get_selectable_fd (c->p);
  while (!g_atomic_int_get (&c->quit))
    {
      g_mutex_lock (&c->lock);
      gboolean room = c->queue->len - c->head < QUEUE_MAX;
      g_mutex_unlock (&c->lock);
      struct pollfd fds[2] = { { .fd = room ? pfd : -1, .events = POLLIN }, { .fd = c->quit_fd, .events = POLLIN } };
      int ready = poll (fds, 2, room ? 200 : 50);
      if (ready < 0 && errno != EINTR)
        break;
      if (fds[1].revents)
        break;
      char msg[PCAP_ERRBUF_SIZE + 64] = "";
      if (ready == 0 && room && strcmp (c->iface, "any") != 0 && if_nametoindex (c->iface) == 0)
        /* The packet socket usually reports a deleted interface, but not
         * always: look for it by name when nothing happens. */
        g_strlcpy (msg, "The interface disappeared", sizeof msg);
      else if (ready > 0 && fds[0].revents)
        {
          /* Frames go straight into the queue: the lock is held for the
           * whole batch, the caller only ever waits that long. */
          g_mutex_lock (&c->pcap_lock);
          g_mutex_lock (&c->lock);
          gboolean was_empty = c->head == c->queue->len;
          /* Give back what was handed out: at once when all was, else
           * once it is most of the array (a reader that never quite
           * catches up must not make it grow for ever). */
          if (c->head > 0 && (was_empty || c->head > c->queue->len / 2))
            {
              g_byte_array_remove_range (c->queue, 0, (guint) c->head);
              c->head = 0;
            }
          int n = pcap_dispatch (c->p, -1, on_frame, (u_char *) c);
          if (n < 0)
            g_strlcpy (msg, pcap_geterr (c->p), sizeof msg);
          if (n > 0 && was_empty)
            signal_ready (c);
          g_mutex_unlock (&c->lock);
          g_mutex_unlock (&c->pcap_lock);
        }
      if (msg[0])
        {
          g_mutex_lock (&c->lock);
          c->error = g_strdup_printf (_("%s: the capture stopped: %s"), c->iface, msg);
          signal_ready (c);
          g_mutex_unlock (&c->lock);
          break;
        }
    }
  return NULL;
}

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
  c->nsec = pcap_get_tstamp_precision (p) == PCAP_TSTAMP_PRECISION_NANO;
  c->quit_fd = c->ready_fd = -1;
  g_mutex_init (&c->pcap_lock);
  g_mutex_init (&c->lock);
  c->queue = g_byte_array_new ();
  if (!lsc_capture_check_linktype (c->linktype, o->iface, error))
    {
      lsc_live_capture_close (c);
      return NULL;
    }
  c->quit_fd = eventfd (0, EFD_CLOEXEC | EFD_NONBLOCK);
  c->ready_fd = eventfd (0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (c->quit_fd < 0 || c->ready_fd < 0)
    {
      g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_OPEN, "%s: eventfd: %s", o->iface, g_strerror (errno));
      lsc_live_capture_close (c);
      return NULL;
    }
  c->thread = g_thread_new ("lsc-capture", reader_thread, c);
  return c;
}

void
lsc_live_capture_close (LscLiveCapture *c)
{
  if (!c)
    return;
  if (c->thread)
    {
      guint64 one = 1;
      g_atomic_int_set (&c->quit, TRUE);
      if (write (c->quit_fd, &one, sizeof one) < 0)
        {
          /* The thread also sees c->quit within 200 ms. */
        }
      g_thread_join (c->thread);
    }
  if (c->quit_fd >= 0)
    close (c->quit_fd);
  if (c->ready_fd >= 0)
    close (c->ready_fd);
  pcap_close (c->p);
  g_mutex_clear (&c->pcap_lock);
  g_mutex_clear (&c->lock);
  g_byte_array_unref (c->queue);
  g_free (c->error);
  g_free (c->cur);
  g_free (c->iface);
  g_free (c);
}

/* 1 a frame, 0 none queued, -1 the capture stopped.  Called locked. */
static int
take_queued (LscLiveCapture *c, LscPacket *pkt, GError **error)
{
  if (c->head < c->queue->len)
    {
      const guint8 *r = c->queue->data + c->head;
      gint64 ts_ns;
      guint32 caplen, wirelen;
      memcpy (&ts_ns, r, 8);
      memcpy (&caplen, r + 8, 4);
      memcpy (&wirelen, r + 12, 4);
      if (c->cur_alloc < caplen || !c->cur)
        {
          c->cur_alloc = MAX (caplen, 2048);
          c->cur = g_realloc (c->cur, c->cur_alloc);
        }
      memcpy (c->cur, r + REC_HDR, caplen);
      c->head += REC_HDR + caplen;
      memset (pkt, 0, sizeof *pkt);
      pkt->ts_ns = ts_ns;
      pkt->caplen = caplen;
      pkt->wirelen = wirelen;
      pkt->linktype = c->linktype;
      pkt->data = c->cur;
      return 1;
    }
  if (c->error)
    {
      g_set_error_literal (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_DEVICE, c->error);
      return -1;
    }
  /* Empty: not readable until the thread queues more (see reader_thread,
   * which signals under the same lock). */
  guint64 count;
  if (read (c->ready_fd, &count, sizeof count) < 0)
    {
      /* EAGAIN: it was not set. */
    }
  return 0;
}

int
lsc_live_capture_next (LscLiveCapture *c, LscPacket *pkt, int timeout_ms, GError **error)
{
  for (int attempt = 0; attempt < 2; attempt++)
    {
      g_mutex_lock (&c->lock);
      int r = take_queued (c, pkt, error);
      g_mutex_unlock (&c->lock);
      if (r != 0 || attempt == 1 || timeout_ms == 0)
        return r;
      struct pollfd pfd = { .fd = c->ready_fd, .events = POLLIN };
      if (poll (&pfd, 1, timeout_ms) <= 0)
        return 0;
    }
  return 0;
}

gboolean
lsc_live_capture_stats (LscLiveCapture *c, LscCaptureStats *st, GError **error)
{
  struct pcap_stat ps;
  g_mutex_lock (&c->pcap_lock);
  int r = pcap_stats (c->p, &ps);
  if (r != 0)
    g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_DEVICE, "%s: %s", c->iface, pcap_geterr (c->p));
  g_mutex_unlock (&c->pcap_lock);
  if (r != 0)
    return FALSE;
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
  g_mutex_lock (&c->pcap_lock);
  gboolean sent = pcap_inject (c->p, frame, len) == (int) len;
  if (!sent)
    g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_WRITE, _("%s: the frame was not sent: %s"),
                 c->iface, pcap_geterr (c->p));
  g_mutex_unlock (&c->pcap_lock);
  return sent;
}

int
lsc_live_capture_get_fd (LscLiveCapture *c)
{
  return c->ready_fd;
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

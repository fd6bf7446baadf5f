/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-source.c — file, live and helper sources behind one interface */
#include "lsc-source.h"
#include "lsc-capture-file.h"
#include "lsc-capture-writer.h"
#include "lsc-helper-client.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

struct _LscSource {
  LscSourceKind kind;
  char *name;
  LscCaptureFile *file;
  LscLiveCapture *live;
  LscHelperClient *helper;
  LscCaptureWriter *writer;
  char *save_path;   /* final name, NULL for a temporary capture */
  int linktype;
  guint64 count;
  gint64 first_ns, prev_ns;
  gboolean stopped, ended, finished;
  gboolean discard;  /* stopped here: what comes after is neither returned nor saved */
  gint64 drain_until;  /* stopped live capture: read what the kernel holds until then */
  gint64 stop_ns;      /* wall-clock time of the stop: later frames are not part of the capture */
  LscCaptureStats final_stats;
  gboolean have_final_stats;
};

LscSource *
lsc_source_open_file (const char *path, GError **error)
{
  LscCaptureFile *f = lsc_capture_file_open (path, error);
  if (!f)
    return NULL;
  LscSource *s = g_new0 (LscSource, 1);
  s->kind = LSC_SOURCE_KIND_FILE;
  s->file = f;
  s->name = g_strdup (g_strcmp0 (path, "-") == 0 ? _("standard input") : path);
  s->linktype = lsc_capture_file_linktype (f);
  return s;
}

static LscCaptureMode
effective_mode (LscCaptureMode mode)
{
  if (mode != LSC_CAPTURE_MODE_AUTO)
    return mode;
  const char *env = g_getenv ("LSC_CAPTURE_MODE");
  if (g_strcmp0 (env, "direct") == 0)
    return LSC_CAPTURE_MODE_DIRECT;
  if (g_strcmp0 (env, "helper") == 0)
    return LSC_CAPTURE_MODE_HELPER;
  return LSC_CAPTURE_MODE_AUTO;
}

LscSource *
lsc_source_open_live (const LscLiveOptions *o, GError **error)
{
  LscCaptureMode mode = effective_mode (o->mode);
  g_autoptr (GError) direct_err = NULL;
  LscSource *s = g_new0 (LscSource, 1);
  s->name = g_strdup (o->iface);

  /* A bad filter is reported the same way whichever side would capture,
   * and before a helper is started for nothing. */
  if (o->filter && *o->filter && !lsc_capture_check_filter (LSC_LINK_ETHERNET, o->filter, error))
    goto fail;

  if (mode != LSC_CAPTURE_MODE_HELPER)
    {
      s->live = lsc_live_capture_open (o, &direct_err);
      if (s->live)
        {
          s->kind = LSC_SOURCE_KIND_LIVE;
          s->linktype = lsc_live_capture_linktype (s->live);
        }
      else if (mode == LSC_CAPTURE_MODE_DIRECT
               || !g_error_matches (direct_err, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_PRIVILEGE))
        {
          g_propagate_error (error, g_steal_pointer (&direct_err));
          goto fail;
        }
    }
  if (!s->live)
    {
      s->helper = lsc_helper_client_spawn (o, FALSE, error);
      if (!s->helper)
        goto fail;
      s->kind = LSC_SOURCE_KIND_HELPER;
      s->linktype = lsc_helper_client_linktype (s->helper);
      if (!lsc_capture_check_linktype (s->linktype, o->iface, error))
        goto fail;
    }
  if (o->save)
    {
      guint32 snaplen = s->live ? lsc_live_capture_snaplen (s->live) : lsc_helper_client_snaplen (s->helper);
      s->writer = lsc_capture_writer_new (o->save_path, o->save_tmpdir, lsc_capture_format_for_path (o->save_path),
                                          s->linktype, snaplen, o->iface, error);
      if (!s->writer)
        goto fail;
      s->save_path = g_strdup (o->save_path);
    }
  return s;

fail:
  s->finished = TRUE;
  lsc_source_close (s);
  return NULL;
}

static void
take_final_stats (LscSource *s)
{
  if (s->have_final_stats)
    return;
  if (s->live)
    s->have_final_stats = lsc_live_capture_stats (s->live, &s->final_stats, NULL);
  else if (s->helper)
    s->have_final_stats = lsc_helper_client_last_stats (s->helper, &s->final_stats);
}

/* Appends where the packets went to an error that stopped the capture. */
static void
stop_on_error (LscSource *s, GError **error)
{
  take_final_stats (s);
  s->stopped = s->ended = TRUE;
  /* A write error already says what was kept. */
  if (s->writer && error && *error && (*error)->code != LSC_CAPTURE_ERROR_WRITE)
    {
      const char *where = s->save_path ? s->save_path : lsc_capture_writer_get_path (s->writer);
      char *msg = g_strdup_printf (_("%s; the %" PRIu64 " packets captured so far are kept in %s"),
                                   (*error)->message, lsc_capture_writer_get_packets (s->writer), where ? where : "-");
      g_free ((*error)->message);
      (*error)->message = msg;
    }
}

LscSourceResult
lsc_source_next (LscSource *s, LscPacket *pkt, int timeout_ms, GError **error)
{
  if (s->kind == LSC_SOURCE_KIND_FILE)
    return (LscSourceResult) lsc_capture_file_next (s->file, pkt, error);
  if (s->ended)
    return LSC_SOURCE_END;
  if (s->writer && !lsc_capture_writer_flush_if_due (s->writer, error))
    {
      lsc_source_stop (s);
      stop_on_error (s, error);
      return LSC_SOURCE_ERROR;
    }
  int r;
  if (s->live && s->stopped)
    {
      /* What the kernel holds was captured before the stop and belongs in
       * the file; the last ring block is handed over only when its
       * timeout retires it, so an empty read waits that long once. */
      r = 0;
      if (!s->discard && g_get_monotonic_time () < s->drain_until)
        r = lsc_live_capture_next (s->live, pkt, 2 * LSC_LIVE_LATENCY_MS, error);
      /* Kernel time stamps are wall-clock time too. */
      if (r == 1 && pkt->ts_ns > s->stop_ns)
        r = 0;
      if (r == 0)
        {
          take_final_stats (s);
          s->ended = TRUE;
          return LSC_SOURCE_END;
        }
    }
  else
    {
      /* Wake up in time to write out what waits in the file's buffer. */
      if (s->writer)
        {
          gint64 due = lsc_capture_writer_flush_due (s->writer);
          if (due != G_MAXINT64)
            {
              int until_due = (int) CLAMP ((due - g_get_monotonic_time ()) / 1000 + 1, 0, G_MAXINT);
              if (timeout_ms < 0 || until_due < timeout_ms)
                timeout_ms = until_due;
            }
        }
      r = s->live ? lsc_live_capture_next (s->live, pkt, timeout_ms, error)
                  : lsc_helper_client_next (s->helper, pkt, timeout_ms, error);
      /* A helper stopped here still sends what it had: read it to get to
       * its final counters, but it is not part of this capture. */
      while (r == 1 && s->discard)
        r = lsc_helper_client_next (s->helper, pkt, timeout_ms, error);
    }
  if (r == 0)
    {
      if (s->writer && !lsc_capture_writer_flush_if_due (s->writer, error))
        {
          lsc_source_stop (s);
          stop_on_error (s, error);
          return LSC_SOURCE_ERROR;
        }
      return LSC_SOURCE_TIMEOUT;
    }
  if (r == 2)
    {
      take_final_stats (s);
      s->ended = TRUE;
      return LSC_SOURCE_END;
    }
  if (r < 0)
    {
      stop_on_error (s, error);
      return LSC_SOURCE_ERROR;
    }
  s->count++;
  if (s->count == 1)
    s->first_ns = s->prev_ns = pkt->ts_ns;
  pkt->num = s->count;
  pkt->ts_first_ns = s->first_ns;
  pkt->ts_prev_ns = s->prev_ns;
  s->prev_ns = pkt->ts_ns;
  if (s->writer && !lsc_capture_writer_write (s->writer, pkt, error))
    {
      lsc_source_stop (s);
      stop_on_error (s, error);
      return LSC_SOURCE_ERROR;
    }
  return LSC_SOURCE_PACKET;
}

gboolean
lsc_source_stats (LscSource *s, LscCaptureStats *st, GError **error)
{
  if (s->have_final_stats)
    {
      *st = s->final_stats;
      return TRUE;
    }
  if (s->live)
    return lsc_live_capture_stats (s->live, st, error);
  if (s->helper)
    return lsc_helper_client_stats (s->helper, st, error);
  g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_DEVICE, _("%s: a capture file has no drop counters"), s->name);
  return FALSE;
}

gboolean
lsc_source_inject (LscSource *s, const guint8 *frame, gsize len, GError **error)
{
  if (s->live && !s->ended)
    return lsc_live_capture_inject (s->live, frame, len, error);
  if (s->helper && !s->ended)
    return lsc_helper_client_inject (s->helper, frame, len, error);
  g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_DEVICE, _("%s: frames can only be sent on a running live capture"), s->name);
  return FALSE;
}

void
lsc_source_stop (LscSource *s)
{
  if (s->stopped)
    return;
  s->stopped = TRUE;
  /* Bounded: under a flood the ring never runs empty. */
  s->drain_until = g_get_monotonic_time () + G_USEC_PER_SEC;
  s->stop_ns = g_get_real_time () * 1000;
  if (s->helper)
    lsc_helper_client_stop (s->helper);
}

void
lsc_source_stop_here (LscSource *s)
{
  s->discard = TRUE;
  lsc_source_stop (s);
}

gboolean
lsc_source_finish (LscSource *s, GError **error)
{
  if (s->finished)
    return TRUE;
  s->finished = TRUE;
  if (s->kind == LSC_SOURCE_KIND_FILE)
    return TRUE;
  lsc_source_stop (s);
  if (s->live)
    take_final_stats (s);
  /* The helper reports its final numbers as it exits; whatever it still
   * sends is written, not lost.  Bounded: a stuck helper is killed on free. */
  LscPacket pkt;
  for (int i = 0; s->helper && !s->ended && i < 1000000; i++)
    {
      g_autoptr (GError) ignored = NULL;
      LscSourceResult r = lsc_source_next (s, &pkt, 2000, &ignored);
      if (r == LSC_SOURCE_TIMEOUT || r == LSC_SOURCE_ERROR)
        break;
    }
  take_final_stats (s);
  s->ended = TRUE;
  if (s->writer && s->have_final_stats)
    {
      /* The kernel's counters go into the file (pcapng), where Wireshark's
       * capture file properties show the drops. */
      LscInterfaceStats st;
      lsc_interface_stats_init (&st);
      st.linktype = s->linktype;
      st.ts_ns = g_get_real_time () * 1000;
      st.filteraccept = (gint64) s->final_stats.received;
      st.osdrop = (gint64) s->final_stats.dropped;
      st.ifdrop = (gint64) s->final_stats.ifdropped;
      lsc_capture_writer_add_stats (s->writer, &st);
    }
  return s->writer ? lsc_capture_writer_commit (s->writer, error) : TRUE;
}

const char *
lsc_source_get_save_path (LscSource *s)
{
  return s->writer ? lsc_capture_writer_get_path (s->writer) : NULL;
}

const char *const *
lsc_source_get_leftovers (LscSource *s)
{
  return s->writer ? lsc_capture_writer_get_leftovers (s->writer) : NULL;
}

guint64
lsc_source_get_saved_packets (LscSource *s)
{
  return s->writer ? lsc_capture_writer_get_packets (s->writer) : 0;
}

LscSourceKind
lsc_source_get_kind (LscSource *s)
{
  return s->kind;
}

int
lsc_source_get_linktype (LscSource *s)
{
  return s->linktype;
}

int
lsc_source_get_fd (LscSource *s)
{
  if (s->live)
    return lsc_live_capture_get_fd (s->live);
  if (s->helper)
    return lsc_helper_client_get_fd (s->helper);
  return -1;
}

const char *
lsc_source_get_name (LscSource *s)
{
  return s->name;
}

void
lsc_source_close (LscSource *s)
{
  if (!s)
    return;
  lsc_source_finish (s, NULL);
  g_clear_pointer (&s->writer, lsc_capture_writer_free);
  g_clear_pointer (&s->file, lsc_capture_file_close);
  g_clear_pointer (&s->live, lsc_live_capture_close);
  g_clear_pointer (&s->helper, lsc_helper_client_free);
  g_free (s->name);
  g_free (s->save_path);
  g_free (s);
}

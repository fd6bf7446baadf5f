/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-cli-live.c — live capture for layerscope-cli (-D, -i) */
#include "lsc-cli-live.h"
#include "lsc-cli-exit.h"
#include "capture/lsc-capture-file.h"
#include "capture/lsc-iface.h"
#include "capture/lsc-source.h"
#include "capture/lsc-helper-proto.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#define IDLE_EVERY_US (100 * 1000)

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t stats_requested;

static void
on_stop (int sig)
{
  stop_requested = sig;
}

static void
on_stats (int sig)
{
  stats_requested = 1;
}

void
lsc_cli_live_options_clear (LscCliLiveOptions *o)
{
  g_clear_pointer (&o->iface, g_free);
  g_clear_pointer (&o->filter, g_free);
  g_clear_pointer (&o->write_file, g_free);
  g_clear_pointer (&o->autostop, g_free);
}

int
lsc_cli_list_interfaces (void)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (GPtrArray) list = lsc_iface_list (&err);
  if (!list)
    {
      fprintf (stderr, "layerscope-cli: %s\n", err->message);
      return 1;
    }
  for (guint i = 0; i < list->len; i++)
    {
      LscIface *iface = g_ptr_array_index (list, i);
      g_autofree char *flags = lsc_iface_flags_to_string (iface->flags);
      g_autoptr (GString) line = g_string_new (NULL);
      g_string_append_printf (line, "%u. %s [%s]", i + 1, iface->name, flags);
      if (iface->linktype >= 0)
        g_string_append_printf (line, " %s", lsc_capture_linktype_name (iface->linktype));
      if (iface->has_hwaddr && (iface->hwaddr[0] | iface->hwaddr[1] | iface->hwaddr[2] | iface->hwaddr[3] | iface->hwaddr[4] | iface->hwaddr[5]))
        g_string_append_printf (line, " %02x:%02x:%02x:%02x:%02x:%02x", iface->hwaddr[0], iface->hwaddr[1],
                                iface->hwaddr[2], iface->hwaddr[3], iface->hwaddr[4], iface->hwaddr[5]);
      for (guint a = 0; a < iface->addresses->len; a++)
        g_string_append_printf (line, " %s", (const char *) g_ptr_array_index (iface->addresses, a));
      if (iface->description)
        g_string_append_printf (line, " (%s)", iface->description);
      printf ("%s\n", line->str);
    }
  return 0;
}

static gboolean
parse_duration (const char *s, double *seconds)
{
  char *end;
  if (!s)
    return TRUE;
  if (!g_str_has_prefix (s, "duration:"))
    return FALSE;
  *seconds = g_ascii_strtod (s + 9, &end);
  return *end == '\0' && end != s + 9 && *seconds > 0 && *seconds < 1e7;
}

static void
print_stats (LscSource *s, const char *when)
{
  LscCaptureStats st;
  g_autoptr (GError) err = NULL;
  if (lsc_source_stats (s, &st, &err))
    fprintf (stderr, _("layerscope-cli: %s%" PRIu64 " packets received by the filter, %" PRIu64
             " dropped by the kernel, %" PRIu64 " dropped by the interface\n"),
             when, st.received, st.dropped, st.ifdropped);
}

/* Says once a second at most that frames were lost while capturing, not
 * only at the end: a reader that stalls should know when it happened. */
static void
report_new_drops (LscSource *s, guint64 *reported)
{
  LscCaptureStats st;
  if (!lsc_source_stats (s, &st, NULL) || st.dropped + st.ifdropped <= *reported)
    return;
  fprintf (stderr, "layerscope-cli: %" G_GUINT64_FORMAT " packets dropped so far: the capture could not keep up\n",
           st.dropped + st.ifdropped);
  *reported = st.dropped + st.ifdropped;
}

/* tshark's statuses: a -w file that cannot be written is a file error,
 * anything else that stops a capture (interface, permission, capture
 * filter) is 1. */
static int
exit_status_for (const GError *err)
{
  return g_error_matches (err, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_WRITE) ? LSC_CLI_EXIT_FILE : LSC_CLI_EXIT_CAPTURE;
}

int
lsc_cli_run_live (const LscCliLiveOptions *o, LscCliPacketFunc func, gpointer user_data)
{
  double duration = 0;
  if (!parse_duration (o->autostop, &duration))
    {
      fprintf (stderr, _("layerscope-cli: -a needs duration:SECONDS (e.g. -a duration:10), not '%s'\n"), o->autostop);
      return LSC_CLI_EXIT_USAGE;
    }
  if (o->snaplen && (o->snaplen < LSC_HELPER_MIN_SNAPLEN || o->snaplen > LSC_HELPER_MAX_SNAPLEN))
    {
      fprintf (stderr, _("layerscope-cli: -s needs a snap length from %d to %d, not %d\n"),
               LSC_HELPER_MIN_SNAPLEN, LSC_HELPER_MAX_SNAPLEN, o->snaplen);
      return LSC_CLI_EXIT_USAGE;
    }
  if (g_strcmp0 (o->write_file, "-") == 0)
    {
      /* Standard output carries the decoded text already. */
      fprintf (stderr, _("layerscope-cli: -w - is not supported; for a raw pcap stream use layerscope-capture -i %s > FILE\n"), o->iface);
      return LSC_CLI_EXIT_USAGE;
    }
  LscLiveOptions lo;
  lsc_live_options_init (&lo);
  lo.iface = o->iface;
  lo.filter = o->filter;
  lo.snaplen = o->snaplen;
  lo.promisc = !o->no_promisc;
  lo.save_path = o->write_file;

  g_autoptr (GError) err = NULL;
  LscSource *s = lsc_source_open_live (&lo, &err);
  if (!s)
    {
      fprintf (stderr, "layerscope-cli: %s\n", err->message);
      return exit_status_for (err);
    }

  /* Like tcpdump's "listening on": the capture is open from here on. */
  fprintf (stderr, _("layerscope-cli: capturing on %s%s\n"), o->iface,
           lsc_source_get_kind (s) == LSC_SOURCE_KIND_HELPER ? _(" through layerscope-capture") : "");
  /* A closed terminal or ssh session (SIGHUP) and a closed output pipe
   * (SIGPIPE, `| head`) end the capture like Ctrl+C, so the file is
   * finished and renamed into place instead of left as a .part: SIGHUP
   * stops it, and with SIGPIPE ignored the next write of the output fails
   * with EPIPE, which stops it too. */
  struct sigaction sa = { .sa_handler = on_stop }, old_int, old_term, old_hup, old_pipe, old_usr1;
  sigaction (SIGINT, &sa, &old_int);
  sigaction (SIGTERM, &sa, &old_term);
  sigaction (SIGHUP, &sa, &old_hup);
  sa.sa_handler = on_stats;
  sigaction (SIGUSR1, &sa, &old_usr1);
  sa.sa_handler = SIG_IGN;
  sigaction (SIGPIPE, &sa, &old_pipe);
  stop_requested = stats_requested = 0;

  for (const char *const *l = lsc_source_get_leftovers (s); l && *l; l++)
    fprintf (stderr, _("layerscope-cli: an earlier capture into %s was cut short; what it saved is in %s\n"),
             o->write_file, *l);

  gint64 t_end = duration > 0 ? g_get_monotonic_time () + (gint64) (duration * 1e6) : 0;
  gint64 last_idle = g_get_monotonic_time ();
  gint64 last_drop_check = last_idle;
  guint64 drops_reported = 0;
  int status = 0;
  gboolean stopping = FALSE;
  gint64 stop_deadline = G_MAXINT64;
  for (;;)
    {
      gint64 now = g_get_monotonic_time ();
      if (!stopping && (stop_requested || (t_end && now >= t_end)))
        {
          lsc_source_stop (s);
          stopping = TRUE;
        }
      /* What is still queued after a stop comes quickly; a helper that
       * keeps sending for longer than this is not listening. */
      if (stopping && stop_deadline == G_MAXINT64)
        stop_deadline = now + 5 * G_USEC_PER_SEC;
      if (now > stop_deadline)
        break;
      if (stats_requested)
        {
          stats_requested = 0;
          print_stats (s, "");
        }
      int timeout = 200;
      if (t_end && !stopping)
        timeout = (int) CLAMP ((t_end - now) / 1000 + 1, 1, 200);
      LscPacket pkt;
      LscSourceResult r = lsc_source_next (s, &pkt, timeout, &err);
      if (r == LSC_SOURCE_END)
        break;
      if (r == LSC_SOURCE_ERROR)
        {
          fprintf (stderr, "layerscope-cli: %s\n", err->message);
          status = exit_status_for (err);
          g_clear_error (&err);
          break;
        }
      if (r == LSC_SOURCE_PACKET && !stopping && !func (user_data, &pkt))
        {
          /* -c reached (or the output failed): this frame was the last. */
          lsc_source_stop_here (s);
          stopping = TRUE;
        }
      if (!stopping && now - last_drop_check > G_USEC_PER_SEC)
        {
          report_new_drops (s, &drops_reported);
          last_drop_check = now;
        }
      if (r == LSC_SOURCE_TIMEOUT || g_get_monotonic_time () - last_idle > IDLE_EVERY_US)
        {
          func (user_data, NULL);
          last_idle = g_get_monotonic_time ();
        }
    }
  func (user_data, NULL);
  if (!lsc_source_finish (s, &err))
    {
      fprintf (stderr, "layerscope-cli: %s\n", err->message);
      if (status == 0)
        status = exit_status_for (err);
    }
  print_stats (s, "");
  if (lsc_source_get_save_path (s))
    fprintf (stderr, _("layerscope-cli: %s%" PRIu64 " packets saved in %s\n"),
             stop_requested == SIGHUP ? _("stopped by SIGHUP (the terminal closed); ") : "",
             lsc_source_get_saved_packets (s), lsc_source_get_save_path (s));
  lsc_source_close (s);
  sigaction (SIGINT, &old_int, NULL);
  sigaction (SIGTERM, &old_term, NULL);
  sigaction (SIGHUP, &old_hup, NULL);
  sigaction (SIGPIPE, &old_pipe, NULL);
  sigaction (SIGUSR1, &old_usr1, NULL);
  return status;
}

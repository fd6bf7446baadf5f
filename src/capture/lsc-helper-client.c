/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-helper-client.c — the program side of layerscope-capture */
#include "lsc-helper-client.h"
#include "lsc-capture-file.h"
#include "lsc-config.h"
#include "lsc-helper-proto.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define PCAP_FILE_HDR 24
#define PCAP_REC_HDR 16
/* Stop reading the helper's stdout while this much is unread: the helper
 * then fills its own buffer, and after that it and the kernel count drops,
 * which is the honest outcome. */
#define MAX_BUFFERED (64 * 1024 * 1024)
#define READY_TIMEOUT_MS 10000
#define REPLY_TIMEOUT_MS 3000

struct _LscHelperClient {
  GPid pid;
  int sock;              /* helper stdin */
  int out_fd, err_fd;
  gboolean out_eof, err_eof, exited;
  int exit_status;       /* valid when exited */

  GByteArray *out;
  gsize out_pos;
  gboolean have_header, swapped, nsec;
  guint32 stream_snaplen;
  int stream_linktype;

  GString *err_line;
  char *error_text;      /* from "@error" or the last line for people */
  gboolean ready;
  int linktype;
  guint32 snaplen;
  LscCaptureStats stats;
  gboolean have_stats;
  guint stats_gen;
  guint32 next_seq;
  guint32 ack_seq;
  gboolean ack_ok;
  guint ack_gen;
  char *ack_text;
  gboolean stopping;
  char *iface;
};

char *
lsc_helper_client_find (void)
{
  const char *env = g_getenv ("LSC_HELPER");
  if (env && *env)
    return g_file_test (env, G_FILE_TEST_IS_EXECUTABLE) ? g_strdup (env) : NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  if (self)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      g_autofree char *built = g_build_filename (dir, "..", "helper", LSC_HELPER_NAME, NULL);
      if (g_file_test (built, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&built);
    }
  g_autofree char *installed = g_build_filename (LSC_LIBEXECDIR, LSC_HELPER_NAME, NULL);
  if (g_file_test (installed, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&installed);
  return NULL;
}

static void
handle_line (LscHelperClient *c, const char *line)
{
  unsigned long long a, b, d;
  int n = 0;
  if (g_str_has_prefix (line, LSC_HELPER_LINE_READY " "))
    {
      unsigned lt, sl;
      if (sscanf (line + strlen (LSC_HELPER_LINE_READY), "%u %u%n", &lt, &sl, &n) == 2)
        {
          c->ready = TRUE;
          c->linktype = (int) lt;
          c->snaplen = sl;
        }
    }
  else if (g_str_has_prefix (line, LSC_HELPER_LINE_STATS " "))
    {
      if (sscanf (line + strlen (LSC_HELPER_LINE_STATS), "%llu %llu %llu", &a, &b, &d) == 3)
        {
          c->stats.received = a;
          c->stats.dropped = b;
          c->stats.ifdropped = d;
          c->have_stats = TRUE;
          c->stats_gen++;
        }
    }
  else if (g_str_has_prefix (line, LSC_HELPER_LINE_SEND_FAILED " "))
    {
      const char *rest = line + strlen (LSC_HELPER_LINE_SEND_FAILED) + 1;
      c->ack_seq = (guint32) g_ascii_strtoull (rest, (char **) &rest, 10);
      c->ack_ok = FALSE;
      g_free (c->ack_text);
      c->ack_text = g_strdup (g_strchug ((char *) rest));
      c->ack_gen++;
    }
  else if (g_str_has_prefix (line, LSC_HELPER_LINE_SENT " "))
    {
      c->ack_seq = (guint32) g_ascii_strtoull (line + strlen (LSC_HELPER_LINE_SENT) + 1, NULL, 10);
      c->ack_ok = TRUE;
      c->ack_gen++;
    }
  else if (g_str_has_prefix (line, LSC_HELPER_LINE_ERROR " "))
    {
      const char *rest = line + strlen (LSC_HELPER_LINE_ERROR) + 1;
      g_ascii_strtoull (rest, (char **) &rest, 10);
      g_free (c->error_text);
      c->error_text = g_strdup (g_strchug ((char *) rest));
    }
  else if (*line && line[0] != '@' && !c->error_text)
    c->error_text = g_strdup (line);
}

static void
read_err (LscHelperClient *c)
{
  char chunk[4096];
  ssize_t n = read (c->err_fd, chunk, sizeof chunk);
  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return;
  if (n <= 0)
    {
      c->err_eof = TRUE;
      return;
    }
  g_string_append_len (c->err_line, chunk, n);
  char *nl;
  while ((nl = memchr (c->err_line->str, '\n', c->err_line->len)))
    {
      *nl = '\0';
      handle_line (c, c->err_line->str);
      g_string_erase (c->err_line, 0, nl - c->err_line->str + 1);
    }
  /* A line longer than the protocol allows is noise, not a reason to grow. */
  if (c->err_line->len > LSC_HELPER_MAX_LINE)
    g_string_truncate (c->err_line, 0);
}

static void
read_out (LscHelperClient *c)
{
  if (c->out_pos > 0 && (c->out_pos == c->out->len || c->out_pos > (1 << 20)))
    {
      g_byte_array_remove_range (c->out, 0, c->out_pos);
      c->out_pos = 0;
    }
  guint old = c->out->len;
  g_byte_array_set_size (c->out, old + 65536);
  ssize_t n = read (c->out_fd, c->out->data + old, 65536);
  g_byte_array_set_size (c->out, old + (n > 0 ? (guint) n : 0));
  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
    c->out_eof = TRUE;
}

/* Waits up to timeout_ms for either pipe; reads what is there. */
static void
pump (LscHelperClient *c, int timeout_ms)
{
  gboolean want_out = !c->out_eof && c->out->len - c->out_pos < MAX_BUFFERED;
  struct pollfd fds[2] = {
    { .fd = want_out ? c->out_fd : -1, .events = POLLIN },
    { .fd = c->err_eof ? -1 : c->err_fd, .events = POLLIN },
  };
  if (fds[0].fd < 0 && fds[1].fd < 0)
    {
      if (timeout_ms > 0)
        g_usleep (MIN (timeout_ms, 50) * 1000);
      return;
    }
  if (poll (fds, 2, timeout_ms) <= 0)
    return;
  if (fds[1].revents)
    read_err (c);
  if (fds[0].revents)
    read_out (c);
}

static gboolean
reap (LscHelperClient *c, gboolean block)
{
  if (c->exited)
    return TRUE;
  int status;
  pid_t r = waitpid (c->pid, &status, block ? 0 : WNOHANG);
  if (r != c->pid)
    return FALSE;
  c->exited = TRUE;
  c->exit_status = WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
  return TRUE;
}

/* Once stdout and stderr are closed the helper has exited or is about to. */
static void
finish_child (LscHelperClient *c)
{
  for (int i = 0; i < 40 && !c->err_eof; i++)
    pump (c, 50);
  for (int i = 0; i < 40 && !reap (c, FALSE); i++)
    g_usleep (50 * 1000);
  if (!c->exited)
    {
      kill (c->pid, SIGKILL);
      reap (c, TRUE);
    }
}

static void
set_helper_error (LscHelperClient *c, GError **error)
{
  if (c->exited && c->exit_status == LSC_HELPER_EXIT_NOPRIV)
    g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_PRIVILEGE, "%s: %s", c->iface, _(LSC_HELPER_NOPRIV_HINT));
  else if (c->error_text)
    g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_DEVICE, "%s", c->error_text);
  else
    g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_DEVICE, _("%s: the capture helper stopped unexpectedly (status %d)"),
                 c->iface, c->exited ? c->exit_status : -1);
}

static gboolean
send_all (LscHelperClient *c, const guint8 *data, gsize len, GError **error)
{
  gint64 deadline = g_get_monotonic_time () + REPLY_TIMEOUT_MS * 1000;
  gsize done = 0;
  while (done < len)
    {
      ssize_t n = send (c->sock, data + done, len - done, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0)
        {
          done += (gsize) n;
          continue;
        }
      if (n < 0 && errno != EAGAIN && errno != EINTR)
        {
          g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_DEVICE, _("%s: the capture helper is gone: %s"),
                       c->iface, g_strerror (errno));
          return FALSE;
        }
      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_DEVICE, _("%s: the capture helper does not read its input"), c->iface);
          return FALSE;
        }
      /* Keep its output moving, or it may never get to read ours. */
      pump (c, 20);
    }
  return TRUE;
}

static gboolean
send_record (LscHelperClient *c, guint8 type, const guint8 *payload, gsize len, guint32 *seq_out, GError **error)
{
  guint8 hdr[LSC_HELPER_HDR_LEN];
  guint32 seq = ++c->next_seq;
  if (lsc_helper_rec_encode (hdr, type, seq, (guint32) MIN (len, G_MAXUINT32)) < 0 || len > G_MAXUINT32)
    {
      g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_WRITE,
                   _("a frame must be %d to %d bytes long, not %zu"),
                   LSC_HELPER_MIN_FRAME, LSC_HELPER_MAX_FRAME, len);
      return FALSE;
    }
  if (seq_out)
    *seq_out = seq;
  return send_all (c, hdr, sizeof hdr, error) && (len == 0 || send_all (c, payload, len, error));
}

LscHelperClient *
lsc_helper_client_spawn (const LscLiveOptions *o, gboolean inject_only, GError **error)
{
  g_autofree char *helper = lsc_helper_client_find ();
  if (!helper)
    {
      g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_PRIVILEGE, "%s: %s", o->iface, _(LSC_HELPER_NOPRIV_HINT));
      return NULL;
    }
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (argv, g_strdup (helper));
  g_ptr_array_add (argv, g_strdup ("-i"));
  g_ptr_array_add (argv, g_strdup (o->iface));
  g_ptr_array_add (argv, g_strdup ("--machine"));
  g_ptr_array_add (argv, g_strdup (inject_only ? "--inject-only" : "--inject"));
  if (o->snaplen > 0)
    g_ptr_array_add (argv, g_strdup_printf ("--snaplen=%d", o->snaplen));
  if (o->filter && *o->filter)
    g_ptr_array_add (argv, g_strdup_printf ("--filter=%s", o->filter));
  if (!o->promisc)
    g_ptr_array_add (argv, g_strdup ("-p"));
  g_ptr_array_add (argv, NULL);

  int sv[2];
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    {
      g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_OPEN, "socketpair: %s", g_strerror (errno));
      return NULL;
    }
  LscHelperClient *c = g_new0 (LscHelperClient, 1);
  c->iface = g_strdup (o->iface);
  c->out = g_byte_array_new ();
  c->err_line = g_string_new (NULL);
  c->sock = sv[0];
  if (!g_spawn_async_with_pipes_and_fds (NULL, (const char * const *) argv->pdata, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                         NULL, NULL, sv[1], -1, -1, NULL, NULL, 0, &c->pid,
                                         NULL, &c->out_fd, &c->err_fd, error))
    {
      close (sv[1]);
      c->exited = TRUE;
      c->out_fd = c->err_fd = -1;
      lsc_helper_client_free (c);
      return NULL;
    }
  close (sv[1]);
  g_unix_set_fd_nonblocking (c->out_fd, TRUE, NULL);
  g_unix_set_fd_nonblocking (c->err_fd, TRUE, NULL);

  gint64 deadline = g_get_monotonic_time () + READY_TIMEOUT_MS * 1000;
  while (!c->ready && !c->err_eof && g_get_monotonic_time () < deadline)
    pump (c, 100);
  if (!c->ready)
    {
      if (!c->err_eof)
        kill (c->pid, SIGTERM);
      finish_child (c);
      set_helper_error (c, error);
      lsc_helper_client_free (c);
      return NULL;
    }
  return c;
}

static guint32
rd32 (LscHelperClient *c, const guint8 *p)
{
  guint32 v;
  memcpy (&v, p, 4);
  return c->swapped ? GUINT32_SWAP_LE_BE (v) : v;
}

/* 1 packet, 0 need more bytes, -1 malformed. */
static int
parse_record (LscHelperClient *c, LscPacket *pkt, GError **error)
{
  const guint8 *p = c->out->data + c->out_pos;
  gsize avail = c->out->len - c->out_pos;
  if (!c->have_header)
    {
      if (avail < PCAP_FILE_HDR)
        return 0;
      guint32 magic;
      memcpy (&magic, p, 4);
      c->swapped = magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
      c->nsec = magic == 0xa1b23c4d || magic == 0x4d3cb2a1;
      if (!c->swapped && magic != 0xa1b2c3d4 && magic != 0xa1b23c4d)
        {
          g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_CORRUPT, _("%s: the capture helper's output is not a pcap stream"), c->iface);
          return -1;
        }
      c->stream_snaplen = rd32 (c, p + 16);
      c->stream_linktype = (int) (rd32 (c, p + 20) & 0xffff);
      c->have_header = TRUE;
      c->out_pos += PCAP_FILE_HDR;
      p += PCAP_FILE_HDR;
      avail -= PCAP_FILE_HDR;
    }
  if (avail < PCAP_REC_HDR)
    return 0;
  guint32 caplen = rd32 (c, p + 8);
  guint32 limit = MAX (c->stream_snaplen, 65535);
  if (caplen > LSC_HELPER_MAX_SNAPLEN || caplen > limit)
    {
      g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_CORRUPT,
                   _("%s: the capture helper's output has a record of %u bytes, more than its snap length"), c->iface, caplen);
      return -1;
    }
  if (avail < PCAP_REC_HDR + (gsize) caplen)
    return 0;
  guint32 frac = rd32 (c, p + 4);
  memset (pkt, 0, sizeof *pkt);
  pkt->ts_ns = (gint64) rd32 (c, p) * 1000000000 + (c->nsec ? frac : (gint64) frac * 1000);
  pkt->caplen = caplen;
  pkt->wirelen = rd32 (c, p + 12);
  pkt->linktype = c->stream_linktype;
  pkt->data = p + PCAP_REC_HDR;
  c->out_pos += PCAP_REC_HDR + caplen;
  return 1;
}

int
lsc_helper_client_next (LscHelperClient *c, LscPacket *pkt, int timeout_ms, GError **error)
{
  gint64 deadline = timeout_ms < 0 ? G_MAXINT64 : g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gboolean polled = FALSE;
  for (;;)
    {
      int r = parse_record (c, pkt, error);
      if (r != 0)
        return r;
      if (c->out_eof)
        {
          finish_child (c);
          if (c->out_pos < c->out->len)
            {
              g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_TRUNCATED,
                           _("%s: the capture helper's output ends inside a record"), c->iface);
              return -1;
            }
          if (c->exit_status == 0)
            return 2;
          set_helper_error (c, error);
          return -1;
        }
      gint64 now = g_get_monotonic_time ();
      if (timeout_ms >= 0 && now >= deadline && polled)
        return 0;
      pump (c, timeout_ms < 0 ? 200 : (int) CLAMP ((deadline - now) / 1000, 0, 200));
      polled = TRUE;
    }
}

gboolean
lsc_helper_client_stats (LscHelperClient *c, LscCaptureStats *st, GError **error)
{
  if (c->exited || c->out_eof)
    {
      if (c->have_stats)
        {
          *st = c->stats;
          return TRUE;
        }
      set_helper_error (c, error);
      return FALSE;
    }
  guint gen = c->stats_gen;
  if (!send_record (c, LSC_HELPER_REC_STATS, NULL, 0, NULL, error))
    return FALSE;
  gint64 deadline = g_get_monotonic_time () + REPLY_TIMEOUT_MS * 1000;
  while (c->stats_gen == gen && !c->err_eof && g_get_monotonic_time () < deadline)
    pump (c, 50);
  if (c->stats_gen == gen)
    {
      g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_DEVICE, _("%s: the capture helper did not report statistics"), c->iface);
      return FALSE;
    }
  *st = c->stats;
  return TRUE;
}

gboolean
lsc_helper_client_inject (LscHelperClient *c, const guint8 *frame, gsize len, GError **error)
{
  guint32 seq;
  guint gen = c->ack_gen;
  if (c->exited || c->err_eof)
    {
      set_helper_error (c, error);
      return FALSE;
    }
  if (!send_record (c, LSC_HELPER_REC_INJECT, frame, len, &seq, error))
    return FALSE;
  gint64 deadline = g_get_monotonic_time () + REPLY_TIMEOUT_MS * 1000;
  while (!(c->ack_gen != gen && c->ack_seq == seq) && !c->err_eof && g_get_monotonic_time () < deadline)
    pump (c, 20);
  if (c->ack_gen == gen || c->ack_seq != seq)
    {
      g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_WRITE, _("%s: the capture helper did not confirm the frame"), c->iface);
      return FALSE;
    }
  if (!c->ack_ok)
    {
      g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_WRITE, _("%s: the frame was not sent: %s"), c->iface,
                   c->ack_text ? c->ack_text : "");
      return FALSE;
    }
  return TRUE;
}

void
lsc_helper_client_stop (LscHelperClient *c)
{
  if (c->stopping || c->exited)
    return;
  c->stopping = TRUE;
  send_record (c, LSC_HELPER_REC_STOP, NULL, 0, NULL, NULL);
}

gboolean
lsc_helper_client_last_stats (LscHelperClient *c, LscCaptureStats *st)
{
  if (c->have_stats)
    *st = c->stats;
  return c->have_stats;
}

int
lsc_helper_client_get_fd (LscHelperClient *c)
{
  return c->out_fd;
}

int
lsc_helper_client_linktype (LscHelperClient *c)
{
  return c->linktype;
}

guint32
lsc_helper_client_snaplen (LscHelperClient *c)
{
  return c->snaplen;
}

void
lsc_helper_client_free (LscHelperClient *c)
{
  if (!c)
    return;
  if (!c->exited)
    {
      lsc_helper_client_stop (c);
      /* Drain and discard so the helper can finish its last writes. */
      for (int i = 0; i < 40 && !(c->out_eof && c->err_eof); i++)
        {
          pump (c, 50);
          c->out_pos = c->out->len;
        }
      if (!reap (c, FALSE))
        {
          kill (c->pid, SIGTERM);
          for (int i = 0; i < 20 && !reap (c, FALSE); i++)
            g_usleep (50 * 1000);
        }
      if (!c->exited)
        {
          kill (c->pid, SIGKILL);
          reap (c, TRUE);
        }
    }
  if (c->sock >= 0)
    close (c->sock);
  if (c->out_fd >= 0)
    close (c->out_fd);
  if (c->err_fd >= 0)
    close (c->err_fd);
  g_spawn_close_pid (c->pid);
  g_byte_array_unref (c->out);
  g_string_free (c->err_line, TRUE);
  g_free (c->error_text);
  g_free (c->ack_text);
  g_free (c->iface);
  g_free (c);
}

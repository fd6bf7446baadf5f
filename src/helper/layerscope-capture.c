/* SPDX-License-Identifier: GPL-3.0-or-later */
/* layerscope-capture — the small privileged capture and injection program
 *
 * The only Layerscope program that needs CAP_NET_RAW/CAP_NET_ADMIN.  It opens
 * one live capture, copies what it captures to stdout as a pcap stream and,
 * with --inject, sends the frames it reads from stdin (docs/helper-protocol.md).
 * It never looks inside a frame.  Everything read from stdin is checked
 * against lsc-helper-proto.h before use; anything odd ends the program with
 * one sentence and a non-zero status.
 */
#include "lsc-config.h"
#include "capture/lsc-helper-proto.h"
#include "capture/lsc-pcap-open.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PROG "layerscope-capture"

typedef struct {
  const char *iface;
  const char *filter;
  int snaplen;
  int promisc;
  long long count;        /* 0: unlimited */
  double duration;        /* seconds, 0: unlimited */
  int inject;
  int inject_only;
  int machine;
  int check;
} Options;

static volatile sig_atomic_t stop_signal;
static int machine_lines;

static void
on_signal (int sig)
{
  stop_signal = sig;
}

static void
say (const char *fmt, ...)
{
  char line[LSC_HELPER_MAX_LINE];
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (line, sizeof line - 1, fmt, ap);
  va_end (ap);
  /* A status line is one line whatever an error text contains. */
  for (char *c = line; *c; c++)
    if (*c == '\n' || *c == '\r')
      *c = ' ';
  fprintf (stderr, "%s\n", line);
  fflush (stderr);
}

static int
fail (int code, const char *fmt, ...)
{
  char text[LSC_HELPER_MAX_LINE - 32];
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (text, sizeof text, fmt, ap);
  va_end (ap);
  if (machine_lines)
    say ("%s %d %s", LSC_HELPER_LINE_ERROR, code, text);
  else
    say (PROG ": %s", text);
  return code;
}

static void
usage (FILE *to)
{
  fprintf (to,
           "Usage: " PROG " -i IFACE [-f BPF] [-s SNAPLEN] [-p] [-c COUNT] [-a duration:SECONDS]\n"
           "                          [--inject] [--inject-only] [--machine] [--check]\n"
           "Capture frames on IFACE and write them to standard output as a pcap stream;\n"
           "with --inject, also send the frames read from standard input.\n"
           "See docs/helper-protocol.md.\n");
}

/* --- privileges ------------------------------------------------------- */

static int
has_cap (cap_t caps, cap_value_t v, cap_flag_t which)
{
  cap_flag_value_t val = CAP_CLEAR;
  return caps && cap_get_flag (caps, v, which, &val) == 0 && val == CAP_SET;
}

/* The kernel drops ambient capabilities with the inheritable set anyway;
 * clearing them by name keeps that true on any kernel that has them
 * (EINVAL: a kernel older than ambient capabilities). */
static int
clear_ambient_caps (void)
{
  return prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) == 0 || errno == EINVAL ? 0 : -1;
}

/* Keep at most cap_net_raw and cap_net_admin, and only those we were given;
 * the inheritable and ambient sets end up empty.  Returns 1 when cap_net_raw
 * is effective afterwards, 0 when it is not, -1 when the other capabilities
 * could not be dropped (then nothing may go on). */
static int
keep_only_net_caps (void)
{
  cap_t cur = cap_get_proc ();
  cap_t want = cap_init ();
  cap_value_t net[2] = { CAP_NET_RAW, CAP_NET_ADMIN };
  int raw = 0, ok = cur && want;
  for (int i = 0; ok && i < 2; i++)
    if (has_cap (cur, net[i], CAP_PERMITTED))
      {
        ok = cap_set_flag (want, CAP_PERMITTED, 1, &net[i], CAP_SET) == 0
             && cap_set_flag (want, CAP_EFFECTIVE, 1, &net[i], CAP_SET) == 0;
        if (net[i] == CAP_NET_RAW)
          raw = 1;
      }
  ok = ok && cap_set_proc (want) == 0 && clear_ambient_caps () == 0;
  cap_free (want);
  cap_free (cur);
  return ok ? raw : -1;
}

static int
drop_all_caps (void)
{
  cap_t none = cap_init ();
  int r = none && cap_set_proc (none) == 0 && clear_ambient_caps () == 0 ? 0 : -1;
  cap_free (none);
  return r;
}

/* A privileged program must not find a descriptor it opens (the packet
 * socket) sitting on 0, 1 or 2: a caller who closed stdout would have the
 * pcap stream and every status line written into the packet socket, that
 * is, sent onto the network.  Returns -1 when /dev/null cannot be opened. */
static int
ensure_std_fds (void)
{
  for (int fd = 0; fd <= 2; fd++)
    if (fcntl (fd, F_GETFD) < 0 && errno == EBADF)
      {
        int n = open ("/dev/null", O_RDWR);
        if (n != fd)
          return -1;
      }
  return 0;
}

static double
now_s (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* --- stdin records ---------------------------------------------------- */

typedef struct {
  uint8_t buf[LSC_HELPER_HDR_LEN + LSC_HELPER_MAX_FRAME];
  size_t have;
} InBuf;

/* --- the pcap stream on stdout ---------------------------------------
 *
 * Our own buffer and write() calls rather than pcap_dump() on stdio: a
 * blocking fwrite() to a full pipe cannot be interrupted without tearing a
 * record, so a helper whose reader stalled ignored SIGTERM until the reader
 * woke up, and captured nothing meanwhile.  Here the ring is read into the
 * buffer while the pipe is full (a stalled reader costs memory, not
 * frames), stdout is written only when poll() says it has room, and on a
 * pipe only in pieces of at most PIPE_BUF bytes made of whole records,
 * which the kernel writes entirely or not at all.  A stop then never waits
 * on the reader for long, and the stream always ends on a record boundary
 * (except inside a record longer than PIPE_BUF, which is finished if the
 * reader lets it within OUT_GRACE_S). */

#define OUT_MIN (1 << 20)
#define OUT_MAX (32 << 20)      /* about 3 minutes of a busy classroom's traffic */
#define OUT_ROOM (1 << 20)      /* read the ring only with this much free: a ring block fits */
#define OUT_GRACE_S 1.0         /* how long a stop waits for the reader to take the rest */
#define PCAP_REC_HDR 16

typedef struct {
  uint8_t *buf;
  size_t cap, head, len;  /* buf[head..len) is not written yet */
  size_t rec_left;        /* bytes of a record longer than PIPE_BUF still to write */
  int is_pipe;
  int closed;             /* the reader went away (EPIPE) */
  int nsec;
  long long appended;     /* records put into buf */
  long long discarded;    /* records lost because buf was full or the stop came first */
} Out;

static Out out;

static void
put32 (uint8_t *p, uint32_t v)
{
  memcpy (p, &v, 4);
}

/* The pcap file header, written before anything else while the pipe is
 * still empty (24 bytes fit in any pipe). */
static int
out_start (pcap_t *p)
{
  struct stat st;
  uint8_t hdr[24];
  out.is_pipe = fstat (STDOUT_FILENO, &st) == 0 && (S_ISFIFO (st.st_mode) || S_ISSOCK (st.st_mode));
  out.nsec = pcap_get_tstamp_precision (p) == PCAP_TSTAMP_PRECISION_NANO;
  put32 (hdr, out.nsec ? 0xa1b23c4d : 0xa1b2c3d4);
  uint16_t version[2] = { 2, 4 };
  memcpy (hdr + 4, version, 4);
  put32 (hdr + 8, 0);
  put32 (hdr + 12, 0);
  put32 (hdr + 16, (uint32_t) pcap_snapshot (p));
  put32 (hdr + 20, (uint32_t) lsc_pcap_file_linktype (p));
  size_t done = 0;
  while (done < sizeof hdr)
    {
      ssize_t n = write (STDOUT_FILENO, hdr + done, sizeof hdr - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        {
          struct pollfd pfd = { .fd = STDOUT_FILENO, .events = POLLOUT };
          poll (&pfd, 1, 200);
          continue;
        }
      if (n <= 0)
        return -1;
      done += (size_t) n;
    }
  return 0;
}

static void
on_packet (u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
  size_t need = PCAP_REC_HDR + h->caplen;
  if (out.len + need > out.cap && out.head > 0)
    {
      memmove (out.buf, out.buf + out.head, out.len - out.head);
      out.len -= out.head;
      out.head = 0;
    }
  while (out.len + need > out.cap && out.cap < OUT_MAX)
    {
      size_t cap = out.cap ? out.cap * 2 : OUT_MIN;
      uint8_t *b = realloc (out.buf, cap);
      if (!b)
        break;
      out.buf = b;
      out.cap = cap;
    }
  if (out.len + need > out.cap)
    {
      out.discarded++;
      return;
    }
  uint8_t *r = out.buf + out.len;
  put32 (r, (uint32_t) h->ts.tv_sec);
  put32 (r + 4, (uint32_t) h->ts.tv_usec);   /* nanoseconds when out.nsec */
  put32 (r + 8, h->caplen);
  put32 (r + 12, h->len);
  memcpy (r + PCAP_REC_HDR, bytes, h->caplen);
  out.len += need;
  out.appended++;
}

static size_t
record_len_at (size_t pos)
{
  uint32_t caplen;
  memcpy (&caplen, out.buf + pos + 8, 4);
  return PCAP_REC_HDR + caplen;
}

/* Writes one piece of what is buffered; call when stdout has room.
 * Returns -1 on a write error other than a full pipe (errno set). */
static int
out_write_some (void)
{
  size_t chunk = out.len - out.head;
  if (out.is_pipe)
    {
      if (out.rec_left == 0)
        {
          size_t whole = 0;
          while (out.head + whole < out.len && whole + record_len_at (out.head + whole) <= PIPE_BUF)
            whole += record_len_at (out.head + whole);
          if (whole == 0)
            out.rec_left = record_len_at (out.head);
          chunk = whole;
        }
      if (out.rec_left > 0)
        chunk = out.rec_left < PIPE_BUF ? out.rec_left : PIPE_BUF;
    }
  ssize_t n = write (STDOUT_FILENO, out.buf + out.head, chunk);
  if (n < 0)
    return errno == EINTR || errno == EAGAIN ? 0 : -1;
  out.head += (size_t) n;
  if (out.rec_left > 0)
    out.rec_left -= (size_t) n;
  if (out.head == out.len)
    out.head = out.len = 0;
  return 0;
}

/* Writes what is left, waiting at most OUT_GRACE_S for the reader (a
 * record already begun gets as long again); what does not get out counts
 * as dropped. */
static int
out_finish (void)
{
  double deadline = now_s () + OUT_GRACE_S;
  while (!out.closed && out.head < out.len)
    {
      double left = deadline - now_s ();
      if (left <= 0 && out.rec_left == 0)
        break;
      if (left <= -OUT_GRACE_S)
        break;
      struct pollfd pfd = { .fd = STDOUT_FILENO, .events = POLLOUT };
      int r = poll (&pfd, 1, 50);
      if (r < 0 && errno != EINTR)
        return -1;
      if (r > 0 && out_write_some () < 0)
        {
          if (errno != EPIPE)
            return -1;
          out.closed = 1;
        }
    }
  /* Count the whole records that never got out. */
  for (size_t pos = out.head + out.rec_left; pos < out.len; pos += record_len_at (pos))
    out.discarded++;
  out.head = out.len = 0;
  return 0;
}

static void
print_stats (pcap_t *p)
{
  struct pcap_stat st = { 0 };
  if (pcap_stats (p, &st) != 0)
    return;
  /* Frames the buffer had no room for, or that a stop left unwritten,
   * were dropped as surely as those the kernel counts. */
  unsigned long long dropped = st.ps_drop + (unsigned long long) out.discarded;
  if (machine_lines)
    say ("%s %u %llu %u", LSC_HELPER_LINE_STATS, st.ps_recv, dropped, st.ps_ifdrop);
  else
    say (PROG ": %u packets received, %llu dropped, %u dropped by the interface",
         st.ps_recv, dropped, st.ps_ifdrop);
}

/* Handles every complete record in the buffer.  Returns -1 to go on, or an
 * exit status (0 for STOP). */
static int
handle_records (InBuf *in, pcap_t *p)
{
  size_t pos = 0;
  int result = -1;
  while (result < 0 && in->have - pos >= LSC_HELPER_HDR_LEN)
    {
      LscHelperRecHdr hdr;
      LscHelperDecodeResult dr = lsc_helper_rec_decode (in->buf + pos, in->have - pos, &hdr);
      if (dr != LSC_HELPER_DECODE_OK)
        return fail (LSC_HELPER_EXIT_PROTOCOL, "malformed input record: %s", lsc_helper_decode_result_str (dr));
      if (in->have - pos < LSC_HELPER_HDR_LEN + (size_t) hdr.length)
        break;
      const uint8_t *payload = in->buf + pos + LSC_HELPER_HDR_LEN;
      switch (hdr.type)
        {
        case LSC_HELPER_REC_INJECT:
          if (pcap_inject (p, payload, hdr.length) == (int) hdr.length)
            {
              if (machine_lines)
                say ("%s %u", LSC_HELPER_LINE_SENT, hdr.seq);
            }
          else if (machine_lines)
            say ("%s %u %s", LSC_HELPER_LINE_SEND_FAILED, hdr.seq, pcap_geterr (p));
          else
            say (PROG ": frame %u not sent: %s", hdr.seq, pcap_geterr (p));
          break;
        case LSC_HELPER_REC_STATS:
          print_stats (p);
          break;
        case LSC_HELPER_REC_STOP:
          result = 0;
          break;
        }
      pos += LSC_HELPER_HDR_LEN + hdr.length;
    }
  memmove (in->buf, in->buf + pos, in->have - pos);
  in->have -= pos;
  return result;
}

/* Returns -1 to go on, or an exit status. */
static int
read_stdin (InBuf *in, pcap_t *p, int *open)
{
  ssize_t n = read (STDIN_FILENO, in->buf + in->have, sizeof in->buf - in->have);
  if (n < 0)
    return (errno == EINTR || errno == EAGAIN) ? -1 : fail (LSC_HELPER_EXIT_FAILURE, "cannot read standard input: %s", strerror (errno));
  if (n == 0)
    {
      *open = 0;
      if (in->have != 0)
        return fail (LSC_HELPER_EXIT_PROTOCOL, "malformed input: the stream ends inside a record (%zu bytes left over)", in->have);
      return 0;
    }
  in->have += (size_t) n;
  return handle_records (in, p);
}

/* --- capture ---------------------------------------------------------- */

static int
parse_options (int argc, char **argv, Options *o)
{
  static const struct option longopts[] = {
    { "interface", required_argument, NULL, 'i' },
    { "filter", required_argument, NULL, 'f' },
    { "snaplen", required_argument, NULL, 's' },
    { "no-promiscuous-mode", no_argument, NULL, 'p' },
    { "count", required_argument, NULL, 'c' },
    { "autostop", required_argument, NULL, 'a' },
    { "inject", no_argument, NULL, 'J' },
    { "inject-only", no_argument, NULL, 'O' },
    { "machine", no_argument, NULL, 'M' },
    { "check", no_argument, NULL, 'C' },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'v' },
    { NULL, 0, NULL, 0 }
  };
  int c;
  char *end;
  o->promisc = 1;
  while ((c = getopt_long (argc, argv, "i:f:s:pc:a:hv", longopts, NULL)) != -1)
    {
      switch (c)
        {
        case 'i': o->iface = optarg; break;
        case 'f': o->filter = optarg; break;
        case 's':
          {
            /* Checked before narrowing to int: 4294967360 must not become 64. */
            errno = 0;
            long long v = strtoll (optarg, &end, 10);
            if (errno || end == optarg || *end || v < LSC_HELPER_MIN_SNAPLEN || v > LSC_HELPER_MAX_SNAPLEN)
              return fail (LSC_HELPER_EXIT_USAGE, "-s needs a snap length from %d to %d", LSC_HELPER_MIN_SNAPLEN, LSC_HELPER_MAX_SNAPLEN);
            o->snaplen = (int) v;
          }
          break;
        case 'p': o->promisc = 0; break;
        case 'c':
          errno = 0;
          o->count = strtoll (optarg, &end, 10);
          if (errno || *end || o->count <= 0)
            return fail (LSC_HELPER_EXIT_USAGE, "-c needs a positive count");
          break;
        case 'a':
          if (strncmp (optarg, "duration:", 9) != 0)
            return fail (LSC_HELPER_EXIT_USAGE, "-a needs duration:SECONDS");
          errno = 0;
          o->duration = strtod (optarg + 9, &end);
          if (errno || *end || !(o->duration > 0 && o->duration < 1e7))
            return fail (LSC_HELPER_EXIT_USAGE, "-a duration:SECONDS needs a positive number of seconds");
          break;
        case 'J': o->inject = 1; break;
        case 'O': o->inject = o->inject_only = 1; break;
        case 'M': o->machine = machine_lines = 1; break;
        case 'C': o->check = 1; break;
        case 'h': usage (stdout); exit (0);
        case 'v': printf (PROG " %s\n", LSC_VERSION); exit (0);
        default: usage (stderr); return LSC_HELPER_EXIT_USAGE;
        }
    }
  if (optind < argc)
    return fail (LSC_HELPER_EXIT_USAGE, "unexpected argument \"%s\" (see --help)", argv[optind]);
  if (!o->iface)
    return fail (LSC_HELPER_EXIT_USAGE, "no interface: give -i IFACE (or -i any)");
  return 0;
}

int
main (int argc, char **argv)
{
  Options o = { 0 };
  pid_t parent = getppid ();

  if (ensure_std_fds () < 0)
    return LSC_HELPER_EXIT_FAILURE;
  /* A signal mask survives exec: a parent that blocks SIGTERM would leave
   * the helper deaf to its stop request and to PR_SET_PDEATHSIG. */
  sigset_t none;
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);

  /* Checked before any option is read, even --help: a setuid-root copy
   * would give every local user a root process to attack. */
  if (geteuid () == 0 && getuid () != 0)
    return fail (LSC_HELPER_EXIT_REFUSED, "refusing to run setuid-root; give the program file capabilities instead (setcap cap_net_raw,cap_net_admin+ep, as -Dhelper_caps=true installs it)");

  prctl (PR_SET_PDEATHSIG, SIGTERM);
  /* The parent may have gone before the line above took effect. */
  if (getppid () != parent)
    return LSC_HELPER_EXIT_FAILURE;
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    return fail (LSC_HELPER_EXIT_FAILURE, "cannot set no_new_privs: %s", strerror (errno));
  /* Nothing here reads the environment; emptying it keeps any library
   * from honouring the caller's variables while capabilities are held. */
  clearenv ();

  int r = parse_options (argc, argv, &o);
  if (r != 0)
    return r;

  int raw = keep_only_net_caps ();
  if (raw < 0)
    return fail (LSC_HELPER_EXIT_FAILURE, "cannot drop capabilities: %s", strerror (errno));
  if (!raw && geteuid () != 0)
    return fail (LSC_HELPER_EXIT_NOPRIV, "%s", LSC_HELPER_NOPRIV_HINT);

  /* Only network interfaces: libpcap would also open Bluetooth HCI
   * sockets, netfilter log and queue handles, USB monitors and D-Bus
   * with these capabilities, none of which this program is for. */
  if (strcmp (o.iface, "any") != 0 && if_nametoindex (o.iface) == 0)
    return fail (LSC_HELPER_EXIT_FAILURE, "%s: no such interface (see layerscope-cli -D)", o.iface);

  /* The filter is left out here: its text is the user's, and parsing it
   * needs no privilege. */
  LscPcapParams params = { .iface = o.iface, .snaplen = o.snaplen, .promisc = o.promisc };
  LscPcapOpenStatus status;
  char msg[LSC_HELPER_MAX_LINE - 64];
  pcap_t *p = lsc_pcap_open_live (&params, &status, msg, sizeof msg);
  if (!p)
    return fail (status == LSC_PCAP_OPEN_NOPRIV ? LSC_HELPER_EXIT_NOPRIV : LSC_HELPER_EXIT_FAILURE, "%s", msg);
  /* The packet socket stays usable for reading, filtering and pcap_inject()
   * without any capability: nothing privileged is left to do. */
  if (drop_all_caps () < 0)
    {
      pcap_close (p);
      return fail (LSC_HELPER_EXIT_FAILURE, "cannot drop capabilities: %s", strerror (errno));
    }
  if (lsc_pcap_apply_filter (p, o.iface, o.filter, msg, sizeof msg) < 0)
    {
      pcap_close (p);
      return fail (LSC_HELPER_EXIT_FAILURE, "%s", msg);
    }

  if (o.inject_only)
    pcap_setdirection (p, PCAP_D_OUT);  /* nothing is read: keep the ring empty-ish */

  /* No SA_RESTART needed: nothing here blocks on a signal's account
   * (stdout is written only when poll() says it has room), and poll()
   * returns on a signal so the loop notices stop_signal at once. */
  struct sigaction sa = { .sa_handler = on_signal };
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGHUP, &sa, NULL);
  signal (SIGPIPE, SIG_IGN);

  if (machine_lines)
    say ("%s %d %d %s", LSC_HELPER_LINE_READY, lsc_pcap_file_linktype (p), pcap_snapshot (p), o.iface);
  if (o.check)
    {
      pcap_close (p);
      return 0;
    }

  if (!o.inject_only && out_start (p) < 0)
    {
      int err = errno;
      pcap_close (p);
      return err == EPIPE ? 0 : fail (LSC_HELPER_EXIT_FAILURE, "cannot write to standard output: %s", strerror (err));
    }
  if (pcap_setnonblock (p, 1, msg) < 0)
    return fail (LSC_HELPER_EXIT_FAILURE, "%s: %s", o.iface, msg);

  static InBuf in;
  /* stdin stays blocking: it is read only after poll () says so, and
   * O_NONBLOCK would change the caller's shared file description too. */
  int stdin_open = o.inject;

  int pfd = pcap_get_selectable_fd (p);
  double t_end = o.duration > 0 ? now_s () + o.duration : 0;
  int exit_code = -1;

  while (exit_code < 0)
    {
      if (stop_signal || getppid () != parent)
        {
          exit_code = 0;
          break;
        }
      /* While the buffer is full the frames wait in the ring, where the
       * kernel counts what it has to drop. */
      int capturing = !o.inject_only && !out.closed && out.len - out.head + OUT_ROOM <= OUT_MAX;
      struct pollfd fds[3] = { { .fd = capturing ? pfd : -1, .events = POLLIN },
                               { .fd = stdin_open ? STDIN_FILENO : -1, .events = POLLIN },
                               { .fd = out.head < out.len ? STDOUT_FILENO : -1, .events = POLLOUT } };
      int timeout = 200;
      if (t_end > 0)
        {
          double left = t_end - now_s ();
          if (left <= 0)
            {
              exit_code = 0;
              break;
            }
          if (left * 1000 < timeout)
            timeout = (int) (left * 1000) + 1;
        }
      int ready = poll (fds, 3, timeout);
      if (ready < 0 && errno != EINTR)
        {
          exit_code = fail (LSC_HELPER_EXIT_FAILURE, "poll: %s", strerror (errno));
          break;
        }
      /* The packet socket usually reports a deleted interface, but not
       * always (about one time in four on a veth): look for it by name
       * when nothing happens. */
      if (ready == 0 && !o.inject_only && strcmp (o.iface, "any") != 0 && if_nametoindex (o.iface) == 0)
        {
          exit_code = fail (LSC_HELPER_EXIT_FAILURE, "%s: the capture stopped: The interface disappeared", o.iface);
          break;
        }
      if (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))
        {
          if (out_write_some () < 0)
            {
              /* The reader went away (e.g. `| head`): not an error of ours. */
              if (errno == EPIPE)
                {
                  out.closed = 1;
                  exit_code = 0;
                  break;
                }
              exit_code = fail (LSC_HELPER_EXIT_FAILURE, "cannot write to standard output: %s", strerror (errno));
              break;
            }
        }
      if (fds[0].revents & (POLLIN | POLLERR | POLLHUP))
        {
          int want = o.count > 0 ? (int) (o.count - out.appended < 100000 ? o.count - out.appended : 100000) : -1;
          int n = pcap_dispatch (p, want, on_packet, NULL);
          if (n < 0)
            {
              exit_code = fail (LSC_HELPER_EXIT_FAILURE, "%s: the capture stopped: %s", o.iface, pcap_geterr (p));
              break;
            }
          if (o.count > 0 && out.appended >= o.count)
            exit_code = 0;
        }
      if (stdin_open && (fds[1].revents & POLLNVAL))
        {
          exit_code = fail (LSC_HELPER_EXIT_FAILURE, "cannot read standard input: it is not open");
          break;
        }
      if (stdin_open && (fds[1].revents & (POLLIN | POLLERR | POLLHUP)))
        {
          r = read_stdin (&in, p, &stdin_open);
          if (r >= 0)
            exit_code = r;
        }
    }

  if (!o.inject_only)
    {
      /* Take what the kernel already holds so a stop loses nothing queued.
       * The ring's last block is handed over only when its timeout retires
       * it: an empty read waits that long once. */
      if (exit_code == 0 && o.count == 0 && !out.closed)
        for (int i = 0, waited = 0; i < 64; i++)
          {
            int n = pcap_dispatch (p, -1, on_packet, NULL);
            struct pollfd rp = { .fd = pfd, .events = POLLIN };
            if (n < 0 || (n == 0 && (waited++ || poll (&rp, 1, 2 * LSC_PCAP_DEFAULT_LATENCY_MS) <= 0)))
              break;
          }
      if (out_finish () < 0 && exit_code == 0)
        exit_code = fail (LSC_HELPER_EXIT_FAILURE, "cannot write to standard output: %s", strerror (errno));
    }
  if (exit_code == 0)
    print_stats (p);
  pcap_close (p);
  return exit_code;
}

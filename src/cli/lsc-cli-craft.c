/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-cli-craft.c — ping, arp, tcp, udp and connect, in the spirit of ping/arping/nping
 *
 * Each subcommand reads its options, crafts its frames (lsc-craft) and
 * optionally shows the first one as a layer tree; a craft session
 * (lsc-craft-session) sends them on a main loop and pairs what comes back,
 * and this file prints each event the way ping, arping and nping do.
 * `connect` prints what lsc-craft-connect tells of an ordinary connection.
 */
#include "lsc-config.h"
#include "cli/lsc-cli-craft.h"
#include "cli/lsc-cli-lab.h"
#include "core/lsc-conv.h"
#include "core/lsc-dissect.h"
#include "core/lsc-format.h"
#include "core/lsc-i18n.h"
#include "core/lsc-layers.h"
#include "capture/lsc-capture-file.h"
#include "capture/lsc-source.h"
#include "craft/lsc-craft.h"
#include "craft/lsc-craft-link.h"
#include "craft/lsc-craft-match.h"
#include "craft/lsc-craft-session.h"
#include "craft/lsc-craft-connect.h"
#include "bridge/lsc-helper-link.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define MAX_COUNT 10000
#define MAX_SECONDS 3600.0
/* Options with a computed default start here, so that every value typed
 * (-1 included) is checked rather than taken as "default". */
#define UNSET G_MININT
#define UNSET64 G_MININT64

/* FALSE for NaN too (every comparison with NaN is false). */
static gboolean
seconds_ok (double v, double min)
{
  return v >= min && v <= MAX_SECONDS;
}

/* A value given for an option that has a computed default. */
static gboolean
outside (gint64 v, gint64 unset, gint64 lo, gint64 hi)
{
  return v != unset && (v < lo || v > hi);
}

typedef enum { CMD_PING, CMD_ARP, CMD_TCP, CMD_UDP } CraftCmd;

/* Everything the four crafting subcommands share. */
typedef struct {
  const char *name;
  CraftCmd cmd;
  /* options */
  char *iface;
  gint count;
  double interval, timeout;
  gboolean verbose, dry_run, hex;
  char *dst_mac, *model_name;
  gint ttl, size, id;
  char *pattern;
  gboolean bad_ip_cksum, bad_cksum;
  gboolean gratuitous, probe_mode;
  char *dport, *sport, *flags, *data, *hexdata;
  gint64 seq, ack;
  gint window, mss, wscale;
  gboolean sack_perm;
  gint64 tsval, tsecr;
  /* resolved */
  LscModel model;
  LscCraftIface ifc;
  guint32 dst, next_hop;
  char dst_text[48];
  guint8 dst_mac_bytes[6];
  gboolean have_dst_mac;
  guint16 dport_n, sport_n, flags_n;
  GBytes *payload;
  /* running */
  GMainLoop *loop;
  int status;
  gboolean failed, rst_explained;
} Craft;

static int
fail (const char *name, int code, const char *fmt, ...) G_GNUC_PRINTF (3, 4);

static int
fail (const char *name, int code, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  fprintf (stderr, "layerscope-cli %s: %s\n", name, msg);
  return code;
}

static void
ip_text (guint32 net, char buf[48])
{
  lsc_format_ipv4 (g_ntohl (net), buf);
}

/* Decode a frame for showing: the crafted one before sending, or a reply with -V. */
static void
show_frame (LscTree *tree, const guint8 *data, gsize len, gint64 ts, LscModel model, gboolean tree_text, gboolean hex)
{
  LscPacket pkt = { .num = 1, .ts_ns = ts, .ts_first_ns = ts, .ts_prev_ns = ts,
                    .caplen = (guint32) len, .wirelen = (guint32) len,
                    .linktype = LSC_LINK_ETHERNET, .data = data };
  GString *out = g_string_new (NULL);
  lsc_dissect (tree, &pkt, NULL);
  lsc_format_summary_line (tree, out);
  if (tree_text)
    lsc_format_tree_text (tree, model, TRUE, out);
  if (hex)
    lsc_format_hexdump (data, len, out);
  fwrite (out->str, 1, out->len, stdout);
  g_string_free (out, TRUE);
}

/* ---- reaching the wire ---- */


/* ---- building one probe ---- */

static void
fill_ip (Craft *c, LscCraftIp *ip)
{
  memcpy (ip->src_mac, c->ifc.mac, 6);
  memcpy (ip->dst_mac, c->dst_mac_bytes, 6);
  ip->src = c->ifc.ip;
  ip->dst = c->dst;
  if (c->ttl > 0)
    ip->ttl = (guint8) c->ttl;
  if (c->bad_ip_cksum)
    ip->checksum = LSC_CRAFT_CKSUM_BAD;
}

static GBytes *
build_probe (Craft *c, guint i, LscCraftProbe *p, GError **error)
{
  memset (p, 0, sizeof *p);
  p->src = c->ifc.ip;
  p->dst = c->dst;
  switch (c->cmd)
    {
    case CMD_PING:
      {
        LscCraftEcho o;
        lsc_craft_echo_init (&o);
        fill_ip (c, &o.ip);
        o.id = c->id >= 0 ? (guint16) c->id : (guint16) (getpid () & 0xffff);
        o.seq = (guint16) (i + 1);
        if (c->size >= 0)
          o.size = (guint) c->size;
        if (c->payload)
          {
            gsize n;
            const guint8 *d = g_bytes_get_data (c->payload, &n);
            o.pattern_len = (guint) MIN (n, sizeof o.pattern);
            memcpy (o.pattern, d, o.pattern_len);
          }
        if (c->bad_cksum)
          o.checksum = LSC_CRAFT_CKSUM_BAD;
        p->kind = LSC_CRAFT_PROBE_ECHO;
        p->id = o.id;
        p->seq = o.seq;
        return lsc_craft_build_echo (&o, error);
      }
    case CMD_ARP:
      {
        LscCraftArp o;
        lsc_craft_arp_init (&o);
        memcpy (o.src_mac, c->ifc.mac, 6);
        /* A gratuitous ARP announces the address given, the others ask about it. */
        o.sender_ip = c->gratuitous ? c->dst : c->ifc.ip;
        o.target_ip = c->dst;
        o.kind = c->gratuitous ? LSC_CRAFT_ARP_GRATUITOUS : c->probe_mode ? LSC_CRAFT_ARP_PROBE : LSC_CRAFT_ARP_REQUEST;
        if (c->have_dst_mac)
          memcpy (o.dst_mac, c->dst_mac_bytes, 6);
        p->kind = LSC_CRAFT_PROBE_ARP;
        if (o.kind == LSC_CRAFT_ARP_PROBE)
          p->src = 0;
        return lsc_craft_build_arp (&o, error);
      }
    case CMD_TCP:
      {
        LscCraftTcp o;
        lsc_craft_tcp_init (&o);
        fill_ip (c, &o.ip);
        o.dport = c->dport_n;
        if (!c->sport_n)
          c->sport_n = o.sport;  /* one source port for every segment, as nping does */
        o.sport = c->sport_n;
        if (c->flags)
          o.flags = c->flags_n;
        if (c->seq >= 0)
          o.seq = (guint32) c->seq;
        /* An ACK of 0 would acknowledge nothing anyone sent: without --ack
         * pick one random non-zero number for every segment of the run. */
        if (c->ack < 0 && (o.flags & LSC_TCP_ACK))
          while (c->ack <= 0)
            c->ack = g_random_int ();
        if (c->ack >= 0)
          o.ack = (guint32) c->ack;
        if (c->window >= 0)
          o.window = (guint16) c->window;
        if (c->mss >= 0)
          o.mss = (guint16) c->mss;
        o.wscale = c->wscale >= 0 ? c->wscale : -1;
        o.sack_perm = c->sack_perm;
        o.timestamps = c->tsval >= 0;
        o.tsval = c->tsval >= 0 ? (guint32) c->tsval : 0;
        o.tsecr = c->tsecr >= 0 ? (guint32) c->tsecr : 0;
        if (c->payload)
          o.payload = g_bytes_get_data (c->payload, &o.payload_len);
        if (c->bad_cksum)
          o.checksum = LSC_CRAFT_CKSUM_BAD;
        p->kind = LSC_CRAFT_PROBE_TCP;
        p->sport = o.sport;
        p->dport = o.dport;
        p->tcp_seq = o.seq;
        p->tcp_flags = o.flags;
        return lsc_craft_build_tcp (&o, error);
      }
    case CMD_UDP:
    default:
      {
        LscCraftUdp o;
        lsc_craft_udp_init (&o);
        fill_ip (c, &o.ip);
        o.dport = c->dport_n;
        if (!c->sport_n)
          c->sport_n = o.sport;
        o.sport = c->sport_n;
        if (c->payload)
          o.payload = g_bytes_get_data (c->payload, &o.payload_len);
        if (c->bad_cksum)
          o.checksum = LSC_CRAFT_CKSUM_BAD;
        p->kind = LSC_CRAFT_PROBE_UDP;
        p->sport = o.sport;
        p->dport = o.dport;
        return lsc_craft_build_udp (&o, error);
      }
    }
}

/* ---- reporting what came back ---- */

static const char *
icmp_error_text (guint8 type, guint8 code)
{
  if (type == 11)
    return code == 0 ? _("Time to live exceeded in transit") : _("Fragment reassembly time exceeded");
  if (type == 12)
    return _("Parameter problem");
  switch (code)
    {
    case 0: return _("Destination network unreachable");
    case 1: return _("Destination host unreachable");
    case 2: return _("Destination protocol unreachable");
    case 3: return _("Destination port unreachable");
    case 4: return _("Fragmentation needed but DF set");
    case 13: return _("Communication administratively prohibited");
    default: return _("Destination unreachable");
    }
}

static const char local_rst_explanation[] = N_(
  "   Why: the SYN-ACK reached this machine's kernel, but the SYN was crafted by hand,\n"
  "   not sent by a socket: the kernel has no socket (no connect()) for this address\n"
  "   and port pair, so it treats the SYN-ACK as unexpected and answers with RST\n"
  "   (RFC 9293, 3.10.7.1). A real client would have sent the final ACK instead;\n"
  "   `layerscope-cli connect HOST:PORT` shows that handshake.\n");

static void
report (Craft *c, const LscCraftEvent *ev)
{
  const LscPinfo *pi = lsc_tree_pinfo_const (ev->tree);
  const LscCraftProbe *probe = ev->probe;
  double rtt = ev->rtt_ms;
  char from[48], tcpf[16], local[48];
  guint32 src;
  memcpy (&src, pi->l3_src, 4);
  ip_text (src, from);

  if (ev->match == LSC_CRAFT_MATCH_LOCAL_RST)
    {
      lsc_craft_format_tcp_flags (pi->tcp_flags, tcpf);
      ip_text (probe->src, local);
      printf ("local kernel sent %s %s:%u > %s:%u seq=%u\n", tcpf, local, pi->srcport, c->dst_text, pi->dstport,
              pi->tcp_seq);
      if (!c->rst_explained)
        fputs (_(local_rst_explanation), stdout);
      c->rst_explained = TRUE;
      return;
    }
  if (ev->match == LSC_CRAFT_MATCH_ICMP_ERROR)
    {
      switch (probe->kind)
        {
        case LSC_CRAFT_PROBE_ECHO:
          printf ("From %s icmp_seq=%u %s (type %u code %u)\n", from, probe->seq,
                  icmp_error_text (pi->icmp_type, pi->icmp_code), pi->icmp_type, pi->icmp_code);
          break;
        default:
          printf ("From %s port %u: %s (type %u code %u)\n", from, probe->dport,
                  icmp_error_text (pi->icmp_type, pi->icmp_code), pi->icmp_type, pi->icmp_code);
          break;
        }
      if (pi->icmp_type == 11 && pi->icmp_code == 0)
        printf (_("   %s decremented the TTL to 0 and dropped the datagram instead of forwarding it.\n"), from);
      return;
    }

  const char *dup_text = ev->duplicate ? " (DUP!)" : "";
  switch (probe->kind)
    {
    case LSC_CRAFT_PROBE_ECHO:
      printf ("%u bytes from %s: icmp_seq=%u ttl=%u time=%.3f ms%s\n", pi->ip_len > 20 ? pi->ip_len - 20 : 0,
              from, pi->icmp_seq, pi->ttl, rtt, dup_text);
      break;
    case LSC_CRAFT_PROBE_ARP:
      {
        char spa[48], sha[48];
        guint32 a;
        memcpy (&a, pi->arp_spa, 4);
        ip_text (a, spa);
        lsc_format_mac (pi->arp_sha, sha);
        printf ("Unicast reply from %s [%s]  %.3f ms%s\n", spa, sha, rtt, dup_text);
        break;
      }
    case LSC_CRAFT_PROBE_TCP:
      lsc_craft_format_tcp_flags (pi->tcp_flags, tcpf);
      printf ("reply %s from %s:%u seq=%u ack=%u win=%u", tcpf, from, pi->srcport, pi->tcp_seq, pi->tcp_ack,
              pi->tcp_window);
      if (pi->tcp_mss)
        printf (" mss=%u", pi->tcp_mss);
      printf (" ttl=%u time=%.3f ms%s\n", pi->ttl, rtt, dup_text);
      if ((pi->tcp_flags & (LSC_TCP_SYN | LSC_TCP_ACK)) == (LSC_TCP_SYN | LSC_TCP_ACK))
        printf (_("   port %u is open: the server's kernel answered the SYN (handshake 2/3)%s.\n"), pi->srcport,
                pi->tcp_ack == probe->tcp_seq + 1 ? _(", acknowledging our sequence number + 1") : "");
      else if (pi->tcp_flags & LSC_TCP_RST)
        printf (_("   port %u answered with RST: nothing listens there (closed).\n"), pi->srcport);
      break;
    case LSC_CRAFT_PROBE_UDP:
      printf ("UDP reply from %s:%u: %u bytes time=%.3f ms%s\n", from, pi->srcport, pi->udp_len, rtt, dup_text);
      break;
    }
}

/* ---- the run, as the session tells it ---- */

/* The statistics at the end, and the exit status they mean. */
static int
summary (Craft *c, const LscCraftStats *st)
{
  if (c->cmd == CMD_TCP && st->expect_rst && !st->rst_seen)
    printf ("%s", _("(no RST from the local kernel was seen: a firewall rule may drop it)\n"));

  printf ("--- %s %s statistics ---\n", c->dst_text, c->name);
  printf ("%u sent, %u received", st->sent, st->replies);
  if (st->errors)
    printf (", +%u errors", st->errors);
  printf (", %.0f%% loss\n", st->sent ? 100.0 * (st->sent - MIN (st->replies, st->sent)) / st->sent : 0.0);
  if (st->replies)
    printf ("rtt min/avg/max = %.3f/%.3f/%.3f ms\n", st->rtt_min, st->rtt_sum / st->replies, st->rtt_max);
  /* A UDP port that stays silent is normal (open|filtered), and a gratuitous
   * ARP expects no answer at all; for the others no answer is a failure. */
  if (c->cmd == CMD_ARP && c->gratuitous)
    printf ("%s", _("(a gratuitous ARP asks for no answer: the neighbours just update their caches)\n"));
  if (c->cmd == CMD_UDP || (c->cmd == CMD_ARP && c->gratuitous))
    return 0;
  return st->replies > 0 ? 0 : 1;
}

static void
print_header (Craft *c)
{
  char src[48];
  ip_text (c->ifc.ip, src);
  switch (c->cmd)
    {
    case CMD_PING:
      printf ("PING %s from %s %s: %d data bytes\n", c->dst_text, src, c->ifc.name, c->size >= 0 ? c->size : 56);
      break;
    case CMD_ARP:
      printf ("ARPING %s from %s %s%s\n", c->dst_text, c->probe_mode ? "0.0.0.0" : src, c->ifc.name,
              c->gratuitous ? " (gratuitous)" : c->probe_mode ? " (probe)" : "");
      break;
    case CMD_TCP:
    case CMD_UDP:
      printf ("%s to %s port %u from %s %s\n", c->cmd == CMD_TCP ? "TCP" : "UDP", c->dst_text, c->dport_n, src,
              c->ifc.name);
      break;
    }
}

static GBytes *
build_cb (LscCraftSession *session, guint i, LscCraftProbe *p, gpointer data, GError **error)
{
  Craft *c = data;
  (void) session;
  GBytes *frame = build_probe (c, i, p, error);
  if (frame && i == 0 && c->verbose)
    {
      g_autoptr (LscTree) tree = lsc_tree_new ();
      gsize n;
      const guint8 *d = g_bytes_get_data (frame, &n);
      printf ("%s", _("Crafted frame:\n"));
      show_frame (tree, d, n, g_get_real_time () * 1000, c->model, TRUE, c->hex);
    }
  return frame;
}

static void
event_cb (LscCraftSession *session, const LscCraftEvent *ev, gpointer data)
{
  Craft *c = data;
  switch (ev->kind)
    {
    case LSC_CRAFT_EVENT_READY:
      if (c->cmd != CMD_ARP && !c->have_dst_mac)
        {
          memcpy (c->dst_mac_bytes, ev->mac, 6);
          c->have_dst_mac = TRUE;
        }
      print_header (c);
      break;
    case LSC_CRAFT_EVENT_SENT:
      break;
    case LSC_CRAFT_EVENT_REPLY:
      if (c->verbose)
        {
          GString *line = g_string_new (NULL);
          lsc_format_summary_line (ev->tree, line);
          fputs (line->str, stdout);
          g_string_free (line, TRUE);
        }
      report (c, ev);
      break;
    case LSC_CRAFT_EVENT_TIMEOUT:
      if (ev->probe->kind == LSC_CRAFT_PROBE_ECHO)
        printf (_("no reply to icmp_seq=%u\n"), ev->probe->seq);
      else
        printf (_("no reply to probe %u\n"), ev->index + 1);
      break;
    case LSC_CRAFT_EVENT_ERROR:
      /* Values the builder refused are bad input; the rest failed on the way. */
      c->status = fail (c->name, ev->stage == LSC_CRAFT_STAGE_BUILD ? 2 : 1, "%s", ev->error->message);
      c->failed = TRUE;
      break;
    case LSC_CRAFT_EVENT_FINISHED:
      if (!c->failed)
        c->status = summary (c, lsc_craft_session_get_stats (session));
      g_main_loop_quit (c->loop);
      break;
    }
}

/* ---- option parsing shared by the crafting subcommands ---- */

static int
parse_common (Craft *c, int argc, char **argv, GOptionEntry *extra, const char *param, const char *summary,
              char **host_out)
{
  GOptionEntry common[] = {
    { "interface", 'i', 0, G_OPTION_ARG_STRING, &c->iface, N_("Send on IFACE (default: the route's interface)"), N_("IFACE") },
    { "count", 'c', 0, G_OPTION_ARG_INT, &c->count, N_("Send N frames"), N_("N") },
    { "interval", 0, 0, G_OPTION_ARG_DOUBLE, &c->interval, N_("Seconds between frames (default 1)"), N_("S") },
    { "timeout", 'W', 0, G_OPTION_ARG_DOUBLE, &c->timeout, N_("Seconds to wait for the last answer (default 1)"), N_("S") },
    { "verbose", 'V', 0, G_OPTION_ARG_NONE, &c->verbose, N_("Show the crafted frame's layer tree before sending, and each answer's summary"), NULL },
    { "hexdump", 'x', 0, G_OPTION_ARG_NONE, &c->hex, N_("Add a hex dump of the crafted frame"), NULL },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &c->dry_run, N_("Only build and show the frame; send nothing (no privileges needed)"), NULL },
    { "dst-mac", 0, 0, G_OPTION_ARG_STRING, &c->dst_mac, N_("Ethernet destination instead of the resolved one"), N_("MAC") },
    { "model", 0, 0, G_OPTION_ARG_STRING, &c->model_name, N_("Group the tree by osi, tcpip4 or tcpip5"), N_("MODEL") },
    { NULL }
  };
  g_autofree char *prgname = g_strdup_printf ("layerscope-cli %s", c->name);
  g_set_prgname (prgname);
  g_autoptr (GOptionContext) ctx = g_option_context_new (param);
  g_option_context_set_summary (ctx, summary);
  g_option_context_add_main_entries (ctx, extra, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (ctx, common, GETTEXT_PACKAGE);
  g_autoptr (GError) err = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &err))
    return fail (c->name, 2, "%s", err->message);
  if (argc != 2)
    return fail (c->name, 2, "expected one %s (see --help)", param);
  *host_out = argv[1];

  if (c->count < 1 || c->count > MAX_COUNT)
    return fail (c->name, 2, "--count must be between 1 and %d", MAX_COUNT);
  if (!seconds_ok (c->interval, 0.01) || !seconds_ok (c->timeout, 0.01))
    return fail (c->name, 2, "--interval and --timeout must be between 0.01 and %.0f seconds", MAX_SECONDS);
  c->model = LSC_MODEL_OSI;
  if (c->model_name && !lsc_model_from_string (c->model_name, &c->model))
    return fail (c->name, 2, "unknown model '%s' (use osi, tcpip4 or tcpip5)", c->model_name);
  if (c->dst_mac)
    {
      if (!lsc_craft_parse_mac (c->dst_mac, c->dst_mac_bytes, &err))
        return fail (c->name, 2, "%s", err->message);
      c->have_dst_mac = TRUE;
    }
  return 0;
}

static int
craft_run (Craft *c, const char *host)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (LscCraftSession) session = lsc_craft_session_new ();
  LscCraftTargetFlags flags = LSC_CRAFT_TARGET_DEFAULT;
  if (c->cmd == CMD_ARP && c->gratuitous)
    flags |= LSC_CRAFT_TARGET_OWN_ADDRESS;
  if (c->cmd == CMD_ARP && c->probe_mode)
    flags |= LSC_CRAFT_TARGET_NO_SOURCE_OK;
  if (c->dry_run)
    flags |= LSC_CRAFT_TARGET_LOOPBACK_OK;
  /* A typo, no such interface or no route is bad input; an interface that cannot send is not. */
  if (!lsc_craft_session_set_target (session, host, c->iface, flags, &err))
    return fail (c->name, g_error_matches (err, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_FAILED) ? 1 : 2, "%s",
                 err->message);
  c->ifc = *lsc_craft_session_get_iface (session);
  c->dst = lsc_craft_session_get_destination (session);
  c->next_hop = lsc_craft_session_get_next_hop (session);
  g_strlcpy (c->dst_text, lsc_craft_session_get_destination_text (session), sizeof c->dst_text);
  if (c->have_dst_mac)
    lsc_craft_session_set_dst_mac (session, c->dst_mac_bytes);

  if (c->dry_run)
    {
      if (!c->have_dst_mac && c->cmd != CMD_ARP)
        {
          c->have_dst_mac = lsc_craft_session_lookup_dst_mac (session, c->dst_mac_bytes);
          if (!c->have_dst_mac)
            {
              char hop[48];
              ip_text (c->next_hop, hop);
              printf (_("(the MAC of %s is not in the neighbour table: shown as 00:00:00:00:00:00;"
                        " sending resolves it with ARP)\n"), hop);
            }
        }
      LscCraftProbe p;
      g_autoptr (GBytes) frame = build_probe (c, 0, &p, &err);
      if (!frame)
        return fail (c->name, 2, "%s", err->message);
      g_autoptr (LscTree) tree = lsc_tree_new ();
      gsize n;
      const guint8 *d = g_bytes_get_data (frame, &n);
      show_frame (tree, d, n, g_get_real_time () * 1000, c->model, TRUE, TRUE);
      return 0;
    }

  /* ARP frames carry their own destination. */
  lsc_craft_session_set_resolve_mac (session, c->cmd != CMD_ARP);
  lsc_craft_session_set_count (session, (guint) c->count);
  lsc_craft_session_set_interval (session, c->interval);
  lsc_craft_session_set_timeout (session, c->timeout);
  lsc_craft_session_set_builder (session, build_cb, c);
  lsc_craft_session_set_handler (session, event_cb, c);
  lsc_craft_session_set_link_fallback (session, lsc_helper_craft_link, NULL);
  if (!lsc_craft_session_start (session, &err))
    return fail (c->name, 1, "%s%s", err->message,
                 g_error_matches (err, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_PERMISSION)
                 ? _(", or use --dry-run to only show the frame") : "");
  c->loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (c->loop);
  g_clear_pointer (&c->loop, g_main_loop_unref);
  return c->status;
}

static void
craft_clear (Craft *c)
{
  g_free (c->iface);
  g_free (c->dst_mac);
  g_free (c->model_name);
  g_free (c->pattern);
  g_free (c->dport);
  g_free (c->sport);
  g_free (c->flags);
  g_free (c->data);
  g_free (c->hexdata);
  g_clear_pointer (&c->payload, g_bytes_unref);
}

static void
craft_defaults (Craft *c, const char *name, CraftCmd cmd, gint count)
{
  memset (c, 0, sizeof *c);
  c->name = name;
  c->cmd = cmd;
  c->count = count;
  c->interval = 1.0;
  c->timeout = 1.0;
  c->ttl = UNSET;
  c->size = UNSET;
  c->id = UNSET;
  c->seq = UNSET64;
  c->ack = UNSET64;
  c->window = UNSET;
  c->mss = UNSET;
  c->wscale = UNSET;
  c->tsval = UNSET64;
  c->tsecr = UNSET64;
}

static int
payload_option (Craft *c)
{
  g_autoptr (GError) err = NULL;
  if (c->data && c->hexdata)
    return fail (c->name, 2, "give --data or --hex, not both");
  if (c->data)
    c->payload = g_bytes_new (c->data, strlen (c->data));
  else if (c->hexdata && !(c->payload = lsc_craft_parse_hex (c->hexdata, &err)))
    return fail (c->name, 2, "%s", err->message);
  return 0;
}

static int
ttl_option (Craft *c)
{
  if (outside (c->ttl, UNSET, 1, 255))
    return fail (c->name, 2, "--ttl must be between 1 and 255");
  return 0;
}

static int
cmd_ping (int argc, char **argv)
{
  Craft c;
  char *host = NULL;
  craft_defaults (&c, "ping", CMD_PING, 4);
  GOptionEntry e[] = {
    { "size", 's', 0, G_OPTION_ARG_INT, &c.size, N_("Payload bytes (default 56)"), N_("N") },
    { "ttl", 't', 0, G_OPTION_ARG_INT, &c.ttl, N_("IP time to live (1 shows the first router's time-exceeded)"), N_("N") },
    { "pattern", 'p', 0, G_OPTION_ARG_STRING, &c.hexdata, N_("Fill the payload with these hex bytes (up to 16)"), N_("HEX") },
    { "id", 0, 0, G_OPTION_ARG_INT, &c.id, N_("Echo identifier (default: the process id)"), N_("N") },
    { "bad-checksum", 0, 0, G_OPTION_ARG_NONE, &c.bad_cksum, N_("Send a wrong ICMP checksum"), NULL },
    { "bad-ip-checksum", 0, 0, G_OPTION_ARG_NONE, &c.bad_ip_cksum, N_("Send a wrong IP header checksum"), NULL },
    { NULL }
  };
  int r = parse_common (&c, argc, argv, e, "HOST", _("Send ICMP echo requests and pair the replies."), &host);
  if (!r)
    r = ttl_option (&c);
  if (!r && outside (c.size, UNSET, 0, 1472))
    r = fail (c.name, 2, "--size must be between 0 and 1472 (one Ethernet frame)");
  if (!r && outside (c.id, UNSET, 0, 65535))
    r = fail (c.name, 2, "--id must be between 0 and 65535");
  if (!r)
    r = payload_option (&c);
  if (!r && c.payload && (g_bytes_get_size (c.payload) == 0 || g_bytes_get_size (c.payload) > 16))
    r = fail (c.name, 2, "--pattern takes 1 to 16 bytes of hex");
  if (!r)
    r = craft_run (&c, host);
  craft_clear (&c);
  return r;
}

static int
cmd_arp (int argc, char **argv)
{
  Craft c;
  char *host = NULL;
  craft_defaults (&c, "arp", CMD_ARP, 3);
  GOptionEntry e[] = {
    { "gratuitous", 'U', 0, G_OPTION_ARG_NONE, &c.gratuitous, N_("Announce the interface's own address (IP is then ignored for the target)"), NULL },
    { "probe", 'D', 0, G_OPTION_ARG_NONE, &c.probe_mode, N_("RFC 5227 probe: ask with sender address 0.0.0.0 (duplicate address detection)"), NULL },
    { NULL }
  };
  int r = parse_common (&c, argc, argv, e, "IP", _("Send ARP requests and pair the replies."), &host);
  if (!r && c.gratuitous && c.probe_mode)
    r = fail (c.name, 2, "%s", _("give --gratuitous or --probe, not both"));
  if (!r)
    r = craft_run (&c, host);
  craft_clear (&c);
  return r;
}

static int
ports_option (Craft *c)
{
  g_autoptr (GError) err = NULL;
  if (!c->dport)
    return fail (c->name, 2, "%s", _("--dport is required"));
  if (!lsc_craft_parse_port (c->dport, &c->dport_n, &err) ||
      (c->sport && !lsc_craft_parse_port (c->sport, &c->sport_n, &err)))
    return fail (c->name, 2, "%s", err->message);
  return 0;
}

/* tcp and udp share their port, payload and IP options; tcp adds its header's. */
static int
cmd_transport (int argc, char **argv, CraftCmd cmd)
{
  Craft c;
  char *host = NULL;
  gboolean tcp = cmd == CMD_TCP;
  craft_defaults (&c, tcp ? "tcp" : "udp", cmd, 1);
  GOptionEntry e[] = {
    { "dport", 'p', 0, G_OPTION_ARG_STRING, &c.dport, N_("Destination port (required)"), N_("PORT") },
    { "sport", 0, 0, G_OPTION_ARG_STRING, &c.sport, N_("Source port (default: a random ephemeral port)"), N_("PORT") },
    { "data", 0, 0, G_OPTION_ARG_STRING, &c.data, N_("Payload text"), N_("TEXT") },
    { "hex", 0, 0, G_OPTION_ARG_STRING, &c.hexdata, N_("Payload bytes in hex"), N_("HEX") },
    { "ttl", 't', 0, G_OPTION_ARG_INT, &c.ttl, N_("IP time to live"), N_("N") },
    { "bad-checksum", 0, 0, G_OPTION_ARG_NONE, &c.bad_cksum, N_("Send a wrong TCP/UDP checksum"), NULL },
    { "bad-ip-checksum", 0, 0, G_OPTION_ARG_NONE, &c.bad_ip_cksum, N_("Send a wrong IP header checksum"), NULL },
    /* TCP only from here: the entries end early for UDP. */
    { "flags", 0, 0, G_OPTION_ARG_STRING, &c.flags, N_("TCP flags as letters F S R P A U E C (default S)"), N_("FLAGS") },
    { "seq", 0, 0, G_OPTION_ARG_INT64, &c.seq, N_("Sequence number (default random)"), N_("N") },
    { "ack", 0, 0, G_OPTION_ARG_INT64, &c.ack, N_("Acknowledgment number (default: a random non-zero number when the flags include A, else 0)"), N_("N") },
    { "window", 0, 0, G_OPTION_ARG_INT, &c.window, N_("Window (default 64240)"), N_("N") },
    { "mss", 0, 0, G_OPTION_ARG_INT, &c.mss, N_("MSS option value, 0 for no option (default 1460)"), N_("N") },
    { "wscale", 0, 0, G_OPTION_ARG_INT, &c.wscale, N_("Window scale option with this shift count (0-14)"), N_("N") },
    { "sack-perm", 0, 0, G_OPTION_ARG_NONE, &c.sack_perm, N_("SACK-permitted option"), NULL },
    { "tsval", 0, 0, G_OPTION_ARG_INT64, &c.tsval, N_("Timestamps option with this value"), N_("N") },
    { "tsecr", 0, 0, G_OPTION_ARG_INT64, &c.tsecr, N_("Timestamp echo reply of the timestamps option (default 0)"), N_("N") },
    { NULL }
  };
  if (!tcp)
    memset (&e[7], 0, sizeof e[7]);
  g_autoptr (GError) err = NULL;
  int r = parse_common (&c, argc, argv, e, "HOST",
                        tcp ? _("Send a crafted TCP segment (a SYN by default) and pair the answer.")
                            : _("Send a crafted UDP datagram and pair the answer (a reply or ICMP port unreachable)."),
                        &host);
  if (!r)
    r = ports_option (&c);
  if (!r)
    r = ttl_option (&c);
  if (!r && c.flags && !lsc_craft_parse_tcp_flags (c.flags, &c.flags_n, &err))
    r = fail (c.name, 2, "%s", err->message);
  if (!r && (outside (c.seq, UNSET64, 0, G_MAXUINT32) || outside (c.ack, UNSET64, 0, G_MAXUINT32)))
    r = fail (c.name, 2, "--seq and --ack must be between 0 and 4294967295");
  if (!r && (outside (c.window, UNSET, 0, 65535) || outside (c.mss, UNSET, 0, 65535)))
    r = fail (c.name, 2, "--window and --mss must be between 0 and 65535");
  if (!r && outside (c.wscale, UNSET, 0, 14))
    r = fail (c.name, 2, "--wscale must be between 0 and 14");
  if (!r && (outside (c.tsval, UNSET64, 0, G_MAXUINT32) || outside (c.tsecr, UNSET64, 0, G_MAXUINT32)))
    r = fail (c.name, 2, "--tsval and --tsecr must be between 0 and 4294967295");
  if (!r && c.tsecr != UNSET64 && c.tsval == UNSET64)
    r = fail (c.name, 2, "--tsecr belongs to the timestamps option: give --tsval too");
  if (!r)
    r = payload_option (&c);
  if (!r)
    r = craft_run (&c, host);
  craft_clear (&c);
  return r;
}

static int
cmd_tcp (int argc, char **argv)
{
  return cmd_transport (argc, argv, CMD_TCP);
}

static int
cmd_udp (int argc, char **argv)
{
  return cmd_transport (argc, argv, CMD_UDP);
}

/* ---- connect: the kernel's own handshake, watched (lsc-craft-connect) ---- */

typedef struct {
  GMainLoop *loop;
  LscModel model;
  gboolean verbose;
  double timeout;
  int status;
} ConnectRun;

static void
connect_event_cb (LscCraftConnect *conn, const LscCraftConnectEvent *ev, gpointer data)
{
  ConnectRun *run = data;
  (void) conn;
  switch (ev->kind)
    {
    case LSC_CRAFT_CONNECT_SEGMENT:
      {
        GString *out = g_string_new (NULL);
        lsc_format_summary_line (ev->tree, out);
        g_string_append_printf (out, "        %s: %s%s%s (client %s, server %s)\n",
                                ev->from_client ? "client → server" : "server → client",
                                lsc_conv_role_label (ev->role), ev->cause ? " — " : "", ev->cause ? ev->cause : "",
                                lsc_tcp_state_name (ev->client_state), lsc_tcp_state_name (ev->server_state));
        if (run->verbose)
          lsc_format_tree_text (ev->tree, run->model, TRUE, out);
        fwrite (out->str, 1, out->len, stdout);
        g_string_free (out, TRUE);
        break;
      }
    case LSC_CRAFT_CONNECT_ESTABLISHED:
      printf ("%s", _("[socket] connect() returned 0: ESTABLISHED\n"));
      break;
    case LSC_CRAFT_CONNECT_FAILED:
      printf (_("[socket] connect() failed: %s\n"), g_strerror (ev->errnum));
      run->status = 1;
      break;
    case LSC_CRAFT_CONNECT_TIMED_OUT:
      printf (_("[socket] connect() did not finish within %.1f s\n"), run->timeout);
      run->status = 1;
      break;
    case LSC_CRAFT_CONNECT_SENT:
      printf ("[socket] send(): %zd bytes\n", ev->bytes);
      break;
    case LSC_CRAFT_CONNECT_RECEIVED:
      printf ("[socket] recv(): %zd bytes\n", ev->bytes);
      break;
    case LSC_CRAFT_CONNECT_PEER_CLOSED:
      printf (_("[socket] recv() returned %zd: the server closed its side\n"), ev->bytes);
      break;
    case LSC_CRAFT_CONNECT_CLOSING:
      printf (_("[socket] close(): %" PRIu64 " bytes received in all; the kernel starts the teardown\n"), ev->total);
      break;
    case LSC_CRAFT_CONNECT_ERROR:
      fail ("connect", 1, "%s", ev->error->message);
      run->status = 1;
      break;
    case LSC_CRAFT_CONNECT_FINISHED:
      if (run->status == 0 && !ev->closed)
        printf (_("(the teardown was not seen complete within %.1f s)\n"), run->timeout);
      printf ("--- %" G_GUINT64_FORMAT " segments of this connection seen ---\n", ev->segments);
      g_main_loop_quit (run->loop);
      break;
    }
}

static int
cmd_connect (int argc, char **argv)
{
  g_autofree char *iface = NULL, *send_text = NULL, *model_name = NULL;
  double timeout = 3.0, wait_reply = 1.0;
  gboolean verbose = FALSE;
  GOptionEntry e[] = {
    { "interface", 'i', 0, G_OPTION_ARG_STRING, &iface, N_("Capture on IFACE (default: the route's interface)"), N_("IFACE") },
    { "send", 's', 0, G_OPTION_ARG_STRING, &send_text, N_("Send TEXT once connected"), N_("TEXT") },
    { "timeout", 'W', 0, G_OPTION_ARG_DOUBLE, &timeout, N_("Seconds allowed for connecting and for closing (default 3)"), N_("S") },
    { "wait", 0, 0, G_OPTION_ARG_DOUBLE, &wait_reply, N_("Seconds to wait for the server's data before closing (default 1)"), N_("S") },
    { "verbose", 'V', 0, G_OPTION_ARG_NONE, &verbose, N_("Show each segment's layer tree"), NULL },
    { "model", 0, 0, G_OPTION_ARG_STRING, &model_name, N_("Group the tree by osi, tcpip4 or tcpip5"), N_("MODEL") },
    { NULL }
  };
  g_set_prgname ("layerscope-cli connect");
  g_autoptr (GOptionContext) ctx = g_option_context_new ("HOST:PORT");
  g_option_context_set_summary (ctx, _("Open an ordinary TCP connection (connect, send, close) and show the kernel's own handshake and teardown."));
  g_option_context_add_main_entries (ctx, e, GETTEXT_PACKAGE);
  g_autoptr (GError) err = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &err))
    return fail ("connect", 2, "%s", err->message);
  if (argc != 2)
    return fail ("connect", 2, "expected one HOST:PORT (see --help)");
  if (!seconds_ok (timeout, 0.01) || !seconds_ok (wait_reply, 0))
    return fail ("connect", 2, "--timeout and --wait must be between 0.01 and %.0f seconds", MAX_SECONDS);

  ConnectRun run = { .model = LSC_MODEL_OSI, .verbose = verbose, .timeout = timeout };
  if (model_name && !lsc_model_from_string (model_name, &run.model))
    return fail ("connect", 2, "unknown model '%s' (use osi, tcpip4 or tcpip5)", model_name);

  const char *colon = strrchr (argv[1], ':');
  if (!colon || colon == argv[1])
    return fail ("connect", 2, _("'%s' is not HOST:PORT"), argv[1]);
  g_autofree char *host = g_strndup (argv[1], (gsize) (colon - argv[1]));
  guint32 remote;
  guint16 rport;
  if (!lsc_craft_resolve_ipv4 (host, &remote, &err) || !lsc_craft_parse_port (colon + 1, &rport, &err))
    return fail ("connect", 2, "%s", err->message);

  g_autoptr (LscCraftConnect) conn = lsc_craft_connect_new ();
  if (!lsc_craft_connect_set_interface (conn, iface, remote, &err))
    return fail ("connect", 2, "%s", err->message);
  lsc_craft_connect_set_timeout (conn, timeout);
  lsc_craft_connect_set_wait (conn, wait_reply);
  lsc_craft_connect_set_message (conn, send_text);
  lsc_craft_connect_set_handler (conn, connect_event_cb, &run);
  lsc_craft_connect_set_link_fallback (conn, lsc_helper_craft_link, NULL);
  if (!lsc_craft_connect_start (conn, remote, rport, &err))
    return fail ("connect", 1, "%s", err->message);

  char lt[48];
  ip_text (lsc_craft_connect_get_local_address (conn), lt);
  printf ("connect %s:%u from %s:%u on %s\n", host, rport, lt, lsc_craft_connect_get_local_port (conn),
          lsc_craft_connect_get_iface (conn)->name);
  printf ("%s", _("[socket] socket(AF_INET, SOCK_STREAM) + connect(): the kernel sends the SYN\n"));
  fflush (stdout);
  run.loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (run.loop);
  g_main_loop_unref (run.loop);
  return run.status;
}

/* ---- ether: a bare Ethernet frame, any EtherType, nothing to pair ---- */

static int
ether_run (Craft *c, const char *dst, const char *type)
{
  g_autoptr (GError) err = NULL;
  LscCraftEther o;
  lsc_craft_ether_init (&o);
  if (!lsc_craft_parse_mac (dst, o.dst_mac, &err))
    return fail (c->name, 2, "%s", err->message);
  if (type)
    {
      guint64 v = 0;
      gboolean hex = g_str_has_prefix (type, "0x") || g_str_has_prefix (type, "0X");
      if (!g_ascii_string_to_unsigned (hex ? type + 2 : type, hex ? 16 : 10, 0, 65535, &v, NULL))
        return fail (c->name, 2, "'%s' is not an EtherType (0-65535, e.g. 0x88b5)", type);
      o.type = (guint16) v;
    }
  if (!c->iface)
    return fail (c->name, 2, "%s", _("give -i IFACE: the interface whose MAC is the source"));
  if (!lsc_craft_iface_lookup (c->iface, &c->ifc, &err))
    return fail (c->name, 2, "%s", err->message);
  memcpy (o.src_mac, c->ifc.mac, 6);
  if (c->payload)
    o.payload = g_bytes_get_data (c->payload, &o.payload_len);
  g_autoptr (GBytes) frame = lsc_craft_build_ether (&o, &err);
  if (!frame)
    return fail (c->name, 2, "%s", err->message);
  gsize n;
  const guint8 *d = g_bytes_get_data (frame, &n);
  g_autoptr (LscTree) tree = lsc_tree_new ();
  if (c->dry_run || c->verbose)
    show_frame (tree, d, n, g_get_real_time () * 1000, c->model, TRUE, TRUE);
  if (c->dry_run)
    return 0;
  g_autoptr (LscCraftLink) link = lsc_craft_link_open_any (&c->ifc, lsc_helper_craft_link, NULL, &err);
  if (!link)
    return fail (c->name, 1, "%s", err->message);
  for (gint i = 0; i < c->count; i++)
    {
      if (i > 0)
        g_usleep ((gulong) (c->interval * G_USEC_PER_SEC));
      if (!lsc_craft_link_send (link, frame, NULL, &err))
        return fail (c->name, 1, "%s", err->message);
    }
  printf (g_dngettext (NULL, "Sent %d frame of %u bytes on %s\n", "Sent %d frames of %u bytes on %s\n", (gulong) c->count),
          c->count, (guint) n, c->ifc.name);
  return 0;
}

static int
cmd_ether (int argc, char **argv)
{
  Craft c;
  char *dst = NULL, *type = NULL;
  /* The command kind is not used: ether builds and sends on its own. */
  craft_defaults (&c, "ether", CMD_UDP, 1);
  GOptionEntry e[] = {
    { "type", 0, 0, G_OPTION_ARG_STRING, &type, N_("EtherType, decimal or 0x hex (default 0x88b5, for local experiments)"), N_("TYPE") },
    { "data", 0, 0, G_OPTION_ARG_STRING, &c.data, N_("Payload text"), N_("TEXT") },
    { "hex", 0, 0, G_OPTION_ARG_STRING, &c.hexdata, N_("Payload bytes in hex"), N_("HEX") },
    { NULL }
  };
  int r = parse_common (&c, argc, argv, e, "MAC", _("Send a bare Ethernet frame to MAC: any EtherType, any payload, no padding."),
                        &dst);
  if (!r && c.dst_mac)
    r = fail (c.name, 2, "%s", _("the destination is the MAC argument; --dst-mac is not needed"));
  if (!r)
    r = payload_option (&c);
  if (!r)
    r = ether_run (&c, dst, type);
  g_free (type);
  craft_clear (&c);
  return r;
}

/* ---- dispatch ---- */

static const struct {
  const char *name;
  int (*main) (int argc, char **argv);
} subcommands[] = {
  { "ping", cmd_ping },
  { "arp", cmd_arp },
  { "tcp", cmd_tcp },
  { "udp", cmd_udp },
  { "ether", cmd_ether },
  { "connect", cmd_connect },
  { "lab", lsc_cli_lab_main },
};

gboolean
lsc_cli_is_subcommand (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_strcmp0 (name, subcommands[i].name) == 0)
      return TRUE;
  return FALSE;
}

int
lsc_cli_subcommand_main (int argc, char **argv)
{
  lsc_i18n_init ();
  /* Output goes to pipes in tests and classrooms: keep lines in order with stderr. */
  setvbuf (stdout, NULL, _IOLBF, 0);
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_strcmp0 (argv[0], subcommands[i].name) == 0)
      return subcommands[i].main (argc, argv);
  return fail (argv[0], 2, "unknown subcommand");
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-craft-link.c — libnet for writing, a packet socket for watching */
#include "lsc-config.h"
#include "craft/lsc-craft-link.h"
#include "core/lsc-dissect.h"
#include "core/lsc-format.h"

#include <libnet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct _LscCraftLink {
  LscCraftIface iface;
  libnet_t *net;     /* writes */
  int fd;            /* reads: AF_PACKET, ETH_P_ALL, bound to the interface */
  guint8 buf[65536];
  LscTree *tree;     /* for recognising ARP replies while resolving */
  const LscCraftLinkBackend *backend;  /* instead of net and fd when set */
  gpointer backend_data;
};

static gint64
wall_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_REALTIME, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static gboolean
set_errno_error (GError **error, int e, const char *what, const char *ifname)
{
  if (e == EPERM || e == EACCES)
    g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_PERMISSION, "%s", LSC_CRAFT_PRIVILEGE_HINT);
  else
    g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_FAILED, "%s on %s: %s", what, ifname, g_strerror (e));
  return FALSE;
}

LscCraftLink *
lsc_craft_link_open (const LscCraftIface *iface, GError **error)
{
  g_autoptr (LscCraftLink) l = g_new0 (LscCraftLink, 1);
  l->iface = *iface;
  l->fd = -1;
  l->fd = socket (AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons (ETH_P_ALL));
  if (l->fd < 0)
    {
      set_errno_error (error, errno, "opening a packet socket", iface->name);
      return NULL;
    }
  struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons (ETH_P_ALL), .sll_ifindex = iface->index };
  int on = 1;
  if (bind (l->fd, (struct sockaddr *) &sll, sizeof sll) < 0 ||
      setsockopt (l->fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) < 0)
    {
      set_errno_error (error, errno, "binding the packet socket", iface->name);
      return NULL;
    }
  /* Frames that arrived between socket() and bind() may be from any interface. */
  while (recv (l->fd, l->buf, sizeof l->buf, MSG_DONTWAIT) >= 0)
    ;

  char errbuf[LIBNET_ERRBUF_SIZE] = "";
  l->net = libnet_init (LIBNET_LINK_ADV, (char *) iface->name, errbuf);
  if (!l->net)
    {
      g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_FAILED, "libnet on %s: %s", iface->name, g_strchomp (errbuf));
      return NULL;
    }
  l->tree = lsc_tree_new ();
  return g_steal_pointer (&l);
}

LscCraftLink *
lsc_craft_link_new_with_backend (const LscCraftIface *iface, const LscCraftLinkBackend *backend, gpointer data)
{
  LscCraftLink *l = g_new0 (LscCraftLink, 1);
  l->iface = *iface;
  l->fd = -1;
  l->backend = backend;
  l->backend_data = data;
  l->tree = lsc_tree_new ();
  return l;
}

void
lsc_craft_link_free (LscCraftLink *l)
{
  if (!l)
    return;
  if (l->backend && l->backend->free)
    l->backend->free (l->backend_data);
  if (l->net)
    libnet_destroy (l->net);
  if (l->fd >= 0)
    close (l->fd);
  g_clear_pointer (&l->tree, lsc_tree_free);
  g_free (l);
}

gboolean
lsc_craft_link_send (LscCraftLink *l, GBytes *frame, gint64 *sent_ns, GError **error)
{
  gsize n = 0;
  const guint8 *p = g_bytes_get_data (frame, &n);
  if (sent_ns)
    *sent_ns = wall_ns ();
  if (l->backend)
    return l->backend->send (l->backend_data, p, n, error);
  int w = libnet_adv_write_link (l->net, p, (guint32) n);
  if (w < 0 || (gsize) w != n)
    {
      g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_FAILED, "sending on %s failed: %s", l->iface.name,
                   g_strchomp (libnet_geterror (l->net)));
      return FALSE;
    }
  return TRUE;
}

static int
backend_next (LscCraftLink *l, gint64 deadline, LscPacket *pkt, gboolean *outgoing, GError **error)
{
  gint64 left = deadline - g_get_monotonic_time ();
  if (left <= 0)
    return 0;
  int r = l->backend->next (l->backend_data, (int) MIN ((left + 999) / 1000, G_MAXINT), pkt, error);
  if (r > 0 && outgoing)
    *outgoing = !l->iface.loopback && pkt->caplen >= 12 && memcmp (pkt->data + 6, l->iface.mac, 6) == 0;
  return r;
}

int
lsc_craft_link_next (LscCraftLink *l, gint64 deadline, LscPacket *pkt, gboolean *outgoing, GError **error)
{
  if (l->backend)
    return backend_next (l, deadline, pkt, outgoing, error);
  for (;;)
    {
      gint64 left = deadline - g_get_monotonic_time ();
      if (left <= 0)
        return 0;
      struct pollfd pfd = { .fd = l->fd, .events = POLLIN };
      int r = poll (&pfd, 1, (int) MIN ((left + 999) / 1000, G_MAXINT));
      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        {
          set_errno_error (error, errno, "waiting for frames", l->iface.name);
          return -1;
        }
      if (r == 0)
        return 0;

      struct sockaddr_ll from;
      char control[CMSG_SPACE (sizeof (struct timespec))];
      struct iovec iov = { l->buf, sizeof l->buf };
      struct msghdr msg = { .msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov, .msg_iovlen = 1,
                            .msg_control = control, .msg_controllen = sizeof control };
      ssize_t n = recvmsg (l->fd, &msg, MSG_TRUNC | MSG_DONTWAIT);
      if (n < 0 && (errno == EAGAIN || errno == EINTR))
        continue;
      if (n < 0)
        {
          set_errno_error (error, errno, "reading frames", l->iface.name);
          return -1;
        }
      gint64 ts = 0;
      for (struct cmsghdr *c = CMSG_FIRSTHDR (&msg); c; c = CMSG_NXTHDR (&msg, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS)
          {
            struct timespec t;
            memcpy (&t, CMSG_DATA (c), sizeof t);
            ts = (gint64) t.tv_sec * G_GINT64_CONSTANT (1000000000) + t.tv_nsec;
          }
      memset (pkt, 0, sizeof *pkt);
      pkt->ts_ns = ts ? ts : wall_ns ();
      pkt->wirelen = (guint32) n;
      pkt->caplen = (guint32) MIN ((gsize) n, sizeof l->buf);
      pkt->linktype = LSC_LINK_ETHERNET;
      pkt->data = l->buf;
      if (outgoing)
        *outgoing = from.sll_pkttype == PACKET_OUTGOING;
      return 1;
    }
}

int
lsc_craft_link_get_fd (LscCraftLink *l)
{
  if (l->backend)
    return l->backend->get_fd (l->backend_data);
  return l->fd;
}

const LscCraftIface *
lsc_craft_link_get_iface (LscCraftLink *l)
{
  return &l->iface;
}

gboolean
lsc_craft_link_resolve (LscCraftLink *l, guint32 ip, guint8 mac[6], GError **error)
{
  if (l->iface.loopback)
    {
      /* Loopback frames carry zero addresses; nobody answers ARP there. */
      memset (mac, 0, 6);
      return TRUE;
    }
  if (lsc_craft_neigh_lookup (l->iface.name, ip, mac))
    return TRUE;

  LscCraftArp a;
  lsc_craft_arp_init (&a);
  memcpy (a.src_mac, l->iface.mac, 6);
  a.sender_ip = l->iface.ip;
  a.target_ip = ip;
  g_autoptr (GBytes) req = lsc_craft_build_arp (&a, error);
  if (!req)
    return FALSE;

  for (int attempt = 0; attempt < 3; attempt++)
    {
      if (!lsc_craft_link_send (l, req, NULL, error))
        return FALSE;
      gint64 deadline = g_get_monotonic_time () + 500 * G_TIME_SPAN_MILLISECOND;
      LscPacket pkt;
      gboolean out;
      int r;
      while ((r = lsc_craft_link_next (l, deadline, &pkt, &out, error)) > 0)
        {
          if (out)
            continue;
          lsc_dissect (l->tree, &pkt, NULL);
          const LscPinfo *pi = lsc_tree_pinfo_const (l->tree);
          if ((pi->has & LSC_HAS_ARP) && pi->arp_op == 2 && memcmp (pi->arp_spa, &ip, 4) == 0)
            {
              memcpy (mac, pi->arp_sha, 6);
              return TRUE;
            }
        }
      if (r < 0)
        return FALSE;
    }
  char ipbuf[48];
  lsc_format_ipv4 (g_ntohl (ip), ipbuf);
  g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_NO_NEIGH,
               "cannot resolve the MAC address of %s on %s: no ARP reply (is the host up and on this link?)",
               ipbuf, l->iface.name);
  return FALSE;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-craft-link.c — libnet for writing, a packet socket for watching */
#include "lsc-config.h"
#include "craft/lsc-craft-link.h"

#include <libnet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct _LscCraftLink {
  LscCraftIface iface;
  libnet_t *net;     /* writes */
  int fd;            /* reads: AF_PACKET, ETH_P_ALL, bound to the interface */
  guint8 buf[65536];
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

int
lsc_craft_link_read (LscCraftLink *l, LscPacket *pkt, gboolean *outgoing, GError **error)
{
  if (l->backend)
    {
      int r = l->backend->next (l->backend_data, 0, pkt, error);
      /* Frames from a backend carry no direction: our own MAC as the source says outgoing. */
      if (r > 0 && outgoing)
        *outgoing = !l->iface.loopback && pkt->caplen >= 12 && memcmp (pkt->data + 6, l->iface.mac, 6) == 0;
      return r;
    }
  for (;;)
    {
      struct sockaddr_ll from;
      char control[CMSG_SPACE (sizeof (struct timespec))];
      struct iovec iov = { l->buf, sizeof l->buf };
      struct msghdr msg = { .msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov, .msg_iovlen = 1,
                            .msg_control = control, .msg_controllen = sizeof control };
      ssize_t n = recvmsg (l->fd, &msg, MSG_TRUNC | MSG_DONTWAIT);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return 0;
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

LscCraftLink *
lsc_craft_link_open_any (const LscCraftIface *iface, LscCraftLinkFallback fallback, gpointer data, GError **error)
{
  g_autoptr (GError) direct_err = NULL;
  LscCraftLink *l = lsc_craft_link_open (iface, &direct_err);
  if (l || !fallback || !g_error_matches (direct_err, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_PERMISSION))
    {
      if (!l)
        g_propagate_error (error, g_steal_pointer (&direct_err));
      return l;
    }
  g_autoptr (GError) fallback_err = NULL;
  l = fallback (iface, data, &fallback_err);
  if (!l)
    g_propagate_error (error, g_error_matches (fallback_err, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_PERMISSION)
                                ? g_steal_pointer (&direct_err) : g_steal_pointer (&fallback_err));
  return l;
}

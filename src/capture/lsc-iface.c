/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-iface.c — interface list via pcap_findalldevs and /sys/class/net */
#include "lsc-iface.h"
#include "lsc-capture-file.h"

#include <arpa/inet.h>
#include <glib/gi18n-lib.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
lsc_iface_free (LscIface *iface)
{
  if (!iface)
    return;
  g_free (iface->name);
  g_free (iface->description);
  g_clear_pointer (&iface->addresses, g_ptr_array_unref);
  g_free (iface);
}

static int
prefix_len (const struct sockaddr *mask)
{
  const guint8 *b;
  gsize n;
  if (!mask)
    return -1;
  if (mask->sa_family == AF_INET)
    {
      b = (const guint8 *) &((const struct sockaddr_in *) mask)->sin_addr;
      n = 4;
    }
  else if (mask->sa_family == AF_INET6)
    {
      b = (const guint8 *) &((const struct sockaddr_in6 *) mask)->sin6_addr;
      n = 16;
    }
  else
    return -1;
  int bits = 0;
  for (gsize i = 0; i < n; i++)
    bits += __builtin_popcount (b[i]);
  return bits;
}

static char *
format_address (const struct pcap_addr *a)
{
  char text[INET6_ADDRSTRLEN] = "";
  if (!a->addr)
    return NULL;
  if (a->addr->sa_family == AF_INET)
    inet_ntop (AF_INET, &((const struct sockaddr_in *) a->addr)->sin_addr, text, sizeof text);
  else if (a->addr->sa_family == AF_INET6)
    inet_ntop (AF_INET6, &((const struct sockaddr_in6 *) a->addr)->sin6_addr, text, sizeof text);
  else
    return NULL;
  int bits = prefix_len (a->netmask);
  return bits >= 0 ? g_strdup_printf ("%s/%d", text, bits) : g_strdup (text);
}

static char *
sysfs_read (const char *name, const char *leaf)
{
  /* Interface names never contain '/', but a name passed by a user might. */
  if (strchr (name, '/') || g_str_equal (name, ".") || g_str_equal (name, ".."))
    return NULL;
  g_autofree char *path = g_build_filename ("/sys/class/net", name, leaf, NULL);
  char *text = NULL;
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return g_strstrip (text);
}

/* ARPHRD_ numbers to the link type a capture there produces, without opening
 * the device (which would need privileges). */
static int
linktype_for (const char *name)
{
  if (g_str_equal (name, "any"))
    return 113;  /* LINKTYPE_LINUX_SLL */
  g_autofree char *type = sysfs_read (name, "type");
  if (!type)
    return -1;
  switch (atoi (type))
    {
    case 1:      /* ARPHRD_ETHER */
    case 772:    /* ARPHRD_LOOPBACK: Linux gives it fake Ethernet headers */
      return LSC_LINK_ETHERNET;
    case 65534:  /* ARPHRD_NONE (tun) */
    case 776:    /* ARPHRD_SIT */
      return LSC_LINK_RAW;
    default:
      return -1;
    }
}

static void
fill_hwaddr (LscIface *iface)
{
  g_autofree char *mac = sysfs_read (iface->name, "address");
  unsigned v[6];
  if (mac && sscanf (mac, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) == 6)
    {
      for (int i = 0; i < 6; i++)
        iface->hwaddr[i] = (guint8) v[i];
      iface->has_hwaddr = TRUE;
    }
}

static LscIface *
iface_from_pcap (const pcap_if_t *d)
{
  LscIface *iface = g_new0 (LscIface, 1);
  iface->name = g_strdup (d->name);
  iface->description = g_strdup (d->description);
  iface->addresses = g_ptr_array_new_with_free_func (g_free);
  if (d->flags & PCAP_IF_UP)
    iface->flags |= LSC_IFACE_UP;
  if (d->flags & PCAP_IF_RUNNING)
    iface->flags |= LSC_IFACE_RUNNING;
  if (d->flags & PCAP_IF_LOOPBACK)
    iface->flags |= LSC_IFACE_LOOPBACK;
  if (d->flags & PCAP_IF_WIRELESS)
    iface->flags |= LSC_IFACE_WIRELESS;
  if (g_str_equal (d->name, "any"))
    iface->flags |= LSC_IFACE_ANY;
  iface->linktype = linktype_for (d->name);
  iface->ifindex = (int) if_nametoindex (d->name);
  fill_hwaddr (iface);
  for (const struct pcap_addr *a = d->addresses; a; a = a->next)
    {
      char *text = format_address (a);
      if (text)
        g_ptr_array_add (iface->addresses, text);
    }
  return iface;
}

GPtrArray *
lsc_iface_list (GError **error)
{
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  pcap_if_t *all = NULL;
  if (pcap_findalldevs (&all, errbuf) != 0)
    {
      g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_DEVICE,
                   _("cannot list the interfaces: %s"), errbuf);
      return NULL;
    }
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) lsc_iface_free);
  for (const pcap_if_t *d = all; d; d = d->next)
    {
      /* USB, Bluetooth and netfilter queues: frames Layerscope cannot decode. */
      if (linktype_for (d->name) < 0 && !(d->flags & PCAP_IF_LOOPBACK))
        continue;
      g_ptr_array_add (list, iface_from_pcap (d));
    }
  pcap_freealldevs (all);
  return list;
}

LscIface *
lsc_iface_lookup (const char *name, GError **error)
{
  g_autoptr (GPtrArray) list = lsc_iface_list (error);
  if (!list)
    return NULL;
  for (guint i = 0; i < list->len; i++)
    {
      LscIface *iface = g_ptr_array_index (list, i);
      if (g_str_equal (iface->name, name))
        return g_ptr_array_steal_index (list, i);
    }
  g_set_error (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_DEVICE,
               _("%s: no such interface (see layerscope-cli -D)"), name);
  return NULL;
}

char *
lsc_iface_flags_to_string (guint flags)
{
  GString *s = g_string_new (NULL);
  static const struct { guint bit; const char *name; } names[] = {
    { LSC_IFACE_UP, "UP" }, { LSC_IFACE_RUNNING, "RUNNING" }, { LSC_IFACE_LOOPBACK, "LOOPBACK" },
    { LSC_IFACE_WIRELESS, "WIRELESS" }, { LSC_IFACE_ANY, "ANY" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (flags & names[i].bit)
      g_string_append_printf (s, "%s%s", s->len ? "," : "", names[i].name);
  if (s->len == 0)
    g_string_append (s, "DOWN");
  return g_string_free (s, FALSE);
}

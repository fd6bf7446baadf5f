/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-layers.c — OSI and TCP/IP model tables */
#include "lsc-layers.h"

#include <glib/gi18n-lib.h>

typedef struct {
  const char *name;
  const char *blurb;
} LayerInfo;

static const LayerInfo osi_layers[] = {
  { N_("Physical"), N_("Layer 1 carries raw bits over the medium: what a capture sees of it is the frame's size and timing.") },
  { N_("Data link"), N_("Layer 2 moves frames between neighbours on one link, addressed by MAC address (Ethernet, ARP). ARP sits here because it only ever serves the local link; many textbooks place it in the network layer instead, next to the IP it resolves.") },
  { N_("Network"), N_("Layer 3 routes packets between networks by IP address (IPv4, IPv6, ICMP).") },
  { N_("Transport"), N_("Layer 4 carries data between programs, identified by port numbers (TCP, UDP).") },
  { N_("Session"), N_("Layer 5 sets up and ends the dialogue between programs; in TCP/IP the application does this itself.") },
  { N_("Presentation"), N_("Layer 6 agrees on data formats, encryption and compression; in TCP/IP the application does this itself.") },
  { N_("Application"), N_("Layer 7 is the program's own protocol: the service the user asked for (DNS, HTTP).") },
};

static const LayerInfo tcpip4_layers[] = {
  { N_("Link"), N_("The network access layer: frames on the local link, MAC addresses and ARP (OSI layers 1 and 2).") },
  { N_("Internet"), N_("Routes packets between networks by IP address (IPv4, IPv6, ICMP). Chinese textbooks call this layer 网际层 (the internet layer); in the five-layer and OSI models it is the network layer.") },
  { N_("Transport"), N_("Carries data between programs, identified by port numbers (TCP, UDP).") },
  { N_("Application"), N_("The program's own protocol (DNS, HTTP): OSI layers 5, 6 and 7 together.") },
};

static const LayerInfo tcpip5_layers[] = {
  { N_("Physical"), N_("Bits on the medium: what a capture sees of it is the frame's size and timing.") },
  { N_("Data link"), N_("Frames between neighbours on one link, addressed by MAC address (Ethernet, ARP). ARP sits here because it only ever serves the local link; many textbooks place it in the network layer instead.") },
  { N_("Network"), N_("Routes packets between networks by IP address (IPv4, IPv6, ICMP).") },
  { N_("Transport"), N_("Carries data between programs, identified by port numbers (TCP, UDP).") },
  { N_("Application"), N_("The program's own protocol (DNS, HTTP): OSI layers 5, 6 and 7 together.") },
};

gboolean
lsc_model_from_string (const char *s, LscModel *out)
{
  if (!s)
    return FALSE;
  if (g_ascii_strcasecmp (s, "osi") == 0 || g_ascii_strcasecmp (s, "osi7") == 0)
    *out = LSC_MODEL_OSI;
  else if (g_ascii_strcasecmp (s, "tcpip4") == 0 || g_ascii_strcasecmp (s, "tcpip") == 0 ||
           g_ascii_strcasecmp (s, "tcp/ip") == 0 || g_ascii_strcasecmp (s, "tcp/ip4") == 0)
    *out = LSC_MODEL_TCPIP4;
  else if (g_ascii_strcasecmp (s, "tcpip5") == 0 || g_ascii_strcasecmp (s, "tcp/ip5") == 0)
    *out = LSC_MODEL_TCPIP5;
  else
    return FALSE;
  return TRUE;
}

const char *
lsc_model_to_string (LscModel m)
{
  switch (m)
    {
    case LSC_MODEL_TCPIP4: return "tcpip4";
    case LSC_MODEL_TCPIP5: return "tcpip5";
    case LSC_MODEL_OSI:
    default: return "osi";
    }
}

const char *
lsc_model_name (LscModel m)
{
  switch (m)
    {
    case LSC_MODEL_TCPIP4: return _("TCP/IP (4 layers)");
    case LSC_MODEL_TCPIP5: return _("TCP/IP (5 layers)");
    case LSC_MODEL_OSI:
    default: return _("OSI (7 layers)");
    }
}

static const LayerInfo *
model_table (LscModel m, guint *n)
{
  switch (m)
    {
    case LSC_MODEL_TCPIP4: *n = G_N_ELEMENTS (tcpip4_layers); return tcpip4_layers;
    case LSC_MODEL_TCPIP5: *n = G_N_ELEMENTS (tcpip5_layers); return tcpip5_layers;
    case LSC_MODEL_OSI:
    default: *n = G_N_ELEMENTS (osi_layers); return osi_layers;
    }
}

guint
lsc_model_n_layers (LscModel m)
{
  guint n;
  model_table (m, &n);
  return n;
}

const char *
lsc_model_layer_name (LscModel m, guint k)
{
  guint n;
  const LayerInfo *t = model_table (m, &n);
  return k >= 1 && k <= n ? _(t[k - 1].name) : "";
}

const char *
lsc_model_layer_blurb (LscModel m, guint k)
{
  guint n;
  const LayerInfo *t = model_table (m, &n);
  return k >= 1 && k <= n ? _(t[k - 1].blurb) : "";
}

guint
lsc_model_layer_of (LscModel m, LscOsiLayer osi)
{
  if (osi == LSC_OSI_NONE)
    osi = LSC_OSI_APPLICATION;
  switch (m)
    {
    case LSC_MODEL_TCPIP4:
      if (osi <= LSC_OSI_DATALINK) return 1;
      if (osi == LSC_OSI_NETWORK) return 2;
      if (osi == LSC_OSI_TRANSPORT) return 3;
      return 4;
    case LSC_MODEL_TCPIP5:
      if (osi >= LSC_OSI_SESSION) return 5;
      return (guint) osi;
    case LSC_MODEL_OSI:
    default:
      return (guint) osi;
    }
}

guint
lsc_model_layer_of_node (LscModel m, const LscNode *n)
{
  LscOsiLayer osi = n->osi_layer ? (LscOsiLayer) n->osi_layer
                  : n->field->type == LSC_FT_PROTOCOL ? n->field->layer : LSC_OSI_APPLICATION;
  return lsc_model_layer_of (m, osi);
}

gboolean
lsc_model_node_in_layer (LscModel m, const LscNode *n, guint k)
{
  return !(n->flags & LSC_NODE_HIDDEN) && lsc_model_layer_of_node (m, n) == k;
}

gint32
lsc_model_next_in_layer (LscModel m, const LscTree *t, guint k, gint32 after)
{
  gint32 i = after < 0 ? lsc_tree_first_top (t) : lsc_tree_node (t, after)->next;
  for (; i >= 0; i = lsc_tree_node (t, i)->next)
    if (lsc_model_node_in_layer (m, lsc_tree_node (t, i), k))
      return i;
  return -1;
}

gboolean
lsc_model_layer_is_empty (LscModel m, const LscTree *t, guint k)
{
  return lsc_model_next_in_layer (m, t, k, -1) < 0;
}

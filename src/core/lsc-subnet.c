/* lsc-subnet.c — IPv4 address classes, special ranges and subnet arithmetic */
#include "lsc-subnet.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

typedef struct {
  guint32 network;
  guint32 mask;
  guint8 prefix;
  LscSubnetRange range;
  const char *name;
  const char *rfc;
  const char *explain;
} RangeEntry;

/* The mask of a prefix length, as a constant expression for the table. */
#define MASK(p) ((p) ? 0xffffffffu << (32 - (p)) : 0u)

/* Most specific first: the first match wins. */
static const RangeEntry ranges[] = {
  { 0xffffffffu, MASK (32), 32, LSC_SUBNET_RANGE_LIMITED_BROADCAST, N_("Limited broadcast"), "RFC 919",
    N_("255.255.255.255/32, RFC 919: Sent to every host on this link; routers never forward it.") },
  { 0x00000000u, MASK (8), 8, LSC_SUBNET_RANGE_THIS_NETWORK, N_("\"This network\""), "RFC 1122",
    N_("0.0.0.0/8, RFC 1122: Only valid as a source while a host does not know its address yet (0.0.0.0, e.g. during DHCP).") },
  { 0x0a000000u, MASK (8), 8, LSC_SUBNET_RANGE_PRIVATE, N_("Private"), "RFC 1918",
    N_("10.0.0.0/8, RFC 1918: Free for any organisation to use inside its own network; not routed on the Internet (needs NAT to get out).") },
  { 0xac100000u, MASK (12), 12, LSC_SUBNET_RANGE_PRIVATE, N_("Private"), "RFC 1918",
    N_("172.16.0.0/12, RFC 1918: Free for any organisation to use inside its own network; not routed on the Internet (needs NAT to get out).") },
  { 0xc0a80000u, MASK (16), 16, LSC_SUBNET_RANGE_PRIVATE, N_("Private"), "RFC 1918",
    N_("192.168.0.0/16, RFC 1918: Free for any organisation to use inside its own network; not routed on the Internet (needs NAT to get out).") },
  { 0x64400000u, MASK (10), 10, LSC_SUBNET_RANGE_CGNAT, N_("Shared address space (carrier-grade NAT)"), "RFC 6598",
    N_("100.64.0.0/10, RFC 6598: Used by internet providers between their NAT and their customers' routers.") },
  { 0x7f000000u, MASK (8), 8, LSC_SUBNET_RANGE_LOOPBACK, N_("Loopback"), "RFC 1122",
    N_("127.0.0.0/8, RFC 1122: Addresses of this host itself: packets to them never leave the machine.") },
  { 0xa9fe0000u, MASK (16), 16, LSC_SUBNET_RANGE_LINK_LOCAL, N_("Link-local"), "RFC 3927",
    N_("169.254.0.0/16, RFC 3927: Chosen by a host itself when no DHCP server answered; valid on this link only.") },
  { 0xc0000000u, MASK (24), 24, LSC_SUBNET_RANGE_IETF, N_("IETF protocol assignments"), "RFC 6890",
    N_("192.0.0.0/24, RFC 6890: Reserved for special protocol uses (e.g. DS-Lite, NAT64 discovery).") },
  { 0xc0000200u, MASK (24), 24, LSC_SUBNET_RANGE_DOCUMENTATION, N_("Documentation (TEST-NET-1)"), "RFC 5737",
    N_("192.0.2.0/24, RFC 5737: Reserved for examples in books and manuals; never used on a real network.") },
  { 0xc6336400u, MASK (24), 24, LSC_SUBNET_RANGE_DOCUMENTATION, N_("Documentation (TEST-NET-2)"), "RFC 5737",
    N_("198.51.100.0/24, RFC 5737: Reserved for examples in books and manuals; never used on a real network.") },
  { 0xcb007100u, MASK (24), 24, LSC_SUBNET_RANGE_DOCUMENTATION, N_("Documentation (TEST-NET-3)"), "RFC 5737",
    N_("203.0.113.0/24, RFC 5737: Reserved for examples in books and manuals; never used on a real network.") },
  { 0xc6120000u, MASK (15), 15, LSC_SUBNET_RANGE_BENCHMARKING, N_("Benchmarking"), "RFC 2544",
    N_("198.18.0.0/15, RFC 2544: Reserved for test labs measuring network devices, so tests never collide with real addresses.") },
  { 0xe0000000u, MASK (4), 4, LSC_SUBNET_RANGE_MULTICAST, N_("Multicast"), "RFC 5771",
    N_("224.0.0.0/4, RFC 5771: Addresses a group of receivers instead of one host (class D).") },
  { 0xf0000000u, MASK (4), 4, LSC_SUBNET_RANGE_RESERVED, N_("Reserved"), "RFC 1112",
    N_("240.0.0.0/4, RFC 1112: Reserved for future use (class E); hosts do not accept these addresses.") },
};

guint32
lsc_subnet_mask (guint prefix)
{
  if (prefix == 0)
    return 0;
  if (prefix >= 32)
    return 0xffffffffu;
  return 0xffffffffu << (32 - prefix);
}

int
lsc_subnet_mask_to_prefix (guint32 mask)
{
  int p = 0;
  while (p < 32 && (mask & (0x80000000u >> p)))
    p++;
  return lsc_subnet_mask ((guint) p) == mask ? p : -1;
}

void
lsc_subnet_classify (guint32 addr, LscSubnetClass *out)
{
  memset (out, 0, sizeof *out);
  /* The class is in the leading bits: 0 A, 10 B, 110 C, 1110 D, 1111 E. */
  if (!(addr & 0x80000000u))
    out->klass = 'A', out->default_prefix = 8;
  else if (!(addr & 0x40000000u))
    out->klass = 'B', out->default_prefix = 16;
  else if (!(addr & 0x20000000u))
    out->klass = 'C', out->default_prefix = 24;
  else if (!(addr & 0x10000000u))
    out->klass = 'D';
  else
    out->klass = 'E';

  out->range = LSC_SUBNET_RANGE_PUBLIC;
  out->range_name = N_("Public");
  out->range_explain = N_("An ordinary globally routable address.");
  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    if ((addr & ranges[i].mask) == ranges[i].network)
      {
        out->range = ranges[i].range;
        out->range_network = ranges[i].network;
        out->range_prefix = ranges[i].prefix;
        out->range_name = ranges[i].name;
        out->range_rfc = ranges[i].rfc;
        out->range_explain = ranges[i].explain;
        break;
      }
}

gboolean
lsc_subnet_compute (guint32 addr, guint prefix, LscSubnet *out)
{
  memset (out, 0, sizeof *out);
  if (prefix > 32)
    return FALSE;
  out->addr = addr;
  out->prefix = prefix;
  out->mask = lsc_subnet_mask (prefix);
  out->wildcard = ~out->mask;
  out->network = addr & out->mask;
  out->broadcast = out->network | out->wildcard;
  out->size = (guint64) 1 << (32 - prefix);
  if (prefix == 32)
    {
      out->first_host = out->last_host = addr;
      out->hosts = 1;
    }
  else if (prefix == 31)
    {
      /* RFC 3021: both addresses of a point-to-point link are hosts. */
      out->first_host = out->network;
      out->last_host = out->broadcast;
      out->hosts = 2;
    }
  else
    {
      out->has_broadcast = TRUE;
      out->first_host = out->network + 1;
      out->last_host = out->broadcast - 1;
      out->hosts = out->size - 2;
      out->is_network = addr == out->network;
      out->is_broadcast = addr == out->broadcast;
    }
  return TRUE;
}

gboolean
lsc_subnet_same (guint32 a, guint32 b, guint prefix)
{
  guint32 m = lsc_subnet_mask (prefix);
  return (a & m) == (b & m);
}

static gboolean
parse_dotted (const char *s, const char **end, guint32 *out)
{
  guint32 v = 0;
  for (int i = 0; i < 4; i++)
    {
      if (!g_ascii_isdigit (*s))
        return FALSE;
      guint n = 0;
      int digits = 0;
      while (g_ascii_isdigit (*s))
        {
          n = n * 10 + (guint) (*s++ - '0');
          if (++digits > 3 || n > 255)
            return FALSE;
        }
      v = (v << 8) | n;
      if (i < 3 && *s++ != '.')
        return FALSE;
    }
  *end = s;
  *out = v;
  return TRUE;
}

gboolean
lsc_subnet_parse (const char *s, guint32 *addr_out, guint *prefix_out)
{
  const char *p;
  guint32 addr;
  if (!s || !parse_dotted (s, &p, &addr))
    return FALSE;
  if (*p == '\0')
    {
      *addr_out = addr;
      return TRUE;
    }
  if (*p++ != '/')
    return FALSE;
  guint32 mask;
  const char *q;
  if (strchr (p, '.'))
    {
      int pl;
      if (!parse_dotted (p, &q, &mask) || *q || (pl = lsc_subnet_mask_to_prefix (mask)) < 0)
        return FALSE;
      *prefix_out = (guint) pl;
    }
  else
    {
      if (!g_ascii_isdigit (*p) || strlen (p) > 2)
        return FALSE;
      guint pl = (guint) atoi (p);
      for (q = p; *q; q++)
        if (!g_ascii_isdigit (*q))
          return FALSE;
      if (pl > 32)
        return FALSE;
      *prefix_out = pl;
    }
  *addr_out = addr;
  return TRUE;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-subnet.c — IPv4 address classes, special ranges and subnet arithmetic */
#include "lsc-subnet.h"

#include <glib/gi18n-lib.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- the subnet calculator ---- */

void
lsc_subnet_format_binary (guint32 v, char out[36])
{
  char *o = out;
  for (int bit = 31; bit >= 0; bit--)
    {
      *o++ = (v >> bit) & 1 ? '1' : '0';
      if (bit % 8 == 0 && bit > 0)
        *o++ = '.';
    }
  *o = '\0';
}

void
lsc_subnet_format_dotted (guint32 v, char *out, gsize size)
{
  g_snprintf (out, size, "%u.%u.%u.%u", v >> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255);
}

guint64
lsc_subnet_split_count (guint prefix, guint new_prefix)
{
  if (prefix > 32 || new_prefix > 32 || new_prefix < prefix)
    return 0;
  return (guint64) 1 << (new_prefix - prefix);
}

guint32
lsc_subnet_split_nth (guint32 network, guint new_prefix, guint64 i)
{
  if (new_prefix == 0 || new_prefix > 32)
    return network;
  return network + (guint32) (i << (32 - new_prefix));
}

static const LscSubnetClassRow class_rows[] = {
  { 'A', "0", 0x00000000u, 0x7fffffffu, 8, "10.0.0.0/8", N_("Large networks: 8 network bits, 24 host bits") },
  { 'B', "10", 0x80000000u, 0xbfffffffu, 16, "172.16.0.0/12", N_("Medium networks: 16 network bits, 16 host bits") },
  { 'C', "110", 0xc0000000u, 0xdfffffffu, 24, "192.168.0.0/16", N_("Small networks: 24 network bits, 8 host bits") },
  { 'D', "1110", 0xe0000000u, 0xefffffffu, 0, NULL, N_("Multicast groups: no network/host split") },
  { 'E', "1111", 0xf0000000u, 0xffffffffu, 0, NULL, N_("Reserved for experiments: not used by hosts") },
};

const LscSubnetClassRow *
lsc_subnet_class_table (guint *n_rows)
{
  if (n_rows)
    *n_rows = G_N_ELEMENTS (class_rows);
  return class_rows;
}

/* Four dot-separated numbers 0-255; what stands for "the address" or "the
 * mask" in the reason is what. */
static gboolean
parse_dotted_reason (const char *s, guint32 *out, gboolean is_mask, char **reason)
{
  g_auto (GStrv) parts = g_strsplit (s, ".", -1);
  guint n = g_strv_length (parts);
  if (n != 4)
    {
      *reason = is_mask
        ? g_strdup_printf (_("Mask “%s” has %u parts: a dotted mask has four numbers separated by dots (e.g. 255.255.255.0)"), s, n)
        : g_strdup_printf (_("“%s” has %u parts: an IPv4 address has four numbers separated by dots (e.g. 198.18.0.1)"), s, n);
      return FALSE;
    }
  guint32 v = 0;
  for (guint i = 0; i < 4; i++)
    {
      const char *p = parts[i];
      gsize len = strlen (p);
      gboolean digits = len > 0;
      for (gsize k = 0; k < len; k++)
        digits = digits && g_ascii_isdigit (p[k]);
      if (!digits)
        {
          *reason = *p ? g_strdup_printf (_("“%s” in “%s” is not a number: each of the four parts is a number from 0 to 255"), p, s)
                       : g_strdup_printf (_("“%s” has an empty part: each of the four parts is a number from 0 to 255"), s);
          return FALSE;
        }
      guint64 x = len > 3 ? 256 : g_ascii_strtoull (p, NULL, 10);
      if (x > 255)
        {
          *reason = g_strdup_printf (_("%s in “%s” is more than 255: each part is one byte (8 bits, 0 to 255)"), p, s);
          return FALSE;
        }
      v = (v << 8) | (guint32) x;
    }
  *out = v;
  return TRUE;
}

static gboolean
parse_prefix_reason (const char *p, guint max, guint *out, char **reason)
{
  gsize len = strlen (p);
  gboolean digits = len > 0 && len <= 3;
  for (gsize k = 0; k < len; k++)
    digits = digits && g_ascii_isdigit (p[k]);
  if (!digits)
    {
      *reason = g_strdup_printf (_("Prefix “/%s” is not a number from 0 to %u"), p, max);
      return FALSE;
    }
  guint v = (guint) g_ascii_strtoull (p, NULL, 10);
  if (v > max)
    {
      *reason = g_strdup_printf (_("Prefix /%u is more than %u, the number of bits in the address"), v, max);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

gboolean
lsc_subnet_parse_input (const char *text, LscSubnetInput *out, char **reason)
{
  g_return_val_if_fail (out != NULL && reason != NULL, FALSE);
  memset (out, 0, sizeof *out);
  *reason = NULL;
  g_autofree char *s = g_strstrip (g_strdup (text ? text : ""));
  if (!*s)
    {
      *reason = g_strdup (_("Type an address with a prefix or mask, e.g. 198.18.0.1/24, 198.18.0.1 255.255.255.0 or fd00::1/64"));
      return FALSE;
    }
  /* The address ends at the first '/' or space; the mask may follow either. */
  char *sep = s + strcspn (s, "/ \t");
  char *mask = NULL;
  if (*sep)
    {
      mask = sep + 1;
      *sep = '\0';
      mask = g_strstrip (mask);
      if (*mask == '/')
        mask = g_strstrip (mask + 1);
      if (!*mask)
        {
          *reason = g_strdup (_("Nothing after the address's “/”: write a prefix length (/24) or a mask (/255.255.255.0)"));
          return FALSE;
        }
      if (strpbrk (mask, "/ \t"))
        {
          *reason = g_strdup_printf (_("“%s” is more than one prefix or mask"), mask);
          return FALSE;
        }
    }

  if (strchr (s, ':'))
    {
      out->family = 6;
      if (inet_pton (AF_INET6, s, out->addr6) != 1)
        {
          *reason = g_strdup_printf (_("“%s” is not an IPv6 address: up to eight groups of hex digits separated by colons, “::” once for a run of zeros"), s);
          return FALSE;
        }
      out->prefix = 64;
      if (mask && strchr (mask, '.'))
        {
          *reason = g_strdup (_("IPv6 has no dotted masks: write the prefix length, e.g. /64"));
          return FALSE;
        }
      if (mask && !parse_prefix_reason (mask, 128, &out->prefix, reason))
        return FALSE;
      out->has_prefix = mask != NULL;
      return TRUE;
    }

  out->family = 4;
  if (!parse_dotted_reason (s, &out->addr4, FALSE, reason))
    return FALSE;
  if (!mask)
    {
      LscSubnetClass cl;
      lsc_subnet_classify (out->addr4, &cl);
      out->prefix = cl.default_prefix ? cl.default_prefix : 32;
      return TRUE;
    }
  out->has_prefix = TRUE;
  if (strchr (mask, '.'))
    {
      guint32 m;
      if (!parse_dotted_reason (mask, &m, TRUE, reason))
        return FALSE;
      int p = lsc_subnet_mask_to_prefix (m);
      if (p < 0)
        {
          *reason = g_strdup_printf (_("Mask %s has holes: its 1 bits (the network part) must all come before its 0 bits (the host part)"), mask);
          return FALSE;
        }
      out->prefix = (guint) p;
      out->mask_dotted = TRUE;
      return TRUE;
    }
  return parse_prefix_reason (mask, 32, &out->prefix, reason);
}

typedef struct {
  guint8 net[16];
  guint prefix;
  const char *kind;
} Range6;

static gboolean
in_prefix6 (const guint8 a[16], const guint8 net[16], guint prefix)
{
  for (guint bit = 0; bit < prefix; bit++)
    {
      guint8 m = (guint8) (0x80u >> (bit % 8));
      if ((a[bit / 8] & m) != (net[bit / 8] & m))
        return FALSE;
    }
  return TRUE;
}

void
lsc_subnet6_compute (const guint8 addr[16], guint prefix, LscSubnet6 *out)
{
  /* Most specific first. */
  static const Range6 ranges6[] = {
    { { 0 }, 128, N_("Unspecified address (::/128, RFC 4291)") },
    { { [15] = 1 }, 128, N_("Loopback (::1/128, RFC 4291)") },
    { { [10] = 0xff, [11] = 0xff }, 96, N_("IPv4-mapped (::ffff:0:0/96, RFC 4291)") },
    { { 0x20, 0x01, 0x0d, 0xb8 }, 32, N_("Documentation (2001:db8::/32, RFC 3849)") },
    { { 0xfe, 0x80 }, 10, N_("Link-local (fe80::/10, RFC 4291): valid on this link only") },
    { { 0xfc }, 7, N_("Unique local (fc00::/7, RFC 4193): private, not routed on the Internet") },
    { { 0xff }, 8, N_("Multicast (ff00::/8, RFC 4291)") },
    { { 0x20 }, 3, N_("Global unicast (2000::/3, RFC 4291)") },
  };
  memset (out, 0, sizeof *out);
  memcpy (out->addr, addr, 16);
  out->prefix = MIN (prefix, 128u);
  for (guint bit = 0; bit < 128; bit++)
    {
      guint8 m = (guint8) (0x80u >> (bit % 8));
      if (bit < out->prefix)
        out->network[bit / 8] |= addr[bit / 8] & m;
      else
        out->iid[bit / 8] |= addr[bit / 8] & m;
    }
  out->kind = N_("Reserved by the IETF");
  for (guint i = 0; i < G_N_ELEMENTS (ranges6); i++)
    if (in_prefix6 (addr, ranges6[i].net, ranges6[i].prefix))
      {
        out->kind = ranges6[i].kind;
        break;
      }
}

void
lsc_subnet6_format (const guint8 addr[16], char *out, gsize size)
{
  char buf[INET6_ADDRSTRLEN];
  g_strlcpy (out, inet_ntop (AF_INET6, addr, buf, sizeof buf) ? buf : "?", size);
}

void
lsc_subnet6_format_full (const guint8 addr[16], char *out, gsize size)
{
  g_snprintf (out, size, "%02x%02x:%02x%02x:%02x%02x:%02x%02x:%02x%02x:%02x%02x:%02x%02x:%02x%02x",
              addr[0], addr[1], addr[2], addr[3], addr[4], addr[5], addr[6], addr[7],
              addr[8], addr[9], addr[10], addr[11], addr[12], addr[13], addr[14], addr[15]);
}

gboolean
lsc_subnet_parse_mac (const char *s, guint8 mac[6])
{
  if (!s)
    return FALSE;
  while (g_ascii_isspace (*s))
    s++;
  char sep = 0;
  for (int i = 0; i < 6; i++)
    {
      if (i > 0 && (*s == ':' || *s == '-'))
        {
          if (sep && *s != sep)
            return FALSE;
          sep = *s++;
        }
      else if (i > 0 && sep)
        return FALSE;
      if (!g_ascii_isxdigit (s[0]) || !g_ascii_isxdigit (s[1]))
        return FALSE;
      mac[i] = (guint8) (g_ascii_xdigit_value (s[0]) << 4 | g_ascii_xdigit_value (s[1]));
      s += 2;
    }
  while (g_ascii_isspace (*s))
    s++;
  return *s == '\0';
}

void
lsc_subnet_eui64 (const guint8 mac[6], guint8 iid[8])
{
  iid[0] = mac[0] ^ 0x02;  /* RFC 4291 appendix A: the universal/local bit, inverted */
  iid[1] = mac[1];
  iid[2] = mac[2];
  iid[3] = 0xff;
  iid[4] = 0xfe;
  iid[5] = mac[3];
  iid[6] = mac[4];
  iid[7] = mac[5];
}

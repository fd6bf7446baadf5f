/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-craft.c — frames built by libnet into bytes, and the text users type
 *
 * libnet is used in its LIBNET_NONE mode ("construct only"): it opens no
 * socket, so building works without privileges.  libnet_pblock_coalesce()
 * stitches the protocol blocks together and fills in lengths and checksums;
 * the result is plain malloc'd memory (no alignment offset in this mode).
 */
#include "lsc-config.h"
#include "craft/lsc-craft.h"
#include "craft/lsc-craft-private.h"
#include "core/lsc-packet.h"
#include "core/lsc-fields.h"
#include "core/lsc-tcp-flags.h"

#include <glib/gi18n-lib.h>
#include <libnet.h>
#include <arpa/inet.h>
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <netpacket/packet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

G_DEFINE_QUARK (lsc-craft-error-quark, lsc_craft_error)

#define ETH_LEN 14
#define IP4_LEN 20
/* Largest IPv4 payload that fits one 1500-byte Ethernet frame. */
#define MAX_IP_PAYLOAD (1500 - IP4_LEN)

static const guint8 broadcast_mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static void
ip_init (LscCraftIp *ip)
{
  memset (ip, 0, sizeof *ip);
  /* The defaults are the field registry's, as the craft form's are. */
  ip->ttl = (guint8) lsc_field_default_uint ("ip.ttl");
  ip->dont_fragment = lsc_field_default_uint ("ip.flags.df") != 0;
  ip->checksum = LSC_CRAFT_CKSUM_AUTO;
  ip->total_len = LSC_CRAFT_AUTO;
  ip->hdr_len = LSC_CRAFT_AUTO;
  ip->proto = LSC_CRAFT_AUTO;
  ip->eth_type = LSC_CRAFT_AUTO;
  ip->version = (guint8) lsc_field_default_uint ("ip.version");
}

void
lsc_craft_echo_init (LscCraftEcho *o)
{
  memset (o, 0, sizeof *o);
  ip_init (&o->ip);
  o->type = (guint8) lsc_field_default_uint ("icmp.type");
  o->id = (guint16) (g_random_int () & 0xffff);
  o->seq = (guint16) lsc_field_default_uint ("icmp.seq");
  o->size = 56;
  o->checksum = LSC_CRAFT_CKSUM_AUTO;
}

void
lsc_craft_arp_init (LscCraftArp *o)
{
  memset (o, 0, sizeof *o);
  o->kind = LSC_CRAFT_ARP_REQUEST;
  memcpy (o->dst_mac, broadcast_mac, 6);
}

void
lsc_craft_tcp_init (LscCraftTcp *o)
{
  memset (o, 0, sizeof *o);
  ip_init (&o->ip);
  /* An ephemeral port as Linux picks them, and a random ISN (RFC 6528). */
  o->sport = (guint16) g_random_int_range (32768, 61000);
  o->dport = (guint16) lsc_field_default_uint ("tcp.dstport");
  o->seq = g_random_int ();
  o->flags = LSC_TCP_SYN;
  o->window = (guint16) lsc_field_default_uint ("tcp.window_size_value");
  o->mss = (guint16) lsc_field_default_uint ("tcp.options.mss_val");
  o->wscale = -1;
  o->checksum = LSC_CRAFT_CKSUM_AUTO;
  o->hdr_len = LSC_CRAFT_AUTO;
}

void
lsc_craft_udp_init (LscCraftUdp *o)
{
  memset (o, 0, sizeof *o);
  ip_init (&o->ip);
  o->sport = (guint16) g_random_int_range (32768, 61000);
  o->dport = (guint16) lsc_field_default_uint ("udp.dstport");
  o->checksum = LSC_CRAFT_CKSUM_AUTO;
  o->length = LSC_CRAFT_AUTO;
}

void
lsc_craft_ether_init (LscCraftEther *o)
{
  memset (o, 0, sizeof *o);
  memcpy (o->dst_mac, broadcast_mac, 6);
  o->type = 0x88b5;
}

/* ---- building ---- */

static libnet_t *
craft_begin (GError **error)
{
  char errbuf[LIBNET_ERRBUF_SIZE] = "";
  libnet_t *l = libnet_init (LIBNET_NONE, NULL, errbuf);
  if (!l)
    g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_FAILED, "libnet: %s", errbuf);
  return l;
}

static gboolean
craft_fail (libnet_t *l, const char *what, GError **error)
{
  g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_FAILED, "building the %s header failed: %s",
               what, libnet_geterror (l));
  return FALSE;
}

static void
put_u16 (guint8 *p, guint16 v)
{
  p[0] = (guint8) (v >> 8);
  p[1] = (guint8) v;
}

/* A checksum override, applied after libnet computed the right value. */
static void
apply_checksum (guint8 *p, gint32 how)
{
  if (how == LSC_CRAFT_CKSUM_AUTO)
    return;
  if (how >= 0)
    {
      put_u16 (p, (guint16) how);
      return;
    }
  /* Flipping the low byte never yields an equivalent one's-complement value
   * (only 0x0000 and 0xffff are equivalent); 0 would mean "no checksum" for UDP. */
  guint16 v = (guint16) ((p[0] << 8) | p[1]);
  guint16 bad = v ^ 0x00ff;
  if (bad == 0 || bad == 0xffff)
    bad = v ^ 0x0f0f;
  put_u16 (p, bad);
}

static gboolean
checksum_valid (gint32 how, GError **error)
{
  if (how == LSC_CRAFT_CKSUM_AUTO || how == LSC_CRAFT_CKSUM_BAD || (how >= 0 && how <= 0xffff))
    return TRUE;
  g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_INVALID, "checksum override %d is out of range", how);
  return FALSE;
}

/* The one's-complement sum of RFC 1071, folded, not yet inverted. */
static guint32
sum16 (const guint8 *p, gsize n, guint32 sum)
{
  for (gsize i = 0; i + 1 < n; i += 2)
    sum += (guint32) (p[i] << 8 | p[i + 1]);
  if (n & 1)
    sum += (guint32) (p[n - 1] << 8);
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return sum;
}

/* What the transport header of an IPv4 frame lets a learner force. */
typedef struct {
  guint cksum_at;       /* offset of its checksum in the frame; 0: none */
  gint32 cksum_how;
  guint len_at;         /* offset of the forced field; 0: none */
  gint32 len;           /* LSC_CRAFT_AUTO or the value */
  gboolean data_offset; /* TCP: the high nibble holds len / 4; UDP: 16 bits */
  guint8 proto;
} Transport;

/* Forced lengths go in first; the checksums left on auto are then computed
 * over the bytes as they leave, so the forced field is the only thing wrong. */
static void
apply_forced (guint8 *p, guint32 size, const LscCraftIp *ip, const Transport *tr)
{
  if (size < ETH_LEN + IP4_LEN)
    return;
  guint8 *iph = p + ETH_LEN;
  gboolean ip_forced = FALSE, tr_forced = FALSE;
  if (ip->total_len >= 0)
    {
      put_u16 (iph + 2, (guint16) ip->total_len);
      ip_forced = TRUE;
    }
  if (ip->hdr_len >= 0)
    {
      iph[0] = (guint8) ((iph[0] & 0xf0) | ((ip->hdr_len / 4) & 0x0f));
      ip_forced = TRUE;
    }
  if (ip->version != 4)
    {
      iph[0] = (guint8) ((ip->version & 0x0f) << 4 | (iph[0] & 0x0f));
      ip_forced = TRUE;
    }
  if (ip->proto >= 0)
    {
      iph[9] = (guint8) ip->proto;
      ip_forced = TRUE;
    }
  if (ip->eth_type >= 0)
    put_u16 (p + 12, (guint16) ip->eth_type);
  if (tr && tr->len_at && tr->len >= 0 && size >= tr->len_at + 2)
    {
      if (tr->data_offset)
        p[tr->len_at] = (guint8) ((((guint) tr->len / 4) & 0x0f) << 4 | (p[tr->len_at] & 0x0f));
      else
        put_u16 (p + tr->len_at, (guint16) tr->len);
      tr_forced = TRUE;
    }
  if (ip_forced)
    {
      /* Over the header a receiver reads: as long as the IHL says, when the frame holds that much. */
      guint hlen = ip->hdr_len > IP4_LEN ? (guint) ip->hdr_len : IP4_LEN;
      hlen = MIN (hlen, size - ETH_LEN);
      put_u16 (iph + 10, 0);
      put_u16 (iph + 10, (guint16) ~sum16 (iph, hlen, 0));
    }
  if (tr_forced && tr->cksum_at && size >= tr->cksum_at + 2)
    {
      /* The pseudo header counts the segment as it really is. */
      guint seg_len = size - ETH_LEN - IP4_LEN;
      guint8 pseudo[12];
      memcpy (pseudo, iph + 12, 8);
      pseudo[8] = 0;
      pseudo[9] = tr->proto;
      put_u16 (pseudo + 10, (guint16) seg_len);
      put_u16 (p + tr->cksum_at, 0);
      guint16 c = (guint16) ~sum16 (p + ETH_LEN + IP4_LEN, seg_len, sum16 (pseudo, sizeof pseudo, 0));
      if (c == 0 && tr->proto == IPPROTO_UDP)
        c = 0xffff;  /* 0 would say "no checksum" */
      put_u16 (p + tr->cksum_at, c);
    }
}

/* Stitch the blocks together; the transport's checksum and forced field
 * are patched in afterwards (tr NULL: none). */
static GBytes *
craft_finish (libnet_t *l, const LscCraftIp *ip, const Transport *tr, GError **error)
{
  guint8 *packet = NULL;
  guint32 size = 0;
  if (libnet_pblock_coalesce (l, &packet, &size) < 0 || !packet)
    {
      g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_FAILED, "libnet: %s", libnet_geterror (l));
      libnet_destroy (l);
      return NULL;
    }
  guint8 *p = g_memdup2 (packet, size);
  /* LIBNET_NONE does not align, so the block is plain malloc'd memory. */
  free (packet);
  libnet_destroy (l);

  if (ip)
    apply_forced (p, size, ip, tr);
  if (ip && size >= ETH_LEN + IP4_LEN)
    apply_checksum (p + ETH_LEN + 10, ip->checksum);
  if (tr && tr->cksum_at && size >= tr->cksum_at + 2)
    apply_checksum (p + tr->cksum_at, tr->cksum_how);
  return g_bytes_new_take (p, size);
}

/* A forced header length: bytes, a multiple of 4, at most 60 (4 bits of words). */
static gboolean
hdr_len_valid (gint32 v, GError **error)
{
  if (v == LSC_CRAFT_AUTO || (v >= 0 && v <= 60 && v % 4 == 0))
    return TRUE;
  g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_INVALID,
               "a header length of %d bytes cannot be written (0-60, a multiple of 4)", v);
  return FALSE;
}

static gboolean
len16_valid (gint32 v, GError **error)
{
  if (v == LSC_CRAFT_AUTO || (v >= 0 && v <= 0xffff))
    return TRUE;
  g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_INVALID, "a length of %d does not fit 16 bits", v);
  return FALSE;
}

static gboolean
ip_check (const LscCraftIp *ip, GError **error)
{
  if (ip->dst == 0)
    {
      g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_INVALID, "no destination address");
      return FALSE;
    }
  if (ip->frag_offset > 0x1fff || ip->version > 15 || ip->proto > 255)
    {
      g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_INVALID,
                   "fragment offset, version or protocol out of range (0-8191, 0-15, 0-255)");
      return FALSE;
    }
  return checksum_valid (ip->checksum, error) && len16_valid (ip->total_len, error) &&
         len16_valid (ip->eth_type, error) && hdr_len_valid (ip->hdr_len, error);
}

static gboolean
build_ip_eth (libnet_t *l, const LscCraftIp *ip, guint8 proto, guint payload_len, GError **error)
{
  guint16 id = ip->id || ip->id_literal ? ip->id : (guint16) (g_random_int () & 0xffff);
  guint16 frag = (guint16) ((ip->dont_fragment ? IP_DF : 0) | (ip->more_fragments ? IP_MF : 0) | ip->frag_offset);
  if (libnet_build_ipv4 ((guint16) (IP4_LEN + payload_len), ip->tos, id, frag,
                         ip->ttl, proto, 0, ip->src, ip->dst, NULL, 0, l, 0) < 0)
    return craft_fail (l, "IPv4", error);
  if (libnet_build_ethernet (ip->dst_mac, ip->src_mac, ETHERTYPE_IP, NULL, 0, l, 0) < 0)
    return craft_fail (l, "Ethernet", error);
  return TRUE;
}

static gboolean
payload_fits (gsize header, gsize payload, GError **error)
{
  if (header + payload <= MAX_IP_PAYLOAD)
    return TRUE;
  g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_INVALID,
               "payload of %" G_GSIZE_FORMAT " bytes does not fit one Ethernet frame (at most %" G_GSIZE_FORMAT ")",
               payload, (gsize) MAX_IP_PAYLOAD - header);
  return FALSE;
}

GBytes *
lsc_craft_build_echo (const LscCraftEcho *o, GError **error)
{
  if (!ip_check (&o->ip, error) || !checksum_valid (o->checksum, error) ||
      !payload_fits (LIBNET_ICMPV4_ECHO_H, o->size, error))
    return NULL;
  if (o->type != 8 && o->type != 0)
    {
      g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_INVALID, "ICMP type %u is not an echo", o->type);
      return NULL;
    }
  g_autofree guint8 *payload = g_malloc0 (o->size ? o->size : 1);
  guint plen = MIN (o->pattern_len, sizeof o->pattern);
  for (guint i = 0; i < o->size; i++)
    payload[i] = plen ? o->pattern[i % plen] : (guint8) i;

  libnet_t *l = craft_begin (error);
  if (!l)
    return NULL;
  if (libnet_build_icmpv4_echo (o->type, o->code, 0, o->id, o->seq, payload, o->size, l, 0) < 0)
    {
      craft_fail (l, "ICMP", error);
      libnet_destroy (l);
      return NULL;
    }
  if (!build_ip_eth (l, &o->ip, IPPROTO_ICMP, LIBNET_ICMPV4_ECHO_H + o->size, error))
    {
      libnet_destroy (l);
      return NULL;
    }
  Transport tr = { .cksum_at = ETH_LEN + IP4_LEN + 2, .cksum_how = o->checksum, .proto = IPPROTO_ICMP };
  return craft_finish (l, &o->ip, &tr, error);
}

GBytes *
lsc_craft_build_arp (const LscCraftArp *o, GError **error)
{
  guint8 spa[4], tpa[4];
  guint32 sender = o->sender_ip, target = o->target_ip;
  guint16 op = ARPOP_REQUEST;

  switch (o->kind)
    {
    case LSC_CRAFT_ARP_REQUEST:
      break;
    case LSC_CRAFT_ARP_GRATUITOUS:
      /* Announce the sender's own address: it asks for itself. */
      target = sender;
      break;
    case LSC_CRAFT_ARP_PROBE:
      /* RFC 5227: "is anyone using target?" without claiming any address yet. */
      sender = 0;
      break;
    case LSC_CRAFT_ARP_REPLY:
      op = ARPOP_REPLY;
      break;
    default:
      g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_INVALID, "unknown ARP variant");
      return NULL;
    }
  if (target == 0)
    {
      g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_INVALID, "no target address to ask about");
      return NULL;
    }
  memcpy (spa, &sender, 4);
  memcpy (tpa, &target, 4);

  libnet_t *l = craft_begin (error);
  if (!l)
    return NULL;
  if (libnet_build_arp (ARPHRD_ETHER, ETHERTYPE_IP, 6, 4, op, o->src_mac, spa, o->target_mac, tpa,
                        NULL, 0, l, 0) < 0)
    {
      craft_fail (l, "ARP", error);
      libnet_destroy (l);
      return NULL;
    }
  if (libnet_build_ethernet (o->dst_mac, o->src_mac, ETHERTYPE_ARP, NULL, 0, l, 0) < 0)
    {
      craft_fail (l, "Ethernet", error);
      libnet_destroy (l);
      return NULL;
    }
  return craft_finish (l, NULL, NULL, error);
}

static gboolean
ports_valid (guint16 sport, guint16 dport, GError **error)
{
  if (sport && dport)
    return TRUE;
  g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_INVALID, "port 0 cannot be used (ports are 1-65535)");
  return FALSE;
}

static void
put_u32 (guint8 *p, guint32 v)
{
  put_u16 (p, (guint16) (v >> 16));
  put_u16 (p + 2, (guint16) v);
}

guint
lsc_craft_tcp_options (const LscCraftTcp *o, guint8 out[20])
{
  guint n = 0;
  if (o->mss)
    {
      /* Kind 2, length 4: the largest segment this side wants to receive. */
      out[n++] = 2;
      out[n++] = 4;
      put_u16 (out + n, o->mss);
      n += 2;
    }
  if (o->timestamps)
    {
      /* Linux lets SACK-permitted (kind 4, length 2) take the two bytes that
       * would otherwise be NOP padding before the 10-byte timestamps. */
      out[n++] = o->sack_perm ? 4 : 1;
      out[n++] = o->sack_perm ? 2 : 1;
      out[n++] = 8;
      out[n++] = 10;
      put_u32 (out + n, o->tsval);
      put_u32 (out + n + 4, o->tsecr);
      n += 8;
    }
  else if (o->sack_perm)
    {
      out[n++] = 1;
      out[n++] = 1;
      out[n++] = 4;
      out[n++] = 2;
    }
  if (o->wscale >= 0)
    {
      out[n++] = 1;
      out[n++] = 3;
      out[n++] = 3;
      out[n++] = (guint8) o->wscale;
    }
  return n;
}

GBytes *
lsc_craft_build_tcp (const LscCraftTcp *o, GError **error)
{
  guint8 opt[20];
  guint opt_len = lsc_craft_tcp_options (o, opt);
  if (!ip_check (&o->ip, error) || !checksum_valid (o->checksum, error) ||
      !ports_valid (o->sport, o->dport, error) || !hdr_len_valid (o->hdr_len, error) ||
      !payload_fits (LIBNET_TCP_H + opt_len, o->payload_len, error))
    return NULL;
  if (o->wscale > 14)
    {
      g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_INVALID, "a window scale shift of %d is over 14 (RFC 7323)",
                   o->wscale);
      return NULL;
    }
  if (o->flags > 0xff)
    {
      g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_INVALID, "only the eight classic TCP flags can be set");
      return NULL;
    }

  libnet_t *l = craft_begin (error);
  if (!l)
    return NULL;
  if (opt_len)
    {
      if (libnet_build_tcp_options (opt, opt_len, l, 0) < 0)
        {
          craft_fail (l, "TCP options", error);
          libnet_destroy (l);
          return NULL;
        }
    }
  guint16 tcp_len = (guint16) (LIBNET_TCP_H + opt_len + o->payload_len);
  if (libnet_build_tcp (o->sport, o->dport, o->seq, o->ack, (guint8) o->flags, o->window, 0, o->urgent, tcp_len,
                        o->payload, (guint32) o->payload_len, l, 0) < 0 ||
      !build_ip_eth (l, &o->ip, IPPROTO_TCP, tcp_len, error))
    {
      if (error && !*error)
        craft_fail (l, "TCP", error);
      libnet_destroy (l);
      return NULL;
    }
  Transport tr = { .cksum_at = ETH_LEN + IP4_LEN + 16, .cksum_how = o->checksum, .len_at = ETH_LEN + IP4_LEN + 12,
                   .len = o->hdr_len, .data_offset = TRUE, .proto = IPPROTO_TCP };
  return craft_finish (l, &o->ip, &tr, error);
}

GBytes *
lsc_craft_build_udp (const LscCraftUdp *o, GError **error)
{
  if (!ip_check (&o->ip, error) || !checksum_valid (o->checksum, error) ||
      !ports_valid (o->sport, o->dport, error) ||
      !len16_valid (o->length, error) || !payload_fits (LIBNET_UDP_H, o->payload_len, error))
    return NULL;

  libnet_t *l = craft_begin (error);
  if (!l)
    return NULL;
  guint16 udp_len = (guint16) (LIBNET_UDP_H + o->payload_len);
  if (libnet_build_udp (o->sport, o->dport, udp_len, 0, o->payload, (guint32) o->payload_len, l, 0) < 0 ||
      !build_ip_eth (l, &o->ip, IPPROTO_UDP, udp_len, error))
    {
      if (error && !*error)
        craft_fail (l, "UDP", error);
      libnet_destroy (l);
      return NULL;
    }
  Transport tr = { .cksum_at = ETH_LEN + IP4_LEN + 6, .cksum_how = o->checksum, .len_at = ETH_LEN + IP4_LEN + 4,
                   .len = o->length, .proto = IPPROTO_UDP };
  return craft_finish (l, &o->ip, &tr, error);
}

GBytes *
lsc_craft_build_ether (const LscCraftEther *o, GError **error)
{
  if (o->payload_len > 1500)
    {
      g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_INVALID,
                   "payload of %" G_GSIZE_FORMAT " bytes does not fit one Ethernet frame (at most 1500)", o->payload_len);
      return NULL;
    }
  libnet_t *l = craft_begin (error);
  if (!l)
    return NULL;
  /* No padding to 60 bytes: a short frame is sent as short as it is built. */
  if (libnet_build_ethernet (o->dst_mac, o->src_mac, o->type, o->payload, (guint32) o->payload_len, l, 0) < 0)
    {
      craft_fail (l, "Ethernet", error);
      libnet_destroy (l);
      return NULL;
    }
  return craft_finish (l, NULL, NULL, error);
}

/* ---- text users type ---- */

gboolean
lsc_craft_invalid (GError **error, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error_literal (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_INVALID, msg);
  return FALSE;
}

gboolean
lsc_craft_parse_ipv4 (const char *text, guint32 *out, GError **error)
{
  struct in_addr a;
  /* inet_pton takes only the strict dotted quad (no "1.2.3", no octal). */
  if (!text || inet_pton (AF_INET, text, &a) != 1)
    return lsc_craft_invalid (error, _("'%s' is not an IPv4 address (expected a dotted quad like 198.18.1.2)"), text ? text : "");
  *out = a.s_addr;
  return TRUE;
}

gboolean
lsc_craft_resolve_ipv4 (const char *text, guint32 *out, GError **error)
{
  if (!text || !*text)
    return lsc_craft_invalid (error, "no host given");
  /* Something made of digits and dots is meant as an address: never ask DNS about it. */
  if (strspn (text, "0123456789.") == strlen (text))
    return lsc_craft_parse_ipv4 (text, out, error);

  struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_DGRAM };
  struct addrinfo *res = NULL;
  if (getaddrinfo (text, NULL, &hints, &res) != 0 || !res)
    return lsc_craft_invalid (error, "cannot resolve host '%s' to an IPv4 address", text);
  *out = ((struct sockaddr_in *) res->ai_addr)->sin_addr.s_addr;
  freeaddrinfo (res);
  return TRUE;
}

gboolean
lsc_craft_parse_mac (const char *text, guint8 out[6], GError **error)
{
  unsigned int b[6];
  char tail;
  if (!text || sscanf (text, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5], &tail) != 6 ||
      strlen (text) != 17)
    return lsc_craft_invalid (error, _("'%s' is not a MAC address (expected six hex pairs like 02:00:00:00:00:01)"), text ? text : "");
  for (int i = 0; i < 6; i++)
    out[i] = (guint8) b[i];
  return TRUE;
}

gboolean
lsc_craft_parse_port (const char *text, guint16 *out, GError **error)
{
  guint64 v = 0;
  if (!text || !g_ascii_string_to_unsigned (text, 10, 1, 65535, &v, NULL))
    return lsc_craft_invalid (error, "'%s' is not a port number (1-65535)", text ? text : "");
  *out = (guint16) v;
  return TRUE;
}

gboolean
lsc_craft_parse_tcp_flags (const char *text, guint16 *out, GError **error)
{
  if (!text)
    return lsc_craft_invalid (error, "no TCP flags given");
  if (!lsc_tcp_flags_from_letters (text, out))
    return lsc_craft_invalid (error, _("'%s' is not a set of TCP flags (letters F S R P A U E C, e.g. SA)"), text);
  return TRUE;
}

void
lsc_craft_format_tcp_flags (guint16 flags, char buf[16])
{
  /* The order people say them in: SYN first, then FIN, RST ... */
  lsc_tcp_flags_to_letters (flags, buf);
}

GBytes *
lsc_craft_parse_hex (const char *text, GError **error)
{
  g_autoptr (GByteArray) out = g_byte_array_new ();
  int hi = -1;
  if (!text)
    text = "";
  for (const char *p = text; *p; p++)
    {
      if (*p == ' ' || *p == ':' || *p == '\t')
        {
          if (hi >= 0)
            break;  /* a lone digit before a separator: odd */
          continue;
        }
      int v = g_ascii_xdigit_value (*p);
      if (v < 0)
        {
          lsc_craft_invalid (error, _("'%s' is not hex (digits 0-9 and a-f, optionally separated by spaces or colons)"), text);
          return NULL;
        }
      if (hi < 0)
        hi = v;
      else
        {
          guint8 b = (guint8) (hi << 4 | v);
          g_byte_array_append (out, &b, 1);
          hi = -1;
        }
    }
  if (hi >= 0)
    {
      lsc_craft_invalid (error, _("'%s' has an odd number of hex digits (each byte is two digits)"), text);
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* ---- interfaces, routes, neighbours ---- */

gboolean
lsc_craft_iface_lookup (const char *name, LscCraftIface *out, GError **error)
{
  memset (out, 0, sizeof *out);
  if (!name || strlen (name) >= sizeof out->name || (out->index = (int) if_nametoindex (name)) == 0)
    {
      g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_NO_IFACE,
                   "no interface named '%s' (see `ip link` for the names)", name ? name : "");
      return FALSE;
    }
  g_strlcpy (out->name, name, sizeof out->name);

  struct ifaddrs *ifa = NULL;
  if (getifaddrs (&ifa) < 0)
    {
      g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_FAILED, "cannot list interfaces: %s", g_strerror (errno));
      return FALSE;
    }
  for (struct ifaddrs *i = ifa; i; i = i->ifa_next)
    {
      if (!i->ifa_name || strcmp (i->ifa_name, name) != 0)
        continue;
      out->up = (i->ifa_flags & IFF_UP) != 0;
      out->loopback = (i->ifa_flags & IFF_LOOPBACK) != 0;
      if (!i->ifa_addr)
        continue;
      if (i->ifa_addr->sa_family == AF_PACKET)
        {
          const struct sockaddr_ll *ll = (const struct sockaddr_ll *) i->ifa_addr;
          if (ll->sll_halen == 6)
            memcpy (out->mac, ll->sll_addr, 6);
        }
      else if (i->ifa_addr->sa_family == AF_INET && out->ip == 0)
        {
          out->ip = ((const struct sockaddr_in *) i->ifa_addr)->sin_addr.s_addr;
          if (i->ifa_netmask)
            {
              guint32 m = g_ntohl (((const struct sockaddr_in *) i->ifa_netmask)->sin_addr.s_addr);
              out->prefix = 0;
              while (m & 0x80000000u)
                {
                  out->prefix++;
                  m <<= 1;
                }
            }
        }
    }
  freeifaddrs (ifa);
  return TRUE;
}

/* Name of the interface holding ip, or FALSE. */
static gboolean
owner_of (guint32 ip, char name[32])
{
  struct ifaddrs *ifa = NULL;
  gboolean found = FALSE;
  if (getifaddrs (&ifa) < 0)
    return FALSE;
  for (struct ifaddrs *i = ifa; i && !found; i = i->ifa_next)
    if (i->ifa_addr && i->ifa_addr->sa_family == AF_INET &&
        ((const struct sockaddr_in *) i->ifa_addr)->sin_addr.s_addr == ip)
      {
        g_strlcpy (name, i->ifa_name, 32);
        found = TRUE;
      }
  freeifaddrs (ifa);
  return found;
}

gboolean
lsc_craft_iface_by_addr (guint32 ip, LscCraftIface *out, GError **error)
{
  char name[32];
  if (!owner_of (ip, name))
    {
      char ipbuf[INET_ADDRSTRLEN];
      inet_ntop (AF_INET, &ip, ipbuf, sizeof ipbuf);
      g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_NO_IFACE, "no interface has the address %s", ipbuf);
      return FALSE;
    }
  return lsc_craft_iface_lookup (name, out, error);
}

/* Own addresses and 127/8 are reached over the loopback interface. */
static gboolean
is_local (guint32 dst)
{
  char name[32];
  return (g_ntohl (dst) >> 24) == 127 || owner_of (dst, name);
}

/* The route the kernel itself would take to dst: one RTM_GETROUTE request
 * over netlink, as `ip route get` asks it, so policy routing (ip rule),
 * extra tables and metrics all count, which /proc/net/route (the main table
 * only) cannot show.  Fills the output interface's name and the next hop
 * (the gateway, or dst itself on a connected network). */
static gboolean
kernel_route (guint32 dst, char ifname[IF_NAMESIZE], guint32 *next_hop, gboolean *local, GError **error)
{
  char ipbuf[INET_ADDRSTRLEN];
  inet_ntop (AF_INET, &dst, ipbuf, sizeof ipbuf);
  int fd = socket (AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0)
    {
      g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_NO_IFACE,
                   "cannot ask the kernel for a route (%s); give -i IFACE", g_strerror (errno));
      return FALSE;
    }
  struct {
    struct nlmsghdr nh;
    struct rtmsg rt;
    char attrs[RTA_SPACE (4)];
  } req;
  memset (&req, 0, sizeof req);
  req.nh.nlmsg_len = NLMSG_LENGTH (sizeof req.rt) + RTA_SPACE (4);
  req.nh.nlmsg_type = RTM_GETROUTE;
  req.nh.nlmsg_flags = NLM_F_REQUEST;
  req.nh.nlmsg_seq = 1;
  req.rt.rtm_family = AF_INET;
  req.rt.rtm_dst_len = 32;
  struct rtattr *a = (struct rtattr *) req.attrs;
  a->rta_type = RTA_DST;
  a->rta_len = RTA_LENGTH (4);
  memcpy (RTA_DATA (a), &dst, 4);

  struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
  union {
    struct nlmsghdr nh;
    char buf[8192];
  } resp;
  ssize_t n = -1;
  if (sendto (fd, &req, req.nh.nlmsg_len, 0, (struct sockaddr *) &kernel, sizeof kernel) >= 0)
    do
      n = recv (fd, &resp, sizeof resp, 0);
    while (n < 0 && errno == EINTR);
  int err = errno;
  close (fd);
  if (n < 0)
    {
      g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_NO_IFACE,
                   "cannot ask the kernel for a route (%s); give -i IFACE", g_strerror (err));
      return FALSE;
    }
  for (struct nlmsghdr *h = &resp.nh; NLMSG_OK (h, (guint) n); h = NLMSG_NEXT (h, n))
    {
      if (h->nlmsg_type == NLMSG_ERROR)
        {
          const struct nlmsgerr *e = NLMSG_DATA (h);
          if (h->nlmsg_len >= NLMSG_LENGTH (sizeof *e) && e->error == 0)
            continue;
          /* "Network is unreachable" says no more than "no route". */
          g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_NO_IFACE, "no route to %s", ipbuf);
          return FALSE;
        }
      if (h->nlmsg_type != RTM_NEWROUTE || h->nlmsg_len < NLMSG_LENGTH (sizeof (struct rtmsg)))
        continue;
      const struct rtmsg *rt = NLMSG_DATA (h);
      int len = (int) RTM_PAYLOAD (h);
      guint32 gw = 0;
      int oif = 0;
      for (const struct rtattr *ra = RTM_RTA (rt); RTA_OK (ra, len); ra = RTA_NEXT (ra, len))
        {
          if (ra->rta_type == RTA_OIF && RTA_PAYLOAD (ra) >= 4)
            memcpy (&oif, RTA_DATA (ra), 4);
          else if (ra->rta_type == RTA_GATEWAY && RTA_PAYLOAD (ra) >= 4)
            memcpy (&gw, RTA_DATA (ra), 4);
        }
      if (rt->rtm_type == RTN_UNREACHABLE || rt->rtm_type == RTN_BLACKHOLE || rt->rtm_type == RTN_PROHIBIT ||
          !oif || !if_indextoname ((unsigned) oif, ifname))
        break;
      *local = rt->rtm_type == RTN_LOCAL;
      *next_hop = gw ? gw : dst;
      return TRUE;
    }
  g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_NO_IFACE, "no route to %s", ipbuf);
  return FALSE;
}

gboolean
lsc_craft_route (guint32 dst, LscCraftIface *out, guint32 *next_hop, GError **error)
{
  if (is_local (dst))
    {
      *next_hop = dst;
      return lsc_craft_iface_lookup ("lo", out, error);
    }

  char ifname[IF_NAMESIZE];
  gboolean local = FALSE;
  if (!kernel_route (dst, ifname, next_hop, &local, error))
    return FALSE;
  return lsc_craft_iface_lookup (local ? "lo" : ifname, out, error);
}

gboolean
lsc_craft_neigh_lookup (const char *ifname, guint32 ip, guint8 mac[6])
{
  g_autofree char *text = NULL;
  if (!g_file_get_contents ("/proc/net/arp", &text, NULL, NULL))
    return FALSE;
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (guint n = 1; lines[n]; n++)
    {
      char ipt[32], hw[32], mask[32], dev[32];
      unsigned int type, flags;
      struct in_addr a;
      if (sscanf (lines[n], "%31s 0x%x 0x%x %31s %31s %31s", ipt, &type, &flags, hw, mask, dev) != 6)
        continue;
      if (strcmp (dev, ifname) != 0 || inet_pton (AF_INET, ipt, &a) != 1 || a.s_addr != ip)
        continue;
      if (!(flags & 0x2))  /* ATF_COM: the entry is complete */
        continue;
      return lsc_craft_parse_mac (hw, mac, NULL);
    }
  return FALSE;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-proto-linkhdr.c — link headers the capturing system writes: Linux NFLOG,
 * Apple PKTAP, IP over InfiniBand
 *
 * None of these is what travelled on a wire.  NFLOG is what a firewall rule
 * (`iptables -j NFLOG`, `nft log group N`) hands to a capture: the address
 * family, then type-length-value records, one of which holds the packet.
 * PKTAP is macOS's wrapper around a frame of any link type, naming the
 * interface and the process that sent or received it.  Linux's IPoIB driver
 * leaves 40 bytes of InfiniBand addressing in front of the 4-byte RFC 4391
 * header (an EtherType and two reserved bytes).
 */
#include "lsc-dissect.h"
#include "lsc-format.h"

#include <glib/gi18n-lib.h>

/* ---------------------------------------------------------------- NFLOG */

enum {
  N_NFLOG, N_FAMILY, N_VERSION, N_RES_ID, N_TLV, N_TLV_LEN, N_TLV_TYPE, N_HWPROTO, N_HOOK, N_MARK, N_TIMESTAMP,
  N_INDEV, N_OUTDEV, N_PHYSINDEV, N_PHYSOUTDEV, N_PREFIX, N_UID, N_GID, N_SEQ, N_SEQ_GLOBAL, N_VALUE,
};

/* NFULA_* record types (linux/netfilter/nfnetlink_log.h). */
enum {
  NFULA_PACKET_HDR = 1, NFULA_MARK = 2, NFULA_TIMESTAMP = 3, NFULA_IFINDEX_INDEV = 4, NFULA_IFINDEX_OUTDEV = 5,
  NFULA_IFINDEX_PHYSINDEV = 6, NFULA_IFINDEX_PHYSOUTDEV = 7, NFULA_PAYLOAD = 9, NFULA_PREFIX = 10,
  NFULA_UID = 11, NFULA_SEQ = 12, NFULA_SEQ_GLOBAL = 13, NFULA_GID = 14,
};

static const LscValueString nflog_families[] = {
  { 2, N_("IPv4") }, { 7, N_("Bridge") }, { 10, N_("IPv6") }, { 0, NULL }
};

static const LscValueString nflog_types[] = {
  { NFULA_PACKET_HDR, "NFULA_PACKET_HDR" }, { NFULA_MARK, "NFULA_MARK" }, { NFULA_TIMESTAMP, "NFULA_TIMESTAMP" },
  { NFULA_IFINDEX_INDEV, "NFULA_IFINDEX_INDEV" }, { NFULA_IFINDEX_OUTDEV, "NFULA_IFINDEX_OUTDEV" },
  { NFULA_IFINDEX_PHYSINDEV, "NFULA_IFINDEX_PHYSINDEV" }, { NFULA_IFINDEX_PHYSOUTDEV, "NFULA_IFINDEX_PHYSOUTDEV" },
  { 8, "NFULA_HWADDR" }, { NFULA_PAYLOAD, "NFULA_PAYLOAD" }, { NFULA_PREFIX, "NFULA_PREFIX" }, { NFULA_UID, "NFULA_UID" },
  { NFULA_SEQ, "NFULA_SEQ" }, { NFULA_SEQ_GLOBAL, "NFULA_SEQ_GLOBAL" }, { NFULA_GID, "NFULA_GID" },
  { 15, "NFULA_HWTYPE" }, { 16, "NFULA_HWHEADER" }, { 17, "NFULA_HWLEN" }, { 18, "NFULA_CT" }, { 19, "NFULA_CT_INFO" },
  { 0, NULL }
};

static const LscValueString nflog_hooks[] = {
  { 0, N_("PREROUTING") }, { 1, N_("INPUT") }, { 2, N_("FORWARD") }, { 3, N_("OUTPUT") }, { 4, N_("POSTROUTING") },
  { 0, NULL }
};

const LscField lsc_fields_nflog[] = {
  [N_NFLOG] = { "nflog", N_("Linux Netfilter NFLOG"), LSC_FT_PROTOCOL, .layer = LSC_OSI_DATALINK, .short_name = "NFLOG",
                .blurb = N_("Not a link header: what a Linux firewall rule with the NFLOG target logged, the packet inside one of its records.") },
  [N_FAMILY] = { "nflog.family", N_("Family"), LSC_FT_UINT, .vals = nflog_families,
                 .blurb = N_("The address family of the logged packet: 2 IPv4, 10 IPv6 (7 for a bridge, whose packet is a whole frame).") },
  [N_VERSION] = { "nflog.version", N_("Version"), LSC_FT_UINT, .blurb = N_("The version of the NFLOG format; 0.") },
  [N_RES_ID] = { "nflog.res_id", N_("Resource id"), LSC_FT_UINT,
                 .blurb = N_("The NFLOG group the rule logged to (`--nflog-group N`); a capture reads one group (`nflog:N`).") },
  [N_TLV] = { "nflog.tlv", N_("TLV"), LSC_FT_NONE,
              .blurb = N_("One record: its length, its type and its value, padded to a multiple of 4 bytes.") },
  [N_TLV_LEN] = { "nflog.tlv_length", N_("Length"), LSC_FT_UINT,
                  .blurb = N_("The record's length with its 4-byte head, without padding; in the capturing host's byte order.") },
  [N_TLV_TYPE] = { "nflog.tlv_type", N_("Type"), LSC_FT_UINT, .bits = 16, .bitmask = 0x7fff, .vals = nflog_types,
                   .blurb = N_("What the record holds (NFULA_ names from the kernel); 9 is the packet.") },
  [N_HWPROTO] = { "nflog.protocol", N_("HW protocol"), LSC_FT_UINT, LSC_BASE_HEX, 16, .vals = lsc_ethertype_vals,
                  .blurb = N_("The EtherType the packet arrived with.") },
  [N_HOOK] = { "nflog.hook", N_("Netfilter hook"), LSC_FT_UINT, .vals = nflog_hooks,
               .blurb = N_("Where in the kernel the rule saw the packet: 0 before routing, 1 input, 2 forward, 3 output, 4 after routing.") },
  [N_MARK] = { "nflog.mark", N_("Mark"), LSC_FT_UINT, LSC_BASE_HEX, 32,
               .blurb = N_("The firewall mark the kernel had given the packet.") },
  [N_TIMESTAMP] = { "nflog.timestamp", N_("Timestamp"), LSC_FT_ABSTIME,
                    .blurb = N_("When the kernel logged the packet.") },
  [N_INDEV] = { "nflog.ifindex_indev", N_("IFINDEX_INDEV"), LSC_FT_UINT,
                .blurb = N_("The interface the packet came in on, by its kernel number (`ip link` lists them).") },
  [N_OUTDEV] = { "nflog.ifindex_outdev", N_("IFINDEX_OUTDEV"), LSC_FT_UINT,
                 .blurb = N_("The interface the packet goes out on, by its kernel number.") },
  [N_PHYSINDEV] = { "nflog.ifindex_physindev", N_("IFINDEX_PHYSINDEV"), LSC_FT_UINT,
                    .blurb = N_("The bridge port the packet came in on.") },
  [N_PHYSOUTDEV] = { "nflog.ifindex_physoutdev", N_("IFINDEX_PHYSOUTDEV"), LSC_FT_UINT,
                     .blurb = N_("The bridge port the packet goes out on.") },
  [N_PREFIX] = { "nflog.prefix", N_("Prefix"), LSC_FT_STRING,
                 .blurb = N_("The text the rule attached (`--nflog-prefix`), which tells the rules apart.") },
  [N_UID] = { "nflog.uid", N_("UID"), LSC_FT_INT,
              .blurb = N_("The user that owns the socket that sent or receives the packet.") },
  [N_GID] = { "nflog.gid", N_("GID"), LSC_FT_INT,
              .blurb = N_("The group that owns the socket that sent or receives the packet.") },
  [N_SEQ] = { "nflog.seq", N_("Sequence number"), LSC_FT_UINT,
              .blurb = N_("Counts the packets logged to this group.") },
  [N_SEQ_GLOBAL] = { "nflog.seq_global", N_("Global sequence number"), LSC_FT_UINT,
                     .blurb = N_("Counts the packets logged to every group.") },
  [N_VALUE] = { "nflog.tlv_value", N_("Value"), LSC_FT_BYTES, .blurb = N_("The record's value, not decoded further.") },
  { NULL }
};

/* A NUL-terminated string in at most n bytes at o. */
static gint32
add_cstring (LscTree *t, gint32 parent, const LscField *f, const LscBuf *b, guint32 o, guint32 n)
{
  const guint8 *p = b->data + o;
  guint32 len = 0;
  while (len < n && p[len])
    len++;
  return lsc_tree_add_string (t, parent, f, lsc_buf_abs (b, o), n, (const char *) p, len);
}

/* The TLV length and type are in the capturing host's byte order, the
 * values in network order.  A record is at least 4 bytes, so whichever order
 * gives the first record a length from 4 to what is left is the one. */
static gboolean
nflog_little_endian (const LscBuf *b)
{
  if (!lsc_buf_has (b, 4, 2))
    return TRUE;
  guint16 le = lsc_buf_u16le (b, 4);
  return le >= 4 && le <= b->len - 4;
}

void
lsc_proto_nflog (LscDissectCtx *c, LscBuf b, gint32 parent)
{
  const LscField *f = lsc_fields_nflog;
  LscTree *t = c->tree;
  LscPinfo *pi = c->pi;

  pi->protocol = "NFLOG";
  gint32 nf = lsc_tree_add_proto (t, parent, &f[N_NFLOG], lsc_buf_abs (&b, 0), b.len);
  /* What was captured of a short header is still shown. */
  if (lsc_buf_has (&b, 0, 1))
    lsc_tree_add_uint (t, nf, &f[N_FAMILY], lsc_buf_abs (&b, 0), 1, lsc_buf_u8 (&b, 0));
  if (lsc_buf_has (&b, 1, 1))
    lsc_tree_add_uint (t, nf, &f[N_VERSION], lsc_buf_abs (&b, 1), 1, lsc_buf_u8 (&b, 1));
  if (!lsc_dissect_need (c, nf, &b, 4, _("NFLOG header")))
    return;
  guint8 family = lsc_buf_u8 (&b, 0);
  guint16 group = lsc_buf_u16 (&b, 2);
  lsc_tree_add_uint (t, nf, &f[N_RES_ID], lsc_buf_abs (&b, 2), 2, group);

  gboolean le = nflog_little_endian (&b);
  gboolean have_payload = FALSE;
  gint32 hwproto = -1;
  LscBuf payload = { 0 };
  const char *prefix = NULL;
  guint32 o = 4;
  /* Every record advances o by at least 4, so the loop ends with the packet. */
  while (o < b.len)
    {
      if (!lsc_buf_has (&b, o, 4))
        {
          lsc_tree_set_flags (t, nf, b.len < b.reported ? LSC_NODE_TRUNCATED : LSC_NODE_MALFORMED);
          lsc_tree_add_note (t, nf, 2, lsc_buf_abs (&b, o), b.len - o, _("A record's head cut short: %u of 4 bytes"), b.len - o);
          break;
        }
      guint16 len = le ? lsc_buf_u16le (&b, o) : lsc_buf_u16 (&b, o);
      guint16 type = (le ? lsc_buf_u16le (&b, o + 2) : lsc_buf_u16 (&b, o + 2)) & 0x7fff;
      guint32 vlen = len >= 4 ? len - 4u : 0;
      guint32 have = MIN (vlen, b.len - (o + 4));
      gint32 tn = lsc_tree_add (t, nf, &f[N_TLV], lsc_buf_abs (&b, o), MIN ((guint32) MAX (len, 4), b.len - o));
      const char *tname = lsc_value_string (nflog_types, type);
      lsc_tree_set_text (t, tn, _("%s (%u), %u bytes"), tname ? tname : _("unknown"), type, len);
      lsc_tree_add_uint (t, tn, &f[N_TLV_LEN], lsc_buf_abs (&b, o), 2, len);
      lsc_tree_add_uint (t, tn, &f[N_TLV_TYPE], lsc_buf_abs (&b, o + 2), 2, type);
      if (len < 4)
        {
          lsc_tree_set_flags (t, tn, LSC_NODE_MALFORMED);
          lsc_tree_add_note (t, tn, 2, lsc_buf_abs (&b, o), 2, _("Length %u is less than the record's own 4-byte head"), len);
          lsc_tree_set_flags (t, nf, LSC_NODE_MALFORMED);
          break;
        }
      guint32 v = o + 4, av = lsc_buf_abs (&b, v);
      if (have < vlen)
        {
          lsc_tree_set_flags (t, tn, b.len < b.reported ? LSC_NODE_TRUNCATED : LSC_NODE_MALFORMED);
          lsc_tree_add_note (t, tn, 2, av, have, _("Value cut short: %u of %u bytes"), have, vlen);
        }
      switch (type)
        {
        case NFULA_PACKET_HDR:
          if (have >= 3)
            {
              hwproto = lsc_buf_u16 (&b, v);
              lsc_tree_add_uint (t, tn, &f[N_HWPROTO], av, 2, (guint32) hwproto);
              lsc_tree_add_uint (t, tn, &f[N_HOOK], av + 2, 1, lsc_buf_u8 (&b, v + 2));
            }
          break;
        case NFULA_TIMESTAMP:
          if (have >= 16)
            {
              guint64 sec = ((guint64) lsc_buf_u32 (&b, v) << 32) | lsc_buf_u32 (&b, v + 4);
              guint64 usec = ((guint64) lsc_buf_u32 (&b, v + 8) << 32) | lsc_buf_u32 (&b, v + 12);
              if (sec < G_MAXINT64 / G_GINT64_CONSTANT (1000000000) && usec < 1000000)
                lsc_tree_add_int (t, tn, &f[N_TIMESTAMP], av, 16, (gint64) sec * 1000000000 + (gint64) usec * 1000);
              else
                lsc_tree_add_bytes (t, tn, &f[N_VALUE], av, 16, b.data + v, 16);
            }
          break;
        case NFULA_MARK: case NFULA_IFINDEX_INDEV: case NFULA_IFINDEX_OUTDEV: case NFULA_IFINDEX_PHYSINDEV:
        case NFULA_IFINDEX_PHYSOUTDEV: case NFULA_SEQ: case NFULA_SEQ_GLOBAL:
          if (have >= 4)
            {
              guint fi = type == NFULA_MARK ? N_MARK : type == NFULA_SEQ ? N_SEQ : type == NFULA_SEQ_GLOBAL ? N_SEQ_GLOBAL
                         : N_INDEV + (type - NFULA_IFINDEX_INDEV);
              lsc_tree_add_uint (t, tn, &f[fi], av, 4, lsc_buf_u32 (&b, v));
            }
          break;
        case NFULA_UID: case NFULA_GID:
          if (have >= 4)
            lsc_tree_add_int (t, tn, &f[type == NFULA_UID ? N_UID : N_GID], av, 4, (gint32) lsc_buf_u32 (&b, v));
          break;
        case NFULA_PREFIX:
          if (have)
            {
              gint32 pn = add_cstring (t, tn, &f[N_PREFIX], &b, v, have);
              prefix = lsc_tree_node (t, pn)->text;
            }
          break;
        case NFULA_PAYLOAD:
          if (!have_payload)
            {
              /* The packet's view keeps its full length, so a cut value reads as truncated. */
              payload = lsc_buf_sub (&b, v, vlen);
              have_payload = TRUE;
              lsc_tree_set_length (t, tn, 4);
            }
          break;
        default:
          if (have)
            lsc_tree_add_bytes (t, tn, &f[N_VALUE], av, have, b.data + v, have);
          break;
        }
      if (have < vlen)
        break;
      /* Values are padded to a multiple of 4 bytes (NFA_ALIGN). */
      o += (len + 3u) & ~3u;
    }

  const char *fam = lsc_value_string (nflog_families, family);
  if (prefix && *prefix)
    lsc_tree_set_text (t, nf, _("Linux Netfilter NFLOG, group %u, prefix \"%s\""), group, prefix);
  else
    lsc_tree_set_text (t, nf, _("Linux Netfilter NFLOG, group %u"), group);
  lsc_string_printf (pi->info, _("NFLOG group %u, %s"), group, fam ? _(fam) : _("unknown family"));
  if (!have_payload)
    return;
  if (family == 2)
    lsc_proto_ipv4 (c, payload, parent);
  else if (family == 10)
    lsc_proto_ipv6 (c, payload, parent);
  else if (hwproto >= 0x0600)
    lsc_dissect_ethertype (c, (guint16) hwproto, payload, parent);
  else
    lsc_proto_data (c, payload, parent);
}

/* ---------------------------------------------------------------- PKTAP */

enum {
  P_PKTAP, P_HDRLEN, P_RECTYPE, P_DLT, P_IFNAME, P_FLAGS, P_PFAMILY, P_LLHDRLEN, P_LLTRLRLEN, P_PID, P_CMDNAME,
  P_SVC_CLASS, P_IFTYPE, P_IFUNIT, P_EPID, P_ECMDNAME,
};

#define PKTAP_MIN_LEN 108u

static const LscValueString pktap_rectypes[] = {
  { 0, N_("None") }, { 1, N_("Packet") }, { 0, NULL }
};

const LscField lsc_fields_pktap[] = {
  [P_PKTAP] = { "pktap", N_("PKTAP packet header"), LSC_FT_PROTOCOL, .layer = LSC_OSI_DATALINK, .short_name = "PKTAP",
                .blurb = N_("Written by macOS when capturing on several interfaces at once (`tcpdump -i pktap`): which interface and which process, then the frame.") },
  [P_HDRLEN] = { "pktap.hdrlen", N_("Header length"), LSC_FT_UINT,
                 .blurb = N_("Bytes of this header; the frame starts after them. In the capturing host's byte order, as all of PKTAP.") },
  [P_RECTYPE] = { "pktap.rectype", N_("Record type"), LSC_FT_UINT, .vals = pktap_rectypes,
                  .blurb = N_("1 when a packet follows.") },
  [P_DLT] = { "pktap.dlt", N_("DLT"), LSC_FT_UINT,
              .blurb = N_("The link type of the frame that follows (1 Ethernet, 0 loopback, 12 raw IP).") },
  [P_IFNAME] = { "pktap.ifname", N_("Interface name"), LSC_FT_STRING,
                 .blurb = N_("The interface the packet used (en0, lo0, utun3).") },
  [P_FLAGS] = { "pktap.flags", N_("Flags"), LSC_FT_UINT, LSC_BASE_HEX, 32,
                .blurb = N_("macOS's notes on the packet (direction, whether process information is known).") },
  [P_PFAMILY] = { "pktap.pfamily", N_("Protocol family"), LSC_FT_UINT,
                  .blurb = N_("The address family of the packet (2 IPv4, 30 IPv6 on macOS).") },
  [P_LLHDRLEN] = { "pktap.llhdrlen", N_("Link-layer header length"), LSC_FT_UINT,
                   .blurb = N_("How many bytes of the frame are its link-layer header.") },
  [P_LLTRLRLEN] = { "pktap.lltrlrlen", N_("Link-layer trailer length"), LSC_FT_UINT,
                    .blurb = N_("How many bytes at the end of the frame are a link-layer trailer.") },
  [P_PID] = { "pktap.pid", N_("Process ID"), LSC_FT_UINT,
              .blurb = N_("The process that owns the socket that sent or receives the packet.") },
  [P_CMDNAME] = { "pktap.cmdname", N_("Command name"), LSC_FT_STRING,
                  .blurb = N_("That process's program name (curl, Safari).") },
  [P_SVC_CLASS] = { "pktap.svc_class", N_("Service class"), LSC_FT_UINT,
                    .blurb = N_("The traffic class macOS gave the socket (background, video, voice …).") },
  [P_IFTYPE] = { "pktap.iftype", N_("Interface type"), LSC_FT_UINT,
                 .blurb = N_("The interface's kind as a MIB-II ifType number (6 Ethernet, 24 loopback).") },
  [P_IFUNIT] = { "pktap.ifunit", N_("Interface unit"), LSC_FT_UINT,
                 .blurb = N_("The number in the interface's name (0 for en0).") },
  [P_EPID] = { "pktap.epid", N_("Effective process ID"), LSC_FT_UINT,
               .blurb = N_("The process the traffic is done for, when another one (a daemon) sends it on its behalf.") },
  [P_ECMDNAME] = { "pktap.ecmdname", N_("Effective command name"), LSC_FT_STRING,
                   .blurb = N_("That process's program name.") },
  { NULL }
};

/* The PKTAP header's DLT is macOS's number; the link types are the file's. */
static int
pktap_linktype (guint32 dlt)
{
  return dlt == 12 ? LSC_LINK_RAW : (int) dlt;
}

void
lsc_proto_pktap (LscDissectCtx *c, LscBuf b, gint32 parent, gboolean apple)
{
  const LscField *f = lsc_fields_pktap;
  LscTree *t = c->tree;
  LscPinfo *pi = c->pi;

  /* 149 is one of the link types left to private use (USER2) everywhere but
   * on Apple systems: take it as PKTAP only when its header says so. */
  if (apple && !(lsc_buf_has (&b, 0, 12) && lsc_buf_u32le (&b, 0) >= PKTAP_MIN_LEN &&
                 lsc_buf_u32le (&b, 0) <= b.len && lsc_buf_u32le (&b, 4) <= 1))
    {
      lsc_tree_add_note (t, parent, 2, 0, 0, _("Link type %d is not decoded"), LSC_LINK_PKTAP_APPLE);
      lsc_proto_data (c, b, parent);
      return;
    }
  pi->protocol = "PKTAP";
  gint32 pk = lsc_tree_add_proto (t, parent, &f[P_PKTAP], lsc_buf_abs (&b, 0), MIN (b.len, PKTAP_MIN_LEN));
  if (!lsc_dissect_need (c, pk, &b, 4, _("PKTAP header")))
    return;
  guint32 hlen = lsc_buf_u32le (&b, 0);
  gint32 hn = lsc_tree_add_uint (t, pk, &f[P_HDRLEN], lsc_buf_abs (&b, 0), 4, hlen);
  if (hlen < PKTAP_MIN_LEN)
    {
      lsc_tree_set_flags (t, hn, LSC_NODE_MALFORMED);
      lsc_tree_set_flags (t, pk, LSC_NODE_MALFORMED);
      lsc_tree_add_note (t, hn, 2, lsc_buf_abs (&b, 0), 4, _("Header length %u is less than the %u bytes of a PKTAP header"),
                         hlen, PKTAP_MIN_LEN);
      g_string_assign (pi->info, _("Malformed PKTAP header"));
      return;
    }
  lsc_tree_set_length (t, pk, MIN (b.len, hlen));
  if (!lsc_dissect_need (c, pk, &b, PKTAP_MIN_LEN, _("PKTAP header")))
    return;
  guint32 rectype = lsc_buf_u32le (&b, 4), dlt = lsc_buf_u32le (&b, 8);
  lsc_tree_add_uint (t, pk, &f[P_RECTYPE], lsc_buf_abs (&b, 4), 4, rectype);
  lsc_tree_add_uint (t, pk, &f[P_DLT], lsc_buf_abs (&b, 8), 4, dlt);
  gint32 ifn = add_cstring (t, pk, &f[P_IFNAME], &b, 12, 24);
  lsc_tree_add_uint (t, pk, &f[P_FLAGS], lsc_buf_abs (&b, 36), 4, lsc_buf_u32le (&b, 36));
  lsc_tree_add_uint (t, pk, &f[P_PFAMILY], lsc_buf_abs (&b, 40), 4, lsc_buf_u32le (&b, 40));
  lsc_tree_add_uint (t, pk, &f[P_LLHDRLEN], lsc_buf_abs (&b, 44), 4, lsc_buf_u32le (&b, 44));
  lsc_tree_add_uint (t, pk, &f[P_LLTRLRLEN], lsc_buf_abs (&b, 48), 4, lsc_buf_u32le (&b, 48));
  guint32 pid = lsc_buf_u32le (&b, 52);
  lsc_tree_add_uint (t, pk, &f[P_PID], lsc_buf_abs (&b, 52), 4, pid);
  gint32 cmd = add_cstring (t, pk, &f[P_CMDNAME], &b, 56, 20);
  lsc_tree_add_uint (t, pk, &f[P_SVC_CLASS], lsc_buf_abs (&b, 76), 4, lsc_buf_u32le (&b, 76));
  lsc_tree_add_uint (t, pk, &f[P_IFTYPE], lsc_buf_abs (&b, 80), 2, lsc_buf_u16le (&b, 80));
  lsc_tree_add_uint (t, pk, &f[P_IFUNIT], lsc_buf_abs (&b, 82), 2, lsc_buf_u16le (&b, 82));
  lsc_tree_add_uint (t, pk, &f[P_EPID], lsc_buf_abs (&b, 84), 4, lsc_buf_u32le (&b, 84));
  add_cstring (t, pk, &f[P_ECMDNAME], &b, 88, 20);
  if (!lsc_tree_is_summary_only (t))
    {
      const char *ifname = lsc_tree_node (t, ifn)->text, *cmdname = lsc_tree_node (t, cmd)->text;
      if (cmdname && *cmdname)
        lsc_tree_set_text (t, pk, _("PKTAP, interface %s, process %s (%u)"), ifname, cmdname, pid);
      else
        lsc_tree_set_text (t, pk, _("PKTAP, interface %s"), ifname);
    }
  if (!lsc_dissect_need (c, pk, &b, hlen, _("PKTAP header")))
    return;
  LscBuf frame = lsc_buf_tail (&b, hlen);
  int lt = pktap_linktype (dlt);
  if (rectype != 1 || lt == LSC_LINK_PKTAP || lt == LSC_LINK_PKTAP_APPLE)
    {
      /* Not a packet, or PKTAP inside PKTAP, which no system writes. */
      lsc_string_printf (pi->info, _("PKTAP record type %u"), rectype);
      lsc_proto_data (c, frame, parent);
      return;
    }
  lsc_dissect_link (c, lt, frame, parent);
}

/* ---------------------------------------------------------------- IPoIB */

enum { I_IPOIB, I_DADDR, I_DADDR_QPN, I_DGID, I_GRH, I_GRH_IPVER, I_GRH_TCLASS, I_GRH_FLOW, I_GRH_SQPN, I_GRH_SGID, I_TYPE, I_RESERVED };

#define IPOIB_ADDR_LEN 40u

const LscField lsc_fields_ipoib[] = {
  [I_IPOIB] = { "ipoib", N_("IP over InfiniBand"), LSC_FT_PROTOCOL, .layer = LSC_OSI_DATALINK, .short_name = "IPoIB",
                .blurb = N_("IP carried over an InfiniBand network (RFC 4391): the capture adds 40 bytes of InfiniBand addresses, then a 4-byte header names the protocol.") },
  [I_DADDR] = { "ipoib.daddr", N_("Destination address"), LSC_FT_NONE,
                .blurb = N_("A packet this host sent: only where it goes is known, as a queue pair number and a GID.") },
  [I_DADDR_QPN] = { "ipoib.daddr.qpn", N_("Destination QPN"), LSC_FT_UINT, LSC_BASE_HEX, 24,
                    .blurb = N_("The queue pair (InfiniBand's port number) of the receiving interface.") },
  [I_DGID] = { "ipoib.dgid", N_("Destination GID"), LSC_FT_IPV6,
               .blurb = N_("The receiving port's global identifier, 16 bytes written like an IPv6 address.") },
  [I_GRH] = { "ipoib.grh", N_("Global Route Header"), LSC_FT_NONE,
              .blurb = N_("A received packet: the InfiniBand global route header it arrived with, which names both ends.") },
  [I_GRH_IPVER] = { "ipoib.grh.ipver", N_("IP Version"), LSC_FT_UINT, .bits = 8, .bitmask = 0xf0,
                    .blurb = N_("The header's version, 6: InfiniBand's global route header is built like IPv6's.") },
  [I_GRH_TCLASS] = { "ipoib.grh.tclass", N_("Traffic Class"), LSC_FT_UINT, .bits = 16, .bitmask = 0x0ff0,
                     .blurb = N_("The packet's priority class.") },
  [I_GRH_FLOW] = { "ipoib.grh.flowlabel", N_("Flow Label"), LSC_FT_UINT, .bits = 32, .bitmask = 0x000fffff,
                   .blurb = N_("Marks packets of one flow so the fabric keeps them in order.") },
  [I_GRH_SQPN] = { "ipoib.grh.sqpn", N_("Source QPN"), LSC_FT_UINT, LSC_BASE_HEX, 24,
                   .blurb = N_("The queue pair of the sending interface (Linux puts it where the header's length and hop fields were).") },
  [I_GRH_SGID] = { "ipoib.grh.sgid", N_("Source GID"), LSC_FT_IPV6,
                   .blurb = N_("The sending port's global identifier.") },
  [I_TYPE] = { "ipoib.type", N_("Type"), LSC_FT_UINT, LSC_BASE_HEX, 16, .vals = lsc_ethertype_vals,
               .blurb = N_("The EtherType of the payload, as in an Ethernet header: 0x0800 IPv4, 0x0806 ARP, 0x86dd IPv6.") },
  [I_RESERVED] = { "ipoib.reserved", N_("Reserved"), LSC_FT_UINT, LSC_BASE_HEX, 16,
                   .blurb = N_("Two bytes RFC 4391 keeps for future use; zero.") },
  { NULL }
};

static void
add_gid (LscTree *t, gint32 parent, const LscField *f, const LscBuf *b, guint32 o)
{
  lsc_tree_add_bytes (t, parent, f, lsc_buf_abs (b, o), 16, b->data + o, 16);
}

void
lsc_proto_ipoib (LscDissectCtx *c, LscBuf b, gint32 parent)
{
  const LscField *f = lsc_fields_ipoib;
  LscTree *t = c->tree;
  guint32 hlen = IPOIB_ADDR_LEN + 4;

  c->pi->protocol = "IPoIB";
  gint32 ib = lsc_tree_add_proto (t, parent, &f[I_IPOIB], lsc_buf_abs (&b, 0), MIN (b.len, hlen));
  /* Linux writes the destination's address (at 20) for a packet it sends
   * and leaves the first bytes zero; a received one keeps its GRH.  Each
   * field that was captured is shown, even when the header is cut short. */
  if (lsc_buf_has (&b, 0, 2) && lsc_buf_u16 (&b, 0) == 0)
    {
      gint32 d = lsc_tree_add (t, ib, &f[I_DADDR], lsc_buf_abs (&b, 20), MIN (20u, b.len - MIN (b.len, 20u)));
      if (lsc_buf_has (&b, 21, 3))
        lsc_tree_add_uint (t, d, &f[I_DADDR_QPN], lsc_buf_abs (&b, 21), 3, lsc_buf_u24 (&b, 21));
      if (lsc_buf_has (&b, 24, 16))
        add_gid (t, d, &f[I_DGID], &b, 24);
    }
  else if (lsc_buf_has (&b, 0, 4))
    {
      gint32 g = lsc_tree_add (t, ib, &f[I_GRH], lsc_buf_abs (&b, 0), MIN (b.len, IPOIB_ADDR_LEN));
      guint32 w = lsc_buf_u32 (&b, 0);
      lsc_tree_add_uint (t, g, &f[I_GRH_IPVER], lsc_buf_abs (&b, 0), 1, w >> 28);
      lsc_tree_add_uint (t, g, &f[I_GRH_TCLASS], lsc_buf_abs (&b, 0), 2, (w >> 20) & 0xff);
      lsc_tree_add_uint (t, g, &f[I_GRH_FLOW], lsc_buf_abs (&b, 0), 4, w & 0xfffff);
      if (lsc_buf_has (&b, 5, 3))
        lsc_tree_add_uint (t, g, &f[I_GRH_SQPN], lsc_buf_abs (&b, 5), 3, lsc_buf_u24 (&b, 5));
      if (lsc_buf_has (&b, 8, 16))
        add_gid (t, g, &f[I_GRH_SGID], &b, 8);
      if (lsc_buf_has (&b, 24, 16))
        add_gid (t, g, &f[I_DGID], &b, 24);
    }
  if (!lsc_dissect_need (c, ib, &b, hlen, _("IPoIB header")))
    return;
  guint16 type = lsc_buf_u16 (&b, IPOIB_ADDR_LEN);
  lsc_tree_add_uint (t, ib, &f[I_TYPE], lsc_buf_abs (&b, IPOIB_ADDR_LEN), 2, type);
  lsc_tree_add_uint (t, ib, &f[I_RESERVED], lsc_buf_abs (&b, IPOIB_ADDR_LEN + 2), 2, lsc_buf_u16 (&b, IPOIB_ADDR_LEN + 2));
  const char *tn = lsc_value_string (lsc_ethertype_vals, type);
  lsc_tree_set_text (t, ib, _("IP over InfiniBand, Type %s (0x%04x)"), tn ? tn : _("unknown"), type);
  g_string_assign (c->pi->info, _("IP over InfiniBand"));
  lsc_dissect_ethertype (c, type, lsc_buf_tail (&b, hlen), parent);
}

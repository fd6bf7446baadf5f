/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-proto-frame.c — the capture record itself: times, lengths, frame size rules
 *
 * Layer 1 as a capture sees it.  The size analysis (header/payload/padding
 * split, the 60/64 and 1514/1518 byte rules, the FCS the NIC strips) is added
 * by lsc_proto_frame_finish() once the layers above have said how long they are.
 */
#include "lsc-dissect.h"
#include "lsc-format.h"
#include "lsc-frame.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

enum {
  F_FRAME, F_NUMBER, F_TIME, F_TIME_EPOCH, F_TIME_DELTA, F_TIME_RELATIVE, F_LEN, F_CAP_LEN,
  F_LINKTYPE, F_PROTOCOLS, F_SIZE, F_SIZE_HEADERS, F_SIZE_PAYLOAD, F_SIZE_PADDING, F_SIZE_ON_WIRE,
  F_SIZE_MIN, F_SIZE_MAX, F_SIZE_FCS, F_COMMENT,
};

static const LscValueString linktypes[] = {
  { LSC_LINK_NULL, N_("BSD loopback") },
  { LSC_LINK_ETHERNET, N_("Ethernet") },
  { LSC_LINK_RAW, N_("Raw IP") },
  { LSC_LINK_LOOP, N_("OpenBSD loopback") },
  { LSC_LINK_LINUX_SLL, N_("Linux cooked capture v1") },
  { LSC_LINK_IPV4, N_("Raw IPv4") },
  { LSC_LINK_IPV6, N_("Raw IPv6") },
  { LSC_LINK_LINUX_SLL2, N_("Linux cooked capture v2") },
  { LSC_LINK_PPP, N_("PPP") },
  { LSC_LINK_PPP_WITH_DIR, N_("PPP with direction") },
  { LSC_LINK_CHDLC, N_("Cisco HDLC") },
  { LSC_LINK_NFLOG, N_("Linux netfilter log (NFLOG)") },
  { LSC_LINK_IPOIB, N_("IP over InfiniBand") },
  { LSC_LINK_PKTAP, N_("Apple PKTAP") },
  { LSC_LINK_PKTAP_APPLE, N_("Apple PKTAP (DLT 149)") },
  { 0, NULL }
};

static const LscValueString yes_no[] = { { 0, N_("No") }, { 1, N_("Yes") }, { 0, NULL } };

const LscField lsc_fields_frame[] = {
  [F_FRAME] = { "frame", N_("Frame"), LSC_FT_PROTOCOL, .layer = LSC_OSI_PHYSICAL, .short_name = "Frame",
                .blurb = N_("The record the capture library kept for this frame: when it arrived and how many bytes it had.") },
  [F_NUMBER] = { "frame.number", N_("Frame number"), LSC_FT_UINT, .blurb = N_("Position of this frame in the capture, counting from 1.") },
  [F_TIME] = { "frame.time", N_("Arrival time"), LSC_FT_ABSTIME, .blurb = N_("When the capturing host saw the frame, in UTC.") },
  [F_TIME_EPOCH] = { "frame.time_epoch", N_("Epoch time"), LSC_FT_ABSTIME, .blurb = N_("Arrival time as seconds since 1970-01-01 UTC.") },
  [F_TIME_DELTA] = { "frame.time_delta", N_("Time since previous frame"), LSC_FT_RELTIME, .blurb = N_("Seconds between the previous captured frame and this one.") },
  [F_TIME_RELATIVE] = { "frame.time_relative", N_("Time since first frame"), LSC_FT_RELTIME, .blurb = N_("Seconds since the first frame of the capture; the Time column shows this.") },
  [F_LEN] = { "frame.len", N_("Frame length on the wire"), LSC_FT_UINT, .blurb = N_("How many bytes the frame had on the wire (without the 4-byte FCS, which the network card removes).") },
  [F_CAP_LEN] = { "frame.cap_len", N_("Captured length"), LSC_FT_UINT, .blurb = N_("How many bytes were saved; less than the frame length when the capture's snap length cut it short.") },
  [F_LINKTYPE] = { "frame.linktype", N_("Link type"), LSC_FT_UINT, .vals = linktypes, .blurb = N_("What kind of header the capture starts with (pcap LINKTYPE value).") },
  [F_PROTOCOLS] = { "frame.protocols", N_("Protocols in frame"), LSC_FT_STRING, .blurb = N_("The protocols decoded in this frame, from the outermost in.") },
  [F_SIZE] = { "frame.size", N_("Frame size analysis"), LSC_FT_NONE, .blurb = N_("How the frame's bytes split into headers, payload and padding, held against Ethernet's size rules.") },
  [F_SIZE_HEADERS] = { "frame.size.headers", N_("Header bytes"), LSC_FT_UINT, .blurb = N_("Bytes taken by protocol headers in this frame, all layers together.") },
  [F_SIZE_PAYLOAD] = { "frame.size.payload", N_("Payload bytes"), LSC_FT_UINT, .blurb = N_("Bytes of application data carried after the last header.") },
  [F_SIZE_PADDING] = { "frame.size.padding", N_("Padding bytes"), LSC_FT_UINT, .blurb = N_("Zero bytes added after the packet so the Ethernet frame reaches its 60-byte minimum; they belong to no protocol.") },
  [F_SIZE_ON_WIRE] = { "frame.size.with_fcs", N_("Size with FCS"), LSC_FT_UINT, .blurb = N_("The frame's size as Ethernet counts it: captured length plus the 4-byte frame check sequence.") },
  [F_SIZE_MIN] = { "frame.size.min_ok", N_("Meets the 64-byte minimum"), LSC_FT_BOOL, .vals = yes_no, .blurb = N_("Ethernet frames must be at least 64 bytes with FCS (60 without) so collisions can be detected; shorter frames are padded.") },
  [F_SIZE_MAX] = { "frame.size.max_ok", N_("Within the 1518-byte maximum"), LSC_FT_BOOL, .vals = yes_no, .blurb = N_("An Ethernet frame carries at most 1500 bytes of payload: 1518 bytes with header and FCS (1522 with a VLAN tag).") },
  [F_SIZE_FCS] = { "frame.size.fcs", N_("FCS"), LSC_FT_STRING, .blurb = N_("The 4-byte CRC at the end of every Ethernet frame; the network card checks and removes it, so captures rarely show it.") },
  [F_COMMENT] = { "frame.comment", N_("Comment"), LSC_FT_STRING, .blurb = N_("A note someone attached to this packet in the capture file (pcapng); it is not part of the frame.") },
  { NULL }
};

void
lsc_proto_frame (LscDissectCtx *c, LscBuf b)
{
  const LscPacket *p = c->pkt;
  const LscField *f = lsc_fields_frame;
  gint32 fr = lsc_tree_add_proto (c->tree, LSC_ROOT, &f[F_FRAME], 0, b.len);

  lsc_tree_set_text (c->tree, fr, _("Frame %" PRIu64 ": %u bytes on wire (%u bits), %u bytes captured (%u bits)"),
                     p->num, p->wirelen, p->wirelen * 8, p->caplen, p->caplen * 8);
  lsc_tree_add_uint (c->tree, fr, &f[F_NUMBER], 0, 0, p->num);
  lsc_tree_add_int (c->tree, fr, &f[F_TIME], 0, 0, p->ts_ns);
  gint32 ep = lsc_tree_add_int (c->tree, fr, &f[F_TIME_EPOCH], 0, 0, p->ts_ns);
  lsc_tree_set_text (c->tree, ep, _("%" PRId64 ".%09" PRId64 " seconds"),
                     p->ts_ns / 1000000000, p->ts_ns % 1000000000);
  lsc_tree_add_double (c->tree, fr, &f[F_TIME_DELTA], 0, 0,
                       p->num > 1 ? (double) (p->ts_ns - p->ts_prev_ns) / 1e9 : 0.0);
  lsc_tree_add_double (c->tree, fr, &f[F_TIME_RELATIVE], 0, 0, (double) (p->ts_ns - p->ts_first_ns) / 1e9);
  lsc_tree_add_uint (c->tree, fr, &f[F_LEN], 0, 0, p->wirelen);
  gint32 cl = lsc_tree_add_uint (c->tree, fr, &f[F_CAP_LEN], 0, 0, p->caplen);
  if (p->caplen < p->wirelen)
    lsc_tree_add_note (c->tree, cl, 1, 0, 0, _("Only %u of %u bytes were captured (snap length): the layers above are cut short"),
                       p->caplen, p->wirelen);
  lsc_tree_add_uint (c->tree, fr, &f[F_LINKTYPE], 0, 0, (guint64) p->linktype);
  const char *comment = p->comments;
  for (guint i = 0; i < p->n_comments; i++, comment += strlen (comment) + 1)
    lsc_tree_add_string (c->tree, fr, &f[F_COMMENT], 0, 0, comment, -1);
}

/* The protocol headers inside node i (the datagram an ICMP error quotes),
 * depth first, as tshark lists them: "eth:ip:icmp:ip:udp". */
static void
append_nested_protocols (LscTree *t, gint32 i, GString *protos)
{
  for (gint32 k = lsc_tree_node (t, i)->first_child; k >= 0; k = lsc_tree_node (t, k)->next)
    {
      const LscNode *n = lsc_tree_node (t, k);
      if (n->field && n->field->type == LSC_FT_PROTOCOL)
        {
          g_string_append_c (protos, ':');
          g_string_append (protos, n->field->id);
        }
      append_nested_protocols (t, k, protos);
    }
}

/* Whether a header sits inside another: rare, so one look along the node
 * array spares most frames the walk through every subtree above. */
static gboolean
has_nested_protocol (const LscTree *t)
{
  for (guint i = 0, n = lsc_tree_count (t); i < n; i++)
    {
      const LscNode *node = lsc_tree_node (t, (gint32) i);
      if (node->parent >= 0 && node->field->type == LSC_FT_PROTOCOL)
        return TRUE;
    }
  return FALSE;
}

/* frame.protocols: the top-level headers in order, each followed by any it
 * carries inside; and the bytes of headers and payload in the frame (the
 * headers of a reassembled datagram have none there). */
static void
count_protocols (LscTree *t, const LscNode *frn, GString *protos, guint32 *headers, guint32 *payload, gboolean *vlan)
{
  gboolean nested = has_nested_protocol (t);
  for (gint32 i = frn->next; i >= 0; i = lsc_tree_node (t, i)->next)
    {
      const LscNode *n = lsc_tree_node (t, i);
      if (n->field->type != LSC_FT_PROTOCOL)
        continue;
      if (protos->len)
        g_string_append_c (protos, ':');
      lsc_string_puts (protos, n->field->id);
      if (nested)
        append_nested_protocols (t, i, protos);
      if (g_str_equal (n->field->id, "vlan") || g_str_equal (n->field->id, "ieee8021ad"))
        *vlan = TRUE;
      if (n->flags & LSC_NODE_REASSEMBLED)
        continue;
      if (n->field->layer == LSC_OSI_APPLICATION || g_str_equal (n->field->id, "data"))
        *payload += n->length;
      else
        *headers += n->length;
    }
}

void
lsc_proto_frame_refresh (LscTree *t)
{
  gint32 fr = lsc_tree_first_top (t);
  const LscNode *frn = lsc_tree_node (t, fr);
  if (!frn || frn->field != &lsc_fields_frame[F_FRAME] || lsc_tree_is_summary_only (t))
    return;
  GString *protos = g_string_new (NULL);
  guint32 headers = 0, payload = 0;
  gboolean vlan = FALSE;
  count_protocols (t, frn, protos, &headers, &payload, &vlan);
  /* A fragment that completed its datagram (a segment its message): its own
   * data bytes belong to the rebuilt bytes' nodes, which are not the frame's. */
  const LscPinfo *pi = lsc_tree_pinfo_const (t);
  if (lsc_tree_reassembled (t, NULL))
    payload += pi->frag_family ? pi->frag_len : pi->tcp_pdu_caplen;
  else if (pi->tcp_pdu_part)
    payload += pi->tcp_pdu_caplen;
  gint32 pn = lsc_tree_find_child (t, fr, &lsc_fields_frame[F_PROTOCOLS]);
  if (pn >= 0)
    lsc_tree_node_mut (t, pn)->text = lsc_tree_strdup (t, protos->str, (gssize) protos->len);
  g_string_free (protos, TRUE);
  gint32 sz = lsc_tree_find_child (t, fr, &lsc_fields_frame[F_SIZE]);
  if (sz < 0)
    return;
  gint32 hn = lsc_tree_find_child (t, sz, &lsc_fields_frame[F_SIZE_HEADERS]);
  gint32 pln = lsc_tree_find_child (t, sz, &lsc_fields_frame[F_SIZE_PAYLOAD]);
  gint32 pdn = lsc_tree_find_child (t, sz, &lsc_fields_frame[F_SIZE_PADDING]);
  if (hn < 0 || pln < 0 || pdn < 0)
    return;
  lsc_tree_node_mut (t, hn)->v.u = headers;
  lsc_tree_node_mut (t, pln)->v.u = payload;
  lsc_tree_set_text (t, sz, _("%u header + %u payload + %u padding bytes"), headers, payload,
                     (guint32) lsc_tree_node (t, pdn)->v.u);
}

void
lsc_proto_frame_finish (LscTree *t)
{
  const LscPacket *p = lsc_tree_packet (t);
  gint32 fr = lsc_tree_first_top (t);
  const LscNode *frn = lsc_tree_node (t, fr);
  if (!frn || frn->field != &lsc_fields_frame[F_FRAME])
    return;

  /* The tree's scratch: every decoder is done with it by now. */
  GString *protos = lsc_tree_scratch (t);
  guint32 headers = 0, payload = 0, padding = 0;
  gboolean ethernet = p->linktype == LSC_LINK_ETHERNET, vlan = FALSE;
  count_protocols (t, frn, protos, &headers, &payload, &vlan);
  static gsize padding_field = 0;
  if (g_once_init_enter (&padding_field))
    g_once_init_leave (&padding_field, (gsize) lsc_fields_lookup ("eth.padding"));
  gint32 pad = lsc_tree_find_field (t, (const LscField *) padding_field);
  if (pad >= 0)
    padding = lsc_tree_node (t, pad)->length;
  lsc_tree_add_string (t, fr, &lsc_fields_frame[F_PROTOCOLS], 0, 0, protos->str, (gssize) protos->len);

  const LscField *f = lsc_fields_frame;
  gint32 sz = lsc_tree_add (t, fr, &f[F_SIZE], 0, 0);
  lsc_tree_set_text (t, sz, _("%u header + %u payload + %u padding bytes"), headers, payload, padding);
  lsc_tree_add_uint (t, sz, &f[F_SIZE_HEADERS], 0, 0, headers);
  lsc_tree_add_uint (t, sz, &f[F_SIZE_PAYLOAD], 0, 0, payload);
  lsc_tree_add_uint (t, sz, &f[F_SIZE_PADDING], 0, 0, padding);
  if (ethernet)
    {
      guint32 with_fcs = p->wirelen + 4;
      guint32 max = vlan ? 1522 : 1518;
      lsc_tree_add_uint (t, sz, &f[F_SIZE_ON_WIRE], 0, 0, with_fcs);
      gint32 mn = lsc_tree_add_uint (t, sz, &f[F_SIZE_MIN], 0, 0, with_fcs >= 64);
      if (with_fcs < 64)
        lsc_tree_add_note (t, mn, 0, 0, 0,
                           _("%u bytes with FCS is under Ethernet's 64-byte minimum, so this frame never went through a real Ethernet card's padding: "
                             "it was captured on the sending host before the card pads it, or on a virtual link such as veth or lo that does not pad. "
                             "A real Ethernet wire always carries at least 64 bytes"),
                           with_fcs);
      gint32 mx = lsc_tree_add_uint (t, sz, &f[F_SIZE_MAX], 0, 0, with_fcs <= max);
      if (with_fcs > max)
        lsc_tree_add_note (t, mx, 0, 0, 0,
                           _("%u bytes is over the %u-byte maximum: the card joined segments (offload) before the capture saw them"),
                           with_fcs, max);
      lsc_tree_add_string (t, sz, &f[F_SIZE_FCS], 0, 0, _("4 bytes, not captured (checked and removed by the network card)"), -1);
    }
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-proto-vlan.c — IEEE 802.1Q / 802.1ad VLAN tags and IEEE 802.2 LLC
 *
 * A VLAN tag is 4 bytes slipped in after the MAC addresses: priority, drop
 * eligibility and the VLAN number, then the real EtherType (or an 802.3
 * length).  LLC is what follows an 802.3 length field: service access points,
 * a control byte and, for SNAP, an EtherType again.
 */
#include "lsc-dissect.h"

#include <glib/gi18n-lib.h>

/* The 802.1ad service tag has the same layout as an 802.1Q tag; its fields
 * follow in the same order, so one decoder serves both with an index offset. */
enum {
  F_VLAN, F_PRIORITY, F_DEI, F_ID, F_ETYPE, F_LEN,
  F_AD, F_AD_PRIORITY, F_AD_DEI, F_AD_ID, F_AD_ETYPE, F_AD_LEN,
};

static const LscValueString priority_vals[] = {
  { 0, N_("Best Effort (default)") }, { 1, N_("Background") }, { 2, N_("Excellent Effort") },
  { 3, N_("Critical Applications") }, { 4, N_("Video, < 100ms latency and jitter") },
  { 5, N_("Voice, < 10ms latency and jitter") }, { 6, N_("Internetwork Control") }, { 7, N_("Network Control") },
  { 0, NULL }
};

static const LscValueString dei_vals[] = { { 0, N_("Ineligible") }, { 1, N_("Eligible") }, { 0, NULL } };

static const LscValueString etype_vals[] = {
  { 0x0800, "IPv4" }, { 0x0806, "ARP" }, { 0x8035, "RARP" }, { 0x86dd, "IPv6" }, { 0x8100, "802.1Q Virtual LAN" },
  { 0x88a8, "802.1ad Provider Bridging" }, { 0x88cc, "LLDP" }, { 0x8847, "MPLS" }, { 0x8863, "PPPoE Discovery" },
  { 0x8864, "PPPoE Session" }, { 0, NULL }
};

const LscField lsc_fields_vlan[] = {
  [F_VLAN] = { "vlan", N_("802.1Q Virtual LAN"), LSC_FT_PROTOCOL, .layer = LSC_OSI_DATALINK, .short_name = "VLAN",
               .blurb = N_("A 4-byte tag that puts the frame into a virtual LAN, so one switch can keep several separate networks apart (IEEE 802.1Q).") },
  [F_PRIORITY] = { "vlan.priority", N_("Priority"), LSC_FT_UINT, .bits = 16, .bitmask = 0xe000, .vals = priority_vals,
                   .blurb = N_("The 3-bit Priority Code Point: which queue switches should put the frame in (IEEE 802.1p).") },
  [F_DEI] = { "vlan.dei", N_("DEI"), LSC_FT_BOOL, .bits = 16, .bitmask = 0x1000, .vals = dei_vals,
              .blurb = N_("Drop Eligible Indicator: when set, a congested switch should drop this frame first (formerly CFI).") },
  [F_ID] = { "vlan.id", N_("ID"), LSC_FT_UINT, .bits = 16, .bitmask = 0x0fff,
             .blurb = N_("The VLAN number, 1 to 4094; 0 means the tag only carries a priority, 4095 is reserved.") },
  [F_ETYPE] = { "vlan.etype", N_("Type"), LSC_FT_UINT, LSC_BASE_HEX, 16, .vals = etype_vals,
                .blurb = N_("The EtherType of what follows the tag, as in an untagged Ethernet frame.") },
  [F_LEN] = { "vlan.len", N_("Length"), LSC_FT_UINT,
              .blurb = N_("An 802.3 payload length instead of an EtherType: an LLC header follows.") },
  [F_AD] = { "ieee8021ad", N_("IEEE 802.1ad"), LSC_FT_PROTOCOL, .layer = LSC_OSI_DATALINK, .short_name = "802.1ad",
             .blurb = N_("The outer (service) tag of a Q-in-Q frame: a provider carries a customer's VLANs inside its own VLAN (IEEE 802.1ad, EtherType 0x88a8).") },
  [F_AD_PRIORITY] = { "ieee8021ad.priority", N_("Priority"), LSC_FT_UINT, .bits = 16, .bitmask = 0xe000, .vals = priority_vals,
                      .blurb = N_("The provider's 3-bit priority for the frame, as in an 802.1Q tag.") },
  [F_AD_DEI] = { "ieee8021ad.dei", N_("DEI"), LSC_FT_BOOL, .bits = 16, .bitmask = 0x1000, .vals = dei_vals,
                 .blurb = N_("Drop Eligible Indicator: a congested provider switch drops these frames first.") },
  [F_AD_ID] = { "ieee8021ad.id", N_("ID"), LSC_FT_UINT, .bits = 16, .bitmask = 0x0fff,
                .blurb = N_("The service VLAN (S-VID) the provider carries the frame in; the customer's own tag follows.") },
  [F_AD_ETYPE] = { "ieee8021ad.etype", N_("Type"), LSC_FT_UINT, LSC_BASE_HEX, 16, .vals = etype_vals,
                   .blurb = N_("What follows the service tag, normally the customer's 802.1Q tag (0x8100).") },
  [F_AD_LEN] = { "ieee8021ad.len", N_("Length"), LSC_FT_UINT,
                 .blurb = N_("An 802.3 payload length instead of an EtherType: an LLC header follows.") },
  { NULL }
};

enum {
  L_LLC, L_DSAP, L_DSAP_IG, L_SSAP, L_SSAP_CR, L_CONTROL, L_CONTROL_FTYPE, L_OUI, L_PID, L_TYPE,
};

static const LscValueString sap_vals[] = {
  { 0x00, N_("NULL LSAP") }, { 0x02, N_("LLC Sub-Layer Management") }, { 0x06, N_("TCP/IP") },
  { 0x42, N_("Spanning Tree BPDU") }, { 0x98, N_("ARP") }, { 0xaa, N_("SNAP") }, { 0xe0, N_("NetWare") },
  { 0xf0, N_("NetBIOS") }, { 0xfe, N_("ISO Network Layer") }, { 0xff, N_("Global LSAP") }, { 0, NULL }
};

static const LscValueString ig_vals[] = { { 0, N_("Individual") }, { 1, N_("Group") }, { 0, NULL } };
static const LscValueString cr_vals[] = { { 0, N_("Command") }, { 1, N_("Response") }, { 0, NULL } };

static const LscValueString ftype_vals[] = {
  { 0, N_("Information frame (I)") }, { 1, N_("Supervisory frame (S)") }, { 3, N_("Unnumbered frame (U)") }, { 0, NULL }
};

static const LscValueString oui_vals[] = {
  { 0x000000, N_("Encapsulated Ethernet") }, { 0x00000c, "Cisco" }, { 0x0000f8, N_("Cisco (IEEE 802.1H)") },
  { 0x0080c2, N_("IEEE 802.1") }, { 0, NULL }
};

const LscField lsc_fields_llc[] = {
  [L_LLC] = { "llc", N_("Logical-Link Control"), LSC_FT_PROTOCOL, .layer = LSC_OSI_DATALINK, .short_name = "LLC",
              .blurb = N_("The IEEE 802.2 header that follows an 802.3 length field and says which protocol the payload is for.") },
  [L_DSAP] = { "llc.dsap", N_("DSAP"), LSC_FT_UINT, LSC_BASE_HEX, 8, .vals = sap_vals,
               .blurb = N_("Destination Service Access Point: which protocol on the receiver gets the payload (0x42 spanning tree, 0xAA SNAP).") },
  [L_DSAP_IG] = { "llc.dsap.ig", N_("IG Bit"), LSC_FT_BOOL, .bits = 8, .bitmask = 0x01, .vals = ig_vals,
                  .blurb = N_("Whether the destination SAP names one service or a group of them.") },
  [L_SSAP] = { "llc.ssap", N_("SSAP"), LSC_FT_UINT, LSC_BASE_HEX, 8, .vals = sap_vals,
               .blurb = N_("Source Service Access Point: which protocol on the sender produced the payload.") },
  [L_SSAP_CR] = { "llc.ssap.cr", N_("CR Bit"), LSC_FT_BOOL, .bits = 8, .bitmask = 0x01, .vals = cr_vals,
                  .blurb = N_("Whether this frame is a command or a response.") },
  [L_CONTROL] = { "llc.control", N_("Control"), LSC_FT_UINT, LSC_BASE_HEX, 16,
                  .blurb = N_("The frame kind; almost all LAN traffic uses 0x03, an unnumbered information (UI) frame with no sequencing.") },
  [L_CONTROL_FTYPE] = { "llc.control.ftype", N_("Frame type"), LSC_FT_UINT, .vals = ftype_vals,
                        .blurb = N_("Information (numbered), Supervisory (acknowledgements) or Unnumbered frame, from the low control bits.") },
  [L_OUI] = { "llc.oui", N_("Organization Code"), LSC_FT_UINT, LSC_BASE_HEX, 24, .vals = oui_vals,
              .blurb = N_("SNAP's 3-byte organisation code; 000000 means the protocol ID that follows is an ordinary EtherType (RFC 1042).") },
  [L_PID] = { "llc.pid", N_("Protocol ID"), LSC_FT_UINT, LSC_BASE_HEX, 16, .vals = etype_vals,
              .blurb = N_("SNAP's protocol identifier; with organisation code 000000 it is an EtherType such as 0x0800 for IPv4.") },
  [L_TYPE] = { "llc.type", N_("Type"), LSC_FT_UINT, LSC_BASE_HEX, 16, .vals = etype_vals,
               .blurb = N_("The EtherType carried in SNAP, which the payload is decoded by.") },
  { NULL }
};

/* The EtherType that led here (0x8100 or 0x88a8): every caller adds the type
 * field it dispatches on as its last node before handing the payload on. */
static guint16
announced_type (LscDissectCtx *c)
{
  guint n = lsc_tree_count (c->tree);
  const LscNode *prev = n ? lsc_tree_node (c->tree, (gint32) n - 1) : NULL;
  if (prev && prev->field->type == LSC_FT_UINT && prev->field->bits == 16 && prev->v.u == 0x88a8)
    return 0x88a8;
  return 0x8100;
}

void
lsc_proto_vlan (LscDissectCtx *c, LscBuf b, gint32 parent)
{
  LscTree *t = c->tree;
  LscPinfo *pi = c->pi;
  gboolean s_tag = announced_type (c) == 0x88a8;
  const LscField *f = lsc_fields_vlan + (s_tag ? F_AD : F_VLAN);

  pi->protocol = "VLAN";
  gint32 v = lsc_tree_add_proto (t, parent, &f[F_VLAN], lsc_buf_abs (&b, 0), MIN (b.len, 4u));
  if (!lsc_buf_has (&b, 0, 4))
    {
      if (lsc_buf_has (&b, 0, 2))
        {
          guint16 tci = lsc_buf_u16 (&b, 0);
          lsc_tree_add_uint (t, v, &f[F_PRIORITY], lsc_buf_abs (&b, 0), 2, tci >> 13);
          lsc_tree_add_uint (t, v, &f[F_DEI], lsc_buf_abs (&b, 0), 2, (tci >> 12) & 1);
          lsc_tree_add_uint (t, v, &f[F_ID], lsc_buf_abs (&b, 0), 2, tci & 0x0fff);
        }
      lsc_tree_set_flags (t, v, LSC_NODE_TRUNCATED);
      lsc_tree_add_note (t, v, 2, lsc_buf_abs (&b, 0), b.len, _("VLAN tag cut short: %u of 4 bytes"), b.len);
      g_string_assign (pi->info, _("Truncated VLAN tag"));
      return;
    }
  guint16 tci = lsc_buf_u16 (&b, 0), type = lsc_buf_u16 (&b, 2);
  guint pri = tci >> 13, dei = (tci >> 12) & 1, id = tci & 0x0fff;
  if (s_tag)
    lsc_tree_set_text (t, v, _("IEEE 802.1ad, ID: %u"), id);
  else
    lsc_tree_set_text (t, v, _("802.1Q Virtual LAN, PRI: %u, DEI: %u, ID: %u"), pri, dei, id);
  lsc_tree_add_uint (t, v, &f[F_PRIORITY], lsc_buf_abs (&b, 0), 2, pri);
  lsc_tree_add_uint (t, v, &f[F_DEI], lsc_buf_abs (&b, 0), 2, dei);
  gint32 idn = lsc_tree_add_uint (t, v, &f[F_ID], lsc_buf_abs (&b, 0), 2, id);
  if (id == 0)
    lsc_tree_add_note (t, idn, 0, 0, 0, _("VLAN 0: a priority tag only, the frame belongs to the port's native VLAN"));
  else if (id == 4095)
    lsc_tree_add_note (t, idn, 1, 0, 0, _("VLAN 4095 is reserved and must not be used"));
  /* The outermost tag is the one the first switch acts on. */
  if (!(pi->has & LSC_HAS_VLAN))
    pi->vlan_id = (guint16) id;
  pi->has |= LSC_HAS_VLAN;
  g_string_printf (pi->info, _("VLAN %u"), id);

  if (type <= 1500)
    {
      gint32 ln = lsc_tree_add_uint (t, v, &f[F_LEN], lsc_buf_abs (&b, 2), 2, type);
      if (!lsc_buf_reported_has (&b, 4, type))
        {
          lsc_tree_set_flags (t, ln, LSC_NODE_MALFORMED);
          lsc_tree_add_note (t, ln, 2, lsc_buf_abs (&b, 2), 2, _("Length %u is more than the %u bytes that follow"),
                             type, b.reported - 4);
        }
      lsc_proto_llc (c, lsc_buf_sub (&b, 4, type), parent);
      return;
    }
  lsc_tree_add_uint (t, v, &f[F_ETYPE], lsc_buf_abs (&b, 2), 2, type);
  lsc_dissect_ethertype (c, type, lsc_buf_tail (&b, 4), parent);
}

void
lsc_proto_llc (LscDissectCtx *c, LscBuf b, gint32 parent)
{
  const LscField *f = lsc_fields_llc;
  LscTree *t = c->tree;
  LscPinfo *pi = c->pi;

  pi->protocol = "LLC";
  guint8 dsap = lsc_buf_u8 (&b, 0), ssap = lsc_buf_u8 (&b, 1), ctl = lsc_buf_u8 (&b, 2);
  /* I and S frames have a 2-byte control field, U frames (low bits 11) one byte. */
  guint32 clen = (ctl & 3) == 3 ? 1 : 2;
  gboolean snap = dsap == 0xaa && ssap == 0xaa && ctl == 0x03;
  guint32 hlen = 2 + clen + (snap ? 5 : 0);
  gint32 l = lsc_tree_add_proto (t, parent, &f[L_LLC], lsc_buf_abs (&b, 0), MIN (b.len, hlen));

  if (lsc_buf_has (&b, 0, 1))
    {
      gint32 d = lsc_tree_add_uint (t, l, &f[L_DSAP], lsc_buf_abs (&b, 0), 1, dsap);
      lsc_tree_add_uint (t, d, &f[L_DSAP_IG], lsc_buf_abs (&b, 0), 1, dsap & 1);
    }
  if (lsc_buf_has (&b, 1, 1))
    {
      gint32 s = lsc_tree_add_uint (t, l, &f[L_SSAP], lsc_buf_abs (&b, 1), 1, ssap);
      lsc_tree_add_uint (t, s, &f[L_SSAP_CR], lsc_buf_abs (&b, 1), 1, ssap & 1);
    }
  if (lsc_buf_has (&b, 2, clen))
    {
      guint32 cv = clen == 2 ? lsc_buf_u16 (&b, 2) : ctl;
      gint32 cn = lsc_tree_add_uint (t, l, &f[L_CONTROL], lsc_buf_abs (&b, 2), clen, cv);
      lsc_tree_add_uint (t, cn, &f[L_CONTROL_FTYPE], lsc_buf_abs (&b, 2), 1, (ctl & 1) == 0 ? 0 : (ctl & 3));
      if (ctl == 0x03)
        lsc_tree_set_text (t, cn, _("U, func=UI (0x03)"));
    }
  if (!lsc_buf_has (&b, 0, hlen))
    {
      lsc_tree_set_flags (t, l, LSC_NODE_TRUNCATED);
      lsc_tree_add_note (t, l, 2, lsc_buf_abs (&b, 0), b.len, _("LLC header cut short: %u of %u bytes"), b.len, hlen);
      g_string_assign (pi->info, _("Truncated LLC header"));
      return;
    }
  const char *dn = lsc_value_string (sap_vals, dsap & 0xfe), *sn = lsc_value_string (sap_vals, ssap & 0xfe);
  lsc_tree_set_text (t, l, _("Logical-Link Control, DSAP: %s (0x%02x), SSAP: %s (0x%02x)"), dn ? _(dn) : "?", dsap,
                     sn ? _(sn) : "?", ssap);
  if (!snap)
    {
      if ((dsap & 0xfe) == 0x42)
        lsc_tree_add_note (t, l, 0, 0, 0, _("Spanning Tree BPDU: switches exchange these to find and block loops (not decoded further)"));
      g_string_printf (pi->info, "%s", dn ? _(dn) : _("LLC"));
      lsc_proto_data (c, lsc_buf_tail (&b, hlen), parent);
      return;
    }
  guint32 oui = lsc_buf_u24 (&b, 3);
  guint16 pid = lsc_buf_u16 (&b, 6);
  lsc_tree_add_uint (t, l, &f[L_OUI], lsc_buf_abs (&b, 3), 3, oui);
  if (oui == 0 || oui == 0xf8)
    {
      /* RFC 1042: with organisation 000000 the protocol ID is an EtherType. */
      lsc_tree_add_uint (t, l, &f[L_TYPE], lsc_buf_abs (&b, 6), 2, pid);
      lsc_dissect_ethertype (c, pid, lsc_buf_tail (&b, hlen), parent);
    }
  else
    {
      lsc_tree_add_uint (t, l, &f[L_PID], lsc_buf_abs (&b, 6), 2, pid);
      g_string_printf (pi->info, _("SNAP, organization 0x%06x, protocol 0x%04x"), oui, pid);
      lsc_proto_data (c, lsc_buf_tail (&b, hlen), parent);
    }
}

/* lsc-proto-vlan.c — PLACEHOLDER: decodes nothing yet; being written. */
#include "lsc-dissect.h"

const LscField lsc_fields_vlan[] = {
  { "vlan", "802.1Q Virtual LAN", LSC_FT_PROTOCOL, .layer = LSC_OSI_DATALINK, .short_name = "VLAN", .blurb = "Not decoded yet." },
  { NULL }
};

const LscField lsc_fields_llc[] = {
  { "llc", "Logical-Link Control", LSC_FT_PROTOCOL, .layer = LSC_OSI_DATALINK, .short_name = "LLC", .blurb = "Not decoded yet." },
  { NULL }
};

void lsc_proto_vlan (LscDissectCtx *c, LscBuf b, gint32 parent)
{
  lsc_tree_add_proto (c->tree, parent, &lsc_fields_vlan[0], lsc_buf_abs (&b, 0), b.len);
  c->pi->protocol = lsc_fields_vlan[0].short_name;
}

void lsc_proto_llc (LscDissectCtx *c, LscBuf b, gint32 parent)
{
  lsc_tree_add_proto (c->tree, parent, &lsc_fields_llc[0], lsc_buf_abs (&b, 0), b.len);
  c->pi->protocol = lsc_fields_llc[0].short_name;
}

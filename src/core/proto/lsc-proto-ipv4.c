/* lsc-proto-ipv4.c — PLACEHOLDER: decodes nothing yet; being written. */
#include "lsc-dissect.h"

const LscField lsc_fields_ip[] = {
  { "ip", "Internet Protocol Version 4", LSC_FT_PROTOCOL, .layer = LSC_OSI_NETWORK, .short_name = "IPv4", .blurb = "Not decoded yet." },
  { NULL }
};

void lsc_proto_ipv4 (LscDissectCtx *c, LscBuf b, gint32 parent)
{
  lsc_tree_add_proto (c->tree, parent, &lsc_fields_ip[0], lsc_buf_abs (&b, 0), b.len);
  c->pi->protocol = lsc_fields_ip[0].short_name;
}

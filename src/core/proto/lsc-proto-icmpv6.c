/* lsc-proto-icmpv6.c — PLACEHOLDER: decodes nothing yet; being written. */
#include "lsc-dissect.h"

const LscField lsc_fields_icmpv6[] = {
  { "icmpv6", "Internet Control Message Protocol v6", LSC_FT_PROTOCOL, .layer = LSC_OSI_NETWORK, .short_name = "ICMPv6", .blurb = "Not decoded yet." },
  { NULL }
};

void lsc_proto_icmpv6 (LscDissectCtx *c, LscBuf b, gint32 parent)
{
  lsc_tree_add_proto (c->tree, parent, &lsc_fields_icmpv6[0], lsc_buf_abs (&b, 0), b.len);
  c->pi->protocol = lsc_fields_icmpv6[0].short_name;
}

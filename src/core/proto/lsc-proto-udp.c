/* lsc-proto-udp.c — PLACEHOLDER: decodes nothing yet; being written. */
#include "lsc-dissect.h"

const LscField lsc_fields_udp[] = {
  { "udp", "User Datagram Protocol", LSC_FT_PROTOCOL, .layer = LSC_OSI_TRANSPORT, .short_name = "UDP", .blurb = "Not decoded yet." },
  { NULL }
};

void lsc_proto_udp (LscDissectCtx *c, LscBuf b, gint32 parent)
{
  lsc_tree_add_proto (c->tree, parent, &lsc_fields_udp[0], lsc_buf_abs (&b, 0), b.len);
  c->pi->protocol = lsc_fields_udp[0].short_name;
}

void lsc_dissect_ports (LscDissectCtx *c, LscBuf b, gint32 parent, gboolean tcp)
{
  lsc_proto_data (c, b, parent);
}

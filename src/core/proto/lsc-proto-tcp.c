/* lsc-proto-tcp.c — PLACEHOLDER: decodes nothing yet; being written. */
#include "lsc-dissect.h"

const LscField lsc_fields_tcp[] = {
  { "tcp", "Transmission Control Protocol", LSC_FT_PROTOCOL, .layer = LSC_OSI_TRANSPORT, .short_name = "TCP", .blurb = "Not decoded yet." },
  { NULL }
};

void lsc_proto_tcp (LscDissectCtx *c, LscBuf b, gint32 parent)
{
  lsc_tree_add_proto (c->tree, parent, &lsc_fields_tcp[0], lsc_buf_abs (&b, 0), b.len);
  c->pi->protocol = lsc_fields_tcp[0].short_name;
}

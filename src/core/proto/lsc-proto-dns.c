/* lsc-proto-dns.c — PLACEHOLDER: decodes nothing yet; being written. */
#include "lsc-dissect.h"

const LscField lsc_fields_dns[] = {
  { "dns", "Domain Name System", LSC_FT_PROTOCOL, .layer = LSC_OSI_APPLICATION, .short_name = "DNS", .blurb = "Not decoded yet." },
  { NULL }
};

void lsc_proto_dns (LscDissectCtx *c, LscBuf b, gint32 parent, gboolean over_tcp)
{
  lsc_tree_add_proto (c->tree, parent, &lsc_fields_dns[0], lsc_buf_abs (&b, 0), b.len);
  c->pi->protocol = lsc_fields_dns[0].short_name;
}

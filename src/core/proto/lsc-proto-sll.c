/* lsc-proto-sll.c — PLACEHOLDER: decodes nothing yet; being written. */
#include "lsc-dissect.h"

const LscField lsc_fields_sll[] = {
  { "sll", "Linux cooked capture", LSC_FT_PROTOCOL, .layer = LSC_OSI_DATALINK, .short_name = "SLL", .blurb = "Not decoded yet." },
  { NULL }
};

const LscField lsc_fields_null[] = {
  { "null", "Null/Loopback", LSC_FT_PROTOCOL, .layer = LSC_OSI_DATALINK, .short_name = "NULL", .blurb = "Not decoded yet." },
  { NULL }
};

void lsc_proto_sll (LscDissectCtx *c, LscBuf b, gint32 parent, gboolean v2)
{
  lsc_tree_add_proto (c->tree, parent, &lsc_fields_sll[0], lsc_buf_abs (&b, 0), b.len);
  c->pi->protocol = lsc_fields_sll[0].short_name;
}

void lsc_proto_null (LscDissectCtx *c, LscBuf b, gint32 parent, gboolean network_order)
{
  lsc_tree_add_proto (c->tree, parent, &lsc_fields_null[0], lsc_buf_abs (&b, 0), b.len);
  c->pi->protocol = lsc_fields_null[0].short_name;
}

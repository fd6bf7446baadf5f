/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-proto-data.c — payload no dissector claimed: bytes plus a printable preview
 *
 * Students send text over sockets ("hello server"), so when the bytes are
 * mostly printable we show them as text too.
 */
#include "lsc-dissect.h"

#include <glib/gi18n-lib.h>

enum { F_DATA, F_DATA_DATA, F_DATA_LEN, F_DATA_TEXT };

const LscField lsc_fields_data[] = {
  [F_DATA] = { "data", N_("Data"), LSC_FT_PROTOCOL, .layer = LSC_OSI_APPLICATION, .short_name = "Data",
               .blurb = N_("Bytes no decoder here understands: the application's own data.") },
  [F_DATA_DATA] = { "data.data", N_("Data"), LSC_FT_BYTES, .blurb = N_("The payload bytes as they are on the wire."),
                    .build_offset = 0, .build_width = LSC_BUILD_WIDTH_REST },
  [F_DATA_LEN] = { "data.len", N_("Length"), LSC_FT_UINT, .blurb = N_("How many payload bytes were captured."),
                   .build = LSC_BUILD_LENGTH },
  [F_DATA_TEXT] = { "data.text", N_("Text"), LSC_FT_STRING, .blurb = N_("The payload shown as text, with unprintable bytes as dots.") },
  { NULL }
};

gint32
lsc_proto_data (LscDissectCtx *c, LscBuf b, gint32 parent)
{
  const LscField *f = lsc_fields_data;
  if (b.len == 0)
    return -1;
  gint32 d = lsc_tree_add_proto (c->tree, parent, &f[F_DATA], lsc_buf_abs (&b, 0), b.len);
  lsc_tree_set_text (c->tree, d, g_dngettext (GETTEXT_PACKAGE, "Data (%u byte)", "Data (%u bytes)", b.len), b.len);
  lsc_tree_add_bytes (c->tree, d, &f[F_DATA_DATA], lsc_buf_abs (&b, 0), b.len, b.data, b.len);
  lsc_tree_add_uint (c->tree, d, &f[F_DATA_LEN], 0, 0, b.len);
  c->pi->has |= LSC_HAS_DATA;
  if (c->pi->app_node < 0)
    c->pi->app_node = d;

  if (lsc_tree_is_summary_only (c->tree))
    return d;
  guint printable = 0;
  guint32 n = MIN (b.len, 256u);
  for (guint32 i = 0; i < n; i++)
    if ((b.data[i] >= 0x20 && b.data[i] < 0x7f) || b.data[i] == '\n' || b.data[i] == '\r' || b.data[i] == '\t')
      printable++;
  if (printable * 4 >= n * 3)
    {
      char *s = g_malloc (n + 1);
      for (guint32 i = 0; i < n; i++)
        s[i] = (b.data[i] >= 0x20 && b.data[i] < 0x7f) ? (char) b.data[i] : '.';
      s[n] = '\0';
      lsc_tree_add_string (c->tree, d, &f[F_DATA_TEXT], lsc_buf_abs (&b, 0), n, s, n);
      g_free (s);
    }
  return d;
}

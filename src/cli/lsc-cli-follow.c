/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-cli-follow.c — -z follow,tcp|udp,ascii|hex|raw,N for layerscope-cli */
#include "lsc-config.h"
#include "cli/lsc-cli-follow.h"
#include "core/lsc-follow.h"
#include "core/lsc-format.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

typedef enum { MODE_ASCII, MODE_HEX, MODE_RAW } Mode;

typedef struct {
  char *spec;            /* as given, for messages */
  LscConvKind kind;
  Mode mode;
  guint32 stream;
  LscFollow *follow;
  LscConvInfo info;      /* of the stream, copied when its frames came by */
  gboolean seen;
} Spec;

struct _LscCliFollow {
  GPtrArray *specs;      /* Spec* */
};

static void
spec_free (gpointer p)
{
  Spec *s = p;
  g_free (s->spec);
  g_clear_pointer (&s->follow, lsc_follow_free);
  g_free (s);
}

LscCliFollow *
lsc_cli_follow_new (void)
{
  LscCliFollow *cf = g_new0 (LscCliFollow, 1);
  cf->specs = g_ptr_array_new_with_free_func (spec_free);
  return cf;
}

void
lsc_cli_follow_free (LscCliFollow *cf)
{
  if (!cf)
    return;
  g_ptr_array_unref (cf->specs);
  g_free (cf);
}

gboolean
lsc_cli_follow_take (LscCliFollow *cf, const char *arg, GError **error)
{
  if (!g_str_has_prefix (arg, "follow,"))
    return FALSE;
  g_auto (GStrv) parts = g_strsplit (arg, ",", -1);
  guint n = g_strv_length (parts);
  Spec s = { 0 };
  if (n == 4 && g_str_equal (parts[1], "tcp"))
    s.kind = LSC_CONV_TCP;
  else if (n == 4 && g_str_equal (parts[1], "udp"))
    s.kind = LSC_CONV_UDP;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "-z %s: use follow,tcp|udp,ascii|hex|raw,STREAM (e.g. follow,tcp,ascii,0)", arg);
      return FALSE;
    }
  if (g_str_equal (parts[2], "ascii"))
    s.mode = MODE_ASCII;
  else if (g_str_equal (parts[2], "hex"))
    s.mode = MODE_HEX;
  else if (g_str_equal (parts[2], "raw"))
    s.mode = MODE_RAW;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "-z %s: unknown mode '%s' (use ascii, hex or raw)", arg, parts[2]);
      return FALSE;
    }
  guint64 v;
  if (!g_ascii_string_to_unsigned (parts[3], 10, 0, G_MAXUINT32, &v, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "-z %s: the stream must be a %s.stream number of 0 or more, not '%s'", arg, parts[1], parts[3]);
      return FALSE;
    }
  s.stream = (guint32) v;
  s.spec = g_strdup (arg);
  s.follow = lsc_follow_new (s.kind);
  g_ptr_array_add (cf->specs, g_memdup2 (&s, sizeof s));
  return TRUE;
}

gboolean
lsc_cli_follow_active (const LscCliFollow *cf)
{
  return cf && cf->specs->len > 0;
}

gboolean
lsc_cli_follow_packet (LscCliFollow *cf, const LscConv *conv, const LscTree *t)
{
  if (!lsc_cli_follow_active (cf))
    return TRUE;
  const LscPacket *pkt = lsc_tree_packet (t);
  LscConvPacket cp;
  if (!conv || !pkt || !lsc_conv_packet (conv, pkt->num, &cp))
    return FALSE;
  const LscConvInfo *ci = lsc_conv_nth (conv, cp.conv);
  for (guint i = 0; i < cf->specs->len; i++)
    {
      Spec *s = cf->specs->pdata[i];
      if (ci->kind != s->kind || ci->id != s->stream)
        continue;
      lsc_follow_add (s->follow, conv, cp.conv, t);
      s->info = *ci;
      s->seen = TRUE;
    }
  return FALSE;
}

static const char *
dir_arrow (guint dir)
{
  return dir ? "B→A" : "A→B";
}

static void
rule (GString *out)
{
  g_string_append (out, "===================================================================\n");
}

static void
print_totals (GString *out, const Spec *s, guint dir)
{
  const LscFollowTotals *t = lsc_follow_get_totals (s->follow, dir);
  char ep[80], bytes[32], missing[32], repeated[32];
  lsc_conv_format_endpoint (&s->info, dir == 1, ep, sizeof ep);
  g_snprintf (bytes, sizeof bytes, "%" G_GUINT64_FORMAT, t->bytes);
  g_snprintf (missing, sizeof missing, "%" G_GUINT64_FORMAT, t->missing);
  g_snprintf (repeated, sizeof repeated, "%" G_GUINT64_FORMAT, t->repeated);
  g_string_append_printf (out, "%s %s: ", dir ? "B" : "A",
                          dir ? (s->kind == LSC_CONV_TCP ? _("(server)") : _("(responder)"))
                              : (s->kind == LSC_CONV_TCP ? _("(client)") : _("(initiator)")));
  g_string_append_printf (out, ngettext ("%s sent %s bytes in %u frame", "%s sent %s bytes in %u frames", t->frames),
                          ep, bytes, t->frames);
  if (t->missing)
    g_string_append_printf (out, _(", %s bytes missing"), missing);
  if (t->repeated)
    g_string_append_printf (out, _(", %s bytes sent again (shown once)"), repeated);
  g_string_append_c (out, '\n');
}

static void
print_stream (const Spec *s, GString *out)
{
  static const char *const modes[] = { "ascii", "hex", "raw" };
  const char *proto = s->kind == LSC_CONV_TCP ? "tcp" : "udp";
  rule (out);
  g_string_append_printf (out, _("Follow %s stream %u (%s)\n"), lsc_conv_kind_name (s->kind), s->stream, modes[s->mode]);
  g_string_append_printf (out, _("Filter: %s.stream == %u\n"), proto, s->stream);
  print_totals (out, s, 0);
  print_totals (out, s, 1);
  g_string_append (out, s->kind == LSC_CONV_TCP
                          ? _("TCP is a byte stream: each piece below is one segment, cut where the sender's TCP cut it, not a message the application wrote.\n")
                          : _("UDP keeps messages: each piece below is one datagram, exactly as the application sent it.\n"));
  if (lsc_follow_is_truncated (s->follow))
    g_string_append_printf (out, _("[Only the start is shown: the stream is longer than the %u MiB kept]\n"),
                            LSC_FOLLOW_DEFAULT_LIMIT >> 20);
  g_string_append (out, "-------------------------------------------------------------------\n");
  for (guint i = 0; i < lsc_follow_get_n_chunks (s->follow); i++)
    {
      const LscFollowChunk *c = lsc_follow_get_chunk (s->follow, i);
      char off[32], len[32];
      g_snprintf (off, sizeof off, "%" G_GUINT64_FORMAT, c->offset);
      g_snprintf (len, sizeof len, "%" G_GSIZE_FORMAT, c->len);
      if (c->kind == LSC_FOLLOW_GAP)
        {
          g_string_append_printf (out, _("%s [%s bytes missing at offset %s: not captured]\n"), dir_arrow (c->dir), len, off);
          continue;
        }
      char frame[32];
      g_snprintf (frame, sizeof frame, "%" G_GUINT64_FORMAT, c->frame);
      g_string_append_printf (out, _("%s frame %s, offset %s, %s bytes"), dir_arrow (c->dir), frame, off, len);
      if (c->n_frames > 1)
        g_string_append_printf (out, ngettext (" (also sent in %u other frame)", " (also sent in %u other frames)",
                                               c->n_frames - 1), c->n_frames - 1);
      g_string_append_c (out, '\n');
      switch (s->mode)
        {
        case MODE_ASCII:
          lsc_follow_append_printable (out, c->data, c->len);
          if (c->len && out->str[out->len - 1] != '\n')
            g_string_append_c (out, '\n');
          break;
        case MODE_HEX:
          lsc_format_hexdump_at (c->data, c->len, c->offset, out);
          break;
        case MODE_RAW:
          for (gsize k = 0; k < c->len; k++)
            g_string_append_printf (out, "%02x", c->data[k]);
          g_string_append_c (out, '\n');
          break;
        }
    }
  rule (out);
}

gboolean
lsc_cli_follow_report (LscCliFollow *cf, GString *out)
{
  if (!lsc_cli_follow_active (cf))
    return TRUE;
  for (guint i = 0; i < cf->specs->len; i++)
    {
      Spec *s = cf->specs->pdata[i];
      if (!s->seen)
        {
          fprintf (stderr, "layerscope-cli: -z %s: there is no %s stream %u in this capture\n", s->spec,
                   lsc_conv_kind_name (s->kind), s->stream);
          return FALSE;
        }
      lsc_follow_finish (s->follow);
      print_stream (s, out);
    }
  return TRUE;
}

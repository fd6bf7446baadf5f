/* layerscope-cli — the command-line twin of the Layerscope app
 *
 * Reads a capture (or, later, a live interface) and prints each frame as a
 * summary line, a layered tree (-V), a hex dump (-x), JSON or fields.
 */
#include "lsc-config.h"
#include "core/lsc-dissect.h"
#include "core/lsc-format.h"
#include "core/lsc-layers.h"
#include "capture/lsc-capture-file.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
  char *read_file;
  gboolean verbose;
  gboolean hex;
  gint count;
  char *model_name;
  gint prefix;
  gboolean list_fields;
  gboolean version;
  gboolean no_oui;
} Options;

static void
print_field_list (void)
{
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < lsc_fields_count (); i++)
    {
      const LscField *f = lsc_fields_nth (i);
      if (f->id[0] == '_')
        continue;
      g_string_append_printf (out, "%s\t%s\t%s\n", f->id, _(f->name), f->blurb ? _(f->blurb) : "");
    }
  fwrite (out->str, 1, out->len, stdout);
  g_string_free (out, TRUE);
}

int
main (int argc, char **argv)
{
  Options o = { .count = -1 };
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LSC_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  GOptionEntry entries[] = {
    { "read-file", 'r', 0, G_OPTION_ARG_FILENAME, &o.read_file, N_("Read packets from FILE (pcap or pcapng; - for standard input)"), N_("FILE") },
    { "verbose", 'V', 0, G_OPTION_ARG_NONE, &o.verbose, N_("Print the full layer tree of each packet"), NULL },
    { "hex", 'x', 0, G_OPTION_ARG_NONE, &o.hex, N_("Add a hex and ASCII dump of each packet"), NULL },
    { "count", 'c', 0, G_OPTION_ARG_INT, &o.count, N_("Stop after N packets"), N_("N") },
    { "model", 0, 0, G_OPTION_ARG_STRING, &o.model_name, N_("Group the tree by network model: osi, tcpip4 or tcpip5 (default osi)"), N_("MODEL") },
    { "prefix", 0, 0, G_OPTION_ARG_INT, &o.prefix, N_("IPv4 prefix length for subnet analysis (e.g. 24)"), N_("BITS") },
    { "no-vendor", 0, 0, G_OPTION_ARG_NONE, &o.no_oui, N_("Do not look up MAC vendors"), NULL },
    { "list-fields", 0, 0, G_OPTION_ARG_NONE, &o.list_fields, N_("List every field id with its name and explanation"), NULL },
    { "version", 'v', 0, G_OPTION_ARG_NONE, &o.version, N_("Print the version"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new (NULL);
  g_option_context_set_summary (ctx, _("See network frames layer by layer."));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  g_autoptr (GError) err = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &err))
    {
      fprintf (stderr, "layerscope-cli: %s\n", err->message);
      return 2;
    }
  if (o.version)
    {
      printf ("layerscope-cli %s\n", LSC_VERSION);
      return 0;
    }
  if (o.list_fields)
    {
      print_field_list ();
      return 0;
    }
  LscModel model = LSC_MODEL_OSI;
  if (o.model_name && !lsc_model_from_string (o.model_name, &model))
    {
      fprintf (stderr, "layerscope-cli: unknown model '%s' (use osi, tcpip4 or tcpip5)\n", o.model_name);
      return 2;
    }
  if (o.prefix < 0 || o.prefix > 32)
    {
      fprintf (stderr, "layerscope-cli: --prefix must be between 0 and 32\n");
      return 2;
    }
  if (!o.read_file)
    {
      fprintf (stderr, "layerscope-cli: nothing to read: give -r FILE (see --help)\n");
      return 2;
    }

  g_autoptr (LscCaptureFile) f = lsc_capture_file_open (o.read_file, &err);
  if (!f)
    {
      fprintf (stderr, "layerscope-cli: %s\n", err->message);
      return 1;
    }
  LscDissectOptions dopt;
  lsc_dissect_options_init (&dopt);
  dopt.ipv4_prefix = (guint) o.prefix;
  dopt.resolve_oui = !o.no_oui;

  g_autoptr (LscTree) tree = lsc_tree_new ();
  GString *out = g_string_sized_new (1 << 16);
  LscPacket pkt;
  int r, status = 0;
  gint64 n = 0;
  while ((o.count < 0 || n < o.count) && (r = lsc_capture_file_next (f, &pkt, &err)) != 0)
    {
      if (r < 0)
        {
          status = 1;
          break;
        }
      n++;
      lsc_dissect (tree, &pkt, &dopt);
      lsc_format_summary_line (tree, out);
      if (o.verbose)
        {
          lsc_format_tree_text (tree, model, TRUE, out);
          g_string_append_c (out, '\n');
        }
      if (o.hex)
        {
          lsc_format_hexdump (pkt.data, pkt.caplen, out);
          g_string_append_c (out, '\n');
        }
      if (out->len > (1 << 15))
        {
          fwrite (out->str, 1, out->len, stdout);
          g_string_truncate (out, 0);
        }
    }
  fwrite (out->str, 1, out->len, stdout);
  g_string_free (out, TRUE);
  fflush (stdout);
  if (status)
    fprintf (stderr, "layerscope-cli: %s\n", err->message);
  return status;
}

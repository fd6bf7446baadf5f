/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-application.c — application, shortcuts, --benchmark-open, --screenshot, --subnet */
#include "lsc-application.h"
#include "lsc-window.h"
#include "lsc-benchmark.h"
#include "lsc-subnet-calc.h"
#include "lsc-craft-window.h"
#include "lsc-config.h"
#include "core/lsc-lab.h"

#include <glib/gi18n.h>

struct _LscApplication {
  AdwApplication parent_instance;
  char *benchmark;
  char *screenshot;
  gint flow_stream;     /* --flow N, -1 without */
  guint lesson;         /* --lesson N, 0 without */
  char *subnet;
  char *craft;          /* --craft TEMPLATE */
  char **craft_sets;    /* --set FIELD=VALUE ... */
  char *craft_iface;    /* -i IFACE */
};

G_DEFINE_FINAL_TYPE (LscApplication, lsc_application, ADW_TYPE_APPLICATION)

GSettings *
lsc_application_settings_new (void)
{
  GSettingsSchemaSource *def = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = def ? g_settings_schema_source_lookup (def, LSC_APP_ID, TRUE) : NULL;
  /* From the build tree GSETTINGS_SCHEMA_DIR names the compiled schema
   * (tools/run.sh, meson devenv), so no build path is compiled in. */
  if (!schema)
    g_error ("The settings schema %s is not installed (from a build tree: GSETTINGS_SCHEMA_DIR=BUILD/data)", LSC_APP_ID);
  return g_settings_new_full (schema, NULL, NULL);
}

static LscWindow *
get_window (LscApplication *self)
{
  GtkWindow *w = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (!w)
    w = GTK_WINDOW (lsc_window_new (GTK_APPLICATION (self)));
  return LSC_WINDOW (w);
}

/* --craft: the craft window with that template and those values, over the main window. */
static void
open_craft (LscApplication *self, LscWindow *w)
{
  LscCraftWindow *cw = lsc_craft_window_get_for (w);
  LscCraftTemplate t = LSC_CRAFT_TEMPLATE_PING;
  if (g_str_equal (self->craft, "connect"))
    lsc_craft_window_show_connect (cw);
  else
    {
      lsc_craft_template_from_string (self->craft, &t);
      lsc_craft_window_set_template (cw, t);
    }
  if (self->craft_iface && !lsc_craft_window_set_iface (cw, self->craft_iface))
    {
      g_autofree char *msg = g_strdup_printf (_("-i: no interface named '%s' to send on"), self->craft_iface);
      lsc_benchmark_fail (msg);
    }
  for (guint i = 0; self->craft_sets && self->craft_sets[i]; i++)
    lsc_craft_window_apply (cw, self->craft_sets[i], NULL);
  gtk_window_present (GTK_WINDOW (cw));
  if (self->screenshot)
    lsc_benchmark_screenshot_window (GTK_WINDOW (cw), self->screenshot);
}

static void
lsc_application_activate (GApplication *app)
{
  LscApplication *self = LSC_APPLICATION (app);
  if (self->lesson)
    {
      /* A lesson names its own capture. */
      LscWindow *lw = get_window (self);
      gtk_window_present (GTK_WINDOW (lw));
      if (self->screenshot)
        lsc_benchmark_screenshot (lw, self->screenshot);
      if (!lsc_window_open_lesson (lw, self->lesson))
        lsc_benchmark_fail (_("--lesson: there is no such lesson, or the lab captures are not installed"));
      return;
    }
  if (self->subnet)
    {
      /* The calculator alone, in its own window. */
      GtkWindow *calc = lsc_subnet_calc_present (GTK_APPLICATION (app), NULL, self->subnet);
      if (self->screenshot)
        lsc_benchmark_screenshot_window (calc, self->screenshot);
      return;
    }
  if (self->craft)
    {
      LscWindow *w = get_window (self);
      gtk_window_present (GTK_WINDOW (w));
      open_craft (self, w);
      return;
    }
  if (self->flow_stream >= 0 && !self->benchmark && !self->screenshot)
    {
      lsc_benchmark_fail (_("--flow needs a capture file to show"));
      return;
    }
  if (self->screenshot && !self->benchmark && !self->craft)
    {
      lsc_benchmark_fail (_("--screenshot needs a capture file to show"));
      return;
    }
  LscWindow *w = get_window (self);
  gtk_window_present (GTK_WINDOW (w));
  if (self->benchmark)
    {
      g_autoptr (GFile) f = g_file_new_for_commandline_arg (self->benchmark);
      lsc_benchmark_run (w, f, self->flow_stream);
    }
}

static void
lsc_application_open (GApplication *app, GFile **files, int n_files, const char *hint)
{
  LscApplication *self = LSC_APPLICATION (app);
  LscWindow *w = get_window (self);
  gtk_window_present (GTK_WINDOW (w));
  /* Before the screenshot's handlers: it pictures the stream selected. */
  if (self->flow_stream >= 0)
    lsc_window_open_flow_stream (w, (guint) self->flow_stream);
  /* Before opening: a file that cannot be read fails at once. */
  if (self->screenshot && !self->craft)
    lsc_benchmark_screenshot (w, self->screenshot);
  lsc_window_open_file (w, files[0]);
  /* With a capture too: the calculator on top of its window. */
  if (self->subnet && !self->screenshot)
    lsc_subnet_calc_present (GTK_APPLICATION (app), GTK_WINDOW (w), self->subnet);
  /* --craft with a file: the file in the main window, the craft window over it. */
  if (self->craft)
    open_craft (self, w);
}

static int
lsc_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  LscApplication *self = LSC_APPLICATION (app);
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("layerscope %s\n", LSC_VERSION);
      return 0;
    }
  g_variant_dict_lookup (options, "benchmark-open", "^ay", &self->benchmark);
  g_variant_dict_lookup (options, "screenshot", "^ay", &self->screenshot);
  g_autofree char *lesson = NULL;
  if (g_variant_dict_lookup (options, "lesson", "s", &lesson))
    {
      guint64 n;
      if (!g_ascii_string_to_unsigned (lesson, 10, 1, lsc_lessons_count (), &n, NULL))
        {
          g_printerr ("layerscope: --lesson needs a lesson number from 1 to %u, not '%s'\n", lsc_lessons_count (), lesson);
          return 2;
        }
      self->lesson = (guint) n;
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }
  /* A string, not an int option: GApplication drops an int option set to 0. */
  g_autofree char *flow = NULL;
  if (g_variant_dict_lookup (options, "flow", "s", &flow))
    {
      guint64 n;
      if (!g_ascii_string_to_unsigned (flow, 10, 0, G_MAXINT32, &n, NULL))
        {
          g_printerr ("layerscope: --flow needs a TCP stream number (0 or more), not '%s'\n", flow);
          return 2;
        }
      self->flow_stream = (gint) n;
    }
  g_variant_dict_lookup (options, "subnet", "s", &self->subnet);
  g_variant_dict_lookup (options, "craft", "s", &self->craft);
  g_variant_dict_lookup (options, "set", "^as", &self->craft_sets);
  g_variant_dict_lookup (options, "interface", "s", &self->craft_iface);
  if (self->craft || self->craft_sets || self->craft_iface)
    {
      LscCraftTemplate t = LSC_CRAFT_TEMPLATE_TCP;
      gboolean connect = g_strcmp0 (self->craft, "connect") == 0;
      if (!self->craft || (!connect && !lsc_craft_template_from_string (self->craft, &t)))
        {
          g_printerr ("layerscope: --craft takes ping, arp, arp-reply, arp-gratuitous, arp-probe, tcp, udp, ether or connect%s%s\n",
                      self->craft ? ", not " : " (with --set and -i)", self->craft ? self->craft : "");
          return 2;
        }
      /* Every value is checked before anything opens: one line for the first bad one. */
      g_autoptr (LscCraftForm) f = lsc_craft_form_new (t);
      for (guint i = 0; self->craft_sets && self->craft_sets[i]; i++)
        {
          g_autoptr (GError) e = NULL;
          if (connect ? !lsc_craft_window_check_connect_set (self->craft_sets[i], &e)
                      : !lsc_craft_form_set_assignment (f, self->craft_sets[i], &e))
            {
              g_printerr ("layerscope: --set %s\n", e->message);
              return 2;
            }
        }
      if (self->benchmark)
        {
          g_printerr ("layerscope: --craft opens no capture file\n");
          return 2;
        }
    }
  /* Inside a lab host (`layerscope-cli lab open`) the app captures and sends
   * in that host's network: never hand over to an instance outside it. */
  g_autoptr (LscLab) lab = lsc_lab_find_current (NULL);
  if (lab)
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
  /* Measurements, screenshots, a calculator or a craft window asked for run in this process, never in another instance. */
  if (self->benchmark || self->screenshot || self->flow_stream >= 0 || self->subnet || self->craft)
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
  return -1;
}

static void
quit_action (GSimpleAction *a, GVariant *p, gpointer app)
{
  /* Each window may ask first (an unsaved live capture); the application
   * ends when its last window has closed. */
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static void
about_action (GSimpleAction *a, GVariant *p, gpointer app)
{
  const char *developers[] = { "The Layerscope authors", NULL };
  GtkWidget *about = adw_about_window_new ();
  g_object_set (about,
                "transient-for", gtk_application_get_active_window (GTK_APPLICATION (app)),
                "application-name", _("Layerscope"),
                "application-icon", LSC_APP_ID,
                "version", LSC_VERSION,
                "comments", _("See what happens on the wire, layer by layer: capture files and live frames decoded into the OSI and TCP/IP models."),
                "license-type", GTK_LICENSE_GPL_3_0,
                "developers", developers,
                "website", LSC_WEBSITE,
                "issue-url", LSC_ISSUES_URL,
                NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
lsc_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (lsc_application_parent_class)->startup (app);
  static const GActionEntry entries[] = {
    { "quit", quit_action },
    { "about", about_action },
  };
  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.close-capture", { "<Control>w", NULL } },
    { "win.save-as", { "<Control><Shift>s", NULL } },
    { "win.stop-capture", { "<Control>e", NULL } },
    { "win.restart-capture", { "<Control>r", NULL } },
    { "win.focus-filter", { "<Control>f", NULL } },
    { "win.focus-list", { "<Control>l", NULL } },
    { "win.focus-tree", { "<Control>t", NULL } },
    { "win.focus-hex", { "<Control>b", NULL } },
    { "win.model::osi", { "<Control>1", NULL } },
    { "win.model::tcpip4", { "<Control>2", NULL } },
    { "win.model::tcpip5", { "<Control>3", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "win.show-flow", { "F9", NULL } },
    { "win.step-next", { "<Alt>Right", NULL } },
    { "win.step-prev", { "<Alt>Left", NULL } },
    { "win.play", { "F5", NULL } },
    { "win.play-faster", { "<Alt>Up", NULL } },
    { "win.play-slower", { "<Alt>Down", NULL } },
    { "win.show-all-arrows", { "<Shift>F5", NULL } },
    { "win.export-flow", { "<Control><Shift>e", NULL } },
    { "win.conversations", { "F7", NULL } },
    { "win.zoom-in", { "<Control>plus", "<Control>equal" } },
    { "win.zoom-out", { "<Control>minus", NULL } },
    { "win.zoom-reset", { "<Control>0", NULL } },
    { "win.follow-stream", { "<Control><Alt><Shift>t", NULL } },
    { "win.subnet-calculator", { "<Control><Shift>n", NULL } },
    { "win.craft", { "<Control>k", NULL } },
  };
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);
}

static void
lsc_application_finalize (GObject *object)
{
  LscApplication *self = LSC_APPLICATION (object);
  g_free (self->benchmark);
  g_free (self->screenshot);
  g_free (self->subnet);
  g_free (self->craft);
  g_strfreev (self->craft_sets);
  g_free (self->craft_iface);
  G_OBJECT_CLASS (lsc_application_parent_class)->finalize (object);
}

static void
lsc_application_class_init (LscApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  G_OBJECT_CLASS (klass)->finalize = lsc_application_finalize;
  app_class->activate = lsc_application_activate;
  app_class->open = lsc_application_open;
  app_class->startup = lsc_application_startup;
  app_class->handle_local_options = lsc_application_handle_local_options;
}

static void
lsc_application_init (LscApplication *self)
{
  self->flow_stream = -1;
  static const GOptionEntry options[] = {
    { "benchmark-open", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Open FILE, print how long the first rows, the full index, scrolling to the end and selecting took, and quit"), N_("FILE") },
    { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("With a capture file: select its first TCP packet, save the window as a PNG to PATH, and quit; with --craft: save the craft window"), N_("PATH") },
    { "lesson", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Open lesson N of the start page: its capture at its packet, with its notes"), N_("N") },
    { "flow", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("With a capture file: open it at the flow of TCP stream N (its ladder, both ends' states)"), N_("N") },
    { "subnet", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Open the subnet calculator on ADDRESS/PREFIX (or ADDRESS/MASK, or an IPv6 prefix); with --screenshot save it as a PNG and quit"),
      N_("ADDRESS/PREFIX") },
    { "craft", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Open the craft window with TEMPLATE: ping, arp, arp-reply, arp-gratuitous, arp-probe, tcp, udp, ether, or connect (a real TCP connection: --set ip.dst=, tcp.dstport=, data.data=, listen=)"), N_("TEMPLATE") },
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL,
      N_("With --craft: give FIELD (an id of layerscope-cli --list-fields) the VALUE; repeatable"), N_("FIELD=VALUE") },
    { "interface", 'i', 0, G_OPTION_ARG_STRING, NULL, N_("With --craft: send on IFACE"), N_("IFACE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and quit"), NULL },
    { NULL }
  };
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[CAPTURE-FILE]"));
}

LscApplication *
lsc_application_new (GApplicationFlags extra_flags)
{
  return g_object_new (LSC_TYPE_APPLICATION,
                       "application-id", LSC_APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | extra_flags,
                       "resource-base-path", "/org/layerscope/Layerscope",
                       NULL);
}

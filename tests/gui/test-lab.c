/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-lab.c — the start page inside a host of the classroom lab
 *
 * Run by lab-netns.sh through `layerscope-cli lab open h1`, i.e. as an
 * ordinary user inside the lab's h1, capturing through a copy of the
 * capture helper that has file capabilities.  Checks that the start page
 * draws the lab with the addresses and MACs the host really has, that its
 * buttons capture on the lab link and open the craft window addressed to
 * the host behind the router, and that a ping sent from there is seen
 * crossing the router: the reply with its TTL one lower and the router's
 * MAC as its source.  With LSC_LAB_SHOTS=DIR it saves the start page at
 * 1400x900 and 1024x768.
 */
#include "lsc-application.h"
#include "lsc-window.h"
#include "lsc-welcome.h"
#include "lsc-craft-window.h"
#include "lsc-session.h"
#include "lsc-gui-test.h"
#include "lsc-gui-lab.h"
#include "lsc-layer-colors.h"
#include "core/lsc-i18n.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

static LscApplication *app;
static LscWindow *win;

static LscLabView *
lab_view (void)
{
  return lsc_welcome_get_lab_view (LSC_WELCOME (lsc_window_get_welcome (win)));
}

/* What the kernel says this host's interface has: every global address
 * ("198.18.1.11/24", "fd00:1::11/64") and the MAC. */
static GPtrArray *
live_facts (const char *iface)
{
  GPtrArray *facts = g_ptr_array_new_with_free_func (g_free);
  const char *argv[] = { "ip", "-br", "addr", "show", "dev", iface, NULL };
  g_autofree char *out = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, NULL, NULL));
  /* "eth0@if3  UP  198.18.1.11/24 fd00:1::11/64 fe80::.../64" */
  g_auto (GStrv) words = g_strsplit_set (out, " \t\n", -1);
  guint seen = 0;
  for (guint k = 0; words[k]; k++)
    if (*words[k] && ++seen > 2 && !g_str_has_prefix (words[k], "fe80:"))
      g_ptr_array_add (facts, g_strdup (words[k]));
  g_autofree char *path = g_strdup_printf ("/sys/class/net/%s/address", iface);
  g_autofree char *mac = NULL;
  g_assert_true (g_file_get_contents (path, &mac, NULL, NULL));
  g_ptr_array_add (facts, g_strdup (g_strstrip (mac)));
  return facts;
}

/* lab open started this GTK program as the user, not root, with no capability. */
static void
test_unprivileged (void)
{
  g_assert_cmpuint (geteuid (), !=, 0);
  g_assert_cmpuint (getuid (), !=, 0);
  g_autofree char *status = NULL;
  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  const char *eff = strstr (status, "\nCapEff:");
  g_assert_nonnull (eff);
  g_assert_true (g_str_has_prefix (eff, "\nCapEff:\t0000000000000000\n"));
}

static void
test_topology (void)
{
  LscLabView *v = lab_view ();
  g_assert_nonnull (v);
  g_assert_cmpstr (lsc_lab_view_get_here (v), ==, "h1");
  /* This host's box says what its interface really has. */
  const char *h1 = lsc_lab_view_get_box_text (v, "h1");
  g_assert_nonnull (h1);
  g_autoptr (GPtrArray) facts = live_facts ("eth0");
  g_assert_cmpuint (facts->len, >=, 3);
  for (guint i = 0; i < facts->len; i++)
    if (!strstr (h1, facts->pdata[i]))
      g_error ("the drawing of h1 lacks %s, which eth0 has:\n%s", (char *) facts->pdata[i], h1);
  g_assert_nonnull (strstr (h1, "198.18.1.11/24"));
  g_assert_nonnull (strstr (h1, "02:00:00:00:01:11"));
  /* Every other host and the router with both its sides. */
  const char *h2 = lsc_lab_view_get_box_text (v, "h2");
  const char *h3 = lsc_lab_view_get_box_text (v, "h3");
  const char *r1 = lsc_lab_view_get_box_text (v, "r1");
  g_assert_nonnull (h2);
  g_assert_nonnull (h3);
  g_assert_nonnull (r1);
  g_assert_nonnull (strstr (h2, "198.18.1.12/24"));
  g_assert_nonnull (strstr (h2, "02:00:00:00:01:12"));
  g_assert_nonnull (strstr (h3, "198.19.2.13/24"));
  g_assert_nonnull (strstr (h3, "fd00:2::13/64"));
  g_assert_nonnull (strstr (h3, "02:00:00:00:02:13"));
  for (const char *const *w = (const char *const[]) { "br0", "198.18.1.1/24", "02:00:00:00:01:01", "h3",
                                                       "198.19.2.1/24", "02:00:00:00:02:01", NULL }; *w; w++)
    g_assert_nonnull (strstr (r1, *w));
  g_assert_null (lsc_lab_view_get_box_text (v, "h9"));
  /* The page says where this window runs. */
  g_assert_nonnull (lsc_gui_find_label (lsc_window_get_welcome (win), "198.18.1.11", FALSE));
}

/* The drawing's layout at this size, and the buttons under it on the page too. */
static void
check_layout (void)
{
  lsc_gui_check_lab_layout (lab_view ());
  /* The buttons under the drawing are on the page too. */
  for (const char *const *n = (const char *const[]) { "lab-capture", "lab-ping", "lab-arp", NULL }; *n; n++)
    {
      GtkWidget *b = lsc_gui_find_named (lsc_window_get_welcome (win), *n);
      g_assert_nonnull (b);
      g_assert_true (gtk_widget_get_mapped (b));
    }
}

static void
shot (const char *name)
{
  const char *dir = g_getenv ("LSC_LAB_SHOTS");
  if (!dir)
    return;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  /* A busy machine may not have painted yet: try again a little later. */
  for (guint i = 0; i < 40; i++)
    {
      lsc_gui_spin (50);
      if (lsc_widget_save_png (GTK_WIDGET (win), path, NULL))
        return;
    }
  g_printerr ("# could not save %s\n", path);
}

static guint layout_w, layout_h;

static gboolean
at_size (void)
{
  /* The default size includes what the decoration takes around the window. */
  return ABS (gtk_widget_get_width (GTK_WIDGET (win)) - (int) layout_w) <= 24 &&
         ABS (gtk_widget_get_height (GTK_WIDGET (win)) - (int) layout_h) <= 24 &&
         gtk_widget_get_mapped (GTK_WIDGET (lab_view ()));
}

static void
test_layout (gconstpointer data)
{
  const guint *size = data;
  layout_w = size[0];
  layout_h = size[1];
  gtk_window_set_default_size (GTK_WINDOW (win), (int) layout_w, (int) layout_h);
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!at_size () && g_get_monotonic_time () < end)
    lsc_gui_spin (20);
  if (!at_size ())
    g_error ("the window is %dx%d, not %ux%u (lab view %s)", gtk_widget_get_width (GTK_WIDGET (win)),
             gtk_widget_get_height (GTK_WIDGET (win)), layout_w, layout_h,
             gtk_widget_get_mapped (GTK_WIDGET (lab_view ())) ? "mapped" : "not mapped");
  lsc_gui_spin (200);
  check_layout ();
  const char *lang = g_getenv ("LANGUAGE");
  g_autofree char *name = g_strdup_printf ("lab-start-%ux%u%s%s.png", layout_w, layout_h,
                                           lang && *lang ? "-" : "", lang && *lang ? lang : "");
  shot (name);
}

static const guint8 router_mac[6] = { 0x02, 0, 0, 0, 0x01, 0x01 };
static const guint8 far_ip[4] = { 198, 19, 2, 13 };

/* An echo reply from h3 in the capture: returns its TTL, 0 when none yet;
 * *mac_ok says its source MAC is the router's. */
static guint
reply_ttl (gboolean *mac_ok)
{
  LscStore *store = lsc_window_get_store (win);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  for (guint i = 0; i < n; i++)
    {
      LscPacket p;
      if (!lsc_store_get_packet (store, i, &p) || p.caplen < 14 + 20 + 8)
        continue;
      const guint8 *d = p.data;
      /* IPv4, ICMP, from 198.19.2.13, echo reply. */
      if (d[12] == 0x08 && d[13] == 0x00 && d[14 + 9] == 1 && memcmp (d + 14 + 12, far_ip, 4) == 0 &&
          d[14 + 20] == 0)
        {
          *mac_ok = memcmp (d + 6, router_mac, 6) == 0;
          return d[14 + 8];
        }
    }
  return 0;
}

static gboolean
got_reply (void)
{
  gboolean mac_ok;
  return reply_ttl (&mac_ok) > 0;
}

static void
test_capture_ping (void)
{
  GtkWidget *welcome = lsc_window_get_welcome (win);
  GtkWidget *capture = lsc_gui_find_named (welcome, "lab-capture");
  GtkWidget *ping = lsc_gui_find_named (welcome, "lab-ping");
  g_assert_nonnull (capture);
  g_assert_nonnull (ping);
  /* Capture on this host's lab link, through the helper. */
  g_signal_emit_by_name (capture, "clicked");
  lsc_gui_spin (300);
  g_assert_true (lsc_window_is_capturing (win));
  g_assert_nonnull (strstr (lsc_window_get_status (win), "eth0"));
  /* The craft window, addressed to h3 behind the router, on eth0. */
  g_signal_emit_by_name (ping, "clicked");
  LscCraftWindow *cw = lsc_craft_window_get_for (win);
  g_assert_cmpstr (lsc_craft_form_get (lsc_craft_window_get_form (cw), "ip.dst"), ==, "198.19.2.13");
  g_assert_cmpstr (lsc_craft_window_get_iface (cw), ==, "eth0");
  lsc_craft_window_set_count (cw, 2, 0.3);
  g_assert_null (lsc_craft_window_get_send_blocker (cw));
  g_assert_true (lsc_craft_window_send (cw));
  lsc_gui_wait_for (got_reply, "h3's echo reply in the capture", 20);
  gboolean mac_ok = FALSE;
  /* One router on the way: TTL 64 - 1, and the frame comes from the router's MAC. */
  g_assert_cmpuint (reply_ttl (&mac_ok), ==, 63);
  g_assert_true (mac_ok);
  gtk_window_destroy (GTK_WINDOW (cw));
  lsc_window_stop_capture (win);
}

static LscCraftWindow *connect_cw;

static gboolean
refused_labelled (void)
{
  LscStore *store = lsc_window_get_store (win);
  LscSession *session = lsc_window_get_session (win);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  gboolean syn = FALSE, rst = FALSE;
  for (guint i = 0; i < n; i++)
    {
      const char *note = lsc_session_get_note (session, i, NULL);
      syn |= g_strcmp0 (note, "connect()") == 0;
      rst |= g_strcmp0 (note, "no listen() there: RST") == 0;
    }
  return syn && rst;
}

static gboolean
lab_connect_done (void)
{
  return !lsc_craft_window_is_connecting (connect_cw);
}

/* The connect demo as this unprivileged user: the connection's segments are
 * watched through the capture helper (no root here), so a SYN to a closed
 * port on h3 and the RST that answers it are seen and labelled. */
static void
test_connect_refused (void)
{
  g_assert_cmpuint (geteuid (), !=, 0);
  /* The ping test's capture, not saved: discarded, so the demo starts its own. */
  if (lsc_session_has_unsaved (lsc_window_get_session (win)))
    {
      gtk_widget_activate_action (GTK_WIDGET (win), "win.close-capture", NULL);
      g_assert_nonnull (lsc_window_get_discard_dialog (win));
      gtk_dialog_response (GTK_DIALOG (lsc_window_get_discard_dialog (win)), GTK_RESPONSE_REJECT);
    }
  GtkWidget *ping = lsc_gui_find_named (lsc_window_get_welcome (win), "lab-ping");
  g_assert_nonnull (ping);
  g_signal_emit_by_name (ping, "clicked");
  LscCraftWindow *cw = lsc_craft_window_get_for (win);
  lsc_craft_window_show_connect (cw);
  lsc_craft_window_set_connect (cw, "198.19.2.13", 9, "hello", 0);
  const char *why = lsc_craft_window_get_send_blocker (cw);
  if (why)
    g_error ("Run is off: %s", why);
  if (!lsc_craft_window_run_connect (cw))
    g_error ("the connect demo did not start: %s", lsc_craft_window_get_status (cw));
  connect_cw = cw;
  lsc_gui_wait_for (lab_connect_done, "the connection attempt to end", 15);
  const char *log = lsc_craft_window_get_connect_log (cw);
  g_test_message ("%s", log);
  if (!strstr (log, "connect() failed") || !strstr (log, "nothing listens on port 9"))
    g_error ("the refused port is not explained:\n%s", log);
  /* The SYN and the RST reach the capture, each labelled with its cause. */
  lsc_gui_wait_for (refused_labelled, "the SYN and the RST labelled connect() and RST", 10);
  gtk_window_destroy (GTK_WINDOW (cw));
  lsc_window_stop_capture (win);
}

int
main (int argc, char **argv)
{
  if (!lsc_gui_test_init (&argc, &argv))
    return 0;
  win = lsc_gui_test_window (&app, 0, 0);
  static const guint big[2] = { 1400, 900 }, small[2] = { 1024, 768 };
  g_test_add_func ("/lab/shown/unprivileged", test_unprivileged);
  g_test_add_func ("/lab/shown/topology", test_topology);
  g_test_add_data_func ("/lab/shown/layout-1400x900", big, test_layout);
  g_test_add_data_func ("/lab/shown/layout-1024x768", small, test_layout);
  g_test_add_func ("/lab/sent/capture-ping", test_capture_ping);
  g_test_add_func ("/lab/sent/connect-refused", test_connect_refused);
  int rc = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (win));
  g_object_unref (app);
  return rc;
}

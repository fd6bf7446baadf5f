/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-lab-view.c — the classroom lab's panel and drawing without a lab (no root)
 *
 * The panel built from a lab described in code, in a window of its own:
 * every box says its host's interfaces, addresses and MACs; the drawing
 * scales down as a whole in a narrow window and nothing leaves it or
 * overlaps; the buttons ask for a capture on this host's link and for the
 * craft window addressed across the router and to the neighbour.
 * (The real lab, from `layerscope-cli lab open`: test-lab.c, as root.)
 */
#include "lsc-lab-panel.h"
#include "lsc-gui-test.h"
#include "lsc-gui-lab.h"

/* The lab `layerscope-cli lab up` builds, its namespaces named lsc-v-*. */
static LscLab *
classroom (void)
{
  return lsc_lab_new_classroom ("lsc-v-");
}

static GtkWindow *window;
static LscLabPanel *panel;
static int want_w;

static gboolean
shown (void)
{
  GtkWidget *v = GTK_WIDGET (lsc_lab_panel_get_view (panel));
  return gtk_widget_get_mapped (v) && ABS (gtk_widget_get_width (GTK_WIDGET (window)) - want_w) <= 24 &&
         gtk_widget_get_height (v) > 0;
}

/* At a window width: the layout holds, and the drawing is scaled or not as asked. */
static void
check_at (int width, gboolean scaled)
{
  want_w = width;
  gtk_window_set_default_size (window, width, 500);
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!shown () && g_get_monotonic_time () < end)
    lsc_gui_spin (20);
  if (!shown ())
    g_error ("the window is %d wide, not %d", gtk_widget_get_width (GTK_WIDGET (window)), width);
  lsc_gui_spin (100);
  LscLabView *v = lsc_lab_panel_get_view (panel);
  GtkWidget *w = GTK_WIDGET (v);
  lsc_gui_check_lab_layout (v);
  int natural;
  gtk_widget_measure (w, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  /* Narrower than its natural width the drawing is scaled, not cut. */
  if (scaled)
    g_assert_cmpint (gtk_widget_get_width (w), <, natural);
  else
    g_assert_cmpint (gtk_widget_get_width (w), >=, natural);
}

static void
test_boxes (void)
{
  LscLabView *v = lsc_lab_panel_get_view (panel);
  g_assert_cmpstr (lsc_lab_view_get_here (v), ==, "h1");
  struct { const char *host; const char *words[7]; } want[] = {
    { "h1", { "h1", "eth0", "198.18.1.11/24", "fd00:1::11/64", "02:00:00:00:01:11", NULL } },
    { "h2", { "h2", "eth0", "198.18.1.12/24", "fd00:1::12/64", "02:00:00:00:01:12", NULL } },
    { "h3", { "h3", "eth0", "198.19.2.13/24", "fd00:2::13/64", "02:00:00:00:02:13", NULL } },
    { "r1", { "br0", "198.18.1.1/24", "02:00:00:00:01:01", "198.19.2.1/24", "fd00:2::1/64", "02:00:00:00:02:01", NULL } },
  };
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      const char *text = lsc_lab_view_get_box_text (v, want[i].host);
      g_assert_nonnull (text);
      for (guint k = 0; want[i].words[k]; k++)
        if (!strstr (text, want[i].words[k]))
          g_error ("the box of %s lacks %s:\n%s", want[i].host, want[i].words[k], text);
    }
  /* Each interface only in its own host's box. */
  g_assert_null (strstr (lsc_lab_view_get_box_text (v, "h1"), "198.18.1.12"));
  g_assert_null (strstr (lsc_lab_view_get_box_text (v, "h3"), "02:00:00:00:02:01"));
  /* The sentence above says where this window runs. */
  g_assert_nonnull (lsc_gui_find_label (GTK_WIDGET (panel), "h1 (198.18.1.11", FALSE));
  /* What to look for across the router: the router's MAC on h1's side, h3's own. */
  GtkWidget *hint = lsc_gui_find_label (GTK_WIDGET (panel), "(02:00:00:00:01:01)", FALSE);
  g_assert_nonnull (hint);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (hint)), "02:00:00:00:02:13"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (hint)), "lab open h3"));
}

static void
test_layout (void)
{
  check_at (900, FALSE);
  check_at (520, TRUE);
}

static char *got_capture;
static char *got_craft;

static void
capture_cb (LscLabPanel *p, const char *iface)
{
  g_free (got_capture);
  got_capture = g_strdup (iface);
}

static void
craft_cb (LscLabPanel *p, const char *tmpl, const char *set, const char *iface)
{
  g_free (got_craft);
  got_craft = g_strdup_printf ("%s %s %s", tmpl, set, iface);
}

static void
test_buttons (void)
{
  g_signal_connect (panel, "capture", G_CALLBACK (capture_cb), NULL);
  g_signal_connect (panel, "craft", G_CALLBACK (craft_cb), NULL);
  g_signal_emit_by_name (lsc_gui_find_named (GTK_WIDGET (panel), "lab-capture"), "clicked");
  g_assert_cmpstr (got_capture, ==, "eth0");
  g_signal_emit_by_name (lsc_gui_find_named (GTK_WIDGET (panel), "lab-ping"), "clicked");
  g_assert_cmpstr (got_craft, ==, "ping ip.dst=198.19.2.13 eth0");
  g_signal_emit_by_name (lsc_gui_find_named (GTK_WIDGET (panel), "lab-arp"), "clicked");
  g_assert_cmpstr (got_craft, ==, "arp arp.dst.proto_ipv4=198.18.1.12 eth0");
  g_clear_pointer (&got_capture, g_free);
  g_clear_pointer (&got_craft, g_free);
}

/* From h3 the host behind the router is h1, and h3 has no neighbour to ARP. */
static void
test_from_h3 (void)
{
  g_autoptr (GtkWidget) p = g_object_ref_sink (lsc_lab_panel_new (classroom (), "h3"));
  g_signal_connect (p, "craft", G_CALLBACK (craft_cb), NULL);
  g_signal_emit_by_name (lsc_gui_find_named (p, "lab-ping"), "clicked");
  g_assert_cmpstr (got_craft, ==, "ping ip.dst=198.18.1.11 eth0");
  g_assert_null (lsc_gui_find_named (p, "lab-arp"));
  g_clear_pointer (&got_craft, g_free);
}

int
main (int argc, char **argv)
{
  if (!lsc_gui_test_init (&argc, &argv))
    return 0;
  window = GTK_WINDOW (gtk_window_new ());
  panel = LSC_LAB_PANEL (lsc_lab_panel_new (classroom (), "h1"));
  gtk_window_set_child (window, GTK_WIDGET (panel));
  gtk_window_present (window);
  g_test_add_func ("/lab-view/boxes", test_boxes);
  g_test_add_func ("/lab-view/layout", test_layout);
  g_test_add_func ("/lab-view/buttons", test_buttons);
  g_test_add_func ("/lab-view/from-h3", test_from_h3);
  int rc = g_test_run ();
  gtk_window_destroy (window);
  return rc;
}

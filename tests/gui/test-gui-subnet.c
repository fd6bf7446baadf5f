/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-subnet.c — the subnet calculator driven in-process (run under Xvfb):
 * opened from the window's action, the figures it shows for typed addresses,
 * splitting, bad input, IPv6 and EUI-64, and a picture in both styles; the
 * header bar's subnet prefix for the capture on show; how the packet list
 * shows a wrong checksum and one left to the network card. */
#include "lsc-application.h"
#include "lsc-window.h"
#include "lsc-benchmark.h"
#include "lsc-layer-colors.h"
#include "lsc-subnet-calc.h"
#include "lsc-prefix-button.h"
#include "lsc-layer-tree.h"
#include "lsc-layer-item.h"
#include "lsc-gui-test.h"

#include <adwaita.h>
#include <string.h>

static LscApplication *app;
static LscWindow *win;
static LscSubnetCalc *calc;
static GtkWindow *calc_window;

static void save (const char *name);

static const char *
value (const char *key)
{
  const char *v = lsc_subnet_calc_get_value (calc, key);
  g_assert_nonnull (v);
  return v;
}

static void
assert_contains (const char *key, const char *needle)
{
  const char *v = value (key);
  if (!strstr (v, needle))
    g_error ("%s shows “%s”, without “%s”", key, v, needle);
}


static gboolean
done_loading (void)
{
  return lsc_gui_window_settled (win);
}

static const LscTree *
shown_tree (void)
{
  GListModel *rows = lsc_layer_tree_get_rows (lsc_window_get_layer_tree (win));
  g_assert_nonnull (rows);
  g_autoptr (GtkTreeListRow) r = g_list_model_get_item (rows, 0);
  g_autoptr (LscLayerItem) item = gtk_tree_list_row_get_item (r);
  return lsc_layer_item_get_decoded (item)->tree;
}

static gint64
shown_field (const char *id)
{
  const LscTree *t = shown_tree ();
  gint32 i = lsc_tree_find (t, id);
  return i < 0 ? -1 : (gint64) lsc_tree_node (t, i)->v.u;
}

static void
open_and_select (const char *name, guint index)
{
  const char *src = g_getenv ("LSC_SOURCE_ROOT");
  g_autofree char *path = g_build_filename (src ? src : "..", "data", "captures", name, NULL);
  g_autoptr (GFile) f = g_file_new_for_path (path);
  lsc_window_open_file (win, f);
  lsc_gui_wait_for (done_loading, "the capture to load", 10);
  lsc_window_select_packet (win, index);
  lsc_gui_spin (50);
}

static void
test_checksum_rows (void)
{
  const char *src = g_getenv ("LSC_SOURCE_ROOT");
  g_autofree char *bad = g_build_filename (src ? src : "..", "tests", "golden", "captures", "tcp-options.pcapng", NULL);
  g_autofree char *classroom = g_build_filename (src ? src : "..", "data", "captures", "classroom.pcapng", NULL);
  if (!g_file_test (bad, G_FILE_TEST_EXISTS) || !g_file_test (classroom, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("LSC_SOURCE_ROOT does not lead to the captures");
      return;
    }
  GtkWidget *list = GTK_WIDGET (lsc_window_get_packet_list (win));

  /* Frame 13 of tcp-options carries a really wrong TCP checksum. */
  open_and_select ("../../tests/golden/captures/tcp-options.pcapng", 12);
  lsc_gui_spin (200);
  GtkWidget *info = lsc_gui_find_label (list, "[checksum incorrect]", FALSE);
  g_assert_nonnull (info);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (info)), "data · 45000 → 8080 [PSH, ACK]"));
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_parent (info), "pkt-error"));

  /* The classroom SYN's checksum was left to the card: no marker, its
   * colour kept, the reason in the tooltip. */
  open_and_select ("classroom.pcapng", 8);
  lsc_gui_spin (200);
  g_assert_null (lsc_gui_find_label (list, "[checksum incorrect]", FALSE));
  info = lsc_gui_find_label (list, "handshake 1/3 SYN", FALSE);
  g_assert_nonnull (info);
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_parent (info), "pkt-syn"));
  const char *tip = lsc_packet_list_cell_tooltip (info);
  g_assert_nonnull (tip);
  g_assert_nonnull (strstr (tip, "left to the network card (checksum offload)"));
}

static void
test_capture_prefix (void)
{
  const char *src = g_getenv ("LSC_SOURCE_ROOT");
  g_autofree char *classroom = g_build_filename (src ? src : "..", "data", "captures", "classroom.pcapng", NULL);
  if (!g_file_test (classroom, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("LSC_SOURCE_ROOT does not lead to the bundled captures");
      return;
    }
  /* Frame 9 of the classroom capture: a SYN 198.18.0.1 -> 198.18.0.2. */
  open_and_select ("classroom.pcapng", 8);
  LscPrefixButton *b = LSC_PREFIX_BUTTON (lsc_gui_find_widget (GTK_WIDGET (win), LSC_TYPE_PREFIX_BUTTON));
  g_assert_nonnull (b);
  g_assert_cmpuint (lsc_prefix_button_get_prefix (b), ==, 0);
  g_assert_cmpint (shown_field ("ip.src.network"), ==, -1);
  g_assert_cmpint (shown_field ("ip.same_subnet"), ==, -1);
  /* Its checksum was left to the card: the row keeps its SYN colour. */
  g_assert_cmpint (shown_field ("tcp.checksum.status"), ==, 5);

  lsc_prefix_button_set_prefix (b, 24);
  lsc_gui_spin (50);
  g_assert_cmpint (shown_field ("ip.src.network"), ==, 0xc6120000);      /* 198.18.0.0 */
  g_assert_cmpint (shown_field ("ip.src.broadcast"), ==, 0xc61200ff);    /* 198.18.0.255 */
  g_assert_cmpint (shown_field ("ip.src.hosts"), ==, 254);
  g_assert_cmpint (shown_field ("ip.same_subnet"), ==, 1);
  g_assert_cmpuint (lsc_store_get_options (lsc_window_get_store (win))->ipv4_prefix, ==, 24);

  /* A /31 puts .1 and .2 in different subnets. */
  lsc_prefix_button_set_prefix (b, 31);
  lsc_gui_spin (50);
  g_assert_cmpint (shown_field ("ip.dst.network"), ==, 0xc6120002);
  g_assert_cmpint (shown_field ("ip.same_subnet"), ==, 0);

  lsc_prefix_button_set_prefix (b, 0);
  lsc_gui_spin (50);
  g_assert_cmpint (shown_field ("ip.src.network"), ==, -1);

  /* Another capture starts without one. */
  lsc_prefix_button_set_prefix (b, 24);
  open_and_select ("handshake-teardown.pcapng", 2);
  g_assert_cmpuint (lsc_prefix_button_get_prefix (b), ==, 0);
  g_assert_cmpuint (lsc_store_get_options (lsc_window_get_store (win))->ipv4_prefix, ==, 0);
  g_assert_cmpint (shown_field ("ip.src.network"), ==, -1);
}

static void
select_field (const char *id)
{
  LscLayerTree *tree = lsc_window_get_layer_tree (win);
  gint32 i = lsc_tree_find (shown_tree (), id);
  g_assert_cmpint (i, >=, 0);
  g_assert_true (lsc_layer_tree_select_node (tree, i));
  g_assert_cmpint (lsc_layer_tree_get_selected_node (tree), ==, i);
}

/* The tree's "Set Prefix for This Address…" with prefix, then Apply (or,
 * with prefix 0, "Use the Capture's Prefix"). */
static void
set_address_prefix (guint prefix)
{
  GtkWidget *tree = GTK_WIDGET (lsc_window_get_layer_tree (win));
  g_assert_true (gtk_widget_activate_action (tree, "tree.address-prefix", NULL));
  lsc_gui_spin (50);
  GtkWidget *pop = lsc_layer_tree_get_prefix_popover (LSC_LAYER_TREE (tree));
  g_assert_nonnull (pop);
  g_assert_true (gtk_widget_get_visible (pop));
  if (prefix)
    {
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (lsc_gui_find_widget (pop, GTK_TYPE_SPIN_BUTTON)), prefix);
      g_signal_emit_by_name (lsc_gui_find_button (pop, "_Apply"), "clicked");
    }
  else
    g_signal_emit_by_name (lsc_gui_find_button (pop, "Use the _Capture's Prefix"), "clicked");
  lsc_gui_spin (50);
  g_assert_false (gtk_widget_get_visible (pop));
}

/* A prefix for one address from the tree's right-click menu: that
 * address's subnet nodes follow it, in every packet, over the capture's. */
static void
test_address_prefix_menu (void)
{
  /* Frame 9: the SYN 198.18.0.1 -> 198.18.0.2, no prefix set. */
  open_and_select ("classroom.pcapng", 8);
  LscPrefixButton *b = LSC_PREFIX_BUTTON (lsc_gui_find_widget (GTK_WIDGET (win), LSC_TYPE_PREFIX_BUTTON));
  GtkWidget *tree = GTK_WIDGET (lsc_window_get_layer_tree (win));
  g_assert_cmpint (shown_field ("ip.src.network"), ==, -1);

  /* Not offered on a line that is no address. */
  select_field ("ip.ttl");
  gtk_widget_activate_action (tree, "tree.address-prefix", NULL);
  lsc_gui_spin (50);
  GtkWidget *none = lsc_layer_tree_get_prefix_popover (LSC_LAYER_TREE (tree));
  g_assert_true (none == NULL || !gtk_widget_get_visible (none));
  g_assert_false (lsc_layer_tree_edit_address_prefix (LSC_LAYER_TREE (tree)));

  /* The popover starts from the class's default mask (198.18 is class C). */
  select_field ("ip.src");
  g_assert_true (gtk_widget_activate_action (tree, "tree.address-prefix", NULL));
  lsc_gui_spin (50);
  GtkWidget *pop = lsc_layer_tree_get_prefix_popover (LSC_LAYER_TREE (tree));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (lsc_gui_find_widget (pop, GTK_TYPE_SPIN_BUTTON))), ==, 24);
  g_assert_nonnull (lsc_gui_find_label (pop, "Prefix for 198.18.0.1", TRUE));
  g_assert_nonnull (lsc_gui_find_label (pop, "mask 255.255.255.0", TRUE));
  gtk_popover_popdown (GTK_POPOVER (pop));

  /* A picture of the popover over the window, for a person to look at. */
  g_assert_true (gtk_widget_activate_action (tree, "tree.address-prefix", NULL));
  lsc_gui_spin (300);
  const char *dir = g_getenv ("LSC_BUILD_ROOT");
  g_autofree char *png = g_build_filename (dir ? dir : ".", "gui-address-prefix.png", NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (lsc_widget_save_png (lsc_layer_tree_get_prefix_popover (LSC_LAYER_TREE (tree)), png, &error));
  g_test_message ("screenshot: %s", png);
  gtk_popover_popdown (GTK_POPOVER (lsc_layer_tree_get_prefix_popover (LSC_LAYER_TREE (tree))));

  set_address_prefix (26);
  g_assert_cmpint (shown_field ("ip.src.network"), ==, 0xc6120000);    /* 198.18.0.0/26 */
  g_assert_cmpint (shown_field ("ip.src.broadcast"), ==, 0xc612003f);  /* 198.18.0.63 */
  g_assert_cmpint (shown_field ("ip.src.first_host"), ==, 0xc6120001);
  g_assert_cmpint (shown_field ("ip.src.last_host"), ==, 0xc612003e);
  g_assert_cmpint (shown_field ("ip.src.hosts"), ==, 62);
  /* The destination has none of its own, nor does the capture. */
  g_assert_cmpint (shown_field ("ip.dst.network"), ==, -1);
  g_assert_cmpint (shown_field ("ip.same_subnet"), ==, 1);
  /* The line the menu was opened on stays selected. */
  const LscNode *sel = lsc_tree_node (shown_tree (), lsc_layer_tree_get_selected_node (LSC_LAYER_TREE (tree)));
  g_assert_cmpstr (sel->field->id, ==, "ip.src");

  /* The same address as destination, in the next packet. */
  lsc_window_select_packet (win, 9);
  lsc_gui_spin (50);
  g_assert_cmpint (shown_field ("ip.dst.broadcast"), ==, 0xc612003f);
  g_assert_cmpint (shown_field ("ip.src.network"), ==, -1);

  /* The capture's /31 for every other address; 198.18.0.1 keeps its /26.
   * The sender 198.18.0.2 sees 198.18.0.1 outside its /31. */
  lsc_prefix_button_set_prefix (b, 31);
  lsc_gui_spin (50);
  g_assert_cmpint (shown_field ("ip.src.network"), ==, 0xc6120002);
  g_assert_cmpint (shown_field ("ip.dst.broadcast"), ==, 0xc612003f);
  g_assert_cmpint (shown_field ("ip.same_subnet"), ==, 0);

  /* Back to the capture's for 198.18.0.1 (from a derived line under it). */
  select_field ("ip.dst.broadcast");
  set_address_prefix (0);
  g_assert_cmpint (shown_field ("ip.dst.network"), ==, 0xc6120000);
  g_assert_cmpint (shown_field ("ip.dst.broadcast"), ==, -1);  /* a /31 has none */
  g_assert_cmpuint (lsc_store_get_options (lsc_window_get_store (win))->n_addr_prefix, ==, 0);

  /* Another capture forgets the addresses' prefixes too. */
  select_field ("ip.src");
  set_address_prefix (20);
  g_assert_cmpuint (lsc_store_get_options (lsc_window_get_store (win))->n_addr_prefix, ==, 1);
  open_and_select ("handshake-teardown.pcapng", 2);
  g_assert_cmpuint (lsc_store_get_options (lsc_window_get_store (win))->n_addr_prefix, ==, 0);
  g_assert_cmpint (shown_field ("ip.src.network"), ==, -1);
}

static const char *
calc_entry_text (void)
{
  GtkWidget *entry = lsc_gui_find_widget (GTK_WIDGET (calc), GTK_TYPE_ENTRY);
  g_assert_nonnull (entry);
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

/* The calculator opens on the selected line's address, else the packet's source. */
static void
test_calc_prefilled (void)
{
  open_and_select ("classroom.pcapng", 8);
  select_field ("ip.dst");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (win), "win.subnet-calculator", NULL));
  lsc_gui_spin (100);
  calc_window = GTK_WINDOW (gtk_application_get_windows (GTK_APPLICATION (app))->data);
  calc = lsc_subnet_calc_from_window (calc_window);
  g_assert_cmpstr (calc_entry_text (), ==, "198.18.0.2/24");
  g_assert_cmpstr (value ("network"), ==, "198.18.0.0/24");

  /* A line that is no address: the packet's source, with its own prefix. */
  gtk_window_present (GTK_WINDOW (win));
  lsc_gui_spin (50);
  select_field ("ip.src");
  set_address_prefix (26);
  select_field ("tcp.srcport");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (win), "win.subnet-calculator", NULL));
  lsc_gui_spin (50);
  g_assert_cmpstr (calc_entry_text (), ==, "198.18.0.1/26");
  g_assert_cmpstr (value ("broadcast"), ==, "198.18.0.63");
  save ("gui-subnet-calc-prefilled.png");
  gtk_window_present (GTK_WINDOW (win));
  lsc_gui_spin (50);
  select_field ("ip.src");
  set_address_prefix (0);

  /* IPv6: the router solicitation from fe80::ff:fe00:1, its MAC for EUI-64. */
  lsc_window_select_packet (win, 20);
  lsc_gui_spin (50);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (win), "win.subnet-calculator", NULL));
  lsc_gui_spin (50);
  g_assert_cmpstr (calc_entry_text (), ==, "fe80::ff:fe00:1/64");
  g_assert_cmpstr (value ("page"), ==, "ipv6");
  assert_contains ("eui", "ff:fe00:1");
}

static void
test_action_opens (void)
{
  /* Ctrl+Shift+N is the window action's shortcut. */
  g_auto (GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.subnet-calculator");
  g_assert_nonnull (accels);
  guint key = 0;
  GdkModifierType mods = 0;
  g_assert_true (gtk_accelerator_parse (accels[0], &key, &mods));
  g_assert_cmpuint (key, ==, GDK_KEY_n);
  g_assert_cmpuint (mods, ==, GDK_CONTROL_MASK | GDK_SHIFT_MASK);

  guint before = g_list_length (gtk_application_get_windows (GTK_APPLICATION (app)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (win), "win.subnet-calculator", NULL));
  lsc_gui_spin (100);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));
  g_assert_cmpuint (g_list_length (windows), ==, before + 1);
  calc_window = GTK_WINDOW (windows->data);   /* the most recently focused first */
  g_assert_true (gtk_window_get_transient_for (calc_window) == GTK_WINDOW (win));
  calc = lsc_subnet_calc_from_window (calc_window);
  g_assert_true (LSC_IS_SUBNET_CALC (calc));
  /* Filled in with an example to start from. */
  g_assert_cmpstr (value ("page"), ==, "ipv4");
  g_assert_cmpstr (value ("network"), ==, "198.18.0.0/24");

  /* A second activation brings the same calculator back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (win), "win.subnet-calculator", NULL));
  lsc_gui_spin (50);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, before + 1);
}

typedef struct {
  const char *text;
  const char *network, *broadcast, *first, *last, *hosts, *mask, *bin_mask;
} Figures;

static void
test_figures (void)
{
  static const Figures cases[] = {
    { "10.20.30.40/8", "10.0.0.0/8", "10.255.255.255", "10.0.0.1", "10.255.255.254", "16777214 = 2²⁴ − 2",
      "/8 = 255.0.0.0", "11111111.00000000.00000000.00000000" },
    { "198.18.200.1/15", "198.18.0.0/15", "198.19.255.255", "198.18.0.1", "198.19.255.254", "131070 = 2¹⁷ − 2",
      "/15 = 255.254.0.0", "11111111.11111110.00000000.00000000" },
    { "198.18.0.9/24", "198.18.0.0/24", "198.18.0.255", "198.18.0.1", "198.18.0.254", "254 = 2⁸ − 2",
      "/24 = 255.255.255.0", "11111111.11111111.11111111.00000000" },
    { "198.18.0.77/26", "198.18.0.64/26", "198.18.0.127", "198.18.0.65", "198.18.0.126", "62 = 2⁶ − 2",
      "/26 = 255.255.255.192", "11111111.11111111.11111111.11000000" },
    { "198.18.0.5/31", "198.18.0.4/31", "none: a /31 is a point-to-point link (RFC 3021)", "198.18.0.4", "198.18.0.5",
      "2: both addresses are hosts", "/31 = 255.255.255.254", "11111111.11111111.11111111.11111110" },
    { "198.18.0.5/32", "198.18.0.5/32", "none: a /32 is one address", "198.18.0.5", "198.18.0.5", "1: just this address",
      "/32 = 255.255.255.255", "11111111.11111111.11111111.11111111" },
    { "172.16.40.1 255.255.240.0", "172.16.32.0/20", "172.16.47.255", "172.16.32.1", "172.16.47.254", "4094 = 2¹² − 2",
      "/20 = 255.255.240.0", "11111111.11111111.11110000.00000000" },
    { "192.168.1.130/255.255.255.128", "192.168.1.128/25", "192.168.1.255", "192.168.1.129", "192.168.1.254", "126 = 2⁷ − 2",
      "/25 = 255.255.255.128", "11111111.11111111.11111111.10000000" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Figures *c = &cases[i];
      lsc_subnet_calc_set_text (calc, c->text);
      g_assert_cmpstr (value ("error"), ==, "");
      g_assert_cmpstr (value ("page"), ==, "ipv4");
      g_assert_cmpstr (value ("network"), ==, c->network);
      g_assert_cmpstr (value ("broadcast"), ==, c->broadcast);
      g_assert_cmpstr (value ("first"), ==, c->first);
      g_assert_cmpstr (value ("last"), ==, c->last);
      assert_contains ("hosts", c->hosts);
      assert_contains ("mask", c->mask);
      g_assert_cmpstr (value ("bin-mask"), ==, c->bin_mask);
    }
  /* All host bits 1 is a host's address in a /31, not a broadcast. */
  lsc_subnet_calc_set_text (calc, "198.18.0.5/31");
  g_assert_cmpstr (value ("dec-broadcast"), ==, "198.18.0.5: a host, no broadcast in a /31");
  lsc_subnet_calc_set_text (calc, "198.18.0.5/30");
  g_assert_cmpstr (value ("dec-broadcast"), ==, "198.18.0.7");
  /* The binary address shown is the address typed. */
  lsc_subnet_calc_set_text (calc, "198.18.0.1/24");
  g_assert_cmpstr (value ("bin-addr"), ==, "11000110.00010010.00000000.00000001");
  g_assert_cmpstr (value ("bin-network"), ==, "11000110.00010010.00000000.00000000");
  assert_contains ("class", "C: the address starts with 110");
  assert_contains ("range", "Benchmarking");
  g_assert_cmpstr (value ("special"), ==, "");
  lsc_subnet_calc_set_text (calc, "198.18.0.0/24");
  assert_contains ("special", "is the network address itself");
  lsc_subnet_calc_set_text (calc, "198.18.0.255/24");
  assert_contains ("special", "broadcast address");

  /* Without a mask: the class's default one, said so. */
  lsc_subnet_calc_set_text (calc, "10.1.2.3");
  g_assert_cmpstr (value ("network"), ==, "10.0.0.0/8");
  assert_contains ("note", "class A's default mask /8");
  assert_contains ("class", "A: the address starts with 0");
  lsc_subnet_calc_set_text (calc, "10.1.2.3/16");
  g_assert_cmpstr (value ("note"), ==, "");
}

static void
test_split (void)
{
  lsc_subnet_calc_set_text (calc, "198.18.0.0/24");
  /* Two bits further by default: the exercise of four /26. */
  assert_contains ("split-summary", "4 subnets of /26");
  assert_contains ("split-summary", "each has 64 addresses, 62 of them usable hosts");
  const char *list = value ("split-list");
  g_auto (GStrv) lines = g_strsplit (list, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_true (g_str_has_prefix (lines[0], "198.18.0.0/26"));
  g_assert_nonnull (strstr (lines[1], "198.18.0.64/26"));
  g_assert_nonnull (strstr (lines[3], "198.18.0.192/26"));
  g_assert_nonnull (strstr (lines[3], "198.18.0.193 – 198.18.0.254"));

  lsc_subnet_calc_set_split (calc, 30);
  assert_contains ("split-summary", "64 subnets of /30");
  assert_contains ("split-list", "… and 48 more, up to 198.18.0.252/30");
  lsc_subnet_calc_set_split (calc, 32);
  assert_contains ("split-summary", "256 subnets of /32");
  assert_contains ("split-summary", "each is a single address");
  lsc_subnet_calc_set_split (calc, 24);
  assert_contains ("split-summary", "is the block itself");
  /* A prefix shorter than the block's cannot be chosen. */
  lsc_subnet_calc_set_split (calc, 20);
  assert_contains ("split-summary", "is the block itself");
}

static void
test_bad_input (void)
{
  lsc_subnet_calc_set_text (calc, "198.18.0.0/24");
  const char *bad[][2] = {
    { "198.18.0.300/24", "300 in “198.18.0.300” is more than 255" },
    { "198.18.0.1/33", "Prefix /33 is more than 32" },
    { "198.18.0.1/255.255.0.255", "has holes" },
    { "198.18.0", "has 3 parts" },
    { "fd00:::1/64", "is not an IPv6 address" },
    { "banana", "has 1 parts" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      lsc_subnet_calc_set_text (calc, bad[i][0]);
      assert_contains ("error", bad[i][1]);
      g_assert_null (strchr (value ("error"), '\n'));
      /* The last good figures stay, greyed out, so nothing jumps while typing. */
      g_assert_cmpstr (value ("network"), ==, "198.18.0.0/24");
    }
  /* Nothing typed: a hint, not an error. */
  lsc_subnet_calc_set_text (calc, "");
  g_assert_cmpstr (value ("error"), ==, "");
  assert_contains ("note", "Type an address");
  lsc_subnet_calc_set_text (calc, "198.18.0.1/30");
  g_assert_cmpstr (value ("error"), ==, "");
  g_assert_cmpstr (value ("network"), ==, "198.18.0.0/30");
}

static void
test_ipv6_eui64 (void)
{
  lsc_subnet_calc_set_text (calc, "fd00::1/64");
  g_assert_cmpstr (value ("page"), ==, "ipv6");
  g_assert_cmpstr (value ("ipv6-network"), ==, "fd00::/64");
  g_assert_cmpstr (value ("ipv6-iid"), ==, "::1");
  assert_contains ("ipv6-kind", "Unique local");
  lsc_subnet_calc_set_mac (calc, "02:00:00:00:00:01");
  assert_contains ("eui", "02:00:00:ff:fe:00:00:01");
  assert_contains ("eui", "0000:00ff:fe00:0001");
  assert_contains ("eui", "fd00::ff:fe00:1");
  lsc_subnet_calc_set_mac (calc, "02:00:00:00:00");
  assert_contains ("eui", "is not a MAC address");
  lsc_subnet_calc_set_text (calc, "2001:db8::1/112");
  lsc_subnet_calc_set_mac (calc, "00:1b:21:3a:4f:5c");
  assert_contains ("eui", "021b:21ff:fe3a:4f5c");
  assert_contains ("eui", "needs a /64 or shorter prefix");
}

static void
save (const char *name)
{
  /* The widget's picture exists once it has drawn again after a change. */
  lsc_gui_spin (300);
  const char *dir = g_getenv ("LSC_BUILD_ROOT");
  g_autofree char *png = g_build_filename (dir ? dir : ".", name, NULL);
  g_autoptr (GError) error = NULL;
  gboolean ok = lsc_widget_save_png (GTK_WIDGET (calc_window), png, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_autoptr (GdkTexture) tex = gdk_texture_new_from_filename (png, &error);
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", png);
}

static void
test_fits_projector (void)
{
  lsc_subnet_calc_set_text (calc, "198.18.0.0/24");
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  lsc_gui_spin (200);
  /* Everything fits the width of a 1024×768 projector. */
  int min_w, nat_w;
  gtk_widget_measure (GTK_WIDGET (calc), GTK_ORIENTATION_HORIZONTAL, -1, &min_w, &nat_w, NULL, NULL);
  g_assert_cmpint (min_w, <=, 1000);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (calc_window)), <=, 1024);
  save ("gui-subnet-calc.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  lsc_gui_spin (200);
  /* The bit colours follow the style: the lighter blue on dark. */
  lsc_subnet_calc_set_text (calc, "198.18.0.0/24");
  save ("gui-subnet-calc-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int argc, char **argv)
{
  if (!lsc_gui_test_init (&argc, &argv))
    return 0;
  win = lsc_gui_test_window (&app, 0, 0);

  g_test_add_func ("/gui/subnet/action-opens", test_action_opens);
  g_test_add_func ("/gui/subnet/figures", test_figures);
  g_test_add_func ("/gui/subnet/split", test_split);
  g_test_add_func ("/gui/subnet/bad-input", test_bad_input);
  g_test_add_func ("/gui/subnet/ipv6-eui64", test_ipv6_eui64);
  g_test_add_func ("/gui/subnet/fits-projector", test_fits_projector);
  g_test_add_func ("/gui/subnet/capture-prefix", test_capture_prefix);
  g_test_add_func ("/gui/subnet/address-prefix-menu", test_address_prefix_menu);
  g_test_add_func ("/gui/subnet/calc-prefilled", test_calc_prefilled);
  g_test_add_func ("/gui/checksum-rows", test_checksum_rows);
  int rc = g_test_run ();
  if (calc_window)
    gtk_window_destroy (calc_window);
  gtk_window_destroy (GTK_WINDOW (win));
  g_object_unref (app);
  return rc;
}

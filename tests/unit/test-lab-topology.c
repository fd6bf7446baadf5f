/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-lab-topology.c — the classroom lab's topology file: written, read back, refused when broken, found */
#include "core/lsc-lab.h"

#include <glib/gstdio.h>
#include <string.h>

static LscLab *
two_subnets (void)
{
  LscLab *lab = lsc_lab_new ("lsc-x-");
  LscLabHost *h1 = lsc_lab_add_host (lab, "h1", FALSE, "198.18.1.1");
  lsc_lab_host_add_iface (h1, "eth0", "02:00:00:00:01:11", "198.18.1.0/24", "198.18.1.11/24 fd00:1::11/64");
  LscLabHost *h2 = lsc_lab_add_host (lab, "h2", FALSE, "198.18.1.1");
  lsc_lab_host_add_iface (h2, "eth0", "02:00:00:00:01:12", "198.18.1.0/24", "198.18.1.12/24");
  LscLabHost *h3 = lsc_lab_add_host (lab, "h3", FALSE, "198.19.2.1");
  lsc_lab_host_add_iface (h3, "eth0", "02:00:00:00:02:13", "198.19.2.0/24", "fd00:2::13/64 198.19.2.13/24");
  LscLabHost *r1 = lsc_lab_add_host (lab, "r1", TRUE, NULL);
  lsc_lab_host_add_iface (r1, "br0", "02:00:00:00:01:01", "198.18.1.0/24", "198.18.1.1/24");
  lsc_lab_host_add_iface (r1, "h3", "02:00:00:00:02:01", "198.19.2.0/24", "198.19.2.1/24");
  return lab;
}

static void
test_round_trip (void)
{
  g_autoptr (LscLab) lab = two_subnets ();
  g_autofree char *text = lsc_lab_to_data (lab);
  g_autoptr (GError) error = NULL;
  g_autoptr (LscLab) back = lsc_lab_from_data (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->prefix, ==, "lsc-x-");
  g_assert_cmpuint (back->hosts->len, ==, 4);
  const LscLabHost *r1 = lsc_lab_find_host (back, "r1");
  g_assert_nonnull (r1);
  g_assert_true (r1->router);
  g_assert_null (r1->gateway);
  g_assert_cmpstr (r1->netns, ==, "lsc-x-r1");
  g_assert_cmpuint (r1->ifaces->len, ==, 2);
  const LscLabIface *f = r1->ifaces->pdata[1];
  g_assert_cmpstr (f->name, ==, "h3");
  g_assert_cmpstr (f->mac, ==, "02:00:00:00:02:01");
  g_assert_cmpstr (f->net, ==, "198.19.2.0/24");
  const LscLabHost *h1 = lsc_lab_find_host (back, "h1");
  g_assert_false (h1->router);
  g_assert_cmpstr (h1->gateway, ==, "198.18.1.1");
  const char *const want[] = { "198.18.1.11/24", "fd00:1::11/64", NULL };
  g_assert_cmpstrv (((LscLabIface *) h1->ifaces->pdata[0])->addresses, want);
  /* Written again, the same text. */
  g_autofree char *again = lsc_lab_to_data (back);
  g_assert_cmpstr (again, ==, text);
}

static void
test_queries (void)
{
  g_autoptr (LscLab) lab = two_subnets ();
  g_autoptr (GPtrArray) nets = lsc_lab_nets (lab);
  g_assert_cmpuint (nets->len, ==, 2);
  g_assert_cmpstr (nets->pdata[0], ==, "198.18.1.0/24");
  g_assert_cmpstr (nets->pdata[1], ==, "198.19.2.0/24");
  /* Behind the router from h1: h3, never h2 (same link) or the router. */
  const LscLabHost *far = lsc_lab_far_host (lab, lsc_lab_find_host (lab, "h1"));
  g_assert_nonnull (far);
  g_assert_cmpstr (far->name, ==, "h3");
  g_assert_cmpstr (lsc_lab_far_host (lab, far)->name, ==, "h1");
  g_assert_null (lsc_lab_far_host (lab, lsc_lab_find_host (lab, "r1")));
  /* The IPv4 address without its length, also when IPv6 comes first. */
  g_autofree char *ip = lsc_lab_iface_ipv4 (far->ifaces->pdata[0]);
  g_assert_cmpstr (ip, ==, "198.19.2.13");
  g_assert_null (lsc_lab_find_host (lab, "h9"));
}

static void
test_broken (void)
{
  static const char *const bad[] = {
    "not a key file at all",
    "[lab]\nhosts=h1;\n",                                   /* no prefix */
    "[lab]\nprefix=x-\n",                                   /* no hosts */
    "[lab]\nprefix=x-\nhosts=h1;\n",                        /* a host not described */
    "[lab]\nprefix=x-\nhosts=h1;\n[host h1]\nnetns=x-h1\ninterfaces=eth0;\n", /* an interface not described */
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (LscLab) lab = lsc_lab_from_data (bad[i], strlen (bad[i]), &error);
      g_assert_null (lab);
      g_assert_nonnull (error);
      g_assert_null (strchr (error->message, '\n'));
    }
  g_autoptr (GError) error = NULL;
  g_assert_null (lsc_lab_load ("/nonexistent/lab.ini", &error));
  g_assert_nonnull (error);
}

/* The lab this process runs in: none of the lab files in the directory
 * names this process's network namespace (a namespace of another name, a
 * path trying to leave /run/netns, a broken file) — so none is found. */
static void
test_find_current (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lsc-lab-XXXXXX", NULL);
  g_assert_nonnull (dir);
  g_setenv ("LSC_LAB_DIR", dir, TRUE);
  g_autofree char *path = lsc_lab_file_for_prefix ("lsc-x-");
  g_assert_true (g_str_has_prefix (path, dir));
  g_assert_true (g_str_has_suffix (path, "lsc-x-topology.ini"));
  g_autoptr (LscLab) lab = two_subnets ();
  g_autofree char *text = lsc_lab_to_data (lab);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_autofree char *evil = g_build_filename (dir, "evil-topology.ini", NULL);
  g_assert_true (g_file_set_contents (evil, "[lab]\nprefix=../../proc/self/ns/\nhosts=net;\n[host net]\nnetns=../../proc/self/ns/net\n", -1, NULL));
  g_autofree char *broken = g_build_filename (dir, "broken-topology.ini", NULL);
  g_assert_true (g_file_set_contents (broken, "[lab\n", -1, NULL));
  const LscLabHost *host = NULL;
  g_autoptr (LscLab) found = lsc_lab_find_current (&host);
  g_assert_null (found);
  g_assert_null (host);
  g_unlink (path);
  g_unlink (evil);
  g_unlink (broken);
  g_rmdir (dir);
  g_unsetenv ("LSC_LAB_DIR");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lab/round-trip", test_round_trip);
  g_test_add_func ("/lab/queries", test_queries);
  g_test_add_func ("/lab/broken", test_broken);
  g_test_add_func ("/lab/find-current", test_find_current);
  return g_test_run ();
}

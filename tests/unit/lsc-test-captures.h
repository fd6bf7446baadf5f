/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-test-captures.h — every capture the project ships, for tests that run them all */
#pragma once

#include <glib.h>
#include <string.h>

static gint
lsc_test_by_name (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Paths of the lab recordings, the bundled captures and the golden corpus
 * (without its bad-* files, which are not captures or are cut on purpose),
 * sorted within each directory. */
G_GNUC_UNUSED static GPtrArray *
lsc_test_shipped_captures (void)
{
  const char *root = g_getenv ("LSC_SOURCE_ROOT");
  static const char *const dirs[] = { "tests/netns/captures", "data/captures", "tests/golden/captures" };
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  for (gsize d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autofree char *dir = g_build_filename (root ? root : ".", dirs[d], NULL);
      g_autoptr (GDir) gd = g_dir_open (dir, 0, NULL);
      g_assert_nonnull (gd);
      g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;
      while ((name = g_dir_read_name (gd)))
        if ((g_str_has_suffix (name, ".pcap") || g_str_has_suffix (name, ".pcapng")) && !g_str_has_prefix (name, "bad-"))
          g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_sort (names, lsc_test_by_name);
      for (guint i = 0; i < names->len; i++)
        g_ptr_array_add (out, g_build_filename (dirs[d], g_ptr_array_index (names, i), NULL));
    }
  g_assert_cmpuint (out->len, >=, 25);
  return out;
}

/* The absolute path of one of them. */
G_GNUC_UNUSED static char *
lsc_test_capture_path (const char *rel)
{
  const char *root = g_getenv ("LSC_SOURCE_ROOT");
  return g_build_filename (root ? root : ".", rel, NULL);
}

/* test-forget.c — the one-pass analysis that forgets says what the full one says
 *
 * layerscope-cli's pass without tables runs the analysis streaming and
 * forgetting (lsc_conv_set_forget): no per-frame records, conversations
 * dropped once closed or quiet.  On every shipped capture (the lab
 * recordings, the bundled captures and the golden corpus) each frame must
 * come out of it exactly as out of the full analysis the app runs: the same
 * tree text, Info and analysis record (but for the conversation's index,
 * which a forgetting analysis reuses).
 */
#include "core/lsc-conv.h"
#include "core/lsc-dissect.h"
#include "core/lsc-format.h"
#include "capture/lsc-capture-file.h"

#include <string.h>

static void
check_capture (gconstpointer data)
{
  const char *path = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (LscCaptureFile) f = lsc_capture_file_open (path, &error);
  g_assert_no_error (error);
  g_autoptr (LscConv) full = lsc_conv_new ();
  g_autoptr (LscConv) one = lsc_conv_new ();
  lsc_conv_set_streaming (one, TRUE);
  lsc_conv_set_forget (one, TRUE);
  g_autoptr (LscTree) tf = lsc_tree_new ();
  g_autoptr (LscTree) to = lsc_tree_new ();
  g_autoptr (GString) sf = g_string_new (NULL);
  g_autoptr (GString) so = g_string_new (NULL);
  LscDissectOptions opt = { .tcp_info_by_analysis = TRUE };
  LscPacket pkt;
  guint frames = 0, analysed = 0;
  int got;
  while ((got = lsc_capture_file_next (f, &pkt, &error)) > 0)
    {
      lsc_dissect (tf, &pkt, &opt);
      lsc_conv_process (full, tf);
      lsc_dissect (to, &pkt, &opt);
      lsc_conv_process (one, to);
      g_string_truncate (sf, 0);
      g_string_truncate (so, 0);
      lsc_format_tree_text (tf, LSC_MODEL_OSI, FALSE, sf);
      lsc_format_tree_text (to, LSC_MODEL_OSI, FALSE, so);
      g_assert_cmpstr (sf->str, ==, so->str);
      g_assert_cmpstr (lsc_tree_pinfo (tf)->info->str, ==, lsc_tree_pinfo (to)->info->str);
      LscConvPacket a, b;
      gboolean ha = lsc_conv_packet (full, pkt.num, &a), hb = lsc_conv_packet (one, pkt.num, &b);
      g_assert_cmpint (ha, ==, hb);
      a.conv = b.conv = 0;
      g_assert_cmpmem (&a, sizeof a, &b, sizeof b);
      frames++;
      analysed += ha;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (frames, >, 0);
  g_test_message ("%s: %u frames, %u in conversations", path, frames, analysed);
}

static gint
by_name (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  const char *root = g_getenv ("LSC_SOURCE_ROOT");
  static const char *const dirs[] = { "tests/netns/captures", "data/captures", "tests/golden/captures" };
  guint n = 0;
  for (gsize d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autofree char *dir = g_build_filename (root ? root : ".", dirs[d], NULL);
      g_autoptr (GDir) gd = g_dir_open (dir, 0, NULL);
      g_assert_nonnull (gd);
      g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;
      while ((name = g_dir_read_name (gd)))
        /* The golden corpus's bad-* files are not captures, or are cut short on purpose. */
        if ((g_str_has_suffix (name, ".pcap") || g_str_has_suffix (name, ".pcapng")) && !g_str_has_prefix (name, "bad-"))
          g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_sort (names, by_name);
      for (guint i = 0; i < names->len; i++)
        {
          char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
          g_autofree char *test = g_strdup_printf ("/forget/%s/%s", dirs[d], (char *) g_ptr_array_index (names, i));
          g_test_add_data_func_full (test, path, check_capture, g_free);
          n++;
        }
    }
  g_assert_cmpuint (n, >=, 25);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
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
#include "lsc-test-captures.h"

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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_autoptr (GPtrArray) caps = lsc_test_shipped_captures ();
  for (guint i = 0; i < caps->len; i++)
    {
      const char *rel = g_ptr_array_index (caps, i);
      g_autofree char *test = g_strconcat ("/forget/", rel, NULL);
      g_test_add_data_func_full (test, lsc_test_capture_path (rel), check_capture, g_free);
    }
  return g_test_run ();
}

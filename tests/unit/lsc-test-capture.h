/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-test-capture.h — a bundled capture read into a store and analysed, as the app does */
#pragma once

#include <glib.h>
#include "capture/lsc-capture-file.h"
#include "core/lsc-conv.h"
#include "core/lsc-store.h"

/* path relative to the source tree (LSC_SOURCE_ROOT). */
G_GNUC_UNUSED static char *
lsc_test_source_path (const char *rel)
{
  const char *root = g_getenv ("LSC_SOURCE_ROOT");
  return g_build_filename (root ? root : ".", rel, NULL);
}

/* The conversation analysis over every packet of store, as the app runs it. */
G_GNUC_UNUSED static LscConv *
lsc_test_analyse (LscStore *store)
{
  LscConv *conv = lsc_conv_new ();
  g_autoptr (LscTree) tree = lsc_tree_new ();
  LscPacket pkt;
  for (guint i = 0; lsc_store_get_packet (store, i, &pkt); i++)
    {
      lsc_dissect (tree, &pkt, lsc_store_get_options (store));
      lsc_conv_process (conv, tree);
    }
  lsc_conv_finish (conv);
  return conv;
}

/* Every packet of the capture into a new store, and (non-streaming) the
 * conversation analysis over all of them into *conv_out. */
G_GNUC_UNUSED static LscStore *
lsc_test_load_capture (const char *rel, LscConv **conv_out)
{
  g_autofree char *path = lsc_test_source_path (rel);
  g_autoptr (GError) error = NULL;
  g_autoptr (LscCaptureFile) cf = lsc_capture_file_open (path, &error);
  g_assert_no_error (error);
  LscStore *store = lsc_store_new ();
  LscPacket pkt;
  int r;
  while ((r = lsc_capture_file_next (cf, &pkt, &error)) > 0)
    lsc_store_append (store, &pkt);
  g_assert_no_error (error);
  g_assert_cmpint (r, ==, 0);
  lsc_store_commit (store);
  *conv_out = lsc_test_analyse (store);
  return store;
}

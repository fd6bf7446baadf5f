/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-follow.c — the follow-stream view and the conversation tables, in-process under Xvfb
 *
 * A bundled capture is read into a store and analysed as the window does
 * (lsc_dissect + lsc_conv_process per packet); the widgets are then held
 * against what the frames themselves carry.  Each widget is also saved as a
 * PNG at 1024×768 in the light and the dark style, named after the language
 * the test runs in (meson runs it in English and in zh_CN).
 */
#include "lsc-config.h"
#include "lsc-application.h"
#include "lsc-conversations.h"
#include "lsc-follow-view.h"
#include "lsc-layer-colors.h"
#include "core/lsc-follow.h"
#include "core/lsc-i18n.h"
#include "../unit/lsc-test-capture.h"
#include "../unit/lsc-test-tcp.h"
#include "lsc-gui-test.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

static void
wait_drawn (GtkWidget *w)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!(gtk_widget_get_mapped (w) && gtk_widget_get_width (w) > 0))
    {
      if (g_get_monotonic_time () > end)
        g_error ("timed out waiting for the window to show");
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  lsc_gui_spin (200);
}

static const char *
language (void)
{
  const char *l = g_getenv ("LANGUAGE");
  return l && *l ? l : "en";
}

/* PNGs of w in the light and the dark style: NAME-LANG-light.png, …-dark.png. */
static void
save_pngs (GtkWidget *w, const char *name)
{
  const char *dir = g_getenv ("LSC_BUILD_ROOT");
  AdwStyleManager *sm = adw_style_manager_get_default ();
  for (int dark = 0; dark < 2; dark++)
    {
      adw_style_manager_set_color_scheme (sm, dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      lsc_gui_spin (300);
      g_autofree char *base = g_strdup_printf ("%s-%s-%s.png", name, language (), dark ? "dark" : "light");
      g_autofree char *png = g_build_filename (dir ? dir : ".", base, NULL);
      g_autoptr (GError) error = NULL;
      g_assert_true (lsc_widget_save_png (w, png, &error));
      g_assert_no_error (error);
      g_autoptr (GdkTexture) tex = gdk_texture_new_from_filename (png, &error);
      g_assert_no_error (error);
      /* 1024×768 less what the window frame takes. */
      g_assert_cmpint (gdk_texture_get_width (tex), >=, 1000);
      g_assert_cmpint (gdk_texture_get_width (tex), <=, 1024);
      g_assert_cmpint (gdk_texture_get_height (tex), >=, 740);
      g_assert_cmpint (gdk_texture_get_height (tex), <=, 768);
      g_test_message ("screenshot: %s", png);
    }
  adw_style_manager_set_color_scheme (sm, ADW_COLOR_SCHEME_DEFAULT);
}

static char *
buffer_text (GtkTextBuffer *buf)
{
  GtkTextIter a, b;
  gtk_text_buffer_get_bounds (buf, &a, &b);
  /* Leaves out the frame badges (child widgets). */
  return gtk_text_buffer_get_text (buf, &a, &b, FALSE);
}

/* What the view must show in text mode, built from the frames: each run of
 * one end's payload in capture order as printable text, a new line where the
 * speaker changes mid-line. */
static char *
expected_text (LscStore *store, LscConv *conv, guint idx)
{
  g_autoptr (LscTree) tree = lsc_tree_new ();
  GString *out = g_string_new (NULL);
  g_autoptr (GByteArray) run = g_byte_array_new ();
  int run_dir = -1;
  LscPacket pkt;
  for (guint k = 0;; k++)
    {
      gboolean more = lsc_store_get_packet (store, k, &pkt);
      LscConvPacket cp;
      const guint8 *data = NULL;
      guint32 len = 0;
      int dir = -1;
      if (more && lsc_conv_packet (conv, pkt.num, &cp) && cp.conv == idx)
        {
          lsc_dissect (tree, &pkt, lsc_store_get_options (store));
          const LscPinfo *pi = lsc_tree_pinfo_const (tree);
          gboolean tcp = lsc_conv_nth (conv, idx)->kind == LSC_CONV_TCP;
          guint32 off = tcp ? pi->tcp_payload_off : lsc_tree_node (tree, pi->udp_node)->offset + 8;
          len = tcp ? pi->tcp_len : pi->udp_len;
          g_assert_cmpuint (off + len, <=, pkt.caplen);
          data = pkt.data + off;
          dir = (cp.flags & LSC_CONV_F_FROM_B) ? 1 : 0;
        }
      if ((!more || (len && dir != run_dir)) && run->len)
        {
          if (out->len && out->str[out->len - 1] != '\n')
            g_string_append_c (out, '\n');
          lsc_follow_append_printable (out, run->data, run->len);
          g_byte_array_set_size (run, 0);
        }
      if (!more)
        break;
      if (len)
        {
          g_byte_array_append (run, data, len);
          run_dir = dir;
        }
    }
  return g_string_free (out, FALSE);
}

static void
test_follow_tcp (void)
{
  LscConv *conv;
  g_autoptr (LscStore) store = lsc_test_load_capture ("data/captures/http.pcapng", &conv);
  gint idx = lsc_conv_find_tcp_stream (conv, 0);
  g_assert_cmpint (idx, >=, 0);
  GtkWindow *win = lsc_follow_window_new (NULL, store, conv, (guint) idx);
  gtk_window_set_default_size (win, 1024, 768);
  gtk_window_present (win);
  wait_drawn (GTK_WIDGET (win));
  LscFollowView *view = LSC_FOLLOW_VIEW (lsc_gui_find_widget (GTK_WIDGET (win), LSC_TYPE_FOLLOW_VIEW));
  g_assert_nonnull (view);

  /* The text is each end's payload in order. */
  GtkTextBuffer *buf = lsc_follow_view_get_buffer (view);
  g_autofree char *text = buffer_text (buf);
  g_autofree char *want = expected_text (store, conv, (guint) idx);
  g_assert_cmpstr (text, ==, want);
  g_assert_true (g_str_has_prefix (text, "GET / HTTP/1.1\n"));

  /* Every character of a chunk has its direction's colour; the request is
   * the client's, the reply the server's, and the colours change once. */
  LscFollow *f = lsc_follow_view_get_follow (view);
  int n = gtk_text_buffer_get_char_count (buf), prev = -1, changes = 0, coloured = 0;
  for (int off = 0; off < n; off++)
    {
      int ch = lsc_follow_view_chunk_at (view, off);
      int dir = lsc_follow_view_direction_at (view, off);
      if (ch < 0)
        {
          g_assert_cmpint (dir, ==, -1);
          continue;
        }
      const LscFollowChunk *c = lsc_follow_get_chunk (f, (guint) ch);
      GtkTextIter it;
      gtk_text_buffer_get_iter_at_offset (buf, &it, off);
      if (gtk_text_iter_get_child_anchor (&it))
        continue;   /* the chunk's frame badge */
      g_assert_cmpint (dir, ==, (int) c->dir);
      coloured++;
      if (prev >= 0 && dir != prev)
        changes++;
      prev = dir;
    }
  g_assert_cmpint (changes, ==, 1);
  g_assert_cmpint (coloured, >, 0);
  /* Segment boundaries are kept: the reply came in two segments. */
  g_assert_cmpuint (lsc_follow_get_n_chunks (f), ==, 3);
  g_assert_cmpuint (lsc_follow_get_totals (f, 1)->chunks, ==, 2);

  save_pngs (GTK_WIDGET (win), "follow-tcp");

  /* Hex: offsets in the stream, the request's first bytes. */
  lsc_follow_view_set_hex (view, TRUE);
  g_free (text);
  text = buffer_text (buf);
  g_assert_nonnull (strstr (text, "0000  47 45 54 20 2f 20 48 54  54 50 2f 31 2e 31 0d 0a  GET / HTTP/1.1.."));
  /* The second part of the reply starts where the first ended. */
  const LscFollowChunk *second = lsc_follow_get_chunk (f, 2);
  g_autofree char *off2 = g_strdup_printf ("\n%04" G_GINT64_MODIFIER "x  ", (guint64) second->offset);
  g_assert_nonnull (strstr (text, off2));
  save_pngs (GTK_WIDGET (win), "follow-tcp-hex");
  lsc_follow_view_set_hex (view, FALSE);

  /* One direction: shown and saved alone. */
  lsc_follow_view_set_direction (view, 1);
  g_free (text);
  text = buffer_text (buf);
  g_assert_true (g_str_has_prefix (text, "HTTP/1."));
  g_assert_null (strstr (text, "GET /"));
  g_autofree char *tmp = g_build_filename (g_get_tmp_dir (), "lsc-follow-test.bin", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (tmp);
  g_autoptr (GError) error = NULL;
  for (int dir = 1; dir >= -1; dir -= 2)
    {
      lsc_follow_view_set_direction (view, dir);
      g_assert_true (lsc_follow_view_save_to_file (view, file, &error));
      g_assert_no_error (error);
      g_autofree char *saved = NULL;
      gsize len;
      g_assert_true (g_file_get_contents (tmp, &saved, &len, NULL));
      g_autoptr (GBytes) bytes = lsc_follow_get_bytes (f, dir);
      g_assert_cmpmem (saved, len, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_assert_true (g_str_has_prefix (saved, dir == 1 ? "HTTP/1." : "GET / HTTP/1.1\r\n"));
    }
  g_unlink (tmp);
  gtk_window_destroy (win);
  lsc_conv_free (conv);
}

/* Child widgets anchored in the buffer whose label reads text. */
static guint
count_badges (GtkTextBuffer *buf, const char *text)
{
  guint n = 0;
  GtkTextIter it;
  gtk_text_buffer_get_start_iter (buf, &it);
  do
    {
      GtkTextChildAnchor *a = gtk_text_iter_get_child_anchor (&it);
      if (!a)
        continue;
      guint nw;
      g_autofree GtkWidget **w = gtk_text_child_anchor_get_widgets (a, &nw);
      for (guint i = 0; i < nw; i++)
        n += GTK_IS_LABEL (w[i]) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (w[i])), text) == 0;
    }
  while (gtk_text_iter_forward_char (&it));
  return n;
}

/* The lesson a teacher shows: a request cut inside a word, its second part
 * sent twice, a reply with a segment the capture missed. */
static void
test_follow_lesson (void)
{
  static const LscTestFrame fr[] = {
    { FALSE, SYN, 0, NULL, 0, FALSE },
    { TRUE, SYN | ACK, 0, NULL, 0, FALSE },
    { FALSE, ACK, 1, NULL, 0, FALSE },
    { FALSE, PSH | ACK, 1, "GET /lesson HT", 0, FALSE },
    { FALSE, PSH | ACK, 15, "TP/1.1\r\nHost: lab\r\n\r\n", 0, FALSE },
    { FALSE, PSH | ACK, 15, "TP/1.1\r\nHost: lab\r\n\r\n", 0, FALSE },
    { TRUE, PSH | ACK, 1, "HTTP/1.1 200 OK\r\n\r\nhel", 0, FALSE },
    { TRUE, PSH | ACK, 30, "ld!\n", 0, FALSE },   /* "lo, wor" (23-29) was never captured */
  };
  g_autoptr (LscStore) store = lsc_store_new ();
  for (guint i = 0; i < G_N_ELEMENTS (fr); i++)
    {
      guint caplen, wirelen;
      g_autofree guint8 *data = lsc_test_tcp_frame (&fr[i], &caplen, &wirelen);
      LscPacket pkt = { .ts_ns = 1700000000000000000 + (gint64) i * 1000000, .caplen = caplen, .wirelen = wirelen,
                        .linktype = LSC_LINK_ETHERNET, .data = data };
      lsc_store_append (store, &pkt);
    }
  lsc_store_commit (store);
  g_autoptr (LscConv) conv = lsc_test_analyse (store);
  GtkWindow *win = lsc_follow_window_new (NULL, store, conv, 0);
  gtk_window_set_default_size (win, 1024, 768);
  gtk_window_present (win);
  wait_drawn (GTK_WIDGET (win));
  LscFollowView *view = LSC_FOLLOW_VIEW (lsc_gui_find_widget (GTK_WIDGET (win), LSC_TYPE_FOLLOW_VIEW));
  GtkTextBuffer *buf = lsc_follow_view_get_buffer (view);
  g_autofree char *text = buffer_text (buf);
  /* The word joins up across the cut; the resent part is there once. */
  g_assert_cmpstr (text, ==, "GET /lesson HTTP/1.1\nHost: lab\n\nHTTP/1.1 200 OK\n\nhelld!\n");
  /* One badge per frame that delivered bytes (saying when they were sent
   * more than once), one for the hole. */
  g_assert_cmpuint (count_badges (buf, "#4"), ==, 1);
  g_assert_cmpuint (count_badges (buf, "#5 ×2"), ==, 1);   /* sent twice */
  g_assert_cmpuint (count_badges (buf, "#6"), ==, 0);
  g_autofree char *gap = g_strdup_printf (_("[%s bytes missing]"), "7");   /* in the language the test runs in */
  g_assert_cmpuint (count_badges (buf, gap), ==, 1);
  LscFollow *f = lsc_follow_view_get_follow (view);
  g_assert_cmpuint (lsc_follow_get_totals (f, 0)->repeated, ==, 21);
  g_assert_cmpuint (lsc_follow_get_totals (f, 1)->missing, ==, 7);
  /* The two pieces of the request are shaded apart: the cut inside "HTTP" shows. */
  int cut = (int) strlen ("GET /lesson HT") + 1;   /* + the first badge */
  GtkTextIter before, after;
  gtk_text_buffer_get_iter_at_offset (buf, &before, cut - 1);
  gtk_text_buffer_get_iter_at_offset (buf, &after, cut + 1);
  g_assert_cmpint (gtk_text_iter_get_char (&before), ==, 'T');
  g_assert_cmpint (gtk_text_iter_get_char (&after), ==, 'T');
  g_assert_cmpint (lsc_follow_view_chunk_at (view, cut - 1), !=, lsc_follow_view_chunk_at (view, cut + 1));
  GSList *ta = gtk_text_iter_get_tags (&before), *tb = gtk_text_iter_get_tags (&after);
  g_assert_true (ta && tb && ta->data != tb->data);
  g_slist_free (ta);
  g_slist_free (tb);
  g_assert_cmpint (lsc_follow_view_direction_at (view, cut - 1), ==, 0);
  g_assert_cmpint (lsc_follow_view_direction_at (view, cut + 1), ==, 0);
  save_pngs (GTK_WIDGET (win), "follow-tcp-lesson");
  gtk_window_destroy (win);
}

static void
test_follow_udp (void)
{
  LscConv *conv;
  g_autoptr (LscStore) store = lsc_test_load_capture ("data/captures/dns.pcapng", &conv);
  guint idx = G_MAXUINT;
  for (guint i = 0; i < lsc_conv_count (conv); i++)
    if (lsc_conv_nth (conv, i)->kind == LSC_CONV_UDP)
      idx = i;
  g_assert_cmpuint (idx, !=, G_MAXUINT);
  GtkWidget *view = lsc_follow_view_new ();
  GtkWidget *win = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (win), view);
  gtk_window_set_default_size (GTK_WINDOW (win), 1024, 768);
  lsc_follow_view_set_stream (LSC_FOLLOW_VIEW (view), store, conv, idx);
  gtk_window_present (GTK_WINDOW (win));
  wait_drawn (win);
  g_autofree char *text = buffer_text (lsc_follow_view_get_buffer (LSC_FOLLOW_VIEW (view)));
  g_autofree char *want = expected_text (store, conv, idx);
  g_assert_cmpstr (text, ==, want);
  /* The query and the answer: one datagram each, one chunk each. */
  LscFollow *f = lsc_follow_view_get_follow (LSC_FOLLOW_VIEW (view));
  g_assert_cmpint (lsc_follow_get_kind (f), ==, LSC_CONV_UDP);
  g_assert_cmpuint (lsc_follow_get_n_chunks (f), ==, lsc_conv_nth (conv, idx)->packets[0] + lsc_conv_nth (conv, idx)->packets[1]);
  save_pngs (win, "follow-udp");

  /* Not a TCP or UDP conversation: the view empties. */
  for (guint i = 0; i < lsc_conv_count (conv); i++)
    if (lsc_conv_nth (conv, i)->kind == LSC_CONV_ARP)
      lsc_follow_view_set_stream (LSC_FOLLOW_VIEW (view), store, conv, i);
  g_assert_null (lsc_follow_view_get_follow (LSC_FOLLOW_VIEW (view)));
  g_assert_cmpint (gtk_text_buffer_get_char_count (lsc_follow_view_get_buffer (LSC_FOLLOW_VIEW (view))), ==, 0);
  gtk_window_destroy (GTK_WINDOW (win));
  lsc_conv_free (conv);
}

static void
activated_cb (LscConversations *w, guint index, gint *out)
{
  *out = (gint) index;
}

static void
test_conversations (void)
{
  GtkWidget *conv_w = lsc_conversations_new ();
  GtkWidget *win = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (win), conv_w);
  gtk_window_set_default_size (GTK_WINDOW (win), 1024, 768);
  gtk_window_present (GTK_WINDOW (win));
  LscConversations *self = LSC_CONVERSATIONS (conv_w);
  gint got = -1;
  g_signal_connect (self, "conversation-activated", G_CALLBACK (activated_cb), &got);

  static const char *const captures[] = { "data/captures/classroom.pcapng", "data/captures/ping.pcapng",
                                          "data/captures/arp.pcapng" };
  for (gsize c = 0; c < G_N_ELEMENTS (captures); c++)
    {
      LscConv *conv;
      g_autoptr (LscStore) store = lsc_test_load_capture (captures[c], &conv);
      LscPacket first;
      g_assert_true (lsc_store_get_packet (store, 0, &first));
      lsc_conversations_set_conv (self, conv, first.ts_ns);
      /* Each tab lists that kind's conversations, each once. */
      for (LscConvKind k = LSC_CONV_TCP; k <= LSC_CONV_ARP; k++)
        {
          guint want = 0;
          for (guint i = 0; i < lsc_conv_count (conv); i++)
            want += lsc_conv_nth (conv, i)->kind == k;
          GListModel *rows = G_LIST_MODEL (gtk_column_view_get_model (lsc_conversations_get_view (self, k)));
          g_assert_cmpuint (g_list_model_get_n_items (rows), ==, want);
          for (guint p = 0; p < want; p++)
            {
              gint idx = lsc_conversations_get_index (self, k, p);
              g_assert_cmpint (idx, >=, 0);
              g_assert_cmpint (lsc_conv_nth (conv, (guint) idx)->kind, ==, k);
              /* Double-click / Enter on the row says which conversation. */
              got = -1;
              g_signal_emit_by_name (lsc_conversations_get_view (self, k), "activate", p);
              g_assert_cmpint (got, ==, idx);
            }
        }
      if (c == 1)
        {
          /* Sorting by a column: the ICMP conversations by number, largest first. */
          GtkColumnView *view = lsc_conversations_get_view (self, LSC_CONV_ICMP);
          GtkColumnViewColumn *col = g_list_model_get_item (gtk_column_view_get_columns (view), 0);
          gtk_column_view_sort_by_column (view, col, GTK_SORT_DESCENDING);
          g_object_unref (col);
          guint n = g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view)));
          g_assert_cmpuint (n, >=, 2);
          for (guint p = 1; p < n; p++)
            g_assert_cmpuint (lsc_conv_nth (conv, (guint) lsc_conversations_get_index (self, LSC_CONV_ICMP, p - 1))->id, >,
                              lsc_conv_nth (conv, (guint) lsc_conversations_get_index (self, LSC_CONV_ICMP, p))->id);
          gtk_column_view_sort_by_column (view, NULL, GTK_SORT_ASCENDING);
        }
      if (c == 0)
        {
          wait_drawn (win);
          save_pngs (win, "conversations-tcp");
          lsc_conversations_show_kind (self, LSC_CONV_ICMP);
          save_pngs (win, "conversations-icmp");
          lsc_conversations_show_kind (self, LSC_CONV_TCP);
        }
      lsc_conv_free (conv);
    }
  lsc_conversations_set_conv (self, NULL, 0);
  for (LscConvKind k = LSC_CONV_TCP; k <= LSC_CONV_ARP; k++)
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (lsc_conversations_get_view (self, k)))), ==, 0);
  gtk_window_destroy (GTK_WINDOW (win));
}

int
main (int argc, char **argv)
{
  if (!lsc_gui_test_init (&argc, &argv))
    return 0;
  /* The application loads the style sheets the widgets are drawn with. */
  LscApplication *app = lsc_application_new (G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_test_add_func ("/follow/tcp", test_follow_tcp);
  g_test_add_func ("/follow/lesson", test_follow_lesson);
  g_test_add_func ("/follow/udp", test_follow_udp);
  g_test_add_func ("/conversations/tables", test_conversations);
  int rc = g_test_run ();
  g_object_unref (app);
  return rc;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-gui-test.h — what the in-process GUI tests share: running the main loop */
#pragma once

#include <gtk/gtk.h>
#include <string.h>
#include "lsc-application.h"
#include "lsc-window.h"
#include "core/lsc-i18n.h"

/* The start every GUI test program shares: FALSE, after TAP's skip line,
 * when there is no display; otherwise GSettings in memory, the app's message
 * catalogue (LANGUAGE picks Chinese), the test framework and GTK, without
 * animations or a blinking cursor (a blink drops a window's drawing). */
static inline gboolean
lsc_gui_test_init (int *argc, char ***argv)
{
  if (!g_getenv ("DISPLAY") && !g_getenv ("WAYLAND_DISPLAY"))
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return FALSE;
    }
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  lsc_i18n_init ();
  g_test_init (argc, argv, NULL);
  gtk_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, "gtk-cursor-blink", FALSE, NULL);
  return TRUE;
}

/* The application registered (its style sheets and shortcuts set up) and its
 * main window shown, at width x height when width > 0. */
static inline LscWindow *
lsc_gui_test_window (LscApplication **app, int width, int height)
{
  *app = lsc_application_new (G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (*app), NULL, NULL));
  LscWindow *win = lsc_window_new (GTK_APPLICATION (*app));
  if (width > 0)
    gtk_window_set_default_size (GTK_WINDOW (win), width, height);
  gtk_window_present (GTK_WINDOW (win));
  return win;
}

/* Run the main loop until cond() holds; fail the test after timeout_s. */
static inline void
lsc_gui_wait_for (gboolean (*cond) (void), const char *what, guint timeout_s)
{
  gint64 end = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;
  while (!cond ())
    {
      if (g_get_monotonic_time () > end)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Run the main loop for ms milliseconds (animations, idles, redraws). */
static inline void
lsc_gui_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;
  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* The first widget of that type in w's subtree (w included), or NULL. */
static inline GtkWidget *
lsc_gui_find_widget (GtkWidget *w, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
    return w;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = lsc_gui_find_widget (c, type);
      if (found)
        return found;
    }
  return NULL;
}

/* The first button under w (w included) whose label is label, or NULL. */
static inline GtkWidget *
lsc_gui_find_button (GtkWidget *w, const char *label)
{
  if (GTK_IS_BUTTON (w) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (w)), label) == 0)
    return w;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = lsc_gui_find_button (c, label);
      if (found)
        return found;
    }
  return NULL;
}

/* The decoded tree the window's layer tree shows. */
static inline LscTree *
lsc_gui_shown_tree (LscWindow *win)
{
  GListModel *rows = lsc_layer_tree_get_rows (lsc_window_get_layer_tree (win));
  g_assert_nonnull (rows);
  g_autoptr (GtkTreeListRow) r = g_list_model_get_item (rows, 0);
  g_autoptr (LscLayerItem) item = gtk_tree_list_row_get_item (r);
  return lsc_layer_item_get_decoded (item)->tree;
}

/* The first label under w whose text is text (exact) or holds it (!exact). */
static inline GtkWidget *
lsc_gui_find_label (GtkWidget *w, const char *text, gboolean exact)
{
  if (GTK_IS_LABEL (w))
    {
      const char *t = gtk_label_get_text (GTK_LABEL (w));
      if (exact ? g_str_equal (t, text) : strstr (t, text) != NULL)
        return w;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = lsc_gui_find_label (c, text, exact);
      if (found)
        return found;
    }
  return NULL;
}

/* The first widget under w (w included) named name (gtk_widget_set_name), or NULL. */
static inline GtkWidget *
lsc_gui_find_named (GtkWidget *w, const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (w), name) == 0)
    return w;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = lsc_gui_find_named (c, name);
      if (found)
        return found;
    }
  return NULL;
}

/* The window has a capture, fully loaded and analysed. */
static inline gboolean
lsc_gui_window_settled (LscWindow *win)
{
  return !lsc_window_is_loading (win) && !lsc_window_is_analysing (win)
         && g_list_model_get_n_items (G_LIST_MODEL (lsc_window_get_store (win))) > 0;
}

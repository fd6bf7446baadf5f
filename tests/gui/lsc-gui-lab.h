/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-gui-lab.h — what the lab GUI tests share: the drawing's layout holds */
#pragma once

#include "lsc-lab-view.h"

static inline gboolean
lsc_gui_rects_overlap (const graphene_rect_t *a, const graphene_rect_t *b)
{
  return a->origin.x < b->origin.x + b->size.width && b->origin.x < a->origin.x + a->size.width &&
         a->origin.y < b->origin.y + b->size.height && b->origin.y < a->origin.y + a->size.height;
}

/* The classroom lab as drawn at the view's present size: every box inside
 * the drawing and apart from the others, readable (not scaled below half),
 * h1 and h2 on one side of the router r1, h3 on the other. */
static inline void
lsc_gui_check_lab_layout (LscLabView *v)
{
  GtkWidget *w = GTK_WIDGET (v);
  g_assert_true (gtk_widget_get_mapped (w));
  const char *hosts[] = { "h1", "h2", "h3", "r1" };
  graphene_rect_t r[4];
  for (guint i = 0; i < 4; i++)
    {
      g_assert_true (lsc_lab_view_get_box (v, hosts[i], &r[i]));
      g_assert_cmpfloat (r[i].origin.x, >=, 0);
      g_assert_cmpfloat (r[i].origin.y, >=, 0);
      g_assert_cmpfloat (r[i].origin.x + r[i].size.width, <=, gtk_widget_get_width (w) + 0.5);
      g_assert_cmpfloat (r[i].origin.y + r[i].size.height, <=, gtk_widget_get_height (w) + 0.5);
      g_assert_cmpfloat (r[i].size.height, >=, 20);
      for (guint k = 0; k < i; k++)
        g_assert_false (lsc_gui_rects_overlap (&r[i], &r[k]));
    }
  g_assert_cmpfloat (r[0].origin.x + r[0].size.width, <, r[3].origin.x);
  g_assert_cmpfloat (r[1].origin.x + r[1].size.width, <, r[3].origin.x);
  g_assert_cmpfloat (r[3].origin.x + r[3].size.width, <, r[2].origin.x);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-layer-colors.c — the layer palette */
#include "lsc-layer-colors.h"
#include "core/lsc-layers.h"

#include <glib/gi18n.h>

/* GNOME palette tones light enough for dark text in both themes. */
static const char *const palette[] = {
  "#c0bfbc",  /* no layer: padding */
  "#deddda",  /* 1 physical */
  "#99c1f1",  /* 2 data link */
  "#8ff0a4",  /* 3 network */
  "#f9f06b",  /* 4 transport */
  "#ffbe6f",  /* 5 session */
  "#f6a6a0",  /* 6 presentation */
  "#dc8add",  /* 7 application */
};

void
lsc_layer_color (guint osi, GdkRGBA *out)
{
  gdk_rgba_parse (out, palette[osi < G_N_ELEMENTS (palette) ? osi : 0]);
}

guint
lsc_layer_osi_of_node (const LscTree *t, gint32 idx)
{
  gint32 top = lsc_tree_top_of (t, idx);
  const LscNode *n = lsc_tree_node (t, top);
  if (!n || !n->field)
    return 0;
  /* The OSI model's layer number is the node's OSI layer (a ping's payload
   * is placed in the network layer by its node, not by its field). */
  return lsc_model_layer_of_node (LSC_MODEL_OSI, n);
}

const char *
lsc_layer_css_class (guint osi)
{
  static const char *const classes[] = {
    "layer-osi-0", "layer-osi-1", "layer-osi-2", "layer-osi-3",
    "layer-osi-4", "layer-osi-5", "layer-osi-6", "layer-osi-7",
  };
  return classes[osi < G_N_ELEMENTS (classes) ? osi : 0];
}

void
lsc_end_color (gboolean server, gboolean dark, GdkRGBA *out)
{
  static const char *const tones[2][2] = { { "#1c71d8", "#78aeed" }, { "#c64600", "#ffa348" } };
  gdk_rgba_parse (out, tones[server ? 1 : 0][dark ? 1 : 0]);
}

void
lsc_widget_get_fg (GtkWidget *w, GdkRGBA *out)
{
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (w), out);
G_GNUC_END_IGNORE_DEPRECATIONS
}

void
lsc_widget_unparent_children (GtkWidget *w)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (w)))
    gtk_widget_unparent (child);
}

gboolean
lsc_widget_save_png (GtkWidget *w, const char *path, GError **error)
{
  int width = gtk_widget_get_width (w), height = gtk_widget_get_height (w);
  GtkNative *native = gtk_widget_get_native (w);
  if (width <= 0 || height <= 0 || !native)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The window is not on screen yet"));
      return FALSE;
    }
  g_autoptr (GdkPaintable) p = gtk_widget_paintable_new (w);
  GtkSnapshot *snap = gtk_snapshot_new ();
  gdk_paintable_snapshot (p, snap, width, height);
  GskRenderNode *node = gtk_snapshot_free_to_node (snap);
  if (!node)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The window drew nothing"));
      return FALSE;
    }
  GdkTexture *tex = gsk_renderer_render_texture (gtk_native_get_renderer (native), node,
                                                 &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  gboolean ok = gdk_texture_save_to_png (tex, path);
  g_object_unref (tex);
  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write %s"), path);
  return ok;
}

GtkWidget *
lsc_context_menu_new (GtkWidget *parent, GtkWidget *target, const char *const *items, GCallback pressed,
                      gpointer data)
{
  g_autoptr (GMenu) menu = g_menu_new ();
  g_autoptr (GMenu) section = g_menu_new ();
  for (const char *const *i = items; ; i += 2)
    {
      if (!i[0])
        {
          g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
          g_clear_object (&section);
          if (!i[1])
            break;
          section = g_menu_new ();
          i--;   /* a single NULL ends the section */
          continue;
        }
      g_menu_append (section, _(i[0]), i[1]);
    }
  GtkWidget *pop = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_popover_set_has_arrow (GTK_POPOVER (pop), FALSE);
  gtk_widget_set_halign (pop, GTK_ALIGN_START);
  gtk_widget_set_parent (pop, parent);
  GtkGesture *right = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (right), GDK_BUTTON_SECONDARY);
  g_signal_connect (right, "pressed", pressed, data);
  gtk_widget_add_controller (target, GTK_EVENT_CONTROLLER (right));
  return pop;
}

void
lsc_context_menu_popup (GtkWidget *menu, GtkWidget *from, double x, double y)
{
  double tx = x, ty = y;
  gtk_widget_translate_coordinates (from, gtk_widget_get_parent (menu), x, y, &tx, &ty);
  gtk_popover_set_pointing_to (GTK_POPOVER (menu), &(GdkRectangle) { (int) tx, (int) ty, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (menu));
  /* The menu is its parent's child: it is placed here, as a layout manager
   * does not allocate popovers. */
  gtk_popover_present (GTK_POPOVER (menu));
}

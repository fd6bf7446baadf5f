/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-anatomy-bar.c — frame anatomy: headers, payload and padding to scale
 *
 * Byte counts are drawn to scale against Ethernet's size rules (64 bytes
 * minimum and 1518 maximum, both counting the 4-byte FCS the network card
 * strips before the capture sees the frame), so a learner sees at once why a
 * short ARP frame carries padding and how little of a full frame is header.
 */
#include "lsc-anatomy-bar.h"
#include "lsc-layer-colors.h"

#include <glib/gi18n.h>

#define MIN_SEG_PX 34.0
#define BAR_H 30.0

typedef struct {
  char *label;
  guint bytes;
  guint osi;
  gint32 node;       /* -1: not a tree node (FCS, uncaptured) */
  gboolean ghost;    /* not in the capture: drawn outlined */
  double x, w;       /* laid out at snapshot time */
} Segment;

struct _LscAnatomyBar {
  GtkWidget parent_instance;
  LscDecoded *decoded;
  GArray *segs;      /* Segment */
  char *text;
  guint total;       /* bytes the bar spans */
  gboolean ethernet;
  gint32 selected_top;
};

G_DEFINE_FINAL_TYPE (LscAnatomyBar, lsc_anatomy_bar, GTK_TYPE_WIDGET)

enum { SIG_NODE_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
segment_clear (gpointer p)
{
  g_free (((Segment *) p)->label);
}

static void
add_seg (LscAnatomyBar *self, const char *label, guint bytes, guint osi, gint32 node, gboolean ghost)
{
  Segment s = { g_strdup (label), bytes, osi, node, ghost, 0, 0 };
  g_array_append_val (self->segs, s);
}

static void
rebuild (LscAnatomyBar *self)
{
  g_array_set_size (self->segs, 0);
  g_clear_pointer (&self->text, g_free);
  self->total = 0;
  self->ethernet = FALSE;
  if (!self->decoded)
    return;
  const LscTree *t = self->decoded->tree;
  const LscPacket *p = lsc_tree_packet (t);
  self->ethernet = p->linktype == LSC_LINK_ETHERNET;
  guint covered = 0;
  for (gint32 i = lsc_tree_first_top (t); i >= 0; i = lsc_tree_node (t, i)->next)
    {
      const LscNode *n = lsc_tree_node (t, i);
      /* Headers decoded from a reassembled datagram or message have no bytes here. */
      if (!n->field || n->field->type != LSC_FT_PROTOCOL || g_str_equal (n->field->id, "frame") ||
          (n->flags & LSC_NODE_REASSEMBLED))
        continue;
      const char *name = n->field->short_name ? n->field->short_name : n->field->name;
      if (g_str_equal (n->field->id, "data"))
        name = _("data");
      guint32 bytes = lsc_tree_top_extent (t, i);
      add_seg (self, name, bytes, lsc_layer_osi_of_node (t, i), i, FALSE);
      covered += bytes;
    }
  gint32 pad = lsc_tree_find (t, "eth.padding");
  guint padding = pad >= 0 ? lsc_tree_node (t, pad)->length : 0;
  /* A padding box is drawn when there is padding, or when the frame is under
   * Ethernet's minimum so the network card will add it (a frame captured on
   * its sending host); "0" on every other frame said nothing. */
  if (padding || (self->ethernet && p->wirelen + 4 < 64))
    add_seg (self, _("padding"), padding, 0, pad, FALSE);
  covered += padding;
  /* The bytes a fragment or segment brings to a datagram or message that
   * is decoded from all of its parts (in this frame or a later one). */
  const LscPinfo *pi = lsc_tree_pinfo_const (t);
  guint32 part = pi->frag_family && lsc_tree_reassembled (t, NULL) ? pi->frag_len
                 : pi->tcp_pdu_part || (lsc_tree_reassembled (t, NULL) && !pi->frag_family) ? pi->tcp_pdu_caplen : 0;
  if (part && covered < p->caplen)
    {
      part = MIN (part, p->caplen - covered);
      add_seg (self, pi->frag_family ? _("fragment data") : _("segment data"), part, 0, -1, FALSE);
      covered += part;
    }
  if (p->caplen < p->wirelen)
    add_seg (self, _("not captured"), p->wirelen - p->caplen, 0, -1, TRUE);
  else if (covered < p->caplen)
    add_seg (self, _("trailer"), p->caplen - covered, 0, -1, FALSE);
  if (self->ethernet)
    add_seg (self, _("FCS"), 4, 0, -1, TRUE);

  GString *s = g_string_new (NULL);
  for (guint k = 0; k < self->segs->len; k++)
    {
      Segment *sg = &g_array_index (self->segs, Segment, k);
      g_string_append_printf (s, "%s%s %u%s", k ? " | " : "", sg->label, sg->bytes,
                              sg->node < 0 && sg->ghost && self->ethernet && k == self->segs->len - 1 ? _(" (not captured)") : "");
      self->total += sg->bytes;
    }
  if (self->ethernet)
    {
      guint with_fcs = p->wirelen + 4;
      g_string_append_printf (s, _(" — %u bytes with FCS: %s 64 minimum, %s 1518 maximum"), with_fcs,
                              with_fcs >= 64 ? "≥" : _("below the"), with_fcs <= 1518 ? "≤" : _("above the"));
    }
  self->text = g_string_free (s, FALSE);
  if (self->ethernet)
    self->total = MAX (self->total, 64);
}

const char *
lsc_anatomy_bar_get_text (LscAnatomyBar *self)
{
  return self->text ? self->text : "";
}

/* Widths: to scale, except that tiny segments get a readable minimum taken from the rest. */
static void
layout_segments (LscAnatomyBar *self, double width)
{
  guint n = self->segs->len;
  if (!n || !self->total)
    return;
  double big_bytes = 0, small_px = 0;
  for (guint k = 0; k < n; k++)
    {
      Segment *sg = &g_array_index (self->segs, Segment, k);
      if (sg->bytes * width / self->total < MIN_SEG_PX)
        small_px += MIN_SEG_PX;
      else
        big_bytes += sg->bytes;
    }
  double scale = big_bytes > 0 ? MAX (0.0, width - small_px) / big_bytes : 0;
  double x = 0;
  for (guint k = 0; k < n; k++)
    {
      Segment *sg = &g_array_index (self->segs, Segment, k);
      sg->x = x;
      sg->w = sg->bytes * width / self->total < MIN_SEG_PX ? MIN_SEG_PX : sg->bytes * scale;
      x += sg->w;
    }
}

/* x position where the frame reaches byte count b. */
static double
x_of_bytes (LscAnatomyBar *self, guint b)
{
  guint acc = 0;
  for (guint k = 0; k < self->segs->len; k++)
    {
      Segment *sg = &g_array_index (self->segs, Segment, k);
      if (b <= acc + sg->bytes)
        return sg->x + (sg->bytes ? sg->w * (b - acc) / sg->bytes : 0);
      acc += sg->bytes;
    }
  Segment *last = &g_array_index (self->segs, Segment, self->segs->len - 1);
  double end = last->x + last->w, per = self->total ? (gtk_widget_get_width (GTK_WIDGET (self)) - end) / (double) (self->total - acc + 1) : 0;
  return end + per * (b - acc);
}

gint32
lsc_anatomy_bar_node_at (LscAnatomyBar *self, double x)
{
  layout_segments (self, gtk_widget_get_width (GTK_WIDGET (self)));
  for (guint k = 0; k < self->segs->len; k++)
    {
      Segment *sg = &g_array_index (self->segs, Segment, k);
      if (x >= sg->x && x < sg->x + sg->w)
        return sg->node;
    }
  return -1;
}

static void
draw_text (GtkWidget *widget, GtkSnapshot *snapshot, const char *text, double x, double y,
           double max_w, const GdkRGBA *color, gboolean center)
{
  PangoLayout *l = gtk_widget_create_pango_layout (widget, text);
  int tw, th;
  pango_layout_get_pixel_size (l, &tw, &th);
  if (tw > max_w)
    {
      g_object_unref (l);
      return;
    }
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) (center ? x + (max_w - tw) / 2 : x), (float) (y - th / 2.0)));
  gtk_snapshot_append_layout (snapshot, l, color);
  gtk_snapshot_restore (snapshot);
  g_object_unref (l);
}

static void
lsc_anatomy_bar_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  LscAnatomyBar *self = LSC_ANATOMY_BAR (widget);
  double width = gtk_widget_get_width (widget);
  GdkRGBA fg, ink;
  lsc_widget_get_fg (widget, &fg);
  gdk_rgba_parse (&ink, "#241f31");
  if (!self->segs->len)
    return;
  layout_segments (self, width);

  for (guint k = 0; k < self->segs->len; k++)
    {
      Segment *sg = &g_array_index (self->segs, Segment, k);
      graphene_rect_t r = GRAPHENE_RECT_INIT ((float) sg->x + 1, 2, (float) sg->w - 2, BAR_H);
      GdkRGBA c;
      lsc_layer_color (sg->osi, &c);
      gboolean sel = sg->node >= 0 && sg->node == self->selected_top;
      GskRoundedRect rr;
      gsk_rounded_rect_init_from_rect (&rr, &r, 3);
      if (sg->ghost)
        {
          float bw[4] = { 1, 1, 1, 1 };
          GdkRGBA d = fg;
          d.alpha *= 0.6f;
          GdkRGBA cs[4] = { d, d, d, d };
          gtk_snapshot_append_border (snapshot, &rr, bw, cs);
        }
      else
        {
          gtk_snapshot_push_rounded_clip (snapshot, &rr);
          gtk_snapshot_append_color (snapshot, &c, &r);
          gtk_snapshot_pop (snapshot);
        }
      if (sel)
        {
          float bw[4] = { 2.5f, 2.5f, 2.5f, 2.5f };
          GdkRGBA cs[4] = { fg, fg, fg, fg };
          gtk_snapshot_append_border (snapshot, &rr, bw, cs);
        }
      g_autofree char *full = g_strdup_printf ("%s %u", sg->label, sg->bytes);
      g_autofree char *num = g_strdup_printf ("%u", sg->bytes);
      const GdkRGBA *tc = sg->ghost ? &fg : &ink;
      PangoLayout *probe = gtk_widget_create_pango_layout (widget, full);
      int tw, th;
      pango_layout_get_pixel_size (probe, &tw, &th);
      g_object_unref (probe);
      draw_text (widget, snapshot, tw + 6 <= sg->w ? full : num, sg->x, 2 + BAR_H / 2, sg->w, tc, TRUE);
    }

  /* Ethernet's size rules as marks under the bar. */
  if (self->ethernet)
    {
      GdkRGBA mark = fg;
      mark.alpha *= 0.8f;
      struct { guint bytes; const char *label; } rules[] = { { 64, _("64 min") }, { 1518, _("1518 max") } };
      for (guint k = 0; k < G_N_ELEMENTS (rules); k++)
        {
          if (rules[k].bytes > self->total)
            continue;
          double x = MIN (x_of_bytes (self, rules[k].bytes), width - 1.5);
          for (double y = 0; y < BAR_H + 8; y += 6)
            gtk_snapshot_append_color (snapshot, &mark, &GRAPHENE_RECT_INIT ((float) x - 0.75f, (float) y, 1.5f, 3.5f));
          PangoLayout *l = gtk_widget_create_pango_layout (widget, rules[k].label);
          int tw, th;
          pango_layout_get_pixel_size (l, &tw, &th);
          g_object_unref (l);
          draw_text (widget, snapshot, rules[k].label, CLAMP (x - tw / 2.0, 0, width - tw), BAR_H + 14, tw + 1, &fg, FALSE);
        }
    }

  /* The byte counts in words, for reading rather than measuring. */
  GdkRGBA dim = fg;
  dim.alpha *= 0.7f;
  PangoLayout *cap = gtk_widget_create_pango_layout (widget, lsc_anatomy_bar_get_text (self));
  pango_layout_set_width (cap, (int) (width * PANGO_SCALE));
  pango_layout_set_ellipsize (cap, PANGO_ELLIPSIZE_END);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, BAR_H + 24));
  gtk_snapshot_append_layout (snapshot, cap, &dim);
  gtk_snapshot_restore (snapshot);
  g_object_unref (cap);
}

static void
lsc_anatomy_bar_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                         int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 600;
    }
  else
    *minimum = *natural = (int) BAR_H + 44;
}

static void
pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, LscAnatomyBar *self)
{
  gint32 node = lsc_anatomy_bar_node_at (self, x);
  if (node >= 0)
    g_signal_emit (self, signals[SIG_NODE_ACTIVATED], 0, node);
}

static gboolean
query_tooltip_cb (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip, LscAnatomyBar *self)
{
  if (!self->text)
    return FALSE;
  gtk_tooltip_set_text (tooltip, self->text);
  return TRUE;
}

void
lsc_anatomy_bar_set_decoded (LscAnatomyBar *self, LscDecoded *d)
{
  g_return_if_fail (LSC_IS_ANATOMY_BAR (self));
  if (d)
    lsc_decoded_ref (d);
  g_clear_pointer (&self->decoded, lsc_decoded_unref);
  self->decoded = d;
  self->selected_top = -1;
  rebuild (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  lsc_anatomy_bar_get_text (self), -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
lsc_anatomy_bar_set_selected (LscAnatomyBar *self, gint32 idx)
{
  gint32 top = -1;
  if (self->decoded && idx >= 0)
    {
      const LscTree *t = self->decoded->tree;
      gint32 pad = lsc_tree_find (t, "eth.padding");
      top = idx == pad ? pad : lsc_tree_top_of (t, idx);
    }
  if (top != self->selected_top)
    {
      self->selected_top = top;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
lsc_anatomy_bar_dispose (GObject *object)
{
  LscAnatomyBar *self = LSC_ANATOMY_BAR (object);
  g_clear_pointer (&self->decoded, lsc_decoded_unref);
  g_clear_pointer (&self->segs, g_array_unref);
  g_clear_pointer (&self->text, g_free);
  G_OBJECT_CLASS (lsc_anatomy_bar_parent_class)->dispose (object);
}

static void
lsc_anatomy_bar_class_init (LscAnatomyBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = lsc_anatomy_bar_dispose;
  widget_class->snapshot = lsc_anatomy_bar_snapshot;
  widget_class->measure = lsc_anatomy_bar_measure;
  signals[SIG_NODE_ACTIVATED] = g_signal_new ("node-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                              0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/layerscope/Layerscope/ui/lsc-anatomy-bar.ui");
  gtk_widget_class_set_css_name (widget_class, "anatomybar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lsc_anatomy_bar_init (LscAnatomyBar *self)
{
  self->segs = g_array_new (FALSE, TRUE, sizeof (Segment));
  g_array_set_clear_func (self->segs, segment_clear);
  self->selected_top = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  GtkGesture *click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
}

GtkWidget *
lsc_anatomy_bar_new (void)
{
  return g_object_new (LSC_TYPE_ANATOMY_BAR, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-flow-view.c — the ladder (flow) diagram of one conversation */
#include "lsc-config.h"
#include "lsc-flow-view.h"
#include "lsc-layer-colors.h"

#include <adwaita.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <math.h>

#define HEAD_H 64.0     /* addresses and the initial states */
#define ROW_H 50.0      /* one arrow */
#define BAND_H 26.0     /* a phase's name */
#define STATE_W_MAX 128.0 /* a state beside a lifeline */
#define EXPORT_MAX 5000

typedef enum { ITEM_PHASE, ITEM_ENTRY } ItemKind;

typedef struct {
  guint8 kind;
  guint index;          /* phase or entry index */
  double y;             /* top, in content coordinates */
} Item;

struct _LscFlowView {
  GtkWidget parent_instance;
  GtkAdjustment *hadj, *vadj;
  guint hpolicy, vpolicy;

  LscLadder *ladder;
  gint64 base_ns;
  GArray *items;        /* Item, in drawing order */
  double content_h;
  guint64 selected;
  guint64 reveal;       /* draw entries with frame <= reveal */
  guint64 scroll_pending; /* a frame to bring into view once the view has a size */
  guint exported;         /* arrows the last export wrote */
  double zoom;            /* pixels per drawing unit (projector mode); layout is in units */
  char *placeholder;
  LscFlowNoteFunc note_func;
  gpointer note_data;
  GDestroyNotify note_destroy;
};

enum { PROP_0, PROP_HADJ, PROP_VADJ, PROP_HPOLICY, PROP_VPOLICY };
enum { SIG_FRAME_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE_WITH_CODE (LscFlowView, lsc_flow_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

/* ---- colours ---- */

typedef struct {
  GdkRGBA fg, dim, bg, lifeline, client, server, select, warn, err;
  GdkRGBA band[LSC_PHASE_LAST];
} Theme;

static void
rgba (GdkRGBA *c, const char *spec)
{
  gdk_rgba_parse (c, spec);
}

static void
theme_init (Theme *t, gboolean dark)
{
  rgba (&t->fg, dark ? "#f0f0f0" : "#1e1e1e");
  rgba (&t->dim, dark ? "#b0b0b0" : "#5e5c64");
  rgba (&t->bg, dark ? "#1e1e1e" : "#ffffff");
  rgba (&t->lifeline, dark ? "#77767b" : "#9a9996");
  lsc_end_color (FALSE, dark, &t->client);
  lsc_end_color (TRUE, dark, &t->server);
  rgba (&t->select, dark ? "rgba(120,174,237,0.28)" : "rgba(28,113,216,0.16)");
  rgba (&t->warn, dark ? "#f8e45c" : "#9c6e03");
  rgba (&t->err, dark ? "#ff7b63" : "#c01c28");
  const char *open = dark ? "rgba(87,227,137,0.14)" : "rgba(46,194,126,0.13)";
  const char *data = dark ? "rgba(153,193,241,0.10)" : "rgba(53,132,228,0.07)";
  const char *close = dark ? "rgba(255,163,72,0.14)" : "rgba(255,120,0,0.12)";
  const char *abort = dark ? "rgba(246,97,81,0.16)" : "rgba(224,27,36,0.10)";
  for (guint k = 0; k < LSC_PHASE_LAST; k++)
    rgba (&t->band[k], data);
  rgba (&t->band[LSC_PHASE_HANDSHAKE], open);
  rgba (&t->band[LSC_PHASE_SIM_OPEN], open);
  rgba (&t->band[LSC_PHASE_TEARDOWN], close);
  rgba (&t->band[LSC_PHASE_CLOSE3], close);
  rgba (&t->band[LSC_PHASE_SIM_CLOSE], close);
  rgba (&t->band[LSC_PHASE_HALF_CLOSE], close);
  rgba (&t->band[LSC_PHASE_ABORT], abort);
  rgba (&t->band[LSC_PHASE_REFUSED], abort);
}

static void
set_color (cairo_t *cr, const GdkRGBA *c)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha);
}

/* ---- layout ---- */

static void
rebuild_items (LscFlowView *self)
{
  g_array_set_size (self->items, 0);
  double y = HEAD_H;
  if (self->ladder)
    for (guint i = 0; i < lsc_ladder_n_entries (self->ladder); i++)
      {
        const LscLadderEntry *e = lsc_ladder_entry (self->ladder, i);
        if (e->frame > self->reveal)
          break;
        if (lsc_ladder_phase (self->ladder, e->phase)->first == i)
          {
            Item band = { ITEM_PHASE, e->phase, y };
            g_array_append_val (self->items, band);
            y += BAND_H;
          }
        Item it = { ITEM_ENTRY, i, y };
        g_array_append_val (self->items, it);
        y += ROW_H;
      }
  self->content_h = y + 16;
}

/* First item whose bottom is below y (binary search over the tops). */
static guint
item_at_y (LscFlowView *self, double y)
{
  guint lo = 0, hi = self->items->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const Item *it = &g_array_index (self->items, Item, mid);
      double h = it->kind == ITEM_PHASE ? BAND_H : ROW_H;
      if (it->y + h <= y)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

typedef struct {
  double width;
  double time_w, state_w;
  double xa, xb;        /* the lifelines */
} Geometry;

/* Narrow panels give the arrows most of the width; the columns beside the
 * lifelines shrink first. */
static void
geometry (double width, Geometry *g)
{
  g->width = width;
  /* The frame number and time share the left margin with the client's
   * state: they are written on a row's first line, the state on its last. */
  g->state_w = CLAMP (width * 0.2, 122, STATE_W_MAX + 20);
  g->time_w = g->state_w;
  g->xa = g->state_w;
  g->xb = MAX (g->xa + 120, width - g->state_w);
}

/* ---- drawing (widget and export) ---- */

static PangoLayout *
text_layout (cairo_t *cr, PangoFontDescription *font, const char *text)
{
  PangoLayout *l = pango_cairo_create_layout (cr);
  pango_layout_set_font_description (l, font);
  pango_layout_set_text (l, text, -1);
  return l;
}

/* Text at (x, y) top; align 0 left, 0.5 centre, 1 right of x; cut to max_w. */
static void
draw_text (cairo_t *cr, PangoFontDescription *font, const char *text, double x, double y, double align,
           double max_w, const GdkRGBA *c)
{
  g_autoptr (PangoLayout) l = text_layout (cr, font, text);
  if (max_w > 0)
    {
      pango_layout_set_width (l, (int) (max_w * PANGO_SCALE));
      pango_layout_set_ellipsize (l, PANGO_ELLIPSIZE_END);
    }
  int w, h;
  pango_layout_get_pixel_size (l, &w, &h);
  set_color (cr, c);
  cairo_move_to (cr, x - align * w, y);
  pango_cairo_show_layout (cr, l);
}

static void
draw_arrow (cairo_t *cr, double x0, double y0, double x1, double y1, gboolean dashed, double lw)
{
  cairo_save (cr);
  cairo_set_line_width (cr, lw);
  if (dashed)
    {
      static const double dash[] = { 6, 4 };
      cairo_set_dash (cr, dash, 2, 0);
    }
  double ang = atan2 (y1 - y0, x1 - x0), head = 10;
  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, x1 - cos (ang) * head * 0.6, y1 - sin (ang) * head * 0.6);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_move_to (cr, x1, y1);
  cairo_line_to (cr, x1 - head * cos (ang - 0.42), y1 - head * sin (ang - 0.42));
  cairo_line_to (cr, x1 - head * cos (ang + 0.42), y1 - head * sin (ang + 0.42));
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_restore (cr);
}

typedef struct {
  cairo_t *cr;
  Theme theme;
  Geometry g;
  PangoFontDescription *font, *small, *bold;
} Painter;

static void
painter_init (Painter *p, cairo_t *cr, gboolean dark, double width)
{
  p->cr = cr;
  theme_init (&p->theme, dark);
  geometry (width, &p->g);
  p->font = pango_font_description_from_string ("Sans 10.5");
  p->small = pango_font_description_from_string ("Sans 9");
  p->bold = pango_font_description_from_string ("Sans Bold 9.5");
}

static void
painter_clear (Painter *p)
{
  pango_font_description_free (p->font);
  pango_font_description_free (p->small);
  pango_font_description_free (p->bold);
}

/* Centred over the arrow when it fits between the lifelines, else (may_move)
 * moved right as far as needed; cut at the view's edge or, on the line level
 * with the states, at the server's lifeline (the tooltip has it whole). */
static void
draw_label (Painter *p, PangoFontDescription *font, const char *text, double y, const GdkRGBA *c, gboolean may_move)
{
  g_autoptr (PangoLayout) l = text_layout (p->cr, font, text);
  int w, h;
  pango_layout_get_pixel_size (l, &w, &h);
  double lo = p->g.xa + 6, hi = may_move ? p->g.width - 6 : p->g.xb - 6;
  double x = (p->g.xa + p->g.xb) / 2 - w / 2.0;
  if (x + w > hi)
    x = hi - w;
  if (x < lo)
    x = lo;
  draw_text (p->cr, font, text, x, y, 0, hi - x, c);
}

/* Centred over a lifeline, but kept in its own half of the view so the
 * client's and the server's texts never run into each other. */
static void
draw_over_lifeline (Painter *p, PangoFontDescription *font, const char *text, double x, gboolean right_half,
                    double y, const GdkRGBA *c)
{
  g_autoptr (PangoLayout) l = text_layout (p->cr, font, text);
  int w, h;
  pango_layout_get_pixel_size (l, &w, &h);
  double half = p->g.width / 2 - 8;
  double tw = MIN (w, half);
  double lo = right_half ? p->g.width / 2 + 4 : 4, hi = right_half ? p->g.width - 4 : p->g.width / 2 - 4;
  double left = CLAMP (x - tw / 2, lo, MAX (lo, hi - tw));
  draw_text (p->cr, font, text, left, y, 0, half, c);
}

static const char *
end_name (const LscConvInfo *ci, gboolean b)
{
  switch (ci->kind)
    {
    case LSC_CONV_TCP: return b ? _("Server (B)") : _("Client (A)");
    case LSC_CONV_ICMP: return b ? _("Target (B)") : _("Pinger (A)");
    case LSC_CONV_ARP: return b ? _("Asked for (B)") : _("Asker (A)");
    default: return b ? _("End B") : _("End A");
    }
}

static void
paint_head (LscFlowView *self, Painter *p, double y)
{
  cairo_t *cr = p->cr;
  const LscConvInfo *ci = lsc_ladder_info (self->ladder);
  char a[80], b[80];
  lsc_conv_format_endpoint (ci, FALSE, a, sizeof a);
  lsc_conv_format_endpoint (ci, TRUE, b, sizeof b);
  draw_over_lifeline (p, p->bold, end_name (ci, FALSE), p->g.xa, FALSE, y + 4, &p->theme.client);
  draw_over_lifeline (p, p->font, a, p->g.xa, FALSE, y + 21, &p->theme.fg);
  draw_over_lifeline (p, p->bold, end_name (ci, TRUE), p->g.xb, TRUE, y + 4, &p->theme.server);
  draw_over_lifeline (p, p->font, b, p->g.xb, TRUE, y + 21, &p->theme.fg);
  LscTcpState sa, sb;
  lsc_ladder_initial_states (self->ladder, &sa, &sb);
  if (ci->kind == LSC_CONV_TCP)
    {
      draw_text (cr, p->bold, lsc_tcp_state_name (sa), p->g.xa - 8, y + 42, 1, p->g.state_w - 6, &p->theme.client);
      draw_text (cr, p->bold, lsc_tcp_state_name (sb), p->g.xb + 8, y + 42, 0, p->g.state_w - 6, &p->theme.server);
    }
}

static void
paint_band (LscFlowView *self, Painter *p, const Item *it, double y)
{
  cairo_t *cr = p->cr;
  const LscLadderSpan *s = lsc_ladder_phase (self->ladder, it->index);
  /* The tint runs under the whole phase; its rows paint over the same colour. */
  set_color (cr, &p->theme.band[s->kind]);
  cairo_rectangle (cr, 0, y + 2, p->g.width, BAND_H - 2);
  cairo_fill (cr);
  /* While playing, only the arrows shown so far count. */
  guint shown = 0;
  for (guint i = s->first; i <= s->last && lsc_ladder_entry (self->ladder, i)->frame <= self->reveal; i++)
    shown++;
  g_autofree char *name = g_strdup_printf ("%s (%u)", lsc_ladder_phase_name (s->kind), shown);
  draw_text (cr, p->bold, name, p->g.width / 2, y + 6, 0.5, p->g.width - 12, &p->theme.fg);
}

static void
paint_entry (LscFlowView *self, Painter *p, const Item *it, double y, GString *buf)
{
  cairo_t *cr = p->cr;
  const LscLadderEntry *e = lsc_ladder_entry (self->ladder, it->index);
  const LscLadderSpan *s = lsc_ladder_phase (self->ladder, e->phase);
  const LscConvInfo *ci = lsc_ladder_info (self->ladder);
  set_color (cr, &p->theme.band[s->kind]);
  cairo_rectangle (cr, 0, y, p->g.width, ROW_H);
  cairo_fill (cr);
  if (e->frame == self->selected)
    {
      set_color (cr, &p->theme.select);
      cairo_rectangle (cr, 0, y, p->g.width, ROW_H);
      cairo_fill (cr);
    }

  /* Frame number and time since the first packet. */
  char num[32], when[32];
  g_snprintf (num, sizeof num, "#%" G_GUINT64_FORMAT, e->frame);
  g_snprintf (when, sizeof when, "%.6f", (double) (e->ts_ns - self->base_ns) / 1e9);
  g_autoptr (PangoLayout) nl = text_layout (cr, p->bold, num);
  int nw, nh;
  pango_layout_get_pixel_size (nl, &nw, &nh);
  draw_text (cr, p->bold, num, 6, y + 4, 0, 0, &p->theme.fg);
  draw_text (cr, p->small, when, 12 + nw, y + 5.5, 0, MAX (10, p->g.xa - 18 - nw), &p->theme.dim);

  /* States, written where they change. */
  if (ci->kind == LSC_CONV_TCP)
    {
      if (e->after_a != e->before_a)
        draw_text (cr, p->bold, lsc_tcp_state_name (e->after_a), p->g.xa - 8, y + ROW_H - 20, 1, p->g.state_w - 6,
                   &p->theme.client);
      if (e->after_b != e->before_b)
        draw_text (cr, p->bold, lsc_tcp_state_name (e->after_b), p->g.xb + 8, y + ROW_H - 20, 0, p->g.state_w - 6,
                   &p->theme.server);
    }

  /* The arrow slopes down: it takes time to cross. */
  gboolean bad = (e->cflags & (LSC_CONV_F_RETRANS | LSC_CONV_F_OUT_OF_ORDER | LSC_CONV_F_LOST_SEGMENT)) != 0;
  gboolean warn = (e->cflags & (LSC_CONV_F_DUP_ACK | LSC_CONV_F_ZERO_WINDOW | LSC_CONV_F_NO_REPLY)) != 0;
  gboolean rst = (e->tcp_flags & LSC_TCP_RST) != 0;
  const GdkRGBA *col = bad || rst ? &p->theme.err : warn ? &p->theme.warn : e->from_b ? &p->theme.server : &p->theme.client;
  double x0 = e->from_b ? p->g.xb : p->g.xa, x1 = e->from_b ? p->g.xa : p->g.xb;
  double ya = y + 22, yb = y + 34;
  gboolean no_reply = (e->cflags & LSC_CONV_F_NO_REPLY) != 0;
  set_color (cr, col);
  if (no_reply)
    {
      /* Lost on the way: the arrow stops short, with a cross. */
      double xm = x0 + (x1 - x0) * 0.6, ym = ya + (yb - ya) * 0.6;
      draw_arrow (cr, x0, ya, xm, ym, TRUE, 2);
      cairo_set_line_width (cr, 2);
      cairo_move_to (cr, xm + 6, ym - 6);
      cairo_line_to (cr, xm + 14, ym + 2);
      cairo_move_to (cr, xm + 14, ym - 6);
      cairo_line_to (cr, xm + 6, ym + 2);
      cairo_stroke (cr);
    }
  else
    draw_arrow (cr, x0, ya, x1, yb, bad, e->frame == self->selected ? 3.2 : 2);

  g_string_truncate (buf, 0);
  const char *note = self->note_func ? self->note_func (e->frame, NULL, self->note_data) : NULL;
  if (note)
    g_string_append_printf (buf, "%s · ", note);
  lsc_ladder_format_label (self->ladder, e, buf);
  /* Labels sit above the arrow and the role below it, clear of the states
   * (written level with the arrow's head): a label wider than the arrow may
   * run on into the server's margin, never into the frame number's. */
  draw_label (p, p->font, buf->str, y + 3, &p->theme.fg, TRUE);
  g_string_truncate (buf, 0);
  if (e->role && ci->kind == LSC_CONV_TCP)
    g_string_append (buf, lsc_conv_role_label (e->role));
  lsc_ladder_format_marks (e, buf);
  if (buf->len)
    draw_label (p, p->small, g_strstrip (buf->str), y + 35, bad || warn || rst ? col : &p->theme.dim, FALSE);
}

static void
paint_lifelines (Painter *p, double y0, double y1)
{
  cairo_t *cr = p->cr;
  set_color (cr, &p->theme.lifeline);
  cairo_set_line_width (cr, 2);
  cairo_move_to (cr, p->g.xa, y0);
  cairo_line_to (cr, p->g.xa, y1);
  cairo_move_to (cr, p->g.xb, y0);
  cairo_line_to (cr, p->g.xb, y1);
  cairo_stroke (cr);
}

/* Paint items [first, last) with the content scrolled up by offset. */
static void
paint (LscFlowView *self, Painter *p, guint first, guint last, double offset, gboolean head)
{
  cairo_t *cr = p->cr;
  g_autoptr (GString) buf = g_string_new (NULL);
  cairo_save (cr);
  cairo_translate (cr, 0, -offset);
  /* Lifelines first: the tints are translucent, the arrows end on them. */
  if (first < last)
    {
      const Item *end = &g_array_index (self->items, Item, last - 1);
      paint_lifelines (p, MAX (offset, HEAD_H - 4), end->y + (end->kind == ITEM_PHASE ? BAND_H : ROW_H));
    }
  for (guint i = first; i < last; i++)
    {
      const Item *it = &g_array_index (self->items, Item, i);
      if (it->kind == ITEM_PHASE)
        paint_band (self, p, it, it->y);
      else
        paint_entry (self, p, it, it->y, buf);
    }
  cairo_restore (cr);
  if (head)
    {
      set_color (cr, &p->theme.bg);
      cairo_rectangle (cr, 0, 0, p->g.width, HEAD_H - 4);
      cairo_fill (cr);
      paint_head (self, p, 0);
    }
}

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

/* The adjustment counts pixels; the layout counts units (pixels / zoom). */
static double
scroll_value (LscFlowView *self)
{
  return self->vadj ? gtk_adjustment_get_value (self->vadj) / self->zoom : 0;
}

static double
view_w (LscFlowView *self)
{
  return gtk_widget_get_width (GTK_WIDGET (self)) / self->zoom;
}

static double
view_h (LscFlowView *self)
{
  return gtk_widget_get_height (GTK_WIDGET (self)) / self->zoom;
}

static void
lsc_flow_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  LscFlowView *self = LSC_FLOW_VIEW (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  if (w <= 0 || h <= 0)
    return;
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  cairo_scale (cr, self->zoom, self->zoom);
  double uw = view_w (self), uh = view_h (self);
  Painter p;
  painter_init (&p, cr, is_dark (), uw);
  if (!self->ladder)
    {
      draw_text (cr, p.font, self->placeholder ? self->placeholder : "", uw / 2.0, uh / 2.0 - 20, 0.5, uw - 40, &p.theme.dim);
      painter_clear (&p);
      cairo_destroy (cr);
      return;
    }
  double off = scroll_value (self);
  /* Only the rows in view (under the fixed head) are drawn. */
  guint first = item_at_y (self, off + HEAD_H);
  guint last = first;
  while (last < self->items->len && g_array_index (self->items, Item, last).y < off + uh)
    last++;
  paint (self, &p, first, last, off, TRUE);
  painter_clear (&p);
  cairo_destroy (cr);
}

/* ---- scrolling ---- */

static void
configure_adjustments (LscFlowView *self)
{
  int h = gtk_widget_get_height (GTK_WIDGET (self)), w = gtk_widget_get_width (GTK_WIDGET (self));
  if (self->vadj)
    {
      double z = self->zoom;
      double upper = MAX (self->content_h * z, h);
      double value = CLAMP (gtk_adjustment_get_value (self->vadj), 0, upper - h);
      gtk_adjustment_configure (self->vadj, value, 0, upper, ROW_H * z, MAX (h - HEAD_H * z, ROW_H * z), h);
    }
  if (self->hadj)
    gtk_adjustment_configure (self->hadj, 0, 0, w, 1, w, w);
}

static void
adj_changed_cb (GtkAdjustment *adj, LscFlowView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_adjustment (LscFlowView *self, GtkAdjustment **slot, GtkAdjustment *adj)
{
  if (*slot == adj && adj)
    return;
  if (*slot)
    {
      g_signal_handlers_disconnect_by_func (*slot, adj_changed_cb, self);
      g_object_unref (*slot);
    }
  if (!adj)
    adj = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  *slot = g_object_ref_sink (adj);
  g_signal_connect (adj, "value-changed", G_CALLBACK (adj_changed_cb), self);
  configure_adjustments (self);
}

static void scroll_to_frame (LscFlowView *self, guint64 frame);

static void
lsc_flow_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  LscFlowView *self = LSC_FLOW_VIEW (widget);
  configure_adjustments (self);
  if (self->scroll_pending && height > HEAD_H * self->zoom)
    scroll_to_frame (self, self->scroll_pending);
}

static void
lsc_flow_view_measure (GtkWidget *widget, GtkOrientation o, int for_size, int *min, int *nat, int *min_base,
                       int *nat_base)
{
  if (o == GTK_ORIENTATION_HORIZONTAL)
    {
      *min = (int) (300 * LSC_FLOW_VIEW (widget)->zoom);
      *nat = (int) (620 * LSC_FLOW_VIEW (widget)->zoom);
    }
  else
    {
      *min = (int) ((HEAD_H + ROW_H * 2) * LSC_FLOW_VIEW (widget)->zoom);
      *nat = (int) ((HEAD_H + ROW_H * 8) * LSC_FLOW_VIEW (widget)->zoom);
    }
}

static void
scroll_to_frame (LscFlowView *self, guint64 frame)
{
  if (!self->ladder || !self->vadj)
    return;
  gint e = lsc_ladder_find_frame (self->ladder, frame);
  if (e < 0)
    return;
  /* Items are entries plus phase bands, in order: find the entry's item. */
  guint lo = 0, hi = self->items->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const Item *it = &g_array_index (self->items, Item, mid);
      guint key = it->kind == ITEM_ENTRY ? it->index : lsc_ladder_phase (self->ladder, it->index)->first;
      if (key < (guint) e || (key == (guint) e && it->kind == ITEM_PHASE))
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo >= self->items->len)
    return;
  double y = g_array_index (self->items, Item, lo).y;
  double h = view_h (self);
  if (h <= HEAD_H)
    {
      self->scroll_pending = frame;
      return;
    }
  self->scroll_pending = 0;
  double v = scroll_value (self), z = self->zoom;
  if (y - HEAD_H < v)
    gtk_adjustment_set_value (self->vadj, MAX (0, y - HEAD_H - BAND_H) * z);
  else if (y + ROW_H > v + h)
    gtk_adjustment_set_value (self->vadj, (y + ROW_H - h + 8) * z);
}

/* ---- API ---- */

void
lsc_flow_view_set_ladder (LscFlowView *self, LscLadder *ladder, gint64 base_ns)
{
  g_clear_pointer (&self->ladder, lsc_ladder_free);
  self->ladder = ladder;
  self->base_ns = base_ns;
  rebuild_items (self);
  if (self->vadj)
    gtk_adjustment_set_value (self->vadj, 0);
  configure_adjustments (self);
  if (self->selected)
    scroll_to_frame (self, self->selected);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
lsc_flow_view_update_ladder (LscFlowView *self, LscLadder *ladder)
{
  /* A reader at the last arrow keeps seeing the newest; anyone else stays put. */
  double value = self->vadj ? gtk_adjustment_get_value (self->vadj) : 0;
  gboolean at_end = self->vadj && value + gtk_adjustment_get_page_size (self->vadj) >= gtk_adjustment_get_upper (self->vadj) - 2;
  g_clear_pointer (&self->ladder, lsc_ladder_free);
  self->ladder = ladder;
  rebuild_items (self);
  configure_adjustments (self);
  if (self->vadj)
    gtk_adjustment_set_value (self->vadj, at_end ? gtk_adjustment_get_upper (self->vadj) : value);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

LscLadder *
lsc_flow_view_get_ladder (LscFlowView *self)
{
  return self->ladder;
}

void
lsc_flow_view_set_selected_frame (LscFlowView *self, guint64 frame)
{
  self->selected = frame;
  scroll_to_frame (self, frame);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint64
lsc_flow_view_get_selected_frame (LscFlowView *self)
{
  return self->selected;
}

void
lsc_flow_view_set_reveal_frame (LscFlowView *self, guint64 frame)
{
  if (self->reveal == frame)
    return;
  self->reveal = frame;
  rebuild_items (self);
  configure_adjustments (self);
  scroll_to_frame (self, MIN (frame, self->selected ? self->selected : frame));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
lsc_flow_view_set_placeholder (LscFlowView *self, const char *text)
{
  g_free (self->placeholder);
  self->placeholder = g_strdup (text);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint64
lsc_flow_view_frame_at (LscFlowView *self, double x, double y)
{
  x /= self->zoom;
  y /= self->zoom;
  if (!self->ladder || y < HEAD_H)
    return 0;
  double cy = y + scroll_value (self);
  guint i = item_at_y (self, cy);
  if (i >= self->items->len)
    return 0;
  const Item *it = &g_array_index (self->items, Item, i);
  if (it->kind != ITEM_ENTRY || cy < it->y)
    return 0;
  return lsc_ladder_entry (self->ladder, it->index)->frame;
}

gboolean
lsc_flow_view_get_arrow_area (LscFlowView *self, guint64 frame, graphene_rect_t *out)
{
  if (!self->ladder)
    return FALSE;
  gint e = lsc_ladder_find_frame (self->ladder, frame);
  Geometry g;
  geometry (view_w (self), &g);
  double off = scroll_value (self), h = view_h (self), z = self->zoom;
  for (guint i = item_at_y (self, off + HEAD_H); e >= 0 && i < self->items->len; i++)
    {
      const Item *it = &g_array_index (self->items, Item, i);
      if (it->y - off >= h)
        break;
      if (it->kind == ITEM_ENTRY && it->index == (guint) e)
        {
          graphene_rect_init (out, (float) (g.xa * z), (float) ((it->y - off) * z), (float) ((g.xb - g.xa) * z),
                              (float) (ROW_H * z));
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
lsc_flow_view_export (LscFlowView *self, const char *path, GError **error)
{
  if (!self->ladder)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("There is no flow to export: select a packet of a conversation"));
      return FALSE;
    }
  gboolean svg = g_str_has_suffix (path, ".svg") || g_str_has_suffix (path, ".SVG");
  gboolean png = g_str_has_suffix (path, ".png") || g_str_has_suffix (path, ".PNG");
  if (!svg && !png)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("%s: the name must end in .png or .svg"), path);
      return FALSE;
    }
  guint last = MIN (self->items->len, EXPORT_MAX);
  /* A cairo image is at most 32767 pixels high: a PNG holds the first
   * 600-odd arrows (an SVG has no such limit). */
  while (png && last && g_array_index (self->items, Item, last - 1).y + ROW_H + 16 > 32767)
    last--;
  self->exported = 0;
  for (guint i = 0; i < last; i++)
    self->exported += g_array_index (self->items, Item, i).kind == ITEM_ENTRY;
  double width = MAX (780, view_w (self));
  double height = last ? g_array_index (self->items, Item, last - 1).y + ROW_H + 16 : HEAD_H + 16;
  cairo_surface_t *surface = svg ? cairo_svg_surface_create (path, width, height)
                                 : cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) width, (int) height);
  cairo_t *cr = cairo_create (surface);
  Painter p;
  gboolean dark = is_dark ();
  painter_init (&p, cr, dark, width);
  set_color (cr, &p.theme.bg);
  cairo_paint (cr);
  paint (self, &p, 0, last, 0, FALSE);
  paint_head (self, &p, 0);
  painter_clear (&p);
  cairo_destroy (cr);
  cairo_status_t st = CAIRO_STATUS_SUCCESS;
  if (png)
    st = cairo_surface_write_to_png (surface, path);
  cairo_surface_finish (surface);
  if (st == CAIRO_STATUS_SUCCESS)
    st = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (st != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write %s: %s"), path, cairo_status_to_string (st));
      return FALSE;
    }
  return TRUE;
}

void
lsc_flow_view_set_zoom (LscFlowView *self, double zoom)
{
  zoom = CLAMP (zoom, 0.5, 3.0);
  if (zoom == self->zoom)
    return;
  /* Keep the same arrows in view. */
  double units = scroll_value (self);
  self->zoom = zoom;
  configure_adjustments (self);
  if (self->vadj)
    gtk_adjustment_set_value (self->vadj, units * zoom);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
lsc_flow_view_get_exported (LscFlowView *self)
{
  return self->exported;
}

/* ---- object ---- */

char *
lsc_flow_view_describe_frame (LscFlowView *self, guint64 frame)
{
  g_return_val_if_fail (LSC_IS_FLOW_VIEW (self), NULL);
  gint i = frame && self->ladder ? lsc_ladder_find_frame (self->ladder, frame) : -1;
  if (i < 0)
    return NULL;
  const LscLadderEntry *e = lsc_ladder_entry (self->ladder, (guint) i);
  GString *s = g_string_new (NULL);
  /* The number as text first: a format with G_GUINT64_FORMAT cannot be translated. */
  char num[32];
  g_snprintf (num, sizeof num, "%" G_GUINT64_FORMAT, e->frame);
  g_string_append_printf (s, _("Frame %s: "), num);
  lsc_ladder_format_label (self->ladder, e, s);
  if (e->role && lsc_ladder_info (self->ladder)->kind == LSC_CONV_TCP)
    g_string_append_printf (s, "\n%s", lsc_conv_role_label (e->role));
  lsc_ladder_format_marks (e, s);
  if (lsc_ladder_info (self->ladder)->kind == LSC_CONV_TCP)
    g_string_append_printf (s, _("\nClient %s → %s, server %s → %s"), lsc_tcp_state_name (e->before_a),
                            lsc_tcp_state_name (e->after_a), lsc_tcp_state_name (e->before_b), lsc_tcp_state_name (e->after_b));
  const char *detail = NULL;
  const char *note = self->note_func ? self->note_func (e->frame, &detail, self->note_data) : NULL;
  if (note)
    g_string_append_printf (s, "\n%s%s%s", note, detail ? ": " : "", detail ? detail : "");
  return g_string_free (s, FALSE);
}

void
lsc_flow_view_set_note_func (LscFlowView *self, LscFlowNoteFunc func, gpointer data, GDestroyNotify destroy)
{
  g_return_if_fail (LSC_IS_FLOW_VIEW (self));
  if (self->note_destroy)
    self->note_destroy (self->note_data);
  self->note_func = func;
  self->note_data = data;
  self->note_destroy = destroy;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The whole of an arrow's text, which a narrow panel may cut. */
static gboolean
query_tooltip_cb (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip, LscFlowView *self)
{
  g_autofree char *text = lsc_flow_view_describe_frame (self, lsc_flow_view_frame_at (self, x, y));
  if (!text)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
click_cb (GtkGestureClick *gesture, int n_press, double x, double y, LscFlowView *self)
{
  guint64 f = lsc_flow_view_frame_at (self, x, y);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (f)
    g_signal_emit (self, signals[SIG_FRAME_ACTIVATED], 0, f);
}

static void
style_changed_cb (AdwStyleManager *m, GParamSpec *pspec, LscFlowView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
lsc_flow_view_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  LscFlowView *self = LSC_FLOW_VIEW (object);
  switch (id)
    {
    case PROP_HADJ: g_value_set_object (value, self->hadj); break;
    case PROP_VADJ: g_value_set_object (value, self->vadj); break;
    case PROP_HPOLICY: g_value_set_enum (value, self->hpolicy); break;
    case PROP_VPOLICY: g_value_set_enum (value, self->vpolicy); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
    }
}

static void
lsc_flow_view_set_property (GObject *object, guint id, const GValue *value, GParamSpec *pspec)
{
  LscFlowView *self = LSC_FLOW_VIEW (object);
  switch (id)
    {
    case PROP_HADJ: set_adjustment (self, &self->hadj, g_value_get_object (value)); break;
    case PROP_VADJ: set_adjustment (self, &self->vadj, g_value_get_object (value)); break;
    case PROP_HPOLICY: self->hpolicy = g_value_get_enum (value); break;
    case PROP_VPOLICY: self->vpolicy = g_value_get_enum (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
    }
}

static void
lsc_flow_view_dispose (GObject *object)
{
  LscFlowView *self = LSC_FLOW_VIEW (object);
  g_signal_handlers_disconnect_by_func (adw_style_manager_get_default (), style_changed_cb, self);
  if (self->hadj)
    g_signal_handlers_disconnect_by_func (self->hadj, adj_changed_cb, self);
  if (self->vadj)
    g_signal_handlers_disconnect_by_func (self->vadj, adj_changed_cb, self);
  g_clear_object (&self->hadj);
  g_clear_object (&self->vadj);
  g_clear_pointer (&self->ladder, lsc_ladder_free);
  lsc_flow_view_set_note_func (self, NULL, NULL, NULL);
  G_OBJECT_CLASS (lsc_flow_view_parent_class)->dispose (object);
}

static void
lsc_flow_view_finalize (GObject *object)
{
  LscFlowView *self = LSC_FLOW_VIEW (object);
  g_array_unref (self->items);
  g_free (self->placeholder);
  G_OBJECT_CLASS (lsc_flow_view_parent_class)->finalize (object);
}

static void
lsc_flow_view_class_init (LscFlowViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->get_property = lsc_flow_view_get_property;
  object_class->set_property = lsc_flow_view_set_property;
  object_class->dispose = lsc_flow_view_dispose;
  object_class->finalize = lsc_flow_view_finalize;
  widget_class->snapshot = lsc_flow_view_snapshot;
  widget_class->measure = lsc_flow_view_measure;
  widget_class->size_allocate = lsc_flow_view_size_allocate;
  g_object_class_override_property (object_class, PROP_HADJ, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJ, "vadjustment");
  g_object_class_override_property (object_class, PROP_HPOLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VPOLICY, "vscroll-policy");
  signals[SIG_FRAME_ACTIVATED] = g_signal_new ("frame-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                               NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT64);
  gtk_widget_class_set_css_name (widget_class, "flowview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lsc_flow_view_init (LscFlowView *self)
{
  self->items = g_array_new (FALSE, FALSE, sizeof (Item));
  self->reveal = G_MAXUINT64;
  self->zoom = 1.0;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  GtkGesture *click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (style_changed_cb), self);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  rebuild_items (self);
}

GtkWidget *
lsc_flow_view_new (void)
{
  return g_object_new (LSC_TYPE_FLOW_VIEW, NULL);
}

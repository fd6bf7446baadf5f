/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-state-diagram.c — the RFC 9293 TCP state machine, with both ends' states lit
 *
 * The figure is drawn in fixed diagram units (DW × DH) and scaled to fit, so
 * what is checked at one size holds at every size: the layout test measures
 * the real labels (in the running language) and fails when any two texts,
 * a text and a box, or a line and a box it does not belong to overlap.
 *
 * Orientation follows the RFC's figure: opening at the top (CLOSED, LISTEN,
 * SYN-RECEIVED left, SYN-SENT right), ESTABLISHED in the middle, the end that
 * closes first down the left (FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT), the end that
 * closes second down the right (CLOSE-WAIT, LAST-ACK).  CLOSED is one box at
 * the top; the two ways back to it at the bottom end in a dashed "CLOSED"
 * marker, so no line has to climb the whole figure.  RST, which closes from
 * almost any state, is a note rather than nine more arrows.
 *
 * Lines are orthogonal polylines written out as points; every label has an
 * anchor, an alignment and a width it may wrap at.
 */
#include "lsc-state-diagram.h"
#include "lsc-state-diagram-private.h"
#include "lsc-layer-colors.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <cairo-svg.h>
#include <pango/pangocairo.h>
#include <string.h>

#ifndef CAIRO_HAS_SVG_SURFACE
#error "cairo was built without its SVG surface"
#endif

/* ---- the figure, in diagram units ------------------------------------------ */

#define DW 540.0
#define DH 480.0
#define BW2 62.0            /* half a box's width */
#define BH2 14.0            /* half a box's height */
#define XL 95.0             /* columns: first closer, middle, second closer */
#define XC 270.0
#define XR 445.0
#define XTW 170.0           /* TIME-WAIT sits under FIN-WAIT-2 and CLOSING */
#define XLANE (DW - 18.0)   /* SYN-SENT's close climbs here */
#define Y0 34.0             /* rows */
#define Y1 102.0
#define Y2 170.0
#define Y3 238.0
#define Y4 306.0
#define Y5 374.0
#define Y6 442.0

#define NAME_SIZE 14.0
#define LABEL_SIZE 13.0
#define NOTE_SIZE 12.0      /* the RST note, said once for many states */
#define LINE_W 1.25
#define HEAD_LEN 8.0
#define HEAD_W2 3.8

typedef struct {
  LscTcpState state;
  double cx, cy;
} BoxDef;

/* Indexed by LscTcpState - 1. */
static const BoxDef boxes[] = {
  { LSC_TCP_STATE_CLOSED, XC, Y0 },
  { LSC_TCP_STATE_LISTEN, XC, Y1 },
  { LSC_TCP_STATE_SYN_SENT, XR, Y2 },
  { LSC_TCP_STATE_SYN_RECEIVED, XL, Y2 },
  { LSC_TCP_STATE_ESTABLISHED, XC, Y3 },
  { LSC_TCP_STATE_FIN_WAIT_1, XL, Y4 },
  { LSC_TCP_STATE_FIN_WAIT_2, XL, Y5 },
  { LSC_TCP_STATE_CLOSE_WAIT, XR, Y4 },
  { LSC_TCP_STATE_CLOSING, XC, Y5 },
  { LSC_TCP_STATE_LAST_ACK, XR, Y5 },
  { LSC_TCP_STATE_TIME_WAIT, XTW, Y6 },
};
#define N_BOXES G_N_ELEMENTS (boxes)

/* Where LAST-ACK and TIME-WAIT go back to CLOSED. */
static const BoxDef marker = { LSC_TCP_STATE_CLOSED, XR, Y6 };

#define MAX_PTS 4

typedef struct {
  LscTcpState from, to;     /* from UNKNOWN: any state the rule allows (RST) */
  const char *label;        /* N_(): "event / action" */
  guint n;                  /* 0: a line of the RST note, no arrow */
  double pts[MAX_PTS][2];   /* the arrow's polyline; the head is at the last point */
  double lx, ly;            /* label anchor */
  double ax, ay;            /* which point of the label sits on the anchor (0..1) */
  double max_w;             /* the label wraps at this width */
} EdgeDef;

enum { EDGE_RST_CLOSED = 20, EDGE_RST_LISTEN = 21 };

static const EdgeDef edges[] = {
  /* Opening. */
  /* TRANSLATORS: the labels of the TCP state diagram's arrows are "event /
   * action" as in RFC 9293 (rcv = a segment is received, snd = one is sent);
   * keep the flag names (SYN, ACK, FIN, RST) and the " / ", where a label
   * may break into two lines. */
  { LSC_TCP_STATE_CLOSED, LSC_TCP_STATE_LISTEN, N_("passive open"), 2,
    { { XC - 24, Y0 + BH2 }, { XC - 24, Y1 - BH2 } }, XC - 30, (Y0 + Y1) / 2, 1, 0.5, 110 },
  { LSC_TCP_STATE_LISTEN, LSC_TCP_STATE_CLOSED, N_("close"), 2,
    { { XC + 24, Y1 - BH2 }, { XC + 24, Y0 + BH2 } }, XC + 30, (Y0 + Y1) / 2, 0, 0.5, 60 },
  { LSC_TCP_STATE_CLOSED, LSC_TCP_STATE_SYN_SENT, N_("active open / snd SYN"), 3,
    { { XC + BW2, Y0 + 7 }, { XR, Y0 + 7 }, { XR, Y2 - BH2 } }, XR - 6, Y0 + 13, 1, 0, 80 },
  { LSC_TCP_STATE_SYN_SENT, LSC_TCP_STATE_CLOSED, N_("close"), 4,
    { { XR + BW2, Y2 }, { XLANE, Y2 }, { XLANE, Y0 - 7 }, { XC + BW2, Y0 - 7 } }, XLANE - 6, Y1, 1, 0.5, 60 },
  { LSC_TCP_STATE_LISTEN, LSC_TCP_STATE_SYN_SENT, N_("send / snd SYN"), 3,
    { { XC + BW2, Y1 }, { XR - 30, Y1 }, { XR - 30, Y2 - BH2 } }, XR - 36, Y1 + 6, 1, 0, 60 },
  { LSC_TCP_STATE_LISTEN, LSC_TCP_STATE_SYN_RECEIVED, N_("rcv SYN / snd SYN,ACK"), 3,
    { { XC - BW2, Y1 }, { XL, Y1 }, { XL, Y2 - BH2 } }, XL + 6, Y1 + 6, 0, 0, 80 },
  { LSC_TCP_STATE_SYN_SENT, LSC_TCP_STATE_SYN_RECEIVED, N_("rcv SYN / snd SYN,ACK"), 2,
    { { XR - BW2, Y2 }, { XL + BW2, Y2 } }, XC, Y2 - 5, 0.5, 1, 200 },
  { LSC_TCP_STATE_SYN_RECEIVED, LSC_TCP_STATE_ESTABLISHED, N_("rcv ACK of SYN"), 3,
    { { XL + 35, Y2 + BH2 }, { XL + 35, Y3 - 7 }, { XC - BW2, Y3 - 7 } }, XL + 41, Y2 + BH2 + 6, 0, 0, 60 },
  { LSC_TCP_STATE_SYN_SENT, LSC_TCP_STATE_ESTABLISHED, N_("rcv SYN,ACK / snd ACK"), 3,
    { { XR - 35, Y2 + BH2 }, { XR - 35, Y3 - 7 }, { XC + BW2, Y3 - 7 } }, XR - 41, Y2 + BH2 + 6, 1, 0, 80 },
  /* Closing first (left) or second (right). */
  { LSC_TCP_STATE_SYN_RECEIVED, LSC_TCP_STATE_FIN_WAIT_1, N_("close / snd FIN"), 2,
    { { XL - 40, Y2 + BH2 }, { XL - 40, Y4 - BH2 } }, XL - 34, Y2 + BH2 + 8, 0, 0, 55 },
  { LSC_TCP_STATE_ESTABLISHED, LSC_TCP_STATE_FIN_WAIT_1, N_("close / snd FIN"), 3,
    { { XC - BW2, Y3 + 7 }, { XL + 10, Y3 + 7 }, { XL + 10, Y4 - BH2 } }, XL + 16, Y3 + 13, 0, 0, 60 },
  { LSC_TCP_STATE_ESTABLISHED, LSC_TCP_STATE_CLOSE_WAIT, N_("rcv FIN / snd ACK"), 3,
    { { XC + BW2, Y3 + 7 }, { XR - 10, Y3 + 7 }, { XR - 10, Y4 - BH2 } }, XR - 16, Y3 + 13, 1, 0, 60 },
  { LSC_TCP_STATE_FIN_WAIT_1, LSC_TCP_STATE_FIN_WAIT_2, N_("rcv ACK of FIN"), 2,
    { { XL - 20, Y4 + BH2 }, { XL - 20, Y5 - BH2 } }, XL - 26, (Y4 + Y5) / 2, 1, 0.5, 55 },
  { LSC_TCP_STATE_FIN_WAIT_1, LSC_TCP_STATE_CLOSING, N_("rcv FIN / snd ACK"), 3,
    { { XL + BW2, Y4 - 7 }, { XC + 20, Y4 - 7 }, { XC + 20, Y5 - BH2 } }, XC + 26, Y4 + 4, 0, 0, 65 },
  { LSC_TCP_STATE_FIN_WAIT_1, LSC_TCP_STATE_TIME_WAIT, N_("rcv FIN,ACK / snd ACK"), 3,
    { { XL + BW2, Y4 + 7 }, { 185, Y4 + 7 }, { 185, Y6 - BH2 } }, 191, Y4 + 13, 0, 0, 80 },
  { LSC_TCP_STATE_FIN_WAIT_2, LSC_TCP_STATE_TIME_WAIT, N_("rcv FIN / snd ACK"), 2,
    { { 130, Y5 + BH2 }, { 130, Y6 - BH2 } }, 124, (Y5 + Y6) / 2, 1, 0.5, 60 },
  { LSC_TCP_STATE_CLOSING, LSC_TCP_STATE_TIME_WAIT, N_("rcv ACK of FIN"), 2,
    { { 222, Y5 + BH2 }, { 222, Y6 - BH2 } }, 228, (Y5 + Y6) / 2, 0, 0.5, 120 },
  { LSC_TCP_STATE_CLOSE_WAIT, LSC_TCP_STATE_LAST_ACK, N_("close / snd FIN"), 2,
    { { XR, Y4 + BH2 }, { XR, Y5 - BH2 } }, XR + 6, (Y4 + Y5) / 2, 0, 0.5, 60 },
  { LSC_TCP_STATE_LAST_ACK, LSC_TCP_STATE_CLOSED, N_("rcv ACK of FIN"), 2,
    { { XR, Y5 + BH2 }, { XR, Y6 - BH2 } }, XR + 6, (Y5 + Y6) / 2, 0, 0.5, 60 },
  { LSC_TCP_STATE_TIME_WAIT, LSC_TCP_STATE_CLOSED, N_("timeout = 2MSL"), 2,
    { { XTW + BW2, Y6 }, { XR - BW2, Y6 } }, (XTW + XR) / 2, Y6 - 5, 0.5, 1, 140 },
  /* RST: a note, not arrows. */
  [EDGE_RST_CLOSED] = { LSC_TCP_STATE_UNKNOWN, LSC_TCP_STATE_CLOSED, N_("RST: any state → CLOSED"), 0,
    { { 0 } }, 10, 9, 0, 0, 190 },
  [EDGE_RST_LISTEN] = { LSC_TCP_STATE_SYN_RECEIVED, LSC_TCP_STATE_LISTEN, N_("RST: SYN-RECEIVED → LISTEN"), 0,
    { { 0 } }, 10, 24, 0, 0, 190 },
};
#define N_EDGES G_N_ELEMENTS (edges)
G_STATIC_ASSERT (N_EDGES == EDGE_RST_LISTEN + 1);

#define LEGEND_RIGHT (DW - 8.0)   /* top right, above SYN-SENT's way back */
#define LEGEND_Y 5.0
#define LEGEND_LOW_X 10.0         /* in the closing half: bottom left, under TIME-WAIT's column */
#define LEGEND_LOW_Y (DH - 19.0)

/* In a short, wide pane the whole figure would be too small to read; then
 * only the half that holds the lit states is drawn, twice as large: the
 * opening (CLOSED to ESTABLISHED) or the closing (ESTABLISHED to TIME-WAIT,
 * where the dashed CLOSED stands for CLOSED). */
typedef enum { VIEW_WHOLE, VIEW_OPEN, VIEW_CLOSE } View;
static const graphene_rect_t views[] = {
  [VIEW_WHOLE] = { { 0, 0 }, { DW, DH } },
  [VIEW_OPEN] = { { 0, 0 }, { DW, Y3 + BH2 + 10 } },
  [VIEW_CLOSE] = { { 0, Y3 - BH2 - 10 }, { DW, DH - (Y3 - BH2 - 10) } },
};
#define READABLE_SCALE 0.7        /* below this the labels are under 9 px */
#define SWATCH 11.0

/* ---- the widget ------------------------------------------------------------ */

struct _LscStateDiagram {
  GtkWidget parent_instance;
  LscTcpState lit[2];       /* [0] client (A), [1] server (B) */
  int edge[2];              /* transition just taken, -1 none */
  View half;                /* VIEW_OPEN or VIEW_CLOSE: where the lit states are (kept while they fit both) */
  gboolean spread;          /* they fit neither half: a short pane shows the whole figure anyway */
  char *description;        /* the states in words (accessible description, SVG desc) */
};

G_DEFINE_FINAL_TYPE (LscStateDiagram, lsc_state_diagram, GTK_TYPE_WIDGET)

static const BoxDef *
box_of (LscTcpState s)
{
  for (guint i = 0; i < N_BOXES; i++)
    if (boxes[i].state == s)
      return &boxes[i];
  return NULL;
}

/* A RST (sent on abort or received) closes every state past LISTEN. */
static gboolean
rst_closes (LscTcpState s)
{
  return s >= LSC_TCP_STATE_SYN_SENT && s <= LSC_TCP_STATE_TIME_WAIT;
}

/* The one standard transition from before to after, or -1. */
static int
find_edge (LscTcpState before, LscTcpState after)
{
  if (!box_of (before) || !box_of (after) || before == after)
    return -1;
  /* close() in SYN-SENT sends nothing, so on the wire only a RST (a refused
   * connection) takes SYN-SENT to CLOSED. */
  if (before == LSC_TCP_STATE_SYN_SENT && after == LSC_TCP_STATE_CLOSED)
    return EDGE_RST_CLOSED;
  for (guint i = 0; i < N_EDGES; i++)
    if (edges[i].from == before && edges[i].to == after)
      return (int) i;
  if (after == LSC_TCP_STATE_CLOSED && rst_closes (before))
    return EDGE_RST_CLOSED;
  return -1;
}

/* ---- colours --------------------------------------------------------------- */

typedef struct {
  gboolean dark;
  GdkRGBA fg, bg;
  GdkRGBA end[2];           /* client, server */
  GdkRGBA on_end;           /* text on a lit box */
  char *family;
} Theme;

static void
rgba (GdkRGBA *out, const char *spec)
{
  gdk_rgba_parse (out, spec);
}

static void
theme_init (Theme *th, GtkWidget *w)
{
  lsc_widget_get_fg (w, &th->fg);
  /* Light text means a dark theme. */
  th->dark = 0.2126 * th->fg.red + 0.7152 * th->fg.green + 0.0722 * th->fg.blue > 0.5;
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (w), "window_bg_color", &th->bg))
    rgba (&th->bg, th->dark ? "#242424" : "#fafafa");
G_GNUC_END_IGNORE_DEPRECATIONS
  lsc_end_color (FALSE, th->dark, &th->end[0]);
  lsc_end_color (TRUE, th->dark, &th->end[1]);
  /* Readable on both ends' colours: white on the light theme's deep tones,
   * dark ink on the dark theme's pale ones. */
  rgba (&th->on_end, th->dark ? "#241f31" : "#ffffff");
  const PangoFontDescription *fd = pango_context_get_font_description (gtk_widget_get_pango_context (w));
  const char *fam = fd ? pango_font_description_get_family (fd) : NULL;
  th->family = g_strdup (fam ? fam : "Sans");
}

static void
theme_clear (Theme *th)
{
  g_clear_pointer (&th->family, g_free);
}

static void
set_rgba (cairo_t *cr, const GdkRGBA *c, double alpha)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha * alpha);
}

/* ---- text ------------------------------------------------------------------ */

/* Metrics unhinted, so a text measures the same in diagram units at every scale. */
static PangoContext *
text_context (cairo_t *cr)
{
  PangoContext *pc = pango_cairo_create_context (cr);
  cairo_font_options_t *fo = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (fo, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (pc, fo);
  cairo_font_options_destroy (fo);
  return pc;
}

static PangoLayout *
make_text (PangoContext *pc, const Theme *th, const char *text, double size, gboolean bold, double max_w)
{
  PangoLayout *l = pango_layout_new (pc);
  PangoFontDescription *fd = pango_font_description_new ();
  pango_font_description_set_family (fd, th->family);
  pango_font_description_set_absolute_size (fd, size * PANGO_SCALE);
  pango_font_description_set_weight (fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (l, fd);
  pango_font_description_free (fd);
  pango_layout_set_text (l, text, -1);
  if (max_w > 0)
    {
      pango_layout_set_width (l, (int) (max_w * PANGO_SCALE));
      pango_layout_set_wrap (l, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_alignment (l, PANGO_ALIGN_CENTER);
    }
  return l;
}

/* The ink-free box the text takes: its logical extents, which with a wrap
 * width may start right of the layout's origin. */
static void
text_rect (PangoLayout *l, double x, double y, graphene_rect_t *out)
{
  PangoRectangle logical;
  pango_layout_get_extents (l, NULL, &logical);
  graphene_rect_init (out, (float) (x + logical.x / (double) PANGO_SCALE), (float) (y + logical.y / (double) PANGO_SCALE),
                      (float) (logical.width / (double) PANGO_SCALE), (float) (logical.height / (double) PANGO_SCALE));
}

/* A label laid out at its anchor: the layout, its origin and its rect. */
typedef struct {
  PangoLayout *layout;
  double x, y;              /* layout origin */
  graphene_rect_t r;        /* where the text is */
} Placed;

static void
place_label (PangoContext *pc, const Theme *th, const EdgeDef *e, Placed *p)
{
  /* One line when it fits; else the event over the action, as in the RFC;
   * else wrapped at the width the place has. */
  const char *text = _(e->label);
  double size = e->n ? LABEL_SIZE : NOTE_SIZE;
  p->layout = make_text (pc, th, text, size, FALSE, -1);
  graphene_rect_t r;
  text_rect (p->layout, 0, 0, &r);
  const char *slash = strstr (text, " / ");
  if (r.size.width > e->max_w)
    {
      g_object_unref (p->layout);
      if (slash)
        {
          g_autofree char *two = g_strdup_printf ("%.*s /\n%s", (int) (slash - text), text, slash + 3);
          p->layout = make_text (pc, th, two, size, FALSE, -1);
          pango_layout_set_alignment (p->layout, PANGO_ALIGN_CENTER);
        }
      else
        p->layout = make_text (pc, th, text, size, FALSE, e->max_w);
      text_rect (p->layout, 0, 0, &r);
    }
  /* Align what is seen: a wrapped layout's text may start right of its origin. */
  p->x = e->lx - e->ax * r.size.width - r.origin.x;
  p->y = e->ly - e->ay * r.size.height - r.origin.y;
  text_rect (p->layout, p->x, p->y, &p->r);
}

/* The size names are drawn at: the same for every box, small enough for the widest. */
static double
name_size (PangoContext *pc, const Theme *th)
{
  double widest = 0;
  for (guint i = 0; i < N_BOXES; i++)
    {
      PangoLayout *l = make_text (pc, th, lsc_tcp_state_name (boxes[i].state), NAME_SIZE, TRUE, -1);
      int w, h;
      pango_layout_get_size (l, &w, &h);
      widest = MAX (widest, w / (double) PANGO_SCALE);
      g_object_unref (l);
    }
  double room = 2 * BW2 - 10;
  return widest > room ? NAME_SIZE * room / widest : NAME_SIZE;
}

static void
box_rect (const BoxDef *b, graphene_rect_t *out)
{
  graphene_rect_init (out, (float) (b->cx - BW2), (float) (b->cy - BH2), (float) (2 * BW2), (float) (2 * BH2));
}

/* ---- drawing --------------------------------------------------------------- */

static void
rounded_rect (cairo_t *cr, double x, double y, double w, double h, double r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
draw_name (cairo_t *cr, PangoContext *pc, const Theme *th, const BoxDef *b, double size, const GdkRGBA *color, double alpha)
{
  PangoLayout *l = make_text (pc, th, lsc_tcp_state_name (b->state), size, TRUE, -1);
  graphene_rect_t r;
  text_rect (l, 0, 0, &r);
  cairo_move_to (cr, b->cx - r.size.width / 2 - r.origin.x, b->cy - r.size.height / 2 - r.origin.y);
  set_rgba (cr, color, alpha);
  pango_cairo_show_layout (cr, l);
  g_object_unref (l);
}

static void
draw_box (cairo_t *cr, PangoContext *pc, const Theme *th, const BoxDef *b, double size, gboolean lit_a, gboolean lit_b)
{
  double x = b->cx - BW2, y = b->cy - BH2, w = 2 * BW2, h = 2 * BH2, r = 6;
  rounded_rect (cr, x, y, w, h, r);
  if (!lit_a && !lit_b)
    {
      set_rgba (cr, &th->fg, 0.06);
      cairo_fill_preserve (cr);
      set_rgba (cr, &th->fg, 0.55);
      cairo_set_line_width (cr, 1.2);
      cairo_stroke (cr);
      draw_name (cr, pc, th, b, size, &th->fg, 1);
      return;
    }
  cairo_save (cr);
  cairo_clip (cr);
  if (lit_a && lit_b)
    {
      /* Both ends here: client on the left half, server on the right. */
      set_rgba (cr, &th->end[0], 1);
      cairo_rectangle (cr, x, y, w / 2, h);
      cairo_fill (cr);
      set_rgba (cr, &th->end[1], 1);
      cairo_rectangle (cr, x + w / 2, y, w / 2, h);
      cairo_fill (cr);
    }
  else
    {
      set_rgba (cr, &th->end[lit_a ? 0 : 1], 1);
      cairo_paint (cr);
    }
  cairo_restore (cr);
  /* A halo outside the box, so a lit state shows from the back of the room. */
  rounded_rect (cr, x - 2.5, y - 2.5, w + 5, h + 5, r + 2.5);
  set_rgba (cr, lit_a && lit_b ? &th->fg : &th->end[lit_a ? 0 : 1], lit_a && lit_b ? 0.8 : 1);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);
  draw_name (cr, pc, th, b, size, &th->on_end, 1);
}

/* Dashed frames mark what is not a state: the way back to CLOSED, the RST note. */
static void
stroke_dashed (cairo_t *cr, const Theme *th, double alpha, double width, double dash_len)
{
  double dash[] = { dash_len, 3 };
  cairo_set_dash (cr, dash, 2, 0);
  set_rgba (cr, &th->fg, alpha);
  cairo_set_line_width (cr, width);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

static void
draw_marker (cairo_t *cr, PangoContext *pc, const Theme *th, double size)
{
  const BoxDef *b = &marker;
  rounded_rect (cr, b->cx - BW2, b->cy - BH2, 2 * BW2, 2 * BH2, 6);
  stroke_dashed (cr, th, 0.55, 1.2, 4);
  draw_name (cr, pc, th, b, size, &th->fg, 0.75);
}

static void
edge_path (cairo_t *cr, const EdgeDef *e, double head_len)
{
  /* Stop the line where the head begins, so a thick line does not blunt it. */
  double ex = e->pts[e->n - 1][0], ey = e->pts[e->n - 1][1];
  double px = e->pts[e->n - 2][0], py = e->pts[e->n - 2][1];
  double len = hypot (ex - px, ey - py);
  cairo_move_to (cr, e->pts[0][0], e->pts[0][1]);
  for (guint k = 1; k + 1 < e->n; k++)
    cairo_line_to (cr, e->pts[k][0], e->pts[k][1]);
  cairo_line_to (cr, ex - (ex - px) / len * (head_len - 1), ey - (ey - py) / len * (head_len - 1));
}

static void
edge_head (cairo_t *cr, const EdgeDef *e, double head_len, double head_w2)
{
  double ex = e->pts[e->n - 1][0], ey = e->pts[e->n - 1][1];
  double px = e->pts[e->n - 2][0], py = e->pts[e->n - 2][1];
  double len = hypot (ex - px, ey - py), ux = (ex - px) / len, uy = (ey - py) / len;
  cairo_move_to (cr, ex, ey);
  cairo_line_to (cr, ex - ux * head_len - uy * head_w2, ey - uy * head_len + ux * head_w2);
  cairo_line_to (cr, ex - ux * head_len + uy * head_w2, ey - uy * head_len - ux * head_w2);
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
draw_edge (cairo_t *cr, const Theme *th, const EdgeDef *e, gboolean hi_a, gboolean hi_b)
{
  if (!hi_a && !hi_b)
    {
      set_rgba (cr, &th->fg, 0.6);
      cairo_set_line_width (cr, LINE_W);
      edge_path (cr, e, HEAD_LEN);
      cairo_stroke (cr);
      edge_head (cr, e, HEAD_LEN, HEAD_W2);
      return;
    }
  double hl = HEAD_LEN * 1.5, hw = HEAD_W2 * 1.7;
  cairo_set_line_width (cr, 3.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  set_rgba (cr, &th->end[hi_a ? 0 : 1], 1);
  edge_path (cr, e, hl);
  cairo_stroke (cr);
  edge_head (cr, e, hl, hw);
  if (hi_a && hi_b)
    {
      /* Both ends took it: the server's colour dashed over the client's. */
      double dash[] = { 7, 7 };
      cairo_set_dash (cr, dash, 2, 0);
      set_rgba (cr, &th->end[1], 1);
      edge_path (cr, e, hl);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
}

static void
draw_label (cairo_t *cr, const Theme *th, const Placed *p, gboolean hi_a, gboolean hi_b)
{
  const graphene_rect_t *r = &p->r;
  rounded_rect (cr, r->origin.x - 2, r->origin.y - 1, r->size.width + 4, r->size.height + 2, 3);
  set_rgba (cr, &th->bg, 0.92);
  cairo_fill_preserve (cr);
  if (hi_a || hi_b)
    {
      set_rgba (cr, &th->end[hi_a ? 0 : 1], 0.16);
      cairo_fill_preserve (cr);
      set_rgba (cr, &th->end[hi_b ? 1 : 0], 1);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }
  else
    cairo_new_path (cr);
  cairo_move_to (cr, p->x, p->y);
  if (hi_a || hi_b)
    set_rgba (cr, &th->end[hi_a ? 0 : 1], 1);
  else
    set_rgba (cr, &th->fg, 0.85);
  pango_cairo_show_layout (cr, p->layout);
}

/* The RST lines under a dashed frame, as one note. */
static void
note_rect (const Placed *lines, graphene_rect_t *out)
{
  graphene_rect_union (&lines[0].r, &lines[1].r, out);
  graphene_rect_inset (out, -5, -3);
}

static void
draw_legend (cairo_t *cr, PangoContext *pc, const Theme *th, Placed legend[2])
{
  for (int k = 0; k < 2; k++)
    {
      const graphene_rect_t *r = &legend[k].r;
      double sy = r->origin.y + (r->size.height - SWATCH) / 2;
      rounded_rect (cr, r->origin.x - SWATCH - 5, sy, SWATCH, SWATCH, 2);
      set_rgba (cr, &th->end[k], 1);
      cairo_fill (cr);
      cairo_move_to (cr, legend[k].x, legend[k].y);
      set_rgba (cr, &th->fg, 1);
      pango_cairo_show_layout (cr, legend[k].layout);
    }
}

/* Everything with text, laid out once per drawing. */
typedef struct {
  Placed labels[N_EDGES];
  Placed legend[2];
  double name_size;
} Layout;

/* The legend: top right, or bottom left where the closing half shows it. */
static void
place_legend (PangoContext *pc, const Theme *th, gboolean low, Placed legend[2])
{
  const char *text[2] = { _("client (A)"), _("server (B)") };
  graphene_rect_t r[2];
  for (int k = 0; k < 2; k++)
    {
      legend[k].layout = make_text (pc, th, text[k], LABEL_SIZE, FALSE, -1);
      text_rect (legend[k].layout, 0, 0, &r[k]);
    }
  double gap = 14 + SWATCH + 5;
  double x = low ? LEGEND_LOW_X + SWATCH + 5 : LEGEND_RIGHT - r[0].size.width - gap - r[1].size.width;
  for (int k = 0; k < 2; k++)
    {
      legend[k].x = x - r[k].origin.x;
      legend[k].y = (low ? LEGEND_LOW_Y : LEGEND_Y) - r[k].origin.y;
      text_rect (legend[k].layout, legend[k].x, legend[k].y, &legend[k].r);
      x += r[k].size.width + gap;
    }
}

static void
layout_init (Layout *lo, PangoContext *pc, const Theme *th, View v)
{
  for (guint i = 0; i < N_EDGES; i++)
    place_label (pc, th, &edges[i], &lo->labels[i]);
  place_legend (pc, th, v == VIEW_CLOSE, lo->legend);
  lo->name_size = name_size (pc, th);
}

static void
layout_clear (Layout *lo)
{
  for (guint i = 0; i < N_EDGES; i++)
    g_clear_object (&lo->labels[i].layout);
  for (int k = 0; k < 2; k++)
    g_clear_object (&lo->legend[k].layout);
}

/* Which part of the figure a width × height drawing shows, and how it maps. */
static View
fit (LscStateDiagram *self, int width, int height, double *scale, double *ox, double *oy)
{
  View v = VIEW_WHOLE;
  double whole = MIN (width / DW, height / DH);
  if (whole < READABLE_SCALE && !self->spread)
    {
      const graphene_rect_t *h = &views[self->half];
      if (MIN (width / h->size.width, height / h->size.height) > 1.2 * whole)
        v = self->half;
    }
  const graphene_rect_t *r = &views[v];
  *scale = MIN (width / r->size.width, height / r->size.height);
  *ox = (width - r->size.width * *scale) / 2 - r->origin.x * *scale;
  *oy = (height - r->size.height * *scale) / 2 - r->origin.y * *scale;
  return v;
}

/* The box state s is drawn in: in the closing half CLOSED is the dashed one. */
static const BoxDef *
shown_box (LscTcpState s, View v)
{
  return s == LSC_TCP_STATE_CLOSED && v == VIEW_CLOSE ? &marker : box_of (s);
}

static void
draw_with_theme (LscStateDiagram *self, cairo_t *cr, const Theme *th, int width, int height)
{
  double s, ox, oy;
  View v = fit (self, width, height, &s, &ox, &oy);
  if (s <= 0)
    return;
  cairo_save (cr);
  cairo_translate (cr, ox, oy);
  cairo_scale (cr, s, s);
  const graphene_rect_t *vr = &views[v];
  cairo_rectangle (cr, vr->origin.x, vr->origin.y, vr->size.width, vr->size.height);
  cairo_clip (cr);
  PangoContext *pc = text_context (cr);
  Layout lo;
  layout_init (&lo, pc, th, v);

  /* Lines under boxes and labels; the highlighted ones last, on top. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < N_EDGES; i++)
      {
        gboolean a = self->edge[0] == (int) i, b = self->edge[1] == (int) i;
        if (edges[i].n && (a || b) == (pass == 1))
          draw_edge (cr, th, &edges[i], a, b);
      }
  for (guint i = 0; i < N_BOXES; i++)
    draw_box (cr, pc, th, &boxes[i], lo.name_size, self->lit[0] == boxes[i].state, self->lit[1] == boxes[i].state);
  if (v == VIEW_CLOSE)
    draw_box (cr, pc, th, &marker, lo.name_size, self->lit[0] == LSC_TCP_STATE_CLOSED,
              self->lit[1] == LSC_TCP_STATE_CLOSED);
  if (v != VIEW_CLOSE || (self->lit[0] != LSC_TCP_STATE_CLOSED && self->lit[1] != LSC_TCP_STATE_CLOSED))
    draw_marker (cr, pc, th, lo.name_size);

  graphene_rect_t note;
  note_rect (&lo.labels[EDGE_RST_CLOSED], &note);
  if (graphene_rect_contains_rect (vr, &note))
    {
      rounded_rect (cr, note.origin.x, note.origin.y, note.size.width, note.size.height, 4);
      stroke_dashed (cr, th, 0.45, 1, 3);
    }

  /* Lines may run out of a half view; their labels are whole or not there. */
  for (guint i = 0; i < N_EDGES; i++)
    if (graphene_rect_contains_rect (vr, &lo.labels[i].r))
      draw_label (cr, th, &lo.labels[i], self->edge[0] == (int) i, self->edge[1] == (int) i);
  draw_legend (cr, pc, th, lo.legend);

  layout_clear (&lo);
  g_object_unref (pc);
  cairo_restore (cr);
}

void
lsc_state_diagram_draw (LscStateDiagram *self, cairo_t *cr, int width, int height)
{
  g_return_if_fail (LSC_IS_STATE_DIAGRAM (self));
  Theme th;
  theme_init (&th, GTK_WIDGET (self));
  draw_with_theme (self, cr, &th, width, height);
  theme_clear (&th);
}

static void
lsc_state_diagram_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  if (w <= 0 || h <= 0)
    return;
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, (float) w, (float) h));
  lsc_state_diagram_draw (LSC_STATE_DIAGRAM (widget), cr, w, h);
  cairo_destroy (cr);
}

/* ---- export ---------------------------------------------------------------- */

static cairo_status_t
append_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Cairo writes text as glyph outlines; give the SVG its words back: a title,
 * and over each state box an invisible rectangle whose title (a tooltip in a
 * browser) is the state's explanation, which starts with its name. */
static char *
annotate_svg (LscStateDiagram *self, const char *svg, int width, int height)
{
  const char *open = strstr (svg, "<svg");
  const char *open_end = open ? strchr (open, '>') : NULL;
  const char *close = g_strrstr (svg, "</svg>");
  if (!open_end || !close || close < open_end)
    return NULL;
  GString *s = g_string_new_len (svg, open_end + 1 - svg);
  g_autofree char *head = g_markup_printf_escaped ("\n<title>%s</title>\n<desc>%s</desc>\n", _("TCP state diagram"),
                                                   self->description ? self->description : "");
  g_string_append (s, head);
  g_string_append_len (s, open_end + 1, close - (open_end + 1));
  g_string_append (s, "<g id=\"states\" fill=\"#000\" fill-opacity=\"0\">\n");
  for (guint i = 0; i < N_BOXES; i++)
    {
      graphene_rect_t r;
      lsc_state_diagram_get_box (self, boxes[i].state, width, height, &r);
      g_autofree char *tip = g_markup_escape_text (lsc_tcp_state_explain (boxes[i].state), -1);
      char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE], w[G_ASCII_DTOSTR_BUF_SIZE], h[G_ASCII_DTOSTR_BUF_SIZE];
      g_string_append_printf (s, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"><title>%s</title></rect>\n",
                              g_ascii_formatd (x, sizeof x, "%.2f", r.origin.x), g_ascii_formatd (y, sizeof y, "%.2f", r.origin.y),
                              g_ascii_formatd (w, sizeof w, "%.2f", r.size.width), g_ascii_formatd (h, sizeof h, "%.2f", r.size.height),
                              tip);
    }
  g_string_append (s, "</g>\n");
  g_string_append (s, close);
  return g_string_free (s, FALSE);
}

gboolean
lsc_state_diagram_export (LscStateDiagram *self, const char *path, int width, int height, GError **error)
{
  g_return_val_if_fail (LSC_IS_STATE_DIAGRAM (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_autofree char *base = g_path_get_basename (path);
  const char *dot = strrchr (base, '.');
  gboolean png = dot && g_ascii_strcasecmp (dot, ".png") == 0;
  gboolean svg = dot && g_ascii_strcasecmp (dot, ".svg") == 0;
  if (!png && !svg)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot save the state diagram as “%s”: the name must end in .png or .svg"), base);
      return FALSE;
    }
  if (width <= 0 || height <= 0 || width > 16384 || height > 16384)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot save the state diagram at %d × %d pixels"), width, height);
      return FALSE;
    }

  g_autoptr (GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface = png ? cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height)
                                 : cairo_svg_surface_create_for_stream (append_bytes, bytes, width, height);
  cairo_t *cr = cairo_create (surface);
  Theme th;
  theme_init (&th, GTK_WIDGET (self));
  set_rgba (cr, &th.bg, 1);
  cairo_paint (cr);
  draw_with_theme (self, cr, &th, width, height);
  theme_clear (&th);
  cairo_status_t st = cairo_status (cr);
  cairo_destroy (cr);
  if (st == CAIRO_STATUS_SUCCESS && png)
    st = cairo_surface_write_to_png_stream (surface, append_bytes, bytes);
  cairo_surface_finish (surface);
  if (st == CAIRO_STATUS_SUCCESS)
    st = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (st != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot draw the state diagram: %s"),
                   cairo_status_to_string (st));
      return FALSE;
    }

  g_autofree char *annotated = NULL;
  if (svg)
    {
      g_byte_array_append (bytes, (const guint8 *) "", 1);
      annotated = annotate_svg (self, (const char *) bytes->data, width, height);
    }
  return g_file_set_contents (path, annotated ? annotated : (const char *) bytes->data,
                              annotated ? (gssize) strlen (annotated) : (gssize) bytes->len, error);
}

/* ---- state ----------------------------------------------------------------- */

/* Does what end k shows (its state, the arrow it took) fit the half view v? */
static gboolean
end_fits (LscStateDiagram *self, int k, View v)
{
  graphene_rect_t r;
  int e = self->edge[k];
  if (e >= 0 && !edges[e].n)
    return v == VIEW_OPEN;      /* the RST note is at the top */
  if (e >= 0)
    for (guint i = 0; i < edges[e].n; i++)
      if (!graphene_rect_contains_point (&views[v], &GRAPHENE_POINT_INIT ((float) edges[e].pts[i][0], (float) edges[e].pts[i][1])))
        return FALSE;
  /* CLOSED is in both halves (at the top, or the dashed box at the bottom),
   * unless the arrow taken says which. */
  const BoxDef *b = self->lit[k] == LSC_TCP_STATE_CLOSED && e < 0 ? NULL : box_of (self->lit[k]);
  if (self->lit[k] == LSC_TCP_STATE_CLOSED && e >= 0 && edges[e].pts[edges[e].n - 1][1] > Y3)
    b = &marker;
  if (!b)
    return TRUE;
  box_rect (b, &r);
  return graphene_rect_contains_rect (&views[v], &r);
}

static void
choose_half (LscStateDiagram *self)
{
  gboolean open = end_fits (self, 0, VIEW_OPEN) && end_fits (self, 1, VIEW_OPEN);
  gboolean close = end_fits (self, 0, VIEW_CLOSE) && end_fits (self, 1, VIEW_CLOSE);
  self->spread = !open && !close;
  /* ESTABLISHED alone fits both: stay where the last step was. */
  if (open != close)
    self->half = open ? VIEW_OPEN : VIEW_CLOSE;
}

static void
update_description (LscStateDiagram *self)
{
  g_clear_pointer (&self->description, g_free);
  if (self->lit[0] || self->lit[1])
    self->description = g_strdup_printf (_("client (A): %s, server (B): %s"),
                                         self->lit[0] ? lsc_tcp_state_name (self->lit[0]) : "—",
                                         self->lit[1] ? lsc_tcp_state_name (self->lit[1]) : "—");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->description ? self->description : "", -1);
}

void
lsc_state_diagram_set_states (LscStateDiagram *self, LscTcpState client_before, LscTcpState client_after,
                              LscTcpState server_before, LscTcpState server_after)
{
  g_return_if_fail (LSC_IS_STATE_DIAGRAM (self));
  self->lit[0] = box_of (client_after) ? client_after : LSC_TCP_STATE_UNKNOWN;
  self->lit[1] = box_of (server_after) ? server_after : LSC_TCP_STATE_UNKNOWN;
  self->edge[0] = find_edge (client_before, client_after);
  self->edge[1] = find_edge (server_before, server_after);
  choose_half (self);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
lsc_state_diagram_clear (LscStateDiagram *self)
{
  lsc_state_diagram_set_states (self, LSC_TCP_STATE_UNKNOWN, LSC_TCP_STATE_UNKNOWN,
                                LSC_TCP_STATE_UNKNOWN, LSC_TCP_STATE_UNKNOWN);
}

LscTcpState
lsc_state_diagram_get_lit_client (LscStateDiagram *self)
{
  g_return_val_if_fail (LSC_IS_STATE_DIAGRAM (self), LSC_TCP_STATE_UNKNOWN);
  return self->lit[0];
}

LscTcpState
lsc_state_diagram_get_lit_server (LscStateDiagram *self)
{
  g_return_val_if_fail (LSC_IS_STATE_DIAGRAM (self), LSC_TCP_STATE_UNKNOWN);
  return self->lit[1];
}

const char *
lsc_state_diagram_get_client_transition (LscStateDiagram *self)
{
  g_return_val_if_fail (LSC_IS_STATE_DIAGRAM (self), NULL);
  return self->edge[0] >= 0 ? _(edges[self->edge[0]].label) : NULL;
}

const char *
lsc_state_diagram_get_server_transition (LscStateDiagram *self)
{
  g_return_val_if_fail (LSC_IS_STATE_DIAGRAM (self), NULL);
  return self->edge[1] >= 0 ? _(edges[self->edge[1]].label) : NULL;
}

gboolean
lsc_state_diagram_get_box (LscStateDiagram *self, LscTcpState s, int width, int height, graphene_rect_t *out)
{
  g_return_val_if_fail (LSC_IS_STATE_DIAGRAM (self), FALSE);
  double sc, ox, oy;
  View v = fit (self, width, height, &sc, &ox, &oy);
  const BoxDef *b = shown_box (s, v);
  if (!b)
    return FALSE;
  graphene_rect_t r;
  box_rect (b, &r);
  if (!graphene_rect_contains_rect (&views[v], &r))
    return FALSE;
  graphene_rect_init (out, (float) (ox + r.origin.x * sc), (float) (oy + r.origin.y * sc),
                      (float) (r.size.width * sc), (float) (r.size.height * sc));
  return TRUE;
}

/* ---- layout check (for the tests) ------------------------------------------ */

static gboolean
rects_overlap (const graphene_rect_t *a, const graphene_rect_t *b)
{
  return a->origin.x < b->origin.x + b->size.width && b->origin.x < a->origin.x + a->size.width &&
         a->origin.y < b->origin.y + b->size.height && b->origin.y < a->origin.y + a->size.height;
}

/* Does the axis-parallel segment (x0,y0)-(x1,y1) pass through r? */
static gboolean
segment_hits_rect (double x0, double y0, double x1, double y1, const graphene_rect_t *r)
{
  graphene_rect_t s;
  graphene_rect_init (&s, (float) MIN (x0, x1), (float) MIN (y0, y1), (float) fabs (x1 - x0), (float) fabs (y1 - y0));
  /* A zero-width segment still counts: widen it by a hair. */
  graphene_rect_inset (&s, -0.01f, -0.01f);
  return rects_overlap (&s, r);
}

static void
edge_name (guint i, char *buf, gsize n)
{
  g_snprintf (buf, n, "%s→%s “%s”", edges[i].from ? lsc_tcp_state_name (edges[i].from) : "*",
              lsc_tcp_state_name (edges[i].to), _(edges[i].label));
}

GPtrArray *
lsc_state_diagram_layout_problems (LscStateDiagram *self)
{
  g_return_val_if_fail (LSC_IS_STATE_DIAGRAM (self), NULL);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  PangoContext *pc = text_context (cr);
  Theme th;
  theme_init (&th, GTK_WIDGET (self));
  Layout lo;
  layout_init (&lo, pc, &th, VIEW_WHOLE);
  Placed low[2];
  place_legend (pc, &th, TRUE, low);

  /* Every text, with the margin its background takes. */
  typedef struct { graphene_rect_t r; char name[160]; int edge; } Item;
  g_autoptr (GArray) texts = g_array_new (FALSE, TRUE, sizeof (Item));
  for (guint i = 0; i < N_EDGES; i++)
    {
      Item it = { lo.labels[i].r, "", (int) i };
      graphene_rect_inset (&it.r, -2, -1);
      edge_name (i, it.name, sizeof it.name);
      g_array_append_val (texts, it);
    }
  for (int k = 0; k < 4; k++)
    {
      Item it = { k < 2 ? lo.legend[k].r : low[k - 2].r, "", -1 };
      it.r.origin.x -= SWATCH + 5;
      it.r.size.width += SWATCH + 5;
      g_snprintf (it.name, sizeof it.name, "legend %d%s", k % 2, k < 2 ? "" : " (closing half)");
      g_array_append_val (texts, it);
    }
  g_autoptr (GArray) solids = g_array_new (FALSE, TRUE, sizeof (Item));
  for (guint i = 0; i <= N_BOXES; i++)
    {
      const BoxDef *b = i < N_BOXES ? &boxes[i] : &marker;
      Item it = { { { 0 } }, "", -1 };
      box_rect (b, &it.r);
      g_snprintf (it.name, sizeof it.name, "box %s%s", lsc_tcp_state_name (b->state), i < N_BOXES ? "" : " (marker)");
      g_array_append_val (solids, it);
    }

  graphene_rect_t canvas = GRAPHENE_RECT_INIT (0, 0, (float) DW, (float) DH);
  for (guint a = 0; a < texts->len; a++)
    {
      Item *ta = &g_array_index (texts, Item, a);
      graphene_rect_t inside;
      if (!graphene_rect_intersection (&canvas, &ta->r, &inside) || !graphene_rect_equal (&inside, &ta->r))
        g_ptr_array_add (out, g_strdup_printf ("%s leaves the drawing", ta->name));
      for (guint b = a + 1; b < texts->len; b++)
        {
          Item *tb = &g_array_index (texts, Item, b);
          /* The RST note's lines touch on purpose. */
          if (ta->edge >= EDGE_RST_CLOSED && tb->edge >= EDGE_RST_CLOSED)
            continue;
          if (rects_overlap (&ta->r, &tb->r))
            g_ptr_array_add (out, g_strdup_printf ("%s overlaps %s", ta->name, tb->name));
        }
      for (guint b = 0; b < solids->len; b++)
        if (rects_overlap (&ta->r, &g_array_index (solids, Item, b).r))
          g_ptr_array_add (out, g_strdup_printf ("%s overlaps %s", ta->name, g_array_index (solids, Item, b).name));
    }
  graphene_rect_t note;
  note_rect (&lo.labels[EDGE_RST_CLOSED], &note);

  for (guint i = 0; i < N_EDGES; i++)
    {
      const EdgeDef *e = &edges[i];
      char name[160];
      edge_name (i, name, sizeof name);
      for (guint k = 0; k + 1 < e->n; k++)
        {
          double x0 = e->pts[k][0], y0 = e->pts[k][1], x1 = e->pts[k + 1][0], y1 = e->pts[k + 1][1];
          if (x0 != x1 && y0 != y1)
            g_ptr_array_add (out, g_strdup_printf ("%s: segment %u is not horizontal or vertical", name, k));
          if (x0 < 0 || x1 < 0 || y0 < 0 || y1 < 0 || MAX (x0, x1) > DW || MAX (y0, y1) > DH)
            g_ptr_array_add (out, g_strdup_printf ("%s leaves the drawing", name));
          /* Lines end on their boxes' edges: pull the ends in a little. */
          double dx = (x1 > x0) - (x1 < x0), dy = (y1 > y0) - (y1 < y0);
          double sx0 = x0 + (k == 0 ? dx * 0.5 : 0), sy0 = y0 + (k == 0 ? dy * 0.5 : 0);
          double sx1 = x1 - (k + 2 == e->n ? dx * 0.5 : 0), sy1 = y1 - (k + 2 == e->n ? dy * 0.5 : 0);
          for (guint b = 0; b < solids->len; b++)
            if (segment_hits_rect (sx0, sy0, sx1, sy1, &g_array_index (solids, Item, b).r))
              g_ptr_array_add (out, g_strdup_printf ("%s crosses %s", name, g_array_index (solids, Item, b).name));
          for (guint t = 0; t < texts->len; t++)
            if (segment_hits_rect (x0, y0, x1, y1, &g_array_index (texts, Item, t).r))
              g_ptr_array_add (out, g_strdup_printf ("%s runs under %s", name, g_array_index (texts, Item, t).name));
          if (segment_hits_rect (x0, y0, x1, y1, &note))
            g_ptr_array_add (out, g_strdup_printf ("%s crosses the RST note", name));
          /* Crossing another arrow. */
          for (guint j = i + 1; j < N_EDGES; j++)
            for (guint m = 0; m + 1 < edges[j].n; m++)
              {
                const EdgeDef *f = &edges[j];
                double u0 = f->pts[m][0], v0 = f->pts[m][1], u1 = f->pts[m + 1][0], v1 = f->pts[m + 1][1];
                gboolean h1 = y0 == y1, h2 = v0 == v1;
                if (h1 == h2)
                  continue;
                double hx0 = h1 ? MIN (x0, x1) : MIN (u0, u1), hx1 = h1 ? MAX (x0, x1) : MAX (u0, u1), hy = h1 ? y0 : v0;
                double vx = h1 ? u0 : x0, vy0 = h1 ? MIN (v0, v1) : MIN (y0, y1), vy1 = h1 ? MAX (v0, v1) : MAX (y0, y1);
                if (vx > hx0 && vx < hx1 && hy > vy0 && hy < vy1)
                  {
                    char other[160];
                    edge_name (j, other, sizeof other);
                    g_ptr_array_add (out, g_strdup_printf ("%s crosses %s", name, other));
                  }
              }
        }
    }
  for (guint t = 0; t < texts->len; t++)
    {
      Item *it = &g_array_index (texts, Item, t);
      if (it->edge < EDGE_RST_CLOSED && rects_overlap (&it->r, &note))
        g_ptr_array_add (out, g_strdup_printf ("%s overlaps the RST note", it->name));
    }

  layout_clear (&lo);
  for (int k = 0; k < 2; k++)
    g_object_unref (low[k].layout);
  theme_clear (&th);
  g_object_unref (pc);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return out;
}

/* ---- widget plumbing ------------------------------------------------------- */

static gboolean
query_tooltip_cb (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip, LscStateDiagram *self)
{
  double s, ox, oy;
  View v = fit (self, gtk_widget_get_width (widget), gtk_widget_get_height (widget), &s, &ox, &oy);
  if (s <= 0)
    return FALSE;
  graphene_point_t p = GRAPHENE_POINT_INIT ((float) ((x - ox) / s), (float) ((y - oy) / s));
  if (!graphene_rect_contains_point (&views[v], &p))
    return FALSE;
  for (guint i = 0; i <= N_BOXES; i++)
    {
      const BoxDef *b = i < N_BOXES ? &boxes[i] : &marker;
      graphene_rect_t r;
      box_rect (b, &r);
      if (!graphene_rect_contains_point (&r, &p))
        continue;
      /* The explanation starts with the state's name. */
      gtk_tooltip_set_text (tooltip, lsc_tcp_state_explain (b->state));
      return TRUE;
    }
  return FALSE;
}

static void
lsc_state_diagram_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                           int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  /* Below about half size the labels are too small to read. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int) (DW / 2);
      *natural = (int) DW;
    }
  else
    {
      *minimum = (int) (DH / 2);
      *natural = (int) DH;
    }
}

static void
lsc_state_diagram_finalize (GObject *object)
{
  g_free (LSC_STATE_DIAGRAM (object)->description);
  G_OBJECT_CLASS (lsc_state_diagram_parent_class)->finalize (object);
}

static void
lsc_state_diagram_class_init (LscStateDiagramClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  G_OBJECT_CLASS (klass)->finalize = lsc_state_diagram_finalize;
  widget_class->snapshot = lsc_state_diagram_snapshot;
  widget_class->measure = lsc_state_diagram_measure;
  gtk_widget_class_set_css_name (widget_class, "statediagram");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lsc_state_diagram_init (LscStateDiagram *self)
{
  self->edge[0] = self->edge[1] = -1;
  self->half = VIEW_OPEN;
  /* The colours follow the theme's text colour; redraw when the style flips. */
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("TCP state diagram"), -1);
}

GtkWidget *
lsc_state_diagram_new (void)
{
  return g_object_new (LSC_TYPE_STATE_DIAGRAM, NULL);
}

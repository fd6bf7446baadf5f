/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-state-diagram.c — the TCP state diagram driven in-process (run under Xvfb)
 *
 * Steps through the states the analysis reports for a connection's segments
 * and checks which boxes are lit and which transition each end took; exports
 * PNG and SVG; renders and reads back pixels to see the right box lit; checks
 * the figure's layout (no text over text, no line through a box) in the
 * running language.  With LSC_BUILD_ROOT set it leaves PNGs there for a
 * person to look at: state-diagram-{light,dark}-{450x400,1000x700}[-LANG].png
 * (and the 1000x700 ones as .svg).
 */
#include "lsc-state-diagram.h"
#include "lsc-state-diagram-private.h"
#include "core/lsc-i18n.h"
#include "lsc-gui-test.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#define U LSC_TCP_STATE_UNKNOWN
#define CLOSED LSC_TCP_STATE_CLOSED
#define LISTEN LSC_TCP_STATE_LISTEN
#define SYN_SENT LSC_TCP_STATE_SYN_SENT
#define SYN_RCVD LSC_TCP_STATE_SYN_RECEIVED
#define ESTAB LSC_TCP_STATE_ESTABLISHED
#define FW1 LSC_TCP_STATE_FIN_WAIT_1
#define FW2 LSC_TCP_STATE_FIN_WAIT_2
#define CW LSC_TCP_STATE_CLOSE_WAIT
#define CLOSING LSC_TCP_STATE_CLOSING
#define LAST_ACK LSC_TCP_STATE_LAST_ACK
#define TW LSC_TCP_STATE_TIME_WAIT

static GtkWindow *win;
static LscStateDiagram *dia;
static char *tmpdir;

/* One segment: both ends before and after, and the label each end's
 * transition must have (untranslated; NULL: none highlighted). */
typedef struct {
  LscTcpState cb, ca, sb, sa;
  const char *client, *server;
} Step;

static void
check_steps (const Step *steps, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      const Step *s = &steps[i];
      g_test_message ("step %u: client %s → %s, server %s → %s", i, lsc_tcp_state_name (s->cb),
                      lsc_tcp_state_name (s->ca), lsc_tcp_state_name (s->sb), lsc_tcp_state_name (s->sa));
      lsc_state_diagram_set_states (dia, s->cb, s->ca, s->sb, s->sa);
      g_assert_cmpint (lsc_state_diagram_get_lit_client (dia), ==, s->ca);
      g_assert_cmpint (lsc_state_diagram_get_lit_server (dia), ==, s->sa);
      g_assert_cmpstr (lsc_state_diagram_get_client_transition (dia), ==, s->client ? _(s->client) : NULL);
      g_assert_cmpstr (lsc_state_diagram_get_server_transition (dia), ==, s->server ? _(s->server) : NULL);
    }
}

static void
test_handshake_teardown (void)
{
  /* What the analysis reports for SYN, SYN-ACK, ACK, FIN, ACK, FIN, ACK. */
  static const Step steps[] = {
    { U, CLOSED, U, LISTEN, NULL, NULL },
    { CLOSED, SYN_SENT, LISTEN, SYN_RCVD, "active open / snd SYN", "rcv SYN / snd SYN,ACK" },
    { SYN_SENT, ESTAB, SYN_RCVD, SYN_RCVD, "rcv SYN,ACK / snd ACK", NULL },
    { ESTAB, ESTAB, SYN_RCVD, ESTAB, NULL, "rcv ACK of SYN" },
    { ESTAB, FW1, ESTAB, CW, "close / snd FIN", "rcv FIN / snd ACK" },
    { FW1, FW2, CW, CW, "rcv ACK of FIN", NULL },
    { FW2, FW2, CW, LAST_ACK, NULL, "close / snd FIN" },
    { FW2, TW, LAST_ACK, CLOSED, "rcv FIN / snd ACK", "rcv ACK of FIN" },
    { TW, CLOSED, CLOSED, CLOSED, "timeout = 2MSL", NULL },
  };
  check_steps (steps, G_N_ELEMENTS (steps));
}

static void
test_simultaneous (void)
{
  static const Step open[] = {
    { CLOSED, SYN_SENT, CLOSED, SYN_SENT, "active open / snd SYN", "active open / snd SYN" },
    { SYN_SENT, SYN_RCVD, SYN_SENT, SYN_RCVD, "rcv SYN / snd SYN,ACK", "rcv SYN / snd SYN,ACK" },
    { SYN_RCVD, ESTAB, SYN_RCVD, ESTAB, "rcv ACK of SYN", "rcv ACK of SYN" },
  };
  static const Step close[] = {
    { ESTAB, FW1, ESTAB, FW1, "close / snd FIN", "close / snd FIN" },
    { FW1, CLOSING, FW1, CLOSING, "rcv FIN / snd ACK", "rcv FIN / snd ACK" },
    { CLOSING, TW, CLOSING, TW, "rcv ACK of FIN", "rcv ACK of FIN" },
    { TW, CLOSED, TW, CLOSED, "timeout = 2MSL", "timeout = 2MSL" },
  };
  check_steps (open, G_N_ELEMENTS (open));
  check_steps (close, G_N_ELEMENTS (close));
}

static void
test_other_closes (void)
{
  static const Step steps[] = {
    /* Three-segment close: the FIN that also acknowledges. */
    { FW1, TW, CW, LAST_ACK, "rcv FIN,ACK / snd ACK", "close / snd FIN" },
    /* The server closes first: the roles swap sides, the labels do not. */
    { ESTAB, CW, ESTAB, FW1, "rcv FIN / snd ACK", "close / snd FIN" },
    { SYN_RCVD, FW1, LISTEN, CLOSED, "close / snd FIN", "close" },
    { CLOSED, LISTEN, LISTEN, SYN_SENT, "passive open", "send / snd SYN" },
    /* RST: from any synchronized state to CLOSED; a refused SYN too. */
    { ESTAB, CLOSED, ESTAB, CLOSED, "RST: any state → CLOSED", "RST: any state → CLOSED" },
    { SYN_SENT, CLOSED, CLOSED, CLOSED, "RST: any state → CLOSED", NULL },
    { SYN_RCVD, LISTEN, CW, CLOSED, "RST: SYN-RECEIVED → LISTEN", "RST: any state → CLOSED" },
  };
  check_steps (steps, G_N_ELEMENTS (steps));
}

static void
test_no_single_transition (void)
{
  static const Step steps[] = {
    /* The analysis jumped: the states are lit, no arrow is. */
    { CLOSED, ESTAB, LISTEN, TW, NULL, NULL },
    { SYN_SENT, FW2, CW, CLOSING, NULL, NULL },
    { LISTEN, ESTAB, CLOSED, CW, NULL, NULL },
    /* Captured mid-stream: nothing known before. */
    { U, ESTAB, U, ESTAB, NULL, NULL },
    /* Unknown after: nothing lit for that end. */
    { ESTAB, U, ESTAB, ESTAB, NULL, NULL },
    { U, U, U, U, NULL, NULL },
  };
  check_steps (steps, G_N_ELEMENTS (steps));
  lsc_state_diagram_set_states (dia, 42, 43, -1, ESTAB);
  g_assert_cmpint (lsc_state_diagram_get_lit_client (dia), ==, U);
  g_assert_cmpint (lsc_state_diagram_get_lit_server (dia), ==, ESTAB);
  g_assert_null (lsc_state_diagram_get_client_transition (dia));
  g_assert_null (lsc_state_diagram_get_server_transition (dia));

  lsc_state_diagram_set_states (dia, ESTAB, FW1, ESTAB, CW);
  lsc_state_diagram_clear (dia);
  g_assert_cmpint (lsc_state_diagram_get_lit_client (dia), ==, U);
  g_assert_cmpint (lsc_state_diagram_get_lit_server (dia), ==, U);
  g_assert_null (lsc_state_diagram_get_client_transition (dia));
  g_assert_null (lsc_state_diagram_get_server_transition (dia));
  graphene_rect_t r;
  g_assert_false (lsc_state_diagram_get_box (dia, U, 450, 400, &r));
}

/* ---- pixels ---------------------------------------------------------------- */

typedef struct { int r, g, b; } Rgb;

static Rgb
pixel (cairo_surface_t *s, double x, double y)
{
  cairo_surface_flush (s);
  const guint8 *row = cairo_image_surface_get_data (s) + (int) y * cairo_image_surface_get_stride (s);
  guint32 p = ((const guint32 *) row)[(int) x];
  return (Rgb) { (p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff };
}

static cairo_surface_t *
render (int w, int h)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (s);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  lsc_state_diagram_draw (dia, cr, w, h);
  cairo_destroy (cr);
  return s;
}

/* Inside the box, clear of its name: near its left or right end, half-way down. */
static Rgb
box_pixel (cairo_surface_t *s, int state, gboolean right)
{
  graphene_rect_t r;
  g_assert_true (lsc_state_diagram_get_box (dia, state, cairo_image_surface_get_width (s),
                                            cairo_image_surface_get_height (s), &r));
  double x = right ? r.origin.x + r.size.width - 5 : r.origin.x + 4;
  return pixel (s, x, r.origin.y + r.size.height / 2);
}

static gboolean
is_blue (Rgb c)
{
  return c.b > c.r + 80;
}

static gboolean
is_orange (Rgb c)
{
  return c.r > c.b + 80;
}

static gboolean
is_unlit (Rgb c)
{
  /* A faint tint of the text colour over white. */
  return c.r > 200 && c.g > 200 && c.b > 200;
}

static void
test_pixels (void)
{
  lsc_state_diagram_set_states (dia, SYN_SENT, ESTAB, LISTEN, SYN_RCVD);
  cairo_surface_t *s = render (450, 400);
  g_assert_true (is_blue (box_pixel (s, ESTAB, FALSE)));
  g_assert_true (is_blue (box_pixel (s, ESTAB, TRUE)));
  g_assert_true (is_orange (box_pixel (s, SYN_RCVD, FALSE)));
  for (int st = CLOSED; st <= TW; st++)
    if (st != ESTAB && st != SYN_RCVD)
      g_assert_true (is_unlit (box_pixel (s, st, FALSE)));
  cairo_surface_destroy (s);

  /* Both ends in one state: client's half on the left, server's on the right. */
  lsc_state_diagram_set_states (dia, SYN_SENT, ESTAB, SYN_RCVD, ESTAB);
  s = render (1000, 700);
  g_assert_true (is_blue (box_pixel (s, ESTAB, FALSE)));
  g_assert_true (is_orange (box_pixel (s, ESTAB, TRUE)));
  g_assert_true (is_unlit (box_pixel (s, SYN_RCVD, FALSE)));
  cairo_surface_destroy (s);

  /* Nothing lit: the box that was lit looks like any other. */
  lsc_state_diagram_clear (dia);
  s = render (450, 400);
  Rgb a = box_pixel (s, ESTAB, FALSE), b = box_pixel (s, CLOSING, FALSE);
  g_assert_true (is_unlit (a));
  g_assert_cmpint (a.r, ==, b.r);
  g_assert_cmpint (a.g, ==, b.g);
  g_assert_cmpint (a.b, ==, b.b);
  cairo_surface_destroy (s);
}

/* Drawn at w × h, the client's box is blue and the server's orange (the
 * right half of a box they share). */
static void
assert_lit (int w, int h, LscTcpState client, LscTcpState server)
{
  cairo_surface_t *s = render (w, h);
  g_assert_true (is_blue (box_pixel (s, client, FALSE)));
  g_assert_true (is_orange (box_pixel (s, server, client == server)));
  cairo_surface_destroy (s);
}

static void
assert_shown (LscTcpState st, int w, int h, graphene_rect_t *r)
{
  g_assert_true (lsc_state_diagram_get_box (dia, st, w, h, r));
  g_assert_cmpfloat (r->origin.x, >=, 0);
  g_assert_cmpfloat (r->origin.y, >=, 0);
  g_assert_cmpfloat (r->origin.x + r->size.width, <=, w);
  g_assert_cmpfloat (r->origin.y + r->size.height, <=, h);
}

/* A short, wide pane (the flow panel's, on a 1024x768 screen) shows the half
 * of the figure that holds the lit states, as large as a 450x400 pane shows
 * the whole; states in both halves bring back the whole figure. */
static void
test_half_view (void)
{
  graphene_rect_t r, big, tw;
  /* The handshake: the opening half. */
  lsc_state_diagram_set_states (dia, CLOSED, SYN_SENT, LISTEN, SYN_RCVD);
  lsc_state_diagram_get_box (dia, SYN_SENT, 450, 400, &big);
  assert_shown (SYN_SENT, 450, 225, &r);
  g_assert_cmpfloat (r.size.height, >=, 0.95 * big.size.height);
  for (int st = CLOSED; st <= ESTAB; st++)
    assert_shown (st, 450, 225, &r);
  g_assert_false (lsc_state_diagram_get_box (dia, FW1, 450, 225, &r));
  g_assert_false (lsc_state_diagram_get_box (dia, TW, 450, 225, &r));
  assert_lit (450, 225, SYN_SENT, SYN_RCVD);

  /* ESTABLISHED is in both halves: the view stays where it was. */
  lsc_state_diagram_set_states (dia, SYN_SENT, ESTAB, SYN_RCVD, ESTAB);
  assert_shown (LISTEN, 450, 225, &r);
  lsc_state_diagram_set_states (dia, ESTAB, ESTAB, ESTAB, ESTAB);
  assert_shown (LISTEN, 450, 225, &r);

  /* The teardown: the closing half. */
  lsc_state_diagram_set_states (dia, ESTAB, FW1, ESTAB, CW);
  g_assert_false (lsc_state_diagram_get_box (dia, LISTEN, 450, 225, &r));
  for (int st = ESTAB; st <= TW; st++)
    assert_shown (st, 450, 225, &r);
  assert_lit (450, 225, FW1, CW);
  lsc_state_diagram_set_states (dia, FW1, FW2, CW, CW);
  assert_shown (FW2, 450, 225, &r);

  /* CLOSED reached at the bottom: the dashed CLOSED there is lit. */
  lsc_state_diagram_set_states (dia, FW2, TW, LAST_ACK, CLOSED);
  assert_shown (TW, 450, 225, &tw);
  assert_shown (CLOSED, 450, 225, &r);
  g_assert_cmpfloat (fabs (r.origin.y - tw.origin.y), <, 1);
  assert_lit (450, 225, TW, CLOSED);
  lsc_state_diagram_set_states (dia, TW, CLOSED, CLOSED, CLOSED);
  assert_lit (450, 225, CLOSED, CLOSED);

  /* One end at the top, the other at the bottom: the whole figure. */
  lsc_state_diagram_set_states (dia, U, LISTEN, U, TW);
  assert_shown (LISTEN, 450, 225, &r);
  assert_shown (TW, 450, 225, &r);
  g_assert_cmpfloat (r.size.height, <, 0.7 * big.size.height);

  /* A pane tall enough for the whole figure shows it, whatever is lit. */
  lsc_state_diagram_set_states (dia, ESTAB, FW1, ESTAB, CW);
  assert_shown (LISTEN, 450, 400, &r);
  assert_shown (LISTEN, 1000, 700, &r);
  lsc_state_diagram_clear (dia);
}

/* The widget paints through snapshot() what draw() paints. */
static gboolean
allocated (void)
{
  return gtk_widget_get_width (GTK_WIDGET (dia)) >= 450 && gtk_widget_get_height (GTK_WIDGET (dia)) >= 400;
}

/* Until the window has given the widget its 450 × 400. */
static void
wait_allocated (void)
{
  gtk_widget_set_size_request (GTK_WIDGET (dia), 450, 400);
  lsc_gui_wait_for (allocated, "the state diagram's allocation", 5);
}

static void
test_snapshot (void)
{
  lsc_state_diagram_set_states (dia, ESTAB, FW1, ESTAB, CW);
  wait_allocated ();
  int w = gtk_widget_get_width (GTK_WIDGET (dia)), h = gtk_widget_get_height (GTK_WIDGET (dia));
  g_assert_cmpint (w, >=, 450);
  g_assert_cmpint (h, >=, 400);
  GtkSnapshot *snap = gtk_snapshot_new ();
  GTK_WIDGET_GET_CLASS (dia)->snapshot (GTK_WIDGET (dia), snap);
  GskRenderNode *node = gtk_snapshot_free_to_node (snap);
  g_assert_nonnull (node);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (s);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  gsk_render_node_unref (node);
  g_assert_true (is_blue (box_pixel (s, FW1, FALSE)));
  g_assert_true (is_orange (box_pixel (s, CW, FALSE)));
  g_assert_true (is_unlit (box_pixel (s, ESTAB, FALSE)));
  cairo_surface_destroy (s);
}

/* ---- geometry, layout, tooltips -------------------------------------------- */

static void
test_geometry (void)
{
  /* Every state has a box inside the drawing, boxes do not overlap, and the
   * figure keeps its shape: ESTABLISHED between the opening and the closing,
   * the first closer's column left of the second's, TIME-WAIT at the bottom. */
  int sizes[][2] = { { 450, 400 }, { 1000, 700 }, { 300, 600 } };
  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    {
      int w = sizes[k][0], h = sizes[k][1];
      graphene_rect_t r[TW + 1];
      for (int st = CLOSED; st <= TW; st++)
        {
          g_assert_true (lsc_state_diagram_get_box (dia, st, w, h, &r[st]));
          g_assert_cmpfloat (r[st].origin.x, >=, 0);
          g_assert_cmpfloat (r[st].origin.y, >=, 0);
          g_assert_cmpfloat (r[st].origin.x + r[st].size.width, <=, w);
          g_assert_cmpfloat (r[st].origin.y + r[st].size.height, <=, h);
          for (int o = CLOSED; o < st; o++)
            g_assert_false (graphene_rect_intersection (&r[st], &r[o], NULL));
        }
      g_assert_cmpfloat (r[CLOSED].origin.y, <, r[LISTEN].origin.y);
      g_assert_cmpfloat (r[LISTEN].origin.y, <, r[ESTAB].origin.y);
      g_assert_cmpfloat (r[ESTAB].origin.y, <, r[FW1].origin.y);
      g_assert_cmpfloat (r[SYN_RCVD].origin.x, <, r[SYN_SENT].origin.x);
      g_assert_cmpfloat (r[FW1].origin.x, <, r[CW].origin.x);
      g_assert_cmpfloat (r[FW2].origin.x, <, r[LAST_ACK].origin.x);
      for (int st = CLOSED; st < TW; st++)
        g_assert_cmpfloat (r[TW].origin.y, >, r[st].origin.y);
    }
  /* It fills the width or the height it is given, keeping its shape. */
  graphene_rect_t a, b;
  lsc_state_diagram_get_box (dia, ESTAB, 450, 400, &a);
  lsc_state_diagram_get_box (dia, ESTAB, 900, 800, &b);
  g_assert_cmpfloat_with_epsilon (b.size.width, 2 * a.size.width, 0.01);
  g_assert_cmpfloat_with_epsilon (b.size.width / b.size.height, a.size.width / a.size.height, 0.001);
}

static void
test_layout_clean (void)
{
  g_autoptr (GPtrArray) problems = lsc_state_diagram_layout_problems (dia);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("layout: %s", (const char *) problems->pdata[i]);
  g_assert_cmpuint (problems->len, ==, 0);
}

static gboolean
tooltip_at (double x, double y)
{
  GtkTooltip *tip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  gboolean shown = FALSE;
  g_signal_emit_by_name (dia, "query-tooltip", (int) x, (int) y, FALSE, tip, &shown);
  g_object_unref (tip);
  return shown;
}

static void
test_tooltips (void)
{
  wait_allocated ();
  int w = gtk_widget_get_width (GTK_WIDGET (dia)), h = gtk_widget_get_height (GTK_WIDGET (dia));
  g_assert_cmpint (w, >, 0);
  for (int st = CLOSED; st <= TW; st++)
    {
      graphene_rect_t r;
      lsc_state_diagram_get_box (dia, st, w, h, &r);
      g_assert_true (tooltip_at (r.origin.x + r.size.width / 2, r.origin.y + r.size.height / 2));
    }
  /* Between CLOSED and the top edge's corner, nothing. */
  graphene_rect_t c;
  lsc_state_diagram_get_box (dia, ESTAB, w, h, &c);
  g_assert_false (tooltip_at (c.origin.x + c.size.width / 2, c.origin.y - 0.6 * c.size.height));
}

/* ---- export ---------------------------------------------------------------- */

typedef struct {
  GString *text;
  guint elements;
  gboolean in_title;
} SvgScan;

static void
svg_start (GMarkupParseContext *ctx, const char *name, const char **an, const char **av, gpointer data, GError **error)
{
  SvgScan *s = data;
  s->elements++;
  s->in_title = g_str_equal (name, "title");
}

static void
svg_end (GMarkupParseContext *ctx, const char *name, gpointer data, GError **error)
{
  ((SvgScan *) data)->in_title = FALSE;
}

static void
svg_text (GMarkupParseContext *ctx, const char *text, gsize len, gpointer data, GError **error)
{
  SvgScan *s = data;
  if (s->in_title)
    {
      g_string_append_len (s->text, text, len);
      g_string_append_c (s->text, '\n');
    }
}

static void
test_export (void)
{
  lsc_state_diagram_set_states (dia, ESTAB, FW1, ESTAB, CW);
  g_autofree char *png = g_build_filename (tmpdir, "diagram.png", NULL);
  g_autofree char *svg = g_build_filename (tmpdir, "diagram.SVG", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (lsc_state_diagram_export (dia, png, 450, 400, &error));
  g_assert_no_error (error);
  cairo_surface_t *img = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (img), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (img), ==, 450);
  g_assert_cmpint (cairo_image_surface_get_height (img), ==, 400);
  /* Opaque, and the client's state lit in the file too. */
  g_assert_cmpuint (((const guint32 *) cairo_image_surface_get_data (img))[0] >> 24, ==, 0xff);
  g_assert_true (is_blue (box_pixel (img, FW1, FALSE)));
  cairo_surface_destroy (img);

  g_assert_true (lsc_state_diagram_export (dia, svg, 1000, 700, &error));
  g_assert_no_error (error);
  g_autofree char *xml = NULL;
  gsize len;
  g_assert_true (g_file_get_contents (svg, &xml, &len, &error));
  SvgScan scan = { g_string_new (NULL), 0, FALSE };
  GMarkupParser parser = { svg_start, svg_end, svg_text, NULL, NULL };
  GMarkupParseContext *ctx = g_markup_parse_context_new (&parser, 0, &scan, NULL);
  g_assert_true (g_markup_parse_context_parse (ctx, xml, (gssize) len, &error) &&
                 g_markup_parse_context_end_parse (ctx, &error));
  g_assert_no_error (error);
  g_markup_parse_context_free (ctx);
  g_assert_cmpuint (scan.elements, >, 50);   /* paths, not an empty page */
  g_assert_nonnull (strstr (xml, "width=\"1000"));
  /* One title per state box, each starting with the state's name. */
  g_auto (GStrv) titles = g_strsplit (scan.text->str, "\n", -1);
  for (int st = CLOSED; st <= TW; st++)
    {
      gboolean found = FALSE;
      for (char **t = titles; *t && !found; t++)
        found = g_str_has_prefix (*t, lsc_tcp_state_name (st)) && !g_ascii_isalnum ((*t)[strlen (lsc_tcp_state_name (st))]);
      g_assert_true (found);
    }
  g_assert_nonnull (strstr (scan.text->str, "2×MSL"));
  g_string_free (scan.text, TRUE);

  /* Drawn back by librsvg (gdk-pixbuf's SVG loader), the client's box is lit. */
  g_autoptr (GdkPixbuf) pb = gdk_pixbuf_new_from_file_at_size (svg, 1000, 700, &error);
  if (g_error_matches (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_UNKNOWN_TYPE))
    {
      g_test_message ("no SVG loader for gdk-pixbuf on this machine: the SVG is not drawn back");
      g_clear_error (&error);
    }
  else
    {
      g_assert_no_error (error);
      g_assert_cmpint (gdk_pixbuf_get_width (pb), ==, 1000);
      cairo_surface_t *back = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1000, 700);
      cairo_t *cr = cairo_create (back);
      gdk_cairo_set_source_pixbuf (cr, pb, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
      g_assert_true (is_blue (box_pixel (back, FW1, FALSE)));
      g_assert_true (is_orange (box_pixel (back, CW, FALSE)));
      cairo_surface_destroy (back);
    }

  /* Anything but .png or .svg: a one-line error, and no file. */
  g_autofree char *pdf = g_build_filename (tmpdir, "diagram.pdf", NULL);
  g_assert_false (lsc_state_diagram_export (dia, pdf, 450, 400, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (strchr (error->message, '\n'));
  g_assert_nonnull (strstr (error->message, "diagram.pdf"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  g_autofree char *none = g_build_filename (tmpdir, "diagram", NULL);
  g_assert_false (lsc_state_diagram_export (dia, none, 450, 400, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* A directory that is not there: the file error, not a crash. */
  g_autofree char *lost = g_build_filename (tmpdir, "no-such-dir", "d.png", NULL);
  g_assert_false (lsc_state_diagram_export (dia, lost, 450, 400, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  /* A diagram in no window yet exports too (in the default colours). */
  LscStateDiagram *loose = g_object_ref_sink (LSC_STATE_DIAGRAM (lsc_state_diagram_new ()));
  lsc_state_diagram_set_states (loose, CLOSED, SYN_SENT, LISTEN, SYN_RCVD);
  g_assert_true (lsc_state_diagram_export (loose, png, 450, 400, &error));
  g_assert_no_error (error);
  img = cairo_image_surface_create_from_png (png);
  g_assert_true (is_blue (box_pixel (img, SYN_SENT, FALSE)));
  g_assert_true (is_orange (box_pixel (img, SYN_RCVD, FALSE)));
  cairo_surface_destroy (img);
  g_object_unref (loose);

  g_unlink (png);
  g_unlink (svg);
}

/* ---- pictures for a person ------------------------------------------------- */

static gboolean
style_is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static gboolean
style_is_light (void)
{
  return !style_is_dark ();
}

static void
test_screenshots (void)
{
  const char *dir = g_getenv ("LSC_BUILD_ROOT");
  if (!dir)
    {
      g_test_skip ("LSC_BUILD_ROOT not set: no pictures to leave");
      return;
    }
  const char *lang = g_getenv ("LANGUAGE");
  g_autofree char *suffix = lang && *lang && !g_str_equal (lang, "C") ? g_strdup_printf ("-%s", lang) : g_strdup ("");
  int sizes[][2] = { { 450, 400 }, { 1000, 700 } };
  AdwStyleManager *sm = adw_style_manager_get_default ();
  for (int dark = 0; dark < 2; dark++)
    {
      adw_style_manager_set_color_scheme (sm, dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      lsc_gui_wait_for (dark ? style_is_dark : style_is_light, dark ? "the dark style" : "the light style", 5);
      lsc_gui_spin (50);
      for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
        {
          /* The first FIN: client closes, server acknowledges. */
          lsc_state_diagram_set_states (dia, ESTAB, FW1, ESTAB, CW);
          g_autofree char *name = g_strdup_printf ("state-diagram-%s-%dx%d%s.png", dark ? "dark" : "light",
                                                   sizes[k][0], sizes[k][1], suffix);
          g_autofree char *path = g_build_filename (dir, name, NULL);
          g_autoptr (GError) error = NULL;
          g_assert_true (lsc_state_diagram_export (dia, path, sizes[k][0], sizes[k][1], &error));
          g_assert_no_error (error);
          g_test_message ("picture: %s", path);
          if (k == 1)
            {
              /* The same for slides, as SVG. */
              strcpy (path + strlen (path) - 3, "svg");
              g_assert_true (lsc_state_diagram_export (dia, path, sizes[k][0], sizes[k][1], &error));
              g_assert_no_error (error);
              g_test_message ("picture: %s", path);
            }
        }
      /* Both ends in ESTABLISHED, having come from both sides; both taking
       * the same arrow in a simultaneous close. */
      /* And a short pane's halves: the handshake, the end of the teardown. */
      const struct { const char *what; LscTcpState cb, ca, sb, sa; int h; } both[] = {
        { "both", SYN_SENT, ESTAB, SYN_RCVD, ESTAB, 400 },
        { "simultaneous-close", FW1, CLOSING, FW1, CLOSING, 400 },
        { "opening-half", CLOSED, SYN_SENT, LISTEN, SYN_RCVD, 225 },
        { "closing-half", FW2, TW, LAST_ACK, CLOSED, 225 },
      };
      for (guint k = 0; k < G_N_ELEMENTS (both); k++)
        {
          lsc_state_diagram_set_states (dia, both[k].cb, both[k].ca, both[k].sb, both[k].sa);
          g_autofree char *name = g_strdup_printf ("state-diagram-%s-%s-450x%d%s.png", both[k].what,
                                                   dark ? "dark" : "light", both[k].h, suffix);
          g_autofree char *path = g_build_filename (dir, name, NULL);
          g_autoptr (GError) error = NULL;
          g_assert_true (lsc_state_diagram_export (dia, path, 450, both[k].h, &error));
          g_assert_no_error (error);
          g_test_message ("picture: %s", path);
        }
    }
  adw_style_manager_set_color_scheme (sm, ADW_COLOR_SCHEME_DEFAULT);
}

/* Under LANGUAGE=zh_CN the labels must really be translated. */
static void
test_translated (void)
{
  const char *lang = g_getenv ("LANGUAGE");
  if (!lang || !g_str_has_prefix (lang, "zh"))
    {
      g_test_skip ("not running in Chinese");
      return;
    }
  lsc_state_diagram_set_states (dia, CLOSED, LISTEN, CLOSED, SYN_SENT);
  g_assert_cmpstr (lsc_state_diagram_get_client_transition (dia), !=, "passive open");
  g_assert_cmpstr (lsc_state_diagram_get_server_transition (dia), !=, "active open / snd SYN");
  g_assert_nonnull (strstr (lsc_state_diagram_get_server_transition (dia), "SYN"));
  /* The tooltips' explanations too: Chinese after the state's name. */
  const char *tw = lsc_tcp_state_explain (LSC_TCP_STATE_TIME_WAIT);
  g_assert_true (g_str_has_prefix (tw, "TIME-WAIT"));
  gboolean han = FALSE;
  for (const char *c = tw; *c; c = g_utf8_next_char (c))
    han |= g_unichar_get_script (g_utf8_get_char (c)) == G_UNICODE_SCRIPT_HAN;
  g_assert_true (han);
}

int
main (int argc, char **argv)
{
  if (!lsc_gui_test_init (&argc, &argv))
    return 0;
  adw_init ();
  tmpdir = g_dir_make_tmp ("lsc-state-diagram-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);
  win = GTK_WINDOW (gtk_window_new ());
  dia = LSC_STATE_DIAGRAM (lsc_state_diagram_new ());
  gtk_window_set_child (win, GTK_WIDGET (dia));
  gtk_window_set_default_size (win, 450, 400);
  gtk_window_present (win);

  g_test_add_func ("/state-diagram/handshake-teardown", test_handshake_teardown);
  g_test_add_func ("/state-diagram/simultaneous-open-close", test_simultaneous);
  g_test_add_func ("/state-diagram/other-closes-and-rst", test_other_closes);
  g_test_add_func ("/state-diagram/no-single-transition", test_no_single_transition);
  g_test_add_func ("/state-diagram/geometry", test_geometry);
  g_test_add_func ("/state-diagram/layout-clean", test_layout_clean);
  g_test_add_func ("/state-diagram/pixels", test_pixels);
  g_test_add_func ("/state-diagram/half-view", test_half_view);
  g_test_add_func ("/state-diagram/snapshot", test_snapshot);
  g_test_add_func ("/state-diagram/tooltips", test_tooltips);
  g_test_add_func ("/state-diagram/export", test_export);
  g_test_add_func ("/state-diagram/translated", test_translated);
  g_test_add_func ("/state-diagram/screenshots", test_screenshots);
  int rc = g_test_run ();
  gtk_window_destroy (win);
  g_rmdir (tmpdir);
  g_free (tmpdir);
  return rc;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-lab-view.c — the classroom lab drawn (see lsc-lab-view.h) */
#include "lsc-lab-view.h"
#include "lsc-layer-colors.h"

#include <glib/gi18n.h>
#include <math.h>

#define PAD 8.0     /* inside a box */
#define MARGIN 6.0  /* around the drawing */
#define VGAP 14.0   /* between boxes in a column */
#define TOP 22.0    /* above the columns: the subnets' labels */

typedef struct {
  const LscLabHost *host;
  PangoLayout *layout;
  char *text;          /* the layout's plain text */
  double x, y, w, h;   /* unscaled drawing units */
  int side;            /* -1 left of the router, +1 right, 0 the router column */
} Box;

typedef struct {
  const char *net;
  PangoLayout *label;
  int side;
  double x;            /* the link's vertical line */
} Net;

struct _LscLabView {
  GtkWidget parent_instance;
  LscLab *lab;
  char *here;
  GArray *boxes;       /* Box */
  GArray *nets;        /* Net */
  double width, height; /* natural size of the drawing */
};

G_DEFINE_FINAL_TYPE (LscLabView, lsc_lab_view, GTK_TYPE_WIDGET)

static void
box_clear (Box *b)
{
  g_clear_object (&b->layout);
  g_clear_pointer (&b->text, g_free);
}

static void
net_clear (Net *n)
{
  g_clear_object (&n->label);
}

/* A layer's colour made readable as text: the layer colours are pale chip
 * backgrounds, so half of it mixed with the text colour (dark or light theme). */
static char *
color_hex (GtkWidget *w, guint osi)
{
  GdkRGBA c, fg;
  lsc_layer_color (osi, &c);
  lsc_widget_get_fg (w, &fg);
  double k = 0.5;
  return g_strdup_printf ("#%02x%02x%02x", (int) ((c.red * k + fg.red * (1 - k)) * 255),
                          (int) ((c.green * k + fg.green * (1 - k)) * 255), (int) ((c.blue * k + fg.blue * (1 - k)) * 255));
}

/* A box's text: its name, then per interface its name and addresses (network
 * layer colour) and MAC (link layer colour). */
static PangoLayout *
box_layout (LscLabView *self, const LscLabHost *h, char **plain)
{
  g_autofree char *l3 = color_hex (GTK_WIDGET (self), 3), *l2 = color_hex (GTK_WIDGET (self), 2);
  g_autoptr (GString) m = g_string_new (NULL);
  g_autoptr (GString) t = g_string_new (NULL);
  g_autofree char *name = g_markup_escape_text (h->name, -1);
  const char *role = h->router ? _("router") : g_strcmp0 (h->name, self->here) == 0 ? _("this host") : NULL;
  g_string_append_printf (m, "<b>%s</b>", name);
  g_string_append (t, h->name);
  if (role)
    {
      g_string_append_printf (m, " <small>· %s</small>", role);
      g_string_append_printf (t, " · %s", role);
    }
  for (guint k = 0; k < h->ifaces->len; k++)
    {
      const LscLabIface *f = h->ifaces->pdata[k];
      g_autofree char *fname = g_markup_escape_text (f->name, -1);
      g_string_append_printf (m, "\n<tt>%s</tt>", fname);
      g_string_append_printf (t, "\n%s", f->name);
      for (guint a = 0; f->addresses[a]; a++)
        {
          g_autofree char *addr = g_markup_escape_text (f->addresses[a], -1);
          g_string_append_printf (m, "\n  <span foreground=\"%s\">%s</span>", l3, addr);
          g_string_append_printf (t, "\n  %s", f->addresses[a]);
        }
      if (f->mac)
        {
          g_string_append_printf (m, "\n  <span foreground=\"%s\"><tt>%s</tt></span>", l2, f->mac);
          g_string_append_printf (t, "\n  %s", f->mac);
        }
    }
  *plain = g_string_free (g_steal_pointer (&t), FALSE);
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  pango_layout_set_markup (layout, m->str, -1);
  return layout;
}

static int
net_index (LscLabView *self, const char *net)
{
  for (guint i = 0; i < self->nets->len; i++)
    if (g_strcmp0 (g_array_index (self->nets, Net, i).net, net) == 0)
      return (int) i;
  return -1;
}

/* Columns: the hosts of the first subnet, the router, the hosts of the
 * second (further subnets alternate sides); each column centred vertically. */
static void
relayout (LscLabView *self)
{
  g_array_set_size (self->boxes, 0);
  g_array_set_size (self->nets, 0);
  self->width = self->height = 0;
  if (!self->lab)
    return;
  g_autoptr (GPtrArray) nets = lsc_lab_nets (self->lab);
  for (guint i = 0; i < nets->len; i++)
    {
      Net n = { .net = nets->pdata[i], .side = i % 2 ? 1 : -1 };
      n.label = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
      g_autofree char *mk = g_markup_printf_escaped ("<small>%s</small>", n.net);
      pango_layout_set_markup (n.label, mk, -1);
      g_array_append_val (self->nets, n);
    }
  double col_w[3] = { 0, 0, 0 }, col_h[3] = { 0, 0, 0 };
  for (guint i = 0; i < self->lab->hosts->len; i++)
    {
      const LscLabHost *h = self->lab->hosts->pdata[i];
      Box b = { .host = h };
      b.layout = box_layout (self, h, &b.text);
      int pw, ph;
      pango_layout_get_pixel_size (b.layout, &pw, &ph);
      b.w = pw + 2 * PAD;
      b.h = ph + 2 * PAD;
      int ni = h->ifaces->len ? net_index (self, ((LscLabIface *) h->ifaces->pdata[0])->net) : -1;
      b.side = h->router ? 0 : ni >= 0 ? g_array_index (self->nets, Net, ni).side : -1;
      int c = b.side + 1;
      col_w[c] = MAX (col_w[c], b.w);
      col_h[c] += (col_h[c] > 0 ? VGAP : 0) + b.h;
      g_array_append_val (self->boxes, b);
    }
  /* The gap between columns holds the link's line and its label. */
  double gap = 56;
  for (guint i = 0; i < self->nets->len; i++)
    {
      int lw, lh;
      pango_layout_get_pixel_size (g_array_index (self->nets, Net, i).label, &lw, &lh);
      gap = MAX (gap, lw + 16);
    }
  double col_x[3];
  col_x[0] = MARGIN;
  col_x[1] = col_x[0] + col_w[0] + (col_w[0] > 0 ? gap : 0);
  col_x[2] = col_x[1] + col_w[1] + gap;
  self->width = col_x[2] + col_w[2] + MARGIN;
  double inner = MAX (col_h[0], MAX (col_h[1], col_h[2]));
  self->height = TOP + inner + MARGIN;
  double y[3];
  for (int c = 0; c < 3; c++)
    y[c] = TOP + (inner - col_h[c]) / 2;
  for (guint i = 0; i < self->boxes->len; i++)
    {
      Box *b = &g_array_index (self->boxes, Box, i);
      int c = b->side + 1;
      /* Hosts line up against the link; the router is centred in its column. */
      b->x = c == 0 ? col_x[0] + col_w[0] - b->w : c == 2 ? col_x[2] : col_x[1] + (col_w[1] - b->w) / 2;
      b->y = y[c];
      y[c] += b->h + VGAP;
    }
  for (guint i = 0; i < self->nets->len; i++)
    {
      Net *n = &g_array_index (self->nets, Net, i);
      n->x = n->side < 0 ? col_x[1] - gap / 2 : col_x[2] - gap / 2;
    }
}

static double
scale_of (LscLabView *self)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  return self->width > 0 && w > 0 && w < self->width ? w / self->width : 1.0;
}

/* Where the drawing starts: centred in the widget. */
static void
origin_of (LscLabView *self, double scale, double *ox, double *oy)
{
  *ox = MAX (0, (gtk_widget_get_width (GTK_WIDGET (self)) - self->width * scale) / 2);
  *oy = MAX (0, (gtk_widget_get_height (GTK_WIDGET (self)) - self->height * scale) / 2);
}

static void
rounded (cairo_t *cr, double x, double y, double w, double h, double r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* The drawing in its own units: cr is already scaled and moved. */
static void
draw (LscLabView *self, cairo_t *cr, const GdkRGBA *fg)
{
  GdkRGBA accent = { 0.21, 0.52, 0.89, 1 };
  cairo_set_line_width (cr, 2);
  /* Each link: a line from every box on it to the subnet's vertical line. */
  for (guint i = 0; i < self->nets->len; i++)
    {
      Net *n = &g_array_index (self->nets, Net, i);
      double top = G_MAXDOUBLE, bottom = -G_MAXDOUBLE;
      for (guint k = 0; k < self->boxes->len; k++)
        {
          Box *b = &g_array_index (self->boxes, Box, k);
          gboolean on = FALSE;
          for (guint j = 0; j < b->host->ifaces->len; j++)
            on |= g_strcmp0 (((LscLabIface *) b->host->ifaces->pdata[j])->net, n->net) == 0;
          if (!on)
            continue;
          double cy = b->y + b->h / 2;
          double ex = b->x + b->w / 2 < n->x ? b->x + b->w : b->x;
          cairo_move_to (cr, ex, cy);
          cairo_line_to (cr, n->x, cy);
          top = MIN (top, cy);
          bottom = MAX (bottom, cy);
        }
      gdk_cairo_set_source_rgba (cr, fg);
      cairo_stroke (cr);
      if (top <= bottom)
        {
          cairo_move_to (cr, n->x, top);
          cairo_line_to (cr, n->x, bottom);
          cairo_set_line_width (cr, 4);
          cairo_stroke (cr);
          cairo_set_line_width (cr, 2);
        }
      int lw, lh;
      pango_layout_get_pixel_size (n->label, &lw, &lh);
      /* Above the link's topmost line, between the columns. */
      cairo_move_to (cr, n->x - lw / 2.0, MAX (0, (top <= bottom ? top : TOP) - lh - 3));
      pango_cairo_show_layout (cr, n->label);
    }
  for (guint k = 0; k < self->boxes->len; k++)
    {
      Box *b = &g_array_index (self->boxes, Box, k);
      gboolean here = g_strcmp0 (b->host->name, self->here) == 0;
      rounded (cr, b->x, b->y, b->w, b->h, 6);
      GdkRGBA fill = here ? accent : *fg;
      fill.alpha = here ? 0.18 : 0.06;
      gdk_cairo_set_source_rgba (cr, &fill);
      cairo_fill_preserve (cr);
      GdkRGBA edge = here ? accent : *fg;
      edge.alpha = here ? 1.0 : 0.45;
      gdk_cairo_set_source_rgba (cr, &edge);
      cairo_set_line_width (cr, here ? 2.5 : 1.2);
      cairo_stroke (cr);
      gdk_cairo_set_source_rgba (cr, fg);
      cairo_move_to (cr, b->x + PAD, b->y + PAD);
      pango_cairo_show_layout (cr, b->layout);
    }
}

static void
lsc_lab_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  LscLabView *self = LSC_LAB_VIEW (widget);
  if (!self->lab)
    return;
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, (float) w, (float) h));
  double s = scale_of (self), ox, oy;
  origin_of (self, s, &ox, &oy);
  cairo_translate (cr, ox, oy);
  cairo_scale (cr, s, s);
  GdkRGBA fg;
  lsc_widget_get_fg (widget, &fg);
  draw (self, cr, &fg);
  cairo_destroy (cr);
}

static GtkSizeRequestMode
lsc_lab_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
lsc_lab_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum, int *natural,
                      int *minimum_baseline, int *natural_baseline)
{
  LscLabView *self = LSC_LAB_VIEW (widget);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Down to half size the drawing scales; below that it would be unreadable. */
      *natural = (int) ceil (self->width);
      *minimum = (int) ceil (self->width / 2);
    }
  else
    {
      double s = for_size > 0 && for_size < self->width ? for_size / self->width : 1.0;
      *minimum = *natural = (int) ceil (self->height * s);
    }
}

/* Fonts and colours come from the theme: lay out again when it changes. */
static void
lsc_lab_view_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (lsc_lab_view_parent_class)->css_changed (widget, change);
  relayout (LSC_LAB_VIEW (widget));
  gtk_widget_queue_resize (widget);
}

static void
update_accessible (LscLabView *self)
{
  g_autoptr (GString) s = g_string_new (_("Classroom lab"));
  for (guint k = 0; k < self->boxes->len; k++)
    {
      g_autofree char *flat = g_strdelimit (g_strdup (g_array_index (self->boxes, Box, k).text), "\n", ' ');
      g_string_append_printf (s, "; %s", flat);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, s->str, -1);
}

void
lsc_lab_view_set_lab (LscLabView *self, LscLab *lab, const char *here)
{
  g_return_if_fail (LSC_IS_LAB_VIEW (self));
  if (self->lab != lab)
    g_clear_pointer (&self->lab, lsc_lab_free);
  self->lab = lab;
  g_free (self->here);
  self->here = g_strdup (here);
  relayout (self);
  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

const LscLab *
lsc_lab_view_get_lab (LscLabView *self)
{
  return self->lab;
}

const char *
lsc_lab_view_get_here (LscLabView *self)
{
  return self->here;
}

static const Box *
find_box (LscLabView *self, const char *host)
{
  for (guint k = 0; k < self->boxes->len; k++)
    if (g_strcmp0 (g_array_index (self->boxes, Box, k).host->name, host) == 0)
      return &g_array_index (self->boxes, Box, k);
  return NULL;
}

const char *
lsc_lab_view_get_box_text (LscLabView *self, const char *host)
{
  const Box *b = find_box (self, host);
  return b ? b->text : NULL;
}

gboolean
lsc_lab_view_get_box (LscLabView *self, const char *host, graphene_rect_t *out)
{
  const Box *b = find_box (self, host);
  if (!b)
    return FALSE;
  double s = scale_of (self), ox, oy;
  origin_of (self, s, &ox, &oy);
  graphene_rect_init (out, (float) (ox + b->x * s), (float) (oy + b->y * s), (float) (b->w * s), (float) (b->h * s));
  return TRUE;
}

static void
lsc_lab_view_finalize (GObject *object)
{
  LscLabView *self = LSC_LAB_VIEW (object);
  g_clear_pointer (&self->lab, lsc_lab_free);
  g_free (self->here);
  g_array_unref (self->boxes);
  g_array_unref (self->nets);
  G_OBJECT_CLASS (lsc_lab_view_parent_class)->finalize (object);
}

static void
lsc_lab_view_class_init (LscLabViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  G_OBJECT_CLASS (klass)->finalize = lsc_lab_view_finalize;
  widget_class->snapshot = lsc_lab_view_snapshot;
  widget_class->measure = lsc_lab_view_measure;
  widget_class->get_request_mode = lsc_lab_view_get_request_mode;
  widget_class->css_changed = lsc_lab_view_css_changed;
  gtk_widget_class_set_css_name (widget_class, "labview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lsc_lab_view_init (LscLabView *self)
{
  self->boxes = g_array_new (FALSE, TRUE, sizeof (Box));
  g_array_set_clear_func (self->boxes, (GDestroyNotify) box_clear);
  self->nets = g_array_new (FALSE, TRUE, sizeof (Net));
  g_array_set_clear_func (self->nets, (GDestroyNotify) net_clear);
}

GtkWidget *
lsc_lab_view_new (void)
{
  return g_object_new (LSC_TYPE_LAB_VIEW, NULL);
}

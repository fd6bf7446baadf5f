/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-hex-view.c — a custom-drawn hex dump linked to the layer tree
 *
 * Drawn rather than built from labels: one widget per byte would be 3,000
 * widgets for a jumbo frame, and tinting, highlighting and hit-testing are
 * all simple arithmetic on a fixed-width grid.
 */
#include "lsc-hex-view.h"
#include "lsc-layer-colors.h"

#include <glib/gi18n.h>
#include <math.h>

#define BYTES_PER_LINE 16

struct _LscHexView {
  GtkWidget parent_instance;

  LscDecoded *decoded;
  guint8 *osi;           /* per byte: the OSI layer that claims it (0 none) */
  guint hl_off, hl_len;
  guint cursor;

  GtkWidget *menu;       /* copy menu, a popover child */
  double char_w, line_h;
  int off_chars;         /* 4, or 8 for frames over 64 KiB */
};

G_DEFINE_FINAL_TYPE (LscHexView, lsc_hex_view, GTK_TYPE_WIDGET)

enum { SIG_BYTE_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const LscPacket *
frame (LscHexView *self)
{
  return self->decoded ? lsc_tree_packet (self->decoded->tree) : NULL;
}

static guint
frame_len (LscHexView *self)
{
  const LscPacket *p = frame (self);
  return p && p->data ? p->caplen : 0;
}

static void
update_metrics (LscHexView *self)
{
  PangoContext *ctx = gtk_widget_get_pango_context (GTK_WIDGET (self));
  PangoFontMetrics *m = pango_context_get_metrics (ctx, NULL, NULL);
  self->char_w = pango_font_metrics_get_approximate_digit_width (m) / (double) PANGO_SCALE;
  self->line_h = (pango_font_metrics_get_ascent (m) + pango_font_metrics_get_descent (m)) / (double) PANGO_SCALE + 2;
  pango_font_metrics_unref (m);
  self->off_chars = frame_len (self) > 0xffff ? 8 : 4;
}

/* Column (in characters) where byte j of a line starts, in the hex and ASCII parts. */
static int
hex_col (LscHexView *self, guint j)
{
  return self->off_chars + 2 + (int) j * 3 + (j >= 8 ? 1 : 0);
}

static int
ascii_col (LscHexView *self, guint j)
{
  return hex_col (self, BYTES_PER_LINE) + 1 + (int) j;
}

static int
line_chars (LscHexView *self)
{
  return ascii_col (self, BYTES_PER_LINE);
}

gboolean
lsc_hex_view_get_byte_rect (LscHexView *self, guint offset, graphene_rect_t *out)
{
  if (offset >= frame_len (self))
    return FALSE;
  update_metrics (self);
  guint j = offset % BYTES_PER_LINE;
  graphene_rect_init (out, hex_col (self, j) * self->char_w, (offset / BYTES_PER_LINE) * self->line_h,
                      2 * self->char_w, self->line_h);
  return TRUE;
}

int
lsc_hex_view_byte_at (LscHexView *self, double x, double y)
{
  guint len = frame_len (self);
  if (!len || y < 0 || x < 0)
    return -1;
  update_metrics (self);
  guint line = (guint) (y / self->line_h);
  double col = x / self->char_w;
  int j = -1;
  for (guint k = 0; k < BYTES_PER_LINE; k++)
    {
      /* The space after a hex pair belongs to it, so clicks never fall in a gap. */
      if (col >= hex_col (self, k) && col < hex_col (self, k) + 3)
        j = (int) k;
      else if (col >= ascii_col (self, k) && col < ascii_col (self, k) + 1)
        j = (int) k;
    }
  if (j < 0)
    return -1;
  guint64 off = (guint64) line * BYTES_PER_LINE + (guint) j;
  return off < len ? (int) off : -1;
}

static void
lsc_hex_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                      int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  LscHexView *self = LSC_HEX_VIEW (widget);
  update_metrics (self);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = (int) ceil (line_chars (self) * self->char_w) + 4;
  else
    {
      guint lines = MAX (1, (frame_len (self) + BYTES_PER_LINE - 1) / BYTES_PER_LINE);
      *minimum = *natural = (int) ceil (lines * self->line_h) + 2;
    }
}

static void
lsc_hex_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  LscHexView *self = LSC_HEX_VIEW (widget);
  guint len = frame_len (self);
  const guint8 *data = len ? frame (self)->data : NULL;
  GdkRGBA fg, dim;
  lsc_widget_get_fg (widget, &fg);
  dim = fg;
  dim.alpha *= 0.55f;
  update_metrics (self);
  gboolean focused = gtk_widget_has_focus (widget);

  if (!len)
    return;

  /* Backgrounds first: layer tint, then the highlight on top. */
  for (guint i = 0; i < len; i++)
    {
      graphene_rect_t r;
      lsc_hex_view_get_byte_rect (self, i, &r);
      guint j = i % BYTES_PER_LINE;
      /* Extend the tint over the gap to the next byte of the same layer so a header reads as one band. */
      if (j != BYTES_PER_LINE - 1 && i + 1 < len && self->osi[i + 1] == self->osi[i])
        r.size.width += (j == 7 ? 2 : 1) * self->char_w;
      gboolean hl = self->hl_len && i >= self->hl_off && i - self->hl_off < self->hl_len;
      if (hl && j != BYTES_PER_LINE - 1 && i + 1 < len && !(i + 1 >= self->hl_off && i + 1 - self->hl_off < self->hl_len))
        r.size.width = 2 * self->char_w;
      GdkRGBA c;
      lsc_layer_color (self->osi[i], &c);
      c.alpha = hl ? 1.0f : 0.35f;
      gtk_snapshot_append_color (snapshot, &c, &r);
      graphene_rect_t a = GRAPHENE_RECT_INIT (ascii_col (self, j) * self->char_w, r.origin.y, self->char_w, self->line_h);
      gtk_snapshot_append_color (snapshot, &c, &a);
      if (hl)
        {
          /* A dark underline too, so the highlight does not rely on colour alone. */
          GdkRGBA u = fg;
          graphene_rect_t ur = GRAPHENE_RECT_INIT (r.origin.x, r.origin.y + self->line_h - 2, r.size.width, 2);
          gtk_snapshot_append_color (snapshot, &u, &ur);
        }
    }
  if (self->cursor < len)
    {
      graphene_rect_t r;
      lsc_hex_view_get_byte_rect (self, self->cursor, &r);
      GskRoundedRect rr;
      gsk_rounded_rect_init_from_rect (&rr, &r, 2);
      float w[4] = { 1.5f, 1.5f, 1.5f, 1.5f };
      GdkRGBA c = fg;
      if (!focused)
        c.alpha *= 0.4f;
      GdkRGBA cs[4] = { c, c, c, c };
      gtk_snapshot_append_border (snapshot, &rr, w, cs);
    }

  /* Text: one layout per line; offsets dimmed. */
  GString *line = g_string_new (NULL);
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, NULL);
  for (guint base = 0; base < len; base += BYTES_PER_LINE)
    {
      g_string_truncate (line, 0);
      g_string_append_printf (line, "%0*x", self->off_chars, base);
      while ((int) line->len < hex_col (self, 0))
        g_string_append_c (line, ' ');
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, (base / BYTES_PER_LINE) * self->line_h + 1));
      pango_layout_set_text (layout, line->str, (int) line->len);
      gtk_snapshot_append_layout (snapshot, layout, &dim);

      g_string_truncate (line, 0);
      for (int k = 0; k < hex_col (self, 0); k++)
        g_string_append_c (line, ' ');
      for (guint j = 0; j < BYTES_PER_LINE; j++)
        {
          while ((int) line->len < hex_col (self, j))
            g_string_append_c (line, ' ');
          if (base + j < len)
            g_string_append_printf (line, "%02x", data[base + j]);
          else
            g_string_append (line, "  ");
        }
      while ((int) line->len < ascii_col (self, 0))
        g_string_append_c (line, ' ');
      for (guint j = 0; j < BYTES_PER_LINE && base + j < len; j++)
        g_string_append_c (line, g_ascii_isprint (data[base + j]) ? (char) data[base + j] : '.');
      /* Highlighted bytes sit on a full-strength layer colour: dark ink keeps
       * them readable in the dark style too. */
      PangoAttrList *attrs = pango_attr_list_new ();
      for (guint j = 0; j < BYTES_PER_LINE && base + j < len; j++)
        {
          guint i = base + j;
          if (!(self->hl_len && i >= self->hl_off && i - self->hl_off < self->hl_len))
            continue;
          guint cols[2] = { (guint) hex_col (self, j), (guint) ascii_col (self, j) };
          guint widths[2] = { 2, 1 };
          for (guint k = 0; k < 2; k++)
            {
              PangoAttribute *a = pango_attr_foreground_new (0x2424, 0x1f1f, 0x3131);
              a->start_index = cols[k];
              a->end_index = cols[k] + widths[k];
              pango_attr_list_insert (attrs, a);
            }
        }
      pango_layout_set_text (layout, line->str, (int) line->len);
      pango_layout_set_attributes (layout, attrs);
      gtk_snapshot_append_layout (snapshot, layout, &fg);
      pango_layout_set_attributes (layout, NULL);
      pango_attr_list_unref (attrs);
      gtk_snapshot_restore (snapshot);
    }
  g_object_unref (layout);
  g_string_free (line, TRUE);
}

static void
compute_layers (LscHexView *self)
{
  g_clear_pointer (&self->osi, g_free);
  guint len = frame_len (self);
  if (!len)
    return;
  self->osi = g_malloc0 (len);
  const LscTree *t = self->decoded->tree;
  /* Top-level headers (with their extension headers) tile the frame; bytes
   * nothing claims (padding) stay 0. */
  for (gint32 i = lsc_tree_first_top (t); i >= 0; i = lsc_tree_node (t, i)->next)
    {
      const LscNode *n = lsc_tree_node (t, i);
      if (n->field && n->field->id && g_str_equal (n->field->id, "frame"))
        continue;
      guint osi = lsc_layer_osi_of_node (t, i);
      guint32 extent = lsc_tree_top_extent (t, i);
      for (guint b = n->offset; b < len && b - n->offset < extent; b++)
        self->osi[b] = (guint8) osi;
    }
}

void
lsc_hex_view_set_decoded (LscHexView *self, LscDecoded *d)
{
  g_return_if_fail (LSC_IS_HEX_VIEW (self));
  if (d)
    lsc_decoded_ref (d);
  g_clear_pointer (&self->decoded, lsc_decoded_unref);
  self->decoded = d;
  self->hl_off = self->hl_len = 0;
  self->cursor = 0;
  compute_layers (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
lsc_hex_view_set_highlight (LscHexView *self, guint offset, guint length)
{
  g_return_if_fail (LSC_IS_HEX_VIEW (self));
  guint len = frame_len (self);
  if (offset >= len)
    length = 0;
  else if (length > len - offset)
    length = len - offset;
  self->hl_off = length ? offset : 0;
  self->hl_len = length;
  if (length && (self->cursor < offset || self->cursor - offset >= length))
    self->cursor = offset;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const LscNode *
lsc_hex_view_highlight_node (LscHexView *self, LscDecoded *d, gint32 idx)
{
  const LscNode *n = d && idx >= 0 ? lsc_tree_node (d->tree, idx) : NULL;
  /* A derived fact has no bytes of its own: show the bytes it was derived from. */
  while (n && n->length == 0 && n->parent >= 0)
    n = lsc_tree_node (d->tree, n->parent);
  /* A header decoded from a reassembled datagram counts its bytes there, not
   * in this frame: nothing of the frame to point at. */
  gboolean here = n && !(n->flags & LSC_NODE_REASSEMBLED);
  lsc_hex_view_set_highlight (self, here ? n->offset : 0, here ? n->length : 0);
  return n;
}

void
lsc_hex_view_get_highlight (LscHexView *self, guint *offset, guint *length)
{
  *offset = self->hl_off;
  *length = self->hl_len;
}

guint
lsc_hex_view_get_cursor (LscHexView *self)
{
  return self->cursor;
}

static void
move_cursor (LscHexView *self, int delta)
{
  guint len = frame_len (self);
  if (!len)
    return;
  gint64 c = (gint64) self->cursor + delta;
  c = CLAMP (c, 0, (gint64) len - 1);
  self->cursor = (guint) c;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SIG_BYTE_ACTIVATED], 0, self->cursor);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *key, guint keyval, guint keycode, GdkModifierType state, LscHexView *self)
{
  switch (keyval)
    {
    case GDK_KEY_Left: case GDK_KEY_KP_Left: move_cursor (self, -1); return TRUE;
    case GDK_KEY_Right: case GDK_KEY_KP_Right: move_cursor (self, 1); return TRUE;
    case GDK_KEY_Up: case GDK_KEY_KP_Up: move_cursor (self, -BYTES_PER_LINE); return TRUE;
    case GDK_KEY_Down: case GDK_KEY_KP_Down: move_cursor (self, BYTES_PER_LINE); return TRUE;
    case GDK_KEY_Page_Up: move_cursor (self, -8 * BYTES_PER_LINE); return TRUE;
    case GDK_KEY_Page_Down: move_cursor (self, 8 * BYTES_PER_LINE); return TRUE;
    case GDK_KEY_Home: move_cursor (self, -(int) self->cursor); return TRUE;
    case GDK_KEY_End: move_cursor (self, (int) frame_len (self)); return TRUE;
    default: return FALSE;
    }
}

static void
pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, LscHexView *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  int b = lsc_hex_view_byte_at (self, x, y);
  if (button == GDK_BUTTON_SECONDARY)
    {
      gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
      gtk_popover_popup (GTK_POPOVER (self->menu));
      return;
    }
  if (b < 0)
    return;
  self->cursor = (guint) b;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SIG_BYTE_ACTIVATED], 0, (guint) b);
}

static void
range (LscHexView *self, const guint8 **data, guint *n)
{
  const LscPacket *p = frame (self);
  guint len = frame_len (self);
  if (!len)
    {
      *data = NULL;
      *n = 0;
      return;
    }
  *data = p->data + (self->hl_len ? self->hl_off : 0);
  *n = self->hl_len ? self->hl_len : len;
}

char *
lsc_hex_view_format_hex (LscHexView *self)
{
  const guint8 *d;
  guint n;
  range (self, &d, &n);
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s%02x", i ? (i % BYTES_PER_LINE ? " " : "\n") : "", d[i]);
  return g_string_free (s, FALSE);
}

char *
lsc_hex_view_format_text (LscHexView *self)
{
  const guint8 *d;
  guint n;
  range (self, &d, &n);
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    g_string_append_c (s, g_ascii_isprint (d[i]) || d[i] == '\n' || d[i] == '\r' || d[i] == '\t' ? (char) d[i] : '.');
  return g_string_free (s, FALSE);
}

char *
lsc_hex_view_format_c_array (LscHexView *self)
{
  const guint8 *d;
  guint n;
  range (self, &d, &n);
  GString *s = g_string_new (NULL);
  g_string_append_printf (s, "static const unsigned char bytes[%u] = {", n);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s0x%02x,", i % 12 ? " " : "\n  ", d[i]);
  g_string_append (s, "\n};\n");
  return g_string_free (s, FALSE);
}

static void
python_piece (GString *fmt, GString *args, const guint8 *d, guint n)
{
  guint64 v = 0;
  switch (n)
    {
    case 1: case 2: case 4: case 8:
      for (guint i = 0; i < n; i++)
        v = (v << 8) | d[i];
      g_string_append_c (fmt, n == 1 ? 'B' : n == 2 ? 'H' : n == 4 ? 'I' : 'Q');
      g_string_append_printf (args, ", 0x%0*" G_GINT64_MODIFIER "x", (int) n * 2, v);
      break;
    default:
      g_string_append_printf (fmt, "%us", n);
      g_string_append (args, ", b'");
      for (guint i = 0; i < n; i++)
        g_string_append_printf (args, "\\x%02x", d[i]);
      g_string_append_c (args, '\'');
      break;
    }
}

char *
lsc_hex_view_format_python (LscHexView *self)
{
  guint len = frame_len (self);
  if (!len)
    return g_strdup ("");
  const LscTree *t = self->decoded->tree;
  const guint8 *data = frame (self)->data;
  gint32 node = lsc_tree_node_at_offset (t, self->hl_len ? self->hl_off : self->cursor);
  gint32 top = node >= 0 ? lsc_tree_top_of (t, node) : -1;
  const LscNode *h = lsc_tree_node (t, top);
  guint start = h ? h->offset : 0, end = h ? MIN (len, h->offset + h->length) : len;

  /* Walk the header's fields in byte order; fields sharing bytes (flag bits
   * inside one word) become one integer, bytes no field covers one string. */
  GString *fmt = g_string_new ("!"), *args = g_string_new (NULL);
  guint pos = start;
  while (pos < end)
    {
      guint best_len = 0;
      for (gint32 c = h ? h->first_child : -1; c >= 0; c = lsc_tree_node (t, c)->next)
        {
          const LscNode *n = lsc_tree_node (t, c);
          if (n->offset == pos && n->length && pos + n->length <= end && n->length > best_len)
            best_len = n->length;
        }
      if (!best_len)
        {
          /* Up to the next field start. */
          guint next = end;
          for (gint32 c = h ? h->first_child : -1; c >= 0; c = lsc_tree_node (t, c)->next)
            {
              const LscNode *n = lsc_tree_node (t, c);
              if (n->length && n->offset > pos && n->offset < next)
                next = n->offset;
            }
          best_len = next - pos;
        }
      python_piece (fmt, args, data + pos, best_len);
      pos += best_len;
    }
  char *out = g_strdup_printf ("# %s: %u bytes\nstruct.pack('%s'%s)\n",
                               h && h->field ? h->field->name : "frame", end - start, fmt->str, args->str);
  g_string_free (fmt, TRUE);
  g_string_free (args, TRUE);
  return out;
}

static void
copy_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  LscHexView *self = LSC_HEX_VIEW (widget);
  g_autofree char *text = NULL;
  if (g_str_equal (action_name, "hex.copy-hex"))
    text = lsc_hex_view_format_hex (self);
  else if (g_str_equal (action_name, "hex.copy-text"))
    text = lsc_hex_view_format_text (self);
  else if (g_str_equal (action_name, "hex.copy-c"))
    text = lsc_hex_view_format_c_array (self);
  else
    text = lsc_hex_view_format_python (self);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

static void
lsc_hex_view_dispose (GObject *object)
{
  LscHexView *self = LSC_HEX_VIEW (object);
  g_clear_pointer (&self->menu, gtk_widget_unparent);
  g_clear_pointer (&self->decoded, lsc_decoded_unref);
  g_clear_pointer (&self->osi, g_free);
  G_OBJECT_CLASS (lsc_hex_view_parent_class)->dispose (object);
}

static void
lsc_hex_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  LscHexView *self = LSC_HEX_VIEW (widget);
  if (self->menu)
    gtk_popover_present (GTK_POPOVER (self->menu));
}

static void
lsc_hex_view_class_init (LscHexViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lsc_hex_view_dispose;
  widget_class->measure = lsc_hex_view_measure;
  widget_class->snapshot = lsc_hex_view_snapshot;
  widget_class->size_allocate = lsc_hex_view_size_allocate;

  signals[SIG_BYTE_ACTIVATED] = g_signal_new ("byte-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                              0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_install_action (widget_class, "hex.copy-hex", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "hex.copy-text", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "hex.copy-c", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "hex.copy-python", NULL, copy_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "hex.copy-hex", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/layerscope/Layerscope/ui/lsc-hex-view.ui");
  gtk_widget_class_set_css_name (widget_class, "hexview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
}

static void
lsc_hex_view_init (LscHexView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  GtkEventController *key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  GtkGesture *click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  GtkBuilder *b = gtk_builder_new_from_resource ("/org/layerscope/Layerscope/ui/lsc-hex-view-menu.ui");
  GMenuModel *model = G_MENU_MODEL (gtk_builder_get_object (b, "menu"));
  self->menu = gtk_popover_menu_new_from_model (model);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
  gtk_widget_set_halign (self->menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->menu, GTK_WIDGET (self));
  g_object_unref (b);
}

GtkWidget *
lsc_hex_view_new (void)
{
  return g_object_new (LSC_TYPE_HEX_VIEW, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-follow-view.c — a TCP or UDP conversation's payload, the two ends in two colours
 *
 * A GtkTextView: the bytes are text a learner may want to select and copy.
 * Each chunk gets its direction's colour and one of two shades, alternating
 * per direction, so the cut between two segments of the same end shows even
 * inside a word; a small frame-number badge (a child widget, which
 * gtk_text_buffer_get_text() leaves out) opens each chunk, and hovering
 * says which frame carried the bytes and where they sit in the stream.
 */
#include "lsc-follow-view.h"
#include "lsc-layer-colors.h"
#include "core/lsc-format.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

/* What the view shows at most; Save always writes everything. */
#define TEXT_LIMIT (512u << 10)
#define HEX_LIMIT (256u << 10)
/* Frame badges are widgets, and each costs the text view milliseconds of
 * layout: past this many only the shading (and the tooltip) marks segments.
 * A lesson's capture has fewer; a 100,000-segment stream still opens in
 * well under a second. */
#define MAX_BADGES 64

typedef struct {
  int start, end;     /* character offsets in the buffer */
  guint chunk;
} Mark;

struct _LscFollowView {
  GtkWidget parent_instance;

  GtkWidget *box, *explain, *chip_a, *chip_b, *legend_a, *legend_b;
  GtkWidget *text_button, *hex_button, *direction, *stream_label, *save_button, *note, *text;

  LscFollow *follow;
  LscConvInfo info;
  gboolean hex;
  int dir_filter;             /* -1 both, 0, 1 */
  GArray *marks;              /* Mark, in buffer order */
  GtkTextTag *tag_dir[2][2];  /* [direction][shade] */
  GtkTextTag *tag_head;       /* hex mode: a chunk's heading line */
  gulong dark_handler;
};

G_DEFINE_FINAL_TYPE (LscFollowView, lsc_follow_view, GTK_TYPE_WIDGET)

/* Client blue, server red, as most follow-stream views colour them;
 * foreground, shade 0, shade 1, for the light and the dark style. */
static const char *const colours[2][2][3] = {
  { { "#1a4f9c", "#e6effb", "#cbdcf4" }, { "#a8cbf5", "#1c2a3c", "#2a4060" } },
  { { "#9c1c2b", "#fbe9e9", "#f2cccc" }, { "#f5b0aa", "#3a1d21", "#57292f" } },
};

static void
update_colours (LscFollowView *self)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  for (int d = 0; d < 2; d++)
    for (int s = 0; s < 2; s++)
      g_object_set (self->tag_dir[d][s], "foreground", colours[d][dark][0], "background", colours[d][dark][1 + s], NULL);
}

static const char *
dir_name (const LscFollowView *self, guint dir)
{
  if (self->info.kind == LSC_CONV_UDP)
    return dir ? _("Responder → initiator") : _("Initiator → responder");
  return dir ? _("Server → client") : _("Client → server");
}

static char *
u64_text (guint64 v)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, v);
}

static char *
chunk_description (LscFollowView *self, const LscFollowChunk *c)
{
  g_autofree char *off = u64_text (c->offset), *end = u64_text (c->offset + c->len - (c->len ? 1 : 0));
  g_autofree char *len = u64_text (c->len), *frame = u64_text (c->frame);
  if (c->kind == LSC_FOLLOW_GAP)
    return g_strdup_printf (_("%s: %s bytes missing (bytes %s–%s of the stream): no captured frame carried them"),
                            dir_name (self, c->dir), len, off, end);
  GString *s = g_string_new (NULL);
  if (self->info.kind == LSC_CONV_UDP)
    g_string_append_printf (s, _("%s, frame %s: one datagram of %s bytes"), dir_name (self, c->dir), frame, len);
  else
    g_string_append_printf (s, _("%s, frame %s: %s bytes, bytes %s–%s of the stream"), dir_name (self, c->dir), frame,
                            len, off, end);
  if (c->n_frames > 1)
    {
      g_string_append_c (s, '\n');
      g_string_append_printf (s, ngettext ("Also carried by %u other frame (a retransmission), shown once",
                                           "Also carried by %u other frames (retransmissions), shown once", c->n_frames - 1),
                              c->n_frames - 1);
    }
  return g_string_free (s, FALSE);
}

static void
add_badge (LscFollowView *self, GtkTextBuffer *buf, const LscFollowChunk *c, const char *text, const char *css)
{
  GtkTextIter end;
  gtk_text_buffer_get_end_iter (buf, &end);
  GtkTextChildAnchor *anchor = gtk_text_buffer_create_child_anchor (buf, &end);
  GtkWidget *label = gtk_label_new (text);
  gtk_widget_add_css_class (label, css);
  gtk_widget_add_css_class (label, c->dir ? "follow-dir-b" : "follow-dir-a");
  g_autofree char *tip = chunk_description (self, c);
  gtk_widget_set_tooltip_text (label, tip);
  gtk_text_view_add_child_at_anchor (GTK_TEXT_VIEW (self->text), label, anchor);
}

static int
buffer_end (GtkTextBuffer *buf)
{
  return gtk_text_buffer_get_char_count (buf);
}

static void
append (GtkTextBuffer *buf, const char *text, gssize len, GtkTextTag *tag, GtkTextTag *tag2)
{
  GtkTextIter end;
  gtk_text_buffer_get_end_iter (buf, &end);
  gtk_text_buffer_insert_with_tags (buf, &end, text, (int) len, tag, tag2, NULL);
}

static void
render (LscFollowView *self)
{
  GtkTextBuffer *buf = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->text));
  gtk_text_buffer_set_text (buf, "", 0);
  g_array_set_size (self->marks, 0);
  gtk_widget_set_sensitive (self->save_button, self->follow != NULL);
  if (!self->follow)
    return;
  g_autoptr (GString) s = g_string_new (NULL);
  gboolean shade[2] = { FALSE, FALSE }, cut = FALSE, line_open = FALSE;
  int prev_dir = -1;
  guint badges = 0;
  gsize shown = 0, limit = self->hex ? HEX_LIMIT : TEXT_LIMIT;
  for (guint i = 0; i < lsc_follow_get_n_chunks (self->follow); i++)
    {
      const LscFollowChunk *c = lsc_follow_get_chunk (self->follow, i);
      if (self->dir_filter >= 0 && c->dir != (guint) self->dir_filter)
        continue;
      if (shown >= limit)
        {
          cut = TRUE;
          break;
        }
      GtkTextTag *tag = self->tag_dir[c->dir][shade[c->dir]];
      /* A new speaker starts on a new line. */
      if (prev_dir >= 0 && (guint) prev_dir != c->dir && line_open)
        append (buf, "\n", 1, NULL, NULL);
      Mark m = { buffer_end (buf), 0, i };
      g_string_truncate (s, 0);
      if (self->hex)
        {
          g_autofree char *head = chunk_description (self, c);
          g_string_append_printf (s, "%s\n", head);
          append (buf, s->str, (gssize) s->len, self->tag_head, self->tag_dir[c->dir][0]);
          g_string_truncate (s, 0);
          if (c->kind == LSC_FOLLOW_DATA)
            lsc_format_hexdump_at (c->data, c->len, c->offset, s);
          line_open = FALSE;
        }
      else if (c->kind == LSC_FOLLOW_GAP)
        {
          g_autofree char *len = u64_text (c->len);
          g_autofree char *gap = g_strdup_printf (_("[%s bytes missing]"), len);
          add_badge (self, buf, c, gap, "follow-gap");
        }
      else
        {
          if (badges++ < MAX_BADGES)
            {
              /* "×2": these bytes were sent twice (the tooltip says more). */
              g_autofree char *num = c->n_frames > 1
                                       ? g_strdup_printf ("#%" G_GUINT64_FORMAT " ×%u", c->frame, c->n_frames)
                                       : g_strdup_printf ("#%" G_GUINT64_FORMAT, c->frame);
              add_badge (self, buf, c, num, "follow-badge");
            }
          lsc_follow_append_printable (s, c->data, c->len);
          line_open = s->len > 0 ? s->str[s->len - 1] != '\n' : line_open;
        }
      if (s->len)
        append (buf, s->str, (gssize) s->len, tag, NULL);
      m.end = buffer_end (buf);
      g_array_append_val (self->marks, m);
      if (c->kind == LSC_FOLLOW_DATA)
        shade[c->dir] = !shade[c->dir];
      prev_dir = (int) c->dir;
      shown += c->len;
    }

  /* What a learner should know about this stream before reading it. */
  GString *note = g_string_new (NULL);
  for (guint d = 0; d < 2; d++)
    {
      const LscFollowTotals *t = lsc_follow_get_totals (self->follow, d);
      if (t->repeated)
        {
          g_autofree char *n = u64_text (t->repeated);
          g_string_append_printf (note, _("%s: %s bytes were sent more than once (retransmissions); they are shown once. "),
                                  dir_name (self, d), n);
        }
      if (t->missing)
        {
          g_autofree char *n = u64_text (t->missing);
          g_string_append_printf (note, _("%s: %s bytes were never captured (lost, or cut off by the snap length); "
                                          "they are marked where they belong. "), dir_name (self, d), n);
        }
    }
  if (lsc_follow_is_truncated (self->follow))
    g_string_append_printf (note, _("The conversation is longer than the %u MiB kept: only its start is here. "),
                            LSC_FOLLOW_DEFAULT_LIMIT >> 20);
  if (cut)
    g_string_append_printf (note, _("The view shows the first %u KiB; Save writes all of it. "), (guint) (limit >> 10));
  if (!self->hex && badges > MAX_BADGES)
    g_string_append_printf (note, _("Frame numbers are written on the first %u segments; point at a segment to see the others'."),
                            MAX_BADGES);
  g_strchomp (note->str);
  gtk_label_set_text (GTK_LABEL (self->note), note->str);
  gtk_widget_set_visible (self->note, note->len > 0 && note->str[0]);
  g_string_free (note, TRUE);
}

static void
update_header (LscFollowView *self)
{
  if (!self->follow)
    {
      gtk_label_set_text (GTK_LABEL (self->explain), _("Choose a TCP or UDP conversation to follow."));
      gtk_label_set_text (GTK_LABEL (self->legend_a), "");
      gtk_label_set_text (GTK_LABEL (self->legend_b), "");
      gtk_label_set_text (GTK_LABEL (self->stream_label), "");
      return;
    }
  gboolean tcp = self->info.kind == LSC_CONV_TCP;
  gtk_label_set_text (GTK_LABEL (self->explain),
                      tcp ? _("TCP is a byte stream: it keeps no message boundaries. Each shaded piece is one segment, cut "
                              "wherever the sender's TCP happened to cut it, not a message the application wrote "
                              "(the “sticky packets” lesson).")
                          : _("UDP keeps message boundaries: each shaded piece is one datagram, exactly one message the "
                              "application sent."));
  for (guint d = 0; d < 2; d++)
    {
      const LscFollowTotals *t = lsc_follow_get_totals (self->follow, d);
      char ep[80];
      lsc_conv_format_endpoint (&self->info, d == 1, ep, sizeof ep);
      g_autofree char *bytes = u64_text (t->bytes);
      const char *who = tcp ? (d ? _("Server (B)") : _("Client (A)")) : (d ? _("Responder (B)") : _("Initiator (A)"));
      g_autofree char *sent = tcp ? g_strdup_printf (ngettext ("%s bytes in %u segment", "%s bytes in %u segments", t->frames),
                                                     bytes, t->frames)
                                  : g_strdup_printf (ngettext ("%s bytes in %u datagram", "%s bytes in %u datagrams", t->frames),
                                                     bytes, t->frames);
      g_autofree char *line = g_strdup_printf ("%s  %s — %s", who, ep, sent);
      gtk_label_set_text (GTK_LABEL (d ? self->legend_b : self->legend_a), line);
    }
  g_autofree char *filter = g_strdup_printf ("%s.stream == %u", tcp ? "tcp" : "udp", self->info.id);
  g_autofree char *label = g_strdup_printf (tcp ? _("TCP stream %u · %s") : _("UDP stream %u · %s"), self->info.id, filter);
  gtk_label_set_text (GTK_LABEL (self->stream_label), label);
}

void
lsc_follow_view_set_stream (LscFollowView *self, LscStore *store, LscConv *conv, guint conv_index)
{
  g_return_if_fail (LSC_IS_FOLLOW_VIEW (self));
  g_clear_pointer (&self->follow, lsc_follow_free);
  memset (&self->info, 0, sizeof self->info);
  if (store && conv)
    {
      self->follow = lsc_follow_new_from_store (store, conv, conv_index, LSC_FOLLOW_DEFAULT_LIMIT);
      if (self->follow)
        self->info = *lsc_conv_nth (conv, conv_index);
    }
  update_header (self);
  render (self);
}

void
lsc_follow_view_set_hex (LscFollowView *self, gboolean hex)
{
  /* The toggle's handler renders. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (hex ? self->hex_button : self->text_button), TRUE);
}

void
lsc_follow_view_set_direction (LscFollowView *self, int dir)
{
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->direction), dir < 0 ? 0 : dir == 0 ? 1 : 2);
}

static void
mode_toggled_cb (LscFollowView *self)
{
  gboolean hex = !gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->text_button));
  if (hex == self->hex)
    return;
  self->hex = hex;
  render (self);
}

static void
direction_changed_cb (LscFollowView *self)
{
  guint sel = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->direction));
  int dir = sel == 1 ? 0 : sel == 2 ? 1 : -1;
  if (dir == self->dir_filter)
    return;
  self->dir_filter = dir;
  render (self);
}

gboolean
lsc_follow_view_save_to_file (LscFollowView *self, GFile *file, GError **error)
{
  if (!self->follow)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("No conversation is shown"));
      return FALSE;
    }
  g_autoptr (GBytes) bytes = lsc_follow_get_bytes (self->follow, self->dir_filter);
  gsize n;
  const char *data = g_bytes_get_data (bytes, &n);
  return g_file_replace_contents (file, data ? data : "", n, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL,
                                  error);
}

static void
save_response_cb (GtkNativeDialog *dialog, int response, gpointer data)
{
  LscFollowView *self = data;
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr (GError) error = NULL;
      if (!lsc_follow_view_save_to_file (self, file, &error))
        {
          gtk_label_set_text (GTK_LABEL (self->note), error->message);
          gtk_widget_set_visible (self->note, TRUE);
        }
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
save_clicked_cb (LscFollowView *self)
{
  if (!self->follow)
    return;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Save Conversation Bytes"),
                                                              GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                              GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  static const char *const suffix[] = { "", "-client", "-server" };
  g_autofree char *name = g_strdup_printf ("%s-stream-%u%s.bin", self->info.kind == LSC_CONV_UDP ? "udp" : "tcp",
                                           self->info.id, suffix[self->dir_filter + 1]);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect (dialog, "response", G_CALLBACK (save_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static gboolean
save_binding (GtkWidget *widget, GVariant *args, gpointer data)
{
  save_clicked_cb (LSC_FOLLOW_VIEW (widget));
  return TRUE;
}

static const Mark *
mark_at (LscFollowView *self, int offset)
{
  guint lo = 0, hi = self->marks->len;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      const Mark *m = &g_array_index (self->marks, Mark, mid);
      if (offset < m->start)
        hi = mid;
      else if (offset >= m->end)
        lo = mid + 1;
      else
        return m;
    }
  return NULL;
}

int
lsc_follow_view_chunk_at (LscFollowView *self, int char_offset)
{
  const Mark *m = mark_at (self, char_offset);
  return m ? (int) m->chunk : -1;
}

int
lsc_follow_view_direction_at (LscFollowView *self, int char_offset)
{
  GtkTextIter it;
  gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->text)), &it, char_offset);
  for (int d = 0; d < 2; d++)
    if (gtk_text_iter_has_tag (&it, self->tag_dir[d][0]) || gtk_text_iter_has_tag (&it, self->tag_dir[d][1]))
      return d;
  return -1;
}

static gboolean
query_tooltip_cb (GtkWidget *w, int x, int y, gboolean keyboard, GtkTooltip *tooltip, LscFollowView *self)
{
  int bx, by;
  GtkTextIter it;
  gtk_text_view_window_to_buffer_coords (GTK_TEXT_VIEW (w), GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
  if (keyboard || !self->follow || !gtk_text_view_get_iter_at_location (GTK_TEXT_VIEW (w), &it, bx, by))
    return FALSE;
  const Mark *m = mark_at (self, gtk_text_iter_get_offset (&it));
  if (!m)
    return FALSE;
  g_autofree char *tip = chunk_description (self, lsc_follow_get_chunk (self->follow, m->chunk));
  gtk_tooltip_set_text (tooltip, tip);
  return TRUE;
}

LscFollow *
lsc_follow_view_get_follow (LscFollowView *self)
{
  return self->follow;
}

GtkTextBuffer *
lsc_follow_view_get_buffer (LscFollowView *self)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->text));
}

GtkWidget *
lsc_follow_view_new (void)
{
  return g_object_new (LSC_TYPE_FOLLOW_VIEW, NULL);
}

GtkWindow *
lsc_follow_window_new (GtkWindow *parent, LscStore *store, LscConv *conv, guint conv_index)
{
  GtkWidget *view = lsc_follow_view_new ();
  lsc_follow_view_set_stream (LSC_FOLLOW_VIEW (view), store, conv, conv_index);
  LscFollowView *self = LSC_FOLLOW_VIEW (view);
  g_autofree char *title = NULL;
  if (self->follow)
    title = g_strdup_printf (self->info.kind == LSC_CONV_UDP ? _("Follow UDP Stream %u") : _("Follow TCP Stream %u"),
                             self->info.id);
  GtkWidget *win = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (win), title ? title : _("Follow Stream"));
  /* Fits a 1024×768 projector with room for the panel. */
  gtk_window_set_default_size (GTK_WINDOW (win), 900, 640);
  if (parent)
    {
      gtk_window_set_transient_for (GTK_WINDOW (win), parent);
      gtk_window_set_destroy_with_parent (GTK_WINDOW (win), TRUE);
    }
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_widget_set_vexpand (view, TRUE);
  gtk_box_append (GTK_BOX (box), view);
  adw_window_set_content (ADW_WINDOW (win), box);
  GtkEventController *keys = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (win, keys);
  return GTK_WINDOW (win);
}

static void
lsc_follow_view_dispose (GObject *object)
{
  LscFollowView *self = LSC_FOLLOW_VIEW (object);
  g_clear_signal_handler (&self->dark_handler, adw_style_manager_get_default ());
  g_clear_pointer (&self->follow, lsc_follow_free);
  g_clear_pointer (&self->marks, g_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), LSC_TYPE_FOLLOW_VIEW);
  lsc_widget_unparent_children (GTK_WIDGET (self));
  G_OBJECT_CLASS (lsc_follow_view_parent_class)->dispose (object);
}

static void
lsc_follow_view_class_init (LscFollowViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = lsc_follow_view_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "followview");
  gtk_widget_class_set_template_from_resource (widget_class, "/org/layerscope/Layerscope/ui/lsc-follow-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LscFollowView, box);
  gtk_widget_class_bind_template_child (widget_class, LscFollowView, explain);
  gtk_widget_class_bind_template_child (widget_class, LscFollowView, chip_a);
  gtk_widget_class_bind_template_child (widget_class, LscFollowView, chip_b);
  gtk_widget_class_bind_template_child (widget_class, LscFollowView, legend_a);
  gtk_widget_class_bind_template_child (widget_class, LscFollowView, legend_b);
  gtk_widget_class_bind_template_child (widget_class, LscFollowView, text_button);
  gtk_widget_class_bind_template_child (widget_class, LscFollowView, hex_button);
  gtk_widget_class_bind_template_child (widget_class, LscFollowView, direction);
  gtk_widget_class_bind_template_child (widget_class, LscFollowView, stream_label);
  gtk_widget_class_bind_template_child (widget_class, LscFollowView, save_button);
  gtk_widget_class_bind_template_child (widget_class, LscFollowView, note);
  gtk_widget_class_bind_template_child (widget_class, LscFollowView, text);
  gtk_widget_class_bind_template_callback (widget_class, mode_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, direction_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, save_binding, NULL);
}

static void
lsc_follow_view_init (LscFollowView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->dir_filter = -1;
  self->marks = g_array_new (FALSE, FALSE, sizeof (Mark));
  GtkTextBuffer *buf = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->text));
  for (int d = 0; d < 2; d++)
    for (int s = 0; s < 2; s++)
      self->tag_dir[d][s] = gtk_text_buffer_create_tag (buf, NULL, NULL);
  self->tag_head = gtk_text_buffer_create_tag (buf, NULL, "weight", PANGO_WEIGHT_BOLD, "family", "sans",
                                               "pixels-above-lines", 6, NULL);
  update_colours (self);
  self->dark_handler = g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark",
                                                 G_CALLBACK (update_colours), self);
  g_signal_connect (self->text, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  update_header (self);
  render (self);
}

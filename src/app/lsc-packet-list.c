/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-packet-list.c — GtkColumnView over the packet store
 *
 * The column view only binds the rows on screen, and a store row decodes its
 * packet the first time a column asks, so a million-packet file costs one
 * decode per visible row.  Colours come from CSS classes on the cells.
 */
#include "lsc-packet-list.h"
#include "core/lsc-filter.h"
#include "core/lsc-format.h"
#include "core/lsc-conv.h"

#include "lsc-layer-colors.h"
#include "lsc-row-model.h"

#include <glib/gi18n.h>

/* The columns, in the order shown by default (the row model sorts by them). */
enum {
  COL_NO = LSC_ROW_COL_NO, COL_TIME = LSC_ROW_COL_TIME, COL_SRC = LSC_ROW_COL_SRC, COL_DST = LSC_ROW_COL_DST,
  COL_PROTO = LSC_ROW_COL_PROTO, COL_LEN = LSC_ROW_COL_LEN, COL_CLIENT = LSC_ROW_COL_CLIENT,
  COL_SERVER = LSC_ROW_COL_SERVER, COL_INFO = LSC_ROW_COL_INFO, N_COLS = LSC_ROW_N_COLS
};

struct _LscPacketList {
  GtkWidget parent_instance;

  GtkSearchEntry *filter_entry;
  GtkLabel *filter_error;
  GtkProgressBar *filter_progress;
  GtkButton *filter_stop;
  GtkColumnView *view;
  GtkScrolledWindow *scroller;

  LscStore *store;
  LscRowModel *rows;        /* the store through the display filter and the sort order */
  GtkSingleSelection *selection;
  guint keep;               /* a packet to select again once the filter shows it, G_MAXUINT none */
  gboolean reordering;      /* the rows are being put in another order: the selection is kept */
  guint reorder_keep;
  GtkColumnViewColumn *cols[N_COLS];
  GtkSorter *view_sorter;   /* the column view's: which header was clicked, which way */
  gboolean probing;
  gboolean probe_equal;     /* answer "equal" to count the columns the view sorts by */
  int probe_col;
  guint probe_count;
  gboolean resorting;
  gboolean follow;
  gboolean live;            /* rows are arriving: scrolling away stops following */
  gboolean auto_scrolling;
  /* Only the user's own scrolling may stop following: the list moves its
   * adjustment by itself too (rows measured, anchors kept), and that must
   * not be taken for the user scrolling away. */
  gint64 user_scrolled_at;
  gboolean scrollbar_held;
  guint follow_tick;
  guint follow_frames;      /* frames the follow tick has looked at the end */
  gboolean follow_last;     /* following stopped with the capture: still end on its last row */
  GtkColumnViewColumn *state_cols[2];  /* client and server state, hidden unless asked for */
  GtkWidget *menu;          /* the right-click menu */
  LscTimeFormat time_format;
  GHashTable *time_labels;  /* the Time column's bound labels, to rewrite when the format changes */
};

G_DEFINE_FINAL_TYPE (LscPacketList, lsc_packet_list, GTK_TYPE_WIDGET)

/* A column's sorter.  The rows are sorted by the row model, not by comparing
 * row objects; this only lets the column view draw its clickable headers and
 * tells us, through probe_sort(), which column the user chose. */
#define LSC_TYPE_COLUMN_SORTER (lsc_column_sorter_get_type ())
G_DECLARE_FINAL_TYPE (LscColumnSorter, lsc_column_sorter, LSC, COLUMN_SORTER, GtkSorter)

struct _LscColumnSorter {
  GtkSorter parent_instance;
  LscPacketList *list;  /* borrowed: the list owns the column */
  int col;
};

G_DEFINE_FINAL_TYPE (LscColumnSorter, lsc_column_sorter, GTK_TYPE_SORTER)

static int probe_a, probe_b;

static GtkOrdering
lsc_column_sorter_compare (GtkSorter *sorter, gpointer a, gpointer b)
{
  LscColumnSorter *self = LSC_COLUMN_SORTER (sorter);
  LscPacketList *list = self->list;
  if (!list || !list->probing)
    return GTK_ORDERING_EQUAL;
  /* The view asks its columns in order, the primary one first; what it
   * makes of this answer tells the direction. */
  if (list->probe_col < 0)
    list->probe_col = self->col;
  list->probe_count++;
  if (list->probe_equal)
    return GTK_ORDERING_EQUAL;
  return a == &probe_a ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
}

static void
lsc_column_sorter_class_init (LscColumnSorterClass *klass)
{
  GTK_SORTER_CLASS (klass)->compare = lsc_column_sorter_compare;
}

static void
lsc_column_sorter_init (LscColumnSorter *self)
{
}

enum { SIG_PACKET_SELECTED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The row class (pkt-tcp, pkt-syn, ...) a cell carries now. */
static GQuark
row_class_quark (void)
{
  static GQuark q;
  if (!q)
    q = g_quark_from_static_string ("lsc-row-class");
  return q;
}

/* The colour rule: malformed or cut frames, then the TCP control flags a
 * learner looks for, then the topmost protocol. */
static const char *
row_class (LscPacketRow *row)
{
  guint32 has = lsc_packet_row_get_has (row);
  guint16 fl = lsc_packet_row_get_tcp_flags (row);
  /* A checksum left to the network card (offload) is normal on the capturing
   * host and keeps the handshake colours; a really wrong one is an error. */
  if (lsc_packet_row_get_node_flags (row) & (LSC_NODE_MALFORMED | LSC_NODE_TRUNCATED | LSC_NODE_CHECKSUM_BAD))
    return "pkt-error";
  if (has & LSC_HAS_TCP)
    {
      if (fl & LSC_TCP_RST)
        return "pkt-rst";
      if (fl & LSC_TCP_SYN)
        return "pkt-syn";
      if (fl & LSC_TCP_FIN)
        return "pkt-fin";
    }
  if (has & LSC_HAS_HTTP)
    return "pkt-http";
  if (has & LSC_HAS_DNS)
    return "pkt-dns";
  if (has & (LSC_HAS_ICMP | LSC_HAS_ICMP6))
    return "pkt-icmp";
  if (has & LSC_HAS_ARP)
    return "pkt-arp";
  if (has & LSC_HAS_TCP)
    return "pkt-tcp";
  if (has & LSC_HAS_UDP)
    return "pkt-udp";
  return "pkt-other";
}

/* The packet list that a list item belongs to (set on the factory). */
static LscPacketList *
self_of (GtkListItem *li)
{
  return g_object_get_data (G_OBJECT (li), "lsc-list");
}

/* The Time column in the chosen format: since the first packet, since the
 * previous one, absolute local time of day, or UTC. */
static void
time_text (LscPacketList *self, LscPacketRow *row, char *buf, gsize size)
{
  LscPacket p;
  if (self->time_format == LSC_TIME_RELATIVE || !lsc_store_get_packet (self->store, lsc_packet_row_get_index (row), &p))
    {
      g_snprintf (buf, size, "%.6f", lsc_packet_row_get_time (row));
      return;
    }
  g_autoptr (GString) s = g_string_new (NULL);
  lsc_format_time (self->time_format, &p, p.ts_prev_ns, s);
  g_strlcpy (buf, s->str, size);
}

static void
unbind_time_cb (GtkSignalListItemFactory *f, GtkListItem *li, gpointer data)
{
  LscPacketList *self = self_of (li);
  if (self && self->time_labels)
    g_hash_table_remove (self->time_labels, gtk_list_item_get_child (li));
}

void
lsc_packet_list_set_time_format (LscPacketList *self, LscTimeFormat fmt)
{
  self->time_format = fmt;
  GHashTableIter it;
  gpointer label;
  g_hash_table_iter_init (&it, self->time_labels);
  while (g_hash_table_iter_next (&it, &label, NULL))
    {
      LscPacketRow *row = g_object_get_data (G_OBJECT (label), "lsc-row");
      char buf[64];
      if (row)
        {
          time_text (self, row, buf, sizeof buf);
          gtk_label_set_text (GTK_LABEL (label), buf);
        }
    }
}

/* Right-click: select the row under the pointer, then offer what can be done with it. */
static void
context_pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, LscPacketList *self)
{
  GtkWidget *view = GTK_WIDGET (self->view);
  GtkWidget *w = gtk_widget_pick (view, x, y, GTK_PICK_DEFAULT);
  for (guint up = 0; w && w != view && up < 6; w = gtk_widget_get_parent (w), up++)
    {
      GtkWidget *probe = GTK_IS_LABEL (w) ? w : gtk_widget_get_first_child (w);
      LscPacketRow *row = probe ? g_object_get_data (G_OBJECT (probe), "lsc-row") : NULL;
      if (row)
        {
          lsc_packet_list_select_index (self, lsc_packet_row_get_index (row));
          break;
        }
    }
  lsc_context_menu_popup (self->menu, view, x, y);
}

/* A cut Info line or address shows whole as a tooltip.  Asked for when the
 * pointer rests on the cell: setting a tooltip's text on every bind makes GTK
 * query the pointer from the display server, for each of the hundreds of
 * cells a scroll binds. */
const char *
lsc_packet_list_cell_tooltip (GtkWidget *label)
{
  const char *tip = g_object_get_data (G_OBJECT (label), "lsc-tip");
  return tip ? tip : gtk_label_get_text (GTK_LABEL (label));
}

static gboolean
query_tooltip_cb (GtkWidget *label, int x, int y, gboolean keyboard, GtkTooltip *tooltip, gpointer data)
{
  const char *text = lsc_packet_list_cell_tooltip (label);
  if (!text || !*text)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
setup_cell_cb (GtkSignalListItemFactory *f, GtkListItem *li, gpointer data)
{
  guint col = GPOINTER_TO_UINT (data);
  g_object_set_data (G_OBJECT (li), "lsc-list", g_object_get_data (G_OBJECT (f), "lsc-list"));
  GtkWidget *label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), col == COL_NO || col == COL_LEN || col == COL_TIME ? 1.0f : 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (col != COL_INFO && col != COL_PROTO)
    gtk_widget_add_css_class (label, "numeric");
  if (col == COL_INFO || col == COL_SRC || col == COL_DST)
    {
      gtk_widget_set_has_tooltip (label, TRUE);
      g_signal_connect (label, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
    }
  gtk_list_item_set_child (li, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *f, GtkListItem *li, gpointer data)
{
  guint col = GPOINTER_TO_UINT (data);
  LscPacketRow *row = gtk_list_item_get_item (li);
  GtkWidget *label = gtk_list_item_get_child (li);
  char buf[64];
  const char *text = buf;
  switch (col)
    {
    case COL_NO: g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, lsc_packet_row_get_number (row)); break;
    case COL_TIME:
      time_text (self_of (li), row, buf, sizeof buf);
      g_hash_table_add (self_of (li)->time_labels, label);
      break;
    case COL_SRC: text = lsc_packet_row_get_source (row); break;
    case COL_DST: text = lsc_packet_row_get_destination (row); break;
    case COL_PROTO: text = lsc_packet_row_get_protocol (row); break;
    case COL_LEN: g_snprintf (buf, sizeof buf, "%u", lsc_packet_row_get_length (row)); break;
    case COL_CLIENT:
    case COL_SERVER:
      {
        /* The analysis' own data for the row: TCP segments only. */
        guint sa = 0, sb = 0;
        buf[0] = '\0';
        if (lsc_packet_row_get_conversation (row, NULL, NULL, &sa, &sb, NULL) && (sa || sb))
          g_strlcpy (buf, lsc_tcp_state_name (col == COL_CLIENT ? sa : sb), sizeof buf);
      }
      break;
    default: text = lsc_packet_row_get_info (row); break;
    }
  g_autofree char *info = NULL, *tip = NULL;
  if (col == COL_INFO)
    {
      /* The checksum verdicts of the tree, which the summary line leaves out:
       * a wrong one is shown, an offloaded one (on every frame a sending host
       * captures) explained in the tooltip only. */
      guint16 nf = lsc_packet_row_get_node_flags (row);
      if (nf & LSC_NODE_CHECKSUM_BAD)
        text = info = g_strdup_printf (_("%s [checksum incorrect]"), text);
      if (nf & LSC_NODE_CHECKSUM_OFFLOAD)
        tip = g_strdup_printf ("%s\n%s", text,
                               _("Checksum not computed yet: left to the network card (checksum offload), normal on the sending host"));
    }
  gtk_label_set_text (GTK_LABEL (label), text);
  /* Which row a cell shows, for the right-click menu and the time format. */
  g_object_set_data (G_OBJECT (label), "lsc-row", row);
  /* Long Info lines and IPv6 addresses are cut at the column's edge:
   * query_tooltip_cb shows them whole, or the Info's own tip. */
  if (col == COL_INFO)
    g_object_set_data_full (G_OBJECT (label), "lsc-tip", g_steal_pointer (&tip), g_free);
  /* A live list binds a few rows at a time, and its following of the newest
   * row has come to lean on what setting the text does (the gui-live test
   * fails without it; why is not yet understood): there it stays. */
  LscPacketList *list = self_of (li);
  if (list && list->live && (col == COL_INFO || col == COL_SRC || col == COL_DST))
    gtk_widget_set_tooltip_text (label, lsc_packet_list_cell_tooltip (label));
  /* The cell (the label's parent) carries the colour so it fills the whole
   * cell.  Its class changes only when the colour does: each change restyles. */
  GtkWidget *cell = gtk_widget_get_parent (label);
  if (cell)
    {
      const char *want = row_class (row), *had = g_object_get_qdata (G_OBJECT (cell), row_class_quark ());
      if (want != had)
        {
          if (had)
            gtk_widget_remove_css_class (cell, had);
          gtk_widget_add_css_class (cell, want);
          g_object_set_qdata (G_OBJECT (cell), row_class_quark (), (gpointer) want);
        }
    }
}

static void
selection_changed_cb (GtkSingleSelection *sel, GParamSpec *pspec, LscPacketList *self)
{
  if (self->reordering)
    return;
  /* The user (or code) chose a packet: no other to come back to. */
  if (gtk_single_selection_get_selected (sel) != GTK_INVALID_LIST_POSITION)
    self->keep = G_MAXUINT;
  g_signal_emit (self, signals[SIG_PACKET_SELECTED], 0, lsc_packet_list_get_selected_index (self));
}

/* GtkColumnView 4.8 has no scroll_to(): its inner GtkListView does, as an action. */
static void
scroll_to_row (LscPacketList *self, guint pos)
{
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->view)); c; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_LIST_VIEW (c))
      gtk_widget_activate_action (c, "list.scroll-to-item", "u", pos);
}

static void
scroll_to_end_now (LscPacketList *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  self->auto_scrolling = TRUE;
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  self->auto_scrolling = FALSE;
}

/* After the frame's layout: the last row exists then, and the list itself
 * brings it into view (its estimate of the height may be off until then). */
static gboolean
follow_tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  LscPacketList *self = data;
  if (self->follow || self->follow_last)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
      self->auto_scrolling = TRUE;
      if (n)
        scroll_to_row (self, n - 1);
      self->auto_scrolling = FALSE;
      scroll_to_end_now (self);
      /* The list measures the rows it brings into view only at the next
       * layout, which can move the end further down: look again on the next
       * frames until the view rests at the bottom (a few frames at most). */
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
      gboolean at_end = gtk_adjustment_get_value (adj) >= gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj) - 1;
      if ((!at_end || self->follow_frames < 2) && ++self->follow_frames < 30)
        return G_SOURCE_CONTINUE;
      self->follow_last = FALSE;
    }
  self->follow_frames = 0;
  self->follow_tick = 0;
  return G_SOURCE_REMOVE;
}

static void
follow_soon (LscPacketList *self)
{
  self->follow_frames = 0;
  if (!self->follow_tick)
    self->follow_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), follow_tick_cb, self, NULL);
}

/* Before the rows change order: the selection lets go of its row quietly
 * (GtkSingleSelection would otherwise look for its old item among every
 * added row), and takes it up again once they are in place. */
static void
reordering_cb (LscRowModel *rows, LscPacketList *self)
{
  if (self->reordering)
    return;  /* still putting the last order in place */
  self->reorder_keep = lsc_packet_list_get_selected_index (self);
  if (self->reorder_keep == G_MAXUINT)
    return;
  self->reordering = TRUE;
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

static void
items_changed_cb (GListModel *model, guint pos, guint removed, guint added, LscPacketList *self)
{
  if (self->reordering && added == 0)
    return;  /* the rows come back with the next items-changed */
  if (self->reordering)
    {
      guint at = lsc_row_model_find (self->rows, self->reorder_keep);
      if (at != G_MAXUINT)
        {
          gtk_single_selection_set_selected (self->selection, at);
          scroll_to_row (self, at);
        }
      self->reordering = FALSE;
      /* Gone from view (it cannot be, the same rows came back): say so. */
      if (at == G_MAXUINT)
        g_signal_emit (self, signals[SIG_PACKET_SELECTED], 0, G_MAXUINT);
    }
  else if (self->keep != G_MAXUINT && added && gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
    {
      /* The packet selected before the filter changed, found again. */
      guint at = lsc_row_model_find (self->rows, self->keep);
      if (at != G_MAXUINT && at >= pos && at < pos + added)
        lsc_packet_list_select_index (self, self->keep);
    }
  if (self->follow && added)
    {
      scroll_to_end_now (self);
      follow_soon (self);
    }
}

static gboolean
user_scrolling (LscPacketList *self)
{
  return self->scrollbar_held || g_get_monotonic_time () - self->user_scrolled_at < 400 * 1000;
}

static gboolean
wheel_cb (GtkEventControllerScroll *c, double dx, double dy, LscPacketList *self)
{
  self->user_scrolled_at = g_get_monotonic_time ();
  return FALSE;
}

static gboolean
key_cb (GtkEventControllerKey *c, guint keyval, guint keycode, GdkModifierType state, LscPacketList *self)
{
  switch (keyval)
    {
    case GDK_KEY_Up: case GDK_KEY_Down: case GDK_KEY_Page_Up: case GDK_KEY_Page_Down:
    case GDK_KEY_Home: case GDK_KEY_End: case GDK_KEY_KP_Up: case GDK_KEY_KP_Down:
      self->user_scrolled_at = g_get_monotonic_time ();
      break;
    default:
      break;
    }
  return FALSE;
}

static void
bar_pressed_cb (GtkGestureClick *g, int n, double x, double y, LscPacketList *self)
{
  self->scrollbar_held = TRUE;
}

static void
bar_released_cb (GtkGestureClick *g, int n, double x, double y, LscPacketList *self)
{
  self->scrollbar_held = FALSE;
  self->user_scrolled_at = g_get_monotonic_time ();
}

static void
vadj_changed_cb (GtkAdjustment *adj, LscPacketList *self)
{
  /* Rows arriving grow upper: stay pinned to the bottom while following. */
  if (self->follow)
    {
      scroll_to_end_now (self);
      follow_soon (self);
    }
}

static void
vadj_value_changed_cb (GtkAdjustment *adj, LscPacketList *self)
{
  if (self->auto_scrolling || !self->store || !user_scrolling (self))
    return;
  /* The user scrolled: follow again only when they are back at the bottom. */
  double bottom = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);
  gboolean at_end = gtk_adjustment_get_value (adj) >= bottom - 2;
  if (self->live)
    self->follow = at_end;
}

void
lsc_packet_list_set_follow (LscPacketList *self, gboolean follow)
{
  /* A capture that stops while followed ends on its last rows, which may
   * have arrived with the stop itself. */
  if (!follow && self->follow)
    {
      self->follow_last = TRUE;
      follow_soon (self);
    }
  self->follow = follow;
  self->live = follow;
  if (follow)
    scroll_to_end_now (self);
}

void
lsc_packet_list_scroll_to_end (LscPacketList *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  /* Scrolling to the item, not setting the adjustment: the list then builds
   * only the rows at the end instead of laying out a jump through estimates. */
  if (n)
    scroll_to_row (self, n - 1);
}

void
lsc_packet_list_set_store (LscPacketList *self, LscStore *store)
{
  g_return_if_fail (LSC_IS_PACKET_LIST (self));
  g_set_object (&self->store, store);
  self->keep = G_MAXUINT;
  lsc_row_model_set_store (self->rows, store);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

gboolean
lsc_packet_list_set_filter_text (LscPacketList *self, const char *text)
{
  g_autoptr (GError) error = NULL;
  guint col = 0;
  LscFilter *f = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));
  if (*trimmed)
    {
      f = lsc_filter_compile (text, &col, &error);
      if (!f)
        {
          g_autofree char *msg = g_strdup_printf (_("%s (column %u)"), error->message, col);
          gtk_label_set_text (self->filter_error, msg);
          gtk_widget_set_visible (GTK_WIDGET (self->filter_error), TRUE);
          gtk_widget_add_css_class (GTK_WIDGET (self->filter_entry), "error");
          gtk_accessible_update_property (GTK_ACCESSIBLE (self->filter_entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, msg, -1);
          return FALSE;
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->filter_error), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->filter_entry), "error");
  guint keep = lsc_packet_list_get_selected_index (self);
  /* The filter starts over: the selected packet comes back when it is found. */
  lsc_row_model_set_filter (self->rows, f);
  if (keep != G_MAXUINT && !lsc_packet_list_select_index (self, keep))
    self->keep = keep;
  return TRUE;
}

static void
filter_changed_cb (GtkSearchEntry *entry, LscPacketList *self)
{
  /* Check as the user types, but apply only on Enter: filtering a big file is not free. */
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autoptr (GError) error = NULL;
  guint col = 0;
  g_autoptr (LscFilter) f = *text ? lsc_filter_compile (text, &col, &error) : NULL;
  if (*text && !f)
    {
      g_autofree char *msg = g_strdup_printf (_("%s (column %u)"), error->message, col);
      gtk_label_set_text (self->filter_error, msg);
      gtk_widget_set_visible (GTK_WIDGET (self->filter_error), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->filter_error), FALSE);
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
      if (!*text && lsc_row_model_has_filter (self->rows))
        lsc_packet_list_set_filter_text (self, "");
    }
}

static void
filter_activate_cb (GtkSearchEntry *entry, LscPacketList *self)
{
  lsc_packet_list_set_filter_text (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

/* The row model works through the packets in slices: its progress drives a
 * progress bar, and the matching rows show as they are found. */
static void
progress_cb (LscRowModel *rows, LscPacketList *self)
{
  gboolean filtering = lsc_row_model_is_filtering (rows);
  gboolean busy = filtering || lsc_row_model_is_sorting (rows);
  gtk_widget_set_visible (GTK_WIDGET (self->filter_progress), busy);
  gtk_widget_set_visible (GTK_WIDGET (self->filter_stop), busy);
  if (!busy)
    return;
  double done = lsc_row_model_get_progress (rows);
  g_autofree char *text = filtering ? g_strdup_printf (_("Filtering… %.0f%%"), done * 100)
                                    : g_strdup_printf (_("Sorting… %.0f%%"), done * 100);
  gtk_progress_bar_set_fraction (self->filter_progress, done);
  gtk_progress_bar_set_text (self->filter_progress, text);
}

void
lsc_packet_list_stop_filter (LscPacketList *self)
{
  if (!lsc_packet_list_is_filtering (self))
    {
      /* A sort still being worked out: back to capture order. */
      if (lsc_row_model_is_sorting (self->rows))
        lsc_packet_list_sort_by (self, -1, FALSE);
      return;
    }
  /* The text stays in the entry: Enter applies it again. */
  lsc_packet_list_set_filter_text (self, "");
  gtk_label_set_text (self->filter_error, _("Filtering stopped: every packet is shown (Enter applies the filter again)"));
  gtk_widget_set_visible (GTK_WIDGET (self->filter_error), TRUE);
}

static void
filter_stop_cb (GtkSearchEntry *entry, LscPacketList *self)
{
  lsc_packet_list_stop_filter (self);
}

static void
filter_stop_clicked_cb (GtkButton *button, LscPacketList *self)
{
  lsc_packet_list_stop_filter (self);
}

gboolean
lsc_packet_list_select_index (LscPacketList *self, guint i)
{
  /* Wherever the sort order put it. */
  guint pos = lsc_row_model_find (self->rows, i);
  if (pos == G_MAXUINT)
    return FALSE;
  gtk_single_selection_set_selected (self->selection, pos);
  scroll_to_row (self, pos);
  return TRUE;
}

gboolean
lsc_packet_list_is_filtering (LscPacketList *self)
{
  return lsc_row_model_is_filtering (self->rows);
}

guint
lsc_packet_list_get_selected_index (LscPacketList *self)
{
  LscPacketRow *row = gtk_single_selection_get_selected_item (self->selection);
  return row ? lsc_packet_row_get_index (row) : G_MAXUINT;
}

GArray *
lsc_packet_list_dup_shown_indices (LscPacketList *self)
{
  return lsc_row_model_dup_indices (self->rows);
}

GListModel *
lsc_packet_list_get_rows (LscPacketList *self)
{
  return G_LIST_MODEL (self->selection);
}

GtkWidget *
lsc_packet_list_get_filter_entry (LscPacketList *self)
{
  return GTK_WIDGET (self->filter_entry);
}

GtkWidget *
lsc_packet_list_get_column_view (LscPacketList *self)
{
  return GTK_WIDGET (self->view);
}

/* The column view's sort state changed (a header clicked): GTK 4.8 cannot be
 * asked for it directly, so its sorter compares two probes. */
static void
view_sorter_changed_cb (GtkSorter *sorter, GtkSorterChange change, LscPacketList *self)
{
  if (self->resorting)
    return;
  self->probing = TRUE;
  self->probe_col = -1;
  self->probe_equal = FALSE;
  GtkOrdering o = gtk_sorter_compare (sorter, &probe_a, &probe_b);
  int col = self->probe_col;
  /* Again with every column answering "equal": how many the view asks. */
  self->probe_equal = TRUE;
  self->probe_count = 0;
  gtk_sorter_compare (sorter, &probe_a, &probe_b);
  self->probing = FALSE;
  gboolean desc = o == GTK_ORDERING_LARGER;
  self->resorting = TRUE;
  /* The view keeps the columns clicked before as later keys; ties here keep
   * capture order, so only the clicked one stays. */
  if (self->probe_count > 1 && col >= 0)
    {
      gtk_column_view_sort_by_column (self->view, NULL, GTK_SORT_ASCENDING);
      gtk_column_view_sort_by_column (self->view, self->cols[col], desc ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
    }
  /* GTK 4.8 leaves the arrow of a column that was sorted by before on its
   * header: giving it its sorter again redraws it as unsorted. */
  for (int c = 0; c < N_COLS; c++)
    if (c != col && self->cols[c] && gtk_column_view_column_get_column_view (self->cols[c]))
      {
        g_autoptr (GtkSorter) s = g_object_ref (gtk_column_view_column_get_sorter (self->cols[c]));
        gtk_column_view_column_set_sorter (self->cols[c], NULL);
        gtk_column_view_column_set_sorter (self->cols[c], s);
      }
  self->resorting = FALSE;
  lsc_row_model_set_sort (self->rows, col, desc);
}

void
lsc_packet_list_sort_by (LscPacketList *self, int col, gboolean descending)
{
  g_return_if_fail (LSC_IS_PACKET_LIST (self));
  if (col < 0 || col >= N_COLS)
    gtk_column_view_sort_by_column (self->view, NULL, GTK_SORT_ASCENDING);
  else if (gtk_column_view_column_get_column_view (self->cols[col]))
    gtk_column_view_sort_by_column (self->view, self->cols[col], descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
}

int
lsc_packet_list_get_sort (LscPacketList *self, gboolean *descending)
{
  return lsc_row_model_get_sort (self->rows, descending);
}

gboolean
lsc_packet_list_is_sorting (LscPacketList *self)
{
  return lsc_row_model_is_sorting (self->rows);
}

static void
capture_order_action (GtkWidget *widget, const char *name, GVariant *param)
{
  lsc_packet_list_sort_by (LSC_PACKET_LIST (widget), -1, FALSE);
}

static GtkColumnViewColumn *
add_column (LscPacketList *self, guint col, const char *title, gboolean expand, int width)
{
  GtkListItemFactory *f = gtk_signal_list_item_factory_new ();
  g_signal_connect (f, "setup", G_CALLBACK (setup_cell_cb), GUINT_TO_POINTER (col));
  g_signal_connect (f, "bind", G_CALLBACK (bind_cell_cb), GUINT_TO_POINTER (col));
  g_object_set_data (G_OBJECT (f), "lsc-list", self);
  if (col == COL_TIME)
    g_signal_connect (f, "unbind", G_CALLBACK (unbind_time_cb), NULL);
  GtkColumnViewColumn *c = gtk_column_view_column_new (title, f);
  LscColumnSorter *sorter = g_object_new (LSC_TYPE_COLUMN_SORTER, NULL);
  sorter->list = self;
  sorter->col = (int) col;
  gtk_column_view_column_set_sorter (c, GTK_SORTER (sorter));
  g_object_unref (sorter);
  self->cols[col] = c;
  gtk_column_view_column_set_expand (c, expand);
  gtk_column_view_column_set_resizable (c, TRUE);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (c, width);
  gtk_column_view_append_column (self->view, c);
  g_object_unref (c);
  return c;
}

/* GTK 4.8 keeps the width of a hidden fixed-width column out of the expanding
 * Info column, so these are added and removed rather than hidden. */
void
lsc_packet_list_set_state_columns (LscPacketList *self, gboolean show)
{
  if (show == lsc_packet_list_get_state_columns (self))
    return;
  GListModel *cols = gtk_column_view_get_columns (self->view);
  if (show)
    {
      /* Before Info, the last column. */
      guint at = g_list_model_get_n_items (cols) - 1;
      gtk_column_view_insert_column (self->view, at, self->state_cols[0]);
      gtk_column_view_insert_column (self->view, at + 1, self->state_cols[1]);
    }
  else
    for (guint i = 0; i < 2; i++)
      gtk_column_view_remove_column (self->view, self->state_cols[i]);
}

gboolean
lsc_packet_list_get_state_columns (LscPacketList *self)
{
  return gtk_column_view_column_get_column_view (self->state_cols[0]) != NULL;
}

static void
lsc_packet_list_dispose (GObject *object)
{
  LscPacketList *self = LSC_PACKET_LIST (object);
  if (self->follow_tick)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->follow_tick);
  self->follow_tick = 0;
  if (self->rows)
    g_signal_handlers_disconnect_by_data (self->rows, self);
  if (self->view_sorter)
    g_signal_handlers_disconnect_by_data (self->view_sorter, self);
  g_clear_pointer (&self->menu, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), LSC_TYPE_PACKET_LIST);
  lsc_widget_unparent_children (GTK_WIDGET (self));
  g_clear_pointer (&self->time_labels, g_hash_table_unref);
  g_clear_object (&self->state_cols[0]);
  g_clear_object (&self->state_cols[1]);
  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (lsc_packet_list_parent_class)->dispose (object);
}

static void
lsc_packet_list_class_init (LscPacketListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = lsc_packet_list_dispose;
  signals[SIG_PACKET_SELECTED] = g_signal_new ("packet-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                               0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/layerscope/Layerscope/ui/lsc-packet-list.ui");
  gtk_widget_class_bind_template_child (widget_class, LscPacketList, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, LscPacketList, filter_error);
  gtk_widget_class_bind_template_child (widget_class, LscPacketList, filter_progress);
  gtk_widget_class_bind_template_child (widget_class, LscPacketList, filter_stop);
  gtk_widget_class_bind_template_child (widget_class, LscPacketList, view);
  gtk_widget_class_bind_template_child (widget_class, LscPacketList, scroller);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_stop_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_install_action (widget_class, "list.capture-order", NULL, capture_order_action);
}

static void
lsc_packet_list_init (LscPacketList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->time_labels = g_hash_table_new (NULL, NULL);
  self->time_format = LSC_TIME_RELATIVE;
  self->keep = G_MAXUINT;
  /* Filtering and sorting a big capture run in slices so the window stays responsive. */
  self->rows = lsc_row_model_new ();
  g_signal_connect (self->rows, "progress", G_CALLBACK (progress_cb), self);
  g_signal_connect (self->rows, "reordering", G_CALLBACK (reordering_cb), self);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->rows)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb), self);
  /* After the selection's own handler: a reorder puts the selection back here. */
  g_signal_connect (self->rows, "items-changed", G_CALLBACK (items_changed_cb), self);
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (self->selection));

  /* Sized for a 1024-pixel projector: the fixed columns fit their usual text
   * (an IPv4 or MAC address, a six-digit time; IPv6 ellipsizes, the tooltip has it)
   * and Info takes whatever width is left. */
  add_column (self, COL_NO, _("No."), FALSE, 64);
  add_column (self, COL_TIME, _("Time"), FALSE, 92);
  add_column (self, COL_SRC, _("Source"), FALSE, 140);
  add_column (self, COL_DST, _("Destination"), FALSE, 140);
  add_column (self, COL_PROTO, _("Protocol"), FALSE, 72);
  add_column (self, COL_LEN, _("Length"), FALSE, 64);
  self->state_cols[0] = g_object_ref (add_column (self, COL_CLIENT, _("Client state"), FALSE, 118));
  self->state_cols[1] = g_object_ref (add_column (self, COL_SERVER, _("Server state"), FALSE, 118));
  lsc_packet_list_set_state_columns (self, FALSE);
  add_column (self, COL_INFO, _("Info"), TRUE, 240);

  static const char *const items[] = {
    N_("_Filter on Its Conversation"), "win.filter-conversation", N_("Show Its _Flow"), "win.show-flow-here",
    N_("F_ollow Stream"), "win.follow-stream", NULL,
    N_("Copy _Summary Line"), "win.copy-summary", N_("Copy Bytes as _Hex"), "win.copy-packet-hex", NULL,
    N_("Back to _Capture Order"), "list.capture-order", NULL, NULL,
  };
  self->menu = lsc_context_menu_new (GTK_WIDGET (self), GTK_WIDGET (self->view), items,
                                     G_CALLBACK (context_pressed_cb), self);

  /* Clicking a header sorts by it, again the other way. */
  self->view_sorter = gtk_column_view_get_sorter (self->view);
  g_signal_connect (self->view_sorter, "changed", G_CALLBACK (view_sorter_changed_cb), self);

  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect (adj, "changed", G_CALLBACK (vadj_changed_cb), self);
  g_signal_connect (adj, "value-changed", G_CALLBACK (vadj_value_changed_cb), self);

  GtkEventController *wheel = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (wheel, GTK_PHASE_CAPTURE);
  g_signal_connect (wheel, "scroll", G_CALLBACK (wheel_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), wheel);
  GtkEventController *keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), keys);
  GtkGesture *bar = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (bar), GTK_PHASE_CAPTURE);
  g_signal_connect (bar, "pressed", G_CALLBACK (bar_pressed_cb), self);
  g_signal_connect (bar, "released", G_CALLBACK (bar_released_cb), self);
  gtk_widget_add_controller (gtk_scrolled_window_get_vscrollbar (self->scroller), GTK_EVENT_CONTROLLER (bar));
}

GtkWidget *
lsc_packet_list_new (void)
{
  return g_object_new (LSC_TYPE_PACKET_LIST, NULL);
}

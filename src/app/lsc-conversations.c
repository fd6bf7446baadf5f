/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-conversations.c — the conversation tables: TCP, UDP, ICMP echo and ARP tabs
 *
 * Rows are small objects holding the cells as text and a sort key per
 * column, made once when the analysis is set: a table sorts and scrolls
 * without asking the analysis again.
 */
#include "lsc-conversations.h"
#include "lsc-layer-colors.h"
#include "core/lsc-conv-table.h"

#include <glib/gi18n.h>
#include <string.h>

/* ---- one row ---- */

#define LSC_TYPE_CONV_ROW (lsc_conv_row_get_type ())
G_DECLARE_FINAL_TYPE (LscConvRow, lsc_conv_row, LSC, CONV_ROW, GObject)

struct _LscConvRow {
  GObject parent_instance;
  guint index;
  GStrv cells;
  double keys[LSC_CONV_TABLE_MAX_COLUMNS];
};

G_DEFINE_FINAL_TYPE (LscConvRow, lsc_conv_row, G_TYPE_OBJECT)

static void
lsc_conv_row_finalize (GObject *object)
{
  g_strfreev (LSC_CONV_ROW (object)->cells);
  G_OBJECT_CLASS (lsc_conv_row_parent_class)->finalize (object);
}

static void
lsc_conv_row_class_init (LscConvRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lsc_conv_row_finalize;
}

static void
lsc_conv_row_init (LscConvRow *self)
{
}

/* ---- the widget ---- */

#define N_KINDS 4

typedef struct {
  GListStore *rows;
  GtkColumnView *view;
  GtkSingleSelection *selection;
  GtkWidget *tab_label;
} Table;

struct _LscConversations {
  GtkWidget parent_instance;
  GtkWidget *box, *notebook;
  Table tables[N_KINDS];
};

G_DEFINE_FINAL_TYPE (LscConversations, lsc_conversations, GTK_TYPE_WIDGET)

enum { SIG_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *
tab_name (LscConvKind kind)
{
  switch (kind)
    {
    case LSC_CONV_TCP: return _("TCP");
    case LSC_CONV_UDP: return _("UDP");
    case LSC_CONV_ICMP: return _("ICMP echo");
    case LSC_CONV_ARP: return _("ARP");
    default: return "?";
    }
}

/* Long headings on two lines (at the space nearest their middle), so the
 * ten TCP columns fit a 1024-pixel projector; wide characters count twice. */
static char *
column_title (const char *heading)
{
  char *t = g_strdup (heading);
  int width = 0;
  for (const char *p = t; *p; p = g_utf8_next_char (p))
    width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  if (width <= 12)
    return t;
  char *best = NULL;
  int at = 0, best_dist = G_MAXINT;
  for (char *p = t; *p; p = g_utf8_next_char (p))
    {
      if (*p == ' ' && ABS (2 * at - width) < best_dist)
        {
          best = p;
          best_dist = ABS (2 * at - width);
        }
      at += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
    }
  if (best)
    *best = '\n';
  return t;
}

static void
setup_cell (GtkSignalListItemFactory *f, GtkListItem *item, gpointer numeric)
{
  GtkWidget *label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0f : 0.0f);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *f, GtkListItem *item, gpointer data)
{
  guint col = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (f), "column"));
  LscConvRow *row = gtk_list_item_get_item (item);
  gboolean ok = row && col < g_strv_length (row->cells);
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), ok ? row->cells[col] : "");
}

static int
compare_rows (gconstpointer a, gconstpointer b, gpointer data)
{
  /* By the column's key (the number shown, an endpoint's address and port,
   * a state's rank), then by its text, then in the analysis' order. */
  const LscConvRow *x = a, *y = b;
  guint col = GPOINTER_TO_UINT (data);
  if (x->keys[col] != y->keys[col])
    return x->keys[col] < y->keys[col] ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
  int c = g_utf8_collate (x->cells[col], y->cells[col]);
  if (c)
    return gtk_ordering_from_cmpfunc (c);
  return x->index < y->index ? GTK_ORDERING_SMALLER : x->index > y->index ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static void
activate_cb (GtkColumnView *view, guint position, LscConversations *self)
{
  GListModel *m = G_LIST_MODEL (gtk_column_view_get_model (view));
  g_autoptr (LscConvRow) row = g_list_model_get_item (m, position);
  if (row)
    g_signal_emit (self, signals[SIG_ACTIVATED], 0, row->index);
}

static void
build_table (LscConversations *self, LscConvKind kind)
{
  Table *t = &self->tables[kind];
  t->rows = g_list_store_new (LSC_TYPE_CONV_ROW);
  t->view = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  gtk_column_view_set_show_column_separators (t->view, TRUE);
  gtk_column_view_set_reorderable (t->view, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (t->view), "conversations-table");
  const LscConvColumn *cols;
  guint n = lsc_conv_table_columns (kind, &cols);
  for (guint c = 0; c < n; c++)
    {
      GtkListItemFactory *f = gtk_signal_list_item_factory_new ();
      g_object_set_data (G_OBJECT (f), "column", GUINT_TO_POINTER (c));
      g_signal_connect (f, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (cols[c].numeric));
      g_signal_connect (f, "bind", G_CALLBACK (bind_cell), NULL);
      g_autofree char *title = column_title (_(cols[c].heading));
      GtkColumnViewColumn *col = gtk_column_view_column_new (title, f);
      gtk_column_view_column_set_resizable (col, TRUE);
      /* The endpoints take the room; the rest fit their contents. */
      gtk_column_view_column_set_expand (col, c == 1 || c == 2);
      GtkSorter *sorter = GTK_SORTER (gtk_custom_sorter_new (compare_rows, GUINT_TO_POINTER (c), NULL));
      gtk_column_view_column_set_sorter (col, sorter);
      g_object_unref (sorter);
      gtk_column_view_append_column (t->view, col);
      g_object_unref (col);
    }
  GtkSortListModel *sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (t->rows)),
                                                      g_object_ref (gtk_column_view_get_sorter (t->view)));
  t->selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_column_view_set_model (t->view, GTK_SELECTION_MODEL (t->selection));
  g_signal_connect (t->view, "activate", G_CALLBACK (activate_cb), self);
  GtkWidget *sw = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (sw), GTK_WIDGET (t->view));
  gtk_widget_set_vexpand (sw, TRUE);
  t->tab_label = gtk_label_new (tab_name (kind));
  gtk_notebook_append_page (GTK_NOTEBOOK (self->notebook), sw, t->tab_label);
}

void
lsc_conversations_set_conv (LscConversations *self, LscConv *conv, gint64 first_ns)
{
  g_return_if_fail (LSC_IS_CONVERSATIONS (self));
  GPtrArray *rows[N_KINDS];
  for (int k = 0; k < N_KINDS; k++)
    rows[k] = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; conv && i < lsc_conv_count (conv); i++)
    {
      const LscConvInfo *ci = lsc_conv_nth (conv, i);
      if ((guint) ci->kind >= N_KINDS)
        continue;
      LscConvRow *row = g_object_new (LSC_TYPE_CONV_ROW, NULL);
      row->index = i;
      row->cells = lsc_conv_table_cells (ci, first_ns, row->keys);
      g_ptr_array_add (rows[ci->kind], row);
    }
  for (int k = 0; k < N_KINDS; k++)
    {
      Table *t = &self->tables[k];
      /* One items-changed per table, however many rows. */
      g_list_store_splice (t->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (t->rows)), rows[k]->pdata, rows[k]->len);
      g_autofree char *label = g_strdup_printf ("%s (%u)", tab_name (k), rows[k]->len);
      gtk_label_set_text (GTK_LABEL (t->tab_label), label);
      g_ptr_array_unref (rows[k]);
    }
}

GtkColumnView *
lsc_conversations_get_view (LscConversations *self, LscConvKind kind)
{
  g_return_val_if_fail ((guint) kind < N_KINDS, NULL);
  return self->tables[kind].view;
}

gint
lsc_conversations_get_index (LscConversations *self, LscConvKind kind, guint position)
{
  g_return_val_if_fail ((guint) kind < N_KINDS, -1);
  g_autoptr (LscConvRow) row = g_list_model_get_item (G_LIST_MODEL (self->tables[kind].selection), position);
  return row ? (gint) row->index : -1;
}

void
lsc_conversations_show_kind (LscConversations *self, LscConvKind kind)
{
  g_return_if_fail ((guint) kind < N_KINDS);
  gtk_notebook_set_current_page (GTK_NOTEBOOK (self->notebook), (int) kind);
}

GtkWidget *
lsc_conversations_new (void)
{
  return g_object_new (LSC_TYPE_CONVERSATIONS, NULL);
}

static void
lsc_conversations_dispose (GObject *object)
{
  LscConversations *self = LSC_CONVERSATIONS (object);
  for (int k = 0; k < N_KINDS; k++)
    g_clear_object (&self->tables[k].rows);
  gtk_widget_dispose_template (GTK_WIDGET (self), LSC_TYPE_CONVERSATIONS);
  lsc_widget_unparent_children (GTK_WIDGET (self));
  G_OBJECT_CLASS (lsc_conversations_parent_class)->dispose (object);
}

static void
lsc_conversations_class_init (LscConversationsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = lsc_conversations_dispose;
  /* The index of the conversation (lsc_conv_nth()) the user opened. */
  signals[SIG_ACTIVATED] = g_signal_new ("conversation-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "conversations");
  gtk_widget_class_set_template_from_resource (widget_class, "/org/layerscope/Layerscope/ui/lsc-conversations.ui");
  gtk_widget_class_bind_template_child (widget_class, LscConversations, box);
  gtk_widget_class_bind_template_child (widget_class, LscConversations, notebook);
}

static void
lsc_conversations_init (LscConversations *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  static const LscConvKind kinds[N_KINDS] = { LSC_CONV_TCP, LSC_CONV_UDP, LSC_CONV_ICMP, LSC_CONV_ARP };
  for (int k = 0; k < N_KINDS; k++)
    build_table (self, kinds[k]);
  lsc_conversations_set_conv (self, NULL, 0);
}

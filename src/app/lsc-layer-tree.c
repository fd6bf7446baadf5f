/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-layer-tree.c — GtkListView over a GtkTreeListModel of layers, headers, fields */
#include "lsc-layer-tree.h"
#include "lsc-layer-colors.h"
#include "core/lsc-format.h"
#include "core/lsc-conv.h"
#include "core/lsc-subnet.h"

#include <glib/gi18n.h>

struct _LscLayerTree {
  GtkWidget parent_instance;

  GtkListView *list;
  GtkLabel *explain_title;
  GtkLabel *explain_body;

  LscDecoded *decoded;
  LscModel model;
  GtkTreeListModel *tree_model;
  GtkSingleSelection *selection;
  char *explanation;
  guint scroll_to;
  guint scroll_source;
  GtkWidget *menu;       /* the right-click menu, a popover child */
  double keep_scroll;
  LscStore *store;       /* borrowed: whose options hold the prefixes in effect */
  double menu_x, menu_y; /* where the menu was opened, in the list's coordinates */
  GtkWidget *prefix_pop; /* "Set Prefix for This Address…" */
  GtkSpinButton *prefix_spin;
  GtkLabel *prefix_title, *prefix_mask;
  guint32 prefix_addr;
};

G_DEFINE_FINAL_TYPE (LscLayerTree, lsc_layer_tree, GTK_TYPE_WIDGET)

enum { SIG_NODE_SELECTED, SIG_ADDRESS_PREFIX, N_SIGNALS };
static guint signals[N_SIGNALS];

static GListModel *
create_children_cb (gpointer item, gpointer user_data)
{
  return lsc_layer_item_children (LSC_LAYER_ITEM (item));
}

char *
lsc_layer_tree_item_text (LscLayerItem *item)
{
  if (lsc_layer_item_is_layer (item))
    {
      LscModel m = lsc_layer_item_get_model (item);
      guint k = lsc_layer_item_get_layer (item);
      if (lsc_layer_item_is_empty (item))
        return g_strdup_printf (_("%u · %s — nothing at this layer in this frame"), k, lsc_model_layer_name (m, k));
      return g_strdup_printf ("%u · %s", k, lsc_model_layer_name (m, k));
    }
  const LscTree *t = lsc_layer_item_get_decoded (item)->tree;
  GString *s = g_string_new (NULL);
  lsc_format_label (lsc_tree_node (t, lsc_layer_item_get_node (item)), s);
  return g_string_free (s, FALSE);
}

static guint
item_osi (LscLayerItem *item)
{
  if (lsc_layer_item_is_layer (item))
    {
      /* A model layer's colour is that of the lowest OSI layer it holds. */
      for (guint osi = 1; osi <= 7; osi++)
        if (lsc_model_layer_of (lsc_layer_item_get_model (item), osi) == lsc_layer_item_get_layer (item))
          return osi;
      return 0;
    }
  LscDecoded *d = lsc_layer_item_get_decoded (item);
  return lsc_layer_osi_of_node (d->tree, lsc_layer_item_get_node (item));
}

static void
setup_cb (GtkSignalListItemFactory *f, GtkListItem *li, gpointer data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (chip, "layer-chip");
  gtk_widget_set_valign (chip, GTK_ALIGN_CENTER);
  GtkWidget *label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  GtkWidget *badge = gtk_label_new (_("derived"));
  gtk_widget_add_css_class (badge, "derived-badge");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), chip);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), badge);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (li, expander);
}

static void
bind_cb (GtkSignalListItemFactory *f, GtkListItem *li, gpointer data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (li);
  LscLayerItem *item = gtk_tree_list_row_get_item (row);
  GtkWidget *expander = gtk_list_item_get_child (li);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  GtkWidget *chip = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_next_sibling (chip);
  GtkWidget *badge = gtk_widget_get_next_sibling (label);
  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);

  g_autofree char *text = lsc_layer_tree_item_text (item);
  gtk_label_set_text (GTK_LABEL (label), text);
  static const char *const row_classes[] = { "layer-heading", "derived", "warning", "error", "empty-layer", "protocol" };
  for (guint k = 0; k < G_N_ELEMENTS (row_classes); k++)
    gtk_widget_remove_css_class (label, row_classes[k]);
  for (guint osi = 0; osi <= 7; osi++)
    gtk_widget_remove_css_class (chip, lsc_layer_css_class (osi));

  gboolean derived = FALSE;
  const char *blurb = NULL;
  if (lsc_layer_item_is_layer (item))
    {
      gtk_widget_add_css_class (label, lsc_layer_item_is_empty (item) ? "empty-layer" : "layer-heading");
      blurb = lsc_model_layer_blurb (lsc_layer_item_get_model (item), lsc_layer_item_get_layer (item));
    }
  else
    {
      const LscTree *t = lsc_layer_item_get_decoded (item)->tree;
      const LscNode *n = lsc_tree_node (t, lsc_layer_item_get_node (item));
      derived = (n->flags & LSC_NODE_GENERATED) != 0;
      if (derived)
        gtk_widget_add_css_class (label, "derived");
      if (n->flags & LSC_NODE_MALFORMED)
        gtk_widget_add_css_class (label, "error");
      else if (n->flags & (LSC_NODE_WARN | LSC_NODE_TRUNCATED | LSC_NODE_CHECKSUM_BAD))
        gtk_widget_add_css_class (label, "warning");
      if (n->field && n->field->type == LSC_FT_PROTOCOL)
        gtk_widget_add_css_class (label, "protocol");
      blurb = n->field && n->field->blurb ? _(n->field->blurb) : NULL;
    }
  gtk_widget_add_css_class (chip, lsc_layer_css_class (item_osi (item)));
  gtk_widget_set_visible (chip, lsc_layer_item_is_layer (item) || gtk_tree_list_row_get_depth (row) == 1);
  gtk_widget_set_visible (badge, derived);
  gtk_widget_set_tooltip_text (box, blurb && *blurb ? blurb : NULL);
}

/* What a derived node means beyond its field's blurb: a TCP state in its
 * own words. */
static const char *
lsc_layer_tree_node_explanation (const LscNode *n)
{
  if (!n->field || !n->field->id || !n->text)
    return NULL;
  if (!g_str_equal (n->field->id, "tcp.conv.client_state") && !g_str_equal (n->field->id, "tcp.conv.server_state"))
    return NULL;
  for (LscTcpState st = LSC_TCP_STATE_CLOSED; st <= LSC_TCP_STATE_TIME_WAIT; st++)
    if (g_str_equal (n->text, lsc_tcp_state_name (st)))
      return lsc_tcp_state_explain (st);
  return NULL;
}

/* How a derived fact was derived, shown on this packet's own bytes: an
 * address's class from its first bits. */
static void
explain_derivation (const LscTree *t, const LscNode *n, GString *body)
{
  if (!n->field || !n->field->id || n->parent < 0 || !g_str_has_prefix (n->field->id, "ip.") ||
      !g_str_has_suffix (n->field->id, ".class"))
    return;
  const LscNode *addr = lsc_tree_node (t, n->parent);
  if (!addr->field || addr->field->type != LSC_FT_IPV4)
    return;
  guint8 first = (guint8) (addr->v.u >> 24);
  char bits[9];
  for (int i = 0; i < 8; i++)
    bits[i] = (first >> (7 - i)) & 1 ? '1' : '0';
  bits[8] = 0;
  /* The class is named by the leading bits up to the first 0 (or four 1s). */
  guint lead = 0;
  while (lead < 4 && bits[lead] == '1')
    lead++;
  g_autofree char *head = g_strndup (bits, MIN (lead + 1, 4));
  g_string_append_printf (body, "%s", body->len ? "\n" : "");
  g_string_append_printf (body, _("How it was found: the first byte, %u, is %s in binary; it starts with %s, so the address is "
                                  "class %s (0 A, 10 B, 110 C, 1110 D, 1111 E)."),
                          first, bits, head, n->text ? n->text : "?");
}

static void
explain (LscLayerTree *self, LscLayerItem *item)
{
  GString *title = g_string_new (NULL), *body = g_string_new (NULL);
  if (!item)
    g_string_append (body, _("Select a line to see what it means."));
  else if (lsc_layer_item_is_layer (item))
    {
      LscModel m = lsc_layer_item_get_model (item);
      guint k = lsc_layer_item_get_layer (item);
      g_string_append_printf (title, _("%s — layer %u of %u in the %s model"), lsc_model_layer_name (m, k), k,
                              lsc_model_n_layers (m), lsc_model_name (m));
      g_string_append (body, lsc_model_layer_blurb (m, k));
    }
  else
    {
      const LscTree *t = lsc_layer_item_get_decoded (item)->tree;
      const LscNode *n = lsc_tree_node (t, lsc_layer_item_get_node (item));
      const LscField *f = n->field;
      g_string_append (title, f && f->name ? _(f->name) : _("Note"));
      if (f && f->id && *f->id && f->id[0] != '_')
        g_string_append_printf (title, "  (%s)", f->id);
      /* A note, a line of text or a derived fact says something of its own
       * that the tree cuts at the pane's edge: the whole of it comes first. */
      gboolean own_text = (n->flags & LSC_NODE_GENERATED) || !f || !f->id || f->id[0] == '_';
      if (own_text)
        {
          g_autoptr (GString) line = g_string_new (NULL);
          lsc_format_label (n, line);
          g_string_append (body, line->str);
        }
      /* A line of text (an HTTP start line, the empty line) is explained by
       * the notes that go with it: its own, else those beside it. */
      if (f && f->id && g_str_equal (f->id, "_ws.text"))
        {
          gint32 from = n->first_child >= 0 ? n->first_child : -1;
          for (int pass = 0; pass < 2; pass++)
            {
              gboolean any = FALSE;
              for (gint32 c = from; c >= 0; c = lsc_tree_node (t, c)->next)
                {
                  const LscNode *cn = lsc_tree_node (t, c);
                  if (cn->field && cn->field->id && g_str_has_prefix (cn->field->id, "_ws.expert") && cn->text)
                    {
                      g_string_append_printf (body, "%s%s", body->len ? "\n" : "", cn->text);
                      any = TRUE;
                    }
                }
              if (any || n->parent < 0)
                break;
              from = lsc_tree_node (t, n->parent)->first_child;
            }
        }
      const char *more = lsc_layer_tree_node_explanation (n);
      if (more)
        g_string_append_printf (body, "%s%s", body->len ? "\n" : "", more);
      explain_derivation (t, n, body);
      if (f && f->blurb && !(own_text && f->id && f->id[0] == '_'))
        g_string_append_printf (body, "%s%s", body->len ? "\n" : "", _(f->blurb));
      if (n->flags & LSC_NODE_GENERATED)
        g_string_append_printf (body, "%s%s", body->len ? "\n" : "", _("Derived by Layerscope from the frame and its neighbours; these bytes are not in the frame."));
      else if (n->length)
        {
          if (body->len)
            g_string_append_c (body, '\n');
          if (n->flags & LSC_NODE_REASSEMBLED)
            g_string_append_printf (body, _("Bytes %u–%u of the reassembled datagram (%u bytes), which the fragments listed under the IP header brought together."),
                                    n->offset, n->offset + n->length - 1, n->length);
          else if (n->length == 1)
            g_string_append_printf (body, _("Byte %u of the frame."), n->offset);
          else
            g_string_append_printf (body, _("Bytes %u–%u of the frame (%u bytes)."), n->offset,
                                    n->offset + n->length - 1, n->length);
        }
    }
  gtk_label_set_text (self->explain_title, title->str);
  gtk_widget_set_visible (GTK_WIDGET (self->explain_title), title->len > 0);
  gtk_label_set_text (self->explain_body, body->str);
  g_free (self->explanation);
  self->explanation = g_strdup_printf ("%s\n%s", title->str, body->str);
  g_string_free (title, TRUE);
  g_string_free (body, TRUE);
}

static LscLayerItem *
selected_item (LscLayerTree *self)
{
  if (!self->selection)
    return NULL;
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (self->selection);
  return row ? gtk_tree_list_row_get_item (row) : NULL;
}

/* The address a line stands for: an address in the frame's bytes, or a
 * fact derived from one (its class, network, broadcast, ...).  4 with the
 * IPv4 address in *v4, 6 with the IPv6 one written in v6 (64 bytes), 0. */
static int
node_address (const LscTree *t, gint32 idx, guint32 *v4, char *v6)
{
  for (guint up = 0; idx >= 0 && up < 4; up++)
    {
      const LscNode *n = lsc_tree_node (t, idx);
      LscFieldType type = n->field ? n->field->type : LSC_FT_NONE;
      if (type == LSC_FT_IPV4 && n->length == 4)
        {
          *v4 = (guint32) n->v.u;
          return 4;
        }
      if (type == LSC_FT_IPV6 && n->length == 16 && n->bytes && n->bytes_len >= 16)
        {
          lsc_format_ipv6 (n->bytes, v6);
          return 6;
        }
      if (n->length != 0)
        return 0;
      idx = n->parent;
    }
  return 0;
}

static gboolean
node_ipv4 (const LscTree *t, gint32 idx, guint32 *addr)
{
  char v6[64];
  return node_address (t, idx, addr, v6) == 4;
}

static gboolean
selected_ipv4 (LscLayerTree *self, guint32 *addr)
{
  gint32 idx = lsc_layer_tree_get_selected_node (self);
  return self->decoded && idx >= 0 && node_ipv4 (self->decoded->tree, idx, addr);
}

static void
update_actions (LscLayerTree *self)
{
  guint32 addr;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tree.address-prefix", selected_ipv4 (self, &addr));
}

static void
selection_changed_cb (GtkSingleSelection *sel, GParamSpec *pspec, LscLayerTree *self)
{
  g_autoptr (LscLayerItem) item = selected_item (self);
  update_actions (self);
  explain (self, item);
  g_signal_emit (self, signals[SIG_NODE_SELECTED], 0, item ? lsc_layer_item_get_node (item) : -1);
}

static void
rebuild (LscLayerTree *self, gint32 keep_node)
{
  if (self->selection)
    g_signal_handlers_disconnect_by_func (self->selection, selection_changed_cb, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->tree_model);
  if (!self->decoded)
    {
      gtk_list_view_set_model (self->list, NULL);
      explain (self, NULL);
      return;
    }
  GListModel *root = lsc_layer_items_for_model (self->decoded, self->model);
  self->tree_model = gtk_tree_list_model_new (root, FALSE, FALSE, create_children_cb, NULL, NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->tree_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);

  /* Open every layer that holds something; from the bottom so positions stay valid. */
  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (self->tree_model)); i-- > 0;)
    {
      g_autoptr (GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree_model, i);
      if (gtk_tree_list_row_is_expandable (row))
        gtk_tree_list_row_set_expanded (row, TRUE);
    }
  gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb), self);
  explain (self, NULL);
  if (keep_node >= 0)
    lsc_layer_tree_select_node (self, keep_node);
}

/* A row's place by what it shows, not by its index, so the same line can be
 * found in the next packet's tree: the field ids from its header down
 * ("tcp/tcp.flags"), a layer by its number ("#3").  Notes and text lines
 * without an id use their label, which is stable for the same kind of note. */
static char *
row_key (LscLayerItem *item)
{
  if (lsc_layer_item_is_layer (item))
    return g_strdup_printf ("#%u", lsc_layer_item_get_layer (item));
  const LscTree *t = lsc_layer_item_get_decoded (item)->tree;
  GString *key = g_string_new (NULL);
  for (gint32 i = lsc_layer_item_get_node (item); i >= 0; i = lsc_tree_node (t, i)->parent)
    {
      const LscNode *n = lsc_tree_node (t, i);
      const char *part = n->field && n->field->id && *n->field->id ? n->field->id : n->label ? n->label : "?";
      g_string_prepend_c (key, '/');
      g_string_prepend (key, part);
    }
  return g_string_free (key, FALSE);
}

typedef struct {
  GHashTable *expanded;   /* row keys of expanded header/field rows */
  char *selected;         /* the selected row's key */
  double scroll;
} TreeState;

static void
tree_state_save (LscLayerTree *self, TreeState *st)
{
  st->expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  st->selected = NULL;
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list));
  st->scroll = adj ? gtk_adjustment_get_value (adj) : 0;
  if (!self->tree_model)
    return;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tree_model));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree_model, i);
      g_autoptr (LscLayerItem) item = gtk_tree_list_row_get_item (row);
      if (!lsc_layer_item_is_layer (item) && gtk_tree_list_row_get_expanded (row))
        g_hash_table_add (st->expanded, row_key (item));
    }
  g_autoptr (LscLayerItem) sel = selected_item (self);
  if (sel)
    st->selected = row_key (sel);
}

static gboolean
restore_scroll_cb (gpointer data)
{
  LscLayerTree *self = data;
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list));
  if (adj)
    gtk_adjustment_set_value (adj, self->keep_scroll);
  self->scroll_source = 0;
  return G_SOURCE_REMOVE;
}

/* Open the rows that were open, select the line that was selected, and
 * come back to the same scroll position: stepping from packet to packet
 * keeps the learner's place. */
static void
tree_state_restore (LscLayerTree *self, TreeState *st)
{
  guint select = GTK_INVALID_LIST_POSITION;
  /* Forward: rows expanded here put their children right after, which the
   * loop then visits, so nested rows open too. */
  for (guint i = 0; self->tree_model && i < g_list_model_get_n_items (G_LIST_MODEL (self->tree_model)); i++)
    {
      g_autoptr (GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree_model, i);
      g_autoptr (LscLayerItem) item = gtk_tree_list_row_get_item (row);
      g_autofree char *key = row_key (item);
      if (!lsc_layer_item_is_layer (item) && gtk_tree_list_row_is_expandable (row) &&
          g_hash_table_contains (st->expanded, key))
        gtk_tree_list_row_set_expanded (row, TRUE);
      if (st->selected && select == GTK_INVALID_LIST_POSITION && g_str_equal (key, st->selected))
        select = i;
    }
  if (select != GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->selection, select);
  self->keep_scroll = st->scroll;
  g_clear_handle_id (&self->scroll_source, g_source_remove);
  self->scroll_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 30, restore_scroll_cb, self, NULL);
  g_hash_table_unref (st->expanded);
  g_free (st->selected);
}

void
lsc_layer_tree_set_decoded (LscLayerTree *self, LscDecoded *d, LscModel model)
{
  g_return_if_fail (LSC_IS_LAYER_TREE (self));
  TreeState st;
  gboolean keep = self->decoded && d;
  if (keep)
    tree_state_save (self, &st);
  if (d)
    lsc_decoded_ref (d);
  g_clear_pointer (&self->decoded, lsc_decoded_unref);
  self->decoded = d;
  self->model = model;
  rebuild (self, -1);
  if (keep)
    tree_state_restore (self, &st);
}

void
lsc_layer_tree_set_model (LscLayerTree *self, LscModel model)
{
  g_return_if_fail (LSC_IS_LAYER_TREE (self));
  if (model == self->model && self->tree_model)
    return;
  gint32 keep = lsc_layer_tree_get_selected_node (self);
  self->model = model;
  rebuild (self, keep);
}

LscModel
lsc_layer_tree_get_model (LscLayerTree *self)
{
  return self->model;
}

gint32
lsc_layer_tree_get_selected_node (LscLayerTree *self)
{
  g_autoptr (LscLayerItem) item = selected_item (self);
  return item ? lsc_layer_item_get_node (item) : -1;
}

GListModel *
lsc_layer_tree_get_rows (LscLayerTree *self)
{
  return G_LIST_MODEL (self->tree_model);
}

const char *
lsc_layer_tree_get_explanation (LscLayerTree *self)
{
  return self->explanation ? self->explanation : "";
}

static gboolean
scroll_idle_cb (gpointer data)
{
  LscLayerTree *self = data;
  self->scroll_source = 0;
  if (self->tree_model && self->scroll_to < g_list_model_get_n_items (G_LIST_MODEL (self->tree_model)))
    gtk_widget_activate_action (GTK_WIDGET (self->list), "list.scroll-to-item", "u", self->scroll_to);
  return G_SOURCE_REMOVE;
}

/* Position of the row showing node idx at or after from, expanding as we go down. */
static guint
find_row (LscLayerTree *self, guint from, gint32 idx)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tree_model));
  for (guint i = from; i < n; i++)
    {
      g_autoptr (GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree_model, i);
      g_autoptr (LscLayerItem) item = gtk_tree_list_row_get_item (row);
      if (lsc_layer_item_get_node (item) == idx)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

gboolean
lsc_layer_tree_select_node (LscLayerTree *self, gint32 idx)
{
  g_return_val_if_fail (LSC_IS_LAYER_TREE (self), FALSE);
  if (!self->decoded || !self->tree_model)
    return FALSE;
  const LscTree *t = self->decoded->tree;
  if (!lsc_tree_node (t, idx))
    return FALSE;

  /* The chain from the top-level header down to idx. */
  GArray *chain = g_array_new (FALSE, FALSE, sizeof (gint32));
  for (gint32 i = idx; i >= 0; i = lsc_tree_node (t, i)->parent)
    g_array_prepend_val (chain, i);
  guint layer = lsc_model_layer_of_node (self->model, lsc_tree_node (t, g_array_index (chain, gint32, 0)));
  /* Layers are listed lowest first; the layer's row is where its search starts. */
  g_autoptr (GtkTreeListRow) lrow = layer ? gtk_tree_list_model_get_child_row (self->tree_model, layer - 1) : NULL;
  guint found = GTK_INVALID_LIST_POSITION;
  if (lrow)
    {
      gtk_tree_list_row_set_expanded (lrow, TRUE);
      found = gtk_tree_list_row_get_position (lrow);
      for (guint k = 0; k < chain->len && found != GTK_INVALID_LIST_POSITION; k++)
        {
          found = find_row (self, found, g_array_index (chain, gint32, k));
          if (found != GTK_INVALID_LIST_POSITION && k + 1 < chain->len)
            {
              g_autoptr (GtkTreeListRow) r = gtk_tree_list_model_get_row (self->tree_model, found);
              gtk_tree_list_row_set_expanded (r, TRUE);
            }
        }
    }
  g_array_unref (chain);
  if (found == GTK_INVALID_LIST_POSITION)
    return FALSE;
  gtk_single_selection_set_selected (self->selection, found);
  /* Rows just expanded are not laid out yet: scroll once they are. */
  self->scroll_to = found;
  if (!self->scroll_source)
    self->scroll_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 30, scroll_idle_cb, self, NULL);
  return TRUE;
}

void
lsc_layer_tree_expand_all (LscLayerTree *self, gboolean expand)
{
  if (!self->tree_model)
    return;
  if (expand)
    /* Forward: children appear after their parent and are visited too. */
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->tree_model)) && i < 100000; i++)
      {
        g_autoptr (GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree_model, i);
        if (gtk_tree_list_row_is_expandable (row))
          gtk_tree_list_row_set_expanded (row, TRUE);
      }
  else
    /* The layers stay open, their headers close. */
    for (guint i = g_list_model_get_n_items (G_LIST_MODEL (self->tree_model)); i-- > 0;)
      {
        g_autoptr (GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree_model, i);
        if (gtk_tree_list_row_get_depth (row) > 0)
          gtk_tree_list_row_set_expanded (row, FALSE);
      }
}

static void
expand_action (GtkWidget *widget, const char *name, GVariant *param)
{
  lsc_layer_tree_expand_all (LSC_LAYER_TREE (widget), g_str_equal (name, "tree.expand-all"));
}

/* Right-click: select the line under the pointer, then offer what can be done with it. */
static void
context_pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, LscLayerTree *self)
{
  GtkWidget *w = gtk_widget_pick (GTK_WIDGET (self->list), x, y, GTK_PICK_DEFAULT);
  for (; w && w != GTK_WIDGET (self->list); w = gtk_widget_get_parent (w))
    if (GTK_IS_TREE_EXPANDER (w))
      {
        GtkTreeListRow *row = gtk_tree_expander_get_list_row (GTK_TREE_EXPANDER (w));
        if (row && self->selection)
          gtk_single_selection_set_selected (self->selection, gtk_tree_list_row_get_position (row));
        break;
      }
  self->menu_x = x;
  self->menu_y = y;
  lsc_context_menu_popup (self->menu, GTK_WIDGET (self->list), x, y);
}

/* ---- a prefix for one address ---- */

static guint
prefix_in_effect (LscLayerTree *self, guint32 addr)
{
  return self->store ? lsc_dissect_options_prefix_for (lsc_store_get_options (self->store), addr) : 0;
}

static void
prefix_spin_changed_cb (GtkSpinButton *spin, LscLayerTree *self)
{
  char mask[16];
  lsc_subnet_format_dotted (lsc_subnet_mask ((guint) gtk_spin_button_get_value_as_int (spin)), mask, sizeof mask);
  g_autofree char *text = g_strdup_printf (_("mask %s"), mask);
  gtk_label_set_text (self->prefix_mask, text);
}

static void
prefix_apply_cb (GtkButton *button, LscLayerTree *self)
{
  guint prefix = (guint) gtk_spin_button_get_value_as_int (self->prefix_spin);
  gtk_popover_popdown (GTK_POPOVER (self->prefix_pop));
  g_signal_emit (self, signals[SIG_ADDRESS_PREFIX], 0, self->prefix_addr, prefix);
}

static void
prefix_clear_cb (GtkButton *button, LscLayerTree *self)
{
  gtk_popover_popdown (GTK_POPOVER (self->prefix_pop));
  g_signal_emit (self, signals[SIG_ADDRESS_PREFIX], 0, self->prefix_addr, 0u);
}

static void
build_prefix_popover (LscLayerTree *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  self->prefix_title = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->prefix_title), "heading");
  gtk_label_set_xalign (self->prefix_title, 0);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->prefix_title));
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (row), gtk_label_new ("/"));
  self->prefix_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, 32, 1));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->prefix_spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Prefix length"), -1);
  g_signal_connect (self->prefix_spin, "value-changed", G_CALLBACK (prefix_spin_changed_cb), self);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->prefix_spin));
  self->prefix_mask = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->prefix_mask), "numeric");
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->prefix_mask));
  gtk_box_append (GTK_BOX (box), row);
  GtkWidget *note = gtk_label_new (_("Its network, broadcast, first and last host and host count follow from this "
                                     "mask, in every packet with this address; the sender's mask decides "
                                     "whether source and destination share a subnet."));
  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (note), 40);
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_widget_add_css_class (note, "dim-label");
  gtk_box_append (GTK_BOX (box), note);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  GtkWidget *clear = gtk_button_new_with_mnemonic (_("Use the _Capture's Prefix"));
  g_signal_connect (clear, "clicked", G_CALLBACK (prefix_clear_cb), self);
  GtkWidget *apply = gtk_button_new_with_mnemonic (_("_Apply"));
  gtk_widget_add_css_class (apply, "suggested-action");
  g_signal_connect (apply, "clicked", G_CALLBACK (prefix_apply_cb), self);
  gtk_box_append (GTK_BOX (buttons), clear);
  gtk_box_append (GTK_BOX (buttons), apply);
  gtk_box_append (GTK_BOX (box), buttons);
  self->prefix_pop = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->prefix_pop), box);
  gtk_popover_set_default_widget (GTK_POPOVER (self->prefix_pop), apply);
  gtk_widget_set_parent (self->prefix_pop, GTK_WIDGET (self));
}

gboolean
lsc_layer_tree_edit_address_prefix (LscLayerTree *self)
{
  g_return_val_if_fail (LSC_IS_LAYER_TREE (self), FALSE);
  guint32 addr;
  if (!selected_ipv4 (self, &addr))
    return FALSE;
  if (!self->prefix_pop)
    build_prefix_popover (self);
  self->prefix_addr = addr;
  char text[16];
  lsc_format_ipv4 (addr, text);
  g_autofree char *title = g_strdup_printf (_("Prefix for %s"), text);
  gtk_label_set_text (self->prefix_title, title);
  /* Start from the prefix in effect, else the class's default mask. */
  guint prefix = prefix_in_effect (self, addr);
  if (!prefix)
    {
      LscSubnetClass cl;
      lsc_subnet_classify (addr, &cl);
      prefix = cl.default_prefix ? cl.default_prefix : 24;
    }
  gtk_spin_button_set_value (self->prefix_spin, prefix);
  prefix_spin_changed_cb (self->prefix_spin, self);
  double x = self->menu_x, y = self->menu_y;
  gtk_widget_translate_coordinates (GTK_WIDGET (self->list), GTK_WIDGET (self), x, y, &x, &y);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->prefix_pop), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->prefix_pop));
  gtk_popover_present (GTK_POPOVER (self->prefix_pop));
  gtk_widget_grab_focus (GTK_WIDGET (self->prefix_spin));
  return TRUE;
}

GtkWidget *
lsc_layer_tree_get_prefix_popover (LscLayerTree *self)
{
  return self->prefix_pop;
}

static void
address_prefix_action (GtkWidget *widget, const char *name, GVariant *param)
{
  lsc_layer_tree_edit_address_prefix (LSC_LAYER_TREE (widget));
}

void
lsc_layer_tree_set_store (LscLayerTree *self, LscStore *store)
{
  g_return_if_fail (LSC_IS_LAYER_TREE (self));
  self->store = store;
}

char *
lsc_layer_tree_get_calc_text (LscLayerTree *self)
{
  g_return_val_if_fail (LSC_IS_LAYER_TREE (self), NULL);
  if (!self->decoded)
    return NULL;
  const LscTree *t = self->decoded->tree;
  gint32 idx = lsc_layer_tree_get_selected_node (self);
  guint32 addr = 0;
  char buf[64];
  int kind = idx >= 0 ? node_address (t, idx, &addr, buf) : 0;
  /* Not an address: the packet's source. */
  if (!kind && (idx = lsc_tree_find (t, "ip.src")) >= 0)
    kind = node_address (t, idx, &addr, buf);
  if (!kind && (idx = lsc_tree_find (t, "ipv6.src")) >= 0)
    kind = node_address (t, idx, &addr, buf);
  if (kind == 6)
    return g_strdup_printf ("%s/64", buf);
  if (kind != 4)
    return NULL;
  lsc_format_ipv4 (addr, buf);
  guint prefix = prefix_in_effect (self, addr);
  if (!prefix)
    {
      LscSubnetClass cl;
      lsc_subnet_classify (addr, &cl);
      prefix = cl.default_prefix;
    }
  return prefix ? g_strdup_printf ("%s/%u", buf, prefix) : g_strdup (buf);
}

char *
lsc_layer_tree_get_source_mac (LscLayerTree *self)
{
  g_return_val_if_fail (LSC_IS_LAYER_TREE (self), NULL);
  if (!self->decoded)
    return NULL;
  gint32 i = lsc_tree_find (self->decoded->tree, "eth.src");
  if (i < 0)
    return NULL;
  char buf[32];
  lsc_format_mac_u64 (lsc_tree_node (self->decoded->tree, i)->v.u, buf);
  return g_strdup (buf);
}

static void
lsc_layer_tree_dispose (GObject *object)
{
  LscLayerTree *self = LSC_LAYER_TREE (object);
  g_clear_pointer (&self->menu, gtk_widget_unparent);
  g_clear_pointer (&self->prefix_pop, gtk_widget_unparent);
  self->store = NULL;
  g_clear_handle_id (&self->scroll_source, g_source_remove);
  if (self->selection)
    g_signal_handlers_disconnect_by_func (self->selection, selection_changed_cb, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->tree_model);
  g_clear_pointer (&self->decoded, lsc_decoded_unref);
  g_clear_pointer (&self->explanation, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), LSC_TYPE_LAYER_TREE);
  lsc_widget_unparent_children (GTK_WIDGET (self));
  G_OBJECT_CLASS (lsc_layer_tree_parent_class)->dispose (object);
}

/* The tree itself is a container: focus goes to its list (Ctrl+T), to the
 * selected line when there is one. */
static gboolean
lsc_layer_tree_grab_focus (GtkWidget *widget)
{
  LscLayerTree *self = LSC_LAYER_TREE (widget);
  return gtk_widget_grab_focus (GTK_WIDGET (self->list));
}

static void
lsc_layer_tree_class_init (LscLayerTreeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  widget_class->grab_focus = lsc_layer_tree_grab_focus;
  gtk_widget_class_install_action (widget_class, "tree.expand-all", NULL, expand_action);
  gtk_widget_class_install_action (widget_class, "tree.collapse-all", NULL, expand_action);
  gtk_widget_class_install_action (widget_class, "tree.address-prefix", NULL, address_prefix_action);
  object_class->dispose = lsc_layer_tree_dispose;
  signals[SIG_NODE_SELECTED] = g_signal_new ("node-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  /* The user set a prefix for one IPv4 address (host order), 0 to forget it. */
  signals[SIG_ADDRESS_PREFIX] = g_signal_new ("address-prefix", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                              0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/layerscope/Layerscope/ui/lsc-layer-tree.ui");
  gtk_widget_class_bind_template_child (widget_class, LscLayerTree, list);
  gtk_widget_class_bind_template_child (widget_class, LscLayerTree, explain_title);
  gtk_widget_class_bind_template_child (widget_class, LscLayerTree, explain_body);
  gtk_widget_class_bind_template_callback (widget_class, setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lsc_layer_tree_init (LscLayerTree *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  explain (self, NULL);
  static const char *const items[] = {
    N_("_Apply as Filter"), "win.filter-field", N_("_Prepare as Filter"), "win.prepare-field-filter", NULL,
    N_("_Copy Line"), "win.copy-line", N_("Copy _Value"), "win.copy-value", NULL,
    N_("Set _Prefix for This Address…"), "tree.address-prefix", NULL,
    N_("_Expand All"), "tree.expand-all", N_("C_ollapse All"), "tree.collapse-all", NULL, NULL,
  };
  self->menu = lsc_context_menu_new (GTK_WIDGET (self), GTK_WIDGET (self->list), items,
                                     G_CALLBACK (context_pressed_cb), self);
  update_actions (self);
}

GtkWidget *
lsc_layer_tree_new (void)
{
  return g_object_new (LSC_TYPE_LAYER_TREE, NULL);
}

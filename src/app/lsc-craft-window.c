/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-craft-window.c — the craft window: a form generated from the template's
 * rows, a live preview, sending with a craft session while the main window
 * captures */
#include "lsc-config.h"
#include "lsc-craft-window.h"
#include "lsc-application.h"
#include "lsc-layer-colors.h"
#include "capture/lsc-capture-file.h"
#include "capture/lsc-capture-writer.h"
#include "capture/lsc-iface.h"
#include "core/lsc-dissect.h"
#include "core/lsc-ladder.h"
#include "craft/lsc-craft-connect.h"
#include "craft/lsc-craft-session.h"
#include "bridge/lsc-helper-link.h"

#include <glib/gi18n.h>
#include <errno.h>

/* How long the answers to the last frame are awaited. */
#define REPLY_TIMEOUT_S 2.0

typedef struct {
  char *id;
  GtkEditable *entry;
  GtkLabel *error;
  GtkToggleButton *hex;   /* payload rows: text or hex */
  GtkCheckButton *autob;  /* computed rows: on while the value is computed */
} Row;

typedef struct _Job Job;

typedef struct {
  LscCraftSent *sent;
  char *text;
} HistoryEntry;

struct _LscCraftWindow {
  AdwWindow parent_instance;

  AdwWindowTitle *title;
  GtkDropDown *template_dropdown;
  GtkDropDown *iface_dropdown;
  GtkWidget *send_button;
  GtkBox *form_box;
  GtkSpinButton *count_spin;
  GtkSpinButton *interval_spin;
  GtkCheckButton *ttl_series_check;
  GtkLabel *status_label;
  GtkExpander *history_expander;
  GtkListBox *history_list;
  LscLayerTree *layer_tree;
  LscHexView *hex_view;
  LscAnatomyBar *anatomy;

  LscWindow *main;          /* weak: the window whose session sends */
  LscSession *session;
  LscModel model;
  LscCraftForm *form;
  GPtrArray *rows;          /* Row * */
  GtkStringList *ifaces;
  LscCraftIface ifc;
  gboolean have_ifc;
  LscDecoded *decoded;
  char *blocker;
  char *status;
  gboolean filling;
  Job *job;
  GPtrArray *history;       /* HistoryEntry *, newest first */
  GtkSizeGroup *labels;     /* one label column across the layers' grids */
  GSettings *settings;      /* the model, shared with the main window */

  /* Connect: an ordinary TCP connection instead of a crafted frame. */
  GtkStack *left_stack, *right_stack;
  GtkWidget *count_box;
  GtkBox *connect_box;
  GtkLabel *connect_log_label;
  gboolean connect_mode;
  GtkEditable *conn_host, *conn_message;
  GtkSpinButton *conn_port, *conn_listen_port;
  GtkCheckButton *conn_listen;
  LscCraftConnect *conn;
  gboolean conn_listening;
  LscTcpState conn_local_state, conn_remote_state;
  guint conn_from;          /* the store's first index of this run */
  gboolean conn_refused;    /* the status line explains the refusal */
  GString *conn_log;
};

G_DEFINE_FINAL_TYPE (LscCraftWindow, lsc_craft_window, ADW_TYPE_WINDOW)

struct _Job {
  LscCraftWindow *self;     /* NULL once the window is gone */
  LscCraftForm *form;
  char *iface;
  guint count, sent;
  double interval;
  guint timer;              /* the Ethernet template's next frame */
  gboolean record;          /* goes to the history once its first frame is out */
  /* IP and ARP templates: the craft session resolves, sends and pairs. */
  LscCraftSession *run;
  gboolean mac_auto;        /* eth.dst left on auto: the session's next-hop MAC fills it */
  guint unanswered;
  GError *error;            /* what stopped the run */
};

static void update_send_state (LscCraftWindow *self);
static void set_connect_mode (LscCraftWindow *self, gboolean on);
static gboolean connect_apply (LscCraftWindow *self, const char *assignment, GError **error);
static void build_connect_form (LscCraftWindow *self);
static const char *selected_iface (LscCraftWindow *self);

/* The template list ends with Connect, which crafts nothing. */
#define CONNECT_ENTRY LSC_CRAFT_N_TEMPLATES

static void
row_free (gpointer p)
{
  Row *r = p;
  g_free (r->id);
  g_free (r);
}

static void
history_free (gpointer p)
{
  HistoryEntry *h = p;
  lsc_craft_sent_free (h->sent);
  g_free (h->text);
  g_free (h);
}

static void
set_status (LscCraftWindow *self, const char *text)
{
  g_free (self->status);
  self->status = g_strdup (text ? text : "");
  update_send_state (self);
}

/* ---- the preview ---- */

static void node_selected_cb (LscLayerTree *tree, int idx, LscCraftWindow *self);
static void update_auto_values (LscCraftWindow *self);

static void
update_preview (LscCraftWindow *self)
{
  update_auto_values (self);
  g_autoptr (GError) error = NULL;
  GBytes *frame = lsc_craft_form_build (self->form, &error);
  if (!frame)
    return;  /* the last valid frame stays; the field says what is wrong */
  LscDecoded *d = lsc_decoded_new (0);
  d->frame = frame;
  gsize n;
  const guint8 *data = g_bytes_get_data (frame, &n);
  gint64 now = g_get_real_time () * 1000;
  LscPacket pkt = { .num = 1, .ts_ns = now, .ts_first_ns = now, .ts_prev_ns = now, .caplen = (guint32) n,
                    .wirelen = (guint32) n, .linktype = LSC_LINK_ETHERNET, .data = data };
  lsc_dissect (d->tree, &pkt, NULL);
  g_clear_pointer (&self->decoded, lsc_decoded_unref);
  self->decoded = d;
  lsc_layer_tree_set_decoded (self->layer_tree, d, self->model);
  lsc_hex_view_set_decoded (self->hex_view, d);
  lsc_anatomy_bar_set_decoded (self->anatomy, d);
  /* The tree keeps the field selected while typing: so do its bytes. */
  gint32 sel = lsc_layer_tree_get_selected_node (self->layer_tree);
  if (sel >= 0)
    node_selected_cb (self->layer_tree, sel, self);
}

static void
node_selected_cb (LscLayerTree *tree, int idx, LscCraftWindow *self)
{
  const LscNode *n = lsc_hex_view_highlight_node (self->hex_view, self->decoded, idx);
  lsc_anatomy_bar_set_selected (self->anatomy, n ? idx : -1);
}

static void
byte_activated_cb (LscHexView *hex, guint offset, LscCraftWindow *self)
{
  gint32 idx = self->decoded ? lsc_tree_node_at_offset (self->decoded->tree, offset) : -1;
  if (idx >= 0)
    lsc_layer_tree_select_node (self->layer_tree, idx);
}

static void
anatomy_node_cb (LscAnatomyBar *bar, int idx, LscCraftWindow *self)
{
  lsc_layer_tree_select_node (self->layer_tree, idx);
}

/* ---- the Ethernet destination ---- */

/* An address in network order, dotted. */
static void
ip_text (guint32 ip, char out[16])
{
  guint32 h = g_ntohl (ip);
  g_snprintf (out, 16, "%u.%u.%u.%u", h >> 24, (h >> 16) & 0xff, (h >> 8) & 0xff, h & 0xff);
}

/* The next hop toward the destination on the chosen interface. */
static guint32
next_hop (LscCraftWindow *self)
{
  guint32 dst = lsc_craft_form_get_dst_ip (self->form), hop = dst;
  LscCraftIface routed;
  if (dst && lsc_craft_route (dst, &routed, &hop, NULL) && self->have_ifc && routed.index == self->ifc.index)
    return hop;
  return dst;
}

static Row *
find_row (LscCraftWindow *self, const char *id)
{
  for (guint i = 0; self->rows && i < self->rows->len; i++)
    {
      Row *r = g_ptr_array_index (self->rows, i);
      if (g_str_equal (r->id, id))
        return r;
    }
  return NULL;
}

static void
update_resolved_mac (LscCraftWindow *self)
{
  Row *r = find_row (self, "eth.dst");
  gint i = lsc_craft_form_find (self->form, "eth.dst");
  if (!r || i < 0 || !lsc_craft_form_field (self->form, (guint) i)->computed)
    return;
  guint8 mac[6];
  guint32 hop = next_hop (self);
  gboolean known = self->have_ifc && hop && lsc_craft_neigh_lookup (self->ifc.name, hop, mac);
  lsc_craft_form_set_resolved_mac (self->form, known ? mac : NULL);
  g_autofree char *ph = NULL;
  if (known)
    ph = g_strdup_printf (_("auto: %02x:%02x:%02x:%02x:%02x:%02x"), mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
  else
    ph = g_strdup (_("auto: ARP asks when sent"));
  gtk_entry_set_placeholder_text (GTK_ENTRY (r->entry), ph);
}

/* ---- the form ---- */

/* Computed rows left on auto show the value the frame carries. */
static void
update_auto_values (LscCraftWindow *self)
{
  for (guint i = 0; self->rows && i < self->rows->len; i++)
    {
      Row *r = g_ptr_array_index (self->rows, i);
      if (!r->autob || (g_str_equal (r->id, "eth.dst") && lsc_craft_form_needs_dst_mac (self->form)))
        continue;
      g_autofree char *v = lsc_craft_form_computed_text (self->form, r->id);
      if (!v)
        continue;
      g_autofree char *ph = g_strdup_printf (_("auto: %s"), v);
      gtk_entry_set_placeholder_text (GTK_ENTRY (r->entry), ph);
    }
}

/* The auto box of a computed row is on exactly while its text is empty. */
static void
sync_auto (LscCraftWindow *self, Row *r)
{
  if (!r->autob)
    return;
  gboolean was = self->filling;
  self->filling = TRUE;
  gtk_check_button_set_active (r->autob, !*lsc_craft_form_get (self->form, r->id));
  self->filling = was;
}

static void
update_errors (LscCraftWindow *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *r = g_ptr_array_index (self->rows, i);
      const char *e = lsc_craft_form_get_error (self->form, r->id);
      gtk_label_set_text (r->error, e ? e : "");
      gtk_widget_set_visible (GTK_WIDGET (r->error), e != NULL);
      if (e)
        gtk_widget_add_css_class (GTK_WIDGET (r->entry), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (r->entry), "error");
    }
}

/* Entries show the form's text (after the interface changed addresses). */
static void
refill_entries (LscCraftWindow *self)
{
  self->filling = TRUE;
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *r = g_ptr_array_index (self->rows, i);
      const char *t = lsc_craft_form_get (self->form, r->id);
      if (g_strcmp0 (gtk_editable_get_text (r->entry), t) != 0)
        gtk_editable_set_text (r->entry, t);
      sync_auto (self, r);
    }
  self->filling = FALSE;
}

static void
entry_changed_cb (GtkEditable *entry, LscCraftWindow *self)
{
  if (self->filling)
    return;
  Row *r = g_object_get_data (G_OBJECT (entry), "lsc-row");
  lsc_craft_form_set (self->form, r->id, gtk_editable_get_text (entry), NULL);
  sync_auto (self, r);
  if (g_str_equal (r->id, "ip.dst"))
    update_resolved_mac (self);
  update_errors (self);
  update_preview (self);
  update_send_state (self);
}

/* Unticking auto starts the forced value from the computed one; ticking it
 * gives the field back to the computation. */
static void
auto_toggled_cb (GtkCheckButton *button, GParamSpec *pspec, LscCraftWindow *self)
{
  if (self->filling)
    return;
  Row *r = g_object_get_data (G_OBJECT (button), "lsc-row");
  g_autofree char *value = NULL;
  if (!gtk_check_button_get_active (button))
    {
      value = lsc_craft_form_computed_text (self->form, r->id);
      if (!value)
        value = g_strdup ("");
    }
  else
    value = g_strdup ("");
  self->filling = TRUE;
  gtk_editable_set_text (r->entry, value);
  self->filling = FALSE;
  lsc_craft_form_set (self->form, r->id, value, NULL);
  if (!gtk_check_button_get_active (button))
    gtk_widget_grab_focus (GTK_WIDGET (r->entry));
  update_resolved_mac (self);
  update_errors (self);
  update_preview (self);
  update_send_state (self);
}

static void
hex_toggled_cb (GtkToggleButton *button, LscCraftWindow *self)
{
  lsc_craft_form_set_payload_hex (self->form, gtk_toggle_button_get_active (button));
  update_errors (self);
  update_preview (self);
  update_send_state (self);
}

/* Focusing a field shows where its bytes are. */
static void
entry_focus_cb (GtkEventControllerFocus *focus, LscCraftWindow *self)
{
  Row *r = g_object_get_data (G_OBJECT (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (focus))), "lsc-row");
  gint32 idx = self->decoded ? lsc_tree_find (self->decoded->tree, r->id) : -1;
  if (idx >= 0)
    lsc_layer_tree_select_node (self->layer_tree, idx);
}

static char *
field_tooltip (LscCraftForm *form, guint i)
{
  const LscCraftFieldDesc *d = lsc_craft_form_field (form, i);
  const LscField *f = d->field;  /* the explanation is the registry's */
  GString *s = g_string_new (NULL);
  g_autofree char *id = g_markup_escape_text (d->id, -1);
  g_string_append_printf (s, "<b>%s</b>", id);
  if (f->blurb)
    {
      g_autofree char *b = g_markup_escape_text (_(f->blurb), -1);
      g_string_append_printf (s, "\n%s", b);
    }
  g_autofree char *names = lsc_craft_form_value_names (form, i);
  if (names)
    {
      g_autofree char *v = g_markup_printf_escaped (_("Values: %s"), names);
      g_string_append_printf (s, "\n%s", v);
    }
  const char *how = NULL;
  if (d->kind == LSC_CRAFT_KIND_CHECKSUM)
    how = _("Computed: leave empty for the right value; type a value to force it, or “bad” for one that is certainly wrong.");
  else if (g_str_equal (d->id, "eth.dst"))
    how = _("Computed: leave empty and it is the next hop's MAC from the kernel's neighbour table, or asked with ARP when sent; type a MAC to force it.");
  else if (d->computed)
    how = _("Computed: leave empty for auto; type a value to force it.");
  else if (d->kind == LSC_CRAFT_KIND_TCP_FLAGS)
    how = _("Letters: S SYN, A ACK, F FIN, R RST, P PSH, U URG, E ECE, C CWR (e.g. SA).");
  else if (d->kind == LSC_CRAFT_KIND_PAYLOAD)
    how = _("Text as typed, or bytes in hex (de ad be ef) with Hex on.");
  if (how)
    {
      g_autofree char *h = g_markup_escape_text (how, -1);
      g_string_append_printf (s, "\n<i>%s</i>", h);
    }
  return g_string_free (s, FALSE);
}

static void
build_form (LscCraftWindow *self)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->form_box))))
    gtk_box_remove (self->form_box, child);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  self->rows = g_ptr_array_new_with_free_func (row_free);

  guint n = lsc_craft_form_n_fields (self->form);
  for (guint k = 1; k <= lsc_model_n_layers (self->model); k++)
    {
      GtkWidget *grid = NULL;
      int line = 0;
      for (guint i = 0; i < n; i++)
        {
          const LscCraftFieldDesc *d = lsc_craft_form_field (self->form, i);
          if (lsc_model_layer_of (self->model, d->layer) != k)
            continue;
          if (!grid)
            {
              g_autofree char *head = g_strdup_printf (_("Layer %u: %s"), k, lsc_model_layer_name (self->model, k));
              GtkWidget *h = gtk_label_new (head);
              gtk_label_set_xalign (GTK_LABEL (h), 0);
              gtk_widget_add_css_class (h, "heading");
              gtk_widget_add_css_class (h, "craft-layer");
              gtk_widget_set_tooltip_text (h, lsc_model_layer_blurb (self->model, k));
              gtk_box_append (self->form_box, h);
              grid = gtk_grid_new ();
              gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
              gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
              gtk_widget_add_css_class (grid, "craft-grid");
              gtk_box_append (self->form_box, grid);
            }
          Row *r = g_new0 (Row, 1);
          r->id = g_strdup (d->id);
          g_autofree char *tip = field_tooltip (self->form, i);
          g_autofree char *text = lsc_craft_field_label (d);
          GtkWidget *label = gtk_label_new (text);
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          /* Whole names on two lines rather than cut ("Differentiated Services Field"). */
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
          gtk_label_set_width_chars (GTK_LABEL (label), 12);
          gtk_label_set_max_width_chars (GTK_LABEL (label), 16);
          gtk_widget_set_tooltip_markup (label, tip);
          gtk_size_group_add_widget (self->labels, label);
          GtkWidget *entry = gtk_entry_new ();
          gtk_widget_set_hexpand (entry, TRUE);
          gtk_widget_set_tooltip_markup (entry, tip);
          gtk_entry_set_activates_default (GTK_ENTRY (entry), FALSE);
          if (d->computed)
            gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("auto"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
          r->entry = GTK_EDITABLE (entry);
          gtk_editable_set_text (r->entry, lsc_craft_form_get (self->form, d->id));
          g_object_set_data (G_OBJECT (entry), "lsc-row", r);
          g_signal_connect (entry, "changed", G_CALLBACK (entry_changed_cb), self);
          GtkEventController *focus = gtk_event_controller_focus_new ();
          g_signal_connect (focus, "enter", G_CALLBACK (entry_focus_cb), self);
          gtk_widget_add_controller (entry, focus);
          GtkWidget *value = entry;
          if (d->computed)
            {
              value = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
              gtk_box_append (GTK_BOX (value), entry);
              GtkWidget *autob = gtk_check_button_new_with_label (_("auto"));
              gtk_widget_set_tooltip_text (autob, _("Computed from the rest of the frame. Untick to force a value of "
                                                    "your own (a wrong one too); tick to compute it again."));
              gtk_check_button_set_active (GTK_CHECK_BUTTON (autob), !*lsc_craft_form_get (self->form, d->id));
              g_object_set_data (G_OBJECT (autob), "lsc-row", r);
              g_signal_connect (autob, "notify::active", G_CALLBACK (auto_toggled_cb), self);
              gtk_box_append (GTK_BOX (value), autob);
              r->autob = GTK_CHECK_BUTTON (autob);
            }
          if (d->kind == LSC_CRAFT_KIND_PAYLOAD)
            {
              value = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
              gtk_box_append (GTK_BOX (value), entry);
              GtkWidget *hex = gtk_toggle_button_new_with_label (_("Hex"));
              gtk_widget_set_tooltip_text (hex, _("Read the payload as hex bytes instead of text"));
              gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (hex), lsc_craft_form_get_payload_hex (self->form));
              g_signal_connect (hex, "toggled", G_CALLBACK (hex_toggled_cb), self);
              gtk_box_append (GTK_BOX (value), hex);
              r->hex = GTK_TOGGLE_BUTTON (hex);
            }
          GtkWidget *err = gtk_label_new (NULL);
          gtk_label_set_xalign (GTK_LABEL (err), 0);
          gtk_label_set_wrap (GTK_LABEL (err), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (err), PANGO_WRAP_WORD_CHAR);
          gtk_widget_add_css_class (err, "craft-field-error");
          gtk_widget_set_visible (err, FALSE);
          r->error = GTK_LABEL (err);
          gtk_grid_attach (GTK_GRID (grid), label, 0, line, 1, 1);
          gtk_grid_attach (GTK_GRID (grid), value, 1, line, 1, 1);
          gtk_grid_attach (GTK_GRID (grid), err, 1, line + 1, 1, 1);
          line += 2;
          g_ptr_array_add (self->rows, r);
        }
    }
}

/* ---- interfaces ---- */

static const char *
selected_iface (LscCraftWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->iface_dropdown);
  return i == GTK_INVALID_LIST_POSITION ? NULL : gtk_string_list_get_string (self->ifaces, i);
}

static void
iface_changed (LscCraftWindow *self)
{
  const char *name = selected_iface (self);
  self->have_ifc = name && lsc_craft_iface_lookup (name, &self->ifc, NULL);
  if (self->have_ifc)
    lsc_craft_form_set_iface (self->form, &self->ifc);
  refill_entries (self);
  update_resolved_mac (self);
  update_errors (self);
  update_preview (self);
  update_send_state (self);
}

static void
iface_selected_cb (GObject *dd, GParamSpec *pspec, LscCraftWindow *self)
{
  iface_changed (self);
}

static void
fill_ifaces (LscCraftWindow *self)
{
  g_autoptr (GPtrArray) list = lsc_iface_list (NULL);
  for (guint i = 0; list && i < list->len; i++)
    {
      LscIface *f = g_ptr_array_index (list, i);
      /* Frames go out on one interface: not the "any" pseudo-interface. */
      if (!(f->flags & LSC_IFACE_ANY))
        gtk_string_list_append (self->ifaces, f->name);
    }
}

gboolean
lsc_craft_window_set_iface (LscCraftWindow *self, const char *iface)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->ifaces)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->ifaces, i), iface) == 0)
      {
        if (gtk_drop_down_get_selected (self->iface_dropdown) == i)
          iface_changed (self);
        else
          gtk_drop_down_set_selected (self->iface_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

const char *
lsc_craft_window_get_iface (LscCraftWindow *self)
{
  return selected_iface (self);
}

/* The interface the kernel's routing table would pick for the destination. */
static void
choose_default_iface (LscCraftWindow *self)
{
  LscCraftIface routed;
  guint32 hop;
  guint32 dst = lsc_craft_form_get_dst_ip (self->form);
  if (dst && lsc_craft_route (dst, &routed, &hop, NULL) && !routed.loopback && lsc_craft_window_set_iface (self, routed.name))
    return;
  g_autoptr (GPtrArray) list = lsc_iface_list (NULL);
  for (guint i = 0; list && i < list->len; i++)
    {
      LscIface *f = g_ptr_array_index (list, i);
      if ((f->flags & LSC_IFACE_UP) && !(f->flags & (LSC_IFACE_LOOPBACK | LSC_IFACE_ANY)) &&
          lsc_craft_window_set_iface (self, f->name))
        return;
    }
  iface_changed (self);
}

/* ---- sending ---- */

static void connect_update_state (LscCraftWindow *self);

static void
update_send_state (LscCraftWindow *self)
{
  if (self->connect_mode)
    {
      connect_update_state (self);
      return;
    }
  g_clear_pointer (&self->blocker, g_free);
  g_autofree char *bad = self->form ? lsc_craft_form_check (self->form) : NULL;
  if (bad)
    self->blocker = g_strdup_printf (_("Send is off until this is fixed — %s"), bad);
  else if (!selected_iface (self))
    self->blocker = g_strdup (_("Send is off: choose the interface to send on"));
  else if (self->job)
    self->blocker = g_strdup (_("Sending…"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "craft.send", self->blocker == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "craft.save", bad == NULL);
  gtk_widget_set_tooltip_text (self->send_button, self->blocker ? self->blocker : _("Send the frame (Ctrl+Return)"));
  const char *line = bad ? self->blocker : self->status;
  gtk_label_set_text (self->status_label, line ? line : "");
  if (bad)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
job_free (Job *job)
{
  g_clear_handle_id (&job->timer, g_source_remove);
  /* Also from inside the session's own callback: it is then freed on the way out. */
  g_clear_pointer (&job->run, lsc_craft_session_free);
  g_clear_error (&job->error);
  lsc_craft_form_free (job->form);
  g_free (job->iface);
  g_free (job);
}

/* Plain words for a missing privilege; other errors as they are. */
static char *
send_error_text (const GError *error)
{
  if (g_error_matches (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_PRIVILEGE) ||
      g_error_matches (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_PERMISSION))
    return g_strdup (_("Nothing was sent: this account may not put frames on the network. Ask whoever looks after "
                       "this computer to install Layerscope with its capture helper (layerscope-capture) allowed to "
                       "capture, and to add you to the “layerscope” group; then log out and in again. Starting "
                       "Layerscope as root also works. Until then you can still build, preview and save frames."));
  return g_strdup_printf (_("Not sent: %s"), error->message);
}

static void
job_end (Job *job, const GError *error)
{
  LscCraftWindow *self = job->self;
  if (self)
    {
      self->job = NULL;
      if (error)
        {
          g_autofree char *msg = send_error_text (error);
          set_status (self, msg);
        }
      else
        update_send_state (self);
    }
  job_free (job);
}

static void add_history (LscCraftWindow *self, LscCraftForm *form, const char *iface, guint count, double interval);

/* ---- the Ethernet template: no target to resolve or answer to pair, the
 * frames go out through the main window's capture itself ---- */

static void job_send_next (Job *job);

static gboolean
job_tick_cb (gpointer data)
{
  Job *job = data;
  job->timer = 0;
  job_send_next (job);
  return G_SOURCE_REMOVE;
}

static void
job_send_next (Job *job)
{
  LscCraftWindow *self = job->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) frame = lsc_craft_form_build_nth (job->form, job->sent, NULL, &error);
  if (!frame || !lsc_session_send (self->session, job->iface, frame, &error))
    {
      job_end (job, error);
      return;
    }
  if (job->sent++ == 0 && job->record)
    add_history (self, job->form, job->iface, job->count, job->interval);
  g_autofree char *msg = g_strdup_printf (g_dngettext (NULL, "Sent %u of %u frame on %s: the answers show in the main window",
                                                       "Sent %u of %u frames on %s: the answers show in the main window",
                                                       job->count),
                                          job->sent, job->count, job->iface);
  set_status (self, msg);
  if (job->sent < job->count)
    job->timer = g_timeout_add ((guint) (job->interval * 1000), job_tick_cb, job);
  else
    job_end (job, NULL);
}

/* ---- IP and ARP templates: a craft session, as the CLI's ping/arp/tcp/udp ----
 *
 * The session opens its own link (directly, else through the capture helper),
 * so the main window's capture sees each frame leave like any other: nothing
 * is appended by hand.  Its events tell the status line what came back. */

/* "Sent 2 of 3 frames on eth0, 2 answered (round trip …), 1 unanswered". */
static void
job_status (Job *job)
{
  const LscCraftStats *st = lsc_craft_session_get_stats (job->run);
  GString *s = g_string_new (NULL);
  g_string_printf (s, g_dngettext (NULL, "Sent %u of %u frame on %s", "Sent %u of %u frames on %s", job->count),
                   st->sent, job->count, job->iface);
  if (st->replies)
    {
      /* TRANSLATORS: between the parts of the craft window's status line. */
      g_string_append (s, _(", "));
      g_string_append_printf (s, g_dngettext (NULL, "%u answered", "%u answered", st->replies), st->replies);
      g_string_append (s, " ");
      g_string_append_printf (s, _("(round trip min/avg/max %.2f/%.2f/%.2f ms)"), st->rtt_min,
                              st->rtt_sum / st->replies, st->rtt_max);
    }
  if (st->errors)
    {
      g_string_append (s, _(", "));
      g_string_append_printf (s, g_dngettext (NULL, "%u ICMP error", "%u ICMP errors", st->errors), st->errors);
    }
  if (job->unanswered)
    {
      g_string_append (s, _(", "));
      g_string_append_printf (s, g_dngettext (NULL, "%u unanswered", "%u unanswered", job->unanswered),
                              job->unanswered);
    }
  set_status (job->self, s->str);
  g_string_free (s, TRUE);
}

static GBytes *
job_build_cb (LscCraftSession *run, guint index, LscCraftProbe *probe, gpointer data, GError **error)
{
  Job *job = data;
  /* The i-th of the series: sequence numbers advanced, and TTL + i for a TTL series. */
  return lsc_craft_form_build_nth (job->form, index, probe, error);
}

static void
job_event_cb (LscCraftSession *run, const LscCraftEvent *ev, gpointer data)
{
  Job *job = data;
  LscCraftWindow *self = job->self;
  if (!self)
    return;
  switch (ev->kind)
    {
    case LSC_CRAFT_EVENT_READY:
      if (job->mac_auto)
        {
          lsc_craft_form_set_resolved_mac (job->form, ev->mac);
          /* The preview learns it too. */
          lsc_craft_form_set_resolved_mac (self->form, ev->mac);
          update_resolved_mac (self);
          lsc_craft_form_set_resolved_mac (self->form, ev->mac);
          update_preview (self);
        }
      break;
    case LSC_CRAFT_EVENT_SENT:
      if (job->sent++ == 0 && job->record)
        add_history (self, job->form, job->iface, job->count, job->interval);
      job_status (job);
      break;
    case LSC_CRAFT_EVENT_REPLY:
      job_status (job);
      break;
    case LSC_CRAFT_EVENT_TIMEOUT:
      job->unanswered++;
      break;
    case LSC_CRAFT_EVENT_ERROR:
      g_clear_error (&job->error);
      job->error = g_error_copy (ev->error);
      break;
    case LSC_CRAFT_EVENT_FINISHED:
      if (!job->error)
        job_status (job);
      job_end (job, job->error);
      break;
    default:
      break;
    }
}

static gboolean
is_arp (LscCraftTemplate t)
{
  return t == LSC_CRAFT_TEMPLATE_ARP_REQUEST || t == LSC_CRAFT_TEMPLATE_ARP_REPLY ||
         t == LSC_CRAFT_TEMPLATE_ARP_GRATUITOUS || t == LSC_CRAFT_TEMPLATE_ARP_PROBE;
}

/* Target, next hop and link for the form's frames; FALSE with the reason. */
static gboolean
job_start_session (Job *job, GError **error)
{
  LscCraftWindow *self = job->self;
  LscCraftTemplate t = lsc_craft_form_get_template (job->form);
  LscCraftTargetFlags flags = LSC_CRAFT_TARGET_DEFAULT;
  const char *host;
  if (is_arp (t))
    {
      /* The address asked about; a gratuitous ARP's is the sender's own. */
      host = lsc_craft_form_get (job->form, "arp.dst.proto_ipv4");
      if (!host || !*host)
        host = lsc_craft_form_get (job->form, "arp.src.proto_ipv4");
      if (t == LSC_CRAFT_TEMPLATE_ARP_GRATUITOUS)
        flags |= LSC_CRAFT_TARGET_OWN_ADDRESS;
      if (t == LSC_CRAFT_TEMPLATE_ARP_PROBE)
        flags |= LSC_CRAFT_TARGET_NO_SOURCE_OK;
    }
  else
    host = lsc_craft_form_get (job->form, "ip.dst");
  job->run = lsc_craft_session_new ();
  if (!lsc_craft_session_set_target (job->run, host ? host : "", job->iface, flags, error))
    return FALSE;
  const char *dst_mac = lsc_craft_form_get (job->form, "eth.dst");
  job->mac_auto = !is_arp (t) && (!dst_mac || !*dst_mac);
  guint8 mac[6];
  if (!is_arp (t) && !job->mac_auto)
    {
      if (!lsc_craft_parse_mac (dst_mac, mac, error))
        return FALSE;
      lsc_craft_session_set_dst_mac (job->run, mac);
    }
  /* ARP frames carry their own destination. */
  lsc_craft_session_set_resolve_mac (job->run, !is_arp (t));
  lsc_craft_session_set_count (job->run, job->count);
  lsc_craft_session_set_interval (job->run, job->interval);
  lsc_craft_session_set_timeout (job->run, REPLY_TIMEOUT_S);
  lsc_craft_session_set_builder (job->run, job_build_cb, job);
  lsc_craft_session_set_handler (job->run, job_event_cb, job);
  /* Without CAP_NET_RAW the frames go through the capture helper, as the CLI's do. */
  lsc_craft_session_set_link_fallback (job->run, lsc_helper_craft_link, NULL);
  if (!lsc_craft_session_start (job->run, error))
    return FALSE;
  if (job->mac_auto && !lsc_craft_session_lookup_dst_mac (job->run, mac))
    {
      char ip[16];
      ip_text (lsc_craft_session_get_next_hop (job->run), ip);
      g_autofree char *msg = g_strdup_printf (_("Asking who has %s (ARP) for the Ethernet destination…"), ip);
      set_status (self, msg);
    }
  return TRUE;
}

/* The main window shows the capture on iface, which the frames go through
 * and the answers come by: one already running there, else a new one. */
static gboolean
ensure_capture (LscCraftWindow *self, const char *iface, GError **error)
{
  if (lsc_session_is_capturing (self->session) && g_strcmp0 (lsc_session_get_live_iface (self->session), iface) == 0)
    return TRUE;
  /* A new capture empties the list: never at the cost of packets nobody saved. */
  if (lsc_session_has_unsaved (self->session))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("the main window holds a capture on %s that is not saved; save or close it first, "
                     "or send on %s"), lsc_session_get_live_iface (self->session), lsc_session_get_live_iface (self->session));
      return FALSE;
    }
  return self->main ? lsc_window_start_capture (self->main, iface, NULL, error)
                    : lsc_session_start_capture (self->session, iface, NULL, error);
}

static void
job_start (LscCraftWindow *self, LscCraftForm *form, const char *iface, guint count, double interval, gboolean record)
{
  Job *job = g_new0 (Job, 1);
  job->self = self;
  job->record = record;
  job->form = lsc_craft_form_copy (form);
  job->iface = g_strdup (iface);
  job->count = count;
  job->interval = interval;
  self->job = job;
  update_send_state (self);

  g_autoptr (GError) error = NULL;
  /* The capture first: it must be watching before the first frame leaves. */
  if (!ensure_capture (self, iface, &error))
    {
      job_end (job, error);
      return;
    }
  if (lsc_craft_form_get_template (job->form) == LSC_CRAFT_TEMPLATE_ETHER)
    job_send_next (job);
  else if (!job_start_session (job, &error))
    job_end (job, error);
}

static void
history_resend_cb (GtkButton *button, LscCraftWindow *self)
{
  HistoryEntry *h = g_object_get_data (G_OBJECT (button), "lsc-history");
  if (self->job)
    return;
  job_start (self, h->sent->form, h->sent->iface, h->sent->count, h->sent->interval, FALSE);
}

/* One line of the history list, for an entry now at position pos. */
static void
history_show (LscCraftWindow *self, LscCraftSent *sent, guint pos)
{
  HistoryEntry *h = g_new0 (HistoryEntry, 1);
  h->sent = sent;
  g_autoptr (GDateTime) when = g_date_time_new_from_unix_local (sent->time);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  /* Today's sends by the time alone, older ones with their date. */
  gboolean today = when && g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now) &&
                   g_date_time_get_year (when) == g_date_time_get_year (now);
  g_autofree char *stamp = when ? g_date_time_format (when, today ? "%H:%M:%S" : "%Y-%m-%d %H:%M") : g_strdup ("");
  g_autofree char *desc = lsc_craft_form_describe (sent->form);
  h->text = g_strdup_printf ("%s  %s%s ×%u on %s", stamp, desc,
                             lsc_craft_form_get_ttl_series (sent->form) ? " (TTL +1 each)" : "", sent->count, sent->iface);
  g_ptr_array_insert (self->history, (gint) pos, h);

  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (box, "craft-history-row");
  GtkWidget *label = gtk_label_new (h->text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), label);
  GtkWidget *again = gtk_button_new_from_icon_name ("view-refresh-symbolic");
  gtk_widget_set_valign (again, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (again, _("Send this again"));
  g_object_set_data (G_OBJECT (again), "lsc-history", h);
  g_signal_connect (again, "clicked", G_CALLBACK (history_resend_cb), self);
  gtk_box_append (GTK_BOX (box), again);
  gtk_list_box_insert (self->history_list, box, (int) pos);
}


/* What was sent in earlier runs, newest first. */
static void
history_load (LscCraftWindow *self)
{
  g_autofree char *path = lsc_craft_history_path ();
  g_autoptr (GPtrArray) sent = lsc_craft_history_load (path);
  g_ptr_array_set_free_func (sent, NULL);
  for (guint i = 0; i < sent->len; i++)
    history_show (self, g_ptr_array_index (sent, i), i);
}

static void
add_history (LscCraftWindow *self, LscCraftForm *form, const char *iface, guint count, double interval)
{
  history_show (self, lsc_craft_sent_new (form, iface, count, interval), 0);
  /* Bounded: the oldest sends go. */
  while (self->history->len > LSC_CRAFT_HISTORY_MAX)
    {
      GtkListBoxRow *last = gtk_list_box_get_row_at_index (self->history_list, (int) self->history->len - 1);
      if (last)
        gtk_list_box_remove (self->history_list, GTK_WIDGET (last));
      g_ptr_array_remove_index (self->history, self->history->len - 1);
    }
  gtk_expander_set_expanded (self->history_expander, TRUE);
  g_autofree char *path = lsc_craft_history_path ();
  g_autoptr (GError) error = NULL;
  HistoryEntry *top = g_ptr_array_index (self->history, 0);
  if (!lsc_craft_history_append (top->sent, path, &error))
    g_warning ("the history of sent frames was not saved: %s", error->message);
}

gboolean
lsc_craft_window_send (LscCraftWindow *self)
{
  update_send_state (self);
  if (self->blocker)
    return FALSE;
  const char *iface = selected_iface (self);
  guint count = (guint) gtk_spin_button_get_value_as_int (self->count_spin);
  double interval = gtk_spin_button_get_value (self->interval_spin);
  job_start (self, self->form, iface, count, interval, TRUE);
  return TRUE;
}

gboolean
lsc_craft_window_resend (LscCraftWindow *self, guint i)
{
  if (i >= self->history->len || self->job)
    return FALSE;
  HistoryEntry *h = g_ptr_array_index (self->history, i);
  job_start (self, h->sent->form, h->sent->iface, h->sent->count, h->sent->interval, FALSE);
  return TRUE;
}

gboolean
lsc_craft_window_is_sending (LscCraftWindow *self)
{
  return self->job != NULL;
}

guint
lsc_craft_window_get_n_history (LscCraftWindow *self)
{
  return self->history->len;
}

const char *
lsc_craft_window_get_history (LscCraftWindow *self, guint i)
{
  return i < self->history->len ? ((HistoryEntry *) g_ptr_array_index (self->history, i))->text : NULL;
}

static void
send_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LscCraftWindow *self = LSC_CRAFT_WINDOW (widget);
  if (self->connect_mode)
    lsc_craft_window_run_connect (self);
  else
    lsc_craft_window_send (self);
}

/* ---- connect: an ordinary TCP connection, every segment labelled ----
 *
 * The kernel builds the segments here: the window opens a socket
 * (LscCraftConnect), the main window captures the interface through the
 * session as Send does, and each segment the connection object reports is
 * noted on the captured row that is the same segment (lsc_session_note_segment
 * matches addresses, ports, numbers, flags and length), so the list and the
 * flow panel say which socket call put it on the wire. */

#define CONNECT_DEFAULT_HOST "198.18.0.2"
#define CONNECT_DEFAULT_PORT 80
#define CONNECT_DEFAULT_LISTEN 8080
#define CONNECT_TIMEOUT_S 3.0
#define CONNECT_WAIT_S 1.0
/* The capture's rows become visible at most this late (the session commits
 * 30 times a second). */
#define SHOW_CONNECTION_MS 150

static gboolean
parse_ipv4 (const char *text, guint32 *out)
{
  g_autoptr (GInetAddress) a = text ? g_inet_address_new_from_string (text) : NULL;
  if (!a || g_inet_address_get_family (a) != G_SOCKET_FAMILY_IPV4)
    return FALSE;
  memcpy (out, g_inet_address_to_bytes (a), 4);
  return TRUE;
}

static void
connect_log (LscCraftWindow *self, const char *line)
{
  if (self->conn_log->len)
    g_string_append_c (self->conn_log, '\n');
  g_string_append (self->conn_log, line);
  gtk_label_set_text (self->connect_log_label, self->conn_log->str);
}

static void connect_log_printf (LscCraftWindow *self, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static void
connect_log_printf (LscCraftWindow *self, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *line = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  connect_log (self, line);
}

static void
connect_update_state (LscCraftWindow *self)
{
  g_clear_pointer (&self->blocker, g_free);
  guint32 ip;
  gboolean listen = gtk_check_button_get_active (self->conn_listen);
  if (self->conn)
    self->blocker = g_strdup (_("Running…"));
  else if (!listen && !parse_ipv4 (gtk_editable_get_text (self->conn_host), &ip))
    self->blocker = g_strdup (_("Run is off until the host is an IPv4 address (such as 198.18.0.2)"));
  else if (listen && !selected_iface (self))
    self->blocker = g_strdup (_("Run is off: choose the interface the client comes by"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "craft.send", self->blocker == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "craft.save", FALSE);
  gtk_widget_set_tooltip_text (self->send_button, self->blocker ? self->blocker
                                                  : _("Open the connection, send, close (Ctrl+Return)"));
  gboolean bad = self->blocker && !self->conn;
  gtk_label_set_text (self->status_label, bad ? self->blocker : self->status);
  if (bad)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_set_sensitive (GTK_WIDGET (self->conn_host), !listen);
  gtk_widget_set_sensitive (GTK_WIDGET (self->conn_port), !listen);
  gtk_widget_set_sensitive (GTK_WIDGET (self->conn_listen_port), listen);
}

static void
connect_changed_cb (GObject *widget, GParamSpec *pspec, LscCraftWindow *self)
{
  update_send_state (self);
}

static void
connect_host_changed_cb (GtkEditable *entry, LscCraftWindow *self)
{
  update_send_state (self);
}

static GtkWidget *
connect_row_label (const char *text, GtkWidget *mnemonic)
{
  GtkWidget *l = gtk_label_new_with_mnemonic (text);
  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (l), mnemonic);
  return l;
}

static void
build_connect_form (LscCraftWindow *self)
{
  GtkWidget *head = gtk_label_new (_("An ordinary TCP connection"));
  gtk_label_set_xalign (GTK_LABEL (head), 0);
  gtk_widget_add_css_class (head, "heading");
  gtk_box_append (self->connect_box, head);
  GtkWidget *intro = gtk_label_new (_("Here the kernel builds every segment: Run opens a socket, connects, sends the "
                                      "message, closes, and the main window captures the interface. Each captured "
                                      "segment is labelled with the socket call behind it (connect(), send(), "
                                      "close()), in the packet list and in the flow panel."));
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_widget_add_css_class (intro, "dim-label");
  gtk_box_append (self->connect_box, intro);

  GtkWidget *grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_widget_add_css_class (grid, "craft-grid");
  GtkWidget *host = gtk_entry_new ();
  gtk_widget_set_hexpand (host, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (host), CONNECT_DEFAULT_HOST);
  gtk_widget_set_tooltip_text (host, _("The server's IPv4 address: socket() + connect() to it"));
  self->conn_host = GTK_EDITABLE (host);
  g_signal_connect (host, "changed", G_CALLBACK (connect_host_changed_cb), self);
  gtk_grid_attach (GTK_GRID (grid), connect_row_label (_("_Host"), host), 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), host, 1, 0, 1, 1);
  GtkWidget *port = gtk_spin_button_new_with_range (1, 65535, 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (port), CONNECT_DEFAULT_PORT);
  gtk_widget_set_tooltip_text (port, _("The server's port"));
  self->conn_port = GTK_SPIN_BUTTON (port);
  gtk_grid_attach (GTK_GRID (grid), connect_row_label (_("_Port"), port), 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), port, 1, 1, 1, 1);
  GtkWidget *msg = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (msg), "hello");
  gtk_entry_set_placeholder_text (GTK_ENTRY (msg), _("nothing: connect and close only"));
  gtk_widget_set_tooltip_text (msg, _("Sent with send() once connected (listening: once the client has spoken); "
                                      "empty sends nothing"));
  self->conn_message = GTK_EDITABLE (msg);
  gtk_grid_attach (GTK_GRID (grid), connect_row_label (_("_Message"), msg), 0, 2, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), msg, 1, 2, 1, 1);
  gtk_box_append (self->connect_box, grid);

  GtkWidget *lbox = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *listen = gtk_check_button_new_with_mnemonic (_("_Listen on port"));
  gtk_widget_set_tooltip_text (listen, _("Instead of connecting, listen() here and accept() one client: the demo "
                                         "needs no server, a client on another machine connects to this one"));
  self->conn_listen = GTK_CHECK_BUTTON (listen);
  g_signal_connect (listen, "notify::active", G_CALLBACK (connect_changed_cb), self);
  gtk_box_append (GTK_BOX (lbox), listen);
  GtkWidget *lport = gtk_spin_button_new_with_range (1, 65535, 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (lport), CONNECT_DEFAULT_LISTEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (lport), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Port to listen on"), -1);
  self->conn_listen_port = GTK_SPIN_BUTTON (lport);
  gtk_box_append (GTK_BOX (lbox), lport);
  gtk_box_append (GTK_BOX (lbox), gtk_label_new (_("instead")));
  gtk_box_append (self->connect_box, lbox);
  gtk_label_set_text (self->connect_log_label, _("Run, and each socket call shows here with the segments it put on "
                                                 "the wire, up to which end waits in TIME-WAIT."));
}

static void
set_connect_mode (LscCraftWindow *self, gboolean on)
{
  if (on == self->connect_mode)
    return;
  self->connect_mode = on;
  gtk_stack_set_visible_child_name (self->left_stack, on ? "connect" : "frame");
  gtk_stack_set_visible_child_name (self->right_stack, on ? "connect" : "frame");
  gtk_widget_set_visible (self->count_box, !on);
  gtk_widget_set_visible (GTK_WIDGET (self->ttl_series_check), !on);
  gtk_button_set_label (GTK_BUTTON (self->send_button), on ? _("_Run") : _("_Send"));
  if (on)
    adw_window_title_set_subtitle (self->title, _("Connect (a real TCP socket)"));
  set_status (self, "");
}

void
lsc_craft_window_show_connect (LscCraftWindow *self)
{
  if (gtk_drop_down_get_selected (self->template_dropdown) != CONNECT_ENTRY)
    gtk_drop_down_set_selected (self->template_dropdown, CONNECT_ENTRY);
  else
    set_connect_mode (self, TRUE);
}

gboolean
lsc_craft_window_is_connect (LscCraftWindow *self)
{
  return self->connect_mode;
}

gboolean
lsc_craft_window_check_connect_set (const char *assignment, GError **error)
{
  const char *eq = strchr (assignment, '=');
  g_autofree char *key = eq ? g_strndup (assignment, (gsize) (eq - assignment)) : g_strdup (assignment);
  const char *value = eq ? eq + 1 : "";
  guint64 n;
  guint32 ip;
  if (!eq)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("'%s' is not FIELD=VALUE"), assignment);
  else if (g_str_equal (key, "ip.dst"))
    {
      if (parse_ipv4 (value, &ip))
        return TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("ip.dst: '%s' is not an IPv4 address"), value);
    }
  else if (g_str_equal (key, "tcp.dstport") || g_str_equal (key, "listen"))
    {
      if (g_ascii_string_to_unsigned (value, 10, g_str_equal (key, "listen") ? 0 : 1, 65535, &n, NULL))
        return TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("%s: '%s' is not a port (1 to 65535)"), key, value);
    }
  else if (g_str_equal (key, "data.data"))
    return TRUE;
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                 _("connect takes ip.dst, tcp.dstport, data.data (the message) and listen (a port, 0 for off), not '%s'"),
                 key);
  return FALSE;
}

static gboolean
connect_apply (LscCraftWindow *self, const char *assignment, GError **error)
{
  if (!lsc_craft_window_check_connect_set (assignment, error))
    return FALSE;
  const char *value = strchr (assignment, '=') + 1;
  if (g_str_has_prefix (assignment, "ip.dst="))
    gtk_editable_set_text (self->conn_host, value);
  else if (g_str_has_prefix (assignment, "tcp.dstport="))
    gtk_spin_button_set_value (self->conn_port, g_ascii_strtod (value, NULL));
  else if (g_str_has_prefix (assignment, "data.data="))
    gtk_editable_set_text (self->conn_message, value);
  else
    {
      guint port = (guint) g_ascii_strtoull (value, NULL, 10);
      if (port)
        gtk_spin_button_set_value (self->conn_listen_port, port);
      gtk_check_button_set_active (self->conn_listen, port != 0);
    }
  update_send_state (self);
  return TRUE;
}

void
lsc_craft_window_set_connect (LscCraftWindow *self, const char *host, guint port, const char *message, guint listen_port)
{
  gtk_editable_set_text (self->conn_host, host ? host : "");
  gtk_spin_button_set_value (self->conn_port, port);
  gtk_editable_set_text (self->conn_message, message ? message : "");
  if (listen_port)
    gtk_spin_button_set_value (self->conn_listen_port, listen_port);
  gtk_check_button_set_active (self->conn_listen, listen_port != 0);
  update_send_state (self);
}

/* What a segment's label says: the call, whose it was, or the kernel's part. */
static char *
segment_label (const LscCraftConnectEvent *ev, gboolean listening)
{
  if (ev->role == LSC_ROLE_HS_ACK && listening)
    return g_strdup (_("peer's connect() returns · accept()"));
  if (ev->call)
    return ev->from_local ? g_strdup (ev->call) : g_strdup_printf (_("peer's %s"), ev->call);
  switch (ev->role)
    {
    case LSC_ROLE_HS_SYNACK:
      return ev->from_local ? g_strdup ("listen()") : g_strdup_printf (_("peer's %s"), "listen()");
    case LSC_ROLE_RST_REFUSED:
      return g_strdup (_("no listen() there: RST"));
    case LSC_ROLE_TD_ACK4:
      return g_strdup (_("kernel ACK → TIME-WAIT"));
    case LSC_ROLE_RST:
      return g_strdup (_("kernel RST"));
    default:
      return g_strdup (_("kernel ACK"));
    }
}

/* The flow panel asks the session what each frame's note is. */
static const char *
flow_note_cb (guint64 frame, const char **detail, gpointer data)
{
  return frame ? lsc_session_get_note (LSC_SESSION (data), (guint) (frame - 1), detail) : NULL;
}

/* The connection's first captured segment, selected: the flow panel draws its ladder. */
static gboolean
show_connection_cb (gpointer data)
{
  LscCraftWindow *self = data;
  guint n = lsc_store_get_n_staged (lsc_session_get_store (self->session));
  for (guint i = self->conn_from; self->main && i < n; i++)
    if (lsc_session_get_note (self->session, i, NULL))
      {
        lsc_window_show_flow (self->main, TRUE);
        lsc_window_select_packet (self->main, i);
        break;
      }
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static void
connect_event_cb (LscCraftConnect *conn, const LscCraftConnectEvent *ev, gpointer data)
{
  LscCraftWindow *self = data;
  guint port = (guint) gtk_spin_button_get_value_as_int (self->conn_port);
  switch (ev->kind)
    {
    case LSC_CRAFT_CONNECT_SEGMENT:
      {
        g_autofree char *label = segment_label (ev, self->conn_listening);
        lsc_session_note_segment (self->session, ev->tree, label, ev->cause ? ev->cause : lsc_conv_role_label (ev->role));
        if (self->main)
          gtk_widget_queue_draw (GTK_WIDGET (lsc_window_get_flow_view (self->main)));
        g_autoptr (GString) flags = g_string_new (NULL);
        lsc_ladder_format_flags (lsc_tree_pinfo_const (ev->tree)->tcp_flags & 0xff, flags);
        gboolean local_client = !self->conn_listening;
        self->conn_local_state = local_client ? ev->client_state : ev->server_state;
        self->conn_remote_state = local_client ? ev->server_state : ev->client_state;
        if (ev->from_local)
          connect_log_printf (self, _("%s → %s sent · this side %s"), label, flags->str,
                              lsc_tcp_state_name (self->conn_local_state));
        else
          connect_log_printf (self, _("← %s received (%s) · this side %s"), flags->str, label,
                              lsc_tcp_state_name (self->conn_local_state));
        break;
      }
    case LSC_CRAFT_CONNECT_ESTABLISHED:
      /* The flow panel opens on the connection now, and grows with it. */
      g_timeout_add (SHOW_CONNECTION_MS, show_connection_cb, g_object_ref (self));
      if (self->conn_listening)
        connect_log (self, _("accept() returned: a client is connected"));
      else
        connect_log (self, _("connect() returned 0: ESTABLISHED"));
      break;
    case LSC_CRAFT_CONNECT_FAILED:
      connect_log_printf (self, _("connect() failed: %s"), g_strerror (ev->errnum));
      if (ev->errnum == ECONNREFUSED)
        {
          g_autofree char *msg = g_strdup_printf (_("Refused: nothing listens on port %u of %s, so its kernel answered "
                                                    "the SYN with RST and connect() failed at once"),
                                                  port, gtk_editable_get_text (self->conn_host));
          connect_log (self, msg);
          set_status (self, msg);
          self->conn_refused = TRUE;
        }
      break;
    case LSC_CRAFT_CONNECT_TIMED_OUT:
      if (self->conn_listening)
        connect_log_printf (self, _("No client came within %.0f s"), CONNECT_TIMEOUT_S);
      else
        connect_log_printf (self, _("connect() did not finish within %.0f s: nothing answered the SYN (no host at "
                                    "that address, or a firewall drops it)"), CONNECT_TIMEOUT_S);
      break;
    case LSC_CRAFT_CONNECT_SENT:
      if (ev->bytes >= 0)
        connect_log_printf (self, _("send() returned %ld: the message leaves as data"), (long) ev->bytes);
      else
        connect_log (self, _("send() failed"));
      break;
    case LSC_CRAFT_CONNECT_RECEIVED:
      connect_log_printf (self, _("recv() returned %ld bytes"), (long) ev->bytes);
      break;
    case LSC_CRAFT_CONNECT_PEER_CLOSED:
      connect_log (self, _("recv() returned 0: the peer closed its side (its FIN came)"));
      break;
    case LSC_CRAFT_CONNECT_CLOSING:
      connect_log (self, _("close() → FIN: this side sends no more"));
      break;
    case LSC_CRAFT_CONNECT_ERROR:
      connect_log_printf (self, _("Watching the interface failed: %s"), ev->error ? ev->error->message : "?");
      break;
    case LSC_CRAFT_CONNECT_FINISHED:
      {
        if (self->conn_local_state == LSC_TCP_STATE_TIME_WAIT)
          connect_log (self, _("TIME-WAIT on this side: it closed first, so its kernel keeps the connection's "
                               "ports for a while (2 × MSL) in case the last ACK is lost"));
        else if (self->conn_remote_state == LSC_TCP_STATE_TIME_WAIT)
          connect_log (self, _("TIME-WAIT on the peer's side: the peer closed first, so its kernel keeps the "
                               "connection's ports for a while (2 × MSL); this side went through CLOSE-WAIT and LAST-ACK to CLOSED"));
        char segs[32];
        g_snprintf (segs, sizeof segs, "%" G_GUINT64_FORMAT, ev->segments);
        connect_log_printf (self, _("%s segments of this connection seen%s"), segs,
                            ev->closed ? "" : _(" (the teardown was not seen complete)"));
        if (!self->conn_refused)
          set_status (self, _("Done: the segments are in the main window, each labelled with its socket call"));
        g_timeout_add (SHOW_CONNECTION_MS, show_connection_cb, g_object_ref (self));
        /* Freed from its own callback: allowed, and nothing else runs after FINISHED. */
        g_clear_pointer (&self->conn, lsc_craft_connect_free);
        update_send_state (self);
        break;
      }
    }
}

static char *
connect_error_text (const GError *error)
{
  if (g_error_matches (error, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_PRIVILEGE) ||
      g_error_matches (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_PERMISSION))
    return g_strdup (_("Nothing was run: the connect demo watches the interface for the connection's segments, and "
                       "this account may not capture there. Ask whoever looks after this computer to install "
                       "Layerscope with its capture helper (layerscope-capture) allowed to capture, and to add you "
                       "to the “layerscope” group; then log out and in again. Starting Layerscope as root also "
                       "works."));
  return g_strdup_printf (_("Not run: %s"), error->message);
}

gboolean
lsc_craft_window_run_connect (LscCraftWindow *self)
{
  if (!self->connect_mode)
    lsc_craft_window_show_connect (self);
  update_send_state (self);
  if (self->blocker)
    return FALSE;
  gboolean listen = gtk_check_button_get_active (self->conn_listen);
  guint32 remote = 0;
  guint port = (guint) gtk_spin_button_get_value_as_int (listen ? self->conn_listen_port : self->conn_port);
  if (!listen)
    parse_ipv4 (gtk_editable_get_text (self->conn_host), &remote);
  g_autoptr (GError) error = NULL;
  LscCraftConnect *conn = lsc_craft_connect_new ();
  /* Without CAP_NET_RAW the connection is watched through the capture helper, as the CLI does. */
  lsc_craft_connect_set_link_fallback (conn, lsc_helper_craft_link, NULL);
  /* Connecting: the interface the kernel's route takes; listening: the one chosen. */
  if (!lsc_craft_connect_set_interface (conn, listen ? selected_iface (self) : NULL, remote, &error))
    {
      lsc_craft_connect_free (conn);
      g_autofree char *msg = connect_error_text (error);
      set_status (self, msg);
      return FALSE;
    }
  const char *iface = lsc_craft_connect_get_iface (conn)->name;
  if (!listen)
    lsc_craft_window_set_iface (self, iface);
  if (!ensure_capture (self, iface, &error))
    {
      lsc_craft_connect_free (conn);
      g_autofree char *msg = connect_error_text (error);
      set_status (self, msg);
      return FALSE;
    }
  self->conn_from = lsc_store_get_n_staged (lsc_session_get_store (self->session));
  lsc_craft_connect_set_timeout (conn, CONNECT_TIMEOUT_S);
  lsc_craft_connect_set_wait (conn, CONNECT_WAIT_S);
  lsc_craft_connect_set_message (conn, gtk_editable_get_text (self->conn_message));
  lsc_craft_connect_set_handler (conn, connect_event_cb, self);
  g_string_truncate (self->conn_log, 0);
  gtk_label_set_text (self->connect_log_label, "");
  self->conn_listening = listen;
  self->conn_local_state = self->conn_remote_state = LSC_TCP_STATE_CLOSED;
  self->conn_refused = FALSE;
  self->conn = conn;
  set_status (self, _("Running: the segments show in the main window"));
  gboolean ok = listen ? lsc_craft_connect_listen (conn, (guint16) port, &error)
                       : lsc_craft_connect_start (conn, remote, (guint16) port, &error);
  if (!ok)
    {
      g_clear_pointer (&self->conn, lsc_craft_connect_free);
      g_autofree char *msg = connect_error_text (error);
      set_status (self, msg);
      return FALSE;
    }
  if (self->main)
    lsc_flow_view_set_note_func (lsc_window_get_flow_view (self->main), flow_note_cb, g_object_ref (self->session),
                                 g_object_unref);
  char lt[16];
  ip_text (lsc_craft_connect_get_local_address (conn), lt);
  if (listen)
    connect_log_printf (self, _("socket() + bind() + listen() on port %u (%s, %s): waiting for accept()"), port, iface, lt);
  else
    connect_log_printf (self, _("socket() + connect() to %s:%u from %s:%u on %s: the kernel sends the SYN"),
                        gtk_editable_get_text (self->conn_host), port, lt,
                        lsc_craft_connect_get_local_port (conn), iface);
  update_send_state (self);
  return TRUE;
}

gboolean
lsc_craft_window_is_connecting (LscCraftWindow *self)
{
  return self->conn != NULL;
}

const char *
lsc_craft_window_get_connect_log (LscCraftWindow *self)
{
  return self->conn_log->str;
}

/* ---- saving ---- */

gboolean
lsc_craft_window_save (LscCraftWindow *self, const char *path, GError **error)
{
  guint count = (guint) gtk_spin_button_get_value_as_int (self->count_spin);
  double interval = gtk_spin_button_get_value (self->interval_spin);
  const char *iface = selected_iface (self);
  g_autoptr (LscCaptureWriter) w = lsc_capture_writer_new (path, NULL, lsc_capture_format_for_path (path),
                                                            LSC_LINK_ETHERNET, 262144, iface ? iface : "crafted", error);
  if (!w)
    return FALSE;
  gint64 t0 = g_get_real_time () * 1000;
  for (guint i = 0; i < count; i++)
    {
      g_autoptr (GBytes) frame = lsc_craft_form_build_nth (self->form, i, NULL, error);
      if (!frame)
        return FALSE;
      gsize n;
      LscPacket pkt = { .num = i + 1, .ts_ns = t0 + (gint64) (i * interval * 1e9), .linktype = LSC_LINK_ETHERNET };
      pkt.data = g_bytes_get_data (frame, &n);
      pkt.caplen = pkt.wirelen = (guint32) n;
      if (!lsc_capture_writer_write (w, &pkt, error))
        return FALSE;
    }
  if (!lsc_capture_writer_commit (w, error))
    return FALSE;
  g_autofree char *msg = g_strdup_printf (g_dngettext (NULL, "Saved %u frame to %s", "Saved %u frames to %s", count),
                                          count, path);
  set_status (self, msg);
  return TRUE;
}

static void
save_response_cb (GtkNativeDialog *dialog, int response, LscCraftWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      g_autoptr (GError) error = NULL;
      if (path && !lsc_craft_window_save (self, path, &error))
        {
          g_autofree char *msg = g_strdup_printf (_("Not saved: %s"), error->message);
          set_status (self, msg);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
save_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LscCraftWindow *self = LSC_CRAFT_WINDOW (widget);
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Save Frames As"), GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  g_autofree char *name_hint = g_strdup_printf ("%s.pcapng", lsc_craft_template_to_string (lsc_craft_form_get_template (self->form)));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name_hint);
  g_signal_connect (dialog, "response", G_CALLBACK (save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- the model ---- */

/* The main window's model switch regroups the form and the tree here too. */
static void
model_changed_cb (GSettings *settings, const char *key, LscCraftWindow *self)
{
  g_autofree char *name = g_settings_get_string (settings, "model");
  LscModel m;
  if (!lsc_model_from_string (name, &m) || m == self->model)
    return;
  self->model = m;
  build_form (self);
  update_resolved_mac (self);
  update_errors (self);
  lsc_layer_tree_set_model (self->layer_tree, m);
}

/* ---- template ---- */

/* The field a template is about, selected in the tree so its header shows open. */
static void
select_main_field (LscCraftWindow *self)
{
  static const char *const main_field[LSC_CRAFT_N_TEMPLATES] = {
    [LSC_CRAFT_TEMPLATE_PING] = "icmp.type",
    [LSC_CRAFT_TEMPLATE_ARP_REQUEST] = "arp.opcode",
    [LSC_CRAFT_TEMPLATE_ARP_REPLY] = "arp.opcode",
    [LSC_CRAFT_TEMPLATE_ARP_GRATUITOUS] = "arp.opcode",
    [LSC_CRAFT_TEMPLATE_ARP_PROBE] = "arp.opcode",
    [LSC_CRAFT_TEMPLATE_TCP] = "tcp.flags",
    [LSC_CRAFT_TEMPLATE_UDP] = "udp.dstport",
    [LSC_CRAFT_TEMPLATE_ETHER] = "eth.type",
  };
  gint32 idx = self->decoded ? lsc_tree_find (self->decoded->tree, main_field[lsc_craft_form_get_template (self->form)]) : -1;
  if (idx >= 0)
    lsc_layer_tree_select_node (self->layer_tree, idx);
}

void
lsc_craft_window_set_template (LscCraftWindow *self, LscCraftTemplate t)
{
  if (gtk_drop_down_get_selected (self->template_dropdown) != (guint) t)
    {
      gtk_drop_down_set_selected (self->template_dropdown, (guint) t);
      return;  /* the dropdown's notify comes back here */
    }
  set_connect_mode (self, FALSE);
  g_clear_pointer (&self->form, lsc_craft_form_free);
  self->form = lsc_craft_form_new (t);
  adw_window_title_set_subtitle (self->title, lsc_craft_template_label (t));
  lsc_craft_form_set_ttl_series (self->form, gtk_check_button_get_active (self->ttl_series_check));
  gtk_widget_set_sensitive (GTK_WIDGET (self->ttl_series_check), lsc_craft_form_find (self->form, "ip.ttl") >= 0);
  build_form (self);
  iface_changed (self);
  select_main_field (self);
}

static void
ttl_series_toggled_cb (GtkCheckButton *button, GParamSpec *pspec, LscCraftWindow *self)
{
  lsc_craft_form_set_ttl_series (self->form, gtk_check_button_get_active (button));
}

void
lsc_craft_window_set_ttl_series (LscCraftWindow *self, gboolean series)
{
  gtk_check_button_set_active (self->ttl_series_check, series);
}

static void
template_selected_cb (GObject *dd, GParamSpec *pspec, LscCraftWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->template_dropdown);
  if (i < LSC_CRAFT_N_TEMPLATES)
    lsc_craft_window_set_template (self, (LscCraftTemplate) i);
  else if (i == CONNECT_ENTRY)
    set_connect_mode (self, TRUE);
}

LscCraftForm *
lsc_craft_window_get_form (LscCraftWindow *self)
{
  return self->form;
}

gboolean
lsc_craft_window_set_field (LscCraftWindow *self, const char *id, const char *text)
{
  Row *r = find_row (self, id);
  if (!r)
    return FALSE;
  if (r->hex && lsc_craft_form_get_payload_hex (self->form) != gtk_toggle_button_get_active (r->hex))
    gtk_toggle_button_set_active (r->hex, lsc_craft_form_get_payload_hex (self->form));
  /* One change, not the empty text in between. */
  self->filling = TRUE;
  gtk_editable_set_text (r->entry, text);
  self->filling = FALSE;
  lsc_craft_form_set (self->form, id, text, NULL);
  sync_auto (self, r);
  if (g_str_equal (id, "ip.dst"))
    update_resolved_mac (self);
  update_errors (self);
  update_preview (self);
  update_send_state (self);
  return TRUE;
}

gboolean
lsc_craft_window_apply (LscCraftWindow *self, const char *assignment, GError **error)
{
  if (self->connect_mode)
    return connect_apply (self, assignment, error);
  gboolean ok = lsc_craft_form_set_assignment (self->form, assignment, error);
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *r = g_ptr_array_index (self->rows, i);
      if (r->hex)
        gtk_toggle_button_set_active (r->hex, lsc_craft_form_get_payload_hex (self->form));
    }
  refill_entries (self);
  update_resolved_mac (self);
  update_errors (self);
  update_preview (self);
  update_send_state (self);
  return ok;
}

const char *
lsc_craft_window_get_field_error (LscCraftWindow *self, const char *id)
{
  Row *r = find_row (self, id);
  return r && gtk_widget_get_visible (GTK_WIDGET (r->error)) ? gtk_label_get_text (r->error) : NULL;
}

GtkWidget *
lsc_craft_window_get_field_entry (LscCraftWindow *self, const char *id)
{
  Row *r = find_row (self, id);
  return r ? GTK_WIDGET (r->entry) : NULL;
}

GtkWidget *
lsc_craft_window_get_auto_check (LscCraftWindow *self, const char *id)
{
  Row *r = find_row (self, id);
  return r && r->autob ? GTK_WIDGET (r->autob) : NULL;
}

void
lsc_craft_window_set_count (LscCraftWindow *self, guint count, double interval)
{
  gtk_spin_button_set_value (self->count_spin, count);
  gtk_spin_button_set_value (self->interval_spin, interval);
}

GBytes *
lsc_craft_window_get_frame (LscCraftWindow *self)
{
  return self->decoded ? self->decoded->frame : NULL;
}

LscLayerTree *lsc_craft_window_get_layer_tree (LscCraftWindow *self) { return self->layer_tree; }
LscHexView *lsc_craft_window_get_hex_view (LscCraftWindow *self) { return self->hex_view; }
LscAnatomyBar *lsc_craft_window_get_anatomy_bar (LscCraftWindow *self) { return self->anatomy; }

const char *
lsc_craft_window_get_send_blocker (LscCraftWindow *self)
{
  return self->blocker;
}

const char *
lsc_craft_window_get_status (LscCraftWindow *self)
{
  return gtk_label_get_text (self->status_label);
}

gboolean
lsc_craft_window_save_png (LscCraftWindow *self, const char *path, GError **error)
{
  return lsc_widget_save_png (GTK_WIDGET (self), path, error);
}

/* ---- object ---- */

static void
lsc_craft_window_dispose (GObject *object)
{
  LscCraftWindow *self = LSC_CRAFT_WINDOW (object);
  if (self->job)
    {
      /* The run stops with the window. */
      self->job->self = NULL;
      g_clear_pointer (&self->job, job_free);
    }
  g_clear_pointer (&self->conn, lsc_craft_connect_free);
  g_clear_pointer (&self->decoded, lsc_decoded_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), LSC_TYPE_CRAFT_WINDOW);
  g_clear_weak_pointer (&self->main);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (lsc_craft_window_parent_class)->dispose (object);
}

static void
lsc_craft_window_finalize (GObject *object)
{
  LscCraftWindow *self = LSC_CRAFT_WINDOW (object);
  g_clear_pointer (&self->form, lsc_craft_form_free);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_object (&self->ifaces);
  g_clear_object (&self->labels);
  g_clear_object (&self->settings);
  g_free (self->blocker);
  g_free (self->status);
  g_string_free (self->conn_log, TRUE);
  G_OBJECT_CLASS (lsc_craft_window_parent_class)->finalize (object);
}

static void
lsc_craft_window_class_init (LscCraftWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = lsc_craft_window_dispose;
  object_class->finalize = lsc_craft_window_finalize;

  g_type_ensure (LSC_TYPE_LAYER_TREE);
  g_type_ensure (LSC_TYPE_HEX_VIEW);
  g_type_ensure (LSC_TYPE_ANATOMY_BAR);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/layerscope/Layerscope/ui/lsc-craft-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LscCraftWindow, title);
  gtk_widget_class_bind_template_child (widget_class, LscCraftWindow, template_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LscCraftWindow, iface_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LscCraftWindow, send_button);
  gtk_widget_class_bind_template_child (widget_class, LscCraftWindow, form_box);
  gtk_widget_class_bind_template_child (widget_class, LscCraftWindow, count_spin);
  gtk_widget_class_bind_template_child (widget_class, LscCraftWindow, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, LscCraftWindow, ttl_series_check);
  gtk_widget_class_bind_template_child (widget_class, LscCraftWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, LscCraftWindow, history_expander);
  gtk_widget_class_bind_template_child (widget_class, LscCraftWindow, history_list);
  gtk_widget_class_bind_template_child (widget_class, LscCraftWindow, layer_tree);
  gtk_widget_class_bind_template_child (widget_class, LscCraftWindow, hex_view);
  gtk_widget_class_bind_template_child (widget_class, LscCraftWindow, anatomy);
  gtk_widget_class_bind_template_child (widget_class, LscCraftWindow, left_stack);
  gtk_widget_class_bind_template_child (widget_class, LscCraftWindow, right_stack);
  gtk_widget_class_bind_template_child (widget_class, LscCraftWindow, count_box);
  gtk_widget_class_bind_template_child (widget_class, LscCraftWindow, connect_box);
  gtk_widget_class_bind_template_child (widget_class, LscCraftWindow, connect_log_label);
  gtk_widget_class_bind_template_callback (widget_class, node_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, byte_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, anatomy_node_cb);

  gtk_widget_class_install_action (widget_class, "craft.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "craft.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "craft.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "craft.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "craft.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lsc_craft_window_init (LscCraftWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->history = g_ptr_array_new_with_free_func (history_free);
  self->labels = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->status = g_strdup ("");
  self->conn_log = g_string_new (NULL);
  build_connect_form (self);
  GtkStringList *templates = gtk_string_list_new (NULL);
  for (guint t = 0; t < LSC_CRAFT_N_TEMPLATES; t++)
    gtk_string_list_append (templates, lsc_craft_template_label ((LscCraftTemplate) t));
  gtk_string_list_append (templates, _("Connect (a real TCP socket)"));
  gtk_drop_down_set_model (self->template_dropdown, G_LIST_MODEL (templates));
  g_object_unref (templates);
  self->ifaces = gtk_string_list_new (NULL);
  fill_ifaces (self);
  gtk_drop_down_set_model (self->iface_dropdown, G_LIST_MODEL (self->ifaces));
  gtk_drop_down_set_selected (self->iface_dropdown, GTK_INVALID_LIST_POSITION);
}

LscCraftWindow *
lsc_craft_window_new (LscWindow *main)
{
  g_return_val_if_fail (LSC_IS_WINDOW (main), NULL);
  LscCraftWindow *self = g_object_new (LSC_TYPE_CRAFT_WINDOW, "application",
                                       gtk_window_get_application (GTK_WINDOW (main)), NULL);
  /* As large as the screen allows, up to what the form and the preview use:
   * 1000 x 720 on a 1024 x 768 projector. */
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (main)));
  g_autoptr (GdkMonitor) monitor = g_list_model_get_n_items (monitors) ? g_list_model_get_item (monitors, 0) : NULL;
  if (monitor)
    {
      GdkRectangle g;
      gdk_monitor_get_geometry (monitor, &g);
      gtk_window_set_default_size (GTK_WINDOW (self), CLAMP (g.width - 24, 800, 1280), CLAMP (g.height - 48, 560, 860));
    }
  g_set_weak_pointer (&self->main, main);
  self->session = g_object_ref (lsc_window_get_session (main));
  self->model = lsc_window_get_model (main);
  self->form = lsc_craft_form_new (LSC_CRAFT_TEMPLATE_PING);
  adw_window_title_set_subtitle (self->title, lsc_craft_template_label (LSC_CRAFT_TEMPLATE_PING));
  build_form (self);
  g_signal_connect (self->template_dropdown, "notify::selected", G_CALLBACK (template_selected_cb), self);
  g_signal_connect (self->iface_dropdown, "notify::selected", G_CALLBACK (iface_selected_cb), self);
  g_signal_connect (self->ttl_series_check, "notify::active", G_CALLBACK (ttl_series_toggled_cb), self);
  choose_default_iface (self);
  select_main_field (self);
  history_load (self);
  self->settings = lsc_application_settings_new ();
  g_signal_connect (self->settings, "changed::model", G_CALLBACK (model_changed_cb), self);
  return self;
}

/* The craft window is gone: main (if still there) forgets it. */
static void
craft_window_gone (gpointer data, GObject *where_it_was)
{
  GWeakRef *ref = data;
  GObject *main = g_weak_ref_get (ref);
  if (main)
    {
      g_object_set_data (main, "lsc-craft-window", NULL);
      g_object_unref (main);
    }
  g_weak_ref_clear (ref);
  g_free (ref);
}

LscCraftWindow *
lsc_craft_window_get_for (LscWindow *main)
{
  LscCraftWindow *w = g_object_get_data (G_OBJECT (main), "lsc-craft-window");
  if (w)
    return w;
  w = lsc_craft_window_new (main);
  gtk_window_set_transient_for (GTK_WINDOW (w), GTK_WINDOW (main));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (w), TRUE);
  g_object_set_data (G_OBJECT (main), "lsc-craft-window", w);
  GWeakRef *ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, main);
  g_object_weak_ref (G_OBJECT (w), craft_window_gone, ref);
  return w;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-lab-panel.c — the start page's classroom lab (see lsc-lab-panel.h) */
#include "lsc-lab-panel.h"

#include <glib/gi18n.h>

struct _LscLabPanel {
  GtkWidget parent_instance;
  GtkWidget *box;
  LscLabView *lab_view;
};

G_DEFINE_FINAL_TYPE (LscLabPanel, lsc_lab_panel, GTK_TYPE_WIDGET)

enum { SIG_CAPTURE, SIG_CRAFT, N_SIGNALS };
static guint signals[N_SIGNALS];

static const LscLabIface *
here_iface (LscLabPanel *self)
{
  const LscLab *lab = lsc_lab_view_get_lab (self->lab_view);
  const LscLabHost *h = lsc_lab_find_host (lab, lsc_lab_view_get_here (self->lab_view));
  return h && h->ifaces->len ? h->ifaces->pdata[0] : NULL;
}

static void
lab_capture_cb (GtkButton *b, LscLabPanel *self)
{
  const LscLabIface *f = here_iface (self);
  if (f)
    g_signal_emit (self, signals[SIG_CAPTURE], 0, f->name);
}

static void
lab_craft_cb (GtkButton *b, LscLabPanel *self)
{
  const LscLabIface *f = here_iface (self);
  const char *tmpl = g_object_get_data (G_OBJECT (b), "template");
  const char *set = g_object_get_data (G_OBJECT (b), "set");
  if (f)
    g_signal_emit (self, signals[SIG_CRAFT], 0, tmpl, set, f->name);
}

static GtkWidget *
lab_button (LscLabPanel *self, const char *label, const char *tmpl, const char *set)
{
  GtkWidget *b = gtk_button_new_with_mnemonic (label);
  if (tmpl)
    {
      g_object_set_data_full (G_OBJECT (b), "template", g_strdup (tmpl), g_free);
      g_object_set_data_full (G_OBJECT (b), "set", g_strdup (set), g_free);
      g_signal_connect (b, "clicked", G_CALLBACK (lab_craft_cb), self);
    }
  else
    g_signal_connect (b, "clicked", G_CALLBACK (lab_capture_cb), self);
  return b;
}

/* The router on a subnet of host (the first one found). */
static const LscLabIface *
gateway_iface (const LscLab *lab, const LscLabIface *mine)
{
  for (guint i = 0; i < lab->hosts->len; i++)
    {
      const LscLabHost *h = lab->hosts->pdata[i];
      for (guint k = 0; h->router && k < h->ifaces->len; k++)
        if (g_strcmp0 (((LscLabIface *) h->ifaces->pdata[k])->net, mine->net) == 0)
          return h->ifaces->pdata[k];
    }
  return NULL;
}

/* The lab drawn, and what to do there: capture on this host's link, ping a
 * host behind the router, ARP for a neighbour. */
static void
build (LscLabPanel *self, LscLab *lab, const LscLabHost *here)
{
  self->lab_view = LSC_LAB_VIEW (lsc_lab_view_new ());
  lsc_lab_view_set_lab (self->lab_view, lab, here->name);
  const LscLabIface *mine = here->ifaces->len ? here->ifaces->pdata[0] : NULL;
  g_autofree char *my_ip = mine ? lsc_lab_iface_ipv4 (mine) : NULL;
  g_autofree char *intro = mine ? g_strdup_printf (_("This window runs in lab host %s (%s on %s): what you capture and send here travels the lab's links."),
                                                   here->name, my_ip ? my_ip : "", mine->name)
                                : g_strdup_printf (_("This window runs in lab host %s."), here->name);
  GtkWidget *l = gtk_label_new (intro);
  gtk_label_set_wrap (GTK_LABEL (l), TRUE);
  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_box_append (GTK_BOX (self->box), l);
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "lab-card");
  gtk_widget_set_margin_top (GTK_WIDGET (self->lab_view), 8);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->lab_view), 8);
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (self->lab_view));
  gtk_box_append (GTK_BOX (self->box), card);

  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (buttons, GTK_ALIGN_CENTER);
  if (mine)
    {
      g_autofree char *text = g_strdup_printf (_("_Capture on %s"), mine->name);
      GtkWidget *b = lab_button (self, text, NULL, NULL);
      gtk_widget_add_css_class (b, "suggested-action");
      gtk_widget_set_name (b, "lab-capture");
      gtk_box_append (GTK_BOX (buttons), b);
    }
  const LscLabHost *far = lsc_lab_far_host (lab, here);
  g_autofree char *far_ip = far ? lsc_lab_iface_ipv4 (far->ifaces->pdata[0]) : NULL;
  if (far_ip)
    {
      g_autofree char *text = g_strdup_printf (_("_Ping %s across the router…"), far->name);
      g_autofree char *set = g_strconcat ("ip.dst=", far_ip, NULL);
      GtkWidget *b = lab_button (self, text, "ping", set);
      gtk_widget_set_name (b, "lab-ping");
      gtk_box_append (GTK_BOX (buttons), b);
    }
  /* A neighbour on this host's own link, for ARP. */
  for (guint i = 0; mine && i < lab->hosts->len; i++)
    {
      const LscLabHost *h = lab->hosts->pdata[i];
      if (h == here || h->router || !h->ifaces->len ||
          g_strcmp0 (((LscLabIface *) h->ifaces->pdata[0])->net, mine->net) != 0)
        continue;
      g_autofree char *ip = lsc_lab_iface_ipv4 (h->ifaces->pdata[0]);
      if (!ip)
        continue;
      g_autofree char *text = g_strdup_printf (_("_ARP for %s…"), h->name);
      g_autofree char *set = g_strconcat ("arp.dst.proto_ipv4=", ip, NULL);
      GtkWidget *b = lab_button (self, text, "arp", set);
      gtk_widget_set_name (b, "lab-arp");
      gtk_box_append (GTK_BOX (buttons), b);
      break;
    }
  gtk_box_append (GTK_BOX (self->box), buttons);

  /* What to look for: one hop less, and the router's MAC instead of the far host's. */
  const LscLabIface *gw = mine ? gateway_iface (lab, mine) : NULL;
  if (far_ip && gw && gw->mac && ((LscLabIface *) far->ifaces->pdata[0])->mac)
    {
      g_autofree char *hint = g_strdup_printf (
        _("Across the router the reply from %s arrives with its TTL one lower (63 for 64) and with the router's MAC "
          "(%s) as its source, not %s's own (%s): a router rewrites the frame at every hop, the IP addresses stay."),
        far->name, gw->mac, far->name, ((LscLabIface *) far->ifaces->pdata[0])->mac);
      /* The other hop: the same ping on the far link, from a window there. */
      g_autofree char *there = g_strdup_printf (
        _("To watch the same ping on %s's link, open a window there too: sudo layerscope-cli lab open %s"), far->name,
        far->name);
      g_autofree char *both = g_strconcat (hint, "\n", there, NULL);
      GtkWidget *h = gtk_label_new (both);
      gtk_label_set_selectable (GTK_LABEL (h), TRUE);
      gtk_label_set_wrap (GTK_LABEL (h), TRUE);
      gtk_label_set_xalign (GTK_LABEL (h), 0);
      gtk_widget_add_css_class (h, "dim-label");
      gtk_widget_add_css_class (h, "caption");
      gtk_box_append (GTK_BOX (self->box), h);
    }
}

LscLabView *
lsc_lab_panel_get_view (LscLabPanel *self)
{
  return self->lab_view;
}

GtkWidget *
lsc_lab_panel_new (LscLab *lab, const char *here)
{
  const LscLabHost *h = lsc_lab_find_host (lab, here);
  if (!h)
    {
      g_critical ("no host %s in the lab", here);
      lsc_lab_free (lab);
      return NULL;
    }
  LscLabPanel *self = g_object_new (LSC_TYPE_LAB_PANEL, NULL);
  build (self, lab, h);
  return GTK_WIDGET (self);
}

GtkWidget *
lsc_lab_panel_new_here (void)
{
  const LscLabHost *here = NULL;
  LscLab *lab = lsc_lab_find_current (&here);
  return lab ? lsc_lab_panel_new (lab, here->name) : NULL;
}

static void
lsc_lab_panel_dispose (GObject *object)
{
  LscLabPanel *self = LSC_LAB_PANEL (object);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (lsc_lab_panel_parent_class)->dispose (object);
}

static void
lsc_lab_panel_class_init (LscLabPanelClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  G_OBJECT_CLASS (klass)->dispose = lsc_lab_panel_dispose;
  signals[SIG_CAPTURE] = g_signal_new ("capture", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIG_CRAFT] = g_signal_new ("craft", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lsc_lab_panel_init (LscLabPanel *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
}

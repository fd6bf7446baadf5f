/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-prefix-button.c — the capture's subnet prefix, in the header bar */
#include "lsc-prefix-button.h"
#include "core/lsc-subnet.h"

#include "lsc-layer-colors.h"

#include <glib/gi18n.h>

struct _LscPrefixButton {
  GtkWidget parent_instance;

  GtkMenuButton *button;
  GtkSpinButton *spin;
  GtkLabel *mask_label;

  LscStore *store;   /* borrowed */
  gboolean quiet;    /* the spin button is being set from code */
};

G_DEFINE_FINAL_TYPE (LscPrefixButton, lsc_prefix_button, GTK_TYPE_WIDGET)

enum { SIG_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
show_prefix (LscPrefixButton *self, guint prefix)
{
  if (prefix == 0)
    {
      gtk_menu_button_set_label (self->button, _("Subnet: off"));
      gtk_label_set_text (self->mask_label, _("off: classes only"));
      return;
    }
  char mask[16];
  lsc_subnet_format_dotted (lsc_subnet_mask (prefix), mask, sizeof mask);
  g_autofree char *label = g_strdup_printf (_("Subnet: /%u"), prefix);
  gtk_menu_button_set_label (self->button, label);
  gtk_label_set_text (self->mask_label, mask);
}

static void
apply (LscPrefixButton *self, guint prefix, gboolean announce)
{
  show_prefix (self, prefix);
  if (!self->store)
    return;
  LscDissectOptions opt = *lsc_store_get_options (self->store);
  if (opt.ipv4_prefix == prefix)
    return;
  /* Only derived IPv4 nodes depend on it: the rows' summaries and the
   * conversation analysis stay as they are. */
  opt.ipv4_prefix = prefix;
  lsc_store_set_options (self->store, &opt);
  if (announce)
    g_signal_emit (self, signals[SIG_CHANGED], 0);
}

static void
spin_changed_cb (GtkSpinButton *spin, LscPrefixButton *self)
{
  if (!self->quiet)
    apply (self, (guint) gtk_spin_button_get_value_as_int (spin), TRUE);
}

static void
set_spin (LscPrefixButton *self, guint prefix)
{
  self->quiet = TRUE;
  gtk_spin_button_set_value (self->spin, prefix);
  self->quiet = FALSE;
}

void
lsc_prefix_button_set_store (LscPrefixButton *self, LscStore *store)
{
  g_return_if_fail (LSC_IS_PREFIX_BUTTON (self));
  self->store = store;
  guint prefix = store ? lsc_store_get_options (store)->ipv4_prefix : 0;
  set_spin (self, prefix);
  show_prefix (self, prefix);
}

void
lsc_prefix_button_set_prefix (LscPrefixButton *self, guint prefix)
{
  g_return_if_fail (LSC_IS_PREFIX_BUTTON (self));
  prefix = MIN (prefix, 32u);
  set_spin (self, prefix);
  apply (self, prefix, TRUE);
}

void
lsc_prefix_button_set_address_prefix (LscPrefixButton *self, guint addr, guint prefix)
{
  g_return_if_fail (LSC_IS_PREFIX_BUTTON (self));
  if (!self->store)
    return;
  LscDissectOptions opt = *lsc_store_get_options (self->store);
  lsc_dissect_options_set_addr_prefix (&opt, addr, prefix);
  lsc_store_set_options (self->store, &opt);
  g_signal_emit (self, signals[SIG_CHANGED], 0);
}

guint
lsc_prefix_button_get_prefix (LscPrefixButton *self)
{
  g_return_val_if_fail (LSC_IS_PREFIX_BUTTON (self), 0);
  return (guint) gtk_spin_button_get_value_as_int (self->spin);
}

void
lsc_prefix_button_reset (LscPrefixButton *self)
{
  g_return_if_fail (LSC_IS_PREFIX_BUTTON (self));
  set_spin (self, 0);
  apply (self, 0, FALSE);
  /* And the addresses' own. */
  if (self->store && lsc_store_get_options (self->store)->n_addr_prefix)
    {
      LscDissectOptions opt = *lsc_store_get_options (self->store);
      opt.n_addr_prefix = 0;
      lsc_store_set_options (self->store, &opt);
    }
}

GtkWidget *
lsc_prefix_button_new (void)
{
  return g_object_new (LSC_TYPE_PREFIX_BUTTON, NULL);
}

static void
lsc_prefix_button_dispose (GObject *object)
{
  LscPrefixButton *self = LSC_PREFIX_BUTTON (object);
  gtk_widget_dispose_template (GTK_WIDGET (self), LSC_TYPE_PREFIX_BUTTON);
  lsc_widget_unparent_children (GTK_WIDGET (self));
  self->store = NULL;
  G_OBJECT_CLASS (lsc_prefix_button_parent_class)->dispose (object);
}

static void
lsc_prefix_button_class_init (LscPrefixButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = lsc_prefix_button_dispose;
  signals[SIG_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/layerscope/Layerscope/ui/lsc-prefix-button.ui");
  gtk_widget_class_bind_template_child (widget_class, LscPrefixButton, button);
  gtk_widget_class_bind_template_child (widget_class, LscPrefixButton, spin);
  gtk_widget_class_bind_template_child (widget_class, LscPrefixButton, mask_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lsc_prefix_button_init (LscPrefixButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->spin, "value-changed", G_CALLBACK (spin_changed_cb), self);
  show_prefix (self, 0);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-prefix-button.h — the header bar's subnet prefix for the capture on
 * show: with /N set, every IPv4 address in the tree shows its network,
 * broadcast, first and last host, host count, and whether source and
 * destination share a subnet (what layerscope-cli --prefix N does).  It is
 * kept in the store's dissect options, not in the settings: each capture
 * starts without one. */
#pragma once

#include <gtk/gtk.h>
#include "core/lsc-store.h"

G_BEGIN_DECLS

#define LSC_TYPE_PREFIX_BUTTON (lsc_prefix_button_get_type ())
G_DECLARE_FINAL_TYPE (LscPrefixButton, lsc_prefix_button, LSC, PREFIX_BUTTON, GtkWidget)

GtkWidget *lsc_prefix_button_new (void);
/* The store whose dissect options carry the prefix (borrowed; it must
 * outlive the button). */
void lsc_prefix_button_set_store (LscPrefixButton *self, LscStore *store);
/* 0 (none) to 32; a change is written to the store's options and then
 * announced with "changed", so the views can decode what they show again. */
void lsc_prefix_button_set_prefix (LscPrefixButton *self, guint prefix);
guint lsc_prefix_button_get_prefix (LscPrefixButton *self);
/* One IPv4 address's own prefix (host order; 1..32, anything else forgets
 * it), winning over the capture's for that address; announced with "changed". */
void lsc_prefix_button_set_address_prefix (LscPrefixButton *self, guint addr, guint prefix);
/* Back to no prefix without "changed": for a new capture, whose store is
 * being emptied anyway. */
void lsc_prefix_button_reset (LscPrefixButton *self);

G_END_DECLS

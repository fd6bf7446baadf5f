/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-subnet-calc.h — the subnet calculator: an address and mask typed in,
 * shown in binary with the network and host bits coloured, the subnet's
 * figures, the class table, splitting into smaller subnets, IPv6 prefixes and
 * EUI-64.  The arithmetic is core's (lsc-subnet.h). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LSC_TYPE_SUBNET_CALC (lsc_subnet_calc_get_type ())
G_DECLARE_FINAL_TYPE (LscSubnetCalc, lsc_subnet_calc, LSC, SUBNET_CALC, GtkWidget)

GtkWidget *lsc_subnet_calc_new (void);
/* Put text in the entry and show what it gives (or why it cannot). */
void lsc_subnet_calc_set_text (LscSubnetCalc *self, const char *text);
/* The MAC address for the EUI-64 part (IPv6 prefixes). */
void lsc_subnet_calc_set_mac (LscSubnetCalc *self, const char *mac);
/* The prefix length the block is split into. */
void lsc_subnet_calc_set_split (LscSubnetCalc *self, guint prefix);
/* The text a figure shows, as on screen (markup removed): "network",
 * "broadcast", "first", "last", "hosts", "mask", "wildcard", "class", "range",
 * "special", "bin-addr", "bin-mask", "bin-network", "dec-broadcast", "split-summary",
 * "split-list", "ipv6-address", "ipv6-network", "ipv6-iid", "ipv6-kind", "eui",
 * "error" and "note" ("" when hidden), "page" ("empty", "ipv4" or "ipv6"). */
const char *lsc_subnet_calc_get_value (LscSubnetCalc *self, const char *key);

/* A window holding a calculator filled in with text (NULL: an example),
 * transient for parent when given.  One per parent: a second call presents
 * the first. */
GtkWindow *lsc_subnet_calc_present (GtkApplication *app, GtkWindow *parent, const char *text);
/* The calculator inside a window lsc_subnet_calc_present() made. */
LscSubnetCalc *lsc_subnet_calc_from_window (GtkWindow *window);

G_END_DECLS

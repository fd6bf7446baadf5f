/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-anatomy-bar.h — the frame drawn as a bar of its headers, payload and padding */
#pragma once

#include <gtk/gtk.h>
#include "lsc-layer-item.h"

G_BEGIN_DECLS

#define LSC_TYPE_ANATOMY_BAR (lsc_anatomy_bar_get_type ())
G_DECLARE_FINAL_TYPE (LscAnatomyBar, lsc_anatomy_bar, LSC, ANATOMY_BAR, GtkWidget)

GtkWidget *lsc_anatomy_bar_new (void);
void lsc_anatomy_bar_set_decoded (LscAnatomyBar *self, LscDecoded *d);
/* "Ethernet 14 | IPv4 20 | TCP 32 | padding 0 | FCS 4 (not captured)" */
const char *lsc_anatomy_bar_get_text (LscAnatomyBar *self);
/* Tree index of the segment under x (−1 for FCS / nothing). */
gint32 lsc_anatomy_bar_node_at (LscAnatomyBar *self, double x);
/* Mark the segment holding node idx (−1 for none). */
void lsc_anatomy_bar_set_selected (LscAnatomyBar *self, gint32 idx);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-lab-panel.h — the start page's classroom lab: where this window runs, the lab drawn, what to do there
 *
 * Shown when the app runs inside a host of the lab (`layerscope-cli lab
 * open`): a sentence saying which host, the drawing (LscLabView), buttons to
 * capture on the host's lab link ("capture"), to ping the host behind the
 * router and to ask a neighbour with ARP ("craft": template, "FIELD=VALUE",
 * interface), and what a ping across the router shows.
 */
#pragma once

#include <gtk/gtk.h>
#include "lsc-lab-view.h"

G_BEGIN_DECLS

#define LSC_TYPE_LAB_PANEL (lsc_lab_panel_get_type ())
G_DECLARE_FINAL_TYPE (LscLabPanel, lsc_lab_panel, LSC, LAB_PANEL, GtkWidget)

/* The panel of the lab this process runs in, NULL when it runs in none. */
GtkWidget *lsc_lab_panel_new_here (void);
/* The panel of lab, in its host here. */
GtkWidget *lsc_lab_panel_new (LscLab *lab, const char *here);
LscLabView *lsc_lab_panel_get_view (LscLabPanel *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-welcome.h — the start page: lab captures, open, recent files, live capture */
#pragma once

#include <gtk/gtk.h>
#include "lsc-lab-view.h"

G_BEGIN_DECLS

#define LSC_TYPE_WELCOME (lsc_welcome_get_type ())
G_DECLARE_FINAL_TYPE (LscWelcome, lsc_welcome, LSC, WELCOME, GtkWidget)

GtkWidget *lsc_welcome_new (void);
/* Refill the recent files list from paths (most recent first). */
void lsc_welcome_set_recent (LscWelcome *self, const char *const *paths);
/* Directory holding the bundled lab captures, NULL when none is found. */
char *lsc_welcome_find_captures_dir (void);
/* Say whether live capture can start and, when not, why and how to fix it. */
void lsc_welcome_set_capture_status (LscWelcome *self, gboolean available, const char *message);
/* The interface and BPF filter chosen for a live capture (NULL when none). */
char *lsc_welcome_get_interface (LscWelcome *self);
const char *lsc_welcome_get_bpf (LscWelcome *self);
/* The lessons and bundled lab captures (rows carry their file, lessons their
 * number as "lesson"); activating a lesson emits "open-lesson" (its number),
 * another capture "open-file". */
GtkListBox *lsc_welcome_get_labs (LscWelcome *self);
/* Inside a host of the classroom lab: its drawing (NULL elsewhere).  Its
 * buttons emit "start-capture" (this host's lab link) and "lab-craft"
 * (template, "FIELD=VALUE", interface) to ping across the router or ARP. */
LscLabView *lsc_welcome_get_lab_view (LscWelcome *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-oui.h — MAC vendor names from Debian's ieee-data (optional) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Vendor for the first three bytes of a MAC (oui = 24-bit value), or NULL
 * when unknown or when the database is not installed.  Loads the database on
 * first use; thread-safe. */
const char *lsc_oui_lookup (guint32 oui);
/* Use another file (tests); NULL restores the default.  Call before the first lookup. */
void lsc_oui_set_path (const char *path);

G_END_DECLS

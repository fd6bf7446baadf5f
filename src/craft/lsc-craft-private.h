/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-craft-private.h — what the craft library's own files share */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Sets LSC_CRAFT_ERROR_INVALID with the formatted reason; always FALSE. */
gboolean lsc_craft_invalid (GError **error, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS

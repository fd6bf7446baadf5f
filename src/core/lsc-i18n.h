/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-i18n.h — message catalogue set-up shared by the CLI and the app */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Sets the locale from the environment and binds the "layerscope" catalogue.
 * LAYERSCOPE_LOCALEDIR, when set, replaces the installed locale directory, so
 * a build tree runs translated without installing (point it at BUILD/po). */
void lsc_i18n_init (void);

G_END_DECLS

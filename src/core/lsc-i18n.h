/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-i18n.h — message catalogue set-up shared by the CLI and the app */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Sets the locale from the environment and binds the "layerscope" catalogue.
 * LAYERSCOPE_LOCALEDIR, when set, replaces the installed locale directory, so
 * a build tree runs translated without installing (point it at BUILD/po). */
void lsc_i18n_init (void);

/* TRUE when msgid's translation reads exactly as msgid (the C locale, or a
 * catalogue that keeps the layout): a text written for every packet may
 * then be put together by hand instead of through printf. */
gboolean lsc_i18n_keeps_layout (const char *msgid);

G_END_DECLS

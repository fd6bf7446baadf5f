/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-i18n.c — message catalogue set-up shared by the CLI and the app */
#include "lsc-i18n.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

void
lsc_i18n_init (void)
{
  const char *dir = g_getenv ("LAYERSCOPE_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* Numbers are written for programs too (JSON, -T fields, tables piped
   * into scripts): a decimal comma would break them, so they always use
   * '.'.  Messages, dates and sorting still follow the user's locale.  (The
   * GTK app sets the whole locale again in gtk_init.) */
  setlocale (LC_NUMERIC, "C");
  bindtextdomain (GETTEXT_PACKAGE, dir && *dir ? dir : LSC_LOCALEDIR);
  /* Field names and blurbs go to UTF-8 output whatever the locale's charset. */
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

gboolean
lsc_i18n_keeps_layout (const char *msgid)
{
  const char *tr = _(msgid);
  return tr == msgid || strcmp (tr, msgid) == 0;
}

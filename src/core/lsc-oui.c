/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-oui.c — OUI vendor table, read from ieee-data's oui.txt when present */
#include "lsc-oui.h"

#include <stdio.h>
#include <string.h>

#define DEFAULT_OUI_PATH "/usr/share/ieee-data/oui.txt"

static char *oui_path;
static GHashTable *table;  /* GUINT_TO_POINTER(oui) -> vendor string */

void
lsc_oui_set_path (const char *path)
{
  g_free (oui_path);
  oui_path = g_strdup (path);
}

static GHashTable *
load (void)
{
  GHashTable *h = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  g_autofree char *contents = NULL;
  gsize len = 0;
  /* A missing database is normal: vendors are simply not shown. */
  if (!g_file_get_contents (oui_path ? oui_path : DEFAULT_OUI_PATH, &contents, &len, NULL))
    return h;
  char *line = contents;
  while (line && *line)
    {
      char *eol = strchr (line, '\n');
      if (eol)
        *eol = '\0';
      /* "00-22-72   (hex)\t\tVendor name" */
      unsigned a, b, c;
      char *hex = strstr (line, "(hex)");
      if (hex && sscanf (line, "%2x-%2x-%2x", &a, &b, &c) == 3)
        {
          char *name = g_strstrip (g_strdup (hex + 5));
          guint32 key = (a << 16) | (b << 8) | c;
          if (*name && !g_hash_table_contains (h, GUINT_TO_POINTER (key + 1)))
            g_hash_table_insert (h, GUINT_TO_POINTER (key + 1), name);
          else
            g_free (name);
        }
      line = eol ? eol + 1 : NULL;
    }
  return h;
}

const char *
lsc_oui_lookup (guint32 oui)
{
  if (g_once_init_enter (&table))
    g_once_init_leave (&table, load ());
  /* Keys are stored +1 so OUI 00-00-00 is not the NULL pointer. */
  return g_hash_table_lookup (table, GUINT_TO_POINTER ((oui & 0xffffff) + 1));
}

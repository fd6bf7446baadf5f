/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c — layerscope, the GTK app */
#include "lsc-application.h"
#include "lsc-benchmark.h"
#include "core/lsc-i18n.h"

#include <glib/gi18n.h>

int
main (int argc, char **argv)
{
  lsc_i18n_init ();
  g_set_application_name (_("Layerscope"));
  g_autoptr (LscApplication) app = lsc_application_new (G_APPLICATION_DEFAULT_FLAGS);
  int rc = g_application_run (G_APPLICATION (app), argc, argv);
  return rc ? rc : lsc_benchmark_get_status ();
}

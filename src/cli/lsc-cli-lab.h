/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-cli-lab.h — layerscope-cli lab up|down|status|exec: a classroom network in namespaces */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int lsc_cli_lab_main (int argc, char **argv);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-cli-craft.h — layerscope-cli ping / arp / tcp / udp / connect (and lab)
 *
 * main() hands argv over when argv[1] names a subcommand; argv[0] is then
 * the subcommand's name.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean lsc_cli_is_subcommand (const char *name);
int lsc_cli_subcommand_main (int argc, char **argv);

G_END_DECLS

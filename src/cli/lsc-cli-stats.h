/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-cli-stats.h — layerscope-cli -z: tshark's statistics tables
 *
 * -z conv,eth|ip|tcp|udp[,FILTER] prints a table of conversations between
 * two ends (MAC addresses, IP addresses, or address and port) with frames
 * and bytes each way; -z io,stat,SECONDS[,FILTER] prints frames and bytes
 * per interval.  As in tshark, they count every frame read (or those
 * matching their own FILTER), whatever -Y shows, and print at the end.
 */
#pragma once

#include <glib.h>
#include "core/lsc-tree.h"

G_BEGIN_DECLS

typedef struct _LscCliStats LscCliStats;

/* specs: the -z arguments (NULL or empty: returns NULL, no error).  NULL
 * with error set for a spec that is not understood. */
LscCliStats *lsc_cli_stats_new (const char *const *specs, GError **error);
void lsc_cli_stats_free (LscCliStats *st);
/* TRUE when a table has a filter, which needs fully decoded trees. */
gboolean lsc_cli_stats_needs_trees (const LscCliStats *st);
/* Count one frame (every frame, in order); st may be NULL. */
void lsc_cli_stats_packet (LscCliStats *st, const LscTree *t);
/* Append every table to out; st may be NULL. */
void lsc_cli_stats_report (LscCliStats *st, GString *out);

G_END_DECLS

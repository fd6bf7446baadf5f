/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-cli-conv.h — layerscope-cli's conversation options: --conversations, --flow, --stream
 *
 * The analysis itself (lsc-conv.h) runs on every frame, so -V / -T json /
 * -T fields always show tcp.stream, relative numbers, roles and states.
 * --conversations prints the conversation tables after the packet lines (as
 * tshark -z conv does); --flow prints the ladder diagram of each TCP stream
 * (or of --stream N) instead of the packet lines.
 */
#pragma once

#include <glib.h>
#include "core/lsc-conv.h"
#include "core/lsc-tree.h"

G_BEGIN_DECLS

typedef struct _LscCliConv LscCliConv;

/* The option group; its entries are parsed with the main ones. */
GOptionGroup *lsc_cli_conv_option_group (void);
/* Check the option values; NULL with error set for a bad combination. */
LscCliConv *lsc_cli_conv_new (GError **error);
void lsc_cli_conv_free (LscCliConv *cc);
/* Analyse one dissected frame (every frame, in order, before any filter).
 * Returns FALSE when the packet lines are replaced by the ladder (--flow). */
gboolean lsc_cli_conv_packet (LscCliConv *cc, LscTree *t);
/* TRUE when lsc_cli_conv_packet() runs the analysis (no --no-analysis): the
 * decoder may then leave the TCP Info column to it. */
gboolean lsc_cli_conv_analyses (const LscCliConv *cc);
/* The analysis itself (streaming: only the frame just analysed can be asked
 * about), or NULL with --no-analysis. */
const LscConv *lsc_cli_conv_get_analysis (const LscCliConv *cc);
/* Two passes (-2, as tshark -2): keep the analysis of every frame, run
 * lsc_cli_conv_first_pass() on each frame of a first pass and
 * lsc_cli_conv_first_pass_end() after it; lsc_cli_conv_packet() in the
 * second pass then adds to each frame what the whole capture told (a
 * fragment's reassembling frame, a request's reply).  Set before any frame;
 * FALSE with --no-analysis, which has nothing to keep. */
gboolean lsc_cli_conv_set_two_pass (LscCliConv *cc);
void lsc_cli_conv_first_pass (LscCliConv *cc, LscTree *t);
void lsc_cli_conv_first_pass_end (LscCliConv *cc);
/* After the last frame: append the tables / ladders to out.  Returns FALSE
 * after printing a one-line error (e.g. --stream names no TCP stream). */
gboolean lsc_cli_conv_report (LscCliConv *cc, GString *out);

G_END_DECLS

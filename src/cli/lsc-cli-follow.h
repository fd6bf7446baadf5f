/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-cli-follow.h — layerscope-cli -z follow,tcp|udp,ascii|hex|raw,N
 *
 * tshark's spelling, so its users need nothing new: after the capture is
 * read, print the payload of TCP or UDP stream N, each end's bytes in order
 * (lsc-follow.h), chunk by chunk with the direction, frame and stream offset
 * of each.  Like --flow it replaces the packet lines.
 */
#pragma once

#include <glib.h>
#include "core/lsc-conv.h"
#include "core/lsc-tree.h"

G_BEGIN_DECLS

typedef struct _LscCliFollow LscCliFollow;

LscCliFollow *lsc_cli_follow_new (void);
void lsc_cli_follow_free (LscCliFollow *cf);
/* One -z argument.  Returns TRUE when it is a follow form and was taken;
 * FALSE with error set when it is a follow form with a bad value; FALSE
 * without error when it is not a follow form (another -z reader's). */
gboolean lsc_cli_follow_take (LscCliFollow *cf, const char *arg, GError **error);
/* TRUE when some -z follow was taken. */
gboolean lsc_cli_follow_active (const LscCliFollow *cf);
/* Every frame, in order, right after the analysis (conv may be streaming;
 * NULL without analysis).  Returns FALSE when the packet lines are replaced. */
gboolean lsc_cli_follow_packet (LscCliFollow *cf, const LscConv *conv, const LscTree *t);
/* After the last frame: append each followed stream to out.  Returns FALSE
 * after printing a one-line error (no such stream). */
gboolean lsc_cli_follow_report (LscCliFollow *cf, GString *out);

G_END_DECLS

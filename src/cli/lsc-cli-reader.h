/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-cli-reader.h — decode a capture file on two threads, frames in order
 *
 * Decoding is most of a summary pass and each frame decodes on its own;
 * what must see the frames in order (the conversation analysis, the filter,
 * the output) must not run twice at once.  So two threads take turns on
 * batches of frames: each reads the next batch (reading is in order, under a
 * lock), decodes it into its own trees, then waits for its turn and hands
 * the trees to the caller's function one by one.  While one thread is
 * handing its batch over, the other decodes the next one.
 */
#pragma once

#include <glib.h>
#include "capture/lsc-capture-file.h"
#include "core/lsc-dissect.h"

G_BEGIN_DECLS

/* Called once per frame, in capture order, never twice at once (but from
 * either thread).  Returns FALSE to stop reading (-c reached, output gone). */
typedef gboolean (*LscCliFrameFunc) (gpointer data, LscTree *tree);

/* Read f to its end, decoding with opt (summary_only trees when asked) and
 * passing every frame to func.  Returns 0 at the end of the file or when
 * func stopped, -1 when the file is damaged (error says how; every frame
 * before the damage has been passed on). */
int lsc_cli_read_parallel (LscCaptureFile *f, const LscDissectOptions *opt, gboolean summary_only,
                           LscCliFrameFunc func, gpointer data, GError **error);

G_END_DECLS

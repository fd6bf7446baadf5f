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
 *
 * Formatting a frame's text (-V, JSON) costs as much as decoding it and
 * needs only the frame's tree once the in-order step has annotated it; so
 * the function only decides (and notes) what is shown, each thread then
 * formats its own batch side by side with the other, and the batches'
 * texts are written out in capture order, again one thread at a time.
 */
#pragma once

#include <glib.h>
#include "capture/lsc-capture-file.h"
#include "core/lsc-dissect.h"

G_BEGIN_DECLS

/* What the in-order step tells the formatting of one frame. */
typedef struct {
  gboolean show;           /* format this frame (LscCliFormatFunc) */
  guint64 shown_before;    /* frames shown before it */
  gint64 prev_shown_ns;    /* the time of the frame shown before it */
} LscCliFrameNote;

/* Called once per frame, in capture order, never twice at once (but from
 * either thread): analyse, filter, fill note; text that must be made in
 * order (it uses state the calls share) goes to early, which comes out
 * before the frame's formatted text.  Returns FALSE to stop reading after
 * this frame (-c reached, output gone). */
typedef gboolean (*LscCliFrameFunc) (gpointer data, LscTree *tree, LscCliFrameNote *note, GString *early);
/* Called for each frame whose note says show, after LscCliFrameFunc, on
 * either thread and at the same time as LscCliFrameFunc runs on the other
 * one for later frames: append the frame's text to out reading only the
 * tree, the note and what does not change while reading. */
typedef void (*LscCliFormatFunc) (gpointer data, const LscTree *tree, const LscCliFrameNote *note, GString *out);
/* The text of a run of frames, in capture order, never twice at once.
 * Returns FALSE when the output failed (nothing more is written). */
typedef gboolean (*LscCliWriteFunc) (gpointer data, const char *text, gsize len);

/* Read f to its end, decoding with opt (summary_only trees when asked),
 * passing every frame to func, formatting the shown ones with format and
 * writing their text with write.  Returns 0 at the end of the file or when
 * func or write stopped, -1 when the file is damaged (error says how; every
 * frame before the damage has been passed on). */
int lsc_cli_read_parallel (LscCaptureFile *f, const LscDissectOptions *opt, gboolean summary_only,
                           LscCliFrameFunc func, LscCliFormatFunc format, LscCliWriteFunc write,
                           gpointer data, GError **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-frame.h — frame-level facts computed after all layers are decoded */
#pragma once

#include "lsc-tree.h"

G_BEGIN_DECLS

/* Adds frame.protocols and the frame size analysis; called at the end of lsc_dissect(). */
void lsc_proto_frame_finish (LscTree *t);
/* Rewrite frame.protocols after an analysis added headers to the tree (a
 * reassembled datagram's). */
void lsc_proto_frame_refresh (LscTree *t);

G_END_DECLS

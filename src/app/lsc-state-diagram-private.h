/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-state-diagram-private.h — for the tests: the figure's layout checked */
#pragma once

#include "lsc-state-diagram.h"

G_BEGIN_DECLS

/* Overlaps in the figure as laid out in the running language: texts over
 * texts or boxes, lines through boxes, texts or the RST note, lines
 * crossing, anything outside the drawing.  One sentence each; empty when
 * the layout is clean.  Free with g_ptr_array_unref(). */
GPtrArray *lsc_state_diagram_layout_problems (LscStateDiagram *self);

G_END_DECLS

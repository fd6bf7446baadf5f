/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-lessons.h — the bundled captures as numbered lessons, in the course's order
 *
 * Each lesson names a bundled capture, the packet to open it at (the first
 * match of a display filter), whether the flow panel shows, and two or three
 * lines of what to look for.  The start page lists them; the window opens
 * one and shows its lines above the packet list.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint number;            /* 1.. */
  const char *file;        /* in the captures folder */
  const char *title;       /* translatable (N_) */
  const char *filter;      /* display filter: the lesson opens at its first match */
  gboolean flow;           /* show the flow panel */
  const char *look_for;    /* translatable (N_) */
} LscLesson;

guint lsc_lessons_count (void);
/* Lesson i (0-based), NULL past the end. */
const LscLesson *lsc_lessons_nth (guint i);
/* The lesson with that number, or NULL. */
const LscLesson *lsc_lessons_find (guint number);

G_END_DECLS

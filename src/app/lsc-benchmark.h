/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-benchmark.h — --benchmark-open and --screenshot: drive a window, measure, quit */
#pragma once

#include "lsc-window.h"

G_BEGIN_DECLS

/* Open file in w and print: first rows visible, fully indexed, resident
 * memory, scroll to the end and select the last packet; with flow_stream >= 0
 * also how long the flow panel takes to show TCP stream flow_stream and to
 * scroll to its end; then quit. */
void lsc_benchmark_run (LscWindow *w, GFile *file, gint flow_stream);
/* Once w's capture is loaded and analysed: select the first TCP packet (a SYN if there is
 * one) and its TCP header, save the window to path, quit. */
void lsc_benchmark_screenshot (LscWindow *w, const char *path);
/* Once window has drawn a few frames: save it to path, quit (--subnet --screenshot). */
void lsc_benchmark_screenshot_window (GtkWindow *window, const char *path);
/* Select the first TCP packet and its TCP header node; FALSE when there is none. */
gboolean lsc_benchmark_select_tcp (LscWindow *w);
/* 0, or 1 once a benchmark or screenshot failed (main's exit status). */
int lsc_benchmark_get_status (void);
/* Print one line and make the exit status non-zero. */
void lsc_benchmark_fail (const char *message);
/* Resident memory of this process in bytes (0 when unknown). */
gsize lsc_benchmark_rss (void);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-craft-loop.h — the main-loop pieces the craft session and connect share
 *
 * Both are plain structs driven by GLib sources on one context, and both let
 * their callback free them: a guard counts the dispatches under way and the
 * object is freed when the last one ends.
 */
#pragma once

#include <glib.h>
#include <glib-unix.h>

G_BEGIN_DECLS

GSource *lsc_craft_loop_timeout (GMainContext *ctx, double seconds, GSourceFunc func, gpointer data);
GSource *lsc_craft_loop_idle (GMainContext *ctx, GSourceFunc func, gpointer data);
GSource *lsc_craft_loop_fd (GMainContext *ctx, int fd, GIOCondition cond, GUnixFDSourceFunc func, gpointer data);
/* Destroys and forgets *src (NULL is fine). */
void lsc_craft_loop_drop (GSource **src);

typedef struct {
  guint busy;
  gboolean dead;   /* freed while busy: free on the way out */
} LscCraftGuard;

static inline void
lsc_craft_guard_enter (LscCraftGuard *g)
{
  g->busy++;
}

/* TRUE when the object must be freed now. */
static inline gboolean
lsc_craft_guard_leave (LscCraftGuard *g)
{
  return --g->busy == 0 && g->dead;
}

/* TRUE when the object can be freed at once; else it is marked for later. */
static inline gboolean
lsc_craft_guard_free_now (LscCraftGuard *g)
{
  g->dead = TRUE;
  return g->busy == 0;
}

G_END_DECLS

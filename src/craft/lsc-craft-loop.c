/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-craft-loop.c — sources attached to one main context */
#include "lsc-config.h"
#include "craft/lsc-craft-loop.h"

static GSource *
attach (GMainContext *ctx, GSource *src, GSourceFunc func, gpointer data)
{
  g_source_set_callback (src, func, data, NULL);
  g_source_attach (src, ctx);
  return src;
}

GSource *
lsc_craft_loop_timeout (GMainContext *ctx, double seconds, GSourceFunc func, gpointer data)
{
  return attach (ctx, g_timeout_source_new ((guint) CLAMP (seconds * 1000.0 + 0.5, 0.0, (double) G_MAXUINT)), func,
                 data);
}

GSource *
lsc_craft_loop_idle (GMainContext *ctx, GSourceFunc func, gpointer data)
{
  return attach (ctx, g_idle_source_new (), func, data);
}

GSource *
lsc_craft_loop_fd (GMainContext *ctx, int fd, GIOCondition cond, GUnixFDSourceFunc func, gpointer data)
{
  return attach (ctx, g_unix_fd_source_new (fd, cond), (GSourceFunc) (void (*) (void)) func, data);
}

void
lsc_craft_loop_drop (GSource **src)
{
  if (*src)
    {
      g_source_destroy (*src);
      g_source_unref (*src);
      *src = NULL;
    }
}

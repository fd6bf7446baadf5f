/* lsc-gui-test.h — what the in-process GUI tests share: running the main loop */
#pragma once

#include <gtk/gtk.h>

/* Run the main loop until cond() holds; fail the test after timeout_s. */
static inline void
lsc_gui_wait_for (gboolean (*cond) (void), const char *what, guint timeout_s)
{
  gint64 end = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;
  while (!cond ())
    {
      if (g_get_monotonic_time () > end)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Run the main loop for ms milliseconds (animations, idles, redraws). */
static inline void
lsc_gui_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;
  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

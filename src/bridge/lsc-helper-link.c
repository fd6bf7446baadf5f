/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-helper-link.c — a craft link through the capture helper
 *
 * The one place that knows both src/capture (the helper's stream, which
 * sends and captures for a process without CAP_NET_RAW) and src/craft (the
 * link the craft session and the connect demo read and send through), so
 * that neither library reaches into the other.  The CLI and the app both
 * hand lsc_helper_craft_link to the craft objects as their link fallback.
 */
#include "bridge/lsc-helper-link.h"
#include "capture/lsc-capture-file.h"
#include "capture/lsc-source.h"

static gboolean
source_send (gpointer data, const guint8 *frame, gsize len, GError **error)
{
  return lsc_source_inject (data, frame, len, error);
}

static int
source_next (gpointer data, int timeout_ms, LscPacket *pkt, GError **error)
{
  switch (lsc_source_next (data, pkt, timeout_ms, error))
    {
    case LSC_SOURCE_PACKET:
      return 1;
    case LSC_SOURCE_TIMEOUT:
      return 0;
    case LSC_SOURCE_END:
      g_set_error (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_FAILED, "the capture stopped");
      return -1;
    default:
      return -1;
    }
}

static int
source_get_fd (gpointer data)
{
  return lsc_source_get_fd (data);
}

static const LscCraftLinkBackend source_backend = {
  source_send, source_next, source_get_fd, (GDestroyNotify) lsc_source_close,
};

LscCraftLink *
lsc_helper_craft_link (const LscCraftIface *ifc, gpointer data, GError **error)
{
  (void) data;
  LscLiveOptions o;
  lsc_live_options_init (&o);
  o.iface = ifc->name;
  o.promisc = FALSE;
  o.save = FALSE;
  g_autoptr (GError) helper_err = NULL;
  LscSource *src = lsc_source_open_live (&o, &helper_err);
  if (!src)
    {
      /* The helper lacks the capability too: the direct path's advice stands. */
      if (g_error_matches (helper_err, LSC_CAPTURE_ERROR, LSC_CAPTURE_ERROR_PRIVILEGE))
        g_set_error_literal (error, LSC_CRAFT_ERROR, LSC_CRAFT_ERROR_PERMISSION, helper_err->message);
      else
        g_propagate_error (error, g_steal_pointer (&helper_err));
      return NULL;
    }
  return lsc_craft_link_new_with_backend (ifc, &source_backend, src);
}

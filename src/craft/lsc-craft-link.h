/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-craft-link.h — putting crafted frames on one interface and watching it
 *
 * The direct path, for a process that holds CAP_NET_RAW: frames are written
 * with libnet at the link layer and every frame on the interface (both
 * directions, so the kernel's own answers too) is read back from a packet
 * socket with kernel timestamps.  Everything that sends goes through
 * lsc_craft_link_send(), so another way of sending can take its place.
 */
#pragma once

#include <glib.h>
#include "lsc-config.h"
#include "craft/lsc-craft.h"
#include "core/lsc-packet.h"

G_BEGIN_DECLS

typedef struct _LscCraftLink LscCraftLink;

/* Fails with LSC_CRAFT_ERROR_PERMISSION (and what to do) without CAP_NET_RAW. */
LscCraftLink *lsc_craft_link_open (const LscCraftIface *iface, GError **error);
void lsc_craft_link_free (LscCraftLink *l);

/* Another way to reach the wire, e.g. the capture helper for a process
 * without privileges (src/capture provides one; craft does not depend on it). */
typedef struct {
  gboolean (*send) (gpointer data, const guint8 *frame, gsize len, GError **error);
  /* 1 with a frame (valid until the next call), 0 when timeout_ms passed (0: none
   * queued now), -1 on error. */
  int (*next) (gpointer data, int timeout_ms, LscPacket *pkt, GError **error);
  int (*get_fd) (gpointer data);
  GDestroyNotify free;
} LscCraftLinkBackend;

/* Frames from a backend carry no direction: those whose Ethernet source is
 * the interface's own MAC count as outgoing.  Takes ownership of data. */
LscCraftLink *lsc_craft_link_new_with_backend (const LscCraftIface *iface, const LscCraftLinkBackend *backend,
                                               gpointer data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LscCraftLink, lsc_craft_link_free)

/* Send one frame; *sent_ns (may be NULL) is the wall-clock time just before. */
gboolean lsc_craft_link_send (LscCraftLink *l, GBytes *frame, gint64 *sent_ns, GError **error);

/* The next frame seen on the interface, without waiting: 1 with a frame
 * (pkt->data valid until the next call), 0 when none is queued, -1 on error.
 * Read until 0 once the descriptor is readable: a backend may hold several
 * frames behind one wake-up. */
int lsc_craft_link_read (LscCraftLink *l, LscPacket *pkt, gboolean *outgoing, GError **error);

/* For a main-loop watch (or poll()): readable when a frame waits. */
int lsc_craft_link_get_fd (LscCraftLink *l);
const LscCraftIface *lsc_craft_link_get_iface (LscCraftLink *l);

/* Another way to open a link, tried when this process may not open packet
 * sockets itself.  It fails with LSC_CRAFT_ERROR_PERMISSION when it cannot
 * help either (then the direct path's message, which says what to do, is kept). */
typedef LscCraftLink *(*LscCraftLinkFallback) (const LscCraftIface *iface, gpointer data, GError **error);

/* Directly when this process may, otherwise through fallback (may be NULL). */
LscCraftLink *lsc_craft_link_open_any (const LscCraftIface *iface, LscCraftLinkFallback fallback, gpointer data,
                                       GError **error);

/* The message for a missing privilege, shared by everything that sends. */
#define LSC_CRAFT_PRIVILEGE_HINT \
  "sending and capturing need CAP_NET_RAW: run as root (sudo), or install layerscope-capture with " \
  "capabilities (packages do; a source build with -Dhelper_caps=true) and join its group " \
  "(sudo usermod -aG " LSC_HELPER_GROUP " $USER, then log in again)"

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-iface.h — the interfaces a live capture can be started on */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  LSC_IFACE_UP       = 1 << 0,
  LSC_IFACE_RUNNING  = 1 << 1,  /* up and the link is connected */
  LSC_IFACE_LOOPBACK = 1 << 2,
  LSC_IFACE_WIRELESS = 1 << 3,
  LSC_IFACE_ANY      = 1 << 4,  /* the pseudo-interface "any" */
} LscIfaceFlags;

typedef struct {
  char *name;
  char *description;    /* NULL when the system has none */
  guint flags;          /* LscIfaceFlags */
  int linktype;         /* LINKTYPE_ number frames captured here carry, -1 unknown */
  guint8 hwaddr[6];     /* MAC address, all zero when none */
  gboolean has_hwaddr;
  int ifindex;          /* 0 when unknown */
  GPtrArray *addresses; /* char *, "198.18.0.1/24" or "fd00::1/64" */
} LscIface;

void lsc_iface_free (LscIface *iface);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LscIface, lsc_iface_free)

/* Every interface libpcap can open, in its order, "any" included.
 * Works without privileges.  The array frees its elements. */
GPtrArray *lsc_iface_list (GError **error);

/* One interface by name, or NULL with LSC_CAPTURE_ERROR_DEVICE. */
LscIface *lsc_iface_lookup (const char *name, GError **error);

/* "UP,RUNNING,LOOPBACK" style text for flags. */
char *lsc_iface_flags_to_string (guint flags);

G_END_DECLS

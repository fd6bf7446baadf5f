/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-craft-connect.h — an ordinary TCP connection, watched on the wire
 *
 * The counterpart of crafting: here the kernel builds every segment.  A
 * connect run opens a socket to HOST:PORT (socket, connect, optionally send
 * a message, read what the server says for a while, close); a listen run
 * accepts one connection on a port (accept, read, optionally answer, close).
 * Meanwhile the interface is captured, and every segment of that connection
 * is told with the role the core's TCP state machine gives it and the socket
 * call that put it on the wire.  Everything runs from main-loop sources (the
 * socket and the link are non-blocking), each step bounded in time.
 *
 * Events, in order: SEGMENT (any time), then ESTABLISHED, SENT, RECEIVED …,
 * PEER_CLOSED, CLOSING; or FAILED / TIMED_OUT / ERROR instead; FINISHED last.
 */
#pragma once

#include <glib.h>
#include "craft/lsc-craft.h"
#include "craft/lsc-craft-link.h"
#include "core/lsc-conv.h"
#include "core/lsc-tree.h"

G_BEGIN_DECLS

typedef struct _LscCraftConnect LscCraftConnect;

typedef enum {
  LSC_CRAFT_CONNECT_SEGMENT,      /* a segment of the connection was seen */
  LSC_CRAFT_CONNECT_ESTABLISHED,  /* connect() returned 0 / accept() returned (peer known) */
  LSC_CRAFT_CONNECT_FAILED,       /* connect() failed: ev->errnum */
  LSC_CRAFT_CONNECT_TIMED_OUT,    /* connect() or accept() did not finish in time */
  LSC_CRAFT_CONNECT_SENT,         /* send() returned ev->bytes */
  LSC_CRAFT_CONNECT_RECEIVED,     /* recv() returned ev->bytes (> 0) */
  LSC_CRAFT_CONNECT_PEER_CLOSED,  /* recv() returned ev->bytes (<= 0): the peer closed its side */
  LSC_CRAFT_CONNECT_CLOSING,      /* close(): ev->total bytes were received */
  LSC_CRAFT_CONNECT_ERROR,        /* watching the interface failed (ev->error) */
  LSC_CRAFT_CONNECT_FINISHED,     /* ev->closed: the teardown was seen complete; ev->segments */
} LscCraftConnectEventKind;

typedef struct {
  LscCraftConnectEventKind kind;
  /* SEGMENT */
  const LscTree *tree;            /* decoded, valid during the callback */
  gboolean from_local;            /* sent by this machine's socket */
  gboolean from_client;           /* sent by the side that connected */
  LscConvRole role;
  LscTcpState client_state, server_state;  /* after this segment */
  const char *cause;              /* the socket call (or kernel step) behind it, or NULL */
  const char *call;               /* the call alone ("connect()", "accept()", "send()", "close()"),
                                   * NULL for the kernel's own segments (ACKs, the SYN-ACK) */
  /* the rest */
  gssize bytes;
  guint64 total;
  int errnum;
  const GError *error;
  gboolean closed;
  guint64 segments;
} LscCraftConnectEvent;

typedef void (*LscCraftConnectFunc) (LscCraftConnect *conn, const LscCraftConnectEvent *event, gpointer data);

LscCraftConnect *lsc_craft_connect_new (void);
/* May be called from the object's own callback. */
void lsc_craft_connect_free (LscCraftConnect *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LscCraftConnect, lsc_craft_connect_free)

void lsc_craft_connect_set_handler (LscCraftConnect *c, LscCraftConnectFunc handler, gpointer data);
void lsc_craft_connect_set_link_fallback (LscCraftConnect *c, LscCraftLinkFallback fallback, gpointer data);
/* Seconds allowed for connecting (or for a client to come) and for closing (3). */
void lsc_craft_connect_set_timeout (LscCraftConnect *c, double seconds);
/* Seconds to wait for the peer's data before closing (1). */
void lsc_craft_connect_set_wait (LscCraftConnect *c, double seconds);
/* Sent once connected (connect) or after the first data received (listen). */
void lsc_craft_connect_set_message (LscCraftConnect *c, const char *text);

/* The interface to watch: iface by name, or (NULL) the route's to remote.
 * LSC_CRAFT_ERROR_NO_IFACE when there is none. */
gboolean lsc_craft_connect_set_interface (LscCraftConnect *c, const char *iface, guint32 remote, GError **error);
const LscCraftIface *lsc_craft_connect_get_iface (LscCraftConnect *c);

/* Opens the link and the socket and starts connecting (remote in network
 * order); returns at once.  Fails for the link (LSC_CRAFT_ERROR_PERMISSION)
 * or when the kernel refuses at once (socket(), connect()). */
gboolean lsc_craft_connect_start (LscCraftConnect *c, guint32 remote, guint16 port, GError **error);
/* Listens on port (all addresses) and accepts one connection. */
gboolean lsc_craft_connect_listen (LscCraftConnect *c, guint16 port, GError **error);

/* The socket's own address (network order) and port, once started. */
guint32 lsc_craft_connect_get_local_address (LscCraftConnect *c);
guint16 lsc_craft_connect_get_local_port (LscCraftConnect *c);
gboolean lsc_craft_connect_is_running (LscCraftConnect *c);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-cli-live.h — layerscope-cli -D and -i: interface list and live capture */
#pragma once

#include <glib.h>
#include "core/lsc-packet.h"

G_BEGIN_DECLS

typedef struct {
  char *iface;         /* -i */
  char *filter;        /* -f, BPF */
  char *write_file;    /* -w; NULL: a temporary file, reported at the end */
  char *autostop;      /* -a duration:S */
  gint snaplen;        /* -s */
  gboolean no_promisc; /* -p */
  gboolean list;       /* -D */
} LscCliLiveOptions;

/* Called for each packet, and with pkt NULL when the capture is idle (a
 * good moment to flush output).  Returns FALSE to stop. */
typedef gboolean (*LscCliPacketFunc) (gpointer user_data, const LscPacket *pkt);

void lsc_cli_live_options_clear (LscCliLiveOptions *o);

/* -D: prints the interfaces; returns the exit status. */
int lsc_cli_list_interfaces (void);

/* -i: captures until func returns FALSE, the duration ends, SIGINT/SIGTERM,
 * or an error; prints statistics and where the capture was saved on stderr.
 * Returns the exit status (0, 1 capture failed, 2 bad option value). */
int lsc_cli_run_live (const LscCliLiveOptions *o, LscCliPacketFunc func, gpointer user_data);

G_END_DECLS

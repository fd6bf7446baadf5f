/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-lab.h — the classroom lab's topology as data
 *
 * `layerscope-cli lab up` (root) builds the lab and writes its topology to a
 * file under /run/layerscope-lab/; the app (never root) reads it and finds
 * which host it runs in by comparing network namespaces, so it can draw the
 * lab and offer its links and addresses.  The file is a GKeyFile:
 *
 *   [lab]            prefix=lsc-lab-  hosts=h1;h2;h3;r1
 *   [host h1]        netns=lsc-lab-h1  router=false  gateway=198.18.1.1  interfaces=eth0
 *   [interface h1 eth0]  mac=02:00:00:00:01:11  net=198.18.1.0/24  addresses=198.18.1.11/24;fd00:1::11/64
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *name;       /* eth0, br0 */
  char *mac;
  char *net;        /* the subnet it is on, "198.18.1.0/24": the link it shares */
  char **addresses; /* "198.18.1.11/24", "fd00:1::11/64" */
} LscLabIface;

typedef struct {
  char *name;       /* h1 */
  char *netns;      /* lsc-lab-h1 */
  gboolean router;
  char *gateway;    /* IPv4 default route, NULL for a router */
  GPtrArray *ifaces; /* LscLabIface */
} LscLabHost;

typedef struct {
  char *prefix;
  GPtrArray *hosts; /* LscLabHost */
} LscLab;

/* The classroom lab `layerscope-cli lab up` builds: hosts h1 and h2 on
 * 198.18.1.0/24, h3 on 198.19.2.0/24, router r1 between them. */
typedef struct {
  const char *host;     /* h1, h2, h3, r1 */
  const char *iface;    /* eth0 (router: br0, its bridge for the first subnet) */
  const char *mac;      /* of iface */
  const char *net;      /* the subnet iface is on */
  const char *addr4;    /* address on its first subnet */
  const char *gw4;      /* default route; NULL for the router */
  const char *addr6, *gw6;
  /* The router's side on the second subnet */
  const char *iface2, *mac2, *net2, *more;
} LscLabHostDef;

#define LSC_LAB_CLASSROOM_N 4
extern const LscLabHostDef lsc_lab_classroom[LSC_LAB_CLASSROOM_N];

/* The classroom lab as topology data, its namespaces named PREFIXhost. */
LscLab *lsc_lab_new_classroom (const char *prefix);

LscLab *lsc_lab_new (const char *prefix);
void lsc_lab_free (LscLab *lab);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LscLab, lsc_lab_free)

LscLabHost *lsc_lab_add_host (LscLab *lab, const char *name, gboolean router, const char *gateway);
/* addresses: whitespace-separated. */
LscLabIface *lsc_lab_host_add_iface (LscLabHost *host, const char *name, const char *mac, const char *net,
                                     const char *addresses);
const LscLabHost *lsc_lab_find_host (const LscLab *lab, const char *name);

/* The subnets of the lab in the order they first appear. */
GPtrArray *lsc_lab_nets (const LscLab *lab);
/* The first IPv4 address of iface without its prefix length (newly allocated), NULL without one. */
char *lsc_lab_iface_ipv4 (const LscLabIface *iface);
/* A host that is not a router and shares no subnet with from (a ping to it
 * crosses a router), NULL when there is none. */
const LscLabHost *lsc_lab_far_host (const LscLab *lab, const LscLabHost *from);

/* The file's text, and the lab read back from it (a clear error for a file
 * that is not one). */
char *lsc_lab_to_data (const LscLab *lab);
LscLab *lsc_lab_from_data (const char *data, gsize len, GError **error);
LscLab *lsc_lab_load (const char *path, GError **error);

/* Where lab files live: $LSC_LAB_DIR, else /run/layerscope-lab. */
char *lsc_lab_dir (void);
/* The file of the lab whose namespaces start with prefix. */
char *lsc_lab_file_for_prefix (const char *prefix);
/* The lab this process runs in and its host there (its network namespace is
 * one a lab file names), NULL when it runs in none. */
LscLab *lsc_lab_find_current (const LscLabHost **host);

G_END_DECLS

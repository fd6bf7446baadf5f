/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-pcap-open.h — open a live libpcap handle the one Layerscope way
 *
 * Plain C (no GLib) so the privileged helper and the in-process live source
 * share the options, the filter handling and the classification of errors
 * (above all: "no permission" is told apart from everything else, because
 * it is the one error answered by starting the helper).
 */
#pragma once

#include <pcap/pcap.h>
#include <stddef.h>

typedef enum {
  LSC_PCAP_OPEN_OK = 0,
  LSC_PCAP_OPEN_NOPRIV,    /* no CAP_NET_RAW (or CAP_NET_ADMIN for promiscuous mode) */
  LSC_PCAP_OPEN_NODEV,     /* no such interface, or it is down */
  LSC_PCAP_OPEN_FILTER,    /* the BPF filter does not compile */
  LSC_PCAP_OPEN_OTHER,
} LscPcapOpenStatus;

typedef struct {
  const char *iface;       /* name, or "any" */
  const char *filter;      /* BPF text, NULL or "" for none */
  int snaplen;             /* 0: LSC_HELPER_DEFAULT_SNAPLEN */
  int promisc;             /* nonzero: promiscuous mode */
  int buffer_bytes;        /* kernel ring size, 0: LSC_PCAP_DEFAULT_BUFFER */
  int latency_ms;          /* 0: LSC_PCAP_DEFAULT_LATENCY_MS; <0: libpcap's immediate mode */
} LscPcapParams;

/* Frames reach the reader at most this late.  libpcap's immediate mode
 * switches Linux to TPACKET_V2, whose ring has one slot per snap length
 * (64 slots for 262144 bytes in 16 MiB): a burst of small frames then drops
 * most of them.  TPACKET_V3 packs small frames tightly; its block timeout
 * trades wake-ups for promptness: 1 ms cost a 60-byte flood a third of its
 * rate on a busy two-core machine, 10 ms is still instant to a person. */
#define LSC_PCAP_DEFAULT_LATENCY_MS 10

/* Big enough that a burst of small frames at several hundred thousand per
 * second does not overflow between two reads; tcpdump's default is 2 MiB. */
#define LSC_PCAP_DEFAULT_BUFFER (16 * 1024 * 1024)

/* Bigger capture filters are refused (libpcap needs seconds to minutes,
 * and sometimes gigabytes, to optimise a few hundred terms). */
#define LSC_PCAP_MAX_FILTER_LEN 4096
#define LSC_PCAP_MAX_FILTER_TERMS 128

/* Opens, activates (frames within LSC_PCAP_DEFAULT_LATENCY_MS, nanosecond timestamps when the kernel
 * offers them) and installs the filter.  On failure returns NULL, sets
 * *status and writes one sentence (naming the interface) into msg. */
pcap_t *lsc_pcap_open_live (const LscPcapParams *params, LscPcapOpenStatus *status,
                            char *msg, size_t msglen);

/* Compiles and installs filter on an open handle; needs no privilege, so
 * the helper parses the filter text only after dropping its capabilities.
 * Returns 0 or -1 with one sentence in msg. */
int lsc_pcap_apply_filter (pcap_t *p, const char *iface, const char *filter, char *msg, size_t msglen);

/* Compiles filter for linktype without any device (pcap_open_dead): lets a
 * filter be checked before, or without, privileges.  Returns 0 or -1 with
 * the compiler's reason in msg. */
int lsc_pcap_check_filter (int linktype, int snaplen, const char *filter, char *msg, size_t msglen);

/* The LINKTYPE_ value stored in files for a handle's DLT_ value. */
int lsc_pcap_file_linktype (pcap_t *p);

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-pcap-open.c — open a live libpcap handle (shared with the helper) */
#include "lsc-pcap-open.h"
#include "lsc-helper-proto.h"

#include <stdio.h>
#include <string.h>

static int
is_word_char (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

/* Number of and/or operators in a BPF filter ("and", "or", "&&", "||"). */
static int
count_operators (const char *filter)
{
  int n = 0;
  for (const char *c = filter; *c; c++)
    {
      if ((c[0] == '&' && c[1] == '&') || (c[0] == '|' && c[1] == '|'))
        {
          n++;
          c++;
          continue;
        }
      int start = c == filter || !is_word_char (c[-1]);
      if (!start)
        continue;
      size_t w = strncmp (c, "and", 3) == 0 ? 3 : strncmp (c, "or", 2) == 0 ? 2 : 0;
      if (w && !is_word_char (c[w]))
        n++;
    }
  return n;
}

static int
compile_and_set (pcap_t *p, const char *filter, char *msg, size_t msglen, const char *iface)
{
  struct bpf_program prog;
  /* libpcap's optimiser is far worse than linear in the number of terms:
   * 300 "host" terms took 5.6 s, 500 took 17 s, and some shapes grow to
   * gigabytes.  Refuse big filters up front, in every program that
   * compiles one (the helper included); there is no way to stop
   * pcap_compile() once it has started. */
  if (strlen (filter) > LSC_PCAP_MAX_FILTER_LEN || count_operators (filter) >= LSC_PCAP_MAX_FILTER_TERMS)
    {
      snprintf (msg, msglen, "%s%sthe capture filter is too big to compile in reasonable time (at most %d bytes and %d terms "
                "joined by and/or); match a net or a port range instead of many hosts or ports",
                iface ? iface : "", iface ? ": " : "", LSC_PCAP_MAX_FILTER_LEN, LSC_PCAP_MAX_FILTER_TERMS);
      return -1;
    }
  if (pcap_compile (p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) < 0)
    {
      if (iface)
        snprintf (msg, msglen, "%s: the capture filter \"%s\" does not compile: %s", iface, filter, pcap_geterr (p));
      else
        snprintf (msg, msglen, "the capture filter \"%s\" does not compile: %s", filter, pcap_geterr (p));
      return -1;
    }
  int r = 0;
  if (iface && pcap_setfilter (p, &prog) < 0)
    {
      snprintf (msg, msglen, "%s: the capture filter \"%s\" cannot be installed: %s", iface, filter, pcap_geterr (p));
      r = -1;
    }
  pcap_freecode (&prog);
  return r;
}

int
lsc_pcap_apply_filter (pcap_t *p, const char *iface, const char *filter, char *msg, size_t msglen)
{
  if (!filter || !*filter)
    return 0;
  return compile_and_set (p, filter, msg, msglen, iface);
}

int
lsc_pcap_check_filter (int linktype, int snaplen, const char *filter, char *msg, size_t msglen)
{
  if (!filter || !*filter)
    return 0;
  /* pcap_open_dead speaks DLT_ values; LINKTYPE_RAW is the only one we use
   * whose number differs. */
  pcap_t *p = pcap_open_dead (linktype == 101 ? DLT_RAW : linktype,
                              snaplen > 0 ? snaplen : LSC_HELPER_DEFAULT_SNAPLEN);
  if (!p)
    {
      snprintf (msg, msglen, "cannot prepare the filter compiler");
      return -1;
    }
  int r = compile_and_set (p, filter, msg, msglen, NULL);
  pcap_close (p);
  return r;
}

int
lsc_pcap_file_linktype (pcap_t *p)
{
  int dlt = pcap_datalink (p);
  return dlt == DLT_RAW ? 101 : dlt;
}

static LscPcapOpenStatus
classify (int err)
{
  switch (err)
    {
    case PCAP_ERROR_PERM_DENIED:
    case PCAP_ERROR_PROMISC_PERM_DENIED:
      return LSC_PCAP_OPEN_NOPRIV;
    case PCAP_ERROR_NO_SUCH_DEVICE:
    case PCAP_ERROR_IFACE_NOT_UP:
      return LSC_PCAP_OPEN_NODEV;
    default:
      return LSC_PCAP_OPEN_OTHER;
    }
}

pcap_t *
lsc_pcap_open_live (const LscPcapParams *params, LscPcapOpenStatus *status, char *msg, size_t msglen)
{
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  const char *iface = params->iface;
  int snaplen = params->snaplen > 0 ? params->snaplen : LSC_HELPER_DEFAULT_SNAPLEN;

  *status = LSC_PCAP_OPEN_OTHER;
  msg[0] = '\0';
  if (!iface || !*iface)
    {
      *status = LSC_PCAP_OPEN_NODEV;
      snprintf (msg, msglen, "no interface given");
      return NULL;
    }
  if (snaplen < LSC_HELPER_MIN_SNAPLEN || snaplen > LSC_HELPER_MAX_SNAPLEN)
    {
      snprintf (msg, msglen, "snap length %d is outside %d..%d", snaplen,
                LSC_HELPER_MIN_SNAPLEN, LSC_HELPER_MAX_SNAPLEN);
      return NULL;
    }
  pcap_t *p = pcap_create (iface, errbuf);
  if (!p)
    {
      snprintf (msg, msglen, "%s: %s", iface, errbuf);
      return NULL;
    }
  pcap_set_snaplen (p, snaplen);
  pcap_set_promisc (p, params->promisc ? 1 : 0);
  if (params->latency_ms < 0)
    pcap_set_immediate_mode (p, 1);
  else
    pcap_set_timeout (p, params->latency_ms ? params->latency_ms : LSC_PCAP_DEFAULT_LATENCY_MS);
  pcap_set_buffer_size (p, params->buffer_bytes > 0 ? params->buffer_bytes : LSC_PCAP_DEFAULT_BUFFER);
  /* Not every platform offers nanoseconds; microseconds are fine then. */
  pcap_set_tstamp_precision (p, PCAP_TSTAMP_PRECISION_NANO);

  int r = pcap_activate (p);
  if (r < 0)
    {
      *status = classify (r);
      switch (*status)
        {
        case LSC_PCAP_OPEN_NOPRIV:
          snprintf (msg, msglen, "%s: %s", iface, LSC_HELPER_NOPRIV_HINT);
          break;
        case LSC_PCAP_OPEN_NODEV:
          snprintf (msg, msglen, r == PCAP_ERROR_IFACE_NOT_UP
                    ? "%s: the interface is down" : "%s: no such interface (see layerscope-cli -D)", iface);
          break;
        default:
          snprintf (msg, msglen, "%s: cannot capture: %s", iface, pcap_geterr (p));
          break;
        }
      pcap_close (p);
      return NULL;
    }
  if (lsc_pcap_apply_filter (p, iface, params->filter, msg, msglen) < 0)
    {
      *status = LSC_PCAP_OPEN_FILTER;
      pcap_close (p);
      return NULL;
    }
  *status = LSC_PCAP_OPEN_OK;
  return p;
}

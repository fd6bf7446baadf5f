/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-tcp-flags.c — the one table of TCP flag names and letters */
#include "lsc-tcp-flags.h"

const LscTcpFlag lsc_tcp_flags[LSC_TCP_N_FLAGS] = {
  { "FIN", 'F' }, { "SYN", 'S' }, { "RST", 'R' }, { "PSH", 'P' }, { "ACK", 'A' },
  { "URG", 'U' }, { "ECE", 'E' }, { "CWR", 'C' }, { "AE", 'A' },
};

const guint8 lsc_tcp_flag_spoken_order[8] = { 1, 0, 2, 3, 4, 5, 6, 7 };

const char *
lsc_tcp_flag_name (guint bit)
{
  return bit < LSC_TCP_N_FLAGS ? lsc_tcp_flags[bit].name : "?";
}

gboolean
lsc_tcp_flags_from_letters (const char *text, guint16 *out)
{
  guint16 flags = 0;
  for (const char *p = text; p && *p; p++)
    {
      guint bit;
      /* The eight classic flags only: AE's 'A' would be ACK's. */
      for (bit = 0; bit < 8; bit++)
        if (g_ascii_toupper (*p) == lsc_tcp_flags[bit].letter)
          break;
      if (bit == 8)
        return FALSE;
      flags |= (guint16) (1u << bit);
    }
  *out = flags;
  return TRUE;
}

void
lsc_tcp_flags_to_letters (guint16 flags, char *buf)
{
  guint n = 0;
  for (guint i = 0; i < G_N_ELEMENTS (lsc_tcp_flag_spoken_order); i++)
    if (flags & (1u << lsc_tcp_flag_spoken_order[i]))
      buf[n++] = lsc_tcp_flags[lsc_tcp_flag_spoken_order[i]].letter;
  if (n == 0)
    buf[n++] = '-';
  buf[n] = '\0';
}

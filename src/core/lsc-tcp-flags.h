/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-tcp-flags.h — the one table of TCP flag names and letters
 *
 * The decoder's Flags line and its letter string, the ladder's arrows, the
 * CLI's reply lines and the craft form's letters all read this table, so a
 * flag is named the same everywhere.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Bits 0 FIN … 7 CWR, 8 AE (RFC 9293, RFC 3168, Accurate ECN). */
#define LSC_TCP_N_FLAGS 9

typedef struct {
  char name[4];  /* "SYN"; NUL-padded to 4 bytes ("AE") so a copy of 4 bytes is safe */
  char letter;   /* Wireshark's letter string and crafting: 'S' */
} LscTcpFlag;

extern const LscTcpFlag lsc_tcp_flags[LSC_TCP_N_FLAGS];

/* The name of TCP flag bit `bit` (0 FIN, 1 SYN … 8 AE), "?" past the table. */
const char *lsc_tcp_flag_name (guint bit);

/* The bits in the order people say them: SYN, FIN, RST, PSH, ACK, URG, ECE, CWR. */
extern const guint8 lsc_tcp_flag_spoken_order[8];

/* Letters (F S R P A U E C, either case, any order) into flag bits; FALSE at
 * a letter that names no flag.  AE has no letter of its own here ('A' is ACK). */
gboolean lsc_tcp_flags_from_letters (const char *text, guint16 *out);
/* The set flags as letters in spoken order ("SA"), "-" when none; buf holds at least 9 bytes. */
void lsc_tcp_flags_to_letters (guint16 flags, char *buf);

G_END_DECLS

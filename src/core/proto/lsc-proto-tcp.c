/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-proto-tcp.c — Transmission Control Protocol header (RFC 9293)
 *
 * The segment view arrives narrowed by the IP layer to the IP payload, so its
 * reported length is the segment length the IP header claims; the checksum is
 * verified over exactly that many bytes with the pseudo-header, and only when
 * all of them were captured.  The data offset is never trusted: below 5 or past
 * the segment it is flagged and the payload is not handed on.
 *
 * Sequence and acknowledgment numbers are shown raw here (tcp.seq = tcp.seq_raw);
 * conversation analysis may later rewrite tcp.seq/tcp.ack in place with relative
 * numbers and rebuild the Info column with lsc_tcp_format_info().
 */
#include "lsc-dissect.h"
#include "lsc-format.h"

#include <glib/gi18n-lib.h>
#include <string.h>

enum {
  F_TCP, F_SRCPORT, F_DSTPORT, F_PORT, F_LEN, F_SEQ, F_SEQ_RAW, F_ACK, F_ACK_RAW, F_HDR_LEN,
  F_FLAGS, F_FLAGS_RES, F_FLAGS_AE, F_FLAGS_CWR, F_FLAGS_ECE, F_FLAGS_URG, F_FLAGS_ACK,
  F_FLAGS_PUSH, F_FLAGS_RESET, F_FLAGS_SYN, F_FLAGS_FIN, F_FLAGS_STR, F_WINDOW, F_CHECKSUM,
  F_CHECKSUM_STATUS, F_CHECKSUM_CALC, F_URGENT, F_OPTIONS, F_OPT_KIND, F_OPT_LEN, F_OPT_EOL,
  F_OPT_NOP, F_OPT_MSS, F_OPT_MSS_VAL, F_OPT_WSCALE, F_OPT_WS_SHIFT, F_OPT_WS_MULT,
  F_OPT_SACK_PERM, F_OPT_SACK, F_OPT_SACK_LE, F_OPT_SACK_RE, F_OPT_SACK_COUNT, F_OPT_TS,
  F_OPT_TSVAL, F_OPT_TSECR, F_OPT_UNKNOWN, F_OPT_UNKNOWN_PAYLOAD, F_PAYLOAD,
};

static const LscValueString option_kinds[] = {
  { 0, N_("End of Option List (EOL)") }, { 1, N_("No-Operation (NOP)") },
  { 2, N_("Maximum Segment Size") }, { 3, N_("Window Scale") }, { 4, N_("SACK Permitted") },
  { 5, N_("SACK") }, { 8, N_("Time Stamp Option") }, { 19, N_("MD5 signature") },
  { 28, N_("User Timeout") }, { 29, N_("TCP Authentication Option") }, { 30, N_("Multipath TCP") },
  { 34, N_("TCP Fast Open Cookie") }, { 253, N_("RFC 3692-style Experiment 1") },
  { 254, N_("RFC 3692-style Experiment 2") }, { 0, NULL }
};

const LscField lsc_fields_tcp[] = {
  [F_TCP] = { "tcp", N_("Transmission Control Protocol"), LSC_FT_PROTOCOL, .layer = LSC_OSI_TRANSPORT, .short_name = "TCP",
              .blurb = N_("TCP gives two programs a reliable, ordered byte stream: it numbers every byte, acknowledges what arrived and resends what was lost (RFC 9293).") },
  [F_SRCPORT] = { "tcp.srcport", N_("Source Port"), LSC_FT_UINT, .bits = 16,
                  .blurb = N_("Port of the sending program; a client usually gets a random high (ephemeral) port from its operating system."),
                  .build_offset = 0, .build_width = 2 },
  [F_DSTPORT] = { "tcp.dstport", N_("Destination Port"), LSC_FT_UINT, .bits = 16,
                  .blurb = N_("Port of the receiving program, e.g. 80 for a web server that called bind() and listen() on it."),
                  .build_offset = 2, .build_width = 2, .build_default = "80" },
  [F_PORT] = { "tcp.port", N_("Source or Destination Port"), LSC_FT_UINT, .bits = 16,
               .blurb = N_("Either port of the segment, for filtering on one side of a connection.") },
  [F_LEN] = { "tcp.len", N_("TCP Segment Len"), LSC_FT_UINT,
              .blurb = N_("Bytes of application data in this segment: the IP payload length minus the TCP header length.") },
  [F_SEQ] = { "tcp.seq", N_("Sequence Number"), LSC_FT_UINT, .bits = 32,
              .blurb = N_("Number of the first data byte in this segment; a SYN or FIN counts as one byte, so the receiver can acknowledge it."),
              .build_offset = 4, .build_width = 4 },
  [F_SEQ_RAW] = { "tcp.seq_raw", N_("Sequence Number (raw)"), LSC_FT_UINT, .bits = 32,
                  .blurb = N_("The sequence number exactly as on the wire; each side starts from a random initial sequence number (ISN).") },
  [F_ACK] = { "tcp.ack", N_("Acknowledgment Number"), LSC_FT_UINT, .bits = 32,
              .blurb = N_("With the ACK flag: the next sequence number the sender expects, meaning every byte before it arrived."),
              .build_offset = 8, .build_width = 4, .build_default = "0" },
  [F_ACK_RAW] = { "tcp.ack_raw", N_("Acknowledgment number (raw)"), LSC_FT_UINT, .bits = 32,
                  .blurb = N_("The acknowledgment number exactly as on the wire.") },
  [F_HDR_LEN] = { "tcp.hdr_len", N_("Header Length"), LSC_FT_UINT,
                  .blurb = N_("The data offset field times four: 20 bytes without options, at most 60; the payload starts right after it."),
                  .build_offset = 12, .build_width = 1, .build_mask = 0xf0, .build_scale = 4, .build = LSC_BUILD_LENGTH },
  [F_FLAGS] = { "tcp.flags", N_("Flags"), LSC_FT_UINT, LSC_BASE_HEX, 16,
                .blurb = N_("The 12 control bits that say what the segment does: open (SYN), acknowledge (ACK), push data (PSH), close (FIN), abort (RST)."),
                .build_offset = 12, .build_width = 2, .build_mask = 0x0fff },
  [F_FLAGS_RES] = { "tcp.flags.res", N_("Reserved"), LSC_FT_BOOL, .bits = 12, .bitmask = 0xe00,
                    .blurb = N_("Three bits reserved for future use; senders must leave them zero.") },
  [F_FLAGS_AE] = { "tcp.flags.ae", N_("Accurate ECN"), LSC_FT_BOOL, .bits = 12, .bitmask = 0x100,
                   .blurb = N_("The AE bit (formerly NS, RFC 3540) used by Accurate ECN to count congestion marks.") },
  [F_FLAGS_CWR] = { "tcp.flags.cwr", N_("Congestion Window Reduced"), LSC_FT_BOOL, .bits = 12, .bitmask = 0x080,
                    .blurb = N_("The sender slowed down after an ECN congestion signal (RFC 3168).") },
  [F_FLAGS_ECE] = { "tcp.flags.ece", N_("ECN-Echo"), LSC_FT_BOOL, .bits = 12, .bitmask = 0x040,
                    .blurb = N_("On a SYN: the host supports ECN; later: a router marked a packet as congested (RFC 3168).") },
  [F_FLAGS_URG] = { "tcp.flags.urg", N_("Urgent"), LSC_FT_BOOL, .bits = 12, .bitmask = 0x020,
                    .blurb = N_("The urgent pointer field is valid; rarely used today.") },
  [F_FLAGS_ACK] = { "tcp.flags.ack", N_("Acknowledgment"), LSC_FT_BOOL, .bits = 12, .bitmask = 0x010,
                    .blurb = N_("The acknowledgment number is valid; set on every segment after the first SYN.") },
  [F_FLAGS_PUSH] = { "tcp.flags.push", N_("Push"), LSC_FT_BOOL, .bits = 12, .bitmask = 0x008,
                     .blurb = N_("Hand the data to the application now instead of waiting for more; send() usually sets it on its last segment.") },
  [F_FLAGS_RESET] = { "tcp.flags.reset", N_("Reset"), LSC_FT_BOOL, .bits = 12, .bitmask = 0x004,
                      .blurb = N_("Abort the connection at once, e.g. a connect() to a port where nothing listens gets a RST.") },
  [F_FLAGS_SYN] = { "tcp.flags.syn", N_("Syn"), LSC_FT_BOOL, .bits = 12, .bitmask = 0x002,
                    .blurb = N_("Synchronize sequence numbers: the first two segments of the three-way handshake carry it.") },
  [F_FLAGS_FIN] = { "tcp.flags.fin", N_("Fin"), LSC_FT_BOOL, .bits = 12, .bitmask = 0x001,
                    .blurb = N_("The sender has no more data (close() was called); each direction is closed by its own FIN in the four-way teardown.") },
  [F_FLAGS_STR] = { "tcp.flags.str", N_("TCP Flags"), LSC_FT_STRING,
                    .blurb = N_("All 12 flag bits as letters (Reserved, AE, CWR, ECE, URG, ACK, PSH, RST, SYN, FIN); a dot is a bit that is not set.") },
  [F_WINDOW] = { "tcp.window_size_value", N_("Window"), LSC_FT_UINT, .bits = 16,
                 .blurb = N_("How many more bytes the sender can receive right now (flow control); multiply by the window scale factor agreed in the SYNs."),
                 .build_offset = 14, .build_width = 2, .build_default = "64240" },
  [F_CHECKSUM] = { "tcp.checksum", N_("Checksum"), LSC_FT_UINT, LSC_BASE_HEX, 16,
                   .blurb = N_("Internet checksum over a pseudo-header (addresses, protocol, length), the TCP header and the data; catches corruption on the way."),
                   .build_offset = 16, .build_width = 2, .build = LSC_BUILD_CHECKSUM },
  [F_CHECKSUM_STATUS] = { "tcp.checksum.status", N_("Checksum Status"), LSC_FT_UINT, .vals = lsc_checksum_status_vals,
                          .blurb = N_("Whether the checksum matched (1 good, 0 bad, 2 not checked); 5 means not computed yet: on the sending host the field holds only the pseudo-header sum, which the network card completes later (offload).") },
  [F_CHECKSUM_CALC] = { "tcp.checksum_calculated", N_("Calculated Checksum"), LSC_FT_UINT, LSC_BASE_HEX, 16,
                        .blurb = N_("The checksum this segment should carry, computed here from its bytes.") },
  [F_URGENT] = { "tcp.urgent_pointer", N_("Urgent Pointer"), LSC_FT_UINT, .bits = 16,
                 .blurb = N_("With URG: where the urgent data ends, counted from the sequence number."),
                 .build_offset = 18, .build_width = 2, .build_default = "0" },
  [F_OPTIONS] = { "tcp.options", N_("Options"), LSC_FT_BYTES,
                  .blurb = N_("Optional settings between the fixed 20-byte header and the data, mostly agreed during the handshake.") },
  [F_OPT_KIND] = { "tcp.option_kind", N_("Kind"), LSC_FT_UINT, .vals = option_kinds,
                   .blurb = N_("Which option this is: 0 end of list, 1 padding (NOP), 2 MSS, 3 window scale, 4 SACK permitted, 5 SACK, 8 timestamps.") },
  [F_OPT_LEN] = { "tcp.option_len", N_("Length"), LSC_FT_UINT,
                  .blurb = N_("Length of the whole option in bytes, kind and length bytes included; must be at least 2.") },
  [F_OPT_EOL] = { "tcp.options.eol", N_("TCP Option - End of Option List (EOL)"), LSC_FT_NONE,
                  .blurb = N_("Marks the end of the options; the bytes after it up to the header length are padding.") },
  [F_OPT_NOP] = { "tcp.options.nop", N_("TCP Option - No-Operation (NOP)"), LSC_FT_NONE,
                  .blurb = N_("A one-byte filler that aligns the next option on a 4-byte boundary.") },
  [F_OPT_MSS] = { "tcp.options.mss", N_("TCP Option - Maximum segment size"), LSC_FT_NONE,
                  .blurb = N_("Sent in a SYN: the largest segment payload this host wants to receive, usually the MTU minus 40.") },
  [F_OPT_MSS_VAL] = { "tcp.options.mss_val", N_("MSS Value"), LSC_FT_UINT,
                      .blurb = N_("Maximum segment size in bytes: 1460 on Ethernet (1500 MTU minus 20 bytes IP and 20 bytes TCP)."),
                      .build_offset = 2, .build_width = 2, .build_default = "1460" },
  [F_OPT_WSCALE] = { "tcp.options.wscale", N_("TCP Option - Window scale"), LSC_FT_NONE,
                     .blurb = N_("Sent in a SYN: lets windows grow beyond 65535 bytes by shifting the window field left (RFC 7323).") },
  [F_OPT_WS_SHIFT] = { "tcp.options.wscale.shift", N_("Shift count"), LSC_FT_UINT,
                       .blurb = N_("How many bits the window field is shifted left in later segments; at most 14."),
                       .build_offset = 2, .build_width = 1 },
  [F_OPT_WS_MULT] = { "tcp.options.wscale.multiplier", N_("Multiplier"), LSC_FT_UINT,
                      .blurb = N_("2 to the power of the shift count: the factor later window values are multiplied by.") },
  [F_OPT_SACK_PERM] = { "tcp.options.sack_perm", N_("TCP Option - SACK permitted"), LSC_FT_NONE,
                        .blurb = N_("Sent in a SYN: this host understands selective acknowledgments (RFC 2018)."),
                        .build_offset = 0, .build_width = 2, .build_default = "0" },
  [F_OPT_SACK] = { "tcp.options.sack", N_("TCP Option - SACK"), LSC_FT_NONE,
                   .blurb = N_("Selective acknowledgment: blocks of data that arrived after a gap, so only the gap has to be resent (RFC 2018).") },
  [F_OPT_SACK_LE] = { "tcp.options.sack_le", N_("left edge"), LSC_FT_UINT, .bits = 32,
                      .blurb = N_("First sequence number of a block that was received.") },
  [F_OPT_SACK_RE] = { "tcp.options.sack_re", N_("right edge"), LSC_FT_UINT, .bits = 32,
                      .blurb = N_("Sequence number just after the last byte of a block that was received.") },
  [F_OPT_SACK_COUNT] = { "tcp.options.sack.count", N_("TCP SACK Count"), LSC_FT_UINT,
                         .blurb = N_("How many received blocks the SACK option lists.") },
  [F_OPT_TS] = { "tcp.options.timestamp", N_("TCP Option - Timestamps"), LSC_FT_NONE,
                 .blurb = N_("Two clock values used to measure the round-trip time and to reject old duplicate segments (RFC 7323).") },
  [F_OPT_TSVAL] = { "tcp.options.timestamp.tsval", N_("Timestamp value"), LSC_FT_UINT, .bits = 32,
                    .blurb = N_("The sender's clock when it sent this segment (units chosen by the sender)."),
                    .build_offset = 2, .build_width = 4 },
  [F_OPT_TSECR] = { "tcp.options.timestamp.tsecr", N_("Timestamp echo reply"), LSC_FT_UINT, .bits = 32,
                    .blurb = N_("The most recent timestamp value received from the other side, echoed back; 0 in the first SYN."),
                    .build_offset = 6, .build_width = 4, .build_default = "0" },
  [F_OPT_UNKNOWN] = { "tcp.options.unknown", N_("TCP Option - Unknown"), LSC_FT_NONE,
                      .blurb = N_("An option kind not decoded here; its length field lets the receiver skip it.") },
  [F_OPT_UNKNOWN_PAYLOAD] = { "tcp.options.unknown.payload", N_("Payload"), LSC_FT_BYTES,
                              .blurb = N_("The option's bytes after its kind and length.") },
  [F_PAYLOAD] = { "tcp.payload", N_("TCP payload"), LSC_FT_BYTES,
                  .blurb = N_("The application data carried by this segment, as captured.") },
  { NULL }
};

/* " KEY=123" onto out without printf. */
static void
append_kv (GString *out, const char *key, guint32 v)
{
  gsize kl = strlen (key);
  char *p = lsc_string_reserve (out, kl + 10);
  memcpy (p, key, kl);
  lsc_string_commit (out, lsc_put_u32 (p + kl, v));
}

/* "SYN, ACK" as Wireshark lists set flags, lowest bit first, into buf (at
 * least FLAG_NAMES_MAX bytes); returns the length. */
#define FLAG_NAMES_MAX 64
static gsize
flag_names (guint16 flags, char *buf)
{
  /* Names are 2 or 3 letters: copy 4 bytes and advance by the length. */
  char *p = buf;
  for (guint bits = flags & 0x1ffu; bits; bits &= bits - 1)
    {
      guint i = (guint) __builtin_ctz (bits);
      if (p != buf)
        {
          *p++ = ',';
          *p++ = ' ';
        }
      memcpy (p, lsc_tcp_flags[i].name, 4);
      p += i == 8 ? 2 : 3;
    }
  if (flags & 0xe00)
    {
      if (p != buf)
        {
          *p++ = ',';
          *p++ = ' ';
        }
      memcpy (p, "Reserved", 8);
      p += 8;
    }
  if (p == buf)
    {
      memcpy (p, "<None>", 6);
      p += 6;
    }
  *p = '\0';
  return (gsize) (p - buf);
}

void
lsc_tcp_format_info (const LscPinfo *pi, guint32 seq, guint32 ack, guint32 win, guint32 sack_base, GString *out)
{
  /* Written in place into out: the summary pass runs this for every segment. */
  static const char reasm[] = " [TCP segment of a reassembled PDU]";
  const char *opts = pi->tcp_info_opts ? pi->tcp_info_opts : "";
  gsize olen = strlen (opts);
  guint n_sack = MIN (pi->tcp_sack_n, G_N_ELEMENTS (pi->tcp_sack));
  lsc_string_clear (out);
  /* Ports, flags, five numbers and their names; each SACK block two numbers. */
  char *p = lsc_string_reserve (out, FLAG_NAMES_MAX + 96 + olen + n_sack * 32 + sizeof reasm);
#define PUT_LIT(s) (memcpy (p, (s), sizeof (s) - 1), p += sizeof (s) - 1)
  p = lsc_put_u32 (p, pi->srcport);
  PUT_LIT (" → ");
  p = lsc_put_u32 (p, pi->dstport);
  PUT_LIT (" [");
  p += flag_names (pi->tcp_flags, p);
  PUT_LIT ("] Seq=");
  p = lsc_put_u32 (p, seq);
  if (pi->tcp_flags & LSC_TCP_ACK)
    {
      PUT_LIT (" Ack=");
      p = lsc_put_u32 (p, ack);
    }
  PUT_LIT (" Win=");
  p = lsc_put_u32 (p, win);
  if (pi->tcp_flags & LSC_TCP_URG)
    {
      PUT_LIT (" Urg=");
      p = lsc_put_u32 (p, pi->tcp_urgent);
    }
  PUT_LIT (" Len=");
  p = lsc_put_u32 (p, pi->tcp_len);
  /* The options' Info part, with SACK edges made relative at their places. */
  gsize done = 0;
  for (guint k = 0; k < n_sack; k++)
    {
      gsize at = CLAMP ((gsize) pi->tcp_sack_at[k], done, olen);
      memcpy (p, opts + done, at - done);
      p += at - done;
      done = at;
      PUT_LIT (" SLE=");
      p = lsc_put_u32 (p, pi->tcp_sack[k][0] - sack_base);
      PUT_LIT (" SRE=");
      p = lsc_put_u32 (p, pi->tcp_sack[k][1] - sack_base);
    }
  memcpy (p, opts + done, olen - done);
  p += olen - done;
  if (pi->tcp_pdu_part)
    PUT_LIT (reasm);
#undef PUT_LIT
  lsc_string_commit (out, p);
}

/* Add "kind" and "length" children of an option node. */
static void
add_kind_len (LscDissectCtx *c, gint32 opt, const LscBuf *b, guint32 i, gboolean with_len)
{
  const LscField *f = lsc_fields_tcp;
  lsc_tree_add_uint (c->tree, opt, &f[F_OPT_KIND], lsc_buf_abs (b, i), 1, lsc_buf_u8 (b, i));
  if (with_len)
    lsc_tree_add_uint (c->tree, opt, &f[F_OPT_LEN], lsc_buf_abs (b, i + 1), 1, lsc_buf_u8 (b, i + 1));
}

/* Options live in hdr[20, optend); cap_end (<= optend) is where the captured
 * bytes end: an option past optend is malformed, one past cap_end only cut
 * short by the capture.  Adds
 * the option nodes under parent, the Info part to info and the names to names
 * (NULL in a summary-only pass, which shows no names).
 * Stops at the first option that breaks the rules. */
static void
dissect_options (LscDissectCtx *c, const LscBuf *b, guint32 optend, guint32 cap_end, gint32 parent,
                 GString *info, GString *names)
{
  const LscField *f = lsc_fields_tcp;
  LscPinfo *pi = c->pi;
  guint32 i = 20;

  while (i < cap_end)
    {
      guint8 kind = lsc_buf_u8 (b, i);
      const char *name = NULL;
      gint32 opt;

      if (kind == 0 || kind == 1)
        {
          opt = lsc_tree_add (c->tree, parent, &f[kind == 0 ? F_OPT_EOL : F_OPT_NOP], lsc_buf_abs (b, i), 1);
          add_kind_len (c, opt, b, i, FALSE);
          if (names)
            g_string_append_printf (names, ", %s", kind == 0 ? _("End of Option List (EOL)") : _("No-Operation (NOP)"));
          /* After EOL only padding follows; each zero byte shows as one more
           * EOL, as Wireshark lists them. */
          i++;
          continue;
        }

      /* A broken option gets a plain text node: its kind and length fields
       * cannot be trusted (tshark adds none either). */
      const char *kn = lsc_value_string (option_kinds, kind);
      if (i + 1 >= optend)
        {
          opt = lsc_tree_add_text (c->tree, parent, lsc_buf_abs (b, i), 1, _("Option kind %u (%s) without a length byte"),
                                   kind, kn ? _(kn) : _("unknown"));
          lsc_tree_set_flags (c->tree, opt, LSC_NODE_MALFORMED);
          lsc_tree_add_note (c->tree, opt, 2, lsc_buf_abs (b, i), 1,
                             _("Option kind %u has no length byte before the header ends"), kind);
          return;
        }
      if (i + 1 >= cap_end)
        return;  /* the length byte was not captured; the TCP node says so */
      guint8 olen = lsc_buf_u8 (b, i + 1);
      if (olen < 2 || i + olen > optend)
        {
          opt = lsc_tree_add_text (c->tree, parent, lsc_buf_abs (b, i), optend - i, _("Option kind %u (%s), length %u"),
                                   kind, kn ? _(kn) : _("unknown"), olen);
          lsc_tree_set_flags (c->tree, opt, LSC_NODE_MALFORMED);
          if (olen < 2)
            lsc_tree_add_note (c->tree, opt, 2, lsc_buf_abs (b, i + 1), 1,
                               _("Option length %u is less than 2 (the kind and length bytes themselves): option parsing stops here"),
                               olen);
          else
            lsc_tree_add_note (c->tree, opt, 2, lsc_buf_abs (b, i + 1), 1,
                               _("Option length %u runs past the end of the TCP header (%u bytes left): option parsing stops here"),
                               olen, optend - i);
          return;
        }

      guint32 a = lsc_buf_abs (b, i);
      if (i + olen > cap_end)
        {
          opt = lsc_tree_add_text (c->tree, parent, a, cap_end - i, _("Option kind %u (%s): %u of %u bytes captured"),
                                   kind, kn ? _(kn) : _("unknown"), cap_end - i, olen);
          add_kind_len (c, opt, b, i, TRUE);
          lsc_tree_set_flags (c->tree, opt, LSC_NODE_TRUNCATED);
          return;
        }
      gboolean bad_len = FALSE;
      switch (kind)
        {
        case 2:
          if ((bad_len = olen != 4))
            break;
          {
            guint16 mss = lsc_buf_u16 (b, i + 2);
            opt = lsc_tree_add (c->tree, parent, &f[F_OPT_MSS], a, olen);
            lsc_tree_set_text (c->tree, opt, _("%u bytes"), mss);
            add_kind_len (c, opt, b, i, TRUE);
            lsc_tree_add_uint (c->tree, opt, &f[F_OPT_MSS_VAL], a + 2, 2, mss);
            pi->tcp_mss = mss;
            append_kv (info, " MSS=", mss);
            name = N_("Maximum segment size");
          }
          break;
        case 3:
          if ((bad_len = olen != 3))
            break;
          {
            guint8 shift = lsc_buf_u8 (b, i + 2);
            guint32 mult = shift <= 14 ? 1u << shift : 1u << 14;
            opt = lsc_tree_add (c->tree, parent, &f[F_OPT_WSCALE], a, olen);
            lsc_tree_set_text (c->tree, opt, _("%u (multiply by %u)"), shift, mult);
            add_kind_len (c, opt, b, i, TRUE);
            gint32 sn = lsc_tree_add_uint (c->tree, opt, &f[F_OPT_WS_SHIFT], a + 2, 1, shift);
            lsc_tree_add_uint (c->tree, opt, &f[F_OPT_WS_MULT], 0, 0, mult);
            if (shift > 14)
              lsc_tree_add_note (c->tree, sn, 1, a + 2, 1,
                                 _("Shift count %u exceeds 14 (RFC 7323): receivers use 14"), shift);
            pi->tcp_wscale = (gint8) MIN (shift, 14);
            append_kv (info, " WS=", mult);
            name = N_("Window scale");
          }
          break;
        case 4:
          if ((bad_len = olen != 2))
            break;
          opt = lsc_tree_add (c->tree, parent, &f[F_OPT_SACK_PERM], a, olen);
          add_kind_len (c, opt, b, i, TRUE);
          g_string_append (info, " SACK_PERM");
          name = N_("SACK permitted");
          break;
        case 5:
          if ((bad_len = (olen - 2) % 8 != 0 || olen < 10))
            break;
          {
            guint n = (olen - 2) / 8;
            opt = lsc_tree_add (c->tree, parent, &f[F_OPT_SACK], a, olen);
            add_kind_len (c, opt, b, i, TRUE);
            g_autoptr (GString) edges = g_string_new (NULL);
            for (guint k = 0; k < n; k++)
              {
                guint32 o = i + 2 + 8 * k;
                guint32 le = lsc_buf_u32 (b, o), re = lsc_buf_u32 (b, o + 4);
                lsc_tree_add_uint (c->tree, opt, &f[F_OPT_SACK_LE], lsc_buf_abs (b, o), 4, le);
                lsc_tree_add_uint (c->tree, opt, &f[F_OPT_SACK_RE], lsc_buf_abs (b, o + 4), 4, re);
                g_string_append_printf (edges, " %u-%u", le, re);
                /* The edges are written by lsc_tcp_format_info(), which can
                 * make them relative (40 option bytes hold at most 4 blocks,
                 * in one option or, bogus, two). */
                if (pi->tcp_sack_n < G_N_ELEMENTS (pi->tcp_sack))
                  {
                    guint m = pi->tcp_sack_n++;
                    pi->tcp_sack[m][0] = le;
                    pi->tcp_sack[m][1] = re;
                    pi->tcp_sack_at[m] = (guint16) MIN (info->len, G_MAXUINT16);
                  }
                else
                  {
                    append_kv (info, " SLE=", le);
                    append_kv (info, " SRE=", re);
                  }
              }
            if (pi->tcp_sack_node < 0)
              pi->tcp_sack_node = opt;
            lsc_tree_add_uint (c->tree, opt, &f[F_OPT_SACK_COUNT], 0, 0, n);
            lsc_tree_set_text (c->tree, opt, "%s", edges->str + 1);
            name = N_("SACK");
          }
          break;
        case 8:
          if ((bad_len = olen != 10))
            break;
          {
            guint32 tsval = lsc_buf_u32 (b, i + 2), tsecr = lsc_buf_u32 (b, i + 6);
            opt = lsc_tree_add (c->tree, parent, &f[F_OPT_TS], a, olen);
            lsc_tree_set_text (c->tree, opt, _("TSval %u, TSecr %u"), tsval, tsecr);
            add_kind_len (c, opt, b, i, TRUE);
            lsc_tree_add_uint (c->tree, opt, &f[F_OPT_TSVAL], a + 2, 4, tsval);
            lsc_tree_add_uint (c->tree, opt, &f[F_OPT_TSECR], a + 6, 4, tsecr);
            append_kv (info, " TSval=", tsval);
            append_kv (info, " TSecr=", tsecr);
            name = N_("Timestamps");
          }
          break;
        default:
          break;
        }

      if (!name)
        {
          /* Unknown kind, or a known kind with the wrong length: show its bytes. */
          opt = lsc_tree_add (c->tree, parent, &f[F_OPT_UNKNOWN], a, olen);
          lsc_tree_set_text (c->tree, opt, _("kind %u (%s), %u bytes"), kind, kn ? _(kn) : _("unknown"), olen);
          add_kind_len (c, opt, b, i, TRUE);
          if (olen > 2)
            lsc_tree_add_bytes (c->tree, opt, &f[F_OPT_UNKNOWN_PAYLOAD], a + 2, olen - 2, b->data + i + 2, olen - 2);
          if (bad_len && !lsc_tree_is_summary_only (c->tree))
            {
              /* A known option with the wrong length: name it, not "Unknown". */
              g_autofree char *line = g_strdup_printf (_("TCP Option - %s: wrong length, %u bytes"), kn ? _(kn) : "?", olen);
              lsc_tree_set_label (c->tree, opt, line, -1);
            }
          if (bad_len)
            {
              lsc_tree_set_flags (c->tree, opt, LSC_NODE_MALFORMED);
              lsc_tree_add_note (c->tree, opt, 2, a + 1, 1, _("Length %u is wrong for option kind %u (%s)"),
                                 olen, kind, kn ? _(kn) : "");
            }
          name = kn ? kn : N_("Unknown");
        }
      /* Translated only here: a summary-only pass (names NULL) looks up nothing. */
      if (names)
        g_string_append_printf (names, ", %s", _(name));
      i += olen;
    }
}

void
lsc_proto_tcp (LscDissectCtx *c, LscBuf b, gint32 parent)
{
  const LscField *f = lsc_fields_tcp;
  LscPinfo *pi = c->pi;
  LscTree *t = c->tree;
  /* Inside an ICMP error's quote only the first 8 bytes are expected (RFC 792):
   * a short header is normal there, and nothing beyond it is checked. */
  gboolean quoted = lsc_dissect_in_quote (c, parent);

  pi->has |= LSC_HAS_TCP;
  pi->protocol = f[F_TCP].short_name;
  pi->ip_proto = 6;
  pi->tcp_info_opts = "";

  guint32 hdr_len = lsc_buf_has (&b, 12, 1) ? (guint32) (lsc_buf_u8 (&b, 12) >> 4) * 4 : 20;
  gint32 tcp = lsc_tree_add_proto (t, parent, &f[F_TCP], lsc_buf_abs (&b, 0), MIN (MAX (hdr_len, 20u), b.len));
  pi->tcp_node = tcp;

  /* Whatever of the fixed header was captured is shown; the first field that
   * is missing ends the decoding. */
  if (!lsc_buf_has (&b, 0, 20))
    {
      if (quoted)
        lsc_tree_add_note (t, tcp, 0, 0, 0, _("The ICMP error quotes only the first %u bytes of the TCP header"), b.len);
      else
        {
          lsc_tree_set_flags (t, tcp, LSC_NODE_TRUNCATED);
          lsc_tree_add_note (t, tcp, 2, lsc_buf_abs (&b, 0), b.len,
                             _("TCP header cut short: %u of at least 20 bytes captured"), b.len);
        }
      if (lsc_buf_has (&b, 0, 4))
        {
          pi->srcport = lsc_buf_u16 (&b, 0);
          pi->dstport = lsc_buf_u16 (&b, 2);
          lsc_tree_add_uint (t, tcp, &f[F_SRCPORT], lsc_buf_abs (&b, 0), 2, pi->srcport);
          lsc_tree_add_uint (t, tcp, &f[F_DSTPORT], lsc_buf_abs (&b, 2), 2, pi->dstport);
          lsc_string_printf (pi->info, _("%u → %u [TCP header truncated]"), pi->srcport, pi->dstport);
        }
      else
        g_string_assign (pi->info, _("[TCP header truncated]"));
      if (lsc_buf_has (&b, 4, 4))
        {
          pi->tcp_seq = lsc_buf_u32 (&b, 4);
          lsc_tree_add_uint (t, tcp, &f[F_SEQ], lsc_buf_abs (&b, 4), 4, pi->tcp_seq);
          lsc_tree_add_uint (t, tcp, &f[F_SEQ_RAW], lsc_buf_abs (&b, 4), 4, pi->tcp_seq);
          lsc_tree_set_text (t, tcp, _("Transmission Control Protocol, Src Port: %u, Dst Port: %u, Seq: %u"),
                             pi->srcport, pi->dstport, pi->tcp_seq);
        }
      if (lsc_buf_has (&b, 8, 4))
        {
          pi->tcp_ack = lsc_buf_u32 (&b, 8);
          lsc_tree_add_uint (t, tcp, &f[F_ACK], lsc_buf_abs (&b, 8), 4, pi->tcp_ack);
          lsc_tree_add_uint (t, tcp, &f[F_ACK_RAW], lsc_buf_abs (&b, 8), 4, pi->tcp_ack);
        }
      return;
    }

  guint16 sport = lsc_buf_u16 (&b, 0), dport = lsc_buf_u16 (&b, 2);
  guint32 seq = lsc_buf_u32 (&b, 4), ack = lsc_buf_u32 (&b, 8);
  guint16 flags = lsc_buf_u16 (&b, 12) & 0x0fff;
  guint16 win = lsc_buf_u16 (&b, 14), cksum = lsc_buf_u16 (&b, 16), urg = lsc_buf_u16 (&b, 18);
  guint32 seglen = b.reported;   /* what the IP header claims, not what was captured */
  gboolean bad_offset = hdr_len < 20 || hdr_len > seglen;

  pi->srcport = sport;
  pi->dstport = dport;
  pi->tcp_seq = seq;
  pi->tcp_ack = ack;
  pi->tcp_flags = flags;
  pi->tcp_window = win;
  pi->tcp_urgent = urg;
  pi->tcp_len = bad_offset ? 0 : seglen - hdr_len;
  pi->tcp_payload_off = lsc_buf_abs (&b, bad_offset ? MIN (seglen, b.len) : hdr_len);

  lsc_tree_add_uint (t, tcp, &f[F_SRCPORT], lsc_buf_abs (&b, 0), 2, sport);
  lsc_tree_add_uint (t, tcp, &f[F_DSTPORT], lsc_buf_abs (&b, 2), 2, dport);
  lsc_tree_hide (t, lsc_tree_add_uint (t, tcp, &f[F_PORT], lsc_buf_abs (&b, 0), 2, sport));
  lsc_tree_hide (t, lsc_tree_add_uint (t, tcp, &f[F_PORT], lsc_buf_abs (&b, 2), 2, dport));
  if (!bad_offset)
    lsc_tree_add_uint (t, tcp, &f[F_LEN], 0, 0, pi->tcp_len);
  lsc_tree_add_uint (t, tcp, &f[F_SEQ], lsc_buf_abs (&b, 4), 4, seq);
  lsc_tree_add_uint (t, tcp, &f[F_SEQ_RAW], lsc_buf_abs (&b, 4), 4, seq);
  lsc_tree_add_uint (t, tcp, &f[F_ACK], lsc_buf_abs (&b, 8), 4, ack);
  lsc_tree_add_uint (t, tcp, &f[F_ACK_RAW], lsc_buf_abs (&b, 8), 4, ack);
  if (!(flags & LSC_TCP_ACK) && ack != 0)
    lsc_tree_add_note (t, tcp, 1, lsc_buf_abs (&b, 8), 4,
                       _("The acknowledgment number is not zero although the ACK flag is not set"));

  gint32 hl = lsc_tree_add_uint (t, tcp, &f[F_HDR_LEN], lsc_buf_abs (&b, 12), 1, hdr_len);
  lsc_tree_set_text (t, hl, _("%u bytes (%u)"), hdr_len, hdr_len / 4);
  if (hdr_len < 20)
    {
      lsc_tree_set_flags (t, hl, LSC_NODE_MALFORMED);
      lsc_tree_add_note (t, hl, 2, lsc_buf_abs (&b, 12), 1,
                         _("Data offset %u is below the minimum of 5 (20 bytes): the header length is bogus, "
                           "so nothing after it can be trusted"), hdr_len / 4);
      /* Like Wireshark: stop here, but keep the summary. */
      lsc_tcp_format_info (pi, seq, ack, win, 0, pi->info);
      lsc_string_append_printf (pi->info, _(" [bogus TCP header length (%u, must be at least 20)]"), hdr_len);
      lsc_tree_set_text (t, tcp, _("Transmission Control Protocol, Src Port: %u, Dst Port: %u, Seq: %u"), sport, dport, seq);
      return;
    }
  else if (hdr_len > seglen)
    {
      lsc_tree_set_flags (t, hl, LSC_NODE_MALFORMED);
      lsc_tree_add_note (t, hl, 2, lsc_buf_abs (&b, 12), 1,
                         _("Header length %u is more than the %u bytes of the segment"), hdr_len, seglen);
    }

  /* Flags, one node per bit, and Wireshark's letter string (none of which a
   * summary-only tree keeps). */
  gint32 fn = lsc_tree_add_uint (t, tcp, &f[F_FLAGS], lsc_buf_abs (&b, 12), 2, flags);
  if (!lsc_tree_is_summary_only (t))
    {
      static const char hex[] = "0123456789abcdef";
      char fbuf[8 + FLAG_NAMES_MAX + 1] = { '0', 'x', hex[(flags >> 8) & 15], hex[(flags >> 4) & 15], hex[flags & 15], ' ', '(' };
      gsize fl = 7 + flag_names (flags, fbuf + 7);
      fbuf[fl++] = ')';
      lsc_tree_node_mut (t, fn)->text = lsc_tree_strdup (t, fbuf, (gssize) fl);
      lsc_tree_add_uint (t, fn, &f[F_FLAGS_RES], lsc_buf_abs (&b, 12), 2, (flags >> 9) & 7);
      for (int k = F_FLAGS_AE; k <= F_FLAGS_FIN; k++)
        lsc_tree_add_uint (t, fn, &f[k], lsc_buf_abs (&b, 12), 2, (flags & f[k].bitmask) ? 1 : 0);
      char lbuf[12 * 2 + 1];
      gsize ll = 0;
      for (int k = 0; k < 12; k++)
        {
          if (flags & (1u << (11 - k)))
            lbuf[ll++] = 11 - k < LSC_TCP_N_FLAGS ? lsc_tcp_flags[11 - k].letter : 'R';  /* three reserved bits: R */
          else
            {
              memcpy (lbuf + ll, "·", 2);  /* U+00B7, two bytes in UTF-8 */
              ll += 2;
            }
        }
      lsc_tree_add_string (t, fn, &f[F_FLAGS_STR], 0, 0, lbuf, (gssize) ll);
    }
  if ((flags & LSC_TCP_SYN) && (flags & LSC_TCP_FIN))
    lsc_tree_add_note (t, fn, 1, 0, 0, _("SYN and FIN together make no sense: a scan or a broken stack"));
  if ((flags & LSC_TCP_SYN) && (flags & LSC_TCP_RST))
    lsc_tree_add_note (t, fn, 1, 0, 0, _("SYN and RST together make no sense"));
  if (flags & 0xe00)
    lsc_tree_add_note (t, fn, 1, 0, 0, _("Reserved bits are set; they must be zero"));
  /* What the flags mean for the connection is explained with its role
   * (tcp.conv.role), where the handshake and teardown steps are known. */

  lsc_tree_add_uint (t, tcp, &f[F_WINDOW], lsc_buf_abs (&b, 14), 2, win);

  /* Checksum over pseudo-header + the whole segment, when all of it was captured. */
  gint32 ck = lsc_tree_add_uint (t, tcp, &f[F_CHECKSUM], lsc_buf_abs (&b, 16), 2, cksum);
  guint32 sum = 0, pseudo = 0;
  gboolean verify = FALSE;
  /* A summary-only pass shows no verdict, so it skips the sum. */
  if (quoted || lsc_tree_is_summary_only (t))
    ;
  else if (pi->has & LSC_HAS_FRAG)
    lsc_tree_add_note (t, ck, 0, 0, 0, _("Cannot verify the checksum: the segment is fragmented"));
  else if (b.len < seglen)
    lsc_tree_add_note (t, ck, 0, 0, 0,
                       _("Cannot verify the checksum: only %u of the segment's %u bytes were captured"), b.len, seglen);
  else if (!lsc_pseudo_header_sum (pi, 6, seglen, &pseudo))
    lsc_tree_add_note (t, ck, 0, 0, 0, _("Cannot verify the checksum: no IP header to build the pseudo-header from"));
  else
    {
      sum = lsc_inet_sum (b.data, seglen, pseudo);
      verify = TRUE;
    }
  lsc_dissect_checksum (c, ck, &f[F_CHECKSUM_STATUS], &f[F_CHECKSUM_CALC], cksum, sum, verify,
                        verify ? lsc_checksum_offload_value (pseudo) : -1);
  lsc_tree_add_uint (t, tcp, &f[F_URGENT], lsc_buf_abs (&b, 18), 2, urg);

  /* Options: bounded by the header length, the segment and what was captured. */
  GString *info_opts = NULL;
  if (hdr_len > 20)
    {
      info_opts = lsc_tree_scratch (t);
      guint32 optend = MIN (hdr_len, seglen), cap_end = optend;
      if (optend > b.len)
        {
          if (!quoted)
            {
              lsc_tree_set_flags (t, tcp, LSC_NODE_TRUNCATED);
              lsc_tree_add_note (t, tcp, 2, lsc_buf_abs (&b, b.len), 0,
                                 _("TCP options cut short: %u of %u header bytes captured"), b.len, hdr_len);
            }
          cap_end = b.len;
        }
      if (cap_end > 20)
        {
          /* The option names only go into the tree's "Options:" line. */
          g_autoptr (GString) names = lsc_tree_is_summary_only (t) ? NULL : g_string_new (NULL);
          gint32 on = lsc_tree_add_bytes (t, tcp, &f[F_OPTIONS], lsc_buf_abs (&b, 20), cap_end - 20,
                                          b.data + 20, cap_end - 20);
          dissect_options (c, &b, optend, cap_end, on, info_opts, names);
          if (names)
            lsc_tree_set_text (t, on, _("(%u bytes)%s"), optend - 20, names->str);
        }
    }
  pi->tcp_info_opts = info_opts ? lsc_tree_strdup (t, info_opts->str, (gssize) info_opts->len) : "";

  if (c->opt->tcp_info_by_analysis && !quoted)
    {
      g_string_truncate (pi->info, 0);
      pi->tcp_info_deferred = TRUE;
    }
  else
    lsc_tcp_format_info (pi, seq, ack, win, 0, pi->info);

  if (flags & LSC_TCP_ACK)
    lsc_tree_set_text (t, tcp, _("Transmission Control Protocol, Src Port: %u, Dst Port: %u, Seq: %u, Ack: %u, Len: %u"),
                       sport, dport, seq, ack, pi->tcp_len);
  else
    lsc_tree_set_text (t, tcp, _("Transmission Control Protocol, Src Port: %u, Dst Port: %u, Seq: %u, Len: %u"),
                       sport, dport, seq, pi->tcp_len);

  if (bad_offset || pi->tcp_len == 0 || quoted)
    return;
  LscBuf payload = lsc_buf_tail (&b, hdr_len);
  if (payload.len > 0)
    lsc_tree_set_flags (t, lsc_tree_add_bytes (t, tcp, &f[F_PAYLOAD], payload.off, payload.len, payload.data, payload.len),
                        LSC_NODE_HIDDEN);
  else
    lsc_tree_add_note (t, tcp, 0, 0, 0, _("The %u payload bytes were not captured"), pi->tcp_len);
  if (c->opt->reassemble && !pi->tcp_pdu_deferred && parent == LSC_ROOT &&
      (lsc_dissect_is_http_port (c, sport) || lsc_dissect_is_http_port (c, dport)))
    {
      /* An HTTP message may span segments: the reassembly (lsc-reasm.h),
       * which sees the segments in order, decodes the payload. */
      pi->tcp_pdu_deferred = TRUE;
      pi->tcp_pdu_data = payload.data;
      pi->tcp_pdu_caplen = payload.len;
      pi->tcp_pdu_reported = payload.reported;
      pi->tcp_pdu_off = payload.off;
      return;
    }
  lsc_dissect_ports (c, payload, parent, TRUE);
}

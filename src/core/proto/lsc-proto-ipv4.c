/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-proto-ipv4.c — the IPv4 header (RFC 791), its options and address analysis
 *
 * The header says how long the whole packet is (total length): the view is
 * narrowed to it, so Ethernet padding never reaches the transport decoder.
 * Both addresses get the learner's analysis: classful class and default mask,
 * the special range they belong to and, when a prefix is known, the subnet
 * arithmetic (lsc-subnet.h does the maths).
 */
#include "lsc-dissect.h"
#include "lsc-format.h"
#include "lsc-subnet.h"

#include <glib/gi18n-lib.h>

enum {
  F_IP, F_VERSION, F_HDR_LEN, F_DSFIELD, F_DSCP, F_ECN, F_LEN, F_ID, F_FLAGS, F_FLAGS_RB, F_FLAGS_DF,
  F_FLAGS_MF, F_FRAG_OFFSET, F_TTL, F_PROTO, F_CHECKSUM, F_CHECKSUM_STATUS, F_CHECKSUM_CALC, F_SRC, F_DST,
  F_ADDR, F_OPTIONS, F_OPT, F_OPT_TYPE, F_OPT_COPY, F_OPT_CLASS, F_OPT_NUMBER, F_OPT_LEN, F_OPT_PTR,
  F_REC_RT, F_EMPTY_RT, F_SRC_RT, F_OPT_OVERFLOW, F_OPT_FLAG, F_OPT_TS, F_OPT_TS_ADDR, F_OPT_RA, F_OPT_DATA,
  F_OPT_PADDING,
  F_SRC_CLASS, F_SRC_MASK, F_SRC_RANGE, F_SRC_NETWORK, F_SRC_BROADCAST, F_SRC_FIRST, F_SRC_LAST, F_SRC_HOSTS,
  F_DST_CLASS, F_DST_MASK, F_DST_RANGE, F_DST_NETWORK, F_DST_BROADCAST, F_DST_FIRST, F_DST_LAST, F_DST_HOSTS,
  F_SAME_SUBNET,
};

static const LscValueString dscp_vals[] = {
  { 0, N_("Default (CS0)") }, { 8, "CS1" }, { 10, "AF11" }, { 12, "AF12" }, { 14, "AF13" }, { 16, "CS2" },
  { 18, "AF21" }, { 20, "AF22" }, { 22, "AF23" }, { 24, "CS3" }, { 26, "AF31" }, { 28, "AF32" },
  { 30, "AF33" }, { 32, "CS4" }, { 34, "AF41" }, { 36, "AF42" }, { 38, "AF43" }, { 40, "CS5" },
  { 44, N_("Voice admit") }, { 46, N_("Expedited Forwarding (EF)") }, { 48, "CS6" }, { 56, "CS7" },
  { 0, NULL }
};

const LscValueString lsc_ecn_vals[] = {
  { 0, N_("Not ECN-Capable Transport (Not-ECT)") }, { 1, N_("ECN-Capable Transport codepoint '01' (ECT(1))") },
  { 2, N_("ECN-Capable Transport codepoint '10' (ECT(0))") }, { 3, N_("Congestion Experienced (CE)") },
  { 0, NULL }
};

/* Shared with the IPv6 decoder's next-header fields. */
const LscValueString lsc_ipproto_vals[] = {
  { 0, "IPv6 Hop-by-Hop Option" }, { 1, "ICMP" }, { 2, "IGMP" }, { 4, "IPIP" }, { 6, "TCP" }, { 17, "UDP" },
  { 41, "IPv6" }, { 43, "IPv6 Routing" }, { 44, "IPv6 Fragment" }, { 47, "GRE" }, { 50, "ESP" }, { 51, "AH" },
  { 58, "ICMPv6" }, { 59, "IPv6 No Next Header" }, { 60, "IPv6 Destination Options" }, { 89, "OSPF" },
  { 103, "PIM" }, { 112, "VRRP" }, { 132, "SCTP" }, { 136, "UDP-Lite" },
  { 0, NULL }
};

static const LscValueString set_vals[] = { { 0, N_("Not set") }, { 1, N_("Set") }, { 0, NULL } };

static const LscValueString opt_type_vals[] = {
  { 0, N_("End of Options List (EOL)") }, { 1, N_("No-Operation (NOP)") }, { 7, N_("Record Route (RR)") },
  { 68, N_("Time Stamp (TS)") }, { 130, N_("Security (SEC)") }, { 131, N_("Loose Source Route (LSRR)") },
  { 133, N_("Extended Security (E-SEC)") }, { 136, N_("Stream ID (SID)") }, { 137, N_("Strict Source Route (SSRR)") },
  { 148, N_("Router Alert (RTRALT)") }, { 0, NULL }
};

static const LscValueString opt_class_vals[] = {
  { 0, N_("Control") }, { 1, N_("Reserved for future use") }, { 2, N_("Debugging and measurement") },
  { 3, N_("Reserved for future use") }, { 0, NULL }
};

static const LscValueString ts_flag_vals[] = {
  { 0, N_("Time stamps only") }, { 1, N_("Time stamp and address") }, { 3, N_("Time stamps for prespecified addresses") },
  { 0, NULL }
};

/* ip.flags shown with the names of the bits that are set, one string per combination. */
static const char *const flags_text[8] = {
  N_("0x0"), N_("0x1, More fragments"), N_("0x2, Don't fragment"), N_("0x3, Don't fragment, More fragments"),
  N_("0x4, Reserved bit"), N_("0x5, Reserved bit, More fragments"), N_("0x6, Reserved bit, Don't fragment"),
  N_("0x7, Reserved bit, Don't fragment, More fragments"),
};

static const LscValueString same_vals[] = {
  { 0, N_("No: different networks, the packet passes a router") }, { 1, N_("Yes: same network, delivered directly") },
  { 0, NULL }
};

#define ADDR_ANALYSIS(W, w)                                                                                       \
  [F_##W##_CLASS] = { "ip." w ".class", N_("Address class"), LSC_FT_STRING,                                      \
                      .blurb = N_("The pre-1993 classful category told by the first bits: A (0), B (10), C (110) from RFC 791; D multicast (1110) from RFC 1112 and RFC 5771; E reserved (1111) from RFC 1112 and RFC 6890.") }, \
  [F_##W##_MASK] = { "ip." w ".default_mask", N_("Default mask"), LSC_FT_IPV4,                                    \
                     .blurb = N_("The network mask the address class implies (A /8, B /16, C /24); today the real mask comes from CIDR configuration.") }, \
  [F_##W##_RANGE] = { "ip." w ".range", N_("Address range"), LSC_FT_STRING,                                       \
                      .blurb = N_("The special-purpose block the address falls in (private, loopback, link-local, multicast...) or public; RFC 6890.") }, \
  [F_##W##_NETWORK] = { "ip." w ".network", N_("Network address"), LSC_FT_IPV4,                                   \
                        .blurb = N_("The address with all host bits cleared (address AND mask): the name of the subnet.") }, \
  [F_##W##_BROADCAST] = { "ip." w ".broadcast", N_("Broadcast address"), LSC_FT_IPV4,                             \
                          .blurb = N_("The address with all host bits set: a packet sent to it reaches every host of the subnet.") }, \
  [F_##W##_FIRST] = { "ip." w ".first_host", N_("First host"), LSC_FT_IPV4,                                       \
                      .blurb = N_("The lowest address a host in this subnet can have (network address + 1).") },   \
  [F_##W##_LAST] = { "ip." w ".last_host", N_("Last host"), LSC_FT_IPV4,                                          \
                     .blurb = N_("The highest address a host in this subnet can have (broadcast address - 1).") }, \
  [F_##W##_HOSTS] = { "ip." w ".hosts", N_("Usable hosts"), LSC_FT_UINT,                                          \
                      .blurb = N_("How many hosts the subnet holds: 2^(32 - prefix) - 2, because the network and broadcast addresses are taken (a /31 has 2, RFC 3021).") }

const LscField lsc_fields_ip[] = {
  [F_IP] = { "ip", N_("Internet Protocol Version 4"), LSC_FT_PROTOCOL, .layer = LSC_OSI_NETWORK, .short_name = "IPv4",
             .blurb = N_("The IPv4 header carries a packet from one host to another across networks, hop by hop through routers (RFC 791).") },
  [F_VERSION] = { "ip.version", N_("Version"), LSC_FT_UINT, .bits = 8, .bitmask = 0xf0,
                  .blurb = N_("The IP version, always 4 here; the first 4 bits of every IP packet."),
                  .build_offset = 0, .build_width = 1, .build_default = "4" },
  [F_HDR_LEN] = { "ip.hdr_len", N_("Header Length"), LSC_FT_UINT,
                  .blurb = N_("Header size in bytes; the field counts 4-byte words (IHL), so 5 means 20 bytes and anything above 5 means options follow."),
                  .build_offset = 0, .build_width = 1, .build_mask = 0x0f, .build_scale = 4, .build = LSC_BUILD_LENGTH },
  [F_DSFIELD] = { "ip.dsfield", N_("Differentiated Services Field"), LSC_FT_UINT, LSC_BASE_HEX, 8,
                  .blurb = N_("The old Type of Service byte, now split into DSCP (priority class) and ECN (congestion signal); RFC 2474, RFC 3168."),
                  .build_offset = 1, .build_width = 1, .build_default = "0" },
  [F_DSCP] = { "ip.dsfield.dscp", N_("Differentiated Services Codepoint"), LSC_FT_UINT, .bits = 8, .bitmask = 0xfc, .vals = dscp_vals,
               .blurb = N_("The 6-bit priority class routers may use to queue the packet (0 = best effort, 46 = expedited for voice); RFC 2474.") },
  [F_ECN] = { "ip.dsfield.ecn", N_("Explicit Congestion Notification"), LSC_FT_UINT, .bits = 8, .bitmask = 0x03, .vals = lsc_ecn_vals,
              .blurb = N_("Two bits a congested router can set instead of dropping the packet, if both ends support it; RFC 3168.") },
  [F_LEN] = { "ip.len", N_("Total Length"), LSC_FT_UINT,
              .blurb = N_("Size of the whole packet (header + data) in bytes; anything after it in the frame is padding."),
              .build_offset = 2, .build_width = 2, .build = LSC_BUILD_LENGTH },
  [F_ID] = { "ip.id", N_("Identification"), LSC_FT_UINT, LSC_BASE_HEX_DEC, 16,
             .blurb = N_("A number the sender gives each packet so the fragments of one packet can be put back together."),
             .build_offset = 4, .build_width = 2 },
  [F_FLAGS] = { "ip.flags", N_("Flags"), LSC_FT_UINT, LSC_BASE_HEX, 8,
                .blurb = N_("Three bits about fragmentation: reserved, Don't Fragment and More Fragments.") },
  [F_FLAGS_RB] = { "ip.flags.rb", N_("Reserved bit"), LSC_FT_BOOL, .bits = 8, .bitmask = 0x80, .vals = set_vals,
                   .blurb = N_("Must be 0 (RFC 791; RFC 3514's 'evil bit' is a joke).") },
  [F_FLAGS_DF] = { "ip.flags.df", N_("Don't fragment"), LSC_FT_BOOL, .bits = 8, .bitmask = 0x40, .vals = set_vals,
                   .blurb = N_("When set, routers must drop the packet rather than split it, and report back with ICMP; used for path MTU discovery."),
                   .build_offset = 6, .build_width = 1, .build_default = "1" },
  [F_FLAGS_MF] = { "ip.flags.mf", N_("More fragments"), LSC_FT_BOOL, .bits = 8, .bitmask = 0x20, .vals = set_vals,
                   .blurb = N_("Set on every fragment except the last one of a split packet."),
                   .build_offset = 6, .build_width = 1, .build_default = "0" },
  [F_FRAG_OFFSET] = { "ip.frag_offset", N_("Fragment Offset"), LSC_FT_UINT,
                      .blurb = N_("Where this fragment's data belongs in the original packet, counted in 8-byte units (so 185 means byte 1480)."),
                      .build_offset = 6, .build_width = 2, .build_mask = 0x1fff, .build_default = "0" },
  [F_TTL] = { "ip.ttl", N_("Time to Live"), LSC_FT_UINT,
              .blurb = N_("Each router lowers it by one and drops the packet at 0, so packets cannot loop forever; traceroute relies on it."),
              .build_offset = 8, .build_width = 1, .build_default = "64" },
  [F_PROTO] = { "ip.proto", N_("Protocol"), LSC_FT_UINT, .vals = lsc_ipproto_vals,
                .blurb = N_("Which protocol the data holds: 1 ICMP, 6 TCP, 17 UDP (IANA protocol numbers)."),
                .build_offset = 9, .build_width = 1, .build = LSC_BUILD_NEXT },
  [F_CHECKSUM] = { "ip.checksum", N_("Header Checksum"), LSC_FT_UINT, LSC_BASE_HEX, 16,
                   .blurb = N_("One's-complement sum over the header only (RFC 1071); every router recomputes it because the TTL changes."),
                   .build_offset = 10, .build_width = 2, .build = LSC_BUILD_CHECKSUM },
  [F_CHECKSUM_STATUS] = { "ip.checksum.status", N_("Header checksum status"), LSC_FT_UINT, .vals = lsc_checksum_status_vals,
                          .blurb = N_("Whether the checksum in the header matches the one computed over the received header.") },
  [F_CHECKSUM_CALC] = { "ip.checksum_calculated", N_("Calculated Checksum"), LSC_FT_UINT, LSC_BASE_HEX, 16,
                        .blurb = N_("The checksum the header should carry; a mismatch means the header was damaged, or the capture saw it before the network card filled it in (offload).") },
  [F_SRC] = { "ip.src", N_("Source Address"), LSC_FT_IPV4, .blurb = N_("The IPv4 address of the host that sent the packet."),
              .build_offset = 12, .build_width = 4, .build_default = "198.18.0.1" },
  [F_DST] = { "ip.dst", N_("Destination Address"), LSC_FT_IPV4, .blurb = N_("The IPv4 address of the host the packet is for."),
              .build_offset = 16, .build_width = 4, .build_default = "198.18.0.2" },
  [F_ADDR] = { "ip.addr", N_("Source or Destination Address"), LSC_FT_IPV4, .blurb = N_("Either address of the packet, for filtering (ip.addr == 198.18.0.1).") },
  [F_OPTIONS] = { "ip.options", N_("Options"), LSC_FT_NONE,
                  .blurb = N_("Optional extras after the 20-byte header (rarely used today); the header length says how many bytes they take.") },
  [F_OPT] = { "ip.opt", N_("Option"), LSC_FT_NONE,
              .blurb = N_("One IPv4 option: a type byte, then (except EOL and NOP) a length byte and data.") },
  [F_OPT_TYPE] = { "ip.opt.type", N_("Type"), LSC_FT_UINT, .vals = opt_type_vals,
                   .blurb = N_("The option type byte: copy flag, class and number.") },
  [F_OPT_COPY] = { "ip.opt.type.copy", N_("Copy on fragmentation"), LSC_FT_BOOL, .bits = 8, .bitmask = 0x80,
                   .blurb = N_("When set, the option is copied into every fragment if the packet is split.") },
  [F_OPT_CLASS] = { "ip.opt.type.class", N_("Class"), LSC_FT_UINT, .bits = 8, .bitmask = 0x60, .vals = opt_class_vals,
                    .blurb = N_("Option class: 0 control, 2 debugging and measurement.") },
  [F_OPT_NUMBER] = { "ip.opt.type.number", N_("Number"), LSC_FT_UINT, .bits = 8, .bitmask = 0x1f,
                     .blurb = N_("The option number within its class.") },
  [F_OPT_LEN] = { "ip.opt.len", N_("Length"), LSC_FT_UINT,
                  .blurb = N_("Length of the whole option in bytes, including the type and length bytes.") },
  [F_OPT_PTR] = { "ip.opt.ptr", N_("Pointer"), LSC_FT_UINT,
                  .blurb = N_("Byte position (from 1, counting from the option's type byte) of the next slot to fill or use.") },
  [F_REC_RT] = { "ip.rec_rt", N_("Recorded Route"), LSC_FT_IPV4,
                 .blurb = N_("An address a router wrote into the Record Route option as the packet passed.") },
  [F_EMPTY_RT] = { "ip.empty_rt", N_("Empty Route"), LSC_FT_IPV4,
                   .blurb = N_("A Record Route slot no router has filled yet.") },
  [F_SRC_RT] = { "ip.src_rt", N_("Source Route"), LSC_FT_IPV4,
                 .blurb = N_("A router the sender asked the packet to pass through (source routing, blocked by most networks).") },
  [F_OPT_OVERFLOW] = { "ip.opt.overflow", N_("Overflow"), LSC_FT_UINT, .bits = 8, .bitmask = 0xf0,
                       .blurb = N_("How many routers could not add a time stamp because the option was full.") },
  [F_OPT_FLAG] = { "ip.opt.flag", N_("Flag"), LSC_FT_UINT, .bits = 8, .bitmask = 0x0f, .vals = ts_flag_vals,
                   .blurb = N_("What each time stamp entry holds: only a time, or an address and a time.") },
  [F_OPT_TS] = { "ip.opt.time_stamp", N_("Time stamp"), LSC_FT_UINT,
                 .blurb = N_("Milliseconds since midnight UTC when a router handled the packet.") },
  [F_OPT_TS_ADDR] = { "ip.opt.time_stamp_addr", N_("Address"), LSC_FT_IPV4,
                      .blurb = N_("The router that wrote the following time stamp.") },
  [F_OPT_RA] = { "ip.opt.ra", N_("Router Alert"), LSC_FT_UINT,
                 .blurb = N_("Asks every router on the path to look at this packet closely (0 = examine packet); used by IGMP and RSVP, RFC 2113.") },
  [F_OPT_DATA] = { "ip.opt.data", N_("Data"), LSC_FT_BYTES, .blurb = N_("The option's bytes after its type and length, not decoded further.") },
  [F_OPT_PADDING] = { "ip.opt.padding", N_("Padding"), LSC_FT_BYTES,
                      .blurb = N_("Bytes after End of Options List that fill the header up to a multiple of 4 bytes.") },
  ADDR_ANALYSIS (SRC, "src"),
  ADDR_ANALYSIS (DST, "dst"),
  [F_SAME_SUBNET] = { "ip.same_subnet", N_("Same subnet"), LSC_FT_BOOL, .vals = same_vals,
                      .blurb = N_("Whether source and destination share a network under the given prefix: if so the sender delivers directly (ARP for the host), otherwise it sends to its gateway.") },
  { NULL }
};

/* The carried protocol's name for the Info column, only looked up when no
 * layer above writes the Info. */
static const char *
ipproto_name (guint8 proto)
{
  const char *n = lsc_value_string (lsc_ipproto_vals, proto);
  return n ? n : "?";
}

/* Every IPv4 packet gets these: a fixed sentence needs no formatting, which
 * keeps the summary pass over a large capture cheap. */
static void
(set_static_text) (LscTree *t, gint32 idx, const char *text)
{
  LscNode *n = lsc_tree_node_mut (t, idx);
  if (n)
    n->text = text;
}

static void
(add_static_note) (LscTree *t, gint32 parent, const char *text)
{
  gint32 i = lsc_tree_add (t, parent, &lsc_field_expert[0], 0, 0);
  (set_static_text) (t, i, text);
}

/* A summary-only tree drops both: the text (a translation lookup) is not
 * even looked up. */
#define set_static_text(t, idx, text) \
  G_STMT_START { if (!lsc_tree_is_summary_only (t)) (set_static_text) ((t), (idx), (text)); } G_STMT_END
#define add_static_note(t, parent, text) \
  G_STMT_START { if (!lsc_tree_is_summary_only (t)) (add_static_note) ((t), (parent), (text)); } G_STMT_END

static void
add_address_analysis (LscDissectCtx *c, gint32 anode, guint32 addr, gboolean dst)
{
  const LscField *f = lsc_fields_ip;
  LscTree *t = c->tree;
  int k = dst ? F_DST_CLASS - F_SRC_CLASS : 0;
  LscSubnetClass cl;
  char buf[48];
  gint32 n;

  /* Derived nodes only: nothing here reaches a summary line. */
  if (lsc_tree_is_summary_only (t))
    return;
  lsc_subnet_classify (addr, &cl);
  /* String values are what filters compare (ip.src.class == "C"); the detail goes in notes. */
  n = lsc_tree_add_string (t, anode, &f[F_SRC_CLASS + k], 0, 0, (char[]) { cl.klass, 0 }, 1);
  if (cl.default_prefix)
    lsc_tree_add_uint (t, anode, &f[F_SRC_MASK + k], 0, 0, lsc_subnet_mask (cl.default_prefix));
  else
    add_static_note (t, n, cl.klass == 'D' ? _("Class D is for multicast groups (RFC 1112, RFC 5771): no network/host split")
                                           : _("Class E is reserved (RFC 1112, RFC 6890): no network/host split"));

  n = lsc_tree_add_string (t, anode, &f[F_SRC_RANGE + k], 0, 0, _(cl.range_name), -1);
  add_static_note (t, n, _(cl.range_explain));
  if (!dst && (cl.range == LSC_SUBNET_RANGE_MULTICAST || cl.range == LSC_SUBNET_RANGE_LIMITED_BROADCAST))
    lsc_tree_add_note (t, anode, 1, 0, 0, _("A source address must name one host, not a group"));

  guint prefix = lsc_dissect_options_prefix_for (c->opt, addr);
  LscSubnet s;
  if (prefix == 0 || cl.klass == 'D' || cl.klass == 'E' || !lsc_subnet_compute (addr, prefix, &s))
    return;
  lsc_format_ipv4 (s.mask, buf);
  n = lsc_tree_add_uint (t, anode, &f[F_SRC_NETWORK + k], 0, 0, s.network);
  char net[48];
  lsc_format_ipv4 (s.network, net);
  lsc_tree_set_text (t, n, "%s/%u (mask %s)", net, prefix, buf);
  if (s.has_broadcast)
    lsc_tree_add_uint (t, anode, &f[F_SRC_BROADCAST + k], 0, 0, s.broadcast);
  lsc_tree_add_uint (t, anode, &f[F_SRC_FIRST + k], 0, 0, s.first_host);
  lsc_tree_add_uint (t, anode, &f[F_SRC_LAST + k], 0, 0, s.last_host);
  n = lsc_tree_add_uint (t, anode, &f[F_SRC_HOSTS + k], 0, 0, s.hosts);
  if (prefix == 31)
    lsc_tree_add_note (t, n, 0, 0, 0, _("A /31 is a point-to-point link: both addresses are hosts and there is no broadcast (RFC 3021)"));
  if (s.is_network)
    lsc_tree_add_note (t, anode, 0, 0, 0, _("This is the network address of its /%u subnet, not a host"), prefix);
  else if (s.is_broadcast)
    lsc_tree_add_note (t, anode, 0, 0, 0, _("This is the broadcast address of its /%u subnet: every host there receives the packet"), prefix);
}

/* One option; returns the bytes it takes, 0 to stop the walk. */
static guint32
add_option (LscDissectCtx *c, gint32 parent, const LscBuf *h, guint32 off, guint32 hlen)
{
  const LscField *f = lsc_fields_ip;
  LscTree *t = c->tree;
  guint8 type = lsc_buf_u8 (h, off);
  const char *name = lsc_value_string (opt_type_vals, type);
  guint32 abs = lsc_buf_abs (h, off);

  if (type == 0 || type == 1)
    {
      gint32 o = lsc_tree_add (t, parent, &f[F_OPT], abs, 1);
      lsc_tree_set_text (t, o, "%s", _(name));
      lsc_tree_add_uint (t, o, &f[F_OPT_TYPE], abs, 1, type);
      if (type == 0 && off + 1 < hlen)
        {
          const guint8 *p = lsc_buf_ptr (h, off + 1, hlen - off - 1);
          lsc_tree_add_bytes (t, parent, &f[F_OPT_PADDING], abs + 1, hlen - off - 1, p, p ? hlen - off - 1 : 0);
          return 0;
        }
      return type == 0 ? 0 : 1;
    }

  gint32 o = lsc_tree_add (t, parent, &f[F_OPT], abs, hlen - off);
  gint32 tn = lsc_tree_add_uint (t, o, &f[F_OPT_TYPE], abs, 1, type);
  lsc_tree_add_uint (t, tn, &f[F_OPT_COPY], abs, 1, type >> 7);
  lsc_tree_add_uint (t, tn, &f[F_OPT_CLASS], abs, 1, (type >> 5) & 3);
  lsc_tree_add_uint (t, tn, &f[F_OPT_NUMBER], abs, 1, type & 0x1f);
  if (off + 1 >= hlen)
    {
      lsc_tree_set_text (t, o, _("%s: length byte missing"), name ? _(name) : _("Unknown option"));
      lsc_tree_set_flags (t, o, LSC_NODE_MALFORMED);
      lsc_tree_add_note (t, o, 2, abs, 1, _("The option's length byte lies past the end of the header"));
      return 0;
    }
  guint8 len = lsc_buf_u8 (h, off + 1);
  gint32 ln = lsc_tree_add_uint (t, o, &f[F_OPT_LEN], abs + 1, 1, len);
  if (len < 2 || off + len > hlen)
    {
      lsc_tree_set_text (t, o, _("%s: bad length %u"), name ? _(name) : _("Unknown option"), len);
      lsc_tree_set_flags (t, o, LSC_NODE_MALFORMED);
      lsc_tree_set_flags (t, ln, LSC_NODE_MALFORMED);
      if (len < 2)
        lsc_tree_add_note (t, ln, 2, abs + 1, 1, _("Option length %u is less than 2 (the type and length bytes)"), len);
      else
        lsc_tree_add_note (t, ln, 2, abs + 1, 1, _("Option length %u runs past the end of the header (%u bytes left)"),
                           len, hlen - off);
      return 0;
    }
  lsc_tree_set_length (t, o, len);
  if (name)
    lsc_tree_set_text (t, o, g_dngettext (GETTEXT_PACKAGE, "%s (%u byte)", "%s (%u bytes)", len), _(name), len);
  else
    lsc_tree_set_text (t, o, _("Unknown option %u (%u bytes)"), type, len);

  gboolean bad = FALSE;
  switch (type)
    {
    case 7: case 131: case 137:
      {
        if (len < 3)
          {
            bad = TRUE;
            break;
          }
        guint8 ptr = lsc_buf_u8 (h, off + 2);
        gint32 pn = lsc_tree_add_uint (t, o, &f[F_OPT_PTR], abs + 2, 1, ptr);
        if (ptr < 4 || ptr % 4 != 0)
          {
            lsc_tree_set_flags (t, pn, LSC_NODE_MALFORMED);
            lsc_tree_add_note (t, pn, 2, abs + 2, 1, _("Pointer %u is not at an address slot (4, 8, 12 ...)"), ptr);
          }
        for (guint32 a = 3; a + 4 <= len; a += 4)
          {
            int fi = type != 7 ? F_SRC_RT : a + 1 < ptr ? F_REC_RT : F_EMPTY_RT;
            gint32 an = lsc_tree_add_uint (t, o, &f[fi], abs + a, 4, lsc_buf_u32 (h, off + a));
            if (a + 1 == ptr)
              lsc_tree_add_note (t, an, 0, 0, 0, type == 7 ? _("The next router writes its address here")
                                                           : _("The next hop to visit"));
          }
        if ((len - 3) % 4)
          bad = TRUE;
      }
      break;
    case 68:
      {
        if (len < 4)
          {
            bad = TRUE;
            break;
          }
        guint8 ptr = lsc_buf_u8 (h, off + 2), fl = lsc_buf_u8 (h, off + 3);
        lsc_tree_add_uint (t, o, &f[F_OPT_PTR], abs + 2, 1, ptr);
        lsc_tree_add_uint (t, o, &f[F_OPT_OVERFLOW], abs + 3, 1, fl >> 4);
        lsc_tree_add_uint (t, o, &f[F_OPT_FLAG], abs + 3, 1, fl & 15);
        guint32 step = (fl & 15) ? 8 : 4;
        for (guint32 a = 4; a + step <= len; a += step)
          {
            if (step == 8)
              lsc_tree_add_uint (t, o, &f[F_OPT_TS_ADDR], abs + a, 4, lsc_buf_u32 (h, off + a));
            lsc_tree_add_uint (t, o, &f[F_OPT_TS], abs + a + step - 4, 4, lsc_buf_u32 (h, off + a + step - 4));
          }
        if ((len - 4) % step)
          bad = TRUE;
      }
      break;
    case 148:
      if (len != 4)
        bad = TRUE;
      else
        {
          gint32 r = lsc_tree_add_uint (t, o, &f[F_OPT_RA], abs + 2, 2, lsc_buf_u16 (h, off + 2));
          if (lsc_buf_u16 (h, off + 2) == 0)
            lsc_tree_set_text (t, r, _("Router shall examine packet (0)"));
        }
      break;
    default:
      if (len > 2)
        lsc_tree_add_bytes (t, o, &f[F_OPT_DATA], abs + 2, len - 2u, lsc_buf_ptr (h, off + 2, len - 2u), len - 2u);
      break;
    }
  if (bad)
    {
      lsc_tree_set_flags (t, o, LSC_NODE_MALFORMED);
      lsc_tree_add_note (t, o, 2, abs + 1, 1, _("Length %u does not fit this option's layout"), len);
    }
  return len;
}

static void
add_options (LscDissectCtx *c, gint32 ip, const LscBuf *h, guint32 hlen)
{
  gint32 opts = lsc_tree_add (c->tree, ip, &lsc_fields_ip[F_OPTIONS], lsc_buf_abs (h, 20), hlen - 20);
  lsc_tree_set_text (c->tree, opts, g_dngettext (GETTEXT_PACKAGE, "%u byte", "%u bytes", hlen - 20),
                     hlen - 20);
  guint32 off = 20;
  /* Each step consumes at least one byte, so the walk ends within 40 steps. */
  while (off < hlen)
    {
      guint32 n = add_option (c, opts, h, off, hlen);
      if (n == 0)
        break;
      off += n;
    }
}

static void
add_flagged (LscTree *t, gint32 n, guint16 flags, const char *msg, guint32 off, guint32 len)
{
  lsc_tree_set_flags (t, n, flags);
  lsc_tree_add_note (t, n, 2, off, len, "%s", msg);
}

void
lsc_proto_ipv4 (LscDissectCtx *c, LscBuf b, gint32 parent)
{
  const LscField *f = lsc_fields_ip;
  LscTree *t = c->tree;
  LscPinfo *pi = c->pi;
  gboolean quoted = lsc_dissect_in_quote (c, parent);
  char sbuf[48], dbuf[48];

  guint8 vihl = lsc_buf_u8 (&b, 0);
  if (b.len && c->pkt->linktype == LSC_LINK_RAW && b.off == 0 && vihl >> 4 != 4 && vihl >> 4 != 6)
    {
      /* Raw IP has no type field: the version nibble is all there is, and it names no IP. */
      lsc_tree_add_note (t, parent, 2, 0, b.len, _("Raw IP packet with version %u: neither IPv4 nor IPv6"), vihl >> 4);
      lsc_string_printf (pi->info, _("Raw packet data, IP version %u"), vihl >> 4);
      lsc_proto_data (c, b, parent);
      return;
    }
  guint32 had_ip4 = pi->has & LSC_HAS_IP4;
  pi->has |= LSC_HAS_IP4;
  pi->protocol = "IPv4";
  guint32 hlen = (vihl & 15u) * 4;
  gint32 ip = lsc_tree_add_proto (t, parent, &f[F_IP], lsc_buf_abs (&b, 0), MIN (b.len, MAX (hlen, 20u)));
  if (b.len == 0)
    {
      add_flagged (t, ip, LSC_NODE_TRUNCATED, _("IPv4 header missing: no bytes captured"), lsc_buf_abs (&b, 0), 0);
      g_string_assign (pi->info, _("Truncated IPv4 header"));
      return;
    }

  guint version = vihl >> 4;
  gint32 vn = lsc_tree_add_uint (t, ip, &f[F_VERSION], lsc_buf_abs (&b, 0), 1, version);
  if (version != 4)
    {
      /* Nothing after a wrong version can be trusted as IPv4.  An IPv6 header
       * behind the IPv4 type is still IPv6, so it is decoded as such. */
      add_flagged (t, vn, LSC_NODE_MALFORMED,
                   version == 6 ? _("Version 6 where IPv4 was announced: decoded as IPv6 below")
                                : _("Version is not 4: this is not an IPv4 header"),
                   lsc_buf_abs (&b, 0), 1);
      lsc_tree_set_length (t, ip, 1);
      pi->has = (pi->has & ~LSC_HAS_IP4) | had_ip4;
      if (version == 6)
        lsc_proto_ipv6 (c, b, parent);
      else if (!quoted)
        lsc_string_printf (pi->info, _("Bogus IP version (%u)"), version);
      return;
    }
  gint32 hn = lsc_tree_add_uint (t, ip, &f[F_HDR_LEN], lsc_buf_abs (&b, 0), 1, hlen);
  if (hlen == 20)
    set_static_text (t, hn, _("20 bytes (5)"));
  else
    lsc_tree_set_text (t, hn, _("%u bytes (%u)"), hlen, vihl & 15u);
  if (hlen < 20)
    {
      /* Where the fields end is unknown, so none is shown. */
      add_flagged (t, hn, LSC_NODE_MALFORMED, _("Header length below the 20-byte minimum (IHL < 5)"), lsc_buf_abs (&b, 0), 1);
      lsc_tree_set_length (t, ip, 1);
      if (!quoted)
        lsc_string_printf (pi->info, _("Bogus IPv4 header length (%u bytes, must be at least 20)"), hlen);
      return;
    }

  if (lsc_buf_has (&b, 1, 1))
    {
      guint8 ds = lsc_buf_u8 (&b, 1);
      gint32 d = lsc_tree_add_uint (t, ip, &f[F_DSFIELD], lsc_buf_abs (&b, 1), 1, ds);
      if (ds == 0)
        set_static_text (t, d, _("0x00 (DSCP: Default (CS0), ECN: Not-ECT)"));
      else if (!lsc_tree_is_summary_only (t))
        {
          const char *dn = lsc_value_string (dscp_vals, ds >> 2u);
          lsc_tree_set_text (t, d, "0x%02x (DSCP: %s, ECN: %s)", ds, dn ? _(dn) : "?",
                             (const char *[]) { "Not-ECT", "ECT(1)", "ECT(0)", "CE" }[ds & 3]);
        }
      lsc_tree_add_uint (t, d, &f[F_DSCP], lsc_buf_abs (&b, 1), 1, ds >> 2);
      lsc_tree_add_uint (t, d, &f[F_ECN], lsc_buf_abs (&b, 1), 1, ds & 3);
    }
  guint16 tl = lsc_buf_u16 (&b, 2);
  gint32 tln = -1;
  gboolean tso = FALSE;
  if (lsc_buf_has (&b, 2, 2))
    tln = lsc_tree_add_uint (t, ip, &f[F_LEN], lsc_buf_abs (&b, 2), 2, tl);
  if (tln >= 0 && tl < hlen)
    {
      if (tl == 0 && !quoted && b.reported > hlen)
        {
          /* Segmentation offload: the NIC fills the length in after capture. */
          tso = TRUE;
          lsc_tree_set_text (t, tln, _("0 (assumed to be set later by TCP segmentation offload)"));
          lsc_tree_add_note (t, tln, 1, 0, 0, _("Total length 0: the capture saw the packet before the network card filled it in"));
        }
      else
        {
          /* The rest of the header cannot be placed: stop here, as Wireshark does. */
          add_flagged (t, tln, LSC_NODE_MALFORMED,
                       lsc_tree_strdup_printf (t, _("Total length %u is less than the header length %u"), tl, hlen),
                       lsc_buf_abs (&b, 2), 2);
          if (!quoted)
            lsc_string_printf (pi->info, _("Bogus IPv4 total length (%u, header is %u bytes)"), tl, hlen);
          return;
        }
    }
  guint16 id = lsc_buf_u16 (&b, 4);
  if (lsc_buf_has (&b, 4, 2))
    lsc_tree_add_uint (t, ip, &f[F_ID], lsc_buf_abs (&b, 4), 2, id);
  guint16 ff = lsc_buf_u16 (&b, 6);
  guint32 frag_off = (ff & 0x1fffu) * 8u;
  gboolean mf = (ff & 0x2000) != 0;
  if (lsc_buf_has (&b, 6, 2))
    {
      guint8 fl = ff >> 13;
      gint32 fn = lsc_tree_add_uint (t, ip, &f[F_FLAGS], lsc_buf_abs (&b, 6), 1, fl);
      set_static_text (t, fn, _(flags_text[fl & 7]));
      gint32 rb = lsc_tree_add_uint (t, fn, &f[F_FLAGS_RB], lsc_buf_abs (&b, 6), 1, (fl >> 2) & 1);
      if (fl & 4)
        lsc_tree_add_note (t, rb, 1, 0, 0, _("The reserved bit must be 0"));
      lsc_tree_add_uint (t, fn, &f[F_FLAGS_DF], lsc_buf_abs (&b, 6), 1, (fl >> 1) & 1);
      lsc_tree_add_uint (t, fn, &f[F_FLAGS_MF], lsc_buf_abs (&b, 6), 1, fl & 1);
      gint32 on = lsc_tree_add_uint (t, ip, &f[F_FRAG_OFFSET], lsc_buf_abs (&b, 6), 2, ff & 0x1fffu);
      if (frag_off)
        lsc_tree_set_text (t, on, _("%u (byte %u of the original packet)"), ff & 0x1fffu, frag_off);
      if ((ff & 0x4000) && (mf || frag_off))
        lsc_tree_add_note (t, fn, 1, 0, 0, _("Don't fragment is set on a fragment"));
    }
  guint8 ttl = lsc_buf_u8 (&b, 8);
  if (lsc_buf_has (&b, 8, 1))
    {
      gint32 tn = lsc_tree_add_uint (t, ip, &f[F_TTL], lsc_buf_abs (&b, 8), 1, ttl);
      if (ttl == 0 && !quoted)
        lsc_tree_add_note (t, tn, 1, 0, 0, _("TTL 0: a router must not forward this packet"));
      else if (ttl == 64 || ttl == 128 || ttl == 255)
        add_static_note (t, tn, _("A usual starting value (64 Linux/macOS, 128 Windows, 255 network gear): no router has forwarded the packet yet"));
      else if (ttl < 255)
        {
          /* Senders start from one of a few defaults, so the gap tells the hops. */
          guint start = ttl < 64 ? 64 : ttl < 128 ? 128 : 255;
          lsc_tree_add_note (t, tn, 0, 0, 0, _("Probably sent with %u: about %u routers forwarded it"), start, start - ttl);
        }
    }
  guint8 proto = lsc_buf_u8 (&b, 9);
  if (lsc_buf_has (&b, 9, 1))
    lsc_tree_add_uint (t, ip, &f[F_PROTO], lsc_buf_abs (&b, 9), 1, proto);

  guint16 ck = lsc_buf_u16 (&b, 10);
  if (lsc_buf_has (&b, 10, 2))
    {
      gint32 cn = lsc_tree_add_uint (t, ip, &f[F_CHECKSUM], lsc_buf_abs (&b, 10), 2, ck);
      /* A summary-only pass shows no verdict, so it skips the sum. */
      gboolean verify = lsc_buf_has (&b, 0, hlen) && !lsc_tree_is_summary_only (t);
      lsc_dissect_checksum (c, cn, &f[F_CHECKSUM_STATUS], &f[F_CHECKSUM_CALC], ck,
                            verify ? lsc_inet_sum (b.data, hlen, 0) : 0, verify, -1);
    }

  guint32 src = lsc_buf_u32 (&b, 12), dst = lsc_buf_u32 (&b, 16);
  if (lsc_buf_has (&b, 12, 4))
    {
      gint32 sn = lsc_tree_add_uint (t, ip, &f[F_SRC], lsc_buf_abs (&b, 12), 4, src);
      gint32 h = lsc_tree_add_uint (t, ip, &f[F_ADDR], lsc_buf_abs (&b, 12), 4, src);
      lsc_tree_hide (t, h);
      add_address_analysis (c, sn, src, FALSE);
    }
  if (lsc_buf_has (&b, 16, 4))
    {
      gint32 dn = lsc_tree_add_uint (t, ip, &f[F_DST], lsc_buf_abs (&b, 16), 4, dst);
      gint32 h = lsc_tree_add_uint (t, ip, &f[F_ADDR], lsc_buf_abs (&b, 16), 4, dst);
      lsc_tree_hide (t, h);
      add_address_analysis (c, dn, dst, TRUE);
      /* The sender decides with its own mask whether to deliver directly. */
      guint prefix = lsc_dissect_options_prefix_for (c->opt, src);
      if (!prefix)
        prefix = lsc_dissect_options_prefix_for (c->opt, dst);
      if (prefix && prefix <= 32)
        lsc_tree_add_uint (t, ip, &f[F_SAME_SUBNET], 0, 0, lsc_subnet_same (src, dst, prefix));
    }
  lsc_format_ipv4 (src, sbuf);
  lsc_format_ipv4 (dst, dbuf);
  lsc_tree_set_text (t, ip, _("Internet Protocol Version 4, Src: %s, Dst: %s"), sbuf, dbuf);

  if (!lsc_buf_has (&b, 0, hlen))
    {
      add_flagged (t, ip, LSC_NODE_TRUNCATED,
                   lsc_tree_strdup_printf (t, _("IPv4 header cut short: %u of %u bytes captured"), b.len, hlen),
                   lsc_buf_abs (&b, 0), b.len);
      if (!quoted)
        g_string_assign (pi->info, _("Truncated IPv4 header"));
      return;
    }
  if (hlen > 20)
    add_options (c, ip, &b, hlen);

  /* How long the packet says it is; never trust it further than the frame goes. */
  guint32 len = tso ? b.reported : tl;
  if (!tso && tl > b.reported)
    {
      if (quoted)
        lsc_tree_add_note (t, tln, 0, 0, 0, _("Only the first %u bytes of the original %u-byte packet are quoted"),
                           b.reported, tl);
      else
        add_flagged (t, tln, LSC_NODE_MALFORMED,
                     lsc_tree_strdup_printf (t, _("Total length %u runs past the end of the frame (%u bytes left)"), tl, b.reported),
                     lsc_buf_abs (&b, 2), 2);
    }

  /* From here on the packet is a sound IPv4 header. */
  pi->l3_family = 4;
  memset (pi->l3_src, 0, sizeof pi->l3_src);
  memset (pi->l3_dst, 0, sizeof pi->l3_dst);
  lsc_buf_copy (&b, 12, pi->l3_src, 4);
  lsc_buf_copy (&b, 16, pi->l3_dst, 4);
  pi->ttl = ttl;
  pi->ip_len = len;
  pi->l4_len = len - hlen;
  if (!pi->l3_len)
    {
      pi->l3_len = len;
      pi->l3_off = lsc_buf_abs (&b, 0);
    }
  lsc_dissect_set_columns (pi, sbuf, dbuf);

  LscBuf payload = lsc_buf_sub (&b, hlen, len - hlen);
  if (mf || frag_off)
    {
      pi->has |= LSC_HAS_FRAG;
      if (frag_off)
        lsc_tree_add_note (t, ip, 0, 0, 0, _("Fragment at byte %u of the original packet: its transport header travelled in the first fragment"),
                           frag_off);
      else
        lsc_tree_add_note (t, ip, 0, 0, 0, _("First fragment: more follow, and the receiver joins them by their identification"));
      gboolean defer = !quoted && c->opt && c->opt->reassemble && !pi->frag_family;
      if (frag_off || defer)
        {
          if (!quoted)
            lsc_string_printf (pi->info, _("Fragmented IP protocol (proto=%s %u, off=%u, ID=%04x)"),
                             ipproto_name (proto), proto, frag_off, id);
          if (defer)
            {
              /* The reassembly adds the payload: as data, or the whole
               * datagram decoded once this fragment completes it. */
              pi->frag_family = 4;
              pi->frag_proto = proto;
              pi->frag_more = mf;
              pi->frag_id = id;
              pi->frag_offset = frag_off;
              pi->frag_len = payload.reported;
              pi->frag_data_off = lsc_buf_abs (&b, hlen);
              pi->frag_ip_node = ip;
              return;
            }
          lsc_proto_data (c, payload, parent);
          return;
        }
    }
  pi->ip_proto = proto;
  /* The layer above writes the Info column; only when none does, say what IP carries. */
  if (!quoted)
    g_string_truncate (pi->info, 0);
  lsc_dissect_ipproto (c, proto, payload, parent);
  if (!quoted && pi->info->len == 0 && !pi->tcp_info_deferred)
    {
      if (mf)
        lsc_string_printf (pi->info, _("Fragmented IP protocol (proto=%s %u, off=0, ID=%04x)"), ipproto_name (proto), proto, id);
      else
        lsc_string_printf (pi->info, _("%s → %s, protocol %s (%u)"), sbuf, dbuf, ipproto_name (proto), proto);
    }
}

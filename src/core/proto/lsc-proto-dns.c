/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-proto-dns.c — Domain Name System messages over UDP and TCP (RFC 1035)
 *
 * Names may be compressed: a two-byte pointer refers back to an earlier copy
 * of the rest of the name.  A pointer is only followed when it points strictly
 * before the start of the labels being read, so every jump goes backwards and
 * reading always ends; loops, forward and out-of-range pointers, labels over
 * 63 bytes and names over 255 bytes are reported instead.  Counts in the
 * header are never trusted: records are read while bytes remain.
 */
#include "lsc-dissect.h"
#include "lsc-format.h"

#include <glib/gi18n-lib.h>
#include <string.h>

enum {
  F_DNS, F_LENGTH, F_ID, F_FLAGS, F_FL_RESPONSE, F_FL_OPCODE, F_FL_AUTH, F_FL_TRUNC, F_FL_RD, F_FL_RA,
  F_FL_Z, F_FL_AD, F_FL_CD, F_FL_RCODE, F_QDCOUNT, F_ANCOUNT, F_NSCOUNT, F_ARCOUNT, F_QRY_NAME,
  F_QRY_NAME_LEN, F_LABELS, F_QRY_TYPE, F_QRY_CLASS, F_RESP_NAME, F_RESP_TYPE, F_RESP_CLASS,
  F_RESP_TTL, F_RESP_LEN, F_A, F_AAAA, F_CNAME, F_NS, F_PTR, F_MX_PREF, F_MX, F_TXT_LEN, F_TXT,
  F_SOA_MNAME, F_SOA_RNAME, F_SOA_SERIAL, F_SOA_REFRESH, F_SOA_RETRY, F_SOA_EXPIRE, F_SOA_MINIMUM,
  F_UDP_SIZE, F_EXT_RCODE, F_EDNS_VERSION, F_EDNS_Z, F_EDNS_DO, F_OPT, F_OPT_CODE, F_OPT_LEN, F_OPT_DATA,
  F_DATA, F_QRY_QU, F_CACHE_FLUSH,
};

static const LscValueString opcodes[] = {
  { 0, N_("Standard query") }, { 1, N_("Inverse query") }, { 2, N_("Server status request") },
  { 4, N_("Zone change notification") }, { 5, N_("Dynamic update") }, { 6, N_("DNS Stateful operations") },
  { 0, NULL }
};

static const LscValueString rcodes[] = {
  { 0, N_("No error") }, { 1, N_("Format error") }, { 2, N_("Server failure") }, { 3, N_("No such name") },
  { 4, N_("Not implemented") }, { 5, N_("Refused") }, { 6, N_("Name exists") }, { 7, N_("RRset exists") },
  { 8, N_("RRset does not exist") }, { 9, N_("Not authoritative") }, { 10, N_("Name out of zone") },
  { 0, NULL }
};

/* Type mnemonics are protocol words, not translated. */
static const LscValueString rr_types[] = {
  { 1, "A" }, { 2, "NS" }, { 5, "CNAME" }, { 6, "SOA" }, { 12, "PTR" }, { 13, "HINFO" }, { 15, "MX" },
  { 16, "TXT" }, { 28, "AAAA" }, { 33, "SRV" }, { 35, "NAPTR" }, { 41, "OPT" }, { 43, "DS" },
  { 46, "RRSIG" }, { 47, "NSEC" }, { 48, "DNSKEY" }, { 64, "SVCB" }, { 65, "HTTPS" }, { 99, "SPF" },
  { 251, "IXFR" }, { 252, "AXFR" }, { 255, "ANY" }, { 257, "CAA" }, { 0, NULL }
};

static const LscValueString rr_classes[] = {
  { 1, "IN" }, { 3, "CH" }, { 4, "HS" }, { 254, "NONE" }, { 255, "ANY" }, { 0, NULL }
};

static const LscValueString is_response_vals[] = {
  { 0, N_("Message is a query") }, { 1, N_("Message is a response") }, { 0, NULL }
};

const LscField lsc_fields_dns[] = {
  [F_DNS] = { "dns", N_("Domain Name System"), LSC_FT_PROTOCOL, .layer = LSC_OSI_APPLICATION, .short_name = "DNS",
              .blurb = N_("DNS turns names like example.lab into addresses: a client asks a question, a server answers with resource records (RFC 1035).") },
  [F_LENGTH] = { "dns.length", N_("Length"), LSC_FT_UINT,
                 .blurb = N_("Over TCP every DNS message starts with its length in two bytes, because TCP is a stream without message boundaries.") },
  [F_ID] = { "dns.id", N_("Transaction ID"), LSC_FT_UINT, LSC_BASE_HEX, 16,
             .blurb = N_("A number the client picks; the server copies it into the response so the client can match answers to questions.") },
  [F_FLAGS] = { "dns.flags", N_("Flags"), LSC_FT_UINT, LSC_BASE_HEX, 16,
                .blurb = N_("Sixteen bits saying whether this is a query or a response, what kind of query, and how it went.") },
  [F_FL_RESPONSE] = { "dns.flags.response", N_("Response"), LSC_FT_BOOL, .bits = 16, .bitmask = 0x8000, .vals = is_response_vals,
                      .blurb = N_("QR bit: 0 for a query, 1 for a response.") },
  [F_FL_OPCODE] = { "dns.flags.opcode", N_("Opcode"), LSC_FT_UINT, .bits = 16, .bitmask = 0x7800, .vals = opcodes,
                    .blurb = N_("Kind of query: 0 is a standard query (name to records).") },
  [F_FL_AUTH] = { "dns.flags.authoritative", N_("Authoritative"), LSC_FT_BOOL, .bits = 16, .bitmask = 0x0400,
                  .blurb = N_("AA bit: the answering server is responsible for this zone, not a cache.") },
  [F_FL_TRUNC] = { "dns.flags.truncated", N_("Truncated"), LSC_FT_BOOL, .bits = 16, .bitmask = 0x0200,
                   .blurb = N_("TC bit: the answer did not fit into the UDP datagram; the client should ask again over TCP.") },
  [F_FL_RD] = { "dns.flags.recdesired", N_("Recursion desired"), LSC_FT_BOOL, .bits = 16, .bitmask = 0x0100,
                .blurb = N_("RD bit: the client wants the server to chase the answer through other servers for it.") },
  [F_FL_RA] = { "dns.flags.recavail", N_("Recursion available"), LSC_FT_BOOL, .bits = 16, .bitmask = 0x0080,
                .blurb = N_("RA bit: the server is willing to do recursive lookups.") },
  [F_FL_Z] = { "dns.flags.z", N_("Z"), LSC_FT_BOOL, .bits = 16, .bitmask = 0x0040,
               .blurb = N_("Reserved bit; must be zero.") },
  [F_FL_AD] = { "dns.flags.authenticated", N_("Answer authenticated"), LSC_FT_BOOL, .bits = 16, .bitmask = 0x0020,
                .blurb = N_("AD bit: the server checked the answer's DNSSEC signatures (RFC 4035).") },
  [F_FL_CD] = { "dns.flags.checkdisable", N_("Non-authenticated data"), LSC_FT_BOOL, .bits = 16, .bitmask = 0x0010,
                .blurb = N_("CD bit: the client accepts answers whose DNSSEC signatures were not checked.") },
  [F_FL_RCODE] = { "dns.flags.rcode", N_("Reply code"), LSC_FT_UINT, .bits = 16, .bitmask = 0x000f, .vals = rcodes,
                   .blurb = N_("How the query went: 0 no error, 3 no such name (NXDOMAIN), 2 server failure, 5 refused.") },
  [F_QDCOUNT] = { "dns.count.queries", N_("Questions"), LSC_FT_UINT,
                  .blurb = N_("How many questions follow the header; almost always 1.") },
  [F_ANCOUNT] = { "dns.count.answers", N_("Answer RRs"), LSC_FT_UINT,
                  .blurb = N_("How many answer records follow the questions.") },
  [F_NSCOUNT] = { "dns.count.auth_rr", N_("Authority RRs"), LSC_FT_UINT,
                  .blurb = N_("How many records name the servers responsible for the zone.") },
  [F_ARCOUNT] = { "dns.count.add_rr", N_("Additional RRs"), LSC_FT_UINT,
                  .blurb = N_("How many extra records follow (addresses of those servers, the EDNS OPT record).") },
  [F_QRY_NAME] = { "dns.qry.name", N_("Name"), LSC_FT_STRING,
                   .blurb = N_("The name asked about; on the wire each label is a length byte and its characters, ended by a zero byte.") },
  [F_QRY_NAME_LEN] = { "dns.qry.name.len", N_("Name Length"), LSC_FT_UINT,
                       .blurb = N_("Characters in the name as text.") },
  [F_LABELS] = { "dns.count.labels", N_("Label Count"), LSC_FT_UINT,
                 .blurb = N_("How many dot-separated labels the name has.") },
  [F_QRY_TYPE] = { "dns.qry.type", N_("Type"), LSC_FT_UINT, .vals = rr_types,
                   .blurb = N_("What kind of record is wanted: A (IPv4 address), AAAA (IPv6), MX (mail server), CNAME (alias) ...") },
  [F_QRY_CLASS] = { "dns.qry.class", N_("Class"), LSC_FT_UINT, LSC_BASE_HEX, 16, .vals = rr_classes,
                    .blurb = N_("The namespace; IN (Internet) in practice.") },
  [F_RESP_NAME] = { "dns.resp.name", N_("Name"), LSC_FT_STRING,
                    .blurb = N_("The name this record is about, often a compression pointer back to the question.") },
  [F_RESP_TYPE] = { "dns.resp.type", N_("Type"), LSC_FT_UINT, .vals = rr_types,
                    .blurb = N_("What kind of data the record holds.") },
  [F_RESP_CLASS] = { "dns.resp.class", N_("Class"), LSC_FT_UINT, LSC_BASE_HEX, 16, .vals = rr_classes,
                     .blurb = N_("The record's namespace; IN (Internet) in practice.") },
  [F_RESP_TTL] = { "dns.resp.ttl", N_("Time to live"), LSC_FT_UINT, .bits = 32,
                   .blurb = N_("Seconds a resolver may cache this record before asking again.") },
  [F_RESP_LEN] = { "dns.resp.len", N_("Data length"), LSC_FT_UINT,
                   .blurb = N_("Length of the record data (RDATA) in bytes.") },
  [F_A] = { "dns.a", N_("Address"), LSC_FT_IPV4,
            .blurb = N_("An IPv4 address for the name (A record).") },
  [F_AAAA] = { "dns.aaaa", N_("AAAA Address"), LSC_FT_IPV6,
               .blurb = N_("An IPv6 address for the name (AAAA record).") },
  [F_CNAME] = { "dns.cname", N_("CNAME"), LSC_FT_STRING,
                .blurb = N_("The canonical name: the name is an alias and the lookup continues with this one.") },
  [F_NS] = { "dns.ns", N_("Name Server"), LSC_FT_STRING,
             .blurb = N_("A server that is authoritative for the zone.") },
  [F_PTR] = { "dns.ptr.domain_name", N_("Domain Name"), LSC_FT_STRING,
              .blurb = N_("The name an address maps back to (reverse lookup, PTR record).") },
  [F_MX_PREF] = { "dns.mx.preference", N_("Preference"), LSC_FT_UINT,
                  .blurb = N_("Mail servers with a lower preference are tried first.") },
  [F_MX] = { "dns.mx.mail_exchange", N_("Mail Exchange"), LSC_FT_STRING,
             .blurb = N_("A server that accepts mail for the name.") },
  [F_TXT_LEN] = { "dns.txt.length", N_("TXT Length"), LSC_FT_UINT,
                  .blurb = N_("Length of the following text string.") },
  [F_TXT] = { "dns.txt", N_("TXT"), LSC_FT_STRING,
              .blurb = N_("Free text attached to the name (used for SPF, domain verification ...).") },
  [F_SOA_MNAME] = { "dns.soa.mname", N_("Primary name server"), LSC_FT_STRING,
                    .blurb = N_("The main authoritative server of the zone (SOA record).") },
  [F_SOA_RNAME] = { "dns.soa.rname", N_("Responsible authority's mailbox"), LSC_FT_STRING,
                    .blurb = N_("Mailbox of the zone's administrator, with the first dot meaning @.") },
  [F_SOA_SERIAL] = { "dns.soa.serial_number", N_("Serial Number"), LSC_FT_UINT, .bits = 32,
                     .blurb = N_("Version number of the zone; secondaries copy it again when it grows.") },
  [F_SOA_REFRESH] = { "dns.soa.refresh_interval", N_("Refresh Interval"), LSC_FT_UINT, .bits = 32,
                      .blurb = N_("Seconds between checks of the serial by secondary servers.") },
  [F_SOA_RETRY] = { "dns.soa.retry_interval", N_("Retry Interval"), LSC_FT_UINT, .bits = 32,
                    .blurb = N_("Seconds to wait before retrying a failed refresh.") },
  [F_SOA_EXPIRE] = { "dns.soa.expire_limit", N_("Expire limit"), LSC_FT_UINT, .bits = 32,
                     .blurb = N_("Seconds after which a secondary that cannot refresh stops answering for the zone.") },
  [F_SOA_MINIMUM] = { "dns.soa.minimum_ttl", N_("Minimum TTL"), LSC_FT_UINT, .bits = 32,
                      .blurb = N_("How long resolvers may cache a negative answer (no such name), RFC 2308.") },
  [F_UDP_SIZE] = { "dns.rr.udp_payload_size", N_("UDP payload size"), LSC_FT_UINT,
                   .blurb = N_("In the EDNS OPT record: the largest UDP answer the sender can take (RFC 6891).") },
  [F_EXT_RCODE] = { "dns.resp.ext_rcode", N_("Higher bits in extended RCODE"), LSC_FT_UINT, LSC_BASE_HEX, 8,
                    .blurb = N_("EDNS: upper 8 bits of a 12-bit reply code.") },
  [F_EDNS_VERSION] = { "dns.resp.edns0_version", N_("EDNS0 version"), LSC_FT_UINT,
                       .blurb = N_("EDNS version; 0 is the only one defined.") },
  [F_EDNS_Z] = { "dns.resp.z", N_("Z"), LSC_FT_UINT, LSC_BASE_HEX, 16,
                 .blurb = N_("EDNS flags; only the DO bit is defined.") },
  [F_EDNS_DO] = { "dns.resp.z.do", N_("DO bit"), LSC_FT_BOOL, .bits = 16, .bitmask = 0x8000,
                  .blurb = N_("The sender wants DNSSEC signatures in the answer.") },
  [F_OPT] = { "dns.opt", N_("Option"), LSC_FT_NONE,
              .blurb = N_("One EDNS option inside the OPT record: a code, a length and data.") },
  [F_OPT_CODE] = { "dns.opt.code", N_("Option Code"), LSC_FT_UINT,
                   .blurb = N_("Which EDNS option this is, e.g. 10 cookie, 8 client subnet, 12 padding.") },
  [F_OPT_LEN] = { "dns.opt.len", N_("Option Length"), LSC_FT_UINT,
                  .blurb = N_("Bytes of option data.") },
  [F_OPT_DATA] = { "dns.opt.data", N_("Option Data"), LSC_FT_BYTES,
                   .blurb = N_("The option's data.") },
  [F_DATA] = { "dns.data", N_("Data"), LSC_FT_BYTES,
               .blurb = N_("Record data of a type not decoded here.") },
  [F_QRY_QU] = { "dns.qry.qu", N_("\"QU\" question"), LSC_FT_BOOL, .bits = 16, .bitmask = 0x8000,
                 .blurb = N_("Multicast DNS: the top bit of the class asks for a unicast reply instead of a multicast one (RFC 6762).") },
  [F_CACHE_FLUSH] = { "dns.resp.cache_flush", N_("Cache flush"), LSC_FT_BOOL, .bits = 16, .bitmask = 0x8000,
                      .blurb = N_("Multicast DNS: the top bit of the class tells others to replace what they cached for this name (RFC 6762).") },
  { NULL }
};

/* Why a name could not be read. */
typedef enum {
  NAME_OK,
  NAME_SHORT,        /* ran out of bytes */
  NAME_LOOP,         /* a pointer leads back to where reading already was */
  NAME_FORWARD,      /* a pointer to a later position */
  NAME_OUT_OF_RANGE, /* a pointer past the end of the message */
  NAME_BAD_LABEL,    /* label length > 63 (the 0x40/0x80 label types) */
  NAME_TOO_LONG,     /* more than 255 bytes */
} NameError;

#define MAX_JUMPS 32

typedef struct {
  char text[1100];  /* 255 wire bytes, each printed as at most 4 characters */
  guint32 consumed; /* bytes at the start position (up to and including the first pointer) */
  gboolean skippable; /* on error: consumed is still right (a bad pointer), so reading can go on after it */
  guint labels;
  guint len;        /* of text */
  NameError err;
  guint32 err_off;  /* message offset of the offending byte */
} Name;

static const char *
name_error_text (NameError e)
{
  switch (e)
    {
    case NAME_SHORT: return N_("the name runs past the end of the message");
    case NAME_LOOP: return N_("compression pointer loop");
    case NAME_FORWARD: return N_("compression pointer points forward, not to an earlier name");
    case NAME_OUT_OF_RANGE: return N_("compression pointer points past the end of the message");
    case NAME_BAD_LABEL: return N_("label length over 63 (unknown label type)");
    case NAME_TOO_LONG: return N_("name longer than 255 bytes");
    case NAME_OK:
    default: return "";
    }
}

/* The value a bad name gets, in Wireshark's words where it has them. */
static const char *
name_error_value (NameError e)
{
  switch (e)
    {
    case NAME_LOOP: return "<Name contains a pointer that loops>";
    case NAME_FORWARD: return "<Name contains a forward pointer>";
    case NAME_OUT_OF_RANGE: return "<Name contains a pointer past the end>";
    case NAME_BAD_LABEL: return "<Unknown extended label>";
    case NAME_TOO_LONG: return "<Name too long>";
    case NAME_SHORT:
    case NAME_OK:
    default: return "";
    }
}

/* Read a possibly compressed name at off of message m. */
static void
read_name (const LscBuf *m, guint32 off, Name *nm)
{
  guint32 pos = off;
  guint32 run_start = off;       /* where the labels being read began */
  guint32 wire = 0;              /* wire bytes of the name, for the 255 limit */
  guint32 visited[MAX_JUMPS];
  guint jumps = 0;
  gsize tl = 0;

  nm->consumed = 0;
  nm->skippable = FALSE;
  nm->labels = 0;
  nm->err = NAME_OK;
  nm->text[0] = '\0';

  for (;;)
    {
      if (!lsc_buf_has (m, pos, 1))
        {
          nm->err = NAME_SHORT;
          nm->err_off = pos;
          break;
        }
      guint8 len = lsc_buf_u8 (m, pos);
      if ((len & 0xc0) == 0xc0)
        {
          if (!lsc_buf_has (m, pos, 2))
            {
              nm->err = NAME_SHORT;
              nm->err_off = pos;
              break;
            }
          guint32 target = lsc_buf_u16 (m, pos) & 0x3fff;
          if (jumps == 0)
            nm->consumed = pos + 2 - off;
          gboolean seen = target == pos;
          for (guint k = 0; k < jumps; k++)
            seen |= visited[k] == target;
          nm->err_off = pos;
          if (seen || (target >= run_start && target < pos))
            nm->err = NAME_LOOP;
          else if (target >= m->reported)
            nm->err = NAME_OUT_OF_RANGE;
          else if (target > pos)
            nm->err = NAME_FORWARD;
          else if (jumps >= MAX_JUMPS)
            nm->err = NAME_LOOP;
          if (nm->err != NAME_OK)
            {
              /* Like Wireshark, a pointer out of the message ends the decoding. */
              nm->skippable = nm->err != NAME_OUT_OF_RANGE;
              break;
            }
          visited[jumps++] = target;
          pos = run_start = target;
          continue;
        }
      if (len & 0xc0)
        {
          nm->err = NAME_BAD_LABEL;
          nm->err_off = pos;
          break;
        }
      wire += 1u + len;
      if (wire > 255)
        {
          nm->err = NAME_TOO_LONG;
          nm->err_off = pos;
          break;
        }
      if (len == 0)
        {
          if (jumps == 0)
            nm->consumed = pos + 1 - off;
          break;
        }
      if (!lsc_buf_has (m, pos + 1, len))
        {
          nm->err = NAME_SHORT;
          nm->err_off = pos;
          break;
        }
      if (nm->labels++)
        nm->text[tl++] = '.';
      const guint8 *label = m->data + pos + 1;
      for (guint k = 0; k < len; k++)
        {
          guint8 ch = label[k];
          if (G_LIKELY (ch > 0x20 && ch < 0x7f && ch != '.' && ch != '\\'))
            nm->text[tl++] = (char) ch;
          else if (ch == '.' || ch == '\\')
            {
              nm->text[tl++] = '\\';
              nm->text[tl++] = (char) ch;
            }
          else
            {
              /* "\\%03u" */
              nm->text[tl++] = '\\';
              nm->text[tl++] = (char) ('0' + ch / 100);
              nm->text[tl++] = (char) ('0' + ch / 10 % 10);
              nm->text[tl++] = (char) ('0' + ch % 10);
            }
        }
      pos += 1u + len;
    }
  nm->text[tl] = '\0';
  nm->len = (guint) tl;
  if (nm->err != NAME_OK && nm->consumed == 0)
    nm->consumed = (nm->err_off > off ? nm->err_off - off : 0) + (lsc_buf_has (m, nm->err_off, 1) ? 1 : 0);
  if (nm->labels == 0 && nm->err == NAME_OK)
    {
      strcpy (nm->text, "<Root>");
      nm->len = 6;
    }
}

typedef struct {
  LscDissectCtx *c;
  const LscBuf *m;
  gboolean cut;        /* the message is longer than the bytes we have (snap length or TCP segment) */
  gboolean mdns;       /* multicast DNS: the class's top bit is a flag (RFC 6762) */
  gint32 dns;          /* the DNS node */
  GString *info;       /* the Info column, which this message appends to */
} Msg;

/* Flag a node for bytes that are missing: truncated when the message was cut,
 * malformed when the message itself is too short for what it promises. */
static void
flag_short (Msg *ms, gint32 node, guint32 off, const char *what)
{
  LscTree *t = ms->c->tree;
  lsc_tree_set_flags (t, node, ms->cut ? LSC_NODE_TRUNCATED : LSC_NODE_MALFORMED);
  lsc_tree_add_note (t, node, 2, lsc_buf_abs (ms->m, MIN (off, ms->m->len)), 0,
                     ms->cut ? _("%s: not captured") : _("%s: the message ends too early"), what);
}

/* Add a name field.  Returns FALSE when the record cannot be read on: a name
 * that runs out of bytes or whose length is unknown.  A bad pointer still has a
 * known length (2 bytes), so its record goes on, like Wireshark does. */
static gboolean
add_name (Msg *ms, gint32 parent, int field, guint32 off, Name *nm)
{
  LscTree *t = ms->c->tree;
  read_name (ms->m, off, nm);
  if (nm->err == NAME_OK)
    {
      lsc_tree_add_string (t, parent, &lsc_fields_dns[field], lsc_buf_abs (ms->m, off), nm->consumed, nm->text, nm->len);
      return TRUE;
    }
  gint32 n;
  if (nm->err == NAME_SHORT || nm->err == NAME_OUT_OF_RANGE)
    {
      /* A cut name has no value (as in tshark); show what was read as text. */
      n = lsc_tree_add_text (t, parent, lsc_buf_abs (ms->m, off), MAX (nm->consumed, 1u), _("%s: %s…"),
                             _(lsc_fields_dns[field].name), nm->text);
      lsc_tree_set_flags (t, n, ms->cut && nm->err == NAME_SHORT ? LSC_NODE_TRUNCATED : LSC_NODE_MALFORMED);
    }
  else
    {
      n = lsc_tree_add_string (t, parent, &lsc_fields_dns[field], lsc_buf_abs (ms->m, off), nm->consumed,
                               name_error_value (nm->err), -1);
      lsc_tree_set_flags (t, n, LSC_NODE_MALFORMED);
    }
  lsc_tree_add_note (t, n, 2, lsc_buf_abs (ms->m, nm->err_off), lsc_buf_has (ms->m, nm->err_off, 2) ? 2 : 0,
                     _("Bad name at offset %u: %s (read so far: \"%s\")"), nm->err_off,
                     nm->err == NAME_SHORT && ms->cut ? _("the rest of the name was not captured") : _(name_error_text (nm->err)),
                     nm->text);
  if (nm->err == NAME_SHORT || nm->err == NAME_OUT_OF_RANGE)
    g_strlcat (nm->text, "…", sizeof nm->text);
  else
    g_strlcpy (nm->text, name_error_value (nm->err), sizeof nm->text);
  nm->len = (guint) strlen (nm->text);
  return nm->skippable;
}

static const char *
type_name (guint16 type, char *buf)
{
  const char *s = lsc_value_string (rr_types, type);
  if (s)
    return s;
  g_snprintf (buf, 16, "TYPE%u", type);
  return buf;
}

static const char *
class_name (guint16 klass)
{
  const char *s = lsc_value_string (rr_classes, klass);
  return s ? s : "?";
}

/* Decode one question at *off; FALSE when the message is exhausted or broken. */
static gboolean
dissect_question (Msg *ms, gint32 parent, guint32 *off)
{
  LscTree *t = ms->c->tree;
  const LscField *f = lsc_fields_dns;
  Name nm;
  char tb[16];
  guint32 start = *off;

  /* Length 1 for now (a real, not a derived, node); the whole record is set below. */
  gint32 q = lsc_tree_add_text (t, parent, lsc_buf_abs (ms->m, start), 1, "%s", "");
  if (!add_name (ms, q, F_QRY_NAME, start, &nm))
    {
      lsc_tree_set_text (t, q, _("%s (bad name)"), nm.text);
      return FALSE;
    }
  lsc_tree_add_uint (t, q, &f[F_QRY_NAME_LEN], 0, 0, nm.labels ? nm.len : 0);
  lsc_tree_add_uint (t, q, &f[F_LABELS], 0, 0, nm.labels);
  guint32 o = start + nm.consumed;
  if (!lsc_buf_has (ms->m, o, 4))
    {
      lsc_tree_set_text (t, q, "%s", nm.text);
      flag_short (ms, q, o, _("Question type and class"));
      return FALSE;
    }
  guint16 type = lsc_buf_u16 (ms->m, o), klass = lsc_buf_u16 (ms->m, o + 2);
  lsc_tree_add_uint (t, q, &f[F_QRY_TYPE], lsc_buf_abs (ms->m, o), 2, type);
  if (ms->mdns)
    {
      lsc_tree_add_uint (t, q, &f[F_QRY_QU], lsc_buf_abs (ms->m, o + 2), 2, klass >> 15);
      klass &= 0x7fff;
    }
  lsc_tree_add_uint (t, q, &f[F_QRY_CLASS], lsc_buf_abs (ms->m, o + 2), 2, klass);
  const char *tn = type_name (type, tb);
  lsc_tree_set_text (t, q, _("%s: type %s, class %s"), nm.text, tn, class_name (klass));
  lsc_tree_set_length (t, q, o + 4 - start);
  lsc_string_put (ms->info, " ", 1);
  lsc_string_puts (ms->info, tn);
  lsc_string_put (ms->info, " ", 1);
  lsc_string_put (ms->info, nm.text, nm.len);
  if (ms->mdns && (lsc_buf_u16 (ms->m, o + 2) & 0x8000))
    lsc_string_puts (ms->info, ", \"QU\" question");
  *off = o + 4;
  return TRUE;
}

/* The OPT pseudo-record (RFC 6891) reuses class and TTL for EDNS facts. */
static void
dissect_opt (Msg *ms, gint32 rr, guint32 o, guint16 klass, guint32 ttl, guint32 rd, guint16 rdlen)
{
  LscTree *t = ms->c->tree;
  const LscField *f = lsc_fields_dns;
  lsc_tree_add_uint (t, rr, &f[F_UDP_SIZE], lsc_buf_abs (ms->m, o + 2), 2, klass);
  lsc_tree_add_uint (t, rr, &f[F_EXT_RCODE], lsc_buf_abs (ms->m, o + 4), 1, ttl >> 24);
  lsc_tree_add_uint (t, rr, &f[F_EDNS_VERSION], lsc_buf_abs (ms->m, o + 5), 1, (ttl >> 16) & 0xff);
  gint32 z = lsc_tree_add_uint (t, rr, &f[F_EDNS_Z], lsc_buf_abs (ms->m, o + 6), 2, ttl & 0xffff);
  lsc_tree_add_uint (t, z, &f[F_EDNS_DO], lsc_buf_abs (ms->m, o + 6), 2, (ttl >> 15) & 1);
  lsc_tree_add_uint (t, rr, &f[F_RESP_LEN], lsc_buf_abs (ms->m, o + 8), 2, rdlen);
  guint32 p = rd, end = rd + rdlen;
  while (p < end)
    {
      if (p + 4 > end)
        {
          gint32 bad = lsc_tree_add (t, rr, &f[F_OPT], lsc_buf_abs (ms->m, p), end - p);
          lsc_tree_set_flags (t, bad, LSC_NODE_MALFORMED);
          lsc_tree_add_note (t, bad, 2, lsc_buf_abs (ms->m, p), end - p, _("EDNS option header needs 4 bytes, %u left"), end - p);
          return;
        }
      guint16 code = lsc_buf_u16 (ms->m, p), olen = lsc_buf_u16 (ms->m, p + 2);
      gint32 op = lsc_tree_add (t, rr, &f[F_OPT], lsc_buf_abs (ms->m, p), MIN (4u + olen, end - p));
      lsc_tree_set_text (t, op, _("code %u, %u bytes"), code, olen);
      lsc_tree_add_uint (t, op, &f[F_OPT_CODE], lsc_buf_abs (ms->m, p), 2, code);
      lsc_tree_add_uint (t, op, &f[F_OPT_LEN], lsc_buf_abs (ms->m, p + 2), 2, olen);
      if (p + 4 + olen > end)
        {
          lsc_tree_set_flags (t, op, LSC_NODE_MALFORMED);
          lsc_tree_add_note (t, op, 2, lsc_buf_abs (ms->m, p + 2), 2, _("Option length %u runs past the record data"), olen);
          return;
        }
      if (olen)
        lsc_tree_add_bytes (t, op, &f[F_OPT_DATA], lsc_buf_abs (ms->m, p + 4), olen, ms->m->data + p + 4, olen);
      p += 4u + olen;
    }
}

/* A name inside RDATA: must be readable and end within the record data. */
static gboolean
rdata_name (Msg *ms, gint32 rr, int field, guint32 p, guint32 end, Name *nm)
{
  if (!add_name (ms, rr, field, p, nm))
    return FALSE;
  if (p + nm->consumed > end)
    {
      lsc_tree_set_flags (ms->c->tree, rr, LSC_NODE_MALFORMED);
      lsc_tree_add_note (ms->c->tree, rr, 2, lsc_buf_abs (ms->m, p), 0, _("The name runs past the record's data length"));
      return FALSE;
    }
  return TRUE;
}

/* Decode one resource record at *off; FALSE when the message is exhausted or broken. */
static gboolean
dissect_rr (Msg *ms, gint32 parent, guint32 *off)
{
  LscTree *t = ms->c->tree;
  const LscField *f = lsc_fields_dns;
  Name nm, nm2;
  char tb[16];
  guint32 start = *off;

  gint32 rr = lsc_tree_add_text (t, parent, lsc_buf_abs (ms->m, start), 1, "%s", "");
  if (!add_name (ms, rr, F_RESP_NAME, start, &nm))
    {
      lsc_tree_set_text (t, rr, _("%s (bad name)"), nm.text);
      return FALSE;
    }
  guint32 o = start + nm.consumed;
  if (!lsc_buf_has (ms->m, o, 10))
    {
      lsc_tree_set_text (t, rr, "%s", nm.text);
      flag_short (ms, rr, o, _("Record type, class, TTL and length"));
      return FALSE;
    }
  guint16 type = lsc_buf_u16 (ms->m, o), klass = lsc_buf_u16 (ms->m, o + 2);
  guint32 ttl = lsc_buf_u32 (ms->m, o + 4);
  guint16 rdlen = lsc_buf_u16 (ms->m, o + 8);
  guint32 rd = o + 10, end = rd + rdlen;
  const char *tn = type_name (type, tb);
  lsc_tree_add_uint (t, rr, &f[F_RESP_TYPE], lsc_buf_abs (ms->m, o), 2, type);
  lsc_tree_set_length (t, rr, MIN (end, ms->m->len) - start);

  if (type == 41)
    {
      lsc_tree_set_text (t, rr, _("%s: type OPT"), nm.text);
      lsc_string_puts (ms->info, " OPT");
      if (!lsc_buf_has (ms->m, rd, rdlen))
        {
          flag_short (ms, rr, rd, _("Record data"));
          return FALSE;
        }
      dissect_opt (ms, rr, o, klass, ttl, rd, rdlen);
      *off = end;
      return TRUE;
    }

  gboolean flush = ms->mdns && (klass & 0x8000);
  if (ms->mdns)
    {
      lsc_tree_add_uint (t, rr, &f[F_CACHE_FLUSH], lsc_buf_abs (ms->m, o + 2), 2, klass >> 15);
      klass &= 0x7fff;
    }
  lsc_tree_add_uint (t, rr, &f[F_RESP_CLASS], lsc_buf_abs (ms->m, o + 2), 2, klass);
  gint32 tl = lsc_tree_add_uint (t, rr, &f[F_RESP_TTL], lsc_buf_abs (ms->m, o + 4), 4, ttl);
  if (ttl & 0x80000000u)
    lsc_tree_add_note (t, tl, 1, 0, 0, _("The uppermost bit of the TTL is set (RFC 2181, section 8): treat as 0"));
  gint32 ln = lsc_tree_add_uint (t, rr, &f[F_RESP_LEN], lsc_buf_abs (ms->m, o + 8), 2, rdlen);
  const char *cn = lsc_value_string (rr_classes, klass);
  lsc_tree_set_text (t, rr, _("%s: type %s, class %s"), nm.text, tn, cn ? cn : "?");
  if (!lsc_buf_has (ms->m, rd, rdlen))
    {
      flag_short (ms, ln, rd, _("Record data"));
      return FALSE;
    }

  lsc_string_put (ms->info, " ", 1);
  lsc_string_puts (ms->info, tn);
  if (flush)
    lsc_string_puts (ms->info, ", cache flush");
  gboolean wrong_len = FALSE;
  char buf[64];
  switch (type)
    {
    case 1:
      if ((wrong_len = rdlen != 4))
        break;
      lsc_tree_add_uint (t, rr, &f[F_A], lsc_buf_abs (ms->m, rd), 4, lsc_buf_u32 (ms->m, rd));
      lsc_format_ipv4 (lsc_buf_u32 (ms->m, rd), buf);
      lsc_string_put (ms->info, " ", 1);
      lsc_string_puts (ms->info, buf);
      lsc_tree_set_text (t, rr, _("%s: type A, class %s, addr %s"), nm.text, cn ? cn : "?", buf);
      break;
    case 28:
      if ((wrong_len = rdlen != 16))
        break;
      lsc_tree_add_bytes (t, rr, &f[F_AAAA], lsc_buf_abs (ms->m, rd), 16, ms->m->data + rd, 16);
      lsc_format_ipv6 (ms->m->data + rd, buf);
      lsc_string_put (ms->info, " ", 1);
      lsc_string_puts (ms->info, buf);
      lsc_tree_set_text (t, rr, _("%s: type AAAA, class %s, addr %s"), nm.text, cn ? cn : "?", buf);
      break;
    case 2:
    case 5:
    case 12:
      {
        int fld = type == 2 ? F_NS : type == 5 ? F_CNAME : F_PTR;
        if (rdata_name (ms, rr, fld, rd, end, &nm2))
          {
            lsc_string_put (ms->info, " ", 1);
            lsc_string_put (ms->info, nm2.text, nm2.len);
            lsc_tree_set_text (t, rr, "%s: type %s, class %s, %s %s", nm.text, tn, cn ? cn : "?",
                               type == 2 ? "ns" : type == 5 ? "cname" : "ptr", nm2.text);
          }
      }
      break;
    case 15:
      if ((wrong_len = rdlen < 3))
        break;
      lsc_tree_add_uint (t, rr, &f[F_MX_PREF], lsc_buf_abs (ms->m, rd), 2, lsc_buf_u16 (ms->m, rd));
      if (rdata_name (ms, rr, F_MX, rd + 2, end, &nm2))
        {
          lsc_string_put (ms->info, " ", 1);
          lsc_string_append_uint (ms->info, lsc_buf_u16 (ms->m, rd));
          lsc_string_put (ms->info, " ", 1);
          lsc_string_put (ms->info, nm2.text, nm2.len);
          lsc_tree_set_text (t, rr, _("%s: type MX, class %s, preference %u, mx %s"), nm.text, cn ? cn : "?",
                             lsc_buf_u16 (ms->m, rd), nm2.text);
        }
      break;
    case 16:
    case 99:
      for (guint32 p = rd; p < end;)
        {
          guint8 sl = lsc_buf_u8 (ms->m, p);
          if (p + 1 + sl > end)
            {
              lsc_tree_set_flags (t, rr, LSC_NODE_MALFORMED);
              lsc_tree_add_note (t, rr, 2, lsc_buf_abs (ms->m, p), 1, _("Text length %u runs past the record data"), sl);
              break;
            }
          lsc_tree_add_uint (t, rr, &f[F_TXT_LEN], lsc_buf_abs (ms->m, p), 1, sl);
          g_autoptr (GString) s = g_string_new (NULL);
          for (guint k = 0; k < sl; k++)
            {
              guint8 ch = ms->m->data[p + 1 + k];
              if (ch >= 0x20 && ch < 0x7f)
                g_string_append_c (s, (char) ch);
              else
                lsc_string_append_printf (s, "\\%03u", ch);
            }
          lsc_tree_add_string (t, rr, &f[F_TXT], lsc_buf_abs (ms->m, p + 1), sl, s->str, s->len);
          p += 1u + sl;
        }
      break;
    case 6:
      {
        Name rn;
        if (!rdata_name (ms, rr, F_SOA_MNAME, rd, end, &nm2))
          break;
        lsc_string_put (ms->info, " ", 1);
        lsc_string_put (ms->info, nm2.text, nm2.len);
        guint32 p = rd + nm2.consumed;
        if (!rdata_name (ms, rr, F_SOA_RNAME, p, end, &rn))
          break;
        p += rn.consumed;
        if (p + 20 > end)
          {
            wrong_len = TRUE;
            break;
          }
        for (int k = 0; k < 5; k++)
          lsc_tree_add_uint (t, rr, &f[F_SOA_SERIAL + k], lsc_buf_abs (ms->m, p + 4u * k), 4, lsc_buf_u32 (ms->m, p + 4u * k));
        lsc_tree_set_text (t, rr, _("%s: type SOA, class %s, mname %s"), nm.text, cn ? cn : "?", nm2.text);
      }
      break;
    default:
      if (rdlen)
        lsc_tree_add_bytes (t, rr, &f[F_DATA], lsc_buf_abs (ms->m, rd), rdlen, ms->m->data + rd, rdlen);
      break;
    }
  if (wrong_len)
    {
      lsc_tree_set_flags (t, ln, LSC_NODE_MALFORMED);
      lsc_tree_add_note (t, ln, 2, lsc_buf_abs (ms->m, o + 8), 2, _("Data length %u is wrong for a %s record"), rdlen, tn);
      if (rdlen)
        lsc_tree_add_bytes (t, rr, &f[F_DATA], lsc_buf_abs (ms->m, rd), rdlen, ms->m->data + rd, rdlen);
    }
  *off = end;
  return TRUE;
}

/* Decode one DNS message in view m; its Info text is appended to pi->info. */
static void
dissect_message (LscDissectCtx *c, const LscBuf *m, gboolean cut, gint32 dns)
{
  LscTree *t = c->tree;
  LscPinfo *pi = c->pi;
  const LscField *f = lsc_fields_dns;

  if (!lsc_buf_has (m, 0, 12))
    {
      /* The header fields that are there are still shown: the ID above all,
       * which pairs a query with its reply. */
      if (lsc_buf_has (m, 0, 2))
        {
          pi->dns_id = lsc_buf_u16 (m, 0);
          lsc_tree_add_uint (t, dns, &f[F_ID], lsc_buf_abs (m, 0), 2, pi->dns_id);
        }
      if (lsc_buf_has (m, 2, 2))
        {
          pi->dns_response = (lsc_buf_u16 (m, 2) & 0x8000) != 0;
          lsc_tree_add_uint (t, dns, &f[F_FLAGS], lsc_buf_abs (m, 2), 2, lsc_buf_u16 (m, 2));
        }
      for (guint k = 0; k < 4 && lsc_buf_has (m, 4 + 2 * k, 2); k++)
        lsc_tree_add_uint (t, dns, &f[F_QDCOUNT + k], lsc_buf_abs (m, 4 + 2 * k), 2, lsc_buf_u16 (m, 4 + 2 * k));
      Msg ms = { c, m, cut, FALSE, dns, NULL };
      flag_short (&ms, dns, m->len, _("DNS header (12 bytes)"));
      lsc_string_puts (pi->info, cut ? _("DNS header truncated") : _("Malformed DNS message: shorter than its 12-byte header"));
      if (lsc_buf_has (m, 0, 2))
        {
          lsc_string_puts (pi->info, ", ID ");
          lsc_string_append_hex (pi->info, pi->dns_id, 4);
        }
      return;
    }

  guint16 id = lsc_buf_u16 (m, 0), flags = lsc_buf_u16 (m, 2);
  guint16 counts[4] = { lsc_buf_u16 (m, 4), lsc_buf_u16 (m, 6), lsc_buf_u16 (m, 8), lsc_buf_u16 (m, 10) };
  gboolean resp = (flags & 0x8000) != 0;
  guint opcode = (flags >> 11) & 0xf, rcode = flags & 0xf;
  pi->dns_id = id;
  pi->dns_response = resp;

  const char *opn = lsc_value_string (opcodes, opcode);
  const char *rcn = lsc_value_string (rcodes, rcode);
  /* The header's fields, which a summary-only tree would drop one by one. */
  if (!lsc_tree_is_summary_only (t))
    {
      lsc_tree_add_uint (t, dns, &f[F_ID], lsc_buf_abs (m, 0), 2, id);
      gint32 fl = lsc_tree_add_uint (t, dns, &f[F_FLAGS], lsc_buf_abs (m, 2), 2, flags);
      if (resp)
        lsc_tree_set_text (t, fl, _("0x%04x %s response, %s"), flags, opn ? _(opn) : _("Unknown operation"),
                           rcn ? _(rcn) : _("Unknown error"));
      else
        lsc_tree_set_text (t, fl, "0x%04x %s", flags, opn ? _(opn) : _("Unknown operation"));
      lsc_tree_add_uint (t, fl, &f[F_FL_RESPONSE], lsc_buf_abs (m, 2), 2, resp);
      lsc_tree_add_uint (t, fl, &f[F_FL_OPCODE], lsc_buf_abs (m, 2), 2, opcode);
      if (resp)
        lsc_tree_add_uint (t, fl, &f[F_FL_AUTH], lsc_buf_abs (m, 2), 2, (flags >> 10) & 1);
      lsc_tree_add_uint (t, fl, &f[F_FL_TRUNC], lsc_buf_abs (m, 2), 2, (flags >> 9) & 1);
      lsc_tree_add_uint (t, fl, &f[F_FL_RD], lsc_buf_abs (m, 2), 2, (flags >> 8) & 1);
      if (resp)
        lsc_tree_add_uint (t, fl, &f[F_FL_RA], lsc_buf_abs (m, 2), 2, (flags >> 7) & 1);
      lsc_tree_add_uint (t, fl, &f[F_FL_Z], lsc_buf_abs (m, 2), 2, (flags >> 6) & 1);
      if (resp)
        lsc_tree_add_uint (t, fl, &f[F_FL_AD], lsc_buf_abs (m, 2), 2, (flags >> 5) & 1);
      lsc_tree_add_uint (t, fl, &f[F_FL_CD], lsc_buf_abs (m, 2), 2, (flags >> 4) & 1);
      if (resp)
        lsc_tree_add_uint (t, fl, &f[F_FL_RCODE], lsc_buf_abs (m, 2), 2, rcode);
      for (int k = 0; k < 4; k++)
        lsc_tree_add_uint (t, dns, &f[F_QDCOUNT + k], lsc_buf_abs (m, 4u + 2u * k), 2, counts[k]);
    }

  GString *info = pi->info;
  lsc_string_puts (info, opn ? _(opn) : _("Unknown operation"));
  if (resp)
    lsc_string_puts (info, _(" response"));
  lsc_string_put (info, " ", 1);
  lsc_string_append_hex (info, id, 4);
  if (resp && rcode)
    {
      lsc_string_put (info, " ", 1);
      lsc_string_puts (info, rcn ? _(rcn) : _("Unknown error"));
    }
  Msg ms = { c, m, cut, pi->srcport == 5353 || pi->dstport == 5353, dns, info };

  static const char *const section_names[] = {
    N_("Queries"), N_("Answers"), N_("Authoritative nameservers"), N_("Additional records"),
  };
  guint32 off = 12;
  gboolean ok = TRUE;
  for (int s = 0; s < 4 && ok; s++)
    {
      if (counts[s] == 0)
        continue;
      gint32 sec = lsc_tree_add_text (t, dns, lsc_buf_abs (m, off), 1, "%s", _(section_names[s]));
      guint32 sec_start = off;
      guint done = 0;
      while (done < counts[s])
        {
          if (off >= m->len)
            {
              /* The header promised more than the bytes hold. */
              gint32 nn = lsc_tree_add_note (t, sec, 2, lsc_buf_abs (m, MIN (off, m->len)), 0,
                                             cut ? _("%u of %u records not captured")
                                                 : _("The header promises %u more of %u records, but the message ends here"),
                                             counts[s] - done, counts[s]);
              lsc_tree_set_flags (t, sec, cut ? LSC_NODE_TRUNCATED : LSC_NODE_MALFORMED);
              (void) nn;
              ok = FALSE;
              break;
            }
          if (!(s == 0 ? dissect_question (&ms, sec, &off) : dissect_rr (&ms, sec, &off)))
            {
              ok = FALSE;
              break;
            }
          done++;
        }
      lsc_tree_set_length (t, sec, MIN (off, m->len) - sec_start);
    }
  if (ok && off < m->len)
    lsc_tree_add_note (t, dns, 1, lsc_buf_abs (m, off), m->len - off,
                       _("%u bytes after the last record the counts announce"), m->len - off);
}

/* One message: a DNS node over b (whose first 2 bytes are the length prefix
 * over TCP).  Returns the bytes it took. */
static guint32
dissect_one (LscDissectCtx *c, LscBuf b, gint32 parent, gboolean over_tcp, gboolean first)
{
  const LscField *f = lsc_fields_dns;
  LscPinfo *pi = c->pi;
  LscTree *t = c->tree;
  guint32 used = b.len;
  guint16 saved_id = pi->dns_id;
  gboolean saved_resp = pi->dns_response;

  gint32 dns = lsc_tree_add_proto (t, parent, &f[F_DNS], lsc_buf_abs (&b, 0), b.len);
  if (pi->app_node < 0)
    pi->app_node = dns;
  lsc_tree_set_text (t, dns, "%s", _(f[F_DNS].name));

  LscBuf m = b;
  gboolean cut = b.len < b.reported;
  if (over_tcp)
    {
      if (!lsc_buf_has (&b, 0, 2))
        {
          lsc_tree_set_flags (t, dns, LSC_NODE_TRUNCATED);
          lsc_tree_add_note (t, dns, 1, lsc_buf_abs (&b, 0), b.len, _("Only part of the 2-byte DNS-over-TCP length prefix is here"));
          if (first)
            g_string_assign (pi->info, _("DNS over TCP: length prefix split across segments"));
          return b.len;
        }
      guint16 mlen = lsc_buf_u16 (&b, 0);
      gint32 ln = lsc_tree_add_uint (t, dns, &f[F_LENGTH], lsc_buf_abs (&b, 0), 2, mlen);
      m = lsc_buf_sub (&b, 2, mlen);
      used = MIN (b.len, 2u + mlen);
      lsc_tree_set_length (t, dns, used);
      if (m.reported < mlen)
        {
          /* The message continues in a later segment: what is missing is not an error. */
          cut = TRUE;
          lsc_tree_add_note (t, ln, 0, 0, 0, _("The message has %u bytes, %u are in this segment; the rest follows in later segments"),
                             mlen, m.reported);
        }
    }
  /* Later messages of the segment add to the Info column; pinfo keeps the first. */
  if (first)
    lsc_string_clear (pi->info);
  else
    lsc_string_put (pi->info, ", ", 2);
  dissect_message (c, &m, cut || m.len < m.reported, dns);

  if (!lsc_tree_is_summary_only (t))
    {
      char buf[48];
      g_snprintf (buf, sizeof buf, "0x%04x", pi->dns_id);
      lsc_tree_set_text (t, dns, pi->dns_response ? _("Domain Name System (response), ID %s") : _("Domain Name System (query), ID %s"), buf);
    }
  if (!first)
    {
      pi->dns_id = saved_id;
      pi->dns_response = saved_resp;
    }
  return used;
}

/* At most this many messages are decoded from one TCP segment. */
#define MAX_TCP_MESSAGES 16

void
lsc_proto_dns (LscDissectCtx *c, LscBuf b, gint32 parent, gboolean over_tcp)
{
  LscPinfo *pi = c->pi;

  pi->has |= LSC_HAS_DNS;
  pi->protocol = lsc_fields_dns[F_DNS].short_name;
  guint32 off = dissect_one (c, b, parent, over_tcp, TRUE);
  /* Over TCP one segment may carry several length-prefixed messages. */
  for (guint k = 1; over_tcp && k < MAX_TCP_MESSAGES && off < b.len; k++)
    off += dissect_one (c, lsc_buf_tail (&b, off), parent, TRUE, FALSE);
  if (over_tcp && off < b.len)
    lsc_tree_add_note (c->tree, pi->app_node, 1, lsc_buf_abs (&b, off), b.len - off,
                       _("%u more bytes in the segment are not decoded (more than %u DNS messages)"), b.len - off, MAX_TCP_MESSAGES);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-proto-http.c — HTTP/1.x messages at the start of a TCP segment (RFC 9112)
 *
 * The course teaches the request format line by line, so the tree follows it:
 * the start line (split into its parts), one node per header line, the empty
 * line that ends the headers, then the body.  A header block the segment or
 * the capture cuts off is marked incomplete, not malformed: TCP may carry the
 * rest in the next segment, and we do not reassemble.
 *
 * The tree shows each header line as written (name as sent, then the value,
 * no CR LF), so learners see the wire and not a field label.  The filterable
 * line values keep Wireshark's form ("Host: example.lab\r\n" with the CR LF
 * written as the four characters \r\n), so they print on one line and match
 * tshark's -T fields output.
 */
#include "lsc-dissect.h"
#include "lsc-format.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

enum {
  F_HTTP, F_REQUEST, F_RESPONSE, F_REQ_METHOD, F_REQ_URI, F_REQ_VERSION, F_RESP_VERSION, F_RESP_CODE,
  F_RESP_PHRASE, F_REQ_LINE, F_RESP_LINE, F_HOST, F_USER_AGENT, F_CONTENT_TYPE, F_CONTENT_LENGTH_HDR,
  F_CONTENT_LENGTH, F_CONNECTION, F_SERVER, F_ACCEPT, F_COOKIE, F_LOCATION, F_REFERER, F_DATE,
  F_SET_COOKIE, F_TRANSFER_ENCODING, F_CONTENT_ENCODING, F_ACCEPT_ENCODING, F_ACCEPT_LANGUAGE,
  F_CACHE_CONTROL, F_FILE_DATA,
};

const LscField lsc_fields_http[] = {
  [F_HTTP] = { "http", N_("Hypertext Transfer Protocol"), LSC_FT_PROTOCOL, .layer = LSC_OSI_APPLICATION, .short_name = "HTTP",
               .blurb = N_("HTTP/1.x is plain text: a request line or status line, header lines, an empty line, then the body (RFC 9112).") },
  [F_REQUEST] = { "http.request", N_("Request"), LSC_FT_BOOL,
                  .blurb = N_("This message is a request from a client (browser, curl, your own socket program).") },
  [F_RESPONSE] = { "http.response", N_("Response"), LSC_FT_BOOL,
                   .blurb = N_("This message is a response from a server.") },
  [F_REQ_METHOD] = { "http.request.method", N_("Request Method"), LSC_FT_STRING,
                     .blurb = N_("What the client wants done: GET fetches, POST sends data, HEAD fetches headers only, PUT/DELETE change resources.") },
  [F_REQ_URI] = { "http.request.uri", N_("Request URI"), LSC_FT_STRING,
                  .blurb = N_("Which resource on the server the request is about, e.g. /index.html, with an optional ?query.") },
  [F_REQ_VERSION] = { "http.request.version", N_("Request Version"), LSC_FT_STRING,
                      .blurb = N_("The protocol version the client speaks: HTTP/1.0 or HTTP/1.1.") },
  [F_RESP_VERSION] = { "http.response.version", N_("Response Version"), LSC_FT_STRING,
                       .blurb = N_("The protocol version the server answers with.") },
  [F_RESP_CODE] = { "http.response.code", N_("Status Code"), LSC_FT_UINT,
                    .blurb = N_("Three digits: 2xx success, 3xx redirection, 4xx client error (404 not found), 5xx server error.") },
  [F_RESP_PHRASE] = { "http.response.phrase", N_("Response Phrase"), LSC_FT_STRING,
                      .blurb = N_("Words for people after the status code, e.g. OK or Not Found; programs ignore them.") },
  [F_REQ_LINE] = { "http.request.line", N_("Header line"), LSC_FT_STRING,
                   .blurb = N_("One header line of a request as sent, \"Name: value\" ended by CR LF.") },
  [F_RESP_LINE] = { "http.response.line", N_("Header line"), LSC_FT_STRING,
                    .blurb = N_("One header line of a response as sent, \"Name: value\" ended by CR LF.") },
  [F_HOST] = { "http.host", N_("Host"), LSC_FT_STRING,
               .blurb = N_("The server name the client asked for; required in HTTP/1.1 so one IP address can host many sites.") },
  [F_USER_AGENT] = { "http.user_agent", N_("User-Agent"), LSC_FT_STRING,
                     .blurb = N_("The client program that sent the request.") },
  [F_CONTENT_TYPE] = { "http.content_type", N_("Content-Type"), LSC_FT_STRING,
                       .blurb = N_("The media type of the body, e.g. text/html or application/json.") },
  [F_CONTENT_LENGTH_HDR] = { "http.content_length_header", N_("Content-Length"), LSC_FT_STRING,
                             .blurb = N_("The Content-Length header as written: how many body bytes follow the empty line.") },
  [F_CONTENT_LENGTH] = { "http.content_length", N_("Content length"), LSC_FT_UINT,
                         .blurb = N_("The Content-Length header as a number; the receiver reads exactly this many body bytes.") },
  [F_CONNECTION] = { "http.connection", N_("Connection"), LSC_FT_STRING,
                     .blurb = N_("Whether to keep the TCP connection open for more requests (keep-alive) or close it after this one.") },
  [F_SERVER] = { "http.server", N_("Server"), LSC_FT_STRING,
                 .blurb = N_("The server software that answered.") },
  [F_ACCEPT] = { "http.accept", N_("Accept"), LSC_FT_STRING,
                 .blurb = N_("Media types the client is willing to receive.") },
  [F_COOKIE] = { "http.cookie", N_("Cookie"), LSC_FT_STRING,
                 .blurb = N_("Values the server stored in the client earlier with Set-Cookie, sent back with every request.") },
  [F_LOCATION] = { "http.location", N_("Location"), LSC_FT_STRING,
                   .blurb = N_("Where a redirect (3xx) points the client to.") },
  [F_REFERER] = { "http.referer", N_("Referer"), LSC_FT_STRING,
                  .blurb = N_("The page that linked to the requested resource.") },
  [F_DATE] = { "http.date", N_("Date"), LSC_FT_STRING,
               .blurb = N_("When the message was generated, in GMT.") },
  [F_SET_COOKIE] = { "http.set_cookie", N_("Set-Cookie"), LSC_FT_STRING,
                     .blurb = N_("A value the server asks the client to store and send back in later requests.") },
  [F_TRANSFER_ENCODING] = { "http.transfer_encoding", N_("Transfer-Encoding"), LSC_FT_STRING,
                            .blurb = N_("How the body is framed on the wire; chunked sends it in pieces, each with its own length.") },
  [F_CONTENT_ENCODING] = { "http.content_encoding", N_("Content-Encoding"), LSC_FT_STRING,
                           .blurb = N_("Compression applied to the body, e.g. gzip.") },
  [F_ACCEPT_ENCODING] = { "http.accept_encoding", N_("Accept-Encoding"), LSC_FT_STRING,
                          .blurb = N_("Compression schemes the client understands.") },
  [F_ACCEPT_LANGUAGE] = { "http.accept_language", N_("Accept-Language"), LSC_FT_STRING,
                          .blurb = N_("Languages the client prefers for the answer.") },
  [F_CACHE_CONTROL] = { "http.cache_control", N_("Cache-Control"), LSC_FT_STRING,
                        .blurb = N_("Rules for caches: whether and how long the response may be stored.") },
  [F_FILE_DATA] = { "http.file_data", N_("File Data"), LSC_FT_STRING,
                    .blurb = N_("The message body after the empty line, shown as text (unprintable bytes as dots).") },
  { NULL }
};

/* The known header names (lower case) by their length: a header line is
 * compared with the few names of its own length only. */
#define MAX_KNOWN_LEN 17
static const struct {
  const char *name;
  int field;
} known_headers[MAX_KNOWN_LEN + 1][3] = {
  [4] = { { "host", F_HOST }, { "date", F_DATE } },
  [6] = { { "server", F_SERVER }, { "accept", F_ACCEPT }, { "cookie", F_COOKIE } },
  [7] = { { "referer", F_REFERER } },
  [8] = { { "location", F_LOCATION } },
  [10] = { { "user-agent", F_USER_AGENT }, { "connection", F_CONNECTION }, { "set-cookie", F_SET_COOKIE } },
  [12] = { { "content-type", F_CONTENT_TYPE } },
  [13] = { { "cache-control", F_CACHE_CONTROL } },
  [14] = { { "content-length", F_CONTENT_LENGTH_HDR } },
  [15] = { { "accept-encoding", F_ACCEPT_ENCODING }, { "accept-language", F_ACCEPT_LANGUAGE } },
  [16] = { { "content-encoding", F_CONTENT_ENCODING } },
  [17] = { { "transfer-encoding", F_TRANSFER_ENCODING } },
};

static const struct {
  char name[8];
  guint8 len;
} methods[] = {
  { "GET", 3 }, { "HEAD", 4 }, { "POST", 4 }, { "PUT", 3 }, { "DELETE", 6 }, { "CONNECT", 7 },
  { "OPTIONS", 7 }, { "TRACE", 5 }, { "PATCH", 5 },
};

static inline guint8
ascii_lower (guint8 ch)
{
  return ch >= 'A' && ch <= 'Z' ? (guint8) (ch + ('a' - 'A')) : ch;
}

/* Header names compared in any case, eight or four bytes at a time.  Known
 * names hold only lower-case letters and '-': OR-ing 0x20 into a byte
 * lowers a letter, and the only other byte that ORs to '-' is CR (ruled out
 * by finding no zero byte in the bytes XOR CR). */
static inline gboolean
equals_lower8 (const guint8 *p, const char *name)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  guint64 a, b;
  memcpy (&a, p, 8);
  memcpy (&b, name, 8);
  guint64 cr = a ^ (ones * '\r');
  return (a | ones * 0x20) == b && !((cr - ones) & ~cr & ones * 0x80);
}

static inline gboolean
equals_lower4 (const guint8 *p, const char *name)
{
  const guint32 ones = 0x01010101u;
  guint32 a, b;
  memcpy (&a, p, 4);
  memcpy (&b, name, 4);
  guint32 cr = a ^ (ones * '\r');
  return (a | ones * 0x20) == b && !((cr - ones) & ~cr & ones * 0x80);
}

/* TRUE when p[0, n) is the known name (n >= 4) in any case; the last chunk
 * may overlap the one before. */
static gboolean
name_equals (const guint8 *p, const char *name, gsize n)
{
  if (n < 8)
    return equals_lower4 (p, name) && equals_lower4 (p + n - 4, name + n - 4);
  for (gsize i = 0; i + 8 < n; i += 8)
    if (!equals_lower8 (p + i, name + i))
      return FALSE;
  return equals_lower8 (p + n - 8, name + n - 8);
}

/* The field of the header named p[0, n) (any case), or -1. */
static int
known_header (const guint8 *p, gsize n)
{
  if (n < 4 || n > MAX_KNOWN_LEN)  /* "host" and "date" are the shortest */
    return -1;
  guint8 first = ascii_lower (p[0]);
  for (guint k = 0; k < G_N_ELEMENTS (known_headers[0]) && known_headers[n][k].name; k++)
    if (first == (guint8) known_headers[n][k].name[0] && name_equals (p, known_headers[n][k].name, n))
      return known_headers[n][k].field;
  return -1;
}

/* Length of the first line in the captured bytes (without its end), or -1 when
 * no line end was captured; *raw is the line's bytes with its LF (n when none). */
static gssize
line_span (const guint8 *p, gsize n, gsize *raw)
{
  const guint8 *nl = memchr (p, '\n', n);
  if (!nl)
    {
      *raw = n;
      return -1;
    }
  gsize l = (gsize) (nl - p);
  *raw = l + 1;
  if (l > 0 && p[l - 1] == '\r')
    l--;
  return (gssize) l;
}

/* The value of a header line of ll bytes whose name ends at colon: without
 * the blanks around it. */
static const guint8 *
header_line_value (const guint8 *line, gsize colon, gsize ll, gsize *vlen)
{
  gsize vs = colon + 1, ve = ll;
  while (vs < ve && (line[vs] == ' ' || line[vs] == '\t'))
    vs++;
  while (ve > vs && (line[ve - 1] == ' ' || line[ve - 1] == '\t'))
    ve--;
  *vlen = ve - vs;
  return line + vs;
}

/* A decimal number as g_ascii_string_to_unsigned() reads the text up to its
 * first NUL: digits only (no sign, no blanks), at least one, at most max. */
static gboolean
parse_decimal (const guint8 *p, gsize n, guint64 max, guint64 *out)
{
  const guint8 *nul = memchr (p, '\0', n);
  if (nul)
    n = (gsize) (nul - p);
  if (n == 0)
    return FALSE;
  guint64 v = 0;
  for (gsize i = 0; i < n; i++)
    {
      if (p[i] < '0' || p[i] > '9')
        return FALSE;
      guint d = p[i] - '0';
      if (v > (max - d) / 10)
        return FALSE;
      v = v * 10 + d;
    }
  *out = v;
  return TRUE;
}

/* Header blocks longer than this are not waited for. */
#define MAX_HEADER_BLOCK (64 * 1024)

/* Keeps the value of the header line line[0, ll) in *te or *cl when it is
 * the first Transfer-Encoding or Content-Length line. */
static void
note_length_header (const guint8 *line, gsize ll, const guint8 **te, gsize *te_len, const guint8 **cl, gsize *cl_len)
{
  const guint8 *colon = memchr (line, ':', ll);
  if (!colon)
    return;
  int known = known_header (line, (gsize) (colon - line));
  if (known == F_TRANSFER_ENCODING && !*te)
    *te = header_line_value (line, (gsize) (colon - line), ll, te_len);
  else if (known == F_CONTENT_LENGTH_HDR && !*cl)
    *cl = header_line_value (line, (gsize) (colon - line), ll, cl_len);
}

int
lsc_http_message_length (const guint8 *p, gsize n, gsize *len)
{
  /* The header block ends at the first empty line; the header lines after
   * the start line may say how long the body is. */
  gsize hend = 0, raw, vl = 0, cl_len = 0;
  const guint8 *te = NULL, *cl = NULL;
  gboolean ended = FALSE;
  for (gsize pos = 0; pos < n;)
    {
      gssize ll = line_span (p + pos, n - pos, &raw);
      if (ll < 0)
        break;
      if (ll == 0)
        {
          hend = pos + raw;
          ended = TRUE;
          break;
        }
      if (pos > 0)
        note_length_header (p + pos, (gsize) ll, &te, &vl, &cl, &cl_len);
      pos += raw;
    }
  if (!ended)
    return n > MAX_HEADER_BLOCK ? -1 : 0;
  gboolean response = n >= 5 && memcmp (p, "HTTP/", 5) == 0;
  if (te && vl >= 7 && g_ascii_strncasecmp ((const char *) te + vl - 7, "chunked", 7) == 0)
    {
      /* Chunks: a hex size line, the data, CR LF; size 0 ends, then trailers. */
      gsize pos = hend;
      for (;;)
        {
          gssize ll = line_span (p + pos, n - pos, &raw);
          if (ll < 0)
            return 0;
          guint64 size = 0;
          gssize i = 0;
          for (; i < ll && g_ascii_isxdigit (p[pos + (gsize) i]); i++)
            {
              size = size * 16 + (guint64) g_ascii_xdigit_value (p[pos + (gsize) i]);
              if (size > G_MAXUINT32)
                return -1;
            }
          if (i == 0)
            return -1;
          pos += raw;
          if (size == 0)
            {
              /* Trailer lines up to an empty one. */
              for (;;)
                {
                  gssize tl = line_span (p + pos, n - pos, &raw);
                  if (tl < 0)
                    return 0;
                  pos += raw;
                  if (tl == 0)
                    {
                      *len = pos;
                      return 1;
                    }
                }
            }
          if (n - pos < size + 2)
            return 0;
          pos += (gsize) size;
          line_span (p + pos, n - pos, &raw);
          pos += raw;
        }
    }
  guint64 body = 0;
  if (cl)
    {
      if (!parse_decimal (cl, cl_len, G_MAXUINT32, &body))
        return -1;
    }
  else if (response)
    {
      /* Without a length only these responses have no body; the others end
       * with the connection (RFC 9112 6.3). */
      guint code = n >= 12 ? (guint) ((p[9] - '0') * 100 + (p[10] - '0') * 10 + (p[11] - '0')) : 0;
      if (!(code / 100 == 1 || code == 204 || code == 304))
        return -1;
    }
  if (n - hend < body)
    return 0;
  *len = hend + (gsize) body;
  return 1;
}

gboolean
lsc_http_detect (LscBuf b, gboolean on_http_port)
{
  const char *p = (const char *) b.data;
  gsize n = b.len;

  if (n >= 8 && memcmp (p, "HTTP/1.", 7) == 0)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      gsize ml = methods[i].len;
      if (n > ml && p[0] == methods[i].name[0] && memcmp (p, methods[i].name, ml) == 0 && p[ml] == ' ')
        return TRUE;
    }
  if (!on_http_port)
    return FALSE;
  /* Extension methods: TOKEN SP target SP HTTP/1.x on the first line. */
  gsize limit = MIN (n, (gsize) 4096), raw;
  gssize ll = line_span (b.data, limit, &raw);
  if (ll < 14)
    return FALSE;
  gsize i = 0;
  while (i < (gsize) ll && g_ascii_isupper (p[i]))
    i++;
  if (i == 0 || i > 20 || p[i] != ' ')
    return FALSE;
  return memcmp (p + ll - 8, "HTTP/1.", 7) == 0 && p[ll - 9] == ' ';
}

/* Printable text with CR, LF and TAB written as \r \n \t, other bytes as dots
 * (for the body) or \xNN (for header lines): at most 4 n characters. */
static void
append_escaped (GString *out, const guint8 *p, gsize n, gboolean dots)
{
  static const char hexdig[] = "0123456789abcdef";
  char *w = lsc_string_reserve (out, 4 * n);
  for (gsize i = 0; i < n; i++)
    {
      guint8 ch = p[i];
      if (G_LIKELY (ch >= 0x20 && ch < 0x7f))
        *w++ = (char) ch;
      else if (ch == '\r' || ch == '\n' || ch == '\t')
        {
          *w++ = '\\';
          *w++ = ch == '\r' ? 'r' : ch == '\n' ? 'n' : 't';
        }
      else if (dots)
        *w++ = '.';
      else
        {
          *w++ = '\\';
          *w++ = 'x';
          *w++ = hexdig[ch >> 4];
          *w++ = hexdig[ch & 15];
        }
    }
  lsc_string_commit (out, w);
}

/* Split the start line at its first two spaces.  Returns FALSE when a part is missing. */
static gboolean
split3 (const guint8 *p, gsize n, gsize *a_end, gsize *b_start, gsize *b_end, gsize *c_start)
{
  const guint8 *s1 = memchr (p, ' ', n);
  if (!s1)
    return FALSE;
  *a_end = (gsize) (s1 - p);
  *b_start = *a_end + 1;
  const guint8 *s2 = memchr (p + *b_start, ' ', n - *b_start);
  if (!s2)
    {
      *b_end = n;
      *c_start = n;
      return FALSE;
    }
  *b_end = (gsize) (s2 - p);
  *c_start = *b_end + 1;
  return *a_end > 0 && *b_end > *b_start;
}

static gboolean
is_version (const guint8 *p, gsize n)
{
  return n == 8 && memcmp (p, "HTTP/", 5) == 0 && g_ascii_isdigit (p[5]) && p[6] == '.' && g_ascii_isdigit (p[7]);
}

/* One message at the start of b; returns the bytes it takes (all of b unless
 * a Content-Length ends it earlier).  The first message sets the Info column,
 * later ones add to it. */
static gsize
http_message (LscDissectCtx *c, LscBuf b, gint32 parent, gboolean first)
{
  const LscField *f = lsc_fields_http;
  LscPinfo *pi = c->pi;
  LscTree *t = c->tree;
  const guint8 *p = b.data;
  const gsize n = b.len;
  gsize used = n;
  /* Header lines are shown, never summarised: a summary-only pass escapes
   * none of them (only the start line, for Info) and leaves the labels and
   * flags of the sink node alone. */
  const gboolean full = !lsc_tree_is_summary_only (t);
  g_autoptr (GString) esc = full ? g_string_sized_new (256) : NULL;

  gint32 http = lsc_tree_add_proto (t, parent, &f[F_HTTP], lsc_buf_abs (&b, 0), b.len);
  if (pi->app_node < 0)
    pi->app_node = http;

  gsize first_raw;
  gssize ll = line_span (p, n, &first_raw);
  gsize first_len = ll < 0 ? n : (gsize) ll;
  gsize a_end = 0, b_start = 0, b_end = 0, c_start = 0;
  gboolean three = split3 (p, first_len, &a_end, &b_start, &b_end, &c_start);
  gboolean response = first_len >= 5 && memcmp (p, "HTTP/", 5) == 0;
  gboolean good_start = FALSE;

  /* The start line, with its parts as children. */
  gint32 sl = 0;
  if (full)
    {
      append_escaped (esc, p, first_len, FALSE);
      if (ll >= 0)
        lsc_string_put (esc, "\\r\\n", 4);
      sl = lsc_tree_add_text (t, http, lsc_buf_abs (&b, 0), (guint32) first_raw, "%s", esc->str);
    }
  if (response)
    {
      if (full)
        lsc_tree_set_flags (t, lsc_tree_add_uint (t, http, &f[F_RESPONSE], 0, 0, 1), LSC_NODE_HIDDEN);
      gsize vlen = MIN (first_len, three || a_end ? a_end : first_len);
      lsc_tree_add_string (t, sl, &f[F_RESP_VERSION], lsc_buf_abs (&b, 0), (guint32) vlen, (const char *) p, (gssize) vlen);
      gsize code_start = b_start, code_end = three ? b_end : first_len;
      if (a_end && code_end >= code_start + 3 && code_end - code_start == 3 &&
          g_ascii_isdigit (p[code_start]) && g_ascii_isdigit (p[code_start + 1]) && g_ascii_isdigit (p[code_start + 2]))
        {
          guint code = (guint) ((p[code_start] - '0') * 100 + (p[code_start + 1] - '0') * 10 + (p[code_start + 2] - '0'));
          lsc_tree_add_uint (t, sl, &f[F_RESP_CODE], lsc_buf_abs (&b, (guint32) code_start), 3, code);
          const char *phrase = three ? (const char *) p + c_start : "";
          gsize plen = three ? first_len - c_start : 0;
          lsc_tree_add_string (t, sl, &f[F_RESP_PHRASE], lsc_buf_abs (&b, (guint32) c_start), (guint32) plen, phrase, (gssize) plen);
          good_start = is_version (p, vlen);
        }
      lsc_tree_add_note (t, http, 0, 0, 0,
                         _("An HTTP response is a status line (version, status code, phrase), header lines \"Name: value\", "
                           "an empty line (CR LF CR LF ends the headers), then the body"));
    }
  else
    {
      if (full)
        lsc_tree_set_flags (t, lsc_tree_add_uint (t, http, &f[F_REQUEST], 0, 0, 1), LSC_NODE_HIDDEN);
      /* A start line cut by the segment end still shows the parts it has. */
      if (a_end > 0)
        lsc_tree_add_string (t, sl, &f[F_REQ_METHOD], lsc_buf_abs (&b, 0), (guint32) a_end, (const char *) p, (gssize) a_end);
      if (a_end > 0 && b_end > b_start)
        lsc_tree_add_string (t, sl, &f[F_REQ_URI], lsc_buf_abs (&b, (guint32) b_start), (guint32) (b_end - b_start),
                             (const char *) p + b_start, (gssize) (b_end - b_start));
      if (three)
        {
          lsc_tree_add_string (t, sl, &f[F_REQ_VERSION], lsc_buf_abs (&b, (guint32) c_start), (guint32) (first_len - c_start),
                               (const char *) p + c_start, (gssize) (first_len - c_start));
          good_start = is_version (p + c_start, first_len - c_start);
        }
      lsc_tree_add_note (t, http, 0, 0, 0,
                         _("An HTTP request is a request line (method, URI, version), header lines \"Name: value\", "
                           "an empty line (CR LF CR LF ends the headers), then the optional body"));
    }
  if (ll >= 0 && !good_start)
    {
      lsc_tree_set_flags (t, sl, LSC_NODE_MALFORMED);
      lsc_tree_add_note (t, sl, 2, lsc_buf_abs (&b, 0), (guint32) first_len,
                         response ? _("Not a valid status line: expected \"HTTP/1.x CODE PHRASE\"")
                                  : _("Not a valid request line: expected \"METHOD URI HTTP/1.x\""));
    }

  /* Info: the start line; a response adds its media type like Wireshark. */
  if (first)
    lsc_string_clear (pi->info);
  else
    lsc_string_put (pi->info, ", ", 2);
  append_escaped (pi->info, p, MIN (first_len, (gsize) 512), FALSE);

  /* Header lines up to the empty line. */
  gsize pos = first_raw;
  gboolean ended = FALSE;
  gboolean have_clen = FALSE, have_te = FALSE;
  guint64 clen = 0;
  const guint8 *ctype = NULL;
  gsize ctype_len = 0;
  while (ll >= 0 && pos < n)
    {
      gsize raw;
      gssize hl = line_span (p + pos, n - pos, &raw);
      guint32 a = lsc_buf_abs (&b, (guint32) pos);
      if (hl == 0)
        {
          gint32 bl = lsc_tree_add_text (t, http, a, (guint32) raw, "%s", raw == 2 ? "\\r\\n" : "\\n");
          lsc_tree_add_note (t, bl, 0, 0, 0,
                             _("The empty line: CR LF right after the last header's CR LF (CR LF CR LF) ends the headers; the body starts after it"));
          pos += raw;
          ended = TRUE;
          break;
        }
      /* A last line without its CR LF is decoded as far as it goes. */
      gboolean partial = hl < 0;
      if (partial)
        hl = (gssize) raw;
      const guint8 *line = p + pos;
      const guint8 *colon = memchr (line, ':', (gsize) hl);
      int known = colon ? known_header (line, (gsize) (colon - line)) : -1;
      /* The tree shows the line as written (name as sent, then the value).
       * A known header's node is that header's field (its value filterable,
       * its explanation shown); every line also keeps the raw-line field
       * tshark has, hidden under a known header.  esc holds the line as
       * written, then with its CR LF as the raw line's value. */
      gsize written = 0;
      if (full)
        {
          lsc_string_clear (esc);
          append_escaped (esc, line, (gsize) hl, FALSE);
          written = esc->len;
          if (!partial)
            lsc_string_put (esc, "\\r\\n", 4);
        }
      const LscField *line_field = &f[response ? F_RESP_LINE : F_REQ_LINE];
      gint32 vis;
      if (known >= 0)
        {
          /* A summary reads only the values that frame the message or go into Info. */
          gsize vlen = 0;
          const guint8 *value = full || known == F_CONTENT_TYPE || known == F_CONTENT_LENGTH_HDR
                                  ? header_line_value (line, (gsize) (colon - line), (gsize) hl, &vlen) : line;
          vis = lsc_tree_add_string (t, http, &f[known], a, (guint32) raw, (const char *) value, (gssize) vlen);
          if (full)
            {
              lsc_tree_set_label (t, vis, esc->str, (gssize) written);
              lsc_tree_set_flags (t, lsc_tree_add_string (t, vis, line_field, a, (guint32) raw, esc->str, (gssize) esc->len),
                                  LSC_NODE_HIDDEN);
            }
          if (known == F_TRANSFER_ENCODING)
            have_te = TRUE;
          else if (known == F_CONTENT_TYPE)
            {
              ctype = value;
              ctype_len = vlen;
            }
          else if (known == F_CONTENT_LENGTH_HDR)
            {
              guint64 v;
              if (parse_decimal (value, vlen, G_MAXINT64, &v))
                {
                  have_clen = TRUE;
                  clen = v;
                  lsc_tree_add_uint (t, vis, &f[F_CONTENT_LENGTH], 0, 0, v);
                }
              else
                {
                  lsc_tree_set_flags (t, vis, LSC_NODE_MALFORMED);
                  lsc_tree_add_note (t, vis, 2, a, (guint32) raw, _("Content-Length is not a number"));
                }
            }
        }
      else
        {
          vis = lsc_tree_add_string (t, http, line_field, a, (guint32) raw, full ? esc->str : "", full ? (gssize) esc->len : 0);
          if (full)
            lsc_tree_set_label (t, vis, esc->str, (gssize) written);
        }
      if (!colon && !partial)
        {
          lsc_tree_set_flags (t, vis, LSC_NODE_MALFORMED);
          lsc_tree_add_note (t, vis, 2, a, (guint32) raw, _("Not a header line: \"Name: value\" needs a colon"));
        }
      if (partial)
        lsc_tree_add_note (t, http, 1, a, (guint32) raw, _("Partial header line: the segment ends before its CR LF"));
      pos += raw;
    }

  if (!ended)
    {
      lsc_tree_add_note (t, http, 1, lsc_buf_abs (&b, (guint32) MIN (pos, n)), 0,
                         b.len < b.reported
                           ? _("Header block incomplete: the capture was cut before the empty line that ends the headers")
                           : _("Header block incomplete: the segment ends before the empty line (CR LF CR LF); the rest is in a later segment"));
    }
  else
    {
      /* A request with neither Content-Length nor Transfer-Encoding has no
       * body (RFC 9112 6.3), so what follows is the next request. */
      if (!response && !have_clen && !have_te)
        {
          have_clen = TRUE;
          clen = 0;
        }
      gsize body = n - pos;
      gsize on_wire = body + (b.reported - b.len);
      if (have_clen && clen < on_wire)
        {
          /* The body ends before the segment does: another message follows. */
          body = MIN (body, (gsize) clen);
          on_wire = clen;
          used = pos + body;
          lsc_tree_set_length (t, http, (guint32) used);
        }
      if (body > 0 && full)
        {
          gsize show = MIN (body, (gsize) 1024);
          lsc_string_clear (esc);
          append_escaped (esc, p + pos, show, TRUE);
          gint32 fd = lsc_tree_add_string (t, http, &f[F_FILE_DATA], lsc_buf_abs (&b, (guint32) pos), (guint32) body, esc->str,
                                           (gssize) esc->len);
          if (show < body)
            lsc_tree_add_note (t, fd, 0, 0, 0, _("Showing the first %u of %u body bytes"), (guint) show, (guint) body);
        }
      if (have_clen && clen > on_wire)
        lsc_tree_add_note (t, http, 0, 0, 0,
                           _("Content-Length promises %" PRIu64 " body bytes, %u are in this segment: the rest follows in later segments"),
                           clen, (guint) on_wire);
    }

  if (response && ctype)
    {
      gsize mt = 0;
      while (mt < ctype_len && ctype[mt] != ';' && ctype[mt] != ' ')
        mt++;
      char *w = lsc_string_reserve (pi->info, mt + 4);  /* "  (", the type, ")" */
      *w++ = ' ';
      *w++ = ' ';
      *w++ = '(';
      for (gsize i = 0; i < mt; i++)
        *w++ = (char) ascii_lower (ctype[i]);
      *w++ = ')';
      lsc_string_commit (pi->info, w);
    }
  return used;
}

/* At most this many messages are decoded from one segment (pipelining). */
#define MAX_MESSAGES 8

void
lsc_proto_http (LscDissectCtx *c, LscBuf b, gint32 parent)
{
  c->pi->has |= LSC_HAS_HTTP;
  c->pi->protocol = lsc_fields_http[F_HTTP].short_name;
  gsize off = http_message (c, b, parent, TRUE);
  for (guint k = 1; k < MAX_MESSAGES && off < b.len; k++)
    {
      LscBuf rest = lsc_buf_tail (&b, (guint32) off);
      if (!lsc_http_detect (rest, TRUE))
        {
          lsc_tree_add_note (c->tree, c->pi->app_node, 1, rest.off, rest.len,
                             _("%u bytes after the message's body are not an HTTP message"), rest.len);
          lsc_proto_data (c, rest, parent);
          return;
        }
      off += http_message (c, rest, parent, FALSE);
    }
  if (off < b.len)
    lsc_proto_data (c, lsc_buf_tail (&b, (guint32) off), parent);
}

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

static const struct {
  const char *name;
  int field;
} known_headers[] = {
  { "host", F_HOST }, { "user-agent", F_USER_AGENT }, { "content-type", F_CONTENT_TYPE },
  { "content-length", F_CONTENT_LENGTH_HDR }, { "connection", F_CONNECTION }, { "server", F_SERVER },
  { "accept", F_ACCEPT }, { "cookie", F_COOKIE }, { "location", F_LOCATION }, { "referer", F_REFERER },
  { "date", F_DATE }, { "set-cookie", F_SET_COOKIE }, { "transfer-encoding", F_TRANSFER_ENCODING },
  { "content-encoding", F_CONTENT_ENCODING }, { "accept-encoding", F_ACCEPT_ENCODING },
  { "accept-language", F_ACCEPT_LANGUAGE }, { "cache-control", F_CACHE_CONTROL },
};

static const char *const methods[] = {
  "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
};

/* Length of the first line in the captured bytes (without its end), or -1 when
 * no line end was captured within limit bytes. */
static gssize
line_length (const guint8 *p, gsize n)
{
  const guint8 *nl = memchr (p, '\n', n);
  if (!nl)
    return -1;
  gsize l = (gsize) (nl - p);
  if (l > 0 && p[l - 1] == '\r')
    l--;
  return (gssize) l;
}

/* Bytes of the first line including its LF, or n when no LF was captured. */
static gsize
line_raw_length (const guint8 *p, gsize n)
{
  const guint8 *nl = memchr (p, '\n', n);
  return nl ? (gsize) (nl - p) + 1 : n;
}

/* Header blocks longer than this are not waited for. */
#define MAX_HEADER_BLOCK (64 * 1024)

/* The value of header name (lower case) in the header block p[0, n), or NULL. */
static const guint8 *
header_value (const guint8 *p, gsize n, const char *name, gsize *vlen)
{
  gsize nl = strlen (name);
  gsize pos = line_raw_length (p, n);  /* past the start line */
  while (pos < n)
    {
      gssize ll = line_length (p + pos, n - pos);
      if (ll <= 0)
        break;
      const guint8 *line = p + pos;
      if ((gsize) ll > nl && line[nl] == ':' && g_ascii_strncasecmp ((const char *) line, name, nl) == 0)
        {
          gsize vs = nl + 1, ve = (gsize) ll;
          while (vs < ve && (line[vs] == ' ' || line[vs] == '\t'))
            vs++;
          while (ve > vs && (line[ve - 1] == ' ' || line[ve - 1] == '\t'))
            ve--;
          *vlen = ve - vs;
          return line + vs;
        }
      pos += line_raw_length (line, n - pos);
    }
  return NULL;
}

int
lsc_http_message_length (const guint8 *p, gsize n, gsize *len)
{
  /* The header block ends at the first empty line. */
  gsize hend = 0;
  gboolean ended = FALSE;
  for (gsize pos = 0; pos < n;)
    {
      gssize ll = line_length (p + pos, n - pos);
      if (ll < 0)
        break;
      pos += line_raw_length (p + pos, n - pos);
      if (ll == 0)
        {
          hend = pos;
          ended = TRUE;
          break;
        }
    }
  if (!ended)
    return n > MAX_HEADER_BLOCK ? -1 : 0;
  gboolean response = n >= 5 && memcmp (p, "HTTP/", 5) == 0;
  gsize vl = 0;
  const guint8 *te = header_value (p, hend, "transfer-encoding", &vl);
  if (te && vl >= 7 && g_ascii_strncasecmp ((const char *) te + vl - 7, "chunked", 7) == 0)
    {
      /* Chunks: a hex size line, the data, CR LF; size 0 ends, then trailers. */
      gsize pos = hend;
      for (;;)
        {
          gssize ll = line_length (p + pos, n - pos);
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
          pos += line_raw_length (p + pos, n - pos);
          if (size == 0)
            {
              /* Trailer lines up to an empty one. */
              for (;;)
                {
                  gssize tl = line_length (p + pos, n - pos);
                  if (tl < 0)
                    return 0;
                  pos += line_raw_length (p + pos, n - pos);
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
          pos += line_raw_length (p + pos, n - pos);
        }
    }
  const guint8 *cl = header_value (p, hend, "content-length", &vl);
  guint64 body = 0;
  if (cl)
    {
      g_autofree char *num = g_strndup ((const char *) cl, vl);
      if (!g_ascii_string_to_unsigned (num, 10, 0, G_MAXUINT32, &body, NULL))
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
      gsize ml = strlen (methods[i]);
      if (n > ml && memcmp (p, methods[i], ml) == 0 && p[ml] == ' ')
        return TRUE;
    }
  if (!on_http_port)
    return FALSE;
  /* Extension methods: TOKEN SP target SP HTTP/1.x on the first line. */
  gsize limit = MIN (n, (gsize) 4096);
  gssize ll = line_length (b.data, limit);
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
 * (for the body) or \xNN (for header lines). */
static void
append_escaped (GString *out, const guint8 *p, gsize n, gboolean dots)
{
  for (gsize i = 0; i < n; i++)
    {
      guint8 ch = p[i];
      if (ch == '\r')
        g_string_append (out, "\\r");
      else if (ch == '\n')
        g_string_append (out, "\\n");
      else if (ch == '\t')
        g_string_append (out, "\\t");
      else if (ch >= 0x20 && ch < 0x7f)
        g_string_append_c (out, (char) ch);
      else if (dots)
        g_string_append_c (out, '.');
      else
        g_string_append_printf (out, "\\x%02x", ch);
    }
}

static const char *
arena_escaped (LscTree *t, const guint8 *p, gsize n, gboolean with_crlf)
{
  /* Header lines are shown, never summarised: a summary-only pass skips them. */
  if (lsc_tree_is_summary_only (t))
    return "";
  g_autoptr (GString) s = g_string_sized_new (n + 8);
  append_escaped (s, p, n, FALSE);
  if (with_crlf)
    g_string_append (s, "\\r\\n");
  return lsc_tree_strdup (t, s->str, s->len);
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

  gint32 http = lsc_tree_add_proto (t, parent, &f[F_HTTP], lsc_buf_abs (&b, 0), b.len);
  if (pi->app_node < 0)
    pi->app_node = http;

  gssize ll = line_length (p, n);
  gsize first_len = ll < 0 ? n : (gsize) ll;
  gsize a_end = 0, b_start = 0, b_end = 0, c_start = 0;
  gboolean three = split3 (p, first_len, &a_end, &b_start, &b_end, &c_start);
  gboolean response = first_len >= 5 && memcmp (p, "HTTP/", 5) == 0;
  gboolean good_start = FALSE;

  /* The start line, with its parts as children. */
  gsize first_raw = line_raw_length (p, n);
  gint32 sl = lsc_tree_add_text (t, http, lsc_buf_abs (&b, 0), (guint32) first_raw,
                                 "%s", arena_escaped (t, p, first_len, ll >= 0));
  if (response)
    {
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
    g_string_truncate (pi->info, 0);
  else
    g_string_append (pi->info, ", ");
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
      gssize hl = line_length (p + pos, n - pos);
      gsize raw = line_raw_length (p + pos, n - pos);
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
      const char *lv = arena_escaped (t, line, (gsize) hl, !partial);
      const guint8 *colon = memchr (line, ':', (gsize) hl);
      int known = -1;
      if (colon)
        {
          gsize nl = (gsize) (colon - line);
          for (guint k = 0; k < G_N_ELEMENTS (known_headers); k++)
            if (strlen (known_headers[k].name) == nl && g_ascii_strncasecmp ((const char *) line, known_headers[k].name, nl) == 0)
              known = known_headers[k].field;
        }
      /* The tree shows the line as written (name as sent, then the value).
       * A known header's node is that header's field (its value filterable,
       * its explanation shown); every line also keeps the raw-line field
       * tshark has, hidden under a known header. */
      const char *as_written = arena_escaped (t, line, (gsize) hl, FALSE);
      const LscField *line_field = &f[response ? F_RESP_LINE : F_REQ_LINE];
      gint32 vis;
      if (known >= 0)
        {
          gsize vs = (gsize) (colon - line) + 1;
          while (vs < (gsize) hl && (line[vs] == ' ' || line[vs] == '\t'))
            vs++;
          gsize ve = (gsize) hl;
          while (ve > vs && (line[ve - 1] == ' ' || line[ve - 1] == '\t'))
            ve--;
          vis = lsc_tree_add_string (t, http, &f[known], a, (guint32) raw, (const char *) line + vs, (gssize) (ve - vs));
          lsc_tree_set_label (t, vis, as_written, -1);
          lsc_tree_set_flags (t, lsc_tree_add_string (t, vis, line_field, a, (guint32) raw, lv, -1), LSC_NODE_HIDDEN);
          if (known == F_TRANSFER_ENCODING)
            have_te = TRUE;
          else if (known == F_CONTENT_TYPE)
            {
              ctype = line + vs;
              ctype_len = ve - vs;
            }
          else if (known == F_CONTENT_LENGTH_HDR)
            {
              g_autofree char *num = g_strndup ((const char *) line + vs, ve - vs);
              guint64 v;
              if (g_ascii_string_to_unsigned (num, 10, 0, G_MAXINT64, &v, NULL))
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
          vis = lsc_tree_add_string (t, http, line_field, a, (guint32) raw, lv, -1);
          lsc_tree_set_label (t, vis, as_written, -1);
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
      if (body > 0)
        {
          gsize show = MIN (body, (gsize) 1024);
          g_autoptr (GString) s = g_string_sized_new (show + 16);
          append_escaped (s, p + pos, show, TRUE);
          gint32 fd = lsc_tree_add_string (t, http, &f[F_FILE_DATA], lsc_buf_abs (&b, (guint32) pos), (guint32) body, s->str, s->len);
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
      g_string_append (pi->info, "  (");
      for (gsize i = 0; i < mt; i++)
        g_string_append_c (pi->info, g_ascii_tolower ((char) ctype[i]));
      g_string_append_c (pi->info, ')');
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

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-filter.c — display filters: a hand-written lexer, a recursive-descent
 * parser into a small expression tree, and its evaluation against LscTrees.
 *
 * Values are parsed once, at compile time, into the representation of the
 * field they are compared with, so evaluating a frame is integer, memcmp and
 * strcmp work over the tree's node array.
 */
#include "lsc-filter.h"
#include "lsc-format.h"

#include <arpa/inet.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

G_DEFINE_QUARK (lsc-filter-error-quark, lsc_filter_error)

/* ---------------------------------------------------------------- fields */

/* Ids Wireshark users type that stand for a pair of our fields.  Used only
 * when the registry does not define the id itself. */
static const struct {
  const char *alias;
  const char *first;
  const char *second;
} field_aliases[] = {
  { "ip.addr", "ip.src", "ip.dst" },
  { "ip.host", "ip.src", "ip.dst" },
  { "ipv6.addr", "ipv6.src", "ipv6.dst" },
  { "eth.addr", "eth.src", "eth.dst" },
  { "tcp.port", "tcp.srcport", "tcp.dstport" },
  { "udp.port", "udp.srcport", "udp.dstport" },
  { "arp.proto.ipv4", "arp.src.proto_ipv4", "arp.dst.proto_ipv4" },
  { "arp.hw.mac", "arp.src.hw_mac", "arp.dst.hw_mac" },
};

static void
set_add_id (LscFieldSet *set, const char *id)
{
  /* Every table entry with this id counts (the registry's lookup returns the
   * first; a protocol may define an id twice, e.g. for an embedded header). */
  for (guint i = 0; i < lsc_fields_count () && set->n < LSC_FIELD_SET_MAX; i++)
    {
      const LscField *f = lsc_fields_nth (i);
      if (g_str_equal (f->id, id) && !lsc_field_set_has (set, f))
        set->fields[set->n++] = f;
    }
}

gboolean
lsc_field_set_resolve (LscFieldSet *set, const char *id)
{
  set->n = 0;
  if (!id || !*id)
    return FALSE;
  if (lsc_fields_lookup (id))
    {
      set_add_id (set, id);
      return set->n > 0;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (field_aliases); i++)
    if (g_str_equal (field_aliases[i].alias, id))
      {
        set_add_id (set, field_aliases[i].first);
        set_add_id (set, field_aliases[i].second);
        return set->n > 0;
      }
  return FALSE;
}

static guint
edit_distance (const char *a, const char *b, guint limit)
{
  gsize la = strlen (a), lb = strlen (b);
  if ((la > lb ? la - lb : lb - la) > limit)
    return limit + 1;
  g_autofree guint *row = g_new (guint, lb + 1);
  for (gsize j = 0; j <= lb; j++)
    row[j] = (guint) j;
  for (gsize i = 1; i <= la; i++)
    {
      guint diag = row[0];
      row[0] = (guint) i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint up = row[j];
          guint best = diag + (a[i - 1] == b[j - 1] ? 0 : 1);
          best = MIN (best, up + 1);
          best = MIN (best, row[j - 1] + 1);
          row[j] = best;
          diag = up;
        }
    }
  return row[lb];
}

char *
lsc_fields_suggest (const char *id)
{
  if (!id || !*id)
    return NULL;
  guint limit = strlen (id) >= 6 ? 2 : 1;
  const char *best = NULL;
  guint best_d = limit + 1;
  for (guint i = 0; i < lsc_fields_count (); i++)
    {
      const LscField *f = lsc_fields_nth (i);
      if (f->id[0] == '_')
        continue;
      guint d = edit_distance (id, f->id, limit);
      if (d < best_d)
        {
          best_d = d;
          best = f->id;
        }
    }
  for (gsize i = 0; i < G_N_ELEMENTS (field_aliases); i++)
    {
      LscFieldSet s;
      guint d = edit_distance (id, field_aliases[i].alias, limit);
      if (d < best_d && lsc_field_set_resolve (&s, field_aliases[i].alias))
        {
          best_d = d;
          best = field_aliases[i].alias;
        }
    }
  return g_strdup (best);
}

/* s with control characters escaped (\n, \t, \001), so a message that
 * quotes user input stays on one line; UTF-8 text is kept as it is. */
static char *
one_line (const char *s)
{
  char high[129] = { 0 };
  for (int i = 0; i < 128; i++)
    high[i] = (char) (0x80 + i);
  return g_strescape (s, high);
}

gboolean
lsc_field_set_lookup (LscFieldSet *set, const char *id, GError **error)
{
  if (lsc_field_set_resolve (set, id))
    return TRUE;
  g_autofree char *hint = lsc_fields_suggest (id);
  g_autofree char *shown = one_line (id ? id : "");
  if (hint)
    g_set_error (error, LSC_FILTER_ERROR, LSC_FILTER_ERROR_UNKNOWN_FIELD,
                 _("unknown field '%s' (did you mean '%s'?)"), shown, hint);
  else
    g_set_error (error, LSC_FILTER_ERROR, LSC_FILTER_ERROR_UNKNOWN_FIELD,
                 _("unknown field '%s'"), shown);
  return FALSE;
}

/* ---------------------------------------------------------------- the tree */

typedef enum {
  OP_EXISTS, OP_EQ, OP_NE, OP_ANY_NE, OP_LT, OP_GT, OP_LE, OP_GE, OP_CONTAINS, OP_MATCHES, OP_IN,
} Op;

static const char *const op_names[] = {
  [OP_EXISTS] = "", [OP_EQ] = "==", [OP_NE] = "!=", [OP_ANY_NE] = "~=", [OP_LT] = "<", [OP_GT] = ">",
  [OP_LE] = "<=", [OP_GE] = ">=", [OP_CONTAINS] = "contains", [OP_MATCHES] = "matches", [OP_IN] = "in",
};

typedef enum { VK_UINT, VK_INT, VK_DOUBLE, VK_IPV4, VK_IPV6, VK_BYTES, VK_STRING, VK_REGEX } ValueKind;

typedef struct {
  guint64 u;
  gint64 i;
  double d;
  guint32 mask;     /* IPv4 prefix mask (host order) */
  guint8 v6[16];
  guint prefix;     /* IPv6 prefix length */
  guint8 *bytes;    /* BYTES / STRING (NUL-terminated) */
  gsize len;
  GRegex *re;
} Value;

typedef struct {
  Value lo, hi;     /* hi is used for ranges in sets */
  gboolean range;
} SetItem;

typedef enum { E_AND, E_OR, E_NOT, E_TEST } ExprKind;

typedef struct _Expr Expr;
struct _Expr {
  ExprKind kind;
  Expr *a;          /* E_NOT */
  /* E_AND, E_OR: a chain "x or y or z" is one node with every operand, so
   * a chain of any length costs no recursion (only parentheses and not
   * nest, and they are bounded by MAX_NESTING). */
  Expr **kids;
  guint n_kids, kids_alloc;
  /* E_TEST */
  char *field_id;
  LscFieldSet set;
  LscFieldType type;
  Op op;
  ValueKind vk;
  SetItem *items;   /* one for plain comparisons, several for "in" */
  LscFieldSet rhs;  /* when the value is another field: ip.src == ip.dst */
  guint n_items;
  char *value_text; /* as written, for lsc_filter_to_string() */
};

struct _LscFilter {
  char *text;
  Expr *root;       /* NULL: the empty filter, matches everything */
};

static void
value_clear (Value *v)
{
  g_free (v->bytes);
  if (v->re)
    g_regex_unref (v->re);
}

static void
expr_free (Expr *e)
{
  if (!e)
    return;
  expr_free (e->a);
  for (guint i = 0; i < e->n_kids; i++)
    expr_free (e->kids[i]);
  g_free (e->kids);
  for (guint i = 0; i < e->n_items; i++)
    {
      value_clear (&e->items[i].lo);
      value_clear (&e->items[i].hi);
    }
  g_free (e->items);
  g_free (e->field_id);
  g_free (e->value_text);
  g_free (e);
}

void
lsc_filter_free (LscFilter *f)
{
  if (!f)
    return;
  expr_free (f->root);
  g_free (f->text);
  g_free (f);
}

/* ---------------------------------------------------------------- lexer */

typedef enum {
  T_END, T_LPAREN, T_RPAREN, T_LBRACE, T_RBRACE, T_COMMA, T_AND, T_OR, T_NOT,
  T_EQ, T_NE, T_ANY_NE, T_LT, T_GT, T_LE, T_GE, T_CONTAINS, T_MATCHES, T_IN,
  T_WORD, T_STRING,
} TokType;

typedef struct {
  TokType type;
  const char *start;   /* in the filter text */
  gsize len;
  char *str;           /* T_WORD: the word; T_STRING: the unescaped contents */
  gsize str_len;
} Token;

typedef struct {
  const char *text;
  const char *p;
  Token tok;
  GError *error;
  guint error_col;
  guint depth;   /* of ( and not, so no input can exhaust the stack */
  guint n_tests;
} Parser;

#define MAX_NESTING 200
/* Far beyond any filter a person writes; bounds the memory and the time
 * per frame of one that a program generates. */
#define MAX_TESTS 50000
#define MAX_TEXT (1024 * 1024)

static guint
column_of (Parser *ps, const char *at)
{
  return (guint) g_utf8_pointer_to_offset (ps->text, at) + 1;
}

static void G_GNUC_PRINTF (4, 5)
fail (Parser *ps, const char *at, LscFilterError code, const char *fmt, ...)
{
  if (ps->error)
    return;
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  /* Messages quote the filter, which may hold a newline (inside a string
   * or as an unexpected character): the error must stay one line. */
  GString *line = g_string_sized_new (strlen (msg));
  for (const char *c = msg; *c; c++)
    {
      if (*c == '\n')
        g_string_append (line, "\\n");
      else if (*c == '\t')
        g_string_append (line, "\\t");
      else if ((guchar) *c < 0x20 || *c == 0x7f)
        g_string_append_printf (line, "\\x%02x", (guchar) *c);
      else
        g_string_append_c (line, *c);
    }
  ps->error = g_error_new_literal (LSC_FILTER_ERROR, code, line->str);
  g_string_free (line, TRUE);
  ps->error_col = column_of (ps, at);
}

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '.' || c == ':' || c == '/' || c == '-';
}

static const struct {
  const char *word;
  TokType type;
} keywords[] = {
  { "and", T_AND }, { "or", T_OR }, { "not", T_NOT }, { "eq", T_EQ }, { "ne", T_NE },
  { "any_ne", T_ANY_NE }, { "all_ne", T_NE }, { "any_eq", T_EQ }, { "lt", T_LT }, { "gt", T_GT },
  { "le", T_LE }, { "ge", T_GE }, { "contains", T_CONTAINS }, { "matches", T_MATCHES }, { "in", T_IN },
};

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static void
lex_string (Parser *ps)
{
  char quote = *ps->p;
  const char *s = ps->p + 1;
  GString *out = g_string_new (NULL);
  while (*s && *s != quote)
    {
      if (*s != '\\')
        {
          g_string_append_c (out, *s++);
          continue;
        }
      const char *esc = s++;
      if (!*s)
        break;  /* a backslash at the very end: reported as an open string below */
      switch (*s)
        {
        case 'n': g_string_append_c (out, '\n'); s++; break;
        case 't': g_string_append_c (out, '\t'); s++; break;
        case 'r': g_string_append_c (out, '\r'); s++; break;
        case '0': g_string_append_c (out, '\0'); s++; break;
        case '\\': case '"': case '\'':
          g_string_append_c (out, *s++);
          break;
        case 'x':
          if (hex_value (s[1]) >= 0 && hex_value (s[2]) >= 0)
            {
              g_string_append_c (out, (char) (hex_value (s[1]) * 16 + hex_value (s[2])));
              s += 3;
              break;
            }
          G_GNUC_FALLTHROUGH;
        default:
          fail (ps, esc, LSC_FILTER_ERROR_SYNTAX, _("unknown escape '\\%c' in string (use \\\\, \\\", \\n, \\t or \\xHH)"),
                *s ? *s : ' ');
          g_string_free (out, TRUE);
          ps->tok.type = T_END;
          return;
        }
    }
  if (!*s)
    {
      fail (ps, ps->p, LSC_FILTER_ERROR_SYNTAX, _("string is not closed: missing %c"), quote);
      g_string_free (out, TRUE);
      ps->tok.type = T_END;
      return;
    }
  ps->tok.type = T_STRING;
  ps->tok.start = ps->p;
  ps->tok.len = (gsize) (s + 1 - ps->p);
  ps->tok.str_len = out->len;
  ps->tok.str = g_string_free (out, FALSE);
  ps->p = s + 1;
}

/* Read the next token into ps->tok.  On a lexical error, sets the error and
 * makes the token T_END so the parser unwinds. */
static void
next (Parser *ps)
{
  g_clear_pointer (&ps->tok.str, g_free);
  while (g_ascii_isspace (*ps->p))
    ps->p++;
  const char *s = ps->p;
  Token *t = &ps->tok;
  t->start = s;
  t->len = 1;
  t->str_len = 0;
  switch (*s)
    {
    case '\0': t->type = T_END; t->len = 0; return;
    case '(': t->type = T_LPAREN; ps->p++; return;
    case ')': t->type = T_RPAREN; ps->p++; return;
    case '{': t->type = T_LBRACE; ps->p++; return;
    case '}': t->type = T_RBRACE; ps->p++; return;
    case ',': t->type = T_COMMA; ps->p++; return;
    case '"':
    case '\'':
      lex_string (ps);
      return;
    default:
      break;
    }
  static const struct {
    const char *s;
    TokType type;
  } ops[] = {
    { "==", T_EQ }, { "!=", T_NE }, { "~=", T_ANY_NE }, { "<=", T_LE }, { ">=", T_GE }, { "&&", T_AND },
    { "||", T_OR }, { "<", T_LT }, { ">", T_GT }, { "!", T_NOT }, { "~", T_MATCHES },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (ops); i++)
    if (strncmp (s, ops[i].s, strlen (ops[i].s)) == 0)
      {
        t->type = ops[i].type;
        t->len = strlen (ops[i].s);
        ps->p += t->len;
        return;
      }
  if (is_word_char (*s))
    {
      const char *e = s;
      while (is_word_char (*e))
        e++;
      t->type = T_WORD;
      t->len = (gsize) (e - s);
      t->str = g_strndup (s, t->len);
      t->str_len = t->len;
      ps->p = e;
      for (gsize i = 0; i < G_N_ELEMENTS (keywords); i++)
        if (g_ascii_strcasecmp (t->str, keywords[i].word) == 0)
          t->type = keywords[i].type;
      return;
    }
  t->type = T_END;
  if (*s == '=')
    fail (ps, s, LSC_FILTER_ERROR_SYNTAX, _("'=' is not an operator: use '==' to compare"));
  else if (*s == '&')
    fail (ps, s, LSC_FILTER_ERROR_SYNTAX, _("'&' is not an operator: use '&&' or 'and'"));
  else if (*s == '|')
    fail (ps, s, LSC_FILTER_ERROR_SYNTAX, _("'|' is not an operator: use '||' or 'or'"));
  else
    {
      const char *e = g_utf8_next_char (s);
      fail (ps, s, LSC_FILTER_ERROR_SYNTAX, _("unexpected character '%.*s'"), (int) (e - s), s);
    }
}

static char *
token_desc (const Token *t)
{
  if (t->type == T_END)
    return g_strdup (_("end of filter"));
  return g_strdup_printf ("'%.*s'", (int) t->len, t->start);
}

static void
fail_unexpected (Parser *ps)
{
  g_autofree char *d = token_desc (&ps->tok);
  fail (ps, ps->tok.start, LSC_FILTER_ERROR_SYNTAX, _("unexpected %s"), d);
}

/* ---------------------------------------------------------------- values */

static const char *
type_desc (const LscField *f)
{
  switch (f->type)
    {
    case LSC_FT_NONE: return _("a heading with no value");
    case LSC_FT_PROTOCOL: return _("a protocol");
    case LSC_FT_UINT: return _("an unsigned integer");
    case LSC_FT_INT: return _("an integer");
    case LSC_FT_BOOL: return _("a boolean (0 or 1)");
    case LSC_FT_ETHER: return _("a MAC address");
    case LSC_FT_IPV4: return _("an IPv4 address");
    case LSC_FT_IPV6: return _("an IPv6 address");
    case LSC_FT_BYTES: return _("a byte string");
    case LSC_FT_STRING: return _("a string");
    case LSC_FT_DOUBLE: return _("a number");
    case LSC_FT_RELTIME: return _("a time in seconds");
    case LSC_FT_ABSTIME: return _("a time in seconds since 1970");
    case LSC_FT_FRAMENUM: return _("a frame number");
    }
  return "?";
}

static gboolean
parse_u64 (const char *s, guint64 *out)
{
  if (!g_ascii_isdigit (*s))
    return FALSE;
  char *end = NULL;
  errno = 0;
  *out = g_ascii_strtoull (s, &end, 0);
  return errno == 0 && end && *end == '\0';
}

static gboolean
parse_i64 (const char *s, gint64 *out)
{
  if (!g_ascii_isdigit (*s) && !((*s == '-' || *s == '+') && g_ascii_isdigit (s[1])))
    return FALSE;
  char *end = NULL;
  errno = 0;
  *out = g_ascii_strtoll (s, &end, 0);
  return errno == 0 && end && *end == '\0';
}

static gboolean
parse_double (const char *s, double *out)
{
  if (!*s)
    return FALSE;
  char *end = NULL;
  errno = 0;
  *out = g_ascii_strtod (s, &end);
  return errno == 0 && end && *end == '\0' && *out == *out;
}

/* 02:00:00:00:00:01, 02-00-00-00-00-01, 0200.0000.0001 or 020000000001. */
static gboolean
parse_mac (const char *s, guint64 *out)
{
  guint64 v = 0;
  g_auto (GStrv) parts = NULL;
  if (strchr (s, ':') || strchr (s, '-'))
    {
      parts = g_strsplit_set (s, ":-", -1);
      if (g_strv_length (parts) != 6)
        return FALSE;
      for (int i = 0; i < 6; i++)
        {
          gsize l = strlen (parts[i]);
          if (l < 1 || l > 2)
            return FALSE;
          int hi = l == 2 ? hex_value (parts[i][0]) : 0, lo = hex_value (parts[i][l - 1]);
          if (hi < 0 || lo < 0)
            return FALSE;
          v = (v << 8) | (guint64) (hi * 16 + lo);
        }
      *out = v;
      return TRUE;
    }
  int digits = 0;
  for (const char *p = s; *p; p++)
    {
      if (*p == '.')
        {
          if ((digits % 4) != 0 || digits == 0)
            return FALSE;
          continue;
        }
      int h = hex_value (*p);
      if (h < 0 || ++digits > 12)
        return FALSE;
      v = (v << 4) | (guint64) h;
    }
  if (digits != 12)
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean
parse_prefix (const char *s, guint max, guint *out)
{
  guint64 v;
  if (!parse_u64 (s, &v) || v > max || (s[0] == '0' && s[1]))
    return FALSE;
  *out = (guint) v;
  return TRUE;
}

/* An IPv4 or IPv6 address with an optional /prefix. */
static gboolean
parse_address (const char *s, int family, Value *v)
{
  guint max = family == AF_INET ? 32 : 128, prefix = max;
  g_autofree char *addr = g_strdup (s);
  char *slash = strchr (addr, '/');
  if (slash)
    {
      *slash = '\0';
      if (!parse_prefix (slash + 1, max, &prefix))
        return FALSE;
    }
  guint8 raw[16];
  if (inet_pton (family, addr, raw) != 1)
    return FALSE;
  if (family == AF_INET6)
    {
      memcpy (v->v6, raw, 16);
      v->prefix = prefix;
      return TRUE;
    }
  v->mask = prefix ? (guint32) (0xffffffffu << (32 - prefix)) : 0;
  v->u = (((guint32) raw[0] << 24) | ((guint32) raw[1] << 16) | ((guint32) raw[2] << 8) | raw[3]) & v->mask;
  return TRUE;
}

/* Hex bytes: aa:bb:cc, aa-bb-cc, aa.bb.cc or aabbcc. */
static gboolean
parse_hex_bytes (const char *s, Value *v)
{
  GByteArray *b = g_byte_array_new ();
  const char *p = s;
  gboolean separated = strchr (s, ':') || strchr (s, '-') || strchr (s, '.');
  while (*p)
    {
      int hi = hex_value (p[0]);
      int lo = hi >= 0 ? hex_value (p[1]) : -1;
      if (hi < 0)
        goto bad;
      guint8 byte;
      if (lo >= 0)
        {
          byte = (guint8) (hi * 16 + lo);
          p += 2;
        }
      else if (separated)
        {
          byte = (guint8) hi;
          p += 1;
        }
      else
        goto bad;
      g_byte_array_append (b, &byte, 1);
      if (*p && separated)
        {
          if (*p != ':' && *p != '-' && *p != '.')
            goto bad;
          p++;
          if (!*p)
            goto bad;
        }
    }
  if (b->len == 0)
    goto bad;
  v->len = b->len;
  g_byte_array_append (b, (const guint8 *) "", 1);
  v->bytes = g_byte_array_free (b, FALSE);
  return TRUE;
bad:
  g_byte_array_free (b, TRUE);
  return FALSE;
}

static ValueKind
kind_of (LscFieldType type)
{
  switch (type)
    {
    case LSC_FT_INT:
    case LSC_FT_ABSTIME:
      return VK_INT;
    case LSC_FT_DOUBLE:
    case LSC_FT_RELTIME:
      return VK_DOUBLE;
    case LSC_FT_IPV4:
      return VK_IPV4;
    case LSC_FT_IPV6:
      return VK_IPV6;
    case LSC_FT_BYTES:
    case LSC_FT_PROTOCOL:
    case LSC_FT_NONE:
      return VK_BYTES;
    case LSC_FT_STRING:
      return VK_STRING;
    default:
      return VK_UINT;
    }
}

/* Turn the text of one value into the field's representation. */
static gboolean
parse_value (Parser *ps, const Expr *e, const LscField *f, const char *s, gsize len, gboolean quoted,
             const char *at, Value *v)
{
  gboolean ok = FALSE;
  v->mask = 0xffffffffu;
  if (e->op == OP_MATCHES)
    {
      g_autoptr (GError) rerr = NULL;
      /* RAW: field text from the wire need not be UTF-8, and must still match. */
      v->re = g_regex_new (s, G_REGEX_CASELESS | G_REGEX_OPTIMIZE | G_REGEX_RAW, 0, &rerr);
      if (!v->re)
        {
          fail (ps, at, LSC_FILTER_ERROR_VALUE, _("bad regular expression: %s"), rerr->message);
          return FALSE;
        }
      return TRUE;
    }
  if (strlen (s) != len && e->vk != VK_BYTES && e->vk != VK_STRING)
    goto bad;
  switch (e->vk)
    {
    case VK_UINT:
      if (f->type == LSC_FT_BOOL && (g_ascii_strcasecmp (s, "true") == 0 || g_ascii_strcasecmp (s, "false") == 0))
        {
          v->u = g_ascii_strcasecmp (s, "true") == 0;
          ok = TRUE;
        }
      else if (f->type == LSC_FT_ETHER)
        ok = parse_mac (s, &v->u);
      else
        ok = parse_u64 (s, &v->u);
      if (!ok && f->vals)
        {
          /* A value's name works too: eth.type == ARP. */
          for (const LscValueString *vs = f->vals; vs->name && !ok; vs++)
            if (g_ascii_strcasecmp (s, vs->name) == 0 || g_ascii_strcasecmp (s, _(vs->name)) == 0)
              {
                v->u = vs->value;
                ok = TRUE;
              }
        }
      break;
    case VK_INT:
      if (f->type == LSC_FT_ABSTIME)
        {
          /* Seconds since 1970, as many decimals as wanted; held in ns. */
          ok = parse_double (s, &v->d) && v->d > -9.2e9 && v->d < 9.2e9;
          v->i = ok ? (gint64) (v->d * 1e9 + (v->d < 0 ? -0.5 : 0.5)) : 0;
        }
      else
        ok = parse_i64 (s, &v->i);
      break;
    case VK_DOUBLE:
      ok = parse_double (s, &v->d);
      break;
    case VK_IPV4:
      ok = parse_address (s, AF_INET, v);
      break;
    case VK_IPV6:
      ok = parse_address (s, AF_INET6, v);
      break;
    case VK_BYTES:
      if (quoted)
        {
          v->bytes = g_memdup2 (s, len + 1);
          v->len = len;
          ok = TRUE;
        }
      else
        ok = parse_hex_bytes (s, v);
      break;
    case VK_STRING:
      v->bytes = g_memdup2 (s, len + 1);
      v->len = len;
      ok = TRUE;
      break;
    case VK_REGEX:
      break;
    }
  if (ok)
    return TRUE;
bad:
  {
    g_autofree char *shown = one_line (s);
    fail (ps, at, LSC_FILTER_ERROR_VALUE, quoted ? _("\"%s\" is not a valid value for %s, which is %s")
                                                 : _("'%s' is not a valid value for %s, which is %s"),
          shown, e->field_id, type_desc (f));
  }
  return FALSE;
}

/* Parse the value token at ps->tok into item (a range a..b inside sets). */
static gboolean
parse_item (Parser *ps, Expr *e, const LscField *f, gboolean allow_range, SetItem *item)
{
  if (ps->tok.type != T_WORD && ps->tok.type != T_STRING)
    {
      g_autofree char *d = token_desc (&ps->tok);
      fail (ps, ps->tok.start, LSC_FILTER_ERROR_SYNTAX, _("expected a value after %s, found %s"),
            e->field_id, d);
      return FALSE;
    }
  gboolean quoted = ps->tok.type == T_STRING;
  const char *dots = !quoted && allow_range ? strstr (ps->tok.str, "..") : NULL;
  if (dots && e->vk != VK_STRING && e->vk != VK_BYTES)
    {
      g_autofree char *lo = g_strndup (ps->tok.str, (gsize) (dots - ps->tok.str));
      const char *hi = dots + 2;
      item->range = TRUE;
      if (!parse_value (ps, e, f, lo, strlen (lo), FALSE, ps->tok.start, &item->lo) ||
          !parse_value (ps, e, f, hi, strlen (hi), FALSE, ps->tok.start + (hi - ps->tok.str), &item->hi))
        return FALSE;
    }
  else if (!parse_value (ps, e, f, ps->tok.str, ps->tok.str_len, quoted, ps->tok.start, &item->lo))
    return FALSE;
  next (ps);
  return TRUE;
}

static gboolean
op_allowed (Op op, LscFieldType type)
{
  switch (op)
    {
    case OP_EXISTS:
      return TRUE;
    case OP_CONTAINS:
      return type == LSC_FT_STRING || type == LSC_FT_BYTES || type == LSC_FT_PROTOCOL;
    case OP_MATCHES:
      return type == LSC_FT_STRING;
    default:
      return type != LSC_FT_PROTOCOL && type != LSC_FT_NONE;
    }
}

/* A bare word that is not a value of the field's type but names a field of
 * the same kind makes a field-to-field comparison (ip.src == ip.dst).  Returns
 * TRUE when it took the token; FALSE leaves it to parse_item(). */
static gboolean
parse_field_ref (Parser *ps, Expr *e, const LscField *f)
{
  if (ps->tok.type != T_WORD || e->op == OP_CONTAINS || e->op == OP_MATCHES)
    return FALSE;
  Parser trial = *ps;
  trial.error = NULL;
  Value v = { 0 };
  gboolean is_value = parse_value (&trial, e, f, ps->tok.str, ps->tok.str_len, FALSE, ps->tok.start, &v);
  value_clear (&v);
  g_clear_error (&trial.error);
  if (is_value || !lsc_field_set_resolve (&e->rhs, ps->tok.str))
    {
      e->rhs.n = 0;
      return FALSE;
    }
  const LscField *g = e->rhs.fields[0];
  if (kind_of (g->type) != e->vk || !op_allowed (e->op, g->type))
    {
      fail (ps, ps->tok.start, LSC_FILTER_ERROR_VALUE, _("cannot compare %s, which is %s, with %s, which is %s"),
            e->field_id, type_desc (f), ps->tok.str, type_desc (g));
      return FALSE;
    }
  next (ps);
  return TRUE;
}

/* ---------------------------------------------------------------- parser */

static Expr *parse_or (Parser *ps);

static Expr *
new_not (Expr *a)
{
  Expr *e = g_new0 (Expr, 1);
  e->kind = E_NOT;
  e->a = a;
  return e;
}

static void
add_kid (Expr *e, Expr *kid)
{
  if (e->n_kids == e->kids_alloc)
    {
      e->kids_alloc = MAX (4, e->kids_alloc * 2);
      e->kids = g_renew (Expr *, e->kids, e->kids_alloc);
    }
  e->kids[e->n_kids++] = kid;
}

static Expr *
parse_test (Parser *ps)
{
  const char *at = ps->tok.start;
  if (++ps->n_tests > MAX_TESTS)
    {
      fail (ps, at, LSC_FILTER_ERROR_SYNTAX, _("the filter has more than %d tests"), MAX_TESTS);
      return NULL;
    }
  Expr *e = g_new0 (Expr, 1);
  e->kind = E_TEST;
  e->field_id = g_strdup (ps->tok.str);
  GError *ferr = NULL;
  if (!lsc_field_set_lookup (&e->set, e->field_id, &ferr))
    {
      fail (ps, at, LSC_FILTER_ERROR_UNKNOWN_FIELD, "%s", ferr->message);
      g_error_free (ferr);
      expr_free (e);
      return NULL;
    }
  const LscField *f = e->set.fields[0];
  e->type = f->type;
  e->op = OP_EXISTS;
  next (ps);

  static const struct {
    TokType tok;
    Op op;
  } rel[] = {
    { T_EQ, OP_EQ }, { T_NE, OP_NE }, { T_ANY_NE, OP_ANY_NE }, { T_LT, OP_LT }, { T_GT, OP_GT },
    { T_LE, OP_LE }, { T_GE, OP_GE }, { T_CONTAINS, OP_CONTAINS }, { T_MATCHES, OP_MATCHES }, { T_IN, OP_IN },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (rel); i++)
    if (ps->tok.type == rel[i].tok)
      e->op = rel[i].op;
  if (e->op == OP_EXISTS)
    return e;

  const char *op_at = ps->tok.start;
  if (!op_allowed (e->op, e->type))
    {
      if (e->op == OP_CONTAINS || e->op == OP_MATCHES)
        fail (ps, op_at, LSC_FILTER_ERROR_OPERATOR, _("'%s' needs a string field; %s is %s"),
              op_names[e->op], e->field_id, type_desc (f));
      else
        fail (ps, op_at, LSC_FILTER_ERROR_OPERATOR, _("%s is %s and has no value to compare; test its presence with just '%s'"),
              e->field_id, type_desc (f), e->field_id);
      expr_free (e);
      return NULL;
    }
  e->vk = e->op == OP_MATCHES ? VK_REGEX : kind_of (e->type);
  next (ps);

  const char *value_at = ps->tok.start;
  if (e->op == OP_IN)
    {
      if (ps->tok.type != T_LBRACE)
        {
          g_autofree char *d = token_desc (&ps->tok);
          fail (ps, ps->tok.start, LSC_FILTER_ERROR_SYNTAX, _("expected '{' after 'in', found %s"), d);
          expr_free (e);
          return NULL;
        }
      next (ps);
      GArray *items = g_array_new (FALSE, TRUE, sizeof (SetItem));
      while (!ps->error && ps->tok.type != T_RBRACE)
        {
          SetItem it = { 0 };
          gboolean ok = parse_item (ps, e, f, TRUE, &it);
          g_array_append_val (items, it);
          if (!ok)
            break;
          if (ps->tok.type == T_COMMA)
            next (ps);
        }
      e->n_items = items->len;
      e->items = (SetItem *) g_array_free (items, FALSE);
      if (ps->error)
        {
          expr_free (e);
          return NULL;
        }
      if (e->n_items == 0)
        {
          fail (ps, ps->tok.start, LSC_FILTER_ERROR_SYNTAX, _("empty set: put at least one value between { and }"));
          expr_free (e);
          return NULL;
        }
      next (ps);
    }
  else
    {
      e->items = g_new0 (SetItem, 1);
      e->n_items = 1;
      if (!parse_field_ref (ps, e, f) && !parse_item (ps, e, f, FALSE, &e->items[0]))
        {
          expr_free (e);
          return NULL;
        }
    }
  const char *end = ps->tok.type == T_END ? ps->p : ps->tok.start;
  e->value_text = g_strstrip (g_strndup (value_at, (gsize) (end - value_at)));
  return e;
}

static gboolean
nest (Parser *ps)
{
  if (++ps->depth <= MAX_NESTING)
    return TRUE;
  fail (ps, ps->tok.start, LSC_FILTER_ERROR_SYNTAX, _("nested too deeply (more than %d levels)"), MAX_NESTING);
  return FALSE;
}

static Expr *
parse_primary (Parser *ps)
{
  if (ps->tok.type == T_LPAREN)
    {
      const char *open = ps->tok.start;
      if (!nest (ps))
        return NULL;
      next (ps);
      Expr *e = parse_or (ps);
      ps->depth--;
      if (!e)
        return NULL;
      if (ps->tok.type != T_RPAREN)
        {
          if (ps->tok.type == T_END)
            fail (ps, open, LSC_FILTER_ERROR_SYNTAX, _("'(' is never closed"));
          else
            fail_unexpected (ps);
          expr_free (e);
          return NULL;
        }
      next (ps);
      return e;
    }
  if (ps->tok.type == T_WORD)
    return parse_test (ps);
  fail_unexpected (ps);
  return NULL;
}

static Expr *
parse_not (Parser *ps)
{
  if (ps->tok.type == T_NOT)
    {
      if (!nest (ps))
        return NULL;
      next (ps);
      Expr *a = parse_not (ps);
      ps->depth--;
      return a ? new_not (a) : NULL;
    }
  return parse_primary (ps);
}

/* "and" binds tighter than "or": parse_binary (ps, T_OR) reads a chain of
 * and-chains. */
static Expr *
parse_binary (Parser *ps, TokType op)
{
  Expr *left = op == T_OR ? parse_binary (ps, T_AND) : parse_not (ps);
  if (!left || ps->tok.type != op)
    return left;
  Expr *chain = g_new0 (Expr, 1);
  chain->kind = op == T_OR ? E_OR : E_AND;
  add_kid (chain, left);
  while (ps->tok.type == op)
    {
      next (ps);
      Expr *right = op == T_OR ? parse_binary (ps, T_AND) : parse_not (ps);
      if (!right)
        {
          expr_free (chain);
          return NULL;
        }
      add_kid (chain, right);
    }
  return chain;
}

static Expr *
parse_or (Parser *ps)
{
  return parse_binary (ps, T_OR);
}

LscFilter *
lsc_filter_compile (const char *text, guint *error_column, GError **error)
{
  const char *bad = NULL;
  if (error_column)
    *error_column = 0;
  if (!text)
    text = "";
  if (!g_utf8_validate (text, -1, &bad))
    {
      if (error_column)
        *error_column = (guint) g_utf8_pointer_to_offset (text, bad) + 1;
      g_set_error_literal (error, LSC_FILTER_ERROR, LSC_FILTER_ERROR_SYNTAX, _("the filter is not valid UTF-8 text"));
      return NULL;
    }
  if (strlen (text) > MAX_TEXT)
    {
      if (error_column)
        *error_column = (guint) g_utf8_strlen (text, MAX_TEXT) + 1;
      g_set_error (error, LSC_FILTER_ERROR, LSC_FILTER_ERROR_SYNTAX, _("the filter is longer than %d bytes"), MAX_TEXT);
      return NULL;
    }
  Parser ps = { .text = text, .p = text };
  next (&ps);
  Expr *root = NULL;
  if (ps.tok.type != T_END || ps.error)
    {
      root = parse_or (&ps);
      if (root && ps.tok.type != T_END)
        fail_unexpected (&ps);
    }
  g_clear_pointer (&ps.tok.str, g_free);
  if (ps.error)
    {
      expr_free (root);
      if (error_column)
        *error_column = ps.error_col;
      g_propagate_error (error, ps.error);
      return NULL;
    }
  LscFilter *f = g_new0 (LscFilter, 1);
  f->text = g_strdup (text);
  f->root = root;
  return f;
}

const char *
lsc_filter_get_text (const LscFilter *f)
{
  return f->text;
}

static void
to_string_rec (const Expr *e, GString *out)
{
  switch (e->kind)
    {
    case E_AND:
    case E_OR:
      /* As the left-associative pairs it stands for: ((a or b) or c). */
      for (guint i = 1; i < e->n_kids; i++)
        g_string_append_c (out, '(');
      to_string_rec (e->kids[0], out);
      for (guint i = 1; i < e->n_kids; i++)
        {
          g_string_append (out, e->kind == E_AND ? " and " : " or ");
          to_string_rec (e->kids[i], out);
          g_string_append_c (out, ')');
        }
      break;
    case E_NOT:
      g_string_append (out, "(not ");
      to_string_rec (e->a, out);
      g_string_append_c (out, ')');
      break;
    case E_TEST:
      if (e->op == OP_EXISTS)
        g_string_append (out, e->field_id);
      else
        g_string_append_printf (out, "(%s %s %s)", e->field_id, op_names[e->op], e->value_text);
      break;
    }
}

char *
lsc_filter_to_string (const LscFilter *f)
{
  GString *out = g_string_new (NULL);
  if (f->root)
    to_string_rec (f->root, out);
  return g_string_free (out, FALSE);
}

/* ---------------------------------------------------------------- evaluation */

#define INCOMPARABLE 2

static int
sign_u (guint64 a, guint64 b)
{
  return a < b ? -1 : a > b;
}

static int
compare_bytes (const guint8 *a, gsize la, const guint8 *b, gsize lb)
{
  int c = memcmp (a, b, MIN (la, lb));
  if (c)
    return c < 0 ? -1 : 1;
  return sign_u (la, lb);
}

/* Three-way comparison of one node's value with v: -1, 0, 1, or INCOMPARABLE. */
static int
compare (const Expr *e, const LscNode *n, const Value *v)
{
  switch (e->vk)
    {
    case VK_UINT:
      return sign_u (n->v.u, v->u);
    case VK_INT:
      return n->v.i < v->i ? -1 : n->v.i > v->i;
    case VK_DOUBLE:
      return n->v.d < v->d ? -1 : n->v.d > v->d ? 1 : n->v.d == v->d ? 0 : INCOMPARABLE;
    case VK_IPV4:
      return sign_u (n->v.u & v->mask, v->u);
    case VK_IPV6:
      {
        if (!n->bytes || n->bytes_len < 16)
          return INCOMPARABLE;
        guint full = v->prefix / 8, rest = v->prefix % 8;
        int c = memcmp (n->bytes, v->v6, full);
        if (c)
          return c < 0 ? -1 : 1;
        if (rest)
          {
            guint8 m = (guint8) (0xff << (8 - rest));
            return sign_u (n->bytes[full] & m, v->v6[full] & m);
          }
        return 0;
      }
    case VK_BYTES:
      if (!n->bytes)
        return INCOMPARABLE;
      return compare_bytes (n->bytes, n->bytes_len, v->bytes, v->len);
    case VK_STRING:
      {
        const char *s = n->text ? n->text : "";
        return compare_bytes ((const guint8 *) s, strlen (s), v->bytes, v->len);
      }
    case VK_REGEX:
      break;
    }
  return INCOMPARABLE;
}

static gboolean
contains (const LscTree *t, const LscNode *n, const Value *v)
{
  const guint8 *hay = NULL;
  gsize len = 0;
  if (n->field->type == LSC_FT_STRING)
    {
      hay = (const guint8 *) (n->text ? n->text : "");
      len = strlen ((const char *) hay);
    }
  else if (n->field->type == LSC_FT_BYTES)
    {
      hay = n->bytes;
      len = n->bytes_len;
    }
  else
    {
      /* A protocol holds its header and everything carried after it. */
      const LscPacket *p = lsc_tree_packet (t);
      if (p->data && n->offset < p->caplen)
        {
          hay = p->data + n->offset;
          len = p->caplen - n->offset;
        }
    }
  if (v->len == 0)
    return TRUE;
  if (!hay || len < v->len)
    return FALSE;
  for (gsize i = 0; i + v->len <= len; i++)
    {
      const guint8 *p = memchr (hay + i, v->bytes[0], len - v->len + 1 - i);
      if (!p)
        return FALSE;
      i = (gsize) (p - hay);
      if (memcmp (p, v->bytes, v->len) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
relation (Op op, int c)
{
  /* Values that cannot be ordered (NaN, an address node without bytes) satisfy no relation. */
  if (c == INCOMPARABLE)
    return FALSE;
  switch (op)
    {
    case OP_EQ: case OP_NE: case OP_IN: return c == 0;
    case OP_ANY_NE: return c != 0;
    case OP_LT: return c < 0;
    case OP_GT: return c > 0;
    case OP_LE: return c <= 0;
    case OP_GE: return c >= 0;
    default: return FALSE;
    }
}

/* Does this one occurrence satisfy the test?  (For != : is it equal.) */
static gboolean
occurrence_matches (const Expr *e, const LscTree *t, const LscNode *n)
{
  switch (e->op)
    {
    case OP_CONTAINS:
      return contains (t, n, &e->items[0].lo);
    case OP_MATCHES:
      return n->text && g_regex_match (e->items[0].lo.re, n->text, 0, NULL);
    case OP_IN:
      for (guint i = 0; i < e->n_items; i++)
        {
          const SetItem *it = &e->items[i];
          if (it->range)
            {
              int lo = compare (e, n, &it->lo), hi = compare (e, n, &it->hi);
              if (lo != INCOMPARABLE && hi != INCOMPARABLE && lo >= 0 && hi <= 0)
                return TRUE;
            }
          else if (compare (e, n, &it->lo) == 0)
            return TRUE;
        }
      return FALSE;
    default:
      return relation (e->op, compare (e, n, &e->items[0].lo));
    }
}

/* The value of node m as a comparison operand (borrowing its bytes). */
static gboolean
value_of_node (ValueKind vk, const LscNode *m, Value *v)
{
  memset (v, 0, sizeof *v);
  v->mask = 0xffffffffu;
  v->prefix = 128;
  switch (vk)
    {
    case VK_UINT: case VK_IPV4: v->u = m->v.u; return TRUE;
    case VK_INT: v->i = m->v.i; return TRUE;
    case VK_DOUBLE: v->d = m->v.d; return TRUE;
    case VK_IPV6:
      if (!m->bytes || m->bytes_len < 16)
        return FALSE;
      memcpy (v->v6, m->bytes, 16);
      return TRUE;
    case VK_BYTES:
      v->bytes = (guint8 *) m->bytes;
      v->len = m->bytes_len;
      return m->bytes != NULL;
    case VK_STRING:
      v->bytes = (guint8 *) (m->text ? m->text : "");
      v->len = strlen ((const char *) v->bytes);
      return TRUE;
    case VK_REGEX:
      break;
    }
  return FALSE;
}

/* Field against field: true when any pair of occurrences relates (for !=,
 * when no pair is equal). */
static gboolean
pair_matches (const Expr *e, const LscTree *t, const LscNode *n, gboolean *seen)
{
  guint count = lsc_tree_count (t);
  for (guint k = 0; k < count; k++)
    {
      const LscNode *m = lsc_tree_node (t, (gint32) k);
      Value v;
      if (!lsc_field_set_has (&e->rhs, m->field) || !value_of_node (e->vk, m, &v))
        continue;
      *seen = TRUE;
      if (relation (e->op, compare (e, n, &v)))
        return TRUE;
    }
  return FALSE;
}

static gboolean
eval_test (const Expr *e, const LscTree *t)
{
  guint count = lsc_tree_count (t);
  gboolean seen = FALSE;
  for (guint i = 0; i < count; i++)
    {
      const LscNode *n = lsc_tree_node (t, (gint32) i);
      if (!lsc_field_set_has (&e->set, n->field))
        continue;
      if (e->op == OP_EXISTS)
        return TRUE;
      gboolean m;
      if (e->rhs.n)
        m = pair_matches (e, t, n, &seen);
      else
        {
          seen = TRUE;
          m = occurrence_matches (e, t, n);
        }
      if (e->op == OP_NE)
        {
          if (m)
            return FALSE;
        }
      else if (m)
        return TRUE;
    }
  /* != holds when the field is there and no occurrence equals the value. */
  return e->op == OP_NE && seen;
}

static gboolean
eval (const Expr *e, const LscTree *t)
{
  switch (e->kind)
    {
    case E_AND:
      for (guint i = 0; i < e->n_kids; i++)
        if (!eval (e->kids[i], t))
          return FALSE;
      return TRUE;
    case E_OR:
      for (guint i = 0; i < e->n_kids; i++)
        if (eval (e->kids[i], t))
          return TRUE;
      return FALSE;
    case E_NOT: return !eval (e->a, t);
    case E_TEST: return eval_test (e, t);
    }
  return FALSE;
}

gboolean
lsc_filter_match (const LscFilter *f, const LscTree *t)
{
  return !f || !f->root || eval (f->root, t);
}

char *
lsc_filter_text_for_node (const LscNode *n)
{
  const LscField *f = n ? n->field : NULL;
  if (!f || !f->id || !*f->id || f->id[0] == '_')
    return NULL;
  if (f->type == LSC_FT_NONE || f->type == LSC_FT_PROTOCOL)
    return g_strdup (f->id);
  g_autoptr (GString) v = g_string_new (NULL);
  lsc_format_value (n, v);
  if (f->type != LSC_FT_STRING)
    return v->len ? g_strdup_printf ("%s == %s", f->id, v->str) : g_strdup (f->id);
  /* A string in quotes, its quotes and backslashes escaped. */
  GString *q = g_string_new (f->id);
  g_string_append (q, " == \"");
  for (const char *c = v->str; *c; c++)
    {
      if (*c == '"' || *c == '\\')
        g_string_append_c (q, '\\');
      g_string_append_c (q, *c);
    }
  g_string_append_c (q, '"');
  return g_string_free (q, FALSE);
}

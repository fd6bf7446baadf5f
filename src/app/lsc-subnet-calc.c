/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-subnet-calc.c — the subnet calculator widget and its window */
#include "lsc-subnet-calc.h"
#include "core/lsc-subnet.h"

#include "lsc-layer-colors.h"

#include <adwaita.h>
#include <glib/gi18n.h>

/* Rows of the split list shown before "… and N more". */
#define SPLIT_ROWS 16

struct _LscSubnetCalc {
  GtkWidget parent_instance;

  GtkEntry *entry;
  GtkLabel *error_label;
  GtkLabel *note_label;
  GtkStack *stack;
  GtkLabel *bin_addr, *bin_mask, *bin_network, *bin_broadcast;
  GtkLabel *dec_addr, *dec_mask, *dec_network, *dec_broadcast;
  GtkLabel *legend;
  GtkLabel *val_network, *val_broadcast, *val_first, *val_last, *val_hosts;
  GtkLabel *val_mask, *val_wildcard, *val_class, *val_range;
  GtkLabel *special_note;
  GtkLabel *split_from, *split_summary, *split_list;
  GtkSpinButton *split_spin;
  GtkGrid *class_grid;
  GtkLabel *val6_address, *val6_full, *val6_prefix, *val6_network, *val6_iid, *val6_kind;
  GtkEntry *mac_entry;
  GtkLabel *eui_label;

  LscSubnetInput in;
  gboolean valid;
  gboolean updating;   /* the spin button is being set from code */
  guint shown_prefix;  /* the prefix the split spin button was last set up for, +1 (0: none) */
};

G_DEFINE_FINAL_TYPE (LscSubnetCalc, lsc_subnet_calc, GTK_TYPE_WIDGET)

/* Network and host bits: blue and orange of the GNOME palette, a darker
 * tone on the light style and a lighter one on the dark style, so both read
 * well on the projector. */
static void
bit_colors (const char **net, const char **host)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  *net = dark ? "#99c1f1" : "#1a5fb4";
  *host = dark ? "#ffbe6f" : "#c64600";
}

/* v in binary, octets separated by dots; the first prefix bits in the
 * network colour, the rest in the host colour; the first class_bits bits
 * bold and underlined. */
static char *
bits_markup (guint32 v, guint prefix, guint class_bits)
{
  const char *net, *host;
  bit_colors (&net, &host);
  GString *m = g_string_new (NULL);
  int open = -1;  /* 1 network span, 0 host span */
  for (guint i = 0; i < 32; i++)
    {
      int is_net = i < prefix;
      if (is_net != open)
        {
          if (open >= 0)
            g_string_append (m, "</span>");
          g_string_append_printf (m, "<span foreground=\"%s\">", is_net ? net : host);
          open = is_net;
        }
      char c = (v >> (31 - i)) & 1 ? '1' : '0';
      if (i < class_bits)
        g_string_append_printf (m, "<b><u>%c</u></b>", c);
      else
        g_string_append_c (m, c);
      if (i % 8 == 7 && i < 31)
        g_string_append_c (m, '.');
    }
  g_string_append (m, "</span>");
  return g_string_free (m, FALSE);
}

/* "²⁴" for 24. */
static char *
superscript (guint n)
{
  static const char *const digits[] = { "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };
  char dec[4];
  g_snprintf (dec, sizeof dec, "%u", n);
  GString *s = g_string_new (NULL);
  for (const char *p = dec; *p; p++)
    g_string_append (s, digits[*p - '0']);
  return g_string_free (s, FALSE);
}

static void
set_bits (GtkLabel *l, guint32 v, guint prefix, guint class_bits)
{
  g_autofree char *m = bits_markup (v, prefix, class_bits);
  gtk_label_set_markup (l, m);
}

static void
set_dotted (GtkLabel *l, guint32 v)
{
  char buf[16];
  lsc_subnet_format_dotted (v, buf, sizeof buf);
  gtk_label_set_text (l, buf);
}

static const LscSubnetClassRow *
class_row (char klass)
{
  guint n;
  const LscSubnetClassRow *rows = lsc_subnet_class_table (&n);
  for (guint i = 0; i < n; i++)
    if (rows[i].klass == klass)
      return &rows[i];
  return &rows[n - 1];
}

/* The class table, once; the current class's row is marked on each update. */
static void
build_class_table (LscSubnetCalc *self)
{
  const char *heads[] = { N_("Class"), N_("Leading bits"), N_("First byte"), N_("Default mask"), N_("Private range") };
  for (guint c = 0; c < G_N_ELEMENTS (heads); c++)
    {
      GtkWidget *l = gtk_label_new (_(heads[c]));
      gtk_label_set_xalign (GTK_LABEL (l), 0);
      gtk_widget_add_css_class (l, "header");
      gtk_grid_attach (self->class_grid, l, (int) c, 0, 1, 1);
    }
  guint n;
  const LscSubnetClassRow *rows = lsc_subnet_class_table (&n);
  for (guint r = 0; r < n; r++)
    {
      char first[16], last[16], mask[16];
      lsc_subnet_format_dotted (rows[r].first, first, sizeof first);
      lsc_subnet_format_dotted (rows[r].last, last, sizeof last);
      lsc_subnet_format_dotted (lsc_subnet_mask (rows[r].default_prefix), mask, sizeof mask);
      g_autofree char *klass = g_strdup_printf ("%c", rows[r].klass);
      g_autofree char *bits = g_strdup_printf ("%s…", rows[r].leading_bits);
      /* The course counts classes by the first byte (class C: 192 to 223). */
      g_autofree char *range = g_strdup_printf ("%u–%u", rows[r].first >> 24, rows[r].last >> 24);
      g_autofree char *dmask = rows[r].default_prefix ? g_strdup_printf ("/%u %s", rows[r].default_prefix, mask)
                                                      : g_strdup (rows[r].klass == 'D' ? _("none: multicast") : _("none: reserved"));
      g_autofree char *tip = g_strdup_printf ("%s – %s: %s", first, last, _(rows[r].use));
      const char *cells[] = { klass, bits, range, dmask, rows[r].private_range ? rows[r].private_range : "—" };
      for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
        {
          GtkWidget *l = gtk_label_new (cells[c]);
          gtk_label_set_xalign (GTK_LABEL (l), 0);
          gtk_widget_set_tooltip_text (l, tip);
          if (c > 0)
            gtk_widget_add_css_class (l, "subnet-value");
          gtk_grid_attach (self->class_grid, l, (int) c, (int) r + 1, 1, 1);
        }
    }
}

static void
mark_class (LscSubnetCalc *self, char klass)
{
  guint n;
  const LscSubnetClassRow *rows = lsc_subnet_class_table (&n);
  for (guint r = 0; r < n; r++)
    for (int c = 0; c < 5; c++)
      {
        GtkWidget *l = gtk_grid_get_child_at (self->class_grid, c, (int) r + 1);
        if (!l)
          continue;
        if (rows[r].klass == klass)
          gtk_widget_add_css_class (l, "current");
        else
          gtk_widget_remove_css_class (l, "current");
      }
}

static void
show_note (GtkLabel *l, const char *text)
{
  gtk_label_set_text (l, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (l), text && *text);
}

static void
update_split (LscSubnetCalc *self)
{
  if (!self->valid || self->in.family != 4)
    return;
  LscSubnet s;
  lsc_subnet_compute (self->in.addr4, self->in.prefix, &s);
  guint to = (guint) gtk_spin_button_get_value_as_int (self->split_spin);
  char net[16];
  lsc_subnet_format_dotted (s.network, net, sizeof net);
  g_autofree char *from = g_strdup_printf (_("Split %s/%u into subnets of /"), net, s.prefix);
  gtk_label_set_text (self->split_from, from);

  guint64 count = lsc_subnet_split_count (s.prefix, to);
  LscSubnet part;
  lsc_subnet_compute (s.network, to, &part);
  char mask[16];
  lsc_subnet_format_dotted (part.mask, mask, sizeof mask);
  g_autofree char *summary = NULL;
  if (to == s.prefix)
    summary = g_strdup_printf (_("/%u is the block itself: pick a longer prefix to split it"), to);
  else
    {
      /* 64-bit counts as text: the catalogue's tools cannot read G_GUINT64_FORMAT. */
      g_autofree char *n = g_strdup_printf ("%" G_GUINT64_FORMAT, count);
      g_autofree char *size = g_strdup_printf ("%" G_GUINT64_FORMAT, part.size);
      g_autofree char *hosts = g_strdup_printf ("%" G_GUINT64_FORMAT, part.hosts);
      g_autofree char *head = g_strdup_printf (g_dngettext (NULL, "%s subnets of /%u (mask %s): %u bit borrowed from the host part",
                                                            "%s subnets of /%u (mask %s): %u bits borrowed from the host part",
                                                            to - s.prefix),
                                               n, to, mask, to - s.prefix);
      g_autofree char *each = NULL;
      if (to == 32)
        each = g_strdup (_("each is a single address"));
      else if (to == 31)
        each = g_strdup (_("each has 2 addresses, both hosts (RFC 3021)"));
      else
        each = g_strdup_printf (_("each has %s addresses, %s of them usable hosts"), size, hosts);
      summary = g_strdup_printf (_("%s; %s"), head, each);
    }
  gtk_label_set_text (self->split_summary, summary);

  GString *list = g_string_new (NULL);
  for (guint64 i = 0; i < count && i < SPLIT_ROWS; i++)
    {
      LscSubnet p;
      lsc_subnet_compute (lsc_subnet_split_nth (s.network, to, i), to, &p);
      char a[16], b[16], c[16];
      lsc_subnet_format_dotted (p.network, a, sizeof a);
      lsc_subnet_format_dotted (p.first_host, b, sizeof b);
      lsc_subnet_format_dotted (p.last_host, c, sizeof c);
      g_autofree char *cidr = g_strdup_printf ("%s/%u", a, to);
      if (list->len)
        g_string_append_c (list, '\n');
      g_string_append_printf (list, "%-18s %s – %s", cidr, b, c);
    }
  if (count > SPLIT_ROWS)
    {
      char a[16];
      lsc_subnet_format_dotted (lsc_subnet_split_nth (s.network, to, count - 1), a, sizeof a);
      g_string_append_c (list, '\n');
      g_autofree char *more = g_strdup_printf ("%" G_GUINT64_FORMAT, count - SPLIT_ROWS);
      g_string_append_printf (list, _("… and %s more, up to %s/%u"), more, a, to);
    }
  gtk_label_set_text (self->split_list, list->str);
  g_string_free (list, TRUE);
}

static void
show_ipv4 (LscSubnetCalc *self)
{
  const LscSubnetInput *in = &self->in;
  LscSubnet s;
  LscSubnetClass cl;
  lsc_subnet_compute (in->addr4, in->prefix, &s);
  lsc_subnet_classify (in->addr4, &cl);
  const LscSubnetClassRow *crow = class_row (cl.klass);
  guint cbits = (guint) strlen (crow->leading_bits);
  gtk_stack_set_visible_child_name (self->stack, "ipv4");

  set_bits (self->bin_addr, s.addr, s.prefix, cbits);
  set_bits (self->bin_mask, s.mask, s.prefix, 0);
  set_bits (self->bin_network, s.network, s.prefix, 0);
  set_bits (self->bin_broadcast, s.broadcast, s.prefix, 0);
  set_dotted (self->dec_addr, s.addr);
  set_dotted (self->dec_network, s.network);
  if (s.has_broadcast)
    set_dotted (self->dec_broadcast, s.broadcast);
  else
    {
      /* All host bits 1 is still an address here, but a host's, not a broadcast. */
      char b[16];
      lsc_subnet_format_dotted (s.broadcast, b, sizeof b);
      g_autofree char *text = g_strdup_printf (_("%s: a host, no broadcast in a /%u"), b, s.prefix);
      gtk_label_set_text (self->dec_broadcast, text);
    }
  char mask[16], buf[16];
  lsc_subnet_format_dotted (s.mask, mask, sizeof mask);
  g_autofree char *dmask = g_strdup_printf ("%s = /%u", mask, s.prefix);
  gtk_label_set_text (self->dec_mask, dmask);

  const char *net, *host;
  bit_colors (&net, &host);
  g_autofree char *legend = g_strdup_printf (_("<span foreground=\"%s\">■ network part: %u bits</span>    "
                                               "<span foreground=\"%s\">■ host part: %u bits</span>    "
                                               "<b><u>%s</u></b>: the leading bits that make it class %c"),
                                             net, s.prefix, host, 32 - s.prefix, crow->leading_bits, cl.klass);
  gtk_label_set_markup (self->legend, legend);

  lsc_subnet_format_dotted (s.network, buf, sizeof buf);
  g_autofree char *network = g_strdup_printf ("%s/%u", buf, s.prefix);
  gtk_label_set_text (self->val_network, network);
  if (s.has_broadcast)
    set_dotted (self->val_broadcast, s.broadcast);
  else
    gtk_label_set_text (self->val_broadcast, s.prefix == 31 ? _("none: a /31 is a point-to-point link (RFC 3021)")
                                                            : _("none: a /32 is one address"));
  set_dotted (self->val_first, s.first_host);
  set_dotted (self->val_last, s.last_host);
  g_autofree char *hosts = NULL;
  if (s.prefix == 32)
    hosts = g_strdup (_("1: just this address (a host route)"));
  else if (s.prefix == 31)
    hosts = g_strdup (_("2: both addresses are hosts, as RFC 3021 allows on a point-to-point link"));
  else
    {
      g_autofree char *exp = superscript (32 - s.prefix);
      g_autofree char *n = g_strdup_printf ("%" G_GUINT64_FORMAT, s.hosts);
      hosts = g_strdup_printf (_("%s = 2%s − 2 (all host bits 0 is the network, all 1 the broadcast)"), n, exp);
    }
  gtk_label_set_text (self->val_hosts, hosts);
  g_autofree char *masks = g_strdup_printf (_("/%u = %s (%u ones, then %u zeros)"), s.prefix, mask, s.prefix, 32 - s.prefix);
  gtk_label_set_text (self->val_mask, masks);
  lsc_subnet_format_dotted (s.wildcard, buf, sizeof buf);
  g_autofree char *wild = g_strdup_printf (_("%s (the host bits, as access lists write masks)"), buf);
  gtk_label_set_text (self->val_wildcard, wild);
  g_autofree char *klass = NULL;
  if (cl.default_prefix)
    {
      char dm[16];
      lsc_subnet_format_dotted (lsc_subnet_mask (cl.default_prefix), dm, sizeof dm);
      klass = g_strdup_printf (_("%c: the address starts with %s; default mask %s (/%u)"), cl.klass, crow->leading_bits, dm,
                               cl.default_prefix);
    }
  else
    klass = g_strdup_printf (_("%c: the address starts with %s; %s"), cl.klass, crow->leading_bits, _(crow->use));
  gtk_label_set_text (self->val_class, klass);
  g_autofree char *range = g_strdup_printf ("%s — %s", _(cl.range_name), _(cl.range_explain));
  gtk_label_set_text (self->val_range, range);
  mark_class (self, cl.klass);

  char a[16];
  lsc_subnet_format_dotted (s.addr, a, sizeof a);
  g_autofree char *special = NULL;
  if (s.is_network)
    special = g_strdup_printf (_("%s is the network address itself: it names the subnet and is not given to a host."), a);
  else if (s.is_broadcast)
    special = g_strdup_printf (_("%s is the subnet's broadcast address: a packet sent to it reaches every host of the subnet."), a);
  else if (s.prefix == 31)
    special = g_strdup (_("RFC 3021: on a point-to-point link a /31 is enough; neither address is a network or broadcast address."));
  show_note (self->special_note, special);

  /* The split spin button starts two bits further (a /24 into four /26) whenever the block changes. */
  if (self->shown_prefix != s.prefix + 1)
    {
      self->updating = TRUE;
      gtk_spin_button_set_range (self->split_spin, s.prefix, 32);
      gtk_spin_button_set_value (self->split_spin, MIN (s.prefix + 2, 32u));
      self->updating = FALSE;
      self->shown_prefix = s.prefix + 1;
    }
  update_split (self);
}

static void
update_eui (LscSubnetCalc *self)
{
  if (!self->valid || self->in.family != 6)
    return;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->mac_entry));
  guint8 mac[6], iid[8];
  while (g_ascii_isspace (*text))
    text++;
  if (!*text)
    {
      gtk_label_set_text (self->eui_label, _("Type the MAC address of the interface, e.g. 02:00:00:00:00:01"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->mac_entry), "error");
      return;
    }
  if (!lsc_subnet_parse_mac (text, mac))
    {
      g_autofree char *why = g_strdup_printf (_("“%s” is not a MAC address: six bytes in hex, e.g. 02:00:00:00:00:01"), text);
      gtk_label_set_text (self->eui_label, why);
      gtk_widget_add_css_class (GTK_WIDGET (self->mac_entry), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->mac_entry), "error");
  lsc_subnet_eui64 (mac, iid);
  guint8 full[16] = { 0 };
  memcpy (full + 8, iid, 8);
  char iid_text[64], iid_full[64];
  lsc_subnet6_format (full, iid_text, sizeof iid_text);
  g_snprintf (iid_full, sizeof iid_full, "%02x%02x:%02x%02x:%02x%02x:%02x%02x",
              iid[0], iid[1], iid[2], iid[3], iid[4], iid[5], iid[6], iid[7]);
  GString *s = g_string_new (NULL);
  g_string_append_printf (s, _("1. Split the MAC in two halves:  %02x:%02x:%02x | %02x:%02x:%02x\n"),
                          mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
  g_string_append_printf (s, _("2. Put ff:fe in the middle:      %02x:%02x:%02x:ff:fe:%02x:%02x:%02x\n"),
                          mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
  g_string_append_printf (s, _("3. Flip bit 0x02 of the first byte (universal/local): %02x → %02x\n"), mac[0], iid[0]);
  g_string_append_printf (s, _("Interface identifier: %s (%s)"), iid_full, iid_text);
  LscSubnet6 n;
  lsc_subnet6_compute (self->in.addr6, self->in.prefix, &n);
  if (n.prefix <= 64)
    {
      guint8 addr[16];
      memcpy (addr, n.network, 8);
      memcpy (addr + 8, iid, 8);
      char a[64], p[64];
      lsc_subnet6_format (addr, a, sizeof a);
      lsc_subnet6_format (n.network, p, sizeof p);
      g_string_append_printf (s, _("\nAddress in %s/%u: %s"), p, n.prefix, a);
    }
  else
    g_string_append_printf (s, _("\nThe prefix is %u bits long: an EUI-64 identifier needs a /64 or shorter prefix."), n.prefix);
  gtk_label_set_text (self->eui_label, s->str);
  g_string_free (s, TRUE);
}

static void
show_ipv6 (LscSubnetCalc *self)
{
  LscSubnet6 n;
  lsc_subnet6_compute (self->in.addr6, self->in.prefix, &n);
  gtk_stack_set_visible_child_name (self->stack, "ipv6");
  char a[64], full[64];
  lsc_subnet6_format (n.addr, a, sizeof a);
  g_autofree char *addr = g_strdup_printf ("%s/%u", a, n.prefix);
  gtk_label_set_text (self->val6_address, addr);
  lsc_subnet6_format_full (n.addr, full, sizeof full);
  gtk_label_set_text (self->val6_full, full);
  g_autofree char *prefix = g_strdup_printf (_("/%u: %u bits of network, %u bits of interface identifier"), n.prefix, n.prefix,
                                             128 - n.prefix);
  gtk_label_set_text (self->val6_prefix, prefix);
  lsc_subnet6_format (n.network, a, sizeof a);
  g_autofree char *network = g_strdup_printf ("%s/%u", a, n.prefix);
  gtk_label_set_text (self->val6_network, network);
  lsc_subnet6_format (n.iid, a, sizeof a);
  gtk_label_set_text (self->val6_iid, a);
  gtk_label_set_text (self->val6_kind, _(n.kind));
  update_eui (self);
}

static void
update (LscSubnetCalc *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree char *reason = NULL;
  LscSubnetInput in;
  gboolean empty = TRUE;
  for (const char *p = text; *p; p++)
    empty = empty && g_ascii_isspace (*p);
  if (!lsc_subnet_parse_input (text, &in, &reason))
    {
      /* Keep the last good figures, greyed, so the page does not jump while typing. */
      gtk_widget_set_sensitive (GTK_WIDGET (self->stack), FALSE);
      if (!self->valid)
        gtk_stack_set_visible_child_name (self->stack, "empty");
      show_note (self->error_label, empty ? NULL : reason);
      show_note (self->note_label, empty ? reason : NULL);
      if (empty)
        gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
      else
        gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
      return;
    }
  self->in = in;
  self->valid = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), TRUE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
  show_note (self->error_label, NULL);
  g_autofree char *note = NULL;
  if (!in.has_prefix && in.family == 6)
    note = g_strdup (_("No prefix typed: /64, the size of an ordinary IPv6 subnet, is used."));
  else if (!in.has_prefix)
    {
      LscSubnetClass cl;
      lsc_subnet_classify (in.addr4, &cl);
      note = cl.default_prefix ? g_strdup_printf (_("No mask typed: class %c's default mask /%u is used."), cl.klass, in.prefix)
                               : g_strdup_printf (_("No mask typed: class %c has no default mask, so /32 (this address alone) is used."),
                                                  cl.klass);
    }
  show_note (self->note_label, note);
  if (in.family == 6)
    show_ipv6 (self);
  else
    show_ipv4 (self);
}

static void
entry_changed_cb (GtkEditable *e, LscSubnetCalc *self)
{
  update (self);
}

static void
mac_changed_cb (GtkEditable *e, LscSubnetCalc *self)
{
  update_eui (self);
}

static void
split_changed_cb (GtkSpinButton *spin, LscSubnetCalc *self)
{
  if (!self->updating)
    update_split (self);
}

static void
dark_changed_cb (AdwStyleManager *sm, GParamSpec *pspec, LscSubnetCalc *self)
{
  /* The bit colours are in the markup. */
  if (self->valid && self->in.family == 4)
    show_ipv4 (self);
}

void
lsc_subnet_calc_set_text (LscSubnetCalc *self, const char *text)
{
  g_return_if_fail (LSC_IS_SUBNET_CALC (self));
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text ? text : "");
  update (self);
}

void
lsc_subnet_calc_set_mac (LscSubnetCalc *self, const char *mac)
{
  g_return_if_fail (LSC_IS_SUBNET_CALC (self));
  gtk_editable_set_text (GTK_EDITABLE (self->mac_entry), mac ? mac : "");
}

void
lsc_subnet_calc_set_split (LscSubnetCalc *self, guint prefix)
{
  g_return_if_fail (LSC_IS_SUBNET_CALC (self));
  gtk_spin_button_set_value (self->split_spin, prefix);
}

const char *
lsc_subnet_calc_get_value (LscSubnetCalc *self, const char *key)
{
  g_return_val_if_fail (LSC_IS_SUBNET_CALC (self), NULL);
  const struct { const char *key; GtkLabel *label; } map[] = {
    { "network", self->val_network }, { "broadcast", self->val_broadcast }, { "first", self->val_first },
    { "last", self->val_last }, { "hosts", self->val_hosts }, { "mask", self->val_mask },
    { "wildcard", self->val_wildcard }, { "class", self->val_class }, { "range", self->val_range },
    { "special", self->special_note }, { "bin-addr", self->bin_addr }, { "bin-mask", self->bin_mask },
    { "bin-network", self->bin_network }, { "dec-broadcast", self->dec_broadcast }, { "split-summary", self->split_summary }, { "split-list", self->split_list },
    { "ipv6-address", self->val6_address }, { "ipv6-network", self->val6_network }, { "ipv6-iid", self->val6_iid },
    { "ipv6-kind", self->val6_kind }, { "eui", self->eui_label }, { "error", self->error_label }, { "note", self->note_label },
  };
  if (g_str_equal (key, "page"))
    return gtk_stack_get_visible_child_name (self->stack);
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (key, map[i].key))
      return gtk_widget_get_visible (GTK_WIDGET (map[i].label)) ? gtk_label_get_text (map[i].label) : "";
  g_return_val_if_reached (NULL);
}

GtkWidget *
lsc_subnet_calc_new (void)
{
  return g_object_new (LSC_TYPE_SUBNET_CALC, NULL);
}

static void
lsc_subnet_calc_dispose (GObject *object)
{
  LscSubnetCalc *self = LSC_SUBNET_CALC (object);
  g_signal_handlers_disconnect_by_func (adw_style_manager_get_default (), dark_changed_cb, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LSC_TYPE_SUBNET_CALC);
  lsc_widget_unparent_children (GTK_WIDGET (self));
  G_OBJECT_CLASS (lsc_subnet_calc_parent_class)->dispose (object);
}

static void
lsc_subnet_calc_class_init (LscSubnetCalcClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = lsc_subnet_calc_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/layerscope/Layerscope/ui/lsc-subnet-calc.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, LscSubnetCalc, name)
  BIND (entry);
  BIND (error_label);
  BIND (note_label);
  BIND (stack);
  BIND (bin_addr);
  BIND (bin_mask);
  BIND (bin_network);
  BIND (bin_broadcast);
  BIND (dec_addr);
  BIND (dec_mask);
  BIND (dec_network);
  BIND (dec_broadcast);
  BIND (legend);
  BIND (val_network);
  BIND (val_broadcast);
  BIND (val_first);
  BIND (val_last);
  BIND (val_hosts);
  BIND (val_mask);
  BIND (val_wildcard);
  BIND (val_class);
  BIND (val_range);
  BIND (special_note);
  BIND (split_from);
  BIND (split_summary);
  BIND (split_list);
  BIND (split_spin);
  BIND (class_grid);
  BIND (val6_address);
  BIND (val6_full);
  BIND (val6_prefix);
  BIND (val6_network);
  BIND (val6_iid);
  BIND (val6_kind);
  BIND (mac_entry);
  BIND (eui_label);
#undef BIND
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lsc_subnet_calc_init (LscSubnetCalc *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_class_table (self);
  g_signal_connect (self->entry, "changed", G_CALLBACK (entry_changed_cb), self);
  g_signal_connect (self->mac_entry, "changed", G_CALLBACK (mac_changed_cb), self);
  g_signal_connect (self->split_spin, "value-changed", G_CALLBACK (split_changed_cb), self);
  g_signal_connect (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (dark_changed_cb), self);
  update (self);
}

/* ---- its window ---- */

LscSubnetCalc *
lsc_subnet_calc_from_window (GtkWindow *window)
{
  return g_object_get_data (G_OBJECT (window), "lsc-subnet-calc");
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

GtkWindow *
lsc_subnet_calc_present (GtkApplication *app, GtkWindow *parent, const char *text)
{
  /* The parent remembers its calculator weakly: closing it forgets it. */
  GWeakRef *ref = parent ? g_object_get_data (G_OBJECT (parent), "lsc-subnet-calc-window") : NULL;
  g_autoptr (GtkWindow) existing = ref ? g_weak_ref_get (ref) : NULL;
  GtkWindow *win = existing;
  if (!win)
    {
      win = GTK_WINDOW (adw_window_new ());
      gtk_window_set_title (win, _("Subnet Calculator"));
      /* Fits a 1024×768 projector with room for the desktop's panels. */
      gtk_window_set_default_size (win, 980, 720);
      if (app)
        gtk_window_set_application (win, app);
      if (parent)
        {
          gtk_window_set_transient_for (win, parent);
          gtk_window_set_destroy_with_parent (win, TRUE);
          ref = g_new0 (GWeakRef, 1);
          g_weak_ref_init (ref, win);
          g_object_set_data_full (G_OBJECT (parent), "lsc-subnet-calc-window", ref, (GDestroyNotify) weak_ref_free);
        }
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
      GtkWidget *calc = lsc_subnet_calc_new ();
      gtk_widget_set_vexpand (calc, TRUE);
      gtk_box_append (GTK_BOX (box), calc);
      adw_window_set_content (ADW_WINDOW (win), box);
      g_object_set_data (G_OBJECT (win), "lsc-subnet-calc", calc);
      GtkEventController *keys = gtk_shortcut_controller_new ();
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                            gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("Escape"),
                                                              gtk_named_action_new ("window.close")));
      gtk_widget_add_controller (GTK_WIDGET (win), keys);
      lsc_subnet_calc_set_text (LSC_SUBNET_CALC (calc), text ? text : "198.18.0.1/24");
    }
  else if (text)
    lsc_subnet_calc_set_text (lsc_subnet_calc_from_window (win), text);
  gtk_window_present (win);
  return win;
}

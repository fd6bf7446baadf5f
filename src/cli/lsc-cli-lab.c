/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-cli-lab.c — a classroom network on one machine
 *
 *        198.18.1.0/24 (a bridge in the router)          198.19.2.0/24
 *   h1 eth0 .11 ─┐
 *                ├─ br0 .1  [ r1, ip_forward=1 ]  h3 .1 ─── eth0 .13 h3
 *   h2 eth0 .12 ─┘
 *
 * Four network namespaces joined by veth pairs only; nothing touches a real
 * interface.  Every link is created directly inside its namespaces, so
 * deleting the namespaces removes everything: `down` is complete and
 * idempotent even after a crash half-way through `up`.  The name prefix
 * (lsc-lab-) can be changed with LSC_LAB_PREFIX so tests never collide with a
 * lab someone left running.
 */
#include "lsc-config.h"
#include "cli/lsc-cli-lab.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct {
  const char *host;     /* h1, h2, h3, r1 */
  const char *mac;      /* of its eth0 (router: of br0) */
  const char *addr4;    /* address on its first subnet */
  const char *gw4;      /* default route; NULL for the router */
  const char *addr6, *gw6;
  const char *more;     /* the router's side on the second subnet */
} LabHost;

static const LabHost lab_hosts[] = {
  { "h1", "02:00:00:00:01:11", "198.18.1.11/24", "198.18.1.1", "fd00:1::11/64", "fd00:1::1" },
  { "h2", "02:00:00:00:01:12", "198.18.1.12/24", "198.18.1.1", "fd00:1::12/64", "fd00:1::1" },
  { "h3", "02:00:00:00:02:13", "198.19.2.13/24", "198.19.2.1", "fd00:2::13/64", "fd00:2::1" },
  { "r1", "02:00:00:00:01:01", "198.18.1.1/24", NULL, "fd00:1::1/64", NULL, "198.19.2.1/24 fd00:2::1/64" },
};

static const char *
lab_prefix (void)
{
  const char *p = g_getenv ("LSC_LAB_PREFIX");
  return p && *p ? p : "lsc-lab-";
}

static char *
ns_name (const char *host)
{
  return g_strconcat (lab_prefix (), host, NULL);
}

static gboolean
ns_exists (const char *host)
{
  g_autofree char *ns = ns_name (host);
  g_autofree char *path = g_build_filename ("/run/netns", ns, NULL);
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* Set by SIGINT, SIGTERM or SIGHUP while `lab up` builds: stop and remove
 * what was built, so no half-built lab is left behind. */
static volatile sig_atomic_t interrupted;

static void
on_interrupt (int sig)
{
  interrupted = sig;
}

/* Run one command; on failure print what failed and why. */
static gboolean
run (const char *const *argv, char **out)
{
  if (interrupted)
    return FALSE;
  g_autofree char *err_text = NULL;
  g_autoptr (GError) err = NULL;
  int status = 0;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out, &err_text, &status, &err))
    {
      fprintf (stderr, "layerscope-cli lab: %s\n", err->message);
      return FALSE;
    }
  if (!g_spawn_check_wait_status (status, NULL))
    {
      /* A terminal's Ctrl+C reaches the command too: that is not its fault. */
      if (interrupted)
        return FALSE;
      g_autofree char *cmd = g_strjoinv (" ", (char **) argv);
      fprintf (stderr, _("layerscope-cli lab: `%s` failed: %s"), cmd, err_text && *err_text ? err_text : "\n");
      return FALSE;
    }
  return TRUE;
}

/* Run one command for its output; NULL when it fails (nothing printed). */
static char *
output_of (const char *const *argv)
{
  char *out = NULL;
  int status = 0;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, &status, NULL) || !g_spawn_check_wait_status (status, NULL))
    g_clear_pointer (&out, g_free);
  return out;
}

/* `ip -n NS ARGS...` */
static gboolean
ip_in (const char *host, const char *a0, ...)
{
  g_autofree char *ns = ns_name (host);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer) "ip");
  g_ptr_array_add (argv, (gpointer) "-n");
  g_ptr_array_add (argv, ns);
  va_list ap;
  va_start (ap, a0);
  for (const char *a = a0; a; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  return run ((const char *const *) argv->pdata, NULL);
}

static gboolean
sysctl_in (const char *host, const char *setting)
{
  g_autofree char *ns = ns_name (host);
  const char *argv[] = { "ip", "netns", "exec", ns, "sysctl", "-qw", setting, NULL };
  return run (argv, NULL);
}

static int
lab_down (gboolean quiet)
{
  guint removed = 0;
  for (guint i = 0; i < G_N_ELEMENTS (lab_hosts); i++)
    {
      if (!ns_exists (lab_hosts[i].host))
        continue;
      g_autofree char *ns = ns_name (lab_hosts[i].host);
      const char *argv[] = { "ip", "netns", "delete", ns, NULL };
      if (run (argv, NULL))
        removed++;
    }
  if (!quiet)
    printf (ngettext ("lab down: %u namespace removed\n", "lab down: %u namespaces removed\n", removed), removed);
  for (guint i = 0; i < G_N_ELEMENTS (lab_hosts); i++)
    if (ns_exists (lab_hosts[i].host))
      return 1;
  return 0;
}

/* A veth pair with one end in each namespace, created in place. */
static gboolean
veth (const char *host_a, const char *name_a, const char *host_b, const char *name_b)
{
  g_autofree char *ns_b = ns_name (host_b);
  return ip_in (host_a, "link", "add", name_a, "type", "veth", "peer", "name", name_b, "netns", ns_b, NULL);
}

static gboolean
lab_build (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (lab_hosts); i++)
    {
      g_autofree char *ns = ns_name (lab_hosts[i].host);
      const char *argv[] = { "ip", "netns", "add", ns, NULL };
      /* No duplicate address detection: link-local addresses (which IPv6
       * neighbour discovery needs) are usable at once instead of after ~2 s. */
      if (!run (argv, NULL) || !ip_in (lab_hosts[i].host, "link", "set", "lo", "up", NULL) ||
          !sysctl_in (lab_hosts[i].host, "net.ipv6.conf.default.accept_dad=0") ||
          !sysctl_in (lab_hosts[i].host, "net.ipv6.conf.all.accept_dad=0"))
        return FALSE;
    }
  /* The router: a bridge for the first subnet, a routed link to the second. */
  if (!ip_in ("r1", "link", "add", "br0", "address", lab_hosts[3].mac, "type", "bridge", NULL) ||
      !veth ("r1", "h1", "h1", "eth0") || !veth ("r1", "h2", "h2", "eth0") || !veth ("r1", "h3", "h3", "eth0") ||
      !ip_in ("r1", "link", "set", "h1", "master", "br0", "up", NULL) ||
      !ip_in ("r1", "link", "set", "h2", "master", "br0", "up", NULL) ||
      !ip_in ("r1", "link", "set", "br0", "up", NULL) ||
      !ip_in ("r1", "link", "set", "h3", "address", "02:00:00:00:02:01", "up", NULL) ||
      !ip_in ("r1", "addr", "add", "198.18.1.1/24", "dev", "br0", NULL) ||
      !ip_in ("r1", "addr", "add", "198.19.2.1/24", "dev", "h3", NULL) ||
      !ip_in ("r1", "addr", "add", "fd00:1::1/64", "dev", "br0", "nodad", NULL) ||
      !ip_in ("r1", "addr", "add", "fd00:2::1/64", "dev", "h3", "nodad", NULL) ||
      !sysctl_in ("r1", "net.ipv4.ip_forward=1") || !sysctl_in ("r1", "net.ipv6.conf.all.forwarding=1"))
    return FALSE;

  for (guint i = 0; i < 3; i++)
    {
      const LabHost *h = &lab_hosts[i];
      if (!ip_in (h->host, "link", "set", "eth0", "address", h->mac, "up", NULL) ||
          !ip_in (h->host, "addr", "add", h->addr4, "dev", "eth0", NULL) ||
          !ip_in (h->host, "addr", "add", h->addr6, "dev", "eth0", "nodad", NULL) ||
          !ip_in (h->host, "route", "add", "default", "via", h->gw4, NULL) ||
          !ip_in (h->host, "-6", "route", "add", "default", "via", h->gw6, NULL))
        return FALSE;
    }
  return TRUE;
}

/* TRUE when word is one of the whitespace-separated words of text. */
static gboolean
has_word (const char *text, const char *word)
{
  gsize n = strlen (word);
  for (const char *p = text ? strstr (text, word) : NULL; p; p = strstr (p + 1, word))
    if ((p == text || g_ascii_isspace (p[-1])) && (p[n] == '\0' || g_ascii_isspace (p[n])))
      return TRUE;
  return FALSE;
}

/* What `lab up` configures in host i that is not there (root only: reading
 * a namespace means entering it), appended to missing as "h1: 198.18.1.11/24". */
static void
check_host (guint i, const char *addrs, GPtrArray *missing)
{
  const LabHost *h = &lab_hosts[i];
  g_autofree char *ns = ns_name (h->host);
  g_autofree char *want = g_strjoin (" ", h->addr4, h->addr6, h->more, NULL);
  g_auto (GStrv) words = g_strsplit (want, " ", -1);
  for (guint k = 0; words[k]; k++)
    if (*words[k] && !has_word (addrs, words[k]))
      g_ptr_array_add (missing, g_strdup_printf ("%s: %s", h->host, words[k]));
  if (h->gw4)
    {
      const char *argv4[] = { "ip", "-n", ns, "route", "show", "default", NULL };
      const char *argv6[] = { "ip", "-n", ns, "-6", "route", "show", "default", NULL };
      g_autofree char *r4 = output_of (argv4);
      g_autofree char *r6 = output_of (argv6);
      if (!has_word (r4, h->gw4))
        g_ptr_array_add (missing, g_strdup_printf ("%s: default via %s", h->host, h->gw4));
      if (!has_word (r6, h->gw6))
        g_ptr_array_add (missing, g_strdup_printf ("%s: default via %s", h->host, h->gw6));
    }
  else
    {
      const char *argv[] = { "ip", "netns", "exec", ns, "sysctl", "-n", "net.ipv4.ip_forward", NULL };
      g_autofree char *fwd = output_of (argv);
      if (!fwd || !g_str_has_prefix (fwd, "1"))
        g_ptr_array_add (missing, g_strdup_printf ("%s: forwarding", h->host));
    }
}

static const char lab_picture[] =
  "  h1 198.18.1.11 ─┐\n"
  "                  ├─ 198.18.1.1 [r1 router] 198.19.2.1 ─── 198.19.2.13 h3\n"
  "  h2 198.18.1.12 ─┘\n";

/* Prints the lab's state; returns 0 when it is complete (as far as can be
 * seen: without root only the namespaces), 1 when it is missing parts,
 * 3 when there is no lab at all. */
static int
lab_state (gboolean print)
{
  guint up = 0;
  for (guint i = 0; i < G_N_ELEMENTS (lab_hosts); i++)
    up += ns_exists (lab_hosts[i].host);
  if (up == 0)
    {
      if (print)
        printf ("%s", _("lab is down (layerscope-cli lab up builds it)\n"));
      return 3;
    }
  g_autoptr (GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) text = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (lab_hosts); i++)
    {
      const char *h = lab_hosts[i].host;
      g_autofree char *ns = ns_name (h);
      if (!ns_exists (h))
        {
          g_string_append_printf (text, _("%s (%s): missing\n"), h, ns);
          g_ptr_array_add (missing, g_strdup_printf (_("%s: the namespace"), h));
          continue;
        }
      g_string_append_printf (text, "%s (%s)%s\n", h, ns, lab_hosts[i].gw4 ? "" : _(", forwards between the subnets"));
      const char *argv[] = { "ip", "-n", ns, "-br", "addr", "show", "up", NULL };
      /* Entering a namespace needs root; without it, show what up configured. */
      if (geteuid () != 0)
        {
          g_string_append_printf (text, _("    %s %s%s%s (as configured; run as root to read the live state)\n"),
                                  lab_hosts[i].addr4, lab_hosts[i].addr6, lab_hosts[i].more ? " " : "",
                                  lab_hosts[i].more ? lab_hosts[i].more : "");
          continue;
        }
      g_autofree char *out = output_of (argv);
      g_auto (GStrv) lines = g_strsplit (out ? out : "", "\n", -1);
      for (guint n = 0; lines[n]; n++)
        if (*lines[n] && !g_str_has_prefix (lines[n], "lo "))
          g_string_append_printf (text, "    %s\n", g_strstrip (lines[n]));
      if (lab_hosts[i].gw4)
        g_string_append_printf (text, _("    default via %s\n"), lab_hosts[i].gw4);
      check_host (i, out, missing);
    }
  if (print)
    {
      if (missing->len == 0)
        printf ("%s\n%s%s", _("lab is up:"), lab_picture, text->str);
      else
        {
          g_ptr_array_add (missing, NULL);
          g_autofree char *list = g_strjoinv (", ", (char **) missing->pdata);
          printf (_("lab is partly up (run `lab down`, or `lab up` to rebuild it); missing: %s\n%s%s"),
                  list, lab_picture, text->str);
        }
    }
  return missing->len == 0 ? 0 : 1;
}

static int
lab_status (void)
{
  int state = lab_state (TRUE);
  return state == 3 ? 0 : state;
}

static int
lab_exec (int argc, char **argv)
{
  if (argc < 2)
    {
      fprintf (stderr, _("layerscope-cli lab: usage: lab exec HOST CMD [ARGS...] (HOST: h1, h2, h3, r1)\n"));
      return 2;
    }
  const char *host = g_strcmp0 (argv[0], "router") == 0 ? "r1" : argv[0];
  gboolean known = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (lab_hosts); i++)
    known |= g_strcmp0 (lab_hosts[i].host, host) == 0;
  if (!known)
    {
      fprintf (stderr, _("layerscope-cli lab: no host '%s' in the lab (h1, h2, h3, r1)\n"), argv[0]);
      return 2;
    }
  if (!ns_exists (host))
    {
      fprintf (stderr, _("layerscope-cli lab: the lab is not up (run `layerscope-cli lab up` first)\n"));
      return 1;
    }
  g_autofree char *ns = ns_name (host);
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_ptr_array_add (args, (gpointer) "ip");
  g_ptr_array_add (args, (gpointer) "netns");
  g_ptr_array_add (args, (gpointer) "exec");
  g_ptr_array_add (args, ns);
  for (int i = 1; i < argc; i++)
    g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, NULL);
  fflush (stdout);
  execvp ("ip", (char **) args->pdata);
  fprintf (stderr, _("layerscope-cli lab: cannot run ip: %s\n"), g_strerror (errno));
  return 1;
}

int
lsc_cli_lab_main (int argc, char **argv)
{
  static const char usage[] =
    "usage: layerscope-cli lab up|down|status|exec HOST CMD [ARGS...]\n"
    "  up      build two hosts on 198.18.1.0/24 and a third behind a router on 198.19.2.0/24\n"
    "  down    remove every namespace of the lab (safe to repeat, also after a crash)\n"
    "  status  show the hosts and their addresses\n"
    "  exec    run a command inside a host (h1, h2, h3 or r1)\n";
  if (argc < 2 || g_strcmp0 (argv[1], "--help") == 0 || g_strcmp0 (argv[1], "-h") == 0)
    {
      fputs (usage, argc < 2 ? stderr : stdout);
      return argc < 2 ? 2 : 0;
    }
  const char *verb = argv[1];
  if (!g_str_equal (verb, "up") && !g_str_equal (verb, "down") && !g_str_equal (verb, "status") &&
      !g_str_equal (verb, "exec"))
    {
      fprintf (stderr, _("layerscope-cli lab: unknown action '%s' (up, down, status or exec)\n"), verb);
      return 2;
    }
  if (g_str_equal (verb, "status"))
    return lab_status ();
  if (geteuid () != 0)
    {
      fprintf (stderr, _("layerscope-cli lab: %s needs root (it manages network namespaces): run it with sudo\n"), verb);
      return 1;
    }
  if (g_str_equal (verb, "down"))
    return lab_down (FALSE);
  if (g_str_equal (verb, "exec"))
    return lab_exec (argc - 2, argv + 2);

  int state = lab_state (FALSE);
  if (state == 0)
    {
      fprintf (stderr, "layerscope-cli lab: the lab is already up: see `lab status`, or `lab down` first\n");
      return 1;
    }
  if (state == 1)
    {
      /* An earlier `lab up` was interrupted, or someone removed a part. */
      printf ("lab up: removing a half-built lab first\n");
      if (lab_down (TRUE) != 0)
        {
          fprintf (stderr, "layerscope-cli lab: could not remove the half-built lab; run `lab down`\n");
          return 1;
        }
    }
  struct sigaction sa = { .sa_handler = on_interrupt }, old_int, old_term, old_hup;
  sigaction (SIGINT, &sa, &old_int);
  sigaction (SIGTERM, &sa, &old_term);
  sigaction (SIGHUP, &sa, &old_hup);
  gboolean built = lab_build ();
  if (!built)
    {
      int sig = interrupted;
      interrupted = 0;
      lab_down (TRUE);
      if (sig)
        fprintf (stderr, _("layerscope-cli lab: interrupted by %s; everything created was removed\n"), g_strsignal (sig));
      else
        fprintf (stderr, "%s", _("layerscope-cli lab: could not build the lab; everything created was removed\n"));
    }
  sigaction (SIGINT, &old_int, NULL);
  sigaction (SIGTERM, &old_term, NULL);
  sigaction (SIGHUP, &old_hup, NULL);
  if (!built)
    return 1;
  printf ("%s\n%s", _("lab up:"), lab_picture);
  printf ("%s", _("try: layerscope-cli lab exec h1 ping -c1 198.19.2.13\n"));
  return 0;
}

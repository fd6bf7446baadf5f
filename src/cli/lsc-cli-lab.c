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
#define _GNU_SOURCE /* setns, unshare, setresuid */
#include "lsc-config.h"
#include "cli/lsc-cli-lab.h"
#include "core/lsc-lab.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <sys/mount.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define LAB_ROUTER (&lsc_lab_classroom[3])

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

static char *
topology_file (void)
{
  return lsc_lab_file_for_prefix (lab_prefix ());
}

/* Readable by everyone: the app reads it as the user who runs it. */
static gboolean
write_topology (void)
{
  g_autoptr (LscLab) lab = lsc_lab_new_classroom (lab_prefix ());
  g_autofree char *path = topology_file ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *text = lsc_lab_to_data (lab);
  g_autoptr (GError) error = NULL;
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      fprintf (stderr, _("layerscope-cli lab: cannot create %s: %s\n"), dir, g_strerror (errno));
      return FALSE;
    }
  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
    {
      fprintf (stderr, "layerscope-cli lab: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
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
  for (guint i = 0; i < LSC_LAB_CLASSROOM_N; i++)
    {
      if (!ns_exists (lsc_lab_classroom[i].host))
        continue;
      g_autofree char *ns = ns_name (lsc_lab_classroom[i].host);
      const char *argv[] = { "ip", "netns", "delete", ns, NULL };
      if (run (argv, NULL))
        removed++;
    }
  if (!quiet)
    printf (ngettext ("lab down: %u namespace removed\n", "lab down: %u namespaces removed\n", removed), removed);
  g_autofree char *topo = topology_file ();
  if (g_unlink (topo) != 0 && errno != ENOENT)
    {
      fprintf (stderr, _("layerscope-cli lab: cannot remove %s: %s\n"), topo, g_strerror (errno));
      return 1;
    }
  for (guint i = 0; i < LSC_LAB_CLASSROOM_N; i++)
    if (ns_exists (lsc_lab_classroom[i].host))
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
  for (guint i = 0; i < LSC_LAB_CLASSROOM_N; i++)
    {
      g_autofree char *ns = ns_name (lsc_lab_classroom[i].host);
      const char *argv[] = { "ip", "netns", "add", ns, NULL };
      /* No duplicate address detection: link-local addresses (which IPv6
       * neighbour discovery needs) are usable at once instead of after ~2 s. */
      if (!run (argv, NULL) || !ip_in (lsc_lab_classroom[i].host, "link", "set", "lo", "up", NULL) ||
          !sysctl_in (lsc_lab_classroom[i].host, "net.ipv6.conf.default.accept_dad=0") ||
          !sysctl_in (lsc_lab_classroom[i].host, "net.ipv6.conf.all.accept_dad=0"))
        return FALSE;
    }
  /* The router: a bridge for the first subnet, a routed link to the second. */
  if (!ip_in ("r1", "link", "add", "br0", "address", LAB_ROUTER->mac, "type", "bridge", NULL) ||
      !veth ("r1", "h1", "h1", "eth0") || !veth ("r1", "h2", "h2", "eth0") || !veth ("r1", "h3", "h3", "eth0") ||
      !ip_in ("r1", "link", "set", "h1", "master", "br0", "up", NULL) ||
      !ip_in ("r1", "link", "set", "h2", "master", "br0", "up", NULL) ||
      !ip_in ("r1", "link", "set", "br0", "up", NULL) ||
      !ip_in ("r1", "link", "set", "h3", "address", LAB_ROUTER->mac2, "up", NULL) ||
      !ip_in ("r1", "addr", "add", "198.18.1.1/24", "dev", "br0", NULL) ||
      !ip_in ("r1", "addr", "add", "198.19.2.1/24", "dev", "h3", NULL) ||
      !ip_in ("r1", "addr", "add", "fd00:1::1/64", "dev", "br0", "nodad", NULL) ||
      !ip_in ("r1", "addr", "add", "fd00:2::1/64", "dev", "h3", "nodad", NULL) ||
      !sysctl_in ("r1", "net.ipv4.ip_forward=1") || !sysctl_in ("r1", "net.ipv6.conf.all.forwarding=1"))
    return FALSE;

  for (guint i = 0; i < 3; i++)
    {
      const LscLabHostDef *h = &lsc_lab_classroom[i];
      if (!ip_in (h->host, "link", "set", "eth0", "address", h->mac, "up", NULL) ||
          !ip_in (h->host, "addr", "add", h->addr4, "dev", "eth0", NULL) ||
          !ip_in (h->host, "addr", "add", h->addr6, "dev", "eth0", "nodad", NULL) ||
          !ip_in (h->host, "route", "add", "default", "via", h->gw4, NULL) ||
          !ip_in (h->host, "-6", "route", "add", "default", "via", h->gw6, NULL))
        return FALSE;
    }
  return !interrupted && write_topology ();
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

/* One link as `ip -o link show` prints it. */
typedef struct {
  char *name, *mac, *master;
  gboolean up, carrier;
} LinkState;

static void
link_state_clear (LinkState *l)
{
  g_free (l->name);
  g_free (l->mac);
  g_free (l->master);
}

/* The links of host i: "5: eth0@if2: <BROADCAST,UP,LOWER_UP> mtu 1500 ...
 * master br0 state UP ...    link/ether 02:00:00:00:01:11 brd ...". */
static GArray *
read_links (const char *ns)
{
  GArray *links = g_array_new (FALSE, TRUE, sizeof (LinkState));
  g_array_set_clear_func (links, (GDestroyNotify) link_state_clear);
  const char *argv[] = { "ip", "-n", ns, "-o", "link", "show", NULL };
  g_autofree char *out = output_of (argv);
  g_auto (GStrv) lines = g_strsplit (out ? out : "", "\n", -1);
  for (guint n = 0; lines[n]; n++)
    {
      g_auto (GStrv) w = g_strsplit_set (lines[n], " \t", -1);
      if (g_strv_length (w) < 3)
        continue;
      LinkState l = { 0 };
      l.name = g_strndup (w[1], strcspn (w[1], "@:"));
      l.up = strstr (w[2], ",UP") != NULL || strstr (w[2], "<UP") != NULL;
      l.carrier = strstr (w[2], "LOWER_UP") != NULL;
      for (guint k = 3; w[k]; k++)
        {
          if (g_str_equal (w[k], "master") && w[k + 1])
            l.master = g_strdup (w[k + 1]);
          if (g_str_equal (w[k], "link/ether") && w[k + 1])
            l.mac = g_strdup (w[k + 1]);
        }
      g_array_append_val (links, l);
    }
  return links;
}

/* One link of a host: there, up, with a carrier (its veth peer up), with
 * the MAC `lab up` gave it (NULL: any) and in the bridge master (NULL: none). */
static void
check_link (GArray *links, const char *host, const char *name, const char *mac, const char *master,
            GPtrArray *missing)
{
  for (guint k = 0; k < links->len; k++)
    {
      const LinkState *l = &g_array_index (links, LinkState, k);
      if (!g_str_equal (l->name, name))
        continue;
      if (!l->up)
        g_ptr_array_add (missing, g_strdup_printf (_("%s: link %s up"), host, name));
      else if (!l->carrier)
        g_ptr_array_add (missing, g_strdup_printf (_("%s: a carrier on %s (its other end is down)"), host, name));
      if (mac && g_ascii_strcasecmp (mac, l->mac ? l->mac : "") != 0)
        g_ptr_array_add (missing, g_strdup_printf (_("%s: MAC %s on %s"), host, mac, name));
      if (master && g_strcmp0 (master, l->master) != 0)
        g_ptr_array_add (missing, g_strdup_printf (_("%s: %s in bridge %s"), host, name, master));
      return;
    }
  g_ptr_array_add (missing, g_strdup_printf (_("%s: link %s"), host, name));
}

/* What `lab up` configures in host i that is not there (root only: reading
 * a namespace means entering it), appended to missing as "h1: 198.18.1.11/24". */
static void
check_host (guint i, const char *addrs, GPtrArray *missing)
{
  const LscLabHostDef *h = &lsc_lab_classroom[i];
  g_autofree char *ns = ns_name (h->host);
  g_autofree char *want = g_strjoin (" ", h->addr4, h->addr6, h->more, NULL);
  g_auto (GStrv) words = g_strsplit (want, " ", -1);
  g_autoptr (GArray) links = read_links (ns);
  check_link (links, h->host, h->iface, h->mac, NULL, missing);
  if (h->iface2)
    check_link (links, h->host, h->iface2, h->mac2, NULL, missing);
  /* The router's ends of the first subnet's hosts are ports of its bridge. */
  for (guint k = 0; !h->gw4 && k < LSC_LAB_CLASSROOM_N; k++)
    if (lsc_lab_classroom[k].gw4 && g_str_equal (lsc_lab_classroom[k].net, h->net))
      check_link (links, h->host, lsc_lab_classroom[k].host, NULL, h->iface, missing);
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
      const char *argv6[] = { "ip", "netns", "exec", ns, "sysctl", "-n", "net.ipv6.conf.all.forwarding", NULL };
      g_autofree char *fwd6 = output_of (argv6);
      if (!fwd6 || !g_str_has_prefix (fwd6, "1"))
        g_ptr_array_add (missing, g_strdup_printf ("%s: IPv6 forwarding", h->host));
    }
}

static const char lab_picture[] =
  "  h1 198.18.1.11 ─┐\n"
  "                  ├─ 198.18.1.1 [r1 router] 198.19.2.1 ─── 198.19.2.13 h3\n"
  "  h2 198.18.1.12 ─┘\n";

/* Prints the lab's state; returns 0 when it is complete (as far as can be
 * seen: without root only the namespaces and the topology file), 1 when it
 * is missing parts, 3 when there is no lab at all. */
static int
lab_state (gboolean print)
{
  guint up = 0;
  for (guint i = 0; i < LSC_LAB_CLASSROOM_N; i++)
    up += ns_exists (lsc_lab_classroom[i].host);
  g_autofree char *topo = topology_file ();
  gboolean has_topo = g_file_test (topo, G_FILE_TEST_EXISTS);
  if (up == 0 && !has_topo)
    {
      if (print)
        printf ("%s", _("lab is down (layerscope-cli lab up builds it)\n"));
      return 3;
    }
  g_autoptr (GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) text = g_string_new (NULL);
  for (guint i = 0; i < LSC_LAB_CLASSROOM_N; i++)
    {
      const char *h = lsc_lab_classroom[i].host;
      g_autofree char *ns = ns_name (h);
      if (!ns_exists (h))
        {
          g_string_append_printf (text, _("%s (%s): missing\n"), h, ns);
          g_ptr_array_add (missing, g_strdup_printf (_("%s: the namespace"), h));
          continue;
        }
      g_string_append_printf (text, "%s (%s)%s\n", h, ns, lsc_lab_classroom[i].gw4 ? "" : _(", forwards between the subnets"));
      const char *argv[] = { "ip", "-n", ns, "-br", "addr", "show", "up", NULL };
      /* Entering a namespace needs root; without it, show what up configured. */
      if (geteuid () != 0)
        {
          g_string_append_printf (text, _("    %s %s%s%s (as configured; run as root to read the live state)\n"),
                                  lsc_lab_classroom[i].addr4, lsc_lab_classroom[i].addr6, lsc_lab_classroom[i].more ? " " : "",
                                  lsc_lab_classroom[i].more ? lsc_lab_classroom[i].more : "");
          continue;
        }
      g_autofree char *out = output_of (argv);
      g_auto (GStrv) lines = g_strsplit (out ? out : "", "\n", -1);
      for (guint n = 0; lines[n]; n++)
        if (*lines[n] && !g_str_has_prefix (lines[n], "lo "))
          g_string_append_printf (text, "    %s\n", g_strstrip (lines[n]));
      if (lsc_lab_classroom[i].gw4)
        g_string_append_printf (text, _("    default via %s\n"), lsc_lab_classroom[i].gw4);
      check_host (i, out, missing);
    }
  if (!has_topo)
    g_ptr_array_add (missing, g_strdup_printf (_("the topology file for the app (%s)"), topo));
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

/* Exit status: 0 up, 1 partly up, 3 down. */
static int
lab_status (void)
{
  return lab_state (TRUE);
}

/* A host of the lab by name ("router" for r1); NULL, said on stderr, for another. */
static const LscLabHostDef *
find_host (const char *name)
{
  const char *host = g_strcmp0 (name, "router") == 0 ? "r1" : name;
  for (guint i = 0; i < LSC_LAB_CLASSROOM_N; i++)
    if (g_strcmp0 (lsc_lab_classroom[i].host, host) == 0)
      return &lsc_lab_classroom[i];
  fprintf (stderr, _("layerscope-cli lab: no host '%s' in the lab (h1, h2, h3, r1)\n"), name);
  return NULL;
}

static int
lab_exec (int argc, char **argv)
{
  if (argc < 2)
    {
      fprintf (stderr, _("layerscope-cli lab: usage: lab exec HOST CMD [ARGS...] (HOST: h1, h2, h3, r1)\n"));
      return 2;
    }
  const LscLabHostDef *lh = find_host (argv[0]);
  if (!lh)
    return 2;
  const char *host = lh->host;
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

/* Builds the lab (over a half-built one: removes that first); with
 * quiet_if_up a complete lab is fine as it is. */
static int
lab_up (gboolean quiet_if_up)
{
  int state = lab_state (FALSE);
  if (state == 0 && quiet_if_up)
    return 0;
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
  if (!quiet_if_up)
    printf ("%s", _("try: layerscope-cli lab exec h1 ping -c1 198.19.2.13\n"));
  return 0;
}

/* The user `lab open` opens the app as: the one who ran sudo or pkexec. */
static struct passwd *
invoking_user (void)
{
  const char *uid_text = g_getenv ("SUDO_UID");
  if (!uid_text || !*uid_text)
    uid_text = g_getenv ("PKEXEC_UID");
  guint64 uid;
  if (!uid_text || !g_ascii_string_to_unsigned (uid_text, 10, 1, G_MAXUINT32 - 1, &uid, NULL))
    return NULL;
  return getpwuid ((uid_t) uid);
}

/* Like `ip netns exec`: join the host's network namespace, and mount a
 * sysfs of that namespace in a mount namespace of our own, so interface
 * lists (which read /sys/class/net) show the host's links, not the machine's. */
static gboolean
enter_host (const char *host)
{
  g_autofree char *ns = ns_name (host);
  g_autofree char *path = g_build_filename ("/run/netns", ns, NULL);
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || setns (fd, CLONE_NEWNET) != 0)
    {
      fprintf (stderr, _("layerscope-cli lab: cannot enter %s: %s\n"), ns, g_strerror (errno));
      if (fd >= 0)
        close (fd);
      return FALSE;
    }
  close (fd);
  if (unshare (CLONE_NEWNS) != 0 || mount (NULL, "/", NULL, MS_SLAVE | MS_REC, NULL) != 0)
    {
      fprintf (stderr, _("layerscope-cli lab: cannot make a mount namespace for %s: %s\n"), ns, g_strerror (errno));
      return FALSE;
    }
  if (umount2 ("/sys", MNT_DETACH) != 0 || mount (ns, "/sys", "sysfs", 0, NULL) != 0)
    {
      fprintf (stderr, _("layerscope-cli lab: cannot mount the sysfs of %s: %s\n"), ns, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/* Become the user for good: groups first (that needs root), then the
 * group and user ids, real, effective and saved, so root cannot come back.
 * No PR_SET_NO_NEW_PRIVS: the capture helper's file capabilities must work. */
static gboolean
drop_to (const struct passwd *pw)
{
  if (initgroups (pw->pw_name, pw->pw_gid) != 0 || setresgid (pw->pw_gid, pw->pw_gid, pw->pw_gid) != 0 ||
      setresuid (pw->pw_uid, pw->pw_uid, pw->pw_uid) != 0)
    {
      fprintf (stderr, _("layerscope-cli lab: cannot become %s: %s\n"), pw->pw_name, g_strerror (errno));
      return FALSE;
    }
  if (setuid (0) == 0 || geteuid () == 0)
    {
      fprintf (stderr, "%s", _("layerscope-cli lab: root privileges could not be dropped; not opening the app\n"));
      return FALSE;
    }
  return TRUE;
}

/* The user's desktop session as the app needs it: sudo keeps DISPLAY and
 * XAUTHORITY but drops what Wayland and D-Bus need, which live in the
 * user's runtime directory (filesystem sockets work across network
 * namespaces). */
static void
user_environment (const struct passwd *pw)
{
  g_setenv ("HOME", pw->pw_dir, TRUE);
  g_setenv ("USER", pw->pw_name, TRUE);
  g_setenv ("LOGNAME", pw->pw_name, TRUE);
  if (pw->pw_shell && *pw->pw_shell)
    g_setenv ("SHELL", pw->pw_shell, TRUE);
  g_autofree char *runtime = g_strdup_printf ("/run/user/%u", (unsigned) pw->pw_uid);
  if (!g_getenv ("XDG_RUNTIME_DIR") && g_file_test (runtime, G_FILE_TEST_IS_DIR))
    g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  const char *rt = g_getenv ("XDG_RUNTIME_DIR");
  if (rt && !g_getenv ("WAYLAND_DISPLAY"))
    {
      g_autofree char *wl = g_build_filename (rt, "wayland-0", NULL);
      if (g_file_test (wl, G_FILE_TEST_EXISTS))
        g_setenv ("WAYLAND_DISPLAY", "wayland-0", TRUE);
    }
  if (rt && !g_getenv ("DBUS_SESSION_BUS_ADDRESS"))
    {
      g_autofree char *bus = g_build_filename (rt, "bus", NULL);
      g_autofree char *addr = g_strconcat ("unix:path=", bus, NULL);
      if (g_file_test (bus, G_FILE_TEST_EXISTS))
        g_setenv ("DBUS_SESSION_BUS_ADDRESS", addr, TRUE);
    }
  /* pkexec keeps nothing: the first X display, when there is no Wayland. */
  if (!g_getenv ("DISPLAY") && !g_getenv ("WAYLAND_DISPLAY") && g_file_test ("/tmp/.X11-unix/X0", G_FILE_TEST_EXISTS))
    g_setenv ("DISPLAY", ":0", TRUE);
  if (!g_getenv ("XAUTHORITY"))
    {
      g_autofree char *xa = g_build_filename (pw->pw_dir, ".Xauthority", NULL);
      if (g_file_test (xa, G_FILE_TEST_EXISTS))
        g_setenv ("XAUTHORITY", xa, TRUE);
    }
}

/* The app beside this program (installed, or in the build tree), else on PATH. */
static char *
find_app (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self ? g_path_get_dirname (self) : NULL;
  const char *names[] = { "layerscope", "../app/layerscope" };
  for (guint i = 0; dir && i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *p = g_build_filename (dir, names[i], NULL);
      if (g_file_test (p, G_FILE_TEST_IS_EXECUTABLE))
        return g_canonicalize_filename (p, NULL);
    }
  return g_strdup ("layerscope");
}

/* lab open [HOST] [-- COMMAND [ARGS...]]: the lab up (built or rebuilt as
 * needed), then the app (or COMMAND) as the user who ran sudo, inside HOST. */
static int
lab_open (int argc, char **argv)
{
  const char *host_arg = argc > 0 && !g_str_equal (argv[0], "--") ? argv[0] : "h1";
  int rest = argc > 0 && !g_str_equal (argv[0], "--") ? 1 : 0;
  if (rest < argc && !g_str_equal (argv[rest], "--"))
    {
      fprintf (stderr, _("layerscope-cli lab: usage: lab open [HOST] [-- COMMAND [ARGS...]]\n"));
      return 2;
    }
  const LscLabHostDef *host = find_host (host_arg);
  if (!host)
    return 2;
  struct passwd *found = invoking_user ();
  if (!found)
    {
      fprintf (stderr, "%s", _("layerscope-cli lab: open starts the app as the user who ran sudo (or pkexec), never as root: "
                               "run it as sudo layerscope-cli lab open from your desktop session\n"));
      return 1;
    }
  /* getpwuid's buffer is reused by initgroups: keep our own copy. */
  struct passwd pw = *found;
  g_autofree char *name = g_strdup (found->pw_name);
  g_autofree char *home = g_strdup (found->pw_dir);
  g_autofree char *shell = g_strdup (found->pw_shell);
  pw.pw_name = name;
  pw.pw_dir = home;
  pw.pw_shell = shell;

  /* The user's session, found before anything is built: without a display
   * there is nothing to open. */
  user_environment (&pw);
  if (rest + 1 >= argc && !g_getenv ("DISPLAY") && !g_getenv ("WAYLAND_DISPLAY"))
    {
      fprintf (stderr, _("layerscope-cli lab: no display to open the app on (neither DISPLAY nor WAYLAND_DISPLAY is set, "
                         "and %s has no Wayland socket): run it from your desktop session\n"),
               g_getenv ("XDG_RUNTIME_DIR") ? g_getenv ("XDG_RUNTIME_DIR") : "/run/user/UID");
      return 1;
    }

  int rc = lab_up (TRUE);
  if (rc != 0)
    return rc;

  g_autofree char *app = find_app ();
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  if (rest + 1 < argc)
    for (int i = rest + 1; i < argc; i++)
      g_ptr_array_add (args, argv[i]);
  else
    g_ptr_array_add (args, app);
  g_ptr_array_add (args, NULL);

  if (!enter_host (host->host) || !drop_to (&pw))
    return 1;
  if (chdir (pw.pw_dir) != 0 && chdir ("/") != 0)
    return 1;
  g_autofree char *addr = g_strdup (host->addr4);
  *strchr (addr, '/') = '\0';
  printf (_("lab open: %s as %s in %s (%s on %s)\n"), (char *) args->pdata[0], pw.pw_name, host->host, addr,
          host->iface);
  fflush (stdout);
  execvp (args->pdata[0], (char **) args->pdata);
  fprintf (stderr, _("layerscope-cli lab: cannot run %s: %s\n"), (char *) args->pdata[0], g_strerror (errno));
  return 1;
}

int
lsc_cli_lab_main (int argc, char **argv)
{
  static const char usage[] =
    "usage: layerscope-cli lab up|down|status|exec HOST CMD [ARGS...]|open [HOST] [-- CMD [ARGS...]]\n"
    "  up      build two hosts on 198.18.1.0/24 and a third behind a router on 198.19.2.0/24\n"
    "  down    remove every namespace of the lab (safe to repeat, also after a crash)\n"
    "  status  check every namespace, link, address, route and the forwarding; exit 0 up, 1 partly up, 3 down\n"
    "  exec    run a command inside a host (h1, h2, h3 or r1)\n"
    "  open    (with sudo) bring the lab up and open the app in HOST (default h1) as the user who ran sudo\n";
  if (argc < 2 || g_strcmp0 (argv[1], "--help") == 0 || g_strcmp0 (argv[1], "-h") == 0)
    {
      fputs (usage, argc < 2 ? stderr : stdout);
      return argc < 2 ? 2 : 0;
    }
  const char *verb = argv[1];
  if (!g_str_equal (verb, "up") && !g_str_equal (verb, "down") && !g_str_equal (verb, "status") &&
      !g_str_equal (verb, "exec") && !g_str_equal (verb, "open"))
    {
      fprintf (stderr, _("layerscope-cli lab: unknown action '%s' (up, down, status, exec or open)\n"), verb);
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
  if (g_str_equal (verb, "open"))
    return lab_open (argc - 2, argv + 2);
  return lab_up (FALSE);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-lab.c — the classroom lab's topology as data (see lsc-lab.h) */
#include "lsc-lab.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>

static void
iface_free (gpointer p)
{
  LscLabIface *i = p;
  g_free (i->name);
  g_free (i->mac);
  g_free (i->net);
  g_strfreev (i->addresses);
  g_free (i);
}

static void
host_free (gpointer p)
{
  LscLabHost *h = p;
  g_free (h->name);
  g_free (h->netns);
  g_free (h->gateway);
  g_ptr_array_unref (h->ifaces);
  g_free (h);
}

LscLab *
lsc_lab_new (const char *prefix)
{
  LscLab *lab = g_new0 (LscLab, 1);
  lab->prefix = g_strdup (prefix);
  lab->hosts = g_ptr_array_new_with_free_func (host_free);
  return lab;
}

void
lsc_lab_free (LscLab *lab)
{
  if (!lab)
    return;
  g_free (lab->prefix);
  g_ptr_array_unref (lab->hosts);
  g_free (lab);
}

const LscLabHostDef lsc_lab_classroom[LSC_LAB_CLASSROOM_N] = {
  { "h1", "eth0", "02:00:00:00:01:11", "198.18.1.0/24", "198.18.1.11/24", "198.18.1.1", "fd00:1::11/64", "fd00:1::1" },
  { "h2", "eth0", "02:00:00:00:01:12", "198.18.1.0/24", "198.18.1.12/24", "198.18.1.1", "fd00:1::12/64", "fd00:1::1" },
  { "h3", "eth0", "02:00:00:00:02:13", "198.19.2.0/24", "198.19.2.13/24", "198.19.2.1", "fd00:2::13/64", "fd00:2::1" },
  { "r1", "br0", "02:00:00:00:01:01", "198.18.1.0/24", "198.18.1.1/24", NULL, "fd00:1::1/64", NULL,
    "h3", "02:00:00:00:02:01", "198.19.2.0/24", "198.19.2.1/24 fd00:2::1/64" },
};

LscLab *
lsc_lab_new_classroom (const char *prefix)
{
  LscLab *lab = lsc_lab_new (prefix);
  for (guint i = 0; i < LSC_LAB_CLASSROOM_N; i++)
    {
      const LscLabHostDef *h = &lsc_lab_classroom[i];
      LscLabHost *lh = lsc_lab_add_host (lab, h->host, h->gw4 == NULL, h->gw4);
      g_autofree char *addrs = g_strjoin (" ", h->addr4, h->addr6, NULL);
      lsc_lab_host_add_iface (lh, h->iface, h->mac, h->net, addrs);
      if (h->iface2)
        lsc_lab_host_add_iface (lh, h->iface2, h->mac2, h->net2, h->more);
    }
  return lab;
}

LscLabHost *
lsc_lab_add_host (LscLab *lab, const char *name, gboolean router, const char *gateway)
{
  LscLabHost *h = g_new0 (LscLabHost, 1);
  h->name = g_strdup (name);
  h->netns = g_strconcat (lab->prefix, name, NULL);
  h->router = router;
  h->gateway = g_strdup (gateway);
  h->ifaces = g_ptr_array_new_with_free_func (iface_free);
  g_ptr_array_add (lab->hosts, h);
  return h;
}

LscLabIface *
lsc_lab_host_add_iface (LscLabHost *host, const char *name, const char *mac, const char *net, const char *addresses)
{
  LscLabIface *i = g_new0 (LscLabIface, 1);
  i->name = g_strdup (name);
  i->mac = g_strdup (mac);
  i->net = g_strdup (net);
  g_autoptr (GPtrArray) a = g_ptr_array_new ();
  g_auto (GStrv) words = g_strsplit_set (addresses ? addresses : "", " \t", -1);
  for (guint k = 0; words[k]; k++)
    if (*words[k])
      g_ptr_array_add (a, g_strdup (words[k]));
  g_ptr_array_add (a, NULL);
  i->addresses = (char **) g_ptr_array_steal (a, NULL);
  g_ptr_array_add (host->ifaces, i);
  return i;
}

const LscLabHost *
lsc_lab_find_host (const LscLab *lab, const char *name)
{
  for (guint i = 0; lab && i < lab->hosts->len; i++)
    {
      const LscLabHost *h = lab->hosts->pdata[i];
      if (g_strcmp0 (h->name, name) == 0)
        return h;
    }
  return NULL;
}

GPtrArray *
lsc_lab_nets (const LscLab *lab)
{
  GPtrArray *nets = g_ptr_array_new ();
  for (guint i = 0; i < lab->hosts->len; i++)
    {
      const LscLabHost *h = lab->hosts->pdata[i];
      for (guint k = 0; k < h->ifaces->len; k++)
        {
          const LscLabIface *f = h->ifaces->pdata[k];
          if (f->net && !g_ptr_array_find_with_equal_func (nets, f->net, g_str_equal, NULL))
            g_ptr_array_add (nets, f->net);
        }
    }
  return nets;
}

char *
lsc_lab_iface_ipv4 (const LscLabIface *iface)
{
  for (guint k = 0; iface->addresses[k]; k++)
    if (strchr (iface->addresses[k], '.') && !strchr (iface->addresses[k], ':'))
      {
        const char *slash = strchr (iface->addresses[k], '/');
        return slash ? g_strndup (iface->addresses[k], slash - iface->addresses[k]) : g_strdup (iface->addresses[k]);
      }
  return NULL;
}

static gboolean
on_net (const LscLabHost *h, const char *net)
{
  for (guint k = 0; k < h->ifaces->len; k++)
    if (g_strcmp0 (((LscLabIface *) h->ifaces->pdata[k])->net, net) == 0)
      return TRUE;
  return FALSE;
}

const LscLabHost *
lsc_lab_far_host (const LscLab *lab, const LscLabHost *from)
{
  for (guint i = 0; i < lab->hosts->len; i++)
    {
      const LscLabHost *h = lab->hosts->pdata[i];
      gboolean shares = FALSE;
      for (guint k = 0; k < from->ifaces->len; k++)
        shares |= on_net (h, ((LscLabIface *) from->ifaces->pdata[k])->net);
      if (h != from && !h->router && !shares && h->ifaces->len > 0)
        return h;
    }
  return NULL;
}

static char *
host_group (const char *name)
{
  return g_strconcat ("host ", name, NULL);
}

static char *
iface_group (const char *host, const char *name)
{
  return g_strdup_printf ("interface %s %s", host, name);
}

char *
lsc_lab_to_data (const LscLab *lab)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  for (guint i = 0; i < lab->hosts->len; i++)
    g_ptr_array_add (names, ((LscLabHost *) lab->hosts->pdata[i])->name);
  g_key_file_set_string (kf, "lab", "prefix", lab->prefix);
  g_key_file_set_string_list (kf, "lab", "hosts", (const char *const *) names->pdata, names->len);
  for (guint i = 0; i < lab->hosts->len; i++)
    {
      const LscLabHost *h = lab->hosts->pdata[i];
      g_autofree char *g = host_group (h->name);
      g_autoptr (GPtrArray) ifnames = g_ptr_array_new ();
      g_key_file_set_string (kf, g, "netns", h->netns);
      g_key_file_set_boolean (kf, g, "router", h->router);
      if (h->gateway)
        g_key_file_set_string (kf, g, "gateway", h->gateway);
      for (guint k = 0; k < h->ifaces->len; k++)
        {
          const LscLabIface *f = h->ifaces->pdata[k];
          g_autofree char *ig = iface_group (h->name, f->name);
          g_ptr_array_add (ifnames, f->name);
          g_key_file_set_string (kf, ig, "mac", f->mac ? f->mac : "");
          g_key_file_set_string (kf, ig, "net", f->net ? f->net : "");
          g_key_file_set_string_list (kf, ig, "addresses", (const char *const *) f->addresses,
                                      g_strv_length (f->addresses));
        }
      g_key_file_set_string_list (kf, g, "interfaces", (const char *const *) ifnames->pdata, ifnames->len);
    }
  return g_key_file_to_data (kf, NULL, NULL);
}

LscLab *
lsc_lab_from_data (const char *data, gsize len, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  if (!g_key_file_load_from_data (kf, data, len, G_KEY_FILE_NONE, error))
    return NULL;
  g_autofree char *prefix = g_key_file_get_string (kf, "lab", "prefix", error);
  if (!prefix)
    return NULL;
  g_auto (GStrv) hosts = g_key_file_get_string_list (kf, "lab", "hosts", NULL, error);
  if (!hosts)
    return NULL;
  g_autoptr (LscLab) lab = lsc_lab_new (prefix);
  for (guint i = 0; hosts[i]; i++)
    {
      g_autofree char *g = host_group (hosts[i]);
      g_autofree char *netns = g_key_file_get_string (kf, g, "netns", error);
      if (!netns)
        return NULL;
      g_autofree char *gw = g_key_file_get_string (kf, g, "gateway", NULL);
      LscLabHost *h = lsc_lab_add_host (lab, hosts[i], g_key_file_get_boolean (kf, g, "router", NULL), gw);
      g_free (h->netns);
      h->netns = g_steal_pointer (&netns);
      g_auto (GStrv) ifnames = g_key_file_get_string_list (kf, g, "interfaces", NULL, NULL);
      for (guint k = 0; ifnames && ifnames[k]; k++)
        {
          g_autofree char *ig = iface_group (hosts[i], ifnames[k]);
          if (!g_key_file_has_group (kf, ig))
            {
              g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND,
                           _("the lab file names interface %s of %s but does not describe it"), ifnames[k], hosts[i]);
              return NULL;
            }
          g_autofree char *mac = g_key_file_get_string (kf, ig, "mac", NULL);
          g_autofree char *net = g_key_file_get_string (kf, ig, "net", NULL);
          g_auto (GStrv) addrs = g_key_file_get_string_list (kf, ig, "addresses", NULL, NULL);
          g_autofree char *joined = addrs ? g_strjoinv (" ", addrs) : NULL;
          lsc_lab_host_add_iface (h, ifnames[k], mac && *mac ? mac : NULL, net && *net ? net : NULL, joined);
        }
    }
  return g_steal_pointer (&lab);
}

LscLab *
lsc_lab_load (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  /* Nothing a lab writes is large: refuse anything that is not one. */
  if (len > 64 * 1024)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("%s is too large to be a lab file"), path);
      return NULL;
    }
  return lsc_lab_from_data (data, len, error);
}

char *
lsc_lab_dir (void)
{
  const char *env = g_getenv ("LSC_LAB_DIR");
  return g_strdup (env && *env ? env : "/run/layerscope-lab");
}

char *
lsc_lab_file_for_prefix (const char *prefix)
{
  g_autofree char *dir = lsc_lab_dir ();
  g_autofree char *name = g_strconcat (prefix, "topology.ini", NULL);
  return g_build_filename (dir, name, NULL);
}

/* The namespace file `ip netns add` made is a bind mount of the namespace
 * itself: same device and inode as /proc/self/ns/net when we run in it.
 * Both can be read without privileges. */
static gboolean
runs_in (const char *netns, const struct stat *self)
{
  if (!netns || strchr (netns, '/') || !*netns)
    return FALSE;
  g_autofree char *path = g_build_filename ("/run/netns", netns, NULL);
  struct stat st;
  return stat (path, &st) == 0 && st.st_dev == self->st_dev && st.st_ino == self->st_ino;
}

LscLab *
lsc_lab_find_current (const LscLabHost **host)
{
  struct stat self;
  if (stat ("/proc/self/ns/net", &self) != 0)
    return NULL;
  g_autofree char *dir = lsc_lab_dir ();
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d)))
    {
      if (!g_str_has_suffix (name, "topology.ini"))
        continue;
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr (LscLab) lab = lsc_lab_load (path, NULL);
      for (guint i = 0; lab && i < lab->hosts->len; i++)
        if (runs_in (((LscLabHost *) lab->hosts->pdata[i])->netns, &self))
          {
            if (host)
              *host = lab->hosts->pdata[i];
            return g_steal_pointer (&lab);
          }
    }
  return NULL;
}

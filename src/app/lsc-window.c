/* lsc-window.c — the main window
 *
 * Owns the packet store and the decoded frame that the list, tree, hex view
 * and anatomy bar share; the widgets only talk to each other through here.
 */
#include "lsc-window.h"
#include "lsc-application.h"
#include "lsc-welcome.h"
#include "capture/lsc-capture-file.h"
#include "capture/lsc-capture-writer.h"
#include "capture/lsc-helper-client.h"
#include "capture/lsc-source.h"
#include "core/lsc-conv.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

/* One loading slice: long enough to read thousands of packets, short enough
 * that the window keeps drawing while a big file comes in. */
#define LOAD_SLICE_US 12000
/* Packets in the very first slice, so the first rows show at once. */
#define FIRST_BATCH 512
/* Live rows reach the list at most this often (30 updates a second). */
#define LIVE_COMMIT_MS 33
/* Packets read per wake-up before the main loop gets a turn. */
#define LIVE_DRAIN_MAX 4096

struct _LscWindow {
  AdwApplicationWindow parent_instance;

  AdwWindowTitle *title;
  GtkStack *stack;
  LscWelcome *welcome;
  LscPacketList *packet_list;
  LscLayerTree *layer_tree;
  LscHexView *hex_view;
  LscAnatomyBar *anatomy;
  GtkLabel *status;
  GtkLabel *shown;
  GtkWidget *model_box;
  GtkWidget *stop_button;
  GtkWidget *restart_button;

  GSettings *settings;
  LscStore *store;
  LscDecoded *decoded;
  LscModel model;

  LscCaptureFile *loading;
  guint load_source;
  /* The file mapped read-only: records point into it instead of being
   * copied, and pages already indexed are handed back to the kernel so a big
   * file does not stay resident. */
  GMappedFile *map;
  guint64 map_pos, map_dropped;
  /* Conversation analysis runs over the packets in order, after indexing
   * (so the first rows and the index are not held up by it). */
  LscConv *conv;
  LscTree *conv_tree;      /* live analysis, main loop */
  guint conv_next;
  guint conv_source;       /* the idle that reports the worker done */
  GThread *conv_thread;
  GMutex conv_lock;
  gint conv_cancel;
  char *path;
  gint64 load_started;
  char *status_text;

  /* Live capture. */
  LscSource *live;
  guint live_fd_source;
  guint live_commit_source;
  char *live_iface, *live_bpf;
  gboolean live_running;
  LscCaptureStats live_stats;
  gint64 live_stats_at;
  char *live_error;
};

G_DEFINE_FINAL_TYPE (LscWindow, lsc_window, ADW_TYPE_APPLICATION_WINDOW)

enum { SIG_LOADED, SIG_LOAD_FAILED, SIG_ANALYSED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
set_status (LscWindow *self, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static void
set_status (LscWindow *self, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_free (self->status_text);
  self->status_text = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  gtk_label_set_text (self->status, self->status_text);
}

const char *
lsc_window_get_status (LscWindow *self)
{
  return self->status_text ? self->status_text : "";
}

static void
show_error (LscWindow *self, const char *primary, const char *secondary)
{
  GtkWidget *d = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                         GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", primary);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (d), "%s", secondary);
  g_signal_connect (d, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (d));
}

/* ---- selection plumbing ---- */

static void
show_packet (LscWindow *self, guint index)
{
  g_clear_pointer (&self->decoded, lsc_decoded_unref);
  if (index != G_MAXUINT)
    {
      self->decoded = lsc_decoded_new (index);
      if (!lsc_store_dissect (self->store, index, self->decoded->tree))
        g_clear_pointer (&self->decoded, lsc_decoded_unref);
    }
  lsc_layer_tree_set_decoded (self->layer_tree, self->decoded, self->model);
  lsc_hex_view_set_decoded (self->hex_view, self->decoded);
  lsc_anatomy_bar_set_decoded (self->anatomy, self->decoded);
}

static void
packet_selected_cb (LscPacketList *list, guint index, LscWindow *self)
{
  show_packet (self, index);
}

static void
node_selected_cb (LscLayerTree *tree, int idx, LscWindow *self)
{
  const LscNode *n = self->decoded ? lsc_tree_node (self->decoded->tree, idx) : NULL;
  /* A derived fact has no bytes of its own: show the bytes it was derived from. */
  while (n && n->length == 0 && n->parent >= 0)
    n = lsc_tree_node (self->decoded->tree, n->parent);
  lsc_hex_view_set_highlight (self->hex_view, n ? n->offset : 0, n ? n->length : 0);
  lsc_anatomy_bar_set_selected (self->anatomy, n ? idx : -1);
}

static void
byte_activated_cb (LscHexView *hex, guint offset, LscWindow *self)
{
  if (!self->decoded)
    return;
  gint32 idx = lsc_tree_node_at_offset (self->decoded->tree, offset);
  if (idx >= 0)
    lsc_layer_tree_select_node (self->layer_tree, idx);
}

static void
anatomy_node_cb (LscAnatomyBar *bar, int idx, LscWindow *self)
{
  lsc_layer_tree_select_node (self->layer_tree, idx);
}

static void
shown_changed_cb (GListModel *rows, guint pos, guint removed, guint added, LscWindow *self)
{
  guint n = g_list_model_get_n_items (rows), all = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  if (n == all)
    gtk_label_set_text (self->shown, "");
  else
    {
      g_autofree char *text = g_strdup_printf (_("%u of %u shown%s"), n, all,
                                               lsc_packet_list_is_filtering (self->packet_list) ? _(" (filtering…)") : "");
      gtk_label_set_text (self->shown, text);
    }
}

/* ---- model ---- */

static void
model_changed_cb (GSettings *settings, const char *key, LscWindow *self)
{
  g_autofree char *s = g_settings_get_string (settings, "model");
  LscModel m;
  if (!lsc_model_from_string (s, &m))
    m = LSC_MODEL_OSI;
  self->model = m;
  lsc_layer_tree_set_model (self->layer_tree, m);
}

void
lsc_window_set_model (LscWindow *self, LscModel model)
{
  g_settings_set_string (self->settings, "model", lsc_model_to_string (model));
}

LscModel
lsc_window_get_model (LscWindow *self)
{
  return self->model;
}

/* Hand the mapped file's pages in [from, to) back to the kernel: they are
 * clean copies of the file and come back on the next read. */
static void
drop_pages (LscWindow *self, guint64 from, guint64 to)
{
  if (!self->map)
    return;
  const guint64 page = (guint64) sysconf (_SC_PAGESIZE);
  from -= from % page;
  to = MIN (to, (guint64) g_mapped_file_get_length (self->map));
  if (to > from)
    madvise (g_mapped_file_get_contents (self->map) + from, to - from, MADV_DONTNEED);
}

/* ---- conversation analysis ----
 *
 * A file is analysed in a worker thread once it is indexed: every packet is
 * decoded once more, in order, which for a million packets takes seconds.
 * The store does not change while the worker runs (a new file or capture
 * stops it first), and the conversation state is shared with the rows'
 * annotate hook under conv_lock.  Live packets are analysed as they arrive,
 * on the main loop. */

/* The analysis ends a TCP row's Info with its role, as the CLI prints it; on a
 * screen a long line is cut at the window's edge, and the role is what a
 * learner looks for, so the list shows it first. */
static void
role_first (GString *info, const char *role)
{
  g_autofree char *tail = g_strconcat (" · ", role, NULL);
  gsize n = strlen (tail);
  if (info->len <= n || !g_str_has_suffix (info->str, tail))
    return;
  g_string_truncate (info, info->len - n);
  g_string_prepend (info, " · ");
  g_string_prepend (info, role);
}

static void
annotate_cb (LscTree *tree, gpointer data)
{
  LscWindow *self = data;
  LscPinfo *pi = lsc_tree_pinfo (tree);
  const LscPacket *pkt = lsc_tree_packet (tree);
  LscConvPacket r;
  g_mutex_lock (&self->conv_lock);
  if (self->conv && lsc_conv_annotate (self->conv, tree) && pi->info && pkt
      && lsc_conv_packet (self->conv, pkt->num, &r) && r.valid && r.role)
    role_first (pi->info, lsc_conv_role_label (r.role));
  g_mutex_unlock (&self->conv_lock);
}

static void
stop_analysis (LscWindow *self)
{
  if (self->conv_thread)
    {
      g_atomic_int_set (&self->conv_cancel, 1);
      g_thread_join (self->conv_thread);
      self->conv_thread = NULL;
    }
  g_clear_handle_id (&self->conv_source, g_source_remove);
  g_mutex_lock (&self->conv_lock);
  g_clear_pointer (&self->conv, lsc_conv_free);
  g_mutex_unlock (&self->conv_lock);
  self->conv_next = 0;
}

/* Process packets [conv_next, limit) with tree; the caller holds conv_lock
 * or is the only user of the analysis. */
static void
analyse_some (LscWindow *self, LscTree *tree, guint limit)
{
  LscPacket pkt;
  while (self->conv_next < limit && lsc_store_get_packet (self->store, self->conv_next, &pkt))
    {
      lsc_dissect (tree, &pkt, lsc_store_get_options (self->store));
      lsc_conv_process (self->conv, tree);
      self->conv_next++;
    }
}

static gboolean
analysis_done_cb (gpointer data)
{
  LscWindow *self = data;
  self->conv_source = 0;
  g_thread_join (self->conv_thread);
  self->conv_thread = NULL;
  drop_pages (self, 0, G_MAXUINT64);
  /* Rows drawn before the analysis reached them lack their roles: redraw them all. */
  guint sel = lsc_packet_list_get_selected_index (self->packet_list);
  gint32 node = lsc_layer_tree_get_selected_node (self->layer_tree);
  lsc_store_refresh (self->store);
  if (sel != G_MAXUINT)
    {
      lsc_window_select_packet (self, sel);
      /* The analysis only appends nodes, so the field the user had selected
       * keeps its index in the new tree. */
      if (node >= 0)
        lsc_layer_tree_select_node (self->layer_tree, node);
    }
  g_signal_emit (self, signals[SIG_ANALYSED], 0);
  return G_SOURCE_REMOVE;
}

static gpointer
analyse_thread (gpointer data)
{
  LscWindow *self = data;
  g_autoptr (LscTree) tree = lsc_tree_new ();
  /* The analysis reads the packet digest and the header nodes only. */
  lsc_tree_set_summary_only (tree, TRUE);
  guint n = lsc_store_get_n_staged (self->store);
  /* Small batches keep the lock short, so a row drawn meanwhile waits little. */
  while (self->conv_next < n && !g_atomic_int_get (&self->conv_cancel))
    {
      guint before = self->conv_next;
      g_mutex_lock (&self->conv_lock);
      analyse_some (self, tree, MIN (n, self->conv_next + 64));
      g_mutex_unlock (&self->conv_lock);
      /* The pass reads every packet once: do not let that keep the file resident. */
      if (self->conv_next / 65536 != before / 65536)
        drop_pages (self, 0, G_MAXUINT64);
    }
  if (!g_atomic_int_get (&self->conv_cancel))
    {
      g_mutex_lock (&self->conv_lock);
      lsc_conv_finish (self->conv);
      g_mutex_unlock (&self->conv_lock);
      self->conv_source = g_idle_add (analysis_done_cb, self);
    }
  return NULL;
}

static void
start_analysis (LscWindow *self)
{
  if (!self->conv)
    self->conv = lsc_conv_new ();
  g_atomic_int_set (&self->conv_cancel, 0);
  self->conv_thread = g_thread_new ("lsc-analysis", analyse_thread, self);
}

/* ---- live capture ---- */

static void live_stopped (LscWindow *self, GError *error);
static void stop_loading (LscWindow *self);

static void
live_status (LscWindow *self)
{
  guint n = lsc_store_get_n_staged (self->store);
  const char *saved = self->live ? lsc_source_get_save_path (self->live) : NULL;
  /* Counters as text first: a format with G_GUINT64_FORMAT cannot be translated. */
  char dropped[32], ifdropped[32];
  g_snprintf (dropped, sizeof dropped, "%" G_GUINT64_FORMAT, self->live_stats.dropped);
  g_snprintf (ifdropped, sizeof ifdropped, "%" G_GUINT64_FORMAT, self->live_stats.ifdropped);
  if (self->live_running)
    set_status (self, _("Capturing on %s — %u packets, %s dropped by the kernel, %s by the interface"),
                self->live_iface, n, dropped, ifdropped);
  else
    {
      g_autofree char *kept = saved ? g_strdup_printf (_(", in %s until closed (Save As keeps it)"), saved) : g_strdup ("");
      set_status (self, _("Capture on %s stopped — %u packets, %s dropped%s%s%s"),
                  self->live_iface ? self->live_iface : "?", n, dropped, kept,
                  self->live_error ? " — " : "", self->live_error ? self->live_error : "");
    }
}

static void
live_append (LscWindow *self, const LscPacket *pkt)
{
  lsc_store_append (self->store, pkt);
  /* Live packets are analysed as they come: the rate is low and the roles
   * should be there when the row first shows. */
  guint i = lsc_store_get_n_staged (self->store) - 1;
  if (self->conv && self->conv_next == i)
    {
      g_mutex_lock (&self->conv_lock);
      analyse_some (self, self->conv_tree, i + 1);
      g_mutex_unlock (&self->conv_lock);
    }
}

static gboolean
live_readable_cb (int fd, GIOCondition cond, gpointer data)
{
  LscWindow *self = data;
  LscPacket pkt;
  g_autoptr (GError) error = NULL;
  for (guint k = 0; k < LIVE_DRAIN_MAX; k++)
    {
      LscSourceResult r = lsc_source_next (self->live, &pkt, 0, &error);
      if (r == LSC_SOURCE_PACKET)
        {
          live_append (self, &pkt);
          continue;
        }
      if (r == LSC_SOURCE_TIMEOUT)
        return G_SOURCE_CONTINUE;
      /* End or error: the helper or interface went away; keep what we have. */
      self->live_fd_source = 0;
      live_stopped (self, r == LSC_SOURCE_ERROR ? error : NULL);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
live_commit_cb (gpointer data)
{
  LscWindow *self = data;
  lsc_store_commit (self->store);
  gint64 now = g_get_monotonic_time ();
  if (self->live && self->live_running && now - self->live_stats_at > G_USEC_PER_SEC)
    {
      lsc_source_stats (self->live, &self->live_stats, NULL);
      self->live_stats_at = now;
    }
  live_status (self);
  return G_SOURCE_CONTINUE;
}

static void
update_live_actions (LscWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop-capture", self->live_running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.restart-capture", self->live_iface != NULL && !self->live_running);
  gtk_widget_set_visible (self->stop_button, self->live_running);
  gtk_widget_set_visible (self->restart_button, self->live_iface != NULL && !self->live_running);
}

static void
live_stopped (LscWindow *self, GError *error)
{
  g_clear_handle_id (&self->live_fd_source, g_source_remove);
  g_clear_handle_id (&self->live_commit_source, g_source_remove);
  if (self->live)
    {
      /* Whatever is still queued, then the final counters and the file. */
      LscPacket pkt;
      for (guint k = 0; k < 100000 && lsc_source_next (self->live, &pkt, 0, NULL) == LSC_SOURCE_PACKET; k++)
        live_append (self, &pkt);
      g_autoptr (GError) ferr = NULL;
      if (!lsc_source_finish (self->live, &ferr) && !error)
        error = ferr;
      lsc_source_stats (self->live, &self->live_stats, NULL);
    }
  self->live_running = FALSE;
  g_free (self->live_error);
  self->live_error = error ? g_strdup (error->message) : NULL;
  lsc_store_commit (self->store);
  lsc_packet_list_set_follow (self->packet_list, FALSE);
  update_live_actions (self);
  live_status (self);
}

/* The capture's own temporary file only guards against a crash: the store
 * holds every packet and Save As writes them, so closing the capture (a new
 * file or capture, Close, quitting) deletes it rather than leave one file
 * per capture in the temporary directory. */
static void
live_close (LscWindow *self)
{
  if (self->live_running)
    live_stopped (self, NULL);
  g_autofree char *tmp = self->live ? g_strdup (lsc_source_get_save_path (self->live)) : NULL;
  g_clear_pointer (&self->live, lsc_source_close);
  if (tmp && g_unlink (tmp) != 0 && errno != ENOENT)
    g_warning ("Could not delete the temporary capture %s: %s", tmp, g_strerror (errno));
}

gboolean
lsc_window_start_capture (LscWindow *self, const char *iface, const char *bpf, GError **error)
{
  g_return_val_if_fail (LSC_IS_WINDOW (self), FALSE);
  LscLiveOptions o;
  lsc_live_options_init (&o);
  o.iface = iface;
  o.filter = bpf && *bpf ? bpf : NULL;
  LscSource *src = lsc_source_open_live (&o, error);
  if (!src)
    return FALSE;
  if (self->live_iface != iface)
    {
      g_free (self->live_iface);
      self->live_iface = g_strdup (iface);
    }
  if (self->live_bpf != bpf)
    {
      g_free (self->live_bpf);
      self->live_bpf = g_strdup (bpf ? bpf : "");
    }
  live_close (self);
  stop_loading (self);
  stop_analysis (self);
  show_packet (self, G_MAXUINT);
  lsc_store_clear (self->store);
  g_clear_pointer (&self->map, g_mapped_file_unref);
  self->conv = lsc_conv_new ();
  self->live = src;
  self->live_running = TRUE;
  memset (&self->live_stats, 0, sizeof self->live_stats);
  g_clear_pointer (&self->live_error, g_free);
  self->live_fd_source = g_unix_fd_add (lsc_source_get_fd (src), G_IO_IN | G_IO_HUP | G_IO_ERR, live_readable_cb, self);
  self->live_commit_source = g_timeout_add (LIVE_COMMIT_MS, live_commit_cb, self);
  g_autofree char *sub = g_strdup_printf (_("Live on %s"), iface);
  adw_window_title_set_subtitle (self->title, sub);
  gtk_stack_set_visible_child_name (self->stack, "capture");
  lsc_packet_list_set_follow (self->packet_list, TRUE);
  update_live_actions (self);
  live_status (self);
  return TRUE;
}

void
lsc_window_stop_capture (LscWindow *self)
{
  if (!self->live_running)
    return;
  lsc_source_stop (self->live);
  live_stopped (self, NULL);
}

gboolean
lsc_window_is_capturing (LscWindow *self)
{
  return self->live_running;
}

/* Writes every packet of the store to path (pcap for ".pcap", else pcapng),
 * through a temporary file renamed into place: a reader never sees half a file. */
gboolean
lsc_window_save_capture (LscWindow *self, const char *path, GError **error)
{
  guint n = lsc_store_get_n_staged (self->store);
  LscPacket pkt;
  int linktype = n && lsc_store_get_packet (self->store, 0, &pkt) ? pkt.linktype : LSC_LINK_ETHERNET;
  g_autoptr (LscCaptureWriter) w = lsc_capture_writer_new (path, NULL, lsc_capture_format_for_path (path), linktype,
                                                            262144, self->live_iface, error);
  if (!w)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      lsc_store_get_packet (self->store, i, &pkt);
      if (!lsc_capture_writer_write (w, &pkt, error))
        return FALSE;
    }
  return lsc_capture_writer_commit (w, error);
}

static void
stop_capture_action (GtkWidget *widget, const char *name, GVariant *param)
{
  lsc_window_stop_capture (LSC_WINDOW (widget));
}

static void
restart_capture_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LscWindow *self = LSC_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  g_autofree char *iface = g_strdup (self->live_iface);
  g_autofree char *bpf = g_strdup (self->live_bpf);
  if (iface && !lsc_window_start_capture (self, iface, bpf, &error))
    show_error (self, _("Could not start the capture"), error->message);
}

static void
save_response_cb (GtkNativeDialog *dialog, int response, LscWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      g_autoptr (GError) error = NULL;
      if (path && !lsc_window_save_capture (self, path, &error))
        show_error (self, _("Could not save the capture"), error->message);
      else if (path)
        set_status (self, _("Saved %u packets to %s"), lsc_store_get_n_staged (self->store), path);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
save_as_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LscWindow *self = LSC_WINDOW (widget);
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Save Capture As"), GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), self->live_iface ? "capture.pcapng" : "packets.pcapng");
  g_signal_connect (dialog, "response", G_CALLBACK (save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
check_capture_available (LscWindow *self)
{
  g_autofree char *helper = lsc_helper_client_find ();
  if (geteuid () == 0)
    lsc_welcome_set_capture_status (self->welcome, TRUE, NULL);
  else if (helper)
    lsc_welcome_set_capture_status (self->welcome, TRUE,
                                    _("Live capture goes through the layerscope-capture helper. If it was installed without capabilities, "
                                      "starting explains what to do; capture files work either way."));
  else
    lsc_welcome_set_capture_status (self->welcome, FALSE,
                                    _("Live capture needs the CAP_NET_RAW capability: install layerscope-capture with capabilities "
                                      "(meson configure -Dhelper_caps=true, then meson install) and join its group, or run as root. "
                                      "Capture files work without it."));
}

/* ---- loading ---- */

static void
remember_recent (LscWindow *self, const char *path)
{
  g_auto (GStrv) old = g_settings_get_strv (self->settings, "recent-files");
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  g_strv_builder_add (b, path);
  for (guint i = 0, n = 1; old[i] && n < 10; i++)
    if (!g_str_equal (old[i], path))
      {
        g_strv_builder_add (b, old[i]);
        n++;
      }
  g_auto (GStrv) now = g_strv_builder_end (b);
  g_settings_set_strv (self->settings, "recent-files", (const char *const *) now);
  lsc_welcome_set_recent (self->welcome, (const char *const *) now);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  if (uri)
    gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
}

static void
stop_loading (LscWindow *self)
{
  g_clear_handle_id (&self->load_source, g_source_remove);
  g_clear_pointer (&self->loading, lsc_capture_file_close);
  drop_pages (self, 0, G_MAXUINT64);
}

static void
load_done (LscWindow *self, GError *error)
{
  guint n = lsc_store_get_n_staged (self->store);
  lsc_store_commit (self->store);
  stop_loading (self);
  double secs = (g_get_monotonic_time () - self->load_started) / 1e6;
  g_autofree char *base = g_path_get_basename (self->path);
  if (error)
    {
      set_status (self, _("%u packets — the file ends early: %s"), n, error->message);
      if (n == 0)
        {
          show_error (self, _("Could not read the capture"), error->message);
          g_signal_emit (self, signals[SIG_LOAD_FAILED], 0, error->message);
          return;
        }
    }
  else
    set_status (self, g_dngettext (NULL, "%u packet in %s (loaded in %.2f s)", "%u packets in %s (loaded in %.2f s)", n),
                n, base, secs);
  g_signal_emit (self, signals[SIG_LOADED], 0);
  start_analysis (self);
}

/* Where libpcap found this record in the mapped file: right after a pcap
 * record header (16), a pcapng Enhanced (28) or Simple (12) Packet Block
 * header, or a little further on after options.  The store checks the bytes,
 * so a wrong guess only costs a copy. */
static void
append_record (LscWindow *self, const LscPacket *pkt)
{
  if (self->map)
    {
      static const guint hdr[] = { 16, 28, 12 };
      for (guint k = 0; k < G_N_ELEMENTS (hdr); k++)
        if (lsc_store_append_backed (self->store, pkt, self->map_pos + hdr[k]))
          {
            self->map_pos += hdr[k] + pkt->caplen;
            return;
          }
      gsize size = g_mapped_file_get_length (self->map);
      const guint8 *base = (const guint8 *) g_mapped_file_get_contents (self->map);
      for (guint64 o = self->map_pos; pkt->caplen && o < size && o < self->map_pos + 4096; o++)
        if (base[o] == pkt->data[0] && lsc_store_append_backed (self->store, pkt, o))
          {
            self->map_pos = o + pkt->caplen;
            return;
          }
    }
  lsc_store_append (self->store, pkt);
}

static gboolean
load_slice_cb (gpointer data)
{
  LscWindow *self = data;
  gint64 end = g_get_monotonic_time () + LOAD_SLICE_US;
  guint first = lsc_store_get_n_staged (self->store) == 0;
  LscPacket pkt;
  g_autoptr (GError) error = NULL;
  int r = 1;
  for (guint k = 0; r > 0; k++)
    {
      r = lsc_capture_file_next (self->loading, &pkt, &error);
      if (r > 0)
        append_record (self, &pkt);
      /* Checking the clock costs more than reading a packet: look every 256. */
      if ((first && k + 1 >= FIRST_BATCH) || ((k & 255) == 255 && g_get_monotonic_time () > end))
        break;
    }
  if (self->map_pos - self->map_dropped >= (16u << 20))
    {
      drop_pages (self, self->map_dropped, self->map_pos);
      self->map_dropped = self->map_pos;
    }
  if (r > 0)
    {
      lsc_store_commit (self->store);
      set_status (self, _("Loading… %u packets"), lsc_store_get_n_staged (self->store));
    }
  else
    {
      self->load_source = 0;
      load_done (self, r < 0 ? error : NULL);
    }
  /* With the first rows, show the first packet: a file never opens onto an
   * empty tree, hex view and anatomy bar. */
  if (first && lsc_packet_list_get_selected_index (self->packet_list) == G_MAXUINT)
    lsc_window_select_packet (self, 0);
  return r > 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

void
lsc_window_open_file (LscWindow *self, GFile *file)
{
  g_return_if_fail (LSC_IS_WINDOW (self));
  g_autofree char *path = g_file_get_path (file);
  g_autoptr (GError) error = NULL;
  if (!path)
    {
      show_error (self, _("Could not open the capture"), _("Only local files can be opened."));
      return;
    }
  LscCaptureFile *f = lsc_capture_file_open (path, &error);
  if (!f)
    {
      show_error (self, _("Could not open the capture"), error->message);
      g_signal_emit (self, signals[SIG_LOAD_FAILED], 0, error->message);
      return;
    }
  live_close (self);
  g_clear_pointer (&self->live_iface, g_free);
  update_live_actions (self);
  stop_loading (self);
  stop_analysis (self);
  show_packet (self, G_MAXUINT);
  lsc_store_clear (self->store);
  g_clear_pointer (&self->map, g_mapped_file_unref);
  self->map = g_mapped_file_new (path, FALSE, NULL);
  self->map_pos = self->map_dropped = 0;
  if (self->map)
    {
      g_autoptr (GBytes) bytes = g_mapped_file_get_bytes (self->map);
      lsc_store_set_backing (self->store, bytes);
    }
  self->conv = lsc_conv_new ();
  self->loading = f;
  g_free (self->path);
  self->path = g_steal_pointer (&path);
  self->load_started = g_get_monotonic_time ();
  g_autofree char *base = g_path_get_basename (self->path);
  adw_window_title_set_subtitle (self->title, base);
  gtk_stack_set_visible_child_name (self->stack, "capture");
  remember_recent (self, self->path);
  self->load_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, load_slice_cb, self, NULL);
  set_status (self, _("Loading…"));
}

gboolean
lsc_window_is_loading (LscWindow *self)
{
  return self->loading != NULL;
}

gboolean
lsc_window_is_analysing (LscWindow *self)
{
  return self->conv_thread != NULL;
}

LscStore *
lsc_window_get_store (LscWindow *self)
{
  return self->store;
}

void
lsc_window_select_packet (LscWindow *self, guint index)
{
  lsc_packet_list_select_index (self->packet_list, index);
}

GtkWidget *lsc_window_get_welcome (LscWindow *self) { return GTK_WIDGET (self->welcome); }
LscPacketList *lsc_window_get_packet_list (LscWindow *self) { return self->packet_list; }
LscLayerTree *lsc_window_get_layer_tree (LscWindow *self) { return self->layer_tree; }
LscHexView *lsc_window_get_hex_view (LscWindow *self) { return self->hex_view; }
LscAnatomyBar *lsc_window_get_anatomy_bar (LscWindow *self) { return self->anatomy; }

/* ---- actions ---- */

static void
open_response_cb (GtkNativeDialog *dialog, int response, LscWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      if (file)
        lsc_window_open_file (self, file);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
open_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LscWindow *self = LSC_WINDOW (widget);
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Open Capture File"), GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  GtkFileFilter *f = gtk_file_filter_new ();
  gtk_file_filter_set_name (f, _("Capture files (pcap, pcapng)"));
  gtk_file_filter_add_pattern (f, "*.pcap");
  gtk_file_filter_add_pattern (f, "*.pcapng");
  gtk_file_filter_add_pattern (f, "*.cap");
  gtk_file_filter_add_mime_type (f, "application/vnd.tcpdump.pcap");
  gtk_file_filter_add_mime_type (f, "application/x-pcapng");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), f);
  g_object_unref (f);
  GtkFileFilter *all = gtk_file_filter_new ();
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);
  g_object_unref (all);
  g_signal_connect (dialog, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
close_capture_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LscWindow *self = LSC_WINDOW (widget);
  live_close (self);
  g_clear_pointer (&self->live_iface, g_free);
  update_live_actions (self);
  stop_loading (self);
  stop_analysis (self);
  show_packet (self, G_MAXUINT);
  lsc_store_clear (self->store);
  g_clear_pointer (&self->map, g_mapped_file_unref);
  adw_window_title_set_subtitle (self->title, NULL);
  gtk_stack_set_visible_child_name (self->stack, "welcome");
  set_status (self, "%s", "");
}

static void
focus_filter_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LscWindow *self = LSC_WINDOW (widget);
  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "capture"))
    gtk_widget_grab_focus (lsc_packet_list_get_filter_entry (self->packet_list));
}

static void
focus_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LscWindow *self = LSC_WINDOW (widget);
  if (g_str_equal (name, "win.focus-list"))
    gtk_widget_grab_focus (lsc_packet_list_get_column_view (self->packet_list));
  else if (g_str_equal (name, "win.focus-tree"))
    gtk_widget_grab_focus (GTK_WIDGET (self->layer_tree));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->hex_view));
}

static gboolean
drop_cb (GtkDropTarget *target, const GValue *value, double x, double y, LscWindow *self)
{
  GSList *files = g_value_get_boxed (value);
  if (!files)
    return FALSE;
  lsc_window_open_file (self, files->data);
  return TRUE;
}

static void
open_file_cb (LscWelcome *w, GFile *file, LscWindow *self)
{
  lsc_window_open_file (self, file);
}

static void
start_capture_cb (LscWelcome *w, const char *iface, const char *bpf, LscWindow *self)
{
  g_autoptr (GError) error = NULL;
  if (!lsc_window_start_capture (self, iface, bpf, &error))
    show_error (self, _("Could not start the capture"), error->message);
}

/* ---- window state ---- */

static gboolean
close_request_cb (GtkWindow *win, LscWindow *self)
{
  int w, h;
  gtk_window_get_default_size (win, &w, &h);
  g_settings_set (self->settings, "window-size", "(ii)", w, h);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (win));
  live_close (self);
  stop_loading (self);
  return FALSE;
}

gboolean
lsc_window_save_png (LscWindow *self, const char *path, GError **error)
{
  GtkWidget *w = GTK_WIDGET (self);
  int width = gtk_widget_get_width (w), height = gtk_widget_get_height (w);
  if (width <= 0 || height <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The window is not on screen yet"));
      return FALSE;
    }
  GdkPaintable *p = gtk_widget_paintable_new (w);
  GtkSnapshot *snap = gtk_snapshot_new ();
  gdk_paintable_snapshot (p, snap, width, height);
  GskRenderNode *node = gtk_snapshot_free_to_node (snap);
  g_object_unref (p);
  if (!node)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The window drew nothing"));
      return FALSE;
    }
  GskRenderer *r = gtk_native_get_renderer (GTK_NATIVE (w));
  GdkTexture *tex = gsk_renderer_render_texture (r, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  gboolean ok = gdk_texture_save_to_png (tex, path);
  g_object_unref (tex);
  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write %s"), path);
  return ok;
}

static void
lsc_window_dispose (GObject *object)
{
  LscWindow *self = LSC_WINDOW (object);
  live_close (self);
  g_clear_pointer (&self->live_iface, g_free);
  g_clear_pointer (&self->live_bpf, g_free);
  g_clear_pointer (&self->live_error, g_free);
  stop_loading (self);
  stop_analysis (self);
  if (self->store)
    lsc_store_set_annotate_func (self->store, NULL, NULL, NULL);
  g_clear_pointer (&self->conv_tree, lsc_tree_free);
  g_clear_pointer (&self->decoded, lsc_decoded_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), LSC_TYPE_WINDOW);
  g_clear_object (&self->store);
  g_clear_pointer (&self->map, g_mapped_file_unref);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->status_text, g_free);
  G_OBJECT_CLASS (lsc_window_parent_class)->dispose (object);
}

static void
lsc_window_finalize (GObject *object)
{
  g_mutex_clear (&LSC_WINDOW (object)->conv_lock);
  G_OBJECT_CLASS (lsc_window_parent_class)->finalize (object);
}

static void
lsc_window_class_init (LscWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->finalize = lsc_window_finalize;
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = lsc_window_dispose;

  signals[SIG_LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIG_ANALYSED] = g_signal_new ("analysed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIG_LOAD_FAILED] = g_signal_new ("load-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (LSC_TYPE_WELCOME);
  g_type_ensure (LSC_TYPE_PACKET_LIST);
  g_type_ensure (LSC_TYPE_LAYER_TREE);
  g_type_ensure (LSC_TYPE_HEX_VIEW);
  g_type_ensure (LSC_TYPE_ANATOMY_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/layerscope/Layerscope/ui/lsc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LscWindow, title);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, welcome);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, packet_list);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, layer_tree);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, hex_view);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, anatomy);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, status);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, shown);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, model_box);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, stop_button);
  gtk_widget_class_bind_template_child (widget_class, LscWindow, restart_button);
  gtk_widget_class_bind_template_callback (widget_class, packet_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, node_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, byte_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, anatomy_node_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_file_cb);
  gtk_widget_class_bind_template_callback (widget_class, start_capture_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_request_cb);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.close-capture", NULL, close_capture_action);
  gtk_widget_class_install_action (widget_class, "win.focus-filter", NULL, focus_filter_action);
  gtk_widget_class_install_action (widget_class, "win.focus-list", NULL, focus_action);
  gtk_widget_class_install_action (widget_class, "win.focus-tree", NULL, focus_action);
  gtk_widget_class_install_action (widget_class, "win.focus-hex", NULL, focus_action);
  gtk_widget_class_install_action (widget_class, "win.stop-capture", NULL, stop_capture_action);
  gtk_widget_class_install_action (widget_class, "win.restart-capture", NULL, restart_capture_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
}

static void
lsc_window_init (LscWindow *self)
{
  g_mutex_init (&self->conv_lock);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->store = lsc_store_new ();
  self->conv_tree = lsc_tree_new ();
  lsc_tree_set_summary_only (self->conv_tree, TRUE);
  g_signal_connect_object (lsc_packet_list_get_rows (self->packet_list), "items-changed",
                           G_CALLBACK (shown_changed_cb), self, 0);
  lsc_store_set_annotate_func (self->store, annotate_cb, self, NULL);
  lsc_packet_list_set_store (self->packet_list, self->store);

  self->settings = lsc_application_settings_new ();
  g_autoptr (GAction) model_action = g_settings_create_action (self->settings, "model");
  g_action_map_add_action (G_ACTION_MAP (self), model_action);
  g_signal_connect (self->settings, "changed::model", G_CALLBACK (model_changed_cb), self);
  model_changed_cb (self->settings, "model", self);

  int w, h;
  g_settings_get (self->settings, "window-size", "(ii)", &w, &h);
  gtk_window_set_default_size (GTK_WINDOW (self), w, h);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  g_auto (GStrv) recent = g_settings_get_strv (self->settings, "recent-files");
  lsc_welcome_set_recent (self->welcome, (const char *const *) recent);

  update_live_actions (self);
  check_capture_available (self);

  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

LscWindow *
lsc_window_new (GtkApplication *app)
{
  return g_object_new (LSC_TYPE_WINDOW, "application", app, NULL);
}

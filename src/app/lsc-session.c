/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-session.c — what the app has open: file loading, analysis thread, live capture */
#include "lsc-config.h"
#include "lsc-session.h"
#include "capture/lsc-capture-file.h"
#include "capture/lsc-capture-writer.h"
#include "capture/lsc-source.h"
#include "core/lsc-dissect.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
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

struct _LscSession {
  GObject parent_instance;

  LscStore *store;
  char *status_text;
  char *path;
  gint64 load_started;

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

  /* Live capture. */
  LscSource *live;
  guint live_fd_source;
  guint live_commit_source;
  char *live_iface, *live_bpf;
  gboolean live_running;
  gboolean live_unsaved;   /* live packets that no Save has written yet */
  LscCaptureStats live_stats;
  gint64 live_stats_at;
  char *live_error;

  /* Notes on segments (lsc_session_note_segment): store index + 1 -> Note *,
   * and those whose packet has not been captured yet (Note *). */
  GHashTable *notes;
  GPtrArray *notes_waiting;
  LscTree *note_tree;
};

G_DEFINE_FINAL_TYPE (LscSession, lsc_session, G_TYPE_OBJECT)

/* ---- a file cut short by another program while it is open ----
 *
 * The store reads packets straight from the file's mapping; if another
 * program truncates the file, reading a page past its new end raises
 * SIGBUS.  The handler puts a page of zeros in its place (a fresh anonymous
 * mapping, which the kernel makes atomically) and notes it, so the read goes
 * on and the session can say what happened: no crash, and every packet read
 * before stays as it was. */
static void set_status (LscSession *self, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static const guint8 *volatile app_map_lo, *volatile app_map_hi;
static volatile sig_atomic_t app_map_faulted;

static void
on_app_sigbus (int sig, siginfo_t *info, void *ctx)
{
  const guint8 *a = info ? (const guint8 *) info->si_addr : NULL;
  if (a && ((app_map_lo && a >= app_map_lo && a < app_map_hi) || lsc_capture_file_maps_address (a)))
    {
      long page = sysconf (_SC_PAGESIZE);
      void *start = (void *) ((guintptr) a & ~(guintptr) (page - 1));
      if (mmap (start, (size_t) page, PROT_READ, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) != MAP_FAILED)
        {
          app_map_faulted = 1;
          return;
        }
    }
  signal (sig, SIG_DFL);
  raise (sig);
}

static void
catch_truncation (void)
{
  static gsize once;
  if (g_once_init_enter (&once))
    {
      struct sigaction sa;
      memset (&sa, 0, sizeof sa);
      sa.sa_sigaction = on_app_sigbus;
      sa.sa_flags = SA_SIGINFO;
      sigemptyset (&sa.sa_mask);
      sigaction (SIGBUS, &sa, NULL);
      g_once_init_leave (&once, 1);
    }
}

gboolean
lsc_session_take_truncation (LscSession *self)
{
  if (!app_map_faulted)
    return FALSE;
  app_map_faulted = 0;
  set_status (self, _("The capture file was cut short by another program while it was open: the packets past its new "
                      "end read as zeros; the others are as they were"));
  return TRUE;
}

enum {
  SIG_CLEARED, SIG_FIRST_ROWS, SIG_LOADED, SIG_LOAD_FAILED, SIG_ANALYSED, SIG_COMMITTED,
  SIG_LIVE_CHANGED, SIG_STATUS_CHANGED, N_SIGNALS
};
static guint signals[N_SIGNALS];

static void set_status (LscSession *self, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static void
set_status (LscSession *self, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_free (self->status_text);
  self->status_text = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_signal_emit (self, signals[SIG_STATUS_CHANGED], 0);
}

const char *
lsc_session_get_status (LscSession *self)
{
  return self->status_text ? self->status_text : "";
}

LscStore *
lsc_session_get_store (LscSession *self)
{
  return self->store;
}

const char *
lsc_session_get_path (LscSession *self)
{
  return self->path;
}

/* Hand the mapped file's pages in [from, to) back to the kernel: they are
 * clean copies of the file and come back on the next read. */
static void
drop_pages (LscSession *self, guint64 from, guint64 to)
{
  lsc_store_drop_backing_bytes (self->store, from, to);
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
  LscSession *self = data;
  LscPinfo *pi = lsc_tree_pinfo (tree);
  g_mutex_lock (&self->conv_lock);
  if (self->conv && lsc_conv_annotate (self->conv, tree) && pi->info && pi->conv_valid && pi->conv_role)
    role_first (pi->info, lsc_conv_role_label (pi->conv_role));
  g_mutex_unlock (&self->conv_lock);
  /* The socket call goes first of all: it is what the demo is about.  Notes
   * are made on the main loop, where rows are decoded. */
  const LscPacket *pkt = lsc_tree_packet (tree);
  const char *label = pkt && pkt->num && pi->info ? lsc_session_get_note (self, (guint) (pkt->num - 1), NULL) : NULL;
  if (label)
    {
      g_string_prepend (pi->info, " · ");
      g_string_prepend (pi->info, label);
    }
}

/* Stop the worker (the analysis itself stays until stop_analysis()). */
static void
halt_analysis (LscSession *self)
{
  if (self->conv_thread)
    {
      g_atomic_int_set (&self->conv_cancel, 1);
      g_thread_join (self->conv_thread);
      self->conv_thread = NULL;
    }
  g_clear_handle_id (&self->conv_source, g_source_remove);
}

static void
stop_analysis (LscSession *self)
{
  halt_analysis (self);
  g_mutex_lock (&self->conv_lock);
  g_clear_pointer (&self->conv, lsc_conv_free);
  g_mutex_unlock (&self->conv_lock);
  self->conv_next = 0;
}

/* Process packets [conv_next, limit) with tree; the caller holds conv_lock
 * or is the only user of the analysis. */
static void
analyse_some (LscSession *self, LscTree *tree, guint limit)
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
  LscSession *self = data;
  /* After the join: the worker stores this source's id after adding it, and
   * this may run before that store. */
  g_thread_join (self->conv_thread);
  self->conv_thread = NULL;
  self->conv_source = 0;
  drop_pages (self, 0, G_MAXUINT64);
  g_signal_emit (self, signals[SIG_ANALYSED], 0);
  return G_SOURCE_REMOVE;
}

static gpointer
analyse_thread (gpointer data)
{
  LscSession *self = data;
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
start_analysis (LscSession *self)
{
  if (!self->conv)
    self->conv = lsc_conv_new ();
  g_atomic_int_set (&self->conv_cancel, 0);
  self->conv_thread = g_thread_new ("lsc-analysis", analyse_thread, self);
}

gboolean
lsc_session_is_analysing (LscSession *self)
{
  return self->conv_thread != NULL;
}

LscConv *
lsc_session_lock_conv (LscSession *self)
{
  g_mutex_lock (&self->conv_lock);
  return self->conv;
}

void
lsc_session_unlock_conv (LscSession *self)
{
  g_mutex_unlock (&self->conv_lock);
}

LscLadder *
lsc_session_build_ladder (LscSession *self, guint index)
{
  LscLadder *l = NULL;
  LscConvPacket cp;
  /* While the worker analyses, conversations are still being added: a
   * ladder waits for the end ("analysed"). */
  if (self->conv_thread)
    return NULL;
  g_mutex_lock (&self->conv_lock);
  if (self->conv && index < self->conv_next && lsc_conv_packet (self->conv, (guint64) index + 1, &cp) && cp.valid)
    l = lsc_ladder_build (self->store, self->conv, cp.conv);
  g_mutex_unlock (&self->conv_lock);
  return l;
}

LscLadder *
lsc_session_build_stream_ladder (LscSession *self, guint stream)
{
  LscLadder *l = NULL;
  if (self->conv_thread)
    return NULL;
  g_mutex_lock (&self->conv_lock);
  gint i = self->conv ? lsc_conv_find_tcp_stream (self->conv, stream) : -1;
  if (i >= 0)
    l = lsc_ladder_build (self->store, self->conv, (guint) i);
  g_mutex_unlock (&self->conv_lock);
  return l;
}

/* ---- live capture ---- */

static void live_stopped (LscSession *self, GError *error);

static void
live_status (LscSession *self)
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

/* ---- notes on segments ---- */

typedef struct {
  guint8 src[4], dst[4];
  guint16 sport, dport, flags;
  guint32 seq, ack, len;
  char *label, *detail;
  gint64 noted_at;         /* waiting notes are dropped after a while */
} Note;

#define NOTE_LOOKBACK 512
#define NOTE_WAIT_US (10 * G_USEC_PER_SEC)
#define NOTES_WAITING_MAX 256

static void
note_free (gpointer p)
{
  Note *n = p;
  g_free (n->label);
  g_free (n->detail);
  g_free (n);
}

/* The segment's identity: IPv4 + TCP only. */
static gboolean
note_key (const LscPinfo *pi, Note *n)
{
  if (!(pi->has & LSC_HAS_IP4) || !(pi->has & LSC_HAS_TCP))
    return FALSE;
  memcpy (n->src, pi->l3_src, 4);
  memcpy (n->dst, pi->l3_dst, 4);
  n->sport = pi->srcport;
  n->dport = pi->dstport;
  n->flags = pi->tcp_flags;
  n->seq = pi->tcp_seq;
  n->ack = pi->tcp_ack;
  n->len = pi->tcp_len;
  return TRUE;
}

static gboolean
note_same (const Note *a, const Note *b)
{
  return memcmp (a->src, b->src, 4) == 0 && memcmp (a->dst, b->dst, 4) == 0 && a->sport == b->sport &&
         a->dport == b->dport && a->flags == b->flags && a->seq == b->seq && a->ack == b->ack && a->len == b->len;
}

/* Packet i's identity, decoded once more (the rows' own decode is cached). */
static gboolean
note_key_of (LscSession *self, guint i, Note *key)
{
  LscPacket pkt;
  if (!lsc_store_get_packet (self->store, i, &pkt))
    return FALSE;
  lsc_dissect (self->note_tree, &pkt, lsc_store_get_options (self->store));
  return note_key (lsc_tree_pinfo_const (self->note_tree), key);
}

static void
note_attach (LscSession *self, guint i, Note *n)
{
  g_hash_table_replace (self->notes, GUINT_TO_POINTER (i + 1), n);
  /* A row already shown is built again with its note. */
  if (i < g_list_model_get_n_items (G_LIST_MODEL (self->store)))
    {
      g_list_model_items_changed (G_LIST_MODEL (self->store), i, 1, 1);
      g_signal_emit (self, signals[SIG_COMMITTED], 0);
    }
}

/* Packet i just arrived: the notes that waited for it. */
static void
notes_match_new (LscSession *self, guint i)
{
  Note key;
  gint64 now = g_get_monotonic_time ();
  for (guint k = self->notes_waiting->len; k-- > 0;)
    if (now - ((Note *) g_ptr_array_index (self->notes_waiting, k))->noted_at > NOTE_WAIT_US)
      g_ptr_array_remove_index (self->notes_waiting, k);
  if (!self->notes_waiting->len || !note_key_of (self, i, &key))
    return;
  for (guint k = 0; k < self->notes_waiting->len; k++)
    if (note_same (g_ptr_array_index (self->notes_waiting, k), &key))
      {
        note_attach (self, i, g_ptr_array_steal_index (self->notes_waiting, k));
        return;
      }
}

void
lsc_session_note_segment (LscSession *self, const LscTree *segment, const char *label, const char *detail)
{
  g_return_if_fail (LSC_IS_SESSION (self));
  Note *n = g_new0 (Note, 1);
  if (!label || !note_key (lsc_tree_pinfo_const (segment), n))
    {
      note_free (n);
      return;
    }
  n->label = g_strdup (label);
  n->detail = g_strdup (detail);
  n->noted_at = g_get_monotonic_time ();
  /* Already captured: the newest packet like it that has no note yet. */
  guint staged = lsc_store_get_n_staged (self->store);
  for (guint i = staged; i-- > 0 && staged - i <= NOTE_LOOKBACK;)
    {
      Note key;
      if (!g_hash_table_contains (self->notes, GUINT_TO_POINTER (i + 1)) && note_key_of (self, i, &key) &&
          note_same (&key, n))
        {
          note_attach (self, i, n);
          return;
        }
    }
  if (self->notes_waiting->len >= NOTES_WAITING_MAX)
    g_ptr_array_remove_index (self->notes_waiting, 0);
  g_ptr_array_add (self->notes_waiting, n);
}

const char *
lsc_session_get_note (LscSession *self, guint index, const char **detail)
{
  g_return_val_if_fail (LSC_IS_SESSION (self), NULL);
  Note *n = g_hash_table_lookup (self->notes, GUINT_TO_POINTER (index + 1));
  if (detail)
    *detail = n ? n->detail : NULL;
  return n ? n->label : NULL;
}

static void
live_append (LscSession *self, const LscPacket *pkt)
{
  lsc_store_append (self->store, pkt);
  self->live_unsaved = TRUE;
  /* Live packets are analysed as they come: the rate is low and the roles
   * should be there when the row first shows. */
  guint i = lsc_store_get_n_staged (self->store) - 1;
  if (self->conv && self->conv_next == i)
    {
      g_mutex_lock (&self->conv_lock);
      analyse_some (self, self->conv_tree, i + 1);
      g_mutex_unlock (&self->conv_lock);
    }
  if (self->notes_waiting->len)
    notes_match_new (self, i);
}

static gboolean
live_readable_cb (int fd, GIOCondition cond, gpointer data)
{
  LscSession *self = data;
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
  LscSession *self = data;
  /* Asking the source also lets its file writer flush on time when no new
   * frame wakes the descriptor (the file is never more than a tick behind). */
  if (self->live && self->live_running)
    {
      LscPacket pkt;
      for (guint k = 0; k < LIVE_DRAIN_MAX && lsc_source_next (self->live, &pkt, 0, NULL) == LSC_SOURCE_PACKET; k++)
        live_append (self, &pkt);
    }
  if (lsc_store_commit (self->store))
    g_signal_emit (self, signals[SIG_COMMITTED], 0);
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
live_stopped (LscSession *self, GError *error)
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
  if (lsc_store_commit (self->store))
    g_signal_emit (self, signals[SIG_COMMITTED], 0);
  live_status (self);
  g_signal_emit (self, signals[SIG_LIVE_CHANGED], 0);
}

/* The capture's own temporary file only guards against a crash: the store
 * holds every packet and Save As writes them, so closing the capture (a new
 * file or capture, Close, quitting) deletes it rather than leave one file
 * per capture in the temporary directory. */
static void
live_close (LscSession *self)
{
  if (self->live_running)
    live_stopped (self, NULL);
  g_autofree char *tmp = self->live ? g_strdup (lsc_source_get_save_path (self->live)) : NULL;
  g_clear_pointer (&self->live, lsc_source_close);
  if (tmp && g_unlink (tmp) != 0 && errno != ENOENT)
    g_warning ("Could not delete the temporary capture %s: %s", tmp, g_strerror (errno));
}

static void stop_loading (LscSession *self);

/* Empty the store and stop whatever fills it. */
static void
clear (LscSession *self)
{
  /* Everything that adds to the store or the analysis stops first; then the
   * observers let go of what points into them; then they are emptied. */
  live_close (self);
  stop_loading (self);
  halt_analysis (self);
  g_signal_emit (self, signals[SIG_CLEARED], 0);
  self->live_unsaved = FALSE;
  stop_analysis (self);
  g_hash_table_remove_all (self->notes);
  g_ptr_array_set_size (self->notes_waiting, 0);
  lsc_store_clear (self->store);
  app_map_lo = app_map_hi = NULL;
  g_clear_pointer (&self->map, g_mapped_file_unref);
}

gboolean
lsc_session_start_capture (LscSession *self, const char *iface, const char *bpf, GError **error)
{
  g_return_val_if_fail (LSC_IS_SESSION (self), FALSE);
  LscLiveOptions o;
  lsc_live_options_init (&o);
  o.iface = iface;
  o.filter = bpf && *bpf ? bpf : NULL;
  LscSource *src = lsc_source_open_live (&o, error);
  if (!src)
    return FALSE;
  /* iface/bpf may be the session's own strings (restart): copy first. */
  char *new_iface = g_strdup (iface), *new_bpf = g_strdup (bpf ? bpf : "");
  g_free (self->live_iface);
  g_free (self->live_bpf);
  self->live_iface = new_iface;
  self->live_bpf = new_bpf;
  clear (self);
  g_clear_pointer (&self->path, g_free);
  self->conv = lsc_conv_new ();
  self->live = src;
  self->live_running = TRUE;
  memset (&self->live_stats, 0, sizeof self->live_stats);
  g_clear_pointer (&self->live_error, g_free);
  self->live_fd_source = g_unix_fd_add (lsc_source_get_fd (src), G_IO_IN | G_IO_HUP | G_IO_ERR, live_readable_cb, self);
  self->live_commit_source = g_timeout_add (LIVE_COMMIT_MS, live_commit_cb, self);
  live_status (self);
  g_signal_emit (self, signals[SIG_LIVE_CHANGED], 0);
  return TRUE;
}

gboolean
lsc_session_restart_capture (LscSession *self, GError **error)
{
  if (!self->live_iface)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("There is no capture to restart"));
      return FALSE;
    }
  return lsc_session_start_capture (self, self->live_iface, self->live_bpf, error);
}

void
lsc_session_stop_capture (LscSession *self)
{
  if (!self->live_running)
    return;
  lsc_source_stop (self->live);
  live_stopped (self, NULL);
}

gboolean
lsc_session_has_unsaved (LscSession *self)
{
  return self->live_unsaved && lsc_store_get_n_staged (self->store) > 0;
}

gboolean
lsc_session_is_capturing (LscSession *self)
{
  return self->live_running;
}

const char *
lsc_session_get_live_iface (LscSession *self)
{
  return self->live_iface;
}

/* ---- sending ---- */

gboolean
lsc_session_send (LscSession *self, const char *iface, GBytes *frame, GError **error)
{
  g_return_val_if_fail (LSC_IS_SESSION (self), FALSE);
  g_return_val_if_fail (iface && frame, FALSE);
  if ((!self->live_running || g_strcmp0 (self->live_iface, iface) != 0) &&
      !lsc_session_start_capture (self, iface, NULL, error))
    return FALSE;
  gsize n;
  const guint8 *d = g_bytes_get_data (frame, &n);
  /* Stamped just before it leaves: the answer's kernel time stamp may come
   * from before inject() returns. */
  LscPacket pkt = { .ts_ns = g_get_real_time () * 1000, .caplen = (guint32) n, .wirelen = (guint32) n,
                    .linktype = lsc_source_get_linktype (self->live), .data = d };
  if (!lsc_source_inject (self->live, d, n, error))
    return FALSE;
  /* A packet socket never reads back what it sent itself (Linux skips the
   * sending socket), directly or in the helper: the frame joins the list
   * here, before any answer can. */
  live_append (self, &pkt);
  return TRUE;
}

/* Writes every packet of the store to path (pcap for ".pcap", else pcapng),
 * through a temporary file renamed into place: a reader never sees half a file. */
gboolean
lsc_session_save (LscSession *self, const char *path, GError **error)
{
  return lsc_session_save_some (self, path, NULL, 0, error);
}

gboolean
lsc_session_save_some (LscSession *self, const char *path, const guint *indices, guint n_indices, GError **error)
{
  guint all = lsc_store_get_n_staged (self->store);
  guint n = indices ? n_indices : all;
  LscPacket pkt;
  int linktype = all && lsc_store_get_packet (self->store, indices && n ? indices[0] : 0, &pkt) ? pkt.linktype
                                                                                              : LSC_LINK_ETHERNET;
  g_autoptr (LscCaptureWriter) w = lsc_capture_writer_new (path, NULL, lsc_capture_format_for_path (path), linktype,
                                                            262144, self->live_iface, error);
  if (!w)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      if (!lsc_store_get_packet (self->store, indices ? indices[i] : i, &pkt))
        continue;
      if (!lsc_capture_writer_write (w, &pkt, error))
        return FALSE;
    }
  if (!lsc_capture_writer_commit (w, error))
    return FALSE;
  /* Every packet saved: what a running capture adds after this is unsaved again. */
  if (!indices || n == all)
    self->live_unsaved = FALSE;
  set_status (self, _("Saved %u packets to %s"), n, path);
  return TRUE;
}

/* ---- loading ---- */

static void
stop_loading (LscSession *self)
{
  g_clear_handle_id (&self->load_source, g_source_remove);
  g_clear_pointer (&self->loading, lsc_capture_file_close);
  drop_pages (self, 0, G_MAXUINT64);
}

static void
load_done (LscSession *self, GError *error)
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
append_record (LscSession *self, const LscPacket *pkt)
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
  LscSession *self = data;
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
  if (first && lsc_store_get_n_staged (self->store) > 0)
    g_signal_emit (self, signals[SIG_FIRST_ROWS], 0);
  return r > 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

gboolean
lsc_session_open_file (LscSession *self, const char *path, GError **error)
{
  g_return_val_if_fail (LSC_IS_SESSION (self), FALSE);
  LscCaptureFile *f = lsc_capture_file_open (path, error);
  if (!f)
    return FALSE;
  clear (self);
  g_clear_pointer (&self->live_iface, g_free);
  g_signal_emit (self, signals[SIG_LIVE_CHANGED], 0);
  self->map = g_mapped_file_new (path, FALSE, NULL);
  catch_truncation ();
  app_map_lo = self->map ? (const guint8 *) g_mapped_file_get_contents (self->map) : NULL;
  app_map_hi = app_map_lo ? app_map_lo + g_mapped_file_get_length (self->map) : NULL;
  self->map_pos = self->map_dropped = 0;
  if (self->map)
    {
      g_autoptr (GBytes) bytes = g_mapped_file_get_bytes (self->map);
      lsc_store_set_backing (self->store, bytes, TRUE);
    }
  self->conv = lsc_conv_new ();
  self->loading = f;
  g_free (self->path);
  self->path = g_strdup (path);
  self->load_started = g_get_monotonic_time ();
  self->load_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, load_slice_cb, self, NULL);
  set_status (self, _("Loading…"));
  return TRUE;
}

gboolean
lsc_session_is_loading (LscSession *self)
{
  return self->loading != NULL;
}

void
lsc_session_close (LscSession *self)
{
  clear (self);
  g_clear_pointer (&self->live_iface, g_free);
  g_clear_pointer (&self->path, g_free);
  g_signal_emit (self, signals[SIG_LIVE_CHANGED], 0);
  set_status (self, "%s", "");
}

/* ---- object ---- */

static void
lsc_session_dispose (GObject *object)
{
  LscSession *self = LSC_SESSION (object);
  live_close (self);
  stop_loading (self);
  stop_analysis (self);
  if (self->store)
    lsc_store_set_annotate_func (self->store, NULL, NULL, NULL);
  g_clear_object (&self->store);
  g_clear_pointer (&self->map, g_mapped_file_unref);
  G_OBJECT_CLASS (lsc_session_parent_class)->dispose (object);
}

static void
lsc_session_finalize (GObject *object)
{
  LscSession *self = LSC_SESSION (object);
  g_clear_pointer (&self->conv_tree, lsc_tree_free);
  g_clear_pointer (&self->note_tree, lsc_tree_free);
  g_clear_pointer (&self->notes, g_hash_table_unref);
  g_clear_pointer (&self->notes_waiting, g_ptr_array_unref);
  g_free (self->live_iface);
  g_free (self->live_bpf);
  g_free (self->live_error);
  g_free (self->path);
  g_free (self->status_text);
  g_mutex_clear (&self->conv_lock);
  G_OBJECT_CLASS (lsc_session_parent_class)->finalize (object);
}

static void
lsc_session_class_init (LscSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->dispose = lsc_session_dispose;
  object_class->finalize = lsc_session_finalize;
  GType t = G_TYPE_FROM_CLASS (klass);
  signals[SIG_CLEARED] = g_signal_new ("cleared", t, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIG_FIRST_ROWS] = g_signal_new ("first-rows", t, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIG_LOADED] = g_signal_new ("loaded", t, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIG_LOAD_FAILED] = g_signal_new ("load-failed", t, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIG_ANALYSED] = g_signal_new ("analysed", t, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIG_COMMITTED] = g_signal_new ("committed", t, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIG_LIVE_CHANGED] = g_signal_new ("live-changed", t, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIG_STATUS_CHANGED] = g_signal_new ("status-changed", t, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                              G_TYPE_NONE, 0);
}

static void
lsc_session_init (LscSession *self)
{
  g_mutex_init (&self->conv_lock);
  self->store = lsc_store_new ();
  /* The analysis reassembles IP fragments (lsc-reasm.h), and the annotate
   * hook gives every row what it found, in any order rows are drawn. */
  LscDissectOptions opt = *lsc_store_get_options (self->store);
  opt.reassemble = TRUE;
  lsc_store_set_options (self->store, &opt);
  self->conv_tree = lsc_tree_new ();
  lsc_tree_set_summary_only (self->conv_tree, TRUE);
  lsc_store_set_annotate_func (self->store, annotate_cb, self, NULL);
  self->notes = g_hash_table_new_full (NULL, NULL, NULL, note_free);
  self->notes_waiting = g_ptr_array_new_with_free_func (note_free);
  self->note_tree = lsc_tree_new ();
  lsc_tree_set_summary_only (self->note_tree, TRUE);
}

LscSession *
lsc_session_new (void)
{
  return g_object_new (LSC_TYPE_SESSION, NULL);
}

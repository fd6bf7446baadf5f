/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-benchmark.c — timings as a user sees them: measured at the frame that shows the result */
#include "lsc-benchmark.h"
#include "lsc-layer-colors.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct _Bench Bench;

/* The frame phases timed after selecting. */
enum { PH_BEFORE_PAINT, PH_UPDATE, PH_LAYOUT, PH_PAINT, N_PHASES };

typedef struct {
  Bench *b;
  int phase;
} PhaseHook;

struct _Bench {
  LscWindow *win;
  GdkFrameClock *clock;
  gint64 t0, t_first, t_indexed, t_scroll0, t_scrolled, t_scroll;
  gint64 t_listed;            /* the list scrolled to its end, before selecting */
  gint64 cpu_scroll0, cpu_listed, cpu_scrolled;  /* the main thread's CPU time then */
  /* The frame after selecting: when each phase's handlers (GTK's first, then
   * ours) were done; 0 when the frame had no such phase. */
  gint64 t_phase[N_PHASES];
  PhaseHook hooks[N_PHASES];
  gulong phase_ids[N_PHASES];
  gulong paint_id;
  int stage;  /* 0 waiting for rows, 1 waiting for the index, 2 waiting for the scroll frame, 3 done */
  char *png;
  int frames_after_select;
  gint flow_stream;   /* --flow N: also time the flow panel, -1 not */
  int flow_stage;
  gint64 t_flow0, t_flow1;
  /* The display filter stage. */
  gint64 t_filter0, t_filter_first, last_frame, last_tick, max_frame_gap, max_stall;
  /* The main thread's CPU time at the last frame and tick, and the most it
   * spent between two of them: the app's own share of a gap, whatever else
   * the shared machine was running then. */
  gint64 last_frame_cpu, last_tick_cpu, max_gap_cpu;
  guint tick_id, stall_source, done_source;
};

/* The filter the benchmark applies once the analysis is done. */
#define BENCH_FILTER "tcp.flags.syn == 1"

static int status;

/* CPU time of the calling thread in µs: the work itself, whatever else the
 * (shared) machine is doing meanwhile. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;
  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0;
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

int
lsc_benchmark_get_status (void)
{
  return status;
}

void
lsc_benchmark_fail (const char *message)
{
  g_printerr ("layerscope: %s\n", message);
  status = 1;
}

/* One line of /proc/self/status in MB ("VmHWM:", "RssAnon:", ...), -1 when unknown. */
static double
status_mb (const char *text, const char *key)
{
  const char *p = text ? strstr (text, key) : NULL;
  return p ? g_ascii_strtod (p + strlen (key), NULL) / 1024.0 : -1;
}

/* Resident memory in the kernel's own accounting: what the process wrote
 * (anonymous), pages of mapped files (the capture, libraries, fonts) and
 * the highest total so far. */
static void
print_memory (const char *when)
{
  g_autofree char *text = NULL;
  g_file_get_contents ("/proc/self/status", &text, NULL, NULL);
  g_print ("memory %s: resident %.1f MB (anonymous %.1f MB, file-backed %.1f MB), peak %.1f MB\n", when,
           status_mb (text, "VmRSS:"), status_mb (text, "RssAnon:"), status_mb (text, "RssFile:"),
           status_mb (text, "VmHWM:"));
}

gsize
lsc_benchmark_rss (void)
{
  g_autofree char *statm = NULL;
  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    return 0;
  unsigned long size = 0, rss = 0;
  if (sscanf (statm, "%lu %lu", &size, &rss) != 2)
    return 0;
  return (gsize) rss * (gsize) sysconf (_SC_PAGESIZE);
}

static void
bench_quit (Bench *b)
{
  if (b->paint_id)
    g_signal_handler_disconnect (b->clock, b->paint_id);
  b->paint_id = 0;
  /* Nothing may call back into b once it is freed ("load-failed" and
   * "analysed" can both come from one analysis). */
  g_signal_handlers_disconnect_by_data (b->win, b);
  if (b->clock)
    g_signal_handlers_disconnect_by_data (b->clock, b);
  for (guint i = 0; i < G_N_ELEMENTS (b->phase_ids); i++)
    if (b->phase_ids[i])
      g_signal_handler_disconnect (b->clock, b->phase_ids[i]);
  if (b->tick_id)
    gtk_widget_remove_tick_callback (GTK_WIDGET (b->win), b->tick_id);
  g_clear_handle_id (&b->stall_source, g_source_remove);
  g_clear_handle_id (&b->done_source, g_source_remove);
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (b->win)));
  g_free (b->png);
  g_free (b);
  g_application_quit (app);
}

/* Frames keep coming while the filter runs (a tick callback asks for every
 * one): the longest gap between two is what the user sees as a stutter. */
static gboolean
filter_tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  Bench *b = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();
  if (b->last_frame)
    {
      b->max_frame_gap = MAX (b->max_frame_gap, now - b->last_frame);
      b->max_gap_cpu = MAX (b->max_gap_cpu, cpu - b->last_frame_cpu);
    }
  b->last_frame = now;
  b->last_frame_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

/* A 10 ms timer at the default priority: how late it comes is how long the
 * main loop was busy with something else. */
static gboolean
stall_cb (gpointer data)
{
  Bench *b = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();
  b->max_stall = MAX (b->max_stall, now - b->last_tick);
  b->max_gap_cpu = MAX (b->max_gap_cpu, cpu - b->last_tick_cpu);
  b->last_tick = now;
  b->last_tick_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

static void
filtered_rows_cb (GListModel *rows, guint pos, guint removed, guint added, Bench *b)
{
  if (!b->t_filter_first && g_list_model_get_n_items (rows) > 0)
    b->t_filter_first = g_get_monotonic_time ();
}

/* Then every packet sorted by Source (a decode of each for its key). */
static gboolean
sort_done_cb (gpointer data)
{
  Bench *b = data;
  LscPacketList *list = lsc_window_get_packet_list (b->win);
  if (lsc_packet_list_is_sorting (list) || lsc_packet_list_is_filtering (list))
    return G_SOURCE_CONTINUE;
  b->done_source = 0;
  gint64 now = g_get_monotonic_time ();
  g_print ("sorted by Source: %.3f s (%u rows), longest gap between frames %.1f ms, longest main-loop stall %.1f ms, "
           "most main-thread CPU between two frames or ticks %.1f ms\n",
           (now - b->t_filter0) / 1e6, g_list_model_get_n_items (lsc_packet_list_get_rows (list)),
           b->max_frame_gap / 1e3, b->max_stall / 1e3, b->max_gap_cpu / 1e3);
  print_memory ("after sorting");
  g_idle_add_once ((GSourceOnceFunc) bench_quit, b);
  return G_SOURCE_REMOVE;
}

static gboolean
sort_begin_cb (gpointer data)
{
  Bench *b = data;
  LscPacketList *list = lsc_window_get_packet_list (b->win);
  b->max_frame_gap = b->max_stall = b->max_gap_cpu = 0;
  b->t_filter0 = b->last_tick = g_get_monotonic_time ();
  b->last_tick_cpu = b->last_frame_cpu = thread_cpu_us ();
  b->last_frame = 0;
  lsc_packet_list_sort_by (list, 2, FALSE);
  b->done_source = g_timeout_add (10, sort_done_cb, b);
  return G_SOURCE_REMOVE;
}

/* The filter cleared first (every row back at once), timed on its own. */
static void
start_sort (Bench *b)
{
  LscPacketList *list = lsc_window_get_packet_list (b->win);
  gint64 t0 = g_get_monotonic_time ();
  lsc_packet_list_set_filter_text (list, "");
  g_print ("filter cleared, every row back: %.1f ms\n", (g_get_monotonic_time () - t0) / 1e3);
  b->done_source = g_timeout_add (200, sort_begin_cb, b);
}

static gboolean
filter_done_cb (gpointer data)
{
  Bench *b = data;
  LscPacketList *list = lsc_window_get_packet_list (b->win);
  if (lsc_packet_list_is_filtering (list))
    return G_SOURCE_CONTINUE;
  b->done_source = 0;
  gint64 now = g_get_monotonic_time ();
  GListModel *rows = lsc_packet_list_get_rows (list);
  g_signal_handlers_disconnect_by_func (rows, filtered_rows_cb, b);
  g_print ("display filter '%s' applied: %.3f s (%u matching packets)\n", BENCH_FILTER,
           (now - b->t_filter0) / 1e6, g_list_model_get_n_items (rows));
  g_print ("  first matching rows shown: %.3f s\n", b->t_filter_first ? (b->t_filter_first - b->t_filter0) / 1e6 : -1.0);
  g_print ("  longest gap between frames: %.1f ms, longest main-loop stall: %.1f ms\n",
           b->max_frame_gap / 1e3, b->max_stall / 1e3);
  g_print ("  most main-thread CPU between two frames or ticks: %.1f ms\n", b->max_gap_cpu / 1e3);
  start_sort (b);
  return G_SOURCE_REMOVE;
}

static void
start_filter (Bench *b)
{
  LscPacketList *list = lsc_window_get_packet_list (b->win);
  GListModel *rows = lsc_packet_list_get_rows (list);
  b->t_filter_first = 0;
  b->max_frame_gap = b->max_stall = 0;
  g_signal_connect (rows, "items-changed", G_CALLBACK (filtered_rows_cb), b);
  b->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (b->win), filter_tick_cb, b, NULL);
  b->max_gap_cpu = 0;
  b->t_filter0 = b->last_tick = g_get_monotonic_time ();
  b->last_tick_cpu = thread_cpu_us ();
  b->last_frame = 0;
  b->stall_source = g_timeout_add (10, stall_cb, b);
  b->done_source = g_timeout_add (10, filter_done_cb, b);
  if (!lsc_packet_list_set_filter_text (list, BENCH_FILTER))
    lsc_benchmark_fail ("the benchmark's display filter did not compile");
  g_print ("display filter set (compiled, the old rows taken from the view): %.1f ms\n",
           (g_get_monotonic_time () - b->t_filter0) / 1e3);
  filtered_rows_cb (rows, 0, 0, 0, b);
}

/* --flow N with --benchmark-open: how long the flow panel takes to show a
 * long conversation and to scroll to its end, each until painted. */
static void
flow_paint_cb (GdkFrameClock *clock, Bench *b)
{
  gint64 now = g_get_monotonic_time ();
  LscFlowView *fv = lsc_window_get_flow_view (b->win);
  if (b->flow_stage == 1)
    {
      g_print ("flow of TCP stream %u: %u arrows, ladder built in %.3f s, painted after %.3f s\n", b->flow_stream,
               lsc_ladder_n_entries (lsc_flow_view_get_ladder (fv)), (b->t_flow1 - b->t_flow0) / 1e6,
               (now - b->t_flow0) / 1e6);
      GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (fv));
      b->t_flow0 = g_get_monotonic_time ();
      gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
      b->t_flow1 = g_get_monotonic_time ();
      b->flow_stage = 2;
      gtk_widget_queue_draw (GTK_WIDGET (fv));
    }
  else if (b->flow_stage == 2)
    {
      g_print ("flow scrolled to its last arrow: %.1f ms of work, painted after %.1f ms\n",
               (b->t_flow1 - b->t_flow0) / 1e3, (now - b->t_flow0) / 1e3);
      b->flow_stage = 3;
      g_signal_handlers_disconnect_by_func (clock, flow_paint_cb, b);
      g_idle_add_once ((GSourceOnceFunc) bench_quit, b);
    }
}

/* --flow N: show stream N in the flow panel, then time it (flow_paint_cb). */
static void
start_flow (Bench *b)
{
  LscWindow *w = b->win;
  LscFlowView *fv = lsc_window_get_flow_view (w);
  lsc_window_show_flow (w, TRUE);
  b->t_flow0 = g_get_monotonic_time ();
  LscLadder *l = lsc_session_build_stream_ladder (lsc_window_get_session (w), (guint) b->flow_stream);
  if (!l)
    {
      lsc_benchmark_fail ("--flow: there is no such TCP stream");
      g_idle_add_once ((GSourceOnceFunc) bench_quit, b);
      return;
    }
  lsc_flow_view_set_ladder (fv, l, 0);
  b->t_flow1 = g_get_monotonic_time ();
  b->flow_stage = 1;
  g_signal_connect (b->clock, "after-paint", G_CALLBACK (flow_paint_cb), b);
  gtk_widget_queue_draw (GTK_WIDGET (fv));
}

static void
analysed_cb (LscWindow *w, Bench *b)
{
  g_signal_handlers_disconnect_by_func (w, analysed_cb, b);
  g_print ("conversation analysis of every packet done: %.3f s, resident memory then: %.1f MB\n",
           (g_get_monotonic_time () - b->t0) / 1e6, lsc_benchmark_rss () / 1048576.0);
  LscConv *conv = lsc_session_lock_conv (lsc_window_get_session (w));
  gsize conv_bytes = conv ? lsc_conv_memory (conv) : 0;
  lsc_session_unlock_conv (lsc_window_get_session (w));
  g_print ("analysis records and conversations: %.1f MB\n", conv_bytes / 1048576.0);
  print_memory ("after the analysis");
  if (b->flow_stream >= 0)
    start_flow (b);
  else
    start_filter (b);
}

static void
phase_done_cb (GdkFrameClock *clock, PhaseHook *h)
{
  /* The first frame after selecting only. */
  if (h->b->stage == 2 && !h->b->t_phase[h->phase])
    h->b->t_phase[h->phase] = g_get_monotonic_time ();
}

/* How long a phase of that frame took: from the end of the last phase
 * before it that ran. */
static double
phase_ms (Bench *b, int phase)
{
  if (!b->t_phase[phase])
    return 0;
  gint64 from = b->t_scrolled;
  for (int p = 0; p < phase; p++)
    if (b->t_phase[p])
      from = b->t_phase[p];
  return (b->t_phase[phase] - from) / 1e3;
}

static void
after_paint_cb (GdkFrameClock *clock, Bench *b)
{
  gint64 now = g_get_monotonic_time ();
  if (b->stage == 0 && g_list_model_get_n_items (lsc_packet_list_get_rows (lsc_window_get_packet_list (b->win))) > 0)
    {
      b->t_first = now;
      b->stage = 1;
      if (!lsc_window_is_loading (b->win))
        b->t_indexed = now;
    }
  else if (b->stage == 2)
    {
      b->t_scroll = now;
      b->stage = 3;
      LscStore *store = lsc_window_get_store (b->win);
      guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
      g_print ("packets: %u\n", n);
      g_print ("first rows visible: %.3f s\n", (b->t_first - b->t0) / 1e6);
      g_print ("fully indexed: %.3f s\n", (b->t_indexed - b->t0) / 1e6);
      g_print ("resident memory: %.1f MB (store %.1f MB)\n", lsc_benchmark_rss () / 1048576.0,
               lsc_store_get_memory (store) / 1048576.0);
      print_memory ("once indexed");
      /* The handlers' work, then until the frame showing it is painted (with
       * GSK_RENDERER=cairo under Xvfb one full-window frame alone costs ~80 ms). */
      g_print ("scroll to end and select last packet: %.1f ms (painted after %.1f ms)\n",
               (b->t_scrolled - b->t_scroll0) / 1e3, (b->t_scroll - b->t_scroll0) / 1e3);
      /* Where that went: the calls themselves, then the frame's phases. */
      g_print ("  scroll the list to its end: %.1f ms (CPU %.1f ms)\n", (b->t_listed - b->t_scroll0) / 1e3,
               (b->cpu_listed - b->cpu_scroll0) / 1e3);
      g_print ("  select the last packet (list, tree, bytes, flow): %.1f ms (CPU %.1f ms)\n",
               (b->t_scrolled - b->t_listed) / 1e3, (b->cpu_scrolled - b->cpu_listed) / 1e3);
      g_print ("  until the frame starts: %.1f ms\n", phase_ms (b, PH_BEFORE_PAINT));
      g_print ("  frame update (tick callbacks): %.1f ms\n", phase_ms (b, PH_UPDATE));
      g_print ("  frame layout (measuring and binding rows): %.1f ms\n", phase_ms (b, PH_LAYOUT));
      g_print ("  frame paint: %.1f ms\n", phase_ms (b, PH_PAINT));
      if (lsc_window_is_analysing (b->win))
        g_signal_connect (b->win, "analysed", G_CALLBACK (analysed_cb), b);
      else
        analysed_cb (b->win, b);
    }
}

static void
loaded_cb (LscWindow *w, Bench *b)
{
  g_signal_handlers_disconnect_by_func (w, loaded_cb, b);
  b->t_indexed = g_get_monotonic_time ();
  if (b->stage == 0)
    b->t_first = b->t_indexed;
  LscPacketList *list = lsc_window_get_packet_list (w);
  guint n = g_list_model_get_n_items (lsc_packet_list_get_rows (list));
  b->cpu_scroll0 = thread_cpu_us ();
  b->t_scroll0 = g_get_monotonic_time ();
  lsc_packet_list_scroll_to_end (list);
  b->t_listed = g_get_monotonic_time ();
  b->cpu_listed = thread_cpu_us ();
  if (n)
    lsc_window_select_packet (w, n - 1);
  b->t_scrolled = g_get_monotonic_time ();
  b->cpu_scrolled = thread_cpu_us ();
  memset (b->t_phase, 0, sizeof b->t_phase);
  b->stage = 2;
  gtk_widget_queue_draw (GTK_WIDGET (w));
}

static void
failed_cb (LscWindow *w, const char *msg, Bench *b)
{
  lsc_benchmark_fail (msg);
  bench_quit (b);
}

void
lsc_benchmark_run (LscWindow *w, GFile *file, gint flow_stream)
{
  Bench *b = g_new0 (Bench, 1);
  b->win = w;
  b->flow_stream = flow_stream;
  gtk_widget_realize (GTK_WIDGET (w));
  b->clock = gtk_widget_get_frame_clock (GTK_WIDGET (w));
  b->paint_id = g_signal_connect (b->clock, "after-paint", G_CALLBACK (after_paint_cb), b);
  /* Connected after GTK's own handlers: each runs when that phase is done. */
  static const char *const phases[N_PHASES] = { "before-paint", "update", "layout", "paint" };
  for (int i = 0; i < N_PHASES; i++)
    {
      b->hooks[i] = (PhaseHook) { b, i };
      b->phase_ids[i] = g_signal_connect (b->clock, phases[i], G_CALLBACK (phase_done_cb), &b->hooks[i]);
    }
  g_signal_connect (w, "loaded", G_CALLBACK (loaded_cb), b);
  g_signal_connect (w, "load-failed", G_CALLBACK (failed_cb), b);
  b->t0 = g_get_monotonic_time ();
  lsc_window_open_file (w, file);
}

gboolean
lsc_benchmark_select_tcp (LscWindow *w)
{
  LscStore *store = lsc_window_get_store (w);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store)), pick = G_MAXUINT;
  for (guint i = 0; i < n && i < 10000; i++)
    {
      g_autoptr (LscPacketRow) row = g_list_model_get_item (G_LIST_MODEL (store), i);
      if (!(lsc_packet_row_get_has (row) & LSC_HAS_TCP))
        continue;
      if (pick == G_MAXUINT)
        pick = i;
      if (lsc_packet_row_get_tcp_flags (row) & LSC_TCP_SYN)
        {
          pick = i;
          break;
        }
    }
  if (pick == G_MAXUINT)
    return FALSE;
  lsc_window_select_packet (w, pick);
  LscLayerTree *tree = lsc_window_get_layer_tree (w);
  GListModel *rows = lsc_layer_tree_get_rows (tree);
  /* Select the TCP header so the hex view and anatomy bar show it highlighted. */
  for (guint i = 0; rows && i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr (GtkTreeListRow) r = g_list_model_get_item (rows, i);
      g_autoptr (LscLayerItem) item = gtk_tree_list_row_get_item (r);
      gint32 node = lsc_layer_item_get_node (item);
      if (node < 0)
        continue;
      const LscNode *nd = lsc_tree_node (lsc_layer_item_get_decoded (item)->tree, node);
      if (nd->field && nd->field->id && g_str_equal (nd->field->id, "tcp"))
        {
          /* Its role in the handshake when the analysis found one, else the header. */
          const LscTree *t = lsc_layer_item_get_decoded (item)->tree;
          gint32 role = lsc_tree_find (t, "tcp.conv.role");
          lsc_layer_tree_select_node (tree, role >= 0 ? role : node);
          break;
        }
    }
  return TRUE;
}

static void
shot_paint_cb (GdkFrameClock *clock, Bench *b)
{
  /* Two frames after selecting: the list has scrolled and every view has drawn. */
  if (++b->frames_after_select < 3)
    {
      gtk_widget_queue_draw (GTK_WIDGET (b->win));
      return;
    }
  g_autoptr (GError) error = NULL;
  if (!lsc_window_save_png (b->win, b->png, &error))
    lsc_benchmark_fail (error->message);
  else
    g_print ("%s\n", b->png);
  g_signal_handler_disconnect (b->clock, b->paint_id);
  b->paint_id = 0;
  g_idle_add_once ((GSourceOnceFunc) bench_quit, b);
}

static void
shot_loaded_cb (LscWindow *w, Bench *b)
{
  g_signal_handlers_disconnect_by_func (w, shot_loaded_cb, b);
  /* --flow picked the packet already. */
  if (!lsc_flow_view_get_ladder (lsc_window_get_flow_view (w)) && !lsc_window_get_lesson (w) && !lsc_benchmark_select_tcp (w))
    lsc_window_select_packet (w, 0);
  b->clock = gtk_widget_get_frame_clock (GTK_WIDGET (w));
  b->paint_id = g_signal_connect (b->clock, "after-paint", G_CALLBACK (shot_paint_cb), b);
  gtk_widget_queue_draw (GTK_WIDGET (w));
}

void
lsc_benchmark_screenshot (LscWindow *w, const char *path)
{
  Bench *b = g_new0 (Bench, 1);
  b->win = w;
  b->png = g_strdup (path);
  /* A picture of the settled window, not of a transition. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* After the analysis, so the picture shows handshake roles and TCP states. */
  g_signal_connect (w, "analysed", G_CALLBACK (shot_loaded_cb), b);
  g_signal_connect (w, "load-failed", G_CALLBACK (failed_cb), b);
}

typedef struct {
  GtkWindow *window;
  GdkFrameClock *clock;
  gulong paint_id;
  char *png;
  int frames;
} WindowShot;

static void
window_shot_paint_cb (GdkFrameClock *clock, WindowShot *s)
{
  /* A few frames: the labels have wrapped and the scrolled content settled. */
  if (++s->frames < 3)
    {
      gtk_widget_queue_draw (GTK_WIDGET (s->window));
      return;
    }
  g_signal_handler_disconnect (s->clock, s->paint_id);
  g_autoptr (GError) error = NULL;
  if (!lsc_widget_save_png (GTK_WIDGET (s->window), s->png, &error))
    lsc_benchmark_fail (error->message);
  else
    g_print ("%s\n", s->png);
  GApplication *app = G_APPLICATION (gtk_window_get_application (s->window));
  g_free (s->png);
  g_free (s);
  if (app)
    g_application_quit (app);
}

static void
window_shot_map_cb (GtkWidget *w, WindowShot *s)
{
  g_signal_handlers_disconnect_by_func (w, window_shot_map_cb, s);
  s->clock = gtk_widget_get_frame_clock (w);
  s->paint_id = g_signal_connect (s->clock, "after-paint", G_CALLBACK (window_shot_paint_cb), s);
  gtk_widget_queue_draw (w);
}

void
lsc_benchmark_screenshot_window (GtkWindow *window, const char *path)
{
  WindowShot *s = g_new0 (WindowShot, 1);
  s->window = window;
  s->png = g_strdup (path);
  /* A blinking cursor redraws the window between the paint and the picture. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, "gtk-cursor-blink", FALSE, NULL);
  if (gtk_widget_get_mapped (GTK_WIDGET (window)))
    window_shot_map_cb (GTK_WIDGET (window), s);
  else
    g_signal_connect (window, "map", G_CALLBACK (window_shot_map_cb), s);
}

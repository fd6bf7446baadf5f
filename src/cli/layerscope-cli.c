/* SPDX-License-Identifier: GPL-3.0-or-later */
/* layerscope-cli — the command-line twin of the Layerscope app
 *
 * Reads a capture file (-r), standard input (-r -) or a live interface (-i)
 * and prints each frame as a summary line, a layered tree (-V), a hex dump
 * (-x), JSON or fields; subcommands (ping, arp, ...) craft and send frames.
 *
 * Every source hands its frames to process_packet(): decode, then
 * process_tree(): analyse, filter, print.  A file is decoded on two threads
 * (lsc-cli-reader), which hand their trees to frame_order() (analyse,
 * filter) in capture order, one thread at a time, format the frames shown
 * with print_packet() side by side, and write the texts out in order.
 * Output goes through one big buffer that is
 * written out in large blocks, and the trees are reused from frame to frame,
 * so the summary pass allocates nothing per frame.  A new source only needs
 * a loop that calls process_packet() until it returns FALSE, between
 * output_begin() and output_end().
 *
 * Exit status: 0 done, 1 the input could not be read (missing, corrupt or
 * truncated file: the frames before the damage are still printed), 2 a bad
 * command line (option value, filter, field name).
 */
#include "lsc-config.h"
#include "core/lsc-dissect.h"
#include "core/lsc-filter.h"
#include "core/lsc-format.h"
#include "core/lsc-i18n.h"
#include "core/lsc-layers.h"
#include "core/lsc-output.h"
#include "capture/lsc-capture-file.h"
#include "capture/lsc-capture-writer.h"
#include "cli/lsc-cli-craft.h"
#include "cli/lsc-cli-exit.h"
#include "cli/lsc-cli-conv.h"
#include "cli/lsc-cli-follow.h"
#include "cli/lsc-cli-live.h"
#include "cli/lsc-cli-reader.h"
#include "cli/lsc-cli-stats.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Write the output buffer out when it grows past this. */
#define OUT_FLUSH_AT (1 << 16)

typedef enum {
  OUT_TEXT,
  OUT_JSON,    /* one JSON array, one frame object per line */
  OUT_JSONL,   /* one frame object per line, no array around them */
  OUT_EK,      /* tshark's -T ek: an index line and a flat document line per frame */
  OUT_FIELDS,
  OUT_PDML,    /* tshark's -T pdml: the trees as XML */
  OUT_PSML,    /* tshark's -T psml: the summary columns as XML */
} OutputMode;

typedef struct {
  /* Options as given. */
  char *read_file;
  gboolean verbose;
  gboolean hex;
  gboolean no_fast;     /* build full trees even for summary lines (to check the fast path) */
  gboolean one_thread;  /* decode files on the main thread too (to measure, and to compare) */
  gboolean two_pass;    /* -2: analyse the whole file before printing */
  gint count;
  char *model_name;
  gint prefix;
  gboolean list_fields;
  gboolean version;
  gboolean no_oui;
  char *output_type;
  gboolean no_json_labels;  /* -T json/jsonl without each node's label and display */
  char **field_ids;
  char **field_opts;
  char *display_filter;
  gboolean line_buffered;
  gboolean no_resolve;  /* -n: accepted; no names are resolved anyway */
  gboolean quiet;       /* -q: no packet lines (statistics only) */
  gboolean print_too;   /* -P: packet lines even while writing -w */
  gboolean ascii;       /* -A: the frame after its link header as ASCII */
  char *time_format_name;
  char **stats;         /* -z */
  LscCliLiveOptions live;   /* -D, -i and the capture options */

  /* Derived from the options. */
  OutputMode mode;
  LscModel model;
  LscDissectOptions dopt;
  LscFilter *filter;
  LscFieldsOutput *fields;
  LscTimeFormat time_format;
  LscCliStats *zstats;
  LscCaptureWriter *writer;  /* -r with -w: the frames that pass -Y */
  gboolean print;            /* packet lines are printed */

  /* Per-run state. */
  LscTree *tree;       /* frames decoded on this thread (live capture, --one-thread) */
  gboolean summary_only;
  LscCliConv *conv;    /* conversation analysis, --conversations, --flow */
  LscCliFollow *follow; /* -z follow,... */
  GString *out;
  guint64 shown;       /* frames printed (-c counts these) */
  gint64 prev_shown_ns; /* time of the previous frame shown (-t dd) */
  gboolean started;    /* output_begin() done */
  int write_errno;     /* standard output failed (disk full): stop and say so */
  gboolean write_failed; /* -w failed (already said why) */
} Cli;

/* Write buf to standard output; returns 0 or the errno of the failure. */
static int
write_stdout (const char *buf, gsize len)
{
  errno = 0;
  if ((len && fwrite (buf, 1, len, stdout) != len) || fflush (stdout) != 0)
    return errno ? errno : EIO;
  return 0;
}

static int
print_field_list (void)
{
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < lsc_fields_count (); i++)
    {
      const LscField *f = lsc_fields_nth (i);
      if (f->id[0] == '_')
        continue;
      g_string_append_printf (out, "%s\t%s\t%s\n", f->id, _(f->name), f->blurb ? _(f->blurb) : "");
    }
  int e = write_stdout (out->str, out->len);
  g_string_free (out, TRUE);
  return e;
}

static void G_GNUC_PRINTF (1, 2)
complain (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  fprintf (stderr, "layerscope-cli: %s\n", msg);
}

/* ---------------------------------------------------------------- output */

static void
output_flush (Cli *cli)
{
  int e = write_stdout (cli->out->str, cli->out->len);
  g_string_truncate (cli->out, 0);
  if (e && !cli->write_errno)
    cli->write_errno = e;
}

static void
output_begin (Cli *cli)
{
  if (cli->started)
    return;
  cli->started = TRUE;
  if (cli->mode == OUT_JSON)
    g_string_append (cli->out, "[\n");
  else if (cli->mode == OUT_PDML)
    lsc_output_pdml_begin (cli->out, cli->read_file);
  else if (cli->mode == OUT_PSML)
    lsc_output_psml_begin (cli->out);
  else if (cli->mode == OUT_FIELDS && lsc_fields_output_get_header (cli->fields))
    lsc_fields_output_header (cli->fields, cli->out);
}

/* Close what output_begin() opened, so the output is complete even when
 * reading stopped at a damaged record. */
static void
output_end (Cli *cli)
{
  output_begin (cli);
  if (cli->mode == OUT_JSON)
    g_string_append (cli->out, cli->shown ? "\n]\n" : "]\n");
  else if (cli->mode == OUT_PDML)
    lsc_output_pdml_end (cli->out);
  else if (cli->mode == OUT_PSML)
    lsc_output_psml_end (cli->out);
  output_flush (cli);
}

/* -A, as tcpdump prints it: the frame after its link-layer header, printable
 * ASCII and line ends kept, every other byte a dot. */
static void
format_ascii (const LscTree *tree, GString *out)
{
  const LscPacket *pkt = lsc_tree_packet (tree);
  const LscPinfo *pi = lsc_tree_pinfo_const (tree);
  guint32 from = pi->l3_len ? MIN (pi->l3_off, pkt->caplen) : 0;
  for (guint32 i = from; i < pkt->caplen; i++)
    {
      guint8 c = pkt->data[i];
      if (c == '\r' && i + 1 < pkt->caplen && pkt->data[i + 1] == '\n')
        continue;
      g_string_append_c (out, (c >= 0x20 && c < 0x7f) || c == '\n' ? (char) c : '.');
    }
  g_string_append (out, "\n\n");
}

static void
scratch_free (gpointer s)
{
  g_string_free (s, TRUE);
}

/* A scratch string of the calling thread's own (frames are formatted on
 * both reading threads). */
static GString *
thread_scratch (void)
{
  static GPrivate key = G_PRIVATE_INIT (scratch_free);
  GString *s = g_private_get (&key);
  if (G_UNLIKELY (!s))
    {
      s = g_string_sized_new (64);
      g_private_set (&key, s);
    }
  return s;
}

/* The text of one frame shown, from its tree and what frame_order() noted:
 * reads nothing else that changes while reading. */
static void
print_packet (const Cli *cli, const LscTree *tree, const LscCliFrameNote *note, GString *out)
{
  const LscPacket *pkt = lsc_tree_packet (tree);

  switch (cli->mode)
    {
    case OUT_TEXT:
      if (cli->time_format == LSC_TIME_RELATIVE)
        lsc_format_summary_line (tree, out);
      else
        {
          GString *scratch = thread_scratch ();
          g_string_truncate (scratch, 0);
          lsc_format_time (cli->time_format, pkt, note->shown_before ? note->prev_shown_ns : pkt->ts_ns, scratch);
          lsc_format_summary_line_time (tree, scratch->str, out);
        }
      if (cli->verbose)
        {
          lsc_format_tree_text (tree, cli->model, TRUE, out);
          g_string_append_c (out, '\n');
        }
      if (cli->hex)
        {
          lsc_format_hexdump (pkt->data, pkt->caplen, out);
          g_string_append_c (out, '\n');
        }
      if (cli->ascii)
        format_ascii (tree, out);
      break;
    case OUT_JSON:
    case OUT_JSONL:
      if (cli->mode == OUT_JSON && note->shown_before)
        g_string_append (out, ",\n");
      lsc_output_json_packet_full (tree, cli->model, cli->no_json_labels ? LSC_JSON_COMPACT : LSC_JSON_LABELS, out);
      if (cli->mode == OUT_JSONL)
        g_string_append_c (out, '\n');
      break;
    case OUT_EK:
      lsc_output_ek_packet (tree, out);
      break;
    case OUT_FIELDS:
      /* The row is made in frame_order(): the fields output has state. */
      break;
    case OUT_PDML:
      lsc_output_pdml_packet (tree, out);
      break;
    case OUT_PSML:
      {
        GString *scratch = thread_scratch ();
        g_string_truncate (scratch, 0);
        lsc_format_time (cli->time_format, pkt, note->shown_before ? note->prev_shown_ns : pkt->ts_ns, scratch);
        lsc_output_psml_packet (tree, scratch->str, out);
      }
      break;
    }
}

/* ---------------------------------------------------------------- per frame */

/* One decoded frame, in capture order: analyse it, filter it, note whether
 * and how it is shown (-T fields rows are made here, into early).  Returns
 * FALSE when the source should stop (the -c count is reached). */
static gboolean
frame_order (Cli *cli, LscTree *tree, LscCliFrameNote *note, GString *early)
{
  note->show = FALSE;
  if (cli->count >= 0 && cli->shown >= (guint64) cli->count)
    return FALSE;
  /* Analysis that needs every frame in order (conversations) goes here,
   * before the filter drops any; with --flow the ladder replaces the lines. */
  lsc_cli_stats_packet (cli->zstats, tree);
  gboolean lines = lsc_cli_conv_packet (cli->conv, tree);
  lines &= lsc_cli_follow_packet (cli->follow, lsc_cli_conv_get_analysis (cli->conv), tree);
  if (!lines)
    return TRUE;
  if (!lsc_filter_match (cli->filter, tree))
    return TRUE;
  const LscPacket *pkt = lsc_tree_packet (tree);
  if (cli->writer)
    {
      g_autoptr (GError) err = NULL;
      if (!lsc_capture_writer_write (cli->writer, pkt, &err))
        {
          complain ("%s", err->message);
          cli->write_failed = TRUE;
          return FALSE;
        }
    }
  if (cli->print)
    {
      note->show = TRUE;
      note->shown_before = cli->shown;
      note->prev_shown_ns = cli->prev_shown_ns;
      if (cli->mode == OUT_FIELDS)
        lsc_fields_output_row (cli->fields, tree, early);
    }
  cli->shown++;
  cli->prev_shown_ns = pkt->ts_ns;
  return cli->count < 0 || cli->shown < (guint64) cli->count;
}

/* One decoded frame on this thread: analyse, filter, print. */
static gboolean
process_tree (Cli *cli, LscTree *tree)
{
  LscCliFrameNote note;
  gboolean go_on = frame_order (cli, tree, &note, cli->out);
  if (note.show)
    print_packet (cli, tree, &note, cli->out);
  if (cli->line_buffered || cli->out->len > OUT_FLUSH_AT)
    output_flush (cli);
  return go_on && !cli->write_errno;
}

/* The reading threads' three steps (lsc-cli-reader.h). */
static gboolean
frame_order_cb (gpointer data, LscTree *tree, LscCliFrameNote *note, GString *early)
{
  return frame_order (data, tree, note, early);
}

static void
format_frame_cb (gpointer data, const LscTree *tree, const LscCliFrameNote *note, GString *out)
{
  print_packet (data, tree, note, out);
}

static gboolean
write_frames_cb (gpointer data, const char *text, gsize len)
{
  Cli *cli = data;
  if (cli->out->len)
    output_flush (cli);  /* what came before the frames ("[" of -T json) */
  int e = cli->write_errno ? 0 : write_stdout (text, len);
  if (e)
    cli->write_errno = e;
  return !cli->write_errno;
}

/* One frame from any source, decoded here. */
static gboolean
process_packet (Cli *cli, const LscPacket *pkt)
{
  lsc_dissect (cli->tree, pkt, &cli->dopt);
  return process_tree (cli, cli->tree);
}

/* ---------------------------------------------------------------- sources */

static int
run_file (Cli *cli, const char *path)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (LscCaptureFile) f = lsc_capture_file_open (path, &err);
  if (!f)
    {
      complain ("%s", err->message);
      return LSC_CLI_EXIT_FILE;
    }
  if (cli->live.write_file)
    {
      /* pcap for ".pcap", pcapng otherwise, as a live capture; "-" is
       * standard output, then in pcap, the format every reader takes. */
      int lt = lsc_capture_file_linktype (f);
      guint32 snaplen = lsc_capture_file_snaplen (f);
      if (g_str_equal (cli->live.write_file, "-"))
        cli->writer = lsc_capture_writer_new_for_fd (1, LSC_CAPTURE_FORMAT_PCAP, lt, snaplen, NULL, &err);
      else
        cli->writer = lsc_capture_writer_new (cli->live.write_file, NULL,
                                              lsc_capture_format_for_path (cli->live.write_file), lt, snaplen,
                                              NULL, &err);
      if (!cli->writer)
        {
          complain ("%s", err->message);
          return LSC_CLI_EXIT_FILE;
        }
    }
  if (cli->two_pass)
    {
      /* The first pass: only the analysis sees the frames. */
      g_autoptr (LscCaptureFile) f1 = lsc_capture_file_open (path, &err);
      g_autoptr (LscTree) t1 = lsc_tree_new ();
      lsc_tree_set_summary_only (t1, TRUE);
      LscPacket pkt;
      int r1 = 0;
      while (f1 && (r1 = lsc_capture_file_next (f1, &pkt, &err)) > 0)
        {
          lsc_dissect (t1, &pkt, &cli->dopt);
          lsc_cli_conv_first_pass (cli->conv, t1);
        }
      lsc_cli_conv_first_pass_end (cli->conv);
      /* A damaged file is reported by the second pass, which prints what comes before. */
      g_clear_error (&err);
      (void) r1;
    }
  output_begin (cli);
  int r;
  /* Two threads only where reading never waits: on a pipe a batch would
   * hold lines back (and -c would wait for frames it does not need). */
  if (cli->one_thread || cli->line_buffered || g_get_num_processors () < 2 || !lsc_capture_file_is_regular (f))
    {
      LscPacket pkt;
      while ((r = lsc_capture_file_next (f, &pkt, &err)) > 0)
        if (!process_packet (cli, &pkt))
          break;
    }
  else
    {
      /* Two threads decode and format; frame_order() sees the frames in order. */
      r = lsc_cli_read_parallel (f, &cli->dopt, cli->summary_only, frame_order_cb, format_frame_cb,
                                 write_frames_cb, cli, &err);
    }
  output_end (cli);
  if (!lsc_cli_conv_report (cli->conv, cli->out) || !lsc_cli_follow_report (cli->follow, cli->out))
    return LSC_CLI_EXIT_USAGE;
  lsc_cli_stats_report (cli->zstats, cli->out);
  output_flush (cli);
  if (r < 0)
    complain ("%s", err->message);
  if (cli->writer)
    {
      /* The counters the capture kept travel with its frames, as editcap
       * keeps them. */
      for (guint i = 0; i < lsc_capture_file_n_interface_stats (f); i++)
        lsc_capture_writer_add_stats (cli->writer, lsc_capture_file_interface_stats (f, i));
      /* What was read before damage is still written and kept. */
      g_autoptr (GError) werr = NULL;
      if (!lsc_capture_writer_commit (cli->writer, &werr))
        {
          complain ("%s", werr->message);
          cli->write_failed = TRUE;
        }
    }
  return r < 0 || cli->write_failed ? LSC_CLI_EXIT_FILE : 0;
}

/* Live capture: pkt NULL means "idle", the moment to show what is buffered. */
static gboolean
live_packet (gpointer data, const LscPacket *pkt)
{
  Cli *cli = data;
  if (!pkt)
    {
      output_flush (cli);
      return TRUE;
    }
  return process_packet (cli, pkt);
}

static int
run_live (Cli *cli)
{
  output_begin (cli);
  int status = lsc_cli_run_live (&cli->live, live_packet, cli);
  output_end (cli);
  if ((!lsc_cli_conv_report (cli->conv, cli->out) || !lsc_cli_follow_report (cli->follow, cli->out)) && status == 0)
    status = LSC_CLI_EXIT_USAGE;
  lsc_cli_stats_report (cli->zstats, cli->out);
  output_flush (cli);
  return status;
}

/* ---------------------------------------------------------------- set-up */

static gboolean
parse_output_type (const char *s, OutputMode *mode)
{
  if (!s || g_str_equal (s, "text"))
    *mode = OUT_TEXT;
  else if (g_str_equal (s, "json"))
    *mode = OUT_JSON;
  else if (g_str_equal (s, "jsonl") || g_str_equal (s, "ndjson"))
    *mode = OUT_JSONL;
  else if (g_str_equal (s, "ek"))
    *mode = OUT_EK;
  else if (g_str_equal (s, "fields"))
    *mode = OUT_FIELDS;
  else if (g_str_equal (s, "pdml"))
    *mode = OUT_PDML;
  else if (g_str_equal (s, "psml"))
    *mode = OUT_PSML;
  else
    return FALSE;
  return TRUE;
}

/* Check the option values and build what they describe.  Returns 0 or the
 * exit status, after printing the one-line reason. */
static int
cli_prepare (Cli *cli)
{
  g_autoptr (GError) err = NULL;

  cli->model = LSC_MODEL_OSI;
  if (cli->model_name && !lsc_model_from_string (cli->model_name, &cli->model))
    {
      complain (_("unknown model '%s' (use osi, tcpip4 or tcpip5)"), cli->model_name);
      return LSC_CLI_EXIT_USAGE;
    }
  if (cli->prefix < 0 || cli->prefix > 32)
    {
      complain (_("--prefix must be between 0 and 32, not %d"), cli->prefix);
      return LSC_CLI_EXIT_USAGE;
    }
  if (cli->count < -1 || cli->count == 0)
    {
      complain (_("-c needs a count of at least 1, not %d"), cli->count);
      return LSC_CLI_EXIT_USAGE;
    }
  cli->time_format = LSC_TIME_RELATIVE;
  if (cli->time_format_name && !lsc_time_format_from_string (cli->time_format_name, &cli->time_format))
    {
      complain (_("unknown time format '%s' for -t (use r, a, ad, d, dd, e, u or ud)"), cli->time_format_name);
      return LSC_CLI_EXIT_USAGE;
    }
  if (cli->read_file && (cli->live.filter || cli->live.autostop || cli->live.snaplen || cli->live.no_promisc))
    {
      /* Capture options do nothing to a file: say so rather than ignore them. */
      complain (_("%s applies to a live capture (-i), not to reading a file with -r%s"),
                cli->live.filter ? "-f" : cli->live.autostop ? "-a" : cli->live.snaplen ? "-s" : "-p",
                cli->live.filter ? _(" (use -Y FILTER to select packets)") : "");
      return LSC_CLI_EXIT_USAGE;
    }
  if (!parse_output_type (cli->output_type, &cli->mode))
    {
      complain (_("unknown output type '%s' for -T (use text, json, jsonl, ek, fields, pdml or psml)"), cli->output_type);
      return LSC_CLI_EXIT_USAGE;
    }
  if (cli->no_json_labels && cli->mode != OUT_JSON && cli->mode != OUT_JSONL)
    {
      complain (_("--no-json-labels needs -T json or -T jsonl"));
      return LSC_CLI_EXIT_USAGE;
    }
  guint n_ids = cli->field_ids ? g_strv_length (cli->field_ids) : 0;
  if (cli->mode == OUT_FIELDS)
    {
      if (n_ids == 0)
        {
          complain (_("-T fields needs at least one -e FIELD (e.g. -e ip.src -e ip.dst)"));
          return LSC_CLI_EXIT_USAGE;
        }
      cli->fields = lsc_fields_output_new ((const char *const *) cli->field_ids, n_ids, &err);
      if (!cli->fields)
        {
          complain ("-e: %s", err->message);
          return LSC_CLI_EXIT_USAGE;
        }
      lsc_fields_output_set_time_format (cli->fields, cli->time_format);
      for (char **o = cli->field_opts; o && *o; o++)
        if (!lsc_fields_output_set_option (cli->fields, *o, &err))
          {
            complain ("-E: %s", err->message);
            return LSC_CLI_EXIT_USAGE;
          }
    }
  else if (n_ids || cli->field_opts)
    {
      complain (_("%s needs -T fields"), n_ids ? "-e" : "-E");
      return LSC_CLI_EXIT_USAGE;
    }
  if (cli->display_filter)
    {
      guint col = 0;
      cli->filter = lsc_filter_compile (cli->display_filter, &col, &err);
      if (!cli->filter)
        {
          complain (_("filter: %s at column %u"), err->message, col);
          return LSC_CLI_EXIT_FILTER;
        }
    }
  /* -z: follow takes its own forms, the tables the rest. */
  cli->follow = lsc_cli_follow_new ();
  g_autoptr (GPtrArray) tables = g_ptr_array_new ();
  for (char **z = cli->stats; z && *z; z++)
    if (!lsc_cli_follow_take (cli->follow, *z, &err))
      {
        if (err)
          {
            complain ("%s", err->message);
            return LSC_CLI_EXIT_USAGE;
          }
        g_ptr_array_add (tables, *z);
      }
  g_ptr_array_add (tables, NULL);
  cli->zstats = lsc_cli_stats_new ((const char *const *) tables->pdata, &err);
  if (!cli->zstats && err)
    {
      complain ("-z: %s", err->message);
      return LSC_CLI_EXIT_USAGE;
    }
  /* As tshark: writing a file prints no packet lines unless -P asks; -q
   * keeps only what comes at the end (-z, --conversations). */
  cli->print = !cli->quiet && (!cli->live.write_file || !cli->read_file || cli->print_too);
  if (cli->read_file && g_strcmp0 (cli->live.write_file, "-") == 0 && cli->print_too)
    {
      complain (_("-P cannot print packet lines while -w - writes the capture to standard output"));
      return LSC_CLI_EXIT_USAGE;
    }
  lsc_dissect_options_init (&cli->dopt);
  cli->dopt.ipv4_prefix = (guint) cli->prefix;
  cli->dopt.resolve_oui = !cli->no_oui;
  cli->tree = lsc_tree_new ();
  /* Plain summary lines need only the headers and the packet digest: skip
   * building every field (a large capture reads several times faster). */
  cli->summary_only = (cli->mode == OUT_TEXT || cli->mode == OUT_PSML) && !cli->verbose && !cli->hex && !cli->ascii && !cli->filter &&
                      !cli->no_fast && !lsc_cli_stats_needs_trees (cli->zstats);
  lsc_tree_set_summary_only (cli->tree, cli->summary_only);
  cli->conv = lsc_cli_conv_new (&err);
  if (!cli->conv)
    {
      complain ("%s", err->message);
      return LSC_CLI_EXIT_USAGE;
    }
  cli->dopt.tcp_info_by_analysis = lsc_cli_conv_analyses (cli->conv);
  cli->dopt.reassemble = lsc_cli_conv_analyses (cli->conv);
  if (cli->two_pass && (!cli->read_file || g_str_equal (cli->read_file, "-")))
    {
      complain (_("-2 needs a capture file to read twice (-r FILE, not standard input)"));
      return LSC_CLI_EXIT_USAGE;
    }
  if (cli->two_pass && !lsc_cli_conv_set_two_pass (cli->conv))
    {
      complain (_("-2 cannot be combined with --no-analysis"));
      return LSC_CLI_EXIT_USAGE;
    }
  if (lsc_cli_follow_active (cli->follow) && !lsc_cli_conv_analyses (cli->conv))
    {
      complain ("-z follow needs the conversation analysis: leave out --no-analysis");
      return LSC_CLI_EXIT_USAGE;
    }
  cli->out = g_string_sized_new (OUT_FLUSH_AT + (1 << 14));
  return 0;
}

static void
cli_clear (Cli *cli)
{
  g_clear_pointer (&cli->tree, lsc_tree_free);
  g_clear_pointer (&cli->conv, lsc_cli_conv_free);
  g_clear_pointer (&cli->follow, lsc_cli_follow_free);
  g_clear_pointer (&cli->filter, lsc_filter_free);
  g_clear_pointer (&cli->fields, lsc_fields_output_free);
  g_clear_pointer (&cli->zstats, lsc_cli_stats_free);
  g_clear_pointer (&cli->writer, lsc_capture_writer_free);
  g_free (cli->time_format_name);
  if (cli->out)
    g_string_free (cli->out, TRUE);
  g_free (cli->read_file);
  g_free (cli->model_name);
  g_free (cli->output_type);
  g_free (cli->display_filter);
  g_strfreev (cli->stats);
  g_strfreev (cli->field_ids);
  g_strfreev (cli->field_opts);
  lsc_cli_live_options_clear (&cli->live);
}

/* Returns 0 to go on, or the exit status. */
static int
cli_parse_options (Cli *cli, int *argc, char ***argv)
{
  GOptionEntry entries[] = {
    { "read-file", 'r', 0, G_OPTION_ARG_FILENAME, &cli->read_file, N_("Read packets from FILE (pcap or pcapng; - for standard input)"), N_("FILE") },
    { "verbose", 'V', 0, G_OPTION_ARG_NONE, &cli->verbose, N_("Print the full layer tree of each packet"), NULL },
    { "hex", 'x', 0, G_OPTION_ARG_NONE, &cli->hex, N_("Add a hex and ASCII dump of each packet"), NULL },
    /* The crafting commands call it --hexdump (their --hex is payload bytes). */
    { "hexdump", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &cli->hex, N_("Same as --hex"), NULL },
    { "full-trees", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &cli->no_fast, N_("Build the whole tree even for summary lines"), NULL },
    { "one-thread", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &cli->one_thread, N_("Decode a file on the main thread instead of a reader thread"), NULL },
    { "two-pass", '2', 0, G_OPTION_ARG_NONE, &cli->two_pass, N_("With -r FILE: read the file twice, as tshark -2: the first pass analyses every packet, so each line can say what only later packets tell (the frame that reassembles a fragment, the reply to a request)"), NULL },
    { "count", 'c', 0, G_OPTION_ARG_INT, &cli->count, N_("Stop after printing N packets"), N_("N") },
    { "display-filter", 'Y', 0, G_OPTION_ARG_STRING, &cli->display_filter, N_("Print only packets that match FILTER (e.g. \"tcp.port == 80 and not arp\")"), N_("FILTER") },
    { "output-type", 'T', 0, G_OPTION_ARG_STRING, &cli->output_type, N_("Output format: text (default), json, jsonl, ek (Elasticsearch bulk, as tshark), fields, pdml (the trees as XML) or psml (the summary columns as XML)"), N_("TYPE") },
    { "no-json-labels", 0, 0, G_OPTION_ARG_NONE, &cli->no_json_labels, N_("With -T json or jsonl: leave out each node's label and display (the compact form: id, name, value, offset, length, flags, children)"), NULL },
    { "field", 'e', 0, G_OPTION_ARG_STRING_ARRAY, &cli->field_ids, N_("With -T fields: print this field (repeat for more columns)"), N_("FIELD") },
    { "field-option", 'E', 0, G_OPTION_ARG_STRING_ARRAY, &cli->field_opts, N_("With -T fields: header=y|n, separator=/t|/s|C, aggregator=C, quote=d|s|n, occurrence=a|f|l"), N_("OPT=VALUE") },
    { "line-buffered", 'l', 0, G_OPTION_ARG_NONE, &cli->line_buffered, N_("Write each packet out as soon as it is printed"), NULL },
    { "time-format", 't', 0, G_OPTION_ARG_STRING, &cli->time_format_name, N_("Time column: r since the first frame (default), a/ad local time (and date), u/ud UTC, d since the previous frame, dd since the previous frame shown, e seconds since 1970"), N_("FORMAT") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &cli->quiet, N_("Print no packet lines, only what comes at the end (-z, --conversations)"), NULL },
    { "print", 'P', 0, G_OPTION_ARG_NONE, &cli->print_too, N_("With -r and -w: print the packet lines too"), NULL },
    { "statistics", 'z', 0, G_OPTION_ARG_STRING_ARRAY, &cli->stats, N_("As tshark -z: after the packets, conv,eth|ip|tcp|udp prints the conversations and io,stat,SECONDS frames and bytes per interval; follow,tcp|udp,ascii|hex|raw,N prints the payload of TCP or UDP stream N, each end's bytes in order, instead of the packet lines"), N_("STAT") },
    { "ascii", 'A', 0, G_OPTION_ARG_NONE, &cli->ascii, N_("After each summary line, the frame without its link-layer header as ASCII (as tcpdump -A)"), NULL },
    { "no-resolve", 'n', 0, G_OPTION_ARG_NONE, &cli->no_resolve, N_("Resolve no names (the default: accepted for tshark and tcpdump habits, also as -nn)"), NULL },
    { "model", 0, 0, G_OPTION_ARG_STRING, &cli->model_name, N_("Group the tree by network model: osi, tcpip4 or tcpip5 (default osi)"), N_("MODEL") },
    { "prefix", 0, 0, G_OPTION_ARG_INT, &cli->prefix, N_("IPv4 prefix length for subnet analysis (e.g. 24)"), N_("BITS") },
    { "no-vendor", 0, 0, G_OPTION_ARG_NONE, &cli->no_oui, N_("Do not look up MAC vendors"), NULL },
    { "list-fields", 0, 0, G_OPTION_ARG_NONE, &cli->list_fields, N_("List every field id with its name and explanation"), NULL },
    { "version", 'v', 0, G_OPTION_ARG_NONE, &cli->version, N_("Print the version"), NULL },
    { "list-interfaces", 'D', 0, G_OPTION_ARG_NONE, &cli->live.list, N_("List the interfaces a live capture can use, with addresses and flags"), NULL },
    { "interface", 'i', 0, G_OPTION_ARG_STRING, &cli->live.iface, N_("Capture live on IFACE (or any); runs the capture helper when needed"), N_("IFACE") },
    { "capture-filter", 'f', 0, G_OPTION_ARG_STRING, &cli->live.filter, N_("With -i: BPF capture filter (e.g. \"icmp or arp\")"), N_("BPF") },
    { "write-file", 'w', 0, G_OPTION_ARG_FILENAME, &cli->live.write_file, N_("Save the frames as FILE (.pcap or .pcapng): with -i every frame (without -w a temporary file is kept), with -r those that pass -Y (- for pcap on standard output)"), N_("FILE") },
    { "autostop", 'a', 0, G_OPTION_ARG_STRING, &cli->live.autostop, N_("With -i: stop after duration:SECONDS"), N_("duration:S") },
    { "snapshot-length", 's', 0, G_OPTION_ARG_INT, &cli->live.snaplen, N_("With -i: keep at most N bytes of each frame"), N_("N") },
    { "no-promiscuous-mode", 'p', 0, G_OPTION_ARG_NONE, &cli->live.no_promisc, N_("With -i: do not put the interface into promiscuous mode"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new (_("[FILTER]"));
  g_option_context_set_summary (ctx, _("See network frames layer by layer."));
  g_option_context_set_description (ctx, _("Commands: ping, arp, tcp, udp, ether and connect send frames and show the replies; lab builds a classroom network in namespaces.  See layerscope-cli COMMAND --help.\n\nA FILTER after the options is the display filter (-Y) when reading a file, the capture filter (-f) when capturing live.\n\nExit status (as tshark): 0 done, 1 bad command line or a live capture that cannot start, 2 a capture file that cannot be read or written, or a display filter that does not compile."));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (ctx, lsc_cli_conv_option_group ());
  g_autoptr (GError) err = NULL;
  if (!g_option_context_parse (ctx, argc, argv, &err))
    {
      complain ("%s", err->message);
      return LSC_CLI_EXIT_USAGE;
    }
  if (*argc > 1)
    {
      /* As tshark: the words left over are a filter, for the packets shown
       * when reading a file and for the packets captured when live. */
      g_autofree char *words = g_strjoinv (" ", *argv + 1);
      char **slot = cli->live.iface ? &cli->live.filter : &cli->display_filter;
      if (*slot)
        {
          complain (_("a filter was given both with %s and after the options ('%s')"), cli->live.iface ? "-f" : "-Y", words);
          return LSC_CLI_EXIT_USAGE;
        }
      *slot = g_steal_pointer (&words);
    }
  return 0;
}

/* Read from the source the options name; returns the exit status. */
static int
cli_run (Cli *cli)
{
  if (cli->live.list)
    return lsc_cli_list_interfaces ();
  if (cli->live.iface && cli->read_file)
    {
      complain (_("give either -r FILE or -i IFACE, not both"));
      return LSC_CLI_EXIT_USAGE;
    }
  if (cli->live.iface)
    return run_live (cli);
  if (cli->read_file)
    {
      lsc_capture_file_catch_sigbus ();
      return run_file (cli, cli->read_file);
    }
  complain (_("nothing to read: give -r FILE or -i IFACE (see --help)"));
  return LSC_CLI_EXIT_USAGE;
}

/* ping, tcpdump and tshark users type -c3 and -s96: GOption wants -c 3.
 * Split an argument that is one option letter followed only by digits; no
 * flag of ours takes digits glued to it, so nothing else changes meaning.
 * Returns a new argv; *owned holds the strings made here. */
static char **
split_glued_numbers (int argc, char **argv, GPtrArray *owned)
{
  char **out = g_new0 (char *, 2 * (gsize) argc + 1);
  int n = 0;
  gboolean done = FALSE;
  for (int i = 0; i < argc; i++)
    {
      const char *a = argv[i];
      if (g_strcmp0 (a, "--") == 0)
        done = TRUE;
      if (!done && i > 0 && a[0] == '-' && g_ascii_isalpha (a[1]) && g_ascii_isdigit (a[2]) &&
          strspn (a + 2, "0123456789") == strlen (a + 2))
        {
          char *opt = g_strndup (a, 2), *val = g_strdup (a + 2);
          g_ptr_array_add (owned, opt);
          g_ptr_array_add (owned, val);
          out[n++] = opt;
          out[n++] = val;
        }
      else
        out[n++] = argv[i];
    }
  return out;
}

static int
run_main (int argc, char **argv)
{
  if (argc > 1 && lsc_cli_is_subcommand (argv[1]))
    return lsc_cli_subcommand_main (argc - 1, argv + 1);
  Cli cli = { .count = -1 };
  lsc_i18n_init ();

  int status = cli_parse_options (&cli, &argc, &argv);
  if (status == 0 && cli.version)
    printf ("layerscope-cli %s\n", LSC_VERSION);
  else if (status == 0 && cli.list_fields)
    cli.write_errno = print_field_list ();
  else if (status == 0 && (status = cli_prepare (&cli)) == 0)
    status = cli_run (&cli);
  /* A closed pipe (| head) is the reader's choice, not an error. */
  if (status == 0 && cli.write_failed)
    status = LSC_CLI_EXIT_FILE;
  if (cli.write_errno && cli.write_errno != EPIPE)
    {
      complain (_("cannot write the output: %s"), g_strerror (cli.write_errno));
      if (status == 0)
        status = LSC_CLI_EXIT_FILE;
    }
  cli_clear (&cli);
  return status;
}

int
main (int argc, char **argv)
{
  g_autoptr (GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  char **args = split_glued_numbers (argc, argv, owned);
  int n = 0;
  while (args[n])
    n++;
  int status = run_main (n, args);
  g_free (args);
  return status;
}

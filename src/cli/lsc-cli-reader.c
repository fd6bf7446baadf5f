/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-cli-reader.c — two threads taking turns on batches of frames
 *
 * Each batch goes through four steps on the thread that read it: decode
 * (side by side), the in-order step (one thread at a time, in batch order),
 * formatting (side by side again: only the batch's own trees are read) and
 * writing (one thread at a time, in batch order).  Two turn counters keep
 * the two ordered steps in order; every batch passes both, even when it has
 * nothing left to do, so the other thread never waits for a turn that does
 * not come. */
#include "lsc-cli-reader.h"

#include <pthread.h>
#include <string.h>

/* Frames per batch: a hand-over costs a lock and maybe a wake-up, so not
 * one per frame; each thread holds one batch of trees. */
#define BATCH_FRAMES 256

typedef struct {
  LscTree *tree;
  guint8 *data;        /* the frame's bytes when libpcap reads (it reuses its buffer) */
  gsize cap;
  GString *comments;   /* its comments, copied for the same reason */
  GString *early;      /* text the in-order step made for the frame */
  LscCliFrameNote note; /* what the in-order step decided for the frame */
} Slot;

typedef struct _Shared Shared;

typedef struct {
  Shared *sh;
  Slot slots[BATCH_FRAMES];
  GString *out;        /* the batch's text, written in the writing turn */
} Worker;

struct _Shared {
  LscCaptureFile *file;
  const LscDissectOptions *opt;
  LscCliFrameFunc func;
  LscCliFormatFunc format;
  LscCliWriteFunc write;
  gpointer data;

  /* pthread's locks rather than GMutex: ThreadSanitizer sees these. */
  pthread_mutex_t read_lock;   /* the file, next_batch */
  guint64 next_batch;  /* number of the batch the next reader gets */
  gint read_done;      /* atomic: the file ended (or broke) or func stopped: no more batches */

  pthread_mutex_t turn_lock;
  pthread_cond_t turn_cond;
  guint64 turn;        /* the batch whose frames go to func now */
  guint64 write_turn;  /* the batch whose text is written now */
  gboolean stop;       /* func said stop, the file ended or writing failed: finish up */
  gboolean write_failed; /* write said stop: no batch writes any more */
  int result;          /* 0, or -1 with error */
  GError *error;
};

/* Take the next batch: returns its number and sets *n (frames read), *ended
 * (no batch follows) and, on a damaged file, *error; FALSE when there is none. */
static gboolean
read_batch (Worker *w, guint64 *number, guint *n, gboolean *ended, GError **error)
{
  Shared *sh = w->sh;
  LscPacket pkts[BATCH_FRAMES];
  pthread_mutex_lock (&sh->read_lock);
  if (g_atomic_int_get (&sh->read_done))
    {
      pthread_mutex_unlock (&sh->read_lock);
      return FALSE;
    }
  *number = sh->next_batch++;
  *n = 0;
  *ended = FALSE;
  while (*n < BATCH_FRAMES)
    {
      int got = lsc_capture_file_next (sh->file, &pkts[*n], error);
      if (got <= 0)
        {
          *ended = TRUE;
          break;
        }
      /* A mapped file's bytes stay put; libpcap's buffer is overwritten by
       * the next record, so those are copied now. */
      Slot *s = &w->slots[*n];
      if (!lsc_capture_file_is_mapped (sh->file))
        {
          if (s->cap < pkts[*n].caplen)
            {
              s->cap = MAX (pkts[*n].caplen, 2048);
              s->data = g_realloc (s->data, s->cap);
            }
          if (pkts[*n].caplen)
            memcpy (s->data, pkts[*n].data, pkts[*n].caplen);
          pkts[*n].data = s->data;
          if (pkts[*n].n_comments)
            {
              /* n NUL-terminated strings: copy up to the last NUL. */
              const char *end = pkts[*n].comments;
              for (guint k = 0; k < pkts[*n].n_comments; k++)
                end += strlen (end) + 1;
              if (!s->comments)
                s->comments = g_string_new (NULL);
              g_string_truncate (s->comments, 0);
              g_string_append_len (s->comments, pkts[*n].comments, end - pkts[*n].comments);
              pkts[*n].comments = s->comments->str;
            }
        }
      (*n)++;
    }
  if (*ended)
    g_atomic_int_set (&sh->read_done, 1);
  pthread_mutex_unlock (&sh->read_lock);
  /* Decoding needs no lock: this is what the two threads do side by side. */
  for (guint i = 0; i < *n; i++)
    lsc_dissect (w->slots[i].tree, &pkts[i], sh->opt);
  return TRUE;
}

/* Wait (under turn_lock) until *counter reaches number. */
static void
wait_turn (Shared *sh, const guint64 *counter, guint64 number)
{
  while (*counter != number)
    pthread_cond_wait (&sh->turn_cond, &sh->turn_lock);
}

static gpointer
worker_run (gpointer data)
{
  Worker *w = data;
  Shared *sh = w->sh;
  guint64 number;
  guint n;
  gboolean ended;
  for (;;)
    {
      GError *err = NULL;
      if (!read_batch (w, &number, &n, &ended, &err))
        return NULL;
      pthread_mutex_lock (&sh->turn_lock);
      wait_turn (sh, &sh->turn, number);
      gboolean stopped = sh->stop;
      pthread_mutex_unlock (&sh->turn_lock);

      /* Our turn: no other thread calls func until we pass it on. */
      guint n_done = 0;
      for (guint i = 0; i < n && !stopped; i++)
        {
          Slot *s = &w->slots[i];
          g_string_truncate (s->early, 0);
          s->note = (LscCliFrameNote) { 0 };
          n_done = i + 1;
          if (!sh->func (sh->data, s->tree, &s->note, s->early))
            stopped = TRUE;
        }

      pthread_mutex_lock (&sh->turn_lock);
      if (ended && !stopped && err)
        {
          sh->result = -1;
          sh->error = err;
          err = NULL;
        }
      if (stopped || ended)
        sh->stop = TRUE;
      sh->turn++;
      pthread_cond_broadcast (&sh->turn_cond);
      pthread_mutex_unlock (&sh->turn_lock);
      g_clear_error (&err);
      if (stopped)
        {
          /* Let the other thread's batch (already read) pass unseen; no
           * lock, so this never waits for a read in progress. */
          g_atomic_int_set (&sh->read_done, 1);
        }

      /* The frames' text, built while the other thread decodes or takes
       * its in-order turn: it reads only this batch's trees. */
      g_string_truncate (w->out, 0);
      for (guint i = 0; i < n_done; i++)
        {
          Slot *s = &w->slots[i];
          if (s->early->len)
            g_string_append_len (w->out, s->early->str, (gssize) s->early->len);
          if (s->note.show)
            sh->format (sh->data, s->tree, &s->note, w->out);
        }

      pthread_mutex_lock (&sh->turn_lock);
      wait_turn (sh, &sh->write_turn, number);
      gboolean failed = sh->write_failed;
      pthread_mutex_unlock (&sh->turn_lock);
      if (!failed && w->out->len && !sh->write (sh->data, w->out->str, w->out->len))
        failed = TRUE;
      pthread_mutex_lock (&sh->turn_lock);
      if (failed)
        sh->write_failed = sh->stop = TRUE;
      sh->write_turn++;
      pthread_cond_broadcast (&sh->turn_cond);
      pthread_mutex_unlock (&sh->turn_lock);
      if (failed)
        g_atomic_int_set (&sh->read_done, 1);
      if (stopped || failed)
        return NULL;
    }
}

static void
worker_init (Worker *w, Shared *sh, gboolean summary_only)
{
  w->sh = sh;
  for (guint k = 0; k < BATCH_FRAMES; k++)
    {
      w->slots[k].tree = lsc_tree_new ();
      lsc_tree_set_summary_only (w->slots[k].tree, summary_only);
      w->slots[k].early = g_string_new (NULL);
    }
  w->out = g_string_sized_new (1 << 16);
}

static void
worker_clear (Worker *w)
{
  for (guint k = 0; k < BATCH_FRAMES; k++)
    {
      lsc_tree_free (w->slots[k].tree);
      g_free (w->slots[k].data);
      if (w->slots[k].comments)
        g_string_free (w->slots[k].comments, TRUE);
      g_string_free (w->slots[k].early, TRUE);
    }
  g_string_free (w->out, TRUE);
}

int
lsc_cli_read_parallel (LscCaptureFile *f, const LscDissectOptions *opt, gboolean summary_only,
                       LscCliFrameFunc func, LscCliFormatFunc format, LscCliWriteFunc write,
                       gpointer data, GError **error)
{
  Shared sh = { .file = f, .opt = opt, .func = func, .format = format, .write = write, .data = data };
  pthread_mutex_init (&sh.read_lock, NULL);
  pthread_mutex_init (&sh.turn_lock, NULL);
  pthread_cond_init (&sh.turn_cond, NULL);
  Worker *w = g_new0 (Worker, 2);
  worker_init (&w[0], &sh, summary_only);
  worker_init (&w[1], &sh, summary_only);

  GThread *other = g_thread_new ("lsc-decode", worker_run, &w[1]);
  worker_run (&w[0]);
  g_thread_join (other);

  worker_clear (&w[0]);
  worker_clear (&w[1]);
  g_free (w);
  pthread_mutex_destroy (&sh.read_lock);
  pthread_mutex_destroy (&sh.turn_lock);
  pthread_cond_destroy (&sh.turn_cond);
  if (sh.result < 0)
    g_propagate_error (error, sh.error);
  return sh.result;
}

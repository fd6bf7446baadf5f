/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-cli-reader.c — two threads taking turns on batches of frames */
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
} Slot;

typedef struct _Shared Shared;

typedef struct {
  Shared *sh;
  Slot slots[BATCH_FRAMES];
} Worker;

struct _Shared {
  LscCaptureFile *file;
  const LscDissectOptions *opt;
  LscCliFrameFunc func;
  gpointer data;

  /* pthread's locks rather than GMutex: ThreadSanitizer sees these. */
  pthread_mutex_t read_lock;   /* the file, next_batch */
  guint64 next_batch;  /* number of the batch the next reader gets */
  gint read_done;      /* atomic: the file ended (or broke) or func stopped: no more batches */

  pthread_mutex_t turn_lock;
  pthread_cond_t turn_cond;
  guint64 turn;        /* the batch whose frames go to func now */
  gboolean stop;       /* func said stop, or the file ended: finish up */
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
      while (sh->turn != number)
        pthread_cond_wait (&sh->turn_cond, &sh->turn_lock);
      gboolean stopped = sh->stop;
      pthread_mutex_unlock (&sh->turn_lock);

      /* Our turn: no other thread calls func until we pass it on. */
      for (guint i = 0; i < n && !stopped; i++)
        if (!sh->func (sh->data, w->slots[i].tree))
          stopped = TRUE;

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
          return NULL;
        }
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
    }
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
    }
}

int
lsc_cli_read_parallel (LscCaptureFile *f, const LscDissectOptions *opt, gboolean summary_only,
                       LscCliFrameFunc func, gpointer data, GError **error)
{
  Shared sh = { .file = f, .opt = opt, .func = func, .data = data };
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

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-replay.c — runs a fuzz target on every file of a corpus, without
 * libFuzzer, so a plain or sanitizer build re-checks the corpus in
 * `meson test`.  Linked with one target (fuzz-dissect.c, fuzz-filter.c). */
#include "fuzz-replay.h"

#include <stdio.h>
#include <string.h>

void
lsc_fuzz_replay_prefixes (const guint8 *data, gsize len, gsize max_len)
{
  for (gsize n = 1; n < len && len <= max_len; n++)
    LLVMFuzzerTestOneInput (data, n);
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
replay_file (const char *path, guint *count)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr (GError) err = NULL;
  if (!g_file_get_contents (path, &contents, &len, &err))
    {
      fprintf (stderr, "fuzz-replay: %s\n", err->message);
      return FALSE;
    }
  /* An exact-size copy, so the sanitizer sees a read past the input. */
  g_autofree guint8 *data = g_memdup2 (contents, len ? len : 1);
  LLVMFuzzerTestOneInput (data, len);
  (*count)++;
  lsc_fuzz_replay_variants (data, len);
  return TRUE;
}

static gboolean
replay_path (const char *path, guint *count)
{
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return replay_file (path, count);

  g_autoptr (GError) err = NULL;
  g_autoptr (GDir) dir = g_dir_open (path, 0, &err);
  if (!dir)
    {
      fprintf (stderr, "fuzz-replay: %s\n", err->message);
      return FALSE;
    }
  /* Sorted, so a failure always shows up at the same input. */
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while ((name = g_dir_read_name (dir)))
    if (name[0] != '.' && !g_str_has_suffix (name, ".md"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  gboolean ok = TRUE;
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *full = g_build_filename (path, g_ptr_array_index (names, i), NULL);
      ok &= replay_file (full, count);
    }
  return ok;
}

int
main (int argc, char **argv)
{
  if (argc < 2)
    {
      fprintf (stderr, "usage: %s DIR|FILE...\n", argv[0]);
      return 2;
    }
  guint count = 0;
  gboolean ok = TRUE;
  for (int i = 1; i < argc; i++)
    ok &= replay_path (argv[i], &count);
  printf ("replayed %u inputs\n", count);
  if (count == 0)
    {
      fprintf (stderr, "fuzz-replay: no inputs found\n");
      return 1;
    }
  return ok ? 0 : 1;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-replay.h — what a fuzz target gives the replay program (fuzz-replay.c) */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Called once per corpus file after the input itself: more inputs derived
 * from it (data may be changed meanwhile, but must be restored). */
void lsc_fuzz_replay_variants (guint8 *data, gsize len);

/* For lsc_fuzz_replay_variants: every proper prefix of data, when it is
 * at most max_len bytes long (an input cut off at every byte). */
void lsc_fuzz_replay_prefixes (const guint8 *data, gsize len, gsize max_len);

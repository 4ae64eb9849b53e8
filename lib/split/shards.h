/*
 * shards: --shards N, a hash partition for scaling out.  Each record goes
 * to shard-K.jsonl in a folder, K = floor(u × N) for its key's place u, so
 * records with the same key always meet in one shard, whichever machine
 * splits which part of the input.  This module owns the N outputs.
 */
#ifndef NX_SHARDS_H
#define NX_SHARDS_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define NX_SHARDS_MAX 256

struct nx_shards;
struct nx_output;

/* "DIR/shard-K.jsonl" (K in three digits): a new string, or NULL (no
 * memory). */
char *nx_shards_path(const char *dir, int k);

/* The shard of a key, 0 … n-1. */
int nx_shards_of(uint64_t key, int n);

/*
 * Open the n shards of dir (2 ≤ n ≤ NX_SHARDS_MAX) as outputs (a temporary
 * name each until committed).  Returns 0 and a new set in *sh, or -1 with
 * err filled.
 */
int nx_shards_open(
    struct nx_shards **sh, const char *dir, int n, struct nx_error *err);

/* Append line[0..len) to shard k.  Returns 0, or -1 with err filled. */
int nx_shards_put(struct nx_shards *sh, int k, const char *line, size_t len,
    struct nx_error *err);

/*
 * The outputs of sh, every shard and then also (the rejects, or NULL), in
 * *n, for the end of the run (nx_output_end), which commits or removes and
 * frees them.  Borrowed: valid until nx_shards_free.
 */
struct nx_output **nx_shards_outputs(
    struct nx_shards *sh, struct nx_output *also, size_t *n);

/* Free sh (its outputs are the end of the run's); NULL ok. */
void nx_shards_free(struct nx_shards *sh);

#endif

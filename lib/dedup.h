/*
 * dedup: exact and near-duplicate indexes of texts (dedup keys), built for
 * short Q&A prompts.  The index keeps hashes, never the texts.
 *
 * exact  the 128-bit XXH3 hash of the key in an open-addressing table:
 *        24 bytes an entry (the hash and a caller's 64-bit payload).
 * near   MinHash over character 5-grams of the key (NX_DEDUP_HASHES values,
 *        NX_DEDUP_BANDS bands of NX_DEDUP_ROWS rows for LSH); each candidate
 *        is confirmed by the true Jaccard similarity of the two sets of
 *        shingle hashes, which the index keeps.  A key shorter than a
 *        shingle is one shingle.
 *
 * Keys are given already normalised (nx_text_normalize).  Entries are
 * numbered 0, 1, … in the order they are added.
 */
#ifndef NX_DEDUP_H
#define NX_DEDUP_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define NX_DEDUP_SHINGLE 5 /* characters (code points) */
#define NX_DEDUP_BANDS 16
#define NX_DEDUP_ROWS 8
#define NX_DEDUP_HASHES (NX_DEDUP_BANDS * NX_DEDUP_ROWS)

enum nx_dedup_mode { NX_DEDUP_EXACT, NX_DEDUP_NEAR };

struct nx_dedup;

/* A new empty index; threshold is the Jaccard similarity (near only). */
int nx_dedup_new(struct nx_dedup **out, enum nx_dedup_mode mode,
    double threshold, struct nx_error *err);

/*
 * Look key[0..len) up.  When it duplicates an entry, return 1 with that
 * entry's payload in *payload and the similarity (1 for exact) in *sim.
 * Otherwise add it with payload *payload (unchanged) and return 0.
 * With add 0, nothing is ever added.  -1 with err on no memory.
 */
int nx_dedup_check(struct nx_dedup *d, const char *key, size_t len, int add,
    uint64_t *payload, double *sim, struct nx_error *err);

/* Entries in the index. */
size_t nx_dedup_count(const struct nx_dedup *d);

void nx_dedup_free(struct nx_dedup *d);

#endif

/*
 * dedup: exact and near-duplicate indexes of texts (dedup keys), built for
 * short Q&A prompts.  The index keeps hashes, never the texts.
 *
 * exact  a 64-bit XXH3 hash of the key in open-addressing tables: 16
 *        bytes an entry (the hash and a caller's 64-bit payload), 20 to 25
 *        a key with the free slots.  Two keys of equal hashes are one.
 * near   MinHash over character 5-grams of the key (NX_DEDUP_HASHES values,
 *        NX_DEDUP_BANDS bands of NX_DEDUP_ROWS rows for LSH); each candidate
 *        is confirmed by the true Jaccard similarity of the two sets of
 *        shingle hashes, which the index keeps in a temporary file (a
 *        confirmation reads one back).  In memory: 8 bytes a band slot,
 *        24 an entry.  A key shorter than a shingle is one shingle.  A
 *        bucket holds its first NX_DEDUP_PROBES entries only (a later one
 *        is still found through its other bands), so a lookup confirms at
 *        most NX_DEDUP_BANDS * NX_DEDUP_PROBES candidates however many
 *        entries share boilerplate.
 *
 * Short keys: a caller may give a key's words too (the canonical form of
 * its text, nx_para_canon, for keys of fewer than NX_PARA_SHORT code
 * points).  Two keys that both have words are the same when their words
 * are equal, whatever their characters; any other pair is judged by its
 * shingles.  Similarity is then 1 (the word sets are equal).
 *
 * Keys are given already normalised (nx_text_normalize).  Entries are
 * numbered 0, 1, … in the order they are added.
 */
#ifndef NX_DEDUP_H
#define NX_DEDUP_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

#define NX_DEDUP_SHINGLE 5 /* characters (code points) */
#define NX_DEDUP_BANDS 16
#define NX_DEDUP_ROWS 8
#define NX_DEDUP_HASHES (NX_DEDUP_BANDS * NX_DEDUP_ROWS)
#define NX_DEDUP_PROBES 32 /* entries a bucket holds */

enum nx_dedup_mode { NX_DEDUP_EXACT, NX_DEDUP_NEAR };

struct nx_dedup;

/* A new empty index; threshold is the Jaccard similarity (near only). */
int nx_dedup_new(struct nx_dedup **out, enum nx_dedup_mode mode,
    double threshold, struct nx_error *err);

/*
 * The Jaccard similarity of the shingle sets of texts a and b into *sim,
 * 0 to 1, read with ASCII case and punctuation set aside (runs of ASCII
 * white space and punctuation are one space), through a hash table of
 * their own (nothing is compared with the index's keys); d (of either
 * mode) lends the table and its entries are not changed.  Counting
 * stops as soon as the similarity cannot reach at_least (0: never), and
 * *sim is then some value below it; one reaching at_least is exact.  0, or -1 with err (no memory).
 */
int nx_dedup_similarity(struct nx_dedup *d, double *sim, double at_least,
    const char *a, size_t na, const char *b, size_t nb, struct nx_error *err);

/*
 * Look key[0..len) up.  When it duplicates an entry, return 1 with that
 * entry's payload in *payload and the similarity (1 for exact) in *sim;
 * for near, the entry is the first similar enough in a fixed order (band
 * by band, newest first), so the answer does not depend on timing.
 * Otherwise add it with payload *payload (unchanged) and return 0.
 * With add 0, nothing is ever added.  -1 with err on no memory.
 */
int nx_dedup_check(struct nx_dedup *d, const char *key, size_t len, int add,
    uint64_t *payload, double *sim, struct nx_error *err);

/* As nx_dedup_check, for a key with words (NULL: judged by characters). */
int nx_dedup_check_words(struct nx_dedup *d, const char *key, size_t len,
    const char *words, size_t wlen, int add, uint64_t *payload, double *sim,
    struct nx_error *err);

/*
 * Every entry the key duplicates, not only the first: each calls each
 * with the entry's payload and similarity (each returns 0, or -1 to fail),
 * but those skip (if not NULL) says the caller needs no more (it returns
 * 1), which are not even confirmed.  With add, the key is then added with
 * payload, duplicate or not (exact: only when new).  1 when there was a
 * match, 0 none, -1 with err.
 */
int nx_dedup_each(struct nx_dedup *d, const char *key, size_t len,
    const char *words, size_t wlen, int add, uint64_t payload,
    int (*skip)(void *ctx, uint64_t payload),
    int (*each)(void *ctx, uint64_t payload, double sim), void *ctx,
    struct nx_error *err);

/* Entries in the index. */
size_t nx_dedup_count(const struct nx_dedup *d);

/*
 * Save the index to fp (versioned: a magic line, the mode, the threshold,
 * then each entry's hash or shingle set, words, and its label).  label gives
 * the bytes that stand for an entry's payload and returns 0, or 1 to leave the
 * entry out, or -1 (err filled).  fp must be seekable.  0, or -1.
 */
int nx_dedup_save(const struct nx_dedup *d, FILE *fp,
    int (*label)(void *ctx, uint64_t payload, struct nx_buf *out), void *ctx,
    struct nx_error *err);

/*
 * Add the entries saved in fp (named name in messages) to d, which must be
 * of the same mode; store turns each label into the payload to keep.  A
 * file that is not an index, of the other mode, truncated or corrupt is an
 * error, never an empty index.  0, or -1 with err filled.
 */
int nx_dedup_load(struct nx_dedup *d, FILE *fp, const char *name,
    int (*store)(void *ctx, const char *label, size_t len, uint64_t *payload),
    void *ctx, struct nx_error *err);

void nx_dedup_free(struct nx_dedup *d);

#endif

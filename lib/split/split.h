/*
 * split: which side (train, validation, test) a record goes to, as a pure
 * function of a key and a seed — so a split is stable when data is
 * appended, identical however the input is sharded, and exact duplicates
 * (same key) always share a side.
 */
#ifndef NX_SPLIT_H
#define NX_SPLIT_H

#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "record.h"

#define NX_SPLIT_MAX_SIDES 3

enum nx_split_by {
	NX_SPLIT_PROMPT, /* the prompt, normalised as dedup does */
	NX_SPLIT_PAIR,	 /* prompt and completion, normalised (a
			    preference: its prompt) */
	NX_SPLIT_GROUP,	 /* a metadata field (session_id, …) */
	NX_SPLIT_CLUSTER /* the cluster jsonl-filter --clusters gave the id */
};

struct nx_clusters;

struct nx_split {
	enum nx_split_by by;
	const char *group; /* the metadata field for NX_SPLIT_GROUP; borrowed */
	struct nx_clusters *clusters; /* for NX_SPLIT_CLUSTER; owned */
	uint64_t seed;
	int nsides;
	double cut[NX_SPLIT_MAX_SIDES]; /* cumulative shares; the last is 1 */
	struct nx_buf scratch;		/* private: normalised keys */
};

/*
 * Parse "80,10,10" or "0.8,0.2" (shares, scaled to sum 1) into s->cut and
 * s->nsides.  Returns 0, or -1 if the list is not 2 or 3 positive numbers.
 */
int nx_split_ratios(struct nx_split *s, const char *list);

/*
 * The 64-bit key of rec, seeded.  *fallback is set when a group field is
 * missing and the prompt was used instead.  Returns 0, or -1 with err
 * filled (no memory).
 */
int nx_split_key(uint64_t *key, int *fallback, struct nx_split *s,
    const struct nx_record *rec, struct nx_error *err);

/*
 * Load a --clusters file of jsonl-filter ({"id","cluster"} lines) into
 * s->clusters.  0, or -1 with err filled ("FILE:LINE: …" for a bad line).
 */
int nx_split_clusters_load(
    struct nx_split *s, const char *path, struct nx_error *err);
/* Free what s holds (clusters, scratch). */
void nx_split_clusters_free(struct nx_split *s);

/*
 * Load a --clusters file of jsonl-filter ({"id","cluster"} lines) into
 * s->clusters.  0, or -1 with err filled ("FILE:LINE: …" for a bad line).
 */
int nx_split_clusters_load(
    struct nx_split *s, const char *path, struct nx_error *err);
/* Free what s holds (clusters, scratch). */
void nx_split_clusters_free(struct nx_split *s);

/* The key's place in [0, 1): the side is the first cut above it. */
double nx_split_unit(uint64_t key);

/* The side of a key: 0 … nsides-1. */
int nx_split_side(const struct nx_split *s, uint64_t key);

/*
 * Exact counts for n records (--shuffle): q[i] records for side i, each
 * share rounded half up and the last side taking the rest, so q holds the
 * ratio within one record.
 */
void nx_split_quota(
    unsigned long long *q, const struct nx_split *s, unsigned long long n);

/*
 * --max-share: of a side's t records, the rule's n members drew draws[]
 * (sorted here); keep the k = floor(cap × (t − n) / (1 − cap)) with the
 * smallest draws, so that k / (t − n + k) ≤ cap.  Returns the cut: keep
 * the members that drew below it (UINT64_MAX: keep all).
 */
uint64_t nx_split_share_cut(
    uint64_t *draws, size_t n, unsigned long long t, double cap);

/* A group of train records --min-valid may move. */
struct nx_split_group {
	double u;     /* its key's place: nx_split_unit(key) */
	uint64_t key;
	size_t n;     /* its records */
	size_t id;    /* the caller's */
	int move;     /* set by nx_split_min_valid */
};

/*
 * --min-valid: validation lacks need records; mark the groups to move,
 * nearest the cut first (g is sorted so: largest u, then key), whole
 * groups only,
 * never leaving train (train records) empty.  Returns how many records
 * move.
 */
unsigned long long nx_split_min_valid(struct nx_split_group *g, size_t n,
    unsigned long long need, unsigned long long train);

/* A set of keys, to find what two sides share (leakage). */
struct nx_keys {
	uint64_t *k; /* owned */
	size_t n, cap;
};

int nx_keys_add(struct nx_keys *ks, uint64_t key); /* 0, or -1 (memory) */

/* Distinct keys in both a and b; sorts both. */
unsigned long long nx_keys_shared(struct nx_keys *a, struct nx_keys *b);

void nx_keys_free(struct nx_keys *ks);

#endif

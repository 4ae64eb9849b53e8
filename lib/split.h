/*
 * split: which side (train, validation, test) a record goes to, as a pure
 * function of a key and a seed — so a split is stable when data is
 * appended, identical however the input is sharded, and exact duplicates
 * (same key) always share a side.
 */
#ifndef NX_SPLIT_H
#define NX_SPLIT_H

#include <stdint.h>

#include "err.h"
#include "record.h"

#define NX_SPLIT_MAX_SIDES 3

enum nx_split_by {
	NX_SPLIT_PROMPT, /* the prompt, normalised as dedup does */
	NX_SPLIT_PAIR,   /* prompt and completion, normalised */
	NX_SPLIT_GROUP   /* a metadata field (session_id, cluster, …) */
};

struct nx_split {
	enum nx_split_by by;
	const char *group; /* the metadata field for NX_SPLIT_GROUP; borrowed */
	uint64_t seed;
	int nsides;
	double cut[NX_SPLIT_MAX_SIDES]; /* cumulative shares; the last is 1 */
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
int nx_split_key(uint64_t *key, int *fallback, const struct nx_split *s,
    const struct nx_record *rec, struct nx_error *err);

/* The key's place in [0, 1): the side is the first cut above it. */
double nx_split_unit(uint64_t key);

/* The side of a key: 0 … nsides-1. */
int nx_split_side(const struct nx_split *s, uint64_t key);

#endif

/*
 * minvalid: --min-valid in hash placement, the train groups nearest the
 * cut (largest place), kept while records are placed, with the train line
 * numbers of their records; at the end, the lines to move into validation
 * when it has too few (whole groups, nx_split_min_valid).
 */
#ifndef NX_MINVALID_H
#define NX_MINVALID_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define NX_MINVALID_MAX 65536 /* train groups kept at the most */

struct nx_minvalid_group {
	uint64_t key;
	double u;    /* nx_split_unit(key) */
	long *lines; /* owned: their line numbers in the train file */
	size_t nlines, cap;
};

struct nx_minvalid {
	struct nx_minvalid_group *g; /* owned, cap of them */
	size_t n, cap;
};

/*
 * Keep as many groups as moving want records may take (want groups, at
 * most NX_MINVALID_MAX; none for want 0).  Returns 0, or -1 with err
 * filled (no memory).
 */
int nx_minvalid_init(
    struct nx_minvalid *mv, unsigned long long want, struct nx_error *err);

/*
 * A record of key went to train as its line (0-based): kept with its group
 * when the group is among the nearest the cut so far.  Returns 0, or -1
 * with err filled (no memory).
 */
int nx_minvalid_note(
    struct nx_minvalid *mv, uint64_t key, long line, struct nx_error *err);

/*
 * Validation lacks need records and train holds train: the train lines to
 * move, ascending, in *move (the caller frees it), and their count in
 * *n.  Returns 0, or -1 with err filled (no memory).
 */
int nx_minvalid_lines(long **move, size_t *n, const struct nx_minvalid *mv,
    unsigned long long need, unsigned long long train, struct nx_error *err);

/* Free what mv holds. */
void nx_minvalid_free(struct nx_minvalid *mv);

#endif

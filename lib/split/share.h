/*
 * share: --max-share FIELD=VALUE:SHARE, the rules that cap a group's share
 * of each file.  Each member of a rule draws a number (a seeded hash of its
 * line, one stream a rule); once every record is placed, each side keeps
 * the members that drew lowest, as many as the cap allows
 * (nx_split_share_cut).
 */
#ifndef NX_SHARE_H
#define NX_SHARE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "record.h"
#include "split.h"

#define NX_SHARE_MAX 4

struct nx_share {
	char *field, *value; /* owned: field "source", or a metadata field */
	double cap;
	uint64_t *u[NX_SPLIT_MAX_SIDES]; /* owned: each side's members' draws */
	size_t n[NX_SPLIT_MAX_SIDES], cap_n[NX_SPLIT_MAX_SIDES];
	uint64_t cut[NX_SPLIT_MAX_SIDES]; /* keep members drawing below */
};

struct nx_shares {
	struct nx_share rule[NX_SHARE_MAX];
	size_t n;
	struct nx_buf scratch; /* private */
};

/*
 * Add the rule spec, "FIELD=VALUE:SHARE" (SHARE in [0, 1]).  Returns 0, or
 * -1 when spec is not such a rule, there are NX_SHARE_MAX already, or no
 * memory is left.
 */
int nx_shares_add(struct nx_shares *sh, const char *spec);

/*
 * rec (line raw[0..len)) is placed on side: for each rule it is a member
 * of, set bit 2 + r of *tag and keep its draw.  Returns 0, or -1 with err
 * filled (no memory).
 */
int nx_shares_note(struct nx_shares *sh, uint64_t seed, int side,
    const struct nx_record *rec, const char *raw, size_t len, uint16_t *tag,
    struct nx_error *err);

/* Each rule's cut on each side, total[i] records on side i in all. */
void nx_shares_cut(
    struct nx_shares *sh, const unsigned long long *total, int nsides);

/*
 * The field of the first rule that keeps out the line raw[0..len) of
 * side, its memberships in tag (as nx_shares_note set them), or NULL when
 * every rule keeps it.
 */
const char *nx_shares_over(const struct nx_shares *sh, uint64_t seed,
    uint16_t tag, int side, const char *raw, size_t len);

/* Free what sh holds. */
void nx_shares_free(struct nx_shares *sh);

#endif

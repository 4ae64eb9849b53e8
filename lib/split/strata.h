/*
 * strata: --stratify, the records grouped by a value (their language,
 * source or a metadata field), each distinct value a small number, and the
 * exact count each group gives each side, so that every file gets the
 * same mix.
 */
#ifndef NX_STRATA_H
#define NX_STRATA_H

#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "record.h"
#include "split.h"

enum nx_strata_by {
	NX_STRATA_NONE,	  /* one stratum: every record */
	NX_STRATA_LANG,	  /* metadata.lang */
	NX_STRATA_SOURCE, /* the record's source */
	NX_STRATA_FIELD	  /* a metadata field */
};

struct nx_strata {
	enum nx_strata_by by;
	const char *field; /* for NX_STRATA_FIELD; borrowed */
	char **values;	   /* owned: each stratum's value, by number */
	size_t n;
	struct nx_buf scratch; /* private */
};

/*
 * Set st from "lang", "source" or "metadata.FIELD" (borrowed: spec must
 * outlive st).  Returns 0, or -1 when spec is none of them.
 */
int nx_strata_parse(struct nx_strata *st, const char *spec);

/*
 * The stratum of rec in *out: the number of its value, a new one for a
 * value not seen before ("-" when the record has none).  Returns 0, or -1
 * with err filled (no memory, or more than UINT16_MAX strata).
 */
int nx_strata_of(struct nx_strata *st, const struct nx_record *rec,
    uint16_t *out, struct nx_error *err);

/*
 * The count of each stratum on each side, size[k] records in stratum k (of
 * max(st->n, 1)): q[k × nsides + i] records of stratum k go to side i
 * (nx_split_quota), then validation takes from train until it has
 * min_valid records, largest train count first, never a stratum's last
 * train record.  Returns a new array (the caller frees it), or NULL with
 * err filled (no memory).
 */
unsigned long long *nx_strata_quotas(const struct nx_strata *st,
    const struct nx_split *sp, const unsigned long long *size,
    unsigned long long min_valid, struct nx_error *err);

/* Free what st holds; st may be reused after nx_strata_parse. */
void nx_strata_free(struct nx_strata *st);

#endif

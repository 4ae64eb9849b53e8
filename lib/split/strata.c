#include <stdlib.h>
#include <string.h>

#include "strata.h"

int
nx_strata_parse(struct nx_strata *st, const char *spec)
{
	if (strcmp(spec, "lang") == 0)
		st->by = NX_STRATA_LANG;
	else if (strcmp(spec, "source") == 0)
		st->by = NX_STRATA_SOURCE;
	else if (strncmp(spec, "metadata.", 9) == 0 && spec[9] != '\0') {
		st->by = NX_STRATA_FIELD;
		st->field = spec + 9;
	} else
		return -1;
	return 0;
}

int
nx_strata_of(struct nx_strata *st, const struct nx_record *rec, uint16_t *out,
    struct nx_error *err)
{
	const char *v = "-";
	size_t len = 1, i;

	if (st->by == NX_STRATA_NONE) {
		*out = 0;
		return 0;
	}
	if (st->by == NX_STRATA_SOURCE && rec->source.s != NULL) {
		v = rec->source.s;
		len = rec->source.len;
	} else if ((st->by == NX_STRATA_LANG || st->by == NX_STRATA_FIELD) &&
	    nx_record_metadata_string(&st->scratch, rec,
		st->by == NX_STRATA_LANG ? "lang" : st->field) == 0) {
		v = st->scratch.data;
		len = st->scratch.len;
	}
	for (i = 0; i < st->n; i++)
		if (strlen(st->values[i]) == len &&
		    memcmp(st->values[i], v, len) == 0)
			break;
	if (i == st->n) {
		char **p;

		if (i == UINT16_MAX)
			return nx_error_set(
			    err, "more than %d strata", UINT16_MAX);
		if ((p = realloc(st->values, (i + 1) * sizeof(*p))) == NULL)
			return nx_error_set(err, "out of memory");
		st->values = p;
		if ((p[i] = strndup(v, len)) == NULL)
			return nx_error_set(err, "out of memory");
		st->n++;
	}
	*out = (uint16_t)i;
	return 0;
}

unsigned long long *
nx_strata_quotas(const struct nx_strata *st, const struct nx_split *sp,
    const unsigned long long *size, unsigned long long min_valid,
    struct nx_error *err)
{
	size_t ns = st->n ? st->n : 1;
	int nsides = sp->nsides;
	unsigned long long *q = calloc(ns * (size_t)nsides, sizeof(*q));
	unsigned long long valid = 0;

	if (q == NULL) {
		nx_error_set(err, "out of memory");
		return NULL;
	}
	for (size_t k = 0; k < ns; k++) {
		nx_split_quota(q + k * nsides, sp, size[k]);
		valid += q[k * nsides + 1];
	}
	while (valid < min_valid) {
		size_t best = ns;

		for (size_t k = 0; k < ns; k++)
			if (q[k * nsides] > 1 &&
			    (best == ns || q[k * nsides] > q[best * nsides]))
				best = k;
		if (best == ns)
			break;
		q[best * nsides]--;
		q[best * nsides + 1]++;
		valid++;
	}
	return q;
}

void
nx_strata_free(struct nx_strata *st)
{
	for (size_t i = 0; i < st->n; i++)
		free(st->values[i]);
	free(st->values);
	st->values = NULL;
	st->n = 0;
	nx_buf_free(&st->scratch);
}

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "rand.h"
#include "share.h"

/* A real in [0, 1], the whole text. */
static int
parse_share(double *v, const char *s)
{
	char *end;
	double x;

	errno = 0;
	x = strtod(s, &end);
	if (end == s || *end != '\0' || errno != 0 || isnan(x) || x < 0 ||
	    x > 1)
		return -1;
	*v = x;
	return 0;
}

int
nx_shares_add(struct nx_shares *sh, const char *spec)
{
	const char *eq = strchr(spec, '='), *colon = strrchr(spec, ':');
	struct nx_share *r = &sh->rule[sh->n];

	if (sh->n == NX_SHARE_MAX || eq == NULL || colon == NULL ||
	    colon < eq || eq == spec || parse_share(&r->cap, colon + 1) < 0)
		return -1;
	r->field = strndup(spec, (size_t)(eq - spec));
	r->value = strndup(eq + 1, (size_t)(colon - eq - 1));
	if (r->field == NULL || r->value == NULL) {
		free(r->field);
		free(r->value);
		memset(r, 0, sizeof(*r));
		return -1;
	}
	sh->n++;
	return 0;
}

static int
member(
    struct nx_shares *sh, const struct nx_share *r, const struct nx_record *rec)
{
	if (strcmp(r->field, "source") == 0)
		return rec->source.s != NULL &&
		    rec->source.len == strlen(r->value) &&
		    memcmp(rec->source.s, r->value, rec->source.len) == 0;
	return nx_record_metadata_string(&sh->scratch, rec, r->field) == 0 &&
	    sh->scratch.len == strlen(r->value) &&
	    memcmp(sh->scratch.data, r->value, sh->scratch.len) == 0;
}

/* A member's draw: a hash of its line, one stream a rule. */
static uint64_t
draw(uint64_t seed, size_t rule, const char *raw, size_t len)
{
	return XXH3_64bits_withSeed(
	    raw, len, nx_rand_mix(seed ^ (0x6D6978ULL + rule)));
}

int
nx_shares_note(struct nx_shares *sh, uint64_t seed, int side,
    const struct nx_record *rec, const char *raw, size_t len, uint16_t *tag,
    struct nx_error *err)
{
	for (size_t i = 0; i < sh->n; i++) {
		struct nx_share *r = &sh->rule[i];

		if (!member(sh, r, rec))
			continue;
		*tag |= (uint16_t)(1u << (2 + i));
		if (r->n[side] == r->cap_n[side]) {
			size_t cap = r->cap_n[side] ? r->cap_n[side] * 2 : 1024;
			uint64_t *p = realloc(r->u[side], cap * sizeof(*p));

			if (p == NULL)
				return nx_error_set(err, "out of memory");
			r->u[side] = p;
			r->cap_n[side] = cap;
		}
		r->u[side][r->n[side]++] = draw(seed, i, raw, len);
	}
	return 0;
}

void
nx_shares_cut(struct nx_shares *sh, const unsigned long long *total, int nsides)
{
	for (size_t i = 0; i < sh->n; i++) {
		struct nx_share *r = &sh->rule[i];

		for (int j = 0; j < nsides; j++)
			r->cut[j] = nx_split_share_cut(
			    r->u[j], r->n[j], total[j], r->cap);
	}
}

const char *
nx_shares_over(const struct nx_shares *sh, uint64_t seed, uint16_t tag,
    int side, const char *raw, size_t len)
{
	for (size_t i = 0; i < sh->n; i++)
		if ((tag & (1u << (2 + i))) &&
		    draw(seed, i, raw, len) >= sh->rule[i].cut[side])
			return sh->rule[i].field;
	return NULL;
}

void
nx_shares_free(struct nx_shares *sh)
{
	for (size_t i = 0; i < sh->n; i++) {
		free(sh->rule[i].field);
		free(sh->rule[i].value);
		for (int j = 0; j < NX_SPLIT_MAX_SIDES; j++)
			free(sh->rule[i].u[j]);
	}
	memset(sh->rule, 0, sizeof(sh->rule));
	sh->n = 0;
	nx_buf_free(&sh->scratch);
}

#include <stdlib.h>
#include <string.h>
#define XXH_STATIC_LINKING_ONLY /* XXH3_state_t on the stack */
#include <xxhash.h>

#include "split.h"
#include "text.h"

int
nx_split_ratios(struct nx_split *s, const char *list)
{
	double v[NX_SPLIT_MAX_SIDES + 1], sum = 0;
	int n = 0;
	const char *p = list;

	while (n <= NX_SPLIT_MAX_SIDES) {
		char *end;

		v[n] = strtod(p, &end);
		if (end == p || !(v[n] > 0) || v[n] > 1e9)
			return -1;
		sum += v[n++];
		if (*end == '\0')
			break;
		if (*end != ',')
			return -1;
		p = end + 1;
	}
	if (n < 2 || n > NX_SPLIT_MAX_SIDES)
		return -1;
	s->nsides = n;
	for (int i = 0; i < n; i++) {
		double c = 0;

		for (int j = 0; j <= i; j++)
			c += v[j];
		s->cut[i] = c / sum;
	}
	s->cut[n - 1] = 1.0;
	return 0;
}

static int
hash_normalized(XXH3_state_t *st, struct nx_str s, struct nx_error *err)
{
	char *norm;
	size_t len;

	if (nx_text_normalize(&norm, &len, s.s, s.len, NX_NORM_PUNCT, err) < 0)
		return -1;
	XXH3_64bits_update(st, norm, len);
	free(norm);
	return 0;
}

int
nx_split_key(uint64_t *key, int *fallback, const struct nx_split *s,
    const struct nx_record *rec, struct nx_error *err)
{
	XXH3_state_t st;
	static const char sep = '\x1f';

	*fallback = 0;
	XXH3_64bits_reset_withSeed(&st, s->seed);
	if (s->by == NX_SPLIT_GROUP) {
		struct nx_buf field = NX_BUF_INIT;
		int rc = nx_record_metadata_string(&field, rec, s->group);

		if (rc == 0) {
			XXH3_64bits_update(&st, "g", 1);
			XXH3_64bits_update(&st, field.data, field.len);
			*key = XXH3_64bits_digest(&st);
		}
		nx_buf_free(&field);
		if (rc == 0)
			return 0;
		*fallback = 1;
	}
	if (hash_normalized(&st, rec->prompt, err) < 0)
		return -1;
	if (s->by == NX_SPLIT_PAIR) {
		XXH3_64bits_update(&st, &sep, 1);
		if (hash_normalized(&st, rec->completion, err) < 0)
			return -1;
	}
	*key = XXH3_64bits_digest(&st);
	return 0;
}

double
nx_split_unit(uint64_t key)
{
	return (double)(key >> 11) * 0x1.0p-53;
}

int
nx_split_side(const struct nx_split *s, uint64_t key)
{
	double u = nx_split_unit(key);
	int i = 0;

	while (i < s->nsides - 1 && u >= s->cut[i])
		i++;
	return i;
}

void
nx_split_quota(
    unsigned long long *q, const struct nx_split *s, unsigned long long n)
{
	unsigned long long done = 0;

	for (int i = 0; i < s->nsides - 1; i++) {
		unsigned long long upto =
		    (unsigned long long)((double)n * s->cut[i] + 0.5);

		q[i] = upto > done ? upto - done : 0;
		done += q[i];
	}
	q[s->nsides - 1] = n - done;
}

int
nx_keys_add(struct nx_keys *ks, uint64_t key)
{
	if (ks->n == ks->cap) {
		size_t cap = ks->cap ? ks->cap * 2 : 1024;
		uint64_t *p = realloc(ks->k, cap * sizeof(*p));

		if (p == NULL)
			return -1;
		ks->k = p;
		ks->cap = cap;
	}
	ks->k[ks->n++] = key;
	return 0;
}

static int
by_key(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

unsigned long long
nx_keys_shared(struct nx_keys *a, struct nx_keys *b)
{
	unsigned long long shared = 0;
	size_t x = 0, y = 0;

	if (a->n > 0)
		qsort(a->k, a->n, sizeof(*a->k), by_key);
	if (b->n > 0)
		qsort(b->k, b->n, sizeof(*b->k), by_key);
	while (x < a->n && y < b->n) {
		if (a->k[x] < b->k[y]) {
			x++;
		} else if (a->k[x] > b->k[y]) {
			y++;
		} else {
			uint64_t k = a->k[x];

			shared++;
			while (x < a->n && a->k[x] == k)
				x++;
			while (y < b->n && b->k[y] == k)
				y++;
		}
	}
	return shared;
}

void
nx_keys_free(struct nx_keys *ks)
{
	free(ks->k);
	ks->k = NULL;
	ks->n = ks->cap = 0;
}

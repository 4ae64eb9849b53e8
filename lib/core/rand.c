#include "rand.h"

void
nx_rand_init(struct nx_rand *r, uint64_t seed, uint64_t stream)
{
	r->state =
	    nx_rand_mix(seed ^ nx_rand_mix(stream + 0x9E3779B97F4A7C15ULL));
}

uint64_t
nx_rand_next(struct nx_rand *r)
{
	r->state += 0x9E3779B97F4A7C15ULL;
	return nx_rand_mix(r->state);
}

uint64_t
nx_rand_below(struct nx_rand *r, uint64_t n)
{
	uint64_t limit = -n % n; /* 2^64 mod n: values below it are biased */
	uint64_t x;

	do
		x = nx_rand_next(r);
	while (x < limit);
	return x % n;
}

double
nx_rand_unit(struct nx_rand *r)
{
	return (double)(nx_rand_next(r) >> 11) * 0x1.0p-53;
}

void
nx_perm_init(struct nx_perm *p, uint64_t n, uint64_t key)
{
	unsigned bits = 2;

	while (bits < 64 && ((uint64_t)1 << bits) < n)
		bits++;
	p->n = n;
	for (uint64_t i = 0; i < 4; i++)
		p->round[i] = nx_rand_mix(key + i);
	p->half = (bits + 1) / 2;
}

static uint64_t
feistel(const struct nx_perm *p, uint64_t x)
{
	uint64_t mask = ((uint64_t)1 << p->half) - 1;
	uint64_t l = x >> p->half, r = x & mask;

	for (int i = 0; i < 4; i++) {
		uint64_t f = nx_rand_mix(r ^ p->round[i]) & mask;
		uint64_t t = l ^ f;

		l = r;
		r = t;
	}
	return l << p->half | r;
}

uint64_t
nx_perm_apply(const struct nx_perm *p, uint64_t i)
{
	/* The domain is at most four times n, so the walk is short. */
	do
		i = feistel(p, i);
	while (i >= p->n);
	return i;
}

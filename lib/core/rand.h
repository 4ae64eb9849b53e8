/*
 * rand: seeded, reproducible randomness — the same seed gives the same
 * numbers on every machine, so runs can be repeated byte for byte.
 */
#ifndef NX_RAND_H
#define NX_RAND_H

#include <stdint.h>

/* splitmix64: a generator whose whole state is one 64-bit word. */
struct nx_rand {
	uint64_t state;
};

/* A generator for stream `stream` of seed: streams are independent. */
void nx_rand_init(struct nx_rand *r, uint64_t seed, uint64_t stream);

uint64_t nx_rand_next(struct nx_rand *r);

/* Uniform in [0, n), n > 0, without modulo bias. */
uint64_t nx_rand_below(struct nx_rand *r, uint64_t n);

/* Uniform in [0, 1). */
double nx_rand_unit(struct nx_rand *r);

/* A 64-bit mix of x: the finaliser of splitmix64.  Inline: MinHash calls it
 * 128 times a shingle. */
static inline uint64_t
nx_rand_mix(uint64_t x)
{
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
	return x ^ (x >> 31);
}

/*
 * A seeded permutation of [0, n), computed one index at a time in constant
 * memory: a Feistel network over the next even power of two, cycle-walking
 * back into range.
 */
struct nx_perm {
	uint64_t n;
	uint64_t round[4]; /* round keys */
	unsigned half;	   /* bits in each Feistel half */
};

void nx_perm_init(struct nx_perm *p, uint64_t n, uint64_t key);
uint64_t nx_perm_apply(const struct nx_perm *p, uint64_t i);

#endif

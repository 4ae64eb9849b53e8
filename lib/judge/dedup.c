#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>
#include <xxhash.h>

#include "buf.h"
#include "dedup.h"
#include "rand.h"

/* An exact entry: 8 bytes of hash, 8 of payload. */
struct slot {
	uint64_t key; /* 0: empty (a hash of 0 is taken as 1) */
	uint64_t payload;
};

/*
 * The exact table is SHARDS open-addressing tables, picked by a key's top
 * bits: a shard grows by a fifth when 4/5 full, so the table is 64 to 80 %
 * full (20 to 25 bytes a key), and while a shard moves, the only two
 * copies alive are of that shard, a 64th of the whole.
 */
#define SHARDS 64

struct shard {
	struct slot *slots;
	size_t n, used;
};

/* A near entry: where its shingle set is in the spool, its payload. */
struct entry {
	uint64_t set;
	uint32_t nset;
	uint32_t short_key; /* 1: judged by its words against short keys */
	uint64_t payload;
};

/* A short key's canonical form: its hash and the first entry with it. */
struct words {
	uint64_t hash; /* 0: empty */
	uint32_t entry;
};

/*
 * The LSH buckets are one open-addressing table of (band key, entry)
 * slots: a bucket is the slots of one key, in the cluster after its home
 * slot, oldest first.  A key holds 32 bits of the band's value (its home
 * comes from the other 32), so there is no per-entry chain and no copy of
 * the band values: 8 bytes a slot, at most NX_DEDUP_BANDS slots an entry.
 */
struct band {
	uint32_t key; /* 0: empty */
	uint32_t entry;
};

#define SIM_PAIRS 16384 /* slots of nx_dedup_similarity's map of pairs */

struct nx_dedup {
	enum nx_dedup_mode mode;
	double threshold;
	/* exact */
	struct shard shards[SHARDS];
	size_t used;
	/* near */
	struct entry *entries;
	size_t nentries, entcap;
	FILE *spool; /* the shingle sets, which only confirmations read */
	uint64_t spooled, flushed; /* bytes in all, bytes in the file */
	uint32_t *tail; /* the spool's last sets, not yet in the file */
	size_t ntail;
	struct band *bands;
	size_t nbands, bused;
	uint64_t seeds[NX_DEDUP_HASHES];
	struct words *words; /* short keys by canonical form */
	size_t nwords, wused;
	/* scratch */
	uint32_t *shingles;
	size_t shcap;
	uint32_t *sortroom; /* room for sorting the shingles */
	size_t sortcap;
	uint32_t *other; /* a candidate's set, read back */
	size_t othercap;
	uint32_t *seen; /* candidates already compared, by entry */
	uint32_t stamp;
	size_t seencap;
	/* nx_dedup_similarity's table of two keys' shingles */
	struct simslot *sim;
	size_t simcap; /* slots, a power of two */
	uint32_t simgen;
	uint64_t *bits; /* and its two bit maps, which most pairs need only */
	size_t bitcap; /* words */
	uint8_t pairs[SIM_PAIRS]; /* or a map of one key's byte pairs */
	uint8_t pairstamp;
};

/* A shingle of two keys being compared: its hash, the call that put it
 * there (older slots are empty) and which keys hold it (1, 2 or 3). */
struct simslot {
	uint64_t h;
	uint32_t gen, keys;
};

int
nx_dedup_new(struct nx_dedup **out, enum nx_dedup_mode mode, double threshold,
    struct nx_error *err)
{
	struct nx_dedup *d = calloc(1, sizeof(*d));
	struct nx_rand r;

	*out = NULL;
	if (d == NULL)
		return nx_error_set(err, "out of memory");
	d->mode = mode;
	d->threshold = threshold;
	nx_rand_init(&r, 0x6E6F7661, 1); /* fixed: indexes stay comparable */
	for (int i = 0; i < NX_DEDUP_HASHES; i++)
		d->seeds[i] = nx_rand_next(&r) | 1;
	*out = d;
	return 0;
}

void
nx_dedup_free(struct nx_dedup *d)
{
	if (d == NULL)
		return;
	for (int i = 0; i < SHARDS; i++)
		free(d->shards[i].slots);
	free(d->entries);
	if (d->spool != NULL)
		fclose(d->spool);
	free(d->tail);
	free(d->bands);
	free(d->words);
	free(d->shingles);
	free(d->sortroom);
	free(d->other);
	free(d->seen);
	free(d->sim);
	free(d->bits);
	free(d);
}

size_t
nx_dedup_count(const struct nx_dedup *d)
{
	return d->mode == NX_DEDUP_EXACT ? d->used : d->nentries;
}

/* --- exact ------------------------------------------------------------------
 */

/* Key's home slot in a shard of n slots, from its low 32 bits (the top
 * bits chose the shard). */
static size_t
exact_home(uint64_t key, size_t n)
{
	return (size_t)(((key & 0xFFFFFFFFu) * (uint64_t)n) >> 32);
}

static struct shard *
shard_of(struct nx_dedup *d, uint64_t key)
{
	return &d->shards[key >> 58];
}

/* Add key (not in the table) with payload.  0, or -1 on no memory. */
static int
exact_add(struct nx_dedup *d, uint64_t key, uint64_t payload)
{
	struct shard *sh = shard_of(d, key);
	size_t j;

	if ((sh->used + 1) * 5 > sh->n * 4) {
		size_t n = sh->n < 64 ? 64 : sh->n + sh->n / 5;
		struct slot *s = calloc(n, sizeof(*s));

		if (s == NULL)
			return -1;
		for (size_t i = 0; i < sh->n; i++) {
			if (sh->slots[i].key == 0)
				continue;
			for (j = exact_home(sh->slots[i].key, n); s[j].key != 0;
			     j = j + 1 == n ? 0 : j + 1)
				;
			s[j] = sh->slots[i];
		}
		free(sh->slots);
		sh->slots = s;
		sh->n = n;
	}
	for (j = exact_home(key, sh->n); sh->slots[j].key != 0;
	     j = j + 1 == sh->n ? 0 : j + 1)
		;
	sh->slots[j].key = key;
	sh->slots[j].payload = payload;
	sh->used++;
	d->used++;
	return 0;
}

static int
check_exact(struct nx_dedup *d, const char *key, size_t len, int add,
    uint64_t *payload, double *sim, struct nx_error *err)
{
	/* The low half of the 128-bit hash, as indexes of version 1 hold. */
	uint64_t h = XXH3_128bits(key, len).low64;
	struct shard *sh;

	h += h == 0; /* 0 marks an empty slot */
	sh = shard_of(d, h);
	if (sh->n > 0)
		for (size_t j = exact_home(h, sh->n); sh->slots[j].key != 0;
		     j = j + 1 == sh->n ? 0 : j + 1)
			if (sh->slots[j].key == h) {
				*payload = sh->slots[j].payload;
				*sim = 1.0;
				return 1;
			}
	if (add && exact_add(d, h, *payload) < 0)
		return nx_error_set(err, "out of memory");
	return 0;
}

/* --- near ---------------------------------------------------------------- */

/* Sort a[0..n) with tmp[0..n) as room: least significant byte first, four
 * passes of counting (a key's shingles are hundreds, where qsort's calls
 * cost more than hashing them). */
static void
sort_u32(uint32_t *a, uint32_t *tmp, size_t n)
{
	size_t count[4][256] = {{0}};

	if (n < 32) {
		for (size_t i = 1; i < n; i++) {
			uint32_t v = a[i];
			size_t j = i;

			for (; j > 0 && a[j - 1] > v; j--)
				a[j] = a[j - 1];
			a[j] = v;
		}
		return;
	}
	for (size_t i = 0; i < n; i++)
		for (int b = 0; b < 4; b++)
			count[b][(a[i] >> (8 * b)) & 0xFF]++;
	for (int b = 0; b < 4; b++) {
		uint32_t *from = b % 2 ? tmp : a, *to = b % 2 ? a : tmp;
		size_t at = 0;

		for (int v = 0; v < 256; v++) {
			size_t c = count[b][v];

			count[b][v] = at;
			at += c;
		}
		for (size_t i = 0; i < n; i++)
			to[count[b][(from[i] >> (8 * b)) & 0xFF]++] = from[i];
	}
}

/* The distinct hashes of the key's 5-character shingles, sorted. */
static size_t
shingle(struct nx_dedup *d, const char *key, size_t len)
{
	size_t starts[NX_DEDUP_SHINGLE + 1], n = 0, cps = 0, out = 0;

	if (len + 1 > d->shcap) {
		uint32_t *p = realloc(d->shingles, (len + 1) * sizeof(*p));

		if (p == NULL)
			return 0;
		d->shingles = p;
		d->shcap = len + 1;
	}
	if (len + 1 > d->sortcap) {
		uint32_t *p = realloc(d->sortroom, (len + 1) * sizeof(*p));

		if (p == NULL)
			return 0;
		d->sortroom = p;
		d->sortcap = len + 1;
	}
	for (size_t i = 0; i < len; i++)
		cps += ((unsigned char)key[i] & 0xC0) != 0x80;
	if (cps <= NX_DEDUP_SHINGLE) {
		d->shingles[0] = (uint32_t)XXH3_64bits(key, len);
		return 1;
	}
	/* A window of NX_DEDUP_SHINGLE code points slides over the key. */
	for (size_t i = 0; i <= len; i++) {
		if (i < len && ((unsigned char)key[i] & 0xC0) == 0x80)
			continue;
		if (n == NX_DEDUP_SHINGLE + 1) {
			memmove(starts, starts + 1,
			    NX_DEDUP_SHINGLE * sizeof(*starts));
			n--;
		}
		starts[n++] = i;
		if (n == NX_DEDUP_SHINGLE + 1)
			d->shingles[out++] =
			    (uint32_t)XXH3_64bits(key + starts[0],
				starts[NX_DEDUP_SHINGLE] - starts[0]);
	}
	sort_u32(d->shingles, d->sortroom, out);
	n = 0;
	for (size_t i = 0; i < out; i++)
		if (i == 0 || d->shingles[i] != d->shingles[n - 1])
			d->shingles[n++] = d->shingles[i];
	return n;
}

/*
 * The least number of shared shingles that makes sets of na and nb
 * shingles similar: the smallest b with b / (na + nb - b) >= threshold in
 * the very arithmetic of the similarity reported, or min(na, nb) + 1 when
 * none does.  The similarity grows with b, so a pair sharing fewer is
 * below the threshold whatever else it holds.
 */
static size_t
least_shared(double threshold, size_t na, size_t nb)
{
	size_t most = na < nb ? na : nb, b;
	double guess = threshold * (double)(na + nb) / (1 + threshold);

	b = !(guess > 0) ? 0 : guess >= (double)most ? most : (size_t)guess;
	while (
	    b > 0 && (double)(b - 1) / (double)(na + nb - (b - 1)) >= threshold)
		b--;
	while (b <= most && (double)b / (double)(na + nb - b) < threshold)
		b++;
	return b;
}

/*
 * Jaccard similarity of two sorted sets, or -1 as soon as they cannot
 * share need shingles: each shingle found in one set only is one fewer
 * that could be shared.
 */
static double
jaccard(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, size_t need)
{
	size_t i = 0, j = 0, both = 0;
	size_t spare_a = na - need, spare_b = nb - need; /* need <= na, nb */

	while (i < na && j < nb) {
		if (a[i] < b[j]) {
			if (spare_a-- == 0)
				return -1;
			i++;
		} else if (a[i] > b[j]) {
			if (spare_b-- == 0)
				return -1;
			j++;
		} else
			both++, i++, j++;
	}
	if (both < need)
		return -1;
	return (double)both / (double)(na + nb - both);
}

/* A byte as the shingles read it: an ASCII letter in lower case, a
 * digit, a space for any other ASCII byte (a gap: white space,
 * punctuation, control), and a byte of a longer code point as it is. */
static const unsigned char sim_bytes[256] = {
	' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
	' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
	' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
	' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
	' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
	' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
	'0', '1', '2', '3', '4', '5', '6', '7',
	'8', '9', ' ', ' ', ' ', ' ', ' ', ' ',
	' ', 'a', 'b', 'c', 'd', 'e', 'f', 'g',
	'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
	'p', 'q', 'r', 's', 't', 'u', 'v', 'w',
	'x', 'y', 'z', ' ', ' ', ' ', ' ', ' ',
	' ', 'a', 'b', 'c', 'd', 'e', 'f', 'g',
	'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
	'p', 'q', 'r', 's', 't', 'u', 'v', 'w',
	'x', 'y', 'z', ' ', ' ', ' ', ' ', ' ',
	0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
	0x88, 0x89, 0x8A, 0x8B, 0x8C, 0x8D, 0x8E, 0x8F,
	0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97,
	0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F,
	0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7,
	0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE, 0xAF,
	0xB0, 0xB1, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7,
	0xB8, 0xB9, 0xBA, 0xBB, 0xBC, 0xBD, 0xBE, 0xBF,
	0xC0, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7,
	0xC8, 0xC9, 0xCA, 0xCB, 0xCC, 0xCD, 0xCE, 0xCF,
	0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7,
	0xD8, 0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF,
	0xE0, 0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7,
	0xE8, 0xE9, 0xEA, 0xEB, 0xEC, 0xED, 0xEE, 0xEF,
	0xF0, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7,
	0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF,
};

/*
 * Call cp(ctx, e) with each code point e (+ 1, so never 0) of key as the
 * shingles read it, and stop (1) as soon as it returns nonzero: ASCII
 * letters in lower case, each run of other ASCII characters (white
 * space, punctuation) as one space, none at the ends; a code point is
 * taken whole from its first byte (a cut one takes what follows).
 * Inline, so that each caller's cp is too.
 */
static inline int
sim_walk(const char *key, size_t len, int (*cp)(void *ctx, uint64_t e),
    void *ctx)
{
	size_t i = 0;
	int gap = 0, any = 0;

	while (i < len) {
		unsigned char b = (unsigned char)key[i];
		uint64_t c = b;

		if (b < 0x80) {
			i++;
			if ((c = sim_bytes[b]) == ' ') {
				gap = any;
				continue;
			}
		} else {
			size_t l = b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;

			for (size_t j = 1; j < l && i + j < len; j++)
				c = c << 8 | (unsigned char)key[i + j];
			i += l;
		}
		any = 1;
		if (gap) { /* a pending space enters first */
			gap = 0;
			if (cp(ctx, ' ' + 1))
				return 1;
		}
		if (cp(ctx, c + 1))
			return 1;
	}
	return 0;
}

/*
 * A window's hash is a polynomial over its code points, rolled from one
 * window to the next (not the index's XXH3: the two sets are only
 * compared with each other, and this runs on every preference pair).
 */
#define SIM_M 0x9E3779B97F4A7C15ull

struct sim_roll {
	uint64_t w, out, ring[8]; /* code point n at n % 8 */
	size_t n;
};

static inline void
sim_roll_init(struct sim_roll *s)
{
	memset(s, 0, sizeof(*s));
	s->out = 1;
	for (int j = 0; j < NX_DEDUP_SHINGLE; j++)
		s->out *= SIM_M; /* m^5: what the oldest code point weighs */
}

/* Roll code point e in: 1 once the window is full. */
static inline int
sim_roll(struct sim_roll *s, uint64_t e)
{
	/* the one leaving: 0 (unwritten) until the window is full */
	s->w = s->w * SIM_M + e -
	    s->ring[(s->n - NX_DEDUP_SHINGLE) % 8] * s->out;
	s->ring[s->n % 8] = e;
	return ++s->n >= NX_DEDUP_SHINGLE;
}

/* sim_windows' walk: the window, and where each goes. */
struct sim_win {
	struct sim_roll s;
	struct nx_dedup *d;
	int (*put)(struct nx_dedup *d, uint64_t w, void *ctx);
	void *ctx;
};

static inline int
sim_win_cp(void *ctx, uint64_t e)
{
	struct sim_win *v = ctx;

	return sim_roll(&v->s, e) && v->put(v->d, v->s.w, v->ctx);
}

/*
 * Call put(d, w, ctx) with each window's hash w of key's shingles, and
 * stop (1) as soon as it returns nonzero; 0 once all are put.  A key of
 * fewer than 5 code points is one shingle.  Inline, as sim_walk.
 */
static inline int
sim_windows(struct nx_dedup *d, const char *key, size_t len,
    int (*put)(struct nx_dedup *d, uint64_t w, void *ctx), void *ctx)
{
	struct sim_win v = {.d = d, .put = put, .ctx = ctx};

	sim_roll_init(&v.s);
	if (sim_walk(key, len, sim_win_cp, &v))
		return 1;
	return v.s.n < NX_DEDUP_SHINGLE && put(d, v.s.w, ctx);
}

/* Counts of two keys' shingles in d's table: those of key k (1 or 2),
 * and those both keys hold. */
struct sim_count {
	uint32_t k;
	size_t distinct, both;
};

/* Count shingle w into d's table as key k's. */
static int
sim_put(struct nx_dedup *d, uint64_t w, void *ctx)
{
	struct sim_count *c = ctx;
	size_t mask = d->simcap - 1;
	size_t at = (size_t)((w * 0xD6E8FEB86659FD93ull) >> 32) & mask;

	while (d->sim[at].gen == d->simgen && d->sim[at].h != w)
		at = (at + 1) & mask;
	if (d->sim[at].gen != d->simgen) {
		d->sim[at] = (struct simslot){w, d->simgen, c->k};
		c->distinct++;
	} else if (!(d->sim[at].keys & c->k)) {
		d->sim[at].keys |= c->k;
		c->distinct++;
		c->both++;
	}
	return 0;
}

/*
 * The proof that two keys A and B are not similar, from two bit maps
 * instead of the table: A's windows set bits in the first, and a window
 * of B whose bit is clear there is a shingle A lacks; if its bit in the
 * second is clear too, it is one B had not shown before, and sets it.
 * Bits shared by two hashes only hide shingles, so `alone` is at most
 * the true number y of B's shingles that A lacks, and `windows` at least
 * A's |A| (a shingle per window, repeats counted).  The similarity
 * |A & B| / (|A| + y) is then at most windows / (windows + alone).
 */
struct sim_proof {
	uint64_t *a, *alone_seen;
	unsigned shift;
	size_t windows, alone, enough; /* enough: alone that proves it */
};

static size_t
sim_bit(const struct sim_proof *p, uint64_t w)
{
	return (size_t)((w * 0xD6E8FEB86659FD93ull) >> p->shift);
}

static int
sim_mark(struct nx_dedup *d, uint64_t w, void *ctx)
{
	struct sim_proof *p = ctx;
	size_t at = sim_bit(p, w);

	(void)d;
	p->a[at / 64] |= 1ull << (at % 64);
	p->windows++;
	return 0;
}

static int
sim_lacks(struct nx_dedup *d, uint64_t w, void *ctx)
{
	struct sim_proof *p = ctx;
	size_t at = sim_bit(p, w);
	uint64_t bit = 1ull << (at % 64);

	(void)d;
	if ((p->a[at / 64] & bit) || (p->alone_seen[at / 64] & bit))
		return 0;
	p->alone_seen[at / 64] |= bit;
	return ++p->alone >= p->enough;
}

/* The proof's two bit maps for keys of na and nb bytes, cleared. */
static int
sim_maps(struct nx_dedup *d, struct sim_proof *p, size_t na, size_t nb)
{
	size_t bits = 64, words;

	/* at most one window a byte: each map at most 1/8 full */
	for (p->shift = 64 - 6; bits < 8 * (na + nb + 2); bits *= 2)
		p->shift--;
	words = bits / 64;
	if (2 * words > d->bitcap) {
		free(d->bits);
		if ((d->bits = malloc(2 * words * sizeof(*d->bits))) == NULL) {
			d->bitcap = 0;
			return -1;
		}
		d->bitcap = 2 * words;
	}
	memset(d->bits, 0, 2 * words * sizeof(*d->bits));
	p->a = d->bits;
	p->alone_seen = d->bits + words;
	return 0;
}

/*
 * The least alone with windows / (windows + alone) < at_least, in the
 * very arithmetic of the similarity reported, into p->enough: 0 when b
 * (no more shingles than bytes, + 1 for an empty key) cannot have that
 * many.
 */
static size_t
sim_enough(struct sim_proof *p, double at_least, size_t nb)
{
	double guess = (double)p->windows * (1 - at_least) / at_least;

	if (!(guess >= 0 && guess < (double)nb))
		return p->enough = 0;
	p->enough = (size_t)guess;
	while (p->enough > 0 && (double)p->windows /
		    (double)(p->windows + p->enough - 1) < at_least)
		p->enough--;
	while (!((double)p->windows / (double)(p->windows + p->enough) <
	    at_least))
		p->enough++;
	return p->enough;
}

/* sim_lacks for a shingle known to be missing from A. */
static inline int
sim_alone(struct sim_proof *p, uint64_t w)
{
	size_t at = sim_bit(p, w);
	uint64_t bit = 1ull << (at % 64);

	if (p->alone_seen[at / 64] & bit)
		return 0;
	p->alone_seen[at / 64] |= bit;
	return ++p->alone >= p->enough;
}
/*
 * 1 with *sim below at_least (> 0) when the bit maps prove a and b less
 * similar; 0 when they cannot (the table must count); -1 on no memory.
 */
static int
sim_disprove(struct nx_dedup *d, double *sim, double at_least, const char *a,
    size_t na, const char *b, size_t nb)
{
	struct sim_proof p = {0};

	if (sim_maps(d, &p, na, nb) < 0)
		return -1;
	sim_windows(d, a, na, sim_mark, &p);
	if (sim_enough(&p, at_least, nb) == 0 ||
	    !sim_windows(d, b, nb, sim_lacks, &p))
		return 0;
	*sim = (double)p.windows / (double)(p.windows + p.enough);
	return 1;
}

/*
 * The same proof with a coarser map of A, quicker to make: the pairs of
 * neighbouring bytes in A, each byte as the shingles read it (ASCII gaps
 * as spaces, a gap's run giving "  " pairs too).  Every shingle of A is
 * neighbouring code points of A, so its bytes' pairs are in that map; a
 * window of B with a pair the map lacks is a shingle A lacks, and it
 * counts, once, if its bit in the proof's second map was clear.  A has
 * no more shingles than bytes - 4 (a code point or a gap is at least a
 * byte), or 1.  The map's slots hold the call's stamp, so nothing is
 * cleared between calls.
 */

static size_t
sim_pair(unsigned x, unsigned y)
{
	return ((size_t)x << 6 ^ y) % SIM_PAIRS;
}

struct sim_pairs {
	const uint8_t *map;
	uint8_t pairstamp;
	unsigned last;      /* the byte before this code point */
	size_t k, lacks_to; /* code points; windows ending before lack */
	struct sim_roll s;
	struct sim_proof *p;
};

/* Whether the map lacks a pair of code point e's bytes, the one before
 * it included. */
static inline int
sim_pairs_lack(struct sim_pairs *q, uint64_t e)
{
	uint64_t c = e - 1;
	int lack = 0, top = 0;

	if (c < 0x80) {
		lack = q->map[sim_pair(q->last, (unsigned)c)] != q->pairstamp;
		q->last = (unsigned)c;
		return lack;
	}
	while (top < 56 && c >> (top + 8) != 0)
		top += 8;
	for (; top >= 0; top -= 8) {
		unsigned y = sim_bytes[(unsigned char)(c >> top)];

		lack |= q->map[sim_pair(q->last, y)] != q->pairstamp;
		q->last = y;
	}
	return lack;
}

static inline int
sim_pairs_lacks(void *ctx, uint64_t e)
{
	struct sim_pairs *q = ctx;
	size_t k = q->k++;

	/* the windows ending here and at the next 3 hold its pairs (and
	 * the next, its own, but fewer is safe) */
	if (sim_pairs_lack(q, e) && k > 0)
		q->lacks_to = k + NX_DEDUP_SHINGLE - 1;
	return sim_roll(&q->s, e) && k < q->lacks_to &&
	    sim_alone(q->p, q->s.w);
}

static int
sim_disprove_pairs(struct nx_dedup *d, double *sim, double at_least,
    const char *a, size_t na, const char *b, size_t nb)
{
	struct sim_proof p = {0};
	struct sim_pairs q = {.map = d->pairs, .p = &p};
	unsigned x = ' ';

	if (++d->pairstamp == 0) { /* wrapped: every slot stale again */
		memset(d->pairs, 0, sizeof(d->pairs));
		d->pairstamp = 1;
	}
	for (size_t i = 0; i < na; i++) {
		unsigned y = sim_bytes[(unsigned char)a[i]];

		d->pairs[sim_pair(x, y)] = d->pairstamp;
		x = y;
	}
	q.pairstamp = d->pairstamp;
	q.last = ' ';
	p.windows = na > NX_DEDUP_SHINGLE ? na - (NX_DEDUP_SHINGLE - 1) : 1;
	/* A's map of shingles stays empty: only the second is read */
	if (sim_maps(d, &p, na, nb) < 0)
		return -1;
	if (sim_enough(&p, at_least, nb) == 0)
		return 0;
	sim_roll_init(&q.s);
	if (!sim_walk(b, nb, sim_pairs_lacks, &q))
		return 0;
	*sim = (double)p.windows / (double)(p.windows + p.enough);
	return 1;
}

int
nx_dedup_similarity(struct nx_dedup *d, double *sim, double at_least,
    const char *a, size_t na, const char *b, size_t nb, struct nx_error *err)
{
	size_t need = 2 * (na + nb + 2);
	struct sim_count ca = {1, 0, 0}, cb = {2, 0, 0};
	int rc;

	/* The shorter first: its shingles bound the similarity. */
	if (nb < na) {
		const char *t = a;
		size_t n = na;

		a = b, na = nb, b = t, nb = n;
	}
	/* Most pairs are unlike: proved so without the table. */
	if (at_least > 0 &&
	    ((rc = sim_disprove_pairs(d, sim, at_least, a, na, b, nb)) !=
		    0 ||
		(rc = sim_disprove(d, sim, at_least, a, na, b, nb)) != 0))
		return rc < 0 ? nx_error_set(err, "out of memory") : 0;
	/* at most one shingle a byte: the table stays under half full */
	if (need > d->simcap) {
		size_t cap = 64;

		while (cap < need)
			cap *= 2;
		free(d->sim);
		if ((d->sim = calloc(cap, sizeof(*d->sim))) == NULL) {
			d->simcap = 0;
			return nx_error_set(err, "out of memory");
		}
		d->simcap = cap;
		d->simgen = 0;
	}
	if (++d->simgen == 0) { /* wrapped: every slot empty again */
		memset(d->sim, 0, d->simcap * sizeof(*d->sim));
		d->simgen = 1;
	}
	sim_windows(d, a, na, sim_put, &ca);
	sim_windows(d, b, nb, sim_put, &cb);
	*sim = (double)cb.both /
	    (double)(ca.distinct + cb.distinct - cb.both);
	return 0;
}

/* A band key's home slot. */
static size_t
home(const struct nx_dedup *d, uint32_t key)
{
	return (size_t)nx_rand_mix(key) & (d->nbands - 1);
}

static int
grow_bands(struct nx_dedup *d)
{
	size_t n = d->nbands ? d->nbands * 2 : 4096, first = 0;
	struct band *b = calloc(n, sizeof(*b)), *old = d->bands;
	size_t oldn = d->nbands;

	if (b == NULL)
		return -1;
	d->bands = b;
	d->nbands = n;
	/* Walked once from just after an empty slot, so every cluster is
	 * read from its start and each bucket keeps its oldest-first order. */
	while (first < oldn && old[first].key != 0)
		first++;
	for (size_t k = 0; k < oldn; k++) {
		const struct band *o = &old[(first + k) & (oldn - 1)];
		size_t j;

		if (o->key == 0)
			continue;
		for (j = home(d, o->key); b[j].key != 0; j = (j + 1) & (n - 1))
			;
		b[j] = *o;
	}
	free(old);
	return 0;
}

/* The spool's tail holds this many shingles (1 MiB): written out in
 * large writes, and read in place while a set is still there. */
#define TAIL ((size_t)1 << 18)

static int
spool_write(struct nx_dedup *d, const uint32_t *p, size_t n)
{
	const char *at = (const char *)p;
	size_t left = n * sizeof(uint32_t);

	while (left > 0) {
		ssize_t w =
		    pwrite(fileno(d->spool), at, left, (off_t)d->flushed);

		if (w <= 0)
			return -1;
		at += w;
		left -= (size_t)w;
		d->flushed += (uint64_t)w;
	}
	return 0;
}

/* Append the set in d->shingles[0..n) to the spool; its offset into *at. */
static int
spool_set(struct nx_dedup *d, size_t n, uint64_t *at)
{
	if (d->spool == NULL && (d->spool = tmpfile()) == NULL)
		return -1;
	if (d->tail == NULL &&
	    (d->tail = malloc(TAIL * sizeof(uint32_t))) == NULL)
		return -1;
	*at = d->spooled;
	if (d->ntail + n > TAIL) {
		if (spool_write(d, d->tail, d->ntail) < 0)
			return -1;
		d->ntail = 0;
	}
	if (n > TAIL) {
		if (spool_write(d, d->shingles, n) < 0)
			return -1;
	} else {
		memcpy(d->tail + d->ntail, d->shingles, n * sizeof(uint32_t));
		d->ntail += n;
	}
	d->spooled += n * sizeof(uint32_t);
	return 0;
}

/* Entry e's shingle set: in the tail, or read back from the file into buf
 * (grown to *cap).  NULL on a read error or no memory. */
static const uint32_t *
entry_set(const struct nx_dedup *d, const struct entry *e, uint32_t **buf,
    size_t *cap)
{
	size_t bytes = (size_t)e->nset * sizeof(uint32_t);

	if (e->set >= d->flushed)
		return d->tail + (e->set - d->flushed) / sizeof(uint32_t);
	if (e->nset > *cap) {
		uint32_t *p = realloc(*buf, bytes);

		if (p == NULL)
			return NULL;
		*buf = p;
		*cap = e->nset;
	}
	if (pread(fileno(d->spool), *buf, bytes, (off_t)e->set) !=
	    (ssize_t)bytes)
		return NULL;
	return *buf;
}

/* --- short keys by their words ------------------------------------------ */

/* The hash of a canonical form (nx_para_canon); 0 for none. */
static uint64_t
words_hash(const char *w, size_t n)
{
	uint64_t h;

	if (w == NULL || n == 0)
		return 0;
	h = XXH3_64bits(w, n);
	return h != 0 ? h : 1;
}

/* The first entry whose canonical form hashes to h, or -1. */
static int64_t
find_words(const struct nx_dedup *d, uint64_t h)
{
	if (d->nwords == 0)
		return -1;
	for (size_t j = h & (d->nwords - 1); d->words[j].hash != 0;
	     j = (j + 1) & (d->nwords - 1))
		if (d->words[j].hash == h)
			return d->words[j].entry;
	return -1;
}

static void
put_words(struct words *t, size_t n, uint64_t h, uint32_t e)
{
	size_t j;

	for (j = h & (n - 1); t[j].hash != 0; j = (j + 1) & (n - 1))
		;
	t[j].hash = h;
	t[j].entry = e;
}

static int
add_words(struct nx_dedup *d, uint64_t h, uint32_t e)
{
	if ((d->wused + 1) * 5 > d->nwords * 4) {
		size_t n = d->nwords ? d->nwords * 2 : 1024;
		struct words *t = calloc(n, sizeof(*t));

		if (t == NULL)
			return -1;
		for (size_t i = 0; i < d->nwords; i++)
			if (d->words[i].hash != 0)
				put_words(
				    t, n, d->words[i].hash, d->words[i].entry);
		free(d->words);
		d->words = t;
		d->nwords = n;
	}
	put_words(d->words, d->nwords, h, e);
	d->wused++;
	return 0;
}

static int
add_near(struct nx_dedup *d, const uint64_t *keys, size_t n, uint64_t payload,
    uint64_t words)
{
	uint32_t e = (uint32_t)d->nentries;

	if (d->nentries == d->entcap) {
		size_t cap = d->entcap ? d->entcap * 2 : 1024;
		struct entry *p = realloc(d->entries, cap * sizeof(*p));

		if (p == NULL)
			return -1;
		d->entries = p;
		d->entcap = cap;
	}
	if (spool_set(d, n, &d->entries[e].set) < 0)
		return -1;
	d->entries[e].nset = (uint32_t)n;
	d->entries[e].payload = payload;
	d->entries[e].short_key = words != 0;
	if (words != 0 && find_words(d, words) < 0 &&
	    add_words(d, words, e) < 0)
		return -1;
	for (int b = 0; b < NX_DEDUP_BANDS; b++) {
		uint32_t key = (uint32_t)(keys[b] >> 32) | 1;
		size_t j, have = 0;

		if ((d->bused + 1) * 10 > d->nbands * 9 && grow_bands(d) < 0)
			return -1;
		for (j = home(d, key); d->bands[j].key != 0;
		     j = (j + 1) & (d->nbands - 1))
			have += d->bands[j].key == key;
		/* A full bucket keeps its first entries; this one is still
		 * found through its other bands. */
		if (have >= NX_DEDUP_PROBES)
			continue;
		d->bands[j].key = key;
		d->bands[j].entry = e;
		d->bused++;
	}
	d->nentries++;
	return 0;
}

/*
 * The MinHash values of the shingle set sh[0..n): for each seed, the least
 * mix of a shingle with it.  Shingles outside, seeds inside: the inner loop
 * is the same few operations on NX_DEDUP_HASHES lanes, which the compiler
 * vectorises where the processor multiplies 64-bit lanes (a copy is built
 * for each such x86-64 level and the fastest one the machine has is taken
 * when the program starts; the values are the same on every path).
 */
#if defined(__x86_64__) && defined(__has_attribute)
#if __has_attribute(target_clones)
__attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#endif
#endif
static void
minhash(const uint32_t *sh, size_t n, const uint64_t *seeds,
    uint64_t mins[NX_DEDUP_HASHES])
{
	for (int i = 0; i < NX_DEDUP_HASHES; i++)
		mins[i] = UINT64_MAX;
	for (size_t s = 0; s < n; s++) {
		uint64_t x = sh[s];

		for (int i = 0; i < NX_DEDUP_HASHES; i++) {
			uint64_t v = nx_rand_mix(x ^ seeds[i]);

			mins[i] = v < mins[i] ? v : mins[i];
		}
	}
}

/* The LSH band values of the shingle set in d->shingles[0..n). */
static void
signature(const struct nx_dedup *d, size_t n, uint64_t bands[NX_DEDUP_BANDS])
{
	uint64_t mins[NX_DEDUP_HASHES];

	minhash(d->shingles, n, d->seeds, mins);
	for (int b = 0; b < NX_DEDUP_BANDS; b++)
		/* band b's rows, hashed with its number so bands differ */
		bands[b] = XXH3_64bits_withSeed(mins + b * NX_DEDUP_ROWS,
			       NX_DEDUP_ROWS * sizeof(uint64_t), (uint64_t)b) |
		    1;
}

/*
 * The entries similar to the key (its shingle set in d->shingles[0..n),
 * its band values in keys, words the hash of its canonical form or 0).  A
 * pair of short keys is the same when their words are, any other pair when
 * the Jaccard similarity of their shingle sets reaches the threshold.
 * With each NULL: the first match in a fixed order (words, then bands in
 * turn, newest first in each) into *best_e and *best, 1; else each match
 * goes to each, and the answer is whether there was one.  0 none, -1.
 */
static int
near_find(struct nx_dedup *d, size_t n, const uint64_t *keys, uint64_t words,
    int (*skip)(void *ctx, uint64_t payload),
    int (*each)(void *ctx, uint64_t payload, double sim), void *ctx,
    uint32_t *best_e, double *best, struct nx_error *err)
{
	int64_t w;
	int any = 0;

	*best = -1;
	if (d->nentries > d->seencap) {
		size_t cap = d->entcap;
		uint32_t *p = realloc(d->seen, cap * sizeof(*p));

		if (p == NULL)
			return nx_error_set(err, "out of memory");
		memset(p + d->seencap, 0, (cap - d->seencap) * sizeof(*p));
		d->seen = p;
		d->seencap = cap;
	}
	if (++d->stamp == 0) { /* wrapped: forget every mark */
		memset(d->seen, 0, d->seencap * sizeof(*d->seen));
		d->stamp = 1;
	}
	if (words != 0 && (w = find_words(d, words)) >= 0) {
		*best_e = (uint32_t)w;
		*best = 1;
		if (each == NULL)
			return 1;
		d->seen[w] = d->stamp;
		any = 1;
		if ((skip == NULL || !skip(ctx, d->entries[w].payload)) &&
		    each(ctx, d->entries[w].payload, 1) < 0)
			return -1;
	}
	for (int b = 0; b < NX_DEDUP_BANDS && d->nbands > 0; b++) {
		uint32_t k = (uint32_t)(keys[b] >> 32) | 1, in[NX_DEDUP_PROBES];
		int m = 0;

		/* The bucket, oldest first; confirmed newest first. */
		for (size_t j = home(d, k);
		     d->bands[j].key != 0 && m < NX_DEDUP_PROBES;
		     j = (j + 1) & (d->nbands - 1))
			if (d->bands[j].key == k)
				in[m++] = d->bands[j].entry;
		while (m > 0) {
			uint32_t e = in[--m];
			const uint32_t *set;
			size_t need;
			double j;

			if (d->seen[e] == d->stamp)
				continue;
			d->seen[e] = d->stamp;
			/* two short keys: their words have spoken */
			if (words != 0 && d->entries[e].short_key)
				continue;
			/* what the caller knows already needs no reading */
			if (skip != NULL && skip(ctx, d->entries[e].payload))
				continue;
			/* Sets too unlike in size to share enough are never
			 * read back. */
			need =
			    least_shared(d->threshold, n, d->entries[e].nset);
			if (need > n || need > d->entries[e].nset)
				continue;
			if ((set = entry_set(d, &d->entries[e], &d->other,
				 &d->othercap)) == NULL)
				return nx_error_sys(err, "read temporary file");
			j = jaccard(
			    d->shingles, n, set, d->entries[e].nset, need);
			if (j > *best) {
				*best = j;
				*best_e = e;
			}
			if (j < d->threshold)
				continue;
			/* The first match in this fixed order is the one
			 * reported: it keeps the scan short where duplicates
			 * abound. */
			if (each == NULL)
				return 1;
			any = 1;
			if (each(ctx, d->entries[e].payload, j) < 0)
				return -1;
		}
	}
	return any;
}

static int
check_near(struct nx_dedup *d, const char *key, size_t len, const char *words,
    size_t wlen, int add, uint64_t *payload, double *sim,
    int (*skip)(void *ctx, uint64_t payload),
    int (*each)(void *ctx, uint64_t payload, double sim), void *ctx,
    struct nx_error *err)
{
	uint64_t keys[NX_DEDUP_BANDS], wh = words_hash(words, wlen);
	size_t n = shingle(d, key, len);
	double best;
	uint32_t best_e = 0;
	int rc;

	if (n == 0)
		return nx_error_set(err, "out of memory");
	signature(d, n, keys);
	rc = near_find(d, n, keys, wh, skip, each, ctx, &best_e, &best, err);
	if (rc < 0)
		return -1;
	if (rc == 1 && each == NULL) {
		*payload = d->entries[best_e].payload;
		*sim = best;
		return 1;
	}
	if (add && add_near(d, keys, n, *payload, wh) < 0)
		return nx_error_set(err, "out of memory");
	return rc;
}

int
nx_dedup_check(struct nx_dedup *d, const char *key, size_t len, int add,
    uint64_t *payload, double *sim, struct nx_error *err)
{
	return nx_dedup_check_words(
	    d, key, len, NULL, 0, add, payload, sim, err);
}

int
nx_dedup_check_words(struct nx_dedup *d, const char *key, size_t len,
    const char *words, size_t wlen, int add, uint64_t *payload, double *sim,
    struct nx_error *err)
{
	if (d->mode == NX_DEDUP_EXACT)
		return check_exact(d, key, len, add, payload, sim, err);
	return check_near(
	    d, key, len, words, wlen, add, payload, sim, NULL, NULL, NULL, err);
}

int
nx_dedup_each(struct nx_dedup *d, const char *key, size_t len,
    const char *words, size_t wlen, int add, uint64_t payload,
    int (*skip)(void *ctx, uint64_t payload),
    int (*each)(void *ctx, uint64_t payload, double sim), void *ctx,
    struct nx_error *err)
{
	double sim;

	if (d->mode == NX_DEDUP_EXACT) {
		uint64_t p = payload;
		int rc = check_exact(d, key, len, add, &p, &sim, err);

		return rc == 1 && (skip == NULL || !skip(ctx, p))
		    ? (each(ctx, p, sim) < 0 ? -1 : 1)
		    : rc;
	}
	return check_near(d, key, len, words, wlen, add, &payload, &sim, skip,
	    each, ctx, err);
}

/* --- saving and loading ----------------------------------------------------
 */

/*
 * Version 2 keeps an exact entry's 64-bit hash (version 1 kept 128 bits,
 * of which the low half is read), and after a near entry's set a byte 1
 * and the hash of its canonical form when it is a short key judged by its
 * words, else 0 (version 1 has no such byte: its entries are judged by
 * characters alone).
 */
#define MAGIC "nova-export dedup index 2\n"
#define MAGIC_1 "nova-export dedup index 1\n"

static int
put(FILE *fp, const void *p, size_t n)
{
	return fwrite(p, 1, n, fp) == n ? 0 : -1;
}

static int
get(FILE *fp, void *p, size_t n)
{
	return fread(p, 1, n, fp) == n ? 0 : -1;
}

int
nx_dedup_save(const struct nx_dedup *d, FILE *fp,
    int (*label)(void *ctx, uint64_t payload, struct nx_buf *out), void *ctx,
    struct nx_error *err)
{
	struct nx_buf b = NX_BUF_INIT;
	uint32_t *set = NULL; /* near: an entry's set, read back */
	size_t setcap = 0;
	uint64_t *words = NULL; /* near: each entry's canonical form, or 0 */
	uint8_t mode = (uint8_t)d->mode;
	uint64_t n = nx_dedup_count(d), written = 0;
	long at;
	int rc = -1;

	if (put(fp, MAGIC, sizeof(MAGIC) - 1) < 0 || put(fp, &mode, 1) < 0 ||
	    put(fp, &d->threshold, sizeof(d->threshold)) < 0 ||
	    (at = ftell(fp)) < 0 || put(fp, &written, sizeof(written)) < 0)
		goto fail;
	if (d->mode == NX_DEDUP_NEAR && d->wused > 0) {
		if ((words = calloc(d->nentries, sizeof(*words))) == NULL) {
			nx_error_set(err, "out of memory");
			goto out;
		}
		for (size_t j = 0; j < d->nwords; j++)
			if (d->words[j].hash != 0)
				words[d->words[j].entry] = d->words[j].hash;
	}
	/* Bounded by the table too, whatever the count says: exact entries
	 * shard by shard (sh), slot by slot (i); near ones by number. */
	for (size_t i = 0, sh = 0, done = 0; done < n; i++) {
		const struct slot *slot = NULL;
		uint64_t payload;
		uint32_t len;
		int skip;

		if (d->mode == NX_DEDUP_EXACT) {
			while (sh < SHARDS && i >= d->shards[sh].n)
				sh++, i = 0;
			if (sh == SHARDS)
				break;
			slot = &d->shards[sh].slots[i];
			if (slot->key == 0)
				continue;
			payload = slot->payload;
		} else if (i < d->nentries)
			payload = d->entries[i].payload;
		else
			break;
		done++;
		nx_buf_reset(&b);
		if ((skip = label(ctx, payload, &b)) < 0)
			goto out;
		if (skip)
			continue;
		if (d->mode == NX_DEDUP_EXACT) {
			if (put(fp, &slot->key, 8) < 0)
				goto fail;
		} else {
			const struct entry *e = &d->entries[i];
			const uint32_t *from;
			uint32_t k = e->nset;
			uint64_t h = words != NULL ? words[i] : 0;
			uint8_t has = h != 0;

			if ((from = entry_set(d, e, &set, &setcap)) == NULL) {
				nx_error_sys(err, "read temporary file");
				goto out;
			}
			if (put(fp, &k, sizeof(k)) < 0 ||
			    put(fp, from, k * sizeof(uint32_t)) < 0 ||
			    put(fp, &has, 1) < 0 || (has && put(fp, &h, 8) < 0))
				goto fail;
		}
		len = (uint32_t)b.len;
		if (put(fp, &len, sizeof(len)) < 0 ||
		    (len > 0 && put(fp, b.data, len) < 0))
			goto fail;
		written++;
	}
	/* The count goes first; only now is it known. */
	if (fseek(fp, at, SEEK_SET) < 0 ||
	    put(fp, &written, sizeof(written)) < 0 ||
	    fseek(fp, 0, SEEK_END) < 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	nx_error_sys(err, "write index");
out:
	nx_buf_free(&b);
	free(set);
	free(words);
	return rc;
}

int
nx_dedup_load(struct nx_dedup *d, FILE *fp, const char *name,
    int (*store)(void *ctx, const char *label, size_t len, uint64_t *payload),
    void *ctx, struct nx_error *err)
{
	char magic[sizeof(MAGIC) - 1];
	uint8_t mode;
	double threshold;
	uint64_t n;
	struct nx_buf b = NX_BUF_INIT;
	int rc = -1, version = 2;

	if (get(fp, magic, sizeof(magic)) < 0)
		return nx_error_set(
		    err, "%s: not a nova-export dedup index", name);
	if (memcmp(magic, MAGIC_1, sizeof(magic)) == 0)
		version = 1;
	else if (memcmp(magic, MAGIC, sizeof(magic)) != 0) {
		/* The same words with another number: a later version. */
		if (memcmp(magic, MAGIC, sizeof(magic) - 2) == 0)
			return nx_error_set(err,
			    "%s: a dedup index of a later version of "
			    "nova-export (%.*s)",
			    name, 1, magic + sizeof(magic) - 2);
		return nx_error_set(
		    err, "%s: not a nova-export dedup index", name);
	}
	if (get(fp, &mode, 1) < 0 ||
	    get(fp, &threshold, sizeof(threshold)) < 0 ||
	    get(fp, &n, sizeof(n)) < 0)
		return nx_error_set(err, "%s: truncated index", name);
	if (mode != d->mode)
		return nx_error_set(err,
		    "%s: an index of %s duplicates, not %s", name,
		    mode == NX_DEDUP_EXACT ? "exact" : "near",
		    d->mode == NX_DEDUP_EXACT ? "exact" : "near");
	for (uint64_t i = 0; i < n; i++) {
		uint64_t key = 0, hi = 0, payload = 0, words = 0;
		uint32_t k = 0, len;
		uint8_t has = 0;
		size_t ns = 0;

		if (d->mode == NX_DEDUP_EXACT) {
			/* Version 1: 128 bits, of which the low half; 0,0
			 * was never written.  Version 2: 0 never is (see
			 * check_exact).  Either is a corrupt file. */
			if (get(fp, &key, 8) < 0 ||
			    (version == 1 && get(fp, &hi, 8) < 0) ||
			    (key == 0 && (version == 2 || hi == 0)))
				goto truncated;
			key += key == 0;
		} else {
			if (get(fp, &k, sizeof(k)) < 0 || k == 0 ||
			    k > (1u << 24))
				goto truncated;
			if (k > d->shcap) {
				uint32_t *p =
				    realloc(d->shingles, k * sizeof(*p));

				if (p == NULL)
					goto nomem;
				d->shingles = p;
				d->shcap = k;
			}
			if (get(fp, d->shingles, k * sizeof(uint32_t)) < 0 ||
			    (version >= 2 &&
				(get(fp, &has, 1) < 0 || has > 1 ||
				    (has &&
					(get(fp, &words, 8) < 0 ||
					    words == 0)))))
				goto truncated;
			ns = k;
		}
		if (get(fp, &len, sizeof(len)) < 0 || len > (1u << 20) ||
		    nx_buf_reserve(&b, len + 1) < 0)
			goto truncated;
		if (len > 0 && get(fp, b.data, len) < 0)
			goto truncated;
		if (store(ctx, b.data, len, &payload) < 0)
			goto out;
		if (d->mode == NX_DEDUP_EXACT) {
			if (exact_add(d, key, payload) < 0)
				goto nomem;
		} else {
			uint64_t bands[NX_DEDUP_BANDS];

			signature(d, ns, bands);
			if (add_near(d, bands, ns, payload, words) < 0)
				goto nomem;
		}
	}
	rc = 0;
	goto out;
truncated:
	nx_error_set(err, "%s: truncated or corrupt index", name);
	goto out;
nomem:
	nx_error_set(err, "out of memory");
out:
	nx_buf_free(&b);
	return rc;
}

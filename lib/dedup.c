#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>
#include <xxhash.h>

#include "buf.h"
#include "dedup.h"
#include "rand.h"

/* An exact entry: 16 bytes of hash, 8 of payload. */
struct slot {
	uint64_t lo, hi; /* hi == 0 && lo == 0: empty (hashes are remapped) */
	uint64_t payload;
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

struct nx_dedup {
	enum nx_dedup_mode mode;
	double threshold;
	/* exact */
	struct slot *slots;
	size_t nslots, used;
	/* near */
	struct entry *entries;
	size_t nentries, entcap;
	FILE *spool; /* the shingle sets, which only confirmations read */
	uint64_t spooled, flushed;
	struct band *bands;
	size_t nbands, bused;
	uint64_t seeds[NX_DEDUP_HASHES];
	struct words *words; /* short keys by canonical form */
	size_t nwords, wused;
	/* scratch */
	uint32_t *shingles;
	size_t shcap;
	uint32_t *other; /* a candidate's set, read back */
	size_t othercap;
	uint32_t *seen; /* candidates already compared, by entry */
	uint32_t stamp;
	size_t seencap;
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
	free(d->slots);
	free(d->entries);
	if (d->spool != NULL)
		fclose(d->spool);
	free(d->bands);
	free(d->words);
	free(d->shingles);
	free(d->other);
	free(d->seen);
	free(d);
}

size_t
nx_dedup_count(const struct nx_dedup *d)
{
	return d->mode == NX_DEDUP_EXACT ? d->used : d->nentries;
}

/* --- exact ------------------------------------------------------------------
 */

static int
grow_slots(struct nx_dedup *d)
{
	size_t n = d->nslots ? d->nslots * 2 : 1024;
	struct slot *s = calloc(n, sizeof(*s)), *old = d->slots;

	if (s == NULL)
		return -1;
	for (size_t i = 0; i < d->nslots; i++) {
		size_t j;

		if (old[i].lo == 0 && old[i].hi == 0)
			continue;
		for (j = old[i].lo & (n - 1); s[j].lo != 0 || s[j].hi != 0;
		     j = (j + 1) & (n - 1))
			;
		s[j] = old[i];
	}
	free(old);
	d->slots = s;
	d->nslots = n;
	return 0;
}

static int
check_exact(struct nx_dedup *d, const char *key, size_t len, int add,
    uint64_t *payload, double *sim, struct nx_error *err)
{
	XXH128_hash_t h = XXH3_128bits(key, len);
	size_t j;

	if (h.low64 == 0 && h.high64 == 0)
		h.low64 = 1; /* 0,0 marks an empty slot */
	if (d->nslots > 0)
		for (j = h.low64 & (d->nslots - 1);
		     d->slots[j].lo != 0 || d->slots[j].hi != 0;
		     j = (j + 1) & (d->nslots - 1))
			if (d->slots[j].lo == h.low64 &&
			    d->slots[j].hi == h.high64) {
				*payload = d->slots[j].payload;
				*sim = 1.0;
				return 1;
			}
	if (!add)
		return 0;
	if ((d->used + 1) * 5 > d->nslots * 4 && grow_slots(d) < 0)
		return nx_error_set(err, "out of memory");
	for (j = h.low64 & (d->nslots - 1);
	     d->slots[j].lo != 0 || d->slots[j].hi != 0;
	     j = (j + 1) & (d->nslots - 1))
		;
	d->slots[j].lo = h.low64;
	d->slots[j].hi = h.high64;
	d->slots[j].payload = *payload;
	d->used++;
	return 0;
}

/* --- near ---------------------------------------------------------------- */

static int
by_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
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
	qsort(d->shingles, out, sizeof(*d->shingles), by_u32);
	n = 0;
	for (size_t i = 0; i < out; i++)
		if (i == 0 || d->shingles[i] != d->shingles[n - 1])
			d->shingles[n++] = d->shingles[i];
	return n;
}

/* Jaccard similarity of two sorted sets. */
static double
jaccard(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t i = 0, j = 0, both = 0;

	while (i < na && j < nb) {
		if (a[i] < b[j])
			i++;
		else if (a[i] > b[j])
			j++;
		else
			both++, i++, j++;
	}
	return (double)both / (double)(na + nb - both);
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

/* Append the set in d->shingles[0..n) to the spool; its offset into *at. */
static int
spool_set(struct nx_dedup *d, size_t n, uint64_t *at)
{
	if (d->spool == NULL && (d->spool = tmpfile()) == NULL)
		return -1;
	*at = d->spooled;
	if (fwrite(d->shingles, sizeof(uint32_t), n, d->spool) != n)
		return -1;
	d->spooled += n * sizeof(uint32_t);
	return 0;
}

/* Entry e's shingle set, read back from the spool into buf (grown to
 * *cap).  NULL on a read error or no memory. */
static uint32_t *
read_set(FILE *spool, const struct entry *e, uint32_t **buf, size_t *cap)
{
	size_t bytes = (size_t)e->nset * sizeof(uint32_t);

	if (e->nset > *cap) {
		uint32_t *p = realloc(*buf, bytes);

		if (p == NULL)
			return NULL;
		*buf = p;
		*cap = e->nset;
	}
	if (pread(fileno(spool), *buf, bytes, (off_t)e->set) != (ssize_t)bytes)
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

/* The LSH band values of the shingle set in d->shingles[0..n). */
static void
signature(const struct nx_dedup *d, size_t n, uint64_t bands[NX_DEDUP_BANDS])
{
	uint64_t mins[NX_DEDUP_HASHES];

	for (int i = 0; i < NX_DEDUP_HASHES; i++)
		mins[i] = UINT64_MAX;
	for (size_t s = 0; s < n; s++)
		for (int i = 0; i < NX_DEDUP_HASHES; i++) {
			uint64_t v = nx_rand_mix(d->shingles[s] ^ d->seeds[i]);

			if (v < mins[i])
				mins[i] = v;
		}
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
	if (d->spooled > d->flushed) {
		if (fflush(d->spool) == EOF)
			return nx_error_sys(err, "write temporary file");
		d->flushed = d->spooled;
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
			if ((set = read_set(d->spool, &d->entries[e], &d->other,
				 &d->othercap)) == NULL)
				return nx_error_sys(err, "read temporary file");
			j = jaccard(d->shingles, n, set, d->entries[e].nset);
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

/* Version 2 adds, after a near entry's set, a byte 1 and the hash of its
 * canonical form when it is a short key judged by its words (else 0);
 * version 1 files still load, their entries judged by characters alone. */
#define MAGIC "nova-export dedup index 2\n"
#define MAGIC1 "nova-export dedup index 1\n"

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
	size_t end = d->mode == NX_DEDUP_EXACT ? d->nslots : (size_t)n;
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
	/* Bounded by the table too, whatever the count says. */
	for (size_t i = 0, done = 0; done < n && i < end; i++) {
		uint64_t payload = d->mode == NX_DEDUP_EXACT
		    ? d->slots[i].payload
		    : d->entries[i].payload;
		uint32_t len;
		int skip;

		if (d->mode == NX_DEDUP_EXACT && d->slots[i].lo == 0 &&
		    d->slots[i].hi == 0)
			continue;
		done++;
		nx_buf_reset(&b);
		if ((skip = label(ctx, payload, &b)) < 0)
			goto out;
		if (skip)
			continue;
		if (d->mode == NX_DEDUP_EXACT) {
			if (put(fp, &d->slots[i].lo, 8) < 0 ||
			    put(fp, &d->slots[i].hi, 8) < 0)
				goto fail;
		} else {
			const struct entry *e = &d->entries[i];
			uint32_t k = e->nset;
			uint64_t h = words != NULL ? words[i] : 0;
			uint8_t has = h != 0;

			if (fflush(d->spool) == EOF ||
			    read_set(d->spool, e, &set, &setcap) == NULL) {
				nx_error_sys(err, "read temporary file");
				goto out;
			}
			if (put(fp, &k, sizeof(k)) < 0 ||
			    put(fp, set, k * sizeof(uint32_t)) < 0 ||
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
	int rc = -1, v1 = 0;

	if (get(fp, magic, sizeof(magic)) < 0)
		memset(magic, 0, sizeof(magic));
	v1 = memcmp(magic, MAGIC1, sizeof(magic)) == 0;
	if (!v1 && memcmp(magic, MAGIC, sizeof(magic)) != 0)
		return nx_error_set(
		    err, "%s: not a nova-export dedup index", name);
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
		uint64_t lo = 0, hi = 0, payload = 0;
		uint32_t k = 0, len;
		uint64_t words = 0;
		uint8_t has = 0;
		size_t ns = 0;

		if (d->mode == NX_DEDUP_EXACT) {
			/* 0,0 marks an empty slot: never written (see
			 * check_exact), so the file is corrupt. */
			if (get(fp, &lo, 8) < 0 || get(fp, &hi, 8) < 0 ||
			    (lo == 0 && hi == 0))
				goto truncated;
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
			    (!v1 &&
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
			size_t j;

			if ((d->used + 1) * 5 > d->nslots * 4 &&
			    grow_slots(d) < 0)
				goto nomem;
			for (j = lo & (d->nslots - 1);
			     d->slots[j].lo != 0 || d->slots[j].hi != 0;
			     j = (j + 1) & (d->nslots - 1))
				;
			d->slots[j].lo = lo;
			d->slots[j].hi = hi;
			d->slots[j].payload = payload;
			d->used++;
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

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "format.h"
#include "reader.h"
#include "scan.h"
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

/* id hash → cluster hash, open addressing; 0 marks an empty slot. */
struct nx_clusters {
	uint64_t *id, *cluster;
	size_t n, used;
};

static uint64_t
nonzero(uint64_t h)
{
	return h != 0 ? h : 1;
}

static int
clusters_put(struct nx_clusters *c, uint64_t id, uint64_t cluster)
{
	size_t j;

	if ((c->used + 1) * 4 > c->n * 3) {
		struct nx_clusters g = {NULL, NULL, c->n ? c->n * 2 : 1024, 0};

		g.id = calloc(g.n, sizeof(*g.id));
		g.cluster = calloc(g.n, sizeof(*g.cluster));
		if (g.id == NULL || g.cluster == NULL) {
			free(g.id);
			free(g.cluster);
			return -1;
		}
		for (size_t i = 0; i < c->n; i++)
			if (c->id[i] != 0)
				clusters_put(&g, c->id[i], c->cluster[i]);
		free(c->id);
		free(c->cluster);
		*c = g;
	}
	for (j = id & (c->n - 1); c->id[j] != 0 && c->id[j] != id;
	     j = (j + 1) & (c->n - 1))
		;
	c->used += c->id[j] == 0;
	c->id[j] = id;
	c->cluster[j] = cluster;
	return 0;
}

static uint64_t
clusters_get(const struct nx_clusters *c, uint64_t id)
{
	for (size_t j = id & (c->n - 1); c->n > 0 && c->id[j] != 0;
	     j = (j + 1) & (c->n - 1))
		if (c->id[j] == id)
			return c->cluster[j];
	return 0;
}

int
nx_split_clusters_load(
    struct nx_split *s, const char *path, struct nx_error *err)
{
	struct nx_reader *r;
	struct nx_line line;
	int got;

	if ((s->clusters = calloc(1, sizeof(*s->clusters))) == NULL)
		return nx_error_set(err, "out of memory");
	if (nx_reader_open(&r, path, 0, err) < 0)
		return -1;
	while ((got = nx_reader_next(r, &line, err)) == NX_READ_LINE) {
		struct nx_scan_field f[2] = {{.key = "id"}, {.key = "cluster"}};

		if (line.len == 0)
			continue;
		if (!nx_scan_object(line.data, line.len, f, 2) ||
		    f[0].type != NX_SCAN_STRING ||
		    f[1].type != NX_SCAN_STRING) {
			nx_reader_close(r);
			return nx_error_set(err,
			    "%s:%ld: not an {\"id\", \"cluster\"} line", path,
			    line.lineno);
		}
		/* Raw text is a stable key: both sides of the pipeline write
		 * ids the same way. */
		if (clusters_put(s->clusters,
			nonzero(XXH3_64bits(f[0].s, f[0].len)),
			nonzero(XXH3_64bits(f[1].s, f[1].len))) < 0) {
			nx_reader_close(r);
			return nx_error_set(err, "out of memory");
		}
	}
	nx_reader_close(r);
	if (got == NX_READ_LONG)
		return nx_error_set(
		    err, "%s:%ld: line too long", path, line.lineno);
	return got < 0 ? -1 : 0;
}

void
nx_split_clusters_free(struct nx_split *s)
{
	nx_buf_free(&s->scratch);
	if (s->clusters == NULL)
		return;
	free(s->clusters->id);
	free(s->clusters->cluster);
	free(s->clusters);
	s->clusters = NULL;
}

int
nx_split_key(uint64_t *key, int *fallback, struct nx_split *s,
    const struct nx_record *rec, struct nx_error *err)
{
	struct nx_buf *b = &s->scratch;

	/* Each kind of key has its own salt, so that they never collide. */
	*fallback = 0;
	nx_buf_reset(b);
	if (s->by == NX_SPLIT_CLUSTER) {
		uint64_t cluster = 0;

		/* The id as jsonl-filter wrote it in --clusters: escaped. */
		if (rec->id.s != NULL) {
			if (nx_format_json_string(b, rec->id.s, rec->id.len) <
			    0)
				return nx_error_set(err, "out of memory");
			cluster = clusters_get(s->clusters,
			    nonzero(XXH3_64bits(b->data + 1, b->len - 2)));
		}
		if (cluster != 0) {
			*key = XXH3_64bits_withSeed(
			    &cluster, sizeof(cluster), s->seed ^ 0x636C7573ULL);
			return 0;
		}
		*fallback = 1;
	} else if (s->by == NX_SPLIT_GROUP) {
		if (nx_record_metadata_string(b, rec, s->group) == 0) {
			*key = XXH3_64bits_withSeed(
			    b->data, b->len, s->seed ^ 0x67726F75ULL);
			return 0;
		}
		*fallback = 1;
	}
	nx_buf_reset(b);
	if (nx_text_normalize(
		b, rec->prompt.s, rec->prompt.len, NX_NORM_PUNCT, err) < 0)
		return -1;
	/* Preferences of one prompt share a side whatever their replies. */
	if (s->by == NX_SPLIT_PAIR && rec->kind == NX_KIND_REPLY &&
	    (nx_buf_addc(b, '\x1f') < 0 ||
		nx_text_normalize(b, rec->completion.s, rec->completion.len,
		    NX_NORM_PUNCT, err) < 0))
		return -1;
	*key = XXH3_64bits_withSeed(b->data, b->len, s->seed);
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

static int
by_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

uint64_t
nx_split_share_cut(uint64_t *draws, size_t n, unsigned long long t, double cap)
{
	double k = cap >= 1 ? (double)n : cap * (double)(t - n) / (1 - cap);

	if ((double)n <= k)
		return UINT64_MAX;
	qsort(draws, n, sizeof(*draws), by_u64);
	return draws[(size_t)k];
}

/* Largest u first, then by key: a total order, the same whatever order
 * the groups came in. */
static int
by_u_desc(const void *a, const void *b)
{
	const struct nx_split_group *x = a, *y = b;

	if (x->u != y->u)
		return (x->u < y->u) - (x->u > y->u);
	return (x->key > y->key) - (x->key < y->key);
}

unsigned long long
nx_split_min_valid(struct nx_split_group *g, size_t n,
    unsigned long long need, unsigned long long train)
{
	unsigned long long moved = 0;

	qsort(g, n, sizeof(*g), by_u_desc);
	for (size_t i = 0; i < n; i++)
		g[i].move = 0;
	for (size_t i = 0; i < n && need > 0; i++) {
		if (g[i].n >= train - moved)
			continue; /* train keeps at least one record */
		g[i].move = 1;
		moved += g[i].n;
		need = need > g[i].n ? need - g[i].n : 0;
	}
	return moved;
}

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "snapshot.h"

struct nx_snapshot {
	uint64_t session; /* hash of the session id, or 0 */
	uint64_t full;	  /* hash of all its turns */
	char *stamp;	  /* its timestamp, or NULL */
	size_t nturns;
	int superseded;
};

void
nx_snapshots_init(struct nx_snapshots *s)
{
	memset(s, 0, sizeof(*s));
}

static uint64_t
turn_hash(uint64_t prev, const struct nx_turn *t)
{
	uint64_t h = XXH3_64bits_withSeed(t->text.s, t->text.len,
	    prev ^ (0x9E3779B97F4A7C15ULL * (t->role + 1)));

	/* an assistant's calls are its words too */
	return t->calls.s != NULL
	    ? XXH3_64bits_withSeed(t->calls.s, t->calls.len, h)
	    : h;
}

static int
grow(void **v, size_t *cap, size_t size, size_t first)
{
	size_t n = *cap ? *cap * 2 : first;
	void *p = realloc(*v, n * size);

	if (p == NULL)
		return -1;
	*v = p;
	*cap = n;
	return 0;
}

int
nx_snapshots_add(struct nx_snapshots *s, const struct nx_conv *c)
{
	const struct nx_record *t = &c->turns;
	struct nx_snapshot *e;
	uint64_t h = 0;

	if (s->n == s->cap &&
	    grow((void **)&s->v, &s->cap, sizeof(*s->v), 256) < 0)
		return -1;
	e = &s->v[s->n];
	memset(e, 0, sizeof(*e));
	e->nturns = t->ncontext;
	if (c->session_id.s != NULL && c->session_id.len > 0) /* "": none */
		e->session =
		    XXH3_64bits(c->session_id.s, c->session_id.len) | 1;
	if (c->timestamp.s != NULL &&
	    (e->stamp = strndup(c->timestamp.s, c->timestamp.len)) == NULL)
		return -1;
	for (size_t i = 0; i < t->ncontext; i++) {
		if (i > 0) {
			if (s->nprefixes == s->prefixes_cap &&
			    grow((void **)&s->prefixes, &s->prefixes_cap,
				sizeof(*s->prefixes), 1024) < 0) {
				free(e->stamp);
				return -1;
			}
			s->prefixes[s->nprefixes++] = h;
		}
		h = turn_hash(h, &t->context[i]);
	}
	e->full = h;
	s->n++;
	return 0;
}

/* Whether a is an earlier save than b (b is later in reading order). */
static int
earlier(const struct nx_snapshot *a, const struct nx_snapshot *b)
{
	if (a->stamp != NULL && b->stamp != NULL &&
	    strcmp(a->stamp, b->stamp) != 0)
		return strcmp(a->stamp, b->stamp) < 0;
	if (a->nturns != b->nturns)
		return a->nturns < b->nturns;
	return 1;
}

struct ix {
	uint64_t key;
	size_t i;
};

static int
by_key_then_order(const void *a, const void *b)
{
	const struct ix *x = a, *y = b;

	if (x->key != y->key)
		return (x->key > y->key) - (x->key < y->key);
	return (x->i > y->i) - (x->i < y->i);
}

/*
 * Group conversations by a key (sorting by key, then reading order) and
 * keep one of each group: the latest save for sessions, the last read for
 * identical contents.
 */
static int
keep_one(struct nx_snapshot *v, size_t n, int sessions)
{
	struct ix *x = malloc((n ? n : 1) * sizeof(*x));
	size_t m = 0;

	if (x == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		uint64_t key = sessions ? v[i].session : v[i].full;

		if ((sessions && key != 0) || (!sessions && v[i].nturns > 0))
			x[m++] = (struct ix){key, i};
	}
	qsort(x, m, sizeof(*x), by_key_then_order);
	for (size_t a = 0, b; a < m; a = b) {
		size_t keep = x[a].i;

		for (b = a + 1; b < m && x[b].key == x[a].key; b++)
			if (!sessions || earlier(&v[keep], &v[x[b].i]))
				keep = x[b].i;
		for (size_t k = a; k < b; k++)
			if (x[k].i != keep)
				v[x[k].i].superseded = 1;
	}
	free(x);
	return 0;
}

/*
 * Mark every conversation whose turns are a proper prefix of another's:
 * the full hashes go into an open-addressing table (each slot the first
 * conversation of that hash, the others chained from it), then each
 * prefix hash is looked up once.  A chain is marked whole, so it is
 * walked once however many conversations extend it: many copies of one
 * conversation, each continued many times, stay linear.
 */
static int
mark_prefixes(struct nx_snapshots *s)
{
	size_t size = 16, *slot, *next;

	while (size < 2 * s->n)
		size *= 2;
	slot = calloc(size, sizeof(*slot)); /* conversation + 1, or 0 */
	next = malloc((s->n ? s->n : 1) * sizeof(*next));
	if (slot == NULL || next == NULL) {
		free(slot);
		free(next);
		return -1;
	}
	for (size_t i = 0; i < s->n; i++) {
		size_t h = (size_t)s->v[i].full & (size - 1);

		next[i] = 0;
		if (s->v[i].nturns == 0)
			continue;
		while (slot[h] != 0 && s->v[slot[h] - 1].full != s->v[i].full)
			h = (h + 1) & (size - 1);
		next[i] = slot[h];
		slot[h] = i + 1;
	}
	for (size_t p = 0; p < s->nprefixes; p++) {
		size_t h = (size_t)s->prefixes[p] & (size - 1);

		while (slot[h] != 0 && s->v[slot[h] - 1].full != s->prefixes[p])
			h = (h + 1) & (size - 1);
		if (slot[h] != 0 && s->v[slot[h] - 1].superseded)
			continue; /* this chain is marked already */
		for (size_t i = slot[h]; i != 0; i = next[i - 1])
			s->v[i - 1].superseded = 1;
	}
	free(slot);
	free(next);
	return 0;
}

int
nx_snapshots_decide(struct nx_snapshots *s)
{
	if (mark_prefixes(s) < 0 || keep_one(s->v, s->n, 1) < 0 ||
	    keep_one(s->v, s->n, 0) < 0)
		return -1;
	return 0;
}

int
nx_snapshots_superseded(const struct nx_snapshots *s, size_t i)
{
	return i < s->n && s->v[i].superseded;
}

void
nx_snapshots_free(struct nx_snapshots *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].stamp);
	free(s->v);
	free(s->prefixes);
	nx_snapshots_init(s);
}

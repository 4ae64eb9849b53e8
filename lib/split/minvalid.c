#include <stdlib.h>
#include <string.h>

#include "minvalid.h"
#include "split.h"

int
nx_minvalid_init(
    struct nx_minvalid *mv, unsigned long long want, struct nx_error *err)
{
	memset(mv, 0, sizeof(*mv));
	mv->cap = want < NX_MINVALID_MAX ? (size_t)want : NX_MINVALID_MAX;
	if (mv->cap > 0 && (mv->g = calloc(mv->cap, sizeof(*mv->g))) == NULL)
		return nx_error_set(err, "out of memory");
	return 0;
}

int
nx_minvalid_note(
    struct nx_minvalid *mv, uint64_t key, long line, struct nx_error *err)
{
	double u = nx_split_unit(key);
	size_t i, low = 0;
	struct nx_minvalid_group *c;

	if (mv->cap == 0)
		return 0;
	for (i = 0; i < mv->n; i++) {
		if (mv->g[i].key == key)
			break;
		if (mv->g[i].u < mv->g[low].u)
			low = i;
	}
	if (i == mv->n) {
		if (mv->n < mv->cap)
			i = mv->n++;
		else if (u > mv->g[low].u) {
			i = low;
			free(mv->g[i].lines);
		} else
			return 0;
		memset(&mv->g[i], 0, sizeof(mv->g[i]));
		mv->g[i].key = key;
		mv->g[i].u = u;
	}
	c = &mv->g[i];
	if (c->nlines == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 4;
		long *p = realloc(c->lines, cap * sizeof(*p));

		if (p == NULL)
			return nx_error_set(err, "out of memory");
		c->lines = p;
		c->cap = cap;
	}
	c->lines[c->nlines++] = line;
	return 0;
}

static int
by_line(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

int
nx_minvalid_lines(long **move, size_t *n, const struct nx_minvalid *mv,
    unsigned long long need, unsigned long long train, struct nx_error *err)
{
	struct nx_split_group *g = calloc(mv->n + 1, sizeof(*g));
	long *m = NULL;

	*move = NULL;
	*n = 0;
	if (g == NULL)
		return nx_error_set(err, "out of memory");
	for (size_t i = 0; i < mv->n; i++)
		g[i] = (struct nx_split_group){
		    mv->g[i].u, mv->g[i].key, mv->g[i].nlines, i, 0};
	if ((m = calloc(nx_split_min_valid(g, mv->n, need, train) + 1,
		 sizeof(*m))) == NULL) {
		free(g);
		return nx_error_set(err, "out of memory");
	}
	for (size_t i = 0; i < mv->n; i++) {
		const struct nx_minvalid_group *c = &mv->g[g[i].id];

		if (!g[i].move)
			continue;
		memcpy(m + *n, c->lines, c->nlines * sizeof(*m));
		*n += c->nlines;
	}
	free(g);
	qsort(m, *n, sizeof(*m), by_line);
	*move = m;
	return 0;
}

void
nx_minvalid_free(struct nx_minvalid *mv)
{
	for (size_t i = 0; i < mv->n; i++)
		free(mv->g[i].lines);
	free(mv->g);
	memset(mv, 0, sizeof(*mv));
}

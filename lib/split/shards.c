#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "shards.h"
#include "split.h"

struct nx_shards {
	int n;
	struct nx_output *out[NX_SHARDS_MAX + 1]; /* and a place for also */
	char *path[NX_SHARDS_MAX];
};

char *
nx_shards_path(const char *dir, int k)
{
	char name[32];
	size_t n;
	char *p;

	snprintf(name, sizeof(name), "shard-%03d", k);
	n = strlen(dir) + strlen(name) + 8;
	if ((p = malloc(n)) != NULL)
		snprintf(p, n, "%s/%s.jsonl", dir, name);
	return p;
}

int
nx_shards_of(uint64_t key, int n)
{
	int k = (int)(nx_split_unit(key) * n);

	return k >= n ? n - 1 : k;
}

int
nx_shards_open(
    struct nx_shards **sh, const char *dir, int n, struct nx_error *err)
{
	struct nx_shards *s = calloc(1, sizeof(*s));

	*sh = NULL;
	if (s == NULL)
		return nx_error_nomem(err);
	s->n = n;
	for (int k = 0; k < n; k++) {
		if ((s->path[k] = nx_shards_path(dir, k)) == NULL ||
		    nx_output_open(&s->out[k], s->path[k], err) < 0) {
			if (s->path[k] == NULL)
				nx_error_nomem(err);
			for (int j = 0; j < k; j++)
				nx_output_abort(s->out[j]);
			s->n = k + 1;
			nx_shards_free(s);
			return -1;
		}
	}
	*sh = s;
	return 0;
}

int
nx_shards_put(struct nx_shards *sh, int k, const char *line, size_t len,
    struct nx_error *err)
{
	if (fwrite(line, 1, len, nx_output_stream(sh->out[k])) != len)
		return nx_error_sys(err, "write %s", sh->path[k]);
	return 0;
}

struct nx_output **
nx_shards_outputs(struct nx_shards *sh, struct nx_output *also, size_t *n)
{
	sh->out[sh->n] = also;
	*n = (size_t)sh->n + 1;
	return sh->out;
}

void
nx_shards_free(struct nx_shards *sh)
{
	if (sh == NULL)
		return;
	for (int k = 0; k < sh->n; k++)
		free(sh->path[k]);
	free(sh);
}

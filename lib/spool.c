#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#include "spool.h"

struct nx_spool {
	FILE *fp; /* tmpfile(): gone when closed */
	uint64_t *off;
	uint32_t *len;
	uint16_t *tag;
	size_t n, cap;
	uint64_t end;
	char *buf;
	size_t bufcap;
};

int
nx_spool_open(struct nx_spool **out, struct nx_error *err)
{
	struct nx_spool *sp = calloc(1, sizeof(*sp));

	*out = NULL;
	if (sp == NULL)
		return nx_error_set(err, "out of memory");
	if ((sp->fp = tmpfile()) == NULL) {
		free(sp);
		return nx_error_sys(err, "temporary file");
	}
	*out = sp;
	return 0;
}

static int
grow(struct nx_spool *sp)
{
	size_t cap = sp->cap ? sp->cap * 2 : 4096;
	uint64_t *off = realloc(sp->off, cap * sizeof(*off));
	uint32_t *len;
	uint16_t *tag;

	if (off == NULL)
		return -1;
	sp->off = off;
	if ((len = realloc(sp->len, cap * sizeof(*len))) == NULL)
		return -1;
	sp->len = len;
	if ((tag = realloc(sp->tag, cap * sizeof(*tag))) == NULL)
		return -1;
	sp->tag = tag;
	sp->cap = cap;
	return 0;
}

int
nx_spool_add(struct nx_spool *sp, const char *line, size_t len, uint16_t tag,
    struct nx_error *err)
{
	if (len > UINT32_MAX)
		return nx_error_set(err,
		    "a line of %zu bytes is too long to "
		    "spool",
		    len);
	if (sp->n == sp->cap && grow(sp) < 0)
		return nx_error_set(err, "out of memory");
	if (fwrite(line, 1, len, sp->fp) != len)
		return nx_error_sys(err, "write temporary file");
	sp->off[sp->n] = sp->end;
	sp->len[sp->n] = (uint32_t)len;
	sp->tag[sp->n] = tag;
	sp->n++;
	sp->end += len;
	return 0;
}

int
nx_spool_seal(struct nx_spool *sp, struct nx_error *err)
{
	if (fflush(sp->fp) == EOF || ferror(sp->fp))
		return nx_error_sys(err, "write temporary file");
	return 0;
}

size_t
nx_spool_count(const struct nx_spool *sp)
{
	return sp->n;
}

uint16_t
nx_spool_tag(const struct nx_spool *sp, size_t i)
{
	return sp->tag[i];
}

int
nx_spool_get(struct nx_spool *sp, size_t i, const char **line, size_t *len,
    struct nx_error *err)
{
	size_t n = sp->len[i];

	if (n + 1 > sp->bufcap) {
		char *p = realloc(sp->buf, n + 1);

		if (p == NULL)
			return nx_error_set(err, "out of memory");
		sp->buf = p;
		sp->bufcap = n + 1;
	}
	if (pread(fileno(sp->fp), sp->buf, n, (off_t)sp->off[i]) != (ssize_t)n)
		return nx_error_sys(err, "read temporary file");
	*line = sp->buf;
	*len = n;
	return 0;
}

void
nx_spool_close(struct nx_spool *sp)
{
	if (sp == NULL)
		return;
	fclose(sp->fp);
	free(sp->off);
	free(sp->len);
	free(sp->tag);
	free(sp->buf);
	free(sp);
}

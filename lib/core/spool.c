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
	/* Reading in order: buf holds the file from buf_off, have bytes. */
	uint64_t buf_off;
	size_t have;
	char *wbuf; /* the stream's */
};

#define SPOOL_BUFSIZE ((size_t)1 << 20)

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
	/* glibc would take 4 KiB; give the stream a buffer of its own. */
	if ((sp->wbuf = malloc(SPOOL_BUFSIZE)) != NULL)
		setvbuf(sp->fp, sp->wbuf, _IOFBF, SPOOL_BUFSIZE);
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

/*
 * Lines read in order come out of one large read; a line elsewhere is
 * read alone (--shuffle reads them so).
 */
int
nx_spool_get(struct nx_spool *sp, size_t i, const char **line, size_t *len,
    struct nx_error *err)
{
	uint64_t off = sp->off[i];
	size_t n = sp->len[i], want = n;
	ssize_t got;

	if (off >= sp->buf_off && off + n <= sp->buf_off + sp->have) {
		*line = sp->buf + (off - sp->buf_off);
		*len = n;
		return 0;
	}
	if (i + 1 < sp->n && sp->off[i + 1] == off + n && i > 0 &&
	    sp->off[i - 1] + sp->len[i - 1] == sp->buf_off + sp->have)
		want = n > SPOOL_BUFSIZE ? n : SPOOL_BUFSIZE;
	if (want > sp->end - off)
		want = (size_t)(sp->end - off);
	if (want + 1 > sp->bufcap) {
		char *p = realloc(sp->buf, want + 1);

		if (p == NULL)
			return nx_error_set(err, "out of memory");
		sp->buf = p;
		sp->bufcap = want + 1;
	}
	sp->have = 0;
	got = pread(fileno(sp->fp), sp->buf, want, (off_t)off);
	if (got < (ssize_t)n)
		return nx_error_sys(err, "read temporary file");
	sp->buf_off = off;
	sp->have = (size_t)got;
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
	free(sp->wbuf);
	free(sp->off);
	free(sp->len);
	free(sp->tag);
	free(sp->buf);
	free(sp);
}

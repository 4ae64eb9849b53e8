#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reader.h"

#define CHUNK ((size_t)1 << 16)

struct nx_reader {
	int fd;
	int eof;
	char *name;
	char *buf;
	size_t cap;   /* allocated bytes in buf */
	size_t start; /* first unread byte */
	size_t end;   /* one past the last byte read */
	size_t max_line;
	long lineno;
	unsigned long long bytes; /* read so far */
};

int
nx_reader_open(struct nx_reader **out, const char *path, size_t max_line,
    struct nx_error *err)
{
	struct nx_reader *r;
	int stdin_ = strcmp(path, "-") == 0;

	*out = NULL;
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return nx_error_sys(err, "out of memory");
	r->max_line = max_line != 0 ? max_line : NX_READER_MAX_LINE_DEFAULT;
	r->cap = CHUNK;
	r->name = strdup(stdin_ ? "<stdin>" : path);
	r->buf = malloc(r->cap);
	if (r->name == NULL || r->buf == NULL) {
		nx_reader_close(r);
		return nx_error_sys(err, "out of memory");
	}
	if (stdin_)
		r->fd = STDIN_FILENO;
	else if ((r->fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		nx_error_sys(err, "open %s", path);
		r->fd = -1;
		nx_reader_close(r);
		return -1;
	}
	*out = r;
	return 0;
}

/* Append more input after r->end; returns bytes read, 0 at EOF, -1. */
static ssize_t
fill(struct nx_reader *r, struct nx_error *err)
{
	ssize_t n;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->end == r->cap) {
		size_t ncap = r->cap * 2;
		char *nbuf;

		if ((nbuf = realloc(r->buf, ncap)) == NULL)
			return nx_error_sys(err, "%s: out of memory", r->name);
		r->buf = nbuf;
		r->cap = ncap;
	}
	do
		n = read(r->fd, r->buf + r->end, r->cap - r->end);
	while (n == -1 && errno == EINTR);
	if (n == -1)
		return nx_error_sys(err, "read %s", r->name);
	if (n == 0)
		r->eof = 1;
	r->end += (size_t)n;
	r->bytes += (unsigned long long)n;
	return n;
}

/* Drop the rest of an over-long line; adds the bytes dropped to *len. */
static int
skip_line(struct nx_reader *r, size_t *len, struct nx_error *err)
{
	char *nl;

	for (;;) {
		nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		if (nl != NULL) {
			*len += (size_t)(nl - (r->buf + r->start));
			r->start = (size_t)(nl - r->buf) + 1;
			return 0;
		}
		*len += r->end - r->start;
		r->start = r->end = 0;
		if (r->eof)
			return 0;
		if (fill(r, err) < 0)
			return -1;
	}
}

int
nx_reader_next(struct nx_reader *r, struct nx_line *line, struct nx_error *err)
{
	size_t scanned = 0;
	char *p, *nl;
	size_t len;

	for (;;) {
		p = r->buf + r->start;
		nl = memchr(p + scanned, '\n', r->end - r->start - scanned);
		if (nl != NULL) {
			len = (size_t)(nl - p);
			r->start += len + 1;
			break;
		}
		scanned = r->end - r->start;
		if (r->eof) {
			if (scanned == 0)
				return NX_READ_EOF;
			len = scanned;
			r->start = r->end;
			break;
		}
		if (scanned > r->max_line) {
			r->lineno++;
			line->data = NULL;
			line->len = scanned;
			line->lineno = r->lineno;
			r->start = r->end;
			return skip_line(r, &line->len, err) < 0 ? -1
								 : NX_READ_LONG;
		}
		if (fill(r, err) < 0)
			return -1;
	}
	r->lineno++;
	if (len > 0 && p[len - 1] == '\r')
		len--;
	if (r->lineno == 1 && len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
		p += 3;
		len -= 3;
	}
	if (len > r->max_line) {
		line->data = NULL;
		line->len = len;
		line->lineno = r->lineno;
		return NX_READ_LONG;
	}
	line->data = p;
	line->len = len;
	line->lineno = r->lineno;
	return NX_READ_LINE;
}

const char *
nx_reader_name(const struct nx_reader *r)
{
	return r->name;
}

void
nx_reader_close(struct nx_reader *r)
{
	if (r == NULL)
		return;
	if (r->fd > STDIN_FILENO)
		close(r->fd);
	free(r->buf);
	free(r->name);
	free(r);
}

unsigned long long
nx_reader_bytes(const struct nx_reader *r)
{
	return r->bytes;
}

int
nx_read_file(struct nx_buf *b, const char *path, size_t max, struct nx_error *err)
{
	FILE *fp = fopen(path, "rb");
	char chunk[65536];
	size_t n, start = b->len;
	int rc = 0;

	if (fp == NULL)
		return nx_error_sys(err, "open %s", path);
	while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if (b->len - start + n > max)
			rc = nx_error_set(
			    err, "%s: larger than %zu bytes", path, max);
		else if (nx_buf_add(b, chunk, n) < 0)
			rc = nx_error_set(err, "%s: out of memory", path);
	}
	if (rc == 0 && ferror(fp))
		rc = nx_error_sys(err, "read %s", path);
	fclose(fp);
	return rc;
}

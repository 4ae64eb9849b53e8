#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jarray.h"
#include "scan.h"

#define CHUNK ((size_t)1 << 16)

struct nx_jarray {
	nx_jarray_read_fn fn;
	void *src;
	char *buf;
	size_t cap, len; /* bytes held in buf */
	size_t pos;	 /* the next byte to look at */
	size_t keep;	 /* bytes before it may be dropped */
	size_t start;	 /* where the document begins (past a BOM) */
	long long linestart; /* where pos's line begins; < 0 when dropped */
	long line;
	long nelems;
	int eof, done;
	/* bytes between elements that are not JSON: said on the next call */
	int bad;
	long bad_line, bad_column;
	unsigned long long bytes;
};

int
nx_jarray_open(struct nx_jarray **out, nx_jarray_read_fn fn, void *src,
    struct nx_error *err)
{
	struct nx_jarray *a = calloc(1, sizeof(*a));

	*out = NULL;
	if (a == NULL || (a->buf = malloc(CHUNK + 1)) == NULL) {
		free(a);
		return nx_error_nomem(err);
	}
	a->fn = fn;
	a->src = src;
	a->cap = CHUNK + 1; /* one byte for a NUL past the end */
	a->line = 1;
	*out = a;
	return 0;
}

long
nx_jarray_read_fd(void *src, char *buf, size_t n, struct nx_error *err)
{
	const struct nx_jarray_fd *f = src;
	ssize_t got;

	do
		got = read(f->fd, buf, n);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		return nx_error_sys(err, "read %s", f->name);
	return (long)got;
}

/* More input after a->len, dropping the bytes before a->keep first.
 * Returns the bytes read, 0 at the end, -1. */
static long
fill(struct nx_jarray *a, struct nx_error *err)
{
	long got;

	if (a->eof)
		return 0;
	if (a->keep > 0) {
		memmove(a->buf, a->buf + a->keep, a->len - a->keep);
		a->len -= a->keep;
		a->pos -= a->keep;
		a->linestart -= (long long)a->keep;
		a->keep = 0;
	}
	if (a->cap - a->len < CHUNK / 2 + 1) {
		size_t ncap = a->cap * 2;
		char *nbuf = realloc(a->buf, ncap);

		if (nbuf == NULL)
			return nx_error_nomem(err);
		a->buf = nbuf;
		a->cap = ncap;
	}
	if ((got = a->fn(a->src, a->buf + a->len, a->cap - a->len - 1, err)) <
	    0)
		return -1;
	if (got == 0)
		a->eof = 1;
	a->len += (size_t)got;
	a->bytes += (unsigned long long)got;
	return got;
}

/* Count a newline at pos. */
static void
newline(struct nx_jarray *a)
{
	a->line++;
	a->linestart = (long long)a->pos + 1;
}

static long
column(const struct nx_jarray *a)
{
	return (long)((long long)a->pos - a->linestart) + 1;
}

/* The next byte that is not white space (not taken), 0 at the end, -1. */
static int
skip_white(struct nx_jarray *a, struct nx_error *err)
{
	for (;;) {
		long got;

		for (; a->pos < a->len; a->pos++) {
			char ch = a->buf[a->pos];

			if (ch == '\n')
				newline(a);
			else if (ch != ' ' && ch != '\t' && ch != '\r')
				return (unsigned char)ch;
		}
		if ((got = fill(a, err)) <= 0)
			return (int)got;
	}
}

int
nx_jarray_first(struct nx_jarray *a, struct nx_error *err)
{
	while (a->len < 3 && !a->eof)
		if (fill(a, err) < 0)
			return -1;
	if (a->len >= 3 && memcmp(a->buf, "\xEF\xBB\xBF", 3) == 0)
		a->pos = a->start = 3;
	a->linestart = (long long)a->pos;
	return skip_white(a, err);
}

/* Past the element that begins at pos: a string, array or object walked
 * to its end, anything else to the next white space or separator.  0, 1
 * when the input ends inside it, -1 on a read error. */
static int
walk(struct nx_jarray *a, struct nx_error *err)
{
	const char *b;
	long depth = 0;
	int instr = 0, esc = 0;
	char ch = a->buf[a->pos];

	if (ch != '{' && ch != '[' && ch != '"') {
		for (;;) {
			for (; a->pos < a->len; a->pos++) {
				ch = a->buf[a->pos];
				if (strchr(" \t\r\n,]}", ch) != NULL)
					return 0;
			}
			if (fill(a, err) <= 0)
				return a->eof ? 0 : -1;
		}
	}
	for (;;) {
		while (a->pos < a->len) {
			if (esc) {
				esc = 0;
				if (a->buf[a->pos] == '\n')
					newline(a);
				a->pos++;
				continue;
			}
			if (instr) {
				b = (const char *)nx_scan_special(
				    (const unsigned char *)a->buf + a->pos,
				    (const unsigned char *)a->buf + a->len);
				a->pos = (size_t)(b - a->buf);
				if (a->pos == a->len)
					break;
			}
			ch = a->buf[a->pos];
			if (ch == '\n')
				newline(a);
			else if (instr) {
				if (ch == '\\')
					esc = 1;
				else if (ch == '"')
					instr = 0;
			} else if (ch == '"')
				instr = 1;
			else if (ch == '{' || ch == '[')
				depth++;
			else if (ch == '}' || ch == ']')
				depth--;
			a->pos++;
			if (depth <= 0 && !instr)
				return 0;
		}
		if (fill(a, err) <= 0)
			return a->eof ? 1 : -1; /* cut short: its parser says */
	}
}

/* Bytes between elements that are not JSON, said on the next call. */
static void
go_bad(struct nx_jarray *a)
{
	a->bad = 1;
	a->bad_line = a->line;
	a->bad_column = column(a);
}

int
nx_jarray_next(
    struct nx_jarray *a, struct nx_jarray_elem *e, struct nx_error *err)
{
	size_t from, to;
	int c;

	e->line = 0;
	if (a->bad) {
		e->line = a->bad_line;
		e->column = a->bad_column;
		return nx_error_set(err, "invalid JSON at column %ld: %s",
		    a->bad_column,
		    a->eof && a->pos >= a->len ? "premature end of input"
					       : "',' or ']' expected");
	}
	if (a->done)
		return 0;
	if (a->nelems == 0)
		a->pos++; /* the '[' */
	if ((c = skip_white(a, err)) < 0)
		return -1;
	if (a->nelems == 0 && c == ']') {
		a->pos++;
		a->done = 1;
		return 0;
	}
	if (c == 0 || c == ']' || c == ',') {
		go_bad(a);
		return nx_jarray_next(a, e, err);
	}
	/* the elements before are done with (the first is kept with the
	 * start of the document, for nx_jarray_whole) */
	if (a->nelems > 0)
		a->keep = a->pos;
	from = a->pos - a->keep;
	e->line = a->line;
	e->column = column(a);
	if ((c = walk(a, err)) < 0)
		return -1;
	to = a->pos - a->keep;
	if (c > 0) { /* cut short: its parser says so, nothing more */
		e->last = 1;
		a->done = 1;
		goto out;
	}
	/* what follows: another element, the end, or something wrong */
	if ((c = skip_white(a, err)) < 0)
		return -1;
	e->last = c == ']';
	if (c == ',' || c == ']')
		a->pos++;
	else
		go_bad(a);
	a->done = c == ']';
out:
	e->data = a->buf + a->keep + from;
	e->len = to - from;
	a->nelems++;
	return 1;
}

int
nx_jarray_trailing(struct nx_jarray *a, long *line, struct nx_error *err)
{
	int c;

	a->keep = a->pos;
	if ((c = skip_white(a, err)) < 0)
		return -1;
	*line = a->line;
	return c != 0;
}

int
nx_jarray_whole(struct nx_jarray *a, const char **data, size_t *len,
    size_t max, const char *name, struct nx_error *err)
{
	long got;

	if (a->nelems > 1 || a->keep > 0)
		return nx_error_set(err, "the document is no longer whole");
	do {
		if (a->len - a->start > max)
			return nx_error_set(
			    err, "%s: larger than %zu bytes", name, max);
	} while ((got = fill(a, err)) > 0);
	if (got < 0)
		return -1;
	a->buf[a->len] = '\0';
	*data = a->buf + a->start;
	*len = a->len - a->start;
	return 0;
}

unsigned long long
nx_jarray_bytes(const struct nx_jarray *a)
{
	return a->bytes;
}

void
nx_jarray_close(struct nx_jarray *a)
{
	if (a == NULL)
		return;
	free(a->buf);
	free(a);
}

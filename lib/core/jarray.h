/*
 * jarray: a JSON document read in chunks, and when it is an array, its
 * elements one at a time — so that an export of thousands of
 * conversations is never in memory whole.
 *
 * The walker finds where each element ends (brackets and braces outside
 * strings, escapes respected); it does not validate: each element goes to
 * a real parser alone, which says what is wrong with it.  Lines are
 * counted so that an element's place reads FILE:LINE.
 *
 * Ownership: the bytes given out are borrowed, valid until the next call.
 */
#ifndef NX_JARRAY_H
#define NX_JARRAY_H

#include <stddef.h>

#include "err.h"

/* Reads up to n bytes into buf: the bytes read, 0 at the end, or -1 with
 * err filled. */
typedef long (*nx_jarray_read_fn)(
    void *src, char *buf, size_t n, struct nx_error *err);

struct nx_jarray;

struct nx_jarray_elem {
	const char *data; /* borrowed, valid until the next call */
	size_t len;
	long line;   /* 1-based line of its first byte */
	long column; /* 1-based column of its first byte */
	int last;    /* the array closes after it */
};

/* A reader of src through fn.  0, or -1 (memory). */
int nx_jarray_open(struct nx_jarray **out, nx_jarray_read_fn fn, void *src,
    struct nx_error *err);

/* A file descriptor as a source: nx_jarray_read_fd reads src, a struct
 * nx_jarray_fd (name is for messages). */
struct nx_jarray_fd {
	int fd;
	const char *name;
};

long nx_jarray_read_fd(void *src, char *buf, size_t n, struct nx_error *err);

/*
 * The first byte of the document past a UTF-8 byte order mark and white
 * space ('[' for an array), 0 when there is none, -1 on a read error.
 */
int nx_jarray_first(struct nx_jarray *a, struct nx_error *err);

/*
 * After nx_jarray_first said '[': the next element into *e.  1 for an
 * element, 0 past the closing bracket, -1 with err filled on a read error
 * (e->line 0) or bytes between elements that are neither ',' nor ']'
 * (e->line and e->column say where).  An element cut short by the end of the input is
 * given as it is (its parser says so).
 */
int nx_jarray_next(
    struct nx_jarray *a, struct nx_jarray_elem *e, struct nx_error *err);

/*
 * After the array: whether anything but white space follows (1, with its
 * line in *line), 0 if not, -1 on a read error.
 */
int nx_jarray_trailing(struct nx_jarray *a, long *line, struct nx_error *err);

/*
 * The whole document (past a byte order mark), NUL-terminated past *len:
 * the rest of the input read into memory.  Only before the second element
 * was asked for.  0, or -1 with err filled (read error, over max bytes:
 * "NAME: larger than MAX bytes", memory).
 */
int nx_jarray_whole(struct nx_jarray *a, const char **data, size_t *len,
    size_t max, const char *name, struct nx_error *err);

/* The bytes read so far. */
unsigned long long nx_jarray_bytes(const struct nx_jarray *a);

void nx_jarray_close(struct nx_jarray *a);

#endif

/*
 * reader: JSONL lines from a file or stdin, of any length up to a limit.
 *
 * Handles CRLF line ends, a UTF-8 byte order mark at the start, and a last
 * line without a newline.  Every line carries its 1-based number so that
 * diagnostics can say FILE:LINE.  A line longer than the limit is skipped
 * without being held in memory whole and reported as NX_READ_LONG.
 */
#ifndef NX_READER_H
#define NX_READER_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

#define NX_READER_MAX_LINE_DEFAULT ((size_t)64 << 20) /* 64 MiB */

struct nx_reader;

struct nx_line {
	const char *data; /* borrowed, valid until the next call; no line end */
	size_t len;	  /* bytes in data; for NX_READ_LONG, the line's size */
	long lineno;	  /* 1-based */
};

enum {
	NX_READ_EOF = 0,
	NX_READ_LINE = 1,
	NX_READ_LONG = 2 /* over the limit: skipped, data is NULL */
};

/*
 * Open path for reading ("-" is stdin, named "<stdin>").  max_line is the
 * longest line accepted in bytes (0: the default).  Returns 0 and a new
 * reader in *out, or -1 with err filled.
 */
int nx_reader_open(struct nx_reader **out, const char *path, size_t max_line,
    struct nx_error *err);

/*
 * Read the next line into *line.  Returns NX_READ_LINE, NX_READ_LONG,
 * NX_READ_EOF, or -1 on a read error (err filled).
 */
int nx_reader_next(
    struct nx_reader *r, struct nx_line *line, struct nx_error *err);

/* The name used in diagnostics; borrowed, valid until nx_reader_close. */
const char *nx_reader_name(const struct nx_reader *r);

/* The bytes read from the file so far. */
unsigned long long nx_reader_bytes(const struct nx_reader *r);

/* Close the file (never stdin) and free r; NULL is accepted. */
void nx_reader_close(struct nx_reader *r);

/*
 * All of path (a whole file: templates, a blocklist) appended to b, at
 * most max bytes.  0, or -1 with err ("FILE: larger than N bytes").
 */
int nx_read_file(
    struct nx_buf *b, const char *path, size_t max, struct nx_error *err);

#endif

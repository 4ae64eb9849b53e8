/*
 * input: the records of every input operand in turn ("-" is stdin; no
 * operands means stdin), each line parsed into the neutral view.
 *
 * Blank lines (only white space) are not records and are skipped.
 */
#ifndef NX_INPUT_H
#define NX_INPUT_H

#include "reader.h"
#include "record.h"

struct nx_input;

/* What nx_input_next found. */
enum nx_input_status {
	NX_INPUT_END = 0,
	NX_INPUT_RECORD, /* rec holds a good record */
	NX_INPUT_BAD,	 /* a bad line: reason and err say why */
	NX_INPUT_ERROR	 /* an I/O error (err); the operand is abandoned */
};

/* Where the last line came from; borrowed from the input. */
struct nx_where {
	const char *file;
	long line;
	const char
	    *raw; /* the line, valid until the next call; NULL if too long */
	size_t rawlen;
};

enum {
	/* Records may come from nx_record_scan, without root or metadata. */
	NX_INPUT_SCAN = 1 << 0
};

/*
 * Prepare to read paths[0..npaths) (borrowed for the input's lifetime; none
 * means stdin).  max_line as for nx_reader_open; flags from the enum above.
 * Returns 0 and a new input in *out, or -1 with err filled.  Files are opened
 * one at a time, when reached.
 */
int nx_input_open(struct nx_input **out, char *const *paths, int npaths,
    size_t max_line, int flags, struct nx_error *err);

/*
 * The next record into rec (initialised by the caller), with its origin in
 * *where.  For NX_INPUT_BAD, *reason is "json", "shape" or "long" and err
 * says what is wrong.  A file that cannot be opened or read is
 * NX_INPUT_ERROR; the next call goes on with the next operand.
 */
enum nx_input_status nx_input_next(struct nx_input *in, struct nx_record *rec,
    struct nx_where *where, const char **reason, struct nx_error *err);

/*
 * The bytes read so far, and the size of all operands when each is a
 * regular file (else 0: unknown), for progress reports.
 */
void nx_input_bytes(const struct nx_input *in, unsigned long long *done,
    unsigned long long *total);

/* Close whatever is open and free in; NULL is accepted. */
void nx_input_close(struct nx_input *in);

#endif

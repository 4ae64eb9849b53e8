/*
 * reject: one line of a --rejects file, so that no bad input vanishes.
 *
 *   {"reason":"shape","file":"a.jsonl","line":7,"id":"…","message":"…",
 *    "record":{…the line as parsed…}}
 *
 * A line that is not valid JSON is kept as "raw" text instead of "record";
 * when it is not even valid UTF-8, "raw" has U+FFFD for the bad bytes and
 * "raw_base64" holds the exact bytes.
 */
#ifndef NX_REJECT_H
#define NX_REJECT_H

#include "buf.h"
#include "progress.h"
#include "record.h"

struct nx_reject {
	const char *reason;  /* a short word: json, shape, length, … */
	const char *file;    /* input name */
	long line;	     /* 1-based, or 0 when unknown */
	const char *message; /* the diagnostic, or NULL */
	const json_t *extra; /* an object whose fields are added, or NULL */
};

/*
 * Append the reject line for r to b.  rec (may be NULL) supplies the id and,
 * when parsed, the record; raw[0..rawlen) is the input line as read.
 * Returns 0, or -1 (no memory).
 */
int nx_reject_write(struct nx_buf *b, const struct nx_reject *r,
    const struct nx_record *rec, const char *raw, size_t rawlen);

/*
 * The rejects sink of a tool (tool side: it prints).  Every rejected record
 * is counted in stats and written to out (when given); bad input also gets
 * a "prog: FILE:LINE: message" diagnostic on stderr — the first
 * NX_REJECTS_SHOWN of them, then a count at the end.
 */
#define NX_REJECTS_SHOWN 20

struct nx_stats;
struct nx_output;

struct nx_rejects {
	struct nx_output *out;	     /* borrowed; NULL when not kept */
	struct nx_stats *stats;	     /* borrowed */
	int strict;		     /* the first bad input line is fatal */
	unsigned long bad;	     /* bad input lines seen */
	struct nx_buf buf;	     /* owned */
	struct nx_progress progress; /* nx_rejects_next shows it */
};

/*
 * Reject a record.  bad says it is bad input (diagnosed) rather than a
 * filter's decision (only counted).  Returns 0, or -1 with err filled when
 * the rejects file cannot be written or, with strict, on bad input.
 */
int nx_rejects_add(struct nx_rejects *rj, const struct nx_reject *r,
    const struct nx_record *rec, const char *raw, size_t rawlen, int bad,
    struct nx_error *err);

struct nx_input;
struct nx_where;

/*
 * The next good record of in into rec.  On the way, bad lines are rejected
 * (and diagnosed) and unreadable files reported, each setting *status to 1;
 * every line counts in rj->stats->read.  Returns 1 with a record, 0 at the
 * end, or -1 with err filled when the run must stop (--strict, or the
 * rejects file cannot be written).
 */
int nx_rejects_next(struct nx_rejects *rj, struct nx_input *in,
    struct nx_record *rec, struct nx_where *w, int *status,
    struct nx_error *err);

/* Say how many diagnostics were not shown; free rj's buffer. */
void nx_rejects_finish(struct nx_rejects *rj);
#endif

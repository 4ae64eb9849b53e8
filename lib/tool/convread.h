/*
 * convread: the conversations of an input file, one at a time, whatever
 * its layout (tool side: it rejects, warns and dies) — a whole JSON
 * document, JSON Lines (a chat app's one chat a file kept together), or a
 * JSON array read element by element so that a large export is never in
 * memory whole; a file inside a .zip is read in place.  Bad input goes to
 * the rejects with FILE:LINE; nothing is dropped without a count.
 *
 * Ownership: the conversation and place given to fn are borrowed, valid
 * for that call.
 */
#ifndef NX_CONVREAD_H
#define NX_CONVREAD_H

#include <stddef.h>

#include "conv.h"
#include "files.h"
#include "reject.h"

/* Where a conversation is: its file, line (JSON Lines) and place. */
struct nx_conv_where {
	const struct nx_file *f;
	long line;  /* 0 for a whole-file document */
	long index; /* in the file's list of conversations */
	int many;   /* that document holds more than one */
	const json_t *root; /* its JSON (conversation index of it), or NULL */
};

/* A conversation as read: 0, or -1 to stop the run. */
typedef int (*nx_convread_fn)(
    void *ctx, const struct nx_conv_where *w, const struct nx_conv *c);

struct nx_convread {
	size_t max_line;	    /* of a JSON Lines file */
	struct nx_rejects *rejects; /* borrowed; its stats count every input */
	int *status;		    /* borrowed: set to 1 by bad input */
	nx_convread_fn fn;
	void *ctx;	     /* borrowed, given to fn */
	struct nx_conv conv; /* the fast path's */
};

void nx_convread_init(struct nx_convread *r, size_t max_line,
    struct nx_rejects *rejects, int *status, nx_convread_fn fn, void *ctx);

/*
 * Every conversation of file f through r->fn, in order; a bad file, line
 * or conversation is rejected (and diagnosed), a file that cannot be read
 * reported.  0, or -1 when the run must stop (--strict, or fn said so).
 */
int nx_convread_file(struct nx_convread *r, const struct nx_file *f);

/*
 * The .zip fs->v[i]: its conversation files (conversations.json, or its
 * parts, at any depth) are added to fs, to be read after the others as
 * "export.zip/conversations.json"; the rest of the archive is not
 * conversations.  An archive that cannot be read, or holds none, is
 * rejected.  0, or -1 when the run must stop (--strict).
 */
int nx_convread_zip(struct nx_convread *r, struct nx_files *fs, size_t i);

/*
 * A bad file, line or conversation: said (print), counted, kept in the
 * rejects with raw[0..rawlen) as its record.  0, or -1 when --strict
 * stops the run.
 */
int nx_convread_reject(struct nx_convread *r, const char *reason,
    const char *file, long line, const char *msg, const char *raw,
    size_t rawlen, int print);

void nx_convread_free(struct nx_convread *r);

#endif

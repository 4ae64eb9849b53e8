/*
 * pairs: the user→assistant pairs of a conversation written as records
 * (tool side: it writes, rejects and dies) — consecutive turns of one role
 * joined, each reply with up to N earlier turns (or, in dialog mode, the
 * whole conversation up to its last reply), the tool turns between prompt
 * and reply as its steps, ids unique in the run, and pairs that an image
 * or file may speak of rejected with the reason unless kept, marked.
 *
 * Ownership: the options' strings and the sinks are borrowed; the buffers
 * and the judge are owned (nx_pairs_free).
 */
#ifndef NX_PAIRS_H
#define NX_PAIRS_H

#include <stddef.h>

#include "buf.h"
#include "convread.h"
#include "format.h"
#include "output.h"
#include "reject.h"
#include "run.h"
#include "stats.h"

struct nx_pairs {
	/* the options */
	int dialog, keep_media, stats;
	size_t context;	     /* earlier turns to attach in pairs mode */
	const char *system;  /* where a conversation has none; or NULL */
	struct nx_run judge; /* the length stage */
	enum nx_format fmt;
	enum nx_reasoning reasoning;
	/* where the records go (borrowed) */
	struct nx_output *out;
	struct nx_rejects *rejects;
	struct nx_stats *st;
	int *status; /* set to 1 when a pair cannot be written */
	/* what was seen */
	unsigned long long empty, unanswered;
	unsigned long long tool_turns; /* left out by the format */
	struct nx_buf line, meta, id, runs;
};

/*
 * Write the pairs of conversation c, found at w (its id and metadata name
 * the place).  An exchange with media cuts the context of the pairs after
 * it; those pairs are marked after_media.  A pair the judge drops or that
 * the format cannot hold is rejected.  Returns 0; a failed write to the
 * rejects or no memory ends the run.
 */
int nx_pairs_write(
    struct nx_pairs *p, const struct nx_conv_where *w, const struct nx_conv *c);

/*
 * Judge a record built elsewhere (a preference) as a pair is judged, and
 * write it or reject it, at file:line.
 */
void nx_pairs_put(struct nx_pairs *p, const struct nx_record *rec,
    const char *file, long line);

/* Free p's buffers and judge. */
void nx_pairs_free(struct nx_pairs *p);

#endif

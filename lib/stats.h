/*
 * stats: what a run read, wrote and rejected, for --stats and the
 * read = written + rejected accounting.
 */
#ifndef NX_STATS_H
#define NX_STATS_H

#include <stdio.h>

#include "record.h"

#define NX_STATS_MAX_REASONS 16

struct nx_stats {
	unsigned long long read, written, rejected;
	unsigned long long prompt_chars, completion_chars; /* of written */
	size_t nreasons;
	struct {
		const char *reason; /* borrowed: a string literal */
		unsigned long long count;
	} reasons[NX_STATS_MAX_REASONS];
};

void nx_stats_init(struct nx_stats *st);

/* Count a written record and its lengths in code points. */
void nx_stats_written(struct nx_stats *st, const struct nx_record *rec);

/* Count a rejected record under reason (a string literal, kept borrowed). */
void nx_stats_rejected(struct nx_stats *st, const char *reason);

/* The summary table, written to fp (tools pass stderr). */
void nx_stats_print(const struct nx_stats *st, const char *progname,
    FILE *fp);

/*
 * A progress line ("prog: N records\r") on fp, for runs on a terminal;
 * done clears it.  Tools call it every so many records.
 */
void nx_stats_progress(const struct nx_stats *st, const char *progname,
    FILE *fp, int done);

#endif

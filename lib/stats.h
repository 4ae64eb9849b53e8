/*
 * stats: what a run read, wrote and rejected, for --stats and the
 * read = written + rejected accounting.
 */
#ifndef NX_STATS_H
#define NX_STATS_H

#include <stdio.h>

#include "buf.h"
#include "record.h"

#define NX_STATS_MAX_REASONS 16
#define NX_STATS_MAX_LANGS 8

struct nx_stats {
	unsigned long long read, written, rejected;
	unsigned long long prompt_chars, completion_chars; /* of written */
	size_t nreasons;
	struct {
		const char *reason; /* borrowed: a string literal */
		unsigned long long count;
	} reasons[NX_STATS_MAX_REASONS];
	size_t nlangs; /* metadata.lang of written records; "-" for none */
	struct {
		char code[8];
		unsigned long long count;
	} langs[NX_STATS_MAX_LANGS + 1]; /* the last slot: "other" */
	struct nx_buf scratch;
};

void nx_stats_init(struct nx_stats *st);
void nx_stats_free(struct nx_stats *st);

/* Count a written record, its lengths in code points and its language. */
void nx_stats_written(struct nx_stats *st, const struct nx_record *rec);

/* Take a written record off again (it moved elsewhere). */
void nx_stats_unwritten(struct nx_stats *st, const struct nx_record *rec);

/* Count a rejected record under reason (a string literal, kept borrowed). */
void nx_stats_rejected(struct nx_stats *st, const char *reason);

/* The summary table, written to fp (tools pass stderr). */
void nx_stats_print(const struct nx_stats *st, const char *progname, FILE *fp);

/* "ro 50%, en 50%" into buf (NUL-terminated, truncated to size). */
void nx_stats_langs(const struct nx_stats *st, char *buf, size_t size);

/* The figures as one JSON object appended to b; 0, or -1 (memory). */
int nx_stats_json(struct nx_buf *b, const struct nx_stats *st);

#endif

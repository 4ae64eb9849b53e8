/*
 * stats: what a run read, wrote and rejected, for --stats and the
 * read = written + rejected accounting.
 */
#ifndef NX_STATS_H
#define NX_STATS_H

#include <stdint.h>
#include <stdio.h>

#include "buf.h"
#include "record.h"
#include "tokenizer.h"

#define NX_STATS_MAX_REASONS 16
#define NX_STATS_MAX_LANGS 8

struct nx_stats {
	unsigned long long read, written, rejected;
	unsigned long long prompt_chars, completion_chars; /* of written */
	/* Of the written: preference pairs and their rejected replies'
	 * characters; labelled completions, bad [0] and good [1]. */
	unsigned long long pairs, rejected_chars, labelled[2];
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

	/* Lengths in tokens of the written records, for the quantiles:
	 * exact with tok (borrowed, set by the tool), else estimated. */
	struct nx_tokenizer *tok;
	unsigned turn_tokens;	  /* a chat template's tokens a message */
	uint32_t *tokens;	  /* prompt, completion, record: 3 a record */
	size_t ntokens, captokens; /* records */
	int tokens_lost;	  /* out of memory: no length figures */
	int per_file;		  /* one output file's figures: the input's
				     read and rejected are not its own */
};

/* What a run's lengths in tokens were: the quantiles of prompt,
 * completion and whole record, and how many records pass the limits. */
#define NX_STATS_LIMITS 3
extern const unsigned nx_stats_limits[NX_STATS_LIMITS]; /* 1024 2048 4096 */

struct nx_lengths {
	int exact; /* counted by a tokenizer, not estimated */
	unsigned long p50[3], p90[3], p99[3], max[3];
	unsigned long long over[NX_STATS_LIMITS]; /* records over each */
};

/* The lengths of st's written records; 0, or -1 when none or unknown. */
int nx_stats_lengths(const struct nx_stats *st, struct nx_lengths *out);

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

/* The two lines of token lengths (quantiles, records over the limits),
 * labelled an estimate without a tokenizer; nothing when no records. */
void nx_stats_print_lengths(const struct nx_stats *st, const char *progname,
    FILE *fp);

/* "ro 50%, en 50%" into buf (NUL-terminated, truncated to size). */
void nx_stats_langs(const struct nx_stats *st, char *buf, size_t size);

/* The figures as one JSON object appended to b; 0, or -1 (memory). */
int nx_stats_json(struct nx_buf *b, const struct nx_stats *st);

#endif

/*
 * splitter: one run of jsonl-split.  Records are read through the caller's
 * rejects, placed (by key, with --max-share, or shuffled, or into
 * --shards), and written to their side's file in the shape the target
 * wants; then --min-valid's moves, the columns' types made one, and the
 * figures for the card, the report and the leakage check.
 *
 * The splitter owns its sides' outputs and paths from nx_splitter_open
 * until the caller takes the outputs for the end of the run; everything
 * else it holds is freed by nx_splitter_free.  It prints nothing itself:
 * bad lines go to the caller's rejects (tool/reject, which names them), and
 * the caller says what the figures mean.
 */
#ifndef NX_SPLITTER_H
#define NX_SPLITTER_H

#include <stdint.h>

#include "buf.h"
#include "card.h"
#include "err.h"
#include "format.h"
#include "minvalid.h"
#include "reject.h"
#include "schema.h"
#include "share.h"
#include "shards.h"
#include "split.h"
#include "stats.h"
#include "strata.h"
#include "target.h"
#include "tokenizer.h"

#define NX_SPLITTER_SEED 42

struct nx_input;
struct nx_where;
struct nx_twins;

/* A record's place in the files: its side in the top 16 bits, its line
 * (0-based) in the rest. */
#define NX_SPLITTER_SIDE(p) ((int)((p) >> 48))
#define NX_SPLITTER_LINE(p) ((p) & (((uint64_t)1 << 48) - 1))

struct nx_split_side {
	const char *name; /* borrowed */
	char *path;	  /* owned */
	struct nx_output *out;
	unsigned long long bytes;
	struct nx_stats st;
	struct nx_keys prompts; /* for --check-leakage */
	unsigned char *twinned; /* per line: has a near twin in train */
	size_t twincap;
	unsigned long long ntwinned;
};

/* --check-leakage: the first near twins found, named at the end. */
#define NX_SPLITTER_LEAKS 5
struct nx_split_leak {
	uint64_t record, train; /* places, as NX_SPLITTER_SIDE/LINE read */
	int by;			/* 0 prompt, 1 pair */
	double sim;
};

struct nx_splitter {
	/* what the command line asked; strings borrowed from it */
	struct nx_split sp;
	const char *dir;		       /* -d, "." by default */
	int dir_given, no_card, shards;	       /* shards: --shards, or 0 */
	const char *paths[NX_SPLIT_MAX_SIDES]; /* --train … or NULL */
	const char *names[NX_SPLIT_MAX_SIDES]; /* each side's name */
	char *namelist;			       /* --names */
	const char *report, *clusters, *tokenizer;
	int shuffle, check_leakage, stats;
	int measure; /* lengths and languages too (--stats, --report) */
	struct nx_strata strata; /* --stratify */
	unsigned long long min_valid;
	int reformat;
	enum nx_format fmt;
	int target_fmt; /* fmt is the target's pick for each kind */
	int kind;	/* the run's (nx_target_kind), -1 before the first */
	enum nx_reasoning reasoning; /* --reasoning */
	const struct nx_target *target;
	unsigned turn_tokens;	 /* --turn-tokens */
	int annotate;		 /* --annotate: metadata.tokens */
	struct nx_shares shares; /* --max-share */

	/* the run */
	struct nx_split_side side[NX_SPLIT_MAX_SIDES];
	struct nx_rejects rejects;
	struct nx_stats st;
	struct nx_buf line;
	struct nx_minvalid cand;      /* --min-valid: train groups to move */
	unsigned long long fallbacks; /* records without their group */
	struct nx_tokenizer *tok;     /* --tokenizer, or NULL */
	struct nx_schema *schema;     /* --target: metadata field types */
	struct nx_card card;	      /* the dataset card's figures */
	char *command;		      /* owned: the card's command line */
	int shape;		      /* no --format: the first record's */
	unsigned long long converted; /* records written in that shape */
	struct nx_twins *twins;	      /* --check-leakage: near twins */
	struct nx_split_leak leaks[NX_SPLITTER_LEAKS];
	size_t nleaks;
};

/* The defaults: a 0.8 two-way split by prompt, seed 42, into ".". */
void nx_splitter_init(struct nx_splitter *s);

/*
 * Options that do not go together.  Returns 0, or -1 with err saying
 * which (a usage error).
 */
int nx_splitter_check(const struct nx_splitter *s, struct nx_error *err);

/*
 * What the options imply: --by cluster checks leakage, the target's file
 * names and format, what is measured; then --names (one for each file).
 * Returns 0, or -1 with err filled: errnum ENOMEM for no memory, else a
 * usage error.
 */
int nx_splitter_setup(struct nx_splitter *s, struct nx_error *err);

/* --names (after the target's names): one for each of the files.  0, or
 * -1 with err (a usage error). */
int nx_splitter_names(struct nx_splitter *s, struct nx_error *err);

/*
 * Refuse outputs (the files of the split or the shards, rejects, --report)
 * that name an input, argv[0..argc) or --clusters, or each other.  Returns
 * 0, or -1 with err filled (a usage error, or no memory).
 */
int nx_splitter_distinct(const struct nx_splitter *s, const char *rejects,
    char **argv, int argc, struct nx_error *err);

/* The figures' start: the tokenizer tok (or NULL) measures lengths. */
void nx_splitter_start(struct nx_splitter *s, struct nx_tokenizer *tok);

/* Open each side's file.  Returns 0, or -1 with err filled. */
int nx_splitter_open(struct nx_splitter *s, struct nx_error *err);

/*
 * Read in to its end, placing and writing every good record (bad ones to
 * s->rejects, *status set to 1), then make --min-valid's moves.  Returns
 * 0, or -1 with err filled.
 */
int nx_splitter_place(struct nx_splitter *s, struct nx_input *in, int *status,
    struct nx_error *err);

/*
 * --shards: read in to its end, each record to its key's shard of sh;
 * one kind a run, the first record's (others to s->rejects).  Returns 0, or -1 with err filled.
 */
int nx_splitter_shard(struct nx_splitter *s, struct nx_shards *sh,
    struct nx_input *in, int *status, struct nx_error *err);

/* The format a record of shape (an enum nx_shape) is written in when the
 * run keeps the first record's shape: "chat" for chat. */
const char *nx_splitter_shape_format(int shape);

/*
 * Write a record to side i (for the placements of place.c), unless the
 * target refuses it: then it goes to s->rejects.  w->raw[0..w->rawlen) is
 * the line as read.  Returns 0, or -1 with err filled.
 */
int nx_splitter_put(struct nx_splitter *s, int i, const struct nx_record *rec,
    const struct nx_where *w, struct nx_error *err);

/*
 * --target: a field seen with two JSON types (nx_schema_conflicts) is
 * written as a string in every line of every file: each file is copied
 * aside and written again.  Returns 0, or -1 with err filled.
 */
int nx_splitter_unify(struct nx_splitter *s, struct nx_error *err);

/* The trainer's own size rules for each file: 0, or -1 with err. */
int nx_splitter_check_sizes(const struct nx_splitter *s, struct nx_error *err);

/* Prompts (normalised) found in train and in another file. */
unsigned long long nx_splitter_leaked(struct nx_splitter *s);

/* The statistics as one JSON object (--report) written to path: 0, or -1
 * with err. */
int nx_splitter_report(
    const struct nx_splitter *s, const char *path, struct nx_error *err);

/*
 * The card's figures from the run, and argv[0..argc) as the command that
 * made it.  Returns 0, or -1 with err filled (no memory).
 */
int nx_splitter_card(
    struct nx_splitter *s, int argc, char **argv, struct nx_error *err);

/* Free all s holds but its outputs, which the end of the run took. */
void nx_splitter_free(struct nx_splitter *s);

#endif

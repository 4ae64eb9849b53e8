/*
 * target: what each trainer reads (--target), and the rules it enforces on
 * records and files, so that violations are rejected here with a reason
 * rather than found by the trainer.
 */
#ifndef NX_TARGET_H
#define NX_TARGET_H

#include "err.h"
#include "format.h"
#include "choice.h"
#include "record.h"

struct nx_target {
	const char *name;
	const char *names[3];	 /* the train, validation and test files */
	enum nx_format fmt;	 /* the one format of every file */
	int alternate;		 /* context must alternate user, assistant */
	unsigned long min_lines; /* per file */
	unsigned long min_bytes;
	int tools_string;	 /* "tools" as a JSON string, not a list */
	int no_metadata;	 /* the trainer refuses keys it does not know */
	/* the format of preference pairs and of labelled (KTO) completions,
	 * or -1: the trainer takes none */
	int pair_fmt, kto_fmt;
};

/*
 * The record t's trainer is given: rec, or rec without its metadata in
 * *bare (a shallow copy) when the trainer refuses a metadata key.
 * Borrowed from rec.
 */
const struct nx_record *nx_target_record(const struct nx_target *t,
    const struct nx_record *rec, struct nx_record *bare);

/* The targets' names (--target), their values the index for nx_target_get. */
extern const struct nx_cli_choice nx_target_names[];

/* The target named by value i of nx_target_names; static. */
const struct nx_target *nx_target_get(int i);

/* Why rec breaks t's rules (a static string), or NULL. */
const char *nx_target_violation(
    const struct nx_target *t, const struct nx_record *rec);

/*
 * A record's tool definitions (its top-level "tools": a list of objects,
 * or that list as a JSON string) appended to line, the JSON object just
 * written for t ending in "}\n", as t's trainer reads them: a list for
 * mlx-lm, OpenAI (and Together, Fireworks) and Mistral; a JSON string for
 * TRL (a column Arrow can type whatever the schemas) and LLaMA-Factory
 * (whose sharegpt "tools" column is a string); with in_input, inside the
 * row's "input" object (OpenAI's preference rows).  tools NULL or JSON
 * null: nothing.  Returns 1 when appended, 0 when there was nothing, -1 with
 * *why (a static reason to reject the record) when tools is not such a
 * list, or with *why NULL when memory runs out.
 */
int nx_target_tools(const struct nx_target *t, struct nx_buf *line,
    const json_t *tools, int in_input, const char **why);

/*
 * The format t writes records of kind in: 0, or -1 with *why (a static
 * reason to reject the record) when t's trainer takes no such records.
 */
int nx_target_format(enum nx_format *out, const struct nx_target *t,
    enum nx_kind kind, const char **why);

/*
 * A run writes records of one kind (replies, preference pairs or labelled
 * completions), that of its first record: trainers take one a file.
 * *kind is the run's (-1 before the first record, then set here).
 * NULL when rec is of it, else why it is not (static).
 */
const char *nx_target_kind(int *kind, const struct nx_record *rec);

/* What records of kind are, for the card and --stats ("preference pairs
 * (prompt, chosen, rejected)"); static. */
const char *nx_target_kind_name(enum nx_kind kind);

/* 0 if a file of this many records and bytes suits t, else -1 and err. */
int nx_target_check_file(const struct nx_target *t, const char *path,
    unsigned long long records, unsigned long long bytes, struct nx_error *err);

#endif

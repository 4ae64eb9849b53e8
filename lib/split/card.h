/*
 * card: the files a trainer asks for beside the data.
 *
 * A Hugging Face dataset card (README.md: YAML front matter with configs
 * and data_files, languages and size category, then the figures of the
 * run: records, lengths in tokens, sources, how the split was made,
 * rejects by reason) and LLaMA-Factory's dataset_info.json.  Both are
 * written atomically; a README.md that nova-export did not write is left
 * alone.
 */
#ifndef NX_CARD_H
#define NX_CARD_H

#include "err.h"
#include "record.h"
#include "stats.h"

#define NX_CARD_MAX_FILES 3
#define NX_CARD_MAX_SOURCES 16

struct nx_card {
	const char *dir;     /* the folder (borrowed) */
	const char *command; /* the command line, for the card (borrowed) */
	const char *format;  /* the format written, or NULL: as read */
	const char *target;  /* --target, or NULL */
	const char *tokenizer; /* --tokenizer, or NULL: estimates */
	int tools;	       /* a record written has tool definitions */
	int kind;	       /* the records' (enum nx_kind), by nx_card_note */
	size_t nfiles;
	struct {
		const char *split; /* train, validation, … (borrowed) */
		const char *path;  /* as written (borrowed) */
		const struct nx_stats *st; /* its figures (borrowed) */
		/* a record written to it had a system prompt, earlier
		 * turns (by nx_card_note): alpaca's optional columns */
		int system, history;
	} files[NX_CARD_MAX_FILES];
	const struct nx_stats *input; /* read, rejected by reason */
	size_t nsources;	      /* the source field of the records */
	struct {
		char name[32];
		unsigned long long count;
	} sources[NX_CARD_MAX_SOURCES + 1]; /* the last: "other" */
};

/* Count rec's source ("unknown" when it has none) for the card, and note
 * what it brings to file (an index of c->files). */
void nx_card_note(struct nx_card *c, int file, const struct nx_record *rec);

/*
 * Write c->dir/README.md.  1 when written, 0 when a README.md not made by
 * nova-export is there (left as it is), -1 with err.
 */
int nx_card_write(const struct nx_card *c, struct nx_error *err);

/*
 * Write c->dir/dataset_info.json for LLaMA-Factory: one entry a file,
 * named nova_SPLIT, ShareGPT with from/value and human/gpt/system tags
 * (Alpaca when c->format is "alpaca", its columns named, system and
 * history only for a file that has them); for preference
 * pairs "ranking": true with chosen and rejected columns, for labelled
 * completions a kto_tag column.
 * 0, or -1 with err.
 */
int nx_card_llamafactory(const struct nx_card *c, struct nx_error *err);

#endif

/*
 * stage: one judgement of a run — pair, length, lang, quality, safety,
 * dedup —
 * and the facts it finds about a record (its language, score, tokens),
 * carried with the record, so that a record held and judged later
 * (dedup --keep longest) is written with its own facts.
 *
 * A stage says of each record: keep (on to the next stage), drop (with a
 * reason) or hold (the stage keeps it, and releases it when the input
 * ends, through nx_run_resume).  The run (run.h) calls the stages in the
 * order a tool built them, and writes what passes them all.
 */
#ifndef NX_STAGE_H
#define NX_STAGE_H

#include <jansson.h>

#include "dupes.h"
#include "input.h"
#include "quality.h"
#include "record.h"
#include "safety.h"
#include "tokenizer.h"

#define NX_NO_LIMIT ((unsigned long long)-1)

/* What the stages found about one record; zeroed when it is read. */
struct nx_facts {
	char lang[8]; /* "" until detected */
	int scored;   /* score, rule: the quality stage's */
	double score;
	const char *qreason; /* the lowest rule, or NULL */
	double rule[NX_QUALITY_RULES];
	double rejected_score; /* a pair's rejected reply's, when scored */
	int measured; /* tokens: the length stage's, with --max-tokens */
	struct nx_tokens tokens;
};

enum nx_verdict { NX_KEEP, NX_DROP, NX_HOLD };

/* Why a stage drops a record: the reject's reason, message and fields. */
struct nx_drop {
	const char *reason;
	char msg[160];
	json_t *extra; /* NULL: {"stage": the stage's name}; else owned */
};

struct nx_run;

struct nx_stage {
	const char *name;
	/* NX_KEEP, NX_DROP (d filled), NX_HOLD, or -1 with err. */
	int (*apply)(struct nx_stage *s, const struct nx_record *rec,
	    struct nx_facts *facts, const struct nx_where *w,
	    struct nx_drop *d, struct nx_error *err);
	/* Release every held record (NULL: the stage holds none). */
	int (*finish)(struct nx_stage *s, struct nx_run *run,
	    struct nx_error *err);
	void (*free)(struct nx_stage *s);
	size_t index; /* its place in the run */
};

enum nx_lang_field { NX_LANG_PAIR, NX_LANG_PROMPT, NX_LANG_COMPLETION };

/*
 * The stages.  Each returns NULL when memory runs out.  Limits are code
 * points, inclusive; NX_NO_LIMIT for none.
 */
struct nx_stage *nx_stage_length(unsigned long long cmin,
    unsigned long long cmax, unsigned long long pmin, unsigned long long pmax);
/* --max-tokens: "too-long" over max tokens as a chat template puts the
 * record (tok borrowed; turn: its tokens a message). */
struct nx_stage *nx_stage_tokens(
    struct nx_tokenizer *tok, unsigned turn, unsigned long long max);
/* --lang: langs ("ro", "en"; n may be 0: detect only), keep_und. */
struct nx_stage *nx_stage_lang(const char (*langs)[8], size_t n,
    int keep_und, enum nx_lang_field field);
/* --min-quality min (< 0: score only, for --explain). */
struct nx_stage *nx_stage_quality(double min);
/* --blocklist bl (borrowed, may be NULL) and --pii drop (pii_drop). */
struct nx_stage *nx_stage_safety(const struct nx_blocklist *bl, int pii_drop);
/* Pairs whose replies are this similar (Jaccard of their 5-character
 * shingles, ASCII case and punctuation set aside) teach nothing:
 * "same-replies". */
#define NX_PAIR_SIMILAR 0.8

/* Every run: a pair whose chosen and rejected replies are identical or
 * nearly so is dropped ("same-replies"); other records pass. */
struct nx_stage *nx_stage_pair(void);
/* --dedup: d (borrowed, open); holds records with --keep longest|newest. */
struct nx_stage *nx_stage_dedup(struct nx_dupes *d);

/* What a run judges: the options of jsonl-filter's stages. */
struct nx_judges {
	unsigned long long cmin, cmax, pmin, pmax; /* code points */
	unsigned long long max_tokens;		   /* NX_NO_LIMIT: none */
	unsigned turn_tokens; /* a chat template's tokens a message */
	char langs[16][8];
	size_t nlangs;
	int lang, keep_und; /* lang: detect (and keep langs, if any) */
	enum nx_lang_field lang_field;
	double min_quality; /* < 0: no quality filter */
	int explain;	    /* score every record */
	int pii_drop;
};

/*
 * Add to run the stages j asks for, in the order a record meets them:
 * pair (always), length, tokens, lang, quality, safety, dedup.  tok, bl
 * and dup (NULL: no dedup) are borrowed.  0, or -1 with err.
 */
int nx_stages_add(struct nx_run *run, const struct nx_judges *j,
    struct nx_tokenizer *tok, const struct nx_blocklist *bl,
    struct nx_dupes *dup, struct nx_error *err);

#endif

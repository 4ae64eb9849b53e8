/*
 * quality: a score in [0, 1] for a Q&A pair from named, pair-aware rules.
 * Each rule scores 1 for nothing wrong; the pair's score is the lowest, and
 * the rule that gave it is the reason.  Built for short answers: no rule
 * needs many words, and code is never penalised for its braces.
 *
 *   empty       the answer is empty or white space               0
 *   echo        the answer repeats the question                  0.1
 *   refusal     "I don't know", "As an AI…", "Nu știu", …         0.2 short,
 * 0.6 long error       a stack trace or an error message for an answer  0.1
 *   truncated   ends mid-sentence (0.5) or with an open ``` (0.3)
 *   repetition  duplicate lines over 30 %, or the top 2/3/4-gram
 *               over 20/18/16 % of the characters (Gopher's limits) 0.3
 *   symbols     letters under 35 % of the text outside code      0.3
 *   short       under 20 characters for a question 5× longer     0.4
 *   mojibake    U+FFFD, or UTF-8 read as Latin-1 ("Ã©", "È™")     0.2
 */
#ifndef NX_QUALITY_H
#define NX_QUALITY_H

#include "buf.h"
#include "record.h"

#define NX_QUALITY_RULES 9

struct nx_quality {
	double score;		       /* the lowest */
	const char *reason;	       /* its rule, or NULL at 1 */
	double rule[NX_QUALITY_RULES]; /* each rule's score */
	struct nx_buf lower;	       /* private: the answer, lowered */
};

/* The rule names, in the order of nx_quality.rule. */
extern const char *const nx_quality_names[NX_QUALITY_RULES];

/* Score rec's prompt and completion; q may be reused (zeroed first). */
void nx_quality_score(struct nx_quality *q, const struct nx_record *rec);

/* Free what q holds. */
void nx_quality_free(struct nx_quality *q);

#endif

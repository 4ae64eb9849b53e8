#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dedup.h"
#include "err.h"
#include "lang.h"
#include "run.h"
#include "spool.h"
#include "stage.h"
#include "text.h"

#define CONTAINER(p, type) ((type *)(void *)(p))

static void
free_plain(struct nx_stage *s)
{
	free(s);
}

/*
 * The replies a record's judges look at: its completion, and a pair's
 * rejected reply too.  *n is how many (1 or 2).
 */
static void
replies(const struct nx_record *rec, struct nx_str r[2], int *n)
{
	r[0] = rec->completion;
	r[1] = rec->rejected;
	*n = rec->kind == NX_KIND_PAIR ? 2 : 1;
}

/* Name the reply of a pair that failed (i: 0 chosen, 1 rejected) ahead of
 * d->msg; a record of one reply keeps its message as it is. */
static void
which_reply(struct nx_drop *d, const struct nx_record *rec, int i)
{
	char m[sizeof(d->msg)];

	if (rec->kind != NX_KIND_PAIR)
		return;
	memcpy(m, d->msg, sizeof(m));
	/* the message is short: a language, a rule and a score */
	snprintf(d->msg, sizeof(d->msg), "%s reply%s%.*s",
	    i ? "rejected" : "chosen", m[0] ? ": " : "", 120, m);
}

/* --- length --------------------------------------------------------------- */

struct length {
	struct nx_stage base;
	unsigned long long cmin, cmax, pmin, pmax;
};

static int
length_apply(struct nx_stage *s, const struct nx_record *rec,
    struct nx_facts *facts, const struct nx_where *w, struct nx_drop *d,
    struct nx_error *err)
{
	struct length *l = CONTAINER(s, struct length);
	size_t n;

	struct nx_str r[2];
	int nr;

	(void)facts, (void)w, (void)err;
	replies(rec, r, &nr);
	for (int i = 0; i < nr && (l->cmin > 0 || l->cmax != NX_NO_LIMIT);
	     i++) {
		/* a character is 1 to 4 bytes: no need to count them all */
		if (l->cmax == NX_NO_LIMIT && r[i].len / 4 >= l->cmin)
			continue;
		n = nx_text_length(r[i].s, r[i].len);
		d->reason = n < l->cmin ? "too-short"
		    : n > l->cmax	 ? "too-long"
					 : NULL;
		if (d->reason != NULL) {
			if (rec->kind == NX_KIND_PAIR)
				snprintf(d->msg, sizeof(d->msg),
				    "%zu characters", n);
			which_reply(d, rec, i);
			return NX_DROP;
		}
	}
	if (l->pmin > 0 || l->pmax != NX_NO_LIMIT) {
		n = nx_text_length(rec->prompt.s, rec->prompt.len);
		d->reason = n < l->pmin ? "prompt-too-short"
		    : n > l->pmax	 ? "prompt-too-long"
					 : NULL;
		if (d->reason != NULL)
			return NX_DROP;
	}
	return NX_KEEP;
}

struct nx_stage *
nx_stage_length(unsigned long long cmin, unsigned long long cmax,
    unsigned long long pmin, unsigned long long pmax)
{
	struct length *l = calloc(1, sizeof(*l));

	if (l == NULL)
		return NULL;
	*l = (struct length){
	    {"length", length_apply, NULL, free_plain, 0}, cmin, cmax, pmin,
	    pmax};
	return &l->base;
}

/* --- tokens (the length stage's --max-tokens) ------------------------------ */

struct tokens {
	struct nx_stage base;
	struct nx_tokenizer *tok;
	unsigned turn;
	unsigned long long max;
};

/*
 * "too-long" when the whole record, as a chat template puts it (every text
 * plus the turn tokens of each message), is over the limit; the message
 * says when the prompt alone reaches it, so that a trainer cutting at
 * max_length would keep no answer token at all.
 */
static int
tokens_apply(struct nx_stage *s, const struct nx_record *rec,
    struct nx_facts *facts, const struct nx_where *w, struct nx_drop *d,
    struct nx_error *err)
{
	struct tokens *t = CONTAINER(s, struct tokens);
	const struct nx_tokens *n = &facts->tokens;

	(void)w;
	if (nx_tokens_measure(&facts->tokens, t->tok, rec, t->turn) < 0)
		return nx_error_set(err, "out of memory");
	facts->measured = 1;
	if (n->record <= t->max)
		return NX_KEEP;
	d->reason = "too-long";
	if (n->record - n->completion - (rec->completion.s ? t->turn : 0) >=
	    t->max)
		snprintf(d->msg, sizeof(d->msg),
		    "%lu tokens, over %llu; the prompt alone reaches the limit "
		    "(%lu tokens): no answer token would be trained",
		    n->record, t->max, n->prompt);
	else
		snprintf(d->msg, sizeof(d->msg),
		    "%lu tokens, over %llu (prompt %lu, completion %lu)",
		    n->record, t->max, n->prompt, n->completion);
	return NX_DROP;
}

struct nx_stage *
nx_stage_tokens(struct nx_tokenizer *tok, unsigned turn, unsigned long long max)
{
	struct tokens *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	*t = (struct tokens){
	    {"length", tokens_apply, NULL, free_plain, 0}, tok, turn, max};
	return &t->base;
}

/* --- lang ------------------------------------------------------------------ */

struct lang {
	struct nx_stage base;
	char list[16][8];
	size_t n;
	int keep_und;
	enum nx_lang_field field;
	struct nx_buf text, scratch;
};

/* The language of t, or of the prompt with reply t (field pair), into
 * code. */
static int
lang_of(struct lang *l, char code[8], const struct nx_record *rec,
    struct nx_str t, struct nx_error *err)
{
	if (l->field == NX_LANG_PROMPT)
		t = rec->prompt;
	if (l->field == NX_LANG_PAIR) {
		/* Prompt and answer decide together: ~25 characters of
		 * prompt alone are too few to call. */
		nx_buf_reset(&l->text);
		if (nx_buf_add(&l->text, rec->prompt.s, rec->prompt.len) < 0 ||
		    nx_buf_addc(&l->text, '\n') < 0 ||
		    nx_buf_add(&l->text, t.s, t.len) < 0)
			return nx_error_set(err, "out of memory");
		t = (struct nx_str){l->text.data, l->text.len};
	}
	if (nx_lang_detect(code, t.s ? t.s : "", t.len, &l->scratch) < 0)
		return nx_error_set(err, "out of memory");
	return 0;
}

/* Whether code is one of the languages asked for. */
static int
lang_wanted(const struct lang *l, const char *code)
{
	if (strcmp(code, "und") == 0)
		return l->keep_und;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(code, l->list[i]) == 0)
			return 1;
	return 0;
}

/* A pair's rejected reply is judged too (not for --lang-field prompt,
 * which both share); the record's language is the chosen reply's. */
static int
lang_apply(struct nx_stage *s, const struct nx_record *rec,
    struct nx_facts *facts, const struct nx_where *w, struct nx_drop *d,
    struct nx_error *err)
{
	struct lang *l = CONTAINER(s, struct lang);
	struct nx_str r[2];
	char code[8];
	int nr;

	(void)w;
	replies(rec, r, &nr);
	if (l->field == NX_LANG_PROMPT)
		nr = 1;
	for (int i = 0; i < nr; i++) {
		if (lang_of(l, i ? code : facts->lang, rec, r[i], err) < 0)
			return -1;
		if (l->n == 0 || lang_wanted(l, i ? code : facts->lang))
			continue;
		d->reason = "lang";
		snprintf(d->msg, sizeof(d->msg), "language %s",
		    i ? code : facts->lang);
		which_reply(d, rec, i);
		return NX_DROP;
	}
	return NX_KEEP;
}

static void
lang_free(struct nx_stage *s)
{
	struct lang *l = CONTAINER(s, struct lang);

	nx_buf_free(&l->text);
	nx_buf_free(&l->scratch);
	free(l);
}

struct nx_stage *
nx_stage_lang(const char (*langs)[8], size_t n, int keep_und,
    enum nx_lang_field field)
{
	struct lang *l = calloc(1, sizeof(*l));

	if (l == NULL || n > 16) {
		free(l);
		return NULL;
	}
	l->base = (struct nx_stage){"lang", lang_apply, NULL, lang_free, 0};
	memcpy(l->list, langs, n * sizeof(*langs));
	l->n = n;
	l->keep_und = keep_und;
	l->field = field;
	nx_lang_init();
	return &l->base;
}

/* --- quality --------------------------------------------------------------- */

struct quality {
	struct nx_stage base;
	double min;
	struct nx_quality q;
};

static int
quality_apply(struct nx_stage *s, const struct nx_record *rec,
    struct nx_facts *facts, const struct nx_where *w, struct nx_drop *d,
    struct nx_error *err)
{
	struct quality *q = CONTAINER(s, struct quality);

	struct nx_record other;

	(void)w, (void)err;
	nx_quality_score(&q->q, rec);
	facts->scored = 1;
	facts->score = q->q.score;
	facts->qreason = q->q.reason;
	memcpy(facts->rule, q->q.rule, sizeof(facts->rule));
	if (q->q.score < q->min) {
		d->reason = "quality";
		snprintf(d->msg, sizeof(d->msg), "%s: score %.2f", q->q.reason,
		    q->q.score);
		which_reply(d, rec, 0);
		return NX_DROP;
	}
	if (rec->kind != NX_KIND_PAIR)
		return NX_KEEP;
	/* The rejected reply, as the answer to the same prompt. */
	other = *rec;
	other.completion = rec->rejected;
	other.reasoning = (struct nx_str){NULL, 0};
	nx_quality_score(&q->q, &other);
	facts->rejected_score = q->q.score;
	if (q->q.score >= q->min)
		return NX_KEEP;
	d->reason = "quality";
	snprintf(d->msg, sizeof(d->msg), "%s: score %.2f", q->q.reason,
	    q->q.score);
	which_reply(d, rec, 1);
	return NX_DROP;
}

static void
quality_free(struct nx_stage *s)
{
	struct quality *q = CONTAINER(s, struct quality);

	nx_quality_free(&q->q);
	free(q);
}

struct nx_stage *
nx_stage_quality(double min)
{
	struct quality *q = calloc(1, sizeof(*q));

	if (q == NULL)
		return NULL;
	q->base =
	    (struct nx_stage){"quality", quality_apply, NULL, quality_free, 0};
	q->min = min;
	return &q->base;
}

/* --- safety ---------------------------------------------------------------- */

struct safety {
	struct nx_stage base;
	const struct nx_blocklist *bl;
	int pii_drop;
	struct nx_buf scratch;
};

static int
safety_apply(struct nx_stage *s, const struct nx_record *rec,
    struct nx_facts *facts, const struct nx_where *w, struct nx_drop *d,
    struct nx_error *err)
{
	struct safety *sf = CONTAINER(s, struct safety);
	int kinds;
	size_t o = 0;

	/* The texts: prompt, chosen reply (or the one reply), rejected. */
	struct nx_str t[3] = {rec->prompt, rec->completion, rec->rejected};
	int nt = rec->kind == NX_KIND_PAIR ? 3 : 2, i;

	(void)facts, (void)w;
	for (i = 0; sf->bl != NULL && i < nt; i++) {
		const char *hit =
		    nx_blocklist_match(sf->bl, t[i].s, t[i].len, &sf->scratch);

		if (hit != NULL) {
			d->reason = "blocklist";
			snprintf(d->msg, sizeof(d->msg), "\"%s\"", hit);
			if (i > 0)
				which_reply(d, rec, i - 1);
			return NX_DROP;
		}
	}
	if (!sf->pii_drop)
		return NX_KEEP;
	/* the prompt and the reply (the chosen one) together, then a
	 * pair's rejected reply */
	kinds = nx_pii_scan(t[0].s, t[0].len, NULL) |
	    nx_pii_scan(t[1].s, t[1].len, NULL);
	if (kinds == 0 && nt == 3 &&
	    (kinds = nx_pii_scan(t[2].s, t[2].len, NULL)) > 0)
		i = 1;
	else
		i = -1;
	if (kinds < 0)
		return nx_error_set(err, "out of memory");
	if (kinds == 0)
		return NX_KEEP;
	for (int k = 0; k < NX_PII_KINDS; k++)
		if ((kinds & (1 << k)) && o < sizeof(d->msg))
			o += (size_t)snprintf(d->msg + o, sizeof(d->msg) - o,
			    "%s%s", o ? ", " : "", nx_pii_name((enum nx_pii)k));
	d->reason = "pii";
	if (i == 1)
		which_reply(d, rec, 1);
	return NX_DROP;
}

static void
safety_free(struct nx_stage *s)
{
	struct safety *sf = CONTAINER(s, struct safety);

	nx_buf_free(&sf->scratch);
	free(sf);
}

struct nx_stage *
nx_stage_safety(const struct nx_blocklist *bl, int pii_drop)
{
	struct safety *sf = calloc(1, sizeof(*sf));

	if (sf == NULL)
		return NULL;
	sf->base =
	    (struct nx_stage){"safety", safety_apply, NULL, safety_free, 0};
	sf->bl = bl;
	sf->pii_drop = pii_drop;
	return &sf->base;
}

/* --- pair ------------------------------------------------------------------
 */

struct pair {
	struct nx_stage base;
	struct nx_dedup *sim; /* lends its similarity table */
};

static int
pair_apply(struct nx_stage *s, const struct nx_record *rec,
    struct nx_facts *facts, const struct nx_where *w, struct nx_drop *d,
    struct nx_error *err)
{
	struct pair *p = CONTAINER(s, struct pair);
	double sim;

	(void)facts, (void)w;
	if (rec->kind != NX_KIND_PAIR)
		return NX_KEEP;
	if (nx_dedup_similarity(p->sim, &sim, NX_PAIR_SIMILAR,
		rec->completion.s ? rec->completion.s : "", rec->completion.len,
		rec->rejected.s ? rec->rejected.s : "", rec->rejected.len,
		err) < 0)
		return -1;
	if (sim < NX_PAIR_SIMILAR)
		return NX_KEEP;
	d->reason = "same-replies";
	snprintf(d->msg, sizeof(d->msg),
	    "chosen and rejected replies are %.2f similar", sim);
	return NX_DROP;
}

static void
pair_free(struct nx_stage *s)
{
	struct pair *p = CONTAINER(s, struct pair);

	nx_dedup_free(p->sim);
	free(p);
}

struct nx_stage *
nx_stage_pair(void)
{
	struct pair *p = calloc(1, sizeof(*p));
	struct nx_error err;

	if (p == NULL || nx_dedup_new(&p->sim, NX_DEDUP_EXACT, 1, &err) < 0) {
		free(p);
		return NULL;
	}
	p->base = (struct nx_stage){"pair", pair_apply, NULL, pair_free, 0};
	return &p->base;
}

/* --- dedup ----------------------------------------------------------------- */

/*
 * Keep first: each record is judged as it comes.  Keep longest or newest:
 * every record is offered and held in a spool, its facts before its line;
 * when the input ends, each is written or dropped as its group's winner
 * says.
 */
struct dedup {
	struct nx_stage base;
	struct nx_dupes *d;
	struct nx_spool *sp;
	struct nx_buf held;
};

/* A duplicate's reject: whom it duplicates, and no stage field. */
static int
duplicate(struct nx_drop *d, json_t *extra)
{
	d->reason = "duplicate";
	d->extra = extra != NULL ? extra : json_object();
	return NX_DROP;
}

static int
dedup_apply(struct nx_stage *s, const struct nx_record *rec,
    struct nx_facts *facts, const struct nx_where *w, struct nx_drop *d,
    struct nx_error *err)
{
	struct dedup *dd = CONTAINER(s, struct dedup);
	json_t *extra = NULL;
	int rc;

	if (dd->d->keep == NX_KEEP_FIRST) {
		if ((rc = nx_dupes_check(dd->d, rec, w, &extra, err)) < 0)
			return -1;
		return rc == 0 ? NX_KEEP : duplicate(d, extra);
	}
	if (dd->sp == NULL && nx_spool_open(&dd->sp, err) < 0)
		return -1;
	if (nx_dupes_offer(dd->d, rec, w, err) < 0)
		return -1;
	nx_buf_reset(&dd->held);
	if (nx_buf_add(&dd->held, (const char *)facts, sizeof(*facts)) < 0 ||
	    nx_buf_add(&dd->held, w->raw, w->rawlen) < 0)
		return nx_error_set(err, "out of memory");
	if (nx_spool_add(dd->sp, dd->held.data, dd->held.len, 0, err) < 0)
		return -1;
	return NX_HOLD;
}

static int
dedup_finish(struct nx_stage *s, struct nx_run *run, struct nx_error *err)
{
	struct dedup *dd = CONTAINER(s, struct dedup);
	struct nx_record rec;
	struct nx_where w = {"<spooled>", 0, NULL, 0};
	const char *held;
	size_t len;
	int rc = 0;

	if (dd->sp == NULL)
		return 0;
	if (nx_spool_seal(dd->sp, err) < 0)
		return -1;
	nx_record_init(&rec);
	for (size_t i = 0; rc == 0 && i < nx_spool_count(dd->sp); i++) {
		struct nx_facts facts;
		struct nx_drop d = {NULL, "", NULL};
		json_t *extra;

		if ((rc = nx_spool_get(dd->sp, i, &held, &len, err)) < 0)
			break;
		memcpy(&facts, held, sizeof(facts));
		w.raw = held + sizeof(facts);
		w.rawlen = len - sizeof(facts);
		w.line = (long)i + 1;
		if (!nx_record_scan(&rec, w.raw, w.rawlen) &&
		    (rc = nx_record_parse(&rec, w.raw, w.rawlen, err)) < 0)
			break;
		if ((rc = nx_dupes_verdict(
			 dd->d, i, &rec, &w, &extra, err)) == 0)
			rc = nx_run_resume(run, s, &rec, &facts, &w, err);
		else if (rc > 0) {
			duplicate(&d, extra);
			rc = nx_run_reject(run, s, &rec, &w, &d, err);
		}
	}
	nx_record_free(&rec);
	return rc < 0 ? -1 : 0;
}

static void
dedup_free(struct nx_stage *s)
{
	struct dedup *dd = CONTAINER(s, struct dedup);

	nx_spool_close(dd->sp);
	nx_buf_free(&dd->held);
	free(dd);
}

struct nx_stage *
nx_stage_dedup(struct nx_dupes *d)
{
	struct dedup *dd = calloc(1, sizeof(*dd));

	if (dd == NULL)
		return NULL;
	dd->base = (struct nx_stage){
	    "dedup", dedup_apply, dedup_finish, dedup_free, 0};
	dd->d = d;
	return &dd->base;
}

/* --- a run's stages ----------------------------------------------------------
 */

int
nx_stages_add(struct nx_run *run, const struct nx_judges *j,
    struct nx_tokenizer *tok, const struct nx_blocklist *bl,
    struct nx_dupes *dup, struct nx_error *err)
{
	if (nx_run_add(run, nx_stage_pair(), err) < 0)
		return -1;
	if ((j->cmin > 0 || j->cmax != NX_NO_LIMIT || j->pmin > 0 ||
		j->pmax != NX_NO_LIMIT) &&
	    nx_run_add(run, nx_stage_length(j->cmin, j->cmax, j->pmin, j->pmax),
		err) < 0)
		return -1;
	if (j->max_tokens != NX_NO_LIMIT &&
	    nx_run_add(run, nx_stage_tokens(tok, j->turn_tokens, j->max_tokens),
		err) < 0)
		return -1;
	if (j->lang &&
	    nx_run_add(run,
		nx_stage_lang(j->langs, j->nlangs, j->keep_und, j->lang_field),
		err) < 0)
		return -1;
	if ((j->min_quality >= 0 || j->explain) &&
	    nx_run_add(run, nx_stage_quality(j->min_quality), err) < 0)
		return -1;
	if ((bl != NULL || j->pii_drop) &&
	    nx_run_add(run, nx_stage_safety(bl, j->pii_drop), err) < 0)
		return -1;
	if (dup != NULL && nx_run_add(run, nx_stage_dedup(dup), err) < 0)
		return -1;
	return 0;
}

#include <stdlib.h>

#include "err.h"
#include "run.h"

int
nx_run_add(struct nx_run *r, struct nx_stage *s, struct nx_error *err)
{
	if (s == NULL)
		return nx_error_nomem(err);
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 8;
		struct nx_stage **p = realloc(r->stages, cap * sizeof(*p));

		if (p == NULL) {
			s->free(s);
			return nx_error_nomem(err);
		}
		r->stages = p;
		r->cap = cap;
	}
	s->index = r->n;
	r->stages[r->n++] = s;
	return 0;
}

int
nx_run_judges(struct nx_run *r, unsigned long long min_length,
    double min_quality, struct nx_error *err)
{
	if (min_length > 0 &&
	    nx_run_add(r, nx_stage_length(min_length, NX_NO_LIMIT, 0, NX_NO_LIMIT),
		err) < 0)
		return -1;
	if (min_quality >= 0 &&
	    nx_run_add(r, nx_stage_quality(min_quality), err) < 0)
		return -1;
	return 0;
}

int
nx_run_reject(struct nx_run *r, const struct nx_stage *s,
    const struct nx_record *rec, const struct nx_where *w, struct nx_drop *d,
    struct nx_error *err)
{
	json_t *extra =
	    d->extra != NULL ? d->extra : json_pack("{s:s}", "stage", s->name);
	struct nx_reject rj = {
	    d->reason, w->file, w->line, d->msg[0] ? d->msg : NULL, extra};
	int rc = nx_rejects_add(r->rejects, &rj, rec, w->raw, w->rawlen, 0, err);

	json_decref(extra);
	d->extra = NULL;
	return rc;
}

/* rec through the stages from number i on, then written. */
static int
pass(struct nx_run *r, size_t i, const struct nx_record *rec,
    struct nx_facts *facts, const struct nx_where *w, struct nx_error *err)
{
	for (; i < r->n; i++) {
		struct nx_drop d = {NULL, "", NULL};
		int v = r->stages[i]->apply(r->stages[i], rec, facts, w, &d, err);

		if (v < 0)
			return -1;
		if (v == NX_HOLD)
			return 0;
		if (v == NX_DROP)
			return nx_run_reject(r, r->stages[i], rec, w, &d, err);
	}
	return r->write(r->ctx, rec, facts, w, err);
}

int
nx_run_judge(struct nx_run *r, const struct nx_record *rec,
    const struct nx_where *w, struct nx_drop *d, struct nx_error *err)
{
	struct nx_facts facts = {0};

	for (size_t i = 0; i < r->n; i++) {
		int v = r->stages[i]->apply(r->stages[i], rec, &facts, w, d, err);

		if (v != NX_KEEP)
			return v == NX_HOLD ? nx_error_set(err, "%s holds records",
						  r->stages[i]->name)
					    : v;
	}
	return NX_KEEP;
}

int
nx_run_resume(struct nx_run *r, const struct nx_stage *s,
    const struct nx_record *rec, struct nx_facts *facts,
    const struct nx_where *w, struct nx_error *err)
{
	return pass(r, s->index + 1, rec, facts, w, err);
}

int
nx_run_finish(struct nx_run *r, struct nx_error *err)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->stages[i]->finish != NULL &&
		    r->stages[i]->finish(r->stages[i], r, err) < 0)
			return -1;
	return 0;
}

int
nx_run_input(struct nx_run *r, struct nx_input *in, struct nx_error *err)
{
	struct nx_record rec;
	struct nx_where w;
	int rc;

	nx_record_init(&rec);
	while ((rc = nx_rejects_next(
		    r->rejects, in, &rec, &w, &r->status, err)) > 0) {
		struct nx_facts facts = {0};

		if ((rc = pass(r, 0, &rec, &facts, &w, err)) < 0)
			break;
	}
	nx_record_free(&rec);
	if (rc == 0 && nx_run_finish(r, err) < 0)
		rc = -1;
	return rc < 0 ? -1 : r->status;
}

void
nx_run_free(struct nx_run *r)
{
	for (size_t i = 0; i < r->n; i++)
		r->stages[i]->free(r->stages[i]);
	free(r->stages);
	r->stages = NULL;
	r->n = r->cap = 0;
}

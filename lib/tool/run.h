/*
 * run: the one loop of the filters — every record read, passed through the
 * stages, written or rejected with its reason — so that read = written +
 * rejected holds by construction.
 */
#ifndef NX_RUN_H
#define NX_RUN_H

#include "reject.h"
#include "stage.h"

struct nx_run {
	struct nx_stage **stages; /* owned: nx_run_free frees them */
	size_t n, cap;
	struct nx_rejects *rejects; /* borrowed */
	/* Write a record that passed every stage; 0, or -1 with err.  It
	 * may reject the record itself (it cannot be written so). */
	int (*write)(void *ctx, const struct nx_record *rec,
	    const struct nx_facts *facts, const struct nx_where *w,
	    struct nx_error *err);
	void *ctx;
	int status; /* so far: 1 once an input was bad */
};

/* Add stage s (NULL: out of memory, err says so) at the end; 0, or -1. */
int nx_run_add(struct nx_run *r, struct nx_stage *s, struct nx_error *err);

/*
 * The source tools' judges, jsonl-filter's stages: answers under
 * min_length characters dropped (0: none), then pairs scoring under
 * min_quality (< 0: none).  0, or -1 with err (no memory).
 */
int nx_run_judges(struct nx_run *r, unsigned long long min_length,
    double min_quality, struct nx_error *err);

/*
 * Every record of in through the stages, then each stage's held records.
 * Returns the exit status: 0, or 1 when an input was bad; -1 when the run
 * must stop (err).
 */
int nx_run_input(struct nx_run *r, struct nx_input *in, struct nx_error *err);

/*
 * rec through the stages alone, for the tools that make their records
 * (cache2jsonl, conv2jsonl use the length and quality stages): NX_KEEP, or
 * NX_DROP with d filled, or -1.  No stage of such a run may hold.
 */
int nx_run_judge(struct nx_run *r, const struct nx_record *rec,
    const struct nx_where *w, struct nx_drop *d, struct nx_error *err);

/* A held record, released by stage s: on through the stages after s. */
int nx_run_resume(struct nx_run *r, const struct nx_stage *s,
    const struct nx_record *rec, struct nx_facts *facts,
    const struct nx_where *w, struct nx_error *err);

/* Reject rec as stage s says in d (d->extra is released). */
int nx_run_reject(struct nx_run *r, const struct nx_stage *s,
    const struct nx_record *rec, const struct nx_where *w, struct nx_drop *d,
    struct nx_error *err);

/* Every stage's finish, in order (after the last record); 0 or -1. */
int nx_run_finish(struct nx_run *r, struct nx_error *err);

void nx_run_free(struct nx_run *r);

#endif

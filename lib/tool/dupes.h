/*
 * dupes: the duplicate filter of a tool (tool side) — a dedup index of
 * normalised keys, who each kept record is (its id, else FILE:LINE: the
 * labels, kept in a temporary file so that the index holds offsets only),
 * --clusters, --against, --seen, and which record of a group to keep.
 *
 * keep first   streams: a record is kept unless it duplicates an earlier
 *              one (nx_dupes_check).
 * keep longest, newest
 *              two passes: nx_dupes_offer sees every record (numbered 0, 1,
 *              …) and picks each group's winner — the longest completion,
 *              or the latest metadata timestamp (timestamp, cached_at or
 *              created_at, compared as text: ISO 8601 sorts so) — then
 *              nx_dupes_verdict says what became of each.
 */
#ifndef NX_DUPES_H
#define NX_DUPES_H

#include <jansson.h>
#include <stdio.h>

#include "buf.h"
#include "dedup.h"
#include "err.h"
#include "input.h"
#include "output.h"
#include "record.h"

enum nx_dupes_key { NX_DUPES_PROMPT, NX_DUPES_COMPLETION, NX_DUPES_PAIR };
enum nx_dupes_keep { NX_KEEP_FIRST, NX_KEEP_LONGEST, NX_KEEP_NEWEST };

struct nx_dupes_group; /* private */

/* A record's key, normalised, and a short key's words (private). */
struct nx_dupes_keys {
	struct nx_buf norm, words, canon, scratch;
};

struct nx_dupes {
	struct nx_dedup *index;
	enum nx_dupes_key key;
	enum nx_dupes_keep keep;
	int labelled; /* dup_of is wanted */
	/* private */
	int against;
	FILE *labels;
	uint64_t end, flushed;
	struct nx_output *clusters;
	struct nx_buf label;
	struct nx_dupes_keys k;
	uint64_t *link; /* per offered record: its group, or a label */
	float *sim;	/* per offered record */
	uint64_t *off;	/* per offered record: its label */
	size_t noffered, offcap;
	struct nx_dupes_group *groups;
	size_t ngroups, groupcap;
	/* --clusters: each record of the run a node, joined to every record
	 * it matches; a cluster is a connected component */
	struct nx_dedup *twins[2]; /* by prompt, by pair; NULL: not needed */
	uint64_t *node_label;	   /* per node: its label */
	uint64_t *node_outer;	   /* per node: a --seen/--against label it
				      matched, or UINT64_MAX */
	uint32_t *node_up;	   /* union-find parent */
	size_t nnodes, nodecap;
};

/*
 * Start a filter.  labelled: record who kept records are (needed for
 * dup_of, --clusters and --seen).  clusters: a file for {id, cluster}
 * lines, or NULL.  A cluster is a connected component of the records
 * joined by every match found: a duplicate to the record it duplicates,
 * and any two records whose prompts, or prompts and completions together,
 * are near twins (similarity at least the threshold, and at most 0.8 —
 * the bar of jsonl-split --check-leakage).  0, or -1 with err filled.
 */
int nx_dupes_open(struct nx_dupes *d, enum nx_dedup_mode mode, double threshold,
    enum nx_dupes_key key, enum nx_dupes_keep keep, int labelled,
    const char *clusters, struct nx_error *err);

/* --seen: load what earlier runs kept (a missing or empty file is an empty
 * start). */
int nx_dupes_load_seen(
    struct nx_dupes *d, const char *path, struct nx_error *err);

/* --against: put path's records in the index, never to be written. */
int nx_dupes_against(
    struct nx_dupes *d, char *path, size_t max_line, struct nx_error *err);

/*
 * keep first: 1 when rec duplicates a record kept before (*extra gets
 * {dup_of, similarity}, a new reference), else 0 and rec is kept.  rec
 * joins the clusters (written by nx_dupes_finish).  -1 with err on failure.
 */
int nx_dupes_check(struct nx_dupes *d, const struct nx_record *rec,
    const struct nx_where *w, json_t **extra, struct nx_error *err);

/* keep longest, newest, first pass: record number n, in order from 0. */
int nx_dupes_offer(struct nx_dupes *d, const struct nx_record *rec,
    const struct nx_where *w, struct nx_error *err);

/* Second pass: as nx_dupes_check, for record number n. */
int nx_dupes_verdict(struct nx_dupes *d, size_t n, const struct nx_record *rec,
    const struct nx_where *w, json_t **extra, struct nx_error *err);

/*
 * Write the index to seen (--seen; NULL: none) and the clusters file's
 * lines, and hand that file (NULL if none) to *clusters, neither committed: the
 * caller commits them with the run's other outputs, the index last.  0, or -1
 * with err.
 */
int nx_dupes_finish(struct nx_dupes *d, struct nx_output *seen,
    struct nx_output **clusters, struct nx_error *err);

/* Free everything (a clusters file not finished is thrown away). */
void nx_dupes_close(struct nx_dupes *d);

/*
 * Near twins across files, for jsonl-split --check-leakage: records of
 * side 0 (train) and of the other sides, each looked up in the other's
 * indexes by prompt and by prompt and completion together, with the keys
 * and the similarity of near dedup (short keys by their words).
 */
struct nx_twins;

int nx_twins_new(struct nx_twins **out, double threshold, struct nx_error *err);

/*
 * Add rec of side (0 train, else another) as payload, after calling found
 * with every record of the other kind it is a near twin of (by 0 prompt,
 * 1 pair), but those skip (if not NULL) says need not be looked at.  0, or
 * -1 with err (found's -1 too).
 */
int nx_twins_add(struct nx_twins *t, const struct nx_record *rec, int side,
    uint64_t payload, int (*skip)(void *ctx, uint64_t self, uint64_t other),
    int (*found)(void *ctx, uint64_t self, uint64_t other, int by, double sim),
    void *ctx, struct nx_error *err);

void nx_twins_free(struct nx_twins *t);

#endif
